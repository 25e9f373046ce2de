"""--broker NAME and --broker-file on entry-fee, margin, sell, expected-value and plan: the precedence
explicit option > the deal's [financing]/[sale] > the broker profile > the defaults; a broker's own example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import invoke

EXAMPLES = json.loads((Path(__file__).parent / "cases" / "broker_examples.json").read_text(encoding="utf-8"))


def result(*args: str) -> dict:
    run = invoke(*args, "--json")
    assert run.code == 0, run.stderr
    return run.json()


def test_longbridges_10000_example_through_sell():
    # Longbridge's overview: HK$10,000 sold (1,000 shares at 10.00) before 30 Jun 2025: commission 3 (the minimum),
    # platform fee 15, settlement 2, stamp duty 10, other levies 0.86: 30.86 in all ("~30 HKD").
    example = next(item for item in EXAMPLES["examples"] if item["id"] == "longbridge-overview-10000")
    sold = result("sell", "--shares", "1,000", "--price", "10.00", "--date", example["date"], "--broker", "longbridge")
    charges = sold["result"]
    assert (charges["commission"], charges["platform_fee"], charges["settlement_fee"]) == ("3.00", "15.00", "2.00")
    assert charges["total_charges"] == example["total_computed"] == "30.86"
    assert "longbridge" in sold["assumptions"]["broker"]


def test_margin_takes_the_brokers_rate_and_financed_handling_fee():
    financed = result("margin", "--preset", "zhipu", "--leverage", "10x", "--days", "5", "--broker", "longbridge")
    assert (financed["result"]["rate_pct"], financed["result"]["handling_fee"]) == ("3.99", "99.00")
    assert financed["result"]["interest"] == "5.77"  # 10,563.47 x 3.99% x 5 / 365


def test_an_explicit_option_wins_over_the_broker():
    mine = result("margin", "--preset", "zhipu", "--leverage", "10x", "--days", "5", "--rate", "3.5%",
                  "--broker", "longbridge")
    assert (mine["result"]["rate_pct"], mine["result"]["interest"]) == ("3.5", "5.06")


def test_the_deals_financing_wins_over_the_broker(tmp_path):
    deal = tmp_path / "deal.toml"
    deal.write_text('[offer]\nshares = "37,419,500"\nprice = "116.20"\nboard_lot = 100\n'
                    '[financing]\nleverage = "10x"\nrate = "3.5%"\ndays = 5\n', encoding="utf-8")
    by_deal = result("margin", "--file", str(deal), "--broker", "longbridge")
    assert (by_deal["result"]["rate_pct"], by_deal["result"]["handling_fee"]) == ("3.5", "99.00")


def test_the_cash_fee_for_a_cash_application_and_the_financed_fee_when_financed():
    cash = result("entry-fee", "--preset", "zhipu", "--broker", "longbridge")["result"]
    assert (cash["handling_fee"], cash["cash_with_handling_fee"]) == ("49.00", "11786.19")
    plan_cash = result("plan", "--preset", "zhipu", "--sale-price", "120", "--tiers", "1", "--broker", "longbridge")
    plan_financed = result("plan", "--preset", "zhipu", "--sale-price", "120", "--tiers", "1", "--leverage", "10x",
                           "--days", "7", "--broker", "longbridge")
    assert plan_cash["result"]["rows"][0]["handling_fee"] == "49.00"
    assert plan_financed["result"]["rows"][0]["handling_fee"] == "99.00"


def test_an_unpublished_rate_is_left_to_the_user():
    run = invoke("margin", "--preset", "zhipu", "--leverage", "10x", "--days", "5", "--broker", "tiger")
    assert run.code == 2 and run.stdout == "" and "--rate" in run.stderr


def test_a_users_own_profile(tmp_path):
    profile = tmp_path / "mine.toml"
    profile.write_text('based_on = "longbridge"\nfinancing_rate_pct = "2.5%"\n', encoding="utf-8")
    mine = result("margin", "--preset", "zhipu", "--leverage", "10x", "--days", "5", "--broker-file", str(profile))
    assert (mine["result"]["rate_pct"], mine["result"]["handling_fee"]) == ("2.5", "99.00")


@pytest.mark.parametrize("args, words", [
    (["--broker", "nobody"], "unknown broker"),
    (["--broker", "futu", "--broker-file", "x.toml"], "--broker or --broker-file"),
])
def test_refusals(args, words):
    run = invoke("sell", "--shares", "100", "--price", "120", "--date", "2026-01-08", *args)
    assert run.code == 2 and run.stdout == "" and words in run.stderr


P_ONE_LOT = "5.000053845077"  # 4,643/92,859 of Zhipu's one-lot applicants: P(one lot), %


@pytest.mark.parametrize("broker, pnl", [("hsbc", "149.29"), ("futu", "230.69")])
def test_plan_and_expected_value_sell_with_the_brokers_commission_and_platform_fee(broker, pnl):
    from decimal import Decimal

    sold = result("sell", "--preset", "zhipu", "--shares", "100", "--price", "120", "--broker", broker)["result"]
    assert sold["pnl"] == pnl  # hsbc: commission 100 (the minimum); futu: 3.60 and a platform fee of 15
    want = (Decimal(P_ONE_LOT) * Decimal(pnl) / 100).quantize(Decimal("1E-12"))
    row = result("plan", "--preset", "zhipu", "--sale-price", "120", "--broker", broker, "--tiers", "1")
    assert abs(Decimal(row["result"]["rows"][0]["expected_pnl"]) - want) <= Decimal("1E-12")
    assert "no broker's commission" not in row["assumptions"]["sale"]
    valued = result("expected-value", "--preset", "zhipu", "--tier", "100", "--sale-price", "120", "--broker", broker)
    assert valued["result"]["pnl_if_allotted"] == pnl
    assert valued["result"]["expected_pnl"] == row["result"]["rows"][0]["expected_pnl"]


def test_a_commission_given_wins_over_the_brokers_on_plan_and_expected_value():
    mine = ("--commission-pct", "0%", "--min-commission", "0", "--platform-fee", "0")
    plain = result("plan", "--preset", "zhipu", "--sale-price", "120", "--tiers", "1")["result"]["rows"][0]
    given = result("plan", "--preset", "zhipu", "--sale-price", "120", "--tiers", "1", "--broker", "hsbc", *mine)
    assert given["result"]["rows"][0]["expected_pnl"] == plain["expected_pnl"] == "12.464634230392"
    valued = result("expected-value", "--preset", "zhipu", "--tier", "100", "--sale-price", "120",
                    "--commission-pct", "0.25%", "--min-commission", "100")
    assert valued["result"]["pnl_if_allotted"] == "149.29"
