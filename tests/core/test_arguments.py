"""Command arguments: tables for /cert, /cpr and /remind, and property tests that any text gives a
result or the user-facing error, never another exception."""

from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.faq import load_matcher
from tracker.certs import CertError, PastDeadline, parse_cert_args, parse_date_arg
from tracker.reminders import RemindArgError, parse_remind_args

TODAY = date(2026, 11, 28)
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@pytest.mark.parametrize(
    ("text", "action", "code", "deadline"),
    [
        ("", "list", None, None),
        ("NASM 2027-06-30", "set", "NASM", "2027-06-30"),
        ("nasm 30 Jun 2027", "set", "NASM", "2027-06-30"),
        ("ace June 30, 2027", "set", "ACE", "2027-06-30"),
        ("American Council on Exercise 2028-01-15", "set", "ACE", "2028-01-15"),
        ("acsm-ep 2029-03-01", "set", "ACSM-EP", "2029-03-01"),
        ("NSCA", "pick", "NSCA", None),
        ("remove NASM", "remove", "NASM", None),
        ("delete ace", "remove", "ACE", None),
        ("NASM 30/06/2027", "set", "NASM", "2027-06-30"),
    ],
)
def test_cert_arguments(text, action, code, deadline):
    request = parse_cert_args(text, TODAY)
    assert request.action == action
    assert (request.rule.code if request.rule else None) == code
    assert (request.deadline.isoformat() if request.deadline else None) == deadline


@pytest.mark.parametrize(
    "text", ["XYZ 2027-01-01", "NASM someday", "NASM 2099-01-01", "remove", "NASM 1900-01-01"]
)
def test_bad_cert_arguments_are_refused(text):
    with pytest.raises(CertError):
        parse_cert_args(text, TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-01", "2027-03-01"),
        ("1 Mar 2027", "2027-03-01"),
        ("March 1 2027", "2027-03-01"),
        ("2027-3-1", "2027-03-01"),
    ],
)
def test_date_arguments(text, expected):
    assert parse_date_arg(text, TODAY).isoformat() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("show", None)),
        ("on", ("on", None)),
        ("OFF", ("off", None)),
        ("at 18:30", ("at", time(18, 30))),
        ("18:30", ("at", time(18, 30))),
        ("6:30pm", ("at", time(18, 30))),
        ("at 7 am", ("at", time(7, 0))),
        ("12am", ("at", time(0, 0))),
        ("0830", ("at", time(8, 30))),
        ("8.15", ("at", time(8, 15))),
    ],
)
def test_remind_arguments(text, expected):
    assert parse_remind_args(text) == expected


@pytest.mark.parametrize("text", ["25:00", "at noonish", "13pm", "18:75", "whenever"])
def test_bad_remind_arguments(text):
    with pytest.raises(RemindArgError):
        parse_remind_args(text)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_cert_arguments_never_crash(text):
    try:
        parse_cert_args(text, TODAY)
    except CertError:
        pass


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_remind_arguments_never_crash(text):
    try:
        parse_remind_args(text)
    except RemindArgError:
        pass


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_question_matcher_never_crashes(text):
    match = load_matcher().match(text)
    assert match.kind in {"answer", "choose", "smalltalk", "out_of_scope", "personal", "computed"}
    if match.kind in ("answer", "personal"):
        assert match.topic
    if match.kind == "choose":
        assert 1 <= len(match.candidates) <= 4  # did-you-mean: 3; a body named alone: its menu of 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("june 2027", "2027-06-30"),  # a month alone: its last day (cards expire end of month)
        ("June, 2027", "2027-06-30"),
        ("06/2027", "2027-06-30"),
        ("2027-06", "2027-06-30"),
        ("Feb 2028", "2028-02-29"),
        ("end of june 2027", "2027-06-30"),
        ("end of June, 2027", "2027-06-30"),
        ("mid june 2027", "2027-06-15"),
        ("start of March 2027", "2027-03-01"),
        ("end of 2027", "2027-12-31"),
        ("30.06.2027", "2027-06-30"),
        ("06/30/2027", "2027-06-30"),  # only the US reading is a date
        ("07/06/2027", "2027-06-07"),  # both are: day first, as documented
        ("6/30/27", "2027-06-30"),
        ("31.12.27", "2027-12-31"),
        ("2027/06/30", "2027-06-30"),
        ("Jun 30th, 2027", "2027-06-30"),
        ("30th of June 2027", "2027-06-30"),
        ("June the 30th, 2027", "2027-06-30"),
        ("June '27", "2027-06-30"),
        ("june 30", "2027-06-30"),  # no year: the next one
        ("30/11", "2026-11-30"),
        ("november", "2026-11-30"),
        ("expires 30/06/2027", "2027-06-30"),
        ("renews by June 2027", "2027-06-30"),
        ("Expiration date: 30 Jun 2027", "2027-06-30"),
        ("valid until: 06/2027", "2027-06-30"),
    ],
)
def test_more_date_arguments(text, expected):
    assert parse_date_arg(text, TODAY).isoformat() == expected


