"""Applying: `entry-fee` (what it costs), `ballot` (the odds) and `expected-value` (whether it is worth it)."""

from __future__ import annotations

from .. import numbers
from ..calc.fees import compute_entry_fee
from ..dealfill import APPLICATION_FINAL_PRICE, APPLICATION_PRICE, POSITION_LOTS
from ..fees import DEFAULT_SCHEDULE, ROUND_EACH, parse_fee_rounding, parse_fee_schedule
from ..spec import BROKER_OPTIONS, DEAL, FINAL_PRICE_OPTION, PRICE_STEP, CommandSpec, Opt

ENTRY_FEE = CommandSpec(
    name="entry-fee",
    calculate=compute_entry_fee,
    help="""What one board lot (or N lots) costs to apply for, fee by fee; or the most lots a budget buys.

\b
Examples:
  zhipu-ipo entry-fee --price 116.20 --board-lot 100
  zhipu-ipo entry-fee --price 202.50 --board-lot 100 --lots 10
  zhipu-ipo entry-fee --price 108.00..116.20 --board-lot 100
  zhipu-ipo entry-fee --price 116.20 --board-lot 100 --budget 100k
  zhipu-ipo entry-fee --price 116.20 --board-lot 100 --fee-schedule hkex-2022 --json

Amount payable = shares x price + brokerage 1% + SFC levy 0.0027% + AFRC levy
0.00015% + trading fee 0.00565% (since 1 Jan 2023), each fee rounded to the
cent. Brokers still quoting 1.00785% use the 2022 trading fee of 0.005%
(--fee-schedule hkex-2022). Any rate can be overridden.""",
    options=(
        Opt("price", numbers.parse_price_or_range, "PRICE", "Price per share (the offer price, or the top of the "
            "price range), or a range LOW..HIGH: rows at the low, mid and high.", deal=(APPLICATION_PRICE,)),
        PRICE_STEP,
        FINAL_PRICE_OPTION._replace(deal=(APPLICATION_FINAL_PRICE,)),
        Opt("board_lot", numbers.parse_shares, "N", "Shares per board lot.", deal=("offer.board_lot",)),
        Opt("lots", numbers.parse_shares, "N", "Number of lots applied for (default 1).", deal=(POSITION_LOTS,)),
        Opt("budget", numbers.parse_amount, "AMOUNT", "A budget: adds the most whole lots it covers, fees included."),
        Opt("fee_schedule", parse_fee_schedule, "NAME", "hkex-2023 (default, from 1 Jan 2023), hkex-2022 or "
            "hkex-2014.", DEFAULT_SCHEDULE, deal=("fees.schedule",)),
        Opt("fee_rounding", parse_fee_rounding, "each|total", "Round each fee to the cent (default, as HKEX "
            "states) or only the total.", ROUND_EACH, deal=("fees.rounding",)),
        Opt("brokerage_pct", numbers.parse_percent_or_zero, "PCT", "Override the brokerage rate (1%)."),
        Opt("sfc_levy_pct", numbers.parse_percent_or_zero, "PCT", "Override the SFC levy (0.0027%)."),
        Opt("afrc_levy_pct", numbers.parse_percent_or_zero, "PCT", "Override the AFRC levy (0.00015%)."),
        Opt("trading_fee_pct", numbers.parse_percent_or_zero, "PCT", "Override the trading fee (0.00565%)."),
        Opt("handling_fee", numbers.parse_amount_or_zero, "AMOUNT", "A broker's handling fee per application (cash): "
            "added beside the amount payable (--broker gives its cash fee)."),
    ) + DEAL + BROKER_OPTIONS,
)


SPECS = (ENTRY_FEE,)
