//! SVG output: mermaid's classic look as a self-contained SVG.
//!
//! Self-contained and inert: no `foreignObject`, no CSS variables, no
//! external references, no script and no event handlers. Text is
//! `<text>`/`<tspan>` with the lines and spans [`crate::text`] measured, so
//! what layout sized is what is drawn, in the browser and in the PNG. Every
//! element carries its final colours inline (theme, then `classDef`/`class`,
//! then `style`/`linkStyle`), so renderers with little CSS support (usvg)
//! draw the same picture as browsers. Every id is prefixed with the diagram's
//! id, so several diagrams can share one page.

use super::hand_drawn::{HandDrawn, NodePart};
use super::shape::{self, Paint};
use super::theme::Palette;
use crate::flowchart::{ArrowType, ClickAction, StyleDecl, Stroke};
use crate::geom::{Num as n, Path, PathCommand, Point, Rect};
use crate::layout::Layout;
use crate::options::Options;
use crate::shape::Shape;
use crate::text::{TextBlock, FONT_FAMILY};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Escapes text for XML content and attribute values. Characters XML 1.0
/// forbids (most C0 controls) are dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
fn escape_into(out: &mut String, s: &str) {
    // Most labels, ids and styles need no escaping: copy them whole.
    if !s.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0..=0x1f | 0xef)) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
}

/// True if `url` may become a link: `http:`, `https:`, `mailto:` or a
/// relative reference (no scheme at all). Everything else (`javascript:`,
/// `data:`, `vbscript:`, ...) is refused. Browsers ignore tabs, newlines and
/// leading blanks inside a scheme, so those are refused too.
pub fn is_safe_url(url: &str) -> bool {
    if url.chars().any(|c| c.is_control() || c == '\\') || url.trim() != url || url.is_empty() {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") {
        return true;
    }
    // Relative: no ':' before the first '/', '?' or '#'.
    let head = lower.split(['/', '?', '#']).next().unwrap_or("");
    !head.contains(':') && !lower.starts_with("//")
}

/// A CSS property name made only of letters and `-`.
fn safe_css_name(p: &str) -> bool {
    !p.is_empty() && p.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
}

/// Turns any string into an XML id / class fragment: letters, digits, `-`
/// and `_` are kept, everything else becomes `_`.
fn id_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    id_part_into(&mut out, s);
    out
}

/// [`id_part`], appending to `out`.
fn id_part_into(out: &mut String, s: &str) {
    out.extend(s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }));
}

/// FNV-1a, 64 bit: a stable hash for ids derived from content.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Longest id prefix taken from `Options::svg_id`.
const MAX_ID_CHARS: usize = 100;

/// The diagram's id: `Options.svg_id` (made XML-safe), else `mmd-` and a
/// hash of what the layout draws, so the same diagram always gets the same id.
pub fn diagram_id(layout: &Layout, options: &Options) -> String {
    if let Some(id) = options.svg_id.as_deref().filter(|s| !s.is_empty()) {
        // Every id of the document repeats the prefix: a long one would
        // multiply the output's size.
        let id: String = id_part(id).chars().take(MAX_ID_CHARS).collect();
        return if id.starts_with(|c: char| c.is_ascii_alphabetic()) { id } else { format!("mmd-{id}") };
    }
    let mut key = String::new();
    let _ = write!(key, "{}|{}|{}|", n(layout.width), n(layout.height), layout.direction.as_str());
    for node in &layout.nodes {
        let _ = write!(key, "{}\u{1}{}\u{1}{}\u{1}{}|", node.id, node.label.plain_text(), n(node.rect.x), n(node.rect.y));
    }
    for e in &layout.edges {
        let _ = write!(key, "{}\u{1}{}\u{1}{}|", e.id, e.from, e.to);
    }
    for c in &layout.clusters {
        let _ = write!(key, "{}\u{1}{}|", c.id, c.title_text);
    }
    format!("mmd-{:016x}", fnv1a(key.as_bytes()))
}

/// The path as SVG path data.
pub fn path_data(p: &Path) -> String {
    let mut d = String::new();
    path_data_into(&mut d, p);
    d
}

/// [`path_data`], appending to `out`: edge paths are most of a large SVG,
/// so their numbers go straight into the document.
fn path_data_into(out: &mut String, p: &Path) {
    let mut d: Vec<u8> = Vec::with_capacity(40 * p.commands.len());
    let pt = |d: &mut Vec<u8>, p: &Point| {
        n(p.x).push_ascii(d);
        d.push(b',');
        n(p.y).push_ascii(d);
    };
    for c in &p.commands {
        match c {
            PathCommand::MoveTo(p) => {
                d.push(b'M');
                pt(&mut d, p);
            }
            PathCommand::LineTo(p) => {
                d.push(b'L');
                pt(&mut d, p);
            }
            PathCommand::CubicTo(a, b, p) => {
                d.push(b'C');
                pt(&mut d, a);
                d.push(b' ');
                pt(&mut d, b);
                d.push(b' ');
                pt(&mut d, p);
            }
            PathCommand::Close => d.push(b'Z'),
        }
    }
    // Only ASCII was written, so the check cannot fail.
    out.push_str(std::str::from_utf8(&d).unwrap_or_default());
}

/// Style declarations collected for one element, later ones winning.
#[derive(Default, Clone)]
struct Css {
    decls: BTreeMap<String, String>,
}

