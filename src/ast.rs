//! The typed syntax tree of a flowchart, as the grammar sees it, before
//! mermaid's database rules (first mention, subgraph membership, edge ids,
//! classes) are applied by the semantic pass (`parse::semantic`).
//!
//! Subgraphs are kept flat: a [`Statement::SubgraphStart`] opens one and the
//! matching [`Statement::SubgraphEnd`] closes it. A flat list keeps building,
//! walking and dropping the tree free of recursion, so deeply nested input can
//! never overflow the stack; nesting depth is still checked against
//! `Limits::max_nesting` while parsing.
//!
//! Every item carries the [`Span`] of its source text (byte offsets into the
//! text given to [`crate::parse()`]). Get a tree with
//! [`crate::parse::parse_ast`]:
//!
//! ```
//! use mmdflow::ast::Statement;
//! let doc = mmdflow::parse::parse_ast("graph LR\n  A --> B", &mmdflow::Options::default()).unwrap();
//! assert_eq!(doc.header.direction.as_deref(), Some("LR"));
//! assert!(matches!(doc.statements[0], Statement::Vertices(_)));
//! ```

use crate::error::Span;
use crate::flowchart::{ArrowType, Stroke};

/// A parsed flowchart document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The header line.
    pub header: Header,
    /// Statements in source order.
    pub statements: Vec<Statement>,
}

/// `graph LR`, `flowchart TD`, `flowchart-elk`.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// `graph`, `flowchart` or `flowchart-elk`.
    pub keyword: String,
    /// The direction as written (`LR`, `TD`, `>`, `BR`, ...), if any.
    pub direction: Option<String>,
    /// The header keyword through the direction.
    pub span: Span,
}

/// How a piece of text was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextKind {
    /// Unquoted text.
    Text,
    /// A `"quoted"` string.
    String,
    /// A ``"`markdown`"`` string.
    Markdown,
}

/// Label text exactly as written between its delimiters (quotes and
/// markdown backticks removed, nothing else changed).
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// The raw text.
    pub text: String,
    /// How it was written.
    pub kind: TextKind,
    /// Where.
    pub span: Span,
}

/// The bracket shape of a classic vertex (`A[..]`, `A(..)`, ...), named as
/// mermaid's FlowDB vertex types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BracketShape {
    /// `[..]`
    Square,
    /// `(..)`
    Round,
    /// `([..])`
    Stadium,
    /// `[[..]]`
    Subroutine,
    /// `[(..)]`
    Cylinder,
    /// `((..))`
    Circle,
    /// `(((..)))`
    DoubleCircle,
    /// `>..]`
    Odd,
    /// `{..}`
    Diamond,
    /// `{{..}}`
    Hexagon,
    /// `[/../]`
    LeanRight,
    /// `[\..\]`
    LeanLeft,
    /// `[/..\]`
    Trapezoid,
    /// `[\../]`
    InvTrapezoid,
    /// `(-..-)`
    Ellipse,
    /// `[|key:value|..]`
    Rect,
}

/// Raw `@{ ... }` node or edge data: the YAML text between the braces.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeData {
    /// The YAML source (strings keep their quotes; line breaks inside quoted
    /// strings are already `<br/>`, as mermaid's lexer does).
    pub yaml: String,
    /// Where.
    pub span: Span,
}

/// One vertex mention in a vertex statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Vertex {
    /// The node id.
    pub id: String,
    /// The id's span.
    pub span: Span,
    /// Bracket shape and label, when written.
    pub shape: Option<(BracketShape, Text)>,
    /// `[|key:value|..]` properties.
    pub props: Option<(String, String)>,
    /// `:::class` (may be a comma list).
    pub class: Option<String>,
    /// `@{ ... }` after the vertex.
    pub data: Option<ShapeData>,
}

/// A link between two vertex groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// `e1@` edge id, without the `@`.
    pub id: Option<String>,
    /// Arrow heads.
    pub arrow: ArrowType,
    /// Line style.
    pub stroke: Stroke,
    /// Link length before the cap of 10.
    pub length: u32,
    /// The label, in either form.
    pub text: Option<Text>,
    /// The link token(s).
    pub span: Span,
}

/// `A & B --> C --> D & E`: groups joined by links.
#[derive(Debug, Clone, PartialEq)]
pub struct VertexStatement {
    /// The `&` groups, left to right.
    pub groups: Vec<Vec<Vertex>>,
    /// `links[i]` joins `groups[i]` and `groups[i + 1]`.
    pub links: Vec<Link>,
    /// The whole statement.
    pub span: Span,
}

/// Which edges a `linkStyle` addresses.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkStyleTarget {
    /// `linkStyle default`.
    Default,
    /// `linkStyle 0,2,4` and ranges `1-3`: (first, last) inclusive, with
    /// the span of each item (`4` is `(4, 4)`). Ranges stay ranges: a short
    /// line can name 100,001 edges, and expanding it made memory grow by
    /// megabytes per line.
    Indices(Vec<(usize, usize, Span)>),
}

/// What a `click` does.
#[derive(Debug, Clone, PartialEq)]
pub enum ClickKind {
    /// `click A callback` / `click A call fn(args)`.
    Callback {
        /// Function name.
        function: String,
        /// Argument text.
        args: Option<String>,
    },
    /// `click A "url"` / `click A href "url"`.
    Link {
        /// The URL as written.
        url: String,
        /// `_blank`, ...
        target: Option<String>,
    },
}

/// One statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// Vertices and links.
    Vertices(VertexStatement),
    /// `style A fill:#f9f,...`.
    Style {
        /// Target id (may be a comma list).
        target: String,
        /// Raw declarations.
        styles: Vec<String>,
        /// Where.
        span: Span,
    },
    /// `linkStyle ...`.
    LinkStyle {
        /// Addressed edges.
        target: LinkStyleTarget,
        /// `interpolate <curve>`.
        interpolate: Option<String>,
        /// Raw declarations.
        styles: Vec<String>,
        /// Where.
        span: Span,
    },
    /// `classDef a,b ...`.
    ClassDef {
        /// Class names (comma list).
        names: String,
        /// Raw declarations.
        styles: Vec<String>,
        /// Where.
        span: Span,
    },
    /// `class a,b cls`.
    Class {
        /// Target ids (comma list).
        targets: String,
        /// Class name.
        class: String,
        /// Where.
        span: Span,
    },
    /// `click ...`.
    Click {
        /// Target id (may be a comma list).
        target: String,
        /// The action.
        action: ClickKind,
        /// Tooltip string.
        tooltip: Option<String>,
        /// Where.
        span: Span,
    },
    /// `subgraph ...` header.
    SubgraphStart {
        /// The id text (`subgraph <id>[title]`, or the title itself).
        id: Text,
        /// The bracketed title, when given.
        title: Option<Text>,
        /// Where.
        span: Span,
    },
    /// `end` of a subgraph.
    SubgraphEnd {
        /// Where.
        span: Span,
    },
    /// `direction LR` (inside a subgraph).
    Direction {
        /// `TB`, `TD`, `BT`, `LR` or `RL`.
        dir: String,
        /// Where.
        span: Span,
    },
    /// `accTitle: ...`.
    AccTitle(String, Span),
    /// `accDescr: ...` or `accDescr { ... }`.
    AccDescr(String, Span),
}
