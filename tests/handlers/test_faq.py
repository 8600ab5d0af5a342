"""Questions through the real Application: answers per body, personal questions, did-you-mean,
out of scope, inline mode."""

import re

from handlers.faq import TOPICS, decode, encode
from knowledge.answers import load_knowledge
from knowledge.corpus import load_corpus
from knowledge.faq import BODY_MENU, load_matcher
from tests.harness import buttons


async def test_question_gets_answer_with_source_last(bot):
    [reply] = await bot.send("do ceus count toward my degree")
    assert load_matcher().match("do ceus count toward my degree").topic == "ceu-degree"
    assert reply["text"].strip().splitlines()[-1].startswith("<i>Source")
    assert buttons(reply)


async def test_a_body_question_gets_that_bodys_facts_and_next_steps(bot):
    [reply] = await bot.send("how much does it cost to renew my NASM cert?")
    assert "$99" in reply["text"] and "nasm.org" in reply["text"]
    datas = [data for _, data in buttons(reply)]
    assert "faq:late:NASM" in datas
    [late] = await bot.press(reply, "faq:late:NASM")
    assert "90 days" in late["text"]


async def test_without_a_body_the_saved_certification_answers(bot):
    await bot.send("/cert ISSA 2027-06-30")
    text = await bot.reply_text("how many ceus do i need")
    assert "ISSA" in text and "NASM" not in text and "20 CEUs" in text


async def test_typo_question_still_answered(bot):
    text = await bot.reply_text("how many hrs is 2.0 nasm ceus")
    assert "20 hours" in text


async def test_out_of_scope_is_kind_with_topic_buttons(bot):
    [reply] = await bot.send("what's the weather like tomorrow")
    assert "Source" not in reply["text"]
    assert len(reply["text"].splitlines()) <= 3
    datas = [data for _, data in buttons(reply)]
    assert datas == [f"faq:{t}" for t in TOPICS]
    [answer] = await bot.press(reply, datas[0])
    assert "Source" in answer["text"]


async def test_a_log_that_cannot_be_read_suggests_the_log_form(bot):
    text = await bot.reply_text("I did a workshop thing for like some hours yesterday ok")
    assert "/log" in text


async def test_did_you_mean_buttons_answer_when_pressed(bot):
    matcher = load_matcher()
    labels = [t.label for t in load_knowledge().topics.values()]
    # corpus rows first; the model has learned those, so two topics' labels side by side too
    probes = [e.text for e in load_corpus()] + [
        f"{a} {b}" for a in labels for b in labels if a != b
    ]
    ambiguous = next(
        (
            text
            for text in probes
            if (m := matcher.match(text)).kind == "choose"
            and m.candidates != BODY_MENU
            and not m.candidates[0].startswith("my-")
        ),
        None,
    )
    assert ambiguous is not None, "no ambiguous probe produced a did-you-mean"
    [reply] = await bot.send(ambiguous)
    assert reply["text"].startswith("Did you mean")
    options = buttons(reply)
    assert 1 <= len(options) <= 3 and all(len(data.encode()) <= 64 for _, data in options)
    [answer] = await bot.press(reply, options[0][1])
    topic, body = decode(options[0][1])
    assert answer["text"] == load_knowledge().answer(topic, (body,) if body else ())


async def test_a_body_named_alone_offers_its_topics(bot):
    [reply] = await bot.send("nasm?")
    assert "NASM" in reply["text"]
    datas = [data for _, data in buttons(reply)]
    assert datas == [f"faq:{t}:NASM" for t in BODY_MENU]
    [answer] = await bot.press(reply, "faq:fees:NASM")
    assert "$99" in answer["text"]


async def test_greetings_and_thanks_are_small_talk(bot):
    for text in ("hi", "thanks!", "good morning"):
        reply = await bot.reply_text(text)
        assert "Sorry" not in reply and "Source" not in reply, text


