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
use super::{columns, EdgeClass, EdgeToRoute, Port, RouteContext, RoutedEdge};
use crate::flowchart::Curve;
use crate::geom::{cubic_point, Path, PathCommand, Point, Rect};
use crate::shape::Shape;
use crate::layout::graph::{Chain, Kind};
use crate::layout::spline::{self, Corridor, EdgeEnd};

pub(super) fn route(ctx: &RouteContext, edge: &EdgeToRoute) -> RoutedEdge {
    match (edge.class, edge.chain) {
        (EdgeClass::Regular, Chain::Layered { nodes, reversed }) if nodes.len() >= 2 => layered(ctx, edge, nodes, *reversed),
        _ => columns::route(ctx, edge),
    }
}

/// The ends of a chain as drawn (the chain runs downwards; a reversed
/// chain is drawn from its lower end).
struct DrawnEnds {
    tail: usize,
    head: usize,
    reversed: bool,
}

fn layered(ctx: &RouteContext, edge: &EdgeToRoute, nodes: &[usize], reversed: bool) -> RoutedEdge {
    let n = ctx.chart.nodes.len();
    let last = nodes.len() - 1;
    let ends = if reversed {
        DrawnEnds { tail: nodes[last], head: nodes[0], reversed }
    } else {
        DrawnEnds { tail: nodes[0], head: nodes[last], reversed }
    };
    let label_box = label_box(ctx, edge, nodes);
    let tail_port = if nodes[0] < n { ctx.ports.down_port(nodes[0], nodes[1]) } else { Port::Alone };
    let head_port = if nodes[last] < n { ctx.ports.up_port(nodes[last], nodes[last - 1]) } else { Port::Alone };
    let spread = route_with_ports(ctx, edge, nodes, &ends, tail_port, head_port, label_box);
    if stays_out_of_ends(ctx, &spread.path, &ends) {
        return spread;
    }
    // A spread end on a round or pointed outline can make the curve cut
    // back across its own node: aim that edge at the centres instead.
    let centred = route_with_ports(ctx, edge, nodes, &ends, Port::Alone, Port::Alone, label_box);
    if stays_out_of_ends(ctx, &centred.path, &ends) {
        return centred;
    }
    // Still grazing a pointed outline: the shortest path's straight
    // pieces, which leave each end along a ray from its centre.
    let straight = EdgeToRoute { curve: Curve::Linear, ..*edge };
    route_with_ports(ctx, &straight, nodes, &ends, Port::Alone, Port::Alone, label_box)
}

fn route_with_ports(
    ctx: &RouteContext,
    edge: &EdgeToRoute,
    nodes: &[usize],
    ends: &DrawnEnds,
    tail_port: Port,
    head_port: Port,
    label_box: Option<Rect>,
) -> RoutedEdge {
    let frame = ctx.frame;
    let plan = corridor::plan(ctx, nodes, tail_port, head_port);
    let (start, end) = (plan.start, plan.end);
    let to_final = |pts: &[Point]| -> Vec<Point> {
        let mut out: Vec<Point> = pts.iter().map(|p| frame.point(p.x, p.y)).collect();
        if ends.reversed {
            out.reverse();
        }
        out
    };
    let Ok(corridor) = Corridor::new(plan.boxes) else {
        // Not a corridor (cannot happen for a positioned graph): a straight
        // line between the ends, cut at the outlines.
        return polyline_route(ctx, edge, to_final(&[start, end]), ends, label_box);
    };
    let waypoints = spline::shortest_path(&corridor, start, end);
    if edge.curve != Curve::Basis {
        return polyline_route(ctx, edge, to_final(&waypoints), ends, label_box);
    }
    let fitted = spline::fit_spline(&corridor, &waypoints, None, None);
    let mut ctrl = to_final(&fitted);
    ctrl = clip_at_end(ctx, ctrl, ends.tail, EdgeEnd::Tail);
    ctrl = clip_at_end(ctx, ctrl, ends.head, EdgeEnd::Head);
    RoutedEdge { path: spline::to_path(&ctrl), curve: Curve::Basis, label_box }
}

/// Largest distance between the samples that check a curve stays out of
/// its end nodes.
const END_CHECK_STEP: f64 = 1.0;

/// True if no sample of the path's first and last cubics (which hold the
/// ends) lies inside either end node, shrunk by one unit as the layout
/// metrics test it.
fn stays_out_of_ends(ctx: &RouteContext, path: &Path, ends: &DrawnEnds) -> bool {
    let outlines: Vec<(Shape, Rect)> = [ends.tail, ends.head]
        .iter()
        .filter_map(|&v| match ctx.end_at(v).0 {
            End::Node(shape, rect) => Some((shape, rect)),
            End::Cluster(_) => None,
        })
        .collect();
    let mut cubics: Vec<[Point; 4]> = Vec::new();
    let mut from = Point::new(0.0, 0.0);
    for c in &path.commands {
        match *c {
            PathCommand::MoveTo(p) | PathCommand::LineTo(p) => from = p,
            PathCommand::CubicTo(c1, c2, to) => {
                cubics.push([from, c1, c2, to]);
                from = to;
            }
            PathCommand::Close => {}
        }
    }
    let end_cubics = cubics.first().into_iter().chain(cubics.last().filter(|_| cubics.len() > 1));
    for q in end_cubics {
        let hull = q[0].distance(q[1]) + q[1].distance(q[2]) + q[2].distance(q[3]);
        let samples = ((hull / END_CHECK_STEP).ceil() as usize).clamp(8, 4096);
        for k in 1..samples {
            let p = cubic_point(q[0], q[1], q[2], q[3], k as f64 / samples as f64);
            if outlines.iter().any(|(shape, rect)| obstacles::contains(*shape, rect, p, 1.0)) {
                return false;
            }
        }
    }
    true
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
fn polyline_route(ctx: &RouteContext, edge: &EdgeToRoute, pts: Vec<Point>, ends: &DrawnEnds, label_box: Option<Rect>) -> RoutedEdge {
    let (te, mut skip) = ctx.end_at(ends.tail);
    let (he, hs) = ctx.end_at(ends.head);
    skip.extend(hs);
    let pts = obstacles::clip(pts, te, he);
    let (path, curve) = obstacles::draw(&pts, edge.curve, ctx.grid, &skip);
    RoutedEdge { path, curve, label_box }
}
