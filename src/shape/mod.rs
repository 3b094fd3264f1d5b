//! The node shapes: mermaid's 48 `@{ shape: … }` definitions, the classic
//! bracket shapes (which map onto them) and the few extra handler names that
//! `@{ shape: … }` also accepts.
//!
//! Geometry of each shape (outline, size from text, edge attachment) lives in
//! [`geometry`], below both layout and rendering, so that neither imports
//! the other's internals.

pub mod geometry;
pub mod icon;

use serde::Serialize;

/// A node shape. Its [`short_name`](Shape::short_name) is mermaid's v11
/// short name, as written in the layout JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Shape {
    /// `rect` (also: `proc`, `process`, `rectangle`).
    Rect,
    /// `rounded` (also: `event`).
    Rounded,
    /// `stadium` (also: `terminal`, `pill`).
    Stadium,
    /// `fr-rect` (also: `subprocess`, `subproc`, `framed-rectangle`, `subroutine`).
    FramedRect,
    /// `cyl` (also: `db`, `database`, `cylinder`).
    Cylinder,
    /// `datastore` (also: `data-store`).
    DataStore,
    /// `circle` (also: `circ`).
    Circle,
    /// `bang`.
    Bang,
    /// `cloud`.
    Cloud,
    /// `diam` (also: `decision`, `diamond`, `question`).
    Diamond,
    /// `hex` (also: `hexagon`, `prepare`).
    Hexagon,
    /// `lean-r` (also: `lean-right`, `in-out`).
    LeanRight,
    /// `lean-l` (also: `lean-left`, `out-in`).
    LeanLeft,
    /// `trap-b` (also: `priority`, `trapezoid-bottom`, `trapezoid`).
    TrapezoidBottom,
    /// `trap-t` (also: `manual`, `trapezoid-top`, `inv-trapezoid`).
    TrapezoidTop,
    /// `dbl-circ` (also: `double-circle`, `doublecircle`).
    DoubleCircle,
    /// `text`.
    Text,
    /// `notch-rect` (also: `card`, `notched-rectangle`).
    NotchedRect,
    /// `lin-rect` (also: `lined-rectangle`, `lined-process`, `lin-proc`, `shaded-process`).
    LinedRect,
    /// `sm-circ` (also: `start`, `small-circle`).
    SmallCircle,
    /// `fr-circ` (also: `stop`, `framed-circle`).
    FramedCircle,
    /// `fork` (also: `join`).
    Fork,
    /// `hourglass` (also: `collate`).
    Hourglass,
    /// `brace` (also: `comment`, `brace-l`).
    BraceLeft,
    /// `brace-r`.
    BraceRight,
    /// `braces`.
    Braces,
    /// `bolt` (also: `com-link`, `lightning-bolt`).
    Bolt,
    /// `doc` (also: `document`).
    Document,
    /// `delay` (also: `half-rounded-rectangle`).
    Delay,
    /// `h-cyl` (also: `das`, `horizontal-cylinder`).
    HorizontalCylinder,
    /// `lin-cyl` (also: `disk`, `lined-cylinder`).
    LinedCylinder,
    /// `curv-trap` (also: `curved-trapezoid`, `display`).
    CurvedTrapezoid,
    /// `div-rect` (also: `div-proc`, `divided-rectangle`, `divided-process`).
    DividedRect,
    /// `tri` (also: `extract`, `triangle`).
    Triangle,
    /// `win-pane` (also: `internal-storage`, `window-pane`).
    WindowPane,
    /// `f-circ` (also: `junction`, `filled-circle`).
    FilledCircle,
    /// `notch-pent` (also: `loop-limit`, `notched-pentagon`).
    NotchedPentagon,
    /// `flip-tri` (also: `manual-file`, `flipped-triangle`).
    FlippedTriangle,
    /// `sl-rect` (also: `manual-input`, `sloped-rectangle`).
    SlopedRect,
    /// `docs` (also: `documents`, `st-doc`, `stacked-document`).
    Documents,
    /// `st-rect` (also: `procs`, `processes`, `stacked-rectangle`).
    StackedRect,
    /// `bow-rect` (also: `stored-data`, `bow-tie-rectangle`).
    BowTieRect,
    /// `cross-circ` (also: `summary`, `crossed-circle`).
    CrossedCircle,
    /// `tag-doc` (also: `tagged-document`).
    TaggedDocument,
    /// `tag-rect` (also: `tagged-rectangle`, `tag-proc`, `tagged-process`).
    TaggedRect,
    /// `flag` (also: `paper-tape`).
    Flag,
    /// `odd`.
    Odd,
    /// `lin-doc` (also: `lined-document`).
    LinedDocument,
    /// `ellipse`.
    Ellipse,
    /// `state`.
    State,
    /// `choice`.
    Choice,
    /// `note`.
    Note,
    /// `icon`.
    Icon,
    /// `anchor`.
    Anchor,
    /// `image`.
    Image,
}

