//! The `mmdflow` binary on single inputs: formats, standard streams, config,
//! atomic output and exit codes.
#![cfg(feature = "cli")]

use assert_cmd::Command;
use std::fs;
use std::path::Path;

fn mmdflow() -> Command {
    Command::cargo_bin("mmdflow").unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A realistic diagram: labelled, dotted and thick links, a back edge, a
/// decision and a subgraph, so option effects have something to act on.
const GOOD: &str = "flowchart LR
  A[Start] --> B{Check}
  B -->|yes| C[Done]
  B -.->|no| D[Retry]
  D ==> A
  subgraph S [Work]
    C
  end
";

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

#[test]
fn stdin_to_stdout_is_svg_and_stderr_stays_quiet() {
    let out = mmdflow().write_stdin(GOOD).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{svg}");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let labels: Vec<&str> = doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    for want in ["Start", "Check", "yes", "no", "Work"] {
        assert!(labels.contains(&want), "{want} not drawn: {labels:?}");
    }
    assert_eq!(stderr(&out), "");
    // `-` names standard input and standard output explicitly.
    let dash = mmdflow().args(["-i", "-", "-o", "-"]).write_stdin(GOOD).output().unwrap();
    assert_eq!(dash.stdout, svg.as_bytes());
}

#[test]
fn json_from_flag_and_format_from_extension() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", GOOD);
    let out = mmdflow().arg(&input).args(["-e", "json", "-o", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["direction"], "LR");
    assert_eq!(v["nodes"].as_array().unwrap().len(), 4);
    assert_eq!(v["edges"][1]["label"], "yes");
    // --format is an alias of --outputFormat.
    let alias = mmdflow().arg(&input).args(["--format", "json", "-o", "-"]).output().unwrap();
    assert_eq!(alias.stdout, out.stdout);

    // No -e: the output's extension decides.
    let json_path = dir.path().join("x.json");
    mmdflow().arg(&input).arg("-o").arg(&json_path).assert().code(0);
    assert_eq!(fs::read(&json_path).unwrap(), out.stdout);
    #[cfg(feature = "png")]
    {
        let png_path = dir.path().join("x.png");
        mmdflow().arg(&input).arg("-o").arg(&png_path).assert().code(0);
        assert!(fs::read(&png_path).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
    }
    // No -e and no -o: SVG beside the input.
    mmdflow().arg(&input).assert().code(0).stdout("");
    assert!(fs::read_to_string(dir.path().join("a.svg")).unwrap().starts_with("<svg"));
    // -e and the extension must agree (an SVG in y.png would mislead).
    let odd = dir.path().join("y.png");
    mmdflow().arg(&input).args(["-e", "svg", "-o"]).arg(&odd).assert().code(2);
    assert!(!odd.exists());
}

#[test]
fn unsupported_diagram_exits_1_with_a_positioned_report() {
    let out = mmdflow().args(["-o", "-"]).write_stdin("sequenceDiagram\n  A->>B: hi\n").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.starts_with("<stdin>:1:1: error: "), "{err}");
    // The report shows the line and a caret under the problem.
    assert!(err.contains("1 | sequenceDiagram\n  | ^"), "{err}");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", GOOD);
    // clap usage errors.
    mmdflow().arg("--no-such-flag").assert().code(2);
    mmdflow().arg(&input).args(["-t", "purple"]).assert().code(2);
    mmdflow().arg(&input).args(["--shard", "3/2"]).assert().code(2);
    // Our own usage errors.
    let out = mmdflow().arg(&input).args(["-e", "gif"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "mmdflow: error: unknown output format 'gif' for -e (expected one of svg, png, pdf, json)\n");
    // Missing input and unreadable config are I/O errors.
    let out = mmdflow().arg(dir.path().join("missing.mmd")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // One "error:", then the path and the system's reason.
    let missing = dir.path().join("missing.mmd");
    assert!(stderr(&out).starts_with(&format!("mmdflow: error: {}: ", missing.display())), "{}", stderr(&out));
    assert_eq!(stderr(&out).matches("error:").count(), 1, "{}", stderr(&out));
    mmdflow().arg(&input).args(["-c", "nope.json"]).assert().code(2);
    let bad_json = write(dir.path(), "bad.json", "{ theme: ");
    let out = mmdflow().arg(&input).arg("-c").arg(&bad_json).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("invalid JSON"), "{}", stderr(&out));
    // An output folder that cannot be created.
    let blocker = write(dir.path(), "file", "x");
    let out = mmdflow().arg(&input).arg("-o").arg(blocker.join("sub/a.svg")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Help and version are not errors.
    mmdflow().arg("--help").assert().code(0);
    mmdflow().arg("-V").assert().code(0);
}

#[test]
fn an_error_never_clobbers_an_existing_output() {
    let dir = tempfile::tempdir().unwrap();
    let bad = write(dir.path(), "bad.mmd", "pie\n  \"a\": 1\n");
    let target = write(dir.path(), "bad.svg", "precious");
    mmdflow().arg(&bad).assert().code(1);
    mmdflow().arg(&bad).arg("-o").arg(&target).assert().code(1);
    assert_eq!(fs::read_to_string(&target).unwrap(), "precious");
    // Nothing else was left behind: no temporary or partial files.
    let mut names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["bad.mmd", "bad.svg"]);
    // A good render replaces it whole.
    let good = write(dir.path(), "good.mmd", GOOD);
    mmdflow().arg(&good).arg("-o").arg(&target).assert().code(0);
    assert!(fs::read_to_string(&target).unwrap().starts_with("<svg"));
}

#[test]
fn input_limit_and_encoding_are_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", GOOD);
    let out = mmdflow().arg(&input).args(["--max-input-bytes", "4", "-o", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("more than the limit of 4"), "{}", stderr(&out));
    let latin1 = dir.path().join("l.mmd");
    fs::write(&latin1, b"graph TD\n  A[caf\xe9]\n").unwrap();
    let out = mmdflow().arg(&latin1).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).ends_with("l.mmd:2:8: error: input is not valid UTF-8\n"), "{}", stderr(&out));
}

