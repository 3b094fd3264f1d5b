//! mdBook's preprocessor protocol, so a book's `book.toml` needs only
//!
//! ```toml
//! [preprocessor.mmdflow]
//! command = "mmdflow mdbook"
//! ```
//!
//! mdBook runs the command twice: `mmdflow mdbook supports <renderer>`, whose
//! exit status says whether to go on ([`supports`]), then `mmdflow mdbook`
//! with `[context, book]` as JSON on standard input, expecting the book back
//! as JSON on standard output ([`preprocess`]). Each chapter's
//! ```` ```mermaid ```` flowcharts, and its raw `<div class="mermaid">`
//! blocks, become inline SVG inside `<div class="mermaid"
//! data-processed="true">`; other diagram types stay for mermaid.js, with a
//! warning.
//!
//! The book is handled as JSON values (serde_json), not through the `mdbook`
//! crate: only `content` strings of chapters change, and every other field
//! is passed back as it came, whichever mdBook version wrote it. mdBook 0.5
//! sends `{"items": [...]}`, 0.4 `{"sections": [...], "__non_exhaustive":
//! null}`; in both an item is `{"Chapter": {...}}`, `"Separator"` or
//! `{"PartTitle": "..."}`, and a chapter's children are in `sub_items`.
//!
//! Settings come from `[preprocessor.mmdflow]`: `theme` and `dark-theme`
//! override the options given.
//!
//! ```
//! let input = r##"[{"root":"/b","config":{"preprocessor":{"mmdflow":{"command":"mmdflow mdbook"}}},"renderer":"html","mdbook_version":"0.5.1"},
//!   {"items":[{"Chapter":{"name":"A","content":"# A\n\n```mermaid\ngraph TD\n  A --> B\n```\n","number":[1],"sub_items":[],"path":"a.md","source_path":"a.md","parent_names":[]}},"Separator"]}]"##;
//! let done = mmdflow::mdbook::preprocess(input, &mmdflow::Options::default()).unwrap();
//! let book: serde_json::Value = serde_json::from_str(&done.book).unwrap();
//! let content = book["items"][0]["Chapter"]["content"].as_str().unwrap();
//! assert!(content.starts_with("# A\n\n<div class=\"mermaid\" data-processed=\"true\"><svg "));
//! assert_eq!(book["items"][1], "Separator");
//! ```

use crate::error::{Error, ErrorKind};
use crate::markdown;
use crate::options::Options;
use serde_json::Value;

/// Whether the preprocessor runs for mdBook's renderer `renderer`: inline
/// SVG suits the HTML renderer; others (`markdown`, `epub`, ...) get the
/// book unchanged from mdBook, which skips a preprocessor that says no.
pub fn supports(renderer: &str) -> bool {
    renderer == "html"
}

/// The result of [`preprocess`].
#[derive(Debug, Clone, PartialEq)]
pub struct Preprocessed {
    /// The book, as JSON, to write to standard output.
    pub book: String,
    /// Warnings, each `chapter-path:line:col: warning: message`.
    pub warnings: Vec<String>,
    /// How many flowcharts were replaced.
    pub replaced: usize,
}

fn protocol_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Config, message)
}

/// Reads mdBook's `[context, book]` JSON and returns the book with every
/// chapter's flowcharts replaced by inline SVG.
///
/// # Errors
///
/// Input that is not the protocol's JSON, or the first flowchart error,
/// as `chapter-path:line:col: error: message` (mdBook stops the build).
pub fn preprocess(input: &str, options: &Options) -> Result<Preprocessed, Error> {
    let value: Value =
        serde_json::from_str(input).map_err(|e| protocol_error(format!("mdBook input is not JSON: {e}")))?;
    let Value::Array(mut pair) = value else {
        return Err(protocol_error("mdBook input is not a [context, book] array"));
    };
    if pair.len() != 2 {
        return Err(protocol_error(format!("mdBook input has {} elements, expected [context, book]", pair.len())));
    }
    let mut book = pair.pop().unwrap_or_default();
    let context = pair.pop().unwrap_or_default();
    let mut done = Preprocessed { book: String::new(), warnings: Vec::new(), replaced: 0 };
    let options = with_book_settings(&context, options, &mut done.warnings);
    // 0.5 calls the list `items`, 0.4 `sections`.
    let items = match &mut book {
        Value::Object(map) if map.contains_key("items") => map.get_mut("items"),
        Value::Object(map) => map.get_mut("sections"),
        _ => None,
    };
    let Some(Value::Array(items)) = items else {
        return Err(protocol_error("mdBook's book has no \"items\" (0.5) or \"sections\" (0.4) list"));
    };
    for item in items {
        chapter_tree(item, &options, &mut done)?;
    }
    done.book = serde_json::to_string(&book).map_err(|e| protocol_error(e.to_string()))?;
    Ok(done)
}

