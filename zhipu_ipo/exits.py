"""The command-line edge: one stderr line per failure, and the exit code for every way a run can end.

Exit codes: 0 ok; 1 infeasible request, or output that could not be written;
2 bad input or usage; 130 interrupted (Ctrl-C). Talk goes to stderr only,
never to stdout, and is dropped when stderr is closed.
"""

from __future__ import annotations

import os
import sys

from .errors import EXIT_INFEASIBLE, IpoMathError, as_flag, reword

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable

PROG = "zhipu-ipo"
EXIT_INTERRUPTED = 130
#: An error line is cut to this many characters (a value quoted in it is already cut shorter).
MAX_LINE = 400


def say(line: str) -> None:
    """One line of talk on stderr (notes, errors); nothing if stderr is closed or cannot be written."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(line + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def fail(message: str, code: int) -> int:
    """Print one error line on stderr and return the exit code."""
    text = " ".join(message.split())
    if len(text) > MAX_LINE:
        text = text[:MAX_LINE] + f"... ({len(text):,} characters)"
    say(f"{PROG}: error: {text}")
    return code


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null so that the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def guard(run: Callable[[], Any]) -> int:
    """Call run() and flush stdout; turn domain errors, Ctrl-C, stream failures and bugs into a code."""
    try:
        if sys.stdout is None:
            return fail("cannot write the output: stdout is closed", EXIT_INFEASIBLE)
        returned = run()
        sys.stdout.flush()
    except IpoMathError as error:
        return fail(reword(str(error), as_flag), error.exit_code)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (| head): leave quietly, as other Unix tools do.
        _silence_stdout()
        return EXIT_INFEASIBLE
    except OSError as error:  # stdout full or unwritable
        _silence_stdout()
        return fail(f"cannot write the output: {error.strerror or error}", EXIT_INFEASIBLE)
    except Exception as error:  # a bug: still one line, unless asked for the traceback
        if os.environ.get("ZHIPU_IPO_DEBUG"):
            raise
        return fail(f"internal error: {type(error).__name__}: {error} (set ZHIPU_IPO_DEBUG=1 for a traceback)",
                    EXIT_INFEASIBLE)
    return returned if isinstance(returned, int) else 0
