#!/usr/bin/env bash
# Text-fit check in a real browser: renders every mermaid render sample that
# mermaid accepts (../shared/conformance/mermaid-render-samples.jsonl) to SVG +
# layout JSON with the library (tests/render_samples.rs), then opens each SVG
# in headless Chromium with tools/reference/textfit.mjs and counts <text>
# elements sticking out of their node / edge-label / cluster box.
#
# usage: scripts/textfit.sh [OUTDIR]      (default: target/textfit)
# Env:   SHARED     path of the shared folder (default: ../shared)
#        REFERENCE  a set-up copy of tools/reference (default: /tmp/reference;
#                   run its setup.sh first)
#        TOL        overflow tolerance in px (default 1)
# Prints textfit.mjs's per-file lines into OUTDIR/textfit.jsonl and its
# summary line `textfit: T texts, O overflowing, S stray` last.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${1:-target/textfit}"
SHARED="${SHARED:-$ROOT/../shared}"
REFERENCE="${REFERENCE:-/tmp/reference}"
TOL="${TOL:-1}"
[[ -f "$REFERENCE/textfit.mjs" && -d "$REFERENCE/node_modules" ]] || {
  echo "textfit.sh: $REFERENCE is not a set-up tools/reference copy (cp -r $SHARED/tools/reference /tmp/reference && /tmp/reference/setup.sh)" >&2
  exit 2
}
rm -rf "$OUT/pairs" && mkdir -p "$OUT/pairs"
MMDFLOW_SHARED="$SHARED" MMDFLOW_SAMPLES_OUT="$ROOT/$OUT/pairs" \
  cargo test --quiet --test render_samples -- --nocapture 2>&1 | grep -E "^render samples" || true
args=()
for svg in "$OUT"/pairs/*.svg; do
  [[ -e "$svg" ]] || continue
  args+=("$svg" "${svg%.svg}.json")
done
if ((${#args[@]} == 0)); then
  echo "textfit: 0 texts, 0 overflowing, 0 stray (nothing rendered)"
  exit 0
fi
"$REFERENCE/node.sh" "$REFERENCE/textfit.mjs" --tol "$TOL" "${args[@]}" > "$OUT/textfit.jsonl"
python3 - "$OUT/textfit.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
bad = sorted((r for r in rows if r["overflow"]), key=lambda r: -(r["worst"] or {}).get("by", 0))
for r in bad[:15]:
    print("  overflow:", r["svg"], r["worst"])
PY
tail -1 "$OUT/textfit.jsonl"
