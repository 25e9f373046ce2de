"""Named tuples, as ``collections.namedtuple`` makes them, without compiling code for every class.

``collections.namedtuple`` writes the source of each class's ``__new__`` and compiles it (about 60 us a
class, and a preset's report defines twenty on its way to an answer). Here the ``__new__`` of a given
number of fields is compiled once, and each class takes a copy of its code with the field names put in
(``CodeType.replace``): the same signature, keywords and defaults, and an instance built as fast. The
rest of the class is what ``collections.namedtuple`` gives: ``_fields``, ``_field_defaults``, ``_make``,
``_replace``, ``_asdict``, a field-by-field repr, a read-only property per field.
"""

from __future__ import annotations

import sys
from keyword import iskeyword
from operator import itemgetter
from types import CodeType, FunctionType

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Iterable

_tuple_new = tuple.__new__
_GLOBALS = {"_tuple_new": _tuple_new}
#: ``__new__`` of up to twelve fields, written out: compiled with the module (its .pyc), not when a class is made.
_NEW = (
    lambda _cls, _0: _tuple_new(_cls, (_0,)),
    lambda _cls, _0, _1: _tuple_new(_cls, (_0, _1)),
    lambda _cls, _0, _1, _2: _tuple_new(_cls, (_0, _1, _2)),
    lambda _cls, _0, _1, _2, _3: _tuple_new(_cls, (_0, _1, _2, _3)),
    lambda _cls, _0, _1, _2, _3, _4: _tuple_new(_cls, (_0, _1, _2, _3, _4)),
    lambda _cls, _0, _1, _2, _3, _4, _5: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10)),
    lambda _cls, _0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11: _tuple_new(_cls, (_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11)),
)
#: The code of ``lambda _cls, _0, ..., _n: tuple.__new__(_cls, (_0, ..., _n))``, by the number of fields.
_NEW_CODE: dict[int, CodeType] = {len(new.__code__.co_varnames) - 1: new.__code__ for new in _NEW}


def _new_code(arity: int) -> CodeType:
    code = _NEW_CODE.get(arity)
    if code is None:  # more fields than written out above: compiled once for this many
        names = ", ".join(f"_{index}" for index in range(arity))
        code = _NEW_CODE[arity] = eval(  # noqa: S307 - a fixed text of generated names, no input in it
            f"lambda _cls, {names}: _tuple_new(_cls, ({names}{',' if arity == 1 else ''}))", _GLOBALS).__code__
    return code


def _named_tuple(typename: str, field_names: str, *, defaults: Iterable[Any] = ()) -> Any:
    """A tuple class with named fields (``field_names`` separated by spaces), the last ones defaulted."""
    fields = tuple(field_names.split())
    defaults = tuple(defaults)
    if len(set(fields)) != len(fields) or not all(name.isidentifier() and not iskeyword(name) and name[0] != "_"
                                                  for name in fields):
        raise ValueError(f"field names must be distinct identifiers, not keywords or private: {field_names!r}")
    if len(defaults) > len(fields):
        raise TypeError("got more default values than field names")
    new = FunctionType(_new_code(len(fields)).replace(co_varnames=("_cls", *fields), co_name="__new__",
                                                      co_qualname=f"{typename}.__new__"),
                       _GLOBALS, "__new__", defaults or None)

    def _make(cls: Any, iterable: Iterable[Any]) -> Any:
        made = tuple.__new__(cls, iterable)
        if len(made) != len(fields):
            raise TypeError(f"Expected {len(fields)} arguments, got {len(made)}")
        return made

    def _replace(self: Any, **changes: Any) -> Any:
        made = self._make(map(changes.pop, fields, self))
        if changes:
            raise ValueError(f"Got unexpected field names: {list(changes)!r}")
        return made

    def __repr__(self: Any) -> str:
        return f"{self.__class__.__name__}({', '.join(f'{name}={value!r}' for name, value in zip(fields, self))})"

    def _asdict(self: Any) -> dict[str, Any]:
        return dict(zip(fields, self))

    def __getnewargs__(self: Any) -> tuple[Any, ...]:
        return tuple(self)

    namespace: dict[str, Any] = {
        "__doc__": f"{typename}({', '.join(fields)})", "__slots__": (), "_fields": fields,
        "_field_defaults": dict(zip(fields[len(fields) - len(defaults):], defaults)), "__new__": new,
        "_make": classmethod(_make), "_replace": _replace, "__repr__": __repr__, "_asdict": _asdict,
        "__getnewargs__": __getnewargs__, "__match_args__": fields,
        "__module__": sys._getframe(1).f_globals.get("__name__", "__main__"),
    }
    for index, name in enumerate(fields):
        namespace[name] = property(itemgetter(index), doc=f"Alias for field number {index}")
    return type(typename, (tuple,), namespace)


if TYPE_CHECKING:  # the type checker knows collections.namedtuple's classes field by field
    from collections import namedtuple as named_tuple
else:
    named_tuple = _named_tuple
