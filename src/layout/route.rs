//! Phase 7: edge routing. Each edge is a polyline through its chain (down
//! its own column through every layer it crosses, diagonally only in the
//! free gaps between layers), cut at the tail and head outlines with
//! `render::shape::attach_point` (or at a cluster border for edges naming a
//! subgraph), then drawn with its d3 curve. The sampled curve is checked
//! against every node and cluster title; a curve that cuts into one falls
//! back to the polyline it approximates.

use super::curve;
use crate::flowchart::Curve;
use crate::geom::{Path, PathCommand, Point, Rect};
use crate::render::shape::{attach_point, boundary, Boundary};
use crate::shape::Shape;

/// Something an edge must not pass through.
#[derive(Debug, Clone)]
pub(crate) struct Obstacle {
    pub shape: Option<Shape>,
    pub rect: Rect,
}

/// Uniform grid over obstacles for fast segment queries.
pub(crate) struct Grid {
    cell: f64,
    x0: f64,
    y0: f64,
    nx: usize,
    ny: usize,
    cells: Vec<Vec<usize>>,
    pub obstacles: Vec<Obstacle>,
}

impl Grid {
    pub(crate) fn new(obstacles: Vec<Obstacle>) -> Grid {
        let mut lo = Point::new(f64::INFINITY, f64::INFINITY);
        let mut hi = Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY);
        let mut size = 0.0;
        for o in &obstacles {
            lo.x = lo.x.min(o.rect.left());
            lo.y = lo.y.min(o.rect.top());
            hi.x = hi.x.max(o.rect.right());
            hi.y = hi.y.max(o.rect.bottom());
            size += o.rect.width.max(o.rect.height);
        }
        if obstacles.is_empty() {
            return Grid { cell: 1.0, x0: 0.0, y0: 0.0, nx: 0, ny: 0, cells: Vec::new(), obstacles };
        }
        // Cells about the size of a node, but never many more cells than
        // obstacles (a huge node on a huge canvas must not cost memory).
        let area = (hi.x - lo.x).max(1.0) * (hi.y - lo.y).max(1.0);
        let target = (4 * obstacles.len()).clamp(64, 1_000_000) as f64;
        let cell = (size / obstacles.len() as f64).max(16.0).max((area / target).sqrt());
        let nx = (((hi.x - lo.x) / cell).ceil() as usize + 1).min(4096);
        let ny = (((hi.y - lo.y) / cell).ceil() as usize + 1).min(4096);
        let cell = cell.max((hi.x - lo.x) / nx as f64).max((hi.y - lo.y) / ny as f64);
        let mut cells = vec![Vec::new(); nx * ny];
        for (i, o) in obstacles.iter().enumerate() {
            let (a, b) = (Self::idx(lo.x, cell, nx, o.rect.left()), Self::idx(lo.x, cell, nx, o.rect.right()));
            let (c, d) = (Self::idx(lo.y, cell, ny, o.rect.top()), Self::idx(lo.y, cell, ny, o.rect.bottom()));
            for y in c..=d {
                for x in a..=b {
                    cells[y * nx + x].push(i);
                }
            }
        }
        Grid { cell, x0: lo.x, y0: lo.y, nx, ny, cells, obstacles }
    }

    fn idx(o: f64, cell: f64, n: usize, v: f64) -> usize {
        (((v - o) / cell).floor().max(0.0) as usize).min(n.saturating_sub(1))
    }

    /// Obstacles whose cells the segment's box touches (deduplicated into
    /// `out`).
    fn query(&self, a: Point, b: Point, out: &mut Vec<usize>) {
        out.clear();
        if self.nx == 0 {
            return;
        }
        let (x0, x1) = (Self::idx(self.x0, self.cell, self.nx, a.x.min(b.x)), Self::idx(self.x0, self.cell, self.nx, a.x.max(b.x)));
        let (y0, y1) = (Self::idx(self.y0, self.cell, self.ny, a.y.min(b.y)), Self::idx(self.y0, self.cell, self.ny, a.y.max(b.y)));
        for y in y0..=y1 {
            for x in x0..=x1 {
                out.extend(self.cells[y * self.nx + x].iter().copied());
            }
        }
        if (x1 - x0 + 1) * (y1 - y0 + 1) > 1 {
            out.sort_unstable();
            out.dedup();
        }
    }

    /// The first obstacle (not in `skip`) that the polyline enters by more
    /// than a sliver (the obstacle shrunk by `shrink`).
    pub(crate) fn hit(&self, pts: &[Point], skip: &[usize], shrink: f64) -> Option<usize> {
        let mut cand = Vec::new();
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            // Split long segments so each query covers few cells.
            let len = a.distance(b);
            let parts = ((len / self.cell).ceil() as usize).clamp(1, 10_000);
            for k in 0..parts {
                let (p, q) = (a.lerp(b, k as f64 / parts as f64), a.lerp(b, (k + 1) as f64 / parts as f64));
                self.query(p, q, &mut cand);
                let (x0, x1, y0, y1) = (p.x.min(q.x), p.x.max(q.x), p.y.min(q.y), p.y.max(q.y));
                for &i in &cand {
                    let r = &self.obstacles[i].rect;
                    if x1 <= r.left() || x0 >= r.right() || y1 <= r.top() || y0 >= r.bottom() || skip.contains(&i) {
                        continue;
                    }
                    if segment_inside(&self.obstacles[i], p, q, shrink) > 1e-3 {
                        return Some(i);
                    }
                }
            }
        }
        None
    }
}

