//! One fixture per syntax family (tests/fixtures/parse/*.mmd), checked
//! against the facts mermaid gives for the same text (SYNTAX.md).

use mmdflow::flowchart::{ArrowType, ClickAction, Curve, Direction, Flowchart, LabelKind, StyleDecl, Stroke};
use mmdflow::shape::Shape;
use mmdflow::{parse, Options};

fn fixture(name: &str) -> Flowchart {
    let path = format!("{}/tests/fixtures/parse/{name}.mmd", env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(&path).unwrap();
    match parse(&src, &Options::default()) {
        Ok(c) => c,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn ids(c: &Flowchart) -> Vec<&str> {
    c.nodes.iter().map(|n| n.id.as_str()).collect()
}

fn edge<'a>(c: &'a Flowchart, from: &str, to: &str) -> &'a mmdflow::flowchart::Edge {
    c.edges.iter().find(|e| e.from == from && e.to == to).unwrap_or_else(|| panic!("no edge {from}->{to}"))
}

fn decl(p: &str, v: &str) -> StyleDecl {
    StyleDecl { property: p.into(), value: v.into() }
}

#[test]
fn headers() {
    let c = fixture("headers");
    assert_eq!(c.direction, Direction::RightLeft);
    assert_eq!(ids(&c), ["A", "B"]);
    let c = fixture("headers_symbolic");
    assert_eq!(c.direction, Direction::BottomTop);
    assert_eq!(ids(&c), ["top", "bottom"]);
}

#[test]
fn classic_shapes() {
    let c = fixture("shapes");
    let want = [
        ("a", Shape::Rect, "square"),
        ("b", Shape::Rounded, "round"),
        ("c", Shape::Stadium, "stadium"),
        ("d", Shape::FramedRect, "sub"),
        ("e", Shape::Cylinder, "db"),
        ("f", Shape::Circle, "circle"),
        ("g", Shape::DoubleCircle, "double"),
        ("h", Shape::Odd, "odd"),
        ("i", Shape::Diamond, "diamond"),
        ("j", Shape::Hexagon, "hex"),
        ("k", Shape::LeanRight, "lean right"),
        ("l", Shape::LeanLeft, "lean left"),
        ("m", Shape::TrapezoidBottom, "trap"),
        ("n", Shape::TrapezoidTop, "inv trap"),
        ("o", Shape::Ellipse, "ellipse"),
        ("p", Shape::Rect, "props"),
    ];
    assert_eq!(c.nodes.len(), want.len());
    for (id, shape, label) in want {
        let n = c.node(id).unwrap();
        assert_eq!((n.shape, n.label.text.as_str()), (shape, label), "{id}");
    }
    assert_eq!(c.edges.len(), 12);
}

#[test]
fn extended_shapes() {
    let c = fixture("extended_shapes");
    let a = c.node("A").unwrap();
    assert_eq!(a.shape, Shape::Diamond);
    assert_eq!(a.label.text, "Ship it?");
    assert_eq!(a.label.kind, LabelKind::Markdown);
    assert_eq!(c.node("B").unwrap().shape, Shape::LinedCylinder);
    let cn = c.node("C").unwrap();
    assert_eq!(cn.shape, Shape::Documents);
    assert_eq!(cn.label.text, "two\nlines\n");
    let d = c.node("D").unwrap();
    assert_eq!(d.icon.as_deref(), Some("fa:bell"));
    assert_eq!(d.form.as_deref(), Some("circle"));
    assert_eq!(d.label_pos.as_deref(), Some("b"));
    assert_eq!(d.asset_size, (None, Some(48.0)));
    assert_eq!(d.label.text, "", "an icon without label has no text");
    let e = c.node("E").unwrap();
    assert_eq!(e.img.as_deref(), Some("https://example.com/x.png"));
    assert_eq!(e.asset_size, (Some(60.0), Some(40.0)));
    assert_eq!(e.constraint.as_deref(), Some("on"));
    assert_eq!(ids(&c), ["A", "B", "C", "D", "E"]);
    assert_eq!(c.edges.len(), 2);
}

#[test]
fn links() {
    let c = fixture("links");
    let want = [
        ("b", ArrowType::Point, Stroke::Normal, 1),
        ("c", ArrowType::Open, Stroke::Normal, 1),
        ("d", ArrowType::Cross, Stroke::Normal, 1),
        ("e", ArrowType::Circle, Stroke::Normal, 1),
        ("f", ArrowType::DoublePoint, Stroke::Normal, 1),
        ("g", ArrowType::DoubleCross, Stroke::Normal, 1),
        ("h", ArrowType::DoubleCircle, Stroke::Normal, 1),
        ("i", ArrowType::Point, Stroke::Thick, 1),
        ("j", ArrowType::Point, Stroke::Dotted, 1),
        ("k", ArrowType::Open, Stroke::Invisible, 1),
        ("l", ArrowType::Point, Stroke::Normal, 3),
        ("m", ArrowType::Open, Stroke::Dotted, 3),
        ("n", ArrowType::Point, Stroke::Normal, 10),
        ("o", ArrowType::Point, Stroke::Normal, 2),
    ];
    for (to, arrow, stroke, len) in want {
        let e = edge(&c, "a", to);
        assert_eq!((e.arrow, e.stroke, e.length), (arrow, stroke, len), "a->{to}");
    }
    // `p---oq`: the `o` is eaten as a circle head.
    let e = edge(&c, "p", "q");
    assert_eq!((e.arrow, e.length), (ArrowType::Circle, 2));
    assert!(c.node("oq").is_none());
}

#[test]
fn link_labels() {
    let c = fixture("labels");
    let l = |f: &str, t: &str| edge(&c, f, t).label.clone().unwrap();
    assert_eq!(l("A", "B").text, "plain text");
    assert_eq!(l("B", "C").text, "pipe text");
    assert_eq!(edge(&c, "C", "D").stroke, Stroke::Thick);
    assert_eq!(l("D", "E").text, "dotted");
    assert_eq!(edge(&c, "D", "E").stroke, Stroke::Dotted);
    assert_eq!((l("E", "F").text.as_str(), l("E", "F").kind), ("quoted (x)", LabelKind::String));
    assert_eq!((l("F", "G").text.as_str(), l("F", "G").kind), ("**md**", LabelKind::Markdown));
    assert_eq!(edge(&c, "G", "H").arrow, ArrowType::DoublePoint);
    assert_eq!(l("H", "I").text, "end");
}

#[test]
fn chains_and_groups() {
    let c = fixture("chains");
    let pairs: Vec<(&str, &str)> = c.edges.iter().map(|e| (e.from.as_str(), e.to.as_str())).collect();
    assert_eq!(pairs, [("A", "C"), ("A", "D"), ("B", "C"), ("B", "D"), ("C", "E"), ("D", "E"), ("F", "G"), ("G", "H")]);
    assert_eq!(ids(&c), ["A", "B", "C", "D", "E", "F", "G", "H"]);
}

#[test]
fn edge_ids_and_metadata() {
    let c = fixture("ids_metadata");
    let e1 = edge(&c, "A", "B");
    assert_eq!((e1.id.as_str(), e1.user_id, e1.animate, e1.curve), ("e1", true, true, Some(Curve::Linear)));
    // Reused id: automatic id instead, which metadata can still address.
    let bc = edge(&c, "B", "C");
    assert_eq!((bc.id.as_str(), bc.user_id, bc.animation.as_deref()), ("L_B_C_0", false, Some("fast")));
    // Only (last start, first end) of a group link gets the user id.
    assert_eq!(edge(&c, "B", "D").id, "e2");
    assert_eq!(edge(&c, "B", "D").animation.as_deref(), Some("slow"));
    assert_eq!(edge(&c, "A", "D").id, "L_A_D_0");
    let ab: Vec<&str> = c.edges.iter().filter(|e| e.from == "A" && e.to == "B").map(|e| e.id.as_str()).collect();
    assert_eq!(ab, ["e1", "L_A_B_2", "L_A_B_3"]);
    // Metadata statements create no nodes.
    assert!(c.node("e1").is_none() && c.node("e2").is_none() && c.node("L_B_C_0").is_none());
    assert_eq!(ids(&c), ["A", "B", "C", "D", "E", "1id", "i-d", "v", "Åäö"]);
}

#[test]
fn subgraphs() {
    let c = fixture("subgraphs");
    let sg: Vec<&str> = c.subgraphs.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(sg, ["outer", "inner", "subGraph2", "**md**"]);
    let outer = c.subgraph("outer").unwrap();
    assert_eq!(outer.title.text, "Outer title");
    assert_eq!(outer.direction, Some(Direction::TopBottom));
    assert_eq!(outer.nodes, ["c"]);
    assert_eq!(outer.parent, None);
    let inner = c.subgraph("inner").unwrap();
    assert_eq!(inner.nodes, ["a1", "a2"]);
    assert_eq!(inner.parent, Some(0));
    let some = c.subgraph("subGraph2").unwrap();
    assert_eq!(some.title.text, "Some Title");
    assert_eq!(some.nodes, ["d"]);
    assert_eq!(c.subgraph("**md**").unwrap().title.kind, LabelKind::Markdown);
    // Edges may end on clusters; cluster ids are not nodes.
    assert!(c.node("outer").is_none() && c.node("inner").is_none());
    assert_eq!(edge(&c, "outer", "d").arrow, ArrowType::Point);
    assert_eq!(edge(&c, "c", "inner").arrow, ArrowType::Point);
    assert_eq!(c.node("a1").unwrap().parent, Some(1));
    assert_eq!(c.node("c").unwrap().parent, Some(0));
    assert_eq!(c.node("d").unwrap().parent, Some(2));
}

#[test]
fn styling() {
    let c = fixture("styling");
    let a = c.node("A").unwrap();
    assert_eq!(a.classes, ["warm"]);
    assert_eq!(a.styles, [decl("fill", "#f9f"), decl("stroke-dasharray", "5 5")]);
    assert_eq!(c.node("B").unwrap().classes, ["a"]);
    assert_eq!(c.node("C").unwrap().classes, ["a"]);
    assert_eq!(c.node("Z").unwrap().styles, [decl("color", "red")], "style creates the node");
    assert_eq!(c.class_def("warm").unwrap().styles, [decl("fill", "#f96"), decl("stroke", "#333"), decl("stroke-width", "4px")]);
    assert_eq!(c.class_def("b").unwrap().styles, [decl("font-size", "12pt")]);
    assert!(c.class_def("default").is_some());
    assert_eq!(c.edges[0].styles, [decl("stroke", "#ff3"), decl("stroke-width", "4px")]);
    assert_eq!(c.default_link_styles, [decl("stroke", "blue")]);
    assert_eq!(c.default_link_curve, Some(Curve::Linear));
    assert!(c.warnings.iter().any(|w| w.message.contains("behavior")), "{:?}", c.warnings);
}

#[test]
fn click() {
    let c = fixture("click");
    let n = |id: &str| c.node(id).unwrap();
    assert_eq!(n("A").click, Some(ClickAction::Callback { function: "callback".into(), args: None }));
    assert_eq!(n("A").tooltip.as_deref(), Some("Tip A"));
    assert_eq!(n("B").click, Some(ClickAction::Callback { function: "notify".into(), args: Some("\"x\", 2".into()) }));
    assert_eq!(n("C").click, Some(ClickAction::Link { url: "https://example.com".into(), target: Some("_blank".into()) }));
    assert_eq!(n("C").tooltip.as_deref(), Some("Tip C"));
    assert_eq!(n("D").click, None, "javascript: links are dropped");
    assert!(c.warnings.iter().any(|w| w.message.contains("javascript:")));
    assert_eq!(n("E").click, Some(ClickAction::Link { url: "docs/page.html".into(), target: Some("_self".into()) }));
    for id in ["A", "B", "C", "D", "E"] {
        assert_eq!(n(id).classes, ["clickable"], "{id}");
    }
}

#[test]
fn accessibility() {
    let c = fixture("accessibility");
    assert_eq!(c.acc_title.as_deref(), Some("Order flow"));
    assert_eq!(c.acc_descr.as_deref(), Some("How an order\nmoves along"));
    assert_eq!(ids(&c), ["A", "B"]);
}

#[test]
fn text_and_entities() {
    let c = fixture("text_entities");
    let t = |id: &str| c.node(id).unwrap().label.text.clone();
    assert_eq!(t("A"), "A quote: \"x\"");
    assert_eq!(t("B"), "Heart ♥ and &");
    assert_eq!(t("C"), "line one\nline two\nthree");
    assert_eq!(t("D"), "fa:fa-car drive");
    assert_eq!(t("E"), "日本語 ❤");
    assert_eq!(t("F"), "safe");
}

#[test]
fn front_matter_and_directives() {
    let c = fixture("frontmatter_directives");
    assert_eq!(c.title.as_deref(), Some("Front title"));
    assert_eq!(c.config.theme, Some(mmdflow::Theme::Dark), "directives override front-matter");
    assert_eq!(c.config.flowchart.curve, Some(Curve::StepBefore));
    assert_eq!(c.config.flowchart.node_spacing, Some(30.0));
    assert_eq!(c.config.flowchart.rank_spacing, Some(70.0));
    assert_eq!(c.config.layout, Some(mmdflow::LayoutEngine::Elk));
    assert_eq!(c.direction, Direction::LeftRight);
    assert_eq!(ids(&c), ["A", "B"]);
}

#[test]
fn comments_and_crlf() {
    let c = fixture("comments");
    assert_eq!(ids(&c), ["A", "B", "C"]);
    assert_eq!(c.edges.len(), 2);
    // Spans point into the original (CRLF) text.
    let src = std::fs::read_to_string(format!("{}/tests/fixtures/parse/comments.mmd", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let c_node = c.node("C").unwrap();
    assert_eq!(&src[c_node.span.start..c_node.span.end], "C");
}

#[test]
fn linkstyle_ranges_and_lists() {
    let src = "graph LR\n  a --> b --> c --> d --> e\n  linkStyle 0-1,3 stroke:red\n  linkStyle 2 interpolate step";
    let c = parse(src, &Options::default()).unwrap();
    let styled: Vec<bool> = c.edges.iter().map(|e| !e.styles.is_empty()).collect();
    assert_eq!(styled, [true, true, false, true]);
    assert_eq!(c.edges[2].curve, Some(Curve::Step));
}

#[test]
fn quirks() {
    // `direction` swallows the rest of its line, nodes included.
    let c = parse("flowchart LR\n  subgraph X\n    A-->B direction TB\n  end", &Options::default()).unwrap();
    assert!(c.nodes.is_empty() && c.edges.is_empty());
    assert_eq!(c.subgraph("X").unwrap().direction, Some(Direction::TopBottom));
    // A trailing `%%` is not a comment.
    assert!(parse("flowchart TD\n  B-->E(x) %% icon", &Options::default()).is_err());
    // `graph;` without a direction is an error, `graph TD;` is not.
    assert!(parse("graph;A-->B", &Options::default()).is_err());
    assert!(parse("graph TD;A-->B", &Options::default()).is_ok());
    // Keyword-prefixed ids.
    assert!(parse("graph TD;style.node", &Options::default()).is_err());
    let c = parse("graph TD;default.node;subgraph1;endpoint", &Options::default()).unwrap();
    assert_eq!(ids(&c), ["default.node", "subgraph1", "endpoint"]);
    // Node redefinition: the last label and shape win.
    let c = parse("flowchart LR\n  A[first] --> B\n  A(second)", &Options::default()).unwrap();
    assert_eq!((c.node("A").unwrap().label.text.as_str(), c.node("A").unwrap().shape), ("second", Shape::Rounded));
}

#[test]
fn parents_precede_children() {
    // `B` is opened first but claimed by `A`, which lists it.
    let src = "flowchart TB\n  b-->B\n  subgraph B\n    c\n  end\n  subgraph A\n    a\n    B\n  end";
    let c = parse(src, &Options::default()).unwrap();
    let order: Vec<&str> = c.subgraphs.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(order, ["A", "B"]);
    assert_eq!(c.subgraphs[1].parent, Some(0));
    assert_eq!(c.node("c").unwrap().parent, Some(1));
    assert_eq!(c.node("a").unwrap().parent, Some(0));
    assert!(c.node("B").is_none());
}
