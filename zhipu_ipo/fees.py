"""What a Hong Kong IPO application costs: the fee schedules, as dated data, and the arithmetic.

The amount payable for N board lots is the consideration (lots x board lot x
price) plus brokerage, the SFC transaction levy, the AFRC transaction levy and
the Stock Exchange trading fee, each a percentage of the consideration and each
rounded to the nearest cent (HKEX: "rounded to the nearest cent"; half up).
``--fee-rounding total`` instead applies one combined factor and rounds once,
as some brokers' calculators do; the two can differ by HK$0.01 (Seer: 5,131.24
vs 5,131.23).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from .errors import InputError
from .numbers import HUNDRED, add, floor_divide, mul, percent_of, round_cents, sub

if TYPE_CHECKING:
    from .models import Outcome


class FeeSchedule(NamedTuple):
    name: str
    effective: str
    brokerage_pct: Decimal
    sfc_levy_pct: Decimal
    afrc_levy_pct: Decimal
    trading_fee_pct: Decimal
    sources: tuple[str, ...]

    def rates(self) -> dict[str, Decimal]:
        return {"brokerage": self.brokerage_pct, "sfc_levy": self.sfc_levy_pct,
                "afrc_levy": self.afrc_levy_pct, "trading_fee": self.trading_fee_pct}

    def total_pct(self) -> Decimal:
        return add(*self.rates().values())


_HKEX_FEES = (
    "https://www.hkex.com.hk/Services/Rules-and-Forms-and-Fees/Fees/Securities-(Hong-Kong)/Trading/Transaction "
    "(SFC levy 0.0027%, AFRC levy 0.00015%, trading fee 0.00565%, each rounded to the nearest cent)"
)
_BROKERAGE = "brokerage of 1% on IPO applications, stated in every allotment announcement (e.g. Seer 06106, 2026)"

SCHEDULES: dict[str, FeeSchedule] = {
    schedule.name: schedule
    for schedule in (
        FeeSchedule("hkex-2023", "from 1 Jan 2023", Decimal("1"), Decimal("0.0027"), Decimal("0.00015"),
                    Decimal("0.00565"), (_HKEX_FEES, _BROKERAGE,
                                         "https://www.hkex.com.hk/News/Market-Communications/2022/221101news "
                                         "(trading fee 0.00565% from 1 Jan 2023)")),
        FeeSchedule("hkex-2022", "1 Jan 2022 - 31 Dec 2022 (the 1.00785% total brokers still quote)", Decimal("1"),
                    Decimal("0.0027"), Decimal("0.00015"), Decimal("0.005"),
                    (_BROKERAGE, "https://www.frc.org.hk/en-us/about-the-frc/funding (AFRC/FRC levy from 1 Jan 2022)",
                     "trading fee 0.005% before 1 Jan 2023")),
        FeeSchedule("hkex-2014", "1 Nov 2014 - 31 Dec 2021 (no AFRC levy)", Decimal("1"), Decimal("0.0027"),
                    Decimal("0"), Decimal("0.005"), (_BROKERAGE, "SFC levy 0.0027% from 1 Nov 2014")),
    )
}
DEFAULT_SCHEDULE = "hkex-2023"
ROUND_EACH = "each"
ROUND_TOTAL = "total"


def schedule_named(text: str) -> FeeSchedule:
    key = text.strip().lower()
    if key not in SCHEDULES:
        raise InputError(f"unknown fee schedule {text!r}: choose one of {', '.join(SCHEDULES)}")
    return SCHEDULES[key]


def with_overrides(schedule: FeeSchedule, overrides: dict[str, Decimal | None]) -> FeeSchedule:
    """The schedule with any rate the user gave instead (named '<schedule>+custom')."""
    given = {f"{line}_pct": rate for line, rate in overrides.items() if rate is not None}
    if not given:
        return schedule
    return schedule._replace(name=f"{schedule.name}+custom", **given)  # type: ignore[arg-type]


class Charges(NamedTuple):
    consideration: Decimal
    fees: dict[str, Decimal]
    total_fees: Decimal
    amount_payable: Decimal


def charges(shares: int, price: Decimal, schedule: FeeSchedule, rounding: str = ROUND_EACH) -> Charges:
    """Consideration, each fee line and the amount payable for ``shares`` at ``price``."""
    consideration = mul(shares, price)
    exact = {line: percent_of(consideration, rate) for line, rate in schedule.rates().items()}
    if rounding == ROUND_EACH:
        fees = {line: round_cents(amount) for line, amount in exact.items()}
        total_fees = add(*fees.values())
        return Charges(consideration, fees, total_fees, add(consideration, total_fees))
    payable = round_cents(add(consideration, *exact.values()))
    return Charges(consideration, exact, sub(payable, consideration), payable)


def max_lots(budget: Decimal, board_lot: int, price: Decimal, schedule: FeeSchedule,
             rounding: str = ROUND_EACH) -> int:
    """The most whole lots whose amount payable, fees included, is within the budget.

    The amount payable never falls as lots are added, so the answer is found by
    widening a bracket around the fee-inclusive estimate, then bisecting: at
    most a few hundred evaluations, whatever the inputs (rounding each fee to
    the cent can move the answer far from the estimate when a lot costs less
    than a cent).
    """

    def affordable(lots: int) -> bool:
        return charges(lots * board_lot, price, schedule, rounding).amount_payable <= budget

    per_lot = percent_of(mul(board_lot, price), add(HUNDRED, schedule.total_pct()))
    low = floor_divide(budget, per_lot)
    step = 1
    while low > 0 and not affordable(low):
        low = max(0, low - step)
        step *= 2
    high, step = low + 1, 1
    while affordable(high):
        low, high, step = high, high + step, step * 2
    while high - low > 1:
        middle = (low + high) // 2
        if affordable(middle):
            low = middle
        else:
            high = middle
    return low


def compute_entry_fee(
    *,
    price: Decimal | None = None,
    board_lot: int | None = None,
    lots: int | None = None,
    budget: Decimal | None = None,
    fee_schedule: str = DEFAULT_SCHEDULE,
    fee_rounding: str = ROUND_EACH,
    brokerage_pct: Decimal | None = None,
    sfc_levy_pct: Decimal | None = None,
    afrc_levy_pct: Decimal | None = None,
    trading_fee_pct: Decimal | None = None,
    currency: str = "HKD",
) -> Outcome:
    """Amount payable for N board lots (default 1), fee by fee; with a budget, the most lots affordable."""
    from .calc import DISPLAY_ROUNDING, EntryFeeResult, _inputs
    from .models import Outcome

    if price is None or board_lot is None:
        raise InputError("give --price (the offer price, or the top of the range) and --board-lot")
    if lots == 0:
        raise InputError("--lots must be at least 1")
    if fee_rounding not in (ROUND_EACH, ROUND_TOTAL):
        raise InputError(f"--fee-rounding is '{ROUND_EACH}' or '{ROUND_TOTAL}'")
    schedule = with_overrides(schedule_named(fee_schedule), {
        "brokerage": brokerage_pct, "sfc_levy": sfc_levy_pct, "afrc_levy": afrc_levy_pct,
        "trading_fee": trading_fee_pct,
    })
    inputs = _inputs(price=price, board_lot=board_lot, lots=lots, budget=budget, fee_schedule=fee_schedule,
                     fee_rounding=fee_rounding, brokerage_pct=brokerage_pct, sfc_levy_pct=sfc_levy_pct,
                     afrc_levy_pct=afrc_levy_pct, trading_fee_pct=trading_fee_pct, currency=currency)
    count = lots or 1
    bill = charges(count * board_lot, price, schedule, fee_rounding)
    affordable = max_lots(budget, board_lot, price, schedule, fee_rounding) if budget is not None else None
    notes: tuple[str, ...] = ()
    if affordable == 0:
        notes = (f"the budget does not cover one lot ({charges(board_lot, price, schedule, fee_rounding).amount_payable:f} "
                 "with fees)",)
    rates = ", ".join(f"{line} {rate:f}%" for line, rate in schedule.rates().items())
    assumptions = {
        "fee_schedule": f"{schedule.name} ({schedule.effective}): {rates}; total {schedule.total_pct():f}%",
        "fee_rounding": ("each fee rounded to the nearest cent (half up), as HKEX states" if fee_rounding == ROUND_EACH
                         else "one combined factor, the total rounded to the nearest cent (half up)"),
        "sources": "; ".join(schedule.sources) if schedule.sources else "rates as given",
        "display": DISPLAY_ROUNDING,
    }
    result = EntryFeeResult(
        price=price, board_lot=board_lot, lots=count, shares=count * board_lot, consideration=bill.consideration,
        **bill.fees, total_fees=bill.total_fees, amount_payable=bill.amount_payable,
        fee_schedule=schedule.name, total_fee_pct=schedule.total_pct(), budget=budget, max_lots=affordable,
        max_lots_shares=affordable * board_lot if affordable is not None else None,
        max_lots_amount_payable=(charges(affordable * board_lot, price, schedule, fee_rounding).amount_payable
                                 if affordable else None),
    )
    return Outcome("entry-fee", inputs, result, assumptions, currency, {}, notes)
