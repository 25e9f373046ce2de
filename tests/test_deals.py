"""Deals as they really are (issue 10): upsizes, waivers, discretionary reallocation, resale, preferential tranches.

Every figure comes from tests/cases/deals_cases.json (sources there), driven the way users drive the tool:
through the console entry point, and through scenario files and presets.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import invoke, run_installed
from hypothesis import given, settings
from hypothesis import strategies as st

from zhipu_ipo.calc.greenshoe import stabilise
from zhipu_ipo.calc.upsize import reallocation_cap, reallocation_shares, split_upsize
from zhipu_ipo.errors import InfeasibleError, InputError
from zhipu_ipo.rules import DEAL_RULES

DEALS = {case["id"]: case for case in json.loads(
    (Path(__file__).parent / "cases" / "deals_cases.json").read_text(encoding="utf-8"))["cases"]}
SANY, SERES, HENGRUI = DEALS["6031-sany"], DEALS["9927-seres"], DEALS["1276-hengrui"]
SANHUA, HORIZON, GL91 = DEALS["2050-sanhua"], DEALS["9660-horizon"], DEALS["2019-gl91-18"]


def shares(text: str) -> int:
    return int(text.split()[0].replace(",", ""))


def result(*args: str) -> dict:
    run = invoke(*args, "--json")
    assert run.code == 0, run.stderr
    return run.json()["result"]


# --- upsize ---------------------------------------------------------------------------------------------------

def test_sany_upsize_all_to_the_placing():
    data = result("oversubscription", "--total-offer", SANY["base_offer_shares"], "--regime", "mechanism-b",
                  "--public-pct", "10", "--board-lot", SANY["board_lot"], "--upsize", SANY["upsize_shares"],
                  "--upsize-to", "placing", "--multiple", SANY["hk_subscription_multiple"])
    assert data["public_initial_shares"] == shares(SANY["hk_initial_shares"]) == 58042600
    assert data["public_final_shares"] == shares(SANY["hk_final_shares"]) == 58042600
    assert data["placing_final_shares"] == shares(SANY["intl_final_shares"]) == 573556200
    assert data["offer_after_upsize"] == shares(SANY["offer_shares_after_upsize"]) == 631598800
    assert data["placing_initial_shares"] == shares(SANY["intl_initial_shares"])
    assert data["total_offer"] == 580424600 and data["upsize_placing_shares"] == 51174200
    assert data["upsize_public_shares"] == 0 and data["reallocated_shares"] == 0


def test_seres_upsize_pro_rata():
    data = result("oversubscription", "--total-offer", "100,200,000", "--regime", "mechanism-b", "--public-pct", "10",
                  "--board-lot", SERES["board_lot"], "--upsize", SERES["upsize_shares"], "--upsize-to", "pro-rata",
                  "--multiple", SERES["hk_subscription_multiple"])
    assert data["public_initial_shares"] == 10020000
    assert data["upsize_public_shares"] == 841900 and data["upsize_placing_shares"] == 7577100
    assert data["public_final_shares"] == 10861900  # "10.9 million, 10%"
    assert data["placing_final_shares"] == 97757100  # "97.8 million, 90%"
    assert data["public_final_pct_after_upsize"] == "10"
    assert data["public_final_pct"] == "10.840219560878"  # of --total-offer, the offer before the upsize, as before


def test_a_mechanism_b_split_needs_no_demand():
    # the refused call: Seres's offer after the upsize, split 10/90 without any demand
    data = result("oversubscription", "--total-offer", "108,619,000", "--regime", "mechanism-b", "--public-pct", "10",
                  "--board-lot", "100")
    assert data["public_final_shares"] == 10861900 and data["placing_final_shares"] == 97757100
    assert "multiple" not in data and data["pool_a_shares"] + data["pool_b_shares"] == 10861900


def test_sany_greenshoe_is_fifteen_percent_of_the_upsized_offer():
    data = result("greenshoe", "--shares", SANY["base_offer_shares"], "--upsize", SANY["upsize_shares"],
                  "--board-lot", SANY["board_lot"], "--over-allotted", SANY["over_allocated_shares"],
                  "--exercised", SANY["over_allotment_exercised_shares"])
    assert data["greenshoe_shares"] == shares(SANY["over_allocated_shares"]) == 94739800
    assert data["offer_after_upsize"] == 631598800 and data["exercised_shares"] == 89015600
    assert data["total_shares"] == 631598800 + 89015600
    without = invoke("greenshoe", "--shares", SANY["base_offer_shares"], "--board-lot", "200", "--over-allotted",
                     SANY["over_allocated_shares"], "--exercised", "0")
    assert without.code == 1 and "87,063,600" in without.stderr  # 15% of the base alone is too small


def test_sany_gross_proceeds_follow_the_upsized_offer():
    data = result("raise", "--shares", SANY["base_offer_shares"], "--upsize", SANY["upsize_shares"], "--price",
                  SANY["offer_price"], "--greenshoe", "15%", "--board-lot", SANY["board_lot"])
    assert data["gross_proceeds"] == "13453054440.00"  # HK$13,453.1m
    assert data["greenshoe_shares"] == 94739800 and data["shares"] == 580424600


def test_upsize_needs_its_target_and_the_total():
    run = invoke("oversubscription", "--total-offer", "1,000", "--regime", "b", "--public-pct", "10", "--upsize", "10")
    assert run.code == 2 and "--upsize-to" in run.stderr
    run = invoke("oversubscription", "--offered", "100", "--multiple", "3", "--upsize", "10", "--upsize-to", "public")
    assert run.code == 2 and "--total-offer" in run.stderr
    run = invoke("raise", "--proceeds", "1m", "--price", "10", "--upsize", "10")
    assert run.code == 2 and "--upsize needs --shares" in run.stderr


def test_upsize_meets_a_clawback_on_either_base():
    common = ("oversubscription", "--total-offer", "1,000,000", "--regime", "pn18", "--multiple", "20",
              "--upsize", "150,000", "--upsize-to", "placing")
    run = invoke(*common, "--json")
    initial = run.json()["result"]
    assert initial["public_final_shares"] == 300000 and initial["clawback_base"] == "initial"
    assert "upsize met a clawback" in run.stderr
    upsized = result(*common, "--clawback-base", "upsized")
    assert upsized["public_final_shares"] == 345000 and upsized["placing_final_shares"] == 805000


# --- modified clawback (waiver) --------------------------------------------------------------------------------

def test_hengrui_waiver_ladder_on_the_command_line():
    data = result("oversubscription", "--total-offer", HENGRUI["offer_shares"], "--initial-pct", "5.5",
                  "--ladder", "14:8.5,97:21.5", "--multiple", HENGRUI["hk_subscription_multiple"],
                  "--board-lot", HENGRUI["board_lot"])
    assert data["public_initial_shares"] == shares(HENGRUI["hk_initial_shares"]) == 12348600
    assert data["public_final_shares"] == shares(HENGRUI["hk_final_shares"]) == 48271800


def test_hengrui_preset_and_the_regime_default_differ():
    report = invoke("report", "--preset", "hengrui", "--json").json()["result"]
    assert report["public_initial_shares"] == 12348600 and report["public_final_shares"] == 48271800
    assert report["one_lot_amount_payable"] == "8898.85"
    assert report["greenshoe_shares"] == shares(HENGRUI["over_allotment_shares"])
    default = invoke("oversubscription", "--total-offer", HENGRUI["offer_shares"], "--regime", "pn18", "--multiple",
                     HENGRUI["hk_subscription_multiple"], "--board-lot", "200", "--json").json()
    assert default["result"]["public_final_shares"] == 112260000  # PN18 50%, up to lots: not the deal
    assert "prospectus" in default["assumptions"]["waivers"]


# --- presets and scenario files -----------------------------------------------------------------------------------

def test_sany_and_seres_presets():
    sany = invoke("report", "--preset", "sany", "--json").json()["result"]
    assert (sany["public_final_shares"], sany["placing_final_shares"]) == (58042600, 573556200)
    assert sany["greenshoe_shares"] == 94739800 and sany["offer_after_upsize"] == 631598800
    assert sany["gross_proceeds"] == "13453054440.00" and sany["expenses"] == "145754440.00"  # 145.8m announced
    seres = invoke("report", "--preset", "seres", "--json").json()["result"]
    assert (seres["public_final_shares"], seres["placing_final_shares"]) == (10861900, 97757100)
    assert seres["greenshoe_shares"] == 16292800  # "an overallotment of 16.3 million shares"


def test_scenario_file_with_upsize_preferential_and_resale(tmp_path):
    scenario = tmp_path / "deal.toml"
    scenario.write_text("""
