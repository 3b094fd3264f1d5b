//! Issue 16, command-line side: the file system (temporary files, special
//! outputs, symbolic links out of a walked folder, shared and long names,
//! Markdown image names and links), bounded reads of every input, and
//! warning floods. Every scenario makes its own temporary folders.
#![cfg(feature = "cli")]

mod hostile_support;

use assert_cmd::Command;
use hostile_support::svg_check::svg_problems;
use std::fs;
use std::path::{Path, PathBuf};

fn mmdflow() -> Command {
    Command::cargo_bin("mmdflow").unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&p, text).unwrap();
    p
}

const GOOD: &str = "flowchart LR\n  A --> B\n";

fn diagram(label: &str) -> String {
    format!("flowchart LR\n  A[{label}] --> B\n")
}

// ---- 2, 5, 10: temporary files ----

#[cfg(unix)]
#[test]
fn a_planted_symlink_at_the_old_temporary_name_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = write(dir.path(), "victim.txt", "precious");
    let input = write(dir.path(), "a.mmd", GOOD);
    let out = dir.path().join("a.svg");
    // Every name the old writer could have used, and a few more.
    for pid in 0..50u32 {
        let _ = std::os::unix::fs::symlink(&victim, dir.path().join(format!(".a.svg.{pid}.tmp")));
    }
    let _ = std::os::unix::fs::symlink(&victim, dir.path().join(".out.tmp"));
    let run = mmdflow().arg(&input).arg("-o").arg(&out).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(fs::read_to_string(&out).unwrap().starts_with("<svg"));
    // No temporary file is left behind.
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().starts_with(".mmdflow-")).collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_legal_255_byte_output_name_works() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", GOOD);
    let out = dir.path().join(format!("{}.svg", "n".repeat(251)));
    let run = mmdflow().arg(&input).arg("-o").arg(&out).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(fs::read_to_string(&out).unwrap().starts_with("<svg"));
    // And as a batch output from a 255-byte input name.
    let tree = dir.path().join("tree");
    write(&tree, &format!("{}.mmd", "m".repeat(251)), GOOD);
    let run = mmdflow().arg(&tree).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(tree.join(format!("{}.svg", "m".repeat(251))).exists());
}

#[cfg(unix)]
#[test]
fn non_utf8_output_names_never_share_a_temporary_file() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    // Fifty inputs whose names are not UTF-8, each with its own label; the
    // old writer sent all of them through `.out.PID.tmp`.
    for i in 0..50u8 {
        let mut name = vec![b'd', 0xff, 0xfe];
        name.extend_from_slice(format!("{i}.mmd").as_bytes());
        let p = tree.join(std::ffi::OsStr::from_bytes(&name));
        fs::create_dir_all(&tree).unwrap();
        fs::write(&p, diagram(&format!("label{i}x"))).unwrap();
    }
    for _ in 0..3 {
        let run = mmdflow().arg(&tree).args(["-j", "8"]).output().unwrap();
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        for i in 0..50u8 {
            let mut name = vec![b'd', 0xff, 0xfe];
            name.extend_from_slice(format!("{i}.svg").as_bytes());
            let svg = fs::read_to_string(tree.join(std::ffi::OsStr::from_bytes(&name))).unwrap();
            assert!(svg.contains(&format!("label{i}x")), "output {i} holds another diagram");
        }
    }
}

#[test]
fn markdown_image_names_are_in_the_collision_check() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("docs");
    let block = "# T\n\n```mermaid\nflowchart LR\n  X --> Y\n```\n";
    write(&tree, "guide.md", block);
    write(&tree, "guide.markdown", block);
    let run = mmdflow().arg(&tree).arg("--markdown").arg("--out-dir").arg(dir.path().join("out")).output().unwrap();
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("would both write images"), "{}", stderr(&run));
    // A diagram whose output is an image name of a Markdown job.
    let tree2 = dir.path().join("docs2");
    write(&tree2, "guide.md", block);
    write(&tree2, "guide-1.mmd", GOOD);
    let run = mmdflow().arg(&tree2).arg("--markdown").arg("--out-dir").arg(dir.path().join("out2")).output().unwrap();
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("guide-1.svg"), "{}", stderr(&run));
    // Refused before anything is written (the output folder does not exist
    // yet, so only the spelling of the two folders can tell they are one).
    assert!(stderr(&run).contains("the images of"), "{}", stderr(&run));
    assert!(!dir.path().join("out2").exists(), "nothing written");
    // Different prefixes are fine.
    let tree3 = dir.path().join("docs3");
    write(&tree3, "guide.md", block);
    write(&tree3, "guide-x.mmd", GOOD);
    write(&tree3, "other.md", block);
    let run = mmdflow().arg(&tree3).arg("--markdown").arg("--out-dir").arg(dir.path().join("out3")).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
}

