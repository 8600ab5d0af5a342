"""Start, help, the command table, time zones, forget, odd input and group privacy."""

from pathlib import Path

from handlers.commands import COMMANDS, help_text
from tests.harness import buttons

ROOT = Path(__file__).resolve().parents[2]


async def test_start_welcomes_with_examples(bot):
    [reply] = await bot.send("/start")
    assert "/log 3h" in reply["text"] and "/cert NASM" in reply["text"]
    assert buttons(reply)


async def test_every_command_is_registered_documented_and_in_the_menu(bot):
    text = await bot.reply_text("/help")
    menu = {c["command"] for c in bot.sim.commands}
    for command in COMMANDS:
        assert f"/{command.name}" in text, command.name
        assert command.name in menu
        assert command.example.startswith(f"/{command.name}")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"/{command.name}" in readme, f"/{command.name} missing from README"
    assert text == help_text()


async def test_timezone_by_name_city_and_location(bot):
    assert "Europe/London" in await bot.reply_text("/timezone Europe/London")
    assert bot.services.settings(1001).timezone == "Europe/London"
    assert "America/New_York" in await bot.reply_text("/tz new york")
    assert "don't know" in await bot.reply_text("/timezone Mars/Olympus")
    await bot.send(None, location={"latitude": -33.87, "longitude": 151.21})
    assert bot.services.settings(1001).timezone == "Australia/Sydney"


async def test_timezone_offsets_mean_what_they_say(bot):
    # START is 12:00 UTC
    text = await bot.reply_text("/timezone GMT+2")
    assert "UTC+2" in text and "14:00" in text
    assert bot.services.settings(1001).timezone == "Etc/GMT-2"
    assert "07:00" in await bot.reply_text("/timezone UTC-5")
    text = await bot.reply_text("/timezone +0530")
    assert "Asia/Kolkata" in text and "17:30" in text


async def test_timezone_abbreviations_name_a_zone_with_daylight_saving(bot):
    for typed, zone in (("PST", "America/Los_Angeles"), ("EST", "America/New_York"),
                        ("CET", "Europe/Berlin"), ("AEST", "Australia/Sydney")):  # fmt: skip
        text = await bot.reply_text(f"/timezone {typed}")
        assert zone in text, typed
        assert bot.services.settings(1001).timezone == zone


async def test_absurdly_long_timezone_is_refused_with_help(bot):
    [sent] = await bot.send("/timezone " + "x" * 300)
    assert "don't know" in sent["text"] and "/timezone America/New_York" in sent["text"]
    assert len(sent["text"]) < 400
    assert bot.services.settings(1001).timezone == "UTC"


async def test_dates_follow_the_users_zone(bot):
    bot.clock.advance(hours=11, minutes=30)  # 23:30 UTC on 28 Nov is 10:30 on 29 Nov in Sydney
    await bot.send("/timezone Australia/Sydney")
    text = await bot.reply_text("/log 1h webinar")
    assert "29 Nov 2026" in text


async def test_forget_leaves_no_row_behind(bot):
    await bot.send("/cert NASM 2027-06-30")
    await bot.send("/cpr 2027-03-01")
    pdf = bot.sim.upload(b"%PDF", "c.pdf", "application/pdf")
    await bot.send(
        None, caption="/log 2h course", document={"file_id": pdf.file_id, "file_unique_id": "u"}
    )
    await bot.send("/start", user_id=2002)
    await bot.send("/log 1h other", user_id=2002)
    [confirm] = await bot.send("/forget")
    assert sum(bot.storage.rows_of_user(1001).values()) > 0
    [done] = await bot.press(confirm, "Yes, delete")
    assert "deleted" in done["text"]
    assert bot.storage.rows_of_user(1001) == {t: 0 for t in bot.storage.rows_of_user(1001)}
    assert bot.storage.count_activities(2002) == 1


async def test_unknown_command_and_other_bots_command(bot):
    assert "don't know /frobnicate" in await bot.reply_text("/frobnicate")
    assert await bot.send("/log@otherbot 3h workshop") == []
    assert bot.storage.count_activities(1001) == 0
    text = await bot.reply_text(f"/log@{bot.sim.bot_username} 1h webinar")
    assert "Logged" in text


async def test_stickers_voice_and_edits(bot):
    assert "only read text" in await bot.reply_text(None, sticker=True)
    assert "only read text" in await bot.reply_text(None, voice=True)
    update = bot.sim.inject_message("/log 1h webinar")
    await bot.feed(update)
    sent = await bot.feed(bot.sim.inject_edited(update["message"], "/log 5h webinar"))
    assert "/edit" in sent[0]["text"]
    assert [a.hours for a in bot.storage.activities(1001)] == [1.0]


async def test_hostile_text_never_breaks_html(bot):
    for text in ("<b>", "a & b < c", "'; DROP TABLE activities; --", "\u202eevil\u202c", "zero\u200bwidth",
                 "🏋️‍♀️💪", "x" * 4096, "/log 1h <i>unclosed"):  # fmt: skip
        sent = await bot.send(text)
        assert sent and all(m.get("text") for m in sent), text
    assert "activities" in bot.storage.db.table_names()


async def test_group_personal_commands_go_private(bot):
    await bot.send("/start")  # the user has a private chat with the bot
    await bot.send("/log 2h webinar")
    sent = await bot.send("/progress", chat_id=-500, chat_type="group")
    group = [m for m in sent if m["chat"]["id"] == -500]
    private = [m for m in sent if m["chat"]["id"] == 1001]
    assert private and "2 h" in private[0]["text"]
    assert group and "private chat" in group[0]["text"] and "2 h" not in group[0]["text"]
    # a user who never started the bot gets a deep link instead
    sent = await bot.send("/history", user_id=3003, chat_id=-500, chat_type="group")
    assert len(sent) == 1 and sent[0]["chat"]["id"] == -500
    assert any("start=history" in data for _, data in buttons(sent[0]))


async def test_group_questions_only_when_mentioned(bot):
    assert await bot.send("do ceus count toward a degree", chat_id=-500, chat_type="group") == []
    sent = await bot.send(
        f"@{bot.sim.bot_username} do ceus count toward a degree", chat_id=-500, chat_type="group"
    )
    assert sent and sent[0]["chat"]["id"] == -500
