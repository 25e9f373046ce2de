"""One renderer for every command: a Rich table for people (the JSON envelope is ``envelope.py``).

Rich is imported inside ``render_table`` only, so the ``--json`` path never
loads it (nor this module: ``registry.execute`` writes JSON through ``envelope``).
"""

from __future__ import annotations

import os
import sys

from .exits import say
from .formatting import (
    UNITS_EN,
    UNITS_PLAIN,
    UNITS_ZH,
    cell_text,
    compact,
    default_units,
    display_value,
    terminal_safe,
)
from .envelope import CONVERTIBLE, assumptions, converted_amount, say_notes

from .records import Kind, Outcome, field_specs

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import IO, Any

#: Wide enough that Rich never folds or cuts a digit when piped.
TABLE_WIDTH = 1000
TABLE_ROUNDING = "Table rounds money to the cent and % and x to 2 places (half up); --json gives exact values."
_UNIT_SUFFIX = {Kind.PERCENT: " (%)", Kind.CHANGE: " (%)", Kind.MULTIPLE: " (x)"}


def result_items(outcome: Outcome) -> list[tuple[str, str, str, Any]]:
    """(name, label, kind, value) for each computed field of the result, in field order."""
    result = outcome.result
    return [
        (name, label, kind, raw)
        for name, label, kind in field_specs(type(result))
        if (raw := getattr(result, name)) is not None
    ]


def label_with_unit(label: str, kind: str, currency: str) -> str:
    if kind in CONVERTIBLE:
        return f"{label} ({currency})"
    return label + _UNIT_SUFFIX.get(kind, "")


def colour_disabled() -> bool:
    return os.environ.get("NO_COLOR", "") != "" or os.environ.get("TERM") == "dumb"


#: A terminal reported (or set in COLUMNS) narrower than this, or not at all, is taken as this wide.
FALLBACK_WIDTH = 80


def terminal_width(stream: IO[str]) -> int:
    """The width to draw for a terminal: COLUMNS if it is a positive number, else the terminal's, else 80."""
    text = os.environ.get("COLUMNS", "").strip()
    if text.isdigit() and text.isascii() and 0 < int(text) <= TABLE_WIDTH:
        return int(text)
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        columns = 0
    return columns if 0 < columns <= TABLE_WIDTH else FALLBACK_WIDTH


def can_encode(stream: IO[str], text: str) -> bool:
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class Grid:
    """One table to draw: a title, headers, rows of cells; the first column is the label (a label may fold), or
    in a table of results (``labelled`` False) the first field, a value like the others (never cut)."""

    def __init__(self, title: str, headers: list[str] | None, right_aligned: bool, labelled: bool = True) -> None:
        self.title = title
        self.headers = headers
        self.right_aligned = right_aligned
        self.labelled = labelled
        self.rows: list[list[str]] = []
        self.hidden = 0  # columns left out to fit the terminal (--wide shows them)


def render_table(outcome: Outcome, units: str | None = None, file: IO[str] | None = None, wide: bool = False,
                 brief: bool = False) -> None:
    """Print the outcome as tables (item, exact value, 億/bn form) and the assumptions beneath.

    In a terminal too narrow for a table of results, the columns a person reads first are kept
    (``value(..., brief=True)``) and a line says how many more ``--wide`` shows; ``brief`` leaves
    out the assumptions and sources (JSON and CSV keep them)."""
    from rich.console import Console

    stream = file or sys.stdout
    if not can_encode(stream, "億萬"):
        if units == UNITS_ZH:
            say("note: this output cannot show Chinese units (its encoding is "
                f"{getattr(stream, 'encoding', '?')}); amounts are shown with --units en")
        units = UNITS_EN if units != UNITS_PLAIN else units
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    console = Console(file=stream, highlight=False, color_system=None if colour_disabled() else "auto")
    console.width = terminal_width(stream) if console.is_terminal else TABLE_WIDTH
    fit_to = console.width if console.is_terminal and not wide else None
    for grid in grids(outcome, units or default_units(outcome.currency), fit_to):
        draw(console, grid)
        if grid.hidden:
            console.file.write(f"{grid.hidden} more columns with --wide (or --csv)\n\n")
    if brief:
        return
    footer = [terminal_safe(line).rstrip() for line in _assumption_lines(assumptions(outcome)) if not line.startswith("display:")]
    if any(kind != Kind.ROWS for _, _, kind, _ in result_items(outcome)):
        footer.append(TABLE_ROUNDING)
    print_dim(console, "\n".join(footer))


