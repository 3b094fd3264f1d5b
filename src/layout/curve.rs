//! d3-shape curves through route points, emitted as lines and cubic Béziers
//! (mermaid draws every edge with a d3 curve; `basis` is its default).

use crate::flowchart::Curve;
use crate::geom::{Path, PathCommand, Point};

/// Builds the path of `curve` through `pts` (at least one point).
pub(crate) fn build(pts: &[Point], curve: Curve) -> Path {
    let mut c = Vec::new();
    if pts.is_empty() {
        return Path { commands: c };
    }
    c.push(PathCommand::MoveTo(pts[0]));
    if pts.len() == 1 {
        return Path { commands: c };
    }
    if pts.len() == 2 && !matches!(curve, Curve::Step | Curve::StepBefore | Curve::StepAfter | Curve::BumpX | Curve::BumpY) {
        c.push(PathCommand::LineTo(pts[1]));
        return Path { commands: c };
    }
    match curve {
        Curve::Basis => basis(pts, &mut c),
        Curve::Linear => c.extend(pts[1..].iter().map(|&p| PathCommand::LineTo(p))),
        Curve::Step => step(pts, 0.5, &mut c),
        Curve::StepBefore => step(pts, 0.0, &mut c),
        Curve::StepAfter => step(pts, 1.0, &mut c),
        Curve::MonotoneX => monotone(pts, false, &mut c),
        Curve::MonotoneY => monotone(pts, true, &mut c),
        // Cardinal with tension 0 is the uniform Catmull–Rom spline; the
        // centripetal variant is drawn the same (a close fallback).
        Curve::Cardinal | Curve::CatmullRom => catmull_rom(pts, &mut c),
        Curve::Natural => natural(pts, &mut c),
        Curve::BumpX => bump(pts, false, &mut c),
        Curve::BumpY => bump(pts, true, &mut c),
        Curve::Rounded => rounded(pts, 5.0, &mut c),
    }
    Path { commands: c }
}

/// d3 `curveBasis`: uniform cubic B-spline with the end points repeated, so
/// it starts and ends exactly on the first and last point.
fn basis(p: &[Point], c: &mut Vec<PathCommand>) {
    let bez = |c: &mut Vec<PathCommand>, p0: Point, p1: Point, p: Point| {
        c.push(PathCommand::CubicTo(
            Point::new((2.0 * p0.x + p1.x) / 3.0, (2.0 * p0.y + p1.y) / 3.0),
            Point::new((p0.x + 2.0 * p1.x) / 3.0, (p0.y + 2.0 * p1.y) / 3.0),
            Point::new((p0.x + 4.0 * p1.x + p.x) / 6.0, (p0.y + 4.0 * p1.y + p.y) / 6.0),
        ));
    };
    let (mut p0, mut p1) = (p[0], p[1]);
    c.push(PathCommand::LineTo(Point::new((5.0 * p0.x + p1.x) / 6.0, (5.0 * p0.y + p1.y) / 6.0)));
    for &q in &p[2..] {
        bez(c, p0, p1, q);
        p0 = p1;
        p1 = q;
    }
    bez(c, p0, p1, p1);
    c.push(PathCommand::LineTo(p1));
}

/// d3 `curveStep` (t = 0.5), `curveStepBefore` (0), `curveStepAfter` (1).
fn step(p: &[Point], t: f64, c: &mut Vec<PathCommand>) {
    for w in p.windows(2) {
        let (a, b) = (w[0], w[1]);
        if t <= 0.0 {
            c.push(PathCommand::LineTo(Point::new(a.x, b.y)));
        } else if t >= 1.0 {
            c.push(PathCommand::LineTo(Point::new(b.x, a.y)));
        } else {
            let x = a.x * (1.0 - t) + b.x * t;
            c.push(PathCommand::LineTo(Point::new(x, a.y)));
            c.push(PathCommand::LineTo(Point::new(x, b.y)));
        }
        c.push(PathCommand::LineTo(b));
    }
}

/// d3 `curveMonotoneX` (Steffen / Fritsch–Carlson tangents); `swap` gives
/// `curveMonotoneY` by exchanging the axes.
fn monotone(p: &[Point], swap: bool, c: &mut Vec<PathCommand>) {
    let s = |q: Point| if swap { Point::new(q.y, q.x) } else { q };
    let mut q: Vec<Point> = Vec::with_capacity(p.len());
    for &x in p {
        let x = s(x);
        if q.last().map_or(true, |l: &Point| l.x != x.x || l.y != x.y) {
            q.push(x);
        }
    }
    if q.len() < 2 {
        return;
    }
    let n = q.len();
    let sign = |x: f64| if x < 0.0 { -1.0 } else { 1.0 };
    let fin = |x: f64| if x.is_finite() { x } else { 0.0 };
    // Secant slopes, then d3's slope3 tangents at interior points.
    let mut t = vec![0.0; n];
    for i in 1..n - 1 {
        let (h0, h1) = (q[i].x - q[i - 1].x, q[i + 1].x - q[i].x);
        let s0 = (q[i].y - q[i - 1].y) / h0;
        let s1 = (q[i + 1].y - q[i].y) / h1;
        let pp = (s0 * h1 + s1 * h0) / (h0 + h1);
        t[i] = fin((sign(s0) + sign(s1)) * s0.abs().min(s1.abs()).min(0.5 * pp.abs()));
    }
    // End tangents: d3's slope2.
    let slope2 = |a: Point, b: Point, tt: f64| {
        let h = b.x - a.x;
        if h != 0.0 {
            fin((3.0 * (b.y - a.y) / h - tt) / 2.0)
        } else {
            tt
        }
    };
    if n == 2 {
        c.push(PathCommand::LineTo(s(q[1])));
        return;
    }
    t[0] = slope2(q[0], q[1], t[1]);
    t[n - 1] = slope2(q[n - 2], q[n - 1], t[n - 2]);
    for i in 1..n {
        let (a, b) = (q[i - 1], q[i]);
        let dx = (b.x - a.x) / 3.0;
        c.push(PathCommand::CubicTo(
            s(Point::new(a.x + dx, a.y + dx * t[i - 1])),
            s(Point::new(b.x - dx, b.y - dx * t[i])),
            s(b),
        ));
    }
}

