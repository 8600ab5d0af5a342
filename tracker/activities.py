"""Parse what a user logs: "/log 3h kettlebell workshop yesterday", "0.5 CEU NASM course".

Pure: no Telegram, no clock ("today" is a parameter), no storage.

Decisions (the handler and help text rely on these):
- Duration and credits both given ("2h workshop, 0.2 CEU NASM"): both are kept in the ParsedLog;
  `credit_hours` prefers the credits (what the body counts) when the body is known, and falls back
  to the stated duration when it is not, rather than asking.
- Credits are converted only with the hours-per-unit of a named (or the only matching held) body,
  never from the acronym. A named body wins over the acronym written ("2 CECs NASM" uses NASM's rate).
- A weekday alone ("friday", "on friday") is the most recent such day, today included;
  "last friday" is the most recent one strictly before today. "last week" is 7 days before today,
  "last month" one calendar month before. A bare abbreviation ("sat", "Sun") is a date only at
  the end, before punctuation or before a date ("yoga in the sun", "sat the exam" are not); an
  explicit date beats a weekday written with it ("Saturday Nov 21", "Fri 11/27").
  "mon", "tue", "wed", "thu", "fri" are no English words and are dates anywhere (not after
  "the"). A part of the day after a date goes with it ("Friday evening", "yesterday am").
- Weekends are their Saturday: "this weekend" / "over the weekend" is today's weekend or the one
  just gone; "last weekend" / "this past weekend" is the one before that when said on a weekend.
  "the weekend course" is a title, not a date. Likewise a course over days is logged on its
  first day: "Sat & Sun", "Sat-Sun" (the Saturday before that Sunday), "Nov 21-22", "21 & 22 Nov".
- "2 days back", "before 3 days" (a common non-native "3 days ago"), "2 days before" (at the
  end) are days ago; "3 hours ago" is today (no clock here) and never a duration. "just now",
  "right now" are today. Vague ones are refused with a question: "the other day", "a while
  ago", "(earlier) this week".
- Phone typos of the long day names ("yesterdya", "Thrusday", "wensday") are corrected first
  (optimal-string-alignment distance 1, or 2 for the 9-letter "yesterday" / "wednesday").
- Numeric dates: ISO 2026-10-03 (also 2026/10/03); with slashes or dashes both readings are
  tried (11/3 is 3 Nov or 11 Mar) and the most recent one that is not in the future wins, since
  logs are written soon after: this reads US and day-first writers alike for recent dates. Dotted
  dates are day first (10.3.2026 is 10 March). Day/month without a year ("11/3", "on 25/10") is a
  date unless it looks like a count ("module 3/5", "24/7", "1/2 day", "Tabata 20/10 protocol",
  "30/30 intervals": neither part a month). Two-digit dashed "11-03" (both readings, like 11/3)
  and dotted day-first "25.11" are dates only at the start or end, before punctuation, or after
  "on" / "in" / "at" / "date" ("Kids 10-12 yoga" is a title). "the 3rd" is that day of this
  month or, if still to come, of the previous month; "Monday 23rd" too.
- Dates are resolved here (weekdays, yesterday, N days ago, numeric); dateparser is imported
  lazily and called only for month-name dates ("3 Oct", "October 3rd, 2025").
- Durations also read "1hr30", "2 hrs 30" (bare minutes a multiple of 5), "1:30" with no unit
  (single-digit hours, not after "at"/"from" and not am/pm), "1½", "a couple (of) hours" (= 2),
  "6 contact hours", "4 CE hours", "1 hour and half", "one hour thirty minutes", "1h & 30m",
  "quarter of an hour", "hour-long", "1-1/2 hr", "hours: 3", thirteen to nineteen in words.
  A repeat count "x2", "2x", "2 x", "twice", or a small count before a duration and a plural
  ("two 1h webinars") multiplies the amount (duration and credits).
  "about"/"approx."/"took"/"spent"/"lasting" before the duration leave the title with it.
- A clock range ("9am-5pm", "2-4pm", "9:00-12:00") is the duration when nothing else gives
  one (an explicit duration wins); it and times of day ("at 7pm") never stay in the title.
- A dash after a numbered part of a title is a separator, not a range: "Level 1 - 6h",
  "Day 2 of 3 - 8h", "FMS Level 1 & 2 - 8 hours", "STC 2.0 - 7h", "Coaching 101 - 2h".
- Credits: "CEU"/"CEC" also as "C.E.U.", "CEU's"; "CEUs: 0.2" (amount after the unit needs a
  colon or a decimal point). "worth"/"for"/"=" before the credits leave the title with them.
  "1 credit ACE" / "2 CE credits NSCA" take the named body's unit; with no body named they are
  refused with a question rather than guessed.
- Refused: nothing given, no duration or credits (days without hours get their own hint), zero
  or negative, ascending ranges ("2-3h", "30-45 min", "2 to 3 hours"; "module 3 - 2h" and
  "Nov 3 - 4h" are a title or date and a separator), more than one duration, credit amount or
  repeat count, more than 100 hours (or credits) after the repeat count, more than a day written
  in minutes, minutes >= 60 in "1h 75m", future dates ("tomorrow", "next week"), vague ones
  ("a few days ago"), dates before 1970.
- Titles: "Course 3 of 10", "Course 101", "course 3rd Nov" hold no course number (a bare one
  needs four characters or a letter); labels whose value was taken ("Duration:", "Date:") and
  "Topic:" go; runs of separators left behind ("ISSA - - Nutrition", "cert,,") become one;
  "hosted/presented/run by X" is a provider. A leading "/log" (pasted twice) is dropped.
- Free text (`looks_like_log`) also refuses someone else's activity ("my client did a 2h
  course", "she completed ..."), teaching ("finished teaching a 2h workshop"), wishes and
  cancelled / missed / skipped sessions; "had", "went through", "sat in on" are past cues.
- Round 3 (pasted certificates, CSV rows, voice-to-text):
  "2.30 hours" is two and a half hours: two digits after the point (or comma) that are a
  multiple of 5 are read as minutes, as on a clock ("1.15", "1.45", "2.20"), except 25 and 50
  (and 00), which are how decimal hours are written ("1.25h", "1.50 hrs"); one digit ("2.3") is
  always a decimal. A spoken "log three hours ..." / "please log ..." drops the "log" when an
  amount or article follows ("log press clinic" keeps it); "one point five hours" is 1.5;
  "2ish", "or so", "total", "a total of", "tops" go with the duration. "an hour or two",
  "1 or 2 hours" are ranges and refused. "in 3 days" / "in a week" is in the future and refused,
  unless the text says it was a span ("done in 2 days", "over", "took", "total").
  A duration of 20 h or more right before "YTT", "RYT", "teacher training", "program", "cert"
  ("200hr YTT module 4 - 6 hours") is the programme's name when another duration is given.
  A comma straight after a numeric date ends it ("2026-11-02,3h,TRX"). Certificate lines:
  "Issued", "Completed", "Date Completed:", "Date of completion:", "Completion Date:" go with
  the date after them; "Contact Hours: 3.0" and "CEUs Earned: 0.3" are labels; a leading
  "Certificate of Completion —" and a "Course:" label (at the start or after a separator) leave
  the title. More dates: "3-Nov-2026", "Nov-3", "03 Nov 26" (two-digit year after a day and
  month, at the end or before punctuation), "20261103", "2026/11/21" (never a course number),
  "Tue 24" (the 24th), a bare "27th" at the end (not after "level", "my" ...), "yesterdays",
  "last evening", "wknd", "earlier" at the end (today).
- Free text: time spent on something that is not education right after the amount ("a 30 min
  run", "2 hours of sleep", "took 2 hours to drive") is no offer; "wrapped", "(got) done with",
  "I'm done with" are past cues; "finished an hour and a half of ..." keeps the "an".
- str(LogError) is one line with an example, and is HTML-safe (anything user-typed is escaped).
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from knowledge.rules import Rule, add_months, load_rules
from tracker import dates as date_reader
from tracker.dates import Reading

MAX_HOURS = 100.0
MAX_CREDITS = 100.0
MAX_MINUTES = 24 * 60
MAX_TITLE = 500  # stored whole up to here; replies shorten it for display only
MAX_TEXT = 1000
EARLIEST = date(1970, 1, 1)
MAX_YEARS_BACK = 5  # older than this is no current renewal cycle's business: refused
EXAMPLE = "/log 3h kettlebell workshop"
CREDIT_EXAMPLE = "/log 0.5 CEU NASM course"
DAYS_EXAMPLE = "/log 16h two-day course"


class LogError(ValueError):
    """User-facing problem: str(exc) is one friendly line + an example."""


class NeedBody(LogError):
    """Credits were given but it is not clear which body's units they are."""

    def __init__(self, message: str, candidates: tuple[str, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class ParsedLog:
    title: str  # the rest of the text, tidied; "activity" when nothing is left
    activity_date: date
    hours: float | None  # when a duration was given
    credits: float | None  # when credits were given ("0.5 CEU", "2 CECs")
    credit_unit: str | None  # "CEU" | "CEC" as written
    body: str | None  # rule code named in the text ("NASM"), None when none or unclear
    provider: str | None  # "from NASM", "by Precision Nutrition", "provider: X", "@ ACE"
    course: str | None  # course number without its prefix: "#A123" -> "A123"
    is_cpr: bool  # the title mentions CPR / AED / BLS / first aid
    other_date: date | None = None  # the other reading of an ambiguous numeric date ("3/4")


# --------------------------------------------------------------------------- text clean-up

_MASK = "\x00"
_ASCII_CONTROLS = {i: " " for i in range(32)} | {127: " "}


_VULGAR = re.compile(r"(?:(\d+)\s?)?([\u00bc-\u00be\u2150-\u215e])")


def _vulgar(m: re.Match[str]) -> str:
    """'1½' -> '1.5', '¾' -> '0.75' (NFKC would turn '1½' into '11⁄2')."""
    value = int(m.group(1) or 0) + unicodedata.numeric(m.group(2))
    return f" {round(value, 6):g}"


def _clean(text: str) -> str:
    """NFKC, ASCII digits, no control / zero-width / bidi characters, no mask characters."""
    if text.isascii():
        return text.translate(_ASCII_CONTROLS)
    text = _VULGAR.sub(_vulgar, text)
    text = unicodedata.normalize("NFKC", text)
    out = []
    for ch in text:
        if ch.isascii():
            out.append(" " if ord(ch) < 32 or ord(ch) == 127 else ch)
            continue
        cat = unicodedata.category(ch)
        if cat == "Nd":
            out.append(str(unicodedata.decimal(ch)))
        elif cat in ("Cc", "Zl", "Zp"):
            out.append(" ")
        elif cat in ("Cf", "Cs", "Co", "Cn"):
            continue
        elif cat == "Zs":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


_PLURAL_S = re.compile(r"\b(hour|hr|minute|min|ceu|cec|credit)\(s\)", re.IGNORECASE)


# Phone typos of the long day names ("yesterdya", "Thrusday", "wensday"): fixed before parsing.
# The short ones (mon, fri, sun ...) are left alone: too close to real words ("sundae").
_TYPO_TARGETS = {"yesterday": 2, "wednesday": 2, "thursday": 1, "saturday": 1, "tuesday": 1}
_TYPO_CANDIDATE = re.compile(r"(?<![\w'\u2019])[TtWwSsYy][a-z]{5,10}(?![\w])", re.IGNORECASE)


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance (edits, with adjacent swaps counting one)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def _fix_typo(m: re.Match[str]) -> str:
    word = m.group(0)
    low = word.lower()
    if "d" not in low or "y" not in low:  # cheap: every day name has both ("workshop" has not)
        return word
    for target, limit in _TYPO_TARGETS.items():
        if low == target or low == target + "s":
            return word
        if low[0] == target[0] and abs(len(low) - len(target)) <= limit:
            if _osa(low, target) <= limit:
                return target
    return word


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + _MASK * (end - start) + text[end:]


# --------------------------------------------------------------------------- numbers

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty-four": 24,
    "twenty four": 24,
    "twenty": 20,
    "thirty": 30,
    "forty-five": 45,
    "forty five": 45,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "couple": 2,
    "an": 1,
    "a": 1,
}
_WORD = "|".join(
    sorted((re.escape(w).replace(r"\ ", r"\s+") for w in _WORD_NUMBERS), key=len, reverse=True)
)
_NUM = r"(?:\d+(?:[.,]\d+)?|[.,]\d+)"
_FRAC = r"(?:\d+(?:\s+(?:and\s+)?|-))?\d+\s*[/\u2044]\s*\d+"
# a number starts here: not inside another number ("1/2", "1,5", "1:30"); "webinar:2h",
# "webinar,2h" and "CEU/1 hour" get a space after the separator first (_GLUED)
_LB = r"(?<![\w.,/\u2044:])"
_GLUED = re.compile(r"(?<=[A-Za-z][:,/])(?=\d)")
# a comma straight after a numeric date ends it: "2026-11-02,3h,TRX", "11/21/2026,0.6 CEU"
_DATE_COMMA = re.compile(r"(?<=\d[-/.]\d\d),(?=\d)|(?<=\d[-/.]\d),(?=\d)|(?<=[-/.]\d{4}),(?=\d)")
# "2ish hours", "90ish min": the hedge goes, the number stays
_ISH = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)-?ish\b", re.IGNORECASE)
_H = r"(?:hours?|hrs?|h)"
_HW = r"(?:hours?|hrs?)"
_M = r"(?:minutes?|mins?|m)"
_MW = r"(?:minutes?|mins?)"
_SEP = r"(?:\s*-\s*|\s*)"
_WSEP = r"(?:\s*-\s*|\s+)"


