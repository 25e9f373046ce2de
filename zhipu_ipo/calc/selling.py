"""Selling shares in Hong Kong: the charges by trade date, first-day P&L and the break-even price.

Every charge is dated data with its sources, in ``calc/sale_schedules.py`` with the
HKEX spread table; the trade date picks one period of each. A date before the
earliest period (1 Nov 2014) is refused rather than priced with rules that were not
in force.

Rounding, one named step per charge: stamp duty is counted up to the whole
dollar ("any fraction of $1 shall be reckoned as $1", Stamp Duty Ordinance
Cap 117); every other charge is rounded to the cent, half up (HKEX: "rounded
to the nearest cent"). The HKSCC settlement fee's rounding is not published;
nearest cent reproduces Longbridge's worked examples. Longbridge's example
prints trading fees one cent above the nearest-cent rule twice (5.90 for
5.89295, 1.03 for 1.02378); ``trading_fee_rounding`` up reproduces it.
"""

from __future__ import annotations

from datetime import date as Day
from decimal import Decimal
from fractions import Fraction

from ..errors import InfeasibleError, InputError
from ..numbers import CENT, HUNDRED, ZERO, add, divide, first_true, mul, percent_of, quotient, sub
from ..fees import ROUND_EACH, schedule_named
from ..records import Computed, Kind, record, value
from .fees import charges
from .sale_charges import (
    clamp,
    ROUND_NEAREST,
    ROUND_UP,
    TRADING_FEE_ROUNDINGS,
    VENUE_EXCHANGE,
    VENUE_GREY,
    VENUES,
    parse_trading_fee_rounding,
    parse_venue,
    Rates,
    rates_on,
    SaleCharges,
    Commission,
    NO_COMMISSION,
    stamp_duty,
    sale_charges,
)
from .sale_schedules import spread_table_on, tick_at_or_above

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable

# --- break-even --------------------------------------------------------------------------------


def _net(shares: int, price: Decimal, rates: Rates, commission: Commission, rounding: str) -> Decimal:
    return sale_charges(shares, price, rates, commission, rounding).net_proceeds


