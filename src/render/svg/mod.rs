//! SVG output: a finished [`Layout`] and its resolved paint
//! ([`crate::style`]) serialised as a self-contained SVG.
//!
//! Self-contained and inert: no `foreignObject`, no CSS variables, no
//! external references, no script and no event handlers. Text is
//! `<text>`/`<tspan>` with the lines and spans [`crate::text`] measured, so
//! what layout sized is what is drawn, in the browser and in the PNG. Every
//! element carries its final colours inline, as [`crate::style::resolve`]
//! resolved them, so renderers with little CSS support (usvg) draw the same
//! picture as browsers. This module decides no style: it writes the root
//! element and style sheet, then [`defs`], [`clusters`], [`edges`] and
//! [`nodes`] write their parts. Every id is prefixed with the diagram's id,
//! so several diagrams can share one page.

mod clusters;
mod defs;
mod edges;
mod nodes;
mod paint;
mod scope;
mod text;

pub use scope::scope_css;

use super::hand_drawn::HandDrawn;
use super::theme::Palette;
use crate::config::Look;
use crate::geom::{Num as n, Path, PathCommand, Point, Rect};
use crate::layout::Layout;
use crate::options::Options;
use crate::style::Styles;
use crate::text::FONT_FAMILY;
use paint::DarkPalette;
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
    let styles = crate::style::resolve(layout, &Palette::resolve(&layout.config, options.theme));
    write_resolved(layout, options, &styles, fixed_size, id)
}

/// Everything the parts of the document need.
pub(super) struct Doc<'a> {
    layout: &'a Layout,
    options: &'a Options,
    styles: &'a Styles,
    dark: DarkPalette,
    /// The diagram's id, prefix of every id.
    id: &'a str,
    /// The look's node gradient, `url(#…)`.
    gradient: String,
    /// The look: how outlines, markers and shadows are drawn.
    look: Look,
    /// `look: handDrawn`: sketched outlines, cluster boxes and edges.
    hand_drawn: Option<HandDrawn>,
}

/// Room for the whole document up front (edge paths take ~40 bytes per
/// command), so the string is not copied while it grows. Only a hint: any
/// value gives the same document.
fn capacity_hint(layout: &Layout) -> usize {
    let path_bytes: usize = layout.edges.iter().map(|e| 40 * e.path.commands.len()).sum();
    4096 + layout.nodes.len() * 500 + layout.edges.len() * 300 + path_bytes
}

