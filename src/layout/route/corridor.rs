//! Corridors: the free space an edge may use, as a stack of boxes in TB
//! space (Dobkin et al. 1997, §3; Graphviz `dotsplines.c`, `rank_box` and
//! `maximal_bbox`). For a chain tail = v0, v1, …, vk = head (upper to
//! lower):
//!
//! * the tail's box: the lower half of its node, from its centre down to
//!   the bottom of its layer;
//! * between two layers, the inter-rank gap, as wide as the boxes above and
//!   below it together;
//! * at each dummy, the free space of its layer between its neighbours:
//!   up to a neighbouring edge's curve where that edge is routed already,
//!   short of its dummy where it is not (so that two corridors never
//!   overlap on a layer and the order's crossings are the only ones), and
//!   short of a node or a cluster side by a margin; neighbours whose edges
//!   the layer order makes this one cross (in the gap above or below) do
//!   not fence it in: their dummies are passed over and their curves
//!   ignored ([`Passage::crosses`]), since the edge crosses them anyway;
//! * at a label node, the room the label may slide in (mermaid draws the
//!   label on the edge, over the line): the edge passes anywhere the label
//!   can still cover it, and the label is then centred on the curve
//!   ([`label_centre`]);
//! * the head's box: the upper half of its node.
//!
//! Edges are routed one after another, and each routed edge's curve holds
//! the part of every layer band it crosses ([`Claims`]), as Graphviz's
//! `limitBoxes` and `resize_vn` narrow a virtual node to its spline after
//! each edge (Dobkin et al. 1997, §3: the boxes of later edges are bounded
//! by the splines already placed). A corridor thus reaches past its dummy
//! as far as its neighbours' curves allow, not only as far as their
//! dummies' columns: an edge may run diagonally across a bundle's jog.
//!
//! An end that names a cluster starts (or stops) on the cluster's bottom
//! (top) side, and its box is the gap next to that side.
//!
//! Pre: x and y are final for every layered node; `layer_half[r]` is the
//! half-height of layer r. Post: consecutive boxes are stacked (one's bottom
//! is the next one's top) and the end points lie in the first and last box.

use super::obstacles::{End, Outline};
use super::{Port, RouteContext};
use crate::geom::{Point, Rect};
use crate::layout::graph::{Kind, LGraph};
use crate::layout::spline::{Span, MAX_DEVIATION};

/// Distance kept from a node's side, or from a cluster border, by a
/// corridor: more than the 3 units within which a run along a border
/// reads as touching it.
const SIDE_MARGIN: f64 = 5.0;

/// How far a corridor keeps from a neighbouring edge on a layer: from its
/// routed curve, or from its dummy (at most half-way) while it is not
/// routed yet. Graphviz keeps `nodesep / 4` (12.5 at mermaid's spacing);
/// here dummies are 20 apart (`edge_sep`). A routed edge is known by its
/// shortest path, which its curve keeps within 2 units of
/// (`spline::MAX_DEVIATION`), so curves pass 6 to 10 units apart. On the
/// vs_dot corpus, turning 246 / bends 1942 / crossings 2094 at 6, against
/// 241 / 1909 / 2096 at 4; 6 keeps neighbouring edges apart to the eye.
const EDGE_CLEARANCE: f64 = 6.0;

/// Narrowest passage a title cut may leave between two boxes.
const MIN_PORTAL: f64 = 2.0;

/// How far a corridor reaches on a side with no neighbour.
const OPEN_REACH: f64 = 10_000.0;

/// Most dummies of crossing edges a corridor passes over on one side, and
/// how far past the nearest neighbour it looks for what fences it in.
const MAX_PASSED: usize = 8;

/// Narrowest slot through a label.
const LABEL_SLOT: f64 = 1.0;

/// How far inside a label's sides its edge passes.
const LABEL_INSET: f64 = 4.0;

/// A corridor in TB space with the points the edge runs between.
pub(crate) struct CorridorPlan {
    pub boxes: Vec<Span>,
    pub start: Point,
    pub end: Point,
}

/// How an end of the chain attaches.
#[derive(Clone, Copy)]
enum EndSide {
    /// The chain starts here and goes down.
    Tail,
    /// The chain ends here, coming from above.
    Head,
}

/// The x range an edge's curve covers inside a layer band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Held {
    pub left: f64,
    pub right: f64,
}

