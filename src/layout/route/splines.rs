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

use super::corridor::{self, Claims, Held};
use super::obstacles::{self, End, Outline};
use super::{self_loop_reach, EdgeClass, EdgeToRoute, Port, RouteContext, RoutedEdge};
use crate::flowchart::Curve;
use crate::geom::{Path, PathCommand, Point, Rect, EDGE_SAMPLE_STEP};
use crate::layout::curve;
use crate::shape::geometry::attach_point;
use crate::layout::graph::{Chain, Kind};
use crate::layout::spline::{self, Corridor, EdgeEnd};

/// Routes every edge, layered edges one after another in the order of
/// [`routing_order`], each beside the curves of those before it
/// ([`Claims`]).
pub(super) fn route_all(ctx: &RouteContext, edges: &[EdgeToRoute]) -> Vec<RoutedEdge> {
    let mut claims = Claims::new(ctx.g.nodes.len());
    let mut routed = vec![RoutedEdge::default(); edges.len()];
    for i in routing_order(ctx, edges) {
        routed[i] = route(ctx, &edges[i], &mut claims);
    }
    routed
}

/// Graphviz's `edgecmp` order, as far as it applies here: edges spanning
/// fewer layers first, then those whose ends are closer in x, then chart
/// order. Short, nearly straight edges take their room first; long edges,
/// which can bend, route around them.
fn routing_order(ctx: &RouteContext, edges: &[EdgeToRoute]) -> Vec<usize> {
    let key = |e: &EdgeToRoute| match e.chain {
        Chain::Layered { nodes, .. } if nodes.len() >= 2 => {
            let (a, b) = (&ctx.g.nodes[nodes[0]], &ctx.g.nodes[nodes[nodes.len() - 1]]);
            (nodes.len(), (a.x - b.x).abs())
        }
        _ => (0, 0.0),
    };
    let keys: Vec<(usize, f64)> = edges.iter().map(key).collect();
    let mut order: Vec<usize> = (0..edges.len()).collect();
    order.sort_by(|&i, &j| keys[i].0.cmp(&keys[j].0).then(keys[i].1.total_cmp(&keys[j].1)).then(i.cmp(&j)));
    order
}

fn route(ctx: &RouteContext, edge: &EdgeToRoute, claims: &mut Claims) -> RoutedEdge {
    match (edge.class, edge.chain) {
        (EdgeClass::Regular, Chain::Layered { nodes, reversed }) if nodes.len() >= 2 => layered(ctx, edge, nodes, *reversed, claims),
        (EdgeClass::Flat, Chain::Flat { tail, head }) => flat(ctx, edge, *tail, *head),
        (EdgeClass::SelfLoop, Chain::Loop { node, index }) => self_loop(ctx, edge, *node, *index),
        _ => RoutedEdge { curve: edge.curve, ..RoutedEdge::default() },
    }
}

/// Largest and smallest distance of a flat edge's lane above its layer.
const FLAT_LANE_RISE: f64 = 20.0;
const FLAT_LANE_MIN_RISE: f64 = 8.0;

/// A flat edge (both ends on one layer): an arc from the top of the tail
/// up into the gap above the layer, along it, and down into the top of the
/// head, clear of whatever stands between them on the layer.
fn flat(ctx: &RouteContext, edge: &EdgeToRoute, tail: usize, head: usize) -> RoutedEdge {
    let g = ctx.g;
    let (t, h) = (&g.nodes[tail], &g.nodes[head]);
    let r = t.rank;
    let layer_top = t.y - ctx.layer_half[r];
    let gap_above = match r.checked_sub(1) {
        Some(up) => layer_top - (g.nodes[g.layers[up][0]].y + ctx.layer_half[up]),
        None => 2.0 * FLAT_LANE_RISE,
    };
    // The top of each end: a node's top side, or a cluster's top border.
    let top_of = |v: usize| {
        let nd = &g.nodes[v];
        match nd.kind {
            Kind::Top(c) | Kind::Bottom(c) => Point::new(nd.x, ctx.cluster_boxes_tb[c].top()),
            _ => Point::new(nd.x, nd.y - nd.h / 2.0),
        }
    };
    let (from, to) = (top_of(tail), top_of(head));
    // Strictly above both ends and the layer, so the arc clears whatever
    // stands between them on the layer.
    let lane_y = layer_top.min(from.y).min(to.y) - (gap_above / 2.0).clamp(FLAT_LANE_MIN_RISE, FLAT_LANE_RISE);
    let arc = spline::flat_route(from, to, lane_y);
    let ctrl: Vec<Point> = arc.iter().map(|p| ctx.frame.point(p.x, p.y)).collect();
    let label_box = edge.label_size.map(|(w, hgt)| {
        let p = ctx.frame.point((t.x + h.x) / 2.0, lane_y);
        Rect::new(p.x, p.y, w, hgt)
    });
    if edge.curve == Curve::Basis {
        return RoutedEdge { path: spline::to_path(&ctrl), curve: Curve::Basis, label_box };
    }
    let ends = DrawnEnds { tail, head, reversed: false };
    let corners = [from, Point::new(t.x, lane_y), Point::new(h.x, lane_y), to];
    let pts: Vec<Point> = corners.iter().map(|p| ctx.frame.point(p.x, p.y)).collect();
    polyline_route(ctx, edge, pts, &ends, label_box)
}

