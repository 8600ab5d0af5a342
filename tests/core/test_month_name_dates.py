"""The month-name forms read without dateparser ("3 Oct", "Oct 3rd, 2025", "3rd of October")
give exactly what dateparser gives for a log, on days around today and across years."""

import random
from datetime import date, timedelta

import pytest

from tracker import dates
from tracker.dates import MONTHS, month_name_date, plain_month_day

FORMS = ("{d} {m}", "{m} {d}", "{d} {m} {y}", "{m} {d}, {y}", "{m} {d} {y}", "{d}th {m}",
         "{m} {d}rd", "{d} {m}.", "{m}. {d}", "{d} of {m}", "{d} {m}, {y}")  # fmt: skip


def cases(n: int = 150) -> list[tuple[str, date]]:
    rng = random.Random(12)
    found = []
    for _ in range(n):
        today = date(2024, 1, 1) + timedelta(days=rng.randrange(1100))
        name = MONTHS[rng.randrange(12)] if rng.random() < 0.6 else MONTHS[today.month - 1]
        name = rng.choice([name, name[:3], name[:3].lower(), name.upper(), "Sept"])
        day = rng.choice([1, 9, 28, min(28, max(1, today.day + rng.choice([-1, 0, 1])))])
        form = rng.choice(FORMS)
        found.append((form.format(d=day, m=name, y=rng.choice([2024, 2025, 2027])), today))
    return found


@pytest.mark.parametrize(("phrase", "today"), cases())
def test_the_plain_reader_agrees_with_dateparser(phrase, today):
    assert plain_month_day(phrase, today) is not None
    assert plain_month_day(phrase, today) == dates._dateparser(phrase, today, "past")


def test_other_phrases_still_go_to_dateparser():
    today = date(2026, 3, 1)
    for phrase in ("29 Feb", "31 Jan", "October the 3rd", "3 Oct 0001", "next Oct 3"):
        assert plain_month_day(phrase, today) is None
    assert month_name_date("29 Feb", today) == dates._dateparser("29 Feb", today, "past")
    assert month_name_date("31 Jan", today) == date(2026, 1, 31)
