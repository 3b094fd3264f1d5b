//! CSS declarations from `style`, `classDef` and `linkStyle`: split into
//! property and value, checked against an allow-list so that nothing reaching
//! the SVG can load resources or break out of its attribute.

use crate::error::Span;
use crate::flowchart::{StyleDecl, Warning};

const ALLOWED: &[&str] = &[
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-opacity",
    "fill-opacity",
    "opacity",
    "color",
    "font-size",
    "font-weight",
    "font-style",
    "font-family",
    "text-decoration",
    "text-align",
    "background",
    "background-color",
    "border",
    "border-color",
    "border-width",
    "border-style",
    "border-radius",
    "rx",
    "ry",
    "padding",
    "animation",
    "line-height",
    "letter-spacing",
];

/// Parses raw declarations (`fill:#f9f`, `stroke-dasharray: 5 5`), keeping
/// the allowed ones and recording a warning for each dropped one.
pub fn parse(raw: &[String], span: Span, warnings: &mut Vec<Warning>) -> Vec<StyleDecl> {
    let mut out = Vec::new();
    for r in raw {
        let r = r.trim();
        if r.is_empty() {
            continue;
        }
        let Some((p, v)) = r.split_once(':') else {
            warnings.push(Warning { message: format!("style '{r}' is not a 'property:value' declaration; dropped"), span: Some(span) });
            continue;
        };
        let property = p.trim().to_ascii_lowercase();
        let value = v.trim().trim_end_matches(';').trim().to_string();
        if !ALLOWED.contains(&property.as_str()) {
            warnings.push(Warning { message: format!("style property '{property}' is not supported; dropped"), span: Some(span) });
            continue;
        }
        if let Some(why) = unsafe_value(&value) {
            warnings.push(Warning { message: format!("style value '{value}' of '{property}' {why}; dropped"), span: Some(span) });
            continue;
        }
        out.push(StyleDecl { property, value });
    }
    out
}

fn unsafe_value(v: &str) -> Option<&'static str> {
    let lower = v.to_ascii_lowercase();
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains("url(") && !compact.contains("url(#") || compact.matches("url(").count() > compact.matches("url(#").count() {
        return Some("refers to an external resource");
    }
    if compact.contains("expression(") || compact.contains("javascript:") {
        return Some("contains script");
    }
    if v.contains(['<', '>', '{', '}', ';', '\\', '"']) {
        return Some("contains characters not allowed in a style");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_list() {
        let mut w = Vec::new();
        let raw: Vec<String> =
            ["fill:#f9f", " stroke-dasharray: 5 5", "behavior:x", "fill:url(http://x)", "color:red\\"].iter().map(|s| s.to_string()).collect();
        let d = parse(&raw, Span::default(), &mut w);
        assert_eq!(d.len(), 2);
        assert_eq!(d[1], StyleDecl { property: "stroke-dasharray".into(), value: "5 5".into() });
        assert_eq!(w.len(), 3);
    }
}
