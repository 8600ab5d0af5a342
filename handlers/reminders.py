"""Nudges: the repeating sweep that sends what is due, /remind, /calendar, and the nudge buttons.

The database is the source of truth (the JobQueue is not persisted): each user has a stored
next-due time, the sweep asks an indexed query for users whose time has come, the pure core
(`tracker.reminders.due_nudges`) decides what to send, and the marks are recorded *before* the
message goes out. A crash between recording and sending loses that one nudge rather than ever
sending it twice; a send that fails with an error takes its marks back so the next sweep retries.
"""

from __future__ import annotations

import html
import logging
import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from telegram import InputFile, Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes

from handlers.context import Services, clip, keyboard_json, reply, reply_chat, services
from handlers.progress import tracked
from tracker.calendar import build_ics
from tracker.models import Certification, UserSettings
from tracker.progress import CertProgress, format_date
from tracker.reminders import (
    CertState,
    Plan,
    RemindArgError,
    due_nudges,
    format_nudge_message,
    in_quiet_hours,
    next_planned,
    parse_remind_args,
    send_time_of_day,
)
from tracker.storage import AlreadySent

log = logging.getLogger("recertbot.reminders")
CALLBACK = r"^nudge:"
SWEEP_BATCH = 500


Tracked = list[tuple[Certification, CertProgress]]


def cert_states(svc: Services, user_id: int, pairs: Tracked | None = None) -> list[CertState]:
    """`pairs`: `tracked(svc, user_id)[0]` when the caller already computed it."""
    if pairs is None:
        pairs = tracked(svc, user_id)[0]
    return [CertState(cert, progress) for cert, progress in pairs]


def plan_for(svc: Services, user_id: int, pairs: Tracked | None = None) -> Plan:
    return due_nudges(
        svc.settings(user_id), cert_states(svc, user_id, pairs), svc.storage.sent_keys(user_id),
        svc.now(), svc.storage.last_nudge_on(user_id),
    )  # fmt: skip


def refresh_next_due(svc: Services, user_id: int, pairs: Tracked | None = None) -> None:
    """Recompute the stored next-due time after activities, certifications or settings change.
    `pairs`: the user's progress when the caller computed it after the change (once per update)."""
    plan = plan_for(svc, user_id, pairs)
    when = svc.now() if plan.send or plan.skip else plan.next_due_at
    svc.storage.set_next_due(user_id, when)


def nudge_buttons(cert_id: int | None) -> list[list[tuple[str, str]]]:
    rows = [[("➕ Log an activity", "acct:loghelp")]]
    if cert_id is not None:
        rows.append(
            [
                ("😴 Snooze a week", f"nudge:snooze:{cert_id}"),
                ("🔕 Stop these reminders", f"nudge:stop:{cert_id}"),
            ]
        )
    return rows


async def sweep(context: ContextTypes.DEFAULT_TYPE) -> int:
    """Send every nudge that is due now; returns how many messages went out."""
    svc = services(context)
    sent = 0
    for user_id in svc.storage.users_due(svc.now(), limit=SWEEP_BATCH):
        sent += await nudge_user(context, svc, user_id)
    return sent


async def nudge_user(context: ContextTypes.DEFAULT_TYPE, svc: Services, user_id: int) -> int:
    settings = svc.settings(user_id)
    pairs = tracked(svc, user_id)[0]  # recording and sending nudges changes no progress
    plan = plan_for(svc, user_id, pairs)
    sent = 0
    if plan.send or plan.skip:
        local_day = svc.now().astimezone(ZoneInfo(settings.timezone)).date()
        keys = [n.key for n in plan.send]
        previous_day = svc.storage.last_nudge_on(user_id)
        try:
            svc.storage.record_nudges(
                user_id, keys, [n.key for n in plan.skip], svc.now(), local_day if keys else None
            )
        except AlreadySent:
            log.warning("nudge for user %s already recorded; not sending again", user_id)
            keys = []
        if keys:
            sent = await _send(context, svc, user_id, plan, keys, previous_day)
    refresh_next_due(svc, user_id, pairs)
    return sent


