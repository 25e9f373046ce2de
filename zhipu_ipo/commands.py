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


class CommandSpec(NamedTuple):
    name: str
    help: str
    options: tuple[Opt, ...]
    compute: str  # "module:function" under zhipu_ipo, imported only when run

    @property
    def all_options(self) -> tuple[Opt, ...]:
        return self.options + OUTPUT_OPTIONS

    def calculation(self) -> Callable[..., Any]:
        module, function = self.compute.split(":")
        return getattr(import_module(f"zhipu_ipo.{module}"), function)


OUTPUT_OPTIONS = (
    Opt("json", None, "", "Print one JSON object (schema_version 1) instead of a table.", False, OUTPUT),
    Opt("currency", parse_currency, "CODE", "Currency of amounts and prices (default HKD).", "HKD", OUTPUT),
    Opt("units", parse_units, "zh|en|plain",
        "Short form of large amounts in tables: zh 億/萬, en bn/m, plain none (default: zh for HKD and CNY, "
        "en otherwise).", None, OUTPUT),
)
OUTPUT_ONLY = ("json", "units")

SHARES = numbers.parse_shares
COUNT = numbers.parse_count
PRICE = numbers.parse_price
AMOUNT = numbers.parse_amount
PERCENT = numbers.parse_percent
MULTIPLE = numbers.parse_multiple

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
    help="""Subscription multiple, shares applied for, demand and success rate.

\b
Examples:
  zhipu-ipo oversubscription --offered 1,871,000 --multiple 1159.46 --price 116.20
  zhipu-ipo oversubscription --offered 40,000,000 --applied 1,385,800,000
  zhipu-ipo oversubscription --offered 1,871,000 --multiple 1159.46x --applications 204,871 --successful 50,907 --json

The multiple is shares applied for / shares initially offered, as Hong Kong
announcements print it ("oversubscribed 1,159.46 times" means this ratio). A
multiple below 1 is an undersubscribed tranche.""",
    options=(
        Opt("offered", SHARES, "N", "Shares initially offered in the tranche."),
        Opt("applied", COUNT, "N", "Shares validly applied for."),
        Opt("multiple", MULTIPLE, "X", "Subscription multiple as announced (1159.46, 1159.46x, 1159.46倍)."),
        Opt("price", PRICE, "PRICE", "Offer price: adds the demand in money."),
        Opt("applications", COUNT, "N", "Valid applications."),
        Opt("successful", COUNT, "N", "Successful applications: adds the success rate."),
    ),
))

_register(CommandSpec(
    name="greenshoe",
    compute="calc:compute_greenshoe",
    help="""Over-allotment (greenshoe) shares and proceeds, fully exercised.

\b
Examples:
  zhipu-ipo greenshoe --shares 37,419,500 --price 116.20 --board-lot 100
  zhipu-ipo greenshoe --shares 10,497,300 --board-lot 50 --pct 15% --json

The option is --pct of the base offer (shares initially offered), rounded down
to whole board lots.""",
    options=(
        Opt("shares", SHARES, "N", "Base offer shares (initially offered, before the option)."),
        Opt("pct", PERCENT, "PCT", "Option size as a percentage of the base offer (default 15%)."),
        Opt("board_lot", SHARES, "N", "Board lot: the option rounds down to whole lots (default 1)."),
        Opt("price", PRICE, "PRICE", "Offer price: adds greenshoe and total proceeds."),
    ),
))


def defaults(spec: CommandSpec) -> dict[str, Any]:
    return {opt.dest: opt.default for opt in spec.all_options}


def compute(spec: CommandSpec, values: dict[str, Any]) -> Any:
    """Run the command's calculation on parsed values (output options and unset values left out)."""
    given = {name: raw for name, raw in values.items() if raw is not None and name not in OUTPUT_ONLY}
    return spec.calculation()(**given)


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
