//! The whole SVG pipeline with fuzzed options: theme, limits, config (typed
//! fields and raw JSON), svg id, extra CSS. The output must be well-formed,
//! safe SVG (the same oracle as tests/hostile.rs) and the layout JSON must
//! parse.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mmdflow::{DiagramConfig, ErrorKind, Limits, Options};
use serde_json::{json, Map, Value};

#[allow(dead_code)]
#[path = "../../tests/hostile_support/svg_check.rs"]
mod svg_check;

#[derive(Arbitrary, Debug)]
enum Theme {
    Default,
    Dark,
    Forest,
    Neutral,
    Base,
    ReduxColor,
    ReduxDark,
    Neo,
    Other(String),
}

#[derive(Arbitrary, Debug)]
struct FuzzLimits {
    input_bytes: Option<u16>,
    nodes: Option<u8>,
    edges: Option<u8>,
    nesting: Option<u8>,
    label_chars: Option<u8>,
}

#[derive(Arbitrary, Debug)]
enum Curve {
    Basis,
    Linear,
    Step,
    StepBefore,
    StepAfter,
    MonotoneX,
    MonotoneY,
    Cardinal,
    CatmullRom,
    Natural,
    BumpX,
    BumpY,
    Rounded,
    Other(String),
}

/// Config as typed fields: reaches the numeric corners (NaN is filtered by
/// the reader, but 1e308, -0.0 and negatives are not) far faster than raw
/// JSON text would.
#[derive(Arbitrary, Debug)]
struct FuzzConfig {
    theme: Option<Theme>,
    font_size: Option<f64>,
    font_family: Option<String>,
    theme_css: Option<String>,
    primary_color: Option<String>,
    line_color: Option<String>,
    look: Option<String>,
    /// The handDrawn look with this `handDrawnSeed` (a look name the
    /// fuzzer would seldom spell).
    hand_drawn_seed: Option<i64>,
    curve: Option<Curve>,
    node_spacing: Option<f64>,
    rank_spacing: Option<f64>,
    padding: Option<f64>,
    diagram_padding: Option<f64>,
    wrapping_width: Option<f64>,
    use_max_width: Option<bool>,
    title_top_margin: Option<f64>,
    sub_title_top: Option<f64>,
    html_labels: Option<bool>,
    markdown_auto_wrap: Option<bool>,
}

/// Theme variables that reach the drawing, directly or derived.
const VAR_KEYS: &[&str] = &[
    "mainBkg", "lineColor", "nodeBorder", "clusterBkg", "clusterBorder", "edgeLabelBackground", "nodeTextColor", "textColor",
    "titleColor", "border1", "border2", "mainContrastColor", "text", "primaryColor", "primaryBorderColor", "primaryTextColor",
    "secondaryColor", "tertiaryColor", "background", "labelBackground", "secondBkg", "contrast", "arrowheadColor", "fontFamily",
    "fontSize", "strokeWidth", "darkMode",
];

/// The config-value dictionary: colours in every syntax, and the ways out
/// of a CSS value that issue 16 found (and their spellings: case, escapes,
/// comments, extra declarations, markup, huge numbers).
const VALUE_DICTIONARY: &[&str] = &[
    "red", "RebeccaPurple", "transparent", "currentColor", "#abc", "#abcd", "#aabbcc", "#aabbccdd", "rgb(1,2,3)",
    "rgba(1 2 3 / 50%)", "hsl(120deg, 50%, 50%)", "hsla(1,2%,3%,0.5)", "url(http://e.example/a)", "URL(http://e.example/a)",
    "url(#x)", "u\\72l(x)", "\\75rl(x)", "\\55 RL(x)", "u/**/rl(x)", "red;cursor:url(x),auto", "red}x{fill:url(x)",
    "image-set(\"x\" 1x)", "Image-Set('x' 1x)", "image(\"x\")", "expression(alert(1))", "expression (1)", "javascript:alert(1)",
    "JaVaScRiPt:x", "url(file:///etc/passwd)", "@import 'x';", "var(--x)", "calc(1px)", "A&B", "a<b>", "</style>", "\"'",
    "1e308", "-1e308", "1e-308", "NaN", "inf", "-0", "0", "9999999", "#fff;", "ﬂ°amp¶ß", "#intro;", "\u{0}", "\t", "!important",
];

