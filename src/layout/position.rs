//! Phase 5: coordinates. y from the layer heights and rank gaps; x as dot
//! computes it (Gansner, Koutsofios, North, Vo 1993, "A technique for
//! drawing directed graphs", §4.2): network simplex on an auxiliary graph
//! whose optimum minimises Σ Ω(e)·|x_u − x_v| over the layered segments
//! (Ω = 1, 2, 8 for real–real, real–virtual, virtual–virtual) subject to
//! the separation of layer neighbours (`Spacing::sep`: dummies by edge
//! spacing, self-loop room, the LR/RL title band).
//!
//! Steps (`position_x`):
//! 1. Brandes & Köpf (2001) "Fast and Simple Horizontal Coordinate
//!    Assignment": type-1 conflicts, four median alignments, compaction,
//!    balance. Kept as the simplex's start: from it (rounded and made
//!    feasible, `feasible_start`) rand_0500 needs 795 exchanges and the tight
//!    tree's objective is 2.56 M, against 4.39 M for Brandes–Köpf itself and
//!    1.10 M at the optimum. It is also the result if the aux graph is
//!    cyclic (sibling clusters ordered differently on two layers) or, on a
//!    huge graph cut short by the budget, has the lower objective (never
//!    on the corpus).
//! 2. `aux_graph`: a variable per layered node, except that each cluster's
//!    left (right) border nodes are one variable, so its sides are straight,
//!    pulled together with weight `CLUSTER_PULL` as dot's compaction edge
//!    does (a subgraph sits in line with its neighbours instead of
//!    stepping); and dummy chains are one variable over every inner segment
//!    that crosses no other inner or border segment (`straight_segments`),
//!    which makes long edges straight and the aux graph about a third
//!    smaller. Per remaining segment a variable n_e with n_e → u, n_e → v.
//! 3. `rank::network_simplex_x`: Graphviz's search size 30 for leave_edge,
//!    then a left-right balance; bounded by `X_WORK` node visits. Up to
//!    rand_0500 the corpus is solved to optimality (rand_0500 uses 1.55 M
//!    visits). rand_1000 (6.5 M visits to the optimum) and rand_2000
//!    (27 M) are cut short; with a 4 M budget they reached objectives 2.91 M
//!    (optimum 2.64 M) and 12.8 M (optimum 8.0 M, start 46.9 M). rand_2000
//!    → SVG costs 0.85 G instructions with the 2 M budget (callgrind; 1.01 G
//!    with 4 M, 2.8 G solved fully, 0.60 G with Brandes–Köpf alone).
//! 4. Tidying that keeps the objective: `straighten_chains` puts a chain's
//!    free column on one end's x (the polyline router turns wherever a
//!    column moves), `centre_blocks` centres blocks whose cost is flat.
//!
//! Cluster title nodes are centred afterwards by `cluster::centre_titles`.

use super::graph::{edge_chains, Kind, LGraph, LNode, Side};
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
    /// Height the gap above each layer needs for edge tracks, besides
    /// cluster padding (the orthogonal router's; empty for splines).
    pub track_room: Vec<f64>,
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
        // An untitled top or bottom node stands against its cluster's left
        // border (order.rs puts it there) and spaces like that border.
        let as_border = |n: &LNode| match n.kind {
            Kind::Top(c) | Kind::Bottom(c) if n.is_untitled_end() => Kind::Border(c, Side::Left),
            k => k,
        };
        if nb.is_untitled_end() && matches!(as_border(na), Kind::Border(_, Side::Left)) {
            return 0.0;
        }
        let base = (na.w + nb.w) / 2.0 + na.right_extra;
        let gap = match (as_border(na), as_border(nb)) {
            (Kind::Border(c, Side::Left), Kind::Border(_, Side::Left)) => self.cluster_pad + self.band[c],
            (Kind::Border(_, Side::Right), Kind::Border(_, Side::Right)) => self.cluster_pad,
            (Kind::Border(_, Side::Right), Kind::Border(_, Side::Left)) => self.node_sep,
            (Kind::Border(c, Side::Left), Kind::Border(_, Side::Right)) => 2.0 * self.cluster_pad + self.band[c],
            (Kind::Border(c, Side::Left), _) => self.cluster_pad + self.band[c],
            (Kind::Border(_, Side::Right), k) => self.half(k),
            (k, Kind::Border(_, Side::Left)) => self.half(k),
            (_, Kind::Border(_, Side::Right)) => self.cluster_pad,
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
        let skip = matches!(g.nodes[b].kind, Kind::Border(_, side) if side.is_left() == right);
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
    match (a.is_edge_piece(), b.is_edge_piece()) {
        (false, false) => 1,
        (true, true) => 8,
        _ => 2,
    }
}

