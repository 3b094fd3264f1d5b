//! The HTML variant of `site_builder`: post-processes a built site (Jekyll's
//! `_site/`, Hugo's `public/`, ...) in place, replacing each flowchart with
//! an inline SVG, and leaving every page without one untouched, the way a
//! deploy step would use the library (no CLI involved).
//!
//! ```sh
//! cargo run --example site_builder_html -- _site/
//! ```
//!
//! Without arguments it builds a two-page demo site in a temporary folder.

use mmdflow::{html, Options};
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let site = match std::env::args_os().nth(1) {
        Some(s) => PathBuf::from(s),
        None => demo()?,
    };
    let options = Options::default();
    let mut pages = Vec::new();
    collect(&site, &mut pages)?;
    pages.sort();
    let mut failed = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page)?;
        match html::rewrite_inline(&text, &options) {
            Ok(done) => {
                for w in &done.warnings {
                    let offset = w.span.map_or(0, |s| s.start);
                    let (line, col) = mmdflow::markdown::line_column(&text, offset);
                    eprintln!("{}:{line}:{col}: warning: {}", page.display(), w.message);
                }
                if done.replaced() > 0 {
                    // A temporary file and a rename: readers never see half a page.
                    let tmp = page.with_extension("html.tmp");
                    std::fs::write(&tmp, &done.html)?;
                    std::fs::rename(&tmp, page)?;
                    println!("{}: {} diagram(s)", page.display(), done.replaced());
                }
            }
            Err(e) => {
                eprintln!("{}", e.report(&page.display().to_string()));
                failed += 1;
            }
        }
    }
    println!("{} pages, {failed} failed, site in {}", pages.len(), site.display());
    if failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "html" || e == "htm") {
            out.push(path);
        }
    }
    Ok(())
}

fn demo() -> std::io::Result<PathBuf> {
    let site = std::env::temp_dir().join(format!("mmdflow-site-html-{}", std::process::id()));
    std::fs::create_dir_all(&site)?;
    std::fs::write(
        site.join("index.html"),
        "<h1>Guide</h1>\n<div class=\"mt-10 mermaid\">\n  graph TD;\n    A[Start] --> B{Condition?};\n</div>\n",
    )?;
    std::fs::write(site.join("about.html"), "<h1>About</h1>\n<p>No diagram here.</p>\n")?;
    Ok(site)
}
