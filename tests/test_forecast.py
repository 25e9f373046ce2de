"""`ballot --forecast`: the odds before the results, from a fit of the shipped tables; its refusals; its backtest."""

from __future__ import annotations

import json
import runpy
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import invoke
from zhipu_ipo.calc import forecast_fit
from zhipu_ipo.calc.forecast import STANDARD_LADDER_LOTS, dataset, standard_ladder

ROOT = Path(__file__).resolve().parent.parent
ZHIPU = ("ballot", "--forecast", "--public-shares", "7,483,900", "--board-lot", "100", "--max-price", "116.20",
         "--multiple", "1159.46x")
TIER_KEYS = {"source", "pool", "shares_applied", "lots_applied", "p_at_least_one_lot", "p_at_least_one_lot_low",
             "p_at_least_one_lot_high", "expected_lots", "expected_lots_low", "expected_lots_high"}


def forecast(*args: str) -> dict:
    run = invoke(*args, "--json")
    assert run.code == 0, run.stderr
    return run.json()


@pytest.mark.parametrize("extra, model", [
    (("--regime", "18c", "--applications", "204,871"), "applications"),
    (("--applications", "204,871"), "applications"),
    (("--regime", "18c"), "regime"),
    ((), "multiple"),
])
def test_zhipu_forecast_without_its_table(extra, model):
    answer = forecast(*ZHIPU, *extra, "--exclude", "2513")
    result = answer["result"]
    assert result["model"] == model
    assert result["fit_deals"] == len([row for row in forecast_fit.DATASET if row[9] != "1"]) - 1
    assert "02513" in result["fit_excluded"]
    low, rate, high = (Decimal(result[key]) for key in ("one_lot_rate_low", "one_lot_rate", "one_lot_rate_high"))
    assert 0 < low < rate < high <= 100
    assert "forecast" in result["forecast"] and "model" in answer["assumptions"]
    assert "one_lot_rate" in answer["assumptions"]["rounded"]
    tiers = result["tiers"]
    assert {key for tier in tiers for key in tier} == TIER_KEYS
    assert tiers[0]["shares_applied"] == 100 and tiers[0]["p_at_least_one_lot"] == result["one_lot_rate"]
    for tier in tiers:  # each figure inside its interval, probabilities rising with the size
        assert Decimal(tier["p_at_least_one_lot_low"]) <= Decimal(tier["p_at_least_one_lot"]) \
            <= Decimal(tier["p_at_least_one_lot_high"]) <= 100
        assert Decimal(tier["expected_lots_low"]) <= Decimal(tier["expected_lots"]) <= tier["lots_applied"]
    p = [Decimal(tier["p_at_least_one_lot"]) for tier in tiers]
    assert p == sorted(p)
    if model == "regime":  # the largest application is the initial pool: 1,871,000 / 2 at Zhipu, within a lot
        assert abs(tiers[-1]["shares_applied"] - 935_500) <= 100


def test_the_exclusion_changes_the_fit_and_a_code_is_written_either_way():
    shipped = forecast(*ZHIPU, "--applications", "204,871")["result"]
    assert shipped["fit_deals"] == len([row for row in forecast_fit.DATASET if row[9] != "1"])
    assert "fit_excluded" not in shipped
    five = forecast(*ZHIPU, "--applications", "204,871", "--exclude", "02513")["result"]
    four = forecast(*ZHIPU, "--applications", "204,871", "--exclude", "2513")["result"]
    assert five == four and four["one_lot_rate"] != shipped["one_lot_rate"]


def test_a_preset_forecasts_without_its_table_and_leaves_itself_out_of_the_fit():
    answer = forecast("ballot", "--preset", "zhipu", "--forecast")
    result = answer["result"]
    assert "02513" in result["fit_excluded"]  # as if before Zhipu's results
    assert answer["inputs"]["code"] == "2513" and "exclude" not in answer["inputs"] and "table" not in answer["inputs"]
    assert result["multiple"] == "1159.46" and result["regime"] == "18c"
    plain = forecast("ballot", "--preset", "zhipu")["result"]  # without --forecast: the table, unchanged
    assert plain["one_lot_rate"] == "5.000053845077" and "model" not in plain


@pytest.mark.parametrize("args, words", [
    (("--table", str(ROOT / "zhipu_ipo" / "presets" / "ballot" / "zhipu.csv")), "give no --table"),
    (("--apply", "100+100"), "--apply needs --table"),
    (("--exclude", "9999"), "--exclude 9999: no deal of that code"),
    (("--exclude", "25x3"), "not a stock code"),
])
def test_forecast_refusals(args, words):
    run = invoke(*ZHIPU, *args)
    assert run.code == 2 and run.stdout == ""
    assert words in run.stderr and len(run.stderr.splitlines()) == 1


def test_forecast_needs_the_multiple():
    run = invoke("ballot", "--forecast", "--public-shares", "7,483,900", "--board-lot", "100", "--max-price", "116.20")
    assert run.code == 2 and run.stdout == ""
    assert "give --multiple" in run.stderr and len(run.stderr.splitlines()) == 1


def test_forecast_options_need_forecast():
    run = invoke("ballot", "--public-shares", "7,483,900", "--board-lot", "100", "--applications", "204,871",
                 "--multiple", "1159.46x")
    assert run.code == 2 and "--multiple goes with --forecast" in run.stderr


