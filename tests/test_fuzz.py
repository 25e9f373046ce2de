"""Fuzzing the command line and batch lines with generated hostile input.

Every run must exit 0, 1 or 2, never print a traceback, leave stdout empty on
an error, print exactly one JSON object with --json on success, and finish
within a second. The normal test run tries a quick slice; set
ZHIPU_IPO_FUZZ_EXAMPLES (e.g. 20000) for a long run:

    ZHIPU_IPO_FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import contextlib
import io
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhipu_ipo import batch
from zhipu_ipo.registry import COMMANDS
from zhipu_ipo.launcher import main

EXAMPLES = int(os.environ.get("ZHIPU_IPO_FUZZ_EXAMPLES", "250"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="ZHIPU_IPO_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HOSTILE = [
    "", " ", "0", "-5", "−5", "+5", "nan", "NaN", "-nan", "inf", "-Infinity", "1e999999999", "1e9999", "1e-9999",
    "9" * 80, "9" * 16, "999999999999999", "999,999,999,999,999", "1000000000000000", "0.0000000001",
    "999999999999999.9999999999", "0.00000000001", "1.5", "116.20", "116,20",
    "1,234", "1,2,3", "1__2", "_1", "1_", ".", "..", "1.2.3", "abc", "x", "%", "HK$", "HK$-1", "$", "¥5",
    "４３億", "43億", "3兆", "兆", "1萬億", "1000萬億", "4.3bn", "4.3BN", "4.3bnbn", "15%", "150%", "15%%",
    "1159.46x", "1159.46倍", "1159.46xx", "\u202e12", "\u200f1", "1\x00", "1\n2", "\t1", "\x7f", "1\u00a0000",
    "１２３", "٣", "Ⅻ", "½", "1/2", "0x10", "1e", "e5", "--json", "-h", "18c", "pn18", "mechanism-b", "zh", "en",
    "plain", "USD", "HKD", "usd", "hkd1", "15:30,50:40", "15:30,,", "50:40,15:30", "0:0", "each", "total",
    "hkex-2022", "zhipu", "../etc/passwd", "/dev/null", "🙂", "null", "true",
]
value_st = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=12),
    st.from_regex(r"\A[0-9,_.]{1,20}(k|m|bn|萬|億|%|x)?\Z"),
    st.integers(min_value=-10, max_value=10**20).map(str),
)


@st.composite
def argv_st(draw: st.DrawFn) -> list[str]:
    name = draw(st.sampled_from(sorted(COMMANDS)))
    flags = [opt.flag for opt in COMMANDS[name].all_options if opt.flag != "--json"]
    argv = [name]
    for _ in range(draw(st.integers(min_value=0, max_value=7))):
        flag = draw(st.sampled_from(flags + ["--bogus", "-x", "--json=1", "--shares", "--price"]))
        if draw(st.integers(0, 9)) == 0:
            argv.append(f"{flag}={draw(value_st)}")
        else:
            argv += [flag, draw(value_st)]
    if draw(st.booleans()):
        argv.append("--json")
    if len(argv) > 1 and draw(st.integers(0, 19)) == 0:
        argv = argv[:-1]  # a dangling option
    return argv


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(argv)
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return code, out.getvalue(), err.getvalue()


@FUZZ
@given(argv_st())
def test_every_generated_call_ends_cleanly(argv):
    code, stdout, stderr = run(argv)
    assert code in (0, 1, 2), (argv, code, stderr)
    assert "Traceback" not in stdout + stderr, argv
    assert "internal error" not in stderr, (argv, stderr)
    if code:
        assert stdout == "", argv
        assert stderr.startswith("zhipu-ipo: error: ") and stderr.count("\n") == 1, (argv, stderr)
    elif "--json" in argv and not (stdout.startswith("Usage: ") and {"-h", "--help"} & set(argv)):  # help wins
        data = json.loads(stdout)  # exactly one JSON value, nothing around it
        assert isinstance(data, dict) and data["schema_version"] == 1


json_value_st = st.one_of(
    value_st, st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=False), st.none(),
    st.booleans(), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@st.composite
def batch_line_st(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(["", "not json", "[]", "{}", '{"command": 1}', "null", '{"command": "raise"']))
    name = draw(st.sampled_from(sorted(COMMANDS) + ["nope"]))
    keys = [opt.dest for opt in COMMANDS[name].all_options] if name in COMMANDS else ["shares"]
    request = {"command": name}
    for _ in range(draw(st.integers(0, 6))):
        request[draw(st.sampled_from(keys + ["bogus"]))] = draw(json_value_st)
    return json.dumps(request, ensure_ascii=draw(st.booleans()))


@FUZZ
@given(st.lists(batch_line_st(), min_size=1, max_size=8))
def test_every_generated_batch_line_gets_one_line_back(lines):
    out, err = io.StringIO(), io.StringIO()
    failed = batch.run_batch([line + "\n" for line in lines], out, err)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(results) == len(lines)
    errors = [item for item in results if "error" in item]
    assert len(errors) == failed
    for number, item in enumerate(results, 1):
        assert item.get("line", number) == number
        assert "error" in item or item["schema_version"] == 1
        assert "internal error" not in item.get("error", "")


@settings(max_examples=max(EXAMPLES // 2, 50), deadline=None, derandomize="ZHIPU_IPO_FUZZ_EXAMPLES" not in os.environ,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(argv_st())
def test_the_lean_launcher_and_typer_agree_on_generated_calls(argv):
    from conftest import invoke_typer

    typer_run = invoke_typer(*argv)
    assert run(argv) == (typer_run.code, typer_run.stdout, typer_run.stderr), argv
