//! The layered graph shared by the phases after ranking: real nodes, cluster
//! title/bottom nodes, cluster border nodes, edge dummies and edge-label
//! nodes, all in "TB space" (ranks grow downwards; for LR/RL the node
//! widths and heights are swapped and the result transformed at the end).

/// What a layered node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A flowchart node (index into `Flowchart::nodes`).
    Real(usize),
    /// The top node of a cluster (carries the title in TB).
    Top(usize),
    /// The bottom node of a cluster (carries the title in BT).
    Bottom(usize),
    /// A cluster's left or right border node on one rank.
    Border(usize, Side),
    /// A dummy of a long edge (index into `Flowchart::edges`).
    Dummy(usize),
    /// The label node of an edge.
    Label(usize),
}

impl Kind {
    /// Nodes that only carry an edge or a border through a rank: Brandes–Köpf
    /// "inner segment" ends.
    pub(crate) fn is_dummy(self) -> bool {
        matches!(self, Kind::Dummy(_) | Kind::Border(..) | Kind::Label(_))
    }

    /// Nodes that stand for a piece of an edge: a long edge's dummies and
    /// edge-label nodes.
    pub(crate) fn is_edge_piece(self) -> bool {
        matches!(self, Kind::Dummy(_) | Kind::Label(_))
    }
}

/// A real node, the edge pieces (dummies, label nodes) hanging below it
/// along one of its down edges, and the real node that run ends at.
pub(crate) struct EdgeChain {
    pub top: usize,
    pub pieces: Vec<usize>,
    pub bottom: usize,
}

/// Every chain of one or more edge pieces between two real nodes, found by
/// following each real node's down edges, in node order. A chain that ends
/// on a piece with no down edge is left out.
pub(crate) fn edge_chains(g: &LGraph) -> Vec<EdgeChain> {
    let n = g.nodes.len();
    let mut chains = Vec::new();
    for top in (0..n).filter(|&v| !g.nodes[v].kind.is_edge_piece()) {
        for &first in &g.down[top] {
            let mut pieces = Vec::new();
            let mut v = first;
            while g.nodes[v].kind.is_edge_piece() && pieces.len() < n {
                pieces.push(v);
                match g.down[v].first() {
                    Some(&w) => v = w,
                    None => break,
                }
            }
            if !pieces.is_empty() && !g.nodes[v].kind.is_edge_piece() {
                chains.push(EdgeChain { top, pieces, bottom: v });
            }
        }
    }
    chains
}

/// Which side of its cluster a border node is on (TB space).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Left,
    Right,
}

impl Side {
    pub(crate) fn is_left(self) -> bool {
        self == Side::Left
    }
}

#[derive(Debug, Clone)]
pub(crate) struct LNode {
    pub kind: Kind,
    /// Size in TB space.
    pub w: f64,
    pub h: f64,
    /// Innermost cluster.
    pub cluster: Option<usize>,
    /// Layer index.
    pub rank: usize,
    /// Extra room on the right (TB space) for self loops.
    pub right_extra: f64,
    pub x: f64,
    pub y: f64,
}

impl LNode {
    /// A cluster's top or bottom node without a title: it marks where the
    /// box starts or ends and takes no room in its layer.
    pub(crate) fn is_untitled_end(&self) -> bool {
        matches!(self.kind, Kind::Top(_) | Kind::Bottom(_)) && self.w <= 0.0 && self.h <= 0.0
    }
}

/// The layered route of one flowchart edge.
#[derive(Debug, Clone)]
pub(crate) enum Chain {
    /// Upper end to lower end through dummies (`reversed`: the flowchart
    /// edge runs bottom to top).
    Layered { nodes: Vec<usize>, reversed: bool },
    /// Both ends on one rank.
    Flat { tail: usize, head: usize },
    /// A self loop on a node.
    Loop { node: usize, index: usize },
    /// An edge naming an unknown id: not drawn meaningfully.
    Skip,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Clusters {
    pub parent: Vec<Option<usize>>,
    /// Rank-graph node index of the top and bottom nodes.
    pub top: Vec<usize>,
    pub bottom: Vec<usize>,
}

impl Clusters {
    pub(crate) fn len(&self) -> usize {
        self.parent.len()
    }

    /// Path from `c` up to the root: `[c, parent(c), ...]`.
    pub(crate) fn path(&self, mut c: Option<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        while let Some(x) = c {
            if out.len() > self.parent.len() {
                break;
            }
            out.push(x);
            c = self.parent[x];
        }
        out
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct LGraph {
    pub nodes: Vec<LNode>,
    pub layers: Vec<Vec<usize>>,
    /// Neighbours on the layer above / below (one entry per segment).
    pub up: Vec<Vec<usize>>,
    pub down: Vec<Vec<usize>>,
    /// Border chain links (same cluster, same side, next rank), for
    /// positioning only.
    pub border_up: Vec<Option<usize>>,
    pub border_down: Vec<Option<usize>>,
    pub clusters: Clusters,
    /// Layer of each cluster's top and bottom node.
    pub cluster_ranks: Vec<(usize, usize)>,
    /// The doubled rank each layer came from (for rank gaps).
    pub layer_rank: Vec<i32>,
}

impl LGraph {
    /// Whether `rank` is the rank of a titled end (top or bottom node that
    /// holds the title) of cluster `c`: the title row, which what else
    /// stands there only passes.
    pub(crate) fn is_title_rank(&self, c: usize, rank: usize) -> bool {
        [self.clusters.top[c], self.clusters.bottom[c]].iter().any(|&e| self.nodes[e].h > 0.0 && self.nodes[e].rank == rank)
    }

    pub(crate) fn add_node(&mut self, kind: Kind, w: f64, h: f64, cluster: Option<usize>, rank: usize) -> usize {
        self.nodes.push(LNode { kind, w, h, cluster, rank, right_extra: 0.0, x: 0.0, y: 0.0 });
        self.up.push(Vec::new());
        self.down.push(Vec::new());
        self.border_up.push(None);
        self.border_down.push(None);
        self.nodes.len() - 1
    }

    pub(crate) fn link(&mut self, upper: usize, lower: usize) {
        self.down[upper].push(lower);
        self.up[lower].push(upper);
    }
}
