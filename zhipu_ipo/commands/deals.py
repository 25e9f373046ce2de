"""The deal as a whole: `report` (every figure of one deal) and `compare` (deals side by side)."""

from __future__ import annotations

from .. import numbers
from ..compare import compute_compare
from ..parsers import parse_path, parse_preset_name
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



COMPARE = CommandSpec(
    name="compare",
    calculate=compute_compare,
    takes_deals=True,
    help="""Two or more deals side by side: offer, proceeds, multiples, clawback, one-lot rate, first day, market cap.

\b
Examples:
  zhipu-ipo compare --preset zhipu --preset minimax
  zhipu-ipo compare --preset zhipu --file deal.toml --json
  zhipu-ipo compare --preset delton --preset befar --preset omnivision --csv

One column per deal; a row is shown when any of the deals holds it, and a blank
is a figure that deal does not hold. Every figure is the deal's report
('zhipu-ipo report --preset NAME'); a price range is shown at its final price.
--preset and --file may each be given more than once (presets first, then files);
two to twelve deals in all.""",
    options=(
        Opt("preset", parse_preset_name, "NAME", "A deal shipped with the package (repeatable).", repeat=True),
        Opt("file", parse_path, "FILE", "A deal file (TOML, repeatable).", repeat=True),
    ),
    output=(JSON, CSV, TSV, WIDE, BRIEF, CURRENCY._replace(default=None, deal=(), help="Currency of the amounts, a label: must "
                                              "match each deal's [ipo] currency if it has one."), UNITS),
)

SPECS = (REPORT, COMPARE)