impl Shape {
    /// Every shape, in mermaid's `shapesDefs` order, then the extras.
    pub const ALL: &'static [Shape] = &[Shape::Rect, Shape::Rounded, Shape::Stadium, Shape::FramedRect, Shape::Cylinder, Shape::DataStore, Shape::Circle, Shape::Bang, Shape::Cloud, Shape::Diamond, Shape::Hexagon, Shape::LeanRight, Shape::LeanLeft, Shape::TrapezoidBottom, Shape::TrapezoidTop, Shape::DoubleCircle, Shape::Text, Shape::NotchedRect, Shape::LinedRect, Shape::SmallCircle, Shape::FramedCircle, Shape::Fork, Shape::Hourglass, Shape::BraceLeft, Shape::BraceRight, Shape::Braces, Shape::Bolt, Shape::Document, Shape::Delay, Shape::HorizontalCylinder, Shape::LinedCylinder, Shape::CurvedTrapezoid, Shape::DividedRect, Shape::Triangle, Shape::WindowPane, Shape::FilledCircle, Shape::NotchedPentagon, Shape::FlippedTriangle, Shape::SlopedRect, Shape::Documents, Shape::StackedRect, Shape::BowTieRect, Shape::CrossedCircle, Shape::TaggedDocument, Shape::TaggedRect, Shape::Flag, Shape::Odd, Shape::LinedDocument, Shape::Ellipse, Shape::State, Shape::Choice, Shape::Note, Shape::Icon, Shape::Anchor, Shape::Image];

