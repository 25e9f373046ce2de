"""Typed, frozen results and the envelope every command returns.

Each result is a frozen dataclass whose fields carry a label and a ``Kind``
(declared with ``value()``); the renderer reads them to format a table row or a
JSON value, so a new field needs no renderer change. The two wrappers around a
result (``Computed``, ``Outcome``) are named tuples (``tuples.named_tuple``, which costs no
``typing`` import): as immutable, and cheap to define on a start-up path measured in milliseconds.
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from types import MappingProxyType
from .tuples import named_tuple

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from decimal import Decimal
    from typing import Any, Callable, Mapping, TypeVar, dataclass_transform

    T = TypeVar("T")
else:
    def dataclass_transform(**_options: object) -> object:
        """typing.dataclass_transform for the type checker; at run time, nothing."""
        return lambda function: function

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


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    """The one ``__init__`` of every result class: keywords (or positions) for its fields."""
    template = type(self).__result_template__
    if template is not None and not args:  # keywords only, no factory: cheap
        values = template.copy()  # every field, in order, at its default
        values.update(kwargs)
        if len(values) == len(template):  # (a keyword that is no field would have added a key)
            self.__dict__.update(values)
            return
    names, defaults = type(self).__result_init__
    if args:
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}() takes {len(names)} positional arguments but {len(args)} were given")
        for name, arg in zip(names, args):
            if name in kwargs:
                raise TypeError(f"{type(self).__name__}() got multiple values for argument {name!r}")
            kwargs[name] = arg
    values = {}
    for name in names:
        if name in kwargs:
            values[name] = kwargs.pop(name)
        else:
            default = defaults.get(name, MISSING)
            if default is MISSING:
                raise TypeError(f"{type(self).__name__}() missing required argument: {name!r}")
            values[name] = default() if isinstance(default, _Factory) else default
    if kwargs:
        raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument {next(iter(kwargs))!r}")
    self.__dict__.update(values)


class _Factory:
    """A field's default_factory, told apart from a default value."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make

    def __call__(self) -> Any:
        return self.make()


def _repr(self: Any) -> str:
    names = type(self).__result_init__[0]
    return f"{type(self).__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in names)})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = type(self).__result_compare__
    return tuple(getattr(self, name) for name in names) == tuple(getattr(other, name) for name in names)


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, name) for name in type(self).__result_hash__))


def _setattr(self: Any, name: str, _value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


#: Annotations dataclass() does not make fields of, looked for in each annotation's text.
_PSEUDO_FIELDS = ("ClassVar", "InitVar", "KW_ONLY")


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True)`` for a result class, without generating code for it.

    ``dataclass()`` writes and ``exec``s an ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
    ``__setattr__`` and ``__delattr__`` for every class (about 1 ms for a class of 20 fields, on a
    start-up path that builds up to 17 of them). Here ``dataclass()`` only collects the fields (so
    ``dataclasses.fields`` and ``dataclasses.replace`` work as before) and the class takes shared
    methods that read its field names: keyword or positional construction with the fields' defaults,
    frozen, equal by value, hashable over its hashed fields, a dataclass-style repr.
    """
    if not cls.__doc__:  # else dataclass() writes one from inspect.signature, at a cost
        cls.__doc__ = f"{cls.__name__}({', '.join(cls.__dict__.get('__annotations__', ()))})"
    written = cls.__dict__.get("__annotations__", {})
    if not any(marker in text for text in written.values() for marker in _PSEUDO_FIELDS):
        cls.__annotations__ = dict.fromkeys(written, object)  # no string to test for a ClassVar: about 40% faster
    made: Any = dataclass(init=False, repr=False, eq=False)(cls)
    made.__annotations__ = written
    params = made.__dataclass_params__
    params.eq = params.frozen = params.init = params.repr = True  # what the class behaves as
    items = fields(made)
    defaults: dict[str, Any] = {}
    for item in items:
        item.type = written[item.name]
        if item.default is not MISSING:
            defaults[item.name] = item.default
        elif item.default_factory is not MISSING:
            defaults[item.name] = _Factory(item.default_factory)
    made.__result_init__ = (tuple(item.name for item in items if item.init), defaults)
    plain = all(item.name in defaults and not isinstance(defaults[item.name], _Factory) for item in items if item.init)
    made.__result_template__ = {item.name: defaults[item.name] for item in items if item.init} if plain else None
    made.__result_compare__ = tuple(item.name for item in items if item.compare)
    made.__result_hash__ = tuple(item.name for item in items if (item.compare if item.hash is None else item.hash))
    made.__init__ = _init
    made.__repr__ = _repr
    made.__eq__ = _eq
    made.__hash__ = _hash
    made.__setattr__ = _setattr
    made.__delattr__ = _delattr
    return made


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


class Computed(named_tuple("Computed", "result assumptions rounded notes currency",
                           defaults=(NOTHING_ROUNDED, (), None))):
    """What a calculation returns: a typed result, the rules it assumed, what it rounded, notes.

    ``result``: the result dataclass; ``assumptions``: a mapping of str to str (or nested);
    ``rounded`` names the result fields whose JSON value is not exact and how they
    were rounded; ``notes`` are remarks for stderr (never stdout); ``currency`` is set when
    the calculation decides the currency (a scenario file). A named tuple
    (``tuples.named_tuple``: not ``typing.NamedTuple``, whose import costs start-up).
    """

    __slots__ = ()
    result: Any
    assumptions: Mapping[str, Any]
    rounded: Mapping[str, str]
    notes: tuple[str, ...]
    currency: str | None


class Outcome(named_tuple("Outcome", "command inputs computed currency fx", defaults=(DEFAULT_CURRENCY, None))):
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
