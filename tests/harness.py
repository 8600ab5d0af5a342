"""Run the real Application through the in-process transport, with a controllable clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from telegram import Update

from bot import Settings, build_application, post_init
from handlers.context import Services
from runtime.botapi import Sim
from runtime.local import LocalRequest
from tracker.storage import Storage

START = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)  # a Saturday, noon UTC


class Clock:
    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)

    def seconds(self) -> float:
        return self.now.timestamp()


class Harness:
    """One bot, one simulated Telegram; `send`/`press` return what the bot sent in answer."""

    def __init__(
        self, db_path: str | None = None, start: datetime = START, timezone: str = "UTC"
    ) -> None:
        self.clock = Clock(start)
        self.sim = Sim(clock=self.clock.seconds)
        self.storage = Storage(db_path, clock=self.clock)
        self.services = Services(storage=self.storage, default_timezone=timezone, clock=self.clock)
        settings = Settings(sweep_seconds=0, rate_limit=False, db_path=":memory:")
        self.app = build_application(
            replace(settings), request=LocalRequest(self.sim), services=self.services
        )

    async def __aenter__(self) -> Harness:
        await self.app.initialize()
        await post_init(self.app)  # post_init does not run under a manual initialize
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.app.shutdown()

    async def feed(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        before = len(self.sim.sent)
        self.sim.updates.clear()
        await self.app.process_update(Update.de_json(update, self.app.bot))
        return self.sim.sent[before:]

    async def sweep(self) -> list[dict[str, Any]]:
        """Run the nudge sweep once, as the repeating job would; returns what it sent."""
        from telegram.ext import CallbackContext

        from handlers.reminders import sweep

        before = len(self.sim.sent)
        await sweep(CallbackContext(self.app))
        return self.sim.sent[before:]

    async def send(
        self, text: str | None = None, user_id: int = 1001, **kwargs: Any
    ) -> list[dict[str, Any]]:
        return await self.feed(self.sim.inject_message(text, user_id=user_id, **kwargs))

    async def press(
        self, message: dict[str, Any], label_or_data: str, user_id: int = 1001
    ) -> list[dict[str, Any]]:
        """Press the button whose label contains `label_or_data` (or whose data equals it)."""
        data = button_data(message, label_or_data)
        return await self.feed(self.sim.inject_callback(message, data, user_id=user_id))

    async def reply_text(self, text: str, user_id: int = 1001, **kwargs: Any) -> str:
        """Send and return the text of the last message the bot sent back."""
        sent = await self.send(text, user_id=user_id, **kwargs)
        assert sent, f"no reply to {text!r}"
        return sent[-1].get("text") or sent[-1].get("caption") or ""


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return [(b["text"], b.get("callback_data") or b.get("url", "")) for row in rows for b in row]


def button_data(message: dict[str, Any], label_or_data: str) -> str:
    for label, data in buttons(message):
        if data == label_or_data or label_or_data.lower() in label.lower():
            return data
    raise AssertionError(f"no button {label_or_data!r} in {buttons(message)}")
