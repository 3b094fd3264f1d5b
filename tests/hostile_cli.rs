//! Hostile input through the real `mmdflow` binary: bytes the library never
//! sees (invalid UTF-8), NUL, deep nesting, XSS, mutated files. The process
//! must exit with 0 or 1 (never a signal, never a panic message), errors must
//! name the line, and written SVG must be safe.
#![cfg(feature = "cli")]

mod hostile_support;

use assert_cmd::cargo::cargo_bin_cmd;
use hostile_support::svg_check::svg_problems;
use hostile_support::{mutate, seed_files, Rng};
use std::process::Output;

fn run_stdin(input: &[u8], args: &[&str]) -> Output {
    cargo_bin_cmd!("mmdflow").args(args).write_stdin(input.to_vec()).output().expect("run mmdflow")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit 0 or 1, no panic text; on 1, the first line is a one-line error.
fn assert_clean_exit(o: &Output, what: &str) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{what}: panic: {err}");
    match o.status.code() {
        Some(0) => {}
        Some(1) => {
            let first = err.lines().next().unwrap_or("");
            assert!(first.starts_with("<stdin>:") && first.contains("error"), "{what}: odd error line {first:?}");
        }
        other => panic!("{what}: exit {other:?} (killed by a signal?): {err}"),
    }
}

fn assert_safe_svg(o: &Output, what: &str) {
    if o.status.success() {
        let svg = String::from_utf8(o.stdout.clone()).expect("SVG is UTF-8");
        let p = svg_problems(&svg);
        assert!(p.is_empty(), "{what}: unsafe SVG: {p:?}");
    }
}

#[test]
fn invalid_utf8_names_the_line() {
    let o = run_stdin(b"graph TD\nA-->B\nC[\xff\xfe bad]\n", &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("<stdin>:3:"), "no line 3 in {err:?}");
    assert!(err.contains("UTF-8"), "{err:?}");
}

#[test]
fn invalid_utf8_in_a_file_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.mmd");
    std::fs::write(&path, b"graph TD\n\n\n\nA[\xc3\x28]\n").unwrap();
    let o = cargo_bin_cmd!("mmdflow").arg(&path).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("bad.mmd:5:"), "{err:?}");
    assert!(!path.with_extension("svg").exists(), "an output file was written for bad input");
}

#[test]
fn nul_names_the_line() {
    let o = run_stdin(b"graph TD\nA-->B\nC\0D\n", &[]);
    assert_eq!(o.status.code(), Some(1), "NUL accepted: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("<stdin>:3:"), "no line 3 in {err:?}");
}

#[test]
fn deep_nesting_exits_cleanly() {
    let mut src = String::from("flowchart TD\n");
    for i in 0..2000 {
        src.push_str(&format!("subgraph s{i}\nn{i}\n"));
    }
    src.push_str(&"end\n".repeat(2000));
    let o = run_stdin(src.as_bytes(), &[]);
    assert_clean_exit(&o, "2000 nested subgraphs");
    assert_safe_svg(&o, "2000 nested subgraphs");
}

#[test]
fn xss_input_gives_safe_svg() {
    let src = "graph TD\nA[\"<script>alert(1)</script>\"]-->|\"<img src=x onerror=alert(1)>\"|B\n\
               click A \"javascript:alert(1)\"\nclick B href \"JaVaScRiPt:alert(1)\"\n\
               style A fill:red;}</style><script>alert(1)</script>\n\
               classDef x fill:url(http://evil)\nclass B x\naccTitle: </title><script>x</script>\n";
    for format in ["svg", "json", "png"] {
        let o = run_stdin(src.as_bytes(), &["-e", format]);
        assert_clean_exit(&o, format);
        if format == "svg" {
            assert_safe_svg(&o, "xss");
        }
    }
}

#[test]
fn awkward_whitespace_succeeds() {
    let o = run_stdin(b"\xef\xbb\xbfgraph TD\r\n\tA --> B   \r\n\tB --> C", &[]);
    assert!(o.status.success(), "BOM/CRLF/tabs refused: {}", stderr(&o));
    assert_safe_svg(&o, "BOM/CRLF/tabs");
}

#[test]
fn empty_input_is_an_error_not_a_crash() {
    for input in [&b""[..], b"\n\n", b"\xef\xbb\xbf"] {
        let o = run_stdin(input, &[]);
        assert_clean_exit(&o, "empty input");
    }
}

#[test]
fn mutated_bytes_exit_cleanly() {
    let seeds = seed_files();
    let mut rng = Rng::new(0xc11_5eed);
    for i in 0..12 {
        let (name, seed) = &seeds[rng.below(seeds.len())];
        let mut bytes = mutate(seed, &mut rng);
        if i % 3 == 0 {
            // Raw bytes the library's &str API can never receive.
            let at = rng.below(bytes.len() + 1);
            bytes.splice(at..at, [0xc0, 0x80, 0xed, 0xa0, 0x80, 0xff]);
        }
        let o = run_stdin(&bytes, &[]);
        assert_clean_exit(&o, &format!("mutant {i} of {name}"));
        assert_safe_svg(&o, &format!("mutant {i} of {name}"));
    }
}

/// Two processes given the same input write the same bytes. Only inputs
/// that render count (two identical failures prove nothing), and there must
/// be several of them.
#[test]
fn output_is_identical_across_processes() {
    let mut rendered = 0;
    for (name, bytes) in seed_files() {
        for format in ["svg", "json"] {
            let a = run_stdin(&bytes, &["-e", format]);
            assert_clean_exit(&a, &name);
            if !a.status.success() {
                continue;
            }
            assert!(!a.stdout.is_empty(), "{name}: empty {format} output");
            let b = run_stdin(&bytes, &["-e", format]);
            assert_eq!(b.status.code(), Some(0), "{name}: the second run failed: {}", stderr(&b));
            assert_eq!(a.stdout, b.stdout, "{name}: {format} differs between two processes");
            rendered += 1;
        }
    }
    // examples/seed.mmd and the parse and hostile fixtures: most render.
    assert!(rendered >= 20, "only {rendered} outputs compared; the fixtures should mostly render");
}
