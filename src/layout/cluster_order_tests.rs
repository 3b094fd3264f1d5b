//! Unit tests for the sibling cluster swap after ordering, on tiny
//! hand-built layered graphs.

use super::*;
use crate::layout::graph::{Clusters, Kind, Side};

/// Appends a node to layer `rank`.
fn add(g: &mut LGraph, kind: Kind, cluster: Option<usize>, rank: usize) -> usize {
    let v = g.add_node(kind, 40.0, 20.0, cluster, rank);
    if g.layers.len() <= rank {
        g.layers.resize(rank + 1, Vec::new());
    }
    g.layers[rank].push(v);
    v
}

/// A cluster's block on `rank`: left border, the members, right border.
fn block(g: &mut LGraph, c: usize, rank: usize, members: &[usize]) -> Vec<usize> {
    let left = add(g, Kind::Border(c, Side::Left), Some(c), rank);
    let inner: Vec<usize> = members.iter().map(|&i| add(g, Kind::Real(i), Some(c), rank)).collect();
    let right = add(g, Kind::Border(c, Side::Right), Some(c), rank);
    let mut out = vec![left];
    out.extend(&inner);
    out.push(right);
    out
}

fn clusters(g: &mut LGraph, parent: Vec<Option<usize>>) {
    let k = parent.len();
    // Top and bottom nodes are not needed by the swap; any index will do.
    g.clusters = Clusters { parent, top: vec![0; k], bottom: vec![0; k] };
    g.cluster_ranks = vec![(0, 1); k];
}

fn positions(g: &LGraph) -> Vec<usize> {
    positions_of(&g.layers, g.nodes.len())
}

fn crossings(g: &LGraph) -> u64 {
    count_crossings(&g.layers, &g.down, &positions(g))
}

/// Layers 0 and 1: clusters A (0) and B (1) side by side, each with an
/// edge straight down, and an outside node x right of both; returns the
/// upper members of A and B, x and A's lower member.
fn side_by_side() -> (LGraph, [usize; 4]) {
    let mut g = LGraph::default();
    let a = block(&mut g, 0, 0, &[0]);
    let b = block(&mut g, 1, 0, &[1]);
    let x = add(&mut g, Kind::Real(2), None, 0);
    let a1 = block(&mut g, 0, 1, &[3]);
    let b1 = block(&mut g, 1, 1, &[4]);
    g.link(a[1], a1[1]);
    g.link(b[1], b1[1]);
    clusters(&mut g, vec![None, None]);
    (g, [a[1], b[1], x, a1[1]])
}

#[test]
fn a_cluster_passes_its_sibling_when_that_removes_crossings() {
    // x feeds A's lower member across B's edge.
    let (mut g, [a0, b0, x, a1]) = side_by_side();
    g.link(x, a1);
    assert_eq!(crossings(&g), 1);
    assert_eq!(swap_sibling_clusters(&mut g), 1);
    assert_eq!(crossings(&g), 0);
    let pos = positions(&g);
    assert!(pos[b0] < pos[a0], "B now stands left of A: {:?}", g.layers);
    // Each block is still whole, borders at its ends, on both layers.
    for layer in &g.layers {
        let kinds: Vec<Kind> = layer.iter().map(|&v| g.nodes[v].kind).collect();
        assert!(matches!(kinds[0], Kind::Border(1, Side::Left)) && matches!(kinds[2], Kind::Border(1, Side::Right)), "{kinds:?}");
        assert!(matches!(kinds[3], Kind::Border(0, Side::Left)) && matches!(kinds[5], Kind::Border(0, Side::Right)), "{kinds:?}");
    }
}

#[test]
fn a_swap_that_removes_no_crossing_is_not_made() {
    let (mut g, _) = side_by_side();
    let before = g.layers.clone();
    assert_eq!(swap_sibling_clusters(&mut g), 0);
    assert_eq!(g.layers, before);
}

#[test]
fn a_third_sibling_between_the_two_blocks_forbids_the_swap() {
    // As above, with cluster C (2) between A and B on layer 0: swapping A
    // and B there would put C's box on the wrong side of one of them.
    let mut g = LGraph::default();
    let a = block(&mut g, 0, 0, &[0]);
    let _c = block(&mut g, 2, 0, &[5]);
    let b = block(&mut g, 1, 0, &[1]);
    let x = add(&mut g, Kind::Real(2), None, 0);
    let a1 = block(&mut g, 0, 1, &[3]);
    let b1 = block(&mut g, 1, 1, &[4]);
    g.link(a[1], a1[1]);
    g.link(b[1], b1[1]);
    g.link(x, a1[1]);
    clusters(&mut g, vec![None, None, None]);
    let before = g.layers.clone();
    assert_eq!(swap_sibling_clusters(&mut g), 0);
    assert_eq!(g.layers, before);
}

#[test]
fn clusters_of_different_parents_never_swap() {
    // With B's parent A, the two are not siblings (nested boxes do not
    // trade places), whatever the crossings.
    let (mut g, [.., x, a1]) = side_by_side();
    g.link(x, a1);
    g.clusters.parent = vec![None, Some(0)];
    let before = g.layers.clone();
    assert_eq!(swap_sibling_clusters(&mut g), 0);
    assert_eq!(g.layers, before);
}
