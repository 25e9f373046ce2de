"""`ballot`: real basis-of-allotment tables reproduce their announcements' own figures, tier by tier."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from conftest import invoke, run_installed
from zhipu_ipo.calc.allocation import pool_boundary, split_pools
from zhipu_ipo.calc.ballot_table import Basis, parse_basis
from zhipu_ipo.errors import InputError

CASES = Path(__file__).parent / "cases" / "ballot"
SOURCES = json.loads((CASES / "sources.json").read_text(encoding="utf-8"))["tables"]
HEADER = "pool,shares_applied,valid_applications,basis\n"

#: table -> (board lot, maximum price, one-lot rate as printed, sure-lot tier, pool A, pool B, successful)
FULL_TABLES = {
    "zhipu-2513": ("100", "116.20", "5.00", 20000, 3742000, 3741900, 50907),
    "delton-1989": ("100", "71.88", "5.00", 200000, 2300000, 2300000, 39425),
    "befar-6745": ("1000", "3.59", "5.00", 200000, 17607000, 17606000, 17358),
    "mixue-2097": ("100", "202.50", "8.00", 200000, 4265000, 4265000, 70212),  # PN18, Mar 2025, in Chinese
}


def table(name: str) -> str:
    return str(CASES / f"{name}.csv")


def printed(name: str) -> list[str]:
    return (CASES / f"{name}.printed-pct.txt").read_text(encoding="utf-8").split()


def ballot(*args: str, stdin: str | None = None):
    run = invoke("ballot", *args, "--json", input=stdin)
    assert run.code == 0, run.stderr
    return run, run.json()["result"]


def to_places(text: str, example: str) -> str:
    places = Decimal(example).as_tuple().exponent
    return str(Decimal(text).quantize(Decimal(1).scaleb(places), rounding=ROUND_HALF_UP))  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(FULL_TABLES))
def test_every_tier_reproduces_the_printed_percentage(name):
    lot, max_price, _, _, _, _, _ = FULL_TABLES[name]
    _, result = ballot("--table", table(name), "--board-lot", lot, "--max-price", max_price)
    tiers = result["tiers"]
    assert len(tiers) == len(printed(name)) == sum(1 for _ in open(table(name), encoding="utf-8")) - 1
    for tier, figure in zip(tiers, printed(name)):
        assert to_places(tier["pct_allotted"], figure) == figure, tier


@pytest.mark.parametrize("name", sorted(FULL_TABLES))
def test_headlines_and_pool_totals_match_the_announcement(name):
    lot, max_price, one_lot, sure, pool_a, pool_b, successful = FULL_TABLES[name]
    run, result = ballot("--table", table(name), "--board-lot", lot, "--max-price", max_price,
                         "--pool-a", str(pool_a), "--pool-b", str(pool_b))
    assert run.stderr == ""  # the pools add up: no note
    assert to_places(result["one_lot_rate"], one_lot) == one_lot
    assert result["sure_lot_shares"] == sure
    assert result["pool_a_allotted_shares"] == pool_a and result["pool_b_allotted_shares"] == pool_b
    assert result["successful_applications"] == successful == SOURCES[name]["successful_applications"]
    assert result["valid_applications"] == SOURCES[name]["valid_applications"]
    for key in ("pool_a_successful_printed", "pool_b_successful_printed"):
        pool = key[5]
        assert sum(tier["successful_applications"] for tier in result["tiers"]
                   if tier["pool"] == pool.upper()) == SOURCES[name][key]


def test_zhipu_exact_figures():
    _, result = ballot("--table", table("zhipu-2513"), "--board-lot", "100", "--max-price", "116.20",
                       "--public-shares", "7,483,900")
    first, tail, head = result["tiers"][0], result["tiers"][25], result["tiers"][26]
    assert first["p_at_least_one_lot"] == first["pct_allotted"] == result["one_lot_rate"]
    assert abs(Fraction(Decimal(result["one_lot_rate"])) - Fraction(4643 * 100, 92859)) < Fraction(1, 10**11)
    assert (tail["pool"], tail["shares_applied"], tail["p_at_least_one_lot"]) == ("A", 40000, "100")
    assert (head["pool"], head["shares_applied"], head["expected_shares"]) == ("B", 50000, "150")  # 3,497 of 6,994
    assert result["pool_a_top_shares"] == 40000 and result["pool_b_bottom_shares"] == 50000
    assert result["pool_boundary_shares"] == 43000  # HK$5m / 116.20 = 43,029 -> 430 lots
    assert result["one_lot_amount_payable"] == "11737.19"
    assert result["bound_lots"] == 74839 and result["bound_applications"] == 204871
    assert to_places(result["bound_max_pct"], "0.01") == "36.53"
    assert to_places(result["applications_with_shares_pct"], "0.01") == "24.85"


def test_pools_split_with_the_odd_lot_to_pool_a():
    assert split_pools(7483900, 100) == (3742000, 3741900)  # Zhipu, as its table allots
    assert split_pools(35213000, 1000) == (17607000, 17606000)  # Befar
    assert split_pools(4600000, 100) == (2300000, 2300000)


def test_pool_boundary_is_reckoned_at_the_maximum_price():
    assert pool_boundary(Decimal("116.20"), 100) == 43000
    assert pool_boundary(Decimal("71.88"), 100) == 69500
    assert pool_boundary(Decimal("3.59"), 1000) == 1392000  # Befar; at the final 3.48 it would be 1,436,000
    assert pool_boundary(Decimal("50"), 100) == 100000  # exactly HK$5m stays in pool A


def test_blank_pools_are_placed_by_the_boundary(tmp_path):
    rows = (CASES / "delton-1989.csv").read_text(encoding="utf-8").splitlines()
    blank = [rows[0]] + ["," + row.split(",", 1)[1] for row in rows[1:]]
    path = tmp_path / "blank.csv"
    path.write_text("\n".join(blank) + "\n", encoding="utf-8")
    _, result = ballot("--table", str(path), "--board-lot", "100", "--max-price", "71.88")
    assert result["pool_a_allotted_shares"] == result["pool_b_allotted_shares"] == 2300000
    no_price = invoke("ballot", "--table", str(path), "--board-lot", "100")
    assert no_price.code == 2 and "line 2" in no_price.stderr and "--max-price" in no_price.stderr


def test_a_table_that_contradicts_the_boundary_is_noted():
    run, _ = ballot("--table", table("zhipu-2513"), "--board-lot", "100", "--max-price", "130")
    assert run.code == 0 and "line 27 (pool A, 40,000 shares)" in run.stderr and "pool B by the HK$5m" in run.stderr


def test_a_pool_that_does_not_add_up_is_a_note_not_an_error():
    run, result = ballot("--table", table("zhipu-2513"), "--board-lot", "100", "--pool-a", "3,741,900",
                         "--pool-b", "3,742,000")
    assert result["pool_a_allotted_shares"] == 3742000
    assert "pool A: the tiers allot 3,742,000 shares, the pool is 3,741,900 (+100)" in run.stderr
    assert "pool B: the tiers allot 3,741,900 shares, the pool is 3,742,000 (-100)" in run.stderr


def test_kuaishou_excerpt_pre_2025():
    """Kuaishou 01024 (Feb 2021, PN18): the press-published pool A top tier, 4,528 of 6,289 got a lot (0.18%)."""
    run, result = ballot("--table", table("kuaishou-1024-excerpt"), "--board-lot", "100", "--max-price", "115")
    tier = result["tiers"][0]
    assert to_places(tier["pct_allotted"], "0.01") == printed("kuaishou-1024-excerpt")[0] == "0.18"
    assert to_places(tier["p_at_least_one_lot"], "0.01") == "72.00"
    assert result["pool_boundary_shares"] == 43400  # 40,000 in pool A, the quoted 50,000 in pool B
    assert "sure_lot_shares" in result and result["sure_lot_shares"] is None  # the contract: null, not absent
    assert "one_lot_rate" not in result and "no one-lot tier" in run.stderr


def test_mixue_pre_2025_table_and_its_press_figures():
    """MIXUE 02097 (3 Mar 2025, Practice Note 18 pools, clawback to 50%): the full table, in Chinese.

    The press quoted the one-lot rate as 8% (https://thebambooworks.com/?p=43616) and the one-lot
    entry fee as HK$20,454.22 (https://itiger.com/news/1132398102); the smallest sure tier is derived
    from the table (no press quote of it was found)."""
    _, result = ballot("--table", table("mixue-2097"), "--board-lot", "100", "--max-price", "202.50",
                       "--public-shares", "8,530,000")
    assert to_places(result["one_lot_rate"], "1") == "8"  # 7,504 of 93,805 = 7.9996%
    assert abs(Fraction(Decimal(result["one_lot_rate"])) - Fraction(7504 * 100, 93805)) < Fraction(1, 10**11)
    assert result["one_lot_amount_payable"] == "20454.22"
    assert result["sure_lot_shares"] == 200000 and result["sure_lot_lots"] == 2000
    assert result["pool_boundary_shares"] == 24600  # HK$5m / 202.50 = 24,691 -> 246 lots
    assert (result["pool_a_top_shares"], result["pool_b_bottom_shares"]) == (20000, 25000)
    assert to_places(result["pool_a_top_p"], "0.01") == "69.92"  # 15,595 of 22,304
    assert to_places(result["pool_b_bottom_p"], "0.01") == "30.00"  # 3,077 of 10,258
    assert (result["pool_a_applications"], result["pool_b_applications"]) == (
        SOURCES["mixue-2097"]["pool_a_applications_printed_total"], SOURCES["mixue-2097"]["pool_b_applications_printed_total"])
    assert (result["pool_a_shares"], result["pool_b_shares"]) == (4265000, 4265000)  # 8,530,000 after clawback
    head = result["tiers"][29]
    assert (head["shares_applied"], head["p_at_least_one_lot"], head["valid_applications"]) == (200000, "100", 3331)
    assert result["tiers"][28]["p_at_least_one_lot"] != "100"  # 100,000: 6,224 of 6,916, not yet sure


def test_stdin_table_and_several_applications():
    text = (CASES / "delton-1989.csv").read_text(encoding="utf-8")
    _, result = ballot("--table", "-", "--board-lot", "100", "--max-price", "71.88", "--apply", "100+100+100",
                       stdin=text)
    p = Fraction(3459, 69175)
    assert abs(Fraction(Decimal(result["combined_p"])) - (1 - (1 - p) ** 3) * 100) < Fraction(1, 10**11)
    assert result["combined_applications"] == 3
    assert result["combined_amount_payable"] == "21781.47"  # 3 x 7,260.49
    assert abs(Fraction(Decimal(result["combined_expected_lots"])) - 3 * p) < Fraction(1, 10**11)


def test_bound_before_the_results():
    _, result = ballot("--public-shares", "7,483,900", "--board-lot", "100", "--applications", "204,871")
    assert result["bound_lots"] == 74839 and to_places(result["bound_max_pct"], "0.01") == "36.53"
    assert "tiers" not in result
    data = invoke("ballot", "--public-shares", "7,483,900", "--board-lot", "100", "--applications", "204,871",
                  "--json").json()
    assert "not a forecast" in data["assumptions"]["bound_max_pct"]


@pytest.mark.parametrize(("rows", "line", "says"), [
    ("A,200,10,1 out of 10 applicants to receive 100 shares\nA,100,10,1 out of 10 applicants to receive 100 shares",
     "line 3", "tier out of order"),
    ("A,100,10,11 out of 10 applicants to receive 100 shares", "line 2", "more winners (11) than applicants (10)"),
    ("A,100,10,some shares for everybody", "line 2", "cannot read the basis"),
    ("A,100,10,1 out of 12 applicants to receive 100 shares", "line 2", "out of 12 applicants but the tier has 10"),
    ("B,100,10,100 shares\nA,200,10,100 shares", "line 3", "pool A tier after pool B"),
    ("A,150,10,100 shares", "line 2", "not a whole number of board lots"),
    ("A,100,10,200 shares", "line 2", "more than the 100 applied for"),
    ("C,100,10,100 shares", "line 2", "not A or B"),
    ("A,lots,10,100 shares", "line 2", "shares applied for"),
    ("A,100,10", "line 2", "3 columns"),
])
def test_a_malformed_table_is_one_line_naming_the_row(rows, line, says):
    run = invoke("ballot", "--table", "-", "--board-lot", "100", input=HEADER + rows + "\n")
    assert run.code == 2 and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1
    assert line in run.stderr and says in run.stderr, run.stderr


def test_header_and_input_errors():
    bad = invoke("ballot", "--table", "-", "--board-lot", "100", input="tier,shares,apps,basis\n")
    assert bad.code == 2 and "header must be" in bad.stderr and bad.stdout == ""
    assert invoke("ballot", "--table", table("zhipu-2513")).code == 2  # --board-lot is required
    missing = invoke("ballot", "--table", "/nonexistent/table.csv", "--board-lot", "100")
    assert missing.code == 2 and "cannot read" in missing.stderr
    absent = invoke("ballot", "--table", table("zhipu-2513"), "--board-lot", "100", "--apply", "150")
    assert absent.code == 2 and "no tier of 150 shares" in absent.stderr
    empty = invoke("ballot", "--table", "-", "--board-lot", "100", input="")
    assert empty.code == 2 and "nothing on stdin" in empty.stderr


def test_printed_column_is_checked():
    text = HEADER.strip() + ",printed_pct\nA,100,92859,\"4,643 out of 92,859 applicants to receive 100 H Shares\",5.00\n" \
        "A,200,12235,\"897 out of 12,235 applicants to receive 100 H Shares\",3.66\n"
    run = invoke("ballot", "--table", "-", "--board-lot", "100", "--json", input=text)
    assert run.code == 0 and run.json()["result"]["tiers"][0]["printed_pct"] == "5.00"
    assert "line 3 (pool A, 200 shares): % allotted is 3.6657" in run.stderr and "printed 3.66" in run.stderr
    assert "line 2" not in run.stderr


@pytest.mark.parametrize(("text", "basis"), [
    ("4,643 out of 92,859 applicants to receive 100 H Shares", Basis(0, 4643, 92859, 100)),
    ("1,586 out of 31,717 to receive 1,000 Shares", Basis(0, 1586, 31717, 1000)),
    ("100 H Shares", Basis(100, 0, 0, 0)),
    ("1,000 Shares plus 18 out of 759 to receive additional \n1,000 Shares", Basis(1000, 18, 759, 1000)),
    ("100 H Shares plus 933 out of 2,914 applicants to receive an additional 100 H Shares", Basis(100, 933, 2914, 100)),
    ("92,859名中4,643名獲發100股", Basis(0, 4643, 92859, 100)),
    ("92,859名中4,643名获发100股H股", Basis(0, 4643, 92859, 100)),
    ("100股另加2,914名中933名獲發額外100股", Basis(100, 933, 2914, 100)),
    ("１００股", Basis(100, 0, 0, 0)),
    ("93,805 名申請人中有 7,504 名獲得 100 股股份", Basis(0, 7504, 93805, 100)),  # MIXUE 02097, 2025
    ("200 股股份", Basis(200, 0, 0, 0)),
    ("100 股股份加 3,331 名申請人中有 1,999 名獲得額外 100 股股份", Basis(100, 1999, 3331, 100)),
    ("93,805名申请人中有7,504名获得100股股份", Basis(0, 7504, 93805, 100)),
    ("5 out of 10 successful applicants to receive 100 shares", Basis(0, 5, 10, 100)),  # (seed 2412's survivor)
    ("100 shares plus 5 out of 10 successful applications to receive an additional 100 shares", Basis(100, 5, 10, 100)),
])
def test_basis_forms(text, basis):
    assert parse_basis(text) == basis


@pytest.mark.parametrize("text", ["", "100", "about 5%", "100 shares or so", "名中名獲發股", "4,643 of 92,859 get 100",
                                  "名申請人中有名獲得股股份", "93,805 名申請人中有 7,504 人獲得 100 股股份"])
def test_unknown_basis_is_refused(text):
    with pytest.raises(InputError):
        parse_basis(text)


def test_success_rate_label_says_what_it_is():
    run = invoke("oversubscription", "--offered", "1,871,000", "--multiple", "1159.46", "--applications", "204,871",
                 "--successful", "50,907")
    assert "Applications that received shares, % of valid" in run.stdout and "Success rate" not in run.stdout
    assert invoke("oversubscription", "--offered", "1,871,000", "--multiple", "1159.46", "--applications", "204,871",
                  "--successful", "50,907", "--json").json()["result"]["success_rate"].startswith("24.848")


def test_table_in_tiers():
    run = invoke("ballot", "--table", table("zhipu-2513"), "--board-lot", "100", "--max-price", "116.20")
    assert run.code == 0 and run.stderr == ""
    assert "Tiers" in run.stdout and "Pool A top tier (甲尾)" in run.stdout and "935,500" in run.stdout
    assert "Smallest application sure of a lot" in run.stdout and "20,000" in run.stdout


def test_installed_script():
    run = run_installed("ballot", "--table", table("befar-6745"), "--board-lot", "1,000", "--max-price", "3.59",
                        "--price", "3.48", "--json")
    assert run.code == 0, run.stderr
    result = json.loads(run.stdout)["result"]
    assert result["sure_lot_shares"] == 200000 and result["pool_b_allotted_shares"] == 17606000


@pytest.mark.parametrize(("preset", "case"), [("zhipu", "zhipu-2513"), ("delton", "delton-1989"), ("befar", "befar-6745"),
                                               ("mixue", "mixue-2097")])
def test_presets_ship_the_real_tables(preset, case):
    shipped = Path(__file__).parent.parent / "zhipu_ipo" / "presets" / "ballot" / f"{preset}.csv"
    assert shipped.read_text(encoding="utf-8") == (CASES / f"{case}.csv").read_text(encoding="utf-8")
    lot, max_price, _, sure, pool_a, pool_b, _ = FULL_TABLES[case]
    run, result = ballot("--preset", preset)
    assert run.stderr == ""  # the preset's tranche splits into the pools the table allots
    assert (result["board_lot"], result["max_price"], result["sure_lot_shares"]) == (int(lot), max_price, sure)
    assert (result["pool_a_shares"], result["pool_b_shares"]) == (pool_a, pool_b)
    for tier, figure in zip(result["tiers"], printed(case)):
        assert to_places(tier["pct_allotted"], figure) == figure
    mine = invoke("ballot", "--preset", preset, "--table", table(case), "--json")  # a table given wins, and is named
    assert mine.code == 0 and mine.json()["result"]["tiers"] == result["tiers"]
    assert f"--table {table(case)} overrides [ballot] table" in mine.stderr


def test_scenario_ballot_section(tmp_path):
    (tmp_path / "tiers.csv").write_text((CASES / "zhipu-2513.csv").read_text(encoding="utf-8"), encoding="utf-8")
    offer = '[offer]\nshares = "37,419,500"\nprice = "116.20"\nboard_lot = 100\n'
    (tmp_path / "path.toml").write_text(offer + '[ballot]\ntable = "tiers.csv"\npublic_shares = "7,483,900"\n',
                                        encoding="utf-8")
    run, result = ballot("--file", str(tmp_path / "path.toml"))
    assert run.stderr == "" and result["sure_lot_shares"] == 20000 and result["pool_a_shares"] == 3742000
    assert result["price"] == "116.20" and result["board_lot"] == 100  # from [offer]
    inline = offer + '[ballot]\ntable = """\n' + HEADER + 'A,100,10,"1 out of 10 applicants to receive 100 shares"\n"""\n'
    (tmp_path / "inline.toml").write_text(inline, encoding="utf-8")
    assert ballot("--file", str(tmp_path / "inline.toml"))[1]["one_lot_rate"] == "10"
    (tmp_path / "none.toml").write_text(offer, encoding="utf-8")
    missing = invoke("ballot", "--file", str(tmp_path / "none.toml"))
    assert missing.code == 2 and "give --table (or [ballot] table in none.toml)" in missing.stderr
    report = invoke("report", "--file", str(tmp_path / "path.toml"), "--json")  # the report reads [ballot] too
    assert report.code == 0 and report.json()["result"]["sure_lot_shares"] == 20000


from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(lots=st.integers(1, 50), fixed=st.integers(0, 20), applicants=st.integers(1, 10**6), data=st.data())
def test_any_valid_tier_round_trips_and_adds_up(lots, fixed, applicants, data):
    """Whatever the tier, the written basis reads back, and % allotted x shares x applicants = shares allotted."""
    lot = 100
    winners = data.draw(st.integers(0 if fixed else 1, applicants))
    extra = data.draw(st.integers(1, max(1, lots - fixed))) if winners else 0
    if fixed + extra > lots or (fixed == 0 and winners == 0):
        return
    if fixed and winners:
        english = f"{fixed * lot:,} shares plus {winners:,} out of {applicants:,} applicants to receive an additional {extra * lot:,} shares"
        chinese = f"{fixed * lot:,}股另加{applicants:,}名中{winners:,}名獲發額外{extra * lot:,}股"
    elif fixed:
        english, chinese = f"{fixed * lot:,} shares", f"{fixed * lot:,}股"
    else:
        english = f"{winners:,} out of {applicants:,} applicants to receive {extra * lot:,} shares"
        chinese = f"{applicants:,}名中{winners:,}名獲發{extra * lot:,}股"
    assert parse_basis(english) == parse_basis(chinese)
    run = invoke("ballot", "--table", "-", "--board-lot", str(lot), "--json",
                 input=HEADER + f'A,{lots * lot},{applicants},"{english}"\n')
    assert run.code == 0, run.stderr
    tier = run.json()["result"]["tiers"][0]
    allotted = fixed * lot * applicants + winners * extra * lot
    assert tier["allotted_shares"] == allotted
    exact = Fraction(allotted * 100, lots * lot * applicants)
    assert abs(Fraction(Decimal(tier["pct_allotted"])) - exact) <= Fraction(1, 2 * 10**12)
    assert (tier["p_at_least_one_lot"] == "100") == bool(fixed or winners == applicants)


HEADER = "pool,shares_applied,valid_applications,basis\n"


def test_a_tier_of_exactly_the_boundary_is_pool_a_and_one_lot_more_is_pool_b():
    # At HK$116.20 and lots of 100, HK$5m buys 43,000 shares (430 lots): that tier is pool A, 43,100 is pool B.
    rows = ",100,1000,100 out of 1000 applicants to receive 100 shares\n,43000,10,43000 shares\n,43100,5,43100 shares\n"
    _, result = ballot("--table", "-", "--board-lot", "100", "--max-price", "116.20", stdin=HEADER + rows)
    assert [tier["pool"] for tier in result["tiers"]] == ["A", "A", "B"]
    assert result["pool_a_allotted_shares"] == 100 * 100 + 43000 * 10
    assert result["pool_b_allotted_shares"] == 43100 * 5


def test_pools_and_the_public_tranche_given_together_must_agree():
    _, result = ballot("--pool-a", "3,742,000", "--pool-b", "3,741,900", "--public-shares", "7,483,900",
                       "--board-lot", "100", "--applications", "204,871")
    assert result["public_shares"] == 7483900 and result["bound_lots"] == 74839
    wrong = invoke("ballot", "--pool-a", "3,742,000", "--pool-b", "3,741,900", "--public-shares", "7,483,800",
                   "--board-lot", "100", "--applications", "204,871")
    assert wrong.code == 2 and "is not --public-shares 7,483,800" in wrong.stderr


def test_the_public_tranche_is_the_two_pools_when_only_they_are_given():
    _, result = ballot("--pool-a", "3,742,000", "--pool-b", "3,741,900", "--board-lot", "100",
                       "--applications", "204,871")
    assert result["public_shares"] == 7483900 and result["bound_lots"] == 74839


def test_the_befar_preset_carries_its_range_top_and_final_price():
    _, result = ballot("--preset", "befar")
    assert (result["max_price"], result["price"]) == ("3.59", "3.48")  # HK$3.05-3.59, priced at 3.48
    assert result["pool_boundary_shares"] == 1392000  # HK$5m at the top of the range, whole lots of 1,000


def test_a_table_may_have_at_most_two_thousand_tiers():
    from zhipu_ipo.calc.ballot_table import MAX_TIERS

    rows = "".join(f"A,{100 * tier},1,100 shares\n" for tier in range(1, MAX_TIERS + 1))
    _, result = ballot("--table", "-", "--board-lot", "100", stdin=HEADER + rows)
    assert len(result["tiers"]) == MAX_TIERS == 2000
    over = invoke("ballot", "--table", "-", "--board-lot", "100", "--json",
                  input=HEADER + rows + f"A,{100 * (MAX_TIERS + 1)},1,100 shares\n")
    assert over.code == 2 and "2,000" in over.stderr


def test_at_most_a_thousand_applications_are_combined():
    from zhipu_ipo.calc.ballot import MAX_COMBINED

    _, result = ballot("--preset", "zhipu", "--apply", "+".join(["100"] * MAX_COMBINED))
    assert result["combined_applications"] == MAX_COMBINED == 1000
    over = invoke("ballot", "--preset", "zhipu", "--apply", "+".join(["100"] * (MAX_COMBINED + 1)))
    assert over.code == 2 and "at most 1,000 applications" in over.stderr


def test_ballot_and_oversubscription_share_one_pool_rule():
    """The HK$5m boundary and the odd-lot-to-pool-A split are one rule with one source, in both commands."""
    from zhipu_ipo.rules import POOL_RULE

    ballot = invoke("ballot", "--public-shares", "7,483,900", "--board-lot", "100", "--applications", "204,871",
                    "--max-price", "116.20", "--json").json()
    split = invoke("oversubscription", "--total-offer", "37,419,500", "--offered", "1,871,000", "--multiple",
                   "1159.46", "--regime", "18c", "--board-lot", "100", "--price", "116.20", "--json").json()
    for run in (ballot, split):
        assert (run["result"]["pool_a_shares"], run["result"]["pool_b_shares"]) == (3742000, 3741900)
        assert run["result"]["pool_boundary_shares"] == 43000
        assert run["assumptions"]["pools"] == POOL_RULE
    assert split_pools(7483900, 100) == (3742000, 3741900)
    assert pool_boundary(Decimal("116.20"), 100) == 43000


# --- the English basis read word by word, against the patterns it replaced (issue 18: no pattern compiled) ------

import re  # noqa: E402


_SHARES = r"(?:h\s+)?(?:offer\s+)?shares?"
_OUT_OF = r"out\s+of\s+(\d+)\s+(?:(?:successful\s+)?(?:applicants?|applications?)\s+)?to\s+receive\s+"
REFERENCE = (  # the patterns of the English forms before issue 18, tried in this order
    (r"(\d+)\s+" + _SHARES + r"\s+plus\s+(\d+)\s+" + _OUT_OF + r"(?:an\s+)?additional\s+(\d+)\s+" + _SHARES,
     lambda fixed, winners, out_of, extra: Basis(fixed, winners, out_of, extra)),
    (r"(\d+)\s+" + _OUT_OF + r"(\d+)\s+" + _SHARES, lambda winners, out_of, extra: Basis(0, winners, out_of, extra)),
    (r"(\d+)\s+" + _SHARES, lambda fixed: Basis(fixed, 0, 0, 0)),
)


def reference_basis(text: str) -> Basis | None:
    plain = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", " ".join(text.split())).rstrip(".")
    for pattern, make in REFERENCE:
        if match := re.fullmatch(pattern, plain, re.IGNORECASE):
            return make(*(int(group) for group in match.groups()))
    return None


WORDS = ["100", "1,000", "933", "2,914", "shares", "Share", "H", "Offer", "plus", "out", "of", "applicants",
         "application", "successful", "to", "receive", "an", "additional", "Shares.", "x"]
FORMS = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=16).map(" ".join),
    st.builds(lambda n, h, o, s: f"{n} {h}{o}{s}", st.sampled_from(["100", "1,000", "x"]),
              st.sampled_from(["", "H ", "h  "]), st.sampled_from(["", "Offer ", "offer "]),
              st.sampled_from(["Shares", "share", "shares.", "sharez"])),
    st.builds(lambda fixed, winners, out_of, who, an, extra: f"{fixed}plus {winners} out of {out_of} {who}to "
              f"receive {an}{extra} H Shares",
              st.sampled_from(["", "100 H Shares ", "100 Shares  ", "100 "]), st.sampled_from(["933", "1,586", "x"]),
              st.sampled_from(["2,914", "31717"]),
              st.sampled_from(["", "applicants ", "successful applicants ", "successful ", "Applications "]),
              st.sampled_from(["", "an additional ", "additional ", "an "]), st.sampled_from(["100", "1,000"])),
)


@settings(max_examples=600, deadline=None)
@given(FORMS)
@example("100 shares x")
@example("100 H Shares plus")
@example("1 out of 2 to receive 100 shares plus")
@example("100 shares plus 1 out of 2 to receive 100 shares")
def test_the_english_forms_read_as_the_patterns_read_them(text):
    expected = reference_basis(text)
    try:
        found = parse_basis(text)
    except InputError:
        found = None
    assert found == expected



def test_the_tier_table_says_why_two_lots_cost_a_cent_less_than_twice_one():
    """Issue 19, explained roundings: 200 shares tie up 23,474.37, not 2 x 11,737.19 (fees rounded on the whole
    application), and the table says so in one line, as entry-fee --lots does."""
    run = invoke("ballot", "--preset", "zhipu", "--json")
    assert [tier["amount_payable"] for tier in run.json()["result"]["tiers"][:2]] == ["11737.19", "23474.37"]
    said = ("money tied up: fees are rounded on the whole application: 23,474.37 for 2 lots, not 2 x 11,737.19 = "
            "23,474.38; each tier's is its own application's")
    assert run.json()["assumptions"]["per_lot"] == said
    assert f"per_lot: {said}" in invoke("ballot", "--preset", "zhipu").stdout.splitlines()


def test_a_whole_application_that_is_a_multiple_of_one_lot_says_nothing():
    from zhipu_ipo.calc.fees import whole_application_rounding

    assert whole_application_rounding(Decimal("23474.38"), 2, Decimal("11737.19")) is None
    assert whole_application_rounding(Decimal("23474.37"), 2, Decimal("11737.19")) is not None


@pytest.mark.parametrize("applications", [0, -1])
def test_the_bound_refuses_no_applications_in_the_calculation_itself(applications):
    """The parsers refuse 0 at every edge; the pure calculation refuses it too, naming the parameter (a zero
    would divide by zero)."""
    from zhipu_ipo.calc.ballot import compute_ballot

    with pytest.raises(InputError, match="`applications` must be greater than zero"):
        compute_ballot(board_lot=100, public_shares=7483900, applications=applications)
    assert compute_ballot(board_lot=100, public_shares=7483900, applications=1).result.bound_max_pct == 100
