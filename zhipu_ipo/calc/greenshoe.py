"""The over-allotment (greenshoe) option: its size, and how stabilisation used it."""

from __future__ import annotations

from decimal import Decimal

from ..tuples import named_tuple
from ..errors import InfeasibleError, InputError
from ..numbers import floor_to_lot, mul, percent_of
from ..records import Computed, Kind, record, value
from ..rules import DEAL_RULES, GREENSHOE_CAP_PCT

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

STABILISATION_RULE = (
    "over-allotted - bought back in the market during stabilisation (Securities and Futures "
    "(Price Stabilizing) Rules, Cap. 571W s7, s10(3))"
)
RESALE_RULE = (
    "over-allotted - (bought back - resold): shares bought in stabilisation and sold again do not reduce the "
    "exercise (Cap. 571W s7(1)(c), http://www.hklii.org/hk/legis/en/reg/571W/s7.html)"
)


def greenshoe_size(base_shares: int, pct: Decimal, board_lot: int) -> int:
    """Over-allotment shares: pct of the base offer, rounded down to whole board lots."""
    return floor_to_lot(percent_of(base_shares, pct), board_lot)


def greenshoe_notes(pct: Decimal | None) -> tuple[str, ...]:
    if pct is not None and pct > GREENSHOE_CAP_PCT:
        return (
            f"{pct:f}% is above the {GREENSHOE_CAP_PCT:f}% over-allotment cap usual in Hong Kong "
            "(shares initially offered); computed as asked",
        )
    return ()


class Stabilised(named_tuple("Stabilised", "over_allotted bought resold exercised resold_derived")):
    __slots__ = ()
    over_allotted: int
    bought: int  # bought back in the market
    resold: int  # of those, sold again
    exercised: int
    resold_derived: bool  # the resale was not given: it follows from the other three


PENDING_RULE = ("not yet known: shares over-allotted, neither bought back nor exercised yet (the stabilisation "
                "period, up to 30 days after the last day for lodging applications, is open); at most the "
                "over-allotted shares will be exercised")


def stabilise(option_size: int | None, over_allotted: int | None, buyback: int | None, exercised: int | None,
              resold: int | None = None) -> Stabilised:
    """exercised = over-allotted - (bought back - resold); any one of the four follows from the other three.

    With over-allotted, bought back and exercised only (an announcement's three figures), a surplus
    bought + exercised - over-allotted is read as shares resold (Cap. 571W s7(1)(c)), and labelled so.
    """
    derived = False
    if over_allotted is None:
        if exercised is None:
            raise InputError("give `over_allotted` with `buyback` or `exercised`, or `exercised` alone")
        over_allotted = exercised + (buyback or 0) - (resold or 0)
        if over_allotted < 0:
            raise InfeasibleError(f"{resold:,} shares resold exceed the {buyback or 0:,} bought back")
    if option_size is not None and over_allotted > option_size:
        raise InfeasibleError(f"{over_allotted:,} shares over-allotted exceed the option's {option_size:,} shares",
                              "over_allotted")
    if buyback is None and exercised is None:
        raise InputError("give `buyback` (shares bought in the market) or `exercised` with `over_allotted`")
    if exercised is not None and exercised > over_allotted:
        raise InfeasibleError(f"{exercised:,} shares exercised exceed the {over_allotted:,} over-allotted")
    if buyback is None:
        assert exercised is not None
        buyback = over_allotted - exercised + (resold or 0)
    elif exercised is not None and resold is None:
        surplus = buyback + exercised - over_allotted
        if surplus < 0:
            raise InputError(f"bought back {buyback:,} + exercised {exercised:,} must equal over-allotted "
                             f"{over_allotted:,} (or exceed it by shares resold)")
        resold, derived = surplus, surplus > 0
    if resold is not None and resold > buyback:
        raise InfeasibleError(f"{resold:,} shares resold exceed the {buyback:,} bought back")
    net = buyback - (resold or 0)
    if net > over_allotted:
        raise InfeasibleError(f"{buyback:,} shares bought back exceed the {over_allotted:,} over-allotted"
                              + (f" by more than the {resold:,} resold" if resold else ""), "buyback")
    if exercised is None:
        exercised = over_allotted - net
    elif over_allotted - net != exercised:
        raise InputError(f"over-allotted {over_allotted:,} - (bought back {buyback:,} - resold {resold:,}) is "
                         f"{over_allotted - net:,}, not the {exercised:,} exercised")
    return Stabilised(over_allotted, buyback, resold or 0, exercised, derived)


def stabilisation(
    option_size: int | None, over_allotted: int | None, buyback: int | None, exercised: int | None
) -> tuple[int, int, int]:
    """(over-allotted, bought back, exercised), with over-allotted = bought back + exercised (no resale)."""
    done = stabilise(option_size, over_allotted, buyback, exercised, 0)
    return done.over_allotted, done.bought, done.exercised


