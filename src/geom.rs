//! Plain geometry shared by layout and rendering: points, boxes and paths.

pub mod math;

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
        math::hypot(self.x - other.x, self.y - other.y)
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

/// One drawn piece of a [`Path`], with its start point made explicit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathPiece {
    /// A straight line; a `Close` is the line back to its subpath's start.
    Line {
        /// Where the pen was.
        from: Point,
        /// Where the line ends.
        to: Point,
    },
    /// A cubic Bézier.
    Cubic {
        /// Where the pen was.
        from: Point,
        /// The first control point.
        c1: Point,
        /// The second control point.
        c2: Point,
        /// Where the curve ends.
        to: Point,
    },
}

/// A path made of lines and cubic Béziers: what the renderer draws for an
/// edge, and what the layout JSON samples into a polyline.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Path {
    /// The commands, starting with a `MoveTo`.
    pub commands: Vec<PathCommand>,
}

/// How far apart (in SVG units, along the curve) the points are when an edge
/// path is written out as a polyline: the layout JSON's `points`, and the
/// canvas fit, which must cover exactly those points.
pub const EDGE_SAMPLE_STEP: f64 = 8.0;

impl Path {
    /// The lines and curves of the path in order, each with its start point
    /// (a `MoveTo` draws nothing; a `Close` is a line back to the start of
    /// its subpath, even when that line has length 0).
    pub fn segments(&self) -> impl Iterator<Item = PathPiece> + '_ {
        let mut first = Point::default();
        let mut current = Point::default();
        self.commands.iter().filter_map(move |command| {
            let (segment, end) = match *command {
                PathCommand::MoveTo(p) => {
                    first = p;
                    current = p;
                    return None;
                }
                PathCommand::LineTo(p) => (PathPiece::Line { from: current, to: p }, p),
                PathCommand::CubicTo(c1, c2, p) => (PathPiece::Cubic { from: current, c1, c2, to: p }, p),
                PathCommand::Close => (PathPiece::Line { from: current, to: first }, first),
            };
            current = end;
            Some(segment)
        })
    }

    /// Moves every point of the path by (dx, dy).
    pub fn translate(&mut self, dx: f64, dy: f64) {
        let shift = |p: &mut Point| {
            p.x += dx;
            p.y += dy;
        };
        for c in self.commands.iter_mut() {
            match c {
                PathCommand::MoveTo(p) | PathCommand::LineTo(p) => shift(p),
                PathCommand::CubicTo(a, b, p) => {
                    shift(a);
                    shift(b);
                    shift(p);
                }
                PathCommand::Close => {}
            }
        }
    }


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
                    let n = cubic_steps(current, c1, c2, p, step);
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

impl Path {
    /// Grows the box `lo`–`hi` to take in every point of
    /// `self.flatten(step)`, computing only the samples that can matter: a
    /// cubic lies in the convex hull of its control points, so a cubic
    /// whose control box is inside the box already (by more than rounding
    /// in the sampling) cannot grow it. The result is exactly the box of
    /// all the samples; in a laid-out diagram most edge curves run between
    /// nodes that already set the box, so few are sampled.
    pub(crate) fn grow_box(&self, step: f64, lo: &mut Point, hi: &mut Point) {
        const EPS: f64 = 1e-6;
        fn grow(lo: &mut Point, hi: &mut Point, p: Point) {
            lo.x = lo.x.min(p.x);
            lo.y = lo.y.min(p.y);
            hi.x = hi.x.max(p.x);
            hi.y = hi.y.max(p.y);
        }
        let mut current = Point::default();
        let mut start = Point::default();
        for cmd in &self.commands {
            match *cmd {
                PathCommand::MoveTo(p) => {
                    grow(lo, hi, p);
                    current = p;
                    start = p;
                }
                PathCommand::LineTo(p) => {
                    grow(lo, hi, p);
                    current = p;
                }
                PathCommand::CubicTo(c1, c2, p) => {
                    let q = [current, c1, c2, p];
                    // (Sampling errs by a few ulps; the margin is far above
                    // that at any coordinate size.)
                    let eps = EPS + 1e-12 * lo.x.abs().max(lo.y.abs()).max(hi.x.abs()).max(hi.y.abs());
                    let inside = q.iter().all(|q| q.x > lo.x + eps && q.x < hi.x - eps && q.y > lo.y + eps && q.y < hi.y - eps);
                    if !inside {
                        let n = cubic_steps(current, c1, c2, p, step);
                        for i in 1..=n {
                            grow(lo, hi, cubic_point(current, c1, c2, p, i as f64 / n as f64));
                        }
                    }
                    current = p;
                }
                PathCommand::Close => {
                    grow(lo, hi, start);
                    current = start;
                }
            }
        }
    }
}

