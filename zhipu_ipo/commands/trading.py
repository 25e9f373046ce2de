"""A position: `sell` (charges, P&L, break-even), `margin` (what financing costs), `expected-value` (worth it?)."""

from __future__ import annotations

from .. import numbers
from ..calc.expected import compute_expected_value
from ..calc.financing import compute_margin
from ..calc.selling import compute_sell
from ..dealfill import FINAL_PRICE, FINANCED_AMOUNT, MAX_PRICE, ONE_LOT, POSITION, SALE_DATE, ballot_table_unless
from ..fees import parse_fee_schedule
from ..parsers import (parse_applications, parse_basis, parse_deposit, parse_leverage, parse_path, parse_preset_name, parse_probabilities,
                       parse_trading_fee_rounding, parse_venue)
from ..spec import BROKER_OPTIONS, COMMISSION_OPTIONS, DEAL, CommandSpec, Opt

SELL = CommandSpec(
    name="sell",
    calculate=compute_sell,
    help="""Selling costs and net proceeds by trade date; with --offer-price, the P&L and the break-even price.

\b
Examples:
  zhipu-ipo sell --shares 100 --price 120 --date 2026-01-08 --offer-price 116.20
  zhipu-ipo sell --shares 30,000 --price 3.02 --date 2025-11-12
  zhipu-ipo sell --shares 30,000 --price 3.02 --date 2024-11-12 --commission-pct 0.03% --min-commission 3 --platform-fee 15
  zhipu-ipo sell --shares 100 --price 120 --date 2026-01-07 --venue grey --offer-price 116.20 --json

Charges per side, chosen by --date (each a dated rule with its source in the
assumptions): stamp duty 0.1% (0.13% from 1 Aug 2021 to 16 Nov 2023), any
fraction of a dollar counted as a dollar; trading fee 0.00565% (0.005% plus a
HK$0.50 trading tariff before 2023); SFC levy 0.0027%; AFRC levy 0.00015%
(from 2022); HKSCC settlement fee 0.0042% from 30 Jun 2025 (before: 0.002%,
min HK$2, max HK$100). Each is rounded to the cent except stamp duty. No
broker's commission unless given. Dates before 1 Nov 2014 are refused.

With --offer-price: cost = shares x offer price plus the application charges
(entry-fee's schedule of the date), P&L and return on the money paid, and the
break-even price: the smallest whole-cent price that covers the cost, the next
price on the HKEX spread table, and the unrounded value.""",
    options=(
        Opt("shares", numbers.parse_shares, "N", "Shares sold.", deal=(POSITION,)),
        Opt("price", numbers.parse_price, "PRICE", "Sale price per share.", deal=("sale.price",)),
        Opt("date", numbers.parse_date, "YYYY-MM-DD", "Trade date: picks the charges in force that day.", deal=(SALE_DATE,)),
        Opt("offer_price", numbers.parse_price, "PRICE", "Offer price paid: adds cost, P&L, return and break-even.", deal=(FINAL_PRICE,)),
        Opt("venue", parse_venue, "exchange|grey", "exchange (default) or grey (the grey market, 暗盤: an off-exchange "
            "trade in a broker's system).", "exchange", deal=("sale.venue",)),
        Opt("fee_schedule", parse_fee_schedule, "NAME", "Entry-fee schedule for the cost (default: the one in force on "
            "--date).", deal=("fees.schedule",)),
        Opt("stamp_duty_pct", numbers.parse_percent_or_zero, "PCT", "Override the stamp duty rate."),
        Opt("trading_fee_pct", numbers.parse_percent_or_zero, "PCT", "Override the trading fee rate."),
        Opt("trading_tariff", numbers.parse_amount_or_zero, "AMOUNT", "Override the trading tariff per transaction "
            "(HK$0.50 before 2023)."),
        Opt("sfc_levy_pct", numbers.parse_percent_or_zero, "PCT", "Override the SFC levy."),
        Opt("afrc_levy_pct", numbers.parse_percent_or_zero, "PCT", "Override the AFRC levy."),
        Opt("settlement_fee_pct", numbers.parse_percent_or_zero, "PCT", "Override the HKSCC settlement fee rate."),
        Opt("settlement_fee_min", numbers.parse_amount_or_zero, "AMOUNT", "Override the settlement fee minimum."),
        Opt("settlement_fee_max", numbers.parse_amount_or_zero, "AMOUNT", "Override the settlement fee maximum."),
        Opt("trading_fee_rounding", parse_trading_fee_rounding, "nearest|up", "Trading fee to the nearest cent "
            "(default, as HKEX states) or up (as in Longbridge's worked example).", "nearest"),
    ) + COMMISSION_OPTIONS + DEAL + BROKER_OPTIONS,
)


