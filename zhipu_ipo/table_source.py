"""Where a ballot table's text comes from: a file, standard input (``--table -``), or a deal's ``[ballot] table``.

Only the text is read here, size-limited and UTF-8 (``textfiles``); the table is parsed and checked by the
calculation that uses it (``calc/ballot_table.py``), under the name given here.
"""

from __future__ import annotations

import os

from .errors import InputError, at_fault, legible, shown

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable

#: The largest basis-of-allotment table read (a real one is about 5 KB).
MAX_TABLE_BYTES = 1 << 20
TABLE_WHAT = "a basis-of-allotment table (CSV)"


def read_table(source: str, read_stdin: Callable[[int], bytes] | None) -> tuple[str, str]:
    """The text of a ballot table file, or of standard input for '-' (when the edge offers it), and its name; an
    error's parameter is `table`."""
    try:
        return _read_table(source, read_stdin)
    except InputError as error:
        raise at_fault(error, "table") from None


def _read_table(source: str, read_stdin: Callable[[int], bytes] | None) -> tuple[str, str]:
    from .textfiles import decode_text, read_text_file

    if source.strip() != "-":
        return read_text_file(source, MAX_TABLE_BYTES, TABLE_WHAT), legible(source)
    if read_stdin is None:
        raise InputError("`table` '-' means standard input, which is not open to this request: give a file path")
    try:
        data = read_stdin(MAX_TABLE_BYTES + 1)
    except (AttributeError, OSError, ValueError):
        data = b""
    if not data.strip():
        raise InputError("`table` -: nothing on stdin")
    return decode_text(data, "`table` -", MAX_TABLE_BYTES, TABLE_WHAT), "stdin"


def deal_table(deal: Any) -> Any:
    """The deal with its [ballot] table read (a path relative to the deal file, or the CSV text itself); an error's
    parameter is `table` (which the edges name as the option that named the deal)."""
    try:
        return _deal_table(deal)
    except InputError as error:
        raise at_fault(error, "table") from None


def _deal_table(deal: Any) -> Any:
    table = deal.get("ballot.table")
    if table is None or deal.table_text is not None:
        return deal
    if "\n" in table:
        return deal.with_table(table, f"{deal.origin} [ballot] table")
    if table.strip() == "-":
        raise InputError(f"{deal.origin}: [ballot] table '-': a deal's table is a CSV path or the CSV text, never "
                         "standard input")
    from .textfiles import read_text_file

    path = os.path.join(os.path.dirname(deal.path), table)
    where = f"{deal.origin} [ballot] table {shown(table)}"  # the deal's own words: the file and its key
    if os.path.normpath(path) != os.path.normpath(table):
        where += f" (read as {legible(path)})"
    return deal.with_table(read_text_file(path, MAX_TABLE_BYTES, TABLE_WHAT, where), f"{deal.origin} [ballot] table")
