"""Questions through the real Application: answers, did-you-mean, out of scope, inline mode."""

from handlers.faq import TOPICS
from knowledge.faq import load_faq
from tests.harness import buttons


async def test_question_gets_answer_with_source_last(bot):
    [reply] = await bot.send("do ceus count toward my degree")
    entry = load_faq().match("do ceus count toward my degree").entry
    assert entry is not None and entry.id == "ceu-degree"
    assert reply["text"].strip().splitlines()[-1].startswith("<i>Source")
    assert buttons(reply)


async def test_typo_question_still_answered(bot):
    text = await bot.reply_text("how many hrs is 2.0 nasm ceus")
    assert "20 hours" in text


async def test_out_of_scope_is_kind_with_topic_buttons(bot):
    [reply] = await bot.send("what's the weather like tomorrow")
    assert "Source" not in reply["text"]
    assert len(reply["text"].splitlines()) <= 3
    datas = [data for _, data in buttons(reply)]
    assert datas == [f"faq:{entry_id}" for _, entry_id in TOPICS]
    [answer] = await bot.press(reply, datas[0])
    assert "Source" in answer["text"]


async def test_did_you_mean_buttons_answer_when_pressed(bot):
    index = load_faq()
    ambiguous = next(
        (
            q
            for q in ("ceus", "cpr", "renewal", "hours", "nasm", "grace", "credits", "ace")
            if index.match(q).kind == "choose"
        ),
        None,
    )
    assert ambiguous is not None, "no ambiguous probe produced a did-you-mean"
    [reply] = await bot.send(ambiguous)
    assert reply["text"].startswith("Did you mean")
    options = buttons(reply)
    assert 2 <= len(options) <= 3 and all(len(data.encode()) <= 64 for _, data in options)
    [answer] = await bot.press(reply, options[0][1])
    assert (
        answer["text"] == index.entries[options[0][1].removeprefix("faq:")].answer
        or "Source" in answer["text"]
    )


async def test_greetings_and_thanks_are_small_talk(bot):
    for text in ("hi", "thanks!", "good morning"):
        reply = await bot.reply_text(text)
        assert "Sorry" not in reply and "Source" not in reply, text


async def test_inline_mode_returns_top_answers(bot):
    await bot.feed(bot.sim.inject_inline("how many ceus for ace"))
    [answer] = bot.sim.inline_answers
    results = answer["results"]
    assert 1 <= len(results) <= 3
    assert (
        "ACE" in results[0]["title"] or "ACE" in results[0]["input_message_content"]["message_text"]
    )
    await bot.feed(bot.sim.inject_inline("tell me a joke"))
    assert bot.sim.inline_answers[-1]["results"] == []


def test_every_callback_data_fits_64_bytes():
    for entry_id in load_faq().entries:
        assert len(f"faq:{entry_id}".encode()) <= 64, entry_id


def test_commands_named_in_answers_exist():
    import re

    from handlers.commands import COMMANDS

    known = {c.name for c in COMMANDS} | {"tz"}
    found = set()
    for entry in load_faq().entries.values():
        for name in re.findall(r"(?<![\w/.<])/([a-z]+)\b", entry.answer):
            assert name in known, (entry.id, name)
            found.add(name)
    assert {"log", "progress", "cert", "remind"} <= found
