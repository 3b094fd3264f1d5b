#!/usr/bin/env bash
# The WebAssembly package's speed beside the native CLI's and mermaid-cli's,
# on the same inputs in the same minutes (README, "WebAssembly and
# JavaScript"): the Node test's benchmark mode, then hyperfine on the CLI,
# then one mmdc run each when a set-up tools/reference copy is there.
#
# usage: scripts/bench-wasm.sh       (after scripts/build-wasm.sh and cargo build --release)
# Env:   REFERENCE (default /tmp/reference; without it the mmdc rows are skipped)
# Needs: node >= 20, hyperfine, python3.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REFERENCE="${REFERENCE:-/tmp/reference}"
OUT=target/bench-wasm
mkdir -p "$OUT"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd npm && MMDFLOW_BENCH=1 node --test --test-name-pattern=benchmark test/*.test.mjs 2>&1 | sed -n 's/^# bench: /wasm in Node: /p')
# The same two diagrams as files, for the CLI and mmdc.
node --input-type=module -e "
  import { writeFileSync } from 'node:fs';
  import { SEED, randomFlowchart } from './npm/test/graphs.mjs';
  writeFileSync('$OUT/seed.mmd', SEED);
  writeFileSync('$OUT/graph200.mmd', randomFlowchart(200));"
for name in seed graph200; do
  hyperfine -N --warmup 3 --runs 30 --export-json "$OUT/$name.json" "target/release/mmdflow -i $OUT/$name.mmd -o $OUT/$name.svg" >/dev/null 2>&1
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("native CLI: %s: median %.2f ms wall, fastest %.2f ms, CPU (user+sys) mean %.2f ms" % (sys.argv[2], r["median"]*1000, r["min"]*1000, (r["user"]+r["system"])*1000))' "$OUT/$name.json" "$name"
done
if [ -x "$REFERENCE/mmdc.sh" ]; then
  for name in seed graph200; do
    start=$(date +%s%N)
    "$REFERENCE/mmdc.sh" "$OUT/$name.mmd" "$OUT/$name-mmdc.svg" --classic >/dev/null 2>&1
    echo "mmdc --classic: $name: $(( ($(date +%s%N) - start) / 1000000 )) ms wall, whole process"
  done
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
