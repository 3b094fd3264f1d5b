//! Renders one Mermaid file to SVG, PNG, PDF or layout JSON, chosen by the
//! output file's extension, and prints its warnings with line and column.
//!
//! ```sh
//! cargo run --example render_file -- examples/seed.mmd target/seed.pdf
//! ```
//!
//! Without arguments it renders `examples/seed.mmd` to
//! `target/examples/seed.svg`: examples write only under `target/` or where
//! they are told.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let input = args.next().unwrap_or_else(|| PathBuf::from("examples/seed.mmd"));
    let output = args.next().unwrap_or_else(|| {
        let name = input.with_extension("svg");
        Path::new("target/examples").join(name.file_name().unwrap_or_default())
    });
    let source = match std::fs::read_to_string(&input) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: {e}", input.display());
            return ExitCode::from(2);
        }
    };
    let options = mmdflow::Options::default();
    let rendered = match output.extension().and_then(|e| e.to_str()) {
        Some("json") => mmdflow::render_json(&source, &options)
            .map(|json| mmdflow::Rendered { output: json.into_bytes(), warnings: Vec::new() }),
        #[cfg(feature = "png")]
        Some("png") => mmdflow::render_png_with_warnings(&source, &options),
        #[cfg(feature = "pdf")]
        Some("pdf") => mmdflow::render_pdf_with_warnings(&source, &options),
        Some("svg") => mmdflow::render_svg_with_warnings(&source, &options)
            .map(|r| mmdflow::Rendered { output: r.output.into_bytes(), warnings: r.warnings }),
        _ => {
            eprintln!("{}: name the output .svg, .png, .pdf or .json", output.display());
            return ExitCode::from(2);
        }
    };
    let rendered = rendered.map(|r| {
        for w in &r.warnings {
            eprintln!("{}:{w}", display(&input));
        }
        r.output
    });
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("{}: {e}", dir.display());
            return ExitCode::from(2);
        }
    }
    match rendered {
        Ok(bytes) => match std::fs::write(&output, bytes) {
            Ok(()) => {
                eprintln!("wrote {}", output.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{}: {e}", output.display());
                ExitCode::from(2)
            }
        },
        Err(e) => {
            // `report` prints `path:line:col: error: message` and the source
            // line with a caret under the problem.
            eprintln!("{}", e.report(&display(&input)));
            ExitCode::from(1)
        }
    }
}

fn display(p: &Path) -> String {
    p.display().to_string()
}
