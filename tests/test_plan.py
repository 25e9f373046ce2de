"""plan: every application size of a deal, with figures equal to the commands that answer each part.

Zhipu (2513): the allotment results of 7 Jan 2026 (the preset's ballot table); a 10x financed application at 3.8%
for 7 days with a HK$100 handling fee (illustrative terms), sold at HK$120 (the first-day open) on 8 Jan 2026.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import invoke

TABLE = Path(__file__).resolve().parent.parent / "zhipu_ipo" / "presets" / "ballot" / "zhipu.csv"
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


# --apply: several applications, one per account, as a row of their own (as expected-value --apply prices them).

FINANCING = ["--leverage", "10x", "--rate", "3.8%", "--days", "7", "--handling-fee", "100", "--sale-price", "120"]


def combined_of(*args: str) -> tuple[dict, dict]:
    run = invoke("plan", "--preset", "zhipu", *FINANCING, *args, "--json")
    assert run.code == 0, run.stderr
    answer = run.json()
    (row,) = answer["result"]["combined"]
    return row, answer


@pytest.mark.parametrize("apply", ["100+100", "300+30000", "100+100+30000+935500"])
def test_the_apply_row_equals_expected_value_apply(apply):
    row, answer = combined_of("--apply", apply)
    value = invoke("expected-value", "--preset", "zhipu", *FINANCING, "--apply", apply, "--json")
    assert value.code == 0, value.stderr
    result = value.json()["result"]
    assert result["at_least_one_pct"] == row["p_at_least_one_lot"]
    assert result["expected_pnl"] == row["expected_pnl_after_financing"]
    assert Fraction(result["capital"]) == Fraction(row["cash_needed"]) + Fraction(row["handling_fee"])
    assert Fraction(result["cost_of_applying"]) == Fraction(row["interest"]) + Fraction(row["handling_fee"])
    assert (result["return_on_capital_pct"], result["annualised_pct"]) == (row["return_on_cash_pct"],
                                                                          row["annualised_pct"])
    sizes = [int(part) for part in apply.split("+")]
    assert (row["applications"], row["accounts"], row["shares_applied"]) == (apply, len(sizes), sum(sizes))
    # the money is each size's row, added: amount payable, cash, financed part and interest, to the cent
    rows = {item["shares_applied"]: item for item in answer["result"]["rows"]}
    for name in ("amount_payable", "cash_needed", "financed", "interest", "handling_fee"):
        assert Fraction(row[name]) == sum(Fraction(rows[size][name]) for size in sizes), name
    ballot = invoke("ballot", "--preset", "zhipu", "--apply", apply, "--json").json()["result"]
    assert (ballot["combined_p"], ballot["combined_amount_payable"]) == (row["p_at_least_one_lot"],
                                                                        row["amount_payable"])


def test_two_one_lot_accounts_double_one_lot_and_combine_its_chance(plan):
    row, answer = combined_of("--apply", "100+100")
    one = plan["result"]["rows"][0]
    p = Fraction(4643, 92859)
    assert abs(Fraction(row["p_at_least_one_lot"]) - (1 - (1 - p) ** 2) * 100) <= Fraction(1, 2 * 10**12)
    # each lot's P&L is 249.29 at 120 on 8 Jan 2026: 2 x p x 249.29, less 2 x (7.70 interest + 100 fee)
    assert abs(Fraction(row["expected_pnl_after_financing"]) - (2 * p * Fraction("249.29") - 2 * Fraction("107.70"))) \
        <= Fraction(1, 2 * 10**12)
    assert (row["amount_payable"], row["interest"], row["handling_fee"]) == ("23474.38", "15.40", "200.00")
    assert row["break_even_price"] == one["break_even_price"] == "139.07"
    assert "combined[].expected_pnl" in answer["assumptions"]["rounded"] and "combined" in answer["assumptions"]
    # the ladder and its best marks are the plan's without --apply
    assert answer["result"]["rows"] == plan["result"]["rows"]


def test_the_apply_break_even_is_where_expected_value_apply_turns_positive():
    row, _ = combined_of("--apply", "300+30000")
    assert row["break_even_price"] == "138.09"

    def value_at(price: str) -> Fraction:
        args = [*FINANCING[:-1], price]
        return Fraction(invoke("expected-value", "--preset", "zhipu", *args, "--apply", "300+30000", "--json")
                        .json()["result"]["expected_pnl"])

    assert value_at("138.09") >= 0 > value_at("138.08")


def test_without_apply_the_plan_json_keeps_its_keys(plan):
    assert "combined" not in plan["result"] and "combined" not in plan["assumptions"]
    assert list(plan["result"]) == ["board_lot", "max_price", "offer_price", "sale_price", "sale_date",
                                    "best_pnl_shares", "best_return_shares", "rows"]


@pytest.mark.parametrize("args, says", [
    (["--apply", "150"], "--apply 150: no size of that many shares"),
    (["--apply", "100", "--forecast"], "not a forecast's"),
    (["--probability", "5%", "--apply", "200"], "for more, give --sizes"),
    (["--probability", "5%", "--forecast"], "give one of them"),
    (["--probability", "5%;6%"], "several accounts are --apply"),
    (["--probability", "5%;6%", "--sizes", "100"], "one per size"),
    (["--probability", "5%", "--sizes", "150"], "not a whole number of lots"),
    (["--applications", "204,871"], "--applications goes with --forecast"),
])
def test_apply_and_probability_refusals_are_one_line(args, says):
    run = invoke("plan", "--preset", "zhipu", "--sale-price", "120", *args)
    assert run.code == 2 and run.stdout == "", run.stderr
    assert says in run.stderr and run.stderr.count("\n") == 1, run.stderr


def test_apply_within_the_budget_is_shown_beside_the_ladder():
    row, answer = combined_of("--apply", "100+100", "--budget", "HK$2,547.44")
    assert Fraction(row["cash_needed"]) + Fraction(row["handling_fee"]) == Fraction("2547.44")
    # the ladder keeps the sizes whose cash and fee fit: 200 shares tie up 2,447.44, 300 shares 3,621.16
    assert [item["shares_applied"] for item in answer["result"]["rows"]] == [100, 200]


# --probability: the odds of your own, without a table or a forecast (a deal before its results).

WITHOUT_TABLE = ["--board-lot", "100", "--offer-price", "116.20", "--date", "2026-01-08", *FINANCING]


def test_a_probability_row_equals_expected_value_probability_and_the_tables_one_lot_row(plan):
    run = invoke("plan", *WITHOUT_TABLE, "--probability", "4,643/92,859", "--json")
    assert run.code == 0, run.stderr
    (row,) = run.json()["result"]["rows"]
    value = invoke("expected-value", *WITHOUT_TABLE, "--shares", "100", "--probability", "4,643/92,859", "--json")
    assert value.code == 0, value.stderr
    result = value.json()["result"]
    assert (row["p_at_least_one_lot"], row["expected_pnl_after_financing"]) == (result["probability_pct"],
                                                                                result["expected_pnl"])
    assert (row["interest"], row["financed"], row["return_on_cash_pct"], row["annualised_pct"]) == (
        result["interest"], result["financed"], result["return_on_capital_pct"], result["annualised_pct"])
    # Zhipu's one-lot tier is a pure ballot of 4,643 in 92,859: the table's row, but for its pool
    table_row = {name: figure for name, figure in plan["result"]["rows"][0].items() if name not in ("pool", "best")}
    assert {name: figure for name, figure in row.items() if name != "best"} == table_row
    assert "probability" in run.json()["assumptions"]["odds"]


def test_a_chance_per_size_in_the_order_of_sizes_each_one_lot():
    args = ["--probability", "9%;5%;7%", "--json"]  # 300 shares 9%, 100 shares 5%, 200 shares 7%: rows smallest first
    rows = invoke("plan", *WITHOUT_TABLE, "--sizes", "300+100+200", *args).json()["result"]["rows"]
    assert [(row["shares_applied"], row["p_at_least_one_lot"]) for row in rows] == [(100, "5"), (200, "7"), (300, "9")]
    # one lot's P&L at 120 on 8 Jan 2026 is 249.29, whatever the size: p x 249.29 exactly
    assert [row["expected_pnl"] for row in rows] == ["12.4645", "17.4503", "22.4361"]
    assert [row["expected_shares"] for row in rows] == ["5", "7", "9"]
    costs = invoke("plan", "--preset", "zhipu", *FINANCING, "--tiers", "3", "--json").json()["result"]["rows"]
    for row, tier in zip(rows, costs):
        assert (row["amount_payable"], row["interest"]) == (tier["amount_payable"], tier["interest"])


def test_a_deal_with_results_plans_on_your_probability_without_reading_its_table():
    run = invoke("plan", "--preset", "zhipu", *FINANCING, "--probability", "5%", "--apply", "100+100", "--json")
    assert run.code == 0, run.stderr
    answer = run.json()
    assert "table" not in answer["inputs"] and answer["inputs"]["probability"] == "5%"
    assert [row["shares_applied"] for row in answer["result"]["rows"]] == [100]
    (row,) = answer["result"]["combined"]
    value = invoke("expected-value", *WITHOUT_TABLE, "--shares", "100", "--probability", "5%;5%", "--json")
    result = value.json()["result"]
    assert (row["p_at_least_one_lot"], row["expected_pnl_after_financing"]) == ("9.75", result["expected_pnl"])
    assert result["at_least_one_pct"] == "9.75"
    refused = invoke("plan", "--table", str(TABLE), "--board-lot", "100", "--offer-price", "116.20",
                     "--sale-price", "120", "--probability", "5%")
    assert refused.code == 2 and "--probability" in refused.stderr and refused.stderr.count("\n") == 1


def test_batch_lines_take_apply_and_probability_as_the_command_line_does():
    lines = ['{"command": "plan", "preset": "zhipu", "sale_price": "120", "apply": "100+30000", "tiers": 2}',
             '{"command": "plan", "board_lot": 100, "offer_price": "116.20", "sale_price": "120", '
             '"probability": "5%;7%", "sizes": "100+200", "apply": "100+200"}']
    batch = invoke("batch", input="\n".join(lines) + "\n")
    assert batch.code == 0, batch.stderr
    answers = [json.loads(line) for line in batch.stdout.splitlines()]
    one = invoke("plan", "--preset", "zhipu", "--sale-price", "120", "--apply", "100+30000", "--tiers", "2", "--json")
    two = invoke("plan", "--board-lot", "100", "--offer-price", "116.20", "--sale-price", "120", "--probability",
                 "5%;7%", "--sizes", "100+200", "--apply", "100+200", "--json")
    assert [answer["result"] for answer in answers] == [one.json()["result"], two.json()["result"]]
    assert answers[1]["result"]["combined"][0]["p_at_least_one_lot"] == "11.65"  # 1 - 0.95 x 0.93


def test_the_plan_says_why_two_lots_cost_a_cent_less_than_twice_one():
    """Issue 19's explained roundings, in the plan's ladder: 200 shares cost 23,474.37, not 2 x 11,737.19."""
    run = invoke("plan", "--preset", "zhipu", "--sale-price", "120", "--tiers", "3", "--json")
    assert [row["amount_payable"] for row in run.json()["result"]["rows"][:2]] == ["11737.19", "23474.37"]
    assert run.json()["assumptions"]["per_lot"] == (
        "amount payable: fees are rounded on the whole application: 23,474.37 for 2 lots, not 2 x 11,737.19 = "
        "23,474.38; each size's is its own application's")
    one_size = invoke("plan", "--board-lot", "100", "--offer-price", "116.20", "--date", "2026-01-08", "--sale-price",
                      "120", "--probability", "5%", "--json")
    assert "per_lot" not in one_size.json()["assumptions"]  # one lot: nothing to explain


@pytest.mark.parametrize("extra", [[], ["--exclude", "100"], ["--exclude", "100", "--exclude", "2097"],
                                   ["--multiple", "300x"]])
@pytest.mark.parametrize("preset", ["zhipu", "seer", "minimax"])
def test_a_plan_before_the_results_has_the_odds_of_ballot_forecast(preset, extra):
    """The same forecast by both paths: the deal's own code out of the fit and --exclude besides, its valid
    applications, its initial tranche ending the ladder, a deal without a [ballot] section (seer) forecast from
    what oversubscription works out."""
    tiers = invoke("ballot", "--forecast", "--preset", preset, *extra, "--json").json()["result"]["tiers"]
    rows = invoke("plan", "--forecast", "--preset", preset, "--sale-price", "120", *extra, "--json").json()["result"]["rows"]
    assert [(row["shares_applied"], Decimal(row["p_at_least_one_lot"])) for row in rows] == [
        (tier["shares_applied"], Decimal(tier["p_at_least_one_lot"])) for tier in tiers]
    assert len(rows) > 30


def test_a_plan_forecast_leaves_out_the_deals_own_table_whatever_is_excluded():
    run = invoke("plan", "--forecast", "--preset", "zhipu", "--exclude", "100", "--sale-price", "120", "--json")
    assert run.json()["inputs"]["code"] == "2513" and run.json()["result"]["rows"][-1]["shares_applied"] == 935500
    assert run.json()["result"]["rows"][0]["p_at_least_one_lot"] == "5.269448448886"  # 31 deals: 2513 and 100 out


def test_a_deposit_equal_to_a_sizes_amount_payable_finances_nothing_and_is_not_said_to_exceed_it():
    """The edge of a fixed deposit (a mutant of mutants.py --seed 2412 took equal for more): HK$3,333.28 is one
    MiniMax lot's amount payable, so that row finances nothing, and the next finances one lot's worth."""
    run = invoke("plan", "--preset", "minimax", "--deposit", "HK$3,333.28", "--rate", "3.8%", "--days", "7", "--move",
                 "10%", "--tiers", "2", "--json")
    rows = [(row["shares_applied"], row["cash_needed"], row["financed"], row["interest"])
            for row in run.json()["result"]["rows"]]
    assert rows == [(20, "3333.28", "0.00", "0.00"), (40, "3333.28", "3333.28", "2.43")]
    assert "deposit" not in run.json()["assumptions"] and "paid in cash" not in run.stderr
    more = invoke("plan", "--preset", "minimax", "--deposit", "HK$3,333.29", "--rate", "3.8%", "--days", "7",
                  "--move", "10%", "--tiers", "2", "--json")
    assert more.json()["assumptions"]["deposit"].startswith("`deposit` 3333.29 is more than the amount payable for 20")
