"""IPO financing (孖展): what the borrowed part of an application costs while the money is tied up.

interest = financed x annual rate x days / basis (365 by default; 360 as an
option), rounded once to the cent, half up. Days are given (`days`) or counted
from `start` to `end`: the start day counts and the end day does not
("actual days, first day in, last day out"), which is the brokers' rule of
counting from the subscription deadline to the day before the allotment
results (Futu: "from the subscription deadline until the last calendar day
before the announcement of the allotment results"). A handling fee is charged
per application whether or not shares are allotted.

The SFC expects an upfront deposit of at least 10% of the subscription amount
for IPO orders not fully pre-funded (circular 25EC18, 20 Mar 2025): more than
10x leverage draws a warning on stderr, not a refusal (a broker may accept
pledged stock instead of cash).
"""

from __future__ import annotations

from datetime import date as Day
from decimal import Decimal

from ..tuples import named_tuple
from ..errors import InfeasibleError, InputError, legible, shown
from ..number_words import CURRENCY_PREFIXES, CURRENCY_SUFFIXES
from ..numbers import (
    HUNDRED,
    ZERO,
    add,
    divide,
    mul,
    parse_amount,
    parse_multiple,
    parse_percent,
    percent_of,
    quotient,
    round_cents,
    sub,
)
from ..records import Computed, Kind, record, value


class DepositRule(named_tuple("DepositRule", "name effective min_deposit_pct sources")):
    __slots__ = ()
    name: str
    effective: Day
    min_deposit_pct: Decimal
    sources: tuple[str, ...]


SFC_IPO_DEPOSIT = DepositRule(
    "SFC circular 25EC18", Day(2025, 3, 20), Decimal("10"),
    ("SFC, 'Circular to licensed corporations on IPO subscription and financing services', 25EC18, 20 Mar 2025, "
     "https://apps.sfc.hk/edistributionWeb/api/circular/list-content/circular/intermediaries/supervision/doc?lang=EN"
     "&refNo=25EC18: 'upfront subscription deposits of 10% of the subscription amounts' for orders not pre-funded in "
     "full (AASTOCKS 21 Mar 2025)",),
)
BASES = (365, 360)
DEFAULT_BASIS = 365
INTEREST_SOURCES = (
    "interest = amount financed x annual rate x days / 365: Futu SG https://support.futusg.com/topic274; Futu HK "
    "'financing amount*6.8%*actual financing days/365'; worked example HK$1,000,000 x 3% x 5 / 365 = 410.96 "
    "(http://stockonline.com/zh-HK//courses/stock-market-basics/470893)",
)


class Deposit(named_tuple("Deposit", "pct amount")):
    """``deposit`` as typed: a percentage of the amount (``10%``) or an amount in a currency (``HK$50,000``).

    A bare number is refused: ``10`` is either HK$10 or 10% (until November 2026 it was read as an amount).
    """
    __slots__ = ()

    pct: Decimal | None
    amount: Decimal | None


def parse_deposit(text: str) -> Deposit:
    """``deposit`` as a percentage of the subscription amount (``10%``) or as an amount (``50,000``)."""
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    plain = text.strip()
    if plain.endswith(("%", "％")):
        return Deposit(parse_percent(text), None)
    low = plain.lower()
    if not low.startswith(CURRENCY_PREFIXES) and not low.endswith(CURRENCY_SUFFIXES):
        raise InputError(f"{shown(text)} is either HK${plain} or {plain}%: give a percentage of the amount (10%) or "
                         "an amount with its currency (HK$10,000)")
    return Deposit(None, parse_amount(text))


def parse_deposit_text(text: str) -> str:
    """The option parser for `deposit`: checks it, keeps the text (echoed as typed)."""
    parse_deposit(text)
    return text.strip()


def parse_leverage(text: str) -> Decimal:
    """Leverage as brokers quote it: the subscription amount over the deposit (``10x`` = a 10% deposit)."""
    times = parse_multiple(text)
    if times < 1:
        raise InputError(f"{shown(text)}: leverage is the amount over the deposit, at least 1x")
    return times


