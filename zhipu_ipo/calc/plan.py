"""The application plan: for every application size, what it costs, what it risks and what it is worth.

One row per size, from one lot to the largest valid application (the sizes of the
ballot table). For a size of S shares applied for at the maximum price:

* amount payable A = S x maximum price plus the application charges (``entry-fee``);
* financed F and own cash C = A - F from ``deposit`` or ``leverage`` (``margin``), interest
  I = F x rate x days / basis to the cent, and the handling fee H (paid allotted or not);
* the allotment from the table's basis: every applicant receives ``fixed`` shares, and
  ``winners`` of ``out_of`` receive ``additional`` shares more, so k lots with probability
  P(k) (one or two outcomes); the cost of k lots is what ``entry-fee`` gives for ``lots`` k at the final price,
  and their sale at the first-day price on the listing date pays the charges of ``sell``;
* expected P&L = sum of P(k) x (net proceeds of k lots - their cost), exactly, before and
  after I + H; the return on the cash tied up, (expected P&L - I - H) / (C + H), and
  annualised x 365 / days; the break-even first-day price: the smallest whole-cent price
  at which the expected P&L covers I + H.

Rounding: money to the cent where each command rounds it; an expectation that does not
terminate is rounded once, half-even to 12 places, and named under ``rounded``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date as Day
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from functools import partial
from typing import Any, Callable, NamedTuple

from ..errors import InfeasibleError, InputError
from ..fees import DEFAULT_SCHEDULE, ROUND_EACH, schedule_named
from ..numbers import (CENT, HUNDRED, QUOTIENT_PLACES, ZERO, add, first_true, mul, percent_of, quotient, round_cents,
                       round_places, sub)
from ..records import Computed, Kind, record, value
from .ballot_table import outcomes, parse_table
from .fees import charges, first_whole_application_rounding
from .financing import DEFAULT_BASIS, financing_terms, interest, parse_deposit
from .plan_combined import CombinedRow, combined_row
from .sale_schedules import SETTLEMENT
from .selling import Commission, Rates, commission_of, commission_words, entry_schedule_on, sale_charges

#: The row figures that rest on a forecast (the expected lots of `ballot` with `forecast`).
FORECAST_FIELDS = ("p_at_least_one_lot", "expected_shares", "expected_pnl", "expected_pnl_after_financing",
                   "return_on_cash_pct", "annualised_pct")
#: The highest first-day price the break-even search looks at, as a multiple of the offer price.
BREAK_EVEN_CEILING = 1000


@record
class PlanRow:
    shares_applied: int | None = value("Shares applied for", Kind.SHARES, brief=True)
    lots_applied: int | None = value("Lots", Kind.COUNT)
    pool: str | None = value("Pool", Kind.TEXT)
    amount_payable: Decimal | None = value("Amount payable", Kind.MONEY, brief=True)
    cash_needed: Decimal | None = value("Cash needed (deposit)", Kind.MONEY, brief=True)
    financed: Decimal | None = value("Financed", Kind.MONEY)
    interest: Decimal | None = value("Interest", Kind.MONEY)
    handling_fee: Decimal | None = value("Handling fee", Kind.MONEY)
    p_at_least_one_lot: Decimal | None = value("P(at least one lot)", Kind.PERCENT, brief=True)
    expected_shares: Decimal | None = value("Expected shares", Kind.MULTIPLE)
    expected_pnl: Decimal | None = value("Expected P&L", Kind.MONEY)
    expected_pnl_after_financing: Decimal | None = value("Expected P&L less interest and fee", Kind.MONEY, brief=True)
    return_on_cash_pct: Decimal | None = value("Return on the cash tied up", Kind.CHANGE)
    annualised_pct: Decimal | None = value("Annualised", Kind.CHANGE)
    break_even_price: Decimal | None = value("Break-even first-day price", Kind.PRICE, brief=True)
    best: str | None = value("Best by", Kind.TEXT)


@record
class PlanResult:
    board_lot: int | None = value("Board lot", Kind.SHARES)
    max_price: Decimal | None = value("Maximum offer price (paid on application)", Kind.PRICE)
    offer_price: Decimal | None = value("Final offer price (the cost of shares allotted)", Kind.PRICE)
    sale_price: Decimal | None = value("First-day sale price", Kind.PRICE)
    sale_date: str | None = value("Sale date", Kind.TEXT)
    best_pnl_shares: int | None = value("Best expected P&L: shares applied for", Kind.SHARES)
    best_return_shares: int | None = value("Best return on cash: shares applied for", Kind.SHARES)
    rows: tuple[PlanRow, ...] | None = value("Application sizes", Kind.TABLE)
    combined: tuple[CombinedRow, ...] | None = value("Applications combined, one per account", Kind.TABLE)


class Odds(NamedTuple):
    """One application size: its lots allotted with their probabilities (``spread``; a forecast gives its expected
    lots as one weight, the P&L then taken per lot), and P(at least one lot) when it is not the spread's."""

    shares: int
    pool: str | None
    spread: list[tuple[int, Fraction]]
    chance: Fraction | None


