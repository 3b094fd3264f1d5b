//! Shape geometry: how big a node of each shape is for its label, and where
//! its outline is. Used by layout (sizes, edge attachment) and by the
//! renderers (outlines), so both agree.
//!
//! PROVISIONAL: sizes follow the shared estimate of tools/layout/SCHEMA.md;
//! outlines are the box, except diamonds (rhombus) and round shapes
//! (ellipse). The rendering issue refines every shape to mermaid's.

use crate::geom::{Point, Rect};
use crate::shape::Shape;
use crate::text::TextBlock;

/// The convex outline used for edge attachment.
#[derive(Debug, Clone, PartialEq)]
pub enum Boundary {
    /// A convex polygon, points in order.
    Polygon(Vec<Point>),
    /// An axis-aligned ellipse.
    Ellipse {
        /// Centre.
        center: Point,
        /// Horizontal radius.
        rx: f64,
        /// Vertical radius.
        ry: f64,
    },
}

/// True for shapes whose attachment outline is an ellipse.
pub fn is_round(shape: Shape) -> bool {
    matches!(
        shape,
        Shape::Circle
            | Shape::DoubleCircle
            | Shape::Ellipse
            | Shape::SmallCircle
            | Shape::FramedCircle
            | Shape::FilledCircle
            | Shape::CrossedCircle
    )
}

/// Size (width, height) of a node of `shape` holding `label`, with `padding`
/// between label and outline.
pub fn node_size(shape: Shape, label: &TextBlock, padding: f64) -> (f64, f64) {
    let tw = label.width;
    let th = label.height.max(label.line_height);
    match shape {
        Shape::Diamond | Shape::Choice => {
            let s = tw + th + 2.0 * padding;
            (s, s)
        }
        Shape::Circle | Shape::DoubleCircle | Shape::CrossedCircle => {
            let d = tw.max(th) + 2.0 * padding + if shape == Shape::DoubleCircle { 10.0 } else { 0.0 };
            (d, d)
        }
        Shape::SmallCircle | Shape::FramedCircle | Shape::FilledCircle => (14.0, 14.0),
        Shape::Fork => (70.0, 10.0),
        Shape::Hexagon | Shape::LeanRight | Shape::LeanLeft | Shape::TrapezoidBottom | Shape::TrapezoidTop | Shape::Odd => {
            let h = th + 2.0 * padding;
            (tw + 2.0 * padding + h / 2.0, h)
        }
        _ => (tw + 2.0 * padding, th + 2.0 * padding),
    }
}

/// The attachment outline of a node of `shape` occupying `rect`.
pub fn boundary(shape: Shape, rect: &Rect) -> Boundary {
    let (x, y, hw, hh) = (rect.x, rect.y, rect.width / 2.0, rect.height / 2.0);
    if is_round(shape) {
        return Boundary::Ellipse { center: rect.center(), rx: hw, ry: hh };
    }
    match shape {
        Shape::Diamond | Shape::Choice => Boundary::Polygon(vec![
            Point::new(x, y - hh),
            Point::new(x + hw, y),
            Point::new(x, y + hh),
            Point::new(x - hw, y),
        ]),
        _ => Boundary::Polygon(vec![
            Point::new(x - hw, y - hh),
            Point::new(x + hw, y - hh),
            Point::new(x + hw, y + hh),
            Point::new(x - hw, y + hh),
        ]),
    }
}

/// Where the segment from the node's centre towards `toward` leaves the
/// outline. If `toward` is inside the outline, the ray through it is used.
pub fn attach_point(shape: Shape, rect: &Rect, toward: Point) -> Point {
    let c = rect.center();
    let (dx, dy) = (toward.x - c.x, toward.y - c.y);
    if dx.abs() < 1e-9 && dy.abs() < 1e-9 {
        return Point::new(c.x, rect.bottom());
    }
    match boundary(shape, rect) {
        Boundary::Ellipse { center, rx, ry } => {
            let t = 1.0 / ((dx / rx).powi(2) + (dy / ry).powi(2)).sqrt();
            Point::new(center.x + dx * t, center.y + dy * t)
        }
        Boundary::Polygon(pts) => {
            // Smallest positive ray parameter over the polygon's edges.
            let mut best = f64::INFINITY;
            for i in 0..pts.len() {
                let (a, b) = (pts[i], pts[(i + 1) % pts.len()]);
                let (ex, ey) = (b.x - a.x, b.y - a.y);
                let den = dx * ey - dy * ex;
                if den.abs() < 1e-12 {
                    continue;
                }
                let t = ((a.x - c.x) * ey - (a.y - c.y) * ex) / den;
                let u = ((a.x - c.x) * dy - (a.y - c.y) * dx) / den;
                if t > 0.0 && (-1e-9..=1.0 + 1e-9).contains(&u) && t < best {
                    best = t;
                }
            }
            if best.is_finite() {
                Point::new(c.x + dx * best, c.y + dy * best)
            } else {
                c
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attaches_on_outlines() {
        let r = Rect::new(0.0, 0.0, 100.0, 50.0);
        assert_eq!(attach_point(Shape::Rect, &r, Point::new(0.0, 100.0)), Point::new(0.0, 25.0));
        let p = attach_point(Shape::Diamond, &r, Point::new(100.0, 0.0));
        assert!((p.x - 50.0).abs() < 1e-9 && p.y.abs() < 1e-9);
        let p = attach_point(Shape::Circle, &Rect::new(0.0, 0.0, 40.0, 40.0), Point::new(10.0, 10.0));
        assert!((p.distance(Point::new(0.0, 0.0)) - 20.0).abs() < 1e-9);
    }
}
