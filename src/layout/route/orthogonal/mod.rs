//! The orthogonal router (mermaid 12's `neo` look, and `layout: elk`):
//! every edge is vertical where it leaves or enters a node (TB space, so
//! it meets the node's side at a right angle), runs straight down through
//! the layers its dummies stand on, and turns horizontal only in the gaps
//! between layers, on a track of its own; corners are rounded.
//!
//! The work is done as ELK layered's orthogonal router does it: ports
//! first (`ports`: one per edge end, spread along the side), then, gap by
//! gap, the horizontal runs ("hyperedge segments") get tracks from a
//! dependency graph that orders them to avoid crossings and never puts two
//! overlapping runs on one track (`tracks`; Sander 2003). Because the
//! number of tracks is known once x is, the position step asks
//! [`track_room`] how much height each gap needs before it places the
//! layers, so tracks keep their spacing instead of being squeezed.
//!
//! Classes: a regular edge follows its chain (back edges are routed down
//! and reversed); a flat edge rises from its ends' top sides to a track in
//! the gap above their layer; a self loop leaves the node's right side
//! (TB) and comes back lower on it; an edge naming a cluster ends on the
//! cluster's side. Labels stay on their label nodes, which the chain
//! passes through vertically.
//!
//! Pre: as for every router (see `route`). Post: every path is
//! axis-parallel in final space except inside its rounded corners, starts
//! on its tail's outline and ends on its head's; horizontal runs that
//! overlap along x lie on different tracks.

mod ports;
pub(crate) mod tracks;

use super::{self_loop_reach, EdgeClass, EdgeToRoute, RouteContext, RoutedEdge};
use crate::flowchart::Curve;
use crate::geom::{Point, Rect};
use crate::layout::curve;
use crate::layout::graph::{Chain, Kind, LGraph};
use crate::shape::Shape;
use super::obstacles::Outline;
use ports::{PortRequest, Side};
use tracks::Segment;

/// Room between a node's side and the first corner of an edge leaving it:
/// enough for the edge to read as leaving straight (the layout metrics'
/// end-kink test looks 16 units along the edge).
pub(crate) const END_ROOM: f64 = 15.0;

/// Preferred distance between neighbouring tracks.
pub(crate) const TRACK_SEP: f64 = 10.0;

/// Below this, two x values are one column and need no horizontal run.
const JOG_MIN: f64 = 0.01;

/// An edge's plan: where it passes each of its chain's nodes, and which
/// planned segment carries each horizontal run.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum EdgePlan {
    /// Per chain node, the x the edge passes it at (its port at the two
    /// ends); per piece between neighbouring chain nodes, its segment if
    /// the piece turns.
    Layered { xs: Vec<f64>, pieces: Vec<Option<usize>> },
    /// Both ports on the ends' top sides, and the run above the layer.
    Flat { tail_x: f64, head_x: f64, segment: usize },
    /// Self loops and unroutable edges: nothing to plan.
    Unplanned,
}

/// A horizontal run with its gap and track.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PlannedSegment {
    /// The gap above layer `gap` (gap 0 lies above the first layer).
    pub gap: usize,
    pub segment: Segment,
    pub track: usize,
}

/// Ports and tracks of every edge; depends on x only.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    pub edges: Vec<EdgePlan>,
    pub segments: Vec<PlannedSegment>,
    /// Tracks per gap.
    pub tracks: Vec<usize>,
}

/// The x span of an end's side: a node's own width, or for a cluster end
/// its box, symmetric about the cluster's top (bottom) node.
fn side_span(g: &LGraph, cluster_tb: &[Rect], v: usize) -> (f64, f64) {
    let nd = &g.nodes[v];
    match nd.kind {
        Kind::Top(c) | Kind::Bottom(c) => match cluster_tb.get(c) {
            Some(b) => (nd.x, 2.0 * (nd.x - b.left()).min(b.right() - nd.x).max(0.0)),
            None => (nd.x, nd.w),
        },
        _ => (nd.x, nd.w),
    }
}

