"""Personal questions answered from the user's own data, in one or two lines each.

"when is my deadline", "how many do I still need", "how am I doing", "what did I log",
"when does my CPR expire". The handler passes the progress it computed (the same computation
/progress uses) and the activities; these functions only word the answer.
Pure: no Telegram, no clock.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from tracker.models import Activity
from tracker.progress import CertProgress, format_date, format_hours, format_units, units_decimals

NO_CERTS = (
    "You haven't added a certification yet, so I can't tell.\n"
    "Add one with its renewal date, e.g. <code>/cert NASM 2027-06-30</code>."
)


def _days(n: int) -> str:
    if n == 0:
        return "today"
    if n == 1:
        return "tomorrow"
    if n < 0:
        return f"{-n} day{'' if n == -1 else 's'} ago"
    return f"in {n} days"


def _units(p: CertProgress, value: float) -> str:
    return f"{format_units(value, min_decimals=units_decimals(p.rule))} {html.escape(p.rule.unit)}s"


def deadline_answer(progresses: Sequence[CertProgress]) -> str:
    if not progresses:
        return NO_CERTS
    lines = []
    for p in progresses:
        code = html.escape(p.rule.code)
        line = f"<b>{code}</b> renews by {format_date(p.deadline)} ({_days(p.days_left)})"
        if p.in_grace and p.grace_end:
            line += f"; late renewal possible until {format_date(p.grace_end)}"
        elif p.expired:
            line += "; past every late window I know of"
        lines.append(line + ".")
    return "\n".join(lines)


def remaining_answer(progresses: Sequence[CertProgress]) -> str:
    if not progresses:
        return NO_CERTS
    lines = []
    for p in progresses:
        code = html.escape(p.rule.code)
        if p.complete or p.credits_done:
            line = f"<b>{code}</b>: credits done"
        else:
            line = (
                f"<b>{code}</b>: {_units(p, p.remaining_units)} ({format_hours(p.remaining_hours)}) "
                f"still to earn by {format_date(p.deadline)}"
            )
        if p.cpr_status in ("missing", "expired", "lapses_before_deadline"):
            line += " — and a current CPR/AED card"
        lines.append(line + ".")
    return "\n".join(lines)


def progress_answer(progresses: Sequence[CertProgress]) -> str:
    if not progresses:
        return NO_CERTS
    lines = []
    for p in progresses:
        code = html.escape(p.rule.code)
        percent = int(p.fraction * 100)
        if p.complete:
            state = "done"
        elif p.credits_done:
            state = "credits done, but you still need a current CPR/AED card"
        else:
            state = "behind pace" if p.behind_pace else "on pace"
        lines.append(
            f"<b>{code}</b>: {_units(p, p.earned_units)} of {_units(p, p.required_units)} "
            f"({percent} %), {state}; deadline {_days(p.days_left)}."
        )
    return "\n".join(lines)


def history_answer(activities: Sequence[Activity]) -> str:
    if not activities:
        return "You haven't logged anything yet. Try <code>/log 3h workshop yesterday</code>."
    total = sum(a.hours for a in activities)
    latest = max(activities, key=lambda a: (a.activity_date, a.id))
    title = html.escape(latest.title if len(latest.title) <= 60 else latest.title[:59] + "…")
    n = len(activities)
    return (
        f"You've logged {n} activit{'y' if n == 1 else 'ies'}, {format_hours(total)} in all. "
        f"Latest: {format_hours(latest.hours)} · {title} · {format_date(latest.activity_date)}."
    )


def cpr_answer(cpr_expiry: date | None, today: date, needed_by: Sequence[str]) -> str:
    needs = (
        f" ({', '.join(html.escape(c) for c in needed_by)} need{'s' if len(needed_by) == 1 else ''} one)"
        if needed_by
        else ""
    )
    if cpr_expiry is None:
        example = date(today.year + 1, today.month, 1).isoformat()
        return f"I don't have your CPR/AED card's expiry{needs}. Record it: <code>/cpr {example}</code>."
    days = (cpr_expiry - today).days
    if days < 0:
        return f"Your CPR/AED card expired on {format_date(cpr_expiry)}{needs}: renew it, then <code>/cpr</code> the new date."
    return f"Your CPR/AED card is valid until {format_date(cpr_expiry)} ({_days(days)})."
