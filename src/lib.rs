//! mmdflow turns Mermaid flowchart text into SVG, PNG, PDF and layout JSON: fast,
//! deterministic, and with no browser.
//!
//! One call:
//!
//! ```
//! let svg = mmdflow::render_svg("graph TD\n  A --> B", &mmdflow::Options::default()).unwrap();
//! assert!(svg.starts_with("<svg"));
//! ```
//!
//! Or staged, stopping wherever you need an intermediate result:
//!
//! ```
//! use mmdflow::{parse, layout, render::svg, Options};
//! let options = Options::default();
//! let chart = parse("flowchart LR\n  A --> B", &options).unwrap();
//! let placed = layout(&chart, &options).unwrap();
//! let svg = svg::write(&placed, &options);
//! assert!(svg.contains("</svg>"));
//! ```
// No unsafe code, except the WebAssembly exports' unmangled names (see
// `wasm`), which only exist in that build.
#![cfg_attr(not(all(feature = "wasm", target_arch = "wasm32")), forbid(unsafe_code))]
#![cfg_attr(all(feature = "wasm", target_arch = "wasm32"), deny(unsafe_code))]
#![warn(missing_docs)]

pub mod ast;
mod clock;
pub mod config;
pub mod css;
mod error;
pub mod flowchart;
pub mod input;
pub mod geom;
#[cfg(feature = "html")]
pub mod html;
pub mod icons;
pub mod json_api;
pub mod layout;
pub mod markdown;
#[cfg(feature = "html")]
pub mod mdbook;
mod options;
pub mod parse;
pub mod render;
pub mod shape;
pub mod style;
pub mod text;
#[cfg(all(feature = "wasm", target_arch = "wasm32"))]
#[allow(unsafe_code)]
mod wasm;

pub use config::{DiagramConfig, Ignored, LayoutEngine, Look, Theme};
pub use error::{Error, ErrorKind, Span};
pub use flowchart::Flowchart;
pub use layout::{layout, Layout};
pub use options::{Limits, Options, PaperFormat};
#[cfg(feature = "font-embed")]
pub use options::FontEmbedding;
pub use parse::parse;

/// A warning placed in the source it came from, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceWarning {
    /// What happened.
    pub message: String,
    /// Line (from 1), when the warning has a place in the source.
    pub line: Option<usize>,
    /// Column (from 1, in characters), when the warning has a place.
    pub column: Option<usize>,
}

impl std::fmt::Display for SourceWarning {
    /// `line:column: message`, or the message alone.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "{line}:{column}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl flowchart::Warning {
    /// This warning with its span turned into a line and column of `source`
    /// (the text given to [`parse`]).
    pub fn locate(&self, source: &str) -> SourceWarning {
        let at = self.span.map(|span| markdown::line_column(source, span.start));
        SourceWarning { message: self.message.clone(), line: at.map(|(l, _)| l), column: at.map(|(_, c)| c) }
    }
}

/// What a render made, with the warnings noticed on the way: the parser's
/// (unknown config names, dropped styles, unsafe links, …) placed in the
/// source, then the renderer's (a character no font draws), which have no
/// place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered<T> {
    /// The SVG text, or the PNG or PDF bytes.
    pub output: T,
    /// Warnings in source order, renderer's last.
    pub warnings: Vec<SourceWarning>,
}

/// Parses and lays out `source`, then draws it with `draw`, gathering the
/// warnings of every stage.
fn render_with<T>(
    source: &str,
    options: &Options,
    draw: impl FnOnce(&Layout) -> Result<(T, Vec<String>), Error>,
) -> Result<Rendered<T>, Error> {
    let chart = parse(source, options)?;
    let placed = layout(&chart, options)?;
    let (output, drawn) = draw(&placed)?;
    let mut warnings: Vec<SourceWarning> = chart.warnings.iter().map(|w| w.locate(source)).collect();
    warnings.extend(drawn.into_iter().map(|message| SourceWarning { message, line: None, column: None }));
    Ok(Rendered { output, warnings })
}

/// Parses, lays out and renders `source` to an SVG document. Warnings are
/// dropped; [`render_svg_with_warnings`] returns them.
pub fn render_svg(source: &str, options: &Options) -> Result<String, Error> {
    render_svg_with_warnings(source, options).map(|r| r.output)
}

/// [`render_svg`], also returning its warnings with their lines and columns.
///
/// ```
/// let options = mmdflow::Options::default();
/// let source = "graph TD\n  A --> B\n  style A fill:red,wobble:3\n";
/// let rendered = mmdflow::render_svg_with_warnings(source, &options).unwrap();
/// assert!(rendered.output.starts_with("<svg"));
/// for w in &rendered.warnings {
///     eprintln!("chart.mmd:{w}"); // chart.mmd:3:3: ...
/// }
/// ```
pub fn render_svg_with_warnings(source: &str, options: &Options) -> Result<Rendered<String>, Error> {
    render_with(source, options, |placed| Ok((render::svg::write(placed, options), Vec::new())))
}

/// Parses, lays out and renders `source` to PNG bytes. Warnings are dropped;
/// [`render_png_with_warnings`] returns them.
#[cfg(feature = "png")]
pub fn render_png(source: &str, options: &Options) -> Result<Vec<u8>, Error> {
    render_png_with_warnings(source, options).map(|r| r.output)
}

/// [`render_png`], also returning its warnings.
#[cfg(feature = "png")]
pub fn render_png_with_warnings(source: &str, options: &Options) -> Result<Rendered<Vec<u8>>, Error> {
    render_with(source, options, |placed| render::png::render_with_warnings(placed, options))
}

/// Parses, lays out and renders `source` to PDF bytes (vector, text kept as
/// text; see [`Options::pdf_paper`] for the page). Warnings are dropped;
/// [`render_pdf_with_warnings`] returns them.
#[cfg(feature = "pdf")]
pub fn render_pdf(source: &str, options: &Options) -> Result<Vec<u8>, Error> {
    render_pdf_with_warnings(source, options).map(|r| r.output)
}

/// [`render_pdf`], also returning its warnings.
#[cfg(feature = "pdf")]
pub fn render_pdf_with_warnings(source: &str, options: &Options) -> Result<Rendered<Vec<u8>>, Error> {
    render_with(source, options, |placed| render::pdf::render_with_warnings(placed, options))
}

/// Parses and lays out `source`, returning the layout JSON (the schema of the
/// shared layout tools; README, "Shared material").
pub fn render_json(source: &str, options: &Options) -> Result<String, Error> {
    let chart = parse(source, options)?;
    Ok(layout(&chart, options)?.to_json())
}

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

// Every public value can cross threads (the CLI renders files on a rayon
// pool); this fails to compile if one stops being Send + Sync.
const _: () = {
    fn assert_send_sync<T: Send + Sync>() {}
    #[allow(dead_code)]
    fn check() {
        assert_send_sync::<Options>();
        assert_send_sync::<Flowchart>();
        assert_send_sync::<Layout>();
        assert_send_sync::<Error>();
        assert_send_sync::<markdown::MermaidBlock>();
        assert_send_sync::<markdown::Rewritten>();
    }
};