def _rounded_forecast(row: PlanRow) -> PlanRow:
    figures: dict[str, Any] = {name: round_places(getattr(row, name), QUOTIENT_PLACES, ROUND_HALF_EVEN)
                               for name in FORECAST_FIELDS if getattr(row, name) is not None}
    return replace(row, **figures)


def _forecast_odds(multiple: Decimal | None, regime: str | None, exclude: tuple[str, ...] | None,
                   sizes: tuple[int, ...] | None, board_lot: int | None, max_price: Decimal | None,
                   public_shares: int | None, applications: int | None, code: str | None,
                   offered: int | None) -> list[Odds]:
    """The odds of the ballot forecast (calc/forecast.py) for each size of its ladder, as plan rows take them: the
    deal's own ``code`` always out of the fit, ``exclude`` besides; ``offered`` (the initial tranche) ends the ladder."""
    from .odds import compute_ballot_forecast

    forecast = compute_ballot_forecast(forecast=True, multiple=multiple, regime=regime, exclude=exclude, sizes=sizes,
                                       board_lot=board_lot, max_price=max_price, public_shares=public_shares,
                                       applications=applications, code=code, offered=offered)
    return [Odds(tier.shares_applied, tier.pool, [(1, Fraction(tier.expected_lots))],
                 Fraction(tier.p_at_least_one_lot) / 100) for tier in forecast.result.tiers]


def _given_odds(probability: str, sizes: tuple[int, ...] | None, board_lot: int) -> list[Odds]:
    """The user's own odds, without a table or a forecast: one chance per size of ``sizes`` (in the order given, the
    rows then smallest first), else one chance for one lot; each size allotted one lot with its chance, none otherwise."""
    from .expected import exact_chances

    chances = exact_chances(probability)
    ladder = sizes if sizes is not None else (board_lot,)
    if sizes is None and len(chances) > 1:
        raise InputError(f"`probability` gives {len(chances)} chances: one, for one lot, or with `sizes` one per size; "
                         "several accounts are `apply`")
    if len(chances) != len(ladder):
        raise InputError(f"`probability` gives {len(chances)} chance(s) for {len(ladder)} size(s) of `sizes`: one per "
                         "size, in the order of `sizes`")
    for size in ladder:
        if size % board_lot:
            raise InputError(f"`sizes` {size:,} is not a whole number of lots of {board_lot:,} shares")
    return [Odds(size, None, [(1, chance / 100)], None) for size, chance in sorted(zip(ladder, chances))]


def _sale_price(offer_price: Decimal, sale_price: Decimal | None, move: Decimal | None) -> Decimal:
    if (sale_price is None) == (move is None):
        raise InputError("give `sale_price` (the first-day price) or `move` (a % on the offer price), one of them")
    if sale_price is not None:
        return sale_price
    assert move is not None
    if move <= -HUNDRED:
        raise InputError(f"`move` {move:f}%: a fall of 100% or more leaves no price")
    return round_cents(percent_of(offer_price, add(HUNDRED, move)))


