"""Figures and rules that sampled mutation testing (issue 17, seeds 17, 1717, 4242) found unchecked.

Each test states a real figure or rule; the mutant it kills is named in docs/testing.md.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from conftest import invoke
from test_exactness import F, application_cost, check_exact, half_up, sell_reference
from zhipu_ipo import numbers


def run(*args: str) -> dict:
    done = invoke(*args, "--json")
    assert done.code == 0, (args, done.stderr)
    return done.json()


# --- the HKEX spread table, band by band, on both sides of 4 Aug 2025 ---------------------------------

BREAK_EVEN_CASES = [
    # (shares, offer price, trade date): the break-even price lands in the band named
    *[(100_000, offer, date(2024, 6, 3)) for offer in ("0.18", "0.19", "0.20", "0.21")],  # 0-0.25, old table
    *[(1_000, offer, date(2024, 6, 3)) for offer in ("19.80", "19.85", "19.90", "19.95")],  # 20-100, old (20.0x)
    *[(1_000, offer, date(2025, 8, 4)) for offer in ("14.83", "14.85", "14.87", "14.89")],  # 10-20, first day of new
    *[(1_000, offer, date(2025, 9, 1)) for offer in ("29.61", "29.63", "29.65", "29.67")],  # 20-50, new table
    *[(1_000, offer, date(2025, 9, 1)) for offer in ("4.95", "5.01", "7.33", "9.87")],  # 0.50-20, new table
    *[(100, offer, date(2025, 9, 1)) for offer in ("4943.50", "4944.00", "4944.30")],  # just under 5,000
    *[(100, offer, date(2025, 9, 1)) for offer in ("4944.90", "4945.20")],  # just over 5,000: 5,005, tick 5
    *[(100, offer, date(2025, 9, 1)) for offer in ("5931.11", "5933.37", "5936.01")],  # 5,000-9,995
    *[(100, offer, date(2024, 6, 3)) for offer in ("1177.77", "1500.01", "2966.66")],  # 1,000-5,000, old
    # fewer than 100 shares: stamp duty's whole dollar makes the net proceeds dip for a cent just past the
    # break-even, so the first price found by bisection (400.02, 33.35) is not the smallest that covers
    (80, "395.56", date(2026, 1, 8)), (90, "32.96", date(2026, 1, 8)), (90, "362.59", date(2026, 1, 8)),
]


@pytest.mark.parametrize("shares, offer, day", BREAK_EVEN_CASES)
def test_break_even_on_the_spread_table_of_the_trade_date(shares: int, offer: str, day: date) -> None:
    envelope = run("sell", "--shares", str(shares), "--price", offer, "--date", day.isoformat(), "--offer-price", offer)
    check_exact(envelope, sell_reference(shares, F(offer), day, F(offer)))


def test_the_smallest_whole_cent_that_covers_the_cost() -> None:
    result = run("sell", "--shares", "80", "--price", "400", "--date", "2026-01-08", "--offer-price", "395.56")["result"]
    assert result["break_even_price"] == "400.00"


def test_the_first_day_of_the_new_spread_table() -> None:
    """4 Aug 2025 trades HK$10-20 in steps of 0.01 (3 Aug: 0.02)."""
    def tick(day: str) -> str:
        return run("sell", "--shares", "1000", "--price", "15", "--date", day, "--offer-price", "14.85")["result"][
            "break_even_tick"]
    assert (tick("2025-08-03"), tick("2025-08-04")) == ("0.02", "0.01")


def test_the_earliest_trade_date_priced() -> None:
    assert F(run("sell", "--shares", "100", "--price", "10", "--date", "2014-11-01")["result"]["stamp_duty"]) == 1
    assert invoke("sell", "--shares", "100", "--price", "10", "--date", "2014-10-31").code == 2


def test_stamp_duty_on_the_day_it_fell() -> None:
    """0.13% to 16 Nov 2023, 0.1% from 17 Nov 2023: HK$100,000 of shares."""
    duty = [run("sell", "--shares", "1000", "--price", "100", "--date", day)["result"]["stamp_duty"]
            for day in ("2023-11-16", "2023-11-17")]
    assert [F(value) for value in duty] == [130, 100]


# --- number words --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("2 thousand", 2_000), ("3百萬", 3_000_000), ("5十萬", 500_000), ("2千萬", 20_000_000), ("4.3 billion", 4_300_000_000),
    ("1.5 trillion", 1_500_000_000_000), ("2tn", 2 * 10**12), ("7m", 7_000_000), ("43億", 4_300_000_000),
    ("43亿", 4_300_000_000),
])
def test_scale_words(text: str, value: int) -> None:
    assert numbers.parse_amount(text) == value


# --- reallocation rules ----------------------------------------------------------------------------------

def public_pct(regime: str, multiple: str) -> Fraction:
    result = run("oversubscription", "--multiple", multiple, "--price", "10", "--total-offer", "1,000,000",
                 "--regime", regime, "--board-lot", "100")["result"]
    return F(result["public_final_pct"])


def test_chapter_18c_starts_at_5_percent() -> None:
    result = run("oversubscription", "--multiple", "2", "--price", "10", "--total-offer", "1,000,000", "--regime", "18c",
                 "--board-lot", "100")["result"]
    assert result["public_initial_shares"] == 50_000


def test_mechanism_a_ladder() -> None:
    """Mechanism A: 5% initially, 15% from 15x, 25% from 50x, 35% from 100x."""
    assert [public_pct("mechanism-a", multiple) for multiple in ("9.99", "15", "49.99", "50", "100")] == [5, 15, 15, 25, 35]


def test_pn18_ladder_top() -> None:
    assert [public_pct("pn18", multiple) for multiple in ("14.99", "15", "50", "99.99", "100")] == [10, 30, 40, 40, 50]


def test_a_ladder_may_keep_a_percentage_for_two_rungs() -> None:
    result = run("oversubscription", "--multiple", "60", "--price", "10", "--total-offer", "1,000,000",
                 "--ladder", "15:30,50:30,100:50", "--initial-pct", "10%", "--board-lot", "100")["result"]
    assert F(result["public_final_pct"]) == 30


def test_nothing_moves_below_the_first_rung() -> None:
    result = run("oversubscription", "--multiple", "5", "--price", "10", "--total-offer", "1,000,000", "--regime",
                 "pn18", "--board-lot", "100")["result"]
    assert (result["reallocated_shares"], result["reallocated_to"]) == (0, "none")


def test_mechanism_a_between_its_two_readings_says_so() -> None:
    done = invoke("oversubscription", "--multiple", "12", "--price", "10", "--total-offer", "1,000,000", "--regime",
                  "mechanism-a", "--board-lot", "100", "--json")
    assert done.code == 0 and "falls between the two readings" in done.stderr


def test_applied_and_multiple_that_agree() -> None:
    """Zhipu: 2,169,349,660 applied for 1,871,000 offered is 1,159.46x as printed."""
    done = invoke("oversubscription", "--offered", "1,871,000", "--applied", "2,169,349,660", "--multiple", "1159.46",
                  "--json")
    assert done.code == 0, done.stderr
    assert invoke("oversubscription", "--offered", "1,871,000", "--applied", "2,169,349,660", "--multiple", "1158",
                  "--json").code == 2


def test_a_preferential_tranche_smaller_than_the_offer() -> None:
    base = ("oversubscription", "--multiple", "20", "--price", "10", "--total-offer", "1,000,000", "--regime", "pn18",
            "--board-lot", "100", "--json")
    assert invoke(*base, "--preferential", "999,900").code == 0
    assert invoke(*base, "--preferential", "1,000,000").code == 2


# --- greenshoe ---------------------------------------------------------------------------------------------

def test_greenshoe_over_allotted_to_the_full_option() -> None:
    """15% of 1,000,000 over-allotted in full, 40,000 bought back: 110,000 exercised, 1,110,000 in all."""
    result = run("greenshoe", "--shares", "1,000,000", "--pct", "15%", "--board-lot", "100", "--over-allotted",
                 "150,000", "--buyback", "40,000")["result"]
    assert (result["exercised_shares"], result["total_shares"]) == (110_000, 1_110_000)
    given = run("greenshoe", "--shares", "1,000,000", "--pct", "15%", "--board-lot", "100", "--over-allotted",
                "150,000", "--buyback", "40,000", "--exercised", "110,000")["result"]
    assert given["exercised_shares"] == 110_000
    assert invoke("greenshoe", "--shares", "1,000,000", "--pct", "15%", "--board-lot", "100", "--over-allotted",
                  "150,100", "--json").code != 0


# --- financing ---------------------------------------------------------------------------------------------

def test_leverage_of_one_is_all_own_money() -> None:
    result = run("margin", "--amount", "11,737.19", "--leverage", "1x", "--rate", "3.5%", "--days", "5")["result"]
    assert (F(result["deposit"]), F(result["financed"]), F(result["interest"])) == (F("11737.19"), 0, 0)


def test_the_default_day_count_basis() -> None:
    result = run("margin", "--financed", "1,000,000", "--rate", "3%", "--days", "5")["result"]
    assert (result["basis"], result["interest"]) == (365, "410.96")


# --- public float (2025 tiers) -----------------------------------------------------------------------------

def test_tier_c_minimum_public_value() -> None:
    """HK$40bn at HK$100: tier C, the higher of 10% (40,000,000) and HK$4.5bn worth (45,000,000 shares)."""
    result = run("float", "--shares-in-issue", "400,000,000", "--price", "100", "--public-shares", "45,000,000")["result"]
    assert (result["tier"], result["required_public_shares"], result["meets_requirement"]) == ("C", 45_000_000, "yes")
    short = run("float", "--shares-in-issue", "400,000,000", "--price", "100", "--public-shares", "44,999,999")
    assert short["result"]["meets_requirement"] == "no"


# --- fees, the spread, the ballot table, deals ------------------------------------------------------------

@pytest.mark.parametrize("schedule, day", [("hkex-2023", date(2023, 1, 3)), ("hkex-2022", date(2022, 6, 1)),
                                           ("hkex-2014", date(2019, 5, 2))])
def test_entry_fee_schedules(schedule: str, day: date) -> None:
    envelope = run("entry-fee", "--price", "116.20", "--board-lot", "100", "--lots", "37", "--fee-schedule", schedule)
    fees, payable = application_cost(3_700, F("116.20"), day)
    assert (F(envelope["result"]["total_fees"]), F(envelope["result"]["amount_payable"])) == (fees, payable)
    assert envelope["assumptions"]["fee_rounding"].startswith("each fee rounded to the nearest cent")
    total = run("entry-fee", "--price", "116.20", "--board-lot", "100", "--fee-rounding", "total")
    assert total["assumptions"]["fee_rounding"].startswith("one combined factor")


def test_gross_spread_keeps_what_is_past_the_cent() -> None:
    """1,000 x 1.01 = 1,010 gross; 0.25% commission = 2.525 exactly (never rounded), 0.5% = 5.05."""
    result = run("raise", "--shares", "1000", "--price", "1.01", "--commission-pct", "0.25")["result"]
    assert F(result["underwriting_commission"]) == F("2.525")
    result = run("raise", "--shares", "1000", "--price", "1.01", "--commission-pct", "0.5")["result"]
    assert result["underwriting_commission"] == "5.05"


def test_price_steps_counted_in_the_refusal() -> None:
    done = invoke("raise", "--shares", "1000", "--price", "1..100", "--price-step", "0.01", "--json")
    assert done.code == 2
    assert "gives 9901 prices" in done.stderr


def test_printed_percentages_are_read_and_checked(tmp_path: Path) -> None:
    ballot = run("ballot", "--preset", "minimax")["result"]
    assert ballot["tiers"][0]["printed_pct"] == "2.81"
    table = tmp_path / "t.csv"
    table.write_text("pool,shares_applied,valid_applications,basis,printed_pct\nA,100,10,1 out of 10 applicants to "
                     "receive 100 Shares,-5%\n", encoding="utf-8")
    done = invoke("ballot", "--table", str(table), "--board-lot", "100", "--json")
    assert done.code == 2 and "'-5%' is negative" in done.stderr  # the number parser's bounds (issue 17 item 5)
    table.write_text("pool,shares_applied,valid_applications,basis\nA,100,10,0 Shares\n", encoding="utf-8")
    done = invoke("ballot", "--table", str(table), "--board-lot", "100", "--json")
    assert done.code == 2 and "allots no shares" in done.stderr


def test_a_six_digit_stock_code(tmp_path: Path) -> None:
    deal = tmp_path / "deal.toml"
    deal.write_text('[ipo]\ncode = "123456"\n[offer]\nshares = "1,000"\nprice = "10"\n', encoding="utf-8")
    assert run("report", "--file", str(deal))["result"]["code"] == "123456"
    deal.write_text('[ipo]\ncode = "1234567"\n[offer]\nshares = "1,000"\nprice = "10"\n', encoding="utf-8")
    assert invoke("report", "--file", str(deal), "--json").code == 2


def test_one_lot_rate_is_the_first_tier_exactly() -> None:
    envelope = run("ballot", "--preset", "zhipu")
    assert F(envelope["result"]["one_lot_rate"]) == half_up(Fraction(464_300, 92_859), 12)
    assert Decimal(envelope["result"]["one_lot_rate"]) == Decimal("5.000053845077")
