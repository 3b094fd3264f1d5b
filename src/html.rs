//! Mermaid diagrams inside HTML pages: finding them the way static-site tools
//! mark them, and replacing the flowcharts among them with inline SVG (or an
//! `<img>`), leaving every other byte of the page as it was.
//!
//! Recognised, as the sites' own tools mark them:
//!
//! - any element with the class `mermaid` (`<div class="mt-10 mermaid">`,
//!   `<pre class="mermaid">`, MkDocs' `<pre class="mermaid"><code>`), read as
//!   mermaid.js's `run()` reads it: the inner HTML, entity-decoded, `<br>`
//!   kept, dedented and trimmed. Elements that already have `data-processed`
//!   were drawn before and are skipped;
//! - fenced code that a site generator rendered: `<pre><code
//!   class="language-mermaid">` (kramdown, Hugo, Zola, mdBook,
//!   pulldown-cmark, MkDocs), `<pre class="language-mermaid">` or
//!   `data-lang="mermaid"`, and Jekyll's rouge wrapper `<div
//!   class="language-mermaid highlighter-rouge">`. Their text content is
//!   taken, so highlighters that split it into `<span>`s do not matter.
//!
//! The page is parsed by [`lol_html`], a streaming HTML rewriter, which gives
//! the exact byte range of every start and end tag; the replacement is then
//! spliced into the original text, so front matter, Liquid tags, comments,
//! scripts, whitespace and even invalid HTML stay byte for byte. A
//! `.mermaid` element keeps its tag and attributes and gains
//! `data-processed="true"` (so a mermaid.js still on the page leaves it
//! alone); a code block is replaced whole by `<div class="mermaid"
//! data-processed="true">`.
//!
//! Every inline SVG gets an id unique within the page (`…-1`, `…-2`), and its
//! style sheet is scoped to that id ([`crate::render::svg`]), so nothing in a
//! diagram restyles the page around it.
//!
//! ```
//! let page = "---\ntitle: Guide\n---\n<p>{{ page.title }}</p>\n<div class=\"mt-10 mermaid\">\n  graph TD;\n    A --&gt; B;\n</div>\n";
//! let out = mmdflow::html::rewrite_inline(page, &mmdflow::Options::default()).unwrap();
//! assert!(out.html.starts_with("---\ntitle: Guide\n---\n<p>{{ page.title }}</p>\n<div class=\"mt-10 mermaid\" data-processed=\"true\"><svg"));
//! assert!(out.html.ends_with("</svg></div>\n"));
//! assert_eq!(out.reports[0].line, 5);
//! ```

use crate::error::{Error, ErrorKind, Span};
use crate::flowchart::{Flowchart, Warning};
use crate::options::Options;
use lol_html::html_content::Element;
use lol_html::{doc_text, element, end_tag, HtmlRewriter, Settings};
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

/// How a diagram was marked in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// An element with the class `mermaid`; it is kept, and its content
    /// replaced.
    MermaidElement,
    /// Rendered fenced code (`<pre><code class="language-mermaid">`, rouge's
    /// wrapper, ...); it is replaced whole.
    CodeBlock,
}

/// A mermaid diagram found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageBlock {
    /// The diagram text: entity-decoded, dedented and trimmed.
    pub source: String,
    /// How it was marked.
    pub form: Form,
    /// Byte range of the whole element, start tag through end tag.
    pub range: Range<usize>,
    /// Byte range of the start tag.
    pub start_tag: Range<usize>,
    /// For each byte of `source`, the byte offset in the page it came from
    /// (an entity's characters all map to its `&`).
    offsets: Vec<usize>,
}

impl PageBlock {
    /// Maps a byte offset in [`source`](PageBlock::source) to the page.
    pub fn map_offset(&self, offset: usize) -> usize {
        match self.offsets.get(offset) {
            Some(&at) => at,
            // Past the end: just after the last character.
            None => self.offsets.last().map_or(self.range.start, |&at| at + 1),
        }
    }

    /// Moves an error about [`source`](PageBlock::source) onto the page, so
    /// its line, column and snippet point into the HTML file. An error
    /// without a position is placed on the start tag.
    ///
    /// ```
    /// let page = "<h1>T</h1>\n<div class=\"mermaid\">\n  graph TD\n    A =&gt; B\n</div>\n";
    /// let block = &mmdflow::html::find(page).unwrap()[0];
    /// let err = mmdflow::parse(&block.source, &mmdflow::Options::default()).unwrap_err();
    /// let moved = block.map_error(&err, page);
    /// assert!(moved.one_line("p.html").starts_with("p.html:4:7: error: "), "{}", moved.one_line("p.html"));
    /// ```
    pub fn map_error(&self, error: &Error, page: &str) -> Error {
        Error::at(error.kind(), error.message(), page, self.map_span(error.span()))
    }

