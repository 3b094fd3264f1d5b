//! Unit tests for phase 5 on tiny hand-built layered graphs (in the manner
//! of dagre's test/position/bk-test): Brandes–Köpf's conflicts and
//! alignment, and the network simplex on dot's auxiliary graph.

use super::*;
use crate::geom::Rect;
use crate::layout::graph::{Clusters, LGraph};

fn spacing(clusters: usize) -> Spacing {
    Spacing { node_sep: 50.0, edge_sep: 20.0, rank_sep: 50.0, cluster_pad: 8.0, band: vec![0.0; clusters], track_room: Vec::new() }
}

/// Adds a node to layer `rank` (appended on the right of that layer).
fn node(g: &mut LGraph, kind: Kind, w: f64, rank: usize) -> usize {
    node_in(g, kind, w, rank, None)
}

fn node_in(g: &mut LGraph, kind: Kind, w: f64, rank: usize, cluster: Option<usize>) -> usize {
    let v = g.add_node(kind, w, 20.0, cluster, rank);
    if g.layers.len() <= rank {
        g.layers.resize(rank + 1, Vec::new());
        g.layer_rank = (0..g.layers.len() as i32).collect();
    }
    g.layers[rank].push(v);
    v
}

fn real(g: &mut LGraph, i: usize, w: f64, rank: usize) -> usize {
    node(g, Kind::Real(i), w, rank)
}

fn dummy(g: &mut LGraph, e: usize, rank: usize) -> usize {
    node(g, Kind::Dummy(e), 0.0, rank)
}

fn positions(g: &LGraph) -> Vec<usize> {
    let mut pos = vec![0; g.nodes.len()];
    for l in &g.layers {
        for (i, &v) in l.iter().enumerate() {
            pos[v] = i;
        }
    }
    pos
}

fn assert_separated(g: &LGraph, sp: &Spacing) {
    for l in &g.layers {
        for w in l.windows(2) {
            let (a, b) = (w[0], w[1]);
            let need = sp.sep(g, a, b);
            assert!(g.nodes[b].x - g.nodes[a].x >= need - 1e-6, "{a} and {b}: {} < {need}", g.nodes[b].x - g.nodes[a].x);
        }
    }
}

#[test]
fn type1_conflict_marks_the_non_inner_segment() {
    // Layer 0: a, d1; layer 1: d2, b. The inner segment d1-d2 crosses a-b.
    let mut g = LGraph::default();
    let a = real(&mut g, 0, 40.0, 0);
    let d1 = dummy(&mut g, 0, 0);
    let d2 = dummy(&mut g, 0, 1);
    let b = real(&mut g, 1, 40.0, 1);
    g.link(d1, d2);
    g.link(a, b);
    let conflicts = type1_conflicts(&g, &positions(&g));
    assert!(conflicts.contains(&(a.min(b), a.max(b))));
    assert!(!conflicts.contains(&(d1.min(d2), d1.max(d2))), "the inner segment wins");
}

#[test]
fn no_conflict_without_crossing() {
    let mut g = LGraph::default();
    let a = real(&mut g, 0, 40.0, 0);
    let d1 = dummy(&mut g, 0, 0);
    let b = real(&mut g, 1, 40.0, 1);
    let d2 = dummy(&mut g, 0, 1);
    g.link(d1, d2);
    g.link(a, b);
    assert!(type1_conflicts(&g, &positions(&g)).is_empty());
}

#[test]
fn alignment_follows_the_median_and_skips_conflicts() {
    // a over b (median of one), and c's only upper neighbour is a too, on
    // the right: up-left alignment puts b under a, c in its own block.
    let mut g = LGraph::default();
    let a = real(&mut g, 0, 40.0, 0);
    let b = real(&mut g, 1, 40.0, 1);
    let c = real(&mut g, 2, 40.0, 1);
    g.link(a, b);
    g.link(a, c);
    let sp = spacing(0);
    let none = HashSet::new();
    let xs = one_alignment(&g, &sp, &none, false, false);
    assert_eq!(xs[a], xs[b], "b aligned with a");
    assert_eq!(xs[c] - xs[b], sp.sep(&g, b, c));
    // A conflict on a-b leaves a free to align with nobody else.
    let conflicts: HashSet<(usize, usize)> = [(a.min(b), a.max(b))].into_iter().collect();
    let xs = one_alignment(&g, &sp, &conflicts, false, false);
    assert_eq!(xs[a], xs[c], "with a-b in conflict, a aligns with the next median candidate c");
}

