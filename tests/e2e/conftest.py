"""End-to-end fixtures: the fake Bot API over HTTP, and bot.py as a real process against it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakeapi import BotProcess, FakeApi


@pytest.fixture
def api() -> Iterator[FakeApi]:
    with FakeApi() as fake:
        yield fake


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "recertbot.db"


@pytest.fixture
def make_bot(api: FakeApi, db_path: Path, tmp_path: Path) -> Iterator:
    """Start bot.py processes on the test's database; all are stopped at the end."""
    started: list[BotProcess] = []

    def make(
        env: dict[str, str] | None = None, start: bool = True, wait_polling: bool = True
    ) -> BotProcess:
        bot = BotProcess(api, db_path, tmp_path / f"bot-{len(started)}.log", env=env)
        started.append(bot)
        if start:
            bot.start(wait_polling=wait_polling)
        return bot

    yield make
    for bot in started:
        bot.__exit__(None, None, None)


@pytest.fixture
def bot(make_bot) -> BotProcess:
    return make_bot()
