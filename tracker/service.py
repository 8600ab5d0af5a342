"""The use cases, one function each: log, edit, delete, undo, certifications, progress, nudges,
settings, forget.

Each takes the `Core` (the storage, the rules, the zone of users who set none), the user and
"now" (never read here: the caller passes it), loads one snapshot of what it needs, writes, keeps
the stored next-due time of the nudges in step with what changed, and returns a plain frozen
result that a formatter turns into text. No telegram here: handlers read the update, call one of
these and one formatter, and reply.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Concatenate, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from knowledge.rules import Rule
from tracker.activities import ParsedLog, credit_hours, parse_edit, parse_log
from tracker.calendar import build_ics
from tracker.models import Activity, Certification, UserSettings
from tracker.progress import CertProgress, activity_kind, cert_progress
from tracker.reminders import CertState, Plan, due_nudges, next_planned
from tracker.storage import AlreadySent, Storage

SNOOZE = timedelta(days=7)


@dataclass(frozen=True)
class Core:
    """What every use case reads and writes through."""

    storage: Storage
    rules: Mapping[str, Rule]
    default_timezone: str = "UTC"

    def settings(self, user_id: int) -> UserSettings:
        return self.storage.settings(user_id, self.default_timezone)

    def today(self, user_id: int, now: datetime) -> date:
        """The user's local date at `now`."""
        return now.astimezone(ZoneInfo(self.settings(user_id).timezone)).date()

    def held(self, user_id: int) -> list[tuple[Certification, Rule]]:
        """The user's certifications with their bodies' rules."""
        return [
            (c, self.rules[c.body])
            for c in self.storage.certifications(user_id)
            if c.body in self.rules
        ]


P = ParamSpec("P")
R = TypeVar("R")


def one_transaction(
    use_case: Callable[Concatenate[Core, int, P], R],
) -> Callable[Concatenate[Core, int, P], R]:
    """A use case that writes runs in one transaction: its write and the next-due time it
    refreshes commit together, or neither does (a crash between them cannot leave a stale plan)."""

    @functools.wraps(use_case)
    def run(core: Core, user_id: int, *args: P.args, **kwargs: P.kwargs) -> R:
        with core.storage.transaction(user_id):
            return use_case(core, user_id, *args, **kwargs)

    run.writes = True  # type: ignore[attr-defined]  # read by the layer test: this one is wrapped
    return run


# ---------- progress: the one computation behind /progress, the nudges, /export, the answers ----------


@dataclass(frozen=True)
class Tracked:
    """One snapshot of a user: settings, certifications with their progress, activities."""

    settings: UserSettings
    today: date
    pairs: tuple[tuple[Certification, CertProgress], ...]
    activities: list[Activity] = field(compare=False)
    held: tuple[tuple[Certification, Rule], ...] = ()

    @property
    def progresses(self) -> list[CertProgress]:
        return [p for _, p in self.pairs]

    @property
    def total_hours(self) -> float:
        return sum(a.hours for a in self.activities)


def progress(core: Core, user_id: int, now: datetime) -> Tracked:
    """Each certification the user holds with its progress, and the activities behind it."""
    settings = core.settings(user_id)
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    activities = core.storage.activities(user_id)
    choices = core.storage.count_choices(user_id)
    held = tuple(core.held(user_id))
    pairs = tuple(
        (c, cert_progress(c, rule, activities, settings.cpr_expiry, today, choices))
        for c, rule in held
    )
    return Tracked(settings, today, pairs, activities, held)


# ---------- nudges ----------


def plan_nudges(core: Core, user_id: int, now: datetime, tracked: Tracked | None = None) -> Plan:
    """What is due now and when the next nudge is (from one snapshot)."""
    tracked = tracked or progress(core, user_id, now)
    states = [CertState(cert, p) for cert, p in tracked.pairs]
    return due_nudges(
        tracked.settings, states, core.storage.sent_keys(user_id), now,
        core.storage.last_nudge_on(user_id),
    )  # fmt: skip


