//! The orthogonal router (look `neo`) on corpus-like diagrams: every edge is
//! axis-parallel outside its rounded corners, no two edges run on top of one
//! another, and no edge passes through a node it does not end at or through
//! the title of a cluster it does not attach to. The checks are written
//! here, on the laid-out geometry, independently of the router's own code.

use mmdflow::geom::{Point, Rect};
use mmdflow::{DiagramConfig, Layout, LayoutEngine, Look, Options};

const DIAGRAMS: &[(&str, &str)] = &[
    (
        "release fan-out",
        "flowchart TD
  tag[Release tag] --> split{Split by target}
  split --> a[linux-x64] & b[linux-arm64] & c[macos-x64] & d[macos-arm64] & e[windows-x64] & f[freebsd]
  a & b --> deb[Debian packages]
  a & b --> rpm[RPM packages]
  c & d --> brew[Homebrew]
  e --> msi[MSI installer]
  f --> pkg[pkg archive]
  deb & rpm & brew & msi & pkg --> pub[Publish] --> ann[Announce]",
    ),
    (
        "pipeline with clusters, labels and back edges",
        "flowchart LR
  subgraph src [Sources]
    crm[(CRM)]
    web[Web logs]
  end
  subgraph stage [Staging]
    raw[Raw bucket]
    ok{Schema valid?}
    q[Quarantine]
  end
  subgraph wh [Warehouse]
    dims[Dimension tables]
    facts[Fact tables]
    marts[Data marts]
  end
  crm -->|nightly| raw
  web -->|streaming| raw
  raw --> ok
  ok -->|no| q
  q -. manual fix .-> raw
  ok -->|yes| dims
  ok -->|yes| facts
  dims --> facts --> marts
  marts --> bi[BI] & ml[ML features]
  ml -. feedback .-> crm",
    ),
    (
        "retries upwards",
        "flowchart BT
  start([Request]) --> try[Call service]
  try -->|timeout| wait[Back off]
  wait --> try
  try -->|5xx| wait
  try -->|ok| done([Done])
  wait -->|gave up| fail[Fail]
  fail --> start
  try --> try",
    ),
    (
        "right to left with a cluster end",
        "flowchart RL
  subgraph svc [Services]
    api[API] --> db[(DB)]
    api --> cache[Cache]
  end
  client[Client] --> svc
  svc --> logs[Logs]
  cache --> db",
    ),
    (
        "LR: a labelled edge leaves its cluster under a title wider than the gap",
        "flowchart LR
  subgraph g0 [raw schema]
    n0[[valid]]
    n1[[delta warehouse]]
    n3((schema))
    n5{{web table}}
    n7[warehouse]
  end
  subgraph g1 [web valid]
    n2[(crm)]
    n4(gamma quarantine logs)
    n6[[bucket table logs]]
  end
  n2 --> n6
  n7 --> n4
  n5 --> n6
  n4 --> n2
  n6 -->|delta quarantine crm| n7
  n2 --> n6
  n1 --> n3
  n1 --> n1
  n1 --> n6
  n2 --> n5
  n1 --> n2
  n0 -->|warehouse| n0
  n6 --> n1
  n7 --> n2
  n6 --> n6",
    ),
];

fn neo_layout(src: &str, config: DiagramConfig) -> Layout {
    let options = Options { config, ..Default::default() };
    let chart = mmdflow::parse(src, &options).expect("the diagram parses");
    mmdflow::layout(&chart, &options).expect("the diagram lays out")
}

fn configs() -> [DiagramConfig; 2] {
    [
        DiagramConfig { look: Some(Look::Neo), ..Default::default() },
        DiagramConfig { layout: Some(LayoutEngine::Elk), ..Default::default() },
    ]
}

type Run = (Point, Point);

/// The straight pieces of an edge as drawn (flattened as the layout JSON
/// flattens it).
fn pieces(layout: &Layout, e: usize) -> Vec<Run> {
    let pts = layout.edges[e].path.flatten(mmdflow::geom::EDGE_SAMPLE_STEP);
    pts.windows(2).map(|w| (w[0], w[1])).filter(|(a, b)| a.distance(*b) > 1e-6).collect()
}

