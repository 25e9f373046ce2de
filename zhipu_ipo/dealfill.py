"""Filling a command's options from a deal: where each option's value is in a deal, and the one fill rule.

An option lists its deal sources (``Opt.deal``): a key such as ``"offer.board_lot"``,
or a ``Derived`` value computed from the deal (the position sold, the amount payable
for it). ``fill`` gives each option the value given, else the deal's first source that
holds one, else its default, and notes every given value that overrode the deal's.
The command line, batch and the report all fill through here, so they agree.
"""

from __future__ import annotations

from decimal import Decimal

from .tuples import named_tuple
from . import numbers
from .errors import InputError
from .exact import plain_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:  # the record is needed only when a deal is given; a plain call does not import it
    from typing import Any, Callable, Iterable

    from .deal import Deal


class Derived(named_tuple("Derived", "text get unless when", defaults=((), ()))):
    """An option's value derived from a deal (``text`` says from what, for notes and docs).

    ``unless``: options that, given, make this value meaningless (the amount financed, given, is not the
    amount payable for the position), so the deal does not fill it then. ``when``: options that must be
    given for the deal to fill it (ballot's multiple, with --forecast only).
    """

    __slots__ = ()
    text: str
    get: Callable[[Deal], Any]
    unless: tuple[str, ...]
    when: tuple[str, ...]


def ballot_table_unless(*options: str, text: str = "") -> Derived:
    """The deal's [ballot] table, read unless one of ``options`` is given (the odds then come from elsewhere);
    ``text`` names it (default: with the options that leave it unread)."""
    return Derived(text or f"[ballot] table (without {' or '.join(f'--{name}' for name in options)})",
                   lambda deal: deal.get("ballot.table"), unless=options)


FINAL_PRICE = Derived("[offer] final_price, else [offer] price", lambda deal: deal.final_price)
MAX_PRICE = Derived("[offer] max_price, else the top of [offer] price", lambda deal: deal.max_price)
APPLICATION_PRICE = Derived("[offer] max_price, else [offer] price (a range: its rows)",
                            lambda deal: deal.get("offer.max_price") or deal.get("offer.price"))
OFFER_AFTER_UPSIZE = Derived("[offer] shares + upsize", lambda deal: deal.offer_after_upsize)
POSITION = Derived("[sale] shares, else [offer] board_lot", lambda deal: deal.position_shares)
SALE_DATE = Derived("[sale] date, else [ipo] listing_date",
                    lambda deal: deal.get("sale.date") or deal.get("ipo.listing_date"))
TOTAL_OFFER = Derived("[offer] shares, when [public] has a regime or a ladder to reallocate by",
                      lambda deal: deal.get("offer.shares") if any(deal.get(f"public.{key}") is not None for key in (
                          "regime", "ladder")) else None)


def expenses(deal: Deal) -> Decimal | None:
    """[offer] expenses, or gross proceeds (after any upsize) less the announced net proceeds."""
    net, shares, price = deal.get("offer.net_proceeds"), deal.offer_after_upsize, deal.final_price
    if deal.get("offer.expenses") is not None:
        if net is not None:
            raise InputError(f"{deal.origin}: [offer] give expenses or net_proceeds, not both")
        return deal.get("offer.expenses")
    if net is None or shares is None or price is None:
        return None
    gross = numbers.mul(shares, price)
    if net > gross:
        raise InputError(f"{deal.origin}: [offer] net_proceeds {net:f} exceed the gross proceeds {gross:f} "
                         "(shares x price)")
    return numbers.sub(gross, net)


EXPENSES = Derived("[offer] expenses, else gross proceeds less [offer] net_proceeds", expenses)
INTL_OFFERED = Derived("[international] offered, when the deal gives its multiple or demand",
                       lambda deal: deal.get("international.offered") if deal.get("international.multiple") is not None
                       or deal.get("international.applied") is not None else None)
CLASS_SHARES = Derived("[float] shares_in_issue, else [offer] shares_in_issue",
                       lambda deal: deal.get("float.shares_in_issue") or deal.get("offer.shares_in_issue"))


def position_lots(deal: Deal) -> int | None:
    lot, shares = deal.get("offer.board_lot"), deal.position_shares
    return None if lot is None or shares is None or shares % lot else shares // lot


def amount_payable(deal: Deal) -> Decimal | None:
    """The amount payable on application for the financed position: shares x the maximum price plus charges."""
    from .calc.fees import charges
    from .fees import DEFAULT_SCHEDULE, ROUND_EACH, schedule_named

    shares, price = deal.financed_shares, deal.max_price
    if shares is None or price is None or isinstance(price, numbers.PriceRange):
        return None
    schedule = schedule_named(deal.get("fees.schedule") or DEFAULT_SCHEDULE)
    return charges(shares, price, schedule, deal.get("fees.rounding") or ROUND_EACH).amount_payable


