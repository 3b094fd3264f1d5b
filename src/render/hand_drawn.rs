//! The handDrawn look (`look: handDrawn`): node outlines, cluster boxes and
//! edges sketched with [`super::rough`], fills drawn as hachure, as mermaid
//! 12.3 draws them with rough.js.
//!
//! The SVG writer ([`super::svg`]) decides colours and classes as for the
//! classic look and calls in here at three places: where a node's outline
//! part, a cluster's box and an edge's path data are written. This module
//! picks mermaid's rough.js parameters for each and writes the elements.
//!
//! Mermaid's parameters (its `userNodeOverrides`, `solidStateFill`,
//! `clusters.js` and `insertEdge`):
//! - node shapes: roughness 0.7, hachure in the node's fill colour, 1.5 px
//!   lines 1.5 px apart (rough rounds the gap to 2) at rough's -41°, outline
//!   1.3 px wide unless the author's style sets a width;
//! - solid small shapes (start circle, fork bar): hachure at 120° in the
//!   line colour, outline 1 px;
//! - clusters: roughness 0.7, hachure 3 px wide in the cluster colour;
//! - edges: roughness 0.3, stroke only.
//!
//! Every element's strokes come from a random sequence of its own, started
//! at its seed, as rough.js restarts at the seed for every element mermaid
//! draws. With `handDrawnSeed` set, every element uses that seed (mermaid's
//! behaviour: boxes of one size wobble alike). Seed 0 is mermaid's
//! "random"; here each element then gets a fixed seed made from its kind
//! and id, so the picture varies like mermaid's and stays byte-identical
//! from run to run.

use super::rough::{fill_polygons, EllipseShape, Options, Pencil, Segment};
use super::svg::escape;
use crate::flowchart::StyleDecl;
use crate::geom::{cubic_point, Num as n, Path, PathCommand, PathPiece, Point, Rect, MAX_COORDINATE};
use crate::layout::Layout;
use crate::shape::geometry::{is_round, Paint};
use crate::shape::Shape;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Node outlines: mermaid's `userNodeOverrides` (roughness 0.7, hachure
/// gap 1.5 at rough's default angle).
const NODE: Options = Options::ROUGH_DEFAULTS.with_roughness(0.7).with_hachure(-41.0, 1.5);
/// Solid small shapes: mermaid's `solidStateFill`.
const SOLID: Options = Options::ROUGH_DEFAULTS.with_roughness(0.7).with_hachure(120.0, 1.5);
/// Edges: `insertEdge`'s `rc.path(…, { roughness: 0.3 })`.
const EDGE: Options = Options::ROUGH_DEFAULTS.with_roughness(0.3);
/// Width of a node's hachure lines (`fillWeight`).
const NODE_FILL_WEIGHT: &str = "1.5";
/// Width of a cluster's hachure lines.
const CLUSTER_FILL_WEIGHT: &str = "3";
/// Outline width when the author sets none (`strokeWidth: 1.3`).
const OUTLINE_WIDTH: &str = "1.3px";
/// Mixed into every per-element seed when `handDrawnSeed` is 0, so that the
/// fixed seeds are mmdflow's own.
const SEED_BASE: u64 = 0x6d6d_6466_6c6f_7721;

/// How elements get their seeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SeedRule {
    /// `handDrawnSeed` set: every element starts at it.
    Same(u32),
    /// `handDrawnSeed` 0: a fixed seed per element.
    PerElement,
}

/// The handDrawn drawing of one diagram.
#[derive(Debug, Clone)]
pub(super) struct HandDrawn {
    seeds: SeedRule,
}

/// One part of a node's outline, with what the SVG writer resolved for it.
pub(super) struct NodePart<'a> {
    /// The node's id.
    pub id: &'a str,
    /// The node's shape.
    pub shape: Shape,
    /// The node's box.
    pub rect: &'a Rect,
    /// Which part of the outline (0 is the body).
    pub index: usize,
    /// The part's path.
    pub path: &'a Path,
    /// How the part is painted.
    pub paint: Paint,
    /// The part's style declarations (fill, stroke, widths, …), unescaped.
    pub css: &'a BTreeMap<String, String>,
    /// The classes the classic look gives the part (the dark palette's
    /// `mf-fill-*` / `mf-stroke-*` among them).
    pub class: &'a str,
    /// The author's declarations for the node (`classDef`, `style`).
    pub author: &'a [StyleDecl],
}

