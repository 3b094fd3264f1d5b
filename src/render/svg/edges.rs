//! Edges: each line with its arrow-head markers, then every label above
//! all lines.

use super::paint::{stroke_decls, text_decls, Decls};
use super::text::write_text;
use super::{escape, id_part, id_part_into, path_data_into, Doc, RectAttrs};
use crate::config::Look;
use crate::flowchart::{ArrowType, Stroke};
use crate::geom::{Path, PathCommand, Point};
use std::collections::BTreeMap;
use crate::css::Property;
use std::fmt::Write as _;

/// Writes the `edgePaths` and `edgeLabels` groups; `colours` gives each
/// line colour's marker set.
pub(super) fn write_edges(s: &mut String, doc: &Doc, colours: &BTreeMap<String, usize>) {
    let id = doc.id;
    s.push_str("<g class=\"edgePaths\">");
    for (i, e) in doc.layout.edges.iter().enumerate() {
        if e.stroke == Stroke::Invisible || e.path.commands.len() < 2 {
            continue;
        }
        let style = &doc.styles.edges[i];
        let mut decls = Decls::default();
        decls.set(Property::Fill, "none");
        if let Some(v) = &style.opacity {
            decls.set(Property::Opacity, &v.css);
        }
        stroke_decls(&mut decls, &style.line, &doc.gradient);
        let colour = super::paint::paint_css(&style.line.paint, &doc.gradient);
        let ci = colours.get(colour).copied().unwrap_or(0);
        let (start, end) = markers_of(e.arrow);
        let mut path = e.path.clone();
        let mut marker_attrs = String::new();
        if let Some(m) = start {
            trim_end(&mut path, PathEnd::Start, m.trim(doc.look));
            let _ = write!(marker_attrs, " marker-start=\"url(#{id}-{}Start-{ci})\"", m.name());
        }
        if let Some(m) = end {
            trim_end(&mut path, PathEnd::End, m.trim(doc.look));
            let _ = write!(marker_attrs, " marker-end=\"url(#{id}-{}End-{ci})\"", m.name());
        }
        let thickness = match e.stroke {
            Stroke::Thick => "thick",
            _ => "normal",
        };
        let pattern = if e.stroke == Stroke::Dotted { "dotted" } else { "solid" };
        let mut classes: String = e.classes.iter().map(|c| format!(" {}", id_part(c))).collect();
        if let Some(a) = style.animation {
            let _ = write!(classes, " edge-animation-{}", a.name());
        }
        let _ = write!(s, "<path id=\"{id}-");
        id_part_into(s, &e.id);
        let dark_classes = doc.dark.classes(&[("stroke", style.line.paint.origin())]);
        let _ = write!(s, "-{i}\" class=\"flowchart-link edge-thickness-{thickness} edge-pattern-{pattern}{classes}{dark_classes}\" d=\"");
        match &doc.hand_drawn {
            Some(sketch) => sketch.write_edge_path_data(s, &e.id, i, &path),
            None => path_data_into(s, &path),
        }
        s.push_str("\" style=\"");
        decls.write_into(s);
        s.push('"');
        s.push_str(&marker_attrs);
        s.push_str("/>\n");
    }
    s.push_str("</g>\n<g class=\"edgeLabels\">");
    for (i, e) in doc.layout.edges.iter().enumerate() {
        if e.stroke == Stroke::Invisible {
            continue;
        }
        let (Some(block), Some(rect)) = (&e.label, &e.label_box) else { continue };
        if block.plain_text().trim().is_empty() {
            continue;
        }
        let style = &doc.styles.edges[i];
        let bg = &style.label_background;
        let bg_classes = doc.dark.classes(&[("fill", Some(bg.origin))]);
        let _ = write!(
            s,
            "<g class=\"edgeLabel\"><rect class=\"labelBkg{bg_classes}\" {} style=\"{}\"/>",
            RectAttrs(rect),
            escape(&format!("fill:{};stroke:none", bg.css))
        );
        let class = format!("edgeLabelText{}", doc.dark.classes(&[("fill", Some(style.label.colour.origin))]));
        write_text(s, block, rect.center(), &text_decls(&style.label).attr(), &class);
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
}

/// Marker kinds at an edge end.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Marker {
    Point,
    Circle,
    Cross,
}

