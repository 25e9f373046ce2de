"""How the offer is split and sized: `oversubscription` (demand and reallocation), `greenshoe` and `rules`."""

from __future__ import annotations

from .. import numbers
from ..calc.greenshoe import compute_greenshoe
from ..calc.regimes import compute_rules
from ..calc.subscription import compute_oversubscription
from ..dealfill import FINAL_PRICE, INTL_OFFERED, MAX_PRICE, TOTAL_OFFER
from ..rules import (GREENSHOE_CAP_PCT, parse_clawback_base, parse_ladder_text, parse_preferential_from, parse_reallocation,
                     parse_regime, parse_upsize_to)
from ..spec import DEAL, LISTING_OUTPUT, CommandSpec, Opt

OVERSUBSCRIPTION = CommandSpec(
    name="oversubscription",
    calculate=compute_oversubscription,
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
tranche out of the offer before the split (the public % is of the rest), or
with --preferential-from international out of the international offering
(the public % is of the whole offer, as Eastroc 9980's employee tranche);
--preferential-taken N: the shares taken up, the rest go back to the
international offering.""",
    options=(
        Opt("offered", numbers.parse_shares, "N", "Shares initially offered in the tranche.", deal=("public.initial_shares",)),
        Opt("applied", numbers.parse_count, "N", "Shares validly applied for.", deal=("public.applied",)),
        Opt("multiple", numbers.parse_multiple, "X", "Subscription multiple as announced (1159.46, 1159.46x, 1159.46倍).", deal=("public.multiple",)),
        Opt("price", numbers.parse_price, "PRICE", "Offer price: adds the demand in money.", deal=(FINAL_PRICE,)),
        Opt("max_price", numbers.parse_price, "PRICE", "Maximum offer price (top of the range): the HK$5m pool "
            "boundary is reckoned at it, as announcements do (default: --price).", deal=(MAX_PRICE,)),
        Opt("applications", numbers.parse_count, "N", "Valid applications.", deal=("public.applications",)),
        Opt("successful", numbers.parse_count, "N", "Successful applications: adds the success rate.", deal=("public.successful",)),
        Opt("total_offer", numbers.parse_shares, "N", "Offer shares initially offered (before the greenshoe, and "
            "before --upsize if given): adds the reallocation, pools and cap.", deal=(TOTAL_OFFER,)),
        Opt("regime", parse_regime, "NAME", "pn18 (to 3 Aug 2025), 18c, mechanism-a or mechanism-b (from 4 Aug 2025); "
            "see 'zhipu-ipo rules'.", deal=("public.regime",)),
        Opt("board_lot", numbers.parse_shares, "N", "Board lot: tranches, pools and caps in whole lots (default 1).", deal=("offer.board_lot",)),
        Opt("public_pct", numbers.parse_percent, "PCT", "Mechanism B: the fixed public tranche, 10-60% of the offer.", deal=("public.public_pct",)),
        Opt("ladder", parse_ladder_text, "M:P,...", "Own clawback ladder, e.g. 15:30,50:40,100:50 (multiple at least M "
            "-> P% of the offer); replaces the regime's.", deal=("public.ladder",)),
        Opt("initial_pct", numbers.parse_percent, "PCT", "Initial public tranche as % of the offer (with --ladder, or "
            "to override the regime's).", deal=("public.initial_pct",)),
        Opt("intl_offered", numbers.parse_shares, "N", "International (placing) shares offered (default: total - "
            "public initial).", deal=(INTL_OFFERED,)),
        Opt("intl_applied", numbers.parse_count, "N", "International shares demanded.", deal=("international.applied",)),
        Opt("intl_multiple", numbers.parse_multiple, "X", "International subscription multiple as announced.", deal=("international.multiple",)),
        Opt("upsize", numbers.parse_shares, "N", "Shares added by the offer size adjustment option (upsize); "
            "needs --upsize-to.", deal=("offer.upsize",)),
        Opt("upsize_to", parse_upsize_to, "placing|pro-rata|public", "Where the upsize shares go (pro-rata: the "
            "initial split).", deal=("offer.upsize_to",)),
        Opt("clawback_base", parse_clawback_base, "initial|upsized", "Which offer a clawback band's % is of when "
            "there is an upsize (default initial: before it).", deal=("public.clawback_base",)),
        Opt("reallocate", parse_reallocation, "N|P%", "Placing shares moved to the public tranche below the first "
            "clawback step (N shares, or P% of the offer), checked against HKEX-GL91-18.", deal=("public.reallocate",)),
        Opt("preferential", numbers.parse_shares, "N", "A preferential or employee tranche taken out of the offer "
            "before the public/placing split.", deal=("offer.preferential",)),
        Opt("preferential_from", parse_preferential_from, "offer|international", "Where --preferential comes from: "
            "offer (before the split, the public % of the rest; default) or international (carved out of the "
            "international offering, the public % of the whole offer).", deal=("offer.preferential_from",)),
        Opt("preferential_taken", numbers.parse_count, "N", "Preferential shares taken up; the rest go back to the "
            "international offering.", deal=("offer.preferential_taken",)),
    ) + DEAL,
)


GREENSHOE = CommandSpec(
    name="greenshoe",
    calculate=compute_greenshoe,
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
            "--upsize if given).", deal=("offer.shares",)),
        Opt("pct", numbers.parse_percent, "PCT", "Option size as a percentage of the offer (after any upsize; "
            "default 15%).", GREENSHOE_CAP_PCT, deal=("greenshoe.pct",)),
        Opt("upsize", numbers.parse_shares, "N", "Shares added by the offer size adjustment option: the option is "
            "--pct of --shares + --upsize.", deal=("offer.upsize",)),
        Opt("board_lot", numbers.parse_shares, "N", "Board lot: the option rounds down to whole lots (default 1).", 1, deal=("offer.board_lot",)),
        Opt("price", numbers.parse_price, "PRICE", "Offer price: adds greenshoe and total proceeds.", deal=(FINAL_PRICE,)),
        Opt("over_allotted", numbers.parse_count, "N", "Shares over-allotted (at most the option's size).", deal=("greenshoe.over_allotted",)),
        Opt("buyback", numbers.parse_count, "N", "Shares bought in the market during stabilisation (at most "
            "over-allotted).", deal=("greenshoe.buyback",)),
        Opt("exercised", numbers.parse_count, "N", "Option shares exercised, if known directly.", deal=("greenshoe.exercised",)),
        Opt("resold", numbers.parse_count, "N", "Shares bought in stabilisation and sold again (they do not reduce "
            "the exercise).", deal=("greenshoe.resold",)),
    ) + DEAL,
)


RULES = CommandSpec(
    name="rules",
    calculate=compute_rules,
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
)

SPECS = (OVERSUBSCRIPTION, GREENSHOE, RULES,)