impl Held {
    fn widened(self, other: Held) -> Held {
        Held { left: self.left.min(other.left), right: self.right.max(other.right) }
    }
}

/// What the edges routed so far hold of each layered node's band: for an
/// edge dummy, the x range its curve covers in the dummy's layer band; for
/// a label node, the label's box as placed on its curve; for a real node,
/// the range its own edges' curves cover in its band (beside the node,
/// where they leave or enter it sideways).
pub(crate) struct Claims {
    held: Vec<Option<Held>>,
}

impl Claims {
    /// Nothing routed yet.
    pub(crate) fn new(layered_nodes: usize) -> Claims {
        Claims { held: vec![None; layered_nodes] }
    }

    pub(crate) fn held(&self, v: usize) -> Option<Held> {
        self.held.get(v).copied().flatten()
    }

    /// Records that node `v`'s band holds `range` (widening what it held).
    pub(crate) fn hold(&mut self, v: usize, range: Held) {
        if let Some(slot) = self.held.get_mut(v) {
            *slot = Some(slot.map_or(range, |h| h.widened(range)));
        }
    }

    /// Records what the routed chain `nodes` (upper to lower) holds, from
    /// the polyline `tb_points` (TB space) its curve follows within
    /// `spline::MAX_DEVIATION`: the x range of the polyline inside each
    /// node's band (an end node's half band on the edge's side), widened
    /// by that deviation. A label node holds its box (recorded by
    /// [`Claims::hold`] when the label is placed) and, like a dummy, the
    /// curve's range in its band: the curve may cross much of the band
    /// before it reaches its label, and a neighbouring label sliding along
    /// the layer onto its own curve must not cover that stretch (it did on
    /// `rand_1000`: a label placed over the corner of a curve routed
    /// before it).
    pub(crate) fn record(&mut self, ctx: &RouteContext, nodes: &[usize], tb_points: &[Point]) {
        let last = nodes.len() - 1;
        // Each node's band, top to bottom (the chain runs down its layers).
        let mut bands: Vec<(usize, f64, f64)> = Vec::with_capacity(nodes.len());
        for (j, &v) in nodes.iter().enumerate() {
            let nd = &ctx.g.nodes[v];
            let half = ctx.layer_half[nd.rank];
            let (top, bottom) = match (j, nd.kind) {
                (_, Kind::Top(_) | Kind::Bottom(_)) => continue,
                (0, _) => (nd.y, nd.y + half),
                (k, _) if k == last => (nd.y - half, nd.y),
                _ => (nd.y - half, nd.y + half),
            };
            bands.push((v, top, bottom));
        }
        // One pass over the curve: each piece meets the bands its height
        // range overlaps, found by binary search.
        for w in tb_points.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (lo, hi) = (a.y.min(b.y) - MAX_DEVIATION, a.y.max(b.y) + MAX_DEVIATION);
            let first = bands.partition_point(|band| band.2 < lo);
            for &(v, top, bottom) in bands[first..].iter().take_while(|band| band.1 <= hi) {
                if let Some(range) = curve_reach_in_band(a, b, top, bottom) {
                    self.hold(v, range);
                }
            }
        }
    }
}

/// The x range a curve within `MAX_DEVIATION` of the segment `a`–`b` may
/// cover between heights `top` and `bottom`: every point of the curve is
/// within the deviation of a point of the segment, so it is the segment's
/// x range in the band grown by the deviation up and down, then sideways.
/// Growing the x range alone fell short on a shallow piece (a curve 2
/// units off a line of slope 1/40 meets a height 80 units away in x) and
/// on a run along a band's edge, which a label placed later then covered.
fn curve_reach_in_band(a: Point, b: Point, top: f64, bottom: f64) -> Option<Held> {
    let range = piece_in_band(a, b, top - MAX_DEVIATION, bottom + MAX_DEVIATION)?;
    Some(Held { left: range.left - MAX_DEVIATION, right: range.right + MAX_DEVIATION })
}

/// The x range of the segment `a`–`b` between heights `top` and `bottom`
/// (inclusive), if it reaches that band.
fn piece_in_band(a: Point, b: Point, top: f64, bottom: f64) -> Option<Held> {
    let (lo, hi) = (a.y.min(b.y), a.y.max(b.y));
    if hi < top || lo > bottom {
        return None;
    }
    if hi - lo <= f64::EPSILON * (1.0 + hi.abs()) {
        return Some(Held { left: a.x.min(b.x), right: a.x.max(b.x) });
    }
    let x_at = |y: f64| a.x + (b.x - a.x) * ((y - a.y) / (b.y - a.y));
    let (x0, x1) = (x_at(lo.max(top)), x_at(hi.min(bottom)));
    Some(Held { left: x0.min(x1), right: x0.max(x1) })
}

