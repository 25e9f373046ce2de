"""`ballot`: the odds of a basis-of-allotment table, the bound before the results, or (`--forecast`) a forecast.

Its own family, so that a forecast loads neither the table reader nor the fee calculations:
`calc/odds.py` imports `calc/ballot.py` only when the table's odds are asked for, `calc/forecast.py` only for a forecast.
"""

from __future__ import annotations

from .. import numbers
from ..calc.odds import compute_ballot_forecast, parse_code, parse_code_list, parse_sizes
from ..dealfill import FINAL_PRICE, MAX_PRICE, Derived, ballot_table_unless
from ..fees import DEFAULT_SCHEDULE, ROUND_EACH, parse_fee_rounding, parse_fee_schedule
from ..parsers import parse_applications, parse_path
from ..rules import parse_regime
from ..spec import DEAL, CommandSpec, Opt


def _in_dataset(deal: object) -> tuple[str, ...] | None:
    """The deal's stock code when the forecast's dataset holds it: left out of the fit, as if before its results."""
    from ..calc.forecast import dataset_codes

    code = getattr(deal, "code", None)
    return (str(int(code)),) if code is not None and str(int(code)) in dataset_codes() else None


def _own_code(deal: object) -> str | None:
    """The deal's stock code when the forecast's dataset holds it (the fit leaves it out): one code."""
    codes = _in_dataset(deal)
    return codes[0] if codes else None


def _final_tranche(deal: object) -> int | None:
    """The deal's final public tranche as `oversubscription` works it out from the deal ([public] initial_shares,
    regime or ladder, multiple, [offer] shares ...): that command's own calculation, not a copy of it."""
    from ..dealfill import fill
    from ..errors import IpoMathError
    from ..spec import EDGE_OPTIONS
    from .allocation import OVERSUBSCRIPTION

    filled = fill(OVERSUBSCRIPTION.options, {}, deal)  # type: ignore[arg-type]
    try:
        computed = OVERSUBSCRIPTION.calculate(**{name: raw for name, raw in filled.values.items()
                                                 if name not in EDGE_OPTIONS})
    except IpoMathError:
        return None
    return getattr(computed.result, "public_final_shares", None)


FORECAST_ONLY = ("forecast",)
DEAL_MULTIPLE = Derived("[public] multiple (with `forecast`)", lambda deal: deal.get("public.multiple"),
                        when=FORECAST_ONLY)
DEAL_REGIME = Derived("[public] regime (with `forecast`)", lambda deal: deal.get("public.regime"), when=FORECAST_ONLY)
DEAL_CODE = Derived("[ipo] code, when the forecast's dataset holds the deal (with `forecast`)", _in_dataset,
                    when=FORECAST_ONLY)
#: The deal's own code, always left out of a forecast's fit (a forecast must not see the table it forecasts);
#: `exclude` adds to it. (DEAL_CODE, the same as a tuple, is plan's `exclude` source.)
DEAL_OWN_CODE = Derived("[ipo] code, when the forecast's dataset holds the deal (with `forecast`)", _own_code,
                        when=FORECAST_ONLY)
DEAL_OFFERED = Derived("[public] initial_shares (with `forecast`)", lambda deal: deal.get("public.initial_shares"),
                       when=FORECAST_ONLY)
DEAL_FINAL_TRANCHE = Derived("the final public tranche as oversubscription works it out from the deal (with "
                             "`forecast`)", _final_tranche, when=FORECAST_ONLY)
#: Read only without --forecast, which uses neither the final price nor the application charges.
#: (Named as the deal's keys are, so that the notes of a value given over them read as before.)
TABLE_PRICE = Derived(FINAL_PRICE.text, FINAL_PRICE.get, unless=FORECAST_ONLY)
FEES_SCHEDULE = Derived("[fees] schedule", lambda deal: deal.get("fees.schedule"),
                        unless=FORECAST_ONLY)
FEES_ROUNDING = Derived("[fees] rounding", lambda deal: deal.get("fees.rounding"),
                        unless=FORECAST_ONLY)
DEAL_SIZES = Derived("[offer] application_sizes (with `forecast`)", lambda deal: deal.get("offer.application_sizes"),
                     when=FORECAST_ONLY)

#: The deal's table, read unless forecasting; so not echoed then either.
DEAL_TABLE = ballot_table_unless(*FORECAST_ONLY, text="[ballot] table")

#: The forecast's initial tranche and the deals left out of its fit: `ballot --forecast` and `plan --forecast`.
FIT_OPTIONS = (
    Opt("offered", numbers.parse_shares, "N", "With --forecast: the public shares initially offered (the initial "
        "tranche): the largest valid application is half of it.", deal=(DEAL_OFFERED,)),
    Opt("code", parse_code, "CODE", "With --forecast: the stock code of the deal forecast, always left out of the "
        "fit when the dataset holds it (default: the deal's).", deal=(DEAL_OWN_CODE,)),
    Opt("exclude", parse_code_list, "CODE,...", "With --forecast: stock codes left out of the fit besides the deal's "
        "own (2513,0100; repeatable), which is then recomputed.", repeat=True),
)