[offer]
shares = "414,379,500"
price = "22.53"
board_lot = 100

[greenshoe]
over_allotted = "62,156,900"
buyback = "6,529,000"
exercised = "62,156,900"
""", encoding="utf-8")
    sanhua = invoke("report", "--file", str(scenario), "--json").json()["result"]
    assert sanhua["greenshoe_shares"] == shares(SANHUA["over_allocated_shares"])
    assert sanhua["exercised_shares"] == shares(SANHUA["over_allotment_exercised_shares"])
    scenario.write_text("""
[offer]
shares = "580,424,600"
upsize = "51,174,200"
upsize_to = "placing"
price = "21.30"
board_lot = 200

[public]
regime = "mechanism-b"
public_pct = "10"
""", encoding="utf-8")
    sany = invoke("report", "--file", str(scenario), "--json").json()["result"]
    assert (sany["public_final_shares"], sany["placing_final_shares"]) == (58042600, 573556200)
    scenario.write_text("""
[offer]
shares = "1,000,000"
preferential = "100,000"
price = "10"

[public]
regime = "pn18"
multiple = "20"
""", encoding="utf-8")
    carved = invoke("report", "--file", str(scenario), "--json").json()["result"]
    assert carved["preferential_shares"] == 100000 and carved["public_final_shares"] == 270000
    scenario.write_text('[offer]\nshares = "1,000"\nprice = "1"\npreferential = "10"\n', encoding="utf-8")
    unused = invoke("report", "--file", str(scenario))
    assert unused.code == 2 and "[offer] preferential needs [public] regime" in unused.stderr
    scenario.write_text("""