MARGIN = CommandSpec(
    name="margin",
    calculate=compute_margin,
    help="""IPO financing (孖展): interest, handling fee, total cost and the first-day return that pays for them.

\b
Examples:
  zhipu-ipo margin --financed 1,000,000 --rate 3% --days 5
  zhipu-ipo margin --financed 1,000,000 --rate 3% --start 2025-08-07 --end 2025-08-12
  zhipu-ipo margin --amount 2,347,437.55 --leverage 10x --rate 3.5% --days 5 --handling-fee 100
  zhipu-ipo margin --amount 117,371.88 --deposit 10% --rate 3.5% --days 5 --basis 360 --json

interest = financed x rate x days / basis (365 unless --basis 360), rounded
once to the cent. --start/--end count actual days, the start day in and the
end day out: give the subscription deadline and the allotment-results day, as
brokers count. The handling fee is charged whether or not shares are allotted.
The SFC expects a deposit of at least 10% of the subscription amount (circular
25EC18, 20 Mar 2025): leverage above 10x is warned about on stderr.""",
    options=(
        Opt("financed", numbers.parse_amount, "AMOUNT", "The amount financed (borrowed).", deal=("financing.financed",)),
        Opt("amount", numbers.parse_amount, "AMOUNT", "Subscription amount (with --deposit or --leverage; adds the "
            "return needed).", deal=(FINANCED_AMOUNT,)),
        Opt("deposit", parse_deposit, "PCT|AMOUNT", "Own money put down: a percentage of --amount (10%) or an "
            "amount.", deal=("financing.deposit",)),
        Opt("leverage", parse_leverage, "X", "Amount over deposit, as brokers quote it: 10x means a 10% deposit.", deal=("financing.leverage",)),
        Opt("rate", numbers.parse_percent, "PCT", "Annual interest rate.", deal=("financing.rate",)),
        Opt("days", numbers.parse_count, "N", "Days charged.", deal=("financing.days",)),
        Opt("start", numbers.parse_date, "YYYY-MM-DD", "First day charged (the subscription deadline).", deal=("financing.start",)),
        Opt("end", numbers.parse_date, "YYYY-MM-DD", "The day interest stops, not charged (the allotment results).", deal=("financing.end",)),
        Opt("basis", parse_basis, "365|360", "Days in the interest year (default 365).", 365, deal=("financing.basis",)),
        Opt("handling_fee", numbers.parse_amount_or_zero, "AMOUNT", "Broker's handling fee per application.", deal=("financing.handling_fee",)),
    ) + DEAL + BROKER_OPTIONS,
)


#: The deal's table, read unless the chance is given.
EXPECTED_TABLE = ballot_table_unless("probability")

