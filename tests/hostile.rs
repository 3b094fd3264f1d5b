//! Hostile input through the library: mutated diagrams, deep nesting, huge
//! inputs, broken encodings, XSS vectors and hostile options. Every case must
//! end with a safe drawing or a positioned error, never a panic or a stack
//! overflow (cases run on a 2 MB stack). Inputs are bounded so the suite
//! stays fast; speed itself is measured in benches/ and by the `quadratic`
//! fuzz target, never here.

mod hostile_support;

use hostile_support::svg_check::{css_problems, is_allowed_link, svg_problems};
use hostile_support::{expecting, mutate, on_stack, run_cases, seed_files, Case, Expect, Rng, SMALL_STACK};
use mmdflow::{DiagramConfig, ErrorKind, Limits, Options};
use std::fmt::Write as _;

const NEST_WORDS: &[&str] = &["nest", "depth"];
const NODE_WORDS: &[&str] = &["node"];
const EDGE_WORDS: &[&str] = &["edge"];
const LABEL_WORDS: &[&str] = &["label"];
const INPUT_WORDS: &[&str] = &["input", "byte"];

fn unlimited() -> Options {
    Options {
        limits: Limits {
            max_input_bytes: usize::MAX,
            max_nodes: usize::MAX,
            max_edges: usize::MAX,
            max_nesting: usize::MAX,
            max_label_chars: usize::MAX,
            max_layered_nodes: usize::MAX,
            max_font_bytes: usize::MAX,
        },
        ..Options::default()
    }
}

// ---------------------------------------------------------------- the oracle
// The checks below prove the SVG oracle can fail: each known-bad document
// must be flagged, and a clean one must pass.

const NS: &str = "xmlns=\"http://www.w3.org/2000/svg\"";

#[test]
fn oracle_flags_unsafe_svg() {
    let bad = [
        format!("<svg {NS}><script>alert(1)</script></svg>"),
        format!("<svg {NS} onload=\"alert(1)\"/>"),
        format!("<svg {NS}><g OnClick=\"x()\"/></svg>"),
        format!("<svg {NS}><foreignObject/></svg>"),
        format!("<svg {NS} xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:div/></svg>"),
        format!("<svg {NS}><a href=\"javascript:alert(1)\"><text>x</text></a></svg>"),
        format!("<svg {NS}><a href=\" java&#9;script:alert(1)\"/></svg>"),
        format!("<svg {NS} xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"data:text/html,x\"/></svg>"),
        format!("<svg {NS}><a href=\"vbscript:x\"/></svg>"),
        format!("<svg {NS}><use href=\"http://evil/x.svg#a\"/></svg>"),
        format!("<svg {NS}><image href=\"https://evil/x.png\"/></svg>"),
        format!("<svg {NS}><style>.a{{fill:url(http://evil)}}</style></svg>"),
        format!("<svg {NS}><style>.a{{fill:\\75rl(http://evil)}}</style></svg>"),
        format!("<svg {NS}><style>@import 'x.css';</style></svg>"),
        format!("<svg {NS}><style>@\\69mport 'x.css';</style></svg>"),
        format!("<svg {NS}><style>.a{{background:image-set('http://evil/x.png' 1x)}}</style></svg>"),
        format!("<svg {NS}><style>.a{{width:expression(alert(1))}}</style></svg>"),
        format!("<svg {NS}><style>.a{{}} &lt;/style&gt;</style></svg>"),
        format!("<svg {NS}><rect style=\"fill:url('http://evil')\"/></svg>"),
        format!("<svg {NS}><rect fill=\"url(http://evil#g)\"/></svg>"),
        // Case and CSS escapes: the same fetches, spelled differently.
        format!("<svg {NS}><rect fill=\"URL(http://evil#g)\"/></svg>"),
        format!("<svg {NS}><rect fill=\"\\75rl(http://evil#g)\"/></svg>"),
        format!("<svg {NS}><rect filter=\"\\55 RL('//evil/f.svg#f')\"/></svg>"),
        format!("<svg {NS}><path marker-end=\"Url(https://evil/m.svg#m)\"/></svg>"),
        format!("<svg {NS}><rect style=\"FILL:URL(http://evil)\"/></svg>"),
        format!("<svg {NS}><rect style=\"fill:u\\72l(http://evil)\"/></svg>"),
        format!("<svg {NS}><style>.a{{fill:URL(http://evil)}}</style></svg>"),
        format!("<svg {NS}><style>@IMPORT 'x.css';</style></svg>"),
        format!("<svg {NS}><SCRIPT>alert(1)</SCRIPT></svg>"),
        format!("<svg {NS}><a HREF=\"JAVASCRIPT:alert(1)\"/></svg>"),
        format!("<svg {NS}><rect fill=\"JavaScript:alert(1)\"/></svg>"),
        format!("<svg {NS}><set attributeName=\"href\" to=\"javascript:x\"/></svg>"),
        format!("<svg {NS}><animate attributeName=\"href\" values=\"javascript:x\"/></svg>"),
        format!("<?xml-stylesheet href=\"http://evil/x.css\"?><svg {NS}/>"),
        format!("<svg {NS}><text>\u{1}</text></svg>"),
        format!("<svg {NS}><text>a</text>"),
        "<html><svg/></html>".to_string(),
    ];
    for svg in &bad {
        assert!(!svg_problems(svg).is_empty(), "oracle missed: {svg}");
    }
}

#[test]
fn oracle_accepts_safe_svg() {
    let good = format!(
        "<svg {NS} xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">\
         <style>#m .node rect{{fill:#ECECFF;stroke:url(#g)}} .a > .b{{color:red}}</style>\
         <defs><marker id=\"m1\"><path d=\"M0,0L1,1\"/></marker></defs>\
         <a href=\"https://example.com/?q=a:b\" target=\"_blank\"><text>&lt;script&gt;javascript:</text></a>\
         <a xlink:href=\"docs/page.html\"/><a href=\"mailto:x@y.z\"/><a href=\"#top\"/>\
         <path marker-end=\"url(#m1)\" d=\"M0,0\"/><use href=\"#m1\"/><title>onload=alert(1)</title>\
         <g id=\"javascript:x\" aria-label=\"javascript:alert(1)\"/></svg>"
    );
    assert_eq!(svg_problems(&good), Vec::<String>::new());
    assert!(is_allowed_link("page.html#a:b"));
    assert!(is_allowed_link("HTTPS://x"));
    assert!(!is_allowed_link("JaVaScRiPt:alert(1)"));
    assert!(!is_allowed_link("data:image/svg+xml,<svg/>"));
    assert!(!is_allowed_link("java\u{0}script:alert(1)"));
    // Not a scheme (non-ASCII before the colon): a relative path.
    assert!(is_allowed_link("https77\u{fffd}://example.com/"));
    assert!(css_problems("a{fill:u/**/rl(http://x)}").len() == 1);
    // Local references stay allowed whatever their case or escapes.
    assert_eq!(css_problems("URL(#m1)"), Vec::<String>::new());
    assert_eq!(css_problems("\\75rl( '#m1')"), Vec::<String>::new());
}

// ---------------------------------------------------------------- mutations

const MUTANTS: usize = 80;

