"""Counting the way each body counts, through the real Application: which certification an
activity counts toward, the "counts for" buttons, the CPR/AED card question, /cert extras."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from tests.harness import buttons


async def test_ace_course_is_not_counted_toward_nasm(bot):
    await bot.send("/cert NASM 2027-06-30")
    await bot.send("/cert ACE 2027-06-30")
    [logged] = await bot.send("/log 2 CECs ACE seminar")
    assert "ACE +2.0 CECs" in logged["text"]
    assert "NASM needs approval / petition" in logged["text"]
    assert "NASM +" not in logged["text"]
    progress = await bot.reply_text("/progress")
    nasm = progress.split("<b>NASM</b>")[1].split("<b>ACE</b>")[0]
    assert "0.0 / 2.0 CEUs" in nasm and "Cycle complete" not in nasm
    assert "Needs approval / petition, not added: #1" in nasm


async def test_counts_for_buttons_are_stored_and_respected(bot):
    await bot.send("/cert NASM 2027-06-30")
    await bot.send("/cert ACE 2027-06-30")
    [logged] = await bot.send("/log 2 CECs ACE seminar")
    [menu] = await bot.press(logged, "Counts for")
    assert "NASM needs approval / petition" in menu["text"]
    assert ("☑️ NASM", "cnt:set:1:NASM:a") in buttons(menu)
    await bot.press(menu, "cnt:set:1:NASM:a")  # NASM approved the petition
    await bot.press(menu, "cnt:set:1:ACE:n")  # and the user says it doesn't count for ACE
    assert bot.storage.count_choices(1001) == {"NASM": {1: "approved"}, "ACE": {1: "no"}}
    progress = await bot.reply_text("/progress")
    assert "<b>NASM</b> · 2.0 / 2.0 CEUs" in progress
    assert "<b>ACE</b> · 0.0 / 2.0 CECs" in progress
    sent = await bot.send("/export")
    csv_doc = next(m["document"] for m in sent if "document" in m)
    rows = list(csv.DictReader(io.StringIO(bot.sim.files[csv_doc["file_id"]].content.decode("utf-8-sig"))))  # fmt: skip
    assert rows[0]["counts_for"] == "ACE: does not count; NASM: counts"
    assert rows[0]["nasm_ceus"] == "2" and rows[0]["ace_cecs"] == "0"
    await bot.press(menu, "cnt:set:1:NASM:p")  # back to pending: listed, not added
    assert "<b>NASM</b> · 0.0 / 2.0 CEUs" in await bot.reply_text("/progress")


async def test_cpr_course_asks_for_the_card_expiry(bot):
    await bot.send("/cert AFAA 2027-06-30")
    [ask] = await bot.send("/log 1h CPR/AED course")
    [done] = await bot.press(ask, "2 years")
    assert "28 Nov 2028" in done["text"]
    assert bot.services.settings(1001).cpr_expiry == date(2028, 11, 28)
    assert bot.storage.activities(1001)[0].card_expiry == date(2028, 11, 28)
    [ask] = await bot.send("/log 1h BLS refresher")
    await bot.press(ask, "Enter a date")
    text = await bot.reply_text("2029-03-01")
    assert "1 Mar 2029" in text
    assert bot.services.settings(1001).cpr_expiry == date(2029, 3, 1)
    progress = await bot.reply_text("/progress")
    assert "2 / 15 CEUs" in progress  # AFAA: 2 CEUs per card, once per renewal


async def test_credits_done_but_no_card_is_not_complete(bot):
    await bot.send("/cert NASM 2027-06-30")
    await bot.send("/log 20h NASM course")
    progress = await bot.reply_text("/progress")
    assert "Credits done — you still need a current CPR/AED card (none recorded)" in progress
    assert "Cycle complete" not in progress


async def test_cert_with_starting_balance_and_the_button(bot):
    text = await bot.reply_text("/cert NASM 2027-06-30 earned 1.2")
    assert "Already earned this cycle: 1.2 CEUs" in text
    assert "1.2 / 2.0 CEUs" in await bot.reply_text("/progress")
    [saved] = await bot.send("/cert ACE 2027-06-30")
    [ask] = await bot.press(saved, "Credits already earned")
    assert "How many ACE CECs" in ask["text"]
    text = await bot.reply_text("0.5")
    assert "0.5 CECs already earned" in text
    assert bot.storage.certification(1001, "ACE").starting_units == 0.5


async def test_deadline_past_every_window_offers_the_next_cycle(bot):
    [refused] = await bot.send("/cert AFAA 2025-06-30")
    assert "Did you mean the next cycle?" in refused["text"]
    assert bot.storage.certifications(1001) == []
    [saved] = await bot.press(refused, "Use 30 Jun 2027")
    assert "saved" in saved["text"]
    assert bot.storage.certification(1001, "AFAA").deadline == date(2027, 6, 30)


async def test_nsca_prorated_by_certification_date(bot):
    [ask] = await bot.send("/cert NSCA")
    [saved] = await bot.press(ask, "Use 2026-12-31")
    assert "/cert NSCA certified 2025-03-01" in saved["text"]
    text = await bot.reply_text("/cert NSCA certified 2025-03-01")
    assert "asks you for 2.0 CEUs this period" in text
    assert "0.0 / 2.0 CEUs" in await bot.reply_text("/progress")


async def test_nccpt_is_tracked_in_its_own_units(bot):
    text = await bot.reply_text("/cert NCCPT 2027-06-30")
    assert "saved" in text and "track it in CEUs" in text
    [logged] = await bot.send("/log 0.5 CEU NCCPT course")
    assert "NCCPT +0.5 CEU" in logged["text"]
    progress = await bot.reply_text("/progress")
    assert "0.5 / 2.0 CEUs (in NCCPT's own units" in progress
    assert " h/month" not in progress


async def test_past_deadline_refused_after_the_body_button_too(bot):
    [menu] = await bot.send("/cert")
    await bot.press(menu, "cert:pick:NCSF")
    text = await bot.reply_text("2026-10-31")  # NCSF has no late window
    assert "Did you mean the next cycle?" in text
    assert bot.storage.certifications(1001) == []


async def test_an_edit_says_what_the_activity_counts_toward_as_the_log_did(bot):
    await bot.send("/cert NSCA certified 2025-03-01")
    await bot.send("/cert ACSM 2027-12-31")
    [logged] = await bot.send("/log 3 hours first aid course yesterday")
    assert "first aid is not CPR/AED for NSCA" in logged["text"] and "ACSM +3 CEC" in logged["text"]
    [edited] = await bot.send("/edit 1 5h")
    text = edited["text"]
    assert text.startswith("✏️ Updated") and "5 h" in text
    assert "first aid is not CPR/AED for NSCA" in text and "ACSM +5 CEC" in text
    assert "keeps your CPR/AED card current" not in text
    [undone] = await bot.press(edited, "Undo the edit")
    assert "ACSM +3 CEC" in undone["text"]


@pytest.mark.parametrize(
    ("typed", "expiry"),
    [
        ("2 years", date(2028, 11, 28)),
        ("1 year", date(2027, 11, 28)),
        ("2028-03-01", date(2028, 3, 1)),
    ],
)
async def test_the_card_question_of_a_log_takes_a_typed_answer(bot, typed, expiry):
    await bot.send("/cert AFAA 2027-06-30")
    await bot.send("/log 1h CPR/AED course")
    text = await bot.reply_text(typed)
    assert "CPR/AED card recorded" in text
    assert bot.services.settings(1001).cpr_expiry == expiry


async def test_after_the_card_question_a_question_is_still_a_question(bot):
    await bot.send("/log 1h CPR/AED course")
    text = await bot.reply_text("how many ceus does nasm need for 2 years")
    assert "CPR/AED card recorded" not in text and "NASM" in text
    assert bot.services.settings(1001).cpr_expiry is None
    assert "CPR/AED card recorded" not in await bot.reply_text("2 years")  # asked once only
