//! What a diagram means: nodes, edges, clusters, classes and resolved styles,
//! after mermaid's rules have been applied to the syntax tree.
//!
//! This is the output of [`crate::parse()`] and the input of
//! [`crate::layout()`]. It holds no geometry.

use crate::config::DiagramConfig;
use crate::error::Span;
use crate::shape::Shape;
use serde::Serialize;

/// Flow direction of a diagram or of one subgraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
pub enum Direction {
    /// Top to bottom (`TB`, `TD`, `v`). Mermaid's default.
    #[default]
    TopBottom,
    /// Bottom to top (`BT`, `^`).
    BottomTop,
    /// Left to right (`LR`, `>`).
    LeftRight,
    /// Right to left (`RL`, `<`).
    RightLeft,
}

impl Direction {
    /// The canonical two-letter name: `TB`, `BT`, `LR` or `RL`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::TopBottom => "TB",
            Direction::BottomTop => "BT",
            Direction::LeftRight => "LR",
            Direction::RightLeft => "RL",
        }
    }

    /// True for LR and RL, where ranks run horizontally.
    pub fn is_horizontal(self) -> bool {
        matches!(self, Direction::LeftRight | Direction::RightLeft)
    }
}

/// How a piece of label text was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
pub enum LabelKind {
    /// Bare text (`A[hello]`), or a default label equal to the id.
    #[default]
    Text,
    /// A quoted string (`A["hello"]`).
    String,
    /// A markdown string (`` A["`**hello**`"] ``).
    Markdown,
}

impl LabelKind {
    /// `text`, `string` or `markdown`, as in the layout JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            LabelKind::Text => "text",
            LabelKind::String => "string",
            LabelKind::Markdown => "markdown",
        }
    }
}

/// A label: its text with quotes and markdown backticks removed, entity codes
/// (`#quot;`, `#9829;`) decoded and `<br>` variants turned into `\n`.
/// Markdown markers (`**`, `*`, `_`) are kept in `text` when `kind` is
/// [`LabelKind::Markdown`]; [`crate::text`] interprets them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Label {
    /// The text, lines separated by `\n`.
    pub text: String,
    /// How it was written.
    pub kind: LabelKind,
}

/// One CSS declaration from `style`, `classDef` or `linkStyle`, already
/// checked against the allow-list of properties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StyleDecl {
    /// Property name, lowercase (`fill`, `stroke-width`, ...).
    pub property: String,
    /// Value as written, trimmed (`#f9f`, `4px`, ...).
    pub value: String,
}

/// A `click` target of a node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ClickAction {
    /// `click A href "url" "tooltip" _blank` or `click A "url"`: a link.
    Link {
        /// The target URL, already checked (http(s), mailto or relative).
        url: String,
        /// `_self`, `_blank`, `_parent` or `_top`, when given.
        target: Option<String>,
    },
    /// `click A callback` / `click A call fn(args)`: a script callback.
    /// Never emitted as script; kept so tools can report it.
    Callback {
        /// The function name.
        function: String,
        /// The argument text, when given.
        args: Option<String>,
    },
}

/// A node of the flowchart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// The mermaid node id.
    pub id: String,
    /// The label; the id when none was written.
    pub label: Label,
    /// The shape, resolved from brackets or `@{ shape: … }`.
    pub shape: Shape,
    /// CSS classes in the order they were applied (`class`, `:::`, `click`
    /// adds `clickable`).
    pub classes: Vec<String>,
    /// Declarations from `style` statements, in source order (class styles are
    /// not merged in here; see [`Flowchart::node_style`]).
    pub styles: Vec<StyleDecl>,
    /// The `click` action, if any.
    pub click: Option<ClickAction>,
    /// The tooltip from `click … "tooltip"`, if any.
    pub tooltip: Option<String>,
    /// `icon:` from `@{ … }` (e.g. `fa:bell`), if any.
    pub icon: Option<String>,
    /// `img:` from `@{ … }`, if any (never fetched; drawn as a placeholder).
    pub img: Option<String>,
    /// `form:` from `@{ … }` (`square`, `circle`, `rounded`), if any.
    pub form: Option<String>,
    /// `pos:` from `@{ … }` (`t` or `b`), if any.
    pub label_pos: Option<String>,
    /// `w:` / `h:` from `@{ … }`, if any.
    pub asset_size: (Option<f64>, Option<f64>),
    /// `constraint:` from `@{ … }`, if any.
    pub constraint: Option<String>,
    /// Index into [`Flowchart::subgraphs`] of the innermost subgraph holding
    /// the node, following mermaid's membership rules.
    pub parent: Option<usize>,
    /// Where the node was first mentioned.
    pub span: Span,
}

