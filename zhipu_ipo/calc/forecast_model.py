"""The one-lot forecast's model, fitted: observations of past deals in, coefficients out; and its backtest.

The model (docs/ballot.md, "Before the results: a forecast"): the log one-lot rate is a straight
line in logs, fitted by least squares over the deals whose one-lot rate is below 100% (a rate of
100% only says supply sufficed, not by how much: such a deal is left out of the fit and kept in the
backtest). Its terms depend on what the investor knows; ``X`` is the variant's *crowding* measure,
``M`` the announced multiple, ``V`` the money one lot ties up (board lot x maximum price):

* ``applications``: X = valid applications per pool-A lot, ``ln r = a - ln X + b ln M`` (the share of
  the lots per application, less as the multiple says the applications are larger);
* ``regime``: X = the multiple on the final tranche (the multiple x initial / final tranche, from the
  regime's clawback ladder), ``ln r = a + b ln X + c ln V``;
* ``multiple``: X = M, the announced multiple alone, ``ln r = a + b ln X + c ln V``.

The forms were chosen by the leave-one-out backtest (docs/ballot.md lists those tried). The
baseline is a constant share of the crowding measure (``ln r = a - ln X``: with applications, a
constant share of the bound). The tier shape: expected lots of a k-lot application = rate x
k^gamma, gamma the mean over the fitted deals of each table's least-squares gamma.

Arithmetic: logs with Decimal at ``PRECISION`` significant digits, then exact fractions for the
least squares; square roots and exponentials at the same precision. Everything here is pure.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from typing import NamedTuple, Sequence

from ..errors import InputError

#: Significant digits of every ln, exp and square root of the forecast.
PRECISION = 28
CONTEXT = Context(prec=PRECISION, rounding=ROUND_HALF_EVEN)
#: Places the fitted values are shipped with (calc/forecast_fit.py).
SHIPPED_PLACES = 15
#: Two-sided 80% intervals: the 0.90 quantile of Student's t by degrees of freedom (NIST/SEMATECH
#: e-Handbook of Statistical Methods, table 1.3.6.7.2, https://www.itl.nist.gov/div898/handbook/eda/section3/eda3672.htm);
#: beyond 30 degrees of freedom the 30 value is used (wider than the normal 1.282: on the safe side).
T_90 = tuple(Decimal(text) for text in (
    "3.078", "1.886", "1.638", "1.533", "1.476", "1.440", "1.415", "1.397", "1.383", "1.372", "1.363", "1.356",
    "1.350", "1.345", "1.341", "1.337", "1.333", "1.330", "1.328", "1.325", "1.323", "1.321", "1.319", "1.318",
    "1.316", "1.315", "1.314", "1.313", "1.311", "1.310"))
T_SOURCE = ("80% interval: prediction +- t(0.90, n - parameters) x residual s.d. x sqrt(1 + leverage), t from "
            "NIST/SEMATECH e-Handbook table 1.3.6.7.2 (https://www.itl.nist.gov/div898/handbook/eda/section3/"
            "eda3672.htm)")
VARIANTS = ("applications", "regime", "multiple")
#: Per variant: the names of the fitted coefficients (the intercept first) and the model as text.
COEFFICIENTS = {"applications": ("a", "b"), "regime": ("a", "b", "c"), "multiple": ("a", "b", "c")}
MODEL_TEXT = {
    "applications": "ln r = a - ln(valid applications per pool-A lot) + b ln(announced multiple)",
    "regime": "ln r = a + b ln(multiple on the final tranche) + c ln(board lot x maximum price)",
    "multiple": "ln r = a + b ln(announced multiple) + c ln(board lot x maximum price)",
}
CROWDING = {
    "applications": "valid applications per pool-A lot",
    "regime": "the multiple on the final tranche (multiple x initial / final tranche, by the regime's ladder)",
    "multiple": "the announced multiple (on the initial tranche)",
}


class Observation(NamedTuple):
    """One past deal, as the fit sees it (calc/forecast_fit.py ships them)."""

    code: str
    name: str
    regime: str
    board_lot: int
    max_price: Decimal
    public_shares: int
    pool_a: int
    applications: int
    multiple: Decimal
    rate: Fraction  # the one-lot rate, a fraction of 1
    gamma: Decimal  # the table's tier shape


class Fit(NamedTuple):
    coefficients: tuple[Decimal, ...]  # intercept, then the free slopes
    inverse: tuple[tuple[Decimal, ...], ...]  # (X'X)^-1, for the leverage
    residual_sd: Decimal
    deals: int


class Shape(NamedTuple):
    gamma: Decimal
    gamma_sd: Decimal
    deals: int


def ln(value: Fraction | Decimal | int) -> Decimal:
    number = value if isinstance(value, Decimal) else CONTEXT.divide(Decimal(value.numerator), Decimal(
        value.denominator)) if isinstance(value, Fraction) else Decimal(value)
    return CONTEXT.ln(number)


def clawback_factor(regime: str, multiple: Decimal) -> Fraction:
    """Final public tranche / initial, by the regime's ladder at the multiple (1 without a clawback)."""
    from ..rules import regime_named

    rules = regime_named(regime)
    if not rules.ladder or rules.initial_pct is None:
        return Fraction(1)
    pct = rules.initial_pct
    for rung in rules.ladder:
        if multiple >= rung.min_multiple:
            pct = rung.public_pct
    return Fraction(pct) / Fraction(rules.initial_pct)


