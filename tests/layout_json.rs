//! What the layout JSON (`-e json`, tools/layout/SCHEMA.md) says about a
//! realistic diagram: node labels, edge labels and their boxes, link types,
//! strokes and lengths, cluster titles and members. Each field is asserted
//! against what the source says, so dropping or mixing one up fails here.

use mmdflow::Options;
use serde_json::Value;

/// Every link type and stroke, labelled and unlabelled edges, a long link, a
/// multi-line label and a titled subgraph.
const DIAGRAM: &str = "flowchart TD
  start([Start]) -->|begin| check{Valid?}
  check -- yes --> save[(Store)]
  check -. no .-> fix[\"Fix it<br>then retry\"]
  fix ==> check
  save --x audit[Audit]
  save --o log[Log]
  a <--> b
  c x--x d
  e o--o f
  g --- h
  i ~~~ j
  k ----> l
  m -.-> n
  subgraph store_sg [Storage area]
    save
    log
  end
  classDef warn fill:#f96
  class audit warn
";

fn layout_json() -> Value {
    let text = mmdflow::render_json(DIAGRAM, &Options::default()).expect("the diagram is valid");
    serde_json::from_str(&text).expect("layout JSON parses")
}

fn edge<'a>(v: &'a Value, from: &str, to: &str) -> &'a Value {
    v["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["from"] == from && e["to"] == to)
        .unwrap_or_else(|| panic!("no edge {from} -> {to} in {}", v["edges"]))
}

fn node<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["nodes"].as_array().unwrap().iter().find(|n| n["id"] == id).unwrap_or_else(|| panic!("no node {id}"))
}

/// A centred box (SCHEMA.md: x, y are the centre) as left, top, right, bottom.
fn bounds(b: &Value) -> [f64; 4] {
    let f = |k: &str| b[k].as_f64().unwrap_or_else(|| panic!("box without {k}: {b}"));
    let (x, y, w, h) = (f("x"), f("y"), f("width"), f("height"));
    [x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0]
}

#[test]
fn node_labels_and_shapes_are_the_sources() {
    let v = layout_json();
    for (id, label, shape) in [
        ("start", "Start", "stadium"),
        ("check", "Valid?", "diam"),
        ("save", "Store", "cyl"),
        ("fix", "Fix it\nthen retry", "rect"),
        ("audit", "Audit", "rect"),
        // A bare id is its own label.
        ("a", "a", "rect"),
    ] {
        let n = node(&v, id);
        assert_eq!(n["label"], label, "{id}");
        assert_eq!(n["shape"], shape, "{id}");
    }
    assert_eq!(node(&v, "fix")["label_kind"], "string");
    // Classes are listed where there are some, and left out elsewhere.
    assert_eq!(node(&v, "audit")["classes"], serde_json::json!(["warn"]));
    assert!(node(&v, "log").get("classes").is_none(), "{}", node(&v, "log"));
    assert_eq!(node(&v, "start")["label_kind"], "text");
}

#[test]
fn link_types_strokes_and_lengths_are_the_sources() {
    let v = layout_json();
    let want = [
        ("start", "check", "arrow_point", "normal", 1),
        ("check", "save", "arrow_point", "normal", 1),
        ("check", "fix", "arrow_point", "dotted", 1),
        ("fix", "check", "arrow_point", "thick", 1),
        ("save", "audit", "arrow_cross", "normal", 1),
        ("save", "log", "arrow_circle", "normal", 1),
        ("a", "b", "double_arrow_point", "normal", 1),
        ("c", "d", "double_arrow_cross", "normal", 1),
        ("e", "f", "double_arrow_circle", "normal", 1),
        ("g", "h", "arrow_open", "normal", 1),
        ("i", "j", "arrow_open", "invisible", 1),
        ("k", "l", "arrow_point", "normal", 3),
        ("m", "n", "arrow_point", "dotted", 1),
    ];
    assert_eq!(v["edges"].as_array().unwrap().len(), want.len());
    for (from, to, ty, stroke, length) in want {
        let e = edge(&v, from, to);
        assert_eq!(e["type"], ty, "{from}->{to} type");
        assert_eq!(e["stroke"], stroke, "{from}->{to} stroke");
        assert_eq!(e["length"], length, "{from}->{to} length");
    }
    // Source order (SCHEMA.md, Order), and mermaid's automatic ids.
    let order: Vec<(&str, &str)> =
        v["edges"].as_array().unwrap().iter().map(|e| (e["from"].as_str().unwrap(), e["to"].as_str().unwrap())).collect();
    assert_eq!(order, want.iter().map(|w| (w.0, w.1)).collect::<Vec<_>>());
    assert_eq!(edge(&v, "start", "check")["id"], "L_start_check_0");
}

