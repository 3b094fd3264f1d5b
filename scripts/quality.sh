#!/usr/bin/env bash
# Layout quality of mmdflow on the shared layout corpus, next to Graphviz dot
# and dagre (mermaid's layout engine) as recorded in tools/layout/BASELINE.md;
# prints the Markdown table of the README's "Layout quality" section.
#
# usage: scripts/quality.sh [OUTDIR]     (default: target/quality)
# Env:   SHARED  path of the shared folder (default: ../shared)
#        BIN     mmdflow binary (default: target/release/mmdflow, built)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${1:-target/quality}"
SHARED="${SHARED:-$ROOT/../shared}"
LAYOUT="$SHARED/tools/layout"
if [[ -z "${BIN:-}" ]]; then
  cargo build --release --quiet
  BIN="$ROOT/target/release/mmdflow"
fi
# The corpus lives outside the repository (README, "Shared material"); say so
# plainly instead of running the loop on an unexpanded glob.
shopt -s nullglob
corpus=("$LAYOUT"/corpus/*.mmd)
if ((${#corpus[@]} == 0)); then
  echo "quality.sh: no layout corpus at $LAYOUT/corpus (set SHARED to the shared folder)" >&2
  exit 2
fi
mkdir -p "$OUT"
for f in "${corpus[@]}"; do
  "$BIN" -e json -o "$OUT/$(basename "$f" .mmd).json" "$f"
done
python3 "$LAYOUT/metrics.py" "$OUT"/*.json > "$OUT/metrics.jsonl"
python3 - "$OUT/metrics.jsonl" "$LAYOUT/BASELINE.md" <<'PY'
import json, os, re, sys
ours = {}
for line in open(sys.argv[1]):
    m = json.loads(line)
    ours[os.path.basename(m["file"]).rsplit(".", 1)[0]] = m
# BASELINE.md corpus table: | file | N | E | crossings "dot / dagre" | ...
base = {}
for line in open(sys.argv[2]):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) > 4 and cells[0] in ours and re.match(r"^\d+ / \d+$", cells[3]):
        base[cells[0]] = tuple(int(x) for x in cells[3].split(" / "))
hard = ["node_overlaps", "intrusions", "own_intrusions", "endpoint_off", "label_node",
        "label_label", "label_edge", "cluster_violations", "order_violations", "out_of_bounds"]
print("| file | nodes | crossings: mmdflow | dot | dagre | other hard metrics (all should be 0) |")
print("|---|---|---|---|---|---|")
tot = [0, 0, 0]
for name in sorted(ours):
    m = ours[name]
    d, g = base.get(name, (None, None))
    bad = {k: m[k] for k in hard if m.get(k)}
    tot[0] += m["crossings"]
    if d is not None:
        tot[1] += d; tot[2] += g
    print(f"| {name} | {m['nodes']} | {m['crossings']} | {d if d is not None else '–'} | {g if g is not None else '–'} | {bad or 0} |")
print(f"| **total** | | **{tot[0]}** | {tot[1]} | {tot[2]} | |")
PY
