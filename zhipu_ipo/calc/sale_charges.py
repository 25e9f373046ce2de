"""The charges on one sale in Hong Kong, by trade date: the rates in force, each charge rounded at its own step.

The dated rates are data with sources in ``calc/sale_schedules.py``; ``calc/selling.py`` is the `sell`
command (P&L and break-even) built on these charges.
"""

from __future__ import annotations

from datetime import date as Day
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from ..tuples import named_tuple
from ..errors import InputError, choose, shown
from ..numbers import CENT, EXACT, HUNDRED, ROUNDING, ZERO, mul, percent_of
from .sale_schedules import SCHEDULES, Period, period_on


ROUND_NEAREST = "nearest"
ROUND_UP = "up"
TRADING_FEE_ROUNDINGS = (ROUND_NEAREST, ROUND_UP)
VENUE_EXCHANGE = "exchange"
VENUE_GREY = "grey"
VENUES = (VENUE_EXCHANGE, VENUE_GREY)


def parse_trading_fee_rounding(text: str) -> str:
    return choose(text, TRADING_FEE_ROUNDINGS, "trading-fee rounding")


def parse_venue(text: str) -> str:
    choice = text.strip().lower()
    if choice in ("grey", "gray", "grey-market", "暗盤", "暗盘"):
        return VENUE_GREY
    if choice in ("exchange", "hkex", "sehk"):
        return VENUE_EXCHANGE
    raise InputError(f"{shown(text)} is not a venue: 'exchange' (HKEX) or 'grey' (the broker's grey market)")


class Rates(named_tuple("Rates", "stamp_duty trading_fee sfc_levy afrc_levy settlement_fee")):
    """The rates that apply to one sale, after the user's overrides."""

    __slots__ = ()

    stamp_duty: Period
    trading_fee: Period
    sfc_levy: Period
    afrc_levy: Period
    settlement_fee: Period

    @classmethod
    def on(cls, day: Day) -> Rates:
        return cls(**{name: period_on(table, day, name.replace("_", " ")) for name, table in SCHEDULES.items()})


def rates_on(day: Day, overrides: dict[str, Decimal | None]) -> tuple[Rates, tuple[str, ...]]:
    """The rates in force on ``day``, any rate the user gave replacing the dated one (named in the second item)."""
    rates = Rates.on(day)
    changed: list[str] = []
    replaced: dict[str, Period] = {}
    for key, given in overrides.items():
        if given is None:
            continue
        name, _, part = key.partition(":")
        period = replaced.get(name, getattr(rates, name))
        field = {"pct": "rate_pct", "fixed": "fixed", "min": "minimum", "max": "maximum"}[part]
        replaced[name] = period._replace(**{field: given}, sources=("as given",))
        changed.append(f"{name} {part}")
    return rates._replace(**replaced), tuple(changed)


class SaleCharges(named_tuple("SaleCharges", "consideration stamp_duty trading_fee sfc_levy afrc_levy settlement_fee "
                                            "commission platform_fee total_charges net_proceeds")):
    __slots__ = ()
    consideration: Decimal
    stamp_duty: Decimal
    trading_fee: Decimal
    sfc_levy: Decimal
    afrc_levy: Decimal
    settlement_fee: Decimal
    commission: Decimal
    platform_fee: Decimal
    total_charges: Decimal
    net_proceeds: Decimal


class Commission(named_tuple("Commission", "pct minimum platform_fee", defaults=(ZERO, ZERO, ZERO))):
    __slots__ = ()
    pct: Decimal
    minimum: Decimal
    platform_fee: Decimal


NO_COMMISSION = Commission()


def commission_of(commission_pct: Decimal | None, min_commission: Decimal | None,
                  platform_fee: Decimal | None) -> Commission:
    """The broker's charges on a sale from the options `commission_pct`, `min_commission` and `platform_fee` (each
    absent: none), as `sell`, `expected-value` and `plan` take them; a minimum needs a rate."""
    if commission_pct is None and min_commission is not None:
        raise InputError("`min_commission` needs `commission_pct` (the broker's rate)")
    if commission_pct is None and platform_fee is None:
        return NO_COMMISSION
    return Commission(commission_pct or ZERO, min_commission or ZERO, platform_fee or ZERO)


def commission_words(broker: Commission) -> str:
    """What a sale's broker charges assume, in words."""
    if not (broker.pct or broker.minimum or broker.platform_fee):
        return "no broker's commission or platform fee (give commission_pct, min_commission, platform_fee, or a broker)"
    return (f"broker's commission {broker.pct:f}% of the consideration, nearest cent, at least {broker.minimum:f}; "
            f"platform fee {broker.platform_fee:f} per order")


def clamp(amount: Decimal, period: Period) -> Decimal:
    if period.minimum is not None and amount < period.minimum:
        amount = period.minimum
    if period.maximum is not None and amount > period.maximum:
        amount = period.maximum
    return amount


def stamp_duty(consideration: Decimal, rate_pct: Decimal) -> Decimal:
    """Stamp duty: rate x consideration, any fraction of a dollar counted as a dollar."""
    return percent_of(consideration, rate_pct).to_integral_value(rounding=ROUND_CEILING)


def sale_charges(shares: int, price: Decimal, rates: Rates, commission: Commission = NO_COMMISSION,
                 trading_fee_rounding: str = ROUND_NEAREST) -> SaleCharges:
    """Each charge on selling ``shares`` at ``price``, rounded as the module docstring says.

    Each step is ``numbers``' own (``percent_of``, ``round_cents``, ``add``), written out with the exact
    context's methods: the break-even prices a sale this way at every cent it tries."""
    consideration = mul(shares, price)
    multiply, divide, add_ = EXACT.multiply, EXACT.divide, EXACT.add
    duty = divide(multiply(consideration, rates.stamp_duty.rate_pct), HUNDRED).to_integral_value(rounding=ROUND_CEILING)
    exact_trading = divide(multiply(consideration, rates.trading_fee.rate_pct), HUNDRED)
    trading = (exact_trading.quantize(CENT, rounding=ROUND_CEILING) if trading_fee_rounding == ROUND_UP
               else exact_trading.quantize(CENT, ROUND_HALF_UP, ROUNDING))
    trading = add_(add_(ZERO, trading), rates.trading_fee.fixed)
    sfc = divide(multiply(consideration, rates.sfc_levy.rate_pct), HUNDRED).quantize(CENT, ROUND_HALF_UP, ROUNDING)
    afrc = divide(multiply(consideration, rates.afrc_levy.rate_pct), HUNDRED).quantize(CENT, ROUND_HALF_UP, ROUNDING)
    settlement = clamp(divide(multiply(consideration, rates.settlement_fee.rate_pct), HUNDRED).quantize(
        CENT, ROUND_HALF_UP, ROUNDING), rates.settlement_fee)
    brokerage = ZERO
    if commission.pct or commission.minimum:
        brokerage = max(divide(multiply(consideration, commission.pct), HUNDRED).quantize(CENT, ROUND_HALF_UP, ROUNDING),
                        commission.minimum)
    total = ZERO
    for charge in (duty, trading, sfc, afrc, settlement, brokerage, commission.platform_fee):
        total = add_(total, charge)
    return SaleCharges(consideration, duty, trading, sfc, afrc, settlement, brokerage, commission.platform_fee,
                       total, EXACT.subtract(consideration, total))
