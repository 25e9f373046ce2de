"""The break-even price of a sale: the smallest whole-cent price whose net proceeds, every charge as billed, cover a cost.

Solved directly from the charges' piecewise-linear form, then checked at the neighbouring cents with the
charges as billed (``sale_charges``): no bisection over full charge calculations. ``_CentForm`` works in
exact decimals, cent by cent; ``_LinearForm`` (exact fractions) and a bisection remain for rates given by
hand that together come near 100% of the price, where the decimal form's shortcut does not hold.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..errors import InfeasibleError
from ..numbers import CENT, EXACT, HUNDRED, divide, first_true, mul
from .sale_charges import ROUND_UP, Commission, Rates, sale_charges, stamp_duty

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable

_multiply, _add, _subtract, _divide_int, _remainder = EXACT.multiply, EXACT.add, EXACT.subtract, EXACT.divide_int, EXACT.remainder
_ONE = Decimal(1)


def _ceil_quotient(numerator: Decimal, denominator: Decimal) -> int:
    """The smallest whole number at or above numerator / denominator (both positive), exactly."""
    return int(_divide_int(numerator, denominator)) + bool(_remainder(numerator, denominator))


class _CentForm:
    """Net proceeds before any rounding, as a function of the price in whole cents: exact decimals.

    The same charges as ``_LinearForm`` (a rate times the consideration ``x`` plus fixed amounts, with the
    settlement fee's minimum and maximum and the commission's minimum as clamps), evaluated only at whole
    cents, where ``x`` is an exact decimal. Between the cents where a clamp starts or stops (``cuts``) each is
    linear in the cent, so the first cent at which it reaches a value is one exact division away.
    """

    __slots__ = ("per_cent", "duty", "linear", "fixed", "settlement", "settlement_min", "settlement_max",
                 "brokered", "brokerage", "brokerage_min", "cuts", "rising", "lines")

    def __init__(self, shares: int, rates: Rates, commission: Commission) -> None:
        self.per_cent = per_cent = Decimal(shares).scaleb(-2, EXACT)  # the consideration one cent of price adds
        self.duty = rates.stamp_duty.rate_pct.scaleb(-2, EXACT)
        self.linear = _add(_add(rates.trading_fee.rate_pct, rates.sfc_levy.rate_pct), rates.afrc_levy.rate_pct).scaleb(-2, EXACT)
        self.fixed = _add(rates.trading_fee.fixed, commission.platform_fee)
        settlement = rates.settlement_fee
        self.settlement = rate = settlement.rate_pct.scaleb(-2, EXACT)
        self.settlement_min, self.settlement_max = settlement.minimum, settlement.maximum
        self.brokered = bool(commission.pct or commission.minimum)
        self.brokerage = commission.pct.scaleb(-2, EXACT)
        self.brokerage_min = commission.minimum
        cuts = {0}  # the first cent at or past each point where a clamp starts or stops
        if rate:
            cuts.update(_ceil_quotient(bound, _multiply(rate, per_cent)) for bound in (
                self.settlement_min, self.settlement_max) if bound is not None and bound > 0)
        if self.brokered and self.brokerage and self.brokerage_min > 0:
            cuts.add(_ceil_quotient(self.brokerage_min, _multiply(self.brokerage, per_cent)))
        self.cuts = sorted(cuts)
        # net proceeds rise on every piece when they rise with every rate at once (each piece's slope is at least that)
        steepest = _add(_add(self.linear, self.duty), rate)
        self.rising = _subtract(_ONE, _add(steepest, self.brokerage if self.brokered else 0)) > 0
        self.lines: dict[str, tuple[Decimal, Decimal]] = {}  # with no clamp to start or stop: each function's line
        if self.cuts == [0]:
            for name, function in (("kept", self.kept), ("net", self.net)):
                at_zero = function(0)
                self.lines[name] = (at_zero, _subtract(function(1), at_zero))

    def kept(self, cents: int) -> Decimal:
        """The consideration at ``cents`` less every charge but stamp duty, none rounded."""
        x = _multiply(self.per_cent, cents)
        settled = _multiply(self.settlement, x)
        if self.settlement_min is not None and settled < self.settlement_min:
            settled = self.settlement_min
        if self.settlement_max is not None and settled > self.settlement_max:
            settled = self.settlement_max
        charges = _add(_add(_multiply(self.linear, x), self.fixed), settled)
        if self.brokered:
            charges = _add(charges, max(_multiply(self.brokerage, x), self.brokerage_min))
        return _subtract(x, charges)

    def net(self, cents: int) -> Decimal:
        """``kept`` less stamp duty at its rate (before it is counted up to the dollar)."""
        return _subtract(self.kept(cents), _multiply(self.duty, _multiply(self.per_cent, cents)))

    def first_cent(self, name: str, target: Decimal) -> int:
        """The smallest whole number of cents with ``function(cents) >= target``; the function, ``kept`` or ``net``
        by ``name``, is rising and linear between consecutive ``cuts``."""
        line = self.lines.get(name)
        if line is not None:  # one line from cent 0
            return 0 if line[0] >= target else _ceil_quotient(_subtract(target, line[0]), line[1])
        function: Callable[[int], Decimal] = getattr(self, name)
        cuts = self.cuts
        for index, low in enumerate(cuts):
            at_low = function(low)
            if at_low >= target:
                return low
            if index + 1 < len(cuts) and function(cuts[index + 1] - 1) < target:
                continue  # not reached on this piece
            return low + _ceil_quotient(_subtract(target, at_low), _subtract(function(low + 1), at_low))
        raise AssertionError("unreachable: the last piece is open-ended")


#: Forms by shares, rates and commission: a batch sells the same lots under the same rates on many lines.
_FORMS: dict[tuple[int, int, Commission], tuple[Rates, _CentForm]] = {}


def break_even_cents(cost: Decimal, shares: int, rates: Rates, commission: Commission, rounding: str) -> Decimal:
    """The smallest price in whole cents whose net proceeds cover ``cost``, solved from the charges' linear form.

    Net proceeds are the consideration less the charges; before rounding those are linear in the price
    between the clamps (``_CentForm``). Rounding moves them a bounded amount: stamp duty counted up to
    the dollar adds less than 1, and each charge rounded to the cent moves at most half a cent (up to a
    cent when rounded up). Stamp duty is a whole number of dollars, fixed over a run of cents; for each
    such run from the first cent that could cover the cost, the cents where the other charges' rounding
    could decide it are computed, and only they are priced with every charge as billed (``sale_charges``):
    one or a few cents for a lot, a few more for a single share. Net proceeds are not monotone where stamp
    duty steps up a dollar, so the first covering cent is the answer only because every cent before it is
    ruled out, by the bounds or by its price.
    """
    key = (shares, id(rates), commission)  # the commission by value: equal rates make the same form
    made = _FORMS.get(key)
    if made is None or made[0] is not rates:
        if len(_FORMS) >= 256:
            _FORMS.clear()
        made = _FORMS[key] = (rates, _CentForm(shares, rates, commission))
    form = made[1]
    if not form.rising:  # rates given by hand that reach 100% together: solved in fractions, or searched
        return _fraction_break_even(cost, shares, rates, commission, rounding)
    # Charges rounded to the nearest cent (the levies, the settlement fee, the trading fee unless rounded up,
    # the commission) each lie within half a cent of their exact value; one rounded up, within a cent above.
    nearest = 3 + (rounding != ROUND_UP) + form.brokered
    below = Decimal(nearest * 5).scaleb(-3)  # the rounded charges lie at most this below the exact ones
    above = _add(below, CENT) if rounding == ROUND_UP else below  # and at most this above
    duty_step = _multiply(form.duty, form.per_cent)  # stamp duty at its rate added by one cent of price
    cents = form.first_cent("net", _subtract(cost, below))  # no cent below this covers, whatever the rounding
    while True:
        if cents > 10**40:
            raise InfeasibleError("no sale price covers the cost (the charges grow as fast as the price)")
        duty = stamp_duty(mul(shares, cents, CENT), rates.stamp_duty.rate_pct)
        # the last cent with this much stamp duty: consideration x duty rate <= duty
        last = int(_divide_int(duty, duty_step)) if duty_step else None
        start = max(cents, form.first_cent("kept", _subtract(_add(cost, duty), below)))
        sure = form.first_cent("kept", _add(_add(cost, duty), above))  # covers, if its stamp duty is this
        stop = sure if last is None else min(sure, last)
        for candidate in range(start, stop + 1):
            price = mul(candidate, CENT)
            if sale_charges(shares, price, rates, commission, rounding).net_proceeds >= cost:
                return price
        if last is None:
            raise AssertionError(f"cent {sure} must cover {cost}")  # pragma: no cover - the bounds say so
        cents = last + 1


def _net(shares: int, price: Decimal, rates: Rates, commission: Commission, rounding: str) -> Decimal:
    return sale_charges(shares, price, rates, commission, rounding).net_proceeds


class _LinearForm:
    """Net proceeds before any rounding, as a function of the consideration ``x``: piecewise linear.

    Every charge but stamp duty is a rate times ``x`` plus fixed amounts, with the settlement fee's
    minimum and maximum and the commission's minimum as clamps; ``kept(x)`` is ``x`` less those charges,
    and ``net(x)`` also less stamp duty at its rate (before it is counted up to the dollar). Exact
    (fractions), so the cent at which each crosses a value is found without rounding.
    """

    def __init__(self, shares: int, rates: Rates, commission: Commission) -> None:
        self.per_cent = Fraction(shares, 100)  # the consideration one cent of price adds
        self.duty = Fraction(rates.stamp_duty.rate_pct) / 100
        self.linear = sum((Fraction(period.rate_pct) for period in (rates.trading_fee, rates.sfc_levy,
                                                                     rates.afrc_levy)), Fraction(0)) / 100
        self.fixed = Fraction(rates.trading_fee.fixed) + Fraction(commission.platform_fee)
        settlement = rates.settlement_fee
        self.settlement = Fraction(settlement.rate_pct) / 100
        self.settlement_min = None if settlement.minimum is None else Fraction(settlement.minimum)
        self.settlement_max = None if settlement.maximum is None else Fraction(settlement.maximum)
        self.brokered = bool(commission.pct or commission.minimum)
        self.brokerage = Fraction(commission.pct) / 100
        self.brokerage_min = Fraction(commission.minimum)
        bends: set[Fraction] = set()
        if self.settlement:
            bends.update(bound / self.settlement for bound in (self.settlement_min, self.settlement_max)
                         if bound is not None and bound > 0)
        if self.brokered and self.brokerage and self.brokerage_min > 0:
            bends.add(self.brokerage_min / self.brokerage)
        self.points = [Fraction(0), *sorted(bends)]  # where a clamp starts or stops: the pieces' ends

    def charges(self, x: Any) -> Any:
        settled = self.settlement * x
        if self.settlement_min is not None and settled < self.settlement_min:
            settled = self.settlement_min
        if self.settlement_max is not None and settled > self.settlement_max:
            settled = self.settlement_max
        brokerage = max(self.brokerage * x, self.brokerage_min) if self.brokered else 0
        return self.linear * x + self.fixed + settled + brokerage

    def kept(self, x: Any) -> Any:
        return x - self.charges(x)

    def net(self, x: Any) -> Any:
        return x - self.charges(x) - self.duty * x

    def rising(self) -> bool:
        """Whether ``net`` grows on every piece (else some rate, or rates together, reach 100%)."""
        ends = [*self.points, self.points[-1] + 1]
        return all(self.net(high) > self.net(low) for low, high in zip(ends, ends[1:]))

    def first_cent(self, function: Callable[[Any], Any], target: Any) -> int:
        """The smallest whole number of cents whose consideration ``x`` has ``function(x) >= target``.

        ``function`` is ``kept`` or ``net``: continuous, piecewise linear and rising (``rising()``).
        """
        points = self.points
        for index, low in enumerate(points):
            at_low = function(low)
            if at_low >= target:
                return max(-((-low) // self.per_cent), 0)
            high = points[index + 1] if index + 1 < len(points) else None
            if high is None or function(high) >= target:
                step = high - low if high is not None else Fraction(1)
                slope = (function(low + step) - at_low) / step
                x = low + (target - at_low) / slope
                return int(-((-x) // self.per_cent))
        raise AssertionError("unreachable: the last piece is open-ended")


def _fraction_break_even(cost: Decimal, shares: int, rates: Rates, commission: Commission, rounding: str) -> Decimal:
    """``break_even_cents`` in exact fractions, for rates where some charge is near 100% (see ``_CentForm``): the
    same search over the same candidate cents, on the fractions' linear form (``_LinearForm``)."""
    form = _LinearForm(shares, rates, commission)
    if not form.rising():  # overridden rates reaching 100% together on some stretch: searched as before
        return _searched_break_even(cost, shares, rates, commission, rounding)
    cost_fraction = Fraction(cost)
    # Charges rounded to the nearest cent (the levies, the settlement fee, the trading fee unless rounded up,
    # the commission) each lie within half a cent of their exact value; one rounded up, within a cent above.
    nearest = 3 + (rounding != ROUND_UP) + form.brokered
    below = Fraction(nearest, 200)  # the rounded charges lie at most this below the exact ones
    above = Fraction(nearest, 200) + (Fraction(1, 100) if rounding == ROUND_UP else 0)  # and at most this above

    def covers(cents: int) -> bool:
        return _net(shares, mul(cents, CENT), rates, commission, rounding) >= cost

    cents = form.first_cent(form.net, cost_fraction - below)  # no cent below this covers, whatever the rounding
    while True:
        if cents > 10**40:
            raise InfeasibleError("no sale price covers the cost (the charges grow as fast as the price)")
        duty = Fraction(stamp_duty(mul(shares, cents, CENT), rates.stamp_duty.rate_pct))
        # the last cent with this much stamp duty: consideration x duty rate <= duty
        last = int(duty / form.duty // form.per_cent) if form.duty else None
        start = max(cents, form.first_cent(form.kept, cost_fraction + duty - below))
        sure = form.first_cent(form.kept, cost_fraction + duty + above)  # covers, if its stamp duty is this
        stop = sure if last is None else min(sure, last)
        for candidate in range(start, stop + 1):
            if covers(candidate):
                return mul(candidate, CENT)
        if last is None:
            raise AssertionError(f"cent {sure} must cover {cost}")  # pragma: no cover - the bounds say so
        cents = last + 1


def _searched_break_even(cost: Decimal, shares: int, rates: Rates, commission: Commission, rounding: str) -> Decimal:
    """The break-even by bisection and a scan below it, for rates whose net proceeds fall on some stretch.

    Only rates given by hand can do that (charges at 100% of the price or more between two clamps);
    the bisection assumes net proceeds rise but for stamp duty's steps, and the scan covers those.
    """
    unit = Decimal(shares) * CENT  # consideration added by one cent of price

    def covers(cents: int) -> bool:
        return _net(shares, mul(cents, CENT), rates, commission, rounding) >= cost

    low = max(int(mul(divide(cost, Decimal(shares))[0], HUNDRED)) - 1, 0)  # below this even the gross falls short
    high = max(low, 1) * 2 + 1
    while not covers(high):
        high *= 2
        if high > 10**40:
            raise InfeasibleError("no sale price covers the cost (the charges grow as fast as the price)")
    high = first_true(covers, low, high)
    window = int(divide(Decimal(3), unit)[0]) + 3
    for cents in range(max(high - window, 0), high):
        if covers(cents):
            return mul(cents, CENT)
    return mul(high, CENT)
