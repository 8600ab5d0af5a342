"""Progress toward renewal: credits earned in the current cycle, time left, pace, CPR/AED status.

Pure: no Telegram, no clock. "Today" is always a parameter.

Hours and units: every activity earns credits in the body's own unit (`credit_units`); the hour
figures shown next to them (`earned_hours`) are those credits converted back with the body's
hours-per-unit, so a 1 h CPR course that earns AFAA 2 CEUs counts as 2 h toward AFAA.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import NamedTuple

from knowledge.numbers import (  # noqa: F401 - re-exported: the formatters the views use
    format_hours,
    format_number,
    format_units,
    toward_requirement,
    units_decimals,
)
from knowledge.rules import Rule
from tracker.models import Activity, Certification

MAX_MESSAGE_CHARS = 4096
# No behind-pace warning in the first days after a certification is added.
PACE_QUIET_DAYS = 30
DAYS_PER_MONTH = 365.2425 / 12
_EPSILON = 1e-9
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CPR_STATUSES = ("not_required", "missing", "ok", "lapses_before_deadline", "expired")

# How an activity stands toward one certification.
#   counts    added to the total (its units may be 0 when a cap or "once per card" applies)
#   petition  the body would need to approve it: listed under the certification, not added
#   pending   the user has petitioned: listed, not added
#   no        the user said it does not count: not added
STATUSES = ("counts", "petition", "pending", "no")

_CPR_WORDS = re.compile(
    r"\b(?:cpr|aed|bls|basic\s+life\s+support|defibrillat\w*|resuscitation)\b", re.IGNORECASE
)
_FIRST_AID_WORDS = re.compile(r"\bfirst[\s-]?aid\b", re.IGNORECASE)


def activity_kind(activity: Activity) -> str:
    """CPR/AED/BLS: "cpr"; first aid without CPR/AED: "first_aid"; anything else: "general"."""
    return _kind(activity.title, activity.is_cpr)


@lru_cache(maxsize=4096)
def _kind(title: str, is_cpr: bool) -> str:
    if _CPR_WORDS.search(title):
        return "cpr"
    if _FIRST_AID_WORDS.search(title):
        return "first_aid"
    return "cpr" if is_cpr else "general"


class Counted(NamedTuple):
    """One activity toward one certification (a named tuple: immutable, and cheap to make for
    each activity on every /log)."""

    activity: Activity
    status: str  # one of STATUSES
    units: float  # added to the total (0 unless status == "counts")
    reason: str  # short plain text: why it counts / why not / why 0
    chosen: bool = False  # the status comes from the user's "counts for" choice
    part: str = ""  # the required part it fills (NCSF), if any
    category: str = ""  # the body's category (NSCA), if any

    @property
    def listed(self) -> bool:
        """Shown under the certification as needing approval."""
        return self.status in ("petition", "pending")


@dataclass(frozen=True)
class PartProgress:
    name: str
    earned: float
    required: float

    @property
    def met(self) -> bool:
        return self.earned >= self.required - _EPSILON


@dataclass(frozen=True)
class CertProgress:
    rule: Rule
    deadline: date
    cycle_start: date
    today: date
    earned_units: float
    earned_hours: float
    required_units: float
    required_hours: float
    fraction: float  # earned/required, capped to 1.0
    days_left: int  # deadline - today (negative once past)
    months_left: float
    pace_hours_per_month: float  # hours still needed / months left (0 when credits are done)
    complete: bool  # credits done AND (no card needed or the card is current at the deadline)
    cpr_expiry: date | None
    cpr_status: str  # one of CPR_STATUSES
    in_grace: bool  # past deadline, a late renewal still accepted
    grace_end: date | None  # the last day a late renewal is accepted
    expired: bool  # past deadline and past any late window
    behind_pace: bool  # earned_hours < straight-line expectation at today
    credits_done: bool = False  # credits, parts, minimums and categories met (card aside)
    counted: tuple[Counted, ...] = ()
    parts: tuple[PartProgress, ...] = ()  # required parts (NCSF), own minimum, categories
    missing: tuple[str, ...] = ()  # what is still missing besides hours, plain text
    credits_until: date | None = None  # last day an activity still counts toward this cycle
    starting_units: float = 0.0
    added_on: date | None = None

    @property
    def remaining_hours(self) -> float:
        return max(0.0, self.required_hours - self.earned_hours)

    @property
    def remaining_units(self) -> float:
        return max(0.0, self.required_units - self.earned_units)

    @property
    def needs_card(self) -> bool:
        return self.cpr_status in ("missing", "expired", "lapses_before_deadline")

    @cached_property
    def _by_id(self) -> dict[int, Counted]:
        return {c.activity.id: c for c in self.counted}

    def counted_for(self, activity_id: int) -> Counted | None:
        """How the activity stands toward this certification; None when outside the cycle."""
        return self._by_id.get(activity_id)

    def units_for(self, activity_id: int) -> float | None:
        """Units the activity adds to this cycle's total; None when it is not in the cycle."""
        found = self._by_id.get(activity_id)
        return found.units if found is not None else None


