"""`sell`: selling charges by trade date, first-day P&L and break-even, on published worked examples.

Cases and their sources: tests/cases/selling_cases.json (Longbridge's worked example in two dated
versions, before and after HKSCC's settlement-fee change of 30 Jun 2025; rule checks around
17 Nov 2023; IBKR's and HKEX's published examples of the old trading tariff, settlement minimum and
0.1% stamp duty). Charges are per side, the same for buyer and seller, so the example's buys are
checked with `sell` too.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import invoke, run_installed
from zhipu_ipo.calc.sale_schedules import SPREAD_TABLES, spread_table_on, tick_at_or_above
from zhipu_ipo.calc.selling import (
    NO_COMMISSION,
    Commission,
    Rates,
    break_even_cents,
    break_even_exact,
    sale_charges,
)

CASES = json.loads((Path(__file__).parent / "cases" / "selling_cases.json").read_text(encoding="utf-8"))
LONGBRIDGE = {case["id"]: case for case in CASES["selling"]}
TRADES = [(case_id, trade) for case_id, case in LONGBRIDGE.items() for trade in case["trades"]]
ZHIPU = ["sell", "--shares", "100", "--price", "120", "--date", "2026-01-08", "--offer-price", "116.20"]


def sell(*args: str) -> dict:
    run = invoke("sell", *args, "--json")
    assert run.code == 0, run.stderr
    return run.json()["result"]


def same(printed: str, computed: str) -> bool:
    return Decimal(printed) == Decimal(computed)


@pytest.mark.parametrize(("case_id", "trade"), TRADES, ids=[f"{c}-{t['turnover']}" for c, t in TRADES])
def test_longbridge_worked_example_to_the_cent(case_id, trade):
    result = sell("--shares", str(trade["shares"]), "--price", trade["price"], "--date", trade["date"],
                  "--trading-fee-rounding", "up")
    assert same(trade["turnover"], result["consideration"])
    for key in ("settlement_fee", "stamp_duty", "trading_fee", "sfc_levy", "afrc_levy"):
        assert same(trade[key], result[key]), key
    assert same(trade["total"], result["total_charges"])


def test_hkex_nearest_cent_rule_is_one_cent_below_longbridge_on_two_trading_fees():
    # 104,300 x 0.00565% = 5.89295 and 18,120 x 0.00565% = 1.02378: nearest cent 5.89 and 1.02,
    # the page prints 5.90 and 1.03; 90,600 (5.1189) and 5,980 (0.33787) agree either way.
    nearest = {turnover: sell("--shares", shares, "--price", price, "--date", "2025-11-12")["trading_fee"]
               for turnover, shares, price in (("104300", "35,000", "2.98"), ("18120", "6,000", "3.02"),
                                               ("90600", "30,000", "3.02"), ("5980", "2,000", "2.99"))}
    assert nearest == {"104300": "5.89", "18120": "1.02", "90600": "5.12", "5980": "0.34"}


def test_longbridge_sells_with_commission_settle_to_the_cent():
    # Version A: 0.03% min HK$3 commission and HK$15 platform fee; the two sells settle 108,534.12.
    case = LONGBRIDGE["longbridge-1288-old-settlement-fee"]
    broker = ("--commission-pct", "0.03%", "--min-commission", "3", "--platform-fee", "15", "--trading-fee-rounding", "up")
    proceeds = Decimal(0)
    for trade in case["trades"]:
        result = sell("--shares", str(trade["shares"]), "--price", trade["price"], "--date", trade["date"], *broker)
        assert same(trade["commission"], result["commission"]) and same(trade["platform_fee"], result["platform_fee"])
        if trade["side"] == "sell":
            proceeds += Decimal(result["net_proceeds"])
    assert proceeds == Decimal(case["settlement_of_the_sells"])


@pytest.mark.parametrize("case", CASES["rule_checks_before_17_nov_2023"]["cases"], ids=lambda case: case["date"])
def test_charges_around_the_stamp_duty_and_tariff_changes(case):
    result = sell("--shares", str(case["shares"]), "--price", case["price"], "--date", case["date"])
    for key in ("stamp_duty", "trading_fee", "sfc_levy", "afrc_levy", "settlement_fee", "total_charges"):
        assert same(case[key], result[key]), (key, case["hand"])


PUBLISHED_OLD = {case["id"]: case for case in CASES["published_before_17_nov_2023"]["cases"]}


@pytest.mark.parametrize("day", PUBLISHED_OLD["ibkr-hk-tiered-1000-at-50"]["dates_reproduced"])
def test_ibkr_example_trading_tariff_and_settlement_minimum_to_the_cent(day):
    # IBKR: 1,000 x HK$50.00, tiered fee 25.00 + exchange fees 3.00 + clearing fees 2.00 = 30.00.
    # 50,000 x 0.005% = 2.50 + the HK$0.50 trading tariff = 3.00; 50,000 x 0.002% = 1.00 -> the HK$2 minimum.
    case = PUBLISHED_OLD["ibkr-hk-tiered-1000-at-50"]
    result = sell("--shares", str(case["shares"]), "--price", case["price"], "--date", day,
                  "--commission-pct", case["commission_pct"] + "%")
    for key in ("commission", "trading_fee", "settlement_fee"):
        assert same(case[key], result[key]), (key, day)
    printed_part = Decimal(result["commission"]) + Decimal(result["trading_fee"]) + Decimal(result["settlement_fee"])
    assert printed_part == Decimal(case["total_printed"])
    # IBKR leaves stamp duty and the levies out of the example; they follow the date.
    assert result["stamp_duty"] == ("50.00" if day < "2021-08-01" else "65.00")
    assert result["afrc_levy"] == ("0.00" if day < "2022-01-01" else "0.08")


def test_ibkr_example_is_not_reproduced_after_the_tariff_went():
    # From 1 Jan 2023 no tariff and 0.00565%: 50,000 x 0.00565% = 2.825 -> 2.83, not the page's 3.00.
    case = PUBLISHED_OLD["ibkr-hk-tiered-1000-at-50"]
    result = sell("--shares", "1000", "--price", "50", "--date", case["date_not_reproduced"])
    assert (result["trading_fee"], result["settlement_fee"]) == ("2.83", "2.00")


def test_hkex_stamp_duty_example_rounds_up_to_the_dollar():
    # HKEX: consideration HK$11,710 -> stamp duty @0.1% = 11.71 -> HK$12.00 payable.
    case = PUBLISHED_OLD["hkex-rmb-faq-stamp-duty-11710"]
    result = sell("--shares", str(case["shares"]), "--price", case["price"], "--date", case["date"])
    assert same(case["consideration"], result["consideration"]) and same(case["stamp_duty"], result["stamp_duty"])
    # The same consideration under the 0.13% of 1 Aug 2021: 15.223 -> 16.
    assert sell("--shares", "1000", "--price", "11.71", "--date", "2021-08-02")["stamp_duty"] == "16.00"
    # Futu/moomoo: "HK$2.01 will be rounded up to HK$3.00" (2,010 x 0.1%).
    rounding = PUBLISHED_OLD["futu-moomoo-stamp-duty-rounding"]
    assert same(rounding["stamp_duty"], sell("--shares", str(rounding["shares"]), "--price", rounding["price"],
                                             "--date", rounding["date"])["stamp_duty"])


def test_settlement_fee_changes_on_30_june_2025():
    # 90,600 x 0.002% = 1.812 -> the HK$2 minimum until 29 Jun 2025; 90,600 x 0.0042% = 3.8052 -> 3.81 from 30 Jun.
    before = sell("--shares", "30,000", "--price", "3.02", "--date", "2025-06-29")
    after = sell("--shares", "30,000", "--price", "3.02", "--date", "2025-06-30")
    assert (before["settlement_fee"], after["settlement_fee"]) == ("2.00", "3.81")
    # A large trade met the HK$100 maximum before; now it pays the full rate: 10,000,000 x 0.0042% = 420.
    big = sell("--shares", "100,000", "--price", "100", "--date", "2025-06-29")["settlement_fee"]
    assert big == "100.00"
    assert sell("--shares", "100,000", "--price", "100", "--date", "2025-06-30")["settlement_fee"] == "420.00"


def test_stamp_duty_counts_any_fraction_of_a_dollar_as_a_dollar():
    # 100 x 120.01 = 12,001 -> 0.1% = 12.001 -> 13; exactly 12,000 -> 12.
    assert sell("--shares", "100", "--price", "120.01", "--date", "2026-01-08")["stamp_duty"] == "13.00"
    assert sell("--shares", "100", "--price", "120", "--date", "2026-01-08")["stamp_duty"] == "12.00"


def test_a_date_before_the_earliest_schedule_is_refused():
    run = invoke("sell", "--shares", "100", "--price", "120", "--date", "2014-10-31")
    assert run.code == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and "2014-11-01" in run.stderr and "not priced" in run.stderr


def test_zhipu_one_lot_at_the_open_hand_checked():
    # Sale, 8 Jan 2026, 100 x HK$120.00 = 12,000.00:
    #   stamp duty 12,000 x 0.1% = 12 (a whole dollar already)              12.00
    #   trading fee 12,000 x 0.00565% = 0.678 -> nearest cent               0.68
    #   SFC levy 12,000 x 0.0027% = 0.324                                   0.32
    #   AFRC levy 12,000 x 0.00015% = 0.018                                 0.02
    #   settlement 12,000 x 0.0042% = 0.504 (rule of 30 Jun 2025)           0.50
    #   total 13.52; net proceeds 12,000 - 13.52 = 11,986.48
    # Cost: 100 x 116.20 = 11,620.00 + brokerage 116.20 + SFC 0.31374 -> 0.31 + AFRC 0.01743 -> 0.02
    #   + trading fee 0.65653 -> 0.66 = 11,737.19
    # P&L 11,986.48 - 11,737.19 = 249.29; return 249.29 / 11,737.19 = 2.1239...%
    # Break-even: at 117.50, 11,750 pays 12 + 0.66 + 0.32 + 0.02 + 0.49 = 13.49 -> 11,736.51 < 11,737.19;
    #   at 117.51, 11,751 pays 12 + 0.66 + 0.32 + 0.02 + 0.49 = 13.49 -> 11,737.51 >= 11,737.19.
    #   Spread table, HK$100-200 band: tick 0.10, so the first tradable price is 117.60.
    #   Unrounded: 11,737.19 / (100 x (1 - 0.1127%)) = 117.50432737...
    result = invoke(*ZHIPU, "--json").json()["result"]
    assert [result[key] for key in ("stamp_duty", "trading_fee", "sfc_levy", "afrc_levy", "settlement_fee")] == [
        "12.00", "0.68", "0.32", "0.02", "0.50"]
    assert (result["total_charges"], result["net_proceeds"]) == ("13.52", "11986.48")
    assert (result["cost"], result["pnl"]) == ("11737.19", "249.29")
    assert result["return_pct"].startswith("2.12393255966")
    assert (result["break_even_price"], result["break_even_tick_price"], result["break_even_tick"]) == (
        "117.51", "117.60", "0.10")
    assert result["break_even_exact"].startswith("117.50432737")
    below = sell("--shares", "100", "--price", "117.50", "--date", "2026-01-08")["net_proceeds"]
    at = sell("--shares", "100", "--price", "117.51", "--date", "2026-01-08")["net_proceeds"]
    assert (below, at) == ("11736.51", "11737.51")


def test_zhipu_table_and_assumptions_name_the_rounding_rules():
    run = invoke(*ZHIPU)
    assert run.code == 0 and run.stderr == ""
    for figure in ("13.52", "11,986.48", "11,737.19", "249.29", "117.51", "117.60"):
        assert figure in run.stdout
    assumptions = invoke(*ZHIPU, "--json").json()["assumptions"]
    assert "fraction of a dollar counted as a dollar" in assumptions["stamp_duty"]
    assert "nearest" in assumptions["trading_fee"] and "2025-06-30" in assumptions["settlement_fee"]
    assert {"return_pct", "break_even_exact"} <= set(assumptions["rounded"])


def test_break_even_is_the_smallest_covering_cent_even_where_stamp_duty_steps():
    # One share: net proceeds fall by about a dollar where stamp duty steps up, so a bisection alone could
    # land on a later price; the smallest covering cent must be found.
    rates = Rates.on(date(2026, 1, 8))
    # Cost 998.12 on one share: 999.25 covers it (stamp duty 1), 1000.01 to 1000.24 do not (stamp duty 2);
    # a plain bisection lands on 1000.25.
    assert break_even_cents(Decimal("998.12"), 1, rates, NO_COMMISSION, "nearest") == Decimal("999.25")
    for cost in (Decimal("998.12"), Decimal("998.40"), Decimal("999.50"), Decimal("1000.10"), Decimal("57.00")):
        cents = break_even_cents(cost, 1, rates, NO_COMMISSION, "nearest")
        assert sale_charges(1, cents, rates).net_proceeds >= cost
        price = cents - Decimal("0.01")
        while price > cost / 2:
            assert sale_charges(1, price, rates).net_proceeds < cost, (cost, price)
            price -= Decimal("0.01")


@pytest.mark.parametrize(("price", "day", "expected"), [
    ("117.51", "2026-01-08", ("117.60", "0.10")),
    ("117.50", "2026-01-08", ("117.50", "0.10")),
    ("15.005", "2025-08-03", ("15.02", "0.02")),  # before phase 1: HK$10-20 traded in 0.02
    ("15.005", "2025-08-04", ("15.01", "0.01")),  # from 4 Aug 2025: 0.01
    ("20.00", "2024-01-02", ("20.00", "0.02")),  # "over 10 to 20": 20.00 is the band's top
    ("20.001", "2026-01-08", ("20.02", "0.02")),
    ("0.2505", "2026-01-08", ("0.255", "0.005")),
])
def test_spread_table(price, day, expected):
    found = tick_at_or_above(Decimal(price), spread_table_on(date.fromisoformat(day)))
    assert found is not None and tuple(format(item, "f") for item in found) == expected


def test_spread_tables_are_dated_and_sourced():
    assert [table.start.isoformat() for table in SPREAD_TABLES] == ["2014-11-01", "2025-08-04"]
    assert all(table.sources for table in SPREAD_TABLES)
    assert tick_at_or_above(Decimal("9996"), SPREAD_TABLES[-1]) is None


def test_grey_market_venue_and_overrides():
    grey = invoke("sell", "--shares", "100", "--price", "120", "--date", "2026-01-07", "--venue", "grey", "--json")
    data = grey.json()
    assert data["result"]["venue"] == "grey" and "暗盤" in data["assumptions"]["venue"]
    assert data["result"]["total_charges"] == "13.52"  # the same pass-through charges by default (Longbridge)
    no_stamp = sell("--shares", "100", "--price", "120", "--date", "2026-01-07", "--venue", "grey",
                    "--stamp-duty-pct", "0")
    assert no_stamp["total_charges"] == "1.52"  # a broker that passes on no stamp duty (Futu's grey-market table)
    old_rule = sell("--shares", "30,000", "--price", "3.02", "--date", "2025-11-12", "--settlement-fee-pct",
                    "0.002%", "--settlement-fee-min", "2", "--settlement-fee-max", "100")
    assert old_rule["settlement_fee"] == "2.00"
    overridden = invoke("sell", "--shares", "100", "--price", "120", "--date", "2026-01-08", "--sfc-levy-pct", "0.003",
                        "--json").json()
    assert overridden["result"]["sfc_levy"] == "0.36" and "sfc_levy pct" in overridden["assumptions"]["overrides"]


def test_sell_refuses_what_it_cannot_price():
    for args in (["--shares", "100", "--price", "120"], ["--shares", "100", "--price", "120", "--date", "2026-02-30"],
                 ["--shares", "100", "--price", "120", "--date", "2026-01-08", "--venue", "otc"],
                 ["--shares", "100", "--price", "120", "--date", "2026-01-08", "--min-commission", "3"]):
        run = invoke("sell", *args)
        assert run.code == 2 and run.stdout == "" and run.stderr.count("\n") == 1, args


def test_installed_script_sells_zhipu():
    run = run_installed(*ZHIPU, "--json")
    assert run.code == 0, run.stderr
    assert run.json()["result"]["pnl"] == "249.29"


@settings(max_examples=60, deadline=None)
@given(shares=st.integers(min_value=1, max_value=200_000), cents=st.integers(min_value=50, max_value=200_000),
       day=st.sampled_from(["2021-07-30", "2022-06-01", "2023-11-16", "2024-11-12", "2026-01-08"]))
def test_break_even_covers_the_cost_and_the_cent_below_does_not(shares, cents, day):
    rates = Rates.on(date.fromisoformat(day))
    cost = sale_charges(shares, Decimal(cents) / 100, rates).consideration * Decimal("1.01")
    found = break_even_cents(cost, shares, rates, NO_COMMISSION, "nearest")
    assert sale_charges(shares, found, rates).net_proceeds >= cost
    assert sale_charges(shares, found - Decimal("0.01"), rates).net_proceeds < cost
    tick = tick_at_or_above(found, spread_table_on(date.fromisoformat(day)))
    assert tick is not None and tick[0] >= found and tick[0] - found < tick[1]


# The HKEX spread table band by band, written out from its published text ("over X to Y: tick"):
# before 4 Aug 2025, and from then (phase 1 of the reduction: HK$10-20 in 0.01, HK$20-50 in 0.02).
SPREADS = {
    "2025-08-01": [("0.01", "0.25", "0.001"), ("0.25", "0.50", "0.005"), ("0.50", "10", "0.01"), ("10", "20", "0.02"),
                   ("20", "100", "0.05"), ("100", "200", "0.10"), ("200", "500", "0.20"), ("500", "1000", "0.50"),
                   ("1000", "2000", "1"), ("2000", "5000", "2"), ("5000", "9995", "5")],
    "2025-08-04": [("0.01", "0.25", "0.001"), ("0.25", "0.50", "0.005"), ("0.50", "10", "0.01"), ("10", "20", "0.01"),
                   ("20", "50", "0.02"), ("50", "100", "0.05"), ("100", "200", "0.10"), ("200", "500", "0.20"),
                   ("500", "1000", "0.50"), ("1000", "2000", "1"), ("2000", "5000", "2"), ("5000", "9995", "5")],
}


@pytest.mark.parametrize("day", sorted(SPREADS))
def test_every_band_of_the_spread_table(day):
    table = spread_table_on(date.fromisoformat(day))
    for low, high, tick in SPREADS[day]:
        low_, high_, tick_ = Decimal(low), Decimal(high), Decimal(tick)
        just_over = low_ + tick_ / 3  # inside the band, between two ticks
        assert tick_at_or_above(just_over, table) == (low_ + tick_, tick_), (day, low, high)
        assert tick_at_or_above(high_, table) == (high_, tick_), (day, high)


def test_the_application_charges_follow_the_entry_fee_schedule_by_date():
    from zhipu_ipo.calc.selling import entry_schedule_on

    assert [entry_schedule_on(date.fromisoformat(day)) for day in
            ("2021-12-31", "2022-01-01", "2022-12-31", "2023-01-01")] == [
        "hkex-2014", "hkex-2022", "hkex-2022", "hkex-2023"]


def test_the_exact_break_even_charges_a_commission_minimum_on_the_side_of_the_cent_it_falls():
    # 100 shares, commission 0.25% with a HK$50 minimum: at HK$200.00 the commission is the minimum exactly. A cost
    # 30 cents under the net proceeds there breaks even just below HK$200.00, where the minimum is what is charged.
    rates = Rates.on(date(2026, 1, 8))
    commission = Commission(Decimal("0.25"), Decimal("50"))
    cost = sale_charges(100, Decimal("200.00"), rates, commission).net_proceeds - Decimal("0.30")
    assert cost == Decimal("19927.16")
    at = break_even_cents(cost, 100, rates, commission, "nearest")
    rounded: dict[str, str] = {}
    assert at == Decimal("200.00")
    # (cost + 50) / (100 x (1 - 0.1085%)), the minimum as a fixed charge; with the rate, 199.996989079391
    assert break_even_exact(cost, 100, rates, commission, at, rounded) == Decimal("199.996996615185")
    assert "break_even_exact" in rounded
