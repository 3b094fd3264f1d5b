//! Runs one job: read, check or render through the library, write. Each job
//! returns its messages instead of printing them, so the batch can print them
//! in input order whatever order the threads finish in.

use crate::plan::{Format, Job, Kind, Source, Target};
use crate::write::write_atomic;
use mmdflow::flowchart::Warning;
use mmdflow::markdown;
use mmdflow::{Error, Layout, Options};
use rayon::prelude::*;
use mmdflow::input::{read_file_limited, read_limited, Bounded};
use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

/// How a job ended; a batch exits with the worst.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Status {
    Ok,
    /// The input has an error (exit status 1).
    InputError,
    /// Reading or writing failed (exit status 2).
    IoError,
}

pub struct Message {
    pub warning: bool,
    pub text: String,
}

struct Rendered {
    warnings: Vec<Warning>,
    /// Image path, bytes and the Markdown link to it.
    image: Option<(PathBuf, Vec<u8>, String)>,
}

pub struct Outcome {
    pub status: Status,
    pub messages: Vec<Message>,
    /// Bytes for standard output (`-o -`, or standard input's default).
    pub stdout: Option<Vec<u8>>,
}

impl Outcome {
    fn new() -> Self {
        Outcome { status: Status::Ok, messages: Vec::new(), stdout: None }
    }

    fn fail(mut self, status: Status, text: String) -> Self {
        self.status = self.status.max(status);
        self.messages.push(Message { warning: false, text });
        self
    }

    /// Adds a file's warnings: each positioned through one line index of
    /// the file (40,000 warnings each counting lines from the start of the
    /// file took seconds), each distinct warning once, and at most
    /// [`MAX_WARNINGS`] of them, then a count of the rest.
    fn warn_all<'w>(&mut self, display: &str, text: &str, warnings: impl IntoIterator<Item = &'w Warning>) {
        let lines = LineIndex::new(text);
        let mut seen = HashSet::new();
        let mut more = 0usize;
        for w in warnings {
            let text = match w.span {
                Some(span) => {
                    let (line, col) = lines.line_column(span.start);
                    format!("{display}:{line}:{col}: warning: {}", w.message)
                }
                None => format!("{display}: warning: {}", w.message),
            };
            if seen.len() >= MAX_WARNINGS {
                more += usize::from(!seen.contains(&text));
                continue;
            }
            if seen.insert(text.clone()) {
                self.messages.push(Message { warning: true, text });
            }
        }
        if more > 0 {
            let s = if more == 1 { "" } else { "s" };
            self.messages.push(Message { warning: true, text: format!("{display}: warning: … and {more} more warning{s}") });
        }
    }
}

/// Most warnings printed for one file; the rest are counted.
const MAX_WARNINGS: usize = 100;

/// Line starts of a text, for turning many byte offsets into line and
/// column without rescanning the text for each.
struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of byte `offset`, as
    /// [`markdown::line_column`] gives them.
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut at = offset.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= at);
        let start = self.starts[line - 1];
        (line, self.text[start..at].chars().count() + 1)
    }
}

fn status_of(e: &Error) -> Status {
    if e.kind() == mmdflow::ErrorKind::Io {
        Status::IoError
    } else {
        Status::InputError
    }
}

/// Renders a laid-out diagram in the requested format.
fn draw(placed: &Layout, format: Format, options: &Options) -> Result<Vec<u8>, Error> {
    draw_with_warnings(placed, format, options).map(|(bytes, _)| bytes)
}

/// The plan refuses a format whose feature is compiled out; this is the
/// error should one get through.
#[cfg_attr(all(feature = "png", feature = "pdf"), allow(dead_code))]
fn compiled_out(feature: &str) -> Error {
    Error::new(mmdflow::ErrorKind::Render, format!("built without the `{feature}` feature"))
}

/// Like [`draw`], also returning rendering warnings (for PNG and PDF:
/// characters that no font has, so they are drawn as boxes).
fn draw_with_warnings(placed: &Layout, format: Format, options: &Options) -> Result<(Vec<u8>, Vec<String>), Error> {
    match format {
        Format::Svg => Ok((mmdflow::render::svg::write(placed, options).into_bytes(), Vec::new())),
        Format::Json => Ok((placed.to_json().into_bytes(), Vec::new())),
        #[cfg(feature = "png")]
        Format::Png => mmdflow::render::png::render_with_warnings(placed, options),
        #[cfg(not(feature = "png"))]
        Format::Png => Err(compiled_out("png")),
        #[cfg(feature = "pdf")]
        Format::Pdf => mmdflow::render::pdf::render_with_warnings(placed, options),
        #[cfg(not(feature = "pdf"))]
        Format::Pdf => Err(compiled_out("pdf")),
    }
}

