//! Track assignment for the horizontal segments of one gap between two
//! layers, after Sander's "Layout of directed hypergraphs with orthogonal
//! hyperedges" (GD 2003) and the hyperedge-segment dependency graph of
//! ELK layered's orthogonal edge router.
//!
//! A segment is an edge's horizontal run inside the gap, with the x of the
//! verticals that leave it upwards (towards the layer above) and downwards.
//! Two segments whose x ranges overlap must lie on different tracks, and
//! their vertical order decides how often they cross: if `a` lies above
//! `b`, each of `a`'s downward verticals strictly inside `b`'s range
//! crosses `b`, and each of `b`'s upward verticals inside `a`'s range
//! crosses `a`; a downward vertical of `a` at the x of an upward vertical
//! of `b` would even run on top of it. Every overlapping pair becomes one
//! dependency edge, "above", in its cheaper direction, weighted by what the
//! other direction would cost more. The dependency graph may have cycles;
//! they are broken by Eades, Lin and Smyth's greedy heuristic (weighted, as
//! ELK does), which reverses a light set of dependencies, and each segment
//! then takes the track one below the lowest of those it must lie under
//! (longest path), so overlapping segments never share a track.
//!
//! Pre: finite x values. Post: `assign` returns one track index per
//! segment, 0 topmost; segments on one track keep [`MIN_SAME_TRACK_GAP`]
//! apart; the result depends only on the input order and values.

/// Closer than this, two vertical x values are the same line.
pub(crate) const SAME_X: f64 = 1.0;

/// Segments closer than this along x may not share a track.
pub(crate) const MIN_SAME_TRACK_GAP: f64 = 6.0;

/// What a vertical on top of another costs, against 1 per crossing.
const OVERLAP_COST: u32 = 1_000;

/// A horizontal run in a gap.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Segment {
    /// x of the verticals leaving the run upwards.
    pub up: Vec<f64>,
    /// x of the verticals leaving the run downwards.
    pub down: Vec<f64>,
}

impl Segment {
    pub(crate) fn range(&self) -> (f64, f64) {
        let all = self.up.iter().chain(&self.down);
        let lo = all.clone().fold(f64::INFINITY, |m, &x| m.min(x));
        let hi = all.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
        (lo, hi)
    }
}

/// What `a` lying above `b` costs: crossings, plus [`OVERLAP_COST`] per
/// vertical of `a` running down on top of one of `b` running up.
pub(crate) fn cost_above(a: &Segment, b: &Segment) -> u32 {
    let (alo, ahi) = a.range();
    let (blo, bhi) = b.range();
    let strictly_in = |x: f64, lo: f64, hi: f64| x > lo + SAME_X / 2.0 && x < hi - SAME_X / 2.0;
    let mut cost = 0;
    for &x in &a.down {
        if b.up.iter().any(|&y| (x - y).abs() < SAME_X) {
            cost += OVERLAP_COST;
        } else if strictly_in(x, blo, bhi) {
            cost += 1;
        }
    }
    for &x in &b.up {
        if strictly_in(x, alo, ahi) && !a.down.iter().any(|&y| (x - y).abs() < SAME_X) {
            cost += 1;
        }
    }
    cost
}

/// One dependency: `above` must lie above `below`; reversing it costs
/// `weight`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dependency {
    above: usize,
    below: usize,
    weight: u32,
}

/// The track of each segment (0 topmost).
pub(crate) fn assign(segments: &[Segment]) -> Vec<usize> {
    let n = segments.len();
    let deps = dependencies(segments);
    let order = eades_lin_smyth(n, &deps);
    let mut place = vec![0; n];
    for (i, &s) in order.iter().enumerate() {
        place[s] = i;
    }
    // Dependencies against the order are reversed: the pair still gets
    // two tracks, in the order that breaks the cycle.
    let mut below_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for d in &deps {
        let (a, b) = if place[d.above] < place[d.below] { (d.above, d.below) } else { (d.below, d.above) };
        below_of[a].push(b);
    }
    let mut track = vec![0; n];
    for &s in &order {
        for &b in &below_of[s] {
            track[b] = track[b].max(track[s] + 1);
        }
    }
    track
}

