"""One renderer for every command: a Rich table for people, one JSON object for scripts.

Rich is imported inside ``render_table`` only, so the ``--json`` path never
loads it.
"""

from __future__ import annotations

import json
import os
import sys
from typing import IO, Any

from .formatting import cell_text, compact, default_units, display_value, json_value
from .models import CHANGE, MONEY, MULTIPLE, PERCENT, PRICE, ROWS, SCHEMA_VERSION, Outcome, field_specs

#: Wide enough that Rich never folds or cuts a digit, piped or in a narrow terminal.
TABLE_WIDTH = 1000
TABLE_ROUNDING = "Table rounds money to the cent and % and x to 2 places (half up); --json gives exact values."
_UNIT_SUFFIX = {PERCENT: " (%)", CHANGE: " (%)", MULTIPLE: " (x)"}


def result_items(outcome: Outcome) -> list[tuple[str, str, str, Any]]:
    """(name, label, kind, value) for each computed field of the result, in field order."""
    result = outcome.result
    return [
        (name, label, kind, raw)
        for name, label, kind in field_specs(type(result))
        if (raw := getattr(result, name)) is not None
    ]


def to_json_dict(outcome: Outcome) -> dict[str, Any]:
    """The versioned JSON envelope (schema_version 1); see README "JSON contract"."""
    return {
        "schema_version": SCHEMA_VERSION,
        "command": outcome.command,
        "inputs": dict(outcome.inputs),
        "result": {name: json_value(kind, raw) for name, _, kind, raw in result_items(outcome)},
        "assumptions": dict(outcome.assumptions),
    }


def json_text(outcome: Outcome) -> str:
    return json.dumps(to_json_dict(outcome), indent=2)


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
    console = Console(
        file=file or sys.stdout,
        width=TABLE_WIDTH,
        highlight=False,
        color_system=None if colour_disabled() else "auto",
    )
    title = Text(f"zhipu-ipo {outcome.command} ({outcome.currency})")
    items = [item for item in result_items(outcome) if item[2] != ROWS]
    for _, _, _, rows in (item for item in result_items(outcome) if item[2] == ROWS):
        for row in rows:
            listing = Table(title=Text(str(next(iter(row.values())))), title_justify="left", box=box.SIMPLE_HEAD,
                            header_style="bold", show_header=False)
            listing.add_column("Item", no_wrap=True)
            listing.add_column("Value")
            for key, cell in list(row.items())[1:]:
                if cell not in (None, [], "") and not (isinstance(cell, list) and isinstance(cell[0], dict)):
                    listing.add_row(Text(key), Text(cell_text(cell)))
            console.print(listing)
    if items:
        compact_cells = [compact(raw, style) if kind == MONEY else None for _, _, kind, raw in items]
        show_compact = any(compact_cells)
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, header_style="bold")
        table.add_column("Item", no_wrap=True)
        table.add_column("Value", justify="right", no_wrap=True)
        if show_compact:
            table.add_column("億 / 萬" if style == "zh" else "bn / m", justify="right", no_wrap=True)
        for (_, label, kind, raw), short in zip(items, compact_cells):
            cells = [Text(label_with_unit(label, kind, outcome.currency)), Text(display_value(kind, raw))]
            if show_compact:
                cells.append(Text(short or ""))
            table.add_row(*cells)
        console.print(table)
    footer = [line for line in _assumption_lines(outcome.assumptions) if not line.startswith("display:")]
    if items:
        footer.append(TABLE_ROUNDING)
    console.print(Text("\n".join(footer), style="dim"))


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