EXPECTED_VALUE = CommandSpec(
    name="expected-value",
    calculate=compute_expected_value,
    reads_table=True,
    help="""Is applying worth it? Chance of allotment x first-day P&L, less financing and fees; annualised.

\b
Examples:
  zhipu-ipo expected-value --probability 4,643/92,859 --shares 100 --offer-price 116.20 --move 3.27% --date 2026-01-08
  zhipu-ipo expected-value --probability 5% --shares 100 --offer-price 116.20 --move -5% --date 2026-01-08 --days 3
  zhipu-ipo expected-value --probability "5%;5%;5%" --shares 100 --offer-price 116.20 --move 10% --handling-fee 50
  zhipu-ipo expected-value --probability 5% --shares 100 --offer-price 116.20 --move 3.27% --amount 2,347,437.55 \\
      --leverage 10x --rate 3.5% --days 5 --handling-fee 100 --json

--probability is the chance of being allotted --shares (a percentage, or the
ballot line's successful / applicants, e.g. 4,643/92,859 for Zhipu's one-lot
tier); several chances separated by ';' are several applications (accounts or
IPOs), and add the chance of at least one lot. --move is the assumed first-day
change on the offer price, signed (-5% is a fall). The sale pays the charges of
--date (as in 'sell'); interest and handling fees are paid allotted or not.""",
    options=(
        Opt("probability", parse_probabilities, "PCT[;PCT...]", "Chance of allotment for each application: 5% or "
            "successful/applicants."),
        Opt("shares", numbers.parse_shares, "N", "Shares allotted if successful (e.g. one board lot).", deal=(ONE_LOT,)),
        Opt("offer_price", numbers.parse_price, "PRICE", "Offer price.", deal=(FINAL_PRICE,)),
        Opt("move", numbers.parse_signed_percent, "PCT", "Assumed first-day move on the offer price, signed: 10% or "
            "-5%."),
        Opt("sale_price", numbers.parse_price, "PRICE", "Or the first-day sale price itself (instead of --move).",
            deal=("sale.price",)),
        Opt("date", numbers.parse_date, "YYYY-MM-DD", "Listing (sale) date: picks the charges (default: the newest).", deal=(SALE_DATE,)),
        Opt("amount", numbers.parse_amount, "AMOUNT", "Subscription amount tied up per application (default: the cost "
            "of --shares)."),
        Opt("financed", numbers.parse_amount, "AMOUNT", "Amount financed per application.", deal=("financing.financed",)),
        Opt("deposit", parse_deposit, "PCT|AMOUNT", "Own money put down: a percentage of the amount or an amount.", deal=("financing.deposit",)),
        Opt("leverage", parse_leverage, "X", "Amount over deposit: 10x means a 10% deposit.", deal=("financing.leverage",)),
        Opt("rate", numbers.parse_percent, "PCT", "Annual interest rate on the financed part.", deal=("financing.rate",)),
        Opt("days", numbers.parse_count, "N", "Days the money is locked (interest days; annualises the return).", deal=("financing.days",)),
        Opt("basis", parse_basis, "365|360", "Days in the interest year (default 365).", 365, deal=("financing.basis",)),
        Opt("handling_fee", numbers.parse_amount_or_zero, "AMOUNT", "Handling fee per application.", deal=("financing.handling_fee",)),
        Opt("fee_schedule", parse_fee_schedule, "NAME", "Entry-fee schedule for the cost (default: by --date).", deal=("fees.schedule",)),
        Opt("ballot", parse_preset_name, "PRESET", "Take the chance from the ballot table of a deal shipped with "
            "the package (the same as --preset), with --tier."),
        Opt("table", parse_path, "FILE|-", "A basis-of-allotment table (CSV, as 'ballot' reads it; - for stdin), "
            "with --tier.", deal=(EXPECTED_TABLE,)),
        Opt("apply", parse_applications, "S+S+...", "Several applications, one per account, each a tier of the "
            "table (100+100+20,000): each priced as --tier prices one, the chance of at least one lot combined."),
        Opt("tier", numbers.parse_shares, "SHARES", "The tier applied for in the deal's ballot table: sets the chance "
            "and the shares allotted (--probability and --shares are then refused) and the money tied up."),
        Opt("board_lot", numbers.parse_shares, "N", "Shares per board lot, to read the ballot table.",
            deal=("offer.board_lot",)),
        Opt("max_price", numbers.parse_price, "PRICE", "Maximum offer price: the money tied up for the tier and the "
            "HK$5m pool boundary.", deal=(MAX_PRICE,)),
    ) + COMMISSION_OPTIONS + DEAL + BROKER_OPTIONS,
)

SPECS = (SELL, MARGIN, EXPECTED_VALUE,)
