"""Nudge sweep figures: 100,000 users with certifications in a SQLite file.

Prints the time of one sweep when nothing is due and when 10 % are due, the send rate through
AIORateLimiter against a Bot API that answers 429 above 30 messages per second, and peak memory.

Run: .venv/bin/python bench/nudges.py [users]
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram.ext import CallbackContext  # noqa: E402

from bench.transport import peak_rss_mb  # noqa: E402
from bot import Settings, build_application  # noqa: E402
from handlers import reminders  # noqa: E402
from handlers.context import Services  # noqa: E402
from runtime.botapi import ApiError, Sim  # noqa: E402
from runtime.local import LocalRequest  # noqa: E402
from tracker.storage import Storage  # noqa: E402

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
BODIES = ["NASM", "ACE", "ISSA", "AFAA", "ACSM", "NCSF"]


class LimitedSim(Sim):
    """Answers 429 (retry_after 1) above `limit` messages in any one-second window, like Telegram."""

    def __init__(self, limit: int = 30) -> None:
        super().__init__()
        self.limit = limit
        self.window: deque[float] = deque()
        self.too_many = 0

    async def call(self, method, params, files):
        if method.lower().startswith("send"):
            now = time.monotonic()
            while self.window and now - self.window[0] >= 1.0:
                self.window.popleft()
            if len(self.window) >= self.limit:
                self.too_many += 1
                raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
            self.window.append(now)
        return await super().call(method, params, files)


def populate(storage: Storage, users: int, due_fraction: float) -> int:
    """Users with one certification each; `due_fraction` of them have a 30-day milestone due now."""
    rng = random.Random(7)
    due = int(users * due_fraction)
    user_rows, cert_rows = [], []
    for uid in range(1, users + 1):
        is_due = uid <= due
        deadline = (NOW + timedelta(days=30 if is_due else rng.randrange(200, 600))).date()
        next_due = (
            NOW - timedelta(minutes=1) if is_due else NOW + timedelta(days=rng.randrange(30, 300))
        )
        user_rows.append({"id": uid, "timezone": "UTC", "remind_at": "09:00", "quiet_start": "22:00",
                          "quiet_end": "08:00", "reminders_on": 1, "active": 1,
                          "next_due_at": next_due.strftime("%Y-%m-%dT%H:%M:%S+00:00")})  # fmt: skip
        cert_rows.append(
            {
                "user_id": uid,
                "body": rng.choice(BODIES),
                "deadline": deadline.isoformat(),
                "reminders_off": 0,
            }
        )
    with storage.db.atomic():
        storage.db["users"].insert_all(user_rows, batch_size=5000)
        storage.db["certifications"].insert_all(cert_rows, batch_size=5000)
    return due


async def sweep_figures(users: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sim = Sim()
        sim.private_chats.update(range(1, users + 1))
        storage = Storage(f"{tmp}/nudges.db")
        t0 = time.perf_counter()
        due = populate(storage, users, 0.10)
        print(
            f"{users:,} users with certifications written in {time.perf_counter() - t0:.1f} s; {due:,} due now"
        )
        services = Services(storage=storage, clock=lambda: NOW)
        app = build_application(
            Settings(sweep_seconds=0, rate_limit=False),
            request=LocalRequest(sim),
            services=services,
        )
        async with app:
            context = CallbackContext(app)
            t0 = time.perf_counter()
            cpu = time.process_time()
            await reminders.sweep(context)
            one = time.perf_counter() - t0
            cpu = time.process_time() - cpu
            print(
                f"one sweep, 10 % due (first batch of {reminders.SWEEP_BATCH} users, no send limit): {one * 1000:.0f} ms"
                f" ({cpu * 1000:.0f} CPU-ms)"
            )
            t0 = time.perf_counter()
            sent = reminders.SWEEP_BATCH
            while storage.users_due(NOW, limit=1):
                sent += await reminders.sweep(context)
            total = time.perf_counter() - t0 + one
            print(
                f"all {due:,} due users swept and nudged: {total:.1f} s ({total / due * 1000:.2f} ms per user, {sent:,} messages)"
            )
            t0 = time.perf_counter()
            runs = 20
            for _ in range(runs):
                await reminders.sweep(context)
            print(
                f"one sweep when nothing is due: {(time.perf_counter() - t0) / runs * 1000:.2f} ms"
            )


async def send_rate(messages: int = 300) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sim = LimitedSim(30)
        sim.private_chats.update(range(1, messages + 1))
        storage = Storage(f"{tmp}/rate.db")
        populate(storage, messages, 1.0)
        services = Services(storage=storage, clock=lambda: NOW)
        app = build_application(
            Settings(sweep_seconds=0, rate_limit=True), request=LocalRequest(sim), services=services
        )
        async with app:
            context = CallbackContext(app)
            t0 = time.perf_counter()
            sent = 0
            while storage.users_due(NOW, limit=1):
                sent += await reminders.sweep(context)
            elapsed = time.perf_counter() - t0
        print(f"send rate through AIORateLimiter, Bot API answering 429 above 30/s: {sent} nudges in {elapsed:.1f} s "
              f"= {sent / elapsed:.1f} messages/s, {sim.too_many} answers 429")  # fmt: skip


def main() -> None:
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    asyncio.run(sweep_figures(users))
    asyncio.run(send_rate())
    print(f"peak memory (RSS): {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
