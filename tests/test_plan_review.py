"""The reviewer's defects in `plan` and `expected-value`, each held to its real figure through the console entry
point: nothing allotted sells nothing, a fixed-plus-ballot tier is its distribution of lots, the money tied up at
the deal's own fee schedule, the deal's application sizes, a deposit above a size's amount, exit codes."""

from __future__ import annotations

import pytest
from conftest import invoke


def result(*args: str) -> dict:
    run = invoke(*args, "--json")
    assert run.code == 0, run.stderr
    return run.json()["result"]


def test_nothing_allotted_is_no_sale_and_no_charges_under_the_2020_schedule():
    # Pop Mart (2020): HKSCC's settlement fee then had a HK$2 minimum, so selling 0 shares "cost" 2.50.
    applied = result("expected-value", "--preset", "popmart", "--apply", "200", "--sale-price", "50")
    tier = result("expected-value", "--preset", "popmart", "--tier", "200", "--sale-price", "50")
    plan = result("plan", "--preset", "popmart", "--sale-price", "50", "--apply", "200+200", "--tiers", "1")
    assert applied["expected_pnl"] == tier["expected_pnl"] == plan["rows"][0]["expected_pnl"] == "331.367455834182"
    both = result("expected-value", "--preset", "popmart", "--apply", "200+200", "--sale-price", "50")
    assert both["expected_pnl"] == plan["combined"][0]["expected_pnl"] == "662.734911668363"


def test_nothing_allotted_pays_no_brokers_minimum_commission():
    one = result("expected-value", "--preset", "zhipu", "--tier", "100", "--sale-price", "120", "--broker", "hsbc")
    two = result("expected-value", "--preset", "zhipu", "--apply", "100+100", "--sale-price", "120",
                 "--broker", "hsbc")
    assert one["expected_pnl"] == "7.464580385315"  # 5.000053845077% x 149.29 (HSBC's HK$100 minimum)
    assert two["expected_pnl"] == "14.929160770631"  # twice that exactly, rounded once (not less 2 x 100 x 95%)


FINANCED = ("--leverage", "10x", "--rate", "3.8%", "--days", "7", "--handling-fee", "100", "--sale-price", "120")


@pytest.mark.parametrize("tier, expected, outcomes", [
    ("50000", "-3575.22", [(1, "50"), (2, "50")]),  # 100 shares plus 1 in 2 drawn for another 100: 150 on average
    ("200000", "-14399.754", [(4, "60"), (5, "40")]),  # 400 plus 2 in 5 for another 100: 440 on average
])
def test_a_fixed_plus_ballot_tier_is_its_lots_whatever_its_average(tier, expected, outcomes):
    valued = result("expected-value", "--preset", "zhipu", "--tier", tier, *FINANCED)
    assert valued["expected_pnl"] == expected
    assert "shares" not in valued and "pnl_if_allotted" not in valued  # no odd-lot outcome of 150 or 440 shares
    assert [(row["lots"], row["probability_pct"]) for row in valued["outcomes"]] == outcomes
    applied = result("expected-value", "--preset", "zhipu", "--apply", tier, *FINANCED)
    row = next(row for row in result("plan", "--preset", "zhipu", *FINANCED)["rows"] if row["shares_applied"] == int(tier))
    assert applied["expected_pnl"] == row["expected_pnl_after_financing"] == expected


@pytest.mark.parametrize("financing, capital, financed", [
    ((), "7777.60", "0.00"),
    (("--leverage", "10x", "--rate", "3.8%", "--days", "7"), "777.76", "6999.84"),
])
def test_the_money_tied_up_for_a_tier_at_the_deals_own_fee_schedule(financing, capital, financed):
    # Pop Mart (2020, [fees] schedule hkex-2014): 200 shares at 38.50 plus 1% brokerage, 0.0027% and 0.005%.
    tier = result("expected-value", "--preset", "popmart", "--tier", "200", "--sale-price", "50", *financing)
    applied = result("expected-value", "--preset", "popmart", "--apply", "200", "--sale-price", "50", *financing)
    table = result("ballot", "--preset", "popmart")["tiers"]
    assert next(row["amount_payable"] for row in table if row["shares_applied"] == 200) == "7777.60"
    assert (tier["capital"], tier["financed"]) == (capital, financed)
    assert applied["capital"] == capital
    plan = result("plan", "--preset", "popmart", "--sale-price", "50", "--tiers", "1", *financing)["rows"][0]
    assert (plan["amount_payable"], plan["financed"]) == ("7777.60", financed)


@pytest.mark.parametrize("args, says", [
    (["--budget", "1273.71"], "no application size fits --budget"),  # one lot ties up 1,173.72 + 100
    (["--apply", "100+100", "--budget", "2000"], "--apply 100+100 ties up 2547.44 (cash needed and handling fees), "
                                                 "more than --budget 2000"),
])
def test_a_budget_nothing_fits_is_infeasible_exit_1(args, says):
    run = invoke("plan", "--preset", "zhipu", *FINANCED, *args)
    assert (run.code, run.stdout) == (1, ""), run.stderr
    assert says in run.stderr and run.stderr.count("\n") == 1, run.stderr
    malformed = invoke("plan", "--preset", "zhipu", *FINANCED, "--budget", "0")
    assert malformed.code == 2 and malformed.stdout == ""


