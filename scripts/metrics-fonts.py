#!/usr/bin/env python3
"""Writes assets/fonts/metrics/: the embedded Liberation Sans fonts without
what only drawing needs, for the WebAssembly build, which measures text and
never draws a glyph (src/text.rs).

Dropped: the outlines (glyf, loca), the hinting (fpgm, prep, cvt , gasp),
glyph names (post), FontForge's time stamp (FFTM), and the names (name):
these files are tables of advances, not a font anyone could install, and
must not present themselves under the Reserved Font Name "Liberation" as a
modified font would (SIL OFL 1.1, condition 3); the copyright notice and
the licence ship beside them (LICENSE-LiberationSans.txt, in the npm
package too). Kept, byte for byte: cmap, hmtx, GSUB, GPOS, GDEF and kern
(what shaping reads for advances), head, hhea, maxp and OS/2. A test in
src/text.rs checks the kept tables against the originals and that every
width measured is the same.

usage: scripts/metrics-fonts.py     (from anywhere; standard library only)
"""
import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parent.parent
FONTS = ROOT / "assets" / "fonts"
DROPPED = {b"glyf", b"loca", b"fpgm", b"prep", b"cvt ", b"gasp", b"post", b"FFTM", b"name"}


def checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def strip(font: bytes) -> bytes:
    version, count = struct.unpack(">IH", font[:6])
    tables = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", font[12 + 16 * i : 28 + 16 * i])
        if tag not in DROPPED:
            tables[tag] = font[offset : offset + length]
    # head's checkSumAdjustment is computed over the whole new file, with
    # itself zeroed first (OpenType, 'head' table).
    head = bytearray(tables[b"head"])
    head[8:12] = b"\0\0\0\0"
    tables[b"head"] = bytes(head)
    count = len(tables)
    entry_selector = count.bit_length() - 1
    search_range = 16 << entry_selector
    out = bytearray(struct.pack(">IHHHH", version, count, search_range, entry_selector, count * 16 - search_range))
    offset = 12 + 16 * count
    body = bytearray()
    head_at = 0
    for tag in sorted(tables):
        data = tables[tag]
        if tag == b"head":
            head_at = offset + len(body)
        out += struct.pack(">4sIII", tag, checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    out += body
    adjustment = (0xB1B0AFBA - checksum(bytes(out))) & 0xFFFFFFFF
    out[head_at + 8 : head_at + 12] = struct.pack(">I", adjustment)
    return bytes(out)


def main() -> None:
    (FONTS / "metrics").mkdir(exist_ok=True)
    for source in sorted(FONTS.glob("LiberationSans-*.ttf")):
        stripped = strip(source.read_bytes())
        (FONTS / "metrics" / source.name).write_bytes(stripped)
        print(f"{source.name}: {source.stat().st_size} -> {len(stripped)} bytes")


if __name__ == "__main__":
    main()
