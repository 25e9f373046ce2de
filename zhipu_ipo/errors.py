"""Domain errors, mapped to exit codes at the command-line edge, and user text made safe to show.

A calculation names a parameter in a message between backquotes, `board_lot`; each edge
words it in its own vocabulary (``reword``): ``--board-lot`` on the command line,
``board_lot`` in batch, ``[offer] board_lot in deal.toml`` for a value a deal file gave.
"""

from __future__ import annotations

import functools
import operator
import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Callable

EXIT_OK = 0
EXIT_INFEASIBLE = 1
EXIT_BAD_INPUT = 2

#: User text quoted in an error line is cut to this many characters (its length is then given).
MAX_SHOWN = 80


class IpoMathError(Exception):
    """Base class for errors a user can cause; the message is one line for stderr.

    ``parameter`` is the keyword at fault (``board_lot``), named where the error is raised, or by the step
    that read it (loading a deal names ``preset`` or ``file``): the message may name other parameters too
    (what to give instead), and the edges that report a keyword (the Python API) read this, not the text.
    """

    exit_code = EXIT_INFEASIBLE

    def __init__(self, message: str = "", parameter: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter


def at_fault(error: IpoMathError, parameter: str) -> IpoMathError:
    """The error, naming ``parameter`` as the one at fault unless where it was raised named one."""
    if error.parameter is None:
        error.parameter = parameter
    return error


class InputError(IpoMathError, ValueError):
    """The input is malformed, out of bounds or contradictory (exit 2)."""

    exit_code = EXIT_BAD_INPUT


class InfeasibleError(IpoMathError):
    """The input is well formed but asks for something impossible (exit 1)."""

    exit_code = EXIT_INFEASIBLE


#: A parameter named in a message (compiled by ``re`` on first use: a run without an error never compiles it).
_PARAMETER = r"`([a-z][a-z0-9_]*)`"


@functools.cache
def _parameters() -> re.Pattern[str]:
    """The pattern of a `parameter` in a message, compiled the first time a message is reworded (not at import)."""
    return re.compile(_PARAMETER)


#: A match's parameter name (its group 1), as a replacement: a function of C, not a template parsed on each call.
_PARAMETER_NAME = operator.itemgetter(1)


def reword(message: str, word: Callable[[str], str]) -> str:
    """The message with each `parameter` replaced by ``word(parameter)``, the edge's name for it."""
    if "`" not in message:
        return message
    if word is as_key:  # the parameter itself: the quotes go (batch notes and errors, a line at a time)
        return _parameters().sub(_PARAMETER_NAME, message)
    return _parameters().sub(lambda match: word(match.group(1)), message)


def as_flag(parameter: str) -> str:
    """A parameter as the command line names it: board_lot -> --board-lot."""
    return "--" + parameter.replace("_", "-")


def as_key(parameter: str) -> str:
    """A parameter as a batch line names it: the key itself."""
    return parameter


def shown(text: object) -> str:
    """User text for an error line: quoted, control characters escaped, cut when long (with its length)."""
    if not isinstance(text, str):
        text = str(text)
    if len(text) > MAX_SHOWN:
        return repr(text[:MAX_SHOWN])[:-1] + f"...' ({len(text):,} characters)"
    return repr(text)


def legible(text: str) -> str:
    """Printable, short user text as it is; anything else as ``shown`` gives it."""
    return text if len(text) <= MAX_SHOWN and text.isprintable() else shown(text)


def choose(text: str, choices: tuple[str, ...], what: str) -> str:
    """One of a few named choices, case and surrounding space ignored; else one line naming them all."""
    key = text.strip().lower()
    if key not in choices:
        raise InputError(f"{what} {shown(text)}: choose one of {', '.join(choices)}")
    return key
