"""Recertification rules per certifying body: load, validate, look up, convert.

The same data feeds the FAQ answers about each body and the progress tracking, so the two can
never disagree. Pure: no Telegram, no clock.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

RULES_PATH = Path(__file__).with_name("certifications.toml")


class RulesError(ValueError):
    """The rules file is malformed."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    unit: str
    hours_per_unit: float | None
    cycle_months: int
    required_units: float
    cycle_anchor: str
    cpr_required: bool
    cpr_credit_units: float
    cpr_note: str
    grace_days: int
    grace_note: str
    notes: str
    source: str
    verified: date
    aliases: tuple[str, ...] = ()
    calendar_cycle_end: date | None = None
    hours_per_unit_note: str = ""

    @property
    def trackable(self) -> bool:
        """Hours can be converted to this body's unit."""
        return self.hours_per_unit is not None

    @property
    def required_hours(self) -> float | None:
        if self.hours_per_unit is None:
            return None
        return self.required_units * self.hours_per_unit

    @property
    def cycle_years(self) -> int:
        return self.cycle_months // 12

    def units_to_hours(self, units: float) -> float:
        if self.hours_per_unit is None:
            raise ValueError(f"{self.code} does not state how many hours make a {self.unit}")
        return units * self.hours_per_unit

    def hours_to_units(self, hours: float) -> float:
        if self.hours_per_unit is None:
            raise ValueError(f"{self.code} does not state how many hours make a {self.unit}")
        return hours / self.hours_per_unit

    def cycle(self, deadline: date) -> tuple[date, date]:
        """The current cycle (first day, deadline) for a certification renewing on `deadline`.

        Bodies anchored on the certification date run from the deadline minus the cycle length
        (the day after, so cycles do not overlap); a calendar body (NSCA) runs its fixed cycle.
        """
        if self.cycle_anchor == "calendar":
            end = deadline
            if end.month == 12 and end.day == 31:
                return date(end.year - self.cycle_years + 1, 1, 1), end
            return add_months(end, -self.cycle_months) + timedelta(days=1), end
        return add_months(deadline, -self.cycle_months) + timedelta(days=1), deadline

    def calendar_deadline(self, today: date) -> date | None:
        """For a calendar body: the end of the fixed cycle that contains `today`."""
        if self.cycle_anchor != "calendar" or self.calendar_cycle_end is None:
            return None
        end = self.calendar_cycle_end
        while end < today:
            end = add_months(end, self.cycle_months)
        return end

    def grace_end(self, deadline: date) -> date | None:
        if self.grace_days <= 0:
            return None
        return deadline + timedelta(days=self.grace_days)

    @property
    def citation(self) -> str:
        """Short 'where this comes from' text for a reply's last line."""
        host = re.sub(r"^https?://(www\.)?", "", self.source).split("/")[0]
        return f"{self.code} ({host}), rules verified {self.verified.isoformat()}"


def add_months(d: date, months: int) -> date:
    """`d` moved by whole months, clamped to the month's last day (Feb 29 -> Feb 28)."""
    month_index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


_REQUIRED = {
    "code": str,
    "name": str,
    "unit": str,
    "cycle_months": int,
    "required_units": float,
    "cycle_anchor": str,
    "cpr_required": bool,
    "cpr_credit_units": float,
    "grace_days": int,
    "source": str,
    "verified": str,
}


def _parse_body(raw: dict) -> Rule:
    for key, kind in _REQUIRED.items():
        if key not in raw:
            raise RulesError(f"rule {raw.get('code', '?')}: missing {key}")
        value = raw[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind):
            raise RulesError(f"rule {raw.get('code', '?')}: {key} must be {kind.__name__}")
    if not raw["source"].startswith("https://"):
        raise RulesError(f"rule {raw['code']}: source must be an https address")
    if raw["cycle_anchor"] not in ("deadline", "calendar"):
        raise RulesError(f"rule {raw['code']}: cycle_anchor must be deadline or calendar")
    if raw["cycle_anchor"] == "calendar" and "calendar_cycle_end" not in raw:
        raise RulesError(f"rule {raw['code']}: a calendar cycle needs calendar_cycle_end")
    hours = raw.get("hours_per_unit")
    if hours is not None and (not isinstance(hours, (int, float)) or hours <= 0):
        raise RulesError(f"rule {raw['code']}: hours_per_unit must be positive")
    if raw["required_units"] <= 0 or raw["cycle_months"] <= 0:
        raise RulesError(f"rule {raw['code']}: required_units and cycle_months must be positive")
    try:
        verified = date.fromisoformat(raw["verified"])
        end = raw.get("calendar_cycle_end")
        cycle_end = date.fromisoformat(end) if end else None
    except ValueError as exc:
        raise RulesError(f"rule {raw['code']}: bad date ({exc})") from exc
    return Rule(
        code=raw["code"].upper(),
        name=raw["name"],
        unit=raw["unit"],
        hours_per_unit=float(hours) if hours is not None else None,
        cycle_months=raw["cycle_months"],
        required_units=float(raw["required_units"]),
        cycle_anchor=raw["cycle_anchor"],
        cpr_required=raw["cpr_required"],
        cpr_credit_units=float(raw["cpr_credit_units"]),
        cpr_note=raw.get("cpr_note", ""),
        grace_days=raw["grace_days"],
        grace_note=raw.get("grace_note", ""),
        notes=raw.get("notes", ""),
        source=raw["source"],
        verified=verified,
        aliases=tuple(a.lower() for a in raw.get("aliases", ())),
        calendar_cycle_end=cycle_end,
        hours_per_unit_note=raw.get("hours_per_unit_note", ""),
    )


def parse_rules(text: str) -> dict[str, Rule]:
    data = tomllib.loads(text)
    rules: dict[str, Rule] = {}
    for raw in data.get("body", []):
        rule = _parse_body(raw)
        if rule.code in rules:
            raise RulesError(f"duplicate rule {rule.code}")
        rules[rule.code] = rule
    if not rules:
        raise RulesError("no rules")
    return rules


@cache
def load_rules(path: Path = RULES_PATH) -> dict[str, Rule]:
    """All rules keyed by code (upper case), in file order."""
    return parse_rules(path.read_text(encoding="utf-8"))


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def find_rule(text: str, rules: dict[str, Rule] | None = None) -> Rule | None:
    """The rule a user means by `text` ("nasm", "ACSM-EP", "american council on exercise")."""
    rules = rules if rules is not None else load_rules()
    key = _key(text)
    if not key:
        return None
    for rule in rules.values():
        if key == _key(rule.code) or key == _key(rule.name) or key in map(_key, rule.aliases):
            return rule
    return None
