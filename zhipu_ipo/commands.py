"""The command registry: every subcommand's options, help and calculation, as data.

One table serves three front ends: the Typer app (``cli.py`` builds its
commands from it), the lean launcher that runs well-formed calls without
importing Typer (``launcher.py``), and batch mode (JSON Lines whose keys are the
option names in snake_case). Typer-free and cheap to import.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable, NamedTuple, Optional

from . import numbers
from .errors import InputError
from .formatting import UNIT_STYLES

INPUTS = "Inputs"
ALLOCATION = "Hong Kong allocation"
STABILISATION = "Stabilisation"
FEES = "Fees"
OUTPUT = "Output"


def parse_currency(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise InputError(f"{text!r} is not a three-letter currency code (HKD, CNY, USD)")
    return code


def parse_units(text: str) -> str:
    style = text.strip().lower()
    if style not in UNIT_STYLES:
        raise InputError(f"{text!r} is not one of {', '.join(UNIT_STYLES)}")
    return style


def parse_fee_schedule(text: str) -> str:
    from .fees import schedule_named

    return schedule_named(text).name


def parse_fee_rounding(text: str) -> str:
    choice = text.strip().lower()
    if choice not in ("each", "total"):
        raise InputError(f"{text!r} is not 'each' or 'total'")
    return choice


def parse_path(text: str) -> str:
    if not text.strip():
        raise InputError("empty file name")
    return text


def parse_name(text: str) -> str:
    name = text.strip().lower()
    if not name or not name.replace("-", "").replace("_", "").isalnum():
        raise InputError(f"{text!r} is not a preset name")
    return name


def parse_regime(text: str) -> str:
    from .rules import regime_named

    return regime_named(text).name


def parse_ladder_text(text: str) -> str:
    """Validate a ladder; keep its canonical text (``15:30,50:40,100:50``)."""
    from .rules import parse_ladder

    return ",".join(f"{rung.min_multiple:f}:{rung.public_pct:f}" for rung in parse_ladder(text))


class Opt(NamedTuple):
    """One option: ``dest`` is the snake_case name (batch key, calculation keyword)."""

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


_CALCULATIONS: dict[str, Callable[..., Any]] = {}


class CommandSpec(NamedTuple):
    name: str
    help: str
    options: tuple[Opt, ...]
    compute: str  # "module:function" under zhipu_ipo, imported only when run

    @property
    def all_options(self) -> tuple[Opt, ...]:
        return self.options + OUTPUT_OPTIONS

    def calculation(self) -> Callable[..., Any]:
        found = _CALCULATIONS.get(self.compute)
        if found is None:
            module, function = self.compute.split(":")
            found = _CALCULATIONS[self.compute] = getattr(import_module(f"zhipu_ipo.{module}"), function)
        return found


OUTPUT_OPTIONS = (
    Opt("json", None, "", "Print one JSON object (schema_version 1) instead of a table.", False, OUTPUT),
    Opt("currency", parse_currency, "CODE", "Currency of amounts and prices (default HKD).", "HKD", OUTPUT),
    Opt("units", parse_units, "zh|en|plain",
        "Short form of large amounts in tables: zh 億/萬, en bn/m, plain none (default: zh for HKD and CNY, "
        "en otherwise).", None, OUTPUT),
    Opt("fx", numbers.parse_rate, "RATE", "Also show amounts converted at RATE (1 unit of --currency = RATE "
        "units of --to).", None, OUTPUT),
    Opt("to", parse_currency, "CODE", "The currency --fx converts to (CNY, USD, ...).", None, OUTPUT),
)
OUTPUT_ONLY = ("json", "units", "fx", "to")

SHARES = numbers.parse_shares
COUNT = numbers.parse_count
PRICE = numbers.parse_price
AMOUNT = numbers.parse_amount
PERCENT = numbers.parse_percent
MULTIPLE = numbers.parse_multiple
PERCENT_OR_ZERO = numbers.parse_percent_or_zero

COMMANDS: dict[str, CommandSpec] = {}


def _register(spec: CommandSpec) -> None:
    COMMANDS[spec.name] = spec


_register(CommandSpec(
    name="raise",
    compute="calc:compute_raise",
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
        Opt("shares", SHARES, "N", "Offer shares (before the greenshoe)."),
        Opt("price", PRICE, "PRICE", "Offer price per share."),
        Opt("proceeds", AMOUNT, "AMOUNT",
            "Target gross proceeds: solve for the shares (with --price) or the price (with --shares)."),
        Opt("expenses", numbers.parse_amount_or_zero, "AMOUNT", "Listing expenses, for net proceeds."),
        Opt("expenses_pct", PERCENT, "PCT", "Listing expenses as a percentage of gross proceeds."),
        Opt("greenshoe", PERCENT, "PCT",
            "Over-allotment option size, e.g. 15%: adds greenshoe shares and proceeds (fully exercised)."),
        Opt("board_lot", SHARES, "N", "Board lot: greenshoe and solved shares round down to whole lots (default 1)."),
    ),
))

_register(CommandSpec(
    name="market-cap",
    compute="calc:compute_market_cap",
    help="""Market capitalisation at a price, and its change on the offer price.