impl Css {
    fn set(&mut self, k: &str, v: &str) {
        self.decls.insert(k.to_string(), v.to_string());
    }
    fn apply(&mut self, decls: &[StyleDecl], allowed: &[&str]) {
        for d in decls {
            let prop = d.property.trim().to_ascii_lowercase();
            if !safe_css_name(&prop) || !allowed.contains(&prop.as_str()) {
                continue;
            }
            // The parser already checked the value; a Flowchart built by
            // hand has not been through it.
            if let Ok(v) = crate::css::declaration(&prop, &d.value) {
                self.decls.insert(prop, v);
            }
        }
    }
    fn get(&self, k: &str) -> Option<&str> {
        self.decls.get(k).map(String::as_str)
    }
    fn attr(&self) -> String {
        let mut out = String::new();
        self.attr_into(&mut out);
        out
    }
    /// The declarations as an escaped `style` attribute value, appended to
    /// `out`.
    fn attr_into(&self, out: &mut String) {
        for (i, (k, v)) in self.decls.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            escape_into(out, k);
            out.push(':');
            escape_into(out, v);
        }
    }
}

/// Properties a node or cluster style may set on its outline.
const SHAPE_PROPS: &[&str] =
    &["fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "fill-opacity", "opacity", "stroke-linecap", "stroke-linejoin"];
/// Properties a link style may set on its line.
const LINE_PROPS: &[&str] = &["stroke", "stroke-width", "stroke-dasharray", "stroke-opacity", "opacity", "stroke-linecap", "stroke-linejoin"];

/// Text paint from a style: CSS `color` is what mermaid's HTML labels use.
fn text_css(base_fill: &str, decls: &[StyleDecl]) -> Css {
    let mut css = Css::default();
    css.set("fill", base_fill);
    for d in decls {
        let prop = d.property.trim().to_ascii_lowercase();
        let Ok(v) = crate::css::declaration(&prop, &d.value) else { continue };
        match prop.as_str() {
            "color" => css.set("fill", &v),
            "font-weight" | "font-style" | "text-decoration" | "opacity" => css.set(&prop, &v),
            _ => {}
        }
    }
    css
}

/// Marker kinds at an edge end.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Marker {
    Point,
    Circle,
    Cross,
}

impl Marker {
    fn name(self) -> &'static str {
        match self {
            Marker::Point => "point",
            Marker::Circle => "circle",
            Marker::Cross => "cross",
        }
    }
    /// How far the line is pulled back from the outline so the head covers
    /// its end (the triangle's tip is where the line ended).
    fn trim(self) -> f64 {
        match self {
            Marker::Point => 4.0,
            Marker::Circle | Marker::Cross => 0.0,
        }
    }
}

fn markers_of(arrow: ArrowType) -> (Option<Marker>, Option<Marker>) {
    match arrow {
        ArrowType::Point => (None, Some(Marker::Point)),
        ArrowType::Cross => (None, Some(Marker::Cross)),
        ArrowType::Circle => (None, Some(Marker::Circle)),
        ArrowType::DoublePoint => (Some(Marker::Point), Some(Marker::Point)),
        ArrowType::DoubleCross => (Some(Marker::Cross), Some(Marker::Cross)),
        ArrowType::DoubleCircle => (Some(Marker::Circle), Some(Marker::Circle)),
        ArrowType::Open | ArrowType::Invalid => (None, None),
    }
}

/// Pulls the first (`at_start`) or last point of a path back by `d` along
/// the path's direction there, moving the neighbouring control point along,
/// so the curve keeps its shape.
fn trim_end(path: &mut Path, at_start: bool, d: f64) {
    if d <= 0.0 || path.commands.len() < 2 {
        return;
    }
    let cmds = &mut path.commands;
    let end_of = |c: &PathCommand| match *c {
        PathCommand::MoveTo(p) | PathCommand::LineTo(p) | PathCommand::CubicTo(_, _, p) => Some(p),
        PathCommand::Close => None,
    };
    if at_start {
        let Some(p0) = end_of(&cmds[0]) else { return };
        let next = match cmds[1] {
            PathCommand::CubicTo(c1, _, p) => if c1.distance(p0) > 1e-6 { c1 } else { p },
            PathCommand::LineTo(p) => p,
            _ => return,
        };
        let len = p0.distance(next);
        if len < 1e-6 {
            return;
        }
        let t = (d / len).min(0.5);
        let (dx, dy) = ((next.x - p0.x) * t, (next.y - p0.y) * t);
        cmds[0] = PathCommand::MoveTo(Point::new(p0.x + dx, p0.y + dy));
        if let PathCommand::CubicTo(c1, c2, p) = cmds[1] {
            cmds[1] = PathCommand::CubicTo(Point::new(c1.x + dx, c1.y + dy), c2, p);
        }
    } else {
        let last = cmds.len() - 1;
        let Some(prev_end) = end_of(&cmds[last - 1]) else { return };
        match cmds[last] {
            PathCommand::LineTo(p) => {
                let len = p.distance(prev_end);
                if len < 1e-6 {
                    return;
                }
                let t = (d / len).min(0.5);
                cmds[last] = PathCommand::LineTo(p.lerp(prev_end, t));
            }
            PathCommand::CubicTo(c1, c2, p) => {
                let from = if c2.distance(p) > 1e-6 { c2 } else { c1 };
                let len = p.distance(from);
                if len < 1e-6 {
                    return;
                }
                let t = (d / len).min(0.5);
                let (dx, dy) = ((from.x - p.x) * t, (from.y - p.y) * t);
                cmds[last] = PathCommand::CubicTo(c1, Point::new(c2.x + dx, c2.y + dy), Point::new(p.x + dx, p.y + dy));
            }
            _ => {}
        }
    }
}

/// Metrics of Liberation Sans (= Arial): ascent and descent per em. Used to
/// put the baseline where an HTML line box of `line-height: 1.5` has it.
const ASCENT: f64 = 0.905;
const DESCENT: f64 = 0.212;
/// See [`write_text`].
const BASELINE_SHIFT: f64 = 0.06;

