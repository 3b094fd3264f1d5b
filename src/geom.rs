//! Plain geometry shared by layout and rendering: points, boxes and paths.

use serde::Serialize;

/// A point in SVG user units (x right, y down).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Point {
    /// Horizontal coordinate.
    pub x: f64,
    /// Vertical coordinate.
    pub y: f64,
}

impl Point {
    /// The point (x, y).
    pub const fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }

    /// Euclidean distance to `other`.
    pub fn distance(self, other: Point) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    /// The point a fraction `t` of the way from `self` to `other`.
    pub fn lerp(self, other: Point, t: f64) -> Point {
        Point::new(self.x + (other.x - self.x) * t, self.y + (other.y - self.y) * t)
    }
}

/// An axis-aligned box given by its centre and full size, as in the layout
/// JSON.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Rect {
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// Full width.
    pub width: f64,
    /// Full height.
    pub height: f64,
}

impl Rect {
    /// A box centred at (x, y).
    pub const fn new(x: f64, y: f64, width: f64, height: f64) -> Self {
        Rect { x, y, width, height }
    }
    /// Left edge.
    pub fn left(&self) -> f64 {
        self.x - self.width / 2.0
    }
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.width / 2.0
    }
    /// Top edge.
    pub fn top(&self) -> f64 {
        self.y - self.height / 2.0
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.height / 2.0
    }
    /// The centre.
    pub fn center(&self) -> Point {
        Point::new(self.x, self.y)
    }
    /// True if the boxes overlap by more than `tol` in both axes.
    pub fn overlaps(&self, other: &Rect, tol: f64) -> bool {
        self.left().max(other.left()) + tol < self.right().min(other.right())
            && self.top().max(other.top()) + tol < self.bottom().min(other.bottom())
    }
}

/// One command of a [`Path`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum PathCommand {
    /// Start a new subpath at the point.
    MoveTo(Point),
    /// Straight line to the point.
    LineTo(Point),
    /// Cubic Bézier with two control points, to the last point.
    CubicTo(Point, Point, Point),
    /// Close the subpath.
    Close,
}

/// A path made of lines and cubic Béziers: what the renderer draws for an
/// edge, and what the layout JSON samples into a polyline.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Path {
    /// The commands, starting with a `MoveTo`.
    pub commands: Vec<PathCommand>,
}

impl Path {
    /// Flattens the path into a polyline whose points are at most `step`
    /// units apart along each curve, staying within a fraction of a unit of
    /// the curve. Straight segments keep only their end points.
    pub fn flatten(&self, step: f64) -> Vec<Point> {
        let mut out: Vec<Point> = Vec::new();
        let mut current = Point::default();
        let mut start = Point::default();
        for cmd in &self.commands {
            match *cmd {
                PathCommand::MoveTo(p) => {
                    out.push(p);
                    current = p;
                    start = p;
                }
                PathCommand::LineTo(p) => {
                    out.push(p);
                    current = p;
                }
                PathCommand::CubicTo(c1, c2, p) => {
                    let hull = current.distance(c1) + c1.distance(c2) + c2.distance(p);
                    let n = ((hull / step.max(0.5)).ceil() as usize).clamp(1, 4096);
                    for i in 1..=n {
                        let t = i as f64 / n as f64;
                        out.push(cubic_point(current, c1, c2, p, t));
                    }
                    current = p;
                }
                PathCommand::Close => {
                    out.push(start);
                    current = start;
                }
            }
        }
        out
    }
}

/// The point at parameter `t` of a cubic Bézier.
pub fn cubic_point(p0: Point, p1: Point, p2: Point, p3: Point, t: f64) -> Point {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    Point::new(
        a * p0.x + b * p1.x + c * p2.x + d * p3.x,
        a * p0.y + b * p1.y + c * p2.y + d * p3.y,
    )
}

/// Formats a coordinate with fixed precision (at most 3 decimals, trailing
/// zeros dropped, no `-0`), so SVG and JSON output are byte-identical across
/// machines.
pub fn fmt_num(v: f64) -> String {
    Num(v).to_string()
}

/// A coordinate that displays as [`fmt_num`] does, without allocating (the
/// SVG writer prints tens of thousands of them).
#[derive(Clone, Copy)]
pub struct Num(pub f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        if !v.is_finite() {
            return f.write_str("0");
        }
        let scaled = (v * 1000.0).round();
        if scaled.abs() >= 1e15 {
            // Beyond exact integer thousandths: the general float path.
            return f.write_str(&slow_fmt_num(v));
        }
        // |scaled| < 1e15 < 2^53: an exact integer count of thousandths.
        let k = scaled as i64;
        if k == 0 {
            return f.write_str("0");
        }
        let a = k.unsigned_abs();
        let (int, mut frac) = (a / 1000, a % 1000);
        let mut buf = [0u8; 24];
        let mut end = buf.len();
        if frac > 0 {
            let mut digits = 3;
            while frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
            for _ in 0..digits {
                end -= 1;
                buf[end] = b'0' + (frac % 10) as u8;
                frac /= 10;
            }
            end -= 1;
            buf[end] = b'.';
        }
        let mut i = int;
        loop {
            end -= 1;
            buf[end] = b'0' + (i % 10) as u8;
            i /= 10;
            if i == 0 {
                break;
            }
        }
        if k < 0 {
            end -= 1;
            buf[end] = b'-';
        }
        // Only ASCII digits, '.' and '-' were written.
        f.write_str(std::str::from_utf8(&buf[end..]).unwrap_or("0"))
    }
}

/// The reference formatting: round to thousandths, print with 3 decimals,
/// trim.
fn slow_fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let r = (v * 1000.0).round() / 1000.0;
    let mut s = format!("{r:.3}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed() {
        assert_eq!(fmt_num(1.0), "1");
        assert_eq!(fmt_num(1.23456), "1.235");
        assert_eq!(fmt_num(-0.0001), "0");
        assert_eq!(fmt_num(f64::NAN), "0");
        assert_eq!(fmt_num(-12.5), "-12.5");
        assert_eq!(fmt_num(0.0005), "0.001");
        assert_eq!(fmt_num(1e300), slow_fmt_num(1e300));
    }

    #[test]
    fn fast_numbers_match_the_reference_formatting() {
        // A deterministic spread of magnitudes, signs and fractions.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let unit = (x >> 11) as f64 / (1u64 << 53) as f64;
            let scale = 10f64.powi((i % 30) as i32 - 6);
            let v = (unit - 0.5) * scale;
            assert_eq!(fmt_num(v), slow_fmt_num(v), "{v:e}");
            let half = (v * 1000.0).trunc() / 1000.0 + 0.0005;
            assert_eq!(fmt_num(half), slow_fmt_num(half), "{half:e}");
        }
    }

    #[test]
    fn flatten_samples_curves() {
        let p = Path {
            commands: vec![
                PathCommand::MoveTo(Point::new(0.0, 0.0)),
                PathCommand::CubicTo(Point::new(0.0, 50.0), Point::new(100.0, 50.0), Point::new(100.0, 100.0)),
            ],
        };
        let pts = p.flatten(10.0);
        assert!(pts.len() > 10);
        assert_eq!(*pts.last().unwrap(), Point::new(100.0, 100.0));
        for w in pts.windows(2) {
            assert!(w[0].distance(w[1]) <= 10.0 + 1e-9);
        }
    }
}
