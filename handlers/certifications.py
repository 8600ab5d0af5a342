"""/cert (add, list, remove a certification) and /cpr (the CPR/AED card's expiry)."""

from __future__ import annotations

import html
from datetime import date

from telegram import Update
from telegram.ext import ContextTypes

from handlers.context import Services, reply, services
from knowledge.rules import Rule
from tracker.certs import CertError, parse_cert_args, read_date_arg
from tracker.dates import long_date
from tracker.progress import format_date, format_hours, format_units

CALLBACK = r"^cert:"
AWAITING = "awaiting_cert"


def rule_summary(rule: Rule) -> str:
    hours = f" ({format_hours(rule.required_hours)})" if rule.required_hours is not None else ""
    return (
        f"{rule.code} asks for {format_units(rule.required_units)} {rule.unit}s{hours} every "
        f"{rule.cycle_months // 12} years."
    )


def body_buttons(rules: dict[str, Rule]) -> list[list[tuple[str, str]]]:
    codes = [code for code, rule in rules.items() if rule.trackable]
    return [
        [(code, f"cert:pick:{code}") for code in codes[i : i + 4]] for i in range(0, len(codes), 4)
    ]


async def cert(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cert: list and pick; /cert NASM 2027-06-30: set; /cert remove NASM: remove (confirmed)."""
    svc = services(context)
    user_id = update.effective_user.id
    try:
        request = parse_cert_args(
            " ".join(context.args or []), svc.today(user_id), svc.rules, _month_first(update, svc)
        )
    except CertError as exc:
        await reply(update, html.escape(str(exc), quote=False))
        return
    if request.action == "list":
        await list_certs(update, context)
    elif request.action == "pick":
        await ask_deadline(update, context, request.rule)
    elif request.action == "remove":
        if svc.storage.certification(user_id, request.rule.code) is None:
            await reply(
                update,
                f"You don't have {request.rule.code} on your list. /cert shows what you hold.",
            )
            return
        await reply(
            update,
            f"Remove <b>{request.rule.code}</b>? Your logged activities stay.",
            [
                [
                    (f"Yes, remove {request.rule.code}", f"cert:rm:{request.rule.code}"),
                    ("Keep it", "cert:keep"),
                ]
            ],
        )
    elif request.other is not None:
        await ask_which(update, request.rule, request.deadline, request.other)
    else:
        await save(update, context, request.rule, request.deadline)


def _month_first(update: Update, svc: Services) -> bool:
    user = update.effective_user
    return svc.month_first(user.id, user.language_code)


async def ask_which(update: Update, rule: Rule, first: date, second: date) -> None:
    """03/04/2027 is 4 March or 3 April: ask, with the dates in words."""
    await reply(
        update,
        f"Which date does your <b>{rule.code}</b> renew by?",
        [[(long_date(d), f"cert:set:{rule.code}:{d.isoformat()}")] for d in (first, second)],
    )


async def list_certs(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    held = svc.storage.certifications(update.effective_user.id)
    if held:
        lines = ["<b>Your certifications</b>"] + [
            f"• {c.body}: renews by {format_date(c.deadline)}" for c in held
        ]
        lines.append("\nAdd another (tap below) or remove one: <code>/cert remove NASM</code>")
    else:
        lines = [
            "Which certification do you hold? Tap it, or send <code>/cert NASM 2027-06-30</code>."
        ]
    await reply(update, "\n".join(lines), body_buttons(svc.rules))


async def ask_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE, rule: Rule) -> None:
    context.user_data[AWAITING] = rule.code
    svc = services(context)
    suggestion = rule.calendar_deadline(svc.today(update.effective_user.id))
    if suggestion is not None:
        await reply(
            update,
            f"{rule.code} runs one fixed cycle for everyone; the current one ends {format_date(suggestion)}. "
            "Use that, or send your own date.",
            [[(f"Use {suggestion.isoformat()}", f"cert:set:{rule.code}:{suggestion.isoformat()}")]],
        )
        return
    await reply(
        update,
        f"When does your <b>{rule.code}</b> certification expire? Send the date, e.g. 2027-06-30.",
    )


async def receive_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """The date after a body button; True when the text was that answer."""
    code = context.user_data.get(AWAITING)
    if not code or code not in services(context).rules:
        return False
    svc = services(context)
    try:
        reading = read_date_arg(
            text, svc.today(update.effective_user.id), _month_first(update, svc)
        )
    except CertError:
        if any(ch.isdigit() for ch in text):
            await reply(
                update,
                f"I couldn't read that as a date. When does your {code} expire? e.g. 2027-06-30",
            )
            return True
        context.user_data.pop(AWAITING, None)  # they moved on to something else
        return False
    if reading.other is not None:
        await ask_which(update, svc.rules[code], reading.chosen, reading.other)
        return True
    await save(update, context, svc.rules[code], reading.chosen)
    return True


async def save(update: Update, context: ContextTypes.DEFAULT_TYPE, rule: Rule, deadline) -> None:
    from handlers.reminders import refresh_next_due

    svc = services(context)
    user_id = update.effective_user.id
    context.user_data.pop(AWAITING, None)
    if not rule.trackable:
        await reply(
            update,
            f"{rule.code} doesn't state how many hours make a {rule.unit}, so I can't track it in hours yet.",
        )
        return
    svc.storage.set_certification(user_id, rule.code, deadline)
    refresh_next_due(svc, user_id)
    days = (deadline - svc.today(user_id)).days
    when = f"{days} days left" if days >= 0 else f"the deadline passed {-days} days ago"
    text = (
        f"✅ <b>{rule.code}</b> saved: renews by {format_date(deadline)} ({when}).\n{rule_summary(rule)}\n"
        f"<i>Rules verified {rule.verified.isoformat()} — confirm with {rule.code}.</i>"
    )
    await reply(
        update, text, [[("📈 See progress", "acct:progress"), ("➕ How to log", "acct:loghelp")]]
    )


async def cpr(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cpr 2027-03-01: record when the CPR/AED card expires."""

    svc = services(context)
    user_id = update.effective_user.id
    text = " ".join(context.args or [])
    if not text:
        current = svc.settings(user_id).cpr_expiry
        status = (
            f"Your CPR/AED card expires {format_date(current)}."
            if current
            else "No CPR/AED card recorded yet."
        )
        await reply(update, f"{status}\nSet it with <code>/cpr 2027-03-01</code>.")
        return
    try:
        reading = read_date_arg(text, svc.today(user_id), _month_first(update, svc))
    except CertError as exc:
        await reply(update, html.escape(str(exc), quote=False) + " Example: /cpr 2027-03-01")
        return
    if reading.other is not None:
        await reply(
            update,
            "Which date does your CPR/AED card expire?",
            [
                [(long_date(d), f"cert:cpr:{d.isoformat()}")]
                for d in (reading.chosen, reading.other)
            ],
        )
        return
    await save_cpr(update, context, reading.chosen)


async def save_cpr(update: Update, context: ContextTypes.DEFAULT_TYPE, expiry: date) -> None:
    from handlers.reminders import refresh_next_due

    svc = services(context)
    user_id = update.effective_user.id
    svc.storage.update_user(user_id, svc.default_timezone, cpr_expiry=expiry)
    refresh_next_due(svc, user_id)
    await reply(
        update,
        f"🫀 CPR/AED card recorded: expires {format_date(expiry)}.",
        [[("📈 See progress", "acct:progress")]],
    )


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Body picked, NSCA cycle accepted, removal confirmed or declined."""
    query = update.callback_query
    await query.answer()
    svc = services(context)
    parts = query.data.split(":")
    rule = svc.rules.get(parts[2]) if len(parts) > 2 else None
    if parts[1] == "list":
        await list_certs(update, context)
    elif parts[1] == "pick" and rule:
        await ask_deadline(update, context, rule)
    elif parts[1] == "set" and rule and len(parts) > 3:
        await save(update, context, rule, date.fromisoformat(parts[3]))
    elif parts[1] == "rm" and rule:
        from handlers.reminders import refresh_next_due

        removed = svc.storage.remove_certification(query.from_user.id, rule.code)
        refresh_next_due(svc, query.from_user.id)
        await query.edit_message_text(
            f"Removed {rule.code}." if removed else f"{rule.code} was already removed."
        )
    elif parts[1] == "cpr" and len(parts) > 2:
        await query.edit_message_reply_markup(None)
        await save_cpr(update, context, date.fromisoformat(parts[2]))
    elif parts[1] == "keep":
        await query.edit_message_text("Kept it.")
