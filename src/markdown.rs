//! Mermaid diagrams inside Markdown: finding the fenced blocks and rewriting
//! the flowcharts among them into image links, as `mmdc` does for `.md`
//! inputs.
//!
//! Recognised blocks are fenced code blocks whose info string starts with the
//! word `mermaid`: ```` ```mermaid ````, `~~~mermaid` (three or more fence
//! characters, closed by a fence of the same character at least as long), and
//! `:::mermaid … :::` (Azure DevOps, also read by `mmdc`). A fence may be
//! indented (inside a list item, for example); the same indentation is removed
//! from the block's lines. Fences of other languages are skipped whole, so a
//! ```` ```markdown ```` example that shows a mermaid block is left alone.
//! A block with no closing fence is not a diagram and is left as it is, and
//! fences inside block quotes (`> ```mermaid`) are not looked at.
//!
//! ```
//! use mmdflow::{markdown, Options};
//!
//! let doc = "# Guide\n\n```mermaid\nflowchart LR\n```\n\n~~~mermaid\nsequenceDiagram\n~~~\n";
//! let mut n = 0;
//! let out = markdown::rewrite(doc, &Options::default(), |diagram| {
//!     n += 1;
//!     // Render diagram.chart here (layout + render::svg::write) and save it.
//!     Ok(format!("./guide-{}.svg", diagram.index))
//! })
//! .unwrap();
//! assert_eq!(n, 1);
//! assert!(out.markdown.starts_with("# Guide\n\n![diagram](./guide-1.svg)\n\n~~~mermaid\n"));
//! // The sequence diagram is kept, with a warning.
//! assert_eq!(out.warnings.len(), 1);
//! ```

use crate::error::{Error, ErrorKind, Span};
use crate::flowchart::{Flowchart, Warning};
use crate::options::Options;

/// A mermaid code block found in a Markdown document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MermaidBlock {
    /// The diagram text: the lines between the fences, with the fence's
    /// indentation removed.
    pub source: String,
    /// Byte range in the document of the whole block, from the start of the
    /// opening fence line through the end of the closing fence line
    /// (including its line break).
    pub range: std::ops::Range<usize>,
    /// The whitespace before the opening fence, repeated before a
    /// replacement so it stays inside its list item.
    pub indent: String,
    /// 1-based line of the opening fence in the document.
    pub line: usize,
    /// For each line of `source`: its byte offset in `source` and the byte
    /// offset in the document where that (dedented) line begins.
    lines: Vec<(usize, usize)>,
}

impl MermaidBlock {
    /// Maps a byte offset in [`source`](MermaidBlock::source) to the byte
    /// offset of the same character in the document.
    pub fn map_offset(&self, offset: usize) -> usize {
        let i = self.lines.partition_point(|&(src, _)| src <= offset);
        match i.checked_sub(1).map(|i| self.lines[i]) {
            Some((src, doc)) => doc + (offset - src),
            None => self.range.start,
        }
    }

    /// Moves an error about [`source`](MermaidBlock::source) onto the
    /// document, so its line, column and snippet point into the Markdown
    /// file. An error without a position is placed on the opening fence.
    ///
    /// ```
    /// use mmdflow::{markdown, Options};
    /// let doc = "# T\n\n```mermaid\ngraph TD\n  A => B\n```\n";
    /// let block = &markdown::mermaid_blocks(doc)[0];
    /// let err = mmdflow::parse(&block.source, &Options::default()).unwrap_err();
    /// assert_eq!(err.line(), Some(2)); // line 2 of the diagram...
    /// let moved = block.map_error(&err, doc);
    /// assert_eq!(moved.line(), Some(5)); // ...is line 5 of the file
    /// assert!(moved.one_line("t.md").starts_with("t.md:5:5: error: "));
    /// ```
    pub fn map_error(&self, error: &Error, document: &str) -> Error {
        let (span, line) = match error.span() {
            Some(s) => (Span::new(self.map_offset(s.start), self.map_offset(s.end)), self.line_of(s.start, document)),
            None => (Span::new(self.range.start, self.range.start), self.line),
        };
        // The block knows its lines: no scan from the start of the document
        // per error (thousands of bad blocks in one file were quadratic).
        Error::at_line(error.kind(), error.message(), document, span, line)
    }

