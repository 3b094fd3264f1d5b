//! YAML (front-matter, `@{ … }` node data) to `serde_json::Value`, through
//! yaml-rust2.

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::{Yaml, YamlLoader};

/// Most values a document may expand to. An alias copies its anchor, so a
/// few lines of anchors that alias each other ("billion laughs") would load
/// as billions of values; real front-matter and node data hold dozens.
const MAX_VALUES: u64 = 100_000;

/// Parses one YAML document; an empty document is `null`.
pub fn parse(src: &str) -> Result<Value, String> {
    parse_at(src).map_err(|(m, _)| m)
}

/// Like [`parse`], with the byte offset in `src` of a syntax error.
pub fn parse_at(src: &str) -> Result<Value, (String, Option<usize>)> {
    if flow_depth(src) > MAX_DEPTH {
        return Err((format!("nested more than {MAX_DEPTH} levels deep"), None));
    }
    // Measure the expanded size on the event stream first (linear in the
    // text); only a document within bounds is loaded, which expands aliases.
    let mut size = ExpandedSize::default();
    if Parser::new_from_str(src).load(&mut size, true).is_ok() && size.total > MAX_VALUES {
        return Err((format!("the YAML expands to more than {MAX_VALUES} values through aliases"), None));
    }
    let docs = YamlLoader::load_from_str(src).map_err(|e| {
        let m = e.marker();
        let offset = src.char_indices().nth(m.index()).map_or(src.len(), |(i, _)| i);
        (e.info().to_string(), Some(offset))
    })?;
    Ok(docs.into_iter().next().map_or(Value::Null, to_json))
}

/// Deepest nesting accepted: conversion and dropping recurse per level.
const MAX_DEPTH: usize = 64;

/// Nesting depth of flow collections and indentation, over-estimated
/// (quotes are not tracked), so that deep input is refused before loading.
fn flow_depth(src: &str) -> usize {
    let mut depth = 0usize;
    let mut max = 0usize;
    for c in src.chars() {
        match c {
            '[' | '{' => {
                depth += 1;
                max = max.max(depth);
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let indent = src.lines().map(|l| l.len() - l.trim_start().len()).max().unwrap_or(0);
    max.max(indent / 2)
}

/// Counts the values a YAML stream stands for once aliases are expanded.
#[derive(Default)]
struct ExpandedSize {
    /// Per open collection: values counted so far and its anchor id.
    open: Vec<(u64, usize)>,
    /// Expanded size of each anchor by id (0 = unknown or not yet closed).
    anchors: Vec<u64>,
    /// Values in finished top-level nodes.
    total: u64,
}

impl ExpandedSize {
    fn add(&mut self, n: u64) {
        match self.open.last_mut() {
            Some((count, _)) => *count = count.saturating_add(n),
            None => self.total = self.total.saturating_add(n),
        }
    }

    fn set_anchor(&mut self, id: usize, n: u64) {
        if id > 0 {
            if self.anchors.len() <= id {
                self.anchors.resize(id + 1, 0);
            }
            self.anchors[id] = n;
        }
    }
}

impl MarkedEventReceiver for ExpandedSize {
    fn on_event(&mut self, ev: Event, _mark: Marker) {
        match ev {
            Event::Scalar(_, _, anchor, _) => {
                self.set_anchor(anchor, 1);
                self.add(1);
            }
            Event::Alias(id) => {
                let n = self.anchors.get(id).copied().unwrap_or(0).max(1);
                self.add(n);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => self.open.push((0, anchor)),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((count, anchor)) = self.open.pop() {
                    let n = count.saturating_add(1);
                    self.set_anchor(anchor, n);
                    self.add(n);
                }
            }
            _ => {}
        }
    }
}

fn to_json(y: Yaml) -> Value {
    match y {
        Yaml::Real(s) => s.parse::<f64>().ok().and_then(Number::from_f64).map_or(Value::String(s), Value::Number),
        Yaml::Integer(i) => Value::Number(i.into()),
        Yaml::String(s) => Value::String(s),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        Yaml::Hash(h) => {
            let mut m = Map::new();
            for (k, v) in h {
                let key = match k {
                    Yaml::String(s) | Yaml::Real(s) => s,
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    Yaml::Null => "null".to_string(),
                    _ => continue,
                };
                m.insert(key, to_json(v));
            }
            Value::Object(m)
        }
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_and_block() {
        let v = parse("{\n shape: rect, label: 'x' \n}").unwrap();
        assert_eq!(v["shape"], "rect");
        assert_eq!(v["label"], "x");
        let v = parse("\n  shape: circle\n  w: 60\n").unwrap();
        assert_eq!(v["w"], 60);
    }

    #[test]
    fn alias_bombs_are_refused_small_aliases_kept() {
        let mut bomb = String::from("a0: &a0 [x,x,x,x,x,x,x,x,x]");
        for i in 1..7 {
            bomb.push_str(&format!("\na{i}: &a{i} [{}]", vec![format!("*a{}", i - 1); 9].join(",")));
        }
        assert!(parse(&bomb).unwrap_err().contains("aliases"));
        let v = parse("base: &b {curve: linear}\nflowchart: *b").unwrap();
        assert_eq!(v["flowchart"]["curve"], "linear");
    }
}
