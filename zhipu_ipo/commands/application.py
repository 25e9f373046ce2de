"""Applying: `entry-fee` (what it costs), `ballot` (the odds) and `expected-value` (whether it is worth it)."""

from __future__ import annotations

from .. import numbers
from ..calc.ballot import compute_ballot
from ..calc.fees import compute_entry_fee
from ..dealfill import APPLICATION_PRICE, FINAL_PRICE, MAX_PRICE, POSITION_LOTS
from ..fees import DEFAULT_SCHEDULE, ROUND_EACH, parse_fee_rounding, parse_fee_schedule
from ..parsers import parse_applications, parse_path
from ..spec import DEAL, FINAL_PRICE_OPTION, PRICE_STEP, CommandSpec, Opt

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
        FINAL_PRICE_OPTION,
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
    ) + DEAL,
)


BALLOT = CommandSpec(
    name="ballot",
    calculate=compute_ballot,
    reads_table=True,
    help="""The ballot: one-lot odds, expected allotment and "lots for a sure lot" from the basis-of-allotment table.

\b
Examples:
  zhipu-ipo ballot --preset zhipu
  zhipu-ipo ballot --table zhipu-2513.csv --board-lot 100 --max-price 116.20
  zhipu-ipo ballot --table zhipu-2513.csv --board-lot 100 --max-price 116.20 --public-shares 7,483,900
  zhipu-ipo ballot --table delton.csv --board-lot 100 --max-price 71.88 --apply 100+100+100 --json
  zhipu-ipo ballot --public-shares 7,483,900 --board-lot 100 --applications 204,871
  pbpaste | zhipu-ipo ballot --table - --board-lot 100 --json | jq -r .result.one_lot_rate

The table is CSV with the header pool,shares_applied,valid_applications,basis
(an optional fifth column printed_pct is checked against the computed %), one
row per tier, as the allotment-results announcement prints it; the basis is
copied verbatim, in English ("4,643 out of 92,859 applicants to receive 100 H
Shares", "100 H Shares", "100 H Shares plus 933 out of 2,914 applicants to
receive an additional 100 H Shares") or Chinese ("92,859名中4,643名獲發100股",
"100股另加2,914名中933名獲發額外100股"). A blank pool is placed by the HK$5m
boundary at --max-price. Probabilities are exact fractions shown as decimals.

Without a table (before the results) --public-shares and --applications give
the most applications that can receive a lot: a bound, never a forecast.""",
    options=(
        Opt("table", parse_path, "FILE|-", "The basis-of-allotment table (CSV), or - for stdin.",
            deal=("ballot.table",)),
        Opt("board_lot", numbers.parse_shares, "N", "Shares per board lot.", deal=("offer.board_lot",)),
        Opt("max_price", numbers.parse_price, "PRICE", "Maximum offer price (top of the range): money tied up and "
            "the HK$5m pool boundary (default: --price).", deal=(MAX_PRICE,)),
        Opt("price", numbers.parse_price, "PRICE", "Final offer price (shown; taken as the maximum without "
            "--max-price).", deal=(FINAL_PRICE,)),
        Opt("pool_a", numbers.parse_shares, "N", "Pool A size, to check the table against.", deal=("ballot.pool_a",)),
        Opt("pool_b", numbers.parse_shares, "N", "Pool B size, to check the table against.", deal=("ballot.pool_b",)),
        Opt("public_shares", numbers.parse_shares, "N", "Final public tranche: split into pools (odd lot to A) and "
            "the bound.", deal=("ballot.public_shares",)),
        Opt("applications", numbers.parse_count, "N", "Valid applications, for the bound before the results.", deal=("public.applications",)),
        Opt("apply", parse_applications, "S+S+...", "Applications to combine, in shares, one per account or IPO "
            "draw (100+100+20,000): P(at least one lot) and expected lots."),
        Opt("fee_schedule", parse_fee_schedule, "NAME", "Application charges of the money tied up (with a price): "
            "hkex-2023 (default), hkex-2022 or hkex-2014.", deal=("fees.schedule",)),
        Opt("fee_rounding", parse_fee_rounding, "each|total", "Round each fee to the cent (default) or the total "
            "(with a price).", deal=("fees.rounding",)),
    ) + DEAL,
)


SPECS = (ENTRY_FEE, BALLOT,)
