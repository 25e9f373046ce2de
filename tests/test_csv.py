"""CSV and TSV: a header and plain values that read back as the JSON values, one row per result, tier or price."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import invoke, run_installed
from test_cli import ZHIPU_CALLS

from zhipu_ipo import render

COLUMNS = json.loads((Path(__file__).parent / "cases" / "csv_columns.json").read_text(encoding="utf-8"))


def read(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def as_text(value) -> str:
    """A JSON value as a CSV cell holds it: digits, the exact string, empty for null."""
    return "" if value is None else value if isinstance(value, str) else json.dumps(value) if isinstance(
        value, (list, dict)) else str(value)


def test_raise_of_a_preset_is_a_header_and_one_row_equal_to_the_json():
    run = invoke("raise", "--preset", "zhipu", "--csv")
    assert run.code == 0, run.stderr
    rows = read(run.stdout)
    assert len(rows) == 1 and len(run.stdout.splitlines()) == 2
    result = invoke("raise", "--preset", "zhipu", "--json").json()["result"]
    for column, text in rows[0].items():
        assert text == as_text(result.get(column)), column
    assert rows[0]["gross_proceeds"] == "4348145900.00" and rows[0]["shares"] == "37419500"


def test_ballot_is_one_row_per_tier():
    rows = read(invoke("ballot", "--preset", "zhipu", "--csv").stdout)
    tiers = invoke("ballot", "--preset", "zhipu", "--json").json()["result"]["tiers"]
    assert len(rows) == len(tiers) > 20
    for row, tier in zip(rows, tiers):
        assert {key: text for key, text in row.items() if text} == {key: as_text(value) for key, value in tier.items()}
    assert rows[0]["p_at_least_one_lot"] == "5.000053845077"


def test_a_price_range_is_one_row_per_price():
    rows = read(invoke("raise", "--shares", "37,419,500", "--price", "108.00..116.20", "--csv").stdout)
    assert [(row["scenario"], row["gross_proceeds"]) for row in rows] == [
        ("low", "4041306000.00"), ("mid", "4194725950.00"), ("high", "4348145900.00")]


def test_a_mapping_is_flattened_to_dotted_columns():
    rows = read(invoke("oversubscription", "--preset", "zhipu", "--csv").stdout)
    assert (rows[0]["band.regime"], rows[0]["band.public_pct"], rows[0]["public_final_shares"]) == ("18c", "20", "7483900")


def test_tsv_is_the_same_table_tab_separated():
    comma = invoke("entry-fee", "--preset", "zhipu", "--csv").stdout
    tab = invoke("entry-fee", "--preset", "zhipu", "--tsv").stdout
    assert read(comma) == read(tab, "\t") and "\t" in tab.splitlines()[0]


def test_converted_amounts_follow_their_columns():
    rows = read(invoke("raise", "--shares", "37,419,500", "--price", "116.20", "--fx", "0.9", "--to", "CNY",
                       "--csv").stdout)
    assert (rows[0]["price_cny"], rows[0]["gross_proceeds_cny"]) == ("104.580", "3913331310.000")


@pytest.mark.parametrize("command", sorted(ZHIPU_CALLS))
def test_columns_are_only_ever_added_at_the_end(command):
    header = invoke(*ZHIPU_CALLS[command], "--csv").stdout.splitlines()[0].split(",")
    assert header[:len(COLUMNS[command])] == COLUMNS[command]


@pytest.mark.parametrize("other", ["--json", "--tsv", ("--units", "en")])
def test_one_output_at_a_time(other):
    extra = list(other) if isinstance(other, tuple) else [other]
    run = invoke("raise", "--shares", "1,000", "--price", "1", "--csv", *extra)
    assert run.code == 2 and run.stdout == "" and run.stderr.count("\n") == 1


def test_the_installed_script_writes_csv():
    run = run_installed("entry-fee", "--price", "116.20", "--board-lot", "100", "--csv")
    assert read(run.stdout)[0]["amount_payable"] == "11737.19"


def test_a_total_rounded_on_the_whole_application_says_why_it_is_not_n_times_one_lot():
    # Zhipu: one lot 11,737.19; ten lots 117,371.88, the fees rounded once on the whole application (HKEX: each fee
    # to the cent), not 10 x 11,737.19 = 117,371.90.
    run = invoke("entry-fee", "--price", "116.20", "--board-lot", "100", "--lots", "10", "--json")
    assert run.json()["result"]["amount_payable"] == "117371.88"
    assert run.json()["assumptions"]["per_lot"] == ("fees are rounded on the whole application: 117,371.88 for 10 "
                                                    "lots, not 10 x 11,737.19 = 117,371.90")
    two = invoke("entry-fee", "--price", "116.20", "--board-lot", "100", "--lots", "2", "--json").json()
    assert two["result"]["amount_payable"] == "23474.37" and "23,474.38" in two["assumptions"]["per_lot"]
    even = invoke("entry-fee", "--price", "1", "--board-lot", "100", "--lots", "2", "--json").json()
    assert even["result"]["amount_payable"] == "202.02"  # 2 x 101.01 exactly: nothing to explain
    assert "per_lot" not in even["assumptions"]


# --- tables that fit: narrow terminals, no trailing spaces, --brief and --wide ---------------------------------

from test_cli import ZHIPU_CALLS as CALLS  # noqa: E402
from test_robustness import run_in_pty  # noqa: E402


def display_width(line: str) -> int:
    from rich.cells import cell_len

    return cell_len(line)


def test_the_ballot_fits_an_80_column_terminal_with_what_an_investor_reads_first():
    screen = run_in_pty(["ballot", "--preset", "zhipu", "--brief"], 80)
    lines = screen.splitlines()
    assert max(display_width(line) for line in lines) <= 80
    tiers = invoke("ballot", "--preset", "zhipu", "--json").json()["result"]["tiers"]
    rows = [line.split() for line in lines if line.strip()[:2] in ("A ", "B ")]
    assert len(rows) == len(tiers)
    for row, tier in zip(rows, tiers):
        assert row[1] == f"{tier['shares_applied']:,}" and row[3] == f"{float_free_round(tier['p_at_least_one_lot'])}"
    assert "7 more columns with --wide (or --csv)" in screen
    assert "assumptions" not in screen and "Table rounds" not in screen  # --brief: the table alone


def float_free_round(text: str) -> str:
    from decimal import ROUND_HALF_UP, Decimal

    return format(Decimal(text).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), ",f")


def test_wide_keeps_every_column_even_in_a_narrow_terminal():
    wide = run_in_pty(["ballot", "--preset", "zhipu", "--wide", "--brief"], 80)
    assert "more columns" not in wide and "Basis of allotment" in wide


@pytest.mark.parametrize("colour", ["1", ""])
def test_no_line_ends_in_a_space_on_a_terminal_in_colour_or_not(colour):
    """On a terminal, Rich closes each padded cell with its own codes: the spaces between them go too."""
    screen = run_in_pty(["ballot", "--preset", "zhipu", "--brief"], 80, env={"NO_COLOR": colour})
    assert ("\x1b[" in screen) == (colour == "")
    visible = re.sub(r"\x1b\[[0-9;]*m", "", screen).splitlines()
    assert len(visible) > 80 and [line for line in visible if line.endswith(" ")] == []


@pytest.mark.parametrize("command", sorted(CALLS))
def test_no_table_line_ends_in_a_space(command):
    run = invoke(*CALLS[command])
    assert run.code == 0, run.stderr
    assert [line for line in run.stdout.splitlines() if line.endswith(" ")] == []


def test_brief_and_wide_shape_a_table_only():
    run = invoke("ballot", "--preset", "zhipu", "--brief", "--json")
    assert run.code == 2 and run.stdout == "" and "--brief shapes the table" in run.stderr


def test_batch_csv_streams_any_mix_as_long_rows_under_one_header():
    source = (Path(__file__).parent.parent / "docs" / "examples" / "batch.jsonl").read_text(encoding="utf-8")
    run = invoke("batch", "--csv", "--jobs", "1", input=source)
    assert run.code == 1  # the README's example has one bad line
    rows = read(run.stdout)
    assert list(rows[0]) == ["line", "command", "field", "value"]
    assert {"line": "1", "command": "raise", "field": "gross_proceeds", "value": "4348145900.00"} in rows
    assert {"line": "2", "command": "market-cap", "field": "change_pct", "value": "3.270223752151"} in rows
    assert [row for row in rows if row["field"] == "error"] == [
        {"line": "3", "command": "raise", "field": "error", "value": "raise: price: 'nan' is not a finite number"}]
    one_off = invoke("raise", "--shares", "37419500", "--price", "116.20", "--json").json()["result"]
    assert {row["field"]: row["value"] for row in rows if row["line"] == "1"} == {
        key: as_text(value) for key, value in one_off.items()}


def test_batch_csv_gives_a_tables_rows_by_index():
    run = invoke("batch", "--csv", input='{"command": "ballot", "preset": "zhipu"}\n')
    rows = {row["field"]: row["value"] for row in read(run.stdout)}
    assert rows["tiers.0.shares_applied"] == "100" and rows["tiers.0.p_at_least_one_lot"] == "5.000053845077"
    assert rows["one_lot_rate"] == "5.000053845077"


def _without_trailing_spaces(line: str) -> str:
    """A line's trailing spaces dropped, those between the colour codes that close it too, the codes kept: the rule,
    one line at a time."""
    codes = ""
    while line.endswith(" ") or re.search(r"\x1b\[[0-9;]*m$", line):
        if (closing := re.search(r"\x1b\[[0-9;]*m$", line)) is not None:
            codes, line = closing.group() + codes, line[:closing.start()]
        line = line.rstrip(" ")
    return line + codes


@pytest.mark.parametrize("drawn", ["ab   \x1b[0m\x1b[1m\n  c  \n   \nd", " ", "a \x1b[1m b  \x1b[0m", "no space at the end",
                                   "  x  y   \n\x1b[1m   \x1b[0m", "x   \x1b[1m   \x1b[0m", "値 億   \n" + " " * 300,
                                   "\x1b[1m P(at\x1b[0m\x1b[1m \x1b[0m \x1b[1m    \x1b[0m \x1b[1m \x1b[0m", "5 m  ", "a\x1b[1;32m",
                                   "x \x1b[ab m  ", "\x1b[0m", "m", "x \x1b[m \x1b[1m"])
def test_a_drawn_table_loses_its_trailing_spaces_and_keeps_its_colour_codes(drawn):
    expected = "\n".join(_without_trailing_spaces(line) for line in drawn.split("\n"))
    assert render._without_trailing_spaces(drawn) == expected


@pytest.mark.parametrize("columns", [60, 70, 80])
def test_a_table_of_results_never_loses_its_first_column_in_a_narrow_terminal(columns):
    """A plan's first column is a value (the shares applied for), not a label that may fold: too narrow for it
    whole, the table is stacked, every row named by its size."""
    screen = run_in_pty(["plan", "--preset", "zhipu", "--sale-price", "120", "--max-lots", "12", "--brief"], columns)
    lines = screen.splitlines()
    sizes = [row["shares_applied"] for row in invoke("plan", "--preset", "zhipu", "--sale-price", "120", "--max-lots",
                                                      "12", "--json").json()["result"]["rows"]]
    assert len(sizes) == 10
    for size in sizes:
        assert f"Shares applied for: {size:,}" in lines or any(line.split()[:1] == [f"{size:,}"] for line in lines)
    assert max(display_width(line) for line in lines) <= columns


# --- TSV escaping, UTF-8 cells, and docs/csv.md kept true -------------------------------------------------------

CSV_PAGE = Path(__file__).parent.parent / "docs" / "csv.md"


def _unescaped(field: str) -> str:
    return re.sub(r"\\(.)", lambda found: {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[found.group(1)], field)


def test_tsv_escapes_a_tab_in_a_value_and_quotes_nothing(tmp_path):
    deal = tmp_path / "d1.toml"
    deal.write_text('[ipo]\nname = "Tab\\tCo, \\"Ltd\\"\\\\x\\nY"\nlisting_date = "2026-01-08"\n'
                    '[offer]\nshares = "37,419,500"\nprice = "116.20"\nboard_lot = 100\n', encoding="utf-8")
    run = invoke("compare", "--file", str(deal), "--preset", "zhipu", "--tsv")
    assert run.code == 0, run.stderr
    lines = run.stdout.split("\n")
    assert lines[-1] == "" and len(lines) == 4  # a header, two deals: a newline in a value is escaped too
    header, *rows = (line.split("\t") for line in lines[:-1])
    assert all(len(row) == len(header) for row in rows)  # `cut -f` splits each row as its header
    name = rows[1][header.index("name")]
    assert name == 'Tab\\tCo, "Ltd"\\\\x\\nY'
    names = [deal["name"] for deal in invoke("compare", "--file", str(deal), "--preset", "zhipu", "--json").json()[
        "result"]["deals"]]
    assert _unescaped(name) == names[1] == 'Tab\tCo, "Ltd"\\x\nY'
    assert rows[1][header.index("gross_proceeds")] == "4348145900.00"
    csv_rows = read(invoke("compare", "--file", str(deal), "--preset", "zhipu", "--csv").stdout)
    assert csv_rows[1]["name"] == names[1]  # CSV quotes the same value, and reads back whole


def test_a_list_cell_is_utf8_text():
    run = invoke("presets", "--preset", "antengene", "--csv")
    sources = json.loads(read(run.stdout)[0]["sources"])
    assert "\\u" not in run.stdout and "2020IPO中签详情.json" in run.stdout
    assert sources == invoke("presets", "--preset", "antengene", "--json").json()["result"]["presets"][0]["sources"]


def test_a_site_is_named_once_among_the_sources_of_a_preset():
    table = invoke("presets", "--preset", "antengene", "--wide").stdout
    assert "staticpdf.iqdii.com, github.com, hkex.jesselivermore.com, finet.hk, usmart.hk" in table
    assert "github.com, github.com" not in table


@pytest.mark.parametrize("command", sorted(COLUMNS))
def test_the_csv_page_shows_the_columns_of_every_command(command):
    """docs/csv.md runs each command with --csv (the generator keeps the output true): none may be left out."""
    lines = CSV_PAGE.read_text(encoding="utf-8").splitlines()
    shown = [index for index, line in enumerate(lines) if line.startswith(f"$ zhipu-ipo {command} ")
             and "--csv" in line.split()]
    assert shown, f"docs/csv.md has no `$ zhipu-ipo {command} ... --csv` example"
    def fields(columns: list[str]) -> list[str]:  # a mapping's columns as its field: band.regime, ... -> band
        return list(dict.fromkeys(column.split(".")[0] for column in columns))

    expected = fields(COLUMNS[command])
    assert fields(lines[shown[0] + 1].split(","))[:len(expected)] == expected


def test_every_tsv_example_row_has_a_field_per_column():
    """A row's empty last fields are tabs too: the page keeps them (the generator drops only spaces)."""
    lines = CSV_PAGE.read_text(encoding="utf-8").splitlines()
    starts = [index for index, line in enumerate(lines) if line.startswith("$ zhipu-ipo ") and "--tsv" in line.split()]
    assert starts
    for start in starts:
        block = []
        for line in lines[start + 1:]:
            if line.startswith(("$ ", "```")):
                break
            block.append(line)
        header = invoke(*block and lines[start].split()[2:]).stdout.splitlines()
        assert block == header and len(block) > 1
        assert {line.count("\t") for line in block} == {block[0].count("\t")}, lines[start]
