//! The document's `<defs>`: arrow-head markers, one set per line colour so
//! heads match their line, in the look's shapes; for the neo look also the
//! drop-shadow filters and the node gradient.

use super::{escape, Doc};
use crate::config::Look;
use crate::geom::Num as n;
use crate::render::theme::DropShadow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The line colours of the edges (their resolved stroke's CSS), each with
/// the index of its marker set, in order of first use.
pub(super) fn marker_colours(doc: &Doc) -> BTreeMap<String, usize> {
    let mut colours: BTreeMap<String, usize> = BTreeMap::new();
    for style in &doc.styles.edges {
        let colour = super::paint::paint_css(&style.line.paint, &doc.gradient).to_string();
        let next = colours.len();
        colours.entry(colour).or_insert(next);
    }
    colours
}

/// Writes `<defs>` with a marker set per colour of `colours`.
pub(super) fn write_defs(s: &mut String, doc: &Doc, colours: &BTreeMap<String, usize>) {
    let id = doc.id;
    s.push_str("<defs>");
    let mut by_index: Vec<(&String, &usize)> = colours.iter().collect();
    by_index.sort_by_key(|(_, i)| **i);
    for (colour, i) in by_index {
        let c = escape(colour);
        // Mermaid's `.marker` rule paints heads in the line colour.
        let head = c.clone();
        let (mc, mcs) = if doc.dark.dark.is_some() && colour == &doc.styles.palette.line {
            (" class=\"mf-fill-ln mf-stroke-ln\"", " class=\"mf-stroke-ln\"")
        } else {
            ("", "")
        };
        if doc.look == Look::Neo {
            write_neo_markers(s, id, *i, &head, mc, mcs);
            continue;
        }
        // Point: mermaid's triangle, 8 px. Its tip sits on the path end, which
        // the layout puts on the head outline, so no part of it hides under
        // the node (mermaid trims its line instead; the layout JSON promises
        // that the path ends at the arrow tip).
        let _ = write!(s, "<marker id=\"{id}-pointEnd-{i}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path{mc} d=\"M0,0L10,5L0,10Z\" fill=\"{head}\" stroke=\"{head}\" stroke-width=\"1\"/></marker>");
        let _ = write!(s, "<marker id=\"{id}-pointStart-{i}\" viewBox=\"0 0 10 10\" refX=\"0\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path{mc} d=\"M10,0L0,5L10,10Z\" fill=\"{head}\" stroke=\"{head}\" stroke-width=\"1\"/></marker>");
        let _ = write!(s, "<marker id=\"{id}-circleEnd-{i}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><circle{mc} cx=\"5\" cy=\"5\" r=\"4.5\" fill=\"{head}\" stroke=\"{head}\" stroke-width=\"1\"/></marker>");
        let _ = write!(s, "<marker id=\"{id}-circleStart-{i}\" viewBox=\"0 0 10 10\" refX=\"0\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><circle{mc} cx=\"5\" cy=\"5\" r=\"4.5\" fill=\"{head}\" stroke=\"{head}\" stroke-width=\"1\"/></marker>");
        let _ = write!(s, "<marker id=\"{id}-crossEnd-{i}\" viewBox=\"0 0 11 11\" refX=\"11\" refY=\"5.5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><path{mcs} d=\"M1,1L10,10M10,1L1,10\" fill=\"none\" stroke=\"{head}\" stroke-width=\"2\"/></marker>");
        let _ = write!(s, "<marker id=\"{id}-crossStart-{i}\" viewBox=\"0 0 11 11\" refX=\"0\" refY=\"5.5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><path{mcs} d=\"M1,1L10,10M10,1L1,10\" fill=\"none\" stroke=\"{head}\" stroke-width=\"2\"/></marker>");
    }
    if doc.look == Look::Neo {
        write_neo_defs(s, doc);
    }
    s.push_str("</defs>\n");
}

/// mermaid 12.3's neo markers (its `*-margin` set): a larger triangle of
/// fill only, 10.5 × 14; circles of radius 7 and crosses of 12 px set back
/// from the end. mermaid hides the line's last few px under a dash gap;
/// here [`super::edges`] shortens the line instead (by
/// [`NEO_POINT_TRIM`] or [`NEO_ROUND_TRIM`]), so each `refX` moves by the
/// same length, in marker units, to keep the heads where mermaid draws
/// them: triangle tips on the outline, circles and crosses just off it.
fn write_neo_markers(s: &mut String, id: &str, i: usize, head: &str, mc: &str, mcs: &str) {
    // Marker units per px: each marker's viewBox over its size (uniform
    // scale, the smaller of the two).
    // (The start triangle's viewBox is its size: one unit per px.)
    let (point_end, circle, cross) = (11.5 / 10.5, 10.0 / 14.0, 15.0 / 12.0);
    let point_end_ref = n(11.5 - NEO_POINT_TRIM * point_end);
    let point_start_ref = n(NEO_POINT_TRIM);
    let circle_end_ref = n(12.25 - NEO_ROUND_TRIM * circle);
    let circle_start_ref = n(-2.0 + NEO_ROUND_TRIM * circle);
    let cross_end_ref = n(17.7 - NEO_ROUND_TRIM * cross);
    let cross_start_ref = n(-3.5 + NEO_ROUND_TRIM * cross);
    let _ = write!(s, "<marker id=\"{id}-pointEnd-{i}\" viewBox=\"0 0 11.5 14\" refX=\"{point_end_ref}\" refY=\"7\" markerUnits=\"userSpaceOnUse\" markerWidth=\"10.5\" markerHeight=\"14\" orient=\"auto\"><path{mc} d=\"M0,0L11.5,7L0,14Z\" fill=\"{head}\" stroke=\"{head}\" stroke-width=\"0\"/></marker>");
    let _ = write!(s, "<marker id=\"{id}-pointStart-{i}\" viewBox=\"0 0 11.5 14\" refX=\"{point_start_ref}\" refY=\"7\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11.5\" markerHeight=\"14\" orient=\"auto\"><path{mc} d=\"M0,7L11.5,14L11.5,0Z\" fill=\"{head}\" stroke=\"{head}\" stroke-width=\"0\"/></marker>");
    let _ = write!(s, "<marker id=\"{id}-circleEnd-{i}\" viewBox=\"0 0 10 10\" refX=\"{circle_end_ref}\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"14\" markerHeight=\"14\" orient=\"auto\"><circle{mc} cx=\"5\" cy=\"5\" r=\"5\" fill=\"{head}\" stroke=\"{head}\" stroke-width=\"0\"/></marker>");
    let _ = write!(s, "<marker id=\"{id}-circleStart-{i}\" viewBox=\"0 0 10 10\" refX=\"{circle_start_ref}\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"14\" markerHeight=\"14\" orient=\"auto\"><circle{mc} cx=\"5\" cy=\"5\" r=\"5\" fill=\"{head}\" stroke=\"{head}\" stroke-width=\"0\"/></marker>");
    let _ = write!(s, "<marker id=\"{id}-crossEnd-{i}\" viewBox=\"0 0 15 15\" refX=\"{cross_end_ref}\" refY=\"7.5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"12\" markerHeight=\"12\" orient=\"auto\"><path{mcs} d=\"M1,1L14,14M1,14L14,1\" fill=\"none\" stroke=\"{head}\" stroke-width=\"2.5\"/></marker>");
    let _ = write!(s, "<marker id=\"{id}-crossStart-{i}\" viewBox=\"0 0 15 15\" refX=\"{cross_start_ref}\" refY=\"7.5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"12\" markerHeight=\"12\" orient=\"auto\"><path{mcs} d=\"M1,1L14,14M1,14L14,1\" fill=\"none\" stroke=\"{head}\" stroke-width=\"2.5\"/></marker>");
}

/// How far the neo look shortens a line under a triangle head, px
/// (mermaid's last dash gap).
pub(super) const NEO_POINT_TRIM: f64 = 4.0;
/// How far the neo look shortens a line under a circle or cross head, px.
pub(super) const NEO_ROUND_TRIM: f64 = 12.5;

/// The neo look's filters (`{id}-drop-shadow`, and `{id}-drop-shadow-small`
/// for themes with one) and, when a node outline uses it, the gradient.
fn write_neo_defs(s: &mut String, doc: &Doc) {
    let palette = &doc.styles.palette;
    write_shadow(s, &format!("{}-drop-shadow", doc.id), "130%", &palette.shadow);
    if let Some(small) = &palette.small_shadow {
        write_shadow(s, &format!("{}-drop-shadow-small", doc.id), "150%", small);
    }
    let uses_gradient = doc.styles.nodes.iter().any(|node| node.body.stroke.paint == crate::style::Paint::NodeGradient);
    if uses_gradient {
        let _ = write!(
            s,
            "<linearGradient id=\"{}-gradient\" gradientUnits=\"objectBoundingBox\" x1=\"0%\" y1=\"0%\" x2=\"100%\" y2=\"0%\"><stop offset=\"0%\" stop-color=\"{}\" stop-opacity=\"1\"/><stop offset=\"100%\" stop-color=\"{}\" stop-opacity=\"1\"/></linearGradient>",
            doc.id,
            escape(&palette.gradient_start),
            escape(&palette.gradient_stop)
        );
    }
}

/// One drop-shadow filter. A CSS `drop-shadow()` blur becomes the
/// Gaussian's standard deviation, as the Filter Effects spec defines it;
/// the filter region grows with the blur so the shadow is not clipped.
fn write_shadow(s: &mut String, id: &str, size: &str, shadow: &DropShadow) {
    let region = if shadow.blur > 0.0 { " x=\"-20%\" y=\"-20%\" width=\"150%\" height=\"150%\"".to_string() } else { format!(" height=\"{size}\" width=\"{size}\"") };
    let _ = write!(
        s,
        "<filter id=\"{id}\"{region}><feDropShadow dx=\"{}\" dy=\"{}\" stdDeviation=\"{}\" flood-opacity=\"{}\" flood-color=\"{}\"/></filter>",
        n(shadow.dx),
        n(shadow.dy),
        n(shadow.blur),
        n(shadow.opacity),
        escape(&shadow.colour)
    );
}