/// Length of the piece of segment `a`–`b` inside the obstacle shrunk by
/// `shrink` (0 if it stays outside).
pub(crate) fn segment_inside(o: &Obstacle, a: Point, b: Point, shrink: f64) -> f64 {
    let len = a.distance(b);
    if len < 1e-12 {
        return 0.0;
    }
    let bnd = match o.shape {
        Some(s) => boundary(s, &o.rect),
        None => boundary(Shape::Rect, &o.rect),
    };
    let (t0, t1) = match bnd {
        Boundary::Ellipse { center, rx, ry } => {
            let (rx, ry) = (rx - shrink, ry - shrink);
            if rx <= 0.0 || ry <= 0.0 {
                return 0.0;
            }
            // Solve |(a + t(b-a) - c) / r|² = 1.
            let (px, py) = ((a.x - center.x) / rx, (a.y - center.y) / ry);
            let (dx, dy) = ((b.x - a.x) / rx, (b.y - a.y) / ry);
            let qa = dx * dx + dy * dy;
            let qb = 2.0 * (px * dx + py * dy);
            let qc = px * px + py * py - 1.0;
            let disc = qb * qb - 4.0 * qa * qc;
            if disc <= 0.0 {
                return 0.0;
            }
            let s = disc.sqrt();
            (((-qb - s) / (2.0 * qa)).max(0.0), ((-qb + s) / (2.0 * qa)).min(1.0))
        }
        Boundary::Polygon(pts) => {
            // Cyrus–Beck clipping against the half-planes of the convex
            // polygon, each moved inwards by `shrink`.
            let n = pts.len();
            if n < 3 {
                return 0.0;
            }
            let area: f64 = (0..n).map(|i| {
                let (p, q) = (pts[i], pts[(i + 1) % n]);
                p.x * q.y - q.x * p.y
            }).sum();
            let orient = if area >= 0.0 { 1.0 } else { -1.0 };
            let (mut t0, mut t1) = (0.0f64, 1.0f64);
            let d = Point::new(b.x - a.x, b.y - a.y);
            for i in 0..n {
                let (p, q) = (pts[i], pts[(i + 1) % n]);
                let (ex, ey) = (q.x - p.x, q.y - p.y);
                let el = (ex * ex + ey * ey).sqrt();
                if el < 1e-12 {
                    continue;
                }
                // Outward normal.
                let (nx, ny) = (orient * ey / el, -orient * ex / el);
                // Inside: n·(x - p) <= -shrink.
                let num = -shrink - (nx * (a.x - p.x) + ny * (a.y - p.y));
                let den = nx * d.x + ny * d.y;
                if den.abs() < 1e-12 {
                    if num < 0.0 {
                        return 0.0;
                    }
                } else {
                    let t = num / den;
                    if den > 0.0 {
                        t1 = t1.min(t);
                    } else {
                        t0 = t0.max(t);
                    }
                }
            }
            (t0, t1)
        }
    };
    if t1 > t0 {
        (t1 - t0) * len
    } else {
        0.0
    }
}

/// True if `p` is inside the node outline (shrunk by `shrink`).
pub(crate) fn contains(shape: Shape, rect: &Rect, p: Point, shrink: f64) -> bool {
    // A degenerate segment test: a tiny horizontal segment through p.
    let o = Obstacle { shape: Some(shape), rect: *rect };
    segment_inside(&o, Point::new(p.x - 0.01, p.y), Point::new(p.x + 0.01, p.y), shrink) > 0.0
}

/// Where segment `a` (inside `r`) → `b` leaves the box.
pub(crate) fn exit_box(r: &Rect, a: Point, b: Point) -> Point {
    let mut t = 1.0f64;
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    if dx > 1e-12 {
        t = t.min((r.right() - a.x) / dx);
    } else if dx < -1e-12 {
        t = t.min((r.left() - a.x) / dx);
    }
    if dy > 1e-12 {
        t = t.min((r.bottom() - a.y) / dy);
    } else if dy < -1e-12 {
        t = t.min((r.top() - a.y) / dy);
    }
    a.lerp(b, t.clamp(0.0, 1.0))
}

