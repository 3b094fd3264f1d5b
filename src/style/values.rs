//! Typed style values: what one declaration means once it has passed the
//! CSS gate ([`crate::css::check`]), with the author's spelling kept so the
//! SVG says what the author wrote.

use crate::css::Property;

/// A checked CSS value: its meaning, and its text as written (trimmed,
/// without `!important`), which is what the SVG carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Written<T> {
    /// What the value means.
    pub value: T,
    /// The value as CSS text.
    pub css: String,
}

/// A theme colour's part in the drawing: which theme variable it is, so a
/// second (dark) palette can repaint it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Node fill (`mainBkg`).
    NodeFill,
    /// Node outline (`nodeBorder`).
    NodeBorder,
    /// Node labels (`nodeTextColor`).
    NodeText,
    /// Other text, edge labels (`textColor`).
    Text,
    /// Edges and arrow heads (`lineColor`).
    Line,
    /// Edge label background (`edgeLabelBackground`).
    EdgeLabelBg,
    /// Cluster fill (`clusterBkg`).
    ClusterFill,
    /// Cluster outline (`clusterBorder`).
    ClusterBorder,
    /// Cluster titles and the diagram title (`titleColor`).
    Title,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 9] = [
        Role::NodeFill,
        Role::NodeBorder,
        Role::NodeText,
        Role::Text,
        Role::Line,
        Role::EdgeLabelBg,
        Role::ClusterFill,
        Role::ClusterBorder,
        Role::Title,
    ];
}

/// Where a resolved value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The theme, in this role.
    Theme(Role),
    /// The theme's per-cluster colour slot (the `*-color` themes).
    Slot,
    /// The author: a `classDef`, `style` or `linkStyle`.
    Author,
}

/// A colour: checked CSS colour text and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Colour {
    /// The CSS colour, as written (by the theme or the author).
    pub css: String,
    /// Theme or author.
    pub origin: Origin,
}

impl Colour {
    /// A theme colour in `role`.
    pub fn theme(css: &str, role: Role) -> Colour {
        Colour { css: css.to_string(), origin: Origin::Theme(role) }
    }
}

/// What fills or strokes a shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Paint {
    /// `none`.
    None,
    /// A colour.
    Colour(Colour),
    /// The look's node gradient (`useGradient` themes in the neo look),
    /// drawn from the theme's gradient colours.
    NodeGradient,
}

impl Paint {
    /// The paint's colour, if it is one.
    pub fn colour(&self) -> Option<&Colour> {
        match self {
            Paint::Colour(c) => Some(c),
            _ => None,
        }
    }

    /// Where the paint came from (`None` for `none` and the gradient).
    pub fn origin(&self) -> Option<Origin> {
        self.colour().map(|c| c.origin)
    }

    /// A checked `fill`/`stroke` value: `none` or a colour.
    pub(crate) fn author(css: &str) -> Paint {
        if css.eq_ignore_ascii_case("none") {
            Paint::None
        } else {
            Paint::Colour(Colour { css: css.to_string(), origin: Origin::Author })
        }
    }
}

/// A length (`stroke-width`, `font-size`): its size in px where it has one
/// without a reference box (`%` has none), and its CSS text.
#[derive(Debug, Clone, PartialEq)]
pub struct Length {
    /// The size in px (`em` counts 16 px), `None` for `%`.
    pub px: Option<f64>,
    /// The CSS text.
    pub css: String,
}

impl Length {
    /// A length in px, written `{px}px`.
    pub fn px(px: f64) -> Length {
        Length { px: Some(px), css: format!("{}px", crate::geom::fmt_num(px)) }
    }
}

/// `stroke-linecap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineCap {
    /// `butt`
    Butt,
    /// `round`
    Round,
    /// `square`
    Square,
}

/// `stroke-linejoin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineJoin {
    /// `miter`
    Miter,
    /// `round`
    Round,
    /// `bevel`
    Bevel,
    /// `miter-clip`
    MiterClip,
    /// `arcs`
    Arcs,
}

/// `font-weight`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontWeight {
    /// `normal` (400).
    Normal,
    /// `bold` (700).
    Bold,
    /// `bolder`: heavier than the inherited weight.
    Bolder,
    /// `lighter`.
    Lighter,
    /// A number from 1 to 1000.
    Number(u16),
}

/// `font-style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontStyle {
    /// `normal`
    Normal,
    /// `italic`
    Italic,
    /// `oblique`
    Oblique,
}

/// `text-decoration` lines (all false for `none`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextDecoration {
    /// `underline`
    pub underline: bool,
    /// `overline`
    pub overline: bool,
    /// `line-through`
    pub line_through: bool,
}

/// An edge's moving dash (`e1@{ animate: true }` or `animation: slow`),
/// mermaid's `edge-animation-fast` / `edge-animation-slow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Animation {
    /// One cycle in 50 s.
    Slow,
    /// One cycle in 20 s.
    Fast,
}