/// Plans ports and tracks for `chains` (one per edge) on a graph whose x
/// are final. `cluster_tb` gives the clusters' TB-space boxes (only their
/// x extent is read).
pub(crate) fn plan(g: &LGraph, chains: &[&Chain], cluster_tb: &[Rect]) -> Plan {
    // Ports: one request per edge end, in edge order.
    let mut requests = Vec::new();
    let mut request = |v: usize, side: Side, toward: f64| {
        let (centre, width) = side_span(g, cluster_tb, v);
        requests.push(PortRequest { node: v, side, centre, width, toward });
        requests.len() - 1
    };
    let mut end_requests: Vec<Option<(usize, usize)>> = Vec::with_capacity(chains.len());
    for chain in chains {
        end_requests.push(match chain {
            Chain::Layered { nodes, .. } if nodes.len() >= 2 => {
                let (first, last) = (nodes[0], nodes[nodes.len() - 1]);
                let upper = request(first, Side::Bottom, g.nodes[nodes[1]].x);
                let lower = request(last, Side::Top, g.nodes[nodes[nodes.len() - 2]].x);
                Some((upper, lower))
            }
            Chain::Flat { tail, head } => {
                let t = request(*tail, Side::Top, g.nodes[*head].x);
                let h = request(*head, Side::Top, g.nodes[*tail].x);
                Some((t, h))
            }
            _ => None,
        });
    }
    let port_x = ports::spread(&requests);
    // Segments, in edge order.
    let mut segments: Vec<PlannedSegment> = Vec::new();
    let mut edges = Vec::with_capacity(chains.len());
    for (chain, ends) in chains.iter().zip(&end_requests) {
        let plan = match (chain, ends) {
            (Chain::Layered { nodes, .. }, Some((upper, lower))) => {
                let mut xs: Vec<f64> = nodes.iter().map(|&v| g.nodes[v].x).collect();
                let last = xs.len() - 1;
                xs[0] = port_x[*upper];
                xs[last] = port_x[*lower];
                let pieces = (0..last)
                    .map(|i| {
                        ((xs[i] - xs[i + 1]).abs() > JOG_MIN).then(|| {
                            segments.push(PlannedSegment {
                                gap: g.nodes[nodes[i + 1]].rank,
                                segment: Segment { up: vec![xs[i]], down: vec![xs[i + 1]] },
                                track: 0,
                            });
                            segments.len() - 1
                        })
                    })
                    .collect();
                EdgePlan::Layered { xs, pieces }
            }
            (Chain::Flat { tail, .. }, Some((t, h))) => {
                let (tail_x, head_x) = (port_x[*t], port_x[*h]);
                segments.push(PlannedSegment { gap: g.nodes[*tail].rank, segment: Segment { up: vec![], down: vec![tail_x, head_x] }, track: 0 });
                EdgePlan::Flat { tail_x, head_x, segment: segments.len() - 1 }
            }
            _ => EdgePlan::Unplanned,
        };
        edges.push(plan);
    }
    // Tracks, gap by gap.
    let gaps = g.layers.len();
    let mut by_gap: Vec<Vec<usize>> = vec![Vec::new(); gaps];
    for (i, s) in segments.iter().enumerate() {
        if s.gap < gaps {
            by_gap[s.gap].push(i);
        }
    }
    let mut tracks = vec![0; gaps];
    for (gap, members) in by_gap.iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        let list: Vec<Segment> = members.iter().map(|&i| segments[i].segment.clone()).collect();
        let assigned = tracks::assign(&list);
        for (&i, &t) in members.iter().zip(&assigned) {
            segments[i].track = t;
        }
        tracks[gap] = assigned.iter().max().map_or(0, |m| m + 1);
    }
    Plan { edges, segments, tracks }
}

/// Extra height each gap needs for its tracks (indexed by the layer below
/// the gap; 0 where nothing turns), beyond the cluster padding the
/// position step already keeps there.
pub(crate) fn track_room(g: &LGraph, chains: &[&Chain], cluster_tb: &[Rect]) -> Vec<f64> {
    plan(g, chains, cluster_tb).tracks.iter().map(|&n| if n == 0 { 0.0 } else { 2.0 * END_ROOM + (n - 1) as f64 * TRACK_SEP }).collect()
}

/// The y of every track, per gap (TB space).
fn track_ys(ctx: &RouteContext, tracks: &[usize]) -> Vec<Vec<f64>> {
    let g = ctx.g;
    let layer_y: Vec<f64> = g.layers.iter().map(|l| l.first().map_or(0.0, |&v| g.nodes[v].y)).collect();
    (0..tracks.len())
        .map(|gap| {
            let n = tracks[gap];
            if n == 0 {
                return Vec::new();
            }
            let below_top = layer_y[gap] - ctx.layer_half[gap];
            let above_bottom = if gap == 0 { f64::NEG_INFINITY } else { layer_y[gap - 1] + ctx.layer_half[gap - 1] };
            // Cluster sides inside the gap: bottoms near its top, tops near
            // its bottom; tracks keep END_ROOM from them as from nodes.
            let inside = |y: f64| y > above_bottom && y < below_top;
            let mut top = above_bottom;
            let mut bottom = below_top;
            for b in ctx.cluster_boxes_tb {
                if inside(b.bottom()) {
                    top = top.max(b.bottom());
                }
                if inside(b.top()) {
                    bottom = bottom.min(b.top());
                }
            }
            spread_tracks(top + END_ROOM, bottom - END_ROOM, (above_bottom, below_top), n)
        })
        .collect()
}

