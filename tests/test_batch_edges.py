"""Where batch meets the other edges: flags, repeatable options given one value, very long integers, and errors
worded in batch's vocabulary (keys, never --flags)."""

from __future__ import annotations

import json

import pytest

from conftest import invoke


def batch(*lines: object) -> list[dict]:
    run = invoke("batch", "--jobs", "1", input="".join(json.dumps(line) + "\n" for line in lines))
    return [json.loads(text) for text in run.stdout.splitlines()]


def test_a_flag_is_json_true_in_a_batch_line_and_answers_as_the_command_line():
    """`ballot --forecast` and `plan --forecast` in batch (a flag was an unknown option)."""
    one_off = invoke("ballot", "--forecast", "--preset", "zhipu", "--json").json()
    [line] = batch({"command": "ballot", "preset": "zhipu", "forecast": True})
    assert line == one_off and line["result"]["one_lot_rate"] == "5.007758562782"
    [planned] = batch({"command": "plan", "preset": "zhipu", "forecast": True, "sale_price": "120", "tiers": 2})
    assert planned == invoke("plan", "--preset", "zhipu", "--forecast", "--sale-price", "120", "--tiers", "2",
                             "--json").json()


def test_a_flag_false_is_not_given_and_anything_else_is_refused():
    [without] = batch({"command": "ballot", "preset": "zhipu", "forecast": False})
    assert without == invoke("ballot", "--preset", "zhipu", "--json").json()
    [refused] = batch({"command": "ballot", "preset": "zhipu", "forecast": "yes"})
    assert refused == {"error": "ballot: forecast must be true or false (got str)", "line": 1}
    [shaping] = batch({"command": "raise", "shares": 100, "price": "1", "wide": True})
    assert shaping["error"].startswith("raise: unknown option 'wide'")


def test_a_repeatable_option_given_one_string_is_one_value():
    """compare's preset as one string is one deal (it was read as the list of its characters: "no preset 'z'")."""
    [one] = batch({"command": "compare", "preset": "zhipu"})
    assert one["error"] == "compare: give 2 to 12 deals (preset or file, each repeatable); got 1"
    [excluded] = batch({"command": "ballot", "preset": "zhipu", "forecast": True, "exclude": "100"})
    assert excluded["result"]["one_lot_rate"] == "5.269448448886"  # 2513 and 100 out of the fit
    assert excluded == invoke("ballot", "--forecast", "--preset", "zhipu", "--exclude", "100", "--json").json()


@pytest.mark.parametrize("digits", [70, 4300, 4301, 5000])
def test_an_integer_of_any_length_gets_the_bound_of_every_value(digits):
    run = invoke("batch", input='{"command": "raise", "shares": ' + "9" * digits + ', "price": "1"}\n')
    assert json.loads(run.stdout) == {"error": "raise: shares: value is longer than 64 characters", "line": 1}


def test_no_batch_error_speaks_in_command_line_flags():
    lines = [
        {"command": "raise", "shares": 100, "price": "1", "fx": "0.9"},
        {"command": "report", "preset": "zhipu", "currency": "USD"},
        {"command": "raise", "preset": "zhipu", "currency": "USD"},
        {"command": "expected-value", "preset": "zhipu", "sale_price": "120"},
        {"command": "raise", "shares": 1, "price": "1", "price_step": "0.5"},
        {"command": "ballot", "preset": "zhipu", "forecast": True, "fee_schedule": "hkex-2014"},
        {"command": "plan", "preset": "zhipu", "sale_price": "120", "deposit": "10%", "leverage": "10x"},
    ]
    answers = batch(*lines)
    assert len(answers) == len(lines) and all("error" in answer for answer in answers), answers
    assert [answer["error"] for answer in answers if "--" in answer["error"]] == []
    assert answers[0]["error"] == "raise: give fx RATE and to CURRENCY together (e.g. fx 0.9264 to CNY)"
