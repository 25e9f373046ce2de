"""Batch throughput: `zhipu-ipo batch` rows per second, against a minimal hand-written loop.

Run:  python benchmarks/batch_throughput.py [--rows 300000] [--repeat 3]

Writes --rows distinct `raise` requests to a temporary JSON Lines file, then
times, each as a fresh process reading that file and writing to /dev/null:

- `zhipu-ipo batch` with its default worker count (one per core), and with --jobs 1;
- the minimal loop the target is measured against: for each line json.loads,
  one Decimal multiply, json.dumps (the script is in MINIMAL_LOOP below).

Each is run --repeat times, interleaved; the best run of each is reported (rows/s
and the ratio to the minimal loop in the same run). Targets (issue 4): at least
100,000 rows/s, and at least half the minimal loop's speed. A report, not a test.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import machine, script, versions, write_into_docs  # noqa: E402

MINIMAL_LOOP = """
import json, sys
from decimal import Decimal
write = sys.stdout.write
for line in sys.stdin:
    request = json.loads(line)
    gross = Decimal(request["shares"]) * Decimal(request["price"])
    write(json.dumps({"gross_proceeds": str(gross)}) + "\\n")
"""


def make_input(rows: int, folder: str) -> str:
    path = os.path.join(folder, "raise.jsonl")
    with open(path, "w", encoding="utf-8") as handle:
        for index in range(rows):
            handle.write(f'{{"command": "raise", "shares": "{1_000_000 + index * 7}", '
                         f'"price": "{1 + index % 500}.{index % 100:02d}"}}\n')
    return path


def timed(argv: list[str], source: str) -> float:
    with open(source, "rb") as stdin, open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        subprocess.run(argv, stdin=stdin, stdout=devnull, stderr=subprocess.DEVNULL, check=True)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--docs", action="store_true", help="also write the figures into docs/benchmarks.md")
    options = parser.parse_args()
    zhipu = script()
    commands = {
        "minimal loop (json.loads, Decimal multiply, json.dumps)": [sys.executable, "-c", MINIMAL_LOOP],
        f"zhipu-ipo batch (default: {os.cpu_count()} workers)": [zhipu, "batch"],
        "zhipu-ipo batch --jobs 1": [zhipu, "batch", "--jobs", "1"],
    }
    with tempfile.TemporaryDirectory() as folder:
        source = make_input(options.rows, folder)
        best = {name: float("inf") for name in commands}
        for _ in range(options.repeat):
            for name, argv in commands.items():
                best[name] = min(best[name], timed(argv, source))
    minimal = options.rows / best[next(iter(commands))]
    lines = [
        f"- Measured {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC: {options.rows:,} distinct `raise` rows, "
        f"best of {options.repeat} runs, each a fresh process reading a file and writing to /dev/null",
        f"- Machine: {machine()}",
        f"- Versions: {versions()}",
        "",
        "| run | rows/s | ratio to the minimal loop |",
        "|---|---:|---:|",
    ]
    for name, seconds in best.items():
        rate = options.rows / seconds
        lines.append(f"| {name} | {rate:,.0f} | {rate / minimal:.2f} |")
    text = "\n".join(lines)
    print(text)
    if options.docs:
        write_into_docs("batch-benchmark", text)


if __name__ == "__main__":
    main()
