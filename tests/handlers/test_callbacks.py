"""The one callback-data codec: every kind round-trips within 64 bytes, malformed data decodes to
None (answered as a stale button), and every CallbackQueryHandler in bot.py is served by it."""

from __future__ import annotations

import re
import typing
from dataclasses import fields
from datetime import date, time

import pytest
from telegram.ext import CallbackQueryHandler

from handlers import callbacks as cb
from handlers.context import STALE
from tests.harness import buttons

LONGEST = {int: 999_999_999_999, str: "NCCPT-CPT", date: date(2027, 12, 31), time: time(23, 59)}


def sample(kind: type[cb.Callback], values: dict[type, object] = LONGEST) -> cb.Callback:
    """An instance of `kind` with long values (or, for a field with choices, each one in turn)."""
    hints = typing.get_type_hints(kind)
    kwargs = {}
    for f in fields(kind):  # type: ignore[arg-type]
        choices = kind.choices.get(f.name)
        kwargs[f.name] = choices[-1] if choices else values[hints[f.name]]
    return kind(**kwargs)


KINDS = cb.kinds()


def test_every_kind_is_listed():
    assert cb.prefixes() == {"faq", "act", "cert", "prog", "cnt", "acct", "nudge"}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
def test_every_kind_round_trips_within_64_bytes(kind):
    value = sample(kind)
    data = value.encode()
    assert len(data.encode()) <= cb.MAX_BYTES
    assert cb.decode(data) == value
    for name, allowed in kind.choices.items():  # every allowed value, and nothing else
        for choice in allowed:
            other = type(value)(**{**value.__dict__, name: choice})
            assert cb.decode(other.encode()) == other
        assert cb.decode(data.rsplit(":", 1)[0] + ":zz") is None


def test_the_wire_format_is_the_one_old_buttons_carry():
    assert cb.History(0).encode() == "act:hist:0"
    assert cb.LogAgain("-", date(2026, 11, 3)).encode() == "act:again:-:2026-11-03"
    assert cb.CountsSet(12, "NASM", "a").encode() == "cnt:set:12:NASM:a"
    assert cb.QuietStart(time(22, 1)).encode() == "nudge:qstart:2201"
    assert cb.FaqTopic("late").encode() == "faq:late"
    assert cb.FaqTopic("late", "NASM").encode() == "faq:late:NASM"
    assert cb.CardExpiry(3, "d").encode() == "cert:card:3:d"
    assert cb.OpenProgress().encode() == "acct:progress"


def test_data_over_64_bytes_or_with_a_colon_is_refused():
    with pytest.raises(ValueError, match="64 bytes"):
        cb.FaqTopic("x" * 70).encode()
    with pytest.raises(ValueError, match="':'"):
        cb.CertPick("A:B").encode()


@pytest.mark.parametrize(
    "data",
    ["act:hist:abc", "act:undo", "act:undo:1:2", "cnt:set:1:NASM:x", "nudge:qstart:9pm",
     "cert:set:NASM:2027-13-01", "acct:typo:maybe", "zzz:1", "act", "faq:", "act:nope:1"],
)  # fmt: skip
def test_malformed_data_decodes_to_none(data):
    assert cb.decode(data) is None


def test_every_callback_handler_in_bot_is_served_by_the_codec(bot):
    handlers = [h for group in bot.app.handlers.values() for h in group]
    queries = [h for h in handlers if isinstance(h, CallbackQueryHandler)]
    patterns = [h.pattern for h in queries if h.pattern is not None]
    assert {p.pattern for p in patterns} == {cb.pattern(prefix) for prefix in cb.prefixes()}
    for kind in KINDS:  # each kind reaches exactly one feature's handler
        data = sample(kind).encode()
        assert sum(bool(p.match(data)) for p in patterns) == 1, data
    assert [h for h in queries if h.pattern is None], "the stale-button catch-all is last"


async def test_a_forged_button_is_answered_as_stale(bot):
    [progress] = await bot.send("/progress")
    sent = await bot.feed(bot.sim.inject_callback(progress, "act:hist:abc", user_id=1001))
    assert sent == []
    answers = [p for m, p in bot.sim.calls if m == "answerCallbackQuery"]
    assert answers and answers[-1].get("text") == STALE


async def test_every_button_the_bot_sends_decodes(bot):
    """Buttons from a short conversation all decode (URL buttons aside)."""
    replies = []
    for text in ("/start", "/cert NASM 2027-06-30", "/log 2h CPR/AED course", "/progress",
                 "/remind", "/forget", "/histroy", "how many hours is 2 NASM CEUs"):  # fmt: skip
        replies += await bot.send(text)
    seen = [data for message in replies for _, data in buttons(message) if data]
    assert len(seen) >= 15
    for data in seen:
        if not re.match(r"https://", data):
            assert cb.decode(data) is not None, data
