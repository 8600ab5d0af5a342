"""One reader for numeric dates, used by /log, /edit, /cert and /cpr.

03/04/2027 is 4 March in the United States and 3 April almost everywhere else: the reading that
comes first follows the user's zone (`tracker.zones.month_first`), and when both readings are
valid and different dates the other one is returned too, so the handler can ask with buttons.
Dates are echoed in words ("4 March 2027") so the user sees which one was taken.

Pure: no clock ("today" is passed in), no Telegram.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

When = Literal["past", "future"]


class DateError(ValueError):
    """No reading of the numbers is a calendar date."""


@dataclass(frozen=True)
class Reading:
    chosen: date
    other: date | None = None  # the other valid reading, when it is a different date


def long_date(d: date) -> str:
    """4 March 2027: the month in words, so day and month can't be mistaken."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _exists(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _no_year(month: int, day: int, today: date, when: When) -> date | None:
    """Month and day without a year: the latest one not after today (a log), or the next one
    from today on (a deadline)."""
    if when == "past":
        years = (today.year, today.year - 1, today.year - 4)  # -4: the last 29 February
        past = [d for y in years if (d := _exists(y, month, day)) and d <= today]
        return max(past) if past else None
    for year in range(today.year, today.year + 5):
        found = _exists(year, month, day)
        if found is not None and found >= today:
            return found
    return None


def numeric(
    a: int, b: int, year: int | None, today: date, *, month_first: bool | None, when: When
) -> Reading:
    """Read "a/b[/year]".

    month_first True: a is the month (US), False: b is (day first), None: no preference, the
    most recent past (or the nearest future) reading wins. For a log (`when="past"`) a reading
    after today is not valid while another one is."""
    orders = [(a, b), (b, a)] if month_first in (True, None) else [(b, a), (a, b)]
    found: list[date] = []
    for month, day in orders:
        if not 1 <= month <= 12:
            continue
        d = _exists(year, month, day) if year is not None else _no_year(month, day, today, when)
        if d is not None and d not in found:
            found.append(d)
    if not found:
        raise DateError(f"{a}/{b}")
    if when == "past":
        valid = [d for d in found if d <= today] or [min(found)]  # a future one is refused later
        if month_first is None:
            valid.sort(reverse=True)
    else:
        valid = found
        if month_first is None:
            valid.sort()
    return Reading(valid[0], valid[1] if len(valid) > 1 else None)
