//! The layout as a flat list of named steps over one state, as dagre's
//! `runLayout` reads. Each step fills in part of [`LayoutState`]; the
//! steps run in the order of [`Step::ALL`], each timed, and
//! [`run_until`] stops after any of them for tests (dot's `phase`).
//!
//! | step | reads | writes |
//! |---|---|---|
//! | measure | chart, params | label blocks, node sizes, titles, edge labels |
//! | rank graph | sizes, titles | rank nodes and constraints, edge ends |
//! | rank | rank graph | ranks (network simplex) |
//! | normalise | ranks | layered graph, chains, self-loop room |
//! | order | layered graph | layer orders |
//! | position | orders | x (and title centring), y |
//! | clusters | positions | cluster boxes and title boxes |
//! | route | everything above | edge paths and label boxes |
//! | fit canvas | boxes and paths | everything moved to start at the margin |
//! | emit | all | the [`Layout`] |
//!
//! Everything before `emit` works in TB space (see `frame`); node,
//! cluster and title boxes become final-space boxes in `clusters`.

use super::frame::Frame;
use super::graph::{Chain, Clusters, Kind, LGraph, Side};
use super::normalise::MappedEdge;
use super::params::{LayoutParams, OrderParams, RouterKind, LABEL_PAD, RANK_WORK};
use super::position::Spacing;
use super::rank_graph::{self, RankGraph};
use super::route::{self, EdgeClass, EdgeToRoute, Ports, RouteContext, RoutedEdge};
use super::{chords, cluster, cluster_order, nested, normalise, order, position, rank};
use super::{ClusterLayout, EdgeLayout, Layout, NodeIcon, NodeLayout};
use crate::config::DiagramConfig;
use crate::{Error, Limits};
use crate::flowchart::{Direction, Flowchart};
use crate::geom::{Point, Rect, EDGE_SAMPLE_STEP};
use crate::shape::geometry::node_size_in;
use crate::shape::icon::{icon_node_size, icon_parts, IconSpec};
use crate::shape::Shape;
use crate::text::{self, TextBlock};
use std::collections::HashMap;
use crate::clock::Instant;
use std::time::Duration;

/// The steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// Text and node sizes.
    Measure,
    /// The graph network simplex ranks: nodes, cluster top and bottom
    /// nodes, edge and nesting constraints.
    RankGraph,
    /// Ranks by network simplex (Gansner et al. 1993, §2).
    Rank,
    /// Long edges become chains of dummies; labels and cluster borders
    /// become nodes.
    Normalise,
    /// Crossing minimisation (§3).
    Order,
    /// x and y coordinates (§4).
    Position,
    /// Cluster boxes and title boxes.
    Clusters,
    /// Edge paths.
    Route,
    /// Shift to the margin; canvas size.
    FitCanvas,
    /// The finished [`Layout`].
    Emit,
}

impl Step {
    /// Every step, in the order they run.
    pub const ALL: [Step; 10] = [
        Step::Measure,
        Step::RankGraph,
        Step::Rank,
        Step::Normalise,
        Step::Order,
        Step::Position,
        Step::Clusters,
        Step::Route,
        Step::FitCanvas,
        Step::Emit,
    ];

    /// The step's name, as timings print it.
    pub fn name(self) -> &'static str {
        match self {
            Step::Measure => "measure",
            Step::RankGraph => "rank graph",
            Step::Rank => "rank",
            Step::Normalise => "normalise",
            Step::Order => "order",
            Step::Position => "position",
            Step::Clusters => "clusters",
            Step::Route => "route",
            Step::FitCanvas => "fit canvas",
            Step::Emit => "emit",
        }
    }

    fn run(self, s: &mut LayoutState) {
        match self {
            Step::Measure => measure(s),
            Step::RankGraph => build_rank_graph(s),
            Step::Rank => rank_nodes(s),
            Step::Normalise => normalise_graph(s),
            Step::Order => order_layers(s),
            Step::Position => position_nodes(s),
            Step::Clusters => place_clusters(s),
            Step::Route => route_edges(s),
            Step::FitCanvas => fit_canvas(s),
            Step::Emit => emit(s),
        }
    }
}

