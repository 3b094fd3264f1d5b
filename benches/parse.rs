//! Parser throughput on large generated inputs: a long chain, many edges in
//! `&` groups, nested subgraphs and huge labels. Parsing should grow
//! linearly with input size.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use mmdflow::{parse, Options};

fn chain(n: usize) -> String {
    let mut s = String::from("graph LR\n");
    for i in 0..n {
        s.push_str(&format!("  n{i}[Node {i}] --> n{}\n", i + 1));
    }
    s
}

fn fan(n: usize) -> String {
    let mut s = String::from("flowchart TD\n");
    for i in 0..n / 4 {
        s.push_str(&format!("  a{i} & b{i} -->|label {i}| c{i} & d{i}\n"));
    }
    s
}

fn nested(n: usize) -> String {
    let mut s = String::from("flowchart TB\n");
    for i in 0..n {
        s.push_str(&format!("subgraph s{i} [Title {i}]\n  x{i} --> y{i}\n"));
        if i % 8 == 7 {
            for _ in 0..8 {
                s.push_str("end\n");
            }
        }
    }
    for _ in 0..n % 8 {
        s.push_str("end\n");
    }
    s
}

fn labels(n: usize) -> String {
    format!("flowchart LR\n  A[\"{}\"] -- {} --> B\n", "word ".repeat(n / 5), "edge ".repeat(n / 5))
}

fn bench(c: &mut Criterion) {
    let options = Options::default();
    let mut g = c.benchmark_group("parse");
    for (name, make, size) in [
        ("chain", chain as fn(usize) -> String, 3000),
        ("fan", fan, 8000),
        ("nested", nested, 2000),
        ("labels", labels, 9000),
    ] {
        let src = make(size);
        g.throughput(Throughput::Bytes(src.len() as u64));
        g.bench_with_input(BenchmarkId::new(name, size), &src, |b, s| b.iter(|| parse(s, &options).unwrap()));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
