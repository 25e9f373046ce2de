"""One deal, every question: a preset or a deal file fills every command, and the commands agree on it.

Figures from Zhipu (Knowledge Atlas, HKEX 2513, listed 8 Jan 2026): offer price HK$116.20, board lot
100, first-day close HK$131.50, one-lot rate 5.00% (allotment results, 7 Jan 2026:
https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701798.pdf).
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import invoke, run_installed
from test_robustness import run_in_pty

from zhipu_ipo import deal as deal_module

PRESETS = Path(deal_module.PRESETS_DIR)

POSITION_DEAL = """
[offer]
shares = "37,419,500"
price = "116.20"
board_lot = 100

[ipo]
listing_date = "2026-01-08"

[sale]
shares = "20,000"
price = "120"

[financing]
leverage = "10x"
rate = "3.5%"
days = 5
"""


def result(*args: str) -> dict:
    run = invoke(*args, "--json")
    assert run.code == 0, run.stderr
    return run.json()["result"]


def test_aftermarket_takes_the_first_day_from_the_preset():
    assert result("aftermarket", "--preset", "zhipu")["first_day_return_pct"] == "13.166953528399"


def test_entry_fee_of_one_lot_from_the_preset():
    assert result("entry-fee", "--preset", "zhipu")["amount_payable"] == "11737.19"


def test_ballot_reads_the_presets_table():
    assert result("ballot", "--preset", "zhipu")["one_lot_rate"] == "5.000053845077"


def test_a_preset_is_found_by_its_stock_code_either_way():
    assert result("ballot", "--preset", "02513") == result("ballot", "--preset", "2513") == result(
        "ballot", "--preset", "zhipu")


def test_sell_one_lot_on_the_listing_day():
    run = invoke("sell", "--preset", "zhipu", "--price", "131.50", "--json")
    sold = run.json()
    assert sold["inputs"]["date"] == "2026-01-08" and sold["result"]["shares"] == 100
    assert (sold["result"]["net_proceeds"], sold["result"]["pnl"]) == ("13134.33", "1397.14")
    assert run.stderr == ""  # the deal holds no sale price: nothing is overridden


def test_margin_finances_one_lots_amount_payable():
    financed = result("margin", "--preset", "zhipu", "--leverage", "10x", "--rate", "3.5%", "--days", "5")
    assert (financed["amount"], financed["interest"]) == ("11737.19", "5.06")


def test_a_given_price_keeps_the_presets_maximum_price():
    run = invoke("ballot", "--preset", "befar", "--price", "3.40", "--json")
    assert run.code == 0, run.stderr
    assert (run.json()["result"]["max_price"], run.json()["result"]["price"]) == ("3.59", "3.40")
    assert "--price 3.40 overrides [offer] final_price, else [offer] price (3.48)" in run.stderr
    same = invoke("ballot", "--preset", "befar", "--price", "3.48", "--json")  # the deal's own final price
    assert same.json()["result"]["max_price"] == "3.59" and "overrides" not in same.stderr


@pytest.mark.parametrize(("command", "key", "figure"), [
    ("raise", "gross_proceeds", "4817604000.00"),  # (25,389,220 + the upsize's 3,808,380) x 165
    ("entry-fee", "amount_payable", "3333.28"),  # 20 shares x 165 + 1.0085%
    ("market-cap", "market_cap", "51027185220.00"),  # 309,255,668 x 165
])
def test_a_given_price_leaves_out_the_final_price_of_the_presets_range(command, key, figure):
    """MiniMax's preset has a range (151..165) and a final price (165): one price given has no range for the
    final price to sit in, so the deal does not fill it (it used to fail, asking for --price LOW..HIGH)."""
    run = invoke(command, "--preset", "minimax", "--price", "165", "--json")
    assert run.code == 0, run.stderr
    assert run.json()["result"][key] == figure and "final_price" not in run.json()["inputs"]


def test_a_final_price_with_one_price_is_refused_naming_only_what_was_given():
    run = invoke("raise", "--preset", "minimax", "--price", "165", "--final-price", "165")
    assert run.code == 2 and run.stdout == ""
    assert "--final-price needs --price as a range LOW..HIGH (e.g. 108.00..116.20)" \
        in run.stderr and "--price-step" not in run.stderr


def test_every_override_is_named_on_stderr():
    run = invoke("entry-fee", "--preset", "zhipu", "--board-lot", "200", "--price", "100", "--json")
    assert run.json()["result"]["amount_payable"] == "20201.70"
    assert "--board-lot 200 overrides [offer] board_lot (100) of preset zhipu" in run.stderr
    assert "--price 100 overrides" in run.stderr


def test_the_report_finances_the_position_it_sells(tmp_path):
    deal = tmp_path / "deal.toml"
    deal.write_text(POSITION_DEAL, encoding="utf-8")
    report = result("report", "--file", str(deal))
    assert (report["sale_shares"], report["financing_shares"]) == (20000, 20000)
    assert (report["financing_amount"], report["financing_deposit"]) == ("2347437.55", "234743.76")
    assert (report["financing_financed"], report["financing_interest"]) == ("2112693.79", "1012.94")
    margin = result("margin", "--amount", "2,347,437.55", "--leverage", "10x", "--rate", "3.5%", "--days", "5")
    assert (margin["financed"], margin["interest"]) == (report["financing_financed"], report["financing_interest"])
    assert result("margin", "--file", str(deal)) == margin
    sold = result("sell", "--file", str(deal))
    assert (sold["pnl"], sold["shares"]) == (report["sale_pnl"], 20000)
    entry = result("entry-fee", "--file", str(deal))
    assert (entry["lots"], entry["amount_payable"]) == (200, report["financing_amount"])


def test_the_financed_application_may_differ_from_the_sale(tmp_path):
    deal = tmp_path / "deal.toml"
    deal.write_text(POSITION_DEAL.replace('leverage = "10x"', 'leverage = "10x"\nshares = 100'), encoding="utf-8")
    report = result("report", "--file", str(deal))
    assert (report["financing_shares"], report["financing_amount"], report["financing_interest"]) == (
        100, "11737.19", "5.06")


def test_report_of_a_deal_with_a_ballot_table_shows_its_headlines(tmp_path):
    deal = tmp_path / "deal.toml"
    shutil.copy(PRESETS / "ballot" / "zhipu.csv", tmp_path / "table.csv")
    deal.write_text(POSITION_DEAL + '\n[ballot]\ntable = "table.csv"\npublic_shares = "7,483,900"\n', encoding="utf-8")
    report = result("report", "--file", str(deal))
    ballot = result("ballot", "--file", str(deal))
    assert report["one_lot_rate"] == ballot["one_lot_rate"] == "5.000053845077"
    for key in ("pool_b_bottom_shares", "pool_b_bottom_p", "pool_b_bottom_expected_lots", "sure_lot_shares"):
        assert report[key] == ballot[key], key
    table = invoke("report", "--file", str(deal), env={"COLUMNS": "80"})
    assert "Ballot: one-lot rate, pool A (%)" in table.stdout


def test_the_zhipu_report_holds_every_part():
    report = result("report", "--preset", "zhipu")
    assert report["one_lot_rate"] == "5.000053845077"
    assert report["first_day_return_pct"] == result("aftermarket", "--preset", "zhipu")["first_day_return_pct"]
    assert report["market_cap"] == "52827622800.00" and report["gross_proceeds"] == "4348145900.00"


def test_a_price_range_is_labelled_row_by_row_in_a_narrow_terminal(tmp_path):
    deal = tmp_path / "range.toml"
    deal.write_text('[offer]\nshares = "37,419,500"\nprice = "108.00..116.20"\nfinal_price = "116.20"\n'
                    'board_lot = 100\n', encoding="utf-8")
    screen = run_in_pty(["report", "--file", str(deal)], 80)
    for scenario in ("low", "mid", "high", "final"):
        assert f"Scenario: {scenario}\n" in screen, scenario
    assert "    Gross proceeds (HKD): 4,041,306,000.00" in screen
    assert result("report", "--file", str(deal))["scenarios"][-1]["scenario"] == "final"


def test_presets_list_at_least_twelve_deals_with_minimax():
    listed = result("presets")["presets"]
    names = {row["name"] for row in listed}
    assert len(listed) >= 12 and "minimax" in names
    assert {"zhipu", "delton", "befar", "mixue", "hengrui", "sany", "seres", "seer", "dahon"} <= names


def test_presets_check_passes():
    run = invoke("presets", "--check", "--json")
    assert run.code == 0, run.stderr
    assert run.json()["result"]["checked_figures"] >= 12


def test_presets_check_fails_when_an_announced_figure_is_edited(tmp_path, monkeypatch):
    copy = tmp_path / "presets"
    shutil.copytree(PRESETS, copy)
    text = (copy / "zhipu.toml").read_text(encoding="utf-8")
    assert 'one_lot_rate = "5.00"' in text
    (copy / "zhipu.toml").write_text(text.replace('one_lot_rate = "5.00"', 'one_lot_rate = "5.01"'), encoding="utf-8")
    monkeypatch.setattr(deal_module, "PRESETS_DIR", str(copy))
    run = invoke("presets", "--check")
    assert run.code == 1 and run.stdout == ""
    assert "preset zhipu: [announced] one_lot_rate = 5.01, the tool gives 5.000053845077" in run.stderr


def test_a_deal_file_error_names_the_file_and_the_key_never_an_option(tmp_path):
    deal = tmp_path / "deal.toml"
    deal.write_text(POSITION_DEAL.replace("days = 5", "days = 5\nbasis = 366"), encoding="utf-8")
    run = invoke("margin", "--file", str(deal))
    assert run.code == 2 and run.stdout == ""
    assert "deal.toml: [financing] basis" in run.stderr and "--" not in run.stderr


def test_a_deal_value_a_calculation_refuses_is_named_by_its_key(tmp_path):
    deal = tmp_path / "deal.toml"
    deal.write_text(POSITION_DEAL.replace('price = "116.20"', 'price = "116.20"\nmax_price = "110"'), encoding="utf-8")
    run = invoke("ballot", "--file", str(deal), "--public-shares", "7,483,900", "--applications", "1000")
    assert run.code == 2 and run.stdout == ""
    assert "[offer] final_price, else [offer] price in" in run.stderr and "[offer] max_price" in run.stderr
    assert "--price" not in run.stderr and "--max-price" not in run.stderr


def test_an_input_neither_gives_names_the_option_and_the_key(tmp_path):
    deal = tmp_path / "deal.toml"
    deal.write_text('[offer]\nshares = "1,000"\nprice = "10"\n', encoding="utf-8")
    run = invoke("entry-fee", "--file", str(deal))
    assert run.code == 2
    assert "--board-lot (or [offer] board_lot in" in run.stderr


def test_batch_lines_take_a_preset_and_errors_name_keys():
    lines = [{"command": "sell", "preset": "zhipu", "price": "131.50"},
             {"command": "entry-fee", "price": "116.20"}]
    run = run_installed("batch", stdin="\n".join(json.dumps(line) for line in lines) + "\n")
    first, second = (json.loads(line) for line in run.stdout.splitlines())
    assert first["result"]["pnl"] == "1397.14"
    assert second["error"] == "entry-fee: give price (the offer price, or the top of the range) and board_lot"


def test_a_batch_note_names_the_overridden_key_as_the_line_does():
    line = json.dumps({"command": "raise", "preset": "zhipu", "price": "117.20"})
    run = run_installed("batch", stdin=line + "\n")
    assert json.loads(run.stdout)["result"]["gross_proceeds"] == "4385565400.00"  # 37,419,500 x 117.20
    assert run.stderr == "note: line 1: price 117.20 overrides [offer] price (116.20) of preset zhipu\n"


def test_a_preset_deal_loads_from_beside_the_package_without_resources():
    loaded = deal_module.load_preset("zhipu")
    assert loaded.final_price == Decimal("116.20") and loaded.get("offer.board_lot") == 100
    assert Path(loaded.path).parent == PRESETS


@pytest.mark.parametrize("name", deal_module.preset_names())
def test_every_preset_reports(name):
    run = invoke("report", "--preset", name, "--json")
    assert run.code == 0, run.stderr


def test_ballot_of_a_deal_with_a_price_range_reckons_at_its_top(tmp_path):
    shutil.copy(PRESETS / "ballot" / "zhipu.csv", tmp_path / "table.csv")
    deal = tmp_path / "deal.toml"
    deal.write_text('[offer]\nshares = "37,419,500"\nprice = "108.00..116.20"\nboard_lot = 100\n'
                    '[ballot]\ntable = "table.csv"\n', encoding="utf-8")
    ballot = result("ballot", "--file", str(deal))
    assert (ballot["max_price"], ballot["one_lot_rate"]) == ("116.20", "5.000053845077")
    assert "price" not in ballot  # no final price yet: only the range's top is known


@pytest.mark.parametrize("command", [["raise"], ["market-cap"], ["entry-fee"], ["ballot"], ["report"]])
def test_a_currency_other_than_the_deals_is_refused_on_every_command(command):
    """--currency labels amounts; over a deal's HKD figures it would relabel them, not convert them."""
    run = invoke(*command, "--preset", "zhipu", "--currency", "USD", "--json")
    assert run.code == 2 and run.stdout == ""
    assert "--currency USD differs from the deal's currency HKD (preset zhipu)" in run.stderr
    assert "convert them with --fx RATE and --to CODE" in run.stderr
    line = invoke("batch", input=json.dumps({"command": command[0], "preset": "zhipu", "currency": "USD"}) + "\n")
    assert "currency USD differs from the deal's currency HKD" in json.loads(line.stdout)["error"]
    assert "--" not in json.loads(line.stdout)["error"]


