"""Replies send their inline keyboard as plain JSON: exactly what python-telegram-bot's
InlineKeyboardMarkup would have sent, with the same 64-byte guard on callback data."""

import pytest

from handlers.context import keyboard, keyboard_json

ROWS = [
    [("📈 Progress", "acct:progress"), ("Open private chat", "https://t.me/bot?start=progress")],
    [],
    [("⚖️ Counts for…", "cnt:menu:12"), ("↩️ Undo", "act:undo:12")],
]


def test_the_json_keyboard_is_what_the_markup_object_serialises_to():
    assert keyboard_json(ROWS) == keyboard(ROWS).to_dict()
    assert keyboard_json([]) is None and keyboard_json(None) is None


def test_callback_data_over_64_bytes_is_refused():
    with pytest.raises(ValueError, match="64 bytes"):
        keyboard_json([[("x", "act:" + "é" * 31)]])
