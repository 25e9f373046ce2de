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

from ..errors import InputError
from ..numbers import add, mul, percent_of, quotient, sub
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
    commission_of,
    commission_words,
    stamp_duty,
    sale_charges,
)
from .break_even import break_even_cents
from .sale_schedules import spread_table_on, tick_at_or_above

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

# --- break-even --------------------------------------------------------------------------------


def break_even_exact(cost: Decimal, shares: int, rates: Rates, commission: Commission,
                     at: Decimal, rounded: dict[str, str]) -> Decimal:
    """The price whose net proceeds equal ``cost`` with no rounding of any charge.

    Minimums and maximums (settlement fee, commission) are taken as they stand at
    the price ``at`` (the break-even in cents), then as they stand at the answer if
    that differs: the answer lies within a cent of ``at``, and where a clamp starts
    or stops in between (a commission equal to its minimum at ``at`` is the minimum
    just below it), the charges on the answer's side decide. The answer is exact or
    rounded to 12 places (and named ``break_even_exact`` in ``rounded``).
    """
    terms = _linear_terms(mul(shares, at), rates, commission)
    solved: dict[str, str] = {}
    price = _solved(cost, shares, terms, solved)
    there = _linear_terms(mul(shares, price), rates, commission)
    if there != terms:
        solved = {}
        price = _solved(cost, shares, there, solved)
    rounded.update(solved)
    return price


def _linear_terms(consideration: Decimal, rates: Rates, commission: Commission) -> tuple[Decimal, Decimal]:
    """(rate in %, fixed amount) of the charges on ``consideration`` before rounding, each clamp as it stands there."""
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
    return pct, fixed


def _solved(cost: Decimal, shares: int, terms: tuple[Decimal, Decimal], rounded: dict[str, str]) -> Decimal:
    """The price P with shares x P x (1 - pct/100) - fixed = cost."""
    pct, fixed = terms
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


#: The keys of ``rates_on``'s overrides, in the order ``compute_sell`` passes them.
_OVERRIDES = ("stamp_duty:pct", "trading_fee:pct", "trading_fee:fixed", "sfc_levy:pct", "afrc_levy:pct",
              "settlement_fee:pct", "settlement_fee:min", "settlement_fee:max")
#: The rates in force (and what was overridden) by trade date and overrides, and the assumptions they state: the same
#: for many sales (a batch), so each is worked out once. Bounded: cleared when it reaches this many.
_TERMS: dict[Any, Any] = {}
_TERMS_MAX = 512


def _remember(key: Any, found: Any) -> Any:
    if len(_TERMS) >= _TERMS_MAX:
        _TERMS.clear()
    _TERMS[key] = found
    return found


def _sale_assumptions(day: Day, rates: Rates, changed: tuple[str, ...], broker: Commission, trading_fee_rounding: str,
                      venue: str) -> dict[str, str]:
    """What a sale's charges assume: the rules in force on the trade date, as given or overridden, and the venue."""
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
    if changed:
        assumptions["overrides"] = "as given: " + ", ".join(changed)
    if venue == VENUE_GREY:
        assumptions["venue"] = ("grey market (暗盤), an off-exchange trade in a broker's system: the same pass-through "
                                "charges as on the exchange (Longbridge: 暗盘代收第三方费用与港股市场一致); Futu's grey-market "
                                "table lists no stamp duty; use stamp_duty_pct 0 for such a broker")
    else:
        assumptions["venue"] = "a trade on the Stock Exchange (HKEX)"
    return assumptions


def _position_terms(shares: int, offer_price: Decimal, fee_schedule: str | None, day: Day, rates: Rates,
                    broker: Commission, trading_fee_rounding: str) -> tuple[Any, ...]:
    """What a position bought at the offer price costs, its break-even prices and what they assume: the same
    whatever it is sold at. The exact break-even's rounding, if any, is returned to be named in ``rounded``."""
    schedule = schedule_named(fee_schedule or entry_schedule_on(day))
    entry = charges(shares, offer_price, schedule, ROUND_EACH)
    cost = entry.amount_payable
    cents = break_even_cents(cost, shares, rates, broker, trading_fee_rounding)
    table = spread_table_on(day)
    on_table = tick_at_or_above(cents, table)
    exact_rounded: dict[str, str] = {}
    exact_price = break_even_exact(cost, shares, rates, broker, cents, exact_rounded)
    stated = {
        "cost": (f"shares x offer price plus the application charges of entry-fee schedule "
                 f"{schedule.name} ({schedule.effective}), each fee to the cent"),
        "break_even": ("break_even_price: the smallest whole-cent price whose net proceeds, after every "
                       "charge above, cover the cost; break_even_tick_price: the smallest price on the "
                       "HKEX spread table at or above it; break_even_exact: the price where net proceeds "
                       "equal the cost with no charge rounded"),
        "spread_table": "; ".join(table.sources),
    }
    return entry, cents, on_table, exact_price, exact_rounded, stated


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
    overrides = (stamp_duty_pct, trading_fee_pct, trading_tariff, sfc_levy_pct, afrc_levy_pct, settlement_fee_pct,
                 settlement_fee_min, settlement_fee_max)
    key = (day,) if overrides.count(None) == len(overrides) else (  # by the text: 0.1 and 0.10 differ
        day, *(None if given is None else str(given) for given in overrides))
    terms = _TERMS.get(key)
    if terms is None:
        terms = _remember(key, rates_on(day, dict(zip(_OVERRIDES, overrides))))
    rates, changed = terms
    if settlement_fee_min is not None and settlement_fee_max is not None and settlement_fee_min > settlement_fee_max:
        raise InputError(f"`settlement_fee_min` {settlement_fee_min:f} is above `settlement_fee_max` "
                         f"{settlement_fee_max:f}")
    if fee_schedule is not None and offer_price is None:
        raise InputError("`fee_schedule` prices the cost of the shares: it needs `offer_price`")
    broker = commission_of(commission_pct, min_commission, platform_fee)
    bill = sale_charges(shares, price, rates, broker, trading_fee_rounding)
    said = (key, tuple(map(str, broker)), trading_fee_rounding, venue)
    stated = _TERMS.get(said)
    if stated is None:
        stated = _remember(said, _sale_assumptions(day, rates, changed, broker, trading_fee_rounding, venue))
    assumptions: dict[str, str] = dict(stated)
    notes: list[str] = []
    fields: dict[str, object] = {}
    rounded: dict[str, str] = {}
    if offer_price is not None:
        # the cost and the break-even depend on the position, not on the sale price: kept for the next sale of it
        position = ("offer", said[:3], shares, str(offer_price), fee_schedule)
        known = _TERMS.get(position)
        if known is None:
            known = _remember(position, _position_terms(shares, offer_price, fee_schedule, day, rates, broker,
                                                        trading_fee_rounding))
        entry, cents, on_table, exact_price, exact_rounded, stated_cost = known
        cost = entry.amount_payable
        pnl = sub(bill.net_proceeds, cost)
        ratio = quotient(mul(pnl, Decimal(100)), cost, "return_pct", rounded)
        rounded.update(exact_rounded)
        if on_table is None:
            notes.append(f"the break-even price {cents:f} is above the spread table (HK$9,995)")
        fields.update(offer_price=offer_price, application_charges=entry.total_fees, cost=cost, pnl=pnl,
                      return_pct=ratio, break_even_price=cents,
                      break_even_tick_price=on_table[0] if on_table else None,
                      break_even_tick=on_table[1] if on_table else None, break_even_exact=exact_price)
        assumptions.update(stated_cost)
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
    "commission_of",
    "commission_words",
    "stamp_duty",
    "sale_charges",
]