/// Time spent per step, summed over nested layouts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StepTimings {
    spent: [Duration; 10],
}

impl StepTimings {
    fn add(&mut self, step: Step, d: Duration) {
        self.spent[step as usize] += d;
    }

    /// Each step with the time it took, in running order.
    pub fn iter(&self) -> impl Iterator<Item = (Step, Duration)> + '_ {
        Step::ALL.iter().map(move |&s| (s, self.spent[s as usize]))
    }
}

/// Everything the steps compute, filled in as they run.
pub(crate) struct LayoutState<'a> {
    pub chart: &'a Flowchart,
    pub config: DiagramConfig,
    pub params: LayoutParams,
    pub frame: Frame,
    /// Final-space sizes that replace a node's measured size (stand-ins of
    /// clusters laid out on their own).
    size_overrides: &'a HashMap<&'a str, (f64, f64)>,
    // measure
    pub labels: Vec<TextBlock>,
    pub sizes: Vec<(f64, f64)>,
    /// Per node: what an icon node needs (`@{ icon: … }`), else `None`.
    pub icons: Vec<Option<IconSpec>>,
    pub titles: Vec<TextBlock>,
    /// The front-matter `title:`, measured at the diagram title's size.
    pub diagram_title: Option<TextBlock>,
    pub edge_labels: Vec<Option<TextBlock>>,
    // rank graph, rank
    pub rank_graph: Option<RankGraph>,
    pub ranks: Vec<i32>,
    // normalise, order, position
    pub g: LGraph,
    pub chains: Vec<Chain>,
    pub spacing: Option<Spacing>,
    // clusters (final space unless noted)
    pub cluster_boxes_tb: Vec<Rect>,
    pub node_rects: Vec<Rect>,
    pub cluster_boxes: Vec<Rect>,
    pub title_boxes: Vec<Option<Rect>>,
    // route, fit canvas
    pub routes: Vec<RoutedEdge>,
    pub canvas: (f64, f64),
    /// Where the diagram title is drawn (final space), centred above the rest.
    pub diagram_title_box: Option<Rect>,
    // emit
    pub layout: Option<Layout>,
    /// `Limits::max_layered_nodes`, and the error of a step that refused
    /// to go on (normalise, over that limit: see `budget`).
    max_layered_nodes: usize,
    refused: Option<Error>,
}

impl<'a> LayoutState<'a> {
    fn new(chart: &'a Flowchart, config: DiagramConfig, size_overrides: &'a HashMap<&'a str, (f64, f64)>) -> Self {
        let params = LayoutParams::resolve(&config);
        LayoutState {
            chart,
            config,
            params,
            frame: Frame(chart.direction),
            size_overrides,
            labels: Vec::new(),
            sizes: Vec::new(),
            icons: Vec::new(),
            titles: Vec::new(),
            diagram_title: None,
            edge_labels: Vec::new(),
            rank_graph: None,
            ranks: Vec::new(),
            g: LGraph::default(),
            chains: Vec::new(),
            spacing: None,
            cluster_boxes_tb: Vec::new(),
            node_rects: Vec::new(),
            cluster_boxes: Vec::new(),
            title_boxes: Vec::new(),
            routes: Vec::new(),
            canvas: (0.0, 0.0),
            diagram_title_box: None,
            layout: None,
            max_layered_nodes: usize::MAX,
            refused: None,
        }
    }
}

/// Lays out `chart` (clusters with their own direction first, on their
/// own; see `nested`).
pub(super) fn run(chart: &Flowchart, config: DiagramConfig, limits: &Limits, timings: &mut StepTimings) -> Result<Layout, Error> {
    nested::run_nested(chart, config, limits, 0, timings)
}

/// Runs every step on one chart (no nested directions).
pub(super) fn run_core(
    chart: &Flowchart,
    config: DiagramConfig,
    limits: &Limits,
    size_overrides: &HashMap<&str, (f64, f64)>,
    timings: &mut StepTimings,
) -> Result<Layout, Error> {
    let mut state = LayoutState::new(chart, config, size_overrides);
    state.max_layered_nodes = limits.max_layered_nodes;
    for step in Step::ALL {
        let start = Instant::now();
        step.run(&mut state);
        timings.add(step, start.elapsed());
        if let Some(e) = state.refused.take() {
            return Err(e);
        }
    }
    Ok(state.layout.take().expect("the emit step always produces a layout"))
}

