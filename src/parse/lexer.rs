//! The tokenizer: mermaid's `flow.jison` lexer, reproduced rule by rule.
//!
//! Mermaid's lexer is a list of regular expressions, each active in some
//! lexer states; at every position the *first* rule (in list order) that is
//! active and matches wins (jison's default, not longest-match), and rules
//! push or pop states (`text` inside brackets, `edgeText` inside a labelled
//! link, `string`, `shapeData`, ...). The quirks users meet (`A---oB` is a
//! circle-headed edge to `B`, `style.node` is an error, a trailing `%%` is not
//! a comment) all follow from this order, so the rules below keep it, and
//! each matcher is written as the regex it stands for.
//!
//! Token recognizers are small nom parsers over `&str`.

use crate::error::Span;
use std::borrow::Cow;
use nom::bytes::complete::take_while1;
use nom::IResult;
use nom::Parser;

/// Token kinds, named after the jison terminals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    AccTitle,
    AccTitleValue,
    AccDescr,
    AccDescrValue,
    AccDescrMultiValue,
    ShapeData,
    CallbackName,
    CallbackArgs,
    MdStr,
    Str,
    Style,
    Default,
    LinkStyle,
    Interpolate,
    ClassDef,
    Class,
    Href,
    Click,
    Graph,
    Subgraph,
    End,
    LinkTarget,
    NoDir,
    Dir,
    DirectionStmt,
    LinkId,
    Num,
    Brkt,
    StyleSep,
    Colon,
    Amp,
    Semi,
    Comma,
    Mult,
    Link,
    StartLink,
    EdgeText,
    EllipseStart,
    EllipseEnd,
    Text,
    StadiumStart,
    StadiumEnd,
    SubroutineStart,
    SubroutineEnd,
    PropsStart,
    TagEnd,
    CylinderStart,
    CylinderEnd,
    DoubleCircleStart,
    DoubleCircleEnd,
    TrapEnd,
    InvTrapEnd,
    TrapStart,
    InvTrapStart,
    TagStart,
    Up,
    Sep,
    Down,
    NodeString,
    Minus,
    UnicodeText,
    Pipe,
    Ps,
    Pe,
    Sqs,
    Sqe,
    DiamondStart,
    DiamondStop,
    Newline,
    Space,
    Eof,
    /// No rule matched here (a lexical error); always the last token.
    Invalid,
}

/// One token: kind, span in the preprocessed text and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token<'a> {
    pub kind: T,
    pub span: Span,
    /// The matched text, borrowed unless the lexer rewrote it.
    pub text: Cow<'a, str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    Initial,
    Str,
    MdStr,
    AccTitle,
    AccDescr,
    AccDescrMulti,
    Dir,
    Text,
    EllipseText,
    TrapText,
    EdgeText,
    ThickEdgeText,
    DottedEdgeText,
    Click,
    CallbackName,
    CallbackArgs,
    ShapeData,
    ShapeDataStr,
}

/// JavaScript's `\s`.
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\u{b}'
            | '\u{c}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{feff}'
    )
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `\s*` as a nom parser. Every link rule starts with it and it runs at
/// most positions, so the ASCII white space is scanned bytewise and only
/// other bytes are decoded (same set as [`is_js_space`]).
fn ws(s: &str) -> IResult<&str, &str> {
    let n = ws_len(s);
    Ok((&s[n..], &s[..n]))
}

/// Length of the `\s*` run at the start of `s`.
pub fn ws_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => i += 1,
            c if c < 0x80 => break,
            _ => match s[i..].chars().next() {
                Some(c) if is_js_space(c) => i += c.len_utf8(),
                _ => break,
            },
        }
    }
    i
}

/// `literal\b`: the literal, then not a word character (word characters
/// are ASCII, so the byte after the literal decides).
fn word(s: &str, lit: &str) -> Option<usize> {
    if !s.starts_with(lit) {
        return None;
    }
    match s.as_bytes().get(lit.len()) {
        Some(&b) if is_word(b as char) => None,
        _ => Some(lit.len()),
    }
}

fn lit(s: &str, l: &str) -> Option<usize> {
    s.starts_with(l).then_some(l.len())
}