/// Writes a label block centred on `center`, as one `<text>` with a
/// `<tspan>` per line and nested ones for bold / italic spans.
fn write_text(out: &mut String, block: &TextBlock, center: Point, css: &Css, class: &str) {
    if block.lines.iter().all(|l| l.spans.iter().all(|s| s.text.trim().is_empty())) {
        return;
    }
    let fs = block.font_size;
    let lh = block.line_height.max(fs);
    let top = center.y - block.lines.len() as f64 * lh / 2.0;
    // Half-leading plus ascent, as a CSS line box centres the font; Chromium
    // draws mermaid's labels about 0.06 em higher than that (measured on
    // mermaid's own PNGs of the same labels), so we follow it.
    let baseline = (lh - (ASCENT + DESCENT) * fs) / 2.0 + ASCENT * fs - BASELINE_SHIFT * fs;
    let _ = write!(
        out,
        "<text class=\"{class}\" x=\"{}\" text-anchor=\"middle\" font-size=\"{}\" style=\"{}\">",
        n(center.x),
        n(fs),
        css.attr()
    );
    for (i, line) in block.lines.iter().enumerate() {
        let _ = write!(out, "<tspan x=\"{}\" y=\"{}\">", n(center.x), n(top + i as f64 * lh + baseline));
        for span in &line.spans {
            let mut attrs = String::new();
            if span.bold {
                attrs.push_str(" font-weight=\"bold\"");
            }
            if span.italic {
                attrs.push_str(" font-style=\"italic\"");
            }
            // The space between two spans ends the earlier one (text.rs),
            // so SVG's white-space collapsing keeps it.
            if attrs.is_empty() {
                out.push_str(&escape(&span.text));
            } else {
                let _ = write!(out, "<tspan{attrs}>{}</tspan>", escape(&span.text));
            }
        }
        out.push_str("</tspan>");
    }
    out.push_str("</text>");
}

/// The SVG element for one outline part: `<rect>`, `<circle>`/`<ellipse>`
/// or `<polygon>` where the outline is one (so style sheets written for
/// mermaid's SVG, `.node rect { … }`, still apply), else `<path>`. Written
/// straight into `out` (one per node part of a large diagram).
fn element_for(out: &mut String, shape: Shape, index: usize, rect: &Rect, path: &Path, class: &str, style: &str) {
    let body = index == 0;
    match shape {
        Shape::Rect | Shape::Icon | Shape::Image | Shape::Note | Shape::Text if body => {
            let _ = write!(out, "<rect class=\"{class}\" {} style=\"{style}\"/>", RectAttrs(rect));
            return;
        }
        Shape::Rounded | Shape::State if body => {
            let _ = write!(out, "<rect class=\"{class}\" {} rx=\"5\" ry=\"5\" style=\"{style}\"/>", RectAttrs(rect));
            return;
        }
        Shape::Circle | Shape::Ellipse | Shape::SmallCircle | Shape::FilledCircle | Shape::CrossedCircle if body => {
            ellipse_element(out, rect.center(), rect.width / 2.0, rect.height / 2.0, class, style);
            return;
        }
        Shape::DoubleCircle | Shape::FramedCircle if index < 2 => {
            // Both rings are circles; their radii are the path's extent.
            let xs: Vec<f64> = path.flatten(4.0).iter().map(|p| p.x).collect();
            let (x0, x1) = xs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            let (x0, x1) = if x0.is_finite() { (x0, x1) } else { (rect.left(), rect.right()) };
            let r = (x1 - x0) / 2.0;
            let ry = r * rect.height / rect.width.max(1e-9);
            ellipse_element(out, rect.center(), r, ry, class, style);
            return;
        }
        _ => {}
    }
    // A closed outline of straight lines is a polygon.
    let cmds = &path.commands;
    let straight = cmds.len() >= 4
        && matches!(cmds.first(), Some(PathCommand::MoveTo(_)))
        && matches!(cmds.last(), Some(PathCommand::Close))
        && cmds[1..cmds.len() - 1].iter().all(|c| matches!(c, PathCommand::LineTo(_)));
    if straight {
        let _ = write!(out, "<polygon class=\"{class}\" points=\"");
        let corners = cmds.iter().filter_map(|c| match c {
            PathCommand::MoveTo(p) | PathCommand::LineTo(p) => Some(p),
            _ => None,
        });
        for (i, p) in corners.enumerate() {
            let _ = write!(out, "{}{},{}", if i > 0 { " " } else { "" }, n(p.x), n(p.y));
        }
        let _ = write!(out, "\" style=\"{style}\"/>");
        return;
    }
    let _ = write!(out, "<path class=\"{class}\" d=\"");
    path_data_into(out, path);
    let _ = write!(out, "\" style=\"{style}\"/>");
}

fn ellipse_element(out: &mut String, c: Point, rx: f64, ry: f64, class: &str, style: &str) {
    if (rx - ry).abs() < 1e-6 {
        let _ = write!(out, "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"{}\" style=\"{style}\"/>", n(c.x), n(c.y), n(rx.max(0.0)));
    } else {
        let _ = write!(
            out,
            "<ellipse class=\"{class}\" cx=\"{}\" cy=\"{}\" rx=\"{}\" ry=\"{}\" style=\"{style}\"/>",
            n(c.x),
            n(c.y),
            n(rx.max(0.0)),
            n(ry.max(0.0))
        );
    }
}

/// A box's `x`, `y`, `width` and `height` attributes, displayed in place
/// (no string of their own).
struct RectAttrs<'a>(&'a Rect);

