//! The `html` module on pages of every form sites produce (fixtures under
//! tests/fixtures/html/): what is found, what the diagram text reads, what
//! the page becomes, and that every byte outside the diagrams is kept.
#![cfg(feature = "html")]

use mmdflow::html::{self, Form, Outcome};
use mmdflow::Options;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/html/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn sources(page: &str) -> Vec<String> {
    html::find(page).unwrap().into_iter().map(|b| b.source).collect()
}

/// The page with every diagram element cut out equals the output with every
/// replaced element cut out: nothing else changed.
fn assert_only_diagrams_changed(page: &str, out: &str) {
    let before = html::find(page).unwrap();
    let after_blocks: Vec<_> = find_processed(out);
    let mut rest_before = String::new();
    let mut at = 0;
    for b in &before {
        rest_before.push_str(&page[at..b.range.start]);
        at = b.range.end;
    }
    rest_before.push_str(&page[at..]);
    let mut rest_after = String::new();
    let mut at = 0;
    for r in &after_blocks {
        rest_after.push_str(&out[at..r.start]);
        at = r.end;
    }
    rest_after.push_str(&out[at..]);
    assert_eq!(rest_before, rest_after);
}

/// Ranges of the `data-processed` elements of an output page (each ends at
/// the first `</div>` or `</pre>` after its `</svg>`).
fn find_processed(out: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(i) = out[from..].find("data-processed=\"true\">") {
        let attr = from + i;
        let start = out[..attr].rfind('<').unwrap();
        let svg_end = attr + out[attr..].find("</svg>").unwrap() + 6;
        let close = svg_end + out[svg_end..].find('>').unwrap() + 1;
        ranges.push(start..close);
        from = close;
    }
    ranges
}

#[test]
fn the_eventlet_guide_page_renders_in_place() {
    // A byte-identical copy of ../shared/examples/eventlet-guide/preparing-for-migration.html.
    let page = fixture("eventlet-guide.html");
    let out = html::rewrite_inline(&page, &Options::default()).unwrap();
    let open = "<div class=\"mt-10 mermaid\">";
    let at = page.find(open).unwrap();
    let end = at + page[at..].find("</div>").unwrap() + "</div>".len();
    assert_eq!(&out.html[..at], &page[..at], "everything before the diagram is kept");
    let new_open = "<div class=\"mt-10 mermaid\" data-processed=\"true\"><svg ";
    assert!(out.html[at..].starts_with(new_open));
    let tail = &page[end..];
    assert!(out.html.ends_with(tail) && out.html[..out.html.len() - tail.len()].ends_with("</svg></div>"));
    assert_eq!(out.replaced(), 1);
    assert_eq!((out.reports[0].line, out.reports[0].column), (30, 1));
}

#[test]
fn entities_are_decoded() {
    assert_eq!(sources(&fixture("entities.html")), ["graph LR\n  A[\"Fish & chips\"] --> B[<tag>]"]);
}

#[test]
fn br_is_kept_as_mermaid_reads_it() {
    let page = fixture("br.html");
    assert_eq!(sources(&page), ["graph TD\n  A[first line<br>second line] --> B[x<br/>y]"]);
    let out = html::rewrite_inline(&page, &Options::default()).unwrap();
    // Two lines each: <br> is a line break in the label, not text.
    assert!(out.html.contains(">first line</tspan>") && out.html.contains(">second line</tspan>"), "{}", out.html);
}

#[test]
fn rouge_wrapper_is_replaced_whole() {
    let page = fixture("rouge.html");
    let blocks = html::find(&page).unwrap();
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].form, Form::CodeBlock);
    assert_eq!(blocks[0].source, "graph TD\n  A --> B");
    assert!(page[blocks[0].range.clone()].starts_with("<div class=\"language-mermaid highlighter-rouge\">"));
    assert!(page[blocks[0].range.clone()].ends_with("</code></pre></div></div>"));
    let out = html::rewrite_inline(&page, &Options::default()).unwrap().html;
    assert!(out.starts_with("<h2>Rouge</h2>\n<div class=\"mermaid\" data-processed=\"true\"><svg "));
    assert!(out.ends_with("</svg></div>\n<p>after</p>\n"));
    assert!(!out.contains("highlighter-rouge"));
}

