//! Mermaid configuration: the typed subset of mermaid's config that affects
//! flowcharts, read from a site config file (JSON), front-matter `config:` and
//! `%%{init: …}%%` directives.
//!
//! Every field is optional so that configs can be layered with mermaid's
//! precedence: [`DiagramConfig::merge`] lays a later (stronger) config over an
//! earlier one. Site config < front-matter < `%%{init}%%` directives.
//!
//! Names are checked: an unknown theme, look, layout or curve, a key mmdflow
//! does not use and a value of the wrong type are each reported once as an
//! [`Ignored`], so the caller can say where it came from (a file, front
//! matter or a directive's line).

use crate::flowchart::Curve;
use crate::render::theme::{theme_value, theme_value_problem, FONT_SIZE_RANGE};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ops::RangeInclusive;

/// A mermaid theme that mmdflow draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Theme {
    /// `default`: lavender nodes.
    #[default]
    #[serde(rename = "default")]
    Default,
    /// `forest`: green.
    #[serde(rename = "forest")]
    Forest,
    /// `dark`: for dark pages.
    #[serde(rename = "dark")]
    Dark,
    /// `neutral`: greys, for print.
    #[serde(rename = "neutral")]
    Neutral,
    /// `base`: everything derived from `themeVariables.primaryColor`.
    #[serde(rename = "base")]
    Base,
    /// `neo`: mermaid 11's neo palette, black outlines, 14 px Arial.
    #[serde(rename = "neo")]
    Neo,
    /// `neo-dark`: `neo` for dark pages.
    #[serde(rename = "neo-dark")]
    NeoDark,
    /// `redux`: mermaid 12's palette, ink outlines, "Recursive Variable".
    #[serde(rename = "redux")]
    Redux,
    /// `redux-color`: `redux` with a colour per subgraph (mermaid 12's
    /// default).
    #[serde(rename = "redux-color")]
    ReduxColor,
    /// `redux-dark`: `redux` for dark pages.
    #[serde(rename = "redux-dark")]
    ReduxDark,
    /// `redux-dark-color`: `redux-dark` with a colour per subgraph.
    #[serde(rename = "redux-dark-color")]
    ReduxDarkColor,
}

impl Theme {
    /// Every theme, in mmdc's help order, then mermaid 11's and 12's.
    pub const ALL: [Theme; 11] = [
        Theme::Default,
        Theme::Forest,
        Theme::Dark,
        Theme::Neutral,
        Theme::Base,
        Theme::Neo,
        Theme::NeoDark,
        Theme::Redux,
        Theme::ReduxColor,
        Theme::ReduxDark,
        Theme::ReduxDarkColor,
    ];

    /// The name mermaid uses.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Default => "default",
            Theme::Forest => "forest",
            Theme::Dark => "dark",
            Theme::Neutral => "neutral",
            Theme::Base => "base",
            Theme::Neo => "neo",
            Theme::NeoDark => "neo-dark",
            Theme::Redux => "redux",
            Theme::ReduxColor => "redux-color",
            Theme::ReduxDark => "redux-dark",
            Theme::ReduxDarkColor => "redux-dark-color",
        }
    }

    /// The label font size the theme sets (`fontSize`), in px: 16 for
    /// mermaid's classic themes, 14 for `neo*` and `redux*`. A config's
    /// `fontSize` beats it.
    pub fn font_size(self) -> f64 {
        match self {
            Theme::Default | Theme::Forest | Theme::Dark | Theme::Neutral | Theme::Base => 16.0,
            _ => 14.0,
        }
    }
}

impl std::str::FromStr for Theme {
    type Err = crate::Error;

    /// Case-insensitive, surrounding spaces ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Theme::ALL.into_iter().find(|x| x.name().eq_ignore_ascii_case(t)).ok_or_else(|| {
            crate::Error::new(crate::ErrorKind::Config, format!("unknown theme '{}' (expected {})", t.escape_debug(), names(&Theme::ALL.map(Theme::name))))
        })
    }
}

/// A mermaid look (`look` in the config): `classic`, `neo` and `handDrawn`
/// are drawn; `neo` also selects the orthogonal edge router.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Look {
    /// `classic`: mermaid's long-standing look.
    #[default]
    Classic,
    /// `handDrawn`: rough.js strokes.
    HandDrawn,
    /// `neo`: mermaid 11's modern look.
    Neo,
}

