//! SVG output: well-formed, self-contained, inert, and carrying the look.

mod common;
use common::*;
use mmdflow::flowchart::{ArrowType, ClickAction, Stroke};
use mmdflow::geom::Rect;
use mmdflow::render::svg;
use mmdflow::shape::Shape;
use mmdflow::Options;
use usvg::roxmltree;

#[allow(dead_code)]
#[path = "hostile_support/svg_check.rs"]
mod svg_check;

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"))
}

/// Checks that nothing in the document can run or fetch anything (the one
/// shared oracle, tests/hostile_support/svg_check.rs), and that it is
/// self-contained: no CSS variables, no `<image>`, `<use>` or animation.
fn assert_inert(doc: &roxmltree::Document) {
    let problems = svg_check::svg_problems(doc.input_text());
    assert!(problems.is_empty(), "unsafe SVG: {problems:?}");
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name().to_ascii_lowercase();
        assert!(!["image", "use", "animate", "animatemotion", "animatetransform"].contains(&name.as_str()), "element <{name}>");
        for a in n.attributes() {
            assert!(!a.value().to_ascii_lowercase().contains("var(--"), "CSS variable in {}", a.name());
        }
        if name == "style" {
            assert!(!n.text().unwrap_or("").contains("var(--"), "CSS variable in <style>");
        }
    }
}

#[test]
fn seed_is_well_formed_and_styled() {
    let l = seed();
    let out = svg::write(&l, &Options::default());
    let doc = parse(&out);
    assert_inert(&doc);
    let root = doc.root_element();
    assert_eq!(root.attribute("width"), Some("100%"));
    assert!(root.attribute("style").unwrap().starts_with("max-width: "));
    let id = root.attribute("id").unwrap();
    assert!(id.starts_with("mmd-"));
    // Deterministic id and output.
    assert_eq!(out, svg::write(&seed(), &Options::default()));
    // Theme colours and the user's style.
    assert!(out.contains("fill:#ECECFF") && out.contains("stroke:#9370DB"), "default node colours");
    assert!(out.contains("fill:#f96") && out.contains("stroke-width:2px"));
    assert!(out.contains("fill:#ffffde") && out.contains("stroke:#aaaa33"), "cluster colours");
    // Markers for point, cross and circle, referenced by id.
    for m in ["pointEnd", "crossEnd", "circleEnd", "circleStart"] {
        assert!(out.contains(&format!("url(#{id}-{m}-0)")), "{m}");
        assert!(doc.descendants().any(|n| n.attribute("id") == Some(&format!("{id}-{m}-0"))), "{m} defined");
    }
    // Dotted and thick strokes.
    assert!(out.contains("stroke-dasharray:2"));
    assert!(out.contains("stroke-width:3.5px"));
    // Labels as text; markdown bold as a bold tspan.
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).collect::<String>())
        .collect();
    for want in ["Start", "Is it working?", "Ship it", "Yes", "No", "Storage", "Database"] {
        assert!(texts.iter().any(|t| t == want), "{want} in {texts:?}");
    }
    assert!(doc.descendants().any(|n| n.attribute("font-weight") == Some("bold") && n.text() == Some("it")));
    // Font list starts with the embedded font.
    assert!(out.contains("font-family=\"&#39;Liberation Sans&#39;, &#39;trebuchet ms&#39;, verdana, arial, sans-serif\""));
}

#[test]
fn fixed_size_and_explicit_id() {
    let mut l = seed();
    l.config.flowchart.use_max_width = Some(false);
    let o = Options { svg_id: Some("my diagram\"><x".into()), ..Default::default() };
    let out = svg::write(&l, &o);
    let doc = parse(&out);
    let root = doc.root_element();
    assert_eq!(root.attribute("id"), Some("my_diagram___x"));
    assert!(root.attribute("height").is_some() && root.attribute("width") != Some("100%"));
}