/// `\s*[xo<]?` followed by `line` characters and an end class, as in the
/// `LINK` rules `--+[-xo>]` and `==+[=xo>]`: at least two line characters,
/// the end character either one of `heads` or one more line character.
fn line_link(s: &str, line: char, heads: &[char]) -> Option<usize> {
    let (after_ws, _) = ws(s).ok()?;
    let lead = s.len() - after_ws.len();
    let try_from = |start: &str| -> Option<usize> {
        let (rest, run) = take_while1::<_, _, nom::error::Error<&str>>(|c| c == line).parse(start).ok()?;
        let n = run.len();
        match rest.chars().next() {
            Some(c) if heads.contains(&c) && n >= 2 => Some(n + c.len_utf8()),
            _ if n >= 3 => Some(n),
            _ => None,
        }
    };
    let body = match after_ws.chars().next() {
        Some(c @ ('x' | 'o' | '<')) => try_from(&after_ws[1..]).map(|n| n + c.len_utf8()).or_else(|| try_from(after_ws)),
        _ => try_from(after_ws),
    }?;
    let rest = &after_ws[body..];
    let (_, trail) = ws(rest).ok()?;
    Some(lead + body + trail.len())
}

/// `\s*[xo<]?<start>\s*`: the opening half of a labelled link.
fn start_link(s: &str, start: &str) -> Option<usize> {
    let (after_ws, _) = ws(s).ok()?;
    let lead = s.len() - after_ws.len();
    let head = match after_ws.chars().next() {
        Some('x' | 'o' | '<') if after_ws[1..].starts_with(start) => 1,
        _ => 0,
    };
    if !after_ws[head..].starts_with(start) {
        return None;
    }
    let rest = &after_ws[head + start.len()..];
    let (_, trail) = ws(rest).ok()?;
    Some(lead + head + start.len() + trail.len())
}

/// `\s*[xo<]?-?\.+-[xo>]?\s*`: a dotted link.
fn dotted_link(s: &str) -> Option<usize> {
    let (after_ws, _) = ws(s).ok()?;
    let lead = s.len() - after_ws.len();
    let body = |b: &str| -> Option<usize> {
        let dash = usize::from(b.starts_with('-'));
        let dots = b[dash..].chars().take_while(|&c| c == '.').count();
        if dots == 0 || !b[dash + dots..].starts_with('-') {
            return None;
        }
        let mut n = dash + dots + 1;
        if let Some('x' | 'o' | '>') = b[n..].chars().next() {
            n += 1;
        }
        Some(n)
    };
    let n = match after_ws.chars().next() {
        Some('x' | 'o' | '<') => body(&after_ws[1..]).map(|n| n + 1).or_else(|| body(after_ws)),
        _ => body(after_ws),
    }?;
    let (_, trail) = ws(&after_ws[n..]).ok()?;
    Some(lead + n + trail.len())
}

/// `\s*~~[~]+\s*`.
fn invisible_link(s: &str) -> Option<usize> {
    let (after_ws, _) = ws(s).ok()?;
    let lead = s.len() - after_ws.len();
    let n = after_ws.chars().take_while(|&c| c == '~').count();
    if n < 3 {
        return None;
    }
    let (_, trail) = ws(&after_ws[n..]).ok()?;
    Some(lead + n + trail.len())
}

fn node_string(s: &str) -> Option<usize> {
    let mut n = 0;
    let b = s.as_bytes();
    while n < b.len() {
        let c = b[n];
        let ok = c.is_ascii_alphanumeric()
            || matches!(c, b'!' | b'"' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'.' | b'`' | b'?' | b'\\' | b'_' | b'/')
            || (c == b'-' && n + 1 < b.len() && !matches!(b[n + 1], b'>' | b'-' | b'.'))
            // The source regex allows `=` not followed by `=`; jison's code
            // generation drops that alternative (it compiles to `(?!)`), so
            // mermaid never puts `=` in an id. Neither do we.
            ;
        if !ok {
            break;
        }
        n += 1;
    }
    // A `-` followed by a multi-byte character is allowed by the lookahead;
    // the loop above handles it because non-ASCII bytes are not `>`/`-`/`.`.
    (n > 0).then_some(n)
}

/// Mermaid's `UNICODE_TEXT` class: letters outside ASCII, one at a time.
fn is_unicode_text(c: char) -> bool {
    let u = c as u32;
    if u < 0xAA {
        return false;
    }
    if matches!(u, 0xAA | 0xB5 | 0xBA) || (0xC0..=0xD6).contains(&u) || (0xD8..=0xF6).contains(&u) {
        return true;
    }
    if u < 0xF8 {
        return false;
    }
    // The jison class lists the BMP letter ranges of Unicode 6; alphabetic()
    // is the close, maintained equivalent. Mermaid's class stops at U+FFDC.
    u <= 0xFFDC && c.is_alphabetic() && !(0xD800..=0xDFFF).contains(&u)
}

/// `.*direction\s+XX[^\n]*` for the five direction statements, answered in
/// O(1) per position from a per-line table built once.
struct DirectionIndex {
    /// Only the lines holding a match: (line start, line end, for each of
    /// TB, BT, RL, LR, TD the largest offset where `direction\s+XX` starts).
    lines: Vec<(usize, usize, [Option<usize>; 5])>,
}

const DIRS: [&str; 5] = ["TB", "BT", "RL", "LR", "TD"];

