//! The `mmdflow` command line: mmdc-compatible flags, diagram and Markdown
//! files, folders, `--check`, parallel batches. It plans jobs, calls the
//! library, and writes files; no rendering logic lives here.
//!
//! On Linux/glibc the command starts without std's runtime set-up
//! (`startup.rs` says why and what it does instead).
#![cfg_attr(all(target_os = "linux", target_env = "gnu", not(test)), no_main)]

mod args;
mod icons;
mod plan;
mod run;
mod startup;
mod write;

use args::Cli;
use clap::Parser;
use rayon::prelude::*;
use run::{Outcome, Status};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

const USAGE: u8 = 2;

fn usage_error(message: &str) -> ExitCode {
    eprintln!("mmdflow: error: {message}");
    ExitCode::from(USAGE)
}

/// Builds the library options from the flags, reading the config, CSS and
/// font files. Returns the options and warnings to print.
fn options(cli: &Cli) -> Result<(mmdflow::Options, Vec<String>), String> {
    let mut options = mmdflow::Options::default();
    let mut warnings = Vec::new();
    // Option files are inputs too: read through the same bounded reader.
    let max_input = cli.max_input_bytes.unwrap_or(options.limits.max_input_bytes);
    let read = |p: &std::path::Path, limit: usize, flag: &str| match mmdflow::input::read_file_limited(p, limit) {
        Ok(mmdflow::input::Bounded::Complete(bytes)) => Ok(bytes),
        Ok(mmdflow::input::Bounded::OverLimit) => Err(format!("{}: more than the limit of {limit} bytes ({flag})", p.display())),
        Err(e) => Err(format!("{}: {e}", p.display())),
    };
    if let Some(path) = &cli.config_file {
        let bytes = read(path, max_input, "--max-input-bytes")?;
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("{}: invalid JSON: {e}", path.display()))?;
        let (config, ignored) = mmdflow::DiagramConfig::from_json(&value);
        for i in ignored {
            warnings.push(format!("{}: warning: {i}", path.display()));
        }
        options.config = config;
    }
    if let Some(path) = &cli.css_file {
        let bytes = read(path, max_input, "--max-input-bytes")?;
        options.css = Some(String::from_utf8(bytes).map_err(|_| format!("{}: not valid UTF-8", path.display()))?);
    }
    for path in &cli.fonts {
        options.fonts.push(read(path, options.limits.max_font_bytes, "font files")?);
    }
    options.theme = cli.theme;
    options.look = cli.look;
    options.background = cli.background.clone();
    options.width = cli.width;
    options.height = cli.height;
    options.size = cli.size;
    options.pdf_paper = cli.pdf_paper;
    if let Some(s) = cli.scale {
        if !(s.is_finite() && s > 0.0) {
            return Err(format!("--scale must be a positive number, got {s}"));
        }
        options.scale = Some(s);
    }
    options.svg_id = cli.svg_id.clone();
    options.dark_theme = cli.dark_theme;
    if options.dark_theme.is_some() && plan_format_is_raster(cli) {
        warnings.push("mmdflow: warning: --dark-theme: a PNG or PDF cannot carry two palettes; it is drawn in the light one".into());
    }
    let limits = &mut options.limits;
    limits.max_nodes = cli.max_nodes.unwrap_or(limits.max_nodes);
    limits.max_edges = cli.max_edges.unwrap_or(limits.max_edges);
    limits.max_nesting = cli.max_nesting.unwrap_or(limits.max_nesting);
    limits.max_input_bytes = cli.max_input_bytes.unwrap_or(limits.max_input_bytes);
    limits.max_layered_nodes = cli.max_layered_nodes.unwrap_or(limits.max_layered_nodes);
    if cli.puppeteer_config.is_some() {
        warnings.push("mmdflow: warning: --puppeteerConfigFile is ignored (no browser is used)".into());
    }
    if cli.font_embed && !cli.no_font_embed {
        #[cfg(feature = "font-embed")]
        {
            options.font_embedding = mmdflow::FontEmbedding::UsedGlyphs;
        }
        #[cfg(not(feature = "font-embed"))]
        return Err("--font-embed: this build has no font embedding (rebuild with the `font-embed` feature)".into());
    }
    if !(cli.icon_packs.is_empty() && cli.icon_packs_urls.is_empty()) {
        let cwd = std::env::current_dir().map_err(|e| format!("current folder: {e}"))?;
        options.icons = icons::load(&cli.icon_packs, &cli.icon_packs_urls, &cwd)?;
    }
    Ok((options, warnings))
}

fn plan_format_is_raster(cli: &Cli) -> bool {
    plan::format_of(cli).is_ok_and(|f| matches!(f, plan::Format::Png | plan::Format::Pdf))
}

/// A one-line `[done/total]` counter on standard error, only when it is a
/// terminal, so logs and pipes get no carriage-return noise.
struct Progress {
    enabled: bool,
    total: usize,
    done: AtomicUsize,
}

impl Progress {
    fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.enabled {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r[{done}/{}]", self.total);
            let _ = err.flush();
        }
    }

    fn clear(&self) {
        if self.enabled {
            eprint!("\r\x1b[2K");
        }
    }
}