def print_dim(console: Any, text: str) -> None:
    """Print text dimmed, no line ending in a space. Uncoloured lines that fit are written as they are: what Rich
    would print, without wrapping every line to find that nothing wraps."""
    from rich.cells import cell_len
    from rich.text import Text

    lines = text.split("\n")
    if console.color_system is None and max(map(cell_len, lines)) <= console.width:
        console.file.write("".join(f"{line.rstrip(' ')}\n" for line in lines))
        return
    with console.capture() as capture:
        console.print(Text(text, style="dim"))
    console.file.write(_without_trailing_spaces(capture.get()))


def grids(outcome: Outcome, style: str, fit_to: int | None = None) -> list[Grid]:
    """The tables of an outcome: one per listed row (rules, presets), then one of the result's values."""
    found: list[Grid] = []
    items = [item for item in result_items(outcome) if item[2] not in (Kind.ROWS, Kind.TABLE, Kind.COLUMNS)]
    for _, label, _, rows in (item for item in result_items(outcome) if item[2] == Kind.TABLE and item[3]):
        found.append(table_grid(label, rows, outcome.currency, fit_to))
    for _, label, _, rows in (item for item in result_items(outcome) if item[2] == Kind.COLUMNS and item[3]):
        found.append(columns_grid(label, rows, outcome.currency))
    for _, _, _, rows in (item for item in result_items(outcome) if item[2] == Kind.ROWS):
        for row in rows:
            listing = Grid(terminal_safe(str(next(iter(row.values())))), None, False)
            for key, cell in list(row.items())[1:]:
                if cell not in (None, [], "") and not (isinstance(cell, list) and isinstance(cell[0], dict)):
                    listing.rows.append([key, terminal_safe(cell_text(cell))])
            found.append(listing)
    if items:
        compact_cells = [compact(raw, style) if kind == Kind.MONEY else None for _, _, kind, raw in items]
        show_compact = any(compact_cells)
        headers = ["Item", "Value"]
        if show_compact:
            headers.append("億 / 萬" if style == UNITS_ZH else "bn / m")
        if outcome.fx:
            headers.append(outcome.fx[1])
        values = Grid(f"zhipu-ipo {outcome.command} ({outcome.currency})", headers, True)
        for (_, label, kind, raw), short in zip(items, compact_cells):
            cells = [label_with_unit(label, kind, outcome.currency), terminal_safe(display_value(kind, raw))]
            if show_compact:
                cells.append(short or "")
            if outcome.fx:
                other = converted_amount(outcome, kind, raw)
                cells.append(display_value(kind, other) if other is not None else "")
            values.rows.append(cells)
        found.append(values)
    return found


def table_grid(title: str, rows: Any, currency: str, fit_to: int | None = None) -> Grid:
    """A sequence of results of one type as one table: a column per field any row has."""
    specs = [(name, label, kind) for name, label, kind in field_specs(type(rows[0]))
             if any(getattr(row, name) is not None for row in rows)]
    headers = [label_with_unit(label, kind, currency) if kind != Kind.MULTIPLE else label for _, label, kind in specs]
    grid = Grid(title, headers, True, labelled=False)
    for row in rows:
        grid.rows.append([terminal_safe(display_value(kind, raw)) if (raw := getattr(row, name)) is not None else ""
                          for name, _, kind in specs])
    return narrowed(grid, [name in brief_fields(type(rows[0])) for name, _, _ in specs], fit_to) if fit_to else grid


def brief_fields(result_type: type) -> frozenset[str]:
    """The fields of a result type marked as the columns a person reads first."""
    from dataclasses import fields

    return frozenset(item.name for item in fields(result_type) if item.metadata.get("brief"))


