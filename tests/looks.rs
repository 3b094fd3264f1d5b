//! Themes and looks: mermaid 12's redux and neo themes reach the drawing,
//! the neo look draws what mermaid 12.3 draws (shadow filter, radii,
//! arrow heads), and every look and theme gives safe, deterministic output.

#[path = "hostile_support/mod.rs"]
#[allow(dead_code)]
mod hostile_support;

use hostile_support::svg_check::svg_problems;
use mmdflow::{Look, Options, Theme};

const DIAGRAM: &str = "flowchart LR\n  subgraph one [One]\n    a1[Start] --> a2(Round)\n  end\n  subgraph two [Two]\n    b1{Choice} -->|yes| b2([Done])\n  end\n  a2 -.-> b1\n  b2 ==> c((End))\n  c --o d[(Store)]\n";

fn render(theme: Theme, look: Option<Look>) -> String {
    let options = Options { theme: Some(theme), look, ..Options::default() };
    mmdflow::render_svg(DIAGRAM, &options).unwrap()
}

/// Each new theme's node fill, outline, line and cluster colours, as
/// mermaid 12.3 computes them, appear in the SVG.
#[test]
fn redux_and_neo_theme_colours_reach_the_svg() {
    let expected: &[(Theme, &[&str])] = &[
        (Theme::Redux, &["fill:#ffffff;stroke:#28253D;stroke-width:2px", "stroke:#000000", "fill:#F9F9FB;stroke:#BDBCCC", "fill:#28253D"]),
        (Theme::ReduxColor, &["fill:#ffffff;stroke:#28253D;stroke-width:2px", "fill:#FDF4FF;stroke:#E879F9", "fill:#F0FDFA;stroke:#2DD4BF"]),
        (Theme::ReduxDark, &["fill:#111113;stroke:#FFFFFF;stroke-width:2px", "stroke:#cccccc", "fill:#1E1A2E;stroke:#BDBCCC", "fill:#e0dfdf"]),
        (Theme::ReduxDarkColor, &["fill:#111113;stroke:#FFFFFF", "fill:#1E1A2E;stroke:#E879F9", "fill:#1E1A2E;stroke:#2DD4BF"]),
        (Theme::Neo, &["fill:#ffffff;stroke:#000000;stroke-width:2px", "fill:#ffffff;stroke:#e6e6e6"]),
        (Theme::NeoDark, &["fill:#2a2020;stroke:#ccc;stroke-width:1px", "stroke:#cccccc"]),
    ];
    for (theme, colours) in expected {
        let svg = render(*theme, None);
        for c in *colours {
            assert!(svg.contains(c), "{}: {c} missing", theme.name());
        }
        assert!(svg.contains("font-size=\"14\""), "{}: 14 px labels", theme.name());
    }
}

/// The redux themes name mermaid 12's font after the measured one; neo
/// names Arial's stack.
#[test]
fn redux_themes_name_recursive_after_the_measured_font() {
    let svg = render(Theme::ReduxColor, None);
    assert!(svg.contains("font-family:'Liberation Sans', 'Recursive Variable', arial, sans-serif;font-size:14px"), "{}", &svg[..600]);
    let svg = render(Theme::Neo, None);
    assert!(svg.contains("font-family:'Liberation Sans', arial, sans-serif;font-size:14px"));
}

/// A theme named in front matter or `%%{init}%%` works as `-t` does.
#[test]
fn themes_come_from_front_matter_and_init() {
    let front = format!("---\nconfig:\n  theme: redux-dark\n---\n{DIAGRAM}");
    let svg = mmdflow::render_svg(&front, &Options::default()).unwrap();
    assert!(svg.contains("fill:#111113;stroke:#FFFFFF"));
    let init = format!("%%{{init: {{\"theme\": \"redux-color\"}}}}%%\n{DIAGRAM}");
    let svg = mmdflow::render_svg(&init, &Options::default()).unwrap();
    assert!(svg.contains("fill:#FDF4FF;stroke:#E879F9"));
}

/// A `classDef` or `style` beats the colour slot of a `*-color` theme.
#[test]
fn author_styles_beat_colour_slots() {
    let source = format!("{DIAGRAM}  style one fill:#123456\n");
    let svg = mmdflow::render_svg(&source, &Options { theme: Some(Theme::ReduxColor), ..Options::default() }).unwrap();
    assert!(svg.contains("fill:#123456;stroke:#E879F9"), "the fill is the author's, the outline still the slot's");
}

