"""The largest and smallest inputs still compute quickly and print every digit."""

from __future__ import annotations


import pytest

from conftest import invoke

BIG = "999,999,999,999,999"
TINY = "0.0000000001"


@pytest.mark.parametrize(
    ("args", "figure"),
    [
        (["raise", "--shares", BIG, "--price", "999999999999999.9999999999"],
         "999,999,999,999,998,999,999,999,900,000.00"),
        (["raise", "--proceeds", BIG, "--price", TINY, "--board-lot", "1"], "9,999,999,999,999,990,000,000,000"),
        (["market-cap", "--shares", BIG, "--price", BIG, "--offer-price", TINY], "999,999,999,999,998,000,000,000,000,001.00"),
        (["oversubscription", "--offered", BIG, "--multiple", BIG, "--price", BIG], "999,999,999,999,998,000,000,000,000,001"),
        (["oversubscription", "--total-offer", BIG, "--regime", "pn18", "--multiple", BIG, "--board-lot", BIG],
         "999,999,999,999,999"),
        (["greenshoe", "--shares", BIG, "--price", BIG, "--pct", "100"], "1,999,999,999,999,998"),
        (["entry-fee", "--price", TINY, "--board-lot", "1", "--budget", BIG], "9,900,156,917,487,132,300,000,000"),
        (["entry-fee", "--price", BIG, "--board-lot", BIG, "--lots", BIG], "999,999,999,999,997,000,000,000,000,002,999,999,999,999,999.00"),
    ],
)
def test_extreme_inputs_are_whole(args, figure):
    table = invoke(*args)
    as_json = invoke(*args, "--json")
    assert table.code == 0 and as_json.code == 0, table.stderr
    assert figure in table.stdout
    assert "E+" not in as_json.stdout and "e+" not in as_json.stdout  # never exponent notation
