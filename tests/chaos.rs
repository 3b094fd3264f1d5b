//! Property tests over random diagrams built from random syntax: random ids,
//! shapes, link tokens, labels with odd characters, subgraphs, styles,
//! classes, clicks. The pipeline must never panic, must give the same bytes
//! on every run and at every thread count, and its layouts must keep basic
//! invariants (finite numbers, no overlapping nodes, everything on the
//! canvas, members inside their clusters).

mod hostile_support;

use hostile_support::check_error;
use hostile_support::svg_check::svg_problems;
use mmdflow::Options;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use serde_json::Value;

// ---------------------------------------------------------------- generator

const SHAPES: &[(&str, &str)] = &[
    ("[", "]"),
    ("(", ")"),
    ("([", "])"),
    ("[[", "]]"),
    ("[(", ")]"),
    ("((", "))"),
    ("(((", ")))"),
    (">", "]"),
    ("{", "}"),
    ("{{", "}}"),
    ("[/", "/]"),
    ("[\\", "\\]"),
    ("[/", "\\]"),
    ("[\\", "/]"),
];

const LINKS: &[&str] = &[
    "---", "-->", "--x", "--o", "<-->", "x--x", "o--o", "---->", "===", "==>", "==x", "==o", "<==>", "x==x", "o==o",
    "====>", "-.-", "-.->", "-.-x", "-.-o", "<-.->", "x-.-x", "o-.-o", "-...->", "~~~", "~~~~",
];

const AT_SHAPES: &[&str] = &["rect", "rounded", "stadium", "diam", "hex", "cyl", "circle", "doc", "cloud", "bolt", "odd"];

fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["A", "B", "C", "D", "E", "F", "G", "H"]).prop_map(String::from),
        1 => "[a-z][a-z0-9_]{0,6}",
        1 => prop::sample::select(vec!["n-1", "é", "日本", "x_y", "a1b2", "default", "end1", "L_A_B_0"])
            .prop_map(String::from),
    ]
}

/// Label text for inside double quotes: anything but `"` and line ends,
/// weighted towards markup, entity codes and non-ASCII.
fn quoted_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            6 => "[a-zA-Z0-9 ]{1,6}",
            1 => prop::sample::select(vec![
                "<", ">", "&", "'", "#", ";", ":", "|", "{", "}", "[", "]", "(", ")", "/", "\\", "*", "_", "`", "~",
                "<br>", "<br/>", "#quot;", "#9829;", "#35;", "&amp;", "<b>b</b>", "<script>x</script>",
                "é", "😀", "日本語", "\u{202e}", "\u{200d}", "\t", "  ",
            ])
            .prop_map(String::from),
        ],
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 ]{1,12}",
        3 => quoted_text().prop_map(|t| format!("\"{t}\"")),
        1 => "[a-z ]{1,10}".prop_map(|t| format!("\"`**{t}** _{t}_`\"")),
    ]
}

fn node() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => id(),
        3 => (id(), prop::sample::select(SHAPES), label()).prop_map(|(i, (o, c), l)| format!("{i}{o}{l}{c}")),
        1 => (id(), prop::sample::select(AT_SHAPES), "[a-z ]{0,8}")
            .prop_map(|(i, s, l)| format!("{i}@{{ shape: {s}, label: \"{l}\" }}")),
    ]
}

fn link() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(LINKS).prop_map(|l| format!(" {l} ")),
        1 => (prop::sample::select(LINKS), quoted_text()).prop_map(|(l, t)| format!(" {l}|\"{t}\"| ")),
        1 => "[a-z ]{1,8}".prop_map(|t| format!(" -- {t} --> ")),
        1 => "[a-z ]{1,8}".prop_map(|t| format!(" -. {t} .-> ")),
        1 => "[a-z ]{1,8}".prop_map(|t| format!(" == {t} ==> ")),
    ]
}