impl DirectionIndex {
    fn new(src: &str) -> Self {
        let mut lines: Vec<(usize, usize, [Option<usize>; 5])> = Vec::new();
        // One search over the whole text (not one per line): the line of
        // each hit is found from the hit, scanning each line at most once
        // back and once forward, so this stays linear.
        let mut cur: Option<(usize, usize, [Option<usize>; 5])> = None;
        for (h, _) in src.match_indices("direction") {
            if cur.map_or(true, |(_, end, _)| h > end) {
                if let Some(l) = cur.take() {
                    if l.2.iter().any(Option::is_some) {
                        lines.push(l);
                    }
                }
                let start = src[..h].rfind('\n').map_or(0, |k| k + 1);
                let end = src[h..].find('\n').map_or(src.len(), |k| h + k);
                cur = Some((start, end, [None; 5]));
            }
            let Some((_, _, best)) = cur.as_mut() else { continue };
            // `\s+` may run past the end of the line (JS `\s` includes
            // `\n`), so look at the rest of the source.
            let after = &src[h + "direction".len()..];
            let sp = ws_len(after);
            if sp == 0 {
                continue;
            }
            let rest = &after[sp..];
            for (d, name) in DIRS.iter().enumerate() {
                if rest.starts_with(name) {
                    best[d] = Some(h);
                }
            }
        }
        if let Some(l) = cur {
            if l.2.iter().any(Option::is_some) {
                lines.push(l);
            }
        }
        DirectionIndex { lines }
    }

    /// The matching rule (index into DIRS) and match length at `pos`.
    fn at(&self, src: &str, pos: usize) -> Option<(usize, usize)> {
        if self.lines.is_empty() {
            return None;
        }
        let li = match self.lines.binary_search_by(|l| l.0.cmp(&pos)) {
            Ok(i) => i,
            Err(i) => i.checked_sub(1)?,
        };
        let (_, end, best) = self.lines[li];
        if pos > end {
            return None;
        }
        for (d, b) in best.iter().enumerate() {
            if let Some(b) = *b {
                if b >= pos {
                    // `[^\n]*` runs to the end of the line holding the
                    // direction word (a later line when `\s+` crossed one).
                    let dir_end = b + "direction".len();
                    let after = &src[dir_end..];
                    let sp = ws_len(after);
                    let word_end = dir_end + sp + 2;
                    let line_end = src[word_end..].find('\n').map_or(src.len(), |i| word_end + i);
                    return Some((d, line_end - pos));
                }
            }
        }
        None
    }
}

/// `[^\s"]+@(?=[^{"])`, answered per position from a table of the last
/// usable `@` in each run of non-space, non-quote characters.
struct LinkIdIndex {
    /// (run start, run end, last usable '@' offset) for runs holding one.
    runs: Vec<(usize, usize, usize)>,
}

impl LinkIdIndex {
    fn new(src: &str) -> Self {
        let mut runs = Vec::new();
        // Without an `@` there is nothing to find (one memchr pass).
        if !src.contains('@') {
            return LinkIdIndex { runs };
        }
        let mut run_start: Option<usize> = None;
        let mut last_at: Option<usize> = None;
        let mut chars = src.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let in_run = !is_js_space(c) && c != '"';
            if in_run {
                if run_start.is_none() {
                    run_start = Some(i);
                    last_at = None;
                }
                if c == '@' {
                    let next = chars.peek().map(|&(_, n)| n);
                    if matches!(next, Some(n) if n != '{' && n != '"') && Some(i) != run_start {
                        last_at = Some(i);
                    }
                }
            } else if let Some(s) = run_start.take() {
                if let Some(a) = last_at.take() {
                    runs.push((s, i, a));
                }
            }
        }
        if let (Some(s), Some(a)) = (run_start, last_at) {
            runs.push((s, src.len(), a));
        }
        LinkIdIndex { runs }
    }

    fn at(&self, pos: usize) -> Option<usize> {
        let i = match self.runs.binary_search_by(|r| r.0.cmp(&pos)) {
            Ok(i) => i,
            Err(i) => i.checked_sub(1)?,
        };
        let (_, end, at) = self.runs[i];
        (pos < end && at > pos).then(|| at + 1 - pos)
    }
}

enum Act {
    None,
    Push(St),
    Pop,
    PopPush(St),
}

