//! Issue 16, library side: hostile configuration values on every path into
//! the SVG's CSS (themeVariables from front matter, `%%{init}%%` and the site
//! config; classDef, style and linkStyle; fontFamily; themeCSS; the caller's
//! CSS), numbers out of range, entity placeholders in click URLs, and the
//! amplification cases that the layout must refuse or finish within its
//! budgets (judged by outcome, never by time).

mod hostile_support;

use hostile_support::svg_check::{css_problems, number_problems, svg_problems};
use mmdflow::{DiagramConfig, ErrorKind, Options};

/// Values that are not colours, each a way out of a CSS value.
const HOSTILE_VALUES: &[&str] = &[
    "url(http://evil.example/a)",
    "URL(http://evil.example/a)",
    "red;cursor:url(http://evil.example/c.cur),auto",
    "url(https://evil.example/m#x)",
    "image-set(\"http://evil.example/i.png\" 1x)",
    "expression(alert(1))",
    "javascript:alert(1)",
    "url(file:///etc/passwd)",
    "\\75rl(http://evil.example/e)",
    "\\55 RL(http://evil.example/e)",
    "red} .x{fill:url(http://evil.example/b)",
    "#fff\" onload=\"alert(1)",
    "red</style><script>alert(1)</script>",
    "rgb(1,2,3) url(http://evil.example/r)",
    "var(--evil)",
];

/// Theme variables that reach the drawing, directly or through a theme's
/// derivation (border1 → nodeBorder, primaryColor → mainBkg in `base`, ...).
const COLOUR_KEYS: &[&str] = &[
    "mainBkg", "lineColor", "nodeBorder", "clusterBkg", "clusterBorder", "edgeLabelBackground", "nodeTextColor", "textColor",
    "titleColor", "border1", "border2", "mainContrastColor", "text", "primaryColor", "primaryBorderColor", "primaryTextColor",
    "secondaryColor", "tertiaryColor", "background", "labelBackground", "secondBkg", "contrast", "arrowheadColor",
];

const THEMES: &[&str] = &["default", "dark", "forest", "neutral", "base"];

const DIAGRAM: &str = "flowchart TD\n  subgraph S[Title]\n    A -->|label| B\n  end\n  B --> C((C))\n  click A \"https://example.com/a\"\n";

fn assert_clean(svg: &str, what: &str) {
    let problems = svg_problems(svg);
    assert!(problems.is_empty(), "{what}: {problems:?}");
    let lower = svg.to_ascii_lowercase();
    for needle in ["evil.example", "javascript:", "expression(", "image-set(", "var(--", "\u{FB02}\u{B0}"] {
        assert!(!lower.contains(needle), "{what}: output contains {needle:?}");
    }
}

