//! Phase 5: coordinates. x by Brandes & Köpf (2001) "Fast and Simple
//! Horizontal Coordinate Assignment": mark type-1 conflicts (non-inner
//! segments crossing inner segments between dummies), build vertical blocks
//! by median alignment in the four directions (up/down × left/right),
//! compact each horizontally, align the four results to the narrowest and
//! balance them (average of the two median candidates). Cluster border
//! chains count as inner segments, so every cluster side is one straight
//! block. y from the layer heights and rank gaps.

use super::graph::{Kind, LGraph};
use super::rank::{self, REdge};
use std::collections::HashSet;

/// Spacing rules in TB space.
pub(crate) struct Spacing {
    pub node_sep: f64,
    pub edge_sep: f64,
    pub rank_sep: f64,
    pub cluster_pad: f64,
    /// Extra room inside each cluster's left border (the title band when
    /// the diagram is LR/RL).
    pub band: Vec<f64>,
}

impl Spacing {
    fn half(&self, k: Kind) -> f64 {
        if k.is_dummy() && !matches!(k, Kind::Label(_)) {
            self.edge_sep / 2.0
        } else {
            self.node_sep / 2.0
        }
    }

    /// Minimum distance between the centres of `a` (left) and `b` (right)
    /// when adjacent in a layer.
    pub(crate) fn sep(&self, g: &LGraph, a: usize, b: usize) -> f64 {
        let (na, nb) = (&g.nodes[a], &g.nodes[b]);
        let base = (na.w + nb.w) / 2.0 + na.right_extra;
        let gap = match (na.kind, nb.kind) {
            (Kind::Border(c, true), Kind::Border(_, true)) => self.cluster_pad + self.band[c],
            (Kind::Border(_, false), Kind::Border(_, false)) => self.cluster_pad,
            (Kind::Border(_, false), Kind::Border(_, true)) => self.node_sep,
            (Kind::Border(c, true), Kind::Border(_, false)) => 2.0 * self.cluster_pad + self.band[c],
            (Kind::Border(c, true), _) => self.cluster_pad + self.band[c],
            (Kind::Border(_, false), k) => self.half(k),
            (k, Kind::Border(_, true)) => self.half(k),
            (_, Kind::Border(_, false)) => self.cluster_pad,
            (ka, kb) => self.half(ka) + self.half(kb),
        };
        base + gap
    }
}

fn up_bk(g: &LGraph, v: usize, out: &mut Vec<usize>) {
    out.clear();
    out.extend(g.up[v].iter().copied());
    out.extend(g.border_up[v]);
}

fn down_bk(g: &LGraph, v: usize, out: &mut Vec<usize>) {
    out.clear();
    out.extend(g.down[v].iter().copied());
    out.extend(g.border_down[v]);
}

/// An inner segment joins two dummies of the same cluster (a dummy chain
/// moving between clusters is not inner, so cluster border chains, which are
/// inner, always win the conflict and stay straight).
fn is_inner(g: &LGraph, u: usize, v: usize) -> bool {
    g.nodes[u].kind.is_dummy() && g.nodes[v].kind.is_dummy() && g.nodes[u].cluster == g.nodes[v].cluster
}

/// BK Alg. 1 (preprocessing): type-1 conflicts, i.e. non-inner segments
/// crossing an inner segment; those will not be aligned.
fn type1_conflicts(g: &LGraph, pos: &[usize]) -> HashSet<(usize, usize)> {
    let mut conflicts = HashSet::new();
    let mut nb = Vec::new();
    for r in 1..g.layers.len() {
        let (prev, layer) = (&g.layers[r - 1], &g.layers[r]);
        let mut k0 = 0usize;
        let mut scan = 0usize;
        for (i, &v) in layer.iter().enumerate() {
            // The upper end of an inner segment ending at v, if any.
            let mut inner = None;
            if g.nodes[v].kind.is_dummy() {
                up_bk(g, v, &mut nb);
                inner = nb.iter().copied().find(|&u| is_inner(g, u, v));
            }
            let k1 = inner.map_or(prev.len(), |u| pos[u]);
            if inner.is_some() || i + 1 == layer.len() {
                for &s in &layer[scan..=i] {
                    up_bk(g, s, &mut nb);
                    for &u in &nb {
                        let pu = pos[u];
                        if (pu < k0 || k1 < pu) && !is_inner(g, u, s) {
                            conflicts.insert((u.min(s), u.max(s)));
                        }
                    }
                }
                scan = i + 1;
                k0 = k1;
            }
        }
        // Cluster border chains take precedence over everything: any
        // segment crossing one (possible for dummy chains, which ordering
        // lets pass a cluster block) is not aligned, so every border chain
        // becomes one straight block.
        let borders: Vec<(usize, usize)> = layer
            .iter()
            .filter_map(|&v| g.border_up[v].map(|u| (pos[u], pos[v])))
            .collect();
        if !borders.is_empty() {
            for &v in layer {
                if matches!(g.nodes[v].kind, Kind::Border(..)) {
                    continue;
                }
                for &u in &g.up[v] {
                    let (pu, pv) = (pos[u], pos[v]);
                    if borders.iter().any(|&(bu, bv)| (pu < bu && pv > bv) || (pu > bu && pv < bv)) {
                        conflicts.insert((u.min(v), u.max(v)));
                    }
                }
            }
        }
    }
    conflicts
}

