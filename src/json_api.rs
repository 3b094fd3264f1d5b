//! The library as one call taking and returning JSON text: what the
//! JavaScript package (`npm/`) sends across the WebAssembly boundary.
//!
//! Contract: [`call`] never fails and never panics on any request; every
//! problem, a bad request included, comes back as an `error` object. The
//! reply of a request is the same on every machine (no clock, no
//! randomness), and its `svg` is byte-identical to [`crate::render_svg`]'s
//! with the same options. The WebAssembly exports (`wasm` module) only move
//! bytes; everything they carry is decided here, in safe code that
//! `cargo test` checks natively, without the wasm target. [`call_split`]
//! gives the same reply with the drawing apart, as the WebAssembly host
//! takes it.
//!
//! A request:
//!
//! ```json
//! { "call": "render", "text": "graph TD\n  A --> B",
//!   "options": { "theme": "forest", "look": "neo", "darkTheme": "dark",
//!                "svgId": "fig-1", "css": ".node rect { rx: 4px }",
//!                "config": { "flowchart": { "curve": "linear" } } } }
//! ```
//!
//! `call` is `render` (reply `{ "svg", "warnings" }`), `layout` (reply
//! `{ "layout", "warnings" }`, the layout JSON of `mmdflow -e json` as an
//! object) or `check` (reply `{ "warnings" }`: parsed, not laid out). A
//! failure replies `{ "error": { "kind", "message", "line", "column",
//! "report" }, "warnings" }`, `line` and `column` (from 1, columns in
//! characters) present when the problem has a place in the text.
//!
//! ```
//! let reply = mmdflow::json_api::call(r#"{"call":"check","text":"graph TD\n  A => B"}"#);
//! let reply: serde_json::Value = serde_json::from_str(&reply).unwrap();
//! assert_eq!(reply["error"]["line"], 2);
//! ```

use crate::{Error, ErrorKind, Look, Options, SourceWarning, Theme};
use serde::Serialize;
use serde_json::{Map, Value};

/// Longest `svgId`, as the CLI's `--svgId`: the prefix is repeated in every
/// id of the SVG.
const MAX_SVG_ID_CHARS: usize = 100;

/// The option names a request may carry, in the order the error lists them.
const OPTION_NAMES: [&str; 6] = ["theme", "look", "darkTheme", "config", "svgId", "css"];

/// Runs one request (see the module documentation) and returns its reply.
pub fn call(request: &str) -> String {
    call_split(request.as_bytes()).joined()
}

/// A reply in two parts: its JSON without the drawing, and the drawing as
/// text of its own. The WebAssembly host takes them so: an SVG of a few
/// hundred kilobytes then crosses as it is, not escaped into JSON and parsed
/// back out (a twentieth of a 200-node render's time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitReply {
    /// The reply without `svg` or `layout`.
    pub json: String,
    /// What a `render` or `layout` made, when it made something.
    pub drawing: Option<Drawing>,
}

/// What a call made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drawing {
    /// A `render`'s SVG document, the reply's `svg`.
    Svg(String),
    /// A `layout`'s layout JSON, the reply's `layout`.
    Layout(String),
}

impl SplitReply {
    /// The whole reply, as [`call`] gives it.
    pub fn joined(self) -> String {
        let mut json = self.json;
        let Some(drawing) = self.drawing else { return json };
        // The JSON always holds `warnings`, so it ends with `}` after a
        // member.
        json.pop();
        match drawing {
            Drawing::Svg(svg) => {
                json.push_str(",\"svg\":");
                json.push_str(&serde_json::to_string(&svg).expect("a string always serializes"));
            }
            // The layout is JSON text already: spliced in, not parsed and
            // printed again.
            Drawing::Layout(layout) => {
                json.push_str(",\"layout\":");
                json.push_str(layout.trim_end());
            }
        }
        json.push('}');
        json
    }
}

/// [`call`] for a request in bytes, as the WebAssembly host hands it over,
/// with the reply in two parts. Bytes that are not UTF-8 get an error reply
/// like any other bad request.
pub fn call_split(request: &[u8]) -> SplitReply {
    let reply = match std::str::from_utf8(request) {
        Err(_) => Reply::failed(&Error::new(ErrorKind::Encoding, "the request is not UTF-8"), Vec::new()),
        Ok(request) => match Request::read(request) {
            Ok(request) => request.run(),
            Err(error) => Reply::failed(&error, Vec::new()),
        },
    };
    reply.split()
}

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    Render,
    Layout,
    Check,
}

