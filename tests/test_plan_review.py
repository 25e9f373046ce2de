"""The reviewer's defects in `plan` and `expected-value`, each held to its real figure through the console entry
point: nothing allotted sells nothing, a fixed-plus-ballot tier is its distribution of lots, the money tied up at
the deal's own fee schedule, the deal's application sizes, a deposit above a size's amount, exit codes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import invoke


def result(*args: str) -> dict:
    run = invoke(*args, "--json")
    assert run.code == 0, run.stderr
    return run.json()["result"]


def test_nothing_allotted_is_no_sale_and_no_charges_under_the_2020_schedule():
    # Pop Mart (2020): HKSCC's settlement fee then had a HK$2 minimum, so selling 0 shares "cost" 2.50.
    applied = result("expected-value", "--preset", "popmart", "--apply", "200", "--sale-price", "50")
    tier = result("expected-value", "--preset", "popmart", "--tier", "200", "--sale-price", "50")
    plan = result("plan", "--preset", "popmart", "--sale-price", "50", "--apply", "200+200", "--tiers", "1")
    assert applied["expected_pnl"] == tier["expected_pnl"] == plan["rows"][0]["expected_pnl"] == "331.367455834182"
    both = result("expected-value", "--preset", "popmart", "--apply", "200+200", "--sale-price", "50")
    assert both["expected_pnl"] == plan["combined"][0]["expected_pnl"] == "662.734911668363"


def test_nothing_allotted_pays_no_brokers_minimum_commission():
    one = result("expected-value", "--preset", "zhipu", "--tier", "100", "--sale-price", "120", "--broker", "hsbc")
    two = result("expected-value", "--preset", "zhipu", "--apply", "100+100", "--sale-price", "120",
                 "--broker", "hsbc")
    assert one["expected_pnl"] == "7.464580385315"  # 5.000053845077% x 149.29 (HSBC's HK$100 minimum)
    assert two["expected_pnl"] == "14.929160770631"  # twice that exactly, rounded once (not less 2 x 100 x 95%)
