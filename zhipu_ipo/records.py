"""Typed, frozen results and the envelope every command returns.

Each result is a frozen dataclass whose fields carry a label and a ``Kind``
(declared with ``value()``); the renderer reads them to format a table row or a
JSON value, so a new field needs no renderer change. The two wrappers around a
result (``Computed``, ``Outcome``) are named tuples (``collections.namedtuple``, which costs no
``typing`` import): as immutable, and cheap to define on a start-up path measured in milliseconds.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import field, fields
from types import MappingProxyType

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from decimal import Decimal
    from typing import Any, Mapping

SCHEMA_VERSION = 1
DEFAULT_CURRENCY = "HKD"


class Kind:
    """Kinds of result value: each decides the JSON type and the display rounding."""

    SHARES = "shares"  # int, grouped
    COUNT = "count"  # int, grouped (applications, lots, placees)
    MONEY = "money"  # Decimal; JSON keeps it exact (at least 2 places); tables round to the cent
    PRICE = "price"  # Decimal per share; shown as given (at least 2 places)
    PERCENT = "percent"  # Decimal in percent; tables 2 dp
    CHANGE = "change"  # signed percent; tables 2 dp with a sign
    MULTIPLE = "multiple"  # Decimal times; tables 2 dp
    RATE = "rate"  # Decimal factor (an FX rate); shown exactly
    TEXT = "text"  # str
    RECORD = "record"  # a small mapping of str to str (a rule band, say); JSON object
    ROWS = "rows"  # a list of mappings (the rules table); JSON array, drawn as its own table
    TABLE = "table"  # a sequence of results of one type (ballot tiers); JSON array of objects, drawn as one table
    COLUMNS = "columns"  # the same, drawn side by side: one column per result (compared deals)


#: Kinds whose values are mappings or lists: compared, but left out of the hash.
_UNHASHABLE = frozenset({Kind.RECORD, Kind.ROWS, Kind.TABLE, Kind.COLUMNS})


def value(label: str, kind: str, json_null: bool = False, brief: bool = False) -> Any:
    """A result field: optional (None means 'not computed'), labelled, of one kind.

    ``json_null``: the JSON result always has the key, null when the value is None (a contract key).
    ``brief``: a column a person reads first, kept when a table of such results is narrowed to the terminal.
    """
    metadata: dict[str, Any] = {"label": label, "kind": kind}
    if json_null:
        metadata["json_null"] = True
    if brief:
        metadata["brief"] = True
    return field(default=None, hash=kind not in _UNHASHABLE, metadata=metadata)


_NULLS: dict[type, frozenset[str]] = {}


def null_fields(result_type: type) -> frozenset[str]:
    """The fields of a result class that JSON shows as null when they are None."""
    nulls = _NULLS.get(result_type)
    if nulls is None:
        nulls = _NULLS[result_type] = frozenset(item.name for item in fields(result_type)
                                                if item.metadata.get("json_null"))
    return nulls


_SPECS: dict[type, tuple[tuple[str, str, str], ...]] = {}


def field_specs(result_type: type) -> tuple[tuple[str, str, str], ...]:
    """(name, label, kind) for each field of a result class, in declaration order."""
    specs = _SPECS.get(result_type)
    if specs is None:
        specs = _SPECS[result_type] = tuple(
            (item.name, item.metadata["label"], item.metadata["kind"]) for item in fields(result_type)
        )
    return specs


NOTHING_ROUNDED: Mapping[str, str] = MappingProxyType({})


class Computed(namedtuple("Computed", "result assumptions rounded notes currency",
                           defaults=(NOTHING_ROUNDED, (), None))):
    """What a calculation returns: a typed result, the rules it assumed, what it rounded, notes.

    ``result``: the result dataclass; ``assumptions``: a mapping of str to str (or nested);
    ``rounded`` names the result fields whose JSON value is not exact and how they
    were rounded; ``notes`` are remarks for stderr (never stdout); ``currency`` is set when
    the calculation decides the currency (a scenario file). A ``collections.namedtuple``
    (not ``typing.NamedTuple``, whose import costs start-up).
    """

    __slots__ = ()
    result: Any
    assumptions: Mapping[str, Any]
    rounded: Mapping[str, str]
    notes: tuple[str, ...]
    currency: str | None


class Outcome(namedtuple("Outcome", "command inputs computed currency fx", defaults=(DEFAULT_CURRENCY, None))):
    """A command's answer: the calculation with its echoed inputs, currency and optional conversion."""

    __slots__ = ()
    command: str
    inputs: Mapping[str, Any]
    computed: Computed
    currency: str
    fx: tuple[Decimal, str] | None

    @property
    def result(self) -> Any:
        return self.computed.result

    @property
    def notes(self) -> tuple[str, ...]:
        return self.computed.notes

    @property
    def rounded(self) -> Mapping[str, str]:
        return self.computed.rounded
