"""Parsing what users type to /cert and /cpr: a body and a date (future dates welcome here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from knowledge.rules import Rule, find_rule, load_rules


class CertError(ValueError):
    """User-facing: str(exc) is one friendly line with an example."""


@dataclass(frozen=True)
class CertRequest:
    action: str  # "list" | "pick" | "set" | "remove"
    rule: Rule | None = None
    deadline: date | None = None


_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")


def parse_date_arg(text: str, today: date) -> date:
    """A calendar date as users write it: 2027-06-30, 30 Jun 2027, June 30 2027, 30/06/2027 (day first)."""
    cleaned = text.strip().rstrip(".")
    if not cleaned:
        raise CertError("I need a date, like 2027-06-30.")
    try:
        if _ISO.match(cleaned):
            found = date.fromisoformat("-".join(part.zfill(2) for part in cleaned.split("-")))
        else:
            import dateparser

            parsed = dateparser.parse(
                cleaned,
                languages=["en"],
                settings={
                    "DATE_ORDER": "DMY",
                    "PREFER_DATES_FROM": "future",
                    "RELATIVE_BASE": datetime(today.year, today.month, today.day),
                    "REQUIRE_PARTS": ["month", "year"],
                },
            )
            if parsed is None:
                raise ValueError(cleaned)
            found = parsed.date()
    except (ValueError, OverflowError):
        raise CertError(f"I couldn't read “{cleaned[:40]}” as a date. Try 2027-06-30.") from None
    if found.year < 1970 or found.year > today.year + 10:
        raise CertError("That date looks off. Use the renewal date on your certificate, like 2027-06-30.")
    return found


def parse_cert_args(text: str, today: date, rules: dict[str, Rule] | None = None) -> CertRequest:
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
            return CertRequest("set", rule, parse_date_arg(rest, today))
    raise CertError(_unknown_body(words[0], rules))


def _rule_or_error(text: str, rules: dict[str, Rule]) -> Rule:
    rule = find_rule(text, rules)
    if rule is None:
        raise CertError(_unknown_body(text or "?", rules))
    return rule


def _unknown_body(text: str, rules: dict[str, Rule]) -> str:
    known = ", ".join(rules)
    return f"I don't know the body “{text[:30]}”. I know {known}. Example: /cert NASM 2027-06-30"
