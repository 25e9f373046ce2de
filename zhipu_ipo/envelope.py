"""The JSON envelope every command answers with (schema_version 1; see docs/json.md): the result's exact values,
the inputs echoed, the assumptions and what was rounded. ``--json`` and batch write it from here without loading
the table renderer; ``json`` is imported only to write JSON, so a table never loads it.
"""

from __future__ import annotations

import functools
import sys
from decimal import Decimal

from .errors import as_flag, reword
from .exits import say
from .formatting import json_value
from .numbers import mul
from .records import SCHEMA_VERSION, Kind, Outcome, field_specs, null_fields

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

DISPLAY_ROUNDING = (
    "JSON values are exact unless named under 'rounded'; tables round money to the cent "
    "(half up) and percentages and multiples to 2 places"
)
#: Kinds that a conversion (``--fx``) gives in the other currency too.
CONVERTIBLE = frozenset({Kind.MONEY, Kind.PRICE})


def converted_amount(outcome: Outcome, kind: str, raw: Any) -> Decimal | None:
    """An amount or price in the --to currency (exact), or None when there is no conversion."""
    if outcome.fx is None or kind not in CONVERTIBLE:
        return None
    return mul(raw, outcome.fx[0])


def json_result(outcome: Outcome) -> dict[str, Any]:
    result: dict[str, Any] = {}
    computed = outcome.result
    nulls = null_fields(type(computed))
    suffix = f"_{outcome.fx[1].lower()}" if outcome.fx else ""
    for name, _, kind in field_specs(type(computed)):
        raw = getattr(computed, name)
        if raw is None:
            if name in nulls:
                result[name] = None
            continue
        result[name] = json_value(kind, raw)
        if suffix and kind in CONVERTIBLE:
            result[name + suffix] = json_value(kind, converted_amount(outcome, kind, raw))
    return result


def assumptions(outcome: Outcome) -> dict[str, Any]:
    """The calculation's assumptions, with the conversion, the display rounding and what was rounded."""
    stated = dict(outcome.computed.assumptions)
    if outcome.fx is not None:
        rate, target = outcome.fx
        stated["fx"] = (f"1 {outcome.currency} = {rate:f} {target}, as given; "
                        f"converted amounts are exact and end in _{target.lower()}")
    stated["display"] = DISPLAY_ROUNDING
    if outcome.rounded:
        stated["rounded"] = dict(outcome.rounded)
    return stated


def to_json_dict(outcome: Outcome) -> dict[str, Any]:
    """The versioned JSON envelope (schema_version 1); see docs/json.md."""
    return {
        "schema_version": SCHEMA_VERSION,
        "command": outcome.command,
        "inputs": dict(outcome.inputs),
        "result": json_result(outcome),
        "assumptions": assumptions(outcome),
    }


def json_text(outcome: Outcome) -> str:
    """The envelope as indented JSON (one-off --json)."""
    import json

    return json.dumps(to_json_dict(outcome), indent=2)


@functools.cache
def _compact_encoder() -> Any:
    """One encoder made once (json.dumps would make one per call): batch writes a line per request.

    ``json`` is imported here, not at the top: a table never needs it.
    """
    import json

    return json.JSONEncoder(separators=(",", ":"))


def compact_json(value: Any) -> str:
    """One-line JSON (the same text as json.dumps with compact separators)."""
    return _compact_encoder().encode(value)


def json_line(outcome: Outcome) -> str:
    """The envelope as one compact line (batch mode): the same text as ``compact_json(to_json_dict(outcome))``,
    by a writer made once per result type (``json_writer``)."""
    writer = _JSON_WRITER or _load_json_writer()
    return writer(outcome, DISPLAY_ROUNDING, to_json_dict)


_JSON_WRITER = None


def _load_json_writer() -> Any:
    """``json_writer.json_line``, imported the first time a batch line is written (a table never needs it)."""
    global _JSON_WRITER
    from .json_writer import json_line as writer

    _JSON_WRITER = writer
    return writer


def say_notes(outcome: Outcome) -> None:
    """The outcome's notes on stderr, one line each, options named as the command line names them."""
    for note in outcome.notes:
        say(f"note: {reword(note, as_flag)}")


def emit_json(outcome: Outcome) -> None:
    """Write the envelope to stdout (indented) and the notes to stderr: the whole of ``--json``."""
    say_notes(outcome)
    sys.stdout.write(json_text(outcome) + "\n")
