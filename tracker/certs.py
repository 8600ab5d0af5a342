"""Parsing what users type to /cert and /cpr: a body and a date (read by tracker.dates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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


def parse_date_arg(text: str, today: date, month_first: bool = False) -> date:
    """The date `read_date_arg` takes (the first reading of an ambiguous one)."""
    return read_date_arg(text, today, month_first).chosen


def read_date_arg(text: str, today: date, month_first: bool = False) -> Reading:
    """A renewal or expiry date, read by the one date reader (tracker.dates.read_deadline)."""
    try:
        return date_reader.read_deadline(text, today, month_first)
    except date_reader.DateError as exc:
        raise CertError(str(exc)) from None


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
