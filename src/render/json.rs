//! Serializes a [`Layout`] to the layout JSON of `tools/layout/SCHEMA.md`.
//! Numbers are rounded to 3 decimals so the output is byte-identical across
//! machines.

use crate::geom::EDGE_SAMPLE_STEP;
use crate::layout::Layout;
use serde_json::{json, Map, Value};

fn num(v: f64) -> Value {
    let r = (v * 1000.0).round() / 1000.0;
    let r = if r == 0.0 { 0.0 } else { r };
    if r.fract() == 0.0 && r.abs() < 1e15 {
        Value::from(r as i64)
    } else {
        serde_json::Number::from_f64(r).map(Value::Number).unwrap_or(Value::from(0))
    }
}

fn rect(r: &crate::geom::Rect, m: &mut Map<String, Value>) {
    m.insert("x".into(), num(r.x));
    m.insert("y".into(), num(r.y));
    m.insert("width".into(), num(r.width));
    m.insert("height".into(), num(r.height));
}

impl Layout {
    /// The layout as the JSON of `tools/layout/SCHEMA.md`.
    pub fn to_json(&self) -> String {
        to_json(self)
    }
}

/// Most edge points in one document. The schema asks for a point every
/// [`EDGE_SAMPLE_STEP`] units of curve; 10,000 edges thousands of units long
/// (K100,100 from one `&` line) would make that a 100 MB document, so beyond
/// this many points the step grows until all edges share this many.
const MAX_POINTS: f64 = 400_000.0;

/// Length of a path's control polygon: what [`crate::geom::Path::flatten`]
/// divides into steps.
fn control_length(path: &crate::geom::Path) -> f64 {
    use crate::geom::PathCommand;
    let mut at = crate::geom::Point::default();
    let mut length = 0.0;
    for c in &path.commands {
        match *c {
            PathCommand::MoveTo(p) => at = p,
            // A line gives one point whatever its length.
            PathCommand::LineTo(p) => {
                length += 1.0;
                at = p;
            }
            PathCommand::CubicTo(c1, c2, p) => {
                length += at.distance(c1) + c1.distance(c2) + c2.distance(p);
                at = p;
            }
            PathCommand::Close => {}
        }
    }
    if length.is_finite() {
        length
    } else {
        f64::MAX
    }
}

fn to_json(layout: &Layout) -> String {
    let total: f64 = layout.edges.iter().map(|e| control_length(&e.path)).sum();
    let step = (total / MAX_POINTS).max(EDGE_SAMPLE_STEP);
    let nodes: Vec<Value> = layout
        .nodes
        .iter()
        .map(|n| {
            let mut m = Map::new();
            m.insert("id".into(), json!(n.id));
            rect(&n.rect, &mut m);
            m.insert("label".into(), json!(n.label.source));
            m.insert("label_kind".into(), json!(n.label_kind.as_str()));
            m.insert("shape".into(), json!(n.shape.short_name()));
            if !n.classes.is_empty() {
                m.insert("classes".into(), json!(n.classes));
            }
            m.insert("parent".into(), json!(n.parent));
            Value::Object(m)
        })
        .collect();
    let edges: Vec<Value> = layout
        .edges
        .iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("id".into(), json!(e.id));
            m.insert("from".into(), json!(e.from));
            m.insert("to".into(), json!(e.to));
            m.insert("type".into(), json!(e.arrow.as_str()));
            m.insert("stroke".into(), json!(e.stroke.as_str()));
            m.insert("length".into(), json!(e.length));
            let pts: Vec<Value> = e.path.flatten(step).iter().map(|p| json!([num(p.x), num(p.y)])).collect();
            m.insert("points".into(), Value::Array(pts));
            if let Some(l) = &e.label {
                m.insert("label".into(), json!(l.source));
            }
            if let Some(b) = &e.label_box {
                let mut bm = Map::new();
                rect(b, &mut bm);
                m.insert("label_box".into(), Value::Object(bm));
            }
            Value::Object(m)
        })
        .collect();
    let clusters: Vec<Value> = layout
        .clusters
        .iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("id".into(), json!(c.id));
            m.insert("title".into(), json!(c.title_text));
            rect(&c.rect, &mut m);
            if let Some(b) = &c.title_box {
                let mut bm = Map::new();
                rect(b, &mut bm);
                m.insert("title_box".into(), Value::Object(bm));
            }
            m.insert("parent".into(), json!(c.parent));
            m.insert("nodes".into(), json!(c.nodes));
            if let Some(d) = c.direction {
                m.insert("direction".into(), json!(d.as_str()));
            }
            Value::Object(m)
        })
        .collect();
    let mut top = Map::new();
    top.insert("direction".into(), json!(layout.direction.as_str()));
    top.insert("width".into(), num(layout.width));
    top.insert("height".into(), num(layout.height));
    top.insert("nodes".into(), Value::Array(nodes));
    top.insert("edges".into(), Value::Array(edges));
    top.insert("clusters".into(), Value::Array(clusters));
    // The front-matter title's text and box (centred, as every box here).
    if let Some((block, r)) = &layout.title {
        let mut m = Map::new();
        m.insert("text".into(), json!(block.plain_text()));
        rect(r, &mut m);
        top.insert("title".into(), Value::Object(m));
    }
    top.insert("meta".into(), json!({"engine": "mmdflow", "version": env!("CARGO_PKG_VERSION")}));
    let mut s = serde_json::to_string(&Value::Object(top)).expect("JSON values always serialize");
    s.push('\n');
    s
}
