"""Public float at listing against the Exchange's 2025 tiers, and the cornerstone share.

Main Board Rule 8.08 as amended by "Optimising IPO price discovery and open market
requirements" (conclusions published 1 Aug 2025, in force for listing documents published on
or after 4 Aug 2025): the minimum percentage of a new class held by the public depends on the
expected market value of that class at listing. Tiers are data (``FLOAT_TIERS``) with their
sources; the arithmetic is exact and whole shares are rounded up (a requirement is met by whole
shares only), which the assumptions say.
"""

from __future__ import annotations

from decimal import Decimal

from ..tuples import named_tuple
from ..errors import InputError
from ..numbers import HUNDRED, floor_divide, mul, quotient
from ..records import Computed, Kind, record, value
from ..rules import PUBLIC_FLOAT_2025

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any


class FloatTier(named_tuple("FloatTier", "name above up_to min_pct min_public_value")):
    """One tier: market value above ``above`` and up to ``up_to`` (None: no cap) needs the higher of
    ``min_pct`` and the percentage that puts ``min_public_value`` in public hands (None: no value test)."""

    __slots__ = ()
    name: str
    above: Decimal
    up_to: Decimal | None
    min_pct: Decimal
    min_public_value: Decimal | None


FLOAT_CURRENCY = "HKD"
FLOAT_RULE_EFFECTIVE = "2025-08-04"
FLOAT_RULE_PUBLISHED = "2025-08-01"
FLOAT_TIERS: tuple[FloatTier, ...] = (
    FloatTier("A", Decimal(0), Decimal(6_000_000_000), Decimal(25), None),
    FloatTier("B", Decimal(6_000_000_000), Decimal(30_000_000_000), Decimal(15), Decimal(1_500_000_000)),
    FloatTier("C", Decimal(30_000_000_000), None, Decimal(10), Decimal(4_500_000_000)),
)
#: Above this market value the Exchange may accept a lower float, case by case.
FLOAT_WAIVER_ABOVE = Decimal(45_000_000_000)
FLOAT_SOURCES = "; ".join(PUBLIC_FLOAT_2025.sources) + f" ({PUBLIC_FLOAT_2025.uncertain})"
FLOAT_PRC_NOTE = (
    "PRC issuer (H shares): count public H shares in public_shares and give all shares of the class "
    "(H plus A or unlisted) as shares_in_issue; the others sit in the denominator only (Morgan Lewis, above)"
)
OLD_RULE = "before 4 Aug 2025: 25%, or 15%-25% at the Exchange's discretion above HK$10bn expected market cap"


def tier_for(market_value: Decimal) -> FloatTier:
    for tier in FLOAT_TIERS:
        if tier.up_to is None or market_value <= tier.up_to:
            return tier
    raise AssertionError("the last tier has no cap")  # pragma: no cover


def _ceil_exact(numerator: Decimal, denominator: Decimal) -> int:
    """The smallest whole number at least numerator / denominator, exactly (no rounded quotient)."""
    whole = floor_divide(numerator, denominator)
    return whole + 1 if mul(whole, denominator) < numerator else whole


@record
class FloatResult:
    shares_in_issue: int | None = value("Shares in issue (class)", Kind.SHARES)
    price: Decimal | None = value("Price", Kind.PRICE)
    market_value: Decimal | None = value("Expected market value at listing", Kind.MONEY)
    tier: str | None = value("Float tier (2025)", Kind.TEXT)
    tier_min_pct: Decimal | None = value("Tier minimum", Kind.PERCENT)
    tier_min_public_value: Decimal | None = value("Tier minimum value in public hands", Kind.MONEY)
    required_pct: Decimal | None = value("Required public float", Kind.PERCENT)
    required_public_shares: int | None = value("Required public shares", Kind.SHARES)
    public_shares: int | None = value("Public shares", Kind.SHARES)
    public_float_pct: Decimal | None = value("Public float", Kind.PERCENT)
    public_float_value: Decimal | None = value("Public float value", Kind.MONEY)
    meets_requirement: str | None = value("Meets the 2025 tier", Kind.TEXT)
    shortfall_shares: int | None = value("Shortfall, shares", Kind.SHARES)
    offer_shares: int | None = value("Offer shares", Kind.SHARES)
    cornerstone_shares: int | None = value("Cornerstone shares", Kind.SHARES)
    cornerstone_pct_of_offer: Decimal | None = value("Cornerstone, % of offer", Kind.PERCENT)
    cornerstone_pct_of_issue: Decimal | None = value("Cornerstone, % of shares in issue", Kind.PERCENT)