/// `n` track ys in the band `lo..hi`, at most [`TRACK_SEP`] apart and
/// centred; above `hi` going up when the band is open above (the gap over
/// the first layer). A band too narrow (room could not be made) falls back
/// to the whole gap.
fn spread_tracks(lo: f64, hi: f64, gap: (f64, f64), n: usize) -> Vec<f64> {
    let steps = (n - 1) as f64;
    if !lo.is_finite() {
        return (0..n).map(|i| hi - (steps - i as f64) * TRACK_SEP).collect();
    }
    let (lo, hi) = if hi - lo >= steps * 2.0 {
        (lo, hi)
    } else {
        let (a, b) = gap;
        (a + (b - a) / (n as f64 + 1.0), b - (b - a) / (n as f64 + 1.0))
    };
    let sep = if n > 1 { ((hi - lo) / steps).min(TRACK_SEP) } else { 0.0 };
    let start = (lo + hi) / 2.0 - sep * steps / 2.0;
    (0..n).map(|i| start + i as f64 * sep).collect()
}

/// Routes every edge.
pub(super) fn route_all(ctx: &RouteContext, edges: &[EdgeToRoute]) -> Vec<RoutedEdge> {
    let chains: Vec<&Chain> = edges.iter().map(|e| e.chain).collect();
    let plan = plan(ctx.g, &chains, ctx.cluster_boxes_tb);
    let ys = track_ys(ctx, &plan.tracks);
    let titles = titles_tb(ctx);
    let layer_y: Vec<f64> = ctx.g.layers.iter().map(|l| l.first().map_or(0.0, |&v| ctx.g.nodes[v].y)).collect();
    let gap_bounds = |gap: usize| (layer_y[gap - 1] + ctx.layer_half[gap - 1], layer_y[gap] - ctx.layer_half[gap]);
    let seg_y: Vec<f64> = plan
        .segments
        .iter()
        .map(|seg| {
            let y = ys[seg.gap][seg.track];
            if titles.is_empty() || seg.gap == 0 {
                return y;
            }
            dodge_titles(&titles, gap_bounds(seg.gap), seg.segment.range(), y)
        })
        .collect();
    let track_y = |s: usize| seg_y[s];
    // A free y for a run that was not planned (see `unblock_titles`): as
    // far as the gap allows from the runs it overlaps, off every title.
    let free_y = |gap: usize, run: (f64, f64), own: Option<usize>| {
        let (top, bottom) = gap_bounds(gap);
        let (lo, hi) = (top + 2.0, bottom - 2.0);
        let mut used: Vec<f64> = plan
            .segments
            .iter()
            .enumerate()
            .filter(|&(i, seg)| {
                let (a, b) = seg.segment.range();
                seg.gap == gap && Some(i) != own && a < run.1 + tracks::MIN_SAME_TRACK_GAP && b > run.0 - tracks::MIN_SAME_TRACK_GAP
            })
            .map(|(i, _)| seg_y[i])
            .collect();
        used.sort_by(f64::total_cmp);
        let mut candidates = vec![lo, hi, (lo + hi) / 2.0];
        candidates.extend(used.windows(2).map(|w| (w[0] + w[1]) / 2.0));
        let clearance = |y: f64| used.iter().map(|u| (u - y).abs()).fold(f64::INFINITY, f64::min);
        candidates
            .into_iter()
            .filter(|&y| y >= lo && y <= hi && !title_cut(&titles, run, y))
            .max_by(|&a, &b| clearance(a).total_cmp(&clearance(b)).then((b - (lo + hi) / 2.0).abs().total_cmp(&(a - (lo + hi) / 2.0).abs())))
            .unwrap_or((lo + hi) / 2.0)
    };
    edges
        .iter()
        .zip(&plan.edges)
        .map(|(edge, ep)| match (edge.class, edge.chain, ep) {
            (EdgeClass::Regular, Chain::Layered { nodes, reversed }, EdgePlan::Layered { xs, pieces }) => {
                let mut xs = xs.clone();
                let mut run_y: Vec<Option<f64>> = pieces.iter().map(|p| p.map(track_y)).collect();
                hand_over_title_runs(ctx, &titles, nodes, pieces, &mut xs, &mut run_y, &free_y);
                let mut pts = vec![side_point(ctx, nodes[0], xs[0], Side::Bottom)];
                for (i, y) in run_y.iter().enumerate() {
                    if let Some(y) = y {
                        pts.push(Point::new(xs[i], *y));
                        pts.push(Point::new(xs[i + 1], *y));
                    }
                }
                let last = nodes.len() - 1;
                pts.push(side_point(ctx, nodes[last], xs[last], Side::Top));
                let label_box = label_box(ctx, edge, nodes, &xs);
                finish(ctx, pts, *reversed, label_box)
            }
            (EdgeClass::Flat, Chain::Flat { tail, head }, EdgePlan::Flat { tail_x, head_x, segment }) => {
                let y = track_y(*segment);
                let pts = vec![
                    side_point(ctx, *tail, *tail_x, Side::Top),
                    Point::new(*tail_x, y),
                    Point::new(*head_x, y),
                    side_point(ctx, *head, *head_x, Side::Top),
                ];
                let label_box = edge.label_size.map(|(w, h)| {
                    let p = ctx.frame.point((tail_x + head_x) / 2.0, y);
                    Rect::new(p.x, p.y, w, h)
                });
                finish(ctx, pts, false, label_box)
            }
            (EdgeClass::SelfLoop, Chain::Loop { node, index }, _) => self_loop(ctx, edge, *node, *index),
            _ => RoutedEdge { curve: Curve::Rounded, ..RoutedEdge::default() },
        })
        .collect()
}