def parse_basis(text: str) -> int:
    cleaned = text.strip()
    if cleaned not in ("365", "360"):
        raise InputError(f"{legible(text)}: give 365 or 360 (days in the interest year)")
    return int(cleaned)


class Financing(named_tuple("Financing", "amount deposit financed leverage")):
    __slots__ = ()
    amount: Decimal | None
    deposit: Decimal | None
    financed: Decimal
    leverage: Decimal | None


def financing_terms(*, amount: Decimal | None, financed: Decimal | None, deposit: Deposit | None,
                    leverage: Decimal | None, rounded: dict[str, str] | None = None) -> Financing:
    """The financed part, from `financed`, or `amount` with `deposit` or `leverage`.

    A leverage that does not terminate is named ``leverage`` in ``rounded``.
    """
    if rounded is None:
        rounded = {}
    if financed is not None:
        if deposit is not None or leverage is not None:
            raise InputError("give `financed`, or `deposit`/`leverage` with `amount`, not both")
        if amount is not None:
            if financed > amount:
                raise InfeasibleError(f"`financed` {financed:f} is more than `amount` {amount:f}")
            own = sub(amount, financed)
            lev = quotient(amount, own, "leverage", rounded) if own else None
            return Financing(amount, own, financed, lev)
        return Financing(None, None, financed, None)
    if amount is None:
        raise InputError("give `financed` AMOUNT, or `amount` with `deposit` PCT|AMOUNT or `leverage` X")
    if (deposit is None) == (leverage is None):
        raise InputError("with `amount` give one of `deposit` PCT|AMOUNT or `leverage` X")
    if leverage is not None:
        if leverage < 1:
            raise InputError(f"leverage {leverage:f}x: the amount over the deposit is at least 1x")
        own = round_cents(divide(amount, leverage)[0])
        lev = leverage
    else:
        assert deposit is not None
        if deposit.pct is not None:
            own = round_cents(percent_of(amount, deposit.pct))
        else:
            assert deposit.amount is not None
            own = deposit.amount
        if own > amount:
            raise InfeasibleError(f"the deposit {own:f} is more than `amount` {amount:f}")
        # a deposit given as a percentage states the leverage (10% is 10x), whatever the cent rounding
        lev = (quotient(HUNDRED, deposit.pct, "leverage", rounded) if deposit.pct is not None
               else quotient(amount, own, "leverage", rounded))
    return Financing(amount, own, sub(amount, own), lev)


def count_days(start: str, end: str) -> int:
    """Days from ``start`` (counted) to ``end`` (not counted), both YYYY-MM-DD."""
    first, last = Day.fromisoformat(start), Day.fromisoformat(end)
    if last < first:
        raise InputError(f"`end` {end} is before `start` {start}")
    return (last - first).days


def interest(financed: Decimal, rate_pct: Decimal, days: int, basis: int,
             rounded: dict[str, str] | None = None) -> tuple[Decimal, Decimal]:
    """(interest to the cent, half up; the exact value, or 12 places named ``interest_exact`` in ``rounded``)."""
    exact = quotient(mul(financed, rate_pct, days), mul(HUNDRED, basis), "interest_exact",
                     rounded if rounded is not None else {})
    return round_cents(exact), exact


@record
class MarginResult:
    amount: Decimal | None = value("Subscription amount", Kind.MONEY)
    deposit: Decimal | None = value("Deposit (own money)", Kind.MONEY)
    financed: Decimal | None = value("Financed", Kind.MONEY)
    leverage: Decimal | None = value("Leverage, amount / deposit", Kind.MULTIPLE)
    rate_pct: Decimal | None = value("Annual rate", Kind.PERCENT)
    days: int | None = value("Days charged", Kind.COUNT)
    basis: int | None = value("Day-count basis", Kind.COUNT)
    interest: Decimal | None = value("Interest", Kind.MONEY)
    interest_exact: Decimal | None = value("Interest, unrounded", Kind.MONEY)
    handling_fee: Decimal | None = value("Handling fee (allotted or not)", Kind.MONEY)
    total_cost: Decimal | None = value("Total cost of the financing", Kind.MONEY)
    breakeven_return_pct: Decimal | None = value("First-day return needed to cover it", Kind.PERCENT)


