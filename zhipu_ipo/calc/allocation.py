"""Hong Kong public-tranche reallocation (clawback), pools and the application cap.

The arithmetic announcements use (see docs/hk-rules.md):

- the multiple is shares applied for / the *initial* public tranche, and the
  ladder compares that exact multiple (or the multiple as given);
- a rung's percentage is of the offer shares initially offered (``total``),
  and the public tranche is rounded **up** to whole board lots; the placing
  tranche is the rest, so the two always add up to ``total``;
- an undersubscribed public tranche ends at the shares applied for (whole
  lots, down) and the rest moves to the placing tranche;
- the final public tranche splits into pools A and B in whole lots (pool A
  takes an odd lot, as published allotment tables show); one application may
  be for at most half the initial tranche (whole lots, down).
"""

from __future__ import annotations

from decimal import Decimal

from ..tuples import named_tuple
from ..errors import InputError
from ..numbers import ceil_to_lot, floor_divide, floor_to_lot, mul, percent_of, quotient
from ..rules import POOL_BOUNDARY, Regime, Rung


class Tranche(named_tuple("Tranche", "regime initial initial_from")):
    __slots__ = ()
    regime: Regime
    initial: int
    initial_from: str  # how the initial tranche was set


def initial_tranche(
    total: int, regime: Regime, lot: int, offered: int | None, public_pct: Decimal | None
) -> Tranche:
    """The initial public tranche: as given, else the regime's (or Mechanism B's chosen) % of total, up to lots."""
    if offered is not None and offered > total:
        raise InputError(f"the public tranche ({offered:,}) exceeds the total offer ({total:,})")
    if lot > total:
        raise InputError(f"the board lot ({lot:,}) exceeds the total offer ({total:,})")
    if regime.fixed_pct_range is not None:
        low, high = regime.fixed_pct_range
        if public_pct is None and offered is None:
            raise InputError("mechanism-b needs the fixed public tranche: give `public_pct` (10-60) or `offered`")
        if public_pct is not None:
            if not low <= public_pct <= high:
                raise InputError(f"mechanism-b fixes the public tranche between {low:f}% and {high:f}% (got {public_pct:f}%)")
            expected = min(ceil_to_lot(percent_of(total, public_pct), lot), total)
            if offered is None:
                return Tranche(regime, expected, f"{public_pct:f}% of the total offer, rounded up to whole board lots")
            if offered != expected:
                raise InputError(f"`offered` {offered:,} is not {public_pct:f}% of {total:,} in whole lots "
                                 f"({expected:,}): give one of them")
        assert offered is not None
        return Tranche(regime, offered, "as given (offered)")
    if public_pct is not None:
        raise InputError("`public_pct` is for mechanism-b; a clawback regime starts at its initial percentage")
    if offered is not None:
        return Tranche(regime, offered, "as given (offered)")
    if regime.initial_pct is None:
        raise InputError("give `initial_pct` or `offered` for the initial public tranche")
    return Tranche(regime, min(ceil_to_lot(percent_of(total, regime.initial_pct), lot), total),
                   f"{regime.initial_pct:f}% of the total offer, rounded up to whole board lots")


def reaches(rung: Rung, initial: int, applied: int | None, multiple: Decimal) -> bool:
    """Whether demand reaches a rung, compared exactly: applied >= k x initial, or the multiple as given."""
    if applied is not None:
        return applied >= mul(rung.min_multiple, initial)
    return multiple >= rung.min_multiple


class Allocation(named_tuple("Allocation", "public_final band undersubscribed")):
    __slots__ = ()
    public_final: int
    band: dict[str, str]
    undersubscribed: bool


