//! YAML (front-matter, `@{ … }` node data) to `serde_json::Value`, through
//! yaml-rust2.

use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// Parses one YAML document; an empty document is `null`.
pub fn parse(src: &str) -> Result<Value, String> {
    parse_at(src).map_err(|(m, _)| m)
}

/// Like [`parse`], with the byte offset in `src` of a syntax error.
pub fn parse_at(src: &str) -> Result<Value, (String, Option<usize>)> {
    if flow_depth(src) > MAX_DEPTH {
        return Err((format!("nested more than {MAX_DEPTH} levels deep"), None));
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
}
