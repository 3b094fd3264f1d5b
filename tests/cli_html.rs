//! The `mmdflow` binary on HTML pages and built sites (`--html`,
//! `--in-place`, `--html-images`) and as an mdBook preprocessor.
#![cfg(all(feature = "cli", feature = "html"))]

use assert_cmd::Command;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

fn mmdflow() -> Command {
    Command::cargo_bin("mmdflow").unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn fixture(dir: &str, name: &str) -> String {
    format!("{}/tests/fixtures/{dir}/{name}", env!("CARGO_MANIFEST_DIR"))
}

const FLOW_PAGE: &str = "<html><body>\n<div class=\"mermaid\">\ngraph TD\n  A --> B\n</div>\n</body></html>\n";
const PLAIN_PAGE: &str = "<html><body><p>no diagram {{ here }}</p></body></html>\n";
const SEQ_PAGE: &str = "<div class=\"mermaid\">\nsequenceDiagram\n  A->>B: hi\n</div>\n";

fn age(path: &Path) {
    let old = SystemTime::now() - Duration::from_secs(3600 * 24);
    fs::File::options().write(true).open(path).unwrap().set_modified(old).unwrap();
}

#[test]
fn the_guide_page_renders_with_only_its_diagram_changed() {
    let dir = tempfile::tempdir().unwrap();
    // A byte-identical copy of ../shared/examples/eventlet-guide/preparing-for-migration.html.
    let guide = fixture("html", "eventlet-guide.html");
    let out = dir.path().join("out.html");
    mmdflow().arg(&guide).arg("-o").arg(&out).assert().code(0);
    let page = fs::read_to_string(&guide).unwrap();
    let got = fs::read_to_string(&out).unwrap();
    let at = page.find("<div class=\"mt-10 mermaid\">").unwrap();
    let end = at + page[at..].find("</div>").unwrap() + 6;
    assert_eq!(&got[..at], &page[..at]);
    assert!(got[at..].starts_with("<div class=\"mt-10 mermaid\" data-processed=\"true\"><svg "));
    assert!(got.ends_with(&page[end..]));
}

#[test]
fn a_broken_flowchart_fails_the_page_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.html");
    fs::copy(fixture("html", "broken.html"), &page).unwrap();
    let out = dir.path().join("out.html");
    let run = mmdflow().current_dir(dir.path()).args(["broken.html", "-o", "out.html"]).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).starts_with("broken.html:9:21: error: "), "{}", stderr(&run));
    assert!(!out.exists());
}

#[test]
fn other_diagram_types_warn_with_the_page_position() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("html", "sequence.html"), dir.path().join("s.html")).unwrap();
    let run = mmdflow().current_dir(dir.path()).args(["s.html", "-o", "o.html"]).output().unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(stderr(&run).starts_with("s.html:2:3: warning: mermaid diagram 1 is not a flowchart (sequenceDiagram)"), "{}", stderr(&run));
    assert_eq!(fs::read(dir.path().join("o.html")).unwrap(), fs::read(dir.path().join("s.html")).unwrap());
}

#[test]
fn in_place_rewrites_only_pages_with_flowcharts() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("_site");
    fs::create_dir_all(site.join("docs")).unwrap();
    let files = [
        ("index.html", FLOW_PAGE),
        ("about.html", PLAIN_PAGE),
        ("seq.html", SEQ_PAGE),
        ("docs/deep.htm", FLOW_PAGE),
        ("style.css", ".mermaid { margin: 0 }"),
        ("notes.md", "```mermaid\ngraph TD\n```\n"),
    ];
    for (name, text) in files {
        let p = site.join(name);
        fs::write(&p, text).unwrap();
        age(&p);
    }
    let before: Vec<_> = files.iter().map(|(n, _)| fs::metadata(site.join(n)).unwrap().modified().unwrap()).collect();
    let run = mmdflow().arg(&site).args(["--html", "--in-place"]).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    for (i, (name, text)) in files.iter().enumerate() {
        let now = fs::read_to_string(site.join(name)).unwrap();
        let mtime = fs::metadata(site.join(name)).unwrap().modified().unwrap();
        if matches!(*name, "index.html" | "docs/deep.htm") {
            assert!(now.contains("data-processed=\"true\"><svg "), "{name}");
            assert_ne!(mtime, before[i], "{name} rewritten");
        } else {
            assert_eq!(now, *text, "{name} bytes kept");
            assert_eq!(mtime, before[i], "{name} not touched");
        }
    }
    // No temporary files left behind.
    assert_eq!(fs::read_dir(&site).unwrap().count(), 6);
    // Running again finds nothing left to draw and touches nothing.
    let again: Vec<_> = files.iter().map(|(n, _)| fs::metadata(site.join(n)).unwrap().modified().unwrap()).collect();
    mmdflow().arg(&site).args(["--html", "--in-place", "-q"]).assert().code(0);
    let after: Vec<_> = files.iter().map(|(n, _)| fs::metadata(site.join(n)).unwrap().modified().unwrap()).collect();
    assert_eq!(again, after);
}

