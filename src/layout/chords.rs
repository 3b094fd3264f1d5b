//! Phase 5 for the spline router: an edge spanning one rank of the
//! flowchart has one virtual node (a dummy, or its label node) on the
//! layer between its ends, and network simplex's x (Gansner et al. 1993,
//! §4.2, Ω = 1, 2, 8) is flat for it anywhere between its ends, so it
//! lands next to whatever neighbours it: often a long edge's column, on
//! the side the chord (the straight line between the ends' centres) does
//! not pass. The corridor (`route::corridor`) then stops short of that
//! column and the edge bends round it; on rand_0500, 240 of 525 such
//! edges had their chord blocked so, and carried 588 of 1393 bends. Two
//! passes put the virtual nodes where the chords are:
//!
//! 1. [`swap_by_chords`]: two neighbouring virtual nodes whose wishes are
//!    in the wrong order swap when that adds no crossing (ordering is
//!    blind to geometry, and such ties are common: two edges that must
//!    cross may do so above the layer or below it). The caller solves x
//!    again. A transposition as in Gansner et al. §3, with the chords as
//!    the tie-break.
//! 2. [`pull_to_chords`]: per layer, each maximal run of movable virtual
//!    nodes between two fixed nodes (or a layer end) is placed by isotonic
//!    regression (pool adjacent violators; Barlow et al. 1972, "Statistical
//!    inference under order restrictions"): minimise Σ (x_i − t_i)², t_i
//!    the chord's x at the node's height, subject to the layer order and
//!    the separations (`Spacing::sep`). With c_i the sum of the
//!    separations from the run's first node, z_i = x_i − c_i must be
//!    non-decreasing and lies in one interval set by the fixed
//!    neighbours, so the bounded optimum is the unbounded one clamped.
//!    O(V) per layer. Objective-neutral for network simplex as long as a
//!    node stays between its ends.
//!
//! Only one-node chains move: a long chain's dummies stay in the column
//! Ω = 8 gives them (moved onto their chords, they zig-zag round the real
//! nodes of the layers they cross: on the corpus bends went from 1942 to
//! 2890). Real nodes, titles and cluster borders are fixed.
//!
//! Pre: x and y final for every layered node and feasible. Post: order and
//! separations hold; the output depends only on the input (no hashing, no
//! float functions beyond + − × ÷).

use super::graph::{edge_chains, LGraph};
use super::position::Spacing;

/// Longest chain (in virtual nodes) that moves onto its chord.
const MAX_CHAIN: usize = 1;

/// The chord's x at every virtual node of a chain of at most `MAX_CHAIN`
/// (None for other nodes).
fn chord_targets(g: &LGraph) -> Vec<Option<f64>> {
    let mut target = vec![None; g.nodes.len()];
    for chain in edge_chains(g).into_iter().filter(|c| c.pieces.len() <= MAX_CHAIN) {
        let (a, b) = (&g.nodes[chain.top], &g.nodes[chain.bottom]);
        let dy = b.y - a.y;
        for &d in &chain.pieces {
            let t = if dy > 1e-9 { (g.nodes[d].y - a.y) / dy } else { 0.5 };
            target[d] = Some(a.x + (b.x - a.x) * t);
        }
    }
    target
}

/// A block of pooled points: their mean target (in z) and count.
struct Pool {
    mean: f64,
    count: usize,
}

/// Isotonic regression of `z` (equal weights): the non-decreasing sequence
/// nearest in the least-squares sense, by pooling adjacent violators.
fn isotonic(z: &[f64]) -> Vec<f64> {
    let mut pools: Vec<Pool> = Vec::with_capacity(z.len());
    for &value in z {
        let mut p = Pool { mean: value, count: 1 };
        while let Some(last) = pools.last() {
            if last.mean <= p.mean {
                break;
            }
            let total = last.count + p.count;
            p = Pool { mean: (last.mean * last.count as f64 + p.mean * p.count as f64) / total as f64, count: total };
            pools.pop();
        }
        pools.push(p);
    }
    pools.iter().flat_map(|p| std::iter::repeat(p.mean).take(p.count)).collect()
}