def narrowed(grid: Grid, brief: list[bool], width: int) -> Grid:
    """A table of results too wide for ``width`` display columns: its label and the columns marked brief, headers
    wrapped to their values; unchanged when it fits or has no brief columns."""
    import textwrap

    from rich.cells import cell_len

    assert grid.headers is not None
    widths = column_widths(grid.headers, grid.rows)
    if sum(widths) + 2 * len(widths) + 2 <= width or not any(brief[1:]):
        return grid
    keep = [0] + [index for index, marked in enumerate(brief) if marked and index]
    values = [max([1] + [cell_len(row[index]) for row in grid.rows]) for index in keep]
    headers = ["\n".join(textwrap.wrap(grid.headers[index], max(value, *map(len, grid.headers[index].split())))) or ""
               for index, value in zip(keep, values)]
    fitted = Grid(grid.title, headers, grid.right_aligned, grid.labelled)
    fitted.rows = [[row[index] for index in keep] for row in grid.rows]
    fitted.hidden = len(grid.headers) - len(keep)
    return fitted


def columns_grid(title: str, results: Any, currency: str) -> Grid:
    """Results side by side: a row per field any of them holds, a column per result (headed by its first field)."""
    specs = [(name, label, kind) for name, label, kind in field_specs(type(results[0]))
             if any(getattr(result, name) is not None for result in results)]
    first, rest = specs[0], specs[1:]
    grid = Grid(title, [first[1], *(terminal_safe(str(getattr(result, first[0]))) for result in results)], True)
    for name, label, kind in rest:
        grid.rows.append([label_with_unit(label, kind, currency), *(
            terminal_safe(display_value(kind, raw)) if (raw := getattr(result, name)) is not None else ""
            for result in results)])
    return grid


def every_word_whole(plain: str, rows: list[list[str]], first: int = 1) -> bool:
    """Whether every word of every value (each cell from the ``first``: 1 skips a row's label) is in the rendered
    ``plain`` text.

    In linear time: the rendered table separates cells and words by spaces, so a word drawn whole is one of
    the rendering's own words, found in a set. Only a word missing from that set (folded, or cut with an
    ellipsis) is looked for as a substring of the whole text, as the check always did, and the first one
    not found there ends the check.
    """
    drawn = set(plain.split())
    return all(word in drawn or word in plain for row in rows for cell in row[first:] for word in cell.split())


def _without_trailing_spaces(drawn: str) -> str:
    """The drawn text with no line ending in a space (it pastes cleanly into an article), colour codes kept.

    In colour, Rich closes each padded cell with its own codes (``\\x1b[1m   \\x1b[0m \\x1b[1m  \\x1b[0m``): a line's
    trailing spaces may sit between codes, and every one of them goes. Each line is read back from its end only
    as far as its last visible character: linear in the text."""
    if "\x1b" not in drawn:
        return "\n".join(line.rstrip(" ") for line in drawn.split("\n"))
    return "\n".join(_line_without_trailing_spaces(line) for line in drawn.split("\n"))


def _line_without_trailing_spaces(line: str) -> str:
    end, codes = len(line), []
    while end:
        if line[end - 1] == " ":
            end -= 1
        elif line[end - 1] == "m" and (start := line.rfind("\x1b[", 0, end)) >= 0 \
                and _is_colour_code(line[start + 2:end - 1]):
            codes.append(line[start:end])
            end = start
        else:  # (an "m" that closes no code is the text's: rfind read back once, then the loop ends)
            break
    return line[:end] + "".join(reversed(codes))


def _is_colour_code(parameters: str) -> bool:
    """Whether ``ESC [ parameters m`` is a colour (SGR) code: ASCII digits and semicolons only."""
    return not parameters.strip("0123456789;")


