"""The console chat: type as a Telegram user would; the bot's replies print readably.

The same `Application`, handlers and job queue as production, through the in-process transport.
Inline buttons print numbered; type the number to press one. Piped input is handled line by line,
each message's replies printed before the next line is read, and end of input exits cleanly.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
from typing import Any, TextIO

from telegram import Update

from runtime.botapi import Sim
from runtime.local import LocalRequest

CONSOLE_USER = 1001


def render(message: dict[str, Any]) -> str:
    """A bot message as plain console text (HTML tags dropped, entities unescaped)."""
    text = message.get("text") or message.get("caption") or ""
    text = re.sub(r"<a href=\"([^\"]+)\">([^<]*)</a>", r"\2 (\1)", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = []
    if "document" in message:
        lines.append(f"[file: {message['document']['file_name']}]")
    if "photo" in message:
        lines.append("[picture]")
    if text:
        lines.append(text)
    prefix = "bot (edited)> " if message.get("edited") else "bot> "
    return prefix + "\n     ".join("\n".join(lines).splitlines())


class Console:
    """Drives the simulator as one user and prints the bot's side."""

    def __init__(self, sim: Sim, out: TextIO) -> None:
        self.sim = sim
        self.out = out
        self.buttons: list[tuple[dict[str, Any], str]] = []
        sim.on_send = self.show

    def show(self, message: dict[str, Any]) -> None:
        print(render(message), file=self.out)
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        if rows:
            self.buttons = []
            labels = []
            for row in rows:
                for button in row:
                    if "callback_data" in button:
                        self.buttons.append((message, button["callback_data"]))
                        labels.append(f"[{len(self.buttons)}] {button['text']}")
                    elif "url" in button:
                        labels.append(f"[link] {button['text']} {button['url']}")
            print("     " + "  ".join(labels), file=self.out)
        self.out.flush()

    def update_for(self, line: str) -> dict[str, Any]:
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            message, data = self.buttons[int(line) - 1]
            return self.sim.inject_callback(message, data, user_id=CONSOLE_USER)
        return self.sim.inject_message(line, user_id=CONSOLE_USER)


async def run_console(settings: Any, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    from bot import build_application

    sim = Sim()
    console = Console(sim, stdout)
    application = build_application(_console_settings(settings), request=LocalRequest(sim))
    interactive = stdin.isatty()
    async with application:
        await application.post_init(application)
        await application.start()
        if interactive:
            print(
                "recertbot console — you are chatting as a trainer. Try /start; Ctrl+D quits.",
                file=stdout,
            )
        try:
            while True:
                if interactive:
                    print("you> ", end="", file=stdout, flush=True)
                line = await asyncio.to_thread(stdin.readline)
                if not line:
                    break
                line = line.strip()
                if not line:
                    continue
                if not interactive:
                    print(f"you> {line}", file=stdout)
                payload = console.update_for(line)
                sim.updates.clear()  # handled right here; nothing left for a getUpdates
                await application.process_update(Update.de_json(payload, application.bot))
        finally:
            await application.stop()
    return 0


def _console_settings(settings: Any) -> Any:
    from dataclasses import replace

    # Messages never leave the process: Telegram's rate limits do not apply.
    return replace(settings, rate_limit=False, token=None)