def test_a_value_equal_to_the_deals_overrides_nothing_and_says_nothing():
    same = invoke("raise", "--preset", "zhipu", "--currency", "HKD", "--price", "116.2", "--json")
    assert same.code == 0 and same.stderr == ""
    assert same.json()["result"]["gross_proceeds"] == "4348145900.00"
    other = invoke("raise", "--preset", "zhipu", "--price", "117", "--json")
    assert "--price 117 overrides [offer] price (116.20) of preset zhipu" in other.stderr


RANGE_WITH_MAXIMUM = """\
[ipo]
name = "Range Co"
[offer]
shares = 1000000
price = "100..120"
max_price = "120"
final_price = "115"
board_lot = 100
"""


def test_entry_fee_applies_at_the_maximum_price_of_a_deal_with_a_range_and_a_final_price(tmp_path):
    """entry-fee prices an application at [offer] max_price; the final price goes with the range, not with it."""
    deal = tmp_path / "range.toml"
    deal.write_text(RANGE_WITH_MAXIMUM, encoding="utf-8")
    run = invoke("entry-fee", "--file", str(deal), "--json")
    assert run.code == 0, run.stderr
    assert (run.json()["result"]["price"], run.json()["result"]["amount_payable"]) == ("120", "12121.02")
    raised = invoke("raise", "--file", str(deal), "--json").json()["result"]  # the range with its final price
    assert (raised["final_price"], raised["price_revision_pct"]) == ("115", "4.545454545455")


