//! Turns the command line into a sorted list of jobs: what to read, what kind
//! of file it is, and where its output goes. Every usage problem is found
//! here, before anything is rendered or written.

use crate::args::Cli;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    Svg,
    Png,
    Pdf,
    Json,
}

impl Format {
    /// Every format `-e` takes, in the order help and errors list them.
    const ALL: [Format; 4] = [Format::Svg, Format::Png, Format::Pdf, Format::Json];

    pub fn ext(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Json => "json",
        }
    }

    fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.ext() == name)
    }

    /// The cargo feature this format needs, when it is compiled out.
    fn missing_feature(self) -> Option<&'static str> {
        match self {
            Format::Png if !cfg!(feature = "png") => Some("png"),
            Format::Pdf if !cfg!(feature = "pdf") => Some("pdf"),
            _ => None,
        }
    }
}

/// What `-o` may name, for the usage error that lists them.
const OUTPUT_TYPES: &str = "svg, png, pdf, json, md (for Markdown input) or html (for HTML input)";

/// Extensions of files that are documents with diagrams in them, written
/// for a document input of the same kind; their images take `-e`'s format.
fn is_document(ext: &str) -> bool {
    matches!(ext, "md" | "markdown" | "html" | "htm")
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Diagram,
    Markdown,
    /// An HTML page whose diagrams are replaced in place.
    Html,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Target {
    /// `--check`: nothing is written.
    Nothing,
    Stdout,
    File(PathBuf),
}

#[derive(Clone, Debug)]
pub struct Job {
    pub source: Source,
    pub kind: Kind,
    pub target: Target,
    /// Where a Markdown file's images go.
    pub image_dir: Option<PathBuf>,
    /// The input as printed in messages.
    pub display: String,
    /// `--in-place`: the target is the input, written only when the page
    /// holds a flowchart.
    pub in_place: bool,
    /// `--html-images`: an HTML page's flowcharts go to image files.
    pub html_images: bool,
}

pub struct Plan {
    pub format: Format,
    pub jobs: Vec<Job>,
    /// True when the run is a batch (several files or a folder), which gets a
    /// progress line and a summary.
    pub batch: bool,
    /// Findings that are not errors (an input folder with no diagrams).
    pub warnings: Vec<String>,
}

fn is_markdown(path: &Path) -> bool {
    matches!(ext_lower(path).as_deref(), Some("md" | "markdown"))
}

fn is_html(path: &Path) -> bool {
    matches!(ext_lower(path).as_deref(), Some("html" | "htm"))
}

fn ext_lower(path: &Path) -> Option<String> {
    path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase)
}

/// `-o`, when it names a document (`.md`, `.html`) rather than an image.
fn document_output(cli: &Cli) -> Option<&Path> {
    cli.output.as_deref().filter(|o| ext_lower(o).is_some_and(|e| is_document(&e)))
}

/// The image format, from `-e` and the output file's extension, which must
/// agree. An output whose extension is no known type is refused (mmdc
/// writes SVG into `x.jpg`; mmdflow says what it can write instead), and so
/// is one with no extension unless `-e` says what goes in it.
pub fn format_of(cli: &Cli) -> Result<Format, String> {
    let named = match &cli.format {
        Some(f) => {
            let name = f.trim().to_ascii_lowercase();
            let list: Vec<&str> = Format::ALL.iter().map(|f| f.ext()).collect();
            Some(Format::from_name(&name).ok_or_else(|| {
                format!("unknown output format '{f}' for -e (expected one of {})", list.join(", "))
            })?)
        }
        None => None,
    };
    let output = cli.output.as_deref().filter(|o| *o != Path::new("-"));
    let from_output = match output {
        None => None,
        Some(o) => match ext_lower(o) {
            Some(e) if is_document(&e) => None,
            Some(e) => Some(Format::from_name(&e).ok_or_else(|| {
                format!("{}: unsupported output type '.{e}' (expected one of {OUTPUT_TYPES})", o.display())
            })?),
            None if named.is_some() => None,
            // A device, FIFO or descriptor (`/dev/null`, `/dev/stdout`): no
            // name to go by, so the default format, as for standard output.
            None if crate::write::is_stream(o) => None,
            None => {
                return Err(format!(
                    "{}: the output has no extension; name it after its type ({OUTPUT_TYPES}) or give -e",
                    o.display()
                ))
            }
        },
    };
    let format = match (named, from_output) {
        (Some(n), Some(o)) if n != o => {
            return Err(format!(
                "-e {} does not match the output {} (a .{} file)",
                n.ext(),
                output.map(|p| p.display().to_string()).unwrap_or_default(),
                o.ext()
            ))
        }
        (Some(f), _) | (None, Some(f)) => f,
        (None, None) => Format::Svg,
    };
    if let Some(feature) = format.missing_feature() {
        return Err(format!("this mmdflow was built without the `{feature}` feature, so it cannot write {}", format.ext()));
    }
    Ok(format)
}

