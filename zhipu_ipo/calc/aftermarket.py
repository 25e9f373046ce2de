"""After listing: first-day return, money left on the table and the market-adjusted return.

Definitions (cited in ``DEFINITIONS`` and in the command's help):

- first-day return = (first-day close - offer price) / offer price x 100
  (Ritter, "Initial Public Offerings: Updated Statistics": "the first-day return, measured
  from the offer price to the closing market price");
- money left on the table = (first-day close - offer price) x shares sold, the shares offered
  after any upsize and before the greenshoe (Loughran and Ritter, "Why Don't Issuers Get Upset
  About Leaving Money on the Table in IPOs?", Review of Financial Studies 15(2), 2002);
- market-adjusted return, two conventions by name: ratio ((1 + r) / (1 + R) - 1) x 100 and
  difference (r - R) x 100, R the index return that day (Loughran and Ritter, "Why Has IPO
  Underpricing Changed over Time?", Financial Management 33(3), 2004; Ritter's statistics).
"""

from __future__ import annotations

from decimal import Decimal

from ..errors import InputError
from ..numbers import HUNDRED, add, mul, quotient, sub
from ..records import Computed, Kind, record, value

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

RITTER_STATISTICS = (
    "Jay R. Ritter, Initial Public Offerings: Updated Statistics (University of Florida): first-day "
    "return measured from the offer price to the closing market price; shares excluding the "
    "over-allotment option (https://paperzz.com/doc/9166172/initial-public-offerings-"
    "-updated-statistics)"
)
LOUGHRAN_RITTER_2002 = (
    "Loughran and Ritter, Why Don't Issuers Get Upset About Leaving Money on the Table in IPOs?, "
    "Review of Financial Studies 15(2), 2002: money left on the table = shares sold x (first-day "
    "closing price - offer price) (https://www.scribd.com/document/374700229/Money-Left-on-Table)"
)
LOUGHRAN_RITTER_2004 = (
    "Loughran and Ritter, Why Has IPO Underpricing Changed over Time?, Financial Management 33(3), 2004"
)

#: Each output and the definition it follows (printed in the help and copied into assumptions).
DEFINITIONS: dict[str, str] = {
    "offer_to_open_pct": "(first-day open - offer price) / offer price x 100",
    "open_to_close_pct": "(first-day close - first-day open) / first-day open x 100",
    "first_day_return_pct": f"(first-day close - offer price) / offer price x 100; {RITTER_STATISTICS}",
    "money_left_on_table": (
        "(first-day close - offer price) x offer shares (after any upsize, before the greenshoe); "
        f"{LOUGHRAN_RITTER_2002}"
    ),
    "money_left_on_table_with_greenshoe": "(first-day close - offer price) x (offer shares + greenshoe shares)",
    "market_adjusted_return_pct": (
        f"ratio convention: ((1 + r) / (1 + R) - 1) x 100, r the first-day return, R the index return; "
        f"{LOUGHRAN_RITTER_2004}"
    ),
    "excess_return_pct": "difference convention: (r - R) x 100, in percentage points",
    "later_return_pct": "(later price - offer price) / offer price x 100, on the date given",
    "grey_market_return_pct": "(grey-market price - offer price) / offer price x 100 (the evening before listing)",
    "grey_to_open_pct": "(first-day open - grey-market price) / grey-market price x 100",
}


@record
class AftermarketResult:
    offer_price: Decimal | None = value("Offer price", Kind.PRICE)
    open_price: Decimal | None = value("First-day open", Kind.PRICE)
    close_price: Decimal | None = value("First-day close", Kind.PRICE)
    shares: int | None = value("Offer shares (before greenshoe)", Kind.SHARES)
    offer_to_open_pct: Decimal | None = value("Offer to open", Kind.CHANGE)
    open_to_close_pct: Decimal | None = value("Open to close", Kind.CHANGE)
    first_day_return_pct: Decimal | None = value("First-day return", Kind.CHANGE)
    money_left_on_table: Decimal | None = value("Money left on the table", Kind.MONEY)
    greenshoe_shares: int | None = value("Greenshoe shares", Kind.SHARES)
    money_left_on_table_with_greenshoe: Decimal | None = value("Money left on the table, with greenshoe", Kind.MONEY)
    index_return_pct: Decimal | None = value("Index return that day", Kind.CHANGE)
    market_adjusted_return_pct: Decimal | None = value("Market-adjusted return (ratio)", Kind.CHANGE)
    excess_return_pct: Decimal | None = value("Excess return (difference)", Kind.CHANGE)
    later_price: Decimal | None = value("Later price", Kind.PRICE)
    later_date: str | None = value("Later price date", Kind.TEXT)
    later_return_pct: Decimal | None = value("Offer to later price", Kind.CHANGE)
    grey_price: Decimal | None = value("Grey-market price", Kind.PRICE)
    grey_market_return_pct: Decimal | None = value("Offer to grey market", Kind.CHANGE)
    grey_to_open_pct: Decimal | None = value("Grey market to open", Kind.CHANGE)


NEEDS_CLOSE = "needs the first-day close"


def _pct_change(new: Decimal, base: Decimal, key: str, rounded: dict[str, str]) -> Decimal:
    """(new - base) / base x 100, one division: exact, or rounded once and named in ``rounded``."""
    return quotient(mul(sub(new, base), HUNDRED), base, key, rounded)


