"""/log and friends through the real Application and the in-process transport."""

import re

from tests.harness import button_data, buttons


async def test_log_confirms_exactly_what_was_stored(bot):
    await bot.send("/cert NASM 2027-06-30")
    [reply] = await bot.send("/log 3h kettlebell workshop")
    assert (
        "3 h" in reply["text"]
        and "kettlebell workshop" in reply["text"]
        and "28 Nov 2026" in reply["text"]
    )
    assert "NASM +0.3 CEUs" in reply["text"]
    stored = bot.storage.activities(1001)
    assert [(a.title, a.hours, a.activity_date.isoformat()) for a in stored] == [
        ("kettlebell workshop", 3.0, "2026-11-28")
    ]
    assert any(data.startswith("act:undo:") for _, data in buttons(reply))


async def test_log_yesterday_uses_the_users_day(bot):
    [reply] = await bot.send("/log 90 min CPR refresher yesterday")
    assert "27 Nov 2026" in reply["text"] and "1.5 h" in reply["text"]
    assert "When does your new CPR/AED card expire?" in reply["text"]
    assert bot.storage.activities(1001)[0].is_cpr


async def test_credits_are_converted_with_the_named_bodys_scale(bot):
    await bot.send("/log 0.5 CEU NASM course")
    await bot.send("/log 15 CEUs AFAA convention")
    hours = sorted(a.hours for a in bot.storage.activities(1001))
    assert hours == [5.0, 15.0]


async def test_ambiguous_credits_ask_which_body_and_the_button_logs(bot):
    await bot.send("/cert NASM 2027-06-30")
    await bot.send("/cert ISSA 2027-06-30")
    [question] = await bot.send("/log 2 CEUs online course")
    assert bot.storage.activities(1001) == []
    labels = [label for label, _ in buttons(question)]
    assert "NASM" in labels and "ISSA" in labels
    [confirmation] = await bot.press(question, "act:body:ISSA")
    assert "2 h" in confirmation["text"]
    assert [a.hours for a in bot.storage.activities(1001)] == [2.0]


async def test_bad_input_is_refused_and_nothing_is_stored(bot):
    for text in ("/log workshop", "/log 0h nothing", "/log -3h x", "/log 200h marathon", "/log 3h tomorrow",
                 "/log 3h 1969-01-01", "/log <b>'; DROP TABLE activities; --"):  # fmt: skip
        sent = await bot.send(text)
        assert len(sent) == 1, text
        assert "Logged" not in sent[0]["text"], text
    assert bot.storage.count_activities(1001) == 0
    assert bot.storage.db["activities"].count == 0


async def test_log_without_text_explains(bot):
    text = await bot.reply_text("/log")
    assert "/log 3h" in text


async def test_redelivered_update_is_stored_once(bot):
    update = bot.sim.inject_message("/log 1h webinar", user_id=1001)
    first = await bot.feed(update)
    second = await bot.feed(update)
    assert bot.storage.count_activities(1001) == 1
    assert "Logged" in first[0]["text"] and "Already logged" in second[0]["text"]


async def test_undo_button_and_command(bot):
    [one] = await bot.send("/log 1h first")
    await bot.send("/log 2h second")
    undo = bot.sim.inject_message("/undo", user_id=1001)
    [removed] = await bot.feed(undo)
    assert "second" in removed["text"]
    await bot.feed(undo)  # Telegram delivers the /undo again: nothing more goes
    assert [a.title for a in bot.storage.activities(1001)] == ["first"]
    await bot.press(one, "Undo")
    assert bot.storage.count_activities(1001) == 0


async def test_delete_and_edit_touch_only_your_own_entries(bot):
    [mine] = await bot.send("/log 1h mine", user_id=1001)
    activity_id = re.search(r"#(\d+)", mine["text"]).group(1)
    await bot.send("/start", user_id=2002)
    text = await bot.reply_text(f"/delete {activity_id}", user_id=2002)
    assert "can't find" in text
    text = await bot.reply_text(f"/edit {activity_id} 5h hijack", user_id=2002)
    assert "can't find" in text
    assert [(a.title, a.hours) for a in bot.storage.activities(1001)] == [("mine", 1.0)]
    text = await bot.reply_text(f"/edit {activity_id} 2h nutrition webinar", user_id=1001)
    assert "Updated" in text and "2 h" in text
    assert [(a.title, a.hours) for a in bot.storage.activities(1001)] == [
        ("nutrition webinar", 2.0)
    ]
    await bot.send(f"/delete #{activity_id}", user_id=1001)
    assert bot.storage.count_activities(1001) == 0


