"""Nudges through the real Application: the sweep with a controllable clock, restarts, failures."""

import re
from datetime import UTC, datetime

from icalendar import Calendar

from runtime.botapi import ApiError
from tests.harness import Harness, buttons


async def setup_nasm(bot, deadline="2026-12-28"):
    await bot.send("/cert NASM " + deadline)  # 30 days after the harness's 28 Nov 2026


async def test_due_nudge_is_sent_once_with_buttons(bot):
    await setup_nasm(bot)
    [nudge] = await bot.sweep()
    assert "NASM" in nudge["text"] and "20 h" in nudge["text"]
    labels = [label for label, _ in buttons(nudge)]
    assert any("Log" in label for label in labels) and any("Snooze" in label for label in labels)
    assert any("Stop" in label for label in labels)
    assert await bot.sweep() == []
    bot.clock.advance(hours=1)
    assert await bot.sweep() == []


async def test_nothing_in_quiet_hours_then_sent_in_the_morning(bot):
    bot.clock.now = datetime(2026, 11, 28, 23, 0, tzinfo=UTC)
    await setup_nasm(bot, "2026-12-29")
    assert await bot.sweep() == []
    bot.clock.now = datetime(2026, 11, 29, 8, 59, tzinfo=UTC)
    assert await bot.sweep() == []
    bot.clock.now = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
    assert len(await bot.sweep()) == 1


async def test_local_morning_follows_the_time_zone(bot):
    bot.clock.now = datetime(2026, 11, 28, 6, 0, tzinfo=UTC)
    await bot.send("/timezone America/New_York")
    await setup_nasm(bot)
    bot.clock.now = datetime(2026, 11, 28, 13, 59, tzinfo=UTC)  # 08:59 in New York
    assert await bot.sweep() == []
    bot.clock.now = datetime(2026, 11, 28, 14, 0, tzinfo=UTC)  # 09:00 in New York
    [nudge] = await bot.sweep()
    assert "NASM" in nudge["text"]


async def test_restart_in_the_middle_never_repeats(tmp_path):
    db = str(tmp_path / "bot.db")
    async with Harness(db_path=db) as first:
        await setup_nasm(first)
        assert len(await first.sweep()) == 1
    async with Harness(db_path=db) as second:  # the process restarted on the same database
        second.sim.private_chats.add(1001)
        assert await second.sweep() == []
        second.clock.now = datetime(2026, 12, 14, 9, 0, tzinfo=UTC)  # 14 days before
        [nudge] = await second.sweep()
        assert "14 days" in nudge["text"]


async def test_downtime_sends_the_latest_milestone_only(bot):
    await bot.send("/cert NASM 2027-01-28")  # 61 days ahead: the 60-day nudge is tomorrow
    bot.clock.now = datetime(2027, 1, 15, 10, 0, tzinfo=UTC)  # the bot was down for weeks
    sent = await bot.sweep()
    assert len(sent) == 1 and "13 days" in sent[0]["text"]
    assert await bot.sweep() == []


async def test_blocked_user_is_marked_inactive_and_reactivated(bot):
    await setup_nasm(bot)
    bot.sim.blocked.add(1001)
    assert await bot.sweep() == []
    assert not bot.storage.is_active(1001)
    bot.sim.blocked.discard(1001)
    await bot.send("hi")
    assert bot.storage.is_active(1001)


async def test_failed_send_is_retried_on_the_next_sweep(bot, monkeypatch):
    await setup_nasm(bot)
    original = bot.sim._m_sendmessage
    calls = {"n": 0}

    def flaky(params, files):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ApiError(500, "Internal Server Error")
        return original(params, files)

    monkeypatch.setattr(bot.sim, "_m_sendmessage", flaky)
    assert await bot.sweep() == []
    [nudge] = await bot.sweep()
    assert "NASM" in nudge["text"]


