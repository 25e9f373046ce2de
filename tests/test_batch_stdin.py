"""Batch lines never read the batch's own stdin; a key given twice is refused; errors name their command.

Before: ``{"command": "ballot", "table": "-"}`` made the ballot reader read stdin
from inside the calculation, swallowing up to 1 MiB of the lines after it.
The big cases run the installed script in a subprocess, as a user would.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import entry_point, invoke
from zhipu_ipo.errors import InputError
from zhipu_ipo.registry import COMMANDS

TIMEOUT = 180  # seconds: only a guard against a hang, never a measure
GOOD_LINES = 45_000  # about 2.2 MB: far more than one read (256 KiB) and than a table read (1 MiB)
STDIN_TABLE = b'{"command": "ballot", "table": "-"}'


def raise_lines(count: int, start: int = 0) -> list[bytes]:
    """Distinct valid lines (their results differ, so order can be checked)."""
    return [b'{"command": "raise", "shares": "%d", "price": "1"}' % (1000 + index) for index in range(start, start + count)]


def batch(data: bytes, *args: str, cwd: Path | None = None) -> tuple[int, list[dict], str]:
    done = subprocess.run(entry_point() + ["batch", *args], input=data, capture_output=True, timeout=TIMEOUT,
                          cwd=cwd, env={**os.environ})
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines()], done.stderr.decode()


def check_all_answered_but(out: list[dict], bad: int, good_lines: int = GOOD_LINES) -> dict:
    """Every line answered, in order, only line ``bad`` (1-based) an error; that error."""
    assert len(out) == good_lines + 1
    errors = [item for item in out if "error" in item]
    assert len(errors) == 1 and errors[0]["line"] == bad, errors[:3]
    good = out[:bad - 1] + out[bad:]
    assert [item["result"]["shares"] for item in good] == list(range(1000, 1000 + good_lines))
    return errors[0]


@pytest.mark.parametrize("jobs", [["--jobs", "1"], []], ids=["jobs-1", "default-jobs"])
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_a_table_of_stdin_is_refused_for_its_line_and_no_other_line_is_lost(jobs, where):
    at = {"first": 0, "middle": GOOD_LINES // 2, "last": GOOD_LINES}[where]
    lines = raise_lines(GOOD_LINES)
    lines.insert(at, STDIN_TABLE)
    code, out, stderr = batch(b"\n".join(lines) + b"\n", *jobs)
    assert code == 1, stderr
    error = check_all_answered_but(out, at + 1)
    assert error["error"] == ("ballot: table: '-' means standard input, which is the batch's own input: "
                              "give a file path")


@pytest.mark.parametrize("table", ["-", " - ", "\t-\n"])
def test_a_table_of_stdin_is_refused_with_spaces_around_it(table):
    line = json.dumps({"command": "ballot", "table": table, "board_lot": "100"})
    run = invoke("batch", "--jobs", "1", input=line + "\n" + raise_lines(1)[0].decode() + "\n")
    out = [json.loads(text) for text in run.stdout.splitlines()]
    assert run.code == 1 and len(out) == 2 and out[1]["result"]["shares"] == 1000
    assert out[0] == {"error": "ballot: table: '-' means standard input, which is the batch's own input: "
                               "give a file path", "line": 1}


@pytest.mark.parametrize("jobs", [["--jobs", "1"], []], ids=["jobs-1", "default-jobs"])
def test_no_other_route_reads_the_batchs_stdin_either(tmp_path, jobs):
    """A scenario file whose [ballot] table is '-' reached stdin too (its path joins to '-')."""
    (tmp_path / "deal.toml").write_text('[offer]\nshares = "37,419,500"\nprice = "116.20"\nboard_lot = 100\n'
                                        '[ballot]\ntable = "-"\n', encoding="utf-8")
    lines = raise_lines(10_000)  # some 490 KB: the table reader would take all after the first read (256 KiB)
    lines.insert(1, b'{"command": "ballot", "file": "deal.toml"}')
    code, out, stderr = batch(b"\n".join(lines) + b"\n", *jobs, cwd=tmp_path)
    assert code == 1, stderr
    error = check_all_answered_but(out, 2, 10_000)
    assert error["error"] == ("ballot: deal.toml: [ballot] table '-': a deal's table is a CSV path or the CSV text, "
                              "never standard input")


def answer_lines(*lines: str) -> list[dict]:
    run = invoke("batch", "--jobs", "1", input="".join(line + "\n" for line in lines))
    out = [json.loads(text) for text in run.stdout.splitlines()]
    assert len(out) == len(lines)
    return out


def test_a_key_given_twice_is_refused_for_its_line():
    out = answer_lines('{"command": "raise", "shares": "1000", "price": "1", "price": "2"}',
                       '{"command": "raise", "shares": "1000", "price": "1"}',
                       '{"command": "raise", "command": "raise", "shares": "1", "price": "1"}',
                       '{"command": "raise", "shares": "1", "shares": "1", "price": "1", "price": "1"}',
                       '{"command": "raise", "shares": {"a": 1, "a": 2}, "price": "1"}',
                       '{"command": "nope", "x": 1, "x": 2}')
    assert out[0] == {"error": "raise: key 'price' is given twice", "line": 1}
    assert out[1]["result"]["gross_proceeds"] == "1000.00"
    assert out[2] == {"error": "raise: key 'command' is given twice", "line": 3}
    assert out[3] == {"error": "raise: key 'shares' is given twice", "line": 4}  # the first key repeated
    assert out[4]["error"] == "raise: shares must be a string or a number (got an object)"
    assert out[5]["error"].startswith('"command" must be one of ')


def test_every_error_of_a_known_command_starts_with_its_name(monkeypatch):
    def refuses(**values):
        raise InputError("give `board_lot` as a whole number of shares")

    def crashes(**values):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(COMMANDS, "greenshoe", COMMANDS["greenshoe"]._replace(calculate=refuses))
    monkeypatch.setitem(COMMANDS, "market-cap", COMMANDS["market-cap"]._replace(calculate=crashes))
    out = answer_lines('{"command": "greenshoe", "shares": "1000", "pct": "15"}',
                       '{"command": "market-cap", "shares": "1000", "price": "1"}',
                       '{"command": "ballot", "board_lot": "100"}',
                       '{"command": "raise", "shares": "x", "price": "1"}',
                       '{"command": "raise", "bogus": "1"}',
                       '{"command": "raise", "shares": true}',
                       '["not", "an", "object"]',
                       '{"command": "nope"}')
    errors = [item["error"] for item in out]
    # a calculation's message, its `parameter` worded as a batch key
    assert errors[0] == "greenshoe: give board_lot as a whole number of shares"
    assert errors[1] == "market-cap: internal error: ZeroDivisionError: division by zero (please report this line)"
    assert errors[2].startswith("ballot: give ")  # the real ballot calculation, without a table
    assert [error.split(":")[0] for error in errors[3:6]] == ["raise"] * 3
    assert errors[3].startswith("raise: shares: ")
    assert errors[6].startswith("each line must be a JSON object")  # no command: no name to give
    assert errors[7].startswith('"command" must be one of ')
