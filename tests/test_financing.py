"""`margin` (IPO financing, 孖展) and `expected-value`, on a published interest example and Zhipu's ballot.

Sources: tests/cases/selling_cases.json ("financing"); SFC circular 25EC18 (20 Mar 2025) for the
10% deposit; Zhipu's one-lot ballot line "4,643 out of 92,859 applicants to receive 100 H Shares"
(allotment results, https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701798.pdf).
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import invoke, run_installed
from zhipu_ipo.calc.expected import at_least_one, chances
from zhipu_ipo.calc.financing import count_days, interest
from zhipu_ipo.errors import InputError

CASES = json.loads((Path(__file__).parent / "cases" / "selling_cases.json").read_text(encoding="utf-8"))
EXAMPLE = CASES["financing"][0]
ZHIPU_EV = ["expected-value", "--probability", "4,643/92,859", "--shares", "100", "--offer-price", "116.20",
            "--move", "3.27%", "--date", "2026-01-08"]


def run_json(*args: str) -> dict:
    run = invoke(*args, "--json")
    assert run.code == 0, run.stderr
    return run.json()


def test_published_interest_example_by_days_and_by_dates():
    # HK$1,000,000 x 3% x 5 / 365 = 410.9589... -> 410.96; deadline 7 Aug counted, results day 12 Aug not.
    by_days = run_json("margin", "--financed", EXAMPLE["financed"], "--rate", EXAMPLE["rate_pct"], "--days",
                       str(EXAMPLE["days"]))["result"]
    by_dates = run_json("margin", "--financed", EXAMPLE["financed"], "--rate", EXAMPLE["rate_pct"] + "%", "--start",
                        EXAMPLE["start"], "--end", EXAMPLE["end"])
    assert by_days["interest"] == EXAMPLE["interest"] == by_dates["result"]["interest"]
    assert by_dates["result"]["days"] == 5 and by_days["basis"] == 365
    assert by_days["interest_exact"].startswith("410.958904109")
    assert "first day in, last day out" in by_dates["assumptions"]["days"]
    assert "interest_exact" in by_dates["assumptions"]["rounded"]


def test_360_day_basis():
    # 1,000,000 x 3% x 5 / 360 = 416.666... -> 416.67
    assert run_json("margin", "--financed", "1,000,000", "--rate", "3%", "--days", "5", "--basis", "360")[
        "result"]["interest"] == "416.67"


def test_leverage_deposit_handling_fee_and_the_return_needed():
    # 200 lots of Zhipu (the sure-lot tier, 20,000 shares): entry-fee --lots 200 gives 2,347,437.55.
    # 10x -> deposit 234,743.755 -> 234,743.76 (to the cent), financed 2,112,693.79;
    # interest 2,112,693.79 x 3.5% x 5 / 365 = 1,012.9353... -> 1,012.94; + HK$100 fee = 1,112.94;
    # return needed 1,112.94 / 2,347,437.55 = 0.0474108459...% (rate and days illustrative)
    result = run_json("margin", "--amount", "2,347,437.55", "--leverage", "10x", "--rate", "3.5%", "--days", "5",
                      "--handling-fee", "100")["result"]
    assert (result["deposit"], result["financed"], result["leverage"]) == ("234743.76", "2112693.79", "10")
    assert (result["interest"], result["total_cost"]) == ("1012.94", "1112.94")
    assert result["breakeven_return_pct"] == "0.047410845924"
    same = run_json("margin", "--amount", "2,347,437.55", "--deposit", "10%", "--rate", "3.5%", "--days", "5",
                    "--handling-fee", "100")["result"]
    assert same["financed"] == result["financed"] and same["leverage"] == "10"
    by_amount = run_json("margin", "--amount", "2,347,437.55", "--deposit", "HK$234,743.76", "--rate", "3.5%", "--days", "5")
    assert by_amount["result"]["financed"] == "2112693.79"


def test_leverage_above_the_sfc_minimum_deposit_warns_but_computes():
    run = invoke("margin", "--amount", "2,347,437.55", "--leverage", "20x", "--rate", "3.5%", "--days", "5", "--json")
    assert run.code == 0
    assert run.json()["result"]["financed"] == "2230065.67"
    assert "25EC18" in run.stderr and "20.00x" in run.stderr and run.stderr.count("\n") == 1
    quiet = invoke("margin", "--amount", "2,347,437.55", "--leverage", "10x", "--rate", "3.5%", "--days", "5")
    assert quiet.stderr == ""


@pytest.mark.parametrize("args", [
    ["--rate", "3%", "--days", "5"],
    ["--financed", "1000", "--days", "5"],
    ["--financed", "1000", "--rate", "3%"],
    ["--financed", "1000", "--rate", "3%", "--days", "5", "--start", "2025-08-07", "--end", "2025-08-12"],
    ["--financed", "1000", "--rate", "3%", "--start", "2025-08-12", "--end", "2025-08-07"],
    ["--amount", "1000", "--rate", "3%", "--days", "5"],
    ["--amount", "1000", "--deposit", "10%", "--leverage", "10x", "--rate", "3%", "--days", "5"],
    ["--financed", "1000", "--rate", "3%", "--days", "5", "--basis", "364"],
    ["--amount", "1000", "--leverage", "0.5x", "--rate", "3%", "--days", "5"],
])
def test_margin_refuses_incomplete_or_contradictory_input(args):
    run = invoke("margin", *args)
    assert run.code == 2 and run.stdout == "" and run.stderr.count("\n") == 1, run.stderr


def test_more_financed_than_the_amount_is_infeasible():
    run = invoke("margin", "--amount", "1000", "--financed", "2000", "--rate", "3%", "--days", "5")
    assert run.code == 1 and run.stdout == ""


def test_interest_and_days_units():
    assert interest(Decimal("1000000"), Decimal("3"), 5, 365)[0] == Decimal("410.96")
    assert count_days("2025-12-31", "2026-01-05") == 5


def test_zhipu_expected_value_of_one_lot():
    # Chance 4,643 / 92,859 = 5.0000538...%; sale at 116.20 x 1.0327 = 119.99974 -> 120.00; net 11,986.48;
    # P&L if allotted 249.29 (see test_selling); expected P&L 249.29 x 4,643 / 92,859 = 12.4646342...
    data = run_json(*ZHIPU_EV)
    result = data["result"]
    assert result["probability_pct"].startswith("5.0000538")
    assert (result["sale_price"], result["net_proceeds"], result["pnl_if_allotted"]) == ("120.00", "11986.48",
                                                                                         "249.29")
    # 249.29 x 4,643 / 92,859 = 115,745,347 / 9,285,900 = 12.464634230392315..., rounded once to 12 places
    assert result["expected_pnl"] == "12.464634230392"
    assert "expected_pnl" in data["assumptions"]["rounded"]
    assert result["capital"] == "11737.19" and "annualised_pct" not in result
    assert "probability_pct" in data["assumptions"]["rounded"]


def test_expected_value_with_a_fall_financing_fees_and_several_applications():
    # Three accounts at 5% each, a 5% fall: sale 116.20 x 0.95 = 110.39; P&L if allotted -711.59 (charges of 8 Jan 2026).
    # Financed 10x on the one-lot cost: deposit 1,173.72, financed 10,563.47, 3.5% for 5 days:
    # 10,563.47 x 0.035 x 5 / 365 = 5.06468 -> 5.06; handling fee 100.
    # Expected: 3 x 5% x -711.59 - 3 x 105.06 = -106.7385 - 315.18 = -421.9185.
    # Own money 3 x (1,173.72 + 100) = 3,821.16; return -421.9185 / 3,821.16 = -11.0416...%;
    # annualised x 365 / 5 = -806.0392...%.
    # At least one lot: 1 - 0.95^3 = 14.2625%.
    result = run_json("expected-value", "--probability", "5%;5%;5%", "--shares", "100", "--offer-price", "116.20",
                      "--move", "-5%", "--date", "2026-01-08", "--leverage", "10x", "--rate", "3.5%", "--days", "5",
                      "--handling-fee", "100")["result"]
    assert (result["sale_price"], result["pnl_if_allotted"]) == ("110.39", "-711.59")
    assert (result["financed"], result["interest"], result["cost_of_applying"]) == ("10563.47", "5.06", "315.18")
    assert Decimal(result["expected_pnl"]) == Decimal("-421.9185")
    assert result["capital"] == "3821.16"
    assert Decimal(result["at_least_one_pct"]) == Decimal("14.2625")
    assert result["return_on_capital_pct"] == "-11.041633954087"
    assert result["annualised_pct"] == "-806.039278648369"


def test_chances_and_at_least_one():
    assert chances("5%;5") == (Decimal("5"), Decimal("5"))
    assert at_least_one((Decimal("50"), Decimal("50"))) == Decimal("75")
    assert at_least_one((Decimal("100"),)) == Decimal("100")
    with pytest.raises(InputError):
        chances("5%;0")


@pytest.mark.parametrize("bad", ["-5", "0", "101%", "3/2", "0/5", "5%;", "abc"])
def test_bad_probability_is_one_line_exit_2(bad):
    run = invoke("expected-value", "--probability", bad, "--shares", "100", "--offer-price", "116.20", "--move", "1%")
    assert run.code == 2 and run.stdout == "" and run.stderr.count("\n") == 1


def test_a_move_of_minus_100_percent_is_refused():
    run = invoke("expected-value", "--probability", "5%", "--shares", "100", "--offer-price", "116.20", "--move",
                 "-100%")
    assert run.code == 2 and run.stderr.count("\n") == 1


def test_installed_script_margin():
    run = run_installed("margin", "--financed", "1,000,000", "--rate", "3%", "--days", "5", "--json")
    assert run.code == 0 and run.json()["result"]["interest"] == "410.96"


def test_report_shows_the_chain_from_a_scenario(tmp_path):
    # Zhipu's preset plus [sale] (one lot at the HK$120 open on the listing date) and [financing] (the one-lot
    # amount payable at 10x, 3.5% for 5 days, HK$100 fee; rate and days illustrative):
    # deposit 11,737.19 / 10 = 1,173.719 -> 1,173.72; financed 10,563.47; interest 5.06 (see above); cost 105.06;
    # sale P&L 249.29 - 105.06 = 144.23.
    preset = (Path(__file__).parent.parent / "zhipu_ipo" / "presets" / "zhipu.toml").read_text(encoding="utf-8")
    shutil.copytree(Path(__file__).parent.parent / "zhipu_ipo" / "presets" / "ballot", tmp_path / "ballot")
    scenario = tmp_path / "zhipu-chain.toml"
    scenario.write_text(preset + '\n[sale]\nprice = "120"\n\n[financing]\nleverage = "10x"\nrate = "3.5%"\n'
                        'days = 5\nhandling_fee = "100"\n', encoding="utf-8")
    result = run_json("report", "--file", str(scenario))["result"]
    assert (result["sale_net_proceeds"], result["sale_pnl"], result["break_even_price"]) == ("11986.48", "249.29",
                                                                                          "117.51")
    assert (result["financing_financed"], result["financing_interest"], result["financing_total_cost"]) == (
        "10563.47", "5.06", "105.06")
    assert result["pnl_after_financing"] == "144.23"
    bad = tmp_path / "bad.toml"
    bad.write_text(preset.replace('listing_date = "2026-01-08"', 'listing_date = "8 Jan"') + '\n[sale]\nprice = "120"\n',
                   encoding="utf-8")
    run = invoke("report", "--file", str(bad))
    assert run.code == 2 and run.stderr.count("\n") == 1


def test_expected_value_takes_the_chance_from_the_ballot_table():
    # Zhipu's table (ballot preset): the 100-share tier is "4,643 out of 92,859 applicants to receive 100 H Shares",
    # the 20,000-share tier is sure of one lot and ties up 2,347,437.55 (200 lots at HK$116.20 with fees).
    one_lot = run_json("expected-value", "--ballot", "zhipu", "--tier", "100", "--move", "3.27%", "--date", "2026-01-08")
    typed = run_json(*ZHIPU_EV)
    assert one_lot["result"] == typed["result"]
    assert "4,643 out of 92,859" in one_lot["assumptions"]["ballot"]
    sure = run_json("expected-value", "--ballot", "zhipu", "--tier", "20,000", "--move", "3.27%", "--date",
                    "2026-01-08")["result"]
    assert (sure["probability_pct"], sure["shares"], sure["expected_pnl"], sure["capital"]) == (
        "100", 100, "249.29", "2347437.55")
    for args in (["--tier", "150"], ["--probability", "5%", "--tier", "100"], ["--shares", "5000", "--tier", "100"]):
        run = invoke("expected-value", "--ballot", "zhipu", *args, "--move", "1%")
        assert run.code == 2 and run.stderr.count("\n") == 1, args


def test_at_most_twelve_applications_are_combined():
    twelve = run_json("expected-value", "--probability", ";".join(["50%"] * 12), "--shares", "100",
                      "--offer-price", "116.20", "--move", "10%", "--date", "2026-01-08")["result"]
    # 1 - 0.5^12 = 4095/4096 = 99.975585937500%, exactly
    assert Decimal(twelve["at_least_one_pct"]) == Decimal("99.9755859375")
    run = invoke("expected-value", "--probability", ";".join(["50%"] * 13), "--shares", "100", "--offer-price",
                 "116.20", "--move", "10%", "--date", "2026-01-08")
    assert run.code == 2 and "at most 12 applications" in run.stderr


@pytest.mark.parametrize("edge", ["command line", "batch", "deal file"])
def test_a_bare_deposit_is_refused_with_a_hint_everywhere(edge, tmp_path):
    # 10 is either HK$10 or 10%: until Nov 2026 a bare number was read as an amount; now it is refused.
    if edge == "command line":
        run = invoke("margin", "--amount", "1,000", "--deposit", "10", "--rate", "3%", "--days", "5")
        message = run.stderr
    elif edge == "batch":
        run = invoke("batch", "--jobs", "1", input='{"command": "margin", "amount": "1000", "deposit": "10", '
                                                 '"rate": "3%", "days": 5}\n')
        message = json.loads(run.stdout)["error"]
    else:
        deal = tmp_path / "deal.toml"
        deal.write_text('[offer]\nshares = 1000\nprice = "1"\n[financing]\ndeposit = "10"\n', encoding="utf-8")
        run = invoke("margin", "--file", str(deal))
        message = run.stderr
    assert run.code in (1, 2) and "either HK$10 or 10%" in message and "(10%)" in message and "(HK$10,000)" in message
    for form, deposit in (("10%", "2000.00"), ("HK$10,000", "10000.00"), ("10,000港元", "10000.00")):
        done = invoke("margin", "--amount", "20,000", "--deposit", form, "--rate", "3%", "--days", "5", "--json")
        assert done.json()["result"]["deposit"] == deposit, form