async def test_snooze_and_stop_buttons(bot):
    await setup_nasm(bot)
    [nudge] = await bot.sweep()
    [answer] = await bot.press(nudge, "Snooze")
    assert "snoozed" in answer["text"] and "UTC" in answer["text"]
    bot.clock.now = datetime(
        2026, 12, 14, 9, 0, tzinfo=UTC
    )  # 14-day milestone, but snoozed a week? no: 16 days later
    [later] = await bot.sweep()
    [stopped] = await bot.press(later, "Stop")
    assert "No more NASM" in stopped["text"]
    bot.clock.now = datetime(2026, 12, 21, 9, 0, tzinfo=UTC)
    assert await bot.sweep() == []


async def test_remind_settings_show_next_nudge_and_switch(bot):
    await bot.send("/cert NASM 2027-06-30")
    text = await bot.reply_text("/remind")
    assert "on" in text and "09:00" in text and "UTC" in text and "Next:" in text
    text = await bot.reply_text("/remind at 18:30")
    assert "18:30" in text
    assert bot.services.settings(1001).remind_at.strftime("%H:%M") == "18:30"
    await bot.send("/remind off")
    assert not bot.services.settings(1001).reminders_on
    await bot.send("/cert ACE 2026-12-28")
    assert await bot.sweep() == []
    assert "/remind at 18:30" in await bot.reply_text("/remind whenever")


async def test_calendar_file_holds_deadlines_and_cpr(bot):
    await bot.send("/cert NASM 2027-06-30")
    await bot.send("/cpr 2027-03-01")
    [doc] = await bot.send("/calendar")
    content = bot.sim.files[doc["document"]["file_id"]].content
    events = [c for c in Calendar.from_ical(content).walk("VEVENT")]
    starts = {e.decoded("dtstart").isoformat() for e in events}
    assert "2027-06-30" in starts and "2027-03-01" in starts


async def test_calendar_has_a_real_stamp_no_telegram_ids_and_no_past_milestones(bot):
    await bot.send("/cert NASM 2027-01-15")  # 48 days away: the 90-day milestone is past
    await bot.send("/cpr 2027-03-01")
    [doc] = await bot.send("/calendar")
    content = bot.sim.files[doc["document"]["file_id"]].content
    events = list(Calendar.from_ical(content).walk("VEVENT"))
    assert {e.decoded("dtstamp") for e in events} == {bot.clock()}
    # UIDs are keyed hashes; the Telegram user id appears nowhere else either.
    assert all(re.fullmatch(r"[0-9a-f]{32}@recertbot", str(e["UID"])) for e in events)
    assert b"1001" not in re.sub(rb"UID:[^\r\n]*", b"", content)
    summaries = {str(e["SUMMARY"]) for e in events}
    assert "NASM: 90 days to renewal" not in summaries
    assert {"NASM: 30 days to renewal", "NASM: 7 days to renewal"} <= summaries
    assert all(e.decoded("dtstart") >= bot.clock().date() for e in events)
    # A later export keeps the UIDs (a re-import updates the events).
    bot.clock.advance(days=1)
    [again] = await bot.send("/calendar")
    later = Calendar.from_ical(bot.sim.files[again["document"]["file_id"]].content)
    assert {str(e["UID"]) for e in later.walk("VEVENT")} == {str(e["UID"]) for e in events}


async def test_sweep_query_skips_users_with_nothing_due(bot):
    await bot.send("/cert NASM 2028-11-20")  # a cycle that just began: nothing due for months
    await bot.send("/start", user_id=2002)  # no certification at all
    now = bot.clock()
    assert bot.storage.users_due(now) == []
    row = bot.storage.db["users"].get(1001)
    assert row["next_due_at"] > now.isoformat()
    plan = bot.storage.db.execute(
        "explain query plan select id from users where next_due_at is not null and next_due_at <= ?",
        ["x"],
    ).fetchall()
    assert "idx_users_next_due" in str(plan)


async def test_remind_says_due_now_instead_of_a_past_time(bot):
    await bot.send("/cert NASM 2026-12-28")  # the 30-day nudge is due at 09:00; it is noon
    text = await bot.reply_text("/remind")
    assert "due now" in text