/// How a folder walk treats symbolic links to files.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Links {
    /// Links that resolve outside the input folder are skipped with a
    /// warning, so a walk never publishes a file from elsewhere
    /// (`docs/notes.md -> ../token.env`).
    StayInside,
    /// `--follow-symlinks`: every link to a file is taken.
    Follow,
}

/// A folder walk: its input folder (canonical) and what it found.
struct Walk<'a> {
    root: PathBuf,
    markdown: bool,
    /// `--html`: take .html and .htm files too.
    html: bool,
    links: Links,
    /// The canonical --out-dir: outputs written inside an input folder must
    /// not become inputs of the next run.
    skip: Option<&'a Path>,
    files: Vec<PathBuf>,
    warnings: Vec<String>,
}

/// Files found under `dir`, recursively, sorted. Hidden entries (names
/// starting with `.`) are skipped, and symbolic links to folders are not
/// followed so a link cycle cannot loop.
fn walk(dir: &Path, w: &mut Walk) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        paths.push(entry.path());
    }
    paths.sort();
    for path in paths {
        if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        let link = std::fs::symlink_metadata(&path).map(|m| m.file_type().is_symlink()).unwrap_or(false);
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        if meta.is_dir() {
            let skipped = w.skip.is_some_and(|s| std::fs::canonicalize(&path).is_ok_and(|p| p == s));
            if !link && !skipped {
                walk(&path, w)?;
            }
        } else if meta.is_file() {
            let wanted = match ext_lower(&path).as_deref() {
                Some("mmd" | "mermaid") => true,
                Some("md" | "markdown") => w.markdown,
                Some("html" | "htm") => w.html,
                _ => false,
            };
            if !wanted {
                continue;
            }
            if link && w.links == Links::StayInside {
                let inside = std::fs::canonicalize(&path).is_ok_and(|target| target.starts_with(&w.root));
                if !inside {
                    w.warnings.push(format!(
                        "{}: warning: symbolic link to a file outside {}; skipped (--follow-symlinks takes it)",
                        path.display(),
                        w.root.display()
                    ));
                    continue;
                }
            }
            w.files.push(path);
        }
    }
    Ok(())
}

