"""Where a ballot's basis-of-allotment table comes from: a CSV file, stdin, a preset, or a scenario's [ballot].

This is input, not arithmetic: it reads the table's text (with the limits of
``textfiles``) and hands it to ``calc/ballot.py``, which parses and computes.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from .errors import InputError, legible
from .textfiles import decode_text, read_text_file

#: The largest basis-of-allotment table read (a real one is about 5 KB).
MAX_TABLE_BYTES = 1 << 20
WHAT = "a basis-of-allotment table (CSV)"


def with_table(values: dict[str, Any]) -> dict[str, Any]:
    """The ballot's values with ``table_text`` and ``table_name`` filled from --table, --preset or --file."""
    values = dict(values)
    source = values.pop("table", None)
    if sum(given is not None for given in (source, values.get("preset"), values.get("file"))) > 1:
        raise InputError("give one of --table, --preset and --file")
    if values.get("file") is not None:
        source = _from_scenario(values)  # an inline table is already in values["table_text"]
    if "table_text" in values:
        return values
    if source is not None:
        values["table_text"], values["table_name"] = read_table(source)
    elif values.get("preset") is not None:
        from importlib.resources import files

        from .calc.ballot import parse_ballot_preset

        name = parse_ballot_preset(values["preset"])
        values["table_text"] = files("zhipu_ipo").joinpath("presets", "ballot", f"{name}.csv").read_text(encoding="utf-8")
        values["table_name"] = f"preset {name}"
    return values


def _from_scenario(values: dict[str, Any]) -> str | None:
    """Fill the ballot's values from a scenario's [ballot] and [offer] (options given win); the table's path."""
    from .scenario import load_scenario

    file = values.pop("file")
    scenario, origin = load_scenario(file, None)
    section = scenario.get("ballot", {})
    table = section.get("table")
    if table is None:
        raise InputError(f"{origin}: [ballot] table is missing (a CSV path, or the CSV text)")
    offer = scenario.get("offer", {})
    given = {"board_lot": offer.get("board_lot"), "price": offer.get("price"), "max_price": section.get("max_price"),
             "pool_a": section.get("pool_a"), "pool_b": section.get("pool_b"),
             "public_shares": section.get("public_shares")}
    for key, found in given.items():
        if values.get(key) is None and found is not None:
            values[key] = found
    if "\n" in table:
        values["table_text"], values["table_name"] = table, f"{origin} [ballot] table"
        return None
    return os.path.join(os.path.dirname(file), table)


def read_table(source: str) -> tuple[str, str]:
    """The text of a table file, or of stdin for '-', and the name errors give it."""
    if source.strip() != "-":
        return read_text_file(source, MAX_TABLE_BYTES, WHAT), legible(source)
    data = sys.stdin.buffer.read(MAX_TABLE_BYTES + 1)
    if not data.strip():
        raise InputError("--table -: nothing on stdin (in batch, stdin is the batch input: give a file path)")
    return decode_text(data, "--table -", MAX_TABLE_BYTES, WHAT), "stdin"
