//! The orthogonal router on tiny hand-built cases: track assignment,
//! ports, the plan of flat edges, and whole layouts in the `neo` look
//! (right-angle ends, no overlapping runs, determinism, self loops).

use super::ports::{self, PortRequest, Side};
use super::tracks::{self, Segment};
use super::{plan, EdgePlan};
use crate::config::{DiagramConfig, LayoutEngine, Look};
use crate::geom::{Point, Rect, EDGE_SAMPLE_STEP};
use crate::layout::graph::{Chain, Kind, LGraph};
use crate::layout::params::RouterKind;
use crate::layout::Layout;
use crate::Options;

fn seg(up: &[f64], down: &[f64]) -> Segment {
    Segment { up: up.to_vec(), down: down.to_vec() }
}

#[test]
fn overlapping_runs_get_separate_tracks_and_disjoint_ones_share() {
    let segs = [seg(&[0.0], &[100.0]), seg(&[20.0], &[80.0]), seg(&[50.0], &[150.0]), seg(&[300.0], &[400.0])];
    let t = tracks::assign(&segs);
    assert_ne!(t[0], t[1]);
    assert_ne!(t[0], t[2]);
    assert_ne!(t[1], t[2]);
    assert_eq!(t[3], 0, "a run far from the others takes the top track");
}

#[test]
fn runs_going_the_same_way_are_stacked_so_they_do_not_cross() {
    // a: 0 -> 50, b: 20 -> 70. With b above a, neither crosses the other.
    let segs = [seg(&[0.0], &[50.0]), seg(&[20.0], &[70.0])];
    assert_eq!(tracks::cost_above(&segs[1], &segs[0]), 0);
    assert_eq!(tracks::cost_above(&segs[0], &segs[1]), 2);
    let t = tracks::assign(&segs);
    assert!(t[1] < t[0], "{t:?}");
}

#[test]
fn a_vertical_is_never_laid_on_another() {
    // b comes down at x = 100, where a leaves upwards: a must lie above b,
    // or the two verticals share the stretch between the tracks.
    let a = seg(&[100.0], &[200.0]);
    let b = seg(&[0.0], &[100.0]);
    assert!(tracks::cost_above(&b, &a) >= 1_000);
    let t = tracks::assign(&[b, a]);
    assert!(t[1] < t[0], "{t:?}");
}

#[test]
fn cycles_in_the_preferences_are_broken_and_every_pair_still_separated() {
    // Each run wants to be above the next one, round the circle.
    let segs = [seg(&[0.0], &[60.0]), seg(&[40.0], &[100.0]), seg(&[80.0], &[10.0]), seg(&[5.0], &[90.0])];
    let t = tracks::assign(&segs);
    for i in 0..segs.len() {
        for j in i + 1..segs.len() {
            assert_ne!(t[i], t[j], "{i} and {j} overlap along x: {t:?}");
        }
    }
    assert_eq!(t, tracks::assign(&segs), "deterministic");
}

#[test]
fn ports_are_spread_in_the_order_of_their_other_ends() {
    let req = |toward: f64| PortRequest { node: 0, side: Side::Bottom, centre: 100.0, width: 80.0, toward };
    let xs = ports::spread(&[req(300.0), req(-50.0), req(100.0)]);
    assert!(xs[1] < xs[2] && xs[2] < xs[0], "{xs:?}");
    assert!((xs[2] - 100.0).abs() < 1e-9, "the middle one leaves from the centre");
    assert!(xs.iter().all(|x| (x - 100.0).abs() <= 0.3 * 80.0 + 1e-9), "inside the side: {xs:?}");
    let lone = ports::spread(&[PortRequest { node: 1, side: Side::Top, centre: 7.0, width: 40.0, toward: 900.0 }]);
    assert_eq!(lone, vec![7.0]);
}