def test_a_board_lot_given_leaves_out_the_deals_position_in_its_own_lots_and_says_so(tmp_path):
    deal = tmp_path / "sale.toml"
    deal.write_text("[offer]\nshares = 1000000\nprice = \"10\"\nboard_lot = 100\n[sale]\nshares = 300\n",
                    encoding="utf-8")
    assert [invoke("entry-fee", "--file", str(deal), "--json").json()["result"][key] for key in ("lots", "shares")] == [
        3, 300]
    run = invoke("entry-fee", "--file", str(deal), "--board-lot", "200", "--json")
    assert [run.json()["result"][key] for key in ("lots", "shares")] == [1, 200]  # not 3 lots of 200
    assert "--board-lot 200 leaves out [sale] shares / [offer] board_lot (default 1) (3)" in run.stderr
    one_lot = invoke("expected-value", "--preset", "zhipu", "--board-lot", "200", "--probability", "5%",
                     "--sale-price", "130", "--json")
    assert one_lot.json()["result"]["shares"] == 200 and one_lot.json()["result"]["expected_pnl"] == "124.8165"


def test_a_range_given_says_it_leaves_out_the_deals_final_price():
    run = invoke("raise", "--preset", "minimax", "--price", "160..170", "--json")
    assert run.code == 0 and "final_price" not in run.json()["result"]
    assert ("--price 160..170 leaves out [offer] final_price (with the range in [offer] price) (165) of preset minimax"
            in run.stderr)


