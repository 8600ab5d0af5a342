"""What nudges are due at a given instant: pure, table-driven, no clock."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from knowledge.rules import load_rules
from tracker.models import Activity, Certification, UserSettings
from tracker.progress import compute_progress, format_date
from tracker.reminders import (
    CPR_MILESTONES,
    MAX_MESSAGE_CHARS,
    MILESTONES,
    CertState,
    Nudge,
    Plan,
    complete_key,
    cpr_key,
    deadline_key,
    due_nudges,
    format_nudge_message,
    grace_key,
    in_quiet_hours,
    late_key,
    local_send_time,
    next_planned,
    pace_key,
)

RULES = load_rules()
ZONES = ["UTC", "Europe/London", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Auckland"]
DEADLINE = date(2027, 6, 30)


def local(zone: str, y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    """The UTC instant of a wall-clock time in `zone`."""
    return datetime(y, m, d, hh, mm, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def at_local(zone: str, day: date, hh: int = 9, mm: int = 0) -> datetime:
    return local(zone, day.year, day.month, day.day, hh, mm)


def state(
    code: str = "NASM",
    deadline: date = DEADLINE,
    hours: float | None = None,
    today: date | None = None,
    cpr_expiry: date | None = None,
    cert_id: int = 1,
    **cert_fields,
) -> CertState:
    """A certification with `hours` logged at the start of its cycle, progress as of `today`.
    By default nearly complete, and so never behind pace (no pace checks in the way)."""
    rule = RULES[code]
    if hours is None:
        hours = rule.required_hours - 0.02
    cert = Certification(id=cert_id, user_id=7, body=code, deadline=deadline, **cert_fields)
    start, _ = rule.cycle(deadline)
    activities = [Activity(1, 7, start, "course", hours)] if hours else []
    progress = compute_progress(rule, deadline, activities, cpr_expiry, today or deadline)
    return CertState(cert, progress)


def user(zone: str = "UTC", **fields) -> UserSettings:
    return UserSettings(user_id=7, timezone=zone, **fields)


def keys(nudges) -> list[str]:
    return [n.key for n in nudges]


def milestone_keys(code: str, deadline: date, days) -> set[str]:
    return {deadline_key(code, deadline, m) for m in days}


# ---------- the send slot ----------


@pytest.mark.parametrize(
    ("zone", "day", "utc_hour", "utc_day"),
    [
        ("UTC", date(2027, 3, 28), 9, 28),
        # Europe/London: BST from 28 Mar 2027, GMT from 31 Oct 2027.
        ("Europe/London", date(2027, 3, 27), 9, 27),
        ("Europe/London", date(2027, 3, 28), 8, 28),
        ("Europe/London", date(2027, 10, 30), 8, 30),
        ("Europe/London", date(2027, 10, 31), 9, 31),
        # America/Los_Angeles: PDT from 14 Mar 2027, PST from 7 Nov 2027.
        ("America/Los_Angeles", date(2027, 3, 13), 17, 13),
        ("America/Los_Angeles", date(2027, 3, 14), 16, 14),
        ("America/Los_Angeles", date(2027, 11, 6), 16, 6),
        ("America/Los_Angeles", date(2027, 11, 7), 17, 7),
        # Asia/Kolkata: +05:30, no DST.
        ("Asia/Kolkata", date(2027, 3, 28), 3, 28),
        # Pacific/Auckland: NZDT (+13) until 4 Apr 2027, NZST (+12) until 26 Sep 2027.
        ("Pacific/Auckland", date(2027, 4, 3), 20, 2),
        ("Pacific/Auckland", date(2027, 4, 4), 21, 3),
        ("Pacific/Auckland", date(2027, 9, 26), 20, 25),
    ],
)
def test_send_slot_stays_at_nine_local_across_dst(zone, day, utc_hour, utc_day):
    slot = local_send_time(user(zone), day)
    assert slot.tzinfo is not None and slot.utcoffset() == timedelta(0)
    wall = slot.astimezone(ZoneInfo(zone))
    assert (wall.date(), wall.time()) == (day, time(9, 0))
    assert (slot.day, slot.hour) == (utc_day, utc_hour)


@pytest.mark.parametrize(
    ("remind_at", "quiet_start", "quiet_end", "expected"),
    [
        (time(9, 0), time(22, 0), time(8, 0), time(9, 0)),
        (time(23, 0), time(22, 0), time(8, 0), time(8, 0)),  # in quiet hours -> quiet end
        (time(7, 0), time(22, 0), time(8, 0), time(8, 0)),
        (time(22, 0), time(22, 0), time(8, 0), time(8, 0)),  # start is inside
        (time(8, 0), time(22, 0), time(8, 0), time(8, 0)),  # end is outside
        (time(21, 59), time(22, 0), time(8, 0), time(21, 59)),
        (time(5, 0), time(0, 0), time(6, 0), time(6, 0)),  # quiet hours not wrapping
        (time(23, 0), time(22, 0), time(22, 0), time(23, 0)),  # start == end: no quiet hours
    ],
)
def test_send_slot_moves_out_of_quiet_hours(remind_at, quiet_start, quiet_end, expected):
    settings = user(
        "Europe/London", remind_at=remind_at, quiet_start=quiet_start, quiet_end=quiet_end
    )
    slot = local_send_time(settings, date(2027, 1, 15))
    assert slot.astimezone(ZoneInfo("Europe/London")).time() == expected


@pytest.mark.parametrize(
    ("t", "inside"),
    [
        (time(21, 59), False),
        (time(22, 0), True),
        (time(23, 30), True),
        (time(0, 0), True),
        (time(7, 59), True),
        (time(8, 0), False),
        (time(12, 0), False),
    ],
)
def test_quiet_hours_wrap_midnight(t, inside):
    assert in_quiet_hours(t, time(22, 0), time(8, 0)) is inside


# ---------- what is due at this instant, across zones ----------


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    ("hh", "mm", "sends", "next_is"),
    [
        (6, 0, False, "today_slot"),  # before the slot (and in quiet hours)
        (8, 59, False, "today_slot"),  # after quiet hours, before the slot
        (9, 0, True, "next_milestone"),
        (13, 30, True, "next_milestone"),  # late is fine: still today
        (21, 59, True, "next_milestone"),
        (22, 0, False, "tomorrow_slot"),  # quiet hours
        (23, 45, False, "tomorrow_slot"),
    ],
)
def test_thirty_day_milestone_at_local_times(zone, hh, mm, sends, next_is):
    day = DEADLINE - timedelta(days=30)
    settings = user(zone)
    sent = milestone_keys("NASM", DEADLINE, (90, 60))
    st_ = [state(hours=19.9, today=day)]
    plan = due_nudges(settings, st_, sent, at_local(zone, day, hh, mm), None)
    assert keys(plan.send) == ([deadline_key("NASM", DEADLINE, 30)] if sends else [])
    expected = {
        "today_slot": local_send_time(settings, day),
        "tomorrow_slot": local_send_time(settings, day + timedelta(days=1)),
        "next_milestone": local_send_time(settings, DEADLINE - timedelta(days=14)),
    }[next_is]
    assert plan.next_due_at == expected
    assert plan.next_due_at > at_local(zone, day, hh, mm)


@pytest.mark.parametrize("zone", ZONES)
def test_the_local_date_decides_not_the_utc_date(zone):
    """At 09:30 local on the 30-day milestone day, whatever the UTC date is."""
    day = DEADLINE - timedelta(days=30)
    now = at_local(zone, day, 9, 30)
    sent = milestone_keys("NASM", DEADLINE, (90, 60))
    plan = due_nudges(user(zone), [state(today=day)], sent, now, None)
    assert keys(plan.send) == [deadline_key("NASM", DEADLINE, 30)]
    # The evening before (local), nothing yet, even if UTC already says `day`.
    eve = at_local(zone, day - timedelta(days=1), 21, 0)
    plan = due_nudges(user(zone), [state(today=day)], sent, eve, None)
    assert plan.send == ()
    assert plan.next_due_at == local_send_time(user(zone), day)


@pytest.mark.parametrize("zone", ["Europe/London", "America/Los_Angeles", "Pacific/Auckland"])
def test_next_due_at_follows_dst(zone):
    """The next milestone's slot is 09:00 local even when the offset changed in between."""
    deadline = date(2027, 4, 20)  # 30 days before: 21 Mar; 14 days before: 6 Apr
    day = deadline - timedelta(days=30)
    sent = milestone_keys("NASM", deadline, (90, 60))
    plan = due_nudges(
        user(zone), [state(deadline=deadline, today=day)], sent, at_local(zone, day, 10), None
    )
    assert keys(plan.send) == [deadline_key("NASM", deadline, 30)]
    wall = plan.next_due_at.astimezone(ZoneInfo(zone))
    assert (wall.date(), wall.time()) == (deadline - timedelta(days=14), time(9, 0))