impl Look {
    /// Every look mermaid has.
    pub const ALL: [Look; 3] = [Look::Classic, Look::HandDrawn, Look::Neo];

    /// The name mermaid uses.
    pub fn name(self) -> &'static str {
        match self {
            Look::Classic => "classic",
            Look::HandDrawn => "handDrawn",
            Look::Neo => "neo",
        }
    }
}

impl std::str::FromStr for Look {
    type Err = crate::Error;

    /// Case-insensitive (`handdrawn` works too).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Look::ALL.into_iter().find(|x| x.name().eq_ignore_ascii_case(t)).ok_or_else(|| {
            crate::Error::new(crate::ErrorKind::Config, format!("unknown look '{}' (expected {})", t.escape_debug(), names(&Look::ALL.map(Look::name))))
        })
    }
}

/// `a, b or c`.
fn names(list: &[&str]) -> String {
    match list.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => list.join(""),
    }
}

/// The layout engines mermaid names; mmdflow lays out every diagram with its
/// own layered layout, so any of them is accepted.
const LAYOUTS: &[&str] = &["dagre", "elk", "elk.layered", "elk.stress", "elk.force", "elk.mrtree", "elk.sporeCompaction"];

/// The layout engine a diagram asks for (`layout`). mmdflow always lays
/// out in layers; `elk` (any `elk.*` name) selects the orthogonal edge
/// router that ELK draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum LayoutEngine {
    /// `dagre`: mermaid's default; splines.
    #[default]
    Dagre,
    /// `elk`, `elk.layered`, …: orthogonal edges.
    Elk,
}

impl LayoutEngine {
    /// The engine a name in [`LAYOUTS`] stands for.
    fn of_name(name: &str) -> LayoutEngine {
        if name == "elk" || name.starts_with("elk.") {
            LayoutEngine::Elk
        } else {
            LayoutEngine::Dagre
        }
    }
}

/// A config entry that was not used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    /// The key's path, like `theme` or `flowchart.curve`.
    pub key: String,
    /// Why: an unknown name, a wrong type, a key mmdflow does not use.
    pub reason: String,
}

impl std::fmt::Display for Ignored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "config key '{}' ignored: {}", self.key, self.reason)
    }
}

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
    /// `flowchart.wrappingWidth`: width at which labels wrap. Default: 200
    /// (node labels in the neo look: 120, as mermaid 12 wraps them).
    pub wrapping_width: Option<f64>,
    /// `flowchart.minNodeWidth`: narrowest label box of a node (mermaid 12;
    /// circles are exempt). Default: 120 in the neo look, none otherwise.
    pub min_node_width: Option<f64>,
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
    /// `theme`. Default: `default`.
    pub theme: Option<Theme>,
    /// `themeVariables`, values as strings (numbers and booleans are
    /// stringified). Default: empty.
    pub theme_variables: BTreeMap<String, String>,
    /// `themeCSS`. Default: unset.
    pub theme_css: Option<String>,
    /// `look`. Default: `classic`.
    pub look: Option<Look>,
    /// `handDrawnSeed`: the seed of the handDrawn look's random strokes.
    /// 0 (mermaid's default, random strokes) draws with fixed seeds of
    /// mmdflow's, so the output is the same on every run. Default: 0.
    pub hand_drawn_seed: Option<u32>,
    /// `layout`: `dagre` or `elk` (any `elk.*` name; `flowchart-elk` sets
    /// `elk`). Default: `dagre`.
    pub layout: Option<LayoutEngine>,
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
const MIN_NODE_WIDTH_RANGE: RangeInclusive<f64> = 0.0..=100_000.0;
const MARGIN_RANGE: RangeInclusive<f64> = -1_000.0..=10_000.0;

/// Sets `set` from a number within `range`; otherwise says why not.
fn number_in(v: &Value, range: RangeInclusive<f64>, set: impl FnOnce(f64)) -> Option<String> {
    match as_f64(v) {
        Some(x) if range.contains(&x) => {
            set(x);
            None
        }
        Some(_) => Some(format!("{} is outside {}..={}", shown(v), range.start(), range.end())),
        None => Some(format!("expected a number, got {}", shown(v))),
    }
}

