//! The `mmdflow` binary's output types (checked against `-e` and the
//! output's extension), PDF output and mmdc 12's flags.
#![cfg(feature = "cli")]

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn mmdflow() -> Command {
    Command::cargo_bin("mmdflow").unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const CHART: &str = "flowchart LR\n  A[Start here] --> B{Decide}\n  B -->|yes| C[Finish]\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

#[test]
fn unknown_output_types_are_usage_errors_that_list_the_types() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", CHART);
    for ext in ["jpg", "gif", "txt"] {
        let target = dir.path().join(format!("x.{ext}"));
        let out = mmdflow().arg(&input).arg("-o").arg(&target).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{ext}");
        let err = stderr(&out);
        assert!(err.contains(&format!("unsupported output type '.{ext}'")), "{err}");
        assert!(err.contains("svg, png, pdf, json, md"), "{err}");
        assert!(!target.exists(), "nothing is written for .{ext}");
    }
    let out = mmdflow().arg(&input).args(["-e", "gif"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("expected one of svg, png, pdf, json"), "{}", stderr(&out));
    // An output with no extension needs -e to say what it holds.
    let bare = dir.path().join("diagram");
    mmdflow().arg(&input).arg("-o").arg(&bare).assert().code(2);
    mmdflow().arg(&input).arg("-o").arg(&bare).args(["-e", "json"]).assert().code(0);
    assert!(fs::read_to_string(&bare).unwrap().starts_with('{'));
}

#[test]
fn format_flag_and_extension_must_agree() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", CHART);
    let out = mmdflow().arg(&input).arg("-o").arg(dir.path().join("x.svg")).args(["-e", "png"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-e png does not match the output"), "{}", stderr(&out));
    // Agreeing, in any case, is fine.
    mmdflow().arg(&input).arg("-o").arg(dir.path().join("x.JSON")).args(["-e", "json"]).assert().code(0);
    // A diagram cannot be written as a document.
    let out = mmdflow().arg(&input).arg("-o").arg(dir.path().join("x.md")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("needs an image output"), "{}", stderr(&out));
    let out = mmdflow().arg("-o").arg(dir.path().join("y.md")).write_stdin(CHART).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "standard input too");
    assert!(!dir.path().join("y.md").exists());
}

#[cfg(feature = "pdf")]
mod pdf {
    use super::*;

    fn pdf_of(args: &[&str]) -> Vec<u8> {
        let out = mmdflow().args(["-e", "pdf"]).args(args).write_stdin(CHART).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out.stdout
    }

    /// `/MediaBox [x0 y0 x1 y1]` of the (only) page, in pt.
    fn media_box(pdf: &[u8]) -> [f64; 4] {
        let text = String::from_utf8_lossy(pdf);
        let at = text.find("/MediaBox [").expect("a MediaBox") + "/MediaBox [".len();
        let nums: Vec<f64> = text[at..].split(']').next().unwrap().split_whitespace().map(|n| n.parse().unwrap()).collect();
        [nums[0], nums[1], nums[2], nums[3]]
    }

    #[test]
    fn pdf_from_the_extension_and_from_the_flag_is_the_same_and_deterministic() {
        let dir = tempfile::tempdir().unwrap();
        let input = write(dir.path(), "a.mmd", CHART);
        let target = dir.path().join("a.pdf");
        mmdflow().arg(&input).arg("-o").arg(&target).assert().code(0).stderr("");
        let first = fs::read(&target).unwrap();
        assert!(first.starts_with(b"%PDF-"), "a PDF header");
        assert!(first.ends_with(b"%%EOF") || first.ends_with(b"%%EOF\n"));
        mmdflow().arg(&input).arg("-o").arg(&target).assert().code(0);
        assert_eq!(fs::read(&target).unwrap(), first, "two runs give the same bytes");
        assert_eq!(pdf_of(&[]), first, "-e pdf to standard output matches -o a.pdf");
        // No creation date or other clock-dependent field.
        let text = String::from_utf8_lossy(&first);
        assert!(!text.contains("/CreationDate") && !text.contains("/ModDate"));
    }

    #[test]
    fn fit_page_is_the_diagram_in_css_px_and_size_and_paper_change_it() {
        let svg = mmdflow().args(["-e", "json"]).write_stdin(CHART).output().unwrap();
        let layout: serde_json::Value = serde_json::from_slice(&svg.stdout).unwrap();
        let (w, h) = (layout["width"].as_f64().unwrap(), layout["height"].as_f64().unwrap());
        let fit = media_box(&pdf_of(&[]));
        // 1 CSS px = 0.75 pt.
        assert!((fit[2] - w * 0.75).abs() < 0.01 && (fit[3] - h * 0.75).abs() < 0.01, "{fit:?} for {w} x {h}");
        let sized = media_box(&pdf_of(&["--size", "1000"]));
        assert!((sized[2].max(sized[3]) - 750.0).abs() < 0.01, "--size 1000 px is a 750 pt largest side: {sized:?}");
        let a4 = media_box(&pdf_of(&["--pdf-paper-format", "A4"]));
        assert!((a4[2] - 595.28).abs() < 0.1 && (a4[3] - 841.89).abs() < 0.1, "{a4:?}");
        let letter = media_box(&pdf_of(&["--pdf-paper-format", "letter", "-f"]));
        assert_eq!([letter[2], letter[3]], [612.0, 792.0]);
        let out = mmdflow().args(["-e", "pdf", "--pdf-paper-format", "B5"]).write_stdin(CHART).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("A4"), "the error lists the formats: {}", stderr(&out));
    }

    #[test]
    fn markdown_images_can_be_pdf() {
        let dir = tempfile::tempdir().unwrap();
        let md = write(dir.path(), "guide.md", &format!("# Guide\n\n```mermaid\n{CHART}```\n"));
        let out_md = dir.path().join("out/guide.md");
        mmdflow().arg(&md).arg("-o").arg(&out_md).args(["-e", "pdf"]).assert().code(0);
        assert!(fs::read_to_string(&out_md).unwrap().contains("](./guide-1.pdf)"));
        assert!(fs::read(dir.path().join("out/guide-1.pdf")).unwrap().starts_with(b"%PDF-"));
    }
}

