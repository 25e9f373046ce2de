"""What a Hong Kong broker charges around an IPO: built-in profiles as dated data with sources, and a user's own.

A profile gives, as the broker published it: the handling fee per IPO application
(cash and financed), the IPO-financing convention (annual rate, day-count basis,
any minimum interest, which days are charged), the selling commission with its
minimum per order, the platform fee per order, and what the broker says of the
HKSCC settlement fee. A figure the broker does not publish, or publishes only per
IPO or as "from X%", is ``None`` with a note: it is never guessed. ``effective``
says when each page was read (and any date the page itself carries).

The commands take the values from ``option_values``; an option the user types
wins over the profile. ``parse_broker_file`` reads a user's profile from TOML
(the same keys as ``BrokerProfile``; ``based_on`` starts from a built-in one).
No TOML parser is imported until a file is read.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, NamedTuple

from .errors import InputError, legible, shown
from .numbers import MAX_TEXT_LENGTH, parse_amount_or_zero, parse_percent_or_zero


class BrokerProfile(NamedTuple):
    name: str
    title: str
    effective: str
    handling_fee_cash: Decimal | None  # per application, allotted or not
    handling_fee_financed: Decimal | None  # per financed (margin / bank-financed) application
    financing_rate_pct: Decimal | None  # annual, for the financed route the fee above belongs to
    financing_basis: int | None  # days in the interest year
    min_interest: Decimal | None  # a minimum interest charge per financed application
    interest_days_rule: str  # from which day to which day interest is charged
    commission_pct: Decimal | None  # selling commission, % of the consideration
    min_commission: Decimal | None  # per order
    platform_fee: Decimal | None  # per order
    settlement_note: str  # the HKSCC settlement fee and any charge the broker adds
    sources: tuple[str, ...]
    notes: tuple[str, ...]
    uncertain: bool  # some figure is unpublished, promotional, or from another entity's page


READ = "2026-12-02"  # the day the stored copies of the pages below were read

_FUTU_IPO = ("https://futuhk.com/support/topic2_418 (富途證券(香港) 新股申購與暗盤: 普通申購(現金、富途融資) 申購手續費 0, "
             "適用於自2024年10月24日起招股的新股; 銀行融資申購 申購手續費 100港幣/筆, 銀行融資利息 0; 富途融資 年利率6.8%, 按日計息)")
_FUTU_INTEREST = ("https://www.futuhk.com/hans/support/topic2_97 (融资申购利息说明: 日利率 = 年利率/365; 计息天数为交易所截止申购日当天到"
                  "公布中签前一自然日); same rule in English at https://support.futusg.com/topic274")
_FUTU_TRADING = ("https://www.futuhk.com/support/topic2_335 (港股收費: 佣金 0.03%*交易金額, 每筆訂單最低3.00港元; 平台使用費 固定式 "
                 "每筆訂單15港元, 階梯式 30 to 1 港元 by monthly order count; 交收費 passed through from HKSCC)")
_LB_FEES = ("Longbridge HK, 交易收费: github.com/longbridge/docs apps/hk/docs/en/stock-trading/trading-fees/fee-schedule.md "
            "at commit ed5f243b02b39d66b5367aa09d9b4541abb8401b (2026-08-07): 佣金 0.03% x 交易金额, 单笔最低 3 HKD; 平台费 "
            "15 HKD/笔; 交收费 0.0042%; 打新: 普通认购手续费 49 HKD, 孖展认购手续费 99 HKD")
_LB_IPO = ("Longbridge HK, 新股申购: github.com/longbridge/docs apps/hk/docs/en/ipo/subscription.md at commit ed5f243 "
           "(认购手续费 普通认购 49 HKD/笔, 银行融资认购 常规 99 HKD/笔; 银行融资利息从认购截止日起至中签结果公布前一日止收取; "
           "日利息 = 融资额 x (银行融资利率 / 365); rate: '以认购页面为准')")
_LB_RATE = ("https://support.longbridge.global/topics/hk-trade/2mtjlpi?locale=zh-HK and "
            "https://longbridge.com/nz/zh-HK/support/topics/iposubscription/2mtjlpi.md (updated 2025-10-13): "
            "銀行日融資利息 = 融資金額 * 融資利率 / 365, 當前港幣打新銀行融資利率為 3.99% p.a.")
_TIGER_IPO = ("https://www-web.itiger.com/sg/help/detail/81299344 (Tiger Brokers, HK IPO Subscription Fees: Cash "
              "Subscription Fee HKD 0 / Order, 'From 2024.12.20 No cash subscription fee during the promotional period'; "
              "Financing Subscription Fee HKD 100 / Order; IPO Leverage Financing Interest = principal x interest-bearing "
              "days x daily rate, rate on the subscription page, waived during the current promotion)")
_TIGER_TRADING = ("https://www-web.itiger.com/help/detail/68697332 (Tiger Brokers HK stocks: trading commission "
                  "0.03% x trading value, for users whose first deposit is on or after 3 Jun 2019; a platform-fee row "
                  "whose amount the stored copy does not carry; still lists the pre-2023 trading fee and tariff)")
_HSBC_IPO = ("HSBC HK, 'IPO Listing | Investments' page, notice 'Changes in Securities Services' Charges (effective "
             "from 1 January 2025)': handling fees for HSBC IPO Nominees Services lowered from HK$50 to HK$0 per "
             "application through HSBC Online Banking, HSBC HK Mobile Banking app or HSBC HK Easy Invest app (read from "
             "a stored copy at https://truyenhinhcapsongthu.net/top/ipo-listing-investments-hsbc-hk/ORXDTOIYIdVNJbo; "
             "the page also links the 'IPO Loan Facility Key Facts Statement (PDF)', not read)")
_HSBC_BUSINESS = ("http://www.business.hsbc.com.hk/en-gb/protection-and-investment/equity/stock-eipo (business banking: "
                  "handling fee per Yellow Form application through Business Internet Banking HKD50)")
_HSBC_TRADING = ("https://www.personal.hsbc.com.hk/1/2/hk/investments/stocks/detail (Local Securities Service Charges: "
                 "brokerage 0.25% of transaction amount, minimum HKD100, trading through Internet / Mobile Banking; "
                 "0.4% through manned phonebanking and branch for Premier customers; no platform fee listed)")
_BOCHK_IPO = ("https://www.bochk.com/en/investment/securities/iposhares.html (IPO subscription fee of HK$100, waived "
              "for IPOs opening 1 Jan - 31 Mar 2024, and 1 Apr - 30 Jun 2023, 'Promotion Period'); per-IPO financing "
              "notices: https://www.bochk.com/dam/investment/ipofinancing/ipo_financing_en_9992.html (POP MART, Dec "
              "2020: loan up to 90%, 1.2% p.a., loan application handling fee waived, IPO shares subscription fee "
              "HK$100) and https://www.bochk.com/dam/investment/ipofinancing/ipo_financing_en_3750_2.html (CATL, May "
              "2025: loan interest waived, commitment fee waived, subscription fee HK$100 waived 1 Apr - 30 Jun 2025)")
_BOCHK_TRADING = ("https://www.bochk.com/m/en/corporate/investment/securities/club.html (Securities Club: brokerage "
                  "through automated channels 0.25% for Bright Star, 0.23% Silver, 0.20% Gold, 0.18% Diamond; "
                  "minimum HK$100)")

_PASS_THROUGH = "passes on HKSCC's stock settlement fee (0.0042% from 30 Jun 2025; see calc/sale_schedules.py)"

BROKERS: dict[str, BrokerProfile] = {
    profile.name: profile
    for profile in (
        BrokerProfile(
            "futu", "Futu Securities International (Hong Kong)", f"read {READ}; IPO fees for IPOs opening from 24 Oct 2024",
            Decimal("0"), Decimal("100"), Decimal("0"), 365, None,
            "from the exchange's subscription deadline (counted) to the calendar day before the allotment results "
            "(counted): start = deadline, end = results day",
            Decimal("0.03"), Decimal("3"), Decimal("15"),
            _PASS_THROUGH + "; Futu adds no settlement charge of its own (its table, read then, still printed the "
            "pre-30 Jun 2025 0.002%, min HK$2, max HK$100)",
            (_FUTU_IPO, _FUTU_INTEREST, _FUTU_TRADING),
            ("the financed figures are bank-financed subscription (銀行融資申購): HK$100 per application and the "
             "bank-financing interest the page prints as 0; a Futu-financed (富途融資) ordinary subscription is "
             "HK$0 per application but pays Futu's margin rate, 6.8% a year, settled monthly",
             "platform fee: the fixed plan (HK$15 per order); the tiered plan charges HK$30 to HK$1 by monthly "
             "order count",
             "grey-market sales: 0.03% (min HK$3) plus HK$15 per order, whatever the plan (same page as the IPO fees)"),
            True,
        ),
        BrokerProfile(
            "longbridge", "Longbridge Securities (Hong Kong)",
            f"read {READ}; fee schedule at longbridge/docs commit ed5f243 (2026-08-07); bank-financing rate on a page "
            "updated 2025-10-13",
            Decimal("49"), Decimal("99"), Decimal("3.99"), 365, None,
            "from the subscription deadline (counted) to the day before the allotment results (counted): start = "
            "deadline, end = results day; interest is deducted on the results day, allotted or not",
            Decimal("0.03"), Decimal("3"), Decimal("15"),
            _PASS_THROUGH + "; Longbridge lists 0.0042% x turnover and no charge of its own",
            (_LB_FEES, _LB_IPO, _LB_RATE),
            ("3.99% is the HKD bank-financing rate printed on 13 Oct 2025; the Aug 2026 help centre says only that the "
             "subscription page shows the rate",
             "Longbridge's margin-interest rule: interest under HK$0.01 is not charged (not a minimum charge)",
             "bank financing up to 97% of the amount (33x); a white-label page "
             "(spacefinancial.support.longbridgewhale.com) prints HK$99 below HK$200,000 and HK$120 from HK$200,000 "
             "as the regular bank-financing fee: not Longbridge HK's own schedule"),
            True,
        ),
        BrokerProfile(
            "tiger", "Tiger Brokers (HK IPOs as Tiger's help centre prints them)", f"read {READ}; cash fee waiver from "
            "20 Dec 2024",
            Decimal("0"), Decimal("100"), None, None, None,
            "principal x interest-bearing days x daily rate; which days are interest-bearing is not stated",
            Decimal("0.03"), None, None,
            "not stated beyond HKSCC's fee (the page read still printed the pre-2023 figures)",
            (_TIGER_IPO, _TIGER_TRADING),
            ("the IPO fee page found is Tiger Brokers (Singapore)'s page for HK IPOs; Tiger Brokers (HK)'s own IPO fee "
             "page was not found",
             "financing rate: per IPO, on the subscription page, and waived during the promotion: not published",
             "day-count basis: the page gives a 'daily financing interest rate' without saying how it is derived",
             "minimum commission and the platform fee amount: not in the page read"),
            True,
        ),
        BrokerProfile(
            "hsbc", "HSBC (The Hongkong and Shanghai Banking Corporation), personal banking",
            f"read {READ}; IPO fee from 1 Jan 2025",
            Decimal("0"), None, None, None, None,
            "not published (IPO loan terms are given per IPO in the IPO Loan Facility Key Facts Statement)",
            Decimal("0.25"), Decimal("100"), Decimal("0"),
            "the charge table lists stamp duty, SFC levy and trading fee; no settlement charge of the bank's own found",
            (_HSBC_IPO, _HSBC_TRADING, _HSBC_BUSINESS),
            ("handling fee HK$0 only through online, mobile or Easy Invest; the business-banking eIPO page prints "
             "HK$50 per Yellow Form application",
             "IPO loan handling fee, rate and day count: not published outside the per-IPO key facts statement",
             "commission 0.25% (min HK$100) is the online / mobile rate; branch and phone: 0.4%"),
            True,
        ),
        BrokerProfile(
            "bochk", "Bank of China (Hong Kong)", f"read {READ}; per-IPO financing notices of Dec 2020 and May 2025",
            Decimal("100"), Decimal("100"), None, None, None,
            "not published (per-IPO financing notices give the loan ratio, rate and offer period only)",
            Decimal("0.25"), Decimal("100"), Decimal("0"),
            "not stated in the pages read",
            (_BOCHK_IPO, _BOCHK_TRADING),
            ("IPO subscription fee HK$100, often waived for a quarter ('Promotion Period'); a financed application "
             "pays the same HK$100, the loan application handling fee having been waived in the notices read",
             "financing rate per IPO: 1.2% a year for POP MART (9992, Dec 2020), waived for CATL (3750, May 2025): "
             "no standing rate",
             "commission: the Bright Star (entry) tier through automated channels; higher tiers pay 0.23% to 0.18%"),
            True,
        ),
    )
}

#: Other spellings a user may type (the Chinese names).
ALIASES = {"富途": "futu", "長橋": "longbridge", "长桥": "longbridge", "老虎": "tiger", "滙豐": "hsbc", "汇丰": "hsbc",
           "匯豐": "hsbc", "中銀香港": "bochk", "中银香港": "bochk", "boc-hk": "bochk"}


def parse_broker(text: str) -> str:
    """A built-in broker's name, case and surrounding space ignored (the option parser)."""
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    key = text.strip().lower()
    key = ALIASES.get(key, key)
    if key not in BROKERS:
        raise InputError(f"unknown broker {shown(text)}: choose one of {', '.join(BROKERS)} "
                         "(or give your own profile in a TOML file)")
    return key


