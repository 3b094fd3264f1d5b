//! Shared machinery of the hostile-input suites: a seeded generator, the
//! seed diagrams, and a case runner that judges every outcome by the same
//! rules (no panic, a positioned error or a safe drawing).
#![allow(dead_code)]

pub mod svg_check;

use mmdflow::{Error, ErrorKind, Options};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// SplitMix64: tiny, seedable and the same on every platform, so a mutated
/// case that fails can be rebuilt from its seed alone.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The seed diagrams for mutation: every `.mmd` under tests/fixtures (except
/// the large corpus) and examples/, in sorted order so the cases are the same
/// on every machine.
pub fn seed_files() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    collect_mmd(&root.join("tests/fixtures"), &mut paths);
    collect_mmd(&root.join("examples"), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            // Mutating a big file only repeats what the large-input cases
            // test, slower.
            if bytes.len() > 64 * 1024 {
                return None;
            }
            let name = p.strip_prefix(root).unwrap_or(&p).display().to_string();
            Some((name, bytes))
        })
        .collect()
}

fn collect_mmd(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "large") {
                continue;
            }
            collect_mmd(&p, out);
        } else if p.extension().is_some_and(|x| x == "mmd") {
            out.push(p);
        }
    }
}

/// Syntax fragments that mutations splice in: the tokens whose handling is
/// most likely to go wrong when they appear in the wrong place.
pub const TOKENS: &[&str] = &[
    "-->", "---", "==>", "-.->", "~~~", "<-->", "x--x", "o--o", "--", "-- ", "|", "||", "[", "]", "(", ")", "{", "}",
    "((", "))", "[[", "]]", "[(", ")]", "{{", "}}", ">", "[/", "/]", "[\\", "\\]", "(-", "-)", "@{", "@{ shape: ",
    "\"", "`", "'", "subgraph ", "subgraph x [t]\n", "end", "\nend\n", "direction LR\n", ":::", ":::c ", "classDef ",
    "class ", "style ", "linkStyle ", "linkStyle 99 ", "click ", "href ", "call f()", "&", " & ", ";", "\n", "\r\n",
    "\r", "\t", "%%", "%%{init: {\"theme\":\"dark\"}}%%\n", "---\n", "#quot;", "#9829;", "#;", "<br>", "<br/>",
    "accTitle: ", "accDescr {", "e1@", "label: ", "\u{feff}", "é", "😀", "\u{202e}", "\u{200d}", "\u{fffd}", "\\",
    "<script>", "javascript:", "fill:red", ",", ":", "graph TD\n", "flowchart LR\n",
];

/// Applies 1–3 random edits (truncate, delete, duplicate, splice a token,
/// swap lines, repeat a line) to `seed`. The result may be invalid UTF-8.
pub fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut s = seed.to_vec();
    for _ in 0..1 + rng.below(3) {
        let len = s.len().max(1);
        match rng.below(7) {
            0 => s.truncate(rng.below(len)),
            1 => {
                let a = rng.below(len).min(s.len());
                let b = (a + 1 + rng.below(64)).min(s.len());
                s.drain(a..b);
            }
            2 => {
                let a = rng.below(len).min(s.len());
                let b = (a + 1 + rng.below(200)).min(s.len());
                let piece = s[a..b].to_vec();
                let at = rng.below(s.len() + 1);
                s.splice(at..at, piece);
            }
            3 | 4 => {
                let at = rng.below(s.len() + 1);
                let tok = rng.pick(TOKENS).as_bytes().to_vec();
                s.splice(at..at, tok);
            }
            5 => {
                let mut lines: Vec<Vec<u8>> = s.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
                s = lines.join(&b'\n');
            }
            _ => {
                let lines: Vec<&[u8]> = s.split(|&b| b == b'\n').collect();
                let pick = rng.below(lines.len());
                let times = 2 + rng.below(50);
                let mut out = Vec::new();
                for (i, l) in lines.iter().enumerate() {
                    let n = if i == pick { times } else { 1 };
                    for _ in 0..n {
                        out.extend_from_slice(l);
                        out.push(b'\n');
                    }
                }
                s = out;
            }
        }
    }
    s
}

