//! `--font-embed`: the label font, cut down to the glyphs the diagram uses,
//! as base64 `@font-face` rules in the SVG's style sheet.
//!
//! Labels are measured with Liberation Sans (Arial's metrics, embedded in
//! the library), and the SVG names it first in its font list. A viewer
//! without it or Arial falls back to another sans-serif and long labels can
//! overflow their boxes; embedding the used glyphs makes the drawing look the
//! same everywhere, for a few kilobytes.
//!
//! Contract: one rule per face (regular, bold, italic, bold italic) that a
//! label uses, holding that face's glyphs for the characters drawn in it and
//! `.notdef`; byte-identical for the same diagram (the subsetter is
//! deterministic and glyphs are taken in code-point order). The font is
//! `data:` inline: nothing is fetched. Subsetting is allsorts' (a web
//! profile, with a Unicode cmap, as browsers require).

use crate::layout::Layout;
use crate::text::{self, TextBlock};
use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};
use allsorts::Font;
use base64::Engine as _;
use std::collections::BTreeSet;

/// A face of the label font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Face {
    bold: bool,
    italic: bool,
}

impl Face {
    const ALL: [Face; 4] = [
        Face { bold: false, italic: false },
        Face { bold: true, italic: false },
        Face { bold: false, italic: true },
        Face { bold: true, italic: true },
    ];

    fn data(self) -> &'static [u8] {
        match (self.bold, self.italic) {
            (false, false) => text::FONT_REGULAR,
            (true, false) => text::FONT_BOLD,
            (false, true) => text::FONT_ITALIC,
            (true, true) => text::FONT_BOLD_ITALIC,
        }
    }
}

/// Every text block the SVG draws.
fn text_blocks(layout: &Layout) -> impl Iterator<Item = &TextBlock> {
    let nodes = layout.nodes.iter().map(|n| &n.label);
    let edges = layout.edges.iter().filter_map(|e| e.label.as_ref());
    let clusters = layout.clusters.iter().map(|c| &c.title);
    let title = layout.title.iter().map(|t| &t.0);
    nodes.chain(edges).chain(clusters).chain(title)
}

/// The characters drawn in `face`, sorted.
fn characters(layout: &Layout, face: Face) -> BTreeSet<char> {
    text_blocks(layout)
        .flat_map(|b| b.lines.iter())
        .flat_map(|l| l.spans.iter())
        .filter(|s| s.bold == face.bold && s.italic == face.italic)
        .flat_map(|s| s.text.chars())
        .filter(|c| !c.is_control())
        .collect()
}

/// The `@font-face` rules for the faces `layout` uses, or an error message
/// (a font the subsetter cannot read is a bug, never the user's input).
pub(crate) fn font_faces(layout: &Layout) -> Result<String, String> {
    let mut css = String::new();
    for face in Face::ALL {
        let chars = characters(layout, face);
        if chars.is_empty() {
            continue;
        }
        let font = subset_face(face, &chars)?;
        css.push_str(&format!(
            "@font-face{{font-family:'{}';font-weight:{};font-style:{};src:url(data:font/ttf;base64,{}) format('truetype');}}",
            text::FONT_FAMILY,
            if face.bold { "bold" } else { "normal" },
            if face.italic { "italic" } else { "normal" },
            base64::engine::general_purpose::STANDARD.encode(font)
        ));
    }
    Ok(css)
}

/// `face` cut down to `.notdef` and the glyphs of `chars`.
fn subset_face(face: Face, chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let scope = ReadScope::new(face.data());
    let data = scope.read::<FontData<'_>>().map_err(|e| format!("embedded font: {e}"))?;
    let provider = data.table_provider(0).map_err(|e| format!("embedded font: {e}"))?;
    let mut font = Font::new(provider).map_err(|e| format!("embedded font: {e}"))?;
    let mut glyphs: BTreeSet<u16> = BTreeSet::from([0]);
    for &c in chars {
        let (glyph, _) = font.lookup_glyph_index(c, MatchingPresentation::NotRequired, None);
        if glyph != 0 {
            glyphs.insert(glyph);
        }
    }
    let glyphs: Vec<u16> = glyphs.into_iter().collect();
    subset(&font.font_table_provider, &glyphs, &SubsetProfile::Minimal, CmapTarget::Unicode).map_err(|e| format!("font subset: {e}"))
}
