"""/progress with its chart button, and /export for audits."""

from __future__ import annotations

import asyncio

from telegram import InputFile, Update
from telegram.ext import ContextTypes

from handlers import callbacks as cb
from handlers.context import pressed, reply, reply_chat, services
from tracker import service
from tracker.chart import render_chart
from tracker.export import export_csv, export_pdf
from tracker.progress import format_no_certifications, format_progress

CALLBACK = cb.pattern("prog")


async def progress(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/progress: earned vs required per certification, days left, pace, CPR/AED."""
    svc = services(context)
    tracked = service.progress(svc.core, update.effective_user.id, svc.now())
    progresses, total = tracked.progresses, tracked.total_hours
    if not progresses:
        await reply(
            update,
            format_no_certifications(total),
            [[("➕ Add a certification", cb.CertList().encode())]],
        )
        return
    charted = [p for p in progresses if p.rule.trackable][:3]
    buttons = [[(f"📊 Chart {p.rule.code}", cb.Chart(p.rule.code).encode()) for p in charted]]
    buttons.append([("📜 History", cb.History(0).encode()), ("📤 Export", cb.Export().encode())])
    await reply(update, format_progress(progresses, total, tracked.settings.timezone), buttons)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Chart or export buttons."""
    query = update.callback_query
    data = await pressed(update, "prog")
    if data is None:
        return
    if isinstance(data, cb.Export):
        await export(update, context)
        return
    svc = services(context)
    tracked = service.progress(svc.core, query.from_user.id, svc.now())
    activities = tracked.activities
    chosen = next((p for p in tracked.progresses if p.rule.code == data.code), None)
    if chosen is None:
        await reply(
            update, "That certification is no longer on your list. /cert shows what you hold."
        )
        return
    png = await asyncio.to_thread(render_chart, chosen, activities)  # CPU-bound: keep the loop free
    await context.bot.send_photo(
        reply_chat(update), InputFile(png, filename=f"{chosen.rule.code}-progress.png"),
        caption=f"{chosen.rule.code}: your hours so far against the straight line to the deadline.",
    )  # fmt: skip


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/export: a CSV for audits, and a short PDF transcript."""
    svc = services(context)
    tracked = service.progress(svc.core, update.effective_user.id, svc.now())
    activities = tracked.activities
    if not activities:
        await reply(
            update, "Nothing to export yet. Log something first: <code>/log 3h workshop</code>"
        )
        return
    held = list(tracked.held)
    progresses = tracked.progresses  # the very figures /progress shows
    cpr_expiry = tracked.settings.cpr_expiry
    today = tracked.today
    chat_id = reply_chat(update)
    name = update.effective_user.full_name or "trainer"
    pdf = await asyncio.to_thread(export_pdf, activities, held, progresses, name, today, cpr_expiry)
    await context.bot.send_document(
        chat_id, InputFile(export_csv(activities, [rule for _, rule in held], progresses), filename=f"recertbot-activities-{today}.csv"),
        caption=f"{len(activities)} activities, for audits. Opens in Excel or Google Sheets.",
    )  # fmt: skip
    await context.bot.send_document(
        chat_id, InputFile(pdf, filename=f"recertbot-transcript-{today}.pdf"),
        caption="A printable transcript: deadlines, CPR/AED card, activities and this cycle's totals.",
    )  # fmt: skip
