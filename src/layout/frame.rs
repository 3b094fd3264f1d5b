//! TB space and the diagram's direction. Every step works top to bottom
//! (ranks grow downwards); BT, LR and RL are a transform of the finished
//! layout, with sizes swapped for the horizontal directions so that text
//! stays upright.

use crate::flowchart::Direction;
use crate::geom::{Point, Rect};

/// Maps TB space to the diagram's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Frame(pub Direction);

impl Frame {
    /// A TB-space point in final space.
    pub(crate) fn point(self, x: f64, y: f64) -> Point {
        match self.0 {
            Direction::TopBottom => Point::new(x, y),
            Direction::BottomTop => Point::new(x, -y),
            Direction::LeftRight => Point::new(y, x),
            Direction::RightLeft => Point::new(-y, x),
        }
    }


    /// A final-space point in TB space (the inverse of [`Frame::point`]).
    pub(crate) fn to_tb(self, p: Point) -> Point {
        match self.0 {
            Direction::TopBottom => p,
            Direction::BottomTop => Point::new(p.x, -p.y),
            Direction::LeftRight => Point::new(p.y, p.x),
            Direction::RightLeft => Point::new(p.y, -p.x),
        }
    }

    /// A final-space size as a TB-space size (and back: the swap is its own
    /// inverse).
    pub(crate) fn size(self, w: f64, h: f64) -> (f64, f64) {
        if self.0.is_horizontal() {
            (h, w)
        } else {
            (w, h)
        }
    }

    /// A TB-space box (centre and size) in final space.
    pub(crate) fn rect(self, x: f64, y: f64, w: f64, h: f64) -> Rect {
        let p = self.point(x, y);
        let (w, h) = self.size(w, h);
        Rect::new(p.x, p.y, w, h)
    }

    /// True when the diagram runs left–right or right–left.
    pub(crate) fn is_horizontal(self) -> bool {
        self.0.is_horizontal()
    }
}