fn inside_box(r: &Rect, p: Point) -> bool {
    p.x > r.left() + 0.01 && p.x < r.right() - 0.01 && p.y > r.top() + 0.01 && p.y < r.bottom() - 0.01
}

/// Curves longer than this many samples are drawn as their polyline.
const MAX_CHECKED_SAMPLES: usize = 2_000;

/// An end of an edge: a node outline or a cluster box.
#[derive(Debug, Clone, Copy)]
pub(crate) enum End {
    Node(Shape, Rect),
    Cluster(Rect),
}

fn dedup(pts: &mut Vec<Point>) {
    pts.dedup_by(|a, b| a.distance(*b) < 1e-6);
}

/// Cuts the route (centre to centre) at both end outlines.
pub(crate) fn clip(mut pts: Vec<Point>, tail: End, head: End) -> Vec<Point> {
    dedup(&mut pts);
    if pts.len() < 2 {
        return pts;
    }
    match tail {
        End::Node(shape, rect) => {
            while pts.len() > 2 && contains(shape, &rect, pts[1], 0.5) {
                pts.remove(1);
            }
            pts[0] = attach_point(shape, &rect, pts[1]);
        }
        End::Cluster(rect) => {
            if let Some(i) = (1..pts.len()).find(|&i| !inside_box(&rect, pts[i])) {
                let p = exit_box(&rect, pts[i - 1], pts[i]);
                pts.drain(..i);
                pts.insert(0, p);
            }
        }
    }
    let n = pts.len();
    match head {
        End::Node(shape, rect) => {
            while pts.len() > 2 && contains(shape, &rect, pts[pts.len() - 2], 0.5) {
                let k = pts.len() - 2;
                pts.remove(k);
            }
            let k = pts.len();
            pts[k - 1] = attach_point(shape, &rect, pts[k - 2]);
        }
        End::Cluster(rect) => {
            if let Some(i) = (0..n - 1).rev().find(|&i| !inside_box(&rect, pts[i])) {
                let p = exit_box(&rect, pts[i + 1], pts[i]);
                pts.truncate(i + 1);
                pts.push(p);
            }
        }
    }
    dedup(&mut pts);
    if pts.len() == 1 {
        let p = pts[0];
        pts.push(p);
    }
    pts
}

/// The drawn path for a clipped route: the requested curve, or the polyline
/// when the curve would cut into an obstacle the polyline avoids.
pub(crate) fn draw(pts: &[Point], curve: Curve, grid: &Grid, skip: &[usize]) -> (Path, Curve) {
    // The B-spline is pulled towards every route point by doubling it, so
    // the smoothed curve stays close to the polyline: it cannot cut a corner
    // deep enough to cross a neighbouring edge the polyline did not cross.
    let doubled: Vec<Point>;
    let pts = if curve == Curve::Basis && pts.len() > 2 {
        let mut v = Vec::with_capacity(2 * pts.len());
        v.push(pts[0]);
        for &p in &pts[1..pts.len() - 1] {
            v.push(p);
            v.push(p);
        }
        v.push(pts[pts.len() - 1]);
        doubled = v;
        &doubled[..]
    } else {
        pts
    };
    let path = curve::build(pts, curve);
    if curve == Curve::Linear || pts.len() <= 2 {
        return (path, curve);
    }
    let flat = path.flatten(6.0);
    if flat.len() > MAX_CHECKED_SAMPLES {
        // Very long edges (huge fans) take the polyline without the check.
        return (curve::build(pts, Curve::Linear), Curve::Linear);
    }
    // Foreign nodes must not be entered at all; the edge's own end nodes
    // must not be re-entered away from the end points.
    let own_ok = flat.len() < 3
        || skip.iter().all(|&i| {
            let o = &grid.obstacles[i];
            let r = &o.rect;
            flat[1..flat.len() - 1].windows(2).all(|w| {
                let (p, q) = (w[0], w[1]);
                p.x.max(q.x) <= r.left() || p.x.min(q.x) >= r.right() || p.y.max(q.y) <= r.top() || p.y.min(q.y) >= r.bottom()
                    || segment_inside(o, p, q, 1.0) <= 1e-3
            })
        });
    if own_ok && grid.hit(&flat, skip, 0.25).is_none() {
        return (path, curve);
    }
    (curve::build(pts, Curve::Linear), Curve::Linear)
}

/// Moves a path by (dx, dy).
pub(crate) fn translate(path: &mut Path, dx: f64, dy: f64) {
    let m = |p: &mut Point| {
        p.x += dx;
        p.y += dy;
    };
    for c in path.commands.iter_mut() {
        match c {
            PathCommand::MoveTo(p) | PathCommand::LineTo(p) => m(p),
            PathCommand::CubicTo(a, b, p) => {
                m(a);
                m(b);
                m(p);
            }
            PathCommand::Close => {}
        }
    }
}
