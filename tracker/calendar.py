"""Calendar (iCalendar / .ics) export of renewal deadlines, milestones and the CPR/AED expiry.

All events are all-day. UIDs depend only on the user, the certifying body and the kind of event,
never on the dates, so importing a fresh export updates the events instead of duplicating them;
they are keyed hashes (HMAC with a secret of the installation), so a calendar file shared or
synced elsewhere carries no Telegram id. Milestones already past are left out.
Pure: no Telegram, no clock (the DTSTAMP and "today" are parameters).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from knowledge.numbers import format_number
from knowledge.rules import Rule
from tracker.models import Certification
from tracker.progress import format_units, units_decimals

PRODID = "-//recertbot//renewal deadlines//EN"
UID_DOMAIN = "recertbot"
DEFAULT_MILESTONES = (90, 30, 7)
# Alarm at 09:00 on the day of an all-day event (relative to its midnight start).
ALARM_OFFSET = timedelta(hours=9)


def event_uid(uid_key: str, user_id: int | None, what: str) -> str:
    """A stable UID for one event of one user that reveals neither: HMAC-SHA256 of both."""
    message = f"{user_id}:{what}".encode()
    digest = hmac.new(uid_key.encode(), message, hashlib.sha256).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def deadline_uid(uid_key: str, cert: Certification) -> str:
    return event_uid(uid_key, cert.user_id, f"{cert.body}:deadline")


def milestone_uid(uid_key: str, cert: Certification, days: int) -> str:
    return event_uid(uid_key, cert.user_id, f"{cert.body}:minus{days}d")


def cpr_uid(uid_key: str, user_id: int | None) -> str:
    return event_uid(uid_key, user_id, "cpr-expiry")


def _all_day_event(
    uid: str, summary: str, day: date, description: str, stamp: datetime, alarm: bool
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("description", description)
    if alarm:
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", summary)
        reminder.add("trigger", ALARM_OFFSET)
        event.add_component(reminder)
    return event


def _requirement(rule: Rule) -> str:
    decimals = units_decimals(rule) if rule.trackable else None
    units = f"{format_units(rule.required_units, min_decimals=decimals)} {rule.unit}s"
    if rule.required_hours is not None:
        return f"{units} ({format_number(rule.required_hours)} hours) per cycle"
    return f"{units} per cycle"


def _deadline_description(rule: Rule, deadline: date) -> str:
    lines = [f"Renew your {rule.code} certification: {_requirement(rule)}."]
    grace_end = rule.grace_end(deadline)
    if grace_end is not None and rule.grace_note:
        lines.append(f"Grace period: {rule.grace_note} (until {grace_end.isoformat()}).")
    lines.append(f"Confirm with {rule.code}: {rule.source} ({rule.checked_text.lower()}).")
    return "\n".join(lines)


def build_ics(
    certs: Sequence[tuple[Certification, Rule]],
    cpr_expiry: date | None,
    milestones: Sequence[int] = DEFAULT_MILESTONES,
    *,
    stamp: datetime,
    today: date,
    uid_key: str,
    user_id: int | None = None,
    alarms: bool = True,
) -> bytes:
    """An .ics calendar with, per certification, the renewal deadline and one event per milestone
    (`days` before the deadline) from `today` on, plus the CPR/AED card expiry when known.

    `stamp`: the DTSTAMP (pass "now"); `today`: the user's local date; `uid_key`: the secret the
    UIDs are keyed with (keep it: the same key gives the same UIDs); `user_id` names the CPR
    event's owner when `certs` is empty.
    """
    stamp = stamp.astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Recertification deadlines")

    for cert, rule in certs:
        cal.add_component(
            _all_day_event(
                deadline_uid(uid_key, cert),
                f"{rule.code} renewal deadline",
                cert.deadline,
                _deadline_description(rule, cert.deadline),
                stamp,
                alarms,
            )
        )
        for days in sorted(set(milestones), reverse=True):
            if days <= 0 or cert.deadline - timedelta(days=days) < today:
                continue
            cal.add_component(
                _all_day_event(
                    milestone_uid(uid_key, cert, days),
                    f"{rule.code}: {days} days to renewal",
                    cert.deadline - timedelta(days=days),
                    f"{rule.code} renewal deadline on {cert.deadline.isoformat()}: "
                    f"{_requirement(rule)}.",
                    stamp,
                    alarms,
                )
            )

    if cpr_expiry is not None:
        owner = user_id if user_id is not None else (certs[0][0].user_id if certs else None)
        needing = sorted({rule.code for cert, rule in certs if rule.cpr_required})
        description = "Your CPR/AED card expires today."
        if needing:
            description += f" A current card is required to renew: {', '.join(needing)}."
        cal.add_component(
            _all_day_event(
                cpr_uid(uid_key, owner),
                "CPR/AED card expires",
                cpr_expiry,
                description,
                stamp,
                alarms,
            )
        )
    return cal.to_ical()
