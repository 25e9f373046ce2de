"""The command registry: every subcommand's options, help and calculation, as data.

One table feeds every front end: the Typer app (``cli.py`` builds its commands
from it), the lean launcher that runs plain calls without importing Typer
(``launcher.py``), batch mode (JSON Lines whose keys are the option names in
snake_case) and the generated docs. Each spec holds a direct reference to a
small function that imports its calculation module when the command runs, so
start-up does not grow with every subject. Typer-free and cheap to import.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, NamedTuple, Optional

from . import numbers
from .fees import DEFAULT_SCHEDULE, ROUND_EACH, parse_fee_rounding, parse_fee_schedule
from .errors import InputError
from .formatting import parse_currency, parse_units
from .records import DEFAULT_CURRENCY, Computed, Outcome
from .rules import (
    GREENSHOE_CAP_PCT,
    parse_clawback_base,
    parse_ladder_text,
    parse_reallocation,
    parse_regime,
    parse_upsize_to,
)
from .scenario import parse_path, parse_preset_name

INPUTS = "Inputs"
ALLOCATION = "Hong Kong allocation"
STABILISATION = "Stabilisation"
FEES = "Fees"
OUTPUT = "Output"


class Opt(NamedTuple):
    """One option: ``dest`` is the snake_case name (batch key, calculation keyword, JSON input key).

    ``default`` is a parsed value, used when the option is not given (and echoed in the inputs).
    """

    dest: str
    parse: Optional[Callable[[str], Any]]  # None for a boolean flag
    metavar: str
    help: str
    default: Any = None
    panel: str = INPUTS

    @property
    def flag(self) -> str:
        return "--" + self.dest.replace("_", "-")

    @property
    def is_flag(self) -> bool:
        return self.parse is None


JSON = Opt("json", None, "", "Print one JSON object (schema_version 1) instead of a table.", False, OUTPUT)
UNITS = Opt("units", parse_units, "zh|en|plain",
            "Short form of large amounts in tables: zh 億/萬, en bn/m, plain none (default: zh for HKD and CNY, "
            "en otherwise).", None, OUTPUT)
CURRENCY = Opt("currency", parse_currency, "CODE", "Currency of amounts and prices, a label (default HKD).",
               DEFAULT_CURRENCY, OUTPUT)
FX = Opt("fx", numbers.parse_rate, "RATE", "Also show amounts converted at RATE (1 unit of --currency = RATE "
         "units of --to).", None, OUTPUT)
TO = Opt("to", parse_currency, "CODE", "The currency --fx converts to (CNY, USD, ...).", None, OUTPUT)

#: Output options for commands with amounts; commands without them (rules, presets) offer --json only.
MONEY_OUTPUT = (JSON, CURRENCY, UNITS, FX, TO)
LISTING_OUTPUT = (JSON,)
#: Options that shape the output and are not passed to the calculation.
PRESENTATION = frozenset({"json", "units", "fx", "to"})


class CommandSpec(NamedTuple):
    name: str
    help: str
    options: tuple[Opt, ...]
    calculate: Callable[..., Computed]
    output: tuple[Opt, ...] = MONEY_OUTPUT

    @property
    def all_options(self) -> tuple[Opt, ...]:
        return self.options + self.output


#: With --price LOW..HIGH (raise, market-cap, entry-fee): scenario rows at every step, and the price revision.
PRICE_STEP = Opt("price_step", numbers.parse_price, "STEP", "With a price range: a row at every STEP above the low "
                 "too (e.g. 0.50).")
FINAL_PRICE = Opt("final_price", numbers.parse_price, "PRICE", "With a price range: the final offer price, for its "
                  "revision against the mid-point and its place in the range.")

# Each calculation is imported when its command runs (a plain import, not at start-up).

def _over_range(calculate: Callable[..., Computed], values: dict[str, Any]) -> Computed:
    """A price range (``--price LOW..HIGH``) runs the calculation at each scenario price; else it runs once."""
    if isinstance(values.get("price"), numbers.PriceRange) or {"price_step", "final_price"} & set(values):
        from .calc.price_range import compute_over_range

        return compute_over_range(calculate, values)
    return calculate(**values)


def _raise(**values: Any) -> Computed:
    from .calc.offer import compute_raise

    return _over_range(compute_raise, values)


def _market_cap(**values: Any) -> Computed:
    from .calc.market import compute_market_cap

    return _over_range(compute_market_cap, values)


def _oversubscription(**values: Any) -> Computed:
    from .calc.subscription import compute_oversubscription

    return compute_oversubscription(**values)


def _greenshoe(**values: Any) -> Computed:
    from .calc.greenshoe import compute_greenshoe

    return compute_greenshoe(**values)


def _entry_fee(**values: Any) -> Computed:
    from .calc.fees import compute_entry_fee

    return _over_range(compute_entry_fee, values)


def _report(**values: Any) -> Computed:
    from .report import compute_report

    return compute_report(**values)


def _presets(**values: Any) -> Computed:
    from .report import compute_presets

    return compute_presets(**values)


def _rules(**values: Any) -> Computed:
    from .calc.regimes import compute_rules

    return compute_rules(**values)


def _ballot(**values: Any) -> Computed:
    from .ballot_source import with_table
    from .calc.ballot import compute_ballot

    return compute_ballot(**with_table(values))


def _aftermarket(**values: Any) -> Computed:
    from .calc.aftermarket import compute_aftermarket

    return compute_aftermarket(open_price=values.pop("open", None), **values)


def _ah_premium(**values: Any) -> Computed:
    from .calc.ahpremium import compute_ah_premium

    return compute_ah_premium(**values)


def _float(**values: Any) -> Computed:
    from .calc.listing_float import compute_float

    return compute_float(**values)


def _sell(**values: Any) -> Computed:
    from .calc.selling import compute_sell

    return compute_sell(**values)


def _margin(**values: Any) -> Computed:
    from .calc.financing import compute_margin

    return compute_margin(**values)


def _expected_value(**values: Any) -> Computed:
    from .calc.expected import compute_expected_value, from_ballot

    preset, tier = values.pop("ballot", None), values.pop("tier", None)
    if (preset is None) != (tier is None):
        raise InputError("give --ballot PRESET and --tier SHARES together")
    if preset is not None:
        if values.get("probability") is not None:
            raise InputError("give --probability, or --ballot with --tier, not both")
        found = from_ballot(_ballot(preset=preset), tier)
        values.update({key: given for key, given in found.items() if values.get(key) is None})
    return compute_expected_value(**values)


# Option parsers of the sale and financing commands, imported when an option is read (not at start-up).

def _parse_venue(text: str) -> str:
    from .calc.selling import parse_venue

    return parse_venue(text)


def _parse_trading_fee_rounding(text: str) -> str:
    from .calc.selling import parse_trading_fee_rounding

    return parse_trading_fee_rounding(text)


def _parse_deposit(text: str) -> str:
    from .calc.financing import parse_deposit_text

    return parse_deposit_text(text)


def _parse_leverage(text: str) -> Decimal:
    from .calc.financing import parse_leverage

    return parse_leverage(text)


def _parse_basis(text: str) -> int:
    from .calc.financing import parse_basis

    return parse_basis(text)


def _parse_probabilities(text: str) -> str:
    from .calc.expected import parse_probabilities

    return parse_probabilities(text)


def _parse_ballot_preset(text: str) -> str:
    from .calc.ballot import parse_ballot_preset

    return parse_ballot_preset(text)


COMMANDS: dict[str, CommandSpec] = {}


def register(spec: CommandSpec) -> None:
    COMMANDS[spec.name] = spec


register(CommandSpec(
    name="raise",
    calculate=_raise,
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
        Opt("shares", numbers.parse_shares, "N", "Offer shares (before the greenshoe)."),
        Opt("price", numbers.parse_price_or_range, "PRICE", "Offer price per share, or a range LOW..HIGH "
            "(108.00..116.20): rows at the low, mid and high."),
        PRICE_STEP,
        FINAL_PRICE,
        Opt("proceeds", numbers.parse_amount, "AMOUNT",
            "Target gross proceeds: solve for the shares (with --price) or the price (with --shares)."),
        Opt("expenses", numbers.parse_amount_or_zero, "AMOUNT", "Listing expenses, for net proceeds."),
        Opt("expenses_pct", numbers.parse_percent, "PCT", "Listing expenses as a percentage of gross proceeds."),
        Opt("commission_pct", numbers.parse_percent_or_zero, "PCT", "Fixed underwriting commission, % of gross "
            "proceeds (CATL 3750: 0.2%): adds the fee and net proceeds; --expenses are then the other expenses."),
        Opt("incentive_pct", numbers.parse_percent_or_zero, "PCT", "Discretionary incentive fee, % of gross proceeds, "
            "taken as paid in full (CATL 3750: up to 0.6%)."),
        Opt("greenshoe", numbers.parse_percent, "PCT",
            "Over-allotment option size, e.g. 15%: adds greenshoe shares and proceeds (fully exercised)."),
        Opt("board_lot", numbers.parse_shares, "N",
            "Board lot: greenshoe and solved shares round down to whole lots (default 1)."),
        Opt("upsize", numbers.parse_shares, "N", "Shares added by the offer size adjustment option: --shares is the "
            "offer before it; proceeds and the greenshoe follow the offer after it."),
    ),
))

register(CommandSpec(
    name="market-cap",
    calculate=_market_cap,
    help="""Market capitalisation at a price, and its change on the offer price.

