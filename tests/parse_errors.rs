//! One input per error kind (tests/fixtures/parse/errors/*.mmd and a few
//! built in code), with the error's Display snapshotted, plus robustness
//! checks: deep nesting errors instead of overflowing the stack, and no
//! input makes the parser panic.

use mmdflow::{parse, ErrorKind, Limits, Options};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/parse/errors/{name}.mmd", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

fn fail(src: &str, options: &Options, kind: ErrorKind) -> String {
    match parse(src, options) {
        Ok(_) => panic!("accepted:\n{src}"),
        Err(e) => {
            assert_eq!(e.kind(), kind, "{e}");
            e.to_string()
        }
    }
}

fn limits(f: impl FnOnce(&mut Limits)) -> Options {
    let mut o = Options::default();
    f(&mut o.limits);
    o
}

#[test]
fn syntax_error() {
    insta::assert_snapshot!(fail(&fixture("syntax"), &Options::default(), ErrorKind::Syntax));
}

#[test]
fn reserved_id() {
    insta::assert_snapshot!(fail(&fixture("reserved_id"), &Options::default(), ErrorKind::Syntax));
}

#[test]
fn unclosed_subgraph() {
    insta::assert_snapshot!(fail(&fixture("unclosed_subgraph"), &Options::default(), ErrorKind::Syntax));
}

#[test]
fn unsupported_diagram() {
    insta::assert_snapshot!(fail(&fixture("unsupported"), &Options::default(), ErrorKind::UnsupportedDiagram));
}

#[test]
fn semantic_unknown_shape() {
    insta::assert_snapshot!(fail(&fixture("semantic_shape"), &Options::default(), ErrorKind::Semantic));
}

#[test]
fn semantic_linkstyle_index() {
    insta::assert_snapshot!(fail(&fixture("semantic_linkstyle"), &Options::default(), ErrorKind::Semantic));
}

#[test]
fn limit_nodes() {
    let o = limits(|l| l.max_nodes = 3);
    insta::assert_snapshot!(fail(&fixture("limit_nodes"), &o, ErrorKind::LimitExceeded));
}

#[test]
fn limit_edges() {
    let o = limits(|l| l.max_edges = 2);
    insta::assert_snapshot!(fail(&fixture("limit_nodes"), &o, ErrorKind::LimitExceeded));
}

#[test]
fn limit_nesting() {
    let o = limits(|l| l.max_nesting = 2);
    insta::assert_snapshot!(fail(&fixture("limit_nesting"), &o, ErrorKind::LimitExceeded));
}

#[test]
fn limit_label_and_input() {
    let o = limits(|l| l.max_label_chars = 5);
    insta::assert_snapshot!(fail("graph LR\n  A[abcdefgh]", &o, ErrorKind::LimitExceeded));
    let o = limits(|l| l.max_input_bytes = 10);
    insta::assert_snapshot!("input_bytes", fail("graph LR\n  A --> B", &o, ErrorKind::LimitExceeded));
}

#[test]
fn config_error() {
    insta::assert_snapshot!(fail(&fixture("config"), &Options::default(), ErrorKind::Config));
}

#[test]
fn encoding_error() {
    insta::assert_snapshot!(fail("graph LR\n  A --> B\n  B --> C\0\n", &Options::default(), ErrorKind::Encoding));
}

#[test]
fn invalid_utf8() {
    let e = mmdflow::parse::parse_bytes(b"graph LR\n  A --> B\n  B --> \xff\xfe\n", &Options::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Encoding);
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let mut src = String::from("graph LR\n");
    for i in 0..2000 {
        src.push_str(&format!("subgraph s{i}\n"));
    }
    src.push_str("A\n");
    for _ in 0..2000 {
        src.push_str("end\n");
    }
    let e = parse(&src, &Options::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    assert!(e.message().contains("max_nesting"), "{e}");
    // Raising the limit parses it, still without recursion.
    let o = limits(|l| l.max_nesting = 5000);
    let c = parse(&src, &o).unwrap();
    assert_eq!(c.subgraphs.len(), 2000);
    assert_eq!(c.subgraphs[1999].parent, Some(1998));
}

#[test]
fn deep_yaml_is_an_error() {
    let src = format!("graph LR\n  A@{{ label: {} }}", "[".repeat(50_000));
    assert_eq!(parse(&src, &Options::default()).unwrap_err().kind(), ErrorKind::Syntax);
}

#[test]
fn errors_name_a_line() {
    for src in ["graph TD;A[This is a () in text];", "graph;A-->B", "graph TD\nA-. a.b .->B", "flowchart LR\n  A-- text ==>B"] {
        let e = parse(src, &Options::default()).unwrap_err();
        assert!(e.line().is_some(), "{e}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 300, ..Default::default() })]
    /// Arbitrary text after a header never panics.
    #[test]
    fn never_panics(body in "[ -~\\n\\tÄ日❤ﬂ°¶ß]{0,120}") {
        let _ = parse(&format!("graph TD\n{body}"), &Options::default());
        let _ = parse(&body, &Options::default());
    }

    /// Token soup built from the grammar's own pieces never panics.
    #[test]
    fn token_soup_never_panics(parts in proptest::collection::vec(proptest::sample::select(vec![
        "A", " ", "\n", ";", "-->", "---", "-.-", "==>", "~~~", "--", "==", "-.", "|", "[", "]", "(", ")", "{", "}",
        "((", "))", "[[", "]]", "[(", ")]", "[/", "/]", "[\\", "\\]", ">", "\"", "`", "@{", "e1@", ":::", "&", ",",
        "subgraph", "end", "style", "classDef", "class", "linkStyle", "click", "call", "href", "default", "direction TB",
        "accTitle:", "accDescr {", "%%", "#quot;", "<br>", "shape: rect", "x", "o", "1",
    ]), 0..40)) {
        let body: String = parts.concat();
        let _ = parse(&format!("flowchart LR\n{body}"), &Options::default());
    }
}
