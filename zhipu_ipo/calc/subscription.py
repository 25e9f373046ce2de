"""Subscription: the multiple and demand of a tranche, and with the total offer the Hong Kong reallocation.

The reallocation arithmetic itself (tranche, clawback, pools) is in
``calc/allocation.py``; this module reads the demand and assembles the answer.
"""

from __future__ import annotations

from decimal import Decimal

from ..tuples import named_tuple
from ..errors import InfeasibleError, InputError
from ..numbers import HUNDRED, ROUNDING, ceil_to_lot, divide, floor_to_lot, mul, percent_of, quotient
from ..records import Computed, Kind, record, value
from ..rules import (
    CHAPTER_18C,
    DEAL_RULES,
    MECHANISM_A,
    POOL_BOUNDARY_PRICE,
    POOL_RULE,
    REGIMES,
    UNDERSUBSCRIBED_PRACTICE,
    WEAK_PLACING_NOTE,
    Regime,
    describe_ladder,
    parse_ladder,
    regime_named,
)
from .allocation import Tranche, initial_tranche, pools, public_pct_of_total, reallocate
from ..rules import UPSIZE_CAP_PCT
from .upsize import (
    carve_preferential,
    check_preferential,
    check_reallocation,
    check_upsize,
    reallocation_cap,
    reallocation_shares,
    split_base,
    split_upsize,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

POOL_CURRENCY = "HKD"
MAX_APPLICATION_RULE = "half the initial public tranche, rounded down to whole board lots (Practice Note 18 para 3.1)"


class SubscriptionDemand(named_tuple("SubscriptionDemand", "offered applied multiple applied_exact")):
    """How far a tranche was subscribed, before any reallocation rule."""
    __slots__ = ()
    offered: int
    applied: int
    multiple: Decimal
    applied_exact: bool


def subscription_demand(offered: int, applied: int | None, multiple: Decimal | None, rounded: dict[str, str],
                        name: str = "multiple") -> SubscriptionDemand:
    """Multiple = shares applied for / shares offered; or applied = offered x multiple (to a whole share).

    A multiple that does not terminate is named ``name`` in ``rounded``.
    """
    if applied is None and multiple is None:
        raise InputError("give `applied` (shares applied for) or `multiple` for the demand")
    if offered <= 0:
        raise InputError("the shares offered must be greater than zero")
    if applied is not None and multiple is not None:
        check_printed_multiple(offered, applied, multiple)
    if applied is not None:
        return SubscriptionDemand(offered, applied, quotient(applied, offered, name, rounded), True)
    assert multiple is not None
    product = mul(offered, multiple)
    whole = product.to_integral_value(context=ROUNDING)
    return SubscriptionDemand(offered, int(whole), multiple, whole == product)


def check_printed_multiple(offered: int, applied: int, multiple: Decimal) -> None:
    """Both given, as announcements print them: the multiple must be the ratio to its printed places.

    Announcements round or cut the ratio (1,385,800,000 / 40,000,000 = 34.645, printed 34.64), so
    anything within one unit of the last printed place is consistent; the exact ratio is then used.
    """
    places = max(0, -multiple.as_tuple().exponent)  # type: ignore[operator]
    ratio, _ = divide(Decimal(applied), Decimal(offered))
    if abs(ratio - multiple) >= Decimal(1).scaleb(-places):
        raise InputError(f"`applied` {applied:,} / {offered:,} = {ratio:f}x does not match `multiple` {multiple:f}")


def success_rate(applications: int | None, successful: int | None, rounded: dict[str, str]) -> Decimal | None:
    """Successful applications / valid applications, in percent (named ``success_rate`` in ``rounded`` if rounded)."""
    if applications is None or successful is None:
        return None  # one count alone is shown as given; the rate needs both
    if applications == 0:
        raise InputError("`applications` must be greater than zero")
    if successful > applications:
        raise InputError("`successful` cannot exceed `applications`")
    return quotient(mul(successful, HUNDRED), applications, "success_rate", rounded)


@record
class SubscriptionResult:
    """Subscription result: one labelled, kinded value per field (documented: dataclass() skips the signature)."""

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
    pool_boundary_price: Decimal | None = value("Price the HK$5m boundary is reckoned at", Kind.PRICE)
    price: Decimal | None = value("Offer price", Kind.PRICE)
    demand_amount: Decimal | None = value("Demand, applied x price", Kind.MONEY)
    applications: int | None = value("Valid applications", Kind.COUNT)
    successful: int | None = value("Successful applications", Kind.COUNT)
    success_rate: Decimal | None = value("Applications that received shares, % of valid", Kind.PERCENT)
    intl_offered: int | None = value("International shares offered", Kind.SHARES)
    intl_applied_shares: int | None = value("International shares demanded", Kind.SHARES)
    intl_multiple: Decimal | None = value("International multiple", Kind.MULTIPLE)
    preferential_shares: int | None = value("Preferential tranche, taken before the split", Kind.SHARES)
    split_offer_shares: int | None = value("Offer split public/placing (total - preferential)", Kind.SHARES)
    upsize_shares: int | None = value("Upsize (offer size adjustment) shares", Kind.SHARES)
    upsize_to: str | None = value("Upsize shares go to", Kind.TEXT)
    upsize_public_shares: int | None = value("Upsize shares to the public tranche", Kind.SHARES)
    upsize_placing_shares: int | None = value("Upsize shares to the placing tranche", Kind.SHARES)
    offer_after_upsize: int | None = value("Offer shares after the upsize", Kind.SHARES)
    public_final_pct_after_upsize: Decimal | None = value("Public tranche, final, % of the offer after the upsize",
                                                         Kind.PERCENT)
    clawback_base: str | None = value("Clawback % of the offer", Kind.TEXT)
    discretionary_shares: int | None = value("Moved to the public tranche under HKEX-GL91-18", Kind.SHARES)
    reallocation_cap_shares: int | None = value("HKEX-GL91-18 cap on the public tranche", Kind.SHARES)
    preferential_taken_shares: int | None = value("Preferential shares taken up", Kind.SHARES)
    preferential_returned_shares: int | None = value("Preferential shares not taken up, to the placing", Kind.SHARES)


def regime_for(regime: str | None, ladder: str | None, initial_pct: Decimal | None) -> Regime:
    """The regime as named, or a user ladder (on its own or replacing the named regime's)."""
    base = regime_named(regime) if regime is not None else None
    if ladder is None:
        if base is None:
            raise InputError("give `regime` (pn18, 18c, mechanism-a, mechanism-b) or `ladder` with `total_offer`")
        if initial_pct is not None:
            return base._replace(name=f"{base.name}+initial-pct", initial_pct=initial_pct)
        return base
    rungs = parse_ladder(ladder)
    if base is not None and base.fixed_pct_range is not None:
        raise InputError("mechanism-b has no clawback: `ladder` does not apply")
    start = initial_pct if initial_pct is not None else (base.initial_pct if base else None)
    if start is not None and rungs and rungs[0].public_pct < start:
        raise InputError(f"`ladder` {ladder}: a clawback band takes the public tranche from the initial {start:f}% "
                         f"(`initial_pct`) up, never down; a band of {rungs[0].public_pct:f}% is below it")
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
    max_price: Decimal | None = None,
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
    upsize: int | None = None,
    upsize_to: str | None = None,
    clawback_base: str | None = None,
    reallocate: str | None = None,
    preferential: int | None = None,
    preferential_from: str | None = None,
    preferential_taken: int | None = None,
    currency: str = POOL_CURRENCY,
) -> Computed:
    """Subscription multiple and demand; with `total_offer`, the Hong Kong split and reallocation, pools and cap.

    Computes what the inputs allow: the split of a fixed tranche needs no demand, the
    multiple needs the demand, the success rate needs both application counts.
    """
    assumptions: dict[str, Any] = {
        "multiple": "shares applied for / shares initially offered in the tranche (not minus one)",
    }
    rounded: dict[str, str] = {}
    notes: list[str] = []
    fields: dict[str, Any] = {}
    lot = board_lot or 1
    if price is not None and max_price is not None and price > max_price:
        raise InputError(f"`price` {price:f} is above `max_price` {max_price:f}: the final price is within the range")
    reckoned_at = max_price if max_price is not None else price
    boundary_price = reckoned_at if currency == POOL_CURRENCY else None
    if reckoned_at is not None and boundary_price is None:
        notes.append(f"the HK$5m pool boundary needs a price in HKD; with `currency` {currency} it is not computed")
    if boundary_price is not None:
        fields["pool_boundary_price"] = boundary_price
        assumptions["pool_boundary_shares"] = POOL_BOUNDARY_PRICE
    check_upsize(upsize, upsize_to)
    if upsize is not None and total_offer is not None and mul(upsize, 100) > mul(total_offer, UPSIZE_CAP_PCT):
        raise InputError(f"`upsize` {upsize:,} is more than {UPSIZE_CAP_PCT:f}% of the offer ({total_offer:,}): "
                         f"{DEAL_RULES['upsize'].rule.split(';')[0]}")
    tranche: Tranche | None = None
    base = total_offer
    carved = False
    if total_offer is None:
        for name, given in (("`regime`", regime), ("`ladder`", ladder), ("`initial_pct`", initial_pct),
                            ("`public_pct`", public_pct), ("`upsize`", upsize), ("`clawback_base`", clawback_base),
                            ("`reallocate`", reallocate), ("`preferential`", preferential),
                            ("`preferential_from`", preferential_from), ("`preferential_taken`", preferential_taken)):
            if given is not None:
                raise InputError(f"{name} needs `total_offer` (offer shares initially offered)")
        if offered is None:
            raise InputError("give `offered` (shares initially offered in the tranche), or `total_offer` and `regime`")
    else:
        carved = check_preferential(preferential, preferential_from, preferential_taken)
        base = split_base(total_offer, preferential)
        if carved:
            base = total_offer  # the public % is of the whole offer; the placing gives up the preferential tranche
        tranche = initial_tranche(base, regime_for(regime, ladder, initial_pct), lot, offered, public_pct)
        offered = tranche.initial
        assumptions["public_initial_shares"] = tranche.initial_from
        if preferential is not None:
            assumptions["preferential_shares"] = (
                f"{DEAL_RULES['preferential'].rule}; here from the "
                + ("international offering: the public % is of the whole offer, the placing is the rest less the "
                   "preferential tranche" if carved else "offer before the split: the public % is of the rest")
                + "; public_initial_pct and public_final_pct stay percentages of total_offer")
    demand = (subscription_demand(offered, applied, multiple, rounded)
              if applied is not None or multiple is not None else None)
    if demand is not None:
        if not demand.applied_exact:
            rounded["applied_shares"] = "offered x multiple, rounded half-even to a whole share"
    else:
        if offered <= 0:
            raise InputError("the shares offered must be greater than zero")
        del assumptions["multiple"]  # no demand given: no multiple
    if tranche is not None:
        assert total_offer is not None and base is not None
        fields.update(_allocation_fields(total_offer, base, tranche, lot, applied, demand, boundary_price,
                                         assumptions, rounded, notes))
        fields.update(_deal_fields(total_offer, base, tranche, lot, applied, demand, fields, upsize, upsize_to,
                                   clawback_base, reallocate, preferential, assumptions, rounded, notes))
        if preferential is not None:
            carve_preferential(fields, total_offer, preferential, carved, preferential_taken, assumptions)
        if fields.get("public_final_shares") is not None:
            split = pools(fields["public_final_shares"], offered, lot, boundary_price)
            fields.update(pool_a_shares=split.pool_a, pool_b_shares=split.pool_b)
    else:  # without the total, no reallocation; the cap and the pool boundary need only the initial tranche
        split = pools(offered, offered, lot, boundary_price)
        fields.update(board_lot=board_lot, max_application_shares=split.max_application,
                      pool_boundary_shares=split.boundary_shares)
        assumptions["max_application_shares"] = MAX_APPLICATION_RULE
    intl_base = intl_offered
    if intl_base is None and base is not None:
        intl_base = base - offered - (preferential if carved and preferential is not None else 0)
    if intl_applied is not None or intl_multiple is not None:
        if intl_base is None:
            raise InputError("give `intl_offered` (or `total_offer`) with `intl_applied` or `intl_multiple`")
        intl = subscription_demand(intl_base, intl_applied, intl_multiple, rounded, "intl_multiple")
        fields.update(intl_offered=intl_base, intl_applied_shares=intl.applied, intl_multiple=intl.multiple)
        if intl.multiple < 1 and fields.get("reallocated_to") == "public":
            notes.append(WEAK_PLACING_NOTE)
    elif intl_offered is not None:
        raise InputError("`intl_offered` needs `intl_applied` or `intl_multiple`")
    rate = success_rate(applications, successful, rounded)
    if demand is None and price is not None:
        notes.append("the demand in money needs `applied` or `multiple`")
    result = SubscriptionResult(
        offered=offered, applied_shares=demand.applied if demand else None,
        multiple=demand.multiple if demand else None, price=price,
        demand_amount=mul(demand.applied, price) if price is not None and demand is not None else None,
        applications=applications, successful=successful, success_rate=rate, **fields,
    )
    return Computed(result, assumptions, rounded, tuple(notes))