def compute_plan(
    *,
    table_text: str | None = None,
    table_name: str = "table",
    board_lot: int | None = None,
    max_price: Decimal | None = None,
    offer_price: Decimal | None = None,
    sale_price: Decimal | None = None,
    move: Decimal | None = None,
    date: str | None = None,
    deposit: str | None = None,
    leverage: Decimal | None = None,
    rate: Decimal | None = None,
    days: int | None = None,
    basis: int = DEFAULT_BASIS,
    handling_fee: Decimal | None = None,
    fee_schedule: str = DEFAULT_SCHEDULE,
    budget: Decimal | None = None,
    max_lots: int | None = None,
    tiers: int | None = None,
    apply: tuple[int, ...] | None = None,
    probability: str | None = None,
    forecast: bool = False,
    multiple: Decimal | None = None,
    regime: str | None = None,
    exclude: tuple[str, ...] | None = None,
    sizes: tuple[int, ...] | None = None,
    public_shares: int | None = None,
    applications: int | None = None,
    code: str | None = None,
    offered: int | None = None,
    commission_pct: Decimal | None = None,
    min_commission: Decimal | None = None,
    platform_fee: Decimal | None = None,
    currency: str = "",
) -> Computed:
    """A row per application size of the ballot table: cost, cash, financing, odds, expected P&L, break-even.

    Before the results (``forecast``), the odds are the forecast of `ballot` with `forecast` for each size of its
    ladder (or ``sizes``): P(at least one lot) and expected lots with their 80% intervals; the expected P&L
    is then the expected lots x one lot's P&L, and its interval beside it. Without a table or a forecast,
    ``probability`` gives the odds: the chance of one lot for one lot, or for each size of ``sizes``.

    ``apply`` (shares, one application per account) adds their combination (``combined``), each
    application priced as its size's row is: see ``calc/plan_combined.py``.
    """
    if forecast:
        if table_text is not None:
            raise InputError("`forecast` plans as if before the results: give no `table`, or leave out `forecast`")
        if probability is not None:
            raise InputError("`probability` is your own chance, `forecast` the model's: give one of them")
        if apply is not None:
            raise InputError("`apply` combines sizes of the ballot table, or of `probability`, not a forecast's")
        forecast_odds = _forecast_odds(multiple, regime, exclude, sizes and tuple(sorted(sizes)), board_lot,
                                       max_price or offer_price, public_shares, applications, code, offered)
    else:
        stray = [f"`{name}`" for name, given in (("multiple", multiple), ("regime", regime), ("exclude", exclude),
                                                 ("applications", applications), ("code", code),
                                                 ("offered", offered)) if given is not None]
        if stray:
            named = " and ".join((", ".join(stray[:-1]), stray[-1])) if len(stray) > 1 else stray[0]
            raise InputError(f"{named} {'goes' if len(stray) == 1 else 'go'} with `forecast` (the odds before the "
                             "results)")
    if probability is not None and table_text is not None:
        raise InputError("`probability` is for a deal without results: the `table` gives the odds exactly; give one "
                         "of them")
    if table_text is None and not forecast and probability is None:
        raise InputError("give `table` (the basis-of-allotment table), or a deal with one (`preset`, `file`); before "
                         "the results, `forecast` with `multiple`, or your own chance of a lot with `probability`")
    if board_lot is None or offer_price is None:
        raise InputError("give `board_lot` and `offer_price` (the final offer price)")
    if currency and currency != "HKD":
        raise InputError(f"the application and selling charges are Hong Kong's, in HKD, not {currency}")
    top = max_price if max_price is not None else offer_price
    if offer_price > top:
        raise InputError(f"`offer_price` {offer_price:f} is above `max_price` {top:f}")
    if deposit is not None and leverage is not None:
        raise InputError("give `deposit` or `leverage`, not both: each sets the own money put down on an application")
    financing = deposit is not None or leverage is not None
    own = parse_deposit(deposit) if deposit is not None else None
    in_cash: list[int] = []  # the sizes whose amount payable a fixed deposit covers: paid in cash, nothing financed
    if financing and (rate is None or days is None):
        raise InputError("financing needs `rate` (annual) and `days` (the days interest is charged)")
    if not financing and rate is not None:
        raise InputError("`rate` needs the financed part: `deposit` or `leverage`")
    price = _sale_price(offer_price, sale_price, move)
    day = Day.fromisoformat(date) if date is not None else SETTLEMENT[-1].start
    schedule = schedule_named(fee_schedule)
    rates = Rates.on(day)
    broker = commission_of(commission_pct, min_commission, platform_fee)
    sale_schedule = schedule_named(entry_schedule_on(day)) if date is not None else schedule
    rounded: dict[str, str] = {}
    fee = handling_fee if handling_fee is not None else ZERO

    def pnl_of(lots: int, at: Decimal) -> Decimal:
        if lots == 0:
            return ZERO
        shares = lots * board_lot
        cost = charges(shares, offer_price, sale_schedule, ROUND_EACH).amount_payable
        return sub(sale_charges(shares, at, rates, broker).net_proceeds, cost)

    def costs(shares: int) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        """An application's amount payable at the maximum price, cash needed, amount financed and interest."""
        amount = charges(shares, top, schedule, ROUND_EACH).amount_payable
        if own is not None and own.amount is not None and own.amount > amount:
            if shares not in in_cash:
                in_cash.append(shares)
            return amount, amount, ZERO, ZERO
        terms = financing_terms(amount=amount, financed=None, deposit=own, leverage=leverage) if financing else None
        financed = terms.financed if terms is not None else ZERO
        charged = interest(financed, rate, days, basis)[0] if terms is not None and rate is not None and days else ZERO
        return amount, sub(amount, financed), financed, charged

    rows: list[PlanRow] = []
    if forecast:
        odds = forecast_odds
    elif probability is not None:
        odds = _given_odds(probability, sizes, board_lot)
    else:
        assert table_text is not None
        odds = [Odds(tier.shares, tier.pool, outcomes(tier, board_lot), None)
                for tier in parse_table(table_text, board_lot, table_name)]
    every = odds  # `apply` may combine any size of the table, chosen by `sizes` or not
    notes: tuple[str, ...] = ()
    if sizes is not None and table_text is not None:  # the deal's application sizes (or those given): the table's odds
        odds, notes = _chosen(odds, sizes)
    for tier in odds:
        lots = tier.shares // board_lot
        if (max_lots is not None and lots > max_lots) or (tiers is not None and len(rows) >= tiers):
            break
        amount, cash, financed, charged = costs(tier.shares)
        if budget is not None and add(cash, fee) > budget:
            break
        spread = tier.spread
        expected_at = partial(_expected, spread, pnl_of)
        expected = expected_at(price)
        after = expected - Fraction(add(charged, fee))
        rows.append(_row(tier, lots, amount, cash, financed, charged, fee, spread, expected, after, days, rounded,
                         expected_at, Fraction(add(charged, fee)), offer_price))
    if not rows:  # well formed, but nothing fits: infeasible (exit 1), as a budget too small for `apply`
        raise InfeasibleError("no application size fits `budget`" if budget is not None else
                              "no application size fits `max_lots`")
    combined = None
    if apply is not None:
        combined = (combined_row(
            apply=apply, odds={tier.shares: tier for tier in every}, costs=costs,
            expected_of=lambda tier: partial(_expected, tier.spread, pnl_of),
            break_even=lambda expected_at, owed: _break_even(expected_at, owed, offer_price), price=price,
            board_lot=board_lot, fee=fee, days=days, budget=budget, rounded=rounded,
            missing="no size of that many shares in the ballot table" if probability is None else
            "no chance of a lot given for that size (`probability`)" if sizes is not None else
            f"`probability` is the chance for one lot ({board_lot:,} shares); for more, give `sizes`"),)
    if forecast:  # a forecast's figures are rounded once, to the places they are named at
        rows = [_rounded_forecast(row) for row in rows]
    rows = _mark_best(rows)
    best_pnl = max(rows, key=lambda row: row.expected_pnl_after_financing or ZERO)
    best_return = max(rows, key=lambda row: row.return_on_cash_pct or ZERO)
    assumptions = _assumptions(schedule.name, day, date, price, sale_price is not None, financing, basis, fee, broker)
    one_lot = charges(board_lot, top, schedule, ROUND_EACH).amount_payable
    said_per_lot = first_whole_application_rounding(rows, one_lot)
    if said_per_lot is not None:
        assumptions["per_lot"] = f"amount payable: {said_per_lot}; each size's is its own application's"
    if probability is not None:
        assumptions["rows"] = "one per size of `sizes` (without it, one lot), each with the chance given"
        assumptions["allotment"] = ("one lot with the chance given, none otherwise; the cost of the lot is what "
                                    "entry-fee gives for one lot, at the final price")
        assumptions["odds"] = "as given (`probability`): no table, no forecast"
    if combined is not None:
        assumptions["combined"] = ("one application per account, each a size priced as its row (amount payable, its "
                                   "own financing and interest, the handling fee, its outcomes sold at the first-day "
                                   "price); money and expected P&L add up; at least one lot = 1 - product of each "
                                   "one's chance of none, the ballots taken as independent; not in the best marks")
    if forecast:
        assumptions["odds"] = ("a FORECAST before the results (the ballot forecast, with forecast = true; its 80% intervals there): "
                               "P(at least one lot) and expected lots per size; the expected P&L is the expected lots "
                               "x one lot's P&L")
        for name in FORECAST_FIELDS:
            rounded[f"rows[].{name}"] = "a forecast (ln and exp at 28 digits), rounded half-even to 12 places"
    shown = {row.shares_applied for row in rows} | set(apply or ())
    in_cash = sorted(shares for shares in in_cash if shares in shown)
    if notes:
        assumptions["sizes"] = notes[0]
    if own is not None and own.amount is not None and in_cash:
        assumptions["deposit"] = (f"`deposit` {own.amount:f} is more than the amount payable for "
                                  f"{_sizes_words(in_cash)}: paid in cash, nothing financed (no interest)")
        notes += (assumptions["deposit"],)
    return Computed(PlanResult(board_lot=board_lot, max_price=top, offer_price=offer_price, sale_price=price,
                               sale_date=day.isoformat(), best_pnl_shares=best_pnl.shares_applied,
                               best_return_shares=best_return.shares_applied, rows=tuple(rows), combined=combined),
                    assumptions, rounded, notes)


