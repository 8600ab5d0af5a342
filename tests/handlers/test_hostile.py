"""Property test through the real Application: any text after any command gets a reply that
Telegram would accept (the simulator refuses broken HTML and over-long messages, as Telegram does),
and never the error handler's apology."""

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.commands import COMMANDS
from tests.harness import Harness

SAFE_COMMANDS = [c.name for c in COMMANDS if c.name != "forget"]
WORDS = st.sampled_from(["3h", "90 min", "NASM", "2027-06-30", "<b>", "&", "'; DROP TABLE x; --", "#12", "12", "remove",
                         "at", "18:30", "yesterday", "0.5 CEU", "🏋️", "\u202e", "\u200b", "-1", "1e9", "Europe/London"])  # fmt: skip
ARGUMENTS = st.one_of(
    st.lists(WORDS, max_size=5).map(" ".join),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=80),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(command=st.sampled_from(SAFE_COMMANDS), argument=ARGUMENTS)
def test_any_arguments_get_a_friendly_reply(command, argument):
    async def run():
        async with Harness() as bot:
            await bot.send("/cert NASM 2027-06-30")
            sent = await bot.send(f"/{command} {argument}".strip())
            return sent

    sent = asyncio.run(run())
    assert sent, (command, argument)
    for message in sent:
        body = message.get("text") or message.get("caption") or ""
        assert "Sorry, something went wrong" not in body, (command, argument, body)
