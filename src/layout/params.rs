//! Every layout knob, resolved once from the diagram's configuration into
//! typed values. The steps read these and never the raw config, so a
//! default lives in exactly one place.

use crate::config::{DiagramConfig, LayoutEngine, Look};
use crate::flowchart::Curve;
use crate::text::TextStyle;

/// Work budget of network simplex ranking (iterations × graph size): beyond
/// it the current feasible ranking is kept (huge graphs).
pub(crate) const RANK_WORK: usize = 8_000_000;

/// Padding around an edge label's text.
pub(crate) const LABEL_PAD: f64 = 2.0;

/// Space between a cluster title and the members below it.
pub(crate) const TITLE_GAP: f64 = 4.0;

/// How the crossing-minimisation search is run (`order::order`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct OrderParams {
    /// Sweeps without `transpose` at each start, the best order kept,
    /// before the sweep-and-transpose iterations (Sugiyama's layer-by-layer
    /// sweep, then dot's local search). A sweep followed by transpose to
    /// convergence costs about 50 pair evaluations per node on wide layers,
    /// a sweep alone under one, so twenty plain sweeps cost less than the
    /// transpose work they replace and give it a settled start: on 14
    /// gen.py graphs (not the corpus; 2000 nodes: seeds 8001, 8002,
    /// 8101–8106; 1500: 8004; 1000: 8002, 8201–8204) 1.7% fewer crossings
    /// in all, for 3–5% fewer instructions on a 2000-node SVG (10, 15 and 25
    /// sweeps: 1.1%, 1.4%, 1.4%; single graphs vary by ±3% with the count).
    pub plain_sweeps: usize,
    /// Sweeps per start before giving up on improvement.
    pub max_sweeps: usize,
    /// Initial orders tried (top-down, bottom-up; barycentre, median;
    /// settled by `plain_sweeps` or not: `order::STARTS`).
    pub starts: usize,
    /// At most this many `transpose` passes after each sweep. Gansner et
    /// al. (1993, §3) repeat transpose until it no longer gains; a sweep
    /// re-sorts whole layers by one side's medians and, on wide random
    /// graphs, leaves 20–30% more crossings than it found, which transpose
    /// (swapping equal pairs on alternate sweeps, as dot) then takes back.
    /// Eight passes stopped that halfway; 64 is "until no gain" in practice
    /// and costs fewer instructions per unit of work than sweeps.
    pub transpose_passes: usize,
    /// Sifting passes per refinement round.
    pub sift_passes: usize,
    /// Refinement rounds from the best order found.
    pub refine_rounds: usize,
    /// Total work allowed (pair evaluations, sweep visits, counted edges).
    pub budget: u64,
}

impl OrderParams {
    /// A base that gives small diagrams a thorough search, plus an allowance
    /// per layered node (real, dummy, border and label nodes), so ordering
    /// time grows linearly with the layered graph. At 80 per node the random
    /// 100/200/1000-node graphs keep fewer crossings than Graphviz dot for
    /// under a tenth of the unbounded search's work. With transpose run to
    /// convergence, 120 per node (tuned on gen.py graphs of 1000–2000
    /// nodes, seeds 7001–7005, not the corpus) leaves 8% fewer crossings
    /// than 80 did with eight passes, for 9% more instructions on a
    /// 2000-node graph; 150 and more gain under 0.5%.
    const WORK_BASE: u64 = 10_000;
    const WORK_PER_NODE: u64 = 120;

    /// The full search (eight starts, 40 sweeps each, refinement and
    /// sifting) within a budget linear in `layered_nodes`.
    pub(crate) fn for_size(layered_nodes: usize) -> OrderParams {
        OrderParams {
            plain_sweeps: 20,
            max_sweeps: 40,
            starts: 8,
            transpose_passes: 64,
            sift_passes: 6,
            refine_rounds: 4,
            budget: Self::WORK_BASE + Self::WORK_PER_NODE * layered_nodes as u64,
        }
    }
}

/// Which router draws the edges (`route` step). Each router handles every
/// edge class (regular, flat, self loop, cluster end) on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RouterKind {
    /// Dot's splines: a corridor of boxes per edge, the shortest path in it
    /// and Béziers fitted inside it (Dobkin et al. 1997). The classic look.
    Spline,
    /// Axis-parallel runs with rounded corners, each horizontal run on a
    /// track of its own (ELK layered's orthogonal router; Sander 2003).
    /// The `neo` look, and `layout: elk`.
    Orthogonal,
}

impl RouterKind {
    /// The router a configuration asks for: orthogonal for the `neo`
    /// look or an ELK layout, as mermaid 12 draws them; splines otherwise.
    pub(crate) fn of(config: &DiagramConfig) -> RouterKind {
        match (config.look, config.layout) {
            (Some(Look::Neo), _) | (_, Some(LayoutEngine::Elk)) => RouterKind::Orthogonal,
            _ => RouterKind::Spline,
        }
    }
}

