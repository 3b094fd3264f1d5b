//! Clusters (subgraphs), outer first: the box, then the title in its band.

use super::paint::{shape_decls, text_decls};
use super::text::write_text;
use super::{id_part, Doc, RectAttrs};
use crate::config::Look;
use crate::geom::Point;
use std::fmt::Write as _;

/// Writes the `clusters` group.
pub(super) fn write_clusters(s: &mut String, doc: &Doc) {
    let id = doc.id;
    let layout = doc.layout;
    s.push_str("<g class=\"clusters\">");
    for (i, c) in layout.clusters.iter().enumerate() {
        let style = &doc.styles.clusters[i];
        let classes: Vec<String> = c.classes.iter().map(|x| id_part(x)).collect();
        let dark_classes = doc.dark.classes(&[("fill", style.body.fill.origin()), ("stroke", style.body.stroke.paint.origin())]);
        let rect_class = if dark_classes.is_empty() { String::new() } else { format!("class=\"{}\" ", dark_classes.trim_start()) };
        // mermaid's `[data-look="neo"].cluster rect { filter: … }`.
        let filter = if doc.look == Look::Neo { format!("filter=\"url(#{id}-drop-shadow)\" ") } else { String::new() };
        let _ = write!(s, "<g class=\"cluster {}\" id=\"{id}-cluster-{}-{i}\">", classes.join(" "), id_part(&c.id));
        let body = shape_decls(&style.body, &doc.gradient);
        match &doc.hand_drawn {
            Some(sketch) => sketch.write_cluster_box(s, &c.id, &c.rect, &body.to_map(), &dark_classes, &author_decls(layout, c)),
            None => {
                let _ = write!(s, "<rect {rect_class}{filter}{} style=\"{}\"/>", RectAttrs(&c.rect), body.attr());
            }
        }
        let center = match &c.title_box {
            Some(b) => Point::new(b.x, b.y),
            None => {
                let top = c.rect.top() + layout.config.flowchart.subgraph_title_margin_top.unwrap_or(0.0);
                Point::new(c.rect.x, top + c.title.lines.len() as f64 * c.title.line_height / 2.0)
            }
        };
        let class = format!("cluster-label{}", doc.dark.classes(&[("fill", Some(style.title.colour.origin))]));
        write_text(s, &c.title, center, &text_decls(&style.title).attr(), &class);
        s.push_str("</g>\n");
    }
    s.push_str("</g>\n");
}

/// The author's declarations for a cluster (its classes' `classDef`s, then
/// its `style`), which decide whether the handDrawn outline keeps mermaid's
/// width.
fn author_decls(layout: &crate::layout::Layout, c: &crate::layout::ClusterLayout) -> Vec<crate::flowchart::StyleDecl> {
    let from_classes = c.classes.iter().filter_map(|cls| layout.class_defs.iter().find(|(name, _)| name == cls));
    from_classes.flat_map(|(_, d)| d.iter().cloned()).chain(c.style.iter().cloned()).collect()
}