pub fn plan(cli: &Cli) -> Result<Plan, String> {
    let format = format_of(cli)?;
    let mut inputs: Vec<PathBuf> = cli.inputs.iter().chain(&cli.input_flag).cloned().collect();
    if inputs.is_empty() {
        if std::io::stdin().is_terminal() {
            return Err("no input: give a file, a folder, or - to read standard input (see --help)".into());
        }
        inputs.push(PathBuf::from("-"));
    }

    // (input path, path relative to the folder it was found in, or its file
    // name when given directly)
    let mut found: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut stdin = false;
    let mut batch = inputs.len() > 1;
    let mut warnings = Vec::new();
    for input in &inputs {
        if input == Path::new("-") {
            if stdin {
                return Err("standard input (-) given twice".into());
            }
            stdin = true;
            continue;
        }
        let meta = std::fs::metadata(input).map_err(|e| format!("{}: {e}", input.display()))?;
        if meta.is_dir() {
            batch = true;
            let skip = cli.out_dir.as_deref().and_then(|d| std::fs::canonicalize(d).ok());
            let mut w = Walk {
                root: std::fs::canonicalize(input).map_err(|e| format!("{}: {e}", input.display()))?,
                markdown: cli.markdown,
                html: cli.html,
                links: if cli.follow_symlinks { Links::Follow } else { Links::StayInside },
                skip: skip.as_deref(),
                files: Vec::new(),
                warnings: Vec::new(),
            };
            walk(input, &mut w)?;
            warnings.append(&mut w.warnings);
            let files = w.files;
            if files.is_empty() {
                let what = match (cli.markdown, cli.html) {
                    (false, false) => ".mmd or .mermaid",
                    (true, false) => ".mmd, .mermaid or Markdown",
                    (false, true) => ".mmd, .mermaid or HTML",
                    (true, true) => ".mmd, .mermaid, Markdown or HTML",
                };
                warnings.push(format!("{}: warning: no {what} files found", input.display()));
            }
            for f in files {
                let rel = f.strip_prefix(input).map(Path::to_path_buf).unwrap_or_else(|_| f.clone());
                found.push((f, rel));
            }
        } else {
            let name = input.file_name().map(PathBuf::from).unwrap_or_else(|| input.clone());
            found.push((input.clone(), name));
        }
    }
    // Deterministic order whatever the order of arguments and folder reads;
    // a file named twice is rendered once.
    found.sort();
    found.dedup_by(|a, b| a.0 == b.0);

    let mut jobs: Vec<Job> = Vec::new();
    if stdin {
        if let Some(doc) = document_output(cli) {
            return Err(format!("<stdin>: a diagram input needs an image output (svg, png, pdf or json), not {}", doc.display()));
        }
        let target = match &cli.output {
            _ if cli.check => Target::Nothing,
            Some(o) if o != Path::new("-") => Target::File(o.clone()),
            _ => Target::Stdout,
        };
        jobs.push(Job {
            source: Source::Stdin,
            kind: Kind::Diagram,
            target,
            image_dir: None,
            display: "<stdin>".into(),
            in_place: false,
            html_images: cli.html_images,
        });
    }
    for (path, _) in &found {
        let kind = if is_markdown(path) {
            Kind::Markdown
        } else if is_html(path) {
            Kind::Html
        } else {
            Kind::Diagram
        };
        jobs.push(Job {
            source: Source::File(path.clone()),
            kind,
            target: Target::Nothing,
            image_dir: None,
            display: path.display().to_string(),
            in_place: false,
            html_images: cli.html_images,
        });
    }

    if let Some((k, n)) = cli.shard {
        // Round robin over the sorted list: every shard gets a similar mix of
        // folders, and the split depends on nothing but the list.
        jobs = jobs.into_iter().enumerate().filter(|(i, _)| i % n == k - 1).map(|(_, j)| j).collect();
    }

    if jobs.iter().any(|j| j.kind == Kind::Html) {
        match format {
            Format::Svg => {}
            Format::Png if cli.html_images => {}
            _ => {
                return Err(format!(
                    "HTML pages get inline SVG (or, with --html-images, SVG or PNG files), not {}",
                    format.ext()
                ))
            }
        }
    }
    if cli.output.is_some() && jobs.len() > 1 {
        return Err("-o/--output names one output, but there are several inputs; use --out-dir".into());
    }
    if !cli.check {
        let rels: BTreeMap<&PathBuf, &PathBuf> = found.iter().map(|(p, r)| (p, r)).collect();
        for job in &mut jobs {
            let Source::File(path) = &job.source else { continue };
            let Some(rel) = rels.get(path).copied() else { continue };
            let base = match &cli.out_dir {
                Some(dir) => dir.join(rel),
                None => path.clone(),
            };
            match job.kind {
                Kind::Html => {
                    let out = match &cli.output {
                        _ if cli.in_place => {
                            job.in_place = true;
                            path.clone()
                        }
                        Some(o) if o == Path::new("-") && cli.html_images => {
                            return Err(format!(
                                "{}: --html-images needs an output folder for the images; use -o FILE.html",
                                job.display
                            ))
                        }
                        Some(o) if o == Path::new("-") => {
                            job.target = Target::Stdout;
                            continue;
                        }
                        Some(o) => o.clone(),
                        None if cli.out_dir.is_some() => base,
                        None => {
                            return Err(format!(
                                "{}: an HTML input needs -o, --out-dir or --in-place (writing beside it would overwrite it)",
                                job.display
                            ))
                        }
                    };
                    let dir = out.parent().map(Path::to_path_buf).unwrap_or_default();
                    let sub = rel.parent().unwrap_or(Path::new(""));
                    job.image_dir = Some(cli.artefacts.as_ref().map_or(dir, |a| a.join(sub)));
                    job.target = Target::File(out);
                }
                Kind::Diagram => {
                    if let Some(doc) = document_output(cli) {
                        return Err(format!(
                            "{}: a diagram input needs an image output (svg, png, pdf or json), not {}",
                            job.display,
                            doc.display()
                        ));
                    }
                    job.target = match &cli.output {
                        Some(o) if o == Path::new("-") => Target::Stdout,
                        Some(o) => Target::File(o.clone()),
                        None => Target::File(base.with_extension(format.ext())),
                    };
                }
                Kind::Markdown => {
                    let out = match &cli.output {
                        Some(o) if o == Path::new("-") => {
                            return Err(format!(
                                "{}: Markdown output cannot go to standard output (its images need a folder); use -o FILE.md",
                                job.display
                            ))
                        }
                        Some(o) if !is_markdown(o) => {
                            return Err(format!(
                                "{}: a Markdown input needs a Markdown output (.md or .markdown), not {}",
                                job.display,
                                o.display()
                            ))
                        }
                        Some(o) => o.clone(),
                        None if cli.out_dir.is_some() => base,
                        None => {
                            return Err(format!(
                                "{}: a Markdown input needs -o or --out-dir (writing beside it would overwrite it)",
                                job.display
                            ))
                        }
                    };
                    let dir = out.parent().map(Path::to_path_buf).unwrap_or_default();
                    // One artefacts folder for a whole tree keeps the tree's
                    // shape, so docs/a/index.md and docs/b/index.md do not
                    // share index-1.svg.
                    let sub = rel.parent().unwrap_or(Path::new(""));
                    job.image_dir = Some(cli.artefacts.as_ref().map_or(dir, |a| a.join(sub)));
                    job.target = Target::File(out);
                }
            }
        }
    }

    // Two inputs writing one file (a.mmd and a.mermaid, or same-named files
    // given from different folders with --out-dir) would race; refuse.
    // A Markdown job also writes `STEM-N.EXT` images beside its output (or
    // in its artefacts folder), N unknown until it is read: two Markdown jobs
    // with one image prefix (guide.md and guide.markdown), or a diagram
    // whose output has that form (guide-1.mmd), would overwrite each other.
    let mut image_prefixes: BTreeMap<(PathBuf, OsString), &str> = BTreeMap::new();
    for job in &jobs {
        if let (Target::File(out), Some(dir)) = (&job.target, &job.image_dir) {
            let key = (dir.clone(), out.file_stem().unwrap_or_default().to_os_string());
            if let Some(other) = image_prefixes.insert(key, &job.display) {
                return Err(format!(
                    "{other} and {} would both write images named {}-N.{} in {}",
                    job.display,
                    Path::new(out.file_stem().unwrap_or_default()).display(),
                    format.ext(),
                    dir.display()
                ));
            }
        }
    }
    for job in &jobs {
        let Target::File(out) = &job.target else { continue };
        let (Some(dir), Some(name)) = (out.parent(), out.file_name()) else { continue };
        let name = name.as_encoded_bytes();
        let Some(stem) = name.strip_suffix(format!(".{}", format.ext()).as_bytes()) else { continue };
        let Some(dash) = stem.iter().rposition(|&b| b == b'-') else { continue };
        if dash + 1 == stem.len() || !stem[dash + 1..].iter().all(u8::is_ascii_digit) {
            continue;
        }
        // The bytes before the dash: the stem of some Markdown output?
        for ((image_dir, md_stem), md) in &image_prefixes {
            if md_stem.as_encoded_bytes() == &stem[..dash] && same_dir(image_dir, dir) && *md != job.display {
                return Err(format!("{} and the images of {md} would both write {}", job.display, out.display()));
            }
        }
    }
    let mut seen: BTreeMap<PathBuf, &str> = BTreeMap::new();
    for job in &jobs {
        if let Target::File(out) = &job.target {
            if let Source::File(input) = &job.source {
                if !job.in_place && same_file(input, out) {
                    return Err(format!("{}: the output would overwrite the input", job.display));
                }
            }
            if let Some(other) = seen.insert(out.clone(), &job.display) {
                return Err(format!("{other} and {} would both write {}", job.display, out.display()));
            }
        }
    }
    Ok(Plan { format, jobs, batch, warnings })
}

/// Two spellings of one folder (`out` and `./out`) compare equal.
fn same_dir(a: &Path, b: &Path) -> bool {
    let norm = |p: &Path| -> PathBuf { p.components().filter(|c| *c != std::path::Component::CurDir).collect() };
    norm(a) == norm(b) || same_file(a, b)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_spellings_of_one_folder_are_one_folder_even_before_it_exists() {
        let missing = "no-such-folder-for-mmdflow-tests";
        assert!(same_dir(Path::new(missing), &Path::new(".").join(missing)));
        assert!(same_dir(&Path::new(missing).join("x"), &Path::new(missing).join(".").join("x")));
        assert!(!same_dir(Path::new(missing), &Path::new(missing).join("x")));
        // Existing folders compare by where they are.
        assert!(same_dir(Path::new("src"), &std::env::current_dir().unwrap().join("src")));
    }
}
