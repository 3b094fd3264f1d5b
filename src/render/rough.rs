//! Sketch maths for the handDrawn look: rough.js's wobbly strokes and
//! hachure fills, written for mmdflow's paths.
//!
//! Mermaid draws `look: handDrawn` with rough.js 4.6 (Preet Shihn,
//! <https://github.com/rough-stuff/rough>, MIT). This module follows its
//! algorithms, cited at each function against rough's `src/renderer.ts`,
//! `src/fillers/scan-line-hachure.ts` and its helper packages `hachure-fill`
//! and `points-on-curve`:
//!
//! - a line is drawn twice ([`Pencil::double_line`]), each time as one cubic
//!   whose ends are moved by a random offset and whose middle bows to one
//!   side;
//! - an ellipse is a closed Catmull-Rom curve through randomly displaced
//!   points around it, drawn twice ([`Pencil::ellipse_strokes`]);
//! - a path's curves are drawn twice with displaced control points
//!   ([`Pencil::path`]);
//! - a fill is hachure: parallel lines clipped to the shape by a scan line
//!   ([`hachure_lines`]), each drawn as a sketched double line.
//!
//! Randomness comes from [`Random`], the same 32-bit multiplicative
//! congruential generator rough.js uses (Park and Miller's multiplier
//! 48271), drawn in the same order as rough.js draws it: for the same seed
//! and the same geometry the numbers are rough.js's (`rough_tests.rs`
//! checks that against values printed by rough.js 4.6.6). Trigonometry goes
//! through `libm`, so the output is the same on every machine and in wasm.
//!
//! Everything here is pure: no I/O, no global state; a [`Pencil`] is made
//! per drawn element and thrown away.

use crate::geom::{Path, PathCommand, PathPiece, Point};
use std::f64::consts::PI;

/// rough.js's random numbers (`src/math.ts`, class `Random`): the state is
/// multiplied by 48271 modulo 2³², and its low 31 bits, divided by 2³¹, are
/// the number in [0, 1).
#[derive(Debug, Clone)]
pub struct Random {
    state: u32,
}

impl Random {
    /// A generator started at `seed`. rough.js takes seed 0 to mean
    /// `Math.random()`; callers here never pass 0 (the handDrawn look turns
    /// mermaid's 0 into fixed seeds), and 0 is mapped to 1 so that the
    /// sequence is never stuck at zero.
    pub fn new(seed: u32) -> Random {
        Random { state: if seed == 0 { 1 } else { seed } }
    }

    /// The next number in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        // `Math.imul(48271, seed)`: the product modulo 2³², as a signed
        // 32-bit number whose low 31 bits are kept.
        self.state = self.state.wrapping_mul(48271);
        f64::from(self.state & 0x7fff_ffff) / 2_147_483_648.0
    }
}

/// The rough.js options a sketch uses (`ResolvedOptions` in rough's
/// `src/core.ts`); [`Options::ROUGH_DEFAULTS`] holds rough's defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// How far strokes stray: every random offset is scaled by it. Must be
    /// above 0 (rough's roughness 0 draws exact shapes, which the looks
    /// that use this module never ask for).
    pub roughness: f64,
    /// How much a straight line bows out in the middle.
    pub bowing: f64,
    /// The largest random offset of a line's ends, in px.
    pub max_randomness_offset: f64,
    /// How closely an ellipse fits its radii (1 = exactly).
    pub curve_fitting: f64,
    /// Points per ellipse, at least.
    pub curve_step_count: f64,
    /// Tension of the curve through an ellipse's points (0 = Catmull-Rom).
    pub curve_tightness: f64,
    /// Angle of the hachure lines, degrees (rough measures it from the
    /// vertical; -41 leans them to the right).
    pub hachure_angle: f64,
    /// Distance between hachure lines, px (rounded to a whole number, as
    /// rough's scan line steps one px at a time).
    pub hachure_gap: f64,
}