#[test]
fn config_file_reaches_the_layout() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", GOOD);
    let cfg = write(dir.path(), "cfg.json", r#"{"flowchart": {"diagramPadding": 40}, "noSuchKey": 1}"#);
    let plain = mmdflow().arg(&input).args(["-e", "json", "-o", "-"]).output().unwrap();
    let configured = mmdflow().arg(&input).arg("-c").arg(&cfg).args(["-e", "json", "-o", "-"]).output().unwrap();
    assert_eq!(configured.status.code(), Some(0));
    let width = |o: &std::process::Output| {
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["width"].as_f64().unwrap()
    };
    // 32 px more padding on each side.
    let grown = width(&configured) - width(&plain);
    assert!((grown - 64.0).abs() < 1e-6, "{grown}");
    // Unknown keys are reported, not fatal; -q hides the warning.
    assert!(stderr(&configured).contains("cfg.json: warning: config key 'noSuchKey' ignored: mmdflow does not use this key"), "{}", stderr(&configured));
    let quiet = mmdflow().arg(&input).arg("-c").arg(&cfg).args(["-q", "-e", "json", "-o", "-"]).output().unwrap();
    assert_eq!(stderr(&quiet), "");
}

#[test]
#[cfg(feature = "png")]
fn mmdc_command_lines_work() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "in.mmd", GOOD);
    let css = write(dir.path(), "s.css", ".node { fill: red; }");
    let out = dir.path().join("out.png");
    mmdflow()
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["-t", "dark", "-b", "transparent", "-w", "800", "-H", "600", "-s", "2", "-I", "my-id"])
        .arg("-C")
        .arg(&css)
        .args(["-p", "puppeteer.json", "-q"])
        .assert()
        .code(0)
        .stderr("");
    let png = decode_png(&fs::read(&out).unwrap());
    // The scale wins over -w/-H (render::png), so the image is twice the
    // diagram's size, and the background is see-through.
    let (w, h) = svg_size(&input);
    assert_eq!((png.width(), png.height()), ((2.0 * w).ceil() as u32, (2.0 * h).ceil() as u32));
    assert_eq!(png.pixel(0, 0).unwrap().alpha(), 0);
}

