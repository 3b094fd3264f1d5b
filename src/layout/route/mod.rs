//! The `route` step: one seam, one router per style. Every edge is
//! classified once ([`EdgeClass`]) and handed to the router the layout
//! parameters name ([`RouterKind`]), as Graphviz's `_dot_splines` and ELK's
//! `EdgeRouterFactory` do. A router handles every class; adding one is a
//! file in this folder plus one arm in [`route_edges`]. A router sees all
//! the edges at once, since one that shares the gaps between layers out
//! (the orthogonal router's tracks) must.
//!
//! Pre: coordinates are final in TB space (`LGraph` x and y), node and
//! cluster boxes are known in final space. Post: every routed edge starts
//! on its tail's outline and ends on its head's (or on the cluster box for
//! an edge naming a subgraph); its label box, if any, is placed.

mod columns;
mod corridor;
pub(crate) mod obstacles;
pub(crate) mod orthogonal;
mod splines;

use super::frame::Frame;
use super::graph::{Chain, Kind, LGraph};
use super::params::{RouterKind, LABEL_PAD};
use crate::flowchart::{Curve, Flowchart};
use crate::geom::{Path, Rect};
use crate::shape::Shape;
use crate::text::TextBlock;
use obstacles::{End, Grid, Obstacle};

/// How far a self loop reaches out of its node (TB space), by its index
/// among the node's loops: nested loops, each outside the previous one.
pub(crate) fn self_loop_reach(index: usize) -> f64 {
    22.0 + 14.0 * index as f64
}

/// An edge's route class, decided once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EdgeClass {
    /// Down through one or more layers (back edges are routed downwards and
    /// reversed).
    Regular,
    /// Both ends on one layer.
    Flat,
    /// From a node (or cluster) to itself.
    SelfLoop,
    /// Names an unknown id: nothing to draw.
    Unroutable,
}

impl EdgeClass {
    pub(crate) fn of(chain: &Chain) -> EdgeClass {
        match chain {
            Chain::Layered { .. } => EdgeClass::Regular,
            Chain::Flat { .. } => EdgeClass::Flat,
            Chain::Loop { .. } => EdgeClass::SelfLoop,
            Chain::Skip => EdgeClass::Unroutable,
        }
    }
}

/// What a router may read: the positioned layered graph and the final
/// boxes.
pub(crate) struct RouteContext<'a> {
    pub chart: &'a Flowchart,
    pub g: &'a LGraph,
    pub frame: Frame,
    /// Node boxes, final space.
    pub node_rects: &'a [Rect],
    /// Cluster boxes, TB space and final space.
    pub cluster_boxes_tb: &'a [Rect],
    pub cluster_boxes: &'a [Rect],
    /// Obstacle index of each cluster's title, if it has one.
    pub title_obstacle: &'a [Option<usize>],
    /// Each cluster's title box (final space), if it has one.
    pub title_boxes: &'a [Option<Rect>],
    pub grid: &'a Grid,
    /// Half-height of each layer (TB space).
    pub layer_half: &'a [f64],
    /// The edges leaving each real node downwards and entering it from
    /// above, with their offsets along its side (port spreading).
    pub ports: &'a Ports,
    /// Each layered node's index within its layer.
    pub order_pos: &'a [usize],
}

impl RouteContext<'_> {
    /// The outline an edge ends on at layered node `v`, and the obstacles
    /// that end owns (which the edge may touch).
    pub(crate) fn end_at(&self, v: usize) -> (End, Vec<usize>) {
        match self.g.nodes[v].kind {
            Kind::Real(i) => (End::Node(self.chart.nodes[i].shape, self.node_rects[i]), vec![i]),
            Kind::Top(c) | Kind::Bottom(c) => (End::Cluster(self.cluster_boxes[c]), self.title_obstacle[c].into_iter().collect()),
            _ => (End::Cluster(Rect::new(0.0, 0.0, 0.0, 0.0)), vec![]),
        }
    }

    /// Both ends' outlines, and every obstacle either end owns.
    pub(crate) fn ends_between(&self, tail: usize, head: usize) -> (End, End, Vec<usize>) {
        let (tail_end, mut owned) = self.end_at(tail);
        let (head_end, head_owned) = self.end_at(head);
        owned.extend(head_owned);
        (tail_end, head_end, owned)
    }

    /// The shape and final box of a self loop's node (a cluster for a loop
    /// on a subgraph), plus its TB-space box.
    pub(crate) fn loop_host(&self, v: usize) -> (Shape, Rect, Rect) {
        let nd = &self.g.nodes[v];
        match nd.kind {
            Kind::Top(c) | Kind::Bottom(c) => (Shape::Rect, self.cluster_boxes[c], self.cluster_boxes_tb[c]),
            Kind::Real(i) => (self.chart.nodes[i].shape, self.node_rects[i], Rect::new(nd.x, nd.y, nd.w, nd.h)),
            _ => (Shape::Rect, self.frame.rect(nd.x, nd.y, nd.w, nd.h), Rect::new(nd.x, nd.y, nd.w, nd.h)),
        }
    }
}

