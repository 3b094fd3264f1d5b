//! Edge splines inside a corridor of boxes, after Dobkin, Gansner,
//! Koutsofios and North, "Implementing a general-purpose edge router"
//! (Graph Drawing 1997), as Graphviz does it in `lib/common/routespl.c` and
//! `lib/pathplan` (`shortest.c`, `route.c`). Written from the paper; the
//! Graphviz sources were read, not copied.
//!
//! # Contract
//!
//! Everything works in top-to-bottom space: y grows downward, and an edge
//! runs from its tail (top) to its head (bottom). The engine turns other
//! directions and back edges into this frame before routing and back after.
//!
//! * [`Corridor::new`] takes boxes stacked top to bottom: box `i + 1`'s top
//!   is box `i`'s bottom (within [`JOIN_EPS`]). Where two boxes meet, their
//!   shared x range is the *portal* the edge passes through. A run of boxes
//!   of (near) zero height, such as a rank holding only edge dummies, becomes
//!   a thin band (2 × [`FLAT_BAND_HALF`] tall at most) of their common x
//!   range, cut from the boxes above and below, so the edge keeps to the
//!   dummy's slot. It repairs what it can and says so
//!   ([`Corridor::repairs`]): a portal narrower than [`MIN_PORTAL_WIDTH`]
//!   (boxes that do not overlap) is widened to that width by stretching its
//!   two boxes; zero-height boxes at either end are dropped. It refuses, with
//!   a [`CorridorError`], no boxes, non-finite or inverted boxes, and boxes
//!   that are not stacked. It never panics.
//! * The corridor's region is the union of its (repaired) boxes, closed.
//! * [`shortest_path`] gives the Euclidean shortest path from `start` to
//!   `end` inside that region: the funnel algorithm of Lee and Preparata
//!   (1984) over the portals, O(boxes). `start` and `end` are first clamped
//!   into the first and last box.
//! * [`fit_spline`] fits piecewise cubic Béziers to a polyline that lies
//!   inside the corridor (the shortest path, typically) as pathplan's
//!   `Proutespline` does: one cubic with the end tangents, least-squares
//!   tangent lengths (Schneider, "An algorithm for automatically fitting
//!   digitized curves", Graphics Gems 1990); if it leaves the corridor or
//!   strays more than [`MAX_DEVIATION`] from the polyline (a bound dot does
//!   not have: its curves may bulge over their neighbours' paths), shorter
//!   tangents; then a split at the polyline vertex farthest from the
//!   curve, with the tangent there bisecting the polyline's turn; at last a
//!   straight segment, which is inside because the polyline is. The result
//!   is `[p0, c1, c2, p1, c1, c2, p2, ...]` (3k + 1 points): it starts at the
//!   polyline's first point, ends at its last, and stays inside the corridor
//!   (checked conservatively on the boxes of control points of ever smaller
//!   pieces, up to [`INSIDE_TOL`]) and, at the checked samples, within
//!   [`MAX_DEVIATION`] of the polyline. A given
//!   end tangent fixes the direction of the first control segment (`c1 - p0`)
//!   or the last (`p_k - c2`), which is what SVG's `orient="auto"` reads for
//!   the arrowhead; only the straight-segment fallback may give it up.
//! * [`route`] is [`shortest_path`] then [`fit_spline`].
//! * [`clip_at_outline`] cuts a spline where it meets a node outline, given
//!   as an inside test (a closure, so any outline test will do;
//!   [`inside_polygon`] makes one from a polygon). The cut is found by
//!   bisection and made with de Casteljau's split, so the new end lies on the
//!   outline and its control segment keeps the curve's direction there.
//! * Flat edges and self loops do not fit a downward corridor:
//!   [`flat_route`] and [`self_loop`] draw them from the node boxes.
//!
//! # Use
//!
//! For an edge between ranks: the tail node's box (or the part of it below
//! its centre), then per rank it crosses the free space between its
//! neighbours and per gap the gap's width, then the head node's box; start
//! and end at the nodes' centres (or ports), tangents pointing down (or
//! along a port's normal). [`route`], then [`clip_at_outline`] at both ends
//! with the shapes' inside tests (`route::contains` fits), then [`to_path`].
//! The clip makes the edge end where the curve meets the outline, so an
//! edge leaving a diamond for the lower left leaves its lower-left face, and
//! the arrowhead follows the curve's last stretch.
//!
//! # Cost
//!
//! With B boxes and a polyline of P ≤ 2B + 2 points, the funnel is O(B).
//! Each cubic's inside test subdivides its control polygon until every
//! piece's bounding box sits inside the corridor; a curve that grazes the
//! border needs many levels there, so a test is bounded by [`CHECK_BUDGET`]
//! pieces, each O(log B + boxes it spans). Fitting tries up to
//! [`SHRINK_STEPS`] tangent lengths per polyline piece (fewer,
//! [`SPLITTABLE_SHRINK_STEPS`], where it can split instead), skipping the
//! inside test for a curve shorter than the polyline, which must leave
//! (Graphviz's shortcut test); splitting makes at most 2P pieces (capped by
//! [`MAX_SPLIT_DEPTH`]). Only the output, the polyline copy and one
//! scratch vector are allocated. Nothing iterates a hash map and nothing is
//! random: the same input gives the same bits.


// Inspection helpers (boxes, portals, repairs, `route` with tangents) are
// part of the contract and used by the tests; the router uses the rest.
#![cfg_attr(not(test), allow(dead_code))]