    /// Moves a warning about [`source`](PageBlock::source) onto the page.
    pub fn map_warning(&self, warning: &Warning) -> Warning {
        Warning { message: warning.message.clone(), span: Some(self.map_span(warning.span)) }
    }

    fn map_span(&self, span: Option<Span>) -> Span {
        match span {
            Some(s) => Span::new(self.map_offset(s.start), self.map_offset(s.end)),
            None => Span::new(self.range.start, self.range.start),
        }
    }
}

/// What the scan keeps for an element it is inside of.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Diagram(Form),
    /// A `<pre>` that becomes a code block if it holds a mermaid `<code>`.
    Pre,
}

struct Frame {
    role: Role,
    start_tag: Range<usize>,
    /// Text chunks inside, as page ranges (code blocks take text content).
    texts: Vec<Range<usize>>,
    /// The first direct `<code>` child of a `.mermaid` element: its start
    /// and end tags (MkDocs' `<pre class="mermaid"><code>`).
    code_child: Option<(Range<usize>, Option<Range<usize>>)>,
}

struct Found {
    form: Form,
    start_tag: Range<usize>,
    end_tag: Range<usize>,
    texts: Vec<Range<usize>>,
    code_child: Option<(Range<usize>, Option<Range<usize>>)>,
}

#[derive(Default)]
struct Scan {
    frames: Vec<Frame>,
    found: Vec<Found>,
}

impl Scan {
    fn open(&mut self, role: Role, start_tag: Range<usize>) {
        self.frames.push(Frame { role, start_tag, texts: Vec::new(), code_child: None });
    }

    /// The element opened at `start` ended at `end_tag`. Frames above it were
    /// never closed in the source and are dropped. A diagram inside another
    /// (a `<pre>` inside rouge's wrapper) belongs to the outer one.
    fn close(&mut self, start: usize, end_tag: Range<usize>) {
        let Some(i) = self.frames.iter().rposition(|f| f.start_tag.start == start) else { return };
        let frame = self.frames.swap_remove(i);
        self.frames.truncate(i);
        let Role::Diagram(form) = frame.role else { return };
        if self.frames.iter().any(|f| matches!(f.role, Role::Diagram(_))) {
            return;
        }
        self.found.push(Found {
            form,
            start_tag: frame.start_tag,
            end_tag,
            texts: frame.texts,
            code_child: frame.code_child,
        });
    }
}

fn has_class(el: &Element, class: &str) -> bool {
    el.get_attribute("class").is_some_and(|c| c.split_ascii_whitespace().any(|w| w == class))
}

fn says_mermaid(el: &Element) -> bool {
    has_class(el, "language-mermaid") || el.get_attribute("data-lang").is_some_and(|l| l == "mermaid")
}

type Shared = Rc<RefCell<Scan>>;

/// Opens a frame for `el` and closes it at its end tag.
fn track(scan: &Shared, el: &mut Element, role: Role) -> lol_html::HandlerResult {
    if !el.can_have_content() {
        return Ok(());
    }
    let start_tag = el.source_location().bytes();
    let start = start_tag.start;
    scan.borrow_mut().open(role, start_tag);
    let on_end = Rc::clone(scan);
    el.on_end_tag(end_tag!(move |end| {
        on_end.borrow_mut().close(start, end.source_location().bytes());
        Ok(())
    }))
}

fn lol_error(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Syntax, format!("the page could not be read as HTML: {e}"))
}