def _allocation_fields(total: int, base: int, tranche: Tranche, lot: int, applied: int | None,
                       demand: SubscriptionDemand | None, boundary_price: Decimal | None, assumptions: dict[str, Any],
                       rounded: dict[str, str], notes: list[str]) -> dict[str, Any]:
    """The split of ``base`` (the total less any preferential tranche) and its reallocation on the demand."""
    regime = tranche.regime
    initial = tranche.initial
    initial_pct = public_pct_of_total(initial, total, "public_initial_pct", rounded)
    if demand is None:
        split = pools(initial, initial, lot, boundary_price)
        assumptions["regime"] = f"{regime.name}: {regime.title}; {describe_ladder(regime)}; {regime.effective}"
        fixed = not regime.ladder
        if not fixed:
            notes.append("the clawback needs the demand: give `applied` or `multiple` for the final tranches")
        final_pct = initial_pct if fixed else None
        return {
            "total_offer": total, "regime": regime.name, "board_lot": lot,
            "public_initial_shares": initial, "public_initial_pct": initial_pct,
            "public_final_shares": initial if fixed else None, "public_final_pct": final_pct,
            "placing_initial_shares": base - initial, "placing_final_shares": base - initial if fixed else None,
            "reallocated_shares": 0 if fixed else None, "reallocated_to": "none" if fixed else None,
            "band": {"regime": regime.name, "rung": "fixed", "public_pct": format(initial_pct, "f"),
                     "rule": "fixed tranche, no clawback"} if fixed else None,
            "max_application_shares": split.max_application, "pool_boundary_shares": split.boundary_shares,
        }
    allocation = reallocate(base, tranche, lot, applied, demand.applied, demand.multiple)
    final = allocation.public_final
    final_pct = public_pct_of_total(final, total, "public_final_pct", rounded)
    moved = final - initial
    split = pools(final, initial, lot, boundary_price)
    assumptions["regime"] = f"{regime.name}: {regime.title}; {describe_ladder(regime)}; {regime.effective}"
    assumptions["public_final_shares"] = (
        "the band's % of the total offer, rounded up to whole board lots; placing = total - public"
    )
    if allocation.undersubscribed:
        assumptions["undersubscribed"] = UNDERSUBSCRIBED_PRACTICE
    assumptions["pools"] = POOL_RULE
    _uncertainty_notes(regime, allocation.band, demand.multiple, notes)
    return {
        "total_offer": total, "regime": regime.name, "band": allocation.band, "board_lot": lot,
        "public_initial_shares": initial, "public_initial_pct": initial_pct,
        "public_final_shares": final, "public_final_pct": final_pct,
        "placing_initial_shares": base - initial, "placing_final_shares": base - final,
        "reallocated_shares": abs(moved),
        "reallocated_to": "public" if moved > 0 else "placing" if moved < 0 else "none",
        "pool_a_shares": split.pool_a, "pool_b_shares": split.pool_b,
        "max_application_shares": split.max_application, "pool_boundary_shares": split.boundary_shares,
    }


