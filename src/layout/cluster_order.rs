//! After ordering: sibling clusters swap places as whole blocks where that
//! removes crossings.
//!
//! Ordering (`order`) keeps one global left-to-right order of sibling
//! clusters, set by their members' mean position in the first orders it
//! tries, and its transpose and sifting steps only move nodes within one
//! cluster: a cluster block never passes another. So a cluster that starts
//! on the left stays there, and a long edge from it to a cluster on the
//! far side must cross every edge of the cluster between them
//! (microservices: Frontend left of Services, and the edge from its CDN
//! to the Data store crossed the gateway's three edges; dot puts Services
//! on the left and Frontend above Data).
//!
//! Contract. Pre: `g.layers` is an order in which every cluster is a
//! contiguous block on each of its layers, borders at its ends, and
//! sibling clusters keep one order on all layers. Post: the same holds,
//! the crossing count (`order::count_crossings`) is no higher, and it is
//! lower whenever anything moved.
//!
//! A swap of siblings A and B exchanges the two blocks on every layer
//! where both stand; whatever stands between them stays between them. It is
//! tried only when no block of a third sibling stands between them on any
//! such layer: then the swapped order is again one global order (three
//! siblings that pairwise share layers all stand on one layer, where the
//! third would sit between the two), so the boxes stay disjoint rectangles.
//!
//! Cost: a try is one pass over the layers and one crossing count,
//! O(V + E log V); the tries stop at `MAX_TRIES` or `TRY_WORK` node visits,
//! whichever comes first. Charts with more than `MAX_CLUSTERS` clusters
//! are left as they are (each node's clusters are one 64-bit mask).

use super::graph::LGraph;
use super::order::count_crossings;

/// Most swaps tried.
const MAX_TRIES: usize = 200;

/// Most layered-node visits spent on tries (a try visits every node).
const TRY_WORK: usize = 4_000_000;

/// Most clusters a chart may have for the pass to run.
const MAX_CLUSTERS: usize = 64;

/// Most passes over the sibling pairs (a pass that swaps nothing ends it).
const MAX_PASSES: usize = 3;

/// Swaps adjacent sibling cluster blocks while that strictly lowers the
/// crossing count; returns the number of swaps kept.
pub(crate) fn swap_sibling_clusters(g: &mut LGraph) -> usize {
    let k = g.clusters.len();
    if k < 2 || k > MAX_CLUSTERS {
        return 0;
    }
    let within = membership(g);
    let max_tries = (TRY_WORK / g.nodes.len().max(1)).clamp(1, MAX_TRIES);
    let mut best = count_crossings(&g.layers, &g.down, &positions_of(&g.layers, g.nodes.len()));
    let mut kept = 0;
    let mut tries = 0;
    for _ in 0..MAX_PASSES {
        let mut swapped = false;
        for a in 0..k {
            for b in a + 1..k {
                if best == 0 || tries >= max_tries {
                    return kept;
                }
                if g.clusters.parent[a] != g.clusters.parent[b] || !share_layers(g, a, b) {
                    continue;
                }
                tries += 1;
                let Some(layers) = swapped_layers(g, &within, a, b) else { continue };
                let crossings = count_crossings(&layers, &g.down, &positions_of(&layers, g.nodes.len()));
                if crossings < best {
                    best = crossings;
                    g.layers = layers;
                    kept += 1;
                    swapped = true;
                }
            }
        }
        if !swapped {
            break;
        }
    }
    kept
}

/// Per layered node, the clusters it lies inside (at any depth) as bits:
/// its own, its nested clusters', their borders, title nodes and dummies.
fn membership(g: &LGraph) -> Vec<u64> {
    g.nodes.iter().map(|nd| g.clusters.path(nd.cluster).iter().fold(0u64, |m, &c| m | 1 << c)).collect()
}

/// Whether clusters `a` and `b` have a layer in common.
fn share_layers(g: &LGraph, a: usize, b: usize) -> bool {
    let ((ta, ba), (tb, bb)) = (g.cluster_ranks[a], g.cluster_ranks[b]);
    ta <= bb && tb <= ba
}

fn positions_of(layers: &[Vec<usize>], n: usize) -> Vec<usize> {
    let mut pos = vec![0; n];
    for l in layers {
        for (i, &v) in l.iter().enumerate() {
            pos[v] = i;
        }
    }
    pos
}

/// The positions the block of the clusters in `mask` spans on one layer,
/// if it stands there.
fn block(layer: &[usize], within: &[u64], mask: u64) -> Option<std::ops::Range<usize>> {
    let first = layer.iter().position(|&v| within[v] & mask != 0)?;
    let last = layer.iter().rposition(|&v| within[v] & mask != 0)?;
    Some(first..last + 1)
}

/// The layers with the blocks of siblings `a` and `b` exchanged wherever
/// both stand; None when they share no layer, or a third sibling's block
/// stands between them on one of those layers.
fn swapped_layers(g: &LGraph, within: &[u64], a: usize, b: usize) -> Option<Vec<Vec<usize>>> {
    let parent = g.clusters.parent[a];
    let siblings = (0..g.clusters.len()).filter(|&c| c != a && c != b && g.clusters.parent[c] == parent).fold(0u64, |m, c| m | 1 << c);
    let mut layers = g.layers.clone();
    let mut any = false;
    for layer in layers.iter_mut() {
        let (Some(ra), Some(rb)) = (block(layer, within, 1 << a), block(layer, within, 1 << b)) else { continue };
        let (left, right) = if ra.start < rb.start { (ra, rb) } else { (rb, ra) };
        let middle = left.end..right.start;
        if layer[middle.clone()].iter().any(|&v| within[v] & siblings != 0) {
            return None;
        }
        let mut out = Vec::with_capacity(layer.len());
        out.extend_from_slice(&layer[..left.start]);
        out.extend_from_slice(&layer[right.clone()]);
        out.extend_from_slice(&layer[middle]);
        out.extend_from_slice(&layer[left.clone()]);
        out.extend_from_slice(&layer[right.end..]);
        *layer = out;
        any = true;
    }
    any.then_some(layers)
}

#[cfg(test)]
#[path = "cluster_order_tests.rs"]
mod tests;
