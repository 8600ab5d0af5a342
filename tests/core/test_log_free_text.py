"""Free text ("I did a 3 hour workshop yesterday"): offered as a log only when it reports a
finished education activity with an amount; every corpus's offers and non-offers, then parses."""

from __future__ import annotations

from datetime import date

import pytest

from tests.core.log_corpora import params
from tracker.activities import credit_hours, looks_like_log, parse_free_text_log

SAT = date(2026, 11, 28)  # a Saturday


@pytest.mark.parametrize(("corpus", "case"), params("OFFERED"))
def test_report_is_offered(corpus, case):
    corpus.check_offered(*case)


@pytest.mark.parametrize(("corpus", "case"), params("NOT_OFFERED"))
def test_non_report_is_left_alone(corpus, case):
    corpus.check_not_offered(*case)


@pytest.mark.parametrize(("corpus", "case"), params("FREE_TEXT_PARSED"))
def test_report_is_parsed(corpus, case):
    corpus.check_free_text_parsed(*case)


def test_parse_free_text_log_with_credits():
    entry = parse_free_text_log("completed 0.5 CEU NASM course", SAT)
    assert (entry.credits, entry.credit_unit, entry.body, entry.title) == (
        0.5,
        "CEU",
        "NASM",
        "NASM course",
    )
    assert credit_hours(entry, []) == pytest.approx(5)
    entry = parse_free_text_log("got 2 CECs from an ACE workshop last week", SAT)
    assert (entry.body, entry.title, entry.activity_date) == (
        "ACE",
        "ACE workshop",
        date(2026, 11, 21),
    )


@pytest.mark.parametrize(
    ("text", "title", "hours"),
    [
        ("Just wrapped a 2hr kettlebell workshop", "kettlebell workshop", 2),
        ("just got done with a 3 hour course", "course", 3),
        ("I'm done with the 2h webinar", "webinar", 2),
        ("finished an hour and a half of the NASM CES course", "NASM CES course", 1.5),
        ("finished a couple of hours of the PN course", "PN course", 2),
        ("did a 3 hour gym instructor course", "gym instructor course", 3),
        ("attended a 2 hour running mechanics workshop", "running mechanics workshop", 2),
    ],
)
def test_free_text_round3(text, title, hours):
    assert looks_like_log(text)
    entry = parse_free_text_log(text, SAT)
    assert (entry.title, entry.hours) == (title, hours)


@pytest.mark.parametrize(
    "text",
    [
        "got 2 hours of sleep before the course",
        "took 2 hours to drive to the workshop",
        "did a 30 min run then went to the course",
    ],
)
def test_time_spent_on_something_else_is_not_offered(text):
    assert not looks_like_log(text)
