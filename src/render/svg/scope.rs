//! Scoping the caller's style sheets (`themeCSS`, `-C`) to one diagram, so
//! CSS given for one diagram cannot restyle the page it is inlined into.

/// Index just past the end of the string, comment or balanced `{…}` block
/// that starts at `i`, else `i + 1` (one character).
fn css_token_end(b: &[u8], i: usize) -> usize {
    match b[i] {
        q @ (b'"' | b'\'') => b[i + 1..].iter().position(|&c| c == q).map_or(b.len(), |k| i + k + 2),
        b'/' if b.get(i + 1) == Some(&b'*') => {
            b[i + 2..].windows(2).position(|w| w == b"*/").map_or(b.len(), |k| i + 2 + k + 2)
        }
        b'{' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    b'"' | b'\'' | b'/' => {
                        j = css_token_end(b, j);
                        continue;
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        _ => i + 1,
    }
}

/// Scopes a style sheet to the element with id `id`: every selector gets
/// `#id ` in front (`svg`, `:root`, `html` and `body` become `#id` itself),
/// `@media`/`@supports`/`@layer`/`@container` blocks are scoped inside, and
/// other at-rules with blocks (`@page`, ...) are dropped, except
/// `@keyframes`, which selects nothing. So CSS given for one diagram cannot
/// restyle the page it is inlined into, nor another diagram.
///
/// ```
/// use mmdflow::render::svg::scope_css;
/// assert_eq!(scope_css(".node rect, svg .x{fill:red} @media (min-width:1px){p{a:b}}", "d"), "#d .node rect,#d .x{fill:red}@media (min-width:1px){#d p{a:b}}");
/// ```
pub fn scope_css(css: &str, id: &str) -> String {
    let css = &strip_css_comments(css);
    let b = css.as_bytes();
    let mut out = String::with_capacity(css.len() + 32);
    let mut prelude_start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' | b'\'' => i = css_token_end(b, i),
            b';' => {
                // A statement at-rule (`@charset`) or stray text: dropped.
                i += 1;
                prelude_start = i;
            }
            b'{' => {
                let end = css_token_end(b, i);
                let prelude = css[prelude_start..i].trim();
                let body = &css[i + 1..end.saturating_sub(1).max(i + 1)];
                let at = prelude.strip_prefix('@').map(|p| p.split(|c: char| !c.is_ascii_alphanumeric() && c != '-').next().unwrap_or(""));
                match at.map(str::to_ascii_lowercase).as_deref() {
                    Some("media" | "supports" | "layer" | "container") => {
                        out.push_str(prelude);
                        out.push('{');
                        out.push_str(&scope_css(body, id));
                        out.push('}');
                    }
                    Some("keyframes" | "-webkit-keyframes") => out.push_str(&css[prelude_start..end].trim_start()),
                    Some(_) => {}
                    None => {
                        let selectors: Vec<String> = split_selectors(prelude).iter().map(|sel| scope_selector(sel, id)).collect();
                        out.push_str(&selectors.join(","));
                        out.push_str(&css[i..end]);
                    }
                }
                i = end;
                prelude_start = end;
            }
            _ => i += 1,
        }
    }
    out
}

/// The style sheet without its comments (strings kept whole).
fn strip_css_comments(css: &str) -> String {
    let b = css.as_bytes();
    let mut out = String::with_capacity(css.len());
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'*') => {
                out.push_str(&css[copied..i]);
                i = css_token_end(b, i);
                copied = i;
            }
            b'"' | b'\'' => i = css_token_end(b, i),
            _ => i += 1,
        }
    }
    out.push_str(&css[copied.min(css.len())..]);
    out
}

/// Splits a selector list at its top-level commas.
fn split_selectors(prelude: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (k, c) in prelude.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(prelude[start..k].trim());
                start = k + 1;
            }
            _ => {}
        }
    }
    parts.push(prelude[start..].trim());
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

