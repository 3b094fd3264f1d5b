//! What edges must not pass through (node outlines and cluster titles),
//! indexed by a uniform grid, and the checks routers run against it: does
//! a segment or a drawn curve enter an obstacle, and where does a route
//! leave its end node's outline.

use super::super::curve;
use crate::flowchart::Curve;
use crate::geom::{cubic_point, cubic_steps, Path, PathCommand, Point, Rect};
use crate::shape::geometry::{attach_point, boundary, Boundary};
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
    /// `obstacles[i]`'s outline, for the inside tests.
    outlines: Vec<Outline>,
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
            return Grid { cell: 1.0, x0: 0.0, y0: 0.0, nx: 0, ny: 0, cells: Vec::new(), obstacles, outlines: Vec::new() };
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
        let outlines = obstacles.iter().map(Outline::of).collect();
        Grid { cell, x0: lo.x, y0: lo.y, nx, ny, cells, obstacles, outlines }
    }

    fn idx(o: f64, cell: f64, n: usize, v: f64) -> usize {
        // The saturating cast floors non-negative values and sends negative
        // ones and NaN to 0, as `floor().max(0.0)` would, without the libm
        // call (four per grid query).
        (((v - o) / cell) as usize).min(n.saturating_sub(1))
    }

    /// Obstacles whose cells the box `lo`–`hi` touches (deduplicated into
    /// `out`).
    fn query(&self, lo: Point, hi: Point, out: &mut Vec<usize>) {
        out.clear();
        if self.nx == 0 {
            return;
        }
        let (x0, x1) = (Self::idx(self.x0, self.cell, self.nx, lo.x), Self::idx(self.x0, self.cell, self.nx, hi.x));
        let (y0, y1) = (Self::idx(self.y0, self.cell, self.ny, lo.y), Self::idx(self.y0, self.cell, self.ny, hi.y));
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

    /// True if obstacle `i` enters segment `p`–`q` by more than a sliver
    /// (the obstacle shrunk by `shrink`). The box test first: most
    /// candidates only share a grid cell with the segment.
    fn enters(&self, i: usize, p: Point, q: Point, shrink: f64) -> bool {
        let r = &self.obstacles[i].rect;
        let (x0, x1, y0, y1) = (p.x.min(q.x), p.x.max(q.x), p.y.min(q.y), p.y.max(q.y));
        if x1 <= r.left() || x0 >= r.right() || y1 <= r.top() || y0 >= r.bottom() {
            return false;
        }
        self.outlines[i].inside(p, q, shrink) > 1e-3
    }

    /// True if segment `a`–`b` enters one of the `foreign` obstacles shrunk
    /// by `shrink`. A segment longer than a cell is tested in cell-long
    /// parts, as the check has always been done: the decision, and so the
    /// output, must not depend on how the candidates were found.
    fn segment_hits(&self, a: Point, b: Point, foreign: &[usize], shrink: f64) -> bool {
        // `parts` is 1 whenever the segment is shorter than a cell, which
        // the squared length tells without a `hypot` (the 0.99 keeps the
        // shortcut away from rounding at the boundary).
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let parts = if dx * dx + dy * dy < 0.99 * self.cell * self.cell {
            1
        } else {
            ((a.distance(b) / self.cell).ceil() as usize).clamp(1, 10_000)
        };
        for k in 0..parts {
            let (p, q) = (a.lerp(b, k as f64 / parts as f64), a.lerp(b, (k + 1) as f64 / parts as f64));
            if foreign.iter().any(|&i| self.enters(i, p, q, shrink)) {
                return true;
            }
        }
        false
    }
}

/// Length of the piece of segment `a`–`b` inside the obstacle shrunk by
/// `shrink` (0 if it stays outside).
pub(crate) fn segment_inside(o: &Obstacle, a: Point, b: Point, shrink: f64) -> f64 {
    Outline::of(o).inside(a, b, shrink)
}

/// An obstacle's outline as the clipping test reads it, worked out once per
/// obstacle: routing tests thousands of segments against the same few
/// outlines, and building the corner list and normals per test was most of
/// its cost.
#[derive(Debug, Clone)]
pub(crate) enum Outline {
    Ellipse { center: Point, rx: f64, ry: f64 },
    /// A convex polygon as its non-degenerate sides: a corner and the unit
    /// outward normal of the side starting there.
    Polygon(Vec<(Point, f64, f64)>),
    /// Fewer than three corners: nothing can be inside.
    Empty,
}

