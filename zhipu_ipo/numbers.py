"""Reading the numbers people type (the exact decimal arithmetic is ``exact.py``, re-exported here).

Every amount, price, rate and multiple becomes a ``Decimal`` built from text;
every share count becomes an ``int``. Nothing here ever touches a float.

Bounds (see README "Bounds"): a value must be below 10**15 after its unit is
applied and have at most 10 decimal places; the typed text is at most 64
characters and an exponent at most 4 digits. Within these bounds every product
of up to four inputs fits the 200-digit ``EXACT`` context, which traps
``Inexact``: arithmetic that would round raises instead of rounding silently.
"""

from __future__ import annotations

from decimal import Decimal

from .errors import InputError, shown
from .exact import (  # noqa: F401 - the arithmetic, re-exported: calculations import it from here
    CENT,
    EXACT,
    HUNDRED,
    NON_TERMINATING,
    ONE,
    QUOTIENT_PLACES,
    ROUNDING,
    ZERO,
    add,
    ceil_to_lot,
    divide,
    first_true,
    floor_divide,
    floor_to_lot,
    fraction_value,
    mul,
    percent_of,
    quotient,
    round_cents,
    round_places,
    sub,
)
from .number_words import (AMBIGUOUS_UNITS, CURRENCY_PREFIXES, CURRENCY_SUFFIXES, MULTIPLE_SUFFIXES, PERCENT_SUFFIXES, UNIT_SCALES,
                           UNITS_BY_LENGTH)

MAX_TEXT_LENGTH = 64
MAX_EXPONENT_DIGITS = 4
MAX_INTEGER_DIGITS = 15  # values are below 10**15
MAX_DECIMAL_PLACES = 10
MAX_VALUE = Decimal(10) ** MAX_INTEGER_DIGITS

NUMBER_HINT = "examples: 1,234  4.3bn  43億  116.20"

# The written forms of a quantity: what each may carry besides the number itself.
_AMOUNT = "amount"
_COUNT = "count"
_PERCENT = "percent"
_MULTIPLE = "multiple"
_RATE = "rate"
_FORM_SUFFIXES = {
    _AMOUNT: (),
    _COUNT: (),
    _PERCENT: PERCENT_SUFFIXES,
    _MULTIPLE: MULTIPLE_SUFFIXES,
    _RATE: (),
}
#: Full-width digits are digits; every other non-ASCII digit-like character is refused.
_FULL_WIDTH_DIGITS = frozenset("０１２３４５６７８９")
_show = shown


def _refuse_other_digits(text: str) -> None:
    """Superscripts, circled and other-script digits would become other numbers under NFKC (10⁶ -> 106)."""
    import unicodedata

    for char in text:
        if char.isascii() or char in _FULL_WIDTH_DIGITS:
            continue
        if unicodedata.category(char)[0] == "N" or any(part.isdigit() for part in unicodedata.normalize("NFKC", char)):
            raise InputError(f"{_show(text)} contains {char!r} (U+{ord(char):04X}), which is not a digit here: "
                             "type ASCII or full-width digits")


def _strip_prefix(low: str, prefixes: tuple[str, ...]) -> int:
    for prefix in prefixes:
        if low.startswith(prefix):
            return len(prefix)
    return 0


def _strip_suffix(low: str, suffixes: tuple[str, ...]) -> int:
    for suffix in suffixes:
        if low.endswith(suffix):
            return len(suffix)
    return 0


def _check_grouping(integer_part: str, original: str) -> str:
    """Digits of the integer part without separators; commas must group by three."""
    if not integer_part:
        return ""
    if integer_part[0] in ",_" or integer_part[-1] in ",_" or ",," in integer_part or "__" in integer_part:
        raise InputError(f"{_show(original)} has a misplaced separator")
    if "," in integer_part:
        groups = integer_part.replace("_", "").split(",")
        if not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:]):
            raise InputError(
                f"{_show(original)}: ',' must separate thousands; use '.' for decimals (e.g. 116.20)"
            )
    digits = integer_part.replace(",", "").replace("_", "")
    if not digits.isdigit() or not digits.isascii():
        raise InputError(f"{_show(original)} is not a number ({NUMBER_HINT})")
    return digits