#[test]
fn a_longer_link_spans_more_ranks() {
    let v = layout_json();
    let gap = |from: &str, to: &str| {
        let (a, b) = (node(&v, from), node(&v, to));
        b["y"].as_f64().unwrap() - a["y"].as_f64().unwrap()
    };
    // `k ----> l` (length 3) must sit at least twice as far apart as `g --- h`.
    assert!(gap("k", "l") > 2.0 * gap("g", "h"), "k->l {} vs g->h {}", gap("k", "l"), gap("g", "h"));
}

#[test]
fn edge_labels_have_boxes_on_their_edge() {
    let v = layout_json();
    for (from, to, label) in [("start", "check", "begin"), ("check", "save", "yes"), ("check", "fix", "no")] {
        let e = edge(&v, from, to);
        assert_eq!(e["label"], label, "{from}->{to}");
        let [l, t, r, b] = bounds(&e["label_box"]);
        assert!(r - l > 5.0 && b - t > 5.0, "{from}->{to}: empty label box {}", e["label_box"]);
        // The label sits on its edge: some point of the path is inside the box
        // (grown by 2 units for the path's flattening).
        let on_edge = e["points"].as_array().unwrap().iter().any(|p| {
            let (x, y) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
            x >= l - 2.0 && x <= r + 2.0 && y >= t - 2.0 && y <= b + 2.0
        });
        assert!(on_edge, "{from}->{to}: label box {} is off its path {}", e["label_box"], e["points"]);
        // Inside the drawing.
        let (w, h) = (v["width"].as_f64().unwrap(), v["height"].as_f64().unwrap());
        assert!(l >= 0.0 && t >= 0.0 && r <= w && b <= h, "{from}->{to}: label box outside {w}x{h}");
    }
    // Unlabelled edges have neither.
    for (from, to) in [("fix", "check"), ("a", "b"), ("k", "l")] {
        let e = edge(&v, from, to);
        assert!(e.get("label").is_none() && e.get("label_box").is_none(), "{from}->{to}: {e}");
    }
    // Two labelled edges never share a box.
    let b1 = bounds(&edge(&v, "check", "save")["label_box"]);
    let b2 = bounds(&edge(&v, "check", "fix")["label_box"]);
    assert!(b1[2] <= b2[0] || b2[2] <= b1[0] || b1[3] <= b2[1] || b2[3] <= b1[1], "label boxes overlap: {b1:?} {b2:?}");
}

#[test]
fn edges_run_from_tail_to_head() {
    let v = layout_json();
    // `fix ==> check` goes up (a back edge) but its points still start at fix.
    for (from, to) in [("start", "check"), ("fix", "check"), ("save", "log")] {
        let e = edge(&v, from, to);
        let pts = e["points"].as_array().unwrap();
        let dist = |p: &Value, id: &str| {
            let [l, t, r, b] = bounds(node(&v, id));
            let (x, y) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
            let dx = (l - x).max(x - r).max(0.0);
            let dy = (t - y).max(y - b).max(0.0);
            dx.hypot(dy)
        };
        assert!(dist(&pts[0], from) <= 3.0, "{from}->{to} starts {} from {from}", dist(&pts[0], from));
        assert!(dist(pts.last().unwrap(), to) <= 3.0, "{from}->{to} ends {} from {to}", dist(pts.last().unwrap(), to));
    }
}