def test_a_price_above_the_deals_maximum_is_refused_by_oversubscription_as_by_ballot():
    for command in ("oversubscription", "ballot"):
        run = invoke(command, "--preset", "minimax", "--price", "170")
        assert run.code == 2 and run.stdout == "" and "--price 170 is above" in run.stderr, command


def test_a_deal_value_or_an_option_over_a_brokers_says_so(tmp_path):
    deal = tmp_path / "fin.toml"
    deal.write_text("[offer]\nshares = 1000000\nprice = \"116.20\"\nboard_lot = 100\n[financing]\nrate = \"5%\"\n"
                    "days = 7\nleverage = \"10x\"\n", encoding="utf-8")
    run = invoke("margin", "--file", str(deal), "--broker", "longbridge", "--json")
    assert run.json()["result"]["rate_pct"] == "5" and run.json()["result"]["interest"] == "10.13"
    assert f"[financing] rate (5) of {deal} overrides broker longbridge's --rate (3.99)" in run.stderr
    given = invoke("margin", "--amount", "11737.19", "--leverage", "10x", "--days", "7", "--rate", "4%", "--broker",
                   "longbridge", "--json")
    assert "--rate 4 overrides broker longbridge's --rate (3.99)" in given.stderr
    line = invoke("batch", input=json.dumps({"command": "margin", "file": str(deal), "broker": "longbridge"}) + "\n")
    assert "overrides broker longbridge's rate (3.99)" in line.stderr


