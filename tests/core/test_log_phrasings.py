"""/log phrasings the parser reads: the amount, the date, the body, provider and course, and a
clean title. Every good case of every corpus (tests/core/log_corpora), then single behaviours."""

from __future__ import annotations

from datetime import date

import pytest

from tests.core.log_corpora import CORPORA, params
from tracker.activities import parse_log

SAT = date(2026, 11, 28)  # a Saturday


@pytest.mark.parametrize(("corpus", "case"), params("GOOD_CASES"))
def test_phrasing_is_read(corpus, case):
    corpus.check_good(*case)


@pytest.mark.parametrize("name", CORPORA)
def test_corpus_is_big_enough(name):
    CORPORA[name].check_sizes()


def test_long_title_is_kept_whole_up_to_the_cap():
    long = "Functional anatomy for coaches " * 9 + "module 3 of 5"
    parsed = parse_log("3h " + long, SAT)
    assert parsed.title == long and len(long) > 250
    capped = parse_log("3h " + "word " * 150, SAT)
    assert len(capped.title) <= 500
    assert capped.title.startswith("word word")


def test_years_ago_is_a_date_not_a_repeat_count():
    parsed = parse_log("2h x 3 years ago", SAT)
    assert (parsed.hours, parsed.activity_date, parsed.title) == (2.0, date(2023, 11, 28), "x")
    assert parse_log("2h x 3 days ago", SAT).hours == 2.0


def test_named_provider_wins_over_by_body():
    parsed = parse_log("2h webinar by NASM provider Power Systems", SAT)
    assert (parsed.provider, parsed.body) == ("Power Systems", "NASM")
    assert parsed.title == "webinar by NASM"


def test_relative_dates_use_today_not_the_clock():
    for today in (date(2001, 1, 1), date(2026, 11, 28), date(2031, 6, 15)):
        parsed = parse_log("1h webinar last friday", today)
        assert parsed.activity_date.weekday() == 4
        assert 1 <= (today - parsed.activity_date).days <= 7
        month = parse_log("1h webinar 3 Oct", today).activity_date
        assert (month.month, month.day) == (10, 3)
        assert month <= today and (today - month).days < 366


def test_plain_log_does_not_need_dateparser(monkeypatch):
    import sys

    monkeypatch.delitem(sys.modules, "dateparser", raising=False)
    parse_log("3h workshop", SAT)
    parse_log("3h workshop last friday", SAT)
    parse_log("3h workshop 2026-10-03", SAT)
    assert "dateparser" not in sys.modules