impl std::fmt::Display for RectAttrs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = self.0;
        write!(f, "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"", n(r.left()), n(r.top()), n(r.width.max(0.0)), n(r.height.max(0.0)))
    }
}

/// The family list of the style sheet and the root group: the embedded font
/// first, then the theme's list (already a checked family list, see
/// [`crate::css::font_family`]; checked again here for themes built by hand).
fn font_list(theme: &Palette) -> String {
    let user = crate::css::font_family(&theme.font_family)
        .unwrap_or_else(|| crate::render::theme::MERMAID_FONT_FAMILY.replace('"', "'"));
    format!("'{FONT_FAMILY}', {user}")
}

/// Index just past the end of the string, comment or balanced `{…}` block
/// that starts at `i`, else `i + 1` (one character).
fn css_token_end(b: &[u8], i: usize) -> usize {
    match b[i] {
        q @ (b'"' | b'\'') => b[i + 1..].iter().position(|&c| c == q).map_or(b.len(), |k| i + k + 2),
        b'/' if b.get(i + 1) == Some(&b'*') => {
            b[i + 2..].windows(2).position(|w| w == b"*/").map_or(b.len(), |k| i + 2 + k + 2)
        }
        b'{' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    b'"' | b'\'' | b'/' => {
                        j = css_token_end(b, j);
                        continue;
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        _ => i + 1,
    }
}

/// Scopes a style sheet to the element with id `id`: every selector gets
/// `#id ` in front (`svg`, `:root`, `html` and `body` become `#id` itself),
/// `@media`/`@supports`/`@layer`/`@container` blocks are scoped inside, and
/// other at-rules with blocks (`@page`, ...) are dropped, except
/// `@keyframes`, which selects nothing. So CSS given for one diagram cannot
/// restyle the page it is inlined into, nor another diagram.
///
/// ```
/// use mmdflow::render::svg::scope_css;
/// assert_eq!(scope_css(".node rect, svg .x{fill:red} @media (min-width:1px){p{a:b}}", "d"), "#d .node rect,#d .x{fill:red}@media (min-width:1px){#d p{a:b}}");
/// ```
pub fn scope_css(css: &str, id: &str) -> String {
    let css = &strip_css_comments(css);
    let b = css.as_bytes();
    let mut out = String::with_capacity(css.len() + 32);
    let mut prelude_start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' => i = css_token_end(b, i),
            b';' => {
                // A statement at-rule (`@charset`) or stray text: dropped.
                i += 1;
                prelude_start = i;
            }
            b'{' => {
                let end = css_token_end(b, i);
                let prelude = css[prelude_start..i].trim();
                let body = &css[i + 1..end.saturating_sub(1).max(i + 1)];
                let at = prelude.strip_prefix('@').map(|p| p.split(|c: char| !c.is_ascii_alphanumeric() && c != '-').next().unwrap_or(""));
                match at.map(str::to_ascii_lowercase).as_deref() {
                    Some("media" | "supports" | "layer" | "container") => {
                        out.push_str(prelude);
                        out.push('{');
                        out.push_str(&scope_css(body, id));
                        out.push('}');
                    }
                    Some("keyframes" | "-webkit-keyframes") => out.push_str(&css[prelude_start..end].trim_start()),
                    Some(_) => {}
                    None => {
                        let selectors: Vec<String> = split_selectors(prelude).iter().map(|sel| scope_selector(sel, id)).collect();
                        out.push_str(&selectors.join(","));
                        out.push_str(&css[i..end]);
                    }
                }
                i = end;
                prelude_start = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// The style sheet without its comments (strings kept whole).
fn strip_css_comments(css: &str) -> String {
    let b = css.as_bytes();
    let mut out = String::with_capacity(css.len());
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'*') => {
                out.push_str(&css[copied..i]);
                i = css_token_end(b, i);
                copied = i;
            }
            b'"' | b'\'' => i = css_token_end(b, i),
            _ => i += 1,
        }
    }
    out.push_str(&css[copied.min(css.len())..]);
    out
}

/// Splits a selector list at its top-level commas.
fn split_selectors(prelude: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (k, c) in prelude.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(prelude[start..k].trim());
                start = k + 1;
            }
            _ => {}
        }
    }
    parts.push(prelude[start..].trim());
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

fn scope_selector(sel: &str, id: &str) -> String {
    for root in ["svg", ":root", "html", "body"] {
        if let Some(rest) = sel.strip_prefix(root) {
            if !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return format!("#{id}{rest}");
            }
        }
    }
    if sel.starts_with(&format!("#{id}")) {
        return sel.to_string();
    }
    format!("#{id} {sel}")
}

/// A theme colour an element is painted with, so a second (dark) theme can
/// repaint it: the element gets the class `mf-<prop>-<role>` when its
/// `<prop>` still has the light theme's value (a `classDef` or `style`
/// colour is the author's, and stays in both modes).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    NodeFill,
    NodeBorder,
    NodeText,
    Text,
    Line,
    EdgeLabelBg,
    ClusterFill,
    ClusterBorder,
    Title,
}

impl Role {
    const ALL: [Role; 9] = [
        Role::NodeFill,
        Role::NodeBorder,
        Role::NodeText,
        Role::Text,
        Role::Line,
        Role::EdgeLabelBg,
        Role::ClusterFill,
        Role::ClusterBorder,
        Role::Title,
    ];