#[cfg(feature = "png")]
fn decode_png(bytes: &[u8]) -> tiny_skia::Pixmap {
    assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
    tiny_skia::Pixmap::decode_png(bytes).expect("valid PNG")
}

/// The diagram's size in SVG units: its layout JSON's width and height.
fn svg_size(input: &Path) -> (f64, f64) {
    let out = mmdflow().arg(input).args(["-e", "json", "-o", "-"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (v["width"].as_f64().unwrap(), v["height"].as_f64().unwrap())
}

/// Runs mmdflow on `input` with `args`, output to standard output.
fn run_stdout(input: &Path, args: &[&str]) -> Vec<u8> {
    let out = mmdflow().arg(input).args(args).args(["-o", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    out.stdout
}

/// Fill colours of the node outlines (`.node` groups' first shape).
fn node_fills(svg: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(svg).unwrap();
    let doc = roxmltree::Document::parse(text).unwrap();
    doc.descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.split(' ').any(|x| x == "node")))
        .filter_map(|g| g.children().find(|c| c.is_element() && c.attribute("class").is_some_and(|k| k.contains("label-container"))))
        .filter_map(|shape| {
            shape.attribute("style")?.split(';').find_map(|d| d.strip_prefix("fill:")).map(str::to_string)
        })
        .collect()
}

#[test]
fn theme_background_and_id_options_change_the_svg() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", GOOD);
    let plain = run_stdout(&input, &["-e", "svg"]);
    // -t: mermaid's node colours per theme.
    assert_eq!(node_fills(&plain), vec!["#ECECFF"; 4]);
    for (theme, fill) in [("dark", "#1f2020"), ("forest", "#cde498"), ("neutral", "#eee")] {
        let themed = run_stdout(&input, &["-e", "svg", "-t", theme]);
        assert_eq!(node_fills(&themed), vec![fill; 4], "-t {theme}");
    }
    // -b: a background rectangle over the whole view box; none without it.
    let svg_bg = String::from_utf8(run_stdout(&input, &["-e", "svg", "-b", "#ff0000"])).unwrap();
    let doc = roxmltree::Document::parse(&svg_bg).unwrap();
    let bg = doc.descendants().find(|n| n.attribute("class") == Some("background")).expect("-b draws a background");
    assert!(matches!(bg.attribute("fill"), Some("#ff0000") | Some("#f00") | Some("rgb(255,0,0)")), "{:?}", bg.attribute("fill"));
    let view: Vec<&str> = doc.root_element().attribute("viewBox").unwrap().split(' ').collect();
    assert_eq!((bg.attribute("width"), bg.attribute("height")), (Some(view[2]), Some(view[3])));
    assert!(!String::from_utf8(plain.clone()).unwrap().contains("class=\"background\""));
    // -I: the root id, and the prefix of every id and every reference.
    let svg_id = String::from_utf8(run_stdout(&input, &["-e", "svg", "-I", "my-id"])).unwrap();
    let doc = roxmltree::Document::parse(&svg_id).unwrap();
    assert_eq!(doc.root_element().attribute("id"), Some("my-id"));
    let mut refs = 0;
    for n in doc.descendants().filter(|n| n.is_element()) {
        if let Some(id) = n.attribute("id") {
            assert!(id.starts_with("my-id"), "id {id} lacks the prefix");
        }
        for a in ["marker-start", "marker-end"] {
            if let Some(v) = n.attribute(a) {
                assert!(v.starts_with("url(#my-id-"), "{a}={v}");
                refs += 1;
            }
        }
    }
    assert!(refs >= 4, "the arrows reference their markers ({refs})");
    assert!(svg_id.contains("#my-id{"), "the style sheet is scoped to the id");
}

#[test]
#[cfg(feature = "png")]
fn size_scale_theme_and_background_options_change_the_png() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", GOOD);
    let (w, h) = svg_size(&input);
    let png = |args: &[&str]| decode_png(&run_stdout(&input, &[&["-e", "png"], args].concat()));
    let one = png(&[]);
    assert_eq!((one.width(), one.height()), (w.ceil() as u32, h.ceil() as u32));
    let two = png(&["-s", "2"]);
    assert_eq!((two.width(), two.height()), ((2.0 * w).ceil() as u32, (2.0 * h).ceil() as u32));
    // -w sets the width, -H the height; the other side keeps the aspect.
    let wide = png(&["-w", "900"]);
    assert_eq!(wide.width(), 900);
    assert!((wide.height() as f64 - 900.0 * h / w).abs() <= 1.0, "{}", wide.height());
    let tall = png(&["-H", "500"]);
    assert_eq!(tall.height(), 500);
    assert!((tall.width() as f64 - 500.0 * w / h).abs() <= 1.0, "{}", tall.width());
    assert_eq!(png(&["-w", "900", "-H", "500"]).width(), 900, "-w wins over -H");
    // -b: the corner pixel; white by default for PNG.
    let corner = |p: &tiny_skia::Pixmap| {
        let c = p.pixel(0, 0).unwrap();
        (c.red(), c.green(), c.blue(), c.alpha())
    };
    assert_eq!(corner(&one), (255, 255, 255, 255));
    assert_eq!(corner(&png(&["-b", "#ff0000"])), (255, 0, 0, 255));
    assert_eq!(corner(&png(&["-b", "transparent"])).3, 0);
    // -t: the fill inside node A, just right of its left edge, mid-height.
    let json = run_stdout(&input, &["-e", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let a = &v["nodes"][0];
    let (x, y) = (a["x"].as_f64().unwrap() - a["width"].as_f64().unwrap() / 2.0 + 4.0, a["y"].as_f64().unwrap());
    let inside = |p: &tiny_skia::Pixmap| {
        let c = p.pixel(x as u32, y as u32).unwrap();
        (c.red(), c.green(), c.blue())
    };
    assert_eq!(inside(&one), (0xEC, 0xEC, 0xFF), "default node fill");
    assert_eq!(inside(&png(&["-t", "dark"])), (0x1f, 0x20, 0x20), "dark node fill");
}

#[test]
fn diagram_config_overrides_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(dir.path(), "cfg.json", r#"{"flowchart": {"diagramPadding": 40}}"#);
    let json = |src: &str, with_config: bool| {
        let mut cmd = mmdflow();
        if with_config {
            cmd.arg("-c").arg(&cfg);
        }
        let out = cmd.args(["-e", "json"]).write_stdin(src).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        out.stdout
    };
    let plain = "graph TD\n  A --> B\n";
    assert_ne!(json(plain, true), json(plain, false), "the config file is used");
    // %%{init}%% and front-matter both win over the file, as in mermaid.
    let init = "%%{init: {\"flowchart\": {\"diagramPadding\": 8}}}%%\ngraph TD\n  A --> B\n";
    assert_eq!(json(init, true), json(plain, false));
    let front = "---\nconfig:\n  flowchart:\n    diagramPadding: 8\n---\ngraph TD\n  A --> B\n";
    assert_eq!(json(front, true), json(plain, false));
}

#[test]
fn parser_warnings_are_positioned_and_quiet_hides_them() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "w.mmd", "flowchart LR\n  A --> B\n  style A fill:red,foo:bar\n");
    let chart = mmdflow::parse(&fs::read_to_string(&input).unwrap(), &mmdflow::Options::default()).unwrap();
    assert_eq!(chart.warnings.len(), 1, "{:?}", chart.warnings);
    let out = mmdflow().current_dir(dir.path()).arg("w.mmd").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), format!("w.mmd:3:3: warning: {}\n", chart.warnings[0].message));
    mmdflow().current_dir(dir.path()).args(["w.mmd", "-q"]).assert().code(0).stderr("");
}

