//! The pipeline: builds the rank graph from the flowchart, runs the phases
//! in order and turns the TB-space result into the [`Layout`] for the
//! diagram's direction.

use super::graph::{Chain, Clusters, Kind, LGraph};
use super::normalise::{MappedEdge, RankNode};
use super::position::Spacing;
use super::rank::REdge;
use super::route::{self, End, Grid, Obstacle};
use crate::flowchart::{Node, Subgraph};
use super::{acyclic, cluster, normalise, order, position, rank};
use super::{ClusterLayout, EdgeLayout, Layout, NodeLayout};
use crate::config::DiagramConfig;
use crate::{Error, Limits};
use crate::flowchart::{Curve, Direction, Flowchart};
use crate::geom::{Path, Point, Rect};
use crate::render::shape::node_size;
use crate::text::{self, TextBlock, TextStyle};
use std::collections::HashMap;

/// Work budget of network simplex (iterations × graph size): beyond it the
/// current feasible ranking is kept (huge graphs).
const RANK_WORK: usize = 8_000_000;
/// Work budget of crossing minimisation (see `order::order`): a base that
/// gives small diagrams a thorough search, plus an allowance per layered
/// node (real, dummy, border and label nodes). Chosen on the layout corpus
/// (README, Layout quality): at 80 per node the random 100/200/1000-node
/// graphs keep fewer crossings than Graphviz dot (500: 2% more) for under a
/// tenth of the unbounded search's ordering work; doubling it buys about 3%
/// fewer crossings at 500 nodes for a fifth more whole-process time.
const ORDER_WORK_BASE: u64 = 10_000;
const ORDER_WORK_PER_NODE: u64 = 80;
/// Padding around an edge label's text.
const LABEL_PAD: f64 = 2.0;
/// Space between a cluster title and the members below it (LR/RL band).
const TITLE_GAP: f64 = 4.0;

/// Maps TB space to the diagram's direction.
#[derive(Clone, Copy)]
struct Frame(Direction);

impl Frame {
    fn point(self, x: f64, y: f64) -> Point {
        match self.0 {
            Direction::TopBottom => Point::new(x, y),
            Direction::BottomTop => Point::new(x, -y),
            Direction::LeftRight => Point::new(y, x),
            Direction::RightLeft => Point::new(-y, x),
        }
    }
    /// A final-space size as a TB-space size (and back: the swap is its own
    /// inverse).
    fn size(self, w: f64, h: f64) -> (f64, f64) {
        if self.0.is_horizontal() {
            (h, w)
        } else {
            (w, h)
        }
    }
    fn rect(self, x: f64, y: f64, w: f64, h: f64) -> Rect {
        let p = self.point(x, y);
        let (w, h) = self.size(w, h);
        Rect::new(p.x, p.y, w, h)
    }
}

/// Id of the stand-in node of a cluster laid out on its own (cannot clash
/// with mermaid ids, which never contain a NUL).
fn stand_in_id(c: &str) -> String {
    format!("\u{0}cluster\u{0}{c}")
}

/// Lays out `chart`. Clusters with their own `direction` are laid out on
/// their own, recursively, when no edge crosses their boundary (mermaid's
/// rule; otherwise the parent's direction applies): the parent layout then
/// holds one stand-in node of the cluster's size, and the cluster's layout is
/// moved into that box.
pub(super) fn run(chart: &Flowchart, config: DiagramConfig, limits: &Limits) -> Result<Layout, Error> {
    run_nested(chart, config, limits, 0)
}

