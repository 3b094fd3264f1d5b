//! The route step on tiny hand-built layered graphs: corridor construction,
//! port spreading, and the spline router's promises (ends on the outlines,
//! curves inside their corridors).

use super::corridor::{self, Claims, CorridorPlan, Held};
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
    let plan = corridor::plan(&ctx, &chain, Port::Alone, Port::Alone, &Claims::new(f.g.nodes.len()));
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

/// The slot box of a plan on the dummy layer at height `y` (a thin band).
fn slot_at(plan: &CorridorPlan, y: f64) -> Span {
    *plan.boxes.iter().find(|b| b.top <= y && y <= b.bottom && b.height() < 1.0).unwrap()
}

#[test]
fn a_slot_stops_short_of_an_unrouted_neighbours_dummy() {
    let f = long_edge();
    let ctx = f.ctx();
    let none = Claims::new(f.g.nodes.len());
    let left = corridor::plan(&ctx, &[0, 4, 6, 1], Port::Alone, Port::Alone, &none);
    let right = corridor::plan(&ctx, &[2, 5, 7, 3], Port::Alone, Port::Alone, &none);
    // Neither edge is routed: each slot reaches to 6 units (the clearance)
    // short of the other's dummy, 100 units away, so each keeps its own
    // column and both hold the dummies' order.
    for (y, mine, theirs) in [(100.0, 4, 5), (200.0, 6, 7)] {
        let (a, b) = (slot_at(&left, y), slot_at(&right, y));
        assert!((a.right - (f.g.nodes[theirs].x - 6.0)).abs() < 1e-9, "{a:?}");
        assert!((b.left - (f.g.nodes[mine].x + 6.0)).abs() < 1e-9, "{b:?}");
        assert!(a.left <= f.g.nodes[mine].x && f.g.nodes[theirs].x <= b.right);
    }
}

#[test]
fn a_slot_reaches_to_a_routed_neighbours_curve() {
    let f = long_edge();
    let ctx = f.ctx();
    // The left edge was routed; its curve holds x 20..30 on the first
    // dummy layer and 90..95 on the second (it swung towards its right
    // neighbour's column, 140).
    let mut claims = Claims::new(f.g.nodes.len());
    claims.hold(4, Held { left: 20.0, right: 30.0 });
    claims.hold(6, Held { left: 90.0, right: 95.0 });
    let right = corridor::plan(&ctx, &[2, 5, 7, 3], Port::Alone, Port::Alone, &claims);
    // Past the left dummies' columns (20, 40), up to the curve less the
    // 6-unit clearance.
    assert!((slot_at(&right, 100.0).left - 36.0).abs() < 1e-9, "{:?}", slot_at(&right, 100.0));
    assert!((slot_at(&right, 200.0).left - 101.0).abs() < 1e-9, "{:?}", slot_at(&right, 200.0));
    // A curve closer than the clearance to the dummy's column pins the
    // slot's side to the column, never past it.
    claims.hold(6, Held { left: 137.0, right: 137.0 });
    let pinned = corridor::plan(&ctx, &[2, 5, 7, 3], Port::Alone, Port::Alone, &claims);
    assert!((slot_at(&pinned, 200.0).left - 140.0).abs() < 1e-9, "{:?}", slot_at(&pinned, 200.0));
}

#[test]
fn claims_record_the_curves_range_in_each_band() {
    let f = long_edge();
    let ctx = f.ctx();
    let mut claims = Claims::new(f.g.nodes.len());
    // A diagonal from (0, 0) to (60, 300): x = y / 5. The curve drawn
    // along it strays up to 2 units (spline::MAX_DEVIATION) either way.
    let path = [Point::new(0.0, 0.0), Point::new(60.0, 300.0)];
    claims.record(&ctx, &[0, 4, 6, 1], &path);
    let close = |held: Option<Held>, left: f64, right: f64| held.is_some_and(|h| (h.left - left).abs() < 1e-9 && (h.right - right).abs() < 1e-9);
    // Dummy layers are thin (no real node): the diagonal within 2 units of
    // the layer's height (x 19.6..20.4 at y 98..102), widened by 2.
    assert!(close(claims.held(4), 17.6, 22.4), "{:?}", claims.held(4));
    assert!(close(claims.held(6), 37.6, 42.4), "{:?}", claims.held(6));
    // The tail holds its lower half band (y 0..20, grown to 22), the head
    // its upper (y 280..300, grown to 278).
    assert!(close(claims.held(0), -2.0, 6.4), "{:?}", claims.held(0));
    assert!(close(claims.held(1), 53.6, 62.0), "{:?}", claims.held(1));
    // Nothing else.
    assert_eq!(claims.held(5), None);
}

