//! PDF output through svg2pdf: vector paths, text kept as text (an embedded
//! font subset, so `pdftotext` and search read the labels).
//!
//! The drawing is the SVG the PNG renderer draws, with the same fonts
//! ([`super::png::choose_fonts`]), parsed by the PNG path's usvg: the
//! crate pins usvg to the version svg2pdf is built on, so one usvg stack
//! serves both (a second one cost about 1 MB of binary).
//!
//! Units follow mmdc 12 (a browser printing the page): one SVG px is one CSS
//! px, 1/96 inch, so a 400 px wide diagram makes a 300 pt wide page. The
//! output has no creation date and no random ids: the same diagram gives the
//! same bytes.

use crate::error::{Error, ErrorKind};
use crate::layout::Layout;
use crate::options::{Options, PaperFormat};
use std::fmt::Write;

/// CSS px per inch.
const PX_PER_INCH: f64 = 96.0;
/// The page margin around a diagram placed on paper: a browser's default
/// body margin, as mmdc's `--pdf-paper-format` pages have.
const PAPER_MARGIN_PX: f64 = 8.0;

/// Page width and height in CSS px.
fn paper_px(format: PaperFormat) -> (f64, f64) {
    let mm = |w: f64, h: f64| (w / 25.4 * PX_PER_INCH, h / 25.4 * PX_PER_INCH);
    let inch = |w: f64, h: f64| (w * PX_PER_INCH, h * PX_PER_INCH);
    match format {
        PaperFormat::Letter => inch(8.5, 11.0),
        PaperFormat::Legal => inch(8.5, 14.0),
        PaperFormat::Tabloid => inch(11.0, 17.0),
        PaperFormat::Ledger => inch(17.0, 11.0),
        PaperFormat::A0 => mm(841.0, 1189.0),
        PaperFormat::A1 => mm(594.0, 841.0),
        PaperFormat::A2 => mm(420.0, 594.0),
        PaperFormat::A3 => mm(297.0, 420.0),
        PaperFormat::A4 => mm(210.0, 297.0),
        PaperFormat::A5 => mm(148.0, 210.0),
        PaperFormat::A6 => mm(105.0, 148.0),
    }
}

/// Where the diagram goes: the page size and the diagram's offset and scale
/// on it, all in CSS px.
struct Placement {
    page_w: f64,
    page_h: f64,
    x: f64,
    y: f64,
    scale: f64,
}

/// Without a paper format the page is the diagram (at `--size` if given);
/// on paper the diagram keeps that size but shrinks to fit inside the
/// margins, top-aligned and centred across.
fn place(w: f64, h: f64, options: &Options) -> Placement {
    let scale = options.size.filter(|s| *s > 0).map_or(1.0, |s| s as f64 / w.max(h));
    match options.pdf_paper {
        None => Placement { page_w: w * scale, page_h: h * scale, x: 0.0, y: 0.0, scale },
        Some(format) => {
            let (page_w, page_h) = paper_px(format);
            let room_w = page_w - 2.0 * PAPER_MARGIN_PX;
            let room_h = page_h - 2.0 * PAPER_MARGIN_PX;
            let scale = scale.min(room_w / w).min(room_h / h);
            let x = (page_w - w * scale) / 2.0;
            Placement { page_w, page_h, x, y: PAPER_MARGIN_PX, scale }
        }
    }
}

/// Renders the layout to PDF bytes, with warnings naming characters that no
/// available font can draw.
pub fn render_with_warnings(layout: &Layout, options: &Options) -> Result<(Vec<u8>, Vec<String>), Error> {
    let inner = super::svg::write_svg(layout, options, true);
    let fonts = super::png::choose_fonts(layout, options);
    let (w, h) = (layout.width.max(1.0), layout.height.max(1.0));
    let at = place(w, h, options);

    // The diagram's own SVG, nested in a page-sized one; the background
    // (if asked for) covers the page, as a browser paints the body.
    let mut page = String::with_capacity(inner.len() + 512);
    let _ = write!(
        page,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pw}\" height=\"{ph}\" viewBox=\"0 0 {pw} {ph}\">",
        pw = at.page_w,
        ph = at.page_h
    );
    match options.background.as_deref().map(str::trim) {
        None => {}
        Some(b) if b.eq_ignore_ascii_case("transparent") || b.eq_ignore_ascii_case("none") => {}
        Some(b) => {
            let c = super::theme::Color::parse(b)
                .ok_or_else(|| Error::new(ErrorKind::Render, format!("unknown background colour '{b}'")))?;
            let _ = write!(page, "<rect width=\"{}\" height=\"{}\" fill=\"{}\"/>", at.page_w, at.page_h, c.css());
        }
    }
    let _ = write!(page, "<g transform=\"translate({} {}) scale({})\">", at.x, at.y, at.scale);
    page.push_str(&inner);
    page.push_str("</g></svg>");

    let tree = super::png::parse_svg(&page, fonts.extra)?;
    let conversion = svg2pdf::ConversionOptions { compress: true, embed_text: true, ..Default::default() };
    let page_options = svg2pdf::PageOptions { dpi: PX_PER_INCH as f32 };
    let mut pdf = svg2pdf::to_pdf(&tree, conversion, page_options)
        .map_err(|e| Error::new(ErrorKind::Render, format!("PDF conversion failed: {e}")))?;
    sort_resource_entries(&mut pdf);
    Ok((pdf, fonts.warnings))
}

