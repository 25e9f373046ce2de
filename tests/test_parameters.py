"""Calculations name parameters (`board_lot`); each edge words them: --board-lot on the command line, board_lot in batch."""

import json
import re
from pathlib import Path

import pytest

from conftest import invoke
from zhipu_ipo.calc.financing import parse_basis
from zhipu_ipo.errors import InputError

CALC = Path(__file__).resolve().parent.parent / "zhipu_ipo" / "calc"
#: A string literal naming a command-line flag: what the calculations no longer write.
FLAG_IN_STRING = re.compile(r"[\"'][^\"']*--[a-z][a-z-]+")


def test_no_calculation_names_a_flag():
    found = [f"{path.name}:{number}: {line.strip()}"
             for path in sorted(CALC.glob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if FLAG_IN_STRING.search(line)]
    assert found == []


def test_the_command_line_shows_the_flag():
    run = invoke("entry-fee", "--price", "116.20")
    assert run.code == 2
    assert run.stderr == ("zhipu-ipo: error: give --price (the offer price, or the top of the range) and "
                          "--board-lot\n")


def test_batch_shows_the_key():
    run = invoke("batch", "--jobs", "1", input='{"command": "entry-fee", "price": "116.20"}\n')
    error = json.loads(run.stdout)["error"]
    assert error == "entry-fee: give price (the offer price, or the top of the range) and board_lot"


def test_an_option_parser_does_not_name_its_option():
    with pytest.raises(InputError) as caught:
        parse_basis("366")
    assert str(caught.value) == "366: give 365 or 360 (days in the interest year)"
    assert parse_basis(" 360 ") == 360


def test_each_edge_prefixes_the_option_name_once():
    cli = invoke("margin", "--financed", "1000", "--rate", "3%", "--days", "5", "--basis", "366")
    assert cli.code == 2 and cli.stderr.count("--basis") == 1
    assert "Invalid value for '--basis': 366: give 365 or 360 (days in the interest year)" in cli.stderr
    line = '{"command": "margin", "financed": "1000", "rate": "3%", "days": "5", "basis": "366"}\n'
    batch = json.loads(invoke("batch", "--jobs", "1", input=line).stdout)
    assert batch["error"] == "margin: basis: 366: give 365 or 360 (days in the interest year)"
