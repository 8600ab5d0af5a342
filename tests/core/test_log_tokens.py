"""The /log tokeniser: the text is split once, numbers are read once."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.activities import LogError, parse_log
from tracker.activities.names import _bodies_in, bodies_in_words
from tracker.activities.tokens import Tokens, tokenise

SPLITS = [
    ("3h workshop", [("number", "3"), ("word", "h"), ("space", " "), ("word", "workshop")]),
    ("1,5 hrs", [("number", "1,5"), ("space", " "), ("word", "hrs")]),
    (".5h", [("number", ".5"), ("word", "h")]),
    ("x2", [("word", "x"), ("number", "2")]),
    ("CEU's", [("word", "CEU"), ("punct", "'"), ("word", "s")]),
    ("10.3.2026", [("number", "10"), ("punct", "."), ("number", "3"), ("punct", "."),
                   ("number", "2026")]),
    ("a.5", [("word", "a"), ("punct", "."), ("number", "5")]),
    ("café  ~2", [("word", "café"), ("space", "  "), ("punct", "~"), ("number", "2")]),
    ("snake_case", [("word", "snake"), ("punct", "_"), ("word", "case")]),
    ("", []),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_tokens_split_the_text_end_to_end(text, expected):
    tokens = tokenise(text)
    assert [(t.kind, t.text) for t in tokens] == expected
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text and t.low == t.text.lower() for t in tokens)


NUMBERS = [
    ("3", 3.0),
    ("1,5", 1.5),
    ("1.5", 1.5),
    ("1,500", 1500.0),
    ("0,500", 0.5),
    (",5", 0.5),
    (".5", 0.5),
    ("1.75", 1.75),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_a_number_token_carries_its_value(text, value):
    (token,) = tokenise(text)
    assert token.kind == "number" and token.value == value


VALUES = [
    ("3", 3.0),
    ("1,5", 1.5),
    ("3/4", 0.75),
    ("1 1/2", 1.5),
    ("1-1/2", 1.5),
    ("1 and 1/2", 1.5),
    ("2 \u2044 4", 0.5),
    ("two", 2.0),
    ("Twenty-four", 24.0),
    ("twenty four", 24.0),
    ("a couple of", 2.0),
    ("a  couple", 2.0),
    ("an", 1.0),
]


@pytest.mark.parametrize(("text", "value"), VALUES)
def test_the_number_over_a_span(text, value):
    assert Tokens(text).value(0, len(text)) == value


@pytest.mark.parametrize("text", ["workshop", "a couple of days", "1/2/3", "-"])
def test_no_number_over_a_span(text):
    with pytest.raises(ValueError):
        Tokens(text).value(0, len(text))


def test_the_number_over_part_of_a_token():
    assert Tokens("1.3 days").value(2, 3) == 3.0  # "3 days ago" written after "1."


def test_a_zero_denominator_is_refused_politely():
    with pytest.raises(LogError, match="divide by zero"):
        Tokens("1/0").value(0, 3)


def test_offsets_map_to_tokens():
    tokens = Tokens("2h  NASM-CPT, ok")
    assert tokens.words == ["2h", "nasm", "cpt", "ok"]  # runs of letters and digits
    assert tokens.word_tokens(0) == (0, 1) and tokens.word_tokens(1) == (3, 3)
    assert tokens.words_before(3) == 1 and tokens.words_before(4) == 2
    assert tokens.index(0) == 0 and tokens.index(3) == 2 and tokens.index(99) == len(tokens)
    assert tokens.covering(4, 12) == (3, 6)
    assert tokens.run_before(3) == "2h" and tokens.run_before(0) == ""
    assert tokens.run_before(7) == "nasm-cpt,"
    claimed = bytes([0, 1, 0, 0, 0, 0, 0, 0, 0])
    assert tokens.run_before(2, claimed) == "2\x00"  # a claimed token reads as masked
    assert tokens.run_before(2, claimed, claimed_is_space=True) == "2"
    assert tokens.skip_spaces(2) == 3 and tokens.skip_spaces_back(3) == 2
    assert tokens.word_char(0) and not tokens.word_char(2) and not tokens.word_char(1, claimed)


BODIES = [
    (["0.5", "ceu", "nasm", "course"], [(2, 3, "NASM")]),
    (["acsm", "ep", "webinar"], [(0, 2, "ACSM-EP")]),  # the longest phrase wins
    (["acsm", "webinar"], [(0, 1, "ACSM")]),
    (["american", "council", "on", "exercise", "and", "nsca"], [(0, 4, "ACE"), (5, 6, "NSCA")]),
    (["american", "council", "webinar"], [(0, 2, "ACE")]),  # an alias (one table with the FAQ)
    (["exercise", "physiologist", "seminar"], []),  # a question-only name: the subject here
    ([], []),
]


@pytest.mark.parametrize(("words", "expected"), BODIES)
def test_bodies_are_read_from_the_words(words, expected):
    assert bodies_in_words(words) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.5 CEU NASM-CPT course", [("NASM", 8, 12)]),
        ("ACSM EP, 2h", [("ACSM-EP", 0, 7)]),
        ("NASM123 and 4NSCA", []),  # written against digits: no body's name
        ("ACSM EP3 webinar", [("ACSM", 0, 4)]),  # "ep3" is no word of "ACSM EP"
    ],
)
def test_bodies_in_the_tokens_give_character_offsets(text, expected):
    assert _bodies_in(Tokens(text)) == expected


# What reading whole tokens changes for a user: a hedge is a whole word, and a span never
# leaves half a number behind in the title.
WHOLE_TOKENS = [
    ("2h ishtar workshop", "ishtar workshop"),  # "ish" only as a word of its own
    ("3h-ish kettlebell workshop", "kettlebell workshop"),
    ("90 min Oct 2.30 webinar", "webinar"),  # the date takes "2.30" whole, not "2" of it
]


@pytest.mark.parametrize(("text", "title"), WHOLE_TOKENS)
def test_spans_take_whole_tokens(text, title):
    assert parse_log(text, date(2026, 11, 28)).title == title
