"""The command table (handlers.commands.CommandTable) matches what one CommandHandler per
command matched: a new message starting with a bot command, any case, "@thisbot" or no bot
named; the words after it are the arguments; anything else goes on to the other handlers."""

from __future__ import annotations

import pytest

from handlers.commands import COMMANDS


@pytest.mark.parametrize(
    "typed", ["/log 2h webinar", "/LOG 2h webinar", "/Log@recertbot_test_bot 2h webinar"]
)
async def test_a_command_runs_with_its_arguments(bot, typed):
    [reply] = await bot.send(typed)
    assert "Logged" in reply["text"] and "2 h" in reply["text"] and "webinar" in reply["text"]


async def test_a_command_for_another_bot_is_not_ours(bot):
    replies = await bot.send("/log@some_other_bot 2h webinar")
    assert not any("Logged" in r.get("text", "") for r in replies)
    assert bot.storage.count_activities(1001) == 0


async def test_an_edited_command_is_not_run_again(bot):
    update = bot.sim.inject_message("/log 3h seminar", user_id=1001)
    await bot.feed(update)
    edited = bot.sim.inject_edited(update["message"], "/log 9h seminar")
    replies = await bot.feed(edited)
    assert not any("Logged" in r.get("text", "") for r in replies)
    assert bot.storage.count_activities(1001) == 1


async def test_text_not_starting_with_a_command_is_a_question_or_chat(bot):
    replies = await bot.send("please /log 2h webinar")
    assert not any(r.get("text", "").startswith("✅ Logged") for r in replies)
    assert bot.storage.count_activities(1001) == 0


@pytest.mark.parametrize("command", [c.name for c in COMMANDS] + ["tz"])
async def test_every_command_in_the_table_answers(bot, command):
    replies = await bot.send(f"/{command}")
    assert replies, command
    assert not any("Did you mean" in r.get("text", "") for r in replies), command