/// One edge to route.
#[derive(Clone, Copy)]
pub(crate) struct EdgeToRoute<'a> {
    pub chain: &'a Chain,
    pub class: EdgeClass,
    /// The curve the user asked for (or the default).
    pub curve: Curve,
    /// The label's final-space size with its padding, if it has a label.
    pub label_size: Option<(f64, f64)>,
}

/// A routed edge.
#[derive(Debug, Clone, Default)]
pub(crate) struct RoutedEdge {
    pub path: Path,
    /// The curve `path` was drawn with.
    pub curve: Curve,
    pub label_box: Option<Rect>,
}

/// Port offsets along node sides (TB space), per real node.
pub(crate) struct Ports {
    /// Per node: the ends of the edges leaving downwards, by neighbour.
    pub down: Vec<Vec<PortEnd>>,
    /// Per node: the ends of the edges entering from above, by neighbour.
    pub up: Vec<Vec<PortEnd>>,
}

/// One edge's end on a node side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PortEnd {
    /// The edge's neighbour on the next layer.
    pub neighbour: usize,
    /// Offset (TB space) from the node's centre along the side.
    pub offset: f64,
    /// Place among the side's ends, left to right.
    pub index: usize,
}

impl Ports {
    /// The edges leaving a node downwards are spread along its lower side,
    /// and likewise the edges entering from above, so that no two tips
    /// touch. Each end goes where the line from its neighbour on the next
    /// layer to the node's centre crosses the node's side (where an edge
    /// aimed at the centre and clipped would end, as dot's do), then ends
    /// too close together are pushed apart in that order. Ends placed so
    /// fan out like the lines they come along: two edges arriving from the
    /// same side at different slopes do not cross next to the node, as
    /// evenly spaced ends would make them.
    pub(crate) fn spread(g: &LGraph, real_nodes: usize) -> Ports {
        Ports {
            down: (0..real_nodes).map(|v| spread_side(g, v, &g.down[v])).collect(),
            up: (0..real_nodes).map(|v| spread_side(g, v, &g.up[v])).collect(),
        }
    }

    fn port(list: Option<&Vec<PortEnd>>, neighbour: usize) -> Port {
        match list {
            Some(l) if l.len() > 1 => match l.binary_search_by_key(&neighbour, |p| p.neighbour) {
                Ok(i) => Port::Shared { offset: l[i].offset, index: l[i].index, count: l.len() },
                Err(_) => Port::Alone,
            },
            _ => Port::Alone,
        }
    }

    /// The port of the edge leaving `v` towards lower neighbour `next`.
    pub(crate) fn down_port(&self, v: usize, next: usize) -> Port {
        Self::port(self.down.get(v), next)
    }

    /// The port of the edge entering `v` from upper neighbour `prev`.
    pub(crate) fn up_port(&self, v: usize, prev: usize) -> Port {
        Self::port(self.up.get(v), prev)
    }
}

/// Widest spacing the port spreading asks for between neighbouring ends
/// on one side (narrower on a narrow node): more than the 6 units within
/// which two arrow tips read as one.
const PORT_GAP: f64 = 10.0;

/// Ends stay within this fraction of the node's width either side of its
/// centre, where every shape's outline faces the side.
const PORT_REACH: f64 = 0.3;

/// The ports of node `v`'s edges to its neighbours `nbrs` on one side
/// (all on the next layer up or down), kept by neighbour for lookups in
/// O(log k): a node with thousands of parallel edges must not cost k² here.
fn spread_side(g: &LGraph, v: usize, nbrs: &[usize]) -> Vec<PortEnd> {
    let nd = &g.nodes[v];
    let reach = PORT_REACH * nd.w;
    // Where the line from neighbour u to v's centre crosses v's side.
    let natural = |u: usize| {
        let other = &g.nodes[u];
        let rise = (other.y - nd.y).abs().max(nd.h / 2.0).max(1e-9);
        ((other.x - nd.x) * (nd.h / 2.0) / rise).clamp(-reach, reach)
    };
    let mut ends: Vec<(usize, f64)> = nbrs.iter().map(|&u| (u, natural(u))).collect();
    ends.sort_by(|a, b| a.1.total_cmp(&b.1).then(g.nodes[a.0].x.total_cmp(&g.nodes[b.0].x)).then(a.0.cmp(&b.0)));
    let k = ends.len();
    if k > 1 {
        let gap = (2.0 * reach / (k - 1) as f64).min(PORT_GAP);
        // Pushed apart in order: rightwards from the left, then back
        // leftwards from the right end of the side; (k - 1)·gap fits in
        // the side, so the first end stays on it.
        for i in 1..k {
            ends[i].1 = ends[i].1.max(ends[i - 1].1 + gap);
        }
        ends[k - 1].1 = ends[k - 1].1.min(reach);
        for i in (0..k - 1).rev() {
            ends[i].1 = ends[i].1.min(ends[i + 1].1 - gap);
        }
    }
    let mut ends: Vec<PortEnd> = ends.into_iter().enumerate().map(|(index, (neighbour, offset))| PortEnd { neighbour, offset, index }).collect();
    ends.sort_by_key(|p| p.neighbour);
    ends
}

