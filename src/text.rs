//! Text: the embedded font, measuring, wrapping and markdown spans.
//!
//! Layout asks this module for the size of every label, and the renderers use
//! the same lines and the same font, so what is measured is what is drawn.
//!
//! PROVISIONAL: measurement below is a per-character estimate until the
//! harfrust-based measurement with the embedded Liberation Sans lands
//! (see the rendering issue). The API is the contract.

use crate::flowchart::{Label, LabelKind};
use serde::Serialize;

/// The embedded font family name, first in every SVG `font-family` list.
pub const FONT_FAMILY: &str = "Liberation Sans";

/// Liberation Sans Regular (SIL OFL 1.1, see assets/fonts/).
pub static FONT_REGULAR: &[u8] = include_bytes!("../assets/fonts/LiberationSans-Regular.ttf");
/// Liberation Sans Bold.
pub static FONT_BOLD: &[u8] = include_bytes!("../assets/fonts/LiberationSans-Bold.ttf");
/// Liberation Sans Italic.
pub static FONT_ITALIC: &[u8] = include_bytes!("../assets/fonts/LiberationSans-Italic.ttf");
/// Liberation Sans Bold Italic.
pub static FONT_BOLD_ITALIC: &[u8] = include_bytes!("../assets/fonts/LiberationSans-BoldItalic.ttf");

/// Font settings for measuring one label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Font size in px.
    pub font_size: f64,
    /// Line height as a multiple of the font size (mermaid's labels: 1.5).
    pub line_height: f64,
    /// Bold by default (a `font-weight: bold` style).
    pub bold: bool,
    /// Italic by default.
    pub italic: bool,
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle { font_size: 16.0, line_height: 1.5, bold: false, italic: false }
    }
}

/// A run of text with one style, inside a line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextSpan {
    /// The characters.
    pub text: String,
    /// Bold (markdown `**…**`).
    pub bold: bool,
    /// Italic (markdown `*…*` / `_…_`).
    pub italic: bool,
    /// Advance width in px.
    pub width: f64,
}

/// One line of a laid-out label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextLine {
    /// Styled runs, left to right.
    pub spans: Vec<TextSpan>,
    /// Advance width of the whole line in px.
    pub width: f64,
}

/// A label broken into lines and measured.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct TextBlock {
    /// The lines, top to bottom.
    pub lines: Vec<TextLine>,
    /// Width of the widest line.
    pub width: f64,
    /// Total height: lines × font size × line height.
    pub height: f64,
    /// Font size used.
    pub font_size: f64,
    /// Line height in px.
    pub line_height: f64,
}

impl TextBlock {
    /// The plain text, lines joined with `\n`.
    pub fn plain_text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Advance width of `text` on one line, in px.
pub fn measure_line(text: &str, style: &TextStyle) -> f64 {
    // PROVISIONAL estimate (average Arial advance ~0.55 em).
    text.chars().count() as f64 * style.font_size * 0.55
}

/// Lays out a label: splits at `\n`, parses markdown spans for markdown
/// labels, and wraps lines longer than `wrap_width` px at spaces (a word
/// longer than the width is broken between characters). `wrap_width` of
/// `None` means no wrapping.
pub fn layout_label(label: &Label, style: &TextStyle, wrap_width: Option<f64>) -> TextBlock {
    let _ = (label.kind == LabelKind::Markdown, wrap_width);
    let line_px = style.font_size * style.line_height;
    let lines: Vec<TextLine> = label
        .text
        .split('\n')
        .map(|l| {
            let w = measure_line(l, style);
            TextLine {
                spans: vec![TextSpan { text: l.to_string(), bold: style.bold, italic: style.italic, width: w }],
                width: w,
            }
        })
        .collect();
    let width = lines.iter().map(|l| l.width).fold(0.0, f64::max);
    let height = if label.text.is_empty() { 0.0 } else { lines.len() as f64 * line_px };
    TextBlock { lines, width, height, font_size: style.font_size, line_height: line_px }
}