#[test]
fn invisible_edges_are_not_drawn() {
    let a = node("A", "a", Shape::Rect, 60.0, 40.0);
    let b = node("B", "b", Shape::Rect, 60.0, 160.0);
    let e = edge("L_A_B_0", &a, &b, ArrowType::Point, Stroke::Invisible, Some("hidden"));
    let out = svg::write(&layout(vec![a, b], vec![e], vec![]), &Options::default());
    assert!(!out.contains("flowchart-link"));
    assert!(!out.contains("hidden"));
}

#[test]
fn hostile_text_stays_text() {
    let hostile = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "</text><script>alert(2)</script>",
        "]]><!--",
        "a & b \" ' < >",
        "\u{1}\u{8}control",
    ];
    let mut nodes = Vec::new();
    for (i, h) in hostile.iter().enumerate() {
        let mut n = node(&format!("n{i}\"><script>"), h, Shape::Rect, 150.0, 40.0 + 80.0 * i as f64);
        n.classes = vec!["x\" onload=\"alert(1)".into()];
        n.tooltip = Some(format!("tip {h}"));
        n.style = vec![common::decl("fill", "red;background:url(javascript:alert(1))"), common::decl("stroke", "url(http://evil/x)")];
        nodes.push(n);
    }
    nodes[0].click = Some(ClickAction::Link { url: "javascript:alert(1)".into(), target: Some("_blank".into()) });
    nodes[1].click = Some(ClickAction::Link { url: "https://example.com/?a=1&b=\"2\"".into(), target: Some("_blank\" onclick=\"x".into()) });
    nodes[2].click = Some(ClickAction::Link { url: "data:text/html,<script>".into(), target: None });
    nodes[3].click = Some(ClickAction::Callback { function: "alert".into(), args: Some("1".into()) });
    let e = edge("e1\"><script>", &nodes[0], &nodes[1], ArrowType::Point, Stroke::Normal, Some("<script>edge</script>"));
    let mut l = layout(nodes, vec![e], vec![cluster("c<1>", "</text><script>", mmdflow::geom::Rect::new(150.0, 250.0, 280.0, 500.0), &[])]);
    l.acc_title = Some("<script>t</script>".into());
    l.acc_descr = Some("desc </desc><script>".into());
    let o = Options { css: Some(".x{background:url(http://evil)}".into()), ..Default::default() };
    let out = svg::write(&l, &o);
    let doc = parse(&out);
    assert_inert(&doc);
    // The hostile strings survive as text, not as markup.
    let all_text: String = doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    assert!(all_text.contains("<script>alert(1)</script>"));
    assert!(all_text.contains("<img src=x onerror=alert(1)>"));
    assert!(all_text.contains("</text><script>alert(2)</script>"));
    // Only the https link became a link, with a known target.
    let links: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("a")).collect();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].attribute("href"), Some("https://example.com/?a=1&b=\"2\""));
    assert_eq!(links[0].attribute("target"), None);
    // Tooltips are <title> children; ARIA points at title and desc.
    assert!(doc.descendants().any(|n| n.has_tag_name("title") && n.text() == Some("tip <script>alert(1)</script>")));
    let root = doc.root_element();
    let id = root.attribute("id").unwrap();
    assert_eq!(root.attribute("aria-labelledby"), Some(format!("{id}-title").as_str()));
    assert_eq!(root.attribute("aria-describedby"), Some(format!("{id}-desc").as_str()));
    // Unsafe style values were dropped, the theme's remain.
    assert!(!out.contains("evil") && !out.contains("background:url"));
}

