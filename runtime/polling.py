"""Long polling that loses nothing on a crash.

python-telegram-bot's `run_polling()` confirms a fetched batch with its next getUpdates call before
that batch's handlers have finished, so a kill loses what was still queued. Here each batch is
handled completely (`application.process_update`, one update after another, in order) before the
next getUpdates call confirms it with its offset. A crash mid-batch means Telegram delivers the
unconfirmed updates again; `/log` is idempotent on (chat id, message id), so nothing doubles.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from telegram import Update
from telegram.error import (
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Application

log = logging.getLogger("recertbot.polling")

POLL_TIMEOUT = 25
MAX_BACKOFF = 30.0


async def poll(
    application: Application, stop: asyncio.Event, poll_timeout: int = POLL_TIMEOUT
) -> None:
    """Fetch, handle, confirm; until `stop` is set. Confirms the last handled offset on the way out."""
    offset: int | None = None
    backoff = 1.0
    while not stop.is_set():
        fetch = asyncio.ensure_future(
            application.bot.get_updates(
                offset=offset,
                timeout=poll_timeout,
                read_timeout=poll_timeout + 10,
                allowed_updates=Update.ALL_TYPES,
            )
        )
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not fetch.done():
            # Stopping while a long poll waits: nothing of it was handled, so nothing is confirmed.
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError, TelegramError):
                await fetch
            break
        try:
            updates = fetch.result()
        except RetryAfter as exc:
            delay = float(exc.retry_after if isinstance(exc.retry_after, int | float) else 5)
            log.warning("getUpdates rate limited; retrying in %.0f s", delay)
            await sleep_unless_stopped(stop, delay)
            continue
        except (InvalidToken, Forbidden):
            log.error("the Bot API refused the token; stopping")
            raise
        except (NetworkError, TimedOut, TelegramError) as exc:
            log.warning("getUpdates failed (%s); retrying in %.0f s", type(exc).__name__, backoff)
            await sleep_unless_stopped(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
            continue
        backoff = 1.0
        for update in updates:
            # Errors inside handlers go to the application's error handler; the update counts as handled.
            await application.process_update(update)
            offset = update.update_id + 1
    if offset is not None:
        await _confirm(application, offset)


async def _confirm(application: Application, offset: int) -> None:
    """Tell the Bot API that everything below `offset` is handled (a getUpdates with timeout 0)."""
    for _ in range(3):
        try:
            await application.bot.get_updates(
                offset=offset, timeout=0, limit=1, allowed_updates=Update.ALL_TYPES
            )
            return
        except TelegramError as exc:
            log.warning("could not confirm offset %s (%s)", offset, type(exc).__name__)
            await asyncio.sleep(0.5)


async def sleep_unless_stopped(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def initialize_with_retry(application: Application, stop: asyncio.Event) -> bool:
    """Start even when the Bot API is unreachable for a while (getMe is retried with back-off)."""
    backoff = 1.0
    while not stop.is_set():
        try:
            await application.initialize()
            return True
        except (InvalidToken, Forbidden):
            raise
        except (NetworkError, TimedOut) as exc:
            log.warning(
                "Bot API unreachable at start-up (%s); retrying in %.0f s",
                type(exc).__name__,
                backoff,
            )
            await sleep_unless_stopped(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
    return False


async def run_polling_safely(application: Application) -> int:
    """Run the bot with our polling loop until SIGINT/SIGTERM; exit code 0 on a clean stop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    if not await initialize_with_retry(application, stop):
        return 0
    try:
        await post_init_with_retry(application, stop)
        with contextlib.suppress(TelegramError):
            await application.bot.delete_webhook(drop_pending_updates=False)
        await application.start()
        log.info("polling; stop with Ctrl+C")
        await poll(application, stop)
    finally:
        if application.running:
            await application.stop()
        await application.shutdown()
    log.info("stopped cleanly")
    return 0


async def post_init_with_retry(application: Application, stop: asyncio.Event) -> None:
    if application.post_init is None:
        return
    backoff = 1.0
    while not stop.is_set():
        try:
            await application.post_init(application)
            return
        except (NetworkError, TimedOut) as exc:
            log.warning("post_init failed (%s); retrying in %.0f s", type(exc).__name__, backoff)
            await sleep_unless_stopped(stop, backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
