"""The one command table: handler registration, set_my_commands and /help all read it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

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