fn catmull_rom(p: &[Point], c: &mut Vec<PathCommand>) {
    let n = p.len();
    for i in 0..n - 1 {
        let p0 = p[i.saturating_sub(1)];
        let (p1, p2) = (p[i], p[i + 1]);
        let p3 = p[(i + 2).min(n - 1)];
        c.push(PathCommand::CubicTo(
            Point::new(p1.x + (p2.x - p0.x) / 6.0, p1.y + (p2.y - p0.y) / 6.0),
            Point::new(p2.x - (p3.x - p1.x) / 6.0, p2.y - (p3.y - p1.y) / 6.0),
            p2,
        ));
    }
}

/// d3 `curveNatural`: natural cubic spline, control points from the
/// tridiagonal system solved per axis.
fn natural(p: &[Point], c: &mut Vec<PathCommand>) {
    fn control(x: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let n = x.len() - 1;
        let mut a = vec![0.0; n];
        let mut b = vec![0.0; n];
        let mut r = vec![0.0; n];
        a[0] = 0.0;
        b[0] = 2.0;
        r[0] = x[0] + 2.0 * x[1];
        for i in 1..n.saturating_sub(1) {
            a[i] = 1.0;
            b[i] = 4.0;
            r[i] = 4.0 * x[i] + 2.0 * x[i + 1];
        }
        a[n - 1] = 2.0;
        b[n - 1] = 7.0;
        r[n - 1] = 8.0 * x[n - 1] + x[n];
        for i in 1..n {
            let m = a[i] / b[i - 1];
            b[i] -= m;
            r[i] -= m * r[i - 1];
        }
        a[n - 1] = r[n - 1] / b[n - 1];
        for i in (0..n.saturating_sub(1)).rev() {
            a[i] = (r[i] - a[i + 1]) / b[i];
        }
        b[n - 1] = (x[n] + a[n - 1]) / 2.0;
        for i in 0..n.saturating_sub(1) {
            b[i] = 2.0 * x[i + 1] - a[i + 1];
        }
        (a, b)
    }
    let xs: Vec<f64> = p.iter().map(|q| q.x).collect();
    let ys: Vec<f64> = p.iter().map(|q| q.y).collect();
    let (ax, bx) = control(&xs);
    let (ay, by) = control(&ys);
    for i in 0..p.len() - 1 {
        c.push(PathCommand::CubicTo(Point::new(ax[i], ay[i]), Point::new(bx[i], by[i]), p[i + 1]));
    }
}

fn bump(p: &[Point], vertical: bool, c: &mut Vec<PathCommand>) {
    for w in p.windows(2) {
        let (a, b) = (w[0], w[1]);
        if vertical {
            let m = (a.y + b.y) / 2.0;
            c.push(PathCommand::CubicTo(Point::new(a.x, m), Point::new(b.x, m), b));
        } else {
            let m = (a.x + b.x) / 2.0;
            c.push(PathCommand::CubicTo(Point::new(m, a.y), Point::new(m, b.y), b));
        }
    }
}

/// Mermaid's `rounded`: straight runs with corners rounded by radius `r`.
fn rounded(p: &[Point], r: f64, c: &mut Vec<PathCommand>) {
    let n = p.len();
    for i in 1..n - 1 {
        let (a, b, d) = (p[i - 1], p[i], p[i + 1]);
        let (l1, l2) = (a.distance(b), b.distance(d));
        let rr = r.min(l1 / 2.0).min(l2 / 2.0);
        if rr < 1e-6 {
            c.push(PathCommand::LineTo(b));
            continue;
        }
        let s = b.lerp(a, rr / l1);
        let e = b.lerp(d, rr / l2);
        c.push(PathCommand::LineTo(s));
        // Quadratic corner with control b, as a cubic.
        c.push(PathCommand::CubicTo(s.lerp(b, 2.0 / 3.0), e.lerp(b, 2.0 / 3.0), e));
    }
    c.push(PathCommand::LineTo(p[n - 1]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_curve_starts_and_ends_on_the_route() {
        let pts = [Point::new(0.0, 0.0), Point::new(10.0, 40.0), Point::new(50.0, 60.0), Point::new(50.0, 100.0)];
        for curve in [
            Curve::Basis,
            Curve::Linear,
            Curve::Step,
            Curve::StepBefore,
            Curve::StepAfter,
            Curve::MonotoneX,
            Curve::MonotoneY,
            Curve::Cardinal,
            Curve::CatmullRom,
            Curve::Natural,
            Curve::BumpX,
            Curve::BumpY,
            Curve::Rounded,
        ] {
            let f = build(&pts, curve).flatten(4.0);
            assert_eq!(f[0], pts[0], "{curve:?}");
            let last = *f.last().unwrap();
            assert!(last.distance(pts[3]) < 1e-9, "{curve:?}");
            assert!(f.iter().all(|p| p.x.is_finite() && p.y.is_finite()), "{curve:?}");
        }
    }
}