impl HandDrawn {
    /// The handDrawn drawing, if the diagram's look is handDrawn.
    pub(super) fn of(layout: &Layout) -> Option<HandDrawn> {
        if layout.config.look != Some(crate::config::Look::HandDrawn) {
            return None;
        }
        let seeds = match layout.config.hand_drawn_seed {
            Some(seed) if seed != 0 => SeedRule::Same(seed),
            _ => SeedRule::PerElement,
        };
        Some(HandDrawn { seeds })
    }

    /// The seed of the element named by `key` (its kind and id).
    fn seed(&self, key: &[&str]) -> u32 {
        match self.seeds {
            SeedRule::Same(seed) => seed,
            SeedRule::PerElement => {
                // FNV-1a over the key's parts, each ended by a 0 byte.
                let mut h = SEED_BASE;
                for part in key {
                    for b in part.bytes().chain([0]) {
                        h ^= u64::from(b);
                        h = h.wrapping_mul(0x0000_0100_0000_01b3);
                    }
                }
                let folded = (h ^ (h >> 32)) as u32;
                folded.max(1)
            }
        }
    }

    /// Writes a node's outline part as a group of its fill (hachure, or
    /// solid where mermaid fills solid) and its sketched outline (mermaid's
    /// rough node: the fill path first).
    pub(super) fn write_node_part(&self, out: &mut String, part: &NodePart<'_>) {
        let sketch = PartSketch::of(part.shape, part.index, part.paint);
        let index = part.index.to_string();
        let mut pencil = Pencil::new(sketch.options, self.seed(&["node", part.id, &index]));
        let covers = covering_parts(part);
        let outline = SketchedOutline::draw(&mut pencil, part.shape, part.path, &covers);
        let fill_colour = match part.paint {
            Paint::Line => None,
            // Mermaid's braces sketch their box with `fill: "none"` (the
            // classic look's fill comes from its style sheet).
            Paint::Fill if is_brace(part.shape) => None,
            Paint::Body | Paint::Solid | Paint::Fill => visible(part.css.get("fill")),
        };
        let stroke_colour = match part.paint {
            Paint::Fill => None,
            Paint::Body | Paint::Line | Paint::Solid => visible(part.css.get("stroke")),
        };
        if fill_colour.is_none() && stroke_colour.is_none() {
            return;
        }
        let mut fill = Vec::new();
        if fill_colour.is_some() {
            outline.fill(&mut pencil, sketch.fill, &covers, &mut fill);
        }
        let classes = PaletteClasses::split(part.class);
        let _ = write!(out, "<g class=\"{}\">", classes.base);
        if let Some(colour) = fill_colour {
            match sketch.fill {
                FillStyle::Hachure => write_hachure(out, fill, colour, NODE_FILL_WEIGHT, part.css, &classes.fill_as_stroke()),
                FillStyle::Solid => write_solid(out, fill, colour, part.css, &classes.fill()),
            }
        }
        if stroke_colour.is_some() {
            let author_width = part.author.iter().any(|d| d.property.trim().eq_ignore_ascii_case("stroke-width"));
            let width = sketch.outline_width.filter(|_| !author_width);
            write_outline(out, outline.strokes, part.css, width, &classes.stroke());
        }
        out.push_str("</g>");
    }

