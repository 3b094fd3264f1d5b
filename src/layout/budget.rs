//! The size of the layered graph, known before it is built.
//!
//! Normalisation (Gansner et al. 1993, §3 start) turns every edge that spans
//! k layers into a chain of k − 1 virtual nodes, and gives every cluster a
//! left and a right border node on each of its layers. Ranks are cheap to
//! compute, but the layered graph is what ordering, positioning and routing
//! work on, and its size is not bounded by the input's: a complete graph on
//! n nodes (one `a & b & … --> a & b & …` line) has n²/2 edges whose spans
//! add up to about n³/3 layers, so 140 names make almost a million virtual
//! nodes. [`layered_size`] counts them from the ranks exactly as
//! `normalise` will lay them out, and [`check`] refuses a graph over
//! `Limits::max_layered_nodes` with an error before anything is allocated
//! for it.

use super::graph::Clusters;
use super::normalise::MappedEdge;
use crate::error::{Error, ErrorKind};
use std::collections::HashMap;

/// The number of nodes `normalise` will create for these ranks and edges:
/// every rank-graph node, one virtual node per layer strictly inside each
/// edge, and two border nodes per cluster layer. The layers are the ranks in
/// use (node ranks, plus the middle rank of labelled edges and of edges with
/// a parallel twin), as `normalise` compresses them. Saturates instead of
/// overflowing.
pub(super) fn layered_size(ranks: &[i32], edges: &[MappedEdge], clusters: &Clusters) -> usize {
    let real = |e: &MappedEdge| e.valid && e.tail != e.head && e.tail < ranks.len() && e.head < ranks.len();
    let mut twins: HashMap<(usize, usize), usize> = HashMap::new();
    for e in edges.iter().filter(|e| real(e)) {
        *twins.entry((e.tail.min(e.head), e.tail.max(e.head))).or_insert(0) += 1;
    }
    let span = |e: &MappedEdge| (ranks[e.tail].min(ranks[e.head]), ranks[e.tail].max(ranks[e.head]));
    let mut used: Vec<i32> = ranks.to_vec();
    for e in edges.iter().filter(|e| real(e)) {
        let (a, b) = span(e);
        let twin = twins[&(e.tail.min(e.head), e.tail.max(e.head))] > 1;
        if (e.label.is_some() || twin) && b - a >= 2 {
            used.push((a + b) / 2);
        }
    }
    used.sort_unstable();
    used.dedup();
    let layer = |r: i32| used.partition_point(|&u| u < r);
    let mut size = ranks.len();
    for e in edges.iter().filter(|e| real(e)) {
        let (a, b) = span(e);
        size = size.saturating_add((layer(b) - layer(a)).saturating_sub(1));
    }
    for c in 0..clusters.len() {
        let (t, b) = (clusters.top[c], clusters.bottom[c]);
        if let (Some(&rt), Some(&rb)) = (ranks.get(t), ranks.get(b)) {
            let layers = layer(rt.max(rb)) - layer(rt.min(rb)) + 1;
            size = size.saturating_add(2 * layers);
        }
    }
    size
}

/// Refuses a layered graph of more than `max` nodes (see the module notes).
pub(super) fn check(ranks: &[i32], edges: &[MappedEdge], clusters: &Clusters, max: usize) -> Result<(), Error> {
    let size = layered_size(ranks, edges, clusters);
    if size > max {
        return Err(Error::new(
            ErrorKind::LimitExceeded,
            format!(
                "the layout would have {size} layered nodes (nodes plus one per rank each edge crosses), \
                 more than the limit of {max} (max_layered_nodes, --max-layered-nodes); \
                 long edges across many ranks cause this: fewer edges or shorter chains help"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(tail: usize, head: usize, label: bool) -> MappedEdge {
        MappedEdge { tail, head, label: label.then_some((10.0, 10.0)), valid: true }
    }

    fn no_clusters() -> Clusters {
        Clusters { parent: Vec::new(), top: Vec::new(), bottom: Vec::new() }
    }

    #[test]
    fn counts_virtual_nodes_on_compressed_layers() {
        // A chain on the doubled rank scale: 0, 2, 4. Unlabelled edges leave
        // the odd ranks unused, so the layers are 0, 1, 2 and no edge needs a
        // virtual node; the edge 0 -> 2 crosses one layer.
        let ranks = [0, 2, 4];
        assert_eq!(layered_size(&ranks, &[edge(0, 1, false), edge(1, 2, false)], &no_clusters()), 3);
        assert_eq!(layered_size(&ranks, &[edge(0, 1, false), edge(1, 2, false), edge(0, 2, false)], &no_clusters()), 4);
        // A label takes the middle rank: one more layer, crossed by 0 -> 2.
        assert_eq!(layered_size(&ranks, &[edge(0, 1, true), edge(0, 2, false)], &no_clusters()), 3 + 1 + 2);
    }

    #[test]
    fn clusters_count_two_border_nodes_per_layer() {
        let ranks = [1, 3, 0, 4];
        let clusters = Clusters { parent: vec![None], top: vec![2], bottom: vec![3] };
        assert_eq!(layered_size(&ranks, &[edge(0, 1, false)], &clusters), 4 + 2 * 4);
    }

    #[test]
    fn refuses_over_the_limit() {
        let ranks: Vec<i32> = (0..100).map(|i| 2 * i).collect();
        let edges: Vec<MappedEdge> = (0..100).flat_map(|a| (a + 1..100).map(move |b| edge(a, b, false))).collect();
        let size = layered_size(&ranks, &edges, &no_clusters());
        assert!(size > 100_000, "{size}");
        let e = check(&ranks, &edges, &no_clusters(), 100_000).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        assert!(check(&ranks, &edges, &no_clusters(), size).is_ok());
    }
}
