//! Nodes: each outline part as the SVG element mermaid's style sheets
//! expect, painted with the node's resolved style, then the label.

use super::paint::{shape_decls, text_decls, Decls};
use crate::render::hand_drawn::NodePart;
use super::text::write_text;
use super::{escape, id_part, is_safe_url, path_data_into, Doc, RectAttrs};
use crate::flowchart::ClickAction;
use crate::geom::{Num as n, Path, PathCommand, Point, Rect};
use crate::render::shape::{self, Paint as PartPaint};
use crate::shape::Shape;
use crate::style::{Origin, Paint};
use crate::css::Property;
use std::fmt::Write as _;

/// Writes the `nodes` group.
pub(super) fn write_nodes(s: &mut String, doc: &Doc) {
    let id = doc.id;
    let theme = &doc.styles.palette;
    s.push_str("<g class=\"nodes\">");
    for (i, node) in doc.layout.nodes.iter().enumerate() {
        let style = &doc.styles.nodes[i];
        let classes: String = node.classes.iter().map(|c| format!(" {}", id_part(c))).collect();
        let link = match &node.click {
            Some(ClickAction::Link { url, target }) if is_safe_url(url) => Some((url.clone(), target.clone())),
            _ => None,
        };
        if let Some((url, target)) = &link {
            let target = target
                .as_deref()
                .filter(|t| matches!(*t, "_self" | "_blank" | "_parent" | "_top"))
                .map(|t| format!(" target=\"{t}\""))
                .unwrap_or_default();
            let rel = if target.contains("_blank") { " rel=\"noopener noreferrer\"" } else { "" };
            let _ = write!(s, "<a href=\"{}\"{target}{rel}>", escape(url));
        }
        let _ = write!(
            s,
            "<g class=\"node default{classes}\" id=\"{id}-flowchart-{}-{i}\" data-id=\"{}\">",
            id_part(&node.id),
            escape(&node.id)
        );
        if let Some(tip) = &node.tooltip {
            let _ = write!(s, "<title>{}</title>", escape(tip));
        }
        let fill_css = super::paint::paint_css(&style.body.fill, &doc.gradient);
        let stroke_css = super::paint::paint_css(&style.body.stroke.paint, &doc.gradient);
        if let Some(icon) = &node.icon {
            let paint = crate::render::icon::IconPaint { background: fill_css, colour: stroke_css };
            crate::render::icon::write_icon(s, icon, &doc.options.icons, &paint, &format!("{id}-icon{i}-"));
        }
        let outline = if node.icon.is_some() { Vec::new() } else { shape::outline(node.shape, &node.rect) };
        let inner_ring_gap = (doc.look == crate::config::Look::Neo).then_some(NEO_RING_GAP);
        let part_look = PartLook { radius: theme.radius, filter: shadow_filter(doc, &node.rect, node.shape), inner_ring_gap };
        let fill_origin = style.body.fill.origin();
        let stroke_origin = style.body.stroke.paint.origin();
        for (k, part) in outline.into_iter().enumerate() {
            let (decls, dark_classes) = match part.paint {
                PartPaint::Body => (shape_decls(&style.body, &doc.gradient), doc.dark.classes(&[("fill", fill_origin), ("stroke", stroke_origin)])),
                PartPaint::Line => {
                    // Inner lines (a subroutine's bars, a cylinder's rim):
                    // the outline's stroke, no fill.
                    let mut line = shape_decls(&style.body, &doc.gradient);
                    line.remove(Property::FillOpacity);
                    line.set(Property::Fill, "none");
                    (line, doc.dark.classes(&[("stroke", stroke_origin)]))
                }
                PartPaint::Solid => {
                    // Filled dots and bars: the outline colour, except a
                    // framed circle's dot, which is in the line colour.
                    let (colour, origin) = if node.shape == Shape::FramedCircle {
                        (theme.line.as_str(), Some(Origin::Theme(crate::style::Role::Line)))
                    } else {
                        (stroke_css, stroke_origin)
                    };
                    let mut solid = Decls::default();
                    solid.set(Property::Fill, colour);
                    solid.set(Property::Stroke, colour);
                    solid.set(Property::StrokeWidth, "1px");
                    (solid, doc.dark.classes(&[("fill", origin), ("stroke", origin)]))
                }
                PartPaint::Fill => {
                    let mut fill = Decls::default();
                    // A text node shows no box unless its style fills one.
                    let (css, origin) = match (&style.body.fill, node.shape) {
                        (Paint::Colour(c), Shape::Text) if c.origin == Origin::Author => (c.css.as_str(), None),
                        (_, Shape::Text) => ("none", None),
                        _ => (fill_css, fill_origin),
                    };
                    fill.set(Property::Fill, css);
                    fill.set(Property::Stroke, "none");
                    (fill, doc.dark.classes(&[("fill", origin)]))
                }
            };
            let base = if part.paint == PartPaint::Body { "basic label-container" } else { "label-container" };
            let class = format!("{base}{dark_classes}");
            match &doc.hand_drawn {
                Some(sketch) => {
                    let css = decls.to_map();
                    let part = NodePart { id: &node.id, shape: node.shape, rect: &node.rect, index: k, path: &part.path, paint: part.paint, css: &css, class: &class, author: &node.style };
                    sketch.write_node_part(s, &part);
                }
                None => element_for(s, node.shape, k, &node.rect, &part.path, &class, &decls.attr(), &part_look),
            }
        }
        if shape::draws_label(node.shape) {
            let center = match &node.icon {
                Some(icon) => {
                    crate::render::icon::write_label_background(s, icon, &node.label, &theme.edge_label_bg);
                    icon.parts.label_center
                }
                None => shape::label_center(node.shape, &node.rect, &node.label),
            };
            let class = format!("nodeLabel{}", doc.dark.classes(&[("fill", Some(style.label.colour.origin))]));
            write_text(s, &node.label, center, &text_decls(&style.label).attr(), &class);
        }
        s.push_str("</g>");
        if link.is_some() {
            s.push_str("</a>");
        }
        s.push('\n');
    }
    s.push_str("</g>\n");
}