def _uncertainty_notes(regime: Regime, band: dict[str, str], multiple: Decimal, notes: list[str]) -> None:
    """Say on stderr when an uncertain rule decided the answer (never guess silently)."""
    if regime.name == MECHANISM_A.name and Decimal(10) <= multiple < Decimal(15):
        notes.append(f"{multiple:f}x falls between the two readings of Mechanism A's first step: "
                     f"{MECHANISM_A.uncertain} (give it as `ladder`)")
    if regime.name == CHAPTER_18C.name and band.get("rung") == ">=10x":
        notes.append("18C: " + CHAPTER_18C.uncertain)


def _deal_fields(total: int, base: int, tranche: Tranche, lot: int, applied: int | None,
                 demand: SubscriptionDemand | None, fields: dict[str, Any], upsize: int | None, upsize_to: str | None,
                 clawback_base: str | None, reallocation: str | None, preferential: int | None,
                 assumptions: dict[str, Any], rounded: dict[str, str], notes: list[str]) -> dict[str, Any]:
    """The deal around the split: preferential tranche, upsize, clawback base, discretionary reallocation."""
    regime, initial = tranche.regime, tranche.initial
    band = fields.get("band") or {}
    out: dict[str, Any] = {}
    if regime.name in REGIMES:
        assumptions["waivers"] = DEAL_RULES["waivers"].rule
    if preferential is not None:
        out.update(preferential_shares=preferential, split_offer_shares=base)
    if clawback_base is not None:
        if upsize is None:
            raise InputError("`clawback_base` needs `upsize` (it says which offer the clawback % are of)")
        if not regime.ladder:
            raise InputError(f"`clawback_base` is for a clawback regime; {regime.name} has no clawback")
    final = fields.get("public_final_shares")
    split_after = base + (upsize or 0)
    public_add = 0
    if upsize is not None:
        assert upsize_to is not None
        public_add, placing_add = split_upsize(upsize, upsize_to, initial, base, lot)
        out.update(upsize_shares=upsize, upsize_to=upsize_to, upsize_public_shares=public_add,
                   upsize_placing_shares=placing_add, offer_after_upsize=total + upsize)
        assumptions["upsize"] = (f"total_offer is the offer before the upsize; {DEAL_RULES['upsize'].rule}"
                                 + ("; pro rata: upsize x initial public / initial split, rounded up to whole "
                                    "board lots" if upsize_to == "pro-rata" else ""))
        if final is not None:
            basis = clawback_base or "initial"
            if band.get("rung") == "undersubscribed":
                assert demand is not None
                final = min(floor_to_lot(demand.applied, lot), initial + public_add)
            elif regime.ladder and str(band.get("rung", "")).startswith(">=") and basis == "upsized":
                target = ceil_to_lot(percent_of(split_after, Decimal(band["public_pct"])), lot)
                final = min(max(target, initial + public_add), split_after)
            else:
                final = final + public_add
            if regime.ladder:
                assumptions["clawback_base"] = (
                    "the band's % is of the offer after the upsize (clawback_base upsized)" if basis == "upsized"
                    else f"{DEAL_RULES['clawback-base'].rule} (uncertain: {DEAL_RULES['clawback-base'].uncertain})")
                if str(band.get("rung", "")).startswith(">=") and clawback_base is None:
                    notes.append("an upsize met a clawback: the band's % is taken of the offer before the upsize "
                                 "(the reading of 'initially available'); `clawback_base` upsized takes it of the "
                                 "offer after it")
                out["clawback_base"] = basis
    if reallocation is not None:
        final = _discretionary(reallocation, regime, tranche, lot, base, split_after, demand, band, final, out,
                               assumptions, notes)
    if final is not None and (upsize is not None or reallocation is not None):
        moved = final - (initial + public_add)
        rounded.pop("public_final_pct", None)
        pct = public_pct_of_total(final, total, "public_final_pct", rounded)
        out.update(public_final_shares=final, placing_final_shares=split_after - final, public_final_pct=pct,
                   reallocated_shares=abs(moved),
                   reallocated_to="public" if moved > 0 else "placing" if moved < 0 else "none")
        if upsize is not None:
            out["public_final_pct_after_upsize"] = public_pct_of_total(final, total + upsize,
                                                                       "public_final_pct_after_upsize", rounded)
    return out


