//! The pipeline: builds the rank graph from the flowchart, runs the phases
//! in order and turns the TB-space result into the [`Layout`] for the
//! diagram's direction.

use super::graph::{Chain, Clusters, Kind, LGraph};
use super::normalise::{MappedEdge, RankNode};
use super::position::Spacing;
use super::rank::REdge;
use super::route::{self, End, Grid, Obstacle};
use super::{acyclic, cluster, normalise, order, position, rank};
use super::{ClusterLayout, EdgeLayout, Layout, NodeLayout};
use crate::config::DiagramConfig;
use crate::flowchart::{Curve, Direction, Flowchart};
use crate::geom::{Path, Point, Rect};
use crate::render::shape::node_size;
use crate::text::{self, TextBlock, TextStyle};
use std::collections::HashMap;

/// Work budget of network simplex (iterations × graph size): beyond it the
/// current feasible ranking is kept (huge graphs).
const RANK_WORK: usize = 8_000_000;
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

/// Sanitised cluster tree: parents that exist and no parent cycles.
fn cluster_tree(chart: &Flowchart) -> (Vec<Option<usize>>, Vec<usize>) {
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
    let depth = (0..k)
        .map(|c| {
            let mut d = 0;
            let mut x = parent[c];
            while let Some(p) = x {
                d += 1;
                x = parent[p];
            }
            d
        })
        .collect();
    (parent, depth)
}

pub(super) fn run(chart: &Flowchart, config: DiagramConfig) -> Layout {
    let debug = std::env::var_os("MMDFLOW_DEBUG").is_some();
    let t0 = std::time::Instant::now();
    let lap = |what: &str| {
        if debug {
            eprintln!("{what}: {:.1} ms", t0.elapsed().as_secs_f64() * 1000.0);
        }
    };
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
    let sizes: Vec<(f64, f64)> = chart.nodes.iter().zip(&labels).map(|(nd, l)| node_size(nd.shape, l, pad)).collect();
    let k = chart.subgraphs.len();
    let (cparent, cdepth) = cluster_tree(chart);
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
    let balance: Vec<bool> = (0..nr).map(|v| v < n && std::env::var_os("MMD_NOBAL").is_none()).collect();
    let budget = (RANK_WORK / (nr + rank_edges.len() + 1)).clamp(50, 20_000);
    lap("prepare");
    let ranks = rank::network_simplex(nr, &rank_edges, &balance, budget);
    lap("rank");

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
    let clusters = Clusters { parent: cparent.clone(), depth: cdepth, top: (0..k).map(top_of).collect(), bottom: (0..k).map(bottom_of).collect() };
    let (mut g, chains) = normalise::normalise(&rank_nodes, &ranks, &mapped, clusters);

    // Self loops need room on the node's right (TB space).
    let loop_d = |i: usize| 22.0 + 14.0 * i as f64;
    for (i, ch) in chains.iter().enumerate() {
        if let Chain::Loop { node, index } = ch {
            let lab = edge_labels[i].as_ref().map_or(0.0, |l| frame.size(l.width, l.height).0 + 2.0 * LABEL_PAD + 4.0);
            let need = loop_d(*index) + lab + 2.0;
            let v = &mut g.nodes[*node];
            v.right_extra = v.right_extra.max(need);
        }
    }

    // Order.
    let size = g.nodes.len();
    if std::env::var_os("MMDFLOW_DEBUG").is_some() {
        eprintln!("layered nodes {size}, layers {}", g.layers.len());
    }
    let (iters, restarts, sift) = if size > 20_000 {
        (8, 1, 1)
    } else if size > 6_000 {
        (12, 2, 2)
    } else {
        (60, 4, 6)
    };
    lap("normalise");
    order::order(&mut g, iters, restarts, sift);
    lap("order");
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
    if debug {
        for (r, l) in g.layers.iter().enumerate() {
            let row: Vec<String> = l.iter().map(|&v| format!("{:?}@{:.0}", g.nodes[v].kind, g.nodes[v].x)).collect();
            eprintln!("L{r}: {}", row.join(" "));
        }
    }
    lap("position");

    finish(chart, config, &g, &chains, &cboxes_tb, &labels, &edge_labels, &titles, frame, margin, &sizes, loop_d)
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
            Rect::new(b.x, b.top() + g_cluster_pad(g, c, b, th) + th / 2.0, tw, th)
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
                    let real = matches!(nd.kind, Kind::Real(_));
                    if j == 0 {
                        pts.push(centre(v));
                        if real {
                            let off = port(&down_ports[v], nodes[1]);
                            pts.push(frame.point(nd.x + off, nd.y + hh + 1.0));
                        }
                    } else if j == last {
                        if real {
                            let off = port(&up_ports[v], nodes[last - 1]);
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
                let v = &g.nodes[*node];
                let d = loop_d(*index);
                // TB space: out of the right side and back, a quarter height
                // above and below the centre.
                let q = (v.h / 4.0).max(4.0);
                let xr = v.x + v.w / 2.0;
                let (a, b) = (frame.point(xr + d, v.y - q), frame.point(xr + d, v.y + q));
                let (shape, rect) = match v.kind {
                    Kind::Real(i) => (chart.nodes[i].shape, node_rect[i]),
                    _ => (crate::shape::Shape::Rect, Rect::default()),
                };
                let s = crate::render::shape::attach_point(shape, &rect, frame.point(xr + d * 0.4, v.y - q));
                let t = crate::render::shape::attach_point(shape, &rect, frame.point(xr + d * 0.4, v.y + q));
                let pts = vec![s, frame.point(xr + d * 0.5, v.y - q), a, b, frame.point(xr + d * 0.5, v.y + q), t];
                if let Some((w, h)) = lsize {
                    let (tw, _) = frame.size(w, h);
                    let p = frame.point(xr + d + 2.0 + tw / 2.0, v.y);
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
        for p in e.path.flatten(8.0) {
            grow(&Rect::new(p.x, p.y, 0.0, 0.0));
        }
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

/// Inner padding above the title band of an LR/RL cluster.
fn g_cluster_pad(_g: &LGraph, _c: usize, _b: Rect, _th: f64) -> f64 {
    8.0
}
