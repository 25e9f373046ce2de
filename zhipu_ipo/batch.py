"""Batch mode: JSON Lines in, one JSON line out per line, in order, exactly once.

Each input line is an object naming a command and its options in snake_case,
``{"command": "raise", "shares": "37419500", "price": "116.20"}``. Values are
strings or numbers; JSON numbers are read as their exact text, never as floats.
Each output line is the ``--json`` envelope on one line, or
``{"error": "...", "line": N}``.

The promise, and where it is kept:

- every line is answered, in order, exactly once: each line is decoded and
  computed inside its own guard (``answer``); any failure, even a bug, becomes
  that line's error object and the batch goes on;
- memory stays flat: input is read in blocks of ``BLOCK_BYTES`` (``blocks``),
  in linear time; a line longer than ``MAX_LINE_BYTES`` is answered with an
  error and discarded as it is read, never held;
- nothing is lost or hangs when a worker process dies: every worker has its
  own pair of pipes, so a death is seen as end-of-file, and its block is
  computed again in this process (``Pool``);
- Ctrl-C (SIGINT) and SIGTERM end the batch and its workers at once, with exit
  130 or 143 and no traceback (``main_batch``); workers ignore SIGINT and leave
  when this process goes away (their pipes close).
"""

from __future__ import annotations

import gc
import json
import os
import signal
import struct
import sys
from typing import IO, Any, Callable, Iterable, Iterator, NamedTuple

from .errors import InputError, IpoMathError, as_key, reword, shown
from .exits import MAX_LINE, say
from .numbers import parse_shares
from .registry import COMMANDS, CommandSpec, compute
from .render import json_line

#: The longest input line, in bytes (without its newline); a longer line is answered with an error.
MAX_LINE_BYTES = 1 << 20
#: The most worker processes --jobs may ask for.
MAX_JOBS = 64
#: The default worker count is one per core, but no more than this.
DEFAULT_MAX_JOBS = 8
#: Input is handled in blocks of about this many bytes (some 4,000 lines of a typical request):
#: one task and one write per block, and at most two blocks per worker in flight.
BLOCK_BYTES = 1 << 18

BATCH_HELP = f"""Many calculations at once: JSON Lines on stdin, one JSON line out per line.

\b
Examples:
  echo '{{"command": "raise", "shares": "37419500", "price": "116.20"}}' | zhipu-ipo batch
  zhipu-ipo batch < scenarios.jsonl > results.jsonl

Each line names a command and its options in snake_case (as in --json
"inputs"); values are strings or numbers, read exactly. Each output line is
the --json envelope, or {{"error": ..., "line": N}} for a line that fails for
any reason (bad JSON or UTF-8, a bad value, a line over 1 MiB), and processing
goes on: every line is answered once, in order. Exit 1 if any line failed.

Input longer than one block (256 KiB, about 4,000 lines) is computed by --jobs
worker processes (default: one per core, at most {DEFAULT_MAX_JOBS}); --jobs is at most
{MAX_JOBS}, and more than the cores is capped, with a note. A worker that dies
has its lines computed again; Ctrl-C exits 130 and SIGTERM 143, workers too."""


def parse_jobs(text: str) -> int:
    jobs = parse_shares(text)
    if jobs > MAX_JOBS:
        raise InputError(f"--jobs {jobs:,} is more than {MAX_JOBS} worker processes")
    return jobs


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


_raw_decode = json.JSONDecoder(parse_float=str, parse_constant=_no_constant).raw_decode
_encode = json.JSONEncoder(separators=(",", ":")).encode
_PARSERS: dict[str, dict[str, Callable[[str], Any]]] = {}


def _decode(line: str) -> Any:
    text = line.strip()
    if text.startswith("\ufeff"):  # a byte order mark, as some editors write at the start of a file
        text = text[1:].lstrip()
    try:
        value, end = _raw_decode(text)
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply") from None
    except ValueError as error:
        raise InputError(f"not valid JSON: {error}") from None
    if end != len(text):
        raise InputError(f"not valid JSON: extra data at character {end}")
    return value


def _parsers(spec: CommandSpec) -> dict[str, Callable[[str], Any]]:
    """Option name -> parser, for the options a batch line may carry (not json, units or flags)."""
    table = _PARSERS.get(spec.name)
    if table is None:
        table = _PARSERS[spec.name] = {
            opt.dest: opt.parse for opt in spec.all_options
            if opt.parse is not None and opt.dest not in ("json", "units")
        }
    return table