fn init(vars: &str, theme: &str) -> String {
    format!("%%{{init: {{\"theme\": \"{theme}\", \"themeVariables\": {{{vars}}}}}}}%%\n{DIAGRAM}")
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[test]
fn theme_variables_must_be_colours_on_every_path() {
    for theme in THEMES {
        for value in HOSTILE_VALUES {
            let what = format!("{theme} = {value}");
            // %%{init}%%: every key refused, each with a warning naming it.
            let vars: Vec<String> = COLOUR_KEYS.iter().map(|k| format!("{}: {}", json_str(k), json_str(value))).collect();
            let src = init(&vars.join(", "), theme);
            let chart = mmdflow::parse(&src, &Options::default()).unwrap_or_else(|e| panic!("{what}: {e}"));
            for key in COLOUR_KEYS {
                assert!(
                    chart.warnings.iter().any(|w| w.message.contains(&format!("'themeVariables.{key}'")) && w.message.contains("not a CSS colour")),
                    "{what}: no warning for {key}: {:?}",
                    chart.warnings
                );
            }
            assert_clean(&mmdflow::render_svg(&src, &Options::default()).unwrap(), &format!("init {what}"));
            // Front matter.
            let lines: Vec<String> = COLOUR_KEYS.iter().map(|k| format!("    {k}: {}", json_str(value))).collect();
            let fm = format!("---\nconfig:\n  theme: {theme}\n  themeVariables:\n{}\n---\n{DIAGRAM}", lines.join("\n"));
            assert_clean(&mmdflow::render_svg(&fm, &Options::default()).unwrap(), &format!("front matter {what}"));
            // Site config (-c).
            let vars: serde_json::Map<String, serde_json::Value> = COLOUR_KEYS.iter().map(|k| (k.to_string(), serde_json::json!(value))).collect();
            let (config, ignored) = DiagramConfig::from_json(&serde_json::json!({ "theme": theme, "themeVariables": vars }));
            assert_eq!(ignored.len(), COLOUR_KEYS.len(), "{what}: {ignored:?}");
            let options = Options { config, ..Options::default() };
            assert_clean(&mmdflow::render_svg(DIAGRAM, &options).unwrap(), &format!("config {what}"));
        }
    }
}

#[test]
fn hand_built_configs_are_filtered_at_render_time_too() {
    // DiagramConfig's fields are public: a caller can skip from_json.
    // (`var(--x)` is no colour, but harmless in a free-form style sheet,
    // which themeCSS is.)
    for value in HOSTILE_VALUES.iter().filter(|v| !v.starts_with("var(")) {
        let mut config = DiagramConfig { theme: Some(mmdflow::Theme::Base), ..DiagramConfig::default() };
        for key in COLOUR_KEYS {
            config.theme_variables.insert(key.to_string(), value.to_string());
        }
        config.font_family = Some(format!("x;{value}"));
        config.theme_css = Some(format!(".a{{fill:{value}}}"));
        let options = Options { config, ..Options::default() };
        assert_clean(&mmdflow::render_svg(DIAGRAM, &options).unwrap(), value);
    }
}

#[test]
fn good_colours_still_apply() {
    let src = init("\"mainBkg\": \"rgb(1, 2, 3)\", \"lineColor\": \"RebeccaPurple\", \"nodeBorder\": \"#abcdef80\"", "default");
    let svg = mmdflow::render_svg(&src, &Options::default()).unwrap();
    assert!(svg.contains("fill:rgb(1, 2, 3)"), "{svg}");
    assert!(svg.contains("stroke:RebeccaPurple"));
    assert!(svg.contains("stroke:#abcdef80"));
}

#[test]
fn style_statements_take_only_what_their_property_takes() {
    for value in HOSTILE_VALUES {
        // Values with a `;` or a newline end the statement early in the
        // grammar; what is left must still be refused or be harmless.
        let v = value.replace(['\n'], " ");
        for stmt in [
            format!("  style A fill:{v}"),
            format!("  classDef hot stroke:{v}\n  class B hot"),
            format!("  linkStyle 0 stroke:{v}"),
            format!("  linkStyle default stroke:{v}"),
            format!("  style A color:{v}"),
        ] {
            let src = format!("{DIAGRAM}{stmt}\n");
            if let Ok(svg) = mmdflow::render_svg(&src, &Options::default()) {
                assert_clean(&svg, &stmt);
            }
        }
    }
}

#[test]
fn style_sheets_from_themecss_and_the_caller_are_gated() {
    // `var(--x)` fetches nothing: a style sheet may use it.
    for value in HOSTILE_VALUES.iter().filter(|v| !v.starts_with("var(")) {
        let sheet = format!(".node rect {{ fill: {value}; }}");
        let options = Options { css: Some(sheet.clone()), ..Options::default() };
        assert_clean(&mmdflow::render_svg(DIAGRAM, &options).unwrap(), &sheet);
        let src = format!("%%{{init: {{\"themeCSS\": {}}}}}%%\n{DIAGRAM}", json_str(&sheet));
        assert_clean(&mmdflow::render_svg(&src, &Options::default()).unwrap(), &sheet);
    }
    // A harmless sheet is kept, scoped to the diagram's id (issue 12: an
    // inlined SVG's rules cannot restyle the page around it).
    let options = Options { css: Some(".node rect { stroke-width: 3px; }".into()), ..Options::default() };
    let svg = mmdflow::render_svg(DIAGRAM, &options).unwrap();
    let id = &svg[svg.find(" id=\"").unwrap() + 5..];
    let id = &id[..id.find('"').unwrap()];
    assert!(svg.contains(&format!("#{id} .node rect{{ stroke-width: 3px; }}")), "{svg}");
}

#[test]
fn font_families_with_markup_stay_well_formed() {
    for family in ["A&B", "Fira & Co, sans-serif", "x<y>", "\"a\" & 'b'", "a\u{1}b", "&amp;&lt;", "Ω & ß"] {
        let as_json = json_str(family);
        let sources = [
            format!("%%{{init: {{\"fontFamily\": {as_json}}}}}%%\n{DIAGRAM}"),
            format!("%%{{init: {{\"themeVariables\": {{\"fontFamily\": {as_json}}}}}}}%%\n{DIAGRAM}"),
            format!("---\nconfig:\n  fontFamily: {as_json}\n---\n{DIAGRAM}"),
        ];
        for src in &sources {
            assert_clean(&mmdflow::render_svg(src, &Options::default()).unwrap(), src);
        }
        let (config, _) = DiagramConfig::from_json(&serde_json::json!({ "fontFamily": family }));
        assert_clean(&mmdflow::render_svg(DIAGRAM, &Options { config, ..Options::default() }).unwrap(), family);
    }
}

#[cfg(feature = "png")]
#[test]
fn font_family_with_an_ampersand_still_draws_a_png() {
    let src = format!("%%{{init: {{\"fontFamily\": \"A&B\"}}}}%%\n{DIAGRAM}");
    let png = mmdflow::render_png(&src, &Options::default()).unwrap();
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn numbers_are_finite_and_bounded() {
    let cases = [
        "\"fontSize\": \"1e308\"",
        "\"fontSize\": 1e308",
        "\"fontSize\": -1e308",
        "\"fontSize\": \"1e-300\"",
        "\"flowchart\": {\"subGraphTitleMargin\": {\"top\": 1e308, \"bottom\": 1e308}}",
        "\"flowchart\": {\"nodeSpacing\": 1e308, \"rankSpacing\": 1e308}",
        "\"flowchart\": {\"padding\": 1e300, \"diagramPadding\": 1e300}",
        "\"flowchart\": {\"wrappingWidth\": 1e-300, \"titleTopMargin\": -1e308}",
        "\"themeVariables\": {\"fontSize\": \"1e308px\", \"strokeWidth\": \"1e308\"}",
    ];
    for case in cases {
        let src = format!("---\ntitle: T\n---\n%%{{init: {{{case}}}}}%%\n{DIAGRAM}");
        let chart = mmdflow::parse(&src, &Options::default()).unwrap();
        assert!(!chart.warnings.is_empty(), "{case}: an out-of-range setting warns");
        let svg = mmdflow::render_svg(&src, &Options::default()).unwrap();
        assert_clean(&svg, case);
        let json = mmdflow::render_json(&src, &Options::default()).unwrap();
        assert!(!json.contains("inf") && !json.contains("NaN"), "{case}");
    }
    // Hand-built configs bypass the reader's ranges: the writer still prints
    // finite, bounded numbers.
    let mut config = DiagramConfig::default();
    config.font_size = Some(1e308);
    config.flowchart.subgraph_title_margin_top = Some(1e308);
    config.flowchart.node_spacing = Some(1e300);
    let svg = mmdflow::render_svg(DIAGRAM, &Options { config, ..Options::default() }).unwrap();
    assert_clean(&svg, "hand-built huge numbers");
}

#[test]
fn entity_placeholders_never_reach_urls() {
    let src = "flowchart TD\n  A --> B\n  click A \"https://example.com/page#intro;v=2\"\n  click B href \"docs/a#x;y#35;z\" _blank\n";
    let svg = mmdflow::render_svg(src, &Options::default()).unwrap();
    assert!(svg.contains("href=\"https://example.com/page#intro;v=2\""), "{svg}");
    assert!(svg.contains("href=\"docs/a#x;y#35;z\""), "{svg}");
    assert!(!svg.contains('\u{FB02}') && !svg.contains('\u{B6}'), "placeholder characters leaked");
    let chart = mmdflow::parse(src, &Options::default()).unwrap();
    match &chart.nodes[0].click {
        Some(mmdflow::flowchart::ClickAction::Link { url, .. }) => assert_eq!(url, "https://example.com/page#intro;v=2"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_oracle_sees_through_case_and_escapes() {
    assert!(!css_problems("fill:URL(http://e)").is_empty());
    assert!(!css_problems("fill:\\75rl(http://e)").is_empty());
    let bad = "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect fill=\"URL(http://e/x)\" width=\"inf\"/></svg>";
    assert_eq!(svg_problems(bad).len(), 2, "{:?}", svg_problems(bad));
    assert!(!number_problems("M0,0L1e300,0").is_empty());
}

// ---- Amplification: refused with a limit error, or finished. ----

fn complete(n: usize) -> String {
    let names: Vec<String> = (0..n).map(|i| format!("a{i}")).collect();
    let names = names.join(" & ");
    format!("flowchart TD\n  {names} --> {names}\n")
}

fn chain_with_spans(n: usize) -> String {
    let mut s = String::from("flowchart TD\n");
    for i in 0..n - 1 {
        s.push_str(&format!("  n{i} --> n{}\n", i + 1));
    }
    for i in 0..n {
        s.push_str(&format!("  n{} --> n{}\n", i % 10, n - 10 + i % 10));
    }
    s
}

fn assert_layered_limit(src: &str, what: &str) {
    let e = mmdflow::render_svg(src, &Options::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{what}: {e}");
    assert!(e.message().contains("layered nodes"), "{what}: {e}");
    let e = mmdflow::render_json(src, &Options::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{what}: {e}");
}

#[test]
fn complete_graphs_from_one_line_are_refused_before_layout() {
    assert_layered_limit(&complete(140), "K140");
    assert_layered_limit(&complete(60), "K60");
    // Small complete graphs are fine.
    assert_clean(&mmdflow::render_svg(&complete(8), &Options::default()).unwrap(), "K8");
}

#[test]
fn chains_crossed_by_long_edges_are_refused_before_layout() {
    assert_layered_limit(&chain_with_spans(1000), "chain 1000");
    assert_layered_limit(&chain_with_spans(3000), "chain 3000");
    // The limit is the caller's: raised, a medium case lays out.
    let mut options = Options::default();
    options.limits.max_layered_nodes = 1_000_000;
    assert!(mmdflow::render_json(&chain_with_spans(100), &options).is_ok());
}

#[test]
fn json_points_are_bounded() {
    let a: Vec<String> = (0..100).map(|i| format!("a{i}")).collect();
    let b: Vec<String> = (0..100).map(|i| format!("b{i}")).collect();
    let src = format!("flowchart TD\n  {} --> {}\n", a.join(" & "), b.join(" & "));
    let json = mmdflow::render_json(&src, &Options::default()).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let points: usize = value["edges"].as_array().unwrap().iter().map(|e| e["points"].as_array().unwrap().len()).sum();
    // 400,000 for the sampled curves plus each cubic's own end point.
    assert!(points < 500_000, "{points} points");
    assert!(value["edges"].as_array().unwrap().iter().all(|e| e["points"].as_array().unwrap().len() >= 2));
}

#[test]
fn tiny_dashes_are_refused() {
    let mut src = String::from("flowchart TD\n");
    for i in 0..20 {
        src.push_str(&format!("  n{i} --> n{}\n", i + 1));
    }
    src.push_str("  linkStyle default stroke-dasharray:0.0001\n  style n0 stroke-dasharray:0.01 0.01\n");
    let chart = mmdflow::parse(&src, &Options::default()).unwrap();
    assert!(chart.warnings.iter().filter(|w| w.message.contains("dash array")).count() >= 2, "{:?}", chart.warnings);
    let svg = mmdflow::render_svg(&src, &Options::default()).unwrap();
    assert!(!svg.contains("0.0001") && !svg.contains("0.01 0.01"));
}

#[test]
fn long_svg_ids_are_cut() {
    let options = Options { svg_id: Some("x".repeat(10_000)), ..Options::default() };
    let svg = mmdflow::render_svg(DIAGRAM, &options).unwrap();
    assert!(!svg.contains(&"x".repeat(101)));
    assert!(svg.contains(&format!("id=\"{}\"", "x".repeat(100))));
}

#[cfg(feature = "png")]
#[test]
fn oversized_png_is_refused_from_the_layout() {
    let options = Options { scale: Some(1000.0), ..Options::default() };
    let e = mmdflow::render_png(DIAGRAM, &options).unwrap_err();
    assert!(e.message().contains("pixels"), "{e}");
}

#[test]
fn many_non_flowchart_blocks_and_many_errors_in_markdown() {
    let doc: String = (0..5000).map(|_| "```mermaid\npie\n```\n").collect();
    let checked = mmdflow::markdown::check(&doc, &Options::default());
    assert_eq!(checked.warnings.len(), 5000);
    let doc: String = (0..2000).map(|_| "text\n```mermaid\ngraph TD\n  A => B\n```\n").collect();
    let checked = mmdflow::markdown::check(&doc, &Options::default());
    assert_eq!(checked.errors.len(), 2000);
    // Positions are still exact: block i's bad line is line 5i + 4.
    for (i, e) in checked.errors.iter().enumerate().step_by(397) {
        assert_eq!(e.line(), Some(5 * i + 4), "{e}");
        assert_eq!(e.column(), Some(5));
    }
}
