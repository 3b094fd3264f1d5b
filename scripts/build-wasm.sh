#!/usr/bin/env bash
# Builds the WebAssembly package: npm/mmdflow.wasm beside npm/mmdflow.js, the
# licences it ships with, and a copy of both files in web/ for the live
# editor. Works from a clean checkout; needs cargo, and adds the
# wasm32-unknown-unknown target with rustup when it is missing.
#
# usage: scripts/build-wasm.sh
# Env:   WASM_OPT=1  also run wasm-opt -O3 when it is installed (optional;
#                    the README's numbers are without it).
#
# The wasm is the library built as a cdylib for wasm32 without the default
# features (no CLI, PNG, PDF or HTML) plus the `wasm` feature's exports
# (src/wasm.rs), in the `wasm` profile (Cargo.toml). `cargo rustc
# --crate-type cdylib` makes the cdylib without giving the crate a second
# crate-type for every native build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET=wasm32-unknown-unknown
# The gzipped wasm must stay within this (issue 14): code and fonts.
MAX_GZIP_BYTES=1500000

if ! [ -d "$(rustc --print sysroot)/lib/rustlib/$TARGET" ]; then
  command -v rustup >/dev/null || { echo "build-wasm.sh: the $TARGET target is missing and there is no rustup to add it" >&2; exit 2; }
  rustup target add "$TARGET"
fi

cargo rustc --lib --profile wasm --target "$TARGET" --no-default-features --features wasm --crate-type cdylib --quiet
WASM="target/$TARGET/wasm/mmdflow.wasm"

if [ "${WASM_OPT:-0}" = 1 ] && command -v wasm-opt >/dev/null; then
  wasm-opt -O3 "$WASM" -o "$WASM.opt" && mv "$WASM.opt" "$WASM"
fi

# The package's version is the crate's.
crate_version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
npm_version=$(sed -n 's/^  "version": "\(.*\)",/\1/p' npm/package.json)
if [ "$crate_version" != "$npm_version" ]; then
  echo "build-wasm.sh: npm/package.json has version $npm_version, Cargo.toml $crate_version" >&2
  exit 1
fi

cp "$WASM" npm/mmdflow.wasm
cp LICENSE-MIT LICENSE-APACHE assets/fonts/LICENSE-LiberationSans.txt npm/
cp npm/mmdflow.js npm/mmdflow.wasm web/

raw=$(stat -c %s npm/mmdflow.wasm)
gzipped=$(gzip -9 -c npm/mmdflow.wasm | wc -c)
printf 'npm/mmdflow.wasm: %d bytes, %d gzipped (budget %d)\n' "$raw" "$gzipped" "$MAX_GZIP_BYTES"
if [ "$gzipped" -gt "$MAX_GZIP_BYTES" ]; then
  echo "build-wasm.sh: the gzipped wasm is over its budget" >&2
  exit 1
fi
