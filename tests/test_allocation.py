"""Hong Kong reallocation, pools, stabilisation and the rules table, through the CLI,
against every public case in tests/cases (copied from ../shared/cases)."""

from __future__ import annotations

import pytest

from conftest import CASES, invoke, run_installed
from zhipu_ipo.rules import REGIMES

ZHIPU = CASES["2513-zhipu"]
SEER = CASES["6106-seer"]
PN18_2020 = CASES["2020-pn18-example"]
DAHON = CASES["2543-dahon-greenshoe"]
STAB_1743 = CASES["1743-stabilisation"]


def allocation(*args: str) -> dict:
    run = invoke("oversubscription", *args, "--json")
    assert run.code == 0, run.stderr
    return run.json()["result"]


def test_zhipu_done_when_command():
    result = allocation("--total-offer", "37,419,500", "--offered", "1,871,000", "--multiple", "1159.46",
                        "--regime", "18c", "--board-lot", "100")
    assert result["public_final_shares"] == int(ZHIPU["hk_final_shares"]) == 7483900
    assert result["placing_final_shares"] == int(ZHIPU["intl_final_shares"]) == 29935600
    assert result["band"]["rung"] == ">=50x" and result["band"]["public_pct"] == "20"
    assert result["public_final_pct"] == "20"
    assert result["reallocated_shares"] == 5612900 and result["reallocated_to"] == "public"
    assert result["max_application_shares"] == 935500


def test_zhipu_initial_tranche_from_the_regime():
    result = allocation("--total-offer", ZHIPU["offer_shares"], "--multiple", ZHIPU["hk_subscription_multiple"],
                        "--regime", "18c", "--board-lot", ZHIPU["board_lot"])
    assert result["public_initial_shares"] == int(ZHIPU["hk_initial_shares"])  # 1,870,975 up to 1,871,000
    assert result["public_final_shares"] == int(ZHIPU["hk_final_shares"])


def test_zhipu_international_multiple_and_pool_boundary():
    result = allocation("--total-offer", "37,419,500", "--multiple", "1159.46", "--regime", "18c", "--board-lot",
                        "100", "--price", "116.20", "--intl-multiple", ZHIPU["intl_subscription_multiple"])
    assert result["intl_multiple"] == "15.28"
    assert result["intl_offered"] == 37419500 - 1871000
    assert result["pool_boundary_shares"] == 43000  # HK$5m / 116.20 = 43,029.3, down to lots of 100
    # The allotment announcement's table gives the odd lot to pool A: A 3,742,000, B 3,741,900
    # (https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701798.pdf).
    assert result["pool_a_shares"] == 3742000 and result["pool_b_shares"] == 3741900


def test_seer_reallocation_pools_and_cap():
    result = allocation("--total-offer", SEER["offer_shares"], "--multiple", SEER["hk_subscription_multiple"],
                        "--regime", "18c", "--board-lot", SEER["board_lot"])
    assert result["public_initial_shares"] == int(SEER["hk_initial_shares"])  # 524,865 up to 524,900
    assert result["public_final_shares"] == int(SEER["hk_final_shares"])  # 2,099,460 up to 2,099,500
    assert result["reallocated_shares"] == 1574600  # "1,574,600 shares clawed back"
    assert result["max_application_shares"] == 262450  # the top pool B tier of the ballot table
    assert result["pool_a_shares"] == result["pool_b_shares"] == 1049750


def test_pn18_2020_case_from_shares_applied():
    result = allocation("--total-offer", PN18_2020["offer_shares"], "--applied", PN18_2020["hk_applied_shares"],
                        "--regime", "pn18", "--board-lot", PN18_2020["board_lot"],
                        "--intl-multiple", PN18_2020["intl_subscription_multiple"])
    assert result["public_initial_shares"] == int(PN18_2020["hk_initial_shares"])
    assert result["multiple"] == "34.645"
    assert result["public_final_shares"] == int(PN18_2020["hk_final_shares"]) == 120000000
    assert result["placing_final_shares"] == 280000000
    assert result["max_application_shares"] == 20000000


