"""The console chat: type as a Telegram user would; the bot's replies print readably.

The same `Application`, handlers and job queue as production, through the in-process transport.
Inline buttons of the latest message print numbered; type the number to press one. Files the bot
sends (CSV, PDF, chart, calendar) are saved in a folder beside the database and their path is
printed. Message ids continue across runs on the same database, so `/log` (idempotent on chat and
message id) never mistakes a new message for one of an earlier session. Piped input is handled
line by line, each message's replies printed before the next line is read, and end of input exits
cleanly.
"""

from __future__ import annotations

import asyncio
import html
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from telegram import Update

from runtime.botapi import Sim
from runtime.local import LocalRequest

CONSOLE_USER = 1001
PROMPT = "you> "
FILES_FOLDER = "console-files"


def state_key(chat_id: int) -> str:
    return f"console:last_message_id:{chat_id}"


def render(message: dict[str, Any], saved: Path | None = None) -> str:
    """A bot message as plain console text (HTML tags dropped, entities unescaped)."""
    text = message.get("text") or message.get("caption") or ""
    text = re.sub(r"<a href=\"([^\"]+)\">([^<]*)</a>", r"\2 (\1)", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = []
    if saved is not None:
        lines.append(f"[file saved: {saved}]")
    elif "document" in message:
        lines.append(f"[file: {message['document']['file_name']}]")
    elif "photo" in message:
        lines.append("[picture]")
    if text:
        lines.append(text)
    prefix = "bot (edited)> " if message.get("edited") else "bot> "
    return prefix + "\n     ".join("\n".join(lines).splitlines())


class Console:
    """Drives the simulator as one user and prints the bot's side."""

    def __init__(self, sim: Sim, out: TextIO, files_dir: Path | None = None) -> None:
        self.sim = sim
        self.out = out
        self.files_dir = files_dir
        self.buttons: list[tuple[dict[str, Any], str]] = []  # the latest message's only
        self.prompting = False  # "you> " is on screen, waiting for a line
        sim.on_send = self.show

    def save_file(self, message: dict[str, Any]) -> Path | None:
        """Write a file the bot sent into `files_dir`; returns its path."""
        if self.files_dir is None:
            return None
        if "document" in message:
            file_id = message["document"]["file_id"]
        elif message.get("photo"):
            file_id = message["photo"][-1]["file_id"]
        else:
            return None
        stored = self.sim.files.get(file_id)
        if stored is None:
            return None
        name = re.sub(r"[^\w.\-]+", "_", Path(stored.filename).name).lstrip(".") or file_id
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / name
        path.write_bytes(stored.content)
        return path

    def show(self, message: dict[str, Any]) -> None:
        if self.prompting:  # a nudge while the prompt waits: start on a fresh line
            tty = getattr(self.out, "isatty", lambda: False)()
            print("\r\x1b[K" if tty else "", file=self.out, end="" if tty else "\n")
        print(render(message, self.save_file(message)), file=self.out)
        rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
        self.buttons = []
        labels = []
        for row in rows:
            for button in row:
                if "callback_data" in button:
                    self.buttons.append((message, button["callback_data"]))
                    labels.append(f"[{len(self.buttons)}] {button['text']}")
                elif "url" in button:
                    labels.append(f"[link] {button['text']} {button['url']}")
        if labels:
            print("     " + "  ".join(labels), file=self.out)
        if self.prompting:
            print(PROMPT, end="", file=self.out)
        self.out.flush()

    def update_for(self, line: str) -> dict[str, Any] | None:
        """The update a typed line makes, or None (a note printed) for a number no button has."""
        if line.isdigit() and len(line) <= 3:
            if not self.buttons:
                print("console> The latest message has no buttons to press.", file=self.out)
                return None
            if not 1 <= int(line) <= len(self.buttons):
                count = len(self.buttons)
                choices = "1" if count == 1 else f"1 to {count}"
                print(f"console> Type {choices} to press a button of the latest message.", file=self.out)  # fmt: skip
                return None
            message, data = self.buttons[int(line) - 1]
            return self.sim.inject_callback(message, data, user_id=CONSOLE_USER)
        return self.sim.inject_message(line, user_id=CONSOLE_USER)


async def run_console(settings: Any, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    from bot import build_application

    sim = Sim()
    sim.private_chats.add(CONSOLE_USER)  # the console user is always in a private chat
    files_dir = Path(settings.db_path).parent / FILES_FOLDER
    console = Console(sim, stdout, files_dir)
    application = build_application(_console_settings(settings), request=LocalRequest(sim))
    storage = application.bot_data["services"].storage
    key = state_key(CONSOLE_USER)
    last = max(int(storage.state(key) or 0), storage.highest_message_id(CONSOLE_USER))
    sim.continue_message_ids(CONSOLE_USER, last)
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
                    print(PROMPT, end="", file=stdout, flush=True)
                    console.prompting = True
                line = await asyncio.to_thread(stdin.readline)
                console.prompting = False
                if not line:
                    break
                line = line.strip()
                if not line:
                    continue
                if not interactive:
                    print(f"{PROMPT}{line}", file=stdout)
                payload = console.update_for(line)
                if payload is None:
                    continue
                sim.updates.clear()  # handled right here; nothing left for a getUpdates
                await application.process_update(Update.de_json(payload, application.bot))
                storage.set_state(key, str(sim.last_message_id(CONSOLE_USER)))
        finally:
            console.prompting = False
            storage.set_state(key, str(sim.last_message_id(CONSOLE_USER)))
            await application.stop()
    return 0


def _console_settings(settings: Any) -> Any:
    from dataclasses import replace

    # Messages never leave the process: Telegram's rate limits do not apply.
    return replace(settings, rate_limit=False, token=None)