\b
Examples:
  zhipu-ipo market-cap --shares 440,230,190 --price 120 --offer-price 116.20
  zhipu-ipo market-cap --market-cap 528.28億 --price 120
  zhipu-ipo market-cap --shares 440,230,190 --price 108.00..116.20
  zhipu-ipo market-cap --shares 440,230,190 --price 120 --json | jq -r .result.market_cap

Market cap is all shares in issue (H shares and unlisted shares alike) x price.""",
    options=(
        Opt("shares", numbers.parse_shares, "N", "Total shares in issue (all classes)."),
        Opt("price", numbers.parse_price_or_range, "PRICE", "Price per share (trading or offer), or a range "
            "LOW..HIGH: rows at the low, mid and high."),
        PRICE_STEP,
        FINAL_PRICE,
        Opt("market_cap", numbers.parse_amount, "AMOUNT", "A market cap: solve for the shares in issue at --price."),
        Opt("offer_price", numbers.parse_price, "PRICE",
            "Offer price: adds the market cap at the offer and the change in percent."),
    ),
))

register(CommandSpec(
    name="oversubscription",
    calculate=_oversubscription,
    help="""Subscription multiple, demand, and the Hong Kong public-tranche reallocation.

\b
Examples:
  zhipu-ipo oversubscription --offered 1,871,000 --multiple 1159.46 --price 116.20
  zhipu-ipo oversubscription --total-offer 37,419,500 --offered 1,871,000 --multiple 1159.46 --regime 18c --board-lot 100
  zhipu-ipo oversubscription --total-offer 400m --applied 1,385,800,000 --regime pn18 --board-lot 1000
  zhipu-ipo oversubscription --total-offer 7,920,000 --regime mechanism-b --public-pct 10 --multiple 7558.40
  zhipu-ipo oversubscription --offered 40,000,000 --applied 1,385,800,000 --json
  zhipu-ipo oversubscription --total-offer 580,424,600 --regime b --public-pct 10 --board-lot 200 --upsize 51,174,200 --upsize-to placing
  zhipu-ipo oversubscription --total-offer 224,519,800 --initial-pct 5.5 --ladder 14:8.5,97:21.5 --multiple 454.85 --board-lot 200

