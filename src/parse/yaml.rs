//! YAML (front-matter, `@{ … }` node data) to `serde_json::Value`, through
//! yaml-rust2.

use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// Parses one YAML document; an empty document is `null`.
pub fn parse(src: &str) -> Result<Value, String> {
    let docs = YamlLoader::load_from_str(src).map_err(|e| e.to_string())?;
    Ok(docs.into_iter().next().map_or(Value::Null, to_json))
}

fn to_json(y: Yaml) -> Value {
    // Conversion is iterative-safe in practice: YAML nesting here comes from
    // a few lines of front-matter or node data, and yaml-rust2 itself limits
    // recursion while loading.
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
