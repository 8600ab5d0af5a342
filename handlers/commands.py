"""The one command table: handler registration, set_my_commands and /help all read it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from telegram import MessageEntity, Update
from telegram.ext import Application, BaseHandler, ContextTypes

from handlers import account, activities, certifications, progress, reminders


@dataclass(frozen=True)
class Command:
    name: str
    description: str  # shown in Telegram's command menu (3-256 chars)
    example: str  # shown in /help
    callback: Callable[..., Awaitable[Any]]


COMMANDS: tuple[Command, ...] = (
    Command("start", "Welcome and what I can do", "/start", account.start),
    Command("help", "Every command with an example", "/help", account.help_command),
    Command(
        "log",
        "Log an activity: /log 3h workshop",
        "/log 90 min CPR refresher yesterday",
        activities.log,
    ),
    Command("progress", "Progress toward each renewal", "/progress", progress.progress),
    Command(
        "cert", "Add, list or remove a certification", "/cert NASM 2027-06-30", certifications.cert
    ),
    Command("cpr", "Record your CPR/AED card's expiry", "/cpr 2027-03-01", certifications.cpr),
    Command("history", "Your activities, newest first", "/history", activities.history),
    Command("undo", "Remove the last activity you logged", "/undo", activities.undo),
    Command("delete", "Delete an activity by its id", "/delete 12", activities.delete),
    Command(
        "edit",
        "Change an activity: /edit 12 4h",
        "/edit 12 4h",
        activities.edit,
    ),
    Command("file", "Get back the certificate of an activity", "/file 12", activities.send_file),
    Command("export", "CSV and PDF of your activities for audits", "/export", progress.export),
    Command("remind", "Nudges: on, off, or a time of day", "/remind at 18:30", reminders.remind),
    Command("timezone", "Set your time zone", "/timezone Europe/London", account.timezone),
    Command("calendar", "Deadlines as a calendar file", "/calendar", reminders.calendar),
    Command("forget", "Delete everything I hold about you", "/forget", account.forget),
)

PRIVATE_COMMANDS = frozenset(
    {"progress", "history", "export", "cert", "cpr", "calendar", "file", "forget"}
)


def help_text() -> str:
    lines = ["<b>What I understand</b>"]
    lines += [f"{c.example} — {c.description.split(':')[0]}" for c in COMMANDS]
    lines.append("")
    lines.append(
        "Or just ask: <i>do CEUs count toward a degree?</i>, <i>how many hours is 2.0 NASM CEUs?</i>"
    )
    return "\n".join(lines)


Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[Any]]


class CommandTable(BaseHandler[Update, ContextTypes.DEFAULT_TYPE, Any]):
    """Every command in one handler: the command is looked up by name once, instead of one
    CommandHandler after another each reading the message (the /forget of a table of 17 was
    checked 17 times). Matches what CommandHandler matches: a new message (not an edit) whose
    text starts with a bot command, "/log" or "/log@thisbot", any case; `context.args` are the
    words after it."""

    def __init__(self, callbacks: Mapping[str, Callback]) -> None:
        super().__init__(self._unused)
        self.callbacks = {name.lower(): callback for name, callback in callbacks.items()}

    @staticmethod
    async def _unused(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        raise AssertionError("CommandTable calls the command's own callback")

    def check_update(self, update: object) -> tuple[Callback, list[str]] | None:
        if not isinstance(update, Update):
            return None
        message = update.message  # a new message: an edited /log is not a second /log
        if message is None or not message.text or not message.entities:
            return None
        first = message.entities[0]
        if first.type != MessageEntity.BOT_COMMAND or first.offset != 0:
            return None
        name, _, bot = message.text[1 : first.length].partition("@")
        if bot and bot.lower() != (message.get_bot().username or "").lower():
            return None
        callback = self.callbacks.get(name.lower())
        if callback is None:
            return None
        return callback, message.text.split()[1:]

    def collect_additional_context(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        update: Update,
        application: Application[Any, Any, Any, Any, Any, Any],
        check_result: tuple[Callback, list[str]],
    ) -> None:
        context.args = check_result[1]

    async def handle_update(
        self,
        update: Update,
        application: Application[Any, Any, Any, Any, Any, Any],
        check_result: tuple[Callback, list[str]],
        context: ContextTypes.DEFAULT_TYPE,
    ) -> Any:
        self.collect_additional_context(context, update, application, check_result)
        return await check_result[0](update, context)
