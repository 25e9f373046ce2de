"""Batch throughput: `zhipu-ipo batch` rows per second on a realistic mix, against a minimal loop.

Run:  python benchmarks/batch_throughput.py [--rows 100000] [--repeat 5] [--instructions] [--docs]

Writes --rows distinct requests to a temporary JSON Lines file: a mix of
`raise`, `market-cap`, `oversubscription`, `greenshoe`, `entry-fee`, `sell` and a
`raise` line naming `"preset": "zhipu"`, with the number forms people type
(commas, 億, bn, m, %, x, HK$), every row a different figure. Then times, each as a fresh process reading that file and
writing to /dev/null:

- `zhipu-ipo batch` with its default worker count (one per core), and with --jobs 1;
- the minimal loop: for each line json.loads, one Decimal multiply, json.dumps
  (the script is MINIMAL_LOOP below): the floor a Python batch cannot beat.

They are run in rounds, each round running each of them once in turn (--repeat rounds);
reported are each one's median rows/s and the median over the rounds of its ratio to
the minimal loop of the same round (the machine's load then weighs on both sides of a
ratio alike). With --instructions (valgrind installed), the
minimal loop and `batch --jobs 1` are also run once each under valgrind's callgrind,
and the instructions they execute are compared: a figure that the machine's noise
does not move (the time ratio on a shared two-core machine moves by a tenth from run
to run), though not a time (an instruction of the interpreter's loop and one of
json's C code take different times). Then, in this process, the cost of turning
each row's answer into a line: `envelope.json_line` (a writer made once per result
type, from the outcome) against the public json API on the built envelope
(`json.dumps` with separators, a new encoder per call, and a precompiled
`json.JSONEncoder(separators=...)` instance), beside the whole cost of a row
(`batch.run_line`). A report, not a test: it never fails on time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import instructions, machine, script, versions, write_into_docs  # noqa: E402

MINIMAL_LOOP = """
import json, sys
from decimal import Decimal
write = sys.stdout.write
for line in sys.stdin:
    request = json.loads(line)
    gross = Decimal(request["shares"]) * Decimal(request["price"])
    write(json.dumps({"gross_proceeds": str(gross)}) + "\\n")
