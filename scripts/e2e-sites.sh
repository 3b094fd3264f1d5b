#!/usr/bin/env bash
# End to end with the real tools CI does not have: mdBook 0.5 (installed with
# `cargo install --locked` into a temporary root) and headless Chromium.
#
#   1. mdbook build of a sample book with `[preprocessor.mmdflow]`: the
#      chapter HTML holds inline SVG and no mermaid code block;
#   2. a Jekyll-like _site/ with every form of item 1 of the issue, rewritten
#      with --html --in-place: pages without flowcharts keep bytes and mtime;
#   3. Chromium: the Eventlet guide page (mermaid.js removed) shows its
#      diagram, and a --dark-theme dark SVG switches palette under
#      prefers-color-scheme emulation, inline and as <img> (screenshots are
#      kept in OUT for looking at).
#
# usage: scripts/e2e-sites.sh [OUT]   (default: target/e2e-sites)
# Env:   MDBOOK  an mdbook 0.5 binary to use instead of installing one
#        CHROMIUM (default: chromium)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$(mkdir -p "${1:-target/e2e-sites}" && cd "${1:-target/e2e-sites}" && pwd)"
CHROMIUM="${CHROMIUM:-chromium}"
FIX="$ROOT/tests/fixtures/html"
fail() { echo "e2e-sites: FAIL: $*" >&2; exit 1; }
ok() { echo "e2e-sites: ok: $*"; }

cargo build --quiet
BIN_DIR="$OUT/bin"; mkdir -p "$BIN_DIR"; cp target/debug/mmdflow "$BIN_DIR/mmdflow"
export PATH="$BIN_DIR:$PATH"

# ---------------------------------------------------------------- 1. mdBook
if [ -z "${MDBOOK:-}" ]; then
  TMP_ROOT="$(mktemp -d)"
  # Without default features: no `serve`/`watch` (an HTTP stack), `build` is all we need.
  cargo install --locked --quiet mdbook --version '^0.5' --no-default-features --root "$TMP_ROOT"
  MDBOOK="$TMP_ROOT/bin/mdbook"
fi
"$MDBOOK" --version | grep -q ' v0\.5\.' || fail "mdbook 0.5.x needed, got $("$MDBOOK" --version)"
BOOK="$OUT/book"; rm -rf "$BOOK"; mkdir -p "$BOOK/src"
cat > "$BOOK/book.toml" <<'TOML'
[book]
title = "Sample"

[preprocessor.mmdflow]
command = "mmdflow mdbook"
TOML
printf '# Summary\n\n- [Flow](flow.md)\n- [Other](other.md)\n' > "$BOOK/src/SUMMARY.md"
printf '# Flow\n\n```mermaid\ngraph TD\n  A[Start] --> B{Ok?}\n  B -->|yes| C[Done]\n```\n\nAfter the diagram.\n' > "$BOOK/src/flow.md"
printf '# Other\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n' > "$BOOK/src/other.md"
(cd "$BOOK" && "$MDBOOK" build 2> "$OUT/mdbook.log") || { cat "$OUT/mdbook.log"; fail "mdbook build"; }
grep -q 'data-processed="true"><svg ' "$BOOK/book/flow.html" || fail "mdbook: no inline SVG in flow.html"
grep -q 'language-mermaid' "$BOOK/book/flow.html" && fail "mdbook: the flowchart code block is still there"
grep -q 'language-mermaid' "$BOOK/book/other.html" || fail "mdbook: the sequence diagram should stay a code block"
grep -q 'not a flowchart (sequenceDiagram)' "$OUT/mdbook.log" || fail "mdbook: no warning for the sequence diagram"
grep -q '<p>After the diagram.</p>' "$BOOK/book/flow.html" || fail "mdbook: the paragraph after the diagram is not Markdown any more"
ok "mdbook $("$MDBOOK" --version) build gives inline SVG"

# ------------------------------------------------------- 2. a built _site
SITE="$OUT/_site"; rm -rf "$SITE"; mkdir -p "$SITE/forms"
cp "$FIX/eventlet-guide.html" "$SITE/preparing-for-migration.html"
for f in entities br rouge spans mkdocs two jekyll; do cp "$FIX/$f.html" "$SITE/forms/$f.html"; done
cp "$FIX/sequence.html" "$SITE/forms/sequence.html"
cp "$FIX/processed.html" "$SITE/forms/processed.html"
printf '<h1>About</h1>\n<p>No diagrams {{ here }}</p>\n' > "$SITE/about.html"
printf 'body { color: black }\n' > "$SITE/style.css"
touch -d '2001-01-01' "$SITE"/about.html "$SITE"/style.css "$SITE"/forms/sequence.html "$SITE"/forms/processed.html
snap() { for f in about.html style.css forms/sequence.html forms/processed.html; do echo "$f $(stat -c %Y "$SITE/$f") $(sha256sum < "$SITE/$f")"; done; }
BEFORE="$(snap)"
mmdflow "$SITE" --html --in-place 2> "$OUT/site.log" || { cat "$OUT/site.log"; fail "in-place run"; }
[ "$BEFORE" = "$(snap)" ] || fail "a page without flowcharts was touched"
for f in preparing-for-migration.html forms/entities.html forms/br.html forms/rouge.html forms/spans.html forms/mkdocs.html forms/two.html forms/jekyll.html; do
  grep -q 'data-processed="true"><svg ' "$SITE/$f" || fail "$f: no inline SVG"