/// Reads the job's input as text, never more than the input limit
/// (`--max-input-bytes`), whatever the input is: a file, standard input, a
/// FIFO, a device, or a symbolic link to one.
fn read(job: &Job, options: &Options) -> Result<String, (Status, String)> {
    let io = |e: std::io::Error| (Status::IoError, format!("{}: error: {e}", job.display));
    let max = options.limits.max_input_bytes;
    let read = match &job.source {
        Source::Stdin => read_limited(std::io::stdin().lock(), max),
        Source::File(path) => read_file_limited(path, max),
    };
    let bytes = match read.map_err(io)? {
        Bounded::Complete(bytes) => bytes,
        Bounded::OverLimit => {
            return Err((
                Status::InputError,
                format!("{}: error: input is more than the limit of {max} bytes (--max-input-bytes)", job.display),
            ))
        }
    };
    String::from_utf8(bytes).map_err(|e| {
        let good = String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).into_owned();
        let (line, col) = markdown::line_column(&good, good.len());
        (Status::InputError, format!("{}:{line}:{col}: error: input is not valid UTF-8", job.display))
    })
}

pub fn run(job: &Job, format: Format, check: bool, options: &Options) -> Outcome {
    let out = Outcome::new();
    let text = match read(job, options) {
        Ok(t) => t,
        Err((status, msg)) => return out.fail(status, msg),
    };
    match job.kind {
        Kind::Diagram => diagram(job, &text, format, check, options, out),
        Kind::Markdown => markdown_file(job, &text, format, check, options, out),
        #[cfg(feature = "html")]
        Kind::Html => html_page(job, &text, format, check, options, out),
        #[cfg(not(feature = "html"))]
        Kind::Html => out.fail(Status::IoError, format!("{}: error: built without the `html` feature", job.display)),
    }
}

/// The options for one diagram: the caller's, with a default SVG id from the
/// input's file name (`mmd-chart` for `docs/chart.mmd`; `mmd-guide-2` for a
/// Markdown file's second diagram), so diagrams from different files or
/// blocks never share ids when a page inlines them. `-I` wins; standard
/// input keeps the library's default, a hash of the diagram.
fn with_default_id<'o>(options: &'o Options, job: &Job, block: Option<usize>) -> Cow<'o, Options> {
    let Source::File(path) = &job.source else { return Cow::Borrowed(options) };
    if options.svg_id.is_some() {
        return Cow::Borrowed(options);
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let id = match block {
        Some(n) => format!("mmd-{stem}-{n}"),
        None => format!("mmd-{stem}"),
    };
    Cow::Owned(Options { svg_id: Some(id), ..options.clone() })
}

fn diagram(job: &Job, text: &str, format: Format, check: bool, options: &Options, mut out: Outcome) -> Outcome {
    let options = &*with_default_id(options, job, None);
    let report = |e: &Error| if check { e.one_line(&job.display) } else { e.report(&job.display) };
    let chart = match mmdflow::parse(text, options) {
        Ok(c) => c,
        Err(e) => return out.fail(status_of(&e), report(&e)),
    };
    out.warn_all(&job.display, text, &chart.warnings);
    if check {
        return out;
    }
    let bytes = match mmdflow::layout(&chart, options).and_then(|placed| draw_with_warnings(&placed, format, options)) {
        Ok((b, warnings)) => {
            for w in warnings {
                out.messages.push(Message { warning: true, text: format!("{}: warning: {w}", job.display) });
            }
            b
        }
        Err(e) => return out.fail(status_of(&e), report(&e)),
    };
    emit(job, bytes, out)
}

fn emit(job: &Job, bytes: Vec<u8>, mut out: Outcome) -> Outcome {
    match &job.target {
        Target::Nothing => out,
        Target::Stdout => {
            out.stdout = Some(bytes);
            out
        }
        Target::File(path) => match write_atomic(path, &bytes) {
            Ok(()) => out,
            Err(e) => out.fail(Status::IoError, format!("{}: error: {e}", path.display())),
        },
    }
}

