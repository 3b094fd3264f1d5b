//! The grammar: tokens to the syntax tree ([`crate::ast`]), following
//! mermaid's `flow.jison` productions. Recursive descent with one token of
//! lookahead is enough for this LALR(1) grammar; subgraph nesting is handled
//! with a depth counter (no recursion), checked against the nesting limit.

use super::lexer::{Token, T};
use super::links;
use super::preprocess::OffsetMap;
use crate::ast::*;
use crate::error::{Error, ErrorKind, Span};
use crate::options::Limits;

pub(super) struct Parser<'a> {
    toks: &'a [Token<'a>],
    i: usize,
    map: &'a OffsetMap,
    source: &'a str,
    limits: &'a Limits,
}

/// The `idString` tokens (a `match`, not a list search: this is asked for
/// every token of every node id).
fn is_id_token(k: T) -> bool {
    matches!(
        k,
        T::Num | T::NodeString | T::Down | T::Minus | T::Default | T::Comma | T::Colon | T::Amp | T::Brkt | T::Mult | T::UnicodeText
    )
}
const ALPHANUM_TOKENS: &[T] =
    &[T::Num, T::UnicodeText, T::NodeString, T::Dir, T::Down, T::Minus, T::Comma, T::Colon, T::Amp, T::Brkt, T::Mult];
const TITLE_TOKENS: &[T] = &[
    T::Num,
    T::NodeString,
    T::Space,
    T::Minus,
    T::Amp,
    T::UnicodeText,
    T::Colon,
    T::Mult,
    T::Brkt,
    T::Style,
    T::LinkStyle,
    T::ClassDef,
    T::Class,
    T::Click,
    T::Graph,
    T::Dir,
    T::Subgraph,
    T::End,
    T::Down,
    T::Up,
    T::StartLink,
];
const STYLE_TOKENS: &[T] = &[T::Num, T::NodeString, T::Colon, T::Space, T::Brkt, T::Style];
const TEXT_TOKENS: &[T] = &[T::Text, T::TagStart, T::TagEnd, T::UnicodeText];

fn describe(t: &Token<'_>) -> String {
    match t.kind {
        T::Eof => "end of input".to_string(),
        T::Newline => "end of line".to_string(),
        T::Space => "' '".to_string(),
        T::Invalid => format!("unrecognized text '{}'", t.text),
        T::Str => format!("string \"{}\"", clip(&t.text)),
        _ => format!("'{}'", clip(t.text.trim())),
    }
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(30).collect();
    if s.chars().count() > 30 {
        out.push('…');
    }
    out
}