def credit_units(rule: Rule, activity: Activity, kind: str | None = None) -> float:
    """Units `activity` alone would earn toward `rule`, before caps and acceptance.

    A CPR/AED course earns the body's flat CPR credit (AFAA 2 CEUs, AEA 3 CECs) whatever its
    length where the body gives one per card; 0 where that figure is 0 (none, or unclear as for
    ACE). ACSM counts CPR/AED by the hour (capped per year in `compute_progress`). Any other
    activity earns hours / hours_per_unit. A body that states no hours per unit (NCCPT) counts
    only the credits written in its own unit on activities named for it.
    """
    if not rule.trackable:
        if own_units(rule, activity) is None:
            raise ValueError(f"{rule.code} does not state how many hours make a {rule.unit}")
        return max(0.0, own_units(rule, activity) or 0.0)
    kind = kind or activity_kind(activity)
    if kind == "cpr" and rule.cpr_credit_per == "card":
        return max(0.0, rule.cpr_credit_units)
    return rule.hours_to_units(max(0.0, activity.hours))


def own_units(rule: Rule, activity: Activity) -> float | None:
    """Credits written in `rule`'s own unit for an activity named for it, else None."""
    if activity.units is None or (activity.body or "").upper() != rule.code:
        return None
    return activity.units


def acceptance(rule: Rule, activity: Activity, kind: str | None = None) -> tuple[str, str]:
    """(default status, reason) of `activity` toward `rule`, before the user's choice."""
    code = rule.code
    if not rule.trackable and own_units(rule, activity) is None:
        return "petition", (
            f"{code} states no hours per {rule.unit}: log the {rule.unit}s on the certificate, "
            f"e.g. /log 0.5 {rule.unit} {code} course"
        )
    if (kind or activity_kind(activity)) == "first_aid" and not rule.first_aid_counts:
        return "petition", f"first aid is not CPR/AED for {code}"
    body = (activity.body or "").upper()
    if not body:
        return "counts", "no body named: counts toward each certification"
    if body in (rule.code, rule.body):
        return "counts", f"named for {body}"
    if body in rule.accepts_bodies:
        return "counts", f"{code} takes {body} credits"
    if rule.accepts_related_outside:
        return "counts", f"{code} accepts directly related outside CE"
    return "petition", f"named for {body}: {code} needs to approve it"


def cpr_status(rule: Rule, cpr_expiry: date | None, deadline: date, today: date) -> str:
    """Whether the CPR/AED card will still be current at the deadline.

    A card is valid through its expiry day.
    """
    if not rule.cpr_required:
        return "not_required"
    if cpr_expiry is None:
        return "missing"
    if cpr_expiry < today:
        return "expired"
    if cpr_expiry < deadline:
        return "lapses_before_deadline"
    return "ok"


def _step(rule: Rule, units: float) -> float:
    if not rule.step_units:
        return units
    return math.floor(units / rule.step_units + 1e-6) * rule.step_units


def _category(rule: Rule, activity: Activity, kind: str) -> str:
    if not rule.categories:
        return ""
    title = activity.title.lower()
    for category in rule.categories:
        if any(word in title for word in category.words):
            return category.code
    if kind != "general":
        named = [c for c in rule.categories if "cpr" in c.name.lower()]
        if named:
            return named[0].code
    return next(c.code for c in rule.categories if c.default)