use crate::geom::{cubic_point, Path, PathCommand, Point};

#[cfg(test)]
#[path = "spline_tests.rs"]
mod tests;

/// How far (in units) consecutive boxes' bottom and top may disagree and
/// still count as stacked; within it the next box's top is snapped.
pub(crate) const JOIN_EPS: f64 = 1e-6;

/// Half the height of the band a zero-height box (a rank holding only edge
/// dummies, say) becomes, at most: cut from the boxes above and below (a
/// quarter of each at most), it keeps the edge in the dummy's slot.
pub(crate) const FLAT_BAND_HALF: f64 = 0.5;

/// The narrowest portal the corridor keeps; narrower ones (boxes that do
/// not overlap) are widened to this, so that a path always has room to pass.
pub(crate) const MIN_PORTAL_WIDTH: f64 = 1e-2;

/// How far outside the corridor the inside test lets a curve be: far below
/// a drawn pixel, far above rounding at diagram coordinates (≤ 1e6).
pub(crate) const INSIDE_TOL: f64 = 1e-7;

/// How often the fit halves the tangent lengths before it splits: the last
/// try uses 1/128 of the least-squares length.
pub(crate) const SHRINK_STEPS: u32 = 8;

/// How often the fit halves the tangent lengths of a piece it could split
/// instead: a split keeps the curve smooth where short tangents would bend
/// it sharply near the ends, and shorter tries rarely fit where longer
/// ones did not.
pub(crate) const SPLITTABLE_SHRINK_STEPS: u32 = 4;

/// Longest tangent the fit uses, in chords: least squares can ask for
/// handles longer than the piece, which swing the curve into loops.
const TANGENT_CAP: f64 = 0.5;

/// Farthest (in units) a fitted cubic may stray from the polyline it
/// follows. The corridor alone lets a curve bulge across the whole width
/// of an inter-rank gap, over its neighbours' paths: on the vs_dot corpus
/// (≤ 500 nodes) a 2-unit bound took crossings from 2410 to 2140, bends
/// from 3810 to 2013 and turning from 369 to 300 (8 units: 2223, 3162,
/// 337). The curve still rounds every corner of the shortest path, within
/// this distance of it.
pub(crate) const MAX_DEVIATION: f64 = 2.0;

/// Points per cubic checked against [`MAX_DEVIATION`].
const DEVIATION_SAMPLES: usize = 16;

/// Deepest split of the polyline; deeper pieces become straight segments.
/// Splitting removes a vertex each time, so this binds only on polylines of
/// more than 2^32 points, in practice never.
pub(crate) const MAX_SPLIT_DEPTH: u32 = 32;

/// Pieces one cubic's inside test may look at before it says "outside".
pub(crate) const CHECK_BUDGET: u32 = 2048;

/// Deepest subdivision of the inside test. At depth 48 a piece of a
/// 10⁵-unit curve is far below [`INSIDE_TOL`].
const MAX_CHECK_DEPTH: u32 = 48;

/// One box of a corridor: an axis-aligned rectangle by its sides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Span {
    /// Smallest x.
    pub left: f64,
    /// Largest x.
    pub right: f64,
    /// Smallest y (the upper side: y grows downward).
    pub top: f64,
    /// Largest y.
    pub bottom: f64,
}

impl Span {
    pub(crate) const fn new(left: f64, right: f64, top: f64, bottom: f64) -> Span {
        Span { left, right, top, bottom }
    }

    pub(crate) fn width(&self) -> f64 {
        self.right - self.left
    }

    pub(crate) fn height(&self) -> f64 {
        self.bottom - self.top
    }

    fn is_finite(&self) -> bool {
        self.left.is_finite() && self.right.is_finite() && self.top.is_finite() && self.bottom.is_finite()
    }

    /// `p` moved to the nearest point of the box.
    fn clamp(&self, p: Point) -> Point {
        Point::new(p.x.clamp(self.left, self.right), p.y.clamp(self.top, self.bottom))
    }
}

/// A direction (or displacement) in the plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Vector {
    pub x: f64,
    pub y: f64,
}

impl Vector {
    pub(crate) const fn new(x: f64, y: f64) -> Vector {
        Vector { x, y }
    }

    /// The displacement from `a` to `b`.
    pub(crate) fn between(a: Point, b: Point) -> Vector {
        Vector::new(b.x - a.x, b.y - a.y)
    }

    pub(crate) fn length(self) -> f64 {
        crate::geom::math::hypot(self.x, self.y)
    }

    /// The unit vector along `self`, or `None` for a (near) zero or
    /// non-finite vector, which has no direction.
    pub(crate) fn unit(self) -> Option<Vector> {
        let len = self.length();
        (len > 1e-12 && len.is_finite()).then(|| Vector::new(self.x / len, self.y / len))
    }

    fn scaled(self, k: f64) -> Vector {
        Vector::new(self.x * k, self.y * k)
    }

    fn dot(self, other: Vector) -> f64 {
        self.x * other.x + self.y * other.y
    }
}

fn offset(p: Point, v: Vector) -> Point {
    Point::new(p.x + v.x, p.y + v.y)
}

/// Twice the signed area of triangle `o`, `a`, `b`. With y downward, it is
/// negative when `b` lies to the east (larger x) of the ray `o` → `a` for a
/// ray pointing down.
fn cross(o: Point, a: Point, b: Point) -> f64 {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

/// Where two stacked boxes meet: the x range a path may cross at height `y`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Portal {
    pub y: f64,
    pub left: f64,
    pub right: f64,
}

