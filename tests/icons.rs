//! Icon nodes (`@{ icon: "prefix:name" }`) with Iconify packs: drawn from
//! the pack, placed as mermaid places them, warned about when missing, and
//! never a way in for active content.

mod hostile_support;

use assert_cmd::Command;
use hostile_support::svg_check::svg_problems;
use mmdflow::icons::IconPack;
use mmdflow::Options;

/// A small pack: a gradient disc drawn in `currentColor` and an alias of it.
const PACK: &str = r##"{
  "prefix": "demo",
  "width": 24, "height": 24,
  "icons": {
    "disc": { "body": "<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#f00\"/></linearGradient></defs><circle cx=\"12\" cy=\"12\" r=\"10\" fill=\"url(#g)\" stroke=\"currentColor\"/>" }
  },
  "aliases": { "round": { "parent": "disc" } }
}"##;

fn options_with(pack: &str) -> Options {
    let mut options = Options::default();
    options.icons.add(IconPack::from_json(pack).unwrap());
    options
}

#[test]
fn an_icon_node_draws_the_packs_icon_in_the_border_colour() {
    let source = "flowchart TD\n  A@{ icon: \"demo:disc\", label: \"Disc\" } --> B@{ icon: \"demo:round\", form: square }";
    let rendered = mmdflow::render_svg_with_warnings(source, &options_with(PACK)).unwrap();
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
    let svg = rendered.output;
    assert_eq!(svg.matches("<svg class=\"icon\"").count(), 2, "{svg}");
    assert!(svg.contains("viewBox=\"0 0 24 24\""));
    assert!(svg.contains("style=\"color:#9370DB\""), "the default theme's node border");
    // Each icon's gradient gets its own id, and its reference follows.
    let open = "<linearGradient id=\"";
    let ids: Vec<&str> = svg.match_indices(open).map(|(i, _)| svg[i + open.len()..].split('"').next().unwrap()).collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    for id in &ids {
        assert!(svg.contains(&format!("fill=\"url(#{id})\"")), "{id}");
    }
    assert!(svg.contains("rx=\"0.1\""), "form: square draws mermaid's square background");
    assert!(svg_problems(&svg).is_empty(), "{:?}", svg_problems(&svg));
}

#[test]
fn the_layout_sizes_icon_nodes_as_mermaid() {
    let options = options_with(PACK);
    let chart = mmdflow::parse("flowchart TD\n  A@{ icon: \"demo:disc\", h: 64 }\n  B@{ icon: \"demo:disc\", label: \"Some label\", pos: t }", &options).unwrap();
    let placed = mmdflow::layout(&chart, &options).unwrap();
    let a = &placed.nodes[0];
    assert_eq!((a.rect.width, a.rect.height), (64.0, 64.0), "no label: the icon alone");
    assert_eq!(a.shape, mmdflow::shape::Shape::Icon);
    let b = &placed.nodes[1];
    let icon = b.icon.as_ref().unwrap();
    assert!(icon.parts.label_center.y < icon.parts.icon.top(), "pos: t puts the label above");
    assert!(b.rect.height > 48.0 + 8.0);
}

#[test]
fn a_missing_icon_is_a_placeholder_and_a_positioned_warning() {
    let source = "flowchart TD\n  A --> B\n  C@{ icon: \"demo:nosuch\" }\n  D@{ icon: \"other:x\" }";
    let rendered = mmdflow::render_svg_with_warnings(source, &options_with(PACK)).unwrap();
    let w: Vec<String> = rendered.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w[0].starts_with("3:3: icon 'demo:nosuch' is not in the 'demo' pack"), "{w:?}");
    assert!(w[1].starts_with("4:3: icon 'other:x': no icon pack 'other' (loaded: demo)"), "{w:?}");
    assert_eq!(rendered.output.matches("#087ebf").count(), 2, "mermaid's blue placeholder, twice");
    let none = mmdflow::render_svg_with_warnings("flowchart TD\n  C@{ icon: \"demo:x\" }", &Options::default()).unwrap();
    assert!(none.warnings[0].message.contains("no icon pack is loaded"));
}

