//! Hunts superlinear paths. A small fuzz input picks a shape of diagram (long
//! chains, deep nesting, parallel edges, huge labels, many classDefs, long
//! link tokens, …) and a fragment of text to repeat; the target builds that
//! diagram at size n and at 16n and times both in the same process. Linear
//! work gives a time ratio near 16, quadratic work near 256; the target
//! panics (a libFuzzer crash) when the ratio passes 16 × SLACK on three
//! measurements in a row, so a busy machine does not raise false alarms.
//!
//! Wall-clock time, not instruction counts: the ratio of two runs in one
//! process cancels the machine's speed, and min-of-several cancels most
//! noise. Build without sanitizers for steadier timings:
//! `cargo +nightly fuzz run -s none quadratic`.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mmdflow::{Limits, Options};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

// The shared SVG oracle (tests/hostile_support/svg_check.rs): every fuzz
// target judges the SVG it makes by the same rules.
#[allow(dead_code)]
#[path = "../../tests/hostile_support/svg_check.rs"]
mod svg_check;

/// How much slower than linear the big input may be. n·log n at these sizes
/// costs about 1.5×, caches another 1.5×; quadratic costs 16×.
const SLACK: f64 = 5.0;
const GROWTH: usize = 16;

#[derive(Arbitrary, Debug, Clone, Copy, PartialEq)]
enum Kind {
    Chain,
    ChainLines,
    FanOut,
    FanIn,
    Ampersand,
    ParallelEdges,
    SelfLoops,
    Nesting,
    Siblings,
    SubgraphMembers,
    HugeLabel,
    HugeEdgeLabel,
    LongWord,
    LineBreaks,
    Entities,
    Markdown,
    ClassDefs,
    ClassesOnOneNode,
    Styles,
    LinkStyles,
    LongLink,
    LongThickLink,
    LongDottedLink,
    LongId,
    Comments,
    Clicks,
    Separators,
    /// `subgraph P{i} … P{i+1} … end`: each subgraph adopts the next
    /// (quadratic cycle checks before the fix in parse/semantic.rs).
    SubgraphChain,
    /// One `linkStyle 0-{n}` range per line over n edges (expanded ranges
    /// and applying every line to every edge were n² before the fix).
    LinkStyleRanges,
}

#[derive(Arbitrary, Debug)]
struct Plan {
    kind: Kind,
    /// Text repeated inside labels and ids.
    unit: String,
    /// Keep only letters, digits and spaces of `unit`, so the diagram stays
    /// valid and the whole pipeline runs; otherwise the raw text goes in.
    tame: bool,
    /// Size n before growth.
    base: u8,
    direction: u8,
}

impl Plan {
    fn unit(&self) -> String {
        let mut u: String = self.unit.chars().take(16).collect();
        if self.tame {
            u.retain(|c| c.is_alphanumeric() || c == ' ');
        }
        if u.trim().is_empty() {
            u = "x".into();
        }
        u
    }

    /// Whether the full pipeline is timed too. Nesting (and a chain of
    /// adopted subgraphs, nesting too) is parse-only: a cluster of depth d
    /// spans every rank below it, so layered layout does O(d²) border work
    /// by construction, not by accident.
    fn full_pipeline(&self) -> bool {
        !matches!(self.kind, Kind::Nesting | Kind::SubgraphChain)
    }

    /// n for the parser alone, and a smaller n when layout runs too (the
    /// big case is 16n, and a timing run must stay well under a second).
    fn size(&self) -> usize {
        if self.full_pipeline() {
            20 + (self.base as usize % 64)
        } else {
            40 + self.base as usize
        }
    }
}