/// What [`Corridor::new`] changed in its input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Repair {
    /// Input box `index` had no height and sat at an end of the corridor,
    /// where it cannot narrow a portal; it was dropped.
    DroppedFlatEnd { index: usize },
    /// Portal `portal` (between kept boxes `portal` and `portal + 1`) was
    /// narrower than [`MIN_PORTAL_WIDTH`]; its boxes were stretched by
    /// `by` units in all to make it that wide.
    WidenedPortal { portal: usize, by: f64 },
}

/// Why [`Corridor::new`] refused its boxes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CorridorError {
    /// No boxes at all.
    Empty,
    /// Input box `index` has a NaN or infinite side.
    NotFinite { index: usize },
    /// Input box `index` has left > right or top > bottom.
    Inverted { index: usize },
    /// Input box `index`'s top is not the previous box's bottom.
    NotStacked { index: usize },
    /// Every box has zero height: there is nothing to route through.
    Flat,
}

impl std::fmt::Display for CorridorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CorridorError::Empty => write!(f, "corridor has no boxes"),
            CorridorError::NotFinite { index } => write!(f, "corridor box {index} has a non-finite side"),
            CorridorError::Inverted { index } => write!(f, "corridor box {index} is inverted"),
            CorridorError::NotStacked { index } => {
                write!(f, "corridor box {index} does not start where box {} ends", index.saturating_sub(1))
            }
            CorridorError::Flat => write!(f, "corridor has no height"),
        }
    }
}

/// A downward chain of boxes an edge must stay in; see the module contract.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Corridor {
    /// The boxes with height, top to bottom, after repairs.
    boxes: Vec<Span>,
    /// `portals[i]` joins `boxes[i]` and `boxes[i + 1]`.
    portals: Vec<Portal>,
    repairs: Vec<Repair>,
}

impl Corridor {
    /// Checks and repairs `boxes` (top to bottom); see the module contract.
    pub(crate) fn new(mut boxes: Vec<Span>) -> Result<Corridor, CorridorError> {
        if boxes.is_empty() {
            return Err(CorridorError::Empty);
        }
        for (index, b) in boxes.iter().enumerate() {
            if !b.is_finite() {
                return Err(CorridorError::NotFinite { index });
            }
            if b.left > b.right || b.top > b.bottom {
                return Err(CorridorError::Inverted { index });
            }
        }
        for index in 1..boxes.len() {
            let join = boxes[index - 1].bottom;
            if (boxes[index].top - join).abs() > JOIN_EPS {
                return Err(CorridorError::NotStacked { index });
            }
            // Snapped, so that a zero-height box stays zero-height.
            boxes[index].top = join;
            boxes[index].bottom = boxes[index].bottom.max(join);
        }
        let mut repairs = Vec::new();
        let is_flat = |b: &Span| b.height() <= JOIN_EPS;
        let first = boxes.iter().position(|b| !is_flat(b)).ok_or(CorridorError::Flat)?;
        let last = boxes.iter().rposition(|b| !is_flat(b)).unwrap_or(first);
        repairs.extend((0..first).chain(last + 1..boxes.len()).map(|index| Repair::DroppedFlatEnd { index }));

        // A run of flat boxes between two boxes with height becomes one thin
        // band, the intersection of their x ranges, cut from its neighbours.
        let mut kept: Vec<Span> = Vec::with_capacity(last + 1 - first);
        let mut band: Option<Span> = None;
        for b in &boxes[first..=last] {
            if is_flat(b) {
                let merged = band.map_or(*b, |m| Span::new(m.left.max(b.left), m.right.min(b.right), m.top, m.bottom));
                band = Some(merged);
                continue;
            }
            if let Some(flat) = band.take() {
                let above = kept.len() - 1;
                let half = FLAT_BAND_HALF.min(0.25 * kept[above].height()).min(0.25 * b.height());
                let y = kept[above].bottom;
                kept[above].bottom = y - half;
                // An empty intersection stays inverted here; the portal
                // repair below gives it width.
                kept.push(Span::new(flat.left, flat.right, y - half, y + half));
                kept.push(Span::new(b.left, b.right, y + half, b.bottom));
            } else {
                kept.push(*b);
            }
        }
        for b in &mut kept {
            if b.left > b.right {
                let mid = 0.5 * (b.left + b.right);
                (b.left, b.right) = (mid, mid);
            }
        }

        // Widen, in order, each portal narrower than the minimum; a box
        // stretched for one portal only grows its other portal.
        for i in 0..kept.len() - 1 {
            let (left, right) = (kept[i].left.max(kept[i + 1].left), kept[i].right.min(kept[i + 1].right));
            if right - left >= MIN_PORTAL_WIDTH {
                continue;
            }
            let mid = 0.5 * (left + right);
            let (lo, hi) = (mid - 0.5 * MIN_PORTAL_WIDTH, mid + 0.5 * MIN_PORTAL_WIDTH);
            let mut by = 0.0;
            for b in &mut kept[i..=i + 1] {
                by += (b.left - lo).max(0.0) + (hi - b.right).max(0.0);
                b.left = b.left.min(lo);
                b.right = b.right.max(hi);
            }
            repairs.push(Repair::WidenedPortal { portal: i, by });
        }
        let portals = kept
            .windows(2)
            .map(|w| Portal { y: w[0].bottom, left: w[0].left.max(w[1].left), right: w[0].right.min(w[1].right) })
            .collect();
        Ok(Corridor { boxes: kept, portals, repairs })
    }

