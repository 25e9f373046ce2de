"""Nothing wrong, nothing hangs: hostile numbers, files, terminals and streams (issue 9, one-off calls).

Each test reproduces a failure once seen and holds the promised behaviour: one
clear line and exit 2 for bad input, exit 1 when output cannot be written,
never a traceback or an internal error, every digit printed at any width.
Subprocess and pty tests use generous timeouts and no wall-clock thresholds.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios

import pytest

from conftest import entry_point, invoke, run_installed

ZHIPU_RAISE = ["raise", "--shares", "37,419,500", "--price", "116.20"]


def assert_one_error_line(run, code=2):
    assert run.code == code, (run.code, run.stderr)
    assert run.stdout == ""
    assert run.stderr.startswith("zhipu-ipo: error: ") and run.stderr.count("\n") == 1, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr


# --- numbers: digits that are not digits ---------------------------------------------------------

@pytest.mark.parametrize("text", ["10⁶", "2³", "①", "٣", "Ⅻ", "½", "⒈", "10\u2076"])
def test_superscript_circled_and_other_script_digits_are_refused(text):
    run = invoke("raise", "--shares", text, "--price", "1", "--json")
    assert_one_error_line(run)
    assert "not a digit" in run.stderr


def test_full_width_digits_are_still_digits():
    run = invoke("raise", "--shares", "３７，４１９，５００", "--price", "１１６．２０", "--json")
    assert run.code == 0, run.stderr
    assert run.json()["result"]["gross_proceeds"] == "4348145900.00"


# --- valid input that used to crash --------------------------------------------------------------

def test_a_ladder_without_an_initial_percentage_is_described():
    run = invoke("oversubscription", "--total-offer", "1000", "--ladder", "15:30", "--offered", "100",
                 "--multiple", "20", "--json")
    assert run.code == 0, run.stderr
    data = run.json()
    assert data["result"]["public_final_shares"] == 300
    assert "<15x: the tranche as given" in data["assumptions"]["regime"]


def test_a_table_of_huge_converted_amounts_prints_every_digit():
    run = invoke("raise", "--shares", "1", "--price", "999999999999999", "--fx", "999999999999999", "--to", "USD")
    assert run.code == 0, run.stderr
    assert "999,999,999,999,998,000,000,000,000,001.00" in run.stdout


def test_net_proceeds_above_the_gross_are_refused_in_a_scenario(tmp_path):
    scenario = tmp_path / "bad.toml"
    scenario.write_text("[offer]\nshares = 100\nprice = 1\nnet_proceeds = 200\n", encoding="utf-8")
    run = invoke("report", "--file", str(scenario))
    assert_one_error_line(run)
    assert "net_proceeds 200 exceed the gross proceeds 100" in run.stderr


# --- hostile files --------------------------------------------------------------------------------

def test_a_device_is_not_read_as_a_scenario():
    assert_one_error_line(invoke("report", "--file", "/dev/zero"))


def test_a_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    run = run_installed("report", "--file", str(fifo))  # a subprocess, with a timeout: a hang fails the test
    assert_one_error_line(run)
    assert "not a regular file" in run.stderr


def test_a_directory_is_refused(tmp_path):
    assert_one_error_line(invoke("report", "--file", str(tmp_path)))


def test_a_scenario_above_the_size_limit_is_refused_before_it_is_read(tmp_path):
    from zhipu_ipo.deal import MAX_DEAL_BYTES as MAX_SCENARIO_BYTES

    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_SCENARIO_BYTES + 1))
    run = invoke("report", "--file", str(big))
    assert_one_error_line(run)
    assert "at most 1,048,576 bytes" in run.stderr
    big.write_bytes(b"#" * MAX_SCENARIO_BYTES)  # the limit itself is read (and then missing [offer])
    assert "[offer] shares is missing" in invoke("report", "--file", str(big)).stderr


def test_a_deal_file_of_exactly_the_size_limit_is_read_to_its_last_byte(tmp_path):
    from zhipu_ipo.deal import MAX_DEAL_BYTES

    tail = b"\n[offer]\nshares = 100\nprice = 12"  # one byte short, the price would read as 1
    exact = tmp_path / "exact.toml"
    exact.write_bytes(b"#" * (MAX_DEAL_BYTES - len(tail)) + tail)
    run = invoke("raise", "--file", str(exact), "--json")
    assert run.code == 0, run.stderr
    assert run.json()["result"]["gross_proceeds"] == "1200.00"


@pytest.mark.parametrize(
    "text, says",
    [
        ("x = " + "[" * 1000 + "]" * 1000, "nested too deeply"),
        ("x = " + "9" * 5000, "unknown section [x]"),  # valid TOML: refused as any key would be (test_deal_errors)
        ("[offer\n", "not valid TOML"),
        ("\udcff", "not UTF-8"),
    ],
    ids=["deep", "long-integer", "syntax", "not-utf8"],
)
def test_malformed_toml_is_one_clear_line(tmp_path, text, says):
    scenario = tmp_path / "bad.toml"
    scenario.write_bytes(text.encode("utf-8", "surrogateescape"))
    run = invoke("report", "--file", str(scenario))
    assert_one_error_line(run)
    assert says in run.stderr and str(scenario) in run.stderr


def test_error_lines_are_bounded_however_long_the_value():
    run = invoke("raise", "--shares", "1", "--price", "1", "--currency", "A" * 131_000)
    assert_one_error_line(run)
    assert len(run.stderr) < 500 and "131,000 characters" in run.stderr


# --- text that reaches a terminal -----------------------------------------------------------------

def test_control_characters_from_a_scenario_never_reach_the_terminal(tmp_path):
    scenario = tmp_path / "evil.toml"
    scenario.write_text('[ipo]\nname = "Evil\\u001b]52;c;aGk=\\u001b\\\\ \\u001b[2J Co"\n'
                        '[offer]\nshares = 100\nprice = 1\n', encoding="utf-8")
    run = invoke("report", "--file", str(scenario), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert run.code == 0, run.stderr
    assert "\x1b" not in run.stdout
    assert "Evil\\x1b]52;c;aGk=\\x1b\\ \\x1b[2J Co" in run.stdout


def test_control_characters_in_a_file_name_are_escaped_in_the_error():
    run = invoke("report", "--file", "/nonexistent/\x1b[2Jevil.toml")
    assert_one_error_line(run)
    assert "\x1b" not in run.stderr and "\\x1b[2Jevil.toml" in run.stderr


def test_json_stays_exact_json_for_the_same_text(tmp_path):
    import json

    scenario = tmp_path / "evil.toml"
    scenario.write_text('[ipo]\nname = "A\\u001bB"\n[offer]\nshares = 100\nprice = 1\n', encoding="utf-8")
    run = invoke("report", "--file", str(scenario), "--json")
    assert json.loads(run.stdout)["result"]["name"] == "A\x1bB"
    assert "\x1b" not in run.stdout  # escaped by the encoder


# --- terminals of every width and encoding ---------------------------------------------------------

def run_in_pty(args: list[str], columns: int, env: dict[str, str] | None = None) -> str:
    """Run the installed script on a pseudo-terminal of the given width; what the terminal received."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    full_env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    full_env.update({"NO_COLOR": "1", "TERM": "xterm", **(env or {})})
    process = subprocess.Popen(entry_point() + args, stdin=slave, stdout=slave, stderr=slave, env=full_env,
                               close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            process.kill()
            pytest.fail("no output from the pty within 60 s")
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    process.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [20, 40, 50, 80])
def test_no_digit_is_cut_in_a_pty_of_any_width(columns):
    screen = run_in_pty(ZHIPU_RAISE + ["--greenshoe", "15", "--board-lot", "100"], columns)
    for figure in ["37,419,500", "4,348,145,900.00", "43.48億", "5,612,900", "652,218,980.00", "5,000,364,880.00"]:
        assert figure in screen, (columns, screen)
    assert "…" not in screen


