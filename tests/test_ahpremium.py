"""ah-premium: both A/H premium conventions, by name, on a real pair (CATL, 21 May 2025)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import invoke, run_installed

from zhipu_ipo.calc.ahpremium import compute_ah_premium

CASES = json.loads((Path(__file__).parent / "cases" / "aftermarket_cases.json").read_text(encoding="utf-8"))
CATL = CASES["ah_pairs"][0]


def catl(*extra: str):
    return invoke("ah-premium", "--a-price", CATL["a_price_cny"], "--h-price", CATL["h_price_hkd"],
                  "--cny-per-hkd", CATL["cny_per_hkd"], *extra)


def test_catl_both_conventions():
    run = catl("--json")
    assert run.code == 0 and run.stderr == ""
    result = run.json()["result"]
    for key, figure in CATL["expected"].items():
        if key != "derived":
            assert result[key] == figure, key
    assert result["cheaper_line"] == "A shares"
    # the article's "H premium over 13%" is the (H x RATE - A) / A form: the other convention, negated
    assert -Decimal(result["h_discount_to_a_pct"]) > 13


def test_each_convention_is_named_and_sourced():
    data = catl("--json").json()
    assert "Hang Seng" in data["assumptions"]["premium_pct"] and "(A / (H x RATE) - 1) x 100" in \
        data["assumptions"]["premium_pct"]
    assert "(A - H x RATE) / A x 100" in data["assumptions"]["h_discount_to_a_pct"]
    assert set(data["assumptions"]["rounded"]) == {"premium_pct", "h_discount_to_a_pct"}
    assert "currency" not in data["inputs"]


def test_table_and_help():
    run = run_installed("ah-premium", "--a-price", "274.08", "--h-price", "337.4", "--cny-per-hkd", "0.9203",
                        env={"NO_COLOR": "1"})
    assert run.code == 0 and run.stderr == ""
    for figure in ("310.50922", "-11.73", "-13.29", "A shares"):
        assert figure in run.stdout
    helped = invoke("ah-premium", "--help", env={"COLUMNS": "200"})
    assert "Hang Seng AH Premium Index convention" in helped.stdout and "(A - H x RATE) / A x 100" in helped.stdout


def test_at_par_both_are_zero_and_exact():
    computed = compute_ah_premium(a_price=Decimal("9.2"), h_price=Decimal("10"), cny_per_hkd=Decimal("0.92"))
    assert computed.result.premium_pct == 0 and computed.result.h_discount_to_a_pct == 0
    assert computed.rounded == {} and computed.result.cheaper_line == "neither (at par)"


def test_the_index_reading():
    """Index 146.73 is a 46.73% premium: A = 146.73 when H x RATE = 100."""
    computed = compute_ah_premium(a_price=Decimal("146.73"), h_price=Decimal("125"), cny_per_hkd=Decimal("0.8"))
    assert computed.result.premium_pct == Decimal("46.73")
    assert computed.result.cheaper_line == "H shares"


@pytest.mark.parametrize("extra, message", [
    (["--fx", "0.92", "--to", "CNY"], "No such option"),
    (["--currency", "CNY"], "No such option"),
])
def test_conversion_is_not_offered(extra, message):
    run = catl(*extra)
    assert run.code == 2 and message in run.stderr


def test_missing_rate_is_one_line():
    run = invoke("ah-premium", "--a-price", "274.08", "--h-price", "337.4")
    assert run.code == 2 and "--cny-per-hkd" in run.stderr and len(run.stderr.strip().splitlines()) == 1
