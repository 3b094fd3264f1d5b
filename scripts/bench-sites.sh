#!/usr/bin/env bash
# Post-processing a built site against rendering the same diagrams from
# .mmd files: a generated site of 200 pages, 100 of them holding one
# flowchart (the layout corpus's docs-sized charts, repeated), is rewritten with
# `mmdflow site --html --in-place`; the same 100 diagrams as .mmd files are
# rendered with `mmdflow mmd/ --out-dir svg/`. Target: site <= 1.5 x mmd.
#
# usage: scripts/bench-sites.sh [OUTDIR]   (default: target/bench-sites)
# Env:   SHARED (default ../shared, or ../../shared from a worktree), RUNS (default 10)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${1:-target/bench-sites}"
SHARED="${SHARED:-$([ -d "$ROOT/../shared" ] && echo "$ROOT/../shared" || echo "$ROOT/../../shared")}"
RUNS="${RUNS:-10}"
cargo build --release --quiet
BIN="$ROOT/target/release/mmdflow"
CORPUS="$SHARED/tools/layout/corpus"
rm -rf "$OUT" && mkdir -p "$OUT/template" "$OUT/mmd"
python3 - "$CORPUS" "$OUT" <<'PY'
import html, os, sys
corpus, out = sys.argv[1], sys.argv[2]
# Docs-sized diagrams (the corpus without its 500-2000-node stress graphs),
# so the page handling is a visible share of the time, not lost in layout.
charts = sorted(f for f in os.listdir(corpus) if f.endswith(".mmd"))
texts = [t for t in (open(os.path.join(corpus, f)).read() for f in charts) if t.count("\n") < 400]
filler = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 40 + "</p>\n"
for i in range(200):
    body = f"<h1>Page {i}</h1>\n" + filler * 5
    if i % 2 == 0:
        t = texts[(i // 2) % len(texts)]
        # A comment makes every diagram distinct (no cache can help either side).
        src = f"%% page {i}\n{t}"
        body += f'<div class="mermaid">\n{html.escape(src, quote=False)}\n</div>\n'
        open(os.path.join(out, "mmd", f"p{i:03}.mmd"), "w").write(src)
    page = f"---\nlayout: default\n---\n<!doctype html><html><head><title>{i}</title></head><body>\n{body}{{% include footer.html %}}\n</body></html>\n"
    open(os.path.join(out, "template", f"p{i:03}.html"), "w").write(page)
PY
time_it() { # label, command...: best-of-RUNS wall time in ms
  local label="$1"; shift
  python3 - "$RUNS" "$label" "$@" <<'PY'
import subprocess, sys, time
runs, label, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
best = []
for _ in range(runs):
    prep = cmd[0] == "--prep"
    if prep:
        subprocess.run(["bash", "-c", cmd[1]], check=True)
        c = cmd[2:]
    else:
        c = cmd
    t = time.perf_counter(); subprocess.run(c, check=True, stderr=subprocess.DEVNULL); best.append(time.perf_counter() - t)
best.sort()
print(f"{label}\t{best[len(best)//2]*1000:.1f}")
PY
}
SITE="$OUT/site"
A=$(time_it "site: 200 pages, 100 flowcharts, --html --in-place" --prep "rm -rf $SITE && cp -r $OUT/template $SITE" "$BIN" "$SITE" --html --in-place -q)
B=$(time_it "the same 100 diagrams as .mmd files" --prep "rm -rf $OUT/svg" "$BIN" "$OUT/mmd" --out-dir "$OUT/svg" -q)
echo "$A"; echo "$B"
python3 -c 'import sys; a=float(sys.argv[1].split("\t")[1]); b=float(sys.argv[2].split("\t")[1]); print("ratio %.2f (target <= 1.5)" % (a/b))' "$A" "$B"
test "$(grep -l 'data-processed="true"><svg' "$SITE"/*.html | wc -l)" -eq 100
