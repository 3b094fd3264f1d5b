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
    let (user, reversed) = edge_constraints(chart, &mut g, &cparent, &node_cluster, &nesting);
    let entries = entry_constraints(&g, EntryRule::of(frame), &cparent, &node_cluster, &user, &reversed, &nesting);
    g.edges = user;
    g.edges.extend(nesting);
    g.edges.extend(entries);
    g
}

/// Network simplex weight of a flowchart edge, and of a nesting edge (top →
/// member → bottom). The nesting edges keep a cluster compact; at a
/// quarter of an edge's pull they only decide where the edges leave the
/// choice open, so a member stays a link length from its neighbours
/// instead of being drawn up to its cluster's first rank (microservices:
/// the data stores sat on one rank, far from what feeds them; vs_dot edge
/// length 2.59 at weights 2:1, 2.24 at 4:1, dot 1.98). Ranks are unchanged
/// on charts without clusters (every weight scales alike).
const EDGE_WEIGHT: i64 = 4;
const NESTING_WEIGHT: i64 = 1;

/// Most candidate entry constraints checked one by one for cycles; beyond
/// this they are kept all together or not at all.
const ENTRY_CHECKS: usize = 2000;

/// How far apart along the ranks two sibling clusters joined one way
/// must stand (see `entry_constraints`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryRule {
    /// TB: every tail of an edge from A into B ranks above B's top node,
    /// which holds B's title. B may start beside A, level with A's middle;
    /// the edges still enter B from above, past its title row, and leave A
    /// sideways, where A has no title.
    TailsAboveHead,
    /// BT, the mirror image: every head in B of an edge from A ranks below
    /// A's bottom node, which holds A's title (the visual top). The edges
    /// leave A past its title row and enter B sideways. (With the tails
    /// above B's untitled top, B started on A's title row and stood beside
    /// A for the sake of that one row.)
    HeadsBelowTail,
    /// A's bottom node ranks above B's top node (LR, RL: the title sits on
    /// a side along the ranks, so a cluster beside another would take the
    /// edges between them in through its title band).
    WholeClusterAbove,
}

impl EntryRule {
    fn of(frame: Frame) -> EntryRule {
        match frame.0 {
            Direction::TopBottom => EntryRule::TailsAboveHead,
            Direction::BottomTop => EntryRule::HeadsBelowTail,
            Direction::LeftRight | Direction::RightLeft => EntryRule::WholeClusterAbove,
        }
    }
}

