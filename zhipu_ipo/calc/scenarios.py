"""Whether a calculation is asked for price-range scenarios: apart from ``price_range.py``, so that a
calculation at one price decides it without importing the scenario module (and its result type)."""

from __future__ import annotations

from ..numbers import PriceRange

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from decimal import Decimal


def asks_for_range(price: object, price_step: Decimal | None, final_price: Decimal | None) -> bool:
    """Whether a calculation's arguments ask for range scenarios: a ``price`` range, a ``price_step`` or a
    ``final_price`` (the last two need a range; ``price_range.compute_over_range`` says so)."""
    return isinstance(price, PriceRange) or price_step is not None or final_price is not None