impl Options {
    /// rough.js's defaults (`RoughGenerator.defaultOptions`).
    pub const ROUGH_DEFAULTS: Options = Options {
        roughness: 1.0,
        bowing: 1.0,
        max_randomness_offset: 2.0,
        curve_fitting: 0.95,
        curve_step_count: 9.0,
        curve_tightness: 0.0,
        hachure_angle: -41.0,
        hachure_gap: 4.0,
    };

    /// These options with another roughness.
    pub const fn with_roughness(self, roughness: f64) -> Options {
        Options { roughness, ..self }
    }

    /// These options with another hachure angle and gap.
    pub const fn with_hachure(self, angle: f64, gap: f64) -> Options {
        Options { hachure_angle: angle, hachure_gap: gap, ..self }
    }
}

/// One straight hachure line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Where it starts.
    pub from: Point,
    /// Where it ends.
    pub to: Point,
}

/// Most hachure lines one fill draws; a larger shape gets a wider gap, so
/// the output stays proportional to the input however big a node is.
const MAX_HACHURE_LINES: f64 = 4000.0;
/// Most points on a sketched ellipse (rough's count grows with the square
/// root of the radius, without bound).
const MAX_ELLIPSE_STEPS: f64 = 1000.0;

/// Draws sketched strokes with one set of options and one random sequence:
/// rough.js's `ResolvedOptions` with its `randomizer`. Every element mermaid
/// draws with rough (a node outline, a cluster box, an edge) gets its own,
/// started at its seed.
#[derive(Debug, Clone)]
pub struct Pencil {
    options: Options,
    random: Random,
}

impl Pencil {
    /// A pencil with `options`, its random sequence started at `seed`.
    pub fn new(options: Options, seed: u32) -> Pencil {
        Pencil { options, random: Random::new(seed) }
    }

    /// rough's `_offset`: a random number between `min` and `max`, scaled
    /// by the roughness and `gain`.
    fn offset(&mut self, min: f64, max: f64, gain: f64) -> f64 {
        self.options.roughness * gain * (self.random.next_f64() * (max - min) + min)
    }

    /// rough's `_offsetOpt`: a random number in ±`x`, scaled.
    fn offset_around(&mut self, x: f64, gain: f64) -> f64 {
        self.offset(-x, x, gain)
    }

    /// A line drawn twice with different wobbles (rough's `_doubleLine`),
    /// appended to `out` as move + cubic pairs.
    pub fn double_line(&mut self, from: Point, to: Point, out: &mut Vec<PathCommand>) {
        self.single_line(from, to, Pass::Under, out);
        self.single_line(from, to, Pass::Over, out);
    }

    /// One sketched line (rough's `_line` with `move` set): the ends move by
    /// up to the randomness offset (half of it on the second pass), and the
    /// control points sit 20–40 % and twice that along the line, pushed
    /// sideways by the bowing. Long lines wobble less (the roughness gain
    /// falls from 1 below 200 px to 0.4 above 500 px), short ones move
    /// their ends by at most a tenth of their length.
    fn single_line(&mut self, from: Point, to: Point, pass: Pass, out: &mut Vec<PathCommand>) {
        let (x1, y1, x2, y2) = (from.x, from.y, to.x, to.y);
        let length_sq = (x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2);
        let length = length_sq.sqrt();
        let gain = if length < 200.0 {
            1.0
        } else if length > 500.0 {
            0.4
        } else {
            -0.0016668 * length + 1.233334
        };
        let max_offset = self.options.max_randomness_offset;
        let mut offset = max_offset;
        if offset * offset * 100.0 > length_sq {
            offset = length / 10.0;
        }
        let half = offset / 2.0;
        let diverge = 0.2 + self.random.next_f64() * 0.2;
        let bow = self.options.bowing * max_offset;
        let mid_x = self.offset_around(bow * (y2 - y1) / 200.0, gain);
        let mid_y = self.offset_around(bow * (x1 - x2) / 200.0, gain);
        let spread = match pass {
            Pass::Under => offset,
            Pass::Over => half,
        };
        let start = Point::new(x1 + self.offset_around(spread, gain), y1 + self.offset_around(spread, gain));
        let c1 = Point::new(
            mid_x + x1 + (x2 - x1) * diverge + self.offset_around(spread, gain),
            mid_y + y1 + (y2 - y1) * diverge + self.offset_around(spread, gain),
        );
        let c2 = Point::new(
            mid_x + x1 + 2.0 * (x2 - x1) * diverge + self.offset_around(spread, gain),
            mid_y + y1 + 2.0 * (y2 - y1) * diverge + self.offset_around(spread, gain),
        );
        let end = Point::new(x2 + self.offset_around(spread, gain), y2 + self.offset_around(spread, gain));
        push_stroke(out, start, c1, c2, end);
    }