/// Arrow head combination of a link (mermaid's edge `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ArrowType {
    /// `---`: no heads.
    Open,
    /// `-->`: a triangle at the head.
    Point,
    /// `--x`: a cross at the head.
    Cross,
    /// `--o`: a circle at the head.
    Circle,
    /// `<-->`: triangles at both ends.
    DoublePoint,
    /// `x--x`: crosses at both ends.
    DoubleCross,
    /// `o--o`: circles at both ends.
    DoubleCircle,
    /// A labelled link whose start and end heads disagree (`x-- t -->`);
    /// mermaid records it as `INVALID` and draws no heads.
    Invalid,
}

impl ArrowType {
    /// Mermaid's name: `arrow_point`, `double_arrow_cross`, `INVALID`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            ArrowType::Open => "arrow_open",
            ArrowType::Point => "arrow_point",
            ArrowType::Cross => "arrow_cross",
            ArrowType::Circle => "arrow_circle",
            ArrowType::DoublePoint => "double_arrow_point",
            ArrowType::DoubleCross => "double_arrow_cross",
            ArrowType::DoubleCircle => "double_arrow_circle",
            ArrowType::Invalid => "INVALID",
        }
    }
}

/// Line style of a link (mermaid's edge `stroke`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Stroke {
    /// `--`
    Normal,
    /// `==`
    Thick,
    /// `-.-`
    Dotted,
    /// `~~~`: laid out but not drawn.
    Invisible,
}

impl Stroke {
    /// `normal`, `thick`, `dotted` or `invisible`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stroke::Normal => "normal",
            Stroke::Thick => "thick",
            Stroke::Dotted => "dotted",
            Stroke::Invisible => "invisible",
        }
    }
}

/// Curve through an edge's route points (`flowchart.curve`, `linkStyle …
/// interpolate`, `e1@{ curve: … }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
pub enum Curve {
    /// d3 `curveBasis`: a B-spline, mermaid's default.
    #[default]
    Basis,
    /// Straight segments.
    Linear,
    /// d3 `curveStep`: horizontal-vertical-horizontal steps, turning halfway.
    Step,
    /// d3 `curveStepBefore`.
    StepBefore,
    /// d3 `curveStepAfter`.
    StepAfter,
    /// d3 `curveMonotoneX`.
    MonotoneX,
    /// d3 `curveMonotoneY`.
    MonotoneY,
    /// d3 `curveCardinal`.
    Cardinal,
    /// d3 `curveCatmullRom`.
    CatmullRom,
    /// d3 `curveNatural`.
    Natural,
    /// d3 `curveBumpX`.
    BumpX,
    /// d3 `curveBumpY`.
    BumpY,
    /// Mermaid's `rounded`: straight segments with rounded corners.
    Rounded,
}

impl Curve {
    /// Parses mermaid's curve name (`basis`, `linear`, `monotoneX`, ...).
    pub fn from_name(name: &str) -> Option<Curve> {
        Some(match name {
            "basis" => Curve::Basis,
            "linear" => Curve::Linear,
            "step" => Curve::Step,
            "stepBefore" => Curve::StepBefore,
            "stepAfter" => Curve::StepAfter,
            "monotoneX" => Curve::MonotoneX,
            "monotoneY" => Curve::MonotoneY,
            "cardinal" => Curve::Cardinal,
            "catmullRom" => Curve::CatmullRom,
            "natural" => Curve::Natural,
            "bumpX" => Curve::BumpX,
            "bumpY" => Curve::BumpY,
            "rounded" => Curve::Rounded,
            _ => return None,
        })
    }
}

