"""Planning an application: `plan`, every application size with its cost, risk and worth."""

from __future__ import annotations

from .. import numbers
from ..calc.odds import parse_sizes_as_given
from ..calc.plan import compute_plan
from ..dealfill import FINAL_PRICE, MAX_PRICE, SALE_DATE, Derived, ballot_table_unless
from ..fees import DEFAULT_SCHEDULE, parse_fee_schedule
from ..parsers import parse_applications, parse_basis, parse_deposit, parse_leverage, parse_path, parse_probabilities
from ..rules import parse_regime
from ..spec import BROKER_OPTIONS, COMMISSION_OPTIONS, DEAL, CommandSpec, Opt
from .ballot import DEAL_FINAL_TRANCHE, DEAL_MULTIPLE, DEAL_REGIME, FIT_OPTIONS, FORECAST_ONLY

#: Options that plan without the deal's ballot table: the forecast's odds, or the user's own.
#: The deal's table, read unless the odds come from elsewhere.
PLAN_TABLE = ballot_table_unless("forecast", "probability")

#: The deal's application sizes choose the rows (of the table or the forecast); `--probability` pairs its chances
#: with the sizes given, so the deal's are not used then.
PLAN_SIZES = Derived("[offer] application_sizes",
                     lambda deal: deal.get("offer.application_sizes"), unless=("probability",))

#: The valid applications a deal states, for the forecast as `ballot --forecast` takes them (without it, the odds
#: are the table's, which counts them itself).
PLAN_APPLICATIONS = Derived("[public] applications (with `forecast`)", lambda deal: deal.get("public.applications"),
                            when=FORECAST_ONLY)