def _body_to_decimal(body: str, original: str) -> Decimal:
    """A plain decimal literal (digits, separators, one '.', optional bounded exponent)."""
    mantissa, e, exponent = body.replace("E", "e").partition("e")
    if e:
        sign = exponent[:1]
        exponent_digits = exponent[1:] if sign in "+-" and sign else exponent
        if not exponent_digits.isdigit() or not exponent_digits.isascii():
            raise InputError(f"{_show(original)} is not a number ({NUMBER_HINT})")
        if len(exponent_digits.lstrip("0")) > MAX_EXPONENT_DIGITS:
            raise InputError(f"{_show(original)} has an exponent too large to handle")
    integer_part, _, fraction = mantissa.partition(".")
    digits = _check_grouping(integer_part, original)
    if fraction and (not fraction.isdigit() or not fraction.isascii()):
        raise InputError(f"{_show(original)} is not a number ({NUMBER_HINT})")
    if not digits and not fraction:
        raise InputError(f"{_show(original)} is not a number ({NUMBER_HINT})")
    literal = f"{digits or '0'}.{fraction}" if fraction else digits
    return Decimal(literal + (f"e{exponent}" if e else ""))


#: The marks read without the general parser (each exactly as typed; any other form takes the general path).
_CHEAP_MARKS = {_PERCENT: "%", _MULTIPLE: "x"}
_CHEAP_UNITS = {"億": 10**8, "萬": 10**4, "m": 10**6}


def _marked(text: str, form: str) -> Decimal | None:
    """``parse_decimal``'s value for the common marked forms (``HK$116.20``, ``43億``, ``4.3bn``, ``37.4m``,
    ``15%``, ``1159.46x``): ASCII digits grouped by commas, at most 15 before the point and 10 after, with
    one such mark; None for anything else (an error too), which the general path then reads."""
    body, scale = text, 1
    if form == _AMOUNT and body.startswith("HK$"):
        body = body[3:]
    mark = body[-1:]
    if mark == _CHEAP_MARKS.get(form):
        body = body[:-1]
    elif form != _PERCENT and mark in _CHEAP_UNITS:
        body, scale = body[:-1], _CHEAP_UNITS[mark]
    elif form != _PERCENT and body.endswith("bn"):
        body, scale = body[:-2], 10**9
    if body is text:
        return None
    whole, dot, fraction = body.partition(".")
    if "," in whole:
        groups = whole.split(",")
        if not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:]):
            return None
        whole = "".join(groups)
    if not (whole.isdigit() and whole.isascii() and len(whole) <= MAX_INTEGER_DIGITS
            and (not dot or (fraction.isdigit() and fraction.isascii() and len(fraction) <= MAX_DECIMAL_PLACES))):
        return None
    value = Decimal(f"{whole}.{fraction}" if dot else whole)
    if value.is_zero():
        return Decimal(0)
    if scale != 1:
        if value.adjusted() + len(str(scale)) - 1 >= MAX_INTEGER_DIGITS:
            return None
        value = EXACT.multiply(value, Decimal(scale))
    return value