impl Animation {
    /// The animation metadata names: `slow` is slow, any other value (and
    /// `animate: true`) fast, as mermaid's renderer treats them.
    pub fn from_metadata(name: &str) -> Animation {
        if name == "slow" {
            Animation::Slow
        } else {
            Animation::Fast
        }
    }

    /// `slow` or `fast`, the suffix of mermaid's class.
    pub fn name(self) -> &'static str {
        match self {
            Animation::Slow => "slow",
            Animation::Fast => "fast",
        }
    }
}

/// A stroke, as usvg's `Stroke` is: paint, width, dashes, opacity, caps
/// and joins.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    /// The paint.
    pub paint: Paint,
    /// `stroke-width`.
    pub width: Length,
    /// `stroke-dasharray`, lengths in px (empty for `none`).
    pub dasharray: Option<Written<Vec<f64>>>,
    /// `stroke-opacity`, 0 to 1.
    pub opacity: Option<Written<f64>>,
    /// `stroke-linecap`.
    pub linecap: Option<Written<LineCap>>,
    /// `stroke-linejoin`.
    pub linejoin: Option<Written<LineJoin>>,
}

/// An outline's paint: fill, stroke and the element's own opacity.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeStyle {
    /// `fill`.
    pub fill: Paint,
    /// `fill-opacity`, 0 to 1.
    pub fill_opacity: Option<Written<f64>>,
    /// `opacity`, 0 to 1.
    pub opacity: Option<Written<f64>>,
    /// The outline.
    pub stroke: Stroke,
}

/// How a label's text is painted.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    /// Text colour (`color`; mermaid's HTML labels take CSS `color`).
    pub colour: Colour,
    /// `font-weight`.
    pub weight: Option<Written<FontWeight>>,
    /// `font-style`.
    pub style: Option<Written<FontStyle>>,
    /// `text-decoration`.
    pub decoration: Option<Written<TextDecoration>>,
    /// `opacity`, 0 to 1.
    pub opacity: Option<Written<f64>>,
}

/// The typed meaning of a checked value of `property`, or `None` for
/// properties the drawing does not use.
pub(crate) fn parse_keyword<T: Copy>(css: &str, words: &[(&str, T)]) -> Option<T> {
    words.iter().find(|(w, _)| w.eq_ignore_ascii_case(css)).map(|(_, t)| *t)
}

impl LineCap {
    pub(crate) fn parse(css: &str) -> Option<LineCap> {
        parse_keyword(css, &[("butt", LineCap::Butt), ("round", LineCap::Round), ("square", LineCap::Square)])
    }
}

impl LineJoin {
    pub(crate) fn parse(css: &str) -> Option<LineJoin> {
        parse_keyword(
            css,
            &[
                ("miter", LineJoin::Miter),
                ("round", LineJoin::Round),
                ("bevel", LineJoin::Bevel),
                ("miter-clip", LineJoin::MiterClip),
                ("arcs", LineJoin::Arcs),
            ],
        )
    }
}

impl FontWeight {
    pub(crate) fn parse(css: &str) -> Option<FontWeight> {
        parse_keyword(
            css,
            &[("normal", FontWeight::Normal), ("bold", FontWeight::Bold), ("bolder", FontWeight::Bolder), ("lighter", FontWeight::Lighter)],
        )
        .or_else(|| css.trim().parse::<f64>().ok().filter(|x| (1.0..=1000.0).contains(x)).map(|x| FontWeight::Number(x.round() as u16)))
    }
}

impl FontStyle {
    pub(crate) fn parse(css: &str) -> Option<FontStyle> {
        parse_keyword(css, &[("normal", FontStyle::Normal), ("italic", FontStyle::Italic), ("oblique", FontStyle::Oblique)])
    }
}

impl TextDecoration {
    pub(crate) fn parse(css: &str) -> Option<TextDecoration> {
        let mut d = TextDecoration::default();
        for word in css.split_ascii_whitespace() {
            match word.to_ascii_lowercase().as_str() {
                "none" => {}
                "underline" => d.underline = true,
                "overline" => d.overline = true,
                "line-through" => d.line_through = true,
                _ => return None,
            }
        }
        Some(d)
    }
}

/// Is `property` one the drawing of an outline uses (`classDef`, `style`)?
pub(crate) fn is_shape_property(p: Property) -> bool {
    matches!(
        p,
        Property::Fill
            | Property::Stroke
            | Property::StrokeWidth
            | Property::StrokeDasharray
            | Property::StrokeOpacity
            | Property::FillOpacity
            | Property::Opacity
            | Property::StrokeLinecap
            | Property::StrokeLinejoin
    )
}

/// Is `property` one the drawing of a line uses (`linkStyle`)?
pub(crate) fn is_line_property(p: Property) -> bool {
    is_shape_property(p) && !matches!(p, Property::Fill | Property::FillOpacity)
}