PLAN = CommandSpec(
    name="plan",
    calculate=compute_plan,
    reads_table=True,
    not_tabular=("apply",),
    help="""How much to apply for, and financed how: every application size with its cost, odds and expected P&L.

\b
Examples:
  zhipu-ipo plan --preset zhipu --sale-price 120
  zhipu-ipo plan --preset zhipu --leverage 10x --rate 3.8% --days 7 --handling-fee 100 --sale-price 120
  zhipu-ipo plan --preset zhipu --move 10% --deposit 20% --rate 3% --days 5 --budget 'HK$50,000' --json
  zhipu-ipo plan --preset minimax --sale-price 345 --max-lots 50 --csv
  zhipu-ipo plan --preset zhipu --leverage 10x --rate 3.8% --days 7 --sale-price 120 --apply 100+100
  zhipu-ipo plan --preset zhipu --probability 5% --sale-price 120
  zhipu-ipo plan --board-lot 100 --offer-price 116.20 --probability '5%;7%;9%' --sizes 100+200+300 --move 10%

One row per application size (the deal's [offer] application_sizes or
--sizes, else every size of its ballot table, from one lot to the largest
valid application; a size the table has no row for is left out, with a
note): the amount payable at the maximum price (as entry-fee), the cash
needed and the amount financed (--deposit or --leverage, as margin), the interest and handling fee (paid allotted or not), P(at least
one lot) and the expected shares from the table's basis (a tier sure of a lot
plus a ballot for another gives two outcomes, each priced exactly), the
expected P&L of selling on the listing date at --sale-price (or the offer
price moved by --move) after the charges of 'sell', before and after
financing, the return on the cash tied up (annualised over --days), and the
break-even first-day price including financing. The best row by expected
P&L and by return on cash is marked. --budget keeps the rows whose cash
needed plus fee fits; --max-lots and --tiers stop the ladder early.

--apply 100+100 (one application per account, as in 'ballot' and
'expected-value') adds a row for those applications together: each priced as
its size's row, money and expected P&L added, P(at least one lot) combined
(the ballots taken as independent), as 'expected-value --apply' gives them; it
must fit --budget. Without the results, --forecast takes the model's odds, or
--probability your own: the chance of one lot (5% or successful/applicants)
for a one-lot application, or one chance per size of --sizes (in the order
given), each size allotted one lot with its chance.""",
    options=(
        Opt("table", parse_path, "FILE|-", "The basis-of-allotment table (CSV), or - for stdin.", deal=(PLAN_TABLE,)),
        Opt("board_lot", numbers.parse_shares, "N", "Shares per board lot.", deal=("offer.board_lot",)),
        Opt("max_price", numbers.parse_price, "PRICE", "Maximum offer price, paid on application (default: "
            "--offer-price).", deal=(MAX_PRICE,)),
        Opt("offer_price", numbers.parse_price, "PRICE", "Final offer price: the cost of the shares allotted.",
            deal=(FINAL_PRICE,)),
        Opt("sale_price", numbers.parse_price, "PRICE", "First-day sale price.", deal=("sale.price",)),
        Opt("move", numbers.parse_signed_percent, "PCT", "Or the first-day move on the offer price, signed: 10% or "
            "-5%."),
        Opt("date", numbers.parse_date, "YYYY-MM-DD", "Sale (listing) date: picks the selling charges.",
            deal=(SALE_DATE,)),
        Opt("deposit", parse_deposit, "PCT|AMOUNT", "Own money put down on each application: a percentage (10%) or "
            "an amount (HK$10,000; a size it covers is paid in cash).", deal=("financing.deposit",)),
        Opt("leverage", parse_leverage, "X", "Amount over deposit: 10x means a 10% deposit.",
            deal=("financing.leverage",)),
        Opt("rate", numbers.parse_percent, "PCT", "Annual interest rate on the financed part.",
            deal=("financing.rate",)),
        Opt("days", numbers.parse_count, "N", "Days interest is charged (and the cash is tied up).",
            deal=("financing.days",)),
        Opt("basis", parse_basis, "365|360", "Days in the interest year (default 365).", 365,
            deal=("financing.basis",)),
        Opt("handling_fee", numbers.parse_amount_or_zero, "AMOUNT", "Broker's handling fee per application.",
            deal=("financing.handling_fee",)),
        Opt("fee_schedule", parse_fee_schedule, "NAME", "Application charges (default hkex-2023).", DEFAULT_SCHEDULE,
            deal=("fees.schedule",)),
        Opt("budget", numbers.parse_amount, "AMOUNT", "The most cash to tie up (deposit and fee): larger sizes are "
            "left out."),
        Opt("max_lots", numbers.parse_lots, "N", "The largest application to show, in lots."),
        Opt("tiers", numbers.parse_how_many, "N", "Show the first N application sizes."),
        Opt("apply", parse_applications, "S+S+...", "Several applications, one per account, each a size of the plan "
            "(100+100+30,000): a row for them together, as expected-value --apply prices them."),
        Opt("probability", parse_probabilities, "PCT[;PCT...]", "Without a table or forecast, your own chance of one "
            "lot: 5% or successful/applicants, for one lot, or one per size of --sizes (in its order)."),
        Opt("forecast", None, "", "Before the results: the odds of 'ballot --forecast' (with their 80% intervals) "
            "for each size of its ladder, instead of the table's."),
        Opt("multiple", numbers.parse_multiple, "X", "With --forecast: the public multiple you expect.",
            deal=(DEAL_MULTIPLE,)),
        Opt("regime", parse_regime, "NAME", "With --forecast: the allocation regime.", deal=(DEAL_REGIME,)),
        Opt("applications", numbers.parse_count, "N", "With --forecast: the valid applications you expect.",
            deal=(PLAN_APPLICATIONS,)),
        Opt("public_shares", numbers.parse_shares, "N", "With --forecast: the public tranche (default: the deal's, "
            "else as oversubscription works it out).", deal=("ballot.public_shares", DEAL_FINAL_TRANCHE)),
        *FIT_OPTIONS,
        Opt("sizes", parse_sizes_as_given, "S+S+...", "The application sizes, in shares (default: the deal's, else "
            "the ballot table's, else the standard ladder); with --probability, the sizes its chances are for, in "
            "their order.",
            deal=(PLAN_SIZES,)),
    ) + COMMISSION_OPTIONS + DEAL + BROKER_OPTIONS,
)

SPECS = (PLAN,)