/// An edge of the flowchart, one per source link (a chain `A --> B --> C`
/// gives two, `A & B --> C` gives two).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// The edge id: the user's (`e1@-->`) or mermaid's automatic
    /// `L_<from>_<to>_<n>`.
    pub id: String,
    /// True when `id` was written by the user.
    pub user_id: bool,
    /// Tail node id, or a subgraph id where the edge attaches to a cluster.
    pub from: String,
    /// Head node id, or a subgraph id.
    pub to: String,
    /// Arrow heads.
    pub arrow: ArrowType,
    /// Line style.
    pub stroke: Stroke,
    /// Mermaid's link length (1–10): the minimum rank distance.
    pub length: u32,
    /// The label, if any.
    pub label: Option<Label>,
    /// Declarations from `linkStyle` (index or `default`), in order.
    pub styles: Vec<StyleDecl>,
    /// The curve from `linkStyle … interpolate` or `@{ curve: … }`, if set.
    pub curve: Option<Curve>,
    /// CSS classes from edge metadata, if any.
    pub classes: Vec<String>,
    /// `animate: true` from edge metadata.
    pub animate: bool,
    /// `animation: fast|slow` from edge metadata, if any.
    pub animation: Option<String>,
    /// The link token in the source.
    pub span: Span,
}

/// A subgraph (drawn as a cluster).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Subgraph {
    /// The subgraph id (written, the title when it has no whitespace, or the
    /// automatic `subGraphN`).
    pub id: String,
    /// The title.
    pub title: Label,
    /// The subgraph's own `direction`, if it has one.
    pub direction: Option<Direction>,
    /// Ids of the nodes directly in this subgraph (not in nested ones), in
    /// first-mention order of the flowchart.
    pub nodes: Vec<String>,
    /// Index of the enclosing subgraph in [`Flowchart::subgraphs`].
    pub parent: Option<usize>,
    /// CSS classes applied to the subgraph id.
    pub classes: Vec<String>,
    /// Declarations from `style` statements on the subgraph id.
    pub styles: Vec<StyleDecl>,
    /// The `subgraph` keyword through its title.
    pub span: Span,
}

/// A `classDef`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassDef {
    /// The class name (`default` applies to every node without a class).
    pub name: String,
    /// Its declarations, in order.
    pub styles: Vec<StyleDecl>,
}

/// Something odd that did not stop the parse: an unknown style property
/// dropped, an unsafe link target removed, ...
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// What happened.
    pub message: String,
    /// Where, if it has a place in the source.
    pub span: Option<Span>,
}

/// A parsed flowchart: the diagram's meaning, ready for layout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flowchart {
    /// Diagram direction from the header.
    pub direction: Direction,
    /// Nodes in order of first mention.
    pub nodes: Vec<Node>,
    /// Edges in source order.
    pub edges: Vec<Edge>,
    /// Subgraphs, every parent before its children (otherwise in order of
    /// their `subgraph` keyword; mermaid lets a later subgraph adopt an
    /// earlier one);
    /// each names its parent by index.
    pub subgraphs: Vec<Subgraph>,
    /// `classDef`s in source order (a later one with the same name extends
    /// the earlier one, as in mermaid).
    pub class_defs: Vec<ClassDef>,
    /// `linkStyle default …` declarations.
    pub default_link_styles: Vec<StyleDecl>,
    /// `linkStyle default interpolate …`, if set.
    pub default_link_curve: Option<Curve>,
    /// Diagram title from front-matter `title:`.
    pub title: Option<String>,
    /// `accTitle`.
    pub acc_title: Option<String>,
    /// `accDescr`.
    pub acc_descr: Option<String>,
    /// The configuration from front-matter and `%%{init}%%` directives.
    pub config: DiagramConfig,
    /// Non-fatal findings.
    pub warnings: Vec<Warning>,
}

impl Flowchart {
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The subgraph with this id.
    pub fn subgraph(&self, id: &str) -> Option<&Subgraph> {
        self.subgraphs.iter().find(|s| s.id == id)
    }

    /// The `classDef` with this name.
    pub fn class_def(&self, name: &str) -> Option<&ClassDef> {
        self.class_defs.iter().find(|c| c.name == name)
    }

    /// The node's effective style, in cascade order: `classDef default` (when
    /// the node has no class), then its classes in order, then its own `style`
    /// declarations. Later declarations win. The cascade is
    /// [`crate::style::cascade`], the one every element kind goes through.
    pub fn node_style(&self, node: &Node) -> Vec<StyleDecl> {
        crate::style::cascade(
            |name| self.class_def(name).map(|d| d.styles.as_slice()),
            &node.classes,
            &node.styles,
            crate::style::DefaultClass::WhenUnclassed,
        )
    }
}
