"""Batch mode: JSON Lines in, one JSON line out per line, in order.

Each input line is an object naming a command and its options in snake_case,
``{"command": "raise", "shares": "37419500", "price": "116.20"}``. Values are
strings or numbers; JSON numbers are read as their exact text, never as floats.
Each output line is the ``--json`` envelope on one line, or
``{"error": "...", "line": N}``; a bad line never stops the stream. Lines are
read and written one at a time, so memory stays flat however long the input.
"""

from __future__ import annotations

import json
import os
import sys
from itertools import chain
from typing import IO, Any, Iterable, Iterator

from .errors import InputError, IpoMathError
from .numbers import parse_shares
from .registry import COMMANDS, CommandSpec, compute
from .render import json_line

BATCH_HELP = """Many calculations at once: JSON Lines on stdin, one JSON line out per line.

\b
Examples:
  echo '{"command": "raise", "shares": "37419500", "price": "116.20"}' | zhipu-ipo batch
  zhipu-ipo batch < scenarios.jsonl > results.jsonl

Each line names a command and its options in snake_case (as in --json
"inputs"); values are strings or numbers, read exactly. Each output line is
the --json envelope, or {"error": ..., "line": N} for a bad line, and
processing goes on. Exit 1 if any line failed. Input longer than one block
(256 KiB, about 4,000 lines) is computed by --jobs worker processes (default:
one per core, at most 8), output still in input order."""

#: The most worker processes --jobs may ask for.
MAX_JOBS = 64

_raw_decode = json.JSONDecoder(parse_float=str).raw_decode


def parse_jobs(text: str) -> int:
    jobs = parse_shares(text)
    if jobs > MAX_JOBS:
        raise InputError(f"--jobs {jobs:,} is more than {MAX_JOBS} worker processes")
    return jobs


def _decode(line: str) -> Any:
    text = line.strip()
    value, end = _raw_decode(text)
    if end != len(text):
        raise ValueError(f"extra data at character {end}")
    return value


_encode = json.JSONEncoder(separators=(",", ":")).encode
_PARSERS: dict[str, dict[str, Any]] = {}


def _parsers(spec: CommandSpec) -> dict[str, Any]:
    """Option name -> parser, for the options a batch line may carry (not json or units)."""
    table = _PARSERS.get(spec.name)
    if table is None:
        table = _PARSERS[spec.name] = {
            opt.dest: opt.parse for opt in spec.all_options if opt.dest not in ("json", "units")
        }
    return table


def parse_request(line: str) -> tuple[CommandSpec, dict[str, Any]]:
    """A JSON line -> the command and its parsed option values; InputError names what is wrong."""
    try:
        request = _decode(line)
    except ValueError as error:
        raise InputError(f"not valid JSON: {error}") from None
    if type(request) is not dict:
        raise InputError("each line must be a JSON object with a \"command\" key")
    name = request.pop("command", None)
    spec = COMMANDS.get(name) if type(name) is str else None
    if spec is None:
        raise InputError(f"\"command\" must be one of {', '.join(COMMANDS)} (got {name!r})")
    parsers = _parsers(spec)
    values: dict[str, Any] = {}
    for key, raw in request.items():
        parse = parsers.get(key)
        if parse is None:
            raise InputError(f"{name}: unknown option {key!r} (options: {', '.join(parsers)})")
        kind = type(raw)
        if kind is not str and kind is not int:
            raise InputError(f"{name}: {key} must be a string or a number")
        try:
            values[key] = parse(raw if kind is str else str(raw))
        except InputError as error:
            raise InputError(f"{name}: {key}: {error}") from None
    return spec, values


def run_line(line: str) -> tuple[str, tuple[str, ...]]:
    """One output line (without the newline) and the notes for stderr."""
    outcome = compute(*parse_request(line))
    return json_line(outcome), outcome.notes


#: Input is handled in blocks of about this many bytes (some 4,000 lines of a typical request):
#: one task and one write per block, and a bounded number of blocks in flight.
BLOCK_BYTES = 1 << 18


def run_chunk(first_number: int, lines: list[str]) -> tuple[str, list[str], int]:
    """Output text and stderr notes for consecutive lines numbered from first_number; and how many failed."""
    texts: list[str] = []
    notes: list[str] = []
    failed = 0
    for number, line in enumerate(lines, first_number):
        try:
            text, line_notes = run_line(line)
        except IpoMathError as error:
            failed += 1
            text, line_notes = _encode({"error": str(error), "line": number}), ()
        texts.append(text)
        for note in line_notes:
            notes.append(f"note: line {number}: {note}\n")
    texts.append("")
    return "\n".join(texts), notes, failed


def run_block(first_number: int, block: bytes) -> tuple[bytes, list[str], int]:
    """run_chunk on a block of whole UTF-8 lines; the work a worker process does."""
    lines = block.decode("utf-8", errors="replace").split("\n")
    if lines[-1] == "":
        lines.pop()
    text, notes, failed = run_chunk(first_number, lines)
    return text.encode("utf-8"), notes, failed


def blocks(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(number of the first line, a block of whole lines) from a byte stream, read a block at a time."""
    number = 1
    rest = b""
    while data := stream.read(BLOCK_BYTES):
        data = rest + data
        cut = data.rfind(b"\n") + 1
        block, rest = data[:cut], data[cut:]
        if block:
            yield number, block
            number += block.count(b"\n")
    if rest:
        yield number, rest


def run_stream(source: IO[bytes], out: IO[bytes], err: IO[str], jobs: int = 1) -> int:
    """Process a byte stream of JSON Lines, in order; return how many lines failed.

    With jobs > 1 and more than one block of input, blocks are computed by a
    pool of worker processes while this one only reads and writes bytes; at
    most two blocks per worker are in flight, so memory stays flat.
    """
    failed = 0
    reader = blocks(source)
    first = next(reader, None)
    second = next(reader, None) if first is not None else None
    if first is None:
        return 0
    if jobs <= 1 or second is None:
        for number, block in chain([first], [second] if second else [], reader):
            failed += _emit(out, err, run_block(number, block))
        return failed
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        pending: deque[Any] = deque()
        for number, block in chain([first, second], reader):
            pending.append(pool.submit(run_block, number, block))
            if len(pending) >= 2 * jobs:
                failed += _emit(out, err, pending.popleft().result())
        while pending:
            failed += _emit(out, err, pending.popleft().result())
    return failed


def run_batch(lines: Iterable[str], out: IO[str], err: IO[str]) -> int:
    """Process text lines in this process (for library use and tests); return how many failed."""
    text, notes, failed = run_chunk(1, [line.rstrip("\n") for line in lines])
    out.write(text)
    err.write("".join(notes))
    return failed


def _emit(out: IO[bytes], err: IO[str], done: tuple[bytes, list[str], int]) -> int:
    data, notes, failed = done
    out.write(data)
    if notes:
        out.flush()
        err.write("".join(notes))
    return failed


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def main_batch(jobs: int | None = None) -> int:
    """Read stdin, write stdout; exit 1 if any line failed."""
    sys.stdout.flush()
    if sys.stdin.isatty():
        print("zhipu-ipo batch: reading JSON Lines from stdin (Ctrl-D to end)", file=sys.stderr)
    failed = run_stream(sys.stdin.buffer, sys.stdout.buffer, sys.stderr, jobs if jobs is not None else default_jobs())
    sys.stdout.buffer.flush()
    if failed:
        print(f"zhipu-ipo: {failed} line(s) failed (see the \"error\" lines)", file=sys.stderr)
    return 1 if failed else 0