/// The neo look's shadow under a node body: mermaid's small shadow for
/// circles under 25 px where the theme has one, else the normal one; no
/// shadow in other looks.
fn shadow_filter(doc: &Doc, rect: &Rect, shape: Shape) -> String {
    if doc.look != crate::config::Look::Neo {
        return String::new();
    }
    let small = doc.styles.palette.small_shadow.is_some() && crate::shape::geometry::is_round(shape) && rect.width < 25.0;
    let suffix = if small { "-small" } else { "" };
    format!(" filter=\"url(#{}-drop-shadow{suffix})\"", doc.id)
}

/// What a look adds to a node's outline elements.
pub(super) struct PartLook {
    /// Corner radius of rounded shapes, px.
    pub(super) radius: f64,
    /// ` filter="url(#…)"` for the body, or empty.
    pub(super) filter: String,
    /// Gap between a double circle's rings where the look sets its own
    /// (neo: mermaid 12.3's `doublecircle` draws them 12 px apart); `None`
    /// keeps the outline's.
    pub(super) inner_ring_gap: Option<f64>,
}

/// Gap between the rings of a double circle in the neo look (the neo node
/// size leaves room for it: `shape::geometry::node_size_in`).
const NEO_RING_GAP: f64 = 12.0;

/// The SVG element for one outline part: `<rect>`, `<circle>`/`<ellipse>`
/// or `<polygon>` where the outline is one (so style sheets written for
/// mermaid's SVG, `.node rect { … }`, still apply), else `<path>`. Written
/// straight into `out` (one per node part of a large diagram).
///
/// `look` holds what the look adds: the corner radius of rounded shapes
/// (the theme's) and, for the neo look, the body's shadow filter.
pub(super) fn element_for(out: &mut String, shape: Shape, index: usize, rect: &Rect, path: &Path, class: &str, style: &str, look: &PartLook) {
    let body = index == 0;
    // The shadow is the body's only; inner lines and dots cast none.
    let filter = if body { look.filter.as_str() } else { "" };
    // The element's class and look attributes, after its name.
    let attrs = &format!("class=\"{class}\"{filter}");
    // Only a body (part 0) can be a rect or a circle; later parts are
    // inner lines and dots.
    match (shape, index) {
        (Shape::Rect | Shape::Icon | Shape::Image | Shape::Note | Shape::Text, 0) => {
            let _ = write!(out, "<rect {attrs} {} style=\"{style}\"/>", RectAttrs(rect));
            return;
        }
        (Shape::Rounded | Shape::State, 0) => {
            let r = n(look.radius);
            let _ = write!(out, "<rect {attrs} {} rx=\"{r}\" ry=\"{r}\" style=\"{style}\"/>", RectAttrs(rect));
            return;
        }
        (Shape::Circle | Shape::Ellipse | Shape::SmallCircle | Shape::FilledCircle | Shape::CrossedCircle, 0) => {
            ellipse_element(out, rect.center(), rect.width / 2.0, rect.height / 2.0, attrs, style);
            return;
        }
        (Shape::DoubleCircle | Shape::FramedCircle, 0 | 1) => {
            // Both rings are circles; their radii are the path's extent.
            let xs: Vec<f64> = path.flatten(4.0).iter().map(|p| p.x).collect();
            let (x0, x1) = xs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            let (x0, x1) = if x0.is_finite() { (x0, x1) } else { (rect.left(), rect.right()) };
            let r = match look.inner_ring_gap {
                Some(gap) if shape == Shape::DoubleCircle && index == 1 => (rect.width / 2.0 - gap).max(1.0),
                _ => (x1 - x0) / 2.0,
            };
            let ry = r * rect.height / rect.width.max(1e-9);
            ellipse_element(out, rect.center(), r, ry, attrs, style);
            return;
        }
        _ => {}
    }
    // A closed outline of straight lines is a polygon.
    let cmds = &path.commands;
    let straight = cmds.len() >= 4
        && matches!(cmds.first(), Some(PathCommand::MoveTo(_)))
        && matches!(cmds.last(), Some(PathCommand::Close))
        && cmds[1..cmds.len() - 1].iter().all(|c| matches!(c, PathCommand::LineTo(_)));
    if straight {
        let _ = write!(out, "<polygon {attrs} points=\"");
        let corners = cmds.iter().filter_map(|c| match c {
            PathCommand::MoveTo(p) | PathCommand::LineTo(p) => Some(p),
            _ => None,
        });
        for (i, p) in corners.enumerate() {
            let _ = write!(out, "{}{},{}", if i > 0 { " " } else { "" }, n(p.x), n(p.y));
        }
        let _ = write!(out, "\" style=\"{style}\"/>");
        return;
    }
    let _ = write!(out, "<path {attrs} d=\"");
    path_data_into(out, path);
    let _ = write!(out, "\" style=\"{style}\"/>");
}