/// What a case must end with, beyond the rules every case obeys.
#[derive(Clone, Debug)]
pub enum Expect {
    /// Not stated yet: a case must say what it expects (see [`expecting`]),
    /// so running one that does not is a failure.
    Unstated,
    /// Ok, or a positioned error: the outcome is not known (mutated input),
    /// or mermaid's own behaviour is unclear.
    Any,
    /// Ok (the input is valid mermaid).
    Success,
    /// An error of this kind.
    Kind(ErrorKind),
    /// A `LimitExceeded` error whose message names the limit with one of
    /// these words.
    Limit(&'static [&'static str]),
}

pub struct Case {
    pub name: String,
    pub source: String,
    pub options: Options,
    /// Also render a PNG (slower; for a subset).
    pub png: bool,
    pub expect: Expect,
}

impl Case {
    pub fn new(name: impl Into<String>, source: impl Into<String>) -> Self {
        Case { name: name.into(), source: source.into(), options: Options::default(), png: false, expect: Expect::Unstated }
    }

    pub fn expect(mut self, e: Expect) -> Self {
        self.expect = e;
        self
    }

    pub fn png(mut self) -> Self {
        self.png = true;
        self
    }

    pub fn options(mut self, o: Options) -> Self {
        self.options = o;
        self
    }
}

/// States every case's expectation: each `(name, expectation)` listed sets
/// that case's, every other case not already stated gets `default`. Every
/// listed name must be a case, so the table cannot silently go stale.
pub fn expecting(mut cases: Vec<Case>, default: Expect, listed: &[(&str, Expect)]) -> Vec<Case> {
    for (name, e) in listed {
        let c = cases.iter_mut().find(|c| c.name == *name).unwrap_or_else(|| panic!("no case named {name:?}"));
        c.expect = e.clone();
    }
    for c in &mut cases {
        if matches!(c.expect, Expect::Unstated) {
            c.expect = default.clone();
        }
    }
    cases
}

/// Kinds that come from the input text and so must point into it.
pub fn is_input_kind(k: ErrorKind) -> bool {
    matches!(
        k,
        ErrorKind::Syntax
            | ErrorKind::Semantic
            | ErrorKind::UnsupportedDiagram
            | ErrorKind::Encoding
            | ErrorKind::Config
    )
}

/// Checks an error: its messages format without panicking, an input error
/// has a line, and its span lies inside the source.
pub fn check_error(e: &Error, source: &str) -> Result<(), String> {
    let shown = e.to_string();
    let _ = e.report("case.mmd");
    let _ = e.one_line("case.mmd");
    if is_input_kind(e.kind()) && e.line().is_none() {
        return Err(format!("{:?} error without a position: {shown}", e.kind()));
    }
    if let Some(sp) = e.span() {
        if sp.start > source.len() || sp.start > sp.end {
            return Err(format!("error span {sp:?} outside the {}-byte source: {shown}", source.len()));
        }
    }
    Ok(())
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(400).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("{what} panicked: {msg}")
    })
}

fn check_expectation(c: &Case, result: &Result<(), Error>) -> Result<(), String> {
    match (&c.expect, result) {
        (Expect::Unstated, _) => Err("the case states no expectation (hostile_support::expecting)".into()),
        (Expect::Any, _) => Ok(()),
        (Expect::Success, Ok(())) => Ok(()),
        (Expect::Success, Err(e)) => Err(format!("expected success, got {e}")),
        (Expect::Kind(k), Err(e)) if e.kind() == *k => Ok(()),
        (Expect::Limit(words), Err(e)) if e.kind() == ErrorKind::LimitExceeded => {
            let m = e.message().to_lowercase();
            if words.iter().any(|w| m.contains(w)) {
                Ok(())
            } else {
                Err(format!("limit error does not name the limit ({words:?}): {e}"))
            }
        }
        (exp, Err(e)) => Err(format!("expected {exp:?}, got {:?}: {e}", e.kind())),
        (exp, Ok(())) => Err(format!("expected {exp:?}, got success")),
    }
}

/// How a case ended: drawn (and its SVG passed the safety checker), or an
/// error of this kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Rendered,
    Refused(ErrorKind),
}