class _LinearForm:
    """Net proceeds before any rounding, as a function of the consideration ``x``: piecewise linear.

    Every charge but stamp duty is a rate times ``x`` plus fixed amounts, with the settlement fee's
    minimum and maximum and the commission's minimum as clamps; ``kept(x)`` is ``x`` less those charges,
    and ``net(x)`` also less stamp duty at its rate (before it is counted up to the dollar). Exact
    (fractions), so the cent at which each crosses a value is found without rounding.
    """

    def __init__(self, shares: int, rates: Rates, commission: Commission) -> None:
        self.per_cent = Fraction(shares, 100)  # the consideration one cent of price adds
        self.duty = Fraction(rates.stamp_duty.rate_pct) / 100
        self.linear = sum((Fraction(period.rate_pct) for period in (rates.trading_fee, rates.sfc_levy,
                                                                     rates.afrc_levy)), Fraction(0)) / 100
        self.fixed = Fraction(rates.trading_fee.fixed) + Fraction(commission.platform_fee)
        settlement = rates.settlement_fee
        self.settlement = Fraction(settlement.rate_pct) / 100
        self.settlement_min = None if settlement.minimum is None else Fraction(settlement.minimum)
        self.settlement_max = None if settlement.maximum is None else Fraction(settlement.maximum)
        self.brokered = bool(commission.pct or commission.minimum)
        self.brokerage = Fraction(commission.pct) / 100
        self.brokerage_min = Fraction(commission.minimum)
        bends: set[Fraction] = set()
        if self.settlement:
            bends.update(bound / self.settlement for bound in (self.settlement_min, self.settlement_max)
                         if bound is not None and bound > 0)
        if self.brokered and self.brokerage and self.brokerage_min > 0:
            bends.add(self.brokerage_min / self.brokerage)
        self.points = [Fraction(0), *sorted(bends)]  # where a clamp starts or stops: the pieces' ends

    def charges(self, x: Any) -> Any:
        settled = self.settlement * x
        if self.settlement_min is not None and settled < self.settlement_min:
            settled = self.settlement_min
        if self.settlement_max is not None and settled > self.settlement_max:
            settled = self.settlement_max
        brokerage = max(self.brokerage * x, self.brokerage_min) if self.brokered else 0
        return self.linear * x + self.fixed + settled + brokerage

    def kept(self, x: Any) -> Any:
        return x - self.charges(x)

    def net(self, x: Any) -> Any:
        return x - self.charges(x) - self.duty * x

    def rising(self) -> bool:
        """Whether ``net`` grows on every piece (else some rate, or rates together, reach 100%)."""
        ends = [*self.points, self.points[-1] + 1]
        return all(self.net(high) > self.net(low) for low, high in zip(ends, ends[1:]))

    def first_cent(self, function: Callable[[Any], Any], target: Any) -> int:
        """The smallest whole number of cents whose consideration ``x`` has ``function(x) >= target``.

        ``function`` is ``kept`` or ``net``: continuous, piecewise linear and rising (``rising()``).
        """
        points = self.points
        for index, low in enumerate(points):
            at_low = function(low)
            if at_low >= target:
                return max(-((-low) // self.per_cent), 0)
            high = points[index + 1] if index + 1 < len(points) else None
            if high is None or function(high) >= target:
                step = high - low if high is not None else Fraction(1)
                slope = (function(low + step) - at_low) / step
                x = low + (target - at_low) / slope
                return int(-((-x) // self.per_cent))
        raise AssertionError("unreachable: the last piece is open-ended")


def break_even_cents(cost: Decimal, shares: int, rates: Rates, commission: Commission, rounding: str) -> Decimal:
    """The smallest price in whole cents whose net proceeds cover ``cost``, solved from the charges' linear form.

    Net proceeds are the consideration less the charges; before rounding those are linear in the price
    between the clamps (``_LinearForm``). Rounding moves them a bounded amount: stamp duty counted up to
    the dollar adds less than 1, and each charge rounded to the cent moves at most half a cent (up to a
    cent when rounded up). Stamp duty is a whole number of dollars, fixed over a run of cents; for each
    such run from the first cent that could cover the cost, the cents where the other charges' rounding
    could decide it are computed, and only they are priced with every charge as billed (``sale_charges``):
    one or a few cents for a lot, a few more for a single share. Net proceeds are not monotone where stamp
    duty steps up a dollar, so the first covering cent is the answer only because every cent before it is
    ruled out, by the bounds or by its price.
    """
    form = _LinearForm(shares, rates, commission)
    if not form.rising():  # overridden rates reaching 100% together on some stretch: searched as before
        return _searched_break_even(cost, shares, rates, commission, rounding)
    cost_fraction = Fraction(cost)
    # Charges rounded to the nearest cent (the levies, the settlement fee, the trading fee unless rounded up,
    # the commission) each lie within half a cent of their exact value; one rounded up, within a cent above.
    nearest = 3 + (rounding != ROUND_UP) + form.brokered
    below = Fraction(nearest, 200)  # the rounded charges lie at most this below the exact ones
    above = Fraction(nearest, 200) + (Fraction(1, 100) if rounding == ROUND_UP else 0)  # and at most this above

    def covers(cents: int) -> bool:
        return _net(shares, mul(cents, CENT), rates, commission, rounding) >= cost

    cents = form.first_cent(form.net, cost_fraction - below)  # no cent below this covers, whatever the rounding
    while True:
        if cents > 10**40:
            raise InfeasibleError("no sale price covers the cost (the charges grow as fast as the price)")
        duty = Fraction(stamp_duty(mul(shares, cents, CENT), rates.stamp_duty.rate_pct))
        # the last cent with this much stamp duty: consideration x duty rate <= duty
        last = int(duty / form.duty // form.per_cent) if form.duty else None
        start = max(cents, form.first_cent(form.kept, cost_fraction + duty - below))
        sure = form.first_cent(form.kept, cost_fraction + duty + above)  # covers, if its stamp duty is this
        stop = sure if last is None else min(sure, last)
        for candidate in range(start, stop + 1):
            if covers(candidate):
                return mul(candidate, CENT)
        if last is None:
            raise AssertionError(f"cent {sure} must cover {cost}")  # pragma: no cover - the bounds say so
        cents = last + 1


def _searched_break_even(cost: Decimal, shares: int, rates: Rates, commission: Commission, rounding: str) -> Decimal:
    """The break-even by bisection and a scan below it, for rates whose net proceeds fall on some stretch.

    Only rates given by hand can do that (charges at 100% of the price or more between two clamps);
    the bisection assumes net proceeds rise but for stamp duty's steps, and the scan covers those.
    """
    unit = Decimal(shares) * CENT  # consideration added by one cent of price

    def covers(cents: int) -> bool:
        return _net(shares, mul(cents, CENT), rates, commission, rounding) >= cost

    low = max(int(mul(divide(cost, Decimal(shares))[0], HUNDRED)) - 1, 0)  # below this even the gross falls short
    high = max(low, 1) * 2 + 1
    while not covers(high):
        high *= 2
        if high > 10**40:
            raise InfeasibleError("no sale price covers the cost (the charges grow as fast as the price)")
    high = first_true(covers, low, high)
    window = int(divide(Decimal(3), unit)[0]) + 3
    for cents in range(max(high - window, 0), high):
        if covers(cents):
            return mul(cents, CENT)
    return mul(high, CENT)


def break_even_exact(cost: Decimal, shares: int, rates: Rates, commission: Commission,
                     at: Decimal, rounded: dict[str, str]) -> Decimal:
    """The price whose net proceeds equal ``cost`` with no rounding of any charge.

    Minimums and maximums (settlement fee, commission) are taken as they stand at
    the price ``at`` (the break-even in cents); the answer is exact or rounded to
    12 places (and named ``break_even_exact`` in ``rounded``).
    """
    consideration = mul(shares, at)
    pct = add(rates.stamp_duty.rate_pct, rates.trading_fee.rate_pct, rates.sfc_levy.rate_pct,
              rates.afrc_levy.rate_pct)
    fixed = add(rates.trading_fee.fixed, commission.platform_fee)
    settlement_exact = percent_of(consideration, rates.settlement_fee.rate_pct)
    if clamp(settlement_exact, rates.settlement_fee) != settlement_exact:
        fixed = add(fixed, clamp(settlement_exact, rates.settlement_fee))
    else:
        pct = add(pct, rates.settlement_fee.rate_pct)
    if commission.pct or commission.minimum:
        brokerage = percent_of(consideration, commission.pct)
        if brokerage < commission.minimum:
            fixed = add(fixed, commission.minimum)
        else:
            pct = add(pct, commission.pct)
    # shares x P x (1 - pct/100) - fixed = cost
    denominator = mul(shares, sub(Decimal(100), pct))
    return quotient(mul(add(cost, fixed), Decimal(100)), denominator, "break_even_exact", rounded)


# --- the command -------------------------------------------------------------------------------


@record
class SellResult:
    trade_date: str | None = value("Trade date", Kind.TEXT)
    venue: str | None = value("Venue", Kind.TEXT)
    shares: int | None = value("Shares sold", Kind.SHARES)
    price: Decimal | None = value("Sale price", Kind.PRICE)
    consideration: Decimal | None = value("Consideration, shares x price", Kind.MONEY)
    stamp_duty: Decimal | None = value("Stamp duty", Kind.MONEY)
    trading_fee: Decimal | None = value("Trading fee (with any trading tariff)", Kind.MONEY)
    sfc_levy: Decimal | None = value("SFC transaction levy", Kind.MONEY)
    afrc_levy: Decimal | None = value("AFRC transaction levy", Kind.MONEY)
    settlement_fee: Decimal | None = value("HKSCC settlement fee", Kind.MONEY)
    commission: Decimal | None = value("Broker's commission", Kind.MONEY)
    platform_fee: Decimal | None = value("Platform fee", Kind.MONEY)
    total_charges: Decimal | None = value("Total charges", Kind.MONEY)
    net_proceeds: Decimal | None = value("Net proceeds", Kind.MONEY)
    offer_price: Decimal | None = value("Offer price", Kind.PRICE)
    application_charges: Decimal | None = value("Application charges (brokerage, levies, trading fee)", Kind.MONEY)
    cost: Decimal | None = value("Cost, with the application charges", Kind.MONEY)
    pnl: Decimal | None = value("P&L after all charges", Kind.MONEY)
    return_pct: Decimal | None = value("Return on the money paid", Kind.CHANGE)
    break_even_price: Decimal | None = value("Break-even price, whole cents", Kind.PRICE)
    break_even_tick_price: Decimal | None = value("Break-even price on the spread table", Kind.PRICE)
    break_even_tick: Decimal | None = value("Tick at that price", Kind.PRICE)
    break_even_exact: Decimal | None = value("Break-even price, unrounded", Kind.PRICE)


#: The currency of the fixed amounts in the charges (trading tariff, settlement fee minimum and maximum, stamp duty
#: to the whole dollar, the application charges' cents): Hong Kong dollars.
SALE_CURRENCY = "HKD"


def refuse_other_currency(currency: str) -> None:
    """Hong Kong's charges are in HKD: prices in another currency would meet HK dollar amounts as their own."""
    if currency and currency != SALE_CURRENCY:
        raise InputError(f"`currency` {currency}: the charges on a Hong Kong sale are in HKD (stamp duty to the whole "
                         "dollar, a HK$2 settlement minimum, the HK$0.50 trading tariff before 2023); give HKD prices "
                         "(`currency` HKD) or convert first")


def entry_schedule_on(day: Day) -> str:
    """The entry-fee schedule in force on ``day`` (the application charges of the shares sold)."""
    if day >= Day(2023, 1, 1):
        return "hkex-2023"
    if day >= Day(2022, 1, 1):
        return "hkex-2022"
    return "hkex-2014"


def compute_sell(
    *,
    shares: int | None = None,
    price: Decimal | None = None,
    date: str | None = None,  # the option is `date` (YYYY-MM-DD, parsed by numbers.parse_date)
    venue: str = VENUE_EXCHANGE,
    offer_price: Decimal | None = None,
    fee_schedule: str | None = None,
    commission_pct: Decimal | None = None,
    min_commission: Decimal | None = None,
    platform_fee: Decimal | None = None,
    stamp_duty_pct: Decimal | None = None,
    trading_fee_pct: Decimal | None = None,
    trading_tariff: Decimal | None = None,
    sfc_levy_pct: Decimal | None = None,
    afrc_levy_pct: Decimal | None = None,
    settlement_fee_pct: Decimal | None = None,
    settlement_fee_min: Decimal | None = None,
    settlement_fee_max: Decimal | None = None,
    trading_fee_rounding: str = ROUND_NEAREST,
    currency: str = "",
) -> Computed:
    """Charges and net proceeds of a sale on a trade date; with `offer_price`, the P&L and break-even."""
    if shares is None or price is None or date is None:
        raise InputError("give `shares`, `price` and `date` (the trade date, YYYY-MM-DD)")
    refuse_other_currency(currency)
    day = Day.fromisoformat(date)
    rates, changed = rates_on(day, {
        "stamp_duty:pct": stamp_duty_pct, "trading_fee:pct": trading_fee_pct, "trading_fee:fixed": trading_tariff,
        "sfc_levy:pct": sfc_levy_pct, "afrc_levy:pct": afrc_levy_pct, "settlement_fee:pct": settlement_fee_pct,
        "settlement_fee:min": settlement_fee_min, "settlement_fee:max": settlement_fee_max,
    })
    if settlement_fee_min is not None and settlement_fee_max is not None and settlement_fee_min > settlement_fee_max:
        raise InputError(f"`settlement_fee_min` {settlement_fee_min:f} is above `settlement_fee_max` "
                         f"{settlement_fee_max:f}")
    if fee_schedule is not None and offer_price is None:
        raise InputError("`fee_schedule` prices the cost of the shares: it needs `offer_price`")
    if commission_pct is None and (min_commission is not None):
        raise InputError("`min_commission` needs `commission_pct` (the broker's rate)")
    broker = Commission(commission_pct or ZERO, min_commission or ZERO, platform_fee or ZERO)
    bill = sale_charges(shares, price, rates, broker, trading_fee_rounding)
    assumptions: dict[str, str] = {
        "trade_date": f"{day.isoformat()}: the charges in force that day",
        "stamp_duty": f"{rates.stamp_duty.describe()}; any fraction of a dollar counted as a dollar",
        "trading_fee": (f"{rates.trading_fee.describe()}; rounded to the cent "
                        + ("up (as in Longbridge's worked example)" if trading_fee_rounding == ROUND_UP
                           else "(nearest, half up, as HKEX states)")),
        "sfc_levy": f"{rates.sfc_levy.describe()}; nearest cent (half up)",
        "afrc_levy": f"{rates.afrc_levy.describe()}; nearest cent (half up)",
        "settlement_fee": f"{rates.settlement_fee.describe()}; nearest cent (half up), then any minimum or maximum",
        "commission": ("none (no broker's tariff is built in; give commission_pct, min_commission, "
                       "platform_fee)" if not (broker.pct or broker.minimum or broker.platform_fee) else
                       f"{broker.pct:f}% of the consideration, nearest cent, at least {broker.minimum:f}; "
                       f"platform fee {broker.platform_fee:f} per order"),
        "sources": "; ".join(dict.fromkeys(source for period in rates for source in period.sources)),
    }
    notes: list[str] = []
    if changed:
        assumptions["overrides"] = "as given: " + ", ".join(changed)
    if venue == VENUE_GREY:
        assumptions["venue"] = ("grey market (暗盤), an off-exchange trade in a broker's system: the same pass-through "
                                "charges as on the exchange (Longbridge: 暗盘代收第三方费用与港股市场一致); Futu's grey-market "
                                "table lists no stamp duty; use stamp_duty_pct 0 for such a broker")
    else:
        assumptions["venue"] = "a trade on the Stock Exchange (HKEX)"
    fields: dict[str, object] = {}
    rounded: dict[str, str] = {}
    if offer_price is not None:
        schedule = schedule_named(fee_schedule or entry_schedule_on(day))
        entry = charges(shares, offer_price, schedule, ROUND_EACH)
        cost = entry.amount_payable
        pnl = sub(bill.net_proceeds, cost)
        ratio = quotient(mul(pnl, Decimal(100)), cost, "return_pct", rounded)
        cents = break_even_cents(cost, shares, rates, broker, trading_fee_rounding)
        table = spread_table_on(day)
        on_table = tick_at_or_above(cents, table)
        exact_price = break_even_exact(cost, shares, rates, broker, cents, rounded)
        if on_table is None:
            notes.append(f"the break-even price {cents:f} is above the spread table (HK$9,995)")
        fields.update(offer_price=offer_price, application_charges=entry.total_fees, cost=cost, pnl=pnl,
                      return_pct=ratio, break_even_price=cents,
                      break_even_tick_price=on_table[0] if on_table else None,
                      break_even_tick=on_table[1] if on_table else None, break_even_exact=exact_price)
        assumptions["cost"] = (f"shares x offer price plus the application charges of entry-fee schedule "
                               f"{schedule.name} ({schedule.effective}), each fee to the cent")
        assumptions["break_even"] = ("break_even_price: the smallest whole-cent price whose net proceeds, after every "
                                     "charge above, cover the cost; break_even_tick_price: the smallest price on the "
                                     "HKEX spread table at or above it; break_even_exact: the price where net proceeds "
                                     "equal the cost with no charge rounded")
        assumptions["spread_table"] = "; ".join(table.sources)
    result = SellResult(
        trade_date=day.isoformat(), venue=venue, shares=shares, price=price, consideration=bill.consideration,
        stamp_duty=bill.stamp_duty, trading_fee=bill.trading_fee, sfc_levy=bill.sfc_levy, afrc_levy=bill.afrc_levy,
        settlement_fee=bill.settlement_fee, commission=bill.commission, platform_fee=bill.platform_fee,
        total_charges=bill.total_charges, net_proceeds=bill.net_proceeds, **fields,  # type: ignore[arg-type]
    )
    return Computed(result, assumptions, rounded=rounded, notes=tuple(notes))

#: The charges live in ``sale_charges``; importing them from here still works.
__all__ = [
    "break_even_cents",
    "break_even_exact",
    "compute_sell",
    "entry_schedule_on",
    "refuse_other_currency",
    "ROUND_NEAREST",
    "ROUND_UP",
    "TRADING_FEE_ROUNDINGS",
    "VENUE_EXCHANGE",
    "VENUE_GREY",
    "VENUES",
    "parse_trading_fee_rounding",
    "parse_venue",
    "Rates",
    "rates_on",
    "SaleCharges",
    "Commission",
    "NO_COMMISSION",
    "stamp_duty",
    "sale_charges",
]
