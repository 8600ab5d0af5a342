"""Input errors reach the user escaped exactly once (the core's text is plain)."""

from __future__ import annotations


async def test_a_refusal_quotes_what_was_typed_escaped_once(bot):
    text = await bot.reply_text("/cpr <b>soon</b> & co")
    assert "“&lt;b&gt;soon&lt;/b&gt; &amp; co”" in text
    assert "&amp;lt;" not in text and "<b>soon" not in text


async def test_a_cert_refusal_is_escaped_once_too(bot):
    text = await bot.reply_text("/cert NASM <i>x</i>")
    assert "“&lt;i&gt;x&lt;/i&gt;”" in text and "&amp;" not in text


async def test_a_log_refusal_is_sent_as_html_with_its_example(bot):
    text = await bot.reply_text("/log 3h workshop 31/02/2026")
    assert text.startswith("I couldn't read the date 31/02/2026.")
