//! Draws an icon node's background and icon (its label is drawn like any
//! node's, at [`IconParts::label_center`](crate::shape::icon::IconParts)).
//!
//! The icon is a nested `<svg>` with the icon's view box, so the icon is
//! scaled to the node's icon box and centred in it whatever its proportions
//! (Iconify's `iconToSVG` with both sides given). Its `color` is the node's
//! stroke, so icons drawn in `currentColor` take the theme's border colour,
//! as in mermaid. The body comes from [`Icon::sanitised_body`]: never the
//! pack's markup as written.

use super::svg::escape;
use crate::icons::{Icon, IconSet};
use crate::layout::NodeIcon;
use crate::shape::icon::IconForm;
use std::fmt::Write as _;

/// Colours an icon node is drawn in, already checked CSS values.
pub(crate) struct IconPaint<'a> {
    /// The background's fill and outline (mermaid draws both in the fill).
    pub background: &'a str,
    /// The icon's `currentColor`.
    pub colour: &'a str,
}

/// Writes the background (for a form) and the icon. `id_prefix` starts the
/// ids of the icon's own definitions (gradients, clip paths), unique per
/// node and diagram.
pub(crate) fn write_icon(out: &mut String, icon: &NodeIcon, icons: &IconSet, paint: &IconPaint, id_prefix: &str) {
    let frame = &icon.parts.frame;
    let fill = escape(&format!("fill:{};stroke:{}", paint.background, paint.background));
    match icon.spec.form {
        IconForm::Plain => {}
        IconForm::Circle => {
            let _ = write!(
                out,
                "<circle class=\"basic label-container icon-shape\" cx=\"{}\" cy=\"{}\" r=\"{}\" style=\"{fill}\"/>",
                n(frame.x),
                n(frame.y),
                n(frame.width / 2.0)
            );
        }
        IconForm::Square | IconForm::Rounded => {
            let r = icon.spec.form.corner_radius();
            let _ = write!(
                out,
                "<rect class=\"basic label-container icon-shape\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{r}\" ry=\"{r}\" style=\"{fill}\"/>",
                n(frame.left()),
                n(frame.top()),
                n(frame.width),
                n(frame.height)
            );
        }
    }
    let drawn = icons.get(&icon.spec.name).unwrap_or_else(|_| Icon::unknown());
    let vb = drawn.view_box();
    let b = &icon.parts.icon;
    let _ = write!(
        out,
        "<svg class=\"icon\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"{} {} {} {}\" style=\"{}\">{}</svg>",
        n(b.left()),
        n(b.top()),
        n(b.width),
        n(b.height),
        n(vb.left),
        n(vb.top),
        n(vb.width),
        n(vb.height),
        escape(&format!("color:{}", paint.colour)),
        drawn.sanitised_body(id_prefix)
    );
}

/// Mermaid gives an icon's label the edge labels' background
/// (`.icon-shape p { background-color: edgeLabelBackground }`), so it stays
/// readable where an edge passes behind it.
pub(crate) fn write_label_background(out: &mut String, icon: &NodeIcon, label: &crate::text::TextBlock, background: &str) {
    if label.plain_text().trim().is_empty() {
        return;
    }
    let c = icon.parts.label_center;
    let (w, h) = (label.width, label.height.max(label.line_height));
    let _ = write!(
        out,
        "<rect class=\"labelBkg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" style=\"{}\"/>",
        n(c.x - w / 2.0),
        n(c.y - h / 2.0),
        n(w),
        n(h),
        escape(&format!("fill:{background};stroke:none"))
    );
}

/// A coordinate: three decimals at most.
fn n(v: f64) -> String {
    let r = (v * 1000.0).round() / 1000.0;
    format!("{}", if r == 0.0 { 0.0 } else { r })
}
