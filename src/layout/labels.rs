//! Edge chains onto their straight lines. Network simplex (§4.2) keeps a
//! chain's dummies in one column, but the two end segments, pulled with
//! equal weights from both sides, leave each dummy and label anywhere
//! between its neighbours at equal cost, which often means in line with
//! one end and far from the other: the edge then runs across a narrow gap
//! between layers and bends twice. Once y is known, every dummy and label
//! node moves, as far as its layer neighbours allow, to where the straight
//! line between its chain's two end nodes crosses its layer. Mermaid draws
//! labels on the edge, so a label moves with its edge.
//!
//! Pre: x and y are final for every node; layer orders are final. Post: the
//! separations of `Spacing::sep` still hold (nothing overlaps, and the
//! order, hence the crossings, is unchanged).

use super::graph::{Kind, LGraph};
use super::position::Spacing;

fn on_chain(kind: Kind) -> bool {
    matches!(kind, Kind::Dummy(_) | Kind::Label(_))
}

/// Where each chain node would lie on the straight line between its
/// chain's ends (None for other nodes).
fn ideal_positions(g: &LGraph) -> Vec<Option<f64>> {
    let mut ideal = vec![None; g.nodes.len()];
    let mut chain = Vec::new();
    for top in 0..g.nodes.len() {
        // A chain starts below a node that is not on one.
        if on_chain(g.nodes[top].kind) {
            continue;
        }
        for &first in &g.down[top] {
            if !on_chain(g.nodes[first].kind) {
                continue;
            }
            chain.clear();
            let mut v = first;
            while on_chain(g.nodes[v].kind) && chain.len() <= g.layers.len() {
                chain.push(v);
                match g.down[v].first() {
                    Some(&w) => v = w,
                    None => break,
                }
            }
            if on_chain(g.nodes[v].kind) {
                continue;
            }
            let (a, b) = (&g.nodes[top], &g.nodes[v]);
            let span = b.y - a.y;
            if span.abs() < 1e-9 {
                continue;
            }
            for &c in &chain {
                let t = (g.nodes[c].y - a.y) / span;
                ideal[c] = Some(a.x + t * (b.x - a.x));
            }
        }
    }
    ideal
}

/// Moves every dummy and label node towards its chain's straight line.
pub(crate) fn straighten(g: &mut LGraph, sp: &Spacing) {
    let ideal = ideal_positions(g);
    for r in 0..g.layers.len() {
        for at in 0..g.layers[r].len() {
            let v = g.layers[r][at];
            let Some(x) = ideal[v] else { continue };
            let layer = &g.layers[r];
            let lo = at.checked_sub(1).map_or(f64::NEG_INFINITY, |i| g.nodes[layer[i]].x + sp.sep(g, layer[i], v));
            let hi = layer.get(at + 1).map_or(f64::INFINITY, |&b| g.nodes[b].x - sp.sep(g, v, b));
            if lo <= hi {
                g.nodes[v].x = x.clamp(lo, hi);
            }
        }
    }
}