#[test]
fn long_edge_comes_out_straight() {
    // a -> d1 -> d2 -> b, with a wide node left of d1 and another right of
    // d2 (so a straight column must clear both).
    let mut g = LGraph::default();
    let a = real(&mut g, 0, 40.0, 0);
    let wide = real(&mut g, 1, 200.0, 1);
    let d1 = dummy(&mut g, 0, 1);
    let d2 = dummy(&mut g, 0, 2);
    let right = real(&mut g, 2, 80.0, 2);
    let b = real(&mut g, 3, 40.0, 3);
    let top = real(&mut g, 4, 40.0, 0);
    for (u, v) in [(a, d1), (d1, d2), (d2, b), (top, wide), (wide, right)] {
        g.link(u, v);
    }
    g.layers[0] = vec![top, a];
    let sp = spacing(0);
    position_x(&mut g, &sp);
    let x = |v: usize| g.nodes[v].x;
    assert_eq!(x(d1), x(d2));
    assert_eq!(x(a), x(d1), "the chain runs in the tail's column");
    assert_eq!(x(b), x(d2), "and the head's");
    assert_separated(&g, &sp);
}

#[test]
fn crossing_dummy_chains_stay_feasible() {
    // Two long edges whose inner segments cross between layers 1 and 2:
    // they cannot both be one variable; the solve must still hold the
    // separations.
    let mut g = LGraph::default();
    let a = real(&mut g, 0, 40.0, 0);
    let c = real(&mut g, 1, 40.0, 0);
    let p1 = dummy(&mut g, 0, 1);
    let q1 = dummy(&mut g, 1, 1);
    let q2 = dummy(&mut g, 1, 2);
    let p2 = dummy(&mut g, 0, 2);
    let b = real(&mut g, 2, 40.0, 3);
    let d = real(&mut g, 3, 40.0, 3);
    for (u, v) in [(a, p1), (p1, p2), (p2, b), (c, q1), (q1, q2), (q2, d)] {
        g.link(u, v);
    }
    let straight = straight_segments(&g);
    assert!(!straight[p2] && !straight[q2]);
    let sp = spacing(0);
    position_x(&mut g, &sp);
    assert_separated(&g, &sp);
}

#[test]
fn separations_hold_with_mixed_widths_and_loop_room() {
    let mut g = LGraph::default();
    let a = real(&mut g, 0, 120.0, 0);
    let b = real(&mut g, 1, 30.0, 0);
    let c = real(&mut g, 2, 60.0, 1);
    let d = dummy(&mut g, 0, 1);
    let e = real(&mut g, 3, 90.0, 1);
    let f = real(&mut g, 4, 40.0, 2);
    g.nodes[a].right_extra = 35.0;
    for (u, v) in [(a, e), (b, c), (b, d), (d, f), (c, f)] {
        g.link(u, v);
    }
    let sp = spacing(0);
    position_x(&mut g, &sp);
    assert_separated(&g, &sp);
    // Dummies are spaced by edge spacing, not node spacing.
    assert_eq!(sp.sep(&g, c, d), 60.0 / 2.0 + 25.0 + 10.0);
}