def test_remind_at_in_quiet_hours_sends_at_quiet_end():
    zone = "Asia/Kolkata"
    settings = user(zone, remind_at=time(23, 0))
    day = DEADLINE - timedelta(days=7)
    sent = milestone_keys("NASM", DEADLINE, (90, 60, 30, 14))
    st_ = [state(today=day)]
    assert due_nudges(settings, st_, sent, at_local(zone, day, 7, 59), None).send == ()
    plan = due_nudges(settings, st_, sent, at_local(zone, day, 8, 0), None)
    assert keys(plan.send) == [deadline_key("NASM", DEADLINE, 7)]
    plan = due_nudges(settings, st_, sent, at_local(zone, day, 23, 0), None)
    assert plan.send == ()


# ---------- every milestone ----------


@pytest.mark.parametrize("days", MILESTONES)
@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland"])
def test_every_milestone_once(days, zone):
    day = DEADLINE - timedelta(days=days)
    earlier = milestone_keys("NASM", DEADLINE, (m for m in MILESTONES if m > days))
    st_ = [state(today=day)]
    now = at_local(zone, day, 9)
    plan = due_nudges(user(zone), st_, earlier, now, None)
    assert keys(plan.send) == [deadline_key("NASM", DEADLINE, days)]
    assert plan.skip == ()
    text = plan.send[0].text
    assert "0.02 h" in text and "0.01 CEUs" in text  # what is missing, hours and credits
    assert ("tomorrow" if days == 1 else f"in {days} days") in text
    # Once sent, not again that day nor the next.
    sent = earlier | set(keys(plan.send))
    assert due_nudges(user(zone), st_, sent, now, None).send == ()
    assert due_nudges(user(zone), st_, sent, now + timedelta(days=1), day).send == ()