/// The x where the polyline `pts` first reaches height `y`, if it does.
pub(crate) fn x_at_height(pts: &[Point], y: f64) -> Option<f64> {
    pts.windows(2).find_map(|w| {
        let (a, b) = (w[0], w[1]);
        if (a.y - y) * (b.y - y) > 0.0 {
            return None;
        }
        if (b.y - a.y).abs() <= f64::EPSILON * (1.0 + y.abs()) {
            return Some(0.5 * (a.x + b.x));
        }
        Some(a.x + (b.x - a.x) * ((y - a.y) / (b.y - a.y)))
    })
}

/// Where label node `v`'s centre goes once its edge's curve is known: on
/// the curve at the label's height, but no further than the label's room
/// on its layer allows (so it covers neither a neighbour nor another
/// edge's held range).
pub(crate) fn label_centre(ctx: &RouteContext, claims: &Claims, v: usize, curve_x: Option<f64>) -> f64 {
    let nd = &ctx.g.nodes[v];
    let (lo, hi) = label_room(ctx, claims, v);
    curve_x.map_or(nd.x, |x| x.clamp(lo, hi))
}

/// The range label node `v`'s centre may take on its layer: its box may
/// reach as far as the free range of its layer allows.
fn label_room(ctx: &RouteContext, claims: &Claims, v: usize) -> (f64, f64) {
    let nd = &ctx.g.nodes[v];
    let (left, right) = free_range(ctx.g, ctx.order_pos, claims, v, Passage::NONE);
    let half = nd.w / 2.0;
    ((left + half).min(nd.x), (right - half).max(nd.x))
}

/// The corridor of the layered chain `nodes` (upper to lower), with port
/// offsets `tail_port` and `head_port` along the end nodes' sides, beside
/// the edges `claims` says are routed.
pub(crate) fn plan(ctx: &RouteContext, nodes: &[usize], tail_port: Port, head_port: Port, claims: &Claims) -> CorridorPlan {
    let last = nodes.len() - 1;
    let mut boxes: Vec<Span> = Vec::with_capacity(2 * nodes.len());
    // The x each box's stretch of the edge is anchored at (its node's, or
    // for a gap the node's below it), to tell which side of a title it is.
    let mut anchors: Vec<f64> = Vec::with_capacity(2 * nodes.len());
    let x_of = |v: usize| ctx.g.nodes[v].x;
    let (first_box, start) = end_box(ctx, claims, nodes[0], tail_port, Passage { above: None, below: Some(nodes[1]) }, EndSide::Tail);
    boxes.push(first_box);
    anchors.push(start.x);
    for (j, &v) in nodes.iter().enumerate().take(last).skip(1) {
        let slot = slot_box(ctx, claims, v, Passage { above: Some(nodes[j - 1]), below: Some(nodes[j + 1]) });
        if push_gap(&mut boxes, slot.top, slot) {
            anchors.push(x_of(v));
        }
        boxes.push(slot);
        anchors.push(x_of(v));
    }
    let (last_box, end) = end_box(ctx, claims, nodes[last], head_port, Passage { above: Some(nodes[last - 1]), below: None }, EndSide::Head);
    if push_gap(&mut boxes, last_box.top, last_box) {
        anchors.push(end.x);
    }
    boxes.push(last_box);
    anchors.push(end.x);
    if ctx.frame.is_horizontal() {
        avoid_titles(ctx, nodes, &mut boxes, &anchors);
    }
    CorridorPlan { boxes, start, end }
}

/// Half the height of a door (TB units): more than the 3 units within
/// which a run along a border reads as touching it.
const DOOR_HALF_HEIGHT: f64 = 4.0;

/// Half the width of a door: with its height, the path crosses it at a
/// slope of at least 0.4 (22°).
const DOOR_HALF_WIDTH: f64 = 10.0;

/// A crossing of a cluster side at least this steep (|dy| / |dx|) needs no
/// door.
const STEEP_CROSSING: f64 = 0.5;

