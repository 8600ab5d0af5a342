"""Which nudges are due for a user at a given instant, and the text that merges them.

The sweep loads, per user, the settings, every certification with its progress, the keys already
sent (or skipped) and the local date of the last nudge message, then calls `due_nudges(...)`:

- `Plan.send`: the nudges to merge into ONE message now (`format_nudge_message`);
- `Plan.skip`: nudges overtaken by a later one (downtime): record them as done, never send them;
- `Plan.next_due_at`: the UTC instant of the next check worth doing (store it; the sweep selects
  users with `next_due_at <= now`).

What can be due (each once, by key):
- deadline milestones 90/60/30/14/7/1 days before the deadline while credits are short;
- a pace check, at most once per calendar month (user's zone), while behind the straight-line pace;
- a congratulation once per cycle when the credits are complete (then no more deadline nudges);
- the CPR/AED card expiring before a renewal deadline: 30 and 7 days before it expires;
- after the deadline, one notice as each late-renewal window opens (the body's fee tiers: which
  fee, until when, the last day a late renewal is accepted, activities still accepted).

A milestone that became due while the bot was down is sent late, once; one overtaken by a later
milestone is skipped. Messages go out at most once a day, at or after the user's send slot
(`remind_at` local, moved to the end of quiet hours when it falls inside them), never in quiet
hours.

Pure: no Telegram, no clock. "Now" is a parameter. Progress is computed by `tracker.progress`.
Call `due_nudges` again after anything changes (a logged activity, a new deadline, settings) and
store its `next_due_at`, so a completed cycle is congratulated the same day.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from knowledge.numbers import format_number
from knowledge.rules import LateTier, Rule, add_months
from tracker.errors import InputError
from tracker.models import Certification, UserSettings
from tracker.progress import (
    PACE_QUIET_DAYS,
    CertProgress,
    card_problem,
    expected_hours,
    format_date,
    format_hours,
    format_units,
    late_window_text,
    units_decimals,
)

MILESTONES = (90, 60, 30, 14, 7, 1)
CPR_MILESTONES = (30, 7)
MAX_MESSAGE_CHARS = 4096
_EPSILON = 1e-9

KIND_ORDER = ("deadline", "grace", "cpr", "pace", "complete")


@dataclass(frozen=True)
class Nudge:
    key: str  # unique per thing-to-send-once, e.g. "deadline:NASM:2027-06-30:30"
    kind: str  # "deadline" | "pace" | "complete" | "cpr" | "grace"
    cert_id: int | None
    text: str  # one HTML paragraph (no user-typed text in it)
    label: str = ""  # short plain summary for "/remind" ("NASM: 30 days to renewal")
    rules: tuple[Rule, ...] = ()  # the bodies it is about (for the "confirm with" line)
    sort_date: date | None = None  # deadline or expiry it is about (message order)


@dataclass(frozen=True)
class CertState:
    """What the sweep loads per certification. `progress` is None for a body whose hours
    cannot be converted (`not rule.trackable`); then pass `rule`."""

    cert: Certification
    progress: CertProgress | None
    rule: Rule | None = None

    def body_rule(self) -> Rule:
        if self.progress is not None:
            return self.progress.rule
        if self.rule is None:
            raise ValueError(f"certification {self.cert.id}: give a progress or a rule")
        return self.rule


@dataclass(frozen=True)
class Plan:
    send: tuple[Nudge, ...]  # to merge into ONE message now (empty = nothing)
    skip: tuple[Nudge, ...]  # overtaken: record as done without sending
    next_due_at: datetime | None  # UTC instant of the next check worth doing (None = nothing ahead)


@dataclass(frozen=True)
class _Upcoming:
    at: datetime  # UTC
    label: str


@dataclass
class _Agenda:
    due: list[Nudge]
    skip: list[Nudge]
    upcoming: list[_Upcoming]


# ---------- keys ----------


def deadline_key(code: str, deadline: date, days: int) -> str:
    return f"deadline:{code}:{deadline.isoformat()}:{days}"


def pace_key(code: str, deadline: date, month_of: date) -> str:
    return f"pace:{code}:{deadline.isoformat()}:{month_of:%Y-%m}"


def complete_key(code: str, deadline: date) -> str:
    return f"complete:{code}:{deadline.isoformat()}"


def cpr_key(expiry: date, days: int) -> str:
    return f"cpr:{expiry.isoformat()}:{days}"


def grace_key(code: str, deadline: date) -> str:
    return f"grace:{code}:{deadline.isoformat()}"


def late_key(code: str, deadline: date, window: int) -> str:
    """The first late window keeps the older grace key, so a notice already sent stays sent."""
    if window == 0:
        return grace_key(code, deadline)
    return f"late:{code}:{deadline.isoformat()}:{window}"


# ---------- time ----------


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _utc(moment: datetime) -> datetime:
    """Aware UTC; a naive datetime is taken as UTC (that is how storage writes them)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def in_quiet_hours(t: time, quiet_start: time, quiet_end: time) -> bool:
    """`t` inside [quiet_start, quiet_end), wrapping midnight when start > end; none when equal."""
    if quiet_start == quiet_end:
        return False
    if quiet_start < quiet_end:
        return quiet_start <= t < quiet_end
    return t >= quiet_start or t < quiet_end