def crowding(variant: str, *, applications: int | None, pool_a_lots: int, multiple: Decimal,
             regime: str | None) -> Fraction:
    if variant == "applications":
        assert applications is not None
        return Fraction(applications, pool_a_lots)
    if variant == "regime":
        assert regime is not None
        return Fraction(multiple) / clawback_factor(regime, multiple)
    return Fraction(multiple)


def features(variant: str, crowd: Fraction, lot_value: Decimal, multiple: Decimal,
             baseline: bool) -> tuple[tuple[Decimal, ...], Decimal]:
    """The design row (1, then the variant's logs) and the offset (-ln X where its slope is fixed at -1)."""
    if baseline:
        return (Decimal(1),), -ln(crowd)
    if variant == "applications":
        return (Decimal(1), ln(multiple)), -ln(crowd)
    return (Decimal(1), ln(crowd), ln(lot_value)), Decimal(0)


def observation_row(variant: str, deal: Observation, baseline: bool) -> tuple[tuple[Decimal, ...], Decimal]:
    crowd = crowding(variant, applications=deal.applications, pool_a_lots=deal.pool_a // deal.board_lot,
                     multiple=deal.multiple, regime=deal.regime)
    return features(variant, crowd, deal.board_lot * deal.max_price, deal.multiple, baseline)


def _solve(matrix: list[list[Fraction]]) -> list[list[Fraction]]:
    """The inverse of a small symmetric positive matrix, exactly (Gauss-Jordan)."""
    size = len(matrix)
    work = [row[:] + [Fraction(int(i == j)) for j in range(size)] for i, row in enumerate(matrix)]
    for col in range(size):
        pivot = next((row for row in range(col, size) if work[row][col] != 0), None)
        if pivot is None:
            raise InputError("the deals in the fit do not separate the model's terms (`exclude` fewer deals)")
        work[col], work[pivot] = work[pivot], work[col]
        head = work[col][col]
        work[col] = [item / head for item in work[col]]
        for row in range(size):
            if row != col and work[row][col] != 0:
                factor = work[row][col]
                work[row] = [a - factor * b for a, b in zip(work[row], work[col])]
    return [row[size:] for row in work]


def _shipped(value: Fraction | Decimal) -> Decimal:
    exact = value if isinstance(value, Decimal) else CONTEXT.divide(Decimal(value.numerator),
                                                                     Decimal(value.denominator))
    return exact.quantize(Decimal(1).scaleb(-SHIPPED_PLACES), rounding=ROUND_HALF_EVEN, context=CONTEXT)


def in_fit(deals: Sequence[Observation]) -> list[Observation]:
    """The deals a fit uses: one-lot rate below 100%."""
    return [deal for deal in deals if deal.rate < 1]


def fit(variant: str, deals: Sequence[Observation], baseline: bool = False) -> Fit:
    """Least squares of ln r (less the offset) on the design rows, exactly on the Decimal logs."""
    used = in_fit(deals)
    rows = [observation_row(variant, deal, baseline) for deal in used]
    size = len(rows[0][0]) if rows else 1 if baseline else len(COEFFICIENTS[variant])
    if len(used) < size + 1:
        raise InputError(f"the {variant} forecast needs at least {size + 1} deals with a one-lot rate below 100% "
                         f"in the fit, and `exclude` leaves {len(used)}")
    design = [[Fraction(item) for item in row] for row, _ in rows]
    target = [Fraction(ln(deal.rate) - offset) for deal, (_, offset) in zip(used, rows)]
    gram = [[sum((r[i] * r[j] for r in design), Fraction(0)) for j in range(size)] for i in range(size)]
    inverse = _solve(gram)
    moment = [sum((r[i] * y for r, y in zip(design, target)), Fraction(0)) for i in range(size)]
    beta = [sum((inverse[i][j] * moment[j] for j in range(size)), Fraction(0)) for i in range(size)]
    residuals = [y - sum((b * x for b, x in zip(beta, r)), Fraction(0)) for r, y in zip(design, target)]
    variance = sum((e * e for e in residuals), Fraction(0)) / (len(used) - size)
    sd = CONTEXT.sqrt(CONTEXT.divide(Decimal(variance.numerator), Decimal(variance.denominator)))
    return Fit(tuple(_shipped(b) for b in beta), tuple(tuple(_shipped(v) for v in row) for row in inverse),
               _shipped(sd), len(used))