/// Cluster title boxes in TB space. In LR and RL a title runs along the
/// layers (across gaps), so a track can meet it; in TB and BT it sits in
/// its cluster's top layer, away from every track.
fn titles_tb(ctx: &RouteContext) -> Vec<Rect> {
    if !ctx.frame.is_horizontal() {
        return Vec::new();
    }
    ctx.title_boxes
        .iter()
        .flatten()
        .map(|b| {
            let (a, c) = (ctx.frame.to_tb(Point::new(b.left(), b.top())), ctx.frame.to_tb(Point::new(b.right(), b.bottom())));
            let (x0, x1, y0, y1) = (a.x.min(c.x), a.x.max(c.x), a.y.min(c.y), a.y.max(c.y));
            Rect::new((x0 + x1) / 2.0, (y0 + y1) / 2.0, x1 - x0, y1 - y0)
        })
        .collect()
}

/// Clearance kept from a title a run passes beside.
const TITLE_CLEARANCE: f64 = 3.0;

/// True if a run spanning `run` (x) at `y` passes through a title or
/// closer than [`TITLE_CLEARANCE`] to it.
fn title_cut(titles: &[Rect], run: (f64, f64), y: f64) -> bool {
    titles.iter().any(|t| run.0 < t.right() - 1.0 && run.1 > t.left() + 1.0 && y > t.top() - TITLE_CLEARANCE && y < t.bottom() + TITLE_CLEARANCE)
}

/// The track y for a run spanning `run` (x) at `y`, moved just past any
/// title it would cut through, if the gap has room there (the nearer
/// side first). The move may bring the corner closer to a layer than
/// [`END_ROOM`]; a title is worse.
fn dodge_titles(titles: &[Rect], gap: (f64, f64), run: (f64, f64), y: f64) -> f64 {
    let cuts = |y: f64| title_cut(titles, run, y);
    if !cuts(y) {
        return y;
    }
    let inside_gap = |c: &f64| *c > gap.0 + 2.0 && *c < gap.1 - 2.0;
    let mut candidates: Vec<f64> = titles.iter().flat_map(|t| [t.top() - TITLE_CLEARANCE - 0.5, t.bottom() + TITLE_CLEARANCE + 0.5]).filter(inside_gap).collect();
    candidates.sort_by(|a, b| (a - y).abs().total_cmp(&(b - y).abs()).then(a.total_cmp(b)));
    candidates.into_iter().find(|&c| !cuts(c)).unwrap_or(y)
}

/// Clearance a dummy moved into another column keeps from another dummy
/// of its layer (two edges' verticals): as runs on one track.
const COLUMN_CLEARANCE: f64 = tracks::MIN_SAME_TRACK_GAP;