def _kind(value: Any) -> str:
    """What a JSON value is, for an error line (never the value itself, which may be huge or deep)."""
    names = {dict: "an object", list: "an array", bool: "true/false", type(None): "null", float: "NaN"}
    return names.get(type(value), type(value).__name__)


def parse_request(line: str) -> tuple[CommandSpec, dict[str, Any]]:
    """A JSON line -> the command and its parsed option values; InputError names what is wrong."""
    request = _decode(line)
    if type(request) is not dict:
        raise InputError(f"each line must be a JSON object with a \"command\" key (got {_kind(request)})")
    name = request.pop("command", None)
    spec = COMMANDS.get(name) if type(name) is str else None
    if spec is None:
        got = shown(name) if type(name) is str else _kind(name)
        raise InputError(f"\"command\" must be one of {', '.join(COMMANDS)} (got {got})")
    parsers = _parsers(spec)
    values: dict[str, Any] = {}
    for key, raw in request.items():
        parse = parsers.get(key)
        if parse is None:
            raise InputError(f"{name}: unknown option {shown(key)} (options: {', '.join(parsers)})")
        kind = type(raw)
        if kind is not str and kind is not int:
            raise InputError(f"{name}: {key} must be a string or a number (got {_kind(raw)})")
        try:
            values[key] = parse(raw if kind is str else str(raw))
        except InputError as error:
            raise InputError(f"{name}: {key}: {error}") from None
    return spec, values


def run_line(line: str) -> tuple[str, tuple[str, ...]]:
    """One output line (without the newline) and the notes for stderr; raises on a bad line."""
    outcome = compute(*parse_request(line))
    return json_line(outcome), outcome.notes


def _cut(text: str) -> str:
    """An error or note for one line, on one line and bounded (a longer one is cut, with its length)."""
    if not text.isprintable():
        text = "".join(char if char.isprintable() else ascii(char)[1:-1] for char in text)
    if len(text) > MAX_LINE:
        text = text[:MAX_LINE] + f"... ({len(text):,} characters)"
    return text


def error_line(number: int, message: str) -> str:
    """The error object for line ``number`` (compact JSON, ASCII, bounded)."""
    return _encode({"error": _cut(message), "line": number})


def too_long(length: int) -> str:
    return f"the line is {length:,} bytes, more than the limit of {MAX_LINE_BYTES:,} bytes (1 MiB)"


def answer(number: int, line: str | InputError) -> tuple[str, tuple[str, ...], bool]:
    """The output line, the stderr notes and whether it failed, for one input line; never raises
    (except KeyboardInterrupt and SystemExit). ``line`` may be an error found while reading it."""
    try:
        if isinstance(line, InputError):
            raise line
        text, notes = run_line(line)
        return text, notes, False
    except IpoMathError as error:
        message = reword(str(error), as_key)
    except RecursionError:
        message = "the line is nested too deeply to compute"
    except MemoryError:
        message = "not enough memory to compute the line"
    except Exception as error:  # a bug in a calculation: still this line's answer, and the batch goes on
        try:
            message = f"internal error: {type(error).__name__}: {error} (please report this line)"
        except Exception:
            message = f"internal error: {type(error).__name__} (please report this line)"
    return error_line(number, message), (), True


class Done(NamedTuple):
    """The answer to a block: output bytes (whole lines), stderr notes, how many lines failed."""

    output: bytes
    notes: str
    failed: int


def run_chunk(first_number: int, lines: list[str | InputError]) -> Done:
    """Answers to consecutive lines numbered from first_number."""
    texts: list[str] = []
    notes: list[str] = []
    failed = 0
    for number, line in enumerate(lines, first_number):
        text, line_notes, bad = answer(number, line)
        failed += bad
        texts.append(text)
        for note in line_notes:
            notes.append(f"note: line {number}: {_cut(reword(note, as_key))}\n")
    texts.append("")
    return Done("\n".join(texts).encode("utf-8", "backslashreplace"), "".join(notes), failed)


class Block(NamedTuple):
    """Whole input lines numbered from ``first``; or, with ``too_long`` > 0, one line of that many
    bytes that was discarded as it was read."""

    first: int
    data: bytes
    too_long: int = 0