    /// The document line (1-based) of byte `offset` of the source, counted
    /// from the start of its own line (an offset past the last line's end
    /// lands on the closing fence).
    fn line_of(&self, offset: usize, document: &str) -> usize {
        let mapped = self.map_offset(offset).min(document.len());
        let newlines = |from: usize| document.as_bytes()[from.min(mapped)..mapped].iter().filter(|&&b| b == b'\n').count();
        match self.lines.partition_point(|&(src, _)| src <= offset).checked_sub(1) {
            Some(i) => self.line + 1 + i + newlines(self.lines[i].1),
            // Only an empty block has no line at or before the offset.
            None => self.line,
        }
    }

    /// Moves a warning about [`source`](MermaidBlock::source) onto the
    /// document (a warning without a position is placed on the fence).
    pub fn map_warning(&self, warning: &Warning) -> Warning {
        let span = match warning.span {
            Some(s) => Span::new(self.map_offset(s.start), self.map_offset(s.end)),
            None => Span::new(self.range.start, self.range.start),
        };
        Warning { message: warning.message.clone(), span: Some(span) }
    }
}

/// How a fence opened: its character, length and indentation width.
struct Fence {
    ch: u8,
    len: usize,
    indent: usize,
    mermaid: bool,
}

fn leading_ws(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// Recognises an opening fence line (without its line break).
fn opening(line: &str) -> Option<Fence> {
    let indent = leading_ws(line);
    let rest = &line[indent..];
    let ch = *rest.as_bytes().first()?;
    if !matches!(ch, b'`' | b'~' | b':') {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    if len < 3 {
        return None;
    }
    let info = rest[len..].trim();
    // CommonMark: a backtick fence's info string has no backticks (else the
    // line is inline code).
    if ch == b'`' && info.contains('`') {
        return None;
    }
    let word =
        info.trim_start_matches('{').split(|c: char| c.is_whitespace() || c == '}' || c == ',').next().unwrap_or("");
    let mermaid = word == "mermaid";
    // `:::` opens a container in many dialects (admonitions, ...); only
    // `:::mermaid` is a code fence, the rest stay ordinary text.
    if ch == b':' && !mermaid {
        return None;
    }
    Some(Fence { ch, len, indent, mermaid })
}

fn closes(line: &str, fence: &Fence) -> bool {
    let rest = line.trim_start_matches([' ', '\t']);
    let run = rest.bytes().take_while(|&b| b == fence.ch).count();
    run >= fence.len && rest[run..].trim().is_empty()
}

/// Finds every mermaid block of a Markdown document, in document order.
///
/// ```
/// let doc = "Intro\n\n- step\n\n  ```mermaid\n  graph TD\n    A --> B\n  ```\n";
/// let blocks = mmdflow::markdown::mermaid_blocks(doc);
/// assert_eq!(blocks.len(), 1);
/// assert_eq!(blocks[0].source, "graph TD\n  A --> B\n");
/// assert_eq!(blocks[0].line, 5);
/// assert_eq!(blocks[0].indent, "  ");
/// ```
pub fn mermaid_blocks(document: &str) -> Vec<MermaidBlock> {
    let mut blocks = Vec::new();
    // The open fence and the block being collected (its `range` starts at
    // the fence line; its end is set when the fence closes).
    let mut open: Option<(Fence, MermaidBlock)> = None;
    let mut offset = 0;
    for (i, raw) in document.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        match open.take() {
            None => {
                if let Some(fence) = opening(line) {
                    let block = MermaidBlock {
                        source: String::new(),
                        range: start..start,
                        indent: line[..fence.indent].to_string(),
                        line: i + 1,
                        lines: Vec::new(),
                    };
                    open = Some((fence, block));
                }
            }
            Some((fence, mut block)) => {
                if closes(line, &fence) {
                    if fence.mermaid {
                        block.range.end = offset;
                        blocks.push(block);
                    }
                } else {
                    if fence.mermaid {
                        // Remove up to the fence's indentation, never text.
                        let cut = leading_ws(raw).min(fence.indent);
                        block.lines.push((block.source.len(), start + cut));
                        block.source.push_str(&raw[cut..]);
                    }
                    open = Some((fence, block));
                }
            }
        }
    }
    blocks
}

/// A flowchart found in a Markdown document, parsed and ready to lay out.
#[derive(Debug)]
pub struct Diagram<'a> {
    /// 1-based position of the block among all the document's mermaid blocks
    /// (other diagram types count too, so names stay stable, as in `mmdc`).
    pub index: usize,
    /// The block it came from.
    pub block: &'a MermaidBlock,
    /// The parsed flowchart.
    pub chart: Flowchart,
}