/// Runs the steps up to and including `last`, and returns the state (for
/// tests of one step on a real chart).
#[cfg(test)]
pub(crate) fn run_until<'a>(chart: &'a Flowchart, config: DiagramConfig, overrides: &'a HashMap<&'a str, (f64, f64)>, last: Step) -> LayoutState<'a> {
    let mut state = LayoutState::new(chart, config, overrides);
    for step in Step::ALL.into_iter().take_while(|&s| s <= last) {
        step.run(&mut state);
    }
    state
}

fn measure(s: &mut LayoutState) {
    let p = &s.params;
    let wrap = Some(p.wrap_width);
    s.labels = s.chart.nodes.iter().map(|nd| text::layout_label(&nd.label, &p.text, Some(p.node_wrap_width))).collect();
    s.icons = s.chart.nodes.iter().map(icon_spec).collect();
    s.sizes = s
        .chart
        .nodes
        .iter()
        .zip(&s.labels)
        .zip(&s.icons)
        .map(|((nd, l), icon)| {
            s.size_overrides.get(nd.id.as_str()).copied().unwrap_or_else(|| match icon {
                Some(spec) => icon_node_size(spec, l, p.node_padding),
                None => node_size_in(p.look, nd.shape, &at_least(l, nd.shape, p.min_label_width), p.node_padding),
            })
        })
        .collect();
    s.titles = s.chart.subgraphs.iter().map(|sg| text::layout_label(&sg.title, &p.text, wrap)).collect();
    s.diagram_title = diagram_title(s.chart, &p.text);
    s.edge_labels = s
        .chart
        .edges
        .iter()
        .map(|e| e.label.as_ref().filter(|l| !l.text.is_empty()).map(|l| text::layout_label(l, &p.text, wrap)))
        .collect();
}

/// `label` widened to `min_width` for sizing its node (mermaid 12's
/// `withMinWidth` in `labelHelper`): labels with text only, and not in
/// circles, whose handlers pass `ignoreMinWidth`.
fn at_least(label: &TextBlock, shape: Shape, min_width: f64) -> std::borrow::Cow<'_, TextBlock> {
    let exempt = matches!(shape, Shape::Circle | Shape::DoubleCircle) || label.lines.is_empty() || label.width >= min_width;
    if exempt {
        return std::borrow::Cow::Borrowed(label);
    }
    std::borrow::Cow::Owned(TextBlock { width: min_width, ..label.clone() })
}

/// mermaid draws the front-matter title as one line of plain text at
/// `.flowchartTitleText`'s 18px, never wrapped.
const DIAGRAM_TITLE_FONT_SIZE: f64 = 18.0;

fn diagram_title(chart: &Flowchart, label_style: &text::TextStyle) -> Option<TextBlock> {
    let title = chart.title.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
    let style = text::TextStyle { font_size: DIAGRAM_TITLE_FONT_SIZE, bold: false, italic: false, ..*label_style };
    let label = crate::flowchart::Label { text: title.to_string(), kind: crate::flowchart::LabelKind::String };
    Some(text::layout_label(&label, &style, None))
}

/// An icon node: `icon:` given and no `img:` (an image wins, as in
/// mermaid's `getTypeFromVertex`), whatever its `shape:`.
fn icon_spec(nd: &crate::flowchart::Node) -> Option<IconSpec> {
    let name = nd.icon.as_deref().filter(|_| nd.img.is_none())?;
    Some(IconSpec::new(name, nd.asset_size.0, nd.asset_size.1, nd.form.as_deref(), nd.label_pos.as_deref()))
}

fn build_rank_graph(s: &mut LayoutState) {
    s.rank_graph = Some(rank_graph::build(s.chart, &s.sizes, &s.titles, s.frame, &s.params.title_room));
}

