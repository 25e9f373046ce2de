"""The over-allotment (greenshoe) option: its size, and how stabilisation used it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import InfeasibleError, InputError
from ..numbers import floor_to_lot, mul, percent_of
from ..records import Computed, Kind, value
from ..rules import GREENSHOE_CAP_PCT

STABILISATION_RULE = (
    "over-allotted - bought back in the market during stabilisation (Securities and Futures "
    "(Price Stabilizing) Rules, Cap. 571W s7, s10(3))"
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


def stabilisation(
    option_size: int | None, over_allotted: int | None, buyback: int | None, exercised: int | None
) -> tuple[int, int, int]:
    """(over-allotted, bought back, exercised), with over-allotted = bought back + exercised."""
    if over_allotted is None:
        if exercised is None:
            raise InputError("give --over-allotted with --buyback or --exercised, or --exercised alone")
        over_allotted = exercised + (buyback or 0)
    if option_size is not None and over_allotted > option_size:
        raise InfeasibleError(f"{over_allotted:,} shares over-allotted exceed the option's {option_size:,} shares")
    if buyback is None and exercised is None:
        raise InputError("give --buyback (shares bought in the market) or --exercised with --over-allotted")
    if buyback is not None and buyback > over_allotted:
        raise InfeasibleError(f"{buyback:,} shares bought back exceed the {over_allotted:,} over-allotted")
    if exercised is not None and exercised > over_allotted:
        raise InfeasibleError(f"{exercised:,} shares exercised exceed the {over_allotted:,} over-allotted")
    if buyback is not None and exercised is not None and buyback + exercised != over_allotted:
        raise InputError(f"bought back {buyback:,} + exercised {exercised:,} must equal over-allotted {over_allotted:,}")
    if exercised is None:
        assert buyback is not None
        exercised = over_allotted - buyback
    return over_allotted, over_allotted - exercised, exercised


@dataclass(frozen=True)
class GreenshoeResult:
    base_shares: int | None = value("Base offer shares", Kind.SHARES)
    pct: Decimal | None = value("Option size", Kind.PERCENT)
    board_lot: int | None = value("Board lot", Kind.SHARES)
    greenshoe_shares: int | None = value("Greenshoe (over-allotment option) shares", Kind.SHARES)
    over_allotted_shares: int | None = value("Shares over-allotted", Kind.SHARES)
    buyback_shares: int | None = value("Bought back in stabilisation", Kind.SHARES)
    exercised_shares: int | None = value("Option exercised", Kind.SHARES)
    lapsed_shares: int | None = value("Option lapsed", Kind.SHARES)
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
    currency: str = "",
) -> Computed:
    """Over-allotment shares = pct x base offer, rounded down to whole board lots; and its exercise."""
    stabilising = over_allotted is not None or buyback is not None or exercised is not None
    if shares is None and not stabilising:
        raise InputError("give --shares (the base offer shares)")
    size = greenshoe_size(shares, pct, board_lot) if shares is not None else None
    assumptions: dict[str, Any] = {}
    if size is not None:
        assumptions["greenshoe_shares"] = f"{pct:f}% of the base offer, rounded down to whole board lots of {board_lot}"
    fields: dict[str, Any] = {}
    option_used = size
    if stabilising:
        over, bought, used = stabilisation(size, over_allotted, buyback, exercised)
        option_used = used
        fields.update(over_allotted_shares=over, buyback_shares=bought, exercised_shares=used,
                      lapsed_shares=size - used if size is not None else None,
                      exercised_proceeds=mul(used, price) if price is not None else None)
        assumptions["exercised_shares"] = STABILISATION_RULE
    else:
        assumptions["total"] = "option fully exercised at the offer price"
    total_shares = shares + option_used if shares is not None and option_used is not None else None
    result = GreenshoeResult(
        base_shares=shares, pct=pct if size is not None else None,
        board_lot=board_lot if size is not None else None, greenshoe_shares=size,
        price=price, greenshoe_proceeds=mul(size, price) if price is not None and size is not None else None,
        total_shares=total_shares,
        total_proceeds=mul(total_shares, price) if price is not None and total_shares is not None else None,
        **fields,
    )
    return Computed(result, assumptions, notes=greenshoe_notes(pct))
