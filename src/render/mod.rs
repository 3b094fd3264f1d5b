//! Drawing a finished [`Layout`](crate::Layout): SVG always, PNG with the
//! `png` feature, PDF with the `pdf` feature. Renderers make no layout decisions.

/// Shape geometry, shared with layout (it lives in [`crate::shape::geometry`]).
pub use crate::shape::geometry as shape;
#[cfg(feature = "font-embed")]
mod font_embed;
mod hand_drawn;
mod icon;
pub mod json;
mod rough;
pub mod svg;
pub mod theme;
#[cfg(feature = "png")]
pub mod png;
#[cfg(feature = "pdf")]
pub mod pdf;
