"""The language of reports and messages: English by default, Korean on request or by locale.

``--lang`` wins. Otherwise the locale decides as POSIX says it does for messages: the first of
``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set; a value starting with ``ko`` (``ko_KR.UTF-8``)
selects Korean, anything else English.
"""

from __future__ import annotations

import os
from typing import Mapping

LANGUAGES = ("en", "ko")
DEFAULT = "en"


def choose(requested: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to speak: ``requested`` when given, else the one the locale names."""
    if requested:
        return requested
    environ = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            return "ko" if value.lower().startswith("ko") else DEFAULT
    return DEFAULT