/// A request read and checked: the call, the diagram and the options.
struct Request {
    call: Call,
    text: String,
    options: Options,
    /// Config keys the options' `config` could not use.
    warnings: Vec<SourceWarning>,
}

impl Request {
    fn read(request: &str) -> Result<Request, Error> {
        let bad = |message: String| Error::new(ErrorKind::Config, message);
        let value: Value = serde_json::from_str(request).map_err(|e| bad(format!("the request is not JSON: {e}")))?;
        let Value::Object(fields) = value else { return Err(bad("the request is not a JSON object".into())) };
        let call = match fields.get("call").and_then(Value::as_str) {
            Some("render") => Call::Render,
            Some("layout") => Call::Layout,
            Some("check") => Call::Check,
            _ => return Err(bad("'call' must be \"render\", \"layout\" or \"check\"".into())),
        };
        let Some(Value::String(text)) = fields.get("text") else { return Err(bad("the diagram text must be a string".into())) };
        let mut warnings = Vec::new();
        let options = match fields.get("options") {
            None | Some(Value::Null) => Options::default(),
            Some(Value::Object(given)) => read_options(given, &mut warnings)?,
            Some(_) => return Err(bad("options must be an object".into())),
        };
        Ok(Request { call, text: text.clone(), options, warnings })
    }

    fn run(self) -> Reply {
        let Request { call, text, options, mut warnings } = self;
        let chart = match crate::parse(&text, &options) {
            Ok(chart) => chart,
            Err(error) => return Reply::failed(&error, warnings),
        };
        warnings.extend(chart.warnings.iter().map(|w| w.locate(&text)));
        if call == Call::Check {
            return Reply { warnings, ..Reply::default() };
        }
        let placed = match crate::layout(&chart, &options) {
            Ok(placed) => placed,
            Err(error) => return Reply::failed(&error, warnings),
        };
        match call {
            Call::Render => Reply { drawing: Some(Drawing::Svg(crate::render::svg::write(&placed, &options))), warnings, ..Reply::default() },
            Call::Layout => Reply { drawing: Some(Drawing::Layout(placed.to_json())), warnings, ..Reply::default() },
            Call::Check => unreachable!("answered before the layout"),
        }
    }
}

/// The library options from the request's `options` object. An unknown
/// name or a value of the wrong type is an error (a misspelt theme should
/// not quietly draw the default one); config keys mmdflow does not use are
/// warnings, as the CLI's `-c` file gives.
fn read_options(given: &Map<String, Value>, warnings: &mut Vec<SourceWarning>) -> Result<Options, Error> {
    let bad = |message: String| Error::new(ErrorKind::Config, message);
    let text = |name: &str, value: &Value| match value {
        Value::String(s) => Ok(s.clone()),
        _ => Err(bad(format!("option '{name}' must be a string"))),
    };
    let mut options = Options::default();
    let mut look = None;
    for (name, value) in given {
        if value.is_null() {
            continue;
        }
        match name.as_str() {
            "theme" => options.theme = Some(text(name, value)?.parse::<Theme>()?),
            "darkTheme" => options.dark_theme = Some(text(name, value)?.parse::<Theme>()?),
            "look" => look = Some(text(name, value)?.parse::<Look>()?),
            "svgId" => {
                let id = text(name, value)?;
                if id.chars().count() > MAX_SVG_ID_CHARS {
                    return Err(bad(format!("option 'svgId' has more than {MAX_SVG_ID_CHARS} characters")));
                }
                options.svg_id = Some(id);
            }
            "css" => options.css = Some(text(name, value)?),
            "config" => {
                if !value.is_object() {
                    return Err(bad("option 'config' must be an object (a mermaid config)".into()));
                }
                let (config, ignored) = crate::DiagramConfig::from_json(value);
                options.config = config;
                warnings.extend(ignored.iter().map(|i| SourceWarning { message: format!("options.config: {i}"), line: None, column: None }));
            }
            _ => return Err(bad(format!("unknown option '{}' (expected {})", name.escape_debug(), OPTION_NAMES.join(", ")))),
        }
    }
    // `look` is the site's look, as `config.look` is: the diagram's own
    // front matter or directive still wins.
    if look.is_some() {
        options.config.look = look;
    }
    Ok(options)
}

