"""Parsing what users type to /cert and /cpr: a body and a date (read by tracker.dates), and
after the body `earned 1.2` (a starting balance) and `certified 2025-03-01` (NSCA proration)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from knowledge.names import body_names
from knowledge.rules import Rule, add_months, load_rules
from tracker import dates as date_reader
from tracker.dates import Reading
from tracker.errors import InputError


class CertError(InputError):
    """User-facing: str(exc) is one friendly plain-text line with an example."""


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
    other: date | None = None  # the other reading of an ambiguous numeric date ("03/04/2027")


def parse_date_arg(text: str, today: date, month_first: bool = False) -> date:
    """The date `read_date_arg` takes (the first reading of an ambiguous one)."""
    return read_date_arg(text, today, month_first).chosen


def read_date_arg(text: str, today: date, month_first: bool = False) -> Reading:
    """A renewal or expiry date, read by the one date reader (tracker.dates.read_deadline)."""
    try:
        return date_reader.read_deadline(text, today, month_first)
    except date_reader.DateError as exc:
        raise CertError(str(exc)) from None


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
    last_day = calendar.monthrange(deadline.year, deadline.month)[1]
    if rule.expiry == "month_end" and deadline.day != last_day:
        last = deadline.replace(day=last_day)
        return (
            f"{rule.code} certifications expire on the last day of the month: "
            f"check whether yours says {format_day(last)}."
        )
    if rule.expiry == "dec31" and (deadline.month, deadline.day) != (12, 31):
        return f"{rule.code} certifications expire on 31 Dec: check the date on yours."
    return ""


def format_day(d: date) -> str:
    return f"{d.day} {calendar.month_abbr[d.month]} {d.year}"


def parse_cert_args(
    text: str, today: date, rules: dict[str, Rule] | None = None, month_first: bool = False
) -> CertRequest:
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
    names = body_names(rules)
    for split in range(len(words), 0, -1):
        rule = names.exact(" ".join(words[:split]))
        if rule is None:
            continue
        rest = " ".join(words[split:])
        earned = certified = None
        found = _EARNED.search(rest)
        if found:
            earned = parse_earned(found.group("n"), rule)
            rest = (rest[: found.start()] + " " + rest[found.end() :]).strip()
        found = _CERTIFIED.search(rest)
        if found:
            certified = parse_date_arg(found.group("d"), today, month_first)
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
        reading = read_date_arg(rest, today, month_first)
        check_deadline(rule, reading.chosen, today)
        return CertRequest("set", rule, reading.chosen, certified, earned, reading.other)
    raise CertError(_unknown_body(words[0], rules, " ".join(words[1:])))


def _rule_or_error(text: str, rules: dict[str, Rule]) -> Rule:
    rule = body_names(rules).exact(text)
    if rule is None:
        raise CertError(_unknown_body(text or "?", rules, "", "/cert remove"))
    return rule


def _unknown_body(text: str, rules: dict[str, Rule], rest: str, command: str = "/cert") -> str:
    """No body by that name. A one-letter slip of a code ("nsam") is not taken for the body
    (a certification set on a wrong guess is worse than a question): it is suggested."""
    guess = body_names(rules).exact(text, slips=True)
    if guess is not None:
        example = f"{command} {guess.code} {rest[:40]}".strip()
        return f"Did you mean {guess.code}? I don't know the body “{text[:30]}”. Try: {example}"
    known = ", ".join(rules)
    return f"I don't know the body “{text[:30]}”. I know {known}. Example: /cert NASM 2027-06-30"