done
grep -q 'forms/sequence.html:2:3: warning: mermaid diagram 1 is not a flowchart' "$OUT/site.log" || fail "no sequence warning"
ok "_site rewritten in place; other pages keep bytes and mtimes"

# ------------------------------------------------------------ 3. Chromium
shot() { # url, png, scheme (light|dark)
  local pref=1; [ "$3" = dark ] && pref=0
  timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --force-prefers-color-scheme="$3" --blink-settings=preferredColorScheme=$pref \
    --window-size=900,1300 --screenshot="$2" "$1" >/dev/null 2>&1
}
dom() { # url, scheme
  local pref=1; [ "$2" = dark ] && pref=0
  timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --force-prefers-color-scheme="$2" \
    --blink-settings=preferredColorScheme=$pref --virtual-time-budget=2000 --dump-dom "$1" 2>/dev/null
}
# The guide page, with no mermaid.js anywhere: a probe script measures the SVG.
PROBE='<script>addEventListener("load",()=>{const s=document.querySelector(".mermaid svg");const r=s.getBoundingClientRect();const n=s.querySelector(".node .basic");document.body.setAttribute("data-probe",Math.round(r.width)+"x"+Math.round(r.height)+" "+getComputedStyle(n).fill)})</script>'
GUIDE="$OUT/guide.html"; { cat "$SITE/preparing-for-migration.html"; echo "$PROBE"; } > "$GUIDE"
grep -qi 'mermaid.*\.js' "$GUIDE" && fail "the guide page still loads mermaid.js"
PROBED="$(dom "file://$GUIDE" light | grep -o 'data-probe="[^"]*"' || true)"
echo "$PROBED" | grep -Eq 'data-probe="[1-9][0-9]+x[1-9][0-9]+ rgb' || fail "guide: the diagram has no size in Chromium ($PROBED)"
shot "file://$GUIDE" "$OUT/guide.png" light
ok "guide page shows its diagram without mermaid.js ($PROBED); screenshot $OUT/guide.png"

# Light and dark in one SVG, inline and as <img>.
printf 'graph LR\n  A[Start] --> B{Ok?}\n  B -->|yes| C[Done]\n' > "$OUT/dark.mmd"
mmdflow "$OUT/dark.mmd" -o "$OUT/dark.svg" --dark-theme dark -q
cat > "$OUT/dark-src.html" <<'HTML'
<!doctype html><html><head><style>@media (prefers-color-scheme: dark){body{background:#222;color:#eee}}</style></head><body>
<p>as img:</p><img id="img" src="dark.svg" width="500">
<p>inline:</p><div class="mermaid">
graph LR
  A[Start] --> B{Ok?}
  B -->|yes| C[Done]
</div>
<script>addEventListener("load",()=>{const n=document.querySelector(".mermaid .node .basic");document.body.setAttribute("data-probe",getComputedStyle(n).fill)})</script>
</body></html>
HTML
mmdflow "$OUT/dark-src.html" -o "$OUT/dark-page.html" --dark-theme dark -q
LIGHT="$(dom "file://$OUT/dark-page.html" light | grep -o 'data-probe="[^"]*"')"
DARK="$(dom "file://$OUT/dark-page.html" dark | grep -o 'data-probe="[^"]*"')"
[ "$LIGHT" = 'data-probe="rgb(236, 236, 255)"' ] || fail "inline light fill: $LIGHT"
[ "$DARK" = 'data-probe="rgb(31, 32, 32)"' ] || fail "inline dark fill: $DARK"
shot "file://$OUT/dark-page.html" "$OUT/dark-light.png" light
shot "file://$OUT/dark-page.html" "$OUT/dark-dark.png" dark
# The <img>: compare a pixel inside node A of each screenshot (PNG decoded
# with the standard library only).
python3 - "$OUT/dark-light.png" "$OUT/dark-dark.png" <<'PY' || fail "<img> does not switch palette"
import struct, sys, zlib
def pixels(path):
    data = open(path, "rb").read()
    pos, chunks, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR": ihdr = struct.unpack(">IIBBBBB", body)
        if kind == b"IDAT": chunks += body
        pos += 12 + n
    w, h, depth, colour = ihdr[:4]
    bpp = {2: 3, 6: 4}[colour]
    raw, rows, prev, stride = zlib.decompress(chunks), [], bytearray(w * bpp), w * bpp
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line); prev = line
    return lambda x, y: tuple(rows[y][x * bpp:x * bpp + 3])
light, dark = pixels(sys.argv[1]), pixels(sys.argv[2])
# Node A of the <img> sits near its left edge, vertically centred (img at x=8).
samples = [(x, y) for x in range(20, 60, 4) for y in range(40, 140, 4)]
lavender = sum(1 for p in samples if light(*p) == (236, 236, 255))
dark_fill = sum(1 for p in samples if dark(*p) == (31, 32, 32))
print(f"img: {lavender} light-fill and {dark_fill} dark-fill samples of {len(samples)}")
sys.exit(0 if lavender > 0 and dark_fill > 0 else 1)
PY
ok "--dark-theme dark switches palettes inline ($LIGHT -> $DARK) and as <img>; screenshots $OUT/dark-light.png, $OUT/dark-dark.png"
echo "e2e-sites: all passed"
