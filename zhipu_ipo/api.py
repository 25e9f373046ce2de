"""The Python interface: one function per command, for notebooks and scripts.

Each function is named after its command in snake_case (``raise`` is ``raise_``,
a Python keyword) and takes the same keywords as a batch line: strings in any
form the command line accepts (``"37,419,500"``, ``"4.3bn"``, ``"15%"``), or
``Decimal`` and ``int`` (floats are refused: they are not exact). It returns an
``Answer``: the command's result record, its fields as attributes, with the
assumptions, the roundings and the notes beside them. Every error is one
``ParameterError`` (a ``ValueError``) whose message names the parameter as a
keyword, as batch does. This module is a stable interface: functions and
keywords are added, never changed, as the JSON keys are.

    >>> from zhipu_ipo import api
    >>> api.raise_(shares="37,419,500", price="116.20").gross_proceeds
    Decimal('4348145900.00')
"""

from __future__ import annotations

import re
from decimal import Decimal

from .errors import IpoMathError, as_key, reword
from .records import Outcome

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Mapping

#: Keywords that shape printed output: they mean nothing here, and are refused as unknown (as batch refuses them).
_PRINTING = frozenset({"json", "csv", "tsv", "units", "wide", "brief"})
_PARAMETER = re.compile(r"`([a-z][a-z0-9_]*)`")