/// The resource dictionaries a PDF names its graphics states, fonts,
/// patterns and images in.
const RESOURCE_DICTS: [&[u8]; 6] =
    [b"/ExtGState <<\n", b"/XObject <<\n", b"/Pattern <<\n", b"/Shading <<\n", b"/Font <<\n", b"/ColorSpace <<\n"];

/// svg2pdf 0.13 writes each resource dictionary's entries in a `HashMap`'s
/// order (`ResourceContainer::finish`), which changes from run to run. The
/// dictionaries are written uncompressed by pdf-writer, one `/name value`
/// entry per line, so sorting those lines in place makes the bytes the same
/// every time without moving any object (the xref offsets stay right).
/// A dictionary whose entries span several lines is left as it is.
fn sort_resource_entries(pdf: &mut [u8]) {
    for opener in RESOURCE_DICTS {
        let mut from = 0;
        while let Some(at) = find(&pdf[from..], opener).map(|i| from + i) {
            let start = at + opener.len();
            from = start;
            let Some(len) = entries_len(&pdf[start..]) else { continue };
            let mut lines: Vec<Vec<u8>> = pdf[start..start + len].split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            lines.sort();
            pdf[start..start + len].copy_from_slice(&lines.concat());
        }
    }
}

/// The length of a dictionary's entry lines (up to its closing `>>` line),
/// if every entry is one `/name value` line.
fn entries_len(body: &[u8]) -> Option<usize> {
    let mut len = 0;
    for line in body.split_inclusive(|&b| b == b'\n') {
        let text = line.trim_ascii();
        if text == b">>" {
            return Some(len);
        }
        if !text.starts_with(b"/") || !line.ends_with(b"\n") || find(text, b"<<").is_some() || find(text, b">>").is_some() {
            return None;
        }
        len += line.len();
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Renders the layout to PDF bytes.
pub fn render(layout: &Layout, options: &Options) -> Result<Vec<u8>, Error> {
    render_with_warnings(layout, options).map(|(pdf, _)| pdf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_entries_are_sorted_in_place() {
        let mut pdf = b"1 0 obj\n<<\n  /Resources <<\n    /ExtGState <<\n      /gs1 8 0 R\n      /gs0 7 0 R\n    >>\n    /Font <<\n      /fo0 1 0 R\n    >>\n  >>\n>>\n".to_vec();
        let before = pdf.len();
        sort_resource_entries(&mut pdf);
        assert_eq!(pdf.len(), before);
        let text = String::from_utf8(pdf).unwrap();
        assert!(text.contains("/gs0 7 0 R\n      /gs1 8 0 R\n    >>"), "{text}");
        let mut nested = b"/XObject <<\n  /x0 <<\n  >>\n>>\n".to_vec();
        let copy = nested.clone();
        sort_resource_entries(&mut nested);
        assert_eq!(nested, copy, "multi-line entries are left alone");
    }

    /// svg2pdf's resource maps are hash maps seeded per map, so renders in
    /// one process already differ when the order leaks into the bytes.
    #[test]
    fn the_same_diagram_gives_the_same_pdf_every_time() {
        let src = "---\ntitle: T\n---\nflowchart LR\n a([Start]) -->|yes| b{Ok?} -.-> c[(Db)]\n subgraph s [Group]\n c\n end\n style a fill:#f9f,stroke-width:3px,opacity:0.5";
        let layout = crate::layout::layout(&crate::parse(src, &Options::default()).unwrap(), &Options::default()).unwrap();
        let first = render_with_warnings(&layout, &Options::default()).unwrap().0;
        for _ in 0..12 {
            assert!(render_with_warnings(&layout, &Options::default()).unwrap().0 == first, "PDF bytes changed between renders");
        }
    }

    #[test]
    fn fit_page_is_the_diagram_and_paper_keeps_margins() {
        let fit = place(400.0, 200.0, &Options::default());
        assert_eq!((fit.page_w, fit.page_h, fit.scale), (400.0, 200.0, 1.0));
        let sized = place(400.0, 200.0, &Options { size: Some(800), ..Options::default() });
        assert_eq!((sized.page_w, sized.page_h), (800.0, 400.0));
        let a4 = Options { pdf_paper: Some(PaperFormat::A4), ..Options::default() };
        let wide = place(4000.0, 100.0, &a4);
        assert!((wide.x - PAPER_MARGIN_PX).abs() < 1e-9, "a wide diagram fills the width");
        assert!(4000.0 * wide.scale <= wide.page_w - 2.0 * PAPER_MARGIN_PX + 1e-9);
        let small = place(100.0, 100.0, &a4);
        assert_eq!(small.scale, 1.0, "paper never enlarges a small diagram");
    }
}
