"""The expected value of applying for an IPO: chance of allotment x first-day P&L, less what applying costs.

For each application: with probability p the applicant is allotted ``shares``
(typically one lot) at the offer price, pays the application charges and sells
on day one at the offer price moved by ``move`` (a signed percentage), paying
the selling charges of the trade date (see ``selling.py``); whatever happens,
the handling fee and the interest on any financed part are paid. So

    expected P&L = sum over applications of p x (net proceeds - cost) - n x (interest + handling fee)

The return is on the applicant's own money tied up (the subscription amount
less the financed part, plus the handling fee), annualised over the days it is
locked: return x 365 / days, simple, not compounded. The chance of at least one
allotment over several applications is 1 - product of (1 - p), the ballots taken
as independent (several accounts in one IPO are not quite independent: each
success removes a lot; the error is small when lots are many).
"""

from __future__ import annotations

from datetime import date as Day
from decimal import Decimal
from fractions import Fraction

from ..errors import InputError, shown
from ..fees import ROUND_EACH, schedule_named
from ..numbers import (
    HUNDRED,
    ZERO,
    add,
    fraction_value,
    mul,
    parse_count,
    parse_percent,
    percent_of,
    quotient,
    round_cents,
    sub,
)
from ..records import Computed, Kind, record, value
from .fees import charges
from .financing import DEFAULT_BASIS, financing_terms, interest, parse_deposit
from .sale_schedules import SETTLEMENT
from .selling import Rates, commission_of, commission_words, entry_schedule_on, refuse_other_currency, sale_charges

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

MAX_APPLICATIONS = 12  # keeps the product of chances within the exact context


def _one_chance(text: str) -> Fraction:
    """``5%``, ``5`` (percent) or ``4,643/92,859`` (successful over applicants), as an exact percentage."""
    top, slash, bottom = text.partition("/")
    if slash:
        successes, applicants = parse_count(top.strip()), parse_count(bottom.strip())
        if applicants == 0 or successes == 0 or successes > applicants:
            raise InputError(f"{shown(text)}: give successful / applicants, 0 < successful <= applicants")
        return Fraction(successes * 100, applicants)
    return Fraction(parse_percent(text))


def exact_chances(text: str) -> tuple[Fraction, ...]:
    """One chance of allotment or several, one per application, separated by ';' (``5%``, ``5%;3.2%``), exactly.

    A chance is a percentage above 0 and at most 100, or a fraction of applicants
    such as ``4,643/92,859`` (the ballot line of an allotment announcement).
    """
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    parts = [part.strip() for part in text.replace("；", ";").split(";")]
    if len(parts) > MAX_APPLICATIONS:
        raise InputError(f"at most {MAX_APPLICATIONS} applications")
    return tuple(_one_chance(part) for part in parts)


def chances(text: str) -> tuple[Decimal, ...]:
    """The chances of ``exact_chances`` as decimals: exact, or to 12 places of a percent when one does not terminate."""
    return tuple(fraction_value(chance, "probability_pct", {}) for chance in exact_chances(text))


def parse_probabilities(text: str) -> str:
    """The option parser for `probability`: checks every chance, keeps the text (echoed as typed)."""
    exact_chances(text)
    return text.strip()


def _tier_figures(ballot: Any, tier: int, table_text: str, table_name: str, board_lot: int) -> dict[str, Any]:
    """Chance, shares and money tied up for one tier of a `ballot` result (a preset's basis-of-allotment table).

    The lots allotted come from the tier's basis, exactly (``ballot_table.outcomes``): a tier
    whose applicants allotted any shares all receive the same whole lots (a pure ballot, or a
    tier sure of N lots) gives one chance and one allotment; a tier sure of N lots plus a
    ballot for more gives its two ``outcomes`` (shares, probability), each priced on its own,
    whether or not the average allotment happens to be a whole number of shares.
    """
    from .ballot_table import outcomes, parse_table

    rows = [row for row in ballot.result.tiers or () if row.shares_applied == tier]
    if not rows:
        raise InputError(f"`tier` {tier:,}: the ballot table has no tier of that many shares")
    row = rows[0]
    tiers = {item.shares: item for item in parse_table(table_text, board_lot, table_name)}
    allotted = [(lots * board_lot, chance) for lots, chance in outcomes(tiers[tier], board_lot) if lots]
    found = {"probability": f"{row.successful_applications}/{row.valid_applications}",
             "shares": allotted[0][0] if allotted else 0, "amount": row.amount_payable,
             "offer_price": ballot.result.price, "ballot_tier": f"pool {row.pool}, {tier:,} shares: {row.basis}",
             "outcomes": allotted if len(allotted) > 1 else None}
    return found