fn markdown_file(job: &Job, text: &str, format: Format, check: bool, options: &Options, mut out: Outcome) -> Outcome {
    if check {
        let found = markdown::check(text, options);
        out.warn_all(&job.display, text, &found.warnings);
        for e in &found.errors {
            out = out.fail(status_of(e), e.one_line(&job.display));
        }
        return out;
    }
    let (Target::File(md_out), Some(image_dir)) = (&job.target, &job.image_dir) else {
        // The plan gives every rendered Markdown job a file and a folder.
        return out.fail(Status::IoError, format!("{}: error: no output file", job.display));
    };
    // The images are named after the output exactly (bytes, not a lossy
    // copy, so two outputs never share names), and linked percent-encoded.
    let stem = md_out.file_stem().unwrap_or(std::ffi::OsStr::new("diagram")).to_os_string();
    let url_stem = percent_encode(stem.as_encoded_bytes());
    let md_dir = md_out.parent().unwrap_or(Path::new(""));
    let link_dir = relative_url(md_dir, image_dir);
    // Blocks render in parallel (a page of 50 diagrams is one job), and
    // everything is rendered before anything is written: a bad block leaves
    // no images and no Markdown behind.
    let blocks = markdown::mermaid_blocks(text);
    let rendered: Vec<Result<Rendered, Error>> = blocks
        .par_iter()
        .enumerate()
        .map(|(i, block)| match markdown::parse_block(text, i, block, options)? {
            markdown::Block::Other(w) => Ok(Rendered { warnings: vec![w], image: None }),
            markdown::Block::Flowchart(d) => {
                let options = &*with_default_id(options, job, Some(d.index));
                let bytes = mmdflow::layout(&d.chart, options)
                    .and_then(|placed| draw(&placed, format, options))
                    .map_err(|e| block.map_error(&e, text))?;
                let suffix = format!("-{}.{}", d.index, format.ext());
                let mut name = stem.clone();
                name.push(&suffix);
                let link = d.link(&format!("{link_dir}{url_stem}{suffix}"));
                Ok(Rendered { warnings: d.warnings(), image: Some((image_dir.join(name), bytes, link)) })
            }
        })
        .collect();
    let mut images = Vec::new();
    let mut links = Vec::new();
    let mut warnings = Vec::new();
    for r in rendered {
        match r {
            Ok(r) => {
                warnings.extend(r.warnings);
                links.push(r.image.as_ref().map(|(_, _, link)| link.clone()));
                images.extend(r.image.map(|(path, bytes, _)| (path, bytes)));
            }
            // The first bad block in document order is the one reported.
            Err(e) => {
                out.warn_all(&job.display, text, &warnings);
                return out.fail(status_of(&e), e.report(&job.display));
            }
        }
    }
    // Raw-HTML diagrams (`<div class="mermaid">`) are drawn as the HTML
    // mode draws them: inline SVG inside the kept element.
    let raw_html = match markdown::raw_html_blocks(text, options) {
        Ok(r) => r,
        Err(e) => {
            out.warn_all(&job.display, text, &warnings);
            return out.fail(status_of(&e), e.report(&job.display));
        }
    };
    warnings.extend(raw_html.warnings.iter().cloned());
    out.warn_all(&job.display, text, &warnings);
    for (path, bytes) in images {
        if let Err(e) = write_atomic(&path, &bytes) {
            return out.fail(Status::IoError, format!("{}: error: {e}", path.display()));
        }
    }
    emit(job, markdown::splice_with(text, &blocks, &links, &raw_html.edits).into_bytes(), out)
}

