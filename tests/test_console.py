"""The console chat (`make run` without a token): ids across runs, saved files, buttons, nudges."""

from __future__ import annotations

import io
from pathlib import Path

from bot import Settings
from runtime.botapi import Sim
from runtime.console import CONSOLE_USER, Console, run_console


async def chat(db: Path, script: str) -> str:
    out = io.StringIO()
    settings = Settings(db_path=str(db), sweep_seconds=0)
    assert await run_console(settings, io.StringIO(script), out) == 0
    return out.getvalue()


async def test_a_log_in_a_second_run_is_a_new_activity(tmp_path):
    db = tmp_path / "data" / "recertbot.db"
    first = await chat(db, "/log 3h kettlebell workshop\n")
    assert "✅ Logged #1" in first
    second = await chat(db, "/log 2h mobility webinar\n/history\n")
    assert "Already logged" not in second
    assert "✅ Logged #2: 2 h · mobility webinar" in second
    assert "of 2, newest first" in second


async def test_an_undo_in_a_second_run_is_not_taken_for_an_old_one(tmp_path):
    db = tmp_path / "r.db"
    await chat(db, "/log 3h workshop\n/log 1h yoga\n/undo\n")  # the /undo is message 5
    second = await chat(db, "/log 2h pilates\n/log 1h spin\n/undo\n")
    assert "Removed #4: 1 h · spin" in second
    assert "#2" not in second


async def test_files_are_saved_and_their_path_printed(tmp_path):
    db = tmp_path / "data" / "recertbot.db"
    out = await chat(
        db, "/log 3h workshop\n/cert NASM 2027-06-30\n/export\n/calendar\n/progress\n1\n"
    )
    folder = tmp_path / "data" / "console-files"
    saved = {p.name: p for p in folder.iterdir()}
    csv = next(p for name, p in saved.items() if name.endswith(".csv"))
    pdf = next(p for name, p in saved.items() if name.endswith(".pdf"))
    assert "workshop" in csv.read_text(encoding="utf-8-sig")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert saved["recertbot-deadlines.ics"].read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert saved["NASM-progress.png"].read_bytes().startswith(b"\x89PNG")
    for path in saved.values():
        assert f"[file saved: {path}]" in out


async def test_only_the_latest_messages_buttons_answer_to_numbers(tmp_path):
    db = tmp_path / "r.db"
    # /log's reply has buttons ([1] Undo ...); the export's files that follow have none.
    out = await chat(db, "/log 3h workshop\n/export\n1\n/log 1h yoga\n4\n1\n")
    after_export = out.split("you> 1\n", 1)[1]
    assert after_export.startswith("console> The latest message has no buttons to press.")
    assert "Removed #1" not in out  # the old Undo button was not pressed
    assert "console> Type 1 to 3 to press a button of the latest message." in out
    assert "Removed #2: 1 h · yoga" in out


def test_a_nudge_while_the_prompt_waits_starts_a_new_line_and_the_prompt_comes_back():
    out = io.StringIO()
    sim = Sim()
    console = Console(sim, out)
    out.write("you> ")
    console.prompting = True
    console.show({"chat": {"id": CONSOLE_USER}, "text": "⏳ <b>NASM renewal in 30 days</b>"})
    assert out.getvalue() == "you> \nbot> ⏳ NASM renewal in 30 days\nyou> "
    console.prompting = False
    console.show({"chat": {"id": CONSOLE_USER}, "text": "reply"})
    assert out.getvalue().endswith("\nyou> bot> reply\n")  # not prompting: no extra line