fn mutant_cases() -> Vec<Case> {
    // Seeds that are errors already (tests/fixtures/parse/errors) mostly
    // mutate into more errors, which never reach the SVG checker.
    let seeds: Vec<_> = seed_files().into_iter().filter(|(name, _)| !name.contains("/errors/")).collect();
    assert!(seeds.len() >= 4, "the hostile fixtures are missing");
    let mut rng = Rng::new(0x6d6d_6466_6c6f_7700);
    (0..MUTANTS)
        .map(|i| {
            let (name, seed) = &seeds[rng.below(seeds.len())];
            let bytes = mutate(seed, &mut rng);
            // The library takes &str; invalid UTF-8 is the CLI's concern
            // (hostile_cli.rs), so broken sequences become U+FFFD here.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            // Whether a mutant is still valid is not known in advance.
            let c = Case::new(format!("mutant {i} of {name}"), text).expect(Expect::Any);
            if i % 8 == 0 {
                c.png()
            } else {
                c
            }
        })
        .collect()
}

#[test]
fn mutated_fixtures() {
    // About a third of the mutants still parse (25 of 80 today).
    run_cases("mutated fixtures", mutant_cases(), 25);
}

// ---------------------------------------------------------------- nesting

fn nested_subgraphs(depth: usize, with_ends: bool) -> String {
    let mut s = String::from("flowchart TD\n");
    for i in 0..depth {
        let _ = writeln!(s, "subgraph s{i} [Level {i}]\nn{i}[Node {i}]");
    }
    if with_ends {
        for _ in 0..depth {
            s.push_str("end\n");
        }
    }
    s.push_str("n0 --> n1\n");
    s
}

/// s1 takes in s0, s2 takes in s1, …: depth n, written flat.
fn adopted_chain(n: usize) -> String {
    let mut s = String::from("flowchart TD\nsubgraph s0\nn0\nend\n");
    for i in 1..n {
        let _ = writeln!(s, "subgraph s{i}\nn{i} --> s{}\nend", i - 1);
    }
    s
}

fn nested_directions(depth: usize) -> String {
    let mut s = String::from("flowchart LR\n");
    for i in 0..depth {
        let dir = ["TB", "LR", "BT", "RL"][i % 4];
        let _ = writeln!(s, "subgraph g{i}\ndirection {dir}\nm{i}");
    }
    s.push_str(&"end\n".repeat(depth));
    s
}

fn nesting_cases() -> Vec<Case> {
    let deep = 2000;
    let nest_limit = || Expect::Limit(NEST_WORDS);
    let syntax = || Expect::Kind(ErrorKind::Syntax);
    let config = || Expect::Kind(ErrorKind::Config);
    let limit = || Expect::Kind(ErrorKind::LimitExceeded);
    let listed = [
        ("2000 nested subgraphs, default limits", nest_limit()),
        ("2000 unclosed subgraphs", nest_limit()),
        ("2000 subgraphs adopted one by one", nest_limit()),
        ("2000 stray ends", syntax()),
        ("2000 square brackets", syntax()),
        ("2000 round brackets", syntax()),
        ("2000 braces", syntax()),
        ("2000 open brackets", syntax()),
        ("2000 nested shape data", syntax()),
        ("2000 nested YAML flow maps", config()),
        ("2000 nested YAML flow sequences", config()),
        ("300 nested YAML block maps", config()),
        // 12,000 characters of markers: over the label limit.
        ("2000 nested markdown markers", limit()),
        ("2000 nested subgraph directions", limit()),
    ];
    let cases = vec![
        // The default limit's error is asserted in limit_max_nesting.
        Case::new("2000 nested subgraphs, default limits", nested_subgraphs(deep, true)),
        Case::new("64 nested subgraphs (the default limit)", nested_subgraphs(64, true)).png(),
        Case::new("2000 unclosed subgraphs", nested_subgraphs(deep, false)),
        // Mermaid moves an earlier subgraph into a later one that mentions
        // it, so nesting can grow without any syntactic nesting at all.
        Case::new("2000 subgraphs adopted one by one", adopted_chain(2000)),
        Case::new("64 subgraphs adopted one by one", adopted_chain(64)),
        Case::new("subgraphs adopting each other", "graph TD\nsubgraph a\nb\nend\nsubgraph b\na\nend\nsubgraph c\nb\na\nend\na-->b"),
        Case::new("2000 stray ends", format!("graph TD\nA-->B\n{}", "end\n".repeat(deep))),
        Case::new("nested edges across 64 levels", {
            let mut s = nested_subgraphs(64, true);
            for i in (0..64).step_by(3) {
                let _ = writeln!(s, "n{i} --> s{}", 63 - i);
            }
            s
        }),
        Case::new("2000 square brackets", format!("graph TD\nA{}x{}", "[".repeat(deep), "]".repeat(deep))),
        Case::new("2000 round brackets", format!("graph TD\nA{}x{}", "(".repeat(deep), ")".repeat(deep))),
        Case::new("2000 braces", format!("graph TD\nA{}x{}", "{".repeat(deep), "}".repeat(deep))),
        Case::new("2000 open brackets", format!("graph TD\nA{}", "[(".repeat(deep))),
        Case::new("2000 nested shape data", format!("graph TD\nA@{}{}", "{ a: ".repeat(deep), "}".repeat(deep))),
        Case::new(
            "2000 nested JSON in init",
            format!("%%{{init: {}1{}}}%%\ngraph TD\nA-->B", "{\"a\":".repeat(deep), "}".repeat(deep)),
        ),
        Case::new(
            "2000 nested JSON arrays in init",
            format!("%%{{init: {{\"flowchart\": {}{}}}}}%%\ngraph TD\nA", "[".repeat(deep), "]".repeat(deep)),
        ),
        Case::new(
            "2000 nested YAML flow maps",
            format!("---\nconfig: {}1{}\n---\ngraph TD\nA-->B", "{a: ".repeat(deep), "}".repeat(deep)),
        ),
        Case::new(
            "2000 nested YAML flow sequences",
            format!("---\nconfig:\n  theme: {}x{}\n---\ngraph TD\nA", "[".repeat(deep), "]".repeat(deep)),
        ),
        Case::new("300 nested YAML block maps", {
            let mut s = String::from("---\nconfig:\n");
            for i in 0..300 {
                let _ = writeln!(s, "{}k{i}:", " ".repeat(i + 1));
            }
            s.push_str("---\ngraph TD\nA");
            s
        }),
        Case::new(
            "2000 nested markdown markers",
            format!("graph TD\nA[\"`{}x{}`\"]", "**_".repeat(deep), "_**".repeat(deep)),
        ),
        Case::new("2000 line breaks in one label", format!("graph TD\nA[\"{}\"]-->B", "x<br>".repeat(deep))),
        Case::new("2000 nested subgraph directions", nested_directions(deep)),
    ];
    // The rest (64 levels, adoption cycles, 2000-deep init JSON, 2000 line
    // breaks) must draw.
    expecting(cases, Expect::Success, &listed)
}

/// Depth of every subgraph, following parents; None on a cycle.
fn subgraph_depths(chart: &mmdflow::Flowchart) -> Option<Vec<usize>> {
    let n = chart.subgraphs.len();
    let mut out = Vec::with_capacity(n);
    for s in &chart.subgraphs {
        let (mut depth, mut up) = (1, s.parent);
        while let Some(p) = up {
            if depth > n || p >= n {
                return None;
            }
            depth += 1;
            up = chart.subgraphs[p].parent;
        }
        out.push(depth);
    }
    Some(out)
}

