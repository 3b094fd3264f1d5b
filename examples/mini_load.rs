//! TEMPORARY test-only loader for the layout corpus (the simple mermaid
//! subset of tools/layout/SCHEMA.md), used to measure the layout engine
//! until the real parser lands on main. Not part of the library.
//!
//! `cargo run --release --example mini_load -- [-o OUT.json] [--svg OUT.svg] FILE.mmd`

use mmdflow::flowchart::*;
use mmdflow::shape::Shape;
use mmdflow::{Options, Span};

struct B {
    fc: Flowchart,
    stack: Vec<usize>,
    auto: usize,
}

impl B {
    fn node(&mut self, id: &str, label: Option<(String, Shape)>) {
        let parent = self.stack.last().copied();
        let pos = self.fc.nodes.iter().position(|n| n.id == id);
        let i = match pos {
            Some(i) => i,
            None => {
                self.fc.nodes.push(Node {
                    id: id.to_string(),
                    label: Label { text: id.to_string(), kind: LabelKind::Text },
                    shape: Shape::Rect,
                    classes: vec![],
                    styles: vec![],
                    click: None,
                    tooltip: None,
                    icon: None,
                    img: None,
                    form: None,
                    label_pos: None,
                    asset_size: (None, None),
                    constraint: None,
                    parent,
                    span: Span::new(0, 0),
                });
                if let Some(p) = parent {
                    self.fc.subgraphs[p].nodes.push(id.to_string());
                }
                self.fc.nodes.len() - 1
            }
        };
        if let Some((t, s)) = label {
            self.fc.nodes[i].label.text = t;
            self.fc.nodes[i].shape = s;
        }
    }
}

fn word(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_' || (s[i] == b'-' && i + 1 < s.len() && s[i + 1].is_ascii_alphanumeric())) {
        i += 1;
    }
    i
}

fn clean(t: &str) -> String {
    let t = t.trim();
    let t = t.strip_prefix('"').and_then(|x| x.strip_suffix('"')).unwrap_or(t);
    t.replace("<br>", "\n").replace("<br/>", "\n")
}

/// Parses a node reference at i: id plus optional shape. Returns (id, label, end).
fn node_ref(line: &str, i: usize) -> Option<(String, Option<(String, Shape)>, usize)> {
    let s = line.as_bytes();
    let e = word(s, i);
    if e == i {
        return None;
    }
    let id = line[i..e].to_string();
    let rest = &line[e..];
    let shapes: [(&str, &str, Shape); 16] = [
        ("(((", ")))", Shape::DoubleCircle),
        ("((", "))", Shape::Circle),
        ("([", "])", Shape::Stadium),
        ("[[", "]]", Shape::FramedRect),
        ("[(", ")]", Shape::Cylinder),
        ("{{", "}}", Shape::Hexagon),
        ("[/", "/]", Shape::LeanRight),
        ("[/", "\\]", Shape::TrapezoidBottom),
        ("[\\", "\\]", Shape::LeanLeft),
        ("[\\", "/]", Shape::TrapezoidTop),
        ("(", ")", Shape::Rounded),
        ("[", "]", Shape::Rect),
        ("{", "}", Shape::Diamond),
        (">", "]", Shape::Odd),
        ("(-", "-)", Shape::Ellipse),
        ("[", "]", Shape::Rect),
    ];
    for (o, c, sh) in shapes {
        if let Some(r) = rest.strip_prefix(o) {
            if let Some(k) = r.find(c) {
                // Reject a closer that is really part of a longer bracket.
                let text = &r[..k];
                let end = e + o.len() + k + c.len();
                return Some((id, Some((clean(text), sh)), skip_class(line, end)));
            }
        }
    }
    Some((id, None, skip_class(line, e)))
}

fn skip_class(line: &str, i: usize) -> usize {
    if line[i..].starts_with(":::") {
        return word(line.as_bytes(), i + 3);
    }
    i
}