def test_dahon_mechanism_b_fixed_tranche():
    result = allocation("--total-offer", DAHON["offer_shares"], "--regime", "mechanism-b", "--public-pct", "10%",
                        "--multiple", DAHON["hk_subscription_multiple"], "--board-lot", DAHON["board_lot"])
    assert result["public_initial_shares"] == result["public_final_shares"] == int(DAHON["hk_final_shares"])
    assert result["reallocated_shares"] == 0 and result["band"]["rung"] == "fixed"


def test_announced_applied_and_multiple_together():
    # 1,385,800,000 / 40,000,000 = 34.645, printed "34.64 times": consistent, and the exact ratio is used
    result = allocation("--total-offer", "400,000,000", "--applied", "1,385,800,000", "--multiple", "34.64",
                        "--regime", "pn18", "--board-lot", "1000")
    assert result["multiple"] == "34.645" and result["public_final_shares"] == 120000000
    run = invoke("oversubscription", "--offered", "40,000,000", "--applied", "1,385,800,000", "--multiple", "34.70")
    assert run.code == 2 and "does not match" in run.stderr


def test_mechanism_b_pct_and_offered_together_must_agree():
    result = allocation("--total-offer", "7,920,000", "--regime", "mechanism-b", "--public-pct", "10",
                        "--offered", "792,000", "--multiple", "7558.40", "--board-lot", "100")
    assert result["public_final_shares"] == 792000
    run = invoke("oversubscription", "--total-offer", "7,920,000", "--regime", "mechanism-b", "--public-pct", "10",
                 "--offered", "800,000", "--multiple", "7558.40")
    assert run.code == 2 and "792,000" in run.stderr


def test_a_board_lot_larger_than_the_offer_is_refused():
    run = invoke("oversubscription", "--total-offer", "1,000", "--regime", "pn18", "--multiple", "20",
                 "--board-lot", "2000")
    assert run.code == 2 and "board lot" in run.stderr


def test_mechanism_b_tranche_from_offered():
    result = allocation("--total-offer", "7,920,000", "--regime", "mechanism-b", "--offered", "792,000",
                        "--multiple", "7558.40")
    assert result["public_final_pct"] == "10"


@pytest.mark.parametrize(
    ("regime", "multiple", "final_pct"),
    [
        ("pn18", "14.99", "10"), ("pn18", "15", "30"), ("pn18", "49.99", "30"), ("pn18", "50", "40"),
        ("pn18", "99.99", "40"), ("pn18", "100", "50"), ("pn18", "5000", "50"),
        ("18c", "9.99", "5"), ("18c", "10", "10"), ("18c", "49.99", "10"), ("18c", "50", "20"),
        ("mechanism-a", "14.99", "5"), ("mechanism-a", "15", "15"), ("mechanism-a", "50", "25"),
        ("mechanism-a", "100", "35"), ("mechanism-a", "1", "5"),
    ],
)
def test_every_rung_of_every_ladder(regime, multiple, final_pct):
    result = allocation("--total-offer", "1,000,000", "--regime", regime, "--multiple", multiple)
    assert result["public_final_pct"] == final_pct


def test_thresholds_compare_the_exact_multiple():
    # 14,999,999 / 1,000,000 = 14.999999x: below 15x, even though it prints as 15.00
    below = allocation("--total-offer", "10,000,000", "--offered", "1,000,000", "--applied", "14,999,999",
                       "--regime", "pn18")
    assert below["public_final_shares"] == 1000000
    at = allocation("--total-offer", "10,000,000", "--offered", "1,000,000", "--applied", "15,000,000",
                    "--regime", "pn18")
    assert at["public_final_shares"] == 3000000