def test_nothing_between_milestones_and_next_due_is_the_next_milestone():
    day = DEADLINE - timedelta(days=45)
    sent = milestone_keys("NASM", DEADLINE, (90, 60))
    plan = due_nudges(user(), [state(hours=19.99, today=day)], sent, at_local("UTC", day), None)
    assert plan.send == () and plan.skip == ()
    assert plan.next_due_at == local_send_time(user(), DEADLINE - timedelta(days=30))


def test_pace_needed_is_stated():
    day = DEADLINE - timedelta(days=90)
    plan = due_nudges(user(), [state(hours=8, today=day)], set(), at_local("UTC", day), None)
    [nudge] = [n for n in plan.send if n.kind == "deadline"]
    assert "Pace needed" in nudge.text and "a month" in nudge.text


# ---------- downtime ----------


def test_downtime_sends_the_latest_milestone_and_skips_the_overtaken_one():
    """Bot down from 31 to 13 days before: only the 14-day nudge, the 30-day one skipped."""
    day = DEADLINE - timedelta(days=13)
    sent = milestone_keys("NASM", DEADLINE, (90, 60))
    plan = due_nudges(user(), [state(today=day)], sent, at_local("UTC", day, 15), None)
    assert keys(plan.send) == [deadline_key("NASM", DEADLINE, 14)]
    assert keys(plan.skip) == [deadline_key("NASM", DEADLINE, 30)]
    assert "in 13 days" in plan.send[0].text  # the text tells the real time left
    # Recorded: the 30-day one never goes out, the next one is the 7-day one.
    after = sent | set(keys(plan.send)) | set(keys(plan.skip))
    later = DEADLINE - timedelta(days=7)
    plan = due_nudges(user(), [state(today=later)], after, at_local("UTC", later), day)
    assert keys(plan.send) == [deadline_key("NASM", DEADLINE, 7)]
    assert plan.skip == ()


def test_new_certification_close_to_its_deadline_gets_one_nudge():
    day = DEADLINE - timedelta(days=20)
    plan = due_nudges(user(), [state(today=day)], set(), at_local("UTC", day, 10), None)
    assert keys(plan.send) == [deadline_key("NASM", DEADLINE, 30)]
    assert set(keys(plan.skip)) == milestone_keys("NASM", DEADLINE, (90, 60))


def test_downtime_in_the_night_waits_for_the_morning_but_skips_now():
    zone = "America/Los_Angeles"
    day = DEADLINE - timedelta(days=13)
    sent = milestone_keys("NASM", DEADLINE, (90, 60))
    plan = due_nudges(user(zone), [state(today=day)], sent, at_local(zone, day, 23), None)
    assert plan.send == ()
    assert keys(plan.skip) == [deadline_key("NASM", DEADLINE, 30)]
    assert plan.next_due_at == local_send_time(user(zone), day + timedelta(days=1))


