//! Unit tests for the chord pass on tiny hand-built layered graphs.

use super::*;
use crate::layout::graph::{Kind, LGraph};

fn spacing() -> Spacing {
    Spacing { node_sep: 50.0, edge_sep: 20.0, rank_sep: 50.0, cluster_pad: 8.0, band: Vec::new(), track_room: Vec::new() }
}

/// Adds a node at (x, y = 100 · rank) on the right of layer `rank`.
fn node(g: &mut LGraph, kind: Kind, w: f64, rank: usize, x: f64) -> usize {
    let v = g.add_node(kind, w, 20.0, None, rank);
    if g.layers.len() <= rank {
        g.layers.resize(rank + 1, Vec::new());
        g.layer_rank = (0..g.layers.len() as i32).collect();
    }
    g.layers[rank].push(v);
    g.nodes[v].x = x;
    g.nodes[v].y = 100.0 * rank as f64;
    v
}

#[test]
fn isotonic_pools_adjacent_violators() {
    assert_eq!(isotonic(&[1.0, 3.0, 2.0, 4.0]), vec![1.0, 2.5, 2.5, 4.0]);
    assert_eq!(isotonic(&[3.0, 2.0, 1.0]), vec![2.0, 2.0, 2.0]);
    assert_eq!(isotonic(&[]), Vec::<f64>::new());
}

/// A one-dummy edge whose dummy network simplex left under its tail moves
/// onto the straight line from tail to head.
#[test]
fn a_lone_dummy_moves_onto_its_chord() {
    let mut g = LGraph::default();
    let a = node(&mut g, Kind::Real(0), 40.0, 0, 0.0);
    let d = node(&mut g, Kind::Dummy(0), 0.0, 1, 0.0);
    let b = node(&mut g, Kind::Real(1), 40.0, 2, 200.0);
    g.link(a, d);
    g.link(d, b);
    pull_to_chords(&mut g, &spacing());
    assert_eq!(g.nodes[d].x, 100.0);
    assert_eq!((g.nodes[a].x, g.nodes[b].x), (0.0, 200.0), "real nodes stay");
}

/// Two dummies bunched under a fan's parent spread out towards their
/// chords, in order and at least `edge_sep` apart, and stop short of a
/// real node in their layer.
#[test]
fn dummies_keep_order_and_separation_and_stop_at_fixed_nodes() {
    let mut g = LGraph::default();
    let p = node(&mut g, Kind::Real(0), 40.0, 0, 100.0);
    let d1 = node(&mut g, Kind::Dummy(0), 0.0, 1, 90.0);
    let d2 = node(&mut g, Kind::Dummy(1), 0.0, 1, 110.0);
    // A real node in the middle layer right of the dummies: d2 may go no
    // further than 60 − 25 − 10 = 25 units… right of it: 160 − 20 − 35.
    let r = node(&mut g, Kind::Real(3), 40.0, 1, 160.0);
    let c1 = node(&mut g, Kind::Real(1), 40.0, 2, -100.0);
    let c2 = node(&mut g, Kind::Real(2), 40.0, 2, 300.0);
    g.link(p, d1);
    g.link(d1, c1);
    g.link(p, d2);
    g.link(d2, c2);
    let sp = spacing();
    pull_to_chords(&mut g, &sp);
    assert_eq!(g.nodes[d1].x, 0.0, "d1 on its chord");
    let limit = g.nodes[r].x - sp.sep(&g, d2, r);
    assert_eq!(g.nodes[d2].x, limit, "d2 stops at the real node");
    assert_eq!(g.nodes[r].x, 160.0);
}

/// Dummies whose chords cross (their order says otherwise) meet at the
/// mean of their targets, `edge_sep` apart.
#[test]
fn crossing_chords_pool_at_their_mean() {
    let mut g = LGraph::default();
    let a = node(&mut g, Kind::Real(0), 40.0, 0, 0.0);
    let b = node(&mut g, Kind::Real(1), 40.0, 0, 200.0);
    let d1 = node(&mut g, Kind::Dummy(0), 0.0, 1, 90.0);
    let d2 = node(&mut g, Kind::Dummy(1), 0.0, 1, 110.0);
    let c = node(&mut g, Kind::Real(2), 40.0, 2, 0.0);
    let e = node(&mut g, Kind::Real(3), 40.0, 2, 200.0);
    // d1 is a's edge to e (chord x 100 at the middle), d2 is b's edge to c
    // (chord x 100): equal targets, so they straddle 100.
    g.link(a, d1);
    g.link(d1, e);
    g.link(b, d2);
    g.link(d2, c);
    pull_to_chords(&mut g, &spacing());
    assert_eq!((g.nodes[d1].x, g.nodes[d2].x), (90.0, 110.0));
}

