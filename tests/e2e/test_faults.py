"""The Bot API misbehaving: 429s, 500s, timeouts, flood limits, unreachable at start-up and mid-run,
a refused token. The bot keeps running, retries with back-off (replies: 429 after retry_after, 5xx
and timeouts up to 3 times), stores every activity once, confirms it once, and never writes its
token to the logs.

The outage lasts RECERTBOT_E2E_OUTAGE_SECONDS (default 5 in CI); set it to 30 for the issue's
full-length variant (about two minutes more).
"""

from __future__ import annotations

import os
import re
import time

from tests.fakeapi import TOKEN, db_rows, text_of

OUTAGE = float(os.environ.get("RECERTBOT_E2E_OUTAGE_SECONDS", "5"))
ITEM = re.compile(r"fault item (\d+)\b")


def stored(db_path) -> list[tuple[int, int]]:
    """(message_id, count) of every stored activity: each message stored once."""
    return db_rows(
        db_path,
        "select message_id, count(*) from activities where deleted = 0 group by chat_id, message_id",
    )


def answered_items(api, chat_id: int) -> dict[int, list[str]]:
    by_item: dict[int, list[str]] = {}
    for message in api.messages_to(chat_id):
        found = ITEM.search(text_of(message))
        if found:
            by_item.setdefault(int(found.group(1)), []).append(text_of(message))
    return by_item


def assert_token_not_logged(bot) -> None:
    logs = bot.logs()
    secret = TOKEN.split(":", 1)[1]
    assert TOKEN not in logs and secret not in logs, "the bot token is in the logs"


def test_429_then_500_on_replies(api, bot, db_path):
    """429s are retried after retry_after, 500s with back-off: every /log is confirmed once."""
    api.fail_next(3, status=429, methods=["sendMessage"], retry_after=1)
    api.fail_next(2, status=500, methods=["sendMessage"])
    api.inject_messages([f"/log 1h fault item {n}" for n in range(10)], user_id=1001)
    api.wait_until(lambda: len(answered_items(api, 1001)) == 10, 60, "the replies after the faults")
    assert api.faults_left() == 0
    assert [r.status for r in api.calls("sendMessage")][:6] == [429, 429, 429, 500, 500, 200]

    by_item = answered_items(api, 1001)
    assert all(len(texts) == 1 and texts[0].startswith("✅ Logged") for texts in by_item.values())
    rows = stored(db_path)
    assert len(rows) == 10 and all(count == 1 for _, count in rows)
    (progress,) = api.ask("/progress")
    assert "You have logged 10 h" in text_of(progress)
    assert bot.alive()
    logs = bot.logs()
    assert "sendMessage failed (HTTP 500); retry 1 of 3 in 0.5 s" in logs
    assert "sendMessage failed (HTTP 500); retry 2 of 3 in 1.0 s" in logs
    assert "error while handling an update" not in logs
    assert_token_not_logged(bot)


def test_500s_on_replies_are_retried_a_bounded_number_of_times(api, bot, db_path):
    """A reply that keeps failing is given up after 3 retries: the error handler apologises, the
    activity is stored once, and the bot carries on."""
    api.fail_next(4, status=500, methods=["sendMessage"])
    api.inject_message("/log 1h fault item 1", user_id=1006)
    (apology,) = api.wait_replies(1006, 1, timeout=30)
    assert "something went wrong" in text_of(apology)
    assert [r.status for r in api.calls("sendMessage")] == [500, 500, 500, 500, 200]
    assert "retry 3 of 3" in bot.logs() and "error while handling an update" in bot.logs()
    assert len(stored(db_path)) == 1
    (reply,) = api.ask("/log 1h fault item 2", user_id=1006)
    assert text_of(reply).startswith("✅ Logged")
    assert_token_not_logged(bot)


def test_getupdates_errors_back_off(api, make_bot, db_path):
    """500s and a 429 on getUpdates: the polling loop backs off and carries on."""
    api.fail_next(3, status=500, methods=["getUpdates"])
    api.fail_next(1, status=429, methods=["getUpdates"], retry_after=1)
    api.inject_message("/log 2h fault item 1", user_id=1002)
    bot = make_bot(wait_polling=False)
    (reply,) = api.wait_replies(1002, 1, timeout=40)
    assert text_of(reply).startswith("✅ Logged")
    statuses = [r.status for r in api.calls("getUpdates")]
    assert statuses.count(500) == 3 and statuses.count(429) == 1
    delays = re.findall(r"getUpdates failed \(NetworkError\); retrying in (\d+) s", bot.logs())
    assert delays == ["1", "2", "4"], bot.logs()  # exponential back-off
    assert "getUpdates rate limited; retrying in 1 s" in bot.logs()  # 429: retry_after
    assert_token_not_logged(bot)
    assert len(stored(db_path)) == 1


