//! Mermaid's own parser test cases (../shared/conformance, not copied into
//! the repo) run through the parser, and the resulting [`Flowchart`]'s facts
//! (the same ones `tools/conformance.py` reads from the layout JSON: ids,
//! labels, shapes, classes, edges, subgraph titles, members and children)
//! compared with mermaid's FlowDB the way that script does. Comparing the
//! parser's own output keeps this ratchet about the parser, whatever the
//! later stages write. The pass count per spec file may not drop
//! below the counts recorded in tests/conformance_ratchet.json (raise them
//! when more cases pass). Without ../shared/conformance the test fails under
//! CI and skips visibly elsewhere (tests/shared_data).

mod shared_data;

use mmdflow::Flowchart;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

fn shape_name(s: Option<&str>) -> String {
    let classic: HashMap<&str, &str> = [
        ("square", "rect"),
        ("rect", "rect"),
        ("round", "rounded"),
        ("stadium", "stadium"),
        ("subroutine", "fr-rect"),
        ("cylinder", "cyl"),
        ("circle", "circle"),
        ("doublecircle", "dbl-circ"),
        ("odd", "odd"),
        ("diamond", "diam"),
        ("hexagon", "hex"),
        ("lean_right", "lean-r"),
        ("lean_left", "lean-l"),
        ("trapezoid", "trap-b"),
        ("inv_trapezoid", "trap-t"),
        ("ellipse", "ellipse"),
    ]
    .into_iter()
    .collect();
    let Some(s) = s else { return "rect".into() };
    // Short names and aliases through the library's table, then the classic
    // FlowDB types.
    if let Some(sh) = mmdflow::shape::Shape::from_name(s) {
        return sh.short_name().to_string();
    }
    classic.get(s).map_or(s.to_string(), |c| c.to_string())
}

