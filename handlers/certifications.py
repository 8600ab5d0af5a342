"""/cert (add, list, remove a certification) and /cpr (the CPR/AED card's expiry)."""

from __future__ import annotations

import html
import re
from datetime import date

from telegram import Update
from telegram.ext import ContextTypes

from handlers import callbacks as cb
from handlers.context import Services, error_text, pressed, provides, reply, services
from knowledge.rules import Rule, add_months
from tracker import service
from tracker.certs import (
    CertError,
    PastDeadline,
    check_deadline,
    expiry_hint,
    parse_cert_args,
    parse_date_arg,
    parse_earned,
    read_date_arg,
)
from tracker.dates import long_date
from tracker.models import Activity
from tracker.progress import format_date, format_hours, format_units

CALLBACK = cb.pattern("cert")
PROGRESS = cb.OpenProgress().encode()
AWAITING = "awaiting_cert"
AWAITING_EARNED = "awaiting_earned"  # the body code whose starting balance we asked for
AWAITING_CARD = "awaiting_card"  # the CPR/AED activity whose card expiry we asked for
# ... asked in a /log confirmation: a typed answer ("2 years", a date) is taken, anything else
# is not held up by it
CARD_ASKED = "card_asked"
_CARD_YEARS = re.compile(r"^\s*(?:(1|one|a)\s*(?:year|yr)|(2|two)\s*(?:years|yrs))\.?\s*$", re.I)


def rule_summary(rule: Rule) -> str:
    hours = f" ({format_hours(rule.required_hours)})" if rule.required_hours is not None else ""
    return (
        f"{rule.code} asks for {format_units(rule.required_units)} {rule.unit}s{hours} every "
        f"{rule.cycle_months // 12} years."
    )


def body_buttons(rules: dict[str, Rule]) -> list[list[tuple[str, str]]]:
    codes = list(rules)
    return [
        [(code, cb.CertPick(code).encode()) for code in codes[i : i + 4]]
        for i in range(0, len(codes), 4)
    ]