#[test]
fn folders_take_html_pages_only_with_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.html"), FLOW_PAGE).unwrap();
    let run = mmdflow().arg(dir.path()).arg("--out-dir").arg(dir.path().join("out")).output().unwrap();
    assert!(stderr(&run).contains("no .mmd or .mermaid files found"), "{}", stderr(&run));
    mmdflow().arg(dir.path()).arg("--html").arg("--out-dir").arg(dir.path().join("out")).assert().code(0);
    assert!(fs::read_to_string(dir.path().join("out/a.html")).unwrap().contains("<svg "));
}

#[test]
fn an_html_page_needs_a_destination() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.html"), FLOW_PAGE).unwrap();
    let run = mmdflow().current_dir(dir.path()).arg("a.html").output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("needs -o, --out-dir or --in-place"), "{}", stderr(&run));
    mmdflow().current_dir(dir.path()).args(["a.html", "-o", "x.html", "-e", "png"]).assert().code(2);
}

#[test]
fn an_html_page_goes_to_standard_output_with_dash_but_its_images_cannot() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.html"), FLOW_PAGE).unwrap();
    let run = mmdflow().current_dir(dir.path()).args(["a.html", "-o", "-"]).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stdout).contains("<svg"), "the page, with its diagram inline, on stdout");
    assert!(!dir.path().join("-").exists(), "no file named -");
    let run = mmdflow().current_dir(dir.path()).args(["a.html", "-o", "-", "--html-images"]).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--html-images needs an output folder"), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(!dir.path().join("-").exists() && !dir.path().join("--1.svg").exists());
}

#[test]
fn html_images_writes_files_beside_the_page() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.html"), "<div class=\"mermaid\">graph TD\n accTitle: Steps\n A --> B</div>\n").unwrap();
    mmdflow().current_dir(dir.path()).args(["a.html", "-o", "out/page.html", "--html-images"]).assert().code(0);
    let page = fs::read_to_string(dir.path().join("out/page.html")).unwrap();
    assert_eq!(page, "<div class=\"mermaid\" data-processed=\"true\"><img src=\"./page-1.svg\" alt=\"Steps\"></div>\n");
    assert!(fs::read_to_string(dir.path().join("out/page-1.svg")).unwrap().starts_with("<svg"));
    // PNG files too, but only as files: a page cannot inline a PNG.
    mmdflow().current_dir(dir.path()).args(["a.html", "-o", "png/page.html", "--html-images", "-e", "png"]).assert().code(0);
    let page = fs::read_to_string(dir.path().join("png/page.html")).unwrap();
    assert!(page.contains("<img src=\"./page-1.png\""), "{page}");
    assert!(fs::read(dir.path().join("png/page-1.png")).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn markdown_raw_html_blocks_become_inline_svg() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("p.md"), "# P\n\n<div class=\"mermaid\">\ngraph TD\n  A --> B\n</div>\n\n<div class=\"mermaid\">\npie\n</div>\n").unwrap();
    let run = mmdflow().current_dir(dir.path()).args(["p.md", "-o", "out.md"]).output().unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(stderr(&run).contains("p.md:8:1: warning: mermaid diagram 2 is not a flowchart (pie)"), "{}", stderr(&run));
    let out = fs::read_to_string(dir.path().join("out.md")).unwrap();
    assert!(out.starts_with("# P\n\n<div class=\"mermaid\" data-processed=\"true\"><svg "));
    assert!(out.ends_with("</svg></div>\n\n<div class=\"mermaid\">\npie\n</div>\n"));
}

