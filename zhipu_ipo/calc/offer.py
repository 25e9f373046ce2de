"""Offer proceeds: gross and net proceeds, or the shares or price that a proceeds target implies."""

from __future__ import annotations

from decimal import Decimal

from ..errors import InfeasibleError, InputError
from ..numbers import PriceRange, add, floor_divide, mul, percent_of, quotient, sub
from ..records import Computed, Kind, record, value
from .scenarios import asks_for_range

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any


def exactly_one(options: dict[str, Any], what: str) -> None:
    given = [name for name, raw in options.items() if raw is not None]
    if len(given) != 1:
        raise InputError(f"give exactly one of {', '.join(options)} {what} (got {len(given) or 'none'})")


@record
class RaiseResult:
    """`raise`: the offer's proceeds, and what was solved for."""

    shares: int | None = value("Offer shares", Kind.SHARES)
    price: Decimal | None = value("Offer price", Kind.PRICE)
    gross_proceeds: Decimal | None = value("Gross proceeds", Kind.MONEY)
    proceeds_target: Decimal | None = value("Proceeds target", Kind.MONEY)
    proceeds_remainder: Decimal | None = value("Target not raised, remainder", Kind.MONEY)
    expenses: Decimal | None = value("Expenses", Kind.MONEY)
    expenses_pct: Decimal | None = value("Expenses, % of gross", Kind.PERCENT)
    net_proceeds: Decimal | None = value("Net proceeds", Kind.MONEY)
    board_lot: int | None = value("Board lot", Kind.SHARES)
    greenshoe_pct: Decimal | None = value("Greenshoe", Kind.PERCENT)
    greenshoe_shares: int | None = value("Greenshoe shares", Kind.SHARES)
    greenshoe_proceeds: Decimal | None = value("Greenshoe proceeds", Kind.MONEY)
    gross_proceeds_with_greenshoe: Decimal | None = value("Gross proceeds with greenshoe", Kind.MONEY)
    solved_for: str | None = value("Solved for", Kind.TEXT)
    upsize_shares: int | None = value("Upsize (offer size adjustment) shares", Kind.SHARES)
    offer_after_upsize: int | None = value("Offer shares after the upsize", Kind.SHARES)
    commission_pct: Decimal | None = value("Underwriting commission rate", Kind.PERCENT)
    underwriting_commission: Decimal | None = value("Underwriting commission", Kind.MONEY)
    incentive_pct: Decimal | None = value("Discretionary incentive rate", Kind.PERCENT)
    incentive_fee: Decimal | None = value("Discretionary incentive fee", Kind.MONEY)
    underwriting_fees: Decimal | None = value("Underwriting fees, total", Kind.MONEY)
    gross_spread_pct: Decimal | None = value("Gross spread", Kind.PERCENT)