/// Finds every mermaid diagram of an HTML page, in page order.
///
/// ```
/// let page = r#"<div class="language-mermaid highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="n">graph</span> TD
///   A --&gt; B
/// </code></pre></div></div>"#;
/// let blocks = mmdflow::html::find(page).unwrap();
/// assert_eq!(blocks[0].source, "graph TD\n  A --> B");
/// assert_eq!(blocks[0].form, mmdflow::html::Form::CodeBlock);
/// assert_eq!(blocks[0].range, 0..page.len());
/// ```
///
/// # Errors
///
/// Only when the HTML parser gives up (lol_html refuses a few ambiguous
/// constructs); the error names the reason.
pub fn find(page: &str) -> Result<Vec<PageBlock>, Error> {
    let scan: Shared = Rc::default();
    let (s1, s2, s3, s4, s5, s6) =
        (scan.clone(), scan.clone(), scan.clone(), scan.clone(), scan.clone(), scan.clone());
    let settings = Settings {
        element_content_handlers: vec![
            element!(".mermaid", move |el| {
                if el.has_attribute("data-processed") {
                    return Ok(());
                }
                track(&s1, el, Role::Diagram(Form::MermaidElement))
            }),
            element!("div.language-mermaid", move |el| track(&s2, el, Role::Diagram(Form::CodeBlock))),
            element!("pre", move |el| {
                if has_class(el, "mermaid") {
                    return Ok(()); // a `.mermaid` element, tracked above
                }
                let role = if says_mermaid(el) { Role::Diagram(Form::CodeBlock) } else { Role::Pre };
                track(&s3, el, role)
            }),
            element!("pre > code", move |el| {
                if says_mermaid(el) {
                    if let Some(top) = s4.borrow_mut().frames.last_mut().filter(|f| f.role == Role::Pre) {
                        top.role = Role::Diagram(Form::CodeBlock);
                    }
                }
                Ok(())
            }),
            element!(".mermaid > code", move |el| {
                let start_tag = el.source_location().bytes();
                let start = start_tag.start;
                {
                    let mut scan = s5.borrow_mut();
                    let Some(top) = scan.frames.last_mut() else { return Ok(()) };
                    if top.role != Role::Diagram(Form::MermaidElement) || top.code_child.is_some() {
                        return Ok(());
                    }
                    top.code_child = Some((start_tag, None));
                }
                let on_end = Rc::clone(&s5);
                el.on_end_tag(end_tag!(move |end| {
                    let mut scan = on_end.borrow_mut();
                    for f in scan.frames.iter_mut().rev() {
                        if let Some((tag, end_tag @ None)) = &mut f.code_child {
                            if tag.start == start {
                                *end_tag = Some(end.source_location().bytes());
                                break;
                            }
                        }
                    }
                    Ok(())
                }))
            }),
        ],
        document_content_handlers: vec![doc_text!(move |t| {
            let mut scan = s6.borrow_mut();
            if !scan.frames.is_empty() {
                let at = t.source_location().bytes();
                if !at.is_empty() {
                    for f in &mut scan.frames {
                        f.texts.push(at.clone());
                    }
                }
            }
            Ok(())
        })],
        ..Settings::new()
    };
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    rewriter.write(page.as_bytes()).map_err(lol_error)?;
    rewriter.end().map_err(lol_error)?;
    let found = std::mem::take(&mut scan.borrow_mut().found);
    let mut blocks: Vec<PageBlock> = found.into_iter().map(|f| block_of(page, f)).collect();
    blocks.sort_by_key(|b| b.range.start);
    Ok(blocks)
}

fn block_of(page: &str, f: Found) -> PageBlock {
    let inner = f.start_tag.end..f.end_tag.start;
    let pieces = match f.form {
        // mermaid.js reads innerHTML; MkDocs wraps it in one <code>.
        Form::MermaidElement => match f.code_child {
            Some((code_start, Some(code_end)))
                if page[inner.start..code_start.start].trim().is_empty()
                    && page[code_end.end..inner.end].trim().is_empty() =>
            {
                vec![code_start.end..code_end.start]
            }
            _ => vec![inner],
        },
        Form::CodeBlock => f.texts,
    };
    let (text, offsets) = decode(page, &pieces);
    let (source, offsets) = dedent_trim(&text, &offsets);
    PageBlock { source, form: f.form, range: f.start_tag.start..f.end_tag.end, start_tag: f.start_tag, offsets }
}

/// The pieces of the page, concatenated and entity-decoded, with the page
/// offset of every output byte. A carriage return before a line feed goes,
/// as the HTML parser drops it.
fn decode(page: &str, pieces: &[Range<usize>]) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut offsets = Vec::new();
    let mut push = |s: &str, at: Option<usize>, base: usize| {
        for (k, _) in s.bytes().enumerate() {
            offsets.push(at.unwrap_or(base + k));
        }
        text.push_str(s);
    };
    for piece in pieces {
        let Some(raw) = page.get(piece.clone()) else { continue };
        let mut i = 0;
        while i < raw.len() {
            let rest = &raw[i..];
            let c = rest.chars().next().unwrap_or('\0');
            if c == '&' {
                if let Some(len) = entity_len(rest) {
                    let entity = &rest[..len];
                    let decoded = html_escape::decode_html_entities(entity);
                    if decoded != entity {
                        push(&decoded, Some(piece.start + i), 0);
                        i += len;
                        continue;
                    }
                }
            }
            if c == '\r' && rest[1..].starts_with('\n') {
                i += 1;
                continue;
            }
            push(&rest[..c.len_utf8()], None, piece.start + i);
            i += c.len_utf8();
        }
    }
    (text, offsets)
}

