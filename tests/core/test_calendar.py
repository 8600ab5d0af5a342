"""The .ics export: parse it back with icalendar and check events, dates and UIDs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from knowledge.rules import load_rules
from tracker.calendar import build_ics
from tracker.models import Certification

RULES = load_rules()
STAMP = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
TODAY = date(2026, 12, 1)
KEY = "test-key"


def ics(certs, cpr, milestones=(90, 30, 7), *, stamp=STAMP, today=TODAY, key=KEY, **kwargs):
    return build_ics(certs, cpr, milestones, stamp=stamp, today=today, uid_key=key, **kwargs)


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
    data = ics([(NASM, RULES["NASM"]), (ACE, RULES["ACE"])], CPR)
    cal = Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0" and "recertbot" in str(cal["PRODID"])
    evs = events(data)
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
    first = events(ics([(NASM, RULES["NASM"])], CPR, stamp=datetime(2026, 12, 1, tzinfo=UTC)))
    moved = Certification(id=11, user_id=5, body="NASM", deadline=date(2029, 6, 30))
    second = events(
        ics(
            [(moved, RULES["NASM"])],
            date(2028, 1, 1),
            stamp=datetime(2027, 7, 1, tzinfo=UTC),
            today=date(2027, 7, 1),
        )
    )
    assert len(first) == 5
    assert set(first) == set(second)  # re-import updates the same events
    uid = next(u for u, e in second.items() if e["summary"] == "NASM renewal deadline")
    assert second[uid]["start"] == date(2029, 6, 30)
    other_user = Certification(id=11, user_id=6, body="NASM", deadline=date(2027, 6, 30))
    assert not set(events(ics([(other_user, RULES["NASM"])], CPR))) & set(first)


def test_same_input_gives_the_same_bytes():
    certs = [(NASM, RULES["NASM"]), (ACE, RULES["ACE"])]
    assert ics(certs, CPR) == ics(certs, CPR)


@pytest.mark.parametrize(
    ("milestones", "cpr", "expected"),
    [((90, 30, 7), None, 4), ((), None, 1), ((60, 14, 1), CPR, 5), ((7, 7, 0), None, 2)],
)
def test_milestone_choice_and_optional_cpr(milestones, cpr, expected):
    evs = events(ics([(NASM, RULES["NASM"])], cpr, milestones))
    assert len(evs) == expected
    for days in {m for m in milestones if m > 0}:
        assert by_summary(evs)[f"NASM: {days} days to renewal"] == NASM.deadline - timedelta(
            days=days
        )


def test_descriptions_carry_the_rule_and_its_source():
    evs = events(ics([(NASM, RULES["NASM"])], CPR, alarms=False))
    deadline = next(e for e in evs.values() if e["summary"] == "NASM renewal deadline")
    assert "2.0 CEUs (20 hours)" in deadline["description"]
    assert RULES["NASM"].source in deadline["description"]
    assert "not an extension" in deadline["description"]
    cpr = next(e for e in evs.values() if e["summary"] == "CPR/AED card expires")
    assert "NASM" in cpr["description"]
    assert all(e["alarms"] == 0 for e in evs.values())


def test_cpr_only_calendar():
    evs = events(ics([], CPR, user_id=9))
    assert list(by_summary(evs).items()) == [("CPR/AED card expires", CPR)]
    assert set(evs) != set(events(ics([], CPR, user_id=10)))  # one per user
    assert events(ics([], None)) == {}


def test_dtstamp_is_the_stamp_given():
    cal = Calendar.from_ical(ics([(NASM, RULES["NASM"])], CPR))
    assert {ev.decoded("dtstamp") for ev in cal.walk("VEVENT")} == {STAMP}


def test_milestones_already_past_are_left_out():
    today = date(2027, 5, 1)  # 60 days before the NASM deadline: the 90-day milestone is past
    evs = by_summary(events(ics([(NASM, RULES["NASM"])], CPR, today=today)))
    assert "NASM: 90 days to renewal" not in evs
    assert evs["NASM: 30 days to renewal"] == date(2027, 5, 31)
    assert evs["NASM renewal deadline"] == date(2027, 6, 30)
    on_the_day = by_summary(events(ics([(NASM, RULES["NASM"])], None, today=date(2027, 6, 23))))
    assert "NASM: 7 days to renewal" in on_the_day  # today's milestone is not past yet


def test_uids_carry_no_telegram_or_database_ids():
    user = Certification(id=4242, user_id=987654321, body="NASM", deadline=date(2027, 6, 30))
    data = ics([(user, RULES["NASM"])], CPR)
    uids = set(events(data))
    assert b"987654321" not in data and not any("4242" in u for u in uids)
    assert all(u.endswith("@recertbot") for u in uids)
    assert uids == set(events(ics([(user, RULES["NASM"])], CPR)))  # same key: same UIDs
    assert not uids & set(events(ics([(user, RULES["NASM"])], CPR, key="another install")))