/// A reply; absent parts are left out of the JSON.
#[derive(Debug, Default, Serialize)]
struct Reply {
    /// Joined to the JSON by [`SplitReply::joined`], or not.
    #[serde(skip)]
    drawing: Option<Drawing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorReply>,
    #[serde(serialize_with = "warnings_json")]
    warnings: Vec<SourceWarning>,
}

#[derive(Debug, Serialize)]
struct ErrorReply {
    kind: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    /// The message with the source line and a caret under the problem, as
    /// the CLI prints it.
    report: String,
}

#[derive(Debug, Serialize)]
struct WarningReply<'w> {
    message: &'w str,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
}

impl Reply {
    fn failed(error: &Error, warnings: Vec<SourceWarning>) -> Reply {
        let error = ErrorReply {
            kind: kind_name(error.kind()),
            message: error.message().to_string(),
            line: error.line(),
            column: error.column(),
            report: error.to_string(),
        };
        Reply { error: Some(error), warnings, ..Reply::default() }
    }

    fn split(mut self) -> SplitReply {
        let drawing = self.drawing.take();
        SplitReply { json: serde_json::to_string(&self).expect("a reply holds only strings and numbers"), drawing }
    }
}

/// A warning as the reply carries it: `line` and `column` only when it has
/// a place.
fn warnings_json<S: serde::Serializer>(warnings: &[SourceWarning], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(warnings.iter().map(|w| WarningReply { message: &w.message, line: w.line, column: w.column }))
}