fn run_nested(chart: &Flowchart, config: DiagramConfig, limits: &Limits, depth: usize) -> Result<Layout, Error> {
    let k = chart.subgraphs.len();
    let none = HashMap::new();
    if k == 0 || depth > 8 {
        return run_core(chart, config, limits, &none);
    }
    let cparent = cluster_tree(chart);
    let node_cluster: Vec<Option<usize>> = chart.nodes.iter().map(|nd| nd.parent.filter(|&p| p < k)).collect();
    let under = |mut x: Option<usize>, c: usize| {
        let mut guard = 0;
        while let Some(y) = x {
            if y == c {
                return true;
            }
            x = cparent[y];
            guard += 1;
            if guard > k {
                break;
            }
        }
        false
    };
    let node_idx: HashMap<&str, usize> = chart.nodes.iter().enumerate().map(|(i, nd)| (nd.id.as_str(), i)).collect();
    let sub_idx: HashMap<&str, usize> = chart.subgraphs.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    // Where an edge end lies relative to cluster c: Some(true) inside,
    // Some(false) outside, None = names c itself (counts as crossing).
    let side = |id: &str, c: usize| -> Option<bool> {
        if let Some(&d) = sub_idx.get(id) {
            if d == c {
                return None;
            }
            return Some(under(Some(d), c) );
        }
        node_idx.get(id).map(|&i| under(node_cluster[i], c)).or(Some(false))
    };
    let isolated = |c: usize| {
        chart.edges.iter().all(|e| match (side(&e.from, c), side(&e.to, c)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        })
    };
    let candidate: Vec<bool> = (0..k)
        .map(|c| {
            let s = &chart.subgraphs[c];
            s.direction.is_some_and(|d| d != chart.direction) && node_cluster.iter().any(|&x| under(x, c)) && isolated(c)
        })
        .collect();
    // Outermost candidates only; inner ones are handled by the recursion.
    let chosen: Vec<usize> = (0..k).filter(|&c| candidate[c] && !(0..k).any(|a| a != c && candidate[a] && under(cparent[c], a))).collect();
    if chosen.is_empty() {
        return run_core(chart, config, limits, &none);
    }
    let owner = |i: usize| chosen.iter().copied().find(|&c| under(node_cluster[i], c));
    let cluster_owner = |d: usize| chosen.iter().copied().find(|&c| under(Some(d), c));

    let font_size = config.font_size.filter(|f| *f > 0.0).unwrap_or(16.0);
    let style = TextStyle { font_size, ..TextStyle::default() };
    let pad = config.flowchart.padding.filter(|v| *v >= 0.0).unwrap_or(15.0);
    let cluster_pad = 8.0f64.max(pad / 2.0);
    let wrap = config.flowchart.wrapping_width.filter(|v| *v > 0.0).unwrap_or(200.0);
    let mut sub_config = config.clone();
    sub_config.flowchart.diagram_padding = Some(0.0);

    // Inner layouts.
    let mut inner: Vec<(usize, Layout, Vec<usize>, TextBlock)> = Vec::new();
    for &c in &chosen {
        // Subgraphs strictly inside c, re-indexed.
        let subs: Vec<usize> = (0..k).filter(|&d| d != c && under(Some(d), c)).collect();
        let remap = |d: Option<usize>| d.and_then(|d| subs.iter().position(|&x| x == d));
        let nodes: Vec<Node> = (0..chart.nodes.len())
            .filter(|&i| owner(i) == Some(c))
            .map(|i| {
                let mut nd = chart.nodes[i].clone();
                nd.parent = remap(node_cluster[i]);
                nd
            })
            .collect();
        let edge_ids: Vec<usize> = (0..chart.edges.len()).filter(|&e| side(&chart.edges[e].from, c) == Some(true)).collect();
        let subgraphs: Vec<Subgraph> = subs
            .iter()
            .map(|&d| {
                let mut s = chart.subgraphs[d].clone();
                s.parent = remap(cparent[d]);
                s
            })
            .collect();
        let sub = Flowchart {
            direction: chart.subgraphs[c].direction.unwrap_or(chart.direction),
            nodes,
            edges: edge_ids.iter().map(|&e| chart.edges[e].clone()).collect(),
            subgraphs,
            ..chart.clone()
        };
        let l = run_nested(&sub, sub_config.clone(), limits, depth + 1)?;
        let title = text::layout_label(&chart.subgraphs[c].title, &style, Some(wrap));
        inner.push((c, l, edge_ids, title));
    }

    // The outer chart: stand-ins instead of the chosen clusters' contents.
    let kept_subs: Vec<usize> = (0..k).filter(|&d| cluster_owner(d).is_none()).collect();
    let remap = |d: Option<usize>| d.and_then(|d| kept_subs.iter().position(|&x| x == d));
    let mut nodes: Vec<Node> = Vec::new();
    let mut overrides_owned: Vec<(String, (f64, f64))> = Vec::new();
    let mut placed_stand_in = vec![false; k];
    for i in 0..chart.nodes.len() {
        match owner(i) {
            None => {
                let mut nd = chart.nodes[i].clone();
                nd.parent = remap(node_cluster[i]);
                nodes.push(nd);
            }
            Some(c) if !placed_stand_in[c] => {
                placed_stand_in[c] = true;
                let (_, l, _, title) = inner.iter().find(|x| x.0 == c).expect("chosen cluster has a layout");
                let w = l.width.max(title.width) + 2.0 * cluster_pad;
                let h = l.height + title.height + TITLE_GAP + 2.0 * cluster_pad;
                let id = stand_in_id(&chart.subgraphs[c].id);
                let mut nd = chart.nodes[i].clone();
                nd.id = id.clone();
                nd.label = crate::flowchart::Label::default();
                nd.shape = crate::shape::Shape::Rect;
                nd.parent = remap(cparent[c]);
                overrides_owned.push((id, (w, h)));
                nodes.push(nd);
            }
            Some(_) => {}
        }
    }
    let outer_edges: Vec<usize> = (0..chart.edges.len()).filter(|&e| !inner.iter().any(|x| x.2.contains(&e))).collect();
    let outer = Flowchart {
        nodes,
        edges: outer_edges.iter().map(|&e| chart.edges[e].clone()).collect(),
        subgraphs: kept_subs
            .iter()
            .map(|&d| {
                let mut s = chart.subgraphs[d].clone();
                s.parent = remap(cparent[d]);
                s
            })
            .collect(),
        ..chart.clone()
    };
    let overrides: HashMap<&str, (f64, f64)> = overrides_owned.iter().map(|(id, s)| (id.as_str(), *s)).collect();
    let mut top = run_core(&outer, config.clone(), limits, &overrides)?;

    // Compose: move each inner layout into its stand-in box.
    let top_nodes: HashMap<String, NodeLayout> = top.nodes.drain(..).map(|n| (n.id.clone(), n)).collect();
    let top_clusters: HashMap<String, ClusterLayout> = top.clusters.drain(..).map(|c| (c.id.clone(), c)).collect();
    let mut moved: HashMap<String, NodeLayout> = HashMap::new();
    let mut moved_clusters: HashMap<String, ClusterLayout> = HashMap::new();
    let mut inner_edges: HashMap<usize, EdgeLayout> = HashMap::new();
    for (c, l, edge_ids, title) in inner {
        let Some(stand) = top_nodes.get(&stand_in_id(&chart.subgraphs[c].id)) else { continue };
        let r = stand.rect;
        let (dx, dy) = (r.left() + (r.width - l.width) / 2.0, r.top() + cluster_pad + title.height + TITLE_GAP);
        let shift = |q: &Rect| Rect::new(q.x + dx, q.y + dy, q.width, q.height);
        for mut n in l.nodes {
            n.rect = shift(&n.rect);
            moved.insert(n.id.clone(), n);
        }
        for mut cl in l.clusters {
            cl.rect = shift(&cl.rect);
            moved_clusters.insert(cl.id.clone(), cl);
        }
        for (j, mut e) in l.edges.into_iter().enumerate() {
            route::translate(&mut e.path, dx, dy);
            e.label_box = e.label_box.as_ref().map(shift);
            inner_edges.insert(edge_ids[j], e);
        }
        let s = &chart.subgraphs[c];
        moved_clusters.insert(
            s.id.clone(),
            ClusterLayout {
                id: s.id.clone(),
                title,
                title_text: s.title.text.clone(),
                rect: r,
                parent: cparent[c].map(|p| chart.subgraphs[p].id.clone()),
                nodes: s.nodes.clone(),
                direction: s.direction,
                classes: s.classes.clone(),
                style: s.styles.clone(),
            },
        );
    }
    let mut outer_iter = top.edges.drain(..);
    let mut edges = Vec::with_capacity(chart.edges.len());
    let mut outer_pos = 0;
    for e in 0..chart.edges.len() {
        if let Some(x) = inner_edges.remove(&e) {
            edges.push(x);
        } else if outer_edges.get(outer_pos) == Some(&e) {
            outer_pos += 1;
            if let Some(x) = outer_iter.next() {
                edges.push(x);
            }
        }
    }
    drop(outer_iter);
    top.edges = edges;
    let mut all_nodes = moved;
    all_nodes.extend(top_nodes);
    top.nodes = chart
        .nodes
        .iter()
        .filter_map(|nd| {
            all_nodes.remove(&nd.id).map(|mut n| {
                n.parent = nd.parent.and_then(|p| chart.subgraphs.get(p)).map(|s| s.id.clone());
                n
            })
        })
        .collect();
    let mut all_clusters = moved_clusters;
    all_clusters.extend(top_clusters);
    top.clusters = chart
        .subgraphs
        .iter()
        .enumerate()
        .filter_map(|(c, s)| {
            all_clusters.remove(&s.id).map(|mut cl| {
                cl.parent = cparent[c].map(|p| chart.subgraphs[p].id.clone());
                cl
            })
        })
        .collect();
    Ok(top)
}

