"""entry-fee, report and presets, --units and FX, batch: through the CLI, with published figures."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest

from conftest import CASES, invoke, run_installed
from zhipu_ipo import batch
from zhipu_ipo.batch import framing
from zhipu_ipo.calc.fees import SCHEDULES, charges, max_lots

ZHIPU = CASES["2513-zhipu"]
SEER = CASES["6106-seer"]


def fee(*args: str) -> dict:
    run = invoke("entry-fee", *args, "--json")
    assert run.code == 0, run.stderr
    return run.json()["result"]


def test_zhipu_one_lot():
    result = fee("--price", ZHIPU["offer_price"], "--board-lot", ZHIPU["board_lot"])
    assert result["amount_payable"] == "11737.19"  # published
    assert (result["brokerage"], result["sfc_levy"], result["afrc_levy"], result["trading_fee"]) == (
        "116.20", "0.31", "0.02", "0.66")


def test_mixue_one_lot():
    assert fee("--price", "202.50", "--board-lot", "100")["amount_payable"] == "20454.22"  # Mixue (2097), published


def test_seer_rounding_methods_differ_by_a_cent():
    assert fee("--price", SEER["offer_price"], "--board-lot", SEER["board_lot"])["amount_payable"] == "5131.24"
    total = fee("--price", SEER["offer_price"], "--board-lot", SEER["board_lot"], "--fee-rounding", "total")
    assert total["amount_payable"] == "5131.23"


def test_several_lots_and_the_old_schedule():
    assert fee("--price", "116.20", "--board-lot", "100", "--lots", "10")["consideration"] == "116200.00"
    old = fee("--price", "116.20", "--board-lot", "100", "--fee-schedule", "hkex-2022")
    assert old["trading_fee"] == "0.58" and old["total_fee_pct"] == "1.00785"


def test_a_rate_can_be_overridden_and_is_echoed():
    run = invoke("entry-fee", "--price", "116.20", "--board-lot", "100", "--brokerage-pct", "0", "--json")
    data = run.json()
    assert data["result"]["brokerage"] == "0.00" and data["result"]["fee_schedule"] == "hkex-2023+custom"
    assert "brokerage 0%" in data["assumptions"]["fee_schedule"]


def test_budget_buys_the_most_affordable_lots():
    result = fee("--price", "116.20", "--board-lot", "100", "--budget", "100k")
    assert result["max_lots"] == 8
    assert Decimal(result["max_lots_amount_payable"]) <= 100000


@pytest.mark.parametrize("budget", ["11737.19", "11737.18", "93897.50", "93897.49", "1", "1e7"])
def test_max_lots_is_affordable_and_one_more_is_not(budget):
    schedule = SCHEDULES["hkex-2023"]
    lots = max_lots(Decimal(budget), 100, Decimal("116.20"), schedule)
    assert charges(lots * 100, Decimal("116.20"), schedule).amount_payable <= Decimal(budget) or lots == 0
    assert charges((lots + 1) * 100, Decimal("116.20"), schedule).amount_payable > Decimal(budget)


def test_entry_fee_errors():
    run = invoke("entry-fee", "--price", "116.20")
    assert run.code == 2 and run.stdout == ""
    run = invoke("entry-fee", "--price", "116.20", "--board-lot", "100", "--fee-schedule", "2019")
    assert run.code == 2 and "hkex-2023" in run.stderr


def test_zhipu_report_reproduces_the_article():
    run = invoke("report", "--preset", "zhipu", "--json")
    assert run.code == 0, run.stderr
    result = run.json()["result"]
    assert result["gross_proceeds"] == "4348145900.00"
    assert result["market_cap"] == "52827622800.00" and result["trading_price"] == "120"
    assert result["public_multiple"] == "1159.46" and result["intl_multiple"] == "15.28"
    assert result["public_final_shares"] == 7483900 and result["placing_final_shares"] == 29935600
    assert result["greenshoe_shares"] == 5612900
    assert result["one_lot_amount_payable"] == "11737.19"
    assert result["net_proceeds"] == "4173400000.00"


def test_zhipu_report_table_in_yi():
    text = invoke("report", "--preset", "zhipu").stdout
    for figure in ("4,348,145,900.00", "43.48億", "52,827,622,800.00", "528.28億", "1,159.46", "15.28",
                   "7,483,900", "5,612,900", "11,737.19"):
        assert figure in text


def test_report_at_another_price():
    result = invoke("report", "--preset", "zhipu", "--price", "131.50", "--json").json()["result"]
    assert result["market_cap"] == "57890269985.00"  # 440,230,190 x 131.50: "over HK$57bn" at the first close


def test_every_preset_reports():
    names = [row["name"] for row in invoke("presets", "--json").json()["result"]["presets"]]
    assert {"zhipu", "seer", "dahon"} <= set(names)
    for name in names:
        run = invoke("report", "--preset", name, "--json")
        assert run.code == 0, (name, run.stderr)
    dahon = invoke("report", "--preset", "dahon", "--json").json()["result"]
    assert dahon["exercised_shares"] == 1121000


SCENARIO = """
[ipo]
name = "Example"
currency = "HKD"