/// One of the four BK layouts. `down`: align with lower neighbours,
/// sweeping bottom-up; `right`: sweep each layer right to left.
fn one_alignment(g: &LGraph, sp: &Spacing, conflicts: &HashSet<(usize, usize)>, down: bool, right: bool) -> Vec<f64> {
    let n = g.nodes.len();
    let mut layering: Vec<Vec<usize>> = g.layers.clone();
    if down {
        layering.reverse();
    }
    if right {
        for l in layering.iter_mut() {
            l.reverse();
        }
    }
    let mut pos = vec![0usize; n];
    for l in &layering {
        for (i, &v) in l.iter().enumerate() {
            pos[v] = i;
        }
    }
    // BK Alg. 2: vertical alignment with the median neighbour(s).
    let mut root: Vec<usize> = (0..n).collect();
    let mut align: Vec<usize> = (0..n).collect();
    let mut ws = Vec::new();
    for l in &layering {
        let mut prev: isize = -1;
        for &v in l {
            if down {
                down_bk(g, v, &mut ws);
            } else {
                up_bk(g, v, &mut ws);
            }
            if ws.is_empty() {
                continue;
            }
            ws.sort_by_key(|&w| pos[w]);
            ws.dedup();
            let d = ws.len();
            let (lo, hi) = ((d - 1) / 2, d / 2);
            for &w in &ws[lo..=hi] {
                if align[v] == v && prev < pos[w] as isize && !conflicts.contains(&(v.min(w), v.max(w))) {
                    align[w] = v;
                    root[v] = root[w];
                    align[v] = root[v];
                    prev = pos[w] as isize;
                }
            }
        }
    }
    // BK Alg. 3 (as in dagre): horizontal compaction on the block graph,
    // longest path from the left, then pull blocks right towards their
    // successors where nothing holds them.
    let mut succ: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for l in &layering {
        for w in l.windows(2) {
            let (u, v) = (w[0], w[1]);
            let s = if right { sp.sep(g, v, u) } else { sp.sep(g, u, v) };
            let (ru, rv) = (root[u], root[v]);
            succ[ru].push((rv, s));
            pred[rv].push((ru, s));
        }
    }
    let blocks: Vec<usize> = (0..n).filter(|&v| root[v] == v).collect();
    let mut indeg = vec![0usize; n];
    for &b in &blocks {
        for &(t, _) in &succ[b] {
            indeg[t] += 1;
        }
    }
    let mut topo = Vec::with_capacity(blocks.len());
    let mut stack: Vec<usize> = blocks.iter().copied().filter(|&b| indeg[b] == 0).rev().collect();
    while let Some(b) = stack.pop() {
        topo.push(b);
        for &(t, _) in &succ[b] {
            indeg[t] -= 1;
            if indeg[t] == 0 {
                stack.push(t);
            }
        }
    }
    let mut xs = vec![0.0f64; n];
    for &b in &topo {
        let mut x: f64 = 0.0;
        for &(p, s) in &pred[b] {
            x = x.max(xs[p] + s);
        }
        xs[b] = x;
    }
    for &b in topo.iter().rev() {
        let skip = matches!(g.nodes[b].kind, Kind::Border(_, left) if left == right);
        if skip {
            continue;
        }
        let mut m = f64::INFINITY;
        for &(t, s) in &succ[b] {
            m = m.min(xs[t] - s);
        }
        if m.is_finite() {
            xs[b] = xs[b].max(m);
        }
    }
    let mut out = vec![0.0; n];
    for v in 0..n {
        out[v] = if right { -xs[root[v]] } else { xs[root[v]] };
    }
    out
}

