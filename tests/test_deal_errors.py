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
