"""The installed ``zhipu-ipo`` script and ``python -m zhipu_ipo``, in subprocesses,
and the lean launcher path agreeing with the Typer path."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import invoke_typer, run_installed
from zhipu_ipo.launcher import parse_plain_call as fast_parse
from zhipu_ipo.launcher import main


def test_installed_script_reproduces_the_zhipu_proceeds():
    run = run_installed("raise", "--shares", "37,419,500", "--price", "116.20", "--json")
    assert run.code == 0, run.stderr
    assert run.json()["result"]["gross_proceeds"] == "4348145900.00"


def test_installed_script_table_when_piped():
    run = run_installed("market-cap", "--shares", "440,230,190", "--price", "120", "--offer-price", "116.20",
                        env={"COLUMNS": "30"})
    assert run.code == 0
    assert "52,827,622,800.00" in run.stdout and "528.28億" in run.stdout
    assert "\x1b[" not in run.stdout


def test_installed_script_bad_input():
    run = run_installed("raise", "--shares", "4.3bn", "--price", "nan", "--json")
    assert run.code == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


def test_installed_script_version_and_help():
    assert run_installed("--version").stdout.startswith("zhipu-ipo ")
    assert "Examples:" in run_installed("greenshoe", "--help").stdout


def test_python_dash_m():
    done = subprocess.run([sys.executable, "-m", "zhipu_ipo", "greenshoe", "--shares", "10,497,300",
                           "--board-lot", "50", "--json"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["result"]["greenshoe_shares"] == 1574550


PROBE = """
import sys
from zhipu_ipo.launcher import main
try:
    main({argv!r})
except SystemExit:
    pass
print(sorted(m for m in ("json", "rich", "typer") if m in sys.modules), file=sys.stderr)
"""


def _modules_loaded(argv: list[str]) -> tuple[str, str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True, text=True, timeout=60)
    return done.stdout, done.stderr.strip().splitlines()[-1]


def test_json_path_imports_json_but_neither_rich_nor_typer():
    stdout, loaded = _modules_loaded(["raise", "--shares", "37419500", "--price", "116.20", "--json"])
    assert json.loads(stdout)["result"]["gross_proceeds"] == "4348145900.00"
    assert loaded == "['json']"


def test_table_path_imports_rich_but_neither_typer_nor_json():
    _, loaded = _modules_loaded(["raise", "--shares", "37419500", "--price", "116.20"])
    assert loaded == "['rich']"


def test_help_goes_through_typer():
    _, loaded = _modules_loaded(["raise", "--help"])
    assert "typer" in loaded


AGREEMENT_CALLS = [
    ["raise"],
    ["raise", "--shares", "37,419,500", "--price", "116.20"],
    ["raise", "--shares=37,419,500", "--price=116.20", "--json"],
    ["raise", "--proceeds", "43億", "--price", "116.20", "--board-lot", "100", "--json"],
    ["raise", "--shares", "1", "--price", "1", "--expenses", "2"],
    ["raise", "--shares", "1", "--price", "1", "--expenses", "2", "--json"],
    ["raise", "--shares", "37419500", "--price", "116.20", "--currency", "usd", "--units", "en"],
    ["market-cap", "--shares", "440,230,190", "--price", "120", "--offer-price", "116.20"],
    ["market-cap", "--shares", "1", "--json"],
    ["oversubscription", "--offered", "1,871,000", "--multiple", "1159.46x", "--json"],
    ["greenshoe", "--shares", "1000", "--pct", "20"],
    ["greenshoe", "--shares", "37,419,500", "--price", "116.20", "--board-lot", "100", "--json"],
    ["oversubscription", "--total-offer", "37,419,500", "--multiple", "1159.46", "--regime", "18c", "--board-lot",
     "100"],
    ["entry-fee", "--price", "116.20", "--board-lot", "100", "--budget", "100k", "--json"],
    ["report", "--preset", "zhipu"],
    ["report", "--preset", "nosuch"],
    ["presets", "--json"],
    ["rules"],
    ["raise", "--shares", "37419500", "--price", "116.20", "--fx", "0.92", "--to", "CNY"],
]


@pytest.mark.parametrize("argv", AGREEMENT_CALLS)
def test_launcher_and_typer_agree(argv, capsys):
    assert fast_parse(argv) is not None
    with pytest.raises(SystemExit) as exited:
        main(argv)
    lean = capsys.readouterr()
    typer_run = invoke_typer(*argv)
    assert (exited.value.code, lean.out, lean.err) == (typer_run.code, typer_run.stdout, typer_run.stderr)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["raise", "--help"],
        ["raise", "--shares", "1", "--shares", "2"],
        ["raise", "--shares", "abc"],
        ["raise", "--shares"],
        ["raise", "--json=1"],
        ["raise", "extra"],
        ["raise", "--", "--shares", "1"],
        ["--version"],
        ["raise", "-h"],
    ],
)
def test_launcher_hands_anything_unusual_to_typer(argv):
    assert fast_parse(argv) is None


TEARDOWN_PROBE = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("teardown ran"))
{before}
from zhipu_ipo.launcher import main
sys.argv = ["zhipu-ipo", *{argv!r}]
main()
"""
OVER_ALLOTTED = ["greenshoe", "--shares", "216,167,000", "--board-lot", "100", "--over-allotted", "32,425,100"]


@pytest.mark.parametrize(("argv", "code", "out"), [
    (["raise", "--shares", "37,419,500", "--price", "116.20", "--json"], 0, '"gross_proceeds": "4348145900.00"'),
    (["ballot", "--preset", "zhipu", "--json"], 0, '"one_lot_rate": "5.000053845077"'),  # far more than a stream's buffer
    (["--version"], 0, "zhipu-ipo "),
    (OVER_ALLOTTED, 1, ""),
])
def test_a_one_off_answer_ends_its_process_at_once_with_its_output_whole(argv, code, out):
    """The console script's own process skips the interpreter's teardown (``launcher._finish``: no atexit
    handler runs) once the answer is flushed: the whole answer and the exit code arrive all the same."""
    done = subprocess.run([sys.executable, "-c", TEARDOWN_PROBE.format(before="", argv=argv)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == code, done.stderr
    assert "teardown ran" not in done.stderr
    if out:
        assert out in done.stdout and json.loads(done.stdout) if argv[-1] == "--json" else out in done.stdout
    else:
        assert done.stdout == "" and "exceed the option's 32,425,000 shares" in done.stderr


@pytest.mark.parametrize("before", ["sys.settrace(lambda *event: None)", "sys.setprofile(lambda *event: None)"])
def test_a_traced_or_profiled_run_ends_the_ordinary_way(before):
    """Under a tracer or profiler (coverage.py, cProfile), whose report is written at exit, the teardown runs."""
    argv = ["raise", "--shares", "37,419,500", "--price", "116.20", "--json"]
    done = subprocess.run([sys.executable, "-c", TEARDOWN_PROBE.format(before=before, argv=argv)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "teardown ran" in done.stderr
    assert json.loads(done.stdout)["result"]["gross_proceeds"] == "4348145900.00"


def test_the_installed_script_writes_a_long_answer_whole_and_its_exit_code():
    run = run_installed("ballot", "--preset", "zhipu", "--json")
    assert run.code == 0 and len(run.stdout) > 8192  # longer than a stream's buffer: flushed before the exit
    assert run.json()["result"]["one_lot_rate"] == "5.000053845077"
    refused = run_installed(*OVER_ALLOTTED)
    assert refused.code == 1 and refused.stdout == "" and "32,425,000" in refused.stderr
