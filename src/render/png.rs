//! PNG output through usvg, resvg and tiny-skia, drawing text with the
//! embedded font only, so output does not depend on installed fonts.

use crate::error::{Error, ErrorKind};
use crate::layout::Layout;
use crate::options::Options;
use crate::text;
use std::sync::Arc;

/// Renders the layout to PNG bytes.
pub fn render(layout: &Layout, options: &Options) -> Result<Vec<u8>, Error> {
    let svg = super::svg::write(layout, options);
    let mut db = usvg::fontdb::Database::new();
    for data in [text::FONT_REGULAR, text::FONT_BOLD, text::FONT_ITALIC, text::FONT_BOLD_ITALIC] {
        db.load_font_data(data.to_vec());
    }
    for data in &options.fonts {
        db.load_font_data(data.clone());
    }
    db.set_sans_serif_family(text::FONT_FAMILY);
    let opt = usvg::Options { fontdb: Arc::new(db), font_family: text::FONT_FAMILY.to_string(), ..Default::default() };
    let tree = usvg::Tree::from_str(&svg, &opt).map_err(|e| Error::new(ErrorKind::Render, e.to_string()))?;
    let scale = options.scale.unwrap_or(1.0) as f32;
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(|| Error::new(ErrorKind::Render, "image size is zero"))?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| Error::new(ErrorKind::Render, "image too large"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| Error::new(ErrorKind::Render, e.to_string()))
}