impl Diagram<'_> {
    /// The image's alt text: the diagram's `accTitle`, else `diagram`.
    pub fn alt_text(&self) -> &str {
        self.chart.acc_title.as_deref().map(str::trim).filter(|t| !t.is_empty()).unwrap_or("diagram")
    }
}

/// The result of [`rewrite`].
#[derive(Debug, Clone, PartialEq)]
pub struct Rewritten {
    /// The document with each flowchart block replaced by an image link.
    pub markdown: String,
    /// How many blocks were replaced.
    pub replaced: usize,
    /// Warnings of the flowcharts, and one per block left alone because it
    /// is not a flowchart; spans are byte ranges of the document.
    pub warnings: Vec<Warning>,
}

/// A Markdown image: `![alt](url)`, or `![alt](url "title")` with a title.
/// Brackets in the alt text and quotes in the title are escaped, and spaces
/// or parentheses in the URL put it in angle brackets.
///
/// ```
/// use mmdflow::markdown::image_link;
/// assert_eq!(image_link("a [b]", "./x 1.svg", Some("say \"hi\"")), r#"![a \[b\]](<./x 1.svg> "say \"hi\"")"#);
/// assert_eq!(image_link("diagram", "./g-1.svg", None), "![diagram](./g-1.svg)");
/// ```
pub fn image_link(alt: &str, url: &str, title: Option<&str>) -> String {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut alt_esc = String::new();
    for c in one_line(alt).chars() {
        if matches!(c, '[' | ']' | '\\') {
            alt_esc.push('\\');
        }
        alt_esc.push(c);
    }
    let url = if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    };
    match title.map(one_line).filter(|t| !t.is_empty()) {
        Some(t) => format!("![{alt_esc}]({url} \"{}\")", t.replace('\\', "\\\\").replace('"', "\\\"")),
        None => format!("![{alt_esc}]({url})"),
    }
}

/// Replaces every flowchart block of `document` with an image link.
///
/// For each flowchart, in document order, `image` is called with the parsed
/// [`Diagram`]; it renders and stores the picture as it likes and returns the
/// URL to link to. The link's alt text is the diagram's `accTitle` (else
/// `diagram`) and its title the `accDescr`. Blocks of other diagram types
/// (`sequenceDiagram`, ...) stay as they are and give a warning.
///
/// # Errors
///
/// The first error of a block's parse, or of `image`, positioned in the
/// document (see [`MermaidBlock::map_error`]).
pub fn rewrite<F>(document: &str, options: &Options, mut image: F) -> Result<Rewritten, Error>
where
    F: FnMut(&Diagram<'_>) -> Result<String, Error>,
{
    let blocks = mermaid_blocks(document);
    let mut links = vec![None; blocks.len()];
    let mut warnings = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        match parse_block(document, i, block, options)? {
            Block::Other(w) => warnings.push(w),
            Block::Flowchart(diagram) => {
                warnings.extend(diagram.warnings());
                let url = image(&diagram).map_err(|e| block.map_error(&e, document))?;
                links[i] = Some(diagram.link(&url));
            }
        }
    }
    let mut replaced = links.iter().flatten().count();
    let html = raw_html_blocks(document, options)?;
    replaced += html.replaced;
    warnings.extend(html.warnings);
    let markdown = splice_with(document, &blocks, &links, &html.edits);
    Ok(Rewritten { markdown, replaced, warnings })
}