/// Error kinds by the names the JavaScript error's `kind` carries.
fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Syntax => "syntax",
        ErrorKind::Semantic => "semantic",
        ErrorKind::UnsupportedDiagram => "unsupportedDiagram",
        ErrorKind::LimitExceeded => "limitExceeded",
        ErrorKind::Encoding => "encoding",
        ErrorKind::Config => "config",
        ErrorKind::Render => "render",
        ErrorKind::Io => "io",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "graph TD;\n    A[Start] --> B{Condition?};\n    B -- Yes --> C[Do something];\n";

    fn reply(request: Value) -> Value {
        serde_json::from_str(&call(&request.to_string())).expect("every reply is JSON")
    }

    fn render(text: &str, options: Value) -> Value {
        reply(serde_json::json!({ "call": "render", "text": text, "options": options }))
    }

    #[test]
    fn render_gives_the_libraries_svg() {
        let got = render(SEED, serde_json::json!({}));
        assert_eq!(got["svg"], crate::render_svg(SEED, &Options::default()).unwrap());
        assert_eq!(got["warnings"], serde_json::json!([]));
        assert!(got.get("error").is_none());
    }

    #[test]
    fn options_reach_the_library() {
        let got = render(SEED, serde_json::json!({ "theme": "forest", "darkTheme": "dark", "svgId": "fig", "css": "a{}" }));
        let options = Options {
            theme: Some(Theme::Forest),
            dark_theme: Some(Theme::Dark),
            svg_id: Some("fig".into()),
            css: Some("a{}".into()),
            ..Options::default()
        };
        assert_eq!(got["svg"], crate::render_svg(SEED, &options).unwrap());
    }

    #[test]
    fn look_is_the_sites_look_and_config_is_the_sites_config() {
        let got = render(SEED, serde_json::json!({ "look": "neo", "config": { "flowchart": { "curve": "linear" } } }));
        let (mut config, _) = crate::DiagramConfig::from_json(&serde_json::json!({ "flowchart": { "curve": "linear" } }));
        config.look = Some(Look::Neo);
        assert_eq!(got["svg"], crate::render_svg(SEED, &Options { config, ..Options::default() }).unwrap());
        // The diagram's own front matter beats the option.
        let own = "---\nconfig:\n  look: classic\n---\ngraph TD\n  A --> B\n";
        assert_eq!(render(own, serde_json::json!({ "look": "neo" }))["svg"], render(own, serde_json::json!({}))["svg"]);
    }

    #[test]
    fn unused_config_keys_are_warnings_without_a_place() {
        let got = render(SEED, serde_json::json!({ "config": { "flowchart": { "wobble": 1 } } }));
        let warnings = got["warnings"].as_array().unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0]["message"].as_str().unwrap().starts_with("options.config: config key 'flowchart.wobble' ignored"));
        assert!(warnings[0].get("line").is_none());
    }

    #[test]
    fn a_syntax_error_has_its_line_column_and_report() {
        let got = render("graph TD\n  A --> B\n  B => C\n", serde_json::json!(null));
        let error = &got["error"];
        assert_eq!((error["kind"].as_str(), error["line"].as_u64(), error["column"].as_u64()), (Some("syntax"), Some(3), Some(5)));
        assert!(error["report"].as_str().unwrap().starts_with("3:5: error: "));
        assert!(error["report"].as_str().unwrap().contains("3 |   B => C"));
        assert!(got.get("svg").is_none());
    }

    #[test]
    fn check_parses_only_and_places_warnings() {
        let got = reply(serde_json::json!({ "call": "check", "text": "graph TD\n  A --> B\n  style A fill:red,wobble:3\n" }));
        assert_eq!(got.as_object().unwrap().len(), 1, "only warnings: {got}");
        assert_eq!(got["warnings"][0]["line"], 3);
        assert_eq!(got["warnings"][0]["column"], 3);
    }

    #[test]
    fn layout_is_the_layout_json_as_an_object() {
        let got = reply(serde_json::json!({ "call": "layout", "text": SEED }));
        let chart = crate::parse(SEED, &Options::default()).unwrap();
        let expected: Value = serde_json::from_str(&crate::layout(&chart, &Options::default()).unwrap().to_json()).unwrap();
        assert_eq!(got["layout"], expected);
        assert_eq!(got["warnings"], serde_json::json!([]));
    }

    #[test]
    fn bad_requests_are_error_replies() {
        for (request, says) in [
            ("", "not JSON"),
            ("[]", "not a JSON object"),
            (r#"{"call":"draw","text":""}"#, "'call' must be"),
            (r#"{"call":"render"}"#, "text must be a string"),
            (r#"{"call":"render","text":"","options":3}"#, "options must be an object"),
            (r#"{"call":"render","text":"","options":{"theme":"forrest"}}"#, "unknown theme 'forrest'"),
            (r#"{"call":"render","text":"","options":{"look":7}}"#, "option 'look' must be a string"),
            (r#"{"call":"render","text":"","options":{"colour":"red"}}"#, "unknown option 'colour' (expected theme, look,"),
            (r#"{"call":"render","text":"","options":{"config":[]}}"#, "option 'config' must be an object"),
        ] {
            let got: Value = serde_json::from_str(&call(request)).unwrap();
            let message = got["error"]["message"].as_str().unwrap_or_default();
            assert!(message.contains(says), "{request}: {got}");
            assert_eq!(got["error"]["kind"], "config", "{request}");
        }
        let long_id = serde_json::json!({ "svgId": "x".repeat(MAX_SVG_ID_CHARS + 1) });
        assert!(render(SEED, long_id)["error"]["message"].as_str().unwrap().contains("more than 100"));
        let got: Value = serde_json::from_str(&call_split(b"{\"call\":\"render\",\"text\":\"\xff\"}").joined()).unwrap();
        assert_eq!(got["error"]["kind"], "encoding");
    }

    #[test]
    fn a_split_reply_carries_the_drawing_as_it_is() {
        let request = serde_json::json!({ "call": "render", "text": SEED }).to_string();
        let split = call_split(request.as_bytes());
        assert_eq!(split.json, r#"{"warnings":[]}"#);
        assert_eq!(split.drawing, Some(Drawing::Svg(crate::render_svg(SEED, &Options::default()).unwrap())));
        let request = serde_json::json!({ "call": "layout", "text": SEED }).to_string();
        assert!(matches!(call_split(request.as_bytes()).drawing, Some(Drawing::Layout(json)) if json.contains("\"direction\":\"TB\"")));
        let failed = call_split(br#"{"call":"render","text":"graph TD\n  A => B"}"#);
        assert!(failed.json.starts_with(r#"{"error":{"kind":"syntax""#) && failed.drawing.is_none());
    }

    #[test]
    fn null_options_mean_defaults() {
        assert_eq!(render(SEED, serde_json::json!({ "theme": null }))["svg"], render(SEED, serde_json::json!({}))["svg"]);
    }
}