fn color() -> impl Strategy<Value = String> {
    prop_oneof!["#[0-9a-f]{3}", "#[0-9a-f]{6}", prop::sample::select(vec!["red", "none", "transparent"]).prop_map(String::from)]
}

fn leaf_statement() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => node(),
        6 => (node(), link(), node()).prop_map(|(a, l, b)| format!("{a}{l}{b}")),
        2 => (node(), link(), node(), link(), node()).prop_map(|(a, l, b, m, c)| format!("{a}{l}{b}{m}{c}")),
        1 => (id(), id(), link(), id()).prop_map(|(a, b, l, c)| format!("{a} & {b}{l}{c}")),
        1 => (id(), color(), color()).prop_map(|(i, f, s)| format!("style {i} fill:{f},stroke:{s},stroke-width:2px")),
        1 => ("[a-z]{1,4}", color()).prop_map(|(c, f)| format!("classDef {c} fill:{f},color:#fff")),
        1 => (id(), "[a-z]{1,4}").prop_map(|(i, c)| format!("class {i} {c}")),
        1 => (id(), "[a-z]{1,4}", id()).prop_map(|(i, c, j)| format!("{i}:::{c} --> {j}")),
        1 => (0usize..12, color()).prop_map(|(n, c)| format!("linkStyle {n} stroke:{c},stroke-width:3px")),
        1 => (id(), prop::sample::select(vec!["https://example.com/a", "docs/x.html", "javascript:alert(1)", "mailto:a@b.c"]))
            .prop_map(|(i, u)| format!("click {i} \"{u}\" \"tip\"")),
        1 => "[a-z ]{0,10}".prop_map(|t| format!("%% {t}")),
    ]
}

/// Statements, with subgraph blocks nested up to `depth` deep.
fn statements(depth: u32) -> BoxedStrategy<Vec<String>> {
    let leaf = leaf_statement().prop_map(|s| vec![s]);
    if depth == 0 {
        return prop::collection::vec(leaf, 0..6).prop_map(|v| v.concat()).boxed();
    }
    let block = (
        id(),
        prop::option::of(label()),
        prop::option::of(prop::sample::select(vec!["TB", "LR", "BT", "RL"])),
        statements(depth - 1),
    )
        .prop_map(|(i, title, dir, body)| {
            let mut v = vec![match title {
                Some(t) => format!("subgraph {i} [{t}]"),
                None => format!("subgraph {i}"),
            }];
            if let Some(d) = dir {
                v.push(format!("direction {d}"));
            }
            v.extend(body);
            v.push("end".to_string());
            v
        });
    prop::collection::vec(prop_oneof![5 => leaf, 1 => block], 0..8).prop_map(|v| v.concat()).boxed()
}

fn diagram() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["graph", "flowchart"]),
        prop::sample::select(vec!["", " TD", " TB", " LR", " RL", " BT"]),
        statements(2),
        prop::sample::select(vec!["\n", "\r\n", ";\n"]),
    )
        .prop_map(|(kw, dir, stmts, sep)| {
            let mut s = format!("{kw}{dir}\n");
            for st in stmts {
                s.push_str("  ");
                s.push_str(&st);
                s.push_str(sep);
            }
            s
        })
}

// ---------------------------------------------------------------- checks

fn num(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or(f64::NAN)
}

