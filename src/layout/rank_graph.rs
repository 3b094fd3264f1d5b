//! The rank graph: what network simplex ranks. Its nodes are the
//! flowchart's nodes followed by a top and a bottom node per cluster; its
//! edges are the flowchart's edges (back edges reversed, minimum length
//! twice the mermaid link length, so that a label can take the middle
//! rank) and the nesting constraints that keep every member between its
//! cluster's top and bottom nodes (Sander 1996; dagre's nesting graph).
//!
//! Pre: `sizes[i]` is node i's final-space size. Post: `ends[e]` names the
//! rank-graph nodes edge e joins (None for an edge naming an unknown id),
//! and the constraint set is acyclic.

use super::acyclic;
use super::graph::Kind;
use super::normalise::RankNode;
use super::params::{TitleRoom, TITLE_GAP};
use super::rank::REdge;
use super::frame::Frame;
use crate::flowchart::{Direction, Flowchart};
use crate::text::TextBlock;
use std::collections::HashMap;

/// One end of an edge in the rank graph: the node, and the cluster when
/// the edge names a subgraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RankEnd {
    pub node: usize,
    pub cluster: Option<usize>,
}

/// Both ends of a flowchart edge in the rank graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct EdgeEnds {
    pub tail: RankEnd,
    pub head: RankEnd,
}

/// The rank graph, ready for network simplex.
pub(crate) struct RankGraph {
    pub nodes: Vec<RankNode>,
    pub edges: Vec<REdge>,
    /// Per flowchart edge.
    pub ends: Vec<Option<EdgeEnds>>,
    /// Per cluster: the TB-space width reserved inside its left border for
    /// the title (LR/RL diagrams, where the title sits at the visual top).
    pub title_band: Vec<f64>,
    /// Number of flowchart nodes (rank-graph nodes before the cluster ones).
    pub real_nodes: usize,
}

impl RankGraph {
    pub(crate) fn top_of(&self, c: usize) -> usize {
        self.real_nodes + 2 * c
    }
    pub(crate) fn bottom_of(&self, c: usize) -> usize {
        self.real_nodes + 2 * c + 1
    }
}

/// Sanitised cluster tree: parents that exist and no parent cycles.
pub(crate) fn cluster_tree(chart: &Flowchart) -> Vec<Option<usize>> {
    let k = chart.subgraphs.len();
    let mut parent: Vec<Option<usize>> = chart.subgraphs.iter().enumerate().map(|(i, s)| s.parent.filter(|&p| p < k && p != i)).collect();
    for c in 0..k {
        let mut x = parent[c];
        let mut steps = 0;
        while let Some(p) = x {
            steps += 1;
            if p == c || steps > k {
                parent[c] = None;
                break;
            }
            x = parent[p];
        }
    }
    parent
}

/// The innermost valid cluster of every node.
pub(crate) fn node_clusters(chart: &Flowchart) -> Vec<Option<usize>> {
    let k = chart.subgraphs.len();
    chart.nodes.iter().map(|nd| nd.parent.filter(|&p| p < k)).collect()
}

/// The TB-space sizes of a cluster's top and bottom nodes, and the band
/// kept inside its left border: the title sits at the visual top, so it is
/// the top node for TB, the bottom node for BT, and for LR/RL a band
/// inside the left border (with the top node as tall as the title is
/// wide).
pub(crate) struct TitleNodes {
    pub top: (f64, f64),
    pub bottom: (f64, f64),
    pub band: f64,
}

fn title_nodes(dir: Direction, title: &TextBlock, room: &TitleRoom) -> TitleNodes {
    let (tw, th) = (title.width, title.height);
    let none = TitleNodes { top: (0.0, 0.0), bottom: (0.0, 0.0), band: 0.0 };
    if tw <= 0.0 || th <= 0.0 {
        return none;
    }
    let tall = th + room.margin_top + room.margin_bottom;
    let wide = tw + 2.0 * room.cluster_pad;
    match dir {
        Direction::TopBottom => TitleNodes { top: (wide, tall), ..none },
        Direction::BottomTop => TitleNodes { bottom: (wide, tall), ..none },
        Direction::LeftRight | Direction::RightLeft => TitleNodes { top: (0.0, tw), band: tall + TITLE_GAP, ..none },
    }
}

/// Builds the rank graph of `chart`.
pub(crate) fn build(
    chart: &Flowchart,
    sizes: &[(f64, f64)],
    titles: &[TextBlock],
    frame: Frame,
    room: &TitleRoom,
) -> RankGraph {
    let n = chart.nodes.len();
    let k = chart.subgraphs.len();
    let cparent = cluster_tree(chart);
    let node_cluster = node_clusters(chart);
    let mut nodes: Vec<RankNode> = Vec::with_capacity(n + 2 * k);
    for i in 0..n {
        let (w, h) = frame.size(sizes[i].0, sizes[i].1);
        nodes.push(RankNode { kind: Kind::Real(i), w, h, cluster: node_cluster[i] });
    }
    let mut title_band = vec![0.0; k];
    for c in 0..k {
        let t = title_nodes(frame.0, &titles[c], room);
        title_band[c] = t.band;
        nodes.push(RankNode { kind: Kind::Top(c), w: t.top.0, h: t.top.1, cluster: Some(c) });
        nodes.push(RankNode { kind: Kind::Bottom(c), w: t.bottom.0, h: t.bottom.1, cluster: Some(c) });
    }
    let mut g = RankGraph { nodes, edges: Vec::new(), ends: Vec::new(), title_band, real_nodes: n };
    let nesting = nesting_constraints(&g, &cparent, &node_cluster);
    let user = edge_constraints(chart, &mut g, &cparent, &node_cluster, &nesting);
    g.edges = user;
    g.edges.extend(nesting);
    g
}

