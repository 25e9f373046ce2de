"""`ballot` with `forecast`: the odds before the allotment results exist.

``calc/odds.py`` hands `ballot` with `forecast` here (imported only then). This forecasts the
basis-of-allotment table from what is known before the results (the final public tranche, the board lot, the
maximum price, the regime) and the investor's expectation of the public multiple and, if they have one, of the
valid applications. The model and its fit are ``calc/forecast_model.py``; the fitted values are shipped in
``calc/forecast_fit.py`` (written by ``benchmarks/fit_forecast.py``), so a forecast reads no preset.
``exclude`` leaves deals out of the fit, which is then recomputed from the shipped observations (checked
against the presets by a test). Logs and exponentials are computed with Decimal at 28 significant digits and
rounded once.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal

from ..errors import InfeasibleError, InputError
from ..records import Computed, Kind, record, value
from . import forecast_fit as shipped

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)
PLACES = 12
ROUNDED = "ln and exp with Decimal at 28 significant digits (a forecast has no exact value), rounded once half-even " \
          f"to {PLACES} places"
#: The standard ladder of application sizes, in board lots, when the deal gives none: the sizes common to the
#: shipped tables (Zhipu 02513, Delton 01989, OmniVision 0501: 1-10 lots, then 15-50 by 5, 60-100 by 10,
#: 200-1,000 by 100), carried on in the same rhythm; it stops at the largest application allowed, itself a size.
STANDARD_LADDER_LOTS = tuple(
    list(range(1, 11)) + list(range(15, 51, 5)) + list(range(60, 101, 10)) + list(range(200, 1001, 100))
    + list(range(1500, 5001, 500)) + list(range(6000, 10001, 1000)) + list(range(15000, 50001, 5000))
    + list(range(60000, 100001, 10000)) + list(range(150000, 1000001, 50000)))
LADDER_RULE = ("the standard ladder (docs/ballot.md): 1-10 lots, 15-50 by 5, 60-100 by 10, 200-1,000 by 100, "
               "1,500-5,000 by 500, then 6,000-10,000 by 1,000 and on, to the largest application")


@record
class ForecastTier:
    """One application size of a forecast table: the forecast odds with their 80% interval."""

    pool: str | None = value("Pool", Kind.TEXT)
    shares_applied: int | None = value("Shares applied for", Kind.SHARES)
    lots_applied: int | None = value("Lots", Kind.COUNT)
    p_at_least_one_lot: Decimal | None = value("P(at least one lot), forecast", Kind.PERCENT)
    p_at_least_one_lot_low: Decimal | None = value("low (80%)", Kind.PERCENT)
    p_at_least_one_lot_high: Decimal | None = value("high (80%)", Kind.PERCENT)
    expected_lots: Decimal | None = value("Expected lots, forecast", Kind.MULTIPLE)
    expected_lots_low: Decimal | None = value("low (80%)", Kind.MULTIPLE)
    expected_lots_high: Decimal | None = value("high (80%)", Kind.MULTIPLE)
    #: "forecast" (the ballot table's tiers say "table"): a CSV row says which it is.
    source: str | None = value("Source", Kind.TEXT)


@record
class ForecastResult:
    """`ballot` with `forecast`: the forecast odds before the allotment results exist."""

    forecast: str | None = value("FORECAST before the results (not the allotment)", Kind.TEXT)
    model: str | None = value("Model", Kind.TEXT)
    board_lot: int | None = value("Board lot", Kind.SHARES)
    max_price: Decimal | None = value("Maximum offer price", Kind.PRICE)
    lot_value: Decimal | None = value("One lot at the maximum price, before charges", Kind.MONEY)
    public_shares: int | None = value("Public tranche (final)", Kind.SHARES)
    pool_a_shares: int | None = value("Pool A size", Kind.SHARES)
    pool_b_shares: int | None = value("Pool B size", Kind.SHARES)
    multiple: Decimal | None = value("Public multiple expected", Kind.MULTIPLE)
    regime: str | None = value("Regime", Kind.TEXT)
    applications: int | None = value("Valid applications expected", Kind.COUNT)
    crowding: Decimal | None = value("Crowding measure of the model", Kind.MULTIPLE)
    one_lot_rate: Decimal | None = value("One-lot rate, forecast", Kind.PERCENT)
    one_lot_rate_low: Decimal | None = value("  low end of the 80% interval", Kind.PERCENT)
    one_lot_rate_high: Decimal | None = value("  high end of the 80% interval", Kind.PERCENT)
    sure_lot_shares: int | None = value("Smallest application forecast sure of a lot", Kind.SHARES)
    bound_max_pct: Decimal | None = value("At most this % of applications can get a lot (a bound)", Kind.PERCENT)
    fit_deals: int | None = value("Deals in the fit", Kind.COUNT)
    fit_excluded: str | None = value("Left out of the fit", Kind.TEXT)
    fitted_on: str | None = value("Fit generated on", Kind.TEXT)
    tiers: tuple[ForecastTier, ...] | None = value("Forecast tiers", Kind.TABLE)


def dataset_codes() -> tuple[str, ...]:
    return tuple(str(int(row[0])) for row in shipped.DATASET)


def standard_ladder(board_lot: int, largest: int) -> tuple[int, ...]:
    """The standard ladder in shares, up to ``largest`` shares (rounded down to whole lots), which ends it."""
    top = largest // board_lot
    return tuple(lots * board_lot for lots in STANDARD_LADDER_LOTS if lots < top) + ((top * board_lot,) if top else ())


def compute_forecast(*, multiple: Decimal | None, regime: str | None, exclude: tuple[str, ...] | None,
                     sizes: tuple[int, ...] | None, board_lot: int | None, max_price: Decimal | None,
                     pool_a: int | None, pool_b: int | None, public_shares: int | None, applications: int | None,
                     currency: str, code: str | None = None, offered: int | None = None) -> Computed:
    from . import forecast_model as model

    if board_lot is None:
        raise InputError("give `board_lot` (shares per lot)")
    if multiple is None:
        raise InputError("give `multiple`, the public multiple you expect (e.g. 1159.46x): the forecast needs it")
    if multiple <= 0:
        raise InputError(f"`multiple` {multiple:f} must be greater than zero (shares applied for / shares offered)")
    if multiple <= 1:
        raise InfeasibleError(f"`multiple` {multiple:f}: at or below 1x the public offer is not oversubscribed, so "
                              "every valid application is allotted in full: there is no ballot to forecast")
    if max_price is None:
        raise InputError("give `max_price` (the top of the price range): the money one lot ties up is a term of the "
                         "model")
    if currency and currency != "HKD":
        raise InputError(f"the forecast is fitted on HKD offers, not {currency}")
    pool_a, pool_b, public_shares = _tranche(board_lot, pool_a, pool_b, public_shares)
    if offered is not None and (offered <= 0 or offered % board_lot):
        raise InputError(f"`offered` {offered:,} is not a whole number of board lots of {board_lot:,}")
    if applications is not None and applications <= 0:
        raise InputError("`applications` must be greater than zero")
    if applications is not None and applications * board_lot > multiple * (offered or public_shares):
        tranche = f"`offered`, {offered:,}" if offered else f"`public_shares`, {public_shares:,}"
        raise InputError(f"`applications` {applications:,} is more than the lots applied for (the multiple "
                         f"{multiple:f} x {tranche}, / the board lot {board_lot:,}): each valid application is for at "
                         "least one lot")
    largest = (offered // 2 // board_lot * board_lot) if offered is not None else public_shares
    for shares in sizes or ():
        if shares % board_lot:
            raise InputError(f"`sizes` {shares:,} is not whole board lots of {board_lot:,}")
        if shares > largest:
            raise InputError(f"`sizes` {shares:,} is more than the largest valid application, " + (
                f"{largest:,} (half of `offered`, {offered:,}, the initial tranche, in whole lots)" if offered is not None
                else f"the public tranche {public_shares:,} (give `offered`, the initial tranche: half of it is the "
                "largest)"))
    variant = "applications" if applications is not None else "regime" if regime is not None else "multiple"
    assumptions: dict[str, Any] = {}
    rounded: dict[str, str] = {}
    exclude = _with_own_code(code, exclude, assumptions)
    fitted, baseline_shape, excluded = _fit(variant, exclude, assumptions)
    crowd = model.crowding(variant, applications=applications, pool_a_lots=pool_a // board_lot, multiple=multiple,
                           regime=regime)
    lot_value = max_price * board_lot
    row, offset = model.features(variant, crowd, lot_value, multiple, baseline=False)
    centre, error = model.predict(fitted, row, offset)
    freedom = fitted.deals - len(row)
    t = model.t_90(freedom)
    gamma, gamma_sd, gamma_deals = baseline_shape
    spread_gamma = _CONTEXT.multiply(gamma_sd, _CONTEXT.sqrt(_CONTEXT.add(1, _CONTEXT.divide(1, gamma_deals))))

    def band(lots: int) -> tuple[Decimal, Decimal, Decimal]:
        """Expected lots of a ``lots``-lot application: centre, low, high (each at most ``lots``)."""
        log_k = model.ln(lots)
        middle = _CONTEXT.add(centre, _CONTEXT.multiply(gamma, log_k))
        spread = _CONTEXT.sqrt(_CONTEXT.add(_CONTEXT.multiply(error, error), _CONTEXT.multiply(
            _CONTEXT.multiply(log_k, log_k), _CONTEXT.multiply(spread_gamma, spread_gamma))))
        half = _CONTEXT.multiply(t, spread)
        return tuple(min(Decimal(lots), _CONTEXT.exp(x)) for x in (  # type: ignore[return-value]
            middle, _CONTEXT.subtract(middle, half), _CONTEXT.add(middle, half)))

    rate = band(1)
    fields: dict[str, Any] = dict(
        forecast=f"a forecast from {fitted.deals} past deals, not the allotment: see assumptions.model",
        model=variant, board_lot=board_lot, max_price=max_price, lot_value=lot_value, public_shares=public_shares,
        pool_a_shares=pool_a, pool_b_shares=pool_b, multiple=multiple, regime=regime, applications=applications,
        crowding=_out(_CONTEXT.divide(Decimal(crowd.numerator), Decimal(crowd.denominator)), "crowding", rounded),
        fit_deals=fitted.deals, fit_excluded=", ".join(excluded) or None, fitted_on=shipped.FITTED_ON,
    )
    for suffix, figure in zip(("", "_low", "_high"), rate):
        fields[f"one_lot_rate{suffix}"] = _out(figure * 100, f"one_lot_rate{suffix}", rounded)
    if applications is not None:
        from fractions import Fraction

        share = min(Fraction(public_shares // board_lot, applications), Fraction(1))
        fields["bound_max_pct"] = _out(_CONTEXT.divide(share.numerator * 100, share.denominator), "bound_max_pct",
                                       rounded, "non-terminating quotient, rounded half-even to 12 places")
    ladder = sizes if sizes is not None else _ladder(board_lot, public_shares, pool_b, multiple, regime, offered,
                                                     assumptions)
    if not ladder:
        raise InputError(f"no application size to forecast: the largest valid application ({_largest_text(offered, pool_b)}) "
                         f"is less than one board lot of {board_lot:,}; the tranche is too small for a ballot")
    tiers = []
    from .allocation import pool_boundary

    boundary = pool_boundary(max_price, board_lot)
    for shares in ladder:
        lots = shares // board_lot
        expected = band(lots)
        tier: dict[str, Any] = {"pool": "A" if shares <= boundary else "B", "shares_applied": shares,
                                "lots_applied": lots, "source": "forecast"}
        for suffix, figure in zip(("", "_low", "_high"), expected):
            tier[f"p_at_least_one_lot{suffix}"] = _out(min(Decimal(1), figure) * 100,
                                                       f"tiers[].p_at_least_one_lot{suffix}", rounded)
            tier[f"expected_lots{suffix}"] = _out(figure, f"tiers[].expected_lots{suffix}", rounded)
        if "sure_lot_shares" not in fields and expected[0] >= 1:
            fields["sure_lot_shares"] = shares
        tiers.append(ForecastTier(**tier))
    fields["tiers"] = tuple(tiers)
    coefficients = ", ".join(f"{name} = {figure}" for name, figure in zip(
        model.COEFFICIENTS[variant], fitted.coefficients))
    assumptions["forecast"] = ("a forecast before the allotment results, from a model fitted on past tables; the "
                               "announced table, when it exists, is the answer (leave out `forecast`)")
    assumptions["model"] = (f"{model.MODEL_TEXT[variant]} (r the one-lot rate, a fraction of 1; {coefficients}; residual "
                            f"s.d. {fitted.residual_sd} in ln r, {fitted.deals} deals with a one-lot rate below 100%, "
                            f"fit of {shipped.FITTED_ON}); the rate is at most 100%")
    assumptions["crowding"] = model.CROWDING[variant]
    assumptions["tiers"] = (f"expected lots of a k-lot application = r x k^gamma, gamma = {gamma} (s.d. {gamma_sd} "
                            f"over {gamma_deals} tables), at most k; P(at least one lot) = the expected lots, at most "
                            "100% (a winner gets one lot until the tier is sure of one); the pool by the HK$5m "
                            "boundary at the maximum price")
    assumptions["interval"] = (f"{model.T_SOURCE}; t = {t} ({freedom} degrees of freedom); for a tier the spread "
                               "adds (ln k x gamma's s.d.)^2 to the rate's; the 80% is the model's claim: the "
                               "backtest (benchmarks/backtest_forecast.py) says how often it held")
    _extrapolation(multiple, assumptions)
    if applications is None:
        assumptions["applications"] = ("not given: the forecast is less sure (see the backtest in docs/ballot.md); "
                                       "give the valid applications you expect when you have a figure")
    return Computed(ForecastResult(**fields), assumptions, rounded)


def _fit(variant: str, exclude: tuple[str, ...] | None, assumptions: dict[str, Any]) -> tuple[Any, Any, list[str]]:
    """The fit and the tier shape: shipped, or refitted without the deals ``exclude`` names."""
    from . import forecast_model as model

    if not exclude:
        coefficients, inverse, sd, deals = shipped.FIT[variant]
        gamma, gamma_sd, gamma_deals = shipped.SHAPE
        return (model.Fit(tuple(map(Decimal, coefficients)), tuple(tuple(map(Decimal, row)) for row in inverse),
                          Decimal(sd), deals), (Decimal(gamma), Decimal(gamma_sd), gamma_deals), [])
    known = dataset_codes()
    for code in exclude:
        if code not in known:
            raise InputError(f"`exclude` {code}: no deal of that code in the dataset ({', '.join(known)})")
    kept = [deal for deal in dataset() if str(int(deal.code)) not in exclude]
    names = [f"{deal.code} {deal.name}" for deal in dataset() if str(int(deal.code)) in exclude]
    assumptions["exclude"] = f"refitted without {', '.join(names)}: forecast as if before their results"
    fitted = model.fit(variant, kept)
    shape = model.shape(kept)
    return fitted, (shape.gamma, shape.gamma_sd, shape.deals), names


def dataset() -> list[Any]:
    """The shipped observations (calc/forecast_fit.py) as the model reads them."""
    from fractions import Fraction

    from .forecast_model import Observation

    return [Observation(code, name, regime, lot, Decimal(price), public, pool_a, apps, Decimal(multiple),
                        Fraction(rate), Decimal(gamma))
            for code, name, regime, lot, price, public, pool_a, apps, multiple, rate, gamma in shipped.DATASET]


def _ladder(board_lot: int, public_shares: int, pool_b: int, multiple: Decimal, regime: str | None,
            offered: int | None, assumptions: dict[str, Any]) -> tuple[int, ...]:
    if offered is not None:
        largest = offered // 2
        assumptions["sizes"] = (f"{LADDER_RULE}: half the initial tranche `offered` {offered:,}, in whole lots "
                                f"({largest // board_lot * board_lot:,} shares)")
    elif regime is not None:
        from .forecast_model import clawback_factor

        factor = clawback_factor(regime, multiple)
        largest = int(public_shares / factor) // 2
        assumptions["sizes"] = (f"{LADDER_RULE}: the initial pool, half the initial tranche (the final tranche / "
                                f"{factor} by the {regime} ladder), about {largest:,} shares; give `offered` (the "
                                "initial tranche) for the exact largest")
    else:
        largest = pool_b
        assumptions["sizes"] = (f"{LADDER_RULE}: without the initial tranche (`offered`) or the regime, the ladder "
                                "runs to pool B of the final tranche, which may pass the largest application allowed")
    return standard_ladder(board_lot, largest)


def _extrapolation(multiple: Decimal, assumptions: dict[str, Any]) -> None:
    """An assumption when the multiple is outside those of the dataset: the fit is extrapolated there."""
    multiples = [Decimal(row[8]) for row in shipped.DATASET]
    low, high = min(multiples), max(multiples)
    if not low <= multiple <= high:
        side = f"below the smallest, {low:f}x" if multiple < low else f"above the largest, {high:f}x"
        assumptions["extrapolated"] = (f"the multiple {multiple:f}x is {side}, of the {len(multiples)} deals of the "
                                       "dataset: the forecast extrapolates beyond the fitted range")


def _largest_text(offered: int | None, pool_b: int) -> str:
    return f"half of `offered` {offered:,}" if offered is not None else f"pool B, {pool_b:,} shares"


def _tranche(board_lot: int, pool_a: int | None, pool_b: int | None,
             public_shares: int | None) -> tuple[int, int, int]:
    """Pools A and B and the final public tranche, each checked: given, or split from the tranche."""
    if (pool_a is None) != (pool_b is None):
        raise InputError("give `pool_a` and `pool_b` together (or `public_shares`, split with the odd lot to pool A)")
    if pool_a is not None and pool_b is not None:
        if public_shares is not None and public_shares != pool_a + pool_b:
            raise InputError(f"`public_shares` {public_shares:,} is not `pool_a` {pool_a:,} + `pool_b` {pool_b:,}: "
                             "give one tranche")
        public_shares = pool_a + pool_b
        name = "`pool_a` + `pool_b`"
    elif public_shares is None:
        raise InputError("give `public_shares` (the final public tranche) for the forecast")
    else:
        name = "`public_shares`"
    if public_shares % board_lot:
        raise InputError(f"{name} {public_shares:,} is not a whole number of board lots of {board_lot:,} (`board_lot`)")
    if pool_a is None or pool_b is None:
        from .allocation import split_pools

        pool_a, pool_b = split_pools(public_shares, board_lot)
    if pool_a < board_lot:
        raise InputError(f"`pool_a` {pool_a:,} is less than one board lot")
    return pool_a, pool_b, public_shares


def _with_own_code(code: str | None, exclude: tuple[str, ...] | None,
                   assumptions: dict[str, Any]) -> tuple[str, ...] | None:
    """The codes left out of the fit: the deal's own ``code`` (when the dataset holds it: a forecast must not see
    the table it forecasts), then those of ``exclude``."""
    if code is None:
        return exclude
    if code not in dataset_codes():
        assumptions["code"] = f"{code} is not in the forecast's dataset: the fit holds nothing of it to leave out"
        return exclude
    return (code, *(other for other in exclude or () if other != code))


def _out(figure: Decimal, name: str, rounded: dict[str, str], how: str = ROUNDED) -> Decimal:
    done = figure.quantize(Decimal(1).scaleb(-PLACES), rounding=ROUND_HALF_EVEN, context=_CONTEXT)
    if done != figure:
        rounded[name] = how
    return Decimal(int(done)) if done == done.to_integral_value() else done
