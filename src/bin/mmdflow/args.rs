//! Command-line arguments: mmdc's flags with the same short and long names,
//! plus batch and checking flags.

use clap::Parser;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "mmdflow",
    version,
    about = "Mermaid flowcharts to SVG, PNG, PDF and layout JSON: fast, deterministic, no browser",
    after_help = "INPUT is a .mmd/.mermaid file, a Markdown file (.md/.markdown), an HTML page (.html/.htm), \
a folder (searched recursively for .mmd and .mermaid files; add --markdown for .md files and \
--html for HTML pages), or - for standard input. With no INPUT, standard input is read.\n\n\
`mmdflow mdbook` runs as an mdBook preprocessor (see `mmdflow mdbook --help`).\n\nExit status: 0 success, 1 a diagram or Markdown file has \
an error, 2 usage or I/O error."
)]
pub struct Cli {
    /// Input files or folders (`-`: standard input).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Input file, as in mmdc (may be repeated; same as a positional INPUT).
    #[arg(short = 'i', long = "input", value_name = "FILE")]
    pub input_flag: Vec<PathBuf>,

    /// Output file (`-`: standard output). Default: the input with the
    /// format's extension, beside it or under --out-dir; standard output for
    /// standard input.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format: svg, png, pdf or json (layout JSON). Default: from the
    /// output file's extension, else svg. Must agree with the extension.
    #[arg(short = 'e', long = "outputFormat", visible_alias = "format", value_name = "FORMAT")]
    pub format: Option<String>,

    /// Theme, overriding the config's: default, forest, dark, neutral, base,
    /// neo, neo-dark, redux, redux-color, redux-dark or redux-dark-color.
    #[arg(short = 't', long = "theme", value_name = "THEME", value_parser = parse_theme)]
    pub theme: Option<mmdflow::Theme>,

    /// Look, overriding the config's: classic; neo (mermaid 12's default
    /// look: orthogonal edges, shadows, its arrow heads; pair it with
    /// `-t redux-color` for mermaid 12's default picture); or handDrawn
    /// (sketched outlines and hachure fills, seeded by `handDrawnSeed`).
    #[arg(long = "look", value_name = "LOOK", value_parser = parse_look)]
    pub look: Option<mmdflow::Look>,

    /// Background colour (a CSS colour or `transparent`). Default: white for
    /// PNG, none for SVG.
    #[arg(short = 'b', long = "backgroundColor", value_name = "COLOR")]
    pub background: Option<String>,

    /// Mermaid config file (JSON). Each diagram's front-matter and
    /// %%{init}%% directives override it.
    #[arg(short = 'c', long = "configFile", value_name = "FILE")]
    pub config_file: Option<PathBuf>,

    /// CSS file appended to the SVG style sheet.
    #[arg(short = 'C', long = "cssFile", value_name = "FILE")]
    pub css_file: Option<PathBuf>,

    /// Size of the diagram's largest side in px, as mmdc 12: PNG pixels
    /// (times --scale), SVG max-width and max-height, PDF CSS px (1/96 inch).
    #[arg(long = "size", value_name = "PX", value_parser = clap::value_parser!(u32).range(1..))]
    pub size: Option<u32>,

    /// PNG width in pixels (mmdflow's own; mmdc 12 has --size instead).
    #[arg(short = 'w', long = "width", value_name = "PX")]
    pub width: Option<u32>,

    /// PNG height in pixels (mmdflow's own; mmdc 12 has --size instead).
    #[arg(short = 'H', long = "height", value_name = "PX")]
    pub height: Option<u32>,

    /// PNG scale factor. Default: 1.
    #[arg(short = 's', long = "scale", value_name = "FACTOR")]
    pub scale: Option<f64>,

    /// Prefix of the ids inside the SVG (at most 100 characters). Default:
    /// `mmd-` and the input's file name (and block number in a Markdown
    /// file); for standard input, a hash of the diagram.
    #[arg(short = 'I', long = "svgId", value_name = "ID", value_parser = parse_svg_id)]
    pub svg_id: Option<String>,

