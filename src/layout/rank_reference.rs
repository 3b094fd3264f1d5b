//! The straightforward network simplex that `rank.rs` replaced, kept for
//! tests only: each exchange rebuilds the tree adjacency, renumbers the whole
//! tree, recomputes every cut value and every rank, and `feasible_tree`
//! rescans all edges per growth step. The fast version must give the same
//! ranks for every input and iteration bound.

use super::{finish, prepare, REdge};

struct Simplex {
    n: usize,
    edges: Vec<(usize, usize, i32, i64)>,
    /// Incident edge indices per node.
    inc: Vec<Vec<usize>>,
    rank: Vec<i32>,
    in_tree_edge: Vec<bool>,
    parent: Vec<usize>,
    parent_edge: Vec<usize>,
    low: Vec<usize>,
    lim: Vec<usize>,
    cut: Vec<i64>,
    root: usize,
    /// Tree nodes in postorder (children before parents).
    post: Vec<usize>,
}

const NONE: usize = usize::MAX;

impl Simplex {
    fn slack(&self, e: usize) -> i32 {
        let (u, v, m, _) = self.edges[e];
        self.rank[v] - self.rank[u] - m
    }

    /// init_rank: longest path from the sources, so every edge is feasible.
    fn init_rank(&mut self) {
        let mut indeg = vec![0usize; self.n];
        for &(_, v, _, _) in &self.edges {
            indeg[v] += 1;
        }
        let mut queue: Vec<usize> = (0..self.n).filter(|&v| indeg[v] == 0).rev().collect();
        self.rank = vec![0; self.n];
        while let Some(v) = queue.pop() {
            for i in 0..self.inc[v].len() {
                let e = self.inc[v][i];
                let (a, b, m, _) = self.edges[e];
                if a != v {
                    continue;
                }
                self.rank[b] = self.rank[b].max(self.rank[a] + m);
                indeg[b] -= 1;
                if indeg[b] == 0 {
                    queue.push(b);
                }
            }
        }
    }

    /// feasible_tree: grow a maximal tree of tight edges from the root; while
    /// it does not span the graph, take the incident non-tree edge of least
    /// slack and shift the tree's ranks to make it tight (paper, Fig. 2-2).
    fn feasible_tree(&mut self) {
        let mut in_tree = vec![false; self.n];
        in_tree[self.root] = true;
        let mut members = vec![self.root];
        self.in_tree_edge = vec![false; self.edges.len()];
        loop {
            // tight_tree: DFS over tight edges from every tree node.
            let mut stack = members.clone();
            while let Some(v) = stack.pop() {
                for i in 0..self.inc[v].len() {
                    let e = self.inc[v][i];
                    let (a, b, _, _) = self.edges[e];
                    let w = if a == v { b } else { a };
                    if !in_tree[w] && self.slack(e) == 0 {
                        in_tree[w] = true;
                        self.in_tree_edge[e] = true;
                        members.push(w);
                        stack.push(w);
                    }
                }
            }
            if members.len() >= self.n {
                break;
            }
            // The incident edge with minimum slack.
            let mut best: Option<(i32, usize)> = None;
            for (e, &(a, b, _, _)) in self.edges.iter().enumerate() {
                if in_tree[a] != in_tree[b] {
                    let s = self.slack(e);
                    if best.map_or(true, |(bs, _)| s < bs) {
                        best = Some((s, e));
                    }
                }
            }
            let Some((s, e)) = best else { break };
            // Tail in the tree: move the tree down towards the head;
            // head in the tree: move it up.
            let delta = if in_tree[self.edges[e].0] { s } else { -s };
            for &v in &members {
                self.rank[v] += delta;
            }
        }
    }

    /// Postorder numbering (`lim`) and the lowest number in each subtree
    /// (`low`), so "is x below tree edge (u, parent)" is a range test.
    fn init_low_lim(&mut self) {
        let n = self.n;
        let mut tadj: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (e, &(a, b, _, _)) in self.edges.iter().enumerate() {
            if self.in_tree_edge[e] {
                tadj[a].push(e);
                tadj[b].push(e);
            }
        }
        self.parent = vec![NONE; n];
        self.parent_edge = vec![NONE; n];
        self.low = vec![0; n];
        self.lim = vec![0; n];
        let mut next_lim = 1;
        let mut stack: Vec<(usize, usize, usize)> = vec![(self.root, 0, 1)];
        let mut visited = vec![false; n];
        visited[self.root] = true;
        self.post.clear();
        while let Some(&mut (v, ref mut i, low)) = stack.last_mut() {
            if *i < tadj[v].len() {
                let e = tadj[v][*i];
                *i += 1;
                let (a, b, _, _) = self.edges[e];
                let w = if a == v { b } else { a };
                if !visited[w] {
                    visited[w] = true;
                    self.parent[w] = v;
                    self.parent_edge[w] = e;
                    stack.push((w, 0, next_lim));
                }
            } else {
                self.low[v] = low;
                self.lim[v] = next_lim;
                next_lim += 1;
                self.post.push(v);
                stack.pop();
            }
        }
        let post = std::mem::take(&mut self.post);
        self.init_cut_values(&post);
        self.post = post;
    }