    fn key(self) -> &'static str {
        match self {
            Role::NodeFill => "nf",
            Role::NodeBorder => "nb",
            Role::NodeText => "nt",
            Role::Text => "tx",
            Role::Line => "ln",
            Role::EdgeLabelBg => "lb",
            Role::ClusterFill => "cf",
            Role::ClusterBorder => "cb",
            Role::Title => "ti",
        }
    }

    fn of(self, t: &Palette) -> &str {
        match self {
            Role::NodeFill => &t.node_fill,
            Role::NodeBorder => &t.node_border,
            Role::NodeText => &t.node_text,
            Role::Text => &t.text,
            Role::Line => &t.line,
            Role::EdgeLabelBg => &t.edge_label_bg,
            Role::ClusterFill => &t.cluster_fill,
            Role::ClusterBorder => &t.cluster_border,
            Role::Title => &t.title,
        }
    }
}

/// Marks elements for the dark palette; does nothing without one, so the
/// single-palette output is unchanged.
struct DarkPalette<'a> {
    light: &'a Palette,
    dark: Option<Palette>,
}

impl DarkPalette<'_> {
    /// ` mf-fill-nf …` for each `(prop, role)` whose value in `css` is still
    /// the light theme's.
    fn classes(&self, css: &Css, pairs: &[(&str, Role)]) -> String {
        let mut out = String::new();
        if self.dark.is_some() {
            for &(prop, role) in pairs {
                if css.get(prop) == Some(role.of(self.light)) {
                    let _ = write!(out, " mf-{prop}-{}", role.key());
                }
            }
        }
        out
    }

    /// The dark palette's rules, each winning over the inline style.
    fn media_rules(&self, id: &str) -> String {
        let Some(dark) = &self.dark else { return String::new() };
        let mut rules = String::new();
        for role in Role::ALL {
            let Some(colour) = crate::css::colour(role.of(dark)) else { continue };
            for prop in ["fill", "stroke"] {
                let _ = write!(rules, "#{id} .mf-{prop}-{}{{{prop}:{colour} !important;}}", role.key());
            }
        }
        format!("@media (prefers-color-scheme: dark){{{rules}}}")
    }
}

/// Writes the layout as a standalone SVG document.
pub fn write(layout: &Layout, options: &Options) -> String {
    write_svg(layout, options, false)
}

/// Writes the SVG; `fixed_size` forces width/height attributes in px (the
/// PNG path needs a definite size).
pub(crate) fn write_svg(layout: &Layout, options: &Options, fixed_size: bool) -> String {
    write_svg_as(layout, options, fixed_size, &diagram_id(layout, options))
}

/// Writes the layout as a standalone SVG document whose root has the id
/// `id` (made XML-safe), for callers that need ids unique in a page
/// ([`crate::html`]).
pub fn write_with_id(layout: &Layout, options: &Options, id: &str) -> String {
    let id = id_part(id);
    let id = if id.starts_with(|c: char| c.is_ascii_alphabetic()) { id } else { format!("mmd-{id}") };
    write_svg_as(layout, options, false, &id)
}

