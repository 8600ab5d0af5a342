"""/progress, the chart button and /export through the real Application."""

import csv
import io

from tests.core.test_export import drawn_text, pdf_text_streams
from tracker import export


async def test_progress_without_certification_shows_total_hours(bot):
    await bot.send("/log 2.5h webinar")
    text = await bot.reply_text("/progress")
    assert "2.5 h" in text and "/cert" in text


async def test_progress_per_certification(bot):
    await bot.send("/cert NASM 2027-06-30")
    await bot.send("/cert AFAA 2027-06-30")
    await bot.send("/log 6h workshop")
    [reply] = await bot.send("/progress")
    text = reply["text"]
    assert "0.6 / 2.0 CEUs" in text and "6 / 20 h" in text  # NASM: 10 h per CEU
    assert "6 / 15 CEUs" in text  # AFAA: 1 h per CEU
    assert "▓" in text and "%" in text and "days left" in text and "h/month" in text
    assert "UTC" in text


async def test_chart_button_sends_a_png(bot):
    await bot.send("/cert NASM 2027-06-30")
    await bot.send("/log 6h workshop")
    [reply] = await bot.send("/progress")
    [photo] = await bot.press(reply, "Chart NASM")
    file_id = photo["photo"][0]["file_id"]
    assert bot.sim.files[file_id].content.startswith(b"\x89PNG")


async def test_export_sends_csv_and_pdf(bot):
    await bot.send("/cert NASM 2027-06-30")
    await bot.send("/log 3h kettlebell workshop")
    await bot.send("/log 1h =cmd|' /C calc'!A0")
    sent = await bot.send("/export")
    documents = [m["document"] for m in sent if "document" in m]
    assert [d["file_name"].rsplit(".", 1)[1] for d in documents] == ["csv", "pdf"]
    content = bot.sim.files[documents[0]["file_id"]].content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 2
    assert all(not row["title"].startswith("=") for row in rows)
    assert bot.sim.files[documents[1]["file_id"]].content.startswith(b"%PDF")


async def test_export_totals_and_ids_match_progress_and_history(bot, monkeypatch):
    monkeypatch.setattr(export, "find_unicode_font", lambda: None)  # text readable from the PDF
    await bot.send("/cert NASM 2027-06-30")
    await bot.send("/cpr 2027-01-15")
    await bot.send("/log 3h kettlebell workshop 3 Oct")
    await bot.send("/log 45 min mobility webinar")
    await bot.send("/log 12h old course 2023-01-05")  # before the cycle: not in the totals
    [progress] = await bot.send("/progress")
    assert "0.38 / 2.0 CEUs (3.75 / 20 h)" in progress["text"]
    history = (await bot.send("/history"))[-1]["text"]
    sent = await bot.send("/export")
    csv_doc, pdf_doc = [m["document"] for m in sent if "document" in m]
    rows = csv.DictReader(
        io.StringIO(bot.sim.files[csv_doc["file_id"]].content.decode("utf-8-sig"))
    )
    for row in rows:
        assert f"#{row['id']}</code> " in history and row["title"] in history
    text = drawn_text(pdf_text_streams(bot.sim.files[pdf_doc["file_id"]].content))
    assert b"0.38 / 2.0 CEUs (3.75 / 20 h)" in text
    assert b"renews by 30 Jun 2027" in text
    assert b"CPR/AED card: expires 15 Jan 2027" in text