def _number(raw: str) -> float:
    """'1,5' -> 1.5, '1,500' -> 1500, '.5' -> 0.5, '1 1/2' -> 1.5, 'two' -> 2."""
    raw = re.sub(r"\s+", " ", raw.strip().lower())
    if raw in _WORD_NUMBERS or raw.replace(" ", "-") in _WORD_NUMBERS:
        return float(_WORD_NUMBERS.get(raw, _WORD_NUMBERS.get(raw.replace(" ", "-"), 0)))
    frac = re.fullmatch(r"(?:(\d+)(?: (?:and )?|-))?(\d+) ?[/\u2044] ?(\d+)", raw)
    if frac:
        whole, num, den = frac.groups()
        if int(den) == 0:
            raise LogError(f"I can't divide by zero. Try: {EXAMPLE}")
        return int(whole or 0) + int(num) / int(den)
    if "," in raw:
        whole, _, part = raw.partition(",")
        if len(part) == 3 and whole not in ("", "0"):
            raw = whole + part  # thousands separator
        else:
            raw = whole + "." + part
    return float(raw)


_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# voice-to-text "one point five hours": 1.5 (not "five hours")
_SPOKEN_POINT = re.compile(
    rf"(?<![\w.,])(?P<a>\d+|{'|'.join(w for w in _WORD_NUMBERS if w.isalpha() and len(w) > 2)}|zero)"
    rf"\s+point\s+(?P<b>\d+|{'|'.join(_DIGIT_WORDS)})\b",
    re.IGNORECASE,
)


def _spoken_point(m: re.Match[str]) -> str:
    a, b = m.group("a").lower(), m.group("b").lower()
    whole = a if a.isdigit() else str(_WORD_NUMBERS.get(a, 0))
    part = b if b.isdigit() else str(_DIGIT_WORDS.index(b))
    return f"{whole}.{part}"


# --------------------------------------------------------------------------- durations and credits

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec"
)
_CEU = r"c\.?e\.?[uc]"
_ORD_SUFFIX = r"(?:st|nd|rd|th)?"
# what may not follow the bare minutes of "1hr30" / "2 hrs 30" (a date, credits, a time ...)
_BARE_MIN_STOP = (
    rf"(?![\w/:%\u2044-]|[.,]\d|\s*(?:(?:{_MONTHS})\b(?!\.?\s*\d)|"
    rf"(?:days?|weeks?|wks?|months?|years?|yrs?|{_CEU}|am|pm|a\.m|p\.m|x|ago|to)\b))"
)