/// Tokenizes the whole (preprocessed) source. A lexical error ends the list
/// with a [`T::Invalid`] token at the offending position, so the parser can
/// report whichever problem comes first.
pub fn tokenize(src: &str) -> Vec<Token<'_>> {
    let dirs = DirectionIndex::new(src);
    let link_ids = LinkIdIndex::new(src);
    // About one token per four bytes in typical diagrams.
    let mut out: Vec<Token> = Vec::with_capacity(src.len() / 4 + 8);
    let mut stack: Vec<St> = vec![St::Initial];
    let mut pos = 0usize;
    let mut first_graph = true;
    let mut empty_guard: Option<(usize, usize)> = None;
    let mut nolink_until = 0usize;
    loop {
        if pos >= src.len() {
            out.push(Token { kind: T::Eof, span: Span::new(pos, pos), text: Cow::Borrowed("") });
            return out;
        }
        let st = *stack.last().unwrap_or(&St::Initial);
        let rest = &src[pos..];
        let c0 = rest.chars().next().unwrap_or(' ');
        let ws_state = matches!(st, St::Initial | St::EdgeText | St::ThickEdgeText | St::DottedEdgeText | St::EllipseText);
        // Every link rule starts with `\s*`, so inside a run of whitespace
        // where no link matched at its start none can match later either;
        // answering from that saves rescanning the run at each position.
        let m = if ws_state && is_js_space(c0) && pos < nolink_until {
            let one = c0.len_utf8();
            Some(match st {
                St::Initial => match dirs.at(src, pos) {
                    Some((_, n)) => (Some(T::DirectionStmt), n, Act::None),
                    None if c0 == '\n' || rest.starts_with("\r\n") => {
                        (Some(T::Newline), rest.len() - rest.trim_start_matches(['\r', '\n']).len(), Act::None)
                    }
                    None => (Some(T::Space), one, Act::None),
                },
                St::EllipseText => (Some(T::Text), one, Act::None),
                _ => (Some(T::EdgeText), one, Act::None),
            })
        } else {
            let m = rule(st, src, rest, pos, &dirs, &link_ids, &mut first_graph);
            if ws_state && is_js_space(c0) && !matches!(m, Some((Some(T::Link | T::StartLink), _, _))) {
                nolink_until = pos + ws_len(rest);
            }
            m
        };
        let Some((kind, len, act)) = m else {
            // Show the unrecognized word, not just its first character.
            let c = rest.chars().next().map_or(1, char::len_utf8);
            let word: String = rest.chars().take_while(|&ch| !is_js_space(ch)).take(12).collect();
            let shown = if word.is_empty() { rest[..c].to_string() } else { word };
            out.push(Token { kind: T::Invalid, span: Span::new(pos, pos + c), text: Cow::Owned(shown) });
            return out;
        };
        if len == 0 {
            // An empty match that changes no state would repeat forever.
            if empty_guard == Some((pos, stack.len())) {
                let c = rest.chars().next().map_or(1, char::len_utf8);
                out.push(Token { kind: T::Invalid, span: Span::new(pos, pos + c), text: Cow::Borrowed(&rest[..c]) });
                return out;
            }
            empty_guard = Some((pos, stack.len()));
        }
        match act {
            Act::None => {}
            Act::Push(s) => stack.push(s),
            Act::Pop => {
                if stack.len() > 1 {
                    stack.pop();
                }
            }
            Act::PopPush(s) => {
                if stack.len() > 1 {
                    stack.pop();
                }
                stack.push(s);
            }
        }
        if let Some(kind) = kind {
            let text = &src[pos..pos + len];
            // Adjacent one-character text tokens are one run for the grammar.
            let merge = matches!(kind, T::EdgeText)
                && out.last().is_some_and(|t| t.kind == kind && t.span.end == pos);
            if merge {
                if let Some(last) = out.last_mut() {
                    // The run is contiguous in the source: widen the borrow.
                    last.span.end = pos + len;
                    last.text = Cow::Borrowed(&src[last.span.start..last.span.end]);
                }
            } else {
                let text = if kind == T::DirectionStmt {
                    Cow::Borrowed(dirs.at(src, pos).map_or("TB", |(d, _)| DIRS[d]))
                } else if kind == T::ShapeData && st == St::ShapeDataStr {
                    Cow::Owned(br_newlines(text))
                } else if kind == T::ShapeData && text == "@{" {
                    Cow::Borrowed("")
                } else {
                    Cow::Borrowed(text)
                };
                out.push(Token { kind, span: Span::new(pos, pos + len), text });
            }
        }
        pos += len;
    }
}

/// Inside a quoted `@{ }` string mermaid turns `\n\s*` into `<br/>`.
fn br_newlines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.char_indices().peekable();
    while let Some((_, c)) = it.next() {
        if c == '\n' {
            out.push_str("<br/>");
            while it.peek().is_some_and(|&(_, n)| is_js_space(n)) {
                it.next();
            }
        } else {
            out.push(c);
        }
    }
    out
}

type Match = Option<(Option<T>, usize, Act)>;

fn tok(k: T, n: usize) -> Match {
    Some((Some(k), n, Act::None))
}

