//! The whole SVG pipeline with fuzzed options: theme, limits, config (typed
//! fields and raw JSON), svg id, extra CSS. The output must be well-formed,
//! safe SVG (the same oracle as tests/hostile.rs) and the layout JSON must
//! parse.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mmdflow::{DiagramConfig, ErrorKind, Limits, Options};
use serde_json::{json, Map, Value};

#[path = "../../tests/hostile_support/svg_check.rs"]
mod svg_check;

#[derive(Arbitrary, Debug)]
enum Theme {
    Default,
    Dark,
    Forest,
    Neutral,
    Base,
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

#[derive(Arbitrary, Debug)]
struct Input {
    theme: Option<Theme>,
    limits: Option<FuzzLimits>,
    config: Option<FuzzConfig>,
    raw_config: Option<String>,
    svg_id: Option<String>,
    css: Option<String>,
    background: Option<String>,
    source: String,
}

fn theme_name(t: &Theme) -> String {
    match t {
        Theme::Default => "default".into(),
        Theme::Dark => "dark".into(),
        Theme::Forest => "forest".into(),
        Theme::Neutral => "neutral".into(),
        Theme::Base => "base".into(),
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
    if let Some(l) = &input.limits {
        let d = Limits::default();
        options.limits = Limits {
            max_input_bytes: l.input_bytes.map_or(d.max_input_bytes, usize::from),
            max_nodes: l.nodes.map_or(d.max_nodes, usize::from),
            max_edges: l.edges.map_or(d.max_edges, usize::from),
            max_nesting: l.nesting.map_or(d.max_nesting, usize::from),
            max_label_chars: l.label_chars.map_or(d.max_label_chars, usize::from),
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

    let source = input.source.as_str();
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