FINANCED_AMOUNT = Derived("[financing] amount, else the amount payable for [financing] shares (default: the "
                          "position sold) at the maximum price", lambda deal: deal.get("financing.amount")
                          or amount_payable(deal), ("financed",))
ONE_LOT = Derived("[offer] board_lot (one lot), unless a ballot tier or applications are given",
                  lambda deal: deal.get("offer.board_lot"),
                  ("tier", "apply"))
POSITION_LOTS = Derived("[sale] shares / [offer] board_lot (default 1)", position_lots)


def source_text(source: Any) -> str:
    """How a note or a doc names where a value came from: ``[offer] board_lot``."""
    if isinstance(source, Derived):
        return source.text
    section, _, name = source.partition(".")
    return f"[{section}] {name}"


def source_value(deal: Deal, source: Any) -> Any:
    return source.get(deal) if isinstance(source, Derived) else deal.get(source)


def _shown(raw: Any) -> str:
    if isinstance(raw, (tuple, list)):
        return ",".join(_shown(item) for item in raw)
    return plain_text(raw) if isinstance(raw, Decimal) else f"{raw:,}" if isinstance(raw, int) else str(raw)


class Filled(named_tuple("Filled", "values from_deal notes")):
    __slots__ = ()
    values: dict[str, Any]  # option name -> value (given, from the deal, or the default)
    from_deal: dict[str, str]  # option name -> where in the deal its value came from
    notes: list[str]  # a given value that overrode the deal's, one note each


class _Plan(named_tuple("_Plan", "template given overridden from_deal")):
    """How a fill goes, which only the keys given decide (not their values): ``template`` holds every filled option
    in option order, at the deal's, broker's or default value (a given one at None, for its value to replace);
    ``given`` names the options given; ``overridden`` the given ones that override a deal value, each with the
    rest of its note; ``from_deal`` where each deal or broker value came from."""

    __slots__ = ()
    template: dict[str, Any]
    given: tuple[str, ...]
    overridden: tuple[tuple[str, str], ...]
    from_deal: dict[str, str]


def _plan(options: Iterable[Any], given: Any, deal: Deal | None, broker: tuple[str, dict[str, Any]] | None) -> _Plan:
    template: dict[str, Any] = {}
    named: list[str] = []
    overridden: list[tuple[str, str]] = []
    from_deal: dict[str, str] = {}
    for opt in options:
        source = found = None
        if deal is not None:
            for candidate in opt.deal:
                if isinstance(candidate, Derived) and (any(name in given for name in candidate.unless)
                                                       or not all(name in given for name in candidate.when)):
                    continue
                found = source_value(deal, candidate)
                if found is not None:
                    source = candidate
                    break
        if opt.dest in given:
            template[opt.dest] = None
            named.append(opt.dest)
            if found is not None and deal is not None:
                overridden.append((opt.dest, f" overrides {source_text(source)} ({_shown(found)}) of {deal.origin}"))
        elif found is not None and deal is not None:
            template[opt.dest] = found
            from_deal[opt.dest] = f"{source_text(source)} in {deal.origin}"
        elif broker is not None and opt.dest in broker[1]:
            template[opt.dest] = broker[1][opt.dest]
            from_deal[opt.dest] = f"{opt.dest} of broker {broker[0]}"
        elif opt.default is not None:
            template[opt.dest] = opt.default
    return _Plan(template, tuple(named), tuple(overridden), from_deal)


#: Plans by command, deal and keys given (with no broker): a batch fills many lines of one deal alike.
_PLANS: dict[tuple[int, int, frozenset[str]], tuple[Any, Any, _Plan]] = {}


def fill(options: Iterable[Any], given: dict[str, Any], deal: Deal | None,
         broker: tuple[str, dict[str, Any]] | None = None, spec: Any = None) -> Filled:
    """Option values: given ones, else the deal's, else the broker profile's, else defaults; where each deal or
    broker value came from; override notes. ``broker`` is (its name, the values it gives by option name).
    ``spec``: the command whose options these are, when its plan for this deal and these keys may be kept."""
    if spec is not None and broker is None:
        key = (id(spec), id(deal), frozenset(given))
        made = _PLANS.get(key)
        if made is None or made[0] is not spec or made[1] is not deal:
            if len(_PLANS) >= 4096:
                _PLANS.clear()
            made = _PLANS[key] = (spec, deal, _plan(options, given, deal, broker))
        plan = made[2]
    else:
        plan = _plan(options, given, deal, broker)
    values = plan.template.copy()
    for name in plan.given:
        values[name] = given[name]
    notes = [f"`{name}` {_shown(given[name])}{words}" for name, words in plan.overridden]
    return Filled(values, plan.from_deal.copy(), notes)