class ParameterError(ValueError):
    """Bad input to a command: ``parameter`` is the keyword at fault when one is (else None)."""

    def __init__(self, message: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter


class Answer:
    """A command's answer: the result's fields as attributes, and what the JSON envelope holds beside them."""

    def __init__(self, outcome: Outcome) -> None:
        self._outcome = outcome

    def __getattr__(self, name: str) -> Any:
        return getattr(self._outcome.result, name)

    @property
    def result(self) -> Any:
        """The result record (a frozen dataclass; ``None`` fields were not computed)."""
        return self._outcome.result

    @property
    def command(self) -> str:
        return self._outcome.command

    @property
    def inputs(self) -> Mapping[str, Any]:
        return self._outcome.inputs

    @property
    def assumptions(self) -> Mapping[str, Any]:
        """The rules used, with their sources, as the JSON ``assumptions`` has them."""
        return self._outcome.computed.assumptions

    @property
    def rounded(self) -> Mapping[str, str]:
        """The result fields whose value is not exact, and how each was rounded."""
        return self._outcome.rounded

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(reword(note, as_key) for note in self._outcome.notes)

    @property
    def currency(self) -> str:
        return self._outcome.currency

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` envelope as a dict (values as the JSON has them: amounts as exact strings)."""
        from .envelope import to_json_dict

        return to_json_dict(self._outcome)

    def __repr__(self) -> str:
        return f"<Answer {self.command}: {self.result!r}>"


def _text(command: str, key: str, raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, (str, int, Decimal)):
        raise ParameterError(f"{command}: {key}: give a string, an int or a Decimal, not {type(raw).__name__} (a "
                             "float is not exact)", key)
    try:
        return format(raw, "f") if isinstance(raw, Decimal) else str(raw)
    except ValueError:  # an int past Python's 4,300 digits: the bound every value has, as batch words it
        raise ParameterError(f"{command}: {key}: value is longer than 64 characters", key) from None


def call(command: str, **keywords: Any) -> Answer:
    """Run ``command`` (its name as on the command line) on keywords; the functions below call this."""
    from .registry import COMMANDS, compute

    spec = COMMANDS.get(command)
    if spec is None:
        raise ParameterError(f"no command {command!r}: one of {', '.join(COMMANDS)}")
    options = {opt.dest: opt for opt in spec.all_options if opt.dest not in _PRINTING}
    values: dict[str, Any] = {}
    for key, raw in keywords.items():
        opt = options.get(key)
        if opt is None:
            raise ParameterError(f"{command}: unknown keyword {key!r} (keywords: {', '.join(options)})", key)
        if raw is None:
            continue
        if opt.repeat and opt.parse is not None and isinstance(raw, (list, tuple)):
            parse = opt.parse
            try:
                values[key] = [parse(_text(command, key, item)) for item in raw]
            except IpoMathError as error:
                raise ParameterError(f"{command}: {key}: {reword(str(error), as_key)}", key) from None
            continue
        if opt.parse is None:  # a flag (forecast, check): True or False, as batch takes JSON true or false
            if not isinstance(raw, bool):
                raise ParameterError(f"{command}: {key}: give True or False, not {type(raw).__name__}", key)
            if raw:
                values[key] = True
            continue
        try:
            parsed = opt.parse(_text(command, key, raw))
            values[key] = [parsed] if opt.repeat else parsed
        except IpoMathError as error:
            raise ParameterError(f"{command}: {key}: {reword(str(error), as_key)}", key) from None
    try:
        return Answer(compute(spec, values, read_stdin=None))
    except IpoMathError as error:
        parameter = error.parameter  # named where it was raised; else the first `parameter` of the message
        if parameter is None and (found := _PARAMETER.search(str(error))) is not None:
            parameter = found.group(1)
        raise ParameterError(f"{command}: {reword(str(error), as_key)}", parameter) from None


def raise_(**keywords: Any) -> Answer:
    """`raise`: gross and net proceeds of an offer; or the shares or price for a target."""
    return call("raise", **keywords)


def market_cap(**keywords: Any) -> Answer:
    """`market-cap`: market capitalisation at a price, and its change on the offer price."""
    return call("market-cap", **keywords)


def oversubscription(**keywords: Any) -> Answer:
    """`oversubscription`: subscription multiple, demand, and the public-tranche reallocation."""
    return call("oversubscription", **keywords)


def greenshoe(**keywords: Any) -> Answer:
    """`greenshoe`: the over-allotment option's size, proceeds, and stabilisation."""
    return call("greenshoe", **keywords)


def entry_fee(**keywords: Any) -> Answer:
    """`entry-fee`: what one board lot (or N lots) costs to apply for, fee by fee."""
    return call("entry-fee", **keywords)


def ballot(**keywords: Any) -> Answer:
    """`ballot`: one-lot odds, expected allotment and the sure lot from the basis-of-allotment table."""
    return call("ballot", **keywords)


def expected_value(**keywords: Any) -> Answer:
    """`expected-value`: chance of allotment x first-day P&L, less financing and fees."""
    return call("expected-value", **keywords)


def sell(**keywords: Any) -> Answer:
    """`sell`: selling charges and net proceeds by trade date; P&L and break-even."""
    return call("sell", **keywords)


def margin(**keywords: Any) -> Answer:
    """`margin`: IPO financing interest, handling fee and the return that pays for them."""
    return call("margin", **keywords)


def aftermarket(**keywords: Any) -> Answer:
    """`aftermarket`: first-day return, money left on the table, market-adjusted return."""
    return call("aftermarket", **keywords)


def ah_premium(**keywords: Any) -> Answer:
    """`ah-premium`: the premium of an A share over its H share, both conventions."""
    return call("ah-premium", **keywords)


def float_(**keywords: Any) -> Answer:
    """`float`: public float at listing against the 2025 tiers, and the cornerstone share."""
    return call("float", **keywords)


def report(**keywords: Any) -> Answer:
    """`report`: every figure of one deal (``preset=`` or ``file=``)."""
    return call("report", **keywords)


def presets(**keywords: Any) -> Answer:
    """`presets`: the deals shipped with the package (``check=True`` re-derives their announced figures)."""
    return call("presets", **keywords)


def rules(**keywords: Any) -> Answer:
    """`rules`: the Hong Kong reallocation regimes and deal rules, with sources."""
    return call("rules", **keywords)


def compare(**keywords: Any) -> Answer:
    """`compare`: two or more deals side by side (``preset=[...]`` and ``file=[...]``)."""
    return call("compare", **keywords)


def plan(**keywords: Any) -> Answer:
    """`plan`: every application size of a deal with its cost, odds, expected P&L and break-even."""
    return call("plan", **keywords)
