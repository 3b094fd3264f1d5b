#!/usr/bin/env bash
# mmdflow's layouts against Graphviz dot laying out the same boxes
# (../shared/tools/layout/vs_dot.py): prints its table, one FAIL line per failed
# check and a summary; exits non-zero if any check fails.
#
# usage: scripts/vs-dot.sh [corpus|heldout] [BIN]
#   corpus   the shared layout corpus (vs_dot.py's default: up to 500 nodes)
#   heldout  our held-out set tests/fixtures/heldout/*.mmd (never tuned against)
#   (none)   both, one run each; exits non-zero if either fails
#   BIN      mmdflow binary; default $MMDFLOW_BIN, else target/release/mmdflow
# env: MMDFLOW_BIN  the binary (when BIN is not given)
#      VS_DOT_KEEP  directory where vs_dot.py keeps its graphs and layouts
#                   (passed through; `dot -Tpng DIR/X.dot` to look)
#      SHARED       the shared folder (default: ../shared from the repo root)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CALLER_DIR="$PWD"

usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; }

SET="all"
case "${1:-}" in
  corpus|heldout) SET="$1"; shift ;;
  -h|--help) usage; exit 0 ;;
esac
# A BIN or VS_DOT_KEEP given by the caller is relative to where they stand;
# everything else below runs from the repo root.
absolute() { case "$1" in /*) echo "$1" ;; *) echo "$CALLER_DIR/$1" ;; esac; }
if [[ -n "${1:-}" ]]; then BIN="$(absolute "$1")"
elif [[ -n "${MMDFLOW_BIN:-}" ]]; then BIN="$(absolute "$MMDFLOW_BIN")"
else BIN="$ROOT/target/release/mmdflow"
fi
if [[ -n "${VS_DOT_KEEP:-}" ]]; then export VS_DOT_KEEP="$(absolute "$VS_DOT_KEEP")"; fi
if [[ $# -gt 1 ]]; then
  echo "vs-dot: too many arguments: $*" >&2; usage; exit 2
fi
cd "$ROOT"

SHARED="$(absolute "${SHARED:-$ROOT/../shared}")"
LAYOUT="$SHARED/tools/layout"
if [[ ! -f "$LAYOUT/vs_dot.py" ]]; then
  echo "vs-dot: $LAYOUT/vs_dot.py not found; the shared layout tools must be at ../shared/tools/layout (or set SHARED)" >&2
  exit 2
fi
if ! command -v dot >/dev/null 2>&1; then
  echo "vs-dot: Graphviz 'dot' is not on PATH (Debian: apt-get install graphviz)" >&2
  exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "vs-dot: python3 is not on PATH" >&2
  exit 2
fi
if [[ ! -x "$BIN" ]]; then
  echo "vs-dot: mmdflow binary '$BIN' not found or not executable (cargo build --release, or pass BIN / MMDFLOW_BIN; the first argument is corpus, heldout or a binary)" >&2
  exit 2
fi
# vs_dot.py reads from ../shared, relative to the repo root, as its docs say.
VS_DOT="$(realpath --relative-to="$ROOT" "$LAYOUT/vs_dot.py")"

run_corpus() {
  echo "## vs dot: shared corpus"
  python3 "$VS_DOT" "$BIN"
}

run_heldout() {
  local files=(tests/fixtures/heldout/*.mmd)
  if [[ ! -e "${files[0]}" ]]; then
    echo "vs-dot: no files in tests/fixtures/heldout/" >&2
    return 2
  fi
  echo "## vs dot: held-out set"
  python3 "$VS_DOT" "$BIN" "${files[@]}"
}

case "$SET" in
  corpus) run_corpus ;;
  heldout) run_heldout ;;
  all)
    status=0
    run_corpus || status=$?
    echo
    run_heldout || status=$?
    exit "$status"
    ;;
esac
