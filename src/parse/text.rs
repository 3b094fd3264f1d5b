//! Label text: what mermaid's FlowDB does to a label (trim, strip one pair of
//! quotes, sanitise) plus what its renderer does when drawing it (entity
//! codes decoded, `<br>` variants as line breaks).

use crate::ast::{Text, TextKind};
use crate::flowchart::{Label, LabelKind};

pub fn kind(k: TextKind) -> LabelKind {
    match k {
        TextKind::Text => LabelKind::Text,
        TextKind::String => LabelKind::String,
        TextKind::Markdown => LabelKind::Markdown,
    }
}

/// A vertex or edge label from its syntax: trimmed, one pair of surrounding
/// `"` removed, then made displayable.
pub fn label(t: &Text) -> Label {
    Label { text: clean(unquoted(t.text.trim())), kind: kind(t.kind) }
}

fn unquoted(s: &str) -> &str {
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        &s[1..s.len() - 1]
    } else {
        s
    }
}

/// Sanitises and decodes: `<script>`-like elements removed, entity codes
/// and placeholders decoded, `<br>` variants turned into `\n`.
pub fn clean(s: &str) -> String {
    // Every step below starts from a `<`, a `&` or a placeholder (`ﬂ°`,
    // whose first UTF-8 byte is 0xEF), and only placeholders can produce
    // the others: text without these bytes, nearly every label, comes out
    // unchanged, so one byte scan replaces four passes and their copies.
    if !s.bytes().any(|b| matches!(b, b'<' | b'&' | 0xEF)) {
        return s.to_string();
    }
    let s = remove_dangerous_elements(s);
    let s = decode_placeholders(&s);
    let s = breaks(&s);
    decode_html_entities(&s)
}

