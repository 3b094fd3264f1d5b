//! The one style resolver: what every node, edge and cluster is painted
//! with, resolved once into typed values before anything is drawn.
//!
//! # Contract
//!
//! [`resolve`] takes a finished [`Layout`] and the diagram's [`Palette`]
//! (the theme with its `themeVariables`) and returns a [`Styles`]: one
//! [`NodeStyle`], [`EdgeStyle`] and [`ClusterStyle`] per element, in the
//! layout's order. Each holds typed paint ([`Paint`]), [`Stroke`], text
//! ([`TextStyle`]) and [`Animation`] values, built the way usvg's
//! `resolve_stroke` builds its `Stroke`: start from the defaults, lay each
//! declaration over them in cascade order, keep the last.
//!
//! The cascade, lowest first, is the same for every element kind:
//!
//! 1. the theme (and the look's changes to it, such as neo's gradient
//!    outline);
//! 2. `classDef default`, for nodes that have no class (mermaid's rule);
//! 3. the `classDef` of each class, in the order the classes were applied;
//! 4. the element's own `style` (nodes, clusters) or `linkStyle` (edges:
//!    `linkStyle default`, then `linkStyle N`).
//!
//! [`cascade`] orders the declarations; [`Flowchart::node_style`] is it for
//! nodes, which the layout keeps as [`NodeLayout::style`]. Every
//! declaration passes the one CSS gate ([`crate::css::check`]) again here,
//! so a [`Layout`] built by hand cannot smuggle a value the parser would
//! have refused. Renderers only serialise what this module resolved: the SVG
//! writer turns it into `style` attributes, the PNG writer's work estimate
//! reads dash arrays from it.
//!
//! Edge labels take their text paint from `linkStyle` only (the line's
//! classes colour the line, not the label), as the SVG always did.
//!
//! [`Flowchart::node_style`]: crate::Flowchart::node_style
//! [`NodeLayout::style`]: crate::layout::NodeLayout::style

mod values;

pub use values::{
    Animation, Colour, FontStyle, FontWeight, Length, LineCap, LineJoin, Origin, Paint, Role, ShapeStyle, Stroke, TextDecoration,
    TextStyle, Written,
};

use crate::config::Look;
use crate::css::Property;
use crate::flowchart::{StyleDecl, Stroke as LineKind};
use crate::layout::Layout;
use crate::render::theme::{ClusterSlot, Palette};

/// Whether `classDef default` applies to an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultClass {
    /// When the element has no class of its own (nodes, as mermaid does it).
    WhenUnclassed,
    /// Never (edges and clusters).
    Never,
}

/// The declarations that apply to an element, lowest precedence first:
/// `classDef default` (see [`DefaultClass`]), each class's `classDef` in
/// `classes` order, then `own` (`style` / `linkStyle`). `class_def` finds a
/// class's declarations by name.
pub fn cascade<'a>(
    class_def: impl Fn(&str) -> Option<&'a [StyleDecl]>,
    classes: &[String],
    own: &[StyleDecl],
    default: DefaultClass,
) -> Vec<StyleDecl> {
    let mut out = Vec::new();
    if default == DefaultClass::WhenUnclassed && classes.is_empty() {
        if let Some(d) = class_def("default") {
            out.extend(d.iter().cloned());
        }
    }
    for class in classes {
        if let Some(d) = class_def(class) {
            out.extend(d.iter().cloned());
        }
    }
    out.extend(own.iter().cloned());
    out
}

/// A node's paint.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeStyle {
    /// Outline and fill.
    pub body: ShapeStyle,
    /// Label text.
    pub label: TextStyle,
}

/// An edge's paint.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeStyle {
    /// The line (its arrow heads take the line's colour).
    pub line: Stroke,
    /// `opacity` of the line.
    pub opacity: Option<Written<f64>>,
    /// The moving dash, if the edge has one.
    pub animation: Option<Animation>,
    /// Label text.
    pub label: TextStyle,
    /// The label's background.
    pub label_background: Colour,
}

/// A cluster's paint.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterStyle {
    /// Box outline and fill.
    pub body: ShapeStyle,
    /// Title text.
    pub title: TextStyle,
}

/// Everything the diagram is painted with.
#[derive(Debug, Clone, PartialEq)]
pub struct Styles {
    /// The theme the cascade started from.
    pub palette: Palette,
    /// One per [`Layout::nodes`].
    pub nodes: Vec<NodeStyle>,
    /// One per [`Layout::edges`].
    pub edges: Vec<EdgeStyle>,
    /// One per [`Layout::clusters`].
    pub clusters: Vec<ClusterStyle>,
    /// The diagram title's text.
    pub title: TextStyle,
}

