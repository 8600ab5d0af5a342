"""Credits to hours with the right body's hours per unit.

- Duration and credits both given ("2h workshop, 0.2 CEU NASM"): both are kept; the credits
  win when the body is known, the stated duration otherwise, rather than asking.
- Credits are converted only with the hours-per-unit of a named (or the only matching held)
  body, never from the acronym: a named body wins over the acronym written ("2 CECs NASM" uses
  NASM's rate); otherwise NeedBody lists the bodies to ask about.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.rules import Rule, load_rules
from tracker.activities.model import (
    CREDIT_EXAMPLE,
    EXAMPLE,
    MAX_HOURS,
    LogError,
    NeedBody,
    ParsedLog,
)


def _amount(credits: float, unit: str) -> str:
    """'1 CEU', '2 CEUs', '0.5 CEU'."""
    return f"{credits:g} {unit}" + ("s" if credits > 1 else "")


def _convert(credits: float, unit: str, rule: Rule) -> float:
    if rule.hours_per_unit is None:
        raise LogError(
            f"{rule.code} doesn't state how many hours make a {rule.unit}, so I can't convert "
            f"{_amount(credits, unit)}. Log the hours instead. Try: {EXAMPLE}"
        )
    hours = round(rule.units_to_hours(credits), 6)
    if hours > MAX_HOURS:
        raise LogError(
            f"{_amount(credits, f'{rule.code} {rule.unit}')} is {hours:g} hours, "
            f"more than I accept in one entry. Try: {CREDIT_EXAMPLE}"
        )
    return hours


def credit_hours(parsed: ParsedLog, held: Sequence[str]) -> float:
    """Hours for the entry: the duration, or the credits at the right body's hours per unit.

    Never guesses hours from the acronym: an unnamed body is taken only when exactly one held
    certification uses that unit name; otherwise NeedBody lists the bodies to ask about.
    """
    if parsed.credits is None or parsed.credit_unit is None:
        if parsed.hours is None:
            raise LogError(f"I couldn't find a duration. Try: {EXAMPLE}")
        return parsed.hours
    rules = load_rules()
    unit = parsed.credit_unit.upper()
    if parsed.body is not None and parsed.body in rules:
        rule = rules[parsed.body]
        if not rule.trackable and parsed.hours is not None:
            return parsed.hours
        return _convert(parsed.credits, unit, rule)
    held_codes = list(dict.fromkeys(c.strip().upper() for c in held))
    matching = [c for c in held_codes if c in rules and rules[c].unit.upper() == unit]
    if len(matching) == 1 and (rules[matching[0]].trackable or parsed.hours is None):
        return _convert(parsed.credits, unit, rules[matching[0]])
    if parsed.hours is not None:
        return parsed.hours
    candidates = matching or [
        code for code, rule in rules.items() if rule.unit.upper() == unit and rule.trackable
    ]
    options = ", ".join(candidates[:-1]) + (" or " if len(candidates) > 1 else "") + candidates[-1]
    raise NeedBody(
        f"Which body is the {_amount(parsed.credits, unit)} from: {options}? "
        f"Try: /log {parsed.credits:g} {unit} {candidates[0]} course",
        tuple(candidates),
    )