/// Top → member → bottom for every node and nested cluster; top → bottom
/// at least two ranks apart.
fn nesting_constraints(g: &RankGraph, cparent: &[Option<usize>], node_cluster: &[Option<usize>]) -> Vec<REdge> {
    let mut nesting = Vec::new();
    for c in 0..cparent.len() {
        nesting.push(REdge { u: g.top_of(c), v: g.bottom_of(c), minlen: 2, weight: 0 });
        if let Some(p) = cparent[c] {
            nesting.push(REdge { u: g.top_of(p), v: g.top_of(c), minlen: 1, weight: 1 });
            nesting.push(REdge { u: g.bottom_of(c), v: g.bottom_of(p), minlen: 1, weight: 1 });
        }
    }
    for (i, &c) in node_cluster.iter().enumerate() {
        if let Some(c) = c {
            nesting.push(REdge { u: g.top_of(c), v: i, minlen: 1, weight: 1 });
            nesting.push(REdge { u: i, v: g.bottom_of(c), minlen: 1, weight: 1 });
        }
    }
    nesting
}

/// Which rank-graph nodes stand for an edge end naming a cluster.
#[derive(Clone, Copy, PartialEq)]
enum ClusterEndPlan {
    /// An edge into a cluster enters at its top node, one out of it leaves
    /// from its bottom node.
    TopAndBottom,
    /// A member node stands for the cluster (when plan A makes a cycle with
    /// the nesting constraints).
    Member,
}

/// The flowchart edges as rank constraints (back edges reversed); fills
/// `g.ends`.
fn edge_constraints(
    chart: &Flowchart,
    g: &mut RankGraph,
    cparent: &[Option<usize>],
    node_cluster: &[Option<usize>],
    nesting: &[REdge],
) -> Vec<REdge> {
    let n = g.real_nodes;
    let k = cparent.len();
    let nr = g.nodes.len();
    let node_idx: HashMap<&str, usize> = chart.nodes.iter().enumerate().map(|(i, nd)| (nd.id.as_str(), i)).collect();
    let sub_idx: HashMap<&str, usize> = chart.subgraphs.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    // First real node inside each cluster (any depth), for plan B.
    let mut member: Vec<Option<usize>> = vec![None; k];
    for (i, &c) in node_cluster.iter().enumerate() {
        let mut x = c;
        while let Some(cc) = x {
            if member[cc].is_none() {
                member[cc] = Some(i);
            }
            x = cparent[cc];
        }
    }
    let resolve = |id: &str, is_head: bool, plan: ClusterEndPlan| -> Option<RankEnd> {
        if let Some(&c) = sub_idx.get(id) {
            let node = match plan {
                ClusterEndPlan::Member => member[c].unwrap_or(g.top_of(c)),
                ClusterEndPlan::TopAndBottom if is_head => g.top_of(c),
                ClusterEndPlan::TopAndBottom => g.bottom_of(c),
            };
            return Some(RankEnd { node, cluster: Some(c) });
        }
        node_idx.get(id).map(|&i| RankEnd { node: i, cluster: None })
    };
    let mut user: Vec<REdge> = Vec::new();
    let mut ends = Vec::new();
    for plan in [ClusterEndPlan::TopAndBottom, ClusterEndPlan::Member] {
        ends = chart
            .edges
            .iter()
            .map(|e| Some(EdgeEnds { tail: resolve(&e.from, false, plan)?, head: resolve(&e.to, true, plan)? }))
            .collect::<Vec<_>>();
        let pairs: Vec<(usize, usize)> = ends.iter().map(|x| x.map_or((0, 0), |ee| (ee.tail.node, ee.head.node))).collect();
        let back = acyclic::back_edges(nr, &pairs);
        user.clear();
        for (i, e) in chart.edges.iter().enumerate() {
            let (a, b) = pairs[i];
            if ends[i].is_none() || a == b {
                continue;
            }
            let (u, v) = if back[i] { (b, a) } else { (a, b) };
            user.push(REdge { u, v, minlen: 2 * e.length.clamp(1, 100) as i32, weight: 2 });
        }
        let all: Vec<(usize, usize)> = user.iter().chain(nesting.iter()).map(|e| (e.u, e.v)).collect();
        if !acyclic::has_cycle(nr, &all) {
            break;
        }
        if plan == ClusterEndPlan::Member {
            // Still cyclic: cluster-end edges give up their constraint.
            user.retain(|e| e.u < n && e.v < n);
        }
    }
    g.ends = ends;
    user
}
