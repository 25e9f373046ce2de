"""Batch and the Python API against the command line, past what tests/test_batch_edges.py holds: every flag of
every command, a JSON integer longer than Python reads anywhere in a line, and a preset name of any length."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import invoke

import zhipu_ipo
from zhipu_ipo import api
from zhipu_ipo.registry import COMMANDS

#: Each flag (a boolean option that is not about printing) with the fewest options its command runs on.
FLAG_CALLS = {
    ("ballot", "forecast"): {"preset": "zhipu"},
    ("plan", "forecast"): {"preset": "zhipu", "sale_price": "120", "tiers": "2"},
    ("presets", "check"): {"preset": "zhipu"},
}
PRINTING = {"json", "csv", "tsv", "wide", "brief"}
ZHIPU_TABLE = Path(zhipu_ipo.__file__).parent / "presets" / "ballot" / "zhipu.csv"


def batch(*lines: str) -> list[dict]:
    run = invoke("batch", "--jobs", "1", input="".join(line + "\n" for line in lines))
    return [json.loads(text) for text in run.stdout.splitlines()]


def test_the_flags_below_are_every_flag():
    """A new flag joins FLAG_CALLS, so the tests below hold it to the other edges too."""
    flags = {(name, opt.dest) for name, spec in COMMANDS.items() for opt in spec.all_options
             if opt.parse is None and opt.dest not in PRINTING}
    assert flags == set(FLAG_CALLS)


def _command_line(command: str, options: dict[str, str], *flags: str) -> dict:
    args = [command, *(f"--{flag}" for flag in flags), "--json"]
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", value]
    run = invoke(*args)
    assert run.code == 0 and run.stderr == "", run.stderr
    return run.json()


@pytest.mark.parametrize(("command", "flag"), sorted(FLAG_CALLS))
def test_every_flag_is_json_true_or_false_in_batch_and_true_or_false_in_the_api(command, flag):
    options = FLAG_CALLS[command, flag]
    line = {"command": command, **options}
    on, off, text, number, null = batch(json.dumps({**line, flag: True}), json.dumps({**line, flag: False}),
                                        json.dumps({**line, flag: "true"}), json.dumps({**line, flag: 1}),
                                        json.dumps({**line, flag: None}))
    assert on == _command_line(command, options, flag) and on["inputs"][flag] is True
    assert off == _command_line(command, options) and off["result"] != on["result"]
    assert text == {"error": f"{command}: {flag} must be true or false (got str)", "line": 3}
    assert number == {"error": f"{command}: {flag} must be true or false (got int)", "line": 4}
    assert null == {"error": f"{command}: {flag} must be true or false (got null)", "line": 5}
    function = getattr(api, command)
    assert function(**options, **{flag: True}).as_json() == on
    assert function(**options, **{flag: False}).as_json() == off
    for wrong in ("false", 0, "yes"):
        with pytest.raises(api.ParameterError) as raised:
            function(**options, **{flag: wrong})
        assert raised.value.parameter == flag


def test_presets_check_in_batch_rederives_the_announced_figures():
    [checked] = batch('{"command": "presets", "preset": "zhipu", "check": true}')
    [preset] = checked["result"]["presets"]
    assert preset["name"] == "zhipu" and checked["inputs"] == {"preset": "zhipu", "check": True}
    assert checked["result"] != batch('{"command": "presets", "preset": "zhipu"}')[0]["result"]


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
    assert answer["error"].startswith("report: no preset '" + "9" * 64 + "': ")
    assert " presets, listed by 'zhipu-ipo presets'" in answer["error"]
    [code] = batch('{"command": "report", "preset": 2513}')
    assert code["result"]["gross_proceeds"] == "4348145900.00"


MECHANISM_A_12X = {"total_offer": "20,000,000", "offered": "1,000,000", "multiple": "12", "regime": "mechanism-a",
                   "price": "10"}
MECHANISM_A_NOTE = ("12x falls between the two readings of Mechanism A's first step: the first step is 15x in AUX "
                    "Electric's (2580) prospectus, but some press reports 10x; that reading is the ladder "
                    "10:15,50:25,100:35 (give it as {})")


def test_the_mechanism_a_note_names_the_ladder_in_each_edge_s_words():
    """The note said 'pass --ladder 10:15,50:25,100:35' in batch and in the API too."""
    one_off = invoke("oversubscription", *(arg for key, value in MECHANISM_A_12X.items()
                                            for arg in (f"--{key.replace('_', '-')}", value)), "--json")
    assert one_off.stderr == "note: " + MECHANISM_A_NOTE.format("--ladder") + "\n"
    run = invoke("batch", "--jobs", "1", input=json.dumps({"command": "oversubscription", **MECHANISM_A_12X}) + "\n")
    assert run.stderr == "note: line 1: " + MECHANISM_A_NOTE.format("ladder") + "\n"
    assert json.loads(run.stdout) == one_off.json()
    answer = api.oversubscription(**MECHANISM_A_12X)
    assert answer.notes == (MECHANISM_A_NOTE.format("ladder"),) and answer.public_final_shares == 1000000


#: Lines that fail, or answer with a note, whose message names an option (or did, as a --flag).
WORDED_LINES = [
    {"command": "raise", "shares": 100, "price": "1", "fx": "0.9"},
    {"command": "raise", "shares": 100, "price": "1", "to": "CNY"},
    {"command": "raise", "shares": 100, "price": "1", "fx": "0.9", "to": "HKD"},
    {"command": "report", "preset": "zhipu", "currency": "USD"},
    {"command": "sell", "preset": "zhipu", "currency": "USD"},
    {"command": "expected-value", "preset": "zhipu", "sale_price": "120"},
    {"command": "plan", "board_lot": 100, "offer_price": "1", "sale_price": "2"},
    {"command": "ballot", "board_lot": 100},
    {"command": "entry-fee", "price": "116.20"},
    {"command": "oversubscription", "offered": "1,871,000", "multiple": "1159.46", "regime": "18c"},
    {"command": "oversubscription", **MECHANISM_A_12X},
    {"command": "greenshoe", "shares": 100, "board_lot": 100, "price": "1", "buyback": 10},
    {"command": "margin", "amount": "100000", "deposit": "10%", "leverage": "10x", "rate": "3%", "days": 5},
    {"command": "compare", "preset": "zhipu"},
    {"command": "compare", "preset": ["zhipu", "zhipu"], "file": "missing.toml"},
    {"command": "presets", "check": True, "preset": "nope"},
]


def test_no_batch_error_or_note_speaks_in_command_line_flags():
    run = invoke("batch", "--jobs", "1", input="".join(json.dumps(line) + "\n" for line in WORDED_LINES))
    answers = [json.loads(text) for text in run.stdout.splitlines()]
    errors = [answer["error"] for answer in answers if "error" in answer]
    assert len(answers) == len(WORDED_LINES) and len(errors) == len(WORDED_LINES) - 1, answers
    assert [message for message in errors + run.stderr.splitlines() if "--" in message] == []
    assert "raise: give fx RATE and to CURRENCY together (e.g. fx 0.9264 to CNY)" in errors
    assert any(message.endswith("convert them with fx RATE and to CODE") for message in errors)
    assert "(give it as ladder)" in run.stderr


def test_a_forecast_s_deal_values_are_not_named_with_flags_in_batch(tmp_path):
    deal = tmp_path / "deal.toml"
    deal.write_text('[offer]\nshares = 1000000\nprice = "10"\nboard_lot = 100\n', encoding="utf-8")
    lines = [{"command": "ballot", "file": str(deal), "forecast": True},
             {"command": "plan", "file": str(deal), "sale_price": "12"},
             {"command": "ballot", "preset": "zhipu", "forecast": True, "multiple": "1000"}]
    run = invoke("batch", "--jobs", "1", input="".join(json.dumps(line) + "\n" for line in lines))
    messages = [json.loads(text).get("error", "") for text in run.stdout.splitlines()] + run.stderr.splitlines()
    assert [message for message in messages if "--" in message] == []


@pytest.mark.parametrize(("keywords", "parameter", "message"), [
    # the deal's table, worded with `probability` since the ballot_table_unless fix, made the message's first name
    # probability: the keyword missing is tier
    ({"preset": "zhipu", "sale_price": "120"}, "tier",
     "expected-value: [ballot] table (without probability) in preset zhipu needs tier (the shares applied for: a tier "
     "of the table)"),
    ({"table": str(ZHIPU_TABLE), "board_lot": 100, "offer_price": "116.20",
      "sale_price": "120"}, "tier", None),
])
def test_an_expected_value_without_its_tier_names_tier(keywords, parameter, message):
    with pytest.raises(api.ParameterError) as raised:
        api.expected_value(**keywords)
    assert raised.value.parameter == parameter
    if message:
        assert str(raised.value) == message
    assert api.expected_value(**keywords, tier=100).as_json()["result"]["probability_pct"] == "5.000053845077"


def test_a_buyback_past_the_over_allotment_names_buyback():
    with pytest.raises(api.ParameterError) as raised:
        api.greenshoe(over_allotted=100, buyback=200)
    assert raised.value.parameter == "buyback"
    assert str(raised.value) == "greenshoe: 200 shares bought back exceed the 100 over-allotted"
    assert api.greenshoe(over_allotted=1779300, buyback=1174800).exercised_shares == 604500
