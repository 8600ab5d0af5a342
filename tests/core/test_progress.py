"""Progress toward renewal, its reply text, and the progress chart."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.rules import load_rules
from tracker.chart import cumulative_points, render_chart
from tracker.models import Activity
from tracker.progress import (
    MAX_MESSAGE_CHARS,
    CertProgress,
    compute_progress,
    credit_units,
    expected_hours,
    format_date,
    format_hours,
    format_no_certifications,
    format_progress,
    format_units,
    progress_bar,
)

RULES = load_rules()
TODAY = date(2026, 11, 28)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def act(
    on: date, hours: float, *, cpr: bool = False, ident: int = 1, body: str | None = None
) -> Activity:
    return Activity(
        id=ident, user_id=7, activity_date=on, title="course", hours=hours, is_cpr=cpr, body=body
    )


def progress(
    code: str,
    deadline: date,
    activities: list[Activity],
    *,
    cpr: date | None = date(2030, 1, 1),
    today: date = TODAY,
) -> CertProgress:
    return compute_progress(RULES[code], deadline, activities, cpr, today)


# --- cycle boundaries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "deadline", "first_day"),
    [
        ("NASM", date(2027, 6, 30), date(2025, 7, 1)),
        ("ACE", date(2027, 1, 15), date(2025, 1, 16)),
        ("ACSM", date(2027, 6, 30), date(2024, 7, 1)),
        ("NESTA", date(2028, 3, 31), date(2024, 4, 1)),
        ("NSCA", date(2026, 12, 31), date(2024, 1, 1)),  # fixed calendar cycle
        ("NASM", date(2028, 2, 29), date(2026, 3, 1)),  # leap-day deadline
        ("NASM", date(2026, 2, 28), date(2024, 2, 29)),  # cycle starting on a leap day
        ("ACSM", date(2028, 2, 29), date(2025, 3, 1)),
    ],
)
def test_cycle_boundaries(code: str, deadline: date, first_day: date) -> None:
    rule = RULES[code]
    hours = rule.hours_per_unit  # 1.0 unit each
    cases = [
        (first_day - timedelta(days=1), False),
        (first_day, True),
        (deadline, True),
        # NASM and ACSM still take credits earned within 90 days / the 6-month grace
        (rule.credits_until(deadline), True),
        (rule.credits_until(deadline) + timedelta(days=1), False),
    ]
    for on, counts in cases:
        p = progress(code, deadline, [act(on, hours)], today=first_day)
        assert p.cycle_start == first_day
        assert p.earned_units == pytest.approx(1.0 if counts else 0.0), on


def test_all_activities_in_cycle_add_up() -> None:
    deadline = date(2027, 6, 30)
    acts = [act(date(2025, 7, 1), 3), act(date(2026, 1, 1), 4.5), act(date(2025, 6, 30), 100)]
    p = progress("NASM", deadline, acts)
    assert p.earned_hours == pytest.approx(7.5)
    assert p.earned_units == pytest.approx(0.75)


# --- units ----------------------------------------------------------------------------------

# 10 hours of ordinary courses, in each body's own unit (from the domain notes' table).
UNITS_FOR_TEN_HOURS = {
    "ACE": 1.0,
    "NASM": 1.0,
    "AFAA": 10.0,
    "AEA": 10.0,
    "ISSA": 10.0,
    "ACSM": 10.0,
    "ACSM-EP": 10.0,
    "NSCA": 1.0,
    "NCSF": 5.0,
    "NESTA": 1.0,
    "NETA": 10.0,
}
REQUIRED_HOURS = {
    "ACE": 20,
    "NASM": 20,
    "AFAA": 15,
    "AEA": 15,
    "ISSA": 20,
    "ACSM": 45,
    "ACSM-EP": 60,
    "NSCA": 60,
    "NCSF": 20,
    "NESTA": 40,
    "NETA": 20,
}


def test_unit_table_covers_every_trackable_body() -> None:
    trackable = {code for code, rule in RULES.items() if rule.trackable}
    assert trackable == set(UNITS_FOR_TEN_HOURS) == set(REQUIRED_HOURS)


@pytest.mark.parametrize(("code", "units"), sorted(UNITS_FOR_TEN_HOURS.items()))
def test_unit_conversion_every_body(code: str, units: float) -> None:
    rule = RULES[code]
    deadline = date(2026, 12, 31)
    acts = [act(date(2026, 3, 1), 6, ident=1), act(date(2026, 4, 1), 4, ident=2)]
    p = compute_progress(rule, deadline, acts, None, TODAY)
    assert credit_units(rule, acts[0]) == pytest.approx(units * 0.6)
    assert p.earned_units == pytest.approx(units)
    assert p.earned_hours == pytest.approx(10)
    assert p.required_hours == pytest.approx(REQUIRED_HOURS[code])
    assert p.fraction == pytest.approx(10 / REQUIRED_HOURS[code])


def test_same_activities_count_toward_several_certifications() -> None:
    acts = [act(date(2026, 1, 10), 8, ident=1), act(date(2026, 5, 2), 4, ident=2)]
    nasm = progress("NASM", date(2027, 6, 30), acts)
    ace = progress("ACE", date(2026, 12, 31), acts)
    afaa = progress("AFAA", date(2027, 3, 31), acts)
    assert (nasm.earned_units, nasm.rule.unit) == (pytest.approx(1.2), "CEU")
    assert (ace.earned_units, ace.rule.unit) == (pytest.approx(1.2), "CEC")
    assert afaa.earned_units == pytest.approx(12)
    assert nasm.fraction == pytest.approx(0.6)
    assert afaa.fraction == pytest.approx(0.8)


def test_untrackable_body_counts_in_its_own_units_only() -> None:
    p = progress("NCCPT", date(2027, 6, 30), [act(date(2026, 1, 1), 10)])
    assert p.earned_units == 0 and not p.behind_pace  # hours cannot become NCCPT CEUs
    with pytest.raises(ValueError, match="NCCPT"):
        credit_units(RULES["NCCPT"], act(date(2026, 1, 1), 10))


# --- CPR/AED --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "units"),
    [
        ("AFAA", 2.0),  # 2 CEUs from a 1 h course
        ("AEA", 3.0),
        ("NCSF", 2.0),
        ("ACSM", 1.0),  # by the hour (capped at 5 a year in progress)
        ("NASM", 0.1),
        ("ACE", 0.0),  # unclear whether it earns CECs: counted as 0
        ("ISSA", 0.0),
    ],
)
def test_cpr_course_earns_fixed_credit(code: str, units: float) -> None:
    cpr = act(date(2026, 2, 1), 1, cpr=True)
    assert credit_units(RULES[code], cpr) == pytest.approx(units)
    p = progress(code, date(2027, 1, 31), [cpr])
    assert p.earned_units == pytest.approx(units)


def test_cpr_credit_plus_courses_completes_afaa() -> None:
    acts = [act(date(2026, 2, 1), 1, cpr=True, ident=1), act(date(2026, 3, 1), 13, ident=2)]
    p = progress("AFAA", date(2027, 1, 31), acts)
    assert p.earned_units == pytest.approx(15)
    assert not p.complete  # none of it from AFAA or NASM courses
    assert p.missing == ("At least 2 CEUs from AFAA or NASM courses: 0 so far",)
    acts[1] = act(date(2026, 3, 1), 13, ident=2, body="AFAA")
    assert progress("AFAA", date(2027, 1, 31), acts).complete


DEADLINE = date(2027, 6, 30)


@pytest.mark.parametrize(
    ("code", "cpr_expiry", "status"),
    [
        ("NASM", None, "missing"),
        ("NASM", date(2027, 3, 1), "lapses_before_deadline"),
        ("NASM", DEADLINE - timedelta(days=1), "lapses_before_deadline"),
        ("NASM", DEADLINE, "ok"),  # valid through its expiry day
        ("NASM", date(2028, 1, 1), "ok"),
        ("NASM", TODAY, "lapses_before_deadline"),
        ("NASM", TODAY - timedelta(days=1), "expired"),
        ("NESTA", None, "not_required"),
        ("NETA", date(2020, 1, 1), "not_required"),
    ],
)
def test_cpr_status(code: str, cpr_expiry: date | None, status: str) -> None:
    p = progress(code, DEADLINE, [], cpr=cpr_expiry)
    assert p.cpr_status == status
    assert p.cpr_expiry == cpr_expiry


# --- deadline, grace, expiry ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "deadline", "today", "days_left", "in_grace", "expired", "grace_end"),
    [
        ("ACE", date(2026, 10, 30), date(2026, 10, 30), 0, False, False, date(2027, 4, 30)),
        ("ACE", date(2026, 10, 30), date(2026, 10, 31), -1, True, False, date(2027, 4, 30)),
        ("ACE", date(2026, 10, 30), date(2027, 4, 30), -182, True, False, date(2027, 4, 30)),
        ("ACE", date(2026, 10, 30), date(2027, 5, 1), -183, False, True, date(2027, 4, 30)),
        # NASM: the $30 window ends at 90 days, but late renewal is accepted up to 1 year
        ("NASM", date(2026, 10, 30), date(2027, 1, 29), -91, True, False, date(2027, 10, 30)),
        ("NASM", date(2026, 10, 30), date(2027, 10, 30), -365, True, False, date(2027, 10, 30)),
        ("NASM", date(2026, 10, 30), date(2027, 10, 31), -366, False, True, date(2027, 10, 30)),
        ("NCSF", date(2026, 10, 31), date(2026, 11, 1), -1, False, True, None),  # no window
        ("NCSF", date(2026, 10, 31), date(2026, 10, 2), 29, False, False, None),
        # AFAA: 180 days (from an older copy of its page)
        ("AFAA", date(2026, 10, 30), date(2027, 4, 28), -180, True, False, date(2027, 4, 28)),
        ("AFAA", date(2026, 10, 30), date(2027, 4, 29), -181, False, True, date(2027, 4, 28)),
    ],
)
def test_deadline_grace_expiry(
    code: str,
    deadline: date,
    today: date,
    days_left: int,
    in_grace: bool,
    expired: bool,
    grace_end: date | None,
) -> None:
    p = progress(code, deadline, [], today=today)
    assert (p.days_left, p.in_grace, p.expired, p.grace_end) == (
        days_left,
        in_grace,
        expired,
        grace_end,
    )


def test_complete() -> None:
    acts = [act(date(2026, 1, 1), 15, ident=1), act(date(2026, 2, 1), 7, ident=2)]
    p = progress("NASM", DEADLINE, acts)
    assert p.complete
    assert p.fraction == 1.0
    assert p.earned_hours == pytest.approx(22)
    assert p.pace_hours_per_month == 0
    assert not p.behind_pace
    assert p.remaining_hours == 0


def test_not_complete_just_below_requirement() -> None:
    p = progress("NASM", DEADLINE, [act(date(2026, 1, 1), 19.96)])
    assert not p.complete
    assert p.fraction < 1


# --- pace -----------------------------------------------------------------------------------


def test_pace_hours_per_month() -> None:
    # 12 of 20 h, 214 days before 30 Jun 2027: 8 h over 214 days of an average 30.436875-day month.
    p = progress("NASM", DEADLINE, [act(date(2026, 1, 1), 12)])
    assert p.days_left == 214
    assert p.months_left == pytest.approx(214 / 30.436875)
    assert p.pace_hours_per_month == pytest.approx(8 / (214 / 30.436875))
    assert p.pace_hours_per_month == pytest.approx(1.1378, abs=1e-3)


@pytest.mark.parametrize("today", [date(2027, 6, 20), DEADLINE, date(2027, 7, 15)])
def test_pace_with_no_time_left_is_everything_still_needed(today: date) -> None:
    p = progress("NASM", DEADLINE, [act(date(2026, 1, 1), 12)], today=today)
    assert math.isfinite(p.pace_hours_per_month)
    assert p.pace_hours_per_month == pytest.approx(8)


@pytest.mark.parametrize(
    ("earned", "behind"),
    [(9.0, True), (9.98, True), (10.0, False), (15, False)],
)
def test_behind_pace(earned: float, behind: bool) -> None:
    # Cycle 1 Jul 2025 .. 30 Jun 2027 is 729 days; on 30 Jun 2026 (day 364) 20 * 364/729 = 9.986 h.
    today = date(2026, 6, 30)
    p = progress("NASM", DEADLINE, [act(date(2025, 9, 1), earned)], today=today)
    assert expected_hours(p, today) == pytest.approx(20 * 364 / 729)
    assert p.behind_pace is behind


def test_expected_hours_line() -> None:
    p = progress("NASM", DEADLINE, [])
    assert expected_hours(p, date(2025, 7, 1)) == 0
    assert expected_hours(p, date(2020, 1, 1)) == 0
    assert expected_hours(p, DEADLINE) == pytest.approx(20)
    assert expected_hours(p, date(2030, 1, 1)) == pytest.approx(20)


def test_nothing_behind_at_cycle_start() -> None:
    p = progress("NASM", DEADLINE, [], today=date(2025, 7, 1))
    assert not p.behind_pace


@given(
    hours=st.lists(st.floats(min_value=0, max_value=40, allow_nan=False), max_size=8),
    offset=st.integers(min_value=-800, max_value=900),
    code=st.sampled_from(sorted(UNITS_FOR_TEN_HOURS)),
)
def test_progress_invariants(hours: list[float], offset: int, code: str) -> None:
    deadline = date(2027, 6, 30)
    acts = [act(date(2026, 1, 1) + timedelta(days=i), h, ident=i) for i, h in enumerate(hours)]
    p = progress(code, deadline, acts, today=deadline - timedelta(days=offset))
    assert 0 <= p.fraction <= 1
    assert (p.fraction == 1.0) == (p.earned_units >= p.required_units - 1e-9)
    assert not p.complete or (p.credits_done and p.fraction == 1.0)
    assert p.credits_done == (p.fraction == 1.0 and not p.missing)
    assert math.isfinite(p.pace_hours_per_month) and p.pace_hours_per_month >= 0
    assert not (p.in_grace and p.expired)
    assert (p.days_left < 0) == (p.in_grace or p.expired)
    assert not (p.complete and p.behind_pace)


# --- formatting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fraction", "width", "bar"),
    [
        (0.0, 10, "░░░░░░░░░░ 0 %"),
        (0.62, 10, "▓▓▓▓▓▓░░░░ 62 %"),
        (0.6, 10, "▓▓▓▓▓▓░░░░ 60 %"),
        (0.29, 10, "▓▓░░░░░░░░ 29 %"),
        (0.999, 10, "▓▓▓▓▓▓▓▓▓░ 99 %"),
        (1.0, 10, "▓▓▓▓▓▓▓▓▓▓ 100 %"),
        (1.7, 10, "▓▓▓▓▓▓▓▓▓▓ 100 %"),
        (-0.5, 10, "░░░░░░░░░░ 0 %"),
        (float("nan"), 4, "░░░░ 0 %"),
        (0.5, 4, "▓▓░░ 50 %"),
        (0.5, 1, "░ 50 %"),
    ],
)
def test_progress_bar(fraction: float, width: int, bar: str) -> None:
    assert progress_bar(fraction, width) == bar


def test_progress_bar_rejects_zero_width() -> None:
    with pytest.raises(ValueError):
        progress_bar(0.5, 0)


@pytest.mark.parametrize(
    ("value", "text"),
    [(2.0, "2.0"), (0.15, "0.15"), (15, "15"), (15.0, "15"), (12.5, "12.5"), (0.1 + 0.2, "0.3")],
)
def test_format_units(value: float, text: str) -> None:
    assert format_units(value) == text


def test_format_units_forced_style() -> None:
    assert format_units(3, min_decimals=0) == "3"
    assert format_units(15, min_decimals=1) == "15.0"


@pytest.mark.parametrize(
    ("value", "text"), [(1.5, "1.5 h"), (20, "20 h"), (20.0, "20 h"), (0.25, "0.25 h")]
)
def test_format_hours(value: float, text: str) -> None:
    assert format_hours(value) == text


def test_format_date() -> None:
    assert format_date(date(2027, 6, 30)) == "30 Jun 2027"
    assert format_date(date(2027, 3, 1)) == "1 Mar 2027"


def test_format_progress_block() -> None:
    p = progress("NASM", DEADLINE, [act(date(2026, 1, 1), 12)], cpr=date(2028, 3, 1))
    text = format_progress([p], 12.5, "Europe/London")
    assert "Europe/London" in text
    assert "<b>NASM</b> · 1.2 / 2.0 CEUs (12 / 20 h)" in text
    assert "▓▓▓▓▓▓░░░░ 60 %" in text
    assert "214 days left (deadline 30 Jun 2027)" in text
    assert "pace 1.2 h/month" in text  # 1.14 rounded up
    assert "CPR/AED: ok until 1 Mar 2028" in text
    assert "<i>Rules checked 2026-12-01 — confirm with NASM</i>" in text
    assert text.rstrip().endswith("12.5 h")
    assert text.count("Europe/London") == 1


@pytest.mark.parametrize(
    ("cpr", "piece"),
    [
        (date(2027, 3, 1), "⚠️ lapses 1 Mar 2027, before the deadline"),
        (None, "missing"),
        (date(2026, 1, 5), "expired 5 Jan 2026"),
    ],
)
def test_format_progress_cpr(cpr: date | None, piece: str) -> None:
    p = progress("NASM", DEADLINE, [], cpr=cpr)
    assert piece in format_progress([p], 0, "UTC")


def test_format_progress_cpr_missing_tells_how() -> None:
    text = format_progress([progress("NASM", DEADLINE, [], cpr=None)], 0, "UTC")
    assert "/cpr 20" in text


def test_format_progress_states() -> None:
    complete = progress("NASM", DEADLINE, [act(date(2026, 1, 1), 25)])
    grace = progress("ACE", date(2026, 10, 30), [], today=date(2026, 11, 5))
    expired = progress("NCSF", date(2026, 10, 31), [], today=date(2026, 11, 5))  # no late window
    hedged = progress("AFAA", date(2026, 10, 30), [], today=date(2026, 11, 5))
    not_required = progress("NETA", DEADLINE, [], cpr=None)
    text = format_progress([complete, grace, expired, hedged, not_required], 25, "UTC")
    assert "✅ Cycle complete — nothing more needed" in text
    assert "2.5 / 2.0 CEUs (25 / 20 h)" in text
    assert "Deadline passed on 30 Oct 2026. Late renewal now: a late fee" in text
    assert "ACE accepts a late renewal until 30 Apr 2027; it is not an extension" in text
    assert "Deadline passed on 31 Oct 2026. Missing the requirement means retaking" in text
    assert "/cert NCSF" in text
    assert (
        "AFAA accepts a late renewal until 28 Apr 2027 (that limit is from an older copy of "
        "AFAA's page; the current one names no last day)"
    ) in text
    assert "<b>NETA</b>" in text
    card_lines = [line for line in text.splitlines() if line.startswith("CPR/AED:")]
    assert len(card_lines) == 4  # NETA has no CPR line


def test_grace_without_extension_wording_gets_it() -> None:
    grace = progress("NESTA", date(2026, 10, 30), [], today=date(2026, 11, 5))
    assert "not an extension" in format_progress([grace], 0, "UTC")


def test_format_progress_behind_pace_and_rounding_down() -> None:
    p = progress("NASM", DEADLINE, [act(date(2026, 1, 1), 19.96)])
    text = format_progress([p], 19.96, "UTC")
    assert "1.99 / 2.0 CEUs (19.96 / 20 h)" in text
    assert "99 %" in text
    behind = progress("NASM", DEADLINE, [act(date(2026, 1, 1), 2)])
    assert "Behind pace: 14.1 h expected by now" in format_progress([behind], 2, "UTC")


def test_format_progress_one_hour_units_have_no_decimals() -> None:
    p = progress("AFAA", DEADLINE, [act(date(2026, 1, 1), 3)])
    assert "<b>AFAA</b> · 3 / 15 CEUs (3 / 15 h)" in format_progress([p], 3, "UTC")


def test_format_progress_escapes_timezone() -> None:
    p = progress("NASM", DEADLINE, [])
    assert "<x>" not in format_progress([p], 0, "<x>")


def test_format_progress_fits_one_message() -> None:
    all_bodies = [
        progress(code, DEADLINE, [act(date(2026, 1, 1), 3)], cpr=None) for code in REQUIRED_HOURS
    ]
    text = format_progress(all_bodies, 3, "America/Argentina/ComodRivadavia")
    assert len(text) <= MAX_MESSAGE_CHARS
    assert all(f"<b>{code}</b>" in text for code in REQUIRED_HOURS)
    many = format_progress(all_bodies * 4, 3, "UTC")
    assert len(many) <= MAX_MESSAGE_CHARS
    assert "more certifications" in many
    assert many.rstrip().endswith("3 h")


def test_format_progress_without_certifications() -> None:
    text = format_progress([], 12.5, "UTC")
    assert text == format_no_certifications(12.5)
    assert "12.5 h" in text
    assert "/cert NASM 2027-06-30" in text


# --- chart ----------------------------------------------------------------------------------


def test_cumulative_points() -> None:
    acts = [
        act(date(2026, 3, 1), 2, ident=1),
        act(date(2026, 1, 1), 3, ident=2),
        act(date(2026, 1, 1), 1, ident=3),
        act(date(2024, 1, 1), 50, ident=4),  # before the cycle
        act(date(2026, 4, 1), 1, cpr=True, ident=5),  # NASM CPR: 0.1 CEU = 1 h
    ]
    p = progress("NASM", DEADLINE, acts)
    points = cumulative_points(p, acts)
    assert points[0] == (date(2025, 7, 1), 0.0)
    assert [d for d, _ in points[1:]] == [date(2026, 1, 1), date(2026, 3, 1), date(2026, 4, 1)]
    assert [h for _, h in points[1:]] == pytest.approx([4, 6, 7])


def test_render_chart_png() -> None:
    acts = [act(date(2026, 1, 1), 3, ident=1), act(date(2026, 5, 1), 6, ident=2)]
    p = progress("NASM", DEADLINE, acts)
    png = render_chart(p, acts)
    assert png.startswith(PNG_MAGIC)
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert (width, height) == (800, 450)

    more = [*acts, act(date(2026, 8, 1), 5, ident=3)]
    assert render_chart(progress("NASM", DEADLINE, more), more) != png


def test_render_chart_empty_and_past_deadline() -> None:
    empty = render_chart(progress("AFAA", DEADLINE, []), [])
    assert empty.startswith(PNG_MAGIC)
    late = progress("ACE", date(2026, 10, 30), [], today=date(2027, 1, 5))
    assert render_chart(late, []).startswith(PNG_MAGIC)
