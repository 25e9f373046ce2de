"""Start-up benchmark: wall time of one-off calculations, as ratios to ``python -c pass``.

Run:  python benchmarks/startup.py [--runs 40]

Every command is run --runs times, interleaved round-robin so that a slow
moment of the machine hits all of them alike; the report gives the median and
minimum in milliseconds and each median as a ratio to the ``python -c pass``
median of the same run. Budgets (issue 2): --json at most 60 ms, a table at
most 90 ms (medians). This is a report, not a test: it never fails on time.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path


def script() -> str:
    beside = Path(sys.executable).parent / "zhipu-ipo"
    found = str(beside) if beside.exists() else shutil.which("zhipu-ipo")
    if not found:
        sys.exit("zhipu-ipo is not installed in this environment: pip install .")
    return found


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def versions() -> str:
    from importlib.metadata import version

    return ", ".join(f"{name} {version(name)}" for name in ("zhipu-ipo", "typer", "rich"))


def cases(zhipu: str) -> dict[str, list[str]]:
    raise_args = ["raise", "--shares", "37,419,500", "--price", "116.20"]
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "raise --json": [zhipu, *raise_args, "--json"],
        "raise (table)": [zhipu, *raise_args],
        "market-cap --json": [zhipu, "market-cap", "--shares", "440,230,190", "--price", "120",
                              "--offer-price", "116.20", "--json"],
        "raise --help (Typer path)": [zhipu, "raise", "--help"],
    }


BUDGETS_MS = {"raise --json": 60, "market-cap --json": 60, "raise (table)": 90}


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in commands}
    env = {**os.environ, "NO_COLOR": "1"}
    for _ in range(3):  # warm the file cache and the .pyc files
        for argv in commands.values():
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    for _ in range(runs):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
            timings[name].append((time.perf_counter() - start) * 1000)
    return timings


def report(timings: dict[str, list[float]], runs: int) -> str:
    baseline = statistics.median(timings["python -c pass"])
    lines = [
        f"- Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {runs} runs of each command",
        f"- Machine: {machine()}",
        f"- Versions: {versions()}",
        "",
        "| command | median ms | min ms | median / `python -c pass` | budget |",
        "|---|---:|---:|---:|---|",
    ]
    for name, samples in timings.items():
        median = statistics.median(samples)
        budget = BUDGETS_MS.get(name)
        verdict = "" if budget is None else f"{'within' if median <= budget else 'OVER'} {budget} ms"
        lines.append(f"| `{name}` | {median:.1f} | {min(samples):.1f} | {median / baseline:.2f}x | {verdict} |")
    return "\n".join(lines)


def write_into_docs(marker: str, text: str) -> None:
    """Replace the text between <!-- marker --> and <!-- /marker --> in docs/benchmarks.md."""
    readme = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
    content = readme.read_text(encoding="utf-8")
    start, end = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    head, _, rest = content.partition(start)
    _, _, tail = rest.partition(end)
    readme.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--docs", action="store_true", help="also write the figures into docs/benchmarks.md")
    options = parser.parse_args()
    text = report(measure(cases(script()), options.runs), options.runs)
    print(text)
    if options.docs:
        write_into_docs("startup-benchmark", text)


if __name__ == "__main__":
    main()