/// A self loop: out of the node's right side (TB space) and back, a
/// quarter of its height above and below the centre, nested loops further
/// out.
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


/// The ends of a chain as drawn (the chain runs downwards; a reversed
/// chain is drawn from its lower end).
struct DrawnEnds {
    tail: usize,
    head: usize,
    reversed: bool,
}

fn layered(ctx: &RouteContext, edge: &EdgeToRoute, nodes: &[usize], reversed: bool, claims: &mut Claims) -> RoutedEdge {
    let n = ctx.chart.nodes.len();
    let last = nodes.len() - 1;
    let ends = if reversed {
        DrawnEnds { tail: nodes[last], head: nodes[0], reversed }
    } else {
        DrawnEnds { tail: nodes[0], head: nodes[last], reversed }
    };
    // Ends sharing a side are spread along it in the direction of their
    // edges (`Ports::spread`), tails as well as arrow tips: edges leaving
    // one point towards the same side would otherwise run on top of each
    // other and cross where they part.
    let upper_port = if nodes[0] < n { ctx.ports.down_port(nodes[0], nodes[1]) } else { Port::Alone };
    let lower_port = if nodes[last] < n { ctx.ports.up_port(nodes[last], nodes[last - 1]) } else { Port::Alone };
    let (mut routed, tb_points) = pick_route(ctx, edge, nodes, &ends, (upper_port, lower_port), claims);
    routed.label_box = place_label(ctx, edge, nodes, &tb_points, claims);
    claims.record(ctx, nodes, &tb_points);
    routed
}

/// The first route that stays out of its end nodes: with spread ports,
/// then aimed at the centres, then straight. Also its shortest path in TB
/// space, which the curve follows.
fn pick_route(
    ctx: &RouteContext,
    edge: &EdgeToRoute,
    nodes: &[usize],
    ends: &DrawnEnds,
    ports: (Port, Port),
    claims: &Claims,
) -> (RoutedEdge, Vec<Point>) {
    let spread = route_with_ports(ctx, edge, nodes, ends, ports, claims);
    if stays_out_of_ends(ctx, &spread.0.path, ends) {
        return spread;
    }
    // A spread end on a round or pointed outline can make the curve cut
    // back across its own node: aim that edge at the centres instead.
    let centred = route_with_ports(ctx, edge, nodes, ends, (Port::Alone, Port::Alone), claims);
    if stays_out_of_ends(ctx, &centred.0.path, ends) {
        return centred;
    }
    // Still grazing a pointed outline: the shortest path's straight
    // pieces, which leave each end along a ray from its centre.
    let straight = EdgeToRoute { curve: Curve::Linear, ..*edge };
    route_with_ports(ctx, &straight, nodes, ends, (Port::Alone, Port::Alone), claims)
}

/// The edge through `nodes` routed with `(upper, lower)` ports, and its
/// shortest path in TB space for the claims.
fn route_with_ports(
    ctx: &RouteContext,
    edge: &EdgeToRoute,
    nodes: &[usize],
    ends: &DrawnEnds,
    (upper_port, lower_port): (Port, Port),
    claims: &Claims,
) -> (RoutedEdge, Vec<Point>) {
    let frame = ctx.frame;
    let plan = corridor::plan(ctx, nodes, upper_port, lower_port, claims);
    let (start, end) = (plan.start, plan.end);
    let to_final = |pts: &[Point]| -> Vec<Point> {
        let mut out: Vec<Point> = pts.iter().map(|p| frame.point(p.x, p.y)).collect();
        if ends.reversed {
            out.reverse();
        }
        out
    };
    // The boxes are needed again only to cut doors into cluster sides.
    let boxes_for_doors = if ctx.cluster_boxes_tb.is_empty() { Vec::new() } else { plan.boxes.clone() };
    let Ok(mut corridor) = Corridor::new(plan.boxes) else {
        // Not a corridor (cannot happen for a positioned graph): a straight
        // line between the ends, cut at the outlines.
        return (polyline_route(ctx, edge, to_final(&[start, end]), ends, None), vec![start, end]);
    };
    let mut waypoints = spline::shortest_path(&corridor, start, end);
    // A shallow pass through a cluster side goes through a door instead.
    if let Some(with_doors) = corridor::doors(ctx, nodes, &boxes_for_doors, &waypoints) {
        if let Ok(narrowed) = Corridor::new(with_doors) {
            waypoints = spline::shortest_path(&narrowed, start, end);
            corridor = narrowed;
        }
    }
    if edge.curve != Curve::Basis {
        return (polyline_route(ctx, edge, to_final(&waypoints), ends, None), waypoints);
    }
    let fitted = spline::fit_spline(&corridor, &waypoints, None, None);
    let mut ctrl = to_final(&fitted);
    ctrl = clip_at_end(ctx, ctrl, ends.tail, EdgeEnd::Tail);
    ctrl = clip_at_end(ctx, ctrl, ends.head, EdgeEnd::Head);
    // The curve keeps within `spline::MAX_DEVIATION` of its shortest
    // path, which stands for it in the claims (a few corners, where the
    // sampled curve would be hundreds of points).
    (RoutedEdge { path: spline::to_path(&ctrl), curve: Curve::Basis, label_box: None }, waypoints)
}

