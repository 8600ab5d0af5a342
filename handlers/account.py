"""Start, help, time zone, forget, and the odd messages (unknown commands, stickers, edits)."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from handlers import callbacks as cb
from handlers.context import Handler, pressed, private, provided, reply, services
from tracker import service
from tracker.zones import Zone, find_zone, label

CALLBACK = cb.pattern("acct")

MAIN_BUTTONS = [
    [("📈 My progress", cb.OpenProgress().encode()), ("➕ How to log", cb.LogHelp().encode())]
]

WELCOME = (
    "Hi {name}! I keep track of your continuing-education credits.\n\n"
    "• Ask me anything about CECs and CEUs: <i>do CEUs count toward a degree?</i>\n"
    "• Log what you did: <code>/log 3h kettlebell workshop</code>, <code>/log 90 min CPR refresher yesterday</code>\n"
    "• Add your certification: <code>/cert NASM 2027-06-30</code>, then see <code>/progress</code>\n\n"
    "/help lists every command."
)

LOG_HELP = (
    "Send <code>/log</code> with how long (or how many credits) and what you did, for example:\n"
    "<code>/log 3h kettlebell workshop</code>\n"
    "<code>/log 90 min CPR refresher yesterday</code>\n"
    "<code>/log 1h30m mobility webinar last friday</code>\n"
    "<code>/log 0.5 CEU NASM course #A123 3 Oct</code>\n"
    "Send a certificate photo or PDF with a <code>/log</code> caption to keep it with the entry."
)


def touch_handler() -> TypeHandler:
    """Runs before every handler: remember the user and reactivate one who had blocked the bot."""

    async def touch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        if user is not None and not user.is_bot:
            service.touch(services(context).core, user.id)

    return TypeHandler(Update, touch)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome; a deep link (/start progress) opens that command in the private chat."""
    if context.args and context.args[0] in DEEP_LINKS:
        await DEEP_LINKS[context.args[0]](update, context)
        return
    name = update.effective_user.first_name if update.effective_user else "there"
    await reply(update, WELCOME.format(name=_escape(name)), MAIN_BUTTONS)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every command with an example, from the command table."""
    from handlers.commands import help_text

    await reply(update, help_text(), MAIN_BUTTONS)


async def timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/timezone Europe/London: set the zone used for dates, days left and nudges."""
    svc = services(context)
    user_id = update.effective_user.id
    text = " ".join(context.args or [])
    if not text:
        current = svc.settings(user_id).timezone
        await reply(
            update,
            f"Your time zone is <b>{label(current)}</b>.\nChange it with <code>/timezone Europe/London</code>, "
            "or share your location and I'll work it out.",
        )
        return
    zone = find_zone(text)
    if zone is None:
        shown = text if len(text) <= 40 else text[:39] + "…"
        await reply(
            update,
            f"I don't know the time zone “{_escape(shown)}”. Try a city, an IANA name, an offset "
            "or an abbreviation: <code>/timezone America/New_York</code>, "
            "<code>/timezone GMT+2</code>, <code>/timezone PST</code>",
        )
        return
    await _set_zone(update, context, zone)


async def _set_zone(update: Update, context: ContextTypes.DEFAULT_TYPE, zone: Zone) -> None:
    svc = services(context)
    service.update_settings(svc.core, update.effective_user.id, svc.now(), timezone=zone.name)
    local = svc.now().astimezone(ZoneInfo(zone.name))
    await reply(
        update,
        f"Time zone set to <b>{_escape(zone.label)}</b>{', ' + zone.note if zone.note else ''}. "
        f"It's {local:%H:%M} there now.",
        MAIN_BUTTONS,
    )


