"""The command registry: each command's family module, loaded when the command runs, and the one way to run it.

``COMMANDS`` maps a command's name to its ``CommandSpec``; the specs live in
``commands/``, a module per family, and a family is imported the first time one
of its commands is asked for, so a call loads its own calculations and no
others. ``compute`` is the one path from parsed option values to an answer:
it loads the deal (``--preset``/``--file``), fills what the options leave open
from it (an option given wins, and a note names what it overrode), reads a
ballot table, calls the calculation and echoes the inputs. Typer-free and cheap.
"""

from __future__ import annotations

from decimal import Decimal

from .dealfill import DEAL_SOURCES, broker_layer, fill_command, in_deal_words, load_deal, plain_plan, taken_and_echoed
from .errors import InputError, IpoMathError, at_fault
from .records import DEFAULT_CURRENCY, Computed, Outcome
from .spec import EDGE_OPTIONS, OUTPUT_CHECKED, CommandSpec, check_output_options

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable, Iterator


def _offer() -> tuple[CommandSpec, ...]:
    from .commands import offer

    return offer.SPECS


def _market() -> tuple[CommandSpec, ...]:
    from .commands import market

    return market.SPECS


def _allocation() -> tuple[CommandSpec, ...]:
    from .commands import allocation

    return allocation.SPECS


def _application() -> tuple[CommandSpec, ...]:
    from .commands import application

    return application.SPECS


def _ballot() -> tuple[CommandSpec, ...]:
    from .commands import ballot

    return ballot.SPECS


def _trading() -> tuple[CommandSpec, ...]:
    from .commands import trading

    return trading.SPECS


def _listing() -> tuple[CommandSpec, ...]:
    from .commands import listing

    return listing.SPECS


def _deals() -> tuple[CommandSpec, ...]:
    from .commands import deals

    return deals.SPECS


def _comparison() -> tuple[CommandSpec, ...]:
    from .commands import comparison

    return comparison.SPECS


def _planning() -> tuple[CommandSpec, ...]:
    from .commands import planning

    return planning.SPECS


def _catalog() -> tuple[CommandSpec, ...]:
    from .commands import catalog

    return catalog.SPECS


#: Every command, in the order help lists them, and the family that declares it.
FAMILIES: dict[str, Callable[[], tuple[CommandSpec, ...]]] = {
    "raise": _offer, "market-cap": _market, "oversubscription": _allocation, "greenshoe": _allocation,
    "entry-fee": _application, "report": _deals, "presets": _catalog, "rules": _allocation,
    "aftermarket": _listing, "ah-premium": _listing, "float": _listing, "sell": _trading, "margin": _trading,
    "expected-value": _trading, "ballot": _ballot, "compare": _comparison, "plan": _planning,
}


class CommandTable(dict):  # type: ignore[type-arg]
    """name -> CommandSpec; a family module is imported the first time one of its commands is asked for."""

    def __missing__(self, name: str) -> CommandSpec:
        family = FAMILIES.get(name)
        if family is None:
            raise KeyError(name)
        for spec in family():
            self.setdefault(spec.name, spec)
        return dict.__getitem__(self, name)  # type: ignore[no-any-return]

    def get(self, name: Any, default: Any = None) -> Any:
        return self[name] if name in FAMILIES else default

    def __contains__(self, name: object) -> bool:
        return name in FAMILIES

    def __iter__(self) -> Iterator[str]:
        return iter(FAMILIES)

    def __len__(self) -> int:
        return len(FAMILIES)

    def keys(self) -> Any:
        return FAMILIES.keys()

    def values(self) -> Any:
        return [self[name] for name in FAMILIES]

    def items(self) -> Any:
        return [(name, self[name]) for name in FAMILIES]


COMMANDS: dict[str, CommandSpec] = CommandTable()
#: Options that shape the output: never echoed among the inputs.
SHAPING = frozenset({"json", "csv", "tsv", "wide", "brief", "units", "fx", "to"})


