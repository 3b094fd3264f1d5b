//! Mermaid configuration: the typed subset of mermaid's config that affects
//! flowcharts, read from a site config file (JSON), front-matter `config:` and
//! `%%{init: …}%%` directives.
//!
//! Every field is optional so that configs can be layered with mermaid's
//! precedence: [`DiagramConfig::merge`] lays a later (stronger) config over an
//! earlier one. Site config < front-matter < `%%{init}%%` directives.

use crate::flowchart::Curve;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// `flowchart.*` keys.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct FlowchartConfig {
    /// `flowchart.curve`. Default: `basis`.
    pub curve: Option<Curve>,
    /// `flowchart.nodeSpacing`: gap between nodes of one rank. Default: 50.
    pub node_spacing: Option<f64>,
    /// `flowchart.rankSpacing`: gap between ranks. Default: 50.
    pub rank_spacing: Option<f64>,
    /// `flowchart.padding`: space between a label and its node outline.
    /// Default: 15.
    pub padding: Option<f64>,
    /// `flowchart.diagramPadding`: margin around the drawing. Default: 8.
    pub diagram_padding: Option<f64>,
    /// `flowchart.wrappingWidth`: width at which labels wrap. Default: 200.
    pub wrapping_width: Option<f64>,
    /// `flowchart.useMaxWidth`: responsive SVG width. Default: true.
    pub use_max_width: Option<bool>,
    /// `flowchart.titleTopMargin`. Default: 25.
    pub title_top_margin: Option<f64>,
    /// `flowchart.subGraphTitleMargin.top`. Default: 0.
    pub subgraph_title_margin_top: Option<f64>,
    /// `flowchart.subGraphTitleMargin.bottom`. Default: 0.
    pub subgraph_title_margin_bottom: Option<f64>,
    /// `flowchart.inheritDir`. Default: false.
    pub inherit_dir: Option<bool>,
    /// `flowchart.htmlLabels` (deprecated in mermaid). Default: unset.
    pub html_labels: Option<bool>,
}

/// The configuration a diagram carries, or that a caller supplies.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct DiagramConfig {
    /// `theme`: `default`, `dark`, `forest`, `neutral`, `base`, ... Default:
    /// `default`.
    pub theme: Option<String>,
    /// `themeVariables`, values as strings (numbers and booleans are
    /// stringified). Default: empty.
    pub theme_variables: BTreeMap<String, String>,
    /// `themeCSS`. Default: unset.
    pub theme_css: Option<String>,
    /// `look`: `classic`, `handDrawn`, `neo`. Default: `classic`.
    pub look: Option<String>,
    /// `layout`: `dagre` or `elk` (`flowchart-elk` sets `elk`). Default:
    /// `dagre`.
    pub layout: Option<String>,
    /// `fontFamily`. Default: mermaid's `"trebuchet ms", verdana, arial,
    /// sans-serif`.
    pub font_family: Option<String>,
    /// `fontSize` in px. Default: 16.
    pub font_size: Option<f64>,
    /// `htmlLabels`. Default: unset.
    pub html_labels: Option<bool>,
    /// `markdownAutoWrap`. Default: true.
    pub markdown_auto_wrap: Option<bool>,
    /// `wrap`. Default: unset.
    pub wrap: Option<bool>,
    /// `darkMode`. Default: false.
    pub dark_mode: Option<bool>,
    /// `flowchart.*`.
    pub flowchart: FlowchartConfig,
}

/// Keys that a diagram may not change (mermaid's `secure` list).
const SECURE_KEYS: &[&str] =
    &["secure", "securityLevel", "startOnLoad", "maxTextSize", "suppressErrorRendering", "maxEdges"];

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_end_matches("px").parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite())
}

fn as_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

