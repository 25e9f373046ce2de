"""Issue 17: exactness, currencies, the preferential tranche, partial first-day figures, bounds, options with no effect."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from conftest import invoke


def run_json(*args: str) -> dict:
    run = invoke(*args, "--json")
    assert run.code == 0, run.stderr
    return run.json()


def one_line(run, code: int = 2) -> str:
    assert (run.code, run.stdout, run.stderr.count("\n")) == (code, "", 1), (run.code, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    return run.stderr


def at_12(value: Fraction) -> str:
    return str(Decimal(round(value * 10**12)).scaleb(-12))


# 1. expected-value: exact fractions, rounded once to 12 places and named under `rounded`

def test_expected_value_two_applications_rounded_once_and_named():
    # Two accounts, chances 1/3 and 1/7; Zhipu's one lot at HK$116.20 sold 10% up (127.82) on 8 Jan 2026:
    # P&L if allotted 1,030.18. At least one: 1 - (2/3)(6/7) = 3/7 = 42.857142857142857...%;
    # expected allotments 1/3 + 1/7 = 10/21; expected P&L 1,030.18 x 10/21 = 490.5619047619047...
    data = run_json("expected-value", "--probability", "1/3;1/7", "--shares", "100", "--offer-price", "116.20",
                    "--move", "10%", "--date", "2026-01-08")
    result, rounded = data["result"], data["assumptions"]["rounded"]
    assert result["pnl_if_allotted"] == "1030.18"
    assert result["at_least_one_pct"] == at_12(Fraction(300, 7)) == "42.857142857143"
    assert result["expected_allotments"] == at_12(Fraction(10, 21)) == "0.476190476190"
    assert result["expected_pnl"] == at_12(Fraction(103018, 100) * Fraction(10, 21)) == "490.561904761905"
    assert result["return_on_capital_pct"] == at_12(Fraction(103018, 100) * Fraction(10, 21) * 100
                                                    / Fraction(2347438, 100))
    for key in ("at_least_one_pct", "expected_allotments", "expected_pnl", "return_on_capital_pct",
                "probability_pct"):
        assert key in rounded, key


def test_expected_value_terminating_values_stay_exact():
    # 5% and 5% and 5%: 1 - 0.95^3 = 14.2625% exactly, 0.15 lots, nothing rounded but the return
    data = run_json("expected-value", "--probability", "5%;5%;5%", "--shares", "100", "--offer-price", "116.20",
                    "--move", "10%", "--date", "2026-01-08")
    result, rounded = data["result"], data["assumptions"].get("rounded", {})
    assert (result["at_least_one_pct"], result["expected_allotments"]) == ("14.2625", "0.15")
    assert result["expected_pnl"] == "154.527"  # 1,030.18 x 0.15
    assert "at_least_one_pct" not in rounded and "expected_pnl" not in rounded


def test_expected_value_many_long_terminating_chances_do_not_crash():
    # 1/2**49 of applicants twelve times: each chance terminates (47 places), their product does not fit 200 digits
    run = invoke("expected-value", "--probability", ";".join(["1/562,949,953,421,312"] * 12), "--shares", "100",
                 "--offer-price", "116.20", "--move", "10%", "--date", "2026-01-08", "--json")
    assert run.code == 0, run.stderr
    assert "at_least_one_pct" in run.json()["assumptions"]["rounded"]


# 2. sell and expected-value: Hong Kong's fixed dollar amounts are HKD

def test_sell_and_expected_value_refuse_another_currency():
    for args in (["sell", "--shares", "100", "--price", "120", "--date", "2026-01-08", "--offer-price", "116.20"],
                 ["expected-value", "--probability", "5%", "--shares", "100", "--offer-price", "116.20", "--move",
                  "3.27%", "--date", "2026-01-08"]):
        assert "--currency USD" in one_line(invoke(*args, "--currency", "USD"))
        assert invoke(*args, "--currency", "HKD").code == 0
        assert invoke(*args, "--fx", "0.128", "--to", "USD").code == 0  # converting HKD figures is fine
    batch = invoke("batch", input='{"command": "sell", "shares": "100", "price": "120", "date": "2026-01-08", '
                                  '"currency": "USD"}\n')
    assert "currency" in batch.stdout and '"error"' in batch.stdout