def _part(rule: Rule, activity: Activity, kind: str) -> str:
    if not rule.parts:
        return ""
    title = activity.title.lower()
    for part in rule.parts:
        if part.kind == "cpr" and kind == "cpr":
            return part.name
        if part.kind == "words" and any(word in title for word in part.words):
            return part.name
    return next(p.name for p in rule.parts if p.kind == "general")


_BY_DATE_AND_ID = attrgetter("activity_date", "id")


def count_activities(
    rule: Rule,
    deadline: date,
    activities: Iterable[Activity],
    choices: Mapping[int, str] | None = None,
    certified_on: date | None = None,
) -> tuple[Counted, ...]:
    """Each activity of the cycle ending `deadline` (and of the days after it the body still
    accepts), with what it adds toward `rule`. `choices`: activity id -> the user's choice
    ("counts" | "no" | "pending" | "approved") for this certification."""
    choices = choices or {}
    start, _ = rule.cycle(deadline)
    last = rule.credits_until(deadline)
    row = rule.proration_row(deadline, certified_on)
    if row is None and rule.proration:  # no certification date: the full requirement's caps
        rows = [r for r in rule.proration if r.period_end == deadline]
        row = max(rows, key=lambda r: r.required_units) if rows else None
    cards: set[object] = set()
    per_year: dict[int, float] = {}
    per_category: dict[str, float] = {}
    counted: list[Counted] = []
    # Hoisted out of the loop (a user may have thousands of activities): what the rule makes
    # of an activity depends only on its body and kind for a trackable rule, and categories and
    # parts are looked up only for a rule that has them. Same results as the plain calls.
    trackable = rule.trackable
    per_card = rule.cpr_credit_per == "card"
    cpr_cap = rule.cpr_cap_per_year
    max_event = rule.max_per_event
    has_categories, has_parts = bool(rule.categories), bool(rule.parts)
    accepted: dict[tuple[str | None, str], tuple[str, str]] = {}
    in_window = [a for a in activities if start <= a.activity_date <= last]
    in_window.sort(key=_BY_DATE_AND_ID)
    per_unit = rule.hours_per_unit or 1.0  # a trackable rule always states it
    step_units = rule.step_units
    for a in in_window:
        kind = _kind(a.title, a.is_cpr)
        if trackable:
            key = (a.body, kind)
            found = accepted.get(key)
            if found is None:
                found = accepted[key] = acceptance(rule, a, kind)
            status, reason = found
        else:
            status, reason = acceptance(rule, a, kind)
        choice = choices.get(a.id) if choices else None
        chosen = choice is not None
        if chosen:
            if choice in ("counts", "approved"):
                status = "counts"
                reason = "approved by the body" if choice == "approved" else "you said it counts"
            elif choice == "pending":
                status, reason = "pending", "petition pending"
            elif choice == "no":
                status, reason = "no", "you said it does not count"
        category = _category(rule, a, kind) if has_categories else ""
        part = _part(rule, a, kind) if has_parts else ""
        if status != "counts":
            counted.append(Counted(a, status, 0.0, reason, chosen, part, category))
            continue
        if trackable and not (kind == "cpr" and per_card):
            units = (a.hours if a.hours > 0.0 else 0.0) / per_unit
        else:
            units = credit_units(rule, a, kind)
        if kind == "cpr" and per_card:
            card = a.card_expiry or "card"
            max_cards = rule.cpr_credit_max_per_cycle
            if units <= 0:
                reason = f"{rule.code} gives no credit we can confirm for the course itself"
            elif card in cards:
                units, reason = 0.0, "CPR/AED credit already counted for this card"
            elif max_cards is not None and len(cards) >= max_cards:
                units, reason = 0.0, f"{rule.code} counts the CPR/AED credit once per renewal"
            else:
                cards.add(card)
                reason = f"{rule.code}'s CPR/AED credit, once per card"
        if cpr_cap is not None and kind in ("cpr", "first_aid"):
            used = per_year.get(a.activity_date.year, 0.0)
            allowed = max(0.0, cpr_cap - used)
            if units > allowed + _EPSILON:
                units = allowed
                reason = (
                    f"{rule.code} counts at most {format_units(cpr_cap)} "
                    f"{rule.unit}s a year for CPR, AED and first aid"
                )
            per_year[a.activity_date.year] = used + units
        if max_event is not None and units > max_event + _EPSILON:
            units = max_event
            reason = f"{rule.code} counts at most {format_units(max_event)} per event"
        if step_units:
            stepped = _step(rule, units)
            if stepped < units - _EPSILON:
                reason = f"{rule.code} counts in steps of {format_units(rule.step_units or 0)}"
                units = stepped
        if category:
            cap = row.cap(category) if row is not None else None
            if cap is not None:
                allowed = max(0.0, cap - per_category.get(category, 0.0))
                if units > allowed + _EPSILON:
                    units = allowed
                    reason = f"category {category} is capped at {format_units(cap)}"
            per_category[category] = per_category.get(category, 0.0) + units
        if a.activity_date > deadline:
            reason += f" (after the deadline; {rule.code} still accepts it)"
        counted.append(Counted(a, "counts", units, reason, chosen, part, category))
    return tuple(counted)