# ---------- complete ----------


def test_complete_congratulates_once_then_no_deadline_nudges():
    day = DEADLINE - timedelta(days=30)
    card = date(2030, 1, 1)
    st_ = [state(hours=20, today=day, cpr_expiry=card)]
    plan = due_nudges(user(), st_, set(), at_local("UTC", day), None)
    assert keys(plan.send) == [complete_key("NASM", DEADLINE)]
    assert plan.skip == ()
    sent = set(keys(plan.send))
    for later_days in (30, 14, 7, 1):
        later = DEADLINE - timedelta(days=later_days)
        plan = due_nudges(
            user(),
            [state(hours=20, today=later, cpr_expiry=card)],
            sent,
            at_local("UTC", later),
            None,
        )
        assert plan.send == ()
    # Next check: the grace-period notice after the deadline (NASM has a grace period).
    assert plan.next_due_at == local_send_time(user(), DEADLINE + timedelta(days=1))


def test_no_congratulation_for_a_past_cycle():
    day = RULES["AFAA"].grace_end(DEADLINE) + timedelta(days=1)  # past AFAA's late window
    plan = due_nudges(
        user(), [state("AFAA", hours=15, today=day)], set(), at_local("UTC", day), None
    )
    assert plan.send == () and plan.next_due_at is None


# ---------- CPR/AED ----------


@pytest.mark.parametrize("days", CPR_MILESTONES)
def test_cpr_expiring_before_the_deadline(days):
    expiry = date(2027, 3, 1)
    day = expiry - timedelta(days=days)
    settings = user(cpr_expiry=expiry)
    earlier = {cpr_key(expiry, m) for m in CPR_MILESTONES if m > days}
    plan = due_nudges(
        settings,
        [state(today=day, cpr_expiry=expiry)],
        earlier,
        at_local("UTC", day),
        None,
    )
    assert keys(plan.send) == [cpr_key(expiry, days)]
    assert plan.send[0].cert_id is None and "NASM" in plan.send[0].text
    assert f"in {days} days" in plan.send[0].text


def test_cpr_overtaken_and_irrelevant_cases():
    expiry = date(2027, 3, 1)
    day = expiry - timedelta(days=5)
    settings = user(cpr_expiry=expiry)
    done = lambda code, dl: state(code, deadline=dl, today=day)  # noqa: E731
    plan = due_nudges(settings, [done("NASM", DEADLINE)], set(), at_local("UTC", day), None)
    assert keys(plan.send) == [cpr_key(expiry, 7)]
    assert keys(plan.skip) == [cpr_key(expiry, 30)]
    # Card expires after the deadline: nothing about it.
    plan = due_nudges(
        settings, [done("NASM", date(2027, 2, 20))], set(), at_local("UTC", day), None
    )
    assert not [n for n in plan.send if n.kind == "cpr"]
    # The body does not require a card (NETA): nothing.
    plan = due_nudges(settings, [done("NETA", DEADLINE)], set(), at_local("UTC", day), None)
    assert plan.send == () and plan.skip == ()
    # No certification at all: nothing.
    assert due_nudges(settings, [], set(), at_local("UTC", day), None) == Plan((), (), None)


def test_cpr_expiry_change_is_a_new_series():
    old, new = date(2027, 3, 1), date(2027, 3, 15)
    day = new - timedelta(days=30)
    sent = {cpr_key(old, 30)}
    plan = due_nudges(user(cpr_expiry=new), [state(today=day)], sent, at_local("UTC", day), None)
    assert keys(plan.send) == [cpr_key(new, 30)]


# ---------- grace ----------


@pytest.mark.parametrize("code", ["NASM", "ACE", "NESTA", "NCCPT", "AEA"])
def test_late_window_notices_follow_the_fee_tiers(code):
    rule = RULES[code]
    day = DEADLINE + timedelta(days=1)
    if rule.trackable:
        st_ = state(code, today=day)
    else:
        st_ = CertState(Certification(1, 7, code, DEADLINE), None, rule=rule)
    sent = milestone_keys(code, DEADLINE, MILESTONES)
    plan = due_nudges(user(), [st_], sent, at_local("UTC", day), None)
    assert keys(plan.send) == [grace_key(code, DEADLINE)]
    text = plan.send[0].text
    first = rule.late_tiers[0]
    assert f"Late renewal now: {first.fee}" in text and "not an extension" in text
    assert f"until {format_date(rule.grace_end(DEADLINE))}" in text
    sent |= set(keys(plan.send))
    assert (
        due_nudges(user(), [st_], sent, at_local("UTC", day + timedelta(days=1)), None).send == ()
    )
    # each later fee tier opens with its own notice, once
    for i, tier in enumerate(rule.late_tiers[1:], start=1):
        opens = DEADLINE + timedelta(days=rule.late_tiers[i - 1].until_days + 1)
        plan = due_nudges(user(), [st_], sent, at_local("UTC", opens), None)
        assert keys(plan.send) == [late_key(code, DEADLINE, i)]
        assert f"Late renewal now: {tier.fee}" in plan.send[0].text
        sent |= set(keys(plan.send))
    end = rule.grace_end(DEADLINE)
    assert due_nudges(user(), [st_], sent, at_local("UTC", end), None).send == ()
    assert due_nudges(user(), [st_], sent, at_local("UTC", end), None).next_due_at is None


