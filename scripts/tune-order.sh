#!/usr/bin/env bash
# Tunes the crossing-minimisation work budget (the per-node allowance,
# `WORK_PER_NODE` in src/layout/params.rs, formerly ORDER_WORK_PER_NODE in
# src/layout/engine.rs) on graphs generated for the purpose, NOT on the
# layout corpus the README's quality table reports (../shared/tools/layout/
# corpus, whose rand_N files are gen.py with seed N). Tuning data and
# reported data stay apart.
#
# For each candidate budget, a scratch copy of the tree gets the constant
# rewritten (the working tree is never edited), is built, and lays out every
# generated graph; metrics.py counts the crossings. Prints one row per budget:
# total crossings, their change against the current value, and the summed
# layout wall time (debug build: compare rows with each other only).
#
# usage: scripts/tune-order.sh [BUDGET...]     (default: 20 40 80 160 320)
# Env:   SHARED  the shared folder (default: ../shared, else ../../shared)
#        SIZES   node counts (default: "100 200 500"), SEEDS per size
#                (default: "7001 7002 7003"; any seed but N itself)
#        OUT     work folder (default: target/tune-order)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ -z "${SHARED:-}" ]]; then
  SHARED="$ROOT/../shared"
  [[ -d "$SHARED" ]] || SHARED="$ROOT/../../shared"
fi
LAYOUT="$SHARED/tools/layout"
[[ -f "$LAYOUT/gen.py" && -f "$LAYOUT/metrics.py" ]] || { echo "tune-order.sh: $LAYOUT/gen.py and metrics.py are needed (set SHARED)" >&2; exit 2; }
SIZES="${SIZES:-100 200 500}"
SEEDS="${SEEDS:-7001 7002 7003}"
OUT="${OUT:-$ROOT/target/tune-order}"
budgets=("$@")
((${#budgets[@]})) || budgets=(20 40 80 160 320)
const_re='^( *)(pub\(crate\) )?const (ORDER_)?WORK_PER_NODE: u64 = [0-9_]+;'
const_file=$(grep -rlE "$const_re" src/layout | head -1)
[[ -n "$const_file" ]] || { echo "tune-order.sh: no WORK_PER_NODE constant under src/layout" >&2; exit 2; }
current=$(grep -E "$const_re" "$const_file" | grep -oE '[0-9_]+;' | tr -d '_;')

mkdir -p "$OUT/graphs"
for n in $SIZES; do
  for seed in $SEEDS; do
    ((seed != n)) || { echo "tune-order.sh: seed $seed is the corpus's seed for $n" >&2; exit 2; }
    python3 "$LAYOUT/gen.py" "$n" $((n * 3 / 2)) "$seed" > "$OUT/graphs/g${n}_s${seed}.mmd"
  done
done

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/mmdflow-tune.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT
git ls-files -z | xargs -0 cp --parents -t "$SCRATCH"
# The built dependencies, hard-linked (cargo replaces files rather than
# editing them), so only mmdflow itself recompiles per budget and the
# working tree's target/ keeps its own binary.
cp -al "$ROOT/target" "$SCRATCH/target" 2>/dev/null || cp -a "$ROOT/target" "$SCRATCH/target"
export CARGO_TARGET_DIR="$SCRATCH/target"

printf '| budget per node | crossings | vs %s | layout s (debug) |\n|---|---|---|---|\n' "$current"
base_cross=""
rows=()
for b in "$current" "${budgets[@]}"; do
  [[ $b != "$current" || -z "$base_cross" ]] || continue  # the current value runs once, first
  sed -E -i "s/$const_re/\\1\\2const \\3WORK_PER_NODE: u64 = $b;/" "$SCRATCH/$const_file"
  grep -qE "const (ORDER_)?WORK_PER_NODE: u64 = $b;" "$SCRATCH/$const_file" \
    || { echo "tune-order.sh: could not set the budget to $b in $const_file" >&2; exit 2; }
  (cd "$SCRATCH" && cargo build --quiet --bin mmdflow)
  cp "$CARGO_TARGET_DIR/debug/mmdflow" "$OUT/mmdflow-$b"
  mkdir -p "$OUT/json-$b"
  start=$(date +%s.%N)
  for f in "$OUT"/graphs/*.mmd; do
    "$OUT/mmdflow-$b" -q -e json -o "$OUT/json-$b/$(basename "$f" .mmd).json" "$f"
  done
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  cross=$(python3 "$LAYOUT/metrics.py" "$OUT/json-$b"/*.json | python3 -c 'import json,sys; print(sum(json.loads(l)["crossings"] for l in sys.stdin if l.strip()))')
  [[ -n "$base_cross" ]] || base_cross=$cross
  delta=$(python3 -c "print(f'{100 * ($cross - $base_cross) / max($base_cross, 1):+.1f}%')")
  printf '| %s%s | %s | %s | %.1f |\n' "$b" "$([[ $b == "$current" ]] && echo ' (current)')" "$cross" "$delta" "$secs"
done