    /// A closed polygon through `points`, each side a double line (rough's
    /// `linearPath` with `close`).
    pub fn polygon(&mut self, points: &[Point], out: &mut Vec<PathCommand>) {
        match points {
            [] | [_] => {}
            [a, b] => self.double_line(*a, *b, out),
            _ => {
                for pair in points.windows(2) {
                    self.double_line(pair[0], pair[1], out);
                }
                self.double_line(points[points.len() - 1], points[0], out);
            }
        }
    }

    /// A path sketched piece by piece (rough's `svgPath`): lines and the
    /// closing line as double lines, cubics drawn twice with displaced
    /// control points ([`Pencil::bezier`]).
    pub fn path(&mut self, path: &Path, out: &mut Vec<PathCommand>) {
        for segment in path.segments() {
            match segment {
                PathPiece::Line { from, to } => self.double_line(from, to, out),
                PathPiece::Cubic { from, c1, c2, to } => self.bezier(from, c1, c2, to, out),
            }
        }
    }

    /// A cubic drawn twice (rough's `_bezierTo`): the first pass starts on
    /// the curve's start, the second near it; control points and end move
    /// by up to the randomness offset (0.3 px more on the second pass).
    fn bezier(&mut self, from: Point, c1: Point, c2: Point, to: Point, out: &mut Vec<PathCommand>) {
        let base = if self.options.max_randomness_offset != 0.0 { self.options.max_randomness_offset } else { 1.0 };
        for (pass, spread) in [(Pass::Under, base), (Pass::Over, base + 0.3)] {
            let start = match pass {
                Pass::Under => from,
                Pass::Over => Point::new(from.x + self.offset_around(base, 1.0), from.y + self.offset_around(base, 1.0)),
            };
            let end = Point::new(to.x + self.offset_around(spread, 1.0), to.y + self.offset_around(spread, 1.0));
            let k1 = Point::new(c1.x + self.offset_around(spread, 1.0), c1.y + self.offset_around(spread, 1.0));
            let k2 = Point::new(c2.x + self.offset_around(spread, 1.0), c2.y + self.offset_around(spread, 1.0));
            push_stroke(out, start, k1, k2, end);
        }
    }

    /// The wobbly radii and step of an ellipse centred on `center`,
    /// `width` × `height` (rough's `generateEllipseParams`): about one point per `curve_step_count`
    /// around a circle of radius 200 / 2π, more for bigger ones; radii off by
    /// up to 5 % (`curve_fitting`).
    pub fn ellipse_shape(&mut self, center: Point, width: f64, height: f64) -> EllipseShape {
        let o = self.options;
        let mean_radius = (((width / 2.0) * (width / 2.0) + (height / 2.0) * (height / 2.0)) / 2.0).sqrt();
        let psq = (PI * 2.0 * mean_radius).sqrt();
        let steps = o.curve_step_count.max(o.curve_step_count / 200f64.sqrt() * psq).ceil().min(MAX_ELLIPSE_STEPS);
        let mut rx = (width / 2.0).abs();
        let mut ry = (height / 2.0).abs();
        let loose = 1.0 - o.curve_fitting;
        rx += self.offset_around(rx * loose, 1.0);
        ry += self.offset_around(ry * loose, 1.0);
        EllipseShape { center, radii: Radii { rx, ry }, increment: PI * 2.0 / steps }
    }

