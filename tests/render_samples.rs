//! Every render sample of mermaid's own test suite
//! (`../shared/conformance/mermaid-render-samples.jsonl`, field
//! `harness_input`, else `input`) that mermaid accepts must go through
//! parse, layout, SVG and PNG without an error, and the SVG must be
//! well-formed XML.
//!
//! Reads ../shared; where it is absent the test fails under CI and skips
//! visibly elsewhere (tests/shared_data). Samples the parser
//! rejects are counted and listed, and fail the test only with
//! `MMDFLOW_STRICT_SAMPLES=1` (the parser is another stage's work).
//! `MMDFLOW_SAMPLES_OUT=DIR` also writes `N.svg` and `N.json` for each
//! sample, the pairs `tools/reference/textfit.mjs` checks in Chromium.

use mmdflow::{layout, parse, render, DiagramConfig, Options};
use std::path::PathBuf;

mod shared_data;

#[test]
fn every_accepted_sample_renders() {
    let Some(path) = shared_data::shared_path("every_accepted_sample_renders", "conformance/mermaid-render-samples.jsonl") else {
        return;
    };
    let out_dir = std::env::var_os("MMDFLOW_SAMPLES_OUT").map(PathBuf::from);
    if let Some(d) = &out_dir {
        std::fs::create_dir_all(d).unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let (mut total, mut accepted, mut rendered) = (0, 0, 0);
    let mut parse_failures = Vec::new();
    let mut render_failures = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        total += 1;
        if v["reference"]["ok"] != serde_json::Value::Bool(true) {
            continue;
        }
        accepted += 1;
        let input = v["harness_input"].as_str().or(v["input"].as_str()).unwrap_or("");
        let id = v["id"].as_str().unwrap_or("?").to_string();
        let mut options = Options::default();
        if v.get("config").is_some_and(|c| c.is_object()) {
            options.config = DiagramConfig::from_json(&v["config"]).0;
        }
        // `MMDFLOW_SAMPLES_LOOK` / `MMDFLOW_SAMPLES_THEME` render every
        // sample in another look or theme (scripts/textfit.sh's LOOK, THEME).
        if let Some(look) = std::env::var("MMDFLOW_SAMPLES_LOOK").ok().filter(|s| !s.is_empty()) {
            options.look = Some(look.parse().unwrap());
        }
        if let Some(theme) = std::env::var("MMDFLOW_SAMPLES_THEME").ok().filter(|s| !s.is_empty()) {
            options.theme = Some(theme.parse().unwrap());
        }
        let chart = match parse(input, &options) {
            Ok(c) => c,
            Err(e) => {
                parse_failures.push(format!("{id}: {}", e.message()));
                continue;
            }
        };
        let placed = match layout(&chart, &options) {
            Ok(l) => l,
            Err(e) => {
                render_failures.push(format!("{id}: layout: {e}"));
                continue;
            }
        };
        let svg = render::svg::write(&placed, &options);
        if let Err(e) = usvg::roxmltree::Document::parse(&svg) {
            render_failures.push(format!("{id}: SVG is not well-formed: {e}"));
            continue;
        }
        #[cfg(feature = "png")]
        if let Err(e) = render::png::render(&placed, &options) {
            render_failures.push(format!("{id}: png: {e}"));
            continue;
        }
        if let Some(d) = &out_dir {
            std::fs::write(d.join(format!("{i}.svg")), &svg).unwrap();
            std::fs::write(d.join(format!("{i}.json")), placed.to_json()).unwrap();
        }
        rendered += 1;
    }
    eprintln!(
        "render samples: {total} samples, {accepted} accepted by mermaid, {rendered} rendered to SVG and PNG, {} rejected by our parser, {} failed after parsing",
        parse_failures.len(),
        render_failures.len()
    );
    for f in parse_failures.iter().take(20) {
        eprintln!("  parse: {f}");
    }
    assert!(total > 1000, "the samples file is truncated: {total}");
    assert!(render_failures.is_empty(), "{} failures after parsing:\n{}", render_failures.len(), render_failures.join("\n"));
    if std::env::var_os("MMDFLOW_STRICT_SAMPLES").is_some() {
        assert!(parse_failures.is_empty(), "{} samples mermaid accepts were rejected", parse_failures.len());
    }
}
