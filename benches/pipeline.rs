//! Criterion benchmarks of each pipeline stage (parse, layout, SVG, PNG) on
//! the seed example, the realistic corpus in ../shared/tools/layout/corpus
//! (required under CI, else skipped with a notice) and generated random
//! graphs of 100 to 2000 nodes.
//!
//! Run: `cargo bench --bench pipeline` (add `-- layout` to filter).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mmdflow::{layout, parse, render, Options};
use std::path::Path;

/// A random layered flowchart in the style of tools/layout/gen.py: about
/// 1.2·√n layers, spanning edges between adjacent layers, some long edges and
/// a few back edges, ~5% labelled edges. Deterministic for a given `n`.
fn random_flowchart(n: usize) -> String {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15 ^ n as u64;
    let mut next = move |m: usize| -> usize {
        // xorshift64*: good enough for shaping test graphs, and stable.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % m.max(1)
    };
    let layers = ((1.2 * (n as f64).sqrt()).round() as usize).max(2);
    let per = n.div_ceil(layers);
    let layer_of = |v: usize| v / per;
    let mut out = String::from("flowchart TD\n");
    let words = ["parse", "load", "check", "build", "store", "fetch", "merge", "route", "cache", "render"];
    for v in 0..n {
        let label = format!("{} {}", words[next(words.len())], words[next(words.len())]);
        if next(10) == 0 {
            out.push_str(&format!("  n{v}{{{label}}}\n"));
        } else {
            out.push_str(&format!("  n{v}[{label}]\n"));
        }
    }
    let edges = n * 3 / 2;
    for i in 0..edges {
        let u = next(n);
        let lu = layer_of(u);
        let span = match i % 20 {
            0 => 0,                      // back edge, closes a cycle
            1 | 2 => 2 + next(3),        // long edge
            _ => 1,
        };
        let target_layer = if span == 0 { lu.saturating_sub(1 + next(2)) } else { lu + span };
        if target_layer * per >= n || target_layer == lu {
            continue;
        }
        let v = (target_layer * per + next(per)).min(n - 1);
        if next(20) == 0 {
            out.push_str(&format!("  n{u} -->|yes| n{v}\n"));
        } else {
            out.push_str(&format!("  n{u} --> n{v}\n"));
        }
    }
    out
}

fn inputs() -> Vec<(String, String)> {
    let mut v = vec![("seed".to_string(), include_str!("../examples/seed.mmd").to_string())];
    // MMDFLOW_SHARED, else ../shared beside the repository, else two levels
    // up (a worktree under wt/).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared: Vec<_> = std::env::var_os("MMDFLOW_SHARED")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain([root.join("../shared"), root.join("../../shared")])
        .collect();
    let corpus = shared.iter().map(|s| s.join("tools/layout/corpus")).find(|c| c.is_dir()).unwrap_or_else(|| shared[0].join("tools/layout/corpus"));
    match std::fs::read_dir(&corpus) {
        Ok(dir) => {
            let mut files: Vec<_> = dir.flatten().map(|e| e.path()).collect();
            files.sort();
            for f in files {
                let name = f.file_stem().unwrap().to_string_lossy().to_string();
                // The big random files are covered by the generated sizes below.
                if name.starts_with("rand_") || f.extension().map_or(true, |e| e != "mmd") {
                    continue;
                }
                let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
                v.push((format!("corpus/{name}"), text));
            }
        }
        // No silent skips (issue 17): under CI the corpus must be there;
        // elsewhere the run says loudly which benchmarks it leaves out.
        Err(e) if std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false")) => {
            panic!("corpus benchmarks need {}: {e}", corpus.display())
        }
        Err(e) => eprintln!("SKIPPED corpus/* benchmarks: {} is missing ({e})", corpus.display()),
    }
    for n in [100, 500, 1000, 2000] {
        v.push((format!("random/{n}"), random_flowchart(n)));
    }
    v
}

fn stages(c: &mut Criterion) {
    let options = Options::default();
    for (name, text) in inputs() {
        let mut group = c.benchmark_group(name.clone());
        group.throughput(Throughput::Bytes(text.len() as u64));
        if name.starts_with("random/1000") || name.starts_with("random/2000") {
            group.sample_size(10);
        }
        // A benchmark input that stopped parsing is a regression, not a skip.
        let chart = parse(&text, &options).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        let placed = layout(&chart, &options).expect("layout");
        group.bench_function(BenchmarkId::new("parse", ""), |b| b.iter(|| parse(&text, &options).unwrap()));
        group.bench_function(BenchmarkId::new("layout", ""), |b| b.iter(|| layout(&chart, &options).unwrap()));
        group.bench_function(BenchmarkId::new("svg", ""), |b| b.iter(|| render::svg::write(&placed, &options)));
        #[cfg(feature = "png")]
        if !name.starts_with("random/") || name == "random/100" {
            group.bench_function(BenchmarkId::new("png", ""), |b| b.iter(|| render::png::render(&placed, &options).unwrap()));
        }
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