/// `[preprocessor.mmdflow]` keys laid over the given options; an unknown
/// theme name gives a warning and is not used.
fn with_book_settings(context: &Value, options: &Options, warnings: &mut Vec<String>) -> Options {
    let mut options = options.clone();
    let table = &context["config"]["preprocessor"]["mmdflow"];
    for (key, slot) in [("theme", &mut options.theme), ("dark-theme", &mut options.dark_theme)] {
        let Some(name) = table[key].as_str() else { continue };
        match name.parse::<crate::Theme>() {
            Ok(theme) => *slot = Some(theme),
            Err(e) => warnings.push(format!("book.toml: warning: [preprocessor.mmdflow] {key}: {}", e.message())),
        }
    }
    options
}

fn chapter_tree(item: &mut Value, options: &Options, done: &mut Preprocessed) -> Result<(), Error> {
    let Some(chapter) = item.get_mut("Chapter").and_then(Value::as_object_mut) else { return Ok(()) };
    let name = chapter
        .get("source_path")
        .or_else(|| chapter.get("path"))
        .and_then(Value::as_str)
        .or_else(|| chapter.get("name").and_then(Value::as_str))
        .unwrap_or("chapter")
        .to_string();
    if let Some(Value::String(content)) = chapter.get_mut("content") {
        if let Some(new) = chapter_content(content, &name, options, done)? {
            *content = new;
        }
    }
    if let Some(Value::Array(children)) = chapter.get_mut("sub_items") {
        for child in children {
            chapter_tree(child, options, done)?;
        }
    }
    Ok(())
}

/// One chapter's Markdown with its diagrams replaced, or `None` when it has
/// none to replace.
fn chapter_content(text: &str, name: &str, options: &Options, done: &mut Preprocessed) -> Result<Option<String>, Error> {
    let blocks = markdown::mermaid_blocks(text);
    let raw_html = markdown::raw_html_blocks(text, options).map_err(|e| located(&e, name))?;
    if blocks.is_empty() && raw_html.found == 0 {
        return Ok(None);
    }
    let mut replacements = vec![None; blocks.len()];
    for (i, block) in blocks.iter().enumerate() {
        match markdown::parse_block(text, i, block, options).map_err(|e| located(&e, name))? {
            markdown::Block::Other(w) => done.warnings.push(warning_line(name, text, &w)),
            markdown::Block::Flowchart(d) => {
                for w in d.warnings() {
                    done.warnings.push(warning_line(name, text, &w));
                }
                let svg = crate::html::svg_for_page(&d.chart, d.index, options)
                    .map_err(|e| located(&block.map_error(&e, text), name))?;
                // The blank line after it ends the HTML block, so the next
                // paragraph is Markdown again.
                replacements[i] = Some(format!("<div class=\"mermaid\" data-processed=\"true\">{svg}</div>\n"));
                done.replaced += 1;
            }
        }
    }
    for w in &raw_html.warnings {
        done.warnings.push(warning_line(name, text, w));
    }
    done.replaced += raw_html.replaced;
    Ok(Some(markdown::splice_with(text, &blocks, &replacements, &raw_html.edits)))
}

fn located(e: &Error, name: &str) -> Error {
    Error::new(e.kind(), e.report(name))
}

fn warning_line(name: &str, text: &str, w: &crate::flowchart::Warning) -> String {
    match w.span {
        Some(span) => {
            let (line, col) = markdown::line_column(text, span.start);
            format!("{name}:{line}:{col}: warning: {}", w.message)
        }
        None => format!("{name}: warning: {}", w.message),
    }
}