/// Weight of the edge pulling each cluster's left side towards its right
/// side (dot's cluster compaction edge has 128): far above any edge's Ω, so
/// a cluster never widens to straighten an edge, only to make room.
const CLUSTER_PULL: i64 = 128;

/// Weight pulling a titled cluster's sides together beyond its contents:
/// the title row (title node and the dummies of edges entering beside it)
/// may widen the box at this cost, while `CLUSTER_PULL` holds the rows of
/// its members. Dot keeps the label out of the layer and only asks the box
/// to be as wide as it; here the title is a node no edge may cross, so an
/// entering edge has to pass beside it. Pulled at `CLUSTER_PULL`, the box
/// stays as narrow as its members and the entering dummy is squeezed
/// against a side, off the members' axis: every cluster below another
/// steps sideways (a staircase). At 1 a box widens by up to 2 px per pixel
/// an edge comes out straighter (Ω ≥ 2 on every segment at a dummy).
const TITLE_ROW_PULL: i64 = 1;

/// Node visits the simplex may spend on exchanges (see `rank::iterate`):
/// enough to reach the optimum on the corpus up to rand_0500, while
/// rand_1000 and rand_2000 stop early (feasible, already far below
/// Brandes–Köpf's objective).
const X_WORK: u64 = 2_000_000;
/// Largest |x| (px) the integer solve accepts: far inside i32, so that no
/// sum of separations or slacks in the simplex overflows. Beyond it (absurd
/// spacings from a hostile config) Brandes–Köpf's floats are kept.
const X_LIMIT: i64 = 100_000_000;
/// Node visits allowed to the left-right balance, per aux-graph variable.
const X_BALANCE_WORK_PER_VAR: usize = 200;

/// Dot's auxiliary graph (Gansner et al. 1993, §4.2) over integer pixels.
struct AuxGraph {
    /// Aux variable of each layered node (a cluster's border nodes share
    /// one per side).
    var: Vec<usize>,
    vars: usize,
    /// Variables from here on are the n_e of segments (then the content
    /// sides).
    first_segment: usize,
    /// Variables from here on are content sides.
    first_content: usize,
    /// Per cluster with members beside both borders, its content sides.
    content: Vec<Option<ContentSides>>,
    edges: Vec<REdge>,
}

/// Two aux variables bounding what a cluster holds in every row but its
/// title row(s): `left` ≤ each row's first member minus its separation from
/// the border, `right` likewise; the strong pull acts on them, the weak one
/// (`TITLE_ROW_PULL`) on the border sides.
#[derive(Clone, Copy)]
struct ContentSides {
    left: usize,
    right: usize,
    /// The cluster's border variables (the content sides start there).
    borders: [usize; 2],
}

/// The node next to one border of a cluster in one of its member rows, and
/// the separation between them.
struct RowEnd {
    node: usize,
    sep: i32,
}

/// The content sides of the cluster whose title node `v` is, if any.
fn titled_content(g: &LGraph, content: &[Option<ContentSides>], v: usize) -> Option<ContentSides> {
    match g.nodes[v].kind {
        Kind::Top(c) | Kind::Bottom(c) if g.nodes[v].h > 0.0 => content.get(c).copied().flatten(),
        _ => None,
    }
}

/// Per cluster, the first and last node inside its borders in each layer of
/// the cluster except its title rows (the layers of a top or bottom node
/// that holds the title).
fn content_row_ends(g: &LGraph, sp: &Spacing) -> Vec<[Vec<RowEnd>; 2]> {
    let k = g.clusters.len();
    let mut ends: Vec<[Vec<RowEnd>; 2]> = (0..k).map(|_| [Vec::new(), Vec::new()]).collect();
    let minlen = |s: f64| (s - 1e-6).ceil() as i32;
    for (r, l) in g.layers.iter().enumerate() {
        for (i, &v) in l.iter().enumerate() {
            let Kind::Border(c, side) = g.nodes[v].kind else { continue };
            if c >= k || g.is_title_rank(c, r) {
                continue;
            }
            match side {
                Side::Left if i + 1 < l.len() && g.nodes[l[i + 1]].kind != Kind::Border(c, Side::Right) => {
                    ends[c][0].push(RowEnd { node: l[i + 1], sep: minlen(sp.sep(g, v, l[i + 1])) });
                }
                Side::Right if i > 0 && g.nodes[l[i - 1]].kind != Kind::Border(c, Side::Left) => {
                    ends[c][1].push(RowEnd { node: l[i - 1], sep: minlen(sp.sep(g, l[i - 1], v)) });
                }
                _ => {}
            }
        }
    }
    ends
}