@record
class GreenshoeResult:
    base_shares: int | None = value("Base offer shares", Kind.SHARES)
    pct: Decimal | None = value("Option size", Kind.PERCENT)
    board_lot: int | None = value("Board lot", Kind.SHARES)
    greenshoe_shares: int | None = value("Greenshoe (over-allotment option) shares", Kind.SHARES)
    over_allotted_shares: int | None = value("Shares over-allotted", Kind.SHARES)
    buyback_shares: int | None = value("Bought back in stabilisation", Kind.SHARES)
    exercised_shares: int | None = value("Option exercised", Kind.SHARES)
    lapsed_shares: int | None = value("Option lapsed", Kind.SHARES)
    resold_shares: int | None = value("Bought back and sold again", Kind.SHARES)
    resold_from: str | None = value("Resale", Kind.TEXT)
    upsize_shares: int | None = value("Upsize (offer size adjustment) shares", Kind.SHARES)
    offer_after_upsize: int | None = value("Offer shares after the upsize (option base)", Kind.SHARES)
    price: Decimal | None = value("Offer price", Kind.PRICE)
    greenshoe_proceeds: Decimal | None = value("Greenshoe proceeds (fully exercised)", Kind.MONEY)
    exercised_proceeds: Decimal | None = value("Proceeds of the exercise", Kind.MONEY)
    total_shares: int | None = value("Total offer shares with the option", Kind.SHARES)
    total_proceeds: Decimal | None = value("Total gross proceeds with the option", Kind.MONEY)


def compute_greenshoe(
    *,
    shares: int | None = None,
    pct: Decimal = GREENSHOE_CAP_PCT,
    board_lot: int = 1,
    price: Decimal | None = None,
    over_allotted: int | None = None,
    buyback: int | None = None,
    exercised: int | None = None,
    resold: int | None = None,
    upsize: int | None = None,
    currency: str = "",
) -> Computed:
    """Over-allotment shares = pct x the offer (after any upsize), rounded down to whole board lots; its exercise."""
    stabilising = over_allotted is not None or buyback is not None or exercised is not None or resold is not None
    if upsize is not None and shares is None:
        raise InputError("`upsize` needs `shares` (the offer before the upsize)")
    if shares is None and not stabilising:
        raise InputError("give `shares` (the offer shares initially offered)")
    offer = shares + upsize if shares is not None and upsize is not None else shares
    size = greenshoe_size(offer, pct, board_lot) if offer is not None else None
    assumptions: dict[str, Any] = {}
    notes = list(greenshoe_notes(pct))
    if size is not None:
        assumptions["greenshoe_shares"] = (f"{pct:f}% of the offer" + (" after the upsize" if upsize else "")
                                           + f", rounded down to whole board lots of {board_lot}")
    if upsize is not None:
        assumptions["upsize"] = DEAL_RULES["greenshoe-after-upsize"].rule
    fields: dict[str, Any] = {}
    option_used = size
    pending = over_allotted is not None and buyback is None and exercised is None and resold is None
    if pending:  # allotment day: shares over-allotted, the stabilisation period still open
        assert over_allotted is not None
        if size is not None and over_allotted > size:
            raise InfeasibleError(f"{over_allotted:,} shares over-allotted exceed the option's {size:,} shares "
                                  f"({pct:f}% of the offer)" + ("" if upsize else "; if the offer was upsized, "
                                                                "give `upsize` N"), "over_allotted")
        fields["over_allotted_shares"] = over_allotted
        assumptions["exercised_shares"] = PENDING_RULE
        assumptions["total"] = "option fully exercised at the offer price (its exercise is not yet known)"
    elif stabilising:
        if over_allotted is not None and size is not None and over_allotted > size and upsize is None:
            raise InfeasibleError(f"{over_allotted:,} shares over-allotted exceed the option's {size:,} shares "
                                  f"({pct:f}% of {shares:,}); if the offer was upsized, give `upsize` N",
                                  "over_allotted")
        done = stabilise(size, over_allotted, buyback, exercised, resold)
        option_used = done.exercised
        fields.update(over_allotted_shares=done.over_allotted, buyback_shares=done.bought,
                      exercised_shares=done.exercised,
                      lapsed_shares=size - done.exercised if size is not None else None,
                      exercised_proceeds=mul(done.exercised, price) if price is not None else None)
        if resold is not None or done.resold:
            fields.update(resold_shares=done.resold,
                          resold_from="derived: bought back + exercised - over-allotted" if done.resold_derived
                          else "as given")
            assumptions["exercised_shares"] = RESALE_RULE
            if done.resold_derived:
                notes.append(f"{done.resold:,} shares resold is derived (bought back {done.bought:,} + exercised "
                             f"{done.exercised:,} - over-allotted {done.over_allotted:,}), not published")
        else:
            assumptions["exercised_shares"] = STABILISATION_RULE
    else:
        assumptions["total"] = "option fully exercised at the offer price"
    total_shares = offer + option_used if offer is not None and option_used is not None else None
    result = GreenshoeResult(
        base_shares=shares, pct=pct if size is not None else None,
        board_lot=board_lot if size is not None else None, greenshoe_shares=size,
        price=price, greenshoe_proceeds=mul(size, price) if price is not None and size is not None else None,
        total_shares=total_shares,
        total_proceeds=mul(total_shares, price) if price is not None and total_shares is not None else None,
        upsize_shares=upsize, offer_after_upsize=offer if upsize is not None else None,
        **fields,
    )
    return Computed(result, assumptions, notes=tuple(notes))
