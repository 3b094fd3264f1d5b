//! CSS declarations from `style`, `classDef` and `linkStyle`: split into
//! property and value, the property checked against the one allow-list
//! ([`crate::css::Property`]) and the value parsed as what the property
//! takes ([`crate::css::check`]), so
//! that nothing reaching the SVG can load resources or break out of its
//! attribute.

use crate::error::Span;
use crate::flowchart::{StyleDecl, Warning};

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
        let value = super::text::restore_placeholders(v.trim().trim_end_matches(';').trim());
        let Some(known) = crate::css::Property::parse(&property) else {
            warnings.push(Warning { message: format!("style property '{}' is not supported; dropped", short(&property)), span: Some(span) });
            continue;
        };
        match crate::css::check(known, &value) {
            Ok(value) => out.push(StyleDecl { property, value }),
            Err(why) => {
                warnings.push(Warning { message: format!("style value '{}' of '{property}' {why}; dropped", short(&value)), span: Some(span) })
            }
        }
    }
    out
}

/// A value as quoted in a warning: a few dozen characters at most, so a
/// hostile megabyte-long declaration does not become a megabyte-long message.
fn short(s: &str) -> String {
    let mut cut: String = s.chars().take(60).collect();
    if cut.len() < s.len() {
        cut.push('…');
    }
    cut
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