fn shrunk(r: &Rect, by: f64) -> (f64, f64, f64, f64) {
    (r.left() + by, r.right() - by, r.top() + by, r.bottom() - by)
}

/// Length of the piece of `a`–`b` strictly inside the box (Liang–Barsky).
fn inside_len(a: Point, b: Point, (x0, x1, y0, y1): (f64, f64, f64, f64)) -> f64 {
    if x0 >= x1 || y0 >= y1 {
        return 0.0;
    }
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.x - x0), (dx, x1 - a.x), (-dy, a.y - y0), (dy, y1 - a.y)] {
        if p.abs() < 1e-12 {
            if q <= 0.0 {
                return 0.0;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    ((t1 - t0).max(0.0)) * a.distance(b)
}

/// Length two runs share on one horizontal or vertical line (0.5 apart at
/// most), as the layout metrics' `edge_overlaps` counts it.
fn shared_len(p: Run, q: Run) -> f64 {
    let overlap = |a0: f64, a1: f64, b0: f64, b1: f64| (a0.max(a1).min(b0.max(b1)) - a0.min(a1).max(b0.min(b1))).max(0.0);
    let horizontal = |r: Run| (r.0.y - r.1.y).abs() < 1e-6;
    let vertical = |r: Run| (r.0.x - r.1.x).abs() < 1e-6;
    if horizontal(p) && horizontal(q) && (p.0.y - q.0.y).abs() <= 0.5 {
        overlap(p.0.x, p.1.x, q.0.x, q.1.x)
    } else if vertical(p) && vertical(q) && (p.0.x - q.0.x).abs() <= 0.5 {
        overlap(p.0.y, p.1.y, q.0.y, q.1.y)
    } else {
        0.0
    }
}

#[test]
fn no_edge_runs_on_another() {
    for (name, src) in DIAGRAMS {
        for config in configs() {
            let l = neo_layout(src, config);
            for i in 0..l.edges.len() {
                for j in i + 1..l.edges.len() {
                    let total: f64 = pieces(&l, i).iter().flat_map(|&p| pieces(&l, j).into_iter().map(move |q| shared_len(p, q))).sum();
                    let (a, b) = (&l.edges[i], &l.edges[j]);
                    assert!(total <= 1.0, "{name}: {}->{} and {}->{} share {total:.1} units", a.from, a.to, b.from, b.to);
                }
            }
        }
    }
}

#[test]
fn no_edge_passes_through_a_node_or_a_foreign_cluster_title() {
    for (name, src) in DIAGRAMS {
        for config in configs() {
            let l = neo_layout(src, config);
            for (i, e) in l.edges.iter().enumerate() {
                let runs = pieces(&l, i);
                for n in l.nodes.iter().filter(|n| n.id != e.from && n.id != e.to) {
                    let inside: f64 = runs.iter().map(|r| inside_len(r.0, r.1, shrunk(&n.rect, 1.0))).sum();
                    assert!(inside < 0.5, "{name}: {}->{} runs {inside:.1} units through {}", e.from, e.to, n.id);
                }
                for c in l.clusters.iter().filter(|c| c.id != e.from && c.id != e.to) {
                    let Some(title) = c.title_box else { continue };
                    let inside: f64 = runs.iter().map(|r| inside_len(r.0, r.1, shrunk(&title, 1.0))).sum();
                    assert!(inside < 0.5, "{name}: {}->{} runs through the title of {}", e.from, e.to, c.id);
                }
            }
        }
    }
}

#[test]
fn every_edge_is_axis_parallel_outside_its_corners() {
    for (name, src) in DIAGRAMS {
        let l = neo_layout(src, configs()[0].clone());
        for (i, e) in l.edges.iter().enumerate() {
            for (a, b) in pieces(&l, i) {
                // A rounded corner (5-unit radius) flattens into pieces
                // under 8 units; anything longer is a straight run.
                if a.distance(b) > 8.0 {
                    assert!((a.x - b.x).abs() < 1e-6 || (a.y - b.y).abs() < 1e-6, "{name}: {}->{} has a slanted run {a:?}-{b:?}", e.from, e.to);
                }
            }
        }
    }
}