/// Resolves the paint of every element of `layout` from `palette` (see the
/// module contract for the cascade).
pub fn resolve(layout: &Layout, palette: &Palette) -> Styles {
    let look = layout.config.look.unwrap_or_default();
    let class_def = |name: &str| layout.class_defs.iter().find(|(n, _)| n == name).map(|(_, d)| d.as_slice());
    let nodes = layout.nodes.iter().map(|node| node_style(palette, look, &node.style)).collect();
    let edges = layout
        .edges
        .iter()
        .map(|e| {
            let line = cascade(class_def, &e.classes, &e.style, DefaultClass::Never);
            let animation = e.animation.as_deref().map(Animation::from_metadata);
            edge_style(palette, e.stroke, &line, &e.style, animation)
        })
        .collect();
    let slots = declaration_order(layout);
    let clusters = layout
        .clusters
        .iter()
        .zip(slots)
        .map(|(c, order)| {
            let slot = (!palette.cluster_slots.is_empty()).then(|| &palette.cluster_slots[order % palette.cluster_slots.len()]);
            cluster_style(palette, slot, &cascade(class_def, &c.classes, &c.style, DefaultClass::Never))
        })
        .collect();
    let title = text_style(Colour::theme(&palette.title, Role::Title), &[]);
    Styles { palette: palette.clone(), nodes, edges, clusters, title }
}

/// A node's paint from its cascaded declarations.
pub fn node_style(palette: &Palette, look: Look, decls: &[StyleDecl]) -> NodeStyle {
    let stroke_paint = match (look, palette.use_gradient) {
        // mermaid's `[data-look="neo"].node rect { stroke: url(#…-gradient) }`.
        (Look::Neo, true) => Paint::NodeGradient,
        _ => Paint::Colour(Colour::theme(&palette.node_border, Role::NodeBorder)),
    };
    let theme = ShapeStyle {
        fill: Paint::Colour(Colour::theme(&palette.node_fill, Role::NodeFill)),
        fill_opacity: None,
        opacity: None,
        stroke: plain_stroke(stroke_paint, Length::px(palette.stroke_width)),
    };
    NodeStyle { body: shape_style(theme, decls), label: text_style(Colour::theme(&palette.node_text, Role::NodeText), decls) }
}

/// An edge's paint: `line` is its cascade (classes, then `linkStyle`),
/// `label` the declarations its label takes (`linkStyle` only).
pub fn edge_style(palette: &Palette, kind: LineKind, line: &[StyleDecl], label: &[StyleDecl], animation: Option<Animation>) -> EdgeStyle {
    let width = match kind {
        LineKind::Thick => Length::px(3.5),
        // mermaid's `.edge-thickness-normal { stroke-width: strokeWidth }`.
        _ => Length::px(palette.stroke_width),
    };
    let mut stroke = plain_stroke(Paint::Colour(Colour::theme(&palette.line, Role::Line)), width);
    if kind == LineKind::Dotted {
        // mermaid's `.edge-pattern-dotted { stroke-dasharray: 2 }`.
        stroke.dasharray = Some(Written { value: vec![2.0], css: "2".into() });
    }
    let theme = ShapeStyle { fill: Paint::None, fill_opacity: None, opacity: None, stroke };
    let resolved = shape_style_with(theme, line, values::is_line_property);
    EdgeStyle {
        line: resolved.stroke,
        opacity: resolved.opacity,
        animation,
        label: text_style(Colour::theme(&palette.text, Role::Text), label),
        label_background: Colour::theme(&palette.edge_label_bg, Role::EdgeLabelBg),
    }
}

/// Each cluster's place in mermaid's declaration order: a depth-first walk
/// from the outermost clusters, parents before their children, in the
/// order the subgraphs were written. The `*-color` themes give each place
/// a colour slot.
fn declaration_order(layout: &Layout) -> Vec<usize> {
    let clusters = &layout.clusters;
    let index_of = |id: &str| clusters.iter().position(|c| c.id == id);
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); clusters.len()];
    let mut roots = Vec::new();
    for (i, c) in clusters.iter().enumerate() {
        match c.parent.as_deref().and_then(index_of) {
            Some(p) if p != i => children[p].push(i),
            _ => roots.push(i),
        }
    }
    let mut order = vec![0; clusters.len()];
    let mut next = 0;
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    let mut seen = vec![false; clusters.len()];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        order[i] = next;
        next += 1;
        stack.extend(children[i].iter().rev());
    }
    order
}