def _lines(block: Block) -> list[str | InputError]:
    """The block's lines as text; a line that is not UTF-8 or is too long as the error to answer."""
    if block.too_long:
        return [InputError(too_long(block.too_long))]
    data = block.data[:-1] if block.data.endswith(b"\n") else block.data
    try:
        lines: list[str | InputError] = list(data.decode("utf-8").split("\n"))
    except UnicodeDecodeError:
        lines = []
        for raw in data.split(b"\n"):
            try:
                lines.append(raw.decode("utf-8"))
            except UnicodeDecodeError as error:
                lines.append(InputError(f"not valid UTF-8 (byte {error.start + 1:,} of the line)"))
    if len(block.data) > MAX_LINE_BYTES:  # only when a block is larger than a line may be
        raw_lines = data.split(b"\n")
        for index, raw in enumerate(raw_lines):
            if len(raw) > MAX_LINE_BYTES:
                lines[index] = InputError(too_long(len(raw)))
    return lines


def run_block(block: Block) -> Done:
    """The answer to a block of whole lines: the work a worker process does."""
    return run_chunk(block.first, _lines(block))


def _read(stream: IO[bytes]) -> bytes:
    try:
        return stream.read(BLOCK_BYTES)
    except OSError as error:  # not a failure to write: say what it is
        raise InputError(f"cannot read the input: {error.strerror or error}") from None


def blocks(stream: IO[bytes]) -> Iterator[Block]:
    """The input as blocks of whole lines, read BLOCK_BYTES at a time, in linear time and bounded memory.

    A line still open when more than MAX_LINE_BYTES of it has been read is
    discarded up to its newline (or the end of input) and comes out as a
    ``too_long`` block: ``batch < /dev/zero`` reads on with flat memory.
    """
    number = 1
    pieces: list[bytes] = []  # the open line, when it spans reads
    held = 0  # bytes in pieces
    skipped = -1  # bytes of an overlong open line discarded so far (-1: none)
    limit = MAX_LINE_BYTES
    while data := _read(stream):
        if pieces or skipped >= 0:
            cut = data.find(b"\n")
            if cut < 0:
                if skipped >= 0:
                    skipped += len(data)
                elif held + len(data) > limit:
                    skipped, pieces, held = held + len(data), [], 0
                else:
                    pieces.append(data)
                    held += len(data)
                continue
            length = (skipped if skipped >= 0 else held) + cut
            if skipped >= 0 or length > limit:
                yield Block(number, b"", length)
                number += 1
                data = data[cut + 1:]
            else:
                pieces.append(data)
                data = b"".join(pieces)
            pieces, held, skipped = [], 0, -1
        cut = data.rfind(b"\n") + 1
        if cut:
            block = data[:cut] if cut < len(data) else data
            yield Block(number, block)
            number += block.count(b"\n")
        if cut < len(data):
            rest = data[cut:]
            if len(rest) > limit:
                skipped = len(rest)
            else:
                pieces, held = [rest], len(rest)
    if skipped >= 0:
        yield Block(number, b"", skipped)
    elif pieces:
        yield Block(number, b"".join(pieces))


def _write(err: IO[str] | None, text: str) -> None:
    """Notes on stderr; nothing when stderr is closed or cannot be written."""
    if err is None or not text:
        return
    try:
        err.write(text)
        err.flush()
    except (OSError, ValueError):
        pass


def _emit(out: IO[bytes], err: IO[str] | None, done: Done) -> int:
    out.write(done.output)
    if done.notes:
        out.flush()
        _write(err, done.notes)
    return done.failed


# ---------------------------------------------------------------------------------------------
# The worker pool: forked processes, each with its own task and result pipes.

_TASK = struct.Struct("!QQ")  # first line number, bytes of data
_RESULT = struct.Struct("!QQQ")  # lines failed, bytes of notes, bytes of output


def _read_exact(fd: int, size: int) -> bytes | None:
    """Exactly size bytes from fd, or None at end of file (the other end is gone)."""
    pieces = []
    while size:
        piece = os.read(fd, min(size, 1 << 20))
        if not piece:
            return None
        pieces.append(piece)
        size -= len(piece)
    return b"".join(pieces)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _above_stdio(fd: int) -> int:
    """fd, moved above 0-2 if it landed there (when the process was started with one closed)."""
    if fd > 2:
        return fd
    import fcntl

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 3)
    os.close(fd)
    return moved