def test_nasm_late_notice_says_credits_still_count_for_90_days():
    day = DEADLINE + timedelta(days=1)
    plan = due_nudges(user(), [state(today=day)], set(), at_local("UTC", day), None)
    text = plan.send[-1].text
    assert "Late renewal now: $30 late fee until 28 Sep 2027" in text
    assert "NASM accepts a late renewal until 29 Jun 2028" in text
    assert "Activities until 28 Sep 2027 still count" in text


def test_no_grace_notice_without_a_grace_period_or_after_it():
    day = DEADLINE + timedelta(days=1)
    assert RULES["NCSF"].grace_end(DEADLINE) is None  # NCSF names no late window
    plan = due_nudges(user(), [state("NCSF", today=day)], set(), at_local("UTC", day), None)
    assert plan == Plan((), (), None)
    past = RULES["NASM"].grace_end(DEADLINE) + timedelta(days=1)
    plan = due_nudges(user(), [state(today=past)], set(), at_local("UTC", past), None)
    assert plan == Plan((), (), None)


# ---------- merge, one per day ----------


def test_two_due_the_same_day_are_merged_into_one_message():
    expiry = DEADLINE - timedelta(days=40)  # 30 days before expiry = 70 days before deadline
    day = expiry - timedelta(days=30)
    certs = [
        state("NASM", today=day, cpr_expiry=expiry, cert_id=1),
        state("ACE", deadline=day + timedelta(days=60), today=day, cpr_expiry=expiry, cert_id=2),
    ]
    sent = milestone_keys("NASM", DEADLINE, (90,))
    plan = due_nudges(
        user("Europe/London", cpr_expiry=expiry), certs, sent, at_local("Europe/London", day), None
    )
    kinds = sorted(n.kind for n in plan.send)
    assert kinds == ["cpr", "deadline"]
    message = format_nudge_message(plan.send, "Europe/London")
    assert message.count("<b>Renewal reminders</b>") == 1
    for nudge in plan.send:
        assert nudge.text in message
    assert "confirm with" in message and "Europe/London" in message
    assert len(message) <= MAX_MESSAGE_CHARS


@pytest.mark.parametrize("zone", ZONES)
def test_one_message_per_local_day(zone):
    day = DEADLINE - timedelta(days=14)
    sent = milestone_keys("NASM", DEADLINE, (90, 60, 30))
    plan = due_nudges(user(zone), [state(today=day)], sent, at_local(zone, day, 11), day)
    assert plan.send == ()
    assert plan.next_due_at == local_send_time(user(zone), day + timedelta(days=1))
    # The next morning it goes out, late.
    plan = due_nudges(user(zone), [state(today=day)], sent, plan.next_due_at, day)
    assert keys(plan.send) == [deadline_key("NASM", DEADLINE, 14)]


def test_message_stays_under_the_telegram_limit():
    nudges = [
        Nudge(
            f"deadline:X{i}:2027-06-30:30", "deadline", i, "⏳ " + "x" * 300, rules=(RULES["NASM"],)
        )
        for i in range(40)
    ]
    message = format_nudge_message(nudges, "UTC")
    assert len(message) <= MAX_MESSAGE_CHARS
    assert "more reminders" in message and "confirm with NASM" in message
    assert format_nudge_message([], "UTC") == ""


def test_single_nudge_message_has_no_header():
    day = DEADLINE - timedelta(days=30)
    plan = due_nudges(
        user(),
        [state(today=day)],
        milestone_keys("NASM", DEADLINE, (90, 60)),
        at_local("UTC", day),
        None,
    )
    message = format_nudge_message(plan.send, "UTC")
    assert message.startswith("⏳") and "Renewal reminders" not in message
    assert "Rules checked 2026-12-01" in message


