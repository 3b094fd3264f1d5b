//! The cascade on tiny hand-built style lists: order of precedence, every
//! element kind, typed values, and the CSS gate.

use super::*;
use crate::config::{DiagramConfig, Look};
use crate::flowchart::Stroke as LineKind;

fn decl(property: &str, value: &str) -> StyleDecl {
    StyleDecl { property: property.into(), value: value.into() }
}

fn palette() -> Palette {
    Palette::resolve(&DiagramConfig::default(), None)
}

fn colour_of(p: &Paint) -> &str {
    match p {
        Paint::Colour(c) => &c.css,
        Paint::None => "none",
        Paint::NodeGradient => "gradient",
    }
}

/// `classDef default` applies to unclassed nodes only; classes follow in
/// the order they were applied; the element's own style comes last.
#[test]
fn cascade_orders_default_classes_then_own() {
    let defs = [("default".to_string(), vec![decl("fill", "#d00")]), ("a".into(), vec![decl("fill", "#a00")]), ("b".into(), vec![decl("fill", "#b00")])];
    let lookup = |name: &str| defs.iter().find(|(n, _)| n == name).map(|(_, d)| d.as_slice());
    let own = [decl("stroke", "#000")];
    let unclassed = cascade(lookup, &[], &own, DefaultClass::WhenUnclassed);
    assert_eq!(unclassed, vec![decl("fill", "#d00"), decl("stroke", "#000")]);
    let classed = cascade(lookup, &["b".into(), "a".into()], &own, DefaultClass::WhenUnclassed);
    assert_eq!(classed, vec![decl("fill", "#b00"), decl("fill", "#a00"), decl("stroke", "#000")]);
    // Edges and clusters never take the default class.
    assert_eq!(cascade(lookup, &[], &own, DefaultClass::Never), vec![decl("stroke", "#000")]);
}

/// Theme first, then later declarations win; the theme's colours keep
/// their role, the author's are marked as the author's.
#[test]
fn later_declarations_win_over_the_theme() {
    let p = palette();
    let plain = node_style(&p, Look::Classic, &[]);
    assert_eq!(colour_of(&plain.body.fill), p.node_fill);
    assert_eq!(plain.body.fill.origin(), Some(Origin::Theme(Role::NodeFill)));
    assert_eq!(plain.body.stroke.width.css, "1px");
    let styled = node_style(&p, Look::Classic, &[decl("fill", "#a00"), decl("stroke-width", "3px"), decl("fill", "#b00 !important")]);
    assert_eq!(colour_of(&styled.body.fill), "#b00");
    assert_eq!(styled.body.fill.origin(), Some(Origin::Author));
    assert_eq!(styled.body.stroke.width, Length { px: Some(3.0), css: "3px".into() });
    assert_eq!(styled.body.stroke.paint.origin(), Some(Origin::Theme(Role::NodeBorder)));
}

/// Edges: the theme's line, the dotted pattern, classes then `linkStyle`;
/// fill properties do not reach a line; the label takes `linkStyle` only.
#[test]
fn edges_resolve_their_line_and_label() {
    let p = palette();
    let dotted = edge_style(&p, LineKind::Dotted, &[], &[], None);
    assert_eq!(dotted.line.dasharray.as_ref().map(|d| d.value.clone()), Some(vec![2.0]));
    assert_eq!(colour_of(&dotted.line.paint), p.line);
    let thick = edge_style(&p, LineKind::Thick, &[], &[], None);
    assert_eq!(thick.line.width.px, Some(3.5));
    let line = [decl("stroke", "red"), decl("fill", "blue"), decl("stroke-dasharray", "5 5"), decl("stroke-linecap", "Round")];
    let label = [decl("color", "green")];
    let e = edge_style(&p, LineKind::Normal, &line, &label, Some(Animation::Slow));
    assert_eq!(colour_of(&e.line.paint), "red");
    assert_eq!(e.line.dasharray.as_ref().map(|d| (d.value.clone(), d.css.as_str())), Some((vec![5.0, 5.0], "5 5")));
    assert_eq!(e.line.linecap.as_ref().map(|c| (c.value, c.css.as_str())), Some((LineCap::Round, "Round")));
    assert_eq!(e.label.colour, Colour { css: "green".into(), origin: Origin::Author });
    assert_eq!(e.animation, Some(Animation::Slow));
    assert_eq!(e.label_background.origin, Origin::Theme(Role::EdgeLabelBg));
}

/// Clusters: their theme colours, then classes and style; the title takes
/// `color` from the same declarations.
#[test]
fn clusters_resolve_box_and_title() {
    let p = palette();
    let c = cluster_style(&p, None, &[]);
    assert_eq!((colour_of(&c.body.fill), colour_of(&c.body.stroke.paint)), (p.cluster_fill.as_str(), p.cluster_border.as_str()));
    assert_eq!(c.title.colour.origin, Origin::Theme(Role::Title));
    let styled = cluster_style(&p, None, &[decl("fill", "none"), decl("color", "#123"), decl("font-weight", "bold"), decl("opacity", "50%")]);
    assert_eq!(styled.body.fill, Paint::None);
    assert_eq!(styled.title.colour.css, "#123");
    assert_eq!(styled.title.weight.as_ref().map(|w| w.value), Some(FontWeight::Bold));
    assert_eq!(styled.body.opacity.as_ref().map(|o| o.value), Some(0.5));
    assert_eq!(styled.title.opacity.as_ref().map(|o| o.value), Some(0.5));
}

/// Animation metadata is typed: `slow` is slow, anything else fast.
#[test]
fn animation_is_typed() {
    assert_eq!(Animation::from_metadata("slow"), Animation::Slow);
    assert_eq!(Animation::from_metadata("fast"), Animation::Fast);
    assert_eq!(Animation::from_metadata("wobbly"), Animation::Fast);
    assert_eq!((Animation::Slow.name(), Animation::Fast.name()), ("slow", "fast"));
}

/// A hand-built declaration the parser would have refused never reaches a
/// typed value: the resolver goes through the same gate.
#[test]
fn declarations_pass_the_css_gate() {
    let p = palette();
    let hostile = [
        decl("fill", "url(http://evil.example/x)"),
        decl("stroke", "red;cursor:url(x)"),
        decl("stroke-width", "1e308px"),
        decl("stroke-dasharray", "0.0001"),
        decl("behavior", "url(x.htc)"),
        decl("color", "expression(alert(1))"),
        decl("FILL ", "#0f0"),
    ];
    let n = node_style(&p, Look::Classic, &hostile);
    assert_eq!(colour_of(&n.body.fill), "#0f0", "a known property in odd case still counts");
    assert_eq!(colour_of(&n.body.stroke.paint), p.node_border);
    assert_eq!(n.body.stroke.width.css, "1px");
    assert_eq!(n.body.stroke.dasharray, None);
    assert_eq!(n.label.colour.css, p.node_text);
}
