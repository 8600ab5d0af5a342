"""The "counts for" choice: per activity and certification, counts / doesn't / petition pending /
approved, stored and respected by /progress, the nudges and /export."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import ContextTypes

from handlers.context import keyboard, reply, services
from tracker import service
from tracker.models import Activity
from tracker.progress import CertProgress
from tracker.views import status_lines

CALLBACK = r"^cnt:"
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
            [(f"{icon} {code}", f"cnt:set:{activity.id}:{code}:{key}")
             for icon, key in (("✅", "c"), ("🚫", "n"), ("⏳", "p"), ("☑️", "a"))]
        )  # fmt: skip
    return rows


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """cnt:menu:<id> shows the choices; cnt:set:<id>:<CODE>:<c|n|p|a> stores one."""
    query = update.callback_query
    await query.answer()
    svc = services(context)
    user_id = query.from_user.id
    parts = query.data.split(":")
    choice = None
    if parts[1] == "set" and len(parts) == 5 and parts[3] in svc.rules and parts[4] in CHOICES:
        choice = (parts[3], CHOICES[parts[4]])
    view = (
        service.count_choice(svc.core, user_id, svc.now(), int(parts[2]), choice)
        if parts[2].isdigit()
        else None
    )
    if view is None:
        await reply(update, "That activity is no longer in your log. /history shows your ids.")
        return
    activity, progresses = view.activity, list(view.progresses)
    text, buttons = menu_text(activity, progresses), menu_buttons(activity, progresses)
    if parts[1] == "set":
        await query.edit_message_text(text, parse_mode="HTML", reply_markup=keyboard(buttons))
    else:
        await reply(update, text, buttons)