fn rank_nodes(s: &mut LayoutState) {
    let rg = s.rank_graph.as_ref().expect("rank graph step ran");
    let nr = rg.nodes.len();
    let balance: Vec<bool> = (0..nr).map(|v| v < rg.real_nodes).collect();
    let budget = (RANK_WORK / (nr + rg.edges.len() + 1)).clamp(50, 20_000);
    s.ranks = rank::network_simplex(nr, &rg.edges, &balance, budget);
}

fn normalise_graph(s: &mut LayoutState) {
    let rg = s.rank_graph.as_ref().expect("rank graph step ran");
    let frame = s.frame;
    let mapped: Vec<MappedEdge> = rg
        .ends
        .iter()
        .zip(&s.edge_labels)
        .map(|(ends, label)| match ends {
            Some(ee) => MappedEdge {
                tail: ee.tail.node,
                head: ee.head.node,
                label: label.as_ref().map(|l| {
                    let (w, h) = route::label_size(l);
                    frame.size(w, h)
                }),
                valid: true,
            },
            None => MappedEdge { tail: 0, head: 0, label: None, valid: false },
        })
        .collect();
    let k = s.chart.subgraphs.len();
    let clusters = Clusters {
        parent: rank_graph::cluster_tree(s.chart),
        top: (0..k).map(|c| rg.top_of(c)).collect(),
        bottom: (0..k).map(|c| rg.bottom_of(c)).collect(),
    };
    if let Err(e) = super::budget::check(&s.ranks, &mapped, &clusters, s.max_layered_nodes) {
        s.refused = Some(e);
        return;
    }
    let (g, chains) = normalise::normalise(&rg.nodes, &s.ranks, &mapped, clusters);
    s.g = g;
    s.chains = chains;
    make_self_loop_room(s);
}

/// Self loops need room on the node's right (TB space); a loop on a
/// cluster goes round the cluster's right side.
fn make_self_loop_room(s: &mut LayoutState) {
    for (i, ch) in s.chains.iter().enumerate() {
        let Chain::Loop { node, index } = ch else { continue };
        let label = s.edge_labels[i].as_ref().map_or(0.0, |l| s.frame.size(l.width, l.height).0 + 2.0 * LABEL_PAD + 4.0);
        let need = route::self_loop_reach(*index) + label + 2.0;
        match s.g.nodes[*node].kind {
            Kind::Top(c) | Kind::Bottom(c) => {
                for v in s.g.nodes.iter_mut() {
                    if v.kind == Kind::Border(c, Side::Right) {
                        v.right_extra = v.right_extra.max(need);
                    }
                }
            }
            _ => {
                let v = &mut s.g.nodes[*node];
                v.right_extra = v.right_extra.max(need);
            }
        }
    }
}

fn order_layers(s: &mut LayoutState) {
    let params = OrderParams::for_size(s.g.nodes.len());
    order::order(&mut s.g, &params);
    cluster_order::swap_sibling_clusters(&mut s.g);
    for l in 0..s.g.layers.len() {
        for &v in &s.g.layers[l] {
            s.g.nodes[v].rank = l;
        }
    }
}

/// Rounds of chord swaps, each followed by a new x (`chords::swap_by_chords`).
/// On graphs from `gen.py` (120 to 400 nodes, 7 files; not the corpus),
/// 1, 2 and 4 rounds gave bends 3292, 3245, 3238 (3578 without), turning
/// 305, 300, 300 (342). Each round is another x solve: on rand_0200 one
/// round costs 28% more instructions for the whole SVG, two cost 55%, so
/// one round it is.
const CHORD_SWAP_ROUNDS: usize = 1;

/// Largest layered graph (real, dummy, label, border nodes) that gets the
/// chord swaps. Each round solves x again from scratch, and past this size
/// every solve spends the whole `position::X_WORK` budget: rand_1000 has
/// 4155 layered nodes, rand_2000 9251 (whose SVG must stay within 0.3 s;
/// with two rounds its position step took 2.3 times as long).
const CHORD_SWAP_MAX_NODES: usize = 5000;