/// Doors through cluster sides. Where the shortest path `path` crosses a
/// cluster's top or bottom side (TB space) at a shallow angle, it would
/// run along that border (a shortest path hugs the corner of a title or
/// of the gap between two stacked clusters, and those corners lie on the
/// border). Each such crossing gets a door: the boxes within
/// [`DOOR_HALF_HEIGHT`] of the side are cut to [`DOOR_HALF_WIDTH`] either
/// side of the crossing (within what every such box allows), so the path
/// passes the border steeply there. Clusters the edge names are left
/// alone. Returns the new boxes, or None if no crossing needs a door.
pub(crate) fn doors(ctx: &RouteContext, nodes: &[usize], boxes: &[Span], path: &[Point]) -> Option<Vec<Span>> {
    let own = |c: usize| [nodes[0], nodes[nodes.len() - 1]].iter().any(|&v| matches!(ctx.g.nodes[v].kind, Kind::Top(d) | Kind::Bottom(d) if d == c));
    let mut out: Option<Vec<Span>> = None;
    for (c, r) in ctx.cluster_boxes_tb.iter().enumerate() {
        if own(c) {
            continue;
        }
        for side in [r.top(), r.bottom()] {
            let Some(x) = shallow_crossing(path, side, r.left(), r.right()) else { continue };
            let current = out.get_or_insert_with(|| boxes.to_vec());
            if let Some(cut) = with_door(current, side, x) {
                *current = cut;
            }
        }
    }
    out
}

/// The x where `path` crosses height `y` between `left` and `right` at a
/// slope shallower than [`STEEP_CROSSING`], if it does.
fn shallow_crossing(path: &[Point], y: f64, left: f64, right: f64) -> Option<f64> {
    path.windows(2).find_map(|w| {
        let (a, b) = (w[0], w[1]);
        if (a.y - y) * (b.y - y) > 0.0 || a.y == b.y {
            return None;
        }
        let x = a.x + (b.x - a.x) * ((y - a.y) / (b.y - a.y));
        let shallow = (b.y - a.y).abs() < STEEP_CROSSING * (b.x - a.x).abs();
        (shallow && x > left && x < right).then_some(x)
    })
}

/// `boxes` with a door at height `y` around `x`, or None if the door
/// band does not fit (it must lie within the corridor, clear of its ends).
fn with_door(boxes: &[Span], y: f64, x: f64) -> Option<Vec<Span>> {
    let (top, bottom) = (y - DOOR_HALF_HEIGHT, y + DOOR_HALF_HEIGHT);
    let first = boxes.first()?;
    let last = boxes.last()?;
    if top <= first.top || bottom >= last.bottom {
        return None;
    }
    // What every box the band meets allows.
    let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
    for b in boxes.iter().filter(|b| b.bottom > top && b.top < bottom) {
        lo = lo.max(b.left);
        hi = hi.min(b.right);
    }
    if lo > hi {
        return None;
    }
    let centre = x.clamp(lo, hi);
    let (door_left, door_right) = ((centre - DOOR_HALF_WIDTH).max(lo), (centre + DOOR_HALF_WIDTH).min(hi));
    let mut out = Vec::with_capacity(boxes.len() + 4);
    for b in boxes {
        if b.bottom <= top || b.top >= bottom {
            out.push(*b);
            continue;
        }
        if b.top < top {
            out.push(Span::new(b.left, b.right, b.top, top));
        }
        out.push(Span::new(door_left, door_right, b.top.max(top), b.bottom.min(bottom)));
        if b.bottom > bottom {
            out.push(Span::new(b.left, b.right, bottom, b.bottom));
        }
    }
    Some(out)
}

