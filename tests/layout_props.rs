//! Property tests of the layout engine on random flowcharts with random
//! (nested) subgraphs, built directly as `Flowchart` values: every layout
//! must satisfy the invariants checked by `layout::verify`.

use mmdflow::flowchart::*;
use mmdflow::layout::verify;
use mmdflow::shape::Shape;
use mmdflow::{layout, Options, Span};
use proptest::prelude::*;

const SHAPES: [Shape; 6] = [Shape::Rect, Shape::Rounded, Shape::Diamond, Shape::Circle, Shape::Hexagon, Shape::Stadium];

#[derive(Debug, Clone)]
struct Spec {
    dir: u8,
    nodes: Vec<(u8, u8, Option<u8>)>,
    clusters: Vec<(Option<u8>, u8)>,
    edges: Vec<(u8, u8, u8, bool)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (2usize..14, 0usize..4).prop_flat_map(|(n, k)| {
        (
            0u8..4,
            prop::collection::vec((0u8..6, 1u8..20, prop::option::weighted(0.6, 0u8..8)), n),
            prop::collection::vec((prop::option::of(0u8..8), 0u8..8), k),
            prop::collection::vec((0u8..32, 0u8..32, 1u8..4, any::<bool>()), 0..(2 * n)),
        )
            .prop_map(|(dir, nodes, clusters, edges)| Spec { dir, nodes, clusters, edges })
    })
}

fn build(s: &Spec) -> Flowchart {
    let k = s.clusters.len();
    let n = s.nodes.len();
    // Cluster c's parent must come earlier, so the tree has no cycles.
    let cparent: Vec<Option<usize>> =
        s.clusters.iter().enumerate().map(|(c, (p, _))| p.and_then(|p| if c > 0 { Some(p as usize % c) } else { None })).collect();
    let dirs = [Direction::TopBottom, Direction::BottomTop, Direction::LeftRight, Direction::RightLeft];
    let mut subgraphs: Vec<Subgraph> = (0..k)
        .map(|c| Subgraph {
            id: format!("sg{c}"),
            title: Label { text: format!("Cluster {c}"), kind: LabelKind::Text },
            // Half of the clusters ask for a direction of their own.
            direction: dirs.get(s.clusters[c].1 as usize).copied(),
            nodes: vec![],
            parent: cparent[c],
            classes: vec![],
            styles: vec![],
            span: Span::new(0, 0),
        })
        .collect();
    let nodes: Vec<Node> = s
        .nodes
        .iter()
        .enumerate()
        .map(|(i, &(shape, len, cl))| {
            let parent = if k == 0 { None } else { cl.map(|c| c as usize % k) };
            let id = format!("n{i}");
            if let Some(p) = parent {
                subgraphs[p].nodes.push(id.clone());
            }
            Node {
                id,
                label: Label { text: "x".repeat(len as usize), kind: LabelKind::Text },
                shape: SHAPES[shape as usize % SHAPES.len()],
                classes: vec![],
                styles: vec![],
                click: None,
                tooltip: None,
                icon: None,
                img: None,
                form: None,
                label_pos: None,
                asset_size: (None, None),
                constraint: None,
                parent,
                span: Span::new(0, 0),
            }
        })
        .collect();
    let end = |x: u8| if x >= 30 && k > 0 { format!("sg{}", x as usize % k) } else { format!("n{}", x as usize % n) };
    let edges: Vec<Edge> = s
        .edges
        .iter()
        .enumerate()
        .map(|(i, &(a, b, len, lab))| Edge {
            id: format!("e{i}"),
            user_id: true,
            // Now and then an edge names a subgraph instead of a node.
            from: end(a),
            to: end(b),
            arrow: ArrowType::Point,
            stroke: Stroke::Normal,
            length: len as u32,
            label: lab.then(|| Label { text: format!("label {i}"), kind: LabelKind::Text }),
            styles: vec![],
            curve: None,
            classes: vec![],
            animate: false,
            animation: None,
            span: Span::new(0, 0),
        })
        .collect();
    Flowchart {
        direction: [Direction::TopBottom, Direction::BottomTop, Direction::LeftRight, Direction::RightLeft][s.dir as usize],
        nodes,
        edges,
        subgraphs,
        class_defs: vec![],
        default_link_styles: vec![],
        default_link_curve: None,
        title: None,
        acc_title: None,
        acc_descr: None,
        config: Default::default(),
        warnings: vec![],
    }
}

/// Back edges of a DFS over nodes in first-mention order following
/// out-edges in source order (the classification of tools/layout/SCHEMA.md),
/// computed here independently of the engine.
fn back_edges(fc: &Flowchart) -> Vec<bool> {
    // Edges naming a subgraph take no part (they are exempt from the flow
    // check anyway).
    let idx = |id: &str| fc.nodes.iter().position(|n| n.id == id).unwrap_or(usize::MAX);
    let n = fc.nodes.len();
    let ends: Vec<(usize, usize)> = fc.edges.iter().map(|e| (idx(&e.from), idx(&e.to))).collect();
    let mut back = vec![false; ends.len()];
    let mut state = vec![0u8; n];
    fn dfs(v: usize, ends: &[(usize, usize)], state: &mut [u8], back: &mut [bool]) {
        state[v] = 1;
        for (i, &(a, b)) in ends.iter().enumerate() {
            if a != v || b == usize::MAX {
                continue;
            }
            if a == b {
                back[i] = true;
            } else if state[b] == 1 {
                back[i] = true;
            } else if state[b] == 0 {
                dfs(b, ends, state, back);
            }
        }
        state[v] = 2;
    }
    for v in 0..n {
        if state[v] == 0 {
            dfs(v, &ends, &mut state, &mut back);
        }
    }
    back
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_flowcharts_keep_the_invariants(s in spec()) {
        let fc = build(&s);
        let placed = layout(&fc, &Options::default()).expect("layout never fails");
        // With edges naming subgraphs, which edge of a cycle is reversed
        // depends on how the cluster stands in for its members; the flow
        // check then only runs on charts without them.
        let cluster_edges = fc.edges.iter().any(|e| e.from.starts_with("sg") || e.to.starts_with("sg"));
        let back: Vec<bool> = if cluster_edges { vec![true; fc.edges.len()] } else { back_edges(&fc) };
        let problems = verify::check(&placed, &|i| back[i]);
        prop_assert!(problems.is_empty(), "{:?}\n{}", problems, placed.to_json());
        // Deterministic: a second run gives the same geometry.
        let again = layout(&fc, &Options::default()).expect("layout never fails");
        prop_assert_eq!(placed.to_json(), again.to_json());
    }
}
