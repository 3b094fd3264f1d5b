#!/usr/bin/env python3
"""Amplification cases of issue 16: small inputs that once cost seconds or
gigabytes. Writes each case to a folder, runs the given mmdflow binary on it
under /usr/bin/time -v, and prints a table of wall time, peak memory and exit
status. tests/amplification.rs builds the same cases in Rust and checks their
outcome (never their time: timings are measured here, not in tests).

    cargo build --release
    scripts/amplification.py target/release/mmdflow [out-dir]
"""
import os
import re
import subprocess
import sys


def chain_with_spans(n):
    lines = ["flowchart TD"]
    lines += [f"  n{i} --> n{i + 1}" for i in range(n - 1)]
    # n edges, each across (almost) the whole chain.
    lines += [f"  n{i % 10} --> n{n - 10 + i % 10}" for i in range(n)]
    return "\n".join(lines) + "\n"


def complete(n):
    names = " & ".join(f"a{i}" for i in range(n))
    return f"flowchart TD\n  {names} --> {names}\n"


def bipartite(n):
    a = " & ".join(f"a{i}" for i in range(n))
    b = " & ".join(f"b{i}" for i in range(n))
    return f"flowchart TD\n  {a} --> {b}\n"


def self_loops(n):
    return "flowchart TD\n" + "".join(f"  A -->|loop {i}| A\n" for i in range(n))


def parallel(n):
    return "flowchart TD\n" + "  A --> B\n" * n


def dashes(n):
    body = "".join(f"  n{i} --> n{i + 1}\n" for i in range(n))
    return "flowchart TD\n" + body + "  linkStyle default stroke-dasharray:0.0001\n"


def nested(depth, per):
    out = ["flowchart TD"]
    for d in range(depth):
        out.append("  " * (d + 1) + f"subgraph s{d}")
        out += ["  " * (d + 2) + f"n{d}_{j}" for j in range(per)]
    for d in reversed(range(depth)):
        out.append("  " * (d + 1) + "end")
    out += [f"  n{d}_0 --> n{d + 1}_0" for d in range(depth - 1)]
    return "\n".join(out) + "\n"


def warnings(n):
    return "flowchart TD\n  A\n" + "".join("  style A nosuchprop:1\n" for _ in range(n))


def markdown_blocks(n):
    return "".join("```mermaid\npie\n```\n" for _ in range(n))


CASES = [
    # (name, text, extension, extra flags)
    ("chain1000_spans", chain_with_spans(1000), "mmd", []),
    ("chain1000_spans_json", chain_with_spans(1000), "mmd", ["-e", "json"]),
    ("chain3000_spans", chain_with_spans(3000), "mmd", []),
    ("k140", complete(140), "mmd", []),
    ("k60", complete(60), "mmd", []),
    ("k100_100_json", bipartite(100), "mmd", ["-e", "json"]),
    ("loops10000_json", self_loops(10000), "mmd", ["-e", "json"]),
    ("loops10000_png", self_loops(10000), "mmd", ["-e", "png"]),
    ("parallel2000_png", parallel(2000), "mmd", ["-e", "png"]),
    ("parallel20000_png", parallel(19999), "mmd", ["-e", "png"]),
    ("dash200_png", dashes(200), "mmd", ["-e", "png"]),
    ("dash1000_png", dashes(1000), "mmd", ["-e", "png"]),
    ("nested64_png", nested(64, 9), "mmd", ["-e", "png"]),
    ("nested64x3_png", nested(64, 3), "mmd", ["-e", "png"]),
    ("nested32x9_png", nested(32, 9), "mmd", ["-e", "png"]),
    ("k100_100_svg", bipartite(100), "mmd", []),
    ("parallel20000_svg", parallel(19999), "mmd", []),
    ("loops10000_svg", self_loops(10000), "mmd", []),
    ("warnings40000_check", warnings(40000), "mmd", ["--check", "-q"]),
    ("warnings40000", warnings(40000), "mmd", []),
    ("md20000_blocks", markdown_blocks(20000), "md", []),
]


def main():
    binary = os.path.abspath(sys.argv[1])
    out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/mmdflow-amplification"
    os.makedirs(out, exist_ok=True)
    only = sys.argv[3:] or None
    print(f"| case | input bytes | wall s | cpu s | peak MB | exit |")
    print(f"|---|---|---|---|---|---|")
    for name, text, ext, flags in CASES:
        if only and name not in only:
            continue
        src = os.path.join(out, f"{name}.{ext}")
        with open(src, "w") as f:
            f.write(text)
        target = os.path.join(out, f"{name}.out{'.md' if ext == 'md' else ''}")
        cmd = ["/usr/bin/time", "-v", "timeout", "-s", "KILL", os.environ.get("AMP_TIMEOUT", "60"), binary, src, "-o", target] + flags
        if "--check" in flags:
            cmd = ["/usr/bin/time", "-v", "timeout", "-s", "KILL", os.environ.get("AMP_TIMEOUT", "60"), binary, src] + flags
        r = subprocess.run(cmd, capture_output=True, text=True)
        wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", r.stderr)
        secs = 0.0
        if wall:
            h = int(wall.group(1) or 0)
            secs = h * 3600 + int(wall.group(2)) * 60 + float(wall.group(3))
        user = re.search(r"User time \(seconds\): ([\d.]+)", r.stderr)
        system = re.search(r"System time \(seconds\): ([\d.]+)", r.stderr)
        cpu = (float(user.group(1)) if user else 0) + (float(system.group(1)) if system else 0)
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
        mb = int(rss.group(1)) / 1024 if rss else 0
        status = re.search(r"Exit status: (\d+)", r.stderr)
        sig = re.search(r"Command terminated by signal (\d+)", r.stderr)
        code = f"signal {sig.group(1)}" if sig else (status.group(1) if status else "?")
        print(f"| {name} | {len(text.encode())} | {secs:.2f} | {cpu:.2f} | {mb:.0f} | {code} |", flush=True)


if __name__ == "__main__":
    main()
