"""Hong Kong public-offer reallocation regimes, as data, with their sources.

Each regime says how big the Hong Kong public tranche starts (a percentage of
the offer shares initially offered, before the over-allotment option) and, for
a clawback regime, the ladder of subscription multiples at which it grows.
``calc/allocation.py`` reads these tables; ``zhipu-ipo rules`` prints them;
docs/hk-rules.md shows the same tables.

A rung ``(15, 30)`` means: a multiple of at least 15 (shares applied for /
shares initially offered in the public tranche) lifts the public tranche to
30% of the offer shares initially offered. Where a source is secondary or
sources conflict, ``uncertain`` says so, and the user can pass their own
ladder (``--ladder``) or tranche (``--offered``).
"""

from __future__ import annotations

from decimal import Decimal

from .tuples import named_tuple
from .errors import InputError, choose, shown


class Rung(named_tuple("Rung", "min_multiple public_pct")):
    __slots__ = ()
    min_multiple: Decimal  # at least this many times the initial public tranche
    public_pct: Decimal  # the public tranche becomes this % of the offer shares initially offered


class Regime(named_tuple("Regime", "name title initial_pct ladder effective basis sources uncertain fixed_pct_range",
                        defaults=("", None))):
    __slots__ = ()
    name: str
    title: str
    initial_pct: Decimal | None  # None: the issuer fixes the tranche (Mechanism B)
    ladder: tuple[Rung, ...]
    effective: str
    basis: str
    sources: tuple[str, ...]
    uncertain: str
    fixed_pct_range: tuple[Decimal, Decimal] | None  # Mechanism B: allowed public share

    @property
    def clawback(self) -> bool:
        return bool(self.ladder)


def _ladder(*pairs: tuple[str, str]) -> tuple[Rung, ...]:
    return tuple(Rung(Decimal(multiple), Decimal(pct)) for multiple, pct in pairs)


PN18 = Regime(
    name="pn18",
    title="Practice Note 18 (legacy clawback)",
    initial_pct=Decimal(10),
    ladder=_ladder(("15", "30"), ("50", "40"), ("100", "50")),
    effective="until 3 Aug 2025 (IPOs before the 2025 reform)",
    basis="Main Board Listing Rules Practice Note 18 para 4.2 (GEM Practice Note 6 para 4): minimum public tranche",
    sources=(
        "https://en-rules.hkex.com.hk/node/5098 (GEM PN6, same text)",
        "http://angolace.com/guonei/2020/0714/1105.html (34.64x -> 30%, a 2020 allotment announcement)",
    ),
)

CHAPTER_18C = Regime(
    name="18c",
    title="Chapter 18C specialist technology companies",
    initial_pct=Decimal(5),
    ladder=_ladder(("10", "10"), ("50", "20")),
    effective="from 31 Mar 2023 (Chapter 18C listings; not replaced by Mechanisms A/B)",
    basis="Rule 18C.09, modifying Practice Note 18 para 4.2",
    sources=(
        "https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0623/2026062302143.pdf "
        "(Seer 06106: 5,934.56x -> 20%, 'as modified by Rule 18C.09')",
        "https://www.itiger.com/news/1139112685 (Zhipu 2513: 1,159.46x, 1,871,000 -> 7,483,900 = 20%)",
    ),
    uncertain="the 10x -> 10% middle step comes from secondary sources only; the 50x -> 20% step is "
    "confirmed by Seer's and Zhipu's announcements",
)

MECHANISM_A = Regime(
    name="mechanism-a",
    title="Mechanism A (clawback, 2025 reform)",
    initial_pct=Decimal(5),
    ladder=_ladder(("15", "15"), ("50", "25"), ("100", "35")),
    effective="from 4 Aug 2025",
    basis="HKEX conclusions, 'Optimising IPO price discovery and open market requirements' (1 Aug 2025), "
    "amended Practice Note 18",
    sources=(
        "AUX Electric (2580) prospectus: first step at 15x",
        "https://reportify.ai/news/1148712679985254400 (5%, 15%, 25%, 35%)",
        "https://www.etnet.com.hk/www/tc/news/topic_news_detail.php?category=financenews&newsid=163877 "
        "(reports the first step at 10x)",
    ),
    uncertain="the first step is 15x in AUX Electric's (2580) prospectus, but some press reports 10x; "
    "that reading is the ladder 10:15,50:25,100:35",
)

