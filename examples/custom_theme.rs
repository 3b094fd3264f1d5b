//! Styles a diagram three ways at once: a site-wide mermaid config (as a
//! `-c config.json` would give), a theme override, and extra CSS. The
//! diagram's own `%%{init}%%` or front-matter would still win over the site
//! config, as in mermaid.
//!
//! ```sh
//! cargo run --example custom_theme > themed.svg
//! ```

use mmdflow::{DiagramConfig, Options};

fn main() -> Result<(), mmdflow::Error> {
    let site_config = serde_json::json!({
        "theme": "base",
        "themeVariables": { "primaryColor": "#ffe8cc", "primaryBorderColor": "#d9480f", "lineColor": "#495057" },
        "flowchart": { "curve": "linear", "nodeSpacing": 30, "rankSpacing": 40 }
    });
    let (config, ignored) = DiagramConfig::from_json(&site_config);
    for i in ignored {
        eprintln!("warning: {i}");
    }
    let options = Options {
        config,
        css: Some(".node rect { rx: 6px; }".into()),
        svg_id: Some("themed".into()),
        ..Options::default()
    };
    let source = "flowchart LR\n    A[Write docs] --> B{Diagrams?}\n    B -->|yes| C[mmdflow]\n    B -->|no| D[Done]\n";
    print!("{}", mmdflow::render_svg(source, &options)?);
    Ok(())
}