[offer]
shares = "37,419,500"
price = 116.20
board_lot = 100
shares_in_issue = 440230190

[market]
price = "120"

[public]
regime = "18c"
multiple = "1159.46x"
"""


def test_report_from_a_file(tmp_path):
    path = tmp_path / "scenario.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    result = invoke("report", "--file", str(path), "--json").json()["result"]
    assert result["public_initial_shares"] == 1871000 and result["public_final_shares"] == 7483900
    assert result["offer_price"] == "116.20"  # a TOML float is read as its exact text
    assert result["market_cap"] == "52827622800.00"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('price = 116.20', 'price = "abc"'), "[offer] price: 'abc' is not a number"),
        (('price = 116.20\n', ''), "[offer] price is missing"),
        (('board_lot = 100', 'board_lots = 100'), "[offer] board_lots is not a known key"),
        (('[market]', '[markets]'), "unknown section [markets]"),
        (('regime = "18c"', 'regime = "18d"'), "[public] regime: unknown regime"),
        (('shares_in_issue = 440230190', 'shares_in_issue = true'), "[offer] shares_in_issue: give a string"),
        (('[ipo]', '[ipo'), "not valid TOML"),
    ],
)
def test_scenario_errors_name_the_file_and_the_key(tmp_path, change, message):
    path = tmp_path / "scenario.toml"
    path.write_text(SCENARIO.replace(*change), encoding="utf-8")
    run = invoke("report", "--file", str(path))
    assert run.code == 2 and run.stdout == ""
    assert str(path) in run.stderr and message in run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_report_needs_exactly_one_source(tmp_path):
    assert invoke("report").code == 2
    assert invoke("report", "--preset", "zhipu", "--file", "x.toml").code == 2
    assert invoke("report", "--file", str(tmp_path / "missing.toml")).code == 2
    assert "no preset" in invoke("report", "--preset", "nosuch").stderr


def test_units_styles():
    args = ("market-cap", "--shares", "440,230,190", "--price", "120")
    assert "528.28億" in invoke(*args).stdout
    assert "528.28億" in invoke(*args, "--units", "zh", "--currency", "USD").stdout
    assert "52.83bn" in invoke(*args, "--units", "en").stdout
    plain = invoke(*args, "--units", "plain").stdout
    assert "52,827,622,800.00" in plain and "億" not in plain and "bn" not in plain


def test_fx_conversion_is_exact_and_echoed():
    data = invoke("raise", "--shares", "37,419,500", "--price", "116.20", "--fx", "0.92", "--to", "CNY", "--json").json()
    assert data["result"]["gross_proceeds_cny"] == "4000294228.0000"
    assert data["inputs"]["fx"] == "0.92" and data["inputs"]["to"] == "CNY"
    assert "1 HKD = 0.92 CNY" in data["assumptions"]["fx"]
    table = invoke("raise", "--shares", "37,419,500", "--price", "116.20", "--fx", "0.92", "--to", "CNY").stdout
    assert "4,000,294,228.00" in table and "CNY" in table


@pytest.mark.parametrize("args", [["--fx", "0.92"], ["--to", "CNY"], ["--fx", "1", "--to", "HKD"], ["--fx", "0", "--to", "USD"]])
def test_fx_needs_a_rate_and_another_currency(args):
    run = invoke("raise", "--shares", "1", "--price", "1", *args)
    assert run.code == 2 and run.stdout == ""


BATCH_INPUT = "\n".join([
    '{"command": "raise", "shares": "37419500", "price": "116.20"}',
    '{"command": "raise", "shares": 37419500, "price": 116.20}',
    'not json',
    '{"command": "market-cap", "shares": "440,230,190", "price": "120", "offer_price": "116.20"}',
    '{"command": "nope"}',
    '{"command": "raise", "shares": "1.5", "price": "1"}',
    '{"command": "oversubscription", "total_offer": "37419500", "offered": "1871000", "multiple": "1159.46", '
    '"regime": "18c", "board_lot": 100}',
    '{"command": "raise", "shares": "1", "price": "1", "expenses": "2"}',
    '{"command": "entry-fee", "price": "116.20", "board_lot": 100}',
    '{"command": "raise", "shares": "37419500", "price": "116.20", "fx": "0.92", "to": "CNY"}',
    '',
    '[1, 2]',
    '{"command": "raise", "shares": null, "price": "1"}',
    '{"command": "raise", "shares": "1", "price": "1", "bogus": "1"}',
]) + "\n"


def test_batch_one_line_out_per_line_in_order():
    run = invoke("batch", "--jobs", "1", input=BATCH_INPUT)
    assert run.code == 1
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(out) == len(BATCH_INPUT.splitlines())
    assert out[0]["result"]["gross_proceeds"] == "4348145900.00"
    assert out[1] == out[0]  # JSON numbers read as their exact text
    assert out[2]["line"] == 3 and "JSON" in out[2]["error"]
    assert out[3]["result"]["market_cap"] == "52827622800.00"
    assert out[4]["line"] == 5
    assert out[5]["line"] == 6 and "whole number" in out[5]["error"]
    assert out[6]["result"]["public_final_shares"] == 7483900
    assert out[7]["line"] == 8 and "exceed" in out[7]["error"]
    assert out[8]["result"]["amount_payable"] == "11737.19"
    assert out[9]["result"]["gross_proceeds_cny"] == "4000294228.0000"
    assert [item.get("line") for item in out[10:]] == [11, 12, 13, 14]


def test_batch_line_equals_the_json_envelope():
    line = invoke("batch", input='{"command": "greenshoe", "shares": "37,419,500", "price": "116.20", '
                                 '"board_lot": 100}\n').stdout
    single = invoke("greenshoe", "--shares", "37,419,500", "--price", "116.20", "--board-lot", "100", "--json")
    assert json.loads(line) == single.json()


def test_batch_all_good_exits_0_and_notes_go_to_stderr():
    run = invoke("batch", input='{"command": "greenshoe", "shares": "1000", "pct": "20"}\n')
    assert run.code == 0 and run.stderr.startswith("note: line 1: ")
    assert json.loads(run.stdout)["result"]["greenshoe_shares"] == 200


def test_batch_in_parallel_matches_one_process(monkeypatch):
    monkeypatch.setattr(framing, "BLOCK_BYTES", 300)
    data = (BATCH_INPUT * 40).encode("utf-8")
    outputs = []
    for jobs in (1, 2):
        out, err = io.BytesIO(), io.StringIO()
        failed = batch.run_stream(io.BytesIO(data), out, err, jobs)
        outputs.append((out.getvalue(), err.getvalue(), failed))
    assert outputs[0] == outputs[1]
    lines = outputs[0][0].decode().splitlines()
    assert len(lines) == 40 * len(BATCH_INPUT.splitlines())
    assert json.loads(lines[-1])["line"] == len(lines)  # line numbers run across blocks


def test_batch_through_the_installed_script():
    run = run_installed("batch", stdin=BATCH_INPUT * 3)
    assert run.code == 1
    assert len(run.stdout.splitlines()) == 3 * len(BATCH_INPUT.splitlines())
    assert "Traceback" not in run.stderr