#[test]
fn edge_classes_and_animation() {
    let a = node("A", "a", Shape::Rect, 60.0, 40.0);
    let b = node("B", "b", Shape::Rect, 60.0, 160.0);
    let mut e = edge("e1", &a, &b, ArrowType::Point, Stroke::Normal, None);
    e.classes = vec!["hot".into()];
    e.animation = Some("fast".into());
    let mut l = layout(vec![a, b], vec![e], vec![]);
    l.class_defs = vec![("hot".into(), vec![decl("stroke", "#f00")])];
    let out = svg::write(&l, &Options::default());
    let doc = parse(&out);
    assert_inert(&doc);
    let path = doc.descendants().find(|n| n.has_tag_name("path") && n.attribute("class").is_some_and(|c| c.contains("flowchart-link"))).unwrap();
    assert!(path.attribute("class").unwrap().contains("edge-animation-fast"));
    assert!(path.attribute("style").unwrap().contains("stroke:#f00"));
    // The arrow head takes the line's colour.
    assert!(out.contains("fill=\"#f00\""));
    assert!(out.contains("@keyframes"));
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        /// Whatever the user text, the SVG stays well-formed and inert, and the
        /// text comes back out as text.
        #[test]
        fn any_text_is_escaped(label in "\\PC{0,40}", id in "\\PC{1,12}", tip in "\\PC{0,20}", class in "\\PC{1,10}", url in "\\PC{0,30}") {
            let mut a = node(&id, &label, Shape::Rect, 150.0, 40.0);
            a.tooltip = Some(tip);
            a.classes = vec![class.clone()];
            a.click = Some(ClickAction::Link { url, target: Some(class) });
            let b = node("B", "b", Shape::Diamond, 150.0, 200.0);
            let e = edge(&id, &a, &b, ArrowType::DoubleCross, Stroke::Thick, Some(&label));
            let out = svg::write(&layout(vec![a, b], vec![e], vec![]), &Options::default());
            let doc = parse(&out);
            assert_inert(&doc);
            let want: String = label.split_whitespace().collect::<Vec<_>>().join("");
            let texts: String = doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect::<String>();
            let got: String = texts.split_whitespace().collect::<Vec<_>>().join("");
            let printable: String = want.chars().filter(|c| !c.is_control() && *c != '\u{FFFE}' && *c != '\u{FFFF}').collect();
            prop_assert!(got.contains(&printable), "{printable:?} not in {got:?}");
        }
    }
}

#[test]
fn extra_css_that_could_fetch_is_dropped() {
    for css in [
        ".a{fill:red}\\n@import 'x.css';",
        ".a{background:\\75 rl(http://evil/x)}",
        "body{background:image-set(\"http://evil/x.png\" 1x)}",
        "@font-face{font-family:x;src:local(x)}",
    ] {
        let out = svg::write(&seed(), &Options { css: Some(css.into()), ..Default::default() });
        assert!(!out.contains("evil") && !out.contains("@import") && !out.contains("@font-face"), "{css}");
    }
    let out = svg::write(&seed(), &Options { css: Some(".note{fill:#ffa}".into()), ..Default::default() });
    assert!(out.contains(".note{fill:#ffa}"));
}

/// The `(marker-start, marker-end)` marker kinds each mermaid link draws:
/// the head of `A --> B` is at B, the path's end; `<-->` has both.
const LINK_MARKERS: &[(&str, Option<&str>, Option<&str>)] = &[
    ("-->", None, Some("pointEnd")),
    ("--x", None, Some("crossEnd")),
    ("--o", None, Some("circleEnd")),
    ("<-->", Some("pointStart"), Some("pointEnd")),
    ("x--x", Some("crossStart"), Some("crossEnd")),
    ("o--o", Some("circleStart"), Some("circleEnd")),
    ("---", None, None),
    ("==>", None, Some("pointEnd")),
    ("-.->", None, Some("pointEnd")),
];

