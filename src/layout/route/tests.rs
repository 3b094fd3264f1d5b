//! The route step on tiny hand-built layered graphs: corridor construction,
//! port spreading, and the spline router's promises (ends on the outlines,
//! curves inside their corridors).

use super::corridor::{self, CorridorPlan};
use super::obstacles::{self, Grid, Obstacle};
use super::{route_edge, EdgeClass, EdgeToRoute, Port, Ports, RouteContext};
use crate::flowchart::{Curve, Direction, Flowchart};
use crate::geom::{PathCommand, Point, Rect};
use crate::layout::frame::Frame;
use crate::layout::graph::{Chain, Kind, LGraph};
use crate::layout::params::RouterKind;
use crate::layout::position;
use crate::layout::spline::{Corridor, Span};
use crate::Options;

/// A layered graph in TB space: `layers` lists, per layer and in order,
/// the nodes as (kind, x, width, height); layer r sits at y = 100·r. As in
/// the engine, `Kind::Real(i)` is layered node i; the other nodes follow,
/// layer by layer.
fn graph(layers: &[&[(Kind, f64, f64, f64)]]) -> LGraph {
    let mut g = LGraph { layer_rank: (0..layers.len() as i32).collect(), ..Default::default() };
    g.layers = vec![Vec::new(); layers.len()];
    let mut entries: Vec<(usize, usize, Kind, f64, f64, f64)> = Vec::new();
    for (r, layer) in layers.iter().enumerate() {
        for (at, &(kind, x, w, h)) in layer.iter().enumerate() {
            entries.push((r, at, kind, x, w, h));
        }
    }
    let real_index = |k: Kind| match k {
        Kind::Real(i) => i,
        _ => usize::MAX,
    };
    entries.sort_by_key(|e| (real_index(e.2), e.0, e.1));
    let mut placed: Vec<(usize, usize, usize)> = Vec::new();
    for &(r, at, kind, x, w, h) in &entries {
        let v = g.add_node(kind, w, h, None, r);
        assert!(real_index(kind) == usize::MAX || real_index(kind) == v, "real nodes 0..n must all be present");
        g.nodes[v].x = x;
        g.nodes[v].y = 100.0 * r as f64;
        placed.push((r, at, v));
    }
    placed.sort();
    for (r, _, v) in placed {
        g.layers[r].push(v);
    }
    g
}

/// Real nodes must be added first, in chart order (ids a, b, c, ...).
fn chart(src: &str) -> Flowchart {
    crate::parse(src, &Options::default()).expect("test chart parses")
}

struct Fixture {
    chart: Flowchart,
    g: LGraph,
    node_rects: Vec<Rect>,
    grid: Grid,
    layer_half: Vec<f64>,
    ports: Ports,
    order_pos: Vec<usize>,
}

impl Fixture {
    fn new(chart: Flowchart, g: LGraph) -> Fixture {
        let n = chart.nodes.len();
        let node_rects: Vec<Rect> = (0..n).map(|i| Rect::new(g.nodes[i].x, g.nodes[i].y, g.nodes[i].w, g.nodes[i].h)).collect();
        let grid = Grid::new(node_rects.iter().zip(&chart.nodes).map(|(r, nd)| Obstacle { shape: Some(nd.shape), rect: *r }).collect());
        let layer_half = position::layer_half_heights(&g);
        let ports = Ports::spread(&g, n);
        let mut order_pos = vec![0; g.nodes.len()];
        for layer in &g.layers {
            for (i, &v) in layer.iter().enumerate() {
                order_pos[v] = i;
            }
        }
        Fixture { chart, g, node_rects, grid, layer_half, ports, order_pos }
    }

    fn ctx(&self) -> RouteContext<'_> {
        RouteContext {
            chart: &self.chart,
            g: &self.g,
            frame: Frame(Direction::TopBottom),
            node_rects: &self.node_rects,
            cluster_boxes_tb: &[],
            cluster_boxes: &[],
            title_obstacle: &[],
            title_boxes: &[],
            grid: &self.grid,
            layer_half: &self.layer_half,
            ports: &self.ports,
            order_pos: &self.order_pos,
        }
    }
}

fn stacked(plan: &CorridorPlan) -> bool {
    plan.boxes.windows(2).all(|w| (w[0].bottom - w[1].top).abs() < 1e-9)
}

fn holds(b: &Span, p: Point) -> bool {
    b.left - 1e-9 <= p.x && p.x <= b.right + 1e-9 && b.top - 1e-9 <= p.y && p.y <= b.bottom + 1e-9
}