#[test]
fn size_sets_the_svg_max_width_and_the_png_largest_side() {
    let out = mmdflow().args(["--size", "320"]).write_stdin(CHART).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(svg.contains("style=\"max-width: 320px; max-height: 320px;\""), "{}", &svg[..300]);
    #[cfg(feature = "png")]
    {
        let out = mmdflow().args(["-e", "png", "--size", "320"]).write_stdin(CHART).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let png = out.stdout;
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!(w.max(h), 320, "{w} x {h}");
        // --size is in CSS px; --scale is the pixel ratio on top, as mmdc 12.
        let out = mmdflow().args(["-e", "png", "--size", "320", "-s", "2"]).write_stdin(CHART).output().unwrap();
        let w2 = u32::from_be_bytes(out.stdout[16..20].try_into().unwrap());
        assert_eq!(w2, 2 * w);
    }
    mmdflow().args(["--size", "0"]).write_stdin(CHART).assert().code(2);
}

#[test]
fn mmdc_12_flags_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.mmd", CHART);
    // --no-font-embed and -f are accepted quietly.
    mmdflow().arg("-i").arg(&input).args(["-o", "-", "--no-font-embed", "-f", "-j", "2"]).assert().code(0).stderr("");
    // Icon packs are read locally; one that is not installed is a clear
    // usage error, never a download (tests/icons.rs draws installed ones).
    let out = mmdflow()
        .current_dir(dir.path())
        .arg("-i")
        .arg(&input)
        .args(["-o", "-", "--iconPacks", "@iconify-json/logos"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("npm install @iconify-json/logos"), "{}", stderr(&out));
    // mmdc 12's themes are drawn; a name mermaid does not have (`null`)
    // is refused with the list.
    mmdflow().arg(&input).args(["-o", "-", "-t", "redux-color", "--look", "neo"]).assert().code(0).stderr("");
    let out = mmdflow().arg(&input).args(["-t", "null"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("redux-dark-color"), "{}", stderr(&out));
}

#[test]
fn default_ids_come_from_the_file_name_and_block_number() {
    let dir = tempfile::tempdir().unwrap();
    let one = write(dir.path(), "one.mmd", CHART);
    let two = write(dir.path(), "two.mmd", CHART);
    let svg_id = |path: &Path| {
        let svg = fs::read_to_string(path).unwrap();
        svg.split(" id=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
    };
    mmdflow().arg(&one).arg(&two).assert().code(0);
    assert_eq!(svg_id(&dir.path().join("one.svg")), "mmd-one");
    assert_eq!(svg_id(&dir.path().join("two.svg")), "mmd-two", "same diagram, another file: another id");
    // -I wins.
    mmdflow().arg(&one).args(["-I", "chosen"]).assert().code(0);
    assert_eq!(svg_id(&dir.path().join("one.svg")), "chosen");
    // One Markdown file showing the same diagram twice: one id per block.
    let md = write(dir.path(), "page.md", &format!("```mermaid\n{CHART}```\n\n```mermaid\n{CHART}```\n"));
    mmdflow().arg(&md).arg("-o").arg(dir.path().join("out/page.md")).assert().code(0);
    assert_eq!(svg_id(&dir.path().join("out/page-1.svg")), "mmd-page-1");
    assert_eq!(svg_id(&dir.path().join("out/page-2.svg")), "mmd-page-2");
}

#[test]
fn config_warnings_name_the_source_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "w.mmd",
        "---\nconfig:\n  theme: forrest\n---\n%%{init: {\"layout\": \"tree\"}}%%\ngraph TD\n  A --> B\n",
    );
    let site = write(dir.path(), "site.json", r#"{"look": "sketchy"}"#);
    let out = mmdflow().arg(&input).arg("-c").arg(&site).args(["-o", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "one warning each: {err}");
    assert!(lines[0].ends_with("site.json: warning: config key 'look' ignored: unknown look 'sketchy' (expected classic, handDrawn or neo)"), "{err}");
    assert!(lines[1].ends_with("w.mmd:3:3: warning: front-matter config key 'theme' ignored: unknown theme 'forrest' (expected default, forest, dark, neutral, base, neo, neo-dark, redux, redux-color, redux-dark or redux-dark-color)"), "{err}");
    assert!(lines[2].contains("w.mmd:5:1: warning: %%{init}%% config key 'layout' ignored: unknown layout 'tree'"), "{err}");
}
