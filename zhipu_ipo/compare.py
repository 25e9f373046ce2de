"""`compare`: two or more deals side by side, each figure from the report of its deal.

A row is shown when any of the deals holds it; a deal that does not is left blank
there. The figures are the report's own (``report.py``), so `compare` and
`report --preset X` cannot disagree.
"""

from __future__ import annotations

from decimal import Decimal

from .deal import Deal
from .errors import InputError
from .records import Computed, Kind, record, value
from .report import compute_report

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: At least two deals, and no more than a table a person reads.
MIN_DEALS, MAX_DEALS = 2, 12


@record
class CompareRow:
    deal: str | None = value("Deal", Kind.TEXT)
    name: str | None = value("Company", Kind.TEXT)
    code: str | None = value("Stock code", Kind.TEXT)
    listing_date: str | None = value("Listing date", Kind.TEXT)
    regime: str | None = value("Regime", Kind.TEXT)
    offer_shares: int | None = value("Offer shares", Kind.SHARES)
    offer_price: Decimal | None = value("Offer price", Kind.PRICE)
    gross_proceeds: Decimal | None = value("Gross proceeds", Kind.MONEY)
    public_multiple: Decimal | None = value("Public offer multiple", Kind.MULTIPLE)
    intl_multiple: Decimal | None = value("International multiple", Kind.MULTIPLE)
    public_final_shares: int | None = value("Public tranche, final", Kind.SHARES)
    public_final_pct: Decimal | None = value("Public tranche, final, % of offer", Kind.PERCENT)
    one_lot_rate: Decimal | None = value("One-lot rate, pool A", Kind.PERCENT)
    one_lot_amount_payable: Decimal | None = value("One lot, amount payable", Kind.MONEY)
    sure_lot_shares: int | None = value("Smallest application sure of a lot", Kind.SHARES)
    first_day_return_pct: Decimal | None = value("First-day return", Kind.CHANGE)
    money_left_on_table: Decimal | None = value("Money left on the table", Kind.MONEY)
    market_cap_at_offer: Decimal | None = value("Market cap at the offer price", Kind.MONEY)
    market_cap: Decimal | None = value("Market cap at the trading price", Kind.MONEY)


@record
class CompareResult:
    deals: tuple[CompareRow, ...] | None = value("Deals side by side", Kind.COLUMNS)


def _row(deal: Deal, currency: str | None) -> tuple[CompareRow, Computed]:
    report = compute_report(deal=deal, currency=currency)
    result: Any = report.result
    if hasattr(result, "scenarios"):  # a price range: the final price's row, else the range's top
        result = next((row for row in result.scenarios if row.scenario == "final"), result.scenarios[-1])
    figures = {name: getattr(result, name, None) for name in CompareRow.__dataclass_fields__ if name != "deal"}
    return CompareRow(deal=deal.origin.removeprefix("preset "), **figures), report


def compute_compare(*, deals: list[Deal], currency: str | None = None) -> Computed:
    """The deals side by side: offer, proceeds, multiples, clawback, one-lot rate, first day, market cap."""
    if not MIN_DEALS <= len(deals) <= MAX_DEALS:
        raise InputError(f"give {MIN_DEALS} to {MAX_DEALS} deals (`preset` or `file`, each repeatable); got {len(deals)}")
    rows, reports = zip(*(_row(deal, currency) for deal in deals))
    currencies = {report.currency for report in reports}
    if len(currencies) > 1:
        raise InputError(f"the deals are in different currencies ({', '.join(sorted(currencies))}): amounts would not "
                         "compare")
    rounded = {f"deals.{key}": how for report in reports for key, how in report.rounded.items()
               if key in CompareRow.__dataclass_fields__}
    assumptions = {"figures": "each deal's figures are its report's ('zhipu-ipo report'); a price range is shown at "
                              "its final price (or its top); a blank is a figure the deal does not hold",
                   "deals": "; ".join(deal.origin for deal in deals)}
    return Computed(CompareResult(deals=tuple(rows)), assumptions, rounded,
                    tuple(note for report in reports for note in report.notes), currency=next(iter(currencies)))
