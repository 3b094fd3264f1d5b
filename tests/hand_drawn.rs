//! `look: handDrawn`: sketched outlines, hachure fills and sketched edges,
//! chosen from front matter, `%%{init}%%` or a `-c` config, seeded by
//! `handDrawnSeed`, byte-identical from run to run, and as safe as every
//! other SVG.

mod common;
mod hostile_support;

use assert_cmd::Command;
use common::{cluster, layout, node, seed};
use hostile_support::svg_check::svg_problems;
use mmdflow::config::Look;
use mmdflow::geom::Rect;
use mmdflow::layout::Layout;
use mmdflow::shape::Shape;
use mmdflow::{Options, Theme};

const FLOW: &str = "graph TD\n  A[Start] --> B{Condition?}\n  B -- Yes --> C[Do something]\n  B -- No --> D([Else])\n  subgraph S [Group]\n    C\n  end\n";

fn render(source: &str) -> String {
    let rendered = mmdflow::render_svg_with_warnings(source, &Options::default()).unwrap();
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
    rendered.output
}

fn with_init(init: &str) -> String {
    render(&format!("%%{{init: {init}}}%%\n{FLOW}"))
}

/// The marks of a sketched drawing: a node outline as a group of sketched
/// paths (no `<rect>` or `<polygon>`), hachure in the node colour, and edge
/// paths made of several strokes.
fn assert_sketched(svg: &str) {
    assert!(svg.contains("<g class=\"basic label-container\"><path"), "node outlines are sketched paths");
    assert!(!svg.contains("<rect class=\"basic label-container"), "no classic rect");
    assert!(!svg.contains("<polygon"), "no classic polygon");
    assert!(svg.contains("style=\"fill:none;stroke:#ECECFF;stroke-width:1.5\""), "hachure in the node fill");
    assert!(svg.contains("<g class=\"cluster-box\">"), "the cluster box is sketched");
    let edge = svg.split("class=\"flowchart-link").nth(1).expect("an edge");
    let d = edge.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
    assert!(d.matches('M').count() >= 2, "an edge is drawn twice: {d}");
    assert!(svg_problems(svg).is_empty(), "{:?}", svg_problems(svg));
}

