"""The day of the run: the date waivers are judged on, in the exchange's time zone.

A waiver is in force through its ``expires`` date, and a compliance officer at the Korea Exchange
means the end of that day in Seoul, whatever clock the machine that runs the check keeps (CI
runners and servers mostly keep UTC, nine hours behind Seoul). So a rulebook may declare its
exchange's ``time_zone`` (an IANA name: ``Asia/Seoul``), and the day of the run is today's date
there; a rulebook without one keeps the machine's local date.

A run reads the clock once (``now``: the one place the tool does, an aware instant, which tests
replace), and each rulebook turns that instant into its day (``day_of_run``). Evaluation itself
never reads the clock, and a library caller who gives ``today`` keeps it as given (a date;
an aware datetime is taken as its date in the rulebook's zone, as the clock's instant is).

``zoneinfo`` is imported only where a zone is looked up (2 ms of start-up): a check without
waivers, against a shipped rulebook whose zone was looked up when its shape was recorded, never
needs it. Where the system has no time-zone database (Windows), the ``tzdata`` package, a
dependency there, supplies one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .errors import InputError, Location, Problem, did_you_mean

EXAMPLES = "Asia/Seoul, Asia/Kolkata, Europe/Luxembourg"
NO_DATABASE = ("install one: pip install tzdata", "시간대 데이터베이스를 설치하세요: pip install tzdata")


def now() -> dt.datetime:
    """The current instant, aware (UTC)."""
    return dt.datetime.now(dt.timezone.utc)


def day_of_run(zone: str | None, instant: dt.datetime, declared_at: Location | None = None) -> dt.date:
    """The date of ``instant`` (aware) in ``zone`` (an IANA name), or on the machine's clock
    without one. InputError at ``declared_at`` (where the rulebook names the zone) when this
    machine cannot look the zone up: it has no time-zone database."""
    if instant.tzinfo is None:
        raise TypeError("the instant of the run is an aware datetime")
    if zone is None:
        return instant.astimezone().date()  # the machine's local date
    return instant.astimezone(_zone(zone, declared_at)).date()


def _zone(name: str, declared_at: Location | None) -> Any:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # (a rulebook that loaded names a zone that exists)
        problem = zone_problem(name) or (f"time_zone: '{name}' cannot be read on this machine", NO_DATABASE[0],
                                         f"time_zone: 이 컴퓨터에서 '{name}'을(를) 읽을 수 없습니다", NO_DATABASE[1])
        message, hint, ko, hint_ko = problem
        raise InputError([Problem(declared_at or Location("time_zone"), message, hint, ko, hint_ko)]) from None


def zone_problem(name: str) -> tuple[str, str | None, str, str | None] | None:
    """What is wrong with ``name`` as a rulebook's time zone (message, hint, each in English and
    Korean), or None when the time-zone database holds it. Only that zone's file is read; the
    whole database (600 files) only for the hint to a name it does not hold."""
    from zoneinfo import ZoneInfo, available_timezones

    if name == "localtime":
        return (f"time_zone: '{name}' is the machine's own zone, not an exchange's",
                "leave time_zone out to judge waivers on the machine's local date",
                f"time_zone: '{name}'은(는) 거래소의 시간대가 아니라 이 컴퓨터의 시간대입니다",
                "컴퓨터의 현지 날짜로 면제를 판단하려면 time_zone을 빼십시오")
    if name != "posixrules" and not name.startswith(("posix/", "right/")):  # (the database's copies, not names)
        try:
            ZoneInfo(name)
            return None
        except (ValueError, KeyError, OSError):  # (not found, a folder, a file that is no zone, a path)
            pass
    zones = available_timezones()
    if not zones:
        return (f"time_zone: this machine has no time-zone database to look '{name}' up in", NO_DATABASE[0],
                f"time_zone: 이 컴퓨터에는 '{name}'을(를) 찾을 시간대 데이터베이스가 없습니다", NO_DATABASE[1])
    return (f"time_zone: '{name}' is not a time zone of the IANA database",
            did_you_mean(name, zones) or f"an IANA name, such as {EXAMPLES}",
            f"time_zone: '{name}'은(는) IANA 데이터베이스의 시간대가 아닙니다",
            did_you_mean(name, zones, "ko") or f"IANA 이름을 쓰십시오(예: {EXAMPLES})")


__all__ = ["day_of_run", "now", "zone_problem"]