def refresh_next_due(
    core: Core, user_id: int, now: datetime, tracked: Tracked | None = None
) -> datetime | None:
    """Recompute the stored next-due time after activities, certifications or settings change
    (from `tracked` when the caller already loaded the snapshot after its write)."""
    plan = plan_nudges(core, user_id, now, tracked)
    when = now if plan.send or plan.skip else plan.next_due_at
    core.storage.set_next_due(user_id, when)
    return when


@dataclass(frozen=True)
class NudgeBatch:
    """The nudges recorded as sent (to send now), with what it takes to take them back."""

    plan: Plan
    keys: tuple[str, ...]
    previous_day: date | None
    timezone: str
    already_sent: bool = False
    tracked: Tracked | None = field(default=None, compare=False, repr=False)

    @property
    def cert_ids(self) -> set[int]:
        return {n.cert_id for n in self.plan.send if n.cert_id is not None}


def record_due_nudges(core: Core, user_id: int, now: datetime) -> NudgeBatch:
    """Plan, then record the marks *before* the message goes out (a crash loses one nudge
    rather than ever sending it twice). `keys` is empty when nothing is to be sent."""
    tracked = progress(core, user_id, now)
    zone = tracked.settings.timezone
    plan = plan_nudges(core, user_id, now, tracked)
    previous_day = core.storage.last_nudge_on(user_id)
    if not (plan.send or plan.skip):
        return NudgeBatch(plan, (), previous_day, zone, tracked=tracked)
    local_day = now.astimezone(ZoneInfo(zone)).date()
    keys = tuple(n.key for n in plan.send)
    try:
        core.storage.record_nudges(
            user_id, list(keys), [n.key for n in plan.skip], now, local_day if keys else None
        )
    except AlreadySent:
        return NudgeBatch(plan, (), previous_day, zone, already_sent=True, tracked=tracked)
    return NudgeBatch(plan, keys, previous_day, zone, tracked=tracked)


@one_transaction
def nudges_done(core: Core, user_id: int, now: datetime, batch: NudgeBatch) -> datetime | None:
    """After the send (or its failure): the next-due time, from the batch's snapshot when the
    user's settings did not change since (the marks are read afresh)."""
    settings = core.settings(user_id)
    same = batch.tracked is not None and batch.tracked.settings == settings
    return refresh_next_due(core, user_id, now, batch.tracked if same else None)


def nudge_failed(core: Core, batch: NudgeBatch, user_id: int) -> None:
    """The send failed: take the marks back so the next sweep retries."""
    core.storage.unrecord_nudges(user_id, list(batch.keys), batch.previous_day)


def user_blocked(core: Core, user_id: int) -> None:
    """The user blocked the bot: no more nudges until they write again."""
    core.storage.update_user(user_id, core.default_timezone, active=False)


@dataclass(frozen=True)
class ReminderView:
    settings: UserSettings
    today: date
    now: datetime
    held: tuple[tuple[Certification, Rule], ...]
    upcoming: tuple[datetime, str] | None


def reminders(core: Core, user_id: int, now: datetime) -> ReminderView:
    """The reminder settings, the deadlines held and the next nudge planned."""
    tracked = progress(core, user_id, now)
    upcoming = None
    if tracked.settings.reminders_on:
        states = [CertState(cert, p) for cert, p in tracked.pairs]
        upcoming = next_planned(tracked.settings, states, core.storage.sent_keys(user_id), now)
    return ReminderView(tracked.settings, tracked.today, now, tracked.held, upcoming)


@one_transaction
def update_settings(core: Core, user_id: int, now: datetime, **fields: Any) -> UserSettings:
    """Change the user's settings (time zone, reminders, quiet hours, ...)."""
    core.storage.update_user(user_id, core.default_timezone, **fields)
    refresh_next_due(core, user_id, now)
    return core.settings(user_id)


