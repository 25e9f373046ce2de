"""CSV and TSV: a header row and plain values, for spreadsheets.

Each cell is the JSON value written as text: an integer as digits, an exact
decimal string as it is (no thousands separators, no units), null as an empty
cell; a small mapping is flattened to dotted names (``band.public_pct``), a list
is its JSON text. One row per result; a result holding a table (ballot tiers,
price-range scenarios, presets, compared deals) is one row per table row, the
headline figures staying in the table and JSON. Columns follow the result's
field order, so a new field adds a column at the end (docs/csv.md lists them).
CSV quotes as the ``csv`` module does; TSV quotes nothing and escapes a tab,
newline, carriage return and backslash (``tsv_field``), so no field holds a tab.
"""

from __future__ import annotations

import csv
import io
import sys

from .envelope import CONVERTIBLE
from .formatting import json_value
from .records import Kind, Outcome, field_specs

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

CSV = "csv"
TSV = "tsv"
TABLES = frozenset({Kind.TABLE, Kind.COLUMNS})


def cell(raw: Any) -> str:
    """A JSON value as CSV text: digits, the exact string, or empty for null."""
    if raw is None:
        return ""
    if isinstance(raw, (list, tuple)):
        import json

        return json.dumps(list(raw), separators=(",", ":"), ensure_ascii=False)  # UTF-8 text, as every other cell
    return raw if isinstance(raw, str) else str(raw)


def _flat(name: str, kind: str, raw: Any) -> list[tuple[str, str]]:
    """(column, text) pairs for one field; a mapping becomes dotted columns."""
    if raw is None:
        return [(name, "")]
    value = json_value(kind, raw)
    if isinstance(value, dict):
        return [(f"{name}.{key}", cell(item)) for key, item in value.items()] or [(name, "")]
    return [(name, cell(value))]


def record_cells(record: Any, suffix: str = "", rate: Any = None) -> list[tuple[str, str]]:
    """Every field of a result record, in declaration order (null as empty), with converted amounts after each."""
    cells: list[tuple[str, str]] = []
    for name, _, kind in field_specs(type(record)):
        if kind in TABLES:
            continue
        raw = getattr(record, name)
        cells.extend(_flat(name, kind, raw))
        if suffix and kind in CONVERTIBLE:
            from .numbers import mul

            cells.append((name + suffix, cell(json_value(kind, mul(raw, rate))) if raw is not None else ""))
    return cells


def table_of(outcome: Outcome) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of an outcome."""
    result = outcome.result
    suffix = f"_{outcome.fx[1].lower()}" if outcome.fx else ""
    rate = outcome.fx[0] if outcome.fx else None
    tables = [getattr(result, name) for name, _, kind in field_specs(type(result)) if kind in TABLES]
    rows_of = next((rows for rows in tables if rows), None)
    records = list(rows_of) if rows_of is not None else [result]
    lines = [record_cells(record, suffix, rate) for record in records]
    header = [column for column, _ in lines[0]]
    return header, [[text for _, text in line] for line in lines]


#: TSV (IANA text/tab-separated-values: no tab in a field) escapes as PostgreSQL's text format does, and quotes
#: nothing: a backslash, tab, newline and carriage return in a value are written \\, \t, \n and \r.
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_field(text: str) -> str:
    """A value as one TSV field: backslash, tab, newline and carriage return escaped; nothing quoted."""
    return text.translate(_TSV_ESCAPES)


def csv_text(outcome: Outcome, style: str = CSV) -> str:
    header, rows = table_of(outcome)
    if style == TSV:
        return "".join("\t".join(map(tsv_field, line)) + "\n" for line in (header, *rows))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def emit_csv(outcome: Outcome, style: str) -> None:
    sys.stdout.write(csv_text(outcome, style))
