"""The resolver: tokenises the cleaned text once and runs the recognisers over it in a fixed
order, each claiming the tokens of the spans it accepts.

Order: credits, clock ranges, durations (with hedges and repeat counts), course numbers, the
date, times of day, the provider; the bodies named anywhere; what no span claimed is the title.
A claim takes whole tokens and no recogniser reads a claimed token, so spans never overlap.
Recognisers that match a regex over the characters (ISO dates, "1h30m", "9am-5pm") read the
text with the claimed tokens masked; word look-ups (day and month names, bodies, providers'
stop words, hedges, repeat counts) read the tokens. `parse_edit` runs the same with the amount
optional and reports which parts were given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from knowledge.rules import load_rules
from tracker.activities.amounts import (
    _CLOCK_HINT,
    _CREDIT_LEAD,
    _LOG_PREFIX,
    _OR_AFTER,
    _SCIENTIFIC,
    _SCIENTIFIC_HINT,
    _TIME_OF_DAY,
    _check_amount,
    _check_sign,
    _count_before,
    _count_each,
    _find_credits,
    _find_durations,
    _find_time_ranges,
    _find_times,
    _hedge_end,
    _hedge_start,
    _is_programme,
    _says_days,
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
    _COMMA_DIGIT,
    _DATE_COMMA,
    _GLUED,
    _ISH,
    _MASK,
    _PLURAL_S,
    _SPOKEN_POINT,
    _TYPO_CANDIDATE,
    _clean,
    _fix_typo,
    _spoken_point,
)
from tracker.activities.title import _CPR, _is_cpr, _tidy_title
from tracker.activities.tokens import Tokens
from tracker.activities.when import _find_date
from tracker.dates import Reading

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


# "/edit 12 title: Level 2", "/edit 12 date 3 Oct", "/edit 12 hours 4": the part being changed
# named first (the name is no part of the new value)
_EDIT_LABEL = re.compile(
    r"^\s*(?:(?P<title>(?:new\s+)?(?:title|name)|rename(?:\s+it)?)"
    r"|(?P<date>date|day)|(?P<hours>hours|hrs|duration|time))"
    r"(?:\s*[:=]\s*|\s+(?:to|is|as)\s+|\s+)(?=\S)",
    re.IGNORECASE,
)


def parse_edit(text: str, today: date, month_first: bool | None = None) -> EditChange:
    """What follows "/edit 12": a duration, credits, a date or a title, alone or together.

    "4h" changes only the hours; "kettlebell workshop level 2" only the title; "3 Oct" only
    the date. A leading "title:", "rename to", "date", "hours" names the part: after "title"
    everything is the new title, as written. Raises LogError when it names nothing to change."""
    label = _EDIT_LABEL.match(text)
    read: tuple[ParsedLog, bool, bool] | None = None
    if label is not None:
        rest = text[label.end() :]
        if label.group("title"):
            title = _tidy_title(_clean(rest), empty="")
            if not title:
                raise LogError(
                    "What should the new title be? Try: /edit 12 title Kettlebell level 2"
                )
            named = _bodies_in(Tokens(title))  # "title: ACE nutrition course" names ACE
            return EditChange(
                None, None, None, named[0][0] if named else None, None, title, None, None
            )
        if label.group("hours") and re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*", rest):
            rest = f"{rest.strip()} h"  # "hours 4": four hours
        try:
            labelled = _parse(rest, today, need_amount=False, month_first=month_first)
        except LogError:
            labelled = None  # read the whole text as written
        # "date 3 Oct" names a date, "hours 4" an amount; "Date night workshop" is a title
        if labelled is not None and (
            labelled[1] if label.group("date") else labelled[0].hours is not None
        ):
            read = labelled  # the part after the label, already read
    parsed, date_given, title_given = read or _parse(
        text, today, need_amount=False, month_first=month_first
    )
    if title_given:  # "/edit 12 0.5 CEU NASM": the body's name alone is no new title
        rest = parsed.title
        for _, start, end in reversed(_bodies_in(Tokens(rest))):
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


@dataclass(frozen=True)
class Span:
    """A part of the text a recogniser claimed: kind is "credits", "clock", "duration",
    "repeat", "course", "date", "time" or "provider"."""

    kind: str
    start: int
    end: int


class _Claims:
    """The resolver's state: the tokens of the cleaned text, which of them are claimed, and
    the spans claimed so far. A claim takes whole tokens, so claims never overlap. `text` is
    the cleaned text with the claimed tokens masked, for the recognisers that match regexes
    over characters (a masked character matches none of them)."""

    def __init__(self, text: str) -> None:
        self.tokens = Tokens(text)
        self.claimed = bytearray(len(self.tokens))
        self.text = text
        self.spans: list[tuple[str, int, int]] = []  # (kind, start, end), Spans for explain()

    def claim(self, kind: str, start: int, end: int) -> None:
        if end > start:
            i, j = self.tokens.covering(start, end)
            self.claimed[i:j] = b"\x01" * (j - i)
            tokens = self.tokens.tokens
            first, last = tokens[i].start, tokens[j - 1].end
            text = self.text
            self.text = text[:first] + _MASK * (last - first) + text[last:]
            self.spans.append((kind, start, end))


@dataclass
class _Amounts:
    hours: float | None = None
    credits: float | None = None
    credit_unit: str | None = None
    credit_body: str | None = None
    count_before: tuple[int, int, int] | None = None
    count_each: tuple[int, list[tuple[int, int]]] | None = None  # "3 classes, 45 min each"
    clock: bool = False


def _prepare(text: str) -> str:
    """Clean the text once; every recogniser reads the same string (offsets are into it)."""
    work = _clean(text).strip()
    if not work:
        raise LogError(f"Tell me what you did and for how long. Try: {EXAMPLE}")
    if len(work) > MAX_TEXT:
        raise LogError(f"That's too long for one entry; keep it to a line. Try: {EXAMPLE}")
    if _SCIENTIFIC_HINT.search(work) and _SCIENTIFIC.search(work):
        raise LogError(f"Please write the amount as a plain number. Try: {EXAMPLE}")
    if "(" in work:
        work = _PLURAL_S.sub(r"\1s", work)  # "hour(s)"
    if ("d" in work or "D" in work) and ("y" in work or "Y" in work):
        work = _TYPO_CANDIDATE.sub(_fix_typo, work)  # every day name has a "d" and a "y"
    if work[:1] in "/lLpP":
        work = _LOG_PREFIX.sub("", work)
    if ":" in work or "," in work or "/" in work:
        work = _GLUED.sub(" ", work)
        if "," in work and _COMMA_DIGIT.search(work):
            work = _DATE_COMMA.sub(", ", work)  # "2026-11-02,3h": not 2,3 hours
    if "point" in work or "POINT" in work or "Point" in work:
        work = _SPOKEN_POINT.sub(_spoken_point, work)  # "one point five hours"
    if "ish" in work or "ISH" in work:
        work = _ISH.sub(r"\1", work)  # "2ish hours"
    return work


def _recognise_credits(claims: _Claims, amounts: _Amounts, bodies: list[str]) -> None:
    credits_found = _find_credits(claims.tokens, claims.text)
    if len(credits_found) > 1:
        raise LogError(f"I found more than one credit amount. Try: {CREDIT_EXAMPLE}")
    if not credits_found:
        return
    found, unit, body = credits_found[0]
    _check_sign(claims.tokens, claims.text, found, CREDIT_EXAMPLE)
    if not unit:  # "1 credit ACE": the named body's unit
        named = body or (bodies[0] if len(bodies) == 1 else None)
        if named is None:
            raise LogError(f"Are those CEUs or CECs, and from which body? Try: {CREDIT_EXAMPLE}")
        body, unit = named, load_rules()[named].unit.upper()
    amounts.credits, amounts.credit_unit, amounts.credit_body = found.value, unit, body
    for start, end in found.spans or ((found.start, found.end),):
        claims.claim("credits", start, end)
    lead = _CREDIT_LEAD.search(claims.text, 0, found.start)
    if lead:
        claims.claim("credits", lead.start(), found.start)


def _recognise_duration(claims: _Claims, amounts: _Amounts, need_amount: bool) -> None:
    text = claims.text  # every clock hint holds an "m" ("9am") or a ":" ("9:30")
    amounts.clock = ("m" in text or "M" in text or ":" in text) and (
        _CLOCK_HINT.search(text) is not None
    )
    ranges = _find_time_ranges(claims.text) if amounts.clock else []
    for _, start, end in ranges:
        claims.claim("clock", start, end)
    durations = _find_durations(claims.tokens, claims.text, claims.claimed)
    if len(durations) > 1:  # "200hr YTT module 4 - 6 hours": the first names the programme
        durations = [d for d in durations if not _is_programme(claims.text, d)] or durations
    if len(durations) > 1:
        raise LogError("I found more than one duration. Try: /log 1h 30m webinar")
    if durations:
        found = durations[0]
        work = claims.text
        _check_sign(claims.tokens, work, found, EXAMPLE)
        amounts.hours = found.value
        tokens, claimed = claims.tokens, claims.claimed
        hedge = _hedge_start(tokens, claimed, tokens.index(found.start))
        amounts.count_before = _count_before(tokens, claimed, found)
        if amounts.count_before is None:
            amounts.count_each = _count_each(tokens, claimed, found)
        # "two 1h webinars": the count is the repeat recogniser's to claim
        start = hedge if hedge is not None and not amounts.count_before else found.start
        if _OR_AFTER.match(work, found.end):
            raise LogError(f"Please give one amount, not a range. Try: {EXAMPLE}")
        after = _hedge_end(tokens, claimed, tokens.index(found.end))
        claims.claim("duration", start, after if after is not None else found.end)
    elif len(ranges) == 1 and amounts.credits is None:
        amounts.hours = ranges[0][0]
    if amounts.hours is None and amounts.credits is None and need_amount:
        if _says_days(claims.tokens, claims.claimed):
            raise LogError(f"How many hours was it? I log hours, not days. Try: {DAYS_EXAMPLE}")
        raise LogError(f"I couldn't find a duration (like 3h, 90 min or 0.5 CEU). Try: {EXAMPLE}")


def _recognise_repeat(claims: _Claims, amounts: _Amounts) -> None:
    times = _find_times(claims.tokens, claims.claimed)
    each = amounts.count_each
    if times and (amounts.count_before or each):
        raise LogError("I found more than one repeat count. Try: /log 1h webinar x2")
    found = times or amounts.count_before
    repeat = (found[0], [(found[1], found[2])]) if found else each
    if repeat:
        count, spans = repeat
        amounts.hours = amounts.hours * count if amounts.hours is not None else None
        amounts.credits = amounts.credits * count if amounts.credits is not None else None
        for start, end in spans:
            claims.claim("repeat", start, end)
    if amounts.credits is not None:
        _check_amount(amounts.credits, MAX_CREDITS, "credits", CREDIT_EXAMPLE)
    if amounts.hours is not None:
        _check_amount(amounts.hours, MAX_HOURS, "hours", EXAMPLE)


def _recognise_course(claims: _Claims) -> str | None:
    found = _find_course(claims.tokens, claims.text)
    if found is None:
        return None
    course, start, end = found
    claims.claim("course", start, end)
    return course


def _recognise_date(claims: _Claims, today: date, month_first: bool | None) -> Reading | None:
    found = _find_date(claims.tokens, claims.claimed, claims.text, today, month_first)
    if found is None:
        return None
    reading, spans = found
    merged: list[list[int]] = []
    for start, end in sorted(spans):  # "21-22 Nov": the blanked "-22" lies inside the date
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in merged:
        claims.claim("date", start, end)
    return reading


def _recognise_times_of_day(claims: _Claims, amounts: _Amounts) -> None:
    for m in _TIME_OF_DAY.finditer(claims.text) if amounts.clock else ():
        claims.claim("time", m.start(), m.end())


def _recognise_provider(claims: _Claims) -> str | None:
    found = _find_provider(claims.tokens, claims.claimed, claims.text)
    if found is None:
        return None
    provider, start, end = found
    claims.claim("provider", start, end)
    return provider


def _body(amounts: _Amounts, bodies: list[str]) -> str | None:
    """The body: the one written with the credits, the only one named, or the only one named
    whose unit is the credits' unit."""
    if amounts.credit_body is not None:
        return amounts.credit_body
    if len(bodies) == 1:
        return bodies[0]
    if len(bodies) > 1 and amounts.credit_unit is not None:
        rules = load_rules()
        same_unit = [c for c in bodies if rules[c].unit.upper() == amounts.credit_unit]
        return same_unit[0] if len(same_unit) == 1 else None
    return None