#[test]
fn adopted_subgraphs_obey_the_nesting_limit() {
    for n in [10, 65, 300] {
        let src = adopted_chain(n);
        match on_stack(SMALL_STACK, move || mmdflow::parse(&src, &Options::default())) {
            Err(e) => assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{e}"),
            Ok(chart) => {
                let depths = subgraph_depths(&chart).expect("subgraph parents form a cycle");
                let deepest = depths.iter().copied().max().unwrap_or(0);
                assert!(deepest <= 64, "{n} adopted subgraphs nest {deepest} deep, past max_nesting 64");
            }
        }
    }
}

#[test]
fn subgraph_parents_never_form_a_cycle() {
    for src in [
        "graph TD\nsubgraph a\nb\nend\nsubgraph b\na\nend",
        "graph TD\nsubgraph a\nb\nend\nsubgraph b\nc\nend\nsubgraph c\na\nend",
        "graph TD\nsubgraph a\nsubgraph b\nx\nend\nend\nsubgraph c\na\nend\nsubgraph b2\nc\nend",
        "graph TD\nsubgraph a\na\nend",
        "graph TD\nsubgraph a\nsubgraph b\na\nend\nend",
    ] {
        let chart = mmdflow::parse(src, &Options::default()).unwrap_or_else(|e| panic!("{src:?}: {e}"));
        assert!(subgraph_depths(&chart).is_some(), "cycle in subgraph parents for {src:?}: {:?}",
            chart.subgraphs.iter().map(|s| (&s.id, s.parent)).collect::<Vec<_>>());
    }
}

#[test]
fn deep_nesting() {
    run_cases("nesting", nesting_cases(), 30);
}

/// With the nesting limit off, the parser must still nest 2,000 (and
/// 20,000) levels on a 2 MB stack. Parse only: layered layout of d nested
/// clusters is superlinear in d by nature, which is what the limit is for.
#[test]
fn deep_nesting_parse_is_bounded() {
    let inputs = [
        nested_subgraphs(2000, true),
        nested_subgraphs(20_000, true),
        nested_subgraphs(2000, false),
        adopted_chain(2000),
        nested_directions(2000),
        format!("graph TD\nA{}x{}", "[".repeat(20_000), "]".repeat(20_000)),
        format!("graph TD\nA@{}{}", "{ a: ".repeat(20_000), "}".repeat(20_000)),
    ];
    let failures = on_stack(SMALL_STACK, move || {
        let mut failures = Vec::new();
        for src in &inputs {
            match mmdflow::parse(src, &unlimited()) {
                Ok(chart) if subgraph_depths(&chart).is_none() => failures.push(format!("cycle: {:.60}", src)),
                Ok(_) => {}
                Err(e) => {
                    if let Err(why) = hostile_support::check_error(&e, src) {
                        failures.push(why);
                    }
                }
            }
        }
        failures
    });
    assert!(failures.is_empty(), "{failures:?}");
}

// ---------------------------------------------------------------- large

fn chain(n: usize, sep: &str) -> String {
    let mut s = String::from("graph TD\nA0");
    for i in 1..n {
        let _ = write!(s, "-->{sep}A{i}");
    }
    s.push('\n');
    s
}

/// One rank `n` nodes wide, five ways.
fn wide_cases(n: usize) -> Vec<Case> {
    let mut fan_out = String::from("graph LR\n");
    let mut fan_in = String::from("graph LR\n");
    let mut amp = String::from("graph TD\n");
    for i in 0..n {
        let _ = writeln!(fan_out, "root --> c{i}");
        let _ = writeln!(fan_in, "c{i} --> sink");
        let _ = write!(amp, "{}a{i}", if i == 0 { "" } else { " & " });
    }
    amp.push_str(" --> z\n");
    let cases = vec![
        Case::new(format!("{n}-node fan-out"), fan_out),
        Case::new(format!("{n}-node fan-in"), fan_in),
        Case::new(format!("{n}-way ampersand"), amp),
        Case::new(format!("{n} parallel edges"), format!("graph TD\n{}", "A-->B\n".repeat(n))),
        Case::new(format!("{n} self loops"), format!("graph TD\n{}", "A-->A\n".repeat(n))),
    ];
    // Within the default limits, valid: each must draw.
    expecting(cases, Expect::Success, &[])
}

#[test]
fn wide_300_node_fans() {
    run_cases("wide 300", wide_cases(300), 100);
}

/// The 3,000-node fans of the hostile-input issue. The layered layout's
/// ordering is quadratic in a rank's width: a 2,048-node fan takes 1.8 s in
/// a release build and 3,000 take 200-290 s in a debug one (layout branch,
/// 06:50 UTC), so they stay out of `cargo test` until that is fixed.
#[test]
fn wide_3000_node_fans() {
    run_cases("wide 3000", wide_cases(3000), 100);
}

fn large_cases() -> Vec<Case> {
    let n = 3000;
    let huge_label = "word ".repeat(199_000);
    let long_word = "x".repeat(200_000);
    let mut complete = String::from("graph TD\n");
    // K_12 (132 edges): K_40 takes ~70 s and K_20 ~30 s in a debug build with the layout
    // branch of 06:50 UTC, a layout speed matter for benches/, not this suite.
    for a in 0..12 {
        for b in 0..12 {
            if a != b {
                let _ = writeln!(complete, "k{a}-->k{b}");
            }
        }
    }
    let listed = [
        ("1 MB label, default limits", Expect::Limit(LABEL_WORDS)),
        ("input over 1 MB", Expect::Limit(INPUT_WORDS)),
        // 3000 nodes in a chain are 2999 links: index 2999 does not exist.
        ("linkStyle with 3000 indexes", Expect::Kind(ErrorKind::Semantic)),
        // 50,000 links, over the default 20,000.
        ("50k statements on one line", Expect::Limit(EDGE_WORDS)),
        // 1.1 MB of comments, over the default 1 MB.
        ("100k comment lines", Expect::Limit(INPUT_WORDS)),
    ];
    let cases = vec![
        Case::new("3000-node chain, one line", chain(n, "")),
        Case::new("3000-node chain, one edge a line", chain(n, "\n")),
        Case::new("complete graph on 12 nodes", complete),
        // Found by fuzz quadratic: the full pipeline was quadratic in the
        // number of markdown spans of one label (x15 input, x150-360 time)
        // until emphasis closers came from a table built once.
        Case::new("markdown label of 1000 styled words", format!("graph TD\nA[\"`{}`\"]-->B", "**x** _x_ ".repeat(1000))),
        Case::new("1 MB label, default limits", format!("graph TD\nA[\"{huge_label}\"]")),
        Case::new("1 MB label, no limits", format!("graph TD\nA[\"{huge_label}\"]-->B")).options(unlimited()),
        Case::new("200 kB word label, no limits", format!("graph TD\nA[{long_word}]")).options(unlimited()),
        Case::new("1 MB edge label, no limits", format!("graph TD\nA-->|{huge_label}|B")).options(unlimited()),
        Case::new("input over 1 MB", format!("graph TD\n%% {}\nA", "x".repeat(1_000_001))),
        Case::new("200 kB node id", format!("graph TD\n{long_word}-->B")),
        // Many classes on few nodes: a wide rank would time the layout's
        // ordering instead (see wide_3000_node_fans).
        Case::new("1000 classDefs", {
            let mut s = String::from("graph TD\nN0-->N1-->N2-->N3\n");
            for i in 0..1000 {
                let _ = writeln!(s, "classDef c{i} fill:#{:06x},stroke-width:{i}px", i * 997);
                let _ = writeln!(s, "class N{} c{i}", i % 4);
            }
            s
        }),
        Case::new("3000 style statements on one node", format!("graph TD\nA\n{}", "style A fill:#f9f,stroke:#333\n".repeat(n))),
        Case::new("linkStyle with 3000 indexes", {
            let idx: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            format!("{}linkStyle {} stroke:red\n", chain(n, "\n"), idx.join(","))
        }),
        Case::new("100k-dash link", format!("graph TD\nA {}> B", "-".repeat(100_000))),
        Case::new("100k-equals link", format!("graph TD\nA {}> B", "=".repeat(100_000))),
        Case::new("100k-dot link", format!("graph TD\nA -{}-> B", ".".repeat(100_000))),
        Case::new("100k-tilde link", format!("graph TD\nA {} B", "~".repeat(100_000))),
        Case::new("50k statements on one line", format!("graph TD\n{}", "A-->B;".repeat(50_000))),
        Case::new("100k comment lines", format!("graph TD\n{}A", "%% comment\n".repeat(100_000))),
        Case::new("100k blank lines", format!("graph TD\n{}A-->B", "\n".repeat(100_000))),
        Case::new("200 subgraph siblings", {
            let mut s = String::from("graph TD\n");
            for i in 0..200 {
                let _ = writeln!(s, "subgraph g{i}\nx{i}\nend");
            }
            s
        }),
        Case::new("3000 click statements", {
            let mut s = chain(n, "\n");
            for i in 0..n {
                let _ = writeln!(s, "click A{i} \"https://example.com/{i}\" \"tip {i}\"");
            }
            s
        }),
    ];
    expecting(cases, Expect::Success, &listed)
}

