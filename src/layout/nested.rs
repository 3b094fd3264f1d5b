//! Clusters with their own `direction`, laid out on their own (mermaid's
//! rule: only when no edge crosses the cluster's boundary; otherwise the
//! parent's direction applies). The parent layout holds one stand-in node
//! of the cluster's size, and the cluster's layout is moved into that box.
//! Recursion is bounded by [`MAX_NESTED_DEPTH`].

use super::engine::{self, StepTimings};
use super::params::{LayoutParams, TITLE_GAP};
use super::rank_graph::{cluster_tree, node_clusters};
use super::{ClusterLayout, EdgeLayout, Layout, NodeLayout};
use crate::config::DiagramConfig;
use crate::{Error, Limits};
use crate::flowchart::{Flowchart, Node, Subgraph};
use crate::geom::Rect;
use crate::text::{self, TextBlock};
use std::collections::HashMap;

/// Nested layouts deeper than this are laid out in the parent's direction.
const MAX_NESTED_DEPTH: usize = 8;

/// Id of the stand-in node of a cluster laid out on its own (cannot clash
/// with mermaid ids, which never contain a NUL).
fn stand_in_id(c: &str) -> String {
    format!("\u{0}cluster\u{0}{c}")
}

pub(super) fn run_nested(chart: &Flowchart, config: DiagramConfig, limits: &Limits, depth: usize, timings: &mut StepTimings) -> Result<Layout, Error> {
    let k = chart.subgraphs.len();
    let none = HashMap::new();
    if k == 0 || depth > MAX_NESTED_DEPTH {
        return engine::run_core(chart, config, limits, &none, timings);
    }
    let cparent = cluster_tree(chart);
    let node_cluster = node_clusters(chart);
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
        return engine::run_core(chart, config, limits, &none, timings);
    }
    let owner = |i: usize| chosen.iter().copied().find(|&c| under(node_cluster[i], c));
    let cluster_owner = |d: usize| chosen.iter().copied().find(|&c| under(Some(d), c));

    let params = LayoutParams::resolve(&config);
    let (style, cluster_pad, wrap) = (&params.text, params.cluster_pad, params.wrap_width);
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
            // The diagram title belongs to the whole drawing, not to a cluster.
            title: None,
            ..chart.clone()
        };
        let l = run_nested(&sub, sub_config.clone(), limits, depth + 1, timings)?;
        let title = text::layout_label(&chart.subgraphs[c].title, style, Some(wrap));
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
    let mut top = engine::run_core(&outer, config.clone(), limits, &overrides, timings)?;

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
            cl.title_box = cl.title_box.as_ref().map(shift);
            moved_clusters.insert(cl.id.clone(), cl);
        }
        for (j, mut e) in l.edges.into_iter().enumerate() {
            e.path.translate(dx, dy);
            e.label_box = e.label_box.as_ref().map(shift);
            inner_edges.insert(edge_ids[j], e);
        }
        let s = &chart.subgraphs[c];
        let title_box =
            (title.width > 0.0 && title.height > 0.0).then(|| Rect::new(r.x, r.top() + cluster_pad + title.height / 2.0, title.width, title.height));
        moved_clusters.insert(
            s.id.clone(),
            ClusterLayout {
                id: s.id.clone(),
                title,
                title_text: s.title.text.clone(),
                rect: r,
                title_box,
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

