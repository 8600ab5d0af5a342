"""Credits to hours: always with the right body's hours per unit, never from the acronym."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.rules import load_rules
from tracker.activities import LogError, NeedBody, credit_hours, parse_log

SAT = date(2026, 11, 28)  # a Saturday


def parsed(text, today=SAT):
    return parse_log(text, today)


@pytest.mark.parametrize(
    ("text", "held", "hours"),
    [
        ("2.0 CEU NASM course", [], 20),
        ("2 CEC ACE workshop", [], 20),
        ("15 CEUs AFAA", [], 15),
        ("3 CECs AEA aqua", [], 3),
        ("5 CEUs ISSA", [], 5),
        ("5 CECs ACSM", [], 5),
        ("5 CECs ACSM-EP", [], 5),
        ("0.6 CEU NSCA clinic", [], 6),
        ("1 NCSF CEU", [], 2),
        ("0.4 CEU NESTA", [], 4),
        ("6 CECs NETA", [], 6),
        ("0.3 CEU NASM", [], 3),
        ("2 CEUs workshop", ["NASM", "ACE"], 20),  # only NASM uses CEUs
        ("2 CEUs workshop", ["issa"], 2),
        ("2 CECs workshop", ["NASM", "ACE"], 20),
        ("3h workshop", ["NASM"], 3),
        ("2h workshop 0.5 CEU", ["NASM", "ISSA"], 2),  # body unclear: the stated hours
        ("2h workshop 0.3 CEU NASM", [], 3),  # body named: the credits win
        ("3h workshop 2 CEU NCCPT", [], 3),  # NCCPT can't convert: the stated hours
    ],
)
def test_credit_hours(text, held, hours):
    assert credit_hours(parsed(text), held) == pytest.approx(hours)


def test_every_trackable_body_converts_with_its_own_rate():
    for code, rule in load_rules().items():
        entry = parsed(f"1.5 {rule.unit} {code} course")
        assert entry.body == code
        if rule.trackable:
            assert credit_hours(entry, []) == pytest.approx(1.5 * rule.hours_per_unit)
        else:
            with pytest.raises(LogError, match="doesn't state"):
                credit_hours(entry, [])


def test_nccpt_cannot_be_converted():
    with pytest.raises(LogError, match="NCCPT doesn't state how many hours"):
        credit_hours(parsed("2 CEU NCCPT"), [])
    with pytest.raises(LogError, match="NCCPT"):
        credit_hours(parsed("2 CEU workshop"), ["NCCPT", "ACE"])


def test_ambiguous_held_bodies_ask():
    with pytest.raises(NeedBody) as info:
        credit_hours(parsed("2 CEUs workshop"), ["NASM", "ISSA"])
    assert info.value.candidates == ("NASM", "ISSA")
    assert "NASM or ISSA" in str(info.value)
    assert isinstance(info.value, LogError)


def test_unknown_body_lists_every_trackable_body_with_that_unit():
    rules = load_rules()
    for held in ([], ["ACE"]):
        with pytest.raises(NeedBody) as info:
            credit_hours(parsed("2 CEUs workshop"), held)
        expected = tuple(c for c, r in rules.items() if r.unit == "CEU" and r.trackable)
        assert info.value.candidates == expected
        assert "NCCPT" not in info.value.candidates
    with pytest.raises(NeedBody) as info:
        credit_hours(parsed("2 CECs workshop"), [])
    assert set(info.value.candidates) == {c for c, r in rules.items() if r.unit == "CEC"}


def test_held_non_trackable_body_is_asked_about_not_skipped():
    with pytest.raises(NeedBody) as info:
        credit_hours(parsed("2 CEUs workshop"), ["NASM", "NCCPT"])
    assert info.value.candidates == ("NASM", "NCCPT")


def test_conversion_over_the_cap_is_refused():
    with pytest.raises(LogError, match="150 hours"):
        credit_hours(parsed("15 CEUs NASM"), [])