/// Clearance between a moved chain node and a box (a node or a label) in
/// its layer, where one of the two has a width: the edge passes the box
/// without touching it.
const BOX_CLEARANCE: f64 = 2.0;

/// True if chain node `v` (a dummy or a label node) may stand at `x`
/// instead of its own x: nothing else in its layer comes within
/// [`BOX_CLEARANCE`] of its box there ([`COLUMN_CLEARANCE`] between two
/// dummies). A real node in the way would
/// have the edge's vertical run through it.
fn column_free(ctx: &RouteContext, v: usize, x: f64) -> bool {
    let g = ctx.g;
    let nd = &g.nodes[v];
    if !matches!(nd.kind, Kind::Dummy(_) | Kind::Label(_)) {
        return false;
    }
    g.layers[nd.rank].iter().filter(|&&u| u != v).all(|&u| {
        let other = &g.nodes[u];
        let clearance = if nd.w > 0.0 || other.w > 0.0 { BOX_CLEARANCE } else { COLUMN_CLEARANCE };
        (x - other.x).abs() >= (nd.w + other.w) / 2.0 + clearance
    })
}

/// A run that cannot pass beside a cluster title (LR: a title wider than
/// the gap covers all of it) slides its turn along the chain into another
/// gap: the chain nodes between move into the column of the run's far
/// end, which makes the runs between them vanish and one piece turn
/// instead, on a free y of its gap. The nearest gap towards the tail is
/// tried first, then towards the head; a slide is made only where every
/// moved node's new column is free in its layer ([`column_free`]) and the
/// new run cuts no title. A label node takes its label along (see
/// [`label_box`]). Runs with no such way out keep their track.
fn hand_over_title_runs(
    ctx: &RouteContext,
    titles: &[Rect],
    nodes: &[usize],
    pieces: &[Option<usize>],
    xs: &mut [f64],
    run_y: &mut [Option<f64>],
    free_y: &dyn Fn(usize, (f64, f64), Option<usize>) -> f64,
) {
    if titles.is_empty() {
        return;
    }
    let span = |a: f64, b: f64| (a.min(b), a.max(b));
    let last = xs.len() - 1;
    for i in (0..pieces.len()).rev() {
        let Some(y) = run_y[i] else { continue };
        if !title_cut(titles, span(xs[i], xs[i + 1]), y) {
            continue;
        }
        // The run piece `turn` would make from x `from` to `to`, in the
        // gap above chain node `turn + 1`, if it cuts no title.
        let new_run = |turn: usize, from: f64, to: f64| -> Option<Option<f64>> {
            if (from - to).abs() <= JOG_MIN {
                return Some(None);
            }
            let run = span(from, to);
            let y = free_y(ctx.g.nodes[nodes[turn + 1]].rank, run, pieces[turn]);
            (!title_cut(titles, run, y)).then_some(Some(y))
        };
        // Towards the tail: nodes j..=i join column i + 1; piece j - 1
        // turns.
        let to = xs[i + 1];
        let tail_side = (1..=i).rev().take_while(|&j| column_free(ctx, nodes[j], to)).find_map(|j| new_run(j - 1, xs[j - 1], to).map(|y| (j, y)));
        if let Some((j, y)) = tail_side {
            xs[j..=i].fill(to);
            run_y[j..=i].fill(None);
            run_y[j - 1] = y;
            continue;
        }
        // Towards the head: nodes i + 1..=j join column i; piece j turns.
        let from = xs[i];
        let head_side = (i + 1..last).take_while(|&j| column_free(ctx, nodes[j], from)).find_map(|j| new_run(j, from, xs[j + 1]).map(|y| (j, y)));
        if let Some((j, y)) = head_side {
            xs[i + 1..=j].fill(from);
            run_y[i..j].fill(None);
            run_y[j] = y;
        }
    }
}

/// TB-space points to the final path: straight runs joined by rounded
/// corners.
fn finish(ctx: &RouteContext, pts: Vec<Point>, reversed: bool, label_box: Option<Rect>) -> RoutedEdge {
    let mut out: Vec<Point> = simplify(pts).into_iter().map(|p| ctx.frame.point(p.x, p.y)).collect();
    if reversed {
        out.reverse();
    }
    RoutedEdge { path: curve::build(&out, Curve::Rounded), curve: Curve::Rounded, label_box }
}