/// A cluster's paint: the theme's, or its colour `slot`'s in a `*-color`
/// theme, then its cascaded declarations.
pub fn cluster_style(palette: &Palette, slot: Option<&ClusterSlot>, decls: &[StyleDecl]) -> ClusterStyle {
    let slot_colour = |css: &str| Paint::Colour(Colour { css: css.to_string(), origin: Origin::Slot });
    let theme = ShapeStyle {
        fill: match slot.and_then(|s| s.fill.as_deref()) {
            Some(fill) => slot_colour(fill),
            None => Paint::Colour(Colour::theme(&palette.cluster_fill, Role::ClusterFill)),
        },
        fill_opacity: None,
        opacity: None,
        stroke: plain_stroke(
            match slot {
                Some(s) => slot_colour(&s.border),
                None => Paint::Colour(Colour::theme(&palette.cluster_border, Role::ClusterBorder)),
            },
            Length::px(1.0),
        ),
    };
    ClusterStyle { body: shape_style(theme, decls), title: text_style(Colour::theme(&palette.title, Role::Title), decls) }
}

/// A stroke of `paint` and `width` with nothing else set.
fn plain_stroke(paint: Paint, width: Length) -> Stroke {
    Stroke { paint, width, dasharray: None, opacity: None, linecap: None, linejoin: None }
}

/// The declarations of `decls` that pass the CSS gate, as known properties
/// with their checked values, in order.
fn checked(decls: &[StyleDecl]) -> impl Iterator<Item = (Property, String)> + '_ {
    decls.iter().filter_map(|d| {
        let property = Property::parse(&d.property.trim().to_ascii_lowercase())?;
        crate::css::check(property, &d.value).ok().map(|v| (property, v))
    })
}

/// `theme` with the outline properties of `decls` laid over it.
fn shape_style(theme: ShapeStyle, decls: &[StyleDecl]) -> ShapeStyle {
    shape_style_with(theme, decls, values::is_shape_property)
}

/// `theme` with those properties of `decls` that `takes` laid over it, the
/// last declaration of each winning.
fn shape_style_with(mut s: ShapeStyle, decls: &[StyleDecl], takes: fn(Property) -> bool) -> ShapeStyle {
    for (property, css) in checked(decls).filter(|(p, _)| takes(*p)) {
        let number = |parse: fn(&str) -> Option<f64>| parse(&css).map(|value| Written { value, css: css.clone() });
        match property {
            Property::Fill => s.fill = Paint::author(&css),
            Property::FillOpacity => s.fill_opacity = number(crate::css::opacity_value),
            Property::Opacity => s.opacity = number(crate::css::opacity_value),
            Property::Stroke => s.stroke.paint = Paint::author(&css),
            Property::StrokeWidth => s.stroke.width = Length { px: crate::css::length_px(&css), css },
            Property::StrokeDasharray => {
                s.stroke.dasharray = crate::css::dash_lengths(&css).map(|value| Written { value, css });
            }
            Property::StrokeOpacity => s.stroke.opacity = number(crate::css::opacity_value),
            Property::StrokeLinecap => s.stroke.linecap = LineCap::parse(&css).map(|value| Written { value, css }),
            Property::StrokeLinejoin => s.stroke.linejoin = LineJoin::parse(&css).map(|value| Written { value, css }),
            _ => {}
        }
    }
    s
}

/// Text paint: `base` colour, then `color`, `font-weight`, `font-style`,
/// `text-decoration` and `opacity` of `decls`.
fn text_style(base: Colour, decls: &[StyleDecl]) -> TextStyle {
    let mut t = TextStyle { colour: base, weight: None, style: None, decoration: None, opacity: None };
    for (property, css) in checked(decls) {
        match property {
            Property::Color => t.colour = Colour { css, origin: Origin::Author },
            Property::FontWeight => t.weight = FontWeight::parse(&css).map(|value| Written { value, css }),
            Property::FontStyle => t.style = FontStyle::parse(&css).map(|value| Written { value, css }),
            Property::TextDecoration => t.decoration = TextDecoration::parse(&css).map(|value| Written { value, css }),
            Property::Opacity => t.opacity = crate::css::opacity_value(&css).map(|value| Written { value, css }),
            _ => {}
        }
    }
    t
}

#[cfg(test)]
mod tests;
