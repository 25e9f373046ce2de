"""One compact JSON line per answer (batch mode), written by a writer made once per result type.

The text is the same, byte for byte, as the one JSON encoder (``separators=(",", ":")``) writing
``render.to_json_dict(outcome)``; this only skips the work that gives the same text every time: each
field's kind is looked up once per result type, not once per value; a decimal is written as its exact
text directly (digits, a point and a sign need no escaping); and the assumptions, a few sentences that
repeat from line to line, are encoded once per distinct set. Anything else (a converted currency, a
table of rows, a value of another type) goes through the encoder as before.
"""

from __future__ import annotations

import json
from decimal import Decimal
from operator import itemgetter

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


def _field_writer(result_type: type) -> Callable[[Any], str]:
    """A writer of one result type's JSON object: a function written out for its fields, one statement each
    (each field's key, kind and null rule found once), so that a line pays for no loop over the kinds."""
    nulls = null_fields(result_type)
    lines = ["def write(result):", "    values = result.__dict__", "    parts = []", "    append = parts.append"]
    for name, _, kind in field_specs(result_type):
        key = encode(name) + ":"
        style = _STYLE.get(kind, _OTHER)
        lines += [f"    raw = values[{name!r}]", "    if raw is not None:"]
        if style == _COUNT:
            lines += ["        if type(raw) is int:", f"            append({key!r} + str(raw))", "        else:"]
        elif style in (_MONEY, _EXACT):
            lines += ["        if type(raw) is Decimal:",
                      "            text = str(raw)  # as format(raw, 'f') writes it, unless in exponent form",
                      "            if 'E' in text:", "                text = format(raw, 'f')"]
            if style == _MONEY:  # at least two places (formatting.money_text); most have exactly two already
                lines += ["            if text[-3:-2] != '.':", "                dot = text.find('.')",
                          "                if dot < 0:", "                    text += '.00'",
                          "                elif dot == len(text) - 2:", "                    text += '0'"]
            lines += [f"            append({key[:-1] + ':' + chr(34)!r} + text + '\"')", "        else:"]
        elif kind == Kind.TEXT:  # text that JSON writes as it is (printable ASCII, no quote or backslash)
            lines += ["        if type(raw) is str and raw.isascii() and raw.isprintable() and '\"' not in raw "
                      "and '\\\\' not in raw:", f"            append({key!r} + '\"' + raw + '\"')", "        else:"]
        else:
            lines += ["        if False:", "            pass", "        else:"]
        lines.append(f"            append({key!r} + encode(json_value({kind!r}, raw)))")
        if name in nulls:
            lines += ["    else:", f"        append({key + 'null'!r})"]
    lines.append("    return '{' + ','.join(parts) + '}'")
    scope: dict[str, Any] = {"Decimal": Decimal, "encode": encode, "json_value": json_value}
    exec("\n".join(lines), scope)  # noqa: S102 - source written above from the field names and kinds only
    return scope["write"]  # type: ignore[no-any-return]


def _picker(indices: tuple[int, ...]) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
    """The values at ``indices`` of a tuple, as a tuple (``itemgetter`` gives one index's value alone)."""
    if len(indices) == 1:
        index = indices[0]
        return lambda values: (values[index],)
    return itemgetter(*indices) if indices else (lambda values: ())


