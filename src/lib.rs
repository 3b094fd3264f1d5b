//! mmdflow turns Mermaid flowchart text into SVG, PNG and layout JSON: fast,
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
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ast;
pub mod config;
pub mod css;
mod error;
pub mod flowchart;
pub mod input;
pub mod geom;
pub mod layout;
pub mod markdown;
mod options;
pub mod parse;
pub mod render;
pub mod shape;
pub mod text;

pub use config::DiagramConfig;
pub use error::{Error, ErrorKind, Span};
pub use flowchart::Flowchart;
pub use layout::{layout, Layout};
pub use options::{Limits, Options};
pub use parse::parse;

/// Parses, lays out and renders `source` to an SVG document.
pub fn render_svg(source: &str, options: &Options) -> Result<String, Error> {
    let chart = parse(source, options)?;
    let placed = layout(&chart, options)?;
    Ok(render::svg::write(&placed, options))
}

/// Parses, lays out and renders `source` to PNG bytes.
#[cfg(feature = "png")]
pub fn render_png(source: &str, options: &Options) -> Result<Vec<u8>, Error> {
    let chart = parse(source, options)?;
    let placed = layout(&chart, options)?;
    render::png::render(&placed, options)
}

/// Parses and lays out `source`, returning the layout JSON of
/// `tools/layout/SCHEMA.md`.
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