/// The rules active in every state (`<*>` in the grammar), in order, from
/// position `from` of the rule list: `"\``, `"`, `~~~`, `(-`, `([`, `[[`,
/// `[(`, `(((`, `[/`, `[\`, `|`, `(`, `[`, `{`.
fn star_md_str(s: &str) -> Match {
    lit(s, "\"`").map(|n| (None, n, Act::Push(St::MdStr)))
}
fn star_quote(s: &str) -> Match {
    lit(s, "\"").map(|n| (None, n, Act::Push(St::Str)))
}
fn star_tail(s: &str) -> Match {
    if let Some(n) = invisible_link(s) {
        return tok(T::Link, n);
    }
    if let Some(n) = lit(s, "(-") {
        return Some((Some(T::EllipseStart), n, Act::Push(St::EllipseText)));
    }
    star_tail_after_ellipse(s)
}
fn star_tail_after_ellipse(s: &str) -> Match {
    for (l, k) in [("([", T::StadiumStart), ("[[", T::SubroutineStart), ("[(", T::CylinderStart), ("(((", T::DoubleCircleStart)] {
        if let Some(n) = lit(s, l) {
            return Some((Some(k), n, Act::Push(St::Text)));
        }
    }
    star_trap_and_single(s)
}
fn star_trap_and_single(s: &str) -> Match {
    if let Some(n) = lit(s, "[/") {
        return Some((Some(T::TrapStart), n, Act::Push(St::TrapText)));
    }
    if let Some(n) = lit(s, "[\\") {
        return Some((Some(T::InvTrapStart), n, Act::Push(St::TrapText)));
    }
    star_single(s)
}
fn star_single(s: &str) -> Match {
    let k = match s.chars().next()? {
        '|' => T::Pipe,
        '(' => T::Ps,
        '[' => T::Sqs,
        '{' => T::DiamondStart,
        _ => return None,
    };
    Some((Some(k), 1, Act::Push(St::Text)))
}

