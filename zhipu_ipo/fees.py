"""What a Hong Kong IPO application costs: the fee schedules, as dated data, with their parsers.

The amount payable for N board lots is the consideration (lots x board lot x
price) plus brokerage, the SFC transaction levy, the AFRC transaction levy and
the Stock Exchange trading fee, each a percentage of the consideration and each
rounded to the nearest cent (HKEX: "rounded to the nearest cent"; half up).
``fee_rounding`` ``total`` instead applies one combined factor and rounds once,
as some brokers' calculators do; the two can differ by HK$0.01 (Seer: 5,131.24
vs 5,131.23). The arithmetic is in ``calc/fees.py``.
"""

from __future__ import annotations

from decimal import Decimal

from .tuples import named_tuple
from .errors import InputError, choose, shown
from .numbers import add


class FeeSchedule(named_tuple("FeeSchedule",
                             "name effective brokerage_pct sfc_levy_pct afrc_levy_pct trading_fee_pct sources")):
    __slots__ = ()
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
FEE_ROUNDINGS = (ROUND_EACH, ROUND_TOTAL)


def schedule_named(text: str) -> FeeSchedule:
    key = text.strip().lower()
    if key not in SCHEDULES:
        raise InputError(f"unknown fee schedule {shown(text)}: choose one of {', '.join(SCHEDULES)}")
    return SCHEDULES[key]


def parse_fee_schedule(text: str) -> str:
    """A fee schedule's name (the option parser for a fee schedule)."""
    return schedule_named(text).name


def parse_fee_rounding(text: str) -> str:
    return choose(text, FEE_ROUNDINGS, "fee rounding")


def with_overrides(schedule: FeeSchedule, overrides: dict[str, Decimal | None]) -> FeeSchedule:
    """The schedule with any rate the user gave instead (named '<schedule>+custom')."""
    given = {f"{line}_pct": rate for line, rate in overrides.items() if rate is not None}
    if not given:
        return schedule
    return schedule._replace(name=f"{schedule.name}+custom", **given)  # type: ignore[arg-type]
