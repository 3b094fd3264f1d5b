//! The one error type of the crate: a kind, a position, and a message that
//! shows the offending source line with a caret under the problem.

use std::fmt;

/// A byte range in the source text. `start..end`, both byte offsets into the
/// text given to [`crate::parse()`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end: end.max(start) }
    }
}

/// What went wrong, in broad classes that callers can match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not valid flowchart syntax.
    Syntax,
    /// The text is valid syntax but means something impossible (an unknown
    /// shape name, a `linkStyle` index past the last edge, ...).
    Semantic,
    /// The diagram is of a type mmdflow does not draw (`sequenceDiagram`, ...).
    UnsupportedDiagram,
    /// A configured safety limit (nodes, edges, nesting, text size) was passed.
    LimitExceeded,
    /// The input is not valid UTF-8 or contains a NUL byte.
    Encoding,
    /// The front-matter, `%%{init}%%` directive or config file is malformed.
    Config,
    /// Rendering failed (for example the PNG would be too large).
    Render,
    /// Reading or writing a file failed.
    Io,
}

impl ErrorKind {
    /// A short lowercase name of the kind, as printed in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax error",
            ErrorKind::Semantic => "error",
            ErrorKind::UnsupportedDiagram => "unsupported diagram type",
            ErrorKind::LimitExceeded => "limit exceeded",
            ErrorKind::Encoding => "encoding error",
            ErrorKind::Config => "config error",
            ErrorKind::Render => "render error",
            ErrorKind::Io => "i/o error",
        }
    }
}

/// An error from any stage of the pipeline.
///
/// It is small and opaque: ask it for its [`kind`](Error::kind),
/// [`line`](Error::line), [`column`](Error::column) and
/// [`message`](Error::message). Its `Display` prints
/// `line:col: error: message`, then the source line with a caret under the
/// problem, when the error has a position:
///
/// ```text
/// 3:7: error: expected a node id or link, found '=>'
///   |
/// 3 |   A => B
///   |     ^
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    inner: Box<ErrorInner>,
}

#[derive(Clone, PartialEq, Eq)]
struct ErrorInner {
    kind: ErrorKind,
    message: String,
    position: Option<Position>,
}

#[derive(Clone, PartialEq, Eq)]
struct Position {
    span: Span,
    line: usize,
    column: usize,
    source_line: String,
}

