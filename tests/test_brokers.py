"""Broker profiles: the built-in data, the published worked examples, and a user's TOML profile.

Cases and their sources: tests/cases/broker_examples.json (Longbridge's fee page, github.com/longbridge/docs
at commit ed5f243). The profiles' figures and sources are in zhipu_ipo/brokers.py; docs/brokers.md tabulates them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from zhipu_ipo.brokers import (
    BROKERS,
    BrokerProfile,
    broker_named,
    handling_fee,
    option_values,
    parse_broker,
    parse_broker_file,
    summary,
)
from zhipu_ipo.calc.financing import compute_margin, interest
from zhipu_ipo.calc.selling import ROUND_UP, Commission, Rates, compute_sell, sale_charges
from zhipu_ipo.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((ROOT / "tests" / "cases" / "broker_examples.json").read_text(encoding="utf-8"))
EXAMPLES = {case["id"]: case for case in CASES["examples"]}
OPTIONS = {"handling_fee", "handling_fee_financed", "rate", "basis", "commission_pct", "min_commission", "platform_fee"}
FIGURES = ("handling_fee_cash", "handling_fee_financed", "financing_rate_pct", "financing_basis", "min_interest",
           "commission_pct", "min_commission", "platform_fee")


def commission_of(profile: BrokerProfile) -> Commission:
    values = option_values(profile)
    return Commission(values["commission_pct"], values["min_commission"], values["platform_fee"])


# --- the built-in data ---------------------------------------------------------------------------


def test_at_least_four_brokers_of_the_brief():
    assert len({"futu", "tiger", "longbridge", "hsbc", "bochk", "hang-seng"} & set(BROKERS)) >= 4


@pytest.mark.parametrize("name", sorted(BROKERS))
def test_each_profile_is_dated_sourced_and_exact(name):
    profile = BROKERS[name]
    assert profile.name == name and profile.title and "read 2026-12-02" in profile.effective
    assert profile.sources and all(("://" in source or "github.com/" in source) for source in profile.sources)
    for field in FIGURES:
        value = getattr(profile, field)
        assert value is None or isinstance(value, (Decimal, int)) and not isinstance(value, bool), field
    assert profile.financing_basis in (None, 365, 360)
    # a figure left out (not published) makes the profile uncertain and is explained in a note
    if any(getattr(profile, field) is None for field in FIGURES[:2] + FIGURES[5:]):
        assert profile.uncertain and profile.notes


def test_the_published_figures():
    futu, longbridge, tiger = BROKERS["futu"], BROKERS["longbridge"], BROKERS["tiger"]
    assert (futu.handling_fee_cash, futu.handling_fee_financed) == (Decimal("0"), Decimal("100"))
    assert (longbridge.handling_fee_cash, longbridge.handling_fee_financed) == (Decimal("49"), Decimal("99"))
    assert (longbridge.financing_rate_pct, longbridge.financing_basis) == (Decimal("3.99"), 365)
    assert (tiger.handling_fee_cash, tiger.handling_fee_financed) == (Decimal("0"), Decimal("100"))
    assert (BROKERS["hsbc"].commission_pct, BROKERS["hsbc"].min_commission) == (Decimal("0.25"), Decimal("100"))
    assert BROKERS["bochk"].handling_fee_cash == Decimal("100")
    for name in ("futu", "longbridge"):
        assert (BROKERS[name].commission_pct, BROKERS[name].min_commission, BROKERS[name].platform_fee) == (
            Decimal("0.03"), Decimal("3"), Decimal("15"))


def test_what_is_not_published_is_none_never_a_guess():
    tiger, hsbc, bochk = BROKERS["tiger"], BROKERS["hsbc"], BROKERS["bochk"]
    assert tiger.financing_rate_pct is None and tiger.financing_basis is None
    assert tiger.min_commission is None and tiger.platform_fee is None
    assert hsbc.handling_fee_financed is None and hsbc.financing_rate_pct is None and hsbc.financing_basis is None
    assert bochk.financing_rate_pct is None and bochk.financing_basis is None
    assert all(profile.min_interest is None for profile in BROKERS.values())


# --- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, name", [("futu", "futu"), (" Longbridge ", "longbridge"), ("HSBC", "hsbc"),
                                        ("富途", "futu"), ("長橋", "longbridge"), ("中銀香港", "bochk")])
def test_parse_broker_ignores_case_and_knows_the_chinese_names(text, name):
    assert parse_broker(text) == name and broker_named(text) is BROKERS[name]


def test_an_unknown_broker_lists_the_names_and_no_option():
    with pytest.raises(InputError) as raised:
        parse_broker("webull")
    message = str(raised.value)
    assert "'webull'" in message and all(name in message for name in BROKERS) and "--" not in message


# --- the options a profile gives ----------------------------------------------------------------


def test_option_values_use_todays_option_names_and_leave_out_what_is_unpublished():
    for profile in BROKERS.values():
        values = option_values(profile)
        assert set(values) <= OPTIONS and None not in values.values()
    assert option_values(BROKERS["longbridge"]) == {
        "handling_fee": Decimal("49"), "handling_fee_financed": Decimal("99"), "rate": Decimal("3.99"),
        "basis": 365, "commission_pct": Decimal("0.03"), "min_commission": Decimal("3"),
        "platform_fee": Decimal("15")}
    assert "rate" not in option_values(BROKERS["tiger"]) and "basis" not in option_values(BROKERS["hsbc"])
    no_rate = BROKERS["longbridge"]._replace(commission_pct=None)
    assert "min_commission" not in option_values(no_rate)  # `sell` refuses a minimum without a rate


def test_the_handling_fee_rule_financed_or_cash():
    futu = BROKERS["futu"]
    assert handling_fee(futu, financed=True) == Decimal("100") and handling_fee(futu, financed=False) == 0
    assert handling_fee(BROKERS["hsbc"], financed=True) is None


@pytest.mark.parametrize("name", sorted(BROKERS))
def test_every_profile_drives_sell_and_margin(name):
    values = option_values(BROKERS[name])
    sell = {key: values[key] for key in ("commission_pct", "min_commission", "platform_fee") if key in values}
    result = compute_sell(shares=100, price=Decimal("120"), date="2026-01-08", **sell).result
    assert result.commission == max(Decimal("12000") * values["commission_pct"] / 100,
                                    values.get("min_commission", Decimal(0))).quantize(Decimal("0.01"))
    if "rate" in values:
        margin = compute_margin(financed=Decimal("1000000"), rate=values["rate"], days=5,
                                basis=values.get("basis", 365),
                                handling_fee=handling_fee(BROKERS[name], financed=True)).result
        assert margin.total_cost == margin.interest + (values.get("handling_fee_financed") or 0)


def test_longbridge_bank_financing_for_the_stored_example_period():
    # 3.99% / 365 on HK$1,000,000 from a 7 Aug deadline to 12 Aug results (5 days): 546.58 plus HK$99
    values = option_values(BROKERS["longbridge"])
    result = compute_margin(financed=Decimal("1000000"), rate=values["rate"], start="2025-08-07", end="2025-08-12",
                            basis=values["basis"], handling_fee=values["handling_fee_financed"]).result
    assert (result.days, result.interest, result.total_cost) == (5, Decimal("546.58"), Decimal("645.58"))


def test_summary_names_the_figures_and_the_sources():
    line = summary(BROKERS["tiger"])
    assert line.startswith("broker tiger (") and "financing not published" in line and "itiger.com" in line
    assert "HK$0 cash, HK$100 financed" in summary(BROKERS["futu"])


# --- Longbridge's published worked examples -----------------------------------------------------


def test_longbridge_commission_example_to_the_cent_from_the_profile():
    case = EXAMPLES["longbridge-1288-commission-and-settlement"]
    broker = commission_of(broker_named(case["broker"]))
    rates = Rates.on(date.fromisoformat(case["settlement_dates"]["new_rule"]))
    for trade in case["trades"]:
        bill = sale_charges(trade["shares"], Decimal(trade["price"]), rates, broker, ROUND_UP)
        assert bill.consideration == Decimal(trade["turnover"])
        assert (bill.commission, bill.platform_fee) == (Decimal(trade["commission"]), Decimal(trade["platform_fee"]))


def settled(case: dict, day: str) -> tuple[Decimal, Decimal]:
    broker = commission_of(broker_named(case["broker"]))
    rates = Rates.on(date.fromisoformat(day))
    bills = [(trade["side"], sale_charges(trade["shares"], Decimal(trade["price"]), rates, broker, ROUND_UP))
             for trade in case["trades"]]
    buys = sum((bill.consideration + bill.total_charges for side, bill in bills if side == "buy"), Decimal(0))
    sells = sum((bill.net_proceeds for side, bill in bills if side == "sell"), Decimal(0))
    return buys, sells


def test_longbridge_settlement_amounts_are_those_of_the_old_settlement_fee():
    case = EXAMPLES["longbridge-1288-commission-and-settlement"]
    printed = case["printed_settlement"]
    buys, sells = settled(case, case["settlement_dates"]["old_rule"])
    assert (buys, sells, buys - sells) == (Decimal(printed["buys_settled_13_nov"]),
                                          Decimal(printed["sells_settled_14_nov"]),
                                          Decimal(printed["debit_from_14_nov"]))
    # with the 0.0042% fee the page's own table now uses, the same orders settle differently
    assert settled(case, case["settlement_dates"]["new_rule"]) == (Decimal("110469.31"), Decimal("108533.55"))


def test_longbridge_interest_formula_on_the_printed_balances():
    # the page prints balance x 5.75% / 365 per day and no amounts: one day of each, to the cent
    case = EXAMPLES["longbridge-1288-commission-and-settlement"]
    derived = case["derived_interest_not_printed"]
    printed = case["printed_settlement"]
    assert interest(Decimal(printed["buys_settled_13_nov"]), Decimal("5.75"), 1, 365)[0] == Decimal(derived["13_nov"])
    assert interest(Decimal(printed["debit_from_14_nov"]), Decimal("5.75"), 1, 365)[0] == Decimal(derived["14_nov"])


def test_longbridge_overview_example():
    case = EXAMPLES["longbridge-overview-10000"]
    rates = Rates.on(date.fromisoformat(case["date"]))
    bill = sale_charges(case["shares"], Decimal(case["price"]), rates, commission_of(broker_named(case["broker"])))
    assert (bill.commission, bill.platform_fee, bill.settlement_fee, bill.stamp_duty) == (
        Decimal(case["commission"]), Decimal(case["platform_fee"]), Decimal(case["settlement_fee"]),
        Decimal(case["stamp_duty"]))
    assert bill.trading_fee + bill.sfc_levy + bill.afrc_levy < Decimal(case["other_regulatory_below"])
    assert bill.total_charges == Decimal(case["total_computed"])
    assert round(bill.total_charges) == Decimal(case["total_about"]) + 1  # printed as '~30 HKD'
    after = sale_charges(case["shares"], Decimal(case["price"]), Rates.on(date(2025, 6, 30)),
                         commission_of(BROKERS["longbridge"]))
    assert after.settlement_fee == Decimal("0.42")


# --- a user's own profile -----------------------------------------------------------------------


def docs_toml() -> str:
    text = (ROOT / "docs" / "brokers.md").read_text(encoding="utf-8")
    return re.search(r"```toml\n(.*?)```", text, re.S).group(1)


def test_the_documented_profile_file_parses():
    profile = parse_broker_file(docs_toml(), "mine.toml")
    assert profile.name == "futu-mine" and profile.financing_rate_pct == Decimal("3.8")
    assert profile.commission_pct == Decimal("0.03")  # a bare TOML decimal, read exactly
    assert profile.handling_fee_cash == Decimal("0")  # kept from futu
    assert profile.sources == BROKERS["futu"].sources and profile.notes[-1].startswith("bank-financing rate")
    assert option_values(profile)["rate"] == Decimal("3.8")


def test_a_profile_without_a_base_has_only_what_it_gives():
    profile = parse_broker_file('title = "My broker"\nhandling_fee_cash = 50\nfinancing_basis = "360"\n'
                                'commission_pct = "0.05%"\nuncertain = true\n', "b.toml")
    assert profile.name == "custom" and profile.handling_fee_cash == Decimal("50")
    assert profile.financing_basis == 360 and profile.commission_pct == Decimal("0.05") and profile.uncertain
    assert option_values(profile) == {"handling_fee": Decimal("50"), "basis": 360, "commission_pct": Decimal("0.05")}
    assert parse_broker_file('based_on = "hsbc"\n', "c.toml").name == "hsbc+custom"


@pytest.mark.parametrize("text, words", [
    ("platform = 15\n", ["b.toml: platform is not a known key"]),
    ('commission_pct = "abc"\n', ["b.toml", "commission_pct"]),
    ("platform_fee = true\n", ["b.toml", "platform_fee", "bool"]),
    ("financing_basis = 364\n", ["b.toml", "financing_basis", "365 or 360"]),
    ('financing_rate_pct = "120%"\n', ["b.toml", "financing_rate_pct", "more than 100%"]),
    ('based_on = "webull"\n', ["b.toml", "based_on", "unknown broker"]),
    ('min_commission = "3"\n', ["b.toml", "min_commission needs commission_pct"]),
    ("[broker]\nname = 'x'\n", ["b.toml: broker is not a known key"]),
    ("name = \n", ["b.toml", "not valid TOML"]),
    ('sources = [1]\n', ["b.toml", "sources", "string"]),
])
def test_a_bad_profile_file_names_the_file_and_the_key_never_an_option(text, words):
    with pytest.raises(InputError) as raised:
        parse_broker_file(text, "b.toml")
    message = str(raised.value)
    assert all(word in message for word in words), message
    assert "--" not in message


def test_importing_the_module_is_cheap():
    code = ("import sys, zhipu_ipo.brokers; "
            "print(sorted(name for name in ('tomllib', 'zhipu_ipo.calc.selling', 'zhipu_ipo.calc.financing') "
            "if name in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