#[test]
fn limit_flags_reach_the_parser() {
    let chain = "graph TD\n  A --> B --> C\n";
    let nested = "graph TD\nsubgraph a\nsubgraph b\nX\nend\nend\n";
    for (src, flag, ok, too_small) in
        [(chain, "--max-nodes", "3", "2"), (chain, "--max-edges", "2", "1"), (nested, "--max-nesting", "2", "1")]
    {
        mmdflow().args([flag, ok, "-o", "-"]).write_stdin(src).assert().code(0);
        let out = mmdflow().args([flag, too_small, "-o", "-"]).write_stdin(src).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{flag}");
        assert!(out.stdout.is_empty());
        let expected = {
            let mut o = mmdflow::Options::default();
            let n: usize = too_small.parse().unwrap();
            match flag {
                "--max-nodes" => o.limits.max_nodes = n,
                "--max-edges" => o.limits.max_edges = n,
                _ => o.limits.max_nesting = n,
            }
            let e = mmdflow::parse(src, &o).unwrap_err();
            assert_eq!(e.kind(), mmdflow::ErrorKind::LimitExceeded);
            e.one_line("<stdin>")
        };
        assert!(stderr(&out).starts_with(&format!("{expected}\n")), "{flag}: {}", stderr(&out));
    }
}

