//! Layered (Sugiyama) layout: turns a [`Flowchart`] into a [`Layout`], plain
//! data that the renderers draw and that serializes to the `-e json` format.

mod json;

use crate::config::DiagramConfig;
use crate::error::Error;
use crate::flowchart::{ArrowType, ClickAction, Curve, Direction, Flowchart, LabelKind, StyleDecl, Stroke};
use crate::geom::{Path, PathCommand, Point, Rect};
use crate::options::Options;
use crate::shape::Shape;
use crate::text::{self, TextBlock, TextStyle};

/// A node placed on the canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeLayout {
    /// The mermaid node id.
    pub id: String,
    /// The node's bounding box (centre and size).
    pub rect: Rect,
    /// Its shape.
    pub shape: Shape,
    /// The label, broken into measured lines.
    pub label: TextBlock,
    /// How the label was written.
    pub label_kind: LabelKind,
    /// CSS classes, in order.
    pub classes: Vec<String>,
    /// The effective style (classDef default / classes / style, in cascade
    /// order; later wins).
    pub style: Vec<StyleDecl>,
    /// The click action, if any.
    pub click: Option<ClickAction>,
    /// The tooltip, if any.
    pub tooltip: Option<String>,
    /// Innermost cluster id holding the node.
    pub parent: Option<String>,
}

/// An edge routed on the canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeLayout {
    /// Edge id (user's or `L_<from>_<to>_<n>`).
    pub id: String,
    /// Tail node or cluster id.
    pub from: String,
    /// Head node or cluster id.
    pub to: String,
    /// Arrow heads.
    pub arrow: ArrowType,
    /// Line style.
    pub stroke: Stroke,
    /// Mermaid link length.
    pub length: u32,
    /// The drawn curve, from the tail outline to the head outline (arrow tip).
    pub path: Path,
    /// The curve kind `path` was built with.
    pub curve: Curve,
    /// The label, if any.
    pub label: Option<TextBlock>,
    /// The label's box, if there is a label.
    pub label_box: Option<Rect>,
    /// The effective style (linkStyle default, then linkStyle N).
    pub style: Vec<StyleDecl>,
    /// CSS classes from edge metadata.
    pub classes: Vec<String>,
    /// `animate` / `animation` from edge metadata.
    pub animation: Option<String>,
}

/// A cluster (subgraph) placed on the canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterLayout {
    /// Subgraph id.
    pub id: String,
    /// Title, measured.
    pub title: TextBlock,
    /// Title as written (for the JSON).
    pub title_text: String,
    /// The cluster box, title band inside.
    pub rect: Rect,
    /// Enclosing cluster id.
    pub parent: Option<String>,
    /// Ids of the nodes directly inside.
    pub nodes: Vec<String>,
    /// The cluster's own direction, if set.
    pub direction: Option<Direction>,
    /// CSS classes.
    pub classes: Vec<String>,
    /// Style declarations.
    pub style: Vec<StyleDecl>,
}

/// The finished layout: the contract between layout and rendering.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Diagram direction.
    pub direction: Direction,
    /// Canvas width (SVG viewBox width).
    pub width: f64,
    /// Canvas height.
    pub height: f64,
    /// Nodes in first-mention order.
    pub nodes: Vec<NodeLayout>,
    /// Edges in source order.
    pub edges: Vec<EdgeLayout>,
    /// Clusters, parents before children.
    pub clusters: Vec<ClusterLayout>,
    /// The diagram title (front-matter) and its box, if any.
    pub title: Option<(TextBlock, Rect)>,
    /// `accTitle`.
    pub acc_title: Option<String>,
    /// `accDescr`.
    pub acc_descr: Option<String>,
    /// The effective configuration (site config overlaid by the diagram's).
    pub config: DiagramConfig,
    /// `classDef` names and their styles, for the SVG style sheet.
    pub class_defs: Vec<(String, Vec<StyleDecl>)>,
    /// Layout time in milliseconds (informational; not part of SVG output).
    pub time_ms: f64,
}

impl Layout {
    /// The layout as the JSON of `tools/layout/SCHEMA.md`.
    pub fn to_json(&self) -> String {
        json::to_json(self)
    }
}

