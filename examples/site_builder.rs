//! A tiny static-site step: copies a folder of Markdown files to an output
//! folder, replacing each flowchart block with an SVG image beside the page,
//! the way a docs pipeline would use the library (no CLI involved).
//!
//! ```sh
//! cargo run --example site_builder -- docs/ public/
//! ```
//!
//! Without arguments it builds a one-page demo site under
//! `target/examples/site_builder/`.
//!
//! Each diagram gets its own SVG id from its page and its place in it
//! (`Options::svg_id`), so a page that inlines several diagrams, or the same
//! one twice, has no duplicate ids.

use mmdflow::{markdown, render, Options};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (src, out) = match (args.next(), args.next()) {
        (Some(s), Some(o)) => (s, o),
        _ => demo()?,
    };
    let options = Options::default();
    let mut pages = Vec::new();
    collect(&src, &mut pages)?;
    pages.sort();
    let mut failed = 0;
    for page in &pages {
        let rel = page.strip_prefix(&src)?;
        let target = out.join(rel);
        let dir = target.parent().unwrap_or(&out).to_path_buf();
        std::fs::create_dir_all(&dir)?;
        let stem = target.file_stem().and_then(|s| s.to_str()).unwrap_or("page").to_string();
        let text = std::fs::read_to_string(page)?;
        let mut images = Vec::new();
        // Each flowchart is laid out and drawn as SVG; the closure returns
        // the link target and keeps the bytes to write once the page is good.
        let result = markdown::rewrite(&text, &options, |diagram| {
            let placed = mmdflow::layout(&diagram.chart, &options)?;
            let name = format!("{stem}-{}.svg", diagram.index);
            let id = Options { svg_id: Some(format!("{stem}-{}", diagram.index)), ..options.clone() };
            images.push((dir.join(&name), render::svg::write(&placed, &id)));
            Ok(format!("./{name}"))
        });
        match result {
            Ok(rewritten) => {
                for w in &rewritten.warnings {
                    // `locate` turns the byte span into `line:column: message`.
                    eprintln!("warning: {}:{}", page.display(), w.locate(&text));
                }
                for (path, svg) in images {
                    std::fs::write(path, svg)?;
                }
                std::fs::write(&target, rewritten.markdown)?;
                println!("{} -> {} ({} diagrams)", page.display(), target.display(), rewritten.replaced);
            }
            Err(e) => {
                failed += 1;
                eprintln!("{}", e.report(&page.display().to_string()));
            }
        }
    }
    if failed > 0 {
        return Err(format!("{failed} page(s) failed").into());
    }
    Ok(())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// A demo source folder with one page, and an output folder next to it.
fn demo() -> std::io::Result<(PathBuf, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/examples/site_builder");
    let src = root.join("docs");
    std::fs::create_dir_all(&src)?;
    std::fs::write(
        src.join("index.md"),
        "# Release flow\n\n```mermaid\nflowchart LR\n    accTitle: Release flow\n    A[Merge] --> B[Tag] --> C[Publish]\n```\n",
    )?;
    Ok((src, root.join("public")))
}