#[test]
fn dark_theme_flag_reaches_the_svg_and_png_says_it_cannot() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.mmd"), "graph TD\n A --> B\n").unwrap();
    let svg = mmdflow().current_dir(dir.path()).args(["a.mmd", "--dark-theme", "dark", "-o", "-"]).output().unwrap();
    assert!(String::from_utf8_lossy(&svg.stdout).contains("@media (prefers-color-scheme: dark)"));
    let png = mmdflow().current_dir(dir.path()).args(["a.mmd", "--dark-theme", "dark", "-o", "a.png"]).output().unwrap();
    assert_eq!(png.status.code(), Some(0));
    assert!(stderr(&png).contains("a PNG or PDF cannot carry two palettes"), "{}", stderr(&png));
}

#[test]
fn mdbook_supports_html_only() {
    mmdflow().args(["mdbook", "supports", "html"]).assert().code(0);
    mmdflow().args(["mdbook", "supports", "epub"]).assert().code(1);
}

#[test]
fn mdbook_0_5_book_comes_back_with_inline_svg() {
    let input = fs::read_to_string(fixture("mdbook", "book-0.5.json")).unwrap();
    let run = mmdflow().arg("mdbook").write_stdin(input).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(stderr(&run).contains("seq.md:1:1: warning: mermaid block 1 is not a flowchart (sequenceDiagram)"), "{}", stderr(&run));
    let book: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let items = book["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    let intro = items[0]["Chapter"]["content"].as_str().unwrap();
    assert!(intro.starts_with("# Intro\n\n<div class=\"mermaid\" data-processed=\"true\"><svg "), "{intro}");
    assert!(intro.ends_with("</svg></div>\n\nText right after.\n"), "a blank line ends the HTML block");
    let nested = items[0]["Chapter"]["sub_items"][0]["Chapter"]["content"].as_str().unwrap();
    assert!(nested.starts_with("# Nested\n\n<div class=\"mermaid\" data-processed=\"true\"><svg "), "{nested}");
    assert_eq!(items[1], "Separator");
    assert_eq!(items[2]["PartTitle"], "Part two");
    assert!(items[3]["Chapter"]["content"].as_str().unwrap().starts_with("```mermaid\nsequenceDiagram"));
    assert_eq!(items[4]["Chapter"]["path"], serde_json::Value::Null, "draft chapters pass through");
    assert_eq!(items[0]["Chapter"]["number"], serde_json::json!([1]));
}

#[test]
fn mdbook_0_4_sections_and_book_settings() {
    let input = fs::read_to_string(fixture("mdbook", "book-0.4.json")).unwrap();
    let run = mmdflow().arg("mdbook").write_stdin(input).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let book: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let content = book["sections"][0]["Chapter"]["content"].as_str().unwrap();
    // theme = "forest" from [preprocessor.mmdflow]: forest's node fill.
    assert!(content.contains("fill:#cde498"), "{content}");
    assert!(book.get("__non_exhaustive").is_some());
}

#[test]
fn mdbook_errors_name_the_chapter_position() {
    let input = fs::read_to_string(fixture("mdbook", "broken.json")).unwrap();
    let run = mmdflow().arg("mdbook").write_stdin(input).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).starts_with("bad.md:6:1: error: expected ']', found end of input"), "{}", stderr(&run));
    assert!(run.stdout.is_empty());
    let bad = mmdflow().arg("mdbook").write_stdin("{\"not\": \"a pair\"}").output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).starts_with("mmdflow mdbook: error: mdBook input is not a [context, book] array"));
}

#[test]
fn mdbook_input_captured_from_mdbook_0_5_4() {
    // What `mdbook build` (0.5.4) wrote to the preprocessor's standard input
    // for scripts/e2e-sites.sh's sample book, saved by a `tee` wrapper.
    let input = fs::read_to_string(fixture("mdbook", "captured-0.5.4.json")).unwrap();
    let run = mmdflow().arg("mdbook").write_stdin(input.clone()).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let before: serde_json::Value = serde_json::from_str(&input).unwrap();
    let after: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let flow = after["items"][0]["Chapter"]["content"].as_str().unwrap();
    assert!(flow.starts_with("# Flow\n\n<div class=\"mermaid\" data-processed=\"true\"><svg "), "{flow}");
    // Everything but the flowchart chapter's content comes back as it came.
    let mut expected = before[1].clone();
    expected["items"][0]["Chapter"]["content"] = after["items"][0]["Chapter"]["content"].clone();
    assert_eq!(after, expected);
}