    /// Writes a cluster's box: hachure in the cluster colour and a sketched
    /// outline (mermaid's `rect` cluster). `dark_classes` are the dark
    /// palette's classes for the box.
    pub(super) fn write_cluster_box(&self, out: &mut String, id: &str, rect: &Rect, css: &BTreeMap<String, String>, dark_classes: &str, author: &[StyleDecl]) {
        let mut pencil = Pencil::new(NODE, self.seed(&["cluster", id]));
        let corners = [
            Point::new(rect.left(), rect.top()),
            Point::new(rect.right(), rect.top()),
            Point::new(rect.right(), rect.bottom()),
            Point::new(rect.left(), rect.bottom()),
        ];
        let mut outline = Vec::new();
        pencil.polygon(&corners, &mut outline);
        let classes = PaletteClasses::split(dark_classes);
        out.push_str("<g class=\"cluster-box\">");
        if let Some(colour) = visible(css.get("fill")) {
            let mut hachure = Vec::new();
            pencil.hachure(&[corners.to_vec()], &mut hachure);
            write_hachure(out, hachure, colour, CLUSTER_FILL_WEIGHT, css, &classes.fill_as_stroke());
        }
        if visible(css.get("stroke")).is_some() {
            let author_width = author.iter().any(|d| d.property.trim().eq_ignore_ascii_case("stroke-width"));
            write_outline(out, outline, css, (!author_width).then_some(OUTLINE_WIDTH), &classes.stroke());
        }
        out.push_str("</g>");
    }

    /// Appends the path data of edge number `index` (id `id`), sketched.
    pub(super) fn write_edge_path_data(&self, out: &mut String, id: &str, index: usize, path: &Path) {
        let index = index.to_string();
        let mut pencil = Pencil::new(EDGE, self.seed(&["edge", id, &index]));
        let mut strokes = Vec::new();
        pencil.path(path, &mut strokes);
        write_sketch_data(out, &strokes);
    }
}

/// How a fill is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FillStyle {
    /// rough's `hachure`: sketched parallel lines.
    Hachure,
    /// rough's `solid`: the outline sketched again, filled.
    Solid,
}

/// Mermaid's rough options for one part of a node's outline.
#[derive(Debug, Clone, Copy)]
struct PartSketch {
    options: Options,
    fill: FillStyle,
    /// Mermaid's outline width for the part, used unless the author's
    /// style sets one (`None`: the width the classic look gives it).
    outline_width: Option<&'static str>,
}

impl PartSketch {
    /// The options mermaid's shape handler passes to rough for this part.
    fn of(shape: Shape, index: usize, paint: Paint) -> PartSketch {
        let sketch = |options, fill, outline_width| PartSketch { options, fill, outline_width };
        match (shape, paint) {
            // `doubleCircle`: roughness 0.2, a 2.5 px outer and 1.5 px
            // inner ring.
            (Shape::DoubleCircle, _) => sketch(NODE.with_roughness(0.2), FillStyle::Hachure, Some(if index == 0 { "2.5px" } else { "1.5px" })),
            // `filledCircle` and `anchor` fill solid.
            (Shape::FilledCircle | Shape::Anchor, Paint::Solid) => sketch(NODE, FillStyle::Solid, None),
            // `stateEnd`: 2 px rings, the inner one solid.
            (Shape::FramedCircle, Paint::Solid) => sketch(NODE, FillStyle::Solid, Some("2px")),
            (Shape::FramedCircle, _) => sketch(NODE, FillStyle::Hachure, Some("2px")),
            // `stateStart` and `forkJoin`: hachure in the line colour.
            (_, Paint::Solid) => sketch(SOLID, FillStyle::Hachure, None),
            _ => sketch(NODE, FillStyle::Hachure, Some(OUTLINE_WIDTH)),
        }
    }
}

/// A part's sketched outline and what its fill covers.
struct SketchedOutline {
    /// The outline's strokes.
    strokes: Vec<PathCommand>,
    /// The polygons the fill covers.
    polygons: Vec<Vec<Point>>,
    /// The wobbly ellipse, when the part is one (a solid fill sketches it
    /// again).
    ellipse: Option<EllipseShape>,
}

impl SketchedOutline {
    /// Sketches `path`: a round shape's ellipse as rough sketches ellipses,
    /// any other outline piece by piece, leaving out what `covers` hides.
    fn draw(pencil: &mut Pencil, shape: Shape, path: &Path, covers: &[Vec<Point>]) -> SketchedOutline {
        let mut strokes = Vec::new();
        if let Some(ellipse) = ellipse_of(shape, path) {
            let ellipse = pencil.ellipse_shape(ellipse.center(), ellipse.width, ellipse.height);
            let polygon = pencil.ellipse_strokes(&ellipse, &mut strokes);
            return SketchedOutline { strokes, polygons: vec![polygon], ellipse: Some(ellipse) };
        }
        let shown = if covers.is_empty() { path.clone() } else { uncovered_path(path, covers) };
        pencil.path(&shown, &mut strokes);
        // rough's `path`: the fill follows the path flattened, simplified to
        // within (1 + roughness) / 2 px.
        SketchedOutline { strokes, polygons: fill_polygons(path, (1.0 + NODE.roughness) / 2.0), ellipse: None }
    }