def compute_aftermarket(
    *,
    offer_price: Decimal | None = None,
    close: Decimal | None = None,
    shares: int | None = None,
    open: Decimal | None = None,  # the option's name; shadows the builtin in this function only
    greenshoe_shares: int | None = None,
    index_return: Decimal | None = None,
    later_price: Decimal | None = None,
    later_date: str | None = None,
    grey_price: Decimal | None = None,
    currency: str = "",
) -> Computed:
    """First-day return, money left on the table and, given the index return, both market-adjusted returns.

    ``open`` is the first-day opening price (the option ``open``).
    """
    if offer_price is None:
        raise InputError("give `offer_price` and the first-day `close` (with `shares`, the offer shares before the "
                         "greenshoe, for the money left on the table) or `open`")
    if close is None and open is None and grey_price is None and later_price is None:
        raise InputError("give the first-day `close` or `open` (or `grey_price`, `later_price`) with `offer_price`")
    rounded: dict[str, str] = {}
    assumptions: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    not_computed: dict[str, str] = {}
    if open is not None:
        fields["offer_to_open_pct"] = _pct_change(open, offer_price, "offer_to_open_pct", rounded)
        assumptions["offer_to_open_pct"] = DEFINITIONS["offer_to_open_pct"]
        if close is not None:
            fields["open_to_close_pct"] = _pct_change(close, open, "open_to_close_pct", rounded)
            assumptions["open_to_close_pct"] = DEFINITIONS["open_to_close_pct"]
    gain = sub(close, offer_price) if close is not None else None
    if gain is not None:
        fields["first_day_return_pct"] = _pct_change(close, offer_price, "first_day_return_pct", rounded)  # type: ignore[arg-type]
        assumptions["first_day_return_pct"] = DEFINITIONS["first_day_return_pct"]
        if gain < 0:
            assumptions["money_left_on_table_sign"] = "negative: the shares closed below the offer price (overpricing)"
    else:
        for key in ("open_to_close_pct", "first_day_return_pct") if open is not None else ("first_day_return_pct",):
            not_computed[key] = NEEDS_CLOSE
    if gain is not None and shares is not None:
        fields["money_left_on_table"] = mul(gain, shares)
        assumptions["money_left_on_table"] = DEFINITIONS["money_left_on_table"]
    else:
        not_computed["money_left_on_table"] = ("needs " + " and ".join(
            name for name, given in (("the first-day close", close), ("shares (the offer shares)", shares))
            if given is None))
    if greenshoe_shares is not None:
        fields["greenshoe_shares"] = greenshoe_shares
        if "money_left_on_table" in fields:
            fields["money_left_on_table_with_greenshoe"] = mul(gain, add(shares, greenshoe_shares))  # type: ignore[arg-type]
            assumptions["money_left_on_table_with_greenshoe"] = DEFINITIONS["money_left_on_table_with_greenshoe"]
        else:
            not_computed["money_left_on_table_with_greenshoe"] = not_computed["money_left_on_table"]
    if index_return is not None and index_return <= -HUNDRED:
        raise InputError(f"`index_return` {index_return:f}% is not above -100%")
    if index_return is not None and close is None:
        fields["index_return_pct"] = index_return
        not_computed["market_adjusted_return_pct"] = not_computed["excess_return_pct"] = NEEDS_CLOSE
    elif index_return is not None:
        assert close is not None and gain is not None
        base = add(HUNDRED, index_return)  # 100 (1 + R)
        # ((1 + r) / (1 + R) - 1) x 100 = 100 (100 C - P (100 + R)) / (P (100 + R)): one division.
        numerator = mul(HUNDRED, sub(mul(HUNDRED, close), mul(offer_price, base)))
        adjusted = quotient(numerator, mul(offer_price, base), "market_adjusted_return_pct", rounded)
        # (r - R) x 100 = (100 (C - P) - R P) / P: one division.
        excess = quotient(sub(mul(HUNDRED, gain), mul(index_return, offer_price)), offer_price, "excess_return_pct",
                          rounded)
        fields.update(index_return_pct=index_return, market_adjusted_return_pct=adjusted, excess_return_pct=excess)
        assumptions["market_adjusted_return_pct"] = DEFINITIONS["market_adjusted_return_pct"]
        assumptions["excess_return_pct"] = DEFINITIONS["excess_return_pct"]
        assumptions["index_return_pct"] = "as given: the benchmark's close-to-close change on the listing day"
    if later_price is not None:
        if not later_date:
            raise InputError("`later_price` needs `later_date` (the day of that price, e.g. 2026-02-04)")
        fields.update(later_price=later_price, later_date=later_date,
                      later_return_pct=_pct_change(later_price, offer_price, "later_return_pct", rounded))
        assumptions["later_return_pct"] = DEFINITIONS["later_return_pct"]
    elif later_date is not None:
        raise InputError("`later_date` needs `later_price`")
    if grey_price is not None:
        fields.update(grey_price=grey_price,
                      grey_market_return_pct=_pct_change(grey_price, offer_price, "grey_market_return_pct", rounded))
        assumptions["grey_market_return_pct"] = DEFINITIONS["grey_market_return_pct"]
        if open is not None:
            fields["grey_to_open_pct"] = _pct_change(open, grey_price, "grey_to_open_pct", rounded)
            assumptions["grey_to_open_pct"] = DEFINITIONS["grey_to_open_pct"]
    if not_computed:
        assumptions["not_computed"] = not_computed
    result = AftermarketResult(offer_price=offer_price, open_price=open, close_price=close, shares=shares, **fields)
    return Computed(result, assumptions, rounded)
