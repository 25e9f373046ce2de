"""Deals side by side: `compare` (each deal's report, one column per deal)."""

from __future__ import annotations

from ..compare import compute_compare
from ..parsers import parse_path, parse_preset_name
from ..spec import BRIEF, CSV, CURRENCY, JSON, TSV, WIDE, CommandSpec, Opt

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
    # no --units: the side-by-side table shows each amount in full, with no short form for units to shape
    output=(JSON, CSV, TSV, WIDE, BRIEF, CURRENCY._replace(default=None, deal=(), help="Currency of the amounts, a label: must "
                                              "match each deal's [ipo] currency if it has one.")),
)

SPECS = (COMPARE,)