#[test]
fn numbered_outputs_collide_only_with_their_own_markdown_stem() {
    let block = "# T\n\n```mermaid\nflowchart LR\n  X --> Y\n```\n";
    let dir = tempfile::tempdir().unwrap();
    // `guide-.mmd` (no number after the dash) and `x-1.mmd` (another
    // stem) write beside guide.md's numbered images without colliding.
    let tree = dir.path().join("docs");
    write(&tree, "guide.md", block);
    write(&tree, "guide-.mmd", GOOD);
    write(&tree, "x-1.mmd", GOOD);
    let out = dir.path().join("out");
    let run = mmdflow().arg(&tree).arg("--markdown").arg("--out-dir").arg(&out).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    for name in ["guide-1.svg", "guide-.svg", "x-1.svg"] {
        assert!(out.join(name).is_file(), "{name}");
    }
}

// ---- 3: special outputs ----

#[cfg(unix)]
#[test]
fn a_fifo_output_is_written_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", GOOD);
    let fifo = dir.path().join("pipe.svg");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    let run = mmdflow().arg(&input).arg("-o").arg(&fifo).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let got = reader.join().unwrap();
    assert!(got.starts_with(b"<svg"), "the reader got {} bytes", got.len());
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO was replaced");
}

#[cfg(unix)]
#[test]
fn dev_null_and_dev_stdout() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", GOOD);
    let run = mmdflow().arg(&input).args(["-o", "/dev/null"]).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(fs::metadata("/dev/null").unwrap().file_type().is_char_device(), "/dev/null is no longer a device");
    let run = mmdflow().arg(&input).args(["-o", "/dev/stdout"]).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(run.stdout.starts_with(b"<svg"), "nothing on standard output");
    // An fd link to a device: written through, not replaced.
    let link = dir.path().join("null.svg");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let run = mmdflow().arg(&input).arg("-o").arg(&link).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
}

// ---- 4: folder walks ----

#[cfg(unix)]
#[test]
fn walks_skip_links_that_leave_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "TOKEN=hunter2-very-secret-value";
    write(dir.path(), "token.env", &format!("{secret}\n"));
    let docs = dir.path().join("docs");
    write(&docs, "a.mmd", GOOD);
    write(&docs, "inside.txt", GOOD);
    std::os::unix::fs::symlink("../token.env", docs.join("notes.md")).unwrap();
    std::os::unix::fs::symlink("../token.env", docs.join("leak.mmd")).unwrap();
    // A link that stays inside the folder is taken.
    std::os::unix::fs::symlink("inside.txt", docs.join("alias.mmd")).unwrap();
    let out = dir.path().join("out");
    for check in [false, true] {
        let mut cmd = mmdflow();
        cmd.arg(&docs).arg("--markdown");
        if check {
            cmd.arg("--check");
        } else {
            cmd.arg("--out-dir").arg(&out);
        }
        let run = cmd.output().unwrap();
        let err = stderr(&run);
        assert_eq!(run.status.code(), Some(0), "{err}");
        assert!(!err.contains("hunter2"), "the secret is quoted: {err}");
        assert!(err.contains("leak.mmd: warning: symbolic link"), "{err}");
        assert!(err.contains("notes.md: warning: symbolic link"), "{err}");
    }
    assert!(!out.join("notes.md").exists());
    assert!(out.join("alias.svg").exists());
    for entry in fs::read_dir(&out).unwrap().flatten() {
        assert!(!fs::read_to_string(entry.path()).unwrap_or_default().contains("hunter2"));
    }
    // --follow-symlinks takes them (and the error does not print the whole
    // line: a snippet is a window around the caret).
    let run = mmdflow().arg(&docs).arg("--check").arg("--follow-symlinks").output().unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
}

#[test]
fn error_snippets_quote_a_window_not_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let secret = format!("flowchart TD\n  A --> B {} => C {}\n", "s".repeat(200), "t".repeat(200));
    let input = write(dir.path(), "a.mmd", &secret);
    let run = mmdflow().arg(&input).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(!err.contains(&"s".repeat(60)) && !err.contains(&"t".repeat(60)), "{err}");
}

// ---- 9: Markdown links ----

