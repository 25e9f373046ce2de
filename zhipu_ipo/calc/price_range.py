"""Price-range scenarios: one calculation at the low, mid and high of an offer price range (and any step).

Prospectuses present proceeds, market capitalisation and the amount payable at the low end,
the mid-point and the high end of the indicative offer price range. ``raise``, ``market-cap``
and ``entry-fee`` take a ``price`` range LOW..HIGH; each scenario is the command's own calculation at
that price, so every scenario row carries the usual keys. The mid-point is (low + high) / 2,
exact: a range with an odd cent has a mid of half a cent (108.00..116.21 -> 112.105), not
rounded. With ``final_price`` the price revision against the mid-point is given, and where
the final price landed in the range.
"""

from __future__ import annotations

from dataclasses import field, fields, make_dataclass
from decimal import Decimal

from ..errors import InputError
from ..numbers import HUNDRED, PriceRange, add, divide, floor_divide, mul, quotient, sub
from ..records import Computed, Kind, record, value
from .scenarios import asks_for_range

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable

__all__ = ["asks_for_range", "compute_over_range", "scenario_prices"]

#: More scenarios than this is a table nobody reads; a coarser step is asked for instead.
MAX_SCENARIOS = 101
MID_RULE = "mid = (low + high) / 2, exact (a range with an odd cent has a half-cent mid; it is not rounded)"


@record
class RangeResult:
    price_low: Decimal | None = value("Price range, low", Kind.PRICE)
    price_mid: Decimal | None = value("Price range, mid", Kind.PRICE)
    price_high: Decimal | None = value("Price range, high", Kind.PRICE)
    price_step: Decimal | None = value("Price step", Kind.PRICE)
    final_price: Decimal | None = value("Final offer price", Kind.PRICE)
    price_revision_pct: Decimal | None = value("Price revision on the mid", Kind.CHANGE)
    final_position_pct: Decimal | None = value("Final price's place in the range (low 0, high 100)", Kind.PERCENT)
    scenarios: list | None = value("Scenarios", Kind.TABLE)


_ROW_TYPES: dict[type, type] = {}


def _row_type(result_type: type) -> type:
    """The result type with a leading ``scenario`` column (low, mid, high or step)."""
    made = _ROW_TYPES.get(result_type)
    if made is None:
        columns: list[tuple[str, object, object]] = [("scenario", object, value("Scenario", Kind.TEXT))]
        columns += [(item.name, object, field(default=None, hash=item.hash, metadata=item.metadata))
                    for item in fields(result_type)]
        made = _ROW_TYPES[result_type] = make_dataclass(result_type.__name__ + "Scenario", columns, frozen=True)
    return made


def scenario_prices(low: Decimal, high: Decimal, step: Decimal | None) -> list[tuple[str, Decimal]]:
    """(name, price) from low to high: low, mid, high, and every step above low when a step is given."""
    mid = divide(add(low, high), Decimal(2))[0]  # a half always terminates: exact
    prices = {low: "low", mid: "mid", high: "high"}
    if step is not None:
        count = floor_divide(sub(high, low), step)
        if count + 3 > MAX_SCENARIOS:
            raise InputError(f"`price_step` {step:f} gives {count + 1} prices in the range; at most "
                             f"{MAX_SCENARIOS - 2} (take a larger step)")
        for index in range(1, count + 1):
            prices.setdefault(add(low, mul(step, index)), "step")
    return [(prices[price], price) for price in sorted(prices)]


def compute_over_range(calculate: Callable[..., Computed], values: dict[str, Any]) -> Computed:
    """``calculate`` at each scenario price of ``values['price']`` (a range), with the range's own figures."""
    given = dict(values)
    price_range = given.pop("price", None)
    step = given.pop("price_step", None)
    final = given.pop("final_price", None)
    if not isinstance(price_range, PriceRange):
        named = " and ".join(f"`{name}`" for name, value in (("price_step", step), ("final_price", final)) if value is not None)
        raise InputError(f"{named} need{'s' if ' and ' not in named else ''} `price` as a range LOW..HIGH (e.g. 108.00..116.20)")
    low, high = price_range.low, price_range.high
    rows: list[Any] = []
    assumptions: dict[str, Any] = {}
    rounded: dict[str, str] = {}
    notes: list[str] = []
    for name, price in scenario_prices(low, high, step):
        computed = calculate(price=price, **given)
        row_type = _row_type(type(computed.result))
        row = row_type(scenario=name, **{item.name: getattr(computed.result, item.name)
                                         for item in fields(computed.result)})
        rows.append(row)
        if name == "mid":
            assumptions.update(computed.assumptions)
        for key, how in computed.rounded.items():
            rounded[f"scenarios.{key}"] = how
        notes.extend(note for note in computed.notes if note not in notes)
    mid = divide(add(low, high), Decimal(2))[0]
    assumptions["scenarios"] = (
        "the calculation at the low, mid and high of the price range"
        + (f" and every {step:f} above the low" if step is not None else "")
        + f", as prospectuses present them; {MID_RULE}"
    )
    revision = position = None
    if final is not None:
        revision = quotient(mul(sub(final, mid), HUNDRED), mid, "price_revision_pct", rounded)
        position = quotient(mul(sub(final, low), HUNDRED), sub(high, low), "final_position_pct", rounded)
        assumptions["price_revision_pct"] = "(final price - mid) / mid x 100: the revision against the range mid-point"
        assumptions["final_position_pct"] = "(final price - low) / (high - low) x 100: 0 at the low end, 100 at the high"
        if not low <= final <= high:
            notes.append(f"the final price {final:f} is outside the range {price_range}")
    result = RangeResult(price_low=low, price_mid=mid, price_high=high, price_step=step, final_price=final,
                         price_revision_pct=revision, final_position_pct=position, scenarios=rows)
    return Computed(result, assumptions, rounded, tuple(notes))