async def _send(
    context: ContextTypes.DEFAULT_TYPE,
    svc: Services,
    user_id: int,
    plan: Plan,
    keys: list[str],
    previous_day: date | None,
) -> int:
    settings = svc.settings(user_id)
    cert_ids = {n.cert_id for n in plan.send if n.cert_id is not None}
    text = clip(format_nudge_message(plan.send, settings.timezone))
    markup = keyboard_json(nudge_buttons(next(iter(cert_ids)) if len(cert_ids) == 1 else None))
    try:
        # A raw sendMessage, as `reply` sends: the sweep never uses the Message Telegram returns.
        await context.bot.do_api_request(
            "sendMessage",
            api_kwargs={"chat_id": user_id, "text": text, "parse_mode": ParseMode.HTML,
                        "reply_markup": markup},
        )  # fmt: skip
        return 1
    except Forbidden:
        log.info("user %s blocked the bot; no more nudges until they write again", user_id)
        svc.storage.update_user(user_id, svc.default_timezone, active=False)
        return 0
    except (RetryAfter, TelegramError) as exc:
        log.warning("nudge to %s failed (%s); the next sweep retries", user_id, type(exc).__name__)
        svc.storage.unrecord_nudges(user_id, keys, previous_day)
        return 0


def schedule_sweep(application: Application) -> None:
    seconds = application.bot_data.get("sweep_seconds", 60.0)
    if seconds and application.job_queue is not None:
        application.job_queue.run_repeating(sweep, interval=seconds, first=1, name="nudge-sweep")