/// A cluster over layers 0..=3 with members of different widths on each
/// layer, and an outside node feeding it from the left.
fn cluster_graph() -> (LGraph, Vec<usize>, Vec<usize>) {
    let mut g = LGraph::default();
    let c = Some(0);
    let outside = real(&mut g, 0, 60.0, 1);
    let mut lefts = Vec::new();
    let mut rights = Vec::new();
    let widths = [0.0, 40.0, 160.0, 0.0];
    let mut inner = Vec::new();
    for (r, &w) in widths.iter().enumerate() {
        lefts.push(node_in(&mut g, Kind::Border(0, Side::Left), 0.0, r, c));
        let kind = match r {
            0 => Kind::Top(0),
            3 => Kind::Bottom(0),
            _ => Kind::Real(r),
        };
        inner.push(node_in(&mut g, kind, w, r, c));
        rights.push(node_in(&mut g, Kind::Border(0, Side::Right), 0.0, r, c));
    }
    for r in 1..4 {
        g.border_up[lefts[r]] = Some(lefts[r - 1]);
        g.border_down[lefts[r - 1]] = Some(lefts[r]);
        g.border_up[rights[r]] = Some(rights[r - 1]);
        g.border_down[rights[r - 1]] = Some(rights[r]);
    }
    g.link(inner[1], inner[2]);
    let after = real(&mut g, 9, 60.0, 3);
    g.link(outside, after);
    g.link(inner[2], after);
    g.clusters = Clusters { parent: vec![None], top: vec![inner[0]], bottom: vec![inner[3]] };
    g.cluster_ranks = vec![(0, 3)];
    (g, lefts, rights)
}

#[test]
fn cluster_sides_are_straight_and_tight() {
    let (mut g, lefts, rights) = cluster_graph();
    let sp = spacing(1);
    position_x(&mut g, &sp);
    assert_separated(&g, &sp);
    let lx = g.nodes[lefts[0]].x;
    let rx = g.nodes[rights[0]].x;
    for (&l, &r) in lefts.iter().zip(&rights) {
        assert_eq!(g.nodes[l].x, lx, "left side straight");
        assert_eq!(g.nodes[r].x, rx, "right side straight");
    }
    // Tight: as wide as the widest member plus padding on both sides.
    assert_eq!(rx - lx, 160.0 + 2.0 * sp.cluster_pad);
}

/// A node above a titled cluster whose edge enters beside the title:
/// layer 0 `a`; the cluster's title row (layer 1) holds the edge's dummy and
/// the title; layer 2 its member `b`, as wide as `a`.
fn edge_entering_beside_a_title() -> (LGraph, [usize; 5]) {
    let mut g = LGraph::default();
    let c = Some(0);
    let a = real(&mut g, 0, 100.0, 0);
    let mut lefts = Vec::new();
    let mut rights = Vec::new();
    lefts.push(node_in(&mut g, Kind::Border(0, Side::Left), 0.0, 1, c));
    let d = node_in(&mut g, Kind::Dummy(0), 0.0, 1, c);
    let title = node_in(&mut g, Kind::Top(0), 60.0, 1, c);
    rights.push(node_in(&mut g, Kind::Border(0, Side::Right), 0.0, 1, c));
    lefts.push(node_in(&mut g, Kind::Border(0, Side::Left), 0.0, 2, c));
    let bottom = g.add_node(Kind::Bottom(0), 0.0, 0.0, c, 2);
    g.layers[2].push(bottom);
    let b = node_in(&mut g, Kind::Real(1), 100.0, 2, c);
    rights.push(node_in(&mut g, Kind::Border(0, Side::Right), 0.0, 2, c));
    for side in [&lefts, &rights] {
        g.border_up[side[1]] = Some(side[0]);
        g.border_down[side[0]] = Some(side[1]);
    }
    g.link(a, d);
    g.link(d, b);
    g.clusters = Clusters { parent: vec![None], top: vec![title], bottom: vec![bottom] };
    g.cluster_ranks = vec![(1, 2)];
    (g, [a, d, b, lefts[0], rights[0]])
}

#[test]
fn an_edge_entering_beside_a_title_runs_straight() {
    // Held at the members' width, the box would squeeze the dummy against
    // its left side, 40 px off b's axis, and a would follow the dummy: the
    // cluster steps right of what is above it. The title row may widen the
    // box instead (TITLE_ROW_PULL), so a, the dummy and b share one x.
    let (mut g, [a, d, b, left, right]) = edge_entering_beside_a_title();
    let sp = spacing(1);
    position_x(&mut g, &sp);
    assert_separated(&g, &sp);
    let x = |v: usize| g.nodes[v].x;
    assert_eq!(x(a), x(b), "no step between the node above and the member");
    assert_eq!(x(d), x(b), "the entering edge is straight");
    // The box is wider than its member, by no more than the title needs.
    let title_row = sp.sep(&g, d, g.clusters.top[0]) + 30.0 + sp.cluster_pad;
    assert_eq!(x(right) - x(b), title_row.ceil());
    assert_eq!(x(b) - x(left), 50.0 + sp.cluster_pad);
}

