"""The single error handler, stale buttons, and keeping the token out of the logs."""

from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.ext import ContextTypes

from handlers.context import STALE

log = logging.getLogger("recertbot.errors")
_secrets: set[str] = set()
_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")


def register_secret(secret: str | None) -> None:
    if secret:
        _secrets.add(secret)


def redact(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, "<token>")
    return _TOKEN.sub("<token>", text)


class TokenFilter(logging.Filter):
    """Redacts the bot token from every log record (URLs in tracebacks hold it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install_token_filter() -> None:
    for handler in logging.getLogger().handlers:
        handler.addFilter(TokenFilter())


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the traceback; tell the user briefly that something went wrong."""
    log.error("error while handling an update", exc_info=context.error)
    if (
        isinstance(update, Update)
        and update.effective_chat is not None
        and update.effective_message is not None
    ):
        try:
            await context.bot.send_message(
                update.effective_chat.id,
                "Sorry, something went wrong on my side. If you were logging something, check /history before sending it again.",
            )
        except Exception:  # noqa: BLE001 - the apology is best effort
            log.warning("could not send the apology")


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button from an old message that nothing handles any more."""
    await update.callback_query.answer(STALE)