/// How far inside an end node's outline a curve is taken to enter it: a
/// quarter unit, stricter than the metrics' one unit, so that a curve
/// grazing a diamond's tip counts.
const END_CLEARANCE: f64 = 0.25;

/// True if the path, as written out (flattened with the layout JSON's
/// sampling step, which is what the metrics and the canvas see), stays out
/// of both end nodes (shrunk by [`END_CLEARANCE`]).
fn stays_out_of_ends(ctx: &RouteContext, path: &Path, ends: &DrawnEnds) -> bool {
    let outlines: Vec<(Outline, Rect)> = [ends.tail, ends.head]
        .iter()
        .filter_map(|&v| match ctx.end_at(v).0 {
            End::Node(shape, rect) => Some((Outline::of_node(shape, &rect), rect)),
            End::Cluster(_) => None,
        })
        .collect();
    // Only the pieces that touch an end node can enter it: the first and
    // last drawing commands (a long edge's middle is never flattened here).
    let commands = &path.commands;
    let pieces: Vec<Path> = if commands.len() > 4 {
        let last = commands.len() - 1;
        let start_of_last = match commands[last - 1] {
            PathCommand::CubicTo(_, _, p) | PathCommand::LineTo(p) | PathCommand::MoveTo(p) => p,
            PathCommand::Close => return true,
        };
        vec![
            Path { commands: commands[..2].to_vec() },
            Path { commands: vec![PathCommand::MoveTo(start_of_last), commands[last]] },
        ]
    } else {
        vec![path.clone()]
    };
    pieces.iter().all(|piece| {
        piece.flatten(EDGE_SAMPLE_STEP).windows(2).all(|w| {
            let (a, b) = (w[0], w[1]);
            outlines.iter().all(|(outline, r)| {
                let apart = a.x.max(b.x) < r.left() || a.x.min(b.x) > r.right() || a.y.max(b.y) < r.top() || a.y.min(b.y) > r.bottom();
                apart || outline.inside(a, b, END_CLEARANCE) <= 0.0
            })
        })
    })
}

/// The label's box: on the curve at the label node's height, as far as
/// the label's room on its layer allows (the corridor made the curve pass
/// where the label can cover it); recorded as what the label node holds.
fn place_label(ctx: &RouteContext, edge: &EdgeToRoute, nodes: &[usize], tb_points: &[Point], claims: &mut Claims) -> Option<Rect> {
    let (w, h) = edge.label_size?;
    let v = nodes.iter().copied().find(|&v| matches!(ctx.g.nodes[v].kind, Kind::Label(_)))?;
    let nd = &ctx.g.nodes[v];
    let x = corridor::label_centre(ctx, claims, v, corridor::x_at_height(tb_points, nd.y));
    claims.hold(v, Held { left: x - nd.w / 2.0, right: x + nd.w / 2.0 });
    let p = ctx.frame.point(x, nd.y);
    Some(Rect::new(p.x, p.y, w, h))
}

/// Cuts the spline where it leaves (enters) the outline of the node at
/// its tail (head). Cluster ends already start and stop on the cluster's
/// side.
fn clip_at_end(ctx: &RouteContext, ctrl: Vec<Point>, v: usize, end: EdgeEnd) -> Vec<Point> {
    match ctx.end_at(v).0 {
        End::Node(shape, rect) => {
            let outline = Outline::of_node(shape, &rect);
            spline::clip_at_outline(&ctrl, end, |p| outline.contains(p, 0.0))
        }
        End::Cluster(_) => ctrl,
    }
}

/// The waypoints cut at the end outlines and drawn with the edge's d3
/// curve (or straight, if the curve would cut a node).
fn polyline_route(ctx: &RouteContext, edge: &EdgeToRoute, pts: Vec<Point>, ends: &DrawnEnds, label_box: Option<Rect>) -> RoutedEdge {
    let (te, he, skip) = ctx.ends_between(ends.tail, ends.head);
    let pts = obstacles::clip(pts, te, he);
    let (path, curve) = obstacles::draw(&pts, edge.curve, ctx.grid, &skip);
    RoutedEdge { path, curve, label_box }
}