def _result_writer(result_type: type) -> Callable[[Any], str]:
    """The writer of one result type's JSON object. For each combination of the fields' value types met, a
    template (``str.format``) with the keys and the nulls written in, and the values of each kind taken
    together: decimals and whole numbers as their text, text as it is when JSON needs no escaping. A value
    JSON writes otherwise (a decimal in exponent form, text to escape, a record) is written field by field
    (``_field_writer``)."""
    specs = field_specs(result_type)
    nulls = null_fields(result_type)
    by_field = _field_writer(result_type)
    if len(specs) < 2:
        return by_field
    values_of = itemgetter(*(name for name, _, _ in specs))
    plans: dict[tuple[type, ...], Any] = {}

    def plan_for(types: tuple[type, ...]) -> Any:
        groups: dict[str, list[int]] = {"money": [], "exact": [], "count": [], "text": []}
        slots: list[Any] = []  # per field: the group and its place in it, or the literal JSON
        for index, ((name, _, kind), kind_type) in enumerate(zip(specs, types)):
            style = _STYLE.get(kind, _OTHER)
            if kind_type is type(None):
                slots.append((None, encode(name) + ":null") if name in nulls else None)
                continue
            group = ("money" if style == _MONEY else "exact" if style == _EXACT else None) if kind_type is Decimal else (
                "count" if style == _COUNT and kind_type is int else "text" if kind == Kind.TEXT and kind_type is str
                else None)
            if group is None:
                return None  # a value of another kind or type: written field by field
            slots.append((group, len(groups[group])))
            groups[group].append(index)
        offsets = {"money": 0, "exact": len(groups["money"])}
        offsets["count"] = offsets["exact"] + len(groups["exact"])
        offsets["text"] = offsets["count"] + len(groups["count"])
        parts = []
        for (name, _, _), slot in zip(specs, slots):
            if slot is None:
                continue
            group, place = slot
            key = encode(name).replace("{", "{{").replace("}", "}}") + ":"
            if group is None:
                parts.append(str(place).replace("{", "{{").replace("}", "}}"))
            else:
                quote = "" if group == "count" else '"'
                parts.append(f"{key}{quote}{{{offsets[group] + place}}}{quote}")
        template = "{{" + ",".join(parts) + "}}"
        return (template, _picker(tuple(groups["money"])), _picker(tuple(groups["exact"])),
                _picker(tuple(groups["count"])), _picker(tuple(groups["text"])))

    def write(result: Any) -> str:
        values = values_of(result.__dict__)
        types = tuple(map(type, values))
        plan = plans.get(types, False)
        if plan is False:
            if len(plans) >= 64:
                plans.clear()
            plan = plans[types] = plan_for(types)
        if plan is None:
            return by_field(result)
        template, money_of, exact_of, counts_of, texts_of = plan
        money = [*map(str, money_of(values))]
        exact = [*map(str, exact_of(values))]
        texts = texts_of(values)
        written = "".join(texts)
        if ("E" in "".join(money) or "E" in "".join(exact) or not written.isascii() or not written.isprintable()
                or '"' in written or "\\" in written):
            return by_field(result)  # exponent form, or text JSON escapes
        if money and "".join([text[-3:-2] for text in money]) != "." * len(money):
            money = [_money(text) for text in money]  # not all with two places already
        return template.format(*money, *exact, *map(str, counts_of(values)), *texts)

    return write


def _money(text: str) -> str:
    """Money's exact text with at least two places (``formatting.money_text``, from the decimal's text)."""
    dot = text.find(".")
    return text + ".00" if dot < 0 else text + "0" if dot == len(text) - 2 else text


_WRITERS: dict[type, Callable[[Any], str]] = {}


def _assumptions(outcome: Outcome, display: str) -> str:
    """The assumptions object (with the display rounding and what was rounded), encoded once per distinct one."""
    computed = outcome.computed
    stated, rounded = computed.assumptions, computed.rounded
    key: Any
    try:
        key = (tuple(stated.items()), tuple(rounded.items()))
        cached = _ASSUMED.get(key)
    except TypeError:  # a nested mapping among them: encoded each time
        key = cached = None
    if cached is not None:
        return cached
    whole = dict(stated)
    whole["display"] = display
    if rounded:
        whole["rounded"] = dict(rounded)
    text = encode(whole)
    if key is not None and all(type(item) is str for items in key for _, item in items):
        if len(_ASSUMED) >= _ASSUMED_MAX:
            _ASSUMED.clear()
        _ASSUMED[key] = text
    return text


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