fn separations_hold(g: &LGraph, sp: &Spacing, x: &[f64]) -> bool {
    g.layers.iter().all(|l| l.windows(2).all(|w| x[w[1]] - x[w[0]] >= sp.sep(g, w[0], w[1]) - 1e-6))
}

/// Brandes–Köpf x: the four alignments, aligned to the narrowest and
/// balanced. Separations hold (checked, with fallbacks).
fn brandes_koepf(g: &LGraph, sp: &Spacing) -> Vec<f64> {
    let n = g.nodes.len();
    let mut pos = vec![0usize; n];
    for l in &g.layers {
        for (i, &v) in l.iter().enumerate() {
            pos[v] = i;
        }
    }
    let conflicts = type1_conflicts(g, &pos);
    let mut xss: Vec<(Vec<f64>, bool)> = Vec::new();
    for down in [false, true] {
        for right in [false, true] {
            xss.push((one_alignment(g, sp, &conflicts, down, right), right));
        }
    }
    // Align to the narrowest layout: left layouts by their minimum, right
    // layouts by their maximum.
    let extent = |xs: &[f64]| {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for v in 0..n {
            lo = lo.min(xs[v] - g.nodes[v].w / 2.0);
            hi = hi.max(xs[v] + g.nodes[v].w / 2.0);
        }
        (lo, hi)
    };
    let mut smallest = 0;
    let mut best_w = f64::INFINITY;
    for (i, (xs, _)) in xss.iter().enumerate() {
        let (lo, hi) = extent(xs);
        if hi - lo < best_w - 1e-9 {
            best_w = hi - lo;
            smallest = i;
        }
    }
    let minmax = |xs: &[f64]| xs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    let (amin, amax) = minmax(&xss[smallest].0);
    for (xs, right) in xss.iter_mut() {
        let (lo, hi) = minmax(xs);
        let delta = if *right { amax - hi } else { amin - lo };
        for x in xs.iter_mut() {
            *x += delta;
        }
    }
    // Balance: average of the two median candidates.
    let mut x = vec![0.0; n];
    let mut c = [0.0f64; 4];
    for v in 0..n {
        for i in 0..4 {
            c[i] = xss[i].0[v];
        }
        c.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        x[v] = (c[1] + c[2]) / 2.0;
    }
    if !separations_hold(g, sp, &x) {
        x = xss[smallest].0.clone();
    }
    if !separations_hold(g, sp, &x) {
        // Cannot happen for a consistent block graph; keep a safe sweep.
        for l in &g.layers {
            for i in 1..l.len() {
                let s = sp.sep(g, l[i - 1], l[i]);
                if x[l[i]] < x[l[i - 1]] + s {
                    x[l[i]] = x[l[i - 1]] + s;
                }
            }
        }
    }
    x
}

/// Ω of Gansner et al. §4.2: the weight factor of an edge by its ends, so
/// that the segments between dummies (one long edge) are kept straighter
/// than those touching real nodes.
fn omega(a: Kind, b: Kind) -> i64 {
    match (is_virtual(a), is_virtual(b)) {
        (false, false) => 1,
        (true, true) => 8,
        _ => 2,
    }
}

/// Weight of the edge pulling each cluster's left side towards its right
/// side (dot's cluster compaction edge has 128): far above any edge's Ω, so
/// a cluster never widens to straighten an edge, only to make room.
const CLUSTER_PULL: i64 = 128;

/// Exchanges allowed per aux-graph element: the simplex's iteration bound is
/// `X_WORK / (variables + edges)`, clamped to `X_ITER_MIN..=X_ITER_MAX`.
const X_WORK: usize = 40_000_000;
const X_ITER_MIN: usize = 200;
const X_ITER_MAX: usize = 100_000;
/// Node visits allowed to the left-right balance, per aux-graph variable.
const X_BALANCE_WORK_PER_VAR: usize = 200;

/// Dot's auxiliary graph (Gansner et al. 1993, §4.2) over integer pixels.
struct AuxGraph {
    /// Aux variable of each layered node (a cluster's border nodes share
    /// one per side).
    var: Vec<usize>,
    vars: usize,
    /// Variables from here on are the n_e of segments.
    first_segment: usize,
    edges: Vec<REdge>,
}