def echoed(filled: dict[str, Any], shaping: frozenset[str]) -> dict[str, Any]:
    """The inputs an answer echoes: each filled value but the output's shape and the deal, exact as given."""
    return {name: plain_text(raw) if type(raw) is Decimal else list(raw) if type(raw) is tuple else raw
            for name, raw in filled.items() if name not in shaping and name != "deal"}


#: ``fill_plain``'s plans: (command, options given) -> (the command, then three templates in option order: the
#: filled values, the calculation's arguments and the echoed inputs, each at its default (a given option at None,
#: for its value to replace); then per option given: its name, whether the calculation takes it, whether the answer
#: echoes it; last, the echoed defaults that are tuples, echoed as new lists each time).
_PLAIN: dict[tuple[int, frozenset[str]], tuple[Any, ...]] = {}


def _echo(raw: Any) -> Any:
    """An input as the answer echoes it: a decimal as its exact text, a tuple as a list."""
    return plain_text(raw) if type(raw) is Decimal else list(raw) if type(raw) is tuple else raw


def _plain_plan(spec: Any, given: dict[str, Any], edge: frozenset[str], shaping: frozenset[str]) -> tuple[Any, ...]:
    filled: dict[str, Any] = {}
    arguments: dict[str, Any] = {}
    inputs: dict[str, Any] = {}
    named: list[tuple[str, bool, bool]] = []
    listed: list[str] = []
    for opt in spec.all_options:
        if opt.dest not in given and opt.default is None:
            continue
        argument, echo = opt.dest not in edge, opt.dest not in shaping and opt.dest != "deal"
        raw = None if opt.dest in given else opt.default
        filled[opt.dest] = raw
        if argument:
            arguments[opt.dest] = raw
        if echo:
            inputs[opt.dest] = None if raw is None else _echo(raw)
            if type(raw) is tuple:
                listed.append(opt.dest)
        if opt.dest in given:
            named.append((opt.dest, argument, echo))
    return spec, filled, arguments, inputs, tuple(named), tuple(listed)


def fill_plain(spec: Any, given: dict[str, Any], edge: frozenset[str],
               shaping: frozenset[str]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """``fill(spec.all_options, given, None).values`` with no deal and no broker, the calculation's arguments among
    them (not the ``edge``'s options) and the inputs ``echoed``: which options are given alone decides which are
    filled, and from where, so that is worked out once per command and set of keys."""
    key = (id(spec), frozenset(given))
    made = _PLAIN.get(key)
    if made is None or made[0] is not spec:
        if len(_PLAIN) >= 4096:
            _PLAIN.clear()
        made = _PLAIN[key] = _plain_plan(spec, given, edge, shaping)
    _, filled, arguments, inputs, named, listed = made
    filled, arguments, inputs = filled.copy(), arguments.copy(), inputs.copy()
    for name, argument, echo in named:
        raw = filled[name] = given[name]
        if argument:
            arguments[name] = raw
        if echo:
            inputs[name] = plain_text(raw) if type(raw) is Decimal else list(raw) if type(raw) is tuple else raw
    for name in listed:
        inputs[name] = list(inputs[name])
    return filled, arguments, inputs


#: Where a deal comes from: --preset NAME, --file PATH, or expected-value's --ballot PRESET (its table).
DEAL_SOURCES = ("preset", "file", "ballot")


def load_deal(given: dict[str, Any]) -> Any:
    """The deal a command's values name (--preset, --file, or expected-value's --ballot), or None."""
    if "preset" in given and "file" not in given and "ballot" not in given:  # (a batch names a preset on many lines)
        return (_LOADERS or _deal_loaders())[1](given["preset"])
    named = [key for key in DEAL_SOURCES if key in given]
    if len(named) > 1:
        raise InputError(f"give one of {', '.join(f'`{key}`' for key in named)}")
    if not named:
        return None
    key = named[0]
    load_file, load_preset = _LOADERS or _deal_loaders()
    return load_file(given[key]) if key == "file" else load_preset(given[key])


_LOADERS: tuple[Callable[[str], Any], Callable[[str], Any]] | tuple[()] = ()


def _deal_loaders() -> tuple[Callable[[str], Any], Callable[[str], Any]]:
    """``deal.load_file`` and ``deal.load_preset``, imported the first time a deal is named (a plain call does not)."""
    global _LOADERS
    from .deal import load_file, load_preset

    _LOADERS = (load_file, load_preset)
    return _LOADERS
