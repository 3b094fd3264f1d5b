//! The safety net behind the spline router: each edge as a polyline down
//! its own column (vertical through every layer it crosses, diagonal only
//! in the free gaps between layers), cut at the end outlines. It cannot
//! enter a node the layer order keeps apart from its dummies, so it stands
//! in for a spline whose corridor could not be built faithfully (the
//! layout checks of `layout::verify` hold for it).

use super::obstacles;
use super::{EdgeToRoute, RouteContext, RoutedEdge};
use crate::flowchart::Curve;
use crate::geom::{Point, Rect};
use crate::layout::graph::Kind;

pub(super) fn layered(ctx: &RouteContext, edge: &EdgeToRoute, nodes: &[usize], reversed: bool) -> RoutedEdge {
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
                let off = if v < n { 0.0 } else { 0.0 };
                pts.push(frame.point(nd.x + off, nd.y + hh + 1.0));
            }
        } else if j == last {
            if real {
                let off = if v < n { 0.0 } else { 0.0 };
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
    let (te, he, skip) = ctx.ends_between(t, h);
    let pts = obstacles::clip(pts, te, he);
    let (path, curve) = obstacles::draw(&pts, Curve::Linear, ctx.grid, &skip);
    RoutedEdge { path, curve, label_box }
}
