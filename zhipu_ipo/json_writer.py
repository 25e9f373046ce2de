"""One compact JSON line per answer (batch mode), written by a writer made once per result type.

The text is the same, byte for byte, as the one JSON encoder (``separators=(",", ":")``) writing
``envelope.to_json_dict(outcome)``; this only skips the work that gives the same text every time: each
field's kind is looked up once per result type, not once per value; a decimal is written as its exact
text directly (digits, a point and a sign need no escaping); and the assumptions, a few sentences that
repeat from line to line, are encoded once per distinct set. Anything else (a converted currency, a
table of rows, a value of another type) goes through the encoder as before.
"""

from __future__ import annotations

import json
from decimal import Decimal

from .formatting import json_value
from .records import SCHEMA_VERSION, Kind, field_specs, null_fields

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable

    from .records import Outcome

#: The one compact encoder: every text it writes here is what ``json.dumps(..., separators=(",", ":"))`` writes.
encode = json.JSONEncoder(separators=(",", ":")).encode
#: How every envelope starts.
_HEAD = f'{{"schema_version":{SCHEMA_VERSION},"command":'
_MONEY, _EXACT, _COUNT, _OTHER = 0, 1, 2, 3
_STYLE = {Kind.MONEY: _MONEY, Kind.PRICE: _EXACT, Kind.PERCENT: _EXACT, Kind.CHANGE: _EXACT, Kind.MULTIPLE: _EXACT,
          Kind.RATE: _EXACT, Kind.SHARES: _COUNT, Kind.COUNT: _COUNT}
#: Encoded assumptions by their content (every value a string); cleared when it grows past this many.
_ASSUMED: dict[Any, str] = {}
_ASSUMED_MAX = 512


def _result_writer(result_type: type) -> Callable[[Any], str]:
    """The writer of one result type's JSON object: a function written out for its fields, one statement each
    (each field's key, kind and null rule found once), so that a line pays for no loop over the kinds."""
    nulls = null_fields(result_type)
    lines = ["def write(result):", "    values = result.__dict__", "    parts = []", "    append = parts.append"]
    for name, _, kind in field_specs(result_type):
        key = encode(name) + ":"
        style = _STYLE.get(kind, _OTHER)
        lines += [f"    raw = values[{name!r}]", "    if raw is not None:"]
        if style == _COUNT:
            lines += ["        if type(raw) is int:", f"            append(f{key + '{raw}'!r})", "        else:"]
        elif style in (_MONEY, _EXACT):
            lines += ["        if type(raw) is Decimal:",
                      "            text = str(raw)  # as format(raw, 'f') writes it, unless in exponent form",
                      "            if 'E' in text:", "                text = format(raw, 'f')"]
            if style == _MONEY:  # at least two places (formatting.money_text); most have exactly two already
                lines += ["            if text[-3:-2] != '.':", "                dot = text.find('.')",
                          "                if dot < 0:", "                    text += '.00'",
                          "                elif dot == len(text) - 2:", "                    text += '0'"]
            lines += [f"            append(f{key + chr(34) + '{text}' + chr(34)!r})", "        else:"]
        elif kind == Kind.TEXT:  # text that JSON writes as it is (printable ASCII, no quote or backslash)
            lines += ["        if type(raw) is str and raw.isascii() and raw.isprintable() and '\"' not in raw "
                      "and '\\\\' not in raw:", f"            append(f{key + chr(34) + '{raw}' + chr(34)!r})",
                      "        else:"]
        elif kind == Kind.RECORD:  # a small mapping of words (a clawback band): the same few from line to line
            lines += ["        if type(raw) is dict:", f"            append({key!r} + _record(raw))", "        else:"]
        else:
            lines += ["        if False:", "            pass", "        else:"]
        lines.append(f"            append({key!r} + encode(json_value({kind!r}, raw)))")
        if name in nulls:
            lines += ["    else:", f"        append({key + 'null'!r})"]
    lines.append("    return '{' + ','.join(parts) + '}'")
    scope: dict[str, Any] = {"Decimal": Decimal, "encode": encode, "json_value": json_value, "_record": _record}
    exec("\n".join(lines), scope)  # noqa: S102 - source written above from the field names and kinds only
    return scope["write"]  # type: ignore[no-any-return]


def _encoded_once(cache: dict[Any, str], key: tuple[tuple[Any, ...], ...], encoded: Callable[[], str]) -> str:
    """``encoded()``, kept in ``cache`` by ``key`` (cleared past _ASSUMED_MAX) when every item of the key's parts
    is a string: a number's text may differ from an equal number's; a key that cannot be hashed is encoded each time."""
    try:
        text = cache.get(key)
    except TypeError:  # a value that cannot be hashed (a list, a nested mapping)
        return encoded()
    if text is None:
        text = encoded()
        if all(type(item) is str for items in key for item in items):
            if len(cache) >= _ASSUMED_MAX:
                cache.clear()
            cache[key] = text
    return text


def _record(record: dict[str, Any]) -> str:
    """A record's JSON object (a clawback band), encoded once per distinct one."""
    return _encoded_once(_RECORDED, (tuple(record), tuple(record.values())),
                         lambda: encode(json_value(Kind.RECORD, record)))


#: Encoded records by their keys and values, all strings.
_RECORDED: dict[Any, str] = {}
_WRITERS: dict[type, Callable[[Any], str]] = {}


def _assumptions(outcome: Outcome, display: str) -> str:
    """The assumptions object (with the display rounding and what was rounded), encoded once per distinct one."""
    computed = outcome.computed
    stated, rounded = computed.assumptions, computed.rounded

    def encoded() -> str:
        whole = dict(stated)
        whole["display"] = display
        if rounded:
            whole["rounded"] = dict(rounded)
        return encode(whole)

    return _encoded_once(_ASSUMED, (tuple(stated), tuple(stated.values()), tuple(rounded), tuple(rounded.values())),
                         encoded)


def json_line(outcome: Outcome, display: str, envelope: Callable[[Outcome], dict[str, Any]]) -> str:
    """``encode(envelope(outcome))``, written as described above; ``display`` is the display-rounding sentence."""
    result = outcome.computed.result
    if outcome.fx is not None or not hasattr(result, "__dict__"):
        return encode(envelope(outcome))
    writer = _WRITERS.get(type(result))
    if writer is None:
        writer = _WRITERS[type(result)] = _result_writer(type(result))
    head = _HEADS.get(outcome.command)
    if head is None:
        head = _HEADS[outcome.command] = f'{_HEAD}{encode(outcome.command)},"inputs":'
    return f'{head}{_inputs(outcome.inputs)},"result":{writer(result)},"assumptions":{_assumptions(outcome, display)}}}'


#: Each command's start of the envelope, and each input's key, as JSON.
_HEADS: dict[str, str] = {}
_KEYS: dict[str, str] = {}


def _inputs(inputs: Any) -> str:
    """The echoed inputs as a JSON object: text JSON writes as it is and whole numbers directly, the rest (and any
    key not a string) by the encoder."""
    if type(inputs) is not dict:
        return encode(dict(inputs))
    parts = []
    for name, raw in inputs.items():
        key = _KEYS.get(name)
        if key is None:
            if type(name) is not str:
                return encode(inputs)
            key = _KEYS[name] = encode(name) + ":"
        kind = type(raw)
        if kind is str and raw.isascii() and raw.isprintable() and '"' not in raw and "\\" not in raw:
            parts.append(f'{key}"{raw}"')
        elif kind is int:
            parts.append(f"{key}{raw}")
        else:
            parts.append(key + encode(raw))
    return "{" + ",".join(parts) + "}"
