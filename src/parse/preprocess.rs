//! What mermaid does to the text before its grammar sees it, in the same
//! order (`preprocessDiagram`, `encodeEntities`, the parser wrapper):
//!
//! 1. CRLF and lone CR become LF; `<tag a="x">` becomes `<tag a='x'>`.
//! 2. YAML front-matter (`---` … `---` at the very start) is removed; its
//!    `title` and `config` are kept.
//! 3. `%%{init: …}%%` / `%%{initialize: …}%%` / `%%{wrap}%%` directives are
//!    removed and their configuration kept.
//! 4. Whole-line `%%` comments are removed (a `%%` after a statement is not a
//!    comment), then leading whitespace.
//! 5. The `;` ending a `style`/`classDef` line with a `#colour` is dropped (so
//!    `#f9f;` is not read as an entity), and entity codes `#name;` / `#123;`
//!    become mermaid's placeholders, decoded again in label text.
//! 6. A newline is appended, and whitespace between `}` and a newline is
//!    removed.
//!
//! Every rewrite records where its output came from ([`OffsetMap`]), so
//! errors point into the text the user wrote.

use super::yaml;
use std::borrow::Cow;
use crate::config::DiagramConfig;
use crate::error::{Error, ErrorKind, Span};
use crate::flowchart::Warning;
use crate::options::Limits;

/// Maps byte offsets of the preprocessed text back to the original source.
#[derive(Debug, Default, Clone)]
pub struct OffsetMap {
    /// One segment list per rewrite pass: (output offset, input offset).
    passes: Vec<Vec<(usize, usize)>>,
}

impl OffsetMap {
    fn push(&mut self, segs: Vec<(usize, usize)>) {
        // A pass that copied everything maps every offset to itself.
        let identity = segs.iter().all(|&(o, i)| o == i);
        if !identity {
            self.passes.push(segs);
        }
    }

    /// The original offset of preprocessed offset `p`.
    pub fn offset(&self, mut p: usize) -> usize {
        for segs in self.passes.iter().rev() {
            let i = match segs.binary_search_by(|s| s.0.cmp(&p)) {
                Ok(i) => i,
                Err(0) => {
                    continue;
                }
                Err(i) => i - 1,
            };
            let (out, inp) = segs[i];
            // A replacement maps its whole output onto its input start.
            let next_in = segs.get(i + 1).map(|s| s.1);
            let mapped = inp + (p - out);
            p = match next_in {
                Some(n) if mapped > n => n,
                _ => mapped,
            };
        }
        p
    }

    /// The original span of a preprocessed span.
    pub fn span(&self, s: Span) -> Span {
        Span::new(self.offset(s.start), self.offset(s.end))
    }
}

/// Builds a rewritten string and its offset segments.
///
/// Most passes change nothing in most diagrams; such a pass hands its input
/// back borrowed instead of copying it (each pass is one linear scan, and
/// the copies were a good part of preprocessing).
struct Rw<'a> {
    input: &'a str,
    out: String,
    segs: Vec<(usize, usize)>,
    pos: usize,
    /// A replacement changed the text (else the output is the input).
    changed: bool,
}

impl<'a> Rw<'a> {
    fn new(input: &'a str) -> Self {
        Rw { input, out: String::new(), segs: Vec::new(), pos: 0, changed: false }
    }
    fn copy_to(&mut self, end: usize) {
        if end > self.pos {
            if self.out.capacity() == 0 {
                self.out.reserve(self.input.len() + 1);
            }
            self.segs.push((self.out.len(), self.pos));
            self.out.push_str(&self.input[self.pos..end]);
            self.pos = end;
        }
    }
    fn replace(&mut self, end: usize, with: &str) {
        // Replacing nothing with nothing keeps the text (and the offsets).
        self.changed |= end != self.pos || !with.is_empty();
        self.segs.push((self.out.len(), self.pos));
        self.out.push_str(with);
        self.pos = end;
    }
    fn finish(mut self, map: &mut OffsetMap) -> Cow<'a, str> {
        if !self.changed {
            // Every segment maps an offset to itself: nothing to record.
            return Cow::Borrowed(self.input);
        }
        self.copy_to(self.input.len());
        self.segs.push((self.out.len(), self.input.len()));
        map.push(self.segs);
        Cow::Owned(self.out)
    }
}

/// The preprocessed text and what preprocessing took out of it.
pub struct Preprocessed {
    pub text: String,
    pub map: OffsetMap,
    pub title: Option<String>,
    pub config: DiagramConfig,
    pub warnings: Vec<Warning>,
}

