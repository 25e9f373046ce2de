"""`presets`: the deals shipped with the package, what each holds, and a check of their announced figures.

``--check`` re-derives each figure of a preset's ``[announced]`` section with the
report (the same calculations every command runs) and compares it at the
precision printed: "5.00" is checked to the hundredth, "4.35bn" to the ten
million, "528.28億" to the million. A disagreement is the tool or the preset
being wrong; both are worth knowing.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from .deal import Deal
from .errors import InfeasibleError
from .numbers import EXACT, ROUNDING
from .records import Computed, Kind, record, value

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Mapping

_MANTISSA = re.compile(r"\d[\d,]*(?:\.\d+)?")


@record
class PresetRow:
    name: str | None = value("Preset", Kind.TEXT)
    company: str | None = value("Company", Kind.TEXT)
    code: str | None = value("Code", Kind.TEXT, brief=True)
    listing_date: str | None = value("Listed", Kind.TEXT, brief=True)
    holds: str | None = value("Holds", Kind.TEXT, brief=True)
    sources: list | None = value("Sources", Kind.ROWS)


@record
class PresetsResult:
    presets: tuple[PresetRow, ...] | None = value("Deals shipped with the package", Kind.TABLE)
    checked_figures: int | None = value("Announced figures re-derived", Kind.COUNT)
    unchecked_figures: str | None = value("Announced, but not derivable from the deal", Kind.TEXT)


def holds(deal: Deal) -> str:
    """What a deal holds, in the words of the report's parts."""
    found = ["offer"] if deal.get("offer.shares") is not None else []
    checks = (("range", deal.price_range is not None), ("allocation", bool(deal.section("public"))),
              ("ballot", deal.get("ballot.table") is not None), ("greenshoe", bool(deal.section("greenshoe"))),
              ("first day", deal.get("market.close") is not None or deal.get("market.open") is not None),
              ("float", bool(deal.section("float") or deal.section("cornerstone"))))
    return ", ".join(found + [name for name, present in checks if present])


def precision(text: str, parsed: Decimal) -> Decimal:
    """The quantum a printed figure was rounded to: 5.00 -> 0.01, 4.35bn -> 10,000,000, 528.28億 -> 1,000,000."""
    match = _MANTISSA.search(text.replace("，", ","))
    if match is None:
        return Decimal(1)
    mantissa = Decimal(match.group().replace(",", ""))
    scale = EXACT.divide(abs(parsed), mantissa) if mantissa else Decimal(1)
    quantum = EXACT.multiply(scale, Decimal(1).scaleb(mantissa.as_tuple().exponent))  # type: ignore[arg-type]
    return Decimal(1).scaleb(quantum.adjusted())


def disagreements(deal: Deal, announced_text: Mapping[str, str], unchecked: list[str]) -> tuple[int, list[str]]:
    """How many [announced] figures were checked, and each one the report does not reproduce; a figure the deal
    holds too little to derive is added to ``unchecked``."""
    from .report import compute_report

    report = compute_report(deal=deal)
    result: Any = report.result
    if hasattr(result, "scenarios"):  # a price range: the row at the final price
        finals = [row for row in result.scenarios if row.scenario == "final"]
        result = finals[0] if finals else None
    wrong: list[str] = []
    checked = 0
    for key, stated in deal.section("announced").items():
        computed = getattr(result, key, None) if result is not None else None
        if computed is None:
            unchecked.append(f"{deal.origin.removeprefix('preset ')} {key}")
            continue
        checked += 1
        quantum = precision(announced_text.get(key, format(stated, "f")), stated)
        rounded = Decimal(computed).quantize(quantum, rounding=ROUND_HALF_UP, context=ROUNDING)
        if rounded != stated:
            wrong.append(f"{deal.origin}: [announced] {key} = {announced_text.get(key, format(stated, 'f'))}, "
                         f"the tool gives {Decimal(computed):f}")
    return checked, wrong


def compute_presets(*, deals: list[Deal], check: bool = False) -> Computed:
    """The deals shipped with the package; with ``check``, every [announced] figure re-derived (exit 1 on one wrong)."""
    rows = []
    checked = 0
    wrong: list[str] = []
    unchecked: list[str] = []
    for deal in deals:
        rows.append(PresetRow(name=deal.origin.removeprefix("preset "), company=deal.name, code=deal.code,
                              listing_date=deal.get("ipo.listing_date"), holds=holds(deal),
                              sources=list(deal.get("ipo.sources") or [])))
        if check:
            count, found = disagreements(deal, deal.announced_text, unchecked)
            checked += count
            wrong.extend(found)
    if wrong:
        raise InfeasibleError(f"{len(wrong)} announced figure(s) not reproduced: " + "; ".join(wrong))
    assumptions = {"usage": "--preset NAME on any command that takes a deal; zhipu-ipo report --preset NAME for all of it"}
    if check:
        assumptions["check"] = ("each [announced] figure re-derived by the report and compared at the precision "
                                "printed (half up)")
    return Computed(PresetsResult(presets=tuple(rows), checked_figures=checked if check else None,
                                  unchecked_figures=", ".join(unchecked) if unchecked else None), assumptions)
