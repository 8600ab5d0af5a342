"""Which handling failures make the webhook ask Telegram for a redelivery (500), and which count
as handled (200): a redelivery must be able to fix it, or Telegram would retry a bug for hours."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from runtime.webhook import ChatLocks, is_transient


@pytest.mark.parametrize(
    "error",
    [TimedOut(), NetworkError("Internal Server Error"), sqlite3.OperationalError()],
    ids=lambda e: type(e).__name__,
)
def test_transient_failures_ask_for_a_redelivery(error):
    assert is_transient(error)


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own
def test_a_flood_limit_that_outlasted_the_retries_asks_for_a_redelivery():
    assert is_transient(RetryAfter(timedelta(seconds=5)))


@pytest.mark.parametrize(
    "error",
    [BadRequest("can't parse entities"), Forbidden("blocked"), ValueError(), KeyError("x"), None],
    ids=lambda e: type(e).__name__,
)
def test_other_failures_count_as_handled(error):
    assert not is_transient(error)


async def test_one_chat_runs_in_order_and_chats_run_side_by_side():
    locks = ChatLocks()
    events: list[str] = []

    async def work(chat: int, name: str, seconds: float) -> None:
        async with locks.hold(chat):
            events.append(f"start {name}")
            await asyncio.sleep(seconds)
            events.append(f"end {name}")

    await asyncio.gather(work(1, "a1", 0.05), work(1, "a2", 0), work(2, "b1", 0))
    assert events.index("end a1") < events.index("start a2")  # same chat: one after the other
    assert events.index("start b1") < events.index("end a1")  # another chat: not held up
    assert len(locks) == 0  # nothing left behind
