//! PNG output: byte-identical across runs, and matching committed reference
//! images within a small per-channel tolerance (a diff image is written to
//! target/render-diff/ on failure). `MMDFLOW_BLESS=1 cargo test --test
//! render_png` rewrites the references after a deliberate change.
#![cfg(feature = "png")]

mod common;
use common::*;
use mmdflow::flowchart::{ArrowType, Stroke};
use mmdflow::geom::Rect;
use mmdflow::layout::Layout;
use mmdflow::render::png;
use mmdflow::shape::Shape;
use mmdflow::Options;
use std::path::PathBuf;

fn decode(png_bytes: &[u8]) -> tiny_skia::Pixmap {
    tiny_skia::Pixmap::decode_png(png_bytes).expect("valid PNG")
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/render").join(format!("{name}.png"))
}

/// True only for `MMDFLOW_BLESS=1`: `MMDFLOW_BLESS=0` (or empty) must not
/// rewrite the references and so hide a regression.
fn blessing() -> bool {
    std::env::var("MMDFLOW_BLESS").is_ok_and(|v| v == "1")
}

/// Compares with the reference: every channel within `tol`, and at most
/// `max_off` pixels beyond it (antialiasing differences between builds).
fn check_reference(name: &str, layout: &Layout, options: &Options) {
    let bytes = png::render(layout, options).expect("renders");
    let path = fixture(name);
    if blessing() {
        std::fs::write(&path, &bytes).unwrap();
        return;
    }
    let want = decode(&std::fs::read(&path).unwrap_or_else(|_| panic!("missing reference {}", path.display())));
    let got = decode(&bytes);
    assert_eq!((got.width(), got.height()), (want.width(), want.height()), "{name}: size");
    let (tol, max_off) = (8u8, (got.width() * got.height() / 2000) as usize);
    let mut off = 0usize;
    let mut diff = tiny_skia::Pixmap::new(got.width(), got.height()).unwrap();
    for (i, (a, b)) in got.pixels().iter().zip(want.pixels()).enumerate() {
        let d = [a.red().abs_diff(b.red()), a.green().abs_diff(b.green()), a.blue().abs_diff(b.blue()), a.alpha().abs_diff(b.alpha())];
        if d.iter().any(|&x| x > tol) {
            off += 1;
            diff.pixels_mut()[i] = tiny_skia::PremultipliedColorU8::from_rgba(255, 0, 0, 255).unwrap();
        }
    }
    if off > max_off {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/render-diff");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.got.png")), &bytes).unwrap();
        diff.save_png(dir.join(format!("{name}.diff.png"))).unwrap();
        panic!("{name}: {off} pixels differ by more than {tol}; see {}", dir.display());
    }
}

fn shapes() -> Layout {
    let mut nodes = Vec::new();
    for (i, &s) in Shape::ALL.iter().enumerate() {
        let (col, row) = (i % 8, i / 8);
        nodes.push(node(&format!("n{i}"), s.short_name(), s, 90.0 + 170.0 * col as f64, 70.0 + 150.0 * row as f64));
    }
    layout(nodes, vec![], vec![])
}

fn links() -> Layout {
    let arrows = [ArrowType::Point, ArrowType::Open, ArrowType::Cross, ArrowType::Circle, ArrowType::DoublePoint, ArrowType::DoubleCross, ArrowType::DoubleCircle];
    let strokes = [Stroke::Normal, Stroke::Thick, Stroke::Dotted];
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for (i, &a) in arrows.iter().enumerate() {
        let top = node(&format!("a{i}"), &format!("A{i}"), Shape::Rect, 60.0 + 110.0 * i as f64, 40.0);
        let bottom = node(&format!("b{i}"), &format!("B{i}"), Shape::Rounded, 60.0 + 110.0 * i as f64, 220.0);
        let mut e = edge(&format!("e{i}"), &top, &bottom, a, strokes[i % 3], if i % 2 == 0 { Some("label") } else { None });
        if i == 6 {
            e.style = vec![decl("stroke", "#e33"), decl("stroke-width", "2px")];
        }
        edges.push(e);
        nodes.push(top);
        nodes.push(bottom);
    }
    layout(nodes, edges, vec![cluster("sg", "A subgraph", Rect::new(500.0, 220.0, 300.0, 100.0), &[])])
}

#[test]
fn png_is_deterministic() {
    let l = seed();
    let a = png::render(&l, &Options::default()).unwrap();
    let b = png::render(&l, &Options::default()).unwrap();
    assert_eq!(a, b);
    let img = decode(&a);
    assert_eq!((img.width(), img.height()), (l.width.ceil() as u32, l.height.ceil() as u32));
    // White background by default, transparent on request, and scaled.
    assert_eq!(img.pixel(0, 0).unwrap().alpha(), 255);
    let t = decode(&png::render(&l, &Options { background: Some("transparent".into()), ..Default::default() }).unwrap());
    assert_eq!(t.pixel(0, 0).unwrap().alpha(), 0);
    let s = decode(&png::render(&l, &Options { scale: Some(2.0), ..Default::default() }).unwrap());
    assert_eq!(s.width(), (l.width * 2.0).ceil() as u32);
    let w = decode(&png::render(&l, &Options { width: Some(200), ..Default::default() }).unwrap());
    assert_eq!(w.width(), 200);
}

#[test]
fn warns_about_characters_no_font_has() {
    let l = layout(vec![node("A", "ok \u{10FFFD}", Shape::Rect, 80.0, 40.0)], vec![], vec![]);
    let (_, warnings) = png::render_with_warnings(&l, &Options::default()).unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("U+10FFFD"));
    let (_, none) = png::render_with_warnings(&seed(), &Options::default()).unwrap();
    assert!(none.is_empty(), "{none:?}");
}

#[test]
fn reference_seed() {
    check_reference("seed", &seed(), &Options::default());
}

#[test]
fn reference_shapes() {
    check_reference("shapes", &shapes(), &Options::default());
}

#[test]
fn reference_links() {
    check_reference("links", &links(), &Options::default());
}

#[test]
fn reference_dark_theme() {
    check_reference("seed-dark", &seed(), &Options { theme: Some(mmdflow::Theme::Dark), ..Default::default() });
}

#[test]
fn oversized_images_are_refused() {
    let err = png::render(&seed(), &Options { scale: Some(1000.0), ..Default::default() }).unwrap_err();
    assert_eq!(err.kind(), mmdflow::ErrorKind::Render);
    assert!(err.to_string().contains("pixels"), "{err}");
}
