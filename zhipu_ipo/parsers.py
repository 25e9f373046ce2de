"""Option parsers that live with their calculation, imported only when a value is read.

The same function parses an option on the command line, a key in a batch line and
a key in a deal file, so the three agree; each is a thin door so that start-up does
not import the calculation modules.
"""

from __future__ import annotations

from decimal import Decimal

from .errors import InputError, shown


def parse_venue(text: str) -> str:
    from .calc.selling import parse_venue

    return parse_venue(text)


def parse_trading_fee_rounding(text: str) -> str:
    from .calc.selling import parse_trading_fee_rounding

    return parse_trading_fee_rounding(text)


def parse_deposit(text: str) -> str:
    from .calc.financing import parse_deposit_text

    return parse_deposit_text(text)


def parse_leverage(text: str) -> Decimal:
    from .calc.financing import parse_leverage

    return parse_leverage(text)


def parse_basis(text: str) -> int:
    from .calc.financing import parse_basis

    return parse_basis(text)


def parse_probabilities(text: str) -> str:
    from .calc.expected import parse_probabilities

    return parse_probabilities(text)


def parse_applications(text: str) -> tuple[int, ...]:
    from .calc.ballot import parse_applications

    return parse_applications(text)


def parse_path(text: str) -> str:
    if not text.strip():
        raise InputError("empty file name")
    return text


def parse_preset_name(text: str) -> str:
    """A preset's name, or a stock code (2513 or 02513); at most as long as any value (a 5,000-digit code would
    otherwise reach int() when it is looked up as a stock code, past Python's 4,300 digits)."""
    from .numbers import MAX_TEXT_LENGTH

    name = text.strip().lower()
    if len(name) > MAX_TEXT_LENGTH:
        raise InputError(f"value is longer than {MAX_TEXT_LENGTH} characters")
    if not name or not name.replace("-", "").replace("_", "").isalnum() or not name.isascii():
        raise InputError(f"{shown(text)} is not a preset name")
    return name


def parse_broker(text: str) -> str:
    from .brokers import parse_broker

    return parse_broker(text)