#[test]
fn large_inputs() {
    run_cases("large", large_cases(), 75);
}

// ---------------------------------------------------------------- encodings

/// Valid mermaid in awkward clothing: each must draw.
fn must_succeed_cases() -> Vec<Case> {
    let ok = |name: &str, src: &str| Case::new(name, src).expect(Expect::Success);
    vec![
        ok("BOM", "\u{feff}graph TD\nA-->B\n"),
        ok("BOM and CRLF", "\u{feff}flowchart LR\r\n  A --> B\r\n  B --> C\r\n"),
        ok("CRLF", "graph TD\r\nA-->B\r\nB-->C\r\n"),
        ok("tabs", "graph TD\n\tA\t-->\tB\n\tB-->C\n"),
        ok("trailing spaces", "graph TD   \nA-->B   \nB --> C \t \n"),
        ok("no final newline", "graph TD\nA-->B"),
        ok("header only", "graph TD"),
        ok("header only with newline", "flowchart LR\n"),
        ok("bare graph", "graph"),
        ok("bare flowchart", "flowchart\n"),
        ok("header with semicolon", "graph TD;"),
        ok("leading blank lines", "\n\n   \ngraph TD\nA"),
        ok("comment before header", "%% hello\ngraph TD\nA-->B\n"),
        ok("front-matter then header only", "---\ntitle: t\n---\nflowchart LR\n"),
        ok("CRLF front-matter", "---\r\ntitle: t\r\n---\r\nflowchart LR\r\nA-->B\r\n"),
        ok("non-ASCII labels", "graph TD\nA[Größe ✓ 日本語 😀 مرحبا]-->B[\u{202e}reversed]"),
        ok("mixed line endings", "graph TD\r\nA-->B\nB-->C\r\n"),
    ]
}

/// Broken encodings: NUL is a positioned encoding error, an empty input a
/// syntax error; every other control or odd character must draw.
fn encoding_cases() -> Vec<Case> {
    let encoding = || Expect::Kind(ErrorKind::Encoding);
    let syntax = || Expect::Kind(ErrorKind::Syntax);
    let listed = [
        ("NUL in a label", encoding()),
        ("NUL in the header", encoding()),
        ("NUL at the end", encoding()),
        ("only a BOM", syntax()),
        ("empty", syntax()),
        ("only whitespace", syntax()),
    ];
    let cases = vec![
        Case::new("NUL in a label", "graph TD\nA-->B\nC[x\u{0}y]\n"),
        Case::new("NUL in the header", "graph\u{0} TD\nA"),
        Case::new("NUL at the end", "graph TD\nA\u{0}"),
        Case::new("lone CRs", "graph TD\rA-->B\rB-->C"),
        Case::new("C0 controls in labels", format!("graph TD\nA[\"{}\"]-->B", (1u8..32).map(char::from).collect::<String>())),
        Case::new("DEL and C1 controls", "graph TD\nA[a\u{7f}b\u{85}c\u{9b}d]-->B"),
        Case::new("non-characters", "graph TD\nA[\u{fffe}\u{ffff}\u{1fffe}]-->B[\u{fdd0}]").png(),
        Case::new("form feed and vertical tab", "graph TD\n\u{c}A\u{b}-->B"),
        Case::new("unicode line separators", "graph TD\nA[a\u{2028}b\u{2029}c]-->B"),
        Case::new("zero-width and combining", "graph TD\nA[e\u{301}\u{301}\u{301}\u{200b}\u{200d}]-->B[\u{fe0f}]").png(),
        Case::new("only a BOM", "\u{feff}"),
        Case::new("empty", ""),
        Case::new("only whitespace", " \n\t\r\n"),
    ];
    expecting(cases, Expect::Success, &listed)
}

#[test]
fn broken_encodings() {
    run_cases("encodings", encoding_cases(), 50);
}

#[test]
fn whitespace_variants_succeed() {
    run_cases("must succeed", must_succeed_cases(), 100);
}

#[test]
fn nul_errors_name_the_line() {
    for (src, line) in [("graph TD\nA-->B\nC[x\u{0}y]\n", 3), ("graph\u{0} TD\nA", 1), ("graph TD\nA\n\nB\u{0}", 4)] {
        match mmdflow::render_svg(src, &Options::default()) {
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::Encoding, "{e}");
                assert_eq!(e.line(), Some(line), "{e}");
            }
            Ok(_) => panic!("a NUL byte was accepted: {src:?}"),
        }
    }
}

// ---------------------------------------------------------------- XSS

const MARKUP: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</text><script>alert(1)</script>",
    "\"><svg onload=alert(1)>",
    "'><svg/onload=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<foreignObject><div>x</div></foreignObject>",
    "]]><script>alert(1)</script>",
    "<!--<script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "#60;script#62;alert(1)#60;/script#62;",
    "<br onload=alert(1)>",
    "<style>*{background:url(http://evil)}</style>",
];