    /// The two strokes of an ellipse (rough's `ellipseWithParams`); called
    /// again on the same shape, it draws rough's solid fill. Returns the
    /// points the first stroke passes through.
    pub fn ellipse_strokes(&mut self, shape: &EllipseShape, out: &mut Vec<PathCommand>) -> Vec<Point> {
        // The first stroke overlaps its start by a random fraction of a
        // step.
        let inner = self.offset(0.4, 1.0, 1.0);
        let overlap = shape.increment * self.offset(0.1, inner, 1.0);
        let (first, core) = self.ellipse_points(shape, 1.0, overlap);
        curve_through(&first, out);
        let (second, _) = self.ellipse_points(shape, 1.5, 0.0);
        curve_through(&second, out);
        core
    }

    /// A solid fill of `polygons` (rough's `solidFillPolygon`): each corner
    /// moved by up to the randomness offset.
    pub fn solid_polygons(&mut self, polygons: &[Vec<Point>], out: &mut Vec<PathCommand>) {
        let offset = self.options.max_randomness_offset;
        for polygon in polygons.iter().filter(|p| p.len() > 2) {
            for (i, p) in polygon.iter().enumerate() {
                let q = Point::new(p.x + self.offset_around(offset, 1.0), p.y + self.offset_around(offset, 1.0));
                out.push(if i == 0 { PathCommand::MoveTo(q) } else { PathCommand::LineTo(q) });
            }
        }
    }

    /// rough's `_computeEllipsePoints`: points around the ellipse from a
    /// random start angle, each displaced by up to `offset`, with an extra
    /// point before the start and three past the end (inside the outline,
    /// at 0.9 and 0.98 of the radii) so the curve closes like a pen stroke.
    /// Returns all points and the ones on the ellipse itself.
    fn ellipse_points(&mut self, shape: &EllipseShape, offset: f64, overlap: f64) -> (Vec<Point>, Vec<Point>) {
        let (increment, c, r) = (shape.increment, shape.center, shape.radii);
        let mut all = Vec::new();
        let mut core = Vec::new();
        let start = self.offset_around(0.5, 1.0) - PI / 2.0;
        all.push(self.around(c, r, 0.9, start - increment, offset));
        let end = PI * 2.0 + start - 0.01;
        let mut angle = start;
        while angle < end {
            let p = self.around(c, r, 1.0, angle, offset);
            core.push(p);
            all.push(p);
            angle += increment;
        }
        all.push(self.around(c, r, 1.0, start + PI * 2.0 + overlap * 0.5, offset));
        all.push(self.around(c, r, 0.98, start + overlap, offset));
        all.push(self.around(c, r, 0.9, start + overlap * 0.5, offset));
        (all, core)
    }

    /// The point at `angle` on the ellipse scaled by `scale`, displaced by
    /// up to `offset` each way.
    fn around(&mut self, c: Point, r: Radii, scale: f64, angle: f64, offset: f64) -> Point {
        let x = self.offset_around(offset, 1.0) + c.x + scale * r.rx * libm::cos(angle);
        let y = self.offset_around(offset, 1.0) + c.y + scale * r.ry * libm::sin(angle);
        Point::new(x, y)
    }

    /// Hachure inside `polygons` (rough's `HachureFiller`): the scan-line
    /// lines of [`Pencil::hachure_segments`], each a sketched double line.
    pub fn hachure(&mut self, polygons: &[Vec<Point>], out: &mut Vec<PathCommand>) {
        let lines = self.hachure_segments(polygons);
        self.lines(&lines, out);
    }

    /// The straight hachure lines inside `polygons`, at the options' angle
    /// and gap (rough's `polygonHachureLines`): the gap is a whole number
    /// of scan-line steps; at roughness 1 and above, three fills in ten step
    /// a gap at a time (the lines land elsewhere).
    pub fn hachure_segments(&mut self, polygons: &[Vec<Point>]) -> Vec<Segment> {
        let o = self.options;
        let gap = (o.hachure_gap.max(0.1) + 0.5).floor().max(1.0);
        let step = if o.roughness >= 1.0 && self.random.next_f64() > 0.7 { Step::Gap } else { Step::Pixel };
        hachure_lines(polygons, gap, o.hachure_angle + 90.0, step)
    }