/// A config value: from the dictionary, arbitrary, or a dictionary entry
/// with arbitrary text around it.
#[derive(Arbitrary, Debug)]
enum ConfigValue {
    Word(u8),
    Free(String),
    Wrapped(String, u8, String),
}

impl ConfigValue {
    fn text(&self) -> String {
        let word = |i: &u8| VALUE_DICTIONARY[*i as usize % VALUE_DICTIONARY.len()];
        match self {
            ConfigValue::Word(i) => word(i).to_string(),
            ConfigValue::Free(s) => s.clone(),
            ConfigValue::Wrapped(a, i, b) => format!("{a}{}{b}", word(i)),
        }
    }
}

/// Where a config value goes: a theme variable, or a style declaration
/// appended to the source (`style`, `classDef`, `linkStyle`).
#[derive(Arbitrary, Debug)]
enum ValueUse {
    Variable(u8),
    FontFamily,
    ThemeCss,
    Style(u8),
    ClassDef(u8),
    LinkStyle(u8),
    Css,
}

const STYLE_PROPS: &[&str] =
    &["fill", "stroke", "color", "stroke-width", "stroke-dasharray", "opacity", "stroke-linecap", "font-weight", "background"];

#[derive(Arbitrary, Debug)]
struct Input {
    theme: Option<Theme>,
    /// The neo look instead of the classic one.
    neo: bool,
    limits: Option<FuzzLimits>,
    config: Option<FuzzConfig>,
    raw_config: Option<String>,
    svg_id: Option<String>,
    css: Option<String>,
    background: Option<String>,
    /// Config values from the dictionary, each sent down one path.
    values: Vec<(ValueUse, ConfigValue)>,
    source: String,
}

fn theme_name(t: &Theme) -> String {
    match t {
        Theme::Default => "default".into(),
        Theme::Dark => "dark".into(),
        Theme::Forest => "forest".into(),
        Theme::Neutral => "neutral".into(),
        Theme::Base => "base".into(),
        Theme::ReduxColor => "redux-color".into(),
        Theme::ReduxDark => "redux-dark".into(),
        Theme::Neo => "neo".into(),
        Theme::Other(s) => s.clone(),
    }
}

fn number(x: f64) -> Value {
    // JSON cannot hold NaN or infinities; send those as strings, which the
    // config reader also accepts and must reject.
    serde_json::Number::from_f64(x).map(Value::Number).unwrap_or_else(|| Value::String(x.to_string()))
}

fn config_json(c: &FuzzConfig) -> Value {
    let mut top = Map::new();
    let mut fc = Map::new();
    let mut vars = Map::new();
    if let Some(t) = &c.theme {
        top.insert("theme".into(), json!(theme_name(t)));
    }
    if let Some(x) = c.font_size {
        top.insert("fontSize".into(), number(x));
    }
    for (key, v) in [("fontFamily", &c.font_family), ("themeCSS", &c.theme_css), ("look", &c.look)] {
        if let Some(s) = v {
            top.insert(key.into(), json!(s));
        }
    }
    if let Some(seed) = c.hand_drawn_seed {
        top.insert("look".into(), json!("handDrawn"));
        top.insert("handDrawnSeed".into(), json!(seed));
    }
    if let Some(s) = &c.primary_color {
        vars.insert("primaryColor".into(), json!(s));
    }
    if let Some(s) = &c.line_color {
        vars.insert("lineColor".into(), json!(s));
    }
    if let Some(b) = c.html_labels {
        top.insert("htmlLabels".into(), json!(b));
    }
    if let Some(b) = c.markdown_auto_wrap {
        top.insert("markdownAutoWrap".into(), json!(b));
    }
    if let Some(cv) = &c.curve {
        let name = match cv {
            Curve::Basis => "basis",
            Curve::Linear => "linear",
            Curve::Step => "step",
            Curve::StepBefore => "stepBefore",
            Curve::StepAfter => "stepAfter",
            Curve::MonotoneX => "monotoneX",
            Curve::MonotoneY => "monotoneY",
            Curve::Cardinal => "cardinal",
            Curve::CatmullRom => "catmullRom",
            Curve::Natural => "natural",
            Curve::BumpX => "bumpX",
            Curve::BumpY => "bumpY",
            Curve::Rounded => "rounded",
            Curve::Other(s) => s.as_str(),
        };
        fc.insert("curve".into(), json!(name));
    }
    for (key, v) in [
        ("nodeSpacing", c.node_spacing),
        ("rankSpacing", c.rank_spacing),
        ("padding", c.padding),
        ("diagramPadding", c.diagram_padding),
        ("wrappingWidth", c.wrapping_width),
        ("titleTopMargin", c.title_top_margin),
    ] {
        if let Some(x) = v {
            fc.insert(key.into(), number(x));
        }
    }
    if let Some(x) = c.sub_title_top {
        fc.insert("subGraphTitleMargin".into(), json!({ "top": number(x) }));
    }
    if let Some(b) = c.use_max_width {
        fc.insert("useMaxWidth".into(), json!(b));
    }
    if !vars.is_empty() {
        top.insert("themeVariables".into(), Value::Object(vars));
    }
    if !fc.is_empty() {
        top.insert("flowchart".into(), Value::Object(fc));
    }
    Value::Object(top)
}