def _from_table(tier: int | None, table_text: str | None, table_name: str, board_lot: int | None,
                max_price: Decimal | None, offer_price: Decimal | None, probability: str | None,
                shares: int | None, fee_schedule: str) -> dict[str, Any]:
    """Chance, shares, money tied up (at ``fee_schedule``'s charges) and a description, from one tier of a
    basis-of-allotment table."""
    if tier is None:
        raise InputError("`table` needs `tier` (the shares applied for: a tier of the table)", "tier")
    if table_text is None:
        raise InputError("`tier` needs `table` (the basis-of-allotment table it is a tier of)")
    for name, given in (("probability", probability), ("shares", shares)):
        if given is not None:
            raise InputError(f"`{name}` comes from the table with `tier`: give `{name}` or `tier`, not both")
    from .ballot import compute_ballot  # only when asked: it reads the table

    ballot = compute_ballot(table_text=table_text, table_name=table_name, board_lot=board_lot, max_price=max_price,
                            price=offer_price, fee_schedule=fee_schedule if max_price or offer_price else None)
    assert board_lot is not None  # compute_ballot refused a table without one
    return _tier_figures(ballot, tier, table_text, table_name, board_lot)


def at_least_one(chances: tuple[Decimal | Fraction, ...]) -> Fraction:
    """The percentage chance that at least one of independent ballots succeeds, exactly."""
    miss = Fraction(1)
    for chance in chances:
        miss *= 1 - Fraction(chance) / 100
    return (1 - miss) * 100


@record
class OutcomeRow:
    """One outcome of a ballot: the lots allotted, its chance and what it costs."""

    lots: int | None = value("Lots allotted", Kind.COUNT)
    shares: int | None = value("Shares allotted", Kind.SHARES)
    probability_pct: Decimal | None = value("Probability", Kind.PERCENT)
    cost: Decimal | None = value("Cost, with application charges", Kind.MONEY)
    net_proceeds: Decimal | None = value("Net proceeds of the sale", Kind.MONEY)
    pnl: Decimal | None = value("P&L", Kind.MONEY)


@record
class ExpectedResult:
    applications: int | None = value("Applications", Kind.COUNT)
    probability_pct: Decimal | None = value("Chance of allotment (the first application)", Kind.PERCENT)
    at_least_one_pct: Decimal | None = value("Chance of at least one allotment", Kind.PERCENT)
    expected_allotments: Decimal | None = value("Expected allotments", Kind.MULTIPLE)
    shares: int | None = value("Shares if allotted", Kind.SHARES)
    offer_price: Decimal | None = value("Offer price", Kind.PRICE)
    move_pct: Decimal | None = value("Assumed first-day move", Kind.CHANGE)
    sale_price: Decimal | None = value("Sale price", Kind.PRICE)
    cost_if_allotted: Decimal | None = value("Cost if allotted, with application charges", Kind.MONEY)
    net_proceeds: Decimal | None = value("Net proceeds of the sale", Kind.MONEY)
    pnl_if_allotted: Decimal | None = value("P&L if allotted", Kind.MONEY)
    financed: Decimal | None = value("Financed, each application", Kind.MONEY)
    interest: Decimal | None = value("Interest, each application", Kind.MONEY)
    handling_fee: Decimal | None = value("Handling fee, each application", Kind.MONEY)
    cost_of_applying: Decimal | None = value("Interest and fees, all applications", Kind.MONEY)
    expected_pnl: Decimal | None = value("Expected P&L", Kind.MONEY)
    capital: Decimal | None = value("Own money tied up", Kind.MONEY)
    return_on_capital_pct: Decimal | None = value("Expected return on that money", Kind.CHANGE)
    days: int | None = value("Days locked", Kind.COUNT)
    annualised_pct: Decimal | None = value("Annualised, x 365 / days", Kind.CHANGE)
    outcomes: tuple[OutcomeRow, ...] | None = value("Outcomes of the tier (a fixed allotment and a ballot for more)", Kind.TABLE)