async def cert(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cert: list and pick; /cert NASM 2027-06-30: set; /cert remove NASM: remove (confirmed)."""
    svc = services(context)
    user_id = update.effective_user.id
    try:
        request = parse_cert_args(
            " ".join(context.args or []), svc.today(user_id), svc.rules, _month_first(update, svc)
        )
    except PastDeadline as exc:
        await refuse_past(update, exc)
        return
    except CertError as exc:
        await reply(update, error_text(exc))
        return
    if request.action == "list":
        await list_certs(update, context)
    elif request.action == "pick":
        await ask_deadline(update, context, request.rule)
    elif request.action == "remove":
        if service.certification(svc.core, user_id, request.rule.code) is None:
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
                    (f"Yes, remove {request.rule.code}", cb.CertRemove(request.rule.code).encode()),
                    ("Keep it", cb.CertKeep().encode()),
                ]
            ],
        )
    elif request.other is not None:
        await ask_which(update, request.rule, request.deadline, request.other)
    else:
        await save(
            update, context, request.rule, request.deadline, request.certified_on, request.earned
        )


async def refuse_past(update: Update, exc: PastDeadline) -> None:
    """A deadline past every late window: offer the next cycles as buttons."""
    buttons = [
        [(f"Use {format_date(d)}", cb.CertSet(exc.rule.code, d).encode())] for d in exc.suggestions
    ]
    await reply(update, error_text(exc), buttons)


def _month_first(update: Update, svc: Services) -> bool:
    user = update.effective_user
    return svc.month_first(user.id, user.language_code)


async def ask_which(update: Update, rule: Rule, first: date, second: date) -> None:
    """03/04/2027 is 4 March or 3 April: ask, with the dates in words."""
    await reply(
        update,
        f"Which date does your <b>{rule.code}</b> renew by?",
        [[(long_date(d), cb.CertSet(rule.code, d).encode())] for d in (first, second)],
    )


async def list_certs(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    svc = services(context)
    held = service.certifications(svc.core, update.effective_user.id)
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
            [[(f"Use {suggestion.isoformat()}", cb.CertSet(rule.code, suggestion).encode())]],
        )
        return
    await reply(
        update,
        f"When does your <b>{rule.code}</b> certification expire? Send the date, e.g. 2027-06-30.",
    )


@provides("pending_reply")
async def receive_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """The date after a body button (or a starting balance, or a card's expiry we asked for);
    True when the text was that answer."""
    if context.user_data.get(AWAITING_EARNED):
        return await receive_earned(update, context, text)
    if context.user_data.get(AWAITING_CARD):
        return await receive_card(update, context, text)
    if context.user_data.get(CARD_ASKED):
        return await receive_card_reply(update, context, text)
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
    try:
        check_deadline(svc.rules[code], reading.chosen, svc.today(update.effective_user.id))
    except PastDeadline as exc:
        await refuse_past(update, exc)
        return True
    await save(update, context, svc.rules[code], reading.chosen)
    return True


async def save(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    rule: Rule,
    deadline,
    certified_on=None,
    earned: float | None = None,
) -> None:
    svc = services(context)
    user_id = update.effective_user.id
    context.user_data.pop(AWAITING, None)
    saved = service.add_certification(
        svc.core, user_id, svc.now(), rule, deadline, certified_on=certified_on, earned=earned
    )
    cert, today = saved.cert, saved.today
    days = (deadline - today).days
    when = f"{days} days left" if days >= 0 else f"the deadline passed {-days} days ago"
    lines = [
        f"✅ <b>{rule.code}</b> saved: renews by {format_date(deadline)} ({when}).",
        rule_summary(rule),
    ]
    if cert.certified_on is not None and rule.proration:
        required = rule.required_for(deadline, cert.certified_on)
        lines.append(
            f"Certified {format_date(cert.certified_on)}: {rule.code} asks you for "
            f"{format_units(required)} {rule.unit}s this period."
        )
    elif any(row.period_end == deadline for row in rule.proration):
        lines.append(
            f"{rule.code} asks less of those certified during this period: add your "
            f"certification date, e.g. <code>/cert {rule.code} certified 2025-03-01</code>"
        )
    if not rule.trackable:
        lines.append(
            f"{rule.code} doesn't state how many hours make a {rule.unit}, so I track it in "
            f"{rule.unit}s: log them as on the certificate, e.g. "
            f"<code>/log 0.5 {rule.unit} {rule.code} course</code>"
        )
    if cert.starting_units:
        lines.append(
            f"Already earned this cycle: {format_units(cert.starting_units)} {rule.unit}s."
        )
    hint = expiry_hint(rule, deadline)
    if hint:
        lines.append(html.escape(hint, quote=False))
    lines.append(f"<i>{rule.checked_text} — confirm with {rule.code}.</i>")
    buttons = [[("📈 See progress", PROGRESS), ("➕ How to log", cb.LogHelp().encode())]]
    if earned is None:
        buttons.append([("🧮 Credits already earned", cb.CertEarned(rule.code).encode())])
    await reply(update, "\n".join(lines), buttons)


async def receive_earned(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """The starting balance after the 'Credits already earned' button."""
    svc = services(context)
    user_id = update.effective_user.id
    code = context.user_data.get(AWAITING_EARNED)
    cert = service.certification(svc.core, user_id, code) if code else None
    if cert is None:
        context.user_data.pop(AWAITING_EARNED, None)
        return False
    rule = svc.rules[code]
    try:
        earned = parse_earned(text, rule)
    except CertError as exc:
        if any(ch.isdigit() for ch in text):
            await reply(update, error_text(exc))
            return True
        context.user_data.pop(AWAITING_EARNED, None)  # they moved on to something else
        return False
    context.user_data.pop(AWAITING_EARNED, None)
    service.set_starting_units(svc.core, user_id, svc.now(), cert, earned)
    await reply(
        update,
        f"🧮 {code}: {format_units(earned)} {rule.unit}s already earned this cycle, counted in /progress.",
        [[("📈 See progress", PROGRESS)]],
    )
    return True


async def _set_card(
    update: Update, context: ContextTypes.DEFAULT_TYPE, activity: Activity, expiry
) -> None:
    svc = services(context)
    service.record_card(svc.core, update.effective_user.id, svc.now(), expiry, activity.id)
    await reply(
        update,
        f"🫀 CPR/AED card recorded: expires {format_date(expiry)}.",
        [[("📈 See progress", PROGRESS)]],
    )


@provides("card_asked")
async def card_asked(context: ContextTypes.DEFAULT_TYPE, activity_id: int) -> None:
    """A /log confirmation asked when the new CPR/AED card expires: its answer may be typed."""
    context.user_data[CARD_ASKED] = activity_id


def _card_expiry(text: str, activity: Activity, today: date) -> date | None:
    """ "2 years", "1 year" (from the course's date) or a date; None when the text is neither."""
    years = _CARD_YEARS.match(text)
    if years:
        return add_months(activity.activity_date, 24 if years.group(2) else 12)
    try:
        return parse_date_arg(text, today)
    except CertError:
        return None


async def receive_card_reply(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """A typed answer to the card question of a /log confirmation; any other text goes on."""
    svc = services(context)
    user_id = update.effective_user.id
    activity = service.activity(svc.core, user_id, context.user_data.pop(CARD_ASKED))
    expiry = _card_expiry(text, activity, svc.today(user_id)) if activity else None
    if activity is None or expiry is None:
        return False
    await _set_card(update, context, activity, expiry)
    return True


async def receive_card(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    svc = services(context)
    user_id = update.effective_user.id
    activity_id = context.user_data.get(AWAITING_CARD)
    activity = service.activity(svc.core, user_id, activity_id) if activity_id else None
    if activity is None:
        context.user_data.pop(AWAITING_CARD, None)
        return False
    expiry = _card_expiry(text, activity, svc.today(user_id))
    if expiry is None:
        if any(ch.isdigit() for ch in text):
            await reply(
                update, "I couldn't read that as a date. When does the card expire? e.g. 2028-03-01"
            )
            return True
        context.user_data.pop(AWAITING_CARD, None)
        return False
    context.user_data.pop(AWAITING_CARD, None)
    await _set_card(update, context, activity, expiry)
    return True


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
        await reply(update, error_text(exc) + " Example: /cpr 2027-03-01")
        return
    if reading.other is not None:
        await reply(
            update,
            "Which date does your CPR/AED card expire?",
            [[(long_date(d), cb.CprExpiry(d).encode())] for d in (reading.chosen, reading.other)],
        )
        return
    await save_cpr(update, context, reading.chosen)


async def save_cpr(update: Update, context: ContextTypes.DEFAULT_TYPE, expiry: date) -> None:
    svc = services(context)
    service.record_card(svc.core, update.effective_user.id, svc.now(), expiry)
    await reply(
        update,
        f"🫀 CPR/AED card recorded: expires {format_date(expiry)}.",
        [[("📈 See progress", PROGRESS)]],
    )


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Body picked, NSCA cycle accepted, removal confirmed or declined."""
    query = update.callback_query
    data = await pressed(update, "cert")
    if data is None:
        return
    svc = services(context)
    rule = svc.rules.get(getattr(data, "code", ""))
    match data:
        case cb.CertList():
            await list_certs(update, context)
        case cb.CertPick() if rule:
            await ask_deadline(update, context, rule)
        case cb.CertSet(deadline=deadline) if rule:
            await save(update, context, rule, deadline)
        case cb.CertRemove() if rule:
            removed = service.remove_certification(
                svc.core, query.from_user.id, svc.now(), rule.code
            )
            await query.edit_message_text(
                f"Removed {rule.code}." if removed else f"{rule.code} was already removed."
            )
        case cb.CprExpiry(expiry):
            await query.edit_message_reply_markup(None)
            await save_cpr(update, context, expiry)
        case cb.CertKeep():
            await query.edit_message_text("Kept it.")
        case cb.CertEarned() if rule:
            context.user_data[AWAITING_EARNED] = rule.code
            await reply(
                update,
                f"How many {rule.code} {rule.unit}s have you already earned this cycle? Send a number, e.g. 1.2",
            )
        case cb.CardExpiry(activity_id, years):
            context.user_data.pop(CARD_ASKED, None)  # answered by the button
            activity = service.activity(svc.core, query.from_user.id, activity_id)
            if activity is None:
                await reply(update, "That activity is no longer in your log.")
            elif years in ("1", "2"):
                await _set_card(
                    update, context, activity, add_months(activity.activity_date, 12 * int(years))
                )
            else:
                context.user_data[AWAITING_CARD] = activity.id
                await reply(update, "Send the card's expiry date, e.g. 2028-03-01.")
