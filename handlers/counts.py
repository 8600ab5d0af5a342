"""The "counts for" choice: per activity and certification, counts / doesn't / petition pending /
approved, stored and respected by /progress, the nudges and /export."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import ContextTypes

from handlers.context import Services, keyboard, reply, services
from handlers.progress import tracked
from tracker.models import Activity
from tracker.progress import CertProgress, format_units, units_decimals
from tracker.wording import credit_phrase

CALLBACK = r"^cnt:"
CHOICES = {"c": "counts", "n": "no", "p": "pending", "a": "approved"}
LABELS = {"counts": "counts", "no": "doesn't count", "pending": "petition pending",
          "approved": "approved"}  # fmt: skip
STATUS_TEXT = {"counts": "counts", "petition": "needs approval / petition",
               "pending": "petition pending", "no": "doesn't count"}  # fmt: skip


def status_lines(activity: Activity, progresses: list[CertProgress]) -> list[str]:
    """One line per certification whose cycle holds the activity: status, units, reason."""
    lines = []
    for p in progresses:
        found = p.counted_for(activity.id)
        if found is None:
            continue
        code = html.escape(p.rule.code)
        reason = f" — {html.escape(found.reason, quote=False)}"
        if found.status == "counts" and found.units <= 0 and activity.is_cpr:
            # never "+0.0": say what the course is for (the card the body requires)
            lines.append(f"• {html.escape(credit_phrase(p.rule, activity))}")
            continue
        if found.status == "counts":
            units = format_units(found.units, min_decimals=units_decimals(p.rule))
            what = f"+{units} {html.escape(p.rule.unit)}"
            if found.reason.startswith("no body named"):
                reason = ""
        else:
            what = STATUS_TEXT[found.status]
        lines.append(f"• {code} {what}{reason}")
    return lines


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


def _progresses(svc: Services, user_id: int) -> list[CertProgress]:
    return [p for _, p in tracked(svc, user_id)[0]]


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """cnt:menu:<id> shows the choices; cnt:set:<id>:<CODE>:<c|n|p|a> stores one."""
    from handlers.reminders import refresh_next_due

    query = update.callback_query
    await query.answer()
    svc = services(context)
    user_id = query.from_user.id
    parts = query.data.split(":")
    activity = svc.storage.activity(user_id, int(parts[2])) if parts[2].isdigit() else None
    if activity is None:
        await reply(update, "That activity is no longer in your log. /history shows your ids.")
        return
    if parts[1] == "set" and len(parts) == 5 and parts[3] in svc.rules and parts[4] in CHOICES:
        svc.storage.set_count_choice(user_id, activity.id, parts[3], CHOICES[parts[4]])
        refresh_next_due(svc, user_id)
    progresses = _progresses(svc, user_id)
    text, buttons = menu_text(activity, progresses), menu_buttons(activity, progresses)
    if parts[1] == "set":
        await query.edit_message_text(text, parse_mode="HTML", reply_markup=keyboard(buttons))
    else:
        await reply(update, text, buttons)
