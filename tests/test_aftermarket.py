"""aftermarket: first-day return, money left on the table, market-adjusted returns, on three real listings.

Prices, share counts and index returns are in tests/cases/aftermarket_cases.json with their sources;
the expected figures there were worked by hand (Decimal) from them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import invoke, run_installed

from zhipu_ipo.calc.aftermarket import compute_aftermarket
from zhipu_ipo.errors import InputError
from zhipu_ipo.numbers import parse_signed_percent

CASES = json.loads((Path(__file__).parent / "cases" / "aftermarket_cases.json").read_text(encoding="utf-8"))
LISTINGS = {case["id"]: case for case in CASES["listings"]}


def call(case: dict, *extra: str) -> list[str]:
    return ["aftermarket", "--offer-price", case["offer_price"], "--open", case["open"], "--close", case["close"],
            "--shares", case["offer_shares"], "--greenshoe-shares", case["greenshoe_shares"],
            "--index-return", case["index_return_pct"], *extra]


@pytest.mark.parametrize("case_id", sorted(LISTINGS))
def test_real_listings_first_day_figures(case_id):
    case = LISTINGS[case_id]
    extra = ("--grey-price", case["grey_price"]) if "grey_price" in case else ()
    run = invoke(*call(case, *extra, "--json"))
    assert run.code == 0 and run.stderr == "", run.stderr
    result = run.json()["result"]
    for key, figure in case["expected"].items():
        if key != "derived":
            assert result[key] == figure, key
    assert result["shares"] == int(case["offer_shares"])
    assert result["greenshoe_shares"] == int(case["greenshoe_shares"])


def test_zhipu_as_issue_13_states_it():
    """8 Jan 2026: offer HK$116.20, open HK$120, close HK$131.50, 37,419,500 shares, Hang Seng -1.17%."""
    run = invoke("aftermarket", "--offer-price", "116.20", "--open", "120", "--close", "131.50",
                 "--shares", "37,419,500", "--index-return", "-1.17%")
    assert run.code == 0 and run.stderr == ""
    for figure in ("572,518,350.00", "5.73億", "+3.27", "+9.58", "+13.17", "-1.17", "+14.51", "+14.34"):
        assert figure in run.stdout
    for name in ("first_day_return_pct", "money_left_on_table", "market_adjusted_return_pct", "excess_return_pct"):
        assert name in run.stdout  # each definition is stated under the table


def test_definitions_and_sources_are_in_the_assumptions():
    data = invoke(*call(LISTINGS["2513-zhipu"], "--json")).json()
    stated = data["assumptions"]
    assert "Loughran and Ritter" in stated["money_left_on_table"] and "before the greenshoe" in stated["money_left_on_table"]
    assert "Ritter" in stated["first_day_return_pct"] and "closing market price" in stated["first_day_return_pct"]
    assert "((1 + r) / (1 + R) - 1)" in stated["market_adjusted_return_pct"]
    assert "(r - R)" in stated["excess_return_pct"]
    assert set(stated["rounded"]) == {"offer_to_open_pct", "open_to_close_pct", "first_day_return_pct",
                                      "market_adjusted_return_pct", "excess_return_pct"}
    assert data["inputs"]["index_return"] == "-1.17"


def test_the_help_gives_each_definition():
    run = invoke("aftermarket", "--help", env={"COLUMNS": "200"})
    assert run.code == 0
    for text in ("money_left_on_table", "Loughran and Ritter", "((1 + r) / (1 + R) - 1) x 100", "(r - R) x 100",
                 "before the greenshoe", "--index-return -1.17%"):
        assert text in run.stdout


@pytest.mark.parametrize("spelling", [["--index-return", "-1.17%"], ["--index-return=-1.17%"],
                                      ["--index-return", "−1.17"]])
def test_a_negative_index_return_is_read_however_written(spelling):
    case = LISTINGS["2513-zhipu"]
    args = ["aftermarket", "--offer-price", case["offer_price"], "--close", case["close"],
            "--shares", case["offer_shares"], *spelling, "--json"]
    run = invoke(*args)
    assert run.code == 0, run.stderr
    assert run.json()["result"]["excess_return_pct"] == case["expected"]["excess_return_pct"]


def test_the_installed_script_prints_catl():
    case = LISTINGS["3750-catl"]
    run = run_installed(*call(case), env={"NO_COLOR": "1"})
    assert run.code == 0 and run.stderr == ""
    for figure in ("5,856,995,520.00", "6,735,540,960.00", "+16.43", "+12.55", "+3.45", "+14.71", "+14.93"):
        assert figure in run.stdout


def test_later_price_and_grey_market():
    case = LISTINGS["2097-mixue"]
    run = invoke("aftermarket", "--offer-price", "202.50", "--open", "262", "--close", "290", "--shares", "17,059,900",
                 "--grey-price", case["grey_price"], "--later-price", "405", "--later-date", "2025-03-10", "--json")
    result = run.json()["result"]
    assert result["grey_market_return_pct"] == "26.913580246914"  # etnet prints +26.914% for Phillip
    assert result["grey_to_open_pct"] == "1.945525291829"
    assert result["later_date"] == "2025-03-10" and result["later_return_pct"] == "100"


@pytest.mark.parametrize("args, message", [
    (["--offer-price", "116.20"], "give the first-day --close or --open"),
    (["--close", "131.50", "--shares", "1"], "give --offer-price"),
    (["--offer-price", "116.20", "--close", "131.50", "--shares", "1", "--index-return", "-100%"], "not above -100%"),
    (["--offer-price", "116.20", "--close", "131.50", "--shares", "1", "--later-price", "200"], "needs --later-date"),
    (["--offer-price", "116.20", "--close", "131.50", "--shares", "1", "--later-date", "2026-02-04"],
     "needs --later-price"),
    (["--offer-price", "116.20", "--close", "131.50", "--shares", "1", "--later-price", "200", "--later-date",
      "4/2/2026"], "YYYY-MM-DD"),
    (["--offer-price", "116.20", "--close", "131.50", "--shares", "1", "--index-return", "--1%"], "more than one sign"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    run = invoke("aftermarket", *args)
    assert run.code == 2 and run.stdout == ""
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1


def test_closing_below_the_offer_leaves_negative_money():
    """Overpricing, PegBio 2565 on 27 May 2025: offer HK$15.6, close HK$11.56; 9,642,000 public shares were 50%
    of the offer, so 19,284,000 (etnet, http://202.62.215.10/www/tc/stocks/ipo-news-article/20250527985/).
    The sign is kept, and said."""
    computed = compute_aftermarket(offer_price=Decimal("15.6"), close=Decimal("11.56"), shares=19284000)
    assert computed.result.money_left_on_table == Decimal("-77907360.00")
    assert computed.result.first_day_return_pct == Decimal("-25.897435897436")
    assert "negative" in computed.assumptions["money_left_on_table_sign"]


def test_conventions_agree_with_each_other():
    """excess = r - R exactly; (1 + adjusted)(1 + R) = 1 + r within the 12-place rounding."""
    for case in CASES["listings"]:
        result = compute_aftermarket(offer_price=Decimal(case["offer_price"]), close=Decimal(case["close"]),
                                     shares=int(case["offer_shares"]),
                                     index_return=Decimal(case["index_return_pct"])).result
        r, big_r = result.first_day_return_pct, result.index_return_pct
        assert result.excess_return_pct == r - big_r
        product = (100 + result.market_adjusted_return_pct) * (100 + big_r) / 100
        assert abs(product - (100 + r)) < Decimal("1e-10")


def test_exact_returns_are_not_said_to_be_rounded():
    computed = compute_aftermarket(offer_price=Decimal("100"), open=Decimal("110"), close=Decimal("125"),
                                   shares=1000, index_return=Decimal("25"))
    assert computed.result.first_day_return_pct == 25 and computed.result.market_adjusted_return_pct == 0
    assert computed.result.excess_return_pct == 0 and set(computed.rounded) == {"open_to_close_pct"}


@pytest.mark.parametrize("text, expected", [("-1.17%", "-1.17"), ("−1.17", "-1.17"), ("+0.3%", "0.3"), ("1.5", "1.5"),
                                            ("-0", "0")])
def test_parse_signed_percent(text, expected):
    assert parse_signed_percent(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "-", "+-1", "abc", "-nan", "1.17x"])
def test_parse_signed_percent_refuses(text):
    with pytest.raises(InputError):
        parse_signed_percent(text)


def test_batch_lines_with_a_negative_number():
    lines = "\n".join([
        json.dumps({"command": "aftermarket", "offer_price": 116.20, "close": 131.50, "shares": 37419500,
                    "index_return": -1.17}),
        '{"command": "aftermarket", "offer_price": "263", "close": "306.20", "shares": "135,578,600"}',
    ]) + "\n"
    run = invoke("batch", input=lines)
    assert run.code == 0, run.stderr
    first, second = (json.loads(line)["result"] for line in run.stdout.splitlines())
    assert first["excess_return_pct"] == LISTINGS["2513-zhipu"]["expected"]["excess_return_pct"]
    assert second["money_left_on_table"] == LISTINGS["3750-catl"]["expected"]["money_left_on_table"]