def _work(tasks: int, results: int) -> None:
    """A worker's life: read a block, answer it, write the answer; until the task pipe closes."""
    while (header := _read_exact(tasks, _TASK.size)) is not None:
        first, size = _TASK.unpack(header)
        data = _read_exact(tasks, size)
        if data is None:
            return
        done = run_block(Block(first, data))
        notes = done.notes.encode("utf-8", "backslashreplace")
        _write_all(results, _RESULT.pack(done.failed, len(notes), len(done.output)) + notes + done.output)


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class Worker:
    """One forked worker process: its pid, the pipe this process writes tasks to and the one it reads."""

    pid: int
    tasks: int
    results: int
    fds: tuple[int, int]

    def __init__(self, others: list[Worker]):
        task_read, task_write = (_above_stdio(fd) for fd in os.pipe())
        result_read, result_write = (_above_stdio(fd) for fd in os.pipe())
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            try:
                pid = os.fork()
            except OSError:
                for fd in (task_read, task_write, result_read, result_write):
                    os.close(fd)
                raise
            if pid == 0:  # the worker: never returns
                code = 70
                try:
                    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                    for fd in [task_write, result_read] + [fd for other in others for fd in other.fds]:
                        os.close(fd)
                    devnull = os.open(os.devnull, os.O_RDWR)
                    os.dup2(devnull, 0)  # the main process reads and writes; a worker holds neither stream
                    os.dup2(devnull, 1)
                    if devnull > 2:
                        os.close(devnull)
                    gc.freeze()  # the main process's objects are never collected (or finalized) here
                    _work(task_read, result_write)
                    code = 0
                finally:
                    os._exit(code)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(task_read)
        os.close(result_write)
        self.pid, self.tasks, self.results = pid, task_write, result_read
        self.fds = (task_write, result_read)
        self.busy: tuple[int, Block] | None = None  # (sequence number, block) in flight

    def send(self, sequence: int, block: Block) -> bool:
        """Hand the worker a block; False if it is gone."""
        try:
            _write_all(self.tasks, _TASK.pack(block.first, len(block.data)) + block.data)
        except OSError:  # BrokenPipeError: the worker died
            return False
        self.busy = (sequence, block)
        return True

    def receive(self) -> Done | None:
        """The answer to the block in flight; None if the worker died before giving all of it."""
        try:
            header = _read_exact(self.results, _RESULT.size)
            if header is None:
                return None
            failed, notes_size, output_size = _RESULT.unpack(header)
            body = _read_exact(self.results, notes_size + output_size)
        except OSError:
            return None
        if body is None:
            return None
        self.busy = None
        return Done(body[notes_size:], body[:notes_size].decode("utf-8", "backslashreplace"), failed)

    def stop(self) -> int:
        """Close the pipes, kill the process and reap it; its exit status."""
        for fd in self.fds:
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            return os.waitpid(self.pid, 0)[1]
        except ChildProcessError:
            return 0


