//! PNG output through usvg, resvg and tiny-skia.
//!
//! Text is drawn with the embedded Liberation Sans first, so output does not
//! depend on installed fonts and is byte-identical on every machine. Fonts
//! from [`Options::fonts`] come next; the system's fonts are loaded only when
//! some character of the diagram is in neither, and any character no font
//! has is reported as a warning.

use crate::error::{Error, ErrorKind};
use crate::layout::Layout;
use crate::options::Options;
use crate::text;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The largest image drawn, in pixels (width × height): 40 million, 160 MB
/// of RGBA (8,000 × 5,000), so a huge diagram or scale gives an error
/// instead of exhausting memory; encoding more would also take seconds.
const MAX_PIXELS: u64 = 40_000_000;
/// Most pixels the node, cluster and label fills may cover together (with
/// overlaps counted each time): 64 nested clusters filling a large image
/// once took seconds.
const MAX_FILLED_PIXELS: f64 = 600_000_000.0;
/// Longest total length of edge lines drawn, in pixels: 2,000 parallel
/// edges 20,000 px long, or 10,000 stacked self loops, once took seconds to
/// minutes to stroke.
const MAX_STROKED_PIXELS: f64 = 12_000_000.0;
/// Most dashes drawn: each is a path of its own for the rasteriser.
const MAX_DASHES: f64 = 1_000_000.0;

/// Renders the layout to PNG bytes.
pub fn render(layout: &Layout, options: &Options) -> Result<Vec<u8>, Error> {
    render_with_warnings(layout, options).map(|(png, _)| png)
}

/// Every character of every label, title and tooltip that is drawn.
fn drawn_chars(layout: &Layout) -> BTreeSet<char> {
    let mut set = BTreeSet::new();
    let mut add = |b: &text::TextBlock| set.extend(b.plain_text().chars().filter(|c| !c.is_whitespace() && !c.is_control()));
    for n in &layout.nodes {
        add(&n.label);
    }
    for e in &layout.edges {
        if let Some(l) = &e.label {
            add(l);
        }
    }
    for c in &layout.clusters {
        add(&c.title);
    }
    if let Some((t, _)) = &layout.title {
        add(t);
    }
    set
}

/// The characters of `chars` that the font face in `data` has glyphs for.
fn covered_by(data: &[u8], index: u32, chars: &[char]) -> Vec<char> {
    let Ok(font) = harfrust::FontRef::from_index(data, index) else { return Vec::new() };
    let shaper_data = harfrust::ShaperData::new(&font);
    let shaper = shaper_data.shaper(&font).build();
    let mut out = Vec::new();
    for &c in chars {
        let mut buf = harfrust::UnicodeBuffer::new();
        buf.add(c, 0);
        buf.guess_segment_properties();
        let shaped = shaper.shape(buf, harfrust::ShapeOptions::new());
        if shaped.glyph_infos().iter().all(|g| g.glyph_id != 0) {
            out.push(c);
        }
    }
    out
}

/// The fonts text is drawn with beyond the embedded Liberation Sans: the
/// caller's fonts, then only those system fonts that draw a character the
/// others lack. Shared with the PDF renderer, which builds its own font
/// database from the same files (it links another usvg version).
pub(crate) struct ChosenFonts {
    /// Font files (TTF/OTF/TTC bytes), in the order they are tried.
    pub extra: Vec<Vec<u8>>,
    /// One message per character that no font can draw.
    pub warnings: Vec<String>,
}

/// Picks the fonts for `layout`'s text; see [`ChosenFonts`].
pub(crate) fn choose_fonts(layout: &Layout, options: &Options) -> ChosenFonts {
    let mut extra: Vec<Vec<u8>> = options.fonts.clone();
    let mut warnings = Vec::new();
    // Characters the embedded font lacks: look in the caller's fonts, then
    // (only then) in the system's.
    let mut missing: Vec<char> = drawn_chars(layout).into_iter().filter(|&c| !text::has_glyph(c)).collect();
    if !missing.is_empty() {
        for data in &options.fonts {
            let faces = ttc_count(data);
            for i in 0..faces {
                let have = covered_by(data, i, &missing);
                missing.retain(|c| !have.contains(c));
            }
        }
    }
    if !missing.is_empty() {
        // Only the system fonts that draw a missing character are loaded,
        // in path order, so the choice does not depend on directory order.
        for path in system_font_files() {
            if missing.is_empty() {
                break;
            }
            // Bounded like every input: a "font" that is a link to
            // /dev/zero or a FIFO must not be read without end.
            let Ok(crate::input::Bounded::Complete(data)) = crate::input::read_file_limited(&path, options.limits.max_font_bytes) else {
                continue;
            };
            let mut useful = false;
            for i in 0..ttc_count(&data) {
                let have = covered_by(&data, i, &missing);
                if !have.is_empty() {
                    useful = true;
                    missing.retain(|c| !have.contains(c));
                }
            }
            if useful {
                extra.push(data);
            }
        }
        for c in &missing {
            warnings.push(format!("no font has a glyph for '{}' (U+{:04X}); it is drawn as a box", c, *c as u32));
        }
    }
    ChosenFonts { extra, warnings }
}