def send_time_of_day(settings: UserSettings) -> time:
    """`remind_at`, or the end of quiet hours when `remind_at` falls inside them."""
    if in_quiet_hours(settings.remind_at, settings.quiet_start, settings.quiet_end):
        return settings.quiet_end
    return settings.remind_at


def local_send_time(settings: UserSettings, day: date) -> datetime:
    """The send slot on local `day`, as an aware UTC datetime (the wall-clock time stays the same
    across DST changes; a slot inside a spring-forward gap moves forward by the gap)."""
    zone = _zone(settings.timezone)
    local = datetime.combine(day, send_time_of_day(settings), tzinfo=zone)
    return local.astimezone(UTC)


def local_today(settings: UserSettings, now: datetime) -> date:
    return _utc(now).astimezone(_zone(settings.timezone)).date()


def _can_send(
    settings: UserSettings, now: datetime, today: date, last_sent_on: date | None
) -> bool:
    if last_sent_on is not None and last_sent_on >= today:
        return False
    if now < local_send_time(settings, today):
        return False
    local = now.astimezone(_zone(settings.timezone))
    return not in_quiet_hours(local.time(), settings.quiet_start, settings.quiet_end)


def _next_send_instant(
    settings: UserSettings, now: datetime, today: date, last_sent_on: date | None
) -> datetime:
    """The first instant after `now` at which a message may go out."""
    if last_sent_on is not None and last_sent_on >= today:
        return local_send_time(settings, last_sent_on + timedelta(days=1))
    slot = local_send_time(settings, today)
    if now < slot:
        return slot
    zone = _zone(settings.timezone)
    local = now.astimezone(zone)
    if in_quiet_hours(local.time(), settings.quiet_start, settings.quiet_end):
        end = datetime.combine(today, settings.quiet_end, tzinfo=zone)
        if end.astimezone(UTC) <= now:
            end = datetime.combine(today + timedelta(days=1), settings.quiet_end, tzinfo=zone)
        if end.date() == today:
            return end.astimezone(UTC)
        return local_send_time(settings, today + timedelta(days=1))
    return now


# ---------- texts ----------


def _plural(n: int | float, word: str) -> str:
    return f"{n:g} {word}" if n == 1 else f"{n:g} {word}s"


def _units(rule: Rule, value: float) -> str:
    decimals = units_decimals(rule) if rule.trackable else None
    text = format_units(value, min_decimals=decimals)
    unit = rule.unit if abs(value - 1) < _EPSILON else f"{rule.unit}s"
    return f"{text} {html.escape(unit)}"


def _ceil1(value: float) -> str:
    """Rounded up to 0.1, so following the figure is always enough."""
    return format_hours(math.ceil(value * 10 - 1e-6) / 10)


def _ceil2(value: float) -> float:
    """Rounded up to 0.01, so a tiny shortfall never reads as 0."""
    return math.ceil(value * 100 - 1e-6) / 100


def _when(days_left: int) -> str:
    if days_left <= 0:
        return "today"
    if days_left == 1:
        return "tomorrow"
    return f"in {days_left} days"


