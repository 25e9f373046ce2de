"""Features checked against each other (issue 17): every figure two paths both produce is identical.

For generated deals (offer shares, price, board lot, regime and multiple, greenshoe, shares in issue,
first-day prices, a sale, its financing and a small ballot table built from generated tiers) and for
the presets shipped:

- ``report`` against each command it is made of (``raise``, ``market-cap``, ``oversubscription``,
  ``greenshoe``, ``entry-fee``, ``ballot``, ``aftermarket``, ``sell``, ``margin``), each run with
  ``--file deal.toml`` (or ``--preset``) and with the same values typed as options; the report's field
  names are mapped to the commands' here, written out independently of ``report.TAKEN``;
- a deal file against the same options typed;
- ``batch`` lines (with ``"file"`` and with the options) against the one-off calls;
- ``--json`` against the table's cells: the table rounds money to the cent and % and x to two places,
  half up, and shows a price to two places unless it has more; the JSON value is rounded that way here
  (with ``fractions.Fraction``, not the package's formatter) and compared with the cell.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import invoke
from zhipu_ipo.calc.aftermarket import AftermarketResult
from zhipu_ipo.calc.ballot import BallotResult
from zhipu_ipo.calc.financing import MarginResult
from zhipu_ipo.calc.selling import SellResult
from zhipu_ipo.deal import PRESETS_DIR, preset_names
from zhipu_ipo.report_result import ReportResult

EXAMPLES = settings(max_examples=20, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- the report's fields, by part: report field -> the command's result field ------------------------

PARTS: dict[str, tuple[str, tuple[str, ...], dict[str, str]]] = {
    "proceeds": ("raise", (), {
        "gross_proceeds": "gross_proceeds", "expenses": "expenses", "net_proceeds": "net_proceeds",
        "greenshoe_proceeds": "greenshoe_proceeds", "gross_proceeds_with_greenshoe": "gross_proceeds_with_greenshoe",
        "upsize_shares": "upsize_shares", "offer_after_upsize": "offer_after_upsize"}),
    "market_cap": ("market-cap", (), {
        "market_cap_at_offer": "market_cap_at_offer", "market_cap": "market_cap", "change_pct": "change_pct"}),
    "subscription": ("oversubscription", (), {
        "public_multiple": "multiple", "public_applied_shares": "applied_shares", "demand_amount": "demand_amount",
        "applications": "applications", "successful": "successful", "success_rate": "success_rate",
        "regime": "regime", "band": "band", "public_initial_shares": "public_initial_shares",
        "public_final_shares": "public_final_shares", "public_final_pct": "public_final_pct",
        "placing_final_shares": "placing_final_shares", "pool_a_shares": "pool_a_shares",
        "pool_b_shares": "pool_b_shares", "max_application_shares": "max_application_shares",
        "intl_multiple": "intl_multiple", "preferential_shares": "preferential_shares",
        "public_final_pct_after_upsize": "public_final_pct_after_upsize"}),
    "greenshoe": ("greenshoe", (), {
        "greenshoe_shares": "greenshoe_shares", "over_allotted_shares": "over_allotted_shares",
        "buyback_shares": "buyback_shares", "exercised_shares": "exercised_shares",
        "exercised_proceeds": "exercised_proceeds", "resold_shares": "resold_shares"}),
    "entry_fee": ("entry-fee", ("--lots", "1"), {
        "one_lot_amount_payable": "amount_payable", "one_lot_fees": "total_fees"}),
    "ballot": ("ballot", (), {
        "one_lot_rate": "one_lot_rate", "pool_b_bottom_shares": "pool_b_bottom_shares",
        "pool_b_bottom_p": "pool_b_bottom_p", "pool_b_bottom_expected_lots": "pool_b_bottom_expected_lots",
        "sure_lot_shares": "sure_lot_shares", "sure_lot_amount_payable": "sure_lot_amount_payable"}),
    "first_day": ("aftermarket", (), {
        "first_day_open": "open_price", "first_day_close": "close_price", "offer_to_open_pct": "offer_to_open_pct",
        "open_to_close_pct": "open_to_close_pct", "first_day_return_pct": "first_day_return_pct",
        "money_left_on_table": "money_left_on_table", "index_return_pct": "index_return_pct",
        "market_adjusted_return_pct": "market_adjusted_return_pct"}),
    "float": ("float", (), {
        "float_tier": "tier", "required_public_shares": "required_public_shares",
        "public_float_pct": "public_float_pct", "meets_float_requirement": "meets_requirement",
        "cornerstone_shares": "cornerstone_shares", "cornerstone_pct_of_offer": "cornerstone_pct_of_offer"}),
    "sale": ("sell", (), {
        "sale_shares": "shares", "sale_price": "price", "sale_charges": "total_charges",
        "sale_net_proceeds": "net_proceeds", "sale_cost": "cost", "sale_pnl": "pnl", "sale_return_pct": "return_pct",
        "break_even_price": "break_even_price", "break_even_tick_price": "break_even_tick_price"}),
    "financing": ("margin", (), {
        "financing_amount": "amount", "financing_deposit": "deposit", "financing_financed": "financed",
        "financing_interest": "interest", "financing_total_cost": "total_cost",
        "financing_breakeven_return_pct": "breakeven_return_pct"}),
}


def run_json(*args: str) -> dict[str, Any]:
    run = invoke(*args, "--json")
    assert run.code == 0, (args, run.stderr)
    return run.json()


def rounded_of(envelope: dict[str, Any]) -> dict[str, str]:
    return envelope.get("assumptions", {}).get("rounded", {})


def rows_of(envelope: dict[str, Any]) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """The result at each offer price, by scenario ("" for one price; low, mid, high, final for a range)."""
    result, rounded = envelope["result"], rounded_of(envelope)
    if "scenarios" not in result:
        return {"": (result, rounded)}
    per_row = {key.removeprefix("scenarios."): how for key, how in rounded.items() if key.startswith("scenarios.")}
    return {row["scenario"]: (row, per_row) for row in result["scenarios"]}


def final_row(envelope: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The result at the final offer price: the result itself, or a range's "final" row (None if it has none)."""
    rows = rows_of(envelope)
    return rows.get("", rows.get("final"))


