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
    #: An upsize (offer size adjustment) is in the gross proceeds: offer shares x price + upsize shares x price.
    upsize_shares: int | None = value("Upsize shares, in the gross proceeds", Kind.SHARES)
    offer_after_upsize: int | None = value("Offer shares after the upsize", Kind.SHARES)


@record
class CompareResult:
    deals: tuple[CompareRow, ...] | None = value("Deals side by side", Kind.COLUMNS)


def _row(deal: Deal, currency: str | None) -> tuple[CompareRow, Computed, dict[str, str]]:
    """A deal's row, its report, and how each rounded figure of the row was rounded (as ``deals.<field>``)."""
    report = compute_report(deal=deal, currency=currency)
    result: Any = report.result
    prefix = ""
    if hasattr(result, "scenarios"):  # a price range: the final price's row, else the range's top
        result = next((row for row in result.scenarios if row.scenario == "final"), result.scenarios[-1])
        prefix = "scenarios."  # the report names a scenario's rounding by its table: scenarios.<field>
    figures = {name: getattr(result, name, None) for name in CompareRow.__dataclass_fields__ if name != "deal"}
    rounded = {f"deals.{key.removeprefix(prefix)}": how for key, how in report.rounded.items()
               if key.startswith(prefix) and key.removeprefix(prefix) in figures
               and figures[key.removeprefix(prefix)] is not None}
    return CompareRow(deal=deal.origin.removeprefix("preset "), **figures), report, rounded


def compute_compare(*, deals: list[Deal], currency: str | None = None) -> Computed:
    """The deals side by side: offer, proceeds, multiples, clawback, one-lot rate, first day, market cap."""
    if not MIN_DEALS <= len(deals) <= MAX_DEALS:
        raise InputError(f"give {MIN_DEALS} to {MAX_DEALS} deals (`preset` or `file`, each repeatable); got {len(deals)}")
    rows, reports, roundings = zip(*(_row(deal, currency) for deal in deals))
    currencies = {report.currency for report in reports}
    if len(currencies) > 1:
        raise InputError(f"the deals are in different currencies ({', '.join(sorted(currencies))}): amounts would not "
                         "compare")
    rounded = {key: how for rounding in roundings for key, how in rounding.items()}
    assumptions = {"figures": "each deal's figures are its report's ('zhipu-ipo report'); a price range is shown at "
                              "its final price (or its top); a blank is a figure the deal does not hold",
                   "deals": "; ".join(deal.origin for deal in deals)}
    # one note per deal, naming it once: a price range's report has a note per scenario, each kept once
    notes = tuple(f"{row.deal}: {'; '.join(dict.fromkeys(report.notes))}" for row, report in zip(rows, reports)
                  if report.notes)
    return Computed(CompareResult(deals=tuple(rows)), assumptions, rounded, notes,
                    currency=next(iter(currencies)))