def _pace_needed(p: CertProgress, days_left: int) -> str:
    remaining = p.remaining_hours
    if days_left <= 7:
        return f"Log {format_hours(remaining)} before the deadline."
    if days_left < 60:
        per_week = remaining / (days_left / 7)
        return f"Pace needed: about {_ceil1(per_week)} a week."
    return f"Pace needed: about {_ceil1(p.pace_hours_per_month)} a month."


def _deadline_text(rule: Rule, deadline: date, p: CertProgress | None, today: date) -> str:
    code = html.escape(rule.code)
    days_left = (deadline - today).days
    head = f"⏳ <b>{code} renewal {_when(days_left)}</b> ({format_date(deadline)})."
    if p is None:
        return (
            f"{head} You need {_units(rule, rule.required_units)} this cycle; {code} does not "
            f"say how many hours make a {html.escape(rule.unit)}, so check your total with {code}."
        )
    if p.credits_done and p.needs_card:
        return (
            f"{head} Credits done — you still need a current CPR/AED card "
            f"({html.escape(card_problem(p))}): record the new one with /cpr YYYY-MM-DD"
        )
    if not rule.trackable:
        return f"{head} Still missing: {_units(rule, _ceil2(p.remaining_units))}."
    if p.remaining_units <= _EPSILON and p.missing:
        return f"{head} Still needed: {html.escape('; '.join(p.missing), quote=False)}."
    return (
        f"{head} Still missing: {format_hours(_ceil2(p.remaining_hours))} "
        f"({_units(rule, _ceil2(p.remaining_units))}). {_pace_needed(p, days_left)}"
    )


def _pace_text(rule: Rule, deadline: date, p: CertProgress, today: date) -> str:
    code = html.escape(rule.code)
    days_left = max(0, (deadline - today).days)
    if days_left >= 60:
        left = f"about {format_number(days_left / (365.2425 / 12), 0)} months"
    else:
        left = _plural(days_left, "day")
    return (
        f"📉 <b>{code}: behind pace.</b> You have {format_hours(p.earned_hours)} of "
        f"{format_hours(p.required_hours)} ({format_units(p.earned_units, min_decimals=units_decimals(rule))} of "
        f"{_units(rule, p.required_units)}), {left} before "
        f"{format_date(deadline)}. About {_ceil1(p.pace_hours_per_month)} a month gets you there."
    )


def _complete_text(rule: Rule, deadline: date) -> str:
    code = html.escape(rule.code)
    return (
        f"🎉 <b>{code}: credits complete!</b> You have the {_units(rule, rule.required_units)} "
        f"for the cycle ending {format_date(deadline)}, so no more deadline reminders this "
        f"cycle. Remember to submit your renewal to {code}."
    )


def _late_text(rule: Rule, deadline: date, window: int, p: CertProgress | None, today: date) -> str:
    code = html.escape(rule.code)
    head = (
        f"⚠️ <b>{code} deadline passed</b> ({format_date(deadline)}). Not renewed yet?"
        if window == 0
        else f"⚠️ <b>{code}: the late fee changes today.</b>"
    )
    parts = [head, *late_window_text(rule, deadline, today)]
    if p is not None and not p.credits_done:
        parts.append(
            f"Still missing: {format_hours(_ceil2(p.remaining_hours))} "
            f"({_units(rule, _ceil2(p.remaining_units))})."
        )
    parts.append(f"Renewed? Set the new deadline: /cert {code} YYYY-MM-DD")
    return " ".join(parts)


def _cpr_text(expiry: date, today: date, rules: Sequence[Rule]) -> str:
    days_left = (expiry - today).days
    codes = " and ".join(html.escape(r.code) for r in rules)
    deadlines = "deadline" if len(rules) == 1 else "deadlines"
    return (
        f"🫀 <b>Your CPR/AED card expires {_when(days_left)}</b> ({format_date(expiry)}), "
        f"before your {codes} renewal {deadlines}. A current card is required to renew: "
        f"book a course, then record the new expiry with /cpr YYYY-MM-DD"
    )


# ---------- what is due ----------


def _behind_on(p: CertProgress, day: date) -> bool:
    """Behind the straight-line pace on `day`, with the credits earned so far."""
    return p.remaining_hours > _EPSILON and p.earned_hours < expected_hours(p, day) - _EPSILON


def _first_month_day_after(day: date) -> date:
    return add_months(day.replace(day=1), 1)