fn xss_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (i, m) in MARKUP.iter().enumerate() {
        let q = m.replace('"', "#quot;");
        cases.push(Case::new(format!("label markup {i}, quoted"), format!("graph TD\nA[\"{q}\"]-->B")));
        // Markup in an unquoted label: mermaid's grammar takes some of it
        // and not the rest; either outcome is fine as long as it is safe.
        cases.push(Case::new(format!("label markup {i}, bare"), format!("graph TD\nA[{m}]-->B")).expect(Expect::Any));
        cases.push(Case::new(format!("edge label markup {i}"), format!("graph TD\nA-->|\"{q}\"|B\nC-- {m} -->D")));
        cases.push(Case::new(format!("markdown label markup {i}"), format!("graph TD\nA[\"`**{q}**`\"]")));
        cases.push(
            Case::new(format!("subgraph title markup {i}"), format!("graph TD\nsubgraph s1 [\"{q}\"]\nA\nend")).png(),
        );
        cases.push(Case::new(
            format!("accessibility markup {i}"),
            format!("graph TD\naccTitle: {m}\naccDescr: {m}\naccDescr {{\n{m}\n}}\nA"),
        ));
        cases.push(Case::new(
            format!("tooltip markup {i}"),
            format!("graph TD\nA-->B\nclick A \"https://example.com\" \"{q}\"\nclick B callback \"{q}\""),
        ));
        cases.push(Case::new(
            format!("front-matter title markup {i}"),
            format!("---\ntitle: '{}'\n---\ngraph TD\nA", m.replace('\'', "''")),
        ));
    }
    let urls = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "javascript&colon;alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "\\\\evil\\share",
    ];
    for (i, u) in urls.iter().enumerate() {
        cases.push(Case::new(format!("click url {i}"), format!("graph TD\nA-->B\nclick A \"{u}\" \"tip\" _blank")));
        cases.push(Case::new(format!("click href {i}"), format!("graph TD\nA-->B\nclick A href \"{u}\"")));
        cases.push(Case::new(format!("image url {i}"), format!("graph TD\nA@{{ img: \"{u}\", label: \"x\" }}")));
    }
    let css = [
        "style A fill:red;}</style><script>alert(1)</script>",
        "style A fill:url(http://evil/x)",
        "style A fill:u\\72l(http://evil/x)",
        "style A background:url('//evil/x')",
        "style A width:expression(alert(1))",
        "style A behavior:url(x.htc)",
        "style A -moz-binding:url(http://evil/x.xml#b)",
        "classDef bad fill:url(http://evil),stroke:#f00\nclass A bad",
        "classDef bad fill:#f00;}@import url(http://evil);.x{color:red\nA:::bad",
        "classDef bad color:red</style><script>alert(1)</script>\nclass A bad",
        "classDef <script>alert(1)</script> fill:red\nclass A <script>alert(1)</script>",
        "classDef x fill:red\nA:::x\" onmouseover=\"alert(1)",
        "linkStyle 0 stroke:url(http://evil/x)",
        "linkStyle 0 stroke:red;}</style><script>alert(1)</script>",
        "linkStyle default stroke:expression(alert(1))",
        "style A font-family:'</style><script>alert(1)</script>'",
        "style A fill:red/*</style><script>alert(1)</script>*/",
    ];
    for (i, c) in css.iter().enumerate() {
        // Style values take no parentheses, quotes or braces (mermaid's
        // grammar too), so each of these is a positioned syntax error today;
        // a change that lets one through must show it drawing safely.
        cases.push(Case::new(format!("css injection {i}"), format!("graph TD\nA-->B\n{c}")).png().expect(Expect::Kind(ErrorKind::Syntax)));
    }
    let directives = [
        r#"%%{init: {"themeCSS": "</style><script>alert(1)</script>"}}%%"#,
        r#"%%{init: {"themeCSS": ".node rect { fill: url(http://evil) }"}}%%"#,
        r#"%%{init: {"themeCSS": "@import url(http://evil/x.css);"}}%%"#,
        r#"%%{init: {"fontFamily": "x;}</style><script>alert(1)</script>"}}%%"#,
        r#"%%{init: {"themeVariables": {"primaryColor": "red;} * {background:url(http://evil)}"}}}%%"#,
        r#"%%{init: {"themeVariables": {"lineColor": "\"><script>alert(1)</script>"}}}%%"#,
        r#"%%{init: {"theme": "\"><script>alert(1)</script>"}}%%"#,
        r#"%%{init: {"securityLevel": "loose", "startOnLoad": true}}%%"#,
    ];
    for (i, d) in directives.iter().enumerate() {
        cases.push(Case::new(format!("directive injection {i}"), format!("{d}\ngraph TD\nA-->B")));
    }
    cases.push(Case::new(
        "front-matter themeCSS",
        "---\nconfig:\n  themeCSS: \"</style><script>alert(1)</script>\"\n  fontFamily: \"url(http://evil)\"\n---\ngraph TD\nA",
    ));
    cases.push(Case::new("odd node ids", "graph TD\nonload-->onerror\nscript-->foreignObject\nhref-->style\njavascript-->A"));
    cases.push(Case::new("edge id markup", "graph TD\nA e1@--> B\ne1@{ animation: \"fast</style><script>\" }"));
    cases.push(Case::new("icon markup", "graph TD\nA@{ icon: \"<script>alert(1)</script>\", label: \"x\" }"));
    cases.push(Case::new("subgraph id markup", "graph TD\nsubgraph a\"onload=\"alert(1) [t]\nA\nend"));
    // Everything else is valid mermaid and must draw (safely). Listed: the
    // inputs whose markup breaks the statement's syntax.
    let listed = [
        // `"` and `|` inside an unquoted edge label.
        ("edge label markup 3", Expect::Any),
        ("edge label markup 8", Expect::Any),
        ("accessibility markup 12", Expect::Any),
        ("front-matter title markup 5", Expect::Any),
        ("image url 11", Expect::Any),
        ("odd node ids", Expect::Any),
        ("subgraph id markup", Expect::Kind(ErrorKind::Syntax)),
    ];
    expecting(cases, Expect::Success, &listed)
}

#[test]
fn xss_vectors() {
    run_cases("xss", xss_cases(), 75);
}

/// The parser must drop unsafe click targets (with a warning), not just the
/// renderer: the Flowchart is public and other tools draw it.
#[test]
fn unsafe_click_targets_are_dropped_by_the_parser() {
    for u in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x", " java\tscript:x"] {
        let src = format!("graph TD\nA-->B\nclick A \"{u}\"\nclick B href \"{u}\" _blank");
        let chart = mmdflow::parse(&src, &Options::default()).expect("valid syntax");
        for id in ["A", "B"] {
            let node = chart.node(id).expect("node exists");
            if let Some(mmdflow::flowchart::ClickAction::Link { url, .. }) = &node.click {
                assert!(is_allowed_link(url), "unsafe url {url:?} kept on {id}");
            }
        }
        assert!(!chart.warnings.is_empty(), "dropping {u:?} gave no warning");
    }
    let chart = mmdflow::parse("graph TD\nA\nclick A \"https://example.com/a\"", &Options::default()).unwrap();
    assert!(
        matches!(&chart.node("A").unwrap().click, Some(mmdflow::flowchart::ClickAction::Link { url, .. }) if url.starts_with("https://example.com/a")),
        "a safe link must be kept"
    );
}

/// "Billion laughs": a YAML alias copies its anchor, so each line below
/// multiplies the document by 9, and seven lines stand for 9^7 = 4.8 million
/// values. Front-matter, `@{ … }` node data and `%%{init}%%` (which falls back
/// to YAML) must refuse such a document instead of expanding it.
fn yaml_bomb(levels: usize, sep: &str) -> String {
    let mut s = String::from("a0: &a0 [x,x,x,x,x,x,x,x,x]");
    for i in 1..levels {
        let p = format!("*a{}", i - 1);
        let _ = write!(s, "{sep}a{i}: &a{i} [{}]", vec![p; 9].join(","));
    }
    s
}