fn rule(st: St, full: &str, s: &str, pos: usize, dirs: &DirectionIndex, ids: &LinkIdIndex, first_graph: &mut bool) -> Match {
    match st {
        St::Initial => initial(full, s, pos, dirs, ids, first_graph),
        St::Str => star_md_str(s)
            .or_else(|| {
                let n = s.find('"').unwrap_or(s.len());
                (n > 0).then_some((Some(T::Str), n, Act::None))
            })
            .or_else(|| lit(s, "\"").map(|n| (None, n, Act::Pop))),
        St::MdStr => {
            let n = s.find(['`', '"']).unwrap_or(s.len());
            if n > 0 {
                return tok(T::MdStr, n);
            }
            if let Some(n) = lit(s, "`\"") {
                return Some((None, n, Act::Pop));
            }
            star_md_str(s).or_else(|| star_quote(s)).or_else(|| star_tail(s))
        }
        St::AccTitle | St::AccDescr => {
            let n = s.find('\n').unwrap_or(s.len());
            let k = if st == St::AccTitle { T::AccTitleValue } else { T::AccDescrValue };
            Some((Some(k), n, Act::Pop))
        }
        St::AccDescrMulti => {
            if s.starts_with('}') {
                return Some((None, 1, Act::Pop));
            }
            let n = s.find('}').unwrap_or(s.len());
            tok(T::AccDescrMultiValue, n)
        }
        St::Dir => dir_rules(s).or_else(|| star_md_str(s)).or_else(|| star_quote(s)).or_else(|| star_tail(s)),
        St::Text => text_rules(s),
        St::EllipseText => {
            star_md_str(s).or_else(|| star_quote(s)).or_else(|| invisible_link(s).map(|n| (Some(T::Link), n, Act::None))).or_else(|| {
                let mut it = s.chars();
                let a = it.next()?;
                let b = it.next();
                if matches!(a, '-' | '/' | ')') && b == Some(')') {
                    return Some((Some(T::EllipseEnd), 2, Act::Pop));
                }
                if !matches!(a, '(' | ')' | '[' | ']' | '{' | '}') {
                    return tok(T::Text, a.len_utf8());
                }
                None
            })
            .or_else(|| star_tail(s))
        }
        St::TrapText => star_md_str(s)
            .or_else(|| star_quote(s))
            .or_else(|| invisible_link(s).map(|n| (Some(T::Link), n, Act::None)))
            .or_else(|| lit(s, "(-").map(|n| (Some(T::EllipseStart), n, Act::Push(St::EllipseText))))
            .or_else(|| {
                for (l, k) in [("([", T::StadiumStart), ("[[", T::SubroutineStart), ("[(", T::CylinderStart), ("(((", T::DoubleCircleStart)] {
                    if let Some(n) = lit(s, l) {
                        return Some((Some(k), n, Act::Push(St::Text)));
                    }
                }
                None
            })
            .or_else(|| {
                let mut it = s.chars();
                let a = it.next()?;
                let b = it.next();
                if matches!(a, '\\' | '(' | '?' | '=' | ']') && b == Some(']') {
                    return Some((Some(T::TrapEnd), 2, Act::Pop));
                }
                if a == '/' && b == Some(']') {
                    return Some((Some(T::InvTrapEnd), 2, Act::Pop));
                }
                if (a == '/' || a == '\\') && b != Some(']') {
                    return tok(T::Text, 1);
                }
                let n = s.find(['\\', '[', ']', '(', ')', '{', '}', '/']).unwrap_or(s.len());
                (n > 0).then_some((Some(T::Text), n, Act::None))
            })
            .or_else(|| star_trap_and_single(s)),
        St::EdgeText | St::ThickEdgeText | St::DottedEdgeText => {
            star_md_str(s).or_else(|| star_quote(s)).or_else(|| {
                let (end, line) = match st {
                    St::EdgeText => (line_link(s, '-', &['x', 'o', '>']), '-'),
                    St::ThickEdgeText => (line_link(s, '=', &['x', 'o', '>']), '='),
                    _ => (dotted_link(s), '.'),
                };
                if let Some(n) = end {
                    return Some((Some(T::Link), n, Act::Pop));
                }
                let c = s.chars().next()?;
                let next = s[c.len_utf8()..].chars().next();
                let ok = match st {
                    // `[^-]|-(?!-)`
                    St::EdgeText => c != '-' || next != Some('-'),
                    // `[^=]` (the `=(?!=)` alternative is lost in jison's
                    // output) and `[^.]` likewise.
                    _ => c != line,
                };
                ok.then_some((Some(T::EdgeText), c.len_utf8(), Act::None))
            })
            .or_else(|| star_tail(s))
        }
        St::Click => star_md_str(s).or_else(|| star_quote(s)).or_else(|| {
            let c = s.chars().next()?;
            if is_js_space(c) {
                return Some((None, c.len_utf8(), Act::Pop));
            }
            let n = s.find(is_js_space).unwrap_or(s.len());
            tok(T::Click, n)
        }),
        St::CallbackName => {
            if let Some(inner) = s.strip_prefix('(') {
                let sp = ws_len(inner);
                if inner[sp..].starts_with(')') {
                    return Some((None, 2 + sp, Act::Pop));
                }
                return Some((None, 1, Act::PopPush(St::CallbackArgs)));
            }
            let n = s.find('(').unwrap_or(s.len());
            tok(T::CallbackName, n)
        }
        St::CallbackArgs => {
            if s.starts_with(')') {
                return Some((None, 1, Act::Pop));
            }
            let n = s.find(')').unwrap_or(s.len());
            tok(T::CallbackArgs, n)
        }
        St::ShapeData => {
            if s.starts_with('"') {
                return Some((Some(T::ShapeData), 1, Act::Push(St::ShapeDataStr)));
            }
            let n = s.find(['}', '^', '"']).unwrap_or(s.len());
            if n > 0 {
                return tok(T::ShapeData, n);
            }
            if s.starts_with('}') {
                return Some((None, 1, Act::Pop));
            }
            star_md_str(s).or_else(|| star_tail(s))
        }
        St::ShapeDataStr => {
            if s.starts_with('"') {
                return Some((Some(T::ShapeData), 1, Act::Pop));
            }
            let n = s.find('"').unwrap_or(s.len());
            tok(T::ShapeData, n)
        }
    }
}

fn dir_rules(s: &str) -> Match {
    // `(\r?\n)*\s*\n`
    let (after, _) = ws(s).ok()?;
    let spaces = &s[..s.len() - after.len()];
    if let Some(last_nl) = spaces.rfind('\n') {
        return Some((Some(T::NoDir), last_nl + 1, Act::Pop));
    }
    let lead = s.len() - after.len();
    for d in ["LR", "RL", "TB", "BT", "TD", "BR"] {
        if let Some(n) = word(after, d) {
            return Some((Some(T::Dir), lead + n, Act::Pop));
        }
    }
    for d in ["<", ">", "^"] {
        if let Some(n) = lit(after, d) {
            return Some((Some(T::Dir), lead + n, Act::Pop));
        }
    }
    word(after, "v").map(|n| (Some(T::Dir), lead + n, Act::Pop))
}

