//! Link settings for the `mmdflow` command on Linux/glibc; the library and
//! the test binaries are not affected.
//!
//! Position-dependent: a position-independent executable carries ~12,500
//! relative relocations (about 300 KB of `.rela.dyn`) that the dynamic
//! loader applies at every start, touching ~80 pages: a quarter of the
//! instructions and a third of the page faults of a small diagram's whole
//! run (README, Benchmarks). The trade: the command's own code is not
//! address-randomised (its libraries still are).
//!
//! Hot code together (release builds linked by rustc's own lld, the default
//! on x86_64 Linux): the functions a typical run executes
//! (`src/bin/mmdflow/hot-symbols.txt`, written by `scripts/hot-symbols.sh`)
//! are placed side by side, so a small diagram's run faults in a few 64 KB
//! windows of code instead of dozens spread over the 4.9 MB `.text`. Names
//! the linker does not find (after a toolchain or dependency update) are
//! skipped silently: the order only ever costs or saves time. Not used when
//! another linker is configured (it may not know the option), nor with
//! `MMDFLOW_SYMBOL_ORDER=off`.

use std::env::var;

const HOT_SYMBOLS: &str = "src/bin/mmdflow/hot-symbols.txt";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={HOT_SYMBOLS}");
    println!("cargo:rerun-if-env-changed=MMDFLOW_SYMBOL_ORDER");
    println!("cargo:rerun-if-env-changed=MMDFLOW_LINK_MAP");
    let os = var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os != "linux" || env != "gnu" {
        return;
    }
    println!("cargo:rustc-link-arg-bin=mmdflow=-no-pie");
    // scripts/hot-symbols.sh names the functions a stripped build runs
    // through the linker's map of that very build (symbol names carry
    // hashes of the build settings, so a build with symbols kept has
    // other names).
    if let Ok(map) = var("MMDFLOW_LINK_MAP") {
        println!("cargo:rustc-link-arg-bin=mmdflow=-Wl,-Map={map}");
        println!("cargo:rustc-link-arg-bin=mmdflow=-Wl,--no-demangle");
    }
    if uses_bundled_lld() && var("PROFILE").as_deref() == Ok("release") && var("MMDFLOW_SYMBOL_ORDER").as_deref() != Ok("off") {
        let list = format!("{}/{HOT_SYMBOLS}", var("CARGO_MANIFEST_DIR").unwrap_or_default());
        if std::path::Path::new(&list).is_file() {
            println!("cargo:rustc-link-arg-bin=mmdflow=-Wl,--symbol-ordering-file={list}");
            println!("cargo:rustc-link-arg-bin=mmdflow=-Wl,--no-warn-symbol-ordering");
        }
    }
}

/// Whether rustc links with its bundled lld: its default for
/// x86_64-unknown-linux-gnu, unless a linker or linker flavour is chosen.
fn uses_bundled_lld() -> bool {
    let chosen_elsewhere = var("RUSTC_LINKER").is_ok()
        || var("CARGO_ENCODED_RUSTFLAGS").is_ok_and(|flags| flags.contains("linker") || flags.contains("fuse-ld"));
    var("TARGET").as_deref() == Ok("x86_64-unknown-linux-gnu") && !chosen_elsewhere
}
