"""Issue 18 ("Fast again"): work that grows with the input, counted rather than timed (no wall-clock asserts)."""

from __future__ import annotations

from conftest import invoke
from zhipu_ipo.render import every_word_whole


class CountingText(str):
    """A rendered text that counts the substring searches made in it."""

    searches = 0

    def __contains__(self, word: object) -> bool:
        CountingText.searches += 1
        return str.__contains__(self, word)  # type: ignore[operator]


def _rows(count: int) -> list[list[str]]:
    return [[f"label {index}", f"{index:,}", f"{index * 7:,}.25", "4,643 out of 92,859"] for index in range(count)]


def test_the_fold_check_does_not_search_the_whole_output_once_per_word():
    rows = _rows(2_000)
    plain = CountingText("\n".join("  " + "   ".join(row) + "  " for row in rows))
    CountingText.searches = 0
    assert every_word_whole(plain, rows)
    assert CountingText.searches == 0  # every word drawn whole is found among the drawn words


def test_the_fold_check_sees_a_value_folded_or_cut():
    rows = [["Gross proceeds", "4,348,145,900.00"], ["Net", "12.5"]]
    assert every_word_whole("Gross proceeds  4,348,145,900.00\nNet  12.5", rows)
    assert not every_word_whole("Gross      4,348,145,\nproceeds   900.00\nNet  12.5", rows)
    assert not every_word_whole("Gross proceeds  4,348,14…\nNet  12.5", rows)
    # a word drawn inside a longer word still counts, as the check always did
    assert every_word_whole("Gross proceeds  x4,348,145,900.00x\nNet  12.5", rows)