fn text_rules(s: &str) -> Match {
    if let Some(m) = star_md_str(s).or_else(|| star_quote(s)) {
        return Some(m);
    }
    if let Some(n) = invisible_link(s) {
        return tok(T::Link, n);
    }
    if let Some(n) = lit(s, "(-") {
        return Some((Some(T::EllipseStart), n, Act::Push(St::EllipseText)));
    }
    let pairs: [(&str, T, bool); 8] = [
        ("])", T::StadiumEnd, false),
        ("([", T::StadiumStart, true),
        ("]]", T::SubroutineEnd, false),
        ("[[", T::SubroutineStart, true),
        (")]", T::CylinderEnd, false),
        ("[(", T::CylinderStart, true),
        (")))", T::DoubleCircleEnd, false),
        ("(((", T::DoubleCircleStart, true),
    ];
    for (l, k, push) in pairs {
        if let Some(n) = lit(s, l) {
            return Some((Some(k), n, if push { Act::Push(St::Text) } else { Act::Pop }));
        }
    }
    if let Some(n) = lit(s, "[/") {
        return Some((Some(T::TrapStart), n, Act::Push(St::TrapText)));
    }
    if let Some(n) = lit(s, "[\\") {
        return Some((Some(T::InvTrapStart), n, Act::Push(St::TrapText)));
    }
    let c = s.chars().next()?;
    match c {
        '|' => return Some((Some(T::Pipe), 1, Act::Pop)),
        ')' => return Some((Some(T::Pe), 1, Act::Pop)),
        '(' => return Some((Some(T::Ps), 1, Act::Push(St::Text))),
        ']' => return Some((Some(T::Sqe), 1, Act::Pop)),
        '[' => return Some((Some(T::Sqs), 1, Act::Push(St::Text))),
        '}' => return Some((Some(T::DiamondStop), 1, Act::Pop)),
        '{' => return Some((Some(T::DiamondStart), 1, Act::Push(St::Text))),
        _ => {}
    }
    let n = s.find(['[', ']', '(', ')', '{', '}', '|', '"']).unwrap_or(s.len());
    (n > 0).then_some((Some(T::Text), n, Act::None))
}

