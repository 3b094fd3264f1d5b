//! The spline router (the classic look): dot's way of drawing edges
//! (Dobkin, Gansner, Koutsofios, North 1997). Each layered edge gets a
//! corridor of boxes (`corridor`), the shortest path inside it, and
//! piecewise cubic Béziers fitted inside the corridor (`layout::spline`).
//! The curve starts at the tail's centre (moved along its side by the
//! port offset) and is cut where it leaves the tail's outline, and likewise
//! at the head, so the edge meets each outline along its own direction and
//! the arrowhead, which SVG aims along the last control segment, points
//! the way the line arrives.
//!
//! An explicit d3 curve (`linear`, `step`, `monotoneX`, … from the config
//! or `linkStyle … interpolate`) is applied to the shortest path's sparse
//! waypoints, as mermaid applies it to dagre's points, and falls back to
//! those waypoints joined by straight lines, which stay inside the
//! corridor, when the curve would cut a node.

use super::corridor;
use super::obstacles::{self, End};
use super::{columns, EdgeClass, EdgeToRoute, RouteContext, RoutedEdge};
use crate::flowchart::Curve;
use crate::geom::{Point, Rect};
use crate::layout::graph::{Chain, Kind};
use crate::layout::spline::{self, Corridor, EdgeEnd};

pub(super) fn route(ctx: &RouteContext, edge: &EdgeToRoute) -> RoutedEdge {
    match (edge.class, edge.chain) {
        (EdgeClass::Regular, Chain::Layered { nodes, reversed }) if nodes.len() >= 2 => layered(ctx, edge, nodes, *reversed),
        _ => columns::route(ctx, edge),
    }
}

fn layered(ctx: &RouteContext, edge: &EdgeToRoute, nodes: &[usize], reversed: bool) -> RoutedEdge {
    let frame = ctx.frame;
    let n = ctx.chart.nodes.len();
    let last = nodes.len() - 1;
    let tail_port = if nodes[0] < n { ctx.ports.down_offset(nodes[0], nodes[1]) } else { 0.0 };
    let head_port = if nodes[last] < n { ctx.ports.up_offset(nodes[last], nodes[last - 1]) } else { 0.0 };
    let plan = corridor::plan(ctx, nodes, tail_port, head_port);
    let label_box = label_box(ctx, edge, nodes);
    let (start, end) = (plan.start, plan.end);
    let waypoints = match Corridor::new(plan.boxes) {
        Ok(c) => Some((spline::shortest_path(&c, start, end), c)),
        Err(_) => None,
    };
    let (drawn_tail, drawn_head) = if reversed { (nodes[last], nodes[0]) } else { (nodes[0], nodes[last]) };
    let to_final = |pts: &[Point]| -> Vec<Point> {
        let mut out: Vec<Point> = pts.iter().map(|p| frame.point(p.x, p.y)).collect();
        if reversed {
            out.reverse();
        }
        out
    };
    let Some((waypoints, corridor)) = waypoints else {
        // Not a corridor (cannot happen for a positioned graph): a straight
        // line between the ends, cut at the outlines.
        let pts = to_final(&[start, end]);
        return polyline_route(ctx, edge, pts, drawn_tail, drawn_head, label_box);
    };
    if edge.curve != Curve::Basis {
        return polyline_route(ctx, edge, to_final(&waypoints), drawn_tail, drawn_head, label_box);
    }
    let fitted = spline::fit_spline(&corridor, &waypoints, None, None);
    let mut ctrl = to_final(&fitted);
    ctrl = clip_at_end(ctx, ctrl, drawn_tail, EdgeEnd::Tail);
    ctrl = clip_at_end(ctx, ctrl, drawn_head, EdgeEnd::Head);
    RoutedEdge { path: spline::to_path(&ctrl), curve: Curve::Basis, label_box }
}

/// The label's box: centred on the label node, which the corridor makes
/// the edge pass through.
fn label_box(ctx: &RouteContext, edge: &EdgeToRoute, nodes: &[usize]) -> Option<Rect> {
    let (w, h) = edge.label_size?;
    let v = nodes.iter().copied().find(|&v| matches!(ctx.g.nodes[v].kind, Kind::Label(_)))?;
    let p = ctx.frame.point(ctx.g.nodes[v].x, ctx.g.nodes[v].y);
    Some(Rect::new(p.x, p.y, w, h))
}

/// Cuts the spline where it leaves (enters) the outline of the node at
/// its tail (head). Cluster ends already start and stop on the cluster's
/// side.
fn clip_at_end(ctx: &RouteContext, ctrl: Vec<Point>, v: usize, end: EdgeEnd) -> Vec<Point> {
    match ctx.end_at(v).0 {
        End::Node(shape, rect) => spline::clip_at_outline(&ctrl, end, |p| obstacles::contains(shape, &rect, p, 0.0)),
        End::Cluster(_) => ctrl,
    }
}

/// The waypoints cut at the end outlines and drawn with the edge's d3
/// curve (or straight, if the curve would cut a node).
fn polyline_route(ctx: &RouteContext, edge: &EdgeToRoute, pts: Vec<Point>, tail: usize, head: usize, label_box: Option<Rect>) -> RoutedEdge {
    let (te, mut skip) = ctx.end_at(tail);
    let (he, hs) = ctx.end_at(head);
    skip.extend(hs);
    let pts = obstacles::clip(pts, te, he);
    let (path, curve) = obstacles::draw(&pts, edge.curve, ctx.grid, &skip);
    RoutedEdge { path, curve, label_box }
}
