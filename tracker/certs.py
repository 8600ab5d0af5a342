"""Parsing what users type to /cert and /cpr: a body and a date (future dates welcome here)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from knowledge.rules import Rule, find_rule, load_rules
from tracker import dates as date_reader
from tracker.dates import Reading


class CertError(ValueError):
    """User-facing: str(exc) is one friendly line with an example."""


@dataclass(frozen=True)
class CertRequest:
    action: str  # "list" | "pick" | "set" | "remove"
    rule: Rule | None = None
    deadline: date | None = None
    other: date | None = None  # the other reading of an ambiguous numeric date ("03/04/2027")


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
            return date_reader.numeric(a, b, year, today, month_first=month_first, when="future")
        if kind == "ab":
            a, b = int(g["a"]), int(g["b"])
            return date_reader.numeric(a, b, None, today, month_first=month_first, when="future")
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


def parse_date_arg(text: str, today: date, month_first: bool = False) -> date:
    """The date `read_date_arg` takes (the first reading of an ambiguous one)."""
    return read_date_arg(text, today, month_first).chosen


def read_date_arg(text: str, today: date, month_first: bool = False) -> Reading:
    """A calendar date as users write it, future welcome: 2027-06-30, 30 Jun 2027, June 30 2027,
    30/06/2027 and 30.06.2027 (day first when both readings are dates), 06/30/2027 (the only
    reading), "June 2027" / "06/2027" / "end of June 2027" (the month's last day: cards expire at
    the end of the month shown), "mid June 2027" (15th), "June 30" with no year (the next one).
    "expires", "renews by", "valid until" before the date are ignored. Relative phrases
    ("next year", "in 2 years") and a bare year are refused: a renewal date should be exact."""
    cleaned = re.sub(r"\s+", " ", text.strip().rstrip(".")).strip()
    if not cleaned:
        raise CertError("I need a date, like 2027-06-30.")
    shown = cleaned[:40]
    cleaned = _LEAD.sub("", cleaned).strip(" :,.") or cleaned
    if re.fullmatch(r"(?:19|20)\d\d", cleaned):
        raise CertError(f"Which day in {cleaned}? Send the full date, like {cleaned}-06-30.")
    try:
        key = re.sub(r"\s+", " ", cleaned.lower().replace(",", " ")).strip()
        found = _read(key, today, month_first)
        if found is None:
            found = Reading(_dateparser(cleaned, today))
    except (ValueError, OverflowError):
        raise CertError(f"I couldn't read “{shown}” as a date. Try 2027-06-30.") from None
    if not _plausible(found.chosen, today):
        raise CertError(
            "That date looks off. Use the renewal date on your certificate, like 2027-06-30."
        )
    if found.other is not None and not _plausible(found.other, today):
        found = Reading(found.chosen)
    return found


def _plausible(found: date, today: date) -> bool:
    return 1970 <= found.year <= today.year + 10


def _dateparser(cleaned: str, today: date) -> date:
    """Other wordings with a month name ("June the 30th, 2027"); anything else is refused."""
    if not re.search(_MONTH, cleaned, re.IGNORECASE) or not re.search(r"\d", cleaned):
        raise ValueError(cleaned)  # "next year", "in 2 years", "someday": not exact
    import dateparser

    parsed = dateparser.parse(
        cleaned,
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "future",
            "PREFER_DAY_OF_MONTH": "last",
            "RELATIVE_BASE": datetime(today.year, today.month, today.day),
            "REQUIRE_PARTS": ["month", "year"],
        },
    )
    if parsed is None:
        raise ValueError(cleaned)
    return parsed.date()


def parse_cert_args(
    text: str, today: date, rules: dict[str, Rule] | None = None, month_first: bool = False
) -> CertRequest:
    """`/cert`, `/cert NASM`, `/cert NASM 2027-06-30`, `/cert remove NASM`."""
    rules = rules if rules is not None else load_rules()
    words = text.split()
    if not words:
        return CertRequest("list")
    if words[0].lower() in {"remove", "delete", "rm", "drop"}:
        rule = _rule_or_error(" ".join(words[1:]), rules)
        return CertRequest("remove", rule)
    # The body may be several words ("american council on exercise"); the date is what follows it.
    for split in range(len(words), 0, -1):
        rule = find_rule(" ".join(words[:split]), rules)
        if rule is not None:
            rest = " ".join(words[split:])
            if not rest:
                return CertRequest("pick", rule)
            reading = read_date_arg(rest, today, month_first)
            return CertRequest("set", rule, reading.chosen, reading.other)
    raise CertError(_unknown_body(words[0], rules))


def _rule_or_error(text: str, rules: dict[str, Rule]) -> Rule:
    rule = find_rule(text, rules)
    if rule is None:
        raise CertError(_unknown_body(text or "?", rules))
    return rule


def _unknown_body(text: str, rules: dict[str, Rule]) -> str:
    known = ", ".join(rules)
    return f"I don't know the body “{text[:30]}”. I know {known}. Example: /cert NASM 2027-06-30"