fn ws(line: &str, mut i: usize) -> usize {
    let s = line.as_bytes();
    while i < s.len() && s[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// A link at i: (arrow, stroke, length, label, end).
fn link(line: &str, i: usize) -> Option<(ArrowType, Stroke, u32, Option<String>, usize)> {
    let s = line.as_bytes();
    let mut j = i;
    let start_head = j < s.len() && s[j] == b'<';
    if start_head {
        j += 1;
    }
    let b0 = j;
    while j < s.len() && matches!(s[j], b'-' | b'=' | b'.' | b'~') {
        j += 1;
    }
    if j - b0 < 2 {
        return None;
    }
    let mut body = line[b0..j].to_string();
    let mut label = None;
    let mut head = None;
    if j < s.len() && matches!(s[j], b'>' | b'x' | b'o') && (j + 1 >= s.len() || !s[j + 1].is_ascii_alphanumeric()) {
        head = Some(s[j]);
        j += 1;
    } else if (body == "--" || body == "==" || body == "-.") && j < s.len() && s[j] == b' ' {
        // `-- text -->` style label.
        let closers = ["-->", "---", "==>", "===", ".->", ".-"];
        let rest = &line[j..];
        let mut best: Option<(usize, &str)> = None;
        for c in closers {
            if let Some(k) = rest.find(&format!(" {c}")) {
                if best.map_or(true, |(bk, _)| k < bk) {
                    best = Some((k, c));
                }
            }
        }
        let (k, _) = best?;
        label = Some(clean(&rest[..k]));
        let mut m = j + k + 1;
        let b1 = m;
        while m < s.len() && matches!(s[m], b'-' | b'=' | b'.') {
            m += 1;
        }
        body.push_str(&line[b1..m]);
        if m < s.len() && matches!(s[m], b'>' | b'x' | b'o') {
            head = Some(s[m]);
            m += 1;
        }
        j = m;
    }
    let stroke = if body.contains('=') {
        Stroke::Thick
    } else if body.contains('.') {
        Stroke::Dotted
    } else if body.contains('~') {
        Stroke::Invisible
    } else {
        Stroke::Normal
    };
    let length = match stroke {
        Stroke::Dotted => body.matches('.').count().max(1) as u32,
        _ => {
            let c = body.chars().filter(|&c| c == '-' || c == '=' || c == '~').count();
            (if head.is_some() { c.saturating_sub(1) } else { c.saturating_sub(2) }).max(1) as u32
        }
    };
    let arrow = match (head, start_head) {
        (Some(b'>'), true) => ArrowType::DoublePoint,
        (Some(b'>'), false) => ArrowType::Point,
        (Some(b'x'), _) => ArrowType::Cross,
        (Some(b'o'), _) => ArrowType::Circle,
        _ => ArrowType::Open,
    };
    let mut j = ws(line, j);
    if j < s.len() && s[j] == b'|' {
        let k = line[j + 1..].find('|')? + j + 1;
        label = Some(clean(&line[j + 1..k]));
        j = k + 1;
    }
    Some((arrow, stroke, length, label, j))
}

fn load(src: &str) -> Flowchart {
    let mut b = B {
        fc: Flowchart {
            direction: Direction::TopBottom,
            nodes: vec![],
            edges: vec![],
            subgraphs: vec![],
            class_defs: vec![],
            default_link_styles: vec![],
            default_link_curve: None,
            title: None,
            acc_title: None,
            acc_descr: None,
            config: Default::default(),
            warnings: vec![],
        },
        stack: vec![],
        auto: 0,
    };
    let mut first = true;
    let mut counts: std::collections::HashMap<(String, String), usize> = Default::default();
    for raw in src.split(['\n', ';']) {
        let line = raw.trim();
        if line.is_empty() || line.starts_with("%%") {
            continue;
        }
        if first {
            first = false;
            let d = line.split_whitespace().nth(1).unwrap_or("TD");
            b.fc.direction = match d {
                "LR" => Direction::LeftRight,
                "RL" => Direction::RightLeft,
                "BT" => Direction::BottomTop,
                _ => Direction::TopBottom,
            };
            continue;
        }
        let kw = line.split_whitespace().next().unwrap_or("");
        match kw {
            "classDef" | "class" | "style" | "linkStyle" | "click" | "direction" => continue,
            "end" => {
                b.stack.pop();
                continue;
            }
            "subgraph" => {
                let rest = line[8..].trim();
                let (id, title) = if let Some(k) = rest.find('[') {
                    (rest[..k].trim().to_string(), clean(rest[k + 1..].trim_end_matches(']')))
                } else if rest.split_whitespace().count() == 1 {
                    (rest.to_string(), rest.to_string())
                } else {
                    b.auto += 1;
                    (format!("subGraph{}", b.auto - 1), clean(rest))
                };
                b.fc.subgraphs.push(Subgraph {
                    id,
                    title: Label { text: title, kind: LabelKind::Text },
                    direction: None,
                    nodes: vec![],
                    parent: b.stack.last().copied(),
                    classes: vec![],
                    styles: vec![],
                    span: Span::new(0, 0),
                });
                b.stack.push(b.fc.subgraphs.len() - 1);
                continue;
            }
            _ => {}
        }
        // Chain of node groups and links.
        let mut i = ws(line, 0);
        let mut prev: Vec<String> = vec![];
        let mut pending: Option<(ArrowType, Stroke, u32, Option<String>)> = None;
        loop {
            let mut group = vec![];
            loop {
                let Some((id, lab, e)) = node_ref(line, i) else { break };
                b.node(&id, lab);
                group.push(id);
                i = ws(line, e);
                if line[i..].starts_with('&') {
                    i = ws(line, i + 1);
                    continue;
                }
                break;
            }
            if group.is_empty() {
                break;
            }
            if let Some((arrow, stroke, length, label)) = pending.take() {
                for f in &prev {
                    for t in &group {
                        let c = counts.entry((f.clone(), t.clone())).or_insert(0);
                        let id = format!("L_{f}_{t}_{c}");
                        *c += 1;
                        b.fc.edges.push(Edge {
                            id,
                            user_id: false,
                            from: f.clone(),
                            to: t.clone(),
                            arrow,
                            stroke,
                            length,
                            label: label.clone().map(|t| Label { text: t, kind: LabelKind::Text }),
                            styles: vec![],
                            curve: None,
                            classes: vec![],
                            animate: false,
                            animation: None,
                            span: Span::new(0, 0),
                        });
                    }
                }
            }
            prev = group;
            match link(line, i) {
                Some((a, s, l, lab, e)) => {
                    pending = Some((a, s, l, lab));
                    i = ws(line, e);
                }
                None => break,
            }
        }
    }
    b.fc
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = None;
    let mut svg = None;
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" => out = it.next().cloned(),
            "--svg" => svg = it.next().cloned(),
            f => file = Some(f.to_string()),
        }
    }
    let src = std::fs::read_to_string(file.expect("input file")).expect("readable input");
    let t = std::time::Instant::now();
    let fc = load(&src);
    let opts = Options::default();
    let l = mmdflow::layout(&fc, &opts).expect("layout");
    let json = l.to_json();
    let svg_text = mmdflow::render::svg::write(&l, &opts);
    eprintln!("nodes {} edges {} layout {:.1} ms, layout+svg {:.1} ms", fc.nodes.len(), fc.edges.len(), l.time_ms, t.elapsed().as_secs_f64() * 1000.0);
    if let Some(o) = out {
        std::fs::write(o, json).expect("write json");
    }
    if let Some(o) = svg {
        std::fs::write(o, svg_text).expect("write svg");
    }
}