def _parts(
    rule: Rule, counted: Sequence[Counted], starting: float
) -> tuple[tuple[PartProgress, ...], tuple[str, ...]]:
    """Progress by required part, own minimum and category, and what is missing (plain text)."""
    parts: list[PartProgress] = []
    missing: list[str] = []
    added = [c for c in counted if c.status == "counts"]
    unit = f"{rule.unit}s"

    def fmt(value: float) -> str:
        return format_units(value, min_decimals=units_decimals(rule))

    if rule.parts:
        earned = {p.name: 0.0 for p in rule.parts}
        general = next(p.name for p in rule.parts if p.kind == "general")
        for c in added:
            earned[c.part or general] += c.units
        earned[general] += starting
        for p in rule.parts:  # surplus in a specific part counts as general
            if p.name != general and earned[p.name] > p.units:
                earned[general] += earned[p.name] - p.units
                earned[p.name] = p.units
        for p in rule.parts:
            parts.append(PartProgress(p.name, earned[p.name], p.units))
            if earned[p.name] < p.units - _EPSILON:
                missing.append(f"{p.name}: {fmt(earned[p.name])} / {fmt(p.units)} {unit}")
    if rule.own_minimum_units:
        sources = " or ".join(rule.own_minimum_from)
        own = sum(
            c.units for c in added if (c.activity.body or "").upper() in rule.own_minimum_from
        )
        name = f"From {sources} courses"
        parts.append(PartProgress(name, own, rule.own_minimum_units))
        if own < rule.own_minimum_units - _EPSILON:
            missing.append(
                f"At least {fmt(rule.own_minimum_units)} {unit} from {sources} courses: "
                f"{fmt(own)} so far"
            )
    if rule.min_categories:
        seen = sorted({c.category for c in added if c.category and c.units > _EPSILON})
        if len(seen) < rule.min_categories:
            have = ", ".join(seen) if seen else "none"
            missing.append(f"{unit} from at least {rule.min_categories} categories: so far {have}")
    return tuple(parts), tuple(missing)


