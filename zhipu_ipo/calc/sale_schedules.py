"""What a sale in Hong Kong is charged, by date: each charge's dated periods with sources, and the HKEX spread table.

Every charge is dated data (``STAMP_DUTY``, ``TRADING_FEE``, ``SFC_LEVY``, ``AFRC_LEVY``,
``SETTLEMENT``, ``SPREAD_TABLES``); the trade date picks one period of each. A date before
the earliest period (1 Nov 2014) is refused rather than priced with rules that were not in
force. The arithmetic of a sale is in ``calc/selling.py``.
"""

from __future__ import annotations

from datetime import date as Day
from decimal import ROUND_CEILING, Decimal

from ..tuples import named_tuple
from ..errors import InputError
from ..numbers import ZERO, add, divide, mul, sub

# --- the dated schedules -------------------------------------------------------------------------

OPEN = Day.max


class Period(named_tuple("Period", "start end rate_pct fixed minimum maximum sources", defaults=(ZERO, None, None, ()))):
    """One rule in force from ``start`` to ``end`` (both inclusive)."""

    __slots__ = ()

    start: Day
    end: Day
    rate_pct: Decimal  # percent of the consideration
    fixed: Decimal  # a fixed amount per transaction (the trading tariff)
    minimum: Decimal | None
    maximum: Decimal | None
    sources: tuple[str, ...]

    def in_force(self, day: Day) -> bool:
        return self.start <= day <= self.end

    def describe(self) -> str:
        parts = [f"{self.rate_pct:f}%"]
        if self.fixed:
            parts.append(f"+ {self.fixed:f} per transaction")
        if self.minimum is not None:
            parts.append(f"min {self.minimum:f}")
        if self.maximum is not None:
            parts.append(f"max {self.maximum:f}")
        until = "" if self.end == OPEN else f" to {self.end.isoformat()}"
        return f"{' '.join(parts)} (from {self.start.isoformat()}{until})"


_HKEX_TRANSACTION = ("https://www.hkex.com.hk/Services/Rules-and-Forms-and-Fees/Fees/Securities-(Hong-Kong)/Trading/"
                     "Transaction (SFC levy 0.0027% from 1 Nov 2014, AFRC levy 0.00015% from 1 Jan 2022, trading fee "
                     "0.00565%, each per side, rounded to the nearest cent)")
_HKEX_2013 = ("http://www.hkex.com.hk/eng/market/sec_tradinfo/trancost.htm (HKEX, 2013: trading fee 0.005% per side "
              "rounded to the nearest cent; trading tariff HK$0.50 on each and every transaction)")
_HKEX_2022_FEES = ("https://www.hkex.com.hk/News/Market-Communications/2022/221101news (trading tariff of $0.50 removed "
                   "and trading fee 0.005% -> 0.00565% from 1 Jan 2023)")
_STAMP_RULE = "Stamp Duty Ordinance (Cap 117) s 18A: any fraction of $1 reckoned as $1"
_HKSCC_OLD = ("https://www.hkex.com.hk/Services/Rules-and-Forms-and-Fees/Fees/Securities-(Hong-Kong)/"
              "Clearing-and-Settlement/Operational (stock settlement fee 0.002% of gross value, min HK$2, max HK$100 "
              "per side)")
_HKSCC_NEW = ("HKSCC announcement of 30 May 2025, 'new stock settlement fee structure effective 30 June 2025': "
              "0.0042% of gross value per trade, no minimum or maximum (etnet 30 May and 30 Jun 2025, "
              "https://www.etnet.com.hk/mobile/tc/warrants/quote_news_detail.php?code=56841&newsid=ETN350530528); "
              "HKEX release 21 Feb 2025 https://www.hkex.com.hk/News/Market-Communications/2025/250221news")

EARLIEST = Day(2014, 11, 1)

