"""An option given twice on the command line is refused, as batch refuses a key given twice; one meant to repeat
(``Opt.repeat``: compare's --preset and --file) keeps every value. Both front ends: the launcher hands a repeat to
the Typer app, which must refuse it rather than keep the last value."""

from __future__ import annotations

import pytest

from conftest import invoke, invoke_typer

REPEATED = [
    (["raise", "--shares", "100", "--price", "1", "--price", "2", "--json"], "--price"),
    (["raise", "--shares", "100", "--price=1", "--price", "2", "--json"], "--price"),
    (["raise", "--preset", "zhipu", "--preset", "minimax", "--json"], "--preset"),
    (["raise", "--shares", "100", "--price", "1", "--json", "--json"], "--json"),
    (["ballot", "--preset", "zhipu", "--board-lot", "100", "--board-lot", "200", "--json"], "--board-lot"),
    (["batch", "--jobs", "1", "--jobs", "2"], "--jobs"),
]


@pytest.mark.parametrize("front", [invoke, invoke_typer], ids=["launcher", "typer"])
@pytest.mark.parametrize(("args", "flag"), REPEATED)
def test_an_option_given_twice_is_refused_naming_it(front, args: list[str], flag: str) -> None:
    run = front(*args, input="")
    assert run.code == 2, (run.stdout, run.stderr)
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("zhipu-ipo: error: ") and f"{flag} is given twice" in lines[0]
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("front", [invoke, invoke_typer], ids=["launcher", "typer"])
def test_options_meant_to_repeat_keep_every_value(front) -> None:
    run = front("compare", "--preset", "zhipu", "--preset", "minimax", "--json")
    assert run.code == 0, run.stderr
    assert run.json()["inputs"]["preset"] == ["zhipu", "minimax"]


def test_help_still_wins_over_a_repeat() -> None:
    run = invoke("raise", "--price", "1", "--price", "2", "--help")
    assert run.code == 0 and "Usage: zhipu-ipo raise" in run.stdout


def test_a_single_option_still_runs_on_the_lean_path() -> None:
    run = invoke("raise", "--shares", "100", "--price", "2", "--json")
    assert run.code == 0 and run.json()["result"]["gross_proceeds"] == "200.00"