def compare_report(report: dict[str, Any], deal_args: tuple[str, ...], typed: dict[str, list[str]] | None = None,
                   skip: frozenset[str] = frozenset()) -> set[str]:
    """Each part of ``report`` against its command with the deal (and typed, if given), at every offer price the
    two both answer (one price; or a range's low, mid, high and final rows); the parts compared."""
    report_rows = rows_of(report)
    left_out = report["assumptions"].get("left_out", {})
    compared = set()
    for part, (command, extra, names) in PARTS.items():
        if part in left_out or part in skip or not any(name in row for row, _ in report_rows.values() for name in names):
            continue
        runs = [run_json(command, *deal_args, *extra)]
        if typed is not None and part in typed:
            runs.append(run_json(command, *typed[part], *extra))
        for envelope in runs:
            part_rows = rows_of(envelope)
            if "" in part_rows and "final" in report_rows:
                part_rows = {"final": part_rows[""]}  # a command answering at the final price only
            common = set(part_rows) & set(report_rows)
            assert common, (part, command, sorted(part_rows), sorted(report_rows))
            for scenario in common:
                (fields, rounded), (result, part_rounded) = report_rows[scenario], part_rows[scenario]
                pairs = names
                if part == "market_cap" and "trading_price" not in fields:
                    pairs = {"market_cap_at_offer": "market_cap"}  # no trading price: the cap at the offer price
                for report_name, part_name in pairs.items():
                    where = (part, scenario, report_name, part_name)
                    if scenario in ("low", "mid", "high") and (report_name not in fields or part_name not in result):
                        continue  # a range's rows: the report leaves out what is true at the final price only
                    assert fields.get(report_name) == result.get(part_name), where
                    if scenario == "final" and part_name not in part_rounded:
                        # a range's rows are named together ("scenarios.x"): rounded in another row is named too
                        continue
                    assert (report_name in rounded) == (part_name in part_rounded), where
                    if report_name in rounded:
                        assert rounded[report_name] == part_rounded[part_name], where
        compared.add(part)
    for fields, _ in report_rows.values():
        if "sale_pnl" in fields and "financing_total_cost" in fields:
            assert Fraction(fields["pnl_after_financing"]) == Fraction(fields["sale_pnl"]) - Fraction(
                fields["financing_total_cost"])
    return compared


