"""Nudges: the repeating sweep that sends what is due, /remind, /calendar, and the nudge buttons.

The database is the source of truth (the JobQueue is not persisted): each user has a stored
next-due time, the sweep asks an indexed query for users whose time has come, the pure core
(`tracker.reminders.due_nudges`) decides what to send, and the marks are recorded *before* the
message goes out. A crash between recording and sending loses that one nudge rather than ever
sending it twice; a send that fails with an error takes its marks back so the next sweep retries.
"""

from __future__ import annotations

import functools
import html
import logging
import secrets
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InputFile, Update
from telegram.constants import ParseMode
from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes

from handlers import callbacks as cb
from handlers.context import (
    Services,
    clip,
    error_text,
    keyboard_json,
    pressed,
    reply,
    reply_chat,
    services,
)
from tracker import service
from tracker.models import UserSettings
from tracker.progress import format_date
from tracker.reminders import (
    RemindArgError,
    format_nudge_message,
    in_quiet_hours,
    parse_remind_args,
    send_time_of_day,
)

log = logging.getLogger("recertbot.reminders")
CALLBACK = cb.pattern("nudge")
SWEEP_BATCH = 500


def nudge_buttons(cert_id: int | None) -> list[list[tuple[str, str]]]:
    rows = [[("➕ Log an activity", cb.LogHelp().encode())]]
    if cert_id is not None:
        rows.append(
            [
                ("😴 Snooze a week", cb.Snooze(cert_id).encode()),
                ("🔕 Stop these reminders", cb.StopCert(cert_id).encode()),
            ]
        )
    return rows


async def sweep(context: ContextTypes.DEFAULT_TYPE) -> int:
    """Send every nudge that is due now; returns how many messages went out."""
    svc = services(context)
    sent = 0
    for user_id in service.users_due(svc.core, svc.now(), SWEEP_BATCH):
        sent += await nudge_user(context, svc, user_id)
    return sent


async def nudge_user(context: ContextTypes.DEFAULT_TYPE, svc: Services, user_id: int) -> int:
    batch = service.record_due_nudges(svc.core, user_id, svc.now())
    if batch.already_sent:
        log.warning("nudge for user %s already recorded; not sending again", user_id)
    sent = await _send(context, svc, user_id, batch) if batch.keys else 0
    service.nudges_done(svc.core, user_id, svc.now(), batch)
    return sent


async def _send(
    context: ContextTypes.DEFAULT_TYPE, svc: Services, user_id: int, batch: service.NudgeBatch
) -> int:
    cert_ids = batch.cert_ids
    text = clip(format_nudge_message(batch.plan.send, batch.timezone))
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
        service.user_blocked(svc.core, user_id)
        return 0
    except (RetryAfter, TelegramError) as exc:
        log.warning("nudge to %s failed (%s); the next sweep retries", user_id, type(exc).__name__)
        service.nudge_failed(svc.core, batch, user_id)
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
        await reply(update, error_text(exc))
        return
    if action in {"on", "off"}:  # on also lifts per-certification stops and snoozes
        service.set_reminders(svc.core, user_id, svc.now(), on=action == "on")
    elif action == "at":
        service.set_reminders(svc.core, user_id, svc.now(), on=True, at=at)
    else:
        service.refresh_next_due(svc.core, user_id, svc.now())
    view = service.reminders(svc.core, user_id, svc.now())
    await reply(update, format_remind(view), remind_buttons(view.settings))


def quiet_fix(settings: UserSettings) -> tuple[str, str] | None:
    """When the chosen time falls in quiet hours: a button that moves them out of its way."""
    at, start, end = settings.remind_at, settings.quiet_start, settings.quiet_end
    if not in_quiet_hours(at, start, end):
        return None
    if start > end and at >= start:  # evening: quiet hours start just after it
        after = (datetime.combine(date.min, at) + timedelta(minutes=1)).time()
        return f"🌙 Quiet from {after:%H:%M}", cb.QuietStart(after).encode()
    return f"🌙 Quiet until {at:%H:%M}", cb.QuietEnd(at).encode()


def remind_buttons(settings: UserSettings) -> list[list[tuple[str, str]]]:
    on = settings.reminders_on
    row = [("🔕 Off", cb.RemindersOff().encode()) if on else ("🔔 On", cb.RemindersOn().encode())]
    fix = quiet_fix(settings) if on else None
    return [[fix, *row]] if fix else [row]


def format_remind(view: service.ReminderView) -> str:
    settings = view.settings
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
    today = view.today
    for cert, rule in view.held:
        days = (cert.deadline - today).days
        left = "due today" if days == 0 else f"{abs(days)} day{'s' if abs(days) != 1 else ''}"
        when = left if days == 0 else (f"{left} left" if days > 0 else f"passed {left} ago")
        lines.append(f"{html.escape(rule.code)} renews by {format_date(cert.deadline)}: {when}.")
    if settings.reminders_on:
        if view.upcoming:
            when, what = view.upcoming
            local = when.astimezone(ZoneInfo(zone))
            if when <= view.now:
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
    new_key = functools.partial(secrets.token_hex, 16)
    ics = service.calendar_file(svc.core, update.effective_user.id, svc.now(), new_key)
    if ics is None:
        await reply(
            update, "No dates to put in a calendar yet. Add one: <code>/cert NASM 2027-06-30</code>"
        )
        return
    await context.bot.send_document(
        reply_chat(update), InputFile(ics, filename="recertbot-deadlines.ics"),
        caption="Open it to add your renewal deadlines and milestones to your phone's calendar.",
    )  # fmt: skip


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Snooze a week, stop reminders for a certification, or turn all reminders on/off."""
    query = update.callback_query
    data = await pressed(update, "nudge")
    if data is None:
        return
    svc = services(context)
    user_id = query.from_user.id
    if isinstance(data, cb.QuietStart | cb.QuietEnd):
        field = "quiet_start" if isinstance(data, cb.QuietStart) else "quiet_end"
        service.update_settings(svc.core, user_id, svc.now(), **{field: data.at})
        view = service.reminders(svc.core, user_id, svc.now())
        await reply(update, format_remind(view), remind_buttons(view.settings))
        return
    if isinstance(data, cb.RemindersOn | cb.RemindersOff):
        on = isinstance(data, cb.RemindersOn)
        service.update_settings(svc.core, user_id, svc.now(), reminders_on=on)
        text = "🔔 Reminders on." if on else "🔕 Reminders off. /remind on brings them back."
    else:
        assert isinstance(data, cb.Snooze | cb.StopCert)
        done = service.quiet_certification(
            svc.core, user_id, svc.now(), data.cert_id, snooze=isinstance(data, cb.Snooze)
        )
        if done is None:
            await reply(update, "That certification is no longer on your list.")
            return
        cert = done.cert
        if done.snoozed_until is not None:
            local = done.snoozed_until.astimezone(ZoneInfo(done.timezone))
            text = f"😴 {cert.body} reminders snoozed until {format_date(local.date())} ({done.timezone})."
        else:
            text = f"🔕 No more {cert.body} reminders. /remind on turns them back on."
            # /remind on clears per-certification stops too
    await reply(update, text)