def broker_named(name: str) -> BrokerProfile:
    return BROKERS[parse_broker(name)]


# --- what the commands take from a profile ------------------------------------------------------


def handling_fee(profile: BrokerProfile, financed: bool) -> Decimal | None:
    """The handling fee for one application: the financed fee when any part is financed, else the cash fee."""
    return profile.handling_fee_financed if financed else profile.handling_fee_cash


def option_values(profile: BrokerProfile) -> dict[str, Any]:
    """The values the profile gives for the commands' options, by option name; an unpublished one is left out.

    ``handling_fee`` is the cash application's fee and ``handling_fee_financed`` the
    financed one's: `margin` is always financed, so it takes ``handling_fee_financed``;
    `expected-value` takes it when the application is financed, else ``handling_fee``
    (``handling_fee(profile, financed)`` applies this rule). ``rate`` may be 0 where a
    broker prints interest-free financing. `sell` takes ``commission_pct``,
    ``min_commission`` and ``platform_fee``.
    """
    values = {
        "handling_fee": profile.handling_fee_cash,
        "handling_fee_financed": profile.handling_fee_financed,
        "rate": profile.financing_rate_pct,
        "basis": profile.financing_basis,
        "commission_pct": profile.commission_pct,
        "min_commission": profile.min_commission,
        "platform_fee": profile.platform_fee,
    }
    if profile.commission_pct is None:  # a minimum without a rate is refused by `sell`
        values["min_commission"] = None
    return {key: value for key, value in values.items() if value is not None}