/// A long chain keeps network simplex's column; only one-node chains
/// move.
#[test]
fn a_long_chain_keeps_its_column() {
    let mut g = LGraph::default();
    let a = node(&mut g, Kind::Real(0), 40.0, 0, 0.0);
    let d1 = node(&mut g, Kind::Dummy(0), 0.0, 1, 0.0);
    let l = node(&mut g, Kind::Label(0), 30.0, 2, 0.0);
    let d3 = node(&mut g, Kind::Dummy(0), 0.0, 3, 0.0);
    let b = node(&mut g, Kind::Real(1), 40.0, 4, 400.0);
    g.link(a, d1);
    g.link(d1, l);
    g.link(l, d3);
    g.link(d3, b);
    pull_to_chords(&mut g, &spacing());
    assert_eq!([g.nodes[d1].x, g.nodes[l].x, g.nodes[d3].x], [0.0, 0.0, 0.0]);
}

/// Two one-rank edges that cross below their dummies' layer, where their
/// chords cross above it: the dummies swap (the crossing moves to the
/// upper gap, one crossing either way).
fn crossing_pair(cluster_of_second: Option<usize>) -> (LGraph, usize, usize) {
    let mut g = LGraph::default();
    let a = node(&mut g, Kind::Real(0), 40.0, 0, 0.0);
    let b = node(&mut g, Kind::Real(1), 40.0, 0, 100.0);
    let d_ae = node(&mut g, Kind::Dummy(0), 0.0, 1, 40.0);
    let d_bc = node(&mut g, Kind::Dummy(1), 0.0, 1, 60.0);
    g.nodes[d_bc].cluster = cluster_of_second;
    let c = node(&mut g, Kind::Real(2), 40.0, 2, 0.0);
    let e = node(&mut g, Kind::Real(3), 40.0, 2, 300.0);
    g.link(a, d_ae);
    g.link(d_ae, e);
    g.link(b, d_bc);
    g.link(d_bc, c);
    (g, d_ae, d_bc)
}

#[test]
fn dummies_swap_where_their_chords_pass_each_other() {
    let (mut g, d_ae, d_bc) = crossing_pair(None);
    assert!(swap_by_chords(&mut g));
    assert_eq!(g.layers[1], vec![d_bc, d_ae]);
    assert!(!swap_by_chords(&mut g), "settled");
}

#[test]
fn dummies_of_different_clusters_never_swap() {
    let (mut g, d_ae, d_bc) = crossing_pair(Some(0));
    assert!(!swap_by_chords(&mut g));
    assert_eq!(g.layers[1], vec![d_ae, d_bc]);
}

/// A swap that would add a crossing is not made: a long chain's dummy
/// (which wishes to stay in its column, here far right) left of a
/// one-rank edge's dummy whose chord is further left; the two edges cross
/// nowhere, and swapping would make them cross twice.
#[test]
fn a_swap_that_adds_a_crossing_is_not_made() {
    let mut g = LGraph::default();
    let a = node(&mut g, Kind::Real(0), 40.0, 0, 0.0);
    let b = node(&mut g, Kind::Real(1), 40.0, 0, 100.0);
    let d_a = node(&mut g, Kind::Dummy(0), 0.0, 1, 500.0);
    let d_b = node(&mut g, Kind::Dummy(1), 0.0, 1, 520.0);
    let x_a = node(&mut g, Kind::Dummy(0), 0.0, 2, 500.0);
    let e = node(&mut g, Kind::Real(3), 40.0, 2, 600.0);
    let c = node(&mut g, Kind::Real(2), 40.0, 3, 0.0);
    g.link(a, d_a);
    g.link(d_a, x_a);
    g.link(x_a, c);
    g.link(b, d_b);
    g.link(d_b, e);
    assert!(!swap_by_chords(&mut g));
    assert_eq!(g.layers[1], vec![d_a, d_b]);
}