"""


def row(index: int) -> dict[str, object]:
    """Request number ``index`` of the mix: seven kinds of line in turn, each with typed number forms
    (``37,419,500``, ``4.3bn``, ``43億``, ``15%``, ``HK$116.20``, ``37.4m``, ``1159.46x``) and one naming a preset."""
    cents = f"{100 + index % 900}.{index % 100:02d}"
    kind = index % 7
    if kind == 0:
        return {"command": "raise", "shares": f"{37_419_500 + index:,}", "price": cents}
    if kind == 1:
        shares = f"{43 + index % 1000 / 100:.2f}億" if index % 2 else f"{4.3 + index % 1000 / 1000:.3f}bn"
        return {"command": "market-cap", "shares": shares, "price": f"HK${cents}", "offer_price": "116.20"}
    if kind == 2:
        return {"command": "oversubscription", "total_offer": f"{37_419_500 + index:,}", "offered": "1,871,000",
                "multiple": f"{100 + index % 2000}.46x", "regime": "18c", "board_lot": 100, "price": cents}
    if kind == 3:
        return {"command": "greenshoe", "shares": f"{37.4 + index % 1000 / 1000:.3f}m", "pct": f"{index % 15 + 1}%",
                "price": cents, "board_lot": 100}
    if kind == 4:
        return {"command": "entry-fee", "price": f"HK${cents}", "board_lot": 100 * (1 + index % 10)}
    if kind == 5:
        return {"command": "sell", "shares": f"{100 * (1 + index % 50):,}", "price": f"HK${cents}",
                "date": "2026-01-08", "offer_price": "116.20"}
    return {"command": "raise", "preset": "zhipu", "price": f"HK${cents}",
            "expenses": f"{0.1 + index % 1000 / 10_000:.4f}bn"}


MIX = ("a mix of `raise`, `market-cap`, `oversubscription`, `greenshoe`, `entry-fee`, `sell` and `raise` with "
       "`\"preset\": \"zhipu\"` in turn, typed as people type (`37,419,500`, `4.3bn`, `43億`, `15%`, `HK$116.20`, "
       "`37.4m`, `1159.46x`)")


def make_input(rows: int, folder: str) -> str:
    path = os.path.join(folder, "mix.jsonl")
    with open(path, "w", encoding="utf-8") as handle:
        for index in range(rows):
            handle.write(json.dumps(row(index), ensure_ascii=False) + "\n")
    return path


def timed(argv: list[str], source: str) -> float:
    with open(source, "rb") as stdin, open(os.devnull, "wb") as devnull:
        start = time.perf_counter()
        done = subprocess.run(argv, stdin=stdin, stdout=devnull, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed (exit {done.returncode}): a row of the mix is refused")
    return seconds


def best_per_row(functions: dict[str, Callable[[], object]], count: int, repeat: int) -> dict[str, float]:
    """Each function (handling ``count`` rows) timed ``repeat`` times, interleaved: the best, in µs per row."""
    best = {name: float("inf") for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: seconds / count * 1e6 for name, seconds in best.items()}


def encoder_costs(rows: int, repeat: int) -> list[str]:
    """Microseconds per row: the whole batch row, and each public way to write its envelope as a line."""
    from zhipu_ipo import batch
    from zhipu_ipo.registry import compute
    from zhipu_ipo.envelope import json_line, to_json_dict

    lines = [json.dumps(row(index), ensure_ascii=False) for index in range(rows)]
    outcomes = [compute(*batch.parse_request(line)) for line in lines]
    envelopes = [to_json_dict(outcome) for outcome in outcomes]
    precompiled = json.JSONEncoder(separators=(",", ":")).encode
    assert all(precompiled(envelope) == json.dumps(envelope, separators=(",", ":")) for envelope in envelopes)
    assert all(json_line(outcome) == precompiled(envelope) for outcome, envelope in zip(outcomes, envelopes))
    whole = best_per_row({"row": lambda: [batch.run_line(line) for line in lines]}, rows, repeat)["row"]
    costs = best_per_row({
        "`envelope.json_line(outcome)`: the same text from the outcome, by a writer made once per result type "
        "(what batch does; the envelope is not built)":
            lambda: [json_line(outcome) for outcome in outcomes],
        "`json.dumps(envelope, separators=(\",\", \":\"))`: a new `JSONEncoder` each call":
            lambda: [json.dumps(item, separators=(",", ":")) for item in envelopes],
        "`encoder.encode(envelope)`: one `json.JSONEncoder(separators=(\",\", \":\"))` made once":
            lambda: [precompiled(item) for item in envelopes],
        "`json.dumps(envelope)`: the shared default encoder, not compact (for reference)":
            lambda: [json.dumps(item) for item in envelopes],
        "making a `json.JSONEncoder(separators=...)` alone (what the first pays on top)":
            lambda: [json.JSONEncoder(separators=(",", ":")) for _ in envelopes],
    }, rows, 3 * repeat)
    table = [
        "",
        f"Writing a row's answer as a line, in one process ({rows:,} rows of the mix, best of "
        f"{3 * repeat}, interleaved); a whole row (`batch.run_line`: decode, parse, compute, envelope, encode) "
        f"takes {whole:.1f} µs:",
        "",
        "| encoding | µs per row | share of a whole row |",
        "|---|---:|---:|",
    ]
    table += [f"| {name} | {cost:.2f} | {cost / whole:.1%} |" for name, cost in costs.items()]
    return table


SOURCES: dict[str, str] = {}


def instruction_counts(commands: dict[str, list[str]], rows: int) -> list[str]:
    """The minimal loop and `batch --jobs 1`, each counted once under callgrind: instructions per row and their
    ratio (the same figure on every run of the same code, where the time ratio moves with the machine's load)."""
    if shutil.which("valgrind") is None:
        return ["", "(valgrind is not installed: no instruction counts)"]
    loop, serial = list(commands.values())[0], list(commands.values())[2]
    floor, batch = instructions(loop, SOURCES["minimal"]), instructions(serial, SOURCES["mix"])
    return [
        "",
        f"Instructions executed (valgrind's callgrind, one run each, start-up included): the minimal loop "
        f"{floor:,} ({floor / rows:,.0f} a row), `batch --jobs 1` {batch:,} ({batch / rows:,.0f} a row): "
        f"a ratio of {floor / batch:.3f}.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--docs", action="store_true", help="also write the figures into docs/benchmarks.md")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions each executes, under valgrind (slow: minutes)")
    options = parser.parse_args()
    load = os.getloadavg()[0]
    zhipu = script()
    commands = {
        "minimal loop (json.loads, Decimal multiply, json.dumps)": [sys.executable, "-c", MINIMAL_LOOP],
        f"zhipu-ipo batch (default: {min(os.cpu_count() or 1, 8)} workers)": [zhipu, "batch"],
        "zhipu-ipo batch --jobs 1": [zhipu, "batch", "--jobs", "1"],
    }
    with tempfile.TemporaryDirectory() as folder:
        source = make_input(options.rows, folder)
        minimal_source = os.path.join(folder, "minimal.jsonl")
        SOURCES.update(mix=source, minimal=minimal_source)
        with open(minimal_source, "w", encoding="utf-8") as handle:  # the loop reads shares and price as numbers
            for index in range(options.rows):
                handle.write(f'{{"command": "raise", "shares": "{1_000_000 + index * 7}", '
                             f'"price": "{1 + index % 500}.{index % 100:02d}"}}\n')
        seconds: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(options.repeat):
            for name, argv in commands.items():
                seconds[name].append(timed(argv, minimal_source if argv[0] == sys.executable else source))
        counted = instruction_counts(commands, options.rows) if options.instructions else []
    floor = seconds[next(iter(commands))]
    lines = [
        f"- Measured {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC: {options.rows:,} distinct rows, {MIX}; "
        f"{options.repeat} rounds, each running each command once in turn, a fresh process reading a file and writing to "
        "/dev/null; medians",
        f"- Machine: {machine()}; load average before: {load:.2f}",
        f"- Versions: {versions()}",
        "",
        "| run | rows/s (median) | ratio to the minimal loop (median of the rounds) | ratios of the rounds |",
        "|---|---:|---:|---|",
    ]
    for name, times in seconds.items():
        ratios = [base / mine for mine, base in zip(times, floor)]
        lines.append(f"| {name} | {options.rows / statistics.median(times):,.0f} | {statistics.median(ratios):.3f} | "
                     f"{', '.join(f'{ratio:.2f}' for ratio in ratios)} |")
    lines += counted
    lines += encoder_costs(min(options.rows, 20_000), options.repeat)
    text = "\n".join(lines)
    print(text)
    if options.docs:
        write_into_docs("batch-benchmark", text)


if __name__ == "__main__":
    main()
