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
from .errors import InputError, IpoMathError, at_fault, reword
from .exact import plain_text

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:  # the record is needed only when a deal is given; a plain call does not import it
    from typing import Any, Callable, Iterable

    from .deal import Deal


class Derived(named_tuple("Derived", "text get unless when noted", defaults=((), (), False))):
    """An option's value derived from a deal (``text`` says from what, for notes and docs).

    ``unless``: options that, given, make this value meaningless (the amount financed, given, is not the
    amount payable for the position), so the deal does not fill it then. ``when``: options that must be
    given for the deal to fill it (ballot's multiple, with --forecast only). ``noted`` (or a test of the deal): a
    value left out that way is said in a note (a final price the deal states beside its range), where the option
    given does not already say it overrides the same figure.
    """

    __slots__ = ()
    text: str
    get: Callable[[Deal], Any]
    unless: tuple[str, ...]
    when: tuple[str, ...]
    noted: bool | Callable[[Deal], bool]


def ballot_table_unless(*options: str, text: str = "") -> Derived:
    """The deal's [ballot] table, read unless one of ``options`` is given (the odds then come from elsewhere);
    ``text`` names it (default: with the options that leave it unread)."""
    return Derived(text or f"[ballot] table (without {' or '.join(f'`{name}`' for name in options)})",
                   lambda deal: deal.get("ballot.table"), unless=options)


FINAL_PRICE = Derived("[offer] final_price, else [offer] price", lambda deal: deal.final_price)
#: The final price beside the deal's price range; a price given (one price, or a range of its own) leaves it out.
RANGE_FINAL_PRICE = Derived("[offer] final_price (with the range in [offer] price)",
                            lambda deal: deal.get("offer.final_price"), unless=("price",), noted=True)
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
ONE_LOT = Derived("[offer] board_lot (one lot), unless a ballot tier, applications or a board lot are given",
                  lambda deal: deal.get("offer.board_lot"),
                  ("tier", "apply", "board_lot"))
#: A board lot given makes the deal's position in its own lots meaningless (300 shares are 3 lots of 100, not of 200).
POSITION_LOTS = Derived("[sale] shares / [offer] board_lot (default 1)", position_lots, ("board_lot",),
                        noted=lambda deal: deal.get("sale.shares") is not None)
#: entry-fee's final price goes with the range only when the range is the price it applies at (no [offer] max_price).
APPLICATION_FINAL_PRICE = Derived("[offer] final_price (with the range in [offer] price, and no [offer] max_price)",
                                  lambda deal: deal.get("offer.final_price") if deal.get("offer.max_price") is None
                                  else None, ("price",), noted=True)


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


#: How a fill goes, which only the keys given decide (not their values), as a plain tuple (a class would cost
#: start-up): three templates in option order, ``filled`` every filled option, ``arguments`` those the calculation
#: takes (not the edge's), ``inputs`` those the answer echoes (as echoed), each at the deal's, broker's or default
#: value, a given one at None for its value to replace; ``named``: per option given, its name, whether the
#: calculation takes it and whether it is echoed; ``listed``: echoed values that are tuples (echoed as new lists each
#: time); ``overridden``: given options that override a deal value, each with the rest of its note and the deal's value; ``from_deal``:
#: where each deal or broker value came from; ``taken``: the options given that the calculation takes, or True when
#: it takes every option given; ``echoed``: the options given that the answer echoes.
_Plan = tuple  # (filled, arguments, inputs, named, listed, overridden, from_deal, taken, echoed)


def _left_out_by(candidate: Any, given: Any, exempt: str = "") -> bool:
    """Whether the options given leave this deal source out: a Derived value meaningless beside one of its
    ``unless`` (other than ``exempt``), or waiting for its ``when``."""
    return isinstance(candidate, Derived) and (any(name in given for name in candidate.unless if name != exempt)
                                               or not all(name in given for name in candidate.when))


