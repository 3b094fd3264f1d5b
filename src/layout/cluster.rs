//! Phase 6: cluster boxes (Sander 1996 / dagre compound layout). Each
//! cluster has a top and a bottom node (ranked by nesting constraints: top →
//! every member → bottom) and border nodes on every layer in between, which
//! ordering keeps at the ends of the cluster's contiguous block and
//! positioning aligns into two straight sides. The box is then read off
//! those nodes: sides from the borders, top from the title (or top) node,
//! bottom from the bottom node.

use super::graph::{Kind, LGraph, Side};
use super::position::Spacing;
use crate::geom::Rect;

/// Moves every title node as close to its cluster's centre as its layer
/// neighbours allow (mermaid draws the title centred at the top).
pub(crate) fn centre_titles(g: &mut LGraph, sp: &Spacing) {
    let k = g.clusters.len();
    let mut pos = vec![0usize; g.nodes.len()];
    for l in &g.layers {
        for (i, &v) in l.iter().enumerate() {
            pos[v] = i;
        }
    }
    for c in 0..k {
        let (lo, hi) = sides(g, c);
        let centre = (lo + hi) / 2.0;
        for t in [g.clusters.top[c], g.clusters.bottom[c]] {
            if g.nodes[t].w <= 0.0 {
                continue;
            }
            let layer = &g.layers[g.nodes[t].rank];
            let i = pos[t];
            let mut min = f64::NEG_INFINITY;
            let mut max = f64::INFINITY;
            if i > 0 {
                min = g.nodes[layer[i - 1]].x + sp.sep(g, layer[i - 1], t);
            }
            if i + 1 < layer.len() {
                max = g.nodes[layer[i + 1]].x - sp.sep(g, t, layer[i + 1]);
            }
            if min <= max {
                g.nodes[t].x = centre.clamp(min, max);
            }
        }
    }
}

/// Left and right side (TB space) of cluster `c`: its border nodes.
fn sides(g: &LGraph, c: usize) -> (f64, f64) {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    let (t, b) = g.cluster_ranks[c];
    for r in t..=b {
        for &v in &g.layers[r] {
            match g.nodes[v].kind {
                Kind::Border(bc, Side::Left) if bc == c => lo = lo.min(g.nodes[v].x),
                Kind::Border(bc, Side::Right) if bc == c => hi = hi.max(g.nodes[v].x),
                _ => {}
            }
        }
    }
    if !lo.is_finite() || !hi.is_finite() {
        let x = g.nodes[g.clusters.top[c]].x;
        return (x, x);
    }
    (lo, hi)
}

/// Cluster boxes in TB space. The top comes from the top node when it
/// holds the title; the bottom likewise. A top or bottom node without a
/// title shares its rank with the cluster's first or last members (see
/// `rank_graph::nesting_constraints`), so that end of the box is the
/// members' extent (nested boxes included) plus padding.
pub(crate) fn boxes(g: &LGraph, sp: &Spacing) -> Vec<Rect> {
    let k = g.clusters.len();
    let content = content_extents(g, sp);
    (0..k)
        .map(|c| {
            let (lo, hi) = sides(g, c);
            let (top, bottom) = box_ends(g, sp, c, content[c]);
            Rect::new((lo + hi) / 2.0, (top + bottom) / 2.0, hi - lo, bottom - top)
        })
        .collect()
}

/// The top and bottom of cluster `c`'s box, given the extent of what it
/// holds: a title node's own extent plus padding, else the contents'.
///
/// Left to right (a title band, `sp.band`), the title runs along the
/// ranks, and the top node is as tall as the title is wide only so that
/// the box is never shorter than its title: it holds a rank of its own,
/// shared with the labels of the edges coming in. The box then starts at
/// its contents, unless they are shorter than the title, and only as far
/// back into that rank as the title needs; otherwise those labels would
/// sit inside a box they only lead into.
fn box_ends(g: &LGraph, sp: &Spacing, c: usize, (inner_top, inner_bottom): (f64, f64)) -> (f64, f64) {
    let (t, b) = (&g.nodes[g.clusters.top[c]], &g.nodes[g.clusters.bottom[c]]);
    let pad = sp.cluster_pad;
    let bottom = if b.h > 0.0 { b.y + b.h / 2.0 + pad } else { b.y.max(inner_bottom + pad) };
    let reserved_top = t.y - t.h / 2.0 - pad;
    let top = if t.h <= 0.0 {
        t.y.min(inner_top - pad)
    } else if sp.band.get(c).is_some_and(|&band| band > 0.0) && inner_top <= inner_bottom {
        let title_fits = bottom - (t.h + 2.0 * pad);
        (inner_top - pad).min(title_fits).max(reserved_top)
    } else {
        reserved_top
    };
    (top, bottom)
}

/// Per cluster, the top and bottom (TB space) of what it holds: its
/// nodes, dummies and labels, and its child clusters' boxes with their
/// padding. Children are measured before their parents.
fn content_extents(g: &LGraph, sp: &Spacing) -> Vec<(f64, f64)> {
    let k = g.clusters.len();
    let mut ext = vec![(f64::INFINITY, f64::NEG_INFINITY); k];
    for v in &g.nodes {
        let Some(c) = v.cluster else { continue };
        // What stands on a title row (a label or dummy of an edge leading in
        // or out, which dagre's dummy chains give to the cluster) only
        // passes the title; it is not contents the box must wrap.
        if c >= k || matches!(v.kind, Kind::Border(..) | Kind::Top(_) | Kind::Bottom(_)) || g.is_title_rank(c, v.rank) {
            continue;
        }
        ext[c].0 = ext[c].0.min(v.y - v.h / 2.0);
        ext[c].1 = ext[c].1.max(v.y + v.h / 2.0);
    }
    // Deepest first, a level at a time (no sort: a stable sort's code
    // would grow the binary for a handful of clusters).
    let depth: Vec<usize> = (0..k).map(|c| g.clusters.path(Some(c)).len()).collect();
    let deepest = depth.iter().copied().max().unwrap_or(0);
    for level in (1..=deepest).rev() {
        for c in (0..k).filter(|&c| depth[c] == level) {
            let Some(p) = g.clusters.parent[c].filter(|&p| p < k) else { continue };
            let (top, bottom) = box_ends(g, sp, c, ext[c]);
            ext[p].0 = ext[p].0.min(top);
            ext[p].1 = ext[p].1.max(bottom);
        }
    }
    ext
}
