"""Gross spread: the underwriting commission as Hong Kong prospectuses state it, in money, and net proceeds.

A Hong Kong prospectus states a fixed underwriting commission as a percentage of the gross
proceeds of the offer, and an incentive fee of up to a further percentage payable at the
issuer's sole discretion. CATL (3750, May 2025): a fixed 0.2% plus up to 0.6% discretionary.
``raise`` with ``commission_pct`` and ``incentive_pct`` uses this module; the fees come off the gross
proceeds beside ``expenses`` (then read as the other listing expenses).
"""

from __future__ import annotations

from decimal import Decimal

from ..errors import InfeasibleError
from ..numbers import CENT, ZERO, add, percent_of, sub

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any


def _money(amount: Decimal) -> Decimal:
    """The same amount without zeros past the cent (71314343.600 -> 71314343.60); never rounded."""
    cents = amount.quantize(CENT)
    return cents if cents == amount else amount

UNDERWRITING_PRACTICE = (
    "Hong Kong prospectuses state a fixed underwriting commission (% of gross proceeds) plus a discretionary "
    "incentive fee of up to a further %, e.g. CATL 3750: 0.2% fixed and up to 0.6% discretionary "
    "(https://www.itiger.com/news/2535959770, https://www.asianfin.com/news/126735)"
)


def underwriting_fees(gross: Decimal, commission_pct: Decimal | None, incentive_pct: Decimal | None,
                      expenses: Decimal | None, assumptions: dict[str, Any]) -> dict[str, Any]:
    """The commission, the incentive fee, their total and the net proceeds after them and any other expenses."""
    commission = _money(percent_of(gross, commission_pct)) if commission_pct is not None else None
    incentive = _money(percent_of(gross, incentive_pct)) if incentive_pct is not None else None
    fees = add(commission or ZERO, incentive or ZERO)
    other = expenses or ZERO
    if add(fees, other) > gross:
        raise InfeasibleError(f"underwriting fees {fees:f} and expenses {other:f} exceed the gross proceeds {gross:f}")
    assumptions["underwriting_fees"] = (
        "commission % and incentive % of the gross proceeds of the offer shares (before the greenshoe; the same "
        f"rates apply to greenshoe shares when exercised), exact; {UNDERWRITING_PRACTICE}"
    )
    if incentive is not None:
        assumptions["incentive_fee"] = "the discretionary incentive fee taken as paid in full"
    assumptions["net_proceeds"] = (
        "gross proceeds less underwriting fees (commission and incentive)"
        + (" less the other listing expenses given" if expenses is not None else "")
    )
    return {
        "commission_pct": commission_pct, "underwriting_commission": commission,
        "incentive_pct": incentive_pct, "incentive_fee": incentive, "underwriting_fees": fees,
        "gross_spread_pct": add(commission_pct or ZERO, incentive_pct or ZERO),
        "net_proceeds": sub(sub(gross, fees), other),
    }