impl Marker {
    fn name(self) -> &'static str {
        match self {
            Marker::Point => "point",
            Marker::Circle => "circle",
            Marker::Cross => "cross",
        }
    }
    /// How far the line is pulled back from the outline so the head covers
    /// its end (the triangle's tip is where the line ended). The neo look's
    /// circles and crosses sit back from the end, and its line stops inside
    /// them (mermaid 12.3 hides the last 12.5 px with a dash gap).
    fn trim(self, look: Look) -> f64 {
        match (self, look) {
            (Marker::Point, Look::Neo) => super::defs::NEO_POINT_TRIM,
            (Marker::Point, _) => 4.0,
            (Marker::Circle | Marker::Cross, Look::Neo) => super::defs::NEO_ROUND_TRIM,
            (Marker::Circle | Marker::Cross, _) => 0.0,
        }
    }
}

fn markers_of(arrow: ArrowType) -> (Option<Marker>, Option<Marker>) {
    match arrow {
        ArrowType::Point => (None, Some(Marker::Point)),
        ArrowType::Cross => (None, Some(Marker::Cross)),
        ArrowType::Circle => (None, Some(Marker::Circle)),
        ArrowType::DoublePoint => (Some(Marker::Point), Some(Marker::Point)),
        ArrowType::DoubleCross => (Some(Marker::Cross), Some(Marker::Cross)),
        ArrowType::DoubleCircle => (Some(Marker::Circle), Some(Marker::Circle)),
        ArrowType::Open | ArrowType::Invalid => (None, None),
    }
}

/// Which end of a path to trim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PathEnd {
    Start,
    End,
}

/// Two points nearer than this are one point: there is no direction
/// between them to trim along.
const SAME_POINT: f64 = 1e-6;

fn same_point(a: Point, b: Point) -> bool {
    a.distance(b) < SAME_POINT
}

/// Pulls the first or last point of a path back by `d` along the path's
/// direction there, moving the neighbouring control point along, so the
/// curve keeps its shape. The direction comes from the nearest control
/// point that is not on the end itself.
pub(super) fn trim_end(path: &mut Path, end: PathEnd, d: f64) {
    if d <= 0.0 || path.commands.len() < 2 {
        return;
    }
    match end {
        PathEnd::Start => trim_start(&mut path.commands, d),
        PathEnd::End => trim_last(&mut path.commands, d),
    }
}

fn end_of(command: &PathCommand) -> Option<Point> {
    match *command {
        PathCommand::MoveTo(p) | PathCommand::LineTo(p) | PathCommand::CubicTo(_, _, p) => Some(p),
        PathCommand::Close => None,
    }
}

fn trim_start(cmds: &mut [PathCommand], d: f64) {
    let Some(p0) = end_of(&cmds[0]) else { return };
    let next = match cmds[1] {
        PathCommand::CubicTo(c1, _, p) => if same_point(c1, p0) { p } else { c1 },
        PathCommand::LineTo(p) => p,
        _ => return,
    };
    if same_point(p0, next) {
        return;
    }
    let t = (d / p0.distance(next)).min(0.5);
    let (dx, dy) = ((next.x - p0.x) * t, (next.y - p0.y) * t);
    cmds[0] = PathCommand::MoveTo(Point::new(p0.x + dx, p0.y + dy));
    if let PathCommand::CubicTo(c1, c2, p) = cmds[1] {
        cmds[1] = PathCommand::CubicTo(Point::new(c1.x + dx, c1.y + dy), c2, p);
    }
}

fn trim_last(cmds: &mut [PathCommand], d: f64) {
    let last = cmds.len() - 1;
    let Some(prev_end) = end_of(&cmds[last - 1]) else { return };
    match cmds[last] {
        PathCommand::LineTo(p) => {
            if same_point(p, prev_end) {
                return;
            }
            let t = (d / p.distance(prev_end)).min(0.5);
            cmds[last] = PathCommand::LineTo(p.lerp(prev_end, t));
        }
        PathCommand::CubicTo(c1, c2, p) => {
            let from = if same_point(c2, p) { c1 } else { c2 };
            if same_point(p, from) {
                return;
            }
            let t = (d / p.distance(from)).min(0.5);
            let (dx, dy) = ((from.x - p.x) * t, (from.y - p.y) * t);
            cmds[last] = PathCommand::CubicTo(c1, Point::new(c2.x + dx, c2.y + dy), Point::new(p.x + dx, p.y + dy));
        }
        _ => {}
    }
}