# --- the table against the JSON ------------------------------------------------------------------

def _half_up(value: Fraction, places: int) -> Fraction:
    scale = 10 ** places
    magnitude = (abs(value) * scale + Fraction(1, 2)).__floor__()
    return Fraction(magnitude if value >= 0 else -magnitude, scale)


def _grouped(value: Fraction, places: int) -> str:
    scaled = int(abs(value) * 10 ** places)
    whole, part = divmod(scaled, 10 ** places)
    text = f"{whole:,}" + (f".{part:0{places}d}" if places else "")
    return ("-" if value < 0 else "") + text


def expected_cell(kind: str, raw: Any) -> str | None:
    """The cell the table must show for a JSON value of ``kind``; None for kinds shown as text."""
    if kind in ("shares", "count"):
        return f"{int(raw):,}"
    if kind == "money":
        return _grouped(_half_up(Fraction(Decimal(raw)), 2), 2)
    if kind == "price":
        places = max(0, -Decimal(raw).as_tuple().exponent)  # type: ignore[operator]
        if places > 2:
            return _grouped(Fraction(Decimal(raw)), places)
        return _grouped(_half_up(Fraction(Decimal(raw)), 2), 2)
    if kind in ("percent", "multiple"):
        return _grouped(_half_up(Fraction(Decimal(raw)), 2), 2)
    if kind == "change":
        text = _grouped(_half_up(Fraction(Decimal(raw)), 2), 2)
        return text if text.startswith("-") else "+" + text
    if kind == "text":
        return str(raw)
    return None


def item_rows(text: str) -> list[tuple[str, str]]:
    """(label, value) of each row of the table headed "Item"."""
    lines = text.splitlines()
    start = next(index for index, line in enumerate(lines) if line.split()[:2] == ["Item", "Value"])
    rows = []
    for line in lines[start + 2:]:
        if not line.strip():
            break
        cells = re.split(r"\s{2,}", line.strip())
        rows.append((cells[0], cells[1] if len(cells) > 1 else ""))
    return rows


def check_table_against_json(args: tuple[str, ...], result_type: type) -> int:
    """The table of ``args`` shows each JSON value of the result, rounded as the table rounds; rows checked."""
    envelope = run_json(*args)
    table = invoke(*args, env={"COLUMNS": "400"})
    assert table.code == 0, table.stderr
    rows = item_rows(table.stdout)
    specs = {spec.name: spec.metadata for spec in dataclasses.fields(result_type)}
    shown = [(name, raw) for name, raw in envelope["result"].items()
             if raw is not None and specs[name]["kind"] not in ("table", "rows")]
    assert len(rows) == len(shown), (rows, shown)
    for (label, cell), (name, raw) in zip(rows, shown):
        assert label.startswith(specs[name]["label"].strip()), (label, name)
        wanted = expected_cell(specs[name]["kind"], raw)
        if wanted is not None:
            assert cell == wanted, (name, raw, cell)
    return len(rows)


# --- generated deals ---------------------------------------------------------------------------------

LOTS = (20, 50, 100, 200, 400, 500, 1000)
DAYS = (date(2022, 1, 3), date(2022, 12, 30), date(2023, 1, 3), date(2023, 11, 17), date(2025, 6, 27),
        date(2025, 6, 30), date(2025, 8, 4), date(2026, 1, 8))