#[test]
fn fan_out_centres_the_parent() {
    let mut g = LGraph::default();
    let p = real(&mut g, 0, 40.0, 0);
    let a = real(&mut g, 1, 80.0, 1);
    let b = real(&mut g, 2, 40.0, 1);
    g.link(p, a);
    g.link(p, b);
    let sp = spacing(0);
    position_x(&mut g, &sp);
    let x = |v: usize| g.nodes[v].x;
    assert_eq!(x(p), ((x(a) + x(b)) / 2.0).round());
    assert_separated(&g, &sp);
}

#[test]
fn fan_out_through_labels_centres_the_parent_and_keeps_columns() {
    // seed.mmd's shape: a decision over two labelled edges to C and D,
    // which meet again in E.
    let mut g = LGraph::default();
    let b = real(&mut g, 0, 130.0, 0);
    let l1 = node(&mut g, Kind::Label(0), 30.0, 1);
    let l2 = node(&mut g, Kind::Label(1), 30.0, 1);
    let c = real(&mut g, 1, 160.0, 2);
    let d = real(&mut g, 2, 190.0, 2);
    let e = real(&mut g, 3, 90.0, 3);
    for (u, v) in [(b, l1), (b, l2), (l1, c), (l2, d), (c, e), (d, e)] {
        g.link(u, v);
    }
    let sp = spacing(0);
    position_x(&mut g, &sp);
    let x = |v: usize| g.nodes[v].x;
    assert!(x(l1) == x(c) || x(l1) == x(b), "label in one end's column");
    assert!(x(l2) == x(d) || x(l2) == x(b));
    assert_eq!(x(b), ((x(c) + x(d)) / 2.0).round(), "decision centred");
    assert_eq!(x(e), ((x(c) + x(d)) / 2.0).round(), "join centred");
}

#[test]
fn deterministic() {
    let build = || {
        let (g, _, _) = cluster_graph();
        g
    };
    let sp = spacing(1);
    let mut g1 = build();
    let mut g2 = build();
    position_x(&mut g1, &sp);
    position_x(&mut g2, &sp);
    let xs = |g: &LGraph| g.nodes.iter().map(|n| n.x.to_bits()).collect::<Vec<_>>();
    assert_eq!(xs(&g1), xs(&g2));
}

#[test]
fn absurd_spacing_falls_back_without_overflow() {
    let mut g = LGraph::default();
    let p = real(&mut g, 0, 40.0, 0);
    let a = real(&mut g, 1, 40.0, 1);
    let b = real(&mut g, 2, 40.0, 1);
    g.link(p, a);
    g.link(p, b);
    let sp = Spacing { node_sep: 1e12, ..spacing(0) };
    position_x(&mut g, &sp);
    assert_separated(&g, &sp);
}

/// A cluster whose only layer holds its untitled top and bottom nodes and
/// one member: left border, top, bottom, member, right border (the order
/// `order.rs` gives them).
fn one_layer_cluster() -> (LGraph, [usize; 5]) {
    let mut g = LGraph::default();
    let c = Some(0);
    let left = node_in(&mut g, Kind::Border(0, Side::Left), 0.0, 0, c);
    let top = node_in(&mut g, Kind::Top(0), 0.0, 0, c);
    let bottom = node_in(&mut g, Kind::Bottom(0), 0.0, 0, c);
    let member = node_in(&mut g, Kind::Real(0), 40.0, 0, c);
    let right = node_in(&mut g, Kind::Border(0, Side::Right), 0.0, 0, c);
    for v in [left, top, bottom, right] {
        g.nodes[v].h = 0.0;
    }
    g.clusters = Clusters { parent: vec![None], top: vec![top], bottom: vec![bottom] };
    g.cluster_ranks = vec![(0, 0)];
    (g, [left, top, bottom, member, right])
}