#[test]
fn hostile_icon_bodies_cannot_put_active_content_in_the_svg() {
    let bodies = [
        "<script>alert(1)</script>",
        "<path d=\"M0 0\" onload=\"alert(1)\"/>",
        "<foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></body></foreignObject>",
        "<a href=\"javascript:alert(1)\"><path d=\"M0 0\"/></a>",
        "<image href=\"https://evil.example/x.png\"/>",
        "<use href=\"https://evil.example/s.svg#x\"/>",
        "<set attributeName=\"onmouseover\" to=\"alert(1)\"/>",
        "<animate attributeName=\"href\" values=\"javascript:alert(1)\"/>",
        "<style>*{background:url(https://evil.example/)}</style>",
        "<path fill=\"url(https://evil.example/#p)\" style=\"stroke:URL(https://evil.example/)\" d=\"M0 0\"/>",
        "<path style=\"fill:\\75rl(https://evil.example/)\" d=\"M0 0\"/>",
        "</svg><script>alert(1)</script><svg>",
        "<![CDATA[</svg><script>alert(1)</script>]]>",
        "<!--</svg><script>alert(1)</script>-->",
    ];
    for body in bodies {
        let pack = serde_json::json!({ "prefix": "evil", "icons": { "x": { "body": body } } }).to_string();
        let svg = mmdflow::render_svg("flowchart TD\n  A@{ icon: \"evil:x\", label: \"A\" }", &options_with(&pack)).unwrap();
        let problems = svg_problems(&svg);
        assert!(problems.is_empty(), "{body}: {problems:?}");
        let lower = svg.to_ascii_lowercase();
        for bad in ["<script", "javascript:", "evil.example", "onload", "onmouseover", "<foreignobject", "<image", "<animate", "<set "] {
            assert!(!lower.contains(bad), "{body}: {bad} got through");
        }
    }
}

#[test]
fn output_is_byte_identical_across_runs() {
    let source = "flowchart LR\n  A@{ icon: \"demo:disc\", form: circle, label: \"A\" } --> B@{ icon: \"demo:round\", form: rounded }";
    let options = options_with(PACK);
    assert_eq!(mmdflow::render_svg(source, &options).unwrap(), mmdflow::render_svg(source, &options).unwrap());
}

#[test]
fn the_cli_reads_packs_from_node_modules_and_file_urls_only() {
    let dir = tempfile::tempdir().unwrap();
    let pkg = dir.path().join("node_modules/@iconify-json/demo");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("icons.json"), PACK).unwrap();
    std::fs::write(dir.path().join("d.mmd"), "flowchart TD\n  A@{ icon: \"demo:disc\", label: \"Disc\" }\n").unwrap();

    let out = Command::cargo_bin("mmdflow")
        .unwrap()
        .current_dir(dir.path())
        .args(["-i", "d.mmd", "-o", "-", "--iconPacks", "@iconify-json/demo"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "no warning: {}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("stroke=\"currentColor\""));

    let url = format!("mine#file://{}", pkg.join("icons.json").display());
    let out = Command::cargo_bin("mmdflow").unwrap().current_dir(dir.path()).args(["-i", "d.mmd", "-o", "-", "--iconPacksNamesAndUrls", &url]).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("d.mmd:2:3: warning: icon 'demo:disc': no icon pack 'demo' (loaded: mine)"), "{stderr}");

    let out = Command::cargo_bin("mmdflow")
        .unwrap()
        .current_dir(dir.path())
        .args(["-i", "d.mmd", "-o", "-", "--iconPacksNamesAndUrls", "demo#https://unpkg.com/@iconify-json/logos/icons.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never uses the network"));
}
