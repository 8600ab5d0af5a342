"""Property tests: whatever the text, the /log parser answers or refuses politely."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.activities import (
    MAX_HOURS,
    MAX_TITLE,
    LogError,
    ParsedLog,
    credit_hours,
    looks_like_log,
    parse_free_text_log,
    parse_log,
)

PIECES = [
    "3h", "1,5", "h", "90", "min", "-", "CEU", "cecs", "NASM", "ace", "NCCPT", "yesterday",
    "last", "friday", "fri", "on", "3", "Oct", "2026-10-03", "03/10/2026", "/", "#", "course",
    "no.", "from", "by", "@", "provider:", "the", "a", "half", "an", "hour", "and", "hours",
    "0", "1:30", "ago", "days", "2", "\u200b", "\u202e", "\U0001f3cb\ufe0f", "\u0663", "\x00",
    "?", "I", "did", "finished", "  ", "\n", "\u00bd", "1/2", "1e5", "\ufb01", "\u0130",
    "12-345", "(", ")", "first aid", "next", "tomorrow", "29", "feb", "may", "sat", "week",
    "month", "13", "3000", "1h30", "30m", ":", "..", ",", ".5", "9" * 30, "workshop",
    "x2", "2x", "\u00d7", "x", "couple", "C.E.U.", "credits", "weekend", "11/3", "3rd", "yday",
    "\u00bc", "\u2014", "\u2013", "1hr30", "hrs.", "contact", "about", "~", "24/7", "12.11.2026",
    "sun", "this", "over", "2026/11/03", "at", "5:45", "pm", "(s)", "'s", "ACE", "few",
]  # fmt: skip

texts = st.one_of(
    st.text(max_size=120),
    st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=14).map("".join),
)
todays = st.dates(min_value=date(1971, 1, 1), max_value=date(2099, 12, 31))
helds = st.lists(st.sampled_from(["NASM", "ISSA", "ACE", "NCCPT", "nsca", "XYZ", ""]), max_size=3)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_entry(entry: ParsedLog, today: date) -> None:
    assert isinstance(entry, ParsedLog)
    assert date(1970, 1, 1) <= entry.activity_date <= today
    assert entry.hours is not None or entry.credits is not None
    if entry.hours is not None:
        assert 0 < entry.hours <= MAX_HOURS
    if entry.credits is not None:
        assert entry.credits > 0 and entry.credit_unit in ("CEU", "CEC")
    assert 0 < len(entry.title) <= MAX_TITLE
    assert "\x00" not in entry.title


def check_error(exc: LogError) -> None:
    message = str(exc)
    assert message and "\n" not in message and "Try: /log" in message


@SETTINGS
@given(texts, todays, helds)
def test_parse_log_answers_or_refuses(text, today, held):
    try:
        entry = parse_log(text, today)
    except LogError as exc:
        check_error(exc)
        return
    check_entry(entry, today)
    try:
        hours = credit_hours(entry, held)
    except LogError as exc:
        check_error(exc)
    else:
        assert 0 < hours <= MAX_HOURS


@SETTINGS
@given(texts, todays)
def test_parse_free_text_log_answers_or_refuses(text, today):
    try:
        entry = parse_free_text_log(text, today)
    except LogError as exc:
        check_error(exc)
        return
    check_entry(entry, today)


@SETTINGS
@given(texts)
def test_looks_like_log_is_a_bool(text):
    assert isinstance(looks_like_log(text), bool)


@SETTINGS
@given(texts)
def test_questions_never_look_like_logs(text):
    assert looks_like_log(text + "?") is False
    assert looks_like_log("how " + text) is False


@SETTINGS
@given(
    st.integers(min_value=1, max_value=6000),
    st.sampled_from(["h", " h", " hours", "hr", " hrs", "m", " min", " minutes"]),
)
def test_durations_round_trip(amount, unit):
    minutes = unit.strip().startswith("m")
    hours = amount / 60 if minutes else float(amount)
    text = f"{amount}{unit} workshop"
    if (minutes and amount > 24 * 60) or hours > MAX_HOURS:
        try:
            parse_log(text, date(2026, 11, 28))
        except LogError:
            return
        raise AssertionError(f"{text!r} should be refused")
    entry = parse_log(text, date(2026, 11, 28))
    assert entry.hours == hours
    assert entry.title == "workshop"


@SETTINGS
@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 11, 28)), todays)
def test_slash_dates_pick_a_reading_and_never_the_future(day, today):
    text = f"2h workshop on {day.month}/{day.day}"
    try:
        entry = parse_log(text, today)
    except LogError as exc:
        check_error(exc)
        return
    got = entry.activity_date
    assert got <= today
    assert {(got.month, got.day)} <= {(day.month, day.day), (day.day, day.month)}
    if day <= today and (today - day).days < 300 and day.day <= 12:
        # the written reading is past and recent: the chosen one is at least as recent
        assert got >= day


@SETTINGS
@given(
    st.integers(min_value=1, max_value=120),
    st.integers(min_value=1, max_value=9),
    st.sampled_from(["{m} min webinar x{k}", "{k} x {m}min webinar", "{k}x {m} mins webinar"]),
)
def test_repeat_counts_multiply(minutes, count, pattern):
    text = pattern.format(m=minutes, k=count)
    entry = parse_log(text, date(2026, 11, 28))
    assert entry.hours * 60 == pytest.approx(minutes * count)
    assert entry.title == "webinar"


# --------------------------------------------------------------------------- composed phrasings

TODAY = date(2026, 11, 28)  # a Saturday
COMPOSED_TITLES = [
    "kettlebell workshop",
    "Level 2 TRX STC 2.0",
    "CPR/AED 2-year recert",
    "Module 3 of 5",
    "Yin Yoga Level 1",
    "pre/postnatal course",
    "Nutrition Coaching 101",
    "Tabata 20/10 protocol webinar",
    "back squat clinic",
    "spin instructor training",
]
COMPOSED_DURATIONS = [
    ("3 hours 15", 3.25),
    ("1h15", 1.25),
    ("75 minutes", 1.25),
    ("1.25h", 1.25),
    ("2 \u00bd hrs", 2.5),
    ("120min", 2.0),
    ("an hour and a half", 1.5),
    ("one hour", 1.0),
    ("ten hours", 10.0),
    ("1 hr 45 mins", 1.75),
    ("90-minute", 1.5),
    ("sixteen hours", 16.0),
    ("2,5 h", 2.5),
    ("half an hour", 0.5),
]
COMPOSED_DATES = [
    ("on the 3rd", date(2026, 11, 3)),
    ("3rd Nov", date(2026, 11, 3)),
    ("nov. 3rd", date(2026, 11, 3)),
    ("11-03", date(2026, 11, 3)),
    ("Monday", date(2026, 11, 23)),
    ("mon", date(2026, 11, 23)),
    ("this morning", TODAY),
    ("last night", date(2026, 11, 27)),
    ("earlier today", TODAY),
    ("2 wks ago", date(2026, 11, 14)),
    ("yesterday afternoon", date(2026, 11, 27)),
    ("last Thursday", date(2026, 11, 26)),
    ("on 11/20", date(2026, 11, 20)),
    ("", TODAY),
]
SEPARATORS = [" ", ", ", " - ", " | ", " \u2013 "]


@SETTINGS
@given(
    st.sampled_from(COMPOSED_TITLES),
    st.sampled_from(COMPOSED_DURATIONS),
    st.sampled_from(COMPOSED_DATES),
    st.permutations(["title", "duration", "date"]),
    st.sampled_from(SEPARATORS),
)
def test_composed_phrasings(title, duration, when, order, sep):
    """Any title, duration and date, in any order and with any separator, read the same."""
    parts = {"title": title, "duration": duration[0], "date": when[0]}
    text = sep.join(parts[k] for k in order if parts[k])
    entry = parse_log(text, TODAY)
    assert entry.hours == pytest.approx(duration[1])
    assert entry.activity_date == when[1]
    assert entry.title.lower() == title.lower(), text