#[test]
fn clusters_carry_title_members_and_box() {
    let v = layout_json();
    let clusters = v["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1);
    let c = &clusters[0];
    assert_eq!(c["id"], "store_sg");
    assert_eq!(c["title"], "Storage area");
    assert_eq!(c["nodes"], serde_json::json!(["save", "log"]));
    assert_eq!(node(&v, "save")["parent"], "store_sg");
    assert_eq!(node(&v, "audit")["parent"], Value::Null);
    let [l, t, r, b] = bounds(c);
    for id in ["save", "log"] {
        let [nl, nt, nr, nb] = bounds(node(&v, id));
        assert!(nl >= l && nt >= t && nr <= r && nb <= b, "{id} outside its cluster");
    }
    // The title's box (issue 11): inside the cluster, above its members
    // (top-down diagram), and big enough for the text.
    let tb = c.get("title_box").unwrap_or_else(|| panic!("cluster without title_box: {c}"));
    let [tl, tt, tr, tbot] = bounds(tb);
    assert!(tl >= l && tt >= t && tr <= r && tbot <= b, "title box {tb} outside the cluster {c}");
    assert!(tr - tl > 40.0 && tbot - tt > 10.0, "title box {tb} too small for \"Storage area\"");
    for id in ["save", "log"] {
        let [_, nt, _, _] = bounds(node(&v, id));
        assert!(tbot <= nt, "title box {tb} overlaps member {id}");
    }
}

#[test]
fn a_subgraph_title_defaults_to_its_id() {
    let text = mmdflow::render_json("graph LR\nsubgraph backend\nA-->B\nend\n", &Options::default()).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["clusters"][0]["title"], "backend");
    assert_eq!(v["direction"], "LR");
}

/// Numbers are rounded to 3 decimals, integers written without a fraction,
/// and fractions kept (SCHEMA.md: byte-identical across machines).
#[test]
fn numbers_are_rounded_not_truncated() {
    let text = mmdflow::render_json(DIAGRAM, &Options::default()).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let mut numbers = Vec::new();
    fn collect(v: &Value, out: &mut Vec<serde_json::Number>) {
        match v {
            Value::Number(n) => out.push(n.clone()),
            Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
            Value::Object(o) => o.values().for_each(|x| collect(x, out)),
            _ => {}
        }
    }
    collect(&v, &mut numbers);
    let mut fractional = 0;
    for n in &numbers {
        let shown = n.to_string();
        let f = n.as_f64().unwrap();
        if f.fract() == 0.0 {
            assert!(!shown.contains('.'), "integral number written as {shown}");
        } else {
            fractional += 1;
            let decimals = shown.split_once('.').map_or(0, |(_, d)| d.len());
            assert!(decimals <= 3, "{shown} has more than 3 decimals");
        }
    }
    // Text widths make most coordinates fractional; a writer that truncated
    // them to integers would leave none.
    assert!(fractional * 4 >= numbers.len(), "only {fractional} of {} numbers keep a fraction", numbers.len());
    // -0 is written as 0.
    assert!(!text.contains("-0,") && !text.contains("-0]") && !text.contains("-0}"), "negative zero in the JSON");
}