@one_transaction
def set_reminders(
    core: Core, user_id: int, now: datetime, on: bool, at: time | None = None
) -> UserSettings:
    """/remind on|off|at: turning them on also lifts per-certification stops and snoozes."""
    fields: dict[str, Any] = {"reminders_on": on}
    if at is not None:
        fields["remind_at"] = at
    core.storage.update_user(user_id, core.default_timezone, **fields)
    if on and at is None:
        for cert in core.storage.certifications(user_id):
            core.storage.update_certification(
                user_id, cert.id, reminders_off=False, snoozed_until=None
            )
    refresh_next_due(core, user_id, now)
    return core.settings(user_id)


@dataclass(frozen=True)
class CertReminders:
    cert: Certification
    snoozed_until: datetime | None
    timezone: str


@one_transaction
def quiet_certification(
    core: Core, user_id: int, now: datetime, cert_id: int, snooze: bool
) -> CertReminders | None:
    """Snooze one certification's reminders for a week, or stop them; None when it is gone."""
    cert = core.storage.certification_by_id(user_id, cert_id)
    if cert is None:
        return None
    until = now + SNOOZE if snooze else None
    if snooze:
        core.storage.update_certification(user_id, cert.id, snoozed_until=until)
    else:
        core.storage.update_certification(user_id, cert.id, reminders_off=True)
    refresh_next_due(core, user_id, now)
    return CertReminders(cert, until, core.settings(user_id).timezone)


# ---------- activities ----------


def own_credits(rules: Mapping[str, Rule], parsed: ParsedLog) -> float | None:
    """Credits kept in the body's own unit: for a body that states no hours per unit (NCCPT)."""
    rule = rules.get(parsed.body or "")
    if rule is None or rule.trackable or parsed.credits is None:
        return None
    return parsed.credits


def certifications(core: Core, user_id: int) -> list[Certification]:
    """The user's certifications, soonest deadline first."""
    return core.storage.certifications(user_id)


def certification(core: Core, user_id: int, code: str) -> Certification | None:
    """The user's certification with body `code`, if they hold one."""
    return core.storage.certification(user_id, code) if code in core.rules else None


def activity(core: Core, user_id: int, activity_id: int) -> Activity | None:
    """One of the user's activities (None: not theirs, or gone)."""
    return core.storage.activity(user_id, activity_id)


def users_due(core: Core, now: datetime, limit: int) -> list[int]:
    """Users whose next nudge is due at `now` (the sweep's batch)."""
    return core.storage.users_due(now, limit=limit)


def log_hours(core: Core, user_id: int, parsed: ParsedLog) -> float:
    """The hours to store for a parsed log (credits converted for the bodies the user holds)."""
    if own_credits(core.rules, parsed) is not None:
        return parsed.hours or 0.0  # NCCPT CEUs: kept in its own units, no hours known
    return credit_hours(parsed, [c.body for c in core.storage.certifications(user_id)])


@dataclass(frozen=True)
class Logged:
    """An activity as stored, with what it counts toward (as the bodies count it)."""

    activity: Activity
    again: bool
    ask_card: bool
    progresses: tuple[CertProgress, ...]
    held: tuple[tuple[Certification, Rule], ...]


def logged(
    core: Core, user_id: int, now: datetime, activity: Activity, again: bool, ask_card: bool = False
) -> Logged:
    """The confirmation of a stored activity."""
    tracked = progress(core, user_id, now)
    return Logged(activity, again, ask_card, tuple(tracked.progresses), tracked.held)