#: Options that bring values from elsewhere (a deal, a broker profile): the fill then has notes and sources.
_FROM_ELSEWHERE = frozenset(DEAL_SOURCES) | {"broker", "broker_file"}


def compute(spec: CommandSpec, values: dict[str, Any],
            read_stdin: Callable[[int], bytes] | None = None) -> Outcome:
    """Run the command on parsed option values (None or absent: not given); the one path every front end takes.

    ``read_stdin`` reads standard input for ``--table -``; a front end whose stdin is not the user's
    to give (batch) passes None, and '-' is then refused.
    """
    given = {name: raw for name, raw in values.items() if raw is not None and raw is not False}
    run = prepared(spec, tuple(given))
    if run is not None:
        return run(given)
    if spec.takes_presets or spec.takes_deals:  # output options refused as every other command refuses them
        if not given.keys().isdisjoint(OUTPUT_CHECKED):
            check_output_options(given)
        return (_over_presets if spec.takes_presets else _over_deals)(spec, given)
    deal = broker = None
    if not given.keys().isdisjoint(_FROM_ELSEWHERE):
        deal = load_deal(given) if not given.keys().isdisjoint(DEAL_SOURCES) else None
        broker = broker_layer(given, deal) if "broker" in given or "broker_file" in given else None
    filled, arguments, inputs, from_deal, notes = fill_command(spec, given, deal, broker and (broker[0], broker[1]),
                                                               EDGE_OPTIONS, SHAPING)
    if filled is not None and not given.keys().isdisjoint(OUTPUT_CHECKED):  # each is off unless given
        check_output_options(filled, spec.not_tabular)
    try:
        if spec.reads_table or spec.takes_deal:
            _with_table(spec, given, deal, arguments, read_stdin)
        if spec.takes_deal:
            arguments.setdefault("deal", deal)
        computed = spec.calculate(**arguments)
    except IpoMathError as error:
        raise in_deal_words(error, spec, deal, from_deal, given) from None
    currency = _currency(computed, arguments, inputs)
    fx = _conversion(given.get("fx"), given.get("to"), currency) if "fx" in given or "to" in given else None
    if fx is not None:
        inputs.update(fx=format(fx[0], "f"), to=fx[1])
    if notes:
        computed = Computed(computed.result, computed.assumptions, computed.rounded, (*notes, *computed.notes),
                            computed.currency)
    if broker is not None:
        computed = computed._replace(assumptions={**computed.assumptions, "broker": broker[2]})
    return Outcome(spec.name, inputs, computed, currency, fx)


def prepared(spec: CommandSpec, keys: tuple[str, ...]) -> Callable[[dict[str, Any]], Outcome] | None:
    """``compute`` for this command given exactly these options, each one its calculation takes (no deal, broker,
    table or output option: the plain case, a batch's usual line), made once; None for any other case."""
    made = _PREPARED.get((id(spec), keys))
    if made is None or made[0] is not spec:
        if len(_PREPARED) >= 4096:
            _PREPARED.clear()
        plan = None if spec.takes_presets or spec.takes_deals or spec.takes_deal else plain_plan(
            spec, keys, EDGE_OPTIONS, SHAPING)
        made = _PREPARED[id(spec), keys] = (spec, None if plan is None else _plain_run(spec, plan))
    return made[1]


_PREPARED: dict[tuple[int, tuple[str, ...]], tuple[CommandSpec, Callable[[dict[str, Any]], Outcome] | None]] = {}


def _plain_run(spec: CommandSpec, plan: Any) -> Callable[[dict[str, Any]], Outcome]:
    """What ``compute`` does for the plain case, with what only the keys decide done once."""
    calculate, name = spec.calculate, spec.name

    def run(given: dict[str, Any]) -> Outcome:
        arguments, inputs = taken_and_echoed(plan, given)
        computed = calculate(**arguments)  # (its errors name parameters as they are: no deal gave any)
        return Outcome(name, inputs, computed, _currency(computed, arguments, inputs), None)

    return run


