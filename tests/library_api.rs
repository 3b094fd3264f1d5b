//! The library's typed options, its warnings with positions, PDF output and
//! SVG ids, as a caller sees them.

use mmdflow::{DiagramConfig, Look, Options, Theme};

#[test]
fn theme_and_look_names_are_typed_and_a_misspelling_is_an_error() {
    let err = "forrest".parse::<Theme>().unwrap_err();
    assert_eq!(err.kind(), mmdflow::ErrorKind::Config);
    assert!(err.message().contains("forrest") && err.message().contains("forest"), "{}", err.message());
    assert_eq!(" Dark ".parse::<Theme>().unwrap(), Theme::Dark);
    assert!("sketchy".parse::<Look>().is_err());
    for t in Theme::ALL {
        assert_eq!(t.name().parse::<Theme>().unwrap(), t);
    }
    // The typed theme reaches the drawing: forest's node fill.
    let options = Options { theme: Some(Theme::Forest), ..Options::default() };
    let svg = mmdflow::render_svg("graph TD\n  A --> B", &options).unwrap();
    assert!(svg.contains("#cde498"), "forest fill");
}

#[test]
fn config_warnings_name_the_key_and_carry_line_and_column() {
    let source = "---\nconfig:\n  look: sketchy\n  theme: nosuch\n---\n%%{init: {\"flowchart\": {\"curve\": \"wobbly\"}}}%%\ngraph TD\n  A --> B\n";
    let rendered = mmdflow::render_svg_with_warnings(source, &Options::default()).unwrap();
    let got: Vec<String> = rendered.warnings.iter().map(ToString::to_string).collect();
    assert!(
        got.contains(&"3:3: front-matter config key 'look' ignored: unknown look 'sketchy' (expected classic, handDrawn or neo)".to_string()),
        "{got:#?}"
    );
    assert!(got.iter().any(|w| w.starts_with("4:3: front-matter config key 'theme' ignored: unknown theme 'nosuch'")), "{got:#?}");
    assert!(
        got.iter().any(|w| w.starts_with("6:1: %%{init}%% config key 'flowchart.curve' ignored: unknown curve 'wobbly'")),
        "{got:#?}"
    );
    assert_eq!(got.len(), 3, "one warning each: {got:#?}");
    // The plain form draws the same SVG.
    assert_eq!(mmdflow::render_svg(source, &Options::default()).unwrap(), rendered.output);
}

#[test]
fn a_site_config_reports_every_ignored_key_once() {
    let (config, ignored) = DiagramConfig::from_json(&serde_json::json!({
        "theme": "neo-darkish", "look": "classic", "layout": "elk", "securityLevel": "loose"
    }));
    assert_eq!(config.look, Some(Look::Classic));
    assert_eq!(config.layout, Some(mmdflow::LayoutEngine::Elk));
    let keys: Vec<&str> = ignored.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["securityLevel", "theme"]);
    // mermaid 12's theme names are known.
    let (config, ignored) = DiagramConfig::from_json(&serde_json::json!({ "theme": "neo-dark" }));
    assert_eq!((config.theme, ignored.len()), (Some(mmdflow::Theme::NeoDark), 0));
}

#[test]
fn one_diagram_twice_on_a_page_gets_two_ids_with_the_documented_option() {
    let source = "graph TD\n  A --> B\n  B --> C\n";
    let ids = |svg: &str| -> Vec<String> {
        svg.split(" id=\"").skip(1).map(|rest| rest.split('"').next().unwrap().to_string()).collect()
    };
    // The default is a hash of the diagram: the same both times.
    let plain = mmdflow::render_svg(source, &Options::default()).unwrap();
    assert_eq!(ids(&plain), ids(&mmdflow::render_svg(source, &Options::default()).unwrap()));
    // One id per place, as a site builder sets it.
    let page: Vec<String> = (1..=2)
        .map(|n| {
            let options = Options { svg_id: Some(format!("guide-{n}")), ..Options::default() };
            mmdflow::render_svg(source, &options).unwrap()
        })
        .collect();
    let mut all: Vec<String> = page.iter().flat_map(|svg| ids(svg)).collect();
    let n = all.len();
    assert!(n > 2, "ids: {all:?}");
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "no id repeats on the page");
}

#[cfg(feature = "pdf")]
#[test]
fn pdf_is_deterministic_and_keeps_text() {
    let source = "graph LR\n  A[Hello PDF] --> B[Second node]\n";
    let options = Options { pdf_paper: Some(mmdflow::PaperFormat::A5), ..Options::default() };
    let one = mmdflow::render_pdf_with_warnings(source, &options).unwrap();
    let two = mmdflow::render_pdf(source, &options).unwrap();
    assert_eq!(one.output, two, "byte-identical");
    assert!(one.warnings.is_empty());
    assert!(one.output.starts_with(b"%PDF-"));
    // Text is text: a font is embedded and the page draws glyphs, not paths only.
    let text = String::from_utf8_lossy(&one.output);
    assert!(text.contains("/FontFile2") || text.contains("/FontFile3"), "an embedded font");
    assert!("a4".parse::<mmdflow::PaperFormat>().is_ok() && "B5".parse::<mmdflow::PaperFormat>().is_err());
}
