//! The parser: mermaid flowchart text to a [`Flowchart`].
//!
//! Stages, one module each:
//!
//! 1. `preprocess`: what mermaid does before its grammar (line endings,
//!    front-matter, `%%{init}%%` directives, `%%` comment lines, entity
//!    codes), with an offset map back to the original text;
//! 2. `lexer`: mermaid's jison lexer rules, in their order and states;
//! 3. `statements`: the grammar, producing the syntax tree of [`crate::ast`];
//! 4. `semantic`: mermaid's FlowDB rules, producing the [`Flowchart`], with
//!    `shapes` (brackets and `@{ … }` data), `links` (link tokens),
//!    `text` (labels) and `styles` (CSS declarations).
//!
//! Errors carry the position in the original text. Nothing here recurses on
//! input structure, every index into the text is checked, and every lookup
//! is hashed, so parsing cannot overflow the stack.
//!
//! Cost: every stage is linear in the input size (about 500 instructions a
//! byte over all stages on a 3,000-line diagram), and each says where it had
//! to take care:
//!
//! - `preprocess`: six passes, each one forward scan for its trigger byte;
//!   a pass that changes nothing hands its input back without a copy;
//! - `lexer`: one rule match per token; rules keep mermaid's order but are
//!   skipped when the first byte rules them out, the look-ahead rules
//!   (`direction …`, link ids) are answered from tables built in one pass,
//!   and white space runs are not rescanned at each of their positions;
//! - `statements`: one token of look-ahead, nothing re-read;
//! - `semantic`: one hashed lookup per mention; `linkStyle` ranges are kept
//!   as ranges and applied once at the end, in ranges plus edges, and
//!   subgraph adoption checks for cycles in a union-find, not by walking
//!   the chain of parents.

mod lexer;
mod links;
mod preprocess;
mod semantic;
mod shapes;
mod statements;
mod styles;
mod text;
mod yaml;

use crate::ast::Document;
use crate::error::{Error, ErrorKind, Span};
use crate::flowchart::{Flowchart, Warning};
use crate::options::Options;

/// Diagram keywords of mermaid's other diagram types.
const OTHER_DIAGRAMS: &[&str] = &[
    "sequenceDiagram",
    "classDiagram",
    "classDiagram-v2",
    "stateDiagram",
    "stateDiagram-v2",
    "erDiagram",
    "gantt",
    "pie",
    "journey",
    "gitGraph",
    "mindmap",
    "timeline",
    "quadrantChart",
    "requirementDiagram",
    "C4Context",
    "C4Container",
    "C4Component",
    "C4Dynamic",
    "C4Deployment",
    "sankey-beta",
    "sankey",
    "xychart-beta",
    "xychart",
    "block-beta",
    "block",
    "packet-beta",
    "packet",
    "kanban",
    "architecture-beta",
    "architecture",
    "radar-beta",
    "treemap-beta",
    "zenuml",
    "info",
];

/// Parses flowchart text into a [`Flowchart`].
///
/// An icon node whose icon is in none of [`Options::icons`]' packs gets a
/// warning here, at the node, since the parse is where warnings are placed;
/// it is drawn as mermaid's placeholder.
pub fn parse(source: &str, options: &Options) -> Result<Flowchart, Error> {
    let (doc, pre) = parse_document(source, options)?;
    let mut chart = semantic::build(&doc, source, &options.limits, pre.config, pre.title, pre.warnings)?;
    warn_missing_icons(&mut chart, &options.icons);
    Ok(chart)
}

/// One warning per node whose icon cannot be drawn.
fn warn_missing_icons(chart: &mut Flowchart, icons: &crate::icons::IconSet) {
    let missing: Vec<Warning> = chart
        .nodes
        .iter()
        .filter(|nd| nd.img.is_none())
        .filter_map(|nd| {
            let why = icons.get(nd.icon.as_deref()?).err()?;
            Some(Warning { message: format!("{why}; drawn as a placeholder"), span: Some(nd.span) })
        })
        .collect();
    chart.warnings.extend(missing);
}

/// Parses flowchart bytes: like [`parse`], but invalid UTF-8 is an
/// [`ErrorKind::Encoding`] error pointing at the first bad byte's line.
pub fn parse_bytes(bytes: &[u8], options: &Options) -> Result<Flowchart, Error> {
    match std::str::from_utf8(bytes) {
        Ok(s) => parse(s, options),
        Err(e) => {
            let good = e.valid_up_to();
            let shown = String::from_utf8_lossy(bytes);
            // The lossy text has the same bytes up to the first bad one.
            Err(Error::at(
                ErrorKind::Encoding,
                format!("input is not valid UTF-8 (byte {good})"),
                &shown,
                Span::new(good, good + 1),
            ))
        }
    }
}

/// Parses flowchart text into its syntax tree (no mermaid database rules
/// applied), with what preprocessing extracted.
pub fn parse_ast(source: &str, options: &Options) -> Result<Document, Error> {
    parse_document(source, options).map(|(d, _)| d)
}

fn parse_document(source: &str, options: &Options) -> Result<(Document, preprocess::Preprocessed), Error> {
    let pre = preprocess::preprocess(source, &options.limits)?;
    check_header(&pre, source)?;
    let tokens = lexer::tokenize(&pre.text);
    let doc = statements::Parser::new(&tokens, &pre.map, source, &options.limits).document()?;
    Ok((doc, pre))
}

/// Mermaid picks the diagram type from the first word; anything but a
/// flowchart header is reported here with the word found.
fn check_header(pre: &preprocess::Preprocessed, source: &str) -> Result<(), Error> {
    let text = pre.text.trim_start_matches(lexer::is_js_space);
    let start = pre.text.len() - text.len();
    if text.starts_with("graph") || text.starts_with("flowchart") {
        return Ok(());
    }
    let word_len = text.find(|c: char| lexer::is_js_space(c) || c == ';' || c == ':').unwrap_or(text.len());
    let word = &text[..word_len];
    let span = pre.map.span(Span::new(start, start + word_len.max(1)));
    if word.is_empty() {
        return Err(Error::at(
            ErrorKind::Syntax,
            "expected a flowchart header (`graph` or `flowchart`), found end of input",
            source,
            span,
        ));
    }
    if OTHER_DIAGRAMS.contains(&word) {
        return Err(Error::at(
            ErrorKind::UnsupportedDiagram,
            format!("unsupported diagram type '{word}': mmdflow draws flowcharts only"),
            source,
            span,
        ));
    }
    let shown: String = word.chars().take(40).collect();
    Err(Error::at(
        ErrorKind::Syntax,
        format!("expected a flowchart header (`graph` or `flowchart`), found '{shown}'"),
        source,
        span,
    ))
}