def _echo(raw: Any) -> Any:
    """An input as the answer echoes it: a decimal as its exact text, a tuple as a list."""
    return plain_text(raw) if type(raw) is Decimal else list(raw) if type(raw) is tuple else raw


def _plan(options: Iterable[Any], given: Any, deal: Deal | None, broker: tuple[str, dict[str, Any]] | None,
          edge: frozenset[str] = frozenset(), shaping: frozenset[str] = frozenset()) -> _Plan:
    filled: dict[str, Any] = {}
    arguments: dict[str, Any] = {}
    inputs: dict[str, Any] = {}
    named: list[tuple[str, bool, bool]] = []
    listed: list[str] = []
    overridden: list[tuple[str | None, str, Any]] = []
    from_deal: dict[str, str] = {}
    for opt in options:
        source = found = None
        if deal is not None:
            for candidate in opt.deal:
                if _left_out_by(candidate, given):
                    left_out = next((name for name in candidate.unless if name in given), None)
                    noted = candidate.noted(deal) if callable(candidate.noted) else candidate.noted
                    if noted and left_out is not None and opt.dest not in given and (
                            value := candidate.get(deal)) is not None:
                        overridden.append((left_out, f" leaves out {candidate.text} ({_shown(value)}) of {deal.origin}",
                                           value))  # (not said when the value given is the one left out)
                    continue
                found = source_value(deal, candidate)
                if found is not None:
                    source = candidate
                    break
        raw = None
        brokers = broker[1].get(opt.dest) if broker is not None else None
        if opt.dest in given:
            if found is not None and deal is not None:
                overridden.append((opt.dest, f" overrides {source_text(source)} ({_shown(found)}) of {deal.origin}", found))
            elif brokers is not None and broker is not None:
                overridden.append((opt.dest, f" overrides broker {broker[0]}'s `{opt.dest}` ({_shown(brokers)})", brokers))
        elif found is not None and deal is not None:
            raw = found
            from_deal[opt.dest] = f"{source_text(source)} in {deal.origin}"
            if brokers is not None and broker is not None and brokers != found:
                overridden.append((None, f"{source_text(source)} ({_shown(found)}) of {deal.origin} overrides broker "
                                         f"{broker[0]}'s `{opt.dest}` ({_shown(brokers)})", None))
        elif broker is not None and opt.dest in broker[1]:
            raw = broker[1][opt.dest]
            from_deal[opt.dest] = f"{opt.dest} of broker {broker[0]}"
        elif opt.default is not None:
            raw = opt.default
        else:
            continue
        argument, echo = opt.dest not in edge, opt.dest not in shaping and opt.dest != "deal"
        filled[opt.dest] = raw
        if argument:
            arguments[opt.dest] = raw
        if echo:
            inputs[opt.dest] = None if raw is None else _echo(raw)
            if type(raw) is tuple:
                listed.append(opt.dest)
        if opt.dest in given:
            named.append((opt.dest, argument, echo))
    taken = tuple(name for name, argument, _ in named if argument)
    echoed = tuple(name for name, _, echo in named if echo)
    return (filled, arguments, inputs, tuple(named), tuple(listed), tuple(overridden), from_deal,
            True if len(taken) == len(given) else taken, echoed)


#: Plans by command, deal and keys given (with no broker): a batch fills many lines of one deal (or none) alike.
_PLANS: dict[tuple[int, int, frozenset[str]], tuple[Any, Any, _Plan]] = {}


def _kept_plan(spec: Any, given: dict[str, Any], deal: Deal | None, edge: frozenset[str],
               shaping: frozenset[str]) -> _Plan:
    """The plan for this command, deal and keys: made the first time, kept for the next call that gives them."""
    key = (id(spec), id(deal), frozenset(given))
    made = _PLANS.get(key)
    if made is None or made[0] is not spec or made[1] is not deal:
        if len(_PLANS) >= 4096:
            _PLANS.clear()
        made = _PLANS[key] = (spec, deal, _plan(spec.all_options, given, deal, None, edge, shaping))
    return made[2]


