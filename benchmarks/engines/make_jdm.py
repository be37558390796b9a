"""Writes krx.jdm.json, the zen-engine decision graph of the ten KRX checks: python -m benchmarks.engines.make_jdm.

The graph is JSON for zen-engine's editor and loader; this script is its readable source."""

import json
def expr_node(id_, name, exprs):
    return {"id": id_, "type": "expressionNode", "name": name, "position": {"x": 0, "y": 0},
            "content": {"expressions": [{"id": f"{id_}-{i}", "key": k, "value": v} for i, (k, v) in enumerate(exprs)],
                        "passThrough": True, "inputField": None, "outputPath": None, "executionMode": "single"}}
RANK = """export const handler = async (input) => {
  // Largest 3-month mean market cap first, ties by code; an issue is within the top 85% when the
  // issues ranked above it hold less than 85% of the total (the straddling issue is in).
  const ranked = [...input.constituents].sort((a, b) =>
    b.market_cap - a.market_cap || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const top = [];
  let above = 0;
  for (const c of ranked) {
    if (above >= 0.85 * input.total) break;
    top.push(c);
    above += c.market_cap;
  }
  return { ...input, top };
};
"""
graph = {
  "contentType": "application/vnd.gorules.decision",
  "nodes": [
    {"id": "request", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}},
    expr_node("summary", "index and product figures", [
        ("total", "sum(map(constituents, #.market_cap))"),
        ("issues", "len(constituents)"),
        ("heavy", "map(filter(constituents, #.market_cap / $.total > 0.30), #.code)"),
        ("heldCount", "count(constituents, #.held)"),
        ("heldCap", "sum(map(filter(constituents, #.held), #.market_cap))"),
        ("unheld", "map(filter(constituents, not #.held), #.code)"),
        ("aps", "count(product.participants, #.authorized_participant)"),
        ("lps", "count(product.participants, #.authorized_participant and #.lp_contract)"),
    ]),
    {"id": "rank", "type": "functionNode", "name": "top 85% by market cap", "position": {"x": 0, "y": 0},
     "content": {"source": RANK}},
    expr_node("checks", "the ten checks", [
        ("small", "map(filter(top, #.market_cap < 15000000000), #.code)"),
        ("illiquid", "map(filter(top, #.trading_value < 100000000), #.code)"),
        ("verdicts.constituent_count", "[issues >= 10, []]"),
        ("verdicts.single_issue_weight", "[len(heavy) == 0, heavy]"),
        ("verdicts.top85_market_cap", "[len($.small) == 0, $.small]"),
        ("verdicts.top85_trading_value", "[len($.illiquid) == 0, $.illiquid]"),
        ("verdicts.principal", "[product.principal >= 7000000000, []]"),
        ("verdicts.units", "[product.units >= 100000, []]"),
        ("verdicts.authorized_participant", "[aps >= 1, map(product.participants, #.name)]"),
        ("verdicts.lp_contract", "[lps >= 1, map(filter(product.participants, #.authorized_participant or #.lp_contract), #.name)]"),
        ("verdicts.market_cap_coverage", "[heldCap / total >= 0.95, unheld]"),
        ("verdicts.constituent_coverage", "[heldCount / issues >= 0.5, unheld]"),
    ]),
    {"id": "response", "type": "outputNode", "name": "response", "position": {"x": 0, "y": 0}},
  ],
  "edges": [
    {"id": "e1", "sourceId": "request", "targetId": "summary", "type": "edge"},
    {"id": "e2", "sourceId": "summary", "targetId": "rank", "type": "edge"},
    {"id": "e3", "sourceId": "rank", "targetId": "checks", "type": "edge"},
    {"id": "e4", "sourceId": "checks", "targetId": "response", "type": "edge"},
  ],
}
open(__import__('pathlib').Path(__file__).with_name('krx.jdm.json'), 'w', encoding='utf-8').write(json.dumps(graph, indent=2, ensure_ascii=False) + "\n")
