//! The semantic pass: the syntax tree to a [`Flowchart`], applying mermaid's
//! FlowDB rules in statement order:
//!
//! - vertices are created on first mention (also by `style X`); a later
//!   mention with brackets replaces label and shape; `@{ … }` data sets
//!   shape, label and asset fields, or edge metadata when its id names an
//!   existing edge;
//! - a link between `&` groups adds one edge per (start, end) pair; a
//!   user edge id goes only to (last start, first end) and falls back to the
//!   automatic `L_<from>_<to>_<n>` when already taken;
//! - a subgraph is created when it closes (inner before outer). Its members
//!   are the statements' nodes in source order, each link statement's groups
//!   last to first; a node already in an earlier-closed subgraph is dropped.
//!   A bare title with whitespace gets the id `subGraph<n>`, `n` counting
//!   closed subgraphs;
//! - `class`, `:::` and `click` add classes (`clickable` for click);
//!   `linkStyle` indices must name existing edges.
//!
//! Subgraph ids used in links are mermaid vertices too; here they stay
//! clusters only (kept out of [`Flowchart::nodes`]).

use super::shapes;
use super::styles;
use super::text;
use crate::ast::*;
use crate::config::DiagramConfig;
use crate::error::{Error, ErrorKind, Span};
use crate::flowchart::*;
use crate::options::Limits;
use crate::shape::Shape;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

struct V {
    node: Node,
}

enum Member {
    Id(String),
    Dir(String),
}

struct Frame {
    id: Text,
    title: Option<Text>,
    members: Vec<Member>,
    open_index: usize,
    span: Span,
}

struct Closed {
    id: String,
    title: Label,
    nodes: Vec<String>,
    dir: Option<String>,
    classes: Vec<String>,
    open_index: usize,
    span: Span,
}

struct Db<'a> {
    source: &'a str,
    limits: &'a Limits,
    vertices: Vec<V>,
    /// Vertex index by id; the ids borrow from the syntax tree.
    vindex: HashMap<&'a str, usize>,
    edges: Vec<Edge>,
    edge_ids: HashMap<String, usize>,
    /// Edges so far per (from, to) vertex index pair.
    pair_counts: HashMap<(usize, usize), usize>,
    /// Scratch space for `vertex_statement`.
    ix_buf: Vec<usize>,
    /// `linkStyle` ranges, applied to the edges once all statements are
    /// read (see `apply_link_styles`): (first, last, index into
    /// `link_style_decls`) for ranges that set styles, in statement order.
    style_ranges: Vec<(usize, usize, usize)>,
    link_style_decls: Vec<Vec<StyleDecl>>,
    /// (first, last, curve, stamp) for ranges with `interpolate`.
    curve_ranges: Vec<(usize, usize, Option<Curve>, usize)>,
    /// Stamp of the last curve set on an edge by `@{ curve: … }` metadata.
    curve_stamp: HashMap<usize, usize>,
    /// Orders curve writes of both kinds.
    stamp: usize,
    class_defs: Vec<ClassDef>,
    class_index: HashMap<String, usize>,
    frames: Vec<Frame>,
    opened: usize,
    closed: Vec<Closed>,
    sub_lookup: HashMap<String, usize>,
    claimed: HashSet<String>,
    sub_count: usize,
    default_link_styles: Vec<StyleDecl>,
    default_link_curve: Option<Curve>,
    acc_title: Option<String>,
    acc_descr: Option<String>,
    warnings: Vec<Warning>,
}

fn parse_direction(d: &str) -> Direction {
    let d = d.trim();
    if d.contains('<') {
        Direction::RightLeft
    } else if d.contains('^') {
        Direction::BottomTop
    } else if d.contains('>') {
        Direction::LeftRight
    } else {
        match d {
            "LR" => Direction::LeftRight,
            "RL" => Direction::RightLeft,
            "BT" => Direction::BottomTop,
            // TB, TD, v, and mermaid's verbatim `BR` quirk.
            _ => Direction::TopBottom,
        }
    }
}