def compute_float(
    *,
    shares_in_issue: int | None = None,
    price: Decimal | None = None,
    market_value: Decimal | None = None,
    public_shares: int | None = None,
    offer_shares: int | None = None,
    cornerstone_shares: int | None = None,
    currency: str = "",
) -> Computed:
    """The 2025 tier, the public float it needs, the shortfall if any, and the cornerstone share."""
    if shares_in_issue is None:
        raise InputError("give `shares_in_issue` (all shares of the class at listing, before the greenshoe)")
    rounded: dict[str, str] = {}
    assumptions: dict[str, Any] = {
        "rule": (f"Main Board Rule 8.08 initial public float tiers, in force from {FLOAT_RULE_EFFECTIVE} for "
                 f"{PUBLIC_FLOAT_2025.effective}; see 'zhipu-ipo rules'; {FLOAT_SOURCES}"),
        "tiers": "; ".join(
            f"{t.name}: market value above HK${t.above:,f} up to "
            + (f"HK${t.up_to:,f}" if t.up_to is not None else "any amount")
            + f": {t.min_pct:f}%"
            + (f" or, if higher, the % putting HK${t.min_public_value:,f} in public hands" if t.min_public_value else "")
            for t in FLOAT_TIERS
        ),
        "prc_issuers": FLOAT_PRC_NOTE,
        "earlier_rule": OLD_RULE,
    }
    fields: dict[str, Any] = {}
    if currency and currency != FLOAT_CURRENCY and (price is not None or market_value is not None):
        raise InputError(f"`currency` {currency}: the 2025 float tiers are in HKD; give HKD prices "
                         "(`currency` HKD) or convert first")
    if public_shares is not None and public_shares > shares_in_issue:
        raise InputError(f"`public_shares` {public_shares:,} exceed `shares_in_issue` {shares_in_issue:,}")
    if price is not None or market_value is not None:
        if price is not None and market_value is not None:
            raise InputError("give `price` or `market_value`, not both")
        if market_value is None:
            assert price is not None
            market_value = mul(shares_in_issue, price)
            assumptions["market_value"] = "shares in issue of the class x price (the offer price at listing)"
        else:
            assumptions["market_value"] = "as given (the expected market value of the class at listing)"
        tier = tier_for(market_value)
        pct_shares = _ceil_exact(mul(shares_in_issue, tier.min_pct), HUNDRED)
        required_pct = tier.min_pct
        required_shares = pct_shares
        if tier.min_public_value is not None:
            if_higher: dict[str, str] = {}  # the value test's % is rounded only if it is the one required
            value_pct = quotient(mul(tier.min_public_value, HUNDRED), market_value, "required_pct", if_higher)
            # whole shares worth at least the minimum value: ceil(value x shares / market value), exactly
            value_shares = _ceil_exact(mul(tier.min_public_value, shares_in_issue), market_value)
            if value_pct > required_pct:
                required_pct = value_pct
                rounded.update(if_higher)
            required_shares = max(required_shares, value_shares)
        assumptions["required_public_shares"] = (
            "the tier's percentage of shares in issue and (tiers B, C) the shares worth the minimum value, "
            "each rounded up to a whole share; the higher of the two"
        )
        if market_value > FLOAT_WAIVER_ABOVE:
            assumptions["waiver"] = (f"market value above HK${FLOAT_WAIVER_ABOVE:,f}: the Exchange may accept a "
                                     "lower float, case by case; the tier's figure is shown")
        fields.update(market_value=market_value, tier=tier.name, tier_min_pct=tier.min_pct,
                      tier_min_public_value=tier.min_public_value, required_pct=required_pct,
                      required_public_shares=required_shares)
        if public_shares is not None:
            fields["meets_requirement"] = "yes" if public_shares >= required_shares else "no"
            fields["shortfall_shares"] = max(0, required_shares - public_shares)
            assumptions["shortfall_shares"] = "required public shares - public shares, zero if met"
    elif public_shares is not None or cornerstone_shares is None:
        raise InputError("give `price` (or `market_value`) to find the 2025 float tier")
    if public_shares is not None:
        pct = quotient(mul(public_shares, HUNDRED), shares_in_issue, "public_float_pct", rounded)
        fields.update(public_shares=public_shares, public_float_pct=pct)
        assumptions["public_float_pct"] = "public shares / shares in issue of the class x 100"
        if price is not None:
            fields["public_float_value"] = mul(public_shares, price)
    if cornerstone_shares is not None:
        if offer_shares is None:
            raise InputError("`cornerstone_shares` needs `offer_shares` (after any upsize, before the greenshoe)")
        if cornerstone_shares > offer_shares:
            raise InputError(f"`cornerstone_shares` {cornerstone_shares:,} exceed `offer_shares` {offer_shares:,}")
        of_offer = quotient(mul(cornerstone_shares, HUNDRED), offer_shares, "cornerstone_pct_of_offer", rounded)
        of_issue = quotient(mul(cornerstone_shares, HUNDRED), shares_in_issue, "cornerstone_pct_of_issue", rounded)
        fields.update(cornerstone_shares=cornerstone_shares, cornerstone_pct_of_offer=of_offer,
                      cornerstone_pct_of_issue=of_issue)
        assumptions["cornerstone_pct_of_offer"] = (
            "cornerstone shares / offer shares (after any upsize, before the greenshoe) x 100, as prospectuses "
            "state it 'assuming the Over-allotment Option is not exercised'"
        )
        assumptions["cornerstone_pct_of_issue"] = "cornerstone shares / shares in issue x 100"
    if offer_shares is not None:
        if offer_shares > shares_in_issue:
            raise InputError(f"`offer_shares` {offer_shares:,} exceed `shares_in_issue` {shares_in_issue:,}")
        fields["offer_shares"] = offer_shares
    result = FloatResult(shares_in_issue=shares_in_issue, price=price, **fields)
    return Computed(result, assumptions, rounded)
