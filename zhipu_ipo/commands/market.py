"""The offer's value: `market-cap` (its own family, so that `raise` does not load this calculation)."""

from __future__ import annotations

from .. import numbers
from ..calc.market import compute_market_cap
from ..dealfill import FINAL_PRICE, Derived
from ..spec import DEAL, FINAL_PRICE_OPTION, PRICE_STEP, CommandSpec, Opt

#: The final price goes with the range when the range is the price a deal gives; with a [market] price, the
#: market cap is at that one price and the final price is the offer price it is compared with; a price given
#: leaves it out, as everywhere.
RANGE_FINAL_PRICE = Derived("[offer] final_price, when the deal has no [market] price (the range is the price)",
                            lambda deal: deal.get("offer.final_price") if deal.get("market.price") is None else None,
                            unless=("price",), noted=True)

MARKET_CAP = CommandSpec(
    name="market-cap",
    calculate=compute_market_cap,
    help="""Market capitalisation at a price, and its change on the offer price.

\b
Examples:
  zhipu-ipo market-cap --shares 440,230,190 --price 120 --offer-price 116.20
  zhipu-ipo market-cap --market-cap 528.28億 --price 120
  zhipu-ipo market-cap --shares 440,230,190 --price 108.00..116.20
  zhipu-ipo market-cap --shares 440,230,190 --price 120 --json | jq -r .result.market_cap

Market cap is all shares in issue (H shares and unlisted shares alike) x price.""",
    options=(
        Opt("shares", numbers.parse_shares, "N", "Total shares in issue (all classes).", None, ("offer.shares_in_issue",)),
        Opt("price", numbers.parse_price_or_range, "PRICE", "Price per share (trading or offer), or a range "
            "LOW..HIGH: rows at the low, mid and high.", None, ("market.price", "offer.price")),
        PRICE_STEP,
        FINAL_PRICE_OPTION._replace(deal=(RANGE_FINAL_PRICE,)),
        Opt("market_cap", numbers.parse_amount, "AMOUNT", "A market cap: solve for the shares in issue at --price."),
        Opt("offer_price", numbers.parse_price, "PRICE",
            "Offer price: adds the market cap at the offer and the change in percent.", None, (FINAL_PRICE,)),
    ) + DEAL,
)

SPECS = (MARKET_CAP,)