def test_reply_timeout(api, bot, db_path):
    """A sendMessage that hangs past the client's read timeout (and is never applied) is sent
    again: the /log is confirmed exactly once, and stored once."""
    api.hang_next(1, seconds=25, methods=["sendMessage"])
    api.inject_message("/log 1h fault item 1", user_id=1003)
    (reply,) = api.wait_replies(1003, 1, timeout=40)
    assert text_of(reply).startswith("✅ Logged") and "fault item 1" in text_of(reply)
    assert "sendMessage failed (TimedOut); retry 1 of 3" in bot.logs()
    assert "error while handling an update" not in bot.logs()
    (reply,) = api.ask("/log 1h fault item 2", user_id=1003)
    assert text_of(reply).startswith("✅ Logged")
    texts = [text_of(m) for m in api.messages_to(1003)]
    assert len(texts) == 2 and len(set(texts)) == 2, texts
    rows = stored(db_path)
    assert len(rows) == 2 and all(count == 1 for _, count in rows)
    assert_token_not_logged(bot)


def test_flood_limits(api, bot, db_path):
    """Above 30 messages a second or 1 a second in one chat the fake answers 429; the bot's
    limiter and retries get every reply through exactly once."""
    api.rate_limit(True)
    burst = [(f"/log 1h fault item {n}", 1004) for n in range(3)]
    burst += [(f"/log 1h fault item {n}", user) for n, user in enumerate(range(2001, 2040))]
    api.inject_many(burst)

    def done() -> bool:
        return len(answered_items(api, 1004)) == 3 and all(
            answered_items(api, user) for user in range(2001, 2040)
        )

    api.wait_until(done, 90, "every reply under the flood limits")
    assert any(r.status == 429 for r in api.calls("sendMessage")), "the limits never triggered"
    for chat in [1004, *range(2001, 2040)]:
        texts = [t for ts in answered_items(api, chat).values() for t in ts]
        assert all(t.startswith("✅ Logged") for t in texts) and len(texts) == len(set(texts))
    rows = stored(db_path)
    assert len(rows) == len(burst) and all(count == 1 for _, count in rows)


def test_unreachable_at_start_up_and_mid_run(api, make_bot, db_path):
    """Connection refused for OUTAGE seconds at start-up and again mid-run: the bot retries with
    back-off, then answers everything that queued up meanwhile, once."""
    api.unreachable()
    bot = make_bot(wait_polling=False)
    api.inject_messages([f"/log 1h fault item {n}" for n in range(3)], user_id=1005)
    # the outage counts from the bot's first attempt, not from the (load-dependent) process start
    api.wait_until(lambda: "starting long polling" in bot.logs(), 60, "the bot to start")
    time.sleep(OUTAGE)
    assert bot.alive(), bot.logs()
    api.reachable()
    api.wait_until(lambda: len(answered_items(api, 1005)) == 3, OUTAGE + 40, "the queued replies")
    # getMe is retried with back-off: by the request's retries, then by the start-up loop
    assert re.search(
        r"getMe failed \(NetworkError\); retry 1 of 3|unreachable at start-up", bot.logs()
    )

    api.wait_until(lambda: api.calls("getUpdates")[-1].status == 0, 10, "a long poll in flight")
    api.unreachable()  # mid-run: cuts the long poll in flight
    api.inject_messages([f"/log 1h fault item {n}" for n in range(3, 6)], user_id=1005)
    time.sleep(OUTAGE)
    assert bot.alive(), bot.logs()
    api.reachable()
    api.wait_until(lambda: len(answered_items(api, 1005)) == 6, OUTAGE + 40, "the replies after")

    by_item = answered_items(api, 1005)
    assert all(len(t) == 1 and t[0].startswith("✅ Logged") for t in by_item.values()), by_item
    rows = stored(db_path)
    assert len(rows) == 6 and all(count == 1 for _, count in rows)
    assert "getUpdates failed" in bot.logs()
    assert_token_not_logged(bot)


def test_refused_token_is_not_logged(api, make_bot, tmp_path):
    """A token the Bot API refuses (401): the bot exits with an error, and the token is not in
    its stderr (python-telegram-bot's InvalidToken message quotes it)."""
    api.token = "999999:SOME-other-token-abcdefghijklmnopqrstuvwxyz"
    bot = make_bot(env={"TELEGRAM_BOT_TOKEN": TOKEN}, wait_polling=False)
    assert bot.wait(30) == 1
    logs = bot.logs()
    assert "refused" in logs
    assert_token_not_logged(bot)
