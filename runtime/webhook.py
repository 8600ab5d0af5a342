"""Webhook mode that loses nothing.

python-telegram-bot's `run_webhook()` answers Telegram 200 as soon as an update is queued, before
it is handled: a crash then loses every queued update, since Telegram only redelivers what was not
answered 2xx. This small aiohttp route handles the update first (`application.process_update`,
awaited; storage commits before it returns) and only then answers:

- 200 when the update was handled (a handler error that a second try would repeat, such as a bug,
  is logged by the error handler and still counts as handled, as in polling mode);
- 500 when handling failed for a reason a redelivery can fix (the Bot API unreachable or timing
  out after the request-level retries, the database busy): Telegram posts the update again later,
  and `/log` is idempotent on (chat id, message id), so the second try answers "Already logged";
- 403 without the right `X-Telegram-Bot-Api-Secret-Token`, 400 for a body that is not an update.

Updates of one chat are handled one at a time, in arrival order; different chats run concurrently
(Telegram opens up to `max_connections` connections). SIGTERM stops listening, lets the updates in
flight finish and answer, then stops the application: exit code 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
import sqlite3
from collections.abc import AsyncIterator
from contextvars import ContextVar
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes

from runtime.polling import (
    MAX_BACKOFF,
    initialize_with_retry,
    post_init_with_retry,
    sleep_unless_stopped,
)

log = logging.getLogger("recertbot.webhook")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
PATH = "/telegram"

# The failures noted by the error handler while the current request's update is handled.
_failures: ContextVar[list[BaseException] | None] = ContextVar("webhook_failures", default=None)


def is_transient(error: BaseException | None) -> bool:
    """Would handling the same update again later probably succeed?"""
    if isinstance(error, RetryAfter | sqlite3.OperationalError):
        return True
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


async def note_failure(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Error handler: remember the error for the webhook request that is handling `update`."""
    failures = _failures.get()
    if failures is not None and context.error is not None:
        failures.append(context.error)


class ChatLocks:
    """One lock per chat while it has updates in flight: a chat's updates run in order."""

    def __init__(self) -> None:
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: int | None) -> AsyncIterator[None]:
        if key is None:
            yield
            return
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    def __len__(self) -> int:
        return len(self._locks)


def _chat_key(update: Update) -> int | None:
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


def make_app(application: Application, secret: str | None, path: str = PATH) -> web.Application:
    """The aiohttp app: one POST route that handles an update before answering."""
    locks = ChatLocks()

    async def receive(request: web.Request) -> web.Response:
        if secret and not hmac.compare_digest(
            request.headers.get(SECRET_HEADER, "").encode(), secret.encode()
        ):
            return web.Response(status=403, text="forbidden")
        try:
            data: Any = await request.json()
            update = Update.de_json(data, application.bot) if isinstance(data, dict) else None
        except Exception:  # noqa: BLE001 - anything unparsable is the sender's problem
            update = None
        if update is None:
            return web.Response(status=400, text="not an update")
        failures: list[BaseException] = []
        token = _failures.set(failures)
        try:
            async with locks.hold(_chat_key(update)):
                await application.process_update(update)
        except Exception:
            log.exception("could not process update %s", update.update_id)
            return web.Response(status=500, text="not handled")
        finally:
            _failures.reset(token)
        if any(is_transient(f) for f in failures):
            log.warning("update %s failed (%s); asking for a redelivery", update.update_id,
                        ", ".join(type(f).__name__ for f in failures))  # fmt: skip
            return web.Response(status=500, text="try again")
        return web.Response(status=200, text="ok")

    app = web.Application()
    app.router.add_post(path, receive)
    return app


async def set_webhook_with_retry(
    application: Application, url: str, secret: str | None, stop: asyncio.Event
) -> None:
    backoff = 1.0
    while not stop.is_set():
        try:
            await application.bot.set_webhook(
                url=url,
                secret_token=secret,
                allowed_updates=Update.ALL_TYPES,
                drop_pending_updates=False,
            )
            return
        except TelegramError as exc:
            log.warning("setWebhook failed (%s); retrying in %.0f s", type(exc).__name__, backoff)
            await sleep_unless_stopped(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)


async def run_webhook_safely(
    application: Application,
    url: str,
    listen: str = "127.0.0.1",
    port: int = 8443,
    secret: str | None = None,
    path: str = PATH,
) -> int:
    """Serve the webhook until SIGINT/SIGTERM; exit code 0 on a clean stop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    if not secret:
        log.warning(
            "RECERTBOT_WEBHOOK_SECRET is not set: anyone who finds the URL can post updates"
        )
    application.add_error_handler(note_failure)
    if not await initialize_with_retry(application, stop):
        return 0
    runner: web.AppRunner | None = None
    try:
        await post_init_with_retry(application, stop)
        await application.start()
        runner = web.AppRunner(
            make_app(application, secret, path), access_log=None, shutdown_timeout=30
        )
        await runner.setup()
        await web.TCPSite(runner, listen, port).start()
        await set_webhook_with_retry(application, url, secret, stop)
        log.info("webhook listening on %s:%s%s; stop with Ctrl+C", listen, port, path)
        await stop.wait()
    finally:
        if runner is not None:
            await runner.cleanup()  # stop listening; the updates in flight finish and answer
        if application.running:
            await application.stop()
        await application.shutdown()
    log.info("stopped cleanly")
    return 0
