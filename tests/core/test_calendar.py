"""The .ics export: parse it back with icalendar and check events, dates and UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from knowledge.rules import load_rules
from tracker.calendar import build_ics
from tracker.models import Certification

RULES = load_rules()
NASM = Certification(id=11, user_id=5, body="NASM", deadline=date(2027, 6, 30))
ACE = Certification(id=12, user_id=5, body="ACE", deadline=date(2028, 1, 31))
CPR = date(2027, 3, 1)


def events(ics: bytes) -> dict[str, dict]:
    cal = Calendar.from_ical(ics)
    out = {}
    for ev in cal.walk("VEVENT"):
        out[str(ev["UID"])] = {
            "summary": str(ev["SUMMARY"]),
            "start": ev["DTSTART"].dt,
            "end": ev["DTEND"].dt,
            "description": str(ev.get("DESCRIPTION", "")),
            "alarms": len(ev.walk("VALARM")),
        }
    return out


def by_summary(evs: dict[str, dict]) -> dict[str, date]:
    return {e["summary"]: e["start"] for e in evs.values()}


def test_deadlines_milestones_and_cpr():
    ics = build_ics([(NASM, RULES["NASM"]), (ACE, RULES["ACE"])], CPR)
    cal = Calendar.from_ical(ics)
    assert str(cal["VERSION"]) == "2.0" and "recertbot" in str(cal["PRODID"])
    evs = events(ics)
    assert len(evs) == 2 * (1 + 3) + 1
    dates = by_summary(evs)
    assert dates["NASM renewal deadline"] == date(2027, 6, 30)
    assert dates["ACE renewal deadline"] == date(2028, 1, 31)
    for days in (90, 30, 7):
        assert dates[f"NASM: {days} days to renewal"] == date(2027, 6, 30) - timedelta(days=days)
        assert dates[f"ACE: {days} days to renewal"] == date(2028, 1, 31) - timedelta(days=days)
    assert dates["NASM: 30 days to renewal"] == date(2027, 5, 31)
    assert dates["CPR/AED card expires"] == CPR
    for ev in evs.values():  # all-day events: DATE values, one day long
        assert type(ev["start"]) is date and type(ev["end"]) is date
        assert ev["end"] - ev["start"] == timedelta(days=1)
        assert ev["alarms"] == 1


def test_uids_are_unique_and_stable_across_exports():
    first = events(build_ics([(NASM, RULES["NASM"])], CPR, stamp=datetime(2026, 12, 1, tzinfo=UTC)))
    moved = Certification(id=11, user_id=5, body="NASM", deadline=date(2029, 6, 30))
    second = events(
        build_ics(
            [(moved, RULES["NASM"])], date(2028, 1, 1), stamp=datetime(2027, 7, 1, tzinfo=UTC)
        )
    )
    assert len(first) == 5
    assert set(first) == set(second)  # re-import updates the same events
    uid = next(u for u, e in second.items() if e["summary"] == "NASM renewal deadline")
    assert second[uid]["start"] == date(2029, 6, 30)
    other_user = Certification(id=11, user_id=6, body="NASM", deadline=date(2027, 6, 30))
    assert not set(events(build_ics([(other_user, RULES["NASM"])], CPR))) & set(first)


def test_same_input_gives_the_same_bytes():
    certs = [(NASM, RULES["NASM"]), (ACE, RULES["ACE"])]
    assert build_ics(certs, CPR) == build_ics(certs, CPR)


@pytest.mark.parametrize(
    ("milestones", "cpr", "expected"),
    [((90, 30, 7), None, 4), ((), None, 1), ((60, 14, 1), CPR, 5), ((7, 7, 0), None, 2)],
)
def test_milestone_choice_and_optional_cpr(milestones, cpr, expected):
    evs = events(build_ics([(NASM, RULES["NASM"])], cpr, milestones))
    assert len(evs) == expected
    for days in {m for m in milestones if m > 0}:
        assert by_summary(evs)[f"NASM: {days} days to renewal"] == NASM.deadline - timedelta(
            days=days
        )


def test_descriptions_carry_the_rule_and_its_source():
    evs = events(build_ics([(NASM, RULES["NASM"])], CPR, alarms=False))
    deadline = next(e for e in evs.values() if e["summary"] == "NASM renewal deadline")
    assert "2.0 CEUs (20 hours)" in deadline["description"]
    assert RULES["NASM"].source in deadline["description"]
    assert "not an extension" in deadline["description"]
    cpr = next(e for e in evs.values() if e["summary"] == "CPR/AED card expires")
    assert "NASM" in cpr["description"]
    assert all(e["alarms"] == 0 for e in evs.values())


def test_cpr_only_calendar():
    evs = events(build_ics([], CPR, user_id=9))
    assert list(by_summary(evs).items()) == [("CPR/AED card expires", CPR)]
    assert next(iter(evs)).startswith("user9-")
    assert events(build_ics([], None)) == {}