/// A layered graph with real nodes only: `layers` lists (x, width) per
/// layer; nodes are numbered layer by layer.
fn graph(layers: &[&[(f64, f64)]]) -> LGraph {
    let mut g = LGraph { layer_rank: (0..layers.len() as i32).collect(), ..Default::default() };
    g.layers = vec![Vec::new(); layers.len()];
    let mut n = 0;
    for (r, layer) in layers.iter().enumerate() {
        for &(x, w) in layer.iter() {
            let v = g.add_node(Kind::Real(n), w, 40.0, None, r);
            g.nodes[v].x = x;
            g.nodes[v].y = 100.0 * r as f64;
            g.layers[r].push(v);
            n += 1;
        }
    }
    g
}

#[test]
fn a_flat_edge_rises_to_a_track_above_its_layer_from_ports_of_its_own() {
    // Layer 0: a; layer 1: b, c, with b -> c flat and a -> b, a -> c.
    let mut g = graph(&[&[(100.0, 60.0)], &[(50.0, 60.0), (150.0, 60.0)]]);
    g.link(0, 1);
    g.link(0, 2);
    let chains = [
        Chain::Layered { nodes: vec![0, 1], reversed: false },
        Chain::Layered { nodes: vec![0, 2], reversed: false },
        Chain::Flat { tail: 1, head: 2 },
    ];
    let refs: Vec<&Chain> = chains.iter().collect();
    let p = plan(&g, &refs, &[]);
    let EdgePlan::Flat { tail_x, head_x, segment } = &p.edges[2] else { panic!("flat plan: {:?}", p.edges[2]) };
    assert_eq!(p.segments[*segment].gap, 1, "in the gap above layer 1");
    let EdgePlan::Layered { xs: into_b, .. } = &p.edges[0] else { panic!() };
    let EdgePlan::Layered { xs: into_c, .. } = &p.edges[1] else { panic!() };
    assert!((tail_x - into_b[1]).abs() > 1.0 && (head_x - into_c[1]).abs() > 1.0, "the flat edge has ports of its own");
    // a -> b and a -> c lie apart along x and share a track; the flat
    // run overlaps both and takes another.
    let EdgePlan::Layered { pieces: to_b, .. } = &p.edges[0] else { panic!() };
    let EdgePlan::Layered { pieces: to_c, .. } = &p.edges[1] else { panic!() };
    let track = |s: &Option<usize>| p.segments[s.expect("the edge turns")].track;
    assert_eq!(p.tracks[1], 2);
    assert_eq!(track(&to_b[0]), track(&to_c[0]));
    assert_ne!(p.segments[*segment].track, track(&to_b[0]));
}

/// A chart laid out with the orthogonal router (the `neo` look).
fn neo(src: &str) -> Layout {
    let options = Options { config: DiagramConfig { look: Some(Look::Neo), ..Default::default() }, ..Default::default() };
    let chart = crate::parse(src, &options).expect("test chart parses");
    crate::layout::layout(&chart, &options).expect("lays out")
}

/// The straight runs of an edge's path, flattened (corners excepted).
fn runs(layout: &Layout, e: usize) -> Vec<(Point, Point)> {
    let pts = layout.edges[e].path.flatten(EDGE_SAMPLE_STEP);
    pts.windows(2).map(|w| (w[0], w[1])).filter(|(a, b)| a.distance(*b) > 1e-6).collect()
}

fn axis_parallel(a: Point, b: Point) -> bool {
    (a.x - b.x).abs() < 1e-6 || (a.y - b.y).abs() < 1e-6
}

/// True if two axis-parallel runs lie on one line and share more than
/// one unit.
fn collinear_overlap(p: (Point, Point), q: (Point, Point)) -> bool {
    let horizontal = |s: (Point, Point)| (s.0.y - s.1.y).abs() < 1e-6;
    let vertical = |s: (Point, Point)| (s.0.x - s.1.x).abs() < 1e-6;
    let shared = |a0: f64, a1: f64, b0: f64, b1: f64| a0.max(a1).min(b0.max(b1)) - a0.min(a1).max(b0.min(b1));
    (horizontal(p) && horizontal(q) && (p.0.y - q.0.y).abs() < 0.5 && shared(p.0.x, p.1.x, q.0.x, q.1.x) > 1.0)
        || (vertical(p) && vertical(q) && (p.0.x - q.0.x).abs() < 0.5 && shared(p.0.y, p.1.y, q.0.y, q.1.y) > 1.0)
}

