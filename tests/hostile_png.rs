//! PNG sizes from hostile options. A renderer without a pixel cap would ask
//! for a buffer of 10^12+ bytes here and abort the process, so these cases
//! live in their own test binary: an abort fails this file alone.
//! Only astronomically large sizes are used, which fail at once without
//! touching memory; mid-sized ones (a few GB) could really be allocated and
//! are not worth the risk on a shared machine.
#![cfg(feature = "png")]

use mmdflow::{ErrorKind, Options};

const SRC: &str = "graph TD\nA[Start]-->B{Choice}\nB-->|yes|C\nB-->|no|D";

fn expect_refused(name: &str, f: impl Fn(&mut Options)) {
    let mut o = Options::default();
    f(&mut o);
    match mmdflow::render_png(SRC, &o) {
        Ok(png) => panic!("{name}: rendered a {}-byte PNG", png.len()),
        Err(e) => assert_eq!(e.kind(), ErrorKind::Render, "{name}: {e}"),
    }
}

#[test]
fn absurd_png_sizes_are_refused() {
    expect_refused("scale 1e6", |o| o.scale = Some(1e6));
    expect_refused("scale 1e30", |o| o.scale = Some(1e30));
    expect_refused("width 10^7", |o| o.width = Some(10_000_000));
    expect_refused("height 10^7", |o| o.height = Some(10_000_000));
    expect_refused("width and height max", |o| {
        o.width = Some(u32::MAX);
        o.height = Some(u32::MAX);
    });
}

#[test]
fn ordinary_png_sizes_render() {
    for scale in [0.5, 1.0, 2.0] {
        let o = Options { scale: Some(scale), ..Options::default() };
        let png = mmdflow::render_png(SRC, &o).unwrap_or_else(|e| panic!("scale {scale}: {e}"));
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    }
}
