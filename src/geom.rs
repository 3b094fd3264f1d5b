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