fn build(plan: &Plan, n: usize) -> String {
    let u = plan.unit();
    let ident: String = u.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let ident = if ident.is_empty() { "x".to_string() } else { ident };
    let dir = ["TD", "LR", "BT", "RL"][plan.direction as usize % 4];
    let mut s = format!("flowchart {dir}\n");
    match plan.kind {
        Kind::Chain => {
            s.push_str("A0");
            for i in 1..n {
                let _ = write!(s, " --> A{i}[\"{u} {i}\"]");
            }
        }
        Kind::ChainLines => {
            for i in 1..n {
                let _ = writeln!(s, "A{} --> A{i}[\"{u}\"]", i - 1);
            }
        }
        Kind::FanOut => (0..n).for_each(|i| {
            let _ = writeln!(s, "root --> c{i}[{u}]");
        }),
        Kind::FanIn => (0..n).for_each(|i| {
            let _ = writeln!(s, "c{i}[{u}] --> sink");
        }),
        Kind::Ampersand => {
            let ids: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
            let _ = writeln!(s, "{} --> z[{u}]", ids.join(" & "));
        }
        Kind::ParallelEdges => (0..n).for_each(|_| {
            let _ = writeln!(s, "A -->|{u}| B");
        }),
        Kind::SelfLoops => (0..n).for_each(|_| {
            let _ = writeln!(s, "A --> A");
        }),
        Kind::Nesting => {
            for i in 0..n {
                let _ = writeln!(s, "subgraph s{i} [{u}]\nn{i}");
            }
            s.push_str(&"end\n".repeat(n));
        }
        Kind::Siblings => (0..n).for_each(|i| {
            let _ = writeln!(s, "subgraph g{i} [{u}]\nx{i} --> y{i}\nend");
        }),
        Kind::SubgraphMembers => {
            s.push_str("subgraph big\n");
            (0..n).for_each(|i| {
                let _ = writeln!(s, "m{i}[{u}]");
            });
            s.push_str("end\n");
        }
        Kind::HugeLabel => {
            let _ = writeln!(s, "A[\"{}\"] --> B", format!("{u} ").repeat(n));
        }
        Kind::HugeEdgeLabel => {
            let _ = writeln!(s, "A -->|{}| B", format!("{u} ").repeat(n));
        }
        Kind::LongWord => {
            let _ = writeln!(s, "A[{}] --> B", ident.repeat(n));
        }
        Kind::LineBreaks => {
            let _ = writeln!(s, "A[\"{}\"] --> B", format!("{u}<br>").repeat(n));
        }
        Kind::Entities => {
            let _ = writeln!(s, "A[\"{}\"] --> B", format!("#quot;{u}#9829;").repeat(n));
        }
        Kind::Markdown => {
            let _ = writeln!(s, "A[\"`{}`\"] --> B", format!("**{u}** _{u}_ ").repeat(n));
        }
        Kind::ClassDefs => (0..n).for_each(|i| {
            let _ = writeln!(s, "classDef c{i} fill:#f9f,stroke:#333\nN{i}[{u}]:::c{i}");
        }),
        Kind::ClassesOnOneNode => {
            s.push_str("A --> B\n");
            (0..n).for_each(|i| {
                let _ = writeln!(s, "classDef c{i} fill:#f9f\nclass A,B c{i}");
            });
        }
        Kind::Styles => {
            s.push_str("A[x] --> B\n");
            (0..n).for_each(|_| {
                let _ = writeln!(s, "style A fill:#f9f,stroke:#333,stroke-width:2px");
            });
        }
        Kind::LinkStyles => {
            for i in 1..n {
                let _ = writeln!(s, "A{} --> A{i}", i - 1);
            }
            let idx: Vec<String> = (0..n.saturating_sub(1)).map(|i| i.to_string()).collect();
            let _ = writeln!(s, "linkStyle {} stroke:#f00,stroke-width:2px", idx.join(","));
        }
        Kind::LongLink => {
            let _ = writeln!(s, "A[{u}] {}> B", "-".repeat(n * 8));
        }
        Kind::LongThickLink => {
            let _ = writeln!(s, "A[{u}] {}> B", "=".repeat(n * 8));
        }
        Kind::LongDottedLink => {
            let _ = writeln!(s, "A[{u}] -{}-> B", ".".repeat(n * 8));
        }
        Kind::LongId => {
            let _ = writeln!(s, "{} --> B", ident.repeat(n));
        }
        Kind::Comments => {
            (0..n).for_each(|_| {
                let _ = writeln!(s, "%% {u}");
            });
            s.push_str("A --> B\n");
        }
        Kind::Clicks => {
            for i in 0..n {
                let _ = writeln!(s, "N{i}[{u}]\nclick N{i} \"https://example.com/{i}\" \"{u}\"");
            }
        }
        Kind::Separators => {
            s.push_str(&format!("A-->B;{u};").repeat(n));
        }
        Kind::SubgraphChain => (0..n).for_each(|i| {
            let _ = writeln!(s, "subgraph P{i} [{u}]\nP{}\nend", i + 1);
        }),
        Kind::LinkStyleRanges => {
            for i in 1..n {
                let _ = writeln!(s, "A{} --> A{i}[{u}]", i - 1);
            }
            for _ in 0..n {
                let _ = writeln!(s, "linkStyle 0-{} stroke:#f00,stroke-width:2px", n.saturating_sub(2));
            }
        }
    }
    s
}