/// Every look with every theme: safe by the shared checker, the same bytes
/// on a second run.
#[test]
fn every_look_and_theme_is_safe_and_deterministic() {
    for look in [Look::Classic, Look::Neo] {
        for theme in Theme::ALL {
            let svg = render(theme, Some(look));
            let problems = svg_problems(&svg);
            assert!(problems.is_empty(), "{} {}: {problems:?}", look.name(), theme.name());
            assert_eq!(svg, render(theme, Some(look)), "{} {}", look.name(), theme.name());
        }
    }
}

/// The neo look: a drop-shadow filter in `<defs>`, referenced by node
/// bodies and cluster boxes; mermaid 12's larger fill-only triangle; the
/// theme's corner radius on rounded shapes. The classic look has none of
/// it, and keeps its radius of 5 under the classic themes.
#[test]
fn neo_draws_shadows_radii_and_its_arrow_heads() {
    let neo = render(Theme::ReduxColor, Some(Look::Neo));
    let id = neo.split("id=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
    assert!(
        neo.contains(&format!("<filter id=\"{id}-drop-shadow\" height=\"130%\" width=\"130%\"><feDropShadow dx=\"4\" dy=\"4\" stdDeviation=\"0\" flood-opacity=\"0.06\" flood-color=\"#000000\"/></filter>")),
        "redux's shadow filter"
    );
    let shadowed = neo.matches(&format!("filter=\"url(#{id}-drop-shadow)\"")).count();
    assert!(shadowed >= 8, "6 node bodies and 2 clusters cast a shadow: {shadowed}");
    assert!(neo.contains("rx=\"12\" ry=\"12\""), "redux's radius on the rounded node");
    assert!(neo.contains("viewBox=\"0 0 11.5 14\""), "neo arrow head");
    assert!(neo.contains("<circle cx=\"5\" cy=\"5\" r=\"5\""), "neo circle head");
    let classic = render(Theme::ReduxColor, Some(Look::Classic));
    assert!(!classic.contains("<filter") && !classic.contains("filter=\""), "no shadow in the classic look");
    assert!(classic.contains("rx=\"12\" ry=\"12\""), "the radius is the theme's in every look");
    assert!(render(Theme::Default, Some(Look::Classic)).contains("rx=\"5\" ry=\"5\""));
    // A CSS drop-shadow() theme blurs; the neo theme's outlines are its
    // blue-to-red gradient.
    let neo_theme = render(Theme::Neo, Some(Look::Neo));
    assert!(neo_theme.contains("<feDropShadow dx=\"0\" dy=\"1\" stdDeviation=\"2\" flood-opacity=\"0.25\" flood-color=\"#000000\"/>"));
    assert!(neo_theme.contains("<linearGradient id=") && neo_theme.contains("stop-color=\"#0042eb\""));
    assert!(neo_theme.contains("-gradient);stroke-width:2px"), "node outlines use the gradient");
}

/// `look: neo` from front matter, `%%{init}%%`, a `-c` config file or
/// `--look`, each selecting the neo drawing.
#[test]
fn neo_comes_from_front_matter_init_config_and_the_flag() {
    let has_neo = |svg: &str| svg.contains("viewBox=\"0 0 11.5 14\"") && svg.contains("-drop-shadow)\"");
    let front = "---\nconfig:\n  look: neo\n---\nflowchart TD\n  A --> B\n";
    assert!(has_neo(&mmdflow::render_svg(front, &Options::default()).unwrap()));
    let init = "%%{init: {\"look\": \"neo\"}}%%\nflowchart TD\n  A --> B\n";
    assert!(has_neo(&mmdflow::render_svg(init, &Options::default()).unwrap()));
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.mmd");
    std::fs::write(&input, "flowchart TD\n  A --> B\n").unwrap();
    let config = dir.path().join("site.json");
    std::fs::write(&config, r#"{"look": "neo", "theme": "redux-color"}"#).unwrap();
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("mmdflow").unwrap().arg(&input).args(args).args(["-o", "-"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let from_config = run(&["-c", config.to_str().unwrap()]);
    assert!(has_neo(&from_config) && from_config.contains("#28253D"));
    assert!(has_neo(&run(&["--look", "neo"])));
    assert!(!has_neo(&run(&["-c", config.to_str().unwrap(), "--look", "classic"])), "the flag beats the config");
}

/// PNG: the neo look's filters and gradient rasterise, the same bytes on
/// every run.
#[test]
fn neo_png_is_deterministic() {
    for theme in [Theme::ReduxColor, Theme::Neo, Theme::ReduxDark] {
        let options = Options { theme: Some(theme), look: Some(Look::Neo), ..Options::default() };
        let a = mmdflow::render_png(DIAGRAM, &options).unwrap();
        assert_eq!(a, mmdflow::render_png(DIAGRAM, &options).unwrap(), "{}", theme.name());
    }
}