def test_a_fixed_deposit_above_a_sizes_amount_payable_pays_that_size_in_cash():
    terms = ("plan", "--preset", "minimax", "--deposit", "HK$10,000", "--rate", "3.8%", "--days", "7", "--move", "10%",
             "--tiers", "4")
    run = invoke(*terms, "--json")
    assert run.code == 0, run.stderr
    assert run.stderr == ("note: --deposit 10000 is more than the amount payable for 20 to 60 shares (3 sizes): paid "
                          "in cash, nothing financed (no interest)\n")
    rows = run.json()["result"]["rows"]
    assert [(row["amount_payable"], row["cash_needed"], row["financed"], row["interest"]) for row in rows[:3]] == [
        ("3333.28", "3333.28", "0.00", "0.00"), ("6666.56", "6666.56", "0.00", "0.00"),
        ("9999.84", "9999.84", "0.00", "0.00")]
    margin = result("margin", "--amount", "13,333.13", "--deposit", "HK$10,000", "--rate", "3.8%", "--days", "7")
    assert (rows[3]["cash_needed"], rows[3]["financed"], rows[3]["interest"]) == (
        "10000.00", margin["financed"], margin["interest"]) == ("10000.00", "3333.13", "2.43")
    assert "paid in cash" in run.json()["assumptions"]["deposit"]


def test_deposit_and_leverage_together_are_refused_in_plans_words():
    run = invoke("plan", "--preset", "minimax", "--deposit", "10%", "--leverage", "10x", "--rate", "3.8%", "--days",
                 "7", "--move", "10%")
    assert (run.code, run.stdout) == (2, "") and run.stderr.count("\n") == 1
    assert "--amount" not in run.stderr and "--deposit" in run.stderr and "not both" in run.stderr


def _deal_with_sizes(tmp_path, sizes: str):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    (tmp_path / "zhipu.csv").write_text((root / "zhipu_ipo" / "presets" / "ballot" / "zhipu.csv").read_text("utf-8"),
                                        "utf-8")
    text = (root / "docs" / "examples" / "zhipu.toml").read_text("utf-8")
    text = text.replace('table = "ballot/zhipu.csv"', 'table = "zhipu.csv"').replace(
        "board_lot = 100\n", f"board_lot = 100\napplication_sizes = [{sizes}]\n", 1)
    path = tmp_path / "deal.toml"
    path.write_text(text, "utf-8")
    return str(path)


def test_the_deals_application_sizes_choose_the_rows_of_its_ballot_table(tmp_path):
    deal = _deal_with_sizes(tmp_path, '"100", "300", "150", "30,000"')
    run = invoke("plan", "--file", deal, "--sale-price", "120", "--json")
    assert run.code == 0, run.stderr
    rows = run.json()["result"]["rows"]
    assert [(row["shares_applied"], row["expected_pnl"]) for row in rows] == [
        (100, "12.464634230392"), (300, "22.881034169393"), (30000, "284.213285024155")]
    assert run.stderr == "note: 150 shares: no row in the ballot table (no odds), left out of the plan\n"
    given = result("plan", "--file", deal, "--sale-price", "120", "--sizes", "200+400")
    assert [row["shares_applied"] for row in given["rows"]] == [200, 400]  # the option wins over the deal
    ladder = result("plan", "--preset", "zhipu", "--sale-price", "120")["rows"]  # no sizes: the table's
    assert len(ladder) == 40 and ladder[0]["shares_applied"] == 100
    none = invoke("plan", "--file", deal, "--sale-price", "120", "--sizes", "150")
    assert (none.code, none.stdout) == (1, "") and "no row for any size" in none.stderr


def test_probability_pairs_with_the_sizes_given_not_the_deals(tmp_path):
    deal = _deal_with_sizes(tmp_path, '"100", "300"')
    rows = result("plan", "--file", deal, "--sale-price", "120", "--probability", "5%")["rows"]
    assert [(row["shares_applied"], row["expected_pnl"]) for row in rows] == [(100, "12.4645")]


@pytest.mark.parametrize("style", ["--csv", "--tsv"])
def test_csv_refuses_apply_rather_than_drop_the_combined_row(style):
    run = invoke("plan", "--preset", "zhipu", "--sale-price", "120", "--apply", "100+100", style)
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (f"zhipu-ipo: error: --apply adds a table of its own, which {style} (one table) cannot hold: "
                          "give --json for it, or leave out --apply\n")
    assert invoke("plan", "--preset", "zhipu", "--sale-price", "120", "--tiers", "1", style).code == 0
    assert invoke("expected-value", "--preset", "zhipu", "--sale-price", "120", "--apply", "100+100", style).code == 0


@pytest.mark.parametrize("args, says", [
    (["--budget", "-5"], "'-5' is negative; give a value greater than zero"),
    (["--budget", "0"], "'0' is zero; give a value greater than zero"),
    (["--max-lots", "1.5"], "'1.5' is not a whole number of lots"),
    (["--tiers", "1.5"], "'1.5' is not a whole number of application sizes"),
    (["--probability", "5%;7%", "--sizes", "200+200"], "'200+200': a size is given twice"),
])
def test_malformed_plan_options_are_told_in_their_own_words(args, says):
    run = invoke("plan", "--preset", "zhipu", "--sale-price", "120", *args)
    assert (run.code, run.stdout) == (2, "") and run.stderr.count("\n") == 1
    assert says in run.stderr, run.stderr


def test_probability_pairs_with_sizes_in_the_order_given():
    rows = result("plan", "--preset", "zhipu", "--sale-price", "120", "--probability", "5%;7%", "--sizes",
                  "200+100")["rows"]
    assert [(row["shares_applied"], row["p_at_least_one_lot"]) for row in rows] == [(100, "7"), (200, "5")]
    same = result("plan", "--preset", "zhipu", "--sale-price", "120", "--probability", "7%;5%", "--sizes", "100+200")
    assert same["rows"] == rows