def cents(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"


@st.composite
def tables(draw: Any, lot: int, max_price_cents: int) -> str:
    """A basis-of-allotment table of generated tiers, in order, pools by the HK$5m boundary."""
    boundary = (500_000_000 // (max_price_cents * lot)) * lot
    sizes = sorted(set(draw(st.lists(st.integers(1, 12), min_size=1, max_size=5))) | {1})
    rows = ["pool,shares_applied,valid_applications,basis"]
    sure = draw(st.booleans())
    for index, lots in enumerate(sizes):
        shares = lots * lot
        if shares > boundary:
            break
        applicants = draw(st.integers(1, 200_000))
        if sure and index == len(sizes) - 1 and lots > 1:
            fixed = draw(st.integers(1, lots - 1))
            winners = draw(st.integers(0, applicants))
            basis = f"{fixed * lot:,} Shares" + (
                f" plus {winners:,} out of {applicants:,} applicants to receive an additional {lot:,} Shares" if winners else "")
        else:
            winners = draw(st.integers(1, applicants))
            basis = f"{winners:,} out of {applicants:,} applicants to receive {lot:,} Shares"
        rows.append(f'A,"{shares:,}","{applicants:,}","{basis}"')
    if draw(st.booleans()):
        lots_b = boundary // lot + draw(st.integers(1, 20))
        fixed = draw(st.integers(1, min(lots_b, 10)))
        rows.append(f'B,"{lots_b * lot:,}",{draw(st.integers(1, 5_000))},"{fixed * lot:,} Shares"')
    return "\n".join(rows) + "\n"


@st.composite
def deals(draw: Any) -> dict[str, Any]:
    """A deal's values (each as it is typed), within realistic bounds."""
    lot = draw(st.sampled_from(LOTS))
    shares = draw(st.integers(5_000, 400_000)) * lot
    price = draw(st.integers(100, 30_000))  # cents: HK$1.00 to HK$300.00
    regime = draw(st.sampled_from(["18c", "pn18", "mechanism-b"]))
    listing = draw(st.sampled_from(DAYS))
    applications = draw(st.integers(1_000, 500_000))
    deal: dict[str, Any] = {
        "lot": lot, "shares": shares, "price": cents(price), "price_cents": price, "regime": regime,
        "multiple": cents(draw(st.integers(100, 500_000))),
        "applications": applications, "successful": draw(st.integers(1, applications)),
        "greenshoe": draw(st.sampled_from([None, "10", "15"])),
        "in_issue": shares * draw(st.integers(4, 30)),
        "open": cents(max(1, price + draw(st.integers(-price // 2, price)))),
        "close": cents(max(1, price + draw(st.integers(-price // 2, price)))),
        "index": ("-" if draw(st.booleans()) else "") + cents(draw(st.integers(0, 500))),
        "listing": listing.isoformat(),
        "sale_lots": draw(st.integers(1, 5)),
        "sale_price": cents(max(1, price + draw(st.integers(-price // 2, price)))),
        "sale_date": (listing + timedelta(days=draw(st.integers(0, 3)))).isoformat() if draw(st.booleans()) else None,
        "financing": draw(st.sampled_from(["leverage", "deposit_pct", "deposit_amount"])),
        "leverage": draw(st.sampled_from(["10x", "5x", "2.5x", "20x", "1x"])),
        "deposit_pct": draw(st.sampled_from(["10%", "20%", "33%", "100%"])),
        "deposit_share": Fraction(draw(st.integers(1, 100)), 100) * 100,
        "rate": cents(draw(st.integers(1, 1_200))) + "%",
        "days": draw(st.integers(1, 10)),
        "handling_fee": cents(draw(st.integers(0, 20_000))),
        "expenses": cents(draw(st.integers(0, 10_000_000))) if draw(st.booleans()) else None,
    }
    deal["table"] = draw(tables(lot, price))
    return deal


def write_deal(folder: Path, deal: dict[str, Any]) -> Path:
    (folder / "tiers.csv").write_text(deal["table"], encoding="utf-8")
    sale_date = f'date = "{deal["sale_date"]}"\n' if deal["sale_date"] else ""
    financing = {"leverage": f'leverage = "{deal["leverage"]}"',
                 "deposit_pct": f'deposit = "{deal["deposit_pct"]}"',
                 "deposit_amount": f'deposit = "{deposit_amount(deal)}"'}[deal["financing"]]
    greenshoe = f'[greenshoe]\npct = "{deal["greenshoe"]}"\n' if deal["greenshoe"] else ""
    expenses = f'expenses = "{deal["expenses"]}"\n' if deal["expenses"] else ""
    public_pct = 'public_pct = "10"\n' if deal["regime"] == "mechanism-b" else ""
    text = f"""[ipo]
name = "Generated"
listing_date = "{deal["listing"]}"

[offer]
shares = "{deal["shares"]:,}"
price = "{deal["price"]}"
board_lot = {deal["lot"]}
shares_in_issue = {deal["in_issue"]}
{expenses}
[public]
regime = "{deal["regime"]}"
multiple = "{deal["multiple"]}"
applications = {deal["applications"]}
successful = {deal["successful"]}
{public_pct}
{greenshoe}
[market]
price = "{deal["open"]}"
open = "{deal["open"]}"
close = "{deal["close"]}"
index_return = "{deal["index"]}%"

[ballot]
table = "tiers.csv"

[sale]
shares = {deal["sale_lots"] * deal["lot"]}
price = "{deal["sale_price"]}"
{sale_date}
[financing]
{financing}
rate = "{deal["rate"]}"
days = {deal["days"]}
handling_fee = "{deal["handling_fee"]}"
"""
    path = folder / "deal.toml"
    path.write_text(text, encoding="utf-8")
    return path


def amount_payable(shares: int, price: str) -> Fraction:
    """Shares x price plus the hkex-2023 application charges, each to the cent (half up)."""
    consideration = shares * Fraction(Decimal(price))
    fees = [_half_up(consideration * Fraction(Decimal(rate)) / 100, 2) for rate in ("1", "0.0027", "0.00015", "0.00565")]
    return consideration + sum(fees)


def deposit_amount(deal: dict[str, Any]) -> str:
    """A deposit given as an amount: a whole-cent share of the amount payable for the position."""
    amount = amount_payable(deal["sale_lots"] * deal["lot"], deal["price"])
    return "HK$" + _grouped(Fraction(int(amount * deal["deposit_share"]), 100), 2)  # a bare number is refused


def typed_options(deal: dict[str, Any], table: Path) -> dict[str, list[str]]:
    """Each part's options, typed: the deal's values as the option-to-key table of docs/deal-file.md maps them."""
    lot, price = str(deal["lot"]), deal["price"]
    position = deal["sale_lots"] * deal["lot"]
    greenshoe = ["--greenshoe", deal["greenshoe"] + "%"] if deal["greenshoe"] else []
    expenses = ["--expenses", deal["expenses"]] if deal["expenses"] else []
    public_pct = ["--public-pct", "10%"] if deal["regime"] == "mechanism-b" else []
    financing = {"leverage": ["--leverage", deal["leverage"]], "deposit_pct": ["--deposit", deal["deposit_pct"]],
                 "deposit_amount": ["--deposit", deposit_amount(deal)]}[deal["financing"]]
    amount = amount_payable(position, price)
    typed = {
        "proceeds": ["--shares", str(deal["shares"]), "--price", price, "--board-lot", lot, *greenshoe, *expenses],
        "market_cap": ["--shares", str(deal["in_issue"]), "--price", deal["open"], "--offer-price", price],
        "subscription": ["--multiple", deal["multiple"], "--price", price,
                         "--max-price", price, "--applications", str(deal["applications"]), "--successful",
                         str(deal["successful"]), "--total-offer", str(deal["shares"]), "--regime", deal["regime"],
                         "--board-lot", lot, *public_pct],
        "entry_fee": ["--price", price, "--board-lot", lot],
        "ballot": ["--table", str(table), "--board-lot", lot, "--max-price", price, "--price", price,
                   "--applications", str(deal["applications"])],
        "first_day": ["--offer-price", price, "--open", deal["open"], "--close", deal["close"], "--shares",
                      str(deal["shares"]), "--index-return", deal["index"] + "%"],
        "sale": ["--shares", str(position), "--price", deal["sale_price"], "--date", deal["sale_date"] or deal["listing"],
                 "--offer-price", price],
        "financing": ["--amount", _grouped(amount, 2).replace(",", ""), *financing, "--rate", deal["rate"],
                      "--days", str(deal["days"]), "--handling-fee", deal["handling_fee"]],
    }
    if deal["greenshoe"]:
        typed["greenshoe"] = ["--shares", str(deal["shares"]), "--pct", deal["greenshoe"] + "%", "--board-lot", lot,
                              "--price", price]
    return typed


@pytest.fixture(scope="module")
def folder():
    path = Path(tempfile.mkdtemp(prefix="zipo-cross-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@EXAMPLES
@given(deal=deals())
def test_report_agrees_with_every_command_for_generated_deals(deal: dict[str, Any], folder: Path) -> None:
    path = write_deal(folder, deal)
    report = run_json("report", "--file", str(path))
    assert "left_out" not in report["assumptions"] or set(report["assumptions"]["left_out"]) <= {"float", "greenshoe"}
    compared = compare_report(report, ("--file", str(path)), typed_options(deal, folder / "tiers.csv"))
    assert {"proceeds", "market_cap", "subscription", "entry_fee", "ballot", "first_day", "sale",
            "financing"} <= compared


@EXAMPLES
@given(deal=deals())
def test_a_deal_file_is_the_same_options_typed(deal: dict[str, Any], folder: Path) -> None:
    """Every command with --file against the same values typed: the whole result and what it rounded."""
    path = write_deal(folder, deal)
    for part, options in typed_options(deal, folder / "tiers.csv").items():
        command, extra, _ = PARTS[part]
        from_file = run_json(command, "--file", str(path), *extra)
        typed = run_json(command, *options, *extra)
        assert from_file["result"] == typed["result"], part
        assert rounded_of(from_file) == rounded_of(typed), part


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(deal=deals())
def test_batch_lines_answer_as_the_one_off_calls(deal: dict[str, Any], folder: Path) -> None:
    path = write_deal(folder, deal)
    calls: list[tuple[str, list[str]]] = []
    for part, options in typed_options(deal, folder / "tiers.csv").items():
        command, extra, _ = PARTS[part]
        calls.append((command, ["--file", str(path), *extra]))
        calls.append((command, [*options, *extra]))
    calls.append(("report", ["--file", str(path)]))
    lines = []
    for command, args in calls:
        line: dict[str, Any] = {"command": command}
        for name, raw in zip(args[::2], args[1::2]):
            line[name[2:].replace("-", "_")] = raw
        lines.append(json.dumps(line))
    batch = invoke("batch", input="\n".join(lines) + "\n")
    assert batch.code == 0, batch.stderr
    answers = [json.loads(line) for line in batch.stdout.splitlines()]
    assert len(answers) == len(calls)
    for (command, args), answer in zip(calls, answers):
        one_off = run_json(command, *args)
        assert answer["result"] == one_off["result"], (command, args)
        assert answer["assumptions"] == one_off["assumptions"], (command, args)
        assert answer["inputs"] == one_off["inputs"], (command, args)


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(deal=deals())
def test_the_tables_show_the_json_rounded_half_up(deal: dict[str, Any], folder: Path) -> None:
    path = write_deal(folder, deal)
    for command, result_type in (("report", ReportResult), ("sell", SellResult), ("margin", MarginResult),
                                 ("aftermarket", AftermarketResult), ("ballot", BallotResult)):
        assert check_table_against_json((command, "--file", str(path)), result_type) > 3


# --- the presets -------------------------------------------------------------------------------------

FIXED_PRICE = ["zhipu", "delton", "mixue", "catl", "omnivision", "seer", "sany", "seres", "hengrui", "dahon",
               "sanhua", "horizon"]


#: Figures a preset's command cannot give as its report does (none today: market-cap --preset minimax, a range with a
#: final price and a [market] price, once refused, is answered at that price).
KNOWN: dict[str, frozenset[str]] = {}


@pytest.mark.parametrize("name", sorted(preset_names()))
def test_report_of_a_preset_agrees_with_its_commands(name: str) -> None:
    report = run_json("report", "--preset", name)
    compared = compare_report(report, ("--preset", name), skip=KNOWN.get(name, frozenset()))
    assert "proceeds" in compared


def test_market_cap_of_a_range_preset_with_a_trading_price() -> None:
    report = final_row(run_json("report", "--preset", "minimax"))
    assert report is not None
    market_cap = run_json("market-cap", "--preset", "minimax")
    assert market_cap["result"]["market_cap"] == report[0]["market_cap"]


SALE_AND_FINANCING = """
[sale]
price = "{price}"
date = "{day}"
shares = {shares}

[financing]
leverage = "10x"
rate = "3.5%"
days = 5
handling_fee = "100"
"""


@pytest.mark.parametrize("name, price, day, lots", [
    ("zhipu", "120", "2026-01-08", 1), ("minimax", "235.40", "2026-01-09", 3), ("delton", "80.15", "2026-03-20", 2),
    ("mixue", "262", "2025-03-03", 1), ("befar", "3.52", "2026-07-10", 5),
])
def test_presets_with_a_sale_and_its_financing(name: str, price: str, day: str, lots: int, folder: Path) -> None:
    """The real presets, copied with [sale] and [financing] added: the report against every command."""
    here = folder / f"preset-{name}"
    shutil.copytree(PRESETS_DIR, here, dirs_exist_ok=True)
    text = (here / f"{name}.toml").read_text(encoding="utf-8")
    lot = int(re.search(r"^board_lot = (\d+)", text, re.M).group(1))  # type: ignore[union-attr]
    (here / f"{name}.toml").write_text(text + SALE_AND_FINANCING.format(price=price, day=day, shares=lot * lots),
                                       encoding="utf-8")
    path = str(here / f"{name}.toml")
    report = run_json("report", "--file", path)
    compared = compare_report(report, ("--file", path), skip=KNOWN.get(name, frozenset()))
    assert {"sale", "financing", "proceeds", "ballot"} <= compared
    at = final_row(report)
    assert at is not None
    fields = at[0]
    # the one position: the financing is the amount payable for the shares sold, at the maximum price
    top = re.search(r'^(?:final_)?price = "([0-9.]+)"', text, re.M)
    assert top is not None
    assert fields["sale_shares"] == lot * lots
    assert Fraction(fields["financing_deposit"]) + Fraction(fields["financing_financed"]) == Fraction(
        fields["financing_amount"])


@pytest.mark.parametrize("name", ["zhipu", "delton", "mixue", "catl"])
def test_preset_tables_show_the_json(name: str) -> None:
    assert check_table_against_json(("report", "--preset", name), ReportResult) > 20
    assert check_table_against_json(("ballot", "--preset", name), BallotResult) > 10 if name != "catl" else True


@pytest.mark.parametrize("args, result_type", [
    # exact halves at the third place: the table rounds them up (2.125% -> 2.13, 1.125x -> 1.13, 0.005 -> 0.01)
    (("aftermarket", "--offer-price", "8", "--close", "8.17", "--open", "8.09", "--shares", "1001",
      "--index-return", "0.125%"), AftermarketResult),
    (("margin", "--amount", "800", "--financed", "50", "--rate", "3.65%", "--days", "1", "--handling-fee", "16.995"),
     MarginResult),
    (("sell", "--shares", "1000", "--price", "8.17", "--date", "2026-01-08", "--offer-price", "8"), SellResult),
])
def test_the_tables_round_exact_halves_up(args: tuple[str, ...], result_type: type) -> None:
    assert check_table_against_json(args, result_type) > 4


# --- expected-value: --apply with a fee schedule; a preset with your own chance ---------------------------------

@pytest.mark.parametrize("schedule, one_lot", [("hkex-2023", "11737.19"), ("hkex-2014", "11737.09")])
def test_applications_are_priced_with_the_chosen_fee_schedule(schedule, one_lot):
    fee = invoke("entry-fee", "--price", "116.20", "--board-lot", "100", "--fee-schedule", schedule, "--json")
    assert fee.json()["result"]["amount_payable"] == one_lot
    applied = invoke("expected-value", "--preset", "zhipu", "--apply", "100+100", "--sale-price", "120",
                     "--fee-schedule", schedule, "--json")
    assert applied.code == 0, applied.stderr
    assert Decimal(applied.json()["result"]["capital"]) == 2 * Decimal(one_lot)


def test_a_preset_with_your_own_chance_leaves_its_table_unread():
    own = invoke("expected-value", "--preset", "zhipu", "--probability", "5%", "--sale-price", "120", "--json")
    typed = invoke("expected-value", "--probability", "5%", "--shares", "100", "--offer-price", "116.20",
                   "--sale-price", "120", "--date", "2026-01-08", "--json")
    assert own.code == typed.code == 0, own.stderr
    assert own.json()["result"] == typed.json()["result"]
    assert own.json()["result"]["expected_pnl"] == "12.4645"