#[test]
fn span_split_highlighted_code_is_read_as_text() {
    assert_eq!(sources(&fixture("spans.html")), ["graph LR\n  A-->B"]);
}

#[test]
fn mkdocs_pre_code_and_plain_code_blocks() {
    let page = fixture("mkdocs.html");
    let blocks = html::find(&page).unwrap();
    assert_eq!(blocks.iter().map(|b| b.source.as_str()).collect::<Vec<_>>(), ["graph TD\n  A --> B", "graph LR\n  C --> D"]);
    assert_eq!(blocks[0].form, Form::MermaidElement);
    assert_eq!(blocks[1].form, Form::CodeBlock);
    let out = html::rewrite_inline(&page, &Options::default()).unwrap().html;
    assert!(out.starts_with("<pre class=\"mermaid\" data-processed=\"true\"><svg "), "{out}");
    assert!(!out.contains("<code"));
}

#[test]
fn two_diagrams_get_unique_ids() {
    let page = fixture("two.html");
    let out = html::rewrite_inline(&page, &Options::default()).unwrap().html;
    let ids: Vec<&str> = out.match_indices("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"").map(|(i, m)| {
        let s = &out[i + m.len()..];
        &s[..s.find('"').unwrap()]
    }).collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1], "the same diagram twice still gets two ids");
    // Every id inside the page is unique.
    let mut all: Vec<&str> = out.match_indices(" id=\"").map(|(i, m)| {
        let s = &out[i + m.len()..];
        &s[..s.find('"').unwrap()]
    }).collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n);
    // Every style rule is scoped to its SVG's id.
    for id in ids {
        let svg = &out[out.find(&format!("id=\"{id}\"")).unwrap()..];
        let style = &svg[svg.find("<style>").unwrap() + 7..svg.find("</style>").unwrap()];
        for rule in style.split('}').filter(|r| r.contains('{')) {
            assert!(rule.trim_start().starts_with(&format!("#{id}")), "unscoped rule {rule:?}");
        }
    }
}

#[test]
fn css_file_rules_are_scoped_too() {
    let options = Options { css: Some("svg { background: red } .node rect, text { fill: blue }".into()), ..Options::default() };
    let out = html::rewrite_inline(&fixture("two.html"), &options).unwrap().html;
    assert!(out.contains("#mmd-"), "{out}");
    let style = &out[out.find("<style>").unwrap()..out.find("</style>").unwrap()];
    assert!(!style.contains("}svg") && !style.contains("} .node") && !style.contains(",text"), "{style}");
    assert!(style.contains(" .node rect,#") && style.contains(" text{ fill: blue }"), "{style}");
}

#[test]
fn other_diagram_types_are_left_alone_with_a_warning() {
    let page = fixture("sequence.html");
    let out = html::rewrite_inline(&page, &Options::default()).unwrap();
    assert_eq!(out.html, page);
    assert_eq!(out.reports[0].kind, "sequenceDiagram");
    assert_eq!(out.reports[0].outcome, Outcome::LeftAlone);
    assert_eq!((out.reports[0].line, out.reports[0].column), (2, 3));
    assert_eq!(out.warnings.len(), 1);
    assert!(out.warnings[0].message.contains("sequenceDiagram"));
}

#[test]
fn a_broken_flowchart_fails_with_a_page_position() {
    let page = fixture("broken.html");
    let err = html::rewrite_inline(&page, &Options::default()).unwrap_err();
    assert_eq!(err.one_line("broken.html"), "broken.html:9:21: error: expected ']', found end of input");
    let (reports, _) = html::check(&page, &Options::default()).unwrap();
    assert!(matches!(&reports[0].outcome, Outcome::Failed(e) if e.line() == Some(9)));
}

#[test]
fn front_matter_liquid_comments_scripts_and_invalid_html_are_kept() {
    let page = fixture("jekyll.html");
    let blocks = html::find(&page).unwrap();
    assert_eq!(blocks.len(), 1, "the comment and the script string are not diagrams");
    let out = html::rewrite_inline(&page, &Options::default()).unwrap().html;
    assert_only_diagrams_changed(&page, &out);
    assert!(out.starts_with("---\nlayout: dashboard\ntitle: \"Front <matter> & co\"\n---\n{% include header.html %}\n"));
    assert!(out.ends_with("<p>invalid <b>nesting</p></b>\n{% if site.x %}<span>{% endif %}\n   trailing spaces   \n"));
}

