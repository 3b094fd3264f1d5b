//! Finding the read-only shared material (`../shared`: mermaid's
//! conformance cases, the layout corpus) that some tests read.
//!
//! The rule (issue 17): a test never passes silently without its data.
//! - With the environment variable `CI` set (to anything but `false` or
//!   `0`), missing data is a failure that names the missing file.
//! - Locally the test skips, but visibly: the notice is written straight to
//!   the process's stderr. libtest captures only `print!`/`eprint!`, not
//!   writes to `std::io::stderr()`, so `cargo test` shows the line even for
//!   a passing test.
#![allow(dead_code)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The folders the shared material may be in, most specific first:
/// `MMDFLOW_SHARED`, then `../shared` beside the repository (CI and /work/main),
/// then `../../shared` (a worktree under /work/wt/).
pub fn shared_roots() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![root.join("../shared"), root.join("../../shared")];
    if let Some(dir) = std::env::var_os("MMDFLOW_SHARED") {
        roots.insert(0, PathBuf::from(dir));
    }
    roots
}

/// True when running under CI, where missing data must fail.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// The shared file or folder `rel` (e.g. `conformance/mermaid-parser-cases.jsonl`),
/// or None after a visible skip notice. Panics under CI when it is missing.
pub fn shared_path(test: &str, rel: &str) -> Option<PathBuf> {
    let roots = shared_roots();
    if let Some(p) = roots.iter().map(|r| r.join(rel)).find(|p| p.exists()) {
        return Some(p);
    }
    let looked: Vec<String> = roots.iter().map(|r| r.join(rel).display().to_string()).collect();
    let why = format!("{test}: shared data {rel} is missing (looked in: {})", looked.join(", "));
    if in_ci() {
        panic!("{why}; CI must provide ../shared (set MMDFLOW_SHARED to its folder)");
    }
    skip_notice(&why);
    None
}

/// Writes "SKIPPED …" where `cargo test` shows it (see the module docs).
pub fn skip_notice(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED {why}");
}