    /// The boxes with height, top to bottom, after repairs.
    pub(crate) fn boxes(&self) -> &[Span] {
        &self.boxes
    }

    /// `portals()[i]` joins `boxes()[i]` and `boxes()[i + 1]`.
    pub(crate) fn portals(&self) -> &[Portal] {
        &self.portals
    }

    /// What [`Corridor::new`] changed, in the order it did it.
    pub(crate) fn repairs(&self) -> &[Repair] {
        &self.repairs
    }

    fn first(&self) -> &Span {
        &self.boxes[0]
    }

    fn last(&self) -> &Span {
        &self.boxes[self.boxes.len() - 1]
    }

    /// Index of the first box whose bottom is below `y` (the last box if
    /// none is).
    fn box_at(&self, y: f64) -> usize {
        self.boxes.partition_point(|b| b.bottom <= y).min(self.boxes.len() - 1)
    }

    /// True if `p` is in one of the boxes, each grown by `tol`.
    pub(crate) fn contains(&self, p: Point, tol: f64) -> bool {
        let i = self.boxes.partition_point(|b| b.bottom < p.y - tol);
        self.boxes[i.min(self.boxes.len())..]
            .iter()
            .take_while(|b| b.top <= p.y + tol)
            .any(|b| p.x >= b.left - tol && p.x <= b.right + tol && p.y >= b.top - tol && p.y <= b.bottom + tol)
    }

    /// True if the box `x0..x1` × `y0..y1` lies in the corridor's region
    /// (within [`INSIDE_TOL`]): every box whose inside it reaches holds its x
    /// range (so where it straddles a join, the portal does). A box too flat to
    /// reach inside any box (at most 2 × tolerance tall) is checked against
    /// the union of the boxes at its middle height.
    fn holds_rect(&self, x0: f64, x1: f64, y0: f64, y1: f64) -> bool {
        const TOL: f64 = INSIDE_TOL;
        if y0 < self.first().top - TOL || y1 > self.last().bottom + TOL {
            return false;
        }
        let fits = |left: f64, right: f64| x0 >= left - TOL && x1 <= right + TOL;
        let (ya, yb) = (y0 + TOL, y1 - TOL);
        if ya >= yb {
            let ym = 0.5 * (y0 + y1);
            let i = self.boxes.partition_point(|b| b.bottom < ym - TOL);
            let (mut left, mut right) = (f64::INFINITY, f64::NEG_INFINITY);
            for b in self.boxes[i.min(self.boxes.len())..].iter().take_while(|b| b.top <= ym + TOL) {
                left = left.min(b.left);
                right = right.max(b.right);
            }
            return fits(left, right);
        }
        let mut i = self.box_at(ya);
        loop {
            let b = &self.boxes[i];
            if !fits(b.left, b.right) {
                return false;
            }
            if b.bottom >= yb || i + 1 == self.boxes.len() {
                return true;
            }
            i += 1;
        }
    }

    /// True if the cubic with control points `q` stays in the corridor. The
    /// curve lies in its control points' convex hull, so a piece whose
    /// control box fits is inside; other pieces are halved (de Casteljau)
    /// until they fit, an on-curve point falls outside, or the depth or
    /// [`CHECK_BUDGET`] runs out, when the answer is a conservative "no".
    pub(crate) fn holds_cubic(&self, q: &[Point; 4]) -> bool {
        let mut budget = CHECK_BUDGET;
        self.holds_piece(q, 0, &mut budget)
    }

    fn holds_piece(&self, q: &[Point; 4], depth: u32, budget: &mut u32) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let (mut x0, mut x1, mut y0, mut y1) = (q[0].x, q[0].x, q[0].y, q[0].y);
        for p in &q[1..] {
            x0 = x0.min(p.x);
            x1 = x1.max(p.x);
            y0 = y0.min(p.y);
            y1 = y1.max(p.y);
        }
        if self.holds_rect(x0, x1, y0, y1) {
            return true;
        }
        if depth >= MAX_CHECK_DEPTH || !self.contains(q[0], INSIDE_TOL) || !self.contains(q[3], INSIDE_TOL) {
            return false;
        }
        let (a, b) = split_cubic(q, 0.5);
        self.holds_piece(&a, depth + 1, budget) && self.holds_piece(&b, depth + 1, budget)
    }
}

/// De Casteljau's split of a cubic at `t`: the pieces before and after.
pub(crate) fn split_cubic(q: &[Point; 4], t: f64) -> ([Point; 4], [Point; 4]) {
    let ab = q[0].lerp(q[1], t);
    let bc = q[1].lerp(q[2], t);
    let cd = q[2].lerp(q[3], t);
    let abc = ab.lerp(bc, t);
    let bcd = bc.lerp(cd, t);
    let mid = abc.lerp(bcd, t);
    ([q[0], ab, abc, mid], [mid, bcd, cd, q[3]])
}

/// The Euclidean shortest path from `start` to `end` inside the corridor
/// (both clamped into their end boxes first), as its corner points: the
/// funnel algorithm of Lee and Preparata (1984), in the form of Hershberger
/// and Snoeyink, over the portals. Each box between two portals is convex,
/// so the chain of portals is a triangulated sleeve: crossing a box is the
/// two diagonals (west of the next portal, east of the previous) and
/// (west, east of the next). Each point enters and leaves the funnel's
/// deque once: O(boxes).
pub(crate) fn shortest_path(corridor: &Corridor, start: Point, end: Point) -> Vec<Point> {
    let start = corridor.first().clamp(start);
    let end = corridor.last().clamp(end);
    let mut funnel = Funnel::new(start, corridor.portals.len() + 1);
    for p in &corridor.portals {
        funnel.add_west(Point::new(p.left, p.y));
        funnel.add_east(Point::new(p.right, p.y));
    }
    funnel.add_west(end);
    let mut path = funnel.finish();
    path.dedup_by(|a, b| a.distance(*b) < 1e-9);
    if path.len() == 1 {
        path.push(end);
    }
    path
}