impl Outline {
    pub(crate) fn of(o: &Obstacle) -> Outline {
        let bnd = match o.shape {
            Some(s) => boundary(s, &o.rect),
            None => boundary(Shape::Rect, &o.rect),
        };
        match bnd {
            Boundary::Ellipse { center, rx, ry } => Outline::Ellipse { center, rx, ry },
            Boundary::Polygon(pts) => {
                let n = pts.len();
                if n < 3 {
                    return Outline::Empty;
                }
                let area: f64 = (0..n)
                    .map(|i| {
                        let (p, q) = (pts[i], pts[(i + 1) % n]);
                        p.x * q.y - q.x * p.y
                    })
                    .sum();
                let orient = if area >= 0.0 { 1.0 } else { -1.0 };
                let mut sides = Vec::with_capacity(n);
                for i in 0..n {
                    let (p, q) = (pts[i], pts[(i + 1) % n]);
                    let (ex, ey) = (q.x - p.x, q.y - p.y);
                    let el = (ex * ex + ey * ey).sqrt();
                    if el < 1e-12 {
                        continue;
                    }
                    // Outward normal.
                    sides.push((p, orient * ey / el, -orient * ex / el));
                }
                Outline::Polygon(sides)
            }
        }
    }

    /// The outline of a node of `shape` in `rect`.
    pub(crate) fn of_node(shape: Shape, rect: &Rect) -> Outline {
        Outline::of(&Obstacle { shape: Some(shape), rect: *rect })
    }

    /// True if `p` is strictly inside the outline shrunk by `shrink`.
    pub(crate) fn contains(&self, p: Point, shrink: f64) -> bool {
        match self {
            Outline::Ellipse { center, rx, ry } => {
                let (rx, ry) = (rx - shrink, ry - shrink);
                if rx <= 0.0 || ry <= 0.0 {
                    return false;
                }
                let (u, v) = ((p.x - center.x) / rx, (p.y - center.y) / ry);
                u * u + v * v < 1.0
            }
            Outline::Polygon(sides) => sides.iter().all(|&(c, nx, ny)| nx * (p.x - c.x) + ny * (p.y - c.y) < -shrink),
            Outline::Empty => false,
        }
    }