#[test]
fn processed_elements_and_other_languages_are_skipped() {
    let page = fixture("processed.html");
    assert!(html::find(&page).unwrap().is_empty());
    assert_eq!(html::rewrite_inline(&page, &Options::default()).unwrap().html, page);
}

#[test]
fn every_fixture_keeps_the_bytes_outside_its_diagrams() {
    for name in ["entities.html", "br.html", "rouge.html", "spans.html", "mkdocs.html", "two.html", "jekyll.html"] {
        let page = fixture(name);
        let out = html::rewrite_inline(&page, &Options::default()).unwrap().html;
        assert_only_diagrams_changed(&page, &out);
    }
}

#[test]
fn images_mode_puts_an_img_with_the_acc_title() {
    let page = "<div class=\"mermaid\">graph TD\n accTitle: Flow &amp; more\n A --> B</div>";
    let out = html::rewrite(page, &Options::default(), |d| Ok(html::img_tag(d, &format!("p-{}.svg", d.index)))).unwrap();
    assert_eq!(out.html, "<div class=\"mermaid\" data-processed=\"true\"><img src=\"p-1.svg\" alt=\"Flow &amp; more\"></div>");
}

#[test]
fn markdown_raw_html_blocks_are_rendered_like_html_pages() {
    let doc = "# Page\n\n<div class=\"mermaid\">\ngraph TD\n  A --> B\n</div>\n\n```html\n<div class=\"mermaid\">graph LR</div>\n```\n";
    let out = mmdflow::markdown::rewrite(doc, &Options::default(), |_| Ok(String::new())).unwrap();
    assert_eq!(out.replaced, 1);
    assert!(out.markdown.starts_with("# Page\n\n<div class=\"mermaid\" data-processed=\"true\"><svg "));
    assert!(out.markdown.ends_with("</svg></div>\n\n```html\n<div class=\"mermaid\">graph LR</div>\n```\n"));
    let checked = mmdflow::markdown::check("<div class=\"mermaid\">\ngraph TD\n  A --> B[x\n</div>\n", &Options::default());
    assert_eq!(checked.errors.len(), 1);
    assert_eq!(checked.errors[0].line(), Some(3));
    let seq = mmdflow::markdown::check("<div class=\"mermaid\">\nsequenceDiagram\n</div>\n", &Options::default());
    assert_eq!(seq.warnings.len(), 1, "a raw-HTML sequence diagram is no longer silent");
}

#[test]
fn dark_theme_adds_a_media_palette_and_keeps_author_colours() {
    let options = Options { dark_theme: Some(mmdflow::Theme::Dark), ..Options::default() };
    let svg = mmdflow::render_svg("graph TD\n  A --> B\n  style B fill:#f9f", &options).unwrap();
    assert!(svg.contains("@media (prefers-color-scheme: dark){"));
    assert!(svg.contains(".mf-fill-nf{fill:#1f2020 !important;}"), "{svg}");
    // A (theme fill) is repainted, B (its own fill) is not.
    let a = &svg[svg.find("flowchart-A-").unwrap()..];
    let b = &svg[svg.find("flowchart-B-").unwrap()..];
    assert!(a[..a.find("</g>").unwrap()].contains("mf-fill-nf"));
    assert!(!b[..b.find("</g>").unwrap()].contains("mf-fill-nf"));
    let plain = mmdflow::render_svg("graph TD\n  A --> B", &Options::default()).unwrap();
    assert!(!plain.contains("mf-") && !plain.contains("@media"), "one palette: output unchanged");
}

/// A flowchart's own warnings reach the page's report, at their place in
/// the page (rendering and `check` alike).
#[test]
fn a_flowchart_warning_is_reported_at_its_page_position() {
    let page = "<p>x</p>\n<div class=\"mermaid\">\ngraph TD\n  A --> B\n  style A colr:red\n</div>\n";
    let out = html::rewrite_inline(page, &Options::default()).unwrap();
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
    assert!(out.warnings[0].message.contains("colr"), "{:?}", out.warnings[0]);
    let at = out.warnings[0].span.expect("a place in the page").start;
    assert!(page[at..].starts_with("style A colr"), "{:?}", &page[at..]);
    let (_, checked) = html::check(page, &Options::default()).unwrap();
    assert_eq!(checked, out.warnings);
}
