"""The pure calculations, checked against published figures (tests/cases, from ../shared/cases)."""

from decimal import Decimal

import pytest

from conftest import CASES
from zhipu_ipo.calc.greenshoe import compute_greenshoe
from zhipu_ipo.calc.market import compute_market_cap
from zhipu_ipo.calc.offer import compute_raise
from zhipu_ipo.calc.subscription import compute_oversubscription
from zhipu_ipo.errors import InfeasibleError, InputError

ZHIPU = CASES["2513-zhipu"]
SEER = CASES["6106-seer"]
PN18_2020 = CASES["2020-pn18-example"]


def test_zhipu_gross_proceeds():
    result = compute_raise(shares=int(ZHIPU["offer_shares"]), price=Decimal(ZHIPU["offer_price"])).result
    assert result.gross_proceeds == Decimal("4348145900.00")
    # Published as HK$4,348.1 million.
    assert result.gross_proceeds.quantize(Decimal("1e5")) == Decimal("4348.1e6")


def test_zhipu_net_proceeds_from_published_expenses():
    result = compute_raise(shares=37419500, price=Decimal("116.20"), expenses=Decimal("174.7e6")).result
    assert result.net_proceeds == Decimal("4173445900.00")  # published: HK$4,173.4 million


def test_seer_gross_proceeds():
    result = compute_raise(shares=int(SEER["offer_shares"]), price=Decimal(SEER["offer_price"])).result
    assert result.gross_proceeds == Decimal("1066525680.00")  # published: HK$1,066.5 million


def test_solving_for_shares_rounds_down_and_keeps_the_remainder():
    result = compute_raise(proceeds=Decimal("4300000000"), price=Decimal("116.20")).result
    assert result.shares == 37005163
    assert result.proceeds_remainder == Decimal("59.40")
    assert result.gross_proceeds + result.proceeds_remainder == Decimal("4300000000")


def test_solving_for_shares_in_whole_lots():
    result = compute_raise(proceeds=Decimal("4300000000"), price=Decimal("116.20"), board_lot=100).result
    assert result.shares == 37005100


def test_solving_for_price():
    outcome = compute_raise(proceeds=Decimal("4348145900"), shares=37419500)
    assert outcome.result.price == Decimal("116.2")
    assert "price" not in outcome.rounded


def test_raise_with_greenshoe():
    result = compute_raise(shares=37419500, price=Decimal("116.20"), greenshoe=Decimal(15), board_lot=100).result
    assert result.greenshoe_shares == int(ZHIPU["over_allotment_shares"])
    assert result.gross_proceeds_with_greenshoe == Decimal("5000364880.00")


def test_expenses_pct():
    result = compute_raise(shares=100, price=Decimal("10"), expenses_pct=Decimal("4.5")).result
    assert result.expenses == Decimal("45") and result.net_proceeds == Decimal("955")


def test_expenses_above_gross_are_infeasible():
    with pytest.raises(InfeasibleError):
        compute_raise(shares=1, price=Decimal(1), expenses=Decimal(2))


def test_proceeds_too_small_for_one_lot_is_infeasible():
    with pytest.raises(InfeasibleError, match="does not buy one board lot"):
        compute_raise(proceeds=Decimal(100), price=Decimal("116.20"), board_lot=100)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"shares": 1},
        {"price": Decimal(1)},
        {"proceeds": Decimal(1), "shares": 1, "price": Decimal(1)},
        {"shares": 1, "price": Decimal(1), "expenses": Decimal(0), "expenses_pct": Decimal(1)},
    ],
)
def test_raise_needs_a_consistent_set_of_inputs(kwargs):
    with pytest.raises(InputError):
        compute_raise(**kwargs)


def test_zhipu_market_cap_at_the_open_and_at_the_offer():
    outcome = compute_market_cap(shares=int(ZHIPU["shares_in_issue_after"]), price=Decimal(ZHIPU["first_day_open"]),
                                 offer_price=Decimal(ZHIPU["offer_price"]))
    result = outcome.result
    assert result.market_cap == Decimal("52827622800")  # the article: 528.28 億港元
    assert result.market_cap_at_offer == Decimal("51154748078.00")
    assert result.change_pct == Decimal("3.270223752151")
    assert outcome.rounded["change_pct"].startswith("non-terminating")


def test_seer_market_cap_at_offer():
    result = compute_market_cap(shares=int(SEER["shares_in_issue_after"]), price=Decimal(SEER["offer_price"])).result
    assert result.market_cap == Decimal("11226525680.00")


def test_implied_shares_from_a_market_cap():
    result = compute_market_cap(market_cap=Decimal("52827622800"), price=Decimal(120)).result
    assert result.shares == 440230190 and result.market_cap_remainder == 0


def test_zhipu_public_demand():
    result = compute_oversubscription(offered=int(ZHIPU["hk_initial_shares"]),
                                      multiple=Decimal(ZHIPU["hk_subscription_multiple"]),
                                      price=Decimal(ZHIPU["offer_price"]),
                                      applications=int(ZHIPU["hk_valid_applications"]),
                                      successful=int(ZHIPU["hk_successful_applications"])).result
    assert result.applied_shares == 2169349660
    assert result.demand_amount == Decimal("252078430492.00")
    assert result.success_rate.quantize(Decimal("0.01")) == Decimal("24.85")


def test_pn18_2020_multiple_from_shares_applied():
    outcome = compute_oversubscription(offered=int(PN18_2020["hk_initial_shares"]),
                                       applied=int(PN18_2020["hk_applied_shares"]))
    assert outcome.result.multiple == Decimal("34.645")  # announced as "34.64 times"
    assert outcome.rounded == {}


def test_seer_public_multiple_reproduces_demand():
    result = compute_oversubscription(offered=524900, multiple=Decimal("5934.56")).result
    assert result.applied_shares == 3115050544


def test_undersubscription_is_a_normal_result():
    result = compute_oversubscription(offered=1000, applied=470).result
    assert result.multiple == Decimal("0.47")


def test_successful_cannot_exceed_applications():
    with pytest.raises(InputError):
        compute_oversubscription(offered=10, applied=10, applications=5, successful=6)


@pytest.mark.parametrize("case_id", ["2513-zhipu", "6106-seer"])
def test_greenshoe_matches_published_over_allotment(case_id):
    case = CASES[case_id]
    result = compute_greenshoe(shares=int(case["offer_shares"]), board_lot=int(case["board_lot"]),
                               price=Decimal(case["offer_price"])).result
    assert result.greenshoe_shares == int(case["over_allotment_shares"])


def test_zhipu_greenshoe_proceeds():
    result = compute_greenshoe(shares=37419500, board_lot=100, price=Decimal("116.20")).result
    assert result.greenshoe_proceeds == Decimal("652218980.00")
    assert result.total_shares == 43032400


def test_greenshoe_above_the_cap_is_computed_with_a_note():
    outcome = compute_greenshoe(shares=1000, pct=Decimal(20))
    assert outcome.result.greenshoe_shares == 200
    assert outcome.notes and "15%" in outcome.notes[0]


def test_results_are_frozen_hashable_dataclasses():
    import dataclasses

    result = compute_oversubscription(total_offer=37419500, multiple=Decimal("1159.46"), regime="18c",
                                      board_lot=100).result
    assert dataclasses.is_dataclass(result) and isinstance(result.band, dict)
    assert hash(result) == hash(dataclasses.replace(result))  # a band (a dict) does not make it unhashable
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.public_final_shares = 1  # type: ignore[misc]