def test_undersubscribed_public_tranche_moves_to_placing():
    result = allocation("--total-offer", "1,000,000", "--regime", "pn18", "--board-lot", "100",
                        "--applied", "47,050")
    assert result["public_initial_shares"] == 100000
    assert result["public_final_shares"] == 47000
    assert result["placing_final_shares"] == 953000
    assert result["reallocated_shares"] == 53000 and result["reallocated_to"] == "placing"
    assert result["band"]["rung"] == "undersubscribed"


def test_undersubscribed_under_mechanism_b_too():
    result = allocation("--total-offer", "1,000,000", "--regime", "mechanism-b", "--public-pct", "10",
                        "--multiple", "0.5")
    assert result["public_final_shares"] == 50000 and result["placing_final_shares"] == 950000


def test_public_and_placing_always_add_up():
    for multiple in ("0.3", "1", "12", "16", "60", "150"):
        for regime in ("pn18", "18c", "mechanism-a"):
            result = allocation("--total-offer", "12,345,678", "--regime", regime, "--multiple", multiple,
                                "--board-lot", "200")
            assert result["public_final_shares"] + result["placing_final_shares"] == 12345678
            assert result["public_final_shares"] % 200 == 0 or result["public_final_shares"] == 12345678


def test_own_ladder_overrides_the_regime():
    ten = allocation("--total-offer", "1,000,000", "--regime", "mechanism-a", "--multiple", "12",
                     "--ladder", "10:15,50:25,100:35")
    assert ten["public_final_pct"] == "15" and ten["regime"] == "mechanism-a+ladder"
    own = allocation("--total-offer", "1,000,000", "--ladder", "15:30,50:40,100:50", "--initial-pct", "10",
                     "--multiple", "34.64")
    assert own["public_final_pct"] == "30"


def test_uncertain_rules_are_named_on_stderr_only():
    run = invoke("oversubscription", "--total-offer", "1,000,000", "--regime", "mechanism-a", "--multiple", "12",
                 "--json")
    assert run.code == 0 and run.json()["result"]["public_final_pct"] == "5"
    assert "10x" in run.stderr and run.stderr.startswith("note: ")
    quiet = invoke("oversubscription", "--total-offer", "1,000,000", "--regime", "mechanism-a", "--multiple", "120",
                   "--json")
    assert quiet.stderr == ""
    # The note covers exactly the multiples the two readings disagree on: at least 10x, below 15x.
    for multiple, noted in (("9.99", False), ("10", True), ("14.99", True), ("15", False)):
        run = invoke("oversubscription", "--total-offer", "1,000,000", "--regime", "mechanism-a", "--multiple",
                     multiple, "--json")
        assert ("falls between the two readings" in run.stderr) == noted, multiple


def test_weak_placing_is_noted():
    run = invoke("oversubscription", "--total-offer", "1,000,000", "--regime", "pn18", "--multiple", "20",
                 "--intl-multiple", "0.8", "--json")
    assert run.code == 0 and "placing is undersubscribed" in run.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--total-offer", "1000", "--multiple", "20"],
        ["--total-offer", "1000", "--regime", "nope", "--multiple", "20"],
        ["--total-offer", "1000", "--regime", "mechanism-b", "--multiple", "20"],
        ["--total-offer", "1000", "--regime", "mechanism-b", "--public-pct", "70", "--multiple", "20"],
        ["--total-offer", "1000", "--regime", "pn18", "--public-pct", "20", "--multiple", "20"],
        ["--total-offer", "1000", "--offered", "2000", "--regime", "pn18", "--multiple", "20"],
        ["--total-offer", "1000", "--ladder", "50:40,15:30", "--initial-pct", "10", "--multiple", "20"],
        ["--total-offer", "1000", "--ladder", "15", "--initial-pct", "10", "--multiple", "20"],
        ["--offered", "100", "--regime", "pn18", "--multiple", "20"],
    ],
)
def test_allocation_input_errors(args):
    run = invoke("oversubscription", *args)
    assert run.code == 2 and run.stdout == "" and len(run.stderr.splitlines()) == 1