MECHANISM_B = Regime(
    name="mechanism-b",
    title="Mechanism B (fixed public tranche, 2025 reform)",
    initial_pct=None,
    ladder=(),
    effective="from 4 Aug 2025",
    basis="HKEX conclusions (1 Aug 2025): the issuer fixes the public tranche at 10%-60% of the offer; no clawback",
    sources=(
        "http://113.28.163.59/en/mobile/news.aspx?newsid=NOW.1457935&newssource=AAFN (AASTOCKS, HKEX release)",
        "https://www.itiger.com/news/2573640043 (Dahon 2543: 10% fixed, 792,000 of 7,920,000)",
    ),
    fixed_pct_range=(Decimal(10), Decimal(60)),
)

REGIMES: dict[str, Regime] = {regime.name: regime for regime in (PN18, CHAPTER_18C, MECHANISM_A, MECHANISM_B)}

ALIASES = {
    "pn18-legacy": "pn18", "legacy": "pn18", "practice-note-18": "pn18",
    "chapter-18c": "18c", "ch18c": "18c",
    "a": "mechanism-a", "mech-a": "mechanism-a", "mechanism_a": "mechanism-a",
    "b": "mechanism-b", "mech-b": "mechanism-b", "mechanism_b": "mechanism-b",
}

#: The pool split of the public tranche (Practice Note 18 para 3.1, unchanged by the 2025 reform): pool A takes
#: applications of this many HK dollars or less. The arithmetic is ``calc/allocation.py`` (``pool_boundary``,
#: ``split_pools``), used by ``oversubscription`` and ``ballot`` alike.
POOL_BOUNDARY = Decimal(5_000_000)
POOL_RULE = (
    "Practice Note 18 para 3.1 (GEM PN6 para 3): pools A (applications of HK$5m or less, excluding fees) and B "
    "split the public tranche equally; no application may exceed the shares originally in one pool "
    "(https://en-rules.hkex.com.hk/node/5098); an odd board lot goes to pool A, as published allotment tables "
    "give it (Zhipu 2513: pool A 3,742,000, pool B 3,741,900; "
    "https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701798.pdf)"
)
POOL_BOUNDARY_PRICE = (
    "the HK$5m boundary is reckoned at the maximum offer price (the top of the range), as allotment "
    "announcements place tiers; max_price gives it, else the offer price is used"
)
UNDERSUBSCRIBED_PRACTICE = (
    "prospectus practice: unsubscribed public shares move to the placing tranche "
    "(e.g. http://www.dress52.cn/article/20140626/147893.html)"
)
WEAK_PLACING_NOTE = (
    "the international placing is undersubscribed; the rules may limit the clawback then (a June 2025 Ming Pao "
    "report; no rule text found), so the ladder is applied as is: pass `offered` or `ladder` to set the tranche"
)


def regime_named(text: str) -> Regime:
    key = text.strip().lower().replace(" ", "-")
    key = ALIASES.get(key, key)
    if key not in REGIMES:
        raise InputError(f"unknown regime {shown(text)}: choose one of {', '.join(REGIMES)}")
    return REGIMES[key]


def parse_regime(text: str) -> str:
    """A regime name or alias -> its canonical name (the option parser for a regime)."""
    return regime_named(text).name


def parse_ladder(text: str) -> tuple[Rung, ...]:
    """``"15:30,50:40,100:50"`` -> rungs (multiple at least, public %), strictly increasing."""
    from .numbers import parse_multiple, parse_percent

    rungs = []
    for part in text.split(","):
        multiple, colon, pct = part.partition(":")
        if not colon:
            raise InputError(f"ladder step {shown(part.strip())} is not MULTIPLE:PCT (e.g. 15:30)")
        rungs.append(Rung(parse_multiple(multiple), parse_percent(pct)))
    for lower, upper in zip(rungs, rungs[1:]):
        if not (lower.min_multiple < upper.min_multiple and lower.public_pct <= upper.public_pct):
            raise InputError("ladder steps must rise: multiples strictly, percentages never falling")
    return tuple(rungs)