def _money(value: Decimal | None) -> str:
    return "not published" if value is None else f"HK${value:f}"


def summary(profile: BrokerProfile) -> str:
    """One line for a command's assumptions: the profile's figures, when read, and its sources."""
    rate = "not published" if profile.financing_rate_pct is None else f"{profile.financing_rate_pct:f}% a year"
    basis = "" if profile.financing_basis is None else f" / {profile.financing_basis}"
    commission = ("not published" if profile.commission_pct is None else
                  f"{profile.commission_pct:f}% (min {_money(profile.min_commission)})")
    text = (f"broker {profile.name} ({profile.title}; {profile.effective}): handling fee "
            f"{_money(profile.handling_fee_cash)} cash, {_money(profile.handling_fee_financed)} financed; financing "
            f"{rate}{basis}; commission {commission}; platform fee {_money(profile.platform_fee)} per order")
    if profile.uncertain:
        text += "; some figures unpublished or promotional, see notes"
    return text + "; sources: " + "; ".join(profile.sources)


# --- a user's own profile, in TOML --------------------------------------------------------------

MAX_TEXT = 2000


def _text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise InputError(f"give a string, not {type(raw).__name__}")
    if len(raw) > MAX_TEXT:
        raise InputError(f"longer than {MAX_TEXT:,} characters")
    return raw


