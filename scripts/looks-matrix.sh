#!/usr/bin/env bash
# Every look with every theme on the held-out diagrams: renders SVG and PNG
# twice, checks the two runs are byte-identical, and leaves the pictures in
# OUT/<look>/<theme>/ for looking at (next to mermaid's: see below).
#
# usage: scripts/looks-matrix.sh [BIN] [OUT]
#   BIN  the mmdflow binary (default target/release/mmdflow)
#   OUT  output folder (default target/looks-matrix)
# Env:  MMDC  mermaid's reference script (tools/reference/mmdc.sh); when set,
#             mermaid 12.3's neo + redux-color picture of each diagram is
#             written to OUT/mermaid/ for comparison.
# Exits 1 if any pair of runs differs or any render fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$ROOT/target/release/mmdflow}"
OUT="${2:-$ROOT/target/looks-matrix}"
[[ -x "$BIN" ]] || { echo "looks-matrix.sh: no binary at $BIN (cargo build --release)" >&2; exit 2; }
looks=(classic neo handDrawn)
themes=(default forest dark neutral base redux redux-color redux-dark redux-dark-color neo neo-dark)
inputs=("$ROOT"/tests/fixtures/heldout/*.mmd)
fail=0 count=0
for look in "${looks[@]}"; do
  for theme in "${themes[@]}"; do
    dir="$OUT/$look/$theme"
    mkdir -p "$dir"
    for f in "${inputs[@]}"; do
      name="$(basename "$f" .mmd)"
      for ext in svg png; do
        for run in 1 2; do
          if ! "$BIN" "$f" --look "$look" -t "$theme" -o "$dir/$name.$run.$ext" 2>/dev/null; then
            echo "FAIL render: $look $theme $name.$ext" >&2
            fail=1
          fi
        done
        if ! cmp -s "$dir/$name.1.$ext" "$dir/$name.2.$ext"; then
          echo "FAIL determinism: $look $theme $name.$ext" >&2
          fail=1
        fi
        mv -f "$dir/$name.1.$ext" "$dir/$name.$ext"
        rm -f "$dir/$name.2.$ext"
        count=$((count + 1))
      done
    done
  done
done
if [[ -n "${MMDC:-}" ]]; then
  mkdir -p "$OUT/mermaid"
  for f in "${inputs[@]}"; do
    "$MMDC" "$f" "$OUT/mermaid/$(basename "$f" .mmd).png" >/dev/null 2>&1 || echo "mermaid failed on $f" >&2
  done
fi
echo "looks-matrix: $count outputs (${#looks[@]} looks x ${#themes[@]} themes x ${#inputs[@]} diagrams x svg/png), each rendered twice; $([[ $fail == 0 ]] && echo 'all byte-identical' || echo 'FAILURES above')"
exit "$fail"
