"""What a one-off answer imports: only what it uses (issue 18; the timings are in docs/benchmarks.md).

Each check runs the launcher in a fresh interpreter and lists the modules it loaded; no clock is read.
"""

from __future__ import annotations

import subprocess
import sys

import pytest


def loaded_by(args: list[str]) -> set[str]:
    code = ("import sys; from zhipu_ipo.launcher import main\n"
            f"try: main({args!r})\n"
            "except SystemExit: pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


RAISE = ["raise", "--shares", "37,419,500", "--price", "116.20", "--json"]


@pytest.mark.parametrize("args", [RAISE, ["market-cap", "--shares", "440,230,190", "--price", "120", "--json"]])
def test_a_plain_json_answer_does_not_import_typing(args: list[str]) -> None:
    loaded = loaded_by(args)
    assert not {"typing", "fractions", "typer", "rich"} & loaded, sorted(loaded)


def test_a_json_answer_writes_the_envelope_without_the_table_renderer() -> None:
    loaded = loaded_by(RAISE)
    assert "zhipu_ipo.envelope" in loaded and "zhipu_ipo.render" not in loaded
    assert "zhipu_ipo.render" in loaded_by(RAISE[:-1])


def test_raise_at_one_price_loads_neither_market_cap_nor_the_scenarios() -> None:
    loaded = loaded_by(RAISE)
    assert "zhipu_ipo.calc.offer" in loaded
    assert not {"zhipu_ipo.calc.market", "zhipu_ipo.calc.price_range", "zhipu_ipo.commands.market"} & loaded


def test_a_price_range_still_loads_the_scenarios() -> None:
    loaded = loaded_by(["raise", "--shares", "37,419,500", "--price", "108.00..116.20", "--json"])
    assert "zhipu_ipo.calc.price_range" in loaded


def test_a_report_does_not_load_the_comparison() -> None:
    loaded = loaded_by(["report", "--preset", "zhipu", "--json"])
    assert "zhipu_ipo.report" in loaded
    assert not {"zhipu_ipo.compare", "zhipu_ipo.commands.comparison"} & loaded


@pytest.mark.parametrize("args", [["report", "--preset", "zhipu", "--json"], ["ballot", "--preset", "zhipu", "--json"],
                                  ["report", "--preset", "zhipu"]])
def test_a_preset_is_read_from_its_compiled_document_without_tomllib(args: list[str]) -> None:
    loaded = loaded_by(args)
    assert "zhipu_ipo.deal" in loaded
    unused = {"tomllib", "typer"} | ({"typing"} if "--json" in args else set())  # Rich imports typing itself
    assert not unused & loaded, sorted(unused & loaded)


def test_a_deal_file_is_still_read_with_tomllib(tmp_path) -> None:
    deal = tmp_path / "deal.toml"
    deal.write_text('[offer]\nshares = "37,419,500"\nprice = "116.20"\n', encoding="utf-8")
    assert "tomllib" in loaded_by(["raise", "--file", str(deal), "--json"])
