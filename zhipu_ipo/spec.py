"""What a command is, as data: its options (``Opt``), its help and its calculation (``CommandSpec``).

Every front end reads the same specs: the Typer app builds its options from
them, the lean launcher parses plain calls with them, batch takes their names
as keys, and a deal fills them through each option's ``deal`` sources. The
specs themselves live in ``commands/``, one module per family of commands.
"""

from __future__ import annotations


from .tuples import named_tuple
from .errors import InputError
from . import numbers
from .dealfill import RANGE_FINAL_PRICE
from .formatting import parse_currency, parse_units
from .parsers import parse_broker, parse_path, parse_preset_name
from .records import DEFAULT_CURRENCY, Computed

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable, Optional


class Opt(named_tuple("Opt", "dest parse metavar help default deal repeat", defaults=(None, (), False))):
    """One option: ``dest`` is the snake_case name (batch key, calculation keyword, JSON input key).

    ``default`` is a parsed value, used when the option is not given (and echoed in the inputs).
    ``deal`` lists where a deal holds the value, first found wins: a key ``"offer.board_lot"`` or a
    ``deal.Derived`` value computed from the deal (the sale's shares, else one board lot).
    A named tuple (``tuples.named_tuple``: not ``typing.NamedTuple``, whose import costs start-up).
    """

    __slots__ = ()
    dest: str
    parse: Optional[Callable[[str], Any]]  # None for a boolean flag
    metavar: str
    help: str
    default: Any
    deal: tuple[Any, ...]
    #: Given more than once, each value is kept (a list): `compare --preset a --preset b`.
    repeat: bool

    @property
    def flag(self) -> str:
        return "--" + self.dest.replace("_", "-")

    @property
    def is_flag(self) -> bool:
        return self.parse is None


JSON = Opt("json", None, "", "Print one JSON object (schema_version 1) instead of a table.", False)
CSV = Opt("csv", None, "", "Print CSV: a header row and plain values (one row per result, tier, price or deal; see "
          "docs/csv.md).", False)
TSV = Opt("tsv", None, "", "Print the same as --csv, tab-separated.", False)
WIDE = Opt("wide", None, "", "A table of results with every column, however wide (default: in a terminal too narrow, "
           "the columns read first).", False)
BRIEF = Opt("brief", None, "", "The table alone, without the assumptions and sources beneath (JSON and CSV keep "
            "them).", False)
UNITS = Opt("units", parse_units, "zh|en|plain",
            "Short form of large amounts in tables: zh 億/萬, en bn/m, plain none (default: zh for HKD and CNY, "
            "en otherwise).")
CURRENCY = Opt("currency", parse_currency, "CODE", "Currency of amounts and prices, a label (default HKD, or the "
               "deal's [ipo] currency).", DEFAULT_CURRENCY, ("ipo.currency",))
FX = Opt("fx", numbers.parse_rate, "RATE", "Also show amounts converted at RATE (1 unit of --currency = RATE "
         "units of --to).")
TO = Opt("to", parse_currency, "CODE", "The currency --fx converts to (CNY, USD, ...).")

#: With --price LOW..HIGH (raise, market-cap, entry-fee): scenario rows at every step, and the price revision.
PRICE_STEP = Opt("price_step", numbers.parse_price, "STEP", "With a price range: a row at every STEP above the low "
                 "too (e.g. 0.50).")
FINAL_PRICE_OPTION = Opt("final_price", numbers.parse_price, "PRICE", "With a price range: the final offer price, for its "
                  "revision against the mid-point and its place in the range.", None, (RANGE_FINAL_PRICE,))

PRESET = Opt("preset", parse_preset_name, "NAME", "A deal shipped with the package, by name or stock code (see "
             "'zhipu-ipo presets'): fills every option not given.")
FILE = Opt("file", parse_path, "FILE", "A deal file (TOML, see docs/deal-file.md): fills every option not given.")
BROKER = Opt("broker", parse_broker, "NAME", "A broker's published charges (see docs/brokers.md): its handling fee, "
             "financing rate and day count, selling commission and platform fee, where not given (an option or the "
             "deal wins).")