#[test]
fn an_untitled_cluster_end_takes_no_room_in_its_layer() {
    let (mut g, [left, top, bottom, member, right]) = one_layer_cluster();
    let sp = spacing(1);
    assert_eq!(sp.sep(&g, left, top), 0.0);
    assert_eq!(sp.sep(&g, top, bottom), 0.0);
    assert_eq!(sp.sep(&g, bottom, member), sp.sep(&g, left, member));
    position_x(&mut g, &sp);
    assert_separated(&g, &sp);
    assert_eq!(g.nodes[right].x - g.nodes[left].x, 40.0 + 2.0 * sp.cluster_pad);
}

#[test]
fn a_box_whose_ends_share_the_members_layer_wraps_the_members() {
    let (mut g, [.., member, _]) = one_layer_cluster();
    let sp = spacing(1);
    position_x(&mut g, &sp);
    position_y(&mut g, &sp);
    let b = crate::layout::cluster::boxes(&g, &sp)[0];
    let m = &g.nodes[member];
    assert_eq!(b.top(), m.y - m.h / 2.0 - sp.cluster_pad);
    assert_eq!(b.bottom(), m.y + m.h / 2.0 + sp.cluster_pad);
    assert_eq!(b.width, 40.0 + 2.0 * sp.cluster_pad);
}

#[test]
fn a_box_closing_above_a_titled_box_keeps_them_apart() {
    // Layer 0: cluster 0's member and its untitled bottom; layer 1:
    // cluster 1's title (its top node) and member.
    let mut g = LGraph::default();
    let m0 = node_in(&mut g, Kind::Real(0), 40.0, 0, Some(0));
    let b0 = node_in(&mut g, Kind::Bottom(0), 0.0, 0, Some(0));
    g.nodes[b0].h = 0.0;
    let t1 = node_in(&mut g, Kind::Top(1), 60.0, 1, Some(1));
    let sp = spacing(2);
    position_y(&mut g, &sp);
    let (a, b) = (&g.nodes[m0], &g.nodes[t1]);
    let between = (b.y - b.h / 2.0) - (a.y + a.h / 2.0);
    // Room for cluster 0's bottom padding, cluster 1's top padding above
    // its title, and two more between the borders.
    assert!(between - 2.0 * sp.cluster_pad >= 2.0 * sp.cluster_pad, "{between}");
}

/// Layer 0: a; layer 1: cluster 0's title (its top node, `title_h` tall)
/// and whatever `also` adds; layer 2: the member b. Returns the room
/// between a's bottom and b's top.
fn room_across_a_title(title_h: f64, also: impl Fn(&mut LGraph)) -> f64 {
    let mut g = LGraph::default();
    let a = real(&mut g, 0, 40.0, 0);
    let t = node_in(&mut g, Kind::Top(0), 60.0, 1, Some(0));
    g.nodes[t].h = title_h;
    also(&mut g);
    let b = node_in(&mut g, Kind::Real(1), 40.0, 2, Some(0));
    position_y(&mut g, &spacing(1));
    let (a, b) = (&g.nodes[a], &g.nodes[b]);
    (b.y - b.h / 2.0) - (a.y + a.h / 2.0)
}

#[test]
fn a_layer_of_titles_alone_takes_its_room_from_the_rank_gaps() {
    let sp = spacing(1);
    // Two rank gaps of rank_sep / 2: the 20-unit title fits in them.
    assert_eq!(room_across_a_title(20.0, |_| {}), sp.rank_sep);
    // A dummy passing through takes no room either.
    assert_eq!(room_across_a_title(20.0, |g: &mut LGraph| {
        let d = dummy(g, 0, 1);
        g.nodes[d].h = 0.0;
    }), sp.rank_sep);
}

#[test]
fn a_tall_title_keeps_its_paddings() {
    let sp = spacing(1);
    // Each gap shrinks to the padding above the title (and 2 units).
    let need = 60.0 + 2.0 * (sp.cluster_pad + 2.0);
    assert_eq!(room_across_a_title(60.0, |_| {}), need);
}

