//! Text: the embedded font, measuring, wrapping and markdown spans.
//!
//! Layout asks this module for the size of every label, and the renderers use
//! the same lines and the same font, so what is measured is what is drawn.
//!
//! Widths come from shaping with harfrust (the shaper usvg uses to draw the
//! PNG) and the embedded Liberation Sans, which has Arial's metrics: that is
//! the font Chromium on Linux picks for mermaid's `"trebuchet ms", verdana,
//! arial, sans-serif` stack, so our boxes match what mermaid measures there.
//! Kerning is applied, as in the browser.

use crate::flowchart::{Label, LabelKind};
use harfrust::{FontRef, GlyphBuffer, ShapeOptions, ShapePlan, ShaperData, UnicodeBuffer};
use serde::Serialize;
use std::cell::Cell;
use std::sync::OnceLock;

/// The embedded font family name, first in every SVG `font-family` list.
pub const FONT_FAMILY: &str = "Liberation Sans";

/// A font file of assets/fonts/. The WebAssembly build only measures text
/// (no PNG, PDF or embedded fonts), so it takes the files of
/// assets/fonts/metrics/ instead: the same advances, kerning and
/// substitutions without the outlines, hinting and names
/// (scripts/metrics-fonts.py), a quarter of the size. A test below checks
/// that both measure every width alike.
#[cfg(not(all(feature = "wasm", target_arch = "wasm32")))]
macro_rules! font_file {
    ($name:literal) => {
        include_bytes!(concat!("../assets/fonts/", $name))
    };
}
#[cfg(all(feature = "wasm", target_arch = "wasm32"))]
macro_rules! font_file {
    ($name:literal) => {
        include_bytes!(concat!("../assets/fonts/metrics/", $name))
    };
}

/// Liberation Sans Regular (SIL OFL 1.1, see assets/fonts/).
pub static FONT_REGULAR: &[u8] = font_file!("LiberationSans-Regular.ttf");
/// Liberation Sans Bold.
pub static FONT_BOLD: &[u8] = font_file!("LiberationSans-Bold.ttf");
/// Liberation Sans Italic.
pub static FONT_ITALIC: &[u8] = font_file!("LiberationSans-Italic.ttf");
/// Liberation Sans Bold Italic.
pub static FONT_BOLD_ITALIC: &[u8] = font_file!("LiberationSans-BoldItalic.ttf");

/// Font settings for measuring one label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Font size in px.
    pub font_size: f64,
    /// Line height as a multiple of the font size (mermaid's labels: 1.5).
    pub line_height: f64,
    /// Bold by default (a `font-weight: bold` style).
    pub bold: bool,
    /// Italic by default.
    pub italic: bool,
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle { font_size: 16.0, line_height: 1.5, bold: false, italic: false }
    }
}

/// A run of text with one style, inside a line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextSpan {
    /// The characters.
    pub text: String,
    /// Bold (markdown `**…**`).
    pub bold: bool,
    /// Italic (markdown `*…*` / `_…_`).
    pub italic: bool,
    /// Advance width in px.
    pub width: f64,
}

/// One line of a laid-out label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextLine {
    /// Styled runs, left to right.
    pub spans: Vec<TextSpan>,
    /// Advance width of the whole line in px.
    pub width: f64,
}

/// A label broken into lines and measured.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct TextBlock {
    /// The lines, top to bottom.
    pub lines: Vec<TextLine>,
    /// Width of the widest line.
    pub width: f64,
    /// Total height: lines × font size × line height.
    pub height: f64,
    /// Font size used.
    pub font_size: f64,
    /// Line height in px.
    pub line_height: f64,
    /// The label text as written (quotes removed, entities decoded, markdown
    /// markers kept), before wrapping: what the layout JSON reports.
    pub source: String,
}