    /// Each segment as a sketched double line.
    pub fn lines(&mut self, segments: &[Segment], out: &mut Vec<PathCommand>) {
        for line in segments {
            self.double_line(line.from, line.to, out);
        }
    }
}

/// Which of a double line's two strokes is drawn.
#[derive(Clone, Copy)]
enum Pass {
    /// The first: ends moved by the full offset.
    Under,
    /// The second: ends moved by half of it.
    Over,
}

/// An ellipse's radii.
#[derive(Debug, Clone, Copy)]
struct Radii {
    rx: f64,
    ry: f64,
}

/// An ellipse as a sketch draws it: [`Pencil::ellipse_shape`].
#[derive(Debug, Clone, Copy)]
pub struct EllipseShape {
    center: Point,
    radii: Radii,
    /// Angle between its points, radians.
    increment: f64,
}

/// Appends a move and a cubic, unless all four points coincide (rough draws
/// those too, for zero-length lines; they show nothing).
fn push_stroke(out: &mut Vec<PathCommand>, start: Point, c1: Point, c2: Point, end: Point) {
    if start == c1 && c1 == c2 && c2 == end {
        return;
    }
    out.push(PathCommand::MoveTo(start));
    out.push(PathCommand::CubicTo(c1, c2, end));
}

/// rough's `_curve`: a Catmull-Rom spline (tightness 0) through the points,
/// as cubics from the second point to the second-to-last.
fn curve_through(points: &[Point], out: &mut Vec<PathCommand>) {
    if points.len() < 4 {
        return;
    }
    let s = 1.0;
    out.push(PathCommand::MoveTo(points[1]));
    for i in 1..points.len() - 2 {
        let (prev, p, next, after) = (points[i - 1], points[i], points[i + 1], points[i + 2]);
        let c1 = Point::new(p.x + (s * next.x - s * prev.x) / 6.0, p.y + (s * next.y - s * prev.y) / 6.0);
        let c2 = Point::new(next.x + (s * p.x - s * after.x) / 6.0, next.y + (s * p.y - s * after.y) / 6.0);
        out.push(PathCommand::CubicTo(c1, c2, next));
    }
}

/// How the hachure scan line advances.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Step {
    /// One px at a time, a line every `gap` steps (rough's usual way).
    Pixel,
    /// A gap at a time, a line at every step.
    Gap,
}

/// One polygon side in the scan line's table (hachure-fill's edge entry).
#[derive(Clone, Copy, Debug)]
struct ScanEdge {
    y_min: f64,
    y_max: f64,
    /// x where y = `y_min`.
    x: f64,
    /// dx per unit of y.
    inverse_slope: f64,
}

