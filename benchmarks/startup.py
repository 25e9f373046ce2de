"""Start-up benchmark: each one-off command's wall time as a ratio to its floor, measured in the same run.

Run:  python benchmarks/startup.py [--runs 40] [--instructions] [--docs]

A floor is the least a command of its kind can cost in Python: ``python -c pass``; the
standard modules a ``--json`` answer needs (``re, decimal, json, dataclasses``, with
``tomllib`` when it reads a preset); Rich imported and a one-cell table printed
(``benchmarks/rich_floor.py``) for a table. Each of --runs rounds runs every floor once, in
turn, then each command beside a run of its own floor: the floor first in one round, the
command first in the next (alternating pairs: the run before a process, a heavy Rich table
say, slows it by a few per cent, and neither side of a pair takes that every time). A
command's ratio is the median over the rounds of its time over its paired floor's, beside
the medians in milliseconds. Budgets (issue 18) are ratios to the floor. This is a report,
not a test: it never fails on time.

With --instructions (valgrind installed), every command and floor is also run once under
valgrind's callgrind with a fixed hash seed, and the instructions it executes are compared
with its floor's: a ratio that is the same on every run of the same code, where the time
ratios move with the machine's load (it leaves out what the time holds beside the CPU's
work: system calls, page faults, the file cache).
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

HERE = Path(__file__).resolve().parent


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


PASS = "python -c pass"
JSON_FLOOR = "floor: re, decimal, json, dataclasses"
TOML_FLOOR = "floor: ... + tomllib"
RICH_FLOOR = "floor: Rich, a one-cell table"


def floors() -> dict[str, list[str]]:
    return {
        PASS: [sys.executable, "-c", "pass"],
        JSON_FLOOR: [sys.executable, "-c", "import re, decimal, json, dataclasses"],
        TOML_FLOOR: [sys.executable, "-c", "import re, decimal, json, dataclasses, tomllib"],
        RICH_FLOOR: [sys.executable, str(HERE / "rich_floor.py")],
    }


#: command -> (arguments, its floor, the budget as a ratio to that floor or None)
def commands() -> dict[str, tuple[list[str], str, float | None]]:
    raise_args = ["raise", "--shares", "37,419,500", "--price", "116.20"]
    return {
        "raise --json": ([*raise_args, "--json"], JSON_FLOOR, 1.15),
        "raise (table)": (raise_args, RICH_FLOOR, 1.10),
        "market-cap --json": (["market-cap", "--shares", "440,230,190", "--price", "120", "--offer-price", "116.20",
                               "--json"], JSON_FLOOR, None),
        "report --preset zhipu --json": (["report", "--preset", "zhipu", "--json"], TOML_FLOOR, 1.25),
        "ballot --preset zhipu --json": (["ballot", "--preset", "zhipu", "--json"], TOML_FLOOR, 1.25),
        "ballot --forecast ... --json": (["ballot", "--forecast", "--public-shares", "7,483,900", "--board-lot", "100",
                                          "--max-price", "116.20", "--regime", "18c", "--multiple", "1159.46x",
                                          "--applications", "204,871", "--exclude", "2513", "--json"], TOML_FLOOR, 1.5),
        "report --preset zhipu (table)": (["report", "--preset", "zhipu"], RICH_FLOOR, 1.35),
        "--version": (["--version"], PASS, 2.0),
        "--help": (["--help"], PASS, None),
        "raise --help (Typer)": (["raise", "--help"], PASS, None),
    }


#: The key of a command's paired floor runs in ``measure``'s timings.
def paired(name: str) -> str:
    return f"{name} (its floor)"


def measure(argvs: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Wall times in ms, by name: each floor once a round, then each command beside its floor (``paired``),
    the floor first in even rounds and the command first in odd ones."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("COLUMNS", None)

    def run(argv: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        return (time.perf_counter() - start) * 1000

    timings: dict[str, list[float]] = {name: [] for name in argvs}
    timings.update({paired(name): [] for name in commands()})
    for _ in range(2):  # warm the file cache and the .pyc files
        for argv in argvs.values():
            run(argv)
    for round_number in range(runs):
        for name in floors():
            timings[name].append(run(argvs[name]))
        for name, (_, floor, _) in commands().items():
            pair = [(paired(name), argvs[floor]), (name, argvs[name])]
            for key, argv in pair if round_number % 2 == 0 else reversed(pair):
                timings[key].append(run(argv))
    return timings


def paired_ratio(samples: list[float], floor: list[float]) -> float:
    """The median over the rounds of a command's time over its floor's time in the same round (or pair)."""
    return statistics.median(mine / base for mine, base in zip(samples, floor))


def report(timings: dict[str, list[float]], runs: int) -> str:
    lines = [
        f"- Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {runs} rounds, each floor once a round and "
        f"each command beside a run of its floor, in alternate order; load average before: {os.getloadavg()[0]:.2f}",
        f"- Machine: {machine()}",
        f"- Versions: {versions()}",
        "",
        "| command | median ms | / `python -c pass` | floor | / floor | budget |",
        "|---|---:|---:|---|---:|---|",
    ]
    for name in floors():
        lines.append(f"| `{name}` | {statistics.median(timings[name]):.1f} | "
                     f"{paired_ratio(timings[name], timings[PASS]):.2f}x |  |  |  |")
    for name, (_, floor, budget) in commands().items():
        ratio = paired_ratio(timings[name], timings[paired(name)])
        verdict = "" if budget is None else f"{'met' if ratio <= budget else 'NOT met'}: <= {budget:.2f}x"
        lines.append(f"| `{name}` | {statistics.median(timings[name]):.1f} | "
                     f"{paired_ratio(timings[name], timings[PASS]):.2f}x | {floor} | {ratio:.2f}x | {verdict} |")
    return "\n".join(lines)


def instructions(argv: list[str], source: str | None = None) -> int:
    """The instructions a run executes (the whole process, start-up included), counted by valgrind's callgrind,
    with ``source`` as its stdin; ``PYTHONHASHSEED`` is fixed, so the same code counts the same every time."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": "0"}
    env.pop("COLUMNS", None)
    with open(source or os.devnull, "rb") as stdin:
        done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv], stdin=stdin,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    found = [line for line in done.stderr.splitlines() if "Collected :" in line]
    if not found:
        sys.exit(f"valgrind did not count {' '.join(argv)}: {done.stderr[-300:]}")
    return int(found[-1].split(":")[-1])


