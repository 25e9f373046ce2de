"""The offer's size: `raise` (proceeds). `market-cap` is its own family (``commands/market.py``), so that
`raise` does not load the market-cap calculation."""

from __future__ import annotations

from .. import numbers
from ..calc.offer import compute_raise
from ..dealfill import EXPENSES
from ..spec import DEAL, FINAL_PRICE_OPTION, PRICE_STEP, CommandSpec, Opt

RAISE = CommandSpec(
    name="raise",
    calculate=compute_raise,
    help="""Gross and net proceeds of an offer; or the shares or price for a target.

\b
Examples:
  zhipu-ipo raise --shares 37,419,500 --price 116.20
  zhipu-ipo raise --shares 37,419,500 --price 116.20 --expenses 174.7m --greenshoe 15% --board-lot 100
  zhipu-ipo raise --proceeds 43億 --price 116.20
  zhipu-ipo raise --shares 135,578,600 --price 263 --commission-pct 0.2 --incentive-pct 0.6
  zhipu-ipo raise --shares 37,419,500 --price 108.00..116.20 --final-price 116.20
  zhipu-ipo raise --shares 37,419,500 --price 116.20 --json | jq -r .result.gross_proceeds
  zhipu-ipo raise --shares 580,424,600 --upsize 51,174,200 --price 21.30 --greenshoe 15% --board-lot 200

Gross proceeds are offer shares x offer price, exactly. With --proceeds and one
of --shares or --price the other is solved for: shares round down to whole
board lots and the remainder is shown.""",
    options=(
        Opt("shares", numbers.parse_shares, "N", "Offer shares (before the greenshoe).", None, ("offer.shares",)),
        Opt("price", numbers.parse_price_or_range, "PRICE", "Offer price per share, or a range LOW..HIGH "
            "(108.00..116.20): rows at the low, mid and high.", None, ("offer.price",)),
        PRICE_STEP,
        FINAL_PRICE_OPTION,
        Opt("proceeds", numbers.parse_amount, "AMOUNT",
            "Target gross proceeds: solve for the shares (with --price) or the price (with --shares)."),
        Opt("expenses", numbers.parse_amount_or_zero, "AMOUNT", "Listing expenses, for net proceeds.", None,
            (EXPENSES,)),
        Opt("expenses_pct", numbers.parse_percent, "PCT", "Listing expenses as a percentage of gross proceeds."),
        Opt("commission_pct", numbers.parse_percent_or_zero, "PCT", "Fixed underwriting commission, % of gross "
            "proceeds (CATL 3750: 0.2%): adds the fee and net proceeds; --expenses are then the other expenses."),
        Opt("incentive_pct", numbers.parse_percent_or_zero, "PCT", "Discretionary incentive fee, % of gross proceeds, "
            "taken as paid in full (CATL 3750: up to 0.6%)."),
        Opt("greenshoe", numbers.parse_percent, "PCT",
            "Over-allotment option size, e.g. 15%: adds greenshoe shares and proceeds (fully exercised).", None,
            ("greenshoe.pct",)),
        Opt("board_lot", numbers.parse_shares, "N",
            "Board lot: greenshoe and solved shares round down to whole lots (default 1).", None, ("offer.board_lot",)),
        Opt("upsize", numbers.parse_shares, "N", "Shares added by the offer size adjustment option: --shares is the "
            "offer before it; proceeds and the greenshoe follow the offer after it.", None, ("offer.upsize",)),
    ) + DEAL,
)


SPECS = (RAISE,)