/// a → (dummy) → (dummy) → b, with a dummy of another edge beside each.
fn long_edge() -> Fixture {
    let c = chart("graph TD\n a --> b\n c --> d");
    let g = graph(&[
        &[(Kind::Real(0), 0.0, 80.0, 40.0), (Kind::Real(2), 200.0, 80.0, 40.0)],
        &[(Kind::Dummy(0), 20.0, 0.0, 0.0), (Kind::Dummy(1), 120.0, 0.0, 0.0)],
        &[(Kind::Dummy(0), 40.0, 0.0, 0.0), (Kind::Dummy(1), 140.0, 0.0, 0.0)],
        &[(Kind::Real(1), 60.0, 80.0, 40.0), (Kind::Real(3), 200.0, 80.0, 40.0)],
    ]);
    Fixture::new(c, g)
}

#[test]
fn a_long_edges_corridor_is_a_stack_of_boxes_holding_its_ends_and_dummies() {
    let f = long_edge();
    let ctx = f.ctx();
    // Nodes: a=0, b=1, c=2, d=3 (chart order); dummies follow.
    let chain = [0, 4, 6, 1];
    let plan = corridor::plan(&ctx, &chain, Port::Alone, Port::Alone);
    assert!(stacked(&plan), "boxes not stacked: {:?}", plan.boxes);
    assert!(holds(&plan.boxes[0], plan.start), "start {:?} outside {:?}", plan.start, plan.boxes[0]);
    assert!(holds(plan.boxes.last().unwrap(), plan.end));
    assert_eq!(plan.start, Point::new(0.0, 0.0), "a lone edge leaves from the centre");
    for &v in &chain[1..3] {
        let p = Point::new(f.g.nodes[v].x, f.g.nodes[v].y);
        assert!(plan.boxes.iter().any(|b| holds(b, p)), "dummy {v} at {p:?} outside its corridor");
    }
    assert!(Corridor::new(plan.boxes).is_ok());
}

#[test]
fn neighbouring_corridors_keep_a_strip_between_them() {
    let f = long_edge();
    let ctx = f.ctx();
    let left = corridor::plan(&ctx, &[0, 4, 6, 1], Port::Alone, Port::Alone);
    let right = corridor::plan(&ctx, &[2, 5, 7, 3], Port::Alone, Port::Alone);
    // The slot boxes (on the dummies' layers, y in [100, 100] and [200, 200]
    // bands) must not overlap in x.
    for y in [100.0, 200.0] {
        let slot = |p: &CorridorPlan| *p.boxes.iter().find(|b| b.top <= y && y <= b.bottom && b.height() < 1.0).unwrap();
        let (a, b) = (slot(&left), slot(&right));
        assert!(a.right < b.left, "slots touch at y={y}: {a:?} {b:?}");
        // 40% of the 100-unit distance from each side.
        assert!((a.right - (f.g.nodes[if y == 100.0 { 4 } else { 6 }].x + 40.0)).abs() < 1e-9, "{a:?}");
    }
}

#[test]
fn a_dummy_slot_stays_clear_of_a_neighbouring_label() {
    let c = chart("graph TD\n a --> b\n c -- long label --> d");
    let g = graph(&[
        &[(Kind::Real(0), 0.0, 80.0, 40.0), (Kind::Real(2), 150.0, 80.0, 40.0)],
        &[(Kind::Dummy(0), 0.0, 0.0, 0.0), (Kind::Label(1), 100.0, 60.0, 20.0)],
        &[(Kind::Real(1), 0.0, 80.0, 40.0), (Kind::Real(3), 150.0, 80.0, 40.0)],
    ]);
    let f = Fixture::new(c, g);
    let ctx = f.ctx();
    let plan = corridor::plan(&ctx, &[0, 4, 1], Port::Alone, Port::Alone);
    let slot = plan.boxes.iter().find(|b| b.top <= 100.0 && 100.0 <= b.bottom && b.top > 10.0).unwrap();
    // The label's left side is at 70: the slot stops 5 short of it.
    assert!((slot.right - 65.0).abs() < 1e-9, "{slot:?}");
    // The labelled edge passes through its label, 4 inside its sides.
    let labelled = corridor::plan(&ctx, &[2, 5, 3], Port::Alone, Port::Alone);
    let label_slot = labelled.boxes.iter().find(|b| b.top <= 100.0 && 100.0 <= b.bottom && b.top > 10.0).unwrap();
    assert!((label_slot.left - 74.0).abs() < 1e-9 && (label_slot.right - 126.0).abs() < 1e-9, "{label_slot:?}");
}