The multiple is shares applied for / shares initially offered in the public
tranche, as Hong Kong announcements print it ("oversubscribed 1,159.46 times"
means this ratio). A multiple below 1 is an undersubscribed tranche.

With --total-offer and --regime the public tranche is reallocated: the band
is chosen on the exact multiple, its % is of the total offer, rounded up to
whole board lots, and the placing tranche is the rest. An undersubscribed
public tranche ends at the shares applied for. Mechanism A's first step is
taken at 15x (AUX Electric's prospectus); some press reports 10x: pass
--ladder 10:15,50:25,100:35 for that reading. Notes on stderr say when an
uncertain rule decided the answer. Large and A+H offers often have a waiver
with their own ladder: the prospectus is the authority (--initial-pct,
--ladder). What the inputs allow is computed: a fixed split needs no demand.

With --upsize the total offer is the offer before the upsize; the upsize
shares go to the placing, the public tranche or both pro rata (--upsize-to).
--reallocate moves placing shares to the public tranche below the first
clawback step, at most doubling it (HKEX-GL91-18). --preferential takes a
tranche out of the offer before the split.""",
    options=(
        Opt("offered", numbers.parse_shares, "N", "Shares initially offered in the tranche."),
        Opt("applied", numbers.parse_count, "N", "Shares validly applied for."),
        Opt("multiple", numbers.parse_multiple, "X", "Subscription multiple as announced (1159.46, 1159.46x, 1159.46倍)."),
        Opt("price", numbers.parse_price, "PRICE", "Offer price: adds the demand in money."),
        Opt("max_price", numbers.parse_price, "PRICE", "Maximum offer price (top of the range): the HK$5m pool "
            "boundary is reckoned at it, as announcements do (default: --price)."),
        Opt("applications", numbers.parse_count, "N", "Valid applications."),
        Opt("successful", numbers.parse_count, "N", "Successful applications: adds the success rate."),
        Opt("total_offer", numbers.parse_shares, "N", "Offer shares initially offered (before the greenshoe, and "
            "before --upsize if given): adds the reallocation, pools and cap.", panel=ALLOCATION),
        Opt("regime", parse_regime, "NAME", "pn18 (to 3 Aug 2025), 18c, mechanism-a or mechanism-b (from 4 Aug 2025); "
            "see 'zhipu-ipo rules'.", panel=ALLOCATION),
        Opt("board_lot", numbers.parse_shares, "N", "Board lot: tranches, pools and caps in whole lots (default 1).",
            panel=ALLOCATION),
        Opt("public_pct", numbers.parse_percent, "PCT", "Mechanism B: the fixed public tranche, 10-60% of the offer.",
            panel=ALLOCATION),
        Opt("ladder", parse_ladder_text, "M:P,...", "Own clawback ladder, e.g. 15:30,50:40,100:50 (multiple at least M "
            "-> P% of the offer); replaces the regime's.", panel=ALLOCATION),
        Opt("initial_pct", numbers.parse_percent, "PCT", "Initial public tranche as % of the offer (with --ladder, or "
            "to override the regime's).", panel=ALLOCATION),
        Opt("intl_offered", numbers.parse_shares, "N", "International (placing) shares offered (default: total - "
            "public initial).", panel=ALLOCATION),
        Opt("intl_applied", numbers.parse_count, "N", "International shares demanded.", panel=ALLOCATION),
        Opt("intl_multiple", numbers.parse_multiple, "X", "International subscription multiple as announced.",
            panel=ALLOCATION),
        Opt("upsize", numbers.parse_shares, "N", "Shares added by the offer size adjustment option (upsize); "
            "needs --upsize-to.", panel=ALLOCATION),
        Opt("upsize_to", parse_upsize_to, "placing|pro-rata|public", "Where the upsize shares go (pro-rata: the "
            "initial split).", panel=ALLOCATION),
        Opt("clawback_base", parse_clawback_base, "initial|upsized", "Which offer a clawback band's % is of when "
            "there is an upsize (default initial: before it).", panel=ALLOCATION),
        Opt("reallocate", parse_reallocation, "N|P%", "Placing shares moved to the public tranche below the first "
            "clawback step (N shares, or P% of the offer), checked against HKEX-GL91-18.", panel=ALLOCATION),
        Opt("preferential", numbers.parse_shares, "N", "A preferential or employee tranche taken out of the offer "
            "before the public/placing split.", panel=ALLOCATION),
    ),
))

register(CommandSpec(
    name="greenshoe",
    calculate=_greenshoe,
    help="""Over-allotment (greenshoe) option: its size, proceeds, and how stabilisation used it.

\b
Examples:
  zhipu-ipo greenshoe --shares 37,419,500 --price 116.20 --board-lot 100
  zhipu-ipo greenshoe --shares 7,920,000 --board-lot 100 --price 49.50 --over-allotted 1,180,000 --buyback 59,000
  zhipu-ipo greenshoe --over-allotted 1,779,300 --buyback 1,174,800 --json
  zhipu-ipo greenshoe --shares 580,424,600 --upsize 51,174,200 --board-lot 200 --over-allotted 94,739,800 --exercised 89,015,600
  zhipu-ipo greenshoe --over-allotted 62,156,900 --buyback 6,529,000 --exercised 62,156,900

The option is --pct of the offer (shares initially offered, after any
--upsize), rounded down to whole board lots. Shares bought in the market during
stabilisation reduce the exercise one for one unless they are sold again:
exercised = over-allotted - (bought back - resold). Given over-allotted, bought
back and exercised, the resale is derived and labelled.""",
    options=(
        Opt("shares", numbers.parse_shares, "N", "Offer shares initially offered, before the option (and before "
            "--upsize if given)."),
        Opt("pct", numbers.parse_percent, "PCT", "Option size as a percentage of the offer (after any upsize; "
            "default 15%).", GREENSHOE_CAP_PCT),
        Opt("upsize", numbers.parse_shares, "N", "Shares added by the offer size adjustment option: the option is "
            "--pct of --shares + --upsize."),
        Opt("board_lot", numbers.parse_shares, "N", "Board lot: the option rounds down to whole lots (default 1).", 1),
        Opt("price", numbers.parse_price, "PRICE", "Offer price: adds greenshoe and total proceeds."),
        Opt("over_allotted", numbers.parse_count, "N", "Shares over-allotted (at most the option's size).",
            panel=STABILISATION),
        Opt("buyback", numbers.parse_count, "N", "Shares bought in the market during stabilisation (at most "
            "over-allotted).", panel=STABILISATION),
        Opt("exercised", numbers.parse_count, "N", "Option shares exercised, if known directly.", panel=STABILISATION),
        Opt("resold", numbers.parse_count, "N", "Shares bought in stabilisation and sold again (they do not reduce "
            "the exercise).", panel=STABILISATION),
    ),
))

register(CommandSpec(
    name="entry-fee",
    calculate=_entry_fee,
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
            "price range), or a range LOW..HIGH: rows at the low, mid and high."),
        PRICE_STEP,
        FINAL_PRICE,
        Opt("board_lot", numbers.parse_shares, "N", "Shares per board lot."),
        Opt("lots", numbers.parse_shares, "N", "Number of lots applied for (default 1)."),
        Opt("budget", numbers.parse_amount, "AMOUNT", "A budget: adds the most whole lots it covers, fees included."),
        Opt("fee_schedule", parse_fee_schedule, "NAME", "hkex-2023 (default, from 1 Jan 2023), hkex-2022 or "
            "hkex-2014.", DEFAULT_SCHEDULE, FEES),
        Opt("fee_rounding", parse_fee_rounding, "each|total", "Round each fee to the cent (default, as HKEX "
            "states) or only the total.", ROUND_EACH, FEES),
        Opt("brokerage_pct", numbers.parse_percent_or_zero, "PCT", "Override the brokerage rate (1%).", panel=FEES),
        Opt("sfc_levy_pct", numbers.parse_percent_or_zero, "PCT", "Override the SFC levy (0.0027%).", panel=FEES),
        Opt("afrc_levy_pct", numbers.parse_percent_or_zero, "PCT", "Override the AFRC levy (0.00015%).", panel=FEES),
        Opt("trading_fee_pct", numbers.parse_percent_or_zero, "PCT", "Override the trading fee (0.00565%).",
            panel=FEES),
    ),
))

register(CommandSpec(
    name="report",
    calculate=_report,
    help="""The whole IPO on one screen: proceeds, market cap, subscription, clawback, greenshoe, one lot.

\b
Examples:
  zhipu-ipo report --preset zhipu
  zhipu-ipo report --preset zhipu --price 131.50
  zhipu-ipo report --file scenario.toml --json

A scenario is a TOML file with sections [ipo], [offer], [market], [public],
[international], [greenshoe] and [fees] (see docs/usage.md for the format),
and [sale] and [financing] for the sale and its financing (docs/selling.md);
'zhipu-ipo presets' lists the scenarios shipped with the package. --price
sets the trading price for the market cap (default: [market] price). An
[offer] price may be a range, "108.00..116.20" (with final_price, optional):
the report is then given at its low, mid and high.""",
    options=(
        Opt("file", parse_path, "FILE", "A scenario file (TOML)."),
        Opt("preset", parse_preset_name, "NAME", "A scenario shipped with the package: see 'zhipu-ipo presets'."),
        Opt("price", numbers.parse_price, "PRICE", "A trading price for the market cap (overrides [market] price)."),
    ),
    output=(JSON, CURRENCY._replace(default=None, help="Currency of the amounts, a label: must match the "
                                    "scenario's [ipo] currency if it has one (default: that, else HKD)."),
            UNITS, FX, TO),
))

register(CommandSpec(
    name="presets",
    calculate=_presets,
    help="""The scenarios shipped with the package, for 'zhipu-ipo report --preset NAME'.

\b
Examples:
  zhipu-ipo presets
  zhipu-ipo presets --json | jq -r '.result.presets[].name'""",
    options=(),
    output=LISTING_OUTPUT,
))

register(CommandSpec(
    name="rules",
    calculate=_rules,
    help="""The Hong Kong reallocation regimes and deal rules: initial tranche, ladder, dates, sources.

\b
Examples:
  zhipu-ipo rules
  zhipu-ipo rules --regime 18c
  zhipu-ipo rules --json | jq '.result.regimes[].name'

The same tables drive 'oversubscription --regime'. After the regimes come the
rules of real deals (upsize, waivers, HKEX-GL91-18, stabilisation with resale,
preferential tranches), shown when no --regime is given.""",
    options=(Opt("regime", parse_regime, "NAME", "Show one regime (pn18, 18c, mechanism-a, mechanism-b)."),),
    output=LISTING_OUTPUT,
))

AFTERMARKET = "After listing"

register(CommandSpec(
    name="aftermarket",
    calculate=_aftermarket,
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

A negative money left on the table means the shares closed below the offer price.""",
    options=(
        Opt("offer_price", numbers.parse_price, "PRICE", "Final offer price."),
        Opt("open", numbers.parse_price, "PRICE", "First-day opening price: adds offer-to-open and open-to-close."),
        Opt("close", numbers.parse_price, "PRICE", "First-day closing price."),
        Opt("shares", numbers.parse_shares, "N", "Offer shares sold: after any upsize, before the greenshoe."),
        Opt("greenshoe_shares", numbers.parse_shares, "N",
            "Greenshoe (over-allotment) shares: money left on the table again, with them."),
        Opt("index_return", numbers.parse_signed_percent, "PCT",
            "The benchmark's change that day, signed (e.g. -1.17% for the Hang Seng Index on 8 Jan 2026): adds "
            "both market-adjusted returns."),
        Opt("later_price", numbers.parse_price, "PRICE", "A later price (with --later-date): adds the offer to later "
            "return.", panel=AFTERMARKET),
        Opt("later_date", numbers.parse_date, "YYYY-MM-DD", "The date of --later-price.", panel=AFTERMARKET),
        Opt("grey_price", numbers.parse_price, "PRICE", "Grey-market (dark pool) price the evening before listing.",
            panel=AFTERMARKET),
    ),
))