/// Length of a character reference at the start of `s` (`&amp;`, `&#62;`,
/// `&#x3E;`), if there is one.
fn entity_len(s: &str) -> Option<usize> {
    let body = s.as_bytes().get(1..)?;
    let n = body.iter().take(40).take_while(|b| b.is_ascii_alphanumeric() || **b == b'#').count();
    (n > 0 && body.get(n) == Some(&b';')).then_some(n + 2)
}

/// mermaid.js's `dedent(…).trim()`: the smallest indentation of the
/// non-blank lines is removed from every line, then surrounding whitespace.
fn dedent_trim(text: &str, offsets: &[usize]) -> (String, Vec<usize>) {
    let indent_of = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let cut = text.split('\n').filter(|l| !l.trim().is_empty()).map(indent_of).min().unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(offsets.len());
    let mut at = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            map.push(offsets[at - 1]);
        }
        let skip = indent_of(line).min(cut);
        out.push_str(&line[skip..]);
        map.extend_from_slice(&offsets[at + skip..at + line.len()]);
        at += line.len() + 1;
    }
    let start = out.len() - out.trim_start().len();
    let end = out.trim_end().len();
    (out[start..end].to_string(), map[start..end].to_vec())
}

/// A flowchart found in a page, parsed.
#[derive(Debug)]
pub struct Diagram<'a> {
    /// 1-based position among all the page's mermaid diagrams (other types
    /// count too), used to keep ids and image names apart.
    pub index: usize,
    /// The block it came from.
    pub block: &'a PageBlock,
    /// The parsed flowchart.
    pub chart: Flowchart,
}

impl Diagram<'_> {
    /// The `<img>` alt text: the diagram's `accTitle`, else `diagram`.
    pub fn alt_text(&self) -> &str {
        self.chart.acc_title.as_deref().map(str::trim).filter(|t| !t.is_empty()).unwrap_or("diagram")
    }

    /// The flowchart's warnings, with spans moved onto the page.
    pub fn warnings(&self) -> Vec<Warning> {
        self.chart.warnings.iter().map(|w| self.block.map_warning(w)).collect()
    }
}

/// What a page's diagram turned out to be.
// Made once per block and consumed at once; boxing would only add an
// allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Parsed<'a> {
    /// A flowchart, parsed.
    Flowchart(Diagram<'a>),
    /// Another diagram type, left for mermaid.js; the warning says so.
    Other {
        /// Its type, as its first line names it (`sequenceDiagram`, ...).
        kind: String,
        /// The warning, positioned on the element's start tag.
        warning: Warning,
    },
}

/// Parses one block of `page` (the `index`-th, from 0, of [`find`]).
///
/// # Errors
///
/// The flowchart's parse error, positioned in the page.
pub fn parse_block<'a>(page: &str, index: usize, block: &'a PageBlock, options: &Options) -> Result<Parsed<'a>, Error> {
    match crate::parse(&block.source, options) {
        Ok(chart) => Ok(Parsed::Flowchart(Diagram { index: index + 1, block, chart })),
        Err(e) if e.kind() == ErrorKind::UnsupportedDiagram => {
            let kind = crate::markdown::diagram_kind(&block.source).to_string();
            let warning = Warning {
                message: format!("mermaid diagram {} is not a flowchart ({kind}); left as it is for mermaid.js", index + 1),
                span: Some(Span::new(block.range.start, block.range.start)),
            };
            Ok(Parsed::Other { kind, warning })
        }
        Err(e) => Err(block.map_error(&e, page)),
    }
}

/// Lays out and renders a diagram as an SVG to put inside the page: its id
/// is unique in the page (`Options::svg_id`, else the content hash, then
/// `-` and the diagram's index), its style sheet is scoped to that id, and
/// it is one line, so a Markdown HTML block holding it does not end early.
///
/// # Errors
///
/// Layout errors (limits), not yet moved onto the page.
pub fn inline_svg(diagram: &Diagram<'_>, options: &Options) -> Result<String, Error> {
    svg_for_page(&diagram.chart, diagram.index, options)
}

