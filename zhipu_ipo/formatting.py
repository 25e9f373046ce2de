"""Turning exact values into text: JSON values, table cells, 億/萬 and bn/m forms.

Display rounding happens here and only here: money to the cent and
percentages and multiples to 2 places, half up. JSON values are exact.
"""

from __future__ import annotations

from decimal import Decimal

from .errors import InputError, choose, shown
from .numbers import round_cents, round_places
from .records import Kind, field_specs

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable

UNITS_ZH = "zh"
UNITS_EN = "en"
UNITS_PLAIN = "plain"
UNIT_STYLES = (UNITS_ZH, UNITS_EN, UNITS_PLAIN)
#: Currencies whose readers count in 萬 and 億 by default; the rest get bn and m.
CHINESE_UNIT_CURRENCIES = frozenset({"HKD", "CNY", "RMB", "TWD", "MOP"})

_ZH_STEPS = ((8, "億"), (4, "萬"))
_EN_STEPS = ((12, "tn"), (9, "bn"), (6, "m"))


def default_units(currency: str) -> str:
    return UNITS_ZH if currency in CHINESE_UNIT_CURRENCIES else UNITS_EN


def parse_currency(text: str) -> str:
    """A three-letter currency code, upper-cased; a label for amounts, never a conversion."""
    code = text.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise InputError(f"{shown(text)} is not a three-letter currency code (HKD, CNY, USD)")
    return code


def parse_units(text: str) -> str:
    return choose(text, UNIT_STYLES, "units")


def exact_text(number: Decimal) -> str:
    """Fixed-point text of a Decimal, never in exponent form."""
    return format(number, "f")


def money_text(amount: Decimal) -> str:
    """Exact money text with at least two decimal places (padding, never rounding)."""
    text = format(amount, "f")
    dot = text.find(".")
    if dot < 0:
        return text + ".00"
    return text + "0" if dot == len(text) - 2 else text


def _same(raw: Any) -> Any:
    return raw


#: The JSON form of each kind of result value: counts as integers, the rest as exact decimal text.
JSON_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    Kind.SHARES: int, Kind.COUNT: int, Kind.MONEY: money_text, Kind.PRICE: exact_text, Kind.PERCENT: exact_text,
    Kind.CHANGE: exact_text, Kind.MULTIPLE: exact_text, Kind.RATE: exact_text, Kind.RECORD: dict, Kind.ROWS: list,
}


def json_value(kind: str, raw: Any) -> Any:
    """The JSON form of a result value."""
    return JSON_CONVERTERS.get(kind, _same)(raw)


def _table_json(rows: Any) -> list[dict[str, Any]]:
    """A sequence of results of one type: one JSON object per row, each value by its field's kind."""
    return [{name: json_value(kind, raw) for name, _, kind in field_specs(type(row))
             if (raw := getattr(row, name)) is not None} for row in rows]


JSON_CONVERTERS[Kind.TABLE] = JSON_CONVERTERS[Kind.COLUMNS] = _table_json


def display_value(kind: str, raw: Any) -> str:
    """A table cell: grouped digits, rounded only as the module docstring says."""
    if kind in (Kind.SHARES, Kind.COUNT):
        return f"{int(raw):,}"
    if kind == Kind.MONEY:
        return format(round_cents(raw), ",f")
    if kind == Kind.PRICE:
        return format(round_places(raw, 2) if raw.as_tuple().exponent > -2 else raw, ",f")
    if kind in (Kind.PERCENT, Kind.MULTIPLE):
        return format(round_places(raw, 2), ",f")
    if kind == Kind.CHANGE:
        text = format(round_places(raw, 2), ",f")
        return text if text.startswith("-") else "+" + text
    if kind == Kind.RATE:
        return format(raw, "f")
    if kind == Kind.ROWS and isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        return ", ".join(dict.fromkeys(map(_short_source, raw)))  # a table cell: each site once, not whole URLs
    if kind == Kind.RECORD:
        if "rung" in raw:  # a reallocation band
            share = f" -> {raw['public_pct']}%" if raw.get("public_pct", "fixed") != "fixed" else ""
            return f"{raw['regime']} {raw['rung']}{share}"
        return ", ".join(f"{key}: {item}" for key, item in raw.items())
    return cell_text(raw)


def _short_source(text: str) -> str:
    """A source's site (www1.hkexnews.hk), or the text itself when it is not a URL."""
    scheme, found, rest = text.partition("://")
    return rest.split("/", 1)[0] if found and scheme.isalpha() else text


def cell_text(raw: Any) -> str:
    """A value inside a rows table (lists and mappings flattened to one line)."""
    if raw is None:
        return ""
    if isinstance(raw, list):
        return "\n".join(cell_text(item) for item in raw)
    if isinstance(raw, dict):
        return ", ".join(f"{key} {cell_text(item)}" for key, item in raw.items())
    return str(raw)


def compact(amount: Decimal, units: str) -> str | None:
    """``528.28億`` or ``52.83bn`` for a large amount (2 places, half up); None if small or plain."""
    steps = _ZH_STEPS if units == UNITS_ZH else _EN_STEPS if units == UNITS_EN else ()
    magnitude = abs(amount)
    for power, suffix in steps:
        if magnitude.adjusted() >= power:
            return format(round_places(amount.scaleb(-power), 2), ",f") + suffix
    return None


def terminal_safe(text: str) -> str:
    """Text for a terminal: control and format characters (C0, C1, ESC, DEL, bidi) shown escaped; newlines kept."""
    if text.isprintable():
        return text
    return "\n".join("".join(char if char.isprintable() else repr(char)[1:-1] for char in line)
                      for line in text.split("\n"))