/// Every pair of segments whose ranges come within
/// [`MIN_SAME_TRACK_GAP`], as a dependency in its cheaper direction (the
/// earlier segment above on a tie). A sweep over the segments sorted by
/// their left end finds the pairs.
fn dependencies(segments: &[Segment]) -> Vec<Dependency> {
    let ranges: Vec<(f64, f64)> = segments.iter().map(Segment::range).collect();
    let mut by_lo: Vec<usize> = (0..segments.len()).collect();
    by_lo.sort_by(|&a, &b| ranges[a].0.total_cmp(&ranges[b].0).then(a.cmp(&b)));
    let mut deps = Vec::new();
    for (i, &a) in by_lo.iter().enumerate() {
        for &b in &by_lo[i + 1..] {
            if ranges[b].0 >= ranges[a].1 + MIN_SAME_TRACK_GAP {
                break;
            }
            let (first, second) = (a.min(b), a.max(b));
            let down = cost_above(&segments[first], &segments[second]);
            let up = cost_above(&segments[second], &segments[first]);
            deps.push(if down <= up {
                Dependency { above: first, below: second, weight: up - down }
            } else {
                Dependency { above: second, below: first, weight: down - up }
            });
        }
    }
    deps.sort_by_key(|d| (d.above, d.below));
    deps
}

/// Eades, Lin and Smyth (1993), weighted: sinks go to the back, sources to
/// the front, otherwise the segment whose outgoing weight most exceeds its
/// incoming weight goes to the front (the lowest index on a tie). Returns
/// the segments in order; dependencies that point backwards in it are the
/// ones to reverse.
fn eades_lin_smyth(n: usize, deps: &[Dependency]) -> Vec<usize> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut in_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, d) in deps.iter().enumerate() {
        out_edges[d.above].push(k);
        in_edges[d.below].push(k);
    }
    let mut out_deg: Vec<usize> = out_edges.iter().map(Vec::len).collect();
    let mut in_deg: Vec<usize> = in_edges.iter().map(Vec::len).collect();
    // Weights count one more than the dependency's weight, so that a
    // zero-weight dependency still counts in the balance.
    let mut out_w: Vec<i64> = out_edges.iter().map(|ks| ks.iter().map(|&k| deps[k].weight as i64 + 1).sum()).collect();
    let mut in_w: Vec<i64> = in_edges.iter().map(|ks| ks.iter().map(|&k| deps[k].weight as i64 + 1).sum()).collect();
    let mut alive = vec![true; n];
    let mut front = Vec::with_capacity(n);
    let mut back = Vec::new();
    let mut left = n;
    let remove = |v: usize, alive: &mut Vec<bool>, out_deg: &mut Vec<usize>, in_deg: &mut Vec<usize>, out_w: &mut Vec<i64>, in_w: &mut Vec<i64>| {
        alive[v] = false;
        for &k in &out_edges[v] {
            let b = deps[k].below;
            in_deg[b] -= 1;
            in_w[b] -= deps[k].weight as i64 + 1;
        }
        for &k in &in_edges[v] {
            let a = deps[k].above;
            out_deg[a] -= 1;
            out_w[a] -= deps[k].weight as i64 + 1;
        }
    };
    while left > 0 {
        let mut progressed = false;
        for v in 0..n {
            if alive[v] && out_deg[v] == 0 {
                remove(v, &mut alive, &mut out_deg, &mut in_deg, &mut out_w, &mut in_w);
                back.push(v);
                left -= 1;
                progressed = true;
            }
        }
        for v in 0..n {
            if alive[v] && in_deg[v] == 0 {
                remove(v, &mut alive, &mut out_deg, &mut in_deg, &mut out_w, &mut in_w);
                front.push(v);
                left -= 1;
                progressed = true;
            }
        }
        if progressed || left == 0 {
            continue;
        }
        let pick = (0..n).filter(|&v| alive[v]).max_by(|&a, &b| (out_w[a] - in_w[a]).cmp(&(out_w[b] - in_w[b])).then(b.cmp(&a)));
        if let Some(v) = pick {
            remove(v, &mut alive, &mut out_deg, &mut in_deg, &mut out_w, &mut in_w);
            front.push(v);
            left -= 1;
        }
    }
    back.reverse();
    front.extend(back);
    front
}