/// The raw-HTML diagrams of a Markdown document (`<div class="mermaid">`
/// blocks, as Jekyll pages written in Markdown carry them), replaced as the
/// HTML mode replaces them: the element kept, `data-processed="true"`, an
/// inline SVG inside. See [`crate::html::find_in_markdown`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawHtml {
    /// `(range, replacement)` edits for [`splice_with`], in document order.
    pub edits: Vec<(std::ops::Range<usize>, String)>,
    /// How many diagrams were replaced.
    pub replaced: usize,
    /// How many raw-HTML diagrams there are (flowcharts or not).
    pub found: usize,
    /// Their warnings (other diagram types left alone, flowchart warnings).
    pub warnings: Vec<Warning>,
}

/// Finds and renders the raw-HTML diagrams of `document` (none when built
/// without the `html` feature).
///
/// # Errors
///
/// The first flowchart error, positioned in the document.
pub fn raw_html_blocks(document: &str, options: &Options) -> Result<RawHtml, Error> {
    #[cfg(feature = "html")]
    {
        use crate::html;
        let blocks = html::find_in_markdown(document)?;
        let done = html::replace_blocks(document, &blocks, options, |d| html::inline_svg(d, options))?;
        let edits: Vec<_> =
            blocks.iter().zip(done.texts).filter_map(|(b, t)| t.map(|t| (b.range.clone(), t))).collect();
        Ok(RawHtml { replaced: edits.len(), edits, found: blocks.len(), warnings: done.warnings })
    }
    #[cfg(not(feature = "html"))]
    {
        let _ = (document, options);
        Ok(RawHtml::default())
    }
}

/// [`splice`], also applying `extra` `(range, text)` edits (those of
/// [`RawHtml`]); no edit may overlap a block.
pub fn splice_with(
    document: &str,
    blocks: &[MermaidBlock],
    replacements: &[Option<String>],
    extra: &[(std::ops::Range<usize>, String)],
) -> String {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = blocks
        .iter()
        .zip(replacements)
        .filter_map(|(b, r)| r.as_ref().map(|r| (b.range.clone(), b.replacement_text(document, r))))
        .collect();
    edits.extend(extra.iter().cloned());
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(document.len());
    let mut copied = 0;
    for (range, text) in &edits {
        if range.start < copied || range.end > document.len() {
            continue;
        }
        out.push_str(&document[copied..range.start]);
        out.push_str(text);
        copied = range.end;
    }
    out.push_str(&document[copied..]);
    out
}

/// What a mermaid block turned out to be.
// Made once per block and consumed at once; boxing the big variant would
// only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Block<'a> {
    /// A flowchart, parsed.
    Flowchart(Diagram<'a>),
    /// Another diagram type, to be left as it is; the warning says so.
    Other(Warning),
}