fn node(layout: &Layout, id: &str) -> Rect {
    layout.nodes.iter().find(|n| n.id == id).expect("node").rect
}

#[test]
fn neo_and_elk_select_the_orthogonal_router() {
    let with = |look, layout| RouterKind::of(&DiagramConfig { look, layout, ..Default::default() });
    assert_eq!(with(None, None), RouterKind::Spline);
    assert_eq!(with(Some(Look::Classic), Some(LayoutEngine::Dagre)), RouterKind::Spline);
    assert_eq!(with(Some(Look::Neo), None), RouterKind::Orthogonal);
    assert_eq!(with(Some(Look::Classic), Some(LayoutEngine::Elk)), RouterKind::Orthogonal);
}

#[test]
fn edges_leave_and_enter_node_sides_at_right_angles_in_every_direction() {
    for dir in ["TD", "BT", "LR", "RL"] {
        let l = neo(&format!("graph {dir}\n a --> b\n a --> c\n a --> d\n b --> e\n c --> e\n d --> e"));
        for (i, e) in l.edges.iter().enumerate() {
            let r = runs(&l, i);
            let (first, last) = (r[0], r[r.len() - 1]);
            let (from, to) = (node(&l, &e.from), node(&l, &e.to));
            // The first run is perpendicular to the side it leaves: along
            // the flow, and it starts on that side of the box.
            let along_flow = |s: (Point, Point)| if dir == "LR" || dir == "RL" { (s.0.y - s.1.y).abs() < 1e-6 } else { (s.0.x - s.1.x).abs() < 1e-6 };
            assert!(along_flow(first) && along_flow(last), "{dir} {}->{}: {first:?} {last:?}", e.from, e.to);
            let on_side = |p: Point, r: Rect| {
                [r.top(), r.bottom()].iter().any(|y| (p.y - y).abs() < 0.5) || [r.left(), r.right()].iter().any(|x| (p.x - x).abs() < 0.5)
            };
            assert!(on_side(first.0, from) && on_side(last.1, to), "{dir} {}->{}", e.from, e.to);
            assert!(r.iter().filter(|s| s.0.distance(s.1) > 8.0).all(|s| axis_parallel(s.0, s.1)), "{dir}: only corners are not axis-parallel");
        }
    }
}

#[test]
fn parallel_runs_never_lie_on_one_another() {
    let l = neo("graph TD\n a --> d\n a --> e\n b --> d\n b --> e\n c --> d\n c --> e\n a --> b\n a --> f\n c --> f");
    for i in 0..l.edges.len() {
        for j in i + 1..l.edges.len() {
            for p in runs(&l, i) {
                for q in runs(&l, j) {
                    assert!(!collinear_overlap(p, q), "edges {i} and {j} share a run: {p:?} {q:?}");
                }
            }
        }
    }
}

#[test]
fn the_same_input_gives_the_same_routes() {
    let src = "graph LR\n a --> b & c & d\n b & c --> e\n d --> a\n e --> e";
    let (x, y) = (neo(src), neo(src));
    for (p, q) in x.edges.iter().zip(&y.edges) {
        assert_eq!(p.path.commands, q.path.commands);
    }
}

#[test]
fn self_loops_leave_and_return_on_the_right_side_without_sharing_runs() {
    let l = neo("graph TD\n a --> a\n a --> a\n a --> b");
    let a = node(&l, "a");
    for i in 0..2 {
        let r = runs(&l, i);
        assert!((r[0].0.x - a.right()).abs() < 0.5 && (r[r.len() - 1].1.x - a.right()).abs() < 0.5, "loop {i}: {r:?}");
        assert!(r.iter().filter(|s| s.0.distance(s.1) > 8.0).all(|s| axis_parallel(s.0, s.1)));
    }
    for p in runs(&l, 0) {
        for q in runs(&l, 1) {
            assert!(!collinear_overlap(p, q), "{p:?} {q:?}");
        }
    }
}