BALLOT = CommandSpec(
    name="ballot",
    calculate=compute_ballot_forecast,
    reads_table=True,
    help="""The ballot: one-lot odds, expected allotment and "lots for a sure lot" from the basis-of-allotment table.

\b
Examples:
  zhipu-ipo ballot --preset zhipu
  zhipu-ipo ballot --table zhipu-2513.csv --board-lot 100 --max-price 116.20
  zhipu-ipo ballot --table zhipu-2513.csv --board-lot 100 --max-price 116.20 --public-shares 7,483,900
  zhipu-ipo ballot --table delton.csv --board-lot 100 --max-price 71.88 --apply 100+100+100 --json
  zhipu-ipo ballot --public-shares 7,483,900 --board-lot 100 --applications 204,871
  zhipu-ipo ballot --forecast --public-shares 7,483,900 --board-lot 100 --max-price 116.20 --multiple 1159.46x --exclude 2513
  zhipu-ipo ballot --forecast --preset zhipu --json
  pbpaste | zhipu-ipo ballot --table - --board-lot 100 --json | jq -r .result.one_lot_rate

The table is CSV with the header pool,shares_applied,valid_applications,basis
(an optional fifth column printed_pct is checked against the computed %), one
row per tier, as the allotment-results announcement prints it; the basis is
copied verbatim, in English ("4,643 out of 92,859 applicants to receive 100 H
Shares", "100 H Shares", "100 H Shares plus 933 out of 2,914 applicants to
receive an additional 100 H Shares") or Chinese ("92,859名中4,643名獲發100股",
"100股另加2,914名中933名獲發額外100股"). A blank pool is placed by the HK$5m
boundary at --max-price. Probabilities are exact fractions shown as decimals.

Without a table (before the results) --public-shares and --applications give
the most applications that can receive a lot: a bound, never a forecast.
--forecast forecasts the table from the multiple you expect (and the valid
applications, if you have a figure) with a model fitted on past tables, each
figure with an 80% interval; it never reads a table (a preset's own deal is
always left out of the fit), and --exclude CODE,CODE (repeatable) leaves more
deals out. At or below 1x there is no ballot: every valid application is
allotted in full, so a forecast is refused.""",
    options=(
        Opt("table", parse_path, "FILE|-", "The basis-of-allotment table (CSV), or - for stdin.",
            deal=(DEAL_TABLE,)),
        Opt("board_lot", numbers.parse_shares, "N", "Shares per board lot.", deal=("offer.board_lot",)),
        Opt("max_price", numbers.parse_price, "PRICE", "Maximum offer price (top of the range): money tied up and "
            "the HK$5m pool boundary (default: --price).", deal=(MAX_PRICE,)),
        Opt("price", numbers.parse_price, "PRICE", "Final offer price (shown; taken as the maximum without "
            "--max-price; not with --forecast when the maximum is known).", deal=(TABLE_PRICE,)),
        Opt("pool_a", numbers.parse_shares, "N", "Pool A size, to check the table against.", deal=("ballot.pool_a",)),
        Opt("pool_b", numbers.parse_shares, "N", "Pool B size, to check the table against.", deal=("ballot.pool_b",)),
        Opt("public_shares", numbers.parse_shares, "N", "Final public tranche: split into pools (odd lot to A) and "
            "the bound (with --forecast, default: the deal's, else as oversubscription works it out).",
            deal=("ballot.public_shares", DEAL_FINAL_TRANCHE)),
        Opt("applications", numbers.parse_count, "N", "Valid applications, for the bound before the results (with "
            "--forecast: the number you expect).", deal=("public.applications",)),
        Opt("apply", parse_applications, "S+S+...", "Applications to combine, in shares, one per account or IPO "
            "draw (100+100+20,000): P(at least one lot) and expected lots."),
        Opt("forecast", None, "", "Forecast the table before the results: one-lot rate and each size's odds, with "
            "80% intervals (needs --multiple).", False),
        Opt("multiple", numbers.parse_multiple, "X", "With --forecast: the public multiple you expect (1159.46x).",
            deal=(DEAL_MULTIPLE,)),
        Opt("regime", parse_regime, "NAME", "With --forecast: the reallocation regime (pn18, 18c, mechanism-a, "
            "mechanism-b), for the multiple on the final tranche.", deal=(DEAL_REGIME,)),
        *FIT_OPTIONS,
        Opt("sizes", parse_sizes, "S+S+...", "With --forecast: application sizes in shares (default: the deal's, "
            "else the standard ladder).", deal=(DEAL_SIZES,)),
        Opt("fee_schedule", parse_fee_schedule, "NAME", "Application charges: hkex-2023 (default), hkex-2022 or "
            "hkex-2014 (not with --forecast).", DEFAULT_SCHEDULE, deal=(FEES_SCHEDULE,)),
        Opt("fee_rounding", parse_fee_rounding, "each|total", "Round each fee to the cent (default) or the total "
            "(not with --forecast).", ROUND_EACH, deal=(FEES_ROUNDING,)),
    ) + DEAL,
)

SPECS = (BALLOT,)