/// The funnel: the path found so far ends at the apex, from which two
/// concave chains (west and east) lead to the ends of the last portal. The
/// deque holds west chain (reversed), apex, east chain, in one array with
/// room for every point on either side.
struct Funnel {
    deque: Vec<Point>,
    front: usize,
    back: usize,
    apex: usize,
    path: Vec<Point>,
}

impl Funnel {
    fn new(start: Point, points_per_side: usize) -> Funnel {
        let mid = points_per_side + 1;
        let mut deque = vec![start; 2 * mid + 1];
        deque[mid] = start;
        Funnel { deque, front: mid, back: mid, apex: mid, path: Vec::with_capacity(points_per_side + 2) }
    }

    /// Adds the west end of the next portal. West-chain corners the new
    /// point sees past (it lies east of, or on, their last edge) are no
    /// longer on a shortest path and leave; if the west chain empties and
    /// the point lies east of the east chain's first edge, that edge's far
    /// end is a corner of the final path and becomes the apex.
    fn add_west(&mut self, p: Point) {
        loop {
            if self.front < self.apex {
                let (a, b) = (self.deque[self.front + 1], self.deque[self.front]);
                if cross(a, b, p) <= 0.0 {
                    self.front += 1;
                    continue;
                }
            } else if self.back > self.apex {
                let (a, b) = (self.deque[self.apex], self.deque[self.apex + 1]);
                if cross(a, b, p) < 0.0 {
                    self.path.push(a);
                    self.apex += 1;
                    self.front = self.apex;
                    continue;
                }
            }
            break;
        }
        self.front -= 1;
        self.deque[self.front] = p;
    }

    /// The mirror image of [`Funnel::add_west`].
    fn add_east(&mut self, p: Point) {
        loop {
            if self.back > self.apex {
                let (a, b) = (self.deque[self.back - 1], self.deque[self.back]);
                if cross(a, b, p) >= 0.0 {
                    self.back -= 1;
                    continue;
                }
            } else if self.front < self.apex {
                let (a, b) = (self.deque[self.apex], self.deque[self.apex - 1]);
                if cross(a, b, p) > 0.0 {
                    self.path.push(a);
                    self.apex -= 1;
                    self.back = self.apex;
                    continue;
                }
            }
            break;
        }
        self.back += 1;
        self.deque[self.back] = p;
    }

    /// The path: the apexes so far, then the west chain to its end, which
    /// is the last point added.
    fn finish(mut self) -> Vec<Point> {
        for i in (self.front..=self.apex).rev() {
            self.path.push(self.deque[i]);
        }
        self.path
    }
}

/// Fits cubic Béziers to `polyline` inside `corridor`; see the module
/// contract. A missing end tangent is taken along the polyline's end
/// segment. The polyline must lie in the corridor (the shortest path does):
/// the straight fallback relies on it. It should be a shortest path: the
/// fit skips curves shorter than it as certain to leave, so another
/// polyline gives a correct but less smooth result.
pub(crate) fn fit_spline(
    corridor: &Corridor,
    polyline: &[Point],
    start_tangent: Option<Vector>,
    end_tangent: Option<Vector>,
) -> Vec<Point> {
    let mut pts: Vec<Point> = Vec::with_capacity(polyline.len());
    for &p in polyline {
        if pts.last().map_or(true, |q: &Point| q.distance(p) > 1e-9) {
            pts.push(p);
        }
    }
    match pts.len() {
        0 => return Vec::new(),
        1 => return vec![pts[0]; 4],
        _ => {}
    }
    let n = pts.len();
    let first_leg = Vector::between(pts[0], pts[1]).unit().unwrap_or(Vector::new(0.0, 1.0));
    let last_leg = Vector::between(pts[n - 2], pts[n - 1]).unit().unwrap_or(Vector::new(0.0, 1.0));
    let start_dir = start_tangent.and_then(Vector::unit).unwrap_or(first_leg);
    let end_dir = end_tangent.and_then(Vector::unit).unwrap_or(last_leg);
    let mut fitter = Fitter { corridor, out: Vec::with_capacity(3 * n + 1), params: Vec::with_capacity(n) };
    fitter.out.push(pts[0]);
    fitter.fit(&pts, start_dir, end_dir, 0);
    fitter.out
}

/// [`shortest_path`] from `start` to `end`, then [`fit_spline`] with the
/// given end tangents.
pub(crate) fn route(corridor: &Corridor, start: Point, end: Point, tangents: EndTangents) -> Vec<Point> {
    let path = shortest_path(corridor, start, end);
    fit_spline(corridor, &path, tangents.start, tangents.end)
}

/// Directions an edge must leave its tail and enter its head in, if any.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct EndTangents {
    pub start: Option<Vector>,
    pub end: Option<Vector>,
}

/// The recursive part of [`fit_spline`], with its output and scratch space.
struct Fitter<'a> {
    corridor: &'a Corridor,
    out: Vec<Point>,
    /// Chord-length parameters of the piece being fitted.
    params: Vec<f64>,
}

