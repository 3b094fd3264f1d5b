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
//!   half-way to a neighbouring edge's dummy (so that two corridors never
//!   overlap and the order's crossings are the only ones), and short of a
//!   node or a cluster side by a margin;
//! * at a label node, the label's own box less a small inset (mermaid
//!   draws the label on the edge, over the line);
//! * the head's box: the upper half of its node.
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
use crate::layout::spline::Span;

/// Distance kept from a node's side, or from a cluster border, by a
/// corridor: more than the 3 units within which a run along a border
/// reads as touching it.
const SIDE_MARGIN: f64 = 5.0;

/// How far towards a neighbouring edge's dummy a corridor reaches.
const NEIGHBOUR_SHARE: f64 = 0.4;

/// Narrowest passage a title cut may leave between two boxes.
const MIN_PORTAL: f64 = 2.0;

/// How far a corridor reaches on a side with no neighbour.
const OPEN_REACH: f64 = 10_000.0;

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

/// The corridor of the layered chain `nodes` (upper to lower), with port
/// offsets `tail_port` and `head_port` along the end nodes' sides.
pub(crate) fn plan(ctx: &RouteContext, nodes: &[usize], tail_port: Port, head_port: Port) -> CorridorPlan {
    let last = nodes.len() - 1;
    let mut boxes: Vec<Span> = Vec::with_capacity(2 * nodes.len());
    // The x each box's stretch of the edge is anchored at (its node's, or
    // for a gap the node's below it), to tell which side of a title it is.
    let mut anchors: Vec<f64> = Vec::with_capacity(2 * nodes.len());
    let x_of = |v: usize| ctx.g.nodes[v].x;
    let (first_box, start) = end_box(ctx, nodes[0], tail_port, EndSide::Tail);
    boxes.push(first_box);
    anchors.push(start.x);
    for &v in &nodes[1..last] {
        let slot = slot_box(ctx, v);
        if push_gap(&mut boxes, slot.top, slot) {
            anchors.push(x_of(v));
        }
        boxes.push(slot);
        anchors.push(x_of(v));
    }
    let (last_box, end) = end_box(ctx, nodes[last], head_port, EndSide::Head);
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
fn end_box(ctx: &RouteContext, v: usize, port: Port, side: EndSide) -> (Span, Point) {
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
            let (left, right) = free_range(g, ctx.order_pos, v);
            let half = half.max(nd.h / 2.0);
            let at = match port {
                Port::Alone => Point::new(nd.x, nd.y),
                Port::Shared(offset) => side_point(ctx, v, offset, side),
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
fn slot_box(ctx: &RouteContext, v: usize) -> Span {
    let g = ctx.g;
    let nd = &g.nodes[v];
    let half = ctx.layer_half[nd.rank];
    let (top, bottom) = (nd.y - half, nd.y + half);
    if let Kind::Label(_) = nd.kind {
        // Through the label itself (mermaid draws it on the edge, over the
        // line), well inside its sides.
        let half_width = (nd.w / 2.0 - LABEL_INSET).max(LABEL_SLOT / 2.0);
        return Span::new(nd.x - half_width, nd.x + half_width, top, bottom);
    }
    let (left, right) = free_range(g, ctx.order_pos, v);
    Span::new(left, right, top, bottom)
}

/// How far left and right of node `v` (a dummy, or an edge's end) its
/// edge may stray on its layer.
fn free_range(g: &LGraph, order_pos: &[usize], v: usize) -> (f64, f64) {
    let nd = &g.nodes[v];
    let layer = &g.layers[nd.rank];
    let at = order_pos[v];
    let left = at.checked_sub(1).map_or(f64::NEG_INFINITY, |i| limit_towards(g, v, layer[i]));
    let right = layer.get(at + 1).map_or(f64::INFINITY, |&u| limit_towards(g, v, u));
    // Nothing beside it: open, but finite.
    let reach = OPEN_REACH;
    let left = left.max(nd.x - reach).min(nd.x);
    let right = right.min(nd.x + reach).max(nd.x);
    (left, right)
}

/// The x that an edge through `v` may not pass, towards neighbour `u`.
fn limit_towards(g: &LGraph, v: usize, u: usize) -> f64 {
    let (nv, nu) = (&g.nodes[v], &g.nodes[u]);
    let sign = if nu.x > nv.x { 1.0 } else { -1.0 };
    let own_side = nv.x + sign * nv.w / 2.0;
    let other_side = nu.x - sign * nu.w / 2.0;
    let gap = ((other_side - own_side) * sign).max(0.0);
    let reach = match nu.kind {
        // Another edge: up to 40% of the way, so that neighbouring
        // corridors keep a strip between them and their shortest paths
        // cannot touch on a shared corner.
        Kind::Dummy(_) => NEIGHBOUR_SHARE * gap,
        // A cluster side, node, label or title: stay clear of it, and go
        // no further than half-way if it is close.
        _ => (gap - SIDE_MARGIN).max(gap / 2.0),
    };
    own_side + sign * reach
}