# ---------- snooze and stop ----------


def test_snooze_holds_nudges_until_it_ends():
    day = DEADLINE - timedelta(days=30)
    now = at_local("UTC", day, 10)
    until = now + timedelta(days=7)
    sent = milestone_keys("NASM", DEADLINE, (90, 60))
    plan = due_nudges(user(), [state(today=day, snoozed_until=until)], sent, now, None)
    assert plan == Plan((), (), until)
    # Once the snooze is over, the due one goes out (late, once).
    later = day + timedelta(days=7)
    plan = due_nudges(user(), [state(today=later, snoozed_until=until)], sent, until, None)
    assert keys(plan.send) == [deadline_key("NASM", DEADLINE, 30)]
    # A naive snooze time is read as UTC.
    naive = until.replace(tzinfo=None)
    plan = due_nudges(user(), [state(today=day, snoozed_until=naive)], sent, now, None)
    assert plan.send == () and plan.next_due_at == until


def test_snooze_of_one_certification_leaves_the_others():
    day = DEADLINE - timedelta(days=30)
    now = at_local("UTC", day, 10)
    certs = [
        state("NASM", today=day, snoozed_until=now + timedelta(days=7), cert_id=1),
        state("ACE", today=day, cert_id=2),
    ]
    plan = due_nudges(user(), certs, set(), now, None)
    assert {n.cert_id for n in plan.send} == {2}


@pytest.mark.parametrize(
    ("settings_fields", "cert_fields"),
    [({"reminders_on": False}, {}), ({"active": False}, {}), ({}, {"reminders_off": True})],
)
def test_stopped_reminders_send_nothing(settings_fields, cert_fields):
    expiry = DEADLINE - timedelta(days=60)
    day = DEADLINE - timedelta(days=90)
    settings = user(cpr_expiry=expiry, **settings_fields)
    st_ = state(today=day, cpr_expiry=expiry, **cert_fields)
    assert due_nudges(settings, [st_], set(), at_local("UTC", day, 12), None) == Plan((), (), None)
    assert next_planned(settings, [st_], set(), at_local("UTC", day, 12)) is None


# ---------- pace ----------


def test_monthly_pace_check_when_behind():
    day = date(2026, 11, 10)  # mid-cycle, 4 h of 20 logged: behind the straight line
    st_ = state(hours=4, today=day)
    assert st_.progress.behind_pace
    plan = due_nudges(user("Europe/London"), [st_], set(), at_local("Europe/London", day), None)
    assert keys(plan.send) == [pace_key("NASM", DEADLINE, day)]
    assert plan.send[0].key.endswith(":2026-11")
    assert "behind pace" in plan.send[0].text and "a month" in plan.send[0].text
    # Once this month; the next check is on the first of next month.
    sent = set(keys(plan.send))
    later = date(2026, 11, 25)
    plan = due_nudges(
        user("Europe/London"),
        [state(hours=4, today=later)],
        sent,
        at_local("Europe/London", later),
        day,
    )
    assert plan.send == ()
    assert plan.next_due_at == local_send_time(user("Europe/London"), date(2026, 12, 1))


def test_no_pace_check_when_on_track_and_next_due_is_when_falling_behind():
    day = date(2026, 11, 10)
    hours = 16.0
    st_ = state(hours=hours, today=day)
    assert not st_.progress.behind_pace
    plan = due_nudges(user(), [st_], set(), at_local("UTC", day), None)
    assert plan.send == ()
    first = plan.next_due_at.date()
    assert first > day
    assert state(hours=hours, today=first).progress.behind_pace
    assert not state(hours=hours, today=first - timedelta(days=1)).progress.behind_pace
    plan = due_nudges(user(), [state(hours=hours, today=first)], set(), plan.next_due_at, None)
    assert keys(plan.send) == [pace_key("NASM", DEADLINE, first)]


def test_pace_check_is_overtaken_by_a_deadline_nudge_the_same_day():
    day = DEADLINE - timedelta(days=60)
    sent = milestone_keys("NASM", DEADLINE, (90,))
    plan = due_nudges(user(), [state(hours=4, today=day)], sent, at_local("UTC", day), None)
    assert keys(plan.send) == [deadline_key("NASM", DEADLINE, 60)]
    assert keys(plan.skip) == [pace_key("NASM", DEADLINE, day)]


