//! Tests for the corridor router: corridor checks and repairs, the funnel,
//! the fitted splines staying in their corridor (hand-made and random box
//! chains), end tangents, and clipping at node outlines.

use super::*;
use proptest::prelude::*;

/// The tolerance the brief sets for "inside": sampled curves may stray no
/// further than this from the union of the boxes.
const TEST_TOL: f64 = 1e-6;

fn pt(x: f64, y: f64) -> Point {
    Point::new(x, y)
}

/// Brute force: is `p` in one of `boxes`, each grown by `tol`?
fn in_union(boxes: &[Span], p: Point, tol: f64) -> bool {
    boxes.iter().any(|b| p.x >= b.left - tol && p.x <= b.right + tol && p.y >= b.top - tol && p.y <= b.bottom + tol)
}

/// Dense samples of every cubic of `spline`.
fn samples(spline: &[Point], per_cubic: usize) -> Vec<Point> {
    let mut out = vec![spline[0]];
    for q in cubics(spline) {
        for i in 1..=per_cubic {
            out.push(cubic_point(q[0], q[1], q[2], q[3], i as f64 / per_cubic as f64));
        }
    }
    out
}

/// Every sample of `spline` lies in the union of the corridor's boxes.
/// Panics with the first offending sample.
fn assert_inside(corridor: &Corridor, spline: &[Point]) {
    assert!(spline.len() >= 4 && (spline.len() - 1) % 3 == 0, "not 3k+1 points: {}", spline.len());
    assert!(spline.iter().all(|p| p.x.is_finite() && p.y.is_finite()));
    for p in samples(spline, 400) {
        assert!(in_union(corridor.boxes(), p, TEST_TOL), "sample {p:?} outside {:?}\nspline {spline:?}", corridor.boxes());
    }
}

fn corridor(boxes: &[Span]) -> Corridor {
    Corridor::new(boxes.to_vec()).expect("valid corridor")
}

fn path_length(path: &[Point]) -> f64 {
    path.windows(2).map(|w| w[0].distance(w[1])).sum()
}

// ---- corridor construction --------------------------------------------

#[test]
fn corridor_refuses_what_it_cannot_repair() {
    assert_eq!(Corridor::new(vec![]), Err(CorridorError::Empty));
    assert_eq!(
        Corridor::new(vec![Span::new(0.0, 10.0, 0.0, 10.0), Span::new(0.0, f64::NAN, 10.0, 20.0)]),
        Err(CorridorError::NotFinite { index: 1 })
    );
    assert_eq!(Corridor::new(vec![Span::new(10.0, 0.0, 0.0, 10.0)]), Err(CorridorError::Inverted { index: 0 }));
    assert_eq!(Corridor::new(vec![Span::new(0.0, 10.0, 10.0, 0.0)]), Err(CorridorError::Inverted { index: 0 }));
    assert_eq!(
        Corridor::new(vec![Span::new(0.0, 10.0, 0.0, 10.0), Span::new(0.0, 10.0, 11.0, 20.0)]),
        Err(CorridorError::NotStacked { index: 1 })
    );
    assert_eq!(
        Corridor::new(vec![Span::new(0.0, 10.0, 0.0, 10.0), Span::new(0.0, 10.0, 9.0, 20.0)]),
        Err(CorridorError::NotStacked { index: 1 })
    );
    assert_eq!(Corridor::new(vec![Span::new(0.0, 10.0, 5.0, 5.0)]), Err(CorridorError::Flat));
    // The errors read as sentences.
    assert_eq!(CorridorError::NotStacked { index: 3 }.to_string(), "corridor box 3 does not start where box 2 ends");
}

#[test]
fn corridor_snaps_joins_within_epsilon_and_finds_portals() {
    let c = corridor(&[Span::new(0.0, 100.0, 0.0, 50.0), Span::new(40.0, 60.0, 50.0 + 1e-9, 80.0), Span::new(-10.0, 55.0, 80.0, 200.0)]);
    assert!(c.repairs().is_empty());
    assert_eq!(c.boxes().len(), 3);
    assert_eq!(c.boxes()[1].top, 50.0);
    assert_eq!(c.portals(), &[Portal { y: 50.0, left: 40.0, right: 60.0 }, Portal { y: 80.0, left: 40.0, right: 55.0 }]);
}

