"""Console-script entry point: run a plain, well-formed call at once; hand the rest to Typer.

Typer costs about 45 ms to import on a 2-core machine, most of the 60 ms budget
for a one-off ``--json`` calculation. A call that is nothing but known options
with values that parse (``parse_plain_call``, the one parser of plain calls) is
computed and printed here without importing Typer; anything else (help,
--version, errors in usage or values) goes through the Typer app in ``cli.py``,
which reports it. Batch mode runs here too. Both paths call
``registry.execute``; tests check that they agree.
"""

from __future__ import annotations

import sys
from typing import Any

from .errors import InputError
from .exits import EXIT_INTERRUPTED, PROG, guard
from .registry import COMMANDS, CommandSpec, execute


def read_stdin(limit: int) -> bytes:
    """At most ``limit`` bytes of standard input (``--table -``): read here, at the edge, never by a calculation."""
    return sys.stdin.buffer.read(limit)


def parse_plain_call(argv: list[str]) -> tuple[CommandSpec, dict[str, Any]] | None:
    """Parse ``CMD --opt value ... [--json]`` without Typer: the command and its given values.

    Returns None for anything else (help, unknown or repeated options, a value
    that does not parse, ...); the caller hands the whole call to Typer, which
    then reports or handles it.
    """
    if not argv or argv[0] not in COMMANDS:
        return None
    spec = COMMANDS[argv[0]]
    by_flag = {opt.flag: opt for opt in spec.all_options}
    values: dict[str, Any] = {}
    index = 1
    while index < len(argv):
        name, equals, inline = argv[index].partition("=")
        opt = by_flag.get(name)
        if opt is None or (opt.dest in values and not opt.repeat):
            return None
        if opt.parse is None:
            if equals:
                return None
            values[opt.dest] = True
            index += 1
            continue
        if equals:
            text = inline
            index += 1
        elif index + 1 < len(argv):
            text = argv[index + 1]
            index += 2
        else:
            return None
        try:
            parsed = opt.parse(text)
        except InputError:
            return None
        if opt.repeat:
            values.setdefault(opt.dest, []).append(parsed)
        else:
            values[opt.dest] = parsed
    return spec, values


def _plain_batch(argv: list[str]) -> int | None:
    """``batch`` or ``batch --jobs N``: run without Typer (None: hand the call to Typer)."""
    from .batch import parse_jobs

    if argv == ["batch"]:
        jobs = None
    elif len(argv) == 3 and argv[1] == "--jobs":
        try:
            jobs = parse_jobs(argv[2])
        except InputError:
            return None
    elif len(argv) == 2 and argv[1].startswith("--jobs="):
        try:
            jobs = parse_jobs(argv[1][len("--jobs="):])
        except InputError:
            return None
    else:
        return None
    from .batch import main_batch

    return guard(lambda: main_batch(jobs))


def main(argv: list[str] | None = None) -> None:
    try:
        _main(argv)
    except KeyboardInterrupt:  # Ctrl-C before a guard is in place (while modules load): no traceback
        sys.exit(EXIT_INTERRUPTED)


def _main(argv: list[str] | None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"]:  # the text Typer's --version prints, without importing Typer or any command
        from . import __version__

        sys.exit(guard(lambda: print(f"{PROG} {__version__}")))
    if args[:1] == ["batch"]:
        code = _plain_batch(args)
        if code is not None:
            sys.exit(code)
    parsed = parse_plain_call(args)
    if parsed is None:
        from .cli import app

        app(args=args, prog_name=PROG)
    else:
        sys.exit(guard(lambda: execute(*parsed, read_stdin=read_stdin)))