async def test_history_pages_newest_first(bot):
    for day in range(1, 13):
        await bot.send(f"/log 1h session {day} 2026-11-{day:02d}")
    [page] = await bot.send("/history")
    assert "1–8 of 12" in page["text"]
    assert page["text"].index("session 12") < page["text"].index("session 11")
    [older] = await bot.press(page, "Older")
    assert (
        older.get("edited")
        and "9–12 of 12" in older["text"]
        and "session 1 " in older["text"] + " "
    )
    [newer] = await bot.press(older, "Newer")
    assert "1–8 of 12" in newer["text"]


async def test_free_text_log_needs_confirmation(bot):
    [offer] = await bot.send("I did a 3 hour kettlebell workshop yesterday")
    assert "Shall I log" in offer["text"] and bot.storage.count_activities(1001) == 0
    sent = await bot.press(offer, "Confirm")
    assert any("Logged" in (m.get("text") or "") for m in sent)
    [activity] = bot.storage.activities(1001)
    assert activity.hours == 3.0 and activity.activity_date.isoformat() == "2026-11-27"
    [offer2] = await bot.send("just finished a 2h webinar")
    await bot.press(offer2, "Cancel")
    assert bot.storage.count_activities(1001) == 1


async def test_certificate_with_log_caption_is_attached_and_sent_back(bot):
    pdf = bot.sim.upload(b"%PDF-1.4 certificate", "cert.pdf", "application/pdf")
    document = {
        "file_id": pdf.file_id,
        "file_unique_id": pdf.file_unique_id,
        "file_name": "cert.pdf",
    }
    sent = await bot.send(None, caption="/log 2h first aid course", document=document)
    assert any("attached" in (m.get("text") or "") for m in sent)
    [activity] = bot.storage.activities(1001)
    assert activity.has_attachment
    history = await bot.reply_text("/history")
    assert "📎" in history
    [back] = await bot.send(f"/file {activity.id}")
    assert back["document"]["file_id"] == pdf.file_id


async def test_photo_as_reply_to_confirmation_is_attached(bot):
    [confirmation] = await bot.send("/log 1h webinar")
    photo = bot.sim.upload(b"\x89PNG...", "p.png", "image/png")
    sizes = [
        {
            "file_id": photo.file_id,
            "file_unique_id": photo.file_unique_id,
            "width": 10,
            "height": 10,
        }
    ]
    sent = await bot.send(None, photo=sizes, reply_to=confirmation)
    assert "attached" in sent[-1]["text"]
    assert bot.storage.activities(1001)[0].has_attachment


async def test_photo_without_caption_gets_a_hint(bot):
    photo = bot.sim.upload(b"\x89PNG...", "p.png", "image/png")
    sizes = [
        {
            "file_id": photo.file_id,
            "file_unique_id": photo.file_unique_id,
            "width": 10,
            "height": 10,
        }
    ]
    text = (await bot.send(None, photo=sizes))[-1]["text"]
    assert "/log" in text and bot.storage.count_activities(1001) == 0


async def test_odd_amounts_are_refused_with_the_usual_help(bot):
    for text in ("/log 1e-9h x", "/log 0.001h tiny", "/log 100000000h x", "/log " + "9" * 400 + "h x",
                 "/log 2h x 100 years ago"):  # fmt: skip
        [sent] = await bot.send(text)
        assert "Logged" not in sent["text"], text
        assert "Try: /log" in sent["text"], text
        assert "e+" not in sent["text"] and "inf " not in sent["text"], text
        assert ("➕ More examples", "acct:loghelp") in buttons(sent), text
    assert bot.storage.count_activities(1001) == 0


async def test_long_title_is_stored_whole_and_shortened_only_in_replies(bot):
    title = "Functional anatomy for coaches, " * 7 + "module 3 of 5"
    [reply] = await bot.send(f"/log 3h {title}")
    [stored] = bot.storage.activities(1001)
    assert stored.title == title
    assert "…" in reply["text"] and "module 3 of 5" not in reply["text"]
    assert len(reply["text"]) < 1000


async def test_named_provider_and_body_are_both_kept(bot):
    await bot.send("/log 2h webinar by NASM provider Power Systems")
    [stored] = bot.storage.activities(1001)
    assert (stored.provider, stored.title) == ("Power Systems", "webinar by NASM")


