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

import gc
import os
import sys
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the block below)

if TYPE_CHECKING:
    from typing import Any, NoReturn

    from .spec import CommandSpec

#: ``zhipu-ipo --help`` as the Typer app prints it (tests/test_speed.py compares the two), answered without
#: importing Typer or any command. Click fits help to the terminal up to 80 columns: narrower, Typer answers.
TOP_HELP = """\
Usage: zhipu-ipo [OPTIONS] COMMAND [ARGS]...

  Exact IPO arithmetic: proceeds, market cap, subscription and clawback,
  greenshoe.

  Examples:
    zhipu-ipo raise --shares 37,419,500 --price 116.20
    zhipu-ipo market-cap --shares 440,230,190 --price 120 --offer-price 116.20
    zhipu-ipo oversubscription --offered 1,871,000 --multiple 1159.46 --price 116.20
    zhipu-ipo greenshoe --shares 37,419,500 --price 116.20 --board-lot 100 --json

  Numbers may be typed as 1,234 / 4.3bn / 43億 / HK$116.20 / 15% / 1159.46x.
  Exit codes: 0 ok, 1 infeasible request, 2 bad input or usage.

Options:
  --version             Print the version and exit.
  --install-completion  Install completion for the current shell.
  --show-completion     Show completion for the current shell, to copy it or
                        customize the installation.
  -h, --help            Show this message and exit.

Commands:
  raise             Gross and net proceeds of an offer; or the shares or...
  market-cap        Market capitalisation at a price, and its change on...
  oversubscription  Subscription multiple, demand, and the Hong Kong...
  greenshoe         Over-allotment (greenshoe) option: its size,...
  entry-fee         What one board lot (or N lots) costs to apply for,...
  report            The whole deal on one screen: offer, allocation,...
  presets           The deals shipped with the package, for --preset NAME...
  rules             The Hong Kong reallocation regimes and deal rules:...
  aftermarket       First-day return, money left on the table and the...
  ah-premium        The premium of an A share (CNY) over its H share...
  float             Public float at listing against the 2025 tiers (Rule...
  sell              Selling costs and net proceeds by trade date; with...
  margin            IPO financing (孖展): interest, handling fee, total...
  expected-value    Is applying worth it? Chance of allotment x first-day...
  ballot            The ballot: one-lot odds, expected allotment and...
  compare           Two or more deals side by side: offer, proceeds,...
  plan              How much to apply for, and financed how: every...
  batch             Many calculations at once: JSON Lines on stdin, one...
"""
#: The variable a shell's completion script sets when it asks for completions (Click's convention).
COMPLETE_VAR = "_ZHIPU_IPO_COMPLETE"
#: Click wraps help at min(terminal width, 80) - 2 columns: TOP_HELP is the text at 80 or wider.
HELP_WIDTH = 80
#: exits.PROG and exits.EXIT_INTERRUPTED, written here so that --version and --help import nothing else
#: (exits imports errors, and errors ``re``); tests/test_speed.py checks that they agree.
PROG = "zhipu-ipo"
EXIT_INTERRUPTED = 130


def read_stdin(limit: int) -> bytes:
    """At most ``limit`` bytes of standard input (``--table -``): read here, at the edge, never by a calculation."""
    return sys.stdin.buffer.read(limit)


def parse_plain_call(argv: list[str]) -> tuple[CommandSpec, dict[str, Any]] | None:
    """Parse ``CMD --opt value ... [--json]`` without Typer: the command and its given values.

    Returns None for anything else (help, unknown or repeated options, a value
    that does not parse, ...); the caller hands the whole call to Typer, which
    then reports or handles it.
    """
    from .errors import InputError
    from .registry import COMMANDS

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
    """``batch [--csv]`` or ``batch --jobs N [--csv]``: run without Typer (None: hand the call to Typer)."""
    from .batch import parse_jobs
    from .errors import InputError

    as_csv = argv.count("--csv") == 1
    if as_csv:
        argv = [arg for arg in argv if arg != "--csv"]
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
    from .exits import guard

    return guard(lambda: main_batch(jobs, as_csv))


def help_width() -> int:
    """The terminal width Click fits help to (``shutil.get_terminal_size``'s answer, without importing shutil)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or HELP_WIDTH  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return HELP_WIDTH


def _can_write(text: str) -> bool:
    """Whether stdout's encoding can write ``text`` (else Click, which writes what it cannot encode its own way)."""
    try:
        text.encode(getattr(sys.stdout, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def main(argv: list[str] | None = None) -> None:
    """The console script. Called without ``argv`` it is a process of its own that answers and exits, so
    the cyclic garbage collector is turned off: it would only walk the modules just loaded (about 3 ms of a
    preset's report, with the collection at exit) and there is no cyclic garbage worth it. ``batch`` turns it
    back on; a caller that passes ``argv`` (a test, a program embedding the CLI) keeps its collector."""
    if argv is None:
        gc.disable()
    try:
        _main(argv)
    except KeyboardInterrupt:  # Ctrl-C before a guard is in place (while modules load): no traceback
        sys.exit(EXIT_INTERRUPTED)


def _write(text: str) -> int:
    """Write ``text`` to stdout and flush: the exit code. What ``exits.guard`` would do, without importing it
    unless stdout is closed or the write fails (a broken pipe, say): then guard handles that same failure."""
    failure: BaseException | None = None
    if sys.stdout is not None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
            return 0
        except Exception as error:  # handed to guard, which words it as it would have
            failure = error
    from .exits import guard

    def again() -> None:
        if failure is not None:
            raise failure

    return guard(again)


def _main(argv: list[str] | None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    if COMPLETE_VAR in os.environ:  # the shell asks for completions: Typer's own machinery answers
        from .cli import app

        app(args=args, prog_name=PROG)
    answered = argv is None  # a process of its own: it ends as soon as it has answered (``_finish``)
    if (args == ["--help"] or args == ["-h"]) and help_width() >= HELP_WIDTH and _can_write(TOP_HELP):
        _finish(_write(TOP_HELP), answered)
    if args == ["--version"]:  # the text Typer's --version prints, without importing Typer or any command
        from . import __version__

        _finish(_write(f"{PROG} {__version__}\n"), answered)
    if args[:1] == ["batch"]:
        gc.enable()  # a batch may run for long, over any number of calculations
        code = _plain_batch(args)
        if code is not None:
            sys.exit(code)
    parsed = parse_plain_call(args)
    if parsed is None:
        from .cli import app

        app(args=args, prog_name=PROG)
    else:
        from .exits import guard
        from .registry import execute

        _finish(guard(lambda: execute(*parsed, read_stdin=read_stdin)), answered)


def _finish(code: int, at_once: bool) -> NoReturn:
    """Exit with ``code``, the answer written and flushed (``_write`` and ``exits.guard`` flush stdout; ``say``
    flushes stderr).

    ``at_once`` (the console script's own process) ends it with ``os._exit``: the interpreter's teardown frees
    every module and object one by one, about 15 million instructions (1.5 ms here), more than this package's
    own imports, and does nothing a finished answer needs; nothing in the package, Rich or Typer registers an
    ``atexit`` handler. The ordinary ``sys.exit`` stays for a caller that catches it (a test, a program
    embedding the CLI), and for a process under a tracer or profiler (coverage.py, cProfile), whose report is
    written at exit. """
    if at_once and sys.gettrace() is None and sys.getprofile() is None:
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):  # a stream that cannot take its flush: the ordinary exit reports it
            sys.exit(code)
        os._exit(code)
    sys.exit(code)
