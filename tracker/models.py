"""Values the tracker stores and computes with. Pure: no Telegram, no SQLite, no clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time


@dataclass(frozen=True)
class Activity:
    """One logged activity, as stored."""

    id: int
    user_id: int
    activity_date: date
    title: str
    hours: float
    provider: str | None = None
    course: str | None = None
    is_cpr: bool = False
    has_attachment: bool = False
    created_at: datetime | None = None
    body: str | None = None  # the body the activity is named for ("NASM course"), None when none
    card_expiry: date | None = None  # a CPR/AED course: the expiry of the card it gave
    units: float | None = None  # credits as written, in `body`'s unit, when that body states no
    # hours per unit (NCCPT): tracked in its own units


@dataclass(frozen=True)
class Certification:
    """A certification a user holds: the body's rule code and the renewal deadline."""

    id: int
    user_id: int
    body: str
    deadline: date
    snoozed_until: datetime | None = None
    reminders_off: bool = False
    certified_on: date | None = None  # the date on the certificate (NSCA proration)
    starting_units: float = 0.0  # credits already earned this cycle before using the bot
    added_on: date | None = None  # the user's local date when it was added (pace quiet days)


# What the user chose for one activity toward one certification (stored per pair).
COUNT_CHOICES = ("counts", "no", "pending", "approved")


@dataclass(frozen=True)
class UserSettings:
    """Per-user settings that shape replies and nudges."""

    user_id: int
    timezone: str = "UTC"
    remind_at: time = time(9, 0)
    quiet_start: time = time(22, 0)
    quiet_end: time = time(8, 0)
    reminders_on: bool = True
    active: bool = True
    cpr_expiry: date | None = None
