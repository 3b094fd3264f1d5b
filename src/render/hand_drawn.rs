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

use super::rough::{fill_polygons, Options, Pencil};
use super::svg::{escape, path_data};
use crate::flowchart::StyleDecl;
use crate::geom::{Path, PathCommand, Point, Rect};
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

    /// Writes a node's outline part as a group of its hachure fill and its
    /// sketched outline (mermaid's rough node: the fill path first).
    pub(super) fn write_node_part(&self, out: &mut String, part: &NodePart<'_>) {
        let options = if part.paint == Paint::Solid { SOLID } else { NODE };
        let index = part.index.to_string();
        let mut pencil = Pencil::new(options, self.seed(&["node", part.id, &index]));
        let (outline, polygons) = sketch_outline(&mut pencil, part.shape, part.path);
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
        let mut hachure = Vec::new();
        if fill_colour.is_some() {
            pencil.hachure(&polygons, &mut hachure);
        }
        let classes = PaletteClasses::split(part.class);
        if fill_colour.is_none() && stroke_colour.is_none() {
            return;
        }
        let _ = write!(out, "<g class=\"{}\">", classes.base);
        if let Some(colour) = fill_colour {
            write_hachure(out, hachure, colour, NODE_FILL_WEIGHT, part.css, &classes.fill_as_stroke());
        }
        if stroke_colour.is_some() {
            let author_width = part.author.iter().any(|d| d.property.trim().eq_ignore_ascii_case("stroke-width"));
            let width = match part.paint {
                Paint::Body | Paint::Line if !author_width => Some(OUTLINE_WIDTH),
                _ => None,
            };
            write_outline(out, outline, part.css, width, &classes.stroke());
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
        out.push_str(&path_data(&Path { commands: strokes }));
    }
}

/// The sketched outline of a path, and the polygons its fill covers. A
/// round shape's ellipse is sketched as rough sketches ellipses; any other
/// outline is sketched piece by piece.
fn sketch_outline(pencil: &mut Pencil, shape: Shape, path: &Path) -> (Vec<PathCommand>, Vec<Vec<Point>>) {
    let mut strokes = Vec::new();
    if let Some(ellipse) = ellipse_of(shape, path) {
        let polygon = pencil.ellipse(ellipse.center(), ellipse.width, ellipse.height, &mut strokes);
        return (strokes, vec![polygon]);
    }
    pencil.path(path, &mut strokes);
    // rough's `path`: the fill follows the path flattened, simplified to
    // within (1 + roughness) / 2 px.
    (strokes, fill_polygons(path, (1.0 + NODE.roughness) / 2.0))
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
    if strokes.is_empty() {
        return;
    }
    out.push_str("<path");
    write_class(out, class);
    out.push_str(" d=\"");
    out.push_str(&path_data(&Path { commands: strokes }));
    let _ = write!(out, "\" style=\"fill:none;stroke:{};stroke-width:{weight}", escape(colour));
    if let Some(o) = css.get("fill-opacity") {
        let _ = write!(out, ";stroke-opacity:{}", escape(o));
    }
    if let Some(o) = css.get("opacity") {
        let _ = write!(out, ";opacity:{}", escape(o));
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
    out.push_str(&path_data(&Path { commands: strokes }));
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

    #[test]
    fn a_number_formats_as_the_writer_does() {
        // The sketch goes through the writer's path data: three decimals.
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