/// Drops repeated points and the middle of three collinear ones.
fn simplify(pts: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(pts.len());
    for p in pts {
        if out.last().is_some_and(|q| q.distance(p) < 1e-9) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            let cross = (b.x - a.x) * (p.y - b.y) - (b.y - a.y) * (p.x - b.x);
            let forward = (b.x - a.x) * (p.x - b.x) + (b.y - a.y) * (p.y - b.y) >= 0.0;
            if cross.abs() < 1e-9 && forward {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// Where a vertical at `x` meets layered node `v` on `side` (TB space): the
/// node's outline, or the cluster's side for a cluster end.
fn side_point(ctx: &RouteContext, v: usize, x: f64, side: Side) -> Point {
    let nd = &ctx.g.nodes[v];
    let sign = if side == Side::Top { -1.0 } else { 1.0 };
    match nd.kind {
        Kind::Real(i) => {
            let outline = Outline::of_node(ctx.chart.nodes[i].shape, &ctx.node_rects[i]);
            vertical_exit(ctx, &outline, x, nd.y, sign * (nd.h / 2.0 + 1.0))
        }
        Kind::Top(c) if side == Side::Top => Point::new(x, ctx.cluster_boxes_tb[c].top()),
        Kind::Bottom(c) if side == Side::Bottom => Point::new(x, ctx.cluster_boxes_tb[c].bottom()),
        _ => Point::new(x, nd.y + sign * nd.h / 2.0),
    }
}

/// Where the line from (`x`, `y`) moving by `reach` along TB y leaves
/// `outline` (final space), by bisection: any convex outline, any frame.
fn vertical_exit(ctx: &RouteContext, outline: &Outline, x: f64, y: f64, reach: f64) -> Point {
    let at = |t: f64| Point::new(x, y + reach * t);
    let inside = |t: f64| {
        let p = at(t);
        outline.contains(ctx.frame.point(p.x, p.y), 0.0)
    };
    if !inside(0.0) {
        // The port lies beyond the outline at its middle (a narrow shape):
        // end on the box side.
        return at(1.0 - 1.0 / (reach.abs().max(1.0)));
    }
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if inside(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    at(hi)
}

/// Where a horizontal at `y` leaving the node's middle rightwards (TB)
/// meets its outline.
fn horizontal_exit(ctx: &RouteContext, shape: Shape, rect: &Rect, x: f64, y: f64, reach: f64) -> Point {
    let outline = Outline::of_node(shape, rect);
    let inside = |t: f64| outline.contains(ctx.frame.point(x + reach * t, y), 0.0);
    if !inside(0.0) {
        return Point::new(x + reach, y);
    }
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if inside(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Point::new(x + reach * hi, y)
}

/// A self loop: out of the node's right side (TB space), down along its
/// own lane and back in lower on the same side. Nested loops reach
/// further out and attach further from the middle, so no two share a run.
fn self_loop(ctx: &RouteContext, edge: &EdgeToRoute, node: usize, index: usize) -> RoutedEdge {
    let (shape, rect, tb) = ctx.loop_host(node);
    let reach = self_loop_reach(index);
    let half = tb.height / 2.0;
    let q = (half * (0.5 - 0.25 / (index as f64 + 1.0))).max(2.0);
    let right = tb.x + tb.width / 2.0;
    let (out_y, back_y) = (tb.y - q, tb.y + q);
    let exit = |y: f64| match ctx.g.nodes[node].kind {
        Kind::Real(_) => horizontal_exit(ctx, shape, &rect, tb.x, y, tb.width / 2.0 + 1.0),
        _ => Point::new(right, y),
    };
    let pts = vec![exit(out_y), Point::new(right + reach, out_y), Point::new(right + reach, back_y), exit(back_y)];
    let label_box = edge.label_size.map(|(w, h)| {
        let (tw, _) = ctx.frame.size(w, h);
        let p = ctx.frame.point(right + reach + 2.0 + tw / 2.0, tb.y);
        Rect::new(p.x, p.y, w, h)
    });
    finish(ctx, pts, false, label_box)
}

/// The label's box: centred on the label node's column `xs` (where the
/// edge passes it vertically) at the node's y.
fn label_box(ctx: &RouteContext, edge: &EdgeToRoute, nodes: &[usize], xs: &[f64]) -> Option<Rect> {
    let (w, h) = edge.label_size?;
    let i = nodes.iter().position(|&v| matches!(ctx.g.nodes[v].kind, Kind::Label(_)))?;
    let p = ctx.frame.point(xs[i], ctx.g.nodes[nodes[i]].y);
    Some(Rect::new(p.x, p.y, w, h))
}

#[cfg(test)]
#[path = "../orthogonal_tests.rs"]
mod tests;