register(CommandSpec(
    name="ah-premium",
    calculate=_ah_premium,
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
))

register(CommandSpec(
    name="float",
    calculate=_float,
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
            "greenshoe)."),
        Opt("price", numbers.parse_price, "PRICE", "Offer price: market value = shares in issue x price."),
        Opt("market_value", numbers.parse_amount, "AMOUNT", "Expected market value of the class at listing, instead "
            "of --price."),
        Opt("public_shares", numbers.parse_count, "N", "Shares held by the public: adds the float, whether it meets "
            "the tier and the shortfall."),
        Opt("offer_shares", numbers.parse_shares, "N", "Offer shares (after any upsize, before the greenshoe)."),
        Opt("cornerstone_shares", numbers.parse_count, "N", "Shares placed with cornerstone investors: adds their % "
            "of the offer and of the shares in issue."),
    ),
))


SALE = "Selling charges (dated; override any)"
BALLOT_PANEL = "From a ballot table"
FINANCING = "Financing"
BROKER = "Broker's charges (none unless given)"

register(CommandSpec(
    name="sell",
    calculate=_sell,
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
        Opt("shares", numbers.parse_shares, "N", "Shares sold."),
        Opt("price", numbers.parse_price, "PRICE", "Sale price per share."),
        Opt("date", numbers.parse_date, "YYYY-MM-DD", "Trade date: picks the charges in force that day."),
        Opt("offer_price", numbers.parse_price, "PRICE", "Offer price paid: adds cost, P&L, return and break-even."),
        Opt("venue", _parse_venue, "exchange|grey", "exchange (default) or grey (the grey market, 暗盤: an off-exchange "
            "trade in a broker's system).", "exchange"),
        Opt("fee_schedule", parse_fee_schedule, "NAME", "Entry-fee schedule for the cost (default: the one in force on "
            "--date).", panel=SALE),
        Opt("stamp_duty_pct", numbers.parse_percent_or_zero, "PCT", "Override the stamp duty rate.", panel=SALE),
        Opt("trading_fee_pct", numbers.parse_percent_or_zero, "PCT", "Override the trading fee rate.", panel=SALE),
        Opt("trading_tariff", numbers.parse_amount_or_zero, "AMOUNT", "Override the trading tariff per transaction "
            "(HK$0.50 before 2023).", panel=SALE),
        Opt("sfc_levy_pct", numbers.parse_percent_or_zero, "PCT", "Override the SFC levy.", panel=SALE),
        Opt("afrc_levy_pct", numbers.parse_percent_or_zero, "PCT", "Override the AFRC levy.", panel=SALE),
        Opt("settlement_fee_pct", numbers.parse_percent_or_zero, "PCT", "Override the HKSCC settlement fee rate.",
            panel=SALE),
        Opt("settlement_fee_min", numbers.parse_amount_or_zero, "AMOUNT", "Override the settlement fee minimum.",
            panel=SALE),
        Opt("settlement_fee_max", numbers.parse_amount_or_zero, "AMOUNT", "Override the settlement fee maximum.",
            panel=SALE),
        Opt("trading_fee_rounding", _parse_trading_fee_rounding, "nearest|up", "Trading fee to the nearest cent "
            "(default, as HKEX states) or up (as in Longbridge's worked example).", "nearest", SALE),
        Opt("commission_pct", numbers.parse_percent_or_zero, "PCT", "Broker's commission rate.", panel=BROKER),
        Opt("min_commission", numbers.parse_amount_or_zero, "AMOUNT", "Broker's minimum commission per order.",
            panel=BROKER),
        Opt("platform_fee", numbers.parse_amount_or_zero, "AMOUNT", "Broker's platform fee per order.", panel=BROKER),
    ),
))

