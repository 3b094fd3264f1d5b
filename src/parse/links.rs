//! Link tokens to arrow type, stroke and length (mermaid's `destructLink`).
//!
//! The end token decides the head(s) and the length: for `-`/`=`/`~` links
//! the number of line characters minus one (the last character is the head
//! or one more line character), for dotted links the number of dots. A
//! labelled link also has a start token (`--`, `x==`, `<-.`): its stroke must
//! agree with the end's, and a head on it makes the link double-ended when
//! the end has the same head, else mermaid records `INVALID`.

use crate::flowchart::{ArrowType, Stroke};

pub(super) struct LinkInfo {
    pub arrow: ArrowType,
    pub stroke: Stroke,
    pub length: u32,
}

fn end_info(token: &str) -> LinkInfo {
    let s = token.trim_matches(super::lexer::is_js_space);
    // Read in place (no character vector): this runs once per link.
    let last = s.chars().next_back();
    let first = s.chars().next();
    let mut line = &s[..s.len() - last.map_or(0, char::len_utf8)];
    let mut arrow = ArrowType::Open;
    let (single, double, head) = match last {
        Some('x') => (ArrowType::Cross, ArrowType::DoubleCross, 'x'),
        Some('>') => (ArrowType::Point, ArrowType::DoublePoint, '<'),
        Some('o') => (ArrowType::Circle, ArrowType::DoubleCircle, 'o'),
        _ => (ArrowType::Open, ArrowType::Open, '\0'),
    };
    if single != ArrowType::Open {
        arrow = single;
        if first == Some(head) {
            arrow = double;
            let mut rest = line.chars();
            rest.next();
            line = rest.as_str();
        }
    }
    let mut stroke = Stroke::Normal;
    let mut length = line.chars().count().saturating_sub(1) as u32;
    match line.chars().next() {
        Some('=') => stroke = Stroke::Thick,
        Some('~') => stroke = Stroke::Invisible,
        _ => {}
    }
    let dots = line.bytes().filter(|&c| c == b'.').count() as u32;
    if dots > 0 {
        stroke = Stroke::Dotted;
        length = dots;
    }
    LinkInfo { arrow, stroke, length }
}

fn start_info(token: &str) -> (ArrowType, Stroke) {
    let s = token.trim_matches(super::lexer::is_js_space);
    let (arrow, rest) = match s.chars().next() {
        Some('<') => (ArrowType::Point, &s[1..]),
        Some('x') => (ArrowType::Cross, &s[1..]),
        Some('o') => (ArrowType::Circle, &s[1..]),
        _ => (ArrowType::Open, s),
    };
    let mut stroke = Stroke::Normal;
    if rest.contains('=') {
        stroke = Stroke::Thick;
    }
    if rest.contains('.') {
        stroke = Stroke::Dotted;
    }
    (arrow, stroke)
}

/// Type, stroke and length of a link from its end token and, for labelled
/// links, its start token.
pub(super) fn destruct(end: &str, start: Option<&str>) -> LinkInfo {
    let info = end_info(end);
    let Some(start) = start else { return info };
    let (sa, ss) = start_info(start);
    if ss != info.stroke {
        // Mermaid records type and stroke `INVALID`; the model has no invalid
        // stroke, so the end's stroke is kept with the invalid type.
        return LinkInfo { arrow: ArrowType::Invalid, stroke: info.stroke, length: info.length };
    }
    let arrow = match sa {
        ArrowType::Open => info.arrow,
        _ if sa != info.arrow => ArrowType::Invalid,
        ArrowType::Point => ArrowType::DoublePoint,
        ArrowType::Cross => ArrowType::DoubleCross,
        ArrowType::Circle => ArrowType::DoubleCircle,
        other => other,
    };
    LinkInfo { arrow, stroke: info.stroke, length: info.length }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(e: &str, s: Option<&str>) -> (ArrowType, Stroke, u32) {
        let i = destruct(e, s);
        (i.arrow, i.stroke, i.length)
    }

    #[test]
    fn matrix() {
        assert_eq!(d("-->", None), (ArrowType::Point, Stroke::Normal, 1));
        assert_eq!(d("---", None), (ArrowType::Open, Stroke::Normal, 1));
        assert_eq!(d("---->", None), (ArrowType::Point, Stroke::Normal, 3));
        assert_eq!(d("<-->", None), (ArrowType::DoublePoint, Stroke::Normal, 1));
        assert_eq!(d("x-->", None), (ArrowType::Point, Stroke::Normal, 2));
        assert_eq!(d("---o", None), (ArrowType::Circle, Stroke::Normal, 2));
        assert_eq!(d("-...->", None), (ArrowType::Point, Stroke::Dotted, 3));
        assert_eq!(d("o-.-o", None), (ArrowType::DoubleCircle, Stroke::Dotted, 1));
        assert_eq!(d("==>", None), (ArrowType::Point, Stroke::Thick, 1));
        assert_eq!(d("~~~~~", None), (ArrowType::Open, Stroke::Invisible, 3));
        assert_eq!(d(" --x ", Some("x-- ")), (ArrowType::DoubleCross, Stroke::Normal, 1));
        assert_eq!(d("-->", Some("x--")), (ArrowType::Invalid, Stroke::Normal, 1));
        assert_eq!(d("---->", Some("--")), (ArrowType::Point, Stroke::Normal, 3));
    }
}
