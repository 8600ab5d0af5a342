"""SIGTERM: the updates in flight are finished, the offset confirmed, exit 0 within 10 s."""

from __future__ import annotations

import re
import subprocess
import time

from tests.fakeapi import db_rows, text_of

USER = 1001
BURST = 40


def test_sigterm_finishes_the_batch_in_flight(api, make_bot, db_path):
    bot = make_bot()
    updates = api.inject_messages([f"/log 1h stop item {n}" for n in range(BURST)], user_id=USER)
    api.wait_until(lambda: api.count_to(USER) >= 3, 30, "the first replies")
    bot.terminate()
    started = time.monotonic()
    try:
        code = bot.wait(10)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"no exit within 10 s of SIGTERM:\n{bot.logs()[-2000:]}") from None
    print(f"exited {time.monotonic() - started:.1f} s after SIGTERM")
    assert code == 0, bot.logs()[-2000:]
    assert "stopped cleanly" in bot.logs()

    # Every update of the batch was handled and answered, and the offset confirms them all.
    items = {re.search(r"stop item (\d+)", text_of(m)).group(1) for m in api.messages_to(USER)}
    assert len(items) == BURST
    assert db_rows(db_path, "select count(*) from activities where user_id = ?", (USER,)) == [
        (BURST,)
    ]
    assert api.confirmed_offset == updates[-1]["update_id"] + 1
    assert api.pending_updates() == 0

    # A new process starts where the old one stopped: nothing is delivered twice.
    make_bot()
    (progress,) = api.ask("/progress", user_id=USER)
    assert f"You have logged {BURST} h" in text_of(progress)
    assert not any(text_of(m).startswith("Already logged") for m in api.messages_to(USER))


def test_sigterm_while_idle(api, bot):
    """SIGTERM during an idle long poll: a prompt clean exit."""
    (reply,) = api.ask("/start")
    assert "Hi" in text_of(reply)
    bot.terminate()
    assert bot.wait(10) == 0
    assert "stopped cleanly" in bot.logs()