pub fn preprocess(source: &str, limits: &Limits) -> Result<Preprocessed, Error> {
    if source.len() > limits.max_input_bytes {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            format!(
                "input of {} bytes is larger than {} bytes (raise Limits::max_input_bytes / --max-input-bytes)",
                source.len(),
                limits.max_input_bytes
            ),
        ));
    }
    if let Some(i) = source.find('\0') {
        return Err(Error::at(ErrorKind::Encoding, "input contains a NUL byte", source, Span::new(i, i + 1)));
    }
    let mut map = OffsetMap::default();
    let mut warnings = Vec::new();

    // 1. Line endings and attribute quotes.
    let mut rw = Rw::new(source);
    let b = source.as_bytes();
    let mut from = 0;
    while let Some(k) = source[from..].find('\r') {
        let i = from + k;
        rw.copy_to(i);
        let end = if b.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
        rw.replace(end, "\n");
        from = end;
    }
    let text = rw.finish(&mut map);
    let text = quote_attributes(&text);

    // 2. Front-matter.
    let mut title = None;
    let mut config = DiagramConfig::default();
    let text = match front_matter(&text) {
        Some((yaml_src, end)) => {
            let v = yaml::parse_at(yaml_src).map_err(|(m, off)| {
                // The YAML starts right after the opening `---` line.
                let base = yaml_src.as_ptr() as usize - text.as_ptr() as usize;
                let at = map.offset(base + off.unwrap_or(0));
                Error::at(ErrorKind::Config, format!("invalid front-matter YAML: {m}"), source, Span::new(at, at + 1))
            })?;
            if let serde_json::Value::Object(m) = &v {
                if let Some(t) = m.get("title") {
                    title = Some(match t {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    });
                }
                if let Some(c) = m.get("config") {
                    let (cfg, ignored) = DiagramConfig::from_json(c);
                    config.merge(&cfg);
                    let base = yaml_src.as_ptr() as usize - text.as_ptr() as usize;
                    // The YAML reader keeps no positions: point at the first
                    // line that names the key's last part, in line order.
                    let mut placed: Vec<(usize, String)> = ignored
                        .iter()
                        .map(|i| (map.offset(base + yaml_key_offset(yaml_src, &i.key)), format!("front-matter {i}")))
                        .collect();
                    placed.sort_by_key(|(at, _)| *at);
                    for (at, message) in placed {
                        warnings.push(Warning { message, span: Some(Span::new(at, at + 1)) });
                    }
                }
            }
            let mut rw = Rw::new(&text);
            rw.replace(end, "");
            Cow::Owned(rw.finish(&mut map).into_owned())
        }
        None => text,
    };

    // 3. Directives.
    let mut rw = Rw::new(&text);
    let mut from = 0;
    while let Some(k) = text[from..].find("%%{") {
        let start = from + k;
        let body_start = start + 3;
        let (body_end, end) = match text[body_start..].find("}%%") {
            Some(e) => (body_start + e, body_start + e + 3),
            None => (text.len(), text.len()),
        };
        let body = &text[body_start..body_end];
        let span = map.span(Span::new(start, end));
        apply_directive(body, &mut config, &mut warnings, span);
        rw.copy_to(start);
        rw.replace(end, "");
        from = end;
    }
    let text = rw.finish(&mut map);

    // 4. Whole-line comments, then leading whitespace.
    let mut rw = Rw::new(&text);
    let mut line_start = 0;
    // A comment line holds `%%`: without one, no line needs looking at.
    let lines = if text.contains("%%") { text.split_inclusive('\n') } else { "".split_inclusive('\n') };
    for line in lines {
        let t = &line[super::lexer::ws_len(line)..];
        if let Some(after) = t.strip_prefix("%%") {
            let body = after.strip_suffix('\n').unwrap_or(after);
            if !after.starts_with('{') && !body.is_empty() {
                rw.copy_to(line_start);
                rw.replace(line_start + line.len(), "");
            }
        }
        line_start += line.len();
    }
    let text = rw.finish(&mut map);
    let lead = super::lexer::ws_len(&text);
    let mut rw = Rw::new(&text);
    rw.replace(lead, "");
    let text = rw.finish(&mut map);

    // 5. Entity codes.
    let text = encode_entities(&text, &mut map);

    // 6. Trailing newline, then `}\s*\n` -> `}\n`.
    let mut owned = String::with_capacity(text.len() + 1);
    owned.push_str(&text);
    owned.push('\n');
    let text = owned;
    let mut rw = Rw::new(&text);
    let mut i = 0;
    while let Some(k) = text[i..].find('}') {
        i += k;
        let tail = &text[i + 1..];
        let ws_end = i + 1 + super::lexer::ws_len(tail);
        if let Some(nl) = text[i + 1..ws_end].rfind('\n') {
            let nl = i + 1 + nl;
            if nl > i + 1 {
                rw.copy_to(i + 1);
                rw.replace(nl, "");
            }
            i = nl + 1;
            continue;
        }
        i += 1;
    }
    let rewritten = match rw.finish(&mut map) {
        Cow::Owned(s) => Some(s),
        Cow::Borrowed(_) => None,
    };
    let text = rewritten.unwrap_or(text);
    Ok(Preprocessed { text, map, title, config, warnings })
}

