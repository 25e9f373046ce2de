"""--price LOW..HIGH on raise, market-cap and entry-fee: low, mid and high rows, exact, and the price revision.

Zhipu's counts (37,419,500 offer shares, 440,230,190 in issue; tests/cases/hk_ipo_public_cases.json) with the
range of issue 13's example, HK$108.00..116.20 (the final price HK$116.20 is the high end).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from conftest import invoke, run_installed

from zhipu_ipo.calc.price_range import scenario_prices


def test_raise_low_mid_high_exact():
    run = invoke("raise", "--shares", "37,419,500", "--price", "108.00..116.20", "--json")
    assert run.code == 0 and run.stderr == ""
    data = run.json()
    assert data["inputs"]["price"] == "108.00..116.20"
    result = data["result"]
    assert (result["price_low"], result["price_mid"], result["price_high"]) == ("108.00", "112.10", "116.20")
    rows = result["scenarios"]
    assert [row["scenario"] for row in rows] == ["low", "mid", "high"]
    assert [row["gross_proceeds"] for row in rows] == ["4041306000.00", "4194725950.00", "4348145900.00"]
    assert all(row["shares"] == 37419500 for row in rows)
    assert "mid = (low + high) / 2, exact" in data["assumptions"]["scenarios"]


def test_an_odd_cent_mid_is_exact_and_said_so():
    data = invoke("market-cap", "--shares", "440,230,190", "--price", "108.00..116.21", "--json").json()
    result = data["result"]
    assert result["price_mid"] == "112.105"
    assert [row["market_cap"] for row in result["scenarios"]] == ["47544860520.00", "49352005449.950",
                                                                  "51159150379.90"]
    assert "not rounded" in data["assumptions"]["scenarios"]
    assert "rounded" not in data["assumptions"]


def test_price_revision_against_the_mid():
    result = invoke("raise", "--shares", "37,419,500", "--price", "108.00..116.20", "--final-price", "116.20",
                    "--json").json()["result"]
    assert result["price_revision_pct"] == "3.657448706512"  # (116.20 - 112.10) / 112.10 x 100
    assert result["final_position_pct"] == "100"


def test_a_step_adds_rows_in_order():
    result = invoke("entry-fee", "--price", "108..116.20", "--board-lot", "100", "--price-step", "2",
                    "--json").json()["result"]
    rows = result["scenarios"]
    assert [row["scenario"] for row in rows] == ["low", "step", "step", "mid", "step", "step", "high"]
    assert [row["price"] for row in rows] == ["108", "110", "112", "112.10", "114", "116", "116.20"]
    assert rows[-1]["amount_payable"] == "11737.19"  # one lot at the top of the range, as entry-fee gives it


def test_the_table_shows_each_scenario():
    run = run_installed("raise", "--shares", "37,419,500", "--price", "108.00..116.20", env={"NO_COLOR": "1"})
    assert run.code == 0 and run.stderr == ""
    for figure in ("4,041,306,000.00", "4,194,725,950.00", "4,348,145,900.00", "112.10", "low", "mid", "high"):
        assert figure in run.stdout


def test_one_price_is_unchanged():
    result = invoke("raise", "--shares", "37,419,500", "--price", "116.20", "--json").json()["result"]
    assert "scenarios" not in result and result["gross_proceeds"] == "4348145900.00"


def test_batch_takes_a_range():
    line = json.dumps({"command": "raise", "shares": 37419500, "price": "108.00..116.20"}) + "\n"
    run = invoke("batch", input=line)
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["result"]["scenarios"][1]["gross_proceeds"] == "4194725950.00"


@pytest.mark.parametrize("args, message", [
    (["raise", "--shares", "1", "--price", "116.20..108"], "LOW below HIGH"),
    (["raise", "--shares", "1", "--price", "1", "--price-step", "0.5"], "--price-step needs --price as a range LOW..HIGH"),
    (["raise", "--shares", "1", "--price", "1..2", "--fx", "0.92", "--to", "CNY"], "--fx does not convert"),
    (["raise", "--shares", "1", "--price", "1..200", "--price-step", "0.01"], "take a larger step"),
    (["report", "--preset", "zhipu", "--price", "100..120"], "is not a number"),
])
def test_bad_ranges(args, message):
    run = invoke(*args)
    assert run.code == 2 and message in run.stderr and run.stdout == ""


def test_scenario_prices_unit():
    assert scenario_prices(Decimal("1"), Decimal("2"), None) == [("low", 1), ("mid", Decimal("1.5")), ("high", 2)]
    stepped = scenario_prices(Decimal("1"), Decimal("2"), Decimal("0.5"))
    assert stepped == [("low", 1), ("mid", Decimal("1.5")), ("high", 2)]  # the step lands on the mid and the high


RANGE_SCENARIO = """
[ipo]
name = "Zhipu, at its range"
currency = "HKD"

[offer]
shares = "37,419,500"
price = "108.00..116.20"
final_price = "116.20"
board_lot = 100
shares_in_issue = "440,230,190"
"""


def test_a_scenario_price_range_gives_the_report_at_low_mid_and_high(tmp_path):
    scenario = tmp_path / "range.toml"
    scenario.write_text(RANGE_SCENARIO, encoding="utf-8")
    run = invoke("report", "--file", str(scenario), "--json")
    assert run.code == 0, run.stderr
    result = run.json()["result"]
    assert (result["price_low"], result["price_mid"], result["price_high"]) == ("108.00", "112.10", "116.20")
    rows = {row["scenario"]: row for row in result["scenarios"]}
    # 37,419,500 x 108.00 / 112.10 / 116.20; 440,230,190 shares in issue x the same prices
    assert [rows[name]["gross_proceeds"] for name in ("low", "mid", "high")] == [
        "4041306000.00", "4194725950.00", "4348145900.00"]
    assert rows["low"]["market_cap_at_offer"] == "47544860520.00"
    # one lot at 108.00: 10,800 + brokerage 108.00 + SFC 0.29 + AFRC 0.02 + trading fee 0.61
    assert rows["low"]["one_lot_amount_payable"] == "10908.92"
    assert result["price_revision_pct"] == "3.657448706512"  # (116.20 - 112.10) / 112.10 x 100
    assert run.json()["inputs"]["currency"] == "HKD"


def test_a_final_price_without_a_range_is_refused(tmp_path):
    scenario = tmp_path / "final.toml"
    scenario.write_text('[offer]\nshares = "100"\nprice = "1"\nfinal_price = "1"\n', encoding="utf-8")
    run = invoke("report", "--file", str(scenario))
    assert run.code == 2 and "final_price goes with a price range" in run.stderr


def test_the_most_scenarios_a_step_may_give():
    most = invoke("raise", "--shares", "100", "--price", "1.00..99.00", "--price-step", "1", "--json")
    assert most.code == 0 and len(most.json()["result"]["scenarios"]) == 99  # 1, 2, ..., 99 (the mid, 50, among them)
    over = invoke("raise", "--shares", "100", "--price", "1.00..100.00", "--price-step", "1", "--json")
    assert over.code == 2 and "gives 100 prices in the range; at most 99" in over.stderr
