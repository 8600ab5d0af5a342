"""The one numeric date reader (tracker/dates.py)."""

from datetime import date

import pytest

from tracker.dates import DateError, Reading, long_date, numeric

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("a", "b", "year", "month_first", "when", "expected"),
    [
        (3, 4, 2027, True, "future", Reading(date(2027, 3, 4), date(2027, 4, 3))),
        (3, 4, 2027, False, "future", Reading(date(2027, 4, 3), date(2027, 3, 4))),
        (6, 30, 2027, False, "future", Reading(date(2027, 6, 30))),
        (30, 6, 2027, True, "future", Reading(date(2027, 6, 30))),
        (4, 4, 2027, True, "future", Reading(date(2027, 4, 4))),
        # a log: a reading after today is no reading while the other one is past
        (12, 1, 2026, True, "past", Reading(date(2026, 1, 12))),
        (12, 1, None, True, "past", Reading(date(2025, 12, 1), date(2026, 1, 12))),
        (11, 3, None, False, "past", Reading(date(2026, 3, 11), date(2026, 11, 3))),
        (11, 3, None, None, "past", Reading(date(2026, 11, 3), date(2026, 3, 11))),
        # no year, a deadline: the next such day
        (3, 4, None, True, "future", Reading(date(2027, 3, 4), date(2027, 4, 3))),
    ],
)
def test_readings(a, b, year, month_first, when, expected):
    assert numeric(a, b, year, TODAY, month_first=month_first, when=when) == expected


def test_no_reading_is_an_error():
    with pytest.raises(DateError):
        numeric(31, 31, 2027, TODAY, month_first=True, when="future")


def test_long_date_is_in_words():
    assert long_date(date(2027, 3, 4)) == "4 March 2027"


def test_deadlines_as_people_write_them():
    from tracker.dates import read_deadline

    assert read_deadline("renews by end of June 2027", TODAY) == Reading(date(2027, 6, 30))
    assert read_deadline("03/04/2027", TODAY, month_first=True) == Reading(
        date(2027, 3, 4), date(2027, 4, 3)
    )
    assert read_deadline("June the 30th, 2027", TODAY) == Reading(date(2027, 6, 30))
    for text in ("", "2027", "next year", "03/04/2090"):
        with pytest.raises(DateError):
            read_deadline(text, TODAY)