/// Builds the aux graph: one variable per layered node, except that all
/// left (right) border nodes of a cluster are one variable, so each side is
/// straight; per layered segment (u, v) a new variable n_e with edges
/// n_e → u and n_e → v (minlen 0, weight Ω), whose optimum is |x_u − x_v|·Ω;
/// per pair of layer neighbours a → b with minlen ⌈sep⌉ and weight 0; per
/// cluster ln → rn with weight `CLUSTER_PULL`.
fn aux_graph(g: &LGraph, sp: &Spacing) -> AuxGraph {
    let n = g.nodes.len();
    let k = g.clusters.len();
    let mut side_var: Vec<[Option<usize>; 2]> = vec![[None, None]; k];
    let mut var = vec![0usize; n];
    let mut vars = 0;
    for v in 0..n {
        var[v] = match g.nodes[v].kind {
            Kind::Border(c, left) => {
                let slot = &mut side_var[c][usize::from(!left)];
                *slot.get_or_insert_with(|| {
                    vars += 1;
                    vars - 1
                })
            }
            _ => {
                vars += 1;
                vars - 1
            }
        };
    }
    let first_segment = vars;
    let mut edges = Vec::new();
    for l in &g.layers {
        for w in l.windows(2) {
            let minlen = (sp.sep(g, w[0], w[1]) - 1e-6).ceil() as i32;
            edges.push(REdge { u: var[w[0]], v: var[w[1]], minlen, weight: 0 });
        }
    }
    for v in 0..n {
        for &u in &g.up[v] {
            let ne = vars;
            vars += 1;
            let weight = omega(g.nodes[u].kind, g.nodes[v].kind);
            edges.push(REdge { u: ne, v: var[u], minlen: 0, weight });
            edges.push(REdge { u: ne, v: var[v], minlen: 0, weight });
        }
    }
    for side in &side_var {
        if let [Some(ln), Some(rn)] = *side {
            edges.push(REdge { u: ln, v: rn, minlen: 0, weight: CLUSTER_PULL });
        }
    }
    AuxGraph { var, vars, first_segment, edges }
}

/// A feasible integer start near `guess` (per layered node): n_e variables
/// start at the nearer end, then every variable is pushed right as far as
/// its constraints need, in topological order. None if the constraints are
/// cyclic (sibling clusters ordered differently on two layers, so merged
/// sides cannot both hold).
fn feasible_start(aux: &AuxGraph, guess: &[f64]) -> Option<Vec<i32>> {
    let nv = aux.vars;
    let mut start = vec![i32::MAX; nv];
    for (v, &x) in guess.iter().enumerate() {
        let s = &mut start[aux.var[v]];
        *s = (*s).min(x.round() as i32);
    }
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); nv];
    let mut indeg = vec![0usize; nv];
    for (i, e) in aux.edges.iter().enumerate() {
        out[e.u].push(i);
        indeg[e.v] += 1;
        if e.u >= aux.first_segment {
            start[e.u] = start[e.u].min(start[e.v]);
        }
    }
    let mut queue: Vec<usize> = (0..nv).filter(|&v| indeg[v] == 0).rev().collect();
    let mut seen = 0;
    while let Some(u) = queue.pop() {
        seen += 1;
        for &i in &out[u] {
            let e = aux.edges[i];
            start[e.v] = start[e.v].max(start[u] + e.minlen);
            indeg[e.v] -= 1;
            if indeg[e.v] == 0 {
                queue.push(e.v);
            }
        }
    }
    (seen == nv).then_some(start)
}

fn is_virtual(k: Kind) -> bool {
    matches!(k, Kind::Dummy(_) | Kind::Label(_))
}