#[test]
fn font_and_css_files_are_read_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", "graph TD\n  A --> B\n");
    let font = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/LiberationSans-Bold.ttf");
    mmdflow().arg(&input).arg("--font").arg(&font).args(["-o", "-"]).assert().code(0);
    let out = mmdflow().arg(&input).args(["--font", "no-such-font.ttf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("mmdflow: error: no-such-font.ttf: "), "{}", stderr(&out));
    assert!(!dir.path().join("a.svg").exists(), "nothing rendered after a usage error");
    let css = write(dir.path(), "s.css", ".mmdflow-test-marker { stroke-width: 3px; }");
    let with_css = mmdflow().arg(&input).arg("-C").arg(&css).args(["-o", "-"]).output().unwrap();
    let plain = mmdflow().arg(&input).args(["-o", "-"]).output().unwrap();
    assert_ne!(with_css.stdout, plain.stdout, "the CSS file reaches the SVG");
    mmdflow().arg(&input).args(["-C", "missing.css"]).assert().code(2);
}

#[test]
fn png_names_characters_no_font_has_unless_quiet() {
    let dir = tempfile::tempdir().unwrap();
    // U+10FFFD is a private-use character that no shipped font draws.
    let input = write(dir.path(), "pua.mmd", "graph TD\n  A[\"x \u{10FFFD}\"] --> B\n");
    let out = mmdflow().arg(&input).arg("-o").arg(dir.path().join("pua.png")).output().unwrap();
    assert!(out.status.success());
    assert!(stderr(&out).contains("warning: no font has a glyph for") && stderr(&out).contains("U+10FFFD"), "{}", stderr(&out));
    let out = mmdflow().arg("-q").arg(&input).arg("-o").arg(dir.path().join("pua.png")).output().unwrap();
    assert!(out.status.success());
    assert_eq!(stderr(&out), "");
}

#[test]
fn standard_input_goes_to_the_named_output_or_nowhere_with_check() {
    let dir = tempfile::tempdir().unwrap();
    // -o FILE: the file, not standard output.
    let target = dir.path().join("from-stdin.svg");
    let out = mmdflow().arg("-o").arg(&target).write_stdin(GOOD).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty(), "wrote to standard output too");
    assert!(fs::read_to_string(&target).unwrap().starts_with("<svg"));
    // --check: nothing written anywhere, whatever -o says.
    let checked = dir.path().join("checked.svg");
    let out = mmdflow().arg("--check").arg("-o").arg(&checked).write_stdin(GOOD).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty() && !checked.exists(), "--check wrote output");
    let out = mmdflow().arg("--check").write_stdin(GOOD).output().unwrap();
    assert!(out.stdout.is_empty(), "--check wrote to standard output");
}
