//! `--font-embed` (feature `font-embed`): the SVG carries exactly the glyphs
//! its labels use, as inline fonts a browser accepts, and nothing else.
#![cfg(feature = "font-embed")]

mod hostile_support;

use allsorts::binary::read::ReadScope;
use allsorts::font::MatchingPresentation;
use allsorts::font_data::FontData;
use allsorts::Font;
use base64::Engine as _;
use hostile_support::svg_check::svg_problems;
use mmdflow::{FontEmbedding, Options};

const SEED: &str = "flowchart TD\n  A[Start] --> B{Is it?}\n  B -->|Yes| C[\"`**Bold** move`\"]\n  B -->|No| D[End]\n";

fn embedded() -> Options {
    Options { font_embedding: FontEmbedding::UsedGlyphs, ..Options::default() }
}

/// Each `@font-face` rule's weight and decoded font.
fn faces(svg: &str) -> Vec<(String, Vec<u8>)> {
    svg.split("@font-face{")
        .skip(1)
        .map(|rule| {
            let weight = rule.split("font-weight:").nth(1).unwrap().split(';').next().unwrap().to_string();
            let data = rule.split("base64,").nth(1).unwrap().split(')').next().unwrap();
            (weight, base64::engine::general_purpose::STANDARD.decode(data).unwrap())
        })
        .collect()
}

fn has_glyph(font_bytes: &[u8], c: char) -> bool {
    let scope = ReadScope::new(font_bytes);
    let data = scope.read::<FontData<'_>>().unwrap();
    let mut font = Font::new(data.table_provider(0).unwrap()).unwrap();
    font.lookup_glyph_index(c, MatchingPresentation::NotRequired, None).0 != 0
}

#[test]
fn the_svg_carries_the_used_glyphs_and_no_others() {
    let svg = mmdflow::render_svg(SEED, &embedded()).unwrap();
    let faces = faces(&svg);
    assert_eq!(faces.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>(), ["normal", "bold"], "regular, and bold for **Bold**");
    let (_, regular) = &faces[0];
    for c in "StartIs it?YesNoEnd move".chars().filter(|c| !c.is_whitespace()) {
        assert!(has_glyph(regular, c), "{c:?} missing");
    }
    for c in ['Z', 'q', '7', 'B'] {
        assert!(!has_glyph(regular, c), "{c:?} is not drawn in the regular face but was embedded");
    }
    let (_, bold) = &faces[1];
    assert!(has_glyph(bold, 'B') && has_glyph(bold, 'd') && !has_glyph(bold, 'S'));
    assert!(regular.len() < 12_000, "a subset, not the whole font: {} bytes", regular.len());
    assert!(svg_problems(&svg).is_empty(), "{:?}", svg_problems(&svg));
}

#[test]
fn off_by_default_and_deterministic() {
    let plain = mmdflow::render_svg(SEED, &Options::default()).unwrap();
    assert!(!plain.contains("@font-face"));
    assert_eq!(mmdflow::render_svg(SEED, &embedded()).unwrap(), mmdflow::render_svg(SEED, &embedded()).unwrap());
}

#[test]
fn the_cli_flag_embeds_and_no_font_embed_wins_when_last() {
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("mmdflow").unwrap().args(["-o", "-"]).args(args).write_stdin(SEED).output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(run(&["--font-embed"]).contains("@font-face"));
    assert!(!run(&["--font-embed", "--no-font-embed"]).contains("@font-face"));
    assert!(!run(&[]).contains("@font-face"));
}