/// Lays out a parsed flowchart.
///
/// PROVISIONAL: a simple rank-by-longest-path grid placement until the
/// Sugiyama pipeline lands (layout engine issue). It already keeps nodes
/// apart and ends edges on node boxes.
pub fn layout(chart: &Flowchart, options: &Options) -> Result<Layout, Error> {
    let mut config = options.config.clone();
    config.merge(&chart.config);
    let font_size = config.font_size.unwrap_or(16.0);
    let style = TextStyle { font_size, ..TextStyle::default() };
    let pad = config.flowchart.padding.unwrap_or(15.0);
    let node_sep = config.flowchart.node_spacing.unwrap_or(50.0);
    let rank_sep = config.flowchart.rank_spacing.unwrap_or(50.0);
    let margin = config.flowchart.diagram_padding.unwrap_or(8.0);

    let index: std::collections::HashMap<&str, usize> =
        chart.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    // Longest-path ranks over forward edges (source order decides back edges).
    let mut rank = vec![0usize; chart.nodes.len()];
    for _ in 0..chart.nodes.len().min(64) {
        let mut changed = false;
        for e in &chart.edges {
            if let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) {
                if a < b && rank[b] < rank[a] + e.length as usize {
                    rank[b] = rank[a] + e.length as usize;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut nodes = Vec::with_capacity(chart.nodes.len());
    let mut rank_x: std::collections::BTreeMap<usize, f64> = Default::default();
    let mut rank_h: std::collections::BTreeMap<usize, f64> = Default::default();
    let mut sizes = Vec::new();
    for (i, n) in chart.nodes.iter().enumerate() {
        let label = text::layout_label(&n.label, &style, None);
        let w = label.width + 2.0 * pad;
        let h = label.height.max(style.font_size * style.line_height) + 2.0 * pad;
        let h_entry = rank_h.entry(rank[i]).or_insert(0.0);
        *h_entry = h_entry.max(h);
        sizes.push((w, h, label));
    }
    let mut rank_y = std::collections::BTreeMap::new();
    let mut y = margin;
    for (r, h) in &rank_h {
        rank_y.insert(*r, y + h / 2.0);
        y += h + rank_sep;
    }
    for (i, n) in chart.nodes.iter().enumerate() {
        let (w, h, label) = sizes[i].clone();
        let x0 = rank_x.entry(rank[i]).or_insert(margin);
        let rect = Rect::new(*x0 + w / 2.0, rank_y[&rank[i]], w, h);
        *x0 += w + node_sep;
        nodes.push(NodeLayout {
            id: n.id.clone(),
            rect,
            shape: n.shape,
            label,
            label_kind: n.label.kind,
            classes: n.classes.clone(),
            style: chart.node_style(n),
            click: n.click.clone(),
            tooltip: n.tooltip.clone(),
            parent: n.parent.map(|p| chart.subgraphs[p].id.clone()),
        });
    }
    let width = (rank_x.values().fold(0.0f64, |a, &b| a.max(b)) - node_sep + margin).max(2.0 * margin);
    let height = (y - rank_sep + margin).max(2.0 * margin);
    let mut edges = Vec::new();
    for e in &chart.edges {
        let a = index.get(e.from.as_str()).map(|&i| nodes[i].rect);
        let b = index.get(e.to.as_str()).map(|&i| nodes[i].rect);
        let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
        let start = Point::new(a.x, a.bottom());
        let end = Point::new(b.x, b.top());
        let label = e.label.as_ref().map(|l| text::layout_label(l, &style, None));
        let label_box = label.as_ref().map(|t| {
            let m = start.lerp(end, 0.5);
            Rect::new(m.x, m.y, t.width, t.height)
        });
        let mut st = chart.default_link_styles.clone();
        st.extend(e.styles.iter().cloned());
        edges.push(EdgeLayout {
            id: e.id.clone(),
            from: e.from.clone(),
            to: e.to.clone(),
            arrow: e.arrow,
            stroke: e.stroke,
            length: e.length,
            path: Path { commands: vec![PathCommand::MoveTo(start), PathCommand::LineTo(end)] },
            curve: e.curve.or(chart.default_link_curve).unwrap_or(Curve::Linear),
            label,
            label_box,
            style: st,
            classes: e.classes.clone(),
            animation: e.animation.clone().or(if e.animate { Some("fast".into()) } else { None }),
        });
    }
    let clusters = chart
        .subgraphs
        .iter()
        .map(|s| ClusterLayout {
            id: s.id.clone(),
            title: text::layout_label(&s.title, &style, None),
            title_text: s.title.text.clone(),
            rect: Rect::new(width / 2.0, height / 2.0, width, height),
            parent: s.parent.map(|p| chart.subgraphs[p].id.clone()),
            nodes: s.nodes.clone(),
            direction: s.direction,
            classes: s.classes.clone(),
            style: s.styles.clone(),
        })
        .collect();
    Ok(Layout {
        direction: chart.direction,
        width: width.max(2.0 * margin),
        height: height.max(2.0 * margin),
        nodes,
        edges,
        clusters,
        title: None,
        acc_title: chart.acc_title.clone(),
        acc_descr: chart.acc_descr.clone(),
        config,
        class_defs: chart.class_defs.iter().map(|c| (c.name.clone(), c.styles.clone())).collect(),
        time_ms: 0.0,
    })
}
