//! Arbitrary bytes through the parser. Besides "no panic", it checks the
//! contract the later stages rely on (see `check_chart`), since a broken
//! Flowchart would only panic later, in layout.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mmdflow::{ErrorKind, Options};

// The one link rule of the SVG oracle, so parser and renderer are judged alike.
#[allow(dead_code)]
#[path = "../../tests/hostile_support/svg_check.rs"]
mod svg_check;
use svg_check::is_allowed_link;

fuzz_target!(|data: &[u8]| {
    // Lossy, not `from_utf8(..).ok()?`: every input then reaches the parser,
    // and invalid sequences become U+FFFD, itself a good hostile character.
    let source = String::from_utf8_lossy(data);
    let options = Options::default();
    match mmdflow::parse(&source, &options) {
        Ok(chart) => check_chart(&chart, &source, &options),
        Err(e) => {
            let _ = e.to_string();
            let input_error = matches!(
                e.kind(),
                ErrorKind::Syntax | ErrorKind::Semantic | ErrorKind::UnsupportedDiagram | ErrorKind::Encoding | ErrorKind::Config
            );
            assert!(!input_error || e.line().is_some(), "input error without a position: {e:?}");
            if let Some(sp) = e.span() {
                assert!(sp.start <= source.len(), "error span {sp:?} past the end ({})", source.len());
            }
        }
    }
});

fn check_chart(chart: &mmdflow::Flowchart, source: &str, options: &Options) {
    let limits = &options.limits;
    assert!(chart.nodes.len() <= limits.max_nodes, "max_nodes not enforced");
    assert!(chart.edges.len() <= limits.max_edges, "max_edges not enforced");
    let mut ids = std::collections::BTreeSet::new();
    for n in &chart.nodes {
        assert!(ids.insert(n.id.as_str()), "node {:?} listed twice", n.id);
        assert!(n.label.text.chars().count() <= limits.max_label_chars, "max_label_chars not enforced");
        if let Some(p) = n.parent {
            assert!(p < chart.subgraphs.len(), "node {:?} has parent {p} of {}", n.id, chart.subgraphs.len());
        }
        assert!(n.span.end <= source.len(), "node span {:?} past the end", n.span);
        if let Some(mmdflow::flowchart::ClickAction::Link { url, .. }) = &n.click {
            assert!(is_allowed_link(url), "unsafe click target kept: {url:?}");
        }
    }
    // A later subgraph may adopt an earlier one (mermaid's rule), so parents
    // need not come first; but the parent links must form a tree within the
    // nesting limit, or layout would loop or recurse without bound.
    let count = chart.subgraphs.len();
    for (i, s) in chart.subgraphs.iter().enumerate() {
        let mut depth = 1;
        let mut up = s.parent;
        while let Some(p) = up {
            assert!(p < count, "subgraph {i} has parent {p} of {count}");
            depth += 1;
            assert!(depth <= count, "subgraph parents form a cycle through {i}");
            up = chart.subgraphs[p].parent;
        }
        assert!(depth <= limits.max_nesting, "max_nesting not enforced ({depth})");
    }
    for e in &chart.edges {
        for end in [&e.from, &e.to] {
            assert!(
                chart.node(end).is_some() || chart.subgraph(end).is_some(),
                "edge {:?} ends at unknown {end:?}",
                e.id
            );
        }
        assert!(e.span.end <= source.len(), "edge span {:?} past the end", e.span);
        if let Some(l) = &e.label {
            assert!(l.text.chars().count() <= limits.max_label_chars, "max_label_chars not enforced on an edge");
        }
    }
}
