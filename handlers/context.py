"""What every handler needs: the services, the caller's "today", and one way to reply."""

from __future__ import annotations

import functools
import html
import warnings
from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import Forbidden
from telegram.ext import ContextTypes
from telegram.warnings import PTBUserWarning

from handlers import callbacks as cb
from knowledge.rules import Rule, load_rules
from tracker.errors import InputError
from tracker.models import Certification, UserSettings
from tracker.service import Core
from tracker.storage import Storage
from tracker.zones import month_first as zone_month_first

F = TypeVar("F", bound=Callable[..., Awaitable[Any]])
MAX_MESSAGE = 4096
STALE = "That button has expired. Send the command again."  # answer to data we can't read
_NO_PREVIEW = {"is_disabled": True}
# `reply` calls sendMessage through do_api_request on purpose (see there); PTB warns on every call.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.sendMessage'", category=PTBUserWarning)


def error_text(exc: InputError) -> str:
    """Bad input's plain text, escaped for an HTML reply: the one place it is escaped."""
    return html.escape(exc.text, quote=False)


def real_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    """Everything the handlers share, built once by the composition root."""

    storage: Storage
    default_timezone: str = "UTC"
    clock: Callable[[], datetime] = real_clock
    rules: dict[str, Rule] = field(default_factory=load_rules)

    def now(self) -> datetime:
        return self.clock()

    @property
    def core(self) -> Core:
        """What the use cases in tracker.service take."""
        return Core(self.storage, self.rules, self.default_timezone)

    def settings(self, user_id: int) -> UserSettings:
        return self.core.settings(user_id)

    def held(self, user_id: int) -> list[tuple[Certification, Rule]]:
        """The user's certifications with their bodies' rules."""
        return self.core.held(user_id)

    def month_first(self, user_id: int, language: str | None = None) -> bool:
        """Whether the user writes numeric dates month first: a US zone, or a US locale."""
        us_locale = (language or "").lower().replace("_", "-") == "en-us"
        return us_locale or zone_month_first(self.settings(user_id).timezone)

    def today(self, user_id: int) -> date:
        """The user's local date."""
        return self.core.today(user_id, self.now())


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data["services"]


# Dispatch across features without one handler module importing another: a feature provides a
# callable under a name (at import), another calls it by that name. bot.py imports every feature.
_PROVIDED: dict[str, Callable[..., Awaitable[Any]]] = {}


def provides(name: str) -> Callable[[F], F]:
    """Register the decorated coroutine function as what `provided(name)` returns."""

    def register(function: F) -> F:
        _PROVIDED[name] = function
        return function

    return register


def provided(name: str) -> Callable[..., Awaitable[Any]]:
    """The coroutine function a feature registered under `name` with `provides`."""
    return _PROVIDED[name]


Buttons = Sequence[Sequence[tuple[str, str]]]


def _check(rows: Buttons) -> None:
    for row in rows:
        for _, data in row:
            if len(data.encode()) > 64:
                raise ValueError(f"callback data over 64 bytes: {data!r}")


def keyboard(rows: Buttons | None) -> InlineKeyboardMarkup | None:
    """Inline keyboard from rows of (label, callback_data); data over 64 bytes is a bug."""
    if not rows:
        return None
    _check(rows)
    return InlineKeyboardMarkup(
        [[_button(label, data) for label, data in row] for row in rows if row]
    )


def keyboard_json(rows: Buttons | None) -> dict[str, object] | None:
    """`keyboard(rows).to_dict()`, built directly: what a raw API call sends (one reply builds
    and serialises no python-telegram-bot objects)."""
    if not rows:
        return None
    _check(rows)
    return {
        "inline_keyboard": [
            [
                {"text": label, "url": data}
                if data.startswith("https://")
                else {"text": label, "callback_data": data}
                for label, data in row
            ]
            for row in rows
            if row
        ]
    }


def _button(label: str, data: str) -> InlineKeyboardButton:
    if data.startswith("https://"):
        return InlineKeyboardButton(label, url=data)
    return InlineKeyboardButton(label, callback_data=data)


def clip(text: str, limit: int = MAX_MESSAGE) -> str:
    """Keep a message within Telegram's limit (callers keep messages short; this is the guard)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Set while a personal command asked in a group runs: its replies go to the user's private chat.
_private_chat: ContextVar[int | None] = ContextVar("private_chat", default=None)


def reply_chat(update: Update) -> int:
    """Where replies to `update` go: the private chat for personal commands asked in a group."""
    target = _private_chat.get()
    if target is not None:
        return target
    assert update.effective_chat is not None
    return update.effective_chat.id


async def reply(
    update: Update, text: str, buttons: Buttons | None = None, quote: bool = False
) -> None:
    """Reply in HTML to the message (or button press) behind `update`.

    Sent as a raw `sendMessage` call (through the same request, rate limiter and retries as
    `send_message`): no handler uses the Message Telegram sends back, and parsing it into
    python-telegram-bot objects cost more than choosing the answer (bench/faq.py).
    """
    message = update.effective_message
    assert message is not None
    chat_id = reply_chat(update)
    kwargs: dict[str, object] = {
        "chat_id": chat_id,
        "text": clip(text),
        "parse_mode": ParseMode.HTML,
        "link_preview_options": _NO_PREVIEW,
    }
    if quote and chat_id == message.chat_id:
        kwargs["reply_parameters"] = {"message_id": message.message_id}
    markup = keyboard_json(buttons)
    if markup is not None:
        kwargs["reply_markup"] = markup
    await message.get_bot().do_api_request("sendMessage", api_kwargs=kwargs)


async def pressed(update: Update, prefix: str) -> cb.Callback | None:
    """The data of the button pressed, answered; None (and "That button has expired") when it
    is not one of `prefix`'s kinds (stale or forged)."""
    query = update.callback_query
    data = cb.decode(query.data or "")
    if data is None or data.prefix != prefix:
        await query.answer(STALE)
        return None
    await query.answer()
    return data


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def private(name: str, callback: Handler) -> Handler:
    """Personal data never goes to a group: in a group the command answers in the private chat,
    or, when the user has not started one, offers a deep link to it."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        if chat is None or chat.type == ChatType.PRIVATE or update.effective_user is None:
            await callback(update, context)
            return
        token = _private_chat.set(update.effective_user.id)
        try:
            await callback(update, context)
        except Forbidden:
            link = f"https://t.me/{context.bot.username}?start={name}"
            _private_chat.reset(token)
            await reply(
                update,
                "That's personal, so I answer it in our private chat. Tap to open it:",
                [[("Open private chat", link)]],
            )
            return
        finally:
            if _private_chat.get() is not None:
                _private_chat.reset(token)
        await reply(update, "I've sent that to you in a private chat. 📬")

    return wrapper
