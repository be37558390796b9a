"""Input errors: what could not be read, where, and what to do about it.

Findings about a product are results, never exceptions. Exceptions are for input that cannot be
read (a malformed file, a misspelt field, a bad number); each carries the position it is about so
that the command line can print ``file:line:column: message``.

Every message is written in English and Korean where it is raised (``ko=``, ``hint_ko=``), so the
two read side by side in the code; a test fails when a new error site has no Korean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

# Characters that would end a line or drive a terminal (C0 and C1 controls, line and paragraph
# separators, bidirectional overrides) are shown as escapes wherever input text reaches a message.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A message quotes what the user wrote; a 10 MB cell is shown by its two ends.
MAX_MESSAGE_CHARS = 500


def printable(text: str) -> str:
    """``text`` on one line, with control characters as escapes (``\\n``, ``\\x1b``), so that a
    message about hostile input stays one ``file:line:column: message`` line and cannot drive the
    terminal it is printed on."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


def shortened(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """``text`` with its middle elided when it is longer than ``limit`` characters."""
    if len(text) <= limit:
        return text
    half = (limit - 5) // 2
    return f"{text[:half]} ... {text[-half:]}"


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A position in a user's file; line and column count from 1."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{printable(self.file)}:{self.line}:{self.column}"

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file, in English and (where written) Korean."""

    location: Location
    message: str
    hint: str | None = None
    ko: str | None = None  # the message in Korean
    hint_ko: str | None = None

    def message_in(self, lang: str) -> str:
        return self.ko if lang == "ko" and self.ko else self.message

    def hint_in(self, lang: str) -> str | None:
        return self.hint_ko if lang == "ko" and self.hint_ko else self.hint

    def explained(self, lang: str = "en") -> str:
        """``message (hint)`` in ``lang`` (English where no translation exists)."""
        hint = self.hint_in(lang)
        return self.message_in(lang) + (f" ({hint})" if hint else "")

    def __post_init__(self) -> None:
        # Messages quote input; keep each one line, printable and of a readable length.
        for name in ("message", "hint", "ko", "hint_ko"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, shortened(printable(value)))

    def text(self, lang: str = "en") -> str:
        """``file:line:column: message (hint)`` in ``lang`` (English where no translation exists)."""
        return f"{self.location}: {self.explained(lang)}"

    def __str__(self) -> str:
        return self.text("en")


class InputError(Exception):
    """One or more problems that stop a file from being evaluated."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, location: Location, message: str, hint: str | None = None, *,
           ko: str | None = None, hint_ko: str | None = None) -> "InputError":
        return cls([Problem(location, message, hint, ko, hint_ko)])


def did_you_mean(word: str, choices: Iterable[str], lang: str = "en") -> str | None:
    """A 'did you mean' hint for a misspelt name (in ``lang``), or None when nothing is close."""
    import difflib  # only a mistake needs it: not imported at start-up

    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    if not close:
        return None
    return f"'{close[0]}'을(를) 의도하셨나요?" if lang == "ko" else f"did you mean '{close[0]}'?"


def described(error: BaseException) -> str:
    """An exception in one printable, bounded line."""
    return shortened(printable(f"{type(error).__name__}: {error}"))


def bug_in(file: str, error: BaseException) -> InputError:
    """A bug met on ``file``, as a problem on that file: the other files are still evaluated."""
    return InputError([Problem(
        Location(file), f"internal error: {described(error)}",
        "this is a bug in etf-check; please report it with this file (ETF_LISTING_TRACEBACK=1 shows where)",
        ko=f"내부 오류: {described(error)}",
        hint_ko="etf-check의 버그입니다. 이 파일과 함께 알려 주십시오(ETF_LISTING_TRACEBACK=1로 위치를 볼 수 있습니다)")])
