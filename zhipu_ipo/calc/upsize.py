"""Deal structure around the split: the offer size adjustment (upsize), a preferential tranche, and the
discretionary placing-to-public reallocation of HKEX-GL91-18.

The arithmetic, as the 2025 announcements show it (sources in ``rules.DEAL_RULES``):

- an upsize adds shares at the offer price before the results; they go all to the
  placing (Sany 6031), all to the public tranche, or pro rata to the initial split
  (Seres 9927: 10% of 8,419,000 = 841,900 to the public tranche);
- the pro-rata public share is upsize x initial public / base split, rounded **up** to
  whole board lots like the tranche itself; the placing takes the rest;
- a preferential (or employee) tranche comes out of the offer before the split, or out of the
  international offering (the public % then of the whole offer); shares not taken up go to the placing;
- a discretionary reallocation below the first clawback step may at most double the
  initial public tranche (HKEX-GL91-18).
"""

from __future__ import annotations

from decimal import Decimal

from ..tuples import named_tuple
from ..errors import InfeasibleError, InputError
from ..numbers import ceil_to_lot, percent_of
from ..rules import REALLOCATION_CAP_MULTIPLE

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any


class UpsizeSplit(named_tuple("UpsizeSplit", "public placing")):
    __slots__ = ()
    public: int  # upsize shares added to the public tranche
    placing: int  # upsize shares added to the placing tranche


def split_upsize(upsize: int, to: str, initial_public: int, split_base: int, lot: int) -> UpsizeSplit:
    """Where the upsize shares go: all to one tranche, or pro rata to the initial split (public up to lots)."""
    if to == "placing":
        return UpsizeSplit(0, upsize)
    if to == "public":
        return UpsizeSplit(upsize, 0)
    # pro rata: ceil(upsize x initial / base) in whole lots, computed on integers (exact)
    lots_needed = -((-upsize * initial_public) // (split_base * lot))
    public = min(lots_needed * lot, upsize)
    return UpsizeSplit(public, upsize - public)


def check_upsize(upsize: int | None, upsize_to: str | None) -> None:
    """`upsize` and `upsize_to` come together: where the shares go is not guessed."""
    if upsize is not None and upsize_to is None:
        raise InputError("`upsize` needs `upsize_to` placing|pro-rata|public (where the upsize shares go)")
    if upsize_to is not None and upsize is None:
        raise InputError("`upsize_to` needs `upsize` N (the shares added by the offer size adjustment option)")


def split_base(total: int, preferential: int | None) -> int:
    """The offer the public/placing split applies to: the total less any preferential tranche."""
    if preferential is None:
        return total
    if preferential >= total:
        raise InputError(f"`preferential` {preferential:,} must be less than the total offer ({total:,})")
    return total - preferential


def check_preferential(preferential: int | None, source: str | None, taken: int | None) -> bool:
    """Whether the preferential tranche is carved out of the international offering; its options checked."""
    for name, given in (("preferential_from", source), ("preferential_taken", taken)):
        if given is not None and preferential is None:
            raise InputError(f"`{name}` needs `preferential` (the preferential or employee tranche's shares)")
    if taken is not None and preferential is not None and taken > preferential:
        raise InputError(f"`preferential_taken` {taken:,} is more than the preferential tranche ({preferential:,})")
    return source == "international"


def carve_preferential(fields: dict[str, Any], total: int, preferential: int, carved: bool, taken: int | None,
                        assumptions: dict[str, Any]) -> None:
    """The placing less a tranche carved out of it; preferential shares not taken up go back to the placing."""
    returned = preferential - taken if taken is not None else 0
    fields["split_offer_shares"] = total - preferential
    for key, back in (("placing_initial_shares", 0), ("placing_final_shares", returned)):
        if fields.get(key) is not None:
            fields[key] = fields[key] - (preferential if carved else 0) + back
            if fields[key] < 0:
                raise InfeasibleError(f"`preferential` {preferential:,} is more than the international offering "
                                      f"it is carved out of ({fields[key] + preferential:,})")
    if taken is not None:
        fields.update(preferential_taken_shares=taken, preferential_returned_shares=returned)
        assumptions["preferential_taken_shares"] = ("preferential shares not taken up go back to the international "
                                                    "offering: placing_final_shares includes them")


def reallocation_shares(text: str, split_total: int, lot: int) -> int:
    """``reallocate``: N shares as given, or P% of the offer rounded up to whole lots."""
    if text.endswith("%"):
        return ceil_to_lot(percent_of(split_total, Decimal(text[:-1])), lot)
    shares = int(text)
    if shares % lot:
        raise InputError(f"`reallocate` {shares:,} is not whole board lots of {lot:,}")
    return shares


def reallocation_cap(initial_public: int) -> int:
    """HKEX-GL91-18: the public tranche after a discretionary reallocation is at most double the initial one."""
    return int(REALLOCATION_CAP_MULTIPLE * initial_public)


def check_reallocation(moved: int, initial_public: int, current_public: int, placing: int, applied: int) -> int:
    """The public tranche after moving ``moved`` placing shares to it; refused beyond the cap or the demand."""
    final = current_public + moved
    cap = reallocation_cap(initial_public)
    if final > cap:
        raise InfeasibleError(f"`reallocate` {moved:,} makes the public tranche {final:,}, above the HKEX-GL91-18 "
                              f"cap of double the initial {initial_public:,} ({cap:,})")
    if moved > placing:
        raise InfeasibleError(f"`reallocate` {moved:,} is more than the placing tranche ({placing:,})")
    if final > applied:
        raise InfeasibleError(f"`reallocate` {moved:,} makes the public tranche {final:,}, more than the "
                              f"{applied:,} shares applied for")
    return final