def _filled(plan: _Plan, given: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The plan's templates with the values given in place."""
    filled = plan[0].copy()
    filled.update({name: given[name] for name, _, _ in plan[3]})
    return (filled, *taken_and_echoed(plan, given))


def taken_and_echoed(plan: _Plan, given: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The calculation's arguments and the echoed inputs: the plan's templates with the values given in place."""
    arguments, inputs, taken, echoed = plan[1].copy(), plan[2].copy(), plan[7], plan[8]
    arguments.update(given if taken is True else {name: given[name] for name in taken})
    for name in echoed:
        raw = given[name]
        kind = type(raw)
        inputs[name] = plain_text(raw) if kind is Decimal else list(raw) if kind is tuple else raw
    for name in plan[4]:
        inputs[name] = list(inputs[name])
    return arguments, inputs


def plain_plan(spec: Any, keys: tuple[str, ...], edge: frozenset[str], shaping: frozenset[str]) -> _Plan | None:
    """The plan for this command given exactly these options, when each is one the calculation takes (none of the
    ``edge``'s: no deal, broker, table or output option); else None."""
    plan = _plan(spec.all_options, dict.fromkeys(keys), None, None, edge, shaping)
    return plan if plan[7] is True else None


def fill(options: Iterable[Any], given: dict[str, Any], deal: Deal | None,
         broker: tuple[str, dict[str, Any]] | None = None) -> Filled:
    """Option values: given ones, else the deal's, else the broker profile's, else defaults; where each deal or
    broker value came from; override notes. ``broker`` is (its name, the values it gives by option name)."""
    plan = _plan(options, given, deal, broker)
    return Filled(_filled(plan, given)[0], plan[6], _override_notes(plan, given))


def fill_command(spec: Any, given: dict[str, Any], deal: Deal | None, broker: tuple[str, dict[str, Any]] | None,
                 edge: frozenset[str], shaping: frozenset[str]) -> tuple[dict[str, Any] | None, dict[str, Any],
                                                                        dict[str, Any], dict[str, str], list[str]]:
    """``fill`` for a command: the values filled (None unless an option of the ``edge`` is given, as only they read
    them), the calculation's arguments among them (not the ``edge``'s options), the inputs echoed (not the
    ``shaping`` ones), where each deal or broker value came from, the notes. Without a broker, the plan is kept for
    this command, deal and set of keys: a batch fills many lines alike."""
    if deal is not None:
        given = _without_the_deals_own(spec, given, deal)
    plan = (_kept_plan(spec, given, deal, edge, shaping) if broker is None
            else _plan(spec.all_options, given, deal, broker, edge, shaping))
    notes = _override_notes(plan, given)
    if plan[7] is True:  # no option of the edge given
        return (None, *taken_and_echoed(plan, given), plan[6], notes)
    return (*_filled(plan, given), plan[6], notes)


def _without_the_deals_own(spec: Any, given: dict[str, Any], deal: Deal) -> dict[str, Any]:
    """The options given, less those whose value is the deal's own (``--price 151..165`` on a deal priced 151..165):
    such a value overrides nothing, so the deal fills it, with what goes with it (the range's final price)."""
    own = [name for name, raw in given.items() if (opt := spec.option(name)) is not None and opt.deal
           and _same_value(raw, _deal_value(opt, given, deal))]
    return {name: raw for name, raw in given.items() if name not in own} if own else given


def _deal_value(opt: Any, given: dict[str, Any], deal: Deal) -> Any:
    return next((found for candidate in opt.deal if not _left_out_by(candidate, given, opt.dest)
                 and (found := source_value(deal, candidate)) is not None), None)


def _same_value(raw: Any, found: Any) -> bool:
    """Equal as values: 116.2 is 116.20, and a range is its two ends (151.0..165.00 is 151..165)."""
    if found is None:
        return False
    if isinstance(raw, numbers.PriceRange) or isinstance(found, numbers.PriceRange):
        return (isinstance(raw, numbers.PriceRange) and isinstance(found, numbers.PriceRange)
                and (raw.low, raw.high) == (found.low, found.high))
    return bool(raw == found)


def _override_notes(plan: _Plan, given: dict[str, Any]) -> list[str]:
    """One note per given value that overrides the deal's: "`price` 117.20 overrides [offer] price (116.20) of ...";
    none for a value equal to the deal's (it overrides nothing)."""
    return [words if name is None else f"`{name}` {_shown(given[name])}{words}" for name, words, found in plan[5]
            if name is None or given[name] != found]


def broker_layer(given: dict[str, Any], deal: Any) -> tuple[str, dict[str, Any], str] | None:
    """The broker profile given (--broker NAME or --broker-file FILE): its name, the option values it gives, a summary."""
    if "broker" not in given and "broker_file" not in given:
        return None
    from .brokers import layer

    financed = any(name in given for name in ("financed", "deposit", "leverage")) or bool(
        deal is not None and deal.section("financing"))
    return layer(given.get("broker"), given.get("broker_file"), financed)


def in_deal_words(error: IpoMathError, spec: Any, deal: Any, from_deal: dict[str, str],
                  given: Iterable[str] = ()) -> IpoMathError:
    """The error with each parameter the deal gave named by its key, one given by its option alone, and a
    missing one by both names."""
    wanted = {opt.dest: opt for opt in spec.all_options}

    def word(parameter: str) -> str:
        if parameter in from_deal:
            return from_deal[parameter]
        opt = wanted.get(parameter)
        if deal is not None and opt is not None and opt.deal and parameter not in given:
            return f"`{parameter}` (or {source_text(opt.deal[0])} in {deal.short_name})"
        return f"`{parameter}`"

    parameter = error.parameter
    if deal is not None and parameter is not None and parameter in from_deal and parameter not in given:
        parameter = next((key for key in DEAL_SOURCES if key in given), parameter)  # what named the deal
    return type(error)(reword(str(error), word), parameter)


#: Where a deal comes from: --preset NAME, --file PATH, or expected-value's --ballot PRESET (its table).
DEAL_SOURCES = ("preset", "file", "ballot")


def load_deal(given: dict[str, Any]) -> Any:
    """The deal a command's values name (--preset, --file, or expected-value's --ballot), or None."""
    named = [key for key in DEAL_SOURCES if key in given]
    if len(named) > 1:
        raise InputError(f"give one of {', '.join(f'`{key}`' for key in named)}")
    if not named:
        return None
    key = named[0]
    load_file, load_preset = _LOADERS or _deal_loaders()
    try:
        deal = load_file(given[key]) if key == "file" else load_preset(given[key])
    except IpoMathError as error:  # a deal that cannot be read, or holds a bad value: the option that named it
        raise at_fault(error, key) from None
    stated, labelled = deal.get("ipo.currency"), given.get("currency")
    if stated is not None and labelled is not None and labelled != stated:  # a label over the deal's amounts
        raise InputError(f"`currency` {labelled} differs from the deal's currency {stated} ({deal.origin}): `currency` "
                         "labels amounts, it does not convert them; convert them with `fx` RATE and `to` CODE",
                         parameter="currency")
    return deal


_LOADERS: tuple[Callable[[str], Any], Callable[[str], Any]] | tuple[()] = ()


def _deal_loaders() -> tuple[Callable[[str], Any], Callable[[str], Any]]:
    """``deal.load_file`` and ``deal.load_preset``, imported the first time a deal is named (a plain call does not)."""
    global _LOADERS
    from .deal import load_file, load_preset

    _LOADERS = (load_file, load_preset)
    return _LOADERS