fn position_nodes(s: &mut LayoutState) {
    let p = &s.params;
    let band = s.rank_graph.as_ref().map_or_else(Vec::new, |rg| rg.title_band.clone());
    let mut sp = Spacing { node_sep: p.node_sep, edge_sep: p.edge_sep, rank_sep: p.rank_sep, cluster_pad: p.cluster_pad, band, track_room: Vec::new() };
    position::position_x(&mut s.g, &sp);
    cluster::centre_titles(&mut s.g, &sp);
    match p.router {
        // Neighbouring dummies whose edges' chords pass each other swap
        // where that adds no crossing, and x is solved again; then the
        // virtual nodes move onto their chords as far as their layers let
        // them (`chords`). The corridors reach past them
        // (`route::corridor`), and labels slide onto their curves there.
        RouterKind::Spline => {
            position::position_y(&mut s.g, &sp);
            let rounds = if s.g.nodes.len() <= CHORD_SWAP_MAX_NODES { CHORD_SWAP_ROUNDS } else { 0 };
            for _ in 0..rounds {
                if !chords::swap_by_chords(&mut s.g) {
                    break;
                }
                position::position_x(&mut s.g, &sp);
                cluster::centre_titles(&mut s.g, &sp);
            }
            chords::pull_to_chords(&mut s.g, &sp);
        }
        // Long edges stay in their columns, and each gap gets the height
        // its tracks need, known now that x is.
        RouterKind::Orthogonal => {
            let chains: Vec<&Chain> = s.chains.iter().collect();
            sp.track_room = route::orthogonal::track_room(&s.g, &chains, &cluster::boxes(&s.g, &sp));
            position::position_y(&mut s.g, &sp);
        }
    }
    s.spacing = Some(sp);
}

fn place_clusters(s: &mut LayoutState) {
    let sp = s.spacing.as_ref().expect("position step ran");
    let frame = s.frame;
    let g = &s.g;
    s.cluster_boxes_tb = cluster::boxes(g, sp);
    s.node_rects = (0..s.chart.nodes.len())
        .map(|i| {
            let p = frame.point(g.nodes[i].x, g.nodes[i].y);
            Rect::new(p.x, p.y, s.sizes[i].0, s.sizes[i].1)
        })
        .collect();
    s.cluster_boxes = s.cluster_boxes_tb.iter().map(|r| frame.rect(r.x, r.y, r.width, r.height)).collect();
    s.title_boxes = (0..s.chart.subgraphs.len()).map(|c| title_box(s, c)).collect();
}

/// Where cluster `c`'s title is drawn (final space), if it has one: in
/// the band the rank graph reserved for it, below the top margin.
fn title_box(s: &LayoutState, c: usize) -> Option<Rect> {
    let (tw, th) = (s.titles[c].width, s.titles[c].height);
    if tw <= 0.0 || th <= 0.0 {
        return None;
    }
    let room = &s.params.title_room;
    let b = s.cluster_boxes[c];
    if s.frame.is_horizontal() {
        // The band inside the (TB-space) left border, which is the top.
        return Some(Rect::new(b.x, b.top() + room.cluster_pad.min(8.0) + room.margin_top + th / 2.0, tw, th));
    }
    let clusters = &s.g.clusters;
    let node = &s.g.nodes[if s.frame.0 == Direction::BottomTop { clusters.bottom[c] } else { clusters.top[c] }];
    // The title node's box, visual top first.
    let p = s.frame.point(node.x, node.y);
    let top = p.y - node.h / 2.0;
    Some(Rect::new(p.x, top + room.margin_top + th / 2.0, tw, th))
}

