"""Pure IPO calculations: proceeds, market capitalisation, subscription, greenshoe.

No Typer, no Rich, no I/O: each function takes exact inputs (``Decimal`` or
``int``) and returns an ``Outcome`` holding a frozen result. Rounding happens
only where a rule says so (whole shares, whole board lots), is named in the
assumptions, and non-terminating quotients are listed under ``rounded``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from .errors import InfeasibleError, InputError
from .models import CHANGE, COUNT, MONEY, MULTIPLE, PERCENT, PRICE, SHARES, TEXT, Outcome, Record, echo_input, value
from .numbers import (
    HUNDRED,
    QUOTIENT_PLACES,
    ROUNDING,
    add,
    divide,
    floor_divide,
    floor_to_lot,
    mul,
    percent_of,
    sub,
)

DEFAULT_CURRENCY = "HKD"
GREENSHOE_CAP_PCT = Decimal(15)
DISPLAY_ROUNDING = (
    "JSON values are exact unless named under 'rounded'; tables round money to the cent "
    "(half up) and percentages and multiples to 2 places"
)
NON_TERMINATING = f"non-terminating quotient, rounded half-even to {QUOTIENT_PLACES} places"


def _inputs(**given: Any) -> dict[str, Any]:
    return {name: echo_input(raw) for name, raw in given.items() if raw is not None}


def _exactly_one(options: dict[str, Any], what: str) -> None:
    given = [name for name, raw in options.items() if raw is not None]
    if len(given) != 1:
        names = ", ".join(options)
        raise InputError(f"give exactly one of {names} {what} (got {len(given) or 'none'})")


def greenshoe_size(base_shares: int, pct: Decimal, board_lot: int) -> int:
    """Over-allotment shares: pct of the base offer, rounded down to whole board lots."""
    return floor_to_lot(percent_of(base_shares, pct), board_lot)


class RaiseResult(Record):
    shares: int = value("Offer shares", SHARES)
    price: Decimal = value("Offer price", PRICE)
    gross_proceeds: Decimal = value("Gross proceeds", MONEY)
    proceeds_target: Decimal = value("Proceeds target", MONEY)
    proceeds_remainder: Decimal = value("Target not raised (remainder)", MONEY)
    expenses: Decimal = value("Expenses", MONEY)
    expenses_pct: Decimal = value("Expenses, % of gross", PERCENT)
    net_proceeds: Decimal = value("Net proceeds", MONEY)
    board_lot: int = value("Board lot", SHARES)
    greenshoe_pct: Decimal = value("Greenshoe", PERCENT)
    greenshoe_shares: int = value("Greenshoe shares", SHARES)
    greenshoe_proceeds: Decimal = value("Greenshoe proceeds", MONEY)
    gross_proceeds_with_greenshoe: Decimal = value("Gross proceeds with greenshoe", MONEY)
    solved_for: str = value("Solved for", TEXT)


def compute_raise(
    *,
    shares: int | None = None,
    price: Decimal | None = None,
    proceeds: Decimal | None = None,
    expenses: Decimal | None = None,
    expenses_pct: Decimal | None = None,
    greenshoe: Decimal | None = None,
    board_lot: int | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> Outcome:
    """Gross proceeds = shares x price; or, given proceeds and one of them, the other."""
    greenshoe_pct = greenshoe
    inputs = _inputs(
        shares=shares, price=price, proceeds=proceeds, expenses=expenses, expenses_pct=expenses_pct,
        greenshoe=greenshoe_pct, board_lot=board_lot, currency=currency,
    )
    assumptions: dict[str, Any] = {"gross_proceeds": "offer shares x offer price, before the greenshoe"}
    rounded: dict[str, str] = {}
    lot = board_lot or 1
    solved_for = None
    target = remainder = None
    if proceeds is None:
        if shares is None or price is None:
            raise InputError("give --shares and --price, or --proceeds with one of them")
        gross = mul(shares, price)
    else:
        _exactly_one({"--shares": shares, "--price": price}, "with --proceeds")
        target = proceeds
        if price is not None:
            solved_for = "shares"
            shares = floor_divide(proceeds, mul(price, lot)) * lot
            if shares == 0:
                raise InfeasibleError(f"{currency} {proceeds:f} does not buy one board lot of {lot} at {price:f}")
            gross = mul(shares, price)
            remainder = sub(proceeds, gross)
            assumptions["shares"] = f"proceeds / price, rounded down to whole board lots of {lot}"
        else:
            assert shares is not None
            solved_for = "price"
            price, exact = divide(proceeds, shares)
            if not exact:
                rounded["price"] = NON_TERMINATING
            gross = proceeds
            assumptions["price"] = "proceeds / shares"
    if expenses is not None and expenses_pct is not None:
        raise InputError("give --expenses or --expenses-pct, not both")
    net = None
    if expenses_pct is not None:
        expenses = percent_of(gross, expenses_pct)
    if expenses is not None:
        if expenses > gross:
            raise InfeasibleError(f"expenses {expenses:f} exceed the gross proceeds {gross:f}")
        net = sub(gross, expenses)
        assumptions["net_proceeds"] = "gross proceeds less expenses"
    greenshoe_shares = greenshoe_proceeds = with_greenshoe = None
    if greenshoe_pct is not None:
        greenshoe_shares = greenshoe_size(shares, greenshoe_pct, lot)
        greenshoe_proceeds = mul(greenshoe_shares, price)
        with_greenshoe = add(gross, greenshoe_proceeds)
        assumptions["greenshoe_shares"] = (
            f"{greenshoe_pct:f}% of the offer shares, rounded down to whole board lots of {lot}; "
            "option fully exercised at the offer price"
        )
    assumptions["display"] = DISPLAY_ROUNDING
    if rounded:
        assumptions["rounded"] = rounded
    result = RaiseResult(
        shares=shares, price=price, gross_proceeds=gross, proceeds_target=target,
        proceeds_remainder=remainder, expenses=expenses, expenses_pct=expenses_pct, net_proceeds=net,
        board_lot=board_lot,
        greenshoe_pct=greenshoe_pct, greenshoe_shares=greenshoe_shares, greenshoe_proceeds=greenshoe_proceeds,
        gross_proceeds_with_greenshoe=with_greenshoe, solved_for=solved_for,
    )
    notes = _greenshoe_notes(greenshoe_pct)
    return Outcome("raise", inputs, result, assumptions, currency, rounded, notes)


class MarketCapResult(Record):
    shares: int = value("Shares in issue", SHARES)
    price: Decimal = value("Price", PRICE)
    market_cap: Decimal = value("Market cap", MONEY)
    market_cap_target: Decimal = value("Market cap given", MONEY)
    market_cap_remainder: Decimal = value("Market cap not covered (remainder)", MONEY)
    offer_price: Decimal = value("Offer price", PRICE)
    market_cap_at_offer: Decimal = value("Market cap at offer price", MONEY)
    price_change: Decimal = value("Price change per share", MONEY)
    change_pct: Decimal = value("Change on offer price", CHANGE)
    solved_for: str = value("Solved for", TEXT)


def compute_market_cap(
    *,
    shares: int | None = None,
    price: Decimal | None = None,
    market_cap: Decimal | None = None,
    offer_price: Decimal | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> Outcome:
    """Market cap = shares in issue x price; or implied shares from a market cap and a price."""
    inputs = _inputs(shares=shares, price=price, market_cap=market_cap, offer_price=offer_price, currency=currency)
    assumptions: dict[str, Any] = {"market_cap": "all shares in issue x price (H and unlisted shares alike)"}
    rounded: dict[str, str] = {}
    if price is None:
        raise InputError("give --price (the trading or offer price)")
    solved_for = target = remainder = None
    if market_cap is None:
        if shares is None:
            raise InputError("give --shares (shares in issue), or --market-cap to solve for them")
        cap = mul(shares, price)
    else:
        if shares is not None:
            raise InputError("give --shares or --market-cap, not both")
        solved_for = "shares"
        target = market_cap
        shares = floor_divide(market_cap, price)
        cap = mul(shares, price)
        remainder = sub(market_cap, cap)
        assumptions["shares"] = "market cap / price, rounded down to a whole share"
    cap_at_offer = change = change_pct = None
    if offer_price is not None:
        cap_at_offer = mul(shares, offer_price)
        change = sub(price, offer_price)
        change_pct, exact = divide(mul(change, HUNDRED), offer_price)
        if not exact:
            rounded["change_pct"] = NON_TERMINATING
        assumptions["change_pct"] = "(price - offer price) / offer price x 100"
    assumptions["display"] = DISPLAY_ROUNDING
    if rounded:
        assumptions["rounded"] = rounded
    result = MarketCapResult(
        shares=shares, price=price, market_cap=cap, market_cap_target=target, market_cap_remainder=remainder,
        offer_price=offer_price, market_cap_at_offer=cap_at_offer, price_change=change, change_pct=change_pct,
        solved_for=solved_for,
    )
    return Outcome("market-cap", inputs, result, assumptions, currency, rounded)


class SubscriptionDemand(NamedTuple):
    """How far a tranche was subscribed, before any reallocation rule."""

    offered: int
    applied: int
    multiple: Decimal
    multiple_exact: bool
    applied_exact: bool


def subscription_demand(offered: int, applied: int | None, multiple: Decimal | None) -> SubscriptionDemand:
    """Multiple = shares applied for / shares offered; or applied = offered x multiple (to a whole share)."""
    _exactly_one({"--applied": applied, "--multiple": multiple}, "for the demand")
    if offered <= 0:
        raise InputError("the shares offered must be greater than zero")
    if applied is not None:
        ratio, exact = divide(Decimal(applied), Decimal(offered))
        return SubscriptionDemand(offered, applied, ratio, exact, True)
    assert multiple is not None
    product = mul(offered, multiple)
    whole = product.to_integral_value(context=ROUNDING)
    return SubscriptionDemand(offered, int(whole), multiple, True, whole == product)


def success_rate(applications: int | None, successful: int | None) -> tuple[Decimal | None, bool]:
    """Successful applications / valid applications, in percent."""
    if applications is None and successful is None:
        return None, True
    if applications is None or successful is None:
        raise InputError("give --applications and --successful together")
    if applications == 0:
        raise InputError("--applications must be greater than zero")
    if successful > applications:
        raise InputError("--successful cannot exceed --applications")
    return divide(mul(successful, HUNDRED), Decimal(applications))


class DemandResult(Record):
    offered: int = value("Shares offered in the tranche", SHARES)
    applied_shares: int = value("Shares applied for", SHARES)
    multiple: Decimal = value("Subscription multiple (applied / offered)", MULTIPLE)
    price: Decimal = value("Offer price", PRICE)
    demand_amount: Decimal = value("Demand (applied x price)", MONEY)
    applications: int = value("Valid applications", COUNT)
    successful: int = value("Successful applications", COUNT)
    success_rate: Decimal = value("Success rate", PERCENT)


def compute_oversubscription(
    *,
    offered: int | None = None,
    applied: int | None = None,
    multiple: Decimal | None = None,
    price: Decimal | None = None,
    applications: int | None = None,
    successful: int | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> Outcome:
    """Subscription multiple, shares applied for, demand in money, and the success rate."""
    inputs = _inputs(
        offered=offered, applied=applied, multiple=multiple, price=price,
        applications=applications, successful=successful, currency=currency,
    )
    if offered is None:
        raise InputError("give --offered (shares initially offered in the tranche)")
    demand = subscription_demand(offered, applied, multiple)
    assumptions: dict[str, Any] = {
        "multiple": "shares applied for / shares initially offered in the tranche (not minus one)",
    }
    rounded: dict[str, str] = {}
    if not demand.multiple_exact:
        rounded["multiple"] = NON_TERMINATING
    if not demand.applied_exact:
        rounded["applied_shares"] = "offered x multiple, rounded half-even to a whole share"
    rate, rate_exact = success_rate(applications, successful)
    if not rate_exact:
        rounded["success_rate"] = NON_TERMINATING
    assumptions["display"] = DISPLAY_ROUNDING
    if rounded:
        assumptions["rounded"] = rounded
    result = DemandResult(
        offered=offered, applied_shares=demand.applied, multiple=demand.multiple, price=price,
        demand_amount=mul(demand.applied, price) if price is not None else None,
        applications=applications, successful=successful, success_rate=rate,
    )
    return Outcome("oversubscription", inputs, result, assumptions, currency, rounded)


class GreenshoeResult(Record):
    base_shares: int = value("Base offer shares", SHARES)
    pct: Decimal = value("Option size", PERCENT)
    board_lot: int = value("Board lot", SHARES)
    greenshoe_shares: int = value("Greenshoe (over-allotment) shares", SHARES)
    price: Decimal = value("Offer price", PRICE)
    greenshoe_proceeds: Decimal = value("Greenshoe proceeds", MONEY)
    total_shares: int = value("Total offer shares with greenshoe", SHARES)
    total_proceeds: Decimal = value("Total gross proceeds with greenshoe", MONEY)


def _greenshoe_notes(pct: Decimal | None) -> tuple[str, ...]:
    if pct is not None and pct > GREENSHOE_CAP_PCT:
        return (
            f"{pct:f}% is above the 15% over-allotment cap usual in Hong Kong "
            "(shares initially offered); computed as asked",
        )
    return ()


def compute_greenshoe(
    *,
    shares: int | None = None,
    pct: Decimal = GREENSHOE_CAP_PCT,
    board_lot: int = 1,
    price: Decimal | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> Outcome:
    """Over-allotment shares = pct x base offer, rounded down to whole board lots."""
    if shares is None:
        raise InputError("give --shares (the base offer shares)")
    inputs = _inputs(shares=shares, pct=pct, board_lot=board_lot, price=price, currency=currency)
    size = greenshoe_size(shares, pct, board_lot)
    total_shares = shares + size
    assumptions: dict[str, Any] = {
        "greenshoe_shares": f"{pct:f}% of the base offer, rounded down to whole board lots of {board_lot}",
        "total": "option fully exercised at the offer price",
        "display": DISPLAY_ROUNDING,
    }
    result = GreenshoeResult(
        base_shares=shares, pct=pct, board_lot=board_lot, greenshoe_shares=size, price=price,
        greenshoe_proceeds=mul(size, price) if price is not None else None,
        total_shares=total_shares,
        total_proceeds=mul(total_shares, price) if price is not None else None,
    )
    return Outcome("greenshoe", inputs, result, assumptions, currency, {}, _greenshoe_notes(pct))
