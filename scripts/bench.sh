#!/usr/bin/env bash
# Whole-process benchmarks of the mmdflow CLI, side by side with Graphviz dot
# and mermaid-cli (mmdc) on the same inputs; prints the Markdown tables of the
# README's "Benchmarks" section.
#
# usage: scripts/bench.sh [OUTDIR]      (default: target/bench)
# Env:   SHARED   path of the shared folder (default: ../shared)
#        REFERENCE path of a set-up tools/reference copy with mmdc (default:
#                  /tmp/reference; run its setup.sh first). Without it the
#                  mmdc rows are skipped.
#        RUNS     hyperfine runs per case (default 20), SKIP_DOT=1, SKIP_MMDC=1,
#        BUILD_TIME=1 also times a clean release build (slow).
# Needs: hyperfine, python3, /usr/bin/time; dot (graphviz) for the dot rows.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${1:-target/bench}"
SHARED="${SHARED:-$ROOT/../shared}"
REFERENCE="${REFERENCE:-/tmp/reference}"
RUNS="${RUNS:-20}"
CORPUS="$SHARED/tools/layout/corpus"
mkdir -p "$OUT"
command -v hyperfine >/dev/null || { echo "bench.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }

cargo build --release --quiet
BIN="$ROOT/target/release/mmdflow"
HF=(hyperfine -N --style none --warmup 3 --runs "$RUNS")

median_ms() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f" % (r["median"]*1000))' "$1"; }
peak_kb() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }

# Markdown file of 50 diagrams (the reference batch when present).
BATCH="$SHARED/tools/reference/inputs/batch50.md"
SEED="$ROOT/examples/seed.mmd"

echo "## Whole-process times (median of $RUNS runs, $(nproc) cores)"
echo
echo "| case | mmdflow | target |"
echo "|---|---|---|"
row() { # row NAME TARGET CMD...
  local name="$1" target="$2"; shift 2
  "${HF[@]}" --export-json "$OUT/case.json" "$*" >/dev/null 2>&1
  echo "| $name | $(median_ms "$OUT/case.json") ms | $target |"
}
row "seed → SVG" "≤ 2 ms" "$BIN $SEED -o $OUT/seed.svg"
row "seed → PNG" "≤ 10 ms" "$BIN $SEED -o $OUT/seed.png"
[[ -f "$CORPUS/rand_0200.mmd" ]] && row "rand_0200 → SVG" "≤ 10 ms" "$BIN $CORPUS/rand_0200.mmd -o $OUT/r200.svg"
[[ -f "$CORPUS/rand_2000.mmd" ]] && row "rand_2000 → SVG" "≤ 500 ms" "$BIN $CORPUS/rand_2000.mmd -o $OUT/r2000.svg"
if [[ -f "$BATCH" ]]; then
  mkdir -p "$OUT/md"
  row "Markdown, 50 diagrams, one process" "≤ 100 ms" "$BIN $BATCH -o $OUT/md/batch50.md -q"
fi
echo "| peak memory, seed → SVG | $(( $(peak_kb "$BIN" "$SEED" -o "$OUT/seed.svg") / 1024 )) MB | ≤ 10 MB |"
strip -o "$OUT/mmdflow.stripped" "$BIN"
echo "| stripped release binary | $(( $(stat -c %s "$OUT/mmdflow.stripped") / 1024 )) KB | ≤ 6 MB |"
if [[ "${BUILD_TIME:-0}" == 1 ]]; then
  tmp="$(mktemp -d)"
  start=$(date +%s)
  CARGO_TARGET_DIR="$tmp" cargo build --release --quiet
  echo "| clean release build, $(nproc) cores | $(( $(date +%s) - start )) s | ≤ 180 s |"
  rm -rf "$tmp"
fi

if [[ "${SKIP_DOT:-0}" != 1 ]] && command -v dot >/dev/null && [[ -d "$CORPUS" ]]; then
  echo
  echo "## Scaling, against Graphviz dot (same graphs through mmd_to_dot.py, whole process)"
  echo
  echo "| N | edges | mmdflow → SVG | dot -Tsvg | dot / mmdflow |"
  echo "|---|---|---|---|---|"
  : > "$OUT/scaling.txt"
  for n in 0100 0200 0500 1000 2000; do
    f="$CORPUS/rand_$n.mmd"
    [[ -f "$f" ]] || continue
    python3 "$SHARED/tools/layout/mmd_to_dot.py" "$f" > "$OUT/rand_$n.dot"
    e=$(grep -c -- '->' "$OUT/rand_$n.dot" || true)
    "${HF[@]}" --export-json "$OUT/m.json" "$BIN $f -o $OUT/r.svg" >/dev/null 2>&1
    ours=$(median_ms "$OUT/m.json")
    runs=$(( 10#$n >= 1000 ? 1 : 3 ))
    hyperfine -N --style none --runs "$runs" --export-json "$OUT/d.json" "dot -Tsvg -o $OUT/d.svg $OUT/rand_$n.dot" >/dev/null 2>&1
    theirs=$(median_ms "$OUT/d.json")
    echo "$((10#$n)) $ours" >> "$OUT/scaling.txt"
    echo "| $((10#$n)) | $e | $ours ms | $theirs ms | $(python3 -c "print('%.0f×' % ($theirs / $ours))") |"
  done
  python3 - "$OUT/scaling.txt" <<'PY'
import math, sys
pts = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
if len(pts) >= 2:
    xs = [math.log(n) for n, _ in pts]; ys = [math.log(t) for _, t in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    k = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    print("\nFitted exponent of mmdflow's time over N (least squares on log-log, whole process): %.2f" % k)
PY
fi

if [[ "${SKIP_MMDC:-0}" != 1 && -x "$REFERENCE/mmdc.sh" ]]; then
  echo
  echo "## Against mermaid-cli (mmdc --classic, headless Chromium)"
  echo
  echo "| case | mmdflow | mmdc | mmdc / mmdflow |"
  echo "|---|---|---|---|"
  hyperfine -N --style none --warmup 1 --runs 3 --export-json "$OUT/c.json" "$REFERENCE/mmdc.sh $SEED $OUT/mmdc-seed.svg --classic -q" >/dev/null 2>&1
  "${HF[@]}" --export-json "$OUT/m.json" "$BIN $SEED -o $OUT/seed.svg" >/dev/null 2>&1
  a=$(median_ms "$OUT/m.json"); b=$(median_ms "$OUT/c.json")
  echo "| seed → SVG | $a ms | $b ms | $(python3 -c "print('%.0f×' % ($b / $a))") |"
  if [[ -f "$BATCH" ]]; then
    mkdir -p "$OUT/mmdc-md"
    hyperfine -N --style none --runs 1 --export-json "$OUT/c.json" "$REFERENCE/mmdc.sh $BATCH $OUT/mmdc-md/batch50.md --classic -q" >/dev/null 2>&1
    "${HF[@]}" --export-json "$OUT/m.json" "$BIN $BATCH -o $OUT/md/batch50.md -q" >/dev/null 2>&1
    a=$(median_ms "$OUT/m.json"); b=$(median_ms "$OUT/c.json")
    echo "| Markdown, 50 diagrams | $a ms | $b ms | $(python3 -c "print('%.0f×' % ($b / $a))") |"
  fi
fi