#[test]
fn front_matter_init_and_a_site_config_all_draw_hand_drawn() {
    let front = render(&format!("---\nconfig:\n  look: handDrawn\n---\n{FLOW}"));
    assert_sketched(&front);
    let init = with_init("{\"look\": \"handDrawn\"}");
    assert_sketched(&init);
    // The same diagram and look, however it is chosen.
    assert_eq!(front, init);

    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.mmd");
    std::fs::write(&input, FLOW).unwrap();
    let site = dir.path().join("site.json");
    std::fs::write(&site, r#"{"look": "handDrawn", "handDrawnSeed": 3}"#).unwrap();
    let out = Command::cargo_bin("mmdflow").unwrap().arg(&input).arg("-c").arg(&site).args(["-o", "-"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "no warning: {}", String::from_utf8_lossy(&out.stderr));
    let svg = String::from_utf8(out.stdout).unwrap();
    assert_sketched(&svg);
    // The CLI names the diagram after its file; the strokes are the same.
    assert_eq!(path_data(&svg), path_data(&with_init("{\"look\": \"handDrawn\", \"handDrawnSeed\": 3}")), "-c config = init config");
}

/// Every path's data, in order.
fn path_data(svg: &str) -> Vec<&str> {
    svg.split(" d=\"").skip(1).map(|rest| rest.split('"').next().unwrap()).collect()
}

#[test]
fn the_classic_look_is_not_sketched() {
    let svg = render(FLOW);
    assert!(svg.contains("<rect class=\"basic label-container"));
    assert!(!svg.contains("stroke-width:1.5"));
    assert!(!svg.contains("cluster-box"));
    assert_eq!(svg, with_init("{\"look\": \"classic\"}"));
}

#[test]
fn a_seed_draws_the_same_every_time_and_another_seed_differs() {
    let seven = with_init("{\"look\": \"handDrawn\", \"handDrawnSeed\": 7}");
    assert_eq!(seven, with_init("{\"look\": \"handDrawn\", \"handDrawnSeed\": 7}"));
    let eight = with_init("{\"look\": \"handDrawn\", \"handDrawnSeed\": 8}");
    assert_ne!(seven, eight);
    // Only the strokes change: the same elements, labels and boxes.
    let skeleton = |svg: &str| svg.split(" d=\"").map(|s| s.split_once('"').map_or("", |(_, rest)| rest).to_string()).collect::<Vec<_>>();
    assert_eq!(skeleton(&seven)[1..], skeleton(&eight)[1..]);
}

#[test]
fn seed_0_is_mermaids_random_but_fixed_here() {
    let unset = with_init("{\"look\": \"handDrawn\"}");
    let zero = with_init("{\"look\": \"handDrawn\", \"handDrawnSeed\": 0}");
    assert_eq!(unset, zero);
    for _ in 0..3 {
        assert_eq!(with_init("{\"look\": \"handDrawn\", \"handDrawnSeed\": 0}"), zero);
    }
    assert_ne!(zero, with_init("{\"look\": \"handDrawn\", \"handDrawnSeed\": 1}"));
}

/// Mermaid restarts rough's random numbers at the seed for every element,
/// so with a seed set two boxes of one size wobble alike; with seed 0 each
/// element has its own.
#[test]
fn a_set_seed_is_shared_by_every_element_and_seed_0_is_not() {
    let two_boxes = |init: &str| {
        let svg = render(&format!("%%{{init: {init}}}%%\ngraph LR\n  A[Same] ~~~ B[Same]\n"));
        let outlines: Vec<String> = svg
            .split("<g class=\"basic label-container\">")
            .skip(1)
            .map(|g| g.split("</g>").next().unwrap().to_string())
            .collect();
        assert_eq!(outlines.len(), 2);
        // Compare the shapes relative to their first point.
        outlines.iter().map(|o| relative(o)).collect::<Vec<_>>()
    };
    let largest_difference = |outlines: &[Vec<f64>]| outlines[0].iter().zip(&outlines[1]).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    let fixed = two_boxes("{\"look\": \"handDrawn\", \"handDrawnSeed\": 5}");
    assert_eq!(fixed[0].len(), fixed[1].len());
    assert!(largest_difference(&fixed) < 0.01, "the same wobble");
    let random = two_boxes("{\"look\": \"handDrawn\"}");
    assert!(random[0].len() != random[1].len() || largest_difference(&random) > 0.1, "each its own wobble");
}

/// The numbers of the last path in `group` (the outline): the moves
/// (absolute) minus the first point, the relative curves as they are.
fn relative(group: &str) -> Vec<f64> {
    let d = group.rsplit(" d=\"").next().unwrap().split('"').next().unwrap();
    // (command letter, number) for every number of the path data.
    let mut values: Vec<(char, f64)> = Vec::new();
    let (mut letter, mut token) = (' ', String::new());
    let flush = |token: &mut String, letter: char, values: &mut Vec<(char, f64)>| {
        if !token.is_empty() {
            values.push((letter, token.parse().unwrap()));
            token.clear();
        }
    };
    for c in d.chars() {
        match c {
            c if c.is_ascii_alphabetic() => {
                flush(&mut token, letter, &mut values);
                letter = c;
            }
            '-' => {
                flush(&mut token, letter, &mut values);
                token.push(c);
            }
            ',' | ' ' => flush(&mut token, letter, &mut values),
            _ => token.push(c),
        }
    }
    flush(&mut token, letter, &mut values);
    let moves: Vec<f64> = values.iter().filter(|(l, _)| *l == 'M').map(|(_, v)| *v).collect();
    let mut move_index = 0;
    values
        .iter()
        .map(|&(l, v)| {
            if l != 'M' {
                return v;
            }
            move_index += 1;
            v - moves[(move_index - 1) % 2]
        })
        .collect()
}

#[test]
fn filled_shapes_get_hachure_and_lines_do_not() {
    let svg = with_init("{\"look\": \"handDrawn\", \"themeVariables\": {\"primaryColor\": \"#ffccaa\"}}");
    let fills = svg.matches("style=\"fill:none;stroke:").count();
    assert!(fills >= 4, "hachure and outlines: {fills}");
    // A style's fill colours the hachure; `fill: none` leaves the outline only.
    let styled = render("%%{init: {\"look\": \"handDrawn\"}}%%\ngraph TD\n  A[Red] --> B[Empty]\n  style A fill:#f00,stroke-width:3px\n  style B fill:none\n");
    assert!(styled.contains("style=\"fill:none;stroke:#f00;stroke-width:1.5\""), "red hachure");
    assert!(styled.contains(";stroke-width:3px\"/>"), "the author's stroke width");
    let b = styled.split("data-id=\"B\"").nth(1).unwrap().split("</g>").next().unwrap();
    assert_eq!(b.matches("<path").count(), 1, "B has an outline and no hachure: {b}");
    assert!(b.contains(";stroke-width:1.3px"), "mermaid's hand-drawn outline width: {b}");
}

#[test]
fn every_shape_kind_renders_sketched() {
    let mut nodes = Vec::new();
    for (i, &s) in Shape::ALL.iter().enumerate() {
        let (col, row) = (i % 8, i / 8);
        nodes.push(node(&format!("n{i}"), s.short_name(), s, 90.0 + 170.0 * col as f64, 70.0 + 150.0 * row as f64));
    }
    let mut l = layout(nodes, vec![], vec![cluster("sg", "Group", Rect::new(200.0, 200.0, 300.0, 200.0), &[])]);
    l.config.look = Some(Look::HandDrawn);
    let svg = mmdflow::render::svg::write(&l, &Options::default());
    assert!(svg_problems(&svg).is_empty(), "{:?}", svg_problems(&svg));
    for (i, s) in Shape::ALL.iter().enumerate() {
        let group = svg.split(&format!("data-id=\"n{i}\">")).nth(1).unwrap();
        let group = group.split("</g>\n").next().unwrap();
        let sketched = group.matches("<path").count();
        match s {
            // Icon nodes draw their icon (none here), not an outline; a
            // text node has neither fill nor stroke.
            Shape::Icon | Shape::Text => {}
            _ => assert!(sketched >= 1, "{s:?} draws no sketch: {group}"),
        }
        assert!(!group.contains("<rect class") && !group.contains("<polygon") && !group.contains("<circle") && !group.contains("<ellipse"), "{s:?} draws a classic element: {group}");
    }
    // PNG goes through the same SVG.
    #[cfg(feature = "png")]
    {
        let png = mmdflow::render::png::render(&l, &Options::default()).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
    }
}

#[test]
fn hand_drawn_png_is_deterministic_and_differs_from_classic() {
    let source = format!("%%{{init: {{\"look\": \"handDrawn\"}}}}%%\n{FLOW}");
    let a = mmdflow::render_png(&source, &Options::default()).unwrap();
    assert_eq!(a, mmdflow::render_png(&source, &Options::default()).unwrap());
    assert_ne!(a, mmdflow::render_png(FLOW, &Options::default()).unwrap());
}

#[test]
fn a_dark_palette_repaints_hachure_by_its_stroke() {
    let options = Options { dark_theme: Some(Theme::Dark), ..Options::default() };
    let svg = mmdflow::render_svg(&format!("%%{{init: {{\"look\": \"handDrawn\"}}}}%%\n{FLOW}"), &options).unwrap();
    assert!(svg.contains("<path class=\"mf-stroke-nf\" d=\"M"), "hachure follows the node fill's role");
    assert!(svg.contains("<path class=\"mf-stroke-nb\" d=\"M"), "the outline follows the node border's role");
    assert!(svg.contains("<path class=\"mf-stroke-cf\" d=\"M"), "cluster hachure");
    assert!(svg_problems(&svg).is_empty());
}

#[test]
fn hostile_styles_stay_escaped_in_sketches() {
    let mut l: Layout = seed();
    l.config.look = Some(Look::HandDrawn);
    l.nodes[0].style = vec![common::decl("fill", "red\"/><script>alert(1)</script>"), common::decl("stroke", "url(javascript:x)")];
    l.clusters[0].style = vec![common::decl("fill", "</g><script>")];
    let svg = mmdflow::render::svg::write(&l, &Options::default());
    assert!(svg_problems(&svg).is_empty(), "{:?}", svg_problems(&svg));
    assert!(!svg.contains("<script"));
}

#[test]
fn huge_shapes_keep_the_output_bounded() {
    let mut big = node("A", "big", Shape::Circle, 0.0, 0.0);
    big.rect = Rect::new(5e6, 5e6, 1e7, 1e7);
    let mut tall = node("B", "tall", Shape::Rect, 0.0, 0.0);
    tall.rect = Rect::new(50.0, 5e8, 100.0, 1e9);
    let mut l = layout(vec![big, tall], vec![], vec![]);
    l.config.look = Some(Look::HandDrawn);
    let svg = mmdflow::render::svg::write(&l, &Options::default());
    assert!(svg.len() < 3_000_000, "{} bytes", svg.len());
}

/// A cluster's outline keeps mermaid's sketch width unless the author set a
/// `stroke-width`, from a `classDef` given by `class` or from `style`.
#[test]
fn an_authored_cluster_stroke_width_wins_over_the_sketch_width() {
    let svg = render(
        "---\nconfig:\n  look: handDrawn\n---\ngraph TD\n subgraph S [Classed]\n A --> B\n end\n subgraph T [Styled]\n C\n end\n subgraph U [Plain]\n D\n end\n classDef big stroke-width:5px\n class S big\n style T stroke-width:7px\n",
    );
    let outline_of = |id: &str| {
        let cluster = svg.split(&format!("-cluster-{id}-")).nth(1).unwrap_or_else(|| panic!("cluster {id}"));
        let boxed = cluster.split("<g class=\"cluster-box\">").nth(1).unwrap().split("</g>").next().unwrap();
        // The outline is the last path of the box (hachure comes first).
        boxed.rsplit("<path").next().unwrap().to_string()
    };
    assert!(outline_of("S").contains("stroke-width:5px"), "{}", outline_of("S"));
    assert!(outline_of("T").contains("stroke-width:7px"), "{}", outline_of("T"));
    let plain = outline_of("U");
    assert!(!plain.contains("stroke-width:5px") && !plain.contains("stroke-width:7px") && plain.contains("stroke-width:"), "{plain}");
}