fn overlaps(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// The front-matter title gets a box above everything else, centred over
/// the drawing, inside the canvas; nothing else is drawn over it.
#[test]
fn the_front_matter_title_has_a_box_above_the_drawing() {
    for direction in ["TD", "LR", "BT", "RL"] {
        let src = format!("---\ntitle: Order handling\n---\nflowchart {direction}\n{}", DIAGRAM.split_once('\n').unwrap().1);
        let text = mmdflow::render_json(&src, &Options::default()).expect("the diagram is valid");
        let v: Value = serde_json::from_str(&text).unwrap();
        let title = &v["title"];
        assert_eq!(title["text"], "Order handling", "{direction}");
        let t = bounds(title);
        assert!(t[0] >= 0.0 && t[1] >= 0.0, "{direction}: title inside the canvas: {t:?}");
        assert!(t[2] <= v["width"].as_f64().unwrap() && t[3] <= v["height"].as_f64().unwrap(), "{direction}");
        let mut others: Vec<[f64; 4]> = v["nodes"].as_array().unwrap().iter().map(bounds).collect();
        others.extend(v["clusters"].as_array().unwrap().iter().map(bounds));
        others.extend(v["edges"].as_array().unwrap().iter().filter(|e| e["label_box"].is_object()).map(|e| bounds(&e["label_box"])));
        for o in &others {
            assert!(o[1] >= t[3], "{direction}: {o:?} reaches above the title's bottom {t:?}");
        }
        for e in v["edges"].as_array().unwrap() {
            for p in e["points"].as_array().unwrap() {
                assert!(p[1].as_f64().unwrap() >= t[3], "{direction}: edge point {p} above the title's bottom");
            }
        }
        let left = others.iter().map(|o| o[0]).fold(f64::INFINITY, f64::min);
        let right = others.iter().map(|o| o[2]).fold(f64::NEG_INFINITY, f64::max);
        let centre = title["x"].as_f64().unwrap();
        assert!((centre - (left + right) / 2.0).abs() < 40.0, "{direction}: title centred over the drawing");
        assert!(!others.iter().any(|o| overlaps(*o, t)), "{direction}");
    }
}

/// A title wider than the drawing widens the canvas; no title, no field.
#[test]
fn a_long_title_widens_the_canvas_and_no_title_adds_nothing() {
    let plain = mmdflow::render_json("flowchart TD\n a --> b", &Options::default()).unwrap();
    let plain: Value = serde_json::from_str(&plain).unwrap();
    assert!(plain.get("title").is_none());
    let long = "A title much wider than the two small nodes below it";
    let text = mmdflow::render_json(&format!("---\ntitle: {long}\n---\nflowchart TD\n a --> b"), &Options::default()).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let t = bounds(&v["title"]);
    assert!(v["width"].as_f64().unwrap() >= t[2] - t[0], "canvas as wide as the title");
    assert!(v["width"].as_f64().unwrap() > plain["width"].as_f64().unwrap());
    assert!(v["height"].as_f64().unwrap() > plain["height"].as_f64().unwrap(), "room reserved above");
}

/// The schema's point every 8 units would make a document of millions of
/// points for a huge drawing, so the writer caps the whole document at
/// 400,000 points: the step becomes (length of every control polygon, a
/// straight segment counting 1) / 400,000. One edge of 40,000 straight
/// segments and 1,000 straight cubics 4,000 units long totals 4,040,000, so
/// the step is 10.1 and each cubic gets ceil(4000 / 10.1) = 397 points.
#[test]
fn a_huge_drawing_is_sampled_to_the_point_budget() {
    use mmdflow::geom::{Path, PathCommand, Point};
    let chart = mmdflow::parse("graph LR\n a --> b\n", &Options::default()).unwrap();
    let mut layout = mmdflow::layout(&chart, &Options::default()).unwrap();
    let mut commands = vec![PathCommand::MoveTo(Point::new(0.0, 0.0))];
    commands.extend((1..=40_000).map(|i| PathCommand::LineTo(Point::new(f64::from(i) / 100.0, 0.0))));
    let x = 400.0;
    for i in 0..1_000 {
        let y = f64::from(i) * 4000.0;
        let at = |dy: f64| Point::new(x, y + dy);
        commands.push(PathCommand::CubicTo(at(4000.0 / 3.0), at(8000.0 / 3.0), at(4000.0)));
    }
    layout.edges[0].path = Path { commands };
    let json: Value = serde_json::from_str(&layout.to_json()).unwrap();
    let points = json["edges"][0]["points"].as_array().expect("points").len();
    assert_eq!(points, 1 + 40_000 + 1_000 * 397, "the step must be (4,000,000 + 40,000) / 400,000");
}