def test_too_few_deals_left_is_refused():
    codes = ",".join(row[0] for row in forecast_fit.DATASET)
    run = invoke(*ZHIPU, "--applications", "204,871", "--exclude", codes)
    assert run.code == 2 and "needs at least" in run.stderr


def test_the_shipped_fit_is_the_fit_of_the_presets():
    """Fails when a preset with a ballot table was added or changed: run python benchmarks/fit_forecast.py."""
    generator = runpy.run_path(str(ROOT / "benchmarks" / "fit_forecast.py"), run_name="fit_forecast")
    deals = generator["observations"]()
    assert len(deals) == forecast_fit.DEALS, "stale: run python benchmarks/fit_forecast.py"
    assert deals == dataset(), "stale: run python benchmarks/fit_forecast.py"
    text = generator["render"](deals, forecast_fit.FITTED_ON)
    assert text == (ROOT / "zhipu_ipo" / "calc" / "forecast_fit.py").read_text(encoding="utf-8"), \
        "stale: run python benchmarks/fit_forecast.py"


def test_every_preset_with_a_table_is_in_the_dataset():
    from zhipu_ipo.deal import load_preset, preset_names

    with_table = {load_preset(name).code.zfill(5) for name in preset_names()
                  if load_preset(name).get("ballot.table") is not None}
    assert with_table == {row[0] for row in forecast_fit.DATASET}


def test_the_standard_ladder_ends_at_the_largest_application():
    assert standard_ladder(100, 935_500)[:12] == (100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000)
    assert standard_ladder(100, 935_500)[-1] == 935_500
    assert list(STANDARD_LADDER_LOTS) == sorted(set(STANDARD_LADDER_LOTS))


def test_the_standard_ladder_is_the_one_docs_ballot_md_states_step_by_step():
    """1-10 lots, 15-50 by 5, 60-100 by 10, 200-1,000 by 100, 1,500-5,000 by 500, 6,000-10,000 by 1,000, ...
    (a step of 501 instead of 500 left every other test passing: mutation seed 2026)."""
    lots = list(STANDARD_LADDER_LOTS)
    assert lots[:23] == [*range(1, 11), 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100]
    assert [size for size in lots if 100 < size <= 10_000] == [
        200, 300, 400, 500, 600, 700, 800, 900, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000,
        6000, 7000, 8000, 9000, 10000]
    assert lots[-1] == 1_000_000 and 150_000 in lots and 145_000 not in lots


def test_the_backtest_prints_each_deal_and_the_summary():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "backtest_forecast.py"), "--json"],
                          capture_output=True, text=True, timeout=120, check=True)
    answer = json.loads(done.stdout)
    assert answer["deals"] == forecast_fit.DEALS
    methods = {(row["variant"], row["method"]) for row in answer["summary"]}
    assert methods == {("applications", "model"), ("applications", "baseline"), ("applications", "bound"),
                       ("regime", "model"), ("regime", "baseline"), ("multiple", "model"), ("multiple", "baseline")}
    for row in answer["summary"]:
        assert row["deals"] == forecast_fit.DEALS and Decimal(row["median_abs_log_error"]) >= 0
        assert (row["held"] is None) == (row["method"] == "bound")
    codes = {trial["code"] for trial in answer["trials"]}
    assert codes == {row[0] for row in forecast_fit.DATASET}
    for trial in answer["trials"]:
        if trial["held"] is not None:
            assert trial["held"] == (Decimal(trial["low"]) <= Decimal(trial["actual"]) <= Decimal(trial["high"]))
    table = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "backtest_forecast.py")],
                           capture_output=True, text=True, timeout=120, check=True).stdout
    assert "| applications | model |" in table and "80% interval held" in table


def test_a_forecast_json_loads_no_preset():
    """Start-up: the forecast reads the shipped fit, not the presets (nor the table reader, nor Rich)."""
    code = ("import sys; from zhipu_ipo.launcher import main\n"
            "try: main(sys.argv[1:])\nexcept SystemExit: pass\n"
            "print(sorted(m for m in ('zhipu_ipo.deal', 'zhipu_ipo.calc.ballot_table', 'rich', 'typer', "
            "'tomllib') if m in sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, *ZHIPU, "--applications", "204,871", "--exclude", "2513",
                           "--json"], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip() == "[]"
    assert json.loads(done.stdout)["result"]["model"] == "applications"


def test_done_when_the_model_beats_the_baseline_and_its_intervals_hold():
    """Issue 20, done when: in the leave-one-out backtest the model's median absolute ln error is below the
    baseline's in each variant (with the applications, with the regime, with the multiple alone), and its 80%
    intervals hold the actual one-lot rate for at least 70% of the deals in each."""
    from zhipu_ipo.calc.forecast_model import VARIANTS, backtest, summary

    rows = {(variant, method): (deals, median, held)
            for variant, method, deals, median, _, held in summary(backtest(dataset()))}
    for variant in VARIANTS:
        deals, median, held = rows[variant, "model"]
        assert deals == forecast_fit.DEALS
        assert median < rows[variant, "baseline"][1], variant
        assert held is not None and held * 10 >= deals * 7, variant