#[test]
fn corridor_widens_portals_between_boxes_that_do_not_overlap() {
    // Box 1 ends at x = 10, box 2 starts at x = 30: a gap of 20.
    let c = corridor(&[Span::new(0.0, 10.0, 0.0, 50.0), Span::new(30.0, 40.0, 50.0, 100.0)]);
    let p = c.portals()[0];
    assert!((p.right - p.left - MIN_PORTAL_WIDTH).abs() < 1e-12);
    assert!((0.5 * (p.left + p.right) - 20.0).abs() < 1e-12);
    let [Repair::WidenedPortal { portal: 0, by }] = c.repairs() else { panic!("{:?}", c.repairs()) };
    assert!((by - (20.0 + MIN_PORTAL_WIDTH)).abs() < 1e-9, "{by}");
    // Both boxes now hold the portal, and a route passes through it.
    for b in c.boxes() {
        assert!(b.left <= p.left && b.right >= p.right);
    }
    let spline = route(&c, pt(5.0, 0.0), pt(35.0, 100.0), EndTangents::default());
    assert_inside(&c, &spline);
    // Touching boxes (zero-width portal) are widened too.
    let c = corridor(&[Span::new(0.0, 10.0, 0.0, 50.0), Span::new(10.0, 40.0, 50.0, 100.0)]);
    assert_eq!(c.repairs().len(), 1);
    assert!(c.portals()[0].right - c.portals()[0].left >= MIN_PORTAL_WIDTH - 1e-12);
}

#[test]
fn flat_boxes_become_bands_and_are_dropped_at_the_ends() {
    let c = corridor(&[
        Span::new(0.0, 100.0, 0.0, 0.0),
        Span::new(0.0, 100.0, 0.0, 50.0),
        Span::new(60.0, 90.0, 50.0, 50.0),
        Span::new(70.0, 95.0, 50.0, 50.0),
        Span::new(0.0, 100.0, 50.0, 100.0),
        Span::new(0.0, 100.0, 100.0, 100.0),
    ]);
    assert_eq!(c.repairs(), &[Repair::DroppedFlatEnd { index: 0 }, Repair::DroppedFlatEnd { index: 5 }]);
    let h = FLAT_BAND_HALF;
    assert_eq!(
        c.boxes(),
        &[Span::new(0.0, 100.0, 0.0, 50.0 - h), Span::new(70.0, 90.0, 50.0 - h, 50.0 + h), Span::new(0.0, 100.0, 50.0 + h, 100.0)]
    );
    assert_eq!(c.portals(), &[Portal { y: 50.0 - h, left: 70.0, right: 90.0 }, Portal { y: 50.0 + h, left: 70.0, right: 90.0 }]);
    // The path must pass the dummy's slot, so it bends at its west corners.
    let path = shortest_path(&c, pt(10.0, 0.0), pt(10.0, 100.0));
    assert_eq!(path, vec![pt(10.0, 0.0), pt(70.0, 50.0 - h), pt(70.0, 50.0 + h), pt(10.0, 100.0)]);
    let spline = fit_spline(&c, &path, None, None);
    assert_inside(&c, &spline);
    // Flat boxes that share no x range are widened like any portal.
    let c = corridor(&[Span::new(0.0, 100.0, 0.0, 50.0), Span::new(10.0, 20.0, 50.0, 50.0), Span::new(30.0, 40.0, 50.0, 50.0), Span::new(0.0, 100.0, 50.0, 100.0)]);
    assert!(c.boxes()[1].width() >= MIN_PORTAL_WIDTH - 1e-12, "{:?}", c.boxes());
    assert!((c.boxes()[1].left + c.boxes()[1].right - 50.0).abs() < 1e-9, "{:?}", c.boxes());
}

// ---- shortest path ----------------------------------------------------

