//! Links the `mmdflow` command as a position-dependent executable on
//! Linux/glibc. A position-independent one carries ~12,500 relative
//! relocations (about 300 KB of `.rela.dyn`) that the dynamic loader applies
//! at every start, touching ~80 pages: a quarter of the instructions and a
//! third of the page faults of a small diagram's whole run (README,
//! Benchmarks). The library and the test binaries are not affected. The
//! trade: the command's own code is not address-randomised (its libraries
//! still are).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bin=mmdflow=-no-pie");
    }
}
