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

const GOOD: &str = "flowchart LR\n";

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
    assert!(stderr(&out).contains("missing.mmd: error: "), "{}", stderr(&out));
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
    assert_eq!(width(&configured) - width(&plain), 64.0);
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
    assert!(fs::read(&out).unwrap().starts_with(b"\x89PNG"));
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
