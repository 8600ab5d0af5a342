"""The date recogniser: relative days, weekdays, month names and numeric dates.

- A weekday alone ("friday", "on friday") is the most recent such day, today included; "last
  friday" the most recent one strictly before today. "last week" is 7 days back, "last month"
  one calendar month. A bare "sat"/"Sun" is a date only at the end, before punctuation or a date
  ("yoga in the sun" is not); "mon" ... "fri" are dates anywhere but after "the". An explicit
  date beats a weekday written with it ("Saturday Nov 21", "Fri 11/27"). A part of the day goes
  with its date ("Friday evening", "yesterday am").
- Weekends are their Saturday: "this weekend" is today's or the one just gone, "last weekend"
  the one before when said on a weekend; "the weekend course" is a title. A course over days is
  logged on its first day: "Sat & Sun", "Nov 21-22", "21 & 22 Nov".
- "N days/weeks/months/years ago", "2 days back", "before 3 days"; "3 hours ago", "just now"
  are today. Vague ones are refused with a question ("the other day", "a while ago", "this
  week"); so are future ones ("tomorrow", "next week", "in 3 days" unless it was a span: "done
  in 2 days"), dates before 1970 and dates more than 5 years back.
- Numeric dates: ISO 2026-10-03 (also 2026/10/03, 20261103); slashed and dashed ones are read by
  the one date reader (tracker/dates.py): month first for US users, day first elsewhere, and
  with no preference the most recent past reading; when both readings are valid the other one
  is returned (`other_date`) so the handler can ask. Dotted dates are day first (10.3.2026 is
  10 March). Day/month without a year is a date unless it reads as a count ("module 3/5",
  "24/7", "Tabata 20/10 protocol", "30/30 intervals"); two-digit dashed "11-03" and dotted
  "25.11" only at the start or end, before punctuation or after "on"/"in"/"at"/"date" ("Kids
  10-12 yoga" is a title). "the 3rd", "Monday 23rd", a bare "27th" at the end are that day of
  this month or, if still to come, of the previous one. "3-Nov-2026", "03 Nov 26".
- Certificate labels before a date go with it: "Issued", "Completed", "Date Completed:".
- Month-name dates use dateparser, imported lazily, only for them ("3 Oct", "October 3rd, 2025").
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from knowledge.rules import add_months
from tracker import dates as date_reader
from tracker.activities.amounts import _COUNT_WORDS, _MONTHS, _ORD_SUFFIX
from tracker.activities.lexicon import words
from tracker.activities.model import EARLIEST, MAX_YEARS_BACK, LogError
from tracker.activities.text import _WORD
from tracker.activities.tokens import NUMBER, Tokens
from tracker.dates import Reading

# --------------------------------------------------------------------------- dates

_WEEKDAYS = tuple(words()["dates"]["weekdays"])
_WEEKDAY_ABBR: dict[str, int] = words()["dates"]["weekday_abbreviations"]
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
_SLASH_NOT_AFTER = frozenset(words()["dates"]["not_after"])

# the words a date can start with (numeric dates start with a number): "on", "last", "the",
# "two days ago", day and month names
_DATE_FIRST = frozenset(
    (*_WEEKDAYS, *_WEEKDAY_ABBR, *words()["dates"]["months"], "on", "tomorrow", "tmrw", "tmr",
     "next", "in", "a", "few", "several", "the", "this", "earlier", "during", "day", "yesterday",
     "yesterdays", "yday", "yest", "last", "today", "tonight", "just", "right", "past", "over",
     "wknd", "before", *(re.split(r"[\s-]", w)[0] for w in words()["numbers"]["words"]))
)  # fmt: skip

_SPAN_CUE = re.compile(
    r"\b(?:did|done|completed|finished|took|spread|over|within|across|total|all)\b", re.IGNORECASE
)


_ORDINAL_NOT_AFTER = _SLASH_NOT_AFTER | frozenset(words()["dates"]["ordinal_not_after"])
_WORD_AFTER = re.compile(r"\s*[\w'\u2019]")
_DATE_AFTER = re.compile(rf"\s*,?\s*(?:\d|(?:{_MONTHS})\b)", re.IGNORECASE)
_LETTER_WORD_AFTER = re.compile(r"\s+[a-z]", re.IGNORECASE)
_WEEKDAY_WORD = re.compile(rf"(?:{_WD}|{_WDA})\.?,?", re.IGNORECASE)


def _accept_date(m: re.Match[str], text: str, prev: str) -> bool:
    """Drop matches that are more likely part of the title: 'sun salutation', 'module 3/5'.

    `prev` is the word before the match, lowercased."""
    after = text[m.end() :]
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
        if prev == "the" or _WORD_AFTER.match(after):
            return bool(_DATE_AFTER.match(after))
        return True
    if m.group("wkend") and not m.group("wk_over"):
        # "the weekend course" is a title; "this weekend", "over the weekend" are dates
        return not _LETTER_WORD_AFTER.match(after) or prev in ("during", "over")
    if m.group("ord") and _WEEKDAY_WORD.fullmatch(prev):
        return True  # "Monday 23rd"
    if m.group("ord"):
        # "the 3rd", "27th" are dates only at the end or before punctuation; "on the 3rd" always;
        # "Level 2nd", "my 3rd" are not
        if _WORD_AFTER.match(after):
            return False
        return bool(m.group("the")) or prev not in _ORDINAL_NOT_AFTER
    return True


# "20/10 protocol", "30/30 intervals", "10-12 reps": counts, not dates
_DAY_MONTH_NOT_BEFORE = re.compile(
    r"\s*(?:days?|of|protocols?|intervals?|splits?|ratios?|breathing|vision|rule|method|"
    r"format|work|rest|sets?|reps?|seconds?|secs?|s|x|kg|kgs|lbs?|%)(?!\w)",
    re.IGNORECASE,
)
_DOTTED_BEFORE = frozenset(words()["dates"]["dotted_after"])


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
        at_end = not _WORD_AFTER.match(after)
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
            f"I couldn't read the date {shown}. Try: /log 3h workshop 2026-10-03"
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
    raise LogError(f"I couldn't read the date {shown}. Try: /log 3h workshop 2026-10-03")


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
    raise LogError(f"I couldn't read the date {shown}. Try: /log 3h workshop 2026-10-03")


def _dateparser_date(phrase: str, today: date) -> date:
    found = date_reader.month_name_date(phrase, today)
    if found is None:
        raise LogError(f"I couldn't read the date {phrase}. Try: /log 3h workshop 3 Oct")
    return found


def _resolve_date(
    tokens: Tokens, m: re.Match[str], today: date, month_first: bool | None = None
) -> Reading:
    """The date `m` says, with the other reading of an ambiguous numeric date."""
    g = m.group  # a group at a time: cheaper than groupdict() for this many groups
    if g("n1"):
        year = _year(g("n3"), today)
        return _numeric_date(g("n1"), g("n2"), year, today, _shown(m), g("nsep"), month_first)
    if g("s1"):
        return _numeric_date(g("s1"), g("s2"), None, today, _shown(m), "/", month_first)
    if g("d1"):
        return _numeric_date(g("d1"), g("d2"), None, today, _shown(m), "-", month_first)
    if g("p1"):
        return _numeric_date(g("p1"), g("p2"), None, today, _shown(m), ".", month_first)
    return Reading(_resolve_words(tokens, m, today))


_ON_LEAD = re.compile(r"^on\s+", re.IGNORECASE)


def _shown(m: re.Match[str]) -> str:
    return _ON_LEAD.sub("", m.group(0).strip())


_TOO_OLD = (
    f"That's more than {MAX_YEARS_BACK} years ago, too long ago to count toward a renewal. "
    "Try: /log 3h workshop 2026-10-03"
)


_ISO_SEP = re.compile(r"[-/.]")
_NOT_DIGIT = re.compile(r"[^0-9]")
_SPACES_DASHES = re.compile(r"[\s-]+")


def _resolve_words(tokens: Tokens, m: re.Match[str], today: date) -> date:
    g = m.group  # a group at a time: cheaper than groupdict() for this many groups
    if g("future"):
        raise LogError("You can only log what you've already done. Try: /log 3h workshop today")
    if g("few"):
        raise LogError("Which day was it, roughly? Try: /log 3h workshop 3 days ago")
    if g("ago") or g("agob"):
        group = "ago_n" if g("ago_n") else "agob_n"
        n = int(tokens.value(m.start(group), m.end(group)))
        unit = (g("ago_u") or g("agob_u")).lower()
        if n > 100 * 12:
            raise LogError("That's too long ago. Try: /log 3h workshop 2 days ago")
        if unit.startswith("h"):
            return today - timedelta(days=n // 24)  # "3 hours ago": today (no clock here)
        if unit.startswith("m") and not unit.startswith("mo"):
            return today
        if unit.startswith("day"):
            when = today - timedelta(days=n)
        elif unit.startswith("w"):
            when = today - timedelta(weeks=n)
        else:
            when = add_months(today, -12 * n if unit.startswith("y") else -n)
        if when < add_months(today, -12 * MAX_YEARS_BACK):  # "100 years ago": not "before 1970"
            raise LogError(_TOO_OLD)
        return when
    if g("dby"):
        return today - timedelta(days=2)
    if g("yest"):
        return today - timedelta(days=1)
    if g("today"):
        return today
    if g("wkend_last") or g("wkend"):
        return _weekend_date(today, last=bool(g("wkend_last")))
    if g("lastp"):
        if g("lastp").lower() in ("week", "wk"):
            return today - timedelta(days=7)
        return add_months(today, -1)
    if g("wdn") or g("wdn2"):
        return _ordinal_date(int(g("wdn") or g("wdn2")), today, _shown(m))
    if g("wd"):
        return _weekday_date(today, _WEEKDAYS.index(g("wd").lower()), bool(g("wd_last")))
    if g("wda"):
        return _weekday_date(today, _WEEKDAY_ABBR[g("wda").lower()], bool(g("wda_last")))
    if g("iso"):
        y, mo, d = (int(p) for p in _ISO_SEP.split(g("iso")))
        return _make_date(y, mo, d, g("iso"))
    if g("iso8"):
        raw = g("iso8")
        return _make_date(int(raw[:4]), int(raw[4:6]), int(raw[6:]), raw)
    if g("ord"):
        return _ordinal_date(int(g("ord_d")), today, _shown(m))
    phrase = g("dm") or g("md")
    if g("dm_yy"):  # "03 Nov 26": a two-digit year
        head = phrase[: len(phrase) - len(g("dm_yy"))]
        phrase = f"{head} {_year(_NOT_DIGIT.sub('', g('dm_yy')), today)}"
    return _dateparser_date(_SPACES_DASHES.sub(" ", phrase), today)


# a certificate's label or a verb just before its date goes with it: "Issued 11/02/2026",
# "Date Completed: 11/12/2026", "Date of completion: 14 Nov", "fascia release - completed 18 Nov"
_DATE_LEAD = re.compile(
    r"(?<![\w])(?:(?:date|day)\s+(?:of\s+)?(?:completion|completed|issue|issued|award|awarded|"
    r"attendance|course|event)|(?:completion|completed|issue|issued|award|awarded|attendance|"
    r"course|event|finish|finished)\s+date|issued|completed|awarded|dated|finished|attended|"
    r"held|taken|done|granted)(?:\s+on)?\s*[:=\-]?\s*$",
    re.IGNORECASE,
)


_JOIN_WORD = re.compile("and|to|thr", re.IGNORECASE)
# the last word of every _DATE_LEAD ("Date of completion", "Issued", "completed on")
_LEAD_LAST = ("completion", "completed", "issue", "issued", "award", "awarded", "attendance",
              "course", "event", "date", "dated", "finished", "attended", "held", "taken", "done",
              "granted", "on")  # fmt: skip


def _date_lead(text: str, end: int) -> re.Match[str] | None:
    """The certificate label or verb that ends where a date starts (at `end`), if any."""
    before = text[:end]
    if before.isascii():  # cheap: the label's last word must end the text before the date
        tail = before.rstrip()
        if tail.endswith((":", "=", "-")):
            tail = tail[:-1].rstrip()
        if not tail.lower().endswith(_LEAD_LAST):
            return None
    return _DATE_LEAD.search(text, 0, end)


# what follows the digits a date starts with: a space ("3 days ago", "3 Nov"), a separator
# ("11/3", "2026-11-03", "25.11", "3-Nov") or an ordinal's suffix ("3rd", also "ſt" to a
# case-blind regex); only "20261103" is digits alone
_AFTER_DATE_DIGITS = frozenset("-/.sSnNrRtT\u017f")


def _may_start_date(text: str, start: int) -> bool:
    """Whether a date could start at `start` (a digit, or "." / "," in a number)."""
    end, n = start, len(text)
    while end < n and text[end].isdecimal():  # what the regex's \d is
        end += 1
    if end - start == 8:
        return True
    return end < n and (text[end] in _AFTER_DATE_DIGITS or text[end].isspace())


# every month name starts with one of these ("sept" with "sep")
_MONTH_STARTS = tuple(sorted({m[:3] for m in words()["dates"]["months"]}))


def _may_name_month(text: str) -> bool:
    """Whether a month name may be written in `text` (exact for ASCII; otherwise True)."""
    if not text.isascii():
        return True  # a case-blind regex also reads "ſep" as "sep"
    low = text.lower()
    return any(start in low for start in _MONTH_STARTS)


@lru_cache(maxsize=64)
def _oldest(today: date) -> date:
    """The earliest date still counted: MAX_YEARS_BACK years before today."""
    return add_months(today, -12 * MAX_YEARS_BACK)


def _date_matches(tokens: Tokens, claimed: bytes, text: str) -> list[re.Match[str]]:
    """The date phrases in `text`, left to right, tried only where a token can start one."""
    found: list[re.Match[str]] = []
    pos = 0
    for t, taken in zip(tokens.tokens, claimed, strict=True):
        if taken or t.start < pos:
            continue
        if t.kind == NUMBER:  # "1.3 days ago": a date may start after the point
            text_ = t.text
            if "." in text_ or "," in text_:
                starts = [t.start, *(t.start + k + 1 for k, c in enumerate(text_) if c in ".,")]
                starts = [s for s in starts if _may_start_date(text, s)]
            elif _may_start_date(text, t.start):
                starts = [t.start]
            else:
                continue
        elif t.low in _DATE_FIRST:
            starts = [t.start]
        else:
            continue
        for start in starts:
            m = _DATE.match(text, start) if start >= pos else None
            if m:
                found.append(m)
                pos = m.end()
                break
    return found


def _find_date(
    tokens: Tokens, claimed: bytes, text: str, today: date, month_first: bool | None = None
) -> tuple[Reading, list[tuple[int, int]]] | None:
    """The one date in `text` (claimed tokens masked) and the spans that say it.

    An explicit date beats a weekday written with it ("Saturday Nov 21", "Fri 11/27").
    """
    blanked = []
    if (
        "-" in text or "\u2013" in text or "&" in text or _JOIN_WORD.search(text)
    ) and _may_name_month(text):
        for span in _DAY_SPAN.finditer(text):
            a, b, j = (span.group(k) or span.group(k + "2") for k in ("a", "b", "j"))
            prev = tokens.run_before(tokens.index(span.start()), claimed).strip(".:#,")
            if int(a) < int(b) and prev not in (*_COUNT_WORDS.split("|"), "of"):
                start = span.start("j") if span.group("j") else span.start("j2")
                blanked.append((start, start + len(j)))
        if blanked:
            claimed = bytearray(claimed)  # the second day reads as a space from here on
            for start, end in blanked:
                text = text[:start] + " " * (end - start) + text[end:]
                i, j = tokens.covering(start, end)
                claimed[i:j] = b"\x01" * (j - i)
    matches = [
        m
        for m in _date_matches(tokens, claimed, text)
        if _accept_date(m, text, tokens.run_before(tokens.index(m.start()), claimed, True))
    ]
    if not matches:
        return None
    explicit = [m for m in matches if any(m.group(*_EXPLICIT))]
    weekday = [m for m in matches if m.group("wd") or m.group("wda")]
    used = [m for m in matches if not (explicit and m in weekday)]
    readings = [_resolve_date(tokens, m, today, month_first) for m in used]
    dates = {r.chosen for r in readings}
    if (
        len(dates) == 2
        and len(used) == 2
        and all(any(m.group(*_SPAN_KINDS)) for m in used)
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
    if when < _oldest(today):
        raise LogError(_TOO_OLD)
    spans = []
    for m in matches:
        lead = _date_lead(text, m.start())
        spans.append((lead.start() if lead else m.start(), m.end()))
    other = readings[0].other if len(readings) == 1 else None
    return Reading(when, other), spans + blanked
