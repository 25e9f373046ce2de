"""Leave-one-out backtest of `ballot --forecast`: each deal of the dataset forecast from the others.

Run:  python benchmarks/backtest_forecast.py [--json] [--docs]

For every deal with a ballot table (the shipped dataset, calc/forecast_fit.py, which
tests/test_forecast.py keeps equal to the presets) and each variant of the model (with the
valid applications; without them but with the regime; with the multiple alone), the model
is refitted without the deal, as `ballot --forecast --exclude CODE` does, and its forecast
of the one-lot rate set against the table's. The same for the baseline, a constant share of
the crowding measure (with the applications: a constant share of the bound), and for the bound
itself. Printed: per deal the actual rate, each forecast with its 80% interval, and in summary
the median absolute log error (0.69 is a factor of 2) and how often the interval held the rate.
--docs writes the summary into docs/ballot.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zhipu_ipo.calc import forecast_fit  # noqa: E402
from zhipu_ipo.calc.forecast import dataset  # noqa: E402
from zhipu_ipo.calc.forecast_model import Trial, backtest, summary  # noqa: E402

MARKER = "forecast-backtest"


def pct(figure) -> str:
    return f"{figure * 100:.2f}%"


def per_deal(trials: list[Trial]) -> str:
    lines = ["| deal | variant | actual | model (80% interval) | baseline (80% interval) | bound |",
             "|---|---|---:|---:|---:|---:|"]
    keys = sorted({(trial.code, trial.name, trial.variant) for trial in trials},
                  key=lambda key: (key[0], ("applications", "regime", "multiple").index(key[2])))
    for code, name, variant in keys:
        found = {trial.method: trial for trial in trials if (trial.code, trial.variant) == (code, variant)}
        cells = []
        for method in ("model", "baseline"):
            trial = found.get(method)
            cells.append("-" if trial is None else
                         f"{pct(trial.forecast)} ({pct(trial.low)}-{pct(trial.high)}){'' if trial.held else ' missed'}")
        bound = found.get("bound")
        actual = next(iter(found.values())).actual
        lines.append(f"| {code} {name} | {variant} | {pct(actual)} | {cells[0]} | {cells[1]} | "
                     f"{pct(bound.forecast) if bound else ''} |")
    return "\n".join(lines)


def in_summary(trials: list[Trial]) -> str:
    lines = [f"- {forecast_fit.DEALS} deals (fit of {forecast_fit.FITTED_ON}); each forecast by a fit on the others",
             "",
             "| variant | method | deals | median abs. ln error | largest | 80% interval held |",
             "|---|---|---:|---:|---:|---:|"]
    for variant, method, deals, median, largest, held in summary(trials):
        lines.append(f"| {variant} | {method} | {deals} | {median:.3f} | {largest:.3f} | "
                     f"{'-' if held is None else f'{held} of {deals}'} |")
    return "\n".join(lines)


def as_json(trials: list[Trial]) -> dict:
    return {
        "deals": forecast_fit.DEALS, "fitted_on": forecast_fit.FITTED_ON,
        "trials": [{"code": t.code, "name": t.name, "variant": t.variant, "method": t.method,
                    "actual": str(t.actual), "forecast": str(t.forecast),
                    "low": None if t.low is None else str(t.low), "high": None if t.high is None else str(t.high),
                    "log_error": str(t.log_error), "held": t.held} for t in trials],
        "summary": [{"variant": v, "method": m, "deals": n, "median_abs_log_error": str(e),
                     "largest_abs_log_error": str(x), "held": h} for v, m, n, e, x, h in summary(trials)],
    }


def write_into_docs(text: str) -> None:
    page = ROOT / "docs" / "ballot.md"
    content = page.read_text(encoding="utf-8")
    start, end = f"<!-- {MARKER} -->", f"<!-- /{MARKER} -->"
    head, found, rest = content.partition(start)
    if not found:
        sys.exit(f"docs/ballot.md has no {start} marker")
    _, _, tail = rest.partition(end)
    page.write_text(f"{head}{start}\n{text}\n{end}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the trials and the summary as JSON")
    parser.add_argument("--docs", action="store_true", help="also write the figures into docs/ballot.md")
    options = parser.parse_args()
    trials = backtest(dataset())
    if options.json:
        print(json.dumps(as_json(trials), indent=1))
        return
    text = in_summary(trials) + "\n\n" + per_deal(trials)
    print(text)
    if options.docs:
        write_into_docs(text)


if __name__ == "__main__":
    main()