    /// Draws the fill into `out`, after the outline (rough's order of
    /// random numbers), leaving out what `covers` hides.
    fn fill(&self, pencil: &mut Pencil, style: FillStyle, covers: &[Vec<Point>], out: &mut Vec<PathCommand>) {
        match (style, &self.ellipse) {
            (FillStyle::Hachure, _) => {
                let mut lines = pencil.hachure_segments(&self.polygons);
                if !covers.is_empty() {
                    lines = lines.iter().flat_map(|l| uncovered_pieces(l.from, l.to, covers)).collect();
                }
                pencil.lines(&lines, out);
            }
            (FillStyle::Solid, Some(ellipse)) => {
                pencil.ellipse_strokes(ellipse, out);
            }
            (FillStyle::Solid, None) => pencil.solid_polygons(&self.polygons, out),
        }
    }
}

/// The polygons of the parts drawn over this one that hide it: the front
/// copies of a stack (`st-rect`, `docs`). Mermaid draws those shapes as one
/// silhouette; hachure is not opaque, so the copies behind are drawn only
/// where they show.
fn covering_parts(part: &NodePart<'_>) -> Vec<Vec<Point>> {
    if !matches!(part.shape, Shape::StackedRect | Shape::Documents) {
        return Vec::new();
    }
    crate::shape::geometry::outline(part.shape, part.rect)
        .iter()
        .skip(part.index + 1)
        .filter(|p| p.paint == Paint::Body)
        .flat_map(|p| fill_polygons(&p.path, 0.1))
        .collect()
}

/// The pieces of `path` outside every polygon of `covers`: lines cut where
/// they cross, a curve kept whole if it stays outside, else replaced by
/// the visible parts of its polyline.
fn uncovered_path(path: &Path, covers: &[Vec<Point>]) -> Path {
    let mut out = PiecePath::default();
    for segment in path.segments() {
        match segment {
            PathPiece::Line { from, to } => out.add_line_pieces(from, to, covers),
            PathPiece::Cubic { from, c1, c2, to } => {
                let steps = crate::geom::cubic_steps(from, c1, c2, to, 2.0);
                let points: Vec<Point> = (0..=steps).map(|i| cubic_point(from, c1, c2, to, i as f64 / steps as f64)).collect();
                let whole = points.windows(2).all(|w| matches!(uncovered_pieces(w[0], w[1], covers).as_slice(), [s] if s.from == w[0] && s.to == w[1]));
                if whole {
                    out.move_to(from);
                    out.path.commands.push(PathCommand::CubicTo(c1, c2, to));
                    out.pen = Some(to);
                } else {
                    for w in points.windows(2) {
                        out.add_line_pieces(w[0], w[1], covers);
                    }
                }
            }
        }
    }
    out.path
}

/// A path built from visible pieces, joined where one ends at the next's
/// start.
#[derive(Default)]
struct PiecePath {
    path: Path,
    /// Where the last piece ended.
    pen: Option<Point>,
}

impl PiecePath {
    fn move_to(&mut self, p: Point) {
        if self.pen.is_none_or(|pen| pen.distance(p) > 1e-9) {
            self.path.commands.push(PathCommand::MoveTo(p));
        }
        self.pen = Some(p);
    }

    fn add_line_pieces(&mut self, a: Point, b: Point, covers: &[Vec<Point>]) {
        for piece in uncovered_pieces(a, b, covers) {
            self.move_to(piece.from);
            self.path.commands.push(PathCommand::LineTo(piece.to));
            self.pen = Some(piece.to);
        }
    }
}

