//! The `mmdflow` binary on many inputs: folders, --out-dir, --shard, --check,
//! parallel jobs, deterministic messages.
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

/// Every file under `root`, relative, sorted, with `/` separators.
fn files(root: &Path) -> Vec<String> {
    fn go(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                go(&p, root, out);
            } else {
                let rel = p.strip_prefix(root).unwrap();
                out.push(rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"));
            }
        }
    }
    let mut out = Vec::new();
    go(root, root, &mut out);
    out.sort();
    out
}

/// 40 diagrams in 4 nested folders, plus files that are not diagrams.
fn forty(dir: &Path) -> PathBuf {
    let src = dir.join("docs");
    for i in 0..40 {
        let sub = src.join(format!("part{}", i % 4)).join(if i % 3 == 0 { "deep" } else { "" });
        fs::create_dir_all(&sub).unwrap();
        let ext = if i % 5 == 0 { "mermaid" } else { "mmd" };
        let dirn = ["TD", "LR", "BT", "RL"][i % 4];
        fs::write(sub.join(format!("d{i:02}.{ext}")), format!("flowchart {dirn}\n")).unwrap();
    }
    fs::write(src.join("notes.txt"), "not a diagram").unwrap();
    fs::write(src.join("readme.md"), "```mermaid\ngraph TD\n```\n").unwrap();
    fs::create_dir_all(src.join(".hidden")).unwrap();
    fs::write(src.join(".hidden/h.mmd"), "graph TD\n").unwrap();
    src
}

#[test]
fn folder_of_forty_into_out_dir_keeps_the_structure() {
    let dir = tempfile::tempdir().unwrap();
    let src = forty(dir.path());
    let out_dir = dir.path().join("out");
    let out = mmdflow().arg(&src).arg("--out-dir").arg(&out_dir).args(["-j", "3"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.starts_with("rendered 40 files, 0 failed in ") && err.ends_with(" s\n"), "{err}");
    let expected: Vec<String> = files(&src)
        .into_iter()
        .filter(|f| f.ends_with(".mmd") || f.ends_with(".mermaid"))
        .filter(|f| !f.starts_with(".hidden"))
        .map(|f| format!("{}.svg", f.rsplit_once('.').unwrap().0))
        .collect();
    assert_eq!(expected.len(), 40);
    assert_eq!(files(&out_dir), expected);
    // The same result with one thread: byte-identical outputs.
    let serial = dir.path().join("serial");
    mmdflow().arg(&src).arg("--out-dir").arg(&serial).args(["-j", "1", "-q"]).assert().code(0).stderr("");
    for f in &expected {
        assert_eq!(fs::read(out_dir.join(f)).unwrap(), fs::read(serial.join(f)).unwrap(), "{f}");
    }
}

#[test]
fn without_out_dir_outputs_go_beside_inputs_and_markdown_needs_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let src = forty(dir.path());
    mmdflow().arg(&src).args(["-e", "json", "-q"]).assert().code(0);
    assert!(src.join("part1/d01.json").is_file());
    assert!(src.join("part0/deep/d00.json").is_file());
    // Without --markdown the readme is untouched; with it, it needs --out-dir.
    assert_eq!(fs::read_to_string(src.join("readme.md")).unwrap(), "```mermaid\ngraph TD\n```\n");
    let out = mmdflow().arg(&src).arg("--markdown").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("readme.md: a Markdown input needs -o or --out-dir"), "{}", stderr(&out));
    let out_dir = src.join("site");
    mmdflow().arg(&src).arg("--markdown").arg("--out-dir").arg(&out_dir).args(["-q"]).assert().code(0);
    assert_eq!(fs::read_to_string(out_dir.join("readme.md")).unwrap(), "![diagram](./readme-1.svg)\n");
    assert!(out_dir.join("readme-1.svg").is_file());
    // A second run does not take the out-dir inside the input folder as input.
    let again = mmdflow().arg(&src).arg("--markdown").arg("--out-dir").arg(&out_dir).output().unwrap();
    assert!(stderr(&again).starts_with("rendered 41 files, 0 failed"), "{}", stderr(&again));
}

#[test]
fn a_failing_file_is_reported_and_the_rest_still_render() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in");
    fs::create_dir_all(src.join("b")).unwrap();
    fs::write(src.join("a.mmd"), "graph TD\n").unwrap();
    fs::write(src.join("b/bad.mmd"), "classDiagram\n").unwrap();
    fs::write(src.join("b/c.mmd"), "graph LR\n").unwrap();
    fs::write(src.join("z.mmd"), "erDiagram\n").unwrap();
    let out_dir = dir.path().join("out");
    let out = mmdflow().arg(&src).arg("--out-dir").arg(&out_dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(files(&out_dir), ["a.svg", "b/c.svg"]);
    // Errors come in input order, then the summary.
    let err = stderr(&out);
    let bad = err.find("bad.mmd:1:1: error:").expect(&err);
    let z = err.find("z.mmd:1:1: error:").expect(&err);
    assert!(bad < z, "{err}");
    assert!(err.ends_with(" s\n") && err.contains("\nrendered 4 files, 2 failed in "), "{err}");
    // Same messages on every run, whatever the thread count.
    let again = mmdflow().arg(&src).arg("--out-dir").arg(&out_dir).args(["-j", "1"]).output().unwrap();
    let strip_time = |s: &str| s.rsplit_once(" in ").unwrap().0.to_string();
    assert_eq!(strip_time(&stderr(&again)), strip_time(&err));
}

