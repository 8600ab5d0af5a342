"""Progress toward renewal: credits earned in the current cycle, time left, pace, CPR/AED status.

Pure: no Telegram, no clock. "Today" is always a parameter.

Hours and units: every activity earns credits in the body's own unit (`credit_units`); the hour
figures shown next to them (`earned_hours`) are those credits converted back with the body's
hours-per-unit, so a 1 h CPR course that earns AFAA 2 CEUs counts as 2 h toward AFAA.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from knowledge.rules import Rule
from tracker.models import Activity

MAX_MESSAGE_CHARS = 4096
DAYS_PER_MONTH = 365.2425 / 12
_EPSILON = 1e-9
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CPR_STATUSES = ("not_required", "missing", "ok", "lapses_before_deadline", "expired")


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
    pace_hours_per_month: float  # hours still needed / months left (0 when complete)
    complete: bool
    cpr_expiry: date | None
    cpr_status: str  # one of CPR_STATUSES
    in_grace: bool  # past deadline, within the body's grace period
    grace_end: date | None
    expired: bool  # past deadline and past any grace
    behind_pace: bool  # earned_hours < straight-line expectation at today

    @property
    def remaining_hours(self) -> float:
        return max(0.0, self.required_hours - self.earned_hours)

    @property
    def remaining_units(self) -> float:
        return max(0.0, self.required_units - self.earned_units)


def credit_units(rule: Rule, activity: Activity) -> float:
    """Units `activity` earns toward `rule`.

    A CPR/AED course earns the body's fixed CPR credit (AFAA 2 CEUs, AEA 3 CECs) whatever its
    length. When that figure is 0 (the body gives no credit, or it is unclear, as for ACE) the
    course earns 0: the rules file records 0 as "none or unclear" and the FAQ tells users the
    same, so the tracker must not count it. Any other activity earns hours / hours_per_unit.
    """
    if not rule.trackable:
        raise ValueError(f"{rule.code} does not state how many hours make a {rule.unit}")
    if activity.is_cpr and rule.cpr_credit_per == "card":
        return max(0.0, rule.cpr_credit_units)
    return rule.hours_to_units(max(0.0, activity.hours))


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


def compute_progress(
    rule: Rule,
    deadline: date,
    activities: Iterable[Activity],
    cpr_expiry: date | None,
    today: date,
) -> CertProgress:
    """Progress in the cycle ending on `deadline`: activities dated within
    `rule.cycle(deadline)` count, both ends included. Raises ValueError for a rule whose
    hours cannot be converted (`not rule.trackable`)."""
    if not rule.trackable:
        raise ValueError(f"{rule.code} does not state how many hours make a {rule.unit}")
    start, end = rule.cycle(deadline)
    earned_units = sum(credit_units(rule, a) for a in activities if start <= a.activity_date <= end)
    earned_hours = rule.units_to_hours(earned_units)
    required_units = rule.required_units
    required_hours = rule.units_to_hours(required_units)
    complete = earned_units >= required_units - _EPSILON
    fraction = 1.0 if complete else max(0.0, earned_units / required_units)
    days_left = (deadline - today).days
    months_left = days_left / DAYS_PER_MONTH
    remaining_hours = max(0.0, required_hours - earned_hours)
    if complete:
        pace = 0.0
    else:
        # With less than a month left (or none), everything still needed is due this month.
        pace = remaining_hours / max(months_left, 1.0)
    grace_end = rule.grace_end(deadline)
    past = today > deadline
    in_grace = past and grace_end is not None and today <= grace_end
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
        cpr_status=cpr_status(rule, cpr_expiry, deadline, today),
        in_grace=in_grace,
        grace_end=grace_end,
        expired=past and not in_grace,
        behind_pace=False,
    )
    behind = not complete and earned_hours < expected_hours(progress, today) - _EPSILON
    return replace(progress, behind_pace=behind)


def expected_hours(p: CertProgress, on: date) -> float:
    """Hours expected by `on` on a straight line from 0 at the cycle start to the required
    hours at the deadline (0 before the start, the full requirement from the deadline on)."""
    total_days = (p.deadline - p.cycle_start).days
    if total_days <= 0 or on >= p.deadline:
        return p.required_hours
    if on <= p.cycle_start:
        return 0.0
    return p.required_hours * (on - p.cycle_start).days / total_days


def _floor2(value: float) -> float:
    return math.floor(value * 100 + 1e-6) / 100


def _number(value: float, min_decimals: int, max_decimals: int = 2) -> str:
    text = f"{round(value, max_decimals):.{max_decimals}f}"
    if "." in text:
        whole, frac = text.split(".")
        frac = frac.rstrip("0")
        frac = frac.ljust(min_decimals, "0")
        text = f"{whole}.{frac}" if frac else whole
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text


def format_units(value: float, *, min_decimals: int | None = None) -> str:
    """Credits as people write them: 2.0 -> "2.0", 0.15 -> "0.15", 15 -> "15", 12.5 -> "12.5".

    At most 2 decimals. By default values under 10 keep one decimal (the "2.0 CEUs" style of
    10-hour units) and larger whole values none; pass `min_decimals` to force a style.
    """
    if min_decimals is None:
        min_decimals = 1 if abs(value) < 10 else 0
    return _number(value, min_decimals)


def units_decimals(rule: Rule) -> int:
    """1 for bodies whose unit is 10 hours ("2.0 CEUs"), 0 for hour-sized units ("15 CEUs")."""
    return 1 if (rule.hours_per_unit or 0) >= 10 else 0


def format_hours(value: float) -> str:
    """1.5 -> "1.5 h", 20 -> "20 h"."""
    return f"{_number(value, 0)} h"


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


def _status_line(p: CertProgress) -> str:
    code = html.escape(p.rule.code)
    deadline = format_date(p.deadline)
    if p.in_grace and p.grace_end is not None:
        note = html.escape(p.rule.grace_note or f"{p.rule.grace_days} days")
        if "extension" not in p.rule.grace_note:
            note += " — not an extension"
        return (
            f"⚠️ Deadline passed on {deadline}; {code}'s grace: {note}. "
            f"Grace ends {format_date(p.grace_end)}."
        )
    if p.expired:
        return (
            f"⛔ Deadline passed on {deadline}"
            + (" and the grace period is over" if p.grace_end else "")
            + f". Renewed? Set the new deadline: /cert {code} YYYY-MM-DD"
        )
    if p.complete:
        return f"✅ Cycle complete — nothing more needed (deadline {deadline})"
    when = "due today" if p.days_left == 0 else f"{_plural(p.days_left, 'day')} left"
    line = f"{when} (deadline {deadline}) · pace {_pace(p.pace_hours_per_month)} h/month"
    if p.behind_pace:
        expected = _number(expected_hours(p, p.today), 0, 1)
        line += f"\n⚠️ Behind pace: {expected} h expected by now"
    return line


def _pace(value: float) -> str:
    """Pace rounded up to 0.1 h, so following it is always enough."""
    return _number(math.ceil(value * 10 - 1e-6) / 10, 1, 1)


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
    if p.complete:  # surplus shows as earned; never below the requirement through rounding
        earned_units = max(p.earned_units, p.required_units)
        earned_hours = max(p.earned_hours, p.required_hours)
    else:  # rounded down, so 1.996 of 2.0 never reads "2.0 / 2.0"
        earned_units = _floor2(p.earned_units)
        earned_hours = _floor2(p.earned_hours)
    header = (
        f"<b>{html.escape(rule.code)}</b> · "
        f"{format_units(earned_units, min_decimals=decimals)} / "
        f"{format_units(p.required_units, min_decimals=decimals)} {html.escape(_units_label(rule))} "
        f"({_number(earned_hours, 0)} / {format_hours(p.required_hours)})"
    )
    lines = [header, progress_bar(p.fraction), _status_line(p)]
    cpr = _cpr_line(p)
    if cpr:
        lines.append(cpr)
    lines.append(
        f"<i>{rule.checked_text} — confirm with {html.escape(rule.code)}</i>"
    )
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