/// Runs one case through render_svg, render_json (and render_png when asked)
/// and judges every outcome.
pub fn run_case(c: &Case) -> Result<Outcome, String> {
    let svg = guarded("render_svg", || mmdflow::render_svg(&c.source, &c.options))?;
    let svg_outcome = match &svg {
        Ok(s) => {
            let p = svg_check::svg_problems(s);
            if !p.is_empty() {
                return Err(format!("unsafe SVG: {}", p.join("; ")));
            }
            Ok(())
        }
        Err(e) => {
            check_error(e, &c.source)?;
            Err(e.clone())
        }
    };
    check_expectation(c, &svg_outcome)?;
    let outcome = match &svg_outcome {
        Ok(()) => Outcome::Rendered,
        Err(e) => Outcome::Refused(e.kind()),
    };

    let json = guarded("render_json", || mmdflow::render_json(&c.source, &c.options))?;
    match (&json, &svg) {
        (Ok(j), _) => {
            serde_json::from_str::<serde_json::Value>(j).map_err(|e| format!("layout JSON does not parse: {e}"))?;
        }
        (Err(e), _) => check_error(e, &c.source)?,
    }
    // Both calls parse and lay out the same text, so an input error must
    // show in both, identically.
    if let (Err(a), Err(b)) = (&svg, &json) {
        if is_input_kind(a.kind()) && (a.kind(), a.line()) != (b.kind(), b.line()) {
            return Err(format!("render_svg and render_json disagree: {a:?} vs {b:?}"));
        }
    }
    if svg.is_ok() != json.is_ok() {
        return Err(format!("render_svg ok={} but render_json ok={}", svg.is_ok(), json.is_ok()));
    }

    #[cfg(feature = "png")]
    if c.png {
        match guarded("render_png", || mmdflow::render_png(&c.source, &c.options))? {
            Ok(bytes) => {
                if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
                    return Err("render_png returned no PNG".into());
                }
            }
            Err(e) => check_error(&e, &c.source)?,
        }
    }
    Ok(outcome)
}

/// Runs `f` on a thread with a `stack`-byte stack, so a test proves
/// recursion is bounded whatever RUST_MIN_STACK says.
pub fn on_stack<T: Send + 'static>(stack: usize, f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(stack)
        .spawn(f)
        .expect("spawn test thread")
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p))
}

pub const SMALL_STACK: usize = 2 * 1024 * 1024;

/// Runs every case on a 2 MB stack and fails once, listing every case that
/// broke a rule (so one bad case does not hide the others). At least
/// `min_rendered_percent` of the cases must be drawn, so their SVG reaches
/// the safety checker: a parser that refused more would otherwise pass
/// every safety check by never drawing anything.
pub fn run_cases(group: &str, cases: Vec<Case>, min_rendered_percent: usize) {
    assert!(!cases.is_empty(), "{group}: no cases");
    let total = cases.len();
    let (failures, rendered) = on_stack(SMALL_STACK, move || {
        let mut failures = Vec::new();
        let mut rendered = 0usize;
        // HOSTILE_TIMINGS=1 prints each case's time and outcome, to find the
        // slow ones and to see what a group does; nothing asserts on time.
        let timings = std::env::var_os("HOSTILE_TIMINGS").is_some();
        for c in &cases {
            let start = std::time::Instant::now();
            let outcome = run_case(c);
            if timings {
                eprintln!("{:>8.3} s  {}  {:?}", start.elapsed().as_secs_f64(), c.name, outcome);
            }
            match outcome {
                Ok(Outcome::Rendered) => rendered += 1,
                Ok(Outcome::Refused(_)) => {}
                Err(why) => failures.push(format!("[{}] {}\n    input: {:?}", c.name, short(&why), short(&c.source))),
            }
        }
        (failures, rendered)
    });
    assert!(failures.is_empty(), "{group}: {} hostile case(s) failed:\n{}", failures.len(), failures.join("\n"));
    assert!(
        rendered * 100 >= total * min_rendered_percent,
        "{group}: only {rendered} of {total} cases were drawn and reached the SVG checker (at least {min_rendered_percent}% must)"
    );
}
