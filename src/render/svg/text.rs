//! Labels as `<text>`/`<tspan>`, with the lines and spans
//! [`crate::text`] measured, so what layout sized is what is drawn, in the
//! browser and in the PNG.

use super::escape;
use crate::geom::{Num as n, Point};
use crate::text::TextBlock;
use std::fmt::Write as _;

/// Metrics of Liberation Sans (= Arial): ascent and descent per em. Used to
/// put the baseline where an HTML line box of `line-height: 1.5` has it.
const ASCENT: f64 = 0.905;
const DESCENT: f64 = 0.212;
/// See [`write_text`].
const BASELINE_SHIFT: f64 = 0.06;

/// Writes a label block centred on `center`, as one `<text>` with a
/// `<tspan>` per line and nested ones for bold / italic spans. `style` is
/// the escaped `style` attribute value (the label's paint).
pub(super) fn write_text(out: &mut String, block: &TextBlock, center: Point, style: &str, class: &str) {
    if block.lines.iter().all(|l| l.spans.iter().all(|s| s.text.trim().is_empty())) {
        return;
    }
    let fs = block.font_size;
    let lh = block.line_height.max(fs);
    let top = center.y - block.lines.len() as f64 * lh / 2.0;
    // Half-leading plus ascent, as a CSS line box centres the font; Chromium
    // draws mermaid's labels about 0.06 em higher than that (measured on
    // mermaid's own PNGs of the same labels), so we follow it.
    let baseline = (lh - (ASCENT + DESCENT) * fs) / 2.0 + ASCENT * fs - BASELINE_SHIFT * fs;
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{}\" text-anchor=\"middle\" font-size=\"{}\" style=\"{}\">",
        n(center.x),
        n(fs),
        style
    );
    for (i, line) in block.lines.iter().enumerate() {
        let _ = write!(out, "<tspan x=\"{}\" y=\"{}\">", n(center.x), n(top + i as f64 * lh + baseline));
        for span in &line.spans {
            let mut attrs = String::new();
            if span.bold {
                attrs.push_str(" font-weight=\"bold\"");
            }
            if span.italic {
                attrs.push_str(" font-style=\"italic\"");
            }
            // The space between two spans ends the earlier one (text.rs),
            // so SVG's white-space collapsing keeps it.
            if attrs.is_empty() {
                out.push_str(&escape(&span.text));
            } else {
                let _ = write!(out, "<tspan{attrs}>{}</tspan>", escape(&span.text));
            }
        }
        out.push_str("</tspan>");
    }
    out.push_str("</text>");
}