impl Error {
    /// An error with no position in the source (I/O, rendering, ...).
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { inner: Box::new(ErrorInner { kind, message: message.into(), position: None }) }
    }

    /// An error at `span` of `source`; line, column and the caret snippet are
    /// computed from the source text now, so the error does not borrow it.
    pub fn at(kind: ErrorKind, message: impl Into<String>, source: &str, span: Span) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let line = source[..start].matches('\n').count() + 1;
        Error::at_line(kind, message, source, span, line)
    }

    /// [`Error::at`] for a caller that already knows the 1-based `line` of
    /// `span.start`: only that line is scanned, not the text before it, so
    /// positioning thousands of errors in one large document stays linear.
    pub(crate) fn at_line(kind: ErrorKind, message: impl Into<String>, source: &str, span: Span, line: usize) -> Self {
        // A span past the end (e.g. "found end of input" after a newline the
        // preprocessor appended) is pulled back onto the source.
        let span = Span::new(span.start.min(source.len()), span.end.min(source.len()));
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..].find('\n').map_or(source.len(), |i| start + i);
        // Columns count characters, not bytes, so the caret lines up under
        // multi-byte text in a terminal.
        let column = source[line_start..start].chars().count() + 1;
        let source_line = source[line_start..line_end].trim_end_matches('\r').to_string();
        Error {
            inner: Box::new(ErrorInner {
                kind,
                message: message.into(),
                position: Some(Position { span, line, column, source_line }),
            }),
        }
    }

    /// The broad class of the error.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The message alone, without position or snippet.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// 1-based line of the problem, if the error has a position.
    pub fn line(&self) -> Option<usize> {
        self.inner.position.as_ref().map(|p| p.line)
    }

    /// 1-based column (in characters) of the problem, if it has a position.
    pub fn column(&self) -> Option<usize> {
        self.inner.position.as_ref().map(|p| p.column)
    }

    /// Byte span of the problem in the source, if it has a position.
    pub fn span(&self) -> Option<Span> {
        self.inner.position.as_ref().map(|p| p.span)
    }

    /// The error in the one-line form that editors and CI annotations read:
    /// `PATH:LINE:COL: error: MESSAGE` (or `PATH: error: MESSAGE` without a
    /// position).
    pub fn one_line(&self, path: &str) -> String {
        match &self.inner.position {
            Some(p) => format!("{}:{}:{}: error: {}", path, p.line, p.column, self.inner.message),
            None => format!("{}: error: {}", path, self.inner.message),
        }
    }

    /// The full report: [`one_line`](Error::one_line) followed by the source
    /// line and a caret, as `Display` prints it, prefixed by `path`.
    pub fn report(&self, path: &str) -> String {
        let mut out = self.one_line(path);
        if let Some(p) = &self.inner.position {
            out.push('\n');
            out.push_str(&snippet(p));
        }
        out
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Characters of the source line shown on each side of the caret. A
/// snippet is for finding the problem, not for copying the input: a long
/// line (a minified file, or a secret that was never a diagram) is cut to a
/// window around the caret.
const SNIPPET_REACH: usize = 40;

fn snippet(p: &Position) -> String {
    let gutter = p.line.to_string();
    let pad = " ".repeat(gutter.len());
    // Tabs are shown as single spaces so the caret stays under the problem.
    let chars: Vec<char> = p.source_line.chars().map(|c| if c == '\t' || c.is_control() { ' ' } else { c }).collect();
    let caret = p.column.saturating_sub(1).min(chars.len());
    let from = caret.saturating_sub(SNIPPET_REACH);
    let to = (caret + SNIPPET_REACH).min(chars.len());
    let mut shown: String = if from > 0 { "…".into() } else { String::new() };
    shown.extend(&chars[from..to]);
    if to < chars.len() {
        shown.push('…');
    }
    let caret_pad = " ".repeat(caret - from + usize::from(from > 0));
    format!("{pad} |\n{gutter} | {shown}\n{pad} | {caret_pad}^")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner.position {
            Some(p) => write!(f, "{}:{}: error: {}\n{}", p.line, p.column, self.inner.message, snippet(p)),
            None => write!(f, "error: {}", self.inner.message),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.inner.kind).field("message", &self.inner.message);
        if let Some(p) = &self.inner.position {
            d.field("line", &p.line).field("column", &p.column);
        }
        d.finish()
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::new(ErrorKind::Io, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_points_at_the_column() {
        let src = "graph TD\n  A --> B\n  A => B\n";
        let at = src.find("=>").unwrap();
        let e = Error::at(ErrorKind::Syntax, "expected a node id or link, found '=>'", src, Span::new(at, at + 2));
        assert_eq!(e.line(), Some(3));
        assert_eq!(e.column(), Some(5));
        assert_eq!(
            e.to_string(),
            "3:5: error: expected a node id or link, found '=>'\n  |\n3 |   A => B\n  |     ^"
        );
        assert_eq!(e.one_line("f.mmd"), "f.mmd:3:5: error: expected a node id or link, found '=>'");
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let src = format!("graph TD\n{}X{}", "a".repeat(100), "b".repeat(100));
        let at = src.find('X').unwrap();
        let e = Error::at(ErrorKind::Syntax, "bad", &src, Span::new(at, at + 1));
        let shown = e.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[2], format!("2 | …{}X{}…", "a".repeat(40), "b".repeat(39)));
        assert_eq!(lines[3].find('^'), lines[2].chars().position(|c| c == 'X'));
    }

    #[test]
    fn column_counts_characters() {
        let src = "graph TD\nÄÖ x";
        let at = src.find('x').unwrap();
        let e = Error::at(ErrorKind::Syntax, "bad", src, Span::new(at, at + 1));
        assert_eq!(e.column(), Some(4));
    }
}