def test_no_pace_check_in_the_first_days_of_a_cycle():
    start, _ = RULES["NASM"].cycle(DEADLINE)
    day = start + timedelta(days=3)
    st_ = state(hours=0, today=day)
    assert st_.progress.behind_pace
    plan = due_nudges(user(), [st_], set(), at_local("UTC", day), None)
    assert plan.send == ()
    assert plan.next_due_at.date() == start + timedelta(days=30)


# ---------- untrackable bodies ----------


def test_untrackable_body_still_gets_deadline_nudges():
    rule = RULES["NCCPT"]
    st_ = CertState(Certification(1, 7, "NCCPT", DEADLINE), None, rule=rule)
    day = DEADLINE - timedelta(days=7)
    sent = milestone_keys("NCCPT", DEADLINE, (90, 60, 30, 14))
    plan = due_nudges(user(), [st_], sent, at_local("UTC", day), None)
    assert keys(plan.send) == [deadline_key("NCCPT", DEADLINE, 7)]
    assert "2.0 CEUs" in plan.send[0].text
    assert not re.search(r"\d h\b", plan.send[0].text)  # no hours: none can be converted
    with pytest.raises(ValueError):
        CertState(Certification(1, 7, "NCCPT", DEADLINE), None).body_rule()


# ---------- next_planned ----------


def test_next_planned_names_the_next_milestone():
    day = DEADLINE - timedelta(days=100)
    when, what = next_planned(
        user("Asia/Kolkata"), [state(hours=19.9, today=day)], set(), at_local("Asia/Kolkata", day)
    )
    assert when == local_send_time(user("Asia/Kolkata"), DEADLINE - timedelta(days=90))
    assert what == "NASM: 90 days to renewal"
    # Something due now: now (or the next slot when in quiet hours).
    d90 = DEADLINE - timedelta(days=90)
    now = at_local("Asia/Kolkata", d90, 12)
    assert next_planned(user("Asia/Kolkata"), [state(today=d90)], set(), now)[0] == now
    night = at_local("Asia/Kolkata", d90, 23)
    when, _ = next_planned(user("Asia/Kolkata"), [state(today=d90)], set(), night)
    assert when == local_send_time(user("Asia/Kolkata"), d90 + timedelta(days=1))


# ---------- properties: a sweep driven only by next_due_at ----------


def simulate(
    zone: str,
    code: str,
    deadline: date,
    hours: float,
    start: datetime,
    end: datetime,
    cpr_expiry: date | None = None,
    down: tuple[datetime, datetime] | None = None,
    settings_fields: dict | None = None,
):
    """Run the sweep at each stored next_due_at (as the real sweep does) from `start` to `end`.
    Returns the messages [(instant, keys)] and every key recorded as skipped."""
    settings = user(zone, cpr_expiry=cpr_expiry, **(settings_fields or {}))
    tz = ZoneInfo(zone)
    sent: set[str] = set()
    skipped: set[str] = set()
    messages: list[tuple[datetime, list[str]]] = []
    last_sent_on: date | None = None
    now = start
    for _ in range(2000):
        if down and down[0] <= now < down[1]:
            now = down[1]
        if now > end:
            break
        today = now.astimezone(tz).date()
        plan = due_nudges(
            settings,
            [state(code, deadline, hours, today, cpr_expiry)],
            sent | skipped,
            now,
            last_sent_on,
        )
        assert plan.next_due_at is None or plan.next_due_at > now
        assert not set(keys(plan.send)) & (sent | skipped)
        assert not set(keys(plan.send)) & set(keys(plan.skip))
        if plan.send:
            messages.append((now, keys(plan.send)))
            sent |= set(keys(plan.send))
            last_sent_on = today
        skipped |= set(keys(plan.skip))
        if plan.next_due_at is None:
            break
        now = plan.next_due_at
    else:
        pytest.fail("the sweep did not settle")
    return settings, messages, skipped


@pytest.mark.parametrize("zone", ZONES)
def test_simulated_cycle_end_sends_every_milestone_on_its_day(zone):
    deadline = date(2027, 4, 10)  # spans the March DST switches
    start = at_local(zone, deadline - timedelta(days=120), 0, 0)
    end = at_local(zone, deadline + timedelta(days=200), 0, 0)
    settings, messages, skipped = simulate(zone, "NASM", deadline, 19.5, start, end)
    tz = ZoneInfo(zone)
    by_key = {k: t for t, ks in messages for k in ks}
    for m in MILESTONES:
        t = by_key[deadline_key("NASM", deadline, m)].astimezone(tz)
        assert (t.date(), t.time()) == (deadline - timedelta(days=m), time(9, 0))
    assert grace_key("NASM", deadline) in by_key
    days = [t.astimezone(tz).date() for t, _ in messages]
    assert len(days) == len(set(days))  # one message per local day
    assert not skipped