async def remind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/remind on|off|at 18:30: nudges on or off, or the time of day; no argument shows the settings."""
    svc = services(context)
    user_id = update.effective_user.id
    try:
        action, at = parse_remind_args(" ".join(context.args or []))
    except RemindArgError as exc:
        await reply(update, html.escape(str(exc), quote=False))
        return
    if action in {"on", "off"}:
        svc.storage.update_user(user_id, svc.default_timezone, reminders_on=action == "on")
        if action == "on":  # also lifts per-certification stops and snoozes
            for cert in svc.storage.certifications(user_id):
                svc.storage.update_certification(
                    user_id, cert.id, reminders_off=False, snoozed_until=None
                )
    elif action == "at":
        svc.storage.update_user(user_id, svc.default_timezone, remind_at=at, reminders_on=True)
    refresh_next_due(svc, user_id)
    await reply(update, format_remind(svc, user_id), remind_buttons(svc.settings(user_id)))


def quiet_fix(settings: UserSettings) -> tuple[str, str] | None:
    """When the chosen time falls in quiet hours: a button that moves them out of its way."""
    at, start, end = settings.remind_at, settings.quiet_start, settings.quiet_end
    if not in_quiet_hours(at, start, end):
        return None
    if start > end and at >= start:  # evening: quiet hours start just after it
        after = (datetime.combine(date.min, at) + timedelta(minutes=1)).time()
        return f"🌙 Quiet from {after:%H:%M}", f"nudge:qstart:{after:%H%M}"
    return f"🌙 Quiet until {at:%H:%M}", f"nudge:qend:{at:%H%M}"


def remind_buttons(settings: UserSettings) -> list[list[tuple[str, str]]]:
    on = settings.reminders_on
    row = [("🔕 Off", "nudge:off") if on else ("🔔 On", "nudge:on")]
    fix = quiet_fix(settings) if on else None
    return [[fix, *row]] if fix else [row]


def format_remind(svc: Services, user_id: int) -> str:
    settings = svc.settings(user_id)
    zone = settings.timezone
    state = "on" if settings.reminders_on else "off"
    quiet = f"{settings.quiet_start:%H:%M}–{settings.quiet_end:%H:%M}"
    slot = send_time_of_day(settings)
    if slot != settings.remind_at:
        lines = [
            f"Reminders are <b>{state}</b>. {settings.remind_at:%H:%M} is inside your quiet hours "
            f"({quiet}), so they come at <b>{slot:%H:%M}</b> ({zone}), when quiet hours end."
        ]
    else:
        lines = [
            f"Reminders are <b>{state}</b>, sent around {settings.remind_at:%H:%M} ({zone}), "
            f"never between {settings.quiet_start:%H:%M} and {settings.quiet_end:%H:%M}."
        ]
    today = svc.today(user_id)
    for cert, rule in svc.held(user_id):
        days = (cert.deadline - today).days
        left = "due today" if days == 0 else f"{abs(days)} day{'s' if abs(days) != 1 else ''}"
        when = left if days == 0 else (f"{left} left" if days > 0 else f"passed {left} ago")
        lines.append(f"{html.escape(rule.code)} renews by {format_date(cert.deadline)}: {when}.")
    if settings.reminders_on:
        upcoming = next_planned(
            settings, cert_states(svc, user_id), svc.storage.sent_keys(user_id), svc.now()
        )
        if upcoming:
            when, what = upcoming
            local = when.astimezone(ZoneInfo(zone))
            if when <= svc.now():
                lines.append(f"Next: {what}, due now (within a minute or two).")
            else:
                lines.append(
                    f"Next: {what}, {format_date(local.date())} at {local:%H:%M} ({zone})."
                )
        else:
            lines.append(
                "Nothing planned: add a certification with <code>/cert NASM 2027-06-30</code>."
            )
    lines.append(
        "Change: <code>/remind at 18:30</code> · <code>/remind off</code> · <code>/timezone Europe/London</code>"
    )
    return "\n".join(lines)


async def calendar(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/calendar: an .ics file with deadlines, the CPR/AED expiry and milestones."""
    svc = services(context)
    user_id = update.effective_user.id
    held = svc.held(user_id)
    cpr_expiry = svc.settings(user_id).cpr_expiry
    if not held and cpr_expiry is None:
        await reply(
            update, "No dates to put in a calendar yet. Add one: <code>/cert NASM 2027-06-30</code>"
        )
        return
    uid_key = svc.storage.state_or_create("calendar_uid_key", lambda: secrets.token_hex(16))
    ics = build_ics(
        held,
        cpr_expiry,
        stamp=svc.now(),
        today=svc.today(user_id),
        uid_key=uid_key,
        user_id=user_id,
    )
    await context.bot.send_document(
        reply_chat(update), InputFile(ics, filename="recertbot-deadlines.ics"),
        caption="Open it to add your renewal deadlines and milestones to your phone's calendar.",
    )  # fmt: skip


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Snooze a week, stop reminders for a certification, or turn all reminders on/off."""
    query = update.callback_query
    await query.answer()
    svc = services(context)
    user_id = query.from_user.id
    parts = query.data.split(":")
    if parts[1] in {"qstart", "qend"}:
        moved = time(int(parts[2][:2]), int(parts[2][2:]))
        field = "quiet_start" if parts[1] == "qstart" else "quiet_end"
        svc.storage.update_user(user_id, svc.default_timezone, **{field: moved})
        refresh_next_due(svc, user_id)
        await reply(update, format_remind(svc, user_id), remind_buttons(svc.settings(user_id)))
        return
    if parts[1] in {"on", "off"}:
        svc.storage.update_user(user_id, svc.default_timezone, reminders_on=parts[1] == "on")
        text = (
            "🔔 Reminders on."
            if parts[1] == "on"
            else "🔕 Reminders off. /remind on brings them back."
        )
    else:
        cert = svc.storage.certification_by_id(user_id, int(parts[2])) if len(parts) > 2 else None
        if cert is None:
            await reply(update, "That certification is no longer on your list.")
            return
        if parts[1] == "snooze":
            until = svc.now() + timedelta(days=7)
            svc.storage.update_certification(user_id, cert.id, snoozed_until=until)
            local = until.astimezone(ZoneInfo(svc.settings(user_id).timezone))
            text = f"😴 {cert.body} reminders snoozed until {format_date(local.date())} ({svc.settings(user_id).timezone})."
        else:
            svc.storage.update_certification(user_id, cert.id, reminders_off=True)
            text = f"🔕 No more {cert.body} reminders. /remind on turns them back on."
            # /remind on clears per-certification stops too
    refresh_next_due(svc, user_id)
    await reply(update, text)