def parse_decimal(text: str, form: str = _AMOUNT) -> Decimal:
    """Read a non-negative number as typed by a person; raise InputError with one clear line.

    Accepts ``1,234``, ``1_234``, ``116.20``, ``4.3bn``, ``43億``, ``528.28億港元``,
    ``HK$4.3bn``, full-width digits, ``15%`` (a percentage) and ``1159.46x`` /
    ``1159.46倍`` (a multiple). Refuses NaN, infinities, negatives, ``兆``,
    and anything beyond the bounds in the module docstring.
    """
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    if text.isascii():  # the common cases, kept cheap for batch mode: 37419500, 116.20, 37,419,500
        whole, dot, fraction = text.partition(".")
        if "," in whole and len(text) <= MAX_TEXT_LENGTH and whole.replace(",", "").isdigit():
            whole = _check_grouping(whole, text)
        if (whole.isdigit() and len(whole) <= MAX_INTEGER_DIGITS
                and (not dot or (fraction.isdigit() and len(fraction) <= MAX_DECIMAL_PLACES))):
            return Decimal(f"{whole}.{fraction}" if dot else whole)
    if len(text) <= MAX_TEXT_LENGTH:
        cheap = _marked(text, form)
        if cheap is not None:
            return cheap
    original = text
    if len(text) > MAX_TEXT_LENGTH:
        raise InputError(f"value is longer than {MAX_TEXT_LENGTH} characters")
    if not text.isascii():
        import unicodedata

        _refuse_other_digits(text)
        text = unicodedata.normalize("NFKC", text)
    text = text.strip()
    if not text:
        raise InputError("empty value: give a number (" + NUMBER_HINT + ")")
    if not text.isprintable():
        raise InputError(f"{_show(original)} contains control or formatting characters")
    for unit, message in AMBIGUOUS_UNITS.items():
        if unit in text:
            raise InputError(message)
    low = text.lower()
    if low.lstrip("+-−").strip() in ("nan", "snan", "inf", "infinity", "-inf"):
        raise InputError(f"{_show(original)} is not a finite number")
    if low[:1] in ("-", "−") or low.startswith(("hk$-", "us$-", "$-")):
        raise InputError(f"{_show(original)} is negative; give a value of zero or more")
    if low[:1] == "+":
        low = low[1:].lstrip()

    kind_suffixes = _FORM_SUFFIXES[form]
    cut = _strip_prefix(low, CURRENCY_PREFIXES) if form == _AMOUNT and not low[:1].isdigit() else 0
    low = low[cut:].lstrip()
    marked = not low[-1:].isdigit()  # a unit, a currency, % or x follows the digits: look for it
    if form == _AMOUNT and marked:
        cut = _strip_suffix(low, CURRENCY_SUFFIXES)
        low = low[: len(low) - cut].rstrip()
    cut = _strip_suffix(low, kind_suffixes) if kind_suffixes and marked else 0
    low = low[: len(low) - cut].rstrip()
    scale = 1
    if form != _PERCENT and not low[-1:].isdigit():
        for unit in UNITS_BY_LENGTH:
            if low.endswith(unit) and (len(low) > len(unit)) and not low[-len(unit) - 1].isalpha():
                scale = UNIT_SCALES[unit]
                low = low[: -len(unit)].rstrip()
                break
    if low[:1] in ("-", "−"):
        raise InputError(f"{_show(original)} is negative; give a value of zero or more")
    if not low:
        raise InputError(f"{_show(original)} has no digits ({NUMBER_HINT})")
    value = _body_to_decimal(low, original)
    if value.is_zero():
        return Decimal(0)
    if value.adjusted() + len(str(scale)) - 1 >= MAX_INTEGER_DIGITS:
        raise InputError(f"{_show(original)} is too large (the limit is below 10^{MAX_INTEGER_DIGITS})")
    if value.adjusted() < -MAX_DECIMAL_PLACES - 12:
        raise InputError(f"{_show(original)} has more than {MAX_DECIMAL_PLACES} decimal places")
    if scale != 1:
        value = EXACT.multiply(value, Decimal(scale))
    if value.as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]
        value = value.normalize(EXACT)
        if value.as_tuple().exponent < -MAX_DECIMAL_PLACES:  # type: ignore[operator]
            raise InputError(f"{_show(original)} has more than {MAX_DECIMAL_PLACES} decimal places")
    if value >= MAX_VALUE:
        raise InputError(f"{_show(original)} is too large (the limit is below 10^{MAX_INTEGER_DIGITS})")
    return value


def _positive(value: Decimal, original: str) -> Decimal:
    if value.is_zero():
        raise InputError(f"{_show(original)} is zero; give a value greater than zero")
    return value


def _whole(value: Decimal, original: str, unit: str = "shares") -> int:
    if value != value.to_integral_value():
        raise InputError(f"{_show(original)} is not a whole number of {unit}")
    return int(value)


def _parse_positive(text: str, form: str) -> Decimal:
    """``parse_decimal`` for a value that must be above zero: a negative one is told so in those words."""
    try:
        return _positive(parse_decimal(text, form), text)
    except InputError as error:
        if str(error).endswith(_ZERO_OR_MORE):
            raise InputError(str(error)[: -len(_ZERO_OR_MORE)] + "give a value greater than zero") from None
        raise


_ZERO_OR_MORE = "give a value of zero or more"


def _plain_positive(text: str) -> Decimal | None:
    """``116.20`` or ``HK$116.20`` above zero, as ``parse_decimal`` reads it (without its checks of other forms);
    None for anything else, which the general path reads."""
    body = text[3:] if text.startswith("HK$") else text
    whole, dot, fraction = body.partition(".")
    if (whole.isdigit() and whole.isascii() and len(whole) <= MAX_INTEGER_DIGITS
            and (not dot or (fraction.isdigit() and fraction.isascii() and len(fraction) <= MAX_DECIMAL_PLACES))):
        value = Decimal(body)
        return value if value else None
    return None


def parse_amount(text: str) -> Decimal:
    """A money amount greater than zero (``4.3bn``, ``43億``, ``HK$1,234.50``)."""
    return (type(text) is str and _plain_positive(text)) or _parse_positive(text, _AMOUNT)


def parse_amount_or_zero(text: str) -> Decimal:
    """A money amount that may be zero (expenses, say)."""
    return parse_decimal(text, _AMOUNT)


def parse_price(text: str) -> Decimal:
    """A price per share, greater than zero."""
    return (type(text) is str and _plain_positive(text)) or _parse_positive(text, _AMOUNT)