/// Where an edge meets a node side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Port {
    /// The only edge on that side: aimed at the node's centre and cut at
    /// the outline, so it meets the outline along its own direction (out
    /// of a diamond's lower-left face towards a lower-left child).
    Alone,
    /// One of several edges on that side: it meets the outline at
    /// `offset` (TB space) from the centre along the side, so that the ends
    /// are spread in the order of the edges' other ends; it is end `index`
    /// (from the left) of `count`.
    Shared { offset: f64, index: usize, count: usize },
}

/// The obstacles: nodes, then cluster titles (their final boxes). Returns
/// the grid and each cluster's title obstacle index.
pub(crate) fn obstacles(chart: &Flowchart, node_rects: &[Rect], title_boxes: &[Option<Rect>]) -> (Grid, Vec<Option<usize>>) {
    let mut list: Vec<Obstacle> = node_rects.iter().zip(&chart.nodes).map(|(r, nd)| Obstacle { shape: Some(nd.shape), rect: *r }).collect();
    let mut title_obstacle = vec![None; title_boxes.len()];
    for (c, b) in title_boxes.iter().enumerate() {
        if let Some(b) = b {
            title_obstacle[c] = Some(list.len());
            list.push(Obstacle { shape: None, rect: *b });
        }
    }
    (Grid::new(list), title_obstacle)
}

/// Routes every edge with `router`.
pub(crate) fn route_edges(router: RouterKind, ctx: &RouteContext, edges: &[EdgeToRoute]) -> Vec<RoutedEdge> {
    let routed = match router {
        RouterKind::Spline => splines::route_all(ctx, edges),
        RouterKind::Orthogonal => orthogonal::route_all(ctx, edges),
    };
    routed.into_iter().zip(edges).map(|(r, e)| safety_net(ctx, e, r)).collect()
}

/// Routes one edge with `router`, alone.
#[cfg(test)]
pub(crate) fn route_edge(router: RouterKind, ctx: &RouteContext, edge: &EdgeToRoute) -> RoutedEdge {
    route_edges(router, ctx, std::slice::from_ref(edge)).pop().unwrap_or_default()
}

/// Whatever the router, an edge never runs through a node it does not end
/// at: where one does (a corridor it could not build faithfully), the
/// column polyline stands in, if it is clear itself (with the router's
/// label box). Where it is not
/// either (a cluster title that covers a whole gap between layers, which
/// the column crosses as well), the router's own path is kept: it crosses
/// no worse and keeps its router's style.
fn safety_net(ctx: &RouteContext, edge: &EdgeToRoute, routed: RoutedEdge) -> RoutedEdge {
    if let Chain::Layered { nodes, reversed } = edge.chain {
        if nodes.len() >= 2 && !clear_of_other_nodes(ctx, &routed.path, nodes) {
            let column = columns::layered(ctx, edge, nodes, *reversed);
            if clear_of_other_nodes(ctx, &column.path, nodes) {
                // The label stays where the router put it: every edge was
                // routed clear of that box (those before it in the room it
                // slid in, those after it as what it holds), not of the
                // label node's column.
                return RoutedEdge { label_box: routed.label_box.or(column.label_box), ..column };
            }
        }
    }
    routed
}

/// True if `path` enters no obstacle but its own ends'.
fn clear_of_other_nodes(ctx: &RouteContext, path: &Path, nodes: &[usize]) -> bool {
    let (_, _, owned) = ctx.ends_between(nodes[0], nodes[nodes.len() - 1]);
    obstacles::curve_clear(path, ctx.grid, &owned)
}

/// The final-space size of an edge label box (text plus padding).
pub(crate) fn label_size(label: &TextBlock) -> (f64, f64) {
    (label.width + 2.0 * LABEL_PAD, label.height + 2.0 * LABEL_PAD)
}

#[cfg(test)]
mod tests;