/// In LR and RL diagrams a cluster's title sits in a band inside its
/// (TB-space) left border, across the cluster's layers, where a corridor
/// entering the cluster from that side would run through it: each box is
/// cut back to the side of the title its stretch of the edge is on.
/// Titles of clusters the edge itself names are left alone.
fn avoid_titles(ctx: &RouteContext, nodes: &[usize], boxes: &mut [Span], anchors: &[f64]) {
    let own = |c: usize| [nodes[0], nodes[nodes.len() - 1]].iter().any(|&v| matches!(ctx.g.nodes[v].kind, Kind::Top(d) | Kind::Bottom(d) if d == c));
    for (c, title) in ctx.title_boxes.iter().enumerate() {
        let Some(title) = title else { continue };
        if own(c) {
            continue;
        }
        let t = tb_rect(ctx, title);
        for i in 0..boxes.len() {
            let b = boxes[i];
            let overlaps = b.left < t.right && t.left < b.right && b.top < t.bottom && t.top < b.bottom;
            if !overlaps {
                continue;
            }
            let anchor = anchors[i];
            let mut cut = b;
            if anchor >= t.right {
                cut.left = b.left.max(t.right + SIDE_MARGIN).min(anchor);
            } else if anchor <= t.left {
                cut.right = b.right.min(t.left - SIDE_MARGIN).max(anchor);
            }
            // Only if the edge can still pass from the box above and into
            // the box below: a corridor broken here would be repaired by
            // stretching boxes across whatever lies between.
            let joins = |other: Option<&Span>| other.is_none_or(|o| o.left.max(cut.left) + MIN_PORTAL < o.right.min(cut.right));
            if joins(i.checked_sub(1).map(|j| &boxes[j])) && joins(boxes.get(i + 1)) {
                boxes[i] = cut;
            }
        }
    }
}

/// A final-space box in TB space (the frame's transform undone).
fn tb_rect(ctx: &RouteContext, r: &Rect) -> Span {
    let (a, b) = (ctx.frame.to_tb(Point::new(r.left(), r.top())), ctx.frame.to_tb(Point::new(r.right(), r.bottom())));
    Span::new(a.x.min(b.x), a.x.max(b.x), a.y.min(b.y), a.y.max(b.y))
}

/// Adds the inter-rank gap from the last box's bottom down to `until`, as
/// wide as the box above and `below` together, if there is one.
fn push_gap(boxes: &mut Vec<Span>, until: f64, below: Span) -> bool {
    let above = *boxes.last().expect("a corridor starts with its tail box");
    let has_gap = until > above.bottom;
    if has_gap {
        boxes.push(Span::new(above.left.min(below.left), above.right.max(below.right), above.bottom, until));
    }
    has_gap
}

/// The box at a chain end and the point the edge starts or stops at.
fn end_box(ctx: &RouteContext, claims: &Claims, v: usize, port: Port, passage: Passage, side: EndSide) -> (Span, Point) {
    let g = ctx.g;
    let nd = &g.nodes[v];
    let half = ctx.layer_half[nd.rank];
    match nd.kind {
        Kind::Top(c) | Kind::Bottom(c) => {
            // The cluster's own side: the edge stops on it.
            let b = ctx.cluster_boxes_tb[c];
            let (left, right) = (b.left() + SIDE_MARGIN, b.right() - SIDE_MARGIN);
            let (left, right) = if left < right { (left, right) } else { (b.x, b.x) };
            let x = nd.x.clamp(left, right);
            match side {
                EndSide::Tail => {
                    let y = b.bottom();
                    (Span::new(left, right, y, y.max(nd.y + half)), Point::new(x, y))
                }
                EndSide::Head => {
                    let y = b.top();
                    (Span::new(left, right, y.min(nd.y - half), y), Point::new(x, y))
                }
            }
        }
        _ => {
            // The node's layer band, as wide as its neighbours allow (dot's
            // `maximal_bbox`), so a straight line to a far neighbour fits.
            let (left, right) = free_range(g, ctx.order_pos, claims, v, passage);
            let half = half.max(nd.h / 2.0);
            let at = match port {
                Port::Alone => Point::new(nd.x, nd.y),
                Port::Shared { offset, .. } => side_point(ctx, v, offset, side),
            };
            // Edges sharing a side share its band too, and their shortest
            // paths hug the same corner of it: each gets the band less the
            // clearance for every end beyond its own on either side, so
            // they pass its corners apart, in the order of their ends.
            let (left, right) = match port {
                Port::Alone => (left, right),
                Port::Shared { index, count, .. } => {
                    let beyond = (count - 1 - index) as f64;
                    ((left + index as f64 * EDGE_CLEARANCE).min(at.x), (right - beyond * EDGE_CLEARANCE).max(at.x))
                }
            };
            // The whole half of the layer band on that side: a port on the
            // outline may lie on the band's edge, and a box of no height
            // would be dropped (the path is monotone, so it never climbs
            // back above the port).
            match side {
                EndSide::Tail => (Span::new(left, right, nd.y, nd.y + half), at),
                EndSide::Head => (Span::new(left, right, nd.y - half, nd.y), at),
            }
        }
    }
}