def test_simulated_downtime_sends_once_late_and_skips_overtaken():
    zone = "Europe/London"
    start = at_local(zone, DEADLINE - timedelta(days=100), 0, 0)
    end = at_local(zone, DEADLINE - timedelta(days=2), 0, 0)
    down = (
        at_local(zone, DEADLINE - timedelta(days=31), 0, 0),
        at_local(zone, DEADLINE - timedelta(days=13), 16, 20),
    )
    _, messages, skipped = simulate(zone, "NASM", DEADLINE, None, start, end, down=down)
    sent = [k for _, ks in messages for k in ks]
    assert skipped == {deadline_key("NASM", DEADLINE, 30)}
    assert deadline_key("NASM", DEADLINE, 14) in sent
    assert down[1] in [t for t, _ in messages]  # sent as soon as the bot is back (16:20)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    zone=st.sampled_from(ZONES),
    code=st.sampled_from(["NASM", "ACE", "AFAA", "NETA", "ACSM", "NESTA"]),
    deadline_offset=st.integers(min_value=-200, max_value=800),
    hours=st.floats(min_value=0, max_value=70),
    cpr_offset=st.one_of(st.none(), st.integers(min_value=-40, max_value=400)),
    remind=st.times(),
)
def test_sweep_properties(zone, code, deadline_offset, hours, cpr_offset, remind):
    start = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    deadline = date(2026, 12, 1) + timedelta(days=deadline_offset)
    cpr = date(2026, 12, 1) + timedelta(days=cpr_offset) if cpr_offset is not None else None
    end = start + timedelta(days=400)
    settings, messages, skipped = simulate(
        zone,
        code,
        deadline,
        hours,
        start,
        end,
        cpr_expiry=cpr,
        settings_fields={"remind_at": remind.replace(second=0, microsecond=0)},
    )
    tz = ZoneInfo(zone)
    days = [t.astimezone(tz).date() for t, _ in messages]
    assert len(days) == len(set(days))
    sent_on = {}
    for t, ks in messages:
        wall = t.astimezone(tz)
        assert t >= local_send_time(settings, wall.date())
        assert not in_quiet_hours(wall.time(), settings.quiet_start, settings.quiet_end)
        sent_on.update(dict.fromkeys(ks, wall.date()))
    all_sent = [k for _, ks in messages for k in ks]
    assert len(all_sent) == len(set(all_sent))
    # Credits short and the deadline inside the simulated span: every milestone is either sent
    # on its own day (when it falls after the start) or, if overtaken before the start, skipped.
    first_day = start.astimezone(tz).date() + timedelta(days=1)
    incomplete = not state(code, deadline, hours, first_day, cpr_expiry=cpr).progress.complete
    if incomplete and first_day < deadline < (end - timedelta(days=2)).date():
        for m in MILESTONES:
            key = deadline_key(code, deadline, m)
            day = deadline - timedelta(days=m)
            if day >= first_day:
                assert sent_on.get(key) == day
            else:
                assert key in skipped or sent_on.get(key) is not None


def test_plan_with_replace_keeps_types():
    """Plan and Nudge are frozen values."""
    nudge = Nudge("k", "deadline", 1, "t")
    with pytest.raises(AttributeError):
        nudge.key = "x"  # type: ignore[misc]
    assert replace(nudge, key="x").key == "x"


def test_no_pace_check_in_the_first_30_days_after_adding_the_certification():
    rule, day = RULES["NASM"], date(2026, 11, 10)
    added = date(2026, 11, 1)
    activities = [Activity(1, 7, date(2026, 1, 1), "course", 4.0)]
    cert = Certification(id=1, user_id=7, body="NASM", deadline=DEADLINE, added_on=added)
    p = compute_progress(rule, DEADLINE, activities, None, day, added_on=added)
    assert not p.behind_pace  # quiet days: no warning in /progress either
    plan = due_nudges(user(), [CertState(cert, p)], set(), at_local("UTC", day), None)
    assert plan.send == ()
    first_pace = added + timedelta(days=30)
    later = compute_progress(rule, DEADLINE, activities, None, first_pace, added_on=added)
    plan = due_nudges(user(), [CertState(cert, later)], set(), at_local("UTC", first_pace), None)
    assert keys(plan.send) == [pace_key("NASM", DEADLINE, first_pace)]