register(CommandSpec(
    name="margin",
    calculate=_margin,
    help="""IPO financing (孖展): interest, handling fee, total cost and the first-day return that pays for them.

\b
Examples:
  zhipu-ipo margin --financed 1,000,000 --rate 3% --days 5
  zhipu-ipo margin --financed 1,000,000 --rate 3% --start 2025-08-07 --end 2025-08-12
  zhipu-ipo margin --amount 2,347,437.55 --leverage 10x --rate 3.5% --days 5 --handling-fee 100
  zhipu-ipo margin --amount 117,371.90 --deposit 10% --rate 3.5% --days 5 --basis 360 --json

interest = financed x rate x days / basis (365 unless --basis 360), rounded
once to the cent. --start/--end count actual days, the start day in and the
end day out: give the subscription deadline and the allotment-results day, as
brokers count. The handling fee is charged whether or not shares are allotted.
The SFC expects a deposit of at least 10% of the subscription amount (circular
25EC18, 20 Mar 2025): leverage above 10x is warned about on stderr.""",
    options=(
        Opt("financed", numbers.parse_amount, "AMOUNT", "The amount financed (borrowed)."),
        Opt("amount", numbers.parse_amount, "AMOUNT", "Subscription amount (with --deposit or --leverage; adds the "
            "return needed)."),
        Opt("deposit", _parse_deposit, "PCT|AMOUNT", "Own money put down: a percentage of --amount (10%) or an "
            "amount."),
        Opt("leverage", _parse_leverage, "X", "Amount over deposit, as brokers quote it: 10x means a 10% deposit."),
        Opt("rate", numbers.parse_percent, "PCT", "Annual interest rate.", panel=FINANCING),
        Opt("days", numbers.parse_count, "N", "Days charged.", panel=FINANCING),
        Opt("start", numbers.parse_date, "YYYY-MM-DD", "First day charged (the subscription deadline).",
            panel=FINANCING),
        Opt("end", numbers.parse_date, "YYYY-MM-DD", "The day interest stops, not charged (the allotment results).",
            panel=FINANCING),
        Opt("basis", _parse_basis, "365|360", "Days in the interest year (default 365).", 365, FINANCING),
        Opt("handling_fee", numbers.parse_amount_or_zero, "AMOUNT", "Broker's handling fee per application.",
            panel=FINANCING),
    ),
))

