//! The parser: mermaid flowchart text to a [`Flowchart`].
//!
//! PROVISIONAL: only the header is understood until the nom parser lands
//! (parser issue).

use crate::error::{Error, ErrorKind, Span};
use crate::flowchart::{Direction, Flowchart};
use crate::options::Options;

/// Parses flowchart text into a [`Flowchart`].
pub fn parse(source: &str, options: &Options) -> Result<Flowchart, Error> {
    let _ = options;
    let trimmed = source.trim_start();
    let offset = source.len() - trimmed.len();
    let header = trimmed.split(|c: char| c == '\n' || c == ';').next().unwrap_or("");
    let mut words = header.split_whitespace();
    match words.next() {
        Some("graph" | "flowchart" | "flowchart-elk") => {}
        _ => {
            return Err(Error::at(
                ErrorKind::UnsupportedDiagram,
                "expected a flowchart header (`graph` or `flowchart`)",
                source,
                Span::new(offset, offset + header.len()),
            ))
        }
    }
    let direction = match words.next() {
        Some("LR" | ">") => Direction::LeftRight,
        Some("RL" | "<") => Direction::RightLeft,
        Some("BT" | "^") => Direction::BottomTop,
        _ => Direction::TopBottom,
    };
    Ok(Flowchart {
        direction,
        nodes: Vec::new(),
        edges: Vec::new(),
        subgraphs: Vec::new(),
        class_defs: Vec::new(),
        default_link_styles: Vec::new(),
        default_link_curve: None,
        title: None,
        acc_title: None,
        acc_descr: None,
        config: Default::default(),
        warnings: Vec::new(),
    })
}