def compute_expected_value(
    *,
    probability: str | None = None,
    shares: int | None = None,
    offer_price: Decimal | None = None,
    move: Decimal | None = None,
    date: str | None = None,
    amount: Decimal | None = None,
    financed: Decimal | None = None,
    deposit: str | None = None,
    leverage: Decimal | None = None,
    rate: Decimal | None = None,
    days: int | None = None,
    basis: int = DEFAULT_BASIS,
    handling_fee: Decimal | None = None,
    fee_schedule: str | None = None,
    tier: int | None = None,
    table_text: str | None = None,
    table_name: str = "table",
    board_lot: int | None = None,
    max_price: Decimal | None = None,
    sale_price: Decimal | None = None,
    apply: tuple[int, ...] | None = None,
    commission_pct: Decimal | None = None,
    min_commission: Decimal | None = None,
    platform_fee: Decimal | None = None,
    currency: str = "",
) -> Computed:
    """Expected P&L of applying, its return on the money tied up, annualised; the chance of at least one lot.

    With ``tier`` and a basis-of-allotment table (``table_text``, read with ``board_lot`` and ``max_price``,
    ``offer_price`` the final price), the chance and the shares allotted come from that tier of the table
    (``calc/ballot.py``), and so does the money tied up unless ``amount`` is given.
    """
    refuse_other_currency(currency)
    amount_given = amount is not None
    ballot_tier: str | None = None
    spread: list[tuple[int, Fraction]] | None = None  # a tier's two outcomes (shares, probability)
    move_rounded: dict[str, str] = {}
    given_move = move is not None
    if (move is None) == (sale_price is None):
        raise InputError("give `move` (a % on the offer price) or `sale_price` (the first-day price), one of them")
    day = Day.fromisoformat(date) if date is not None else SETTLEMENT[-1].start
    schedule = schedule_named(fee_schedule or entry_schedule_on(day))
    if apply is not None:
        for name, given in (("tier", tier), ("probability", probability), ("shares", shares), ("amount", amount)):
            if given is not None:
                raise InputError(f"`apply` prices each application from the table: give `apply` or `{name}`, not both")
        if table_text is None or board_lot is None or offer_price is None:
            raise InputError("`apply` needs `table` (the basis of allotment), `board_lot` and `offer_price`")
        probability, shares = "100%", board_lot  # placeholders for the shared checks below: each tier is priced
    elif tier is not None or table_text is not None:
        found = _from_table(tier, table_text, table_name, board_lot, max_price, offer_price, probability, shares,
                            schedule.name)
        probability, shares, ballot_tier = found["probability"], found["shares"], found["ballot_tier"]
        spread = found["outcomes"]
        amount = amount if amount_given else found["amount"]
        if offer_price is None:
            raise InputError("with `tier` give `offer_price` (the final offer price)")
    if shares is None and board_lot is not None and tier is None:
        shares = board_lot  # one lot, when it is all that is given
    if probability is None or shares is None or offer_price is None:
        raise InputError("give `probability`, `shares` (allotted if successful), `offer_price` and `move`")
    odds = exact_chances(probability) if spread is None else (Fraction(100),)
    if move is not None and move <= -HUNDRED:
        raise InputError(f"`move` {move:f}%: a fall of 100% or more leaves no price")
    if sale_price is None:
        assert move is not None
        sale_price = round_cents(percent_of(offer_price, add(HUNDRED, move)))
        if sale_price <= ZERO:
            raise InputError(f"`move` {move:f}% leaves a sale price below half a cent")
    else:
        move = quotient(mul(sub(sale_price, offer_price), HUNDRED), offer_price, "move_pct", move_rounded)
    rates = Rates.on(day)
    broker = commission_of(commission_pct, min_commission, platform_fee)
    sold = f"selling charges of that date as in 'sell'; {commission_words(broker)}"

    def pnl_of(count: int) -> tuple[Decimal, Decimal, Decimal]:
        """(cost, net proceeds, P&L) of ``count`` shares allotted and sold."""
        if count == 0:  # nothing allotted: nothing bought or sold, so no charges (the 2020 minimums included)
            return ZERO, ZERO, ZERO
        cost_of = charges(count, offer_price, schedule, ROUND_EACH).amount_payable
        net = sale_charges(count, sale_price, rates, broker).net_proceeds
        return cost_of, net, sub(net, cost_of)

    if apply is not None:
        from .applications import compute_applied

        if (financed is not None or deposit is not None or leverage is not None) and (rate is None or days is None):
            raise InputError("financing needs `rate` (annual) and `days` (the days the money is locked)")
        assert table_text is not None and board_lot is not None
        return compute_applied(
            apply=apply, table_text=table_text, table_name=table_name, board_lot=board_lot, max_price=max_price,
            offer_price=offer_price, pnl_of=lambda count: pnl_of(count)[2],
            financing={"financed": financed, "deposit": deposit, "leverage": leverage, "rate": rate, "basis": basis},
            fee=handling_fee if handling_fee is not None else ZERO, days=days, schedule=schedule,
            result_type=ExpectedResult,
            fields={"offer_price": offer_price, "move_pct": move, "sale_price": sale_price},
            assumptions={"sale": f"on {day.isoformat()} at {sale_price:f}; {sold}"})
    if spread is not None:
        priced = [(count, chance, *pnl_of(count)) for count, chance in spread]
        shares = 0
        cost = proceeds = pnl = ZERO
        gross = sum((chance * Fraction(outcome_pnl) for _, chance, _, _, outcome_pnl in priced), Fraction(0))
    else:
        cost, proceeds, pnl = pnl_of(shares)
        gross = sum((Fraction(pnl) * chance / 100 for chance in odds), Fraction(0))
    subscription = amount if amount is not None else cost
    financed_part = ZERO
    charged = ZERO
    if financed is not None or deposit is not None or leverage is not None:
        if rate is None or days is None:
            raise InputError("financing needs `rate` (annual) and `days` (the days the money is locked)")
        terms = financing_terms(amount=subscription, financed=financed,
                                deposit=parse_deposit(deposit) if deposit is not None else None, leverage=leverage)
        financed_part = terms.financed
        charged = interest(financed_part, rate, days, basis)[0]
    elif rate is not None:
        raise InputError("`rate` needs the financed part: `financed`, `deposit` or `leverage`")
    elif basis != DEFAULT_BASIS:
        raise InputError(f"`basis` {basis} is the interest year of financing: it needs `financed`, `deposit` or "
                         "`leverage` (with `rate` and `days`)")
    fee = handling_fee if handling_fee is not None else ZERO
    count = len(odds)
    total_cost = mul(add(charged, fee), count)
    # Every value below is exact (fractions) until it is shown: rounded once, and named, if it does not terminate.
    expected = gross - Fraction(total_cost)
    capital = mul(add(sub(subscription, financed_part), fee), count)
    rounded: dict[str, str] = dict(move_rounded)
    ratio = annual = None
    if capital:
        ratio = fraction_value(expected * 100 / Fraction(capital), "return_on_capital_pct", rounded)
        if days:
            annual = fraction_value(expected * 100 * 365 / (Fraction(capital) * days), "annualised_pct", rounded)
    chance_total = fraction_value(sum(odds, Fraction(0)) / 100, "expected_allotments", rounded)
    first_chance = fraction_value(odds[0], "probability_pct", rounded)
    if "probability_pct" in rounded:
        rounded["probability_pct"] = "a fraction of applicants, " + rounded["probability_pct"]
    assumptions = {
        "allotment": (f"{count} independent ballot(s), each allotting {shares} shares with the chance given"
                      if spread is None else "the tier's two outcomes, each with its own cost, sale and P&L "
                      "(outcomes); expected P&L = sum of probability x P&L"),
        "cost": f"shares x offer price plus the application charges of entry-fee schedule {schedule.name}, each fee "
                "to the cent",
        "sale": (f"on {day.isoformat()}{'' if date else ' (no date given: the newest charges)'} at "
                 + (f"the offer price moved {move:f}%, rounded to the cent (half up)" if "move_pct" not in move_rounded
                    and given_move else f"{sale_price:f}, as given")
                 + f"; {sold}"),
        "financing": (f"interest on the financed part for {days} days, {basis}-day basis, to the cent; the handling fee "
                      "is paid whether or not shares are allotted" if financed_part else
                      "none: the application is paid in cash; any handling fee is paid allotted or not"),
        "capital": "own money tied up per application: subscription amount (default: the cost of the shares) less "
                   "the financed part, plus the handling fee",
        "annualised": ("expected return x 365 / days, simple (not compounded)" if days else
                       "not computed: give days, how long the money is locked"),
        "at_least_one": "1 - product of (1 - p), the ballots taken as independent",
    }
    if ballot_tier is not None and tier is not None and amount_given:
        assumptions["ballot"] = (f"chance and shares allotted from the ballot table, {ballot_tier}; the money tied up "
                                 "is the amount given, not the table's")
    elif ballot_tier is not None:
        assumptions["ballot"] = (f"chance, shares allotted and money tied up (amount payable for the shares applied "
                                 f"for, at the maximum price) from the ballot table, {ballot_tier}")
    result = ExpectedResult(
        applications=count, probability_pct=first_chance,
        at_least_one_pct=fraction_value(at_least_one(odds), "at_least_one_pct", rounded),
        expected_allotments=chance_total, shares=shares if spread is None else None, offer_price=offer_price,
        move_pct=move, sale_price=sale_price, cost_if_allotted=cost if spread is None else None,
        net_proceeds=proceeds if spread is None else None, pnl_if_allotted=pnl if spread is None else None,
        outcomes=None if spread is None else tuple(
            OutcomeRow(shares=count, lots=count // (board_lot or 1), probability_pct=fraction_value(
                chance * 100, "outcomes[].probability_pct", rounded), cost=cost_of, net_proceeds=net, pnl=outcome_pnl)
            for count, chance, cost_of, net, outcome_pnl in priced),
        financed=financed_part, interest=charged, handling_fee=fee, cost_of_applying=total_cost,
        expected_pnl=fraction_value(expected, "expected_pnl", rounded),
        capital=capital, return_on_capital_pct=ratio, days=days, annualised_pct=annual,
    )
    return Computed(result, assumptions, rounded=rounded)
