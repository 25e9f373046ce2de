"""Running a batch: ``zhipu-ipo batch`` (its help and --jobs), serial or through the worker pool, with signals."""

from __future__ import annotations

import os
import sys

from ..errors import InputError
from ..exits import say
from ..numbers import parse_shares
from .framing import MAX_LINE_BYTES, Block, blocks, too_long, write_note
from .protocol import CSV_HEADER, OUTPUT, Done, run_block, run_chunk
from .signals import Stopped, catch_stop_signals, ignore_stop_signals, install, stopping

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import IO, Any, Iterable, Iterator

#: The most worker processes --jobs may ask for.
MAX_JOBS = 64
#: The default worker count is one per core, but no more than this.
DEFAULT_MAX_JOBS = 8

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


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, DEFAULT_MAX_JOBS))


def _emit(out: IO[bytes], err: IO[str] | None, done: Done) -> int:
    out.write(done.output)
    if done.notes:
        out.flush()
        write_note(err, done.notes)
    return done.failed


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
    from .pool import Pool  # only when there are workers to start

    try:
        pool = Pool(jobs, err)
    except OSError as error:
        write_note(err, f"note: no worker processes ({error.strerror or error}): computing in this process\n")
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


class _BatchInput:
    """``sys.stdin`` while a batch runs: the batch's own input, which no line may read (a ballot table
    named '-' in a scenario file, say); any use is that line's error, and no input line is lost."""

    def __getattr__(self, name: str) -> Any:
        raise InputError("standard input is the batch's own input: give a file path")


def main_batch(jobs: int | None = None, as_csv: bool = False) -> int:
    """Read stdin, write stdout; exit 1 if any line failed, 130 on Ctrl-C, 143 on SIGTERM.

    ``as_csv``: long CSV rows ``line,command,field,value`` under one header, instead of JSON lines."""
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
    source, stdin = sys.stdin.buffer, sys.stdin
    OUTPUT["csv"] = as_csv
    if as_csv:
        sys.stdout.write(CSV_HEADER + "\n")
        sys.stdout.flush()
    saved = catch_stop_signals()
    try:
        sys.stdin = _BatchInput()  # type: ignore[assignment]
        failed = run_stream(source, sys.stdout.buffer, sys.stderr, jobs)
        sys.stdout.buffer.flush()
    except Stopped:
        pass
    finally:
        sys.stdin = stdin
        if not stopping:
            install(saved)
    if stopping:
        ignore_stop_signals()
        return 128 + stopping[0]
    if failed:
        say(f"zhipu-ipo: {failed:,} line(s) failed (see the \"error\" lines)")
    return 1 if failed else 0
