//! The one options struct of the library.

use crate::config::DiagramConfig;

/// Safety limits. Passing one gives an [`ErrorKind::LimitExceeded`]
/// error naming the limit, never a hang.
///
/// [`ErrorKind::LimitExceeded`]: crate::ErrorKind::LimitExceeded
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes. Default: 1,000,000.
    pub max_input_bytes: usize,
    /// Most nodes in one diagram. Default: 10,000.
    pub max_nodes: usize,
    /// Most edges in one diagram. Default: 20,000.
    pub max_edges: usize,
    /// Deepest subgraph nesting. Default: 64.
    pub max_nesting: usize,
    /// Longest label, in characters. Default: 10,000.
    pub max_label_chars: usize,
    /// Largest layered graph, in nodes: the diagram's nodes plus one
    /// virtual node for every rank an edge crosses (so an edge spanning 500
    /// ranks counts 500). A few hundred nodes with many long edges (a
    /// complete graph from one `a & b & … --> a & b & …` line) reach
    /// millions; the layout refuses them before it allocates. Default:
    /// 100,000.
    pub max_layered_nodes: usize,
    /// Largest font file read (the caller's fonts and, for PNG glyphs the
    /// embedded font lacks, the system's), in bytes. Default: 64 MiB.
    pub max_font_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 1_000_000,
            max_nodes: 10_000,
            max_edges: 20_000,
            max_nesting: 64,
            max_label_chars: 10_000,
            max_layered_nodes: 100_000,
            max_font_bytes: 64 << 20,
        }
    }
}

/// Everything that steers parsing, layout and rendering.
///
/// One value serves any number of diagrams and threads. What the CLI flags
/// `-c site.json -t forest --max-nodes 500` amount to:
///
/// ```
/// use mmdflow::{DiagramConfig, Options};
///
/// let site = serde_json::json!({ "flowchart": { "curve": "linear" } });
/// let (config, ignored) = DiagramConfig::from_json(&site);
/// assert!(ignored.is_empty());
/// let mut options = Options { config, theme: Some("forest".into()), ..Options::default() };
/// options.limits.max_nodes = 500;
/// let svg = mmdflow::render_svg("graph TD\n  A --> B", &options).unwrap();
/// assert!(svg.starts_with("<svg"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Site-wide mermaid configuration; the diagram's front-matter and
    /// `%%{init}%%` directives override it. Default: empty (mermaid's
    /// defaults).
    pub config: DiagramConfig,
    /// Theme name, overriding every config (`default`, `dark`, `forest`,
    /// `neutral`, `base`). Default: `None` (the config's theme, else
    /// `default`).
    pub theme: Option<String>,
    /// Safety limits. Default: [`Limits::default`].
    pub limits: Limits,
    /// Prefix of every id in the SVG, so several diagrams can share a page.
    /// Default: `None` (derived from a hash of the input).
    pub svg_id: Option<String>,
    /// Extra font files (TTF/OTF bytes) used for PNG glyphs the embedded font
    /// lacks. Default: empty.
    pub fonts: Vec<Vec<u8>>,
    /// PNG scale factor. Default: 1.0 (as mmdc).
    pub scale: Option<f64>,
    /// PNG width in px (height follows the aspect ratio). Default: `None`.
    pub width: Option<u32>,
    /// PNG height in px. Default: `None`.
    pub height: Option<u32>,
    /// Background: a CSS colour or `transparent`. Default: `None` (white for
    /// PNG, none for SVG, as mmdc).
    pub background: Option<String>,
    /// Extra CSS appended to the SVG's style sheet (mmdc `--cssFile`).
    /// Default: `None`.
    pub css: Option<String>,
}