/// The polyline router turns wherever a chain leaves a column, so among the
/// optimal placements of a chain of dummies (any straight column between its
/// two ends costs the same, Ω·|x_top − x_bottom|, and the left-right balance
/// picks the middle) this prefers the column of one end: the nearer end, or
/// else the other, if every dummy of the chain fits there between its
/// layer neighbours. The objective never grows: a straight chain at one
/// end's x costs the least any chain between those ends can.
fn straighten_chains(g: &LGraph, sp: &Spacing, x: &mut [f64]) {
    let n = g.nodes.len();
    let mut pos = vec![0usize; n];
    for l in &g.layers {
        for (i, &v) in l.iter().enumerate() {
            pos[v] = i;
        }
    }
    let fits = |x: &[f64], d: usize, t: f64| {
        let layer = &g.layers[g.nodes[d].rank];
        let i = pos[d];
        (i == 0 || x[layer[i - 1]] + sp.sep(g, layer[i - 1], d) <= t + 1e-6)
            && (i + 1 == layer.len() || t + sp.sep(g, d, layer[i + 1]) <= x[layer[i + 1]] + 1e-6)
    };
    let mut chain = Vec::new();
    for top in 0..n {
        if is_virtual(g.nodes[top].kind) {
            continue;
        }
        for &first in &g.down[top] {
            chain.clear();
            let mut v = first;
            while is_virtual(g.nodes[v].kind) && chain.len() < n {
                chain.push(v);
                match g.down[v].first() {
                    Some(&w) => v = w,
                    None => break,
                }
            }
            if chain.is_empty() || is_virtual(g.nodes[v].kind) {
                continue;
            }
            let (a, b) = (x[top], x[v]);
            let here = x[chain[0]];
            let targets = if (here - a).abs() <= (here - b).abs() { [a, b] } else { [b, a] };
            if let Some(t) = targets.into_iter().find(|&t| chain.iter().all(|&d| fits(x, d, t))) {
                for &d in &chain {
                    x[d] = t;
                }
            }
        }
    }
}

/// Assigns `x` to every node: network simplex on the aux graph, started
/// from Brandes–Köpf's coordinates; Brandes–Köpf alone when the aux graph is
/// cyclic.
pub(crate) fn position_x(g: &mut LGraph, sp: &Spacing) {
    let n = g.nodes.len();
    if n == 0 {
        return;
    }
    let bk = brandes_koepf(g, sp);
    let aux = aux_graph(g, sp);
    let x = match feasible_start(&aux, &bk) {
        Some(start) => {
            let size = aux.vars + aux.edges.len() + 1;
            let max_iter = (X_WORK / size).clamp(X_ITER_MIN, X_ITER_MAX);
            let solved = rank::network_simplex_x(aux.vars, &aux.edges, &start, max_iter, X_BALANCE_WORK_PER_VAR * aux.vars);
            let x: Vec<f64> = (0..n).map(|v| f64::from(solved[aux.var[v]])).collect();
            let mut x = x;
            straighten_chains(g, sp, &mut x);
            if separations_hold(g, sp, &x) {
                x
            } else {
                bk
            }
        }
        None => bk,
    };
    for v in 0..n {
        g.nodes[v].x = x[v];
    }
}

/// Assigns `y` to every node: each layer is as tall as its tallest node;
/// gaps are half the rank spacing per doubled rank, widened where cluster
/// boxes start or end.
pub(crate) fn position_y(g: &mut LGraph, sp: &Spacing) {
    let nl = g.layers.len();
    let mut height = vec![0.0f64; nl];
    let mut titled = vec![false; nl];
    let mut open_bottom = vec![false; nl];
    let mut open_top = vec![false; nl];
    for v in &g.nodes {
        height[v.rank] = height[v.rank].max(v.h);
        match v.kind {
            Kind::Top(_) | Kind::Bottom(_) if v.h > 0.0 => titled[v.rank] = true,
            Kind::Bottom(_) => open_bottom[v.rank] = true,
            Kind::Top(_) => open_top[v.rank] = true,
            _ => {}
        }
    }
    let mut ys = vec![0.0f64; nl];
    for r in 0..nl {
        if r == 0 {
            ys[0] = height[0] / 2.0;
            continue;
        }
        let base = (g.layer_rank[r] - g.layer_rank[r - 1]).max(1) as f64 * sp.rank_sep / 2.0;
        let pad = sp.cluster_pad;
        let extra = pad * (titled[r] as u8 as f64 + titled[r - 1] as u8 as f64 + open_bottom[r] as u8 as f64 + open_top[r - 1] as u8 as f64)
            + 2.0;
        let gap = base.max(extra);
        ys[r] = ys[r - 1] + height[r - 1] / 2.0 + gap + height[r] / 2.0;
    }
    for v in g.nodes.iter_mut() {
        v.y = ys[v.rank];
    }
}

/// The half-height of each layer (for routing through a layer vertically).
pub(crate) fn layer_half_heights(g: &LGraph) -> Vec<f64> {
    let mut h = vec![0.0f64; g.layers.len()];
    for v in &g.nodes {
        h[v.rank] = h[v.rank].max(v.h / 2.0);
    }
    h
}