#[test]
fn shortest_path_in_a_straight_column_is_a_straight_line() {
    let boxes: Vec<Span> = (0..10).map(|i| Span::new(0.0, 100.0, 30.0 * i as f64, 30.0 * (i + 1) as f64)).collect();
    let c = corridor(&boxes);
    assert_eq!(shortest_path(&c, pt(50.0, 0.0), pt(50.0, 300.0)), vec![pt(50.0, 0.0), pt(50.0, 300.0)]);
    // A slanted straight line too, when nothing is in the way.
    assert_eq!(shortest_path(&c, pt(10.0, 0.0), pt(90.0, 300.0)), vec![pt(10.0, 0.0), pt(90.0, 300.0)]);
    // One box: start to end.
    let c = corridor(&boxes[..1]);
    assert_eq!(shortest_path(&c, pt(10.0, 0.0), pt(90.0, 30.0)), vec![pt(10.0, 0.0), pt(90.0, 30.0)]);
}

#[test]
fn shortest_path_touches_the_corners_of_a_narrowed_portal() {
    // A wide box, a slot on the right, a wide box: the path from top left to
    // bottom left hugs the slot's west side.
    let c = corridor(&[Span::new(0.0, 100.0, 0.0, 100.0), Span::new(60.0, 100.0, 100.0, 110.0), Span::new(0.0, 100.0, 110.0, 210.0)]);
    let path = shortest_path(&c, pt(10.0, 0.0), pt(10.0, 210.0));
    assert_eq!(path, vec![pt(10.0, 0.0), pt(60.0, 100.0), pt(60.0, 110.0), pt(10.0, 210.0)]);
    // Mirror image: a slot on the left, a path on the right.
    let c = corridor(&[Span::new(0.0, 100.0, 0.0, 100.0), Span::new(0.0, 40.0, 100.0, 110.0), Span::new(0.0, 100.0, 110.0, 210.0)]);
    let path = shortest_path(&c, pt(90.0, 0.0), pt(90.0, 210.0));
    assert_eq!(path, vec![pt(90.0, 0.0), pt(40.0, 100.0), pt(40.0, 110.0), pt(90.0, 210.0)]);
}

#[test]
fn shortest_path_zig_zags_around_alternating_slots() {
    // Slots alternate right and left: the path bends at a west corner, then
    // an east corner, and so on.
    let mut boxes = Vec::new();
    let mut y = 0.0;
    for i in 0..6 {
        boxes.push(Span::new(0.0, 100.0, y, y + 40.0));
        y += 40.0;
        let slot = if i % 2 == 0 { Span::new(70.0, 100.0, y, y + 5.0) } else { Span::new(0.0, 30.0, y, y + 5.0) };
        boxes.push(slot);
        y += 5.0;
    }
    boxes.push(Span::new(0.0, 100.0, y, y + 40.0));
    let c = corridor(&boxes);
    let path = shortest_path(&c, pt(50.0, 0.0), pt(50.0, y + 40.0));
    // Inner corners alternate x = 70 and x = 30.
    let inner: Vec<f64> = path[1..path.len() - 1].iter().map(|p| p.x).collect();
    assert!(inner.len() >= 6, "{path:?}");
    for x in &inner {
        assert!(*x == 70.0 || *x == 30.0, "{path:?}");
    }
    let spline = fit_spline(&c, &path, Some(Vector::new(0.0, 1.0)), Some(Vector::new(0.0, 1.0)));
    assert_inside(&c, &spline);
}

#[test]
fn shortest_path_clamps_its_ends_into_the_end_boxes() {
    let c = corridor(&[Span::new(0.0, 100.0, 0.0, 100.0)]);
    let path = shortest_path(&c, pt(-50.0, -10.0), pt(500.0, 120.0));
    assert_eq!(path, vec![pt(0.0, 0.0), pt(100.0, 100.0)]);
    // Start and end on one point: still two points, one cubic.
    let path = shortest_path(&c, pt(5.0, 5.0), pt(5.0, 5.0));
    assert_eq!(path.len(), 2);
    let spline = fit_spline(&c, &path, None, None);
    assert_eq!(spline.len(), 4);
}

// ---- fitting ----------------------------------------------------------

/// Angle between two directions, in radians.
fn angle(a: Vector, b: Vector) -> f64 {
    let (a, b) = (a.unit().unwrap(), b.unit().unwrap());
    (a.x * b.y - a.y * b.x).atan2(a.dot(b)).abs()
}

