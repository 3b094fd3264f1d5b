//! Mermaid configuration: the typed subset of mermaid's config that affects
//! flowcharts, read from a site config file (JSON), front-matter `config:` and
//! `%%{init: …}%%` directives.
//!
//! Every field is optional so that configs can be layered with mermaid's
//! precedence: [`DiagramConfig::merge`] lays a later (stronger) config over an
//! earlier one. Site config < front-matter < `%%{init}%%` directives.

use crate::flowchart::Curve;
use crate::render::theme::{theme_value, theme_value_problem, FONT_SIZE_RANGE};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ops::RangeInclusive;

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

/// Ranges of the numeric settings. Out-of-range values are ignored with a
/// warning: every number the SVG carries stays finite and of sane size
/// (`1e308` once came out as `inf`).
const SPACING_RANGE: RangeInclusive<f64> = 0.0..=10_000.0;
const WRAPPING_RANGE: RangeInclusive<f64> = 1.0..=100_000.0;
const MARGIN_RANGE: RangeInclusive<f64> = -1_000.0..=10_000.0;

/// How long a value may be quoted in a warning.
const SHOWN_CHARS: usize = 40;

/// `value` quoted for a warning, cut to a few dozen characters.
fn shown(value: &str) -> String {
    let mut cut: String = value.chars().take(SHOWN_CHARS).collect();
    if cut.len() < value.len() {
        cut.push('…');
    }
    format!("{cut:?}")
}

/// What became of one setting.
enum Setting {
    Used,
    Unknown,
    /// Known key, value refused; the text says why.
    Invalid(String),
}

fn number_in(v: &Value, range: RangeInclusive<f64>, set: impl FnOnce(f64)) -> Setting {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match as_f64(v) {
        Some(x) if range.contains(&x) => {
            set(x);
            Setting::Used
        }
        Some(_) => Setting::Invalid(format!("{} is outside {}..={}", shown(&text(v)), range.start(), range.end())),
        None => Setting::Invalid(format!("{} is not a number", shown(&text(v)))),
    }
}

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
    /// caller can warn about them. A value the renderer cannot take safely (a
    /// theme variable that is not a CSS colour, a number out of range) is
    /// skipped too, and its entry says why: `themeVariables.mainBkg
    /// ("url(x)" is not a CSS colour)`.
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
                                Some(s) if theme_value(k, &s).is_some() => {
                                    cfg.theme_variables.insert(k.clone(), s);
                                }
                                Some(s) => ignored.push(format!("themeVariables.{k} ({} {})", shown(&s), theme_value_problem(k))),
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
                "fontFamily" => match as_string(v) {
                    Some(s) if crate::css::font_family(&s).is_some() => {
                        cfg.font_family = Some(s);
                        true
                    }
                    Some(s) => {
                        ignored.push(format!("fontFamily ({} is not a font-family list)", shown(&s)));
                        continue;
                    }
                    None => false,
                },
                "fontSize" => match number_in(v, FONT_SIZE_RANGE, |x| cfg.font_size = Some(x)) {
                    Setting::Used => true,
                    Setting::Invalid(why) => {
                        ignored.push(format!("fontSize ({why})"));
                        continue;
                    }
                    Setting::Unknown => false,
                },
                "htmlLabels" => as_bool(v).map(|s| cfg.html_labels = Some(s)).is_some(),
                "markdownAutoWrap" => as_bool(v).map(|s| cfg.markdown_auto_wrap = Some(s)).is_some(),
                "wrap" => as_bool(v).map(|s| cfg.wrap = Some(s)).is_some(),
                "darkMode" => as_bool(v).map(|s| cfg.dark_mode = Some(s)).is_some(),
                "flowchart" => match v {
                    Value::Object(fc) => {
                        for (k, val) in fc {
                            match cfg.flowchart.set(k, val) {
                                Setting::Used => {}
                                Setting::Unknown => ignored.push(format!("flowchart.{k}")),
                                Setting::Invalid(why) => ignored.push(format!("flowchart.{k} ({why})")),
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

impl DiagramConfig {
    /// Brings every number into the range [`from_json`](Self::from_json)
    /// accepts (a NaN is dropped). The reader refuses out-of-range values
    /// with a warning; this is for configs built by hand, whose `1e300`
    /// spacing would otherwise overflow the layout's integer coordinates.
    pub fn clamp_numbers(&mut self) {
        fn clamp(v: &mut Option<f64>, range: RangeInclusive<f64>) {
            *v = v.filter(|x| !x.is_nan()).map(|x| x.clamp(*range.start(), *range.end()));
        }
        clamp(&mut self.font_size, FONT_SIZE_RANGE);
        let fc = &mut self.flowchart;
        for v in [&mut fc.node_spacing, &mut fc.rank_spacing, &mut fc.padding, &mut fc.diagram_padding] {
            clamp(v, SPACING_RANGE);
        }
        clamp(&mut fc.wrapping_width, WRAPPING_RANGE);
        for v in [&mut fc.title_top_margin, &mut fc.subgraph_title_margin_top, &mut fc.subgraph_title_margin_bottom] {
            clamp(v, MARGIN_RANGE);
        }
    }
}

impl FlowchartConfig {
    fn set(&mut self, key: &str, v: &Value) -> Setting {
        let known = |ok: bool| if ok { Setting::Used } else { Setting::Invalid(format!("{} is not valid here", shown(&v.to_string()))) };
        match key {
            "curve" => known(as_string(v).and_then(|s| Curve::from_name(&s)).map(|c| self.curve = Some(c)).is_some()),
            "nodeSpacing" => number_in(v, SPACING_RANGE, |x| self.node_spacing = Some(x)),
            "rankSpacing" => number_in(v, SPACING_RANGE, |x| self.rank_spacing = Some(x)),
            "padding" => number_in(v, SPACING_RANGE, |x| self.padding = Some(x)),
            "diagramPadding" => number_in(v, SPACING_RANGE, |x| self.diagram_padding = Some(x)),
            "wrappingWidth" => number_in(v, WRAPPING_RANGE, |x| self.wrapping_width = Some(x)),
            "useMaxWidth" => known(as_bool(v).map(|x| self.use_max_width = Some(x)).is_some()),
            "titleTopMargin" => number_in(v, MARGIN_RANGE, |x| self.title_top_margin = Some(x)),
            "inheritDir" => known(as_bool(v).map(|x| self.inherit_dir = Some(x)).is_some()),
            "htmlLabels" => known(as_bool(v).map(|x| self.html_labels = Some(x)).is_some()),
            "subGraphTitleMargin" => match v {
                Value::Object(m) => {
                    let mut result = Setting::Used;
                    if let Some(t) = m.get("top") {
                        if let Setting::Invalid(why) = number_in(t, MARGIN_RANGE, |x| self.subgraph_title_margin_top = Some(x)) {
                            result = Setting::Invalid(format!("top: {why}"));
                        }
                    }
                    if let Some(b) = m.get("bottom") {
                        if let Setting::Invalid(why) = number_in(b, MARGIN_RANGE, |x| self.subgraph_title_margin_bottom = Some(x)) {
                            result = Setting::Invalid(format!("bottom: {why}"));
                        }
                    }
                    result
                }
                _ => known(false),
            },
            // Known mermaid keys with no effect on this renderer.
            "defaultRenderer" | "arrowMarkerAbsolute" | "useWidth" => Setting::Used,
            _ => Setting::Unknown,
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
