"""Batch mode under faults: every input line answered, in order, exactly once; nothing hangs (issue 9).

Bad lines of every kind, a calculation that crashes, lines over the 1 MiB limit
(held in flat memory), workers killed with SIGKILL, Ctrl-C twice and SIGTERM,
too many --jobs, and an output stream that is closed, full or goes away. Most
cases run the installed script in a subprocess, as a user would; timeouts are
generous and nothing asserts on wall-clock time, so a busy 2-core machine
passes too.
"""

from __future__ import annotations

import io
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import entry_point, invoke
from zhipu_ipo import batch
from zhipu_ipo.batch import framing  # the limits live (and are patched) there
from zhipu_ipo.errors import legible
from zhipu_ipo.registry import COMMANDS

TIMEOUT = 180  # seconds: only a guard against a hang, never a measure
GOOD = b'{"command": "raise", "shares": "37419500", "price": "116.20"}'
GROSS = "4348145900.00"  # Zhipu's offer: 37,419,500 H shares x HK$116.20 (see tests/cases)
DEEP = b"[" * 1000 + b"]" * 1000
SHALLOW = b"[" * 50 + b"]" * 50

EXAMPLES = int(os.environ.get("ZHIPU_IPO_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="ZHIPU_IPO_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def run_batch(*args: str, data: bytes = b"", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The installed script's batch on bytes; stdout and stderr as bytes."""
    return subprocess.run(entry_point() + ["batch", *args], input=data, capture_output=True, timeout=TIMEOUT,
                          env={**os.environ, **(env or {})})


def answers(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode("ascii").splitlines()]


def input_lines(data: bytes) -> int:
    """How many lines a batch input has (a last line without a newline counts)."""
    return data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)


def assert_the_promise(data: bytes, stdout: bytes) -> list[dict]:
    """One answer per line, in order: an envelope (schema_version 1) or an error naming its line."""
    out = answers(stdout)
    assert len(out) == input_lines(data)
    for number, item in enumerate(out, 1):
        if "error" in item:
            assert set(item) == {"error", "line"} and item["line"] == number, item
            assert "internal error" not in item["error"], item
            assert len(item["error"]) < 600, item
        else:
            assert item["schema_version"] == 1, item
    return out


def many_good_lines(count: int, start: int = 0) -> bytes:
    """Distinct valid lines (their results differ, so order can be checked)."""
    return b"".join(b'{"command": "raise", "shares": "%d", "price": "1"}\n' % (1000 + index)
                    for index in range(start, start + count))


def check_order(out: list[dict], first_shares: int = 1000) -> None:
    for index, item in enumerate(out):
        assert item["result"]["shares"] == first_shares + index


# ---------------------------------------------------------------------------------------------
# A bad line is one error object; the batch goes on.


def test_a_line_too_deep_for_json_is_one_error_and_the_batch_goes_on():
    data = b"\n".join([GOOD, DEEP, GOOD, b"[" * 100_000, GOOD]) + b"\n"
    done = run_batch("--jobs", "1", data=data)
    assert done.returncode == 1, done.stderr
    out = assert_the_promise(data, done.stdout)
    assert [item.get("line") for item in out] == [None, 2, None, 4, None]
    assert out[1]["error"] == "not valid JSON: nested too deeply"
    assert out[4]["result"]["gross_proceeds"] == GROSS
    assert b"Traceback" not in done.stderr and b"internal error" not in done.stderr
    assert done.stderr.decode().strip() == 'zhipu-ipo: 2 line(s) failed (see the "error" lines)'


@pytest.mark.parametrize("line, says", [
    (b"\xff\xfe", "not valid UTF-8 (byte 1 of the line)"),
    (b'{"command": "raise", "shares": "1\xc3", "price": "1"}', "not valid UTF-8 (byte 34 of the line)"),
    (b'{"command": "raise", "shares": NaN, "price": "1"}', "not valid JSON: NaN is not a JSON value"),
    (b'{"command": "raise", "shares": Infinity, "price": "1"}', "not valid JSON: Infinity is not a JSON value"),
    (b'{"command": {"deep": ' + SHALLOW + b"}}", "(got an object)"),
    (b'{"command": "raise", "shares": ' + SHALLOW + b', "price": "1"}', "shares must be a string or a number "
                                                                           "(got an array)"),
    (b'{"command": "raise", "shares": true, "price": "1"}', "(got true/false)"),
    (b'{"command": "raise", "shares": "1", "price": "1"} x', "extra data"),
    (b"", "not valid JSON"),
    (b"\x00", "not valid JSON"),
])
def test_every_kind_of_bad_line_is_answered_in_place(line, says):
    data = b"\n".join([GOOD, line, GOOD]) + b"\n"
    done = run_batch("--jobs", "1", data=data)
    assert done.returncode == 1
    out = assert_the_promise(data, done.stdout)
    assert out[1]["line"] == 2 and says in out[1]["error"], out[1]
    assert out[0] == out[2] and out[2]["result"]["gross_proceeds"] == GROSS


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs a FIFO and /dev/zero")
def test_a_report_line_naming_dev_zero_or_a_fifo_is_one_error_and_nothing_hangs(tmp_path):
    fifo = tmp_path / "scenario.toml"
    os.mkfifo(fifo)
    lines = [GOOD, b'{"command": "report", "file": "/dev/zero"}',
             b'{"command": "report", "file": ' + json.dumps(str(fifo)).encode() + b"}", GOOD]
    data = b"\n".join(lines) + b"\n"
    done = run_batch(data=data)
    out = assert_the_promise(data, done.stdout)
    assert done.returncode == 1 and [item.get("line") for item in out] == [None, 2, 3, None]
    assert out[1]["error"].startswith("report: /dev/zero: ")
    # The path as error lines show it: cut at 80 characters (with its length) when $TMPDIR is long.
    assert out[2]["error"].startswith("report: " + legible(str(fifo)) + ": "), out[2]


def test_a_crashing_calculation_is_that_lines_error_and_the_batch_goes_on(monkeypatch):
    def crash(**values):
        raise TypeError("unsupported format string passed to NoneType.__format__")

    monkeypatch.setitem(COMMANDS, "greenshoe", COMMANDS["greenshoe"]._replace(calculate=crash))
    lines = [GOOD, b'{"command": "greenshoe", "shares": "1000", "pct": "15"}', GOOD]
    run = invoke("batch", "--jobs", "1", input=b"\n".join(lines).decode() + "\n")
    assert run.code == 1
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(out) == 3 and out[0] == out[2]
    assert out[1] == {"error": "greenshoe: internal error: TypeError: unsupported format string passed to NoneType.__format__ "
                               "(please report this line)", "line": 2}


@pytest.mark.parametrize("failure", [RecursionError, MemoryError])
def test_running_out_of_stack_or_memory_in_a_calculation_is_that_lines_error(monkeypatch, failure):
    def exhaust(**values):
        raise failure()

    monkeypatch.setitem(COMMANDS, "greenshoe", COMMANDS["greenshoe"]._replace(calculate=exhaust))
    run = invoke("batch", input='{"command": "greenshoe", "shares": "1000", "pct": "15"}\n' + GOOD.decode() + "\n")
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert run.code == 1 and out[0]["line"] == 1 and "internal error" not in out[0]["error"]
    assert out[1]["result"]["gross_proceeds"] == GROSS


def test_an_error_object_is_bounded_however_long_the_value():
    huge = b"9" * 900_000  # under the line limit: the line is read and the value refused
    lines = [b'{"command": "raise", "shares": "' + huge + b'", "price": "1"}',
             b'{"command": "raise", "' + huge + b'": "1"}',
             b'{"command": "' + huge + b'"}',
             b'{"command": "raise", "currency": "' + b"\x1b]52;c;" * 100_000 + b'", "shares": "1", "price": "1"}']
    data = b"\n".join(lines) + b"\n"
    done = run_batch(data=data)
    out = assert_the_promise(data, done.stdout)
    assert all("error" in item for item in out)
    assert max(len(line) for line in done.stdout.splitlines()) < 700
    assert "900,000 characters" in out[2]["error"]
    assert "\x1b" not in out[3]["error"]


# ---------------------------------------------------------------------------------------------
# Line length: a limit, linear reading and flat memory.


def read_bytes(pid: int) -> int:
    """How many bytes a process has read so far (Linux /proc/PID/io)."""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    return 0


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def wait_for(condition, what: str):
    deadline = time.monotonic() + TIMEOUT
    while not (found := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)
    return found


needs_proc = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
needs_proc_io = pytest.mark.skipif(not Path("/proc/self/io").exists() or not Path("/dev/zero").exists(),
                                   reason="needs Linux /proc/PID/io and /dev/zero")


def max_rss_kib(argv: list[str], feed) -> tuple[subprocess.CompletedProcess, int]:
    """Run argv, its stdin written by feed(pipe), under a small wrapper that reports the peak memory (KiB)."""
    wrapper = ("import resource, subprocess, sys\n"
               "code = subprocess.run(sys.argv[1:]).returncode\n"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
               "sys.exit(code)\n")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-c", wrapper, *argv], stdin=subprocess.PIPE, stdout=out,
                                   stderr=err)
        try:
            feed(process.stdin)
            process.stdin.close()
            code = process.wait(TIMEOUT)
        finally:
            if process.poll() is None:
                process.kill()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    *talk, peak = stderr.decode().splitlines()
    return subprocess.CompletedProcess(argv, code, stdout, "\n".join(talk).encode()), int(peak)


def test_a_150_mb_line_is_answered_with_an_error_in_flat_memory():
    def feed(pipe) -> None:
        pipe.write(GOOD + b'\n{"command": "raise", "shares": "')
        chunk = b"1" * (1 << 20)
        for _ in range(150):
            pipe.write(chunk)
        pipe.write(b'", "price": "1"}\n' + GOOD + b"\n")

    done, peak = max_rss_kib(entry_point() + ["batch"], feed)
    out = answers(done.stdout)
    assert done.returncode == 1 and len(out) == 3
    assert out[0] == out[2] and out[0]["result"]["gross_proceeds"] == GROSS
    assert out[1] == {"error": "the line is 157,286,448 bytes, more than the limit of 1,048,576 bytes (1 MiB)",
                      "line": 2}
    assert peak < 100 * 1024, f"peak memory {peak} KiB for a 150 MB line"


def test_endless_zeros_with_no_newline_keep_memory_flat_and_get_one_error():
    """`batch < /dev/zero` never ends; `head -c 50M /dev/zero` is the same, bounded."""
    def feed(pipe) -> None:
        chunk = bytes(1 << 20)
        for _ in range(50):
            pipe.write(chunk)

    done, peak = max_rss_kib(entry_point() + ["batch"], feed)
    assert done.returncode == 1
    assert answers(done.stdout) == [
        {"error": "the line is 52,428,800 bytes, more than the limit of 1,048,576 bytes (1 MiB)", "line": 1}]
    assert peak < 100 * 1024, f"peak memory {peak} KiB for 50 MB of zeros"


@needs_proc_io
def test_batch_from_dev_zero_reads_on_in_flat_memory_until_stopped():
    with open("/dev/zero", "rb") as zeros:
        process = subprocess.Popen(entry_point() + ["batch"], stdin=zeros, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
    try:
        wait_for(lambda: read_bytes(process.pid) > 300 << 20, "300 MB of zeros to be read")
        peak = peak_kib(process.pid)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(TIMEOUT)
    assert peak < 100 * 1024, f"peak memory {peak} KiB after 300 MB of zeros"
    assert (process.returncode, stdout, stderr) == (143, b"", b"")


def test_the_line_limit_is_exactly_1_mib():
    at_limit = b'{"command": "raise", "shares": "1", "price": "1", "currency": "' + b"X" * (
        batch.MAX_LINE_BYTES - 65) + b'"}'
    assert len(at_limit) == batch.MAX_LINE_BYTES == 1 << 20
    data = b"\n".join([at_limit, at_limit[:-2] + b'X"}', at_limit]) + b"\n"
    done = run_batch(data=data)
    out = assert_the_promise(data, done.stdout)
    assert "bytes" not in out[0]["error"]  # read: its currency is refused for itself
    assert out[1]["error"].startswith("the line is 1,048,577 bytes, more than the limit")
    assert out[2]["error"] == out[0]["error"]


@st.composite
def lines_and_sizes(draw: st.DrawFn) -> bytes:
    pieces = draw(st.lists(st.one_of(st.binary(max_size=40), st.integers(0, 90).map(lambda n: b"x" * n)), max_size=12))
    return b"\n".join(piece.replace(b"\n", b"") for piece in pieces) + draw(st.sampled_from([b"", b"\n"]))


@FUZZ
@given(lines_and_sizes(), st.integers(1, 17), st.integers(1, 50))
def test_the_reader_keeps_every_line_or_reports_its_exact_length(data, block_bytes, max_line):
    """Whatever the block size and line limit: each line comes out whole, once, in order, or as its length."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(framing, "BLOCK_BYTES", block_bytes)
        patch.setattr(framing, "MAX_LINE_BYTES", max_line)
        got: list[bytes | int] = []
        expected_number = 1
        read = list(batch.blocks(io.BytesIO(data)))
        for index, block in enumerate(read):
            assert block.first == expected_number
            if block.too_long:
                assert block.data == b""
                got.append(block.too_long)
                expected_number += 1
            else:
                assert block.data.endswith(b"\n") or index == len(read) - 1
                lines = block.data.split(b"\n")
                if lines[-1] == b"":
                    lines.pop()
                got.extend(lines)
                expected_number += len(lines)
            assert len(block.data) <= max_line + block_bytes + 1
    lines = data.split(b"\n")
    if data.endswith(b"\n") or not data:
        lines.pop()
    # A line that spans reads is cut at the limit; one inside a read is kept (run_block refuses it).
    assert len(got) == len(lines)
    for line, item in zip(lines, got):
        assert item == line or (item == len(line) and len(line) > max_line)


# ---------------------------------------------------------------------------------------------
# The worker pool: dead workers, signals, --jobs.


def test_a_worker_killed_in_the_middle_of_a_block_loses_no_line(monkeypatch):
    """A line that kills the worker computing it (but not the main process): every line still answered."""
    parent = os.getpid()
    calculate = COMMANDS["raise"].calculate

    def dies_in_a_worker(**values):
        if os.getpid() != parent and values["shares"] == 1003:
            os.kill(os.getpid(), signal.SIGKILL)
        return calculate(**values)

    monkeypatch.setitem(COMMANDS, "raise", COMMANDS["raise"]._replace(calculate=dies_in_a_worker))
    monkeypatch.setattr(framing, "BLOCK_BYTES", 200)
    data = many_good_lines(60)
    out, err = io.BytesIO(), io.StringIO()
    assert batch.run_stream(io.BytesIO(data), out, err, 2) == 0
    check_order(answers(out.getvalue()))
    assert len(answers(out.getvalue())) == 60
    assert err.getvalue().startswith("note: a worker process stopped (killed by signal 9)")


def test_when_every_worker_dies_the_main_process_answers_the_rest(monkeypatch):
    parent = os.getpid()
    calculate = COMMANDS["raise"].calculate

    def always_dies_in_a_worker(**values):
        if os.getpid() != parent:
            os._exit(3)
        return calculate(**values)

    monkeypatch.setitem(COMMANDS, "raise", COMMANDS["raise"]._replace(calculate=always_dies_in_a_worker))
    monkeypatch.setattr(framing, "BLOCK_BYTES", 200)
    data = many_good_lines(80) + b"oops\n"
    out, err = io.BytesIO(), io.StringIO()
    assert batch.run_stream(io.BytesIO(data), out, err, 3) == 1
    got = answers(out.getvalue())
    check_order(got[:-1])
    assert got[-1] == {"error": "not valid JSON: Expecting value: line 1 column 1 (char 0)", "line": 81}
    notes = err.getvalue().splitlines()
    assert len(notes) == 3 and all("exit status 3" in note for note in notes)
    assert notes[-1].endswith("; the main process answers the rest of the input")
    assert all(" on are answered again by the main process" in note for note in notes)


@pytest.mark.parametrize("forks", [0, 1])
def test_when_no_more_processes_can_be_started_the_batch_goes_on(monkeypatch, forks):
    real_fork = os.fork
    started = []

    def fork():
        if len(started) >= forks:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        started.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(framing, "BLOCK_BYTES", 200)
    out, err = io.BytesIO(), io.StringIO()
    assert batch.run_stream(io.BytesIO(many_good_lines(50)), out, err, 4) == 0
    check_order(answers(out.getvalue()))
    assert len(answers(out.getvalue())) == 50
    notes = ["note: no worker processes (Resource temporarily unavailable): computing in this process\n", ""]
    assert err.getvalue() == notes[forks]


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(word) for word in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Running:
    """The installed script's batch, started with 'lines' of input written and stdin left open."""

    def __init__(self, lines: int, *args: str):
        self.folder = tempfile.TemporaryDirectory()
        self.out_path = Path(self.folder.name, "out.jsonl")
        self.out = self.out_path.open("wb")
        self.process = subprocess.Popen(entry_point() + ["batch", *args], stdin=subprocess.PIPE, stdout=self.out,
                                        stderr=subprocess.PIPE, start_new_session=True)
        self.data = many_good_lines(lines)
        self.process.stdin.write(self.data)
        self.process.stdin.flush()

    def workers(self) -> list[int]:
        return wait_for(lambda: children(self.process.pid), "worker processes")

    def finish(self, more: bytes = b"") -> tuple[int, bytes, bytes]:
        if more:
            self.process.stdin.write(more)
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        stderr = self.process.stderr.read()
        code = self.process.wait(TIMEOUT)
        self.out.close()
        stdout = self.out_path.read_bytes()
        self.folder.cleanup()
        return code, stdout, stderr

    def kill_all(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(TIMEOUT)


@needs_proc
def test_kill_9_of_a_worker_loses_no_line_and_the_batch_ends():
    run = Running(30_000, "--jobs", "2")
    try:
        workers = run.workers()
        os.kill(workers[0], signal.SIGKILL)
        code, stdout, stderr = run.finish(many_good_lines(30_000, start=30_000))
    finally:
        run.kill_all()
    assert code == 0, stderr
    out = answers(stdout)
    assert len(out) == 60_000
    check_order(out)
    assert b"Traceback" not in stderr
    assert all(not alive(pid) for pid in workers)


@needs_proc
@pytest.mark.parametrize("jobs", ["2", "1"])
def test_ctrl_c_twice_ends_the_batch_and_its_workers_with_130(jobs):
    run = Running(30_000, "--jobs", jobs)
    try:
        if jobs != "1":
            workers = run.workers()
        else:
            workers = []
            wait_for(lambda: run.out_path.stat().st_size > 0, "the first answers")
        os.killpg(run.process.pid, signal.SIGINT)  # the terminal sends Ctrl-C to the whole group
        time.sleep(0.05)
        os.killpg(run.process.pid, signal.SIGINT)
        code, _, stderr = run.finish()
    finally:
        run.kill_all()
    assert code == 130
    assert b"Traceback" not in stderr and b"KeyboardInterrupt" not in stderr, stderr
    wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to end")


@needs_proc
def test_sigterm_to_the_main_process_ends_its_workers_too_with_143():
    run = Running(30_000, "--jobs", "2")
    try:
        workers = run.workers()
        run.process.send_signal(signal.SIGTERM)
        code, _, stderr = run.finish()
    finally:
        run.kill_all()
    assert code == 143
    assert b"Traceback" not in stderr, stderr
    wait_for(lambda: not any(alive(pid) for pid in workers), "the workers to end")


@needs_proc
def test_more_jobs_than_cores_is_capped_with_a_note():
    cores = os.cpu_count() or 1
    run = Running(30_000, "--jobs", "64")
    try:
        workers = run.workers()
        code, stdout, stderr = run.finish()
    finally:
        run.kill_all()
    assert code == 0 and len(answers(stdout)) == 30_000
    assert len(workers) <= cores
    if cores < 64:
        assert stderr.decode().splitlines() == [
            f"note: --jobs 64 is more than the {cores} core(s) here: using {cores} worker processes"]


def test_more_than_64_jobs_is_refused():
    done = run_batch("--jobs", "65", data=GOOD + b"\n")
    assert done.returncode == 2 and done.stdout == b""
    assert b"more than 64 worker processes" in done.stderr
    assert "at most 64" in " ".join(invoke("batch", "--help").stdout.split())


# ---------------------------------------------------------------------------------------------
# Output streams: closed, full, or a reader that goes away.


def shell(command: str, data: bytes) -> subprocess.CompletedProcess:
    script = shlex.quote(entry_point()[0])
    return subprocess.run(["bash", "-c", command.replace("Z", script)], input=data, capture_output=True,
                          timeout=TIMEOUT)


@pytest.mark.parametrize("lines", [3, 20_000])
def test_stdout_closed_is_exit_1_and_one_line(lines):
    done = shell("Z batch >&-", many_good_lines(lines))
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == ["zhipu-ipo: error: cannot write the output: stdout is closed"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("lines", [3, 20_000])
def test_stdout_full_is_exit_1_and_one_line(lines):
    done = shell("Z batch > /dev/full", many_good_lines(lines))
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == ["zhipu-ipo: error: cannot write the output: No space left on device"]


@pytest.mark.parametrize("lines", [3, 20_000])
def test_a_reader_that_goes_away_is_quiet(lines):
    done = shell("set -o pipefail; Z batch | head -n 1", many_good_lines(lines))
    assert done.returncode in (0, 1)
    assert json.loads(done.stdout)["result"]["shares"] == 1000
    assert done.stderr == b""


@pytest.mark.parametrize("lines", [3, 20_000])
def test_stderr_closed_drops_the_notes_and_keeps_stdout_clean(lines):
    data = b'{"command": "greenshoe", "shares": "1000", "pct": "20"}\n' + many_good_lines(lines) + b"oops\n"
    done = shell("Z batch 2>&-", data)
    assert done.returncode == 1 and done.stderr == b""
    out = answers(done.stdout)
    assert len(out) == lines + 2
    assert out[0]["result"]["greenshoe_shares"] == 200
    check_order(out[1:-1])
    assert out[-1]["line"] == lines + 2


def test_stdin_closed_is_one_line():
    done = shell("Z batch <&-", b"")
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        "zhipu-ipo: error: batch reads JSON Lines from stdin, and stdin is closed"]


# ---------------------------------------------------------------------------------------------
# The promise, on generated input bytes.

VALUES = ["37,419,500", "116.20", "15%", "43億", "3741.95萬", "174.7m", "1159.46x", "HK$116.20", "0", "1", "100",
          "18c", "15:30,50:40", "hkex-2022", "USD", "zhipu", "1e999", "nan", "-1", "２", "1/2", "", " "]


@st.composite
def request_st(draw: st.DrawFn) -> bytes:
    """A request naming any command with any of its options (and some that are not), values typed or hostile."""
    name = draw(st.sampled_from(sorted(COMMANDS) + ["nope"]))
    keys = [opt.dest for opt in COMMANDS[name].all_options] if name in COMMANDS else ["shares"]
    value = st.one_of(st.sampled_from(VALUES), st.integers(-5, 10**20), st.text(max_size=6), st.none(),
                      st.booleans(), st.floats(allow_nan=False, allow_infinity=False))
    request = draw(st.dictionaries(st.sampled_from(keys + ["bogus"]), value, max_size=6))
    return json.dumps({"command": name, **request}, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")


nesting_st = st.builds(lambda opening, closing, depth, more: opening * depth + closing * (depth - more),
                       st.sampled_from([b"[", b'{"a":', b'{"command":']), st.sampled_from([b"]", b"}"]),
                       st.integers(0, 3000), st.integers(0, 2))
invalid_utf8_st = st.builds(lambda good, bad, at: good[:at] + bad + good[at:], request_st(),
                            st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80"]),
                            st.integers(0, 60))
line_st = st.one_of(request_st(), nesting_st, invalid_utf8_st, st.binary(max_size=30),
                    st.sampled_from([GOOD, b"", b"\r", b"null", b"[]", b"{}", b"\xef\xbb\xbf" + GOOD, b'"\\ud800"']))
input_st = st.builds(lambda lines, end: b"\n".join(line.replace(b"\n", b" ") for line in lines) + end,
                     st.lists(line_st, min_size=1, max_size=12), st.sampled_from([b"\n", b"", b"\r\n"]))


@FUZZ
@given(input_st)
def test_generated_input_bytes_get_one_answer_per_line_in_order(data):
    out, err = io.BytesIO(), io.StringIO()
    failed = batch.run_stream(io.BytesIO(data), out, err, 1)
    got = assert_the_promise(data, out.getvalue())
    assert failed == sum("error" in item for item in got)


@settings(max_examples=max(EXAMPLES // 10, 5), deadline=None, derandomize="ZHIPU_IPO_FUZZ_EXAMPLES" not in os.environ,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(input_st, min_size=2, max_size=6))
def test_generated_input_through_the_pool_matches_one_process(parts):
    data = b"\n".join(parts)
    outputs = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(framing, "BLOCK_BYTES", 97)
        for jobs in (1, 2):
            out, err = io.BytesIO(), io.StringIO()
            outputs.append((out, batch.run_stream(io.BytesIO(data), out, err, jobs), err.getvalue()))
    assert outputs[0][1:] == outputs[1][1:]
    assert outputs[0][0].getvalue() == outputs[1][0].getvalue()
    assert_the_promise(data, outputs[1][0].getvalue())


def test_a_value_repeated_from_line_to_line_is_read_alike_and_a_bad_one_refused_every_time():
    """Batch keeps the values it has read (a deal's price repeats on every line): a repeated good value gives the
    same answer as the first time, and a repeated bad one is that line's error each time, never kept."""
    lines = [GOOD, b'{"command": "raise", "shares": "37419500", "price": "116.2O"}', GOOD,
             b'{"command": "raise", "shares": "37419500", "price": "116.2O"}',
             b'{"command": "market-cap", "shares": "37419500", "price": "116.20"}',
             b'{"command": "raise", "shares": "1e16", "price": "116.20"}',
             b'{"command": "raise", "shares": "1e16", "price": "116.20"}',
             b'{"command": "greenshoe", "shares": "37419500", "pct": "15", "price": "116.20"}',
             b'{"command": "raise", "shares": "15", "price": "116.20"}']  # the same text, another parser
    run = invoke("batch", "--jobs", "1", input=b"\n".join(lines).decode() + "\n")
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert run.code == 1 and len(out) == 9
    assert out[7]["inputs"]["pct"] == "15" and out[8]["inputs"]["shares"] == 15
    assert out[8]["result"]["gross_proceeds"] == "1743.00"
    assert out[0] == out[2] and out[0]["result"]["gross_proceeds"] == GROSS
    assert out[1]["error"] == out[3]["error"] and out[1]["error"].startswith("raise: price: '116.2O'")
    assert out[4]["result"]["market_cap"] == GROSS
    assert out[5]["error"] == out[6]["error"] and "too large" in out[5]["error"], out[5]