@one_transaction
def log_activity(
    core: Core,
    user_id: int,
    now: datetime,
    chat_id: int,
    message_id: int,
    parsed: ParsedLog,
    hours: float,
) -> Logged:
    """Store once per source message (a message delivered again is confirmed, not stored twice)."""
    result = core.storage.add_activity(
        user_id, chat_id, message_id, parsed.activity_date, parsed.title, hours,
        parsed.provider, parsed.course, parsed.is_cpr, body=parsed.body,
        units=own_credits(core.rules, parsed),
    )  # fmt: skip
    tracked = progress(core, user_id, now)  # one snapshot after the write: the plan and the reply
    if result.created:
        refresh_next_due(core, user_id, now, tracked)
    ask_card = result.created and activity_kind(result.activity) == "cpr"
    return Logged(
        result.activity, not result.created, ask_card, tuple(tracked.progresses), tracked.held
    )


@dataclass(frozen=True)
class WhichDate:
    """An ambiguous numeric date ("3/4"): ask which of the two readings is meant."""

    parsed: ParsedLog


@dataclass(frozen=True)
class AlreadyLogged:
    """The same date, title and hours are in the log already: ask before storing it again."""

    parsed: ParsedLog
    same: Activity


def message_day(core: Core, user_id: int, now: datetime, sent_at: datetime | None) -> date:
    """The user's local date when a message was written (stable if Telegram delivers it again)."""
    sent = sent_at if sent_at is not None else now
    return min(sent, now).astimezone(ZoneInfo(core.settings(user_id).timezone)).date()


def log_text(
    core: Core,
    user_id: int,
    now: datetime,
    chat_id: int,
    message_id: int,
    text: str,
    sent_at: datetime | None,
    month_first: bool | None = None,
    again_ok: bool = False,
    chosen_date: date | None = None,
) -> Logged | WhichDate | AlreadyLogged:
    """/log: parse what follows it (refusals raise LogError, an InputError) and store it once per
    message; a message delivered again is confirmed, not stored twice. `chosen_date` is the
    reading picked for an ambiguous date; `again_ok` skips the duplicate check."""
    existing = core.storage.activity_by_message(chat_id, message_id)
    if existing is not None:
        return logged(core, user_id, now, existing, again=True)
    parsed = parse_log(text, message_day(core, user_id, now, sent_at), month_first)
    hours = log_hours(core, user_id, parsed)
    if chosen_date is not None and chosen_date in (parsed.activity_date, parsed.other_date):
        parsed = replace(parsed, activity_date=chosen_date, other_date=None)
    if parsed.other_date is not None:
        return WhichDate(parsed)
    if not again_ok:
        same = core.storage.same_entry(user_id, parsed.activity_date, parsed.title, hours)
        if same is not None:
            return AlreadyLogged(parsed, same)
    return log_activity(core, user_id, now, chat_id, message_id, parsed, hours)


@one_transaction
def remove_activity(
    core: Core, user_id: int, now: datetime, activity_id: int, by: str
) -> Activity | None:
    """Delete one activity (once per `by`: a redelivered request removes nothing more)."""
    removed = core.storage.delete_activity(user_id, activity_id, by=by)
    if removed is not None:
        refresh_next_due(core, user_id, now)
    return removed


@one_transaction
def undo_last(core: Core, user_id: int, now: datetime, by: str) -> Activity | None:
    """/undo: remove the last activity logged; a redelivered /undo returns what it removed."""
    removed = core.storage.deleted_by(user_id, by)
    if removed is None:
        last = core.storage.last_logged(user_id)
        removed = core.storage.delete_activity(user_id, last.id, by=by) if last else None
    if removed is not None:
        refresh_next_due(core, user_id, now)
    return removed


@dataclass(frozen=True)
class Edited:
    activity: Activity
    edit_id: int | None
    held: tuple[tuple[Certification, Rule], ...]
    progresses: tuple[CertProgress, ...] = ()  # after the change: what it counts toward now


@one_transaction
def edit_activity(
    core: Core, user_id: int, now: datetime, activity_id: int, by: str, fields: dict[str, Any]
) -> Edited | None:
    """Change the fields given; None when the activity is gone."""
    result = core.storage.edit_activity(user_id, activity_id, by, **fields)
    if result is None:
        return None
    updated, edit_id = result
    snapshot = progress(core, user_id, now)
    refresh_next_due(core, user_id, now, snapshot)
    return Edited(updated, edit_id, snapshot.held, tuple(p for _, p in snapshot.pairs))


