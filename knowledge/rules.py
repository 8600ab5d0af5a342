"""Recertification rules per certifying body: load, validate, look up, convert.

One TOML file per body in `knowledge/bodies/` (`ACE.toml`, `NASM.toml`, ...). Each file has a few
top-level keys (code, name, aliases: every other way trainers name the body or one of its
certifications, "cscs", "ace gfi"; the renewal page) and rules blocks: `[credits]` (unit, hours,
cycle, requirement, expiry style, 0.5 steps, per-event cap), `[cpr]` (card required, flat credit
per card, yearly cap, first aid), `[late]` (windows, fee tiers, credits after the deadline, what
happens after a lapse), `[acceptance]` (other bodies' credits, directly-related outside CE, own
minimum, petition route) and `[completion]` (required parts, categories, proration). Every block
carries its provenance: `source` (https page), `source_date` (the page's own date, when shown) and
`checked_on` (only when someone re-read the figure on a live page).

The same data feeds the FAQ answers about each body and the progress tracking, so the two can
never disagree. Pure: no Telegram, no clock.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

BODIES_DIR = Path(__file__).with_name("bodies")
# Kept for callers that passed a path: now the folder of per-body files.
RULES_PATH = BODIES_DIR

EXPIRY_STYLES = ("month_end", "dec31", "anniversary", "fixed")
CPR_CREDIT_PER = ("card", "hour")
PART_KINDS = ("cpr", "words", "general")
BLOCKS = ("credits", "cpr", "late", "acceptance", "completion")


class RulesError(ValueError):
    """The rules data is malformed."""


@dataclass(frozen=True)
class Provenance:
    """Where a block of rules comes from."""

    source: str  # https page
    source_date: str = ""  # the page's own date (YYYY, YYYY-MM or YYYY-MM-DD), when it shows one
    checked_on: date | None = None  # when someone re-read it; None: only in older notes
    note: str = ""


@dataclass(frozen=True)
class LateTier:
    """Up to `until_days` after the deadline, a late renewal costs `fee`."""

    until_days: int
    fee: str


@dataclass(frozen=True)
class Part:
    """A required part of the total (NCSF: 2 CPR/AED + 1 ethics + 7 general)."""

    name: str
    kind: str  # "cpr" | "words" (title contains one of `words`) | "general" (everything else)
    units: float
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Category:
    """An NSCA-style CEU category; an activity falls in the first whose words its title has."""

    code: str
    name: str
    words: tuple[str, ...] = ()
    default: bool = False


@dataclass(frozen=True)
class Proration:
    """The requirement for those certified in [certified_from, certified_to], for one period."""

    period_end: date
    certified_from: date
    certified_to: date
    required_units: float
    caps: tuple[tuple[str, float], ...] = ()  # category code -> maximum units

    def cap(self, category: str) -> float | None:
        return dict(self.caps).get(category)


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
    grace_days: int  # the last day (after the deadline) a late renewal is accepted; 0: none
    grace_note: str
    notes: str
    source: str
    checked_on: date | None  # when the [credits] block was last re-read; None: older notes only
    aliases: tuple[str, ...] = ()
    # names that point to the body in a question but are only a subject in an activity's title
    # ("exercise physiologist": ACSM-EP when asked about, a topic in "/log 2h exercise physiologist
    # seminar"): the resolver uses them except in /log text
    question_aliases: tuple[str, ...] = ()
    # how sure the last day of the late window is, when the body's current page does not state it
    # ("an older copy of AFAA's page gives it; the current one names no last day"); shown with it
    last_day_hedge: str = ""
    calendar_cycle_end: date | None = None
    hours_per_unit_note: str = ""
    # --- structured rules the tracker counts with ---
    page: str = ""
    order: int = 0
    family: str = ""  # several certifications of one body (ACSM, ACSM-EP): the body's code
    expiry: str = "anniversary"
    step_units: float | None = None
    max_per_event: float | None = None
    cpr_credit_per: str = "card"
    cpr_credit_max_per_cycle: int | None = None
    cpr_cap_per_year: float | None = None
    first_aid_counts: bool = False
    late_tiers: tuple[LateTier, ...] = ()
    credits_after_deadline_days: int = 0
    after_lapse: str = ""
    accepts_bodies: tuple[str, ...] = ()
    accepts_related_outside: str = ""
    petition: str = ""
    own_minimum_units: float = 0.0
    own_minimum_from: tuple[str, ...] = ()
    parts: tuple[Part, ...] = ()
    categories: tuple[Category, ...] = ()
    min_categories: int = 0
    proration: tuple[Proration, ...] = ()
    provenance: dict[str, Provenance] = field(default_factory=dict, compare=False, hash=False)

    @property
    def verified(self) -> date | None:
        """Kept for older callers: the day the [credits] block was re-read (`checked_on`)."""
        return self.checked_on

    @property
    def late_last_day_days(self) -> int:
        return self.grace_days

    @property
    def body(self) -> str:
        """The certifying body's code (ACSM for ACSM-EP)."""
        return self.family or self.code

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
        """The last day a late renewal is accepted, or None when the body names no late window."""
        if self.grace_days <= 0:
            return None
        return deadline + timedelta(days=self.grace_days)

    def late_tier(self, deadline: date, today: date) -> tuple[LateTier | None, date] | None:
        """Past the deadline and inside the late window: (the fee tier, or None when the body
        names no tiers, and the tier's last day). None before the deadline or after the window."""
        end = self.grace_end(deadline)
        if today <= deadline or end is None or today > end:
            return None
        days = (today - deadline).days
        for tier in self.late_tiers:
            if days <= tier.until_days:
                return tier, deadline + timedelta(days=tier.until_days)
        return None, end

    def credits_until(self, deadline: date) -> date:
        """The last day an activity still counts toward the cycle ending on `deadline`."""
        return deadline + timedelta(days=self.credits_after_deadline_days)

    def required_for(self, deadline: date, certified_on: date | None) -> float:
        """The requirement for the cycle ending `deadline`: prorated by certification date where
        the body publishes a table for that period (NSCA), else `required_units`."""
        row = self.proration_row(deadline, certified_on)
        return row.required_units if row is not None else self.required_units

    def proration_row(self, deadline: date, certified_on: date | None) -> Proration | None:
        if certified_on is None:
            return None
        for row in self.proration:
            if (
                row.period_end == deadline
                and row.certified_from <= certified_on <= row.certified_to
            ):
                return row
        return None

    def accepts(self, body: str) -> bool:
        """Credits named for `body` count toward this certification without a petition."""
        body = body.upper()
        return body in (self.code, self.body) or body in self.accepts_bodies

    @property
    def citation(self) -> str:
        """Short 'where this comes from' text for a reply's last line."""
        host = re.sub(r"^https?://(www\.)?", "", self.source).split("/")[0]
        when = f", rules checked {self.checked_on.isoformat()}" if self.checked_on else ""
        return f"{self.code} ({host}){when}"

    @property
    def checked_text(self) -> str:
        """'checked 2026-12-01' or 'from our older notes', for a reply's last line."""
        if self.checked_on is not None:
            return f"Rules checked {self.checked_on.isoformat()}"
        return "Rules from our older notes"


