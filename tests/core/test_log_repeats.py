"""A duration per session: "3 spin classes, 45 min each" and "4 sessions of 30 min" log the
total (the count times the duration); a number that belongs to the title is left alone."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.activities import LogError, parse_log

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "hours", "title"),
    [
        ("taught 3 spin classes 45 min each last week", 2.25, "taught spin classes"),
        ("3 spin classes, 45 min each", 2.25, "spin classes"),
        ("two webinars 1h each", 2.0, "webinars"),
        ("2 nutrition webinars 90 minutes apiece", 3.0, "nutrition webinars"),
        ("3 classes of 45 minutes", 2.25, "classes"),
        ("4 sessions of 30 min", 2.0, "sessions"),
        ("watched 2 webinars of 90 min on nutrition", 3.0, "watched webinars on nutrition"),
        ("4 sessions of 30 min foam rolling", 2.0, "sessions of foam rolling"),
        # the number is the title's, or there is no count
        ("3 of 5 sessions of 1h", 1.0, "3 of 5 sessions"),
        ("module 3 classes of 1h", 1.0, "module 3 classes"),
        ("course of 3 hours", 3.0, "course"),
        ("2 spin classes 45 min", 0.75, "2 spin classes"),  # no "each": the time is the total
    ],
)
def test_a_duration_per_session(text: str, hours: float, title: str) -> None:
    parsed = parse_log(text, TODAY)
    assert (parsed.hours, parsed.title) == (hours, title)


def test_two_repeat_counts_are_refused() -> None:
    with pytest.raises(LogError, match="more than one repeat count"):
        parse_log("2 webinars 1h each x2", TODAY)


def test_the_total_is_still_capped() -> None:
    with pytest.raises(LogError, match="more than I accept"):
        parse_log("9 workshops of 20 hours", TODAY)