fn options() -> Options {
    // Limits off: the point is to time real work, not an early refusal.
    Options {
        limits: Limits {
            max_input_bytes: usize::MAX,
            max_nodes: usize::MAX,
            max_edges: usize::MAX,
            max_nesting: usize::MAX,
            max_label_chars: usize::MAX,
            max_layered_nodes: usize::MAX,
            max_font_bytes: usize::MAX,
        },
        ..Options::default()
    }
}

#[derive(Clone, Copy, Debug)]
enum Stage {
    Parse,
    Full,
}

fn run(stage: Stage, src: &str, o: &Options) {
    match stage {
        Stage::Parse => drop(mmdflow::parse(src, o)),
        Stage::Full => drop(mmdflow::render_svg(src, o)),
    }
}

/// Mean time of one run, from batches of at least 2 ms (so a 20 µs parse is
/// timed as precisely as a 20 ms one), best of three batches.
fn time(stage: Stage, src: &str, o: &Options) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let mut runs = 0u32;
        while runs == 0 || start.elapsed() < Duration::from_millis(2) {
            run(stage, src, o);
            runs += 1;
        }
        best = best.min(start.elapsed() / runs);
    }
    best
}

fn check(plan: &Plan, stage: Stage) {
    let o = options();
    let n = plan.size();
    let small = build(plan, n);
    let big = build(plan, n * GROWTH);
    // Outside the timed runs: the drawing of the small case must be safe.
    if let Stage::Full = stage {
        if let Ok(svg) = mmdflow::render_svg(&small, &o) {
            let problems = svg_check::svg_problems(&svg);
            assert!(problems.is_empty(), "unsafe SVG for {:?}: {problems:?}", plan.kind);
        }
    }
    let size_ratio = big.len() as f64 / small.len() as f64;
    let allowed = size_ratio * SLACK;
    let mut seen = Vec::new();
    for _ in 0..3 {
        let ts = time(stage, &small, &o);
        let tb = time(stage, &big, &o);
        let ratio = tb.as_secs_f64() / ts.as_secs_f64().max(1e-9);
        if ratio <= allowed {
            return;
        }
        seen.push((ts, tb, ratio));
    }
    panic!(
        "superlinear {stage:?} on {:?}: {} bytes -> {} bytes (x{size_ratio:.1}) took times x{:.1} (allowed x{allowed:.0}); \
         runs (small, big, ratio): {seen:?}; unit {:?}",
        plan.kind,
        small.len(),
        big.len(),
        seen.last().unwrap().2,
        plan.unit()
    );
}

fuzz_target!(|plan: Plan| {
    check(&plan, Stage::Parse);
    if plan.full_pipeline() {
        check(&plan, Stage::Full);
    }
});