impl Fitter<'_> {
    /// Appends cubics from `pts[0]` (already in `out`) to the last point,
    /// leaving along `start_dir` and arriving along `end_dir` (unit vectors).
    fn fit(&mut self, pts: &[Point], start_dir: Vector, end_dir: Vector, depth: u32) {
        let n = pts.len();
        if depth < MAX_SPLIT_DEPTH {
            let length = self.chord_params(pts);
            let (alpha, beta) = least_squares_lengths(pts, &self.params, start_dir, end_dir);
            let (p0, p3) = (pts[0], pts[n - 1]);
            let mut k = 1.0;
            let steps = if n > 2 { SPLITTABLE_SHRINK_STEPS } else { SHRINK_STEPS };
            for _ in 0..steps {
                let q = [p0, offset(p0, start_dir.scaled(alpha * k)), offset(p3, end_dir.scaled(-beta * k)), p3];
                // A shortcut: a curve shorter than the polyline, which is a
                // shortest path, must leave the corridor (Graphviz's test;
                // the control polygon is at least as long as the curve).
                let hull = p0.distance(q[1]) + q[1].distance(q[2]) + q[2].distance(p3);
                let shortcut = hull < length - 1e-9 * (1.0 + length);
                k *= 0.5;
                if !shortcut && near_polyline(&q, pts, &self.params, MAX_DEVIATION) && self.corridor.holds_cubic(&q) {
                    self.out.extend_from_slice(&q[1..]);
                    return;
                }
            }
            if n > 2 {
                let q = [p0, offset(p0, start_dir.scaled(alpha)), offset(p3, end_dir.scaled(-beta)), p3];
                let at = self.farthest_vertex(pts, &q);
                let split_dir = turn_bisector(pts[at - 1], pts[at], pts[at + 1]);
                self.fit(&pts[..=at], start_dir, split_dir, depth + 1);
                self.fit(&pts[at..], split_dir, end_dir, depth + 1);
                return;
            }
        }
        // Straight segments: inside because the polyline is.
        for w in pts.windows(2) {
            self.out.extend_from_slice(&[w[0].lerp(w[1], 1.0 / 3.0), w[0].lerp(w[1], 2.0 / 3.0), w[1]]);
        }
    }

    /// Fills `params` with the polyline's chord-length parameters, 0 to 1,
    /// and returns its length.
    fn chord_params(&mut self, pts: &[Point]) -> f64 {
        self.params.clear();
        let mut total = 0.0;
        self.params.push(0.0);
        for w in pts.windows(2) {
            total += w[0].distance(w[1]);
            self.params.push(total);
        }
        let scale = if total > 0.0 { 1.0 / total } else { 0.0 };
        for t in &mut self.params {
            *t *= scale;
        }
        total
    }

    /// The inner vertex of `pts` farthest from the cubic `q` at its
    /// parameter (ties: the first).
    fn farthest_vertex(&self, pts: &[Point], q: &[Point; 4]) -> usize {
        let (mut farthest, mut farthest_distance) = (1, f64::NEG_INFINITY);
        let inner = pts.iter().zip(&self.params).enumerate().take(pts.len() - 1).skip(1);
        for (i, (p, &t)) in inner {
            let d = cubic_point(q[0], q[1], q[2], q[3], t).distance(*p);
            if d > farthest_distance {
                (farthest, farthest_distance) = (i, d);
            }
        }
        farthest
    }
}

/// The tangent lengths `alpha`, `beta` of the cubic from `pts[0]` along
/// `u` to the last point along `w` that is nearest, in least squares, to
/// the points at their chord-length parameters (Schneider 1990). Writing
/// the cubic as `p0 (B0 + B1) + p3 (B2 + B3) + alpha B1 u - beta B2 w`, the
/// two normal equations give `alpha` and `beta`. Unusable answers (a
/// singular system, or a length ≤ 0, which would turn the curve back) give
/// Schneider's fallback of a third of the chord.
fn least_squares_lengths(pts: &[Point], params: &[f64], u: Vector, w: Vector) -> (f64, f64) {
    let n = pts.len();
    let (p0, p3) = (pts[0], pts[n - 1]);
    let (mut c00, mut c01, mut c11, mut x0, mut x1) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (p, &t) in pts.iter().zip(params) {
        let s = 1.0 - t;
        let (b0, b1, b2, b3) = (s * s * s, 3.0 * s * s * t, 3.0 * s * t * t, t * t * t);
        let a0 = u.scaled(b1);
        let a1 = w.scaled(-b2);
        let base = Point::new(p0.x * (b0 + b1) + p3.x * (b2 + b3), p0.y * (b0 + b1) + p3.y * (b2 + b3));
        let r = Vector::between(base, *p);
        c00 += a0.dot(a0);
        c01 += a0.dot(a1);
        c11 += a1.dot(a1);
        x0 += a0.dot(r);
        x1 += a1.dot(r);
    }
    let det = c00 * c11 - c01 * c01;
    let fallback = p0.distance(p3) / 3.0;
    if det.abs() < 1e-12 {
        return (fallback, fallback);
    }
    let alpha = (x0 * c11 - x1 * c01) / det;
    let beta = (c00 * x1 - c01 * x0) / det;
    if alpha > 1e-9 && beta > 1e-9 && alpha.is_finite() && beta.is_finite() {
        let cap = TANGENT_CAP * p0.distance(p3);
        (alpha.min(cap), beta.min(cap))
    } else {
        (fallback, fallback)
    }
}