#[test]
fn markdown_image_links_are_percent_encoded() {
    let dir = tempfile::tempdir().unwrap();
    let block = "```mermaid\nflowchart LR\n  X --> Y\n```\n";
    for name in ["my#doc.md", "my doc.md", "my?doc.md", "my%doc.md", "my(doc).md"] {
        let input = write(dir.path(), &format!("in/{name}"), block);
        let out = dir.path().join(format!("out/{name}"));
        let art = dir.path().join("art dir#?");
        let run = mmdflow().arg(&input).arg("-o").arg(&out).arg("-a").arg(&art).output().unwrap();
        assert_eq!(run.status.code(), Some(0), "{name}: {}", stderr(&run));
        let md = fs::read_to_string(&out).unwrap();
        let url = md.split("](").nth(1).unwrap().trim_end().trim_end_matches(')').to_string();
        assert!(!url.contains([' ', '#', '?', '(', ')']) || url.starts_with('<'), "{name}: {md}");
        // The link leads to the image: decode it and look.
        let decoded = percent_decode(&url);
        let image = out.parent().unwrap().join(&decoded);
        assert!(image.exists(), "{name}: {url} -> {}", image.display());
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

// ---- Streams ----

#[cfg(unix)]
#[test]
fn endless_inputs_stop_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let limit = ["--max-input-bytes", "100000"];
    // Standard input.
    // (A file handle, not assert_cmd's pipe_stdin, which would read the
    // endless file into memory first.)
    let bin = assert_cmd::cargo::cargo_bin("mmdflow");
    let run = std::process::Command::new(bin)
        .args(limit)
        .arg("-")
        .stdin(std::process::Stdio::from(fs::File::open("/dev/zero").unwrap()))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("more than the limit"), "{}", stderr(&run));
    // A device, and a Markdown link to one.
    let run = mmdflow().args(limit).arg("/dev/zero").output().unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let md = dir.path().join("zero.md");
    std::os::unix::fs::symlink("/dev/zero", &md).unwrap();
    let run = mmdflow().args(limit).arg(&md).arg("-o").arg(dir.path().join("o.md")).output().unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    // Option files and fonts.
    let input = write(dir.path(), "a.mmd", GOOD);
    for flag in ["-c", "-C", "--font"] {
        let run = mmdflow().args(limit).arg(&input).arg(flag).arg("/dev/zero").arg("-o").arg(dir.path().join("x.svg")).output().unwrap();
        assert_eq!(run.status.code(), Some(2), "{flag}: {}", stderr(&run));
        assert!(stderr(&run).contains("more than the limit"), "{flag}: {}", stderr(&run));
    }
}

#[test]
fn large_markdown_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x".repeat(1_500_000);
    let md = write(dir.path(), "big.md", &big);
    let run = mmdflow().arg(&md).arg("-o").arg(dir.path().join("o.md")).output().unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("--max-input-bytes"));
}

#[cfg(unix)]
#[test]
fn a_font_folder_entry_linked_to_a_device_is_skipped() {
    // $HOME/.fonts/evil.ttf -> /dev/zero: a PNG with a character the
    // embedded font lacks looks through the system fonts, and must not read
    // that one.
    let home = tempfile::tempdir().unwrap();
    fs::create_dir_all(home.path().join(".fonts")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", home.path().join(".fonts/evil.ttf")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", "flowchart LR\n  A[\u{1F600} \u{4E2D}] --> B\n");
    let run = mmdflow().env("HOME", home.path()).arg(&input).arg("-o").arg(dir.path().join("a.png")).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
}

// ---- Warnings and limits ----

#[test]
fn a_warning_flood_is_deduplicated_and_capped() {
    let dir = tempfile::tempdir().unwrap();
    let mut src = String::from("flowchart TD\n  A\n");
    for i in 0..5000 {
        src.push_str(&format!("  style A nosuch{}:1\n", i % 300));
    }
    let input = write(dir.path(), "a.mmd", &src);
    let run = mmdflow().arg(&input).arg("--check").output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let err = stderr(&run);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(lines.len(), 101, "{err}");
    assert!(lines[100].contains("… and 4900 more warnings"), "{}", lines[100]);
    let quiet = mmdflow().arg(&input).args(["--check", "-q"]).output().unwrap();
    assert_eq!(stderr(&quiet), "");
}

#[test]
fn layered_graph_limit_is_an_input_error_and_a_flag() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..140).map(|i| format!("a{i}")).collect();
    let src = format!("flowchart TD\n  {0} --> {0}\n", names.join(" & "));
    let input = write(dir.path(), "k140.mmd", &src);
    let run = mmdflow().arg(&input).arg("-o").arg(dir.path().join("k.svg")).output().unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("--max-layered-nodes"), "{}", stderr(&run));
    assert!(!dir.path().join("k.svg").exists());
    let small = write(dir.path(), "chain.mmd", "flowchart TD\n  a --> b --> c --> d\n  a --> d\n");
    let run = mmdflow().arg(&small).args(["--max-layered-nodes", "3", "-o", "-"]).output().unwrap();
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
}