/// Only http(s), mailto and relative URLs become links.
pub(super) fn safe_url(url: &str) -> bool {
    let compact: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = compact.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:") {
        return true;
    }
    // A scheme is letters/digits/+-. before the first ':' that comes
    // before any '/', '?' or '#'.
    match lower.find(':') {
        Some(c) => {
            let before = &lower[..c];
            let is_scheme = !before.is_empty()
                && before.chars().next().is_some_and(|ch| ch.is_ascii_alphabetic())
                && before.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '+' | '-' | '.'));
            !is_scheme
        }
        None => true,
    }
}

impl<'a> Db<'a> {
    fn err(&self, kind: ErrorKind, msg: impl Into<String>, span: Span) -> Error {
        Error::at(kind, msg, self.source, span)
    }

    fn vertex(&mut self, id: &'a str, span: Span) -> Result<usize, Error> {
        if let Some(&i) = self.vindex.get(id) {
            return Ok(i);
        }
        self.new_vertex(id, span, None)
    }

    /// Adds vertex `id` (not yet known), labelled `label` or else its id.
    fn new_vertex(&mut self, id: &'a str, span: Span, label: Option<Label>) -> Result<usize, Error> {
        if self.vertices.len() >= self.limits.max_nodes {
            return Err(self.err(
                ErrorKind::LimitExceeded,
                format!("more than {} nodes (raise Limits::max_nodes / --max-nodes)", self.limits.max_nodes),
                span,
            ));
        }
        let node = Node {
            id: id.to_string(),
            label: label.unwrap_or_else(|| Label { text: id.to_string(), kind: LabelKind::Text }),
            shape: Shape::Rect,
            classes: Vec::new(),
            styles: Vec::new(),
            click: None,
            tooltip: None,
            icon: None,
            img: None,
            form: None,
            label_pos: None,
            asset_size: (None, None),
            constraint: None,
            parent: None,
            span,
        };
        self.vertices.push(V { node });
        self.vindex.insert(id, self.vertices.len() - 1);
        Ok(self.vertices.len() - 1)
    }

    fn set_class(&mut self, ids: &str, class: &str) {
        for id in ids.split(',') {
            if let Some(&i) = self.vindex.get(id) {
                self.vertices[i].node.classes.push(class.to_string());
            }
            if let Some(&s) = self.sub_lookup.get(id) {
                self.closed[s].classes.push(class.to_string());
            }
            if let Some(&e) = self.edge_ids.get(id) {
                self.edges[e].classes.push(class.to_string());
            }
        }
    }

    /// Applies one mention of a vertex; returns its index.
    fn add_mention(&mut self, v: &'a Vertex) -> Result<usize, Error> {
        // A new vertex mentioned with brackets starts with its label (not a
        // copy of its id, replaced at once).
        let mut label = v.shape.as_ref().map(|(_, t)| text::label(t));
        let i = match self.vindex.get(v.id.as_str()) {
            Some(&i) => i,
            None => self.new_vertex(&v.id, v.span, label.take())?,
        };
        if let Some((shape, _)) = &v.shape {
            let node = &mut self.vertices[i].node;
            if let Some(l) = label {
                node.label = l;
            }
            node.shape = shapes::bracket_shape(*shape);
        }
        if let Some(c) = &v.class {
            self.set_class(&v.id, c);
        }
        if let Some(d) = &v.data {
            self.node_data(i, d)?;
        }
        Ok(i)
    }

    fn load_data(&self, d: &ShapeData) -> Result<Value, Error> {
        shapes::load(d).map_err(|m| self.err(ErrorKind::Syntax, format!("invalid node data in '@{{ … }}': {m}"), d.span))
    }

    fn node_data(&mut self, i: usize, d: &ShapeData) -> Result<(), Error> {
        let doc = self.load_data(d)?;
        let node = &mut self.vertices[i].node;
        shapes::apply_node_data(node, &doc).map_err(|m| Error::at(ErrorKind::Semantic, m, self.source, d.span))
    }