/// The unit direction halfway between the legs into and out of `at`.
fn turn_bisector(before: Point, at: Point, after: Point) -> Vector {
    let inward = Vector::between(before, at).unit().unwrap_or(Vector::new(0.0, 1.0));
    let outward = Vector::between(at, after).unit().unwrap_or(inward);
    Vector::new(inward.x + outward.x, inward.y + outward.y).unit().unwrap_or(outward)
}

/// The cubics of a spline `[p0, c1, c2, p1, ...]`, as control point arrays.
pub(crate) fn cubics(spline: &[Point]) -> impl Iterator<Item = [Point; 4]> + '_ {
    let count = if spline.len() >= 4 { (spline.len() - 1) / 3 } else { 0 };
    (0..count).map(move |i| [spline[3 * i], spline[3 * i + 1], spline[3 * i + 2], spline[3 * i + 3]])
}

/// The spline as a drawable path: a move to its start, then its cubics.
pub(crate) fn to_path(spline: &[Point]) -> Path {
    let mut commands = Vec::with_capacity(spline.len() / 3 + 1);
    if let Some(&p0) = spline.first() {
        commands.push(PathCommand::MoveTo(p0));
    }
    commands.extend(cubics(spline).map(|q| PathCommand::CubicTo(q[1], q[2], q[3])));
    Path { commands }
}

/// Which end of an edge a clip applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EdgeEnd {
    /// The first point: the curve is cut where it leaves the tail's outline.
    Tail,
    /// The last point: the curve is cut where it enters the head's outline.
    Head,
}

/// Samples along the crossing cubic when looking for the outline: a
/// crossing between two samples that are both inside or both outside (a
/// curve grazing an outline corner) is not seen.
const CLIP_SAMPLES: usize = 16;

/// How close (in units) the bisection brackets the outline crossing.
const CLIP_PRECISION: f64 = 1e-7;

/// Most bisection steps, whatever the precision reached.
const MAX_CLIP_BISECTIONS: usize = 60;

/// A kept piece shorter than this (control polygon length) is dropped in
/// favour of the previous cubic's end, so the end keeps a control segment
/// long enough to survive SVG's 3-decimal rounding and aim the arrowhead.
const MIN_END_PIECE: f64 = 0.01;

/// Cuts `spline` (`[p0, c1, c2, p1, ...]`) at `end` where it meets the
/// outline whose inside `inside` tests. Walking back from that end, cubics
/// that start inside are dropped whole; in the first that starts outside,
/// the cut is at the crossing nearest its far end (found between samples,
/// then by bisection). The cut point lies on the outline (within
/// [`CLIP_PRECISION`], on the outside), and the cut cubic's control segment
/// there points along the curve. A spline whose end point is not inside, or
/// that is inside everywhere, comes back unchanged, as does malformed input
/// (not 3k + 1 points). The inside test runs about 20 + cubics-inside +
/// [`CLIP_SAMPLES`] times per end.
pub(crate) fn clip_at_outline(spline: &[Point], end: EdgeEnd, inside: impl Fn(Point) -> bool) -> Vec<Point> {
    match end {
        EdgeEnd::Head => clip_head(spline, &inside),
        EdgeEnd::Tail => {
            let reversed: Vec<Point> = spline.iter().rev().copied().collect();
            let mut clipped = clip_head(&reversed, &inside);
            clipped.reverse();
            clipped
        }
    }
}

fn clip_head(spline: &[Point], inside: &dyn Fn(Point) -> bool) -> Vec<Point> {
    let n = spline.len();
    if n < 4 || (n - 1) % 3 != 0 || !inside(spline[n - 1]) {
        return spline.to_vec();
    }
    let count = (n - 1) / 3;
    let Some(ci) = (0..count).rev().find(|&ci| !inside(spline[3 * ci])) else {
        return spline.to_vec();
    };
    let q = [spline[3 * ci], spline[3 * ci + 1], spline[3 * ci + 2], spline[3 * ci + 3]];
    let at = |t: f64| cubic_point(q[0], q[1], q[2], q[3], t);
    // From the end backwards: the first sample outside (t = 0 is).
    let step = 1.0 / CLIP_SAMPLES as f64;
    let j = (1..CLIP_SAMPLES).rev().find(|&j| !inside(at(j as f64 * step))).unwrap_or(0);
    let (mut outside_t, mut inside_t) = (j as f64 * step, (j + 1) as f64 * step);
    let (mut outside_p, mut inside_p) = (at(outside_t), at(inside_t));
    for _ in 0..MAX_CLIP_BISECTIONS {
        if outside_p.distance(inside_p) <= CLIP_PRECISION {
            break;
        }
        let mid = 0.5 * (outside_t + inside_t);
        let p = at(mid);
        if inside(p) {
            (inside_t, inside_p) = (mid, p);
        } else {
            (outside_t, outside_p) = (mid, p);
        }
    }
    let (kept, _) = split_cubic(&q, outside_t);
    let hull = kept[0].distance(kept[1]) + kept[1].distance(kept[2]) + kept[2].distance(kept[3]);
    if hull < MIN_END_PIECE && ci > 0 {
        return spline[..=3 * ci].to_vec();
    }
    let mut out = spline[..3 * ci].to_vec();
    out.extend_from_slice(&kept);
    out
}