def _next_pace_day(
    p: CertProgress, start: date, last: date, taken: set[str], code: str
) -> date | None:
    """First day in [start, last] whose month's pace key is not taken and on which the user is
    behind (behind stays behind without new credits, so the search is a bisection)."""
    day = start
    while day <= last:
        if pace_key(code, p.deadline, day) in taken:
            day = _first_month_day_after(day)
            continue
        month_last = min(last, _first_month_day_after(day) - timedelta(days=1))
        if not _behind_on(p, month_last):
            if month_last >= last:
                return None
            day = month_last + timedelta(days=1)
            continue
        lo, hi = day, month_last
        while lo < hi:
            mid = lo + timedelta(days=(hi - lo).days // 2)
            if _behind_on(p, mid):
                hi = mid
            else:
                lo = mid + timedelta(days=1)
        return lo
    return None


def _milestones(
    offsets: Sequence[int], anchor: date, today: date
) -> tuple[int | None, list[int], int | None]:
    """(current milestone, older passed ones, next future one) for dates `anchor - offset`."""
    passed = sorted((m for m in offsets if anchor - timedelta(days=m) <= today), reverse=True)
    future = [m for m in offsets if anchor - timedelta(days=m) > today]
    current = passed[-1] if passed else None
    return current, passed[:-1], (max(future) if future else None)


def _cert_agenda(
    settings: UserSettings, state: CertState, sent: set[str], today: date, agenda: _Agenda
) -> None:
    cert, p, rule = state.cert, state.progress, state.body_rule()
    code, deadline = rule.code, cert.deadline
    cycle_start = p.cycle_start if p is not None else rule.cycle(deadline)[0]
    complete = p is not None and p.complete
    rules = (rule,)
    sent_now: list[Nudge] = []

    # Deadline milestones, while credits are short.
    if not complete and today <= deadline:
        current, older, upcoming = _milestones(MILESTONES, deadline, today)
        text = ""  # written once, for the first milestone not yet sent
        for m in [*older, current] if current is not None else []:
            key = deadline_key(code, deadline, m)
            if key in sent:
                continue
            text = text or _deadline_text(rule, deadline, p, today)
            # The real days left, not the milestone's bucket (a late or fresh deadline is due
            # at 25 days under the 30-day milestone).
            label = f"{code}: renewal {_when((deadline - today).days)}"
            nudge = Nudge(key, "deadline", cert.id, text, label, rules, deadline)
            if m == current:
                agenda.due.append(nudge)
                sent_now.append(nudge)
            else:
                agenda.skip.append(nudge)
        if upcoming is not None:
            day = deadline - timedelta(days=upcoming)
            agenda.upcoming.append(
                _Upcoming(local_send_time(settings, day), f"{code}: {upcoming} days to renewal")
            )

    # Monthly pace check, while behind (not in the cycle's first days, not on deadline day).
    if p is not None and not p.credits_done and today < deadline:
        # Not in the cycle's first days (everyone starts "behind" a straight line from 0), nor
        # in the first days after the certification was added.
        pace_from = max(cycle_start, p.added_on or cycle_start) + timedelta(days=PACE_QUIET_DAYS)
        key = pace_key(code, deadline, today)
        taken = set(sent)
        if today >= pace_from and p.behind_pace and key not in sent:
            nudge = Nudge(
                key,
                "pace",
                cert.id,
                _pace_text(rule, deadline, p, today),
                f"{code}: behind-pace check",
                rules,
                deadline,
            )
            # A deadline nudge already gives the pace needed: that overtakes this month's check.
            (agenda.skip if sent_now else agenda.due).append(nudge)
            taken.add(key)
        first = max(today + timedelta(days=1), pace_from)
        day = _next_pace_day(p, first, deadline - timedelta(days=1), taken, code)
        if day is not None:
            agenda.upcoming.append(
                _Upcoming(local_send_time(settings, day), f"{code}: pace check (if behind)")
            )

    # Congratulation, once per cycle.
    if complete and cycle_start <= today <= deadline:
        key = complete_key(code, deadline)
        if key not in sent:
            agenda.due.append(
                Nudge(
                    key,
                    "complete",
                    cert.id,
                    _complete_text(rule, deadline),
                    f"{code}: credits complete",
                    rules,
                    deadline,
                )
            )

    # Late windows: one notice as each window opens (the fee, until when, the last day).
    windows = late_windows(rule, deadline)
    current_index = next(
        (i for i, (first, last, _) in enumerate(windows) if first <= today <= last), None
    )
    for i, (first, _last, _tier) in enumerate(windows):
        key = late_key(code, deadline, i)
        if key in sent:
            continue
        label = f"{code}: late-renewal window" if i == 0 else f"{code}: late fee changes"
        if current_index is not None and i < current_index:
            agenda.skip.append(Nudge(key, "grace", cert.id, "", label, rules, deadline))
        elif i == current_index:
            text = _late_text(rule, deadline, i, p, today)
            agenda.due.append(Nudge(key, "grace", cert.id, text, label, rules, deadline))
        elif first > today:
            agenda.upcoming.append(_Upcoming(local_send_time(settings, first), label))
            break


def late_windows(rule: Rule, deadline: date) -> list[tuple[date, date, LateTier | None]]:
    """(first day, last day, fee tier) of each late-renewal window after `deadline`."""
    end = rule.grace_end(deadline)
    if end is None:
        return []
    if not rule.late_tiers:
        return [(deadline + timedelta(days=1), end, None)]
    windows = []
    first = deadline + timedelta(days=1)
    for tier in rule.late_tiers:
        last = deadline + timedelta(days=tier.until_days)
        windows.append((first, last, tier))
        first = last + timedelta(days=1)
    return windows


def _cpr_agenda(
    settings: UserSettings,
    expiry: date,
    relevant: Sequence[tuple[Certification, Rule]],
    sent: set[str],
    today: date,
    agenda: _Agenda,
) -> None:
    needing = [rule for cert, rule in relevant if expiry < cert.deadline]
    rules = tuple({r.code: r for r in needing}.values())
    if not rules or today > expiry:
        return
    current, older, upcoming = _milestones(CPR_MILESTONES, expiry, today)
    text = _cpr_text(expiry, today, rules)
    for m in [*older, current] if current is not None else []:
        key = cpr_key(expiry, m)
        if key in sent:
            continue
        nudge = Nudge(key, "cpr", None, text, f"CPR/AED: {m} days to expiry", rules, expiry)
        (agenda.due if m == current else agenda.skip).append(nudge)
    if upcoming is not None:
        day = expiry - timedelta(days=upcoming)
        agenda.upcoming.append(
            _Upcoming(local_send_time(settings, day), f"CPR/AED: {upcoming} days to expiry")
        )


def _agenda(
    settings: UserSettings, certs: Sequence[CertState], sent: set[str], now: datetime, today: date
) -> _Agenda:
    agenda = _Agenda([], [], [])
    if not settings.active or not settings.reminders_on:
        return agenda
    cpr_relevant: list[tuple[Certification, Rule]] = []
    cpr_expiry = settings.cpr_expiry
    for state in certs:
        cert, rule = state.cert, state.body_rule()
        if cpr_expiry is None and state.progress is not None:
            cpr_expiry = state.progress.cpr_expiry
        if cert.reminders_off:
            continue
        if cert.snoozed_until is not None and _utc(cert.snoozed_until) > now:
            agenda.upcoming.append(_Upcoming(_utc(cert.snoozed_until), f"{rule.code}: snooze ends"))
            continue
        _cert_agenda(settings, state, sent, today, agenda)
        last_day = rule.grace_end(cert.deadline) or cert.deadline
        if rule.cpr_required and today <= last_day:
            cpr_relevant.append((cert, rule))
    if cpr_expiry is not None:
        _cpr_agenda(settings, cpr_expiry, cpr_relevant, sent, today, agenda)
    return agenda


def _order(nudge: Nudge) -> tuple[int, date, str]:
    return (KIND_ORDER.index(nudge.kind), nudge.sort_date or date.max, nudge.key)


def due_nudges(
    settings: UserSettings,
    certs: Sequence[CertState],
    sent_keys: set[str],
    now: datetime,
    last_sent_on: date | None,
) -> Plan:
    """What to send now (one merged message), what to record as skipped, and when to look again.

    `now`: aware datetime (naive is taken as UTC). `last_sent_on`: the user's local date of the
    last nudge message. `sent_keys` holds both sent and skipped keys. Record `skip` keys whether
    or not `send` is empty; record `send` keys once the message is out.
    """
    now = _utc(now)
    today = local_today(settings, now)
    agenda = _agenda(settings, certs, set(sent_keys), now, today)
    skip = tuple(sorted(agenda.skip, key=_order))
    upcoming = [u.at for u in agenda.upcoming]
    if agenda.due and _can_send(settings, now, today, last_sent_on):
        tomorrow = local_send_time(settings, today + timedelta(days=1))
        next_at = max(min(upcoming), tomorrow) if upcoming else None
        return Plan(tuple(sorted(agenda.due, key=_order)), skip, next_at)
    if agenda.due:
        return Plan((), skip, _next_send_instant(settings, now, today, last_sent_on))
    return Plan((), skip, min(upcoming) if upcoming else None)


def next_planned(
    settings: UserSettings, certs: Sequence[CertState], sent_keys: set[str], now: datetime
) -> tuple[datetime, str] | None:
    """For "/remind": roughly when (UTC) the next nudge may go out, and what it is about.

    Ignores the once-a-day limit; pace checks are only sent if the user is behind by then."""
    now = _utc(now)
    today = local_today(settings, now)
    agenda = _agenda(settings, certs, set(sent_keys), now, today)
    if agenda.due:
        due = sorted(agenda.due, key=_order)
        when = now if _can_send(settings, now, today, None) else None
        when = when or _next_send_instant(settings, now, today, None)
        return when, "; ".join(n.label for n in due)
    if not agenda.upcoming:
        return None
    first = min(u.at for u in agenda.upcoming)
    labels = [u.label for u in agenda.upcoming if u.at == first]
    return first, "; ".join(labels)


# ---------- the message ----------


def _footer(nudges: Sequence[Nudge], timezone: str) -> str:
    rules: dict[str, Rule] = {}
    for nudge in nudges:
        for rule in nudge.rules:
            rules.setdefault(rule.code, rule)
    zone = f"Days counted in {html.escape(timezone)} time."
    if not rules:
        return f"<i>{zone}</i>"
    texts = {r.checked_text for r in rules.values()}
    codes = ", ".join(html.escape(c) for c in rules)
    if len(texts) == 1:
        checked = f"{next(iter(texts))}, confirm with {codes}."
    else:
        each = ", ".join(f"{html.escape(c)}: {r.checked_text.lower()}" for c, r in rules.items())
        checked = f"Rules: {each}; confirm with {codes}."
    return f"<i>{checked} {zone}</i>"


def format_nudge_message(nudges: Sequence[Nudge], timezone: str) -> str:
    """One message for the nudges due now (Telegram HTML, at most 4096 characters)."""
    if not nudges:
        return ""
    ordered = sorted(nudges, key=_order)
    head = ["<b>Renewal reminders</b>"] if len(ordered) > 1 else []
    foot = _footer(ordered, timezone)
    for shown in range(len(ordered), 0, -1):
        hidden = len(ordered) - shown
        more = [f"…and {_plural(hidden, 'more reminder')}: see /progress"] if hidden else []
        text = "\n\n".join([*head, *(n.text for n in ordered[:shown]), *more, foot])
        if len(text) <= MAX_MESSAGE_CHARS:
            return text
    return ordered[0].text[:MAX_MESSAGE_CHARS]


class RemindArgError(InputError):
    """User-facing: what /remind understands (plain text)."""


def parse_remind_args(text: str) -> tuple[str, time | None]:
    """What follows /remind: ("show", None), ("on", None), ("off", None) or ("at", 18:30).

    Accepts "at 18:30", "18:30", "6:30pm", "7 am", "0830", "8.30", "18h30".
    """
    import re

    arg = " ".join(text.split()).strip().lower()
    if not arg:
        return "show", None
    if arg in {"on", "off"}:
        return arg, None
    match = re.fullmatch(r"(?:at\s+)?(\d{1,2})(?:[:.h]?(\d{2}))?\s*(am|pm)?", arg)
    if not match:
        raise RemindArgError("Try /remind at 18:30, /remind off or /remind on.")
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half and not 1 <= hour <= 12:
        raise RemindArgError("Try /remind at 6:30pm or /remind at 18:30.")
    if half == "pm" and hour < 12:
        hour += 12
    if half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise RemindArgError("That isn't a time of day. Try /remind at 18:30.")
    return "at", time(hour, minute)
