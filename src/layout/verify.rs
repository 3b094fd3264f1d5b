//! Checks of a finished [`Layout`] (used by tests and for debugging): no
//! node overlaps, edge ends on the outlines, no edge through a foreign node,
//! clusters holding their members and clear of foreign nodes, forward edges
//! along the flow.

use super::route::obstacles::{segment_inside, Obstacle};
use super::Layout;
use crate::flowchart::Direction;
use crate::geom::{Point, Rect};
use crate::shape::geometry::attach_point;

/// One broken invariant, described.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation(pub String);

fn dist_to_outline(shape: crate::shape::Shape, r: &Rect, p: Point) -> f64 {
    let q = attach_point(shape, r, p);
    // `attach_point` casts a ray from the centre through p: the distance from
    // p to that outline point measures how far p is from the outline.
    q.distance(p)
}

/// All violations found in `layout`. `back_edge` tells which edges (by
/// index) are back edges, exempt from the flow check.
pub fn check(layout: &Layout, back_edge: &dyn Fn(usize) -> bool) -> Vec<Violation> {
    let mut v = Vec::new();
    let nodes = &layout.nodes;
    let idx: std::collections::HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    // Node overlaps (sweep over x-sorted boxes).
    let mut by_x: Vec<usize> = (0..nodes.len()).collect();
    by_x.sort_by(|&a, &b| nodes[a].rect.left().partial_cmp(&nodes[b].rect.left()).unwrap_or(std::cmp::Ordering::Equal));
    for (i, &a) in by_x.iter().enumerate() {
        for &b in &by_x[i + 1..] {
            if nodes[b].rect.left() >= nodes[a].rect.right() {
                break;
            }
            if nodes[a].rect.overlaps(&nodes[b].rect, 0.5) {
                v.push(Violation(format!("nodes {} and {} overlap", nodes[a].id, nodes[b].id)));
            }
        }
    }
    let cidx: std::collections::HashMap<&str, usize> = layout.clusters.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    // Edges.
    for (ei, e) in layout.edges.iter().enumerate() {
        let pts = e.path.flatten(4.0);
        if pts.len() < 2 {
            v.push(Violation(format!("edge {} has no path", e.id)));
            continue;
        }
        let (a, b) = (idx.get(e.from.as_str()).copied(), idx.get(e.to.as_str()).copied());
        if let Some(a) = a {
            let d = dist_to_outline(nodes[a].shape, &nodes[a].rect, pts[0]);
            if d > 1.0 {
                v.push(Violation(format!("edge {} starts {d:.2} off {}", e.id, e.from)));
            }
        }
        if let Some(b) = b {
            let d = dist_to_outline(nodes[b].shape, &nodes[b].rect, pts[pts.len() - 1]);
            if d > 1.0 {
                v.push(Violation(format!("edge {} ends {d:.2} off {}", e.id, e.to)));
            }
        }
        for (ni, n) in nodes.iter().enumerate() {
            if Some(ni) == a || Some(ni) == b {
                continue;
            }
            let o = Obstacle { shape: Some(n.shape), rect: n.rect };
            if pts.windows(2).any(|w| segment_inside(&o, w[0], w[1], 1.0) > 1e-3) {
                v.push(Violation(format!("edge {} passes through node {}", e.id, n.id)));
            }
        }
        if let (Some(a), Some(b)) = (a, b) {
            if a != b && !back_edge(ei) {
                let (p, q) = (nodes[a].rect.center(), nodes[b].rect.center());
                let along = |d: Direction| match d {
                    Direction::TopBottom => q.y - p.y,
                    Direction::BottomTop => p.y - q.y,
                    Direction::LeftRight => q.x - p.x,
                    Direction::RightLeft => p.x - q.x,
                };
                // The diagram's direction, or that of a cluster holding both
                // ends (mermaid honours a cluster's own direction when no
                // edge crosses its border).
                let mut dirs = vec![layout.direction];
                for c in &layout.clusters {
                    if let Some(d) = c.direction {
                        if within(layout, &cidx, nodes[a].parent.as_deref(), &c.id) && within(layout, &cidx, nodes[b].parent.as_deref(), &c.id) {
                            dirs.push(d);
                        }
                    }
                }
                if dirs.iter().all(|&d| along(d) <= 1.0) {
                    v.push(Violation(format!("forward edge {} does not follow the flow", e.id)));
                }
            }
        }
    }
    // Clusters.
    let within = |c: Option<&str>, target: &str| within(layout, &cidx, c, target);
    for c in &layout.clusters {
        let r = c.rect;
        for n in nodes {
            let member = within(n.parent.as_deref(), &c.id);
            if member {
                let inside = n.rect.left() >= r.left() - 1.0
                    && n.rect.right() <= r.right() + 1.0
                    && n.rect.top() >= r.top() - 1.0
                    && n.rect.bottom() <= r.bottom() + 1.0;
                if !inside {
                    v.push(Violation(format!("node {} sticks out of cluster {}", n.id, c.id)));
                }
            } else if n.rect.overlaps(&r, 0.5) {
                v.push(Violation(format!("foreign node {} overlaps cluster {}", n.id, c.id)));
            }
        }
        for d in &layout.clusters {
            if d.id == c.id || within(Some(&d.id), &c.id) || within(Some(&c.id), &d.id) {
                continue;
            }
            if c.rect.overlaps(&d.rect, 0.5) && c.id < d.id {
                v.push(Violation(format!("clusters {} and {} overlap", c.id, d.id)));
            }
        }
    }
    // Canvas.
    let inside = |p: Point| p.x >= -1.0 && p.y >= -1.0 && p.x <= layout.width + 1.0 && p.y <= layout.height + 1.0;
    for n in nodes {
        if !inside(Point::new(n.rect.left(), n.rect.top())) || !inside(Point::new(n.rect.right(), n.rect.bottom())) {
            v.push(Violation(format!("node {} outside the canvas", n.id)));
        }
    }
    v
}

fn within<'a>(layout: &'a Layout, cidx: &std::collections::HashMap<&'a str, usize>, c: Option<&str>, target: &str) -> bool {
    let mut cur: Option<&str> = c;
    let mut guard = 0;
    while let Some(x) = cur {
        if x == target {
            return true;
        }
        cur = cidx.get(x).and_then(|&i| layout.clusters[i].parent.as_deref());
        guard += 1;
        if guard > layout.clusters.len() {
            break;
        }
    }
    false
}