BROKER_FILE = Opt("broker_file", parse_path, "FILE", "Your own broker profile (TOML, see docs/brokers.md).")
#: A broker's charges on a sale: `sell`, and the sale `expected-value` and `plan` assume (a broker fills them).
COMMISSION_OPTIONS = (
    Opt("commission_pct", numbers.parse_percent_or_zero, "PCT", "Broker's commission rate."),
    Opt("min_commission", numbers.parse_amount_or_zero, "AMOUNT", "Broker's minimum commission per order."),
    Opt("platform_fee", numbers.parse_amount_or_zero, "AMOUNT", "Broker's platform fee per order."),
)
#: Commands whose charges a broker sets: --broker NAME or --broker-file FILE.
BROKER_OPTIONS = (BROKER, BROKER_FILE)

#: A command whose inputs a deal can hold takes --preset or --file; an option given overrides the deal's value.
DEAL = (PRESET, FILE)

#: Output options for commands with amounts; commands without them (rules, presets) offer --json only.
MONEY_OUTPUT = (JSON, CSV, TSV, WIDE, BRIEF, CURRENCY, UNITS, FX, TO)
LISTING_OUTPUT = (JSON, CSV, TSV, WIDE, BRIEF)
#: Options the edge consumes (output shape, where a deal or a table comes from): never passed to a calculation.
EDGE_OPTIONS = frozenset({"json", "csv", "tsv", "wide", "brief", "units", "fx", "to", "preset", "file", "ballot", "table", "broker",
                          "broker_file"})
#: The output options: how the answer is written, never echoed as an input.
OUTPUT_FORMATS = ("json", "csv", "tsv")
#: The output options checked against each other (each is off unless given).
OUTPUT_CHECKED = frozenset(OUTPUT_FORMATS) | {"units", "wide", "brief", "fx"}


def check_output_options(filled: dict[str, Any], not_tabular: tuple[str, ...] = ()) -> None:
    """One output format at most, no table shaping beside it, no conversion of a price range, and no option in
    ``not_tabular`` (one whose answer CSV's single table cannot hold) with CSV or TSV."""
    formats = [name for name in OUTPUT_FORMATS if filled.get(name)]
    if len(formats) > 1:
        raise InputError(f"give one of {' and '.join(f'`{name}`' for name in formats)}: each is a whole output")
    for name in not_tabular if formats and formats[0] != "json" else ():
        if filled.get(name) is not None:
            raise InputError(f"`{name}` adds a table of its own, which `{formats[0]}` (one table) cannot hold: give "
                             f"`json` for it, or leave out `{name}`")
    for shaping in ("units", "wide", "brief") if formats else ():
        if filled.get(shaping):
            raise InputError(f"`{shaping}` shapes the table; `{formats[0]}` gives exact values without it")
    if filled.get("fx") is not None and isinstance(filled.get("price"), numbers.PriceRange):
        raise InputError("`fx` does not convert price-range scenarios: give one `price`, or convert the range first")


class CommandSpec(named_tuple("CommandSpec", "name help options calculate output reads_table takes_deal takes_presets "
                             "takes_deals not_tabular", defaults=(MONEY_OUTPUT, False, False, False, False, ()))):
    """A command as data: its name, help, options and calculation (a named tuple, like ``Opt``)."""

    __slots__ = ()
    name: str
    help: str
    options: tuple[Opt, ...]
    calculate: Callable[..., Computed]
    output: tuple[Opt, ...]
    #: The calculation takes ``table_text`` and ``table_name``: a ballot table from --table or the deal.
    reads_table: bool
    #: The calculation takes the whole ``deal`` (report).
    takes_deal: bool
    #: The calculation takes ``deals``: every preset, or the one --preset names (presets).
    takes_presets: bool
    #: The calculation takes ``deals``: each --preset and --file given (compare).
    takes_deals: bool
    #: Options whose answer adds a second table, which CSV and TSV (one table) cannot hold: refused with them.
    not_tabular: tuple[str, ...]

    @property
    def all_options(self) -> tuple[Opt, ...]:
        return self.options + self.output

    def option(self, dest: str) -> Opt | None:
        """The option named ``dest``, or None."""
        return next((opt for opt in self.options if opt.dest == dest), None)

    @property
    def repeated(self) -> frozenset[str]:
        """The options that may be given more than once."""
        return frozenset(opt.dest for opt in self.all_options if opt.repeat)

    @property
    def deal_table_unless(self) -> tuple[str, ...]:
        """Options that, given, leave the deal's ballot table unread (ballot --forecast: as if before the results):
        the ``unless`` of the table option's deal source."""
        for opt in self.options:
            if opt.dest == "table":
                return tuple(name for source in opt.deal for name in getattr(source, "unless", ()))
        return ()

    @property
    def summary(self) -> str:
        return self.help.split("\n", 1)[0]
