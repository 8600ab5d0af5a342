"""One input-error type: every refusal the core raises about what a user typed is a
tracker.errors.InputError carrying plain text (handlers escape it once)."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.rules import load_rules
from tracker import dates
from tracker.activities import LogError, NeedBody, credit_hours, parse_edit, parse_log
from tracker.certs import CertError, PastDeadline, parse_cert_args, read_date_arg
from tracker.errors import InputError
from tracker.reminders import RemindArgError, parse_remind_args

TODAY = date(2026, 11, 28)
RULES = load_rules()


@pytest.mark.parametrize(
    "refuse, kind",
    [
        (lambda: parse_log("3h workshop 31/02/2026", TODAY), LogError),
        (lambda: parse_log("", TODAY), LogError),
        (lambda: parse_edit("", TODAY), LogError),
        (lambda: read_date_arg("<b>soon</b> & co", TODAY), CertError),
        (lambda: parse_cert_args("NASM 2001-01-01", TODAY, RULES), PastDeadline),
        (lambda: parse_remind_args("at 99:99"), RemindArgError),
        (lambda: dates.read_deadline("the day after never", TODAY), dates.DateError),
    ],
)
def test_every_refusal_is_one_input_error_with_plain_text(refuse, kind):
    with pytest.raises(kind) as caught:
        refuse()
    exc = caught.value
    assert isinstance(exc, InputError) and isinstance(exc, ValueError)
    assert exc.text == str(exc) and exc.text.strip()
    assert "&lt;" not in exc.text and "&amp;" not in exc.text  # plain: not escaped in the core


def test_user_text_is_quoted_as_typed():
    with pytest.raises(CertError) as caught:
        read_date_arg("<b>soon</b> & co", TODAY)
    assert "<b>soon</b> & co" in caught.value.text


def test_need_body_keeps_its_candidates():
    with pytest.raises(NeedBody) as caught:
        credit_hours(parse_log("0.5 CEU course", TODAY), [])
    assert isinstance(caught.value, InputError) and caught.value.candidates
