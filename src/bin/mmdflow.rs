//! The `mmdflow` command line: reads flowchart text, writes SVG, PNG or
//! layout JSON. No rendering logic lives here.

use clap::Parser;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "mmdflow", version, about = "Mermaid flowcharts to SVG, PNG and layout JSON")]
struct Cli {
    /// Input file (`-` or nothing: standard input).
    input: Option<PathBuf>,
    /// Output file (`-`: standard output). Default: the input with the
    /// format's extension, or standard output for standard input.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Output format: svg, png or json. Default: from the output's extension,
    /// else svg.
    #[arg(short = 'e', long = "outputFormat", alias = "format")]
    format: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Svg,
    Png,
    Json,
}

fn format_of(cli: &Cli) -> Result<Format, String> {
    let name = match &cli.format {
        Some(f) => f.to_ascii_lowercase(),
        None => cli
            .output
            .as_deref()
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .unwrap_or_else(|| "svg".into()),
    };
    match name.as_str() {
        "svg" => Ok(Format::Svg),
        "png" => Ok(Format::Png),
        "json" => Ok(Format::Json),
        other => Err(format!("unknown output format '{other}' (expected svg, png or json)")),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a
/// rename, so a failure never leaves a partial or clobbered file.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = match format_of(&cli) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("mmdflow: error: {e}");
            return ExitCode::from(2);
        }
    };
    let from_stdin = cli.input.as_deref().map_or(true, |p| p == Path::new("-"));
    let display = if from_stdin { "<stdin>".to_string() } else { cli.input.as_ref().unwrap().display().to_string() };
    let mut bytes = Vec::new();
    let read = if from_stdin {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(cli.input.as_ref().unwrap()).map(|b| bytes = b)
    };
    if let Err(e) = read {
        eprintln!("{display}: error: {e}");
        return ExitCode::from(2);
    }
    let source = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            eprintln!("{display}:{line}:1: error: input is not valid UTF-8");
            return ExitCode::from(1);
        }
    };
    let options = mmdflow::Options::default();
    let result: Result<Vec<u8>, mmdflow::Error> = match format {
        Format::Svg => mmdflow::render_svg(&source, &options).map(String::into_bytes),
        Format::Json => mmdflow::render_json(&source, &options).map(String::into_bytes),
        #[cfg(feature = "png")]
        Format::Png => mmdflow::render_png(&source, &options),
        #[cfg(not(feature = "png"))]
        Format::Png => Err(mmdflow::Error::new(mmdflow::ErrorKind::Render, "built without the `png` feature")),
    };
    let out = match result {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{}", e.report(&display));
            return ExitCode::from(1);
        }
    };
    let output = match &cli.output {
        Some(p) => Some(p.clone()),
        None if from_stdin => None,
        None => {
            let ext = match format {
                Format::Svg => "svg",
                Format::Png => "png",
                Format::Json => "json",
            };
            Some(cli.input.as_ref().unwrap().with_extension(ext))
        }
    };
    match output {
        Some(p) if p != Path::new("-") => {
            if let Err(e) = write_atomic(&p, &out) {
                eprintln!("{}: error: {e}", p.display());
                return ExitCode::from(2);
            }
        }
        _ => {
            let mut so = std::io::stdout().lock();
            if so.write_all(&out).and_then(|_| so.flush()).is_err() {
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}