#[test]
fn splines_stay_in_hand_made_corridors() {
    let cases: Vec<(Vec<Span>, Point, Point)> = vec![
        // A staircase to the right.
        (
            (0..8).map(|i| Span::new(20.0 * i as f64, 20.0 * i as f64 + 40.0, 30.0 * i as f64, 30.0 * (i + 1) as f64)).collect(),
            pt(10.0, 0.0),
            pt(170.0, 240.0),
        ),
        // Node ranks (narrow gaps between neighbours) and wide inter-rank gaps.
        (
            vec![
                Span::new(80.0, 120.0, 0.0, 20.0),
                Span::new(0.0, 400.0, 20.0, 70.0),
                Span::new(300.0, 330.0, 70.0, 110.0),
                Span::new(0.0, 400.0, 110.0, 160.0),
                Span::new(20.0, 45.0, 160.0, 200.0),
                Span::new(0.0, 400.0, 200.0, 250.0),
                Span::new(180.0, 220.0, 250.0, 270.0),
            ],
            pt(100.0, 0.0),
            pt(200.0, 270.0),
        ),
        // A long straight column with one tight, offset slot.
        (
            vec![Span::new(0.0, 50.0, 0.0, 300.0), Span::new(48.0, 49.0, 300.0, 301.0), Span::new(0.0, 50.0, 301.0, 600.0)],
            pt(2.0, 0.0),
            pt(2.0, 600.0),
        ),
    ];
    for (boxes, start, end) in cases {
        let c = corridor(&boxes);
        for tangents in [
            EndTangents::default(),
            EndTangents { start: Some(Vector::new(0.0, 1.0)), end: Some(Vector::new(0.0, 1.0)) },
            EndTangents { start: Some(Vector::new(1.0, 0.2)), end: Some(Vector::new(-1.0, 0.1)) },
        ] {
            let spline = route(&c, start, end, tangents);
            assert_eq!(spline[0], start);
            assert_eq!(*spline.last().unwrap(), end);
            assert_inside(&c, &spline);
        }
    }
}

#[test]
fn a_straight_path_gives_one_straight_cubic() {
    let c = corridor(&[Span::new(0.0, 100.0, 0.0, 100.0), Span::new(0.0, 100.0, 100.0, 200.0)]);
    let spline = route(&c, pt(50.0, 0.0), pt(50.0, 200.0), EndTangents::default());
    assert_eq!(spline.len(), 4);
    assert!(spline.iter().all(|p| p.x == 50.0));
}

#[test]
fn end_tangents_are_respected_where_there_is_room() {
    // Wide boxes: the tail leaves straight down, the head is entered
    // straight down, though the end lies far to the right.
    let c = corridor(&[Span::new(0.0, 400.0, 0.0, 100.0), Span::new(0.0, 400.0, 100.0, 200.0)]);
    let down = Vector::new(0.0, 1.0);
    let spline = route(&c, pt(50.0, 0.0), pt(300.0, 200.0), EndTangents { start: Some(down), end: Some(down) });
    let n = spline.len();
    assert!(angle(Vector::between(spline[0], spline[1]), down) < 1e-9, "{spline:?}");
    assert!(angle(Vector::between(spline[n - 2], spline[n - 1]), down) < 1e-9, "{spline:?}");
    assert_inside(&c, &spline);
    // Tangents through a bend keep their directions too.
    let c = corridor(&[Span::new(0.0, 400.0, 0.0, 100.0), Span::new(150.0, 250.0, 100.0, 140.0), Span::new(0.0, 400.0, 140.0, 240.0)]);
    let slant = Vector::new(1.0, 2.0);
    let spline = route(&c, pt(50.0, 0.0), pt(50.0, 240.0), EndTangents { start: Some(slant), end: Some(Vector::new(-1.0, 2.0)) });
    let n = spline.len();
    assert!(angle(Vector::between(spline[0], spline[1]), slant) < 1e-9, "{spline:?}");
    assert!(angle(Vector::between(spline[n - 2], spline[n - 1]), Vector::new(-1.0, 2.0)) < 1e-9, "{spline:?}");
    assert_inside(&c, &spline);
}

