"""One renderer for every command: a Rich table for people, one JSON object for scripts.

Rich is imported inside ``render_table`` only, so the ``--json`` path never
loads it.
"""

from __future__ import annotations

import json
import os
from json.encoder import encode_basestring_ascii as encode_string
import sys
from decimal import Decimal
from typing import IO, Any

from .formatting import JSON_CONVERTERS, cell_text, compact, default_units, display_value, json_value
from .models import (
    CHANGE,
    COUNT,
    MONEY,
    MULTIPLE,
    PERCENT,
    PRICE,
    RATE,
    ROWS,
    SCHEMA_VERSION,
    SHARES,
    Outcome,
    field_specs,
)
from .numbers import mul

#: Wide enough that Rich never folds or cuts a digit, piped or in a narrow terminal.
TABLE_WIDTH = 1000
TABLE_ROUNDING = "Table rounds money to the cent and % and x to 2 places (half up); --json gives exact values."
_UNIT_SUFFIX = {PERCENT: " (%)", CHANGE: " (%)", MULTIPLE: " (x)"}


def result_items(outcome: Outcome) -> list[tuple[str, str, str, Any]]:
    """(name, label, kind, value) for each computed field of the result, in field order."""
    result = outcome.result
    state = vars(result)
    return [
        (name, label, kind, raw)
        for name, label, kind in field_specs(type(result))
        if (raw := state[name]) is not None
    ]


def converted_amount(outcome: Outcome, kind: str, raw: Any) -> Decimal | None:
    """An amount or price in the --to currency (exact), or None when there is no conversion."""
    if outcome.fx is None or kind not in (MONEY, PRICE):
        return None
    return mul(raw, outcome.fx[0])


def json_result(outcome: Outcome) -> dict[str, Any]:
    if outcome.fx is None:
        state = vars(outcome.result)
        return {name: json_value(kind, raw) for name, _, kind in field_specs(type(outcome.result))
                if (raw := state[name]) is not None}
    result: dict[str, Any] = {}
    suffix = f"_{outcome.fx[1].lower()}"
    for name, _, kind, raw in result_items(outcome):
        result[name] = json_value(kind, raw)
        other = converted_amount(outcome, kind, raw)
        if other is not None:
            result[name + suffix] = json_value(kind, other)
    return result


def to_json_dict(outcome: Outcome) -> dict[str, Any]:
    """The versioned JSON envelope (schema_version 1); see README "JSON contract"."""
    return {
        "schema_version": SCHEMA_VERSION,
        "command": outcome.command,
        "inputs": dict(outcome.inputs),
        "result": json_result(outcome),
        "assumptions": dict(outcome.assumptions),
    }


def json_text(outcome: Outcome) -> str:
    return json.dumps(to_json_dict(outcome), indent=2)


_compact = json.JSONEncoder(separators=(",", ":")).encode