/// Clusters (and nodes) that edges join in one direction only are kept
/// in that order along the ranks: for an edge whose ends lie in different
/// clusters, the outermost cluster holding one end but not the other (or
/// that end itself) on each side are siblings A and B; if every edge
/// between A and B runs from A to B, the edges enter B from above: a node
/// A ranks above B's top node, and so does a cluster A's bottom node (or,
/// in TB and BT, the edges' own ends: see `EntryRule`). Without this an outside node may share a rank with a cluster's top
/// node, and then it must stand beside the whole cluster on that rank: its
/// edges enter the cluster sideways, along its border (an edge into a
/// nested cluster's member from a node beside the outer cluster's title
/// row), and the diagram steps. Mermaid's dagre layout keeps such ends
/// above the cluster too; in TB and BT a node feeding only B's own
/// members is let free (see the loop), and sibling clusters constrain
/// only the edges' ends, dot's way, so B may start level with A's middle
/// (microservices: Services beside Frontend, its gateway level with the
/// CDN, as dot draws it; with A wholly above B, B started below A and the
/// diagram was 15% taller). Siblings joined both
/// ways get no constraint (an edge reversed to break a cycle counts as
/// both ways: the cycle runs between them, and ordering them would stretch
/// it), and one that would close a cycle with the others is left out.
fn entry_constraints(
    g: &RankGraph,
    rule: EntryRule,
    cparent: &[Option<usize>],
    node_cluster: &[Option<usize>],
    user: &[REdge],
    reversed: &[bool],
    nesting: &[REdge],
) -> Vec<REdge> {
    let n = g.real_nodes;
    let path = |c: Option<usize>| -> Vec<usize> {
        let mut out = Vec::new();
        let mut x = c;
        while let Some(cc) = x {
            if out.len() > cparent.len() {
                break;
            }
            out.push(cc);
            x = cparent[cc];
        }
        out
    };
    // A sibling unit: a node, or a cluster (its bottom node as a tail, its
    // top node as a head).
    #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum Unit {
        Node(usize),
        Cluster(usize),
    }
    let unit_tail = |a: Unit| match a {
        Unit::Node(i) => i,
        Unit::Cluster(c) => g.bottom_of(c),
    };
    let unit_head = |b: Unit| match b {
        Unit::Node(i) => i,
        Unit::Cluster(c) => g.top_of(c),
    };
    // For each ordered pair of sibling units that edges join that way,
    // whether every such edge ends on a member of B's own (not nested).
    let mut ways: std::collections::BTreeMap<(Unit, Unit), bool> = std::collections::BTreeMap::new();
    // Every edge between sibling units: (A, B, tail, head).
    let mut joined: Vec<(Unit, Unit, usize, usize)> = Vec::new();
    for (e, &back) in user.iter().zip(reversed).filter(|(e, _)| e.u < n && e.v < n) {
        let (pu, pv) = (path(node_cluster[e.u]), path(node_cluster[e.v]));
        let outermost = |own: &[usize], other: &[usize], node: usize| own.iter().rev().find(|c| !other.contains(c)).map_or(Unit::Node(node), |&c| Unit::Cluster(c));
        let (a, b) = (outermost(&pu, &pv, e.u), outermost(&pv, &pu, e.v));
        if matches!((a, b), (Unit::Node(_), Unit::Node(_))) {
            continue;
        }
        let direct = matches!(b, Unit::Cluster(cb) if node_cluster[e.v] == Some(cb));
        let all_direct = ways.entry((a, b)).or_insert(true);
        *all_direct = *all_direct && direct;
        joined.push((a, b, e.u, e.v));
        if back {
            ways.insert((b, a), false);
        }
    }
    let one_way = |a: Unit, b: Unit| !ways.contains_key(&(b, a));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (&(a, b), &all_direct) in &ways {
        if !one_way(a, b) {
            continue;
        }
        // TB, BT: a node that feeds only direct members of B may stand
        // beside B, its edges entering through B's side, where no title is
        // (a source feeding the third step of a pipeline cluster sits
        // level with it instead of above the whole cluster). One feeding a
        // nested member still ranks above B: its edges would cross two
        // borders and the nested box's title row sideways.
        let free = match (a, b) {
            (Unit::Node(_), Unit::Cluster(_)) => all_direct,
            (Unit::Cluster(_), Unit::Cluster(_)) => true,
            _ => false,
        };
        if rule != EntryRule::WholeClusterAbove && free {
            continue;
        }
        pairs.push((unit_tail(a), unit_head(b)));
    }
    // TB, BT: sibling clusters constrain their edges' own ends.
    for &(a, b, tail, head) in &joined {
        match (a, b, rule) {
            (Unit::Cluster(_), Unit::Cluster(_), EntryRule::TailsAboveHead) if one_way(a, b) => pairs.push((tail, unit_head(b))),
            (Unit::Cluster(_), Unit::Cluster(_), EntryRule::HeadsBelowTail) if one_way(a, b) => pairs.push((unit_tail(a), head)),
            _ => {}
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    let candidates: Vec<REdge> = pairs.into_iter().map(|(u, v)| REdge { u, v, minlen: 1, weight: 0 }).collect();
    if candidates.is_empty() {
        return candidates;
    }
    let nr = g.nodes.len();
    let base: Vec<(usize, usize)> = user.iter().chain(nesting).map(|e| (e.u, e.v)).collect();
    let mut all = base.clone();
    all.extend(candidates.iter().map(|e| (e.u, e.v)));
    if !acyclic::has_cycle(nr, &all) {
        return candidates;
    }
    if candidates.len() > ENTRY_CHECKS {
        return Vec::new();
    }
    // One at a time, each only if its head cannot already reach its tail.
    let mut out_adj: Vec<Vec<usize>> = vec![Vec::new(); nr];
    for &(u, v) in &base {
        out_adj[u].push(v);
    }
    let mut kept = Vec::new();
    let mut seen = vec![false; nr];
    let mut stack = Vec::new();
    for e in candidates {
        seen.iter_mut().for_each(|s| *s = false);
        stack.clear();
        stack.push(e.v);
        seen[e.v] = true;
        let mut closes = false;
        while let Some(x) = stack.pop() {
            if x == e.u {
                closes = true;
                break;
            }
            for &y in &out_adj[x] {
                if !seen[y] {
                    seen[y] = true;
                    stack.push(y);
                }
            }
        }
        if !closes {
            out_adj[e.u].push(e.v);
            kept.push(e);
        }
    }
    kept
}

/// Top → member → bottom for every node and nested cluster; top → bottom
/// at least two ranks apart.
fn nesting_constraints(g: &RankGraph, cparent: &[Option<usize>], node_cluster: &[Option<usize>]) -> Vec<REdge> {
    // A top or bottom node that holds no title takes no rank of its own:
    // it shares the first (last) members' rank, so an edge from one
    // cluster into the next is not stretched by two empty ranks.
    let gap = |v: usize| if g.nodes[v].h > 0.0 { 1 } else { 0 };
    let mut nesting = Vec::new();
    for c in 0..cparent.len() {
        let (top, bottom) = (g.top_of(c), g.bottom_of(c));
        nesting.push(REdge { u: top, v: bottom, minlen: gap(top) + gap(bottom), weight: 0 });
        if let Some(p) = cparent[c] {
            nesting.push(REdge { u: g.top_of(p), v: top, minlen: gap(g.top_of(p)), weight: NESTING_WEIGHT });
            nesting.push(REdge { u: bottom, v: g.bottom_of(p), minlen: gap(g.bottom_of(p)), weight: NESTING_WEIGHT });
        }
    }
    for (i, &c) in node_cluster.iter().enumerate() {
        if let Some(c) = c {
            nesting.push(REdge { u: g.top_of(c), v: i, minlen: gap(g.top_of(c)), weight: NESTING_WEIGHT });
            nesting.push(REdge { u: i, v: g.bottom_of(c), minlen: gap(g.bottom_of(c)), weight: NESTING_WEIGHT });
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

/// The flowchart edges as rank constraints (back edges reversed), with
/// whether each was reversed; fills `g.ends`.
fn edge_constraints(
    chart: &Flowchart,
    g: &mut RankGraph,
    cparent: &[Option<usize>],
    node_cluster: &[Option<usize>],
    nesting: &[REdge],
) -> (Vec<REdge>, Vec<bool>) {
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
            // An empty cluster has no member to stand for it, and its top
            // and bottom nodes close no cycle: plan A's ends (an edge out of
            // it leaves from its bottom, where the router starts it).
            let node = match (plan, member[c]) {
                (ClusterEndPlan::Member, Some(m)) => m,
                (_, _) if is_head => g.top_of(c),
                (_, _) => g.bottom_of(c),
            };
            return Some(RankEnd { node, cluster: Some(c) });
        }
        node_idx.get(id).map(|&i| RankEnd { node: i, cluster: None })
    };
    let mut user: Vec<REdge> = Vec::new();
    let mut reversed: Vec<bool> = Vec::new();
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
        reversed.clear();
        for (i, e) in chart.edges.iter().enumerate() {
            let (a, b) = pairs[i];
            if ends[i].is_none() || a == b {
                continue;
            }
            let (u, v) = if back[i] { (b, a) } else { (a, b) };
            user.push(REdge { u, v, minlen: 2 * e.length.clamp(1, 100) as i32, weight: EDGE_WEIGHT });
            reversed.push(back[i]);
        }
        let all: Vec<(usize, usize)> = user.iter().chain(nesting.iter()).map(|e| (e.u, e.v)).collect();
        if !acyclic::has_cycle(nr, &all) {
            break;
        }
        if plan == ClusterEndPlan::Member {
            // Still cyclic: cluster-end edges give up their constraint.
            let keep: Vec<bool> = user.iter().map(|e| e.u < n && e.v < n).collect();
            let mut it = keep.iter();
            user.retain(|_| *it.next().unwrap_or(&false));
            let mut it = keep.iter();
            reversed.retain(|_| *it.next().unwrap_or(&false));
        }
    }
    g.ends = ends;
    (user, reversed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    fn rank_graph(src: &str) -> (Flowchart, RankGraph) {
        let chart = crate::parse(src, &Options::default()).expect("test chart parses");
        let sizes = vec![(60.0, 40.0); chart.nodes.len()];
        let titles = vec![TextBlock::default(); chart.subgraphs.len()];
        let room = TitleRoom { cluster_pad: 8.0, margin_top: 0.0, margin_bottom: 0.0 };
        let g = build(&chart, &sizes, &titles, Frame(chart.direction), &room);
        (chart, g)
    }

    fn has(g: &RankGraph, u: usize, v: usize) -> bool {
        g.edges.iter().any(|e| e.u == u && e.v == v && e.minlen == 1 && e.weight == 0)
    }

    fn node(chart: &Flowchart, id: &str) -> usize {
        chart.nodes.iter().position(|n| n.id == id).unwrap()
    }

    fn cluster(chart: &Flowchart, id: &str) -> usize {
        chart.subgraphs.iter().position(|s| s.id == id).unwrap()
    }

    fn minlen(g: &RankGraph, u: usize, v: usize) -> Option<i32> {
        g.edges.iter().find(|e| e.u == u && e.v == v).map(|e| e.minlen)
    }

    #[test]
    fn untitled_cluster_ends_share_their_members_ranks() {
        let (chart, g) = rank_graph("graph TD\n subgraph outer\n subgraph inner\n x\n end\n end");
        let (x, outer, inner) = (node(&chart, "x"), cluster(&chart, "outer"), cluster(&chart, "inner"));
        assert_eq!(minlen(&g, g.top_of(inner), x), Some(0));
        assert_eq!(minlen(&g, x, g.bottom_of(inner)), Some(0));
        assert_eq!(minlen(&g, g.top_of(outer), g.top_of(inner)), Some(0));
        assert_eq!(minlen(&g, g.bottom_of(inner), g.bottom_of(outer)), Some(0));
        assert_eq!(minlen(&g, g.top_of(inner), g.bottom_of(inner)), Some(0));
    }

    #[test]
    fn a_title_node_keeps_a_rank_of_its_own() {
        let chart = crate::parse("graph TD\n subgraph a [A title]\n x\n end", &Options::default()).expect("test chart parses");
        let sizes = vec![(60.0, 40.0); chart.nodes.len()];
        let title = TextBlock { width: 50.0, height: 20.0, ..TextBlock::default() };
        let room = TitleRoom { cluster_pad: 8.0, margin_top: 0.0, margin_bottom: 0.0 };
        let g = build(&chart, &sizes, &[title], Frame(Direction::TopBottom), &room);
        let (x, a) = (node(&chart, "x"), cluster(&chart, "a"));
        // The title is the top node in TB: one rank above the members; the
        // untitled bottom shares the members' last rank.
        assert_eq!(minlen(&g, g.top_of(a), x), Some(1));
        assert_eq!(minlen(&g, x, g.bottom_of(a)), Some(0));
        assert_eq!(minlen(&g, g.top_of(a), g.bottom_of(a)), Some(1));
    }

    #[test]
    fn an_outside_node_feeding_a_nested_member_ranks_above_the_outer_cluster() {
        let (chart, g) = rank_graph("graph TD\n gw --> auth\n subgraph platform\n subgraph api\n auth\n end\n end");
        let (gw, platform) = (node(&chart, "gw"), cluster(&chart, "platform"));
        assert!(has(&g, gw, g.top_of(platform)), "{:?}", g.edges);
        // Only the outermost cluster the edge enters.
        assert!(!has(&g, gw, g.top_of(cluster(&chart, "api"))));
    }

    /// Left to right the title sits on a side along the ranks: a cluster
    /// beside another would take their edges in through its title band.
    #[test]
    fn left_to_right_sibling_clusters_joined_one_way_are_ranked_in_order() {
        let (chart, g) = rank_graph("graph LR\n subgraph a\n x\n end\n subgraph b\n y\n end\n x --> y");
        let (a, b) = (cluster(&chart, "a"), cluster(&chart, "b"));
        assert!(has(&g, g.bottom_of(a), g.top_of(b)), "{:?}", g.edges);
    }

    #[test]
    fn top_to_bottom_a_sibling_cluster_waits_only_for_the_tails_of_its_edges() {
        // x ends a's first row, w its second: b's top (its title) must come
        // after x, not after the whole of a.
        let (chart, g) = rank_graph("graph TD\n subgraph a\n x --> w\n end\n subgraph b\n y\n end\n x --> y");
        let (x, a, b) = (node(&chart, "x"), cluster(&chart, "a"), cluster(&chart, "b"));
        assert!(has(&g, x, g.top_of(b)), "{:?}", g.edges);
        assert!(!has(&g, g.bottom_of(a), g.top_of(b)), "{:?}", g.edges);
    }

    #[test]
    fn bottom_to_top_a_sibling_cluster_starts_after_the_title_of_the_cluster_its_edges_leave() {
        // In BT the title is a's bottom node (the visual top): the heads in
        // b rank beyond it, and b may stand beside a's lower rows.
        let (chart, g) = rank_graph("graph BT\n subgraph a\n x --> w\n end\n subgraph b\n y --> z\n end\n x --> y");
        let (y, a, b) = (node(&chart, "y"), cluster(&chart, "a"), cluster(&chart, "b"));
        assert!(has(&g, g.bottom_of(a), y), "{:?}", g.edges);
        assert!(!has(&g, g.bottom_of(a), g.top_of(b)), "{:?}", g.edges);
    }

    #[test]
    fn an_outside_node_feeding_only_direct_members_may_stand_beside_the_cluster() {
        for dir in ["TD", "BT"] {
            let (chart, g) = rank_graph(&format!("graph {dir}\n u --> z\n subgraph b\n y --> z\n end"));
            let u = node(&chart, "u");
            assert!(!g.edges.iter().any(|e| e.u == u && e.weight == 0), "{dir}: {:?}", g.edges);
        }
        // Left to right the cluster's side holds its title: u stays above.
        let (chart, g) = rank_graph("graph LR\n u --> z\n subgraph b\n y --> z\n end");
        assert!(has(&g, node(&chart, "u"), g.top_of(cluster(&chart, "b"))), "{:?}", g.edges);
    }

    #[test]
    fn sibling_clusters_joined_both_ways_keep_their_freedom() {
        let (chart, g) = rank_graph("graph TD\n subgraph a\n x\n w\n end\n subgraph b\n y\n end\n x --> y\n y --> w");
        let (a, b) = (cluster(&chart, "a"), cluster(&chart, "b"));
        assert!(!has(&g, g.bottom_of(a), g.top_of(b)) && !has(&g, g.bottom_of(b), g.top_of(a)), "{:?}", g.edges);
    }
}