\b
Examples:
  zhipu-ipo market-cap --shares 440,230,190 --price 120 --offer-price 116.20
  zhipu-ipo market-cap --market-cap 528.28億 --price 120
  zhipu-ipo market-cap --shares 440,230,190 --price 120 --json | jq -r .result.market_cap

Market cap is all shares in issue (H shares and unlisted shares alike) x price.""",
    options=(
        Opt("shares", SHARES, "N", "Total shares in issue (all classes)."),
        Opt("price", PRICE, "PRICE", "Price per share (trading or offer)."),
        Opt("market_cap", AMOUNT, "AMOUNT", "A market cap: solve for the shares in issue at --price."),
        Opt("offer_price", PRICE, "PRICE", "Offer price: adds the market cap at the offer and the change in percent."),
    ),
))

_register(CommandSpec(
    name="oversubscription",
    compute="calc:compute_oversubscription",
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
        Opt("offered", SHARES, "N", "Shares initially offered in the tranche."),
        Opt("applied", COUNT, "N", "Shares validly applied for."),
        Opt("multiple", MULTIPLE, "X", "Subscription multiple as announced (1159.46, 1159.46x, 1159.46倍)."),
        Opt("price", PRICE, "PRICE", "Offer price: adds the demand in money."),
        Opt("applications", COUNT, "N", "Valid applications."),
        Opt("successful", COUNT, "N", "Successful applications: adds the success rate."),
        Opt("total_offer", SHARES, "N", "Offer shares initially offered (after any upsize, before the greenshoe): "
            "adds the reallocation, pools and cap.", panel=ALLOCATION),
        Opt("regime", parse_regime, "NAME", "pn18 (to 3 Aug 2025), 18c, mechanism-a or mechanism-b (from 4 Aug 2025); "
            "see 'zhipu-ipo rules'.", panel=ALLOCATION),
        Opt("board_lot", SHARES, "N", "Board lot: tranches, pools and caps in whole lots (default 1).", panel=ALLOCATION),
        Opt("public_pct", PERCENT, "PCT", "Mechanism B: the fixed public tranche, 10-60% of the offer.", panel=ALLOCATION),
        Opt("ladder", parse_ladder_text, "M:P,...", "Own clawback ladder, e.g. 15:30,50:40,100:50 (multiple at least M "
            "-> P% of the offer); replaces the regime's.", panel=ALLOCATION),
        Opt("initial_pct", PERCENT, "PCT", "Initial public tranche as % of the offer (with --ladder, or to override "
            "the regime's).", panel=ALLOCATION),
        Opt("intl_offered", SHARES, "N", "International (placing) shares offered (default: total - public "
            "initial).", panel=ALLOCATION),
        Opt("intl_applied", COUNT, "N", "International shares demanded.", panel=ALLOCATION),
        Opt("intl_multiple", MULTIPLE, "X", "International subscription multiple as announced.", panel=ALLOCATION),
    ),
))

_register(CommandSpec(
    name="greenshoe",
    compute="calc:compute_greenshoe",
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
        Opt("shares", SHARES, "N", "Base offer shares (initially offered, before the option)."),
        Opt("pct", PERCENT, "PCT", "Option size as a percentage of the base offer (default 15%)."),
        Opt("board_lot", SHARES, "N", "Board lot: the option rounds down to whole lots (default 1)."),
        Opt("price", PRICE, "PRICE", "Offer price: adds greenshoe and total proceeds."),
        Opt("over_allotted", COUNT, "N", "Shares over-allotted (at most the option's size).", panel=STABILISATION),
        Opt("buyback", COUNT, "N", "Shares bought in the market during stabilisation (at most over-allotted).",
            panel=STABILISATION),
        Opt("exercised", COUNT, "N", "Option shares exercised, if known directly.", panel=STABILISATION),
    ),
))


_register(CommandSpec(
    name="entry-fee",
    compute="fees:compute_entry_fee",
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
        Opt("price", PRICE, "PRICE", "Price per share (the offer price, or the top of the price range)."),
        Opt("board_lot", SHARES, "N", "Shares per board lot."),
        Opt("lots", SHARES, "N", "Number of lots applied for (default 1)."),
        Opt("budget", AMOUNT, "AMOUNT", "A budget: adds the most whole lots it covers, fees included."),
        Opt("fee_schedule", parse_fee_schedule, "NAME", "hkex-2023 (default, from 1 Jan 2023), hkex-2022 or "
            "hkex-2014.", panel=FEES),
        Opt("fee_rounding", parse_fee_rounding, "each|total", "Round each fee to the cent (default, as HKEX "
            "states) or only the total.", panel=FEES),
        Opt("brokerage_pct", PERCENT_OR_ZERO, "PCT", "Override the brokerage rate (1%).", panel=FEES),
        Opt("sfc_levy_pct", PERCENT_OR_ZERO, "PCT", "Override the SFC levy (0.0027%).", panel=FEES),
        Opt("afrc_levy_pct", PERCENT_OR_ZERO, "PCT", "Override the AFRC levy (0.00015%).", panel=FEES),
        Opt("trading_fee_pct", PERCENT_OR_ZERO, "PCT", "Override the trading fee (0.00565%).", panel=FEES),
    ),
))

_register(CommandSpec(
    name="report",
    compute="report:compute_report",
    help="""The whole IPO on one screen: proceeds, market cap, subscription, clawback, greenshoe, one lot.

