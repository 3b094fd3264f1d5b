use super::*;

fn pack(json: &str) -> IconPack {
    IconPack::from_json(json).unwrap()
}

fn set(json: &str) -> IconSet {
    let mut s = IconSet::default();
    s.add(pack(json));
    s
}

/// The body of `demo:x` for a pack whose one icon has `body`, sanitised
/// under the prefix `p-`.
fn cleaned(body: &str) -> String {
    let json = serde_json::json!({ "prefix": "demo", "icons": { "x": { "body": body } } }).to_string();
    set(&json).get("demo:x").unwrap().sanitised_body("p-")
}

#[test]
fn reads_a_pack_with_defaults_and_per_icon_sizes() {
    let s = set(r#"{"prefix":"demo","width":24,"height":20,"icons":{"a":{"body":"<path d='M0 0h1'/>"},"b":{"body":"","width":32,"left":-2}}}"#);
    let a = s.get("demo:a").unwrap();
    assert_eq!(a.view_box(), ViewBox { left: 0.0, top: 0.0, width: 24.0, height: 20.0 });
    let b = s.get("demo:b").unwrap();
    assert_eq!(b.view_box(), ViewBox { left: -2.0, top: 0.0, width: 32.0, height: 20.0 });
}

#[test]
fn size_defaults_to_iconify_16() {
    let s = set(r#"{"prefix":"demo","icons":{"a":{"body":""}}}"#);
    assert_eq!(s.get("demo:a").unwrap().view_box().width, 16.0);
}

#[test]
fn names_with_provider_or_dash_resolve() {
    let s = set(r#"{"prefix":"demo","icons":{"home-alt":{"body":""}}}"#);
    assert!(s.get("demo:home-alt").is_ok());
    assert!(s.get("@local:demo:home-alt").is_ok());
    assert!(s.get("demo-home-alt").is_ok(), "Iconify's short form splits at the first dash");
    assert!(s.get(" demo:home-alt ").is_ok());
    for bad in ["", "demo:", ":x", "Demo:home-alt", "a:b:c", "demo:../x"] {
        assert!(s.get(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn errors_say_what_is_missing() {
    let empty = IconSet::default();
    assert!(empty.get("logos:rust").unwrap_err().contains("no icon pack is loaded"));
    let s = set(r#"{"prefix":"demo","icons":{"a":{"body":""}}}"#);
    assert!(s.get("logos:rust").unwrap_err().contains("no icon pack 'logos' (loaded: demo)"));
    assert!(s.get("demo:b").unwrap_err().contains("not in the 'demo' pack"));
}

#[test]
fn bad_packs_are_refused() {
    assert!(IconPack::from_json("not json").is_err());
    assert!(IconPack::from_json("[]").is_err());
    assert!(IconPack::from_json(r#"{"prefix":"demo","icons":{}}"#).is_err(), "no icons");
    assert!(IconPack::from_json(r#"{"prefix":"Bad Prefix","icons":{"a":{"body":""}}}"#).is_err());
    let renamed = IconPack::from_json_with_prefix(r#"{"prefix":"logos","icons":{"a":{"body":""}}}"#, "brand").unwrap();
    assert_eq!(renamed.prefix(), "brand");
}

#[test]
fn later_pack_with_the_same_prefix_wins() {
    let mut s = IconSet::default();
    s.add(pack(r#"{"prefix":"demo","icons":{"a":{"body":"<g/>"}}}"#));
    s.add(pack(r#"{"prefix":"demo","icons":{"b":{"body":"<g/>"}}}"#));
    assert!(s.get("demo:a").is_err());
    assert!(s.get("demo:b").is_ok());
}

#[test]
fn aliases_inherit_and_override_and_combine_turns() {
    let s = set(
        r#"{"prefix":"demo","icons":{"base":{"body":"<path d='M0 0h2v1z'/>","width":20,"height":10}},
            "aliases":{"wide":{"parent":"base","width":40},"flipped":{"parent":"wide","hFlip":true},
                       "back":{"parent":"flipped","hFlip":true},"turned":{"parent":"base","rotate":1}}}"#,
    );
    assert_eq!(s.get("demo:wide").unwrap().view_box().width, 40.0);
    assert_eq!(s.get("demo:flipped").unwrap().view_box().width, 40.0, "the nearest alias's width wins");
    let flipped = s.get("demo:flipped").unwrap().sanitised_body("p-");
    assert!(flipped.starts_with("<g transform=\"translate(40 0) scale(-1 1)\">"), "{flipped}");
    let back = s.get("demo:back").unwrap().sanitised_body("p-");
    assert!(!back.contains("transform"), "two flips cancel: {back}");
    let turned = s.get("demo:turned").unwrap();
    assert_eq!(turned.view_box(), ViewBox { left: 0.0, top: 0.0, width: 10.0, height: 20.0 }, "a quarter turn swaps the sides");
    assert!(turned.sanitised_body("p-").contains("rotate(90 5 5)"));
}

#[test]
fn alias_loops_and_dangling_parents_are_not_found() {
    let s = set(r#"{"prefix":"demo","icons":{"a":{"body":""}},"aliases":{"x":{"parent":"y"},"y":{"parent":"x"},"z":{"parent":"nosuch"},"w":{}}}"#);
    for name in ["demo:x", "demo:z", "demo:w"] {
        assert!(s.get(name).is_err(), "{name}");
    }
}

#[test]
fn drawing_elements_survive_with_their_geometry() {
    let body = r#"<g fill="none" stroke="currentColor" stroke-width="2"><path d="M3 3h18v18H3z"/><circle cx="12" cy="12" r="4" opacity=".5"/></g>"#;
    assert_eq!(
        cleaned(body),
        r#"<g fill="none" stroke="currentColor" stroke-width="2"><path d="M3 3h18v18H3z"/><circle cx="12" cy="12" r="4" opacity=".5"/></g>"#
    );
}

#[test]
fn active_content_is_dropped() {
    let hostile = [
        r#"<script>alert(1)</script>"#,
        r#"<path d="M0 0" onload="alert(1)" onclick="x()"/>"#,
        r#"<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>"#,
        r#"<a href="javascript:alert(1)"><path d="M0 0"/></a>"#,
        r#"<image href="http://evil.example/x.png"/>"#,
        r#"<use href="http://evil.example/sprite.svg#a"/>"#,
        r#"<use xlink:href="data:image/svg+xml;base64,PHN2Zy8+"/>"#,
        r#"<set attributeName="href" to="javascript:alert(1)"/>"#,
        r#"<animate attributeName="fill" values="red"/>"#,
        r#"<style>@import url(http://evil.example/x.css);</style>"#,
        r#"<path fill="url(http://evil.example/p)" d="M0 0"/>"#,
        r#"<path fill="URL(http://evil.example/p)" d="M0 0"/>"#,
        r#"<path fill="\75rl(http://evil.example/p)" d="M0 0"/>"#,
        r#"<path style="fill:url(http://evil.example/p);background:url(x)" d="M0 0"/>"#,
        r#"<path style="fill:red;x:expression(alert(1))" d="M0 0"/>"#,
        r#"<path transform="url(x)" d="M0 0"/>"#,
        r#"<path d="M0 0&quot; onload=&quot;alert(1)"/>"#,
        r#"<iframe src="http://evil.example"/>"#,
        r#"<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>"#,
        r#"<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>"#,
        r#"<path xml:base="http://evil.example/" d="M0 0"/>"#,
        r#"</svg><script>alert(1)</script><svg>"#,
    ];
    for body in hostile {
        let out = cleaned(body).to_ascii_lowercase();
        for bad in ["script", "onload", "onclick", "javascript", "http", "data:", "foreignobject", "<a", "<image", "<set", "<animate", "<style", "iframe", "expression", "\\", "xml:base"] {
            assert!(!out.contains(bad), "{bad} survived in {out:?} from {body}");
        }
    }
}

#[test]
fn references_stay_inside_the_body_and_ids_are_renamed() {
    let body = r##"<defs><linearGradient id="g1"><stop offset="0" stop-color="#f00"/></linearGradient></defs><path id="p" fill="url(#g1)" d="M0 0h1"/><use xlink:href="#p"/><use href="#nosuch"/><path fill="url(#nosuch)" d="M0 0"/>"##;
    let out = cleaned(body);
    assert!(out.contains(r#"<linearGradient id="p-g1">"#), "{out}");
    assert!(out.contains(r#"fill="url(#p-g1)""#), "{out}");
    assert!(out.contains(r##"<use href="#p-p"/>"##), "{out}");
    assert!(out.contains("<use/>"), "a reference to a missing id is dropped: {out}");
    assert!(!out.contains("nosuch"), "{out}");
}

#[test]
fn text_is_kept_escaped_and_only_inside_text_elements() {
    let out = cleaned("loose text<text x=\"1\">&lt;b&gt; &amp; \"q\"</text>");
    assert_eq!(out, "<text x=\"1\">&lt;b&gt; &amp; &quot;q&quot;</text>");
}

#[test]
fn malformed_or_dtd_bodies_draw_nothing() {
    assert_eq!(cleaned("<path d='M0 0'"), "");
    assert_eq!(cleaned("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><path/>"), "");
}

#[test]
fn deep_nesting_is_cut() {
    let body = format!("{}{}", "<g>".repeat(200), "</g>".repeat(200));
    let out = cleaned(&body);
    assert_eq!(out.matches("<g").count(), MAX_BODY_DEPTH as usize);
}

#[test]
fn the_placeholder_is_mermaids_question_mark() {
    let unknown = Icon::unknown();
    assert_eq!(unknown.view_box().width, 80.0);
    let out = unknown.sanitised_body("p-");
    assert!(out.contains("#087ebf") && out.contains(">?</tspan>"), "{out}");
}

#[test]
fn same_input_same_output() {
    let body = r##"<defs><radialGradient id="r"/></defs><circle fill="url(#r)" r="2"/>"##;
    assert_eq!(cleaned(body), cleaned(body));
    assert_ne!(cleaned(body), "");
}