/// Sets `set` from a whole number that fits rough.js's 32-bit seed;
/// otherwise says why not.
fn seed_in(v: &Value, set: impl FnOnce(u32)) -> Option<String> {
    match as_f64(v) {
        Some(x) if x.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&x) => {
            set(x as u32);
            None
        }
        Some(_) => Some(format!("{} is not a whole number in 0..={}", shown(v), u32::MAX)),
        None => Some(format!("expected a number, got {}", shown(v))),
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

/// The value as a short text for a message: strings bare, the rest as JSON,
/// cut at 40 characters.
fn shown(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let cut: String = text.chars().take(40).collect();
    let cut = cut.escape_debug().to_string();
    if text.chars().count() > 40 {
        format!("{cut}…")
    } else {
        cut
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
    /// Reads a mermaid config object (as JSON). Unknown keys, secure keys,
    /// unknown names, values of the wrong type and values the renderer cannot
    /// take safely (a theme variable that is not a CSS colour, a number out
    /// of range) are skipped and returned, one [`Ignored`] each saying why, so
    /// the caller can warn about them.
    pub fn from_json(value: &Value) -> (DiagramConfig, Vec<Ignored>) {
        let mut cfg = DiagramConfig::default();
        let mut ignored = Vec::new();
        let mut skip = |key: String, reason: String| ignored.push(Ignored { key, reason });
        let Value::Object(map) = value else {
            skip(String::new(), format!("the config is not an object: {}", shown(value)));
            return (cfg, ignored);
        };
        let wrong_type = |v: &Value, want: &str| format!("expected {want}, got {}", shown(v));
        for (key, v) in map {
            let problem: Option<String> = match key.as_str() {
                "theme" => match as_string(v).map(|s| s.parse::<Theme>()) {
                    Some(Ok(t)) => {
                        cfg.theme = Some(t);
                        None
                    }
                    Some(Err(e)) => Some(e.message().to_string()),
                    None => Some(wrong_type(v, "a theme name")),
                },
                "themeVariables" => match v {
                    Value::Object(vars) => {
                        for (k, val) in vars {
                            match as_string(val) {
                                Some(s) if theme_value(k, &s).is_some() => {
                                    cfg.theme_variables.insert(k.clone(), s);
                                }
                                Some(_) => skip(format!("themeVariables.{k}"), format!("{} {}", shown(val), theme_value_problem(k))),
                                None => skip(format!("themeVariables.{k}"), wrong_type(val, "a string or number")),
                            }
                        }
                        None
                    }
                    _ => Some(wrong_type(v, "an object")),
                },
                "themeCSS" => as_string(v).map(|s| cfg.theme_css = Some(s)).is_none().then(|| wrong_type(v, "a string")),
                "look" => match as_string(v).map(|s| s.parse::<Look>()) {
                    // `neo` selects the orthogonal router and the neo
                    // drawing; `handDrawn` the sketched drawing.
                    Some(Ok(look)) => {
                        cfg.look = Some(look);
                        None
                    }
                    Some(Err(e)) => Some(e.message().to_string()),
                    None => Some(wrong_type(v, "a look name")),
                },
                "handDrawnSeed" => seed_in(v, |seed| cfg.hand_drawn_seed = Some(seed)),
                "layout" => match as_string(v) {
                    Some(name) if LAYOUTS.contains(&name.as_str()) => {
                        cfg.layout = Some(LayoutEngine::of_name(&name));
                        None
                    }
                    Some(name) => Some(format!("unknown layout '{}' (expected {})", shown(&Value::String(name)), names(LAYOUTS))),
                    None => Some(wrong_type(v, "a layout name")),
                },
                "fontFamily" => match as_string(v) {
                    Some(s) if crate::css::font_family(&s).is_some() => {
                        cfg.font_family = Some(s);
                        None
                    }
                    Some(_) => Some(format!("{} is not a font-family list", shown(v))),
                    None => Some(wrong_type(v, "a string")),
                },
                "fontSize" => number_in(v, FONT_SIZE_RANGE, |x| cfg.font_size = Some(x)),
                "htmlLabels" => as_bool(v).map(|s| cfg.html_labels = Some(s)).is_none().then(|| wrong_type(v, "true or false")),
                "markdownAutoWrap" => {
                    as_bool(v).map(|s| cfg.markdown_auto_wrap = Some(s)).is_none().then(|| wrong_type(v, "true or false"))
                }
                "wrap" => as_bool(v).map(|s| cfg.wrap = Some(s)).is_none().then(|| wrong_type(v, "true or false")),
                "darkMode" => as_bool(v).map(|s| cfg.dark_mode = Some(s)).is_none().then(|| wrong_type(v, "true or false")),
                "flowchart" => match v {
                    Value::Object(fc) => {
                        for (k, val) in fc {
                            if let Some(reason) = cfg.flowchart.set(k, val) {
                                skip(format!("flowchart.{k}"), reason);
                            }
                        }
                        None
                    }
                    _ => Some(wrong_type(v, "an object")),
                },
                k if SECURE_KEYS.contains(&k) => Some("a diagram may not change it (mermaid's secure keys)".into()),
                _ => Some("mmdflow does not use this key".into()),
            };
            if let Some(reason) = problem {
                skip(key.clone(), reason);
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
        take!(hand_drawn_seed);
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
        take!(flowchart.min_node_width);
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
        clamp(&mut fc.min_node_width, MIN_NODE_WIDTH_RANGE);
        for v in [&mut fc.title_top_margin, &mut fc.subgraph_title_margin_top, &mut fc.subgraph_title_margin_bottom] {
            clamp(v, MARGIN_RANGE);
        }
    }
}

impl FlowchartConfig {
    /// Sets one `flowchart.*` key; returns why it was not used, if it was not.
    fn set(&mut self, key: &str, v: &Value) -> Option<String> {
        let wrong_type = |want: &str| Some(format!("expected {want}, got {}", shown(v)));
        let number = |slot: &mut Option<f64>, range: RangeInclusive<f64>| number_in(v, range, |x| *slot = Some(x));
        let boolean = |slot: &mut Option<bool>| match as_bool(v) {
            Some(x) => {
                *slot = Some(x);
                None
            }
            None => wrong_type("true or false"),
        };
        match key {
            "curve" => match as_string(v) {
                Some(name) => match Curve::from_name(&name) {
                    Some(c) => {
                        self.curve = Some(c);
                        None
                    }
                    None => Some(format!("unknown curve '{}'", shown(v))),
                },
                None => wrong_type("a curve name"),
            },
            "nodeSpacing" => number(&mut self.node_spacing, SPACING_RANGE),
            "rankSpacing" => number(&mut self.rank_spacing, SPACING_RANGE),
            "padding" => number(&mut self.padding, SPACING_RANGE),
            "diagramPadding" => number(&mut self.diagram_padding, SPACING_RANGE),
            "wrappingWidth" => number(&mut self.wrapping_width, WRAPPING_RANGE),
            "minNodeWidth" => number(&mut self.min_node_width, MIN_NODE_WIDTH_RANGE),
            "useMaxWidth" => boolean(&mut self.use_max_width),
            "titleTopMargin" => number(&mut self.title_top_margin, MARGIN_RANGE),
            "inheritDir" => boolean(&mut self.inherit_dir),
            "htmlLabels" => boolean(&mut self.html_labels),
            "subGraphTitleMargin" => match v {
                Value::Object(m) => {
                    let mut problem = None;
                    if let Some(t) = m.get("top") {
                        if let Some(why) = number_in(t, MARGIN_RANGE, |x| self.subgraph_title_margin_top = Some(x)) {
                            problem = Some(format!("top: {why}"));
                        }
                    }
                    if let Some(b) = m.get("bottom") {
                        if let Some(why) = number_in(b, MARGIN_RANGE, |x| self.subgraph_title_margin_bottom = Some(x)) {
                            problem = Some(format!("bottom: {why}"));
                        }
                    }
                    problem
                }
                _ => wrong_type("an object"),
            },
            // Known mermaid keys with no effect on this renderer's drawing.
            "defaultRenderer" | "arrowMarkerAbsolute" | "useWidth" => None,
            _ => Some("mmdflow does not use this key".into()),
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
        let keys: Vec<&str> = ignored.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["maxEdges"]);
        let mut cfg = site.clone();
        cfg.merge(&diagram);
        assert_eq!(cfg.theme, Some(Theme::Dark));
        assert_eq!(cfg.flowchart.curve, Some(Curve::Linear));
        assert_eq!(cfg.flowchart.node_spacing, Some(30.0));
        assert_eq!(cfg.flowchart.rank_spacing, Some(70.0));
    }
}

#[cfg(test)]
mod name_tests {
    use super::*;

    #[test]
    fn unknown_names_are_ignored_one_entry_each_with_the_name() {
        let (cfg, ignored) = DiagramConfig::from_json(&serde_json::json!({
            "theme": "forrest", "look": "sketchy", "layout": "dot", "flowchart": {"curve": "wobbly", "nodeSpacing": "wide"},
            "nosuch": 1
        }));
        assert_eq!(cfg, DiagramConfig::default(), "nothing unknown is kept");
        let got: Vec<String> = ignored.iter().map(|i| i.to_string()).collect();
        let want = [
            "config key 'flowchart.curve' ignored: unknown curve 'wobbly'",
            "config key 'flowchart.nodeSpacing' ignored: expected a number, got wide",
            "config key 'layout' ignored: unknown layout 'dot' (expected dagre, elk, elk.layered, elk.stress, elk.force, elk.mrtree or elk.sporeCompaction)",
            "config key 'look' ignored: unknown look 'sketchy' (expected classic, handDrawn or neo)",
            "config key 'nosuch' ignored: mmdflow does not use this key",
            "config key 'theme' ignored: unknown theme 'forrest' (expected default, forest, dark, neutral, base, neo, neo-dark, redux, redux-color, redux-dark or redux-dark-color)",
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn names_parse_case_insensitively() {
        assert_eq!("Forest".parse::<Theme>().unwrap(), Theme::Forest);
        assert_eq!("Redux-Dark-Color".parse::<Theme>().unwrap(), Theme::ReduxDarkColor);
        assert!("redux_color".parse::<Theme>().is_err());
        assert_eq!("handdrawn".parse::<Look>().unwrap(), Look::HandDrawn);
        let (cfg, ignored) = DiagramConfig::from_json(&serde_json::json!({"look": "neo", "theme": " DARK "}));
        assert_eq!((cfg.look, cfg.theme), (Some(Look::Neo), Some(Theme::Dark)));
        assert!(ignored.is_empty(), "{ignored:?}");
        let (cfg, ignored) = DiagramConfig::from_json(&serde_json::json!({"look": "handDrawn"}));
        assert_eq!(cfg.look, Some(Look::HandDrawn));
        assert!(ignored.is_empty(), "{ignored:?}");
    }

    /// `handDrawnSeed` takes rough.js's 32-bit seeds, as numbers or strings.
    #[test]
    fn hand_drawn_seeds_are_whole_32_bit_numbers() {
        for (value, seed) in [(serde_json::json!(0), 0), (serde_json::json!(42), 42), (serde_json::json!("7"), 7), (serde_json::json!(4294967295u64), u32::MAX)] {
            let (cfg, ignored) = DiagramConfig::from_json(&serde_json::json!({ "handDrawnSeed": value }));
            assert_eq!(cfg.hand_drawn_seed, Some(seed), "{value}");
            assert!(ignored.is_empty());
        }
        for (value, why) in [
            (serde_json::json!(-1), "-1 is not a whole number in 0..=4294967295"),
            (serde_json::json!(1.5), "1.5 is not a whole number in 0..=4294967295"),
            (serde_json::json!(4294967296u64), "4294967296 is not a whole number in 0..=4294967295"),
            (serde_json::json!("many"), "expected a number, got many"),
        ] {
            let (cfg, ignored) = DiagramConfig::from_json(&serde_json::json!({ "handDrawnSeed": value }));
            assert_eq!(cfg.hand_drawn_seed, None);
            assert_eq!(ignored[0].reason, why);
        }
        let mut base = DiagramConfig { hand_drawn_seed: Some(1), ..Default::default() };
        base.merge(&DiagramConfig { hand_drawn_seed: Some(2), ..Default::default() });
        assert_eq!(base.hand_drawn_seed, Some(2));
    }

    /// Every `elk.*` name is ELK; `dagre` is dagre.
    #[test]
    fn layout_names_are_typed() {
        for (name, engine) in [("dagre", LayoutEngine::Dagre), ("elk", LayoutEngine::Elk), ("elk.layered", LayoutEngine::Elk), ("elk.mrtree", LayoutEngine::Elk)] {
            let (cfg, ignored) = DiagramConfig::from_json(&serde_json::json!({ "layout": name }));
            assert_eq!(cfg.layout, Some(engine), "{name}");
            assert!(ignored.is_empty());
        }
    }
}