#[test]
fn a_title_sharing_its_layer_with_a_node_adds_its_height_to_the_gaps() {
    let sp = spacing(1);
    // An edge label node on the title's layer keeps the full rank gaps.
    let room = room_across_a_title(20.0, |g: &mut LGraph| {
        node(g, Kind::Label(0), 30.0, 1);
    });
    assert_eq!(room, sp.rank_sep + 20.0);
}

/// Left to right (a title band): layer 0 holds an edge label leading into
/// cluster 0 and the cluster's top node, as tall as the title is wide
/// (TB space); layer 1 the member, `member_h` tall, and the untitled
/// bottom node. Returns the graph, the box, and the label, top and member.
fn title_band_cluster(title_w: f64, member_h: f64) -> (LGraph, Rect, [usize; 3]) {
    let mut g = LGraph::default();
    // Owned by the cluster, as dagre's dummy chains give it.
    let label = node_in(&mut g, Kind::Label(0), 30.0, 0, Some(0));
    let top = node_in(&mut g, Kind::Top(0), 0.0, 0, Some(0));
    g.nodes[top].h = title_w;
    let member = node_in(&mut g, Kind::Real(0), 40.0, 1, Some(0));
    g.nodes[member].h = member_h;
    let bottom = node_in(&mut g, Kind::Bottom(0), 0.0, 1, Some(0));
    g.nodes[bottom].h = 0.0;
    g.clusters = Clusters { parent: vec![None], top: vec![top], bottom: vec![bottom] };
    g.cluster_ranks = vec![(0, 1)];
    let sp = Spacing { band: vec![30.0], ..spacing(1) };
    position_x(&mut g, &sp);
    position_y(&mut g, &sp);
    let b = crate::layout::cluster::boxes(&g, &sp)[0];
    (g, b, [label, top, member])
}

#[test]
fn a_title_band_box_starts_at_its_contents_not_at_the_labels_leading_in() {
    let pad = spacing(1).cluster_pad;
    // Contents longer than the title: the box is the member plus padding,
    // and the label on the top node's layer stays outside it.
    let (g, b, [label, _, member]) = title_band_cluster(60.0, 100.0);
    let (l, m) = (&g.nodes[label], &g.nodes[member]);
    assert_eq!(b.top(), m.y - m.h / 2.0 - pad);
    assert!(l.y + l.h / 2.0 < b.top(), "label {} .. {}, box from {}", l.y - l.h / 2.0, l.y + l.h / 2.0, b.top());
    // Contents shorter than the title: the box is as long as the title
    // plus its paddings, reaching back no further than that.
    let (g, b, [_, top, member]) = title_band_cluster(60.0, 20.0);
    let (t, m) = (&g.nodes[top], &g.nodes[member]);
    assert_eq!(b.height, 60.0 + 2.0 * pad);
    assert_eq!(b.bottom(), m.y + m.h / 2.0 + pad);
    assert!(b.top() >= t.y - t.h / 2.0 - pad);
}

#[test]
fn a_titled_top_without_a_band_keeps_its_own_extent() {
    // Top to bottom the top node is the title itself: the box starts above it.
    let mut g = LGraph::default();
    let top = node_in(&mut g, Kind::Top(0), 60.0, 0, Some(0));
    let member = node_in(&mut g, Kind::Real(0), 40.0, 1, Some(0));
    let bottom = node_in(&mut g, Kind::Bottom(0), 0.0, 1, Some(0));
    g.nodes[bottom].h = 0.0;
    g.clusters = Clusters { parent: vec![None], top: vec![top], bottom: vec![bottom] };
    g.cluster_ranks = vec![(0, 1)];
    let sp = spacing(1);
    position_x(&mut g, &sp);
    position_y(&mut g, &sp);
    let b = crate::layout::cluster::boxes(&g, &sp)[0];
    let t = &g.nodes[top];
    assert_eq!(b.top(), t.y - t.h / 2.0 - sp.cluster_pad);
    assert!(b.top() < g.nodes[member].y);
}
