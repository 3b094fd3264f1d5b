//! Geometry of icon nodes (`A@{ icon: "logos:rust", form: square, label: "Rust", pos: t, h: 64 }`),
//! after mermaid 12's `icon`, `iconSquare`, `iconRounded` and `iconCircle`
//! handlers.
//!
//! An icon node is a column: the icon's frame (the icon alone, or the icon on
//! a square, rounded or round background) and the label under it (`pos: b`,
//! the default) or over it (`pos: t`), 8 px apart when there is a label. The
//! node's box is as wide as the wider of the two. The icon is drawn
//! `size` × `size` (the larger of `w` and `h`, 48 by default) in the middle
//! of its frame.

use crate::geom::{Point, Rect};
use crate::text::TextBlock;
use serde::Serialize;

/// Icon side when neither `w` nor `h` is given (mermaid's `assetHeight ?? 48`).
pub const DEFAULT_ICON_SIZE: f64 = 48.0;
/// Gap between the frame and a label.
const LABEL_GAP: f64 = 8.0;
/// Room around the icon inside a round background, beyond the icon's
/// diagonal (mermaid's `iconCircle` padding, on each side).
const CIRCLE_PADDING: f64 = 20.0;
/// Largest icon side taken from `w`/`h`; larger values are clamped (they
/// only make a drawing nobody can view).
const MAX_ICON_SIZE: f64 = 2_000.0;

/// The background an icon sits on (`form:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum IconForm {
    /// No `form`: the icon alone.
    Plain,
    /// `form: square`: a square with barely rounded corners.
    Square,
    /// `form: rounded`: a square with 5 px corners.
    Rounded,
    /// `form: circle`: a disc.
    Circle,
}

impl IconForm {
    /// `form:`'s value; an unknown one is mermaid's plain icon.
    pub fn from_name(name: Option<&str>) -> IconForm {
        match name.map(str::trim) {
            Some("square") => IconForm::Square,
            Some("rounded") => IconForm::Rounded,
            Some("circle") => IconForm::Circle,
            _ => IconForm::Plain,
        }
    }

    /// Corner radius of the background.
    pub fn corner_radius(self) -> f64 {
        match self {
            IconForm::Square => 0.1,
            IconForm::Rounded => 5.0,
            IconForm::Plain | IconForm::Circle => 0.0,
        }
    }
}

/// Which side of the icon the label is on (`pos:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum IconLabelSide {
    /// `pos: t`.
    Top,
    /// `pos: b`, the default.
    Bottom,
}

/// What the layout needs to size and place an icon node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IconSpec {
    /// The icon's name, as written (`logos:rust`).
    pub name: String,
    /// Side of the drawn icon.
    pub size: f64,
    /// Its background.
    pub form: IconForm,
    /// Where the label goes.
    pub label_side: IconLabelSide,
}

impl IconSpec {
    /// From a node's `icon`, `w`/`h`, `form` and `pos` values.
    pub fn new(name: &str, asset_width: Option<f64>, asset_height: Option<f64>, form: Option<&str>, pos: Option<&str>) -> IconSpec {
        let side = |v: Option<f64>| v.filter(|v| v.is_finite() && *v > 0.0).map(|v| v.min(MAX_ICON_SIZE));
        let size = match (side(asset_width), side(asset_height)) {
            (None, None) => DEFAULT_ICON_SIZE,
            (w, h) => w.unwrap_or(0.0).max(h.unwrap_or(0.0)),
        };
        let label_side = if pos.map(str::trim) == Some("t") { IconLabelSide::Top } else { IconLabelSide::Bottom };
        IconSpec { name: name.trim().to_string(), size, form: IconForm::from_name(form), label_side }
    }

    /// Side of the frame: the icon, or its background.
    fn frame_side(&self, padding: f64) -> f64 {
        match self.form {
            IconForm::Plain => self.size,
            // Half a padding on each side.
            IconForm::Square | IconForm::Rounded => self.size + padding,
            IconForm::Circle => self.size * std::f64::consts::SQRT_2 + 2.0 * CIRCLE_PADDING,
        }
    }
}

/// The parts of a placed icon node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IconParts {
    /// The background's box (drawn for every form but [`IconForm::Plain`]).
    pub frame: Rect,
    /// Where the icon is drawn.
    pub icon: Rect,
    /// Centre of the label.
    pub label_center: Point,
}

/// The label's box, or nothing for an empty label.
fn label_extent(label: &TextBlock) -> (f64, f64) {
    if label.plain_text().trim().is_empty() {
        (0.0, 0.0)
    } else {
        (label.width, label.height.max(label.line_height))
    }
}

