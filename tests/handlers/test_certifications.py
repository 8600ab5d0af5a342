"""/cert and /cpr through the real Application."""


async def test_cert_in_one_line_and_listed(bot):
    text = await bot.reply_text("/cert NASM 2027-06-30")
    assert (
        "NASM" in text
        and "30 Jun 2027" in text
        and "214 days left" in text
        and "Rules checked 2026-12-01" in text
    )
    await bot.send("/cert ACE 2028-01-15")
    listing = await bot.reply_text("/cert")
    assert "NASM" in listing and "ACE" in listing
    assert [c.body for c in bot.storage.certifications(1001)] == ["NASM", "ACE"]


async def test_cert_by_buttons_then_date(bot):
    [menu] = await bot.send("/cert")
    [ask] = await bot.press(menu, "cert:pick:ACE")
    assert "ACE" in ask["text"]
    text = await bot.reply_text("15 March 2028")
    assert "ACE" in text and "15 Mar 2028" in text
    assert bot.storage.certification(1001, "ACE").deadline.isoformat() == "2028-03-15"


async def test_nsca_offers_its_calendar_cycle(bot):
    [ask] = await bot.send("/cert NSCA")
    [saved] = await bot.press(ask, "Use 2026-12-31")
    assert "NSCA" in saved["text"]
    assert bot.storage.certification(1001, "NSCA").deadline.isoformat() == "2026-12-31"


async def test_remove_needs_confirmation(bot):
    await bot.send("/cert NASM 2027-06-30")
    [confirm] = await bot.send("/cert remove NASM")
    assert bot.storage.certification(1001, "NASM") is not None
    await bot.press(confirm, "Yes, remove")
    assert bot.storage.certification(1001, "NASM") is None


async def test_unknown_body_and_bad_date(bot):
    text = await bot.reply_text("/cert XYZ 2027-01-01")
    assert "don't know" in text and "NASM" in text
    text = await bot.reply_text("/cert NASM someday")
    assert "couldn't read" in text
    assert bot.storage.certifications(1001) == []


async def test_a_slip_of_a_body_is_suggested_not_taken(bot):
    text = await bot.reply_text("/cert nsam 2027-01-01")
    assert text.startswith("Did you mean NASM?") and "/cert NASM 2027-01-01" in text
    assert bot.storage.certifications(1001) == []
    text = await bot.reply_text("/cert <b>nsam</b> 2027-01-01")
    assert "&lt;b&gt;" in text and "Did you mean" not in text


async def test_cpr_recorded_and_shown_in_progress(bot):
    await bot.send("/cert NASM 2027-06-30")
    text = await bot.reply_text("/cpr 2027-03-01")
    assert "1 Mar 2027" in text
    progress = await bot.reply_text("/progress")
    assert "CPR" in progress and "1 Mar 2027" in progress