/// Removes `<script>…</script>`, `<style>…</style>`, `<iframe>…` and similar
/// elements with their content, as DOMPurify does in strict mode.
fn remove_dangerous_elements(s: &str) -> String {
    const TAGS: [&str; 6] = ["script", "style", "iframe", "object", "embed", "foreignobject"];
    if !s.contains('<') {
        return s.to_string();
    }
    let lower = s.to_ascii_lowercase();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    // Once a closing tag is missing after some point it is missing after
    // every later point: remember that instead of searching again.
    let mut no_close = [false; 6];
    'outer: while i < s.len() {
        if s.as_bytes()[i] == b'<' {
            for (t, tag) in TAGS.iter().enumerate() {
                let open = format!("<{tag}");
                if lower[i..].starts_with(&open)
                    && lower[i + open.len()..].chars().next().map_or(true, |c| c == '>' || c.is_whitespace() || c == '/')
                {
                    let close = format!("</{tag}");
                    let found = if no_close[t] { None } else { lower[i..].find(&close) };
                    let end = match found {
                        Some(c) => {
                            let after = i + c;
                            lower[after..].find('>').map_or(s.len(), |g| after + g + 1)
                        }
                        None => {
                            no_close[t] = true;
                            lower[i..].find('>').map_or(s.len(), |g| i + g + 1)
                        }
                    };
                    i = end;
                    continue 'outer;
                }
            }
        }
        let c = s[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Undoes the preprocessor's entity placeholders (`ﬂ°name¶ß` and
/// `ﬂ°°123¶ß`) back to the text that was written, `#name;` and `#123;`, for
/// strings that are not labels: link URLs and targets, callback arguments,
/// style values. Mermaid encodes every `#name;` of the diagram before parsing
/// and decodes its whole SVG at the end; a renderer that writes these strings
/// itself must restore them, or a URL such as `page#intro;v=2` reaches the
/// output holding private-use characters.
pub fn restore_placeholders(s: &str) -> String {
    if !s.contains("ﬂ°") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find("ﬂ°") {
        out.push_str(&rest[..k]);
        let after = &rest[k + "ﬂ°".len()..];
        let body = after.strip_prefix('°').unwrap_or(after);
        match body.find("¶ß") {
            Some(e) if body[..e].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
                out.push('#');
                out.push_str(&body[..e]);
                out.push(';');
                rest = &body[e + "¶ß".len()..];
            }
            _ => {
                out.push_str("ﬂ°");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `ﬂ°name¶ß` / `ﬂ°°123¶ß` (mermaid's entity placeholders) to characters.
fn decode_placeholders(s: &str) -> String {
    if !s.contains("ﬂ°") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find("ﬂ°") {
        out.push_str(&rest[..k]);
        let after = &rest[k + "ﬂ°".len()..];
        let (numeric, body) = match after.strip_prefix('°') {
            Some(b) => (true, b),
            None => (false, after),
        };
        let window = body.char_indices().nth(64).map_or(body.len(), |(i, _)| i);
        match body[..window].find("¶ß") {
            Some(e) => {
                let name = &body[..e];
                let decoded = if numeric { name.parse::<u32>().ok().and_then(char::from_u32).map(String::from) } else { named_entity(name).map(String::from) };
                match decoded {
                    Some(d) => out.push_str(&d),
                    None => {
                        out.push('&');
                        if numeric {
                            out.push('#');
                        }
                        out.push_str(name);
                        out.push(';');
                    }
                }
                rest = &body[e + "¶ß".len()..];
            }
            None => {
                out.push_str("ﬂ°");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `&amp;`, `&#9829;`, `&#x2665;` to characters (unknown names kept).
fn decode_html_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        let after = &rest[k + 1..];
        // Entity names are short; looking further would make text full of
        // `&` quadratic.
        let end = after.bytes().take(33).position(|b| b == b';').filter(|&e| e > 0);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            if let Some(num) = name.strip_prefix('#') {
                let v = match num.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                v.and_then(char::from_u32).map(String::from)
            } else {
                named_entity(name).map(String::from)
            }
        });
        match (decoded, end) {
            (Some(d), Some(e)) => {
                out.push_str(&d);
                rest = &after[e + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `<br>`, `<br/>`, `<br />`, `<BR>` to `\n`.
fn breaks(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    let mut last = 0;
    while i + 3 < b.len() + 1 && i < b.len() {
        if b[i] == b'<' && b.len() >= i + 3 && b[i + 1].eq_ignore_ascii_case(&b'b') && b[i + 2].eq_ignore_ascii_case(&b'r') {
            let mut j = i + 3;
            while j < b.len() && (b[j] as char).is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && b[j] == b'/' {
                j += 1;
            }
            if j < b.len() && b[j] == b'>' {
                out.push_str(&s[last..i]);
                out.push('\n');
                i = j + 1;
                last = i;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&s[last..]);
    out
}

/// True for a named entity this module decodes.
pub fn is_entity_name(name: &str) -> bool {
    named_entity(name).is_some()
}

/// The HTML named character references people write in labels.
fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "quot" => "\"",
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "bull" => "•",
        "middot" => "·",
        "deg" => "°",
        "plusmn" => "±",
        "times" => "×",
        "divide" => "÷",
        "micro" => "µ",
        "para" => "¶",
        "sect" => "§",
        "euro" => "€",
        "pound" => "£",
        "yen" => "¥",
        "cent" => "¢",
        "hearts" => "♥",
        "spades" => "♠",
        "clubs" => "♣",
        "diams" => "♦",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        "harr" => "↔",
        "lArr" => "⇐",
        "rArr" => "⇒",
        "hArr" => "⇔",
        "le" => "≤",
        "ge" => "≥",
        "ne" => "≠",
        "asymp" => "≈",
        "infin" => "∞",
        "sum" => "∑",
        "minus" => "−",
        "radic" => "√",
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "pi" => "π",
        "sigma" => "σ",
        "omega" => "ω",
        "lambda" => "λ",
        "mu" => "μ",
        "check" => "✓",
        "num" => "#",
        "semi" => ";",
        "colon" => ":",
        "comma" => ",",
        "excl" => "!",
        "quest" => "?",
        "lpar" => "(",
        "rpar" => ")",
        "lsqb" | "lbrack" => "[",
        "rsqb" | "rbrack" => "]",
        "lcub" | "lbrace" => "{",
        "rcub" | "rbrace" => "}",
        "vert" | "verbar" => "|",
        "ast" => "*",
        "commat" => "@",
        "dollar" => "$",
        "percnt" => "%",
        "equals" => "=",
        "plus" => "+",
        "sol" => "/",
        "bsol" => "\\",
        "grave" => "`",
        "tilde" => "˜",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "szlig" => "ß",
        "eacute" => "é",
        "egrave" => "è",
        "aacute" => "á",
        "agrave" => "à",
        "ccedil" => "ç",
        "ntilde" => "ñ",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans() {
        assert_eq!(clean("a<br>b<br/>c<BR />d"), "a\nb\nc\nd");
        assert_eq!(clean("x ﬂ°quot¶ß ﬂ°°9829¶ß"), "x \" ♥");
        assert_eq!(clean("<script>alert(1)</script>x"), "x");
        assert_eq!(clean("a &amp; b &#35;"), "a & b #");
        assert_eq!(clean("ﬂ°nosuch¶ß"), "&nosuch;");
        assert_eq!(restore_placeholders("a#bﬂ°intro¶ßv=2ﬂ°°38¶ßﬂ°"), "a#b#intro;v=2#38;ﬂ°");
        assert_eq!(unquoted("\"q\""), "q");
    }
}