def _fits_unfolded(grid: Grid, width: int) -> bool:
    """Whether every cell of the grid is one line and the table fits ``width`` with no cell folded: then Rich draws
    each column as one cell of lines exactly as it draws a cell per row, without measuring and wrapping every cell
    (about 3x faster for a report's 80 rows)."""
    if not grid.rows or any("\n" in cell for row in grid.rows for cell in row):
        return False
    widths = column_widths(grid.headers or [""] * len(grid.rows[0]), grid.rows)
    return sum(widths) + 3 * len(widths) + 1 <= width


def column_widths(headers: list[str], rows: list[list[str]]) -> list[int]:
    """Each column's width in terminal cells: its widest cell, or the widest line of its header."""
    from rich.cells import cell_len

    return [max(max(map(cell_len, header.split("\n"))), *(cell_len(row[index]) for row in rows))
            for index, header in enumerate(headers)]


def draw(console: Any, grid: Grid) -> None:
    """Draw a grid as a table; where a terminal is too narrow to show every value whole, as stacked lines.

    Labels may fold; values never do. The table is rendered first and checked:
    if any word of any value is not on one line, the grid is printed instead as
    a label line followed by its values, which the terminal may wrap but which
    are printed in full.
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(grid.title), title_justify="left", box=box.SIMPLE_HEAD, header_style="bold",
                  show_header=grid.headers is not None)
    unfolded = _fits_unfolded(grid, console.width)  # then each column is one cell of lines: the same drawing, faster
    for index, header in enumerate(grid.headers or ["Item", "Value"]):
        heading = Text(header)  # not markup: a "[" in a header is text (and Rich's emoji table is not loaded)
        if index and grid.right_aligned:
            table.add_column(heading, justify="right", no_wrap=True)
        else:
            table.add_column(heading, overflow="fold", no_wrap=unfolded)
    if unfolded:
        table.add_row(*(Text("\n".join(column)) for column in zip(*grid.rows)))
    else:
        for row in grid.rows:
            table.add_row(*(Text(cell) for cell in row))
    with console.capture() as capture:
        console.print(table)
    drawn = capture.get()
    plain = drawn if console.no_color or not console.is_terminal else Text.from_ansi(drawn).plain
    if every_word_whole(plain, grid.rows, 1 if grid.labelled else 0):
        console.file.write(_without_trailing_spaces(drawn))
        return
    import textwrap

    console.print(Text(grid.title, style="bold"), soft_wrap=True)
    named = grid.headers is not None and len(grid.headers) > 3  # a table of results: each value with its column
    lines: list[str] = []  # printed at once: one print per line costs Rich's overhead thousands of times
    for row in grid.rows:
        label = f"{grid.headers[0]}: {row[0]}" if named and grid.headers else row[0]
        lines.extend(textwrap.wrap(label, max(console.width, 1), break_on_hyphens=False) or [""])
        if named and grid.headers:
            for header, cell in zip(grid.headers[1:], row[1:]):
                lines.extend(textwrap.wrap(f"{header}: {cell}" if cell else "", max(console.width, 8),
                                           initial_indent="    ", subsequent_indent="      ",
                                           break_long_words=False, break_on_hyphens=False))
            continue
        values = "  ".join(cell for cell in row[1:] if cell)
        lines.extend("    " + line for line in textwrap.wrap(values, max(console.width - 4, 1), break_long_words=False,
                                                             break_on_hyphens=False))
    if lines:
        console.print(Text("\n".join(lines)), soft_wrap=True)
    console.print()


def _assumption_lines(assumptions: Any, prefix: str = "") -> list[str]:
    lines = []
    for key, text in assumptions.items():
        if isinstance(text, dict):
            lines.extend(_assumption_lines(text, f"{prefix}{key}."))
        else:
            lines.append(f"{prefix}{key}: {text}")
    return lines


def emit(outcome: Outcome, *, units: str | None = None, style: str | None = None, wide: bool = False,
         brief: bool = False) -> None:
    """Write the outcome to stdout (a table, or CSV/TSV ``style``) and its notes to stderr; JSON is
    ``envelope.emit_json``."""
    say_notes(outcome)
    if style is not None:
        from .csv_output import emit_csv

        emit_csv(outcome, style)
    else:
        render_table(outcome, units, wide=wide, brief=brief)