#[test]
fn splines_are_smooth_at_their_joins() {
    // Where the fit split the polyline, the two cubics share a tangent
    // direction (the bisector), unless it fell back to straight segments.
    let c = corridor(&[Span::new(0.0, 100.0, 0.0, 100.0), Span::new(60.0, 100.0, 100.0, 110.0), Span::new(0.0, 100.0, 110.0, 210.0)]);
    let spline = route(&c, pt(10.0, 0.0), pt(10.0, 210.0), EndTangents::default());
    assert!(spline.len() > 4, "one cubic cannot pass the slot: {spline:?}");
    for k in (3..spline.len() - 1).step_by(3) {
        let before = Vector::between(spline[k - 1], spline[k]);
        let after = Vector::between(spline[k], spline[k + 1]);
        assert!(angle(before, after) < 1e-9, "kink at {k}: {spline:?}");
    }
    assert_inside(&c, &spline);
}

/// A wide gap (0..600) between a narrow slot at the top and one at the
/// bottom far to the left: the shortest path runs down the top slot and
/// turns sharply across the gap. The corridor would let a cubic swing
/// wide through the gap; the fit keeps it within `MAX_DEVIATION` of the
/// path, so it cannot bulge over a neighbouring edge's path.
#[test]
fn splines_stay_near_their_shortest_path() {
    let c = corridor(&[
        Span::new(500.0, 520.0, 0.0, 100.0),
        Span::new(0.0, 600.0, 100.0, 150.0),
        Span::new(20.0, 40.0, 150.0, 250.0),
    ]);
    let path = shortest_path(&c, pt(510.0, 0.0), pt(30.0, 250.0));
    assert!(path.len() >= 3, "{path:?}");
    let spline = fit_spline(&c, &path, None, None);
    assert_inside(&c, &spline);
    let distance = |p: Point| {
        path.windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                let ab = Vector::between(a, b);
                let t = (Vector::between(a, p).dot(ab) / ab.dot(ab)).clamp(0.0, 1.0);
                p.distance(Point::new(a.x + t * ab.x, a.y + t * ab.y))
            })
            .fold(f64::INFINITY, f64::min)
    };
    // Checked at the fit's own samples exactly; in between, a cubic this
    // short bends little more.
    for p in samples(&spline, 64) {
        assert!(distance(p) <= MAX_DEVIATION + 0.5, "{p:?} is {} from the path {path:?}", distance(p));
    }
}

#[test]
fn fit_spline_takes_degenerate_polylines() {
    let c = corridor(&[Span::new(0.0, 100.0, 0.0, 100.0)]);
    assert!(fit_spline(&c, &[], None, None).is_empty());
    assert_eq!(fit_spline(&c, &[pt(1.0, 2.0)], None, None), vec![pt(1.0, 2.0); 4]);
    let spline = fit_spline(&c, &[pt(1.0, 2.0), pt(1.0, 2.0), pt(5.0, 50.0), pt(5.0, 50.0)], Some(Vector::new(0.0, 0.0)), None);
    assert_eq!(spline.len(), 4);
    assert_eq!(spline[0], pt(1.0, 2.0));
    assert_eq!(spline[3], pt(5.0, 50.0));
}

// ---- clipping ---------------------------------------------------------

fn rect_corners(cx: f64, cy: f64, w: f64, h: f64) -> Vec<Point> {
    vec![pt(cx - w / 2.0, cy - h / 2.0), pt(cx + w / 2.0, cy - h / 2.0), pt(cx + w / 2.0, cy + h / 2.0), pt(cx - w / 2.0, cy + h / 2.0)]
}

/// Distance from `p` to the closed polygon's sides.
fn distance_to_outline(corners: &[Point], p: Point) -> f64 {
    let n = corners.len();
    (0..n)
        .map(|i| {
            let (a, b) = (corners[i], corners[(i + 1) % n]);
            let ab = Vector::between(a, b);
            let t = (Vector::between(a, p).dot(ab) / ab.dot(ab)).clamp(0.0, 1.0);
            p.distance(a.lerp(b, t))
        })
        .fold(f64::INFINITY, f64::min)
}

