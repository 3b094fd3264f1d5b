#!/usr/bin/env bash
# The orthogonal router (look neo) against the spline router (classic) on the
# shared layout corpus, scored by ../shared/tools/layout/metrics.py: prints a
# table with crossings and edge overlaps of both, the hard metrics of the
# orthogonal router (all should be 0), and a summary with the crossings ratio
# (issue 13 asks for <= 1.05). Exits non-zero if a hard metric or an edge
# overlap of the orthogonal router is not 0, or the crossings grow by > 5%.
#
# usage: scripts/ortho-metrics.sh [OUTDIR]     (default: target/ortho-metrics)
# env:   BIN     mmdflow binary (default: target/debug/mmdflow, built)
#        SHARED  the shared folder (default: ../shared, else /work/shared)
#        SKIP    regex of corpus names left out (default: rand_1000/rand_2000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${1:-target/ortho-metrics}"
SHARED="${SHARED:-$ROOT/../shared}"
[[ -d "$SHARED" ]] || SHARED=/work/shared
LAYOUT="$SHARED/tools/layout"
SKIP="${SKIP:-^rand_(1000|2000)$}"
if [[ -z "${BIN:-}" ]]; then
  cargo build --quiet
  BIN="$ROOT/target/debug/mmdflow"
fi
shopt -s nullglob
corpus=("$LAYOUT"/corpus/*.mmd)
if ((${#corpus[@]} == 0)); then
  echo "ortho-metrics.sh: no layout corpus at $LAYOUT/corpus (set SHARED)" >&2
  exit 2
fi
mkdir -p "$OUT/spline" "$OUT/ortho"
echo '{"look": "neo"}' > "$OUT/neo.json"
for f in "${corpus[@]}"; do
  name="$(basename "$f" .mmd)"
  [[ "$name" =~ $SKIP ]] && continue
  "$BIN" -e json -o "$OUT/spline/$name.json" "$f"
  "$BIN" -e json -c "$OUT/neo.json" -o "$OUT/ortho/$name.json" "$f"
done
python3 "$LAYOUT/metrics.py" "$OUT"/spline/*.json > "$OUT/spline.jsonl"
python3 "$LAYOUT/metrics.py" "$OUT"/ortho/*.json > "$OUT/ortho.jsonl"
python3 - "$OUT/spline.jsonl" "$OUT/ortho.jsonl" <<'PY'
import json, os, sys
def load(path):
    out = {}
    for line in open(path):
        m = json.loads(line)
        out[os.path.basename(m["file"]).rsplit(".", 1)[0]] = m
    return out
spline, ortho = load(sys.argv[1]), load(sys.argv[2])
# vs_dot.py's hard metrics (end_kinks included), plus edge overlaps.
HARD = ["node_overlaps", "intrusions", "own_intrusions", "endpoint_off", "label_node", "label_label",
        "label_edge", "cluster_violations", "errors", "end_kinks", "border_runs", "title_crossings"]
def count(v):
    return len(v) if isinstance(v, list) else (v or 0)
print("| file | crossings spline | crossings ortho | edge_overlaps spline | edge_overlaps ortho | bends spline | bends ortho | hard (ortho) |")
print("|---|---|---|---|---|---|---|---|")
tot = [0, 0, 0, 0]
bad = 0
for name in sorted(ortho):
    s, o = spline[name], ortho[name]
    hard = {k: count(o.get(k)) for k in HARD if count(o.get(k))}
    bad += bool(hard) + bool(count(o.get("edge_overlaps")))
    tot[0] += s["crossings"]; tot[1] += o["crossings"]
    tot[2] += count(s.get("edge_overlaps")); tot[3] += count(o.get("edge_overlaps"))
    print(f"| {name} | {s['crossings']} | {o['crossings']} | {count(s.get('edge_overlaps'))} | {count(o.get('edge_overlaps'))} | {s['bends']} | {o['bends']} | {hard or 0} |")
print(f"| **total** | {tot[0]} | {tot[1]} | {tot[2]} | {tot[3]} | | | |")
ratio = tot[1] / tot[0] if tot[0] else 1.0
print(f"\ncrossings ortho/spline: {ratio:.3f} (limit 1.05); files with a hard fault or an overlap: {bad}")
sys.exit(1 if bad or ratio > 1.05 else 0)
PY