\b
Examples:
  zhipu-ipo report --preset zhipu
  zhipu-ipo report --preset zhipu --price 131.50
  zhipu-ipo report --file scenario.toml --json

A scenario is a TOML file with sections [ipo], [offer], [market], [public],
[international], [greenshoe] and [fees] (see the README for the format);
'zhipu-ipo presets' lists the scenarios shipped with the package. --price
sets the trading price for the market cap (default: [market] price).""",
    options=(
        Opt("file", parse_path, "FILE", "A scenario file (TOML)."),
        Opt("preset", parse_name, "NAME", "A scenario shipped with the package: see 'zhipu-ipo presets'."),
        Opt("price", PRICE, "PRICE", "A trading price for the market cap (overrides [market] price)."),
    ),
))

_register(CommandSpec(
    name="presets",
    compute="report:compute_presets",
    help="""The scenarios shipped with the package, for 'zhipu-ipo report --preset NAME'.

\b
Examples:
  zhipu-ipo presets
  zhipu-ipo presets --json | jq -r '.result.presets[].name'""",
    options=(),
))

_register(CommandSpec(
    name="rules",
    compute="calc:compute_rules",
    help="""The Hong Kong reallocation regimes: initial tranche, clawback ladder, dates, sources.

\b
Examples:
  zhipu-ipo rules
  zhipu-ipo rules --regime 18c
  zhipu-ipo rules --json | jq '.result.regimes[].name'

The same tables drive 'oversubscription --regime'.""",
    options=(Opt("regime", parse_regime, "NAME", "Show one regime (pn18, 18c, mechanism-a, mechanism-b)."),),
))


def defaults(spec: CommandSpec) -> dict[str, Any]:
    return {opt.dest: opt.default for opt in spec.all_options}


def compute(spec: CommandSpec, values: dict[str, Any]) -> Any:
    """Run the command's calculation on parsed values (output options and unset values left out)."""
    given = {name: raw for name, raw in values.items() if raw is not None and name not in OUTPUT_ONLY}
    outcome = spec.calculation()(**given)
    rate, target = values.get("fx"), values.get("to")
    return outcome if rate is None and target is None else outcome.converted(rate, target)


def execute(spec: CommandSpec, values: dict[str, Any]) -> None:
    """Compute and print: a table, or JSON with --json. Shared by the Typer app and the launcher."""
    from .render import emit

    emit(compute(spec, values), as_json=bool(values.get("json")), units=values.get("units"))


def fast_parse(argv: list[str]) -> tuple[CommandSpec, dict[str, Any]] | None:
    """Parse a plain, well-formed call (``CMD --opt value ... [--json]``) without Typer.

    Returns None for anything else (help, unknown or repeated options, a value
    that does not parse, ...), and the caller hands the whole call to Typer,
    which then reports or handles it. The two paths are tested to agree.
    """
    if not argv or argv[0] not in COMMANDS:
        return None
    spec = COMMANDS[argv[0]]
    by_flag = {opt.flag: opt for opt in spec.all_options}
    values = defaults(spec)
    seen = set()
    index = 1
    while index < len(argv):
        token = argv[index]
        name, equals, inline = token.partition("=")
        opt = by_flag.get(name)
        if opt is None or name in seen:
            return None
        seen.add(name)
        if opt.is_flag:
            if equals:
                return None
            values[opt.dest] = True
            index += 1
            continue
        if equals:
            text = inline
            index += 1
        elif index + 1 < len(argv):
            text = argv[index + 1]
            index += 2
        else:
            return None
        try:
            values[opt.dest] = opt.parse(text)  # type: ignore[misc]
        except InputError:
            return None
    for opt in spec.all_options:
        if opt.default is not None and not opt.is_flag and opt.flag not in seen:
            values[opt.dest] = opt.parse(opt.default)  # type: ignore[misc]
    return spec, values
