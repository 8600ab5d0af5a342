"""The one date reader, used by /log, /edit, /cert and /cpr: numeric dates, month-name dates
(dateparser, imported lazily) and renewal deadlines.

03/04/2027 is 4 March in the United States and 3 April almost everywhere else: the reading that
comes first follows the user's zone (`tracker.zones.month_first`), and when both readings are
valid and different dates the other one is returned too, so the handler can ask with buttons.
Dates are echoed in words ("4 March 2027") so the user sees which one was taken.

Pure: no clock ("today" is passed in), no Telegram.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from tracker.errors import InputError

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

When = Literal["past", "future"]


class DateError(InputError):
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


def _dateparser(phrase: str, today: date, when: When) -> date | None:
    """A date with a month name ("3 Oct", "June the 30th, 2027"); None when dateparser reads none.

    A log prefers the past and needs a day and a month; a deadline prefers the future, needs a
    month and a year, and takes the month's last day when no day is given."""
    import dateparser  # lazy: only month-name dates need it

    settings: dict = {
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if when == "past":
        settings |= {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
    else:
        settings |= {
            "PREFER_DATES_FROM": "future",
            "PREFER_DAY_OF_MONTH": "last",
            "REQUIRE_PARTS": ["month", "year"],
        }
    try:
        parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    except Exception:  # noqa: BLE001 - a third-party parser must not crash a command
        parsed = None
    return parsed.date() if parsed is not None else None


def month_name_date(phrase: str, today: date) -> date | None:
    """A log's month-name date ("3 Oct", "October 3rd, 2025"): the past reading."""
    found = plain_month_day(phrase, today)
    return found if found is not None else _dateparser(phrase, today, "past")


_MONTH_WORDS = {
    **{name.lower(): i for i, name in enumerate(MONTHS, start=1)},
    **{name[:3].lower(): i for i, name in enumerate(MONTHS, start=1)},
    "sept": 9,
}
_MONTH = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_DAY_OF_MONTH = re.compile(
    rf"(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH})\.?(?:,? (\d{{4}}))?", re.IGNORECASE
)
_MONTH_THEN_DAY = re.compile(
    rf"({_MONTH})\.? (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?", re.IGNORECASE
)


def plain_month_day(phrase: str, today: date) -> date | None:
    """The common month-name forms ("3 Oct", "Oct 3rd, 2025", "3rd of October") read the way
    dateparser reads them for a log (the latest such day not after today when no year is
    given), without its 2-3 ms per call; None for anything else (days 29-31 included), which
    dateparser then reads. tests/core/test_month_name_dates.py holds the two readers equal."""
    m = _DAY_OF_MONTH.fullmatch(phrase)
    if m is not None:
        day, month, year = m.groups()
    else:
        m = _MONTH_THEN_DAY.fullmatch(phrase)
        if m is None:
            return None
        month, day, year = m.groups()
    number, day_number = _MONTH_WORDS[month.lower()], int(day)
    if not 1 <= day_number <= 28 or (year is not None and not 1900 <= int(year) <= 2100):
        return None
    if year is not None:
        return date(int(year), number, day_number)
    found = date(today.year, number, day_number)
    return found if found <= today else date(today.year - 1, number, day_number)


# --------------------------------------------------------------------------- deadlines

_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?P<y>\d{4}|'?\d{2})"
_ORD = r"(?:st|nd|rd|th)?"
_POS = r"(?:(?P<pos>end|mid|middle|start|beginning|early|late)(?:\s+of)?\s+)?"
# what people put before the date: "expires 30/06/2027", "renews by June 2027", "exp: 06/2027"
_LEAD = re.compile(
    r"^(?:(?:it\s+|card\s+|cert\s+)?(?:expires?|expiry|expiration|exp|renews?|renewal|due|"
    r"valid\s+(?:until|till|thru|through)|good\s+(?:until|till|thru|through)|deadline|date|"
    r"is|on|by|until|till|in)\b\.?\s*(?:date\b)?\s*[:=\-]?\s*)+",
    re.IGNORECASE,
)
_FORMS = {
    "ymd": re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$"),
    "ym": re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$"),
    "my": re.compile(r"^(?P<m>\d{1,2})[-/.](?P<y>\d{4})$"),
    "abY": re.compile(r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>\d{4}|\d{2})$"),
    "ab": re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})$"),
    "dmy": re.compile(
        rf"^(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}[\s-]*(?:of\s+)?{_MONTH}(?:[\s,-]+{_YEAR})?$"
    ),
    "mdy": re.compile(
        rf"^{_MONTH}[\s-]*(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}(?:[\s,-]+(?P<y>\d{{4}}|'\d{{2}}))?$"
    ),
    "month": re.compile(rf"^{_POS}{_MONTH}(?:[\s,-]+{_YEAR})?$"),
    "year": re.compile(
        r"^(?P<pos>end|mid|middle|start|beginning|early|late)(?:\s+of)?\s+(?P<y>\d{4})$"
    ),
}
_MONTH_NUMBER = {
    m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
}


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _full_year(raw: str) -> int:
    digits = raw.lstrip("'")
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def _next(month: int, day: int, today: date) -> date:
    """day/month with no year: the next such date, today included (a renewal is ahead)."""
    for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise ValueError(f"{day}/{month}")