fn initial(full: &str, s: &str, pos: usize, dirs: &DirectionIndex, ids: &LinkIdIndex, first_graph: &mut bool) -> Match {
    let src_pos = pos;
    let b0 = *s.as_bytes().first()?;
    // The rules below are tried in mermaid's order; most of them start with
    // a fixed character, so each group is skipped (never reordered) when the
    // first byte rules it out. Without this every node id paid for ~30
    // failed keyword and link matches.
    if b0 == b'a' {
        // accTitle / accDescr.
        for (kw, kind, state) in [("accTitle", T::AccTitle, St::AccTitle), ("accDescr", T::AccDescr, St::AccDescr)] {
            if let Some(rest) = s.strip_prefix(kw) {
                let (r, _) = ws(rest).ok()?;
                if let Some(r2) = r.strip_prefix(':') {
                    let (r3, _) = ws(r2).ok()?;
                    return Some((Some(kind), s.len() - r3.len(), Act::Push(state)));
                }
            }
        }
        if let Some(rest) = s.strip_prefix("accDescr") {
            let (r, _) = ws(rest).ok()?;
            if let Some(r2) = r.strip_prefix('{') {
                let (r3, _) = ws(r2).ok()?;
                return Some((None, s.len() - r3.len(), Act::Push(St::AccDescrMulti)));
            }
        }
    }
    if let Some(n) = lit(s, "@{") {
        return Some((Some(T::ShapeData), n, Act::Push(St::ShapeData)));
    }
    if let Some(rest) = s.strip_prefix("call") {
        let sp = ws_len(rest);
        if sp > 0 {
            return Some((None, 4 + sp, Act::Push(St::CallbackName)));
        }
    }
    if b0 == b'"' {
        if let Some(m) = star_md_str(s).or_else(|| star_quote(s)) {
            return Some(m);
        }
    }
    if matches!(b0, b's' | b'd' | b'l' | b'i' | b'c') {
        for (kw, k) in [
            ("style", T::Style),
            ("default", T::Default),
            ("linkStyle", T::LinkStyle),
            ("interpolate", T::Interpolate),
            ("classDef", T::ClassDef),
            ("class", T::Class),
        ] {
            if let Some(n) = word(s, kw) {
                return tok(k, n);
            }
        }
    }
    if let Some(rest) = s.strip_prefix("href") {
        if rest.starts_with(is_js_space) {
            let c = rest.chars().next().map_or(1, char::len_utf8);
            return tok(T::Href, 4 + c);
        }
    }
    if let Some(rest) = s.strip_prefix("click") {
        let sp = ws_len(rest);
        if sp > 0 {
            return Some((None, 5 + sp, Act::Push(St::Click)));
        }
    }
    if matches!(b0, b'f' | b'g') {
        for kw in ["flowchart-elk", "graph", "flowchart"] {
            if let Some(n) = word(s, kw) {
                if *first_graph {
                    *first_graph = false;
                    return Some((Some(T::Graph), n, Act::Push(St::Dir)));
                }
                return tok(T::Graph, n);
            }
        }
    }
    if let Some(n) = word(s, "subgraph") {
        return tok(T::Subgraph, n);
    }
    if let Some(n) = word(s, "end") {
        let (_, trail) = ws(&s[n..]).ok()?;
        return tok(T::End, n + trail.len());
    }
    if b0 == b'_' {
        for kw in ["_self", "_blank", "_parent", "_top"] {
            if let Some(n) = word(s, kw) {
                return tok(T::LinkTarget, n);
            }
        }
    }
    if let Some((_, n)) = dirs.at(full, src_pos) {
        return tok(T::DirectionStmt, n);
    }
    if let Some(n) = ids.at(src_pos) {
        return tok(T::LinkId, n);
    }
    let c = s.chars().next()?;
    if c.is_ascii_digit() {
        return tok(T::Num, s.bytes().take_while(u8::is_ascii_digit).count());
    }
    match c {
        '#' => return tok(T::Brkt, 1),
        ':' => return tok(if s.starts_with(":::") { T::StyleSep } else { T::Colon }, if s.starts_with(":::") { 3 } else { 1 }),
        '&' => return tok(T::Amp, 1),
        ';' => return tok(T::Semi, 1),
        ',' => return tok(T::Comma, 1),
        '*' => return tok(T::Mult, 1),
        _ => {}
    }
    // Every link rule is `\s*[xo<]?` then `-`, `=`, `.` or `~`, so the
    // first byte after the white space decides whether any can match (one
    // scan of the run instead of one per rule: a line break followed by
    // indentation is tried at every line).
    let after_ws = s.as_bytes().get(ws_len(s)).copied();
    if matches!(after_ws, Some(b'x' | b'o' | b'<' | b'-' | b'=' | b'.' | b'~')) {
        if let Some(n) = line_link(s, '-', &['x', 'o', '>']) {
            return Some((Some(T::Link), n, Act::Pop));
        }
        if let Some(n) = start_link(s, "--") {
            return Some((Some(T::StartLink), n, Act::Push(St::EdgeText)));
        }
        if let Some(n) = line_link(s, '=', &['x', 'o', '>']) {
            return Some((Some(T::Link), n, Act::Pop));
        }
        if let Some(n) = start_link(s, "==") {
            return Some((Some(T::StartLink), n, Act::Push(St::ThickEdgeText)));
        }
        if let Some(n) = dotted_link(s) {
            return Some((Some(T::Link), n, Act::Pop));
        }
        if let Some(n) = start_link(s, "-.") {
            return Some((Some(T::StartLink), n, Act::Push(St::DottedEdgeText)));
        }
        if let Some(n) = invisible_link(s) {
            return tok(T::Link, n);
        }
    }
    if let Some(n) = lit(s, "(-") {
        return Some((Some(T::EllipseStart), n, Act::Push(St::EllipseText)));
    }
    for (l, k) in [("([", T::StadiumStart), ("[[", T::SubroutineStart)] {
        if let Some(n) = lit(s, l) {
            return Some((Some(k), n, Act::Push(St::Text)));
        }
    }
    if let Some(n) = lit(s, "[|") {
        return tok(T::PropsStart, n);
    }
    if c == '>' {
        return Some((Some(T::TagEnd), 1, Act::Push(St::Text)));
    }
    for (l, k) in [("[(", T::CylinderStart), ("(((", T::DoubleCircleStart)] {
        if let Some(n) = lit(s, l) {
            return Some((Some(k), n, Act::Push(St::Text)));
        }
    }
    if let Some(n) = lit(s, "[/") {
        return Some((Some(T::TrapStart), n, Act::Push(St::TrapText)));
    }
    if let Some(n) = lit(s, "[\\") {
        return Some((Some(T::InvTrapStart), n, Act::Push(St::TrapText)));
    }
    match c {
        '<' => return tok(T::TagStart, 1),
        '^' => return tok(T::Up, 1),
        _ => {}
    }
    if let Some(n) = lit(s, "\\|") {
        return tok(T::Sep, n);
    }
    if let Some(n) = word(s, "v") {
        return tok(T::Down, n);
    }
    if let Some(n) = node_string(s) {
        return tok(T::NodeString, n);
    }
    if c == '-' {
        return tok(T::Minus, 1);
    }
    if is_unicode_text(c) {
        return tok(T::UnicodeText, c.len_utf8());
    }
    if let Some(m) = star_single(s) {
        return Some(m);
    }
    if c == '\n' || s.starts_with("\r\n") {
        let n = s.len() - s.trim_start_matches(['\r', '\n']).len();
        return tok(T::Newline, n);
    }
    if is_js_space(c) {
        return tok(T::Space, c.len_utf8());
    }
    None
}

