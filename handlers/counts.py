"""The "counts for" choice: per activity and certification, counts / doesn't / petition pending /
approved, stored and respected by /progress, the nudges and /export."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import ContextTypes

from handlers import callbacks as cb
from handlers.context import keyboard, pressed, reply, services
from tracker import service
from tracker.models import Activity
from tracker.progress import CertProgress
from tracker.views import status_lines

CALLBACK = cb.pattern("cnt")
CHOICES = {"c": "counts", "n": "no", "p": "pending", "a": "approved"}
LABELS = {"counts": "counts", "no": "doesn't count", "pending": "petition pending",
          "approved": "approved"}  # fmt: skip


def menu_text(activity: Activity, progresses: list[CertProgress]) -> str:
    lines = [f"<b>#{activity.id}</b> {html.escape(activity.title[:60], quote=False)}: counts for…"]
    lines += status_lines(activity, progresses) or ["None of your current cycles includes it."]
    lines.append("Tap to change: ✅ counts · 🚫 doesn't · ⏳ petition pending · ☑️ approved")
    return "\n".join(lines)


def menu_buttons(activity: Activity, progresses: list[CertProgress]) -> list[list[tuple[str, str]]]:
    rows = []
    for p in progresses:
        if p.units_for(activity.id) is None:
            continue
        code = p.rule.code
        rows.append(
            [(f"{icon} {code}", cb.CountsSet(activity.id, code, key).encode())
             for icon, key in (("✅", "c"), ("🚫", "n"), ("⏳", "p"), ("☑️", "a"))]
        )  # fmt: skip
    return rows


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """cnt:menu:<id> shows the choices; cnt:set:<id>:<CODE>:<c|n|p|a> stores one."""
    query = update.callback_query
    data = await pressed(update, "cnt")
    if data is None:
        return
    svc = services(context)
    choice = None
    if isinstance(data, cb.CountsSet) and data.code in svc.rules:
        choice = (data.code, CHOICES[data.choice])
    view = service.count_choice(svc.core, query.from_user.id, svc.now(), data.activity_id, choice)
    if view is None:
        await reply(update, "That activity is no longer in your log. /history shows your ids.")
        return
    activity, progresses = view.activity, list(view.progresses)
    text, buttons = menu_text(activity, progresses), menu_buttons(activity, progresses)
    if isinstance(data, cb.CountsSet):
        await query.edit_message_text(text, parse_mode="HTML", reply_markup=keyboard(buttons))
    else:
        await reply(update, text, buttons)