/// The first and last points of SVG path data made of M, L and C commands.
fn path_ends(d: &str) -> ((f64, f64), (f64, f64)) {
    let nums: Vec<f64> = d
        .split(|c: char| c.is_ascii_alphabetic() || c == ' ' || c == ',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or_else(|_| panic!("number {s:?} in {d}")))
        .collect();
    assert!(nums.len() >= 4, "{d}");
    ((nums[0], nums[1]), (nums[nums.len() - 2], nums[nums.len() - 1]))
}

/// The referenced id inside `url(#…)`.
fn url_id(v: &str) -> &str {
    v.strip_prefix("url(#").and_then(|r| r.strip_suffix(')')).unwrap_or_else(|| panic!("not a local url: {v}"))
}

#[test]
fn each_link_puts_its_markers_on_the_right_ends() {
    // A above B in every diagram, so the path runs down from A to B.
    for (link, start, end) in LINK_MARKERS {
        let src = format!("graph TD\n  A[Top] {link} B[Bottom]\n");
        let out = mmdflow::render_svg(&src, &Options::default()).unwrap();
        let doc = parse(&out);
        let id = doc.root_element().attribute("id").unwrap();
        let path = doc
            .descendants()
            .find(|n| n.attribute("class").is_some_and(|c| c.contains("flowchart-link")))
            .unwrap_or_else(|| panic!("{link}: no edge path"));
        let kind_of = |attr: &str| {
            path.attribute(attr).map(|v| {
                let target = url_id(v);
                assert!(doc.descendants().any(|n| n.has_tag_name("marker") && n.attribute("id") == Some(target)), "{link}: {attr} points at a missing marker {target}");
                // `{id}-pointEnd-0` → `pointEnd`.
                target.strip_prefix(&format!("{id}-")).unwrap().rsplit_once('-').unwrap().0.to_string()
            })
        };
        assert_eq!(kind_of("marker-start").as_deref(), *start, "{link}: marker-start");
        assert_eq!(kind_of("marker-end").as_deref(), *end, "{link}: marker-end");
        // The path runs from A (top) to B (bottom), so marker-end is at B.
        let ((_, y0), (_, y1)) = path_ends(path.attribute("d").unwrap());
        assert!(y0 < y1, "{link}: path runs from B to A: {}", path.attribute("d").unwrap());
    }
}

#[test]
fn end_markers_point_forward_and_start_markers_backward() {
    let out = svg::write(&seed(), &Options::default());
    let doc = parse(&out);
    let mut seen = 0;
    for m in doc.descendants().filter(|n| n.has_tag_name("marker")) {
        let id = m.attribute("id").unwrap();
        let ref_x: f64 = m.attribute("refX").unwrap().parse().unwrap();
        let view: Vec<f64> = m.attribute("viewBox").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
        // With orient="auto", +x is the path's direction at that end. An end
        // marker sits with its reference on the far (+x) side so it covers
        // the line's end; a start marker on the near side.
        assert_eq!(m.attribute("orient"), Some("auto"), "{id}");
        if id.contains("End-") {
            assert_eq!(ref_x, view[0] + view[2], "{id}: refX");
        } else {
            assert!(id.contains("Start-"), "{id}");
            assert_eq!(ref_x, view[0], "{id}: refX");
        }
        if id.contains("-point") {
            // The triangle's tip (the vertex alone on its side) is at refX.
            let d = m.children().find(|c| c.has_tag_name("path")).unwrap().attribute("d").unwrap();
            let xs: Vec<f64> = d
                .split(|c: char| c.is_ascii_alphabetic() || c == ',')
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap())
                .step_by(2)
                .collect();
            let tip = xs.iter().copied().find(|x| xs.iter().filter(|y| *y == x).count() == 1).unwrap();
            assert_eq!(tip, ref_x, "{id}: the triangle points away from the tip at {d}");
            seen += 1;
        }
    }
    assert_eq!(seen, 2, "pointStart and pointEnd for the seed's one line colour");
}

