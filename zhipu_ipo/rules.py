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
from typing import NamedTuple

from .errors import InputError, shown


class Rung(NamedTuple):
    min_multiple: Decimal  # at least this many times the initial public tranche
    public_pct: Decimal  # the public tranche becomes this % of the offer shares initially offered


class Regime(NamedTuple):
    name: str
    title: str
    initial_pct: Decimal | None  # None: the issuer fixes the tranche (Mechanism B)
    ladder: tuple[Rung, ...]
    effective: str
    basis: str
    sources: tuple[str, ...]
    uncertain: str = ""
    fixed_pct_range: tuple[Decimal, Decimal] | None = None  # Mechanism B: allowed public share

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
    "pass --ladder 10:15,50:25,100:35 for that reading",
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

#: The pool split of the public tranche (Practice Note 18 para 3.1, unchanged by the 2025 reform).
POOL_BOUNDARY = Decimal(5_000_000)
POOL_SOURCE = (
    "Practice Note 18 para 3.1 (GEM PN6 para 3): pools A (applications of HK$5m or less, excluding fees) and B "
    "split the public tranche equally; no application may exceed the shares originally in one pool "
    "(https://en-rules.hkex.com.hk/node/5098)"
)
POOL_ODD_LOT = (
    "an odd board lot goes to pool A, as published allotment tables give it (Zhipu 2513: pool A 3,742,000, "
    "pool B 3,741,900; https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701798.pdf)"
)
POOL_BOUNDARY_PRICE = (
    "the HK$5m boundary is reckoned at the maximum offer price (the top of the range), as allotment "
    "announcements place tiers; --max-price gives it, else the offer price is used"
)
UNDERSUBSCRIBED_PRACTICE = (
    "prospectus practice: unsubscribed public shares move to the placing tranche "
    "(e.g. http://www.dress52.cn/article/20140626/147893.html)"
)
WEAK_PLACING_NOTE = (
    "the international placing is undersubscribed; the rules may limit the clawback then (a June 2025 Ming Pao "
    "report; no rule text found), so the ladder is applied as is: pass --offered or --ladder to set the tranche"
)


def regime_named(text: str) -> Regime:
    key = text.strip().lower().replace(" ", "-")
    key = ALIASES.get(key, key)
    if key not in REGIMES:
        raise InputError(f"unknown regime {shown(text)}: choose one of {', '.join(REGIMES)}")
    return REGIMES[key]


def parse_regime(text: str) -> str:
    """A regime name or alias -> its canonical name (the option parser for --regime)."""
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
    """Validate a ladder; keep its canonical text (``15:30,50:40,100:50``), the option parser for --ladder."""
    return ",".join(f"{rung.min_multiple:f}:{rung.public_pct:f}" for rung in parse_ladder(text))


def describe_ladder(regime: Regime) -> str:
    if not regime.ladder:
        low, high = regime.fixed_pct_range or (Decimal(0), Decimal(100))
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
