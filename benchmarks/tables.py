"""Table time against rows: `ballot` drawn as a table from tables of 20, 200 and 2,000 tiers.

Run:  python benchmarks/tables.py [--runs 9] [--docs]

Each size is run --runs times, in turn (20, 200, 2000, 20, ...), as a fresh process writing to
/dev/null; the report gives the medians and the linearity check of issue 18:
(time at 2,000 - time at 200) <= 15 x (time at 200 - time at 20). A report: it never fails on time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import machine, script, write_into_docs  # noqa: E402

SIZES = (20, 200, 2_000)


def ballot_table(tiers: int) -> str:
    """A basis-of-allotment table of ``tiers`` one-lot-apart tiers, pools left to the HK$5m boundary."""
    lines = ["pool,shares_applied,valid_applications,basis"]
    for tier in range(1, tiers + 1):
        applications = 100_000 - tier * 10
        winners = max(1, applications // (10 + tier))
        lines.append(f',{100 * tier},"{applications:,}","{winners:,} out of {applications:,} applicants to receive '
                     "100 H Shares\"")
    return "\n".join(lines) + "\n"


def measure(runs: int) -> dict[int, list[float]]:
    zhipu = script()
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("COLUMNS", None)
    timings: dict[int, list[float]] = {size: [] for size in SIZES}
    with tempfile.TemporaryDirectory() as folder:
        argvs = {}
        for size in SIZES:
            path = Path(folder) / f"tiers{size}.csv"
            path.write_text(ballot_table(size), encoding="utf-8")
            argvs[size] = [zhipu, "ballot", "--table", str(path), "--board-lot", "100", "--price", "116.20"]
        for argv in argvs.values():
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        for _ in range(runs):
            for size, argv in argvs.items():
                start = time.perf_counter()
                subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
                timings[size].append((time.perf_counter() - start) * 1000)
    return timings


def report(timings: dict[int, list[float]], runs: int) -> str:
    small, middle, large = (statistics.median(timings[size]) for size in SIZES)
    ratio = (large - middle) / (middle - small) if middle > small else float("inf")
    lines = [
        f"- Measured {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {runs} runs of each size in turn; "
        f"load average before: {os.getloadavg()[0]:.2f}",
        f"- Machine: {machine()}",
        "",
        "| ballot tiers | median ms (piped table) | / time at 20 |",
        "|---:|---:|---:|",
    ]
    lines += [f"| {size:,} | {statistics.median(timings[size]):.0f} | "
              f"{statistics.median(timings[size]) / small:.2f}x |" for size in SIZES]
    lines += ["", f"(time at 2,000 - time at 200) / (time at 200 - time at 20) = {ratio:.1f} "
                  f"({'met' if ratio <= 15 else 'NOT met'}: at most 15; 10 is linear)"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--docs", action="store_true", help="also write the figures into docs/benchmarks.md")
    options = parser.parse_args()
    text = report(measure(options.runs), options.runs)
    print(text)
    if options.docs:
        write_into_docs("table-benchmark", text)


if __name__ == "__main__":
    main()