register(CommandSpec(
    name="expected-value",
    calculate=_expected_value,
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
        Opt("probability", _parse_probabilities, "PCT[;PCT...]", "Chance of allotment for each application: 5% or "
            "successful/applicants."),
        Opt("shares", numbers.parse_shares, "N", "Shares allotted if successful (e.g. one board lot)."),
        Opt("offer_price", numbers.parse_price, "PRICE", "Offer price."),
        Opt("move", numbers.parse_signed_percent, "PCT", "Assumed first-day move on the offer price, signed: 10% or "
            "-5%."),
        Opt("date", numbers.parse_date, "YYYY-MM-DD", "Listing (sale) date: picks the charges (default: the newest)."),
        Opt("amount", numbers.parse_amount, "AMOUNT", "Subscription amount tied up per application (default: the cost "
            "of --shares)."),
        Opt("financed", numbers.parse_amount, "AMOUNT", "Amount financed per application.", panel=FINANCING),
        Opt("deposit", _parse_deposit, "PCT|AMOUNT", "Own money put down: a percentage of the amount or an amount.",
            panel=FINANCING),
        Opt("leverage", _parse_leverage, "X", "Amount over deposit: 10x means a 10% deposit.", panel=FINANCING),
        Opt("rate", numbers.parse_percent, "PCT", "Annual interest rate on the financed part.", panel=FINANCING),
        Opt("days", numbers.parse_count, "N", "Days the money is locked (interest days; annualises the return).",
            panel=FINANCING),
        Opt("basis", _parse_basis, "365|360", "Days in the interest year (default 365).", 365, FINANCING),
        Opt("handling_fee", numbers.parse_amount_or_zero, "AMOUNT", "Handling fee per application.", panel=FINANCING),
        Opt("fee_schedule", parse_fee_schedule, "NAME", "Entry-fee schedule for the cost (default: by --date).",
            panel=FEES),
        Opt("ballot", _parse_ballot_preset, "PRESET", "Take the chance from a ballot table shipped with the package "
            "(see 'zhipu-ipo ballot --preset'), with --tier.", panel=BALLOT_PANEL),
        Opt("tier", numbers.parse_shares, "SHARES", "The tier applied for in --ballot's table: sets --probability, "
            "--shares, --amount and --offer-price.", panel=BALLOT_PANEL),
    ),
))

