"""The `rules` command: every Hong Kong reallocation regime as a table, with its dates and sources."""

from __future__ import annotations


from ..records import Computed, Kind, record, value
from ..rules import DEAL_RULES, REGIMES, describe_ladder, regime_named

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any


@record
class RulesResult:
    regimes: list | None = value("Regimes", Kind.ROWS)
    deal_rules: list | None = value("Deal structure rules", Kind.ROWS)


def _fixed_range(item: Any) -> dict[str, str] | None:
    if item.fixed_pct_range is None:
        return None
    return {"min": format(item.fixed_pct_range[0], "f"), "max": format(item.fixed_pct_range[1], "f")}


def compute_rules(*, regime: str | None = None) -> Computed:
    """Every reallocation regime (or one): initial share, ladder, dates, basis and sources."""
    chosen = [regime_named(regime)] if regime is not None else list(REGIMES.values())
    rows = [{
        "name": item.name,
        "title": item.title,
        "initial_pct": format(item.initial_pct, "f") if item.initial_pct is not None else None,
        "ladder": [{"min_multiple": format(rung.min_multiple, "f"), "public_pct": format(rung.public_pct, "f")}
                   for rung in item.ladder],
        "fixed_pct_range": _fixed_range(item),
        "summary": describe_ladder(item),
        "effective": item.effective,
        "basis": item.basis,
        "sources": list(item.sources),
        "uncertain": item.uncertain or None,
    } for item in chosen]
    assumptions = {"ladder": "a rung 'M:P' lifts the public tranche to P% of the offer at a multiple of at least M",
                   "pools": "Practice Note 18 para 3.1: pools A (HK$5m or less) and B, split equally"}
    deals = None if regime is not None else [{
        "name": rule.name, "title": rule.title, "rule": rule.rule, "effective": rule.effective,
        "sources": list(rule.sources), "uncertain": rule.uncertain or None,
    } for rule in DEAL_RULES.values()]
    return Computed(RulesResult(regimes=rows, deal_rules=deals), assumptions)