/// `<tag a="x">` -> `<tag a='x'>` (same length, so offsets are unchanged).
fn quote_attributes(text: &str) -> Cow<'_, str> {
    if !text.contains('<') {
        return Cow::Borrowed(text);
    }
    let mut out = text.as_bytes().to_vec();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            let mut j = i + 1;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                j += 1;
            }
            if j > i + 1 {
                let Some(close) = b[j..].iter().position(|&c| c == b'>') else {
                    // No `>` anywhere after: no later tag can close either.
                    break;
                };
                {
                    let end = j + close;
                    // Within the attributes, `="..."` becomes `='...'`.
                    let mut k = j;
                    while k + 1 < end {
                        if b[k] == b'=' && b[k + 1] == b'"' {
                            if let Some(q) = b[k + 2..end].iter().position(|&c| c == b'"') {
                                out[k + 1] = b'\'';
                                out[k + 2 + q] = b'\'';
                                k = k + 3 + q;
                                continue;
                            }
                        }
                        k += 1;
                    }
                    i = end + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_string()))
}

/// `^-{3}\s*\n(.*?)\n-{3}\s*\n+`: the YAML and the end of the block.
fn front_matter(text: &str) -> Option<(&str, usize)> {
    let rest = text.strip_prefix("---")?;
    let sp = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let after = &rest[sp..];
    let body_start = 3 + sp + if after.starts_with('\n') { 1 } else { return None };
    let mut search = body_start;
    loop {
        let k = text[search..].find("\n---")?;
        let close = search + k;
        let after_dashes = close + 4;
        let tail = &text[after_dashes..];
        let sp = tail.len() - tail.trim_start_matches([' ', '\t']).len();
        let t2 = &tail[sp..];
        if t2.starts_with('\n') || t2.is_empty() {
            let nl = t2.len() - t2.trim_start_matches('\n').len();
            return Some((&text[body_start..close], after_dashes + sp + nl));
        }
        search = close + 1;
    }
}

/// Where front-matter YAML names `key` (its last dotted part, as
/// `curve:` for `flowchart.curve`): the start of that line's key, else 0.
fn yaml_key_offset(yaml: &str, key: &str) -> usize {
    let last = key.rsplit('.').next().unwrap_or(key);
    if last.is_empty() {
        return 0;
    }
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let unquoted = trimmed.trim_start_matches(['"', '\'']);
        if unquoted.starts_with(last) && unquoted[last.len()..].trim_start_matches(['"', '\'']).trim_start().starts_with(':') {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    0
}

fn apply_directive(body: &str, config: &mut DiagramConfig, warnings: &mut Vec<Warning>, span: Span) {
    let b = body.trim_start();
    let name_len = b.bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'_').count();
    let name = &b[..name_len];
    let rest = b[name_len..].trim_start();
    match name {
        "init" | "initialize" => {
            let args = rest.strip_prefix(':').unwrap_or(rest).trim();
            let parsed = serde_json::from_str::<serde_json::Value>(&args.replace('\'', "\""))
                .ok()
                .or_else(|| yaml::parse(args).ok());
            match parsed {
                Some(v) => {
                    let (cfg, ignored) = DiagramConfig::from_json(&v);
                    config.merge(&cfg);
                    for i in ignored {
                        warnings.push(Warning { message: format!("%%{{init}}%% {i}"), span: Some(span) });
                    }
                }
                None => warnings.push(Warning {
                    message: "could not read the %%{init}%% directive's configuration; ignored".into(),
                    span: Some(span),
                }),
            }
        }
        "wrap" => config.wrap = Some(true),
        _ => warnings.push(Warning { message: format!("unknown directive '{name}' ignored"), span: Some(span) }),
    }
}

