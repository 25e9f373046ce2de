"""Subscription: the multiple and demand of a tranche, and with the total offer the Hong Kong reallocation.

The reallocation arithmetic itself (tranche, clawback, pools) is in
``calc/allocation.py``; this module reads the demand and assembles the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from ..errors import InputError
from ..numbers import HUNDRED, NON_TERMINATING, ROUNDING, divide, mul
from ..records import Computed, Kind, value
from ..rules import (
    CHAPTER_18C,
    MECHANISM_A,
    POOL_SOURCE,
    UNDERSUBSCRIBED_PRACTICE,
    WEAK_PLACING_NOTE,
    Regime,
    describe_ladder,
    parse_ladder,
    regime_named,
)
from .allocation import Tranche, initial_tranche, pools, public_pct_of_total, reallocate

POOL_CURRENCY = "HKD"
MAX_APPLICATION_RULE = "half the initial public tranche, rounded down to whole board lots (Practice Note 18 para 3.1)"


class SubscriptionDemand(NamedTuple):
    """How far a tranche was subscribed, before any reallocation rule."""

    offered: int
    applied: int
    multiple: Decimal
    multiple_exact: bool
    applied_exact: bool


def subscription_demand(offered: int, applied: int | None, multiple: Decimal | None) -> SubscriptionDemand:
    """Multiple = shares applied for / shares offered; or applied = offered x multiple (to a whole share)."""
    if applied is None and multiple is None:
        raise InputError("give --applied (shares applied for) or --multiple for the demand")
    if offered <= 0:
        raise InputError("the shares offered must be greater than zero")
    if applied is not None and multiple is not None:
        check_printed_multiple(offered, applied, multiple)
    if applied is not None:
        ratio, exact = divide(Decimal(applied), Decimal(offered))
        return SubscriptionDemand(offered, applied, ratio, exact, True)
    assert multiple is not None
    product = mul(offered, multiple)
    whole = product.to_integral_value(context=ROUNDING)
    return SubscriptionDemand(offered, int(whole), multiple, True, whole == product)


def check_printed_multiple(offered: int, applied: int, multiple: Decimal) -> None:
    """Both given, as announcements print them: the multiple must be the ratio to its printed places.

    Announcements round or cut the ratio (1,385,800,000 / 40,000,000 = 34.645, printed 34.64), so
    anything within one unit of the last printed place is consistent; the exact ratio is then used.
    """
    places = max(0, -multiple.as_tuple().exponent)  # type: ignore[operator]
    ratio, _ = divide(Decimal(applied), Decimal(offered))
    if abs(ratio - multiple) >= Decimal(1).scaleb(-places):
        raise InputError(f"--applied {applied:,} / {offered:,} = {ratio:f}x does not match --multiple {multiple:f}")


def success_rate(applications: int | None, successful: int | None) -> tuple[Decimal | None, bool]:
    """Successful applications / valid applications, in percent."""
    if applications is None and successful is None:
        return None, True
    if applications is None or successful is None:
        raise InputError("give --applications and --successful together")
    if applications == 0:
        raise InputError("--applications must be greater than zero")
    if successful > applications:
        raise InputError("--successful cannot exceed --applications")
    return divide(mul(successful, HUNDRED), Decimal(applications))


@dataclass(frozen=True)
class SubscriptionResult:
    offered: int | None = value("Public shares initially offered", Kind.SHARES)
    applied_shares: int | None = value("Shares applied for", Kind.SHARES)
    multiple: Decimal | None = value("Subscription multiple, applied / initial", Kind.MULTIPLE)
    total_offer: int | None = value("Offer shares initially offered (total)", Kind.SHARES)
    regime: str | None = value("Regime", Kind.TEXT)
    band: dict | None = value("Band applied", Kind.RECORD)
    board_lot: int | None = value("Board lot", Kind.SHARES)
    public_initial_shares: int | None = value("Public tranche, initial", Kind.SHARES)
    public_initial_pct: Decimal | None = value("Public tranche, initial, % of offer", Kind.PERCENT)
    public_final_shares: int | None = value("Public tranche, final", Kind.SHARES)
    public_final_pct: Decimal | None = value("Public tranche, final, % of offer", Kind.PERCENT)
    placing_initial_shares: int | None = value("Placing tranche, initial", Kind.SHARES)
    placing_final_shares: int | None = value("Placing tranche, final", Kind.SHARES)
    reallocated_shares: int | None = value("Shares reallocated", Kind.SHARES)
    reallocated_to: str | None = value("Reallocated to", Kind.TEXT)
    pool_a_shares: int | None = value("Pool A, HK$5m or less", Kind.SHARES)
    pool_b_shares: int | None = value("Pool B, over HK$5m", Kind.SHARES)
    max_application_shares: int | None = value("Largest valid application", Kind.SHARES)
    pool_boundary_shares: int | None = value("Largest pool A application, HK$5m at the price", Kind.SHARES)
    price: Decimal | None = value("Offer price", Kind.PRICE)
    demand_amount: Decimal | None = value("Demand, applied x price", Kind.MONEY)
    applications: int | None = value("Valid applications", Kind.COUNT)
    successful: int | None = value("Successful applications", Kind.COUNT)
    success_rate: Decimal | None = value("Success rate", Kind.PERCENT)
    intl_offered: int | None = value("International shares offered", Kind.SHARES)
    intl_applied_shares: int | None = value("International shares demanded", Kind.SHARES)
    intl_multiple: Decimal | None = value("International multiple", Kind.MULTIPLE)


def regime_for(regime: str | None, ladder: str | None, initial_pct: Decimal | None) -> Regime:
    """The regime as named, or a user ladder (on its own or replacing the named regime's)."""
    base = regime_named(regime) if regime is not None else None
    if ladder is None:
        if base is None:
            raise InputError("give --regime (pn18, 18c, mechanism-a, mechanism-b) or --ladder with --total-offer")
        if initial_pct is not None:
            return base._replace(name=f"{base.name}+initial-pct", initial_pct=initial_pct)
        return base
    rungs = parse_ladder(ladder)
    if base is not None and base.fixed_pct_range is not None:
        raise InputError("mechanism-b has no clawback: --ladder does not apply")
    return Regime(
        name=f"{base.name}+ladder" if base else "custom-ladder",
        title="user-supplied ladder",
        initial_pct=initial_pct if initial_pct is not None else (base.initial_pct if base else None),
        ladder=rungs,
        effective="as given",
        basis=f"user-supplied ladder {ladder}",
        sources=(),
    )


def compute_oversubscription(
    *,
    offered: int | None = None,
    applied: int | None = None,
    multiple: Decimal | None = None,
    price: Decimal | None = None,
    applications: int | None = None,
    successful: int | None = None,
    total_offer: int | None = None,
    regime: str | None = None,
    ladder: str | None = None,
    initial_pct: Decimal | None = None,
    public_pct: Decimal | None = None,
    board_lot: int | None = None,
    intl_offered: int | None = None,
    intl_applied: int | None = None,
    intl_multiple: Decimal | None = None,
    currency: str = POOL_CURRENCY,
) -> Computed:
    """Subscription multiple and demand; with --total-offer, the Hong Kong reallocation, pools and cap."""
    assumptions: dict[str, Any] = {
        "multiple": "shares applied for / shares initially offered in the tranche (not minus one)",
    }
    rounded: dict[str, str] = {}
    notes: list[str] = []
    fields: dict[str, Any] = {}
    lot = board_lot or 1
    boundary_price = price if currency == POOL_CURRENCY else None
    if price is not None and boundary_price is None:
        notes.append(f"the HK$5m pool boundary needs a price in HKD; with --currency {currency} it is not computed")
    tranche: Tranche | None = None
    if total_offer is None:
        for name, given in (("--regime", regime), ("--ladder", ladder), ("--initial-pct", initial_pct),
                            ("--public-pct", public_pct)):
            if given is not None:
                raise InputError(f"{name} needs --total-offer (offer shares initially offered)")
        if offered is None:
            raise InputError("give --offered (shares initially offered in the tranche), or --total-offer and --regime")
    else:
        tranche = initial_tranche(total_offer, regime_for(regime, ladder, initial_pct), lot, offered, public_pct)
        offered = tranche.initial
        assumptions["public_initial_shares"] = tranche.initial_from
    demand = subscription_demand(offered, applied, multiple)
    if not demand.multiple_exact:
        rounded["multiple"] = NON_TERMINATING
    if not demand.applied_exact:
        rounded["applied_shares"] = "offered x multiple, rounded half-even to a whole share"
    if tranche is not None:
        assert total_offer is not None
        fields.update(_allocation_fields(total_offer, tranche, lot, applied, demand, boundary_price,
                                         assumptions, rounded, notes))
    else:  # without the total, no reallocation; the cap and the pool boundary need only the initial tranche
        split = pools(offered, offered, lot, boundary_price)
        fields.update(board_lot=board_lot, max_application_shares=split.max_application,
                      pool_boundary_shares=split.boundary_shares)
        assumptions["max_application_shares"] = MAX_APPLICATION_RULE
    intl_base = intl_offered
    if intl_base is None and total_offer is not None:
        intl_base = total_offer - offered
    if intl_applied is not None or intl_multiple is not None:
        if intl_base is None:
            raise InputError("give --intl-offered (or --total-offer) with --intl-applied or --intl-multiple")
        intl = subscription_demand(intl_base, intl_applied, intl_multiple)
        if not intl.multiple_exact:
            rounded["intl_multiple"] = NON_TERMINATING
        fields.update(intl_offered=intl_base, intl_applied_shares=intl.applied, intl_multiple=intl.multiple)
        if intl.multiple < 1 and fields.get("reallocated_to") == "public":
            notes.append(WEAK_PLACING_NOTE)
    elif intl_offered is not None:
        raise InputError("--intl-offered needs --intl-applied or --intl-multiple")
    rate, rate_exact = success_rate(applications, successful)
    if not rate_exact:
        rounded["success_rate"] = NON_TERMINATING
    result = SubscriptionResult(
        offered=offered, applied_shares=demand.applied, multiple=demand.multiple, price=price,
        demand_amount=mul(demand.applied, price) if price is not None else None,
        applications=applications, successful=successful, success_rate=rate, **fields,
    )
    return Computed(result, assumptions, rounded, tuple(notes))


def _allocation_fields(total: int, tranche: Tranche, lot: int, applied: int | None, demand: SubscriptionDemand,
                       boundary_price: Decimal | None, assumptions: dict[str, Any],
                       rounded: dict[str, str], notes: list[str]) -> dict[str, Any]:
    regime = tranche.regime
    initial = tranche.initial
    allocation = reallocate(total, tranche, lot, applied, demand.applied, demand.multiple)
    final = allocation.public_final
    initial_pct, initial_exact = public_pct_of_total(initial, total)
    final_pct, final_exact = public_pct_of_total(final, total)
    if not initial_exact:
        rounded["public_initial_pct"] = NON_TERMINATING
    if not final_exact:
        rounded["public_final_pct"] = NON_TERMINATING
    moved = final - initial
    split = pools(final, initial, lot, boundary_price)
    assumptions["regime"] = f"{regime.name}: {regime.title}; {describe_ladder(regime)}; {regime.effective}"
    assumptions["public_final_shares"] = (
        "the band's % of the total offer, rounded up to whole board lots; placing = total - public"
    )
    if allocation.undersubscribed:
        assumptions["undersubscribed"] = UNDERSUBSCRIBED_PRACTICE
    assumptions["pools"] = POOL_SOURCE + "; pool B takes an odd board lot"
    _uncertainty_notes(regime, allocation.band, demand.multiple, notes)
    return {
        "total_offer": total, "regime": regime.name, "band": allocation.band, "board_lot": lot,
        "public_initial_shares": initial, "public_initial_pct": initial_pct,
        "public_final_shares": final, "public_final_pct": final_pct,
        "placing_initial_shares": total - initial, "placing_final_shares": total - final,
        "reallocated_shares": abs(moved),
        "reallocated_to": "public" if moved > 0 else "placing" if moved < 0 else "none",
        "pool_a_shares": split.pool_a, "pool_b_shares": split.pool_b,
        "max_application_shares": split.max_application, "pool_boundary_shares": split.boundary_shares,
    }


def _uncertainty_notes(regime: Regime, band: dict[str, str], multiple: Decimal, notes: list[str]) -> None:
    """Say on stderr when an uncertain rule decided the answer (never guess silently)."""
    if regime.name == MECHANISM_A.name and Decimal(10) <= multiple < Decimal(15):
        notes.append(f"{multiple:f}x falls between the two readings of Mechanism A's first step: "
                     + MECHANISM_A.uncertain)
    if regime.name == CHAPTER_18C.name and band.get("rung") == ">=10x":
        notes.append("18C: " + CHAPTER_18C.uncertain)