@dataclass(frozen=True)
class NotInLog:
    """No such activity of the user's (`meanwhile`: it was there, and deleted while editing)."""

    activity_id: int
    meanwhile: bool = False


@dataclass(frozen=True)
class WhichEditDate:
    first: date
    second: date


def edit_text(
    core: Core,
    user_id: int,
    now: datetime,
    activity_id: int,
    text: str,
    by: str,
    sent_at: datetime | None,
    month_first: bool | None = None,
    chosen_date: date | None = None,
) -> Edited | WhichEditDate | NotInLog:
    """/edit 12 4h: change only what `text` names (refusals raise LogError, an InputError)."""
    before = core.storage.activity(user_id, activity_id)
    if before is None:
        return NotInLog(activity_id)
    change = parse_edit(text, message_day(core, user_id, now, sent_at), month_first)
    if chosen_date is not None and chosen_date in (change.activity_date, change.other_date):
        change = replace(change, activity_date=chosen_date, other_date=None)
    title = change.title or before.title
    when = change.activity_date or before.activity_date
    hours = before.hours
    if change.hours is not None or change.credits is not None:
        held = [c.body for c in core.storage.certifications(user_id)]
        hours = credit_hours(change.as_log(title, when), held)
    if change.other_date is not None and change.activity_date is not None:
        return WhichEditDate(change.activity_date, change.other_date)
    fields: dict[str, Any] = {"activity_date": when, "title": title, "hours": hours}
    if change.title is not None:
        fields["is_cpr"] = change.as_log(title, when).is_cpr
    if change.title is not None or change.body is not None:
        # the body the activity is named for is read again, as /log reads it: "ACE nutrition
        # course" counts for ACE now; a new title that names none counts toward each
        fields["body"] = change.body
        units = own_credits(core.rules, change.as_log(title, when))
        if units is not None or change.body != before.body:
            fields["units"] = units  # NCCPT's own units go with its name
    if change.provider is not None:
        fields["provider"] = change.provider
    if change.course is not None:
        fields["course"] = change.course
    edited = edit_activity(core, user_id, now, activity_id, by, fields)
    return edited if edited is not None else NotInLog(activity_id, meanwhile=True)


@one_transaction
def undo_edit(core: Core, user_id: int, now: datetime, edit_id: int) -> Edited | None:
    """Put back the version before an /edit; None when already undone or the activity is gone."""
    restored = core.storage.undo_edit(user_id, edit_id)
    if restored is None:
        return None
    snapshot = progress(core, user_id, now)
    refresh_next_due(core, user_id, now, snapshot)
    return Edited(restored, None, snapshot.held, tuple(p for _, p in snapshot.pairs))


@dataclass(frozen=True)
class HistoryPage:
    activities: tuple[Activity, ...]
    offset: int
    total: int
    timezone: str


def history(core: Core, user_id: int, offset: int, limit: int) -> HistoryPage:
    total = core.storage.count_activities(user_id)
    page = core.storage.activities(user_id, limit=limit, offset=offset)
    return HistoryPage(tuple(page), offset, total, core.settings(user_id).timezone)


@dataclass(frozen=True)
class CountView:
    activity: Activity
    progresses: tuple[CertProgress, ...]


@one_transaction
def count_choice(
    core: Core, user_id: int, now: datetime, activity_id: int, choice: tuple[str, str] | None
) -> CountView | None:
    """The "counts for" menu of an activity, after storing `choice` (body code, choice) if given;
    None when the activity is gone."""
    activity = core.storage.activity(user_id, activity_id)
    if activity is None:
        return None
    if choice is not None:
        core.storage.set_count_choice(user_id, activity.id, *choice)
    tracked = progress(core, user_id, now)
    if choice is not None:
        refresh_next_due(core, user_id, now, tracked)
    return CountView(activity, tuple(tracked.progresses))


