"""/log and everything about logged activities: free-text logs, undo, delete, edit, history, files."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date, datetime

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from handlers import callbacks as cb
from handlers.context import (
    Services,
    error_text,
    keyboard,
    pressed,
    provided,
    provides,
    reply,
    reply_chat,
    services,
)
from knowledge.rules import Rule
from tracker import service
from tracker.activities import (
    LogError,
    NeedBody,
    ParsedLog,
    looks_like_log,
    parse_free_text_log,
    parse_log,
    reports_activity,
)
from tracker.dates import long_date
from tracker.models import Activity, Certification
from tracker.progress import (
    CertProgress,
    format_date,
    format_hours,
    format_units,
)
from tracker.views import status_lines
from tracker.zones import label

CALLBACK = cb.pattern("act")
LOG_HELP = cb.LogHelp().encode()
PROGRESS = cb.OpenProgress().encode()
HISTORY = cb.History(0).encode()
PAGE = 8
LOG_EXAMPLE = "Try: <code>/log 3h kettlebell workshop</code>"


def short(title: str, limit: int = 120) -> str:
    """A title shortened for display only (it is stored whole), HTML-escaped."""
    if len(title) > limit:
        cut = title[: limit - 1]
        title = (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut) + "…"
    return html.escape(title, quote=False)


def format_logged(
    activity: Activity,
    held: Sequence[tuple[Certification, Rule]],
    again: bool = False,
    progresses: Sequence[CertProgress] = (),
) -> str:
    """The confirmation of exactly what was stored, and what it counts toward as each body
    counts it (`progresses`: the user's progress after the write; petitions listed, not added)."""
    head = "Already logged" if again else "✅ Logged"
    lines = [
        f"{head} <b>#{activity.id}</b>: {format_hours(activity.hours)} · {short(activity.title)}"
        f" · {format_date(activity.activity_date)}"
    ]
    extra = [f"provider {html.escape(activity.provider, quote=False)}" if activity.provider else "",
             f"course {html.escape(activity.course, quote=False)}" if activity.course else ""]  # fmt: skip
    if any(extra):
        lines.append(" · ".join(e for e in extra if e))
    status = status_lines(activity, list(progresses))
    if status:
        lines.append(
            "No body named, so it counts toward each of your certifications:"
            if not activity.body
            else "Counts toward:"
        )
        lines += status
    elif held:
        lines.append("Outside your current renewal cycles, so it counts toward none of them.")
    else:
        lines.append("Add your certification to see credits: <code>/cert NASM 2027-06-30</code>")
    if activity.has_attachment:
        lines.append("📎 certificate attached")
    return "\n".join(lines)


def logged_buttons(activity: Activity) -> list[list[tuple[str, str]]]:
    return [
        [
            ("↩️ Undo", cb.UndoLog(activity.id).encode()),
            ("➕ Log another", LOG_HELP),
            ("📈 Progress", PROGRESS),
        ]
    ]


def card_question(activity: Activity) -> tuple[str, list[tuple[str, str]]]:
    """After a CPR/AED course: when does the new card expire? (text, one row of buttons)"""
    return "🫀 When does your new CPR/AED card expire?", [
        ("1 year", cb.CardExpiry(activity.id, "1").encode()),
        ("2 years", cb.CardExpiry(activity.id, "2").encode()),
        ("Enter a date", cb.CardExpiry(activity.id, "d").encode()),
    ]


def _month_first(svc: Services, update: Update) -> bool:
    user = update.effective_user
    return svc.month_first(user.id, user.language_code)


def _sent_at(message: Message) -> datetime | None:
    return message.date if isinstance(message.date, datetime) else None


def message_day(svc: Services, user_id: int, message: Message) -> date:
    """The user's local date when the message was written (stable if Telegram delivers it again)."""
    return service.message_day(svc.core, user_id, svc.now(), _sent_at(message))


async def store(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    source: Message,
    parsed: ParsedLog,
    hours: float,
) -> Activity:
    """Store once per source message and confirm exactly what was stored."""
    svc = services(context)
    result = service.log_activity(
        svc.core, update.effective_user.id, svc.now(), source.chat_id, source.message_id,
        parsed, hours,
    )  # fmt: skip
    await _confirm(update, context, result)
    return result.activity


def confirmation(result: service.Logged) -> tuple[str, list[list[tuple[str, str]]]]:
    """'✅ Logged' with what it counts toward, as the bodies count it, and the buttons; after a
    CPR/AED course, the question when the new card expires (in the same message)."""
    activity, progresses = result.activity, list(result.progresses)
    buttons = logged_buttons(activity)
    if progresses:
        buttons = [*buttons, [("⚖️ Counts for…", cb.CountsMenu(activity.id).encode())]]
    text = format_logged(activity, result.held, again=result.again, progresses=progresses)
    if result.ask_card:
        question, row = card_question(activity)
        text, buttons = f"{text}\n\n{question}", [*buttons, row]
    return text, buttons


async def _confirm(
    update: Update, context: ContextTypes.DEFAULT_TYPE, result: service.Logged
) -> None:
    text, buttons = confirmation(result)
    await reply(update, text, buttons)
    if result.ask_card:  # "2 years" or a date typed back answers the card question too
        await provided("card_asked")(context, result.activity.id)


@provides("log_text")
async def log_text(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    source: Message,
    text: str,
    again_ok: bool = False,
    chosen_date: date | None = None,
) -> Activity | None:
    """Parse `text` (what follows /log) from `source` and store it; friendly refusal on bad input."""
    svc = services(context)
    try:  # LogError text is plain (an InputError): escaped here, once
        result = service.log_text(
            svc.core, update.effective_user.id, svc.now(), source.chat_id, source.message_id,
            text, _sent_at(source), _month_first(svc, update), again_ok, chosen_date,
        )  # fmt: skip
    except NeedBody as exc:
        buttons = [
            [(code, cb.LogWithBody(code).encode()) for code in exc.candidates[i : i + 4]]
            for i in range(0, len(exc.candidates), 4)
        ]
        await reply(update, error_text(exc), buttons, quote=True)
        return None
    except LogError as exc:
        await reply(update, error_text(exc), [[("➕ More examples", LOG_HELP)]])
        return None
    if isinstance(result, service.Logged):
        await _confirm(update, context, result)
        return result.activity
    parsed = result.parsed
    body = parsed.body or "-"
    if isinstance(result, service.WhichDate):
        assert parsed.other_date is not None
        await reply(
            update,
            "Which date do you mean?",
            [[(long_date(d), cb.LogOnDate(body, d).encode())]
             for d in (parsed.activity_date, parsed.other_date)],
            quote=True,
        )  # fmt: skip
        return None
    same = result.same
    await reply(
        update,
        f"You already logged {format_hours(same.hours)} · {short(same.title)} on "
        f"{format_date(same.activity_date)} (#{same.id}). Log it again?",
        [
            [
                ("➕ Log it again", cb.LogAgain(body, parsed.activity_date).encode()),
                ("✖️ No", cb.FreeTextLog("no").encode()),
            ]
        ],
        quote=True,
    )
    return None


async def log(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/log 3h workshop: store an activity and confirm it with an Undo button."""
    message = update.effective_message
    text = (message.text or "").split(maxsplit=1)
    if len(text) < 2:
        await reply(
            update,
            "What did you do, and for how long? " + LOG_EXAMPLE,
            [[("➕ More examples", LOG_HELP)]],
        )
        return
    await log_text(update, context, message, text[1])


@provides("free_text_log")
async def offer_free_text_log(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, strict: bool = True
) -> bool:
    """'I did a 3 hour kettlebell workshop yesterday': show what would be stored, with Confirm /
    Cancel. `strict=False` (no question matched with confidence): any first-person report with an amount
    ("I taught a 2 hour class")."""
    if not (looks_like_log(text) if strict else reports_activity(text)):
        return False
    svc = services(context)
    user_id = update.effective_user.id
    try:
        parsed = parse_free_text_log(
            text, message_day(svc, user_id, update.effective_message), _month_first(svc, update)
        )
    except LogError:
        return False
    amount = (
        format_hours(parsed.hours)
        if parsed.hours is not None
        else f"{format_units(parsed.credits)} {parsed.credit_unit}"
    )
    body = f" ({parsed.body})" if parsed.body else ""
    await reply(
        update,
        f"Shall I log this?\n{amount}{body} · {short(parsed.title)} · {format_date(parsed.activity_date)}",
        [
            [
                ("✅ Confirm", cb.FreeTextLog("ok").encode()),
                ("✖️ Cancel", cb.FreeTextLog("no").encode()),
            ]
        ],
        quote=True,
    )
    return True


async def undo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/undo: remove the last activity logged (a redelivered /undo removes nothing more)."""
    activity_id = _id_arg(context.args)
    if activity_id is not None:
        await reply(
            update,
            f"/undo removes the last one; to delete #{activity_id}, /delete {activity_id}",
            [[(f"🗑 Delete #{activity_id}", cb.DeleteActivity(activity_id).encode())]],
        )
        return
    svc = services(context)
    message = update.effective_message
    by = f"{message.chat_id}:{message.message_id}"
    removed = service.undo_last(svc.core, update.effective_user.id, svc.now(), by)
    await _removed(update, removed, "Nothing to undo: you haven't logged anything yet.")


async def _removed(update: Update, removed: Activity | None, missing: str) -> None:
    if removed is None:
        await reply(update, missing)
        return
    await reply(
        update,
        f"Removed #{removed.id}: {format_hours(removed.hours)} · {short(removed.title)} · "
        f"{format_date(removed.activity_date)}",
        [[("📜 History", HISTORY), ("📈 Progress", PROGRESS)]],
    )


def _id_arg(args: Sequence[str] | None) -> int | None:
    if not args:
        return None
    match = re.fullmatch(r"#?(\d{1,12})", args[0])
    return int(match.group(1)) if match else None


async def delete(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/delete 12: delete one of your own activities."""
    activity_id = _id_arg(context.args)
    if activity_id is None:
        await reply(update, "Which one? Send <code>/delete 12</code> with an id from /history.")
        return
    message = update.effective_message
    svc = services(context)
    removed = service.remove_activity(
        svc.core, update.effective_user.id, svc.now(), activity_id,
        by=f"{message.chat_id}:{message.message_id}",
    )  # fmt: skip
    await _removed(
        update,
        removed,
        f"I can't find activity #{activity_id} in your log. /history shows your ids.",
    )


async def edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/edit 12 4h: change only what is typed (a duration, credits, a date, a title)."""
    await _edit(update, context, update.effective_message, context.args or [])


async def _edit_on_date(update: Update, context: ContextTypes.DEFAULT_TYPE, when: date) -> None:
    """The date chosen for an ambiguous /edit: run the /edit again with it."""
    query = update.callback_query
    original = query.message.reply_to_message if query.message else None
    if original is None:
        await reply(update, "That message is gone; send the /edit again.")
        return
    await query.edit_message_reply_markup(None)
    await _edit(update, context, original, (original.text or "").split()[1:], when)


async def _edit(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    source: Message,
    args: Sequence[str],
    chosen_date: date | None = None,
) -> None:
    svc = services(context)
    user_id = update.effective_user.id
    activity_id = _id_arg(args)
    rest = " ".join(args[1:])
    if activity_id is None or not rest:
        await reply(
            update,
            "Send the id and what to change: <code>/edit 12 4h</code>, "
            "<code>/edit 12 3 Oct</code> or <code>/edit 12 nutrition webinar</code>",
        )
        return
    try:  # LogError text is plain (an InputError): escaped here, once
        result = service.edit_text(
            svc.core, user_id, svc.now(), activity_id, rest,
            f"{source.chat_id}:{source.message_id}", _sent_at(source),
            _month_first(svc, update), chosen_date,
        )  # fmt: skip
    except LogError as exc:
        await reply(update, error_text(exc), [[("➕ More examples", LOG_HELP)]])
        return
    if isinstance(result, service.NotInLog):
        shown = f"I can't find activity #{activity_id} in your log."
        await reply(update, shown if result.meanwhile else f"{shown} /history shows your ids.")
        return
    if isinstance(result, service.WhichEditDate):
        await reply(
            update,
            "Which date do you mean?",
            [[(long_date(d), cb.EditOnDate(d).encode())] for d in (result.first, result.second)],
            quote=True,
        )
        return
    text = format_logged(result.activity, result.held, progresses=result.progresses)
    text = text.replace("✅ Logged", "✏️ Updated", 1)
    await reply(
        update,
        text,
        [[("↩️ Undo the edit", cb.UndoEdit(result.edit_id).encode()), ("📜 History", HISTORY)]],
    )


def format_history(activities: Sequence[Activity], offset: int, total: int, timezone: str) -> str:
    if not activities:
        return "Nothing logged yet. " + LOG_EXAMPLE
    lines = [
        f"<b>Your activities</b> ({offset + 1}–{offset + len(activities)} of {total}, newest first; "
        f"dates in {label(timezone)})"
    ]
    for a in activities:
        clip = " 📎" if a.has_attachment else ""
        lines.append(
            f"<code>#{a.id}</code> {format_date(a.activity_date)} · {format_hours(a.hours)} · "
            f"{short(a.title, 60)}{clip}"
        )
    return "\n".join(lines)


def history_buttons(offset: int, total: int) -> list[list[tuple[str, str]]]:
    row = []
    if offset > 0:
        row.append(("◀️ Newer", cb.History(max(offset - PAGE, 0)).encode()))
    if offset + PAGE < total:
        row.append(("Older ▶️", cb.History(offset + PAGE).encode()))
    return [row, [("📈 Progress", PROGRESS)]] if row else [[("📈 Progress", PROGRESS)]]


async def history(update: Update, context: ContextTypes.DEFAULT_TYPE, offset: int = 0) -> None:
    """/history: activities newest first, paged."""
    page = service.history(services(context).core, update.effective_user.id, offset, PAGE)
    text = format_history(page.activities, offset, page.total, page.timezone)
    buttons = history_buttons(offset, page.total)
    if update.callback_query is not None:
        await update.callback_query.edit_message_text(
            text, parse_mode="HTML", reply_markup=keyboard(buttons)
        )
        return
    await reply(update, text, buttons)


async def send_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/file 12: send back the certificate(s) attached to an activity."""
    activity_id = _id_arg(context.args)
    if activity_id is None:
        await reply(
            update,
            "Which one? <code>/file 12</code> (📎 in /history marks activities with a certificate).",
        )
        return
    files = service.certificates(services(context).core, update.effective_user.id, activity_id)
    if not files:
        await reply(update, f"No certificate attached to #{activity_id} in your log.")
        return
    chat_id = reply_chat(update)
    for item in files:
        if item["kind"] == "photo":
            await context.bot.send_photo(chat_id, item["file_id"], caption=f"#{activity_id}")
        else:
            await context.bot.send_document(chat_id, item["file_id"], caption=f"#{activity_id}")


async def attachment(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo/PDF with a /log caption, or sent as a reply to a confirmation: attach it."""
    message = update.effective_message
    if message.chat.type != ChatType.PRIVATE and not (message.caption or "").startswith("/log"):
        return
    svc = services(context)
    user_id = update.effective_user.id
    if message.photo:
        file_id, kind, name = message.photo[-1].file_id, "photo", None
    else:
        file_id, kind, name = message.document.file_id, "document", message.document.file_name
    caption = message.caption or ""
    target: int | None = None
    if re.match(r"^/log(@\w+)?\b", caption):
        rest = caption.split(maxsplit=1)
        activity = await log_text(update, context, message, rest[1] if len(rest) > 1 else "")
        target = activity.id if activity else None
        if target is None:
            return
    elif message.reply_to_message is not None:
        found = re.search(r"#(\d+)", message.reply_to_message.text or "")
        target = int(found.group(1)) if found else None
    if target is None:
        await reply(update, "To keep a certificate, send it with a caption like <code>/log 3h workshop</code>, "
                            "or as a reply to my ✅ Logged message.")  # fmt: skip
        return
    if service.attach_certificate(svc.core, user_id, target, (file_id, kind, name)):
        await reply(update, f"📎 Certificate attached to #{target}. Get it back any time with /file {target}.",
                    [[("📜 History", HISTORY)]])  # fmt: skip
    else:
        await reply(update, f"I can't find activity #{target} in your log.")


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Undo, history paging, free-text confirm/cancel, the body for credits."""
    query = update.callback_query
    data = await pressed(update, "act")
    if data is None:
        return
    svc = services(context)
    user_id = query.from_user.id
    match data:
        case cb.UndoLog(activity_id) | cb.DeleteActivity(activity_id):
            removed = service.remove_activity(
                svc.core, user_id, svc.now(), activity_id, by=f"btn:{query.id}"
            )
            await _removed(update, removed, "Already removed.")
        case cb.UndoEdit(edit_id):
            await _undo_edit(update, context, edit_id)
        case cb.LogAgain(body, when):
            await _log_again(update, context, body, when, True)
        case cb.LogOnDate(body, when):
            await _log_again(update, context, body, when, False)
        case cb.EditOnDate(when):
            await _edit_on_date(update, context, when)
        case cb.History(offset):
            await history(update, context, offset=max(offset, 0))
        case cb.FreeTextLog():
            await _confirm_free_text(update, context, data.ok)
        case cb.LogWithBody(code):
            await _log_with_body(update, context, code)


async def _confirm_free_text(update: Update, context: ContextTypes.DEFAULT_TYPE, ok: bool) -> None:
    query = update.callback_query
    original = query.message.reply_to_message if query.message else None
    if not ok or original is None:
        await query.edit_message_text(
            "OK, nothing logged." if not ok else "That message is gone; log with /log."
        )
        return
    svc = services(context)
    try:
        parsed = parse_free_text_log(
            original.text or "",
            message_day(svc, query.from_user.id, original),
            _month_first(svc, update),
        )
        hours = service.log_hours(svc.core, query.from_user.id, parsed)
    except LogError as exc:
        await query.edit_message_text(error_text(exc), parse_mode="HTML")
        return
    await query.edit_message_reply_markup(None)
    await store(update, context, original, parsed, hours)


async def _log_with_body(update: Update, context: ContextTypes.DEFAULT_TYPE, code: str) -> None:
    query = update.callback_query
    original = query.message.reply_to_message if query.message else None
    if original is None or code not in services(context).rules:
        await reply(
            update,
            "Please send the /log again with the body named, e.g. <code>/log 2 CEUs NASM course</code>",
        )
        return
    text = (original.text or original.caption or "").split(maxsplit=1)
    await query.edit_message_reply_markup(None)
    await log_text(update, context, original, f"{text[1] if len(text) > 1 else ''} {code}")


async def _undo_edit(update: Update, context: ContextTypes.DEFAULT_TYPE, edit_id: int) -> None:
    """Put back the version before an /edit (the activity itself stays)."""
    svc = services(context)
    user_id = update.callback_query.from_user.id
    restored = service.undo_edit(svc.core, user_id, svc.now(), edit_id)
    if restored is None:
        await reply(update, "That edit was already undone (or the activity is gone).")
        return
    await update.callback_query.edit_message_reply_markup(None)
    text = format_logged(restored.activity, restored.held, progresses=restored.progresses)
    text = text.replace("✅ Logged", "↩️ Edit undone", 1)
    await reply(update, text, [[("📜 History", HISTORY), ("📈 Progress", PROGRESS)]])


async def _log_again(
    update: Update, context: ContextTypes.DEFAULT_TYPE, code: str, when: date, again_ok: bool
) -> None:
    """The "Log it again?" answer, or the date chosen: store the original message after all."""
    query = update.callback_query
    original = query.message.reply_to_message if query.message else None
    if original is None:
        await reply(update, "That message is gone; send the /log again.")
        return
    text = (original.text or original.caption or "").split(maxsplit=1)
    rest = text[1] if len(text) > 1 else ""
    if code in services(context).rules:
        try:  # the body chosen with a button after the text named none
            named = parse_log(rest, message_day(services(context), query.from_user.id, original))
            rest = rest if named.body == code else f"{rest} {code}"
        except LogError:
            rest = f"{rest} {code}"
    await query.edit_message_reply_markup(None)
    activity = await log_text(update, context, original, rest, again_ok=again_ok, chosen_date=when)
    if activity is not None and (original.photo or original.document):
        file_id, kind, name = (
            (original.photo[-1].file_id, "photo", None)
            if original.photo
            else (original.document.file_id, "document", original.document.file_name)
        )
        service.attach_certificate(
            services(context).core, query.from_user.id, activity.id, (file_id, kind, name),
            only_if_none=True,
        )  # fmt: skip