def _currency(computed: Any, arguments: dict[str, Any], inputs: dict[str, Any]) -> str:
    """The answer's currency (the calculation's, else the one given, else the default), echoed where inputs
    echo one or the calculation decided it."""
    currency: str = computed.currency or arguments.get("currency") or DEFAULT_CURRENCY
    if "currency" in inputs or computed.currency:
        inputs["currency"] = currency
    return currency


def _over_presets(spec: CommandSpec, given: dict[str, Any]) -> Outcome:
    """`presets`: every preset deal (or the one named), each with its ballot table, handed to the calculation."""
    from .deal import load_preset, preset_names
    from .table_source import deal_table

    names = [given["preset"]] if "preset" in given else preset_names()
    deals = [_loaded("preset", load_preset, name, deal_table) for name in names]
    computed = spec.calculate(deals=deals, check=bool(given.get("check")))
    return Outcome(spec.name, {name: raw for name, raw in given.items() if name not in SHAPING}, computed)


def _over_deals(spec: CommandSpec, given: dict[str, Any]) -> Outcome:
    """`compare`: each deal given (--preset and --file, in that order), each with its ballot table."""
    from .deal import load_file, load_preset
    from .table_source import deal_table

    deals = [_loaded("preset", load_preset, name, deal_table) for name in given.get("preset", [])]
    deals += [_loaded("file", load_file, path, deal_table) for path in given.get("file", [])]
    computed = spec.calculate(deals=deals, currency=given.get("currency"))
    currency = computed.currency or DEFAULT_CURRENCY
    inputs = {**{name: raw for name, raw in given.items() if name not in SHAPING}, "currency": currency}
    return Outcome(spec.name, inputs, computed, currency)


def _loaded(key: str, load: Callable[[str], Any], name: str, with_table: Callable[[Any], Any]) -> Any:
    """A deal with its ballot table; an error in either names the option ``key`` that named the deal."""
    try:
        return with_table(load(name))
    except IpoMathError as error:
        raise at_fault(error, key) from None


def _with_table(spec: CommandSpec, given: dict[str, Any], deal: Any, arguments: dict[str, Any],
                read_stdin: Callable[[int], bytes] | None) -> Any:
    """Fill ``table_text``/``table_name`` from --table (a file, or '-' for stdin) or from the deal's [ballot] table."""
    if "table" in given:
        from .table_source import read_table

        text, name = read_table(given["table"], read_stdin)
    elif deal is not None and deal.get("ballot.table") is not None and not any(
            name in given for name in spec.deal_table_unless):
        from .table_source import deal_table

        deal = deal_table(deal)
        text, name = deal.table_text, deal.table_name
        if spec.takes_deal:
            arguments["deal"] = deal
            return
    else:
        return
    if spec.reads_table:
        arguments.update(table_text=text, table_name=name)


def _conversion(rate: Decimal | None, target: str | None, currency: str) -> tuple[Decimal, str] | None:
    if rate is None and target is None:
        return None
    if rate is None or target is None:
        raise InputError("give `fx` RATE and `to` CURRENCY together (e.g. `fx` 0.9264 `to` CNY)")
    if target == currency:
        raise InputError(f"`to` {target} is already the currency of the amounts")
    return rate, target


def execute(spec: CommandSpec, values: dict[str, Any], read_stdin: Callable[[int], bytes] | None = None) -> None:
    """Compute and print: a table, or JSON with --json. Shared by the Typer app and the launcher."""
    outcome = compute(spec, values, read_stdin)
    style = "csv" if values.get("csv") else "tsv" if values.get("tsv") else None
    if values.get("json") and style is None:  # (the table renderer is not loaded for JSON)
        from .envelope import emit_json

        return emit_json(outcome)
    from .render import emit

    emit(outcome, units=values.get("units"), style=style,
         wide=bool(values.get("wide")), brief=bool(values.get("brief")))