/// [`inline_svg`] for any parsed flowchart, `index` being its 1-based place
/// among the page's diagrams (it keeps ids apart).
///
/// # Errors
///
/// Layout errors (limits).
pub fn svg_for_page(chart: &Flowchart, index: usize, options: &Options) -> Result<String, Error> {
    let placed = crate::layout(chart, options)?;
    let base = match options.svg_id.as_deref().filter(|s| !s.is_empty()) {
        Some(id) => id.to_string(),
        None => crate::render::svg::diagram_id(&placed, options),
    };
    let id = format!("{base}-{index}");
    let svg = crate::render::svg::write_with_id(&placed, options, &id);
    Ok(one_line(&svg))
}

/// The SVG without line breaks: between tags they are dropped, elsewhere
/// (inside a long `<desc>`) they become spaces, which XML text treats alike.
fn one_line(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut after_tag = false;
    for c in svg.trim_end().chars() {
        match c {
            '\n' if after_tag => {}
            '\n' => out.push(' '),
            c => {
                after_tag = c == '>';
                out.push(c);
            }
        }
    }
    out
}

/// An `<img>` element for a diagram written to a file: `src` is escaped,
/// the alt text is the diagram's [`alt_text`](Diagram::alt_text).
pub fn img_tag(diagram: &Diagram<'_>, url: &str) -> String {
    let esc = crate::render::svg::escape;
    format!("<img src=\"{}\" alt=\"{}\">", esc(url), esc(diagram.alt_text()))
}

/// The text that replaces `block` when its content becomes `inner` (an
/// inline SVG or an `<img>`): a `.mermaid` element keeps its tag, with
/// `data-processed="true"` added, and its end tag; a code block becomes
/// `<div class="mermaid" data-processed="true">`.
pub fn replacement(page: &str, block: &PageBlock, inner: &str) -> String {
    match block.form {
        Form::MermaidElement => {
            let tag = &page[block.start_tag.clone()];
            let body = tag.strip_suffix('>').unwrap_or(tag);
            let body = body.strip_suffix('/').unwrap_or(body).trim_end();
            let end_tag = page.get(end_tag_range(page, block)).unwrap_or("");
            format!("{body} data-processed=\"true\">{inner}{end_tag}")
        }
        Form::CodeBlock => format!("<div class=\"mermaid\" data-processed=\"true\">{inner}</div>"),
    }
}

/// The end tag's range: from the last `</` of the element to its end.
fn end_tag_range(page: &str, block: &PageBlock) -> Range<usize> {
    let whole = &page[block.range.clone()];
    match whole.rfind("</") {
        Some(i) if block.range.start + i >= block.start_tag.end => block.range.start + i..block.range.end,
        _ => block.range.end..block.range.end,
    }
}

/// Copies `page`, putting `replacements[i]` (when `Some`) in place of
/// `blocks[i].range`. `blocks` are those of [`find`], in page order.
pub fn splice(page: &str, blocks: &[PageBlock], replacements: &[Option<String>]) -> String {
    let edits: Vec<(Range<usize>, &str)> = blocks
        .iter()
        .zip(replacements)
        .filter_map(|(b, r)| r.as_deref().map(|r| (b.range.clone(), r)))
        .collect();
    splice_ranges(page, &edits)
}