/// Parses one block of `document` (the `index`-th, from 0, of
/// [`mermaid_blocks`]), for callers that handle blocks themselves, for
/// example in parallel; [`rewrite`] is this plus [`splice`].
///
/// ```
/// use mmdflow::markdown::{mermaid_blocks, parse_block, Block};
/// let doc = "```mermaid\ngraph LR\n  accTitle: Flow\n  A --> B\n```\n~~~mermaid\npie\n~~~\n";
/// let blocks = mermaid_blocks(doc);
/// let options = mmdflow::Options::default();
/// match parse_block(doc, 0, &blocks[0], &options).unwrap() {
///     Block::Flowchart(d) => assert_eq!(d.link("a.svg"), "![Flow](a.svg)"),
///     Block::Other(_) => unreachable!(),
/// }
/// assert!(matches!(parse_block(doc, 1, &blocks[1], &options).unwrap(), Block::Other(_)));
/// ```
///
/// # Errors
///
/// The parse error, positioned in the document.
pub fn parse_block<'a>(
    document: &str,
    index: usize,
    block: &'a MermaidBlock,
    options: &Options,
) -> Result<Block<'a>, Error> {
    match crate::parse(&block.source, options) {
        Ok(chart) => Ok(Block::Flowchart(Diagram { index: index + 1, block, chart })),
        Err(e) if e.kind() == ErrorKind::UnsupportedDiagram => Ok(Block::Other(not_a_flowchart(index, block))),
        Err(e) => Err(block.map_error(&e, document)),
    }
}

impl Diagram<'_> {
    /// The Markdown image that replaces the block: alt text from
    /// [`alt_text`](Diagram::alt_text), title from the `accDescr`.
    pub fn link(&self, url: &str) -> String {
        image_link(self.alt_text(), url, self.chart.acc_descr.as_deref())
    }

    /// The flowchart's warnings, with spans moved onto the document.
    pub fn warnings(&self) -> Vec<Warning> {
        self.chart.warnings.iter().map(|w| self.block.map_warning(w)).collect()
    }
}

/// Copies `document`, putting `replacements[i]` (when `Some`) in place of
/// `blocks[i]`, indented like the block's fence and ending with the block's
/// line break. `blocks` are those of [`mermaid_blocks`] for this document.
///
/// ```
/// use mmdflow::markdown::{mermaid_blocks, splice};
/// let doc = "a\n```mermaid\ngraph TD\n```\nb\n";
/// let blocks = mermaid_blocks(doc);
/// assert_eq!(splice(doc, &blocks, &[Some("![x](x.svg)".into())]), "a\n![x](x.svg)\nb\n");
/// ```
pub fn splice(document: &str, blocks: &[MermaidBlock], replacements: &[Option<String>]) -> String {
    splice_with(document, blocks, replacements, &[])
}

impl MermaidBlock {
    /// What replaces the block when `text` does: `text`, indented like the
    /// fence and ending with the block's line break.
    pub fn replacement_text(&self, document: &str, text: &str) -> String {
        let mut out = String::with_capacity(self.indent.len() + text.len() + 2);
        out.push_str(&self.indent);
        out.push_str(text);
        let whole = document.get(self.range.clone()).unwrap_or("");
        if whole.ends_with("\r\n") {
            out.push_str("\r\n");
        } else if whole.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

fn not_a_flowchart(i: usize, block: &MermaidBlock) -> Warning {
    let kind = diagram_kind(&block.source);
    Warning {
        message: format!("mermaid block {} is not a flowchart ({kind}); left as it is", i + 1),
        span: Some(Span::new(block.range.start, block.range.start)),
    }
}

/// The diagram type a mermaid text names: the first word after any
/// front-matter and directives (`sequenceDiagram`, ...), else `empty`.
pub(crate) fn diagram_kind(source: &str) -> &str {
    let mut lines = source.lines().map(str::trim).filter(|l| !l.is_empty()).peekable();
    if lines.peek() == Some(&"---") {
        lines.next();
        for l in lines.by_ref() {
            if l == "---" {
                break;
            }
        }
    }
    lines.find(|l| !l.starts_with("%%")).and_then(|l| l.split_whitespace().next()).unwrap_or("empty")
}

/// Byte ranges of every fenced code block of a document, of any language,
/// from the opening fence line through the closing one (or the end of the
/// document when it is never closed, as CommonMark reads it).
///
/// ```
/// let doc = "a\n```html\n<div class=\"mermaid\">\n```\nb\n";
/// assert_eq!(mmdflow::markdown::fenced_code_ranges(doc), [2..36]);
/// ```
pub fn fenced_code_ranges(document: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut open: Option<(Fence, usize)> = None;
    let mut offset = 0;
    for raw in document.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        match open.take() {
            None => open = opening(line).map(|f| (f, start)),
            Some((fence, from)) if closes(line, &fence) => ranges.push(from..offset),
            still => open = still,
        }
    }
    if let Some((_, from)) = open {
        ranges.push(from..document.len());
    }
    ranges
}

/// What [`check`] found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// How many mermaid blocks the document has (flowcharts or not).
    pub blocks: usize,
    /// One error per flowchart block that does not parse, positioned in the
    /// document, in document order.
    pub errors: Vec<Error>,
    /// Warnings, as [`Rewritten::warnings`].
    pub warnings: Vec<Warning>,
}