#[test]
fn svg_id_and_jobs_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", GOOD);
    let run = mmdflow().arg(&input).arg("-I").arg("x".repeat(101)).args(["-o", "-"]).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    let run = mmdflow().arg(&input).args(["-j", "60000", "-o", "-"]).output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    let run = mmdflow().arg(&input).arg("-I").arg("x".repeat(100)).args(["-o", "-"]).output().unwrap();
    assert_eq!(run.status.code(), Some(0));
    assert!(svg_problems(&String::from_utf8(run.stdout).unwrap()).is_empty());
}

#[test]
fn hostile_config_file_values_are_warned_and_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.mmd", GOOD);
    let config = write(
        dir.path(),
        "c.json",
        r#"{"themeVariables": {"mainBkg": "url(http://evil.example/a)", "lineColor": "\\75rl(x)"}, "fontFamily": "A&B", "fontSize": 1e308}"#,
    );
    let css = write(dir.path(), "s.css", ".node rect { fill: URL(http://evil.example/c) }");
    let run = mmdflow().arg(&input).arg("-c").arg(&config).arg("-C").arg(&css).args(["-o", "-"]).output().unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let svg = String::from_utf8(run.stdout.clone()).unwrap();
    assert!(svg_problems(&svg).is_empty(), "{:?}", svg_problems(&svg));
    assert!(!svg.contains("evil.example"));
    let err = stderr(&run);
    assert!(err.contains("themeVariables.mainBkg") && err.contains("fontSize"), "{err}");
}

// ---- process start-up (src/bin/mmdflow/startup.rs) ----

/// A reader that goes away early is the reader's choice: the command stops
/// writing and exits 0, rather than being killed by SIGPIPE (the child
/// starts with SIGPIPE at its default, as std resets it for children).
#[cfg(unix)]
#[test]
fn a_reader_that_closes_the_pipe_early_is_not_a_failure() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    // ~1 MB of SVG, far more than a pipe buffer holds.
    let body: String = (0..3000).map(|i| format!("  n{i}[\"node number {i}\"]\n")).collect();
    let input = write(dir.path(), "many.mmd", &format!("flowchart LR\n{body}"));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("mmdflow"))
        .arg(&input)
        .args(["-o", "-", "-e", "svg"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here, while the command is still writing.
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first[..4], b"<svg");
    assert_eq!(out.status.code(), Some(0), "status {:?}, stderr: {}", out.status, stderr(&out));
}

/// Started with standard output or standard error closed, the command
/// still succeeds and a named output file holds only the drawing, even
/// when there are warnings to print. (The start-up opens closed standard
/// descriptors on /dev/null, as std's runtime does, so that a file the
/// command opens can never become descriptor 1 or 2; today nothing prints
/// while a file is open, so this test guards the outcome, not that step.)
#[cfg(unix)]
#[test]
fn closed_standard_output_or_error_leave_the_output_file_clean() {
    let dir = tempfile::tempdir().unwrap();
    let warned = "%%{init: {\"noSuchSetting\": 1}}%%\nflowchart LR\n  A --> B\n";
    let input = write(dir.path(), "warned.mmd", warned);
    let bin = assert_cmd::cargo::cargo_bin("mmdflow");
    let run = |script: &str, output: &str| {
        std::process::Command::new("sh").arg("-c").arg(script).arg(&bin).arg(&input).arg(output).output().unwrap()
    };
    let warning = run("exec \"$0\" \"$1\" -o \"$2\"", &dir.path().join("w.svg").to_string_lossy());
    assert!(stderr(&warning).contains("noSuchSetting"), "no warning to test with: {}", stderr(&warning));
    let to_stdout = run("exec \"$0\" \"$1\" -o \"$2\" >&-", "-");
    assert_eq!(to_stdout.status.code(), Some(0), "stderr: {}", stderr(&to_stdout));
    for (script, name) in [("exec \"$0\" \"$1\" -o \"$2\" >&-", "closed1.svg"), ("exec \"$0\" \"$1\" -o \"$2\" 2>&-", "closed2.svg")] {
        let svg = dir.path().join(name);
        let out = run(script, &svg.to_string_lossy());
        assert_eq!(out.status.code(), Some(0), "{script}: stderr: {}", stderr(&out));
        let text = fs::read_to_string(&svg).unwrap();
        assert!(text.starts_with("<svg") && text.trim_end().ends_with("</svg>") && !text.contains("noSuchSetting"), "{script}: {text}");
    }
}
