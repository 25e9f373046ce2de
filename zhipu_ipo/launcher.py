"""Console-script entry point: run a well-formed call at once, hand the rest to Typer.

Typer costs about 45 ms to import on a 2-core machine, most of the 60 ms budget
for a one-off ``--json`` calculation. A call that is nothing but known options
with values that parse (``commands.fast_parse``) is computed and printed here
without importing Typer; anything else (help, --version, errors in usage or
values, batch) goes through the Typer app in ``cli.py``, which also reports
every usage error. Both paths call the same ``commands.execute``.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

from .errors import EXIT_INFEASIBLE, IpoMathError

PROG = "zhipu-ipo"


def fail(message: str, code: int) -> int:
    """Print one error line on stderr and return the exit code."""
    print(f"{PROG}: error: {' '.join(message.split())}", file=sys.stderr)
    return code


def guard(run: Callable[[], Any]) -> int:
    """Call run(); turn domain errors, Ctrl-C, a closed pipe and bugs into one line and a code."""
    try:
        returned = run()
    except IpoMathError as error:
        return fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (| head): leave quietly, as other Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INFEASIBLE
    except Exception as error:  # a bug: still one line, unless asked for the traceback
        if os.environ.get("ZHIPU_IPO_DEBUG"):
            raise
        return fail(f"internal error: {type(error).__name__}: {error} (set ZHIPU_IPO_DEBUG=1 for a traceback)",
                    EXIT_INFEASIBLE)
    return returned if isinstance(returned, int) else 0


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    from .commands import execute, fast_parse

    parsed = fast_parse(args)
    if parsed is None:
        from .cli import app

        app(args=args, prog_name=PROG)
    else:
        sys.exit(guard(lambda: execute(*parsed)))
