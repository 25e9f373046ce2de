"""Exact decimal arithmetic: every sum, product and exact quotient in a context that traps rounding.

Within the bounds that ``numbers`` enforces on what is typed (below 10**15, at most 10
decimal places), every product of up to four inputs fits the 200-digit ``EXACT`` context,
which traps ``Inexact``: arithmetic that would round raises instead of rounding silently.
A quotient that does not terminate is rounded once, half-even, and says so. The parsing is
``numbers.py``, which re-exports all of these.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, DivisionByZero, FloatOperation, Inexact, InvalidOperation, Overflow

from .errors import InputError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from fractions import Fraction
    from typing import Callable

EXACT = Context(
    prec=200,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact, FloatOperation],
)
ROUNDING = Context(prec=200, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow, FloatOperation])

#: A non-terminating quotient is rounded half-even to this many places (and says so).
QUOTIENT_PLACES = 12
NON_TERMINATING = f"non-terminating quotient, rounded half-even to {QUOTIENT_PLACES} places"

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
_QUANTUM = Decimal(1).scaleb(-QUOTIENT_PLACES)
_INT_LIMIT = 10**150  # whole numbers below this divide in the exact context without rounding


def divide(numerator: Decimal | int, denominator: Decimal | int) -> tuple[Decimal, bool]:
    """numerator / denominator, and whether that is exact.

    A terminating quotient is returned exactly; a non-terminating one is rounded
    half-even to ``QUOTIENT_PLACES`` places, and the flag says so.
    """
    if not denominator:
        raise InputError("division by zero: a divisor must be greater than zero")
    # Of whole numbers it terminates iff the numerator times 10**k is a multiple of the denominator, k its bit length
    # (no factor 2 or 5 of it is repeated more often): asked so, a non-terminating one raises no Inexact to catch.
    if (type(numerator) is not int or type(denominator) is not int or numerator < 0 or denominator < 0
            or not numerator * pow(10, denominator.bit_length(), denominator) % denominator):
        try:  # (not ROUNDING's Inexact flag: a context is shared, and another thread may set it meanwhile)
            return EXACT.divide(numerator, denominator), True
        except Inexact:
            pass
    return ROUNDING.divide(numerator, denominator).quantize(_QUANTUM, context=ROUNDING), False


def quotient(numerator: Decimal | int, denominator: Decimal | int, name: str, rounded: dict[str, str]) -> Decimal:
    """numerator / denominator as ``divide`` gives it; a non-terminating one is named in ``rounded``.

    ``rounded`` maps result fields to how they were rounded (``Computed.rounded``): when the
    quotient does not terminate, ``rounded[name]`` becomes ``NON_TERMINATING``.
    """
    value, exact = divide(numerator, denominator)
    if not exact:
        rounded[name] = NON_TERMINATING
    return value


def fraction_value(value: Fraction, name: str, rounded: dict[str, str]) -> Decimal:
    """An exact fraction as a decimal: exact when it terminates within ``EXACT``, else rounded half-even once (from
    the exact value, not a rounded quotient) to ``QUOTIENT_PLACES`` places and named in ``rounded``."""
    try:
        return EXACT.divide(Decimal(value.numerator), Decimal(value.denominator))
    except Inexact:
        rounded[name] = NON_TERMINATING
        return Decimal(round(value * 10 ** QUOTIENT_PLACES)).scaleb(-QUOTIENT_PLACES, EXACT)


def floor_divide(numerator: Decimal | int, denominator: Decimal | int) -> int:
    """The whole number of times denominator fits in numerator (both non-negative)."""
    if type(numerator) is int and type(denominator) is int and 0 <= numerator < _INT_LIMIT and 0 < denominator:
        return numerator // denominator  # the same quotient, in whole numbers
    return int(EXACT.divide_int(Decimal(numerator), Decimal(denominator)))


def floor_to_lot(shares: Decimal | int, board_lot: int) -> int:
    """Round a share count down to whole board lots."""
    return floor_divide(shares, board_lot) * board_lot


def ceil_to_lot(shares: Decimal | int, board_lot: int) -> int:
    """Round a share count up to whole board lots."""
    whole = floor_divide(shares, board_lot)
    if whole * board_lot < shares:
        whole += 1
    return whole * board_lot


def mul(first: Decimal | int, *rest: Decimal | int) -> Decimal:
    """The exact product of the factors."""
    if not rest:
        return first if isinstance(first, Decimal) else Decimal(first)
    product = first  # (the context's methods take whole numbers as they are)
    for factor in rest:
        product = EXACT.multiply(product, factor)
    return product  # type: ignore[return-value]


def add(*terms: Decimal | int) -> Decimal:
    total = ZERO
    for term in terms:
        total = EXACT.add(total, term)
    return total


def sub(minuend: Decimal | int, subtrahend: Decimal | int) -> Decimal:
    return EXACT.subtract(minuend, subtrahend)


def percent_of(value: Decimal | int, pct: Decimal) -> Decimal:
    """pct percent of value, exactly."""
    return EXACT.divide(mul(value, pct), HUNDRED)


def round_cents(amount: Decimal) -> Decimal:
    """Round to the cent, half up: the display step for money, and HKEX's rule for fees."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP, context=ROUNDING)


def first_true(holds: Callable[[int], bool], low: int, high: int) -> int:
    """The smallest n in (low, high] for which holds(n), given not holds(low) and holds(high), by bisection.

    ``holds`` must never turn back to False as n grows (an amount payable, net proceeds).
    """
    while high - low > 1:
        middle = (low + high) // 2
        if holds(middle):
            high = middle
        else:
            low = middle
    return high


def plain_text(value: Decimal) -> str:
    """``format(value, "f")``: the exact digits, never in exponent form. ``str`` writes the same text unless it uses an
    exponent, and is about three times as fast (a batch echoes every input this way)."""
    text = str(value)
    return format(value, "f") if "E" in text else text


def round_places(value: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=rounding, context=ROUNDING)