/// Parses our own SVG with the embedded faces plus the `extra` ones (from
/// [`choose_fonts`]); shared with the PDF writer, which gives svg2pdf the
/// same tree type (svg2pdf is built on this usvg).
pub(crate) fn parse_svg(svg: &str, extra: Vec<Vec<u8>>) -> Result<usvg::Tree, Error> {
    let mut db = usvg::fontdb::Database::new();
    // The embedded faces are borrowed, not copied: copying 1.6 MB of font
    // data cost more page faults than drawing a small diagram.
    for data in [text::FONT_REGULAR, text::FONT_BOLD, text::FONT_ITALIC, text::FONT_BOLD_ITALIC] {
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(data)));
    }
    for data in extra {
        db.load_font_data(data);
    }
    db.set_sans_serif_family(text::FONT_FAMILY);
    let opt = usvg::Options { fontdb: Arc::new(db), font_family: text::FONT_FAMILY.to_string(), ..Default::default() };
    usvg::Tree::from_str(svg, &opt).map_err(|e| Error::new(ErrorKind::Render, e.to_string()))
}

/// Renders the layout to PNG bytes, with warnings naming characters that no
/// available font can draw.
pub fn render_with_warnings(layout: &Layout, options: &Options) -> Result<(Vec<u8>, Vec<String>), Error> {
    // The size is known from the layout: refuse an image over the limit
    // before the SVG is written and parsed, which for a large diagram costs
    // seconds and hundreds of megabytes.
    let (scale, _, _) = check_pixels(layout.width.max(1.0), layout.height.max(1.0), options)?;
    let styles = crate::style::resolve(layout, &super::theme::Palette::resolve(&layout.config, options.theme));
    check_drawing_work(layout, &styles, scale)?;
    let svg = super::svg::write_resolved(layout, options, &styles, true, &super::svg::diagram_id(layout, options));
    let fonts = choose_fonts(layout, options);

    let tree = parse_svg(&svg, fonts.extra)?;
    let (w, h) = (tree.size().width() as f64, tree.size().height() as f64);
    let (scale, pw, ph) = check_pixels(w, h, options)?;
    let mut pixmap = tiny_skia::Pixmap::new(pw as u32, ph as u32)
        .ok_or_else(|| Error::new(ErrorKind::Render, "image too large"))?;
    match options.background.as_deref().map(str::trim) {
        Some(b) if b.eq_ignore_ascii_case("transparent") || b.eq_ignore_ascii_case("none") => {}
        Some(b) => {
            let c = super::theme::Color::parse(b)
                .ok_or_else(|| Error::new(ErrorKind::Render, format!("unknown background colour '{b}'")))?;
            pixmap.fill(tiny_skia::Color::from_rgba8(c.r.round() as u8, c.g.round() as u8, c.b.round() as u8, (c.a * 255.0).round() as u8));
        }
        None => pixmap.fill(tiny_skia::Color::WHITE),
    }
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale as f32, scale as f32), &mut pixmap.as_mut());
    let png = encode(pixmap).map_err(|e| Error::new(ErrorKind::Render, e.to_string()))?;
    Ok((png, fonts.warnings))
}

/// The scale and pixel size of a `w` × `h` drawing under the options'
/// scale, width or height, or the limit error when it has more than
/// [`MAX_PIXELS`].
fn check_pixels(w: f64, h: f64, options: &Options) -> Result<(f64, f64, f64), Error> {
    let scale = png_scale(w, h, options);
    let (pw, ph) = ((w * scale).ceil().max(1.0), (h * scale).ceil().max(1.0));
    if !(pw * ph <= MAX_PIXELS as f64) {
        return Err(Error::new(
            ErrorKind::Render,
            format!("the image would be {pw} x {ph} px, more than {MAX_PIXELS} pixels; use a smaller scale or width"),
        ));
    }
    Ok((scale, pw, ph))
}

/// How much the drawing is enlarged: `--size` (largest side), else width,
/// else height fit the drawing to that many pixels; the scale factor
/// multiplies a `--size` fit (mmdc 12: size is in CSS px, scale is the
/// device pixel ratio) and otherwise wins over width and height (mmdc 11).
fn png_scale(w: f64, h: f64, options: &Options) -> f64 {
    let scale = options.scale.filter(|s| s.is_finite() && *s > 0.0);
    if let Some(size) = options.size.filter(|s| *s > 0) {
        return size as f64 / w.max(h) * scale.unwrap_or(1.0);
    }
    match (options.width, options.height, scale) {
        (_, _, Some(s)) => s,
        (Some(pw), _, _) if pw > 0 => pw as f64 / w,
        (None, Some(ph), _) if ph > 0 => ph as f64 / h,
        _ => 1.0,
    }
}