    fn edge_data(&mut self, e: usize, d: &ShapeData) -> Result<(), Error> {
        let doc = self.load_data(d)?;
        let (warning, set_curve) = shapes::apply_edge_data(&mut self.edges[e], &doc);
        if let Some(w) = warning {
            self.warnings.push(Warning { message: w, span: Some(d.span) });
        }
        if set_curve {
            self.curve_stamp.insert(e, self.stamp);
            self.stamp += 1;
        }
        Ok(())
    }

    /// `starts` and `ends` are two neighbouring `&` groups of a link
    /// statement, `start_ix` and `end_ix` their vertex indices.
    fn add_link(&mut self, starts: &[Vertex], start_ix: &[usize], ends: &[Vertex], end_ix: &[usize], link: &Link) -> Result<(), Error> {
        let label = link.text.as_ref().map(text::label);
        let (Some(last_start), Some(first_end)) = (starts.last(), ends.first()) else { return Ok(()) };
        for (s, &si) in starts.iter().zip(start_ix) {
            for (t, &ti) in ends.iter().zip(end_ix) {
                let wants_id = std::ptr::eq(s, last_start) && std::ptr::eq(t, first_end);
                // Vertex indices stand for the ids one to one, and hash
                // without cloning two strings per edge.
                let key = (si, ti);
                let existing = self.pair_counts.get(&key).copied().unwrap_or(0);
                let (id, user_id) = match &link.id {
                    Some(id) if wants_id && !self.edge_ids.contains_key(id) => (id.clone(), true),
                    _ => {
                        // Mermaid numbers a repeated pair from existing + 1.
                        let n = if existing == 0 { 0 } else { existing + 1 };
                        (auto_edge_id(&s.id, &t.id, n), false)
                    }
                };
                if self.edges.len() >= self.limits.max_edges {
                    return Err(self.err(
                        ErrorKind::LimitExceeded,
                        format!("more than {} edges (raise Limits::max_edges / --max-edges)", self.limits.max_edges),
                        link.span,
                    ));
                }
                self.pair_counts.insert(key, existing + 1);
                self.edge_ids.entry(id.clone()).or_insert(self.edges.len());
                self.edges.push(Edge {
                    id,
                    user_id,
                    from: s.id.clone(),
                    to: t.id.clone(),
                    arrow: link.arrow,
                    stroke: link.stroke,
                    length: link.length.min(10),
                    label: label.clone(),
                    styles: Vec::new(),
                    curve: None,
                    classes: Vec::new(),
                    animate: false,
                    animation: None,
                    span: link.span,
                });
            }
        }
        Ok(())
    }

    fn vertex_statement(&mut self, vs: &'a VertexStatement) -> Result<(), Error> {
        // `e1@{ … }` alone, naming an existing edge: edge metadata.
        if let ([g], []) = (vs.groups.as_slice(), vs.links.as_slice()) {
            if let [v] = g.as_slice() {
                if let (None, Some(d), None) = (&v.shape, &v.data, &v.class) {
                    if let Some(&e) = self.edge_ids.get(&v.id) {
                        if !self.vindex.contains_key(v.id.as_str()) {
                            return self.edge_data(e, d);
                        }
                    }
                }
            }
        }
        // The vertex indices of every group, in one buffer reused across
        // statements (no allocation per statement).
        let mut ix = std::mem::take(&mut self.ix_buf);
        ix.clear();
        let mut prev_start = 0;
        for (k, g) in vs.groups.iter().enumerate() {
            let start = ix.len();
            for v in g {
                ix.push(self.add_mention(v)?);
            }
            if k > 0 {
                self.add_link(&vs.groups[k - 1], &ix[prev_start..start], g, &ix[start..], &vs.links[k - 1])?;
            }
            prev_start = start;
        }
        self.ix_buf = ix;
        if let Some(f) = self.frames.last_mut() {
            for g in vs.groups.iter().rev() {
                for v in g {
                    f.members.push(Member::Id(v.id.clone()));
                }
            }
        }
        Ok(())
    }