@lru_cache(maxsize=4096)  # every /log asks it for the same few deadlines
def add_months(d: date, months: int) -> date:
    """`d` moved by whole months, clamped to the month's last day (Feb 29 -> Feb 28)."""
    month_index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


# ---------- loading and validation ----------


def _err(code: str, message: str) -> RulesError:
    return RulesError(f"rule {code}: {message}")


def _number(code: str, raw: dict, key: str, default: float | None = None) -> float | None:
    value = raw.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _err(code, f"{key} must be a number")
    if value < 0:
        raise _err(code, f"{key} must not be negative")
    return float(value)


def _int(code: str, raw: dict, key: str, default: int | None = None) -> int | None:
    value = raw.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _err(code, f"{key} must be a whole number, 0 or more")
    return value


def _text(code: str, raw: dict, key: str, default: str = "") -> str:
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise _err(code, f"{key} must be text")
    return value


def _date(code: str, value: object, key: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise _err(code, f"{key}: bad date ({exc})") from exc


def _https(code: str, value: object, key: str) -> str:
    if not isinstance(value, str) or not value.startswith("https://"):
        raise _err(code, f"{key} must be an https address")
    return value


def _provenance(code: str, name: str, block: dict) -> Provenance:
    where = f"[{name}]"
    if "verified" in block:
        raise _err(code, f"{where}: use checked_on (a re-read date), not verified")
    source = _https(code, block.get("source"), f"{where} source")
    source_date = _text(code, block, "source_date")
    if source_date and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", source_date):
        raise _err(code, f"{where} source_date must be YYYY, YYYY-MM or YYYY-MM-DD")
    checked = block.get("checked_on")
    return Provenance(
        source=source,
        source_date=source_date,
        checked_on=_date(code, checked, f"{where} checked_on") if checked is not None else None,
        note=_text(code, block, "note"),
    )


def phrase_words(text: str) -> tuple[str, ...]:
    """A body's name as the lowercased alphanumeric words it is matched by ("ACSM-EP" -> acsm ep)."""
    return tuple(re.findall(r"[a-z0-9]+", text.lower()))


def _aliases(code: str, raw: dict, key: str = "aliases") -> tuple[str, ...]:
    values = raw.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise _err(code, f"{key} must be a list of names")
    for value in values:
        if not phrase_words(value):
            raise _err(code, f"alias {value!r} has no letters or digits")
    return tuple(v.lower() for v in values)


def _codes(code: str, raw: dict, key: str) -> tuple[str, ...]:
    values = raw.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise _err(code, f"{key} must be a list of body codes")
    return tuple(v.upper() for v in values)


def _parts(code: str, completion: dict) -> tuple[Part, ...]:
    parts = []
    for raw in completion.get("parts", []):
        kind = _text(code, raw, "kind")
        if kind not in PART_KINDS:
            raise _err(code, f"part kind must be one of {', '.join(PART_KINDS)}")
        words = tuple(w.lower() for w in raw.get("words", []))
        if kind == "words" and not words:
            raise _err(code, "a 'words' part needs words")
        units = _number(code, raw, "units")
        parts.append(Part(_text(code, raw, "name"), kind, units or 0.0, words))
    if parts and sum(1 for p in parts if p.kind == "general") != 1:
        raise _err(code, "required parts need exactly one 'general' part")
    return tuple(parts)


def _categories(code: str, completion: dict) -> tuple[Category, ...]:
    categories = tuple(
        Category(
            code=_text(code, raw, "code"),
            name=_text(code, raw, "name"),
            words=tuple(w.lower() for w in raw.get("words", [])),
            default=bool(raw.get("default", False)),
        )
        for raw in completion.get("categories", [])
    )
    if categories and sum(c.default for c in categories) != 1:
        raise _err(code, "categories need exactly one default")
    return categories


def _proration(
    code: str, completion: dict, categories: tuple[Category, ...]
) -> tuple[Proration, ...]:
    rows = []
    known = {c.code for c in categories}
    for raw in completion.get("proration", []):
        caps = raw.get("caps", {})
        if not isinstance(caps, dict) or (known and not set(caps) <= known):
            raise _err(code, "proration caps must name known categories")
        row = Proration(
            period_end=_date(code, raw.get("period_end"), "period_end"),
            certified_from=_date(code, raw.get("certified_from"), "certified_from"),
            certified_to=_date(code, raw.get("certified_to"), "certified_to"),
            required_units=_number(code, raw, "required_units") or 0.0,
            caps=tuple((k, float(v)) for k, v in caps.items()),
        )
        if row.certified_to < row.certified_from:
            raise _err(code, "proration row ends before it starts")
        rows.append(row)
    return tuple(rows)


def parse_body(raw: dict) -> Rule:
    """One body's file, validated."""
    code = str(raw.get("code", "?")).upper()
    for key in ("code", "name", "page"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise _err(code, f"missing {key}")
    page = _https(code, raw["page"], "page")
    unknown = set(raw) - {
        "code", "name", "page", "aliases", "question_aliases", "order", "family", *BLOCKS
    }  # fmt: skip
    if unknown:
        raise _err(code, f"unknown keys {sorted(unknown)}")
    for block in ("credits", "cpr", "late"):
        if not isinstance(raw.get(block), dict):
            raise _err(code, f"missing [{block}]")
    provenance = {
        name: _provenance(code, name, raw[name])
        for name in BLOCKS
        if isinstance(raw.get(name), dict)
    }
    credits, cpr, late = raw["credits"], raw["cpr"], raw["late"]
    acceptance, completion = raw.get("acceptance", {}), raw.get("completion", {})

    unit = _text(code, credits, "unit")
    if not unit:
        raise _err(code, "missing unit")
    hours = _number(code, credits, "hours_per_unit")
    if hours is not None and hours <= 0:
        raise _err(code, "hours_per_unit must be positive")
    cycle_months = _int(code, credits, "cycle_months")
    required = _number(code, credits, "required_units")
    if not cycle_months or not required:
        raise _err(code, "required_units and cycle_months must be positive")
    anchor = _text(code, credits, "cycle_anchor")
    if anchor not in ("deadline", "calendar"):
        raise _err(code, "cycle_anchor must be deadline or calendar")
    cycle_end = credits.get("calendar_cycle_end")
    if anchor == "calendar" and cycle_end is None:
        raise _err(code, "a calendar cycle needs calendar_cycle_end")
    expiry = _text(code, credits, "expiry", "anniversary")
    if expiry not in EXPIRY_STYLES:
        raise _err(code, f"expiry must be one of {', '.join(EXPIRY_STYLES)}")
    step = _number(code, credits, "step_units")
    if step is not None and step <= 0:
        raise _err(code, "step_units must be positive")
    if provenance["credits"].checked_on is None:
        raise _err(
            code,
            "[credits] needs checked_on: the requirement shown to users must have been re-read",
        )

    if not isinstance(cpr.get("required"), bool):
        raise _err(code, "[cpr] required must be true or false")
    per = _text(code, cpr, "credit_per", "card")
    if per not in CPR_CREDIT_PER:
        raise _err(code, f"[cpr] credit_per must be one of {', '.join(CPR_CREDIT_PER)}")

    tiers = tuple(
        LateTier(_int(code, t, "until_days") or 0, _text(code, t, "fee"))
        for t in late.get("tiers", [])
    )
    last_day = _int(code, late, "last_day_days", 0) or 0
    if [t.until_days for t in tiers] != sorted({t.until_days for t in tiers}):
        raise _err(code, "late tiers must be in order of until_days, each once")
    if tiers and tiers[-1].until_days > last_day:
        raise _err(code, "a late tier ends after the last day a late renewal is accepted")
    after = _int(code, late, "credits_after_deadline_days", 0) or 0
    if after > max(last_day, 0):
        raise _err(code, "credits after the deadline cannot outlast the late window")

    categories = _categories(code, completion)
    own_from = _codes(code, acceptance, "own_minimum_from")
    own_units = _number(code, acceptance, "own_minimum_units", 0.0) or 0.0
    if own_units and not own_from:
        raise _err(code, "own_minimum_units needs own_minimum_from")
    return Rule(
        code=code,
        name=raw["name"],
        unit=unit,
        hours_per_unit=hours,
        cycle_months=cycle_months,
        required_units=required,
        cycle_anchor=anchor,
        cpr_required=cpr["required"],
        cpr_credit_units=_number(code, cpr, "credit_units", 0.0) or 0.0,
        cpr_note=_text(code, cpr, "note"),
        grace_days=last_day,
        grace_note=_text(code, late, "grace_note"),
        last_day_hedge=_text(code, late, "last_day_hedge"),
        notes=_text(code, credits, "notes"),
        source=provenance["credits"].source,
        checked_on=provenance["credits"].checked_on,
        aliases=_aliases(code, raw),
        question_aliases=_aliases(code, raw, "question_aliases"),
        calendar_cycle_end=_date(code, cycle_end, "calendar_cycle_end") if cycle_end else None,
        hours_per_unit_note=_text(code, credits, "hours_per_unit_note"),
        page=page,
        order=_int(code, raw, "order", 0) or 0,
        family=str(raw.get("family", "")).upper(),
        expiry=expiry,
        step_units=step,
        max_per_event=_number(code, credits, "max_per_event"),
        cpr_credit_per=per,
        cpr_credit_max_per_cycle=_int(code, cpr, "credit_max_per_cycle"),
        cpr_cap_per_year=_number(code, cpr, "cap_per_year"),
        first_aid_counts=bool(cpr.get("first_aid_counts", False)),
        late_tiers=tiers,
        credits_after_deadline_days=after,
        after_lapse=_text(code, late, "after_lapse"),
        accepts_bodies=_codes(code, acceptance, "accepts_bodies"),
        accepts_related_outside=_text(code, acceptance, "accepts_related_outside"),
        petition=_text(code, acceptance, "petition"),
        own_minimum_units=own_units,
        own_minimum_from=own_from,
        parts=_parts(code, completion),
        categories=categories,
        min_categories=_int(code, completion, "min_categories", 0) or 0,
        proration=_proration(code, completion, categories),
        provenance=provenance,
    )


def parse_rules(texts: dict[str, str] | str) -> dict[str, Rule]:
    """Rules from TOML texts, one body each ({file name: text}), or from one text holding
    `[[body]]` tables (tests). Keyed by code, in each body's `order`."""
    if isinstance(texts, str):
        raws = tomllib.loads(texts).get("body", [])
        named = [(f"body {i + 1}", raw) for i, raw in enumerate(raws)]
    else:
        named = [(name, tomllib.loads(text)) for name, text in texts.items()]
    rules: dict[str, Rule] = {}
    for name, raw in named:
        rule = parse_body(raw)
        stem = name.removesuffix(".toml")
        if not isinstance(texts, str) and stem.upper() != rule.code:
            raise RulesError(f"{name}: holds {rule.code}; name the file {rule.code}.toml")
        if rule.code in rules:
            raise RulesError(f"duplicate rule {rule.code}")
        rules[rule.code] = rule
    if not rules:
        raise RulesError("no rules")
    named: dict[tuple[str, ...], str] = {}
    for rule in rules.values():
        for phrase in (rule.code, rule.name, *rule.aliases, *rule.question_aliases):
            other = named.setdefault(phrase_words(phrase), rule.code)
            if other != rule.code:
                raise RulesError(f"rule {rule.code}: {phrase!r} already names {other}")
    for rule in rules.values():
        for other in (*rule.accepts_bodies, *rule.own_minimum_from):
            if other not in rules and other not in {r.body for r in rules.values()}:
                raise RulesError(f"rule {rule.code}: names unknown body {other}")
    return dict(sorted(rules.items(), key=lambda item: (item[1].order, item[0])))


@cache
def load_rules(path: Path = BODIES_DIR) -> dict[str, Rule]:
    """All rules keyed by code (upper case), in each body's `order`."""
    files = sorted(path.glob("*.toml"))
    return parse_rules({f.name: f.read_text(encoding="utf-8") for f in files})


def find_rule(text: str, rules: dict[str, Rule] | None = None) -> Rule | None:
    """The rule a user means by the whole of `text` ("nasm", "ACSM-EP", "american council on
    exercise", "cscs"): its code, name or an alias (knowledge/names.py, no slips)."""
    from knowledge.names import body_names  # names.py builds on this module

    return body_names(rules).exact(text)
