"""The command registry: every subcommand's options, help and calculation, as data.

One table feeds every front end: the Typer app (``cli.py`` builds its commands
from it), the lean launcher that runs plain calls without importing Typer
(``launcher.py``), batch mode (JSON Lines whose keys are the option names in
snake_case) and the generated docs. Each spec holds a direct reference to a
small function that imports its calculation module when the command runs, so
start-up does not grow with every subject. Typer-free and cheap to import.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, NamedTuple, Optional

from . import numbers
from .fees import DEFAULT_SCHEDULE, ROUND_EACH, parse_fee_rounding, parse_fee_schedule
from .errors import InputError
from .formatting import parse_currency, parse_units
from .records import DEFAULT_CURRENCY, Computed, Outcome
from .rules import GREENSHOE_CAP_PCT, parse_ladder_text, parse_regime
from .scenario import parse_path, parse_preset_name

INPUTS = "Inputs"
ALLOCATION = "Hong Kong allocation"
STABILISATION = "Stabilisation"
FEES = "Fees"
OUTPUT = "Output"


class Opt(NamedTuple):
    """One option: ``dest`` is the snake_case name (batch key, calculation keyword, JSON input key).

    ``default`` is a parsed value, used when the option is not given (and echoed in the inputs).
    """

    dest: str
    parse: Optional[Callable[[str], Any]]  # None for a boolean flag
    metavar: str
    help: str
    default: Any = None
    panel: str = INPUTS

    @property
    def flag(self) -> str:
        return "--" + self.dest.replace("_", "-")

    @property
    def is_flag(self) -> bool:
        return self.parse is None


JSON = Opt("json", None, "", "Print one JSON object (schema_version 1) instead of a table.", False, OUTPUT)
UNITS = Opt("units", parse_units, "zh|en|plain",
            "Short form of large amounts in tables: zh 億/萬, en bn/m, plain none (default: zh for HKD and CNY, "
            "en otherwise).", None, OUTPUT)
CURRENCY = Opt("currency", parse_currency, "CODE", "Currency of amounts and prices, a label (default HKD).",
               DEFAULT_CURRENCY, OUTPUT)
FX = Opt("fx", numbers.parse_rate, "RATE", "Also show amounts converted at RATE (1 unit of --currency = RATE "
         "units of --to).", None, OUTPUT)
TO = Opt("to", parse_currency, "CODE", "The currency --fx converts to (CNY, USD, ...).", None, OUTPUT)

#: Output options for commands with amounts; commands without them (rules, presets) offer --json only.
MONEY_OUTPUT = (JSON, CURRENCY, UNITS, FX, TO)
LISTING_OUTPUT = (JSON,)
#: Options that shape the output and are not passed to the calculation.
PRESENTATION = frozenset({"json", "units", "fx", "to"})


class CommandSpec(NamedTuple):
    name: str
    help: str
    options: tuple[Opt, ...]
    calculate: Callable[..., Computed]
    output: tuple[Opt, ...] = MONEY_OUTPUT

    @property
    def all_options(self) -> tuple[Opt, ...]:
        return self.options + self.output


# Each calculation is imported when its command runs (a plain import, not at start-up).

def _raise(**values: Any) -> Computed:
    from .calc.offer import compute_raise

    return compute_raise(**values)


def _market_cap(**values: Any) -> Computed:
    from .calc.market import compute_market_cap

    return compute_market_cap(**values)


def _oversubscription(**values: Any) -> Computed:
    from .calc.subscription import compute_oversubscription

    return compute_oversubscription(**values)


def _greenshoe(**values: Any) -> Computed:
    from .calc.greenshoe import compute_greenshoe

    return compute_greenshoe(**values)


def _entry_fee(**values: Any) -> Computed:
    from .calc.fees import compute_entry_fee

    return compute_entry_fee(**values)


def _report(**values: Any) -> Computed:
    from .report import compute_report

    return compute_report(**values)


def _presets(**values: Any) -> Computed:
    from .report import compute_presets

    return compute_presets(**values)


def _rules(**values: Any) -> Computed:
    from .calc.regimes import compute_rules

    return compute_rules(**values)


COMMANDS: dict[str, CommandSpec] = {}


def register(spec: CommandSpec) -> None:
    COMMANDS[spec.name] = spec


register(CommandSpec(
    name="raise",
    calculate=_raise,
    help="""Gross and net proceeds of an offer; or the shares or price for a target.

\b
Examples:
  zhipu-ipo raise --shares 37,419,500 --price 116.20
  zhipu-ipo raise --shares 37,419,500 --price 116.20 --expenses 174.7m --greenshoe 15% --board-lot 100
  zhipu-ipo raise --proceeds 43億 --price 116.20
  zhipu-ipo raise --shares 37,419,500 --price 116.20 --json | jq -r .result.gross_proceeds

