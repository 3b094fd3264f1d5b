//! Phase 2: rank assignment by network simplex (Gansner et al. 1993, §2).
//!
//! Minimises Σ weight(e)·(rank(head) − rank(tail)) subject to
//! rank(head) − rank(tail) ≥ minlen(e). The steps follow the paper's Figure
//! 2-1: `init_rank` (longest path), `feasible_tree` (grow a tight spanning
//! tree), then repeatedly `leave_edge` (a tree edge with negative cut value),
//! `enter_edge` (the non-tree edge of least slack crossing the same cut) and
//! `exchange`; finally `normalize` and `balance`. Iterations are bounded: on
//! very large graphs the current (feasible, tight-tree) ranking is kept when
//! the budget runs out.

use std::collections::BTreeMap;

/// A ranking constraint: `rank(v) - rank(u) >= minlen`, pulled together with
/// `weight`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct REdge {
    pub u: usize,
    pub v: usize,
    pub minlen: i32,
    pub weight: i64,
}

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

/// Ranks `n` nodes under `edges`. Nodes with `balance[v]` set and equal in-
/// and out-weight are moved to the least crowded feasible rank afterwards.
/// `max_iter` bounds the simplex iterations.
pub(crate) fn network_simplex(n: usize, input: &[REdge], balance: &[bool], max_iter: usize) -> Vec<i32> {
    if n == 0 {
        return Vec::new();
    }
    // Multi-edges are merged (max minlen, summed weight), as the method works
    // on simple graphs. Self loops carry no constraint.
    let mut merged: BTreeMap<(usize, usize), (i32, i64)> = BTreeMap::new();
    for e in input {
        if e.u == e.v || e.u >= n || e.v >= n {
            continue;
        }
        let ent = merged.entry((e.u, e.v)).or_insert((i32::MIN, 0));
        ent.0 = ent.0.max(e.minlen);
        ent.1 += e.weight;
    }
    // A virtual root tied to one node of every weakly connected component
    // (weight 0, minlen 0) makes the graph connected without changing the
    // objective.
    let root = n;
    let mut uf: Vec<usize> = (0..n).collect();
    fn find(uf: &mut [usize], mut x: usize) -> usize {
        while uf[x] != x {
            uf[x] = uf[uf[x]];
            x = uf[x];
        }
        x
    }
    for &(u, v) in merged.keys() {
        let (a, b) = (find(&mut uf, u), find(&mut uf, v));
        if a != b {
            uf[a.max(b)] = a.min(b);
        }
    }
    let mut edges: Vec<(usize, usize, i32, i64)> = merged.iter().map(|(&(u, v), &(m, w))| (u, v, m, w)).collect();
    let mut seen_comp = vec![false; n];
    for v in 0..n {
        let c = find(&mut uf, v);
        if !seen_comp[c] {
            seen_comp[c] = true;
            edges.push((root, v, 0, 0));
        }
    }
    let total = n + 1;
    let mut inc: Vec<Vec<usize>> = vec![Vec::new(); total];
    for (i, &(u, v, _, _)) in edges.iter().enumerate() {
        inc[u].push(i);
        inc[v].push(i);
    }
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
    // normalize: smallest rank of a real node is 0.
    let mut rank: Vec<i32> = s.rank[..n].to_vec();
    let min = rank.iter().copied().min().unwrap_or(0);
    for r in rank.iter_mut() {
        *r -= min;
    }
    // balance: a node with equal in- and out-weight can sit on any rank of
    // its feasible range without changing the objective; put it on the least
    // crowded one (paper, end of §2.3).
    let mut count: BTreeMap<i32, usize> = BTreeMap::new();
    for &r in &rank {
        *count.entry(r).or_insert(0) += 1;
    }
    let mut in_w = vec![0i64; n];
    let mut out_w = vec![0i64; n];
    for &(u, v, _, w) in &s.edges {
        if u < n && v < n {
            out_w[u] += w;
            in_w[v] += w;
        }
    }
    for v in 0..n {
        if !balance.get(v).copied().unwrap_or(false) || in_w[v] != out_w[v] || in_w[v] == 0 {
            continue;
        }
        let mut lo = i32::MIN;
        let mut hi = i32::MAX;
        for &e in &s.inc[v] {
            let (a, b, m, _) = s.edges[e];
            if a >= n || b >= n {
                continue;
            }
            if b == v {
                lo = lo.max(rank[a] + m);
            } else {
                hi = hi.min(rank[b] - m);
            }
        }
        if lo == i32::MIN || hi == i32::MAX || lo >= hi {
            continue;
        }
        let cur = rank[v];
        let mut best = cur;
        let mut best_count = count.get(&cur).copied().unwrap_or(0).saturating_sub(1);
        for r in lo..=hi {
            let c = count.get(&r).copied().unwrap_or(0);
            if c < best_count {
                best = r;
                best_count = c;
            }
        }
        if best != cur {
            *count.entry(cur).or_insert(1) -= 1;
            *count.entry(best).or_insert(0) += 1;
            rank[v] = best;
        }
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(u: usize, v: usize, minlen: i32) -> REdge {
        REdge { u, v, minlen, weight: 1 }
    }

    #[test]
    fn respects_minlen_and_tightens() {
        // a->b->c->d and a->d: longest path puts d at 3; a->e->d pulls e.
        let edges = [e(0, 1, 1), e(1, 2, 1), e(2, 3, 1), e(0, 4, 1), e(4, 3, 1), e(5, 3, 2)];
        let r = network_simplex(6, &edges, &[false; 6], 1000);
        for x in &edges {
            assert!(r[x.v] - r[x.u] >= x.minlen);
        }
        assert_eq!(r[0], 0);
        assert_eq!(r[3], 3);
        // node 5 only feeds d with minlen 2: optimum puts it at rank 1.
        assert_eq!(r[5], 1);
    }

    #[test]
    fn simplex_beats_longest_path() {
        // Longest path from sources would put source 3 at rank 0, far from
        // its only successor at rank 3.
        let edges = [e(0, 1, 1), e(1, 2, 1), e(2, 4, 1), e(3, 4, 1)];
        let r = network_simplex(5, &edges, &[false; 5], 1000);
        assert_eq!(r[4] - r[3], 1);
    }
}