/// Writes the document from the resolved `styles`.
pub(crate) fn write_resolved(layout: &Layout, options: &Options, styles: &Styles, fixed_size: bool, id: &str) -> String {
    let theme = &styles.palette;
    // PNG (fixed size) has one palette: the light one.
    let dark = options.dark_theme.filter(|_| !fixed_size).map(|dark| Palette::resolve(&layout.config, Some(dark)));
    let palette = DarkPalette { dark };
    let (w, h) = (layout.width.max(1.0), layout.height.max(1.0));
    let mut s = String::with_capacity(capacity_hint(layout));

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
    let fonts = font_list(theme);
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

    let doc = Doc { layout, options, styles, dark: palette, id, gradient: format!("url(#{id}-gradient)"), look: layout.config.look.unwrap_or_default(), hand_drawn: HandDrawn::of(layout) };
    // Markers: one set per line colour, so heads match their line.
    let colours = defs::marker_colours(&doc);
    defs::write_defs(&mut s, &doc, &colours);

    let _ = writeln!(s, "<g class=\"root\" font-family=\"{}\" font-size=\"{}\">", escape(&fonts), n(theme.font_size));
    if let Some(bg) = options.background.as_deref() {
        if let Some(c) = super::theme::Color::parse(bg) {
            let _ = writeln!(s, "<rect class=\"background\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", n(w), n(h), c.css());
        }
    }

    // Diagram title (front-matter `title:`).
    if let Some((block, rect)) = &layout.title {
        let class = format!("flowchartTitleText{}", doc.dark.classes(&[("fill", Some(styles.title.colour.origin))]));
        text::write_text(&mut s, block, rect.center(), &paint::text_decls(&styles.title).attr(), &class);
        s.push('\n');
    }

    clusters::write_clusters(&mut s, &doc);
    edges::write_edges(&mut s, &doc, &colours);
    nodes::write_nodes(&mut s, &doc);
    s.push_str("</g>\n</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::defs::{NEO_POINT_TRIM, NEO_ROUND_TRIM};
    use super::*;
    use crate::text::{TextBlock, TextLine, TextSpan};

    // write_text's tests live here, not in svg::text: scripts/mutants.sh
    // skips tests whose names contain `text::` (the text-measuring module's).

    fn text_block(lines: &[&str], font_size: f64, line_height: f64) -> TextBlock {
        let lines = lines
            .iter()
            .map(|t| TextLine { spans: vec![TextSpan { text: t.to_string(), bold: false, italic: false, width: 0.0 }], width: 0.0 })
            .collect();
        TextBlock { lines, font_size, line_height, ..TextBlock::default() }
    }

    fn tspan_ys(svg: &str) -> Vec<String> {
        svg.split("<tspan x=\"100\" y=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].to_string()).collect()
    }

    /// Each line's baseline: the block is centred on `center`, each line box
    /// `line_height` tall, the baseline half a leading plus the ascent below
    /// the box's top, 0.06 em higher (what Chromium does with mermaid's
    /// labels).
    #[test]
    fn write_text_centres_lines_and_sets_each_baseline_in_its_line_box() {
        let mut out = String::new();
        text::write_text(&mut out, &text_block(&["one", "two"], 16.0, 24.0), Point::new(100.0, 50.0), "fill:#333", "c");
        // top = 50 - 2 * 24 / 2 = 26; baseline = (24 - 1.117 * 16) / 2 + 0.905 * 16 - 0.06 * 16 = 16.584
        assert_eq!(tspan_ys(&out), ["42.584", "66.584"], "{out}");
        assert!(out.starts_with("<text class=\"c\" x=\"100\" text-anchor=\"middle\" font-size=\"16\" style=\"fill:#333\">"), "{out}");
    }

    #[test]
    fn write_text_counts_a_line_height_under_the_font_size_as_the_font_size() {
        let mut out = String::new();
        text::write_text(&mut out, &text_block(&["one"], 20.0, 10.0), Point::new(100.0, 0.0), "", "c");
        // lh = 20: top = -10; baseline = (20 - 22.34) / 2 + 18.1 - 1.2 = 15.73
        assert_eq!(tspan_ys(&out), ["5.73"], "{out}");
    }

    #[test]
    fn write_text_writes_nothing_for_a_blank_label() {
        let mut out = String::new();
        text::write_text(&mut out, &text_block(&[" ", ""], 16.0, 24.0), Point::new(100.0, 50.0), "", "c");
        assert_eq!(out, "");
    }

    #[test]
    fn urls() {
        for ok in ["https://example.com/x?y#z", "http://a", "mailto:a@b.c", "page.html", "/abs/path", "#frag", "?q=1", "dir/x:y"] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "java\tscript:x", "data:text/html,x", "vbscript:x", "//evil.com", "", "file:///etc/passwd"] {
            assert!(!is_safe_url(bad), "{bad}");
        }
        // Each guard on its own: a control character or backslash inside an
        // otherwise good link, and blanks around a relative one.
        for bad in ["https://example.com/\u{1}x", "https://example.com\\@evil.com", " docs/page.html", "docs/page.html\n"] {
            assert!(!is_safe_url(bad), "{bad:?}");
        }
    }

    #[test]
    fn path_data_writes_each_command() {
        let p = Path {
            commands: vec![
                PathCommand::MoveTo(Point::new(0.0, 0.5)),
                PathCommand::LineTo(Point::new(10.0, 5.25)),
                PathCommand::CubicTo(Point::new(1.0, 2.0), Point::new(3.0, 4.0), Point::new(5.0, 6.0)),
                PathCommand::Close,
            ],
        };
        assert_eq!(path_data(&p), "M0,0.5L10,5.25C1,2 3,4 5,6Z");
    }

    #[test]
    fn write_with_id_gives_the_root_a_safe_id() {
        let chart = crate::parse("graph TD\n A --> B\n", &Options::default()).unwrap();
        let layout = crate::layout(&chart, &Options::default()).unwrap();
        let svg = write_with_id(&layout, &Options::default(), "2 diagrams");
        assert!(svg.starts_with("<svg ") && svg.contains(" id=\"mmd-2_diagrams\""), "{}", &svg[..svg.len().min(300)]);
        assert!(write_with_id(&layout, &Options::default(), "page-3").contains(" id=\"page-3\""));
    }

    #[test]
    fn the_default_id_is_a_hash_of_the_drawing() {
        let id = |src: &str| {
            let chart = crate::parse(src, &Options::default()).unwrap();
            diagram_id(&crate::layout(&chart, &Options::default()).unwrap(), &Options::default())
        };
        let a = id("graph TD\n A --> B\n");
        assert_eq!(a, id("graph TD\n A --> B\n"));
        assert_ne!(a, id("graph TD\n A --> C\n"));
        assert!(a.len() == 20 && a.starts_with("mmd-") && a[4..].chars().all(|c| c.is_ascii_hexdigit()), "{a}");
        // FNV-1a's published test vector, so the ids never change silently.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    fn seed_layout() -> Layout {
        let chart = crate::parse("graph TD\n A --> B\n", &Options::default()).unwrap();
        crate::layout(&chart, &Options::default()).unwrap()
    }

    /// The root's opening tag.
    fn root_tag(svg: &str) -> &str {
        &svg[..svg.find('>').unwrap()]
    }

    #[test]
    fn the_root_size_follows_use_max_width_size_and_the_png_path() {
        let layout = seed_layout();
        let (w, h) = (n(layout.width), n(layout.height));
        let responsive = format!("width=\"100%\" style=\"max-width: {w}px;\"");
        let fixed = format!("width=\"{w}\" height=\"{h}\"");
        assert!(root_tag(&write_svg(&layout, &Options::default(), false)).contains(&responsive));
        // mmdc's `--size`: a box the browser keeps the drawing inside; 0 is no size.
        let sized = Options { size: Some(300), ..Options::default() };
        assert!(root_tag(&write_svg(&layout, &sized, false)).contains("width=\"100%\" style=\"max-width: 300px; max-height: 300px;\""));
        let zero = Options { size: Some(0), ..Options::default() };
        assert!(root_tag(&write_svg(&layout, &zero, false)).contains(&responsive));
        // The PNG path needs definite pixels, whatever the options say.
        assert!(root_tag(&write_svg(&layout, &Options::default(), true)).contains(&fixed));
        assert!(root_tag(&write_svg(&layout, &sized, true)).contains(&fixed));
        let mut not_responsive = layout.clone();
        not_responsive.config.flowchart.use_max_width = Some(false);
        assert!(root_tag(&write_svg(&not_responsive, &Options::default(), false)).contains(&fixed));
    }

    #[test]
    fn the_dark_palette_is_for_svg_files_only() {
        let layout = seed_layout();
        let dark = Options { dark_theme: Some(crate::Theme::Dark), ..Options::default() };
        let svg = write_svg(&layout, &dark, false);
        assert!(svg.contains("@media (prefers-color-scheme: dark)"));
        // Each role's rule carries the dark theme's colour (mermaid's dark
        // theme: node fill #1f2020, node border #ccc).
        assert!(svg.contains(" .mf-fill-nf{fill:#1f2020 !important;}"), "{svg}");
        assert!(svg.contains(" .mf-stroke-nb{stroke:#ccc !important;}"), "{svg}");
        assert!(!write_svg(&layout, &dark, true).contains("prefers-color-scheme"));
    }

    /// The attribute `name` of an element's opening tag.
    fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
        tag.split(&format!(" {name}=\"")).nth(1).unwrap_or_else(|| panic!("{name} in {tag}")).split('"').next().unwrap()
    }

    /// neo's edges stop short of the node by the trim, so each head's `refX`
    /// is mermaid's moved by exactly the trim, converted to marker units
    /// with the marker's own viewBox-to-size scale.
    #[test]
    fn neo_marker_references_move_by_the_line_trim() {
        let chart = crate::parse("graph LR\n A --> B\n B o--o C\n C x--x D\n A <--> D\n", &Options::default()).unwrap();
        let options = Options { look: Some(crate::config::Look::Neo), ..Options::default() };
        let svg = write_svg(&crate::layout(&chart, &options).unwrap(), &options, false);
        let mermaid_ref_x = [("pointEnd", 11.5, -1.0), ("pointStart", 0.0, 1.0), ("circleEnd", 12.25, -1.0), ("circleStart", -2.0, 1.0), ("crossEnd", 17.7, -1.0), ("crossStart", -3.5, 1.0)];
        for (kind, mermaid, sign) in mermaid_ref_x {
            let tag = svg.split(&format!("-{kind}-0\"")).nth(1).unwrap_or_else(|| panic!("{kind} marker")).split('>').next().unwrap();
            let view_box: Vec<f64> = attr(tag, "viewBox").split(' ').map(|v| v.parse().unwrap()).collect();
            let size = (attr(tag, "markerWidth").parse::<f64>().unwrap(), attr(tag, "markerHeight").parse::<f64>().unwrap());
            let units_per_px = (view_box[2] / size.0).max(view_box[3] / size.1);
            let trim = if kind.starts_with("point") { NEO_POINT_TRIM } else { NEO_ROUND_TRIM };
            let ref_x: f64 = attr(tag, "refX").parse().unwrap();
            assert!((ref_x - (mermaid + sign * trim * units_per_px)).abs() < 1e-3, "{kind}: refX {ref_x}");
        }
    }

    /// A blurred shadow needs room around the node, or the blur is clipped
    /// at the filter's default region.
    #[test]
    fn a_blurred_drop_shadow_widens_its_filter_region() {
        let options = Options { look: Some(crate::config::Look::Neo), ..Options::default() };
        let chart = crate::parse("graph TD\n A --> B\n", &options).unwrap();
        let svg = write_svg(&crate::layout(&chart, &options).unwrap(), &options, false);
        let filter = svg.split("<filter id=\"").nth(1).expect("neo draws a shadow").split('>').next().unwrap();
        assert!(filter.contains("x=\"-20%\" y=\"-20%\" width=\"150%\" height=\"150%\""), "{filter}");
    }

    /// With a dark palette, heads in the theme's line colour follow the
    /// palette switch (classes); heads in an author's colour keep it.
    #[test]
    fn only_heads_in_the_line_colour_follow_the_dark_palette() {
        let chart = crate::parse("graph LR\n A --> B\n B --> C\n linkStyle 1 stroke:#ff0000\n", &Options::default()).unwrap();
        let options = Options { dark_theme: Some(crate::Theme::Dark), ..Options::default() };
        let svg = write_svg(&crate::layout(&chart, &options).unwrap(), &options, false);
        let defs = svg.split("<defs>").nth(1).unwrap().split("</defs>").next().unwrap();
        let marker = |colour_index: usize| defs.split(&format!("-pointEnd-{colour_index}\"")).nth(1).unwrap().split("</marker>").next().unwrap().to_string();
        let (line, red) = if marker(0).contains("#ff0000") { (marker(1), marker(0)) } else { (marker(0), marker(1)) };
        assert!(red.contains("#ff0000") && !red.contains("mf-fill-ln"), "{red}");
        assert!(line.contains("class=\"mf-fill-ln mf-stroke-ln\""), "{line}");
    }

    /// Inline fonts are for SVG files; the PNG path draws with the embedded
    /// font already.
    #[cfg(feature = "font-embed")]
    #[test]
    fn fonts_are_inlined_only_when_asked_and_only_in_svg_files() {
        let layout = seed_layout();
        let embedded = Options { font_embedding: crate::FontEmbedding::UsedGlyphs, ..Options::default() };
        assert!(write_svg(&layout, &embedded, false).contains("@font-face{"));
        assert!(!write_svg(&layout, &embedded, true).contains("@font-face"));
        assert!(!write_svg(&layout, &Options::default(), false).contains("@font-face"));
    }

    /// The last point of an SVG path's data.
    fn last_point(d: &str) -> Point {
        let last = d.rsplit(|c: char| c.is_ascii_alphabetic()).find(|p| !p.trim().is_empty()).unwrap();
        let xy: Vec<f64> = last.split_whitespace().last().unwrap().split(',').map(|v| v.parse().unwrap()).collect();
        Point::new(xy[0], xy[1])
    }

    /// Each edge's `(class, d)` in the document.
    fn edge_paths(svg: &str) -> Vec<(String, String)> {
        svg.split("<path ").filter(|p| p.contains("flowchart-link")).map(|p| (attr(p, "class").to_string(), attr(p, "d").to_string())).collect()
    }

    /// The line stops where its head covers it: 4 px before a classic
    /// triangle's tip, at a classic circle, 12.5 px inside a neo circle.
    #[test]
    fn each_head_pulls_its_line_back_by_its_own_trim() {
        for (source, look, trim) in [("A --> B", None, 4.0), ("A --o B", None, 0.0), ("A --x B", None, 0.0), ("A --> B", Some(crate::config::Look::Neo), NEO_POINT_TRIM), ("A --o B", Some(crate::config::Look::Neo), NEO_ROUND_TRIM)] {
            let options = Options { look, ..Options::default() };
            let chart = crate::parse(&format!("graph TD\n {source}\n"), &options).unwrap();
            let layout = crate::layout(&chart, &options).unwrap();
            let laid_end = layout.edges[0].path.flatten(1.0).last().copied().unwrap();
            let paths = edge_paths(&write_svg(&layout, &options, false));
            let drawn_end = last_point(&paths[0].1);
            assert!((drawn_end.distance(laid_end) - trim).abs() < 0.01, "{source} {look:?}: {drawn_end:?} vs {laid_end:?}");
        }
    }

    #[test]
    fn every_visible_edge_is_drawn_with_its_thickness_and_pattern() {
        let chart = crate::parse("graph TD\n A ==> B\n B -.-> C\n C --> D\n A --> D\n A ~~~ C\n", &Options::default()).unwrap();
        let mut layout = crate::layout(&chart, &Options::default()).unwrap();
        // An edge of several pieces, as long routes have.
        let points = layout.edges[3].path.flatten(8.0);
        assert!(points.len() > 2);
        layout.edges[3].path = Path { commands: std::iter::once(PathCommand::MoveTo(points[0])).chain(points[1..].iter().map(|p| PathCommand::LineTo(*p))).collect() };
        let paths = edge_paths(&write_svg(&layout, &Options::default(), false));
        let classes: Vec<&str> = paths.iter().map(|(class, _)| class.as_str()).collect();
        assert_eq!(classes.len(), 4, "{classes:?}");
        assert!(classes[0].contains("edge-thickness-thick") && classes[0].contains("edge-pattern-solid"), "{}", classes[0]);
        assert!(classes[1].contains("edge-thickness-normal") && classes[1].contains("edge-pattern-dotted"), "{}", classes[1]);
        assert!(classes[2].contains("edge-thickness-normal") && classes[2].contains("edge-pattern-solid"), "{}", classes[2]);
    }

    #[test]
    fn trimming_the_start_follows_the_first_control_point() {
        let p = |x, y| Point::new(x, y);
        // Away from the origin and on a slant, so that the direction is a
        // difference of points in both coordinates: (3, 4), length 5, so a
        // trim of 2.5 moves both points by (1.5, 2).
        let mut curve = Path { commands: vec![PathCommand::MoveTo(p(5.0, 3.0)), PathCommand::CubicTo(p(8.0, 7.0), p(5.0, 23.0), p(5.0, 33.0))] };
        edges::trim_end(&mut curve, edges::PathEnd::Start, 2.5);
        assert_eq!(curve.commands, vec![PathCommand::MoveTo(p(6.5, 5.0)), PathCommand::CubicTo(p(9.5, 9.0), p(5.0, 23.0), p(5.0, 33.0))]);
        // A three-piece path is trimmed too; a negative or zero trim and a
        // piece too short to give a direction leave the path alone.
        let mut three = Path { commands: vec![PathCommand::MoveTo(p(0.0, 0.0)), PathCommand::LineTo(p(0.0, 10.0)), PathCommand::LineTo(p(0.0, 20.0))] };
        edges::trim_end(&mut three, edges::PathEnd::End, 4.0);
        assert_eq!(three.commands[2], PathCommand::LineTo(p(0.0, 16.0)));
        for d in [-5.0, 0.0] {
            let mut line = Path { commands: vec![PathCommand::MoveTo(p(0.0, 0.0)), PathCommand::LineTo(p(0.0, 10.0))] };
            edges::trim_end(&mut line, edges::PathEnd::Start, d);
            assert_eq!(line.commands[0], PathCommand::MoveTo(p(0.0, 0.0)), "{d}");
        }
        let mut tiny = Path { commands: vec![PathCommand::MoveTo(p(0.0, 0.0)), PathCommand::LineTo(p(1e-9, 0.0))] };
        edges::trim_end(&mut tiny, edges::PathEnd::Start, 4.0);
        assert_eq!(tiny.commands[0], PathCommand::MoveTo(p(0.0, 0.0)));
    }

    #[test]
    fn trimming_the_end_follows_the_last_control_point() {
        let p = |x, y| Point::new(x, y);
        let curve = |c1, c2, end| Path { commands: vec![PathCommand::MoveTo(p(0.0, 0.0)), PathCommand::CubicTo(c1, c2, end)] };
        // The end moves back towards c2 by 2.5 along (-3, -4): by (-1.5, -2),
        // and c2 moves with it.
        let mut along_c2 = curve(p(0.0, 10.0), p(5.0, 3.0), p(8.0, 7.0));
        edges::trim_end(&mut along_c2, edges::PathEnd::End, 2.5);
        assert_eq!(along_c2.commands[1], PathCommand::CubicTo(p(0.0, 10.0), p(3.5, 1.0), p(6.5, 5.0)));
        // With c2 on the end, the direction comes from c1.
        let mut along_c1 = curve(p(5.0, 3.0), p(8.0, 7.0), p(8.0, 7.0));
        edges::trim_end(&mut along_c1, edges::PathEnd::End, 2.5);
        assert_eq!(along_c1.commands[1], PathCommand::CubicTo(p(5.0, 3.0), p(6.5, 5.0), p(6.5, 5.0)));
        // A last piece too short to give a direction is left alone.
        let mut tiny_line = Path { commands: vec![PathCommand::MoveTo(p(0.0, 0.0)), PathCommand::LineTo(p(1e-9, 0.0))] };
        edges::trim_end(&mut tiny_line, edges::PathEnd::End, 4.0);
        assert_eq!(tiny_line.commands[1], PathCommand::LineTo(p(1e-9, 0.0)));
        let mut tiny_curve = curve(p(0.0, 0.0), p(1e-9, 0.0), p(1e-9, 0.0));
        edges::trim_end(&mut tiny_curve, edges::PathEnd::End, 4.0);
        assert_eq!(tiny_curve.commands[1], PathCommand::CubicTo(p(0.0, 0.0), p(1e-9, 0.0), p(1e-9, 0.0)));
    }

    #[test]
    fn trims_ends_along_the_path() {
        let mut p = Path { commands: vec![PathCommand::MoveTo(Point::new(0.0, 0.0)), PathCommand::LineTo(Point::new(0.0, 100.0))] };
        edges::trim_end(&mut p, edges::PathEnd::End, 4.0);
        edges::trim_end(&mut p, edges::PathEnd::Start, 4.0);
        assert_eq!(p.commands, vec![PathCommand::MoveTo(Point::new(0.0, 4.0)), PathCommand::LineTo(Point::new(0.0, 96.0))]);
    }
}