    fn close_subgraph(&mut self, end: Span) -> Result<(), Error> {
        let Some(f) = self.frames.pop() else { return Ok(()) };
        let title_text = f.title.as_ref().unwrap_or(&f.id);
        let mut id = Some(f.id.text.trim().to_string());
        if f.title.is_none() && f.id.text.contains(super::lexer::is_js_space) {
            id = None;
        }
        if id.as_deref() == Some("") {
            id = None;
        }
        let mut seen = HashSet::new();
        let mut nodes = Vec::new();
        let mut dir = None;
        for m in f.members {
            match m {
                Member::Dir(d) => dir = Some(d),
                Member::Id(s) => {
                    if s.trim().is_empty() || !seen.insert(s.clone()) {
                        continue;
                    }
                    nodes.push(s);
                }
            }
        }
        let id = id.unwrap_or_else(|| format!("subGraph{}", self.sub_count));
        self.sub_count += 1;
        let title = Label { text: text::clean(title_text.text.trim()).trim().to_string(), kind: text::kind(title_text.kind) };
        let nodes: Vec<String> = nodes.into_iter().filter(|n| !self.claimed.contains(n)).collect();
        self.claimed.extend(nodes.iter().cloned());
        let span = Span::new(f.span.start, end.end);
        self.closed.push(Closed { id: id.clone(), title, nodes, dir, classes: Vec::new(), open_index: f.open_index, span });
        self.sub_lookup.insert(id.clone(), self.closed.len() - 1);
        if let Some(parent) = self.frames.last_mut() {
            parent.members.push(Member::Id(id));
        }
        Ok(())
    }

    fn statement(&mut self, st: &'a Statement) -> Result<(), Error> {
        match st {
            Statement::Vertices(vs) => self.vertex_statement(vs)?,
            Statement::Style { target, styles, span } => {
                let i = self.vertex(target, *span)?;
                let decls = styles::parse(styles, *span, &mut self.warnings);
                self.vertices[i].node.styles.extend(decls);
            }
            Statement::ClassDef { names, styles, span } => {
                let decls = styles::parse(styles, *span, &mut self.warnings);
                for name in names.split(',') {
                    match self.class_index.get(name) {
                        Some(&c) => self.class_defs[c].styles.extend(decls.iter().cloned()),
                        None => {
                            self.class_index.insert(name.to_string(), self.class_defs.len());
                            self.class_defs.push(ClassDef { name: name.to_string(), styles: decls.clone() });
                        }
                    }
                }
            }
            Statement::Class { targets, class, .. } => self.set_class(targets, class),
            Statement::LinkStyle { target, interpolate, styles, span } => {
                let curve = match interpolate {
                    Some(name) => match Curve::from_name(name) {
                        Some(c) => Some(c),
                        None => {
                            self.warnings.push(Warning { message: format!("unknown curve '{name}' ignored"), span: Some(*span) });
                            None
                        }
                    },
                    None => None,
                };
                let decls = styles::parse(styles, *span, &mut self.warnings);
                match target {
                    LinkStyleTarget::Default => {
                        if interpolate.is_some() {
                            self.default_link_curve = curve;
                        }
                        if !styles.is_empty() {
                            self.default_link_styles = decls;
                        }
                    }
                    LinkStyleTarget::Indices(list) => {
                        // Checked now, in list order (the first index out of
                        // range is the error); applied at the end.
                        for &(first, last, ks) in list {
                            if last >= self.edges.len() {
                                let k = first.max(self.edges.len());
                                return Err(self.err(
                                    ErrorKind::Semantic,
                                    format!(
                                        "linkStyle index {k} is out of range: the diagram has {} edge{} so far (indices 0 to {})",
                                        self.edges.len(),
                                        if self.edges.len() == 1 { "" } else { "s" },
                                        self.edges.len() as i64 - 1
                                    ),
                                    ks,
                                ));
                            }
                        }
                        if !styles.is_empty() {
                            let d = self.link_style_decls.len();
                            self.style_ranges.extend(list.iter().map(|&(first, last, _)| (first, last, d)));
                            self.link_style_decls.push(decls);
                        }
                        if interpolate.is_some() {
                            let stamp = self.stamp;
                            self.curve_ranges.extend(list.iter().map(|&(first, last, _)| (first, last, curve, stamp)));
                            self.stamp += 1;
                        }
                    }
                }
            }
            Statement::Click { target, action, tooltip, span } => {
                for id in target.split(',') {
                    let click = match action {
                        // Not labels: the text as written, entity
                        // placeholders undone (text::restore_placeholders).
                        ClickKind::Callback { function, args } => Some(ClickAction::Callback {
                            function: text::restore_placeholders(function),
                            args: args.as_deref().map(text::restore_placeholders),
                        }),
                        ClickKind::Link { url, target } => {
                            let url = text::restore_placeholders(url);
                            if safe_url(&url) {
                                Some(ClickAction::Link { url, target: target.as_deref().map(text::restore_placeholders) })
                            } else {
                                let shown: String = url.chars().take(60).collect();
                                self.warnings.push(Warning {
                                    message: format!("link target '{shown}' of node '{id}' is not http(s), mailto or relative; dropped"),
                                    span: Some(*span),
                                });
                                None
                            }
                        }
                    };
                    if let Some(&i) = self.vindex.get(id) {
                        let node = &mut self.vertices[i].node;
                        if click.is_some() {
                            node.click = click;
                        }
                        if let Some(t) = tooltip {
                            node.tooltip = Some(text::clean(t));
                        }
                    }
                }
                self.set_class(target, "clickable");
            }
            Statement::SubgraphStart { id, title, span } => {
                self.frames.push(Frame { id: id.clone(), title: title.clone(), members: Vec::new(), open_index: self.opened, span: *span });
                self.opened += 1;
            }
            Statement::SubgraphEnd { span } => self.close_subgraph(*span)?,
            Statement::Direction { dir, .. } => {
                if let Some(f) = self.frames.last_mut() {
                    f.members.push(Member::Dir(dir.clone()));
                }
            }
            Statement::AccTitle(t, _) => self.acc_title = Some(t.clone()),
            Statement::AccDescr(t, _) => self.acc_descr = Some(t.clone()),
        }
        Ok(())
    }
}