def _texts(raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str):
        return (_text(raw),)
    if not isinstance(raw, list):
        raise InputError(f"give a list of strings, not {type(raw).__name__}")
    return tuple(_text(item) for item in raw)


def _number(parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    def convert(raw: Any) -> Any:
        if isinstance(raw, bool) or not isinstance(raw, (str, int)):
            raise InputError(f"give a string or a whole number, not {type(raw).__name__}")
        if isinstance(raw, int) and not -10 ** MAX_TEXT_LENGTH < raw < 10 ** MAX_TEXT_LENGTH:  # (0x... of any length)
            raise InputError(f"value is longer than {MAX_TEXT_LENGTH} characters")
        return parse(str(raw))
    return convert


def _basis(raw: Any) -> int:
    from .calc.financing import parse_basis

    return _number(parse_basis)(raw)  # type: ignore[no-any-return]


def _flag(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise InputError(f"give true or false, not {type(raw).__name__}")
    return raw


def _name(raw: Any) -> str:
    name = _text(raw).strip()
    if not name or len(name) > 40 or not name.isprintable():
        raise InputError(f"{shown(raw)}: give a short printable name")
    return name


_money_key = _number(parse_amount_or_zero)
_percent_key = _number(parse_percent_or_zero)

#: The keys of a profile file and how each value is read (``based_on`` names a built-in profile to start from).
FILE_KEYS: dict[str, Callable[[Any], Any]] = {
    "based_on": lambda raw: parse_broker(_text(raw)),
    "name": _name,
    "title": _text,
    "effective": _text,
    "handling_fee_cash": _money_key,
    "handling_fee_financed": _money_key,
    "financing_rate_pct": _percent_key,
    "financing_basis": _basis,
    "min_interest": _money_key,
    "interest_days_rule": _text,
    "commission_pct": _percent_key,
    "min_commission": _money_key,
    "platform_fee": _money_key,
    "settlement_note": _text,
    "sources": _texts,
    "notes": _texts,
    "uncertain": _flag,
}

EMPTY = BrokerProfile("custom", "", "as given", None, None, None, None, None, "as given", None, None, None, "", (), (),
                      False)


def parse_broker_file(text: str, origin: str) -> BrokerProfile:
    """A user's broker profile from TOML text; every message names ``origin`` and the key, never an option.

    Top-level keys only, those of ``BrokerProfile`` plus ``based_on`` (a built-in
    profile whose figures the file then overrides). Amounts and percentages are
    strings or whole numbers ("0.03%", "15", 100); a bare decimal is read exactly.
    """
    from .textfiles import load_toml

    document = load_toml(text, origin)
    given: dict[str, Any] = {}
    for key, raw in document.items():
        convert = FILE_KEYS.get(key)
        if convert is None:
            raise InputError(f"{origin}: {legible(key)} is not a known key (known: {', '.join(FILE_KEYS)})")
        try:
            given[key] = convert(raw)
        except InputError as error:
            raise InputError(f"{origin}: {key}: {error}") from None
    base_name = given.pop("based_on", None)
    base = BROKERS[base_name] if base_name is not None else EMPTY
    if "name" not in given:
        given["name"] = f"{base.name}+custom" if base_name is not None else base.name
    if base_name is not None and "sources" in given:
        given["sources"] = base.sources + given["sources"]
    if base_name is not None and "notes" in given:
        given["notes"] = base.notes + given["notes"]
    if given.get("min_commission") and given.get("commission_pct", base.commission_pct) is None:
        raise InputError(f"{origin}: min_commission needs commission_pct (the broker's rate)")
    return base._replace(**given)


def layer(name: str | None, path: str | None, financed: bool) -> tuple[str, dict[str, Any], str]:
    """A broker's layer of option values (a built-in ``name`` or a user's profile at ``path``): its name, the values
    by option name, and a summary line. The handling fee is the financed application's when ``financed``, else the
    cash one's; a cash application takes none of the financing terms."""
    if name is not None and path is not None:
        raise InputError("give `broker` or `broker_file`, not both")
    if name is not None:
        profile = broker_named(name)
    else:
        assert path is not None
        from .errors import legible
        from .textfiles import read_text_file

        profile = parse_broker_file(read_text_file(path, 1 << 20, "a broker profile (TOML)"), legible(path))
    values = option_values(profile)
    fee = handling_fee(profile, financed)
    values.pop("handling_fee_financed", None)
    values.pop("handling_fee", None)
    if fee is not None:
        values["handling_fee"] = fee
    if not financed:
        values.pop("rate", None)
        values.pop("basis", None)
    return profile.name, values, summary(profile)