    /// Mermaid's v11 short name (`rect`, `diam`, `lean-r`, ...).
    pub fn short_name(self) -> &'static str {
        match self {
            Shape::Rect => "rect",
            Shape::Rounded => "rounded",
            Shape::Stadium => "stadium",
            Shape::FramedRect => "fr-rect",
            Shape::Cylinder => "cyl",
            Shape::DataStore => "datastore",
            Shape::Circle => "circle",
            Shape::Bang => "bang",
            Shape::Cloud => "cloud",
            Shape::Diamond => "diam",
            Shape::Hexagon => "hex",
            Shape::LeanRight => "lean-r",
            Shape::LeanLeft => "lean-l",
            Shape::TrapezoidBottom => "trap-b",
            Shape::TrapezoidTop => "trap-t",
            Shape::DoubleCircle => "dbl-circ",
            Shape::Text => "text",
            Shape::NotchedRect => "notch-rect",
            Shape::LinedRect => "lin-rect",
            Shape::SmallCircle => "sm-circ",
            Shape::FramedCircle => "fr-circ",
            Shape::Fork => "fork",
            Shape::Hourglass => "hourglass",
            Shape::BraceLeft => "brace",
            Shape::BraceRight => "brace-r",
            Shape::Braces => "braces",
            Shape::Bolt => "bolt",
            Shape::Document => "doc",
            Shape::Delay => "delay",
            Shape::HorizontalCylinder => "h-cyl",
            Shape::LinedCylinder => "lin-cyl",
            Shape::CurvedTrapezoid => "curv-trap",
            Shape::DividedRect => "div-rect",
            Shape::Triangle => "tri",
            Shape::WindowPane => "win-pane",
            Shape::FilledCircle => "f-circ",
            Shape::NotchedPentagon => "notch-pent",
            Shape::FlippedTriangle => "flip-tri",
            Shape::SlopedRect => "sl-rect",
            Shape::Documents => "docs",
            Shape::StackedRect => "st-rect",
            Shape::BowTieRect => "bow-rect",
            Shape::CrossedCircle => "cross-circ",
            Shape::TaggedDocument => "tag-doc",
            Shape::TaggedRect => "tag-rect",
            Shape::Flag => "flag",
            Shape::Odd => "odd",
            Shape::LinedDocument => "lin-doc",
            Shape::Ellipse => "ellipse",
            Shape::State => "state",
            Shape::Choice => "choice",
            Shape::Note => "note",
            Shape::Icon => "icon",
            Shape::Anchor => "anchor",
            Shape::Image => "image",
        }
    }

    /// The shape for a name accepted by `@{ shape: … }`: a short name or any
    /// alias. Mermaid only accepts lowercase names without `_`; so does this.
    pub fn from_name(name: &str) -> Option<Shape> {
        Some(match name {
            "rect" | "proc" | "process" | "rectangle" => Shape::Rect,
            "rounded" | "event" => Shape::Rounded,
            "stadium" | "terminal" | "pill" => Shape::Stadium,
            "fr-rect" | "subprocess" | "subproc" | "framed-rectangle" | "subroutine" => Shape::FramedRect,
            "cyl" | "db" | "database" | "cylinder" => Shape::Cylinder,
            "datastore" | "data-store" => Shape::DataStore,
            "circle" | "circ" => Shape::Circle,
            "bang" => Shape::Bang,
            "cloud" => Shape::Cloud,
            "diam" | "decision" | "diamond" | "question" => Shape::Diamond,
            "hex" | "hexagon" | "prepare" => Shape::Hexagon,
            "lean-r" | "lean-right" | "in-out" => Shape::LeanRight,
            "lean-l" | "lean-left" | "out-in" => Shape::LeanLeft,
            "trap-b" | "priority" | "trapezoid-bottom" | "trapezoid" => Shape::TrapezoidBottom,
            "trap-t" | "manual" | "trapezoid-top" | "inv-trapezoid" => Shape::TrapezoidTop,
            "dbl-circ" | "double-circle" | "doublecircle" => Shape::DoubleCircle,
            "text" => Shape::Text,
            "notch-rect" | "card" | "notched-rectangle" => Shape::NotchedRect,
            "lin-rect" | "lined-rectangle" | "lined-process" | "lin-proc" | "shaded-process" => Shape::LinedRect,
            "sm-circ" | "start" | "small-circle" => Shape::SmallCircle,
            "fr-circ" | "stop" | "framed-circle" => Shape::FramedCircle,
            "fork" | "join" => Shape::Fork,
            "hourglass" | "collate" => Shape::Hourglass,
            "brace" | "comment" | "brace-l" => Shape::BraceLeft,
            "brace-r" => Shape::BraceRight,
            "braces" => Shape::Braces,
            "bolt" | "com-link" | "lightning-bolt" => Shape::Bolt,
            "doc" | "document" => Shape::Document,
            "delay" | "half-rounded-rectangle" => Shape::Delay,
            "h-cyl" | "das" | "horizontal-cylinder" => Shape::HorizontalCylinder,
            "lin-cyl" | "disk" | "lined-cylinder" => Shape::LinedCylinder,
            "curv-trap" | "curved-trapezoid" | "display" => Shape::CurvedTrapezoid,
            "div-rect" | "div-proc" | "divided-rectangle" | "divided-process" => Shape::DividedRect,
            "tri" | "extract" | "triangle" => Shape::Triangle,
            "win-pane" | "internal-storage" | "window-pane" => Shape::WindowPane,
            "f-circ" | "junction" | "filled-circle" => Shape::FilledCircle,
            "notch-pent" | "loop-limit" | "notched-pentagon" => Shape::NotchedPentagon,
            "flip-tri" | "manual-file" | "flipped-triangle" => Shape::FlippedTriangle,
            "sl-rect" | "manual-input" | "sloped-rectangle" => Shape::SlopedRect,
            "docs" | "documents" | "st-doc" | "stacked-document" => Shape::Documents,
            "st-rect" | "procs" | "processes" | "stacked-rectangle" => Shape::StackedRect,
            "bow-rect" | "stored-data" | "bow-tie-rectangle" => Shape::BowTieRect,
            "cross-circ" | "summary" | "crossed-circle" => Shape::CrossedCircle,
            "tag-doc" | "tagged-document" => Shape::TaggedDocument,
            "tag-rect" | "tagged-rectangle" | "tag-proc" | "tagged-process" => Shape::TaggedRect,
            "flag" | "paper-tape" => Shape::Flag,
            "odd" => Shape::Odd,
            "lin-doc" | "lined-document" => Shape::LinedDocument,
            "state" => Shape::State,
            "choice" => Shape::Choice,
            "note" => Shape::Note,
            "icon" => Shape::Icon,
            "anchor" => Shape::Anchor,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_round_trip() {
        for &s in Shape::ALL {
            if matches!(s, Shape::Ellipse | Shape::Image) {
                continue;
            }
            assert_eq!(Shape::from_name(s.short_name()), Some(s), "{s:?}");
        }
    }

    #[test]
    fn aliases_and_rejections() {
        assert_eq!(Shape::from_name("decision"), Some(Shape::Diamond));
        assert_eq!(Shape::from_name("subroutine"), Some(Shape::FramedRect));
        assert_eq!(Shape::from_name("lean_right"), None);
        assert_eq!(Shape::from_name("squareRect"), None);
    }
}
