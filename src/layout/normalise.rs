//! Phase 3: normalisation (Gansner et al. 1993, §3 start; dagre's
//! `normalize` and edge-label ranks).
//!
//! Ranks were computed on a doubled scale (every flowchart edge has minlen
//! 2 × its mermaid length), so between two ranks of real nodes there is a
//! free rank. An edge label becomes a node of its own on the middle rank of
//! its edge, so labels never share a rank position with a node or another
//! label; edges sharing both ends also keep a middle rank so their dummies
//! draw them apart. Ranks that nobody uses are then dropped (their distance
//! is remembered for the rank gaps). Every edge spanning more than one layer
//! becomes a chain of dummy nodes, one per layer; dummies are assigned to
//! clusters as dagre's `parentDummyChains` does (climb from the tail's
//! cluster while the rank is below the cluster, then descend towards the
//! head's cluster), and every cluster gets a left and a right border node on
//! each of its layers (dagre's `addBorderSegments`) so that ordering and
//! positioning keep it a rectangle.

use super::graph::{Chain, Clusters, Kind, LGraph, Side};
use std::collections::{BTreeMap, BTreeSet};

/// A node of the rank graph as handed to normalisation.
pub(crate) struct RankNode {
    pub kind: Kind,
    pub w: f64,
    pub h: f64,
    pub cluster: Option<usize>,
}

/// A flowchart edge mapped onto rank-graph nodes.
pub(crate) struct MappedEdge {
    pub tail: usize,
    pub head: usize,
    /// TB-space size of the label node, if the edge has a label.
    pub label: Option<(f64, f64)>,
    pub valid: bool,
}

pub(crate) fn normalise(
    rank_nodes: &[RankNode],
    ranks: &[i32],
    edges: &[MappedEdge],
    clusters: Clusters,
) -> (LGraph, Vec<Chain>) {
    // Ranks in use: every node, every label's middle rank, and the middle rank
    // of edges with a parallel twin.
    let mut used: BTreeSet<i32> = ranks.iter().copied().collect();
    let mut pair_count: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for e in edges.iter().filter(|e| e.valid && e.tail != e.head) {
        *pair_count.entry((e.tail.min(e.head), e.tail.max(e.head))).or_insert(0) += 1;
    }
    let mid_of = |e: &MappedEdge| -> Option<i32> {
        let (a, b) = (ranks[e.tail].min(ranks[e.head]), ranks[e.tail].max(ranks[e.head]));
        if b - a >= 2 {
            Some((a + b) / 2)
        } else {
            None
        }
    };
    for e in edges.iter().filter(|e| e.valid && e.tail != e.head) {
        let twin = pair_count[&(e.tail.min(e.head), e.tail.max(e.head))] > 1;
        if e.label.is_some() || twin {
            if let Some(m) = mid_of(e) {
                used.insert(m);
            }
        }
    }
    let layer_rank: Vec<i32> = used.iter().copied().collect();
    let layer_of: BTreeMap<i32, usize> = layer_rank.iter().enumerate().map(|(i, &r)| (r, i)).collect();

    let mut g = LGraph { layer_rank: layer_rank.clone(), ..Default::default() };
    g.layers = vec![Vec::new(); layer_rank.len()];
    for (i, rn) in rank_nodes.iter().enumerate() {
        let l = layer_of[&ranks[i]];
        g.add_node(rn.kind, rn.w, rn.h, rn.cluster, l);
    }
    let k = clusters.len();
    g.cluster_ranks = (0..k)
        .map(|c| (g.nodes[clusters.top[c]].rank, g.nodes[clusters.bottom[c]].rank))
        .collect();
    // Border nodes, one pair per cluster layer, linked down the layers.
    for c in 0..k {
        let (t, b) = g.cluster_ranks[c];
        let mut prev: Option<(usize, usize)> = None;
        for l in t..=b {
            let left = g.add_node(Kind::Border(c, Side::Left), 0.0, 0.0, Some(c), l);
            let right = g.add_node(Kind::Border(c, Side::Right), 0.0, 0.0, Some(c), l);
            if let Some((pl, pr)) = prev {
                g.border_down[pl] = Some(left);
                g.border_up[left] = Some(pl);
                g.border_down[pr] = Some(right);
                g.border_up[right] = Some(pr);
            }
            prev = Some((left, right));
        }
    }
    g.clusters = clusters;

    let mut chains = Vec::with_capacity(edges.len());
    let mut loops: BTreeMap<usize, usize> = BTreeMap::new();
    for (ei, e) in edges.iter().enumerate() {
        if !e.valid {
            chains.push(Chain::Skip);
            continue;
        }
        if e.tail == e.head {
            let n = loops.entry(e.tail).or_insert(0);
            chains.push(Chain::Loop { node: e.tail, index: *n });
            *n += 1;
            continue;
        }
        let (lt, lh) = (g.nodes[e.tail].rank, g.nodes[e.head].rank);
        if lt == lh {
            chains.push(Chain::Flat { tail: e.tail, head: e.head });
            continue;
        }
        let reversed = lt > lh;
        let (top, bottom) = if reversed { (e.head, e.tail) } else { (e.tail, e.head) };
        let (l0, l1) = (g.nodes[top].rank, g.nodes[bottom].rank);
        let label_layer = e.label.and_then(|_| mid_of(e)).map(|m| layer_of[&m]);
        let owners = chain_clusters(&g.clusters, &g.cluster_ranks, g.nodes[top].cluster, g.nodes[bottom].cluster, l0 + 1..l1);
        let mut nodes = vec![top];
        let mut prev = top;
        for (i, l) in (l0 + 1..l1).enumerate() {
            let (kind, w, h) = match (label_layer, e.label) {
                (Some(ll), Some((lw, lh))) if ll == l => (Kind::Label(ei), lw, lh),
                _ => (Kind::Dummy(ei), 0.0, 0.0),
            };
            let d = g.add_node(kind, w, h, owners[i], l);
            g.link(prev, d);
            nodes.push(d);
            prev = d;
        }
        g.link(prev, bottom);
        nodes.push(bottom);
        chains.push(Chain::Layered { nodes, reversed });
    }
    for v in 0..g.nodes.len() {
        let l = g.nodes[v].rank;
        g.layers[l].push(v);
    }
    (g, chains)
}

