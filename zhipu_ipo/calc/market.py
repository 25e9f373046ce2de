"""Market capitalisation at a price, and its change on the offer price."""

from __future__ import annotations

from decimal import Decimal

from ..errors import InputError
from ..numbers import HUNDRED, PriceRange, floor_divide, mul, quotient, sub
from ..records import Computed, Kind, record, value
from .scenarios import asks_for_range

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any


@record
class MarketCapResult:
    shares: int | None = value("Shares in issue", Kind.SHARES)
    price: Decimal | None = value("Price", Kind.PRICE)
    market_cap: Decimal | None = value("Market cap", Kind.MONEY)
    market_cap_target: Decimal | None = value("Market cap given", Kind.MONEY)
    market_cap_remainder: Decimal | None = value("Market cap not covered, remainder", Kind.MONEY)
    offer_price: Decimal | None = value("Offer price", Kind.PRICE)
    market_cap_at_offer: Decimal | None = value("Market cap at offer price", Kind.MONEY)
    price_change: Decimal | None = value("Price change per share", Kind.MONEY)
    change_pct: Decimal | None = value("Change on offer price", Kind.CHANGE)
    solved_for: str | None = value("Solved for", Kind.TEXT)


def compute_market_cap(
    *,
    shares: int | None = None,
    price: Decimal | PriceRange | None = None,
    price_step: Decimal | None = None,
    final_price: Decimal | None = None,
    market_cap: Decimal | None = None,
    offer_price: Decimal | None = None,
    currency: str = "",
) -> Computed:
    """Market cap = shares in issue x price; or implied shares from a market cap and a price.

    With a ``price`` range (``PriceRange``), a ``price_step`` or a ``final_price``: the same calculation at
    each scenario price of the range (``calc/price_range.py``).
    """
    if asks_for_range(price, price_step, final_price):
        from .price_range import compute_over_range  # scenarios only: one price does not load them

        return compute_over_range(compute_market_cap, dict(
            shares=shares, price=price, price_step=price_step, final_price=final_price, market_cap=market_cap,
            offer_price=offer_price, currency=currency))
    assert not isinstance(price, PriceRange)
    assumptions: dict[str, Any] = {"market_cap": "all shares in issue x price (H and unlisted shares alike)"}
    rounded: dict[str, str] = {}
    if price is None:
        raise InputError("give `price` (the trading or offer price)")
    solved_for = target = remainder = None
    if market_cap is None:
        if shares is None:
            raise InputError("give `shares` (shares in issue), or `market_cap` to solve for them")
        cap = mul(shares, price)
    else:
        if shares is not None:
            raise InputError("give `shares` or `market_cap`, not both")
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
        change_pct = quotient(mul(change, HUNDRED), offer_price, "change_pct", rounded)
        assumptions["change_pct"] = "(price - offer price) / offer price x 100"
    result = MarketCapResult(
        shares=shares, price=price, market_cap=cap, market_cap_target=target, market_cap_remainder=remainder,
        offer_price=offer_price, market_cap_at_offer=cap_at_offer, price_change=change, change_pct=change_pct,
        solved_for=solved_for,
    )
    return Computed(result, assumptions, rounded)
