//! The `mmdflow` binary on Markdown files, as mmdc: flowchart blocks become
//! image links with the images beside the output.
#![cfg(feature = "cli")]

use assert_cmd::Command;
use std::fs;

fn mmdflow() -> Command {
    Command::cargo_bin("mmdflow").unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const GUIDE: &str = "# Guide

```mermaid
flowchart LR
```

Then the messages:

~~~mermaid
sequenceDiagram
    Alice->>Bob: hi
~~~

1. A step with its own diagram:

   ```mermaid
   graph TD
   ```

````markdown
```mermaid
graph TD
```
````
";

#[test]
fn two_flowcharts_and_a_sequence_diagram() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("guide.md"), GUIDE).unwrap();
    let out = mmdflow().current_dir(dir.path()).args(["guide.md", "-o", "out/guide.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    // The sequence diagram stays, with a warning pointing at its fence.
    assert_eq!(
        stderr(&out),
        "guide.md:9:1: warning: mermaid block 2 is not a flowchart (sequenceDiagram); left as it is\n"
    );
    let md = fs::read_to_string(dir.path().join("out/guide.md")).unwrap();
    let expected = GUIDE.replacen("```mermaid\nflowchart LR\n```\n", "![diagram](./guide-1.svg)\n", 1).replacen(
        "   ```mermaid\n   graph TD\n   ```\n",
        "   ![diagram](./guide-3.svg)\n",
        1,
    );
    assert_eq!(md, expected);
    for n in [1, 3] {
        let svg = fs::read_to_string(dir.path().join(format!("out/guide-{n}.svg"))).unwrap();
        assert!(svg.starts_with("<svg"));
    }
    assert!(!dir.path().join("out/guide-2.svg").exists());
    // -q hides the warning.
    mmdflow().current_dir(dir.path()).args(["guide.md", "-o", "out/guide.md", "-q"]).assert().code(0).stderr("");
}

#[test]
#[cfg(feature = "png")]
fn images_follow_the_format_and_the_artefacts_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("guide.md"), GUIDE).unwrap();
    mmdflow()
        .current_dir(dir.path())
        .args(["guide.md", "-o", "site/guide.md", "-e", "png", "-a", "site/img", "-q"])
        .assert()
        .code(0);
    let md = fs::read_to_string(dir.path().join("site/guide.md")).unwrap();
    assert!(md.contains("\n![diagram](./img/guide-1.png)\n"), "{md}");
    assert!(md.contains("\n   ![diagram](./img/guide-3.png)\n"), "{md}");
    assert!(fs::read(dir.path().join("site/img/guide-1.png")).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn markdown_check_warns_in_file_coordinates_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("guide.md"), GUIDE).unwrap();
    mmdflow()
        .current_dir(dir.path())
        .args(["--check", "guide.md"])
        .assert()
        .code(0)
        .stderr("guide.md:9:1: warning: mermaid block 2 is not a flowchart (sequenceDiagram); left as it is\n");
    mmdflow().current_dir(dir.path()).args(["--check", "-q", "guide.md"]).assert().code(0).stderr("");
    assert!(!dir.path().join("guide-1.svg").exists());
}

#[test]
fn markdown_to_stdout_or_onto_itself_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("guide.md"), GUIDE).unwrap();
    let out = mmdflow().current_dir(dir.path()).args(["guide.md", "-o", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot go to standard output"), "{}", stderr(&out));
    mmdflow().current_dir(dir.path()).args(["guide.md"]).assert().code(2);
    mmdflow().current_dir(dir.path()).args(["guide.md", "-o", "./guide.md"]).assert().code(2);
    let out = mmdflow().current_dir(dir.path()).args(["guide.md", "-o", "guide.svg"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("needs a Markdown output"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(dir.path().join("guide.md")).unwrap(), GUIDE);
}

#[test]
fn a_markdown_tree_keeps_its_shape_in_out_dir_and_artefacts() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        fs::create_dir_all(dir.path().join("docs").join(sub)).unwrap();
        fs::write(dir.path().join("docs").join(sub).join("index.md"), "```mermaid\ngraph TD\n```\n").unwrap();
    }
    mmdflow()
        .current_dir(dir.path())
        .args(["docs", "--markdown", "--out-dir", "site", "-a", "site/img"])
        .assert()
        .code(0)
        .stdout("");
    for sub in ["a", "b"] {
        let md = fs::read_to_string(dir.path().join(format!("site/{sub}/index.md"))).unwrap();
        assert_eq!(md, format!("![diagram](../img/{sub}/index-1.svg)\n"));
        assert!(dir.path().join(format!("site/img/{sub}/index-1.svg")).is_file());
    }
}

#[test]
fn alt_text_and_title_come_from_acc_title_and_acc_descr() {
    let dir = tempfile::tempdir().unwrap();
    let doc =
        "```mermaid\nflowchart LR\n  accTitle: Release [flow]\n  accDescr: From \"merge\" to publish\n  A --> B\n```\n";
    fs::write(dir.path().join("r.md"), doc).unwrap();
    mmdflow().current_dir(dir.path()).args(["r.md", "-o", "out/r.md"]).assert().code(0).stderr("");
    assert_eq!(
        fs::read_to_string(dir.path().join("out/r.md")).unwrap(),
        "![Release \\[flow\\]](./r-1.svg \"From \\\"merge\\\" to publish\")\n"
    );
}

#[test]
fn a_bad_flowchart_block_fails_the_file_in_file_coordinates_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let doc = "text\n\n```mermaid\ngraph TD\n```\n\n- item\n\n  ```mermaid\n  graph TD\n    A => B\n  ```\n";
    fs::write(dir.path().join("bad.md"), doc).unwrap();
    let out = mmdflow().current_dir(dir.path()).args(["bad.md", "-o", "out/bad.md"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // Line 11 of the file, column 7 (the block's two-space indent counted).
    assert!(err.starts_with("bad.md:11:7: error: "), "{err}");
    assert!(err.contains("11 |     A => B\n   |       ^"), "{err}");
    assert!(!dir.path().join("out").exists(), "nothing written on error");
    // --check gives the same position in one line, and keeps going.
    let check = mmdflow().current_dir(dir.path()).args(["--check", "bad.md"]).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(stderr(&check).lines().count(), 1);
    assert!(stderr(&check).starts_with("bad.md:11:7: error: "), "{}", stderr(&check));
}