/// The parts of segment `a`–`b` outside every polygon of `covers` (even-odd
/// inside test at the middle of each stretch between crossings).
fn uncovered_pieces(a: Point, b: Point, covers: &[Vec<Point>]) -> Vec<Segment> {
    let mut cuts = vec![0.0, 1.0];
    for polygon in covers {
        for (i, &p) in polygon.iter().enumerate() {
            let q = polygon[(i + 1) % polygon.len()];
            if let Some(t) = crossing(a, b, p, q) {
                cuts.push(t);
            }
        }
    }
    cuts.sort_by(f64::total_cmp);
    let mut pieces: Vec<Segment> = Vec::new();
    for pair in cuts.windows(2) {
        let (t0, t1) = (pair[0], pair[1]);
        if t1 - t0 < 1e-9 || covers.iter().any(|poly| contains(poly, a.lerp(b, (t0 + t1) / 2.0))) {
            continue;
        }
        let (from, to) = (if t0 == 0.0 { a } else { a.lerp(b, t0) }, if t1 == 1.0 { b } else { a.lerp(b, t1) });
        match pieces.last_mut() {
            Some(last) if last.to == from => last.to = to,
            _ => pieces.push(Segment { from, to }),
        }
    }
    pieces
}

/// Where segment `a`–`b` crosses segment `p`–`q`, as a fraction of `a`–`b`
/// strictly inside (0, 1).
fn crossing(a: Point, b: Point, p: Point, q: Point) -> Option<f64> {
    let (rx, ry, sx, sy) = (b.x - a.x, b.y - a.y, q.x - p.x, q.y - p.y);
    let denominator = rx * sy - ry * sx;
    if denominator.abs() < 1e-12 {
        return None;
    }
    let t = ((p.x - a.x) * sy - (p.y - a.y) * sx) / denominator;
    let u = ((p.x - a.x) * ry - (p.y - a.y) * rx) / denominator;
    (t > 0.0 && t < 1.0 && (0.0..=1.0).contains(&u)).then_some(t)
}

/// Even-odd point in polygon.
fn contains(polygon: &[Point], p: Point) -> bool {
    let mut inside = false;
    for (i, &a) in polygon.iter().enumerate() {
        let b = polygon[(i + 1) % polygon.len()];
        if (a.y > p.y) != (b.y > p.y) && p.x < a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y) {
            inside = !inside;
        }
    }
    inside
}

