"""`ballot --forecast` after review: the deal's own code always out of the fit, --exclude repeatable, no forecast at
or below 1x, a forecast's CSV says so, a deal without [ballot] forecast, impossible inputs and unused options refused,
the ladder to half the initial tranche, a tranche in whole lots."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import invoke

from zhipu_ipo import api

ZHIPU = ("ballot", "--forecast", "--public-shares", "7,483,900", "--board-lot", "100", "--max-price", "116.20",
         "--multiple", "1159.46x")
PRESET = ("ballot", "--forecast", "--preset", "zhipu")


def answer(*args: str) -> dict:
    run = invoke(*args, "--json")
    assert run.code == 0, run.stderr
    return run.json()


def refused(*args: str, code: int = 2) -> str:
    run = invoke(*args)
    assert run.code == code and run.stdout == "", (run.code, run.stdout, run.stderr)
    assert len(run.stderr.splitlines()) == 1 and "Traceback" not in run.stderr
    return run.stderr


# 1. The preset's own deal stays out of the fit when --exclude is given: the codes given add to it.
def test_exclude_on_a_preset_adds_to_the_deals_own_code():
    run = invoke(*PRESET, "--exclude", "100", "--json")
    assert run.code == 0 and "overrides" not in run.stderr
    result = run.json()["result"]
    assert result["fit_deals"] == 31
    assert result["fit_excluded"] == "00100 MiniMax Group, 02513 Knowledge Atlas Technology (Zhipu)"
    assert result["one_lot_rate"] == "5.269448448886"
    alone = answer(*PRESET)["result"]
    assert alone["fit_deals"] == 32 and alone["fit_excluded"] == "02513 Knowledge Atlas Technology (Zhipu)"


# 2. --exclude repeats, on the command line and in the API; a batch line takes an array.
def test_exclude_is_repeatable():
    twice = answer(*ZHIPU, "--exclude", "100", "--exclude", "2513")["result"]
    joined = answer(*ZHIPU, "--exclude", "100,2513")["result"]
    assert twice == joined
    assert twice["fit_deals"] == 31 and twice["one_lot_rate"] == "3.185251595689"
    assert twice["fit_excluded"] == "00100 MiniMax Group, 02513 Knowledge Atlas Technology (Zhipu)"
    assert api.ballot(forecast=True, preset="zhipu", exclude=["100", "2513"]).result.fit_deals == 31
    assert api.ballot(forecast=True, preset="zhipu", exclude="100").result.fit_deals == 31


def test_a_batch_line_takes_exclude_as_an_array():
    line = json.dumps({"command": "ballot", "preset": "zhipu", "exclude": ["100", "2513"]})
    error = json.loads(invoke("batch", input=line + "\n").stdout)["error"]
    assert "exclude" in error and "forecast" in error and "array" not in error and "string" not in error


# 3. At or below 1x there is no ballot; below the dataset's smallest multiple the forecast says it extrapolates.
@pytest.mark.parametrize("multiple", ["0.5x", "1"])
def test_no_forecast_at_or_below_one_times(multiple):
    stderr = refused("ballot", "--forecast", "--public-shares", "7,483,900", "--board-lot", "100", "--max-price",
                     "116.20", "--multiple", multiple, "--sizes", "100+100,000", code=1)
    assert "not oversubscribed" in stderr and "allotted in full" in stderr


def test_a_multiple_below_the_datasets_says_it_extrapolates():
    run = answer("ballot", "--forecast", "--public-shares", "7,483,900", "--board-lot", "100", "--max-price",
                 "116.20", "--multiple", "3x")
    assert "below the smallest, 5.63x" in run["assumptions"]["extrapolated"]
    assert "extrapolated" not in answer(*ZHIPU)["assumptions"]


# 4. The CSV of a forecast says it is one, in a column at the end; the table's says "table".
def test_forecast_csv_says_forecast():
    run = invoke(*PRESET, "--csv")
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    header = run.stdout.splitlines()[0].split(",")
    assert header[-1] == "source" and {row["source"] for row in rows} == {"forecast"}
    for name in ("p_at_least_one_lot", "expected_lots"):
        assert f"{name}_low" in header and f"{name}_high" in header
    assert rows[0]["p_at_least_one_lot"] == "5.007758562782" and rows[0]["p_at_least_one_lot_low"] == "1.477092970582"
    table = invoke("ballot", "--preset", "zhipu", "--csv").stdout
    assert table.splitlines()[0].endswith(",amount_payable,source")
    assert {row["source"] for row in csv.DictReader(io.StringIO(table))} == {"table"}


# 5. A deal without [ballot]: the final tranche as oversubscription works it out, the deal's multiple.
@pytest.mark.parametrize("preset", ["seer", "horizon", "hengrui", "sany"])
def test_a_deal_without_ballot_is_forecast_from_its_final_tranche(preset):
    result = answer("ballot", "--forecast", "--preset", preset)["result"]
    over = answer("oversubscription", "--preset", preset)
    assert result["public_shares"] == over["result"]["public_final_shares"]
    assert result["multiple"] == over["inputs"]["multiple"]
    assert result["tiers"][-1]["shares_applied"] == over["inputs"]["offered"] // 2 // result["board_lot"] * result[
        "board_lot"]


def test_seer_forecast_figures():
    result = answer("ballot", "--forecast", "--preset", "seer")["result"]
    assert (result["public_shares"], result["multiple"], result["board_lot"], result["max_price"]) == (
        2099500, "5934.56", 50, "101.60")
    assert result["tiers"][-1]["shares_applied"] == 262450


# 6. Impossible sizes and applications.
def test_a_size_above_the_largest_application_is_refused():
    assert "--sizes 10,000,000 is more than the largest valid application, 935,500" in refused(
        *PRESET, "--sizes", "10,000,000")
    assert "the public tranche 7,483,900" in refused(*ZHIPU, "--sizes", "10,000,000")
    assert "is more than" in refused(*ZHIPU, "--sizes", "7,484,000")
    assert answer(*ZHIPU, "--sizes", "7,483,900")["result"]["tiers"][0]["shares_applied"] == 7483900


def test_a_deal_files_size_above_the_largest_is_refused_by_its_key(tmp_path):
    path = tmp_path / "deal.toml"
    path.write_text('[ipo]\nname = "Test"\ncurrency = "HKD"\n\n[offer]\nboard_lot = 100\nmax_price = "116.20"\n'
                    'application_sizes = ["100", "10,000,000"]\n\n[public]\ninitial_shares = "1,871,000"\n'
                    'multiple = "1159.46"\n\n[ballot]\npublic_shares = "7,483,900"\n', encoding="utf-8")
    stderr = refused("ballot", "--forecast", "--file", str(path))
    assert "[offer] application_sizes" in stderr and "10,000,000 is more than the largest" in stderr


def test_more_applications_than_lots_applied_for_is_refused():
    stderr = refused(*PRESET, "--applications", "10,000,000,000,000")
    assert stderr.startswith("zhipu-ipo: error: --applications 10,000,000,000,000 is more than the lots applied for")
    refused(*ZHIPU, "--applications", "86,772,827")  # 1159.46 x 7,483,900 / 100 = 86,772,826.94
    assert answer(*ZHIPU, "--applications", "86,772,826")["result"]["applications"] == 86772826


# 7. Options the forecast does not use are refused; a tranche that is not pool A + pool B too.
@pytest.mark.parametrize("option, value", [("--fee-schedule", "hkex-2014"), ("--fee-rounding", "total"),
                                           ("--price", "1")])
def test_options_the_forecast_does_not_use_are_refused(option, value):
    assert f"{option}" in refused(*PRESET, option, value)
    assert f"{option}" in refused(*ZHIPU, option, value)


def test_price_without_a_maximum_is_the_maximum():
    result = answer("ballot", "--forecast", "--public-shares", "7,483,900", "--board-lot", "100", "--price",
                    "116.20", "--multiple", "1159.46x")["result"]
    assert result["max_price"] == "116.20" and result["one_lot_rate"] == answer(*ZHIPU)["result"]["one_lot_rate"]


def test_a_public_tranche_other_than_the_pools_is_refused():
    stderr = refused("ballot", "--forecast", "--pool-a", "3,742,000", "--pool-b", "3,741,900", "--public-shares", "1",
                     "--board-lot", "100", "--max-price", "116.20", "--multiple", "1159.46x")
    assert "--public-shares 1 is not --pool-a 3,742,000 + --pool-b 3,741,900" in stderr


# 8. The default ladder ends at half the initial tranche: the table's top tier.
def test_the_ladder_ends_at_half_the_initial_tranche():
    tiers = answer(*PRESET)["result"]["tiers"]
    table = answer("ballot", "--preset", "zhipu")["result"]["tiers"]
    assert tiers[-1]["shares_applied"] == table[-1]["shares_applied"] == 935500
    assert answer(*ZHIPU, "--offered", "1,871,000")["result"]["tiers"][-1]["shares_applied"] == 935500


# 9. A tranche in whole lots, and a forecast with at least one tier.
def test_a_one_lot_tranche_has_no_ballot_to_forecast():
    stderr = refused("ballot", "--public-shares", "100", "--board-lot", "100", "--max-price", "10", "--multiple",
                     "50x", "--forecast")
    assert "no application size to forecast" in stderr and "less than one board lot" in stderr


@pytest.mark.parametrize("forecast", [("--forecast", "--max-price", "10", "--multiple", "50x"),
                                      ("--applications", "10",)])
def test_a_tranche_not_in_whole_lots_is_refused(forecast):
    stderr = refused("ballot", "--public-shares", "150", "--board-lot", "100", *forecast)
    assert "--public-shares 150 is not a whole number of board lots of 100" in stderr


# 10. A multiple of zero.
def test_a_multiple_of_zero_must_be_greater_than_zero():
    assert "--multiple 0 must be greater than zero" in refused(*PRESET, "--multiple", "0")


def test_the_standard_ladder_is_the_one_docs_ballot_md_states_to_its_last_rung():
    """Read from the page's words, not from the code: every rung up to 1,000,000 lots (a tranche large enough for
    the whole ladder), then the largest application itself (a mutant of mutants.py --seed 2412 moved a rung)."""
    import re
    from pathlib import Path

    page = (Path(__file__).parent.parent / "docs" / "ballot.md").read_text(encoding="utf-8")
    stated = " ".join(page.split("standard ladder: ", 1)[1].split("(the sizes common")[0].split())
    lots: list[int] = []
    for low, high, step in re.findall(r"([\d,]+)-([\d,]+)(?: by ([\d,]+))?", stated):
        lots += range(int(low.replace(",", "")), int(high.replace(",", "")) + 1, int((step or "1").replace(",", "")))
    assert lots[:12] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20] and lots[-1] == 1_000_000
    tiers = invoke("ballot", "--forecast", "--public-shares", "4,000,000,000", "--offered", "4,000,000,000",
                   "--board-lot", "1", "--max-price", "1", "--multiple", "100x", "--json").json()["result"]["tiers"]
    assert [tier["lots_applied"] for tier in tiers] == lots + [2_000_000_000]