async def test_edit_changes_only_what_is_typed(bot):
    bot.clock.advance(days=5)  # 3 Dec 2026
    [logged] = await bot.send("/log 3h kettlebell workshop 3 Oct")
    activity_id = re.search(r"#(\d+)", logged["text"]).group(1)

    def stored():
        [a] = bot.storage.activities(1001)
        return a.hours, a.title, a.activity_date.isoformat()

    text = await bot.reply_text(f"/edit {activity_id} 4h")
    assert "Updated" in text and "kettlebell workshop" in text and "3 Oct 2026" in text
    assert stored() == (4.0, "kettlebell workshop", "2026-10-03")
    await bot.send(f"/edit {activity_id} kettlebell workshop level 2")
    assert stored() == (4.0, "kettlebell workshop level 2", "2026-10-03")
    await bot.send(f"/edit {activity_id} 5 Oct")
    assert stored() == (4.0, "kettlebell workshop level 2", "2026-10-05")
    await bot.send(f"/edit {activity_id} 2h yoga clinic yesterday")
    assert stored() == (2.0, "yoga clinic", "2026-12-02")
    text = await bot.reply_text(f"/edit {activity_id} 1e-9h")
    assert "plain number" in text and stored() == (2.0, "yoga clinic", "2026-12-02")


async def test_undo_after_an_edit_restores_the_version_before(bot):
    [logged] = await bot.send("/log 3h workshop")
    activity_id = re.search(r"#(\d+)", logged["text"]).group(1)
    [edited] = await bot.send(f"/edit {activity_id} 5h workshop")
    assert [a.hours for a in bot.storage.activities(1001)] == [5.0]
    undo = bot.sim.inject_callback(edited, button_data(edited, "Undo"), user_id=1001)
    sent = await bot.feed(undo)
    assert "undone" in sent[-1]["text"] and "3 h" in sent[-1]["text"]
    assert [(a.hours, a.title) for a in bot.storage.activities(1001)] == [(3.0, "workshop")]
    sent = await bot.feed(undo)  # pressed twice: nothing more changes
    assert "already undone" in sent[-1]["text"]
    assert [(a.hours, a.title) for a in bot.storage.activities(1001)] == [(3.0, "workshop")]


async def test_redelivered_edit_keeps_one_version_to_undo(bot):
    [logged] = await bot.send("/log 3h workshop")
    activity_id = re.search(r"#(\d+)", logged["text"]).group(1)
    update = bot.sim.inject_message(f"/edit {activity_id} 5h", user_id=1001)
    [edited] = await bot.feed(update)
    await bot.feed(update)
    await bot.press(edited, "Undo")
    assert [a.hours for a in bot.storage.activities(1001)] == [3.0]


async def test_undo_with_an_id_does_nothing_but_explain(bot):
    await bot.send("/log 1h first")
    await bot.send("/log 2h second")
    [sent] = await bot.send("/undo 5")
    assert "/undo removes the last one; to delete #5, /delete 5" in sent["text"]
    assert bot.storage.count_activities(1001) == 2


async def test_same_hours_and_title_on_one_day_asks_before_logging_again(bot):
    await bot.send("/log 3h seminar today")
    [question] = await bot.send("/log 3h seminar this morning")
    assert "Log it again?" in question["text"]
    assert bot.storage.count_activities(1001) == 1
    sent = await bot.press(question, "Log it again")
    assert any("Logged" in (m.get("text") or "") for m in sent)
    assert bot.storage.count_activities(1001) == 2
    [question] = await bot.send("/log 3h Seminar")
    await bot.press(question, "No")
    assert bot.storage.count_activities(1001) == 2


async def test_redelivered_log_is_already_logged_not_a_question(bot):
    update = bot.sim.inject_message("/log 3h seminar", user_id=1001)
    await bot.feed(update)
    [again] = await bot.feed(update)
    assert "Already logged" in again["text"] and "Log it again" not in again["text"]
    assert bot.storage.count_activities(1001) == 1


async def test_undo_with_an_id_offers_the_delete_button(bot):
    [first] = await bot.send("/log 1h first")
    await bot.send("/log 2h second")
    first_id = re.search(r"#(\d+)", first["text"]).group(1)
    [sent] = await bot.send(f"/undo {first_id}")
    [removed] = await bot.press(sent, "Delete")
    assert "first" in removed["text"]
    assert [a.title for a in bot.storage.activities(1001)] == ["second"]


async def test_certificate_logged_again_keeps_its_attachment(bot):
    await bot.send("/log 2h first aid course")
    pdf = bot.sim.upload(b"%PDF-1.4 certificate", "cert.pdf", "application/pdf")
    document = {"file_id": pdf.file_id, "file_unique_id": pdf.file_unique_id, "file_name": "c.pdf"}
    [question] = await bot.send(None, caption="/log 2h first aid course", document=document)
    assert "Log it again?" in question["text"]
    await bot.press(question, "Log it again")
    newest = max(bot.storage.activities(1001), key=lambda a: a.id)
    assert newest.has_attachment and bot.storage.count_activities(1001) == 2
