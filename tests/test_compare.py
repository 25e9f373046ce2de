"""compare: deals side by side, each figure its report's, in a table, JSON and CSV alike."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
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


def test_every_rounded_figure_of_a_price_range_deal_is_named():
    """A price-range deal's report names its roundings `scenarios.X`: compare names them `deals.X` too."""
    for pair, expected in ((("minimax", "befar"), {"deals.public_final_pct", "deals.one_lot_rate",
                                                   "deals.first_day_return_pct"}),
                           (("zhipu", "minimax"), {"deals.public_final_pct", "deals.one_lot_rate",
                                                   "deals.first_day_return_pct"})):
        out = invoke("compare", "--preset", pair[0], "--preset", pair[1], "--json").json()
        deals = {deal["deal"]: deal for deal in out["result"]["deals"]}
        assert set(out["assumptions"].get("rounded", {})) == expected, pair
        if "befar" in pair:
            assert deals["minimax"]["public_final_pct"] == "20.000063018872"
            assert deals["minimax"]["one_lot_rate"] == "2.807327332501"
            assert deals["minimax"]["first_day_return_pct"] == "109.090909090909"
        for deal in deals.values():  # a figure with more than 2 places (the report's own) is one named rounded
            for key, figure in deal.items():
                if isinstance(figure, str) and "." in figure and len(figure.split(".")[1]) > 6:
                    assert f"deals.{key}" in out["assumptions"]["rounded"], (deal["deal"], key)


def test_an_upsize_in_the_gross_proceeds_has_its_rows():
    """catl: 117,894,500 x 263.00 is not its gross proceeds; with the 17,684,100-share upsize it is."""
    out = invoke("compare", "--preset", "zhipu", "--preset", "catl", "--json").json()
    catl = out["result"]["deals"][1]
    assert catl["offer_shares"] == 117894500 and catl["upsize_shares"] == 17684100
    assert catl["offer_after_upsize"] == 135578600 and catl["gross_proceeds"] == "35657171800.00"
    assert 135578600 * 263 == 35657171800
    table = invoke("compare", "--preset", "zhipu", "--preset", "catl", env={"COLUMNS": "120"}).stdout
    assert "17,684,100" in table and "135,578,600" in table
    header = invoke("compare", "--preset", "zhipu", "--preset", "catl", "--csv").stdout.splitlines()[0]
    assert header.endswith(",market_cap_at_offer,market_cap,upsize_shares,offer_after_upsize")


def test_a_price_range_deal_is_named_once_in_the_notes():
    run = invoke("compare", "--preset", "zhipu", "--preset", "befar")
    notes = [line for line in run.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and notes[0].startswith("note: befar: table line 30 (pool B, 1,500,000 shares)")
    assert notes[0].count("befar") == 1 and "at 3.05 it is worth 4,575,000.00" in notes[0]
    assert "at 3.32 it is worth 4,980,000.00" in notes[0]


@pytest.mark.parametrize("args, message", [
    (("compare", "--preset", "zhipu", "--preset", "catl", "--csv", "--units", "en"), "--units"),
    (("compare", "--preset", "zhipu", "--preset", "catl", "--units", "zh"), "--units"),
    (("compare", "--preset", "zhipu", "--preset", "catl", "--brief", "--csv"), "--brief shapes the table; --csv"),
    (("compare", "--preset", "zhipu", "--preset", "catl", "--wide", "--json"), "--wide shapes the table; --json"),
    (("compare", "--preset", "zhipu", "--preset", "catl", "--json", "--tsv"), "give one of --json and --tsv"),
    (("presets", "--wide", "--json"), "--wide shapes the table; --json"),
    (("presets", "--brief", "--tsv"), "--brief shapes the table; --tsv"),
    (("presets", "--csv", "--json"), "give one of --json and --csv"),
])
def test_compare_and_presets_refuse_what_they_cannot_honour(args, message):
    """As every other command: one line on stderr, exit 2, nothing on stdout; `compare` has no --units (its
    side-by-side table shows every amount in full)."""
    run = invoke(*args)
    assert (run.code, run.stdout, run.stderr.count("\n")) == (2, "", 1) and message in run.stderr, run.stderr
    typer = invoke_typer(*args)
    assert typer.code == 2 and typer.stdout == "" and message in typer.stderr, typer.stderr
