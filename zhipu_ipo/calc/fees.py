"""The `entry-fee` command: the amount payable for N board lots, fee by fee, and the most lots a budget buys.

The schedules and their rounding rules are dated data in ``zhipu_ipo/fees.py``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..tuples import named_tuple
from ..errors import InputError
from ..fees import (
    DEFAULT_SCHEDULE,
    FEE_ROUNDINGS,
    ROUND_EACH,
    ROUND_TOTAL,
    SCHEDULES,
    FeeSchedule,
    schedule_named,
    with_overrides,
)
from ..numbers import CENT, EXACT, HUNDRED, ROUNDING, ZERO, PriceRange, add, first_true, floor_divide, mul, percent_of, round_cents, sub
from ..records import Computed, Kind, record, value
from .scenarios import asks_for_range

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Iterable

__all__ = ["SCHEDULES", "charges", "compute_entry_fee", "max_lots"]


class Charges(named_tuple("Charges", "consideration fees total_fees amount_payable")):
    __slots__ = ()
    consideration: Decimal
    fees: dict[str, Decimal]
    total_fees: Decimal
    amount_payable: Decimal


def charges(shares: int, price: Decimal, schedule: FeeSchedule, rounding: str = ROUND_EACH) -> Charges:
    """Consideration, each fee line and the amount payable for ``shares`` at ``price``."""
    consideration = mul(shares, price)
    if rounding == ROUND_EACH:  # percent_of, round_cents and add, written out: a sale's cost prices this per line
        multiply, divide, add_ = EXACT.multiply, EXACT.divide, EXACT.add
        fees, total_fees = {}, ZERO
        for line, rate in schedule.rates().items():
            fees[line] = fee = divide(multiply(consideration, rate), HUNDRED).quantize(CENT, ROUND_HALF_UP, ROUNDING)
            total_fees = add_(total_fees, fee)
        return Charges(consideration, fees, total_fees, add_(add_(ZERO, consideration), total_fees))
    exact = {line: percent_of(consideration, rate) for line, rate in schedule.rates().items()}
    payable = round_cents(add(consideration, *exact.values()))
    return Charges(consideration, exact, sub(payable, consideration), payable)


def max_lots(budget: Decimal, board_lot: int, price: Decimal, schedule: FeeSchedule,
             rounding: str = ROUND_EACH) -> int:
    """The most whole lots whose amount payable, fees included, is within the budget.

    The amount payable never falls as lots are added, so the answer is found by
    widening a bracket around the fee-inclusive estimate, then bisecting: at
    most a few hundred evaluations, whatever the inputs (rounding each fee to
    the cent can move the answer far from the estimate when a lot costs less
    than a cent).
    """

    def affordable(lots: int) -> bool:
        return charges(lots * board_lot, price, schedule, rounding).amount_payable <= budget

    per_lot = percent_of(mul(board_lot, price), add(HUNDRED, schedule.total_pct()))
    low = floor_divide(budget, per_lot)
    step = 1
    while low > 0 and not affordable(low):
        low = max(0, low - step)
        step *= 2
    high, step = low + 1, 1
    while affordable(high):
        low, high, step = high, high + step, step * 2
    return first_true(lambda lots: not affordable(lots), low, high) - 1


#: Each schedule's total and what it assumes, by the schedule (and its rounding): kept while it is in use.
_STATED: dict[tuple[int, str], tuple[FeeSchedule, Decimal, dict[str, str]]] = {}


@record
class EntryFeeResult:
    price: Decimal | None = value("Price per share", Kind.PRICE)
    board_lot: int | None = value("Board lot", Kind.SHARES)
    lots: int | None = value("Lots", Kind.COUNT)
    shares: int | None = value("Shares", Kind.SHARES)
    consideration: Decimal | None = value("Consideration, shares x price", Kind.MONEY)
    brokerage: Decimal | None = value("Brokerage", Kind.MONEY)
    sfc_levy: Decimal | None = value("SFC transaction levy", Kind.MONEY)
    afrc_levy: Decimal | None = value("AFRC transaction levy", Kind.MONEY)
    trading_fee: Decimal | None = value("Trading fee", Kind.MONEY)
    total_fees: Decimal | None = value("Total fees", Kind.MONEY)
    amount_payable: Decimal | None = value("Amount payable", Kind.MONEY)
    fee_schedule: str | None = value("Fee schedule", Kind.TEXT)
    total_fee_pct: Decimal | None = value("Fee rates in total, % of consideration", Kind.RATE)
    budget: Decimal | None = value("Budget", Kind.MONEY)
    max_lots: int | None = value("Most lots within the budget", Kind.COUNT)
    max_lots_shares: int | None = value("Shares in those lots", Kind.SHARES)
    max_lots_amount_payable: Decimal | None = value("Amount payable for those lots", Kind.MONEY)
    handling_fee: Decimal | None = value("Broker's handling fee", Kind.MONEY)
    cash_with_handling_fee: Decimal | None = value("Amount payable and handling fee", Kind.MONEY)


def compute_entry_fee(
    *,
    price: Decimal | PriceRange | None = None,
    price_step: Decimal | None = None,
    final_price: Decimal | None = None,
    board_lot: int | None = None,
    lots: int | None = None,
    budget: Decimal | None = None,
    fee_schedule: str = DEFAULT_SCHEDULE,
    fee_rounding: str = ROUND_EACH,
    brokerage_pct: Decimal | None = None,
    sfc_levy_pct: Decimal | None = None,
    afrc_levy_pct: Decimal | None = None,
    trading_fee_pct: Decimal | None = None,
    handling_fee: Decimal | None = None,
    currency: str = "",
) -> Computed:
    """Amount payable for N board lots (default 1), fee by fee; with a budget, the most lots affordable.

    A broker's ``handling_fee`` (per application, paid allotted or not) is added beside the amount payable.

    With a ``price`` range (``PriceRange``), a ``price_step`` or a ``final_price``: the same calculation at
    each scenario price of the range (``calc/price_range.py``).
    """
    if asks_for_range(price, price_step, final_price):
        from .price_range import compute_over_range  # scenarios only: one price does not load them

        return compute_over_range(compute_entry_fee, dict(
            price=price, price_step=price_step, final_price=final_price, board_lot=board_lot, lots=lots,
            budget=budget, fee_schedule=fee_schedule, fee_rounding=fee_rounding, brokerage_pct=brokerage_pct,
            sfc_levy_pct=sfc_levy_pct, afrc_levy_pct=afrc_levy_pct, trading_fee_pct=trading_fee_pct,
            handling_fee=handling_fee, currency=currency))
    assert not isinstance(price, PriceRange)
    if price is None or board_lot is None:
        raise InputError("give `price` (the offer price, or the top of the range) and `board_lot`",
                         "price" if price is None else "board_lot")
    if lots == 0:
        raise InputError("`lots` must be at least 1")
    if fee_rounding not in FEE_ROUNDINGS:
        raise InputError(f"`fee_rounding` is '{ROUND_EACH}' or '{ROUND_TOTAL}'")
    schedule = with_overrides(schedule_named(fee_schedule), {
        "brokerage": brokerage_pct, "sfc_levy": sfc_levy_pct, "afrc_levy": afrc_levy_pct,
        "trading_fee": trading_fee_pct,
    })
    count = lots or 1
    bill = charges(count * board_lot, price, schedule, fee_rounding)
    affordable = max_lots(budget, board_lot, price, schedule, fee_rounding) if budget is not None else None
    notes: tuple[str, ...] = ()
    if affordable == 0:
        notes = (f"the budget does not cover one lot ({charges(board_lot, price, schedule, fee_rounding).amount_payable:f} "
                 "with fees)",)
    said = _STATED.get((id(schedule), fee_rounding))
    if said is None or said[0] is not schedule:  # the same for every application under this schedule: made once
        rates = ", ".join(f"{line} {rate:f}%" for line, rate in schedule.rates().items())
        if len(_STATED) >= 64:
            _STATED.clear()
        said = _STATED[id(schedule), fee_rounding] = (schedule, schedule.total_pct(), {
            "fee_schedule": f"{schedule.name} ({schedule.effective}): {rates}; total {schedule.total_pct():f}%",
            "fee_rounding": ("each fee rounded to the nearest cent (half up), as HKEX states" if fee_rounding == ROUND_EACH
                             else "one combined factor, the total rounded to the nearest cent (half up)"),
            "sources": "; ".join(schedule.sources) if schedule.sources else "rates as given",
        })
    total_pct, assumptions = said[1], dict(said[2])
    if count > 1:
        said_per_lot = whole_application_rounding(bill.amount_payable, count,
                                                  charges(board_lot, price, schedule, fee_rounding).amount_payable)
        if said_per_lot is not None:
            assumptions["per_lot"] = said_per_lot
    result = EntryFeeResult(
        price=price, board_lot=board_lot, lots=count, shares=count * board_lot, consideration=bill.consideration,
        **bill.fees, total_fees=bill.total_fees, amount_payable=bill.amount_payable,
        fee_schedule=schedule.name, total_fee_pct=total_pct, budget=budget, max_lots=affordable,
        max_lots_shares=affordable * board_lot if affordable is not None else None,
        max_lots_amount_payable=(charges(affordable * board_lot, price, schedule, fee_rounding).amount_payable
                                 if affordable else None),
        handling_fee=handling_fee,
        cash_with_handling_fee=add(bill.amount_payable, handling_fee) if handling_fee is not None else None,
    )
    return Computed(result, assumptions, notes=notes)


def whole_application_rounding(amount: Decimal, lots: int, one_lot: Decimal) -> str | None:
    """Why ``amount`` (an application of ``lots`` lots) is not ``lots`` x one lot's amount, or None when it is: the
    fees are rounded once, on the whole application (it looks like a bug next to a broker's app unless said)."""
    times = mul(one_lot, lots)
    if times == amount:
        return None
    return f"fees are rounded on the whole application: {amount:,f} for {lots:,} lots, not {lots:,} x {one_lot:,f} = {times:,f}"


def first_whole_application_rounding(rows: Iterable[Any], one_lot: Decimal) -> str | None:
    """``whole_application_rounding`` for the first of ``rows`` (each with ``amount_payable`` and ``lots_applied``:
    a ballot's tiers, a plan's sizes) whose amount is not a multiple of one lot's; None when none is."""
    return next((said for row in rows if row.amount_payable is not None and row.lots_applied and (
        said := whole_application_rounding(row.amount_payable, row.lots_applied, one_lot)) is not None), None)
