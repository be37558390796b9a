"""The waiver file (``kind: etf-waivers``): approved exceptions, read with positions."""

from __future__ import annotations

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
    try:
        parsed = WaiverFileDocument.model_validate(document.data)
    except ValidationError as error:
        raise InputError(validation_problems(error, WaiverFileDocument, document, (), document.data)) from None
    return tuple(
        Waiver(rule=w.rule, reason=w.reason, approved_by=w.approved_by, expires=w.expires,
               items=tuple(str(i) for i in w.items) if w.items is not None else None,
               products=tuple(w.products) if w.products is not None else None,
               location=document.where(("waivers", i)), sha256=sha256)
        for i, w in enumerate(parsed.waivers)
    )
