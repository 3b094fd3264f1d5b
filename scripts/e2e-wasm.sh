#!/usr/bin/env bash
# End-to-end test of the WebAssembly package and the live editor, from a
# clean clone:
#   1. scripts/build-wasm.sh builds npm/mmdflow.wasm (size budget checked);
#   2. `node --test npm/test/`: the API in Node (the guide's decision flow,
#      a broken diagram, a generated 200-node graph, options), and, when
#      the shared folder is there (../shared, or $SHARED), byte-identity
#      with the native CLI's SVG of the layout corpus and the conformance
#      set's diagrams; without it, that test is skipped and says so;
#   3. the same tests' benchmark mode (warm render medians, with limits);
#   4. `node --test web/test/`: the editor, served by `python3 -m
#      http.server` from the repository root (so from a subfolder), in
#      headless Chromium over the DevTools protocol: typed diagram
#      redrawn, typed error shown with its line, hash link reopened,
#      downloads, a #pako: link holding a broken diagram; screenshots of
#      each state are kept in OUTDIR (Page.captureScreenshot: `chromium
#      --screenshot --virtual-time-budget` does not wait for the
#      WebAssembly compile, which runs off the main thread, and caught the
#      page still loading about half the time).
#
# usage: scripts/e2e-wasm.sh [OUTDIR]     (default: target/e2e-wasm)
# Env:   SHARED (default ../shared), CHROMIUM (default chromium), SKIP_BENCH=1.
# Needs: cargo, node >= 20, chromium, python3.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$(mkdir -p "${1:-target/e2e-wasm}" && cd "${1:-target/e2e-wasm}" && pwd)"
SHARED="${SHARED:-$ROOT/../shared}"
CHROMIUM="${CHROMIUM:-chromium}"
export CHROMIUM SCREENSHOTS="$OUT"

step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }
need() { command -v "$1" >/dev/null || { echo "e2e-wasm.sh: needs $1${2:+ ($2)}" >&2; exit 2; }; }
need cargo
need node "Node >= 20"
need "$CHROMIUM" "apt-get install chromium"
need python3
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || { echo "e2e-wasm.sh: needs Node >= 20, found $(node --version)" >&2; exit 2; }

step "build the wasm package"
scripts/build-wasm.sh | tee "$OUT/build.txt"

# The byte-identity diagrams: the layout corpus, and mermaid's own test
# diagrams from the conformance set (every shape and syntax), when there.
CORPUS="$SHARED/tools/layout/corpus"
if [ -d "$CORPUS" ]; then
  for extra in "$SHARED"/conformance/mermaid-render-samples.jsonl "$SHARED"/conformance/mermaid-parser-cases.jsonl; do
    [ -f "$extra" ] && CORPUS="$CORPUS:$extra"
  done
  step "build the native CLI (byte-identity reference)"
  cargo build --release --bin mmdflow --quiet
  export MMDFLOW_CLI="$ROOT/target/release/mmdflow" MMDFLOW_CORPUS="$CORPUS"
else
  echo "e2e-wasm.sh: no $CORPUS: the byte-identity test is skipped (set SHARED to the shared folder)"
fi

# Every step runs; the failed ones are named at the end.
failed=()
step "node --test npm/test/"
(cd npm && node --test test/*.test.mjs) 2>&1 | tee "$OUT/node-test.txt" || failed+=("node --test npm/test/")

rm -f "$OUT/bench.txt"
if [ "${SKIP_BENCH:-0}" != 1 ]; then
  step "benchmark mode"
  (cd npm && MMDFLOW_BENCH=1 node --test --test-name-pattern=benchmark test/*.test.mjs) 2>&1 | tee "$OUT/bench.txt" || failed+=("benchmark mode")
fi

step "node --test web/test/ (headless Chromium; the page served by python3 -m http.server)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$ROOT" >"$OUT/http.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/web/')" 2>/dev/null && break
  sleep 0.1
done
EDITOR_URL="http://127.0.0.1:$port/web/" node --test web/test/*.test.mjs 2>&1 | tee "$OUT/editor-test.txt" || failed+=("node --test web/test/")

step "summary"
for log in node-test bench editor-test; do
  [ -f "$OUT/$log.txt" ] || continue
  echo "$log: $(grep -h '^# \(tests\|pass\|fail\|skipped\) ' "$OUT/$log.txt" | tr '\n' ' ')"
  grep -h '^# bench\|^# byte' "$OUT/$log.txt" | cut -c1-200 || true
done
cat "$OUT/build.txt"
ls -1 "$OUT"/*.png
if [ ${#failed[@]} -gt 0 ]; then
  printf 'e2e-wasm.sh: FAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "e2e-wasm.sh: all passed"