/// An inside test for a simple polygon (even–odd rule): the form
/// [`clip_at_outline`] takes, from a node outline given as its corners.
pub(crate) fn inside_polygon(corners: &[Point]) -> impl Fn(Point) -> bool + '_ {
    move |p: Point| {
        let n = corners.len();
        let mut inside = false;
        for i in 0..n {
            let (a, b) = (corners[i], corners[(i + n - 1) % n]);
            if (a.y > p.y) != (b.y > p.y) {
                let x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
                if p.x < x {
                    inside = !inside;
                }
            }
        }
        inside
    }
}


/// The cubic approximation of a quarter ellipse puts its control points this
/// fraction of the semi-axis from the ends (4(√2 − 1)/3).
const QUARTER_ELLIPSE: f64 = 0.552_284_749_830_793_4;

/// A flat edge (tail and head on one rank) as an arc through the gap
/// between ranks: from `tail` straight towards the lane at height `lane_y`,
/// along it, and straight from it into `head`. `tail` and `head` are points
/// on the nodes' sides facing the lane (their tops for a lane above, their
/// bottoms for one below). The arc is two quarter-ellipse-like cubics
/// meeting at the lane midway between the ends, so it reaches the lane
/// exactly and every control point (hence the whole curve) lies in the box
/// spanned by the two ends and the lane; the arrowhead arrives along the
/// lane-to-head direction (straight down for a lane above). A lane that is
/// not beyond both ends gives a straight cubic from `tail` to `head`.
pub(crate) fn flat_route(tail: Point, head: Point, lane_y: f64) -> Vec<Point> {
    let beyond = (lane_y < tail.y && lane_y < head.y) || (lane_y > tail.y && lane_y > head.y);
    if !beyond || !lane_y.is_finite() {
        return vec![tail, tail.lerp(head, 1.0 / 3.0), tail.lerp(head, 2.0 / 3.0), head];
    }
    let k = QUARTER_ELLIPSE;
    let apex = Point::new(0.5 * (tail.x + head.x), lane_y);
    vec![
        tail,
        Point::new(tail.x, tail.y + k * (lane_y - tail.y)),
        Point::new(apex.x + k * (tail.x - apex.x), lane_y),
        apex,
        Point::new(apex.x + k * (head.x - apex.x), lane_y),
        Point::new(head.x, head.y + k * (lane_y - head.y)),
        head,
    ]
}

/// The side of its node a self loop is drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoopSide {
    /// Larger x, as dot draws them.
    Right,
    /// Smaller x.
    Left,
}

/// A self loop on `side` of the box `node`: a half ellipse that leaves the
/// box's side `spread` above its middle, reaches `reach` units out, and
/// comes back `spread` below the middle, arriving straight at the side (so
/// the arrowhead points into the node). `spread` is held to half the box's
/// height and `reach` to ≥ 0. The curve (two cubics, 7 points) lies in the
/// box from the side to `reach` out and `spread` either way of the middle,
/// which is the room the layout must keep free. The ends are on the box:
/// for a round or diamond node the caller passes the box of the shape's
/// width at those heights.
pub(crate) fn self_loop(node: Span, reach: f64, spread: f64, side: LoopSide) -> Vec<Point> {
    let reach = reach.max(0.0);
    let spread = spread.clamp(0.0, 0.5 * node.height().max(0.0));
    let mid_y = 0.5 * (node.top + node.bottom);
    let (side_x, out) = match side {
        LoopSide::Right => (node.right, reach),
        LoopSide::Left => (node.left, -reach),
    };
    let k = QUARTER_ELLIPSE;
    vec![
        Point::new(side_x, mid_y - spread),
        Point::new(side_x + k * out, mid_y - spread),
        Point::new(side_x + out, mid_y - k * spread),
        Point::new(side_x + out, mid_y),
        Point::new(side_x + out, mid_y + k * spread),
        Point::new(side_x + k * out, mid_y + spread),
        Point::new(side_x, mid_y + spread),
    ]
}

/// True if every sample of cubic `q` (at [`DEVIATION_SAMPLES`] parameters)
/// lies within `tol` of the polyline `pts`, whose chord-length parameters
/// are `params`. A sample at parameter t is first compared with the
/// segments around the one holding t (where a fitted cubic runs), and only
/// if none is near with all of them: O(1) per sample but for the last one
/// of a failing cubic.
fn near_polyline(q: &[Point; 4], pts: &[Point], params: &[f64], tol: f64) -> bool {
    const AROUND: usize = 2;
    let tol_squared = tol * tol;
    let near = |p: Point, from: usize, to: usize| pts[from..=to].windows(2).any(|w| point_segment_distance_squared(p, w[0], w[1]) <= tol_squared);
    let last = pts.len() - 1;
    (1..DEVIATION_SAMPLES).all(|i| {
        let t = i as f64 / DEVIATION_SAMPLES as f64;
        let p = cubic_point(q[0], q[1], q[2], q[3], t);
        let at = params.partition_point(|&u| u <= t).saturating_sub(1).min(last.saturating_sub(1));
        near(p, at.saturating_sub(AROUND), (at + 1 + AROUND).min(last)) || near(p, 0, last)
    })
}

/// The squared distance from `p` to the segment `a`–`b` (squared: no
/// square root in the fit's innermost loop).
fn point_segment_distance_squared(p: Point, a: Point, b: Point) -> f64 {
    let ab = Vector::between(a, b);
    let len2 = ab.dot(ab);
    let t = if len2 > 0.0 { (Vector::between(a, p).dot(ab) / len2).clamp(0.0, 1.0) } else { 0.0 };
    let gap = Vector::between(offset(a, ab.scaled(t)), p);
    gap.dot(gap)
}