def _parse_applications(text: str) -> tuple[int, ...]:
    from .calc.ballot import parse_applications

    return parse_applications(text)


register(CommandSpec(
    name="ballot",
    calculate=_ballot,
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
        Opt("table", parse_path, "FILE|-", "The basis-of-allotment table (CSV), or - for stdin."),
        Opt("preset", _parse_ballot_preset, "NAME", "A real table shipped with the package: zhipu (02513), delton "
            "(01989), befar (06745) or mixue (02097), with its lot, prices and tranche."),
        Opt("file", parse_path, "FILE", "A scenario file whose [ballot] section gives the table (and [offer] the "
            "board lot and price)."),
        Opt("board_lot", numbers.parse_shares, "N", "Shares per board lot."),
        Opt("max_price", numbers.parse_price, "PRICE", "Maximum offer price (top of the range): money tied up and "
            "the HK$5m pool boundary (default: --price)."),
        Opt("price", numbers.parse_price, "PRICE", "Final offer price (shown; taken as the maximum without "
            "--max-price)."),
        Opt("pool_a", numbers.parse_shares, "N", "Pool A size, to check the table against.", panel=ALLOCATION),
        Opt("pool_b", numbers.parse_shares, "N", "Pool B size, to check the table against.", panel=ALLOCATION),
        Opt("public_shares", numbers.parse_shares, "N", "Final public tranche: split into pools (odd lot to A) and "
            "the bound.", panel=ALLOCATION),
        Opt("applications", numbers.parse_count, "N", "Valid applications, for the bound before the results.",
            panel=ALLOCATION),
        Opt("apply", _parse_applications, "S+S+...", "Applications to combine, in shares, one per account or IPO "
            "draw (100+100+20,000): P(at least one lot) and expected lots."),
        Opt("fee_schedule", parse_fee_schedule, "NAME", "Application charges: hkex-2023 (default), hkex-2022 or "
            "hkex-2014.", DEFAULT_SCHEDULE, FEES),
        Opt("fee_rounding", parse_fee_rounding, "each|total", "Round each fee to the cent (default) or the total.",
            ROUND_EACH, FEES),
    ),
))