impl<'a> Parser<'a> {
    pub(super) fn new(toks: &'a [Token<'a>], map: &'a OffsetMap, source: &'a str, limits: &'a Limits) -> Self {
        Parser { toks, i: 0, map, source, limits }
    }

    fn peek(&self) -> &'a Token<'a> {
        let i = self.i.min(self.toks.len().saturating_sub(1));
        &self.toks[i]
    }

    fn peek_at(&self, k: usize) -> Option<&'a Token<'a>> {
        self.toks.get(self.i + k)
    }

    fn kind(&self) -> T {
        self.peek().kind
    }

    fn bump(&mut self) -> &'a Token<'a> {
        let t = self.peek();
        if self.i < self.toks.len() {
            self.i += 1;
        }
        t
    }

    fn span(&self, s: Span) -> Span {
        self.map.span(s)
    }

    fn err_here(&self, expected: &str) -> Error {
        let t = self.peek();
        let (kind, msg) = if t.kind == T::Invalid {
            (ErrorKind::Syntax, format!("expected {expected}, found '{}'", t.text))
        } else {
            (ErrorKind::Syntax, format!("expected {expected}, found {}", describe(t)))
        };
        Error::at(kind, msg, self.source, self.span(t.span))
    }

    fn expect(&mut self, k: T, what: &str) -> Result<&'a Token<'a>, Error> {
        if self.kind() == k {
            Ok(self.bump())
        } else {
            Err(self.err_here(what))
        }
    }

    fn skip_spaces(&mut self) -> usize {
        let mut n = 0;
        while self.kind() == T::Space {
            self.bump();
            n += 1;
        }
        n
    }

    /// `graphConfig document`.
    pub(super) fn document(&mut self) -> Result<Document, Error> {
        while matches!(self.kind(), T::Space | T::Newline) {
            self.bump();
        }
        let g = self.expect(T::Graph, "a flowchart header (`graph` or `flowchart`)")?;
        let mut span = g.span;
        let direction = match self.kind() {
            T::NoDir => {
                self.bump();
                None
            }
            T::Dir => {
                let d = self.bump();
                span.end = d.span.end;
                let dir = d.text.trim().to_string();
                // FirstStmtSeparator: `;`, a newline, or spaces then a newline.
                match self.kind() {
                    T::Semi | T::Newline => {
                        self.bump();
                    }
                    T::Space => {
                        self.skip_spaces();
                        self.expect(T::Newline, "a new line after the direction")?;
                    }
                    _ => return Err(self.err_here("a new line or ';' after the direction")),
                }
                Some(dir)
            }
            _ => return Err(self.err_here("a direction (TB, TD, BT, LR, RL) or a new line")),
        };
        let header = Header { keyword: g.text.to_string(), direction, span: self.span(span) };
        let statements = self.statements()?;
        Ok(Document { header, statements })
    }

    fn separator(&mut self) -> Result<(), Error> {
        match self.kind() {
            T::Newline | T::Semi => {
                self.bump();
                Ok(())
            }
            T::Eof => Ok(()),
            _ => Err(self.err_here("a new line or ';'")),
        }
    }

    fn statements(&mut self) -> Result<Vec<Statement>, Error> {
        let mut out = Vec::new();
        let mut open: Vec<Span> = Vec::new();
        loop {
            let t = self.peek();
            match t.kind {
                T::Eof => {
                    if let Some(s) = open.last() {
                        return Err(Error::at(
                            ErrorKind::Syntax,
                            "expected 'end' to close this subgraph, found end of input",
                            self.source,
                            *s,
                        ));
                    }
                    return Ok(out);
                }
                T::Newline | T::Semi | T::Space => {
                    self.bump();
                }
                T::End => {
                    if open.pop().is_none() {
                        return Err(self.err_here("a statement ('end' without a subgraph)"));
                    }
                    let t = self.bump();
                    out.push(Statement::SubgraphEnd { span: self.span(t.span) });
                }
                T::Subgraph => {
                    let st = self.subgraph_header()?;
                    if let Statement::SubgraphStart { span, .. } = &st {
                        open.push(*span);
                        if open.len() > self.limits.max_nesting {
                            return Err(Error::at(
                                ErrorKind::LimitExceeded,
                                format!(
                                    "subgraphs nested more than {} deep (raise Limits::max_nesting / --max-nesting)",
                                    self.limits.max_nesting
                                ),
                                self.source,
                                *span,
                            ));
                        }
                    }
                    out.push(st);
                }
                T::Style => {
                    let st = self.style_statement()?;
                    out.push(st);
                    self.separator()?;
                }
                T::ClassDef => {
                    let st = self.classdef_statement()?;
                    out.push(st);
                    self.separator()?;
                }
                T::Class => {
                    let st = self.class_statement()?;
                    out.push(st);
                    self.separator()?;
                }
                T::LinkStyle => {
                    let st = self.linkstyle_statement()?;
                    out.push(st);
                    self.separator()?;
                }
                T::Click => {
                    let st = self.click_statement()?;
                    out.push(st);
                    self.separator()?;
                }
                T::DirectionStmt => {
                    let t = self.bump();
                    out.push(Statement::Direction { dir: t.text.to_string(), span: self.span(t.span) });
                }
                T::AccTitle | T::AccDescr => {
                    let kw = self.bump();
                    let want = if kw.kind == T::AccTitle { T::AccTitleValue } else { T::AccDescrValue };
                    let v = self.expect(want, "a value")?;
                    let span = self.span(Span::new(kw.span.start, v.span.end));
                    let text = v.text.trim().to_string();
                    out.push(if kw.kind == T::AccTitle { Statement::AccTitle(text, span) } else { Statement::AccDescr(text, span) });
                }
                T::AccDescrMultiValue => {
                    let v = self.bump();
                    let text = v.text.trim().lines().map(str::trim).collect::<Vec<_>>().join("\n");
                    out.push(Statement::AccDescr(text, self.span(v.span)));
                }
                k if is_id_token(k) => {
                    let st = self.vertex_statement()?;
                    out.push(Statement::Vertices(st));
                    if !matches!(self.kind(), T::Newline | T::Semi | T::Eof) {
                        return Err(self.err_here("a link (like '-->'), '&' or a new line after the node"));
                    }
                    self.separator()?;
                }
                _ => return Err(self.err_here("a node id or statement")),
            }
        }
    }

    fn subgraph_header(&mut self) -> Result<Statement, Error> {
        let kw = self.bump();
        if matches!(self.kind(), T::Newline | T::Semi | T::Eof) {
            return Err(Error::at(
                ErrorKind::Syntax,
                "expected a subgraph id or title after 'subgraph'",
                self.source,
                self.span(kw.span),
            ));
        }
        self.expect(T::Space, "a space after 'subgraph'")?;
        let first = self.peek();
        let mut text = String::new();
        let mut kind = TextKind::Text;
        match first.kind {
            T::Str => {
                text.push_str(&self.bump().text);
            }
            T::MdStr => {
                text.push_str(&self.bump().text);
                kind = TextKind::Markdown;
            }
            k if TITLE_TOKENS.contains(&k) => {}
            _ => return Err(self.err_here("a subgraph id or title")),
        }
        while TITLE_TOKENS.contains(&self.kind()) {
            text.push_str(&self.bump().text);
        }
        let end = self.toks.get(self.i.saturating_sub(1)).map_or(first.span.end, |t| t.span.end);
        let id = Text { text, kind, span: self.span(Span::new(first.span.start, end)) };
        let mut title = None;
        if self.kind() == T::Sqs {
            self.bump();
            let t = self.text(&[T::Sqe])?;
            self.expect(T::Sqe, "']' to close the subgraph title")?;
            title = Some(t);
        }
        let span = self.span(Span::new(kw.span.start, self.toks.get(self.i.saturating_sub(1)).map_or(end, |t| t.span.end)));
        self.separator()?;
        Ok(Statement::SubgraphStart { id, title, span })
    }

    fn id_string(&mut self, what: &str) -> Result<(String, Span), Error> {
        if !is_id_token(self.kind()) {
            return Err(self.err_here(what));
        }
        let first = self.bump();
        let (start, mut end) = (first.span.start, first.span.end);
        // Nearly every id is one token: copy it once, without a growing
        // buffer.
        let mut s = first.text.to_string();
        while is_id_token(self.kind()) {
            let t = self.bump();
            s.push_str(&t.text);
            end = t.span.end;
        }
        Ok((s, self.span(Span::new(start, end))))
    }

    fn alpha_num(&mut self, what: &str) -> Result<String, Error> {
        if !ALPHANUM_TOKENS.contains(&self.kind()) {
            return Err(self.err_here(what));
        }
        let mut s = String::new();
        while ALPHANUM_TOKENS.contains(&self.kind()) {
            s.push_str(&self.bump().text);
        }
        Ok(s)
    }

    /// `stylesOpt`: declarations separated by commas (`\,` keeps a comma).
    fn styles(&mut self) -> Result<Vec<String>, Error> {
        let mut out = Vec::new();
        loop {
            if !STYLE_TOKENS.contains(&self.kind()) {
                return Err(self.err_here("a style declaration like 'fill:#f9f'"));
            }
            let mut s = String::new();
            loop {
                while STYLE_TOKENS.contains(&self.kind()) {
                    s.push_str(&self.bump().text);
                }
                if s.ends_with('\\') && self.kind() == T::Comma {
                    s.pop();
                    s.push(',');
                    self.bump();
                    continue;
                }
                break;
            }
            out.push(s);
            if self.kind() == T::Comma {
                self.bump();
                continue;
            }
            return Ok(out);
        }
    }

    fn one_space(&mut self, after: &str) -> Result<(), Error> {
        self.expect(T::Space, &format!("a space after {after}")).map(|_| ())
    }

    fn style_statement(&mut self) -> Result<Statement, Error> {
        let kw = self.bump();
        self.one_space("'style'")?;
        let (target, _) = self.id_string("a node id")?;
        self.one_space("the node id")?;
        let styles = self.styles()?;
        Ok(Statement::Style { target, styles, span: self.stmt_span(kw) })
    }

    fn stmt_span(&self, first: &Token<'_>) -> Span {
        let end = self.toks.get(self.i.saturating_sub(1)).map_or(first.span.end, |t| t.span.end);
        self.span(Span::new(first.span.start, end))
    }

    fn classdef_statement(&mut self) -> Result<Statement, Error> {
        let kw = self.bump();
        self.one_space("'classDef'")?;
        let (names, _) = self.id_string("a class name")?;
        self.one_space("the class name")?;
        let styles = self.styles()?;
        Ok(Statement::ClassDef { names, styles, span: self.stmt_span(kw) })
    }

    fn class_statement(&mut self) -> Result<Statement, Error> {
        let kw = self.bump();
        self.one_space("'class'")?;
        let (targets, _) = self.id_string("a node id")?;
        self.one_space("the node id")?;
        let (class, _) = self.id_string("a class name")?;
        Ok(Statement::Class { targets, class, span: self.stmt_span(kw) })
    }

    fn linkstyle_statement(&mut self) -> Result<Statement, Error> {
        let kw = self.bump();
        self.one_space("'linkStyle'")?;
        let target = if self.kind() == T::Default {
            self.bump();
            LinkStyleTarget::Default
        } else {
            let mut list = Vec::new();
            loop {
                let t = self.expect(T::Num, "an edge index or 'default'")?;
                let a = parse_index(&t.text);
                // Extension: `1-3` (lexed as NUM then NODE_STRING `-3`) is a range.
                let range_end = match self.peek() {
                    n if n.kind == T::NodeString && n.text.starts_with('-') && n.text[1..].bytes().all(|b| b.is_ascii_digit()) && n.text.len() > 1 => {
                        self.bump();
                        Some((parse_index(&n.text[1..]), n.span.end))
                    }
                    _ => None,
                };
                match range_end {
                    Some((b, end)) => {
                        let span = self.span(Span::new(t.span.start, end));
                        if b < a || b - a > 100_000 {
                            return Err(Error::at(ErrorKind::Semantic, format!("invalid linkStyle range {a}-{b}"), self.source, span));
                        }
                        list.push((a, b, span));
                    }
                    None => list.push((a, a, self.span(t.span))),
                }
                if self.kind() == T::Comma {
                    self.bump();
                    continue;
                }
                break;
            }
            LinkStyleTarget::Indices(list)
        };
        self.one_space("the edge list")?;
        let mut interpolate = None;
        let mut styles = Vec::new();
        if self.kind() == T::Interpolate {
            self.bump();
            self.one_space("'interpolate'")?;
            interpolate = Some(self.alpha_num("a curve name")?);
            if self.kind() == T::Space {
                self.bump();
                styles = self.styles()?;
            }
        } else {
            styles = self.styles()?;
        }
        Ok(Statement::LinkStyle { target, interpolate, styles, span: self.stmt_span(kw) })
    }

    fn click_statement(&mut self) -> Result<Statement, Error> {
        let kw = self.bump();
        let target = kw.text.to_string();
        let mut tooltip = None;
        let action = match self.kind() {
            T::CallbackName => {
                let function = self.bump().text.trim().to_string();
                let args = if self.kind() == T::CallbackArgs { Some(self.bump().text.to_string()) } else { None };
                if self.kind() == T::Space && self.peek_at(1).is_some_and(|t| t.kind == T::Str) {
                    self.bump();
                    tooltip = Some(self.bump().text.to_string());
                }
                ClickKind::Callback { function, args }
            }
            T::Href | T::Str => {
                if self.kind() == T::Href {
                    self.bump();
                }
                let url = self.expect(T::Str, "a quoted URL")?.text.to_string();
                let mut target = None;
                if self.kind() == T::Space && self.peek_at(1).is_some_and(|t| t.kind == T::Str) {
                    self.bump();
                    tooltip = Some(self.bump().text.to_string());
                }
                if self.kind() == T::Space && self.peek_at(1).is_some_and(|t| t.kind == T::LinkTarget) {
                    self.bump();
                    target = Some(self.bump().text.to_string());
                }
                ClickKind::Link { url, target }
            }
            k if ALPHANUM_TOKENS.contains(&k) => {
                let function = self.alpha_num("a callback name")?;
                if self.kind() == T::Space && self.peek_at(1).is_some_and(|t| t.kind == T::Str) {
                    self.bump();
                    tooltip = Some(self.bump().text.to_string());
                }
                ClickKind::Callback { function, args: None }
            }
            _ => return Err(self.err_here("a callback, 'call', 'href' or a quoted URL after the node id")),
        };
        Ok(Statement::Click { target, action, tooltip, span: self.stmt_span(kw) })
    }

    /// `text`: one text token, a string or a markdown string, then more text
    /// tokens, up to one of `closers` (not consumed).
    fn text(&mut self, closers: &[T]) -> Result<Text, Error> {
        let first = self.peek();
        let kind = match first.kind {
            T::Str => TextKind::String,
            T::MdStr => TextKind::Markdown,
            k if TEXT_TOKENS.contains(&k) => TextKind::Text,
            _ => {
                let want = format!("label text before {}", closer_name(closers));
                return Err(self.err_here(&want));
            }
        };
        let mut s = self.bump().text.to_string();
        let mut end = first.span.end;
        while TEXT_TOKENS.contains(&self.kind()) {
            let t = self.bump();
            s.push_str(&t.text);
            end = t.span.end;
        }
        if !closers.contains(&self.kind()) {
            let e = closer_name(closers);
            if matches!(
                self.kind(),
                T::Ps | T::Pe | T::Sqs | T::Sqe | T::DiamondStart | T::DiamondStop | T::Str | T::Pipe | T::StadiumStart | T::SubroutineStart | T::CylinderStart | T::DoubleCircleStart | T::TrapStart | T::InvTrapStart | T::EllipseStart
            ) {
                // The usual cause: brackets or quotes inside an unquoted
                // label, or text around a quoted one.
                let base = self.err_here(&e);
                let msg = format!("{} (to use brackets in a label, quote all of it: A[\"a (b)\"]; write a quote inside one as #quot;)", base.message());
                return Err(Error::at(ErrorKind::Syntax, msg, self.source, self.span(self.peek().span)));
            }
            return Err(self.err_here(&e));
        }
        self.check_label(&s, Span::new(first.span.start, end))?;
        Ok(Text { text: s, kind, span: self.span(Span::new(first.span.start, end)) })
    }

    fn check_label(&self, s: &str, span: Span) -> Result<(), Error> {
        if s.len() > self.limits.max_label_chars && s.chars().count() > self.limits.max_label_chars {
            return Err(Error::at(
                ErrorKind::LimitExceeded,
                format!(
                    "a label longer than {} characters (raise Limits::max_label_chars / --max-label-chars)",
                    self.limits.max_label_chars
                ),
                self.source,
                self.span(span),
            ));
        }
        Ok(())
    }

    fn vertex_statement(&mut self) -> Result<VertexStatement, Error> {
        let start = self.peek().span.start;
        // Most statements are one link between two nodes.
        let mut groups = Vec::with_capacity(2);
        groups.push(self.node()?);
        let mut links = Vec::with_capacity(1);
        loop {
            // `node spaceList` may end the statement or precede a link.
            self.skip_spaces();
            if matches!(self.kind(), T::LinkId | T::Link | T::StartLink) {
                links.push(self.link()?);
                groups.push(self.node()?);
                continue;
            }
            break;
        }
        let end = self.toks.get(self.i.saturating_sub(1)).map_or(start, |t| t.span.end);
        Ok(VertexStatement { groups, links, span: self.span(Span::new(start, end)) })
    }

    /// `node`: styled vertices joined by ` & `, each optionally followed by
    /// `@{ ... }`.
    fn node(&mut self) -> Result<Vec<Vertex>, Error> {
        let mut verts = vec![self.styled_vertex()?];
        loop {
            if self.kind() == T::ShapeData {
                let d = self.shape_data()?;
                if let Some(v) = verts.last_mut() {
                    v.data = Some(d);
                }
            }
            let save = self.i;
            if self.skip_spaces() > 0 && self.kind() == T::Amp {
                self.bump();
                if self.skip_spaces() == 0 {
                    return Err(self.err_here("a space after '&'"));
                }
                verts.push(self.styled_vertex()?);
                continue;
            }
            self.i = save;
            return Ok(verts);
        }
    }

    fn shape_data(&mut self) -> Result<ShapeData, Error> {
        let start = self.peek().span.start;
        let mut yaml = String::new();
        let mut end = start;
        while self.kind() == T::ShapeData {
            let t = self.bump();
            yaml.push_str(&t.text);
            end = t.span.end;
        }
        // The closing `}` produced no token; include it in the span.
        Ok(ShapeData { yaml, span: self.span(Span::new(start, end + 1)) })
    }

    fn styled_vertex(&mut self) -> Result<Vertex, Error> {
        let mut v = self.vertex()?;
        if self.kind() == T::StyleSep {
            self.bump();
            let (c, _) = self.id_string("a class name after ':::'")?;
            v.class = Some(c);
        }
        Ok(v)
    }

    fn vertex(&mut self) -> Result<Vertex, Error> {
        let (id, span) = self.id_string("a node id")?;
        let mut v = Vertex { id, span, shape: None, props: None, class: None, data: None };
        let (shape, close): (BracketShape, &[T]) = match self.kind() {
            T::Sqs => (BracketShape::Square, &[T::Sqe]),
            T::DoubleCircleStart => (BracketShape::DoubleCircle, &[T::DoubleCircleEnd]),
            T::Ps => {
                if self.peek_at(1).is_some_and(|t| t.kind == T::Ps) {
                    self.bump();
                    (BracketShape::Circle, &[T::Pe])
                } else {
                    (BracketShape::Round, &[T::Pe])
                }
            }
            T::EllipseStart => (BracketShape::Ellipse, &[T::EllipseEnd]),
            T::StadiumStart => (BracketShape::Stadium, &[T::StadiumEnd]),
            T::SubroutineStart => (BracketShape::Subroutine, &[T::SubroutineEnd]),
            T::CylinderStart => (BracketShape::Cylinder, &[T::CylinderEnd]),
            T::DiamondStart => {
                if self.peek_at(1).is_some_and(|t| t.kind == T::DiamondStart) {
                    self.bump();
                    (BracketShape::Hexagon, &[T::DiamondStop])
                } else {
                    (BracketShape::Diamond, &[T::DiamondStop])
                }
            }
            T::TagEnd => (BracketShape::Odd, &[T::Sqe]),
            T::TrapStart => (BracketShape::Trapezoid, &[T::TrapEnd, T::InvTrapEnd]),
            T::InvTrapStart => (BracketShape::InvTrapezoid, &[T::TrapEnd, T::InvTrapEnd]),
            T::PropsStart => {
                self.bump();
                let k = self.expect(T::NodeString, "a property name after '[|'")?.text.to_string();
                self.expect(T::Colon, "':' after the property name")?;
                let val = self.expect(T::NodeString, "a property value")?.text.to_string();
                self.expect(T::Pipe, "'|' after the property")?;
                let t = self.text(&[T::Sqe])?;
                self.bump();
                v.props = Some((k, val));
                v.shape = Some((BracketShape::Rect, t));
                return Ok(v);
            }
            _ => return Ok(v),
        };
        self.bump();
        let t = self.text(close)?;
        let end = self.bump();
        let shape = match (shape, end.kind) {
            (BracketShape::Trapezoid, T::InvTrapEnd) => BracketShape::LeanRight,
            (BracketShape::InvTrapezoid, T::TrapEnd) => BracketShape::LeanLeft,
            (s, _) => s,
        };
        if matches!(shape, BracketShape::Circle | BracketShape::Hexagon) {
            // The second closer.
            let want = if shape == BracketShape::Circle { T::Pe } else { T::DiamondStop };
            let what = if shape == BracketShape::Circle { "'))' to close the circle" } else { "'}}' to close the hexagon" };
            self.expect(want, what)?;
        }
        v.shape = Some((shape, t));
        Ok(v)
    }

    fn link(&mut self) -> Result<Link, Error> {
        let start = self.peek().span.start;
        let id = if self.kind() == T::LinkId {
            let t = self.bump();
            Some(t.text.strip_suffix('@').unwrap_or(&t.text).to_string())
        } else {
            None
        };
        match self.kind() {
            T::Link => {
                let t = self.bump();
                let info = links::destruct(&t.text, None);
                let mut text = None;
                if self.kind() == T::Pipe {
                    self.bump();
                    let tx = self.text(&[T::Pipe])?;
                    self.bump();
                    if self.kind() == T::Space {
                        self.bump();
                    }
                    text = Some(tx);
                }
                let end = self.toks.get(self.i.saturating_sub(1)).map_or(t.span.end, |t| t.span.end);
                Ok(Link { id, arrow: info.arrow, stroke: info.stroke, length: info.length, text, span: self.span(Span::new(start, end)) })
            }
            T::StartLink => {
                let open = self.bump();
                let first = self.peek();
                let kind = match first.kind {
                    T::Str => TextKind::String,
                    T::MdStr => TextKind::Markdown,
                    T::EdgeText | T::UnicodeText => TextKind::Text,
                    _ => return Err(self.err_here("link text")),
                };
                let mut s = self.bump().text.to_string();
                let mut end = first.span.end;
                while matches!(self.kind(), T::EdgeText | T::UnicodeText) {
                    let t = self.bump();
                    s.push_str(&t.text);
                    end = t.span.end;
                }
                self.check_label(&s, Span::new(first.span.start, end))?;
                let text = Text { text: s, kind, span: self.span(Span::new(first.span.start, end)) };
                let close = self.expect(T::Link, "the end of the link (like '-->') after its text")?;
                let info = links::destruct(&close.text, Some(&open.text));
                Ok(Link {
                    id,
                    arrow: info.arrow,
                    stroke: info.stroke,
                    length: info.length,
                    text: Some(text),
                    span: self.span(Span::new(start, close.span.end)),
                })
            }
            _ => Err(self.err_here("a link like '-->'")),
        }
    }
}

fn parse_index(s: &str) -> usize {
    s.parse().unwrap_or(usize::MAX)
}

fn closer_name(closers: &[T]) -> String {
    let names: Vec<&str> = closers
        .iter()
        .map(|k| match k {
            T::Sqe => "']'",
            T::Pe => "')'",
            T::DoubleCircleEnd => "')))'",
            T::EllipseEnd => "'-)'",
            T::StadiumEnd => "'])'",
            T::SubroutineEnd => "']]'",
            T::CylinderEnd => "')]'",
            T::DiamondStop => "'}'",
            T::TrapEnd => "'\\]'",
            T::InvTrapEnd => "'/]'",
            T::Pipe => "'|'",
            _ => "a closing bracket",
        })
        .collect();
    names.join(" or ")
}