/// Copies `text` with each `(range, replacement)` applied; ranges must be in
/// order and not overlap (an overlapping one is skipped).
pub fn splice_ranges(text: &str, edits: &[(Range<usize>, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + edits.iter().map(|(_, r)| r.len()).sum::<usize>());
    let mut copied = 0;
    for (range, replacement) in edits {
        if range.start < copied || range.end > text.len() {
            continue;
        }
        out.push_str(&text[copied..range.start]);
        out.push_str(replacement);
        copied = range.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// What happened to one diagram of a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A flowchart, replaced.
    Rendered,
    /// Another diagram type, left for mermaid.js.
    LeftAlone,
    /// A flowchart with an error (positioned in the page); the page fails.
    Failed(Error),
}

/// One diagram of a page: where it is, what it is, what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// 1-based index among the page's diagrams.
    pub index: usize,
    /// Byte offset of its start tag in the page.
    pub offset: usize,
    /// 1-based line of its start tag.
    pub line: usize,
    /// 1-based column (in characters) of its start tag.
    pub column: usize,
    /// How it was marked.
    pub form: Form,
    /// `flowchart`, or the other type's name (`sequenceDiagram`, ...).
    pub kind: String,
    /// What became of it.
    pub outcome: Outcome,
}

/// The result of [`rewrite_inline`] and [`rewrite`].
#[derive(Debug, Clone, PartialEq)]
pub struct Rewritten {
    /// The page with each flowchart replaced.
    pub html: String,
    /// One report per diagram, in page order.
    pub reports: Vec<Report>,
    /// The flowcharts' warnings and one per diagram left alone, positioned
    /// in the page.
    pub warnings: Vec<Warning>,
}

impl Rewritten {
    /// How many diagrams were replaced; a page with none needs no writing.
    pub fn replaced(&self) -> usize {
        self.reports.iter().filter(|r| r.outcome == Outcome::Rendered).count()
    }
}

fn report(page: &str, index: usize, block: &PageBlock, kind: &str, outcome: Outcome) -> Report {
    let (line, column) = crate::markdown::line_column(page, block.range.start);
    Report { index: index + 1, offset: block.range.start, line, column, form: block.form, kind: kind.into(), outcome }
}

/// Replaces every flowchart of `page` with an inline SVG (see
/// [`inline_svg`]).
///
/// # Errors
///
/// The first flowchart error, positioned in the page; nothing is returned
/// then, so a caller writes nothing.
pub fn rewrite_inline(page: &str, options: &Options) -> Result<Rewritten, Error> {
    rewrite(page, options, |d| inline_svg(d, options))
}

/// Replaces every flowchart of `page` with what `content` returns for it
/// (an inline SVG from [`inline_svg`], an [`img_tag`] to a file the closure
/// wrote, ...), kept inside the `.mermaid` element (see [`replacement`]).
///
/// # Errors
///
/// The first error of a flowchart's parse or of `content`, positioned in the
/// page.
pub fn rewrite<F>(page: &str, options: &Options, content: F) -> Result<Rewritten, Error>
where
    F: FnMut(&Diagram<'_>) -> Result<String, Error>,
{
    let blocks = find(page)?;
    let done = replace_blocks(page, &blocks, options, content)?;
    Ok(Rewritten { html: splice(page, &blocks, &done.texts), reports: done.reports, warnings: done.warnings })
}

/// What [`replace_blocks`] made of a page's blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Replacements {
    /// For each block, its replacement ([`replacement`]), or `None` when it
    /// is left alone; ready for [`splice`].
    pub texts: Vec<Option<String>>,
    /// One report per block.
    pub reports: Vec<Report>,
    /// As [`Rewritten::warnings`].
    pub warnings: Vec<Warning>,
}

/// [`rewrite`] for blocks already found (by [`find`] or
/// [`find_in_markdown`]), without the splice.
///
/// # Errors
///
/// As [`rewrite`].
pub fn replace_blocks<F>(page: &str, blocks: &[PageBlock], options: &Options, mut content: F) -> Result<Replacements, Error>
where
    F: FnMut(&Diagram<'_>) -> Result<String, Error>,
{
    let mut texts = vec![None; blocks.len()];
    let mut reports = Vec::with_capacity(blocks.len());
    let mut warnings = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        match parse_block(page, i, block, options)? {
            Parsed::Other { kind, warning } => {
                warnings.push(warning);
                reports.push(report(page, i, block, &kind, Outcome::LeftAlone));
            }
            Parsed::Flowchart(d) => {
                warnings.extend(d.warnings());
                let inner = content(&d).map_err(|e| block.map_error(&e, page))?;
                texts[i] = Some(replacement(page, block, &inner));
                reports.push(report(page, i, block, "flowchart", Outcome::Rendered));
            }
        }
    }
    Ok(Replacements { texts, reports, warnings })
}

/// Parses every diagram of `page` without rendering, collecting every
/// error (not just the first), for linting built sites in CI.
///
/// # Errors
///
/// Only when the page cannot be read as HTML at all.
pub fn check(page: &str, options: &Options) -> Result<(Vec<Report>, Vec<Warning>), Error> {
    let blocks = find(page)?;
    let mut reports = Vec::with_capacity(blocks.len());
    let mut warnings = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let r = match parse_block(page, i, block, options) {
            Ok(Parsed::Flowchart(d)) => {
                warnings.extend(d.warnings());
                report(page, i, block, "flowchart", Outcome::Rendered)
            }
            Ok(Parsed::Other { kind, warning }) => {
                warnings.push(warning);
                report(page, i, block, &kind, Outcome::LeftAlone)
            }
            Err(e) => report(page, i, block, "flowchart", Outcome::Failed(e)),
        };
        reports.push(r);
    }
    Ok((reports, warnings))
}