def instruction_report(argvs: dict[str, list[str]]) -> str:
    """Each command's instructions against its floor's, one callgrind run each."""
    if shutil.which("valgrind") is None:
        return "(valgrind is not installed: no instruction counts)"
    counts = {name: instructions(argv) for name, argv in argvs.items()}
    lines = [
        "Instructions executed, one run each under valgrind's callgrind (`--instructions`, PYTHONHASHSEED=0): "
        "the same on every run of the same code; system calls and page faults are not in them.",
        "",
        "| command | instructions | floor | / floor | time budget |",
        "|---|---:|---|---:|---|",
    ]
    for name in floors():
        lines.append(f"| `{name}` | {counts[name]:,} |  |  |  |")
    for name, (_, floor, budget) in commands().items():
        limit = "" if budget is None else f"<= {budget:.2f}x"
        lines.append(f"| `{name}` | {counts[name]:,} | {floor} | {counts[name] / counts[floor]:.3f}x | {limit} |")
    return "\n".join(lines)


def write_into_docs(marker: str, text: str) -> None:
    """Replace the text between <!-- marker --> and <!-- /marker --> in docs/benchmarks.md."""
    readme = HERE.parent / "docs" / "benchmarks.md"
    content = readme.read_text(encoding="utf-8")
    start, end = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    head, _, rest = content.partition(start)
    _, _, tail = rest.partition(end)
    readme.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions each executes, under valgrind (about a minute)")
    parser.add_argument("--docs", action="store_true", help="also write the figures into docs/benchmarks.md")
    options = parser.parse_args()
    zhipu = script()
    argvs = {**floors(), **{name: [zhipu, *argv] for name, (argv, _, _) in commands().items()}}
    text = report(measure(argvs, options.runs), options.runs)
    if options.instructions:
        text = f"{text}\n\n{instruction_report(argvs)}"
    print(text)
    if options.docs:
        write_into_docs("startup-benchmark", text)


if __name__ == "__main__":
    main()
