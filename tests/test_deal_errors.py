"""A deal's errors in the deal's own words: the file (or preset) and its `[section] key`, one stderr line, exit 2.

Through the console entry point: a whole number too long for Python to convert is refused as any over-long value
is, and every error reading or parsing a deal's ballot table names the deal and `[ballot] table`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import invoke


def refused(*args: str) -> str:
    """The one error line of a refused call (exit 2, nothing on stdout, no traceback)."""
    run = invoke(*args, input="")
    assert run.code == 2, (run.stdout, run.stderr)
    assert run.stdout == "" and "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("zhipu-ipo: error: "), run.stderr
    return lines[0]


@pytest.mark.parametrize("value", ["9" * 70, "9" * 5_000, "-" + "1_0" * 3_000, "0x" + "f" * 5_000,
                                   "0x" + "9" * 5_000])
def test_a_deal_file_integer_of_any_length_is_the_bound_refusal(tmp_path: Path, value: str) -> None:
    deal = tmp_path / "big.toml"
    deal.write_text(f'[offer]\nshares = {value}\nprice = "1"\n', encoding="utf-8")
    line = refused("raise", "--file", str(deal))
    assert line == f"zhipu-ipo: error: {deal}: [offer] shares: value is longer than 64 characters"


def test_a_long_integer_under_a_text_key_is_refused_naming_it(tmp_path: Path) -> None:
    deal = tmp_path / "big.toml"
    deal.write_text(f'[ipo]\nname = {"9" * 5_000}\n[offer]\nshares = 100\nprice = "1"\n', encoding="utf-8")
    assert refused("raise", "--file", str(deal)).endswith(f"{deal}: [ipo] name: value is longer than 64 characters")


def test_a_broker_file_integer_of_any_length_is_the_bound_refusal(tmp_path: Path) -> None:
    for value in ("9" * 5_000, "0x" + "9" * 5_000):
        broker = tmp_path / "mine.toml"
        broker.write_text(f'based_on = "futu"\nname = "mine"\nplatform_fee = {value}\n', encoding="utf-8")
        line = refused("sell", "--shares", "100", "--price", "120", "--date", "2026-01-08", "--offer-price", "116.20",
                       "--broker-file", str(broker))
        assert line.endswith(f"{broker}: platform_fee: value is longer than 64 characters")


def deal_with_table(tmp_path: Path, table: str, name: str = "t.toml") -> Path:
    deal = tmp_path / name
    deal.write_text(f'[offer]\nboard_lot = 100\nprice = "1"\n[ballot]\ntable = "{table}"\n', encoding="utf-8")
    return deal


def test_a_deal_table_that_cannot_be_read_names_the_deal_and_its_key(tmp_path: Path) -> None:
    deal = deal_with_table(tmp_path, "nosuch.csv")
    line = refused("ballot", "--file", str(deal))
    assert line.startswith(f"zhipu-ipo: error: {deal} [ballot] table 'nosuch.csv' (read as {tmp_path / 'nosuch.csv'})"
                           ": cannot read: ")


def test_a_deal_table_that_is_not_a_regular_file_names_the_deal_and_its_key(tmp_path: Path) -> None:
    deal = deal_with_table(tmp_path, "/dev/stdin")
    line = refused("ballot", "--file", str(deal))
    assert line.startswith(f"zhipu-ipo: error: {deal} [ballot] table '/dev/stdin': not a regular file")


@pytest.mark.parametrize(("table", "words"), [
    ("bad,header\n", "line 1: the header must be"),
    ("pool,shares_applied,valid_applications,basis\nC,100,10,100 shares\n", "line 2: pool 'C' is not A or B"),
    ("pool,shares_applied,valid_applications,basis\nA,100,10,100 shares\nA,100,10,100 shares\n",
     "line 3 (pool A, 100 shares): tier out of order"),
    ("pool,shares_applied,valid_applications,basis\nA,150,10,100 shares\n",
     "line 2 (pool A, 150 shares): 150 shares is not a whole number of board lots of 100 ([offer] board_lot in"),
])
def test_every_error_in_a_deal_table_names_the_deal_and_its_key(tmp_path: Path, table: str, words: str) -> None:
    (tmp_path / "t.csv").write_text(table, encoding="utf-8")
    deal = deal_with_table(tmp_path, "t.csv")
    line = refused("ballot", "--file", str(deal))
    assert line.startswith(f"zhipu-ipo: error: {deal} [ballot] table {words}"), line


def test_a_board_lot_given_that_does_not_fit_a_presets_table_is_named_as_the_option() -> None:
    line = refused("plan", "--sale-price", "120", "--preset", "zhipu", "--board-lot", "200")
    assert line.startswith("zhipu-ipo: error: preset zhipu [ballot] table line 2 (pool A, 100 shares): 100 shares is "
                           "not a whole number of board lots of 200 (--board-lot does not fit this table)"), line
    pools = refused("ballot", "--preset", "zhipu", "--board-lot", "200")  # its pools are checked first
    assert pools == ("zhipu-ipo: error: [ballot] pool_a in preset zhipu + [ballot] pool_b in preset zhipu 7,483,900 is "
                     "not a whole number of board lots of 200 (--board-lot)"), pools


def test_a_table_given_by_option_is_named_by_its_file(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("pool,shares_applied,valid_applications,basis\nA,100,10,100 shares\n", encoding="utf-8")
    line = refused("ballot", "--table", str(table), "--board-lot", "200")
    assert line.startswith(f"zhipu-ipo: error: {table} line 2 (pool A, 100 shares): ") and "(--board-lot " in line