/// Places the run `run` (consecutive virtual nodes of one layer) between
/// the fixed bounds `lo` (least x of the first node) and `hi` (greatest x
/// of the last).
fn place_run(g: &mut LGraph, sp: &Spacing, run: &[usize], target: &[Option<f64>], lo: f64, hi: f64) {
    let mut offset = Vec::with_capacity(run.len());
    let mut c = 0.0;
    for (i, &v) in run.iter().enumerate() {
        if i > 0 {
            c += sp.sep(g, run[i - 1], v);
        }
        offset.push(c);
    }
    let z: Vec<f64> = run.iter().zip(&offset).map(|(&v, &c)| target[v].unwrap_or(g.nodes[v].x) - c).collect();
    let (zlo, zhi) = (lo, hi - c);
    if zlo > zhi + 1e-6 {
        // The fixed neighbours leave no slack (cannot happen for feasible
        // input beyond rounding): keep the run where it is.
        return;
    }
    for ((&v, &c), z) in run.iter().zip(&offset).zip(isotonic(&z)) {
        g.nodes[v].x = z.clamp(zlo, zhi.max(zlo)) + c;
    }
}

/// Moves the virtual nodes of one-node chains towards their chords (see
/// the module docs). Other nodes keep their x.
pub(crate) fn pull_to_chords(g: &mut LGraph, sp: &Spacing) {
    let target = chord_targets(g);
    let mut run = Vec::new();
    for r in 0..g.layers.len() {
        let layer = std::mem::take(&mut g.layers[r]);
        let mut lo = f64::NEG_INFINITY;
        run.clear();
        for (i, &v) in layer.iter().enumerate() {
            if target[v].is_some() {
                if run.is_empty() && i > 0 {
                    lo = g.nodes[layer[i - 1]].x + sp.sep(g, layer[i - 1], v);
                }
                run.push(v);
                continue;
            }
            if let Some(&last) = run.last() {
                let hi = g.nodes[v].x - sp.sep(g, last, v);
                place_run(g, sp, &run, &target, lo, hi);
                run.clear();
            }
            lo = f64::NEG_INFINITY;
        }
        if !run.is_empty() {
            place_run(g, sp, &run, &target, lo, f64::INFINITY);
        }
        g.layers[r] = layer;
    }
}

/// Where a virtual node would like to be: on its chord if its chain has
/// this one virtual node (its x is then free between the ends), else where
/// it is (a long chain's column, which Ω = 8 holds).
fn desired_x(g: &LGraph, target: &[Option<f64>], v: usize) -> f64 {
    target[v].unwrap_or(g.nodes[v].x)
}

/// Crossings between the segments of `u` and `v` (one upper and one lower
/// neighbour each) with `u` left of `v`, given the layer positions `pos`.
fn pair_crossings(g: &LGraph, pos: &[usize], u: usize, v: usize) -> usize {
    let count = |a: &[usize], b: &[usize]| a.iter().map(|&x| b.iter().filter(|&&y| pos[x] > pos[y]).count()).sum::<usize>();
    count(&g.up[u], &g.up[v]) + count(&g.down[u], &g.down[v])
}

/// Most passes over the layers when swapping neighbours by their chords.
const SWAP_PASSES: usize = 4;

/// Swaps adjacent virtual nodes whose wishes (`desired_x`) are in the wrong
/// order when the swap adds no crossing: two edges that must cross then
/// cross in the other gap, where their chords do, and neither has to bend
/// round the other's dummy. Only pairs of one cluster (no border between
/// them, same innermost cluster) are swapped, so blocks stay contiguous.
/// Returns whether anything moved (the caller positions again).
pub(crate) fn swap_by_chords(g: &mut LGraph) -> bool {
    let target = chord_targets(g);
    let n = g.nodes.len();
    let mut pos = vec![0usize; n];
    for l in &g.layers {
        for (i, &v) in l.iter().enumerate() {
            pos[v] = i;
        }
    }
    let mut moved = false;
    for _ in 0..SWAP_PASSES {
        let mut swapped = false;
        for r in 0..g.layers.len() {
            for i in 1..g.layers[r].len() {
                let (u, v) = (g.layers[r][i - 1], g.layers[r][i]);
                let (nu, nv) = (&g.nodes[u], &g.nodes[v]);
                if !nu.kind.is_edge_piece() || !nv.kind.is_edge_piece() || nu.cluster != nv.cluster {
                    continue;
                }
                if target[u].is_none() && target[v].is_none() {
                    continue;
                }
                if desired_x(g, &target, u) <= desired_x(g, &target, v) {
                    continue;
                }
                if pair_crossings(g, &pos, v, u) > pair_crossings(g, &pos, u, v) {
                    continue;
                }
                g.layers[r].swap(i - 1, i);
                pos[u] = i;
                pos[v] = i - 1;
                swapped = true;
            }
        }
        moved |= swapped;
        if !swapped {
            break;
        }
    }
    moved
}

#[cfg(test)]
#[path = "chords_tests.rs"]
mod tests;