/// Whether dummy chains become one variable where they can.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ChainMerge {
    /// Each dummy chain is one variable over every inner segment (both ends
    /// virtual) that crosses no other inner segment and no cluster border:
    /// long edges run straight, as Ω = 8 asks for, and the aux graph is a
    /// fraction of the size.
    Straight,
    /// Every dummy is a variable of its own.
    Free,
}

/// For each node, whether the segment from its single upper neighbour is an
/// inner segment that may be drawn vertical: both ends virtual, and no other
/// inner segment or cluster border segment crosses it (BK's type-2
/// conflicts; merging both would make contradictory constraints).
fn straight_segments(g: &LGraph) -> Vec<bool> {
    let n = g.nodes.len();
    let mut pos = vec![0usize; n];
    for l in &g.layers {
        for (i, &v) in l.iter().enumerate() {
            pos[v] = i;
        }
    }
    let mut straight = vec![false; n];
    // (upper position, lower position, lower node or None for a border).
    let mut segs: Vec<(usize, usize, Option<usize>)> = Vec::new();
    for l in g.layers.iter().skip(1) {
        segs.clear();
        for &v in l {
            if let Some(u) = g.border_up[v] {
                segs.push((pos[u], pos[v], None));
            } else if g.nodes[v].kind.is_edge_piece() && g.up[v].len() == 1 && g.nodes[g.up[v][0]].kind.is_edge_piece() {
                segs.push((pos[g.up[v][0]], pos[v], Some(v)));
            }
        }
        segs.sort_unstable();
        // A segment is crossed iff one before it (by upper end) ends to its
        // right below, or one after it ends to its left.
        let mut after_min = vec![usize::MAX; segs.len() + 1];
        for i in (0..segs.len()).rev() {
            after_min[i] = after_min[i + 1].min(segs[i].1);
        }
        let mut before_max = 0usize;
        for (i, &(_, lower, v)) in segs.iter().enumerate() {
            let crossed = (i > 0 && before_max > lower) || after_min[i + 1] < lower;
            before_max = before_max.max(lower);
            if let (Some(v), false) = (v, crossed) {
                straight[v] = true;
            }
        }
    }
    straight
}

