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
#        TIMEOUT    seconds per mutant's tests (default: cargo-mutants'
#                   own, five times the unmutated tree's test time, at
#                   least 20 s; a mutant that loops costs that much)
#        MUTANTS_ROOT  where cargo-mutants is (or gets) installed
#                   (default: ~/.cargo; `cargo install --locked cargo-mutants`)
#
# Mutants are tested in scratch copies of the tree, in place, one at a time
# in each copy: the working tree is never touched. The copies are kept
# between runs at fixed places (target/mutants-tree, -2, ...), because cargo keys its build cache on
# the source path: a fresh temporary copy rebuilt the whole crate for the
# baseline (12 minutes on a loaded 2-core machine), a kept one rebuilds only
# what changed. Its first creation borrows the registry crates already built
# in target/ (hard links), and it builds mmdflow without debug info (a
# mutant's cost is one incremental build and link of the crate and its
# selected test binaries, and debug info is most of what the linker moves).
# Prints per-scope and total counts of caught, missed, unviable and
# timed-out mutants, lists the missed ones, and exits 1 when fewer than 90%
# of the viable mutants are caught. Mutants judged equivalent (no
# observable change) are excluded, with the reason, in .cargo/mutants.toml.
# Env:   JOBS       scratch trees working at once (default 2, one per core
#                   of the 2-core machine): each scope's mutants are dealt
#                   round-robin to the trees (cargo-mutants --shard), so
#                   every scope is split evenly whatever its cost
#        NICE       niceness for the run (default 10), so a long run yields
#                   the cores to interactive builds
#        FRESH=1    start every scope over (see "Resuming" below)
#
# Resuming: a run that is stopped (Ctrl-C, end of a session, a machine
# needed for something else) is picked up where it left off by running the
# same command again: cargo-mutants' --iterate skips the mutants already
# caught or unviable and keeps counting them (previously_caught.txt). The
# earlier results count only if they were made from the same sources: each
# shard's results carry a hash of the tracked sources and tests
# ($OUT/SCOPE/shard-K/sources.sha256), and a shard whose hash differs starts
# over.
set -euo pipefail
export LC_ALL=C  # comm and sort must agree on the order of mutant names
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${OUT:-$ROOT/target/mutants}"
timeout_args=()
[[ -n "${TIMEOUT:-}" ]] && timeout_args=(--timeout "$TIMEOUT")
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
  [svg]="src/render/svg/*.rs|--features font-embed --lib --test font_embed --test render_svg --test looks --test hand_drawn --test cli_render"
  [json]="$json_file|--test layout_json --test cli_render"
  [markdown]="src/markdown.rs|--lib --test cli_markdown --test html_pages --test cli_html"
  [html]="src/html.rs|--lib --test html_pages --test cli_html"
  [plan]="src/bin/mmdflow/plan.rs|--bins --test cli_render --test cli_formats --test cli_batch --test cli_markdown --test cli_html --test cli_hardening"
)
scopes=("$@")
((${#scopes[@]})) || scopes=(svg json markdown html plan)

NICE="${NICE:-10}"
JOBS="${JOBS:-2}"
trees=("$ROOT/target/mutants-tree")
for ((k = 2; k <= JOBS; k++)); do trees+=("$ROOT/target/mutants-tree-$k"); done

# Brings one scratch tree up to the working tree's tracked files.
prepare_tree() {
  local tree=$1
  if [[ ! -d "$tree/target" ]]; then
    mkdir -p "$tree/target"
    # Hard links: instant, and cargo replaces its files rather than editing
    # them, so neither tree can change the other's builds. Registry crates'
    # builds do not depend on the tree's path, so another scratch tree's
    # (built, like this one will be, without debug info) are reused as they
    # are; the main tree's have debug info and only save the build scripts.
    local seed="" other
    for other in "$ROOT"/target/mutants-tree*/target/debug "$ROOT/target/debug"; do
      [[ -d $other && $other != "$tree/target/debug" ]] && { seed=$other; break; }
    done
    if [[ -n $seed ]]; then
      cp -al "$seed" "$tree/target/debug" 2>/dev/null || cp -a "$seed" "$tree/target/debug"
    fi
  fi
  # Except cargo's lock file: cargo locks it with flock, which locks the
  # inode, so a hard-linked copy would make every cargo command in either
  # tree wait for the other's (it did: half of each mutant's time was spent
  # "Blocking waiting for file lock on artifact directory").
  if [[ -f "$tree/target/debug/.cargo-lock" && $(stat -c %h "$tree/target/debug/.cargo-lock") -gt 1 ]]; then
    rm -f "$tree/target/debug/.cargo-lock" && : >"$tree/target/debug/.cargo-lock"
  fi
  # Copy the tracked files that differ (a fresh mtime makes cargo rebuild
  # them; copying mtimes could hide a mutant left behind by an interrupted
  # run), and remove files the tree no longer tracks.
  local f
  while IFS= read -r -d '' f; do
    [[ -f $f ]] || continue
    cmp -s "$f" "$tree/$f" 2>/dev/null || { mkdir -p "$tree/$(dirname "$f")" && cp "$f" "$tree/$f"; }
  done < <(git ls-files -z)
  comm -23 <(cd "$tree" && find . -path ./target -prune -o -path ./.cargo/config.toml -prune -o -type f -print | sed 's|^\./||' | sort) \
           <(git ls-files | sort) | (cd "$tree" && xargs -r -d '\n' rm -f --)
  mkdir -p "$tree/.cargo"
  cat >"$tree/.cargo/config.toml" <<'TOML'
# Written by scripts/mutants.sh for its scratch tree only. No debug info
# for any crate: with the registry crates' debug info each test binary was
# 210 MB and a mutant's links wrote 1.6 GB; without it they are 16 MB and a
# mutant of the SVG writer builds in 5.7 s instead of 9.3 s (idle machine).
[profile.dev]
debug = 0
TOML
}
# One after the other: the first seeds the others' registry crates.
for tree in "${trees[@]}"; do prepare_tree "$tree"; done
mkdir -p "$OUT"

# What a scope's results depend on: the tracked sources, tests and build
# settings, with any uncommitted changes (scripts and docs are left out).
sources_hash() {
  local paths=(src tests build.rs Cargo.toml Cargo.lock .cargo)
  { git ls-files -s -- "${paths[@]}"; git diff HEAD -- "${paths[@]}"; } | sha256sum | cut -d' ' -f1
}
SOURCES="$(sources_hash)"

# Runs shard K of JOBS of one scope in tree K; its results go to
# $OUT/SCOPE/shard-K/mutants.out. Resumes (--iterate) when the results there
# are from these sources.
run_shard() {
  local scope=$1 file=$2 k=$3 out="$OUT/$1/shard-$3"
  shift 3
  local resume=()
  local earlier_unviable="$out/unviable-earlier.txt"
  if [[ "${FRESH:-0}" != 1 && -d "$out/mutants.out" ]] &&
     [[ "$(cat "$out/sources.sha256" 2>/dev/null)" == "$SOURCES" ]]; then
    resume=(--iterate)
    # --iterate skips earlier unviable mutants as if caught (it lists them
    # in previously_caught.txt), and the new unviable.txt holds only the
    # new run's: keep the earlier ones here, before the output is renamed.
    touch "$earlier_unviable"
    sort -u "$earlier_unviable" "$out/mutants.out/unviable.txt" 2>/dev/null >"$earlier_unviable.new" || true
    mv "$earlier_unviable.new" "$earlier_unviable"
  else
    rm -rf "$out"
  fi
  mkdir -p "$out"
  touch "$earlier_unviable"
  echo "$SOURCES" >"$out/sources.sha256"
  local rc=0
  # The library's layout and text-measuring unit tests (8 s of every
  # mutant's test run) cannot see a writer or a front end: layout does not
  # import render, and none of the scoped files is below them. (`--skip`
  # matches anywhere in a test's name: a test module named `text` or
  # `layout` elsewhere would be skipped too; the SVG writer's text tests
  # therefore sit in svg::tests.)
  (cd "${trees[$k]}" && nice -n "$NICE" cargo mutants --in-place --no-shuffle --file "$file" \
      --shard "$k/$JOBS" --sharding round-robin "${timeout_args[@]}" \
      "${resume[@]}" --output "$out" "$@" -- -- --skip layout:: --skip text::) >"$out/log.txt" 2>&1 || rc=$?
  # 2: some mutants missed, 3: some timed out; both are counted below.
  # Anything else (1 usage, 4 the unmutated tree fails its tests) is fatal.
  case $rc in
    0 | 2 | 3) [[ -f "$out/mutants.out/outcomes.json" ]] && return 0
               echo "mutants.sh: $scope shard $k: no outcomes (cargo-mutants failed before testing)" >&2 ;;
    *) echo "mutants.sh: $scope shard $k: cargo mutants exited $rc; see $out/log.txt" >&2 ;;
  esac
  return 2
}

# The union of one results file over a scope's shards, one mutant a line.
union() {
  local scope=$1 name=$2
  cat "$OUT/$scope"/shard-*/mutants.out/"$name" 2>/dev/null | awk 'NF' | sort -u || true
}

# The number of non-empty lines of a string.
lines() { awk 'NF { n++ } END { print n + 0 }' <<<"$1"; }

total_caught=0 total_missed=0 total_unviable=0 total_timeout=0
for scope in "${scopes[@]}"; do
  spec="${SCOPES[$scope]:?unknown scope $scope (svg json markdown html plan)}"
  file="${spec%%|*}" test_args="${spec#*|}"
  # A scope is a file or a glob (cargo-mutants matches `--file` globs against
  # the path); what comes before the first `*` must exist.
  if [[ -z "$file" || ! -e "$ROOT/${file%%\**}" ]]; then
    echo "mutants.sh: $scope: ${file:-its file} does not exist in this tree, skipped" >&2
    continue
  fi
  echo "== $scope: $file, tests: $test_args ($JOBS shards)" >&2
  # The target selection goes to every cargo call (--cargo-arg), not only
  # to `cargo test` after `--`: otherwise each mutant's build step
  # (`cargo test --no-run`) compiles and links every test binary, four
  # times the work.
  cargo_args=()
  for word in $test_args; do cargo_args+=("--cargo-arg=$word"); done
  pids=()
  for ((k = 0; k < JOBS; k++)); do
    run_shard "$scope" "$file" "$k" "${cargo_args[@]}" &
    pids+=($!)
  done
  failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  ((failed == 0)) || exit 2
  # A mutant is counted once, whichever shard tested it (a resumed run can
  # deal a mutant to another shard). Unviable: this run's and earlier
  # runs'; caught: this run's catches plus the earlier ones skipped by
  # --iterate that were not unviable.
  unviable=$( { union "$scope" unviable.txt; cat "$OUT/$scope"/shard-*/unviable-earlier.txt 2>/dev/null; } | awk 'NF' | sort -u)
  missed=$(union "$scope" missed.txt) timeout=$(union "$scope" timeout.txt)
  caught=$( { union "$scope" caught.txt; union "$scope" previously_caught.txt; } | sort -u |
            comm -23 - <(printf '%s\n' "$unviable" "$missed" "$timeout" | awk 'NF' | sort -u))
  c=$(lines "$caught") m=$(lines "$missed") u=$(lines "$unviable") t=$(lines "$timeout")
  echo "$scope: caught $c, missed $m, unviable $u, timeout $t" | tee "$OUT/$scope.summary"
  if [[ -n "$missed" ]]; then sed 's/^/  missed: /' <<<"$missed"; fi
  total_caught=$((total_caught + c)) total_missed=$((total_missed + m))
  total_unviable=$((total_unviable + u)) total_timeout=$((total_timeout + t))
done
viable=$((total_caught + total_missed + total_timeout))
pct=$([[ $viable -gt 0 ]] && echo $((100 * (total_caught + total_timeout) / viable)) || echo 0)
echo "mutants: caught $total_caught, missed $total_missed, unviable $total_unviable, timeout $total_timeout ($pct% of viable caught)"
((pct >= 90)) || { echo "mutants.sh: under 90% of viable mutants caught" >&2; exit 1; }