/// Sanitised cluster tree: parents that exist and no parent cycles.
fn cluster_tree(chart: &Flowchart) -> Vec<Option<usize>> {
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

fn run_core(chart: &Flowchart, config: DiagramConfig, limits: &Limits, overrides: &HashMap<&str, (f64, f64)>) -> Result<Layout, Error> {

    let font_size = config.font_size.filter(|f| *f > 0.0).unwrap_or(16.0);
    let style = TextStyle { font_size, ..TextStyle::default() };
    let fc = &config.flowchart;
    let pad = fc.padding.filter(|v| *v >= 0.0).unwrap_or(15.0);
    let node_sep = fc.node_spacing.filter(|v| *v >= 0.0).unwrap_or(50.0);
    let rank_sep = fc.rank_spacing.filter(|v| *v >= 0.0).unwrap_or(50.0);
    let margin = fc.diagram_padding.filter(|v| *v >= 0.0).unwrap_or(8.0);
    let wrap = fc.wrapping_width.filter(|v| *v > 0.0).unwrap_or(200.0);
    let cluster_pad = 8.0f64.max(pad / 2.0);
    let dir = chart.direction;
    let frame = Frame(dir);

    // Sizes (final space).
    let n = chart.nodes.len();
    let labels: Vec<TextBlock> = chart.nodes.iter().map(|nd| text::layout_label(&nd.label, &style, Some(wrap))).collect();
    let sizes: Vec<(f64, f64)> = chart
        .nodes
        .iter()
        .zip(&labels)
        .map(|(nd, l)| overrides.get(nd.id.as_str()).copied().unwrap_or_else(|| node_size(nd.shape, l, pad)))
        .collect();
    let k = chart.subgraphs.len();
    let cparent = cluster_tree(chart);
    let titles: Vec<TextBlock> = chart.subgraphs.iter().map(|s| text::layout_label(&s.title, &style, Some(wrap))).collect();
    let node_cluster: Vec<Option<usize>> = chart.nodes.iter().map(|nd| nd.parent.filter(|&p| p < k)).collect();

    // Rank graph nodes: real nodes, then a top and a bottom node per cluster.
    let mut rank_nodes: Vec<RankNode> = Vec::with_capacity(n + 2 * k);
    for i in 0..n {
        let (w, h) = frame.size(sizes[i].0, sizes[i].1);
        rank_nodes.push(RankNode { kind: Kind::Real(i), w, h, cluster: node_cluster[i] });
    }
    let mut band = vec![0.0; k];
    for c in 0..k {
        let (tw, th) = (titles[c].width, titles[c].height);
        let has = tw > 0.0 && th > 0.0;
        // The title sits at the visual top: TB-space top node for TB, bottom
        // node for BT, and for LR/RL a band inside the left border with the
        // top node as tall as the title is wide.
        let (top, bottom) = match dir {
            Direction::TopBottom if has => ((tw + 2.0 * cluster_pad, th), (0.0, 0.0)),
            Direction::BottomTop if has => ((0.0, 0.0), (tw + 2.0 * cluster_pad, th)),
            Direction::LeftRight | Direction::RightLeft if has => {
                band[c] = th + TITLE_GAP;
                ((0.0, tw), (0.0, 0.0))
            }
            _ => ((0.0, 0.0), (0.0, 0.0)),
        };
        rank_nodes.push(RankNode { kind: Kind::Top(c), w: top.0, h: top.1, cluster: Some(c) });
        rank_nodes.push(RankNode { kind: Kind::Bottom(c), w: bottom.0, h: bottom.1, cluster: Some(c) });
    }
    let top_of = |c: usize| n + 2 * c;
    let bottom_of = |c: usize| n + 2 * c + 1;
    let nr = rank_nodes.len();

    // Edge ends: node ids, or subgraph ids (an edge into a cluster enters at
    // its top, one out of it leaves from its bottom).
    let node_idx: HashMap<&str, usize> = chart.nodes.iter().enumerate().map(|(i, nd)| (nd.id.as_str(), i)).collect();
    let sub_idx: HashMap<&str, usize> = chart.subgraphs.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    // First real node inside each cluster (any depth), for the fallback.
    let mut rep: Vec<Option<usize>> = vec![None; k];
    for (i, &c) in node_cluster.iter().enumerate() {
        let mut x = c;
        while let Some(cc) = x {
            if rep[cc].is_none() {
                rep[cc] = Some(i);
            }
            x = cparent[cc];
        }
    }
    let resolve = |id: &str, head: bool, plan_b: bool| -> Option<(usize, Option<usize>)> {
        if let Some(&c) = sub_idx.get(id) {
            let v = if plan_b {
                rep[c].unwrap_or(top_of(c))
            } else if head {
                top_of(c)
            } else {
                bottom_of(c)
            };
            return Some((v, Some(c)));
        }
        node_idx.get(id).map(|&i| (i, None))
    };

    let mut nesting: Vec<REdge> = Vec::new();
    for c in 0..k {
        nesting.push(REdge { u: top_of(c), v: bottom_of(c), minlen: 2, weight: 0 });
        if let Some(p) = cparent[c] {
            nesting.push(REdge { u: top_of(p), v: top_of(c), minlen: 1, weight: 1 });
            nesting.push(REdge { u: bottom_of(c), v: bottom_of(p), minlen: 1, weight: 1 });
        }
    }
    for (i, &c) in node_cluster.iter().enumerate() {
        if let Some(c) = c {
            nesting.push(REdge { u: top_of(c), v: i, minlen: 1, weight: 1 });
            nesting.push(REdge { u: i, v: bottom_of(c), minlen: 1, weight: 1 });
        }
    }

    // Plan A (cluster ends at top/bottom nodes); if that makes a cycle with
    // the nesting constraints, plan B (a member node stands for the cluster).
    let mut ends: Vec<Option<((usize, Option<usize>), (usize, Option<usize>))>> = Vec::new();
    let mut user: Vec<REdge> = Vec::new();
    for plan_b in [false, true] {
        ends = chart.edges.iter().map(|e| Some((resolve(&e.from, false, plan_b)?, resolve(&e.to, true, plan_b)?))).collect();
        let pairs: Vec<(usize, usize)> = ends.iter().map(|x| x.map_or((0, 0), |((a, _), (b, _))| (a, b))).collect();
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
        if plan_b {
            // Still cyclic: cluster-end edges give up their constraint.
            user.retain(|e| e.u < n && e.v < n);
        }
    }
    let mut rank_edges = user;
    rank_edges.extend(nesting.iter().copied());
    let balance: Vec<bool> = (0..nr).map(|v| v < n).collect();
    let budget = (RANK_WORK / (nr + rank_edges.len() + 1)).clamp(50, 20_000);
    let ranks = rank::network_simplex(nr, &rank_edges, &balance, budget);

    // Normalise.
    let edge_labels: Vec<Option<TextBlock>> =
        chart.edges.iter().map(|e| e.label.as_ref().filter(|l| !l.text.is_empty()).map(|l| text::layout_label(l, &style, Some(wrap)))).collect();
    let mapped: Vec<MappedEdge> = chart
        .edges
        .iter()
        .enumerate()
        .map(|(i, _)| match ends[i] {
            Some(((a, _), (b, _))) => MappedEdge {
                tail: a,
                head: b,
                label: edge_labels[i].as_ref().map(|l| frame.size(l.width + 2.0 * LABEL_PAD, l.height + 2.0 * LABEL_PAD)),
                valid: true,
            },
            None => MappedEdge { tail: 0, head: 0, label: None, valid: false },
        })
        .collect();
    let clusters = Clusters { parent: cparent.clone(), top: (0..k).map(top_of).collect(), bottom: (0..k).map(bottom_of).collect() };
    super::budget::check(&ranks, &mapped, &clusters, limits.max_layered_nodes)?;
    let (mut g, chains) = normalise::normalise(&rank_nodes, &ranks, &mapped, clusters);

    // Self loops need room on the node's right (TB space).
    let loop_d = |i: usize| 22.0 + 14.0 * i as f64;
    for (i, ch) in chains.iter().enumerate() {
        if let Chain::Loop { node, index } = ch {
            let lab = edge_labels[i].as_ref().map_or(0.0, |l| frame.size(l.width, l.height).0 + 2.0 * LABEL_PAD + 4.0);
            let need = loop_d(*index) + lab + 2.0;
            match g.nodes[*node].kind {
                // A loop on a cluster goes round the cluster's right side.
                Kind::Top(c) | Kind::Bottom(c) => {
                    for v in g.nodes.iter_mut() {
                        if v.kind == Kind::Border(c, false) {
                            v.right_extra = v.right_extra.max(need);
                        }
                    }
                }
                _ => {
                    let v = &mut g.nodes[*node];
                    v.right_extra = v.right_extra.max(need);
                }
            }
        }
    }

    // Order: the full search (four starts, 40 sweeps each, refinement and
    // sifting) within a work budget linear in the layered graph's size.
    let size = g.nodes.len() as u64;
    order::order(&mut g, 40, 4, 6, 4, ORDER_WORK_BASE + ORDER_WORK_PER_NODE * size);
    for l in 0..g.layers.len() {
        for &v in &g.layers[l] {
            g.nodes[v].rank = l;
        }
    }

    // Position.
    let sp = Spacing { node_sep, edge_sep: 20.0f64.min(node_sep), rank_sep, cluster_pad, band };
    position::position_x(&mut g, &sp);
    cluster::centre_titles(&mut g, &sp);
    position::position_y(&mut g, &sp);
    let cboxes_tb = cluster::boxes(&g, &sp);

    Ok(finish(chart, config, &g, &chains, &cboxes_tb, &labels, &edge_labels, &titles, frame, margin, &sizes, loop_d))
}

#[allow(clippy::too_many_arguments)]
fn finish(
    chart: &Flowchart,
    config: DiagramConfig,
    g: &LGraph,
    chains: &[Chain],
    cboxes_tb: &[Rect],
    labels: &[TextBlock],
    edge_labels: &[Option<TextBlock>],
    titles: &[TextBlock],
    frame: Frame,
    margin: f64,
    sizes: &[(f64, f64)],
    loop_d: impl Fn(usize) -> f64,
) -> Layout {
    let n = chart.nodes.len();
    let k = chart.subgraphs.len();
    let horizontal = frame.0.is_horizontal();
    let node_rect: Vec<Rect> = (0..n)
        .map(|i| {
            let p = frame.point(g.nodes[i].x, g.nodes[i].y);
            Rect::new(p.x, p.y, sizes[i].0, sizes[i].1)
        })
        .collect();
    let cboxes: Vec<Rect> = cboxes_tb.iter().map(|r| frame.rect(r.x, r.y, r.width, r.height)).collect();

    // Obstacles: nodes, then cluster titles (their final boxes).
    let mut obstacles: Vec<Obstacle> = (0..n).map(|i| Obstacle { shape: Some(chart.nodes[i].shape), rect: node_rect[i] }).collect();
    let mut title_obstacle: Vec<Option<usize>> = vec![None; k];
    for c in 0..k {
        let (tw, th) = (titles[c].width, titles[c].height);
        if tw <= 0.0 || th <= 0.0 {
            continue;
        }
        let b = cboxes[c];
        let r = if horizontal {
            Rect::new(b.x, b.top() + 8.0 + th / 2.0, tw, th)
        } else {
            let t = if frame.0 == Direction::BottomTop { g.clusters.bottom[c] } else { g.clusters.top[c] };
            let p = frame.point(g.nodes[t].x, g.nodes[t].y);
            Rect::new(p.x, p.y, tw, th)
        };
        title_obstacle[c] = Some(obstacles.len());
        obstacles.push(Obstacle { shape: None, rect: r });
    }
    let grid = Grid::new(obstacles);
    let half = position::layer_half_heights(g);
    // Ports: the edges leaving a node downwards (TB space) are spread along
    // its lower side in the order of their next nodes, and likewise for the
    // edges entering from above, so they neither meet nor cross next to the
    // node.
    let ports = |nbrs: &[usize], v: usize| -> Vec<(usize, f64)> {
        let mut s: Vec<usize> = nbrs.to_vec();
        s.sort_by(|&a, &b| g.nodes[a].x.partial_cmp(&g.nodes[b].x).unwrap_or(std::cmp::Ordering::Equal).then(a.cmp(&b)));
        let k = s.len();
        let w = g.nodes[v].w;
        let step = if k > 1 { (0.6 * w / (k - 1) as f64).min(16.0) } else { 0.0 };
        s.into_iter().enumerate().map(|(j, x)| (x, (j as f64 - (k as f64 - 1.0) / 2.0) * step)).collect()
    };
    let port = |list: &[(usize, f64)], x: usize| list.iter().find(|p| p.0 == x).map_or(0.0, |p| p.1);
    let down_ports: Vec<Vec<(usize, f64)>> = (0..n).map(|v| ports(&g.down[v], v)).collect();
    let up_ports: Vec<Vec<(usize, f64)>> = (0..n).map(|v| ports(&g.up[v], v)).collect();

    let mut edges: Vec<EdgeLayout> = Vec::with_capacity(chart.edges.len());
    for (ei, e) in chart.edges.iter().enumerate() {
        let curve_kind = e.curve.or(chart.default_link_curve).or(config.flowchart.curve).unwrap_or(Curve::Basis);
        let label = edge_labels[ei].clone();
        let lsize = label.as_ref().map(|l| (l.width + 2.0 * LABEL_PAD, l.height + 2.0 * LABEL_PAD));
        let end_of = |v: usize| -> (End, Vec<usize>) {
            match g.nodes[v].kind {
                Kind::Real(i) => (End::Node(chart.nodes[i].shape, node_rect[i]), vec![i]),
                Kind::Top(c) | Kind::Bottom(c) => (End::Cluster(cboxes[c]), title_obstacle[c].into_iter().collect()),
                _ => (End::Cluster(Rect::new(0.0, 0.0, 0.0, 0.0)), vec![]),
            }
        };
        let centre = |v: usize| frame.point(g.nodes[v].x, g.nodes[v].y);
        let mut label_box = None;
        let (path, used_curve) = match &chains[ei] {
            Chain::Layered { nodes, reversed } => {
                let mut pts: Vec<Point> = Vec::new();
                let last = nodes.len() - 1;
                for (j, &v) in nodes.iter().enumerate() {
                    let nd = &g.nodes[v];
                    let hh = half[nd.rank];
                    // Real nodes and cluster ends leave their layer's band
                    // vertically, so diagonals stay in the free gaps.
                    let real = matches!(nd.kind, Kind::Real(_) | Kind::Top(_) | Kind::Bottom(_));
                    if j == 0 {
                        pts.push(centre(v));
                        if real {
                            let off = if v < n { port(&down_ports[v], nodes[1]) } else { 0.0 };
                            pts.push(frame.point(nd.x + off, nd.y + hh + 1.0));
                        }
                    } else if j == last {
                        if real {
                            let off = if v < n { port(&up_ports[v], nodes[last - 1]) } else { 0.0 };
                            pts.push(frame.point(nd.x + off, nd.y - hh - 1.0));
                        }
                        pts.push(centre(v));
                    } else {
                        if let (Kind::Label(_), Some((w, h))) = (nd.kind, lsize) {
                            let p = centre(v);
                            label_box = Some(Rect::new(p.x, p.y, w, h));
                        }
                        if hh > 0.0 {
                            pts.push(frame.point(nd.x, nd.y - hh));
                            pts.push(frame.point(nd.x, nd.y + hh));
                        } else {
                            pts.push(centre(v));
                        }
                    }
                }
                if *reversed {
                    pts.reverse();
                }
                let (t, h) = if *reversed { (nodes[last], nodes[0]) } else { (nodes[0], nodes[last]) };
                let (te, mut skip) = end_of(t);
                let (he, hs) = end_of(h);
                skip.extend(hs);
                let pts = route::clip(pts, te, he);
                route::draw(&pts, curve_kind, &grid, &skip)
            }
            Chain::Flat { tail, head } => {
                let (te, mut skip) = end_of(*tail);
                let (he, hs) = end_of(*head);
                skip.extend(hs);
                let pts = route::clip(vec![centre(*tail), centre(*head)], te, he);
                if let Some((w, h)) = lsize {
                    let m = pts[0].lerp(pts[pts.len() - 1], 0.5);
                    label_box = Some(Rect::new(m.x, m.y, w, h));
                }
                route::draw(&pts, curve_kind, &grid, &skip)
            }
            Chain::Loop { node, index } => {
                let nd = &g.nodes[*node];
                let ((vx, vy, vw, vh), shape, rect) = match nd.kind {
                    Kind::Top(c) | Kind::Bottom(c) => {
                        let b = cboxes_tb[c];
                        ((b.x, b.y, b.width, b.height), crate::shape::Shape::Rect, cboxes[c])
                    }
                    Kind::Real(i) => ((nd.x, nd.y, nd.w, nd.h), chart.nodes[i].shape, node_rect[i]),
                    _ => ((nd.x, nd.y, nd.w, nd.h), crate::shape::Shape::Rect, frame.rect(nd.x, nd.y, nd.w, nd.h)),
                };
                let d = loop_d(*index);
                // TB space: out of the right side and back, a quarter height
                // above and below the centre.
                let q = (vh / 4.0).max(4.0);
                let xr = vx + vw / 2.0;
                let (a, b) = (frame.point(xr + d, vy - q), frame.point(xr + d, vy + q));
                let s = crate::render::shape::attach_point(shape, &rect, frame.point(xr + d * 0.4, vy - q));
                let t = crate::render::shape::attach_point(shape, &rect, frame.point(xr + d * 0.4, vy + q));
                let pts = vec![s, frame.point(xr + d * 0.5, vy - q), a, b, frame.point(xr + d * 0.5, vy + q), t];
                if let Some((w, h)) = lsize {
                    let (tw, _) = frame.size(w, h);
                    let p = frame.point(xr + d + 2.0 + tw / 2.0, vy);
                    label_box = Some(Rect::new(p.x, p.y, w, h));
                }
                let c = if curve_kind == Curve::Linear { Curve::Linear } else { Curve::Basis };
                (super::curve::build(&pts, c), c)
            }
            Chain::Skip => (Path::default(), curve_kind),
        };
        let mut st = chart.default_link_styles.clone();
        st.extend(e.styles.iter().cloned());
        edges.push(EdgeLayout {
            id: e.id.clone(),
            from: e.from.clone(),
            to: e.to.clone(),
            arrow: e.arrow,
            stroke: e.stroke,
            length: e.length,
            path,
            curve: used_curve,
            label,
            label_box,
            style: st,
            classes: e.classes.clone(),
            animation: e.animation.clone().or(if e.animate { Some("fast".into()) } else { None }),
        });
    }

    // Canvas: everything shifted to start at the margin.
    let mut lo = Point::new(f64::INFINITY, f64::INFINITY);
    let mut hi = Point::new(f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut grow = |r: &Rect| {
        lo.x = lo.x.min(r.left());
        lo.y = lo.y.min(r.top());
        hi.x = hi.x.max(r.right());
        hi.y = hi.y.max(r.bottom());
    };
    node_rect.iter().for_each(&mut grow);
    cboxes.iter().for_each(&mut grow);
    for e in &edges {
        if let Some(b) = &e.label_box {
            grow(b);
        }
    }
    // The box of the sampled curves (the layout JSON's edge points).
    for e in &edges {
        e.path.grow_box(8.0, &mut lo, &mut hi);
    }
    if !lo.x.is_finite() {
        lo = Point::new(0.0, 0.0);
        hi = Point::new(0.0, 0.0);
    }
    let (dx, dy) = (margin - lo.x, margin - lo.y);
    let shift = |r: &Rect| Rect::new(r.x + dx, r.y + dy, r.width, r.height);
    for e in edges.iter_mut() {
        route::translate(&mut e.path, dx, dy);
        e.label_box = e.label_box.as_ref().map(shift);
    }
    let nodes: Vec<NodeLayout> = chart
        .nodes
        .iter()
        .enumerate()
        .map(|(i, nd)| NodeLayout {
            id: nd.id.clone(),
            rect: shift(&node_rect[i]),
            shape: nd.shape,
            label: labels[i].clone(),
            label_kind: nd.label.kind,
            classes: nd.classes.clone(),
            style: chart.node_style(nd),
            click: nd.click.clone(),
            tooltip: nd.tooltip.clone(),
            parent: nd.parent.and_then(|p| chart.subgraphs.get(p)).map(|s| s.id.clone()),
        })
        .collect();
    let clusters: Vec<ClusterLayout> = chart
        .subgraphs
        .iter()
        .enumerate()
        .map(|(c, s)| ClusterLayout {
            id: s.id.clone(),
            title: titles[c].clone(),
            title_text: s.title.text.clone(),
            rect: shift(&cboxes[c]),
            parent: g.clusters.parent[c].map(|p| chart.subgraphs[p].id.clone()),
            nodes: s.nodes.clone(),
            direction: s.direction,
            classes: s.classes.clone(),
            style: s.styles.clone(),
        })
        .collect();
    Layout {
        direction: chart.direction,
        width: (hi.x - lo.x + 2.0 * margin).max(2.0 * margin),
        height: (hi.y - lo.y + 2.0 * margin).max(2.0 * margin),
        nodes,
        edges,
        clusters,
        title: None,
        acc_title: chart.acc_title.clone(),
        acc_descr: chart.acc_descr.clone(),
        config,
        class_defs: chart.class_defs.iter().map(|c| (c.name.clone(), c.styles.clone())).collect(),
        time_ms: 0.0,
    }
}