def test_dahon_stabilisation():
    run = invoke("greenshoe", "--shares", DAHON["offer_shares"], "--board-lot", DAHON["board_lot"], "--price",
                 DAHON["offer_price"], "--over-allotted", DAHON["over_allotted_shares"], "--buyback",
                 DAHON["stabilisation_market_purchases"], "--json")
    result = run.json()["result"]
    assert result["exercised_shares"] == int(DAHON["over_allotment_exercised_shares"]) == 1121000
    assert result["exercised_proceeds"] == "55489500.00"  # net HK$52.8m after fees, per the announcement
    assert result["greenshoe_shares"] == 1188000 and result["lapsed_shares"] == 67000
    assert result["total_shares"] == 7920000 + 1121000


def test_1743_stabilisation_without_the_base_offer():
    result = invoke("greenshoe", "--over-allotted", STAB_1743["over_allotted_shares"], "--buyback",
                    STAB_1743["stabilisation_market_purchases"], "--json").json()["result"]
    assert result["exercised_shares"] == int(STAB_1743["over_allotment_exercised_shares"]) == 604500


def test_exercised_given_directly():
    result = invoke("greenshoe", "--shares", "7,920,000", "--board-lot", "100", "--over-allotted", "1,180,000",
                    "--exercised", "1,121,000", "--json").json()["result"]
    assert result["buyback_shares"] == 59000


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--shares", "7,920,000", "--board-lot", "100", "--over-allotted", "1,188,100", "--buyback", "0"], 1),
        (["--over-allotted", "100", "--buyback", "101"], 1),
        (["--over-allotted", "100", "--exercised", "101"], 1),
        (["--over-allotted", "100", "--buyback", "10", "--exercised", "80"], 2),
        (["--over-allotted", "100", "--resold", "1"], 2),
    ],
)
def test_stabilisation_refusals(args, code):
    run = invoke("greenshoe", *args, "--json")
    assert run.code == code and run.stdout == "" and len(run.stderr.splitlines()) == 1


def test_rules_lists_every_regime_with_sources():
    data = invoke("rules", "--json").json()
    names = [regime["name"] for regime in data["result"]["regimes"]]
    assert names == list(REGIMES) == ["pn18", "18c", "mechanism-a", "mechanism-b"]
    for regime in data["result"]["regimes"]:
        assert regime["sources"] and regime["effective"]
    pn18 = data["result"]["regimes"][0]
    assert pn18["initial_pct"] == "10"
    assert pn18["ladder"] == [{"min_multiple": "15", "public_pct": "30"}, {"min_multiple": "50", "public_pct": "40"},
                              {"min_multiple": "100", "public_pct": "50"}]


def test_rules_table_and_one_regime():
    run = invoke("rules", "--regime", "mechanism-a")
    assert run.code == 0 and "<15x: 5%; >=15x: 15%; >=50x: 25%; >=100x: 35%" in run.stdout
    assert "10x" in run.stdout  # the uncertainty is shown


def test_allocation_through_the_installed_script():
    run = run_installed("oversubscription", "--total-offer", "37,419,500", "--offered", "1,871,000", "--multiple",
                        "1159.46", "--regime", "18c", "--board-lot", "100", "--json")
    assert run.code == 0 and run.json()["result"]["public_final_shares"] == 7483900


def test_application_cap_and_pool_boundary_without_the_total():
    result = invoke("oversubscription", "--offered", SEER["hk_initial_shares"], "--multiple",
                    SEER["hk_subscription_multiple"], "--board-lot", SEER["board_lot"], "--price", SEER["offer_price"],
                    "--json").json()["result"]
    assert result["max_application_shares"] == 262450  # the top tier of Seer's ballot table
    assert result["pool_boundary_shares"] == 49200  # HK$5m / 101.60 = 49,212.6 shares, down to lots of 50
    assert "public_final_shares" not in result


