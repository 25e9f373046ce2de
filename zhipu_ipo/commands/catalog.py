"""The deals shipped with the package: `presets` lists them and checks their announced figures."""

from __future__ import annotations

from ..parsers import parse_preset_name
from ..presets import compute_presets
from ..spec import LISTING_OUTPUT, CommandSpec, Opt

PRESETS = CommandSpec(
    name="presets",
    calculate=compute_presets,
    takes_presets=True,
    help="""The deals shipped with the package, for --preset NAME on every command that takes a deal.

\b
Examples:
  zhipu-ipo presets
  zhipu-ipo presets --json | jq -r '.result.presets[].name'
  zhipu-ipo presets --check

--check re-derives every figure of each preset's [announced] section that the
tool computes (gross proceeds, tranches after the clawback, pools, market caps,
the one-lot rate, the greenshoe) at the precision printed, and exits 1 naming
each disagreement.""",
    options=(
        Opt("check", None, "", "Re-derive every [announced] figure of every preset; exit 1 on a disagreement."),
        Opt("preset", parse_preset_name, "NAME", "Only this preset (with --check, or to list one)."),
    ),
    output=LISTING_OUTPUT,
)

SPECS = (PRESETS,)