/// `mmdflow mdbook` in a build without the `html` feature, which the
/// preprocessor's inline SVG needs.
#[cfg(not(feature = "html"))]
fn mdbook_main() -> ExitCode {
    eprintln!("mmdflow: error: this build has no mdBook preprocessor (rebuild with the `html` feature)");
    ExitCode::from(2)
}

/// `mmdflow mdbook [supports RENDERER]`: mdBook's preprocessor protocol
/// (the library's `mdbook` module does the work).
#[cfg(feature = "html")]
fn mdbook_main() -> ExitCode {
    use std::io::Read;
    let args = std::iter::once(std::ffi::OsString::from("mmdflow mdbook")).chain(std::env::args_os().skip(2));
    let cli = args::MdbookCli::parse_from(args);
    if let Some(args::MdbookCommand::Supports { renderer }) = cli.command {
        return if mmdflow::mdbook::supports(&renderer) { ExitCode::SUCCESS } else { ExitCode::from(1) };
    }
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        return usage_error(&format!("standard input: {e}"));
    }
    match mmdflow::mdbook::preprocess(&input, &mmdflow::Options::default()) {
        Ok(done) => {
            for w in &done.warnings {
                eprintln!("{w}");
            }
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(done.book.as_bytes()).and_then(|_| out.flush()) {
                return usage_error(&format!("standard output: {e}"));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let message = e.message();
            if message.contains(": error: ") {
                eprintln!("{message}");
            } else {
                eprintln!("mmdflow mdbook: error: {message}");
            }
            ExitCode::from(1)
        }
    }
}

/// The ordinary entry point where `startup.rs` does not provide one (and
/// in the unit tests, whose harness brings its own).
#[cfg(not(all(target_os = "linux", target_env = "gnu", not(test))))]
fn main() -> ExitCode {
    run_command()
}

fn run_command() -> ExitCode {
    // A subcommand beside positional inputs: `mdbook` first selects the
    // preprocessor (a file named mdbook is still reachable as ./mdbook).
    if std::env::args_os().nth(1).is_some_and(|a| a == "mdbook") {
        return mdbook_main();
    }
    let cli = Cli::parse();
    let plan = match plan::plan(&cli) {
        Ok(p) => p,
        Err(m) => return usage_error(&m),
    };
    let (options, warnings) = match options(&cli) {
        Ok(o) => o,
        Err(m) => return usage_error(&m),
    };
    if !cli.quiet {
        for w in plan.warnings.iter().chain(&warnings) {
            eprintln!("{w}");
        }
    }
    let progress = Progress {
        enabled: plan.batch && !cli.quiet && std::io::stderr().is_terminal(),
        total: plan.jobs.len(),
        done: AtomicUsize::new(0),
    };
    let start = Instant::now();
    // `collect` keeps the sorted job order, so messages print in input order
    // whatever order the threads finish in.
    let single_diagram = plan.jobs.len() == 1 && plan.jobs[0].kind == plan::Kind::Diagram;
    let outcomes: Vec<Outcome> = if single_diagram {
        // One diagram has nothing to share out; skip starting the pool.
        plan.jobs.iter().map(|job| run::run(job, plan.format, cli.check, &options)).collect()
    } else {
        let pool = match rayon::ThreadPoolBuilder::new().num_threads(cli.jobs.map_or(0, usize::from)).build() {
            Ok(p) => p,
            Err(e) => return usage_error(&format!("cannot start worker threads: {e}")),
        };
        pool.install(|| {
            plan.jobs
                .par_iter()
                .map(|job| {
                    let outcome = run::run(job, plan.format, cli.check, &options);
                    progress.tick();
                    outcome
                })
                .collect()
        })
    };
    let elapsed = start.elapsed().as_secs_f64();
    progress.clear();

    let mut worst = Status::Ok;
    let mut failed = 0;
    {
        let mut err = std::io::stderr().lock();
        for o in &outcomes {
            for m in &o.messages {
                if !(m.warning && cli.quiet) {
                    let _ = writeln!(err, "{}", m.text);
                }
            }
            if o.status != Status::Ok {
                failed += 1;
            }
            worst = worst.max(o.status);
        }
    }
    for o in &outcomes {
        if let Some(bytes) = &o.stdout {
            let mut so = std::io::stdout().lock();
            if let Err(e) = so.write_all(bytes).and_then(|_| so.flush()) {
                // A closed pipe (`| head`) is the reader's choice, not a failure.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    eprintln!("mmdflow: error: standard output: {e}");
                    worst = worst.max(Status::IoError);
                }
            }
        }
    }
    if plan.batch && !cli.quiet {
        let n = outcomes.len();
        let verb = if cli.check { "checked" } else { "rendered" };
        let files = if n == 1 { "file" } else { "files" };
        eprintln!("{verb} {n} {files}, {failed} failed in {elapsed:.2} s");
    }
    match worst {
        Status::Ok => ExitCode::SUCCESS,
        Status::InputError => ExitCode::from(1),
        Status::IoError => ExitCode::from(USAGE),
    }
}
