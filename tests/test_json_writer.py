"""The batch's JSON line (``envelope.json_line``, written by ``json_writer``) is, byte for byte, the compact
encoding of the envelope (``to_json_dict``) for any values: text that needs escaping, numbers in exponent
form, money with fewer places, counts of another type, records, nulls, a conversion."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from zhipu_ipo.records import Computed, Kind, Outcome, record, value
from zhipu_ipo.envelope import json_line, to_json_dict


@record
class Every:
    """One field of each kind the writer writes its own way, and one it hands to the encoder."""

    label: str | None = value("Label", Kind.TEXT)
    shares: int | None = value("Shares", Kind.SHARES, json_null=True)
    amount: Decimal | None = value("Amount", Kind.MONEY)
    price: Decimal | None = value("Price", Kind.PRICE)
    change: Decimal | None = value("Change", Kind.CHANGE, json_null=True)
    band: dict[str, str] | None = value("Band", Kind.RECORD)
    rows: list[str] | str | None = value("Rows", Kind.ROWS)


TEXT = st.text(alphabet=st.sampled_from(['a', 'Z', '0', ' ', '-', '"', '\\', '\n', '\x7f', '\x01', '億', 'é', '\u2028']),
               max_size=8)
DECIMALS = st.one_of(st.decimals(allow_nan=False, allow_infinity=False),
                     st.sampled_from([Decimal("1E+3"), Decimal("0.000000001"), Decimal("12.3"), Decimal("5"),
                                      Decimal("-0.10"), Decimal("7.00"), Decimal("1.5E-9")]))
SCALARS = st.one_of(TEXT, st.integers(), st.booleans(), st.none(), st.lists(st.integers(), max_size=2))


EXAMPLE = dict(label="a\\b", shares=True, amount=Decimal("1E+3"), price=Decimal("1.5E-9"), change=None, band={"k": "v"},
               rows=None, assumed={"x": "y"}, rounded={}, fx=False)
PLAIN = dict(shares=5, amount=Decimal("1.5"), price=Decimal("2"), change=Decimal("-0.10"), band=None, inputs={},
             assumed={}, rounded={}, fx=False)


@settings(max_examples=400, deadline=None)
@example(inputs={"back": "a\\b", "quote": 'a"b', "wide": "億", 1: "a key not a string", "many": [1, 2]}, **EXAMPLE)
@example(inputs={"flag": True, "none": None, "count": 10**30, "price": "116.20"}, **EXAMPLE)
@example(label='say "hi"', rows=None, **PLAIN)
@example(label="a\\b", rows=None, **PLAIN)
@example(label="ok", rows="ab", **PLAIN)
@given(label=st.one_of(st.none(), TEXT), shares=st.one_of(st.none(), st.integers(0, 10**20), st.booleans()),
       amount=st.one_of(st.none(), DECIMALS, st.integers(0, 99)), price=st.one_of(st.none(), DECIMALS),
       change=st.one_of(st.none(), DECIMALS), band=st.one_of(st.none(), st.dictionaries(TEXT, TEXT, max_size=2)),
       rows=st.one_of(st.none(), TEXT, st.lists(TEXT, max_size=2)),
       inputs=st.dictionaries(TEXT, SCALARS, max_size=4), assumed=st.dictionaries(TEXT, TEXT, max_size=3),
       rounded=st.dictionaries(TEXT, TEXT, max_size=2), fx=st.booleans())
def test_a_line_is_the_encoded_envelope(label, shares, amount, price, change, band, rows, inputs, assumed, rounded, fx):
    result = Every(label=label, shares=shares, amount=amount, price=price, change=change, band=band, rows=rows)
    outcome = Outcome("sell", inputs, Computed(result, assumed, rounded), "HKD",
                      (Decimal("0.92"), "CNY") if fx else None)
    for _ in range(2):  # the second time, from what the writer kept
        assert json_line(outcome) == json.dumps(to_json_dict(outcome), separators=(",", ":"))