impl Db<'_> {
    /// Applies the `linkStyle` ranges: each edge gets the styles of the last
    /// range naming it, and the curve of the last range naming it unless
    /// `@{ curve }` metadata set one later. Walking the ranges last to first
    /// and visiting each edge once (the next edge not yet given styles is
    /// found through a path-halving skip list) keeps this linear in ranges
    /// plus edges; applying every range as read cost edges × lines, as in
    /// `linkStyle 0-9999 …` repeated.
    fn apply_link_styles(&mut self) {
        let n = self.edges.len();
        let mut next: Vec<usize> = (0..=n).collect();
        for &(first, last, d) in self.style_ranges.iter().rev() {
            let mut k = skip_to(&mut next, first);
            while k <= last {
                self.edges[k].styles = self.link_style_decls[d].clone();
                next[k] = k + 1;
                k = skip_to(&mut next, k + 1);
            }
        }
        let mut next: Vec<usize> = (0..=n).collect();
        for &(first, last, curve, stamp) in self.curve_ranges.iter().rev() {
            let mut k = skip_to(&mut next, first);
            while k <= last {
                if self.curve_stamp.get(&k).map_or(true, |&s| s < stamp) {
                    self.edges[k].curve = curve;
                }
                next[k] = k + 1;
                k = skip_to(&mut next, k + 1);
            }
        }
    }
}

/// The first index at or after `k` whose slot in `next` points to itself
/// (`next[n]` always does), halving the paths walked.
fn skip_to(next: &mut [usize], mut k: usize) -> usize {
    while next[k] != k {
        next[k] = next[next[k]];
        k = next[k];
    }
    k
}