def _unencodable(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


# The C encoder made once, not once per call as json.dumps does.
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_iterencode = (
    _c_make_encoder(None, _unencodable, encode_string, None, ":", ",", False, False, True)
    if _c_make_encoder is not None else None
)


def compact_json(value: Any) -> str:
    """One-line JSON (the same text as json.dumps with compact separators)."""
    if _iterencode is None:
        return _compact(value)
    return "".join(_iterencode(value, 0))


_ASSUMPTIONS_JSON: dict[Any, str] = {}
_NUMBER_KINDS = frozenset({SHARES, COUNT})
_TEXT_NUMBER_KINDS = frozenset({MONEY, PRICE, PERCENT, CHANGE, MULTIPLE, RATE})


def json_line(outcome: Outcome) -> str:
    """The envelope as one compact line (batch mode): the same object as ``to_json_dict``.

    Written by hand from fragments because batch mode is measured in rows per second:
    counts and exact decimal text need no JSON escaping, the assumptions of a
    command rarely change from row to row and are encoded once.
    """
    assumptions = outcome.assumptions
    try:
        key: Any = tuple(assumptions.items())
        encoded = _ASSUMPTIONS_JSON.get(key)
    except TypeError:  # a nested mapping (rounded) is not hashable: encode it each time
        key, encoded = None, None
    if encoded is None:
        encoded = compact_json(dict(assumptions))
        if key is not None:
            if len(_ASSUMPTIONS_JSON) > 512:
                _ASSUMPTIONS_JSON.clear()
            _ASSUMPTIONS_JSON[key] = encoded
    inputs = compact_json(outcome.inputs)
    if outcome.fx is None:
        kinds = type(outcome.result).KINDS
        parts = []
        for name, raw in vars(outcome.result).items():
            if raw is None:
                continue
            kind = kinds[name]
            if kind in _NUMBER_KINDS:
                parts.append(f'"{name}":{int(raw)}')
            elif kind in _TEXT_NUMBER_KINDS:
                parts.append(f'"{name}":"{JSON_CONVERTERS[kind](raw)}"')
            else:
                parts.append(f'"{name}":{compact_json(json_value(kind, raw))}')
        result = "{" + ",".join(parts) + "}"
    else:
        result = compact_json(json_result(outcome))
    return (f'{{"schema_version":{SCHEMA_VERSION},"command":{encode_string(outcome.command)},'
            f'"inputs":{inputs},"result":{result},"assumptions":{encoded}}}')


def label_with_unit(label: str, kind: str, currency: str) -> str:
    if kind in (MONEY, PRICE):
        return f"{label} ({currency})"
    return label + _UNIT_SUFFIX.get(kind, "")


def colour_disabled() -> bool:
    return os.environ.get("NO_COLOR", "") != "" or os.environ.get("TERM") == "dumb"


def render_table(outcome: Outcome, units: str | None = None, file: IO[str] | None = None) -> None:
    """Print the outcome as a two- or three-column table: item, exact value, 億/bn form."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    style = units or default_units(outcome.currency)
    console = Console(file=file or sys.stdout, highlight=False, color_system=None if colour_disabled() else "auto")
    if not console.is_terminal:
        console.width = TABLE_WIDTH  # piped: never fold, cut or pad to a guessed width
    title = Text(f"zhipu-ipo {outcome.command} ({outcome.currency})")
    items = [item for item in result_items(outcome) if item[2] != ROWS]
    for _, _, _, rows in (item for item in result_items(outcome) if item[2] == ROWS):
        for row in rows:
            listing = Table(title=Text(str(next(iter(row.values())))), title_justify="left", box=box.SIMPLE_HEAD,
                            header_style="bold", show_header=False)
            listing.add_column("Item", no_wrap=True)
            listing.add_column("Value", overflow="fold")
            for key, cell in list(row.items())[1:]:
                if cell not in (None, [], "") and not (isinstance(cell, list) and isinstance(cell[0], dict)):
                    listing.add_row(Text(key), Text(cell_text(cell)))
            _print_whole(console, listing)
    if items:
        compact_cells = [compact(raw, style) if kind == MONEY else None for _, _, kind, raw in items]
        show_compact = any(compact_cells)
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, header_style="bold")
        table.add_column("Item", overflow="fold")
        table.add_column("Value", justify="right", no_wrap=True)
        if show_compact:
            table.add_column("億 / 萬" if style == "zh" else "bn / m", justify="right", no_wrap=True)
        if outcome.fx:
            table.add_column(outcome.fx[1], justify="right", no_wrap=True)
        for (_, label, kind, raw), short in zip(items, compact_cells):
            cells = [Text(label_with_unit(label, kind, outcome.currency)), Text(display_value(kind, raw))]
            if show_compact:
                cells.append(Text(short or ""))
            if outcome.fx:
                other = converted_amount(outcome, kind, raw)
                cells.append(Text(display_value(kind, other) if other is not None else ""))
            table.add_row(*cells)
        _print_whole(console, table)
    footer = [line for line in _assumption_lines(outcome.assumptions) if not line.startswith("display:")]
    if items:
        footer.append(TABLE_ROUNDING)
    console.print(Text("\n".join(footer), style="dim"))


def _print_whole(console: Any, table: Any) -> None:
    """Print a table; in a terminal too narrow for its values, widen it rather than cut a digit.

    Labels wrap to fit the terminal; value columns never wrap, so when even the
    narrowest layout is wider than the terminal the lines are left to the
    terminal to wrap, with every digit still printed.
    """
    needed = console.measure(table).minimum
    if needed > console.width:
        console.width = needed
    console.print(table)


def _assumption_lines(assumptions: Any, prefix: str = "") -> list[str]:
    lines = []
    for key, text in assumptions.items():
        if isinstance(text, dict):
            lines.extend(_assumption_lines(text, f"{prefix}{key}."))
        else:
            lines.append(f"{prefix}{key}: {text}")
    return lines


def emit(outcome: Outcome, *, as_json: bool, units: str | None = None) -> None:
    """Write the outcome to stdout (table or JSON) and its notes to stderr."""
    for note in outcome.notes:
        print(f"note: {note}", file=sys.stderr)
    if as_json:
        sys.stdout.write(json_text(outcome) + "\n")
    else:
        render_table(outcome, units)