def compute_margin(
    *,
    financed: Decimal | None = None,
    amount: Decimal | None = None,
    deposit: str | None = None,
    leverage: Decimal | None = None,
    rate: Decimal | None = None,
    days: int | None = None,
    start: str | None = None,
    end: str | None = None,
    basis: int = DEFAULT_BASIS,
    handling_fee: Decimal | None = None,
    currency: str = "",
) -> Computed:
    """Interest and total cost of IPO financing; the first-day return that pays for it."""
    if rate is None:
        raise InputError("give `rate` (the annual interest rate, e.g. 3.5%)")
    if days is not None and (start is not None or end is not None):
        raise InputError("give `days`, or `start` and `end`, not both")
    if days is None:
        if start is None or end is None:
            raise InputError("give `days` N, or `start` DATE and `end` DATE (YYYY-MM-DD)")
        days = count_days(start, end)
        day_rule = (f"{days} days from {start} (counted) to {end} (not counted): "
                    "actual days, first day in, last day out")
    else:
        day_rule = f"{days} days, as given"
    if basis not in BASES:
        raise InputError("`basis` is 365 or 360")
    rounded: dict[str, str] = {}
    leverage_rounded: dict[str, str] = {}
    terms = financing_terms(amount=amount, financed=financed,
                            deposit=parse_deposit(deposit) if deposit is not None else None, leverage=leverage,
                            rounded=leverage_rounded)
    charged, exact = interest(terms.financed, rate, days, basis, rounded)
    rounded.update(leverage_rounded)  # listed after the interest
    fee = handling_fee if handling_fee is not None else ZERO
    total = add(charged, fee)
    needed = None
    notes: list[str] = []
    if terms.amount is not None:
        needed = quotient(mul(total, HUNDRED), terms.amount, "breakeven_return_pct", rounded)
    rule = SFC_IPO_DEPOSIT
    if terms.leverage is not None and terms.leverage > divide(HUNDRED, rule.min_deposit_pct)[0]:
        notes.append(f"leverage {terms.leverage:.2f}x is above the {divide(HUNDRED, rule.min_deposit_pct)[0]:f}x "
                     f"the SFC expects for IPO financing ({rule.name}, {rule.effective.isoformat()}: an upfront "
                     f"deposit of at least {rule.min_deposit_pct:f}% of the subscription amount)")
    assumptions = {
        "interest": (f"financed x {rate:f}% x days / {basis}, rounded once to the cent (half up)"),
        "days": day_rule,
        "handling_fee": ("charged per application whether or not shares are allotted" if handling_fee is not None
                         else "none given"),
        "breakeven_return": ("total cost / subscription amount: the first-day gain, before selling charges, that "
                             "pays for the financing" if terms.amount is not None else
                             "not computed: give amount (the subscription amount)"),
        "deposit_rule": f"{rule.name} ({rule.effective.isoformat()}): deposit at least {rule.min_deposit_pct:f}%; "
                        "more leverage is warned about, not refused; " + "; ".join(rule.sources),
        "sources": "; ".join(INTEREST_SOURCES),
    }
    if deposit is not None or leverage is not None:
        assumptions["deposit"] = ("amount x deposit % or amount / leverage, rounded to the cent (half up); "
                                  "financed = amount - deposit")
    result = MarginResult(
        amount=terms.amount, deposit=terms.deposit, financed=terms.financed, leverage=terms.leverage, rate_pct=rate,
        days=days, basis=basis, interest=charged, interest_exact=exact, handling_fee=fee, total_cost=total,
        breakeven_return_pct=needed,
    )
    return Computed(result, assumptions, rounded=rounded, notes=tuple(notes))