/// Parses every flowchart block of `document` without rendering anything,
/// collecting all errors (not just the first), for linting docs in CI.
///
/// ```
/// let doc = "```mermaid\ngraph TD\n```\n\n```mermaid\npie\n```\n";
/// let found = mmdflow::markdown::check(doc, &mmdflow::Options::default());
/// assert_eq!(found.blocks, 2);
/// assert!(found.errors.is_empty());
/// assert_eq!(found.warnings.len(), 1); // `pie` is not a flowchart
/// ```
pub fn check(document: &str, options: &Options) -> Checked {
    let blocks = mermaid_blocks(document);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        match parse_block(document, i, block, options) {
            Ok(Block::Flowchart(d)) => warnings.extend(d.warnings()),
            Ok(Block::Other(w)) => warnings.push(w),
            Err(e) => errors.push(e),
        }
    }
    let mut count = blocks.len();
    match raw_html_check(document, options) {
        Ok((found, mut errs, warns)) => {
            count += found;
            warnings.extend(warns);
            errors.append(&mut errs);
        }
        Err(e) => errors.push(e),
    }
    Checked { blocks: count, errors, warnings }
}

/// [`check`] for the raw-HTML diagrams: how many, their errors, warnings.
fn raw_html_check(document: &str, options: &Options) -> Result<(usize, Vec<Error>, Vec<Warning>), Error> {
    #[cfg(feature = "html")]
    {
        use crate::html;
        let blocks = html::find_in_markdown(document)?;
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            match html::parse_block(document, i, block, options) {
                Ok(html::Parsed::Flowchart(d)) => warnings.extend(d.warnings()),
                Ok(html::Parsed::Other { warning, .. }) => warnings.push(warning),
                Err(e) => errors.push(e),
            }
        }
        Ok((blocks.len(), errors, warnings))
    }
    #[cfg(not(feature = "html"))]
    {
        let _ = (document, options);
        Ok((0, Vec::new(), Vec::new()))
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`, for
/// printing warnings in the `path:line:col:` form.
///
/// ```
/// assert_eq!(mmdflow::markdown::line_column("ab\ncäd", 6), (2, 3));
/// ```
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_puts_each_replacement_in_its_blocks_place() {
        let doc = "a\n```mermaid\ngraph TD\n```\nb\n```mermaid\ngraph LR\n```\n";
        let blocks = mermaid_blocks(doc);
        let both = splice(doc, &blocks, &[Some("![x](x.svg)".into()), Some("![y](y.svg)".into())]);
        assert_eq!(both, "a\n![x](x.svg)\nb\n![y](y.svg)\n");
        assert_eq!(splice(doc, &blocks, &[None, Some("Y".into())]), "a\n```mermaid\ngraph TD\n```\nb\nY\n");
    }

    #[test]
    fn line_column_steps_back_out_of_a_character() {
        // Byte 5 is inside the two-byte 'ä' (bytes 4 and 5): it counts as
        // the 'ä' itself, line 2, column 2.
        assert_eq!(line_column("ab\ncäd", 5), (2, 2));
        assert_eq!(line_column("ab\ncäd", 6), (2, 3));
        assert_eq!(line_column("ab", 99), (1, 3));
    }

    #[test]
    fn a_fenced_code_range_runs_to_its_closing_fence() {
        // Lines inside the fence, a shorter fence of the same kind and a
        // fence of the other kind, do not close it.
        let doc = "a\n````html\n<div class=\"mermaid\">\n```\n~~~~\n````\nb\n";
        let end = doc.find("b\n").unwrap();
        assert_eq!(fenced_code_ranges(doc), [2..end]);
        // Unclosed, it runs to the end of the document.
        assert_eq!(fenced_code_ranges("x\n```\ny\n"), [2..8]);
    }

    #[cfg(feature = "html")]
    #[test]
    fn check_counts_fenced_and_raw_html_diagrams_together() {
        let doc = "```mermaid\ngraph TD\n A-->B\n```\n\n<div class=\"mermaid\">\ngraph TD\n C-->D\n</div>\n\n<pre class=\"mermaid\">\ngraph LR\n E-->F\n</pre>\n";
        let found = check(doc, &Options::default());
        assert!(found.errors.is_empty(), "{:?}", found.errors);
        assert_eq!(found.blocks, 3);
    }

    #[test]
    fn a_flowcharts_warnings_are_reported_on_the_documents_lines() {
        // The unknown setting is on the document's line 4 (the block's 1).
        let doc = "Intro\n\n```mermaid\n%%{init: {\"noSuchSetting\": 1}}%%\ngraph TD\n A-->B\n```\n";
        let found = check(doc, &Options::default());
        assert!(found.errors.is_empty());
        let w = found.warnings.iter().find(|w| w.message.contains("noSuchSetting")).expect("a warning for the unknown setting");
        let span = w.span.expect("the warning has a place");
        assert_eq!(line_column(doc, span.start).0, 4, "{w:?}");
    }

    #[test]
    fn finds_backtick_tilde_and_colon_fences() {
        let doc =
            "a\n```mermaid\ngraph TD\n```\nb\n~~~~ mermaid {theme: dark}\ngraph LR\n~~~~\n:::mermaid\ngraph BT\n:::\n";
        let blocks = mermaid_blocks(doc);
        let sources: Vec<_> = blocks.iter().map(|b| b.source.as_str()).collect();
        assert_eq!(sources, ["graph TD\n", "graph LR\n", "graph BT\n"]);
        assert_eq!(&doc[blocks[0].range.clone()], "```mermaid\ngraph TD\n```\n");
        assert_eq!(blocks.iter().map(|b| b.line).collect::<Vec<_>>(), [2, 6, 9]);
    }

    #[cfg(feature = "html")]
    #[test]
    fn raw_html_diagrams_are_replaced_and_counted_with_the_fenced_ones() {
        let doc = "```mermaid\ngraph TD\n A-->B\n```\n\n<div class=\"mermaid\">\ngraph TD\n C-->D\n</div>\n";
        let out = rewrite(doc, &Options::default(), |_| Ok("./x-1.svg".to_string())).unwrap();
        assert_eq!(out.replaced, 2);
        assert!(out.markdown.starts_with("![diagram](./x-1.svg)\n\n<div class=\"mermaid\" data-processed=\"true\"><svg "), "{}", out.markdown);
    }

    #[test]
    fn edits_that_overlap_an_earlier_one_or_run_past_the_end_are_dropped() {
        let doc = "0123456789";
        let edits = [(2..5, "a".to_string()), (4..6, "b".to_string()), (8..11, "c".to_string()), (6..7, "d".to_string())];
        assert_eq!(splice_with(doc, &[], &[], &edits), "01a5d789");
    }

    #[test]
    fn the_language_word_ends_at_a_space_brace_or_comma() {
        // Pandoc's `{mermaid}`, attribute lists, and `mermaid,option` forms.
        for info in ["{mermaid}", "{mermaid .wide}", "mermaid,linenos", "mermaid title=\"x\""] {
            let doc = format!("```{info}\ngraph TD\n```\n");
            assert_eq!(mermaid_blocks(&doc).len(), 1, "{info}");
        }
        assert!(mermaid_blocks("```mermaidjs\ngraph TD\n```\n").is_empty());
    }

    #[test]
    fn skips_other_fences_and_short_closers() {
        // A mermaid block shown inside a longer markdown fence is an example,
        // not a diagram; a shorter fence does not close a longer one.
        let doc = "````markdown\n```mermaid\ngraph TD\n```\n````\n````mermaid\ngraph LR\n```\nstill\n````\n";
        let blocks = mermaid_blocks(doc);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].source, "graph LR\n```\nstill\n");
    }

    #[test]
    fn unclosed_and_inline_fences_are_not_blocks() {
        assert!(mermaid_blocks("```mermaid `x`\ngraph TD\n```\n").is_empty());
        assert!(mermaid_blocks("```mermaid\ngraph TD\n").is_empty());
        assert!(mermaid_blocks(":::note\n```\n:::\n").is_empty());
        assert!(mermaid_blocks("```mermaidx\ngraph TD\n```\n").is_empty());
    }

    #[test]
    fn offsets_map_back_through_the_indentation() {
        let doc = "1. item\n\n   ```mermaid\n   graph TD\n     A\n   ```\n";
        let b = &mermaid_blocks(doc)[0];
        assert_eq!(b.source, "graph TD\n  A\n");
        let a = b.source.find('A').unwrap();
        assert_eq!(&doc[b.map_offset(a)..b.map_offset(a) + 1], "A");
        let e = Error::at(ErrorKind::Syntax, "bad", &b.source, Span::new(a, a + 1));
        let moved = b.map_error(&e, doc);
        assert_eq!((moved.line(), moved.column()), (Some(5), Some(6)));
        assert_eq!(moved.one_line("f.md"), "f.md:5:6: error: bad");
        // An error at the end of the source (an unclosed construct) lands
        // on the closing fence's line.
        let end = b.source.len();
        let at_end = b.map_error(&Error::at(ErrorKind::Syntax, "eof", &b.source, Span::new(end, end)), doc);
        assert_eq!(at_end.line(), Some(6));
        // An empty block's errors sit on its opening fence.
        let empty_doc = "x\n\n```mermaid\n```\n";
        let empty = &mermaid_blocks(empty_doc)[0];
        let moved = empty.map_error(&Error::at(ErrorKind::Syntax, "empty", "", Span::new(0, 0)), empty_doc);
        assert_eq!(moved.line(), Some(3));
    }

    #[test]
    fn rewrite_keeps_indentation_crlf_and_other_text() {
        let doc = "x\r\n  ```mermaid\r\n  graph TD\r\n  ```\r\ny\r\n";
        let out = rewrite(doc, &Options::default(), |d| Ok(format!("./d-{}.svg", d.index))).unwrap();
        assert_eq!(out.markdown, "x\r\n  ![diagram](./d-1.svg)\r\ny\r\n");
        assert_eq!(out.replaced, 1);
    }

    #[test]
    fn the_type_of_another_diagram_is_named_past_front_matter() {
        let doc = "```mermaid\n---\ntitle: T\n---\n%%{init: {}}%%\nsequenceDiagram\n```\n";
        let out = rewrite(doc, &Options::default(), |_| Ok(String::new())).unwrap();
        assert_eq!(out.markdown, doc);
        assert_eq!(out.warnings[0].message, "mermaid block 1 is not a flowchart (sequenceDiagram); left as it is");
    }

    #[test]
    fn rewrite_reports_image_errors_at_the_fence() {
        let doc = "intro\n\n```mermaid\ngraph TD\n```\n";
        let err = rewrite(doc, &Options::default(), |_| Err(Error::new(ErrorKind::Render, "too big"))).unwrap_err();
        assert_eq!(err.one_line("g.md"), "g.md:3:1: error: too big");
    }
}