/// Mermaid's automatic edge id `L_<from>_<to>_<n>`, built directly: through
/// `format!` it was a sizeable share of the whole semantic pass.
fn auto_edge_id(from: &str, to: &str, n: usize) -> String {
    let mut id = String::with_capacity(from.len() + to.len() + 8);
    id.push_str("L_");
    id.push_str(from);
    id.push('_');
    id.push_str(to);
    id.push('_');
    if n < 10 {
        id.push(char::from(b'0' + n as u8));
    } else {
        id.push_str(&n.to_string());
    }
    id
}

/// Orders subgraphs so that every parent comes before its children (a
/// subgraph can be claimed by one opened after it), keeping `subgraph`
/// keyword order otherwise: roots in order, each followed by its subtree.
/// Iterative, so deep nesting cannot overflow the stack.
fn parents_first(subgraphs: Vec<Subgraph>) -> (Vec<Subgraph>, Vec<usize>) {
    let n = subgraphs.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, s) in subgraphs.iter().enumerate() {
        match s.parent {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(children[i].iter().rev().copied());
    }
    let mut new_index = vec![0usize; n];
    for (k, &i) in order.iter().enumerate() {
        new_index[i] = k;
    }
    let mut slots: Vec<Option<Subgraph>> = subgraphs.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(n);
    for &i in &order {
        if let Some(mut s) = slots[i].take() {
            s.parent = s.parent.map(|p| new_index[p]);
            out.push(s);
        }
    }
    (out, new_index)
}