#[test]
fn yaml_alias_bombs_are_refused() {
    // Each document also sets something visible (theme dark, label "boom"),
    // which must not take effect when the document is refused.
    let cases = [
        ("front-matter", format!("---\n{}\nconfig:\n  theme: dark\n  x: *a6\n---\ngraph TD\nA-->B", yaml_bomb(7, "\n"))),
        ("node data", format!("graph TD\nA@{{ label: boom, {} }}", yaml_bomb(7, ", "))),
        ("directive", format!("%%{{init: {{ theme: dark, {} }} }}%%\ngraph TD\nA-->B", yaml_bomb(7, ", "))),
    ];
    for (name, src) in cases {
        let r = on_stack(SMALL_STACK, move || mmdflow::parse(&src, &Options::default()));
        match r {
            Err(e) => assert!(e.line().is_some(), "{name}: unpositioned {e}"),
            Ok(chart) => {
                assert_ne!(chart.config.theme, Some(mmdflow::Theme::Dark), "{name}: alias bomb was expanded");
                assert!(chart.nodes.iter().all(|n| n.label.text != "boom"), "{name}: alias bomb was expanded");
                assert!(!chart.warnings.is_empty(), "{name}: refused without a warning");
            }
        }
    }
    // Ordinary anchors and aliases still work.
    let src = "---\nconfig:\n  base: &b linear\n  flowchart:\n    curve: *b\n---\ngraph TD\nA-->B";
    let chart = mmdflow::parse(src, &Options::default()).expect("small aliases are fine");
    assert_eq!(chart.config.flowchart.curve, Some(mmdflow::flowchart::Curve::Linear));
}

// ---------------------------------------------------------------- options