fn route_edges(s: &mut LayoutState) {
    let (grid, title_obstacle) = route::obstacles(s.chart, &s.node_rects, &s.title_boxes);
    let layer_half = position::layer_half_heights(&s.g);
    let ports = Ports::spread(&s.g, s.chart.nodes.len());
    let mut order_pos = vec![0; s.g.nodes.len()];
    for layer in &s.g.layers {
        for (i, &v) in layer.iter().enumerate() {
            order_pos[v] = i;
        }
    }
    let ctx = RouteContext {
        chart: s.chart,
        g: &s.g,
        frame: s.frame,
        node_rects: &s.node_rects,
        cluster_boxes_tb: &s.cluster_boxes_tb,
        cluster_boxes: &s.cluster_boxes,
        title_obstacle: &title_obstacle,
        title_boxes: &s.title_boxes,
        grid: &grid,
        layer_half: &layer_half,
        ports: &ports,
        order_pos: &order_pos,
    };
    let chart = s.chart;
    let edges: Vec<EdgeToRoute> = chart
        .edges
        .iter()
        .enumerate()
        .map(|(i, e)| EdgeToRoute {
            chain: &s.chains[i],
            class: EdgeClass::of(&s.chains[i]),
            curve: e.curve.or(chart.default_link_curve).unwrap_or(s.params.curve),
            label_size: s.edge_labels[i].as_ref().map(route::label_size),
        })
        .collect();
    s.routes = route::route_edges(s.params.router, &ctx, &edges);
}

/// Moves everything so that the drawing starts at the margin, and sizes
/// the canvas to cover every box and every sampled edge point.
fn fit_canvas(s: &mut LayoutState) {
    let mut lo = Point::new(f64::INFINITY, f64::INFINITY);
    let mut hi = Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut grow = |r: &Rect| {
        lo.x = lo.x.min(r.left());
        lo.y = lo.y.min(r.top());
        hi.x = hi.x.max(r.right());
        hi.y = hi.y.max(r.bottom());
    };
    s.node_rects.iter().for_each(&mut grow);
    s.cluster_boxes.iter().for_each(&mut grow);
    s.routes.iter().filter_map(|r| r.label_box.as_ref()).for_each(&mut grow);
    for r in &s.routes {
        r.path.grow_box(EDGE_SAMPLE_STEP, &mut lo, &mut hi);
    }
    if !lo.x.is_finite() {
        lo = Point::new(0.0, 0.0);
        hi = Point::new(0.0, 0.0);
    }
    s.diagram_title_box = s.diagram_title.as_ref().map(|t| title_above(t, lo, hi, s.params.title_top_margin));
    if let Some(r) = &s.diagram_title_box {
        lo.x = lo.x.min(r.left());
        lo.y = lo.y.min(r.top());
        hi.x = hi.x.max(r.right());
    }
    let margin = s.params.margin;
    let (dx, dy) = (margin - lo.x, margin - lo.y);
    let shift = |r: &mut Rect| {
        r.x += dx;
        r.y += dy;
    };
    s.node_rects.iter_mut().for_each(shift);
    s.cluster_boxes.iter_mut().for_each(shift);
    s.title_boxes.iter_mut().flatten().for_each(shift);
    s.diagram_title_box.iter_mut().for_each(shift);
    for r in s.routes.iter_mut() {
        r.path.translate(dx, dy);
        r.label_box.iter_mut().for_each(shift);
    }
    s.canvas = ((hi.x - lo.x + 2.0 * margin).max(2.0 * margin), (hi.y - lo.y + 2.0 * margin).max(2.0 * margin));
}

/// The diagram title's box: centred over the drawing `lo..hi`, its middle
/// `titleTopMargin` above the drawing's top (mermaid puts the baseline
/// there; the middle keeps the same look and does not depend on the
/// renderer's font metrics), and never closer than `MIN_TITLE_GAP` to it.
fn title_above(title: &TextBlock, lo: Point, hi: Point, title_top_margin: f64) -> Rect {
    const MIN_TITLE_GAP: f64 = 4.0;
    let middle = lo.y - title_top_margin.max(title.height / 2.0 + MIN_TITLE_GAP);
    Rect::new((lo.x + hi.x) / 2.0, middle, title.width, title.height)
}

