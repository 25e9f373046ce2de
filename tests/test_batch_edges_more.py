"""Batch and the Python API against the command line, past what tests/test_batch_edges.py holds: every flag of
every command, a JSON integer longer than Python reads anywhere in a line, and a preset name of any length."""

from __future__ import annotations

import json

import pytest

from conftest import invoke

from zhipu_ipo import api
from zhipu_ipo.registry import COMMANDS

def batch(*lines: str) -> list[dict]:
    run = invoke("batch", "--jobs", "1", input="".join(line + "\n" for line in lines))
    return [json.loads(text) for text in run.stdout.splitlines()]


@pytest.mark.parametrize("digits", [70, 4301, 5000])
def test_an_integer_of_any_length_is_a_number_wherever_it_stands(digits):
    """Past Python's 4,300 digits a JSON integer was kept as a string: a flag or the command given one said
    'got str', where a 70-digit one says 'got int'."""
    number = "9" * digits
    answers = batch(
        f'{{"command": "ballot", "preset": "zhipu", "forecast": {number}}}',
        f'{{"command": {number}}}',
        number,
        f'{{"command": "compare", "preset": [{number}, "zhipu"]}}',
        f'{{"command": "raise", "shares": [{number}], "price": "1"}}',
    )
    assert [answer["error"] for answer in answers] == [
        "ballot: forecast must be true or false (got int)",
        f"\"command\" must be one of {', '.join(COMMANDS)} (got int)",
        "each line must be a JSON object with a \"command\" key (got int)",
        "compare: preset: value is longer than 64 characters",
        "raise: shares must be a string or a number (got an array)",
    ]


@pytest.mark.parametrize("digits", [65, 70, 4301, 5000])
def test_a_preset_name_of_any_length_gets_the_bound_of_every_value(digits):
    """A 5,000-digit preset was looked up as a stock code through int(): an internal error on every edge."""
    number = "9" * digits
    lines = [f'{{"command": "report", "preset": {number}}}', f'{{"command": "report", "preset": "{number}"}}',
             f'{{"command": "compare", "preset": {number}}}',
             f'{{"command": "expected-value", "ballot": "{number}", "tier": 100, "sale_price": "120"}}']
    assert [answer["error"] for answer in batch(*lines)] == [
        "report: preset: value is longer than 64 characters", "report: preset: value is longer than 64 characters",
        "compare: preset: value is longer than 64 characters",
        "expected-value: ballot: value is longer than 64 characters"]
    one_off = invoke("report", "--preset", number)
    assert (one_off.code, one_off.stdout) == (2, "")
    assert one_off.stderr.count("\n") == 1 and "'--preset': value is longer than 64 characters" in one_off.stderr
    with pytest.raises(api.ParameterError) as raised:
        api.report(preset=number)
    assert raised.value.parameter == "preset" and str(raised.value).endswith("value is longer than 64 characters")


def test_a_preset_name_of_64_characters_is_looked_up():
    [answer] = batch(json.dumps({"command": "report", "preset": "9" * 64}))
    assert answer["error"].startswith("report: no preset '" + "9" * 64 + "': choose one of ")
    [code] = batch('{"command": "report", "preset": 2513}')
    assert code["result"]["gross_proceeds"] == "4348145900.00"