fn as_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl DiagramConfig {
    /// Reads a mermaid config object (as JSON). Unknown keys, secure keys and
    /// values of the wrong type are skipped; their names are returned so the
    /// caller can warn about them.
    pub fn from_json(value: &Value) -> (DiagramConfig, Vec<String>) {
        let mut cfg = DiagramConfig::default();
        let mut ignored = Vec::new();
        let Value::Object(map) = value else {
            ignored.push("(config is not an object)".to_string());
            return (cfg, ignored);
        };
        for (key, v) in map {
            let ok = match key.as_str() {
                "theme" => as_string(v).map(|s| cfg.theme = Some(s)).is_some(),
                "themeVariables" => match v {
                    Value::Object(vars) => {
                        for (k, val) in vars {
                            match as_string(val) {
                                Some(s) => {
                                    cfg.theme_variables.insert(k.clone(), s);
                                }
                                None => ignored.push(format!("themeVariables.{k}")),
                            }
                        }
                        true
                    }
                    _ => false,
                },
                "themeCSS" => as_string(v).map(|s| cfg.theme_css = Some(s)).is_some(),
                "look" => as_string(v).map(|s| cfg.look = Some(s)).is_some(),
                "layout" => as_string(v).map(|s| cfg.layout = Some(s)).is_some(),
                "fontFamily" => as_string(v).map(|s| cfg.font_family = Some(s)).is_some(),
                "fontSize" => as_f64(v).map(|s| cfg.font_size = Some(s)).is_some(),
                "htmlLabels" => as_bool(v).map(|s| cfg.html_labels = Some(s)).is_some(),
                "markdownAutoWrap" => as_bool(v).map(|s| cfg.markdown_auto_wrap = Some(s)).is_some(),
                "wrap" => as_bool(v).map(|s| cfg.wrap = Some(s)).is_some(),
                "darkMode" => as_bool(v).map(|s| cfg.dark_mode = Some(s)).is_some(),
                "flowchart" => match v {
                    Value::Object(fc) => {
                        for (k, val) in fc {
                            if !cfg.flowchart.set(k, val) {
                                ignored.push(format!("flowchart.{k}"));
                            }
                        }
                        true
                    }
                    _ => false,
                },
                k if SECURE_KEYS.contains(&k) => false,
                _ => false,
            };
            if !ok {
                ignored.push(key.clone());
            }
        }
        (cfg, ignored)
    }

    /// Lays `over` on top of `self`: every field set in `over` replaces the
    /// one here; theme variables merge key by key.
    pub fn merge(&mut self, over: &DiagramConfig) {
        macro_rules! take {
            ($($f:ident).+) => {
                if over.$($f).+.is_some() {
                    self.$($f).+ = over.$($f).+.clone();
                }
            };
        }
        take!(theme);
        take!(theme_css);
        take!(look);
        take!(layout);
        take!(font_family);
        take!(font_size);
        take!(html_labels);
        take!(markdown_auto_wrap);
        take!(wrap);
        take!(dark_mode);
        for (k, v) in &over.theme_variables {
            self.theme_variables.insert(k.clone(), v.clone());
        }
        take!(flowchart.curve);
        take!(flowchart.node_spacing);
        take!(flowchart.rank_spacing);
        take!(flowchart.padding);
        take!(flowchart.diagram_padding);
        take!(flowchart.wrapping_width);
        take!(flowchart.use_max_width);
        take!(flowchart.title_top_margin);
        take!(flowchart.subgraph_title_margin_top);
        take!(flowchart.subgraph_title_margin_bottom);
        take!(flowchart.inherit_dir);
        take!(flowchart.html_labels);
    }
}

impl FlowchartConfig {
    fn set(&mut self, key: &str, v: &Value) -> bool {
        match key {
            "curve" => as_string(v).and_then(|s| Curve::from_name(&s)).map(|c| self.curve = Some(c)).is_some(),
            "nodeSpacing" => as_f64(v).map(|x| self.node_spacing = Some(x)).is_some(),
            "rankSpacing" => as_f64(v).map(|x| self.rank_spacing = Some(x)).is_some(),
            "padding" => as_f64(v).map(|x| self.padding = Some(x)).is_some(),
            "diagramPadding" => as_f64(v).map(|x| self.diagram_padding = Some(x)).is_some(),
            "wrappingWidth" => as_f64(v).map(|x| self.wrapping_width = Some(x)).is_some(),
            "useMaxWidth" => as_bool(v).map(|x| self.use_max_width = Some(x)).is_some(),
            "titleTopMargin" => as_f64(v).map(|x| self.title_top_margin = Some(x)).is_some(),
            "inheritDir" => as_bool(v).map(|x| self.inherit_dir = Some(x)).is_some(),
            "htmlLabels" => as_bool(v).map(|x| self.html_labels = Some(x)).is_some(),
            "subGraphTitleMargin" => match v {
                Value::Object(m) => {
                    if let Some(t) = m.get("top").and_then(as_f64) {
                        self.subgraph_title_margin_top = Some(t);
                    }
                    if let Some(b) = m.get("bottom").and_then(as_f64) {
                        self.subgraph_title_margin_bottom = Some(b);
                    }
                    true
                }
                _ => false,
            },
            // Known mermaid keys with no effect on this renderer.
            "defaultRenderer" | "arrowMarkerAbsolute" | "useWidth" => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_merges() {
        let (site, _) = DiagramConfig::from_json(&serde_json::json!({
            "theme": "forest", "flowchart": {"curve": "linear", "nodeSpacing": 30}
        }));
        let (diagram, ignored) = DiagramConfig::from_json(&serde_json::json!({
            "theme": "dark", "maxEdges": 5, "flowchart": {"rankSpacing": "70"}
        }));
        assert_eq!(ignored, vec!["maxEdges".to_string()]);
        let mut cfg = site.clone();
        cfg.merge(&diagram);
        assert_eq!(cfg.theme.as_deref(), Some("dark"));
        assert_eq!(cfg.flowchart.curve, Some(Curve::Linear));
        assert_eq!(cfg.flowchart.node_spacing, Some(30.0));
        assert_eq!(cfg.flowchart.rank_spacing, Some(70.0));
    }
}