fn emit(s: &mut LayoutState) {
    let chart = s.chart;
    let nodes: Vec<NodeLayout> = chart
        .nodes
        .iter()
        .enumerate()
        .map(|(i, nd)| NodeLayout {
            id: nd.id.clone(),
            rect: s.node_rects[i],
            shape: if s.icons[i].is_some() { Shape::Icon } else { nd.shape },
            icon: s.icons[i].clone().map(|spec| NodeIcon {
                parts: icon_parts(&spec, &s.node_rects[i], &s.labels[i], s.params.node_padding),
                spec,
            }),
            label: s.labels[i].clone(),
            label_kind: nd.label.kind,
            classes: nd.classes.clone(),
            style: chart.node_style(nd),
            click: nd.click.clone(),
            tooltip: nd.tooltip.clone(),
            parent: nd.parent.and_then(|p| chart.subgraphs.get(p)).map(|sg| sg.id.clone()),
        })
        .collect();
    let routes = std::mem::take(&mut s.routes);
    let edges: Vec<EdgeLayout> = chart
        .edges
        .iter()
        .zip(routes)
        .zip(&s.edge_labels)
        .map(|((e, r), label)| {
            let mut style = chart.default_link_styles.clone();
            style.extend(e.styles.iter().cloned());
            EdgeLayout {
                id: e.id.clone(),
                from: e.from.clone(),
                to: e.to.clone(),
                arrow: e.arrow,
                stroke: e.stroke,
                length: e.length,
                path: r.path,
                curve: r.curve,
                label: label.clone(),
                label_box: r.label_box,
                style,
                classes: e.classes.clone(),
                animation: e.animation.clone().or(if e.animate { Some("fast".into()) } else { None }),
            }
        })
        .collect();
    let clusters: Vec<ClusterLayout> = chart
        .subgraphs
        .iter()
        .enumerate()
        .map(|(c, sg)| ClusterLayout {
            id: sg.id.clone(),
            title: s.titles[c].clone(),
            title_text: sg.title.text.clone(),
            rect: s.cluster_boxes[c],
            title_box: s.title_boxes[c],
            parent: s.g.clusters.parent[c].map(|p| chart.subgraphs[p].id.clone()),
            nodes: sg.nodes.clone(),
            direction: sg.direction,
            classes: sg.classes.clone(),
            style: sg.styles.clone(),
        })
        .collect();
    s.layout = Some(Layout {
        direction: chart.direction,
        width: s.canvas.0,
        height: s.canvas.1,
        nodes,
        edges,
        clusters,
        title: s.diagram_title.clone().zip(s.diagram_title_box),
        acc_title: chart.acc_title.clone(),
        acc_descr: chart.acc_descr.clone(),
        config: s.config.clone(),
        class_defs: chart.class_defs.iter().map(|c| (c.name.clone(), c.styles.clone())).collect(),
        time_ms: 0.0,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    fn chart(src: &str) -> Flowchart {
        crate::parse(src, &Options::default()).expect("test chart parses")
    }

    /// dot's `phase`: stopping after a step leaves the later steps' parts
    /// of the state empty and the earlier ones filled.
    #[test]
    fn run_until_stops_after_the_named_step() {
        let c = chart("graph TD\n a --> b\n a --> c\n b --> d\n c --> d");
        let overrides = HashMap::new();
        let s = run_until(&c, DiagramConfig::default(), &overrides, Step::Order);
        assert_eq!(s.sizes.len(), 4, "measure ran");
        assert!(!s.ranks.is_empty(), "rank ran");
        assert_eq!(s.g.layers.iter().map(Vec::len).sum::<usize>(), s.g.nodes.len(), "order placed every node");
        assert!(s.spacing.is_none() && s.routes.is_empty() && s.layout.is_none(), "nothing after order ran");
        let s = run_until(&c, DiagramConfig::default(), &overrides, Step::Route);
        assert_eq!(s.routes.len(), 4, "route ran");
        assert!(s.layout.is_none(), "emit did not run");
    }

    /// Every step runs, in order, and each is timed.
    #[test]
    fn timings_name_every_step_in_order() {
        let c = chart("graph LR\n a --> b");
        let mut timings = StepTimings::default();
        let layout = run(&c, DiagramConfig::default(), &crate::Limits::default(), &mut timings).expect("lays out");
        assert_eq!(layout.nodes.len(), 2);
        let names: Vec<&str> = timings.iter().map(|(s, _)| s.name()).collect();
        assert_eq!(names, ["measure", "rank graph", "rank", "normalise", "order", "position", "clusters", "route", "fit canvas", "emit"]);
    }
}