/// The layout's resolved settings (mermaid's names in the field docs).
#[derive(Debug, Clone)]
pub(crate) struct LayoutParams {
    /// `fontSize` and the font used for measuring. Default: 16 px.
    pub text: TextStyle,
    /// `flowchart.padding`: between a label and its outline. Default: 15.
    pub node_padding: f64,
    /// `flowchart.nodeSpacing`. Default: 50.
    pub node_sep: f64,
    /// Between edges passing a layer side by side: at most the node
    /// spacing, 20 by default.
    pub edge_sep: f64,
    /// `flowchart.rankSpacing`. Default: 50.
    pub rank_sep: f64,
    /// `flowchart.diagramPadding`: margin around the drawing. Default: 8.
    pub margin: f64,
    /// `flowchart.titleTopMargin`: from the drawing's top to the middle of
    /// the front-matter title above it. Default: 25.
    pub title_top_margin: f64,
    /// `flowchart.wrappingWidth`, for edge labels and cluster titles.
    /// Default: 200.
    pub wrap_width: f64,
    /// `flowchart.wrappingWidth`, for node labels. Default: 200; 120 in
    /// the neo look (mermaid 12.3's default, which its classic look
    /// leaves at mermaid 11's 200 here: mmdflow's classic is mermaid 11's).
    pub node_wrap_width: f64,
    /// `flowchart.minNodeWidth`: a node label's box is at least this wide
    /// (circles excepted). Default: 120 in the neo look, 0 otherwise.
    pub min_label_width: f64,
    /// Space between a cluster's border and its contents: half the node
    /// padding, at least 8.
    pub cluster_pad: f64,
    /// `flowchart.curve` (an edge's own curve or `linkStyle … interpolate`
    /// wins). Default: `basis`, which the spline router draws as its own
    /// fitted spline.
    pub curve: Curve,
    /// Room around cluster titles.
    pub title_room: TitleRoom,
    /// The router.
    pub router: RouterKind,
    /// The look: node sizes follow it (mermaid pads labels differently in
    /// `neo`). Default: classic.
    pub look: Look,
}

/// The band a cluster title takes, besides the title's own text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TitleRoom {
    /// Between the cluster's border and its members, around the title.
    pub cluster_pad: f64,
    /// `flowchart.subGraphTitleMargin.top`: above the title. Default: 0.
    pub margin_top: f64,
    /// `flowchart.subGraphTitleMargin.bottom`: below the title. Default: 0.
    pub margin_bottom: f64,
}

/// Mermaid 12.3's `flowchart.wrappingWidth` and `flowchart.minNodeWidth`
/// defaults (config.schema.yaml), which the neo look takes.
const NEO_WRAP_WIDTH: f64 = 120.0;
const NEO_MIN_NODE_WIDTH: f64 = 120.0;

/// Largest title margin taken from the config; larger values are clamped
/// (they would only push the members off the canvas).
const MAX_TITLE_MARGIN: f64 = 1_000.0;

impl LayoutParams {
    /// Reads `config`, keeping mermaid's defaults where a value is missing
    /// or out of range.
    pub(crate) fn resolve(config: &DiagramConfig) -> LayoutParams {
        let fc = &config.flowchart;
        let non_negative = |v: Option<f64>, default: f64| v.filter(|v| v.is_finite() && *v >= 0.0).unwrap_or(default);
        let positive = |v: Option<f64>, default: f64| v.filter(|v| v.is_finite() && *v > 0.0).unwrap_or(default);
        let font_size = positive(config.font_size, config.theme.unwrap_or_default().font_size());
        let node_padding = non_negative(fc.padding, 15.0);
        let node_sep = non_negative(fc.node_spacing, 50.0);
        let cluster_pad = 8.0f64.max(node_padding / 2.0);
        let margin = |v: Option<f64>| non_negative(v, 0.0).min(MAX_TITLE_MARGIN);
        let neo = config.look == Some(Look::Neo);
        LayoutParams {
            text: TextStyle { font_size, ..TextStyle::default() },
            node_padding,
            node_sep,
            edge_sep: 20.0f64.min(node_sep),
            rank_sep: non_negative(fc.rank_spacing, 50.0),
            margin: non_negative(fc.diagram_padding, 8.0),
            title_top_margin: non_negative(fc.title_top_margin, 25.0),
            wrap_width: positive(fc.wrapping_width, 200.0),
            node_wrap_width: positive(fc.wrapping_width, if neo { NEO_WRAP_WIDTH } else { 200.0 }),
            min_label_width: non_negative(fc.min_node_width, if neo { NEO_MIN_NODE_WIDTH } else { 0.0 }),
            cluster_pad,
            title_room: TitleRoom {
                cluster_pad,
                margin_top: margin(fc.subgraph_title_margin_top),
                margin_bottom: margin(fc.subgraph_title_margin_bottom),
            },
            curve: fc.curve.unwrap_or(Curve::Basis),
            router: RouterKind::of(config),
            look: config.look.unwrap_or_default(),
        }
    }
}