    /// Folder for Markdown images (mmdc's artefacts). Default: beside the
    /// output Markdown file.
    #[arg(short = 'a', long = "artefacts", value_name = "DIR")]
    pub artefacts: Option<PathBuf>,

    /// Print only errors: no warnings, no summary.
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,

    /// Write outputs under this folder, keeping the input folders' structure.
    /// Default: beside each input.
    #[arg(long = "out-dir", value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// Also take Markdown files (.md, .markdown) from input folders.
    #[arg(long = "markdown")]
    pub markdown: bool,

    /// Also take HTML pages (.html, .htm) from input folders; their
    /// flowcharts become inline SVG.
    #[arg(long = "html")]
    pub html: bool,

    /// Rewrite HTML pages where they are, atomically, and only those that
    /// hold flowcharts; other files are not touched.
    #[arg(long = "in-place", conflicts_with_all = ["output", "out_dir"])]
    pub in_place: bool,

    /// For HTML pages: write each flowchart to PAGE-N.svg (or .png with -e
    /// png) beside the output page and put an <img> in the page, instead of
    /// an inline SVG.
    #[arg(long = "html-images")]
    pub html_images: bool,

    /// A second theme for readers in dark mode: SVGs carry its palette under
    /// `@media (prefers-color-scheme: dark)`; -t still picks the light one.
    #[arg(long = "dark-theme", value_name = "THEME", value_parser = parse_theme)]
    pub dark_theme: Option<mmdflow::Theme>,

    /// Take symbolic links in input folders that lead to files outside the
    /// folder. Default: skip them with a warning.
    #[arg(long = "follow-symlinks")]
    pub follow_symlinks: bool,

    /// Render at most N files at once. Default: one per CPU.
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS))]
    pub jobs: Option<u16>,

    /// Take only part K of N of the sorted input list (K from 1), for
    /// splitting a batch between CI machines.
    #[arg(long = "shard", value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,

    /// Parse and validate only; print `path:line:col: error: message` for
    /// each error and write nothing.
    #[arg(long = "check")]
    pub check: bool,

    /// Most nodes in one diagram. Default: 10000.
    #[arg(long = "max-nodes", value_name = "N")]
    pub max_nodes: Option<usize>,

    /// Most edges in one diagram. Default: 20000.
    #[arg(long = "max-edges", value_name = "N")]
    pub max_edges: Option<usize>,

    /// Deepest subgraph nesting. Default: 64.
    #[arg(long = "max-nesting", value_name = "N")]
    pub max_nesting: Option<usize>,

    /// Largest input of any kind (file, -c, -C, stdin), in bytes. Default:
    /// 1000000.
    #[arg(long = "max-input-bytes", value_name = "N")]
    pub max_input_bytes: Option<usize>,

    /// Largest layered graph (nodes + ranks crossed by edges). Default:
    /// 100000.
    #[arg(long = "max-layered-nodes", value_name = "N")]
    pub max_layered_nodes: Option<usize>,

    /// Font file (TTF/OTF) for PNG glyphs the embedded font lacks (may be
    /// repeated).
    #[arg(long = "font", value_name = "PATH")]
    pub fonts: Vec<PathBuf>,

    /// Accepted for mmdc compatibility and ignored (no browser is used).
    #[arg(short = 'p', long = "puppeteerConfigFile", value_name = "FILE", hide = true)]
    pub puppeteer_config: Option<PathBuf>,

    /// PDF page: Letter, Legal, Tabloid, Ledger, A0 … A6. The diagram is
    /// placed on the page, shrunk to fit. Default: a page the diagram's size.
    #[arg(long = "pdf-paper-format", value_name = "FORMAT", value_parser = parse_paper)]
    pub pdf_paper: Option<mmdflow::PaperFormat>,

    /// mmdc 11's name for the default PDF page (fitted to the diagram);
    /// accepted quietly.
    #[arg(short = 'f', long = "pdfFit", hide = true)]
    pub pdf_fit: bool,

    /// SVG: carry the label font, cut down to the glyphs the diagram uses,
    /// as base64 @font-face rules (a few KB), so it looks the same on
    /// machines without Arial. Off by default.
    #[arg(long = "font-embed", overrides_with = "no_font_embed")]
    pub font_embed: bool,

    /// SVG: name the font only (the default; mmdc 12's flag).
    #[arg(long = "no-font-embed", overrides_with = "font_embed")]
    pub no_font_embed: bool,

    /// Iconify icon packs for `@{ icon: "prefix:name" }` nodes, by npm
    /// package name (`@iconify-json/logos`): read from
    /// node_modules/PACKAGE/icons.json in this folder or a parent (never
    /// downloaded).
    #[arg(long = "iconPacks", value_name = "PACKAGE", num_args = 1..)]
    pub icon_packs: Vec<String>,

    /// Iconify icon packs as PREFIX#URL, where URL is a file:// URL or a path
    /// (network URLs are refused: nothing is fetched).
    #[arg(long = "iconPacksNamesAndUrls", value_name = "PREFIX#URL", num_args = 1..)]
    pub icon_packs_urls: Vec<String>,
}

