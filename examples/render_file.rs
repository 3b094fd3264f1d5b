//! Renders one Mermaid file to SVG, PNG or layout JSON, chosen by the output
//! file's extension.
//!
//! ```sh
//! cargo run --example render_file -- examples/seed.mmd seed.svg
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let input = args.next().unwrap_or_else(|| PathBuf::from("examples/seed.mmd"));
    let output = args.next().unwrap_or_else(|| input.with_extension("svg"));
    let source = match std::fs::read_to_string(&input) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: {e}", input.display());
            return ExitCode::from(2);
        }
    };
    let options = mmdflow::Options::default();
    let rendered = match output.extension().and_then(|e| e.to_str()) {
        Some("json") => mmdflow::render_json(&source, &options).map(String::into_bytes),
        #[cfg(feature = "png")]
        Some("png") => mmdflow::render_png(&source, &options),
        _ => mmdflow::render_svg(&source, &options).map(String::into_bytes),
    };
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