@pytest.mark.parametrize("price", ["151..165", "151.0..165.00"])
def test_the_deals_own_range_given_overrides_nothing_and_keeps_its_final_price(price):
    """A value equal to the deal's (as values: a range is its two ends) is the deal's: no note, and what goes with
    it stays (the final price 165, its revision against the mid-point)."""
    run = invoke("raise", "--preset", "minimax", "--price", price, "--json")
    assert run.code == 0 and run.stderr == ""
    assert run.json()["result"] == invoke("raise", "--preset", "minimax", "--json").json()["result"]
    assert run.json()["result"]["final_price"] == "165"


def test_a_price_given_equal_to_the_final_price_it_leaves_out_says_nothing_of_it():
    run = invoke("raise", "--preset", "minimax", "--price", "165", "--json")
    assert run.stderr == "note: --price 165 overrides [offer] price (151..165) of preset minimax\n"


@pytest.mark.parametrize(("name", "said"), [("zhpu", "did you mean zhipu?"), ("minimx", "did you mean minimax"),
                                            ("nope", "listed by 'zhipu-ipo presets' (e.g. ")])
def test_an_unknown_preset_gets_the_closest_names_not_a_list_cut_short(name, said):
    run = invoke("raise", "--preset", name)
    assert run.code == 2 and said in run.stderr and "characters)" not in run.stderr