fn parse_theme(s: &str) -> Result<mmdflow::Theme, String> {
    s.parse().map_err(|e: mmdflow::Error| e.message().to_string())
}

fn parse_look(s: &str) -> Result<mmdflow::Look, String> {
    s.parse().map_err(|e: mmdflow::Error| e.message().to_string())
}

fn parse_paper(s: &str) -> Result<mmdflow::PaperFormat, String> {
    s.parse().map_err(|e: mmdflow::Error| e.message().to_string())
}

/// `mmdflow mdbook`: the mdBook preprocessor.
#[derive(Parser, Debug)]
#[command(
    name = "mmdflow mdbook",
    about = "mdBook preprocessor: ```mermaid flowcharts become inline SVG",
    after_help = "In book.toml:\n\n  [preprocessor.mmdflow]\n  command = \"mmdflow mdbook\"\n  # optional: theme = \"forest\", dark-theme = \"dark\"\n\n\
mdBook first runs `mmdflow mdbook supports RENDERER` (exit 0 for html), then `mmdflow mdbook` \
with [context, book] JSON on standard input; the book comes back on standard output."
)]
pub struct MdbookCli {
    #[command(subcommand)]
    pub command: Option<MdbookCommand>,
}

#[derive(clap::Subcommand, Debug)]
pub enum MdbookCommand {
    /// Exit 0 when the preprocessor runs for RENDERER (html), 1 otherwise.
    Supports {
        /// mdBook's renderer name.
        renderer: String,
    },
}

/// Most worker threads: beyond a few hundred, threads only cost memory.
const MAX_JOBS: i64 = 256;

/// Longest `--svgId`: the prefix is repeated in every id of the SVG.
const MAX_SVG_ID_CHARS: usize = 100;

fn parse_svg_id(s: &str) -> Result<String, String> {
    if s.chars().count() > MAX_SVG_ID_CHARS {
        return Err(format!("at most {MAX_SVG_ID_CHARS} characters"));
    }
    Ok(s.to_string())
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("expected K/N with 1 <= K <= N, got '{s}'");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let k: usize = k.trim().parse().map_err(|_| bad())?;
    let n: usize = n.trim().parse().map_err(|_| bad())?;
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_syntax() {
        assert_eq!(parse_shard("2/3"), Ok((2, 3)));
        assert!(parse_shard("0/3").is_err());
        assert!(parse_shard("4/3").is_err());
        assert!(parse_shard("3").is_err());
    }

    #[test]
    fn limit_defaults_in_help_match_the_library() {
        use clap::CommandFactory;
        let help = Cli::command().render_long_help().to_string();
        let l = mmdflow::Limits::default();
        for (flag, v) in [
            ("--max-nodes", l.max_nodes),
            ("--max-edges", l.max_edges),
            ("--max-nesting", l.max_nesting),
            ("--max-input-bytes", l.max_input_bytes),
            ("--max-layered-nodes", l.max_layered_nodes),
        ] {
            let at = help.find(flag).unwrap();
            let line_end = help[at..].find("Default:").map(|i| at + i).unwrap();
            let shown: String = help[line_end + 9..].chars().take_while(char::is_ascii_digit).collect();
            assert_eq!(shown, v.to_string(), "{flag}");
        }
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
