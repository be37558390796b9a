"""The HTML report's own words, in English and Korean (rule titles and messages come from the rulebook)."""

from __future__ import annotations

from typing import Any

WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "page_title": "ETF listing check", "summary": "Summary",
        "summary_line": "{eligible} of {total} products eligible",
        "product": "product", "file": "file", "verdict": "verdict", "counts": "results",
        "eligible": "eligible", "not_eligible": "not eligible", "unreadable": "could not be evaluated",
        "rulebook": "rulebook", "version": "version", "in_force": "in force from",
        "unconfirmed": "date unconfirmed", "as_of": "evaluation date", "tool": "tool",
        "rules": "Rules", "charts": "Charts", "problems": "Problems", "notices": "Notices",
        "rule": "rule", "status": "status", "message": "message", "observed": "observed",
        "threshold": "threshold", "headroom": "headroom", "citation": "citation", "location": "position",
        "offenders": "offenders", "items_more": "… and {count} more (all of them are in the JSON report)",
        "waived_by": "waived: {reason} (approved by {approved_by}, until {expires})",
        "pass": "pass", "fail": "fail", "not_applicable": "n/a", "error": "error", "waived": "waived",
        "at_risk": "at risk", "near_miss": "near miss", "unconfirmed_rule": "unconfirmed",
        "clock": "clock", "since": "since", "caution_from": "caution from", "delisting_from": "delisting from",
        "rank": "rank", "item": "item", "figure": "figure", "share": "share", "cumulative": "cumulative share",
        "offender": "✘ offender", "within_limit": "✔",
        "fold_together": "… {count} more, together {total}",
        "fold_each": {True: "… {count} more, each at most {value}", False: "… {count} more, each at least {value}"},
        "items_description": {
            True: "Bars: each of the {count} items' figures, largest first, the long tail folded; the line: "
                  "the limit ({limit}); {offenders} offender(s) drawn in red.",
            False: "Bars: each of the {count} items' figures, smallest first, the long tail folded; the line: "
                   "the threshold ({limit}); {offenders} offender(s) drawn in red.",
        },
        "cumulative_title": "Cumulative market-cap share by rank",
        "cumulative_description": "The line: the cumulative share of the {count} issues, largest first; dots: the "
                                  "{within} issues within the cut; the horizontal line: {cut}; {offenders} "
                                  "offender(s) of the rules on those issues drawn in red.",
        "cut": "cut {cut}", "rank_axis": "rank →",
        "more_within": "… {count} more issues within the cut, none an offender.",
        "floors_title": "Shares against their floors",
        "floors_description": "Each bar: the share that counts (dark) and the rest (light), from 0% to 100%; "
                              "the tick: the floor; {count} rule(s).",
        "rest": "rest {value}", "counted": "counted", "rest_column": "rest",
        "amounts_title": "Figures against their thresholds",
        "amounts_description": "Each bar: a figure, on its own scale with its threshold (the tick) a third of "
                               "the way; {count} rule(s), {failing} failing, {near} near miss(es) drawn in amber.",
        "no_charts": "No figures to chart for this product.",
        "same_index": "the same index, and the same figures, as a product above;",
        "see_chart": "see its chart",
        "back": "back to the summary", "footer": "{tool} {version} · {rulebooks} · {dates}",
    },
    "ko": {
        "page_title": "ETF 상장 요건 검사", "summary": "요약",
        "summary_line": "{total}개 상품 중 {eligible}개 충족",
        "product": "상품", "file": "파일", "verdict": "판정", "counts": "결과",
        "eligible": "상장 요건 충족", "not_eligible": "상장 요건 미충족", "unreadable": "평가할 수 없습니다",
        "rulebook": "규정집", "version": "버전", "in_force": "시행일",
        "unconfirmed": "날짜 미확인", "as_of": "평가일", "tool": "도구",
        "rules": "규칙", "charts": "차트", "problems": "문제", "notices": "알림",
        "rule": "규칙", "status": "상태", "message": "내용", "observed": "측정값",
        "threshold": "기준", "headroom": "여유", "citation": "근거", "location": "위치",
        "offenders": "위반 항목", "items_more": "… 외 {count}개 (전체 목록은 JSON 보고서에 있습니다)",
        "waived_by": "면제: {reason} (승인: {approved_by}, {expires}까지)",
        "pass": "충족", "fail": "미충족", "not_applicable": "해당없음", "error": "오류", "waived": "면제",
        "at_risk": "경고", "near_miss": "기준 근접", "unconfirmed_rule": "미확인",
        "clock": "기간", "since": "시작", "caution_from": "주의", "delisting_from": "상장폐지 요건",
        "rank": "순위", "item": "항목", "figure": "수치", "share": "비중", "cumulative": "누적 비중",
        "offender": "✘ 위반", "within_limit": "✔",
        "fold_together": "… 외 {count}개, 합계 {total}",
        "fold_each": {True: "… 외 {count}개, 각 {value} 이하", False: "… 외 {count}개, 각 {value} 이상"},
        "items_description": {
            True: "막대: 항목 {count}개의 수치(큰 순서, 나머지는 한 줄로 묶음). 세로선: 한도({limit}). "
                  "위반 {offenders}개는 빨간색.",
            False: "막대: 항목 {count}개의 수치(작은 순서, 나머지는 한 줄로 묶음). 세로선: 기준({limit}). "
                   "위반 {offenders}개는 빨간색.",
        },
        "cumulative_title": "순위별 누적 시가총액 비중",
        "cumulative_description": "선: 종목 {count}개의 누적 비중(큰 순서). 점: 기준선 이내 종목 {within}개. "
                                  "가로선: {cut}. 해당 종목 규칙의 위반 {offenders}개는 빨간색.",
        "cut": "기준 {cut}", "rank_axis": "순위 →",
        "more_within": "… 기준선 이내 종목 {count}개 더(위반 없음).",
        "floors_title": "비율과 하한",
        "floors_description": "막대: 인정되는 비율(진한 색)과 나머지(연한 색), 0%~100%. 눈금: 하한. 규칙 {count}개.",
        "rest": "나머지 {value}", "counted": "인정 비율", "rest_column": "나머지",
        "amounts_title": "수치와 기준",
        "amounts_description": "막대: 각 수치(기준 눈금이 3분의 1 지점에 오도록 규칙마다 다른 축). 규칙 {count}개, "
                               "미충족 {failing}개, 기준 근접 {near}개는 주황색.",
        "no_charts": "이 상품에는 차트로 나타낼 수치가 없습니다.",
        "same_index": "위 상품과 같은 지수, 같은 수치입니다.",
        "see_chart": "차트 보기",
        "back": "요약으로", "footer": "{tool} {version} · {rulebooks} · {dates}",
    },
}
