//! The one options struct of the library.

use crate::config::{DiagramConfig, Look, Theme};

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
/// use mmdflow::{DiagramConfig, Options, Theme};
///
/// let site = serde_json::json!({ "flowchart": { "curve": "linear" } });
/// let (config, ignored) = DiagramConfig::from_json(&site);
/// assert!(ignored.is_empty());
/// let mut options = Options { config, theme: Some(Theme::Forest), ..Options::default() };
/// assert!("forrest".parse::<Theme>().is_err(), "a misspelled name is an error, not a default");
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
    /// Theme, overriding every config. From a name: `"forest".parse()?`,
    /// which is an error for a name mmdflow does not know. Default: `None`
    /// (the config's theme, else [`Theme::Default`]).
    pub theme: Option<Theme>,
    /// Look, overriding every config: [`Look::Neo`] draws mermaid 12's neo
    /// look (orthogonal edges, shadows, its arrow heads and paddings).
    /// Default: `None` (the config's look, else [`Look::Classic`]).
    pub look: Option<Look>,
    /// Safety limits. Default: [`Limits::default`].
    pub limits: Limits,
    /// Prefix of every id in the SVG (made XML-safe; `mmd-` is put before
    /// one that does not start with a letter). Default: `None`, which is
    /// `mmd-` and a hash of what the diagram draws: the same diagram always
    /// gets the same id, so a page that shows one diagram twice, inline,
    /// would repeat its ids. A site builder inlining several diagrams in one
    /// page sets one id per diagram, from the page and the diagram's place
    /// in it (`format!("{page}-{n}")`, see `examples/site_builder.rs`); the
    /// CLI uses the input's file name and block number.
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
    /// Size of the diagram's largest side in px, as mmdc 12's `--size`: PNG
    /// pixels (times `scale`), the SVG's `max-width`/`max-height`, the PDF's
    /// CSS px (1/96 inch). Beats `width` and `height`. Default: `None`
    /// (the diagram's own size).
    pub size: Option<u32>,
    /// PDF page: `None` makes the page the diagram's size; a paper format
    /// places the diagram on that page, shrunk to fit. Default: `None`.
    pub pdf_paper: Option<PaperFormat>,
    /// Background: a CSS colour or `transparent`. Default: `None` (white for
    /// PNG, none for SVG, as mmdc).
    pub background: Option<String>,
    /// Extra CSS appended to the SVG's style sheet (mmdc `--cssFile`),
    /// scoped to the diagram's id. Default: `None`.
    pub css: Option<String>,
    /// A second theme for readers in dark mode: the SVG carries its palette
    /// under `@media (prefers-color-scheme: dark)`, while `theme` (or the
    /// config's) stays the light one. PNG and PDF output cannot carry two palettes
    /// and draws the light one. Default: `None` (one palette).
    pub dark_theme: Option<Theme>,
    /// Iconify packs for `@{ icon: "prefix:name" }` nodes, from Iconify JSON
    /// the caller read (`IconPack::from_json`); nothing is fetched. An icon
    /// no pack has draws mermaid's placeholder and gives a warning. Default:
    /// none.
    ///
    /// ```
    /// use mmdflow::icons::IconPack;
    /// let mut options = mmdflow::Options::default();
    /// let json = r#"{"prefix":"demo","icons":{"dot":{"body":"<circle cx=\"8\" cy=\"8\" r=\"6\"/>"}}}"#;
    /// options.icons.add(IconPack::from_json(json).unwrap());
    /// let svg = mmdflow::render_svg("flowchart TD\n  A@{ icon: \"demo:dot\", label: \"Dot\" }", &options).unwrap();
    /// assert!(svg.contains("<circle cx=\"8\" cy=\"8\" r=\"6\"/>"));
    /// ```
    pub icons: crate::icons::IconSet,
    /// Whether an SVG carries its label font (mmdc's `--font-embed`; feature
    /// `font-embed`). Default: [`FontEmbedding::None`].
    #[cfg(feature = "font-embed")]
    pub font_embedding: FontEmbedding,
}

/// Whether an SVG carries the font its labels were measured with.
#[cfg(feature = "font-embed")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FontEmbedding {
    /// The SVG names the font (Liberation Sans, then Arial and mermaid's
    /// list); viewers use what they have.
    #[default]
    None,
    /// The glyphs the diagram uses, as base64 `@font-face` rules: the same
    /// look on machines without an Arial-metric font, for a few kilobytes.
    UsedGlyphs,
}

/// A PDF paper size, as mmdc's `--pdf-paper-format` (puppeteer's formats).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperFormat {
    /// 8.5 × 11 in.
    Letter,
    /// 8.5 × 14 in.
    Legal,
    /// 11 × 17 in.
    Tabloid,
    /// 17 × 11 in.
    Ledger,
    /// 841 × 1189 mm.
    A0,
    /// 594 × 841 mm.
    A1,
    /// 420 × 594 mm.
    A2,
    /// 297 × 420 mm.
    A3,
    /// 210 × 297 mm.
    A4,
    /// 148 × 210 mm.
    A5,
    /// 105 × 148 mm.
    A6,
}

impl PaperFormat {
    /// Every format, in mmdc's order.
    pub const ALL: [PaperFormat; 11] = [
        PaperFormat::Letter,
        PaperFormat::Legal,
        PaperFormat::Tabloid,
        PaperFormat::Ledger,
        PaperFormat::A0,
        PaperFormat::A1,
        PaperFormat::A2,
        PaperFormat::A3,
        PaperFormat::A4,
        PaperFormat::A5,
        PaperFormat::A6,
    ];

    /// The name mmdc uses (`Letter`, `A4`, …).
    pub fn name(self) -> &'static str {
        match self {
            PaperFormat::Letter => "Letter",
            PaperFormat::Legal => "Legal",
            PaperFormat::Tabloid => "Tabloid",
            PaperFormat::Ledger => "Ledger",
            PaperFormat::A0 => "A0",
            PaperFormat::A1 => "A1",
            PaperFormat::A2 => "A2",
            PaperFormat::A3 => "A3",
            PaperFormat::A4 => "A4",
            PaperFormat::A5 => "A5",
            PaperFormat::A6 => "A6",
        }
    }
}

impl std::str::FromStr for PaperFormat {
    type Err = crate::Error;

    /// Case-insensitive: `a4` and `letter` work too.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        PaperFormat::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(s)).ok_or_else(|| {
            let names: Vec<&str> = PaperFormat::ALL.iter().map(|f| f.name()).collect();
            crate::Error::new(
                crate::ErrorKind::Config,
                format!("unknown paper format '{s}' (expected one of {})", names.join(", ")),
            )
        })
    }
}