/// The raw-HTML diagrams of a Markdown document: elements that [`find`]
/// recognises and that start a line (CommonMark's HTML blocks), outside
/// fenced code, so an example of a `<div class="mermaid">` inside a
/// ```` ```html ```` fence is left alone.
///
/// ```
/// let doc = "# Page\n\n<div class=\"mermaid\">\ngraph TD\n  A --> B\n</div>\n\n```html\n<div class=\"mermaid\">graph LR</div>\n```\n";
/// let blocks = mmdflow::html::find_in_markdown(doc).unwrap();
/// assert_eq!(blocks.len(), 1);
/// assert_eq!(blocks[0].source, "graph TD\n  A --> B");
/// ```
///
/// # Errors
///
/// As [`find`].
pub fn find_in_markdown(document: &str) -> Result<Vec<PageBlock>, Error> {
    // Fenced code is blanked out (same length, line breaks kept), so offsets
    // still point into the document.
    let fences = crate::markdown::fenced_code_ranges(document);
    let masked = mask_bytes(document, &fences);
    let blocks = find(&masked)?;
    Ok(blocks
        .into_iter()
        .filter(|b| {
            let line_start = document[..b.range.start].rfind('\n').map_or(0, |i| i + 1);
            let before = &document[line_start..b.range.start];
            before.len() <= 3 && before.bytes().all(|c| c == b' ')
        })
        .collect())
}

