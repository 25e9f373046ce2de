"""Properties over wide random inputs (hypothesis): exactness, tranche identities, greenshoe, fees, parsing."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhipu_ipo.calc.allocation import initial_tranche, reallocate
from zhipu_ipo.calc.greenshoe import compute_greenshoe, greenshoe_size, stabilisation
from zhipu_ipo.calc.market import compute_market_cap
from zhipu_ipo.calc.offer import compute_raise
from zhipu_ipo.calc.subscription import compute_oversubscription
from zhipu_ipo.errors import InfeasibleError, InputError
from zhipu_ipo.calc.fees import SCHEDULES, charges, max_lots
from zhipu_ipo.formatting import compact, display_value, exact_text, money_text
from zhipu_ipo.records import Kind
from zhipu_ipo.numbers import (
    CENT,
    MAX_DECIMAL_PLACES,
    ceil_to_lot,
    parse_amount_or_zero,
    parse_multiple,
    parse_percent,
    parse_percent_or_zero,
    parse_shares,
    round_cents,
    round_places,
)
from zhipu_ipo.rules import REGIMES

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

shares_st = st.integers(min_value=1, max_value=10**14)
lot_st = st.sampled_from([1, 10, 50, 100, 200, 400, 500, 1000, 2000, 5000])
price_st = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("100000"), places=4, allow_nan=False,
                       allow_infinity=False)
pct_st = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)
multiple_st = st.decimals(min_value=Decimal("0"), max_value=Decimal("20000"), places=2)
amount_st = st.decimals(min_value=Decimal("0"), max_value=Decimal("999999999999999"), places=2)


def exactly(value: Decimal | int) -> Fraction:
    return Fraction(value)


@SETTINGS
@given(shares_st, price_st)
def test_proceeds_and_market_cap_are_exact_products(shares, price):
    assert exactly(compute_raise(shares=shares, price=price).result.gross_proceeds) == shares * exactly(price)
    assert exactly(compute_market_cap(shares=shares, price=price).result.market_cap) == shares * exactly(price)


@SETTINGS
@given(st.decimals(min_value=Decimal("1000"), max_value=Decimal("10") ** 13, places=2), price_st, lot_st)
def test_solving_for_shares_lands_within_one_lot_of_the_target(proceeds, price, lot):
    try:
        result = compute_raise(proceeds=proceeds, price=price, board_lot=lot).result
    except InfeasibleError:
        assert price * lot > proceeds
        return
    assert result.shares % lot == 0
    assert result.shares * exactly(price) <= exactly(proceeds) < (result.shares + lot) * exactly(price)
    assert result.gross_proceeds + result.proceeds_remainder == proceeds


@SETTINGS
@given(st.decimals(min_value=Decimal("1"), max_value=Decimal("10") ** 14, places=2), price_st)
def test_implied_shares_multiply_back_within_one_share(market_cap, price):
    result = compute_market_cap(market_cap=market_cap, price=price).result
    assert result.shares * exactly(price) <= exactly(market_cap) < (result.shares + 1) * exactly(price)


def _final_pct_options(regime, total, lot, initial):
    options = {initial, total}
    options |= {ceil_to_lot(Decimal(total) * rung.public_pct / 100, lot) for rung in regime.ladder}
    return options


@SETTINGS
@given(st.sampled_from(["pn18", "18c", "mechanism-a"]), st.integers(min_value=5000, max_value=10**12), lot_st,
       multiple_st, st.booleans())
def test_tranches_add_up_in_whole_lots_and_follow_the_ladder(name, total, lot, multiple, by_applied):
    regime = REGIMES[name]
    tranche = initial_tranche(total, regime, lot, None, None)
    applied = int(tranche.initial * multiple)
    # What the command reports: both tranches, initial and final.
    result = compute_oversubscription(total_offer=total, regime=name, board_lot=lot,
                                      applied=applied if by_applied else None,
                                      multiple=None if by_applied else multiple).result
    final = result.public_final_shares
    assert result.public_initial_shares == tranche.initial
    assert 0 <= final <= total
    assert final + result.placing_final_shares == total
    assert result.public_initial_shares + result.placing_initial_shares == total
    allocation = reallocate(total, tranche, lot, applied if by_applied else None, result.applied_shares, multiple)
    assert allocation.public_final == final  # the command and the pure rule agree
    if allocation.undersubscribed:
        assert final % lot == 0 and final <= result.applied_shares
    else:
        assert final in _final_pct_options(regime, total, lot, tranche.initial)
        assert final % lot == 0 or final in (total, tranche.initial)


@SETTINGS
@given(st.sampled_from(["pn18", "18c", "mechanism-a"]), st.integers(min_value=5000, max_value=10**12), lot_st,
       multiple_st, multiple_st)
def test_a_higher_multiple_never_shrinks_the_public_tranche(name, total, lot, first, second):
    low, high = sorted((first, second))
    tranche = initial_tranche(total, REGIMES[name], lot, None, None)
    finals = [reallocate(total, tranche, lot, None, int(tranche.initial * m), m).public_final for m in (low, high)]
    assert finals[0] <= finals[1]


@SETTINGS
@given(st.integers(min_value=5000, max_value=10**12), st.integers(min_value=10, max_value=60), lot_st, multiple_st)
def test_mechanism_b_is_fixed_unless_undersubscribed(total, pct, lot, multiple):
    tranche = initial_tranche(total, REGIMES["mechanism-b"], lot, None, Decimal(pct))
    allocation = reallocate(total, tranche, lot, None, int(tranche.initial * multiple), multiple)
    if multiple >= 1:
        assert allocation.public_final == tranche.initial
    else:
        assert allocation.public_final <= tranche.initial


@SETTINGS
@given(shares_st, pct_st, lot_st)
def test_greenshoe_never_exceeds_its_percentage_and_is_whole_lots(base, pct, lot):
    size = greenshoe_size(base, pct, lot)
    assert size % lot == 0
    assert 0 <= size <= exactly(base) * exactly(pct) / 100 < size + lot


@SETTINGS
@given(st.integers(min_value=0, max_value=10**10), st.integers(min_value=0, max_value=10**10))
def test_exercised_plus_bought_back_is_over_allotted(over, buyback):
    if buyback > over:
        with pytest.raises(InfeasibleError):
            stabilisation(None, over, buyback, None)
        return
    over_allotted, bought, exercised = stabilisation(None, over, buyback, None)
    assert exercised + bought == over_allotted == over


@SETTINGS
@given(shares_st, lot_st, price_st)
def test_greenshoe_outcome_agrees_with_the_pure_size(base, lot, price):
    result = compute_greenshoe(shares=base, board_lot=lot, price=price).result
    assert result.greenshoe_shares == greenshoe_size(base, Decimal(15), lot)
    assert result.total_shares == base + result.greenshoe_shares
    assert result.total_proceeds == result.total_shares * price


@SETTINGS
@given(st.integers(min_value=1, max_value=10**6), price_st, st.sampled_from(sorted(SCHEDULES)),
       st.sampled_from(["each", "total"]))
def test_fee_lines_are_cents_and_add_up(shares, price, name, rounding):
    bill = charges(shares, price, SCHEDULES[name], rounding)
    if rounding == "each":
        for amount in bill.fees.values():
            assert amount == round_cents(amount)
        assert bill.total_fees == sum(bill.fees.values())
    assert bill.amount_payable == bill.consideration + bill.total_fees
    assert bill.amount_payable == round_cents(bill.amount_payable) or bill.consideration != round_cents(
        bill.consideration)


tiny_or_huge_price_st = st.one_of(
    price_st, st.decimals(min_value=Decimal("1e-10"), max_value=Decimal("0.01"), places=10),
    st.decimals(min_value=Decimal("1e6"), max_value=Decimal("999999999999999"), places=0),
)


@SETTINGS
@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("999999999999999"), places=2), lot_st,
       tiny_or_huge_price_st, st.sampled_from(["each", "total"]))
def test_max_lots_is_affordable_and_one_more_is_not(budget, lot, price, rounding):
    schedule = SCHEDULES["hkex-2023"]
    lots = max_lots(budget, lot, price, schedule, rounding)
    assert lots >= 0
    if lots:
        assert charges(lots * lot, price, schedule, rounding).amount_payable <= budget
    assert charges((lots + 1) * lot, price, schedule, rounding).amount_payable > budget


@SETTINGS
@given(amount_st)
def test_parser_round_trips_the_formatter_in_every_unit_style(amount):
    shown = display_value(Kind.MONEY, amount)
    parsed = parse_amount_or_zero(shown)
    assert parsed == round_cents(amount) and type(parsed) is Decimal
    assert parse_amount_or_zero(money_text(amount)) == amount
    assert parse_amount_or_zero(exact_text(amount)) == amount
    for style in ("zh", "en"):
        short = compact(amount, style)
        if short is None:
            continue
        try:
            back = parse_amount_or_zero(short)
        except InputError:  # only where rounding for display reaches the 10^15 bound ("1,000.00tn")
            assert amount >= Decimal("999995e9")
            continue
        assert type(back) is Decimal
        assert abs(back - amount) <= abs(amount) / 100  # two places of 億/萬 or bn/m


@SETTINGS
@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("99999999"),
                   places=MAX_DECIMAL_PLACES))
def test_percentages_multiples_and_counts_round_trip(number):
    if number == 0:
        with pytest.raises(InputError):
            parse_percent("0%")  # a percentage option must be above zero
        assert parse_percent_or_zero(f"{exact_text(number)}%") == 0
    elif number <= 100:
        assert parse_percent(f"{exact_text(number)}%") == number
    assert parse_multiple(f"{exact_text(number)}x") == number
    assert parse_multiple(display_value(Kind.MULTIPLE, number)) == round_places(number, 2)
    whole = int(number)
    if whole:
        assert parse_shares(display_value(Kind.SHARES, whole)) == whole
    assert display_value(Kind.PERCENT, number).replace(",", "").count(".") == 1


@SETTINGS
@given(st.text(max_size=30))
def test_the_parser_never_yields_a_float_or_crashes(text):
    try:
        value = parse_amount_or_zero(text)
    except InputError:
        return
    assert type(value) is Decimal and value.is_finite() and value >= 0
    assert value == value.quantize(CENT) or -value.as_tuple().exponent <= MAX_DECIMAL_PLACES