@pytest.mark.parametrize(
    "text",
    [
        "2027",
        "next year",
        "in 2 years",
        "tomorrow",
        "someday",
        "2027-02-30",
        "june 31 2027",
        "13/13/2027",
        "june 2099",
    ],
)
def test_vague_or_impossible_dates_are_refused(text):
    with pytest.raises(CertError) as info:
        parse_date_arg(text, TODAY)
    assert "\n" not in str(info.value) and "2027" in str(info.value)


def test_cert_with_month_only_deadline():
    request = parse_cert_args("NASM end of june 2027", TODAY)
    assert (request.action, request.rule.code, request.deadline.isoformat()) == (
        "set",
        "NASM",
        "2027-06-30",
    )


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_date_argument_never_crashes(text):
    try:
        found = parse_date_arg(text, TODAY)
    except CertError:
        return
    assert 1970 <= found.year <= TODAY.year + 10


# --- /cert: starting balance, certification date, deadlines past every window ---------------


def test_cert_earned_and_certified() -> None:
    today = date(2026, 11, 28)
    request = parse_cert_args("NASM 2027-06-30 earned 1.2", today)
    assert (request.action, request.deadline, request.earned) == ("set", date(2027, 6, 30), 1.2)
    request = parse_cert_args("NSCA certified 2025-03-01", today)
    assert (request.deadline, request.certified_on) == (date(2026, 12, 31), date(2025, 3, 1))
    request = parse_cert_args("AFAA 30 june 2027 earned 4,5 CEUs", today)
    assert request.earned == 4.5 and request.deadline == date(2027, 6, 30)
    with pytest.raises(CertError, match="more than NASM asks for"):
        parse_cert_args("NASM 2027-06-30 earned 12", today)  # hours, not CEUs
    with pytest.raises(CertError, match="When does your NASM expire"):
        parse_cert_args("NASM earned 1.2", today)


@pytest.mark.parametrize(
    ("text", "refused", "suggestions"),
    [
        ("NASM 2025-06-30", True, (date(2027, 6, 30), date(2029, 6, 30))),  # past the 1-year window
        ("NASM 2026-01-15", False, ()),  # still inside NASM's late window: accepted
        ("AFAA 2026-11-27", False, ()),  # inside AFAA's late window (a $50 late fee)
        ("AFAA 2026-05-01", True, (date(2028, 5, 1), date(2030, 5, 1))),  # past its 180 days
        ("NCSF 2026-11-27", True, (date(2028, 11, 27), date(2030, 11, 27))),  # no late window
        ("ACE 2026-06-01", False, ()),  # within the 6-month grace
        ("ACE 2026-05-01", True, (date(2028, 5, 1), date(2030, 5, 1))),
        ("NSCA 2023-12-31", True, (date(2026, 12, 31),)),
    ],
)
def test_deadline_past_every_window_offers_the_next_cycle(
    text: str, refused: bool, suggestions: tuple[date, ...]
) -> None:
    today = date(2026, 11, 28)
    if not refused:
        assert parse_cert_args(text, today).action == "set"
        return
    with pytest.raises(PastDeadline) as caught:
        parse_cert_args(text, today)
    assert "Did you mean the next cycle?" in str(caught.value)
    assert caught.value.suggestions == suggestions


def test_expiry_hints_follow_the_body() -> None:
    from knowledge.rules import load_rules
    from tracker.certs import expiry_hint

    rules = load_rules()
    assert "last day of the month" in expiry_hint(rules["ACE"], date(2027, 6, 15))
    assert expiry_hint(rules["ACE"], date(2027, 6, 30)) == ""
    assert "31 Dec" in expiry_hint(rules["ACSM"], date(2027, 6, 30))
    assert expiry_hint(rules["NASM"], date(2027, 6, 15)) == ""