/// The box of a round shape's part that is a whole ellipse (one move, four
/// quarter arcs, close: how [`crate::shape::geometry`] draws them).
fn ellipse_of(shape: Shape, path: &Path) -> Option<Rect> {
    if !(is_round(shape) || shape == Shape::Anchor) {
        return None;
    }
    let mut ends = Vec::with_capacity(5);
    match path.commands.as_slice() {
        [PathCommand::MoveTo(start), arcs @ .., PathCommand::Close] if arcs.len() == 4 => {
            ends.push(*start);
            for arc in arcs {
                match arc {
                    PathCommand::CubicTo(_, _, end) => ends.push(*end),
                    _ => return None,
                }
            }
        }
        _ => return None,
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for p in &ends {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    Some(Rect::new((x0 + x1) / 2.0, (y0 + y1) / 2.0, x1 - x0, y1 - y0))
}

fn is_brace(shape: Shape) -> bool {
    matches!(shape, Shape::BraceLeft | Shape::BraceRight | Shape::Braces)
}

/// A colour that paints something: not missing, `none` or `transparent`.
fn visible(colour: Option<&String>) -> Option<&str> {
    colour.map(String::as_str).filter(|c| !c.eq_ignore_ascii_case("none") && !c.eq_ignore_ascii_case("transparent"))
}

/// Writes hachure strokes in the fill colour (`fill-opacity` becomes the
/// lines' `stroke-opacity`, as mermaid's `backgroundStyles` with `fill`
/// replaced by `stroke`). One path per fill.
fn write_hachure(out: &mut String, strokes: Vec<PathCommand>, colour: &str, weight: &str, css: &BTreeMap<String, String>, class: &str) {
    if !open_sketch_path(out, &strokes, class) {
        return;
    }
    let _ = write!(out, "\" style=\"fill:none;stroke:{};stroke-width:{weight}", escape(colour));
    if let Some(o) = css.get("fill-opacity") {
        let _ = write!(out, ";stroke-opacity:{}", escape(o));
    }
    if let Some(o) = css.get("opacity") {
        let _ = write!(out, ";opacity:{}", escape(o));
    }
    out.push_str("\"/>");
}

/// Starts a `<path>` of sketched `strokes` with `class`, up to the end of
/// its `d` value; writes nothing and returns false when there are none.
fn open_sketch_path(out: &mut String, strokes: &[PathCommand], class: &str) -> bool {
    if strokes.is_empty() {
        return false;
    }
    out.push_str("<path");
    write_class(out, class);
    out.push_str(" d=\"");
    write_sketch_data(out, strokes);
    true
}

/// Writes a solid fill: the sketched shape filled, no stroke.
fn write_solid(out: &mut String, strokes: Vec<PathCommand>, colour: &str, css: &BTreeMap<String, String>, class: &str) {
    if !open_sketch_path(out, &strokes, class) {
        return;
    }
    let _ = write!(out, "\" style=\"fill:{};stroke:none", escape(colour));
    for key in ["fill-opacity", "opacity"] {
        if let Some(v) = css.get(key) {
            let _ = write!(out, ";{key}:{}", escape(v));
        }
    }
    out.push_str("\"/>");
}

/// Writes the sketched outline with the part's stroke declarations, no fill,
/// and `width` unless the style sets one the author chose.
fn write_outline(out: &mut String, strokes: Vec<PathCommand>, css: &BTreeMap<String, String>, width: Option<&str>, class: &str) {
    if strokes.is_empty() {
        return;
    }
    out.push_str("<path");
    write_class(out, class);
    out.push_str(" d=\"");
    write_sketch_data(out, &strokes);
    out.push_str("\" style=\"fill:none");
    for (k, v) in css {
        let value = match k.as_str() {
            "fill" | "fill-opacity" => continue,
            "stroke-width" => width.unwrap_or(v),
            _ => v,
        };
        let _ = write!(out, ";{}:{}", escape(k), escape(value));
    }
    out.push_str("\"/>");
}

/// Writes sketched strokes as path data: moves absolute, curves and lines
/// relative to the point before (a sketch is thousands of short strokes, and
/// their offsets are shorter numbers than their positions). Every point is
/// rounded to thousandths first and the offsets taken between rounded
/// points, so the rounding does not add up along a stroke: each point lands
/// where the writer's absolute numbers would put it.
fn write_sketch_data(out: &mut String, strokes: &[PathCommand]) {
    let thousandths = |v: f64| if v.is_finite() { (v.clamp(-MAX_COORDINATE, MAX_COORDINATE) * 1000.0).round() as i64 } else { 0 };
    let at = |p: Point| (thousandths(p.x), thousandths(p.y));
    let mut current = (0i64, 0i64);
    // One point as offsets from `from`; a separator only where the number
    // does not start with its own minus sign.
    let pair = |out: &mut String, p: (i64, i64), from: (i64, i64), first: bool| {
        let (dx, dy) = (p.0 - from.0, p.1 - from.1);
        if !first && dx >= 0 {
            out.push(' ');
        }
        let _ = write!(out, "{}", n(dx as f64 / 1000.0));
        if dy >= 0 {
            out.push(',');
        }
        let _ = write!(out, "{}", n(dy as f64 / 1000.0));
    };
    for command in strokes {
        match *command {
            PathCommand::MoveTo(p) => {
                out.push('M');
                current = at(p);
                pair(out, current, (0, 0), true);
            }
            PathCommand::LineTo(p) => {
                out.push('l');
                let q = at(p);
                pair(out, q, current, true);
                current = q;
            }
            PathCommand::CubicTo(c1, c2, p) => {
                out.push('c');
                pair(out, at(c1), current, true);
                pair(out, at(c2), current, false);
                let q = at(p);
                pair(out, q, current, false);
                current = q;
            }
            PathCommand::Close => out.push('Z'),
        }
    }
}

fn write_class(out: &mut String, class: &str) {
    if !class.is_empty() {
        let _ = write!(out, " class=\"{class}\"");
    }
}

/// A class list split into the dark palette's paint classes and the rest.
struct PaletteClasses<'a> {
    /// Everything else, as given.
    base: String,
    /// The roles of `mf-fill-<role>`.
    fill_roles: Vec<&'a str>,
    /// The roles of `mf-stroke-<role>`.
    stroke_roles: Vec<&'a str>,
}

impl<'a> PaletteClasses<'a> {
    fn split(class: &'a str) -> PaletteClasses<'a> {
        let mut base = Vec::new();
        let (mut fill_roles, mut stroke_roles) = (Vec::new(), Vec::new());
        for token in class.split_whitespace() {
            if let Some(role) = token.strip_prefix("mf-fill-") {
                fill_roles.push(role);
            } else if let Some(role) = token.strip_prefix("mf-stroke-") {
                stroke_roles.push(role);
            } else {
                base.push(token);
            }
        }
        PaletteClasses { base: base.join(" "), fill_roles, stroke_roles }
    }

    /// Classes for hachure: it strokes in the fill's colour, so a dark
    /// palette must repaint its stroke with the fill's role.
    fn fill_as_stroke(&self) -> String {
        self.fill_roles.iter().map(|r| format!("mf-stroke-{r}")).collect::<Vec<_>>().join(" ")
    }

    /// Classes for a solid fill.
    fn fill(&self) -> String {
        self.fill_roles.iter().map(|r| format!("mf-fill-{r}")).collect::<Vec<_>>().join(" ")
    }

    /// Classes for the outline.
    fn stroke(&self) -> String {
        self.stroke_roles.iter().map(|r| format!("mf-stroke-{r}")).collect::<Vec<_>>().join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_classes_move_fill_roles_to_the_hachure_stroke() {
        let c = PaletteClasses::split("basic label-container mf-fill-nf mf-stroke-nb");
        assert_eq!(c.base, "basic label-container");
        assert_eq!(c.fill_as_stroke(), "mf-stroke-nf");
        assert_eq!(c.stroke(), "mf-stroke-nb");
    }

    #[test]
    fn seeds_are_fixed_per_element_for_seed_0_and_shared_otherwise() {
        let random = HandDrawn { seeds: SeedRule::PerElement };
        assert_eq!(random.seed(&["node", "A", "0"]), random.seed(&["node", "A", "0"]));
        assert_ne!(random.seed(&["node", "A", "0"]), random.seed(&["node", "B", "0"]));
        // Parts are separated: ("ab", "") is not ("a", "b").
        assert_ne!(random.seed(&["ab", ""]), random.seed(&["a", "b"]));
        let fixed = HandDrawn { seeds: SeedRule::Same(42) };
        assert_eq!(fixed.seed(&["node", "A", "0"]), 42);
        assert_eq!(fixed.seed(&["edge", "L", "3"]), 42);
    }

    #[test]
    fn round_shapes_are_sketched_as_ellipses() {
        let rect = Rect::new(50.0, 40.0, 60.0, 30.0);
        let body = &crate::shape::geometry::outline(Shape::Circle, &rect)[0].path;
        let found = ellipse_of(Shape::Circle, body).unwrap();
        assert!((found.x - 50.0).abs() < 1e-9 && (found.width - 60.0).abs() < 1e-9 && (found.height - 30.0).abs() < 1e-9);
        assert_eq!(ellipse_of(Shape::Rect, body), None, "only round shapes");
        let square = &crate::shape::geometry::outline(Shape::Rect, &rect)[0].path;
        assert_eq!(ellipse_of(Shape::Circle, square), None);
    }

    fn square(l: f64, t: f64, size: f64) -> Vec<Point> {
        vec![Point::new(l, t), Point::new(l + size, t), Point::new(l + size, t + size), Point::new(l, t + size)]
    }

    #[test]
    fn a_segment_loses_what_a_cover_hides() {
        let cover = square(4.0, -1.0, 2.0);
        let pieces = uncovered_pieces(Point::new(0.0, 0.0), Point::new(10.0, 0.0), std::slice::from_ref(&cover));
        let ends: Vec<(f64, f64)> = pieces.iter().map(|s| (s.from.x, s.to.x)).collect();
        assert_eq!(ends, [(0.0, 4.0), (6.0, 10.0)]);
        // Wholly hidden, wholly shown.
        assert!(uncovered_pieces(Point::new(4.5, 0.0), Point::new(5.5, 0.0), std::slice::from_ref(&cover)).is_empty());
        let clear = uncovered_pieces(Point::new(0.0, 5.0), Point::new(10.0, 5.0), &[cover]);
        assert_eq!(clear, [Segment { from: Point::new(0.0, 5.0), to: Point::new(10.0, 5.0) }]);
    }

    #[test]
    fn a_stacked_copy_keeps_only_its_visible_outline() {
        // A 10 × 10 square behind one moved by (-2, +2): its left and bottom
        // sides are hidden below y = 2 and left of x = 8.
        let back = Path {
            commands: vec![
                PathCommand::MoveTo(Point::new(0.0, 0.0)),
                PathCommand::LineTo(Point::new(10.0, 0.0)),
                PathCommand::LineTo(Point::new(10.0, 10.0)),
                PathCommand::LineTo(Point::new(0.0, 10.0)),
                PathCommand::Close,
            ],
        };
        let front = square(-2.0, 2.0, 10.0);
        let shown = uncovered_path(&back, &[front]);
        let moves = shown.commands.iter().filter(|c| matches!(c, PathCommand::MoveTo(_))).count();
        assert_eq!(moves, 2, "two visible runs: {shown:?}");
        for c in &shown.commands {
            if let PathCommand::LineTo(p) | PathCommand::MoveTo(p) = c {
                assert!(p.y <= 2.0 + 1e-9 || p.x >= 8.0 - 1e-9, "{p:?} is under the front copy");
            }
        }
    }

    #[test]
    fn stacked_shapes_hide_their_back_copies_and_others_do_not() {
        let rect = Rect::new(50.0, 50.0, 100.0, 60.0);
        for shape in [Shape::StackedRect, Shape::Documents, Shape::Rect, Shape::DoubleCircle] {
            let parts = crate::shape::geometry::outline(shape, &rect);
            let css = BTreeMap::new();
            let covers = covering_parts(&NodePart { id: "n", shape, rect: &rect, index: 0, path: &parts[0].path, paint: parts[0].paint, css: &css, class: "", author: &[] });
            let stacked = matches!(shape, Shape::StackedRect | Shape::Documents);
            assert_eq!(covers.len(), if stacked { 2 } else { 0 }, "{shape:?}");
        }
    }

    #[test]
    fn mermaids_options_per_part() {
        assert_eq!(PartSketch::of(Shape::FilledCircle, 0, Paint::Solid).fill, FillStyle::Solid);
        assert_eq!(PartSketch::of(Shape::SmallCircle, 0, Paint::Solid).fill, FillStyle::Hachure);
        assert_eq!(PartSketch::of(Shape::DoubleCircle, 1, Paint::Body).options.roughness, 0.2);
        assert_eq!(PartSketch::of(Shape::Rect, 0, Paint::Body).outline_width, Some(OUTLINE_WIDTH));
    }

    #[test]
    fn sketch_data_is_relative_and_does_not_drift() {
        let mut out = String::new();
        let strokes = [
            PathCommand::MoveTo(Point::new(10.0004, 20.0)),
            PathCommand::CubicTo(Point::new(11.0, 19.5), Point::new(12.0006, 21.0), Point::new(13.0, 20.0)),
            PathCommand::LineTo(Point::new(13.0, 25.0)),
            PathCommand::CubicTo(Point::new(12.0, 25.0), Point::new(11.0, 25.0), Point::new(10.0, 25.0)),
        ];
        write_sketch_data(&mut out, &strokes);
        assert_eq!(out, "M10,20c1-0.5 2.001,1 3,0l0,5c-1,0-2,0-3,0");
    }

    #[test]
    fn a_number_formats_as_the_writer_does() {
        // The sketch uses the writer's number format: three decimals.
        let mut out = String::new();
        let hd = HandDrawn { seeds: SeedRule::Same(1) };
        let path = Path { commands: vec![PathCommand::MoveTo(Point::new(0.0, 0.0)), PathCommand::LineTo(Point::new(100.0, 0.0))] };
        hd.write_edge_path_data(&mut out, "e", 0, &path);
        assert!(out.starts_with('M'), "{out}");
        for number in out.split(|c: char| !(c.is_ascii_digit() || c == '.')).filter(|s| s.contains('.')) {
            assert!(number.split('.').nth(1).unwrap().len() <= 3, "{number} in {out}");
        }
    }
}