/// Where the vertical line `offset` from node `v`'s centre (TB space)
/// meets its outline on `side`: found by bisection between the centre
/// line, inside, and the box's side, outside or on the outline. The
/// offset is kept within the middle 60% of the node, where every shape's
/// centre line is inside it.
fn side_point(ctx: &RouteContext, v: usize, offset: f64, side: EndSide) -> Point {
    let nd = &ctx.g.nodes[v];
    let x = nd.x + offset.clamp(-0.3 * nd.w, 0.3 * nd.w);
    let edge_y = match side {
        EndSide::Tail => nd.y + nd.h / 2.0,
        EndSide::Head => nd.y - nd.h / 2.0,
    };
    let End::Node(shape, rect) = ctx.end_at(v).0 else { return Point::new(x, nd.y) };
    let outline = Outline::of_node(shape, &rect);
    let inside = |y: f64| outline.contains(ctx.frame.point(x, y), 0.0);
    if !inside(nd.y) {
        return Point::new(nd.x, nd.y);
    }
    let (mut inner, mut outer) = (nd.y, edge_y);
    for _ in 0..OUTLINE_BISECTIONS {
        let mid = 0.5 * (inner + outer);
        if inside(mid) {
            inner = mid;
        } else {
            outer = mid;
        }
    }
    Point::new(x, outer)
}

/// Bisection steps when finding a port on an outline: 2^-30 of a node's
/// half-height.
const OUTLINE_BISECTIONS: usize = 30;

/// The free space of a dummy's (or label node's) layer around it.
fn slot_box(ctx: &RouteContext, claims: &Claims, v: usize, passage: Passage) -> Span {
    let g = ctx.g;
    let nd = &g.nodes[v];
    let half = ctx.layer_half[nd.rank];
    let (top, bottom) = (nd.y - half, nd.y + half);
    if let Kind::Label(_) = nd.kind {
        // Through the label (mermaid draws it on the edge, over the line),
        // well inside its sides, wherever on its layer it may slide to.
        let (lo, hi) = label_room(ctx, claims, v);
        let half_width = (nd.w / 2.0 - LABEL_INSET).max(LABEL_SLOT / 2.0);
        return Span::new(lo - half_width, hi + half_width, top, bottom);
    }
    let (left, right) = free_range(g, ctx.order_pos, claims, v, passage);
    Span::new(left, right, top, bottom)
}

/// How far left and right of node `v` (a dummy, or an edge's end; for a
/// label node, its box's sides) its edge may stray on its layer.
fn free_range(g: &LGraph, order_pos: &[usize], claims: &Claims, v: usize, passage: Passage) -> (f64, f64) {
    let nd = &g.nodes[v];
    let layer = &g.layers[nd.rank];
    let at = order_pos[v];
    let left = limit_on_side(g, order_pos, claims, v, passage, Towards::Left, layer[..at].iter().rev().copied()).unwrap_or(f64::NEG_INFINITY);
    let right = limit_on_side(g, order_pos, claims, v, passage, Towards::Right, layer[at + 1..].iter().copied()).unwrap_or(f64::INFINITY);
    // Nothing beside it: open, but finite.
    let reach = OPEN_REACH;
    let left = left.max(nd.x - reach).min(nd.x);
    let right = right.min(nd.x + reach).max(nd.x);
    (left, right)
}

/// Which way along its layer a limit is sought.
#[derive(Clone, Copy)]
enum Towards {
    Left,
    Right,
}

/// How far the edge through `v` may stray on one side (`side` walks its
/// layer outwards from `v`), or None if nothing fences it in there. The
/// dummies of edges the layer order makes this one cross are passed over:
/// the edge crosses them anyway, and a corridor stopped short of each
/// would make the edge weave through a bundle it cuts across, bending at
/// every layer. Since an edge may thus reach past up to [`MAX_PASSED`]
/// dummies, the walk looks that far for what fences it in (a curve that
/// passed over a dummy next to `v`, or a label placed beyond one), and
/// takes the tightest limit; it stops at the first node that is not a
/// dummy (a node, label or cluster side, which nothing passes over). On
/// the `gen.py` graphs (see [`Passage::crosses`]) passing over took bends
/// from 2262 to 1451 and turning from 234 to 148, with crossings 2996 to
/// 2994.
fn limit_on_side(g: &LGraph, order_pos: &[usize], claims: &Claims, v: usize, passage: Passage, towards: Towards, side: impl Iterator<Item = usize>) -> Option<f64> {
    let tighter = |a: f64, b: f64| match towards {
        Towards::Left => a.max(b),
        Towards::Right => a.min(b),
    };
    let mut limit: Option<f64> = None;
    for (walked, u) in side.enumerate() {
        let crossed = passage.crosses(g, order_pos, v, u);
        let dummy = matches!(g.nodes[u].kind, Kind::Dummy(_));
        let last = walked == MAX_PASSED;
        if !(crossed && dummy) || last {
            let held = if crossed { None } else { claims.held(u) };
            let here = limit_towards(g, held, v, u);
            limit = Some(limit.map_or(here, |l| tighter(l, here)));
        }
        if !dummy || last {
            break;
        }
    }
    limit
}