#[test]
fn check_prints_one_line_per_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.mmd");
    let bad = dir.path().join("bad.mmd");
    fs::write(&good, "flowchart TD\n").unwrap();
    fs::write(&bad, "\n  stateDiagram-v2\n").unwrap();
    mmdflow().current_dir(dir.path()).args(["--check", "good.mmd"]).assert().code(0).stdout("").stderr("");
    let out = mmdflow().current_dir(dir.path()).args(["--check", "bad.mmd"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("bad.mmd:2:3: error: "), "{err}");
    // A syntax error deep in a file: exactly the library's one-line form.
    let src = "graph TD\n  A --> B\n  A => B\n";
    fs::write(dir.path().join("syntax.mmd"), src).unwrap();
    let expected = mmdflow::parse(src, &mmdflow::Options::default()).unwrap_err().one_line("syntax.mmd");
    assert!(expected.starts_with("syntax.mmd:3:5: error: "), "{expected}");
    mmdflow()
        .current_dir(dir.path())
        .args(["--check", "syntax.mmd"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(format!("{expected}\n"));
    fs::remove_file(dir.path().join("syntax.mmd")).unwrap();
    let both = mmdflow().current_dir(dir.path()).args(["--check", "good.mmd", "bad.mmd"]).output().unwrap();
    assert_eq!(both.status.code(), Some(1));
    let err2 = stderr(&both);
    assert!(err2.starts_with(&err), "{err2}");
    assert!(err2.contains("checked 2 files, 1 failed in "), "{err2}");
    assert_eq!(files(dir.path()), ["bad.mmd", "good.mmd"]);
}

#[test]
fn shards_split_the_sorted_list_without_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let src = forty(dir.path());
    let mut seen: Vec<String> = Vec::new();
    for k in 1..=3 {
        let out_dir = dir.path().join(format!("s{k}"));
        mmdflow().arg(&src).arg("--out-dir").arg(&out_dir).args(["--shard", &format!("{k}/3"), "-q"]).assert().code(0);
        let got = files(&out_dir);
        // 40 = 14 + 13 + 13, round robin.
        assert_eq!(got.len(), if k == 1 { 14 } else { 13 });
        seen.extend(got);
    }
    let mut all = seen.clone();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 40);
    // The split depends only on the list: the same shard twice gives the same
    // files, and argument order does not matter.
    let a = dir.path().join("a");
    let part = |p: &Path| src.join(p);
    mmdflow()
        .arg(part(Path::new("part1")))
        .arg(part(Path::new("part0")))
        .arg("--out-dir")
        .arg(&a)
        .args(["--shard", "2/2", "-q"])
        .assert()
        .code(0);
    let b = dir.path().join("b");
    mmdflow()
        .arg(part(Path::new("part0")))
        .arg(part(Path::new("part1")))
        .arg("--out-dir")
        .arg(&b)
        .args(["--shard", "2/2", "-q"])
        .assert()
        .code(0);
    assert_eq!(files(&a), files(&b));
    assert_eq!(files(&a).len(), 10);
}

#[test]
fn several_inputs_refuse_a_single_output_and_colliding_outputs() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.mmd"), "graph TD\n").unwrap();
    fs::write(dir.path().join("a.mermaid"), "graph TD\n").unwrap();
    let out = mmdflow().current_dir(dir.path()).args(["a.mmd", "a.mermaid", "-o", "x.svg"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-o/--output names one output"), "{}", stderr(&out));
    let out = mmdflow().current_dir(dir.path()).args(["a.mmd", "a.mermaid"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("would both write a.svg"), "{}", stderr(&out));
    assert_eq!(files(dir.path()), ["a.mermaid", "a.mmd"]);
}

#[test]
fn an_empty_folder_is_a_warning_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.md"), "```mermaid\ngraph TD\n```\n").unwrap();
    let out = mmdflow().arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.starts_with(&format!("{}: warning: no .mmd or .mermaid files found\n", dir.path().display())), "{err}");
    assert!(err.contains("\nrendered 0 files, 0 failed in "), "{err}");
    mmdflow().arg(dir.path()).arg("-q").assert().code(0).stderr("");
}
