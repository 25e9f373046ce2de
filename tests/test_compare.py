"""compare: deals side by side, each figure its report's, in a table, JSON and CSV alike."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from conftest import invoke, invoke_typer

PRESETS = Path(__file__).parent.parent / "zhipu_ipo" / "presets"
FIGURES = ("gross_proceeds", "public_multiple", "public_final_shares", "one_lot_rate", "sure_lot_shares",
           "first_day_return_pct", "money_left_on_table", "market_cap")


def test_zhipu_and_minimax_side_by_side():
    table = invoke("compare", "--preset", "zhipu", "--preset", "minimax", env={"COLUMNS": "100"})
    assert table.code == 0, table.stderr
    header = next(line for line in table.stdout.splitlines() if line.strip().startswith("Deal "))
    assert header.split() == ["Deal", "zhipu", "minimax"]
    assert "4,348,145,900.00" in table.stdout and "4,817,604,000.00" in table.stdout
    deals = invoke("compare", "--preset", "zhipu", "--preset", "minimax", "--json").json()["result"]["deals"]
    assert [deal["deal"] for deal in deals] == ["zhipu", "minimax"]
    for deal in deals:
        report = invoke("report", "--preset", deal["deal"], "--json").json()["result"]
        report = report["scenarios"][-1] if "scenarios" in report else report  # a range: its final price
        for figure in FIGURES:
            assert deal.get(figure) == report.get(figure), (deal["deal"], figure)
    rows = list(csv.DictReader(io.StringIO(invoke("compare", "--preset", "zhipu", "--preset", "minimax",
                                                  "--csv").stdout)))
    assert [row["one_lot_rate"] for row in rows] == [deal["one_lot_rate"] for deal in deals]


def test_two_deal_files_and_the_typer_path_agree(tmp_path):
    for name in ("zhipu", "minimax"):
        (tmp_path / f"{name}.toml").write_text((PRESETS / f"{name}.toml").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(PRESETS / "ballot", tmp_path / "ballot")
    files = invoke("compare", "--file", str(tmp_path / "zhipu.toml"), "--file", str(tmp_path / "minimax.toml"),
                   "--json").json()["result"]["deals"]
    presets = invoke("compare", "--preset", "zhipu", "--preset", "minimax", "--json").json()["result"]["deals"]
    assert [{key: value for key, value in deal.items() if key != "deal"} for deal in files] == [
        {key: value for key, value in deal.items() if key != "deal"} for deal in presets]
    typer = invoke_typer("compare", "--preset", "zhipu", "--preset", "minimax", "--json")
    assert json.loads(typer.stdout)["result"]["deals"] == presets


def test_batch_takes_an_array_of_presets():
    line = json.dumps({"command": "compare", "preset": ["zhipu", "minimax"]})
    out = json.loads(invoke("batch", "--jobs", "1", input=line + "\n").stdout)
    assert [deal["deal"] for deal in out["result"]["deals"]] == ["zhipu", "minimax"]


def test_one_deal_is_not_a_comparison():
    run = invoke("compare", "--preset", "zhipu")
    assert run.code == 2 and run.stdout == "" and "give 2 to 12 deals" in run.stderr
