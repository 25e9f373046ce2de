"""The calculations as the command specs call them: every option is a keyword, ranges and ballot tiers inside."""

import inspect
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import invoke
from zhipu_ipo.calc.aftermarket import compute_aftermarket
from zhipu_ipo.calc.ballot import compute_ballot
from zhipu_ipo.calc.expected import compute_expected_value
from zhipu_ipo.calc.fees import compute_entry_fee
from zhipu_ipo.calc.market import compute_market_cap
from zhipu_ipo.calc.offer import compute_raise
from zhipu_ipo.calc.price_range import compute_over_range
from zhipu_ipo.errors import InputError
from zhipu_ipo.numbers import PriceRange
from zhipu_ipo.registry import COMMANDS
from zhipu_ipo.spec import EDGE_OPTIONS as PRESENTATION

CALCULATIONS = {"raise": compute_raise, "market-cap": compute_market_cap, "entry-fee": compute_entry_fee,
                "aftermarket": compute_aftermarket}
RANGE = PriceRange(Decimal("108.00"), Decimal("116.20"))


def table(name: str) -> str:
    return (Path(__file__).parent.parent / "zhipu_ipo" / "presets" / "ballot" / f"{name}.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(CALCULATIONS))
def test_every_option_is_a_keyword_of_the_calculation(command):
    keywords = {name for name, parameter in inspect.signature(CALCULATIONS[command]).parameters.items()
                if parameter.kind is inspect.Parameter.KEYWORD_ONLY}
    options = {opt.dest for opt in COMMANDS[command].all_options} - PRESENTATION
    assert options <= keywords, options - keywords


@pytest.mark.parametrize("calculate, values", [
    (compute_raise, {"shares": 37419500, "price": RANGE, "final_price": Decimal("116.20"), "board_lot": 100,
                     "greenshoe": Decimal(15)}),
    (compute_market_cap, {"shares": 440230190, "price": RANGE, "price_step": Decimal("0.50")}),
    (compute_entry_fee, {"price": RANGE, "board_lot": 100, "final_price": Decimal("112.10")}),
])
def test_a_price_range_runs_inside_the_calculation(calculate, values):
    inside = calculate(**values)
    outside = compute_over_range(calculate, values)
    assert inside == outside
    assert [row.scenario for row in inside.result.scenarios][:1] == ["low"]
    assert inside.result.price_mid == Decimal("112.10")


def test_the_range_through_the_calculation_matches_the_command_line():
    computed = compute_raise(shares=37419500, price=RANGE, final_price=Decimal("116.20"))
    cli = invoke("raise", "--shares", "37,419,500", "--price", "108.00..116.20", "--final-price", "116.20",
                 "--json").json()["result"]
    assert [format(row.gross_proceeds, "f") for row in computed.result.scenarios] == [
        row["gross_proceeds"] for row in cli["scenarios"]]
    assert format(computed.result.price_revision_pct, "f") == cli["price_revision_pct"]


def test_one_price_with_a_step_or_final_price_is_refused_naming_the_parameters():
    with pytest.raises(InputError, match="`final_price` needs `price` as a range LOW..HIGH"):
        compute_entry_fee(price=Decimal("116.20"), board_lot=100, final_price=Decimal("116.20"))


def test_aftermarket_takes_open_by_its_option_name():
    by_open = compute_aftermarket(offer_price=Decimal("116.20"), open=Decimal("120"), close=Decimal("131.50"),
                                  shares=37419500)
    assert by_open.result.open_price == Decimal("120")
    assert by_open.result.offer_to_open_pct is not None


def test_the_ballot_of_a_preset_is_the_ballot_of_its_figures():
    by_deal = invoke("ballot", "--preset", "befar", "--json").json()["result"]
    computed = compute_ballot(table_text=table("befar"), board_lot=1000, max_price=Decimal("3.59"),
                              price=Decimal("3.48"), public_shares=35_213_000, applications=by_deal["valid_applications"])
    assert computed.result.one_lot_rate == Decimal(by_deal["one_lot_rate"])
    assert [str(row.p_at_least_one_lot) for row in computed.result.tiers] == [
        row["p_at_least_one_lot"] for row in by_deal["tiers"]]


# expected-value with a tier of a basis-of-allotment table

ZHIPU = {"table_text": table("zhipu"), "board_lot": 100, "max_price": Decimal("116.20"),
         "offer_price": Decimal("116.20")}
BEFAR = {"table_text": table("befar"), "board_lot": 1000, "max_price": Decimal("3.59"), "offer_price": Decimal("3.48")}
SALE = {"move": Decimal("3.27"), "date": "2026-01-08"}


@pytest.mark.parametrize("preset, tier, given", [("zhipu", 100, ZHIPU), ("befar", 1000, BEFAR),
                                                ("befar", 3000, BEFAR)])
def test_a_tier_gives_what_the_command_gives_for_the_preset(preset, tier, given):
    inside = compute_expected_value(tier=tier, **given, **SALE)
    run = invoke("expected-value", "--preset", preset, "--tier", str(tier), "--move", "3.27%", "--date", "2026-01-08",
                 "--json")
    assert run.code == 0, run.stderr
    assert run.json()["result"]["expected_pnl"] == format(inside.result.expected_pnl, "f")
    assert run.json()["result"]["probability_pct"] == format(inside.result.probability_pct, "f")
    assert inside.result.offer_price == given["offer_price"]


def test_the_money_tied_up_is_the_tables_at_the_maximum_price():
    computed = compute_expected_value(tier=1000, **BEFAR, **SALE)
    assert computed.result.capital == Decimal("3626.21")  # 1,000 x 3.59 plus 1.00785% in fees, each to the cent
    assert computed.result.cost_if_allotted < computed.result.capital  # the lot itself costs 3.48 a share


def test_an_amount_given_is_kept_and_said_so():
    computed = compute_expected_value(tier=100, amount=Decimal("20000"), **ZHIPU, **SALE)
    assert computed.result.capital == Decimal("20000")
    assert "the amount given" in computed.assumptions["ballot"]
    assert computed.result.shares == 100


@pytest.mark.parametrize("name, value", [("shares", 5000), ("probability", "5%")])
def test_a_tier_refuses_what_the_table_gives(name, value):
    with pytest.raises(InputError) as caught:
        compute_expected_value(tier=100, **{name: value}, **ZHIPU, **SALE)
    message = str(caught.value)
    assert f"`{name}`" in message and "`tier`" in message and "\n" not in message


def test_a_tier_needs_a_table_and_a_table_a_tier():
    with pytest.raises(InputError) as caught:
        compute_expected_value(tier=100, board_lot=100, offer_price=Decimal("116.20"), **SALE)
    assert "`tier`" in str(caught.value) and "`table`" in str(caught.value)
    with pytest.raises(InputError, match="`table` needs `tier`"):
        compute_expected_value(**ZHIPU, **SALE)


def test_a_tier_whose_applicants_receive_different_shares_gives_its_two_outcomes():
    # 100 shares to every applicant, plus 406 of 2,898 another 100: one lot or two, each priced on its own
    computed = compute_expected_value(tier=30000, **ZHIPU, **SALE)
    assert [(row.lots, row.shares) for row in computed.result.outcomes] == [(1, 100), (2, 200)]
    assert computed.result.shares is None and computed.result.at_least_one_pct == 100


def test_a_tier_not_in_the_table_is_refused():
    with pytest.raises(InputError, match="no tier of that many shares"):
        compute_expected_value(tier=150, **ZHIPU, **SALE)


def test_a_tier_still_needs_the_final_price_and_the_move():
    without_price = {key: given for key, given in ZHIPU.items() if key != "offer_price"}
    with pytest.raises(InputError, match="with `tier` give `offer_price`"):
        compute_expected_value(tier=100, **without_price, **SALE)