/// The hachure lines of `polygons` (hachure-fill's `hachureLines`, after
/// rough's scan-line hachure): the polygons are turned by `angle` degrees
/// about the origin, cut by horizontal scan lines `gap` px apart (even-odd
/// pairs of crossings), and the lines are turned back. Line ends are
/// rounded to whole px in the turned frame, as hachure-fill does. A
/// polygon so tall that more than [`MAX_HACHURE_LINES`] lines would cross
/// it gets a wider gap.
pub fn hachure_lines(polygons: &[Vec<Point>], gap: f64, angle: f64, step: Step) -> Vec<Segment> {
    let radians = PI / 180.0 * angle;
    let (sin, cos) = (libm::sin(radians), libm::cos(radians));
    let turn = |p: Point, sin: f64| Point::new(p.x * cos - p.y * sin, p.x * sin + p.y * cos);
    let mut edges = Vec::new();
    for polygon in polygons {
        let mut vertices: Vec<Point> = polygon.iter().map(|&p| turn(p, sin)).collect();
        if let (Some(&first), Some(&last)) = (vertices.first(), vertices.last()) {
            if first != last {
                vertices.push(first);
            }
        }
        if vertices.len() <= 2 {
            continue;
        }
        for pair in vertices.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if a.y != b.y {
                let y_min = a.y.min(b.y);
                edges.push(ScanEdge {
                    y_min,
                    y_max: a.y.max(b.y),
                    x: if y_min == a.y { a.x } else { b.x },
                    inverse_slope: (b.x - a.x) / (b.y - a.y),
                });
            }
        }
    }
    let mut lines = Vec::new();
    let (Some(top), Some(bottom)) = (
        edges.iter().map(|e| e.y_min).reduce(f64::min),
        edges.iter().map(|e| e.y_max).reduce(f64::max),
    ) else {
        return lines;
    };
    if !(top.is_finite() && bottom.is_finite()) {
        return lines;
    }
    let gap = gap.max(((bottom - top) / MAX_HACHURE_LINES).ceil());
    let advance = match step {
        Step::Pixel => 1.0,
        Step::Gap => gap,
    };
    let mut crossings: Vec<f64> = Vec::new();
    let mut k = 0.0;
    loop {
        let y = top + k * gap;
        if y >= bottom {
            break;
        }
        crossings.clear();
        for e in &edges {
            if e.y_min <= y && e.y_max > y {
                // The scan line meets an edge first at the step on or after
                // its top, and follows it from its top x from there on (the
                // scan line's way, kept so the lines fall where rough's do).
                let first_step = top + ((e.y_min - top) / advance).ceil() * advance;
                crossings.push(e.x + (y - first_step) * e.inverse_slope);
            }
        }
        crossings.sort_by(f64::total_cmp);
        for pair in crossings.chunks_exact(2) {
            let from = Point::new(js_round(pair[0]), y);
            let to = Point::new(js_round(pair[1]), y);
            lines.push(Segment { from: turn(from, -sin), to: turn(to, -sin) });
        }
        k += 1.0;
    }
    lines
}

/// JavaScript's `Math.round`: halves round up.
fn js_round(x: f64) -> f64 {
    (x + 0.5).floor()
}

/// The polygons rough fills for a path (points-on-path's `pointsOnPath`):
/// each subpath flattened and simplified by Ramer–Douglas–Peucker with
/// tolerance `distance` (rough passes (1 + roughness) / 2).
pub fn fill_polygons(path: &Path, distance: f64) -> Vec<Vec<Point>> {
    subpaths(path)
        .iter()
        .map(|part| simplify(&part.flatten(1.0), distance))
        .filter(|polygon| polygon.len() > 2)
        .collect()
}

/// The path split at its moves.
fn subpaths(path: &Path) -> Vec<Path> {
    let mut parts: Vec<Path> = Vec::new();
    for command in &path.commands {
        if matches!(command, PathCommand::MoveTo(_)) || parts.is_empty() {
            parts.push(Path::default());
        }
        if let Some(last) = parts.last_mut() {
            last.commands.push(*command);
        }
    }
    parts
}

/// Ramer–Douglas–Peucker simplification (Douglas and Peucker, 1973, as
/// points-on-curve's `simplifyPoints`): keeps the first and last point and,
/// recursively, the point farthest from the chord while it is farther than
/// `epsilon`. Iterative, so a long polyline cannot exhaust the stack.
pub fn simplify(points: &[Point], epsilon: f64) -> Vec<Point> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0usize, points.len() - 1)];
    while let Some((first, last)) = stack.pop() {
        let mut farthest = 0.0;
        let mut index = first;
        for i in first + 1..last {
            let d = distance_to_segment_sq(points[i], points[first], points[last]);
            if d > farthest {
                farthest = d;
                index = i;
            }
        }
        if index != first && farthest.sqrt() > epsilon {
            keep[index] = true;
            stack.push((first, index));
            stack.push((index, last));
        }
    }
    points.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

/// Squared distance from `p` to the segment `v`–`w`.
fn distance_to_segment_sq(p: Point, v: Point, w: Point) -> f64 {
    let sq = |a: Point, b: Point| (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y);
    let l2 = sq(v, w);
    if l2 == 0.0 {
        return sq(p, v);
    }
    let t = (((p.x - v.x) * (w.x - v.x) + (p.y - v.y) * (w.y - v.y)) / l2).clamp(0.0, 1.0);
    sq(p, v.lerp(w, t))
}

#[cfg(test)]
#[path = "rough_tests.rs"]
mod tests;