Gross proceeds are offer shares x offer price, exactly. With --proceeds and one
of --shares or --price the other is solved for: shares round down to whole
board lots and the remainder is shown.""",
    options=(
        Opt("shares", numbers.parse_shares, "N", "Offer shares (before the greenshoe)."),
        Opt("price", numbers.parse_price, "PRICE", "Offer price per share."),
        Opt("proceeds", numbers.parse_amount, "AMOUNT",
            "Target gross proceeds: solve for the shares (with --price) or the price (with --shares)."),
        Opt("expenses", numbers.parse_amount_or_zero, "AMOUNT", "Listing expenses, for net proceeds."),
        Opt("expenses_pct", numbers.parse_percent, "PCT", "Listing expenses as a percentage of gross proceeds."),
        Opt("greenshoe", numbers.parse_percent, "PCT",
            "Over-allotment option size, e.g. 15%: adds greenshoe shares and proceeds (fully exercised)."),
        Opt("board_lot", numbers.parse_shares, "N",
            "Board lot: greenshoe and solved shares round down to whole lots (default 1)."),
    ),
))

register(CommandSpec(
    name="market-cap",
    calculate=_market_cap,
    help="""Market capitalisation at a price, and its change on the offer price.

\b
Examples:
  zhipu-ipo market-cap --shares 440,230,190 --price 120 --offer-price 116.20
  zhipu-ipo market-cap --market-cap 528.28億 --price 120
  zhipu-ipo market-cap --shares 440,230,190 --price 120 --json | jq -r .result.market_cap

Market cap is all shares in issue (H shares and unlisted shares alike) x price.""",
    options=(
        Opt("shares", numbers.parse_shares, "N", "Total shares in issue (all classes)."),
        Opt("price", numbers.parse_price, "PRICE", "Price per share (trading or offer)."),
        Opt("market_cap", numbers.parse_amount, "AMOUNT", "A market cap: solve for the shares in issue at --price."),
        Opt("offer_price", numbers.parse_price, "PRICE",
            "Offer price: adds the market cap at the offer and the change in percent."),
    ),
))

register(CommandSpec(
    name="oversubscription",
    calculate=_oversubscription,
    help="""Subscription multiple, demand, and the Hong Kong public-tranche reallocation.

\b
Examples:
  zhipu-ipo oversubscription --offered 1,871,000 --multiple 1159.46 --price 116.20
  zhipu-ipo oversubscription --total-offer 37,419,500 --offered 1,871,000 --multiple 1159.46 --regime 18c --board-lot 100
  zhipu-ipo oversubscription --total-offer 400m --applied 1,385,800,000 --regime pn18 --board-lot 1000
  zhipu-ipo oversubscription --total-offer 7,920,000 --regime mechanism-b --public-pct 10 --multiple 7558.40
  zhipu-ipo oversubscription --offered 40,000,000 --applied 1,385,800,000 --json

The multiple is shares applied for / shares initially offered in the public
tranche, as Hong Kong announcements print it ("oversubscribed 1,159.46 times"
means this ratio). A multiple below 1 is an undersubscribed tranche.

