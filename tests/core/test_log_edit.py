"""/edit text: only what is typed changes (a duration, credits, a date, a title, a provider)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.activities import LogError, parse_edit

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "hours", "day", "title"),
    [
        ("4h", 4.0, None, None),
        ("kettlebell workshop level 2", None, None, "kettlebell workshop level 2"),
        ("3 Oct", None, date(2026, 10, 3), None),
        ("yesterday", None, date(2026, 12, 2), None),
        ("5h workshop", 5.0, None, "workshop"),
        ("4h 3 Oct", 4.0, date(2026, 10, 3), None),
        ("2h yoga clinic yesterday", 2.0, date(2026, 12, 2), "yoga clinic"),
    ],
)
def test_only_what_is_typed(text, hours, day, title):
    change = parse_edit(text, TODAY)
    assert (change.hours, change.activity_date, change.title) == (hours, day, title)
    assert change.credits is None


def test_credits_with_a_body_are_no_title():
    change = parse_edit("0.5 CEU NASM", TODAY)
    assert (change.credits, change.credit_unit, change.body, change.title) == (
        0.5,
        "CEU",
        "NASM",
        None,
    )


def test_provider_alone():
    change = parse_edit("provider Power Systems", TODAY)
    assert change.provider == "Power Systems" and change.title is None and change.hours is None


def test_ambiguous_numeric_date_keeps_the_other_reading():
    change = parse_edit("3/4", TODAY, month_first=True)
    assert (change.activity_date, change.other_date) == (date(2026, 3, 4), date(2026, 4, 3))


@pytest.mark.parametrize("text", ["1e-9h", "0.001h", "tomorrow", "2h 3h", "x 100 years ago"])
def test_bad_changes_are_refused(text):
    with pytest.raises(LogError):
        parse_edit(text, TODAY)