    /// Length of the piece of segment `a`–`b` inside the outline shrunk by
    /// `shrink` (0 if it stays outside).
    pub(crate) fn inside(&self, a: Point, b: Point, shrink: f64) -> f64 {
        let len = a.distance(b);
        if len < 1e-12 {
            return 0.0;
        }
        let (t0, t1) = match self {
            Outline::Ellipse { center, rx, ry } => {
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
            Outline::Polygon(sides) => {
                // Cyrus–Beck clipping against the half-planes of the convex
                // polygon, each moved inwards by `shrink`.
                let (mut t0, mut t1) = (0.0f64, 1.0f64);
                let d = Point::new(b.x - a.x, b.y - a.y);
                for &(p, nx, ny) in sides {
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
            Outline::Empty => return 0.0,
        };
        if t1 > t0 {
            (t1 - t0) * len
        } else {
            0.0
        }
    }
}

/// True if `p` is inside the node outline (shrunk by `shrink`).
pub(crate) fn contains(shape: Shape, rect: &Rect, p: Point, shrink: f64) -> bool {
    Outline::of_node(shape, rect).contains(p, shrink)
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
    if curve == Curve::Linear || pts.len() <= 2 || curve_clear(&path, grid, skip) {
        return (path, curve);
    }
    (curve::build(pts, Curve::Linear), Curve::Linear)
}

/// Samples per unit of curve length in the obstacle check: the curve is
/// judged by its polyline with points at most this far apart.
const CHECK_STEP: f64 = 6.0;

/// The obstacle check of a drawn curve: true if the curve, sampled as
/// `path.flatten(CHECK_STEP)`, enters no foreign obstacle (shrunk by 0.25)
/// and does not re-enter its own end nodes (shrunk by 1) away from its end
/// points. Curves of more than [`MAX_CHECKED_SAMPLES`] samples fail.
///
/// Cost: the plain way samples the whole curve and asks the grid about
/// every sample segment, O(S·c) for S samples (curve length / 6) and c
/// obstacles per cell; most of it is spent far from any node. A cubic lies
/// in the convex hull of its control points, so each path command is first
/// tested by the box of its start, control and end points: one grid query
/// per command, O(C·q) for C commands and q cells under a box. Only
/// commands whose box touches an obstacle are sampled, and their samples
/// are tested against just those obstacles, with the same arithmetic as
/// sampling everything, so the decision is exactly the one the full check
/// makes. In a layered drawing that leaves the commands next to the end
/// nodes and the few that pass close to another node.
pub(crate) fn curve_clear(path: &Path, grid: &Grid, skip: &[usize]) -> bool {
    // The sample count of each command in `path.flatten(CHECK_STEP)`, and
    // in all.
    let mut counts: Vec<usize> = Vec::with_capacity(path.commands.len());
    let (mut cur, mut start) = (Point::default(), Point::default());
    for cmd in &path.commands {
        counts.push(match *cmd {
            PathCommand::MoveTo(p) => {
                (cur, start) = (p, p);
                1
            }
            PathCommand::LineTo(p) => {
                cur = p;
                1
            }
            PathCommand::CubicTo(c1, c2, p) => {
                let n = cubic_steps(cur, c1, c2, p, CHECK_STEP);
                cur = p;
                n
            }
            PathCommand::Close => {
                cur = start;
                1
            }
        });
    }
    let total: usize = counts.iter().sum();
    if total > MAX_CHECKED_SAMPLES {
        // Very long edges (huge fans) take the polyline without the check.
        return false;
    }
    // Segment e joins samples e-1 and e. Foreign obstacles are tested on
    // every segment; the own end nodes on all but the first and the last
    // (those touch the outline where the edge attaches), i.e. for
    // e in 2..=total-2.
    let own_range = 2..=total.saturating_sub(2);
    let mut near: Vec<usize> = Vec::new();
    let mut foreign: Vec<usize> = Vec::new();
    let mut own: Vec<usize> = Vec::new();
    let mut samples: Vec<Point> = Vec::new();
    let (mut cur, mut start) = (Point::default(), Point::default());
    // The last sample so far, and the index the next sample gets.
    let mut prev = Point::default();
    let mut next = 0usize;
    for (cmd, &count) in path.commands.iter().zip(&counts) {
        // Where this command's samples end, without computing them yet.
        let end = match *cmd {
            PathCommand::MoveTo(p) | PathCommand::LineTo(p) => p,
            PathCommand::CubicTo(c1, c2, p) => cubic_point(cur, c1, c2, p, 1.0),
            PathCommand::Close => start,
        };
        if next > 0 {
            // The box of everything the command's samples can reach, a
            // little larger against rounding in the sampling.
            let mut lo = Point::new(prev.x.min(end.x), prev.y.min(end.y));
            let mut hi = Point::new(prev.x.max(end.x), prev.y.max(end.y));
            if let PathCommand::CubicTo(c1, c2, p) = *cmd {
                for q in [cur, c1, c2, p] {
                    (lo.x, lo.y, hi.x, hi.y) = (lo.x.min(q.x), lo.y.min(q.y), hi.x.max(q.x), hi.y.max(q.y));
                }
            }
            // (Sampling errs by a few ulps; the margin is far above that at
            // any coordinate size.)
            let eps = 1e-6 + 1e-12 * lo.x.abs().max(lo.y.abs()).max(hi.x.abs()).max(hi.y.abs());
            (lo.x, lo.y, hi.x, hi.y) = (lo.x - eps, lo.y - eps, hi.x + eps, hi.y + eps);
            grid.query(lo, hi, &mut near);
            let checks_own = !own_range.is_empty() && next + count > *own_range.start() && next <= *own_range.end();
            foreign.clear();
            own.clear();
            for &i in &near {
                let r = &grid.obstacles[i].rect;
                if hi.x < r.left() || lo.x > r.right() || hi.y < r.top() || lo.y > r.bottom() {
                    continue;
                }
                if skip.contains(&i) {
                    if checks_own {
                        own.push(i);
                    }
                } else {
                    foreign.push(i);
                }
            }
            if !foreign.is_empty() || !own.is_empty() {
                samples.clear();
                match *cmd {
                    PathCommand::CubicTo(c1, c2, p) => {
                        samples.extend((1..=count).map(|i| cubic_point(cur, c1, c2, p, i as f64 / count as f64)));
                    }
                    _ => samples.push(end),
                }
                let mut a = prev;
                for (k, &b) in samples.iter().enumerate() {
                    let e = next + k;
                    if grid.segment_hits(a, b, &foreign, 0.25) {
                        return false;
                    }
                    if own_range.contains(&e) && own.iter().any(|&i| grid.enters(i, a, b, 1.0)) {
                        return false;
                    }
                    a = b;
                }
            }
        }
        match *cmd {
            PathCommand::MoveTo(p) => (cur, start) = (p, p),
            PathCommand::LineTo(p) | PathCommand::CubicTo(_, _, p) => cur = p,
            PathCommand::Close => cur = start,
        }
        prev = end;
        next += count;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check as it was first written: sample the whole curve, then test
    /// every sample segment against every obstacle. `curve_clear` must
    /// decide exactly as this does (the output depends on it).
    fn reference_clear(path: &Path, grid: &Grid, skip: &[usize]) -> bool {
        let flat = path.flatten(CHECK_STEP);
        if flat.len() > MAX_CHECKED_SAMPLES {
            return false;
        }
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
        let foreign_hit = flat.windows(2).any(|w| {
            let (a, b) = (w[0], w[1]);
            let parts = ((a.distance(b) / grid.cell).ceil() as usize).clamp(1, 10_000);
            (0..parts).any(|k| {
                let (p, q) = (a.lerp(b, k as f64 / parts as f64), a.lerp(b, (k + 1) as f64 / parts as f64));
                (0..grid.obstacles.len()).any(|i| {
                    let r = &grid.obstacles[i].rect;
                    let (x0, x1, y0, y1) = (p.x.min(q.x), p.x.max(q.x), p.y.min(q.y), p.y.max(q.y));
                    !(x1 <= r.left() || x0 >= r.right() || y1 <= r.top() || y0 >= r.bottom() || skip.contains(&i))
                        && segment_inside(&grid.obstacles[i], p, q, 0.25) > 1e-3
                })
            })
        });
        own_ok && !foreign_hit
    }

    #[test]
    fn pruned_check_decides_as_the_full_one() {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |m: f64| -> f64 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64 * m
        };
        let shapes = [Shape::Rect, Shape::Diamond, Shape::Circle, Shape::Hexagon, Shape::Stadium];
        let (mut clear, mut blocked) = (0, 0);
        for round in 0..300 {
            // A few rows of nodes with gaps, like a layered drawing.
            let mut obstacles = Vec::new();
            for row in 0..4 {
                for col in 0..5 {
                    if next(1.0) < 0.3 {
                        continue;
                    }
                    let (w, h) = (30.0 + next(60.0), 20.0 + next(30.0));
                    let rect = Rect::new(col as f64 * 110.0 + next(20.0), row as f64 * 100.0, w, h);
                    let shape = if round % 7 == 0 { None } else { Some(shapes[(next(5.0) as usize).min(4)]) };
                    obstacles.push(Obstacle { shape, rect });
                }
            }
            if obstacles.len() < 2 {
                continue;
            }
            let grid = Grid::new(obstacles);
            let m = grid.obstacles.len();
            let (s, t) = ((next(m as f64) as usize).min(m - 1), (next(m as f64) as usize).min(m - 1));
            let (a, b) = (grid.obstacles[s].rect, grid.obstacles[t].rect);
            // A route from one node to another through random bends.
            let mut pts = vec![a.center()];
            for _ in 0..(next(5.0) as usize) {
                pts.push(Point::new(next(560.0) - 20.0, next(340.0) - 20.0));
            }
            pts.push(b.center());
            let (te, he) = (End::Node(Shape::Rect, a), End::Node(Shape::Rect, b));
            let pts = clip(pts, te, he);
            let skip = if s == t { vec![s] } else { vec![s, t] };
            for curve in [Curve::Basis, Curve::CatmullRom, Curve::Step, Curve::MonotoneY] {
                let path = curve::build(&pts, curve);
                let got = curve_clear(&path, &grid, &skip);
                assert_eq!(got, reference_clear(&path, &grid, &skip), "round {round} {curve:?}");
                if got {
                    clear += 1;
                } else {
                    blocked += 1;
                }
            }
        }
        // Both outcomes must be exercised, or the comparison proves little.
        assert!(clear > 100 && blocked > 100, "clear {clear}, blocked {blocked}");
    }
}