def _resolve(
    text: str, today: date, need_amount: bool = True, month_first: bool | None = None
) -> tuple[ParsedLog, bool, bool, list[tuple[str, int, int]]]:
    """Run the recognisers in order on one cleaned text; each claims the spans it accepts.

    Returns the parse, whether a date was given, whether anything was left for a title, and
    the claimed spans (offsets into the cleaned text)."""
    claims = _Claims(_prepare(text))
    bodies = list(dict.fromkeys(code for code, _, _ in _bodies_in(claims.tokens)))
    amounts = _Amounts()
    _recognise_credits(claims, amounts, bodies)
    _recognise_duration(claims, amounts, need_amount)
    _recognise_repeat(claims, amounts)
    course = _recognise_course(claims)
    reading = _recognise_date(claims, today, month_first)
    _recognise_times_of_day(claims, amounts)
    provider = _recognise_provider(claims)
    left = _tidy_title(claims.text, empty="")
    title = left or "activity"
    parsed = ParsedLog(
        title=title,
        activity_date=reading.chosen if reading else today,
        hours=amounts.hours,
        credits=amounts.credits,
        credit_unit=amounts.credit_unit,
        body=_body(amounts, bodies),
        provider=provider,
        course=course,
        is_cpr=_is_cpr(title),
        other_date=reading.other if reading else None,
    )
    return parsed, reading is not None, left != "", claims.spans


def _parse(
    text: str, today: date, need_amount: bool = True, month_first: bool | None = None
) -> tuple[ParsedLog, bool, bool]:
    """The parse, whether a date was given and whether anything was left for a title."""
    return _resolve(text, today, need_amount, month_first)[:3]


def explain(text: str, today: date) -> tuple[Span, ...]:
    """Which spans of the cleaned text each recogniser took (for tests and debugging)."""
    return tuple(Span(kind, start, end) for kind, start, end in _resolve(text, today)[3])