def parse_ladder_text(text: str) -> str:
    """Validate a ladder; keep its canonical text (``15:30,50:40,100:50``), the option parser for a ladder."""
    return ",".join(f"{rung.min_multiple:f}:{rung.public_pct:f}" for rung in parse_ladder(text))


def describe_ladder(regime: Regime) -> str:
    said = _DESCRIBED.get(id(regime))
    if said is None or said[0] is not regime:  # a regime is described once while it is in use
        if len(_DESCRIBED) >= 64:
            _DESCRIBED.clear()
        said = _DESCRIBED[id(regime)] = (regime, _describe_ladder(regime))
    return said[1]


_DESCRIBED: dict[int, tuple[Regime, str]] = {}


def _describe_ladder(regime: Regime) -> str:
    if not regime.ladder:
        if regime.fixed_pct_range is None:
            return "no clawback"
        low, high = regime.fixed_pct_range
        return f"fixed {low:f}%-{high:f}%, no clawback"
    initial = f"{regime.initial_pct:f}%" if regime.initial_pct is not None else "the tranche as given"
    steps = [f"<{regime.ladder[0].min_multiple:f}x: {initial}"]
    steps += [f">={rung.min_multiple:f}x: {rung.public_pct:f}%" for rung in regime.ladder]
    return "; ".join(steps)


#: The usual over-allotment option, and the cap on it: 15% of the offer shares initially offered.
GREENSHOE_CAP_PCT = Decimal(15)
GREENSHOE_CAP_SOURCE = (
    "15% of the shares initially offered, as Hong Kong announcements state it (e.g. Zhipu 2513: 5,612,900 of "
    "37,419,500; https://www.itiger.com/news/1139112685); the statutory text was not retrieved"
)


# --- Deals as they really are: upsize, waivers, discretionary reallocation, resale, preferential tranches ---


class DealRule(named_tuple("DealRule", "name title rule effective sources uncertain", defaults=("",))):
    """A rule of a real deal's structure (not a regime ladder), with its dates and sources."""

    __slots__ = ()
    name: str
    title: str
    rule: str
    effective: str
    sources: tuple[str, ...]
    uncertain: str


#: The offer size adjustment option adds at most this % of the offer shares initially offered (UPSIZE's sources).
UPSIZE_CAP_PCT = Decimal(15)
#: Where the shares of an offer size adjustment (upsize) go.
UPSIZE_TARGETS = ("placing", "pro-rata", "public")
#: Which offer the clawback percentages are of when an upsize meets a clawback.
CLAWBACK_BASES = ("initial", "upsized")
#: Which part of the offer a preferential (employee) tranche comes out of: the whole offer before the split (the
#: public % is then of the rest), or the international offering (the public % is of the whole offer).
PREFERENTIAL_FROM = ("offer", "international")
#: HKEX-GL91-18: a reallocation outside the clawback may at most double the initial public tranche.
REALLOCATION_CAP_MULTIPLE = Decimal(2)