/// Width and height of an icon node with `label`; `padding` is
/// `flowchart.padding`.
pub fn icon_node_size(spec: &IconSpec, label: &TextBlock, padding: f64) -> (f64, f64) {
    let frame = spec.frame_side(padding);
    let (lw, lh) = label_extent(label);
    let gap = if lh > 0.0 { LABEL_GAP } else { 0.0 };
    (frame.max(lw), frame + gap + lh)
}

/// The parts of an icon node placed at `node`.
pub fn icon_parts(spec: &IconSpec, node: &Rect, label: &TextBlock, padding: f64) -> IconParts {
    let side = spec.frame_side(padding);
    let (_, lh) = label_extent(label);
    let cx = node.center().x;
    let (frame_top, label_y) = match spec.label_side {
        IconLabelSide::Bottom => (node.top(), node.bottom() - lh / 2.0),
        IconLabelSide::Top => (node.bottom() - side, node.top() + lh / 2.0),
    };
    let frame = Rect::new(cx, frame_top + side / 2.0, side, side);
    let icon = Rect::new(cx, frame.center().y, spec.size, spec.size);
    IconParts { frame, icon, label_center: Point::new(cx, label_y) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flowchart::{Label, LabelKind};
    use crate::text::{layout_label, TextStyle};

    fn label(text: &str) -> TextBlock {
        layout_label(&Label { text: text.into(), kind: LabelKind::Text }, &TextStyle::default(), Some(200.0))
    }

    #[test]
    fn size_is_the_larger_asset_side_or_48() {
        assert_eq!(IconSpec::new("a:b", None, None, None, None).size, 48.0);
        assert_eq!(IconSpec::new("a:b", Some(30.0), Some(60.0), None, None).size, 60.0);
        assert_eq!(IconSpec::new("a:b", None, Some(20.0), None, None).size, 20.0);
        assert_eq!(IconSpec::new("a:b", Some(f64::NAN), Some(-3.0), None, None).size, 48.0);
        assert_eq!(IconSpec::new("a:b", Some(1e12), None, None, None).size, MAX_ICON_SIZE);
    }

    #[test]
    fn forms_and_sides_parse() {
        assert_eq!(IconForm::from_name(Some("square")), IconForm::Square);
        assert_eq!(IconForm::from_name(Some("circle")), IconForm::Circle);
        assert_eq!(IconForm::from_name(Some("rounded")), IconForm::Rounded);
        assert_eq!(IconForm::from_name(Some("blob")), IconForm::Plain);
        assert_eq!(IconSpec::new("a:b", None, None, None, Some("t")).label_side, IconLabelSide::Top);
        assert_eq!(IconSpec::new("a:b", None, None, None, Some("b")).label_side, IconLabelSide::Bottom);
    }

    #[test]
    fn an_unlabelled_plain_icon_is_its_own_size() {
        let spec = IconSpec::new("a:b", None, None, None, None);
        assert_eq!(icon_node_size(&spec, &label(""), 15.0), (48.0, 48.0));
    }

    #[test]
    fn a_label_goes_under_the_frame_with_a_gap() {
        let spec = IconSpec::new("a:b", None, None, Some("square"), None);
        let text = label("A rather long label");
        let (w, h) = icon_node_size(&spec, &text, 15.0);
        assert_eq!(w, text.width.max(63.0));
        assert_eq!(h, 63.0 + 8.0 + text.height.max(text.line_height));
        let node = Rect::new(100.0, 100.0, w, h);
        let parts = icon_parts(&spec, &node, &text, 15.0);
        assert_eq!(parts.frame.top(), node.top());
        assert_eq!(parts.frame.width, 63.0);
        assert_eq!(parts.icon.center(), parts.frame.center());
        assert!(parts.label_center.y > parts.frame.bottom() + 8.0 - 1e-9);
        assert!((parts.label_center.y + text.height.max(text.line_height) / 2.0 - node.bottom()).abs() < 1e-9);
    }

    #[test]
    fn pos_t_puts_the_label_on_top() {
        let spec = IconSpec::new("a:b", None, None, Some("circle"), Some("t"));
        let text = label("Top");
        let (w, h) = icon_node_size(&spec, &text, 15.0);
        let node = Rect::new(0.0, 0.0, w, h);
        let parts = icon_parts(&spec, &node, &text, 15.0);
        assert!((parts.frame.bottom() - node.bottom()).abs() < 1e-9);
        assert!(parts.label_center.y < parts.frame.top());
        let d = 48.0 * std::f64::consts::SQRT_2 + 40.0;
        assert!((parts.frame.width - d).abs() < 1e-9);
    }
}