fn mask_bytes(document: &str, fences: &[Range<usize>]) -> String {
    let mut bytes = document.as_bytes().to_vec();
    for r in fences {
        for b in &mut bytes[r.clone()] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Whole lines were overwritten with ASCII, so no character is split.
    String::from_utf8(bytes).unwrap_or_else(|_| document.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(page: &str) -> Vec<String> {
        find(page).unwrap().into_iter().map(|b| b.source).collect()
    }

    #[test]
    fn mermaid_elements_read_like_inner_html() {
        let page = "<div class=\"mermaid\">\n    graph TD\n      A[a<br>b] --&gt; B[&quot;x&quot; &amp; &#x79;]\n</div>";
        assert_eq!(sources(page), ["graph TD\n  A[a<br>b] --> B[\"x\" & y]"]);
    }

    #[test]
    fn processed_elements_and_other_languages_are_skipped() {
        let page = "<div class=\"mermaid\" data-processed=\"true\"><svg></svg></div><pre><code class=\"language-rust\">fn main</code></pre>";
        assert!(sources(page).is_empty());
    }

    #[test]
    fn data_lang_alone_marks_a_block_and_only_for_mermaid() {
        let page = "<pre data-lang=\"mermaid\"><code>graph TD\n  A</code></pre><pre data-lang=\"python\"><code>print(1)</code></pre>";
        assert_eq!(sources(page), ["graph TD\n  A"]);
    }

    #[test]
    fn a_code_child_is_unwrapped_only_when_it_is_all_there_is() {
        // MkDocs: `<div class="mermaid"><code>…</code></div>`, blanks around.
        assert_eq!(sources("<div class=\"mermaid\">\n <code>graph TD</code>\n</div>"), ["graph TD"]);
        // Text beside the <code>: mermaid.js reads the whole innerHTML.
        assert_eq!(sources("<div class=\"mermaid\">graph LR <code>x</code></div>"), ["graph LR <code>x</code>"]);
        assert_eq!(sources("<div class=\"mermaid\"><code>graph LR</code> y</div>"), ["<code>graph LR</code> y"]);
    }

    #[test]
    fn a_carriage_return_before_a_line_feed_goes_and_a_lone_one_stays() {
        let page = "a\r\nb\rc";
        let (text, offsets) = decode(page, &[0..page.len()]);
        assert_eq!(text, "a\nb\rc");
        assert_eq!(offsets, [0, 2, 3, 4, 5]);
    }

    #[test]
    fn a_character_reference_needs_its_name_and_its_semicolon() {
        assert_eq!(entity_len("&amp;x"), Some(5));
        assert_eq!(entity_len("&#x3E;"), Some(6));
        assert_eq!(entity_len("&amp x;"), None);
        assert_eq!(entity_len("&;"), None);
        assert_eq!(entity_len("&"), None);
    }

    #[test]
    fn splicing_skips_an_edit_that_overlaps_or_runs_past_the_end() {
        assert_eq!(splice_ranges("abcdef", &[(0..2, "X"), (1..3, "Y"), (4..5, "Z")]), "XcdZf");
        assert_eq!(splice_ranges("abc", &[(1..2, "X"), (2..9, "Y")]), "aXc");
    }

    #[test]
    fn an_empty_svg_id_is_no_id() {
        let chart = crate::parse("graph TD\n A --> B\n", &Options::default()).unwrap();
        let root_id = |svg_id: Option<&str>| {
            let options = Options { svg_id: svg_id.map(String::from), ..Options::default() };
            let svg = svg_for_page(&chart, 2, &options).unwrap();
            svg.split(" id=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
        };
        assert_eq!(root_id(Some("guide")), "guide-2");
        let hashed = root_id(None);
        assert!(hashed.starts_with("mmd-") && hashed.ends_with("-2"), "{hashed}");
        assert_eq!(root_id(Some("")), hashed);
    }

    #[test]
    fn raw_html_in_markdown_counts_only_at_a_block_start() {
        let doc = "<div class=\"mermaid\">graph TD</div>\n\n  <div class=\"mermaid\">graph LR</div>\n\n    <div class=\"mermaid\">graph BT</div>\n\nx <div class=\"mermaid\">graph RL</div>\n";
        let found: Vec<String> = find_in_markdown(doc).unwrap().into_iter().map(|b| b.source).collect();
        // Four spaces make an indented code block; text before makes it inline.
        assert_eq!(found, ["graph TD", "graph LR"]);
    }

    #[test]
    fn reports_number_the_diagrams_from_one() {
        let page = "<div class=\"mermaid\">graph TD\n A</div><div class=\"mermaid\">graph LR\n B</div>";
        let (reports, _) = check(page, &Options::default()).unwrap();
        assert_eq!(reports.iter().map(|r| r.index).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn every_byte_of_a_wide_character_keeps_its_own_page_offset() {
        let page = "ab\u{e9}\u{1F600}&amp;c";
        let (text, offsets) = decode(page, &[1..page.len()]);
        assert_eq!(text, "b\u{e9}\u{1F600}&c");
        assert_eq!(offsets, [1, 2, 3, 4, 5, 6, 7, 8, 13]);
    }

    #[test]
    fn code_blocks_of_every_generator() {
        let page = concat!(
            "<pre><code class=\"language-mermaid\">graph TD\n  A --&gt; B\n</code></pre>\n",
            "<pre data-lang=\"mermaid\" class=\"language-mermaid z-code\"><code class=\"language-mermaid\" data-lang=\"mermaid\"><span>graph</span> <span>LR</span>\n</code></pre>\n",
            "<div class=\"highlight\"><pre tabindex=\"0\" class=\"chroma\"><code class=\"language-mermaid\" data-lang=\"mermaid\"><span class=\"line\"><span class=\"cl\">graph BT\n</span></span></code></pre></div>\n",
            "<pre class=\"mermaid\"><code>graph RL\n  A --&gt; B</code></pre>\n",
        );
        assert_eq!(sources(page), ["graph TD\n  A --> B", "graph LR", "graph BT", "graph RL\n  A --> B"]);
        let blocks = find(page).unwrap();
        assert_eq!(&page[blocks[0].range.clone()], "<pre><code class=\"language-mermaid\">graph TD\n  A --&gt; B\n</code></pre>");
        assert_eq!(blocks[3].form, Form::MermaidElement);
    }

    #[test]
    fn offsets_point_into_the_page_through_entities_and_dedent() {
        let page = "<p>x</p>\n<div class=\"mermaid\">\n  graph TD\n    A --&gt; B&lt;\n</div>";
        let b = &find(page).unwrap()[0];
        let lt = b.source.find('<').unwrap();
        assert_eq!(&page[b.map_offset(lt)..b.map_offset(lt) + 4], "&lt;");
        let a = b.source.find('A').unwrap();
        assert_eq!(&page[b.map_offset(a)..b.map_offset(a) + 1], "A");
        assert_eq!(crate::markdown::line_column(page, b.map_offset(a)), (4, 5));
    }

    #[test]
    fn replacement_keeps_the_tag_and_adds_processed() {
        let page = "<div class='mt-10 mermaid' id=x>graph TD</div>";
        let b = &find(page).unwrap()[0];
        assert_eq!(replacement(page, b, "<svg/>"), "<div class='mt-10 mermaid' id=x data-processed=\"true\"><svg/></div>");
    }

    #[test]
    fn unclosed_elements_are_not_diagrams() {
        assert!(sources("<div class=\"mermaid\">graph TD\n A-->B").is_empty());
    }

    #[test]
    fn one_line_keeps_text_spaced() {
        assert_eq!(one_line("<svg>\n<desc>a\nb</desc>\n</svg>\n"), "<svg><desc>a b</desc></svg>");
    }
}