fn hostile_options_cases() -> Vec<Case> {
    let base = "graph TD\nA[Start]-->B{Choice}\nB-->|yes|C\nsubgraph S\nC\nend";
    let with = |f: &dyn Fn(&mut Options)| {
        let mut o = Options::default();
        f(&mut o);
        o
    };
    let config = |json: &str| DiagramConfig::from_json(&serde_json::from_str(json).unwrap()).0;
    let mut cases = vec![
        ("theme markup", with(&|o| o.config = config(r#"{"theme": "\"><script>alert(1)</script>"}"#))),
        ("unknown theme", with(&|o| o.config = config(r#"{"theme": "no-such-theme"}"#))),
        ("svg id markup", with(&|o| o.svg_id = Some("x\" onload=\"alert(1)".into()))),
        ("svg id with spaces and css", with(&|o| o.svg_id = Some("a b{}</style><script>".into()))),
        ("empty svg id", with(&|o| o.svg_id = Some(String::new()))),
        ("css breakout", with(&|o| o.css = Some("</style><script>alert(1)</script>".into()))),
        ("css external url", with(&|o| o.css = Some("* { background: url(http://evil/x) }".into()))),
        ("css import", with(&|o| o.css = Some("@import url(http://evil/x.css);".into()))),
        // CSS escapes and string-taking functions reach outside without
        // ever spelling `url(` or `@import`.
        ("css escaped url", with(&|o| o.css = Some("* { background: \\75 rl(http://evil/x) }".into()))),
        ("css escaped import", with(&|o| o.css = Some("@\\69mport 'http://evil/x.css';".into()))),
        ("css image-set", with(&|o| o.css = Some("* { background: image-set('http://evil/x.png' 1x) }".into()))),
        ("background url", with(&|o| o.background = Some("url(http://evil/x)".into()))),
        ("background markup", with(&|o| o.background = Some("red\" onload=\"alert(1)".into()))),
        ("config themeCSS", with(&|o| o.config = config(r#"{"themeCSS": "</style><script>alert(1)</script>"}"#))),
        ("config font family", with(&|o| o.config = config(r#"{"fontFamily": "\"/><script>alert(1)</script>"}"#))),
        (
            "config theme variables with controls",
            with(&|o| o.config = config(r##"{"themeVariables": {"primaryColor": "\u0011red", "lineColor": "#333\u0001", "primaryTextColor": "\u001f", "fontSize": "1\u0002px", "fontFamily": "\u0003a"}}"##)),
        ),
        ("theme name with controls", with(&|o| o.config = config("{\"theme\": \"dark\\u0001\"}"))),
        ("svg id with controls", with(&|o| o.svg_id = Some("a\u{1}b\u{ffff}".into()))),
        ("background with controls", with(&|o| o.background = Some("#fff\u{1}".into()))),
        ("css with controls", with(&|o| o.css = Some(".a{color:red}\u{1}\u{ffff}".into()))),
        // Found by fuzz render_svg: a control character in the family list
        // reached the style sheet raw, and the SVG was no longer XML.
        ("config font family with controls", with(&|o| o.config = config(r#"{"fontFamily": "\u0011 wwwwww\u0001\u001f"}"#))),
        (
            "config theme variables",
            with(&|o| o.config = config(r#"{"themeVariables": {"primaryColor": "url(http://evil)", "fontFamily": "</style>"}}"#)),
        ),
        ("huge font size", with(&|o| o.config = config(r#"{"fontSize": 1e300}"#))),
        ("negative font size", with(&|o| o.config = config(r#"{"fontSize": -16}"#))),
        ("zero font size", with(&|o| o.config = config(r#"{"fontSize": 0}"#))),
        (
            "huge spacing",
            with(&|o| o.config = config(r#"{"flowchart": {"nodeSpacing": 1e308, "rankSpacing": 1e308, "padding": 1e308}}"#)),
        ),
        (
            "negative spacing",
            with(&|o| {
                o.config = config(r#"{"flowchart": {"nodeSpacing": -1e9, "rankSpacing": -50, "diagramPadding": -1e9}}"#)
            }),
        ),
        ("zero wrapping width", with(&|o| o.config = config(r#"{"flowchart": {"wrappingWidth": 0}}"#))),
        ("negative wrapping width", with(&|o| o.config = config(r#"{"flowchart": {"wrappingWidth": -1}}"#))),
        ("garbage fonts", with(&|o| o.fonts = vec![vec![], vec![0; 64], b"OTTO garbage".to_vec()])),
        ("scale zero", with(&|o| o.scale = Some(0.0))),
        ("scale negative", with(&|o| o.scale = Some(-2.0))),
        ("scale NaN", with(&|o| o.scale = Some(f64::NAN))),
        ("scale infinite", with(&|o| o.scale = Some(f64::INFINITY))),
        ("scale tiny", with(&|o| o.scale = Some(1e-9))),
        ("width zero", with(&|o| o.width = Some(0))),
        ("height zero", with(&|o| o.height = Some(0))),
        ("width max", with(&|o| o.width = Some(u32::MAX))),
        ("all limits zero", with(&|o| o.limits = Limits { max_input_bytes: 0, max_nodes: 0, max_edges: 0, max_nesting: 0, max_label_chars: 0, max_layered_nodes: 0, max_font_bytes: 0 })),
    ];
    let cases = cases.drain(..).map(|(name, o)| Case::new(name, base).options(o).png()).collect();
    // The diagram is valid: every hostile option must be neutralised and the
    // drawing made, except a zero input limit.
    expecting(cases, Expect::Success, &[("all limits zero", Expect::Kind(ErrorKind::LimitExceeded))])
}

#[test]
fn hostile_options() {
    run_cases("hostile options", hostile_options_cases(), 95);
}

// ---------------------------------------------------------------- odd syntax

fn odd_syntax_cases() -> Vec<Case> {
    let srcs: &[(&str, &str)] = &[
        ("linkStyle index past the end", "graph TD\nA-->B\nlinkStyle 5 stroke:red"),
        ("linkStyle index overflow", "graph TD\nA-->B\nlinkStyle 99999999999999999999999 stroke:red"),
        ("linkStyle negative", "graph TD\nA-->B\nlinkStyle -1 stroke:red"),
        ("edge to itself via subgraph", "graph TD\nsubgraph S\nA\nend\nS-->S\nA-->S"),
        ("subgraph named like its node", "graph TD\nsubgraph A\nA\nend\nA-->A"),
        ("subgraph containing itself", "graph TD\nsubgraph X\nsubgraph X\nY\nend\nend"),
        ("cyclic subgraph references", "graph TD\nsubgraph a\nb\nend\nsubgraph b\na\nend"),
        ("click on a missing node", "graph TD\nclick Z \"https://x\""),
        ("class on a missing node", "graph TD\nclass Z,Y,X foo"),
        ("style on a missing node", "graph TD\nstyle Z fill:red"),
        ("huge link length", "graph TD\nA-------------------------------------------------->B"),
        ("huge dotted length", "graph TD\nA-.........................................->B"),
        ("numeric ids", "graph TD\n1-->2\n1e9-->0x10\n-1-->+1"),
        ("keyword ids", "graph TD\nend-->subgraph\ngraph-->flowchart\nstyle-->class\nclick-->default"),
        ("edge label everywhere", "graph TD\nA-- a -- b -- c -->B\nA-->|a|-->|b|B"),
        ("unbalanced pipes", "graph TD\nA-->|x B\nC-->|y|||D"),
        ("unterminated string", "graph TD\nA[\"abc\nB-->C"),
        ("unterminated markdown", "graph TD\nA[\"`abc\"]\nB[\"`x"),
        ("unterminated front-matter", "---\ntitle: x\ngraph TD\nA-->B"),
        ("front-matter not YAML", "---\n: : : [\n---\ngraph TD\nA"),
        ("unterminated directive", "%%{init: {\"theme\": \"dark\"\ngraph TD\nA"),
        ("directive not JSON", "%%{init: {theme: dark, }}%%\ngraph TD\nA"),
        ("directive wrong types", "%%{init: {\"theme\": 5, \"fontSize\": \"big\", \"flowchart\": []}}%%\ngraph TD\nA"),
        ("directive NaN strings", "%%{init: {\"fontSize\": \"NaN\", \"flowchart\": {\"nodeSpacing\": \"inf\", \"padding\": \"-inf\"}}}%%\ngraph TD\nA-->B"),
        ("directive font family with controls", "%%{init: {\"fontFamily\": \"\\u0011x\\u0008\"}}%%\ngraph TD\nA-->B"),
        ("many directives", "%%{init: {\"theme\":\"dark\"}}%%\n%%{init: {\"theme\":\"forest\"}}%%\n%%{wrap}%%\n%%{unknown: 1}%%\ngraph TD\nA"),
        ("unknown shape", "graph TD\nA@{ shape: no-such-shape }"),
        ("shape data garbage", "graph TD\nA@{ shape: rect, w: -1e308, h: NaN, label: }"),
        ("shape data huge size", "graph TD\nA@{ shape: rect, w: 1e308, h: 1e308 }-->B"),
        ("image huge size", "graph TD\nA@{ img: \"https://x/a.png\", w: 1e9, h: 1e9 }"),
        ("every shape", "graph TD\na1[a]-->a2(a)-->a3([a])-->a4[[a]]-->a5[(a)]-->a6((a))-->a7(((a)))-->a8>a]-->a9{a}-->a10{{a}}-->a11[/a/]-->a12[\\a\\]-->a13[/a\\]-->a14[\\a/]-->a15(-a-)"),
        ("empty labels", "graph TD\nA[]-->B()-->C{}-->D[\"\"]-->E((\"\"))-->|\"\"|F"),
        ("whitespace labels", "graph TD\nA[ ]-->B[\"   \"]-->C[\"\t\"]"),
        ("entity codes", "graph TD\nA[\"#quot;#amp;#lt;#gt;#35;#9829;#0;#1114111;#1114112;#99999999999999;#;#x41;\"]"),
        ("br variants", "graph TD\nA[a<br>b<br/>c<BR >d<br\t/>e</br>f]"),
        ("direction keywords", "graph TD\ndirection LR\ndirection XX\nsubgraph s\ndirection\nend"),
        ("statement separators", "graph TD;;;;A-->B;;;B-->C;;\n;\n;"),
        ("ampersand edge cases", "graph TD\nA & --> B\n& A --> B\nA --> & B"),
        ("unicode ids", "graph TD\nÄ-->日本\n😀-->é\nα-β-->γ_δ"),
        ("dash ids", "graph TD\na-b-->c-d\n--a-->b"),
        ("animate everything", "graph TD\nA e1@-->B e2@-->C\ne1@{ animate: true }\ne2@{ animation: slow, curve: nope }\ne3@{ animate: true }"),
        ("subgraph edge to inner node", "graph TD\nsubgraph S\nA-->B\nend\nS-->A\nB-->S"),
        ("accDescr unterminated", "graph TD\naccDescr {\nA-->B"),
        ("only comments", "%% a\n%% b\n"),
        ("sequence diagram", "sequenceDiagram\nA->>B: hi"),
        ("unknown header", "graphs TD\nA"),
        ("header with junk", "graph TD LR BT junk\nA"),
        ("header with markup", "graph <script>alert(1)</script>\nA"),
        ("elk header", "flowchart-elk LR\nA-->B"),
    ];
    let syntax = || Expect::Kind(ErrorKind::Syntax);
    let semantic = || Expect::Kind(ErrorKind::Semantic);
    let listed = [
        ("linkStyle index past the end", semantic()),
        ("linkStyle index overflow", semantic()),
        ("linkStyle negative", syntax()),
        ("unbalanced pipes", syntax()),
        ("unterminated string", syntax()),
        ("unterminated markdown", syntax()),
        ("unterminated front-matter", syntax()),
        ("front-matter not YAML", Expect::Kind(ErrorKind::Config)),
        ("unterminated directive", syntax()),
        ("unknown shape", semantic()),
        ("only comments", syntax()),
        ("sequence diagram", Expect::Kind(ErrorKind::UnsupportedDiagram)),
        ("unknown header", syntax()),
        ("header with junk", syntax()),
        ("header with markup", syntax()),
        // Refused today; whether mermaid accepts all of each is unclear.
        ("keyword ids", Expect::Any),
        ("edge label everywhere", Expect::Any),
        ("empty labels", Expect::Any),
        ("direction keywords", Expect::Any),
        ("ampersand edge cases", Expect::Any),
        ("unicode ids", Expect::Any),
    ];
    expecting(srcs.iter().map(|(n, s)| Case::new(*n, *s)).collect(), Expect::Success, &listed)
}

#[test]
fn odd_syntax() {
    run_cases("odd syntax", odd_syntax_cases(), 55);
}

// ---------------------------------------------------------------- limits

fn limited(f: impl FnOnce(&mut Limits)) -> Options {
    let mut o = Options::default();
    f(&mut o.limits);
    o
}

fn expect_limit(source: &str, options: &Options, words: &[&str], positioned: bool) {
    let src = source.to_string();
    let opts = options.clone();
    let r = on_stack(SMALL_STACK, move || mmdflow::render_svg(&src, &opts));
    match r {
        Ok(_) => panic!("limit {words:?} not enforced: {options:?}"),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{e}");
            let m = e.message().to_lowercase();
            assert!(words.iter().any(|w| m.contains(w)), "limit message does not name {words:?}: {e}");
            if positioned {
                assert!(e.line().is_some(), "limit error has no position: {e}");
            }
        }
    }
}

fn expect_ok(source: &str, options: &Options) {
    if let Err(e) = mmdflow::render_svg(source, options) {
        panic!("input within the limits was refused: {e}\n{options:?}");
    }
}

#[test]
fn limit_max_nodes() {
    let src = |n: usize| (0..n).fold(String::from("graph TD\n"), |s, i| s + &format!("n{i}\n"));
    expect_ok(&src(10), &limited(|l| l.max_nodes = 10));
    expect_limit(&src(11), &limited(|l| l.max_nodes = 10), NODE_WORDS, true);
    // Nodes made by edges count too.
    expect_limit("graph TD\nA-->B-->C-->D", &limited(|l| l.max_nodes = 3), NODE_WORDS, true);
    expect_limit(&src(10_001), &Options::default(), NODE_WORDS, true);
}

#[test]
fn limit_max_edges() {
    let src = |n: usize| format!("graph TD\n{}", "A-->B\n".repeat(n));
    expect_ok(&src(10), &limited(|l| l.max_edges = 10));
    expect_limit(&src(11), &limited(|l| l.max_edges = 10), EDGE_WORDS, true);
    expect_limit("graph TD\nA & B & C --> D & E", &limited(|l| l.max_edges = 5), EDGE_WORDS, true);
    expect_limit(&src(20_001), &Options::default(), EDGE_WORDS, true);
}

#[test]
fn limit_max_nesting() {
    expect_ok(&nested_subgraphs(5, true), &limited(|l| l.max_nesting = 5));
    expect_limit(&nested_subgraphs(6, true), &limited(|l| l.max_nesting = 5), NEST_WORDS, true);
    expect_ok(&nested_subgraphs(64, true), &Options::default());
    expect_limit(&nested_subgraphs(65, true), &Options::default(), NEST_WORDS, true);
    expect_limit(&nested_subgraphs(2000, true), &Options::default(), NEST_WORDS, true);
    expect_limit(&nested_subgraphs(15_000, false), &Options::default(), NEST_WORDS, true);
}

#[test]
fn limit_max_label_chars() {
    let o = limited(|l| l.max_label_chars = 20);
    expect_ok(&format!("graph TD\nA[{}]", "x".repeat(20)), &o);
    expect_limit(&format!("graph TD\nA[{}]", "x".repeat(21)), &o, LABEL_WORDS, true);
    // Characters, not bytes: 20 two-byte characters fit.
    expect_ok(&format!("graph TD\nA[\"{}\"]", "é".repeat(20)), &o);
    expect_limit(&format!("graph TD\nA-->|{}|B", "y".repeat(21)), &o, LABEL_WORDS, true);
    expect_limit(&format!("graph TD\nA[\"`{}`\"]", "z".repeat(21)), &o, LABEL_WORDS, true);
    expect_limit(&format!("graph TD\nA[{}]", "x".repeat(10_001)), &Options::default(), LABEL_WORDS, true);
    expect_limit(&format!("graph TD\nA[\"{}\"]", "word ".repeat(199_000)), &Options::default(), LABEL_WORDS, true);
}

#[test]
fn limit_max_input_bytes() {
    let src = "graph TD\nA-->B\n";
    expect_ok(src, &limited(|l| l.max_input_bytes = src.len()));
    expect_limit(src, &limited(|l| l.max_input_bytes = src.len() - 1), INPUT_WORDS, false);
    let big = format!("graph TD\n%% {}\nA", "x".repeat(1_000_000));
    expect_limit(&big, &Options::default(), INPUT_WORDS, false);
}

// ---------------------------------------------------------------- fuzz finds

/// Inputs the fuzz targets found; each once broke a rule. Files under
/// tests/fixtures/hostile/fuzz/ hold the ones that are awkward to inline.
fn fuzz_regression_cases() -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/fuzz");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for p in files {
            let bytes = std::fs::read(&p).unwrap();
            let name = format!("fuzz {}", p.file_name().unwrap().to_string_lossy());
            // Each was fixed to draw safely.
            cases.push(Case::new(name, String::from_utf8_lossy(&bytes).into_owned()).png().expect(Expect::Success));
        }
    }
    cases
}

#[test]
fn fuzz_regressions() {
    let cases = fuzz_regression_cases();
    // The folder is part of the repository: an empty list means it moved.
    assert!(!cases.is_empty(), "no fuzz regression inputs in tests/fixtures/hostile/fuzz");
    run_cases("fuzz regressions", cases, 100);
}

// ---------------------------------------------------------------- size

/// The suite is as big as it claims: every group yields cases, they are
/// distinct inputs (a generator that collapsed to one input, or mutations
/// that stopped changing their seed, fail here), and together they make at
/// least 100.
#[test]
fn suite_has_at_least_100_distinct_cases() {
    let groups = [
        ("mutated fixtures", mutant_cases()),
        ("nesting", nesting_cases()),
        ("large", large_cases()),
        ("wide 300", wide_cases(300)),
        ("encodings", encoding_cases()),
        ("must succeed", must_succeed_cases()),
        ("xss", xss_cases()),
        ("hostile options", hostile_options_cases()),
        ("odd syntax", odd_syntax_cases()),
        ("fuzz regressions", fuzz_regression_cases()),
    ];
    let key = |c: &Case| (c.source.clone(), format!("{:?}", c.options));
    let mut all = std::collections::HashSet::new();
    for (group, cases) in &groups {
        let distinct: std::collections::HashSet<_> = cases.iter().map(key).collect();
        // Hostile config values that DiagramConfig::from_json refuses leave
        // the default config, so several "hostile options" cases reach the
        // renderer as the same Options: the reader doing its job (issue 16).
        // Each must still be a different input to the reader; the rest of
        // the group must stay distinct.
        let allowed_repeats = if *group == "hostile options" { 10 } else { 0 };
        assert!(
            cases.len() - distinct.len() <= allowed_repeats,
            "{group}: {} of {} cases repeat another",
            cases.len() - distinct.len(),
            cases.len()
        );
        all.extend(distinct);
    }
    // Mutation must change its seed (else the "mutants" are the fixtures).
    let seeds: std::collections::HashSet<String> =
        seed_files().into_iter().map(|(_, b)| String::from_utf8_lossy(&b).into_owned()).collect();
    let unchanged = mutant_cases().iter().filter(|c| seeds.contains(&c.source)).count();
    assert!(unchanged * 10 <= MUTANTS, "{unchanged} of {MUTANTS} mutants equal their seed");
    assert!(all.len() >= 100, "only {} distinct hostile cases", all.len());
}
