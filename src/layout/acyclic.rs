//! Phase 1: cycle breaking (Gansner et al. 1993, §2.1).
//!
//! The paper breaks cycles by a depth-first search, reversing every edge that
//! closes a cycle (a "back edge": its head is on the DFS stack). Which edges
//! are back edges depends on the visiting order; we visit nodes in
//! first-mention order and follow out-edges in source order, so the edge that
//! "goes back" in the text is the one drawn against the flow (loops read the
//! way they were written).

/// Returns, for each edge `(tail, head)`, whether it is a back edge to be
/// reversed. Self loops are never reversed (they are not layered).
pub(crate) fn back_edges(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    // Out-adjacency in source order.
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(u, v)) in edges.iter().enumerate() {
        if u != v && u < n && v < n {
            out[u].push(i);
        }
    }
    let mut reversed = vec![false; edges.len()];
    // 0 = unvisited, 1 = on the stack, 2 = finished.
    let mut state = vec![0u8; n];
    // Explicit stack of (node, next out-edge index) so deep graphs cannot
    // overflow the call stack.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        state[start] = 1;
        stack.push((start, 0));
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if *next < out[v].len() {
                let e = out[v][*next];
                *next += 1;
                let w = edges[e].1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    // Head on the stack: this edge closes a cycle.
                    1 => reversed[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// True if the directed graph has a cycle (Kahn's algorithm).
pub(crate) fn has_cycle(n: usize, edges: &[(usize, usize)]) -> bool {
    let mut indeg = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(u, v) in edges {
        if u == v {
            continue;
        }
        out[u].push(v);
        indeg[v] += 1;
    }
    let mut queue: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut seen = 0;
    while let Some(v) = queue.pop() {
        seen += 1;
        for &w in &out[v] {
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push(w);
            }
        }
    }
    seen < n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverses_the_edge_that_goes_back_in_text_order() {
        // A -> B -> C -> A: the last edge closes the loop.
        let r = back_edges(3, &[(0, 1), (1, 2), (2, 0)]);
        assert_eq!(r, vec![false, false, true]);
        assert!(has_cycle(3, &[(0, 1), (1, 2), (2, 0)]));
        assert!(!has_cycle(3, &[(0, 1), (1, 2), (0, 2)]));
    }
}
