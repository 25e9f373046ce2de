"""Issue 17: exactness, currencies, the preferential tranche, partial first-day figures, bounds, options with no effect."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from conftest import invoke


def run_json(*args: str) -> dict:
    run = invoke(*args, "--json")
    assert run.code == 0, run.stderr
    return run.json()


def one_line(run, code: int = 2) -> str:
    assert (run.code, run.stdout, run.stderr.count("\n")) == (code, "", 1), (run.code, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    return run.stderr


def at_12(value: Fraction) -> str:
    return str(Decimal(round(value * 10**12)).scaleb(-12))


# 1. expected-value: exact fractions, rounded once to 12 places and named under `rounded`

def test_expected_value_two_applications_rounded_once_and_named():
    # Two accounts, chances 1/3 and 1/7; Zhipu's one lot at HK$116.20 sold 10% up (127.82) on 8 Jan 2026:
    # P&L if allotted 1,030.18. At least one: 1 - (2/3)(6/7) = 3/7 = 42.857142857142857...%;
    # expected allotments 1/3 + 1/7 = 10/21; expected P&L 1,030.18 x 10/21 = 490.5619047619047...
    data = run_json("expected-value", "--probability", "1/3;1/7", "--shares", "100", "--offer-price", "116.20",
                    "--move", "10%", "--date", "2026-01-08")
    result, rounded = data["result"], data["assumptions"]["rounded"]
    assert result["pnl_if_allotted"] == "1030.18"
    assert result["at_least_one_pct"] == at_12(Fraction(300, 7)) == "42.857142857143"
    assert result["expected_allotments"] == at_12(Fraction(10, 21)) == "0.476190476190"
    assert result["expected_pnl"] == at_12(Fraction(103018, 100) * Fraction(10, 21)) == "490.561904761905"
    assert result["return_on_capital_pct"] == at_12(Fraction(103018, 100) * Fraction(10, 21) * 100
                                                    / Fraction(2347438, 100))
    for key in ("at_least_one_pct", "expected_allotments", "expected_pnl", "return_on_capital_pct",
                "probability_pct"):
        assert key in rounded, key


def test_expected_value_terminating_values_stay_exact():
    # 5% and 5% and 5%: 1 - 0.95^3 = 14.2625% exactly, 0.15 lots, nothing rounded but the return
    data = run_json("expected-value", "--probability", "5%;5%;5%", "--shares", "100", "--offer-price", "116.20",
                    "--move", "10%", "--date", "2026-01-08")
    result, rounded = data["result"], data["assumptions"].get("rounded", {})
    assert (result["at_least_one_pct"], result["expected_allotments"]) == ("14.2625", "0.15")
    assert result["expected_pnl"] == "154.527"  # 1,030.18 x 0.15
    assert "at_least_one_pct" not in rounded and "expected_pnl" not in rounded


def test_expected_value_many_long_terminating_chances_do_not_crash():
    # 1/2**49 of applicants twelve times: each chance terminates (47 places), their product does not fit 200 digits
    run = invoke("expected-value", "--probability", ";".join(["1/562,949,953,421,312"] * 12), "--shares", "100",
                 "--offer-price", "116.20", "--move", "10%", "--date", "2026-01-08", "--json")
    assert run.code == 0, run.stderr
    assert "at_least_one_pct" in run.json()["assumptions"]["rounded"]


# 2. sell and expected-value: Hong Kong's fixed dollar amounts are HKD

def test_sell_and_expected_value_refuse_another_currency():
    for args in (["sell", "--shares", "100", "--price", "120", "--date", "2026-01-08", "--offer-price", "116.20"],
                 ["expected-value", "--probability", "5%", "--shares", "100", "--offer-price", "116.20", "--move",
                  "3.27%", "--date", "2026-01-08"]):
        assert "--currency USD" in one_line(invoke(*args, "--currency", "USD"))
        assert invoke(*args, "--currency", "HKD").code == 0
        assert invoke(*args, "--fx", "0.128", "--to", "USD").code == 0  # converting HKD figures is fine
    batch = invoke("batch", input='{"command": "sell", "shares": "100", "price": "120", "date": "2026-01-08", '
                                  '"currency": "USD"}\n')
    assert "currency" in batch.stdout and '"error"' in batch.stdout


# 3. A preferential tranche carved out of the international offering (Eastroc 9980, Feb 2026)

EASTROC = ["oversubscription", "--total-offer", "40,889,900", "--preferential", "670,600", "--regime", "mechanism-b",
           "--public-pct", "10", "--board-lot", "100", "--multiple", "57.46"]


def test_eastroc_preferential_from_the_international_offering():
    # 10% of the whole 40,889,900 = 4,088,990 -> 4,089,000 in lots of 100; international 40,889,900 - 4,089,000
    # - 670,600 (the employee tranche) = 36,130,300.
    result = run_json(*EASTROC, "--preferential-from", "international")["result"]
    assert (result["public_final_shares"], result["placing_final_shares"], result["preferential_shares"]) == (
        4089000, 36130300, 670600)
    assert result["placing_initial_shares"] == 36130300 and result["split_offer_shares"] == 40219300
    # 669,700 taken up: the 900 left go back to the international offering
    taken = run_json(*EASTROC, "--preferential-from", "international", "--preferential-taken", "669,700")["result"]
    assert (taken["placing_final_shares"], taken["preferential_returned_shares"]) == (36131200, 900)
    assert taken["public_final_shares"] == 4089000
    # the default is today's reading: the public % of the rest, 10% of 40,219,300 = 4,022,000
    default = run_json(*EASTROC)["result"]
    assert (default["public_final_shares"], default["placing_final_shares"]) == (4022000, 36197300)
    assert run_json(*EASTROC, "--preferential-from", "offer")["result"] == default


def test_preferential_options_are_checked():
    base = [arg for arg in EASTROC if arg not in ("--preferential", "670,600")]
    assert "--preferential" in one_line(invoke(*base, "--preferential-from", "international"))
    assert "--preferential" in one_line(invoke(*base, "--preferential-taken", "100"))
    assert "--preferential-taken" in one_line(invoke(*EASTROC, "--preferential-taken", "670,700"))
    assert "--preferential-from" in one_line(invoke(*EASTROC, "--preferential-from", "placing"))
    assert one_line(invoke("oversubscription", "--total-offer", "1,000", "--preferential", "950", "--regime",
                           "mechanism-b", "--public-pct", "10", "--preferential-from", "international"), 1)


def test_a_deal_file_carries_the_preferential_source(tmp_path):
    deal = tmp_path / "eastroc.toml"
    deal.write_text('[ipo]\nname = "Eastroc"\n\n[offer]\nshares = "40,889,900"\nprice = "248"\nboard_lot = 100\n'
                    'preferential = "670,600"\npreferential_from = "international"\npreferential_taken = "669,700"\n\n'
                    '[public]\nregime = "mechanism-b"\npublic_pct = "10%"\nmultiple = "57.46"\n', encoding="utf-8")
    result = run_json("oversubscription", "--file", str(deal))["result"]
    assert (result["public_final_shares"], result["placing_final_shares"]) == (4089000, 36131200)
    report = run_json("report", "--file", str(deal))["result"]
    assert (report["public_final_shares"], report["placing_final_shares"]) == (4089000, 36131200)
    deal.write_text(deal.read_text(encoding="utf-8").replace('"international"', '"everywhere"'), encoding="utf-8")
    assert "preferential_from" in one_line(invoke("report", "--file", str(deal)))


# 4. aftermarket: what the inputs allow, the rest named under assumptions.not_computed

def test_aftermarket_with_only_the_open():
    # Eastroc 9980 opened at its HK$248 offer price on 3 Feb 2026 (tradevae.com) and closed at HK$251.8 (Reuters)
    data = run_json("aftermarket", "--offer-price", "248", "--open", "248")
    assert data["result"] == {"offer_price": "248", "open_price": "248", "offer_to_open_pct": "0"}
    assert set(data["assumptions"]["not_computed"]) == {"open_to_close_pct", "first_day_return_pct",
                                                        "money_left_on_table"}


def test_aftermarket_without_shares_gives_the_returns():
    # (251.8 - 248) / 248 = 1.532258064516...%
    data = run_json("aftermarket", "--offer-price", "248", "--open", "248", "--close", "251.8", "--index-return",
                    "-0.5%", "--greenshoe-shares", "3,865,800")
    result = data["result"]
    assert result["first_day_return_pct"] == at_12(Fraction(380, 248)) and result["open_to_close_pct"] == \
        result["first_day_return_pct"]
    assert "money_left_on_table" not in result and "money_left_on_table_with_greenshoe" not in result
    assert "market_adjusted_return_pct" in result
    assert data["assumptions"]["not_computed"]["money_left_on_table"] == "needs shares (the offer shares)"
    # with the shares, money left on the table: 3.80 x 40,889,900 = 155,381,620
    assert run_json("aftermarket", "--offer-price", "248", "--close", "251.8", "--shares", "40,889,900")[
        "result"]["money_left_on_table"] == "155381620.00"


def test_aftermarket_index_return_without_a_close_is_noted():
    data = run_json("aftermarket", "--offer-price", "248", "--open", "248", "--index-return", "-0.5%")
    assert "market_adjusted_return_pct" in data["assumptions"]["not_computed"]


def test_report_runs_the_first_day_part_with_only_the_open(tmp_path):
    deal = tmp_path / "open.toml"
    deal.write_text('[ipo]\nname = "Eastroc"\n\n[offer]\nshares = "40,889,900"\nprice = "248"\nboard_lot = 100\n\n'
                    '[market]\nopen = "248"\n', encoding="utf-8")
    data = run_json("report", "--file", str(deal))
    assert (data["result"]["first_day_open"], data["result"]["offer_to_open_pct"]) == ("248", "0")
    assert "first_day" not in data["assumptions"].get("left_out", {})
    assert "first_day_return_pct" not in data["result"]


# 5. Every numeric cell of a ballot table within the number parser's bounds

HEAD = "pool,shares_applied,valid_applications,basis,printed_pct\n"
ONE_LOT = "A,100,92859,\"4,643 out of 92,859 applicants to receive 100 shares\","  # Zhipu 2513's one-lot tier


def bad_tables() -> dict[str, str]:
    return {
        "tiny_printed": HEAD + ONE_LOT + "1e-99999999\n",
        "huge_printed": HEAD + ONE_LOT + "1e999999\n",
        "long_printed": HEAD + ONE_LOT + "1" * 5000 + "\n",
        "negative_zero": HEAD + ONE_LOT + "-0\n",
        "basis_number": HEAD + 'A,100,10,"' + "9" * 5000 + ' out of 10 applicants to receive 100 shares",\n',
        "big_cell": HEAD + 'A,100,10,"' + "x" * 140_000 + '",\n',
        "big_shares": HEAD + 'A,' + "1" * 20 + ',10,100 shares,\n',
        "big_applications": HEAD + 'A,100,1e20,100 shares,\n',
    }


def test_bad_ballot_cells_are_one_line_exit_2(tmp_path):
    import time

    for name, text in bad_tables().items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        started = time.monotonic()
        message = one_line(invoke("ballot", "--table", str(path), "--board-lot", "100"))
        assert time.monotonic() - started < 5, name
        assert len(message) < 400 and "internal error" not in message, (name, message)
    ok = tmp_path / "ok.csv"
    ok.write_text(HEAD + ONE_LOT + "5.00%\n", encoding="utf-8")  # 4,643 / 92,859 = 5.0000538...%, printed 5.00
    assert invoke("ballot", "--table", str(ok), "--board-lot", "100").code == 0


def test_ballot_table_from_a_closed_stdin_is_one_line():
    import shlex
    import subprocess

    from conftest import Run, entry_point

    command = " ".join(shlex.quote(part) for part in entry_point()) + " ballot --table - --board-lot 100 <&-"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert "stdin" in one_line(Run(done.returncode, done.stdout, done.stderr))


def test_a_bad_table_in_batch_does_not_withhold_the_other_lines(tmp_path):
    import json

    lines = []
    for name, text in bad_tables().items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        lines.append({"command": "ballot", "table": str(path), "board_lot": "100"})
    ok = tmp_path / "ok.csv"
    ok.write_text(HEAD + ONE_LOT + "5.00\n", encoding="utf-8")
    lines.insert(3, {"command": "ballot", "table": str(ok), "board_lot": "100"})
    run = invoke("batch", input="".join(json.dumps(line) + "\n" for line in lines))
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(answers) == len(lines)
    assert [("error" in answer) for answer in answers] == [True, True, True, False] + [True] * (len(lines) - 4)
    assert all("internal" not in answer.get("error", "") for answer in answers)


# 6. Options with no effect are refused

def test_options_without_effect_are_refused(tmp_path):
    sale = ["sell", "--shares", "100", "--price", "120", "--date", "2026-01-08"]
    assert "--offer-price" in one_line(invoke(*sale, "--fee-schedule", "hkex-2022"))
    assert invoke(*sale, "--fee-schedule", "hkex-2023", "--offer-price", "116.20").code == 0
    ev = ["expected-value", "--probability", "5%", "--shares", "100", "--offer-price", "116.20", "--move", "3.27%",
          "--date", "2026-01-08"]
    assert "--basis 360" in one_line(invoke(*ev, "--basis", "360"))
    assert invoke(*ev, "--basis", "365").code == 0
    assert invoke(*ev, "--basis", "360", "--leverage", "10x", "--rate", "3.5%", "--days", "5").code == 0
    table = tmp_path / "t.csv"
    table.write_text(HEAD + ONE_LOT + "5.00\n", encoding="utf-8")
    for option, value in (("--fee-schedule", "hkex-2022"), ("--fee-rounding", "total")):
        assert "--max-price or --price" in one_line(invoke("ballot", "--table", str(table), "--board-lot", "100",
                                                          option, value))
        assert invoke("ballot", "--table", str(table), "--board-lot", "100", "--max-price", "116.20", option,
                      value).code == 0
    # a deal's [fees] and the defaults still reach the calculation as before
    assert invoke("ballot", "--preset", "zhipu", "--json").code == 0
    assert invoke("report", "--preset", "zhipu", "--json").code == 0


# 7. Contradictory or absurd values are refused

def test_contradictions_are_refused():
    sale = ["sell", "--shares", "100", "--price", "120", "--date", "2026-01-08"]
    assert "--settlement-fee-max" in one_line(invoke(*sale, "--settlement-fee-min", "200", "--settlement-fee-max",
                                                     "100"))
    assert invoke(*sale, "--settlement-fee-min", "2", "--settlement-fee-max", "100").code == 0
    # the offer size adjustment option adds at most 15% (rules.UPSIZE); Sany 6031's 51,174,200 on 580,424,600 is 8.8%
    offer = ["oversubscription", "--total-offer", "100,000,000", "--regime", "mechanism-b", "--public-pct", "10"]
    assert "15%" in one_line(invoke(*offer, "--upsize", "999,999,999,999,999", "--upsize-to", "placing"))
    assert one_line(invoke(*offer, "--upsize", "15,000,100", "--upsize-to", "placing"))
    assert invoke(*offer, "--upsize", "15,000,000", "--upsize-to", "placing").code == 0
    ladder = ["oversubscription", "--total-offer", "100,000,000", "--multiple", "20"]
    assert "--initial-pct" in one_line(invoke(*ladder, "--initial-pct", "10", "--ladder", "15:5"))
    assert invoke(*ladder, "--initial-pct", "10", "--ladder", "15:30").code == 0
    for date in ("2026-W02-4", "2026-008-1", "20260108xx"):
        assert "YYYY-MM-DD" in one_line(invoke(*sale[:-1], date))