fuzz_target!(|input: Input| {
    let mut options = Options::default();
    // Unknown names are an error of `Theme::from_str`, tested elsewhere.
    options.theme = input.theme.as_ref().and_then(|t| theme_name(t).parse().ok());
    if input.neo {
        options.look = Some(mmdflow::Look::Neo);
    }
    if let Some(l) = &input.limits {
        let d = Limits::default();
        options.limits = Limits {
            max_input_bytes: l.input_bytes.map_or(d.max_input_bytes, usize::from),
            max_nodes: l.nodes.map_or(d.max_nodes, usize::from),
            max_edges: l.edges.map_or(d.max_edges, usize::from),
            max_nesting: l.nesting.map_or(d.max_nesting, usize::from),
            max_label_chars: l.label_chars.map_or(d.max_label_chars, usize::from),
            ..d
        };
    }
    if let Some(c) = &input.config {
        options.config = DiagramConfig::from_json(&config_json(c)).0;
    }
    if let Some(raw) = &input.raw_config {
        if let Ok(v) = serde_json::from_str::<Value>(raw) {
            options.config.merge(&DiagramConfig::from_json(&v).0);
        }
    }
    options.svg_id = input.svg_id;
    options.css = input.css;
    options.background = input.background;

    let mut source = input.source.clone();
    let mut vars = Map::new();
    for (to, value) in input.values.iter().take(16) {
        let v = value.text();
        let prop = |i: &u8| STYLE_PROPS[*i as usize % STYLE_PROPS.len()];
        match to {
            ValueUse::Variable(k) => {
                vars.insert(VAR_KEYS[*k as usize % VAR_KEYS.len()].to_string(), json!(v));
            }
            ValueUse::FontFamily => options.config.font_family = Some(v),
            ValueUse::ThemeCss => options.config.theme_css = Some(v),
            ValueUse::Css => options.css = Some(v),
            ValueUse::Style(i) => source.push_str(&format!("\nstyle A {}:{v}", prop(i))),
            ValueUse::ClassDef(i) => source.push_str(&format!("\nclassDef c {}:{v}\nclass A c", prop(i))),
            ValueUse::LinkStyle(i) => source.push_str(&format!("\nlinkStyle default {}:{v}", prop(i))),
        }
    }
    if !vars.is_empty() {
        // Through the reader (as -c would) and by hand (as a library caller
        // may), so both the warning path and the render-time filter are hit.
        let raw = json!({ "themeVariables": Value::Object(vars.clone()) });
        options.config.merge(&DiagramConfig::from_json(&raw).0);
        for (k, v) in &vars {
            if let Some(s) = v.as_str() {
                options.config.theme_variables.insert(k.clone(), s.to_string());
            }
        }
    }

    let source = source.as_str();
    let svg = mmdflow::render_svg(source, &options);
    match &svg {
        Ok(s) => {
            let problems = svg_check::svg_problems(s);
            assert!(problems.is_empty(), "unsafe SVG: {problems:?}");
        }
        Err(e) => {
            let _ = e.to_string();
            let input_error = matches!(
                e.kind(),
                ErrorKind::Syntax | ErrorKind::Semantic | ErrorKind::UnsupportedDiagram | ErrorKind::Encoding | ErrorKind::Config
            );
            assert!(!input_error || e.line().is_some(), "input error without a position: {e:?}");
        }
    }
    let json = mmdflow::render_json(source, &options);
    assert_eq!(svg.is_ok(), json.is_ok(), "svg and json disagree: {:?} vs {:?}", svg.err(), json.err());
    if let Ok(j) = json {
        serde_json::from_str::<Value>(&j).expect("layout JSON parses");
    }
});
