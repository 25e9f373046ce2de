"""plan: every application size of a deal, with figures equal to the commands that answer each part.

Zhipu (2513): the allotment results of 7 Jan 2026 (the preset's ballot table); a 10x financed application at 3.8%
for 7 days with a HK$100 handling fee (illustrative terms), sold at HK$120 (the first-day open) on 8 Jan 2026.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import invoke

PLAN = ["plan", "--preset", "zhipu", "--leverage", "10x", "--rate", "3.8%", "--days", "7", "--handling-fee", "100",
        "--sale-price", "120"]


@pytest.fixture(scope="module")
def plan():
    run = invoke(*PLAN, "--json")
    assert run.code == 0, run.stderr
    return run.json()


def test_a_row_for_every_size_of_the_table_from_one_lot_to_the_largest_application(plan):
    rows = plan["result"]["rows"]
    tiers = invoke("ballot", "--preset", "zhipu", "--json").json()["result"]["tiers"]
    assert [row["shares_applied"] for row in rows] == [tier["shares_applied"] for tier in tiers]
    assert (rows[0]["amount_payable"], rows[0]["p_at_least_one_lot"]) == ("11737.19", "5.000053845077")
    assert rows[-1]["shares_applied"] == 935500 and rows[-1]["amount_payable"] == "109801390.94"


def test_the_30000_share_row_two_outcomes_priced_exactly(plan):
    row = next(row for row in plan["result"]["rows"] if row["shares_applied"] == 30000)
    # one lot with probability 2,492/2,898, two with 406/2,898; P&L 249.29 or 498.57 (entry-fee --lots k, sell at 120)
    expected = Fraction(2492, 2898) * Fraction("249.29") + Fraction(406, 2898) * Fraction("498.57")
    assert Fraction(row["expected_pnl"]) - expected < Fraction(1, 10**12)
    assert row["expected_pnl"] == "284.213285024155" and row["interest"] == "2309.49"
    assert row["expected_pnl_after_financing"] == "-2125.276714975845"
    assert "rows[].expected_pnl" in plan["assumptions"]["rounded"]
    two_lots = invoke("entry-fee", "--preset", "zhipu", "--lots", "2", "--json").json()["result"]
    assert two_lots["amount_payable"] == "23474.37"
    sold = invoke("sell", "--shares", "200", "--price", "120", "--date", "2026-01-08", "--offer-price", "116.20",
                  "--json").json()["result"]
    assert sold["pnl"] == "498.57"


@pytest.mark.parametrize("shares", [100, 2000, 30000, 935500])
def test_each_row_equals_margin_and_ballot_for_its_size(plan, shares):
    row = next(row for row in plan["result"]["rows"] if row["shares_applied"] == shares)
    margin = invoke("margin", "--amount", row["amount_payable"], "--leverage", "10x", "--rate", "3.8%", "--days", "7",
                    "--handling-fee", "100", "--json").json()["result"]
    assert (margin["deposit"], margin["financed"], margin["interest"]) == (row["cash_needed"], row["financed"],
                                                                          row["interest"])
    tier = next(tier for tier in invoke("ballot", "--preset", "zhipu", "--json").json()["result"]["tiers"]
                if tier["shares_applied"] == shares)
    assert (tier["p_at_least_one_lot"], tier["amount_payable"]) == (row["p_at_least_one_lot"], row["amount_payable"])
    assert tier["expected_shares"] == row["expected_shares"]


def test_a_one_lot_ballot_row_equals_expected_value(plan):
    row = plan["result"]["rows"][0]
    value = invoke("expected-value", "--preset", "zhipu", "--tier", "100", "--move", "3.27%", "--json")
    assert value.code == 0, value.stderr
    assert value.json()["result"]["sale_price"] == "120.00"
    assert value.json()["result"]["expected_pnl"] == row["expected_pnl"]


def test_the_best_rows_are_marked(plan):
    rows = plan["result"]["rows"]
    best = max(rows, key=lambda row: Fraction(row["expected_pnl_after_financing"]))
    assert "expected P&L" in best["best"] and plan["result"]["best_pnl_shares"] == best["shares_applied"]
    assert sum(1 for row in rows if row.get("best")) in (1, 2)


def test_the_break_even_covers_interest_and_fee_and_a_cent_less_does_not():
    # one lot, cash: the break-even is sell's own break-even (117.51) when no interest or fee is owed
    cash = invoke("plan", "--preset", "zhipu", "--sale-price", "120", "--tiers", "1", "--json").json()
    assert cash["result"]["rows"][0]["break_even_price"] == "117.51"
    sold = invoke("sell", "--preset", "zhipu", "--price", "120", "--json").json()["result"]
    assert sold["break_even_price"] == "117.51"


def test_limits_and_refusals():
    assert len(invoke(*PLAN, "--tiers", "3", "--json").json()["result"]["rows"]) == 3
    assert [row["lots_applied"] for row in invoke(*PLAN, "--max-lots", "5", "--json").json()["result"]["rows"]] == [
        1, 2, 3, 4, 5]
    budget = invoke(*PLAN, "--budget", "HK$5,000", "--json").json()["result"]["rows"]
    assert all(Fraction(row["cash_needed"]) + 100 <= 5000 for row in budget) and budget
    both = invoke("plan", "--preset", "zhipu", "--sale-price", "120", "--move", "5%")
    assert both.code == 2 and both.stdout == "" and "--sale-price" in both.stderr
    usd = invoke("plan", "--preset", "zhipu", "--sale-price", "120", "--currency", "USD")
    assert usd.code == 2 and "HKD" in usd.stderr


def test_expected_value_prices_a_fixed_plus_ballot_tier_as_its_two_outcomes(plan):
    run = invoke("expected-value", "--ballot", "zhipu", "--tier", "30000", "--sale-price", "120", "--date", "2026-01-08",
                 "--json")
    assert run.code == 0, run.stderr
    result = run.json()["result"]
    assert [(item["lots"], item["pnl"]) for item in result["outcomes"]] == [(1, "249.29"), (2, "498.57")]
    assert Fraction(result["outcomes"][0]["probability_pct"]) - Fraction(249200, 2898) < Fraction(1, 10**12)
    assert result["expected_pnl"] == "284.213285024155" and "expected_pnl" in run.json()["assumptions"]["rounded"]
    row = next(row for row in plan["result"]["rows"] if row["shares_applied"] == 30000)
    assert row["expected_pnl"] == result["expected_pnl"]


@pytest.mark.parametrize("shares", [100, 300, 30000, 40000, 935500])
def test_plan_rows_equal_expected_value_for_their_tier(plan, shares):
    row = next(row for row in plan["result"]["rows"] if row["shares_applied"] == shares)
    value = invoke("expected-value", "--preset", "zhipu", "--tier", str(shares), "--sale-price", "120", "--leverage",
                   "10x", "--rate", "3.8%", "--days", "7", "--handling-fee", "100", "--json")
    assert value.code == 0, value.stderr
    result = value.json()["result"]
    assert (result["interest"], result["financed"]) == (row["interest"], row["financed"])
    assert result["expected_pnl"] == row["expected_pnl_after_financing"]


def test_before_the_results_the_plan_takes_the_forecasts_odds():
    args = ["--public-shares", "7,483,900", "--board-lot", "100", "--max-price", "116.20", "--offer-price", "116.20",
            "--multiple", "1159.46x", "--regime", "18c", "--applications", "204,871", "--exclude", "2513",
            "--sale-price", "120", "--date", "2026-01-08"]
    planned = invoke("plan", "--forecast", *args, "--json")
    assert planned.code == 0, planned.stderr
    forecast = invoke("ballot", "--forecast", "--public-shares", "7,483,900", "--board-lot", "100", "--max-price",
                      "116.20", "--multiple", "1159.46x", "--regime", "18c", "--applications", "204,871", "--exclude",
                      "2513", "--json").json()["result"]
    rows = planned.json()["result"]["rows"]
    assert [row["shares_applied"] for row in rows] == [tier["shares_applied"] for tier in forecast["tiers"]]
    assert rows[0]["p_at_least_one_lot"] == forecast["tiers"][0]["p_at_least_one_lot"]
    # one lot's P&L at 120 on 8 Jan 2026 is 249.29: the expected P&L is the expected lots times it
    expected = Fraction(forecast["tiers"][0]["expected_lots"]) * Fraction("249.29")
    assert abs(Fraction(rows[0]["expected_pnl"]) - expected) <= Fraction(1, 2 * 10**12)
    assert "FORECAST" in planned.json()["assumptions"]["odds"]
    refused = invoke("plan", "--preset", "zhipu", "--multiple", "100x", "--sale-price", "120")
    assert refused.code == 2 and "--forecast" in refused.stderr


def test_expected_value_of_several_applications_adds_each_tiers_value():
    one = invoke("expected-value", "--preset", "zhipu", "--tier", "100", "--sale-price", "120", "--json").json()
    big = invoke("expected-value", "--preset", "zhipu", "--tier", "30000", "--sale-price", "120", "--json").json()
    run = invoke("expected-value", "--preset", "zhipu", "--apply", "100+100+30000", "--sale-price", "120", "--json")
    assert run.code == 0, run.stderr
    result = run.json()["result"]
    # 2 x 12.464634230392... + 284.213285024155..., each exact before it is rounded once
    exact = 2 * (Fraction(4643, 92859) * Fraction("249.29")) + Fraction(2492, 2898) * Fraction("249.29") + Fraction(
        406, 2898) * Fraction("498.57")
    assert abs(Fraction(result["expected_pnl"]) - exact) <= Fraction(1, 2 * 10**12)
    parts = 2 * Fraction(one["result"]["expected_pnl"]) + Fraction(big["result"]["expected_pnl"])
    assert abs(Fraction(result["expected_pnl"]) - parts) <= Fraction(3, 2 * 10**12)  # the parts, each rounded once
    assert (result["applications"], result["at_least_one_pct"]) == (3, "100")
    refused = invoke("expected-value", "--preset", "zhipu", "--apply", "100", "--tier", "100", "--sale-price", "120")
    assert refused.code == 2 and "--apply" in refused.stderr and refused.stdout == ""