@pytest.mark.parametrize("demand", [["--multiple", "1"], ["--applied", "50,000"]])
def test_a_tranche_subscribed_exactly_once_is_fully_subscribed(demand):
    result = allocation("--total-offer", "1,000,000", "--regime", "pn18", "--offered", "50,000", *demand)
    assert result["band"]["rung"] == "initial" and result["reallocated_to"] == "none"
    short = allocation("--total-offer", "1,000,000", "--regime", "pn18", "--offered", "50,000", "--applied", "49,999")
    assert short["band"]["rung"] == "undersubscribed" and short["public_final_shares"] == 49999


def test_the_18c_middle_step_is_noted_only_when_it_decides():
    middle = invoke("oversubscription", "--total-offer", "1,000,000", "--regime", "18c", "--multiple", "20", "--json")
    assert middle.json()["result"]["public_final_pct"] == "10" and middle.stderr.startswith("note: 18C: the 10x")
    for multiple in ("9.99", "50", "1159.46"):  # below the step, and the confirmed 50x step
        run = invoke("oversubscription", "--total-offer", "1,000,000", "--regime", "18c", "--multiple", multiple,
                     "--json")
        assert run.stderr == "", multiple


def test_over_allotted_but_not_yet_exercised_is_the_state_on_allotment_day():
    # Issue 17's case: 216,167,000 offer shares at HK$32.30, lots of 100, 32,425,000 over-allotted (the full 15%)
    # on allotment day, before any stabilisation purchase or exercise is known.
    run = invoke("greenshoe", "--shares", "216,167,000", "--price", "32.30", "--board-lot", "100",
                 "--over-allotted", "32,425,000", "--json")
    assert run.code == 0, run.stderr
    result = run.json()["result"]
    assert (result["greenshoe_shares"], result["over_allotted_shares"]) == (32425000, 32425000)
    assert "exercised_shares" not in result and "buyback_shares" not in result
    assert run.json()["assumptions"]["exercised_shares"].startswith("not yet known")
    over = invoke("greenshoe", "--shares", "216,167,000", "--board-lot", "100", "--over-allotted", "32,425,100")
    assert over.code == 1 and "exceed the option's 32,425,000 shares" in over.stderr


def test_an_option_not_used_at_all_is_nothing_over_allotted():
    # exercised 0 alone: nothing over-allotted, nothing bought back (a deal whose option lapsed unused)
    run = invoke("greenshoe", "--shares", "1,000", "--exercised", "0", "--json")
    assert run.code == 0, run.stderr
    assert (run.json()["result"]["over_allotted_shares"], run.json()["result"]["exercised_shares"]) == (0, 0)


def test_a_ladder_may_hold_its_percentage_from_one_step_to_the_next():
    """'multiples strictly, percentages never falling': 15:30,50:30 is a ladder (a mutant of mutants.py
    --seed 2412 refused it)."""
    flat = allocation("--total-offer", "1,000,000", "--ladder", "15:30,50:30,100:50", "--initial-pct", "10",
                      "--multiple", "60")
    assert flat["public_final_pct"] == "30"
    assert allocation("--total-offer", "1,000,000", "--ladder", "15:30,50:30,100:50", "--initial-pct", "10",
                      "--multiple", "100")["public_final_pct"] == "50"


def test_a_ladder_with_two_steps_at_one_multiple_is_refused():
    """Multiples rise strictly: 15:30,15:40 has no answer at 15x (a mutant of mutants.py --seed 2412 took it)."""
    run = invoke("oversubscription", "--total-offer", "1,000,000", "--ladder", "15:30,15:40", "--initial-pct", "10",
                 "--multiple", "20")
    assert run.code == 2 and run.stdout == "" and "ladder steps must rise" in run.stderr
