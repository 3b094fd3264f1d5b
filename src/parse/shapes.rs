//! Node shapes: classic brackets to [`Shape`], and `@{ … }` data (YAML) to
//! a node's shape, label and asset fields, or to an edge's animation and
//! curve.
//!
//! Mermaid parses `@{ … }` as YAML: without a line break the text is wrapped
//! in `{ }` (a flow mapping, keys separated by commas), with one it is a
//! block mapping. Shape names must be lowercase without `_` (internal
//! handler names like `lean_right` or `forkJoin` are refused) and known to
//! [`Shape::from_name`].

use super::text;
use crate::ast::{BracketShape, ShapeData};
use crate::flowchart::{Curve, Edge, Label, LabelKind, Node};
use crate::shape::Shape;
use serde_json::Value;

pub(super) fn bracket_shape(b: BracketShape) -> Shape {
    match b {
        BracketShape::Square | BracketShape::Rect => Shape::Rect,
        BracketShape::Round => Shape::Rounded,
        BracketShape::Stadium => Shape::Stadium,
        BracketShape::Subroutine => Shape::FramedRect,
        BracketShape::Cylinder => Shape::Cylinder,
        BracketShape::Circle => Shape::Circle,
        BracketShape::DoubleCircle => Shape::DoubleCircle,
        BracketShape::Odd => Shape::Odd,
        BracketShape::Diamond => Shape::Diamond,
        BracketShape::Hexagon => Shape::Hexagon,
        BracketShape::LeanRight => Shape::LeanRight,
        BracketShape::LeanLeft => Shape::LeanLeft,
        BracketShape::Trapezoid => Shape::TrapezoidBottom,
        BracketShape::InvTrapezoid => Shape::TrapezoidTop,
        BracketShape::Ellipse => Shape::Ellipse,
    }
}

fn value_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// The YAML of `@{ … }` as JSON.
pub(super) fn load(d: &ShapeData) -> Result<Value, String> {
    let src = if d.yaml.contains('\n') { d.yaml.clone() } else { format!("{{\n{}\n}}", d.yaml) };
    super::yaml::parse(&src)
}

/// Applies node data; the error is the message for an unknown shape.
pub(super) fn apply_node_data(node: &mut Node, doc: &Value) -> Result<(), String> {
    let Value::Object(m) = doc else { return Ok(()) };
    if let Some(s) = m.get("shape").filter(|v| truthy(v)) {
        let name = value_string(s).unwrap_or_default();
        if name != name.to_lowercase() || name.contains('_') {
            return Err(format!("unknown shape '{name}': shape names are lowercase, like 'rect' or 'lean-r'"));
        }
        match Shape::from_name(&name) {
            Some(sh) => node.shape = sh,
            None => return Err(format!("unknown shape '{name}'")),
        }
    }
    let label_given = m.get("label").filter(|v| truthy(v)).and_then(value_string);
    if let Some(l) = &label_given {
        let kind = match m.get("labelType").and_then(Value::as_str) {
            Some("string") => LabelKind::String,
            Some("text") => LabelKind::Text,
            _ => LabelKind::Markdown,
        };
        node.label = Label { text: text::clean(l), kind };
    }
    let s = |k: &str| m.get(k).filter(|v| truthy(v)).and_then(value_string);
    // An icon or image without a label of its own shows no text.
    let empty_label = label_given.as_deref().map_or(true, |l| l.trim().is_empty());
    let id = node.id.clone();
    if let Some(icon) = s("icon") {
        node.icon = Some(icon);
        if empty_label && node.label.text == id {
            node.label.text.clear();
        }
    }
    if let Some(f) = s("form") {
        node.form = Some(f);
    }
    if let Some(p) = s("pos") {
        node.label_pos = Some(p);
    }
    if let Some(img) = s("img") {
        node.img = Some(img);
        if empty_label && node.label.text == id {
            node.label.text.clear();
        }
    }
    if let Some(c) = s("constraint") {
        node.constraint = Some(c);
    }
    let num = |k: &str| {
        m.get(k).filter(|v| truthy(v)).and_then(|v| match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
    };
    if let Some(w) = num("w") {
        node.asset_size.0 = Some(w);
    }
    if let Some(h) = num("h") {
        node.asset_size.1 = Some(h);
    }
    Ok(())
}

/// Applies edge metadata (`animate`, `animation`, `curve`); returns a
/// warning for an unknown curve.
/// Applies `e1@{ … }` edge metadata. Returns a warning, if any, and whether
/// it set the edge's curve (the semantic pass orders curve writes).
pub(super) fn apply_edge_data(edge: &mut Edge, doc: &Value) -> (Option<String>, bool) {
    let Value::Object(m) = doc else { return (None, false) };
    if let Some(a) = m.get("animate") {
        edge.animate = matches!(a, Value::Bool(true)) || a.as_str() == Some("true");
    }
    if let Some(a) = m.get("animation").and_then(value_string) {
        edge.animation = Some(a);
    }
    if let Some(c) = m.get("curve").and_then(value_string) {
        match Curve::from_name(&c) {
            Some(c) => {
                edge.curve = Some(c);
                return (None, true);
            }
            None => return (Some(format!("unknown curve '{c}' ignored")), false),
        }
    }
    (None, false)
}
