#!/usr/bin/env bash
# Mutation testing with cargo-mutants, scoped to the output writers and the
# front ends, where a wrong byte is a wrong picture that layout tests cannot
# see: the SVG writer, the layout-JSON writer, the Markdown (and HTML, when
# present) front end, and the CLI's output planning. Each scope runs only the
# tests that cover it, so the whole run fits in under an hour on 2 cores.
#
# usage: scripts/mutants.sh [SCOPE...]     SCOPE: svg json markdown html plan
#                                          (default: all of them)
# Env:   OUT        results folder (default: target/mutants); one
#                   subfolder per scope, cargo-mutants' own mutants.out/
#        TIMEOUT    seconds per mutant's tests (default 300)
#        MUTANTS_ROOT  where cargo-mutants is (or gets) installed
#                   (default: ~/.cargo; `cargo install --locked cargo-mutants`)
#
# Mutants are tested in a scratch copy of the tree (with its target/, so
# nothing is rebuilt from scratch), in place and one at a time: the working
# tree is never touched. Prints per-scope and total counts of caught,
# missed, unviable and timed-out mutants, lists the missed ones, and exits 1
# when fewer than 90% of the viable mutants are caught. Mutants judged
# equivalent (no observable change) are excluded, with the reason, in
# .cargo/mutants.toml.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${OUT:-$ROOT/target/mutants}"
TIMEOUT="${TIMEOUT:-300}"
MUTANTS_ROOT="${MUTANTS_ROOT:-$HOME/.cargo}"
export PATH="$MUTANTS_ROOT/bin:$PATH"
if ! cargo mutants --version >/dev/null 2>&1; then
  echo "mutants.sh: installing cargo-mutants into $MUTANTS_ROOT (a few minutes)" >&2
  cargo install --locked cargo-mutants --root "$MUTANTS_ROOT"
fi

# The JSON writer may live in src/layout/ or src/render/.
json_file=""
for f in src/render/json.rs src/layout/json.rs; do [[ -f $f ]] && { json_file=$f; break; }; done
# scope -> "file|cargo test arguments"
declare -A SCOPES=(
  [svg]="src/render/svg/*.rs|--lib --test render_svg --test cli_render --test layout_json"
  [json]="$json_file|--test layout_json --test cli_render"
  [markdown]="src/markdown.rs|--lib --test cli_markdown"
  [html]="src/html.rs|--lib --test cli_html"
  [plan]="src/bin/mmdflow/plan.rs|--bins --test cli_render --test cli_batch --test cli_markdown"
)
scopes=("$@")
((${#scopes[@]})) || scopes=(svg json markdown html plan)

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/mmdflow-mutants.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT
# A copy with the built target/ (hard links: instant, and cargo rewrites
# rather than edits its files), so each mutant only rebuilds the crate.
cp -al "$ROOT/target" "$SCRATCH/target" 2>/dev/null || cp -a "$ROOT/target" "$SCRATCH/target"
git ls-files -z | xargs -0 cp --parents -t "$SCRATCH"
mkdir -p "$OUT"

total_caught=0 total_missed=0 total_unviable=0 total_timeout=0
for scope in "${scopes[@]}"; do
  spec="${SCOPES[$scope]:?unknown scope $scope (svg json markdown html plan)}"
  file="${spec%%|*}" test_args="${spec#*|}"
  # A scope is a file or a glob (cargo-mutants matches `--file` globs against
  # the path); what comes before the first `*` must exist.
  if [[ -z "$file" || ! -e "$SCRATCH/${file%%\**}" ]]; then
    echo "mutants.sh: $scope: ${file:-its file} does not exist in this tree, skipped" >&2
    continue
  fi
  echo "== $scope: $file, tests: $test_args" >&2
  # shellcheck disable=SC2086  # test_args are words on purpose
  rc=0
  (cd "$SCRATCH" && cargo mutants --in-place --no-shuffle --file "$file" --timeout "$TIMEOUT" \
      --output "$OUT/$scope" -- $test_args) || rc=$?
  # 2: some mutants missed, 3: some timed out; both are counted below.
  # Anything else (1 usage, 4 the unmutated tree fails its tests) is fatal.
  case $rc in 0 | 2 | 3) ;; *) echo "mutants.sh: $scope: cargo mutants exited $rc" >&2; exit 2 ;; esac
  dir="$OUT/$scope/mutants.out"
  [[ -f "$dir/outcomes.json" ]] || { echo "mutants.sh: $scope: no outcomes (cargo-mutants failed before testing)" >&2; exit 2; }
  count() { if [[ -f "$dir/$1.txt" ]]; then awk 'NF { n++ } END { print n + 0 }' "$dir/$1.txt"; else echo 0; fi; }
  c=$(count caught) m=$(count missed) u=$(count unviable) t=$(count timeout)
  echo "$scope: caught $c, missed $m, unviable $u, timeout $t" | tee "$OUT/$scope.summary"
  if [[ -s "$dir/missed.txt" ]]; then sed 's/^/  missed: /' "$dir/missed.txt"; fi
  total_caught=$((total_caught + c)) total_missed=$((total_missed + m))
  total_unviable=$((total_unviable + u)) total_timeout=$((total_timeout + t))
done
viable=$((total_caught + total_missed + total_timeout))
pct=$([[ $viable -gt 0 ]] && echo $((100 * (total_caught + total_timeout) / viable)) || echo 0)
echo "mutants: caught $total_caught, missed $total_missed, unviable $total_unviable, timeout $total_timeout ($pct% of viable caught)"
((pct >= 90)) || { echo "mutants.sh: under 90% of viable mutants caught" >&2; exit 1; }