def compute_progress(
    rule: Rule,
    deadline: date,
    activities: Iterable[Activity],
    cpr_expiry: date | None,
    today: date,
    *,
    choices: Mapping[int, str] | None = None,
    certified_on: date | None = None,
    starting_units: float = 0.0,
    added_on: date | None = None,
) -> CertProgress:
    """Progress in the cycle ending on `deadline`, counted the way the body counts: activities
    dated within `rule.cycle(deadline)` (and up to `rule.credits_until(deadline)`), accepted by
    the body or by the user's choice, CPR/AED credit once per card and within caps, 0.5 steps,
    parts and minimums, proration by `certified_on`, plus `starting_units` already earned.
    A body that states no hours per unit (NCCPT) is tracked in its own units: its "hours"
    figures are then those units (1:1) and never shown as hours."""
    start, _ = rule.cycle(deadline)
    scale = rule.hours_per_unit or 1.0
    counted = count_activities(rule, deadline, activities, choices, certified_on)
    starting = max(0.0, starting_units)
    earned_units = sum(c.units for c in counted) + starting
    earned_hours = earned_units * scale
    required_units = rule.required_for(deadline, certified_on)
    required_hours = required_units * scale
    parts, missing = _parts(rule, counted, starting)
    enough = earned_units >= required_units - _EPSILON
    credits_done = enough and (not missing or required_units <= _EPSILON)
    if required_units <= _EPSILON:
        missing = ()
    card = cpr_status(rule, cpr_expiry, deadline, today)
    complete = credits_done and card in ("ok", "not_required")
    fraction = 1.0 if enough else max(0.0, earned_units / required_units)
    days_left = (deadline - today).days
    months_left = days_left / DAYS_PER_MONTH
    remaining_hours = max(0.0, required_hours - earned_hours)
    # With less than a month left (or none), everything still needed is due this month.
    pace = 0.0 if enough else remaining_hours / max(months_left, 1.0)
    grace_end = rule.grace_end(deadline)
    late = rule.late_tier(deadline, today)
    past = today > deadline
    in_grace = late is not None
    progress = CertProgress(
        rule=rule,
        deadline=deadline,
        cycle_start=start,
        today=today,
        earned_units=earned_units,
        earned_hours=earned_hours,
        required_units=required_units,
        required_hours=required_hours,
        fraction=fraction,
        days_left=days_left,
        months_left=months_left,
        pace_hours_per_month=pace,
        complete=complete,
        cpr_expiry=cpr_expiry,
        cpr_status=card,
        in_grace=in_grace,
        grace_end=grace_end,
        expired=past and not in_grace,
        behind_pace=(
            not enough
            and not (added_on is not None and today < added_on + timedelta(days=PACE_QUIET_DAYS))
            and rule.trackable
            and earned_hours < _on_the_line(start, deadline, required_hours, today) - _EPSILON
        ),
        credits_done=credits_done,
        counted=counted,
        parts=parts,
        missing=missing,
        credits_until=rule.credits_until(deadline),
        starting_units=starting,
        added_on=added_on,
    )
    return progress


def cert_progress(
    cert: Certification,
    rule: Rule,
    activities: Iterable[Activity],
    cpr_expiry: date | None,
    today: date,
    choices: Mapping[str, Mapping[int, str]] | None = None,
) -> CertProgress:
    """The one computation behind /progress, the nudges and the exports, for a stored
    certification: its deadline, certification date, starting balance, day added, and the
    user's "counts for" choices (body -> {activity id: choice})."""
    return compute_progress(
        rule,
        cert.deadline,
        activities,
        cpr_expiry,
        today,
        choices=(choices or {}).get(rule.code),
        certified_on=cert.certified_on,
        starting_units=cert.starting_units,
        added_on=cert.added_on,
    )


def expected_hours(p: CertProgress, on: date) -> float:
    """Hours expected by `on` on a straight line from 0 at the cycle start to the required
    hours at the deadline (0 before the start, the full requirement from the deadline on)."""
    return _on_the_line(p.cycle_start, p.deadline, p.required_hours, on)


def _on_the_line(start: date, deadline: date, required_hours: float, on: date) -> float:
    total_days = (deadline - start).days
    if total_days <= 0 or on >= deadline:
        return required_hours
    if on <= start:
        return 0.0
    return required_hours * (on - start).days / total_days


def shown_earned(p: CertProgress) -> tuple[float, float]:
    """(units, hours) earned as shown next to the requirement, by /progress and the chart title:
    half-up, but never reading as complete before it is (1.996 of 2.0 shows 1.99)."""
    return (
        toward_requirement(p.earned_units, p.required_units, p.complete),
        toward_requirement(p.earned_hours, p.required_hours, p.complete),
    )


def late_window_text(rule: Rule, deadline: date, today: date) -> list[str]:
    """Past `deadline`, inside the late window: the current fee and until when, the last day a
    late renewal is accepted (hedged when the body's page no longer states it), and until when
    activities still count. The words /progress and the grace nudge both use."""
    code = html.escape(rule.code)
    parts = []
    found = rule.late_tier(deadline, today)
    if found is not None and found[0] is not None and found[0].fee:
        fee = html.escape(found[0].fee, quote=False)
        parts.append(f"Late renewal now: {fee} until {format_date(found[1])}.")
    end = rule.grace_end(deadline)
    if end is not None:
        hedge = f" ({html.escape(rule.last_day_hedge, quote=False)})" if rule.last_day_hedge else ""
        parts.append(
            f"{code} accepts a late renewal until {format_date(end)}{hedge}; it is not an extension."
        )
    until = rule.credits_until(deadline)
    if until > deadline and today <= until:
        parts.append(f"Activities until {format_date(until)} still count.")
    return parts