def shape(deals: Sequence[Observation]) -> Shape:
    """gamma: the mean of the fitted deals' gammas; its sample standard deviation."""
    used = [Fraction(deal.gamma) for deal in in_fit(deals)]
    if len(used) < 2:
        raise InputError("the tier shape needs at least 2 deals with a one-lot rate below 100% in the fit")
    mean = sum(used, Fraction(0)) / len(used)
    variance = sum(((g - mean) ** 2 for g in used), Fraction(0)) / (len(used) - 1)
    sd = CONTEXT.sqrt(CONTEXT.divide(Decimal(variance.numerator), Decimal(variance.denominator)))
    return Shape(_shipped(mean), _shipped(sd), len(used))


def table_gamma(rate: Fraction, expected_lots: Sequence[tuple[int, Fraction]]) -> Decimal:
    """One table's shape: least squares through the origin of ln(expected lots / rate) on ln k, k >= 2 lots."""
    pairs = [(Fraction(ln(lots)), Fraction(ln(expected / rate))) for lots, expected in expected_lots if lots >= 2]
    return _shipped(sum((x * y for x, y in pairs), Fraction(0)) / sum((x * x for x, _ in pairs), Fraction(0)))


def t_90(freedom: int) -> Decimal:
    return T_90[min(freedom, len(T_90)) - 1]


def predict(model: Fit, row: tuple[Decimal, ...], offset: Decimal) -> tuple[Decimal, Decimal]:
    """ln r forecast and its standard error of prediction (residual s.d. x sqrt(1 + leverage))."""
    centre = CONTEXT.add(sum((CONTEXT.multiply(b, x) for b, x in zip(model.coefficients, row)), Decimal(0)), offset)
    leverage = sum((CONTEXT.multiply(CONTEXT.multiply(row[i], model.inverse[i][j]), row[j])
                    for i in range(len(row)) for j in range(len(row))), Decimal(0))
    return centre, CONTEXT.multiply(model.residual_sd, CONTEXT.sqrt(CONTEXT.add(1, leverage)))


class Trial(NamedTuple):
    """One deal forecast from the others (leave-one-out): rates as fractions of 1, capped at 1."""

    code: str
    name: str
    variant: str
    method: str  # "model", "baseline" or "bound"
    actual: Decimal
    forecast: Decimal
    low: Decimal | None
    high: Decimal | None

    @property
    def log_error(self) -> Decimal:
        return abs(CONTEXT.subtract(CONTEXT.ln(self.forecast), CONTEXT.ln(self.actual)))

    @property
    def held(self) -> bool | None:
        return None if self.low is None or self.high is None else self.low <= self.actual <= self.high


def forecast_rate(variant: str, fitted: Fit, deal: Observation, baseline: bool) -> tuple[Decimal, Decimal, Decimal]:
    """A deal's one-lot rate from a fit: centre, low, high of the 80% interval, each at most 1."""
    row, offset = observation_row(variant, deal, baseline)
    centre, error = predict(fitted, row, offset)
    half = CONTEXT.multiply(t_90(fitted.deals - len(row)), error)
    return tuple(min(Decimal(1), CONTEXT.exp(x)) for x in (  # type: ignore[return-value]
        centre, CONTEXT.subtract(centre, half), CONTEXT.add(centre, half)))


def backtest(deals: Sequence[Observation]) -> list[Trial]:
    """Each deal forecast by a fit on all the others, for each variant: the model, its baseline and (with the
    applications) the bound itself; a deal whose others are too few for a fit is left out."""
    trials = []
    for deal in deals:
        others = [other for other in deals if other.code != deal.code]
        actual = CONTEXT.divide(Decimal(deal.rate.numerator), Decimal(deal.rate.denominator))
        for variant in VARIANTS:
            for method in ("model", "baseline"):
                try:
                    fitted = fit(variant, others, baseline=method == "baseline")
                except InputError:
                    continue
                centre, low, high = forecast_rate(variant, fitted, deal, method == "baseline")
                trials.append(Trial(deal.code, deal.name, variant, method, actual, centre, low, high))
            if variant == "applications":
                bound = min(Fraction(deal.public_shares // deal.board_lot, deal.applications), Fraction(1))
                trials.append(Trial(deal.code, deal.name, variant, "bound", actual,
                                    CONTEXT.divide(Decimal(bound.numerator), Decimal(bound.denominator)), None, None))
    return trials


def summary(trials: Sequence[Trial]) -> list[tuple[str, str, int, Decimal, Decimal, int | None]]:
    """Per variant and method: deals, median and largest absolute ln error, how many 80% intervals held the rate."""
    rows = []
    for variant in VARIANTS:
        for method in ("model", "baseline", "bound"):
            chosen = [trial for trial in trials if trial.variant == variant and trial.method == method]
            if not chosen:
                continue
            errors = sorted(trial.log_error for trial in chosen)
            middle = len(errors) // 2
            median = errors[middle] if len(errors) % 2 else CONTEXT.divide(CONTEXT.add(errors[middle - 1],
                                                                                       errors[middle]), 2)
            held = [trial.held for trial in chosen if trial.held is not None]
            rows.append((variant, method, len(chosen), median, errors[-1], sum(held) if held else None))
    return rows