fn write_svg_as(layout: &Layout, options: &Options, fixed_size: bool, id: &str) -> String {
    let theme = Palette::resolve(&layout.config, options.theme);
    // PNG (fixed size) has one palette: the light one.
    let dark = options.dark_theme.filter(|_| !fixed_size).map(|dark| Palette::resolve(&layout.config, Some(dark)));
    let palette = DarkPalette { light: &theme, dark };
    // `look: handDrawn` sketches outlines, cluster boxes and edges.
    let hand_drawn = HandDrawn::of(layout);
    let (w, h) = (layout.width.max(1.0), layout.height.max(1.0));
    // Room for the whole document up front (edge paths take ~40 bytes per
    // command), so the string is not copied while it grows.
    let path_bytes: usize = layout.edges.iter().map(|e| 40 * e.path.commands.len()).sum();
    let mut s = String::with_capacity(4096 + layout.nodes.len() * 500 + layout.edges.len() * 300 + path_bytes);

    // Root element: responsive width like mermaid's useMaxWidth, ARIA.
    let use_max = layout.config.flowchart.use_max_width.unwrap_or(true) && !fixed_size;
    // mmdc 12's `--size`: the browser box is at most that many px either way.
    let wanted = options.size.filter(|px| *px > 0 && !fixed_size);
    let size = if let Some(px) = wanted {
        format!("width=\"100%\" style=\"max-width: {px}px; max-height: {px}px;\"")
    } else if use_max {
        format!("width=\"100%\" style=\"max-width: {}px;\"", n(w))
    } else {
        format!("width=\"{}\" height=\"{}\"", n(w), n(h))
    };
    let mut aria = String::new();
    if layout.acc_title.is_some() {
        let _ = write!(aria, " aria-labelledby=\"{id}-title\"");
    }
    if layout.acc_descr.is_some() {
        let _ = write!(aria, " aria-describedby=\"{id}-desc\"");
    }
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" {size} viewBox=\"0 0 {} {}\" role=\"graphics-document document\" aria-roledescription=\"flowchart-v2\"{aria}>",
        n(w),
        n(h)
    );
    if let Some(t) = &layout.acc_title {
        let _ = writeln!(s, "<title id=\"{id}-title\">{}</title>", escape(t));
    }
    if let Some(d) = &layout.acc_descr {
        let _ = writeln!(s, "<desc id=\"{id}-desc\">{}</desc>", escape(d));
    }

    // Scoped style sheet: only what inline styles cannot say, and the
    // caller's extra CSS (made inert).
    let fonts = font_list(&theme);
    let _ = write!(
        s,
        "<style>#{id}{{font-family:{fonts};font-size:{}px;}}#{id} .clickable{{cursor:pointer;}}",
        n(theme.font_size)
    );
    // The label font, inline, for SVG files only: PNG and PDF draw with the
    // embedded font already.
    #[cfg(feature = "font-embed")]
    if options.font_embedding == crate::FontEmbedding::UsedGlyphs && !fixed_size {
        if let Ok(faces) = super::font_embed::font_faces(layout) {
            s.push_str(&faces);
        }
    }
    // Edge animation (`e1@{ animate: true }`): a moving dash, as mermaid's
    // style sheet does it; renderers without CSS animation draw a dashed line.
    if layout.edges.iter().any(|e| e.animation.is_some()) {
        let _ = write!(
            s,
            "#{id} .edge-animation-slow{{stroke-dasharray:9,5 !important;stroke-dashoffset:900;animation:{id}-dash 50s linear infinite;}}\
             #{id} .edge-animation-fast{{stroke-dasharray:9,5 !important;stroke-dashoffset:900;animation:{id}-dash 20s linear infinite;}}\
             @keyframes {id}-dash{{to{{stroke-dashoffset:0;}}}}"
        );
    }
    s.push_str(&palette.media_rules(id));
    // themeCSS, then the caller's sheet (`-C`), each through the one
    // style-sheet gate: one that could fetch, run or escape is left out.
    for css in [layout.config.theme_css.as_deref(), options.css.as_deref()].into_iter().flatten() {
        if let Some(css) = crate::css::style_sheet(css) {
            s.push_str(&scope_css(&css, id));
        }
    }
    s.push_str("</style>\n");

    // Markers: one set per edge colour, so heads match their line.
    let mut colours: BTreeMap<String, usize> = BTreeMap::new();
    let mut edge_css = Vec::with_capacity(layout.edges.len());
    for e in &layout.edges {
        let mut css = Css::default();
        css.set("fill", "none");
        css.set("stroke", &theme.line);
        let width = match e.stroke {
            Stroke::Thick => "3.5px",
            _ => "1px",
        };
        css.set("stroke-width", width);
        if e.stroke == Stroke::Dotted {
            // mermaid's `.edge-pattern-dotted { stroke-dasharray: 2 }`.
            css.set("stroke-dasharray", "2");
        }
        for cls in &e.classes {
            if let Some((_, d)) = layout.class_defs.iter().find(|(name, _)| name == cls) {
                css.apply(d, LINE_PROPS);
            }
        }
        css.apply(&e.style, LINE_PROPS);
        let colour = css.get("stroke").unwrap_or(&theme.line).to_string();
        let next = colours.len();
        colours.entry(colour).or_insert(next);
        edge_css.push(css);
    }
    s.push_str("<defs>");
    let mut by_index: Vec<(&String, &usize)> = colours.iter().collect();
    by_index.sort_by_key(|(_, i)| **i);
    for (colour, i) in by_index {
        let c = escape(colour);
        // Mermaid's `.marker` rule paints heads in the line colour.
        let head = c.clone();
        let (mc, mcs) = if palette.dark.is_some() && colour == &theme.line {
            (" class=\"mf-fill-ln mf-stroke-ln\"", " class=\"mf-stroke-ln\"")
        } else {
            ("", "")
        };
        // Point: mermaid's triangle, 8 px. Its tip sits on the path end, which
        // the layout puts on the head outline, so no part of it hides under
        // the node (mermaid trims its line instead; the layout JSON promises
        // that the path ends at the arrow tip).
        let _ = write!(s, "<marker id=\"{id}-pointEnd-{i}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path{mc} d=\"M0,0L10,5L0,10Z\" fill=\"{head}\" stroke=\"{head}\" stroke-width=\"1\"/></marker>");
        let _ = write!(s, "<marker id=\"{id}-pointStart-{i}\" viewBox=\"0 0 10 10\" refX=\"0\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path{mc} d=\"M10,0L0,5L10,10Z\" fill=\"{head}\" stroke=\"{head}\" stroke-width=\"1\"/></marker>");
        let _ = write!(s, "<marker id=\"{id}-circleEnd-{i}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><circle{mc} cx=\"5\" cy=\"5\" r=\"4.5\" fill=\"{head}\" stroke=\"{head}\" stroke-width=\"1\"/></marker>");
        let _ = write!(s, "<marker id=\"{id}-circleStart-{i}\" viewBox=\"0 0 10 10\" refX=\"0\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><circle{mc} cx=\"5\" cy=\"5\" r=\"4.5\" fill=\"{head}\" stroke=\"{head}\" stroke-width=\"1\"/></marker>");
        let _ = write!(s, "<marker id=\"{id}-crossEnd-{i}\" viewBox=\"0 0 11 11\" refX=\"11\" refY=\"5.5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><path{mcs} d=\"M1,1L10,10M10,1L1,10\" fill=\"none\" stroke=\"{head}\" stroke-width=\"2\"/></marker>");
        let _ = write!(s, "<marker id=\"{id}-crossStart-{i}\" viewBox=\"0 0 11 11\" refX=\"0\" refY=\"5.5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"11\" markerHeight=\"11\" orient=\"auto\"><path{mcs} d=\"M1,1L10,10M10,1L1,10\" fill=\"none\" stroke=\"{head}\" stroke-width=\"2\"/></marker>");
    }
    s.push_str("</defs>\n");

    let _ = writeln!(s, "<g class=\"root\" font-family=\"{}\" font-size=\"{}\">", escape(&fonts), n(theme.font_size));
    if let Some(bg) = options.background.as_deref() {
        if let Some(c) = super::theme::Color::parse(bg) {
            let _ = writeln!(s, "<rect class=\"background\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", n(w), n(h), c.css());
        }
    }

    // Diagram title (front-matter `title:`).
    if let Some((block, rect)) = &layout.title {
        let mut css = Css::default();
        css.set("fill", &theme.title);
        let class = format!("flowchartTitleText{}", palette.classes(&css, &[("fill", Role::Title)]));
        write_text(&mut s, block, rect.center(), &css, &class);
        s.push('\n');
    }

    // Clusters, outer first.
    s.push_str("<g class=\"clusters\">");
    for (i, c) in layout.clusters.iter().enumerate() {
        let classes: Vec<String> = c.classes.iter().map(|x| id_part(x)).collect();
        let mut decls = Vec::new();
        for cls in &c.classes {
            if let Some((_, d)) = layout.class_defs.iter().find(|(name, _)| name == cls) {
                decls.extend(d.iter().cloned());
            }
        }
        decls.extend(c.style.iter().cloned());
        let mut css = Css::default();
        css.set("fill", &theme.cluster_fill);
        css.set("stroke", &theme.cluster_border);
        css.set("stroke-width", "1px");
        css.apply(&decls, SHAPE_PROPS);
        let dark_classes = palette.classes(&css, &[("fill", Role::ClusterFill), ("stroke", Role::ClusterBorder)]);
        let rect_class = if dark_classes.is_empty() { String::new() } else { format!("class=\"{}\" ", dark_classes.trim_start()) };
        let _ = write!(s, "<g class=\"cluster {}\" id=\"{id}-cluster-{}-{i}\">", classes.join(" "), id_part(&c.id));
        match &hand_drawn {
            Some(sketch) => sketch.write_cluster_box(&mut s, &c.id, &c.rect, &css.decls, &dark_classes, &decls),
            None => {
                let _ = write!(s, "<rect {rect_class}{} style=\"{}\"/>", RectAttrs(&c.rect), css.attr());
            }
        }
        let center = match &c.title_box {
            Some(b) => Point::new(b.x, b.y),
            None => {
                let top = c.rect.top() + layout.config.flowchart.subgraph_title_margin_top.unwrap_or(0.0);
                Point::new(c.rect.x, top + c.title.lines.len() as f64 * c.title.line_height / 2.0)
            }
        };
        let title_css = text_css(&theme.title, &decls);
        let class = format!("cluster-label{}", palette.classes(&title_css, &[("fill", Role::Title)]));
        write_text(&mut s, &c.title, center, &title_css, &class);
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");

    // Edges, then their labels above every line.
    s.push_str("<g class=\"edgePaths\">");
    for (i, e) in layout.edges.iter().enumerate() {
        if e.stroke == Stroke::Invisible || e.path.commands.len() < 2 {
            continue;
        }
        let css = &edge_css[i];
        let colour = css.get("stroke").unwrap_or(&theme.line);
        let ci = colours.get(colour).copied().unwrap_or(0);
        let (start, end) = markers_of(e.arrow);
        let mut path = e.path.clone();
        let mut marker_attrs = String::new();
        if let Some(m) = start {
            trim_end(&mut path, true, m.trim());
            let _ = write!(marker_attrs, " marker-start=\"url(#{id}-{}Start-{ci})\"", m.name());
        }
        if let Some(m) = end {
            trim_end(&mut path, false, m.trim());
            let _ = write!(marker_attrs, " marker-end=\"url(#{id}-{}End-{ci})\"", m.name());
        }
        let thickness = match e.stroke {
            Stroke::Thick => "thick",
            _ => "normal",
        };
        let pattern = if e.stroke == Stroke::Dotted { "dotted" } else { "solid" };
        let mut classes: String = e.classes.iter().map(|c| format!(" {}", id_part(c))).collect();
        match e.animation.as_deref() {
            Some("slow") => classes.push_str(" edge-animation-slow"),
            Some(_) => classes.push_str(" edge-animation-fast"),
            None => {}
        }
        let _ = write!(s, "<path id=\"{id}-");
        id_part_into(&mut s, &e.id);
        let dark_classes = palette.classes(css, &[("stroke", Role::Line)]);
        let _ = write!(s, "-{i}\" class=\"flowchart-link edge-thickness-{thickness} edge-pattern-{pattern}{classes}{dark_classes}\" d=\"");
        match &hand_drawn {
            Some(sketch) => sketch.write_edge_path_data(&mut s, &e.id, i, &path),
            None => path_data_into(&mut s, &path),
        }
        s.push_str("\" style=\"");
        css.attr_into(&mut s);
        s.push('"');
        s.push_str(&marker_attrs);
        s.push_str("/>\n");
    }
    s.push_str("</g>\n<g class=\"edgeLabels\">");
    for e in &layout.edges {
        if e.stroke == Stroke::Invisible {
            continue;
        }
        let (Some(block), Some(rect)) = (&e.label, &e.label_box) else { continue };
        if block.plain_text().trim().is_empty() {
            continue;
        }
        let mut bg = Css::default();
        bg.set("fill", &theme.edge_label_bg);
        let bg_classes = palette.classes(&bg, &[("fill", Role::EdgeLabelBg)]);
        let _ = write!(
            s,
            "<g class=\"edgeLabel\"><rect class=\"labelBkg{bg_classes}\" {} style=\"{}\"/>",
            RectAttrs(rect),
            escape(&format!("fill:{};stroke:none", theme.edge_label_bg))
        );
        let label_css = text_css(&theme.text, &e.style);
        let class = format!("edgeLabelText{}", palette.classes(&label_css, &[("fill", Role::Text)]));
        write_text(&mut s, block, rect.center(), &label_css, &class);
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");

    // Nodes.
    s.push_str("<g class=\"nodes\">");
    let node_stroke_width = format!("{}px", n(theme.stroke_width));
    for (i, node) in layout.nodes.iter().enumerate() {
        // node.style already holds the cascade (classDef default / classes /
        // style) that the layout resolved.
        let decls = &node.style;
        let mut css = Css::default();
        let solid = &theme.line;
        css.set("fill", &theme.node_fill);
        css.set("stroke", &theme.node_border);
        css.set("stroke-width", &node_stroke_width);
        css.apply(decls, SHAPE_PROPS);
        let classes: String = node.classes.iter().map(|c| format!(" {}", id_part(c))).collect();
        let link = match &node.click {
            Some(ClickAction::Link { url, target }) if is_safe_url(url) => Some((url.clone(), target.clone())),
            _ => None,
        };
        if let Some((url, target)) = &link {
            let target = target
                .as_deref()
                .filter(|t| matches!(*t, "_self" | "_blank" | "_parent" | "_top"))
                .map(|t| format!(" target=\"{t}\""))
                .unwrap_or_default();
            let rel = if target.contains("_blank") { " rel=\"noopener noreferrer\"" } else { "" };
            let _ = write!(s, "<a href=\"{}\"{target}{rel}>", escape(url));
        }
        let _ = write!(
            s,
            "<g class=\"node default{classes}\" id=\"{id}-flowchart-{}-{i}\" data-id=\"{}\">",
            id_part(&node.id),
            escape(&node.id)
        );
        if let Some(tip) = &node.tooltip {
            let _ = write!(s, "<title>{}</title>", escape(tip));
        }
        if let Some(icon) = &node.icon {
            let paint = super::icon::IconPaint {
                background: css.get("fill").unwrap_or(&theme.node_fill),
                colour: css.get("stroke").unwrap_or(&theme.node_border),
            };
            super::icon::write_icon(&mut s, icon, &options.icons, &paint, &format!("{id}-icon{i}-"));
        }
        let outline = if node.icon.is_some() { Vec::new() } else { shape::outline(node.shape, &node.rect) };
        for (k, part) in outline.into_iter().enumerate() {
            let (part_css, dark_classes) = match part.paint {
                Paint::Body => (css.clone(), palette.classes(&css, &[("fill", Role::NodeFill), ("stroke", Role::NodeBorder)])),
                Paint::Line => {
                    let mut c = Css::default();
                    for (k, v) in &css.decls {
                        if k != "fill" && k != "fill-opacity" {
                            c.set(k, v);
                        }
                    }
                    c.set("fill", "none");
                    let classes = palette.classes(&c, &[("stroke", Role::NodeBorder)]);
                    (c, classes)
                }
                Paint::Solid => {
                    let colour = css.get("stroke").filter(|_| node.shape != Shape::FramedCircle).unwrap_or(solid);
                    let colour = if node.shape == Shape::FramedCircle { solid.as_str() } else { colour };
                    let mut c = Css::default();
                    c.set("fill", colour);
                    c.set("stroke", colour);
                    let role = if node.shape == Shape::FramedCircle { Role::Line } else { Role::NodeBorder };
                    let classes = palette.classes(&c, &[("fill", role), ("stroke", role)]);
                    c.set("stroke-width", "1px");
                    (c, classes)
                }
                Paint::Fill => {
                    let mut c = Css::default();
                    c.set("fill", css.get("fill").unwrap_or(&theme.node_fill));
                    c.set("stroke", "none");
                    if node.shape == Shape::Text {
                        c.set("fill", "none");
                        if let Some(f) = decls.iter().rev().find(|d| d.property == "fill").and_then(|d| crate::css::declaration("fill", &d.value).ok()) {
                            c.set("fill", &f);
                        }
                    }
                    let classes = palette.classes(&c, &[("fill", Role::NodeFill)]);
                    (c, classes)
                }
            };
            let base = if part.paint == Paint::Body { "basic label-container" } else { "label-container" };
            let class = format!("{base}{dark_classes}");
            match &hand_drawn {
                Some(sketch) => {
                    let part = NodePart { id: &node.id, shape: node.shape, rect: &node.rect, index: k, path: &part.path, paint: part.paint, css: &part_css.decls, class: &class, author: decls };
                    sketch.write_node_part(&mut s, &part);
                }
                None => element_for(&mut s, node.shape, k, &node.rect, &part.path, &class, &part_css.attr()),
            }
        }
        if shape::draws_label(node.shape) {
            let center = match &node.icon {
                Some(icon) => {
                    super::icon::write_label_background(&mut s, icon, &node.label, &theme.edge_label_bg);
                    icon.parts.label_center
                }
                None => shape::label_center(node.shape, &node.rect, &node.label),
            };
            let label_css = text_css(&theme.node_text, decls);
            let class = format!("nodeLabel{}", palette.classes(&label_css, &[("fill", Role::NodeText)]));
            write_text(&mut s, &node.label, center, &label_css, &class);
        }
        s.push_str("</g>");
        if link.is_some() {
            s.push_str("</a>");
        }
        s.push('\n');
    }
    s.push_str("</g>\n</g>\n</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in ["https://example.com/x?y#z", "http://a", "mailto:a@b.c", "page.html", "/abs/path", "#frag", "?q=1", "dir/x:y"] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "java\tscript:x", "data:text/html,x", "vbscript:x", "//evil.com", "", "file:///etc/passwd"] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn trims_ends_along_the_path() {
        let mut p = Path { commands: vec![PathCommand::MoveTo(Point::new(0.0, 0.0)), PathCommand::LineTo(Point::new(0.0, 100.0))] };
        trim_end(&mut p, false, 4.0);
        trim_end(&mut p, true, 4.0);
        assert_eq!(p.commands, vec![PathCommand::MoveTo(Point::new(0.0, 4.0)), PathCommand::LineTo(Point::new(0.0, 96.0))]);
    }
}
