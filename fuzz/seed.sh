#!/usr/bin/env bash
# Seeds the fuzz corpora from the test fixtures and examples:
#   parse       every tests/fixtures/**/*.mmd and examples/*.mmd as is;
#   render_svg  the same files behind 7 zero bytes, which the Arbitrary
#               decoding of its input reads as "all options None", so the
#               rest of the file arrives intact as the diagram source;
#   quadratic   one small input per diagram kind (its enum tag first).
# The corpora are git-ignored; run this before the first `cargo fuzz run`.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/parse corpus/render_svg corpus/quadratic
n=0
while IFS= read -r -d '' f; do
    name=$(echo "${f#"$root"/}" | tr '/' '_')
    cp "$f" "corpus/parse/$name"
    { printf '\0\0\0\0\0\0\0'; cat "$f"; } > "corpus/render_svg/$name"
    n=$((n + 1))
done < <(find "$root/tests/fixtures" "$root/examples" -name '*.mmd' -size -64k -print0 2>/dev/null | sort -z)
# The conformance corpus ($MMDFLOW_SHARED, default ../shared beside the
# repository) when present:
# mermaid's own parser cases and render samples reach far more syntax.
shared=${MMDFLOW_SHARED:-$root/../shared}/conformance
if [ -d "$shared" ] && command -v python3 >/dev/null; then
    python3 - "$shared" <<'PY'
import json, sys, hashlib, pathlib
shared = pathlib.Path(sys.argv[1])
count = 0
for name in ["mermaid-parser-cases.jsonl", "mermaid-render-samples.jsonl"]:
    f = shared / name
    if not f.exists():
        continue
    for line in f.read_text(encoding="utf-8").splitlines():
        src = json.loads(line).get("input")
        if not src:
            continue
        data = src.encode("utf-8")
        h = hashlib.sha1(data).hexdigest()[:16]
        pathlib.Path(f"corpus/parse/shared-{h}").write_bytes(data)
        pathlib.Path(f"corpus/render_svg/shared-{h}").write_bytes(b"\0" * 7 + data)
        count += 1
print(f"seeded {count} conformance inputs from {shared}")
PY
fi
# Kind is decoded from a little-endian u32 t as (t * KINDS) >> 32.
kinds=$(grep -c '^    [A-Z][A-Za-z]*,$' <(sed -n '/^enum Kind {/,/^}/p' fuzz_targets/quadratic.rs))
for ((k = 0; k < kinds; k++)); do
    t=$(( (k * 4294967296 + kinds - 1) / kinds ))
    printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((t & 255)) $(((t >> 8) & 255)) $(((t >> 16) & 255)) $(((t >> 24) & 255)))"'\x06node A\x01\x40\x00' \
        > "corpus/quadratic/kind-$k"
done
echo "seeded $n diagrams into corpus/parse and corpus/render_svg, $kinds kinds into corpus/quadratic"
