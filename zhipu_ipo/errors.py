"""Domain errors, mapped to exit codes at the command-line edge, and user text made safe to show."""

EXIT_OK = 0
EXIT_INFEASIBLE = 1
EXIT_BAD_INPUT = 2

#: User text quoted in an error line is cut to this many characters (its length is then given).
MAX_SHOWN = 80


class IpoMathError(Exception):
    """Base class for errors a user can cause; the message is one line for stderr."""

    exit_code = EXIT_INFEASIBLE


class InputError(IpoMathError, ValueError):
    """The input is malformed, out of bounds or contradictory (exit 2)."""

    exit_code = EXIT_BAD_INPUT


class InfeasibleError(IpoMathError):
    """The input is well formed but asks for something impossible (exit 1)."""

    exit_code = EXIT_INFEASIBLE


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
