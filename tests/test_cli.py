"""The command line end to end (CliRunner): figures, JSON contract, errors, tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import command_names, invoke
from zhipu_ipo import __version__
from zhipu_ipo.registry import COMMANDS

ZHIPU_CALLS = {
    "raise": ["raise", "--shares", "37,419,500", "--price", "116.20"],
    "market-cap": ["market-cap", "--shares", "440,230,190", "--price", "120", "--offer-price", "116.20"],
    "oversubscription": ["oversubscription", "--offered", "1,871,000", "--multiple", "1159.46", "--price", "116.20"],
    "greenshoe": ["greenshoe", "--shares", "37,419,500", "--price", "116.20", "--board-lot", "100"],
    "entry-fee": ["entry-fee", "--price", "116.20", "--board-lot", "100"],
    "report": ["report", "--preset", "zhipu"],
    "presets": ["presets"],
    "rules": ["rules", "--regime", "18c"],
    "ballot": ["ballot", "--table", str(Path(__file__).parent / "cases" / "ballot" / "zhipu-2513.csv"), "--board-lot", "100",
               "--max-price", "116.20"],
    "aftermarket": ["aftermarket", "--offer-price", "116.20", "--open", "120", "--close", "131.50", "--shares",
                    "37,419,500", "--index-return", "-1.17%"],
    "ah-premium": ["ah-premium", "--a-price", "274.08", "--h-price", "337.4", "--cny-per-hkd", "0.9203"],
    "float": ["float", "--shares-in-issue", "440,230,190", "--price", "116.20", "--offer-shares", "37,419,500",
              "--cornerstone-shares", "25,681,600"],
    "sell": ["sell", "--shares", "100", "--price", "120", "--date", "2026-01-08", "--offer-price", "116.20"],
    "margin": ["margin", "--financed", "1,000,000", "--rate", "3%", "--start", "2025-08-07", "--end", "2025-08-12"],
    "expected-value": ["expected-value", "--probability", "4,643/92,859", "--shares", "100", "--offer-price", "116.20",
                       "--move", "3.27%", "--date", "2026-01-08"],
    "compare": ["compare", "--preset", "zhipu", "--preset", "minimax"],
    "plan": ["plan", "--preset", "zhipu", "--sale-price", "120", "--tiers", "3"],
}
ZHIPU_FIGURES = {
    "raise": ["37,419,500", "116.20", "4,348,145,900.00", "43.48億"],
    "market-cap": ["52,827,622,800.00", "528.28億", "+3.27", "51,154,748,078.00"],
    "oversubscription": ["2,169,349,660", "252,078,430,492.00", "1,159.46"],
    "greenshoe": ["5,612,900", "652,218,980.00", "15.00"],
    "entry-fee": ["11,620.00", "116.20", "11,737.19", "1.17萬"],
    "report": ["4,348,145,900.00", "528.28億", "1,159.46", "7,483,900", "5,612,900", "11,737.19"],
    "presets": ["zhipu", "2513", "2026-01-08"],
    "rules": ["18c", "<10x: 5%; >=10x: 10%; >=50x: 20%"],
    "ballot": ["92,859", "4,643", "5.00", "20,000", "3,742,000", "3,741,900", "11,737.19"],
    "aftermarket": ["572,518,350.00", "+13.17", "+3.27", "+9.58", "+14.51", "+14.34"],
    "ah-premium": ["310.50922", "-11.73", "-13.29"],
    "float": ["51,154,748,078.00", "44,023,019", "68.63", "5.83"],
    "sell": ["12,000.00", "13.52", "11,986.48", "11,737.19", "249.29", "117.51", "117.60"],
    "margin": ["1,000,000.00", "410.96"],
    "expected-value": ["5.00", "120.00", "249.29", "12.46", "11,737.19"],
    "compare": ["4,348,145,900.00", "4,817,604,000.00", "1,159.46", "1,837.17", "+13.17", "+109.09"],
    "plan": ["11,737.19", "23,474.37", "5.00", "12.46", "117.51"],
}
#: batch reads JSON Lines from stdin: the batch tests drive it.
NOT_A_ONE_LINE_CALL = {"batch"}


def test_every_command_is_exercised_here():
    assert set(command_names()) - NOT_A_ONE_LINE_CALL == set(ZHIPU_CALLS) == set(COMMANDS)


@pytest.mark.parametrize("command", sorted(ZHIPU_CALLS))
def test_zhipu_figures_in_the_table(command):
    run = invoke(*ZHIPU_CALLS[command])
    assert run.code == 0, run.stderr
    for figure in ZHIPU_FIGURES[command]:
        assert figure in run.stdout
    assert run.stderr == ""


@pytest.mark.parametrize("command", sorted(ZHIPU_CALLS))
@pytest.mark.parametrize("terminal", [{}, {"FORCE_COLOR": "1", "NO_COLOR": "1"}], ids=["piped", "terminal"])
def test_no_digit_is_cut_in_a_narrow_terminal(command, terminal):
    wide = ["--wide"] if terminal else []  # a terminal keeps the columns read first: --wide shows every figure
    run = invoke(*ZHIPU_CALLS[command], *wide, env={"COLUMNS": "40", **terminal})
    for figure in ZHIPU_FIGURES[command]:
        assert figure in run.stdout
    lines = run.stdout.splitlines()
    if terminal:  # labels fold to fit the terminal; a value longer than it stands on a line of its own
        assert all(len(line) <= 40 or (line.startswith("    ") and len(line.split()) == 1) for line in lines), lines
    else:  # piped: nothing is folded to a guessed width
        assert max(len(line) for line in lines) > 40


def test_no_color_means_no_ansi_codes():
    forced = invoke(*ZHIPU_CALLS["raise"], env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert "\x1b[" in forced.stdout  # the check below can fail
    plain = invoke(*ZHIPU_CALLS["raise"], env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain.stdout
    assert "4,348,145,900.00" in plain.stdout


EXPECTED_RESULTS = {
    "raise": {"shares": 37419500, "price": "116.20", "gross_proceeds": "4348145900.00"},
    "market-cap": {"market_cap": "52827622800.00", "market_cap_at_offer": "51154748078.00",
                   "change_pct": "3.270223752151", "shares": 440230190},
    "oversubscription": {"applied_shares": 2169349660, "multiple": "1159.46", "demand_amount": "252078430492.00"},
    "greenshoe": {"greenshoe_shares": 5612900, "greenshoe_proceeds": "652218980.00", "total_shares": 43032400,
                  "total_proceeds": "5000364880.00"},
    "entry-fee": {"consideration": "11620.00", "brokerage": "116.20", "sfc_levy": "0.31", "afrc_levy": "0.02",
                  "trading_fee": "0.66", "amount_payable": "11737.19"},
    "report": {"gross_proceeds": "4348145900.00", "market_cap": "52827622800.00", "public_final_shares": 7483900,
               "greenshoe_shares": 5612900, "one_lot_amount_payable": "11737.19"},
    "ballot": {"sure_lot_shares": 20000, "pool_a_allotted_shares": 3742000, "pool_b_allotted_shares": 3741900,
               "one_lot_amount_payable": "11737.19"},
}
LISTINGS = {"presets", "rules", "ah-premium"}  # no amounts: no currency, and their rows are checked in test_features


@pytest.mark.parametrize("command", sorted(ZHIPU_CALLS))
def test_json_contract(command):
    expected = EXPECTED_RESULTS.get(command, {})
    run = invoke(*ZHIPU_CALLS[command], "--json")
    assert run.code == 0 and run.stderr == ""
    data = run.json()
    assert list(data) == ["schema_version", "command", "inputs", "result", "assumptions"]
    assert data["schema_version"] == 1 and data["command"] == command
    for key, figure in expected.items():
        assert data["result"][key] == figure
    if command in LISTINGS:
        assert "currency" not in data["inputs"]
        return
    for key, item in data["result"].items():
        assert isinstance(item, (int, str, dict, list)) and not isinstance(item, bool), key
    assert data["inputs"]["currency"] == "HKD"


def test_json_names_what_it_rounded():
    data = invoke(*ZHIPU_CALLS["market-cap"], "--json").json()
    assert "change_pct" in data["assumptions"]["rounded"]


def test_raise_solves_for_shares():
    data = invoke("raise", "--proceeds", "43億", "--price", "116.20", "--json").json()
    assert data["result"]["shares"] == 37005163
    assert data["result"]["proceeds_remainder"] == "59.40"


def test_raise_net_and_greenshoe():
    data = invoke("raise", "--shares", "37,419,500", "--price", "116.20", "--expenses", "174.7m",
                  "--greenshoe", "15%", "--board-lot", "100", "--json").json()["result"]
    assert data["net_proceeds"] == "4173445900.00"
    assert data["greenshoe_shares"] == 5612900
    assert data["gross_proceeds_with_greenshoe"] == "5000364880.00"


def test_market_cap_solves_for_shares():
    data = invoke("market-cap", "--market-cap", "528.28億", "--price", "120", "--json").json()["result"]
    assert data["shares"] == 440233333 and data["market_cap_remainder"] == "40.00"


def test_success_rate():
    data = invoke("oversubscription", "--offered", "1,871,000", "--multiple", "1159.46x", "--applications", "204,871",
                  "--successful", "50,907", "--json").json()["result"]
    assert data["success_rate"].startswith("24.848")


def test_currency_and_units_options():
    run = invoke(*ZHIPU_CALLS["raise"], "--currency", "usd", "--units", "en")
    assert "Gross proceeds (USD)" in run.stdout and "4.35bn" in run.stdout
    plain = invoke(*ZHIPU_CALLS["raise"], "--units", "plain")
    assert "億" not in plain.stdout and "4,348,145,900.00" in plain.stdout


BAD_VALUES = ["abc", "nan", "-5", "0", "1e999999", "", "兆", "116,20", "1e999999999", "\u202e5", "inf", "15%%"]


@pytest.mark.parametrize("command", sorted(set(ZHIPU_CALLS) - {"presets"}))
@pytest.mark.parametrize("bad", BAD_VALUES)
@pytest.mark.parametrize("as_json", [False, True])
def test_bad_input_is_one_line_exit_2_and_nothing_on_stdout(command, bad, as_json):
    args = list(ZHIPU_CALLS[command])
    args[2] = bad  # the first option's value
    run = invoke(*args, *(["--json"] if as_json else []))
    assert run.code == 2
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1
    assert run.stderr.startswith("zhipu-ipo: error: ")
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["raise", "--shares", "100"],
        ["raise", "--bogus", "1"],
        ["raise", "--shares"],
        ["raise", "--shares", "1", "--price", "1", "--currency", "HK"],
        ["raise", "--shares", "1", "--price", "1", "--units", "metric"],
        ["raise", "--shares", "1.5", "--price", "1"],
        ["raise", "--proceeds", "1", "--shares", "1", "--price", "1"],
        ["market-cap", "--shares", "1"],
        ["market-cap", "--shares", "1", "--market-cap", "1", "--price", "1"],
        ["oversubscription", "--applied", "1"],
        ["oversubscription", "--offered", "1", "--applied", "1", "--multiple", "2"],
        ["oversubscription", "--offered", "0", "--applied", "1"],
        ["greenshoe", "--pct", "15"],
        ["greenshoe", "--shares", "100", "--pct", "101"],
        ["nosuchcommand"],
    ],
)
def test_usage_errors_exit_2(args):
    run = invoke(*args)
    assert run.code == 2, run.stderr
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["raise", "--shares", "1", "--price", "1", "--expenses", "2"],
        ["raise", "--proceeds", "100", "--price", "116.20", "--board-lot", "100"],
    ],
)
def test_infeasible_requests_exit_1(args):
    run = invoke(*args, "--json")
    assert run.code == 1 and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1


def test_notes_go_to_stderr_and_json_stays_clean():
    run = invoke("greenshoe", "--shares", "1000", "--pct", "20", "--json")
    assert run.code == 0
    assert run.json()["result"]["greenshoe_shares"] == 200
    assert run.stderr.startswith("note: ")


def test_no_arguments_shows_help_on_stderr():
    run = invoke()
    assert run.code == 2 and run.stdout == ""
    assert "Examples:" in run.stderr


def test_version():
    run = invoke("--version")
    assert run.code == 0 and run.stdout.strip() == f"zhipu-ipo {__version__}"


def test_the_registry_and_the_app_agree():
    assert set(COMMANDS) | {"batch"} == set(command_names())


@pytest.mark.parametrize("command", command_names())
def test_every_command_has_help_that_leads_with_an_example(command):
    run = invoke(command, "--help")
    assert run.code == 0
    text = run.stdout
    assert text.index("Examples:") < text.index("Options:")
    example = re.search(rf"^\s+(echo .*\| )?zhipu-ipo {command}\b", text, re.MULTILINE)
    assert example, text


def test_top_level_help_lists_every_command():
    text = invoke("--help").stdout
    for command in command_names():
        assert command in text


# Every option a command offers changes its output or is refused (issue 8).

@pytest.mark.parametrize(
    "args, says",
    [
        (["report", "--preset", "zhipu", "--currency", "USD"], "differs from the deal's currency HKD"),
        (["rules", "--fx", "2", "--to", "USD"], "No such option"),
        (["rules", "--currency", "USD"], "No such option"),
        (["presets", "--units", "en"], "No such option"),
        (["raise", "--shares", "1", "--price", "1", "--json", "--units", "en"], "--units shapes the table"),
        (["raise", "--shares", "1", "--price", "1", "--fx", "2"], "give --fx RATE and --to CURRENCY together"),
        (["raise", "--shares", "1", "--price", "1", "--fx", "2", "--to", "HKD"], "already the currency"),
    ],
)
def test_an_option_a_command_cannot_honour_is_refused(args, says):
    run = invoke(*args)
    assert run.code == 2 and run.stdout == "", run.stderr
    assert says in run.stderr and run.stderr.count("\n") == 1


def test_report_currency_matching_the_scenario_is_accepted():
    run = invoke("report", "--preset", "zhipu", "--currency", "hkd", "--json")
    assert run.code == 0 and run.json()["inputs"]["currency"] == "HKD"


def test_report_converts_with_fx_and_to():
    data = invoke("report", "--preset", "zhipu", "--fx", "0.9", "--to", "CNY", "--json").json()
    assert data["result"]["gross_proceeds_cny"] == "3913331310.000"
    assert data["inputs"]["to"] == "CNY"


def test_a_non_hkd_price_says_why_the_pool_boundary_is_missing():
    run = invoke("oversubscription", "--offered", "1,871,000", "--multiple", "1159.46", "--price", "15",
                 "--currency", "USD", "--json")
    assert run.code == 0
    assert "pool_boundary_shares" not in run.json()["result"]
    assert "HK$5m pool boundary needs a price in HKD" in run.stderr
    hkd = invoke("oversubscription", "--offered", "1,871,000", "--multiple", "1159.46", "--price", "116.20", "--json")
    assert hkd.json()["result"]["pool_boundary_shares"] == 43029 and hkd.stderr == ""  # 5,000,000 / 116.20, down


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_offered_output_option_is_honoured(command):
    offered = {opt.dest for opt in COMMANDS[command].all_options}
    assert "json" in offered
    assert ("fx" in offered) == ("to" in offered) and ("fx" not in offered or "currency" in offered)
    if command in LISTINGS:  # no amounts: nothing to label, convert or shorten
        assert offered.isdisjoint({"currency", "units", "fx", "to"})