def _ballot_table(tiers: int) -> str:
    lines = ["pool,shares_applied,valid_applications,basis"]
    for tier in range(1, tiers + 1):
        applications = 100_000 - tier * 10
        winners = max(1, applications // (10 + tier))
        lines.append(f',{100 * tier},"{applications:,}","{winners:,} out of {applications:,} applicants to receive '
                     f'100 H Shares"')
    return "\n".join(lines) + "\n"


def test_a_long_ballot_table_is_drawn_whole_or_stacked(tmp_path):
    table = tmp_path / "tiers.csv"
    table.write_text(_ballot_table(300), encoding="utf-8")
    args = ("ballot", "--table", str(table), "--board-lot", "100", "--price", "116.20")
    piped = invoke(*args)
    assert piped.code == 0, piped.stderr
    assert "3,000" in piped.stdout and "Basis of allotment" in piped.stdout
    narrow = invoke(*args, env={"COLUMNS": "60", "FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert narrow.code == 0, narrow.stderr
    assert "    Shares applied for: 30,000" in narrow.stdout  # stacked: each value whole on its own line
    assert all(len(line) <= 60 for line in narrow.stdout.splitlines() if not line.startswith("    "))


# --- sell: the break-even solved from the charges' linear form, against the bisection it replaced ---------------

import contextlib  # noqa: E402
import signal  # noqa: E402
from datetime import date  # noqa: E402
from decimal import Decimal  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from zhipu_ipo.calc.selling import (  # noqa: E402
    NO_COMMISSION,
    Commission,
    Rates,
    break_even_cents,
    rates_on,
    sale_charges,
)
from zhipu_ipo.errors import InfeasibleError  # noqa: E402
from zhipu_ipo.numbers import CENT, HUNDRED, divide, mul  # noqa: E402


def bisected_break_even_cents(cost, shares, rates, commission, rounding):
    """The break-even as computed before issue 18: a bisection over full charge calculations, then a scan
    of the window below it (kept verbatim as the reference; numbers.first_true written out)."""
    unit = Decimal(shares) * CENT

    def covers(cents):
        return sale_charges(shares, mul(cents, CENT), rates, commission, rounding).net_proceeds >= cost

    low = max(int(mul(divide(cost, Decimal(shares))[0], HUNDRED)) - 1, 0)
    high = max(low, 1) * 2 + 1
    while not covers(high):
        high *= 2
        if high > 10**40:
            raise InfeasibleError("no sale price covers the cost (the charges grow as fast as the price)")
    while high - low > 1:
        middle = (low + high) // 2
        if covers(middle):
            high = middle
        else:
            low = middle
    window = int(divide(Decimal(3), unit)[0]) + 3
    for cents in range(max(high - window, 0), high):
        if covers(cents):
            return mul(cents, CENT)
    return mul(high, CENT)


DAYS = ["2015-03-02", "2021-07-30", "2022-06-01", "2023-11-16", "2024-11-12", "2025-06-30", "2026-01-08"]
RATES = st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal("0.5"), places=5))
MONEY = st.one_of(st.none(), st.decimals(min_value=0, max_value=Decimal("150"), places=2))


@st.composite
def sales(draw):
    overrides = {"stamp_duty:pct": draw(RATES), "trading_fee:pct": draw(RATES), "sfc_levy:pct": draw(RATES),
                 "settlement_fee:pct": draw(RATES), "trading_fee:fixed": draw(MONEY),
                 "settlement_fee:min": draw(MONEY), "settlement_fee:max": draw(MONEY)}
    rates, _ = rates_on(date.fromisoformat(draw(st.sampled_from(DAYS))), overrides)
    commission = draw(st.one_of(st.just(NO_COMMISSION), st.builds(
        Commission, st.decimals(min_value=0, max_value=Decimal("0.5"), places=4),
        st.decimals(min_value=0, max_value=Decimal("100"), places=2),
        st.decimals(min_value=0, max_value=Decimal("20"), places=2))))
    shares = draw(st.one_of(st.integers(1, 20), st.integers(1, 2_000_000)))
    cost = draw(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5e8"), places=2))
    return cost, shares, rates, commission, draw(st.sampled_from(["nearest", "up"]))


@settings(max_examples=400, deadline=None)
@given(sales())
def test_the_solved_break_even_is_the_bisections(sale):
    assert break_even_cents(*sale) == bisected_break_even_cents(*sale)


@settings(max_examples=200, deadline=None)
@given(shares=st.integers(1, 5), cents=st.integers(9_000, 200_000), day=st.sampled_from(DAYS))
def test_the_solved_break_even_is_the_bisections_where_stamp_duty_steps(shares, cents, day):
    # a share or a few, near a dollar of stamp duty: net proceeds fall as the price rises a cent
    rates = Rates.on(date.fromisoformat(day))
    cost = sale_charges(shares, Decimal(cents) / 100, rates).net_proceeds
    for nudge in (Decimal("-0.01"), Decimal(0), Decimal("0.01"), Decimal("0.5")):
        sale = (cost + nudge, shares, rates, NO_COMMISSION, "nearest")
        assert break_even_cents(*sale) == bisected_break_even_cents(*sale)


@settings(max_examples=60, deadline=None)
@given(sales(), st.sampled_from([("stamp_duty:pct", "100"), ("settlement_fee:pct", "99.99"), ("trading_fee:pct", "60")]),
       st.one_of(st.none(), st.sampled_from(["2", "100", "5000"])))
def test_rates_that_reach_the_price_give_the_bisections_answer(sale, override, cap):
    cost, shares, _, commission, rounding = sale
    rates, _ = rates_on(date(2026, 1, 8), {override[0]: Decimal(override[1]),
                                           "settlement_fee:max": None if cap is None else Decimal(cap)})
    assert _answer(break_even_cents, cost, shares, rates, commission, rounding) == _answer(
        bisected_break_even_cents, cost, shares, rates, commission, rounding)


def _answer(function, *arguments):
    try:
        return function(*arguments)
    except (InfeasibleError, ArithmeticError) as error:  # the same failure (a price past Decimal's precision, say)
        return type(error).__name__


@pytest.mark.parametrize("shares", [1, 100])
@pytest.mark.parametrize("cost", ["0.01", "1000"])
def test_rates_that_sum_to_exactly_100_pct_leave_no_break_even(shares, cost):
    # the settlement fee takes what the other rates leave of 100%: a dollar more of consideration is a dollar more of
    # charges, net proceeds never rise with the price, and no sale covers a cost
    rates = Rates.on(date(2026, 1, 8))
    others = sum(period.rate_pct for period in (rates.stamp_duty, rates.trading_fee, rates.sfc_levy, rates.afrc_levy))
    full, _ = rates_on(date(2026, 1, 8), {"settlement_fee:pct": Decimal(100) - others})
    sale = (Decimal(cost), shares, full, NO_COMMISSION, "nearest")
    assert _answer(break_even_cents, *sale) == _answer(bisected_break_even_cents, *sale) == "InfeasibleError"


@contextlib.contextmanager
def _deadline(seconds: int):
    """Fail, not hang, when a search does not end (a wrong bound walks stamp-duty steps towards 10**40 cents)."""
    def expire(*_):
        raise TimeoutError(f"no answer within {seconds} s: the search does not end")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("commission", [Commission(Decimal("0.25"), Decimal("50"), Decimal("15")),
                                        Commission(Decimal("0.03"), Decimal("3"))])
@pytest.mark.parametrize("shares", [1, 100, 3000])
def test_the_exact_fraction_form_gives_the_bisections_answer(commission, shares, monkeypatch):
    # A settlement fee at 99.99% capped at nothing: its rate puts the rates past 100% (no decimal form), while no
    # charge grows with it, so net proceeds rise and the exact fractions of _LinearForm solve the break-even.
    from zhipu_ipo.calc import break_even

    solved = []
    fraction_path = break_even._fraction_break_even
    monkeypatch.setattr(break_even, "_fraction_break_even", lambda *sale: solved.append(sale) or fraction_path(*sale))
    rates, _ = rates_on(date(2026, 1, 8), {"settlement_fee:pct": Decimal("99.99"), "settlement_fee:max": Decimal(0)})
    for cents in (1, 999, 99_990, 1_234_567):
        cost = Decimal(cents) * shares / 100
        with _deadline(20):
            assert break_even_cents(cost, shares, rates, commission, "nearest") == bisected_break_even_cents(
                cost, shares, rates, commission, "nearest")
    assert len(solved) == 4


# --- start-up: the top-level help and --version without Typer -----------------------------------------------------

from conftest import invoke_typer  # noqa: E402
from zhipu_ipo import exits, launcher  # noqa: E402


def _typers_help(columns: str) -> str:
    """The top-level help as the Typer app prints it in a terminal ``columns`` wide (the launcher's fast path off)."""
    saved = launcher.HELP_WIDTH
    launcher.HELP_WIDTH = 10**9  # no terminal is this wide: the launcher hands --help to Typer
    try:
        run = invoke("--help", env={"COLUMNS": columns})
    finally:
        launcher.HELP_WIDTH = saved
    assert run.code == 0 and run.stderr == ""
    return run.stdout


def test_the_launchers_top_level_help_is_typers():
    assert launcher.TOP_HELP == _typers_help("80") == _typers_help("200")
    for flag in ("--help", "-h"):
        fast = invoke(flag, env={"COLUMNS": "100"})
        assert (fast.code, fast.stdout, fast.stderr) == (0, launcher.TOP_HELP, "")
    assert "Commands:" in invoke_typer("--help").stdout  # CliRunner (80 columns wide, not 78) lists them too


def test_a_narrow_terminal_gets_typers_own_help():
    narrow = invoke("--help", env={"COLUMNS": "60"})
    assert narrow.code == 0 and narrow.stdout == _typers_help("60")
    assert narrow.stdout != launcher.TOP_HELP


def test_the_launchers_constants_are_the_edges():
    assert (launcher.PROG, launcher.EXIT_INTERRUPTED) == (exits.PROG, exits.EXIT_INTERRUPTED)


def test_help_and_version_import_neither_typer_nor_a_command():
    import subprocess
    import sys

    code = ("import sys; from zhipu_ipo.launcher import main\n"
            "for args in (['--help'], ['--version']):\n"
            "    try: main(args)\n"
            "    except SystemExit: pass\n"
            "loaded = [name for name in sys.modules if name.startswith(('typer', 'click', 'rich', 'typing'))\n"
            "          or name in ('zhipu_ipo.registry', 'zhipu_ipo.errors', 'zhipu_ipo.exits')]\n"
            "print('loaded:', sorted(loaded), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "loaded: []"


# --- tables: a column drawn as one cell of lines, against a cell per row --------------------------------------


from zhipu_ipo import render  # noqa: E402


@pytest.mark.parametrize("columns", ["36", "50", "72", "100", None])
@pytest.mark.parametrize("args", [("report", "--preset", "zhipu"), ("ballot", "--preset", "zhipu"),
                                  ("compare", "--preset", "zhipu", "--preset", "minimax"), ("rules",)])
def test_a_column_of_lines_draws_what_a_cell_per_row_draws(monkeypatch, args, columns):
    env = {"COLUMNS": columns, "FORCE_COLOR": "1", "NO_COLOR": "1"} if columns else {}
    fast = invoke(*args, "--wide", env=env) if columns else invoke(*args, env=env)
    monkeypatch.setattr(render, "_fits_unfolded", lambda grid, width: False)
    slow = invoke(*args, "--wide", env=env) if columns else invoke(*args, env=env)
    assert fast.code == slow.code == 0, fast.stderr
    assert fast.stdout == slow.stdout


def test_a_column_of_lines_is_used_only_where_nothing_folds():
    grid = render.Grid("t", ["Item", "Value"], True)
    grid.rows = [["a label of twenty chr", "4,348,145,900.00"]]
    assert render._fits_unfolded(grid, 21 + 16 + 3 * 2 + 1)
    assert not render._fits_unfolded(grid, 21 + 16 + 3 * 2)
    grid.rows.append(["two\nlines", "1"])
    assert not render._fits_unfolded(grid, 1000)


@pytest.mark.parametrize("text", ["one line", "trailing spaces   \n  indented\n\nlast", "值 億 萬 wide\nnext", ""])
@pytest.mark.parametrize("width", [12, 80])
def test_dim_lines_written_as_they_are_are_what_rich_prints(text, width):
    import io

    from rich.console import Console
    from rich.text import Text

    written = Console(file=io.StringIO(), color_system=None, width=width)
    render.print_dim(written, text)
    printed = Console(file=io.StringIO(), color_system=None, width=width)
    with printed.capture() as capture:
        printed.print(Text(text, style="dim"))
    assert written.file.getvalue() == "\n".join(line.rstrip(" ") for line in capture.get().split("\n"))


# The prepared plain call (registry.prepared) against compute's general path: the same answer, notes and errors.
from zhipu_ipo.errors import IpoMathError  # noqa: E402
from zhipu_ipo.registry import COMMANDS, compute, prepared  # noqa: E402

PLAIN_CALLS = [  # real figures: Zhipu (2513), its allotment results and its first day
    ("raise", {"shares": 37_419_500, "price": Decimal("116.20")}),
    ("raise", {"shares": 37_419_500, "price": Decimal("116.20"), "greenshoe": Decimal(15), "board_lot": 100}),
    ("market-cap", {"shares": 440_233_000, "price": Decimal(120), "offer_price": Decimal("116.20")}),
    ("oversubscription", {"total_offer": 37_419_500, "offered": 1_871_000, "multiple": Decimal("1159.46"),
                          "regime": "18c", "board_lot": 100, "price": Decimal("116.20")}),
    ("greenshoe", {"shares": 37_419_500, "pct": Decimal(15), "price": Decimal("116.20"), "board_lot": 100}),
    ("entry-fee", {"price": Decimal("116.20"), "board_lot": 100, "lots": 10}),
    ("sell", {"shares": 100, "price": Decimal(120), "date": "2026-01-08", "offer_price": Decimal("116.20")}),
    ("raise", {"shares": 37_419_500, "price": Decimal("116.20"), "currency": "USD"}),
    ("raise", {"price": Decimal("116.20"), "proceeds": Decimal(1)}),  # an infeasible request: the same error
    ("market-cap", {"price": Decimal(120)}),  # a bad one: the same error, naming the parameter
]


@pytest.mark.parametrize(("command", "values"), PLAIN_CALLS)
def test_a_plain_call_answers_as_computes_general_path(command: str, values: dict[str, object]) -> None:
    spec = COMMANDS[command]
    assert prepared(spec, tuple(values)) is not None  # the plain case: run prepared
    with_output = {**values, "json": True}  # an output option: the general path, which echoes no shaping option
    assert prepared(spec, tuple(with_output)) is None
    try:
        plain = compute(spec, dict(values))
    except IpoMathError as error:
        with pytest.raises(type(error)) as general:
            compute(spec, with_output)
        assert str(general.value) == str(error)
        return
    assert plain == compute(spec, with_output)
    assert plain.notes == compute(spec, with_output).notes


def test_the_prepared_call_is_made_for_the_keys_a_calculation_takes_only() -> None:
    raise_spec = COMMANDS["raise"]
    assert prepared(raise_spec, ("shares", "price")) is prepared(raise_spec, ("shares", "price"))  # made once
    for keys in (("shares", "preset"), ("shares", "file"), ("price", "fx", "to"), ("shares", "not_an_option")):
        assert prepared(raise_spec, keys) is None, keys
    assert prepared(COMMANDS["compare"], ("preset",)) is None and prepared(COMMANDS["report"], ()) is None
