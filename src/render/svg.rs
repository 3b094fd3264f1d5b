//! SVG output.
//!
//! PROVISIONAL: plain boxes, lines and text until the themed renderer lands
//! (rendering issue).

use crate::geom::{fmt_num as n, PathCommand};
use crate::layout::Layout;
use crate::options::Options;
use crate::text::FONT_FAMILY;

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes the layout as a standalone SVG document.
pub fn write(layout: &Layout, options: &Options) -> String {
    let _ = options;
    let mut s = String::new();
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\">\n",
        w = n(layout.width),
        h = n(layout.height)
    ));
    for node in &layout.nodes {
        let r = node.rect;
        s.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#ECECFF\" stroke=\"#9370DB\"/>\n",
            n(r.left()),
            n(r.top()),
            n(r.width),
            n(r.height)
        ));
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"central\" font-family=\"{}\" font-size=\"16\">{}</text>\n",
            n(r.x),
            n(r.y),
            FONT_FAMILY,
            escape(&node.label.plain_text())
        ));
    }
    for e in &layout.edges {
        let mut d = String::new();
        for c in &e.path.commands {
            match c {
                PathCommand::MoveTo(p) => d.push_str(&format!("M{},{}", n(p.x), n(p.y))),
                PathCommand::LineTo(p) => d.push_str(&format!("L{},{}", n(p.x), n(p.y))),
                PathCommand::CubicTo(a, b, p) => {
                    d.push_str(&format!("C{},{} {},{} {},{}", n(a.x), n(a.y), n(b.x), n(b.y), n(p.x), n(p.y)))
                }
                PathCommand::Close => d.push('Z'),
            }
        }
        s.push_str(&format!("<path d=\"{d}\" fill=\"none\" stroke=\"#333333\"/>\n"));
    }
    s.push_str("</svg>\n");
    s
}
