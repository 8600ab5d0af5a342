"""FAQ figures: matcher accuracy, rejection and latency; whole-bot throughput against a bare echo bot.

Run: .venv/bin/python bench/faq.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram import Update  # noqa: E402
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402

from bench.faq_matcher import run as matcher_figures  # noqa: E402
from bench.transport import drive, summary  # noqa: E402
from bot import Settings, build_application  # noqa: E402
from runtime.botapi import Sim  # noqa: E402
from runtime.local import LocalRequest  # noqa: E402

QUESTIONS = [
    "do ceus count toward my degree",
    "whats the difference between cec and ceu",
    "how many hours is 2.0 nasm ceus",
    "how many ceus do i need for ace",
    "does cpr count for afaa",
    "what's the weather",
    "thanks!",
    "can i use ace cecs for nasm",
]
N = 2000


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(update.effective_message.text)


async def throughput() -> tuple[float, float, list[float]]:
    sim_bot, sim_echo = Sim(), Sim()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(db_path=f"{tmp}/bench.db", sweep_seconds=0, rate_limit=False)
        app = build_application(settings, request=LocalRequest(sim_bot))
        echo_app = ApplicationBuilder().token("0:echo").request(LocalRequest(sim_echo)).build()
        echo_app.add_handler(MessageHandler(filters.TEXT, echo))
        bot_updates = [sim_bot.inject_message(QUESTIONS[i % len(QUESTIONS)], user_id=1000 + i % 50) for i in range(N)]
        echo_updates = [sim_echo.inject_message(QUESTIONS[i % len(QUESTIONS)], user_id=1000 + i % 50) for i in range(N)]
        async with app, echo_app:
            await drive(app, sim_bot, bot_updates[:50])  # warm-up (loads the FAQ index)
            bot_rate, latencies = await drive(app, sim_bot, bot_updates[50:])
            echo_rate, _ = await drive(echo_app, sim_echo, echo_updates)
    return bot_rate, echo_rate, latencies


def main() -> None:
    figures = matcher_figures()
    print("FAQ matcher over the labelled question sets (tests/core/faq_*.toml)")
    for key, value in figures.items():
        if not isinstance(value, list | dict):
            print(f"  {key}: {value}")
    bot_rate, echo_rate, latencies = asyncio.run(throughput())
    print(f"Whole bot, questions through the in-process transport ({N - 50} updates)")
    print(f"  recertbot: {bot_rate:.0f} updates/s ({summary(latencies)} per update)")
    print(f"  bare python-telegram-bot echo app, same transport: {echo_rate:.0f} updates/s")
    print(f"  ratio recertbot/echo: {bot_rate / echo_rate:.2f}")


if __name__ == "__main__":
    main()
