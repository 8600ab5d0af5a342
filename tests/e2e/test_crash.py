"""kill -9 in the middle of a burst of /log messages: nothing lost, nothing doubled."""

from __future__ import annotations

import re

from tests.fakeapi import db_rows, replies_by_item, text_of

USER = 1001
BURST = 200
ITEM = re.compile(r"crash item (\d+)\b")


def replies(api) -> dict[int, list[str]]:
    return replies_by_item(api, USER, ITEM)


def test_kill_9_mid_burst_loses_and_doubles_nothing(api, make_bot, db_path):
    first = make_bot()
    api.inject_messages([f"/log 1h crash item {n}" for n in range(BURST)], user_id=USER)

    # Kill the bot when about 40 % of the burst is answered.
    api.wait_until(lambda: api.count_to(USER) >= BURST * 40 // 100, 60, "40 % of the replies")
    first.kill()
    answered_before_kill = len(replies(api))
    assert answered_before_kill < BURST, "the bot finished before it could be killed"

    # Start again on the same database: Telegram (the fake) delivers the unconfirmed updates again.
    make_bot()
    api.wait_until(lambda: len(replies(api)) == BURST, 90, "every /log to be answered")

    by_item = replies(api)
    assert sorted(by_item) == list(range(BURST))
    for item, texts in by_item.items():
        fresh = [t for t in texts if t.startswith("✅ Logged")]
        again = [t for t in texts if t.startswith("Already logged")]
        assert len(fresh) <= 1 and len(fresh) + len(again) == len(texts), (item, texts)
    replayed = sum(1 for texts in by_item.values() for t in texts if t.startswith("Already logged"))
    print(f"answered before the kill: {answered_before_kill}, replayed after: {replayed}")
    assert replayed >= 1, "the kill landed between batches: the replay path was not exercised"

    # Exactly 200 h, one row per message.
    rows = db_rows(
        db_path,
        "select count(*), count(distinct message_id), sum(hours) from activities "
        "where user_id = ? and deleted = 0",
        (USER,),
    )
    assert rows == [(BURST, BURST, float(BURST))]
    (progress,) = api.ask("/progress", user_id=USER)
    assert f"You have logged {BURST} h" in text_of(progress), text_of(progress)
