//! Resolved paint ([`crate::style`]) as `style` attribute text, and the
//! classes that let a second (dark) palette repaint theme colours.
//!
//! Every element carries its final colours inline, so renderers with little
//! CSS support (usvg) draw the same picture as browsers. Declarations come
//! out in property-name order, whatever set them.

use super::escape_into;
use crate::render::theme::Palette;
use crate::style::{Origin, Paint, Role, ShapeStyle, Stroke, TextStyle, Written};
use crate::css::Property;
use std::fmt::Write as _;

/// The declarations of one `style` attribute, one slot per property, so
/// they come out in property-name order ([`Property`]'s).
#[derive(Default)]
pub(super) struct Decls<'a> {
    values: [Option<&'a str>; Property::NAMES.len()],
}

impl<'a> Decls<'a> {
    pub(super) fn set(&mut self, property: Property, value: &'a str) {
        self.values[property as usize] = Some(value);
    }

    /// Sets `property` to a value's CSS text if the style has the value.
    fn set_written<T>(&mut self, property: Property, value: &'a Option<Written<T>>) {
        if let Some(v) = value {
            self.set(property, &v.css);
        }
    }

    /// Drops `property`.
    pub(super) fn remove(&mut self, property: Property) {
        self.values[property as usize] = None;
    }

    /// The declarations as an escaped `style` attribute value, appended to
    /// `out`.
    pub(super) fn write_into(&self, out: &mut String) {
        let set = self.values.iter().enumerate().filter_map(|(i, v)| Some((Property::NAMES[i].0, (*v)?)));
        for (i, (k, v)) in set.enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(k);
            out.push(':');
            escape_into(out, v);
        }
    }

    /// The declarations, unescaped, for drawings that write their own
    /// elements (the handDrawn look).
    pub(super) fn to_map(&self) -> std::collections::BTreeMap<String, String> {
        let set = self.values.iter().enumerate().filter_map(|(i, v)| Some((Property::NAMES[i].0, (*v)?)));
        set.map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    /// [`Decls::write_into`] as a string.
    pub(super) fn attr(&self) -> String {
        let mut out = String::new();
        self.write_into(&mut out);
        out
    }
}

/// The CSS text of a paint; the node gradient is `gradient` (its
/// `url(#…)` reference, which only the writer knows).
pub(super) fn paint_css<'a>(paint: &'a Paint, gradient: &'a str) -> &'a str {
    match paint {
        Paint::None => "none",
        Paint::Colour(c) => &c.css,
        Paint::NodeGradient => gradient,
    }
}

/// The stroke's declarations.
pub(super) fn stroke_decls<'a>(d: &mut Decls<'a>, s: &'a Stroke, gradient: &'a str) {
    d.set(Property::Stroke, paint_css(&s.paint, gradient));
    d.set(Property::StrokeWidth, &s.width.css);
    d.set_written(Property::StrokeDasharray, &s.dasharray);
    d.set_written(Property::StrokeOpacity, &s.opacity);
    d.set_written(Property::StrokeLinecap, &s.linecap);
    d.set_written(Property::StrokeLinejoin, &s.linejoin);
}

/// An outline's declarations: fill, its opacity, the element's opacity and
/// the stroke.
pub(super) fn shape_decls<'a>(s: &'a ShapeStyle, gradient: &'a str) -> Decls<'a> {
    let mut d = Decls::default();
    d.set(Property::Fill, paint_css(&s.fill, gradient));
    d.set_written(Property::FillOpacity, &s.fill_opacity);
    d.set_written(Property::Opacity, &s.opacity);
    stroke_decls(&mut d, &s.stroke, gradient);
    d
}

/// A label's declarations: colour as `fill`, then weight, style,
/// decoration and opacity.
pub(super) fn text_decls(t: &TextStyle) -> Decls<'_> {
    let mut d = Decls::default();
    d.set(Property::Fill, &t.colour.css);
    d.set_written(Property::FontWeight, &t.weight);
    d.set_written(Property::FontStyle, &t.style);
    d.set_written(Property::TextDecoration, &t.decoration);
    d.set_written(Property::Opacity, &t.opacity);
    d
}

/// The short name of a role in the dark palette's classes.
fn key(role: Role) -> &'static str {
    match role {
        Role::NodeFill => "nf",
        Role::NodeBorder => "nb",
        Role::NodeText => "nt",
        Role::Text => "tx",
        Role::Line => "ln",
        Role::EdgeLabelBg => "lb",
        Role::ClusterFill => "cf",
        Role::ClusterBorder => "cb",
        Role::Title => "ti",
    }
}

/// The palette's colour in `role`.
pub(super) fn role_colour(role: Role, t: &Palette) -> &str {
    match role {
        Role::NodeFill => &t.node_fill,
        Role::NodeBorder => &t.node_border,
        Role::NodeText => &t.node_text,
        Role::Text => &t.text,
        Role::Line => &t.line,
        Role::EdgeLabelBg => &t.edge_label_bg,
        Role::ClusterFill => &t.cluster_fill,
        Role::ClusterBorder => &t.cluster_border,
        Role::Title => &t.title,
    }
}

/// Marks elements for the dark palette; does nothing without one, so the
/// single-palette output is unchanged.
pub(super) struct DarkPalette {
    pub(super) dark: Option<Palette>,
}

impl DarkPalette {
    /// ` mf-fill-nf …` for each `(property, origin)` whose colour is still
    /// the theme's in the role the class names: a `classDef` or `style`
    /// colour is the author's, and stays in both modes.
    pub(super) fn classes(&self, pairs: &[(&str, Option<Origin>)]) -> String {
        let mut out = String::new();
        if self.dark.is_some() {
            for &(property, origin) in pairs {
                if let Some(Origin::Theme(role)) = origin {
                    let _ = write!(out, " mf-{property}-{}", key(role));
                }
            }
        }
        out
    }

    /// The dark palette's rules, each winning over the inline style.
    pub(super) fn media_rules(&self, id: &str) -> String {
        let Some(dark) = &self.dark else { return String::new() };
        let mut rules = String::new();
        for role in Role::ALL {
            let Some(colour) = crate::css::colour(role_colour(role, dark)) else { continue };
            for prop in ["fill", "stroke"] {
                let _ = write!(rules, "#{id} .mf-{prop}-{}{{{prop}:{colour} !important;}}", key(role));
            }
        }
        format!("@media (prefers-color-scheme: dark){{{rules}}}")
    }
}
