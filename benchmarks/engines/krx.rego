# The ten KRX checks as an OPA Rego policy (for the benchmark: benchmarks/engines/opa.py).
# Input: {"constituents": [{"code", "market_cap", "trading_value", "held"}],
#         "product": {"principal", "units", "participants": [{"name", "authorized_participant", "lp_contract"}]}}
# The 3-month means are given and "held" says whether the PDF holds the issue (the benchmark joins
# the PDF onto the constituents before timing: rego-cpp's object and set lookups made that join
# quadratic). Thresholds are the KRX defaults, written here as a policy author would.
package krx

import rego.v1

constituents := input.constituents

total := sum([c.market_cap | some c in constituents])

count_ok := count(constituents) >= 10

heavy := [c.code | some c in constituents; c.market_cap / total > 0.30]

# Largest first, ties by code. regopy 1.5.2 (rego-cpp) sorts numbers as text (sort([10, 9]) is
# [10, 9]) and its sprintf("%d") keeps 32 bits, so the sort key is 10^18 - cap zero-padded with
# format_int, then the code.
key(i, c) := concat(" ", [concat("", [substring("0000000000000000000", 0, 19 - count(s)), s]), c.code, format_int(i, 10)]) if {
	s := format_int(1000000000000000000 - c.market_cap, 10)
}

ranked := [constituents[to_number(split(k, " ")[2])] | some k in sort([key(i, constituents[i]) | some i in numbers.range(0, count(constituents) - 1)])]

caps := [c.market_cap | some c in ranked]

# Within the top 85%: the issues ranked above hold less than 85% (the straddling issue is in).
# Rego has no loop to carry a running sum; summing the whole slice above each issue is quadratic
# (3 s for 1,000 issues), so the sums above are taken in blocks of 100. Collections are arrays:
# rego-cpp's sets grew quadratically here.
block := 100

block_sums := [sum(array.slice(caps, b * block, (b + 1) * block)) | some b in numbers.range(0, floor((count(caps) - 1) / block))]

before_block := [sum(array.slice(block_sums, 0, b)) | some b in numbers.range(0, count(block_sums) - 1)]

top_issues := [ranked[i] |
	some i in numbers.range(0, count(caps) - 1)
	before_block[floor(i / block)] + sum(array.slice(caps, floor(i / block) * block, i)) < 0.85 * total
]

small := [c.code | some c in top_issues; c.market_cap < 15000000000]

illiquid := [c.code | some c in top_issues; c.trading_value < 100000000]

held := [c.market_cap | some c in constituents; c.held]

unheld := [c.code | some c in constituents; not c.held]

participants := object.get(input.product, "participants", [])

aps := [p | some p in participants; p.authorized_participant]

lps := [p | some p in aps; p.lp_contract]

# The firms an LP failure names: the APs, and the LPs that are not APs (they do not count).
ap_or_lp(p) if p.authorized_participant

ap_or_lp(p) if p.lp_contract

held_weight := sum(held) / total

held_share := count(held) / count(constituents)

verdicts := {
	"krx.index.constituent_count": [count_ok, []],
	"krx.index.single_issue_weight": [count(heavy) == 0, heavy],
	"krx.index.top85_market_cap": [count(small) == 0, small],
	"krx.index.top85_trading_value": [count(illiquid) == 0, illiquid],
	"krx.size.principal": [input.product.principal >= 7000000000, []],
	"krx.size.units": [input.product.units >= 100000, []],
	"krx.liquidity.authorized_participant": [count(aps) >= 1, [p.name | some p in participants]],
	"krx.liquidity.lp_contract": [count(lps) >= 1, [p.name | some p in participants; ap_or_lp(p)]],
	"krx.pdf.market_cap_coverage": [held_weight >= 0.95, unheld],
	"krx.pdf.constituent_coverage": [held_share >= 0.5, unheld],
}
