//! Edge labels onto their edges' lines. Network simplex leaves a label node
//! anywhere between its edge's neighbours at equal cost (the two pulls
//! cancel), and it tends to end up in line with one of them, which bends
//! the edge at the label. Mermaid draws the label on the edge, so once y is
//! known each label moves, as far as its layer neighbours allow, to where
//! the straight line between the edge's neighbours crosses its layer.
//!
//! Pre: x and y are final for every node; layer orders are final. Post: the
//! separations of `Spacing::sep` still hold, so nothing overlaps.

use super::graph::{Kind, LGraph};
use super::position::Spacing;

/// Moves every label node towards the line between its upper and lower
/// neighbours.
pub(crate) fn straighten(g: &mut LGraph, sp: &Spacing) {
    for r in 0..g.layers.len() {
        for at in 0..g.layers[r].len() {
            let v = g.layers[r][at];
            if !matches!(g.nodes[v].kind, Kind::Label(_)) {
                continue;
            }
            let (Some(&up), Some(&down)) = (g.up[v].first(), g.down[v].first()) else { continue };
            let (u, w) = (&g.nodes[up], &g.nodes[down]);
            let span = w.y - u.y;
            if span.abs() < 1e-9 {
                continue;
            }
            let t = (g.nodes[v].y - u.y) / span;
            let ideal = u.x + t * (w.x - u.x);
            let layer = &g.layers[r];
            let lo = at.checked_sub(1).map_or(f64::NEG_INFINITY, |i| g.nodes[layer[i]].x + sp.sep(g, layer[i], v));
            let hi = layer.get(at + 1).map_or(f64::INFINITY, |&b| g.nodes[b].x - sp.sep(g, v, b));
            if lo <= hi {
                g.nodes[v].x = ideal.clamp(lo, hi);
            }
        }
    }
}
