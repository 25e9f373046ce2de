"""Typed, frozen results and the envelope every command returns.

Each result field carries its label and its kind; the renderer (``render.py``)
reads them to format a table row or a JSON value, so a new field needs no
renderer change.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

SCHEMA_VERSION = 1

# Kinds of value, which decide the JSON type and the display rounding.
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


class Field:
    """A labelled result field of one kind; its attribute name comes from the class body."""

    __slots__ = ("name", "label", "kind")

    def __init__(self, label: str, kind: str) -> None:
        self.name = ""
        self.label = label
        self.kind = kind

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name


def value(label: str, kind: str) -> Any:
    """A result field: optional (None means 'not computed'), labelled, of one kind."""
    return Field(label, kind)


class Record:
    """A frozen record whose fields are declared with ``value()``, in order.

    A light stand-in for a frozen dataclass: importing ``dataclasses`` (and with
    it ``inspect``) costs about 10 ms, a sixth of the start-up budget.
    """

    FIELDS: tuple[Field, ...] = ()
    SPECS: tuple[tuple[str, str, str], ...] = ()
    KINDS: dict[str, str] = {}
    _EMPTY: dict[str, None] = {}

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        own = tuple(item for item in vars(cls).values() if isinstance(item, Field))
        cls.FIELDS = cls.FIELDS + own
        cls.SPECS = tuple((item.name, item.label, item.kind) for item in cls.FIELDS)
        cls.KINDS = {item.name: item.kind for item in cls.FIELDS}
        cls._EMPTY = dict.fromkeys(item.name for item in cls.FIELDS)

    def __init__(self, **values: Any) -> None:
        if not values.keys() <= self._EMPTY.keys():
            raise TypeError(f"{type(self).__name__} has no field {', '.join(values.keys() - self._EMPTY.keys())}")
        state = self.__dict__
        state.update(self._EMPTY)
        state.update(values)

    def __setattr__(self, name: str, new: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(
            getattr(self, item.name) == getattr(other, item.name) for item in self.FIELDS
        )

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, item.name) for item in self.FIELDS))

    def __repr__(self) -> str:
        shown = ", ".join(f"{item.name}={getattr(self, item.name)!r}" for item in self.FIELDS
                          if getattr(self, item.name) is not None)
        return f"{type(self).__name__}({shown})"


def field_specs(result_type: type) -> tuple[tuple[str, str, str], ...]:
    """(name, label, kind) for each field of a result class, in declaration order."""
    return result_type.SPECS  # type: ignore[attr-defined, no-any-return]


class Outcome:
    """What a command computed: echoed inputs, a typed result, the rules it assumed.

    ``rounded`` names the result fields whose JSON value is not exact and how
    they were rounded; ``notes`` are remarks for stderr (never stdout).
    """

    __slots__ = ("command", "inputs", "result", "assumptions", "currency", "rounded", "notes", "fx")

    def __init__(
        self,
        command: str,
        inputs: Mapping[str, Any],
        result: Any,
        assumptions: Mapping[str, Any],
        currency: str = "HKD",
        rounded: Mapping[str, str] | None = None,
        notes: tuple[str, ...] = (),
    ) -> None:
        self.command = command
        self.inputs = inputs
        self.result = result
        self.assumptions = assumptions
        self.currency = currency
        self.rounded = rounded or {}
        self.notes = notes
        self.fx: tuple[Decimal, str] | None = None

    def converted(self, rate: Decimal | None, target: str | None) -> "Outcome":
        """This outcome with its amounts also shown in ``target`` at ``rate`` (1 unit = rate target)."""
        from .errors import InputError

        if rate is None and target is None:
            return self
        if rate is None or target is None:
            raise InputError("give --fx RATE and --to CURRENCY together (e.g. --fx 0.9264 --to CNY)")
        if target == self.currency:
            raise InputError(f"--to {target} is already the currency of the amounts")
        converted = Outcome(self.command, {**self.inputs, "fx": format(rate, "f"), "to": target}, self.result,
                            {**self.assumptions, "fx": f"1 {self.currency} = {rate:f} {target}, as given; "
                             f"converted amounts are exact and end in _{target.lower()}"},
                            self.currency, self.rounded, self.notes)
        converted.fx = (rate, target)
        return converted
