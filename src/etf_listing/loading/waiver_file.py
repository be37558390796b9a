"""The waiver file (``kind: etf-waivers``): approved exceptions, read with positions."""

from __future__ import annotations

import os
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Problem
from ..results import Waiver
from .documents import WaiverFileDocument
from .files import named_file, read_text, recording
from .validation import validation_problems
from .yaml_source import parse_yaml


def load_waivers(path: str) -> tuple[Waiver, ...]:
    """Read a waiver file (``kind: etf-waivers``); InputError with positions when it is not one."""
    source = named_file(path)
    with recording() as digests:
        text = read_text(source)
    document = parse_yaml(text, source.display)
    sha256 = digests.get(source.display)
    if not isinstance(document.data, dict) or document.data.get("kind") != "etf-waivers":
        raise InputError([Problem(document.where(("kind",)), "not a waiver file", "a waiver file starts with kind: etf-waivers",
                                  ko="면제 파일이 아닙니다", hint_ko="면제 파일은 kind: etf-waivers로 시작합니다")])
    emptied = _emptied(document)
    if emptied:
        raise InputError(emptied)
    try:
        parsed = WaiverFileDocument.model_validate(document.data)
    except ValidationError as error:
        raise InputError(validation_problems(error, WaiverFileDocument, document, (), document.data)) from None
    here = os.path.dirname(source.real)  # a file a waiver names is relative to the waiver file
    waivers = tuple(
        Waiver(rule=w.rule, reason=w.reason, approved_by=w.approved_by, expires=w.expires,
               items=tuple(str(i) for i in w.items) if w.items is not None else None,
               products=tuple(w.products) if w.products is not None else None,
               location=document.where(("waivers", i)), sha256=sha256,
               product_files=frozenset(os.path.realpath(os.path.join(here, p)) for p in w.products or ()))
        for i, w in enumerate(parsed.waivers)
    )
    overlapping = [_overlap(waivers[:j], waiver) for j, waiver in enumerate(waivers)]
    problems = [Problem(waiver.location or document.where(()),
                        f"this waiver of {waiver.rule} covers a product and items that the waiver at line "
                        f"{first.location.line if first.location else '?'} covers too",
                        "write one waiver for a rule, product and item, so the one in force is never in doubt",
                        ko=f"이 {waiver.rule} 면제는 {first.location.line if first.location else '?'}행의 면제와 "
                           "같은 상품·항목을 다룹니다",
                        hint_ko="규칙·상품·항목마다 면제를 하나만 쓰십시오. 어느 면제가 적용되는지 분명해야 합니다")
                for waiver, first in zip(waivers, overlapping) if first is not None]
    if problems:
        raise InputError(problems)
    return waivers


_EMPTIED = {
    "products": ("the products it is for", "면제 대상 상품", "every product"),
    "items": ("the offenders it covers", "면제 대상 항목", "every offender"),
}


def _emptied(document: Any) -> list[Problem]:
    """A problem at each ``products:`` or ``items:`` written with nothing after it: left out, the
    key means every product (every offender), so a list whose last entry was deleted would widen
    the waiver to all of them in silence."""
    problems = []
    waivers = document.data.get("waivers")
    for i, waiver in enumerate(waivers if isinstance(waivers, list) else ()):
        for key, (what, what_ko, every) in _EMPTIED.items():
            if isinstance(waiver, dict) and key in waiver and waiver[key] is None:
                problems.append(Problem(document.where_key(("waivers", i, key)), f"{key}: is empty",
                                        f"list {what}, or leave {key} out to cover {every}",
                                        ko=f"{key}: 값이 비어 있습니다",
                                        hint_ko=f"{what_ko}을(를) 쓰거나, 모두 면제하려면 {key}를 지우십시오"))
    return problems


def _overlap(earlier: tuple[Waiver, ...], waiver: Waiver) -> Waiver | None:
    """The first of ``earlier`` that waives the same rule for a product and an item ``waiver``
    waives too (a waiver without products or items covers them all), or None."""
    for other in earlier:
        if other.rule != waiver.rule:
            continue
        products = (other.products is None or waiver.products is None
                    or bool(set(other.products) & set(waiver.products))
                    or bool(other.product_files and waiver.product_files and other.product_files & waiver.product_files))
        items = other.items is None or waiver.items is None or bool(set(other.items) & set(waiver.items))
        if products and items:
            return other
    return None
