"""The listing itself: `aftermarket` (the first day), `ah-premium` and `float` (public float)."""

from __future__ import annotations

from .. import numbers
from ..calc.aftermarket import compute_aftermarket
from ..calc.ahpremium import compute_ah_premium
from ..calc.listing_float import compute_float
from ..dealfill import CLASS_SHARES, FINAL_PRICE, OFFER_AFTER_UPSIZE
from ..spec import DEAL, LISTING_OUTPUT, CommandSpec, Opt

AFTERMARKET = CommandSpec(
    name="aftermarket",
    calculate=compute_aftermarket,
    help="""First-day return, money left on the table and the market-adjusted return of a listing.

\b
Examples:
  zhipu-ipo aftermarket --offer-price 116.20 --open 120 --close 131.50 --shares 37,419,500 --index-return -1.17%
  zhipu-ipo aftermarket --offer-price 263 --open 296 --close 306.20 --shares 135,578,600 --greenshoe-shares 20,336,700
  zhipu-ipo aftermarket --offer-price 202.50 --open 262 --close 290 --shares 17,059,900 --grey-price 257
  zhipu-ipo aftermarket --offer-price 116.20 --close 131.50 --shares 37,419,500 --json | jq -r .result.money_left_on_table

\b
Definitions (each also stated in the JSON assumptions):
  first_day_return_pct  (close - offer) / offer x 100: offer price to first closing price (Ritter, IPO statistics)
  money_left_on_table   (close - offer) x shares offered, after any upsize, before the greenshoe
                        (Loughran and Ritter, Review of Financial Studies 15(2), 2002)
  market_adjusted_return_pct  ratio convention ((1 + r) / (1 + R) - 1) x 100
  excess_return_pct     difference convention (r - R) x 100, R the index return that day
                        (Loughran and Ritter, Financial Management 33(3), 2004)

A negative money left on the table means the shares closed below the offer price.
What the inputs allow is computed: with only --open, the offer-to-open change;
without --shares, the returns but not the money left on the table. Each value
left out is named, with what it needs, under assumptions.not_computed.""",
    options=(
        Opt("offer_price", numbers.parse_price, "PRICE", "Final offer price.", deal=(FINAL_PRICE,)),
        Opt("open", numbers.parse_price, "PRICE", "First-day opening price: adds offer-to-open and open-to-close.", deal=("market.open",)),
        Opt("close", numbers.parse_price, "PRICE", "First-day closing price.", deal=("market.close",)),
        Opt("shares", numbers.parse_shares, "N", "Offer shares sold: after any upsize, before the greenshoe.", deal=(OFFER_AFTER_UPSIZE,)),
        Opt("greenshoe_shares", numbers.parse_shares, "N",
            "Greenshoe (over-allotment) shares: money left on the table again, with them."),
        Opt("index_return", numbers.parse_signed_percent, "PCT",
            "The benchmark's change that day, signed (e.g. -1.17% for the Hang Seng Index on 8 Jan 2026): adds "
            "both market-adjusted returns.", deal=("market.index_return",)),
        Opt("later_price", numbers.parse_price, "PRICE", "A later price (with --later-date): adds the offer to later "
            "return."),
        Opt("later_date", numbers.parse_date, "YYYY-MM-DD", "The date of --later-price."),
        Opt("grey_price", numbers.parse_price, "PRICE", "Grey-market (dark pool) price the evening before listing.", deal=("market.grey_price",)),
    ) + DEAL,
)


AH_PREMIUM = CommandSpec(
    name="ah-premium",
    calculate=compute_ah_premium,
    help="""The premium of an A share (CNY) over its H share (HKD), in both conventions in use.

\b
Examples:
  zhipu-ipo ah-premium --a-price 274.08 --h-price 337.4 --cny-per-hkd 0.92027
  zhipu-ipo ah-premium --a-price 274.08 --h-price 337.4 --cny-per-hkd 0.92027 --json | jq -r .result.premium_pct

\b
  premium_pct          (A / (H x RATE) - 1) x 100: the Hang Seng AH Premium Index convention
                       (the index is 100 at par; 146.73 means A at a 46.73% premium to H)
  h_discount_to_a_pct  (A - H x RATE) / A x 100: the other convention, on the A price; its
                       negative is the 溢價(H/A) that Chinese portals print

RATE is renminbi per Hong Kong dollar, taken at the same moment as both prices.
Prices are in two currencies, so --fx/--to and --currency are not offered here.""",
    options=(
        Opt("a_price", numbers.parse_price, "PRICE", "A-share price, in renminbi."),
        Opt("h_price", numbers.parse_price, "PRICE", "H-share price, in Hong Kong dollars."),
        Opt("cny_per_hkd", numbers.parse_rate, "RATE", "Renminbi per Hong Kong dollar (e.g. 0.92027)."),
    ),
    output=LISTING_OUTPUT,
)


FLOAT = CommandSpec(
    name="float",
    calculate=compute_float,
    help="""Public float at listing against the 2025 tiers (Rule 8.08), the shortfall, and the cornerstone share.

\b
Examples:
  zhipu-ipo float --shares-in-issue 440,230,190 --price 116.20 --offer-shares 37,419,500 --cornerstone-shares 25,681,600
  zhipu-ipo float --shares-in-issue 110,497,300 --price 101.60 --public-shares 15,000,000
  zhipu-ipo float --shares-in-issue 440,230,190 --price 116.20 --json | jq -r .result.required_public_shares

\b
Tiers for listing documents published on or after 4 Aug 2025, by the expected market value of
the class at listing (shares in issue x price):
  A  up to HK$6bn            25%
  B  HK$6bn to HK$30bn       the higher of 15% and HK$1.5bn in public hands
  C  above HK$30bn           the higher of 10% and HK$4.5bn in public hands
Above HK$45bn the Exchange may accept less, case by case. For a PRC issuer give the public H
shares and all shares of the class (H plus A or unlisted) in issue. Sources in the assumptions.""",
    options=(
        Opt("shares_in_issue", numbers.parse_shares, "N", "Shares of the class in issue at listing (before the "
            "greenshoe).", deal=(CLASS_SHARES,)),
        Opt("price", numbers.parse_price, "PRICE", "Offer price: market value = shares in issue x price.", deal=(FINAL_PRICE,)),
        Opt("market_value", numbers.parse_amount, "AMOUNT", "Expected market value of the class at listing, instead "
            "of --price."),
        Opt("public_shares", numbers.parse_count, "N", "Shares held by the public: adds the float, whether it meets "
            "the tier and the shortfall.", deal=("float.public_shares",)),
        Opt("offer_shares", numbers.parse_shares, "N", "Offer shares (after any upsize, before the greenshoe).", deal=(OFFER_AFTER_UPSIZE,)),
        Opt("cornerstone_shares", numbers.parse_count, "N", "Shares placed with cornerstone investors: adds their % "
            "of the offer and of the shares in issue.", deal=("cornerstone.shares",)),
    ) + DEAL,
)

SPECS = (AFTERMARKET, AH_PREMIUM, FLOAT,)
