"""/edit with the part named first: "title: …", "rename to …", "date 3 Oct", "hours 4". The
name of the part is no part of the new value; after "title" the rest is the title as written."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.activities import LogError, parse_edit

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "title", "hours", "day"),
    [
        ("title NASM nutrition course", "NASM nutrition course", None, None),
        ("title: Kettlebell level 2", "Kettlebell level 2", None, None),
        ("rename to mobility workshop", "mobility workshop", None, None),
        ("new title yoga basics", "yoga basics", None, None),
        ("title is 3h of nothing", "3h of nothing", None, None),  # as written: no amount read
        ("date 3 Oct", None, None, date(2026, 10, 3)),
        ("date: 2026-11-02", None, None, date(2026, 11, 2)),
        ("hours 4", None, 4.0, None),
        ("time 90 min", None, 1.5, None),
        # a title that starts with one of those words stays whole
        ("Date night workshop 2h", "Date night workshop", 2.0, None),
        ("Time management seminar", "Time management seminar", None, None),
        ("day 2 of 3", "day 2 of 3", None, None),
    ],
)
def test_the_part_named_first(text: str, title: str | None, hours: float | None, day) -> None:
    change = parse_edit(text, TODAY)
    assert (change.title, change.hours, change.activity_date) == (title, hours, day)


def test_a_title_label_with_nothing_after_it_asks() -> None:
    with pytest.raises(LogError, match="new title"):
        parse_edit("title: ()", TODAY)