With --total-offer and --regime the public tranche is reallocated: the band
is chosen on the exact multiple, its % is of the total offer, rounded up to
whole board lots, and the placing tranche is the rest. An undersubscribed
public tranche ends at the shares applied for. Mechanism A's first step is
taken at 15x (AUX Electric's prospectus); some press reports 10x: pass
--ladder 10:15,50:25,100:35 for that reading. Notes on stderr say when an
uncertain rule decided the answer.""",
    options=(
        Opt("offered", numbers.parse_shares, "N", "Shares initially offered in the tranche."),
        Opt("applied", numbers.parse_count, "N", "Shares validly applied for."),
        Opt("multiple", numbers.parse_multiple, "X", "Subscription multiple as announced (1159.46, 1159.46x, 1159.46倍)."),
        Opt("price", numbers.parse_price, "PRICE", "Offer price: adds the demand in money."),
        Opt("applications", numbers.parse_count, "N", "Valid applications."),
        Opt("successful", numbers.parse_count, "N", "Successful applications: adds the success rate."),
        Opt("total_offer", numbers.parse_shares, "N", "Offer shares initially offered (after any upsize, before the "
            "greenshoe): adds the reallocation, pools and cap.", panel=ALLOCATION),
        Opt("regime", parse_regime, "NAME", "pn18 (to 3 Aug 2025), 18c, mechanism-a or mechanism-b (from 4 Aug 2025); "
            "see 'zhipu-ipo rules'.", panel=ALLOCATION),
        Opt("board_lot", numbers.parse_shares, "N", "Board lot: tranches, pools and caps in whole lots (default 1).",
            panel=ALLOCATION),
        Opt("public_pct", numbers.parse_percent, "PCT", "Mechanism B: the fixed public tranche, 10-60% of the offer.",
            panel=ALLOCATION),
        Opt("ladder", parse_ladder_text, "M:P,...", "Own clawback ladder, e.g. 15:30,50:40,100:50 (multiple at least M "
            "-> P% of the offer); replaces the regime's.", panel=ALLOCATION),
        Opt("initial_pct", numbers.parse_percent, "PCT", "Initial public tranche as % of the offer (with --ladder, or "
            "to override the regime's).", panel=ALLOCATION),
        Opt("intl_offered", numbers.parse_shares, "N", "International (placing) shares offered (default: total - "
            "public initial).", panel=ALLOCATION),
        Opt("intl_applied", numbers.parse_count, "N", "International shares demanded.", panel=ALLOCATION),
        Opt("intl_multiple", numbers.parse_multiple, "X", "International subscription multiple as announced.",
            panel=ALLOCATION),
    ),
))

register(CommandSpec(
    name="greenshoe",
    calculate=_greenshoe,
    help="""Over-allotment (greenshoe) option: its size, proceeds, and how stabilisation used it.

\b
Examples:
  zhipu-ipo greenshoe --shares 37,419,500 --price 116.20 --board-lot 100
  zhipu-ipo greenshoe --shares 7,920,000 --board-lot 100 --price 49.50 --over-allotted 1,180,000 --buyback 59,000
  zhipu-ipo greenshoe --over-allotted 1,779,300 --buyback 1,174,800 --json

The option is --pct of the base offer (shares initially offered), rounded down
to whole board lots. Shares bought in the market during stabilisation reduce
the exercise one for one: exercised = over-allotted - bought back.""",
    options=(
        Opt("shares", numbers.parse_shares, "N", "Base offer shares (initially offered, before the option)."),
        Opt("pct", numbers.parse_percent, "PCT", "Option size as a percentage of the base offer (default 15%).",
            GREENSHOE_CAP_PCT),
        Opt("board_lot", numbers.parse_shares, "N", "Board lot: the option rounds down to whole lots (default 1).", 1),
        Opt("price", numbers.parse_price, "PRICE", "Offer price: adds greenshoe and total proceeds."),
        Opt("over_allotted", numbers.parse_count, "N", "Shares over-allotted (at most the option's size).",
            panel=STABILISATION),
        Opt("buyback", numbers.parse_count, "N", "Shares bought in the market during stabilisation (at most "
            "over-allotted).", panel=STABILISATION),
        Opt("exercised", numbers.parse_count, "N", "Option shares exercised, if known directly.", panel=STABILISATION),
    ),
))

register(CommandSpec(
    name="entry-fee",
    calculate=_entry_fee,
    help="""What one board lot (or N lots) costs to apply for, fee by fee; or the most lots a budget buys.

\b
Examples:
  zhipu-ipo entry-fee --price 116.20 --board-lot 100
  zhipu-ipo entry-fee --price 202.50 --board-lot 100 --lots 10
  zhipu-ipo entry-fee --price 116.20 --board-lot 100 --budget 100k
  zhipu-ipo entry-fee --price 116.20 --board-lot 100 --fee-schedule hkex-2022 --json

Amount payable = shares x price + brokerage 1% + SFC levy 0.0027% + AFRC levy
0.00015% + trading fee 0.00565% (since 1 Jan 2023), each fee rounded to the
cent. Brokers still quoting 1.00785% use the 2022 trading fee of 0.005%
(--fee-schedule hkex-2022). Any rate can be overridden.""",
    options=(
        Opt("price", numbers.parse_price, "PRICE", "Price per share (the offer price, or the top of the price range)."),
        Opt("board_lot", numbers.parse_shares, "N", "Shares per board lot."),
        Opt("lots", numbers.parse_shares, "N", "Number of lots applied for (default 1)."),
        Opt("budget", numbers.parse_amount, "AMOUNT", "A budget: adds the most whole lots it covers, fees included."),
        Opt("fee_schedule", parse_fee_schedule, "NAME", "hkex-2023 (default, from 1 Jan 2023), hkex-2022 or "
            "hkex-2014.", DEFAULT_SCHEDULE, FEES),
        Opt("fee_rounding", parse_fee_rounding, "each|total", "Round each fee to the cent (default, as HKEX "
            "states) or only the total.", ROUND_EACH, FEES),
        Opt("brokerage_pct", numbers.parse_percent_or_zero, "PCT", "Override the brokerage rate (1%).", panel=FEES),
        Opt("sfc_levy_pct", numbers.parse_percent_or_zero, "PCT", "Override the SFC levy (0.0027%).", panel=FEES),
        Opt("afrc_levy_pct", numbers.parse_percent_or_zero, "PCT", "Override the AFRC levy (0.00015%).", panel=FEES),
        Opt("trading_fee_pct", numbers.parse_percent_or_zero, "PCT", "Override the trading fee (0.00565%).",
            panel=FEES),
    ),
))

register(CommandSpec(
    name="report",
    calculate=_report,
    help="""The whole IPO on one screen: proceeds, market cap, subscription, clawback, greenshoe, one lot.

\b
Examples:
  zhipu-ipo report --preset zhipu
  zhipu-ipo report --preset zhipu --price 131.50
  zhipu-ipo report --file scenario.toml --json

A scenario is a TOML file with sections [ipo], [offer], [market], [public],
[international], [greenshoe] and [fees] (see docs/usage.md for the format);
'zhipu-ipo presets' lists the scenarios shipped with the package. --price
sets the trading price for the market cap (default: [market] price).""",
    options=(
        Opt("file", parse_path, "FILE", "A scenario file (TOML)."),
        Opt("preset", parse_preset_name, "NAME", "A scenario shipped with the package: see 'zhipu-ipo presets'."),
        Opt("price", numbers.parse_price, "PRICE", "A trading price for the market cap (overrides [market] price)."),
    ),
    output=(JSON, CURRENCY._replace(default=None, help="Currency of the amounts, a label: must match the "
                                    "scenario's [ipo] currency if it has one (default: that, else HKD)."),
            UNITS, FX, TO),
))

register(CommandSpec(
    name="presets",
    calculate=_presets,
    help="""The scenarios shipped with the package, for 'zhipu-ipo report --preset NAME'.

\b
Examples:
  zhipu-ipo presets
  zhipu-ipo presets --json | jq -r '.result.presets[].name'""",
    options=(),
    output=LISTING_OUTPUT,
))

register(CommandSpec(
    name="rules",
    calculate=_rules,
    help="""The Hong Kong reallocation regimes: initial tranche, clawback ladder, dates, sources.

\b
Examples:
  zhipu-ipo rules
  zhipu-ipo rules --regime 18c
  zhipu-ipo rules --json | jq '.result.regimes[].name'

The same tables drive 'oversubscription --regime'.""",
    options=(Opt("regime", parse_regime, "NAME", "Show one regime (pn18, 18c, mechanism-a, mechanism-b)."),),
    output=LISTING_OUTPUT,
))


def compute(spec: CommandSpec, values: dict[str, Any]) -> Outcome:
    """Run the command's calculation on parsed values: defaults filled, inputs echoed, conversion checked.

    ``values`` maps option names to parsed values (None or absent: not given). The
    one place that fills defaults, so the launcher, the Typer app and batch agree.
    """
    given = {opt.dest: values[opt.dest] if values.get(opt.dest) is not None else opt.default
             for opt in spec.all_options}
    arguments = {name: raw for name, raw in given.items() if raw is not None and name not in PRESENTATION}
    if given.get("units") is not None and given.get("json"):
        raise InputError("--units shapes the table; --json gives exact values without it")
    computed = spec.calculate(**arguments)
    currency = computed.currency or arguments.get("currency") or DEFAULT_CURRENCY
    inputs = {name: format(raw, "f") if type(raw) is Decimal else raw for name, raw in arguments.items()}
    if "currency" in inputs or computed.currency:
        inputs["currency"] = currency
    fx = _conversion(given.get("fx"), given.get("to"), currency)
    if fx is not None:
        inputs.update(fx=format(fx[0], "f"), to=fx[1])
    return Outcome(spec.name, inputs, computed, currency, fx)


def _conversion(rate: Decimal | None, target: str | None, currency: str) -> tuple[Decimal, str] | None:
    if rate is None and target is None:
        return None
    if rate is None or target is None:
        raise InputError("give --fx RATE and --to CURRENCY together (e.g. --fx 0.9264 --to CNY)")
    if target == currency:
        raise InputError(f"--to {target} is already the currency of the amounts")
    return rate, target


def execute(spec: CommandSpec, values: dict[str, Any]) -> None:
    """Compute and print: a table, or JSON with --json. Shared by the Typer app and the launcher."""
    from .render import emit

    outcome = compute(spec, values)
    emit(outcome, as_json=bool(values.get("json")), units=values.get("units"))
