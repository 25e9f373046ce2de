"""The deal as a whole: `report` (every figure of one deal). `compare` (deals side by side) is its own family,
``commands/comparison.py``, so that a report does not load the comparison's result type."""

from __future__ import annotations

from .. import numbers
from ..report import compute_report
from ..spec import BRIEF, CSV, CURRENCY, DEAL, FX, JSON, TO, TSV, UNITS, WIDE, CommandSpec, Opt

REPORT = CommandSpec(
    name="report",
    calculate=compute_report,
    takes_deal=True,
    help="""The whole deal on one screen: offer, allocation, ballot, greenshoe, first day, float, sale and financing.

\b
Examples:
  zhipu-ipo report --preset zhipu
  zhipu-ipo report --preset minimax --price 131.50
  zhipu-ipo report --file deal.toml --json

A deal is a TOML file with sections [ipo], [offer], [public], [international],
[cornerstone], [float], [greenshoe], [market], [ballot], [fees], [announced],
[sale] and [financing] (every key in docs/deal-file.md); 'zhipu-ipo presets'
lists the deals shipped with the package. Each part of the report is the
command that answers it (raise, market-cap, oversubscription, ballot,
greenshoe, entry-fee, aftermarket, float, sell, margin) on the deal's figures;
a part without its data is left out and named under the assumptions. The sale
and its financing are of one position: [sale] shares (default one lot),
financed as [financing] shares (default: the position sold). --price sets the
trading price for the market cap (default: [market] price). An [offer] price
may be a range, "108.00..116.20": the report is then given at its low, mid
and high, and at the final price when the deal has one.""",
    options=(
        Opt("price", numbers.parse_price, "PRICE", "A trading price for the market cap (overrides [market] price)."),
    ) + DEAL,
    output=(JSON, CSV, TSV, WIDE, BRIEF, CURRENCY._replace(default=None, deal=(), help="Currency of the amounts, a label: must match the "
                                    "deal's [ipo] currency if it has one (default: that, else HKD)."),
            UNITS, FX, TO),
)

SPECS = (REPORT,)