impl TextBlock {
    /// The plain text, lines joined with `\n`.
    pub fn plain_text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// One face of the embedded family, parsed on first use.
struct Face {
    font: FontRef<'static>,
    data: ShaperData,
}

/// What shaping with one face needs, built once per face.
struct Shaping {
    shaper: harfrust::Shaper<'static>,
    /// The plan for left-to-right Latin text: building a plan costs more
    /// than shaping a short label, and nearly every label is Latin.
    latin: ShapePlan,
    upem: f64,
}

/// The face `idx` (`bold as usize * 2 + italic as usize`). Each face is set
/// up on its own first use, not all four at once: `ShaperData::new` reads the
/// font's `kern` table into a set, which costs about a quarter of a small
/// diagram's whole run per face, and most diagrams never draw bold or italic.
fn face(idx: usize) -> Option<&'static Face> {
    static FACES: [OnceLock<Option<Face>>; 4] = [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
    const BYTES: [&[u8]; 4] = [FONT_REGULAR, FONT_ITALIC, FONT_BOLD, FONT_BOLD_ITALIC];
    FACES[idx]
        .get_or_init(|| {
            let font = FontRef::new(BYTES[idx]).ok()?;
            let data = ShaperData::new(&font);
            Some(Face { font, data })
        })
        .as_ref()
}

/// The shaper and Latin plan of face `idx`, built on its first use: building
/// a shaper reads the font's tables, which costs about as much as shaping a
/// short label.
fn shaping(idx: usize) -> Option<&'static Shaping> {
    static SHAPING: [OnceLock<Option<Shaping>>; 4] = [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
    SHAPING[idx]
        .get_or_init(|| {
            let face = face(idx)?;
            let shaper = face.data.shaper(&face.font).build();
            let upem = shaper.units_per_em().max(1) as f64;
            let latin = ShapePlan::new(&shaper, harfrust::Direction::LeftToRight, Some(harfrust::script::LATIN), None, &[]);
            Some(Shaping { shaper, latin, upem })
        })
        .as_ref()
}

/// Width of a character the embedded font has no glyph for. The browser
/// would draw it with a fallback font; CJK and emoji are about one em wide,
/// other scripts about Arial's average.
fn fallback_advance(c: char) -> f64 {
    let u = c as u32;
    let wide = (0x1100..=0x115F).contains(&u)
        || (0x2E80..=0xA4CF).contains(&u)
        || (0xAC00..=0xD7A3).contains(&u)
        || (0xF900..=0xFAFF).contains(&u)
        || (0xFE30..=0xFE4F).contains(&u)
        || (0xFF00..=0xFF60).contains(&u)
        || (0xFFE0..=0xFFE6).contains(&u)
        || (0x1F300..=0x1FAFF).contains(&u)
        || (0x20000..=0x3FFFD).contains(&u);
    if wide {
        1.0
    } else {
        0.6
    }
}

/// True if the embedded family has a glyph for `c` (the PNG renderer falls
/// back to other fonts for the rest). White space and controls count as
/// covered: they draw nothing.
pub fn has_glyph(c: char) -> bool {
    if c.is_whitespace() || c.is_control() {
        return true;
    }
    let mut tmp = [0u8; 4];
    shape_run(c.encode_utf8(&mut tmp), false, false, |out, _| out.glyph_infos().iter().all(|g| g.glyph_id != 0)).unwrap_or(false)
}

/// Shapes `text` in one face and hands the glyphs and the face's units per
/// em to `read`. The buffer is kept for the next call on this thread, so
/// shaping many labels allocates once (a cleared buffer is a new one:
/// `clear` resets direction, script, language and cluster level).
fn shape_run<R>(text: &str, bold: bool, italic: bool, read: impl FnOnce(&GlyphBuffer, f64) -> R) -> Option<R> {
    thread_local! {
        static SPARE: Cell<Option<UnicodeBuffer>> = const { Cell::new(None) };
    }
    let sh = shaping(bold as usize * 2 + italic as usize)?;
    let mut buf = SPARE.take().unwrap_or_default();
    buf.push_str(text);
    buf.guess_segment_properties();
    let plan = Some(&sh.latin)
        .filter(|_| buf.direction() == harfrust::Direction::LeftToRight && buf.script() == harfrust::script::LATIN);
    let out = sh.shaper.shape(buf, ShapeOptions::new().plan(plan));
    let result = read(&out, sh.upem);
    SPARE.set(Some(out.clear()));
    Some(result)
}

/// Advance width of `text` in one style, in px.
fn measure_run(text: &str, font_size: f64, bold: bool, italic: bool) -> f64 {
    if text.is_empty() {
        return 0.0;
    }
    let width = shape_run(text, bold, italic, |out, upem| {
        let mut units = 0.0;
        let mut missing = 0.0;
        for (info, pos) in out.glyph_infos().iter().zip(out.glyph_positions()) {
            if info.glyph_id == 0 {
                // The cluster value is the byte offset of the character.
                let c = text.get(info.cluster as usize..).and_then(|s| s.chars().next()).unwrap_or('?');
                missing += fallback_advance(c);
            } else {
                units += pos.x_advance as f64;
            }
        }
        (units / upem + missing) * font_size
    });
    width.unwrap_or_else(|| text.chars().map(fallback_advance).sum::<f64>() * font_size)
}

/// Advance width of `text` on one line, in px.
pub fn measure_line(text: &str, style: &TextStyle) -> f64 {
    measure_run(text, style.font_size, style.bold, style.italic)
}

/// A styled piece of a source line before wrapping.
#[derive(Debug, Clone)]
struct Run {
    text: String,
    bold: bool,
    italic: bool,
}

/// Splits one line of a markdown label into styled runs. Follows the
/// emphasis rules of mermaid's markdown (marked) closely enough for labels:
/// `**x**` / `__x__` bold, `*x*` / `_x_` italic, `***x***` both; a marker
/// without a matching closer on the line is literal text, and `_` inside a
/// word (`snake_case`) is literal.
fn markdown_runs(line: &str, base: &TextStyle) -> Vec<Run> {
    let chars: Vec<char> = line.chars().collect();
    // Every opener asks whether a closer follows; answering from a table
    // built once keeps a label of many styled words linear, not quadratic.
    let closers = Closers::new(&chars);
    let mut runs: Vec<Run> = Vec::new();
    let mut cur = String::new();
    let (mut bold, mut italic) = (false, false);
    // Open markers: the delimiter run text that opened bold / italic.
    let mut bold_marker: Option<String> = None;
    let mut italic_marker: Option<char> = None;
    let flush = |cur: &mut String, runs: &mut Vec<Run>, bold: bool, italic: bool| {
        if !cur.is_empty() {
            runs.push(Run { text: std::mem::take(cur), bold: bold || base.bold, italic: italic || base.italic });
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() && matches!(chars[i + 1], '*' | '_' | '\\') {
            cur.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c != '*' && c != '_' {
            cur.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j] == c {
            j += 1;
        }
        let mut n = j - i;
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        let next = chars.get(j).copied();
        let left_flanking = next.is_some_and(|n| !n.is_whitespace());
        let right_flanking = prev.is_some_and(|p| !p.is_whitespace());
        // Intraword underscores are text.
        if c == '_' && prev.is_some_and(|p| p.is_alphanumeric()) && next.is_some_and(|n| n.is_alphanumeric()) {
            for _ in 0..n {
                cur.push(c);
            }
            i = j;
            continue;
        }
        let mut consumed_any = false;
        // Closing first: a run after text can close open emphasis.
        if right_flanking {
            if n >= 2 && bold_marker.as_deref() == Some(&format!("{c}{c}")) {
                flush(&mut cur, &mut runs, bold, italic);
                bold = false;
                bold_marker = None;
                n -= 2;
                consumed_any = true;
            }
            if n >= 1 && italic_marker == Some(c) {
                flush(&mut cur, &mut runs, bold, italic);
                italic = false;
                italic_marker = None;
                n -= 1;
                consumed_any = true;
            }
            if n >= 2 && bold_marker.as_deref() == Some(&format!("{c}{c}")) {
                flush(&mut cur, &mut runs, bold, italic);
                bold = false;
                bold_marker = None;
                n -= 2;
                consumed_any = true;
            }
        }
        // Opening: only if a closer of the same kind follows on the line.
        if n > 0 && left_flanking {
            if n >= 2 && bold_marker.is_none() && closers.any_after(j, c, 2) {
                flush(&mut cur, &mut runs, bold, italic);
                bold = true;
                bold_marker = Some(format!("{c}{c}"));
                n -= 2;
                consumed_any = true;
            }
            if n >= 1 && italic_marker.is_none() && closers.any_after(j, c, 1) {
                flush(&mut cur, &mut runs, bold, italic);
                italic = true;
                italic_marker = Some(c);
                n -= 1;
                consumed_any = true;
            }
        }
        let _ = consumed_any;
        for _ in 0..n {
            cur.push(c);
        }
        i = j;
    }
    flush(&mut cur, &mut runs, bold, italic);
    runs
}

/// Where closing marker runs are: for `*` and `_`, and for runs of at least
/// one and at least two markers, whether a right-flanking run (one preceded
/// by a non-space character) starts at or after each position.
struct Closers {
    /// Indexed by `[marker][len - 1][position]`, marker 0 = `*`, 1 = `_`.
    at_or_after: [[Vec<bool>; 2]; 2],
}

impl Closers {
    fn new(chars: &[char]) -> Closers {
        let n = chars.len();
        let mut at_or_after = [[vec![false; n + 1], vec![false; n + 1]], [vec![false; n + 1], vec![false; n + 1]]];
        // Mark the start of every qualifying maximal run...
        let mut i = 0;
        while i < n {
            let c = chars[i];
            let m = match c {
                '*' => 0,
                '_' => 1,
                _ => {
                    i += 1;
                    continue;
                }
            };
            let mut j = i;
            while j < n && chars[j] == c {
                j += 1;
            }
            if i > 0 && !chars[i - 1].is_whitespace() {
                at_or_after[m][0][i] = true;
                if j - i >= 2 {
                    at_or_after[m][1][i] = true;
                }
            }
            i = j;
        }
        // ...then carry each mark back to every earlier position.
        for table in at_or_after.iter_mut().flat_map(|t| t.iter_mut()) {
            for k in (0..n).rev() {
                table[k] = table[k] || table[k + 1];
            }
        }
        Closers { at_or_after }
    }

    /// True if a right-flanking run of at least `len` markers `c` starts
    /// after position `j` (the first character after an opening run, which
    /// is never `c` itself).
    fn any_after(&self, j: usize, c: char, len: usize) -> bool {
        let m = if c == '*' { 0 } else { 1 };
        let table = &self.at_or_after[m][len.clamp(1, 2) - 1];
        table.get(j + 1).copied().unwrap_or(false)
    }
}

/// Collapses white space as HTML does for mermaid's labels: runs of spaces
/// and tabs become one space; the line is trimmed.
fn collapse_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        if c == ' ' || c == '\t' || c == '\r' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// A word (between spaces) as styled pieces, with its width.
struct Word {
    pieces: Vec<Run>,
    width: f64,
}

fn words_of(runs: &[Run], font_size: f64) -> Vec<Word> {
    let mut words: Vec<Word> = vec![Word { pieces: Vec::new(), width: 0.0 }];
    for r in runs {
        for (k, part) in r.text.split(' ').enumerate() {
            if k > 0 {
                words.push(Word { pieces: Vec::new(), width: 0.0 });
            }
            if !part.is_empty() {
                let w = words.last_mut().expect("words is never empty");
                w.width += measure_run(part, font_size, r.bold, r.italic);
                w.pieces.push(Run { text: part.to_string(), bold: r.bold, italic: r.italic });
            }
        }
    }
    words.retain(|w| !w.pieces.is_empty());
    words
}

/// Breaks an overlong word into pieces no wider than `max` (at least one
/// character each), as the browser's `overflow-wrap: anywhere` would.
fn split_word(word: Word, max: f64, font_size: f64) -> Vec<Word> {
    let mut out = Vec::new();
    let mut cur = Word { pieces: Vec::new(), width: 0.0 };
    for p in word.pieces {
        let mut piece = String::new();
        for ch in p.text.chars() {
            let mut trial = piece.clone();
            trial.push(ch);
            let tw = measure_run(&trial, font_size, p.bold, p.italic);
            let before = cur.width;
            if before + tw > max && (!piece.is_empty() || !cur.pieces.is_empty()) {
                if !piece.is_empty() {
                    cur.width += measure_run(&piece, font_size, p.bold, p.italic);
                    cur.pieces.push(Run { text: std::mem::take(&mut piece), bold: p.bold, italic: p.italic });
                }
                out.push(std::mem::replace(&mut cur, Word { pieces: Vec::new(), width: 0.0 }));
            }
            piece.push(ch);
        }
        if !piece.is_empty() {
            cur.width += measure_run(&piece, font_size, p.bold, p.italic);
            cur.pieces.push(Run { text: piece, bold: p.bold, italic: p.italic });
        }
    }
    if !cur.pieces.is_empty() {
        out.push(cur);
    }
    out
}

/// The runs as one measured line, neighbouring runs of one style merged.
fn whole_line(runs: &[Run], font_size: f64) -> TextLine {
    let mut spans: Vec<TextSpan> = Vec::new();
    for r in runs.iter().filter(|r| !r.text.is_empty()) {
        match spans.last_mut() {
            Some(s) if s.bold == r.bold && s.italic == r.italic => s.text.push_str(&r.text),
            _ => spans.push(TextSpan { text: r.text.clone(), bold: r.bold, italic: r.italic, width: 0.0 }),
        }
    }
    // A space between two styles ends the earlier span, as in `make_line`,
    // so SVG white-space handling at span boundaries cannot drop it.
    for i in 1..spans.len() {
        let lead = spans[i].text.len() - spans[i].text.trim_start_matches(' ').len();
        if lead > 0 {
            let rest = spans[i].text[lead..].to_string();
            spans[i - 1].text.push(' ');
            spans[i].text = rest;
        }
    }
    spans.retain(|s| !s.text.is_empty());
    let mut merged: Vec<TextSpan> = Vec::with_capacity(spans.len());
    for sp in spans {
        match merged.last_mut() {
            Some(m) if m.bold == sp.bold && m.italic == sp.italic => m.text.push_str(&sp.text),
            _ => merged.push(sp),
        }
    }
    let mut spans = merged;
    let mut width = 0.0;
    for s in &mut spans {
        s.width = measure_run(&s.text, font_size, s.bold, s.italic);
        width += s.width;
    }
    TextLine { spans, width }
}

/// Builds a measured line from words, joining them with spaces and merging
/// neighbouring pieces of one style into one span.
fn make_line(words: &[Word], font_size: f64) -> TextLine {
    let mut spans: Vec<TextSpan> = Vec::new();
    for (k, w) in words.iter().enumerate() {
        for (pi, p) in w.pieces.iter().enumerate() {
            let sep = if k > 0 && pi == 0 { " " } else { "" };
            match spans.last_mut() {
                Some(s) if s.bold == p.bold && s.italic == p.italic => {
                    s.text.push_str(sep);
                    s.text.push_str(&p.text);
                }
                _ => {
                    if let (Some(s), true) = (spans.last_mut(), !sep.is_empty()) {
                        // The space belongs to the earlier style, as in the source.
                        s.text.push_str(sep);
                    }
                    spans.push(TextSpan { text: p.text.clone(), bold: p.bold, italic: p.italic, width: 0.0 });
                }
            }
        }
    }
    let mut width = 0.0;
    for s in &mut spans {
        s.width = measure_run(&s.text, font_size, s.bold, s.italic);
        width += s.width;
    }
    TextLine { spans, width }
}

/// Lays out a label: splits at `\n`, parses markdown spans for markdown
/// labels, and wraps lines longer than `wrap_width` px at spaces (a word
/// longer than the width is broken between characters). `wrap_width` of
/// `None` means no wrapping.
pub fn layout_label(label: &Label, style: &TextStyle, wrap_width: Option<f64>) -> TextBlock {
    let fs = style.font_size;
    let line_px = fs * style.line_height;
    let mut lines: Vec<TextLine> = Vec::new();
    for src in label.text.split('\n') {
        let src = collapse_spaces(src);
        let runs = if label.kind == LabelKind::Markdown {
            markdown_runs(&src, style)
        } else {
            vec![Run { text: src, bold: style.bold, italic: style.italic }]
        };
        if runs.iter().all(|r| r.text.is_empty()) {
            lines.push(TextLine { spans: Vec::new(), width: 0.0 });
            continue;
        }
        // Most lines fit: shape each run once and keep the line whole.
        let whole = whole_line(&runs, fs);
        let max = wrap_width.filter(|w| *w > 0.0 && w.is_finite());
        let Some(max) = max.filter(|m| whole.width > *m + 1e-6) else {
            lines.push(whole);
            continue;
        };
        let words = words_of(&runs, fs);
        // Greedy filling, as the browser breaks a `max-width` box: a word
        // goes on the current line if the line with it still fits.
        let space = measure_run(" ", fs, style.bold, style.italic);
        let mut cur: Vec<Word> = Vec::new();
        let mut cur_w = 0.0;
        let mut queue: std::collections::VecDeque<Word> = words.into();
        while let Some(w) = queue.pop_front() {
            let add = if cur.is_empty() { w.width } else { cur_w + space + w.width };
            if add <= max + 1e-6 {
                cur_w = add;
                cur.push(w);
                continue;
            }
            if !cur.is_empty() {
                lines.push(make_line(&cur, fs));
                cur.clear();
                cur_w = 0.0;
            }
            if w.width > max + 1e-6 {
                let mut parts = split_word(w, max, fs);
                let last = parts.pop();
                for p in parts {
                    lines.push(make_line(std::slice::from_ref(&p), fs));
                }
                if let Some(l) = last {
                    cur_w = l.width;
                    cur.push(l);
                }
            } else {
                cur_w = w.width;
                cur.push(w);
            }
        }
        if !cur.is_empty() {
            lines.push(make_line(&cur, fs));
        }
    }
    let width = lines.iter().map(|l| l.width).fold(0.0, f64::max);
    let non_empty = !label.text.trim().is_empty();
    let height = if non_empty { lines.len() as f64 * line_px } else { 0.0 };
    TextBlock { lines, width, height, font_size: fs, line_height: line_px, source: label.text.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(text: &str, kind: LabelKind) -> Label {
        Label { text: text.to_string(), kind }
    }

    #[test]
    fn widths_follow_arial_metrics() {
        let s = TextStyle::default();
        // Arial advances (units of 2048): S 1366, t 569, a 1139, r 682 → 4325
        // units = 33.79 px at 16 px; "Start" with no kerning pair among them.
        let start = measure_line("Start", &s);
        assert!((start - (1366.0 + 569.0 + 1139.0 + 682.0 + 569.0) / 2048.0 * 16.0).abs() < 0.01, "{start}");
        // "Yes": Y 1366 + e 1139 + s 1024 with the Y-e kerning pair, which
        // mermaid's label box in Chromium shows as 26.1 px.
        let yes = measure_line("Yes", &s);
        assert!(yes < (1366.0 + 1139.0 + 1024.0) / 2048.0 * 16.0 - 0.5, "kerning applied: {yes}");
        assert!((yes - 26.11).abs() < 0.2, "{yes}");
        let bold = measure_line("Start", &TextStyle { bold: true, ..s });
        assert!(bold > start + 1.0);
        assert_eq!(measure_line("", &s), 0.0);
    }

    #[test]
    fn widths_match_chromium() {
        // Label widths mermaid 12.3 measured in Chromium 156 (Debian, Liberation
        // Sans for mermaid's font stack), from tools/reference/oracle.mjs.
        let s = TextStyle::default();
        for (text, chromium) in [("Yes", 26.109), ("No", 20.453), ("text", 25.797), ("dotted text", 74.719), ("thick text", 63.141), ("circle", 37.344), ("double", 48.047)] {
            let ours = measure_line(text, &s);
            assert!((ours - chromium).abs() < 0.1, "{text}: ours {ours}, chromium {chromium}");
        }
    }

    #[test]
    fn missing_glyphs_are_estimated() {
        let s = TextStyle::default();
        assert!(has_glyph('A'));
        assert!(!has_glyph('漢'));
        assert!((measure_line("漢字", &s) - 32.0).abs() < 1e-9);
    }

    #[test]
    fn lines_and_markdown() {
        let s = TextStyle::default();
        let b = layout_label(&label("one\ntwo  three", LabelKind::Text), &s, None);
        assert_eq!(b.lines.len(), 2);
        assert_eq!(b.plain_text(), "one\ntwo three");
        assert_eq!(b.height, 48.0);
        let m = layout_label(&label("a **bold** and *it* _x_ snake_case", LabelKind::Markdown), &s, None);
        let spans: Vec<(&str, bool, bool)> =
            m.lines[0].spans.iter().map(|s| (s.text.as_str(), s.bold, s.italic)).collect();
        assert_eq!(
            spans,
            // The space between two styles stays with the earlier one.
            vec![("a ", false, false), ("bold ", true, false), ("and ", false, false), ("it x ", false, true), ("snake_case", false, false)]
        );
        let t = layout_label(&label("**unclosed and *x", LabelKind::Markdown), &s, None);
        assert_eq!(t.plain_text(), "**unclosed and *x");
        let bi = layout_label(&label("***both***", LabelKind::Markdown), &s, None);
        assert_eq!(bi.lines[0].spans.len(), 1);
        assert!(bi.lines[0].spans[0].bold && bi.lines[0].spans[0].italic);
        // Markdown markers stay literal in plain labels.
        let p = layout_label(&label("**x**", LabelKind::Text), &s, None);
        assert_eq!(p.plain_text(), "**x**");
    }

    #[test]
    fn wraps_at_spaces_and_breaks_long_words() {
        let s = TextStyle::default();
        let text = "the quick brown fox jumps over the lazy dog again and again";
        let b = layout_label(&label(text, LabelKind::Text), &s, Some(100.0));
        assert!(b.lines.len() > 3);
        for l in &b.lines {
            assert!(l.width <= 100.0 + 1e-6, "{l:?}");
        }
        assert_eq!(b.plain_text().replace('\n', " "), text);
        let long = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz";
        let b = layout_label(&label(long, LabelKind::Text), &s, Some(60.0));
        assert!(b.lines.len() >= 6);
        assert_eq!(b.plain_text().replace('\n', ""), long);
        for l in &b.lines {
            assert!(l.width <= 60.0 + 1e-6);
        }
        // Unwrapped, the same text is one line.
        assert_eq!(layout_label(&label(text, LabelKind::Text), &s, None).lines.len(), 1);
    }

    #[test]
    fn wrapping_keeps_markdown_styles() {
        let s = TextStyle::default();
        let b = layout_label(&label("**bold words here** and *slanted text too*", LabelKind::Markdown), &s, Some(90.0));
        assert!(b.lines.len() >= 3, "{:?}", b.plain_text());
        assert_eq!(b.plain_text().replace('\n', " "), "bold words here and slanted text too");
        for l in &b.lines {
            for sp in &l.spans {
                let t = sp.text.trim();
                if ["bold", "words", "here"].iter().any(|w| t.contains(w)) {
                    assert!(sp.bold && !sp.italic, "{sp:?}");
                }
                if ["slanted", "text", "too"].iter().any(|w| t.contains(w)) {
                    assert!(sp.italic && !sp.bold, "{sp:?}");
                }
            }
            assert!(l.width <= 90.0 + 1e-6);
        }
    }

    #[test]
    fn markdown_openers_need_a_closer_later_on_the_line() {
        let s = TextStyle::default();
        // Each styled word as (trimmed text, bold, italic), and the plain text.
        let styles = |t: &str| -> (Vec<(String, bool, bool)>, String) {
            let b = layout_label(&label(t, LabelKind::Markdown), &s, None);
            let words = b.lines[0]
                .spans
                .iter()
                .filter(|sp| !sp.text.trim().is_empty())
                .map(|sp| (sp.text.trim().to_string(), sp.bold, sp.italic))
                .collect();
            (words, b.plain_text())
        };
        assert_eq!(styles("**a** b").0, vec![("a".into(), true, false), ("b".into(), false, false)]);
        assert_eq!(styles("**a b"), (vec![("**a b".into(), false, false)], "**a b".into()));
        assert_eq!(styles("_a_ snake_case").0, vec![("a".into(), false, true), ("snake_case".into(), false, false)]);
        // A marker run after a space does not close.
        assert_eq!(styles("*a *").1, "*a *");
        // Many styled words stay correct (and linear: see Closers).
        let many = "**x** _y_ ".repeat(500);
        let (words, _) = styles(many.trim());
        assert_eq!(words.iter().filter(|w| w.1 && w.0 == "x").count(), 500);
        assert_eq!(words.iter().filter(|w| w.2 && w.0 == "y").count(), 500);
    }

    #[test]
    fn empty_label_has_no_height() {
        let b = layout_label(&label("", LabelKind::Text), &TextStyle::default(), Some(200.0));
        assert_eq!(b.height, 0.0);
        assert_eq!(b.width, 0.0);
    }

    /// The tables of a font file by tag.
    fn tables(font: &[u8]) -> std::collections::BTreeMap<[u8; 4], &[u8]> {
        let be32 = |at: usize| u32::from_be_bytes(font[at..at + 4].try_into().unwrap()) as usize;
        let count = u16::from_be_bytes([font[4], font[5]]) as usize;
        (0..count)
            .map(|i| {
                let entry = 12 + 16 * i;
                let tag: [u8; 4] = font[entry..entry + 4].try_into().unwrap();
                let (offset, length) = (be32(entry + 8), be32(entry + 12));
                (tag, &font[offset..offset + length])
            })
            .collect()
    }

    /// The WebAssembly build's fonts (assets/fonts/metrics/) are the
    /// originals less the tables that only drawing reads, and measure every
    /// string exactly as the originals do: glyphs, advances and offsets.
    #[test]
    fn metrics_fonts_measure_as_the_fonts_do() {
        let pairs: [(&[u8], &[u8]); 4] = [
            (include_bytes!("../assets/fonts/LiberationSans-Regular.ttf"), include_bytes!("../assets/fonts/metrics/LiberationSans-Regular.ttf")),
            (include_bytes!("../assets/fonts/LiberationSans-Bold.ttf"), include_bytes!("../assets/fonts/metrics/LiberationSans-Bold.ttf")),
            (include_bytes!("../assets/fonts/LiberationSans-Italic.ttf"), include_bytes!("../assets/fonts/metrics/LiberationSans-Italic.ttf")),
            (include_bytes!("../assets/fonts/LiberationSans-BoldItalic.ttf"), include_bytes!("../assets/fonts/metrics/LiberationSans-BoldItalic.ttf")),
        ];
        let dropped: [&[u8; 4]; 9] = [b"glyf", b"loca", b"fpgm", b"prep", b"cvt ", b"gasp", b"post", b"FFTM", b"name"];
        // Every character of the fonts' blocks once, kerning pairs, ligature
        // candidates, marks on letters, and a few scripts without glyphs.
        let mut samples: Vec<String> = (0x20u32..0x2000).filter_map(char::from_u32).map(String::from).collect();
        samples.extend(
            ["AVATAR To Ty Yo WA LT P. F, fi fl ffi", "Do something else", "Condition?", "naïve café ŝ a\u{301} e\u{308}\u{323}", "Ωμέγα Привет שלום مرحبا", "日本語 🚀 ∑∫√"]
                .map(String::from),
        );
        for (whole, metrics) in pairs {
            let (whole_tables, metrics_tables) = (tables(whole), tables(metrics));
            for (tag, data) in &whole_tables {
                if dropped.contains(&tag) {
                    assert!(!metrics_tables.contains_key(tag), "{:?} should be dropped", std::str::from_utf8(tag));
                } else if tag == b"head" {
                    // checkSumAdjustment (bytes 8..12) covers the whole file.
                    assert_eq!((&data[..8], &data[12..]), (&metrics_tables[tag][..8], &metrics_tables[tag][12..]));
                } else {
                    assert_eq!(Some(data), metrics_tables.get(tag), "{:?}", std::str::from_utf8(tag));
                }
            }
            assert_eq!(metrics_tables.len(), whole_tables.len() - dropped.len());
            let shape_all = |bytes: &'static [u8]| {
                let font = FontRef::new(bytes).unwrap();
                let data = ShaperData::new(&font);
                let shaper = data.shaper(&font).build();
                samples
                    .iter()
                    .map(|text| {
                        let mut buf = UnicodeBuffer::new();
                        buf.push_str(text);
                        buf.guess_segment_properties();
                        let out = shaper.shape(buf, ShapeOptions::new());
                        let glyphs: Vec<(u32, i32, i32, i32)> = out
                            .glyph_infos()
                            .iter()
                            .zip(out.glyph_positions())
                            .map(|(g, p)| (g.glyph_id, p.x_advance, p.x_offset, p.y_offset))
                            .collect();
                        glyphs
                    })
                    .collect::<Vec<_>>()
            };
            assert_eq!(shape_all(whole), shape_all(metrics));
        }
    }
}