@pytest.mark.parametrize("columns", [40, 50])
def test_the_report_keeps_its_labels_and_digits_in_a_narrow_pty(columns):
    screen = run_in_pty(["report", "--preset", "zhipu"], columns)
    for figure in ["Gross proceeds", "4,348,145,900.00", "43.48億", "528.28億", "52,827,622,800.00", "11,737.19"]:
        assert figure in screen, (columns, figure)
    assert "…" not in screen


@pytest.mark.parametrize("columns", ["0", "abc", "-5", "99999999"])
def test_a_nonsense_columns_value_falls_back_to_a_sane_width(columns):
    run = invoke(*ZHIPU_RAISE, env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": columns})
    assert run.code == 0
    assert "4,348,145,900.00" in run.stdout and "43.48億" in run.stdout


def test_an_ascii_only_stdout_gets_ascii_units_not_a_crash():
    run = run_installed(*ZHIPU_RAISE, env={"PYTHONIOENCODING": "ascii"})
    assert run.code == 0, run.stderr
    assert "4,348,145,900.00" in run.stdout and "4.35bn" in run.stdout and "億" not in run.stdout


def test_asking_for_chinese_units_on_an_ascii_stdout_says_why_they_are_not_shown():
    run = run_installed(*ZHIPU_RAISE, "--units", "zh", env={"PYTHONIOENCODING": "ascii"})
    assert run.code == 0
    assert "4.35bn" in run.stdout and "cannot show Chinese units" in run.stderr


# --- streams that cannot be written ---------------------------------------------------------------

def run_with_streams(args: list[str], **streams) -> subprocess.CompletedProcess:
    return subprocess.run(entry_point() + args, timeout=60, **streams)


@pytest.mark.parametrize("as_json", [False, True])
def test_a_closed_stdout_is_exit_1_with_one_line(as_json):
    args = ZHIPU_RAISE + (["--json"] if as_json else [])
    done = run_with_streams(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert done.stderr.decode() == "zhipu-ipo: error: cannot write the output: stdout is closed\n"


@pytest.mark.parametrize("as_json", [False, True])
def test_a_full_disk_is_exit_1_with_one_line(as_json):
    with open("/dev/full", "w") as full:
        done = run_with_streams(ZHIPU_RAISE + (["--json"] if as_json else []), stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 1
    assert done.stderr.decode() == "zhipu-ipo: error: cannot write the output: No space left on device\n"


def test_notes_never_go_to_stdout_even_when_stderr_is_closed():
    done = run_with_streams(["greenshoe", "--shares", "100", "--pct", "50", "--json"], stdout=subprocess.PIPE,
                            preexec_fn=lambda: os.close(2))
    assert done.returncode == 0
    assert done.stdout.decode().startswith("{")  # the JSON, and nothing ahead of it


def test_a_reader_that_goes_away_is_quiet():
    process = subprocess.Popen(entry_point() + ["report", "--preset", "zhipu"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    process.wait(timeout=60)
    assert process.stderr.read() == b""


def test_ctrl_c_before_any_guard_is_exit_130_without_a_traceback(monkeypatch, capsys):
    from zhipu_ipo import launcher

    def interrupted(argv):
        raise KeyboardInterrupt

    monkeypatch.setattr(launcher, "parse_plain_call", interrupted)
    with pytest.raises(SystemExit) as exited:
        launcher.main(ZHIPU_RAISE)
    assert exited.value.code == 130
    assert capsys.readouterr().err == ""


def test_an_error_line_is_cut_at_its_limit_with_its_length(capsys):
    from zhipu_ipo.exits import MAX_LINE, fail

    assert fail("x" * MAX_LINE, 2) == 2
    assert capsys.readouterr().err == f"zhipu-ipo: error: {'x' * MAX_LINE}\n"
    fail("y" * (MAX_LINE + 1), 2)
    assert capsys.readouterr().err == f"zhipu-ipo: error: {'y' * MAX_LINE}... ({MAX_LINE + 1:,} characters)\n"
    assert MAX_LINE == 400


def test_a_quoted_value_is_cut_at_eighty_characters_with_its_length():
    from zhipu_ipo.errors import MAX_SHOWN, shown

    assert MAX_SHOWN == 80
    assert shown("a" * 80) == repr("a" * 80)
    assert shown("a" * 81) == "'" + "a" * 80 + "...' (81 characters)"
    assert shown("\x1b[2J") == "'\\x1b[2J'"