fn unescape(t: &str) -> String {
    let mut out = String::new();
    let mut rest = t;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        let after = &rest[k + 1..];
        let end = after.bytes().take(12).position(|b| b == b';');
        let dec = end.and_then(|e| {
            let n = &after[..e];
            match n {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => n.strip_prefix('#').and_then(|d| {
                    match d.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok(),
                        None => d.parse().ok(),
                    }
                    .and_then(char::from_u32)
                }),
            }
            .map(|c| (c, e))
        });
        match dec {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// conformance.py's `norm_text`.
fn norm(t: Option<&Value>) -> String {
    let t = match t {
        None | Some(Value::Null) => return String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    };
    let mut t = t.trim().to_string();
    if t.len() >= 2 && t.starts_with('`') && t.ends_with('`') {
        t = t[1..t.len() - 1].to_string();
    }
    // `#name;` / `#123;` entity codes.
    let mut out = String::new();
    let mut rest = t.as_str();
    while let Some(k) = rest.find('#') {
        out.push_str(&rest[..k]);
        let after = &rest[k + 1..];
        let n = after.bytes().take_while(|b| b.is_ascii_alphanumeric()).count();
        if n > 0 && after.as_bytes().get(n) == Some(&b';') {
            let name = &after[..n];
            if name.bytes().all(|b| b.is_ascii_digit()) {
                if let Some(c) = name.parse().ok().and_then(char::from_u32) {
                    out.push(c);
                }
            } else if name.as_bytes()[0].is_ascii_alphabetic() {
                out.push_str(&unescape(&format!("&{name};")));
            } else {
                out.push('#');
                rest = after;
                continue;
            }
            rest = &after[n + 1..];
        } else {
            out.push('#');
            rest = after;
        }
    }
    out.push_str(rest);
    let t = unescape(&out);
    // <br> variants.
    let lower = t.to_ascii_lowercase();
    let mut s = String::new();
    let mut i = 0;
    while i < t.len() {
        if lower[i..].starts_with("<br") {
            let tail = &lower[i + 3..];
            let sp = tail.len() - tail.trim_start().len();
            let tail2 = &tail[sp..];
            let slash = usize::from(tail2.starts_with('/'));
            if tail2[slash..].starts_with('>') {
                s.push('\n');
                i += 3 + sp + slash + 1;
                continue;
            }
        }
        let c = t[i..].chars().next().unwrap_or(' ');
        s.push(c);
        i += c.len_utf8();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_ok(case: &Value, lay: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    if let Some(d) = case["direction"].as_str() {
        if lay["direction"].as_str() != Some(d) {
            errs.push(format!("direction {:?} != {d}", lay["direction"]));
        }
    }
    let empty = Vec::new();
    let arr = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let nodes: HashMap<String, Value> = arr(&lay["nodes"]).into_iter().map(|n| (n["id"].as_str().unwrap_or("").to_string(), n)).collect();
    let clusters: HashMap<String, Value> =
        arr(&lay["clusters"]).into_iter().map(|n| (n["id"].as_str().unwrap_or("").to_string(), n)).collect();
    let subs = case["subgraphs"].as_array().unwrap_or(&empty);
    let sub_ids: HashSet<String> = subs.iter().filter_map(|s| s["id"].as_str().map(String::from)).collect();
    let verts = case["vertices"].as_array().unwrap_or(&empty);
    let mut exp: HashSet<String> = verts.iter().filter_map(|v| v["id"].as_str().map(String::from)).collect();
    exp.extend(sub_ids.iter().cloned());
    let got: HashSet<String> = nodes.keys().chain(clusters.keys()).cloned().collect();
    if exp != got {
        errs.push(format!("ids differ: missing {:?} extra {:?}", exp.difference(&got).collect::<Vec<_>>(), got.difference(&exp).collect::<Vec<_>>()));
    }
    let skip_labels = case["skip_labels"].as_bool().unwrap_or(false);
    for v in verts {
        let id = v["id"].as_str().unwrap_or("");
        let Some(n) = nodes.get(id) else { continue };
        if !skip_labels && norm(n.get("label")) != norm(v.get("text")) {
            errs.push(format!("node {id} label {:?} != {:?}", n["label"], v["text"]));
        }
        if shape_name(n["shape"].as_str()) != shape_name(v["type"].as_str()) {
            errs.push(format!("node {id} shape {:?} != {:?}", n["shape"], v["type"]));
        }
        if let Some(want) = v["classes"].as_array().filter(|a| !a.is_empty()) {
            let mut w: Vec<String> = want.iter().filter_map(|c| c.as_str().map(String::from)).collect();
            let mut h: Vec<String> = arr(&n["classes"]).iter().filter_map(|c| c.as_str().map(String::from)).collect();
            w.sort();
            h.sort();
            if w != h {
                errs.push(format!("node {id} classes {h:?} != {w:?}"));
            }
        }
    }
    let lab = |t: Option<&Value>| if skip_labels { String::new() } else { norm(t) };
    let key = |e: &Value, from: &str, to: &str, label: &str| {
        let len = e.get("length").map_or(Value::from(1), Clone::clone);
        format!("{}|{}|{}|{}|{}|{}", e[from], e[to], e["type"], e["stroke"], len, lab(e.get(label)))
    };
    let mut want: BTreeMap<String, i32> = BTreeMap::new();
    for e in case["edges"].as_array().unwrap_or(&empty) {
        *want.entry(key(e, "start", "end", "text")).or_default() += 1;
    }
    let mut have: BTreeMap<String, i32> = BTreeMap::new();
    for e in arr(&lay["edges"]) {
        *have.entry(key(&e, "from", "to", "label")).or_default() += 1;
    }
    if want != have {
        errs.push(format!("edges differ: want {want:?} have {have:?}"));
    }
    for s in subs {
        let id = s["id"].as_str().unwrap_or("");
        let Some(c) = clusters.get(id) else { continue };
        if norm(c.get("title")) != norm(s.get("title")) {
            errs.push(format!("subgraph {id} title {:?} != {:?}", c["title"], s["title"]));
        }
        let members: HashSet<String> = s["nodes"].as_array().unwrap_or(&empty).iter().filter_map(|n| n.as_str().map(String::from)).collect();
        let direct: HashSet<String> = members.difference(&sub_ids).cloned().collect();
        let kids: HashSet<String> = clusters.iter().filter(|(_, cc)| cc["parent"].as_str() == Some(id)).map(|(k, _)| k.clone()).collect();
        let got_nodes: HashSet<String> = arr(&c["nodes"]).iter().filter_map(|n| n.as_str().map(String::from)).collect();
        if got_nodes != direct {
            errs.push(format!("subgraph {id} nodes {got_nodes:?} != {direct:?}"));
        }
        let want_kids: HashSet<String> = members.intersection(&sub_ids).cloned().collect();
        if kids != want_kids {
            errs.push(format!("subgraph {id} children {kids:?} != {want_kids:?}"));
        }
    }
    errs
}

/// The flowchart as the layout JSON's parse facts (SCHEMA.md field names).
fn facts(c: &Flowchart) -> Value {
    let nodes: Vec<Value> = c
        .nodes
        .iter()
        .map(|n| json!({"id": n.id, "label": n.label.text, "shape": n.shape.short_name(), "classes": n.classes}))
        .collect();
    let edges: Vec<Value> = c
        .edges
        .iter()
        .map(|e| {
            json!({"from": e.from, "to": e.to, "type": e.arrow.as_str(), "stroke": e.stroke.as_str(),
                   "length": e.length, "label": e.label.as_ref().map(|l| l.text.clone())})
        })
        .collect();
    let clusters: Vec<Value> = c
        .subgraphs
        .iter()
        .map(|s| {
            json!({"id": s.id, "title": s.title.text, "nodes": s.nodes,
                   "parent": s.parent.map(|p| c.subgraphs[p].id.clone())})
        })
        .collect();
    json!({"direction": c.direction.as_str(), "nodes": nodes, "edges": edges, "clusters": clusters})
}

#[test]
fn mermaid_parser_cases() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(path) = shared_data::shared_path("mermaid_parser_cases", "conformance/mermaid-parser-cases.jsonl") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let ratchet: BTreeMap<String, u64> =
        serde_json::from_str(&std::fs::read_to_string(root.join("tests/conformance_ratchet.json")).unwrap()).unwrap();
    let options = mmdflow::Options::default();
    let mut per: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap();
        if case.get("upstream_status").is_some() {
            continue;
        }
        let id = case["id"].as_str().unwrap_or("").to_string();
        let group = id.split('/').next().unwrap_or("").to_string();
        let input = case["input"].as_str().unwrap_or("");
        let result = mmdflow::parse(input, &options).map(|c| facts(&c));
        let errs: Vec<String> = if case["expect"] == "error" {
            match result {
                Ok(_) => vec!["accepted input that mermaid rejects".into()],
                Err(e) if e.line().is_none() => vec![format!("error names no line: {e}")],
                Err(_) => vec![],
            }
        } else {
            match result {
                Err(e) => vec![format!("rejected: {e}")],
                Ok(view) => check_ok(&case, &view),
            }
        };
        let entry = per.entry(group).or_default();
        entry.1 += 1;
        if errs.is_empty() {
            entry.0 += 1;
        } else {
            failures.push((id, errs));
        }
    }
    for (id, errs) in &failures {
        println!("FAIL {id}\n  {}", errs.join("\n  "));
    }
    println!("\n{:<28} passed", "spec file");
    let mut dropped = Vec::new();
    for (g, (ok, total)) in &per {
        let floor = ratchet.get(g).copied().unwrap_or(0);
        println!("{g:<28} {ok:>4}/{total:<4} (ratchet {floor})");
        if *ok < floor {
            dropped.push(format!("{g}: {ok} < {floor}"));
        }
    }
    let ok: u64 = per.values().map(|v| v.0).sum();
    let total: u64 = per.values().map(|v| v.1).sum();
    println!("conformance: {ok}/{total} passed");
    assert!(dropped.is_empty(), "conformance dropped below the ratchet: {dropped:?}");
}