def compute(spec: CommandSpec, values: dict[str, Any]) -> Outcome:
    """Run the command's calculation on parsed values: defaults filled, inputs echoed, conversion checked.

    ``values`` maps option names to parsed values (None or absent: not given). The
    one place that fills defaults, so the launcher, the Typer app and batch agree.
    """
    given = {opt.dest: values[opt.dest] if values.get(opt.dest) is not None else opt.default
             for opt in spec.all_options}
    arguments = {name: raw for name, raw in given.items() if raw is not None and name not in PRESENTATION}
    if given.get("units") is not None and given.get("json"):
        raise InputError("--units shapes the table; --json gives exact values without it")
    if given.get("fx") is not None and isinstance(given.get("price"), numbers.PriceRange):
        raise InputError("--fx does not convert price-range scenarios: give one --price, or convert the range first")
    computed = spec.calculate(**arguments)
    currency = computed.currency or arguments.get("currency") or DEFAULT_CURRENCY
    inputs = {name: format(raw, "f") if type(raw) is Decimal else raw for name, raw in arguments.items()}
    if "currency" in inputs or computed.currency:
        inputs["currency"] = currency
    fx = _conversion(given.get("fx"), given.get("to"), currency)
    if fx is not None:
        inputs.update(fx=format(fx[0], "f"), to=fx[1])
    return Outcome(spec.name, inputs, computed, currency, fx)


def _conversion(rate: Decimal | None, target: str | None, currency: str) -> tuple[Decimal, str] | None:
    if rate is None and target is None:
        return None
    if rate is None or target is None:
        raise InputError("give --fx RATE and --to CURRENCY together (e.g. --fx 0.9264 --to CNY)")
    if target == currency:
        raise InputError(f"--to {target} is already the currency of the amounts")
    return rate, target


def execute(spec: CommandSpec, values: dict[str, Any]) -> None:
    """Compute and print: a table, or JSON with --json. Shared by the Typer app and the launcher."""
    from .render import emit

    outcome = compute(spec, values)
    emit(outcome, as_json=bool(values.get("json")), units=values.get("units"))