UPSIZE = DealRule(
    name="upsize",
    title="Offer size adjustment option (upsize)",
    rule="up to 15% more shares at the offer price, exercised before the results; the shares go all to the "
    "placing (Sany 6031) or split by the initial ratio (Seres 9927 10/90, CATL 3750 7.5/92.5); the multiple "
    "stays on the initial public tranche",
    effective="Hong Kong offers since 2018; common in A+H offers of 2025",
    sources=(
        "https://reportify.cn/filings/1180315269810229248 (Sany 6031: 51,174,200 upsize, all to the "
        "international offering; HK 58,042,600, international 573,556,200)",
        "https://www-web.itiger.com/news/1187894808 (Seres 9927: 8,419,000 upsize split 10.0% : 90.0%)",
        "http://mladies.com.cn/data/202505/93996.html (CATL 3750: 151.15x 'before the offer size adjustment')",
    ),
)
GREENSHOE_AFTER_UPSIZE = DealRule(
    name="greenshoe-after-upsize",
    title="Over-allotment option on the upsized offer",
    rule="the option is 15% of the offer after the upsize, before the option, rounded down to whole lots",
    effective="as stated in each announcement",
    sources=(
        "https://reportify.cn/filings/1180315269810229248 (Sany 6031: 94,739,800 = 15% of 631,598,800, down to lots "
        "of 200)",
        "http://gubaposthk.eastmoney.com/news,002050,1573046701.html (Sanhua 2050: 62,156,900 = 15% of 414,379,500 "
        "'after full exercise of the offer size adjustment option')",
    ),
)
CLAWBACK_BASE = DealRule(
    name="clawback-base",
    title="Clawback percentages when an upsize meets a clawback",
    rule="the band's % is of the offer shares initially available (before the upsize); the public tranche's "
    "share of the upsize is then added; clawback_base upsized applies the % to the offer after the upsize",
    effective="as given in each prospectus",
    sources=(
        "https://lawinsider.com/clause/clawback-from-international-offering-to-hong-kong-public-offering-and-pools "
        "(% of the 'Offer Shares initially available under the Global Offering')",
        "https://en-rules.hkex.com.hk/node/678/revisions/678/view (the initial allocation, before any transfer)",
    ),
    uncertain="no 2025 deal with both an upsize and a triggered clawback was found; 'initially available' is "
    "read as before the upsize",
)
WAIVERS = DealRule(
    name="waivers",
    title="Modified clawbacks (Practice Note 18 waivers)",
    rule="large and A+H offers often obtain a waiver with their own initial % and ladder; the deal's prospectus, "
    "not the regime, is the authority: give its initial_pct and ladder (a deal's [public], or options)",
    effective="case by case (HKEx-LD60-1, LD60-2 typical waiver: 5% or 10% initial)",
    sources=(
        "https://studylib.net/doc/9045337/hkex-listing-decision (HKEx-LD60-2: 10/15/17.5/20%)",
        "https://www.yuhaojiang.com/redian/831489.html (Hengrui 1276: waiver, 21.5% above 97x)",
        "https://longbridge.com/en/topics/24740529 (Horizon Robotics 9660: 10% -> 15% at 33.83x)",
    ),
)
REALLOCATION_CAP = DealRule(
    name="gl91-18",
    title="Placing-to-public reallocation outside the clawback (HKEX-GL91-18)",
    rule="below the first clawback step the coordinators may move placing shares to the public tranche, but the "
    "public tranche may then be at most double its initial allocation",
    effective="from 2 Feb 2018 (guidance letter); the Dec 2024 consultation proposed to keep the cap",
    sources=(
        "http://www.hkex.com.hk/News/News-Release/2018/1802022news?sc_lang=en (HKEX release, 2 Feb 2018)",
        "http://wanglu.net/thread/t12-160443-0.html (6.13x: 10,000,000 -> 20,000,000 = 20%, 'allocation cap' "
        "not exceeded)",
        "https://www.jsm.com/publications/2024/hkex-consultation-optimising-ipo-price-discovery-and-open-market-"
        "requirements/ (cap retained, its threshold proposed at 15% instead of 30%)",
    ),
    uncertain="only the doubling cap is checked; other conditions (e.g. pricing at the bottom of the range) and "
    "the 2025 threshold were not verified in a primary text",
)
STABILISATION_RESALE = DealRule(
    name="stabilisation-resale",
    title="Stabilisation with resale",
    rule="exercised = over-allotted - (bought back - resold): shares bought and sold again in stabilisation do "
    "not reduce the exercise",
    effective="Securities and Futures (Price Stabilizing) Rules, Cap. 571W, since 2003",
    sources=(
        "http://www.hklii.org/hk/legis/en/reg/571W/s7.html (s7(1)(c): sell securities acquired in stabilisation "
        "to liquidate the position)",
        "http://gubaposthk.eastmoney.com/news,002050,1573046701.html (Sanhua 2050: 6,529,000 bought, option still "
        "exercised in full, 62,156,900)",
    ),
)
PREFERENTIAL = DealRule(
    name="preferential",
    title="Preferential or employee tranche",
    rule="a tranche reserved for qualifying shareholders or employees comes out of the offer before the "
    "public/placing split and the public % and the clawback are of the rest (preferential_from offer); or it is "
    "carved out of the international offering and the public % is of the whole offer (preferential_from "
    "international: Eastroc 9980, 2026, employee tranche, public 10% of 40,889,900 = 4,089,000 in lots); "
    "preferential shares not taken up go back to the international offering",
    effective="case by case (spin-offs' assured entitlements; employee offers)",
    sources=(
        "https://en-rules.hkex.com.hk/rulebook/placing-guidelines-equity-securities (para 7: at most 10% of a "
        "placing to employees)",
        "https://financedocbox.com/Stocks/125589651-How-to-apply-for-hong-kong-offer-share-stapled-units-and-"
        "reserved-share-stapled-units.html (HK Electric 2014: reserved units for the parent's shareholders)",
        "http://www.hcygmm.com/caijing/1243723.html (Eastroc 9980: 40,889,900 H shares, Hong Kong public offering "
        "10%, international offering 90%, of the whole global offering)",
    ),
    uncertain="whether a deal's percentages are of the whole offer or of the rest is deal-specific: check the "
    "prospectus",
)
#: The 2025 initial public float tiers; the numbers are data in calc/listing_float.py (``zhipu-ipo float``).
PUBLIC_FLOAT_2025 = DealRule(
    "public-float-2025",
    "Initial public float at listing (Main Board Rule 8.08, 2025 tiers)",
    "by the expected market value of the class at listing: up to HK$6bn 25%; over HK$6bn to HK$30bn the higher of "
    "15% and the % putting HK$1.5bn in public hands; over HK$30bn the higher of 10% and HK$4.5bn; over HK$45bn the "
    "Exchange may accept less, case by case. PRC issuers: public H shares over all shares of the class",
    "listing documents published on or after 4 Aug 2025 (conclusions published 1 Aug 2025); before: 25%, or "
    "15%-25% at the Exchange's discretion above HK$10bn",
    ("https://cm.twobirds.com/en/insights/2025/china/hong-kong-stock-exchange-optimises-ipo-price-discovery-and-open-"
     "market-requirements (Bird & Bird: tiers A, B, C)",
     "https://www.legal500.com/developments/?p=53540 (YYC Legal: effective 4 Aug 2025; the HK$45bn discretion)",
     "https://production.jdsupra.com/legalnews/hkex-issues-conclusions-on-optimizing-8334200 (Morgan Lewis: PRC "
     "issuers, H shares in the numerator only)"),
    "the Listing Rules text itself was not retrieved; three law-firm summaries agree on the figures",
)