#[test]
fn a_shallow_curves_claim_covers_where_its_curve_may_stray() {
    let f = long_edge();
    let ctx = f.ctx();
    let mut claims = Claims::new(f.g.nodes.len());
    // A shallow piece ending on the first dummy layer (y 100): from
    // (-400, 90) to (0, 100), x = 40 y - 4000. A curve 2 units below the
    // line meets the layer about 80 units left of where the line does, so
    // the claim must reach that far, not just 2 units past x = 0.
    let path = [Point::new(-400.0, 90.0), Point::new(0.0, 100.0), Point::new(0.0, 300.0)];
    claims.record(&ctx, &[0, 4, 6, 1], &path);
    let held = claims.held(4).unwrap();
    assert!(held.left <= -80.0 && held.right >= 2.0, "{held:?}");
}

#[test]
fn a_label_node_holds_its_curves_range_in_the_band_besides_its_box() {
    // a -> (label) -> b; the label's box is x 85..115 on layer 1 (band
    // y 90..110), but the curve crosses the whole band on a shallow run
    // from x 0 to 200 before it turns down: a neighbouring label sliding
    // along the layer must not cover that run.
    let c = chart("graph TD\n a -->|x| b");
    let g = graph(&[&[(Kind::Real(0), 0.0, 80.0, 40.0)], &[(Kind::Label(0), 100.0, 30.0, 20.0)], &[(Kind::Real(1), 200.0, 80.0, 40.0)]]);
    let f = Fixture::new(c, g);
    let ctx = f.ctx();
    let mut claims = Claims::new(f.g.nodes.len());
    claims.hold(2, Held { left: 85.0, right: 115.0 });
    let path = [Point::new(0.0, 0.0), Point::new(0.0, 90.0), Point::new(200.0, 110.0), Point::new(200.0, 200.0)];
    claims.record(&ctx, &[0, 2, 1], &path);
    let held = claims.held(2).unwrap();
    assert!(held.left <= 0.0 && held.right >= 200.0, "{held:?}");
}