/// Builds the aux graph: one variable per layered node, except that all
/// left (right) border nodes of a cluster are one variable, so each side is
/// straight; per layered segment (u, v) a new variable n_e with edges
/// n_e → u and n_e → v (minlen 0, weight Ω), whose optimum is |x_u − x_v|·Ω;
/// per pair of layer neighbours a → b with minlen ⌈sep⌉ and weight 0; per
/// cluster ln → rn with weight `CLUSTER_PULL`.
fn aux_graph(g: &LGraph, sp: &Spacing, chains: ChainMerge) -> AuxGraph {
    let n = g.nodes.len();
    let k = g.clusters.len();
    let straight = match chains {
        ChainMerge::Straight => straight_segments(g),
        ChainMerge::Free => vec![false; n],
    };
    let mut side_var: Vec<[Option<usize>; 2]> = vec![[None, None]; k];
    let mut var = vec![0usize; n];
    let mut vars = 0;
    // Layer by layer, so a dummy's upper neighbour has its variable first.
    for l in &g.layers {
        for &v in l {
            var[v] = match g.nodes[v].kind {
                Kind::Border(c, side) => {
                    let slot = &mut side_var[c][usize::from(side == Side::Right)];
                    *slot.get_or_insert_with(|| {
                        vars += 1;
                        vars - 1
                    })
                }
                _ if straight[v] => var[g.up[v][0]],
                _ => {
                    vars += 1;
                    vars - 1
                }
            };
        }
    }
    // Content sides: a child cluster in a member row counts by its own
    // content sides (its title row may widen it without widening this one).
    let row_ends = content_row_ends(g, sp);
    let first_content = vars;
    let mut content: Vec<Option<ContentSides>> = vec![None; k];
    for c in 0..k {
        if let ([Some(ln), Some(rn)], false, false) = (side_var[c], row_ends[c][0].is_empty(), row_ends[c][1].is_empty()) {
            content[c] = Some(ContentSides { left: vars, right: vars + 1, borders: [ln, rn] });
            vars += 2;
        }
    }
    let first_segment = vars;
    let mut edges = Vec::new();
    for l in &g.layers {
        for w in l.windows(2) {
            let minlen = (sp.sep(g, w[0], w[1]) - 1e-6).ceil() as i32;
            edges.push(REdge { u: var[w[0]], v: var[w[1]], minlen, weight: 0 });
        }
    }
    // |x_a − x_b|·weight through a new variable n_e (its two edges are
    // pushed together: `objective` reads them as a pair).
    let mut segment = |a: usize, b: usize, weight: i64| {
        edges.push(REdge { u: vars, v: a, minlen: 0, weight });
        edges.push(REdge { u: vars, v: b, minlen: 0, weight });
        vars += 1;
    };
    for v in 0..n {
        for &u in &g.up[v] {
            if var[u] == var[v] {
                continue;
            }
            let weight = omega(g.nodes[u].kind, g.nodes[v].kind);
            // An edge to or from a cluster ends at its title node but is
            // drawn to the box: it pulls towards the span of the members
            // (flat over it), not towards the title, which the title row's
            // weak pull would let it drag sideways.
            let span = [(u, v), (v, u)].into_iter().find_map(|(end, other)| titled_content(g, &content, end).map(|cs| (other, cs)));
            match span {
                Some((other, cs)) => {
                    let half = (weight / 2).max(1);
                    segment(var[other], cs.left, half);
                    segment(var[other], cs.right, half);
                }
                None => segment(var[u], var[v], weight),
            }
        }
    }
    for c in 0..k {
        let Some(cs) = content[c] else { continue };
        for end in &row_ends[c][0] {
            let target = match g.nodes[end.node].kind {
                Kind::Border(ch, Side::Left) => content[ch].map_or(var[end.node], |ch| ch.left),
                _ => var[end.node],
            };
            edges.push(REdge { u: cs.left, v: target, minlen: end.sep, weight: 0 });
        }
        for end in &row_ends[c][1] {
            let source = match g.nodes[end.node].kind {
                Kind::Border(ch, Side::Right) => content[ch].map_or(var[end.node], |ch| ch.right),
                _ => var[end.node],
            };
            edges.push(REdge { u: source, v: cs.right, minlen: end.sep, weight: 0 });
        }
    }
    for (c, side) in side_var.iter().enumerate() {
        if let [Some(ln), Some(rn)] = *side {
            match content[c] {
                Some(cs) => {
                    edges.push(REdge { u: cs.left, v: cs.right, minlen: 0, weight: CLUSTER_PULL });
                    edges.push(REdge { u: ln, v: rn, minlen: 0, weight: TITLE_ROW_PULL });
                }
                None => edges.push(REdge { u: ln, v: rn, minlen: 0, weight: CLUSTER_PULL }),
            }
        }
    }
    AuxGraph { var, vars, first_segment, first_content, content, edges }
}

/// A feasible integer start near `guess` (per layered node): n_e variables
/// start at the nearer end, then every variable is pushed right as far as
/// its constraints need, in topological order. None if the constraints are
/// cyclic (sibling clusters ordered differently on two layers, so merged
/// sides cannot both hold) or the coordinates exceed `X_LIMIT`.
fn feasible_start(aux: &AuxGraph, guess: &[f64]) -> Option<Vec<i32>> {
    let nv = aux.vars;
    let mut start = vec![i64::MAX; nv];
    for (v, &x) in guess.iter().enumerate() {
        if !x.is_finite() || x.abs() > X_LIMIT as f64 {
            return None;
        }
        let s = &mut start[aux.var[v]];
        *s = (*s).min(x.round() as i64);
    }
    // Content sides start on the borders, which the guess already keeps
    // apart from every row's members.
    for cs in aux.content.iter().flatten() {
        start[cs.left] = start[cs.borders[0]];
        start[cs.right] = start[cs.borders[1]];
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
        if start[u].abs() > X_LIMIT {
            return None;
        }
        for &i in &out[u] {
            let e = aux.edges[i];
            // In i64 and checked against X_LIMIT when popped: no overflow.
            start[e.v] = start[e.v].max(start[u] + i64::from(e.minlen));
            indeg[e.v] -= 1;
            if indeg[e.v] == 0 {
                queue.push(e.v);
            }
        }
    }
    (seen == nv).then(|| start.into_iter().map(|s| s as i32).collect())
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
    for chain in edge_chains(g) {
        let (a, b) = (x[chain.top], x[chain.bottom]);
        let here = x[chain.pieces[0]];
        let targets = if (here - a).abs() <= (here - b).abs() { [a, b] } else { [b, a] };
        if let Some(t) = targets.into_iter().find(|&t| chain.pieces.iter().all(|&d| fits(x, d, t))) {
            for &d in &chain.pieces {
                x[d] = t;
            }
        }
    }
}

