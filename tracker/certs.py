"""Parsing what users type to /cert and /cpr: a body and a date (future dates welcome here)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from knowledge.rules import Rule, add_months, find_rule, load_rules


class CertError(ValueError):
    """User-facing: str(exc) is one friendly line with an example."""


class PastDeadline(CertError):
    """The deadline is past every window in which the body still takes a late renewal."""

    def __init__(self, message: str, rule: Rule, suggestions: tuple[date, ...]) -> None:
        super().__init__(message)
        self.rule = rule
        self.suggestions = suggestions


@dataclass(frozen=True)
class CertRequest:
    action: str  # "list" | "pick" | "set" | "remove"
    rule: Rule | None = None
    deadline: date | None = None
    certified_on: date | None = None  # "certified 2025-03-01" (NSCA proration)
    earned: float | None = None  # "earned 1.2": credits already earned this cycle


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


def _read(text: str, today: date) -> date | None:
    """The forms we read ourselves; None when none fits (dateparser then tries)."""
    for kind, pattern in _FORMS.items():
        m = pattern.match(text)
        if not m:
            continue
        g = m.groupdict()
        if kind == "ymd":
            return date(int(g["y"]), int(g["m"]), int(g["d"]))
        if kind in ("ym", "my"):
            return _in_month(int(g["y"]), int(g["m"]), None)
        if kind == "abY":
            a, b, year = int(g["a"]), int(g["b"]), _full_year(g["y"])
            if b > 12 and a <= 12:  # 06/30/2027: only the US reading is a date
                return date(year, a, b)
            return date(year, b, a)  # day first when both could be: 07/06/2027 is 7 June
        if kind == "ab":
            a, b = int(g["a"]), int(g["b"])
            return _next(a, b, today) if b > 12 and a <= 12 else _next(b, a, today)
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


def parse_date_arg(text: str, today: date) -> date:
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
        found = _read(re.sub(r"\s+", " ", cleaned.lower().replace(",", " ")).strip(), today)
        if found is None:
            found = _dateparser(cleaned, today)
    except (ValueError, OverflowError):
        raise CertError(f"I couldn't read “{shown}” as a date. Try 2027-06-30.") from None
    if found.year < 1970 or found.year > today.year + 10:
        raise CertError(
            "That date looks off. Use the renewal date on your certificate, like 2027-06-30."
        )
    return found


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


_EARNED = re.compile(
    r"(?:^|\s)(?:already\s+)?(?:earned|have|done|completed)\s+(?P<n>\d+(?:[.,]\d+)?)"
    r"(?:\s*(?:ceus?|cecs?|credits?|units?))?(?=\s|$)",
    re.IGNORECASE,
)
_CERTIFIED = re.compile(
    r"(?:^|\s)certified(?:\s+(?:on|in|since))?\s+(?P<d>.+?)(?=\s+(?:already\s+)?(?:earned|have|done|completed)\b|$)",
    re.IGNORECASE,
)
MAX_STARTING_FACTOR = 2.0  # a starting balance above twice the requirement is a typo


def parse_earned(text: str, rule: Rule) -> float:
    """A starting balance as typed ("1.2", "1,5", "12 CEUs"), in the body's unit."""
    m = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*(?:ceus?|cecs?|credits?|units?)?\s*", text, re.I)
    if not m:
        raise CertError(f"Send the {rule.unit}s you already have as a number, like 1.2.")
    value = float(m.group(1).replace(",", "."))
    if value > rule.required_units * MAX_STARTING_FACTOR:
        raise CertError(
            f"{value:g} is more than {rule.code} asks for in a whole cycle "
            f"({rule.required_units:g} {rule.unit}s). Send the {rule.unit}s, not hours."
        )
    return value


def next_cycles(rule: Rule, deadline: date, today: date, count: int = 2) -> tuple[date, ...]:
    """The next `count` deadlines of the same cycle that are still ahead (or today)."""
    found: list[date] = []
    step = 1
    while len(found) < count and step < 50:
        later = add_months(deadline, rule.cycle_months * step)
        if later >= today:
            found.append(later)
        step += 1
    return tuple(found)


def check_deadline(rule: Rule, deadline: date, today: date) -> None:
    """Refuse a deadline past every late window: PastDeadline offers the next cycles."""
    last = rule.grace_end(deadline) or deadline
    if last >= today:
        return
    if rule.cycle_anchor == "calendar":
        ahead = rule.calendar_deadline(today)
        suggestions = (ahead,) if ahead else ()
    else:
        suggestions = next_cycles(rule, deadline, today)
    if rule.grace_end(deadline):
        when = f"{format_day(deadline)} is past, and the late-renewal window closed on {format_day(last)}."
    else:
        when = f"{format_day(deadline)} has passed, and {rule.code} names no late-renewal window."
    lapse = f" {rule.after_lapse}" if rule.after_lapse else ""
    raise PastDeadline(
        f"{rule.code}: {when}{lapse} Did you mean the next cycle?",
        rule,
        suggestions,
    )


def expiry_hint(rule: Rule, deadline: date) -> str:
    """A gentle note when the date does not fit how the body's certifications expire."""
    if (
        rule.expiry == "month_end"
        and deadline.day != calendar.monthrange(deadline.year, deadline.month)[1]
    ):
        last = deadline.replace(day=calendar.monthrange(deadline.year, deadline.month)[1])
        return (
            f"{rule.code} certifications expire on the last day of the month: "
            f"check whether yours says {format_day(last)}."
        )
    if rule.expiry == "dec31" and (deadline.month, deadline.day) != (12, 31):
        return f"{rule.code} certifications expire on 31 Dec: check the date on yours."
    return ""


def format_day(d: date) -> str:
    return f"{d.day} {calendar.month_abbr[d.month]} {d.year}"


def parse_cert_args(text: str, today: date, rules: dict[str, Rule] | None = None) -> CertRequest:
    """`/cert`, `/cert NASM`, `/cert NASM 2027-06-30`, `/cert remove NASM`, and after the body
    `earned 1.2` (credits already earned this cycle) and `certified 2025-03-01` (the date on the
    certificate, which prorates NSCA)."""
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
            earned = certified = None
            found = _EARNED.search(rest)
            if found:
                earned = parse_earned(found.group("n"), rule)
                rest = (rest[: found.start()] + " " + rest[found.end() :]).strip()
            found = _CERTIFIED.search(rest)
            if found:
                certified = parse_date_arg(found.group("d"), today)
                if certified > today:
                    raise CertError(
                        "The certification date is the one on your certificate, in the past."
                    )
                rest = rest[: found.start()].strip()
            if not rest:
                if certified is not None and rule.cycle_anchor == "calendar":
                    deadline = rule.calendar_deadline(today)
                    return CertRequest("set", rule, deadline, certified, earned)
                if certified is not None or earned is not None:
                    raise CertError(
                        f"When does your {rule.code} expire? Example: /cert {rule.code} 2027-06-30 earned 1.2"
                    )
                return CertRequest("pick", rule)
            deadline = parse_date_arg(rest, today)
            check_deadline(rule, deadline, today)
            return CertRequest("set", rule, deadline, certified, earned)
    raise CertError(_unknown_body(words[0], rules))


def _rule_or_error(text: str, rules: dict[str, Rule]) -> Rule:
    rule = find_rule(text, rules)
    if rule is None:
        raise CertError(_unknown_body(text or "?", rules))
    return rule


def _unknown_body(text: str, rules: dict[str, Rule]) -> str:
    known = ", ".join(rules)
    return f"I don't know the body “{text[:30]}”. I know {known}. Example: /cert NASM 2027-06-30"