fn scope_selector(sel: &str, id: &str) -> String {
    for root in ["svg", ":root", "html", "body"] {
        if let Some(rest) = sel.strip_prefix(root) {
            if !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return format!("#{id}{rest}");
            }
        }
    }
    if sel.starts_with(&format!("#{id}")) {
        return sel.to_string();
    }
    format!("#{id} {sel}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_selector_of_a_list_is_scoped() {
        assert_eq!(scope_css("a, b > c ,d{x:y}", "d"), "#d a,#d b > c,#d d{x:y}");
        // Commas inside brackets and parentheses are not list separators.
        assert_eq!(scope_css("a[title=\"x,y\"], :is(b, c){x:y}", "d"), "#d a[title=\"x,y\"],#d :is(b, c){x:y}");
        assert_eq!(scope_css("a:not([x], y), b{x:y}", "d"), "#d a:not([x], y),#d b{x:y}");
        // Empty selectors between commas are dropped.
        assert_eq!(scope_css(", a,{x:y}", "d"), "#d a{x:y}");
    }

    #[test]
    fn the_document_roots_become_the_diagram() {
        for root in ["svg", ":root", "html", "body"] {
            assert_eq!(scope_css(&format!("{root} .x{{a:b}}"), "d"), "#d .x{a:b}", "{root}");
            assert_eq!(scope_css(&format!("{root}{{a:b}}"), "d"), "#d{a:b}", "{root}");
        }
        // A name that only starts like a root is an ordinary selector.
        for name in ["svgx", "body-part", "html_y", "svg2"] {
            assert_eq!(scope_css(&format!("{name}{{a:b}}"), "d"), format!("#d {name}{{a:b}}"), "{name}");
        }
        // Already scoped to this diagram: kept.
        assert_eq!(scope_css("#d .x{a:b}", "d"), "#d .x{a:b}");
        assert_eq!(scope_css("#other .x{a:b}", "d"), "#d #other .x{a:b}");
    }

    #[test]
    fn group_rules_are_scoped_inside_and_other_at_rules_dropped() {
        assert_eq!(scope_css("@media print{a{x:y} b{z:w}}", "d"), "@media print{#d a{x:y}#d b{z:w}}");
        assert_eq!(scope_css("@supports (display:grid){a{x:y}}", "d"), "@supports (display:grid){#d a{x:y}}");
        assert_eq!(scope_css("@LAYER base{a{x:y}}", "d"), "@LAYER base{#d a{x:y}}");
        assert_eq!(scope_css("@keyframes spin{from{a:b}to{a:c}}", "d"), "@keyframes spin{from{a:b}to{a:c}}");
        assert_eq!(scope_css("@page{margin:0} a{x:y}", "d"), "#d a{x:y}");
        // Statement at-rules and stray text end at `;` and go.
        assert_eq!(scope_css("@import url(x.css); a{x:y}", "d"), "#d a{x:y}");
        assert_eq!(scope_css("junk; a{x:y};b{z:w}", "d"), "#d a{x:y}#d b{z:w}");
    }

    #[test]
    fn strings_and_comments_do_not_end_or_start_anything() {
        // Braces, semicolons and comment marks inside strings are text.
        assert_eq!(scope_css("a{content:\"}\"} b{x:y}", "d"), "#d a{content:\"}\"}#d b{x:y}");
        assert_eq!(scope_css("a{content:'; /*'} b{x:y}", "d"), "#d a{content:'; /*'}#d b{x:y}");
        assert_eq!(scope_css("a[x=\"{\"]{y:z}", "d"), "#d a[x=\"{\"]{y:z}");
        assert_eq!(scope_css("a[x=\";\"]{y:z}", "d"), "#d a[x=\";\"]{y:z}");
        assert_eq!(scope_css("a[x=';']{y:z}", "d"), "#d a[x=';']{y:z}");
        // A block opened at the very end is empty, not out of bounds.
        assert_eq!(scope_css("a{", "d"), "#d a{");
        // Comments go, wherever they are, even holding braces or quotes.
        assert_eq!(scope_css("/* } html{ */a{x:y}", "d"), "#d a{x:y}");
        assert_eq!(scope_css("a/* ' */{x:/*}*/y}", "d"), "#d a{x:y}");
        assert_eq!(scope_css("a{x:y}/* unclosed", "d"), "#d a{x:y}");
        // A slash that opens no comment stays.
        assert_eq!(scope_css("a{font:12px/2 x}", "d"), "#d a{font:12px/2 x}");
        // A block with nested braces ends at its own closing brace.
        assert_eq!(scope_css("@media x{a{b:c}} d{e:f}", "d"), "@media x{#d a{b:c}}#d d{e:f}");
    }

    #[test]
    fn unclosed_strings_and_blocks_run_to_the_end() {
        assert_eq!(css_token_end(b"\"abc", 0), 4);
        assert_eq!(css_token_end(b"'a'b", 0), 3);
        assert_eq!(css_token_end(b"/* x */y", 0), 7);
        assert_eq!(css_token_end(b"/* x", 0), 4);
        assert_eq!(css_token_end(b"{a{b}c}d", 0), 7);
        assert_eq!(css_token_end(b"{a\"}\"}d", 0), 6);
        assert_eq!(css_token_end(b"{a/*}*/}d", 0), 8);
        assert_eq!(css_token_end(b"{a{b}", 0), 5);
        assert_eq!(css_token_end(b"xy", 0), 1);
        assert_eq!(css_token_end(b"/x", 0), 1);
    }
}