    /// Cut values bottom-up: the cut value of tree edge (child, parent) is
    /// the weight of edges from the tail component to the head component
    /// minus the weight going back; computed from the child's incident edges
    /// and its children's cut values (the paper's incremental method).
    fn init_cut_values(&mut self, post: &[usize]) {
        self.cut = vec![0; self.n];
        for &child in post {
            if child == self.root || self.parent[child] == NONE {
                continue;
            }
            let p = self.parent[child];
            let pe = self.parent_edge[child];
            let child_is_tail = self.edges[pe].0 == child;
            let mut cut = self.edges[pe].3;
            for &e in &self.inc[child] {
                let (a, b, _, w) = self.edges[e];
                let is_out = a == child;
                let other = if is_out { b } else { a };
                if other == p {
                    continue;
                }
                let points_to_head = is_out == child_is_tail;
                cut += if points_to_head { w } else { -w };
                if self.in_tree_edge[e] && self.parent[other] == child {
                    let oc = self.cut[other];
                    cut += if points_to_head { -oc } else { oc };
                }
            }
            self.cut[child] = cut;
        }
    }

    fn is_descendant(&self, v: usize, root: usize) -> bool {
        self.low[root] <= self.lim[v] && self.lim[v] <= self.lim[root]
    }

    /// enter_edge: the non-tree edge of least slack that reconnects the two
    /// components made by removing tree edge `e`, in the right direction.
    fn enter_edge(&self, e: usize) -> Option<usize> {
        let (v, w, _, _) = self.edges[e];
        let (tail, flip) = if self.lim[v] > self.lim[w] { (w, true) } else { (v, false) };
        let mut best: Option<(i32, usize)> = None;
        for (f, &(a, b, _, _)) in self.edges.iter().enumerate() {
            if self.in_tree_edge[f] {
                continue;
            }
            if flip == self.is_descendant(a, tail) && flip != self.is_descendant(b, tail) {
                let s = self.slack(f);
                if best.map_or(true, |(bs, _)| s < bs) {
                    best = Some((s, f));
                }
            }
        }
        best.map(|(_, f)| f)
    }

    /// After an exchange, ranks follow the new tree from the root (preorder).
    fn update_ranks(&mut self) {
        // Reverse postorder visits every parent before its children.
        for i in (0..self.post.len()).rev() {
            let v = self.post[i];
            if v == self.root {
                continue;
            }
            let p = self.parent[v];
            if p == NONE {
                continue;
            }
            let (a, _, m, _) = self.edges[self.parent_edge[v]];
            self.rank[v] = if a == p { self.rank[p] + m } else { self.rank[p] - m };
        }
    }
}

/// `network_simplex` the slow way; same contract.
pub(super) fn network_simplex(n: usize, input: &[REdge], balance: &[bool], max_iter: usize) -> Vec<i32> {
    if n == 0 {
        return Vec::new();
    }
    let (edges, inc, root) = prepare(n, input);
    let total = n + 1;
    let mut s = Simplex {
        n: total,
        edges,
        inc,
        rank: Vec::new(),
        in_tree_edge: Vec::new(),
        parent: Vec::new(),
        parent_edge: Vec::new(),
        low: Vec::new(),
        lim: Vec::new(),
        cut: Vec::new(),
        root,
        post: Vec::new(),
    };
    s.init_rank();
    s.feasible_tree();
    s.init_low_lim();
    // Main loop (paper, Fig. 2-1).
    let mut start = 0;
    for _ in 0..max_iter {
        // leave_edge: search cyclically from where the last search stopped
        // (the paper notes this is much faster than always starting at 0).
        let mut leave = None;
        for k in 0..total {
            let v = (start + k) % total;
            if v != root && s.parent[v] != NONE && s.cut[v] < 0 {
                leave = Some(v);
                start = v;
                break;
            }
        }
        let Some(child) = leave else { break };
        let e = s.parent_edge[child];
        let Some(f) = s.enter_edge(e) else { break };
        // exchange: swap the edges, renumber, recompute cut values and ranks.
        s.in_tree_edge[e] = false;
        s.in_tree_edge[f] = true;
        s.init_low_lim();
        s.update_ranks();
    }
    finish(n, &s.rank, &s.edges, &s.inc, balance)
}