/// dagre's `parentDummyChains`: the cluster owning each dummy of an edge from
/// a node in cluster `cu` to one in `cv`, for the dummies' layers `layers`.
fn chain_clusters(
    cl: &Clusters,
    cr: &[(usize, usize)],
    cu: Option<usize>,
    cv: Option<usize>,
    layers: std::ops::Range<usize>,
) -> Vec<Option<usize>> {
    let pu = cl.path(cu);
    let pv = cl.path(cv);
    // Lowest common ancestor: longest common suffix of the two root paths.
    let (mut i, mut j) = (pu.len(), pv.len());
    while i > 0 && j > 0 && pu[i - 1] == pv[j - 1] {
        i -= 1;
        j -= 1;
    }
    let lca = if i < pu.len() { Some(pu[i]) } else { None };
    let mut path: Vec<Option<usize>> = pu[..i].iter().map(|&c| Some(c)).collect();
    path.push(lca);
    path.extend(pv[..j].iter().rev().map(|&c| Some(c)));
    let max_rank = |c: Option<usize>| c.map_or(usize::MAX, |c| cr[c].1);
    let min_rank = |c: Option<usize>| c.map_or(0, |c| cr[c].0);
    let mut out = Vec::new();
    let mut idx = 0;
    let mut ascending = true;
    for l in layers {
        if ascending {
            // Climb while the dummy lies below the current cluster.
            while path[idx] != lca && max_rank(path[idx]) < l {
                idx += 1;
            }
            if path[idx] == lca {
                ascending = false;
            }
        }
        if !ascending {
            // Descend once the dummy reaches the next cluster's top.
            while idx + 1 < path.len() && min_rank(path[idx + 1]) <= l {
                idx += 1;
            }
        }
        out.push(path[idx]);
    }
    out
}
