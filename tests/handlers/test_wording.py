"""Wording a new user runs into: typos of commands, quiet hours, real days, rounding, CPR cards."""

from __future__ import annotations

import pytest

from handlers.account import nearest_command
from tests.harness import buttons


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("progres", "progress"),
        ("logg", "log"),
        ("LOGG", "log"),
        ("hist", "history"),
        ("edti", "edit"),
        ("delet", "delete"),
        ("calender", "calendar"),
        ("exprot", "export"),
        ("xyz", None),
        ("frobnicate", None),
    ],
)
def test_nearest_command(typed, meant):
    assert nearest_command(typed) == meant


async def test_mistyped_command_suggests_and_runs_the_nearest(bot):
    [reply] = await bot.send("/progres")
    assert "Did you mean <code>/progress</code>?" in reply["text"]
    [shown] = await bot.press(reply, "/progress")
    assert "You have logged 0 h" in shown["text"]


async def test_mistyped_command_with_text_suggests_it_whole(bot):
    [reply] = await bot.send("/delet 3")
    assert "Did you mean <code>/delete 3</code>?" in reply["text"]
    assert buttons(reply) == []  # the text would be lost: no button that drops it


async def test_mistyped_log_offers_to_log_it_once(bot):
    [offer] = await bot.send("/logg 2h mobility webinar")
    assert "Did you mean <code>/log 2h mobility webinar</code>?" in offer["text"]
    [logged] = await bot.press(offer, "Log it")
    assert "✅ Logged <b>#1</b>: 2 h · mobility webinar" in logged["text"]
    # A second tap (a slow client still shows the button): still one activity.
    again = await bot.feed(bot.sim.inject_callback(offer, "acct:typo:log"))
    assert "Already logged" in again[-1]["text"]
    assert len(bot.storage.activities(1001)) == 1


async def test_glued_log_and_no(bot):
    [offer] = await bot.send("/log3h workshop")
    assert "<code>/log 3h workshop</code>" in offer["text"]
    [declined] = await bot.press(offer, "No")
    assert "nothing logged" in declined["text"]
    assert bot.storage.activities(1001) == []


async def test_log_it_button_is_only_for_the_sender(bot):
    await bot.send("/start", user_id=2002)
    [offer] = await bot.send("/logg 2h x")
    await bot.press(offer, "Log it", user_id=2002)
    assert bot.storage.activities(2002) == [] and bot.storage.activities(1001) == []


async def test_remind_inside_quiet_hours_says_when_and_offers_to_move_them(bot):
    [reply] = await bot.send("/remind at 07:30")
    text = reply["text"]
    assert "07:30 is inside your quiet hours (22:00–08:00)" in text
    assert "they come at <b>08:00</b>" in text
    [moved] = await bot.press(reply, "Quiet until 07:30")
    settings = bot.services.settings(1001)
    assert settings.quiet_end.strftime("%H:%M") == "07:30"
    assert "sent around 07:30" in moved["text"] and "inside" not in moved["text"]


async def test_remind_in_evening_quiet_hours_moves_their_start(bot):
    [reply] = await bot.send("/remind at 23:00")
    await bot.press(reply, "Quiet from 23:01")
    assert bot.services.settings(1001).quiet_start.strftime("%H:%M") == "23:01"


async def test_remind_shows_the_real_days_left(bot):
    await bot.send("/cert NASM 2026-12-23")  # 25 days after the harness's 28 Nov: 30-day bucket
    text = await bot.reply_text("/remind")
    assert "NASM renews by 23 Dec 2026: 25 days left." in text
    assert "renewal in 25 days" in text
    assert "30 days" not in text


async def test_log_rounds_half_up(bot):
    await bot.send("/cert NASM 2027-06-30")
    [reply] = await bot.send("/log 45 min mobility webinar")
    assert "NASM +0.08 CEU" in reply["text"]  # 0.075 CEU; float rounding said 0.07


async def test_cpr_course_says_what_the_card_is_for(bot):
    await bot.send("/cert NASM 2027-06-30")
    await bot.send("/cert ACE 2027-06-30")
    [reply] = await bot.send("/log 1h CPR/AED course")
    text = reply["text"]
    assert "+0.0" not in text and "ACE +0" not in text and " 0 CEC" not in text
    assert "• NASM +0.1 CEU" in text
    assert "ACE: keeps your CPR/AED card current, which ACE requires to renew" in text


async def test_cpr_course_for_a_card_only_body_alone(bot):
    await bot.send("/cert ACE 2027-06-30")
    [reply] = await bot.send("/log 1h CPR/AED course")
    assert "Counts toward" not in reply["text"] and "Outside" not in reply["text"]
    assert "keeps your CPR/AED card current" in reply["text"]