#[test]
fn arrow_heads_sit_at_the_head_node() {
    // Hand-built: A above B, one edge of each kind from A to B; the path's
    // last point must be at B's outline (pulled back at most by the head's
    // trim) and its first at A's.
    for arrow in [ArrowType::Point, ArrowType::Cross, ArrowType::Circle, ArrowType::DoublePoint] {
        let a = node("A", "a", Shape::Rect, 100.0, 40.0);
        let b = node("B", "b", Shape::Rect, 100.0, 200.0);
        let e = edge("e", &a, &b, arrow, Stroke::Normal, None);
        let (top, bottom) = (a.rect.bottom(), b.rect.top());
        let out = svg::write(&layout(vec![a, b], vec![e], vec![]), &Options::default());
        let doc = parse(&out);
        let path = doc.descendants().find(|n| n.attribute("class").is_some_and(|c| c.contains("flowchart-link"))).unwrap();
        let ((_, y0), (_, y1)) = path_ends(path.attribute("d").unwrap());
        assert!((y0 - top).abs() <= 5.0, "{arrow:?}: starts at {y0}, A ends at {top}");
        assert!((y1 - bottom).abs() <= 5.0, "{arrow:?}: ends at {y1}, B starts at {bottom}");
        assert!(path.attribute("marker-end").is_some(), "{arrow:?}");
    }
}

/// The front-matter title is drawn once, escaped, at mermaid's 18px, inside
/// the view box and above every node, also when a cluster with its own
/// direction is laid out on its own.
#[test]
fn the_front_matter_title_is_drawn_once_above_the_nodes() {
    let src = "---\ntitle: Deploy <b>&</b> check\n---\nflowchart TD\n  a[Build] --> b[Test]\n  subgraph s [Stage]\n    direction LR\n    c --> d\n  end\n  b --> s";
    let svg = mmdflow::render_svg(src, &Options::default()).expect("renders");
    let doc = parse(&svg);
    assert_inert(&doc);
    let titles: Vec<_> = doc
        .descendants()
        .filter(|n| n.is_element() && n.attribute("class").is_some_and(|c| c.split(' ').any(|c| c == "flowchartTitleText")))
        .collect();
    assert_eq!(titles.len(), 1, "one title in {svg}");
    let title = titles[0];
    let text: String = title.descendants().filter(|n| n.is_text()).map(|n| n.text().unwrap()).collect();
    assert_eq!(text, "Deploy <b>&</b> check", "the title is text, not markup");
    assert_eq!(title.attribute("font-size"), Some("18"));
    let y_of = |n: roxmltree::Node| n.descendants().find_map(|t| t.attribute("y")).and_then(|y| y.parse::<f64>().ok());
    let title_y = y_of(title).expect("title baseline");
    assert!(title_y > 0.0, "inside the view box");
    // A node group's first `y` is its outline's top or its label's baseline.
    let node_tops = doc
        .descendants()
        .filter(|n| n.is_element() && n.attribute("class").is_some_and(|c| c.split(' ').any(|c| c == "node")))
        .filter_map(y_of)
        .collect::<Vec<_>>();
    assert_eq!(node_tops.len(), 4, "every node found");
    assert!(node_tops.iter().all(|&y| y > title_y), "every node is below the title's baseline: {node_tops:?} vs {title_y}");
}

/// A layout built without title boxes (by hand, or by an older producer)
/// still gets its cluster titles: centred at the top, below
/// `subgraphTitleMargin.top`, exactly where a title box there would put them.
#[test]
fn a_cluster_without_a_title_box_gets_its_title_at_the_top() {
    let a = node("A", "Inside", Shape::Rect, 100.0, 120.0);
    let rect = Rect { x: 100.0, y: 110.0, width: 160.0, height: 140.0 };
    let mut l = layout(vec![a], vec![], vec![cluster("S", "Two\nlines", rect, &["A"])]);
    l.config.flowchart.subgraph_title_margin_top = Some(6.0);
    let title = &l.clusters[0].title;
    assert_eq!(title.lines.len(), 2);
    let centre_y = rect.top() + 6.0 + 2.0 * title.line_height / 2.0;
    let without = svg::write(&l, &Options::default());
    let mut placed = l.clone();
    placed.clusters[0].title_box = Some(Rect { x: 100.0, y: centre_y, width: title.width, height: 2.0 * title.line_height });
    assert_eq!(without, svg::write(&placed, &Options::default()));
    assert!(without.contains(">Two</tspan>") && without.contains(">lines</tspan>"));
}
