"""float: public float against the 2025 tiers (Main Board Rule 8.08, from 4 Aug 2025) and the cornerstone share."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import CASES, invoke, run_installed

from zhipu_ipo.calc.listing_float import FLOAT_RULE_EFFECTIVE, FLOAT_TIERS, compute_float, tier_for

ZHIPU = CASES["2513-zhipu"]
SEER = CASES["6106-seer"]


def test_zhipu_tier_c_and_its_cornerstones():
    """440,230,190 shares x HK$116.20 = HK$51.15bn: tier C, the higher of 10% and HK$4.5bn (8.80%) -> 10%.
    Cornerstones 25,681,600 shares, '約68.63%' of the offer (https://www.itiger.com/news/1139112685)."""
    run = invoke("float", "--shares-in-issue", ZHIPU["shares_in_issue_after"], "--price", ZHIPU["offer_price"],
                 "--offer-shares", ZHIPU["offer_shares"], "--cornerstone-shares", "25,681,600", "--json")
    assert run.code == 0 and run.stderr == ""
    result = run.json()["result"]
    assert result["market_value"] == "51154748078.00" and result["tier"] == "C"
    assert result["required_pct"] == "10" and result["required_public_shares"] == 44023019
    assert result["cornerstone_pct_of_offer"][:5] == "68.63"
    assert result["cornerstone_pct_of_issue"] == "5.833675332444"
    assert "waiver" in run.json()["assumptions"]  # above HK$45bn


def test_seer_tier_b():
    """110,497,300 x HK$101.60 = HK$11.23bn: tier B, the higher of 15% and HK$1.5bn (13.36%) -> 15%."""
    result = invoke("float", "--shares-in-issue", SEER["shares_in_issue_after"], "--price", SEER["offer_price"],
                    "--json").json()["result"]
    assert result["tier"] == "B" and result["required_pct"] == "15"
    assert result["required_public_shares"] == 16574595  # 15% of 110,497,300, exactly


def test_mixue_cornerstones():
    """7,692,600 cornerstone shares of 17,059,900 offered: '45.09%' (http://www.gxnncf.com/news_detail-19-147.html).
    The shares in issue are not in that source: 17,059,900 / 4.52% stands in, and only the % of the offer is checked."""
    result = invoke("float", "--shares-in-issue", "377,431,000", "--offer-shares", "17,059,900",
                    "--cornerstone-shares", "7,692,600", "--json").json()["result"]
    assert result["cornerstone_pct_of_offer"][:5] == "45.09"
    assert "tier" not in result


def test_a_shortfall_in_shares():
    run = run_installed("float", "--shares-in-issue", "110,497,300", "--price", "101.60", "--public-shares",
                        "15,000,000", env={"NO_COLOR": "1"})
    assert run.code == 0 and run.stderr == ""
    for figure in ("1,574,595", "13.57", "no", "16,574,595"):
        assert figure in run.stdout


@pytest.mark.parametrize("market_value, tier, required_pct", [
    ("6000000000", "A", "25"),  # at the boundary: still tier A
    ("6000000001", "B", "24.999999995833"),  # just above: HK$1.5bn is nearly 25%
    ("10000000000", "B", "15"),
    ("7500000000", "B", "20"),  # HK$1.5bn / HK$7.5bn
    ("30000000000", "B", "15"),
    ("30000000001", "C", "14.999999999500"),
    ("45000000000", "C", "10"),
    ("60000000000", "C", "10"),
])
def test_tier_boundaries(market_value, tier, required_pct):
    computed = compute_float(shares_in_issue=1_000_000_000, market_value=Decimal(market_value))
    assert computed.result.tier == tier and computed.result.required_pct == Decimal(required_pct)


def test_required_shares_round_up_exactly():
    """HK$1.5bn in public hands at HK$7 a share needs 214,285,715 shares (214,285,714.28... rounded up)."""
    computed = compute_float(shares_in_issue=1_000_000_000, price=Decimal("7"))
    assert computed.result.tier == "B" and computed.result.required_public_shares == 214285715
    assert computed.rounded == {"required_pct": computed.rounded["required_pct"]}


def test_rules_are_dated_data():
    assert FLOAT_RULE_EFFECTIVE == "2025-08-04"
    assert [t.name for t in FLOAT_TIERS] == ["A", "B", "C"]
    assert tier_for(Decimal(6_000_000_000)).name == "A"


@pytest.mark.parametrize("args, message", [
    (["--price", "116.20"], "--shares-in-issue"),
    (["--shares-in-issue", "100", "--price", "1", "--market-value", "100"], "not both"),
    (["--shares-in-issue", "100", "--public-shares", "101", "--price", "1"], "exceed"),
    (["--shares-in-issue", "100", "--cornerstone-shares", "10"], "--offer-shares"),
    (["--shares-in-issue", "100", "--public-shares", "10"], "--price"),
    (["--shares-in-issue", "100", "--price", "1", "--currency", "USD"], "HKD"),
])
def test_bad_input(args, message):
    run = invoke("float", *args)
    assert run.code == 2 and message in run.stderr and run.stdout == ""


def test_exactly_the_required_shares_meet_the_tier():
    result = compute_float(shares_in_issue=110_497_300, price=Decimal("101.60"), public_shares=16_574_595).result
    assert result.meets_requirement == "yes" and result.shortfall_shares == 0
    short = compute_float(shares_in_issue=110_497_300, price=Decimal("101.60"), public_shares=16_574_594).result
    assert short.meets_requirement == "no" and short.shortfall_shares == 1


def test_rules_lists_the_float_tiers_with_sources():
    data = invoke("rules", "--json").json()["result"]
    rule = next(rule for rule in data["deal_rules"] if rule["name"] == "public-float-2025")
    assert "4 Aug 2025" in rule["effective"] and "HK$1.5bn" in rule["rule"] and len(rule["sources"]) == 3
    assert rule["uncertain"]


def test_cornerstones_may_take_the_whole_offer_but_no_more():
    args = ("float", "--shares-in-issue", "440,230,190", "--price", "116.20", "--offer-shares", "37,419,500")
    whole = invoke(*args, "--cornerstone-shares", "37,419,500", "--json")
    assert whole.code == 0 and whole.json()["result"]["cornerstone_pct_of_offer"] == "100"
    over = invoke(*args, "--cornerstone-shares", "37,419,501")
    assert over.code == 2 and "exceed --offer-shares 37,419,500" in over.stderr