def _death(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


class Pool:
    """Blocks answered by worker processes, in input order; a dead worker's block is answered here."""

    def __init__(self, jobs: int, err: IO[str] | None):
        import selectors

        self.err = err
        self.workers: list[Worker] = []
        self.selector = selectors.DefaultSelector()
        try:
            for _ in range(jobs):
                try:
                    worker = Worker(self.workers)
                except OSError:  # out of processes or pipes: go on with the workers there are
                    if not self.workers:
                        raise
                    break
                self.workers.append(worker)
                self.selector.register(worker.results, selectors.EVENT_READ, worker)
        except BaseException:
            self.close()
            raise

    def lost(self, worker: Worker) -> Block | None:
        """Forget a worker that died; the block it had, to be answered here."""
        self.selector.unregister(worker.results)
        self.workers.remove(worker)
        block = worker.busy[1] if worker.busy else None
        status = worker.stop()
        then = []
        if block is not None:
            then.append(f"lines {block.first:,} on are answered again by the main process")
        if not self.workers:
            then.append("the main process answers the rest of the input")
        _write(self.err, f"note: a worker process stopped ({_death(status)}){''.join('; ' + t for t in then)}\n")
        return block

    def run(self, source: Iterator[Block], emit: Callable[[Done], int]) -> int:
        failed = 0
        answered: dict[int, Done] = {}  # answers waiting for an earlier one, by sequence number
        next_out = 0  # the sequence number to write next
        taken = 0  # blocks taken from the source
        exhausted = False
        limit = 2 * len(self.workers)
        while True:
            idle = [worker for worker in self.workers if worker.busy is None]
            while not exhausted and (idle or not self.workers) and taken - next_out < max(limit, 1):
                block = next(source, None)
                if block is None:
                    exhausted = True
                    break
                sequence, taken = taken, taken + 1
                if block.too_long or not self.workers:
                    answered[sequence] = run_block(block)
                    continue
                worker = idle.pop()
                if not worker.send(sequence, block):
                    self.lost(worker)
                    answered[sequence] = run_block(block)
            while next_out in answered:
                failed += emit(answered.pop(next_out))
                next_out += 1
            busy = [worker for worker in self.workers if worker.busy is not None]
            if exhausted and not busy:
                return failed
            if not busy:
                continue
            for key, _ in self.selector.select():
                worker = key.data
                sequence = worker.busy[0] if worker.busy else -1
                done = worker.receive()
                if done is None:
                    lost = self.lost(worker)
                    if lost is not None:
                        answered[sequence] = run_block(lost)
                elif sequence >= 0:
                    answered[sequence] = done

    def close(self) -> None:
        """Stop every worker and reap it, with Ctrl-C and SIGTERM held off until done."""
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            for worker in self.workers:
                worker.stop()
            self.workers = []
            self.selector.close()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def run_stream(source: IO[bytes], out: IO[bytes], err: IO[str] | None, jobs: int = 1) -> int:
    """Answer a byte stream of JSON Lines, in order; return how many lines failed.

    With jobs > 1 and more than one block of input, blocks are computed by
    worker processes while this one reads, writes and answers overlong lines;
    at most two blocks per worker are read ahead, so memory stays flat.
    """
    reader = blocks(source)
    first = next(reader, None)
    if first is None:
        return 0
    second = next(reader, None)

    def emit(done: Done) -> int:
        return _emit(out, err, done)

    def everything() -> Iterator[Block]:
        yield first
        if second is not None:
            yield second
            yield from reader

    if jobs <= 1 or second is None or not hasattr(os, "fork"):
        return sum(emit(run_block(block)) for block in everything())
    try:
        pool = Pool(jobs, err)
    except OSError as error:
        _write(err, f"note: no worker processes ({error.strerror or error}): computing in this process\n")
        return sum(emit(run_block(block)) for block in everything())
    try:
        return pool.run(everything(), emit)
    finally:
        pool.close()


def run_batch(lines: Iterable[str], out: IO[str], err: IO[str]) -> int:
    """Answer text lines in this process (for library use and tests); return how many failed."""
    items: list[str | InputError] = []
    for line in lines:
        line = line[:-1] if line.endswith("\n") else line
        size = len(line.encode("utf-8", "surrogatepass"))
        items.append(InputError(too_long(size)) if size > MAX_LINE_BYTES else line)
    done = run_chunk(1, items)
    out.write(done.output.decode("utf-8"))
    err.write(done.notes)
    return done.failed


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, DEFAULT_MAX_JOBS))


class Stopped(KeyboardInterrupt):
    """Ctrl-C or SIGTERM during a batch: raised once, by the first of them."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _on_stop_signal(signum: int, frame: Any) -> None:
    if not _stopping:
        _stopping.append(signum)
        raise Stopped(signum)


_stopping: list[int] = []


def main_batch(jobs: int | None = None) -> int:
    """Read stdin, write stdout; exit 1 if any line failed, 130 on Ctrl-C, 143 on SIGTERM."""
    if sys.stdin is None:
        raise InputError("batch reads JSON Lines from stdin, and stdin is closed")
    sys.stdout.flush()
    cores = os.cpu_count() or 1
    if jobs is None:
        jobs = default_jobs()
    elif jobs > cores:
        say(f"note: --jobs {jobs} is more than the {cores} core(s) here: using {cores} worker processes")
        jobs = cores
    if sys.stdin.isatty():
        say("zhipu-ipo batch: reading JSON Lines from stdin (Ctrl-D to end)")
    _stopping.clear()
    saved = _install({signal.SIGINT: _on_stop_signal, signal.SIGTERM: _on_stop_signal})
    try:
        failed = run_stream(sys.stdin.buffer, sys.stdout.buffer, sys.stderr, jobs)
        sys.stdout.buffer.flush()
    except Stopped:
        pass
    finally:
        if not _stopping:
            _install(saved)
    if _stopping:  # the process is ending: a second Ctrl-C (or SIGTERM) must not change how
        _install({signal.SIGINT: signal.SIG_IGN, signal.SIGTERM: signal.SIG_IGN})
        return 128 + _stopping[0]
    if failed:
        say(f"zhipu-ipo: {failed:,} line(s) failed (see the \"error\" lines)")
    return 1 if failed else 0


def _install(handlers: dict[int, Any]) -> dict[int, Any]:
    """Set signal handlers (in the main thread only); the ones they replace."""
    saved: dict[int, Any] = {}
    for signum, handler in handlers.items():
        try:
            saved[signum] = signal.signal(signum, handler)
        except (ValueError, OSError):  # not the main thread
            pass
    return saved