def format_date(d: date) -> str:
    """30 Jun 2027 (English month names whatever the machine's locale)."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def progress_bar(fraction: float, width: int = 10) -> str:
    """A bar and percentage such as ▓▓▓▓▓▓░░░░ 62 %.

    Both are rounded down, so the bar is full only when the cycle is complete.
    """
    if width < 1:
        raise ValueError("width must be at least 1")
    if math.isnan(fraction):
        fraction = 0.0
    fraction = min(1.0, max(0.0, fraction))
    filled = math.floor(fraction * width + _EPSILON)
    percent = math.floor(fraction * 100 + _EPSILON)
    return f"{'▓' * filled}{'░' * (width - filled)} {percent} %"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _units_label(rule: Rule) -> str:
    return f"{rule.unit}s"


def card_problem(p: CertProgress) -> str:
    """Why the CPR/AED card is not good enough for this renewal, plain text ("" when it is)."""
    if p.cpr_status == "missing":
        return "none recorded"
    if p.cpr_status == "expired" and p.cpr_expiry:
        return f"yours expired {format_date(p.cpr_expiry)}"
    if p.cpr_status == "lapses_before_deadline" and p.cpr_expiry:
        return f"yours expires {format_date(p.cpr_expiry)}, before the deadline"
    return ""


def late_text(p: CertProgress) -> str:
    """Past the deadline, inside the late window: which window, until when, at what fee."""
    parts = [f"⚠️ Deadline passed on {format_date(p.deadline)}."]
    return " ".join(parts + late_window_text(p.rule, p.deadline, p.today))


def _status_line(p: CertProgress) -> str:
    code = html.escape(p.rule.code)
    deadline = format_date(p.deadline)
    if p.in_grace:
        line = late_text(p)
        if p.complete:
            line += " ✅ Credits complete: submit your renewal now."
        return line
    if p.expired:
        after = f" {html.escape(p.rule.after_lapse, quote=False)}" if p.rule.after_lapse else ""
        return (
            f"⛔ Deadline passed on {deadline}"
            + (" and the late-renewal window is over." if p.grace_end else ".")
            + after
            + f" Renewed? Set the new deadline: /cert {code} YYYY-MM-DD"
        )
    if p.complete:
        return f"✅ Cycle complete — nothing more needed (deadline {deadline})"
    if p.credits_done and p.needs_card:
        return (
            f"✅ Credits done — you still need a current CPR/AED card ({card_problem(p)}). "
            f"Deadline {deadline}."
        )
    when = "due today" if p.days_left == 0 else f"{_plural(p.days_left, 'day')} left"
    line = f"{when} (deadline {deadline})"
    if p.remaining_hours > _EPSILON and p.rule.trackable:
        line += f" · pace {_pace(p.pace_hours_per_month)} h/month"
    if p.behind_pace:
        expected = format_number(expected_hours(p, p.today), 1, 0)
        line += f"\n⚠️ Behind pace: {expected} h expected by now"
    return line


def _detail_lines(p: CertProgress) -> list[str]:
    """Parts, what is missing besides hours, and activities waiting for the body's approval."""
    rule = p.rule
    lines: list[str] = []
    decimals = units_decimals(rule)
    if rule.parts:
        shown = " · ".join(
            f"{html.escape(x.name)} {format_units(toward_requirement(x.earned, x.required, x.met), min_decimals=decimals)}/"
            f"{format_units(x.required, min_decimals=decimals)}{' ✓' if x.met else ''}"
            for x in p.parts
        )
        lines.append(f"By part: {shown}")
    if rule.categories and p.required_units > _EPSILON:
        earned: dict[str, float] = {}
        for c in p.counted:
            if c.status == "counts" and c.category:
                earned[c.category] = earned.get(c.category, 0.0) + c.units
        shown = " · ".join(
            f"{c.code} {format_units(earned.get(c.code, 0.0), min_decimals=decimals)}"
            for c in rule.categories
        )
        lines.append(f"By category: {shown} (at least {rule.min_categories} categories)")
    if p.missing and not p.credits_done:
        lines.append("Still needed: " + "; ".join(html.escape(m, quote=False) for m in p.missing))
    if p.starting_units > _EPSILON:
        lines.append(
            f"Includes {format_units(p.starting_units, min_decimals=decimals)} "
            f"{html.escape(rule.unit)}s earned before you started logging here"
        )
    listed = [c for c in p.counted if c.listed]
    if listed:
        items = ", ".join(
            f"#{c.activity.id} {html.escape(c.activity.title[:30], quote=False)}"
            f"{' (pending)' if c.status == 'pending' else ''}"
            for c in listed[:3]
        )
        more = f" and {len(listed) - 3} more" if len(listed) > 3 else ""
        lines.append(f"Needs approval / petition, not added: {items}{more}")
        petitions = [c for c in listed if c.status == "petition"]
        hint = rule.petition or (
            petitions[0].reason
            if petitions and not rule.trackable
            else f"Ask {rule.code} whether it accepts these before counting them."
        )
        if hint and petitions:
            lines.append(f"<i>{html.escape(hint, quote=False)}</i>")
    return lines