def _in_month(year: int, month: int, pos: str | None) -> date:
    """A month with no day: its last day (cards and certificates expire at the end of the month
    shown); "mid June 2027" is the 15th, "start of June 2027" the 1st."""
    if pos in ("start", "beginning", "early"):
        return date(year, month, 1)
    if pos in ("mid", "middle"):
        return date(year, month, 15)
    return date(year, month, _last_day(year, month))


def _read(text: str, today: date, month_first: bool) -> Reading | None:
    """The forms we read ourselves; None when none fits (dateparser then tries)."""
    found = _read_form(text, today, month_first)
    return Reading(found) if isinstance(found, date) else found


def _read_form(text: str, today: date, month_first: bool) -> date | Reading | None:
    for kind, pattern in _FORMS.items():
        m = pattern.match(text)
        if not m:
            continue
        g = m.groupdict()
        if kind == "ymd":
            return date(int(g["y"]), int(g["m"]), int(g["d"]))
        if kind in ("ym", "my"):
            return _in_month(int(g["y"]), int(g["m"]), None)
        if kind == "abY":  # the one date reader: month first in US zones, both when both are dates
            a, b, year = int(g["a"]), int(g["b"]), _full_year(g["y"])
            return numeric(a, b, year, today, month_first=month_first, when="future")
        if kind == "ab":
            a, b = int(g["a"]), int(g["b"])
            return numeric(a, b, None, today, month_first=month_first, when="future")
        if kind == "year":  # "end of 2027": 31 Dec; "start of 2027": 1 Jan; "mid 2027": 30 Jun
            pos, year = g["pos"], int(g["y"])
            if pos in ("mid", "middle"):
                return date(year, 6, 30)
            return _in_month(year, 1 if pos in ("start", "beginning", "early") else 12, pos)
        month = _MONTH_NUMBER[g["mon"][:3].lower()]
        if kind in ("dmy", "mdy"):
            if g["y"]:
                return date(_full_year(g["y"]), month, int(g["d"]))
            return _next(month, int(g["d"]), today)
        # a month alone: the year given, or the next time that month ends
        if g["y"]:
            return _in_month(_full_year(g["y"]), month, g["pos"])
        year = today.year if _in_month(today.year, month, g["pos"]) >= today else today.year + 1
        return _in_month(year, month, g["pos"])
    return None


def read_deadline(text: str, today: date, month_first: bool = False) -> Reading:
    """A calendar date as users write it, future welcome: 2027-06-30, 30 Jun 2027, June 30 2027,
    30/06/2027 and 30.06.2027 (day first when both readings are dates), 06/30/2027 (the only
    reading), "June 2027" / "06/2027" / "end of June 2027" (the month's last day: cards expire at
    the end of the month shown), "mid June 2027" (15th), "June 30" with no year (the next one).
    "expires", "renews by", "valid until" before the date are ignored. Relative phrases
    ("next year", "in 2 years") and a bare year are refused: a renewal date should be exact."""
    cleaned = re.sub(r"\s+", " ", text.strip().rstrip(".")).strip()
    if not cleaned:
        raise DateError("I need a date, like 2027-06-30.")
    shown = cleaned[:40]
    cleaned = _LEAD.sub("", cleaned).strip(" :,.") or cleaned
    if re.fullmatch(r"(?:19|20)\d\d", cleaned):
        raise DateError(f"Which day in {cleaned}? Send the full date, like {cleaned}-06-30.")
    try:
        key = re.sub(r"\s+", " ", cleaned.lower().replace(",", " ")).strip()
        found = _read(key, today, month_first)
        if found is None:
            found = Reading(_deadline_words(cleaned, today))
    except (ValueError, OverflowError):
        raise DateError(f"I couldn't read “{shown}” as a date. Try 2027-06-30.") from None
    if not _plausible(found.chosen, today):
        raise DateError(
            "That date looks off. Use the renewal date on your certificate, like 2027-06-30."
        )
    if found.other is not None and not _plausible(found.other, today):
        found = Reading(found.chosen)
    return found


def _plausible(found: date, today: date) -> bool:
    return 1970 <= found.year <= today.year + 10


def _deadline_words(cleaned: str, today: date) -> date:
    """Other wordings with a month name ("June the 30th, 2027"); anything else is refused."""
    if not re.search(_MONTH, cleaned, re.IGNORECASE) or not re.search(r"\d", cleaned):
        raise ValueError(cleaned)  # "next year", "in 2 years", "someday": not exact
    found = _dateparser(cleaned, today, "future")
    if found is None:
        raise ValueError(cleaned)
    return found
