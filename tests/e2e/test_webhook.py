"""Webhook mode: RECERTBOT_WEBHOOK_URL/LISTEN/PORT/SECRET run our webhook route; updates with the
right secret header are handled before the 200, wrong or missing ones refused (403) unstored."""

from __future__ import annotations

import re

from tests.fakeapi import (
    db_rows,
    deliver_webhook,
    free_port,
    listening,
    post_webhook,
    replies_by_item,
    text_of,
)

SECRET = "e2e-webhook-secret_0123456789"


def post(port: int, update: dict, secret: str | None) -> int:
    return post_webhook(port, update, secret, timeout=10)


def webhook_env(port: int) -> dict[str, str]:
    return {
        "RECERTBOT_WEBHOOK_URL": "https://recertbot.example.invalid/telegram",
        "RECERTBOT_WEBHOOK_LISTEN": "127.0.0.1",
        "PORT": str(port),
        "RECERTBOT_WEBHOOK_SECRET": SECRET,
    }


def start_webhook_bot(api, make_bot, port: int):
    """Start bot.py in webhook mode; wait until it listens and has (again) called setWebhook."""
    before = len(api.calls("setWebhook"))
    bot = make_bot(env=webhook_env(port), wait_polling=False)
    api.wait_until(
        lambda: len(api.calls("setWebhook")) > before and listening(port) or not bot.alive(),
        30,
        "the webhook server",
    )
    assert bot.alive(), bot.logs()
    return bot


def test_webhook_with_secret(api, make_bot, db_path):
    port = free_port()
    bot = start_webhook_bot(api, make_bot, port)
    (method, params), *_ = [c for c in api.sim.calls if c[0] == "setWebhook"]
    assert params["url"] == "https://recertbot.example.invalid/telegram"
    assert params["secret_token"] == SECRET
    assert not api.calls("getUpdates"), "webhook mode must not poll"

    # Wrong or missing secret: refused, nothing handled, nothing stored.
    assert post(port, api.make_update("/log 5h sneaky workshop", user_id=3001), "wrong") == 403
    assert post(port, api.make_update("/log 5h sneaky workshop", user_id=3001), None) == 403
    assert post(port, ["not", "an", "update"], SECRET) == 400  # type: ignore[arg-type]

    # The right secret: handled, stored and answered before the 200.
    assert post(port, api.make_update("/log 2h webhook workshop", user_id=3002), SECRET) == 200
    (reply,) = api.messages_to(3002)
    assert text_of(reply).startswith("✅ Logged") and "webhook workshop" in text_of(reply)
    assert db_rows(db_path, "select user_id, hours from activities") == [(3002, 2.0)]
    assert api.messages_to(3001) == []

    bot.terminate()
    assert bot.wait(10) == 0


USER = 4001
BURST = 200
ITEM = re.compile(r"webhook item (\d+)\b")


def replies(api) -> dict[int, list[str]]:
    return replies_by_item(api, USER, ITEM)


def test_kill_9_mid_burst_on_the_webhook_loses_and_doubles_nothing(api, make_bot, db_path):
    """200 /log posted the way Telegram posts them (40 connections at once, every update not
    answered 2xx posted again later), kill -9 at about 40 % answered: exactly 200 h."""
    port = free_port()
    first = start_webhook_bot(api, make_bot, port)
    updates = [api.make_update(f"/log 1h webhook item {n}", user_id=USER) for n in range(BURST)]
    delivery = deliver_webhook(port, updates, SECRET)

    api.wait_until(lambda: api.count_to(USER) >= BURST * 40 // 100, 60, "40 % of the replies")
    first.kill()
    statuses = delivery.result(timeout=90)
    answered_before_kill = len(replies(api))
    not_ok = [u for u in updates if not 200 <= statuses[u["update_id"]] < 300]
    assert answered_before_kill < BURST, "the bot finished before it could be killed"
    print(f"answered before the kill: {answered_before_kill}, to redeliver: {len(not_ok)}")

    # Telegram posts again whatever was not answered 2xx, until it is.
    start_webhook_bot(api, make_bot, port)
    for _ in range(5):
        if not not_ok:
            break
        statuses = deliver_webhook(port, not_ok, SECRET).result(timeout=120)
        not_ok = [u for u in not_ok if not 200 <= statuses[u["update_id"]] < 300]
    assert not not_ok, statuses

    rows = db_rows(
        db_path,
        "select count(*), count(distinct message_id), sum(hours) from activities "
        "where user_id = ? and deleted = 0",
        (USER,),
    )
    # Exactly 200 h, one row per message; every /log answered, none confirmed twice.
    assert rows == [(BURST, BURST, float(BURST))]
    by_item = replies(api)
    assert sorted(by_item) == list(range(BURST))
    for item, texts in by_item.items():
        fresh = [t for t in texts if t.startswith("✅ Logged")]
        again = [t for t in texts if t.startswith("Already logged")]
        assert len(fresh) <= 1 and len(fresh) + len(again) == len(texts), (item, texts)

    since = api.count_to(USER)
    assert post(port, api.make_update("/progress", user_id=USER), SECRET) == 200
    (progress,) = api.messages_to(USER)[since:]
    assert f"You have logged {BURST} h" in text_of(progress), text_of(progress)


def test_sigterm_on_the_webhook_finishes_what_is_in_flight(api, make_bot, db_path):
    """SIGTERM mid-burst: the server stops taking requests, the updates in flight are handled and
    answered 200, the process exits 0; every update answered 200 is stored and confirmed."""
    user, burst = 4002, 40
    port = free_port()
    bot = start_webhook_bot(api, make_bot, port)
    updates = [api.make_update(f"/log 1h stop item {n}", user_id=user) for n in range(burst)]
    delivery = deliver_webhook(port, updates, SECRET)
    api.wait_until(lambda: api.count_to(user) >= 5, 30, "the first replies")
    bot.terminate()
    assert bot.wait(10) == 0, bot.logs()[-2000:]
    assert "stopped cleanly" in bot.logs()
    statuses = delivery.result(timeout=30)
    ok = {u["message"]["message_id"] for u in updates if statuses[u["update_id"]] == 200}
    stored = {r[0] for r in db_rows(db_path, "select message_id from activities")}
    confirmed = {
        int(re.search(r"stop item (\d+)", text_of(m)).group(1)) for m in api.messages_to(user)
    }
    assert ok and ok == stored, (sorted(ok), sorted(stored))
    assert len(confirmed) == len(ok)
    assert set(statuses.values()) <= {0, 200}, statuses  # refused once stopping, never a 5xx


def test_a_reply_that_cannot_be_sent_gets_the_update_redelivered(api, make_bot, db_path):
    """The Bot API answers 500 to the reply and all its retries (and to the apology): the webhook
    answers 500, so Telegram posts the update again; the second try finds it stored and says so.
    Stored once, never confirmed twice."""
    port = free_port()
    start_webhook_bot(api, make_bot, port)
    api.fail_next(8, status=500, methods=["sendMessage"])  # the reply and the apology, 4 tries each
    update = api.make_update("/log 2h redelivered workshop", user_id=4003)
    assert post(port, update, SECRET) == 500
    assert api.faults_left() == 0 and api.messages_to(4003) == []
    assert db_rows(db_path, "select user_id, hours from activities") == [(4003, 2.0)]

    assert post(port, update, SECRET) == 200  # Telegram's redelivery
    (reply,) = api.messages_to(4003)
    assert text_of(reply).startswith("Already logged") and "redelivered workshop" in text_of(reply)
    assert db_rows(db_path, "select user_id, hours from activities") == [(4003, 2.0)]