/// Builds the flowchart from the syntax tree.
pub(super) fn build(
    doc: &Document,
    source: &str,
    limits: &Limits,
    config: DiagramConfig,
    title: Option<String>,
    mut warnings: Vec<Warning>,
) -> Result<Flowchart, Error> {
    // Sizing the tables from the tree up front spares rehashing every key
    // and moving every node and edge as they grow (a fifth of this pass on
    // large inputs). Mentions overcount nodes (ids repeat); the caps keep a
    // large configured limit from reserving more than needed.
    let (mut mentions, mut pairs) = (0usize, 0usize);
    for st in &doc.statements {
        if let Statement::Vertices(vs) = st {
            mentions += vs.groups.iter().map(Vec::len).sum::<usize>();
            for w in vs.groups.windows(2) {
                pairs = pairs.saturating_add(w[0].len().saturating_mul(w[1].len()));
            }
        }
    }
    let node_cap = mentions.min(limits.max_nodes).min(1 << 16);
    let edge_cap = pairs.min(limits.max_edges).min(1 << 16);
    let mut db = Db {
        source,
        limits,
        vertices: Vec::with_capacity(node_cap),
        vindex: HashMap::with_capacity(node_cap),
        edges: Vec::with_capacity(edge_cap),
        edge_ids: HashMap::with_capacity(edge_cap),
        pair_counts: HashMap::with_capacity(edge_cap),
        ix_buf: Vec::new(),
        style_ranges: Vec::new(),
        link_style_decls: Vec::new(),
        curve_ranges: Vec::new(),
        curve_stamp: HashMap::new(),
        stamp: 0,
        class_defs: Vec::new(),
        class_index: HashMap::new(),
        frames: Vec::new(),
        opened: 0,
        closed: Vec::new(),
        sub_lookup: HashMap::new(),
        claimed: HashSet::new(),
        sub_count: 0,
        default_link_styles: Vec::new(),
        default_link_curve: None,
        acc_title: None,
        acc_descr: None,
        warnings: Vec::new(),
    };
    for st in &doc.statements {
        db.statement(st)?;
    }
    db.apply_link_styles();
    let direction = doc.header.direction.as_deref().map_or(Direction::TopBottom, parse_direction);
    warnings.append(&mut db.warnings);

    // Subgraphs: one per id (a repeated id extends the first), ordered by
    // their `subgraph` keyword.
    let mut order: Vec<usize> = (0..db.closed.len()).collect();
    order.sort_by_key(|&i| db.closed[i].open_index);
    let mut slot: BTreeMap<String, usize> = BTreeMap::new();
    let mut subgraphs: Vec<Subgraph> = Vec::new();
    for &ci in &order {
        let c = &db.closed[ci];
        if slot.contains_key(&c.id) {
            continue;
        }
        slot.insert(c.id.clone(), subgraphs.len());
        subgraphs.push(Subgraph {
            id: c.id.clone(),
            title: c.title.clone(),
            direction: c.dir.as_deref().map(parse_direction),
            nodes: Vec::new(),
            parent: None,
            classes: Vec::new(),
            styles: Vec::new(),
            span: c.span,
        });
    }
    let inherit = config.flowchart.inherit_dir == Some(true);
    for s in subgraphs.iter_mut() {
        if s.direction.is_none() && inherit {
            s.direction = Some(direction);
        }
    }
    let mut node_parent: HashMap<String, usize> = HashMap::new();
    let mut in_sub: HashSet<(usize, String)> = HashSet::new();
    // The root of each subgraph's tree as it grows, as a union-find forest
    // (path halving): `root[x]` leads to the subgraph at the top of x's
    // chain of parents.
    let mut root: Vec<usize> = (0..subgraphs.len()).collect();
    fn find(root: &mut [usize], mut x: usize) -> usize {
        while root[x] != x {
            root[x] = root[root[x]];
            x = root[x];
        }
        x
    }
    for c in &db.closed {
        let Some(&si) = slot.get(&c.id) else { continue };
        subgraphs[si].classes.extend(c.classes.iter().cloned());
        for m in &c.nodes {
            if let Some(&child) = slot.get(m) {
                if child == si || subgraphs[child].parent.is_some() {
                    continue;
                }
                // Refuse a parent link that would close a cycle: `child`
                // has no parent, so it is above `si` exactly when it is the
                // top of `si`'s chain. Asked of the forest, not by walking
                // the chain, which made a chain of n subgraphs each naming
                // the next (`subgraph P1 … P2 … end`, `subgraph P2 … P3 …`)
                // quadratic.
                let top = find(&mut root, si);
                if top != child {
                    subgraphs[child].parent = Some(si);
                    root[child] = top;
                }
            } else if in_sub.insert((si, m.clone())) {
                node_parent.entry(m.clone()).or_insert(si);
                subgraphs[si].nodes.push(m.clone());
            }
        }
    }
    // A later subgraph that mentions an earlier one adopts it, so nesting can
    // grow with no syntactic nesting at all (`subgraph s1 … s0 … end`,
    // `subgraph s2 … s1 … end`, …). Check the limit again on the final tree;
    // each depth is computed once, walking up to the first known one.
    let mut depth = vec![0usize; subgraphs.len()];
    for i in 0..subgraphs.len() {
        let mut path = Vec::new();
        let mut cur = Some(i);
        while let Some(c) = cur {
            // The adoption above never closes a cycle; the length check only
            // keeps a future mistake there from looping here.
            if depth[c] != 0 || path.len() > subgraphs.len() {
                break;
            }
            path.push(c);
            cur = subgraphs[c].parent;
        }
        let mut d = cur.map_or(0, |c| depth[c]);
        for &c in path.iter().rev() {
            d += 1;
            depth[c] = d;
        }
        if depth[i] > limits.max_nesting {
            return Err(Error::at(
                ErrorKind::LimitExceeded,
                format!(
                    "subgraphs nested more than {} deep (raise Limits::max_nesting / --max-nesting)",
                    limits.max_nesting
                ),
                source,
                subgraphs[i].span,
            ));
        }
    }
    // Keep each subgraph's node list in the flowchart's first-mention order.
    for s in subgraphs.iter_mut() {
        s.nodes.sort_by_key(|n| db.vindex.get(n.as_str()).copied().unwrap_or(usize::MAX));
    }
    let mut nodes = Vec::with_capacity(db.vertices.len());
    for v in db.vertices {
        let mut node = v.node;
        if let Some(&si) = slot.get(&node.id) {
            // A vertex standing for a subgraph: its style goes to the cluster.
            subgraphs[si].styles.extend(node.styles);
            continue;
        }
        node.parent = node_parent.get(&node.id).copied();
        nodes.push(node);
    }
    let (subgraphs, new_index) = parents_first(subgraphs);
    for node in nodes.iter_mut() {
        node.parent = node.parent.map(|p| new_index[p]);
    }
    let mut cfg = config;
    if doc.header.keyword == "flowchart-elk" {
        cfg.layout = Some(crate::config::LayoutEngine::Elk);
    }
    Ok(Flowchart {
        direction,
        nodes,
        edges: db.edges,
        subgraphs,
        class_defs: db.class_defs,
        default_link_styles: db.default_link_styles,
        default_link_curve: db.default_link_curve,
        title,
        acc_title: db.acc_title,
        acc_descr: db.acc_descr,
        config: cfg,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::{auto_edge_id, safe_url};
    use crate::ast::{LinkStyleTarget, Statement};

    fn edge_styles(chart: &crate::flowchart::Flowchart) -> Vec<(Option<crate::flowchart::Curve>, Vec<String>)> {
        chart
            .edges
            .iter()
            .map(|e| (e.curve, e.styles.iter().map(|d| format!("{}:{}", d.property, d.value)).collect()))
            .collect()
    }

    #[test]
    fn link_styles_apply_as_if_in_statement_order() {
        use crate::flowchart::Curve::{Linear, Natural};
        let src = "flowchart LR\nA e1@--> B e2@--> C --> D\n\
                   e2@{ curve: step }\n\
                   linkStyle 0-2 interpolate basis stroke:red\n\
                   e1@{ curve: natural }\n\
                   linkStyle 1,2 interpolate linear\n\
                   linkStyle 2-2 color:blue\n\
                   e2@{ curve: bogus }\n\
                   linkStyle 0 fill:none\n";
        let chart = crate::parse::parse(src, &crate::options::Options::default()).unwrap();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            edge_styles(&chart),
            vec![
                // metadata after the range wins the curve; the last range the styles
                (Some(Natural), s(&["fill:none"])),
                (Some(Linear), s(&["stroke:red"])),
                (Some(Linear), s(&["color:blue"])),
            ]
        );
    }

    #[test]
    fn link_style_errors_name_the_first_index_out_of_range() {
        let o = crate::options::Options::default();
        let e = crate::parse::parse("flowchart LR\nA --> B --> C\nlinkStyle 1,4-9 stroke:red", &o).unwrap_err();
        assert!(e.message().contains("index 4 is out of range: the diagram has 2 edges"), "{}", e.message());
        let e = crate::parse::parse("flowchart LR\nA --> B --> C\nlinkStyle 0-7 stroke:red", &o).unwrap_err();
        assert!(e.message().contains("index 2 is out of range"), "{}", e.message());
    }

    #[test]
    fn link_style_ranges_stay_ranges_in_the_tree() {
        // One item per range, not one per index: 100,001 edges named in a
        // few bytes must not cost megabytes of syntax tree per line.
        let src = format!("flowchart LR\nA --> B\n{}", "linkStyle 0-100000 stroke:red\n".repeat(50));
        let doc = crate::parse::parse_ast(&src, &crate::options::Options::default()).unwrap();
        for st in &doc.statements {
            if let Statement::LinkStyle { target: LinkStyleTarget::Indices(list), .. } = st {
                assert_eq!(list.iter().map(|&(a, b, _)| (a, b)).collect::<Vec<_>>(), vec![(0, 100_000)]);
            }
        }
    }

    #[test]
    fn automatic_edge_ids() {
        for n in [0, 1, 9, 10, 11, 123] {
            assert_eq!(auto_edge_id("a", "b-c", n), format!("L_a_b-c_{n}"));
        }
    }

    #[test]
    fn urls() {
        assert!(safe_url("https://example.com"));
        assert!(safe_url("click.html"));
        assert!(safe_url("/a/b?x=1:2"));
        assert!(safe_url("mailto:a@b.c"));
        assert!(!safe_url("javascript:alert(1)"));
        assert!(!safe_url(" java\tscript:alert(1)"));
        assert!(!safe_url("data:text/html,x"));
    }
}
