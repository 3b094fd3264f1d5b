#!/usr/bin/env bash
# Writes src/bin/mmdflow/hot-symbols.txt: the functions the `mmdflow`
# command runs for typical diagrams, in the order the release link should
# place them (build.rs hands the file to lld's --symbol-ordering-file).
#
# Why: the release .text is ~4.9 MB and a small diagram's run touches code
# spread over all of it. Each first touch of a 64 KB window is a page fault
# that costs ~6 us on the 2-core VM (the kernel maps the window's 16 pages
# at once), and the seed diagram took 32 of them. With the code it runs
# placed together it takes 18.
#
# How: the release build itself (stripped, with the linker's map kept) runs
# a few workloads under callgrind; every function of the mmdflow binary that
# ran is named through the map and listed, the seed's first (the README
# benchmark), then what the others add. The names must come from a build
# with the release settings: symbol names carry hashes of the build
# settings (a build with `strip = false` has other names). They change with
# the toolchain and Cargo.lock, not with edits to the code: re-run this
# after either changes (or after large changes to what runs). Names the
# linker does not find are skipped, so a stale list costs speed, never
# correctness.
#
# usage: scripts/hot-symbols.sh        (needs valgrind; a release build and
#                                       ~1 minute of callgrind)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v valgrind >/dev/null || { echo "hot-symbols.sh: needs valgrind" >&2; exit 2; }
OUT="src/bin/mmdflow/hot-symbols.txt"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# The listing build does not use the current list (build.rs:
# MMDFLOW_SYMBOL_ORDER=off), so the list never feeds on itself.
MMDFLOW_SYMBOL_ORDER=off MMDFLOW_LINK_MAP="$WORK/map.txt" \
  cargo build --release --locked --bin mmdflow
[[ -s "$WORK/map.txt" ]] || { echo "hot-symbols.sh: the link wrote no map (is the linker rustc's lld?)" >&2; exit 2; }
# (The next ordinary release build links the command again, with the list.)
BIN="$ROOT/target/release/mmdflow"
# Workloads, most important first: the benchmark seed to SVG, then PNG,
# layout JSON and a larger diagram with subgraphs, labels and every link
# type.
workloads=(
  "examples/seed.mmd -o $WORK/seed.svg"
  "examples/seed.mmd -o $WORK/seed.png"
  "examples/seed.mmd -e json -o $WORK/seed.json"
  "tests/fixtures/heldout/network_topology.mmd -o $WORK/net.svg"
)
i=0
for w in "${workloads[@]}"; do
  # shellcheck disable=SC2086  # a workload is words on purpose
  valgrind --tool=callgrind --dump-instr=yes --dump-line=no --compress-pos=no --compress-strings=no \
    --callgrind-out-file="$WORK/$i.out" "$BIN" $w >/dev/null 2>&1
  i=$((i + 1))
done
# Every function of the mmdflow object that ran, named by the map's symbol
# at or below each executed instruction's address (a stripped binary gives
# callgrind no function names, and code reached by a jump rather than a
# call has no entry of its own), each listed once, workload by workload.
# "ob=" names the object of the cost lines after it.
python3 - "$WORK/map.txt" "$WORK" "${#workloads[@]}" >"$WORK/list" <<'PY'
import bisect, re, sys
map_file, work, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
# lld map lines: VMA LMA Size Align, then an output section (".text"), an
# input section ("file:(.text.name)") or, indented further, a symbol.
starts, names = [], []
for line in open(map_file, encoding="utf-8", errors="replace"):
    fields = line.split()
    if len(fields) != 5 or not re.fullmatch(r"[0-9a-f]+", fields[0]):
        continue
    name = fields[4]
    if name.startswith(".") or ":(" in name or name.startswith("<"):
        continue
    starts.append(int(fields[0], 16))
    names.append(name)
pairs = sorted(zip(starts, names), key=lambda pair: pair[0])
starts, names = [s for s, _ in pairs], [n for _, n in pairs]
listed, known = [], set()
for i in range(count):
    obj = None
    for line in open(f"{work}/{i}.out", encoding="utf-8", errors="replace"):
        if line.startswith("ob="):
            obj = line[3:].strip()
            continue
        if obj is None or not obj.endswith("/mmdflow"):
            continue
        m = re.match(r"(?:0x)?([0-9a-f]+) ", line)
        if not m:
            continue
        k = bisect.bisect_right(starts, int(m.group(1), 16)) - 1
        if k >= 0 and names[k] not in known:
            known.add(names[k])
            listed.append(names[k])
print("\n".join(listed))
PY
[[ -s "$WORK/list" ]] || { echo "hot-symbols.sh: no functions listed" >&2; exit 2; }
# Renamed into place from beside it: never a half-written list.
cp "$WORK/list" "$OUT.tmp" && mv "$OUT.tmp" "$OUT"
echo "hot-symbols.sh: $(wc -l <"$OUT") functions in $OUT" >&2