#[cfg(feature = "html")]
fn html_page(job: &Job, text: &str, format: Format, check: bool, options: &Options, mut out: Outcome) -> Outcome {
    use mmdflow::html;
    if check {
        match html::check(text, options) {
            Ok((reports, warnings)) => {
                out.warn_all(&job.display, text, &warnings);
                for r in reports {
                    if let html::Outcome::Failed(e) = r.outcome {
                        out = out.fail(status_of(&e), e.one_line(&job.display));
                    }
                }
            }
            Err(e) => out = out.fail(status_of(&e), e.one_line(&job.display)),
        }
        return out;
    }
    // Images are kept until the whole page rendered: a bad diagram leaves
    // no images and no page behind.
    let mut images: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let rewritten = if job.html_images {
        let Some(image_dir) = &job.image_dir else {
            return out.fail(Status::IoError, format!("{}: error: no output folder for the images", job.display));
        };
        let Target::File(page_out) = &job.target else {
            return out.fail(Status::IoError, format!("{}: error: no output file", job.display));
        };
        let stem = page_out.file_stem().and_then(|s| s.to_str()).unwrap_or("diagram").to_string();
        let link_dir = relative_url(page_out.parent().unwrap_or(Path::new("")), image_dir);
        html::rewrite(text, options, |d| {
            let placed = mmdflow::layout(&d.chart, options)?;
            let bytes = draw(&placed, format, &with_default_id(options, job, Some(d.index)))?;
            let name = format!("{stem}-{}.{}", d.index, format.ext());
            images.push((image_dir.join(&name), bytes));
            Ok(html::img_tag(d, &format!("{link_dir}{name}")))
        })
    } else {
        // `mmd-<page>`, then `-N` per diagram (html::inline_svg).
        html::rewrite_inline(text, &with_default_id(options, job, None))
    };
    let rewritten = match rewritten {
        Ok(r) => r,
        Err(e) => return out.fail(status_of(&e), e.report(&job.display)),
    };
    out.warn_all(&job.display, text, &rewritten.warnings);
    if job.in_place && rewritten.replaced() == 0 {
        // Nothing to draw: the page is neither rewritten nor touched.
        return out;
    }
    for (path, bytes) in images {
        if let Err(e) = write_atomic(&path, &bytes) {
            return out.fail(Status::IoError, format!("{}: error: {e}", path.display()));
        }
    }
    emit(job, rewritten.html.into_bytes(), out)
}

/// Lexically absolute and normalised (`.` and `..` resolved), so two
/// spellings of one folder compare equal.
fn normal(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// One path segment of a URL: bytes other than letters, digits and
/// `-._~` (RFC 3986's unreserved characters) are percent-encoded, so `#`,
/// `?`, `%`, spaces and brackets in file names do not change what a Markdown
/// link means. Non-ASCII names are encoded byte by byte (UTF-8).
fn percent_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The URL prefix that leads from a Markdown file in `from` to files in
/// `to`: `./` when they are the same folder, else a relative path ending in
/// `/`, with `/` separators whatever the platform.
fn relative_url(from: &Path, to: &Path) -> String {
    let (from, to) = (normal(from), normal(to));
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        // Different roots (another drive): only an absolute path works.
        return format!("{}/", to.display());
    }
    let mut url = String::new();
    for _ in common..a.len() {
        url.push_str("../");
    }
    for c in &b[common..] {
        url.push_str(&percent_encode(c.as_os_str().as_encoded_bytes()));
        url.push('/');
    }
    if url.is_empty() || url.starts_with("../") {
        if url.is_empty() {
            url.push_str("./");
        }
        url
    } else {
        format!("./{url}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_matches_line_column() {
        let text = "ab\ncäd\n\nxyz";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(index.line_column(offset), markdown::line_column(text, offset), "{offset}");
        }
    }

    #[test]
    fn warnings_are_deduplicated_and_capped() {
        let text = "a\nb\n";
        let same = Warning { message: "same".into(), span: Some(mmdflow::Span::new(2, 2)) };
        let many: Vec<Warning> =
            (0..250).map(|i| Warning { message: format!("w{i}"), span: Some(mmdflow::Span::new(0, 0)) }).collect();
        let mut out = Outcome::new();
        out.warn_all("f", text, std::iter::repeat(&same).take(5).chain(&many));
        assert_eq!(out.messages.len(), MAX_WARNINGS + 1);
        assert_eq!(out.messages[0].text, "f:2:1: warning: same");
        assert_eq!(out.messages[MAX_WARNINGS].text, format!("f: warning: … and {} more warnings", 251 - MAX_WARNINGS));
    }

    #[test]
    fn relative_urls() {
        assert_eq!(relative_url(Path::new("out"), Path::new("out")), "./");
        assert_eq!(relative_url(Path::new("out"), Path::new("./out/img")), "./img/");
        assert_eq!(relative_url(Path::new("out/docs"), Path::new("out/img")), "../img/");
        assert_eq!(relative_url(Path::new(""), Path::new(".")), "./");
        assert_eq!(relative_url(Path::new("out"), Path::new("out/my img#1")), "./my%20img%231/");
    }

    #[test]
    fn percent_encoding() {
        assert_eq!(percent_encode(b"my doc?#%()[]<>"), "my%20doc%3F%23%25%28%29%5B%5D%3C%3E");
        assert_eq!(percent_encode("é-x_y.z~".as_bytes()), "%C3%A9-x_y.z~");
    }
}