/// The curve's direction at `p`, which lies on the original spline.
fn direction_on(spline: &[Point], p: Point) -> Vector {
    for q in cubics(spline) {
        for i in 0..=4000 {
            let t = i as f64 / 4000.0;
            if cubic_point(q[0], q[1], q[2], q[3], t).distance(p) < 0.05 {
                let d = cubic_point(q[0], q[1], q[2], q[3], (t + 1e-4).min(1.0));
                let e = cubic_point(q[0], q[1], q[2], q[3], (t - 1e-4).max(0.0));
                return Vector::between(e, d);
            }
        }
    }
    panic!("{p:?} is not on the spline");
}

#[test]
fn clipping_lands_on_the_outline_and_keeps_the_direction() {
    // An S-curve from a box's centre to a diamond's centre.
    let spline = vec![pt(0.0, 0.0), pt(0.0, 60.0), pt(80.0, 40.0), pt(80.0, 100.0), pt(80.0, 160.0), pt(140.0, 140.0), pt(140.0, 200.0)];
    let tail = rect_corners(0.0, 0.0, 60.0, 30.0);
    let head = vec![pt(140.0, 170.0), pt(180.0, 200.0), pt(140.0, 230.0), pt(100.0, 200.0)];
    let clipped = clip_at_outline(&spline, EdgeEnd::Head, inside_polygon(&head));
    let clipped = clip_at_outline(&clipped, EdgeEnd::Tail, inside_polygon(&tail));
    assert_eq!((clipped.len() - 1) % 3, 0);
    let (first, last) = (clipped[0], *clipped.last().unwrap());
    assert!(distance_to_outline(&tail, first) <= CLIP_PRECISION, "{first:?}");
    assert!(distance_to_outline(&head, last) <= CLIP_PRECISION, "{last:?}");
    assert!(!inside_polygon(&head)(last) && !inside_polygon(&tail)(first));
    // The end control segments point along the original curve there.
    let n = clipped.len();
    assert!(angle(Vector::between(clipped[n - 2], last), direction_on(&spline, last)) < 1e-3);
    assert!(angle(Vector::between(first, clipped[1]), direction_on(&spline, first)) < 1e-3);
    // The clipped curve runs on the original: its samples are on it.
    for p in samples(&clipped, 50) {
        let _ = direction_on(&spline, p);
    }
}

#[test]
fn clipping_takes_any_inside_test() {
    // An ellipse as a closure, a straight spline into it.
    let (cx, cy, rx, ry) = (0.0, 100.0, 40.0, 20.0);
    let inside = |p: Point| ((p.x - cx) / rx).powi(2) + ((p.y - cy) / ry).powi(2) < 1.0;
    let spline = vec![pt(-30.0, 0.0), pt(-20.0, 100.0 / 3.0), pt(-10.0, 200.0 / 3.0), pt(0.0, 100.0)];
    let clipped = clip_at_outline(&spline, EdgeEnd::Head, inside);
    let last = *clipped.last().unwrap();
    let on = ((last.x - cx) / rx).powi(2) + ((last.y - cy) / ry).powi(2);
    // Within the precision of the crossing (the ellipse's radii are ≥ 20).
    assert!((on - 1.0).abs() < 2.0 * CLIP_PRECISION / 20.0, "{last:?} {on}");
    assert!(angle(Vector::between(clipped[2], last), Vector::new(30.0, 100.0)) < 1e-9);
}

#[test]
fn clipping_leaves_alone_what_it_cannot_cut() {
    let spline = vec![pt(0.0, 0.0), pt(0.0, 10.0), pt(0.0, 20.0), pt(0.0, 30.0)];
    let triangle = [pt(100.0, 100.0), pt(110.0, 100.0), pt(110.0, 110.0)];
    let far = inside_polygon(&triangle);
    assert_eq!(clip_at_outline(&spline, EdgeEnd::Head, &far), spline);
    let everywhere = |_: Point| true;
    assert_eq!(clip_at_outline(&spline, EdgeEnd::Tail, everywhere), spline);
    assert_eq!(clip_at_outline(&spline[..3], EdgeEnd::Head, everywhere), spline[..3].to_vec());
}

#[test]
fn to_path_draws_the_cubics() {
    let spline = vec![pt(0.0, 0.0), pt(0.0, 10.0), pt(5.0, 20.0), pt(5.0, 30.0)];
    let path = to_path(&spline);
    assert_eq!(path.commands, vec![PathCommand::MoveTo(spline[0]), PathCommand::CubicTo(spline[1], spline[2], spline[3])]);
}