STAMP_DUTY: tuple[Period, ...] = (
    Period(EARLIEST, Day(2021, 7, 31), Decimal("0.1"), sources=(
        _STAMP_RULE, "0.1% per party before 1 Aug 2021 (Webull HK fee schedule updated 31 May 2021, "
        "https://www.webull.hk/en/pricing)")),
    Period(Day(2021, 8, 1), Day(2023, 11, 16), Decimal("0.13"), sources=(
        _STAMP_RULE, "https://www.ird.gov.hk/eng/tax/budget2021_sd.htm (0.13% from 1 Aug 2021)")),
    Period(Day(2023, 11, 17), OPEN, Decimal("0.1"), sources=(
        _STAMP_RULE, "Stamp Duty (Amendment) (Stock Transfers) Ordinance 2023, in operation 17 Nov 2023 (HKEX circular "
        "CT/152/23, https://lff.com.hk/en/news/reduction-of-stamp-duty-20231117)")),
)
TRADING_FEE: tuple[Period, ...] = (
    Period(EARLIEST, Day(2022, 12, 31), Decimal("0.005"), fixed=Decimal("0.50"), sources=(_HKEX_2013,)),
    Period(Day(2023, 1, 1), OPEN, Decimal("0.00565"), sources=(_HKEX_2022_FEES, _HKEX_TRANSACTION)),
)
SFC_LEVY: tuple[Period, ...] = (
    Period(EARLIEST, OPEN, Decimal("0.0027"), sources=(_HKEX_TRANSACTION,)),
)
AFRC_LEVY: tuple[Period, ...] = (
    Period(EARLIEST, Day(2021, 12, 31), ZERO, sources=("no FRC/AFRC levy before 1 Jan 2022",)),
    Period(Day(2022, 1, 1), OPEN, Decimal("0.00015"), sources=(_HKEX_TRANSACTION,)),
)
SETTLEMENT: tuple[Period, ...] = (
    Period(EARLIEST, Day(2025, 6, 29), Decimal("0.002"), minimum=Decimal("2"), maximum=Decimal("100"),
           sources=(_HKSCC_OLD,)),
    Period(Day(2025, 6, 30), OPEN, Decimal("0.0042"), sources=(_HKSCC_NEW,)),
)

SCHEDULES = {"stamp_duty": STAMP_DUTY, "trading_fee": TRADING_FEE, "sfc_levy": SFC_LEVY, "afrc_levy": AFRC_LEVY,
             "settlement_fee": SETTLEMENT}


def period_on(table: tuple[Period, ...], day: Day, what: str) -> Period:
    for period in table:
        if period.in_force(day):
            return period
    raise InputError(f"`date` {day.isoformat()} is before the earliest dated {what} rule here "
                     f"({table[0].start.isoformat()}): such a trade is not priced")


# --- the spread table --------------------------------------------------------------------------


class SpreadTable(named_tuple("SpreadTable", "start end bands sources")):
    __slots__ = ()
    start: Day
    end: Day
    bands: tuple[tuple[Decimal, Decimal, Decimal], ...]  # (over, up to and including, tick)
    sources: tuple[str, ...]


def _bands(*rows: tuple[str, str, str]) -> tuple[tuple[Decimal, Decimal, Decimal], ...]:
    return tuple((Decimal(low), Decimal(high), Decimal(tick)) for low, high, tick in rows)


_SPREADS_2006 = (("0", "0.25", "0.001"), ("0.25", "0.50", "0.005"), ("0.50", "10", "0.01"), ("10", "20", "0.02"),
                 ("20", "100", "0.05"), ("100", "200", "0.10"), ("200", "500", "0.20"), ("500", "1000", "0.50"),
                 ("1000", "2000", "1"), ("2000", "5000", "2"), ("5000", "9995", "5"))
_SPREADS_2025 = (("0", "0.25", "0.001"), ("0.25", "0.50", "0.005"), ("0.50", "20", "0.01"), ("20", "50", "0.02"),
                 ("50", "100", "0.05"), ("100", "200", "0.10"), ("200", "500", "0.20"), ("500", "1000", "0.50"),
                 ("1000", "2000", "1"), ("2000", "5000", "2"), ("5000", "9995", "5"))

SPREAD_TABLES: tuple[SpreadTable, ...] = (
    SpreadTable(EARLIEST, Day(2025, 8, 3), _bands(*_SPREADS_2006), (
        "HKEX spread table (Part A) since 24 Jul 2006: HKEX news 18 Jul 2006, "
        "https://mondovisione.com/news/hkex-sets-date-for-reduction-of-minimum-trading-spreads-for-securities-"
        "priced-be-2011124",)),
    SpreadTable(Day(2025, 8, 4), OPEN, _bands(*_SPREADS_2025), (
        "HKEX reduction of minimum spreads, phase 1 from 4 Aug 2025 (10-20: 0.01, 20-50: 0.02): "
        "https://www.hkex.com.hk/Services/Trading/Securities/Overview/Trading-Mechanism/Reduction-of-Minimum-Spreads; "
        "phase 2 (0.50-10: 0.005, 'around mid-2026') not modelled: no date found",)),
)


def spread_table_on(day: Day) -> SpreadTable:
    for table in SPREAD_TABLES:
        if table.start <= day <= table.end:
            return table
    raise InputError(f"`date` {day.isoformat()} is before the earliest spread table ({EARLIEST.isoformat()})")


def tick_at_or_above(price: Decimal, table: SpreadTable) -> tuple[Decimal, Decimal] | None:
    """The smallest price on the spread table at or above ``price``, and the tick of its band.

    A band "over X to Y" trades in steps of its tick from X; None above the top of the table.
    """
    for low, high, tick in table.bands:
        if price <= high:
            steps = divide(sub(max(price, low), low), tick)[0].to_integral_value(rounding=ROUND_CEILING)
            return add(low, mul(steps, tick)), tick
    return None