[offer]
shares = "414,379,500"
price = "22.53"
board_lot = 100

[greenshoe]
over_allotted = "62,156,900"
buyback = "6,529,000"
resold = "6,529,000"
""", encoding="utf-8")
    resold = invoke("report", "--file", str(scenario), "--json").json()["result"]
    assert resold["exercised_shares"] == 62156900 and resold["resold_shares"] == 6529000


# --- discretionary reallocation (HKEX-GL91-18) -------------------------------------------------------------------

@pytest.mark.parametrize("amount", ["10,000,000", "10%"])
def test_gl91_18_reallocation_reproduces_the_2019_case(amount):
    data = result("oversubscription", "--total-offer", GL91["offer_shares"], "--applied", GL91["hk_applied_shares"],
                  "--regime", "pn18", "--reallocate", amount)
    assert data["public_final_shares"] == shares(GL91["hk_final_shares"]) == 20000000
    assert data["placing_final_shares"] == shares(GL91["intl_final_shares"]) == 80000000
    assert data["discretionary_shares"] == 10000000 and data["reallocation_cap_shares"] == 20000000
    assert data["reallocated_to"] == "public"


@pytest.mark.parametrize(
    ("extra", "code", "says"),
    [
        (["--reallocate", "10,000,200"], 1, "cap of double"),
        (["--reallocate", "11%"], 1, "cap of double"),
        (["--reallocate", "8,000,000", "--applied", "15,000,000"], 1, "more than the"),
        (["--reallocate", "1,000", "--applied", "200,000,000"], 2, "first clawback step"),
    ],
)
def test_gl91_18_refusals(extra, code, says):
    args = ["oversubscription", "--total-offer", GL91["offer_shares"], "--regime", "pn18", *extra]
    if "--applied" not in extra:
        args += ["--applied", GL91["hk_applied_shares"]]
    run = invoke(*args)
    assert run.code == code and says in run.stderr and run.stdout == ""


def test_reallocation_is_not_for_a_fixed_tranche():
    run = invoke("oversubscription", "--total-offer", "1,000", "--regime", "b", "--public-pct", "10", "--multiple",
                 "3", "--reallocate", "100")
    assert run.code == 2 and "mechanism-b" in run.stderr


# --- stabilisation with resale --------------------------------------------------------------------------------------

def test_sanhua_three_figures_accepted_and_the_resale_derived():
    run = invoke("greenshoe", "--over-allotted", SANHUA["over_allocated_shares"], "--buyback",
                 SANHUA["stabilisation_market_purchases"], "--exercised", SANHUA["over_allotment_exercised_shares"],
                 "--json")
    assert run.code == 0
    data = run.json()["result"]
    assert data["exercised_shares"] == 62156900 and data["resold_shares"] == 6529000
    assert data["resold_from"].startswith("derived") and "derived" in run.stderr


def test_sanhua_resale_given_solves_the_exercise():
    data = result("greenshoe", "--shares", SANHUA["offer_shares_after_upsize"], "--board-lot", SANHUA["board_lot"],
                  "--over-allotted", SANHUA["over_allocated_shares"], "--buyback",
                  SANHUA["stabilisation_market_purchases"], "--resold", "6,529,000", "--price", SANHUA["offer_price"])
    assert data["greenshoe_shares"] == 62156900 and data["exercised_shares"] == 62156900
    assert data["resold_from"] == "as given" and data["lapsed_shares"] == 0


def test_stabilise_pure_function():
    assert stabilise(None, 62156900, 6529000, 62156900) == (62156900, 6529000, 6529000, 62156900, True)
    assert stabilise(None, 100, 30, None, 10) == (100, 30, 10, 80, False)
    assert stabilise(None, 100, 30, 80) == (100, 30, 10, 80, True)  # 10 resold, derived
    assert stabilise(None, 100, None, 80, 10) == (100, 30, 10, 80, False)
    assert stabilise(None, None, 30, 80, 10).over_allotted == 100
    with pytest.raises(InputError):
        stabilise(None, 100, 30, 80, 5)  # 100 - (30 - 5) = 75, not 80
    with pytest.raises(InfeasibleError):
        stabilise(None, 100, 30, None, 31)  # resold more than bought


# --- partial inputs ----------------------------------------------------------------------------------------------

def test_horizon_valid_applications_without_successful_ones():
    data = result("oversubscription", "--offered", HORIZON["hk_initial_shares"], "--multiple",
                  HORIZON["hk_subscription_multiple"], "--applications", HORIZON["hk_valid_applications"])
    assert data["applications"] == 28115 and "success_rate" not in data
    assert data["applied_shares"] == 4584343896  # 135,511,200 x 33.83


def test_horizon_initial_tranche_from_the_prospectus():
    data = result("oversubscription", "--total-offer", HORIZON["offer_shares"], "--regime", "pn18",
                  "--board-lot", HORIZON["board_lot"])
    assert data["public_initial_shares"] == shares(HORIZON["hk_initial_shares"]) == 135511200
    assert "public_final_shares" not in data  # the clawback needs the demand


def test_a_refusal_names_the_missing_input():
    run = invoke("oversubscription", "--total-offer", "1,000", "--multiple", "20")
    assert run.code == 2 and "--regime" in run.stderr
    run = invoke("oversubscription", "--total-offer", "1,000", "--regime", "pn18", "--reallocate", "10")
    assert run.code == 2 and "--applied or --multiple" in run.stderr


# --- preferential tranche -----------------------------------------------------------------------------------------

def test_preferential_tranche_comes_out_before_the_split():
    data = result("oversubscription", "--total-offer", "1,000,000", "--preferential", "100,000", "--regime", "pn18",
                  "--multiple", "20")
    assert data["split_offer_shares"] == 900000 and data["public_initial_shares"] == 90000
    assert data["public_final_shares"] == 270000 and data["placing_final_shares"] == 630000
    run = invoke("oversubscription", "--total-offer", "1,000", "--preferential", "1,000", "--regime", "pn18")
    assert run.code == 2 and "--preferential" in run.stderr


# --- pure functions and the rules table ----------------------------------------------------------------------------

def test_split_upsize():
    assert split_upsize(8419000, "pro-rata", 10020000, 100200000, 100) == (841900, 7577100)
    assert split_upsize(51174200, "placing", 58042600, 580424600, 200) == (0, 51174200)
    assert split_upsize(100, "public", 10, 1000, 1) == (100, 0)
    assert split_upsize(1001, "pro-rata", 100, 1000, 100) == (200, 801)  # 100.1 shares, up to whole lots


def test_reallocation_amounts():
    assert reallocation_shares("10%", 100000000, 1) == 10000000
    assert reallocation_shares("10.5%", 1000, 100) == 200
    assert reallocation_cap(10000000) == 20000000
    with pytest.raises(InputError):
        reallocation_shares("150", 1000, 100)


def test_rules_show_the_deal_rules_with_sources():
    data = invoke("rules", "--json").json()["result"]
    names = [rule["name"] for rule in data["deal_rules"]]
    assert names == list(DEAL_RULES)
    assert all(rule["sources"] for rule in data["deal_rules"])
    assert next(rule for rule in data["deal_rules"] if rule["name"] == "gl91-18")["uncertain"]


def test_installed_script_reproduces_sany():
    run = run_installed("oversubscription", "--total-offer", "580,424,600", "--regime", "mechanism-b",
                        "--public-pct", "10", "--board-lot", "200", "--upsize", "51,174,200", "--upsize-to",
                        "placing", "--json")
    assert run.code == 0 and json.loads(run.stdout)["result"]["placing_final_shares"] == 573556200
    assert Decimal(json.loads(run.stdout)["result"]["public_final_pct_after_upsize"]) < 10


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=60),
       st.integers(min_value=1, max_value=10**8), st.sampled_from([1, 50, 100, 200, 1000]))
def test_pro_rata_upsize_adds_up_and_follows_the_initial_ratio(base, pct, upsize, lot):
    initial = min(-(-base * pct // (100 * lot)) * lot, base)
    public, placing = split_upsize(upsize, "pro-rata", initial, base, lot)
    assert public + placing == upsize and public >= 0 and placing >= 0
    exact = Decimal(upsize) * initial / base
    assert public == upsize or (public % lot == 0 and exact <= public < exact + lot)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**9),
       st.integers(min_value=0, max_value=10**9))
def test_resale_identity(over, bought, resold):
    if resold > bought or bought - resold > over:
        with pytest.raises((InputError, InfeasibleError)):
            stabilise(None, over, bought, None, resold)
        return
    done = stabilise(None, over, bought, None, resold)
    assert done.exercised == over - (bought - resold)
    assert stabilise(None, over, bought, done.exercised) == (over, bought, resold, done.exercised, resold > 0)


def test_an_undersubscribed_public_tranche_after_an_upsize_ends_at_the_shares_applied_for():
    # 10% of 1,000,000 = 100,000 public; a pro-rata upsize of 100,000 adds 10,000 to it; only 95,000 are applied for.
    result = invoke("oversubscription", "--total-offer", "1,000,000", "--regime", "mechanism-b", "--public-pct", "10",
                    "--upsize", "100,000", "--upsize-to", "pro-rata", "--applied", "95,000", "--json").json()["result"]
    assert result["band"]["rung"] == "undersubscribed"
    assert (result["public_final_shares"], result["placing_final_shares"]) == (95000, 1005000)


def test_discretionary_reallocation_may_bring_the_public_tranche_up_to_the_shares_applied_for():
    # PN18: 10% of 1,000,000 = 100,000 public, 1.5x subscribed (below the 15x trigger): GL91-18 may move shares.
    args = ("oversubscription", "--total-offer", "1,000,000", "--regime", "pn18", "--applied", "150,000")
    exact = invoke(*args, "--reallocate", "50,000", "--json")
    assert exact.code == 0 and exact.json()["result"]["public_final_shares"] == 150000
    over = invoke(*args, "--reallocate", "50,001")
    assert over.code == 1 and "more than the 150,000 shares applied for" in over.stderr


def test_three_stabilisation_figures_that_disagree_name_the_difference():
    run = invoke("greenshoe", "--over-allotted", "62,156,900", "--buyback", "6,529,000", "--resold", "1,000",
                 "--exercised", "62,156,900")
    assert run.code == 2 and run.stdout == ""
    # 62,156,900 - (6,529,000 - 1,000) = 55,628,900
    assert ("over-allotted 62,156,900 - (bought back 6,529,000 - resold 1,000) is 55,628,900, "
            "not the 62,156,900 exercised") in run.stderr