#[test]
fn ports_spread_a_shared_side_in_the_order_of_the_far_ends() {
    let c = chart("graph TD\n a --> b\n a --> c\n a --> d\n e --> c");
    let mut g = graph(&[
        &[(Kind::Real(0), 100.0, 100.0, 40.0), (Kind::Real(4), 300.0, 60.0, 40.0)],
        &[(Kind::Real(3), 0.0, 60.0, 40.0), (Kind::Real(2), 100.0, 60.0, 40.0), (Kind::Real(1), 200.0, 60.0, 40.0)],
    ]);
    // a's edges in chart order: b (right), c (middle), d (left).
    for (u, v) in [(0, 1), (0, 2), (0, 3), (4, 2)] {
        g.link(u, v);
    }
    let f = Fixture::new(c, g);
    let mut down: Vec<(usize, f64)> = f.ports.down[0].clone();
    down.sort_by(|a, b| a.1.total_cmp(&b.1));
    let order: Vec<usize> = down.iter().map(|p| p.0).collect();
    assert_eq!(order, vec![3, 2, 1], "sorted by the lower ends' x");
    let offsets: Vec<f64> = down.iter().map(|p| p.1).collect();
    assert!(offsets.windows(2).all(|w| w[1] - w[0] >= 6.0), "tips at least 6 apart: {offsets:?}");
    assert!((offsets[0] + offsets[2]).abs() < 1e-9 && offsets[1].abs() < 1e-9, "centred: {offsets:?}");
    assert_eq!(f.ports.down_port(0, 3), Port::Shared(offsets[0]));
    // e has one edge down: it is aimed at the centre.
    assert_eq!(f.ports.down_port(4, 2), Port::Alone);
    // c has two edges in, from a (x 100) and e (x 300).
    assert!(matches!(f.ports.up_port(2, 0), Port::Shared(o) if o < 0.0));
}

#[test]
fn spread_ends_lie_on_a_diamond_outline() {
    let c = chart("graph TD\n a{decide} --> b\n a --> c");
    let mut g = graph(&[
        &[(Kind::Real(0), 100.0, 80.0, 80.0)],
        &[(Kind::Real(1), 0.0, 60.0, 40.0), (Kind::Real(2), 200.0, 60.0, 40.0)],
    ]);
    g.link(0, 1);
    g.link(0, 2);
    let f = Fixture::new(c, g);
    let ctx = f.ctx();
    for (next, port) in [(1, f.ports.down_port(0, 1)), (2, f.ports.down_port(0, 2))] {
        let plan = corridor::plan(&ctx, &[0, next], port, Port::Alone);
        let p = plan.start;
        // On the lower faces: |dx| + |dy| = 40 for this 80×80 diamond.
        let l1 = (p.x - 100.0).abs() + p.y.abs();
        assert!((l1 - 40.0).abs() < 0.05 && p.y > 0.0, "start {p:?} not on the lower outline");
    }
}

/// Every end of a routed edge lies on its node's outline, and the drawn
/// curve stays out of both end nodes in between.
#[test]
fn routed_splines_end_on_the_outlines_and_stay_out_of_their_nodes() {
    let f = long_edge();
    let ctx = f.ctx();
    let chain = Chain::Layered { nodes: vec![0, 4, 6, 1], reversed: false };
    let edge = EdgeToRoute { chain: &chain, class: EdgeClass::Regular, curve: Curve::Basis, label_size: None };
    let routed = route_edge(RouterKind::Spline, &ctx, &edge);
    let pts = routed.path.flatten(1.0);
    let (a, b) = (f.node_rects[0], f.node_rects[1]);
    let first = pts[0];
    let last = *pts.last().unwrap();
    assert!((first.y - a.bottom()).abs() < 0.01 || (first.x - a.left()).abs() < 0.01 || (first.x - a.right()).abs() < 0.01, "{first:?}");
    assert!((last.y - b.top()).abs() < 0.01, "{last:?}");
    for p in &pts[1..pts.len() - 1] {
        for (r, shape) in [(a, f.chart.nodes[0].shape), (b, f.chart.nodes[1].shape)] {
            assert!(!obstacles::contains(shape, &r, *p, 1.0), "{p:?} inside an end node");
        }
    }
    // A cubic path, aimed along its last stretch (no stub).
    assert!(routed.path.commands.iter().any(|c| matches!(c, PathCommand::CubicTo(..))));
}

/// An explicit d3 curve is applied to the shortest path's waypoints.
#[test]
fn an_explicit_curve_is_drawn_through_the_waypoints() {
    let f = long_edge();
    let ctx = f.ctx();
    let chain = Chain::Layered { nodes: vec![0, 4, 6, 1], reversed: false };
    let edge = EdgeToRoute { chain: &chain, class: EdgeClass::Regular, curve: Curve::Linear, label_size: None };
    let routed = route_edge(RouterKind::Spline, &ctx, &edge);
    assert_eq!(routed.curve, Curve::Linear);
    assert!(routed.path.commands.iter().all(|c| !matches!(c, PathCommand::CubicTo(..))));
}