def compute_raise(
    *,
    shares: int | None = None,
    price: Decimal | PriceRange | None = None,
    price_step: Decimal | None = None,
    final_price: Decimal | None = None,
    proceeds: Decimal | None = None,
    expenses: Decimal | None = None,
    expenses_pct: Decimal | None = None,
    greenshoe: Decimal | None = None,
    board_lot: int | None = None,
    upsize: int | None = None,
    commission_pct: Decimal | None = None,
    incentive_pct: Decimal | None = None,
    currency: str = "",
) -> Computed:
    """Gross proceeds = shares x price (after any upsize); or, given proceeds and one of them, the other.

    With a ``price`` range (``PriceRange``), a ``price_step`` or a ``final_price``: the same calculation at
    each scenario price of the range (``calc/price_range.py``).
    """
    if asks_for_range(price, price_step, final_price):
        from .price_range import compute_over_range  # scenarios only: one price does not load them

        return compute_over_range(compute_raise, dict(
            shares=shares, price=price, price_step=price_step, final_price=final_price, proceeds=proceeds,
            expenses=expenses, expenses_pct=expenses_pct, greenshoe=greenshoe, board_lot=board_lot, upsize=upsize,
            commission_pct=commission_pct, incentive_pct=incentive_pct, currency=currency))
    assert not isinstance(price, PriceRange)
    assumptions: dict[str, Any] = {"gross_proceeds": "offer shares x offer price, before the greenshoe"}
    rounded: dict[str, str] = {}
    fields: dict[str, Any] = {}
    lot = board_lot or 1
    if upsize is not None:
        if shares is None:
            raise InputError("`upsize` needs `shares` (the offer before the upsize)")
        fields.update(upsize_shares=upsize, offer_after_upsize=shares + upsize)
        assumptions["gross_proceeds"] = ("(offer shares + upsize) x offer price, before the greenshoe: the upsize "
                                         "shares are sold at the offer price")
    sold = shares + upsize if shares is not None and upsize is not None else shares
    if proceeds is None:
        if shares is None or price is None:
            raise InputError("give `shares` and `price`, or `proceeds` with one of them")
        assert sold is not None
        gross = mul(sold, price)
    elif price is not None:
        exactly_one({"`shares`": shares, "`price`": price}, "with `proceeds`")
        shares = floor_divide(proceeds, mul(price, lot)) * lot
        if shares == 0:
            raise InfeasibleError(f"{currency} {proceeds:f} does not buy one board lot of {lot} at {price:f}".strip(),
                                  "proceeds")
        gross = mul(shares, price)
        fields.update(solved_for="shares", proceeds_target=proceeds, proceeds_remainder=sub(proceeds, gross))
        assumptions["shares"] = f"proceeds / price, rounded down to whole board lots of {lot}"
    else:
        exactly_one({"`shares`": shares, "`price`": price}, "with `proceeds`")
        assert shares is not None and sold is not None
        price = quotient(proceeds, sold, "price", rounded)
        gross = proceeds
        fields.update(solved_for="price", proceeds_target=proceeds)
        assumptions["price"] = "proceeds / shares"
    if expenses is not None or expenses_pct is not None:
        if expenses is not None and expenses_pct is not None:
            raise InputError("give `expenses` or `expenses_pct`, not both")
        if expenses_pct is not None:
            expenses = percent_of(gross, expenses_pct)
        assert expenses is not None
        if expenses > gross:
            raise InfeasibleError(f"expenses {expenses:f} exceed the gross proceeds {gross:f}",
                                  "expenses" if expenses_pct is None else "expenses_pct")
        fields.update(expenses=expenses, expenses_pct=expenses_pct, net_proceeds=sub(gross, expenses))
        assumptions["net_proceeds"] = "gross proceeds less expenses"
    if commission_pct is not None or incentive_pct is not None:  # gross spread: fees, then net proceeds
        from .spread import underwriting_fees  # only when asked

        fields.update(underwriting_fees(gross, commission_pct, incentive_pct, fields.get("expenses"), assumptions))
    notes: tuple[str, ...] = ()
    if greenshoe is not None:
        greenshoe_notes, greenshoe_size = _GREENSHOE or _greenshoe()
        assert sold is not None
        greenshoe_shares = greenshoe_size(sold, greenshoe, lot)
        greenshoe_proceeds = mul(greenshoe_shares, price)
        fields.update(greenshoe_pct=greenshoe, greenshoe_shares=greenshoe_shares,
                      greenshoe_proceeds=greenshoe_proceeds,
                      gross_proceeds_with_greenshoe=add(gross, greenshoe_proceeds))
        assumptions["greenshoe_shares"] = (
            f"{greenshoe:f}% of the offer shares" + (" after the upsize" if upsize else "")
            + f", rounded down to whole board lots of {lot}; "
            "option fully exercised at the offer price"
        )
        notes = greenshoe_notes(greenshoe)
    result = RaiseResult(shares=shares, price=price, gross_proceeds=gross, board_lot=board_lot, **fields)
    return Computed(result, assumptions, rounded, notes)


_GREENSHOE: tuple[Any, ...] = ()


def _greenshoe() -> tuple[Any, ...]:
    """``greenshoe_notes`` and ``greenshoe_size``, imported the first time a greenshoe is asked for (the module
    defines a result type: a plain raise does not load it), then kept, as an import statement costs on every call."""
    global _GREENSHOE
    from .greenshoe import greenshoe_notes, greenshoe_size

    _GREENSHOE = (greenshoe_notes, greenshoe_size)
    return _GREENSHOE