def parse_shares(text: str) -> int:
    """A whole, positive number of shares (``37,419,500``, ``3741.95萬``)."""
    if text.isdigit() and text.isascii() and len(text) <= MAX_INTEGER_DIGITS and int(text):
        return int(text)
    digits = text.replace(",", "") if isinstance(text, str) else ""
    if digits.isdigit() and digits.isascii() and len(digits) <= MAX_INTEGER_DIGITS and f"{int(digits):,}" == text:
        if int(digits):  # grouped by thousands as written out (37,419,500)
            return int(digits)
    return _whole(_parse_positive(text, _COUNT), text)


def parse_lots(text: str) -> int:
    """A whole, positive number of board lots (``--max-lots``)."""
    return _whole(_parse_positive(text, _COUNT), text, "lots")


def parse_how_many(text: str) -> int:
    """A whole, positive count of things that are not shares (``--tiers``: application sizes)."""
    return _whole(_parse_positive(text, _COUNT), text, "application sizes")


def parse_count(text: str) -> int:
    """A whole number that may be zero (shares bought back, applications)."""
    return _whole(parse_decimal(text, _COUNT), text)


def parse_percent(text: str) -> Decimal:
    """A percentage in (0, 100]: ``15`` and ``15%`` both mean fifteen percent."""
    value = _parse_positive(text, _PERCENT)
    if value > HUNDRED:
        raise InputError(f"{_show(text)} is more than 100%")
    return value


def parse_percent_or_zero(text: str) -> Decimal:
    """A percentage in [0, 100]."""
    value = parse_decimal(text, _PERCENT)
    if value > HUNDRED:
        raise InputError(f"{_show(text)} is more than 100%")
    return value


class PriceRange(str):
    """A price range as typed, ``108.00..116.20``: the text itself, with ``low`` and ``high`` (low < high)."""

    low: Decimal
    high: Decimal

    def __new__(cls, low: Decimal, high: Decimal) -> "PriceRange":
        made = super().__new__(cls, f"{low:f}..{high:f}")
        made.low, made.high = low, high
        return made


def parse_price_or_range(text: str) -> Decimal | PriceRange:
    """A price (``116.20``) or a range of prices (``108.00..116.20``), each greater than zero."""
    if not isinstance(text, str) or ".." not in text:
        return parse_price(text)
    low_text, _, high_text = text.partition("..")
    low, high = parse_price(low_text), parse_price(high_text)
    if low >= high:
        raise InputError(f"{_show(text)}: a range is LOW..HIGH with LOW below HIGH (e.g. 108.00..116.20)")
    return PriceRange(low, high)


_SIGNS = {"-": True, "−": True, "－": True, "+": False, "＋": False}


def parse_signed_percent(text: str) -> Decimal:
    """A signed percentage, an index's change on a day: ``-1.17%``, ``−1.17``, ``+0.3%``, ``1.5``.

    Any size is read (the caller checks its own bounds, e.g. above -100%).
    """
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    body = text.strip()
    negative = _SIGNS.get(body[:1], False)
    if body[:1] in _SIGNS:
        body = body[1:].lstrip()
        if body[:1] in _SIGNS:
            raise InputError(f"{_show(text)} has more than one sign")
    if not body:
        raise InputError(f"{_show(text)} has no digits (examples: -1.17%  +0.3%  1.5)")
    value = parse_decimal(body, _PERCENT)
    return EXACT.minus(value) if negative and value else value


def parse_date(text: str) -> str:
    """A calendar date written YYYY-MM-DD, kept as that text (``2026-02-04``); checked as ``datetime.date`` checks
    it (years 1 to 9999, leap years), without importing datetime (about 1 ms of a preset's start-up)."""
    cleaned = text.strip() if isinstance(text, str) else ""
    if len(cleaned) == 10 and cleaned.isascii() and cleaned[4::3] == "--" and cleaned.replace("-", "").isdigit():
        year, month, day = int(cleaned[:4]), int(cleaned[5:7]), int(cleaned[8:])
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        if year and 1 <= month <= 12 and 1 <= day <= _MONTH_DAYS[month - 1] + (month == 2 and leap):
            return cleaned
    raise InputError(f"{_show(text)} is not a date written YYYY-MM-DD (e.g. 2026-02-04)")


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def parse_multiple(text: str) -> Decimal:
    """A subscription multiple (``1159.46``, ``1159.46x``, ``1,159.46倍``); below 1 is fine."""
    return parse_decimal(text, _MULTIPLE)


def parse_rate(text: str) -> Decimal:
    """An exchange rate or other positive factor."""
    return _parse_positive(text, _RATE)