def reallocate(
    total: int, tranche: Tranche, lot: int, applied_exact: int | None, applied: int, multiple: Decimal
) -> Allocation:
    """The final public tranche after the regime's clawback (or the undersubscription rule)."""
    regime, initial = tranche.regime, tranche.initial
    fully_subscribed = applied_exact >= initial if applied_exact is not None else multiple >= 1
    if not fully_subscribed:
        final = floor_to_lot(applied, lot)
        band = {"regime": regime.name, "rung": "undersubscribed",
                "rule": "public tranche ends at the shares applied for; the rest moves to the placing tranche"}
        return Allocation(min(final, initial), band, True)
    if not regime.ladder:
        pct = public_pct_of_total(initial, total, "public_pct", {})  # shown in the band, as text
        band = {"regime": regime.name, "rung": "fixed", "public_pct": format(pct, "f"),
                "rule": "fixed tranche, no clawback"}
        return Allocation(initial, band, False)
    for rung in reversed(regime.ladder):  # the highest step the demand reaches (a ladder rises)
        if reaches(rung, initial, applied_exact, multiple):
            break
    else:
        band = {"regime": regime.name, "rung": "initial", "public_pct": _pct_text(regime.initial_pct),
                "rule": "below the first clawback step"}
        return Allocation(initial, band, False)
    target = ceil_to_lot(percent_of(total, rung.public_pct), lot)
    final = min(max(initial, target), total)
    return Allocation(final, {"regime": regime.name, **_rung_texts(rung), "rule": regime.basis}, False)


def _rung_texts(rung: Rung) -> dict[str, str]:
    """A step's words in a band: ``rung``, ``min_multiple``, ``public_pct`` (made once per step while in use)."""
    texts = _RUNG_TEXTS.get(rung)
    if texts is None:
        if len(_RUNG_TEXTS) >= 256:
            _RUNG_TEXTS.clear()
        texts = _RUNG_TEXTS[rung] = {"rung": f">={rung.min_multiple:f}x", "min_multiple": format(rung.min_multiple, "f"),
                                     "public_pct": format(rung.public_pct, "f")}
    return texts


_RUNG_TEXTS: dict[Rung, dict[str, str]] = {}


def _pct_text(pct: Decimal | None) -> str:
    return format(pct, "f") if pct is not None else "fixed"


def pool_boundary(price: Decimal, lot: int) -> int:
    """The largest application, in whole lots, worth HK$5m or less at ``price`` (the maximum offer price).

    The one statement of the boundary (``rules.POOL_BOUNDARY``, ``rules.POOL_RULE``); exact: an
    integer division in the ``EXACT`` context.
    """
    key = (price, lot)  # by value: the boundary is a whole number of shares, the same for equal prices
    found = _BOUNDARIES.get(key)
    if found is None:
        if len(_BOUNDARIES) >= 1024:
            _BOUNDARIES.clear()
        found = _BOUNDARIES[key] = floor_divide(POOL_BOUNDARY, mul(price, lot)) * lot
    return found


#: ``pool_boundary`` by price and lot: an allocation asks for it once per pool split.
_BOUNDARIES: dict[tuple[Decimal, int], int] = {}


def split_pools(public: int, lot: int) -> tuple[int, int]:
    """Pools A and B of a public tranche: equal halves in whole lots, the odd lot to pool A (``rules.POOL_RULE``)."""
    pool_b = (floor_divide(public, lot) // 2) * lot
    return public - pool_b, pool_b


class Pools(named_tuple("Pools", "pool_a pool_b max_application boundary_shares")):
    __slots__ = ()
    pool_a: int
    pool_b: int
    max_application: int
    boundary_shares: int | None


def pools(public_final: int, public_initial: int, lot: int, price: Decimal | None) -> Pools:
    """Pools A and B (whole lots, A takes an odd lot), the single-application cap and the HK$5m boundary.

    ``price`` is the price the HK$5m boundary is reckoned at: the maximum offer price, as announcements do.
    """
    asked = (public_final, public_initial, lot, price)
    found = _POOLS.get(asked)  # an allocation asks again for the split it just made
    if found is None:
        pool_a, pool_b = split_pools(public_final, lot)
        max_application = floor_divide(public_initial, 2 * lot) * lot
        boundary = pool_boundary(price, lot) if price is not None else None
        if len(_POOLS) >= 64:
            _POOLS.clear()
        found = _POOLS[asked] = Pools(pool_a, pool_b, max_application, boundary)
    return found


#: The splits ``pools`` made lately, by what it was asked (by value: equal prices give the same split).
_POOLS: dict[tuple[int, int, int, Decimal | None], Pools] = {}


def public_pct_of_total(public: int, total: int, name: str, rounded: dict[str, str]) -> Decimal:
    """The public tranche as a % of the total offer (``rounded[name]`` says when it does not terminate)."""
    return quotient(public * 100, total, name, rounded)

