//! The column router: each edge is a polyline through its chain (down its
//! own column through every layer it crosses, diagonally only in the free
//! gaps between layers), cut at the end outlines, then drawn with its d3
//! curve; a curve that cuts into an obstacle falls back to its polyline.

use super::obstacles::{self, End};
use super::{self_loop_reach, EdgeClass, EdgeToRoute, RouteContext, RoutedEdge};
use crate::flowchart::Curve;
use crate::geom::{Point, Rect};
use crate::layout::curve;
use crate::layout::graph::{Chain, Kind};
use crate::shape::geometry::attach_point;

pub(super) fn route(ctx: &RouteContext, edge: &EdgeToRoute) -> RoutedEdge {
    match (edge.class, edge.chain) {
        (EdgeClass::Regular, Chain::Layered { nodes, reversed }) => layered(ctx, edge, nodes, *reversed),
        (EdgeClass::Flat, Chain::Flat { tail, head }) => flat(ctx, edge, *tail, *head),
        (EdgeClass::SelfLoop, Chain::Loop { node, index }) => self_loop(ctx, edge, *node, *index),
        _ => RoutedEdge { curve: edge.curve, ..RoutedEdge::default() },
    }
}

fn both_ends(ctx: &RouteContext, tail: usize, head: usize) -> (End, End, Vec<usize>) {
    let (te, mut skip) = ctx.end_at(tail);
    let (he, hs) = ctx.end_at(head);
    skip.extend(hs);
    (te, he, skip)
}

fn layered(ctx: &RouteContext, edge: &EdgeToRoute, nodes: &[usize], reversed: bool) -> RoutedEdge {
    let g = ctx.g;
    let frame = ctx.frame;
    let n = ctx.chart.nodes.len();
    let centre = |v: usize| frame.point(g.nodes[v].x, g.nodes[v].y);
    let mut label_box = None;
    let mut pts: Vec<Point> = Vec::new();
    let last = nodes.len() - 1;
    for (j, &v) in nodes.iter().enumerate() {
        let nd = &g.nodes[v];
        let hh = ctx.layer_half[nd.rank];
        // Real nodes and cluster ends leave their layer's band vertically,
        // so diagonals stay in the free gaps.
        let real = matches!(nd.kind, Kind::Real(_) | Kind::Top(_) | Kind::Bottom(_));
        if j == 0 {
            pts.push(centre(v));
            if real {
                let off = if v < n { ctx.ports.down_offset(v, nodes[1]) } else { 0.0 };
                pts.push(frame.point(nd.x + off, nd.y + hh + 1.0));
            }
        } else if j == last {
            if real {
                let off = if v < n { ctx.ports.up_offset(v, nodes[last - 1]) } else { 0.0 };
                pts.push(frame.point(nd.x + off, nd.y - hh - 1.0));
            }
            pts.push(centre(v));
        } else {
            if let (Kind::Label(_), Some((w, h))) = (nd.kind, edge.label_size) {
                let p = centre(v);
                label_box = Some(Rect::new(p.x, p.y, w, h));
            }
            if hh > 0.0 {
                pts.push(frame.point(nd.x, nd.y - hh));
                pts.push(frame.point(nd.x, nd.y + hh));
            } else {
                pts.push(centre(v));
            }
        }
    }
    if reversed {
        pts.reverse();
    }
    let (t, h) = if reversed { (nodes[last], nodes[0]) } else { (nodes[0], nodes[last]) };
    let (te, he, skip) = both_ends(ctx, t, h);
    let pts = obstacles::clip(pts, te, he);
    let (path, curve) = obstacles::draw(&pts, edge.curve, ctx.grid, &skip);
    RoutedEdge { path, curve, label_box }
}

fn flat(ctx: &RouteContext, edge: &EdgeToRoute, tail: usize, head: usize) -> RoutedEdge {
    let g = ctx.g;
    let centre = |v: usize| ctx.frame.point(g.nodes[v].x, g.nodes[v].y);
    let (te, he, skip) = both_ends(ctx, tail, head);
    let pts = obstacles::clip(vec![centre(tail), centre(head)], te, he);
    let label_box = edge.label_size.map(|(w, h)| {
        let m = pts[0].lerp(pts[pts.len() - 1], 0.5);
        Rect::new(m.x, m.y, w, h)
    });
    let (path, curve) = obstacles::draw(&pts, edge.curve, ctx.grid, &skip);
    RoutedEdge { path, curve, label_box }
}

fn self_loop(ctx: &RouteContext, edge: &EdgeToRoute, node: usize, index: usize) -> RoutedEdge {
    let frame = ctx.frame;
    let (shape, rect, tb) = ctx.loop_host(node);
    let d = self_loop_reach(index);
    // TB space: out of the right side and back, a quarter height above and
    // below the centre.
    let (vx, vy, vw, vh) = (tb.x, tb.y, tb.width, tb.height);
    let q = (vh / 4.0).max(4.0);
    let xr = vx + vw / 2.0;
    let (a, b) = (frame.point(xr + d, vy - q), frame.point(xr + d, vy + q));
    let s = attach_point(shape, &rect, frame.point(xr + d * 0.4, vy - q));
    let t = attach_point(shape, &rect, frame.point(xr + d * 0.4, vy + q));
    let pts = vec![s, frame.point(xr + d * 0.5, vy - q), a, b, frame.point(xr + d * 0.5, vy + q), t];
    let label_box = edge.label_size.map(|(w, h)| {
        let (tw, _) = frame.size(w, h);
        let p = frame.point(xr + d + 2.0 + tw / 2.0, vy);
        Rect::new(p.x, p.y, w, h)
    });
    let c = if edge.curve == Curve::Linear { Curve::Linear } else { Curve::Basis };
    RoutedEdge { path: curve::build(&pts, c), curve: c, label_box }
}
