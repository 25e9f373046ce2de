"""The Python interface: one function per command, the batch keywords, the command's own answer."""

from __future__ import annotations

import subprocess
from pathlib import Path
import sys
from decimal import Decimal

import pytest
from conftest import invoke

from zhipu_ipo import api
from zhipu_ipo.registry import COMMANDS


def function_for(command: str):
    name = command.replace("-", "_")
    return getattr(api, name + "_" if name in ("raise", "float") else name)


def test_the_issue_line_prints_the_gross_proceeds():
    line = "from zhipu_ipo import api; print(api.raise_(shares='37,419,500', price='116.20').gross_proceeds)"
    done = subprocess.run([sys.executable, "-c", line], capture_output=True, text=True, check=True)
    assert done.stdout == "4348145900.00\n"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_its_function(command):
    assert function_for(command).__doc__.startswith(f"`{command}`")


@pytest.mark.parametrize("command, keywords, args", [
    ("sell", {"preset": "zhipu", "price": Decimal("131.50")}, ["--preset", "zhipu", "--price", "131.50"]),
    ("ballot", {"preset": "befar", "price": "3.48"}, ["--preset", "befar", "--price", "3.48"]),
    ("margin", {"amount": "2,347,437.55", "leverage": "10x", "rate": "3.5%", "days": 5},
     ["--amount", "2,347,437.55", "--leverage", "10x", "--rate", "3.5%", "--days", "5"]),
    ("raise", {"shares": 37419500, "price": "108.00..116.20", "final_price": "116.20"},
     ["--shares", "37419500", "--price", "108.00..116.20", "--final-price", "116.20"]),
])
def test_an_answer_is_the_commands_json(command, keywords, args):
    answer = function_for(command)(**keywords)
    envelope = invoke(command, *args, "--json").json()
    assert answer.as_json() == envelope
    assert dict(answer.rounded) == envelope["assumptions"].get("rounded", {})


def test_fields_are_exact_values_and_assumptions_are_reachable():
    answer = api.expected_value(preset="zhipu", tier=100, move="13.17%")
    assert isinstance(answer.expected_pnl, Decimal) and answer.shares == 100
    assert "ballot" in answer.assumptions and answer.result.probability_pct == Decimal("5.000053845077")


@pytest.mark.parametrize("call, parameter", [
    (lambda: api.entry_fee(price="116.20"), "board_lot"),
    (lambda: api.entry_fee(board_lot=100), "price"),
    (lambda: api.greenshoe(shares=1000, pct=15, board_lot=100, over_allotted=500), "over_allotted"),
    (lambda: api.greenshoe(shares=1000, pct=15, board_lot=100, over_allotted=500, buyback=0), "over_allotted"),
    (lambda: api.ballot(preset="nosuch"), "preset"),
    (lambda: api.ballot(file="/nonexistent.toml"), "file"),
    (lambda: api.report(file="/nonexistent.toml"), "file"),
    (lambda: api.compare(preset=["zhipu", "minimax"], file=["/nonexistent.toml"]), "file"),
    (lambda: api.raise_(shares=100, price=1, expenses=1000), "expenses"),
    (lambda: api.raise_(shares=1.5, price="1"), "shares"),
    (lambda: api.raise_(shares="abc", price="1"), "shares"),
    (lambda: api.raise_(shares="1,000", price="1", colour="red"), "colour"),
    (lambda: api.margin(amount="1,000", leverage="10x", rate="3%", days=5, basis="366"), "basis"),
])
def test_errors_are_one_class_naming_the_parameter(call, parameter):
    with pytest.raises(api.ParameterError) as caught:
        call()
    assert caught.value.parameter == parameter and "--" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_bash_completion_through_typers_own_machinery():
    import os
    import shutil

    beside = Path(sys.executable).parent / "zhipu-ipo"  # the script of the environment running the tests, first
    script = str(beside) if beside.exists() else shutil.which("zhipu-ipo") or str(beside)
    # (`; exit $?` keeps bash as the script's parent, where Typer looks for the shell; with one command bash would
    # exec it, and the parent would be whatever ran the tests)
    shown = subprocess.run(["bash", "-c", f"{script} --show-completion; exit $?"], capture_output=True, text=True,
                           env={**os.environ, "SHELL": "/bin/bash"})
    assert shown.returncode == 0 and "_zhipu_ipo_completion()" in shown.stdout and "complete " in shown.stdout
    asked = subprocess.run([script], capture_output=True, text=True, env={
        **os.environ, "_ZHIPU_IPO_COMPLETE": "complete_bash", "COMP_WORDS": "zhipu-ipo ballot --pre", "COMP_CWORD": "2"})
    assert asked.stdout.split() == ["--preset"]


@pytest.mark.parametrize("keyword, raw", [("wide", "yes"), ("brief", True), ("units", "en")])
def test_table_only_keywords_are_refused_as_batch_refuses_them(keyword, raw):
    with pytest.raises(api.ParameterError) as caught:
        api.raise_(shares=37419500, price="116.20", **{keyword: raw})
    assert caught.value.parameter == keyword and f"unknown keyword '{keyword}'" in str(caught.value)
    batch = invoke("batch", "--jobs", "1", input='{"command": "raise", "shares": 37419500, "price": "116.20", '
                   f'"{keyword}": "1"}}\n')
    assert f"unknown option '{keyword}'" in batch.stdout + batch.stderr


@pytest.mark.parametrize("value", ["false", 1, "yes"])
def test_a_flag_is_true_or_false_and_nothing_else(value):
    """`forecast="false"` ran a forecast: a flag takes a bool, as batch takes JSON true or false."""
    with pytest.raises(api.ParameterError) as raised:
        api.ballot(preset="zhipu", forecast=value)
    assert raised.value.parameter == "forecast"
    assert api.ballot(preset="zhipu", forecast=False).one_lot_rate == Decimal("5.000053845077")
    assert api.ballot(preset="zhipu", forecast=True).one_lot_rate == Decimal("5.007758562782")


def test_a_table_error_names_the_keyword_that_gave_the_table(tmp_path):
    (tmp_path / "junk.csv").write_text("nonsense\n", encoding="utf-8")
    deal = tmp_path / "deal.toml"
    deal.write_text('[offer]\nshares = 1000\nprice = "1"\nboard_lot = 100\n[ballot]\ntable = "missing.csv"\n',
                    encoding="utf-8")
    cases = [({"table": str(tmp_path / "junk.csv"), "board_lot": 100, "max_price": "1"}, "table"),
             ({"table": str(tmp_path / "nope.csv"), "board_lot": 100}, "table"),
             ({"file": str(deal)}, "file"),
             ({"preset": "zhipu", "board_lot": 200}, "board_lot")]
    for keywords, parameter in cases:
        with pytest.raises(api.ParameterError) as raised:
            api.ballot(**keywords)
        assert raised.value.parameter == parameter, (keywords, str(raised.value))
    with pytest.raises(api.ParameterError) as raised:
        api.raise_(proceeds="1", price="100", board_lot=100)
    assert raised.value.parameter == "proceeds" and "does not buy one board lot" in str(raised.value)


def test_an_integer_past_pythons_4300_digits_is_the_bound_of_every_value():
    for call, keywords, parameter in ((api.raise_, {"shares": 10 ** 5000, "price": "1"}, "shares"),
                                      (api.ballot, {"preset": "zhipu", "forecast": True, "exclude": [10 ** 5000]},
                                       "exclude")):
        with pytest.raises(api.ParameterError) as raised:
            call(**keywords)
        assert raised.value.parameter == parameter and "value is longer than 64 characters" in str(raised.value)