fn encode_entities<'t>(text: &'t str, map: &mut OffsetMap) -> Cow<'t, str> {
    let mut rw = Rw::new(text);
    let mut line_start = 0;
    // (a) the last `;` of `style…:…#…;` / `classDef…:…#…;` on a line;
    // only lines with a `#` qualify.
    let lines = if text.contains('#') { text.split_inclusive('\n') } else { "".split_inclusive('\n') };
    for line in lines {
        let l = line.strip_suffix('\n').unwrap_or(line);
        if let Some(semi) = style_semicolon(l) {
            rw.copy_to(line_start + semi);
            rw.replace(line_start + semi + 1, "");
        }
        line_start += line.len();
    }
    let text = rw.finish(map);
    // (b) `#\w+;` -> placeholders.
    let mut rw = Rw::new(&text);
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(k) = text[i..].find('#') {
        i += k;
        let n = b[i + 1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
        let name = &text[i + 1..i + 1 + n];
        // `#fff;` in a style is a colour, not an entity: mermaid only
        // avoids the clash for the last `;` of a line (above); names that
        // are hex colours and no entity are left alone everywhere.
        let colour = matches!(n, 3 | 4 | 6 | 8)
            && name.bytes().all(|c| c.is_ascii_hexdigit())
            && !name.bytes().all(|c| c.is_ascii_digit())
            && !super::text::is_entity_name(name);
        if n > 0 && b.get(i + 1 + n) == Some(&b';') && !colour {
            let rep = if name.bytes().all(|c| c.is_ascii_digit()) {
                format!("ﬂ°°{name}¶ß")
            } else {
                format!("ﬂ°{name}¶ß")
            };
            rw.copy_to(i);
            rw.replace(i + n + 2, &rep);
            i += n + 2;
            continue;
        }
        i += 1;
    }
    let rewritten = match rw.finish(map) {
        Cow::Owned(s) => Some(s),
        Cow::Borrowed(_) => None,
    };
    match rewritten {
        Some(s) => Cow::Owned(s),
        None => text,
    }
}

/// Position of the `;` that mermaid's `/style.*:\S*#.*;/` (or `classDef`)
/// rewrite drops from this line.
fn style_semicolon(line: &str) -> Option<usize> {
    // The rewrite needs a `#`; checking for one first (memchr) spares the
    // two substring searches on nearly every line.
    if !line.contains('#') {
        return None;
    }
    let kw = ["style", "classDef"].iter().filter_map(|k| line.find(k)).min()?;
    let rest = &line[kw..];
    // A `:` followed by non-space characters and a `#`, in one pass.
    let mut hash = None;
    let mut colon_in_run = false;
    for (ci, c) in rest.char_indices() {
        if super::lexer::is_js_space(c) {
            colon_in_run = false;
        } else if c == ':' {
            colon_in_run = true;
        } else if c == '#' && colon_in_run {
            hash = Some(ci);
            break;
        }
    }
    let hash = hash?;
    let semi = rest[hash..].rfind(';')?;
    Some(kw + hash + semi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_front_matter_comments_and_maps_offsets() {
        let src = "---\ntitle: T\n---\r\n%% c\nflowchart LR\r\n  A --> B\n";
        let p = preprocess(src, &Limits::default()).unwrap();
        assert_eq!(p.title.as_deref(), Some("T"));
        assert_eq!(p.text, "flowchart LR\n  A --> B\n\n");
        let b = p.text.find('B').unwrap();
        assert_eq!(&src[p.map.offset(b)..p.map.offset(b) + 1], "B");
    }

    #[test]
    fn entities_and_style_semicolons() {
        let p = preprocess("graph TD\nA[#quot;x#9829;]\nstyle A fill:#f9f;\n", &Limits::default()).unwrap();
        assert!(p.text.contains("ﬂ°quot¶ßxﬂ°°9829¶ß"));
        assert!(p.text.contains("fill:#f9f\n"));
    }

    #[test]
    fn directives() {
        let p = preprocess("%%{init: {'theme': 'dark'}}%%\ngraph TD\nA", &Limits::default()).unwrap();
        assert_eq!(p.config.theme, Some(crate::Theme::Dark));
        assert_eq!(p.text, "graph TD\nA\n");
    }
}
