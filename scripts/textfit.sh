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
#        LOOK       render in this look (classic, neo; default: the samples')
#        THEME      render in this theme (default: the samples')
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
[[ -f "$SHARED/conformance/mermaid-render-samples.jsonl" ]] || {
  echo "textfit.sh: $SHARED/conformance/mermaid-render-samples.jsonl is missing (set SHARED)" >&2
  exit 2
}
rm -rf "$OUT/pairs" && mkdir -p "$OUT/pairs"
OUT="$(cd "$OUT" && pwd)"  # absolute: the test runs from the crate root
# CI=true makes the test fail, rather than skip, if it cannot find the samples;
# a failing render is a failure of this script too (no `|| true`).
log="$OUT/render_samples.log"
if ! CI=true MMDFLOW_SHARED="$SHARED" MMDFLOW_SAMPLES_OUT="$OUT/pairs" \
  MMDFLOW_SAMPLES_LOOK="${LOOK:-}" MMDFLOW_SAMPLES_THEME="${THEME:-}" \
  cargo test --quiet --test render_samples -- --nocapture > "$log" 2>&1; then
  cat "$log" >&2
  echo "textfit.sh: rendering the samples failed (log above)" >&2
  exit 1
fi
grep -E "^render samples" "$log" || echo "textfit.sh: warning: no summary line in $log" >&2
args=()
for svg in "$OUT"/pairs/*.svg; do
  [[ -e "$svg" ]] || continue
  args+=("$svg" "${svg%.svg}.json")
done
if ((${#args[@]} == 0)); then
  echo "textfit.sh: no sample was rendered into $OUT/pairs, nothing to check" >&2
  exit 1
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