/// A circle, or an ellipse; `attrs` are its class and look attributes.
fn ellipse_element(out: &mut String, c: Point, rx: f64, ry: f64, attrs: &str, style: &str) {
    if (rx - ry).abs() < 1e-6 {
        let _ = write!(out, "<circle {attrs} cx=\"{}\" cy=\"{}\" r=\"{}\" style=\"{style}\"/>", n(c.x), n(c.y), n(rx.max(0.0)));
    } else {
        let _ = write!(
            out,
            "<ellipse {attrs} cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\" style=\"{style}\"/>",
            n(c.x),
            n(c.y),
            n(rx.max(0.0)),
            n(ry.max(0.0))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Look, Theme};
    use crate::options::Options;

    /// Every part of `shape`'s outline in `rect`, as `element_for` writes
    /// it, one a line.
    fn elements(shape: Shape, rect: &Rect, look: &PartLook) -> String {
        let mut out = String::new();
        for (k, part) in shape::outline(shape, rect).iter().enumerate() {
            element_for(&mut out, shape, k, rect, &part.path, "c", "s", look);
            out.push('\n');
        }
        out
    }

    /// An SVG golden of the elements alone (the outline geometry has its
    /// own tests in shape::geometry): which element each part becomes, its
    /// attributes and numbers. `INSTA_UPDATE=always cargo test --lib
    /// nodes::tests` rewrites it after an intended change.
    #[test]
    fn every_shape_part_is_written_as_its_element() {
        let classic = PartLook { radius: 5.0, filter: " filter=\"url(#f)\"".into(), inner_ring_gap: None };
        let neo_rings = PartLook { radius: 8.0, filter: String::new(), inner_ring_gap: Some(NEO_RING_GAP) };
        let wide = Rect { x: 100.0, y: 50.0, width: 120.0, height: 60.0 };
        let square = Rect { x: 40.0, y: 40.0, width: 60.0, height: 60.0 };
        let mut all = String::new();
        for &shape in Shape::ALL {
            let _ = write!(all, "{shape:?}:\n{}", elements(shape, &wide, &classic));
        }
        let round = [Shape::Circle, Shape::Ellipse, Shape::SmallCircle, Shape::FilledCircle, Shape::CrossedCircle, Shape::DoubleCircle, Shape::FramedCircle];
        for shape in round {
            let _ = write!(all, "{shape:?} square:\n{}", elements(shape, &square, &classic));
        }
        for shape in [Shape::DoubleCircle, Shape::FramedCircle] {
            for (name, rect) in [("square", &square), ("wide", &wide)] {
                let _ = write!(all, "{shape:?} {name}, neo rings:\n{}", elements(shape, rect, &neo_rings));
            }
        }
        insta::assert_snapshot!(all);
    }

    fn svg(source: &str, look: Look, theme: Theme) -> String {
        let options = Options { look: Some(look), theme: Some(theme), ..Options::default() };
        crate::render_svg(source, &options).expect("renders")
    }

    /// The outline elements of node `id`: its group up to its label, or to
    /// its end where it has none.
    fn node_parts<'a>(svg: &'a str, id: &str) -> &'a str {
        let start = svg.find(&format!("data-id=\"{id}\"")).expect("node group");
        let rest = &svg[start..];
        let end = [rest.find("nodeLabel"), rest.find("</g>")].into_iter().flatten().min();
        &rest[..end.expect("the group ends")]
    }

    /// The numbers of every `name="…"` attribute in `text`, in order.
    fn attr_values(text: &str, name: &str) -> Vec<f64> {
        let key = format!(" {name}=\"");
        text.match_indices(&key)
            .map(|(i, _)| {
                let value = &text[i + key.len()..];
                value[..value.find('"').expect("closing quote")].parse().expect("a number")
            })
            .collect()
    }

    #[test]
    fn the_neo_look_sets_a_double_circles_rings_12_px_apart() {
        let source = "flowchart TD\n  A(((done)))";
        let ring_gap = |look| {
            let out = svg(source, look, Theme::Default);
            let radii = attr_values(node_parts(&out, "A"), "r");
            assert_eq!(radii.len(), 2, "two rings: {radii:?}");
            radii[0] - radii[1]
        };
        assert!((ring_gap(Look::Neo) - 12.0).abs() < 0.01, "neo gap {}", ring_gap(Look::Neo));
        assert!((ring_gap(Look::Classic) - 12.0).abs() > 1.0, "classic keeps the outline's gap: {}", ring_gap(Look::Classic));
    }

    #[test]
    fn a_framed_circles_dot_is_in_the_line_colour() {
        // Default theme: lines #333333, node borders #9370DB.
        let out = svg("flowchart TD\n  A@{ shape: fr-circ }", Look::Classic, Theme::Default);
        let parts = node_parts(&out, "A");
        let last = &parts[parts.rfind('<').expect("an element")..];
        assert!(last.contains("fill:#333333"), "dot: {last}");
        assert!(!last.contains("9370DB"), "dot: {last}");
    }

    #[test]
    fn a_text_node_shows_a_box_only_when_its_author_fills_it() {
        let source = "flowchart TD\n  A@{ shape: text, label: \"plain\" }\n  B@{ shape: text, label: \"filled\" }\n  style B fill:#ff0000";
        let out = svg(source, Look::Classic, Theme::Default);
        let (plain, filled) = (node_parts(&out, "A"), node_parts(&out, "B"));
        assert!(plain.contains("fill:none"), "{plain}");
        assert!(filled.contains("fill:#ff0000") && !filled.contains("fill:none"), "{filled}");
    }

    #[test]
    fn small_circles_cast_the_small_neo_shadow() {
        let out = svg("flowchart TD\n  A@{ shape: sm-circ }\n  B((big))", Look::Neo, Theme::Redux);
        assert!(node_parts(&out, "A").contains("-drop-shadow-small)"), "{}", node_parts(&out, "A"));
        let big = node_parts(&out, "B");
        assert!(big.contains("-drop-shadow)") && !big.contains("-small"), "{big}");
    }

    #[test]
    fn inner_lines_drop_the_fill_opacity_of_the_body() {
        let out = svg("flowchart TD\n  A[(db)]\n  style A fill-opacity:0.5", Look::Classic, Theme::Default);
        let parts = node_parts(&out, "A");
        let (body, rim) = parts.split_at(parts.rfind("<path").expect("the rim"));
        assert!(body.contains("fill-opacity:0.5"), "{body}");
        assert!(rim.contains("fill:none") && !rim.contains("fill-opacity"), "{rim}");
    }
}
