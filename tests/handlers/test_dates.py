"""One date reader for /log, /edit, /cert and /cpr: month first in US zones, day first elsewhere,
buttons when both readings are dates, the date echoed in words."""

import re
from datetime import date

from tests.harness import button_data, buttons


def labels(message):
    return [label for label, _ in buttons(message)]


async def test_cert_numeric_date_follows_a_us_zone_and_asks(bot):
    await bot.send("/timezone America/New_York")
    [question] = await bot.send("/cert NASM 03/04/2027")
    assert labels(question) == ["4 March 2027", "3 April 2027"]
    assert bot.storage.certification(1001, "NASM") is None
    [saved] = await bot.press(question, "4 March 2027")
    assert "4 Mar 2027" in saved["text"]
    assert bot.storage.certification(1001, "NASM").deadline == date(2027, 3, 4)


async def test_cert_numeric_date_is_day_first_elsewhere(bot):
    await bot.send("/timezone Europe/London")
    [question] = await bot.send("/cert NASM 03/04/2027")
    assert labels(question) == ["3 April 2027", "4 March 2027"]


async def test_only_one_valid_reading_needs_no_question(bot):
    await bot.send("/timezone Europe/London")
    text = await bot.reply_text("/cert NASM 06/30/2027")
    assert "30 Jun 2027" in text
    assert bot.storage.certification(1001, "NASM").deadline == date(2027, 6, 30)


async def test_us_locale_reads_month_first_too(bot):
    message = bot.sim.make_message("/cert NASM 03/04/2027", user_id=1001)
    message["from"]["language_code"] = "en-US"
    [question] = await bot.feed(bot.sim.push_update({"message": message}))
    assert labels(question)[0] == "4 March 2027"


async def test_log_ambiguous_date_asks_and_stores_the_choice(bot):
    await bot.send("/timezone America/Chicago")
    [question] = await bot.send("/log 2h kettlebell workshop 3/4")
    assert labels(question) == ["4 March 2026", "3 April 2026"]
    assert bot.storage.count_activities(1001) == 0
    sent = await bot.press(question, "3 April 2026")
    assert "3 Apr 2026" in sent[-1]["text"] and "Logged" in sent[-1]["text"]
    [activity] = bot.storage.activities(1001)
    assert (activity.activity_date, activity.title) == (date(2026, 4, 3), "kettlebell workshop")


async def test_log_date_that_can_only_be_past_one_way_is_not_asked(bot):
    await bot.send("/timezone America/New_York")
    text = await bot.reply_text("/log 2h workshop 11/27")  # 27 Nov; 11 of month 27 is no date
    assert "27 Nov 2026" in text


async def test_cpr_ambiguous_date_asks(bot):
    await bot.send("/timezone America/Los_Angeles")
    [question] = await bot.send("/cpr 03/04/2027")
    data = button_data(question, "4 March 2027")
    sent = await bot.feed(bot.sim.inject_callback(question, data, user_id=1001))
    assert "4 Mar 2027" in sent[-1]["text"]
    assert bot.services.settings(1001).cpr_expiry == date(2027, 3, 4)


async def test_edit_ambiguous_date_asks_and_changes_only_the_date(bot):
    [logged] = await bot.send("/log 3h kettlebell workshop")
    activity_id = re.search(r"#(\d+)", logged["text"]).group(1)
    [question] = await bot.send(f"/edit {activity_id} 3/4")  # UTC: day first
    assert labels(question) == ["3 April 2026", "4 March 2026"]
    await bot.press(question, "4 March 2026")
    [activity] = bot.storage.activities(1001)
    assert (activity.activity_date, activity.hours, activity.title) == (
        date(2026, 3, 4),
        3.0,
        "kettlebell workshop",
    )
