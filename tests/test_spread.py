"""raise --commission-pct --incentive-pct: the gross spread as Hong Kong prospectuses state it.

CATL (3750, May 2025): a fixed commission of 0.2% and a discretionary incentive of up to 0.6%
(https://www.itiger.com/news/2535959770); gross proceeds 135,578,600 x HK$263.00, announced as
HK$35,657.2m (allotment results, tests/cases/aftermarket_cases.json).
"""

from __future__ import annotations

from conftest import invoke

CATL = ["raise", "--shares", "135,578,600", "--price", "263.00"]


def test_catl_fees_in_money():
    run = invoke(*CATL, "--commission-pct", "0.2%", "--incentive-pct", "0.6%", "--json")
    assert run.code == 0 and run.stderr == ""
    result = run.json()["result"]
    assert result["gross_proceeds"] == "35657171800.00"  # announced HK$35,657.2m
    assert result["underwriting_commission"] == "71314343.60"
    assert result["incentive_fee"] == "213943030.80"
    assert result["underwriting_fees"] == "285257374.40"
    assert result["gross_spread_pct"] == "0.8"
    assert result["net_proceeds"] == "35371914425.60"
    assert "CATL 3750: 0.2% fixed and up to 0.6% discretionary" in run.json()["assumptions"]["underwriting_fees"]


def test_fees_come_off_beside_the_other_expenses():
    result = invoke(*CATL, "--commission-pct", "0.2", "--incentive-pct", "0.6", "--expenses", "40.6m",
                    "--json").json()["result"]
    assert result["expenses"] == "40600000.00" and result["net_proceeds"] == "35331314425.60"


def test_fixed_commission_only():
    result = invoke(*CATL, "--commission-pct", "0.2", "--json").json()["result"]
    assert result["underwriting_fees"] == "71314343.60" and "incentive_fee" not in result


def test_without_the_options_raise_is_unchanged():
    result = invoke(*CATL, "--expenses", "325.9m", "--json").json()["result"]
    assert result["net_proceeds"] == "35331271800.00"  # announced net HK$35,331.2m
    assert not {"underwriting_fees", "gross_spread_pct", "underwriting_commission"} & set(result)


def test_fees_above_the_proceeds_are_infeasible():
    run = invoke(*CATL, "--commission-pct", "60", "--incentive-pct", "40", "--expenses", "1")
    assert run.code == 1 and "exceed the gross proceeds" in run.stderr and run.stdout == ""


def test_expenses_may_take_the_whole_gross_but_not_a_cent_more():
    whole = invoke(*CATL, "--expenses", "35,657,171,800", "--json")  # CATL's gross proceeds, HK$35,657.2m
    assert whole.code == 0 and whole.json()["result"]["net_proceeds"] == "0.00"
    over = invoke(*CATL, "--expenses", "35,657,171,800.01")
    assert over.code == 1 and over.stdout == ""
    assert "expenses 35657171800.01 exceed the gross proceeds 35657171800.00" in over.stderr


def test_the_table_shows_the_spread():
    run = invoke(*CATL, "--commission-pct", "0.2", "--incentive-pct", "0.6", env={"NO_COLOR": "1"})
    for figure in ("71,314,343.60", "213,943,030.80", "285,257,374.40", "0.80"):
        assert figure in run.stdout


def test_fees_and_expenses_may_take_the_whole_gross_but_not_a_cent_more():
    """Net proceeds of 0.00 are a result; a cent more is infeasible (a mutant of mutants.py --seed 2412 refused
    the whole gross)."""
    run = invoke("raise", "--shares", "100", "--price", "1", "--commission-pct", "60%", "--expenses", "40", "--json")
    assert run.code == 0 and run.json()["result"]["net_proceeds"] == "0.00"
    over = invoke("raise", "--shares", "100", "--price", "1", "--commission-pct", "60%", "--expenses", "40.01")
    assert over.code == 1 and "underwriting fees 60.00 and expenses 40.01 exceed the gross proceeds 100" in over.stderr
