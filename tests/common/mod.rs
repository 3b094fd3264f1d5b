//! Hand-built layouts for the rendering tests, so they do not depend on the
//! parser or the layout engine.
#![allow(dead_code)]

use mmdflow::config::DiagramConfig;
use mmdflow::flowchart::{ArrowType, Curve, Direction, Label, LabelKind, StyleDecl, Stroke};
use mmdflow::geom::{Path, PathCommand, Point, Rect};
use mmdflow::layout::{ClusterLayout, EdgeLayout, Layout, NodeLayout};
use mmdflow::render::shape;
use mmdflow::shape::Shape;
use mmdflow::text::{layout_label, TextStyle};

pub fn decl(p: &str, v: &str) -> StyleDecl {
    StyleDecl { property: p.into(), value: v.into() }
}

pub fn node(id: &str, label: &str, shape: Shape, x: f64, y: f64) -> NodeLayout {
    let kind = if label.contains("**") || label.contains('_') { LabelKind::Markdown } else { LabelKind::Text };
    let block = layout_label(&Label { text: label.into(), kind }, &TextStyle::default(), Some(200.0));
    let (w, h) = shape::node_size(shape, &block, 15.0);
    NodeLayout {
        id: id.into(),
        rect: Rect::new(x, y, w, h),
        shape,
        icon: None,
        label: block,
        label_kind: kind,
        classes: Vec::new(),
        style: Vec::new(),
        click: None,
        tooltip: None,
        parent: None,
    }
}

pub fn edge(id: &str, a: &NodeLayout, b: &NodeLayout, arrow: ArrowType, stroke: Stroke, label: Option<&str>) -> EdgeLayout {
    let p0 = shape::attach_point(a.shape, &a.rect, b.rect.center());
    let p1 = shape::attach_point(b.shape, &b.rect, a.rect.center());
    let m0 = p0.lerp(p1, 0.33);
    let m1 = p0.lerp(p1, 0.66);
    let path = Path { commands: vec![PathCommand::MoveTo(p0), PathCommand::CubicTo(Point::new(m0.x, m0.y), Point::new(m1.x, m1.y), p1)] };
    let block = label.map(|l| layout_label(&Label { text: l.into(), kind: LabelKind::Text }, &TextStyle::default(), Some(200.0)));
    let label_box = block.as_ref().map(|b| {
        let m = p0.lerp(p1, 0.5);
        Rect::new(m.x, m.y, b.width, b.height)
    });
    EdgeLayout {
        id: id.into(),
        from: a.id.clone(),
        to: b.id.clone(),
        arrow,
        stroke,
        length: 1,
        path,
        curve: Curve::Basis,
        label: block,
        label_box,
        style: Vec::new(),
        classes: Vec::new(),
        animation: None,
    }
}

pub fn layout(nodes: Vec<NodeLayout>, edges: Vec<EdgeLayout>, clusters: Vec<ClusterLayout>) -> Layout {
    let mut w: f64 = 0.0;
    let mut h: f64 = 0.0;
    for n in &nodes {
        w = w.max(n.rect.right() + 8.0);
        h = h.max(n.rect.bottom() + 8.0);
    }
    for c in &clusters {
        w = w.max(c.rect.right() + 8.0);
        h = h.max(c.rect.bottom() + 8.0);
    }
    Layout {
        direction: Direction::TopBottom,
        width: w,
        height: h,
        nodes,
        edges,
        clusters,
        title: None,
        acc_title: None,
        acc_descr: None,
        config: DiagramConfig::default(),
        class_defs: Vec::new(),
        time_ms: 0.0,
    }
}

pub fn cluster(id: &str, title: &str, rect: Rect, nodes: &[&str]) -> ClusterLayout {
    ClusterLayout {
        title_box: None,
        id: id.into(),
        title: layout_label(&Label { text: title.into(), kind: LabelKind::Text }, &TextStyle::default(), None),
        title_text: title.into(),
        rect,
        parent: None,
        nodes: nodes.iter().map(|s| s.to_string()).collect(),
        direction: None,
        classes: Vec::new(),
        style: Vec::new(),
    }
}

/// The seed-like diagram: start, decision, two outcomes, a subgraph, styles.
pub fn seed() -> Layout {
    let a = node("A", "Start", Shape::Rect, 200.0, 40.0);
    let b = node("B", "Is it working?", Shape::Diamond, 200.0, 190.0);
    let c = node("C", "Ship **it**", Shape::Stadium, 90.0, 350.0);
    let mut d = node("D", "Debug", Shape::Rounded, 310.0, 350.0);
    d.classes = vec!["warn".into()];
    d.style = vec![decl("fill", "#f96"), decl("stroke", "#333"), decl("stroke-width", "2px"), decl("color", "#fff")];
    let e = node("E", "Database", Shape::Cylinder, 310.0, 470.0);
    let edges = vec![
        edge("L_A_B_0", &a, &b, ArrowType::Point, Stroke::Normal, None),
        edge("L_B_C_0", &b, &c, ArrowType::Point, Stroke::Normal, Some("Yes")),
        edge("L_B_D_0", &b, &d, ArrowType::Cross, Stroke::Dotted, Some("No")),
        edge("L_D_E_0", &d, &e, ArrowType::DoubleCircle, Stroke::Thick, None),
    ];
    let cl = cluster("store", "Storage", Rect::new(310.0, 460.0, 180.0, 110.0), &["E"]);
    let mut l = layout(vec![a, b, c, d, e], edges, vec![cl]);
    l.class_defs = vec![("warn".into(), vec![decl("fill", "#f96")])];
    l
}