/// How many samples [`Path::flatten`] takes along a cubic: its control
/// polygon's length (an upper bound of the arc length) over `step`. Routing
/// needs the same count without the samples, so the formula lives here once.
pub(crate) fn cubic_steps(p0: Point, c1: Point, c2: Point, p3: Point, step: f64) -> usize {
    let hull = p0.distance(c1) + c1.distance(c2) + c2.distance(p3);
    ((hull / step.max(0.5)).ceil() as usize).clamp(1, 4096)
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
/// machines. Always a finite number of at most 20 characters: NaN and the
/// infinities print as `0`, and magnitudes are clamped to [`MAX_COORDINATE`]
/// (far beyond any drawing; the clamp only keeps `inf` and 300-digit numbers
/// out of the output when something upstream goes wrong).
pub fn fmt_num(v: f64) -> String {
    Num(v).to_string()
}

/// The largest magnitude [`fmt_num`] prints.
pub const MAX_COORDINATE: f64 = 1e15;

/// A coordinate that displays as [`fmt_num`] does, without allocating (the
/// SVG writer prints tens of thousands of them).
#[derive(Clone, Copy)]
pub struct Num(pub f64);

impl Num {
    /// The digits of the number in `buf[start..]` (ASCII), or `None` beyond
    /// exact integer thousandths, where only the general float path is
    /// exact.
    fn encode(self, buf: &mut [u8; 24]) -> Option<usize> {
        let v = self.0;
        let mut end = buf.len();
        if !v.is_finite() {
            end -= 1;
            buf[end] = b'0';
            return Some(end);
        }
        let x = v * 1000.0;
        if x.abs() >= 1e15 {
            return None;
        }
        // `x.round()` (half away from zero) in integers: |x| < 1e15 < 2^53,
        // so the cast truncates exactly and `x - t` is the exact fraction.
        // (`round` is a libm call on baseline x86-64, and this runs for
        // every number of a large SVG.)
        let t = x as i64;
        let f = x - t as f64;
        let k = if f >= 0.5 { t + 1 } else if f <= -0.5 { t - 1 } else { t };
        if k.unsigned_abs() >= 1_000_000_000_000_000 {
            // Beyond exact integer thousandths: the general float path.
            return None;
        }
        if k == 0 {
            end -= 1;
            buf[end] = b'0';
            return Some(end);
        }
        let a = k.unsigned_abs();
        let (int, frac) = (a / 1000, a % 1000);
        if frac > 0 {
            // Three decimals, trailing zeros dropped.
            let d = [(frac / 100) as u8, (frac / 10 % 10) as u8, (frac % 10) as u8];
            let digits = if d[2] != 0 { 3 } else if d[1] != 0 { 2 } else { 1 };
            for &x in d[..digits].iter().rev() {
                end -= 1;
                buf[end] = b'0' + x;
            }
            end -= 1;
            buf[end] = b'.';
        }
        // The integer part two digits at a time.
        const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
            2021222324252627282930313233343536373839\
            4041424344454647484950515253545556575859\
            6061626364656667686970717273747576777879\
            8081828384858687888990919293949596979899";
        let mut i = int;
        while i >= 100 {
            let r = (i % 100) as usize;
            i /= 100;
            end -= 2;
            buf[end..end + 2].copy_from_slice(&PAIRS[2 * r..2 * r + 2]);
        }
        if i >= 10 {
            end -= 2;
            buf[end..end + 2].copy_from_slice(&PAIRS[2 * i as usize..2 * i as usize + 2]);
        } else {
            end -= 1;
            buf[end] = b'0' + i as u8;
        }
        if k < 0 {
            end -= 1;
            buf[end] = b'-';
        }
        Some(end)
    }

    /// Appends the number, as [`fmt_num`] formats it, to ASCII bytes. The
    /// SVG writer's path data is mostly numbers: collected as bytes and
    /// checked as UTF-8 once per path, they skip the formatting machinery
    /// and the per-number check of `Display`.
    pub fn push_ascii(self, out: &mut Vec<u8>) {
        let mut buf = [0u8; 24];
        match self.encode(&mut buf) {
            Some(start) => out.extend_from_slice(&buf[start..]),
            // Digits, '.', '-' and possibly 'e' or "inf": ASCII too.
            None => out.extend_from_slice(slow_fmt_num(self.0).as_bytes()),
        }
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut buf = [0u8; 24];
        match self.encode(&mut buf) {
            // Only ASCII digits, '.' and '-' were written.
            Some(start) => f.write_str(std::str::from_utf8(&buf[start..]).unwrap_or("0")),
            None => f.write_str(&slow_fmt_num(self.0)),
        }
    }
}

/// The reference formatting: round to thousandths, print with 3 decimals,
/// trim.
fn slow_fmt_num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let v = v.clamp(-MAX_COORDINATE, MAX_COORDINATE);
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
    fn segments_carry_their_start_and_close_back_to_the_subpath_start() {
        let p = |x, y| Point::new(x, y);
        let path = Path {
            commands: vec![
                PathCommand::MoveTo(p(0.0, 0.0)),
                PathCommand::LineTo(p(10.0, 0.0)),
                PathCommand::CubicTo(p(11.0, 1.0), p(11.0, 2.0), p(10.0, 3.0)),
                PathCommand::Close,
                PathCommand::MoveTo(p(5.0, 5.0)),
                PathCommand::LineTo(p(6.0, 5.0)),
            ],
        };
        let pieces: Vec<PathPiece> = path.segments().collect();
        assert_eq!(
            pieces,
            [
                PathPiece::Line { from: p(0.0, 0.0), to: p(10.0, 0.0) },
                PathPiece::Cubic { from: p(10.0, 0.0), c1: p(11.0, 1.0), c2: p(11.0, 2.0), to: p(10.0, 3.0) },
                PathPiece::Line { from: p(10.0, 3.0), to: p(0.0, 0.0) },
                PathPiece::Line { from: p(5.0, 5.0), to: p(6.0, 5.0) },
            ]
        );
    }

    #[test]
    fn numbers_are_fixed() {
        assert_eq!(fmt_num(1.0), "1");
        assert_eq!(fmt_num(1.23456), "1.235");
        assert_eq!(fmt_num(-0.0001), "0");
        assert_eq!(fmt_num(f64::NAN), "0");
        assert_eq!(fmt_num(-12.5), "-12.5");
        assert_eq!(fmt_num(0.0005), "0.001");
        assert_eq!(fmt_num(1e300), slow_fmt_num(1e300));
        assert_eq!(fmt_num(1e308), "1000000000000000");
        assert_eq!(fmt_num(-1e308), "-1000000000000000");
        for v in [1e300, f64::NAN, f64::INFINITY, -0.0001, 0.0] {
            let mut pushed = Vec::new();
            Num(v).push_ascii(&mut pushed);
            assert_eq!(pushed, fmt_num(v).into_bytes());
        }
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
            let mut pushed = b"x".to_vec();
            Num(v).push_ascii(&mut pushed);
            assert_eq!(pushed[1..], *slow_fmt_num(v).as_bytes(), "{v:e}");
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
