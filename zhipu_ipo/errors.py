"""Domain errors, mapped to exit codes at the command-line edge."""

EXIT_OK = 0
EXIT_INFEASIBLE = 1
EXIT_BAD_INPUT = 2


class IpoMathError(Exception):
    """Base class for errors a user can cause; the message is one line for stderr."""

    exit_code = EXIT_INFEASIBLE


class InputError(IpoMathError, ValueError):
    """The input is malformed, out of bounds or contradictory (exit 2)."""

    exit_code = EXIT_BAD_INPUT


class InfeasibleError(IpoMathError):
    """The input is well formed but asks for something impossible (exit 1)."""

    exit_code = EXIT_INFEASIBLE