// ---- random corridors -------------------------------------------------

/// Shortest length from `start` to `end` through the portals, each cut into
/// `steps` points, by dynamic programming: an upper bound of the true
/// shortest path (when the straight legs stay in the boxes, which holds as
/// each leg crosses one convex box).
fn discretised_shortest(c: &Corridor, start: Point, end: Point, steps: usize) -> f64 {
    let mut layer: Vec<(Point, f64)> = vec![(start, 0.0)];
    for p in c.portals() {
        let next: Vec<(Point, f64)> = (0..=steps)
            .map(|k| {
                let q = pt(p.left + (p.right - p.left) * k as f64 / steps as f64, p.y);
                let best = layer.iter().map(|(a, d)| d + a.distance(q)).fold(f64::INFINITY, f64::min);
                (q, best)
            })
            .collect();
        layer = next;
    }
    layer.iter().map(|(a, d)| d + a.distance(end)).fold(f64::INFINITY, f64::min)
}

#[derive(Debug, Clone)]
struct RandomCorridor {
    boxes: Vec<Span>,
    start_frac: f64,
    end_frac: f64,
    tangents: EndTangents,
}

fn random_corridor() -> impl Strategy<Value = RandomCorridor> {
    let row = (0.0f64..300.0, 0.0f64..200.0, prop_oneof![4 => 1.0f64..80.0, 1 => Just(0.0)]);
    let tangent = prop_oneof![Just(None), (-1.0f64..1.0, -0.2f64..1.0).prop_map(|(x, y)| Some(Vector::new(x, y)))];
    (prop::collection::vec(row, 1..30), 0.0f64..1.0, 0.0f64..1.0, tangent.clone(), tangent).prop_map(
        |(rows, start_frac, end_frac, start, end)| {
            let mut y = 0.0;
            let boxes = rows
                .into_iter()
                .map(|(left, width, height)| {
                    let b = Span::new(left, left + width, y, y + height);
                    y += height;
                    b
                })
                .collect();
            RandomCorridor { boxes, start_frac, end_frac, tangents: EndTangents { start, end } }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_corridors_hold_their_splines(rc in random_corridor()) {
        let Ok(c) = Corridor::new(rc.boxes.clone()) else {
            // Only an all-flat chain is refused.
            prop_assert!(rc.boxes.iter().all(|b| b.height() == 0.0));
            return Ok(());
        };
        let (first, last) = (c.boxes()[0], c.boxes()[c.boxes().len() - 1]);
        let start = pt(first.left + rc.start_frac * first.width(), first.top);
        let end = pt(last.left + rc.end_frac * last.width(), last.bottom);

        // The funnel's path is inside, crosses every portal within it, and
        // is no longer than the best path through sampled portal points.
        let path = shortest_path(&c, start, end);
        prop_assert_eq!(path[0], start);
        prop_assert_eq!(*path.last().unwrap(), end);
        for w in path.windows(2) {
            prop_assert!(w[0].y <= w[1].y + 1e-9, "not monotone: {:?}", path);
        }
        let as_spline: Vec<Point> = path.windows(2).flat_map(|w| [w[0], w[0].lerp(w[1], 1.0 / 3.0), w[0].lerp(w[1], 2.0 / 3.0)]).chain([end]).collect();
        assert_inside(&c, &as_spline);
        let bound = discretised_shortest(&c, start, end, 40);
        prop_assert!(path_length(&path) <= bound + 1e-6, "{} > {}", path_length(&path), bound);

        let spline = fit_spline(&c, &path, rc.tangents.start, rc.tangents.end);
        prop_assert_eq!(spline[0], start);
        prop_assert_eq!(*spline.last().unwrap(), end);
        assert_inside(&c, &spline);
        // Deterministic to the bit.
        prop_assert_eq!(&spline, &fit_spline(&c, &path, rc.tangents.start, rc.tangents.end));
    }
}


// ---- flat edges and self loops ----------------------------------------

/// The box of a spline's samples.
fn sample_box(spline: &[Point]) -> Span {
    let s = samples(spline, 400);
    let mut b = Span::new(f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for p in s {
        b = Span::new(b.left.min(p.x), b.right.max(p.x), b.top.min(p.y), b.bottom.max(p.y));
    }
    b
}

#[test]
fn flat_routes_arc_through_the_lane() {
    // Over the rank: from the tail's top to the head's top, up to y = 40.
    let (tail, head) = (pt(100.0, 80.0), pt(300.0, 70.0));
    let spline = flat_route(tail, head, 40.0);
    assert_eq!(spline.len(), 7);
    assert_eq!((spline[0], spline[6]), (tail, head));
    let b = sample_box(&spline);
    assert!((b.top - 40.0).abs() < 1e-9, "{b:?}");
    assert!(b.bottom <= 80.0 + 1e-9 && b.left >= 100.0 - 1e-9 && b.right <= 300.0 + 1e-9, "{b:?}");
    // It leaves straight up and arrives straight down, smooth at the apex.
    assert!(angle(Vector::between(spline[0], spline[1]), Vector::new(0.0, -1.0)) < 1e-12);
    assert!(angle(Vector::between(spline[5], spline[6]), Vector::new(0.0, 1.0)) < 1e-12);
    assert!(angle(Vector::between(spline[2], spline[3]), Vector::between(spline[3], spline[4])) < 1e-12);
    // Under the rank, right to left.
    let spline = flat_route(pt(300.0, 120.0), pt(100.0, 120.0), 160.0);
    let b = sample_box(&spline);
    assert!((b.bottom - 160.0).abs() < 1e-9 && b.top >= 120.0 - 1e-9, "{b:?}");
    assert!(angle(Vector::between(spline[5], spline[6]), Vector::new(0.0, -1.0)) < 1e-12);
    // A lane between the ends has no room for an arc: a straight cubic.
    let spline = flat_route(tail, head, 75.0);
    assert_eq!(spline.len(), 4);
    assert!(cubics(&spline).all(|q| q[1] == tail.lerp(head, 1.0 / 3.0)));
}

#[test]
fn self_loops_stay_in_their_reserved_room() {
    let node = Span::new(0.0, 80.0, 0.0, 40.0);
    let spline = self_loop(node, 30.0, 10.0, LoopSide::Right);
    assert_eq!(spline.len(), 7);
    assert_eq!((spline[0], spline[6]), (pt(80.0, 10.0), pt(80.0, 30.0)));
    let b = sample_box(&spline);
    assert!((b.right - 110.0).abs() < 1e-9 && b.left >= 80.0 - 1e-9, "{b:?}");
    assert!(b.top >= 10.0 - 1e-9 && b.bottom <= 30.0 + 1e-9, "{b:?}");
    // The arrowhead points into the node: leftwards.
    assert!(angle(Vector::between(spline[5], spline[6]), Vector::new(-1.0, 0.0)) < 1e-12);
    // Mirrored on the left, and the spread is held to the node's height.
    let spline = self_loop(node, 30.0, 500.0, LoopSide::Left);
    let b = sample_box(&spline);
    assert!((b.left + 30.0).abs() < 1e-9 && b.right <= 1e-9, "{b:?}");
    assert!(b.top >= -1e-9 && b.bottom <= 40.0 + 1e-9, "{b:?}");
    assert!(angle(Vector::between(spline[5], spline[6]), Vector::new(1.0, 0.0)) < 1e-12);
}


#[test]
fn clipping_asks_the_inside_test_a_bounded_number_of_times() {
    // Ten straight cubics down a line, the last three inside a tall box:
    // the test runs once per cubic inside, once for the cubic that crosses,
    // up to CLIP_SAMPLES times along it, and a bisection's worth more.
    let spline: Vec<Point> = (0..=30).map(|i| pt(0.0, 10.0 * i as f64)).collect();
    let calls = std::cell::Cell::new(0u32);
    let inside = |p: Point| {
        calls.set(calls.get() + 1);
        p.y > 205.0
    };
    let clipped = clip_at_outline(&spline, EdgeEnd::Head, inside);
    assert!((clipped.last().unwrap().y - 205.0).abs() <= CLIP_PRECISION);
    let bisections = (30.0 / CLIP_PRECISION).log2().ceil() as u32;
    assert!(calls.get() <= 1 + 4 + CLIP_SAMPLES as u32 + bisections, "{} calls", calls.get());
}