def _chosen(odds: list[Odds], sizes: tuple[int, ...]) -> tuple[list[Odds], tuple[str, ...]]:
    """The table's rows for ``sizes`` (the deal's [offer] application_sizes, or `sizes` given), and a note naming the
    sizes the table has no row for (left out: the table gives no odds for them)."""
    by_size = {tier.shares: tier for tier in odds}
    absent = [size for size in sizes if size not in by_size]
    chosen = [by_size[size] for size in sorted(sizes) if size in by_size]
    if not chosen:
        raise InfeasibleError(f"the ballot table has no row for any size of `sizes`, {_sizes_listed(absent)}")
    left_out = f"{_sizes_listed(absent)}: no row in the ballot table (no odds), left out of the plan"
    return chosen, (left_out,) if absent else ()


def _sizes_listed(sizes: list[int]) -> str:
    return ", ".join(f"{size:,}" for size in sizes) + " shares"


def _sizes_words(sizes: list[int]) -> str:
    """``100 shares``, ``100 and 200 shares``, ``100 to 500 shares (5 sizes)``."""
    if len(sizes) == 1:
        return f"{sizes[0]:,} shares"
    if len(sizes) == 2:
        return f"{sizes[0]:,} and {sizes[1]:,} shares"
    return f"{sizes[0]:,} to {sizes[-1]:,} shares ({len(sizes)} sizes)"