/// The layout invariants of tools/layout/SCHEMA.md's metrics that every
/// layout must meet, whatever its quality.
fn layout_problems(json: &str) -> Vec<String> {
    let v: Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => return vec![format!("JSON does not parse: {e}")],
    };
    let mut out = Vec::new();
    let (w, h) = (num(&v, "width"), num(&v, "height"));
    if !(w.is_finite() && h.is_finite() && w >= 0.0 && h >= 0.0) {
        out.push(format!("canvas {w} x {h}"));
    }
    let boxes = |list: &Value| -> Vec<(String, [f64; 4])> {
        list.as_array()
            .map(|a| {
                a.iter()
                    .map(|n| {
                        let id = n["id"].as_str().unwrap_or("?").to_string();
                        (id, [num(n, "x"), num(n, "y"), num(n, "width"), num(n, "height")])
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let nodes = boxes(&v["nodes"]);
    let clusters = boxes(&v["clusters"]);
    for (id, [x, y, bw, bh]) in nodes.iter().chain(clusters.iter()) {
        if ![x, y, bw, bh].iter().all(|f| f.is_finite()) || *bw < 0.0 || *bh < 0.0 {
            out.push(format!("{id}: box {x},{y} {bw}x{bh}"));
            continue;
        }
        if x - bw / 2.0 < -1.0 || y - bh / 2.0 < -1.0 || x + bw / 2.0 > w + 1.0 || y + bh / 2.0 > h + 1.0 {
            out.push(format!("{id}: box {x},{y} {bw}x{bh} off the {w}x{h} canvas"));
        }
    }
    for (i, (a, ra)) in nodes.iter().enumerate() {
        for (b, rb) in &nodes[i + 1..] {
            let ox = (ra[0] + ra[2] / 2.0).min(rb[0] + rb[2] / 2.0) - (ra[0] - ra[2] / 2.0).max(rb[0] - rb[2] / 2.0);
            let oy = (ra[1] + ra[3] / 2.0).min(rb[1] + rb[3] / 2.0) - (ra[1] - ra[3] / 2.0).max(rb[1] - rb[3] / 2.0);
            if ox > 0.5 && oy > 0.5 {
                out.push(format!("nodes {a} and {b} overlap ({ox:.1} x {oy:.1})"));
            }
        }
    }
    for e in v["edges"].as_array().into_iter().flatten() {
        let pts = e["points"].as_array().map_or(0, Vec::len);
        if pts < 2 {
            out.push(format!("edge {} has {pts} points", e["id"]));
        }
        for p in e["points"].as_array().into_iter().flatten() {
            let (px, py) = (p[0].as_f64().unwrap_or(f64::NAN), p[1].as_f64().unwrap_or(f64::NAN));
            if !(px.is_finite() && py.is_finite()) {
                out.push(format!("edge {} has point {p}", e["id"]));
            }
        }
    }
    for c in v["clusters"].as_array().into_iter().flatten() {
        let cid = c["id"].as_str().unwrap_or("?");
        let [cx, cy, cw, ch] = [num(c, "x"), num(c, "y"), num(c, "width"), num(c, "height")];
        for m in c["nodes"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if let Some((_, [x, y, bw, bh])) = nodes.iter().find(|(id, _)| id == m) {
                let inside = x - bw / 2.0 >= cx - cw / 2.0 - 1.0
                    && x + bw / 2.0 <= cx + cw / 2.0 + 1.0
                    && y - bh / 2.0 >= cy - ch / 2.0 - 1.0
                    && y + bh / 2.0 <= cy + ch / 2.0 + 1.0;
                if !inside {
                    out.push(format!("node {m} sticks out of its cluster {cid}"));
                }
            }
        }
    }
    out
}

/// Both outputs of one diagram, errors as their Display text, so results
/// can be compared across runs and threads.
fn render(src: &str) -> (Result<String, String>, Result<String, String>) {
    let o = Options::default();
    (
        mmdflow::render_svg(src, &o).map_err(|e| e.to_string()),
        mmdflow::render_json(src, &o).map_err(|e| e.to_string()),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_diagrams_are_safe_deterministic_and_well_laid_out(src in diagram()) {
        let o = Options::default();
        let svg = mmdflow::render_svg(&src, &o);
        let json = mmdflow::render_json(&src, &o);
        match (&svg, &json) {
            (Ok(s), Ok(j)) => {
                let unsafe_svg = svg_problems(s);
                prop_assert!(unsafe_svg.is_empty(), "unsafe SVG: {:?}", unsafe_svg);
                let bad = layout_problems(j);
                prop_assert!(bad.is_empty(), "layout invariants broken: {:?}", bad);
            }
            (Err(a), Err(b)) => {
                prop_assert!(check_error(a, &src).is_ok(), "{:?}", check_error(a, &src));
                prop_assert_eq!(a.to_string(), b.to_string());
            }
            _ => prop_assert!(false, "render_svg and render_json disagree: {:?} / {:?}", svg.as_ref().err(), json.as_ref().err()),
        }
        let again = render(&src);
        prop_assert_eq!(&again.0, &svg.map_err(|e| e.to_string()), "SVG differs between two runs");
        prop_assert_eq!(&again.1, &json.map_err(|e| e.to_string()), "JSON differs between two runs");
    }

    /// Random bytes of syntax soup (not built to be valid): only the
    /// no-panic and positioned-error rules apply.
    #[test]
    fn syntax_soup_never_panics(
        parts in prop::collection::vec(
            prop_oneof![
                prop::sample::select(hostile_support::TOKENS).prop_map(String::from),
                "[a-zA-Z0-9 ]{1,4}",
                any::<char>().prop_map(String::from),
            ],
            0..60,
        ),
        kw in prop::sample::select(vec!["graph TD\n", "flowchart LR\n", ""]),
    ) {
        let src = format!("{kw}{}", parts.concat());
        let o = Options::default();
        match mmdflow::render_svg(&src, &o) {
            Ok(s) => {
                let p = svg_problems(&s);
                prop_assert!(p.is_empty(), "unsafe SVG: {:?}", p);
            }
            Err(e) => prop_assert!(check_error(&e, &src).is_ok(), "{:?}", check_error(&e, &src)),
        }
    }
}

// ---------------------------------------------------------------- threads

/// A fixed sample of random diagrams (deterministic seed).
fn sample(n: usize) -> Vec<String> {
    let mut runner = TestRunner::deterministic();
    let strategy = diagram();
    (0..n).map(|_| strategy.new_tree(&mut runner).expect("generate").current()).collect()
}

#[test]
fn same_bytes_at_1_and_4_threads() {
    use rayon::prelude::*;
    let inputs = sample(24);
    let in_pool = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        pool.install(|| inputs.par_iter().map(|s| render(s)).collect::<Vec<_>>())
    };
    let one = in_pool(1);
    let four = in_pool(4);
    assert!(one == four, "output depends on the rayon thread count");
    // Plain threads too, all rendering at once, so shared state (caches,
    // font databases) is exercised concurrently.
    let threaded: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = inputs
            .chunks(6)
            .map(|chunk| scope.spawn(move || chunk.iter().map(|s| render(s)).collect::<Vec<_>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("render thread")).collect()
    });
    assert!(one == threaded, "output differs between sequential and threaded runs");
    // The sample must reach layout, or this test compares only errors.
    let drawn = one.iter().filter(|(svg, _)| svg.is_ok()).count();
    println!("{drawn} of {} sampled diagrams drew", inputs.len());
}

#[test]
fn layout_check_catches_overlaps() {
    let bad = r#"{"width":100,"height":100,"nodes":[
        {"id":"a","x":20,"y":20,"width":20,"height":20},{"id":"b","x":25,"y":25,"width":20,"height":20}],
        "edges":[{"id":"e","points":[[0,0]]}],"clusters":[{"id":"c","x":80,"y":80,"width":10,"height":10,"nodes":["a"]}]}"#;
    let problems = layout_problems(bad);
    assert_eq!(problems.len(), 3, "{problems:?}");
    let good = r#"{"width":100,"height":100,"nodes":[
        {"id":"a","x":20,"y":20,"width":20,"height":20},{"id":"b","x":60,"y":60,"width":20,"height":20}],
        "edges":[{"id":"e","points":[[20,30],[60,50]]}],"clusters":[{"id":"c","x":20,"y":20,"width":30,"height":30,"nodes":["a"]}]}"#;
    assert_eq!(layout_problems(good), Vec::<String>::new());
}