/// Balance (as Brandes–Köpf's averaging, and dot's left-right balance, aim
/// for): a vertical block (nodes joined by vertical segments) whose cost is
/// flat over an interval, i.e. whose outside neighbours weigh as much on the
/// left as on the right, moves to the middle of that interval as far as its
/// layer neighbours let it. The objective is unchanged; a fan-out's parent
/// ends up centred over its two children. Blocks are visited once, by
/// their lowest node index.
fn centre_blocks(g: &LGraph, sp: &Spacing, x: &mut [f64]) {
    let n = g.nodes.len();
    let mut pos = vec![0usize; n];
    for l in &g.layers {
        for (i, &v) in l.iter().enumerate() {
            pos[v] = i;
        }
    }
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut v: usize) -> usize {
        while p[v] != v {
            p[v] = p[p[v]];
            v = p[v];
        }
        v
    }
    for v in 0..n {
        for &u in &g.up[v] {
            if (x[u] - x[v]).abs() < 1e-6 {
                let (a, b) = (find(&mut parent, u), find(&mut parent, v));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for v in 0..n {
        let r = find(&mut parent, v);
        members[r].push(v);
    }
    let mut breaks: Vec<(f64, i64)> = Vec::new();
    for block in members.iter().filter(|m| !m.is_empty()) {
        if block.iter().any(|&v| matches!(g.nodes[v].kind, Kind::Border(..))) {
            continue;
        }
        let here = x[block[0]];
        breaks.clear();
        for &v in block {
            for &o in g.up[v].iter().chain(&g.down[v]) {
                if (x[o] - here).abs() >= 1e-6 {
                    breaks.push((x[o], omega(g.nodes[v].kind, g.nodes[o].kind)));
                }
            }
        }
        if breaks.len() < 2 {
            continue;
        }
        breaks.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: i64 = breaks.iter().map(|b| b.1).sum();
        // The flat stretch: between the breakpoints where the weight on the
        // left first reaches exactly half.
        let mut left = 0;
        let mut flat = None;
        for i in 0..breaks.len() - 1 {
            left += breaks[i].1;
            if 2 * left == total {
                flat = Some((breaks[i].0, breaks[i + 1].0));
                break;
            }
        }
        let Some((lo, hi)) = flat else { continue };
        if here < lo - 1e-6 || here > hi + 1e-6 {
            continue;
        }
        // Room in every member's layer.
        let (mut min, mut max) = (lo, hi);
        for &v in block {
            let layer = &g.layers[g.nodes[v].rank];
            let i = pos[v];
            if i > 0 {
                min = min.max(x[layer[i - 1]] + sp.sep(g, layer[i - 1], v));
            }
            if i + 1 < layer.len() {
                max = max.min(x[layer[i + 1]] - sp.sep(g, v, layer[i + 1]));
            }
        }
        if min > max {
            continue;
        }
        let target = ((lo + hi) / 2.0).round().clamp(min, max);
        for &v in block {
            x[v] = target;
        }
    }
}

/// The aux graph's objective for coordinates `x` (per layered node): the
/// segments' Σ weight·|x_a − x_b| plus the pulls on each cluster's width,
/// its content sides taken as tight as the rows allow.
fn objective(aux: &AuxGraph, x: &[f64]) -> f64 {
    let mut value = vec![f64::NAN; aux.vars];
    for (v, &xv) in x.iter().enumerate() {
        value[aux.var[v]] = xv;
    }
    let is_content = |v: usize| (aux.first_content..aux.first_segment).contains(&v);
    let mut is_left = vec![false; aux.vars];
    for cs in aux.content.iter().flatten() {
        value[cs.left] = f64::INFINITY;
        value[cs.right] = f64::NEG_INFINITY;
        is_left[cs.left] = true;
    }
    // Content sides hang off members and child clusters' content sides:
    // relax until settled (a pass per nesting level at most).
    let mut changed = true;
    while changed {
        changed = false;
        for e in aux.edges.iter().filter(|e| e.weight == 0 && (is_content(e.u) || is_content(e.v))) {
            let m = f64::from(e.minlen);
            // A left side leads its edges; a right side follows them.
            let (side, bound) = if is_left[e.u] { (e.u, value[e.v] - m) } else { (e.v, value[e.u] + m) };
            let tighter = if is_left[side] { bound < value[side] } else { bound > value[side] };
            if tighter {
                value[side] = bound;
                changed = true;
            }
        }
    }
    let mut sum = 0.0;
    let mut edges = aux.edges.iter();
    while let Some(e) = edges.next() {
        if e.u >= aux.first_segment {
            // The pair of n_e's edges.
            if let Some(f) = edges.next() {
                sum += e.weight as f64 * (value[e.v] - value[f.v]).abs();
            }
        } else if e.weight > 0 {
            sum += e.weight as f64 * (value[e.v] - value[e.u]);
        }
    }
    sum
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
    let mut solvable = None;
    for chains in [ChainMerge::Straight, ChainMerge::Free] {
        let aux = aux_graph(g, sp, chains);
        if let Some(start) = feasible_start(&aux, &bk) {
            solvable = Some((aux, start));
            break;
        }
    }
    let x = match solvable {
        Some((aux, start)) => {
            let solved = rank::network_simplex_x(aux.vars, &aux.edges, &start, X_WORK, X_BALANCE_WORK_PER_VAR * aux.vars);
            let x: Vec<f64> = (0..n).map(|v| f64::from(solved[aux.var[v]])).collect();
            let mut x = x;
            straighten_chains(g, sp, &mut x);
            centre_blocks(g, sp, &mut x);
            straighten_chains(g, sp, &mut x);
            // Brandes–Köpf wins only if the budget ran out early on a huge
            // graph (never seen on the corpus, up to rand_2000).
            if separations_hold(g, sp, &x) && objective(&aux, &x) <= objective(&aux, &bk) {
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
    // The tallest node on each layer that is not a cluster title.
    let mut untitled_height = vec![0.0f64; nl];
    // Boxes whose untitled end shares a layer with their members close
    // below it (open above it): one padding per box in the gap.
    let mut closing = vec![0u32; nl];
    let mut opening = vec![0u32; nl];
    for v in &g.nodes {
        height[v.rank] = height[v.rank].max(v.h);
        match v.kind {
            Kind::Top(_) | Kind::Bottom(_) if v.h > 0.0 => titled[v.rank] = true,
            Kind::Bottom(_) => closing[v.rank] += 1,
            Kind::Top(_) => opening[v.rank] += 1,
            _ => untitled_height[v.rank] = untitled_height[v.rank].max(v.h),
        }
    }
    // A layer of titles alone (edges and borders pass through it) takes
    // its room out of the rank gaps on either side, as dot puts a cluster
    // label in the rank separation: each gap's share of the rank spacing
    // shrinks by half the titles' height, down to the paddings the boxes
    // need.
    let title_only: Vec<bool> = (0..nl).map(|r| titled[r] && untitled_height[r] <= 0.0).collect();
    let shrink = |r: usize| if title_only[r] { height[r] / 2.0 } else { 0.0 };
    let mut ys = vec![0.0f64; nl];
    for r in 0..nl {
        if r == 0 {
            ys[0] = height[0] / 2.0;
            continue;
        }
        let base = (g.layer_rank[r] - g.layer_rank[r - 1]).max(1) as f64 * sp.rank_sep / 2.0 - shrink(r) - shrink(r - 1);
        let pad = sp.cluster_pad;
        let flags = titled[r] as u8 + titled[r - 1] as u8 + (closing[r] > 0) as u8 + (opening[r - 1] > 0) as u8;
        // A box closing right above one that opens: two more paddings, so
        // the two borders stand apart as far as a box's own padding and
        // another's (sibling clusters stacked along the ranks).
        let facing = if closing[r - 1] > 0 && (titled[r] || opening[r] > 0) { 2 } else { 0 };
        let extra = pad * (flags as f64 + (closing[r - 1] + opening[r] + facing) as f64) + 2.0;
        let room = sp.track_room.get(r).copied().unwrap_or(0.0);
        let gap = if room > 0.0 { base.max(extra).max(extra - 2.0 + room) } else { base.max(extra) };
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

#[cfg(test)]
#[path = "position_tests.rs"]
mod tests;