/// The chain's nodes next to `v` on the layers above and below, if the
/// chain goes on that way.
#[derive(Clone, Copy)]
struct Passage {
    above: Option<usize>,
    below: Option<usize>,
}

impl Passage {
    /// For a label's room, which has no chain to follow.
    const NONE: Passage = Passage { above: None, below: None };

    /// True if the layer order makes the edge through `v` cross an edge
    /// of its layer neighbour `u` (a dummy or a real node) in the gap above
    /// or below the layer. A crossing neighbour's routed curves bend
    /// towards the crossing inside the layer band, so what they hold would
    /// fence this edge in on the wrong side of where it must go: curves
    /// leaving one node were squeezed against each other until they touched
    /// and crossed twice, and long edges bent round the fence. The corridor
    /// then passes over the neighbour's dummy ([`limit_on_side`]) or stops
    /// short of its node box, and the crossing the order implies may happen
    /// in the band. Ignoring the curves alone took crossings on graphs from
    /// `gen.py` (6 files, 120 to 400 nodes; not the corpus) from 3018 to
    /// 2996 (the layer orders imply 2984), bends from 2595 to 2262, turning
    /// from 274 to 234.
    fn crosses(self, g: &LGraph, order_pos: &[usize], v: usize, u: usize) -> bool {
        if !matches!(g.nodes[u].kind, Kind::Dummy(_) | Kind::Real(_)) {
            return false;
        }
        let u_left = order_pos[u] < order_pos[v];
        let crossed = |ours: Option<usize>, theirs: &[usize]| {
            ours.is_some_and(|w| theirs.iter().any(|&t| t != w && (order_pos[t] < order_pos[w]) != u_left))
        };
        crossed(self.above, &g.up[u]) || crossed(self.below, &g.down[u])
    }
}

/// The x that an edge through `v` may not pass, towards neighbour `u`,
/// given what `u`'s routed edges hold of its band (None if not routed, or
/// to be ignored).
fn limit_towards(g: &LGraph, held: Option<Held>, v: usize, u: usize) -> f64 {
    let (nv, nu) = (&g.nodes[v], &g.nodes[u]);
    let sign = if nu.x > nv.x { 1.0 } else { -1.0 };
    let own_side = nv.x + sign * nv.w / 2.0;
    // The near side of what `u` occupies: its box, widened by what its
    // routed edges hold (a placed label holds its box where it was put).
    let own_box = Held { left: nu.x - nu.w / 2.0, right: nu.x + nu.w / 2.0 };
    let occupied = match (held, nu.kind) {
        (Some(held), Kind::Label(_)) => held,
        (Some(held), _) => held.widened(own_box),
        (None, _) => own_box,
    };
    let other_side = if sign > 0.0 { occupied.left } else { occupied.right };
    let gap = ((other_side - own_side) * sign).max(0.0);
    let reach = match (nu.kind, held) {
        // A routed edge: up to its curve, less the clearance (never past
        // our own column, which a routed neighbour left room for).
        (Kind::Dummy(_), Some(_)) => (gap - EDGE_CLEARANCE).max(0.0),
        // An edge not routed yet: short of its dummy by the clearance, and
        // no further than half-way, so its own corridor keeps its column.
        (Kind::Dummy(_), None) => gap - EDGE_CLEARANCE.min(gap / 2.0),
        // A cluster side, node, label or title: stay clear of it, and go
        // no further than half-way if it is close.
        _ => (gap - SIDE_MARGIN).max(gap / 2.0),
    };
    own_side + sign * reach
}