#[test]
fn routing_later_edges_keeps_them_beside_earlier_curves() {
    let f = long_edge();
    let ctx = f.ctx();
    let chains = [Chain::Layered { nodes: vec![0, 4, 6, 1], reversed: false }, Chain::Layered { nodes: vec![2, 5, 7, 3], reversed: false }];
    let edges: Vec<EdgeToRoute> = chains.iter().map(|c| EdgeToRoute { chain: c, class: EdgeClass::Regular, curve: Curve::Basis, label_size: None }).collect();
    let routed = super::route_edges(RouterKind::Spline, &ctx, &edges);
    // On each dummy layer the left edge's curve stays left of the right
    // one's by at least the clearance (less the fit's deviation).
    for y in [100.0, 200.0] {
        let x_of = |e: usize| corridor::x_at_height(&routed[e].path.flatten(1.0), y).unwrap();
        assert!(x_of(1) - x_of(0) >= 6.0 - 2.0 * crate::layout::spline::MAX_DEVIATION, "y={y}: {} {}", x_of(0), x_of(1));
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
    let none = Claims::new(f.g.nodes.len());
    let plan = corridor::plan(&ctx, &[0, 4, 1], Port::Alone, Port::Alone, &none);
    let slot = plan.boxes.iter().find(|b| b.top <= 100.0 && 100.0 <= b.bottom && b.top > 10.0).unwrap();
    // The label's left side is at 70: the slot stops 5 short of it.
    assert!((slot.right - 65.0).abs() < 1e-9, "{slot:?}");
    // The labelled edge passes through its label, 4 inside its sides,
    // wherever the label may slide: its left side as far as the clearance
    // (6) from the unrouted dummy, its right side without limit (nothing to
    // its right): the label's centre in 36.., the edge in 36 - 26...
    let labelled = corridor::plan(&ctx, &[2, 5, 3], Port::Alone, Port::Alone, &none);
    let label_slot = labelled.boxes.iter().find(|b| b.top <= 100.0 && 100.0 <= b.bottom && b.top > 10.0).unwrap();
    assert!((label_slot.left - 10.0).abs() < 1e-9 && label_slot.right > 1000.0, "{label_slot:?}");
}

#[test]
fn a_label_slides_onto_its_curve_within_its_room() {
    let c = chart("graph TD\n a --> b\n c -- long label --> d");
    let g = graph(&[
        &[(Kind::Real(0), 0.0, 80.0, 40.0), (Kind::Real(2), 150.0, 80.0, 40.0)],
        &[(Kind::Dummy(0), 0.0, 0.0, 0.0), (Kind::Label(1), 100.0, 60.0, 20.0)],
        &[(Kind::Real(1), 0.0, 80.0, 40.0), (Kind::Real(3), 150.0, 80.0, 40.0)],
    ]);
    let f = Fixture::new(c, g);
    let ctx = f.ctx();
    let mut claims = Claims::new(f.g.nodes.len());
    // The curve passes x = 150 at the label's height: the label follows.
    assert_eq!(corridor::label_centre(&ctx, &claims, 5, Some(150.0)), 150.0);
    // Leftwards it may go until its box is the clearance (6) from the
    // other edge's dummy at 0: its left side at 6, its centre at 36.
    assert_eq!(corridor::label_centre(&ctx, &claims, 5, Some(-50.0)), 36.0);
    // With the other edge routed through x 0..10 there, 6 from its curve.
    claims.hold(4, Held { left: 0.0, right: 10.0 });
    assert_eq!(corridor::label_centre(&ctx, &claims, 5, Some(-50.0)), 46.0);
    // No curve at that height: the label stays.
    assert_eq!(corridor::label_centre(&ctx, &claims, 5, None), 100.0);
}

#[test]
fn ports_spread_a_shared_side_in_the_direction_of_the_far_ends() {
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
    let mut down = f.ports.down[0].clone();
    down.sort_by(|a, b| a.offset.total_cmp(&b.offset));
    let order: Vec<usize> = down.iter().map(|p| p.neighbour).collect();
    assert_eq!(down.iter().map(|p| p.index).collect::<Vec<_>>(), vec![0, 1, 2]);
    assert_eq!(order, vec![3, 2, 1], "sorted by the lower ends' x");
    let offsets: Vec<f64> = down.iter().map(|p| p.offset).collect();
    assert!(offsets.windows(2).all(|w| w[1] - w[0] >= 6.0), "tips at least 6 apart: {offsets:?}");
    assert!((offsets[0] + offsets[2]).abs() < 1e-9 && offsets[1].abs() < 1e-9, "centred: {offsets:?}");
    assert_eq!(f.ports.down_port(0, 3), Port::Shared { offset: offsets[0], index: 0, count: 3 });
    // Each end lies where the line from its far end to a's centre
    // crosses a's lower side (a is 40 tall, its neighbours 100 below):
    // x ± 100 · 20 / 100.
    assert_eq!(offsets, vec![-20.0, 0.0, 20.0]);
    // e has one edge down: it is aimed at the centre.
    assert_eq!(f.ports.down_port(4, 2), Port::Alone);
    // c has two edges in, from a (straight above) and e (x 300): a's
    // end stays in the middle, e's lies to its right.
    let (Port::Shared { offset: from_a, .. }, Port::Shared { offset: from_e, .. }) = (f.ports.up_port(2, 0), f.ports.up_port(2, 4)) else { panic!("both spread") };
    assert!(from_a.abs() < 1e-9 && from_e >= from_a + 6.0, "{from_a} {from_e}");
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
        let plan = corridor::plan(&ctx, &[0, next], port, Port::Alone, &Claims::new(f.g.nodes.len()));
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

#[test]
fn ports_too_close_are_pushed_apart_in_order_within_the_side() {
    // Three edges into c from far to the left (all would cross c's top at
    // its left reach) and one from straight above.
    let c = chart("graph TD\n a --> d\n b --> d\n e --> d\n f --> d");
    let mut g = graph(&[
        &[(Kind::Real(0), -900.0, 60.0, 40.0), (Kind::Real(1), -800.0, 60.0, 40.0), (Kind::Real(4), -700.0, 60.0, 40.0), (Kind::Real(5), 0.0, 60.0, 40.0)],
        &[(Kind::Real(3), 0.0, 100.0, 40.0)],
        &[(Kind::Real(2), 500.0, 60.0, 40.0)],
    ]);
    for u in [0, 1, 4, 5] {
        g.link(u, 3);
    }
    let f = Fixture::new(c, g);
    let mut up = f.ports.up[3].clone();
    up.sort_by(|a, b| a.offset.total_cmp(&b.offset));
    let order: Vec<usize> = up.iter().map(|p| p.neighbour).collect();
    assert_eq!(order, vec![0, 1, 4, 5], "in the order of the far ends");
    let offsets: Vec<f64> = up.iter().map(|p| p.offset).collect();
    // 10 apart from the side's left reach (30% of 100), the fourth at 0.
    assert_eq!(offsets, vec![-30.0, -20.0, -10.0, 0.0]);
}

#[test]
fn a_shallow_pass_through_a_cluster_side_gets_a_door() {
    let f = long_edge();
    let mut ctx = f.ctx();
    // A cluster whose top side (y 100) the path crosses at x 200.
    let cluster = [Rect::new(200.0, 150.0, 200.0, 100.0)];
    ctx.cluster_boxes_tb = &cluster;
    let boxes = [Span::new(0.0, 400.0, 0.0, 100.0), Span::new(0.0, 400.0, 100.0, 200.0)];
    let shallow = [Point::new(0.0, 90.0), Point::new(400.0, 110.0)];
    let with_door = corridor::doors(&ctx, &[0, 1], &boxes, &shallow).expect("a door");
    // The band 4 either side of the side is cut to 10 either side of the
    // crossing.
    let door: Vec<&Span> = with_door.iter().filter(|b| b.top >= 96.0 - 1e-9 && b.bottom <= 104.0 + 1e-9).collect();
    assert_eq!(door.len(), 2, "{with_door:?}");
    assert!(door.iter().all(|b| (b.left - 190.0).abs() < 1e-9 && (b.right - 210.0).abs() < 1e-9), "{door:?}");
    let c = Corridor::new(with_door).expect("still a corridor");
    let path = crate::layout::spline::shortest_path(&c, Point::new(0.0, 0.0), Point::new(400.0, 200.0));
    // Through the door: steeper than 0.4 there.
    let x_at = |y: f64| corridor::x_at_height(&path, y).unwrap();
    assert!((104.0 - 96.0) / (x_at(104.0) - x_at(96.0)).abs() >= 0.4, "{path:?}");
    // A steep crossing needs none.
    assert!(corridor::doors(&ctx, &[0, 1], &boxes, &[Point::new(190.0, 0.0), Point::new(210.0, 200.0)]).is_none());
}

#[test]
fn ends_sharing_a_side_get_their_own_part_of_its_band() {
    // Three edges into d from the layer above: each head box is d's band
    // less 6 units for every end beyond its own on either side.
    let c = chart("graph TD\n a --> d\n b --> d\n e --> d");
    let mut g = graph(&[
        &[(Kind::Real(0), -200.0, 60.0, 40.0), (Kind::Real(1), 0.0, 60.0, 40.0), (Kind::Real(4), 200.0, 60.0, 40.0)],
        &[(Kind::Real(3), 0.0, 100.0, 40.0)],
        &[(Kind::Real(2), 500.0, 60.0, 40.0)],
    ]);
    for u in [0, 1, 4] {
        g.link(u, 3);
    }
    let f = Fixture::new(c, g);
    let ctx = f.ctx();
    let none = Claims::new(f.g.nodes.len());
    let head_box = |from: usize| *corridor::plan(&ctx, &[from, 3], Port::Alone, f.ports.up_port(3, from), &none).boxes.last().unwrap();
    let (left, middle, right) = (head_box(0), head_box(1), head_box(4));
    // Each box sits 6 units right of the one for the end to its left.
    for (a, b) in [(left, middle), (middle, right)] {
        assert!((b.left - a.left - 6.0).abs() < 1e-9 && (b.right - a.right - 6.0).abs() < 1e-9, "{a:?} {b:?}");
    }
}

/// Links each chain's consecutive nodes (upper to lower) as layered edges.
fn link(g: &mut LGraph, chains: &[&[usize]]) {
    for chain in chains {
        for w in chain.windows(2) {
            g.down[w[0]].push(w[1]);
            g.up[w[1]].push(w[0]);
        }
    }
}

/// a → (dummy 4) → b and c → (dummy 5) → d, the dummies 20 apart on the
/// middle layer; `crossing`: b is right of d below, so the edges cross in
/// the lower gap; else they keep their order.
fn two_edges_through_one_layer(crossing: bool) -> Fixture {
    let c = chart("graph TD\n a --> b\n c --> d");
    let (b_x, d_x) = if crossing { (200.0, 0.0) } else { (0.0, 200.0) };
    let mut g = graph(&[
        &[(Kind::Real(0), 0.0, 80.0, 40.0), (Kind::Real(2), 200.0, 80.0, 40.0)],
        &[(Kind::Dummy(0), 90.0, 0.0, 0.0), (Kind::Dummy(1), 110.0, 0.0, 0.0)],
        &[(Kind::Real(1), b_x, 80.0, 40.0), (Kind::Real(3), d_x, 80.0, 40.0)],
    ]);
    g.layers[2].sort_by(|&u, &v| g.nodes[u].x.total_cmp(&g.nodes[v].x));
    link(&mut g, &[&[0, 4, 1], &[2, 5, 3]]);
    Fixture::new(c, g)
}

#[test]
fn a_slot_passes_over_the_dummy_of_an_edge_it_must_cross() {
    let none = Claims::new(6);
    // The edges keep their order: a's slot stops the clearance (6) short
    // of the other dummy.
    let apart = two_edges_through_one_layer(false);
    let plan = corridor::plan(&apart.ctx(), &[0, 4, 1], Port::Alone, Port::Alone, &none);
    assert!((slot_at(&plan, 100.0).right - 104.0).abs() < 1e-9, "{:?}", slot_at(&plan, 100.0));
    // They cross below the layer anyway: nothing fences a's edge in on
    // the right, so it may cross the other edge on the layer, straight.
    let crossing = two_edges_through_one_layer(true);
    let plan = corridor::plan(&crossing.ctx(), &[0, 4, 1], Port::Alone, Port::Alone, &none);
    assert!(slot_at(&plan, 100.0).right > 1000.0, "{:?}", slot_at(&plan, 100.0));
    // Routed, the edge runs from a's centre to b's in a straight line.
    let chains = [Chain::Layered { nodes: vec![0, 4, 1], reversed: false }, Chain::Layered { nodes: vec![2, 5, 3], reversed: false }];
    let edges: Vec<EdgeToRoute> = chains.iter().map(|c| EdgeToRoute { chain: c, class: EdgeClass::Regular, curve: Curve::Linear, label_size: None }).collect();
    let routed = super::route_edges(RouterKind::Spline, &crossing.ctx(), &edges);
    let points = routed[0].path.flatten(1.0);
    let (first, last) = (points[0], points[points.len() - 1]);
    for p in &points {
        let along = (p.y - first.y) / (last.y - first.y);
        assert!((p.x - (first.x + along * (last.x - first.x))).abs() < 1e-6, "{p:?} off the line {first:?}-{last:?}");
    }
}

/// a → b straight down and c → d beside it; `crossing`: d is left of b,
/// so c's edge crosses a's below the first layer.
fn tail_beside_a_real_node(crossing: bool) -> Fixture {
    let c = chart("graph TD\n a --> b\n c --> d");
    let d_x = if crossing { -150.0 } else { 150.0 };
    let mut g = graph(&[&[(Kind::Real(0), 0.0, 80.0, 40.0), (Kind::Real(2), 150.0, 80.0, 40.0)], &[(Kind::Real(1), 0.0, 80.0, 40.0), (Kind::Real(3), d_x, 80.0, 40.0)]]);
    g.layers[1].sort_by(|&u, &v| g.nodes[u].x.total_cmp(&g.nodes[v].x));
    link(&mut g, &[&[0, 1], &[2, 3]]);
    Fixture::new(c, g)
}

#[test]
fn a_tail_box_ignores_the_curves_of_a_neighbours_edge_it_must_cross() {
    // c's routed edge holds x 20..150 of the first layer's band (it heads
    // left under a's corner).
    let mut claims = Claims::new(4);
    claims.hold(2, Held { left: 20.0, right: 150.0 });
    // Kept apart by the order, a's tail box stops at that curve (here
    // already past a's side, so at the side itself, x = 40).
    let apart = tail_beside_a_real_node(false);
    let plan = corridor::plan(&apart.ctx(), &[0, 1], Port::Alone, Port::Alone, &claims);
    assert!((plan.boxes[0].right - 40.0).abs() < 1e-9, "{:?}", plan.boxes[0]);
    // Crossing it anyway, a's tail box reaches to c's box (left side 110)
    // less the 5-unit side margin.
    let crossing = tail_beside_a_real_node(true);
    let plan = corridor::plan(&crossing.ctx(), &[0, 1], Port::Alone, Port::Alone, &claims);
    assert!((plan.boxes[0].right - 105.0).abs() < 1e-9, "{:?}", plan.boxes[0]);
}

/// a → (dummy 6) → b, c → (dummy 7) → d and e → (dummy 8) → f, the
/// dummies at 90, 110 and 130 on the middle layer; `c_crosses`: d is left
/// of b, so c's edge crosses a's below the layer.
fn three_edges_through_one_layer(c_crosses: bool) -> Fixture {
    let c = chart("graph TD\n a --> b\n c --> d\n e --> f");
    let d_x = if c_crosses { 0.0 } else { 300.0 };
    let mut g = graph(&[
        &[(Kind::Real(0), 0.0, 80.0, 40.0), (Kind::Real(2), 150.0, 80.0, 40.0), (Kind::Real(4), 300.0, 80.0, 40.0)],
        &[(Kind::Dummy(0), 90.0, 0.0, 0.0), (Kind::Dummy(1), 110.0, 0.0, 0.0), (Kind::Dummy(2), 130.0, 0.0, 0.0)],
        &[(Kind::Real(1), 200.0, 80.0, 40.0), (Kind::Real(3), d_x, 80.0, 40.0), (Kind::Real(5), 500.0, 80.0, 40.0)],
    ]);
    g.layers[2].sort_by(|&u, &v| g.nodes[u].x.total_cmp(&g.nodes[v].x));
    link(&mut g, &[&[0, 6, 1], &[2, 7, 3], &[4, 8, 5]]);
    Fixture::new(c, g)
}

#[test]
fn a_curve_that_passed_over_a_neighbour_still_fences_an_edge_in() {
    // e's edge was routed and passed over c's dummy (it crosses c's edge):
    // its curve holds x 100..105 of the layer.
    let mut claims = Claims::new(9);
    claims.hold(8, Held { left: 100.0, right: 105.0 });
    for c_crosses in [false, true] {
        let f = three_edges_through_one_layer(c_crosses);
        let plan = corridor::plan(&f.ctx(), &[0, 6, 1], Port::Alone, Port::Alone, &claims);
        // Past c's dummy (passed over, or its limit at 104 is looser),
        // a's slot stops 6 short of e's curve.
        assert!((slot_at(&plan, 100.0).right - 94.0).abs() < 1e-9, "c crosses: {c_crosses}: {:?}", slot_at(&plan, 100.0));
    }
    // Unrouted, e's dummy at 130 lets a's edge reach to 6 short of it,
    // when c's dummy is passed over.
    let f = three_edges_through_one_layer(true);
    let plan = corridor::plan(&f.ctx(), &[0, 6, 1], Port::Alone, Port::Alone, &Claims::new(9));
    assert!((slot_at(&plan, 100.0).right - 124.0).abs() < 1e-9, "{:?}", slot_at(&plan, 100.0));
}