def _discretionary(reallocation: str, regime: Regime, tranche: Tranche, lot: int, base: int, split_after: int,
                   demand: SubscriptionDemand | None, band: dict[str, str], final: int | None, out: dict[str, Any],
                   assumptions: dict[str, Any], notes: list[str]) -> int:
    """HKEX-GL91-18: placing shares moved to the public tranche below the first clawback step, at most doubling it."""
    if not regime.ladder:
        raise InputError(f"`reallocate` is for a clawback regime below its first step; {regime.name} fixes the "
                         "public tranche")
    if demand is None or final is None:
        raise InputError("`reallocate` needs the demand: give `applied` or `multiple`")
    if band.get("rung") == "undersubscribed":
        raise InfeasibleError("`reallocate`: the public tranche is undersubscribed, there is no demand to meet")
    if band.get("rung") != "initial":
        raise InputError(f"`reallocate` is for demand below the first clawback step; at {demand.multiple:f}x the "
                         f"{band.get('rung')} band applies")
    rule = DEAL_RULES["gl91-18"]
    moved = reallocation_shares(reallocation, base, lot)
    result = check_reallocation(moved, tranche.initial, final, split_after - final, demand.applied)
    out.update(discretionary_shares=moved, reallocation_cap_shares=reallocation_cap(tranche.initial))
    assumptions["reallocate"] = (f"{rule.title}: {rule.rule}; a percentage is of the offer split between the "
                                 f"tranches, rounded up to whole board lots ({rule.sources[0]})")
    notes.append(f"HKEX-GL91-18: {rule.uncertain}")
    return result