async def test_inline_mode_returns_answers(bot):
    await bot.feed(bot.sim.inject_inline("how many ceus for ace"))
    [answer] = bot.sim.inline_answers
    results = answer["results"]
    assert 1 <= len(results) <= 3
    assert "ACE" in results[0]["input_message_content"]["message_text"]
    await bot.feed(bot.sim.inject_inline("tell me a joke"))
    assert bot.sim.inline_answers[-1]["results"] == []


# --- personal questions ---------------------------------------------------------------------


async def test_personal_questions_without_a_certification_say_how_to_add_one(bot):
    for text in ("when is my deadline", "how many do i still need", "how am i doing"):
        [reply] = await bot.send(text)
        assert "/cert" in reply["text"], text
        assert ("➕ Add a certification", "cert:list") in buttons(reply)


async def test_personal_questions_answer_from_the_users_data(bot):
    await bot.send("/cert NASM 2027-06-30")
    await bot.send("/log 5h kettlebell workshop yesterday")
    deadline = await bot.reply_text("when is my deadline?")
    assert "NASM" in deadline and "30 Jun 2027" in deadline
    [left] = await bot.send("how many ceus do i still need")
    assert "1.5 CEUs (15 h)" in left["text"], left["text"]
    assert ("📈 Full progress", "acct:progress") in buttons(left)
    doing = await bot.reply_text("how am i doing")
    assert "0.5 CEUs of 2.0 CEUs" in doing
    [logged] = await bot.send("what did i log")
    assert "kettlebell workshop" in logged["text"] and "5 h" in logged["text"]
    assert ("📜 History", "act:hist:0") in buttons(logged)
    cpr = await bot.reply_text("when does my cpr expire")
    assert "/cpr" in cpr and "NASM" in cpr
    await bot.send("/cpr 2027-03-01")
    assert "1 Mar 2027" in await bot.reply_text("when does my cpr expire")


def test_callback_data_round_trips_within_64_bytes():
    kb = load_knowledge()
    for topic in kb.topics:
        for body in ("", *kb.rules):
            data = encode(topic, body)
            assert len(data.encode()) <= 64 and decode(data) == (topic, body)


def test_commands_named_in_answers_exist():
    from handlers.commands import COMMANDS

    known = {c.name for c in COMMANDS} | {"tz"}
    found = set()
    kb = load_knowledge()
    for topic in kb.topics.values():
        if topic.kind == "personal":
            continue
        for name in re.findall(r"(?<![\w/.<])/([a-z]+)\b", kb.general_answer(topic.id)):
            assert name in known, (topic.id, name)
            found.add(name)
    assert {"log", "progress", "cert", "remind"} <= found


async def test_a_report_of_something_done_is_offered_as_a_log(bot):
    for text, title in (
        ("i did 3 hours of yoga yesterday", "yoga"),
        ("I taught a 2 hour class", "class"),
    ):
        [reply] = await bot.send(text)
        assert reply["text"].startswith("Shall I log this?"), text
        assert title in reply["text"]
        assert ("✅ Confirm", "act:flog:ok") in buttons(reply)
    [offer] = await bot.send("i did 3 hours of yoga yesterday")
    [logged] = await bot.press(offer, "act:flog:ok")
    assert "Logged" in logged["text"] and "3 h" in logged["text"]


async def test_questions_and_other_peoples_activities_are_not_offered_as_logs(bot):
    for text in (
        "did i log 3 hours yesterday?",
        "my client did 3 hours of yoga",
        "I will do a 2 hour class",
    ):
        [reply] = await bot.send(text)
        assert not reply["text"].startswith("Shall I log this?"), text


async def test_credits_done_without_a_card_is_not_called_complete(bot):
    await bot.send("/cert ACE 2027-05-31")
    await bot.send("/log 2 CECs ACE seminar yesterday")
    left = await bot.reply_text("how many do i still need")
    assert "credits done" in left and "CPR/AED card" in left and "0.0" not in left
    doing = await bot.reply_text("how am i doing")
    assert "still need a current CPR/AED card" in doing