def _expected(spread: list[tuple[int, Fraction]], pnl_of: Callable[[int, Decimal], Decimal], at: Decimal) -> Fraction:
    """The expected P&L of an application selling at ``at``: each outcome's P&L by its probability, exactly."""
    return sum((chance * Fraction(pnl_of(k, at)) for k, chance in spread), Fraction(0))


def _row(tier: Odds, lots: int, amount: Decimal, cash: Decimal, financed: Decimal, charged: Decimal, fee: Decimal,
         spread: list[tuple[int, Fraction]], expected: Fraction, after: Fraction, days: int | None,
         rounded: dict[str, str], expected_at: Callable[[Decimal], Fraction], owed: Fraction,
         offer_price: Decimal) -> PlanRow:
    def exact(fraction: Fraction, name: str) -> Decimal:
        return quotient(fraction.numerator, fraction.denominator, f"rows[].{name}", rounded)

    chance = tier.chance if tier.chance is not None else sum((probability for k, probability in spread if k > 0),
                                                             Fraction(0))
    shares = sum((probability * k * (tier.shares // lots) for k, probability in spread), Fraction(0))  # k x lot
    tied = Fraction(add(cash, fee))
    ratio = after * 100 / tied if tied else None
    return PlanRow(
        shares_applied=tier.shares, lots_applied=lots, pool=tier.pool, amount_payable=amount, cash_needed=cash,
        financed=financed, interest=charged, handling_fee=fee, p_at_least_one_lot=exact(chance * 100, "p_at_least_one_lot"),
        expected_shares=exact(shares, "expected_shares"), expected_pnl=exact(expected, "expected_pnl"),
        expected_pnl_after_financing=exact(after, "expected_pnl_after_financing"),
        return_on_cash_pct=exact(ratio, "return_on_cash_pct") if ratio is not None else None,
        annualised_pct=exact(ratio * 365 / days, "annualised_pct") if ratio is not None and days else None,
        break_even_price=_break_even(expected_at, owed, offer_price),
    )


def _break_even(expected_at: Callable[[Decimal], Fraction], owed: Fraction, offer_price: Decimal) -> Decimal | None:
    """The smallest whole-cent first-day price whose expected P&L covers the interest and fee (None above the ceiling)."""
    ceiling = int(mul(offer_price, BREAK_EVEN_CEILING) / CENT)
    if expected_at(mul(ceiling, CENT)) < owed:
        return None
    return mul(first_true(lambda cents: expected_at(mul(cents, CENT)) >= owed, 1, ceiling), CENT)


def _mark_best(rows: list[PlanRow]) -> list[PlanRow]:
    best_pnl = max(rows, key=lambda row: row.expected_pnl_after_financing or ZERO)
    best_return = max(rows, key=lambda row: row.return_on_cash_pct or ZERO)
    marked = []
    for row in rows:
        marks = [name for name, best in (("expected P&L", best_pnl), ("return on cash", best_return)) if row is best]
        marked.append(replace(row, best=" and ".join(marks) or None))
    return marked


def _assumptions(schedule: str, day: Day, date: str | None, price: Decimal, given: bool, financing: bool,
                 basis: int, fee: Decimal, broker: Commission) -> dict[str, Any]:
    return {
        "rows": "one per application size of the ballot table, from one lot to the largest valid application",
        "amount_payable": f"shares x the maximum price plus the {schedule} application charges, each fee to the cent",
        "allotment": ("from the tier's basis: the fixed shares to every applicant, and the ballot for more; the cost "
                      "of k lots is what entry-fee gives for k lots, at the final price"),
        "sale": (f"at {price:f} ({'as given' if given else 'the offer price moved by the given %, to the cent'}) "
                 f"on {day.isoformat()}{'' if date else ' (no date: the newest charges)'}, the charges of 'sell'; "
                 + commission_words(broker)),
        "financing": (f"financed part x rate x days / {basis}, to the cent, as 'margin'; the handling fee {fee:f} is "
                      "paid allotted or not" if financing else f"none: paid in cash; the handling fee {fee:f} is paid "
                      "allotted or not"),
        "return_on_cash_pct": "(expected P&L - interest - handling fee) / (cash needed + handling fee) x 100",
        "break_even_price": "the smallest whole-cent first-day price at which the expected P&L covers interest and fee",
        "best": "the row with the highest expected P&L after financing, and the one with the highest return on cash",
    }
