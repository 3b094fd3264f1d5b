//! Where orthogonal edges meet node sides (TB space). Every edge end gets
//! its own port: the ends on one side of one node (or one cluster side)
//! are spread along it in the order of the x of their next bend, so that
//! the verticals leaving that side neither run on top of one another nor
//! cross next to the node. A lone end leaves from the middle.
//!
//! Pre: x and widths are final (y need not be). Post: `spread` returns one
//! x per request, distinct within a side, and inside the side's span.

/// Largest gap between neighbouring ports on one side.
const PORT_STEP: f64 = 16.0;

/// Share of a side's width the ports may use (the corners stay free, so
/// the verticals meet the outline, not a corner).
const PORT_SPAN: f64 = 0.6;

/// The side of a node (or cluster) an edge end attaches to, TB space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Side {
    Top,
    Bottom,
}

/// One edge end asking for a port.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PortRequest {
    /// The layered node (a real node, or a cluster's top or bottom node).
    pub node: usize,
    pub side: Side,
    /// x of the side's centre, and its width.
    pub centre: f64,
    pub width: f64,
    /// x of the vertical's other end (the next node along the edge): the
    /// sort key that keeps the verticals from crossing.
    pub toward: f64,
}

/// The x of each request's port, in request order. Ties in `toward` keep
/// request order (parallel edges between the same nodes).
pub(crate) fn spread(requests: &[PortRequest]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&requests[a], &requests[b]);
        (ra.node, ra.side).cmp(&(rb.node, rb.side)).then(ra.toward.total_cmp(&rb.toward)).then(a.cmp(&b))
    });
    let mut xs = vec![0.0; requests.len()];
    let mut start = 0;
    while start < order.len() {
        let first = &requests[order[start]];
        let end = start + order[start..].iter().take_while(|&&i| (requests[i].node, requests[i].side) == (first.node, first.side)).count();
        let k = end - start;
        let step = if k > 1 { (PORT_SPAN * first.width / (k - 1) as f64).min(PORT_STEP) } else { 0.0 };
        for (j, &i) in order[start..end].iter().enumerate() {
            xs[i] = first.centre + (j as f64 - (k as f64 - 1.0) / 2.0) * step;
        }
        start = end;
    }
    xs
}