_DURATION = re.compile(
    rf"""
    {_LB}(?P<hm_h>\d+){_SEP}{_H}\.?,?\s*(?:(?:and|&|\+)\s*)?(?P<hm_m>\d+){_SEP}{_M}\b
  | {_LB}(?P<hw_h>\d+|{_WORD}){_WSEP}{_HW},?\s+(?:(?:and|&|\+)\s+)?(?P<hw_m>\d+|{_WORD}){_WSEP}{_MW}\b
  | (?<![\w])(?:(?:contact|clock|ce|cpd|total|course)\s+)?
      (?P<lab>hours?|hrs?|minutes?|mins?)\s*[:=]\s*(?P<lab_v>{_NUM})(?![\w.,:/])
  | {_LB}(?P<q>(?:a\s+)?quarter(?:\s+of\s+an?\s+|[\s-])hour
      |(?P<q3>three[\s-]quarters?)\s+of\s+an?\s+hour)\b
  | {_LB}(?P<hc_h>\d+)h(?P<hc_m>\d\d)\b
  | {_LB}(?P<hb_h>\d+){_SEP}{_H}\.?\s*(?P<hb_m>[0-5][05]){_BARE_MIN_STOP}
  | {_LB}(?P<c_h>\d+):(?P<c_m>\d\d){_SEP}{_H}\b
  | {_LB}(?P<ah1>{_NUM}|{_WORD}){_WSEP}{_HW}\s+and\s+(?:a\s+)?half\b
  | {_LB}(?P<ah2>{_NUM}|{_WORD})\s+and\s+(?:a\s+)?half{_WSEP}{_HW}\b
  | (?<![\w.,/])(?P<hah>hour\s+and\s+a\s+half)\b
  | {_LB}(?P<half>half\s+an?\s+hour|(?:a\s+)?half{_WSEP}hour)\b
  | {_LB}(?P<hl>(?:an?\s+|one[\s-])?hour[\s-]long)\b
  | {_LB}(?P<fr>{_FRAC}){_SEP}{_H}\b
  | {_LB}(?P<h>{_NUM}){_SEP}(?:(?:contact|ce|clock)\s+)?{_H}\b
  | {_LB}(?P<hw>{_WORD}){_WSEP}{_HW}\b
  | {_LB}(?P<m>{_NUM}){_SEP}{_M}\b
  | {_LB}(?P<mw>{_WORD}){_WSEP}{_MW}\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "1:30 webinar": hours:minutes with no unit, a single-digit hour, and not a clock time
_CLOCK = re.compile(
    r"(?<![\w/.,:@\-])(?P<h>\d):(?P<m>[0-5]\d)(?![\w:]|\s*(?:a\.?m|p\.?m)\b|\s*(?:-|\u2013|to\b)\s*\d)",
    re.IGNORECASE,
)
_CLOCK_NOT_AFTER = frozenset("at from to until till til by before after around @ - ~".split())
# "x2", "2x", "3 x": the same session repeated
_TIMES = re.compile(
    r"(?<![\w.,/])(?:[x\u00d7]\s?(?P<a>\d{1,2})|(?P<b>\d{1,2})\s?[x\u00d7])(?![\w.,/]|\s*\d)"
    r"(?!\s+(?:days?|weeks?|wks?|months?|years?|yrs?)\s+(?:ago|back)\b)"
    r"|\b(?P<twice>twice|thrice)\b",
    re.IGNORECASE,
)
# "two 1h webinars", "3 90-min sessions": a count right before a duration and a plural noun
_COUNT_BEFORE = re.compile(
    r"(?<![\w.,/-])(?P<n>[2-9]|two|three|four|five|six|seven|eight|nine|ten)\s+$", re.IGNORECASE
)
_PLURAL_AFTER = re.compile(
    r"(?:[\s-]+[\w'-]+){0,2}?[\s-]+(?:webinars|sessions|workshops|lectures|classes|courses|"
    r"modules|lessons|seminars|videos|quizzes|clinics|trainings|talks|podcasts|calls|units|"
    r"chapters|parts|in-services|labs|episodes|presentations|masterclasses)\b",
    re.IGNORECASE,
)
_DAYS = re.compile(
    r"(?<![\w.,])(?:\d+(?:[.,]\d+)?|one|two|three|four|five|half|full|all|whole)"
    r"[\s-]*days?\b(?!\s+ago)",
    re.IGNORECASE,
)

_UNIT = rf"(?P<unit>{_CEU})\.?(?:s|'s|\u2019s)?(?!\w)"
_GENERIC = r"(?:ce\s+)?(?P<generic>credits?|ces)(?!\w)(?!\s+hours?\b)"


@cache
def _credit_re() -> re.Pattern[str]:
    codes = sorted((re.escape(c) for c in load_rules()), key=len, reverse=True)
    body = "|".join(codes)
    return re.compile(
        rf"(?<![\w.,])(?<!\d/)(?P<n>{_NUM}){_SEP}(?:(?P<cbody>{body})\s+)?(?:{_UNIT}|{_GENERIC})",
        re.IGNORECASE,
    )


@cache
def _credit_after_re() -> re.Pattern[str]:
    """'CEUs: 0.2', 'NASM CEU 0.5': the amount after the unit needs a colon or a decimal."""
    codes = sorted((re.escape(c) for c in load_rules()), key=len, reverse=True)
    body = "|".join(codes)
    return re.compile(
        rf"(?<![\w.])(?:(?P<cbody>{body})\s+)?(?P<unit>{_CEU})\.?(?:s|'s|\u2019s)?"
        rf"(?:\s+(?:earned|awarded|approved|granted|total))?\s*(?:[:=]\s*(?P<n>{_NUM})|(?P<n2>\d*[.,]\d+))(?![\w.,/-])",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    value: float
    text: str
    spans: tuple[tuple[int, int], ...] = ()  # parts to remove from the title, when not all


_RANGE_START = re.compile(
    rf"(?<![\w.,/#:\u2044-])(?P<n>{_NUM})\s*(?:{_H}|{_M})?\.?\s*$", re.IGNORECASE
)
_DAY_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}{_ORD_SUFFIX}$", re.IGNORECASE)
# words that name a numbered part of a title: "Level 1 - 6h", "Day 2 of 3 - 8h", "Phase 2 - 10h"
_COUNT_WORDS = (
    "module|mod|part|unit|week|wk|session|lesson|chapter|ch|section|level|lvl|step|phase|day|"
    "no|number|page|video|episode|ep|quiz|test|round|block|stage|tier|grade|version|ver|v|"
    "edition|vol|volume|series|class|book|track|semester|term"
)
_NUMBERED_TITLE = re.compile(
    rf"(?:(?i:\b(?:{_COUNT_WORDS}))\.?\s*\#?\s*|\b[A-Z][A-Z0-9]+\s+|(?i:\b[a-z]+\d+)\s+)"
    r"\d+(?:\.\d+)?(?:\s*(?:&|,|/|-|(?i:and|of))\s*\d+(?:\.\d+)?)*$"
)


def _check_sign(text: str, found: _Found, example: str) -> None:
    """Refuse '-2h' and ranges like '2-3h' or '2 to 3 hours' written just before `found`.

    A dash after a title or a date is a separator: "Nov 3 - 4h kettlebell", "module 3 - 2h".
    """
    before = text[: found.start].rstrip()
    if before.endswith(("-", "\u2212", "\u2013", "\u2014")):
        rest = before[:-1].rstrip()
        first = _RANGE_START.search(rest)
        spaced = len(rest) < len(before) - 1 and found.start > len(before)
        if first and spaced and _NUMBERED_TITLE.search(rest):
            first = None  # "Level 1 - 6h", "FMS Level 1 & 2 - 8 hours": a title, then a dash
        if first and spaced and re.search(r"[A-Za-z]\s+\d{3,}$", rest):
            first = None  # "Nutrition Coaching 101 - 2h": no range starts at 101
        if first and not _DAY_BEFORE.search(rest):
            lead = re.match(rf"\d*[.,]?\d+|(?:{_WORD})\b", found.text, re.IGNORECASE)
            try:
                low = _number(first.group("n"))
                high = _number(lead.group(0)) if lead else None
            except (LogError, ValueError):
                low = high = None
            if low is None or high is None or low < high:
                raise LogError(f"Please give one amount, not a range. Try: {example}")
        attached = text[found.start - 1 : found.start] in ("-", "\u2212", "\u2013")
        if not rest or (attached and not rest[-1].isalnum() and rest[-1] not in ")]"):
            raise LogError(f"The amount must be more than zero. Try: {example}")
    if re.search(
        r"(?:\d\s*to|(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))\s+or|"
        r"between\s*\d+\s*and)\s*$",
        before,
        re.IGNORECASE,
    ):
        raise LogError(f"Please give one amount, not a range. Try: {example}")


# "1e-9h", "2E3 min", "1e8": numbers in scientific notation are refused, never half-read
_SCIENTIFIC = re.compile(
    r"(?<![\w.])\d+(?:[.,]\d+)?e[-+\u2212]?\d+(?=\s*(?:[hm]|hours?|hrs?|mins?|minutes?|"
    r"c\.?e\.?[uc]s?|credits?)?(?![\w.]))|(?<![\w.])\d+(?:[.,]\d+)?e[-+\u2212]\d",
    re.IGNORECASE,
)


def _check_amount(value: float, cap: float, what: str, example: str) -> None:
    """More than zero once rounded to two decimals (as replies show it), and at most `cap`.

    The amount over the cap is not repeated: "1e+08 hours" or "inf hours" is never shown."""
    if not math.isfinite(value) or value > cap:
        raise LogError(
            f"That's more than I accept in one entry (max {cap:g} {what}). Try: {example}"
        )
    if not round(value, 2) > 0:
        raise LogError(f"The {what} must be more than zero. Try: {example}")


# "took about 2 hours", "approx. 3h": the words leave the title with the duration
_HEDGE = re.compile(
    r"(?<![\w])(?:(?:took|takes|lasted|lasting|was|spent|for)\s+)?(?:about|approx\.?|"
    r"approximately|around|roughly|almost|nearly|ca\.|~)\s*$|"
    r"(?<![\w])(?:took|lasted|lasting|spent)\s+$|"
    r"(?<![\w])(?:(?:a\s+)?total(?:\s+of)?|in\s+total)\s*:?\s*$",
    re.IGNORECASE,
)
# "2 hours or so", "3h total", "90 min tops": the words leave the title with the duration
_HEDGE_AFTER = re.compile(
    r"[\s-]*(?:or\s+so|or\s+thereabouts|ish|(?:in\s+total|total|tops|max|approx\.?)"
    r"(?=\s*(?:$|[,.;:!)\]|\u2014\u2013-])))",
    re.IGNORECASE,
)
# "an hour or two", "2h or 3": a range, refused like "2-3h"
_OR_AFTER = re.compile(
    r"\s+or\s+(?:\d+(?:[.,]\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)(?![\w.,])"
    r"(?!\s*(?:so|more|less)\b)",
    re.IGNORECASE,
)
# "200hr YTT", "300-hour yoga teacher training": the size of a programme, part of its name
_PROGRAMME_AFTER = re.compile(
    r"[\s-]*(?:ytt|ryt|e-?ryt|tt|yoga\s+teacher|teacher\s+training|yoga\s+alliance|programme|"
    r"program|certification|cert|yoga)\b",
    re.IGNORECASE,
)


def _is_programme(text: str, found: _Found) -> bool:
    return found.value >= 20 and bool(_PROGRAMME_AFTER.match(text, found.end))


_CREDIT_LEAD = re.compile(
    r"(?<![\w])(?:worth|earning|earned|for|=|equals|equal\s+to|approved\s+for|gives|giving|"
    r"counts?\s+for|awarded)\s*$",
    re.IGNORECASE,
)
# "/log" pasted twice; a spoken "log three hours ..." / "please log a 2h webinar" (not "log press")
_LOG_PREFIX = re.compile(
    rf"^\s*(?:/log(?:@\w+)?\b|(?:please\s+)?log\b(?=\s*(?:\d|[.,]\d|(?:{_WORD}|half|quarter|"
    rf"the|my|this|that)\b)))\s*:?\s*",
    re.IGNORECASE,
)


def _count_before(text: str, found: _Found) -> tuple[int, int, int] | None:
    """'two 1h webinars': (2, start, end) when a small count sits before the duration."""
    m = _COUNT_BEFORE.search(text, 0, found.start)
    if not m or not _PLURAL_AFTER.match(text, found.end):
        return None
    word_before = text[: m.start()].split()[-1:]
    if word_before and word_before[0].lower().strip(".:#") in (*_COUNT_WORDS.split("|"), "of"):
        return None  # "Level 2 1h webinars", "3 of 5 1h webinars": the number is the title's
    return int(_number(m.group("n"))), m.start(), m.end()


def _minutes_under_60(minutes: int, shown: str) -> None:
    if minutes >= 60:
        raise LogError(f"Minutes should be under 60 in '{shown}'. Try: /log 1h 30m webinar")


_LONG_AFTER = re.compile(r"[\s-]long\b", re.IGNORECASE)
# "9am-5pm", "2-4pm", "9:00-12:00": a duration when nothing else gives one, and never a title
_TIME_RANGE = re.compile(
    r"(?<![\w.,:/])(?:from\s+)?(?P<a>\d{1,2})(?::(?P<am>[0-5]\d))?\s*(?P<ap>[ap]\.?m\b\.?)?"
    r"\s*(?:-|\u2013|to\b|until\b|till\b|til\b)\s*"
    r"(?P<b>\d{1,2})(?::(?P<bm>[0-5]\d))?\s*(?P<bp>[ap]\.?m\b\.?)?(?![\w:])",
    re.IGNORECASE,
)
# "at 7pm", "7:30am": when in the day, not part of the title ("at 19:00" stays: it may be a name)
_TIME_OF_DAY = re.compile(
    r"(?<![\w.,:/])(?:(?:at|@|from|around|starting)\s*)?\d{1,2}(?::[0-5]\d)?\s*[ap]\.?m\b\.?",
    re.IGNORECASE,
)


_CLOCK_HINT = re.compile(r"\d\s*[ap]\.?m|\d:\d", re.IGNORECASE)


def _clock(hour: int, minute: int, half: str | None) -> int | None:
    """Minutes after midnight; `half` is 'a' / 'p' for am / pm, None for a 24-hour clock."""
    if half is None:
        return hour * 60 + minute if hour <= 24 else None
    if not 1 <= hour <= 12:
        return None
    return (hour % 12 + (12 if half == "p" else 0)) * 60 + minute


def _find_time_ranges(text: str) -> list[tuple[float, int, int]]:
    """Clock ranges as (hours, start, end): '9am-5pm' is 8h, '9-5pm' too, '2-4pm' 2h."""
    found = []
    for m in _TIME_RANGE.finditer(text):
        ap, bp = (m.group(k)[0].lower() if m.group(k) else None for k in ("ap", "bp"))
        if not (ap or bp) and not (m.group("am") and m.group("bm")):
            continue  # "2-3" alone is a range of amounts, not of clock times
        a, b = int(m.group("a")), int(m.group("b"))
        am, bm = int(m.group("am") or 0), int(m.group("bm") or 0)
        end = _clock(b, bm, bp)
        starts = [ap] if ap or not bp else [bp, "a" if bp == "p" else "p"]
        for half in starts:
            start = _clock(a, am, half)
            if start is not None and end is not None and 0 < end - start <= 24 * 60:
                found.append(((end - start) / 60, m.start(), m.end()))
                break
    return found


# "3 hours ago" says when, not how long
_AGO_AFTER = re.compile(r"\s*(?:ago|(?:back|before|earlier)(?!\s*[\w\x00]))\b", re.IGNORECASE)


_CLOCK_DECIMAL = re.compile(r"(\d+)[.,]([0-5][05])")


def _hours_number(raw: str) -> float:
    """Hours as written: '2.30 hours' is two and a half hours (a trainer writing minutes after
    the point, as on a clock), and so are '1.15', '1.45', '2.20'; '1.25', '1.50', '2.00', '1.5',
    '1.75' stay decimals (quarters and halves are what decimal hours are written in)."""
    m = _CLOCK_DECIMAL.fullmatch(raw.strip())
    if m and m.group(2) not in ("00", "25", "50"):
        return int(m.group(1)) + int(m.group(2)) / 60
    return _number(raw)


def _find_durations(text: str) -> list[_Found]:
    found = []
    for m in _DURATION.finditer(text):
        if _AGO_AFTER.match(text, m.end()):
            continue
        g = m.groupdict()
        if g["hm_h"] is not None:
            minutes = int(g["hm_m"])
            _minutes_under_60(minutes, "1h 30m")
            hours = int(g["hm_h"]) + minutes / 60
        elif g["lab"] is not None:  # "hours: 3", "mins: 90"
            if g["lab"].lower().startswith("m"):
                hours = _number(g["lab_v"]) / 60
            else:
                hours = _hours_number(g["lab_v"])
        elif g["q"] is not None:
            hours = 0.75 if g["q3"] else 0.25
        elif g["hw_h"] is not None:
            minutes = int(_number(g["hw_m"]))
            _minutes_under_60(minutes, "1 hour 30 minutes")
            hours = _number(g["hw_h"]) + minutes / 60
        elif g["hc_h"] is not None:
            minutes = int(g["hc_m"])
            _minutes_under_60(minutes, "1h30")
            hours = int(g["hc_h"]) + minutes / 60
        elif g["hb_h"] is not None:
            hours = int(g["hb_h"]) + int(g["hb_m"]) / 60
        elif g["c_h"] is not None:
            minutes = int(g["c_m"])
            _minutes_under_60(minutes, "1:30h")
            hours = int(g["c_h"]) + minutes / 60
        elif g["ah1"] is not None or g["ah2"] is not None:
            hours = _number(g["ah1"] or g["ah2"]) + 0.5
        elif g["hah"] is not None:
            hours = 1.5
        elif g["half"] is not None:
            hours = 0.5
        elif g["hl"] is not None:
            hours = 1.0
        elif g["fr"] is not None:
            hours = _number(g["fr"])
        elif g["h"] is not None:
            hours = _hours_number(g["h"])
        elif g["hw"] is not None:
            hours = _number(g["hw"])
        else:
            minutes_f = _number(g["m"] or g["mw"])
            if not minutes_f <= MAX_MINUTES:
                raise LogError(
                    "That's more than a day in minutes; log long courses in hours. "
                    "Try: /log 16h two-day course"
                )
            hours = minutes_f / 60
        long = _LONG_AFTER.match(text, m.end())  # "2-hour-long", "90 minute long"
        found.append(_Found(m.start(), long.end() if long else m.end(), hours, m.group(0)))
    if not found:
        for m in _CLOCK.finditer(text):
            words = text[: m.start()].split()
            if words and words[-1].lower() in _CLOCK_NOT_AFTER:
                continue
            hours = int(m.group("h")) + int(m.group("m")) / 60
            found.append(_Found(m.start(), m.end(), hours, m.group(0)))
    return found


def _find_credits(text: str) -> list[tuple[_Found, str, str | None]]:
    """Credit amounts: (found, unit as written or '' for 'credits', body written with them)."""
    found = []
    for pattern in (_credit_re(), _credit_after_re()):
        for m in pattern.finditer(text):
            unit = re.sub(r"[^a-z]", "", (m.group("unit") or "").lower()).upper()
            body = m.group("cbody").upper() if m.group("cbody") else None
            number = m.group("n") or m.group("n2")
            spans = ((m.start(), m.start("cbody")), (m.end("cbody"), m.end())) if body else ()
            found.append(
                (_Found(m.start(), m.end(), _number(number), m.group(0), spans), unit, body)
            )
        if found:
            break
    return found


def _find_times(text: str) -> tuple[int, int, int] | None:
    """A repeat count ('x2', '3x', '2 x'): (count, start, end), None when there is none."""
    found = list(_TIMES.finditer(text))
    if not found:
        return None
    if len(found) > 1:
        raise LogError("I found more than one 'x2'. Try: /log 1h webinar x2")
    m = found[0]
    if m.group("twice"):
        return (2 if m.group("twice").lower() == "twice" else 3), m.start(), m.end()
    return int(m.group("a") or m.group("b")), m.start(), m.end()


# --------------------------------------------------------------------------- bodies


@cache
def _body_keys() -> tuple[dict[str, str], int, frozenset[str]]:
    """Normalised code/name/alias -> rule code, the longest key in words, and first words."""
    keys: dict[str, str] = {}
    for rule in load_rules().values():
        for raw in (rule.code, rule.name, *rule.aliases):
            key = " ".join(re.findall(r"[a-z0-9]+", raw.lower()))
            if key:
                keys.setdefault(key, rule.code)
    longest = max(len(k.split()) for k in keys)
    return keys, longest, frozenset(k.split()[0] for k in keys)


_TOKEN = re.compile(r"[A-Za-z0-9]+")


def _bodies_in(text: str) -> list[tuple[str, int, int]]:
    """Bodies named in `text`, in order: (code, start, end); longest phrase wins."""
    keys, longest, firsts = _body_keys()
    tokens = [(m.group(0).lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out = []
    i = 0
    while i < len(tokens):
        if tokens[i][0] not in firsts:
            i += 1
            continue
        for n in range(min(longest, len(tokens) - i), 0, -1):
            key = " ".join(t[0] for t in tokens[i : i + n])
            if key in keys:
                out.append((keys[key], tokens[i][1], tokens[i + n - 1][2]))
                i += n
                break
        else:
            i += 1
    return out


# --------------------------------------------------------------------------- course numbers

_COURSE_ID = r"(?P<cid>[A-Za-z0-9][A-Za-z0-9._/-]*)"
_COURSE = re.compile(
    rf"""
    (?:
        (?<![\w\#])\#\s?
      | (?<=\bcourse)\s*(?:no\.?|nr\.?|num\.?|number|id|code|\#)\s*:?\s*
      | (?<=\bcourse)\s*:?\s+
    ){_COURSE_ID}
    """,
    re.IGNORECASE | re.VERBOSE,
)
_LOOKS_LIKE_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")


_BARE_NOT_COURSE = re.compile(
    r"\d{1,2}(?:st|nd|rd|th)|\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{2,4})?|\d+(?:h|hrs?|m|mins?)",
    re.IGNORECASE,
)


def _find_course(text: str) -> tuple[str, int, int] | None:
    for m in _COURSE.finditer(text):
        cid = m.group("cid").rstrip("._/-")
        if not any(c.isdigit() for c in cid) or _LOOKS_LIKE_DATE.fullmatch(cid):
            continue
        bare = not re.search(
            r"[#]|(?:no|nr|num|number|id|code)\W*$", text[m.start() : m.start("cid")], re.I
        )
        if bare and _BARE_NOT_COURSE.fullmatch(cid):
            continue  # "course 3rd Nov", "course 11-03": a date
        if bare and (
            not (len(cid) >= 4 or re.search("[A-Za-z]", cid))
            or re.match(r"\s*(?:of|/)", text[m.start("cid") + len(cid) :])
        ):
            continue  # "Course 3 of 10", "Course 101": a title, not a course number
        return cid[:40], m.start(), m.start("cid") + len(cid)
    return None


# --------------------------------------------------------------------------- dates

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_ABBR = {
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "weds": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_WD = "|".join(_WEEKDAYS)
_WDA = "|".join(sorted(_WEEKDAY_ABBR, key=len, reverse=True))
_ORD = _ORD_SUFFIX
_AGO_N = r"\d+|" + _WORD
_POSS = r"(?:'s|\u2019s)?"
# "3 days ago"; "2 days back", "2 days before" only with nothing after ("2 days back squat clinic")
_AGO = r"(?:ago|(?:back|before|earlier)(?!\s*[\w\x00]))\b"
_AGO_UNIT = r"days?|weeks?|wks?|months?|years?|yrs?|hours?|hrs?|minutes?|mins?"
# "Nov 21-22", "21 & 22 Nov", "Sat & Sun": a course over days is logged on its first day,
# like a weekend. The second day of "Nov 21-22" is blanked before the dates are read.
_JOIN = r"(?:-|\u2013|&|and|to|through|thru|\+)"
_DAY_SPAN = re.compile(
    rf"(?<![\w.,/-])(?P<a>\d{{1,2}}){_ORD_SUFFIX}(?P<j>\s*{_JOIN}\s*(?P<b>\d{{1,2}}){_ORD_SUFFIX})"
    rf"(?=\s+(?:of\s+)?(?:{_MONTHS})\b)"
    rf"|(?<!\w)(?:{_MONTHS})\.?\s+(?P<a2>\d{{1,2}}){_ORD_SUFFIX}"
    rf"(?P<j2>\s*{_JOIN}\s*(?P<b2>\d{{1,2}}){_ORD_SUFFIX})\b(?![/.:-]?\d)",
    re.IGNORECASE,
)
_JOIN_RE = re.compile(rf"[\s,]*{_JOIN}[\s,]*|\s*/\s*", re.IGNORECASE)
_SPAN_KINDS = ("wd", "wda", "dm", "md", "iso", "n1", "s1", "d1", "p1", "ord")

# "Tue 24": the day of the month after a weekday (not "Sat 21 Nov", "Mon 2 hours")
_WD_DAY = (
    r"(?:,?\s+(?P<{}>\d{{1,2}})(?![\w:/.,]\d|\w)(?!\s*(?:of\s+)?(?:" + _MONTHS + r")\b)"
    r"(?!\s*(?:-|to)?\s*(?:\d|h|hrs?|hours?|m|mins?|minutes?|ceus?|cecs?|credits?|x)\b))?"
)
_DATE = re.compile(
    rf"""
    (?<![\w]) (?P<on>on\s+)?
    (?:
        (?P<future>tomorrow|tmrw|tmr|next\s+(?:week|wk|weekend|month|year|{_WD}|{_WDA})\b
          |(?P<in_n>in\s+(?:\d+|{_WORD})\s+(?:days?|weeks?|wks?|months?)\b(?!\s+(?:time\s+)?ago)))
      | (?P<few>(?:a\s+)?(?:few|several)\s+(?:days?|weeks?|wks?|months?)\s+{_AGO}
          |the\s+other\s+day\b|a\s+while\s+(?:ago|back)\b
          |(?:earlier\s+|during\s+)?this\s+(?:week|wk)\b(?!'s|\u2019s))
      | (?P<ago>(?P<ago_n>{_AGO_N})\s+(?P<ago_u>{_AGO_UNIT})\s+{_AGO})
      | (?P<agob>before\s+(?P<agob_n>{_AGO_N})\s+(?P<agob_u>days?|weeks?|wks?|months?))\b
      | (?P<dby>(?:the\s+)?day\s+before\s+yesterday)\b
      | (?P<yest>yesterdays?|yday|yest|last\s+(?:night|nite|evening|eve)){_POSS}\b
      | (?P<today>(?:earlier\s+)?today|tonight|just\s+now|right\s+now|earlier(?=\s*(?:$|[.,;!)]))|
          (?:earlier\s+)?this\s+(?:morning|afternoon|evening|am|pm)){_POSS}\b
      | (?P<wkend_last>(?:last|this\s+past|past)\s+(?:weekend|wknd)){_POSS}\b
      | (?P<wkend>(?P<wk_over>over\s+)?(?:this|the)\s+(?:weekend|wknd)|wknd){_POSS}\b
      | last\s+(?P<lastp>week|wk|month){_POSS}\b
      | (?:(?P<wd_last>last|this\s+past|past)\s+|this\s+)?(?P<wd>{_WD}){_POSS}\b{_WD_DAY.format("wdn")}
      | (?:(?P<wda_last>last|this\s+past|past)\s+)?(?P<wda>{_WDA})\b\.?{_WD_DAY.format("wdn2")}
      | (?<!\d[.,])(?P<dm>(?:the\s+)?\d{{1,2}}{_ORD}(?:\s+(?:of\s+)?|-)(?:{_MONTHS})\b\.?
          (?:,?[\s-]+\d{{4}}\b|(?P<dm_yy>[\s-]+'?\d{{2}}(?=\s*(?:$|[.,;:)|\u2014\u2013]|\s-\s))))?)
          (?!\.?\s*\d{{1,2}}(?:st|nd|rd|th)?\b(?![:/.-]?\d))
      | (?P<md>(?:{_MONTHS})\b\.?(?:\s+|-)(?:the\s+)?\d{{1,2}}{_ORD}\b(?:,?[\s-]+\d{{4}}\b)?)
      | (?P<iso8>(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?![\w.,/-])
      | (?P<iso>\d{{4}}(?P<isep>[-/.])\d{{1,2}}(?P=isep)\d{{1,2}})(?![\w-])
      | (?P<n1>\d{{1,2}})(?P<nsep>[/.-])(?P<n2>\d{{1,2}})(?P=nsep)(?P<n3>\d{{4}}|\d{{2}})(?![\w/.-]?\w)
      | (?P<s1>\d{{1,2}})/(?P<s2>\d{{1,2}})(?![\w/]|[.,]\d)
      | (?P<d1>\d{{2}})-(?P<d2>\d{{2}})(?![\w/-]|[.,]\d)
      | (?P<p1>\d{{1,2}})\.(?P<p2>\d{{2}})(?![\w/-]|[.,]\d)
      | (?P<ord>(?P<the>the\s+)?(?P<ord_d>\d{{1,2}})(?:st|nd|rd|th))\b
    )
    (?P<pod>\s+(?:in\s+the\s+)?(?:morning|afternoon|evening|night|nite|am|pm)\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_EXPLICIT = ("iso", "iso8", "n1", "s1", "d1", "p1", "dm", "md", "ord")
_SLASH_NOT_AFTER = frozenset(
    "module mod part unit week wk session lesson chapter ch section level lvl step phase "
    "day no number page video episode ep quiz test score scored grade of".split()
)
_MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


_SPAN_CUE = re.compile(
    r"\b(?:did|done|completed|finished|took|spread|over|within|across|total|all)\b", re.IGNORECASE
)


_ORDINAL_NOT_AFTER = _SLASH_NOT_AFTER | frozenset("my our his her their a an the".split())


def _accept_date(m: re.Match[str], text: str) -> bool:
    """Drop matches that are more likely part of the title: 'sun salutation', 'module 3/5'."""
    after = text[m.end() :]
    word_before = text[: m.start()].replace(_MASK, " ").split()[-1:]
    prev = word_before[0].lower() if word_before else ""
    if m.group("on"):
        return True
    if m.group("in_n"):
        # "course in 3 days" is still to come; "done in 2 days", "16h over ... in 2 days" a span
        return not _SPAN_CUE.search(text)
    if m.group("s1") or m.group("d1") or m.group("p1"):
        return _accept_day_month(m, prev, after)
    if m.group("wda") and not m.group("wda_last") and not m.group("pod"):
        # a bare "sat" / "Sun": only at the end, before punctuation, or before a date;
        # "mon", "tue", "wed", "thu", "fri" are no English words: anywhere but after "the"
        if m.group("wda").lower() not in ("sat", "sun"):
            return prev != "the"
        if prev == "the" or re.match(r"\s*[\w'\u2019]", after):
            return bool(re.match(rf"\s*,?\s*(?:\d|(?:{_MONTHS})\b)", after, re.IGNORECASE))
        return True
    if m.group("wkend") and not m.group("wk_over"):
        # "the weekend course" is a title; "this weekend", "over the weekend" are dates
        return not re.match(r"\s+[a-z]", after, re.IGNORECASE) or prev in ("during", "over")
    if m.group("ord") and re.fullmatch(rf"(?:{_WD}|{_WDA})\.?,?", prev, re.IGNORECASE):
        return True  # "Monday 23rd"
    if m.group("ord"):
        # "the 3rd", "27th" are dates only at the end or before punctuation; "on the 3rd" always;
        # "Level 2nd", "my 3rd" are not
        if re.match(r"\s*[\w'\u2019]", after):
            return False
        return bool(m.group("the")) or prev not in _ORDINAL_NOT_AFTER
    return True


# "20/10 protocol", "30/30 intervals", "10-12 reps": counts, not dates
_DAY_MONTH_NOT_BEFORE = re.compile(
    r"\s*(?:days?|of|protocols?|intervals?|splits?|ratios?|breathing|vision|rule|method|"
    r"format|work|rest|sets?|reps?|seconds?|secs?|s|x|kg|kgs|lbs?|%)(?!\w)",
    re.IGNORECASE,
)
_DOTTED_BEFORE = frozenset("on in at date dated from".split())


def _accept_day_month(m: re.Match[str], prev: str, after: str) -> bool:
    """'11/3', '11-03', '25.11' without a year: a date unless it reads as a count or a version.

    Dashed ones ("11-03", two digits each) and dotted ones ("25.11", day first) need "on",
    "in", "at", "date" before them or nothing but punctuation after them ("Kids 10-12 yoga").
    """
    first = "s1" if m.group("s1") else "d1" if m.group("d1") else "p1"
    a, b = m.group(first), m.group(first[0] + "2")
    if m.group(0) == "24/7" or prev.rstrip(":#") in _SLASH_NOT_AFTER or prev.endswith("#"):
        return False
    if int(a) > 12 and int(b) > 12:
        return False  # "30/30": no reading is a date
    if _DAY_MONTH_NOT_BEFORE.match(after):
        return False
    if m.group("p1") or m.group("d1"):
        at_end = not re.match(r"\s*[\w'\u2019]", after)
        if m.group("p1") and int(b) > 12:
            return False
        return not prev or prev.rstrip(":") in _DOTTED_BEFORE or at_end
    return True


def _weekday_date(today: date, weekday: int, strictly_before: bool) -> date:
    delta = (today.weekday() - weekday) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return today - timedelta(days=delta)


def _weekend_date(today: date, last: bool) -> date:
    """The Saturday of "this weekend" (today's, or the one just gone) or of "last weekend"."""
    back = (today.weekday() - 5) % 7
    if last and today.weekday() >= 5:
        back += 7
    return today - timedelta(days=back)


def _year(raw: str, today: date) -> int:
    year = int(raw)
    if len(raw) == 2:
        year += 2000
        if year > today.year:
            year -= 100
    return year


def _make_date(year: int, month: int, day: int, shown: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise LogError(
            f"I couldn't read the date {html.escape(shown)}. Try: /log 3h workshop 2026-10-03"
        ) from None


def _numeric_date(
    a: str, b: str, year: int | None, today: date, shown: str, sep: str, month_first: bool | None
) -> Reading:
    """11/3 is read by the one date reader (tracker.dates): month first for US zones, day first
    elsewhere, the most recent past reading with no preference; the other valid reading is kept
    so the user can be asked. Dotted dates are day first (10.3.2026 is 10 March), as where they
    are written that way, and never ambiguous."""
    x, y = int(a), int(b)
    if sep == ".":
        first = 1 <= y <= 12
        month, day = (y, x) if first else (x, y)
        try:
            found = date_reader.numeric(month, day, year, today, month_first=True, when="past")
        except date_reader.DateError:
            found = None
        if found is not None and (found.chosen.month, found.chosen.day) == (month, day):
            return Reading(found.chosen)
    else:
        try:
            return date_reader.numeric(x, y, year, today, month_first=month_first, when="past")
        except date_reader.DateError:
            pass
    raise LogError(
        f"I couldn't read the date {html.escape(shown)}. Try: /log 3h workshop 2026-10-03"
    )


def _ordinal_date(day: int, today: date, shown: str) -> date:
    """'the 3rd': that day of this month, or of the latest month it has been."""
    year, month = today.year, today.month
    for _ in range(13):
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
        if found is not None and found <= today:
            return found
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    raise LogError(
        f"I couldn't read the date {html.escape(shown)}. Try: /log 3h workshop 2026-10-03"
    )


def _dateparser_date(phrase: str, today: date) -> date:
    import dateparser  # lazy: only month-name dates need it

    settings = {
        "RELATIVE_BASE": datetime(today.year, today.month, today.day),
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "REQUIRE_PARTS": ["day", "month"],
    }
    try:
        parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    except Exception:  # noqa: BLE001 - a third-party parser must not crash /log
        parsed = None
    if parsed is None:
        raise LogError(
            f"I couldn't read the date {html.escape(phrase)}. Try: /log 3h workshop 3 Oct"
        )
    return parsed.date()


def _resolve_date(m: re.Match[str], today: date, month_first: bool | None = None) -> Reading:
    """The date `m` says, with the other reading of an ambiguous numeric date."""
    g = m.groupdict()
    if g["n1"]:
        year = _year(g["n3"], today)
        return _numeric_date(g["n1"], g["n2"], year, today, _shown(m), g["nsep"], month_first)
    if g["s1"]:
        return _numeric_date(g["s1"], g["s2"], None, today, _shown(m), "/", month_first)
    if g["d1"]:
        return _numeric_date(g["d1"], g["d2"], None, today, _shown(m), "-", month_first)
    if g["p1"]:
        return _numeric_date(g["p1"], g["p2"], None, today, _shown(m), ".", month_first)
    return Reading(_resolve_words(m, today))


def _shown(m: re.Match[str]) -> str:
    return re.sub(r"^on\s+", "", m.group(0).strip(), flags=re.IGNORECASE)


def _resolve_words(m: re.Match[str], today: date) -> date:
    g = m.groupdict()
    shown = re.sub(r"^on\s+", "", m.group(0).strip(), flags=re.IGNORECASE)
    if g["future"]:
        raise LogError("You can only log what you've already done. Try: /log 3h workshop today")
    if g["few"]:
        raise LogError("Which day was it, roughly? Try: /log 3h workshop 3 days ago")
    if g["ago"] or g["agob"]:
        n = int(_number(g["ago_n"] or g["agob_n"]))
        unit = (g["ago_u"] or g["agob_u"]).lower()
        if n > 100 * 12:
            raise LogError("That's too long ago. Try: /log 3h workshop 2 days ago")
        if unit.startswith("h"):
            return today - timedelta(days=n // 24)  # "3 hours ago": today (no clock here)
        if unit.startswith("m") and not unit.startswith("mo"):
            return today
        if unit.startswith("day"):
            return today - timedelta(days=n)
        if unit.startswith("w"):
            return today - timedelta(weeks=n)
        if unit.startswith("y"):
            return add_months(today, -12 * n)
        return add_months(today, -n)
    if g["dby"]:
        return today - timedelta(days=2)
    if g["yest"]:
        return today - timedelta(days=1)
    if g["today"]:
        return today
    if g["wkend_last"] or g["wkend"]:
        return _weekend_date(today, last=bool(g["wkend_last"]))
    if g["lastp"]:
        if g["lastp"].lower() in ("week", "wk"):
            return today - timedelta(days=7)
        return add_months(today, -1)
    if g["wdn"] or g["wdn2"]:
        return _ordinal_date(int(g["wdn"] or g["wdn2"]), today, shown)
    if g["wd"]:
        return _weekday_date(today, _WEEKDAYS.index(g["wd"].lower()), bool(g["wd_last"]))
    if g["wda"]:
        return _weekday_date(today, _WEEKDAY_ABBR[g["wda"].lower()], bool(g["wda_last"]))
    if g["iso"]:
        y, mo, d = (int(p) for p in re.split(r"[-/.]", g["iso"]))
        return _make_date(y, mo, d, g["iso"])
    if g["iso8"]:
        raw = g["iso8"]
        return _make_date(int(raw[:4]), int(raw[4:6]), int(raw[6:]), raw)
    if g["ord"]:
        return _ordinal_date(int(g["ord_d"]), today, shown)
    phrase = g["dm"] or g["md"]
    if g["dm_yy"]:  # "03 Nov 26": a two-digit year
        head = phrase[: len(phrase) - len(g["dm_yy"])]
        phrase = f"{head} {_year(re.sub(r'[^0-9]', '', g['dm_yy']), today)}"
    return _dateparser_date(re.sub(r"[\s-]+", " ", phrase), today)


# a certificate's label or a verb just before its date goes with it: "Issued 11/02/2026",
# "Date Completed: 11/12/2026", "Date of completion: 14 Nov", "fascia release - completed 18 Nov"
_DATE_LEAD = re.compile(
    r"(?<![\w])(?:(?:date|day)\s+(?:of\s+)?(?:completion|completed|issue|issued|award|awarded|"
    r"attendance|course|event)|(?:completion|completed|issue|issued|award|awarded|attendance|"
    r"course|event|finish|finished)\s+date|issued|completed|awarded|dated|finished|attended|"
    r"held|taken|done|granted)(?:\s+on)?\s*[:=\-]?\s*$",
    re.IGNORECASE,
)


def _find_date(
    text: str, today: date, month_first: bool | None = None
) -> tuple[Reading, list[tuple[int, int]]] | None:
    """The one date in `text` and the spans that say it.

    An explicit date beats a weekday written with it ("Saturday Nov 21", "Fri 11/27").
    """
    blanked = []
    if "-" in text or "\u2013" in text or "&" in text or re.search("and|to|thr", text, re.I):
        for span in _DAY_SPAN.finditer(text):
            a, b, j = (span.group(k) or span.group(k + "2") for k in ("a", "b", "j"))
            word_before = text[: span.start()].split()[-1:]
            prev = word_before[0].lower().strip(".:#,") if word_before else ""
            if int(a) < int(b) and prev not in (*_COUNT_WORDS.split("|"), "of"):
                start = span.start("j") if span.group("j") else span.start("j2")
                blanked.append((start, start + len(j)))
        for start, end in blanked:
            text = text[:start] + " " * (end - start) + text[end:]
    matches = [m for m in _DATE.finditer(text) if _accept_date(m, text)]
    if not matches:
        return None
    explicit = [m for m in matches if any(m.group(k) for k in _EXPLICIT)]
    weekday = [m for m in matches if m.group("wd") or m.group("wda")]
    used = [m for m in matches if not (explicit and m in weekday)]
    readings = [_resolve_date(m, today, month_first) for m in used]
    dates = {r.chosen for r in readings}
    if (
        len(dates) == 2
        and len(used) == 2
        and all(any(m.group(k) for k in _SPAN_KINDS) for m in used)
        and _JOIN_RE.fullmatch(text, used[0].end(), used[1].start())
    ):
        # "Sat & Sun", "Nov 21 - Nov 22": the first day, on or before the second
        first, second = (r.chosen for r in readings)
        if first > second and (used[0].group("wd") or used[0].group("wda")):
            first -= timedelta(days=7)
        dates = {first} if first <= second else dates
    if len(dates) > 1:
        raise LogError("I found more than one date. Try: /log 3h workshop yesterday")
    (when,) = dates
    if when > today:
        raise LogError(
            f"That date ({date_reader.long_date(when)}) is in the future. Try: /log 3h workshop today"
        )
    if when < EARLIEST:
        raise LogError("That date is before 1970. Try: /log 3h workshop 2026-10-03")
    if when < add_months(today, -12 * MAX_YEARS_BACK):
        raise LogError(
            f"That's more than {MAX_YEARS_BACK} years ago, too long ago to count toward a renewal. "
            "Try: /log 3h workshop 2026-10-03"
        )
    spans = []
    for m in matches:
        lead = _DATE_LEAD.search(text, 0, m.start())
        spans.append((lead.start() if lead else m.start(), m.end()))
    other = readings[0].other if len(readings) == 1 else None
    return Reading(when, other), spans + blanked


# --------------------------------------------------------------------------- providers

_PROVIDER_KW = re.compile(
    r"(?<![\w@])(?:provider\s*:\s*|provider\s+|"
    r"(?:(?:hosted|presented|taught|run|led|given|offered|organi[sz]ed|delivered|sponsored|"
    r"provided|put\s+on)\s+)?(?:from|by|via)\s+|@\s*)",
    re.IGNORECASE,
)
_PROVIDER_STOP = frozenset(
    "on about at for in with course courses and to during of regarding re".split()
)
_PROVIDER_NOT = frozenset("home work scratch hand step me myself heart zoom phone video".split())
_PROVIDER_WORD = re.compile(r" *([^\s\x00,;()\[\]|!?]+)")


def _find_provider(text: str) -> tuple[str, int, int] | None:
    """The provider named in `text`; "provider X" wins over "by X" / "from X" ("webinar by NASM
    provider Power Systems": NASM is the body, Power Systems the provider)."""
    keywords = sorted(
        _PROVIDER_KW.finditer(text), key=lambda kw: not kw.group(0).lower().startswith("provider")
    )
    for kw in keywords:
        pos = kw.end()
        rest = text[pos:]
        lead = re.match(r"the\s+", rest, re.IGNORECASE)
        offset = lead.end() if lead else 0
        bodies = _bodies_in(rest[offset:])
        if bodies and bodies[0][1] == 0 and not rest[offset : offset + bodies[0][2]].count(_MASK):
            end = pos + offset + bodies[0][2]
            return text[pos + offset : end], kw.start(), end
        words: list[tuple[str, int]] = []
        cursor = pos
        while len(words) < 6:
            w = _PROVIDER_WORD.match(text, cursor)
            if not w:
                break
            word = w.group(1)
            if word.lower() in _PROVIDER_STOP or word.lower() == "#" or word.startswith("#"):
                break
            words.append((word, w.end(1)))
            cursor = w.end(1)
        if not words:
            continue
        first = words[0][0].lower().strip(".")
        if first in _PROVIDER_NOT or first in ("a", "an") or first[:1].isdigit():
            continue
        name = text[pos : words[-1][1]].rstrip(".:-'\"")
        if not name.strip():
            continue
        return re.sub(r"\s+", " ", name).strip()[:100], kw.start(), pos + len(name)
    return None


# --------------------------------------------------------------------------- titles

_EDGE_WORDS = frozenset("a an the of on at in for and with to from by via @ & + i my".split())
_EDGE_PUNCT = " \t.,;:!?-\u2013\u2014/|\\*~_="
_CPR = re.compile(r"\b(?:cpr|aed|bls|first[\s-]?aid)\b", re.IGNORECASE)


_PUNCT_RUN = re.compile(r"([,;:])(?:\s*[,;:])+")
_SEPARATORS = "-\u2013\u2014|\u00b7\u2022"
_SEPARATOR_RUN = re.compile(rf"(\s[{_SEPARATORS}])(?:\s+[{_SEPARATORS}])+(?=\s)")


# "Duration: 2h, Date: 11/20, Topic: mobility": labels whose values were taken out, and "Topic:"
_EMPTY_LABEL = re.compile(
    r"\b(?:duration|date|dates|time|length|when|day|hours|hrs|credits|ceus?|cecs?)\s*[:=]\s*"
    r"(?=\x00|$|[,;|])|\b(?:topic|title|subject|course\s+title|name)\s*:\s*",
    re.IGNORECASE,
)


# "Course: Fascia Release" at the start or after a separator (not "Kettlebell course: 3h")
_COURSE_LABEL = re.compile(
    r"(^[\s\x00]*|[|;,.\u2014\u2013\x00]\s*|\s-\s+)(?:course|program|programme)\s*:\s*(?=\w)",
    re.IGNORECASE,
)
# a pasted certificate's heading: "Certificate of Completion — Functional Training Specialist"
_CERTIFICATE_HEADING = re.compile(
    r"^\s*(?:certificate\s+of\s+(?:completion|achievement|attendance|participation)|"
    r"(?:completion|attendance)\s+certificate)\s*[:|\u2014\u2013-]+\s*(?=\w)",
    re.IGNORECASE,
)


def _tidy_title(raw: str, empty: str = "activity") -> str:
    if ":" in raw or "=" in raw:
        raw = _EMPTY_LABEL.sub(" ", raw)
        raw = _COURSE_LABEL.sub(r"\1", raw)
    text = re.sub(r"\s+", " ", raw.replace(_MASK, " ")).strip()
    if text[:1] in "Cc":
        text = _CERTIFICATE_HEADING.sub("", text)
    text = re.sub(r"\(\s*\)|\[\s*\]|\{\s*\}", " ", text)
    text = re.sub(r"\s+([,;:.!?])", r"\1", re.sub(r"\s+", " ", text)).strip()
    if ",," in text or ", " in text or ";" in text or ":" in text:
        text = _PUNCT_RUN.sub(r"\1", text)  # "cert,, Nov" once the amount is out
    if " " in text and any(c in text for c in _SEPARATORS):
        text = _SEPARATOR_RUN.sub(r"\1", text)  # "ISSA - - Nutrition": one separator is enough
    previous = None
    while text != previous:
        previous = text
        text = text.strip(_EDGE_PUNCT)
        for opener, closer in (("(", ")"), ("[", "]")):
            if text.endswith(opener):
                text = text[:-1]
            if text.startswith(closer):
                text = text[1:]
            if text.count(opener) < text.count(closer) and text.endswith(closer):
                text = text[:-1]
            if text.count(opener) > text.count(closer) and text.startswith(opener):
                text = text[1:]
        words = text.split(" ")
        while words and words[0].lower() in _EDGE_WORDS:
            words.pop(0)
        while words and words[-1].lower() in _EDGE_WORDS:
            words.pop()
        text = " ".join(words).strip()
    if len(text) > MAX_TITLE:
        cut = text[: MAX_TITLE - 1]
        if " " in cut[MAX_TITLE // 2 :]:
            cut = cut.rsplit(" ", 1)[0]
        text = cut.rstrip(_EDGE_PUNCT) + "\u2026"
    return text or empty


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


def _amount(credits: float, unit: str) -> str:
    """'1 CEU', '2 CEUs', '0.5 CEU'."""
    return f"{credits:g} {unit}" + ("s" if credits > 1 else "")


def _convert(credits: float, unit: str, rule: Rule) -> float:
    if rule.hours_per_unit is None:
        raise LogError(
            f"{rule.code} doesn't state how many hours make a {rule.unit}, so I can't convert "
            f"{_amount(credits, unit)}. Log the hours instead. Try: {EXAMPLE}"
        )
    hours = round(rule.units_to_hours(credits), 6)
    if hours > MAX_HOURS:
        raise LogError(
            f"{_amount(credits, f'{rule.code} {rule.unit}')} is {hours:g} hours, "
            f"more than I accept in one entry. Try: {CREDIT_EXAMPLE}"
        )
    return hours


def credit_hours(parsed: ParsedLog, held: Sequence[str]) -> float:
    """Hours for the entry: the duration, or the credits at the right body's hours per unit.

    Never guesses hours from the acronym: an unnamed body is taken only when exactly one held
    certification uses that unit name; otherwise NeedBody lists the bodies to ask about.
    """
    if parsed.credits is None or parsed.credit_unit is None:
        if parsed.hours is None:
            raise LogError(f"I couldn't find a duration. Try: {EXAMPLE}")
        return parsed.hours
    rules = load_rules()
    unit = parsed.credit_unit.upper()
    if parsed.body is not None and parsed.body in rules:
        rule = rules[parsed.body]
        if not rule.trackable and parsed.hours is not None:
            return parsed.hours
        return _convert(parsed.credits, unit, rule)
    held_codes = list(dict.fromkeys(c.strip().upper() for c in held))
    matching = [c for c in held_codes if c in rules and rules[c].unit.upper() == unit]
    if len(matching) == 1 and (rules[matching[0]].trackable or parsed.hours is None):
        return _convert(parsed.credits, unit, rules[matching[0]])
    if parsed.hours is not None:
        return parsed.hours
    candidates = matching or [
        code for code, rule in rules.items() if rule.unit.upper() == unit and rule.trackable
    ]
    options = ", ".join(candidates[:-1]) + (" or " if len(candidates) > 1 else "") + candidates[-1]
    raise NeedBody(
        f"Which body is the {_amount(parsed.credits, unit)} from: {options}? "
        f"Try: /log {parsed.credits:g} {unit} {candidates[0]} course",
        tuple(candidates),
    )


# --------------------------------------------------------------------------- free text

_QUESTION_START = re.compile(
    r"^\s*(?:how|what|what's|whats|which|when|where|why|who|whom|whose|do|does|can|could|"
    r"should|would|will|is|are|am|was|were|may|might|shall|must|has|any|anyone|is\s+it|"
    r"did\s+(?:i|you|we|they|he|she|it)|have\s+(?:i|you|we|they)|tell\s+me|explain|help)\b",
    re.IGNORECASE,
)
_NOT_A_REPORT = re.compile(
    r"n't\b|n\u2019t\b|\b(?:not|never|no\s+longer|will|shall|'ll|going\s+to|gonna|plan|"
    r"planning|planned|want|wanna|wants|need|needs|should|would|could|might|maybe|hope|hoping|"
    r"tomorrow|next|if|whether|thinking|register|registered|registering|sign\s+up|"
    r"signing\s+up|signed\s+up|enroll|enrolled|enrolling|book|booked|upcoming|soon|later|"
    r"count|counts|worth|took\s+(?:me|us|him|her|them|ages|forever)|wish|wished|"
    r"cancel(?:l?ed)?|postponed|rescheduled|missed|skipped)\b",
    re.IGNORECASE,
)
_PAST = (
    r"(?:did|done|finished|completed|attended|took|taken|watched|went|participated|joined|"
    r"passed|earned|got|spent|sat|wrapped|studied)"
)
# someone else's activity: "my client did a 2h course", "she completed 0.5 CEU"
_OTHER_PERSON = re.compile(
    r"\b(?:he|she|they|someone|somebody|everyone|everybody|(?:my|our|his|her|their|a|the)\s+"
    r"(?:\w+\s+)?(?:clients?|wife|husband|partner|friends?|co-?workers?|colleagues?|students?|"
    r"boss|manager|son|daughter|kids?|mom|mum|dad|brother|sister|instructors?|trainers?|"
    r"coach|team|members?|boyfriend|girlfriend|trainees?|staff|mentee))"
    r"(?:'s|\u2019s|'ve|\u2019ve|\s+has|\s+have|\s+had)?"
    rf"\s+(?:just\s+|finally\s+|also\s+|already\s+)?{_PAST}\b",
    re.IGNORECASE,
)
# teaching is not attending: "just finished teaching a 2h workshop", "I presented a webinar"
_TEACHING = re.compile(
    r"\b(?:taught|presented|hosted)\s+(?:a|an|the|my|our)\b|"
    r"\b(?:finished|did|done|completed|just)\s+(?:teaching|presenting|hosting|leading)\b",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(?:did|done|finished|completed|attended|took|taken|watched|went\s+to|participated|"
    r"joined|passed|earned|got|spent|sat|wrapped|logged|studied|renewed|had|"
    r"went\s+through|listened\s+to|followed)\b",
    re.IGNORECASE,
)
_EDUCATION_CUE = re.compile(
    r"\b(?:workshops?|courses?|coursework|webinars?|seminars?|lectures?|conferences?|"
    r"trainings?|in-service|refresher|certifications?|cert|recert|modules?|ceus?|cecs?|"
    r"credits?|cpr|aed|bls|first[\s-]?aid|clinic|summit|symposium|convention|masterclass|"
    r"tutorial|quiz|exam|continuing\s+education|ce)\b",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^(?:(?:so|well|ok|okay|yay|yes|hey|hi|hello|also|and|btw|fyi|update)"
    r"\b[\s,!.:-]*)+",
    re.IGNORECASE,
)
_SUBJECT_VERB = re.compile(
    r"(?<![\w'])(?:(?:i'm|i\u2019m|im|we're|we\u2019re|i|we)(?:'ve|\u2019ve|\s+have|'d|\s+had)?\s+)?"
    r"(?:just\s+|finally\s+|"
    r"also\s+)?(?:(?:got\s+)?done\s+with|did|done|finished(?:\s+up)?|completed|attended|took|taken|watched|went\s+to|"
    r"participated\s+in|joined|passed|earned|got\s+back\s+from|got|spent|sat(?:\s+in\s+on)?|"
    r"wrapped(?:\s+up)?|studied|had|went\s+through|listened\s+to|followed)\b"
    r"(?:\s+(?:(?:a|an)(?!\s+(?:hour|half|quarter|couple|few)\b)|the|my|another|in|on|at|for)\b)*",
    re.IGNORECASE,
)


# what the duration was spent on, when it is not education: "a 30 min run then went to the
# course", "2 hours of sleep before the course", "took 2 hours to drive to the workshop"
_NOT_CE_AFTER = re.compile(
    r"[\s-]*(?:(?:of|on|doing|in|at)\s+)?(?:(?:a|an|the|my|some)\s+)?(?:\w+\s+)?"
    r"(?:sleep|nap|run|runs|running|jog|jogging|walk|walking|hike|swim|swimming|ride|bike|drive|"
    r"driving|commute|commuting|travel|travelling|traveling|traffic|wait|waiting|cardio|hiit|"
    r"workout|lifting|shift|break|lunch|dinner|movie|gym|stretching|cleaning|housework|rest)\b"
    r"(?!\s+(?:[\w-]+\s+)?(?:course|workshop|webinar|seminar|certification|cert|training|lecture|"
    r"clinic|module|instructor|specialist|conference|class))",
    re.IGNORECASE,
)
_TRAVEL_AFTER = re.compile(
    r"\s+(?:to|just\s+to)\s+(?:drive|get|commute|travel|walk|arrive|reach|park|fly|find|set\s+up)\b",
    re.IGNORECASE,
)


def looks_like_log(text: str) -> bool:
    """Free text that clearly reports a finished continuing-education activity with an amount.

    Conservative: needs a duration or credits, a past-tense activity verb and an education word
    (or credits), and no question, negation, plan or condition.
    """
    try:
        clean = _clean(text).strip()
        if not clean or clean.startswith("/") or len(clean) > MAX_TEXT or "?" in clean:
            return False
        if _QUESTION_START.match(clean) or _NOT_A_REPORT.search(clean):
            return False
        if _OTHER_PERSON.search(clean) or _TEACHING.search(clean):
            return False
        if not _PAST_CUE.search(clean) or not _EDUCATION_CUE.search(clean):
            return False
        if _find_credits(clean):
            return True
        durations = _find_durations(clean)
        return bool(durations) and not any(
            _NOT_CE_AFTER.match(clean, d.end) or _TRAVEL_AFTER.match(clean, d.end)
            for d in durations
        )
    except LogError:
        return False


def parse_free_text_log(text: str, today: date, month_first: bool | None = None) -> ParsedLog:
    """Parse a sentence like "I did a 3 hour kettlebell workshop yesterday"."""
    clean = _LEAD_IN.sub("", _clean(text).strip())
    clean = _SUBJECT_VERB.sub(" ", clean, count=1)
    return parse_log(clean, today, month_first)