@one_transaction
def attach_certificate(
    core: Core,
    user_id: int,
    activity_id: int,
    file: tuple[str, str, str | None],
    only_if_none: bool = False,
) -> bool:
    """Keep a certificate (file id, "photo" | "document", file name) with one of the user's
    activities; False when there is no such activity (or, `only_if_none`, it has one already)."""
    if only_if_none and core.storage.attachments(user_id, activity_id):
        return False
    return core.storage.attach(user_id, activity_id, *file)


def certificates(core: Core, user_id: int, activity_id: int) -> list[dict[str, Any]]:
    """The certificates kept with one of the user's activities."""
    return core.storage.attachments(user_id, activity_id)


# ---------- certifications ----------


@dataclass(frozen=True)
class CertSaved:
    cert: Certification
    rule: Rule
    today: date


@one_transaction
def add_certification(
    core: Core,
    user_id: int,
    now: datetime,
    rule: Rule,
    deadline: date,
    certified_on: date | None = None,
    earned: float | None = None,
) -> CertSaved:
    today = core.today(user_id, now)
    cert = core.storage.set_certification(
        user_id, rule.code, deadline, certified_on=certified_on, starting_units=earned,
        added_on=today,
    )  # fmt: skip
    refresh_next_due(core, user_id, now)
    return CertSaved(cert, rule, today)


@one_transaction
def set_starting_units(
    core: Core, user_id: int, now: datetime, cert: Certification, earned: float
) -> None:
    """The credits already earned this cycle, before the bot."""
    core.storage.set_certification(user_id, cert.body, cert.deadline, starting_units=earned)
    refresh_next_due(core, user_id, now)


@one_transaction
def remove_certification(core: Core, user_id: int, now: datetime, code: str) -> bool:
    removed = core.storage.remove_certification(user_id, code)
    refresh_next_due(core, user_id, now)
    return removed


@one_transaction
def record_card(
    core: Core, user_id: int, now: datetime, expiry: date, activity_id: int | None = None
) -> None:
    """A CPR/AED card's expiry: on the course that earned it (if any), and on the user when it
    is later than the one recorded (with no course: recorded as given)."""
    if activity_id is not None:
        core.storage.update_activity(user_id, activity_id, card_expiry=expiry)
        current = core.settings(user_id).cpr_expiry
        if current is None or expiry > current:
            core.storage.update_user(user_id, core.default_timezone, cpr_expiry=expiry)
    else:
        core.storage.update_user(user_id, core.default_timezone, cpr_expiry=expiry)
    refresh_next_due(core, user_id, now)


def calendar_file(
    core: Core, user_id: int, now: datetime, new_key: Callable[[], str]
) -> bytes | None:
    """/calendar: the .ics of deadlines, the CPR/AED expiry and milestones; None when there is
    no date to put in it. `new_key` makes the install's UID key the first time (then it is kept)."""
    held = core.held(user_id)
    settings = core.settings(user_id)
    if not held and settings.cpr_expiry is None:
        return None
    uid_key = core.storage.state_or_create("calendar_uid_key", new_key)
    return build_ics(
        held, settings.cpr_expiry, stamp=now, today=core.today(user_id, now), uid_key=uid_key,
        user_id=user_id,
    )  # fmt: skip


def touch(core: Core, user_id: int) -> None:
    """Every update: remember the user, and reactivate one who had blocked the bot."""
    core.storage.touch_user(user_id, core.default_timezone)


# ---------- privacy ----------


@dataclass(frozen=True)
class Forgotten:
    counts: Mapping[str, int]

    @property
    def records(self) -> int:
        return sum(self.counts.values())


def forget(core: Core, user_id: int) -> Forgotten:
    """Delete every row of the user."""
    return Forgotten(core.storage.forget(user_id))
