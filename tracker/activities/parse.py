"""The resolver: runs the recognisers in a fixed order, each claiming spans the next cannot use.

Order: credits, clock ranges, durations (with hedges and repeat counts), course numbers, the
date, times of day, the provider; the bodies named anywhere; what is left is the title. Every
accepted span is masked, so spans never overlap. `parse_edit` runs the same with the amount
optional and reports which parts were given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from knowledge.rules import load_rules
from tracker.activities.amounts import (
    _CLOCK_HINT,
    _CREDIT_LEAD,
    _DAYS,
    _HEDGE,
    _HEDGE_AFTER,
    _LOG_PREFIX,
    _OR_AFTER,
    _SCIENTIFIC,
    _TIME_OF_DAY,
    _check_amount,
    _check_sign,
    _count_before,
    _find_credits,
    _find_durations,
    _find_time_ranges,
    _find_times,
    _is_programme,
)
from tracker.activities.model import (
    CREDIT_EXAMPLE,
    DAYS_EXAMPLE,
    EXAMPLE,
    MAX_CREDITS,
    MAX_HOURS,
    MAX_TEXT,
    LogError,
    ParsedLog,
)
from tracker.activities.names import _bodies_in, _find_course, _find_provider
from tracker.activities.text import (
    _DATE_COMMA,
    _GLUED,
    _ISH,
    _PLURAL_S,
    _SPOKEN_POINT,
    _TYPO_CANDIDATE,
    _clean,
    _fix_typo,
    _mask,
    _spoken_point,
)
from tracker.activities.title import _CPR, _tidy_title
from tracker.activities.when import _find_date

# --------------------------------------------------------------------------- public API


def parse_log(text: str, today: date, month_first: bool | None = None) -> ParsedLog:
    """Parse what follows "/log". Raises LogError with a friendly one-line message.

    `month_first` (tracker.zones.month_first of the user's zone) orders the readings of a
    numeric date; when both are valid, `other_date` is the one not taken."""
    return _parse(text, today, month_first=month_first)[0]


@dataclass(frozen=True)
class EditChange:
    """What an /edit text changes; None for each part it does not mention."""

    hours: float | None
    credits: float | None
    credit_unit: str | None
    body: str | None
    activity_date: date | None
    title: str | None
    provider: str | None
    course: str | None
    other_date: date | None = None  # the other reading of an ambiguous numeric date

    def as_log(self, title: str, activity_date: date) -> ParsedLog:
        """The change as a ParsedLog (for credit_hours), with the title and date it ends up with."""
        return ParsedLog(
            title=title, activity_date=activity_date, hours=self.hours, credits=self.credits,
            credit_unit=self.credit_unit, body=self.body, provider=self.provider,
            course=self.course, is_cpr=bool(_CPR.search(title)),
        )  # fmt: skip


def parse_edit(text: str, today: date, month_first: bool | None = None) -> EditChange:
    """What follows "/edit 12": a duration, credits, a date or a title, alone or together.

    "4h" changes only the hours; "kettlebell workshop level 2" only the title; "3 Oct" only
    the date. Raises LogError when it names nothing to change."""
    parsed, date_given, title_given = _parse(
        text, today, need_amount=False, month_first=month_first
    )
    if title_given:  # "/edit 12 0.5 CEU NASM": the body's name alone is no new title
        rest = parsed.title
        for _, start, end in reversed(_bodies_in(rest)):
            rest = rest[:start] + rest[end:]
        title_given = _tidy_title(rest, empty="") != ""
    change = EditChange(
        hours=parsed.hours,
        credits=parsed.credits,
        credit_unit=parsed.credit_unit,
        body=parsed.body,
        activity_date=parsed.activity_date if date_given else None,
        title=parsed.title if title_given else None,
        provider=parsed.provider,
        course=parsed.course,
        other_date=parsed.other_date,
    )
    if (change.hours, change.credits, change.activity_date, change.title, change.provider) == (
        None,
    ) * 5:
        raise LogError(
            "Tell me what to change: a duration, credits, a date or a title. Try: /edit 12 4h"
        )
    return change


def _parse(
    text: str, today: date, need_amount: bool = True, month_first: bool | None = None
) -> tuple[ParsedLog, bool, bool]:
    """The parse, whether a date was given and whether anything was left for a title."""
    work = _clean(text).strip()
    if not work:
        raise LogError(f"Tell me what you did and for how long. Try: {EXAMPLE}")
    if len(work) > MAX_TEXT:
        raise LogError(f"That's too long for one entry; keep it to a line. Try: {EXAMPLE}")
    if _SCIENTIFIC.search(work):
        raise LogError(f"Please write the amount as a plain number. Try: {EXAMPLE}")
    work = _PLURAL_S.sub(r"\1s", work)
    work = _TYPO_CANDIDATE.sub(_fix_typo, work)
    if work[:1] in "/lLpP":
        work = _LOG_PREFIX.sub("", work)
    if ":" in work or "," in work or "/" in work:
        work = _GLUED.sub(" ", work)
        if "," in work:
            work = _DATE_COMMA.sub(", ", work)  # "2026-11-02,3h": not 2,3 hours
    if "point" in work or "POINT" in work or "Point" in work:
        work = _SPOKEN_POINT.sub(_spoken_point, work)  # "one point five hours"
    if "ish" in work or "ISH" in work:
        work = _ISH.sub(r"\1", work)  # "2ish hours"
    bodies = list(dict.fromkeys(code for code, _, _ in _bodies_in(work)))

    credits_found = _find_credits(work)
    if len(credits_found) > 1:
        raise LogError(f"I found more than one credit amount. Try: {CREDIT_EXAMPLE}")
    credits = credit_unit = credit_body = None
    if credits_found:
        found, credit_unit, credit_body = credits_found[0]
        _check_sign(work, found, CREDIT_EXAMPLE)
        credits = found.value
        if not credit_unit:  # "1 credit ACE": the named body's unit
            named = credit_body or (bodies[0] if len(bodies) == 1 else None)
            if named is None:
                raise LogError(
                    f"Are those CEUs or CECs, and from which body? Try: {CREDIT_EXAMPLE}"
                )
            credit_body, credit_unit = named, load_rules()[named].unit.upper()
        for start, end in found.spans or ((found.start, found.end),):
            work = _mask(work, start, end)
        lead = _CREDIT_LEAD.search(work, 0, found.start)
        if lead:
            work = _mask(work, lead.start(), found.start)

    clock = _CLOCK_HINT.search(work) is not None
    ranges = _find_time_ranges(work) if clock else []
    for _, start, end in ranges:
        work = _mask(work, start, end)
    durations = _find_durations(work)
    if len(durations) > 1:  # "200hr YTT module 4 - 6 hours": the first names the programme
        durations = [d for d in durations if not _is_programme(work, d)] or durations
    if len(durations) > 1:
        raise LogError("I found more than one duration. Try: /log 1h 30m webinar")
    hours = None
    count_before = None
    if durations:
        found = durations[0]
        _check_sign(work, found, EXAMPLE)
        hours = found.value
        hedge = _HEDGE.search(work, 0, found.start)
        count_before = _count_before(work, found)
        start = count_before[1] if count_before else hedge.start() if hedge else found.start
        if _OR_AFTER.match(work, found.end):
            raise LogError(f"Please give one amount, not a range. Try: {EXAMPLE}")
        after = _HEDGE_AFTER.match(work, found.end)
        work = _mask(work, start, after.end() if after else found.end)
    elif len(ranges) == 1 and credits is None:
        hours = ranges[0][0]

    if hours is None and credits is None and need_amount:
        if _DAYS.search(work):
            raise LogError(f"How many hours was it? I log hours, not days. Try: {DAYS_EXAMPLE}")
        raise LogError(f"I couldn't find a duration (like 3h, 90 min or 0.5 CEU). Try: {EXAMPLE}")

    times = _find_times(work)
    if times and count_before:
        raise LogError("I found more than one repeat count. Try: /log 1h webinar x2")
    times = times or count_before
    if times:
        count, start, end = times
        hours = hours * count if hours is not None else None
        credits = credits * count if credits is not None else None
        work = _mask(work, start, end)
    if credits is not None:
        _check_amount(credits, MAX_CREDITS, "credits", CREDIT_EXAMPLE)
    if hours is not None:
        _check_amount(hours, MAX_HOURS, "hours", EXAMPLE)

    course = None
    course_found = _find_course(work)
    if course_found:
        course, start, end = course_found
        work = _mask(work, start, end)

    activity_date, other_date = today, None
    date_found = _find_date(work, today, month_first)
    if date_found:
        reading, spans = date_found
        activity_date, other_date = reading.chosen, reading.other
        for start, end in spans:
            work = _mask(work, start, end)

    for m in _TIME_OF_DAY.finditer(work) if clock else ():
        work = _mask(work, m.start(), m.end())

    provider = None
    provider_found = _find_provider(work)
    if provider_found:
        provider, start, end = provider_found
        work = _mask(work, start, end)

    body = credit_body
    if body is None:
        if len(bodies) == 1:
            body = bodies[0]
        elif len(bodies) > 1 and credit_unit is not None:
            rules = load_rules()
            same_unit = [c for c in bodies if rules[c].unit.upper() == credit_unit]
            body = same_unit[0] if len(same_unit) == 1 else None

    title = _tidy_title(work)
    parsed = ParsedLog(
        title=title,
        activity_date=activity_date,
        hours=hours,
        credits=credits,
        credit_unit=credit_unit,
        body=body,
        provider=provider,
        course=course,
        is_cpr=bool(_CPR.search(title)),
        other_date=other_date,
    )
    return parsed, date_found is not None, _tidy_title(work, empty="") != ""