async def location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A shared location sets the time zone (offline look-up)."""
    loc = update.effective_message.location
    from timezonefinder import TimezoneFinder

    zone = TimezoneFinder(in_memory=False).timezone_at(lng=loc.longitude, lat=loc.latitude)
    if zone is None:
        await reply(
            update,
            "I couldn't tell the time zone there. Set it with <code>/timezone Europe/London</code>.",
        )
        return
    await _set_zone(update, context, Zone(zone, label(zone)))


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget: delete everything about the user, after a confirmation button."""
    await reply(
        update,
        "This deletes <b>everything</b> I hold about you: activities, certificates, certifications and settings. "
        "It can't be undone. Sure?",
        [
            [
                ("Yes, delete everything", cb.ForgetConfirm().encode()),
                ("Cancel", cb.ForgetCancel().encode()),
            ]
        ],
    )


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Buttons: confirm forget, open progress, show how to log."""
    query = update.callback_query
    data = await pressed(update, "acct")
    if data is None:
        return
    match data:
        case cb.ForgetConfirm():
            gone = service.forget(services(context).core, query.from_user.id).records
            context.user_data.clear()
            await query.edit_message_text(
                f"Done: I deleted everything I held about you ({gone} records). Bye for now!"
            )
        case cb.ForgetCancel():
            await query.edit_message_text("Kept everything. Nothing was deleted.")
        case cb.LogHelp():
            await reply(update, LOG_HELP)
        case cb.TypoLog(answer):
            await _log_typo(update, context, answer == "log")
        case cb.RunCommand(name):
            await _run_command(update, context, name)
        case cb.OpenProgress():
            await private("progress", _command("progress"))(update, context)


# Commands a "Did you mean" button may run as they are, without the text that followed.
RUNNABLE = frozenset(
    {"start", "help", "progress", "cert", "cpr", "history", "export", "remind", "timezone",
     "calendar"}
)  # fmt: skip


def nearest_command(name: str) -> str | None:
    """The command a typo most likely meant: /progres -> progress, /logg -> log, /hist -> history."""
    from rapidfuzz.distance import OSA

    from handlers.commands import COMMANDS

    name = name.lower()
    names = [c.name for c in COMMANDS]
    prefixed = [n for n in names if len(name) >= 3 and n.startswith(name)]
    if len(prefixed) == 1:
        return prefixed[0]
    allowed = 1 if len(name) <= 4 else 2
    scored = sorted((OSA.distance(name, n), n) for n in names)  # a swap counts once
    best = [n for d, n in scored if d == scored[0][0]]
    if scored[0][0] <= allowed and len(best) == 1:
        return best[0]
    return None


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An unknown command, unless it is addressed to another bot: suggest the nearest one, and for
    a mistyped /log with text, offer to log it."""
    text = update.effective_message.text or ""
    match = re.match(r"/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?", text)
    if match and match.group(2) and match.group(2).lower() != (context.bot.username or "").lower():
        return
    name = match.group(1) if match else text.split()[0]
    rest = text[match.end() :].strip() if match else ""
    glued = re.fullmatch(r"(log)(\d.*)", name, re.IGNORECASE)  # /log3h workshop
    guess = "log" if glued else nearest_command(name)
    if glued:
        rest = f"{glued.group(2)} {rest}".strip()
    unknown = f"I don't know /{_escape(name[:40])}."
    if guess == "log" and rest:
        await reply(
            update,
            f"{unknown} Did you mean <code>/log {_escape(rest[:200])}</code>?",
            [[("✅ Log it", cb.TypoLog("log").encode()), ("✖️ No", cb.TypoLog("no").encode())]],
            quote=True,
        )
    elif guess is not None:
        example = f"/{guess} {rest}".strip()
        runnable = guess in RUNNABLE and not rest
        buttons = [[(f"▶️ /{guess}", cb.RunCommand(guess).encode())]] if runnable else None
        await reply(
            update,
            f"{unknown} Did you mean <code>{_escape(example[:200])}</code>? /help lists the rest.",
            buttons,
        )
    else:
        await reply(update, f"{unknown} /help lists what I understand.")


async def _log_typo(update: Update, context: ContextTypes.DEFAULT_TYPE, ok: bool) -> None:
    """'✅ Log it' under a mistyped /log: log the original message's text, once."""
    query = update.callback_query
    original = query.message.reply_to_message if query.message else None
    if not ok:
        await query.edit_message_text("OK, nothing logged.")
        return
    if (
        original is None
        or original.from_user is None
        or original.from_user.id != query.from_user.id
    ):
        await query.edit_message_text("Please send it again with /log.")
        return
    text = original.text or ""
    command = re.match(r"/([A-Za-z0-9_]+)(?:@[A-Za-z0-9_]+)?", text)
    rest = text[command.end() :].strip() if command else ""
    glued = re.fullmatch(r"log(\d.*)", command.group(1), re.IGNORECASE) if command else None
    if glued:
        rest = f"{glued.group(1)} {rest}".strip()
    await query.edit_message_reply_markup(None)
    await provided("log_text")(update, context, original, rest)


async def _run_command(update: Update, context: ContextTypes.DEFAULT_TYPE, name: str) -> None:
    """'▶️ /progress' under a typo: run that command."""
    from handlers.commands import COMMANDS, PRIVATE_COMMANDS

    command = next((c for c in COMMANDS if c.name == name and name in RUNNABLE), None)
    if command is None:
        return
    context.args = []
    callback = private(name, command.callback) if name in PRIVATE_COMMANDS else command.callback
    await callback(update, context)


async def edited_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Edits are not re-read: say so for an edited /log, ignore the rest."""
    text = update.edited_message.text or ""
    if text.startswith("/log") and update.effective_chat.type == "private":
        await reply(
            update,
            "I don't pick up edits to a /log. Use <code>/edit &lt;id&gt; 2h webinar</code> (ids are in /history).",
        )


async def media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, voice notes and the like: a short pointer in private chats, silence in groups."""
    if update.effective_chat.type == "private":
        await reply(
            update,
            "I can only read text. Ask me a question or log with <code>/log 1h webinar</code>.",
        )


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def _command(name: str) -> Handler:
    """The callback of a command in the command table (imported late: the table imports us)."""
    from handlers.commands import COMMANDS

    return next(c.callback for c in COMMANDS if c.name == name)


def _deep_link(name: str) -> Handler:
    async def run(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        context.args = []
        await _command(name)(update, context)

    return run


DEEP_LINKS = {name: _deep_link(name) for name in ("progress", "history", "export", "cert")}