DEAL_RULES: dict[str, DealRule] = {rule.name: rule for rule in (
    UPSIZE, GREENSHOE_AFTER_UPSIZE, CLAWBACK_BASE, WAIVERS, REALLOCATION_CAP, STABILISATION_RESALE, PREFERENTIAL,
    PUBLIC_FLOAT_2025)}


def _choice(text: str, choices: tuple[str, ...], what: str) -> str:
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    return choose("pro-rata" if key == "prorata" else key, choices, what)


def parse_upsize_to(text: str) -> str:
    """Where upsize shares go: placing, pro-rata (the initial ratio) or public."""
    return _choice(text, UPSIZE_TARGETS, "upsize target")


def parse_preferential_from(text: str) -> str:
    """Where a preferential tranche comes from: offer (before the split) or international (out of the placing)."""
    return _choice(text, PREFERENTIAL_FROM, "preferential source")


def parse_clawback_base(text: str) -> str:
    """Which offer the clawback % are of: initial (before the upsize) or upsized."""
    return _choice(text, CLAWBACK_BASES, "clawback base")


def parse_reallocation(text: str) -> str:
    """``12,000,000`` (shares) or ``10%`` (of the offer): only a value ending in % is a percentage."""
    from .numbers import parse_percent, parse_shares

    stripped = text.strip()
    if stripped.endswith(("%", "％")):
        return f"{parse_percent(stripped):f}%"
    return str(parse_shares(stripped))
