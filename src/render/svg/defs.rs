//! The document's `<defs>`: arrow-head markers, one set per line colour so
//! heads match their line.

use super::{escape, Doc};
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
    s.push_str("</defs>\n");
}