def _pace(value: float) -> str:
    """Pace rounded up to 0.1 h, so following it is always enough."""
    return format_number(math.ceil(value * 10 - 1e-6) / 10, 1, 1)


def _cpr_line(p: CertProgress) -> str | None:
    expiry = format_date(p.cpr_expiry) if p.cpr_expiry else ""
    if p.cpr_status == "not_required":
        return None
    if p.cpr_status == "missing":
        example = date(p.today.year + 1, p.today.month, 1).isoformat()
        return f"CPR/AED: missing — record its expiry with /cpr {example}"
    if p.cpr_status == "expired":
        return f"CPR/AED: ⚠️ expired {expiry} — {html.escape(p.rule.code)} needs a current card"
    if p.cpr_status == "lapses_before_deadline":
        return f"CPR/AED: ⚠️ lapses {expiry}, before the deadline"
    return f"CPR/AED: ok until {expiry}"


def format_cert_block(p: CertProgress) -> str:
    """One certification's block of `format_progress`."""
    rule = p.rule
    decimals = units_decimals(rule)
    earned_units, earned_hours = shown_earned(p)
    header = (
        f"<b>{html.escape(rule.code)}</b> · "
        f"{format_units(earned_units, min_decimals=decimals)} / "
        f"{format_units(p.required_units, min_decimals=decimals)} {html.escape(_units_label(rule))} "
        + (
            f"({format_number(earned_hours, 2, 0)} / {format_hours(p.required_hours)})"
            if rule.trackable
            else f"(in {html.escape(rule.code)}'s own units: it states no hours per {html.escape(rule.unit)})"
        )
    )
    lines = [header, progress_bar(p.fraction), _status_line(p), *_detail_lines(p)]
    cpr = _cpr_line(p)
    if cpr:
        lines.append(cpr)
    lines.append(f"<i>{rule.checked_text} — confirm with {html.escape(rule.code)}</i>")
    return "\n".join(lines)


def format_progress(progresses: Sequence[CertProgress], total_hours: float, timezone: str) -> str:
    """The /progress reply (Telegram HTML, at most 4096 characters)."""
    if not progresses:
        return format_no_certifications(total_hours)
    head = f"<b>Renewal progress</b> · dates in {html.escape(timezone)}"
    foot = f"Total logged: {format_hours(total_hours)}"
    blocks = [format_cert_block(p) for p in progresses]
    for shown in range(len(blocks), 0, -1):
        hidden = len(blocks) - shown
        tail = [f"…and {_plural(hidden, 'more certification')}"] if hidden else []
        text = "\n\n".join([head, *blocks[:shown], *tail, foot])
        if len(text) <= MAX_MESSAGE_CHARS:
            return text
    return "\n\n".join([head, f"…{_plural(len(blocks), 'certification')}", foot])[
        :MAX_MESSAGE_CHARS
    ]


def format_no_certifications(total_hours: float) -> str:
    """The /progress reply for a user who has not added a certification yet."""
    return (
        f"You have logged {format_hours(total_hours)} so far.\n"
        "Add a certification to see your renewal progress, e.g. <code>/cert NASM 2027-06-30</code>"
    )
