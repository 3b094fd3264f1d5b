//! Layered (Sugiyama) layout: turns a [`Flowchart`] into a [`Layout`], plain
//! data that the renderers draw and that serializes to the `-e json` format.
//!
//! # Cost
//!
//! With N nodes and M edges in the flowchart, V layered nodes (real nodes,
//! one dummy per layer an edge crosses, edge-label nodes, two border nodes
//! per cluster and layer) and E layered segments, each phase is bounded so
//! that the whole layout grows near-linearly with the input:
//!
//! | phase | module | cost | bound on iterations |
//! |---|---|---|---|
//! | cycle breaking | `acyclic` | O(N + M), one DFS | none needed |
//! | ranking | `rank` | O(N + M) set-up; each simplex exchange touches the smaller side of the cut | `RANK_WORK / (N + M)` exchanges, clamped to 50..20 000 |
//! | normalisation | `normalise` | O(V + E) | none needed |
//! | ordering | `order` | O(V + E log V) per sweep, O(V) per transpose pass | work budget `10 000 + 80 V` (pair evaluations, sweep visits, counted edges) |
//! | sibling cluster swaps | `cluster_order` | O(V + E log V) per try | at most 200 tries and 4 M node visits; none past 64 clusters |
//! | coordinates | `position` | O(V + E) per Brandes–Köpf direction, 4 directions | none needed |
//! | clusters | `cluster` | O(V) | none needed |
//! | routing | `route`, `spline`, `curve` | per edge: its corridor, O(layers it crosses); the funnel, O(boxes); the fit, a bounded number of inside tests per shortest-path corner; its claims, O(corners · log layers); doors, O(clusters · corners) | `spline::CHECK_BUDGET` pieces per inside test, 8 tries per piece |
//!
//! Measured on the random corpus graphs (README, Benchmarks), whole-process
//! time grows with an exponent of about 1.1 over N = 100..2000. Deep nesting
//! is the exception: every cluster adds border nodes on each of its layers,
//! so V grows with depth × height, and past the default nesting limit of 64
//! (`Limits::max_nesting`) the cost grows faster than linearly (128 levels
//! take about 0.4 s).

mod acyclic;
mod budget;
mod chords;
mod cluster;
mod cluster_order;
mod curve;
mod engine;
mod frame;
mod graph;
mod nested;
mod normalise;
mod order;
mod params;
mod position;
mod rank;
mod rank_graph;
mod route;
mod spline;
pub mod verify;

pub use engine::{Step, StepTimings};

use crate::config::DiagramConfig;
use crate::error::Error;
use crate::flowchart::{ArrowType, ClickAction, Curve, Direction, Flowchart, LabelKind, StyleDecl, Stroke};
use crate::geom::{Path, Rect};
use crate::options::Options;
use crate::shape::icon::{IconParts, IconSpec};
use crate::shape::Shape;
use crate::text::TextBlock;

/// A node placed on the canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeLayout {
    /// The mermaid node id.
    pub id: String,
    /// The node's bounding box (centre and size).
    pub rect: Rect,
    /// Its shape ([`Shape::Icon`] for every icon node).
    pub shape: Shape,
    /// An icon node's icon, its background and its label's place.
    pub icon: Option<NodeIcon>,
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

/// An icon node's icon (`@{ icon: … }`), placed.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeIcon {
    /// The icon's name, size, form and label side.
    pub spec: IconSpec,
    /// Where its frame, icon and label are.
    pub parts: IconParts,
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
    /// Where the title is drawn: its text's box (centre and size), inside
    /// the band the layout reserves for it, which no edge crosses. `None`
    /// for an empty title.
    pub title_box: Option<Rect>,
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

/// Lays out a parsed flowchart with the layered (Sugiyama) method of
/// Gansner, Koutsofios, North and Vo (1993): cycle breaking, network-simplex
/// ranking, median/transpose ordering with clusters kept contiguous,
/// Brandes–Köpf coordinates, then cluster boxes and curved edge routes that
/// start and end on the node outlines. Deterministic: the same chart gives
/// the same layout on every run.
pub fn layout(chart: &Flowchart, options: &Options) -> Result<Layout, Error> {
    layout_with_timings(chart, options).map(|(layout, _)| layout)
}

/// [`layout`], also returning the time each step took (summed over the
/// nested layouts of clusters with their own direction).
pub fn layout_with_timings(chart: &Flowchart, options: &Options) -> Result<(Layout, StepTimings), Error> {
    let start = crate::clock::Instant::now();
    let mut config = options.config.clone();
    config.merge(&chart.config);
    // The caller's theme and look beat every config (`-t`, `--look`); the
    // layout needs both (the theme's font size, the look's router).
    config.theme = options.theme.or(config.theme);
    config.look = options.look.or(config.look);
    config.clamp_numbers();
    let mut timings = StepTimings::default();
    let mut out = engine::run(chart, config, &options.limits, &mut timings)?;
    out.time_ms = start.elapsed().as_secs_f64() * 1000.0;
    Ok((out, timings))
}
