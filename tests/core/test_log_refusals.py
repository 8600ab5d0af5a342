"""What the /log parser refuses, and how: one friendly, HTML-safe line with an example. Every
refusal of every corpus (tests/core/log_corpora), then amounts and dates that are out of range."""

from __future__ import annotations

from datetime import date

import pytest

from tests.core.log_corpora import params
from tracker.activities import LogError, parse_log

SAT = date(2026, 11, 28)  # a Saturday


@pytest.mark.parametrize(("corpus", "case"), params("REFUSED_CASES"))
def test_phrasing_is_refused_kindly(corpus, case):
    corpus.check_refused(*case)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1e-9h x", "plain number"),
        ("1E2h x", "plain number"),
        ("2.5e3 min x", "plain number"),
        ("1e-3 CEU NASM x", "plain number"),
        ("0.001h tiny", "more than zero"),
        ("0.004h x", "more than zero"),
        ("0.0001 CEU NASM x", "more than zero"),
        ("100000000h x", "max 100 hours"),
        ("9" * 400 + "h x", "max 100 hours"),
        ("99999999999999999999 CEU NASM x", "max 100 credits"),
        ("99999999999 min x", "more than a day"),
        ("2h x 100 years ago", "5 years ago"),
        ("2h x 6 years ago", "5 years ago"),
        ("2h x 2015-01-01", "5 years ago"),
    ],
)
def test_odd_amounts_and_old_dates_are_refused(text, fragment):
    with pytest.raises(LogError) as err:
        parse_log(text, SAT)
    message = str(err.value)
    assert fragment in message and "Try: /log" in message
    assert "e+" not in message and "inf" not in message.lower()