/// Refuses a drawing whose fills, lines or dashes would keep the
/// rasteriser busy for seconds (see the limits above), estimated from the
/// layout: fills by box areas, lines by the length of their control
/// polygons (never shorter than the curve), dashes by line length over the
/// dash period.
fn check_drawing_work(layout: &Layout, styles: &crate::style::Styles, scale: f64) -> Result<(), Error> {
    let area = |r: &crate::geom::Rect| r.width.max(0.0) * r.height.max(0.0) * scale * scale;
    let filled: f64 = layout.nodes.iter().map(|n| area(&n.rect)).sum::<f64>()
        + layout.clusters.iter().map(|c| area(&c.rect)).sum::<f64>()
        + layout.edges.iter().filter_map(|e| e.label_box.as_ref()).map(area).sum::<f64>();
    let mut stroked = 0.0;
    let mut dashes = 0.0;
    for (e, style) in layout.edges.iter().zip(&styles.edges) {
        let length = control_length(&e.path) * scale;
        stroked += length;
        if let Some(period) = dash_period(&style.line) {
            dashes += length / (period * scale).max(1e-9);
        }
    }
    let refuse = |what: String| {
        Err(Error::new(ErrorKind::Render, format!("{what}; the PNG would take too long to draw (use SVG output or a smaller scale)")))
    };
    if !(filled <= MAX_FILLED_PIXELS) {
        return refuse(format!("fills would cover {filled:.0} pixels, more than {MAX_FILLED_PIXELS}"));
    }
    if !(stroked <= MAX_STROKED_PIXELS) {
        return refuse(format!("edge lines would be {stroked:.0} pixels long, more than {MAX_STROKED_PIXELS}"));
    }
    if !(dashes <= MAX_DASHES) {
        return refuse(format!("edges would have {dashes:.0} dashes, more than {MAX_DASHES}"));
    }
    Ok(())
}

/// Length of a path's control polygon (an upper bound of its length).
fn control_length(path: &crate::geom::Path) -> f64 {
    use crate::geom::PathCommand;
    let mut at = crate::geom::Point::default();
    let mut length = 0.0;
    for c in &path.commands {
        match *c {
            PathCommand::MoveTo(p) => at = p,
            PathCommand::LineTo(p) => {
                length += at.distance(p);
                at = p;
            }
            PathCommand::CubicTo(c1, c2, p) => {
                length += at.distance(c1) + c1.distance(c2) + c2.distance(p);
                at = p;
            }
            PathCommand::Close => {}
        }
    }
    length
}

/// The dash period of a resolved line, if it is dashed.
fn dash_period(line: &crate::style::Stroke) -> Option<f64> {
    let values = &line.dasharray.as_ref()?.value;
    let sum: f64 = values.iter().sum();
    // An odd list repeats to make an even one (SVG's rule).
    let period = if values.len() % 2 == 1 { 2.0 * sum } else { sum };
    (period > 0.0).then_some(period)
}

/// Encodes the pixmap as 8-bit RGBA PNG. tiny-skia's own `encode_png` uses
/// the png crate's defaults (adaptive filtering, balanced DEFLATE), which
/// took 85% of the seed diagram's whole run. Diagrams are flat colour, so
/// the cheap `Sub` filter and DEFLATE level 2 give files within 8% of that
/// size (seed: 14.5 KB against 13.4 KB) for a third of the work; level 1 or
/// fdeflate would be faster still but 1.5–2.7× larger.
fn encode(pixmap: tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let (w, h) = (pixmap.width(), pixmap.height());
    // PNG stores straight alpha; tiny-skia keeps premultiplied pixels.
    let rgba: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let mut out = Vec::with_capacity(rgba.len() / 8);
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_deflate_compression(png::DeflateCompression::Level(2));
        encoder.set_filter(png::Filter::Sub);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(&rgba)?;
    }
    Ok(out)
}

/// Font files in the usual system font folders, sorted by path.
fn system_font_files() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<std::path::PathBuf> =
        ["/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "/System/Library/Fonts", "C:\\Windows\\Fonts"]
            .iter()
            .map(std::path::PathBuf::from)
            .collect();
    if let Some(home) = std::env::var_os("HOME") {
        let home = std::path::PathBuf::from(home);
        dirs.push(home.join(".fonts"));
        dirs.push(home.join(".local/share/fonts"));
    }
    let mut files = Vec::new();
    let mut stack = dirs;
    let mut visited = 0usize;
    while let Some(dir) = stack.pop() {
        visited += 1;
        if visited > 10_000 {
            break;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file() {
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
                if matches!(ext.as_str(), "ttf" | "otf" | "ttc" | "otc") {
                    files.push(path);
                }
            }
        }
    }
    files.sort();
    files
}

/// Number of faces in a font file (a TrueType collection holds several).
fn ttc_count(data: &[u8]) -> u32 {
    if data.len() >= 12 && &data[0..4] == b"ttcf" {
        u32::from_be_bytes([data[8], data[9], data[10], data[11]]).min(64)
    } else {
        1
    }
}
