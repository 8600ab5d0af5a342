"""Recognisers for amounts: durations, credits, repeat counts and clock ranges.

- Durations: "3h", "1h30m", "90 min", "1hr30", "2 hrs 30" (bare minutes a multiple of 5),
  "1:30" with no unit (single-digit hours, not after "at"/"from", not am/pm), "1½", "a couple
  (of) hours" (= 2), "6 contact hours", "4 CE hours", "1 hour and half", "one hour thirty
  minutes", "1h & 30m", "quarter of an hour", "hour-long", "1-1/2 hr", "hours: 3", thirteen to
  nineteen in words. "2.30 hours" is two and a half hours: two digits after the point that are a
  multiple of 5 are minutes, as on a clock, except 25 and 50 (and 00), which are decimal hours;
  one digit ("2.3") is always a decimal. "about"/"approx."/"took"/"spent"/"lasting" before, and
  "2ish", "or so", "total", "tops" after, go with the duration. "3 hours ago" is a date, never
  a duration.
- A duration of 20 h or more right before "YTT", "RYT", "teacher training", "program", "cert"
  ("200hr YTT module 4 - 6 hours") is the programme's name when another duration is given.
- A clock range ("9am-5pm", "2-4pm", "9:00-12:00") is the duration when nothing else gives one;
  it and times of day ("at 7pm") never stay in the title.
- Repeat counts "x2", "2x", "2 x", "twice", or a small count before a duration and a plural
  ("two 1h webinars") multiply the amount; "x 3 days ago" is no repeat count.
- Credits: "CEU"/"CEC" also as "C.E.U.", "CEU's"; "CEUs: 0.2" (after the unit it needs a colon
  or a decimal point). "worth"/"for"/"=" before the credits leave the title with them.
  "1 credit ACE" / "2 CE credits NSCA" take the named body's unit; with no body named they are
  refused with a question rather than guessed.
- A dash after a numbered part of a title is a separator, not a range: "Level 1 - 6h",
  "Day 2 of 3 - 8h", "STC 2.0 - 7h", "Coaching 101 - 2h"; "Nov 3 - 4h" is a date, then one.
- Refused: zero or negative, amounts that round to zero (0.001h), scientific notation (1e-9h),
  more than 100 hours or credits after the repeat count (the amount is not echoed: no "1e+08"
  or "inf"), ranges ("2-3h", "30-45 min", "2 to 3 hours", "an hour or two"), more than one
  duration, credit amount or repeat count, more than a day in minutes, "1h 75m".
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import NamedTuple

from knowledge.rules import load_rules
from tracker.activities.lexicon import alternation, words
from tracker.activities.model import MAX_MINUTES, LogError
from tracker.activities.text import _FRAC, _H, _HW, _LB, _M, _MW, _NUM, _SEP, _WORD, _WSEP
from tracker.activities.tokens import NUMBER, SPACE, WORD, Tokens

# --------------------------------------------------------------------------- durations and credits

_MONTHS = alternation(words()["dates"]["months"])
_CEU = r"c\.?e\.?[uc]"
_ORD_SUFFIX = r"(?:st|nd|rd|th)?"
# what may not follow the bare minutes of "1hr30" / "2 hrs 30" (a date, credits, a time ...)
_BARE_MIN_STOP = (
    rf"(?![\w/:%\u2044-]|[.,]\d|\s*(?:(?:{_MONTHS})\b(?!\.?\s*\d)|"
    rf"(?:days?|weeks?|wks?|months?|years?|yrs?|{_CEU}|am|pm|a\.m|p\.m|x|ago|to)\b))"
)

# The duration phrases, in the order they are tried; each starts with a number ("n"), a word
# ("w") or either. A token is tried with the phrases that can start with its kind only (in the
# same order), so the result is what the whole alternation would find. "<INT|WORD>" and
# "<NUM|WORD>" start a phrase with a number or a number word; at a number, the number alone.
_DURATION_PHRASES = (
    ("n", rf"{_LB}(?P<hm_h>\d+){_SEP}{_H}\.?,?\s*(?:(?:and|&|\+)\s*)?(?P<hm_m>\d+){_SEP}{_M}\b"),
    ("nw", rf"{_LB}(?P<hw_h><INT|WORD>){_WSEP}{_HW},?\s+(?:(?:and|&|\+)\s+)?(?P<hw_m>\d+|{_WORD}){_WSEP}{_MW}\b"),
    ("w", rf"""(?<![\w])(?:(?:contact|clock|ce|cpd|total|course)\s+)?
      (?P<lab>hours?|hrs?|minutes?|mins?)\s*[:=]\s*(?P<lab_v>{_NUM})(?![\w.,:/])"""),
    ("w", rf"""{_LB}(?P<q>(?:a\s+)?quarter(?:\s+of\s+an?\s+|[\s-])hour
      |(?P<q3>three[\s-]quarters?)\s+of\s+an?\s+hour)\b"""),
    ("n", rf"{_LB}(?P<hc_h>\d+)h(?P<hc_m>\d\d)\b"),
    ("n", rf"{_LB}(?P<hb_h>\d+){_SEP}{_H}\.?\s*(?P<hb_m>[0-5][05]){_BARE_MIN_STOP}"),
    ("n", rf"{_LB}(?P<c_h>\d+):(?P<c_m>\d\d){_SEP}{_H}\b"),
    ("nw", rf"{_LB}(?P<ah1><NUM|WORD>){_WSEP}{_HW}\s+and\s+(?:a\s+)?half\b"),
    ("nw", rf"{_LB}(?P<ah2><NUM|WORD>)\s+and\s+(?:a\s+)?half{_WSEP}{_HW}\b"),
    ("w", r"(?<![\w.,/])(?P<hah>hour\s+and\s+a\s+half)\b"),
    ("w", rf"{_LB}(?P<half>half\s+an?\s+hour|(?:a\s+)?half{_WSEP}hour)\b"),
    ("w", rf"{_LB}(?P<hl>(?:an?\s+|one[\s-])?hour[\s-]long)\b"),
    ("n", rf"{_LB}(?P<fr>{_FRAC}){_SEP}{_H}\b"),
    ("n", rf"{_LB}(?P<h>{_NUM}){_SEP}(?:(?:contact|ce|clock)\s+)?{_H}\b"),
    ("w", rf"{_LB}(?P<hw>{_WORD}){_WSEP}{_HW}\b"),
    ("n", rf"{_LB}(?P<m>{_NUM}){_SEP}{_M}\b"),
    ("w", rf"{_LB}(?P<mw>{_WORD}){_WSEP}{_MW}\b"),
)  # fmt: skip


def _duration_re(kind: str) -> re.Pattern[str]:
    # at a number (a digit, "." or ","), no number word can match: they start with letters
    leads = (r"\d+", _NUM) if kind == "n" else (rf"\d+|{_WORD}", rf"{_NUM}|{_WORD}")
    return re.compile(
        "|".join(
            phrase.replace("<INT|WORD>", leads[0]).replace("<NUM|WORD>", leads[1])
            for kinds, phrase in _DURATION_PHRASES
            if kind in kinds
        ),
        re.IGNORECASE | re.VERBOSE,
    )


_DURATION_NUMBER = _duration_re("n")  # at a number ("3h", ".5h"): digits, "." or ","
_DURATION_WORD = _duration_re("w")  # at a word ("two hours", "half an hour")
# the phrase a match is, by its last group (m.lastgroup): the group that closed last
_DURATION_KIND = {"hm_m": "hm_h", "hw_m": "hw_h", "lab_v": "lab", "hc_m": "hc_h", "hb_m": "hb_h",
                  "c_m": "c_h"}  # fmt: skip
# the words a duration can start with (or a number): "two hours", "hours: 3", "half an hour"
_DURATION_FIRST = frozenset(
    (*(re.split(r"[\s-]", w)[0] for w in words()["numbers"]["words"]), "contact", "clock", "ce",
     "cpd", "total", "course", "hours", "hour", "hrs", "hr", "minutes", "minute", "mins", "min",
     "quarter", "half")
)  # fmt: skip
# "1:30 webinar": hours:minutes with no unit, a single-digit hour, and not a clock time
_CLOCK = re.compile(
    r"(?<![\w/.,:@\-])(?P<h>\d):(?P<m>[0-5]\d)(?![\w:]|\s*(?:a\.?m|p\.?m)\b|\s*(?:-|\u2013|to\b)\s*\d)",
    re.IGNORECASE,
)
_CLOCK_NOT_AFTER = frozenset(words()["amounts"]["clock_not_after"])
_TIMES_SIGN = ("x", "\u00d7")  # "x2", "2x", "3 x", "2×": the same session repeated
_TIMES_WORDS = {"twice": 2, "thrice": 3}
_SPAN_UNITS = frozenset(("day", "days", "week", "weeks", "wk", "wks", "month", "months", "year",
                         "years", "yr", "yrs"))  # fmt: skip
# "two 1h webinars", "3 90-min sessions": a count right before a duration and a plural noun
_COUNTS = frozenset(("2", "3", "4", "5", "6", "7", "8", "9", "two", "three", "four", "five",
                     "six", "seven", "eight", "nine", "ten"))  # fmt: skip
_PLURAL_SESSIONS = frozenset(words()["amounts"]["plural_sessions"])
_EACH = frozenset(words()["amounts"]["each"])
_EDGE_WORDS = frozenset(words()["titles"]["edge_words"])
# "2 days", "a full day", "two-day": days are refused with a question, not read as hours
_DAY_COUNTS = frozenset(("one", "two", "three", "four", "five", "half", "full", "all", "whole"))
_GLUED_DAYS = frozenset(c + d for c in _DAY_COUNTS for d in ("day", "days"))

# every credit amount names its unit with one of these tokens ("C.E.U." is c . e . u .)
_CREDIT_WORDS = frozenset(("ceu", "cec", "ceus", "cecs", "c", "ce", "credit", "credits", "ces"))
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


class _Found(NamedTuple):
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
_COUNT_WORDS = alternation(words()["amounts"]["count_words"])
_NUMBERED_TITLE = re.compile(
    rf"(?:(?i:\b(?:{_COUNT_WORDS}))\.?\s*\#?\s*|\b[A-Z][A-Z0-9]+\s+|(?i:\b[a-z]+\d+)\s+)"
    r"\d+(?:\.\d+)?(?:\s*(?:&|,|/|-|(?i:and|of))\s*\d+(?:\.\d+)?)*$"
)


_HUNDREDS_AFTER_WORD = re.compile(r"[A-Za-z]\s+\d{3,}$")
_LEAD_NUMBER = re.compile(rf"\d*[.,]?\d+|(?:{_WORD})\b", re.IGNORECASE)
_RANGE_BEFORE = re.compile(
    r"(?:\d\s*to|(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))\s+or|"
    r"between\s*\d+\s*and)\s*$",
    re.IGNORECASE,
)


def _check_sign(tokens: Tokens, text: str, found: _Found, example: str) -> None:
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
        if first and spaced and _HUNDREDS_AFTER_WORD.search(rest):
            first = None  # "Nutrition Coaching 101 - 2h": no range starts at 101
        if first and not _DAY_BEFORE.search(rest):
            lead = _LEAD_NUMBER.match(found.text)
            try:
                low = tokens.value(first.start("n"), first.end("n"))
                high = tokens.value(found.start, found.start + lead.end()) if lead else None
            except (LogError, ValueError):
                low = high = None
            if low is None or high is None or low < high:
                raise LogError(f"Please give one amount, not a range. Try: {example}")
        attached = text[found.start - 1 : found.start] in ("-", "\u2212", "\u2013")
        if not rest or (attached and not rest[-1].isalnum() and rest[-1] not in ")]"):
            raise LogError(f"The amount must be more than zero. Try: {example}")
    # every range ends with "to", "or" or "and" (then spaces, stripped from `before`)
    if before[-3:].lower().endswith(("to", "or", "and")) and _RANGE_BEFORE.search(before):
        raise LogError(f"Please give one amount, not a range. Try: {example}")


# "1e-9h", "2E3 min", "1e8": numbers in scientific notation are refused, never half-read
_SCIENTIFIC = re.compile(
    r"(?<![\w.])\d+(?:[.,]\d+)?e[-+\u2212]?\d+(?=\s*(?:[hm]|hours?|hrs?|mins?|minutes?|"
    r"c\.?e\.?[uc]s?|credits?)?(?![\w.]))|(?<![\w.])\d+(?:[.,]\d+)?e[-+\u2212]\d",
    re.IGNORECASE,
)


_SCIENTIFIC_HINT = re.compile(r"\d[eE]")  # what every _SCIENTIFIC match holds


def _check_amount(value: float, cap: float, what: str, example: str) -> None:
    """More than zero once rounded to two decimals (as replies show it), and at most `cap`.

    The amount over the cap is not repeated: "1e+08 hours" or "inf hours" is never shown."""
    if not math.isfinite(value) or value > cap:
        raise LogError(
            f"That's more than I accept in one entry (max {cap:g} {what}). Try: {example}"
        )
    if not round(value, 2) > 0:
        raise LogError(f"The {what} must be more than zero. Try: {example}")


# "took about 2 hours", "approx. 3h", "a total of 3h": the words leave the title with it
_HEDGES = frozenset(("about", "approximately", "around", "roughly", "almost", "nearly", "~"))
_HEDGE_VERBS = frozenset(("took", "takes", "lasted", "lasting", "was", "spent", "for"))
_SPENT = frozenset(("took", "lasted", "lasting", "spent"))
_HEDGE_LAST = _HEDGES | _SPENT | {"approx", ".", ":", "total", "of"}  # what a hedge ends with
# "2 hours or so", "3h total", "90 min tops": the words leave the title with the duration
_HEDGE_AFTER = frozenset(("total", "tops", "max", "approx"))
_HEDGE_AFTER_FIRST = _HEDGE_AFTER | {"or", "ish", "in"}
_HEDGE_AFTER_END = frozenset(",.;:!)]\u2014\u2013-")


def _hedge_start(tokens: Tokens, claimed: bytes, i: int) -> int | None:
    """Where hedge words written just before token i start ("took about", "a total of:")."""
    end = tokens.skip_spaces_back(i, claimed)
    if end == 0 or claimed[end - 1] or tokens[end - 1].low not in _HEDGE_LAST:
        return None  # the common case: no hedge at all
    starts = []

    def free(j: int | None) -> None:  # a hedge starts at token j unless glued to a word
        if j is not None and not tokens.word_char(j - 1, claimed):
            starts.append(j)

    def back(j: int, options: frozenset[str] | tuple[str, ...]) -> int | None:
        return j - 1 if tokens.is_(j - 1, options, claimed) else None

    hedge = back(end, (*_HEDGES, "approx"))
    if hedge is None and tokens.is_(end - 1, (".",), claimed):
        hedge = back(end - 1, ("approx", "ca"))
    if hedge is not None:
        free(hedge)
        before = tokens.skip_spaces_back(hedge, claimed)
        if before < hedge:
            free(back(before, _HEDGE_VERBS))
    if end < i:
        free(back(end, _SPENT))
    label = (
        tokens.skip_spaces_back(end - 1, claimed) if tokens.is_(end - 1, (":",), claimed) else end
    )
    total = back(label, ("total",))
    of = back(label, ("of",))
    if of is not None:
        before = tokens.skip_spaces_back(of, claimed)
        total = back(before, ("total",)) if before < of else None
    elif total is not None:
        before = tokens.skip_spaces_back(total, claimed)
        free(back(before, ("in",)) if before < total else None)
    if total is not None:
        free(total)
        before = tokens.skip_spaces_back(total, claimed)
        free(back(before, ("a",)) if before < total else None)
    return tokens[min(starts)].start if starts else None


def _hedge_end(tokens: Tokens, claimed: bytes, i: int) -> int | None:
    """Where hedge words written just after token i end ("or so", "-ish", "in total")."""
    n = len(tokens)
    while i < n and not claimed[i] and (tokens[i].kind == SPACE or tokens[i].text == "-"):
        i += 1
    if i == n or claimed[i] or tokens[i].low not in _HEDGE_AFTER_FIRST:
        return None  # the common case: no hedge at all
    if tokens.is_(i, ("or",), claimed):
        after = tokens.skip_spaces(i + 1, claimed)
        if after > i + 1 and tokens.is_(after, ("so", "thereabouts"), claimed):
            return tokens[after].end
        return None
    if tokens.is_(i, ("ish",), claimed):
        return tokens[i].end
    if tokens.is_(i, ("in",), claimed):
        after = tokens.skip_spaces(i + 1, claimed)
        i = after if after > i + 1 and tokens.is_(after, ("total",), claimed) else n
    if not tokens.is_(i, _HEDGE_AFTER, claimed):
        return None
    ends = [i + 1]
    if tokens[i].low == "approx" and tokens.is_(i + 1, (".",), claimed):
        ends.insert(0, i + 2)  # "approx." when something ends the phrase after the point
    for end in ends:
        after = tokens.skip_spaces(end, claimed)
        if after == n or tokens.is_(after, _HEDGE_AFTER_END, claimed):
            return tokens[end - 1].end
    return None


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


def _plural_after(tokens: Tokens, claimed: bytes, i: int) -> bool:
    """A plural such as "webinars" follows token i, at most two words further on."""
    n, words = len(tokens), 0
    if i == n or claimed[i] or not (tokens[i].kind == SPACE or tokens[i].text == "-"):
        return False  # "1h's webinars": the words start after a space or a dash
    while i < n and not claimed[i]:
        t = tokens[i]
        if t.kind == SPACE or t.text == "-":  # a separator
            i += 1
            continue
        if (
            t.kind not in (WORD, NUMBER)
            and t.text not in ("'", "_")
            or "." in t.text
            or "," in t.text
        ):
            return False  # words of letters, digits, "'" and "-" only
        if i > 0 and (tokens[i - 1].kind == SPACE or tokens[i - 1].text == "-"):  # a word starts
            last, plural = i, t.low
            if plural == "in" and tokens.is_(i + 1, ("-",), claimed):
                if tokens.is_(i + 2, ("services",), claimed):
                    last, plural = i + 2, "in-services"
            if plural in _PLURAL_SESSIONS and not tokens.word_char(last + 1, claimed):
                return True
            if words == 2:
                return False
            words += 1
        i += 1
    return False


_NUMBERED_AFTER = frozenset((*_COUNT_WORDS.split("|"), "of"))


def _titles_number(tokens: Tokens, i: int, claimed: bytes) -> bool:
    """Token i numbers something in the title ("Level 2", "3 of 5"), so it is no repeat count."""
    return tokens.run_before(i, claimed).strip(".:#") in _NUMBERED_AFTER


def _count_before(tokens: Tokens, claimed: bytes, found: _Found) -> tuple[int, int, int] | None:
    """'two 1h webinars': (2, start, end) when a small count sits before the duration."""
    i = tokens.index(found.start)
    before = tokens.skip_spaces_back(i, claimed)
    count = before - 1
    if before == i or not tokens.is_(count, _COUNTS, claimed):
        return None
    if tokens.word_char(count - 1, claimed) or tokens.is_(count - 1, (".", ",", "/", "-"), claimed):
        return None
    if not _plural_after(tokens, claimed, tokens.index(found.end)):
        return None
    if _titles_number(tokens, count, claimed):
        return None  # "Level 2 1h webinars", "3 of 5 1h webinars": the number is the title's
    value = tokens.value(tokens[count].start, tokens[count].end)
    return int(value), tokens[count].start, tokens[i - 1].end


def _count_each(
    tokens: Tokens, claimed: bytes, found: _Found
) -> tuple[int, list[tuple[int, int]]] | None:
    """'3 spin classes, 45 min each', '4 sessions of 30 min': (4, spans of the count and of
    "each" / "of") when a small count and up to two words ending in a plural such as "classes"
    come before a duration that is per session."""
    i, j = tokens.index(found.start), tokens.index(found.end)
    n = len(tokens)
    k = tokens.skip_spaces(j, claimed)
    each = k < n and not claimed[k] and tokens[k].low in _EACH and not tokens.word_char(k + 1)
    p = tokens.skip_spaces_back(i, claimed) - 1
    joint = None
    if p >= 0 and not claimed[p] and tokens[p].low == "of" and not each:
        joint, p = p, tokens.skip_spaces_back(p, claimed) - 1
    elif p >= 0 and not claimed[p] and tokens[p].text == "," and each:
        p = tokens.skip_spaces_back(p, claimed) - 1
    if not each and joint is None:
        return None
    if p < 0 or claimed[p] or tokens[p].low not in _PLURAL_SESSIONS:
        return None
    q = p
    for _ in range(3):  # the count, then at most two more words ("3 spin classes")
        q = tokens.skip_spaces_back(q, claimed) - 1
        if q < 0 or claimed[q] or tokens[q].kind not in (WORD, NUMBER):
            return None
        if tokens[q].low in _COUNTS:
            if tokens.word_char(q - 1, claimed) or _titles_number(tokens, q, claimed):
                return None  # "3 of 5 sessions of 1h", "Level 2 classes": the title's number
            count = int(tokens.value(tokens[q].start, tokens[q].end))
            spans = [(tokens[q].start, tokens[q].end)]
            if each:
                spans.append((tokens[k].start, tokens[k].end))
            elif joint is not None and (k == n or tokens[k].low in _EDGE_WORDS):
                # "of" stays when it reads on ("sessions of foam rolling"), not before "on …"
                spans.append((tokens[joint].start, tokens[joint].end))
            return count, spans
        if tokens[q].kind != WORD:
            return None
    return None


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


def _hours_number(tokens: Tokens, m: re.Match[str], group: str) -> float:
    """Hours as written: '2.30 hours' is two and a half hours (a trainer writing minutes after
    the point, as on a clock), and so are '1.15', '1.45', '2.20'; '1.25', '1.50', '2.00', '1.5',
    '1.75' stay decimals (quarters and halves are what decimal hours are written in)."""
    raw = m.group(group)
    clock = _CLOCK_DECIMAL.fullmatch(raw) if "." in raw or "," in raw else None
    if clock and clock.group(2) not in ("00", "25", "50"):
        return int(clock.group(1)) + int(clock.group(2)) / 60
    return tokens.value(m.start(group), m.end(group))


def _duration_matches(tokens: Tokens, text: str, claimed: bytes | None) -> list[re.Match[str]]:
    """The duration phrases in `text`, left to right, tried only at tokens that can start one."""
    found = []
    pos = 0
    # every duration phrase holds an "h" or an "m" ("3h", "90 min", "half an hour"): none
    # starts after the last of them
    last = max(text.rfind("h"), text.rfind("m"), text.rfind("H"), text.rfind("M"))
    for i, t in enumerate(tokens.tokens):
        if t.start > last:
            break
        if t.start < pos or (claimed is not None and claimed[i]):
            continue
        if (
            t.kind == NUMBER
            or t.low in _DURATION_FIRST
            or t.text in ".,"
            and i + 1 < len(tokens)
            and tokens[i + 1].kind == NUMBER  # ".5h"
        ):
            # a number token starts with a digit, "." or ","; the others here with a letter
            pattern = _DURATION_WORD if t.kind == WORD else _DURATION_NUMBER
            m = pattern.match(text, t.start)
            if m:
                found.append(m)
                pos = m.end()
    return found


def _find_durations(tokens: Tokens, text: str, claimed: bytes | None = None) -> list[_Found]:
    found = []
    for m in _duration_matches(tokens, text, claimed):
        if _AGO_AFTER.match(text, m.end()):
            continue
        kind = _DURATION_KIND.get(m.lastgroup, m.lastgroup)  # type: ignore[arg-type]
        if kind == "hm_h":
            minutes = int(m.group("hm_m"))
            _minutes_under_60(minutes, "1h 30m")
            hours = int(m.group("hm_h")) + minutes / 60
        elif kind == "lab":  # "hours: 3", "mins: 90"
            if m.group("lab").lower().startswith("m"):
                hours = tokens.value(m.start("lab_v"), m.end("lab_v")) / 60
            else:
                hours = _hours_number(tokens, m, "lab_v")
        elif kind == "q":
            hours = 0.75 if m.group("q3") else 0.25
        elif kind == "hw_h":
            minutes = int(tokens.value(m.start("hw_m"), m.end("hw_m")))
            _minutes_under_60(minutes, "1 hour 30 minutes")
            hours = tokens.value(m.start("hw_h"), m.end("hw_h")) + minutes / 60
        elif kind == "hc_h":
            minutes = int(m.group("hc_m"))
            _minutes_under_60(minutes, "1h30")
            hours = int(m.group("hc_h")) + minutes / 60
        elif kind == "hb_h":
            hours = int(m.group("hb_h")) + int(m.group("hb_m")) / 60
        elif kind == "c_h":
            minutes = int(m.group("c_m"))
            _minutes_under_60(minutes, "1:30h")
            hours = int(m.group("c_h")) + minutes / 60
        elif kind == "ah1" or kind == "ah2":
            hours = tokens.value(m.start(kind), m.end(kind)) + 0.5
        elif kind == "hah":
            hours = 1.5
        elif kind == "half":
            hours = 0.5
        elif kind == "hl":
            hours = 1.0
        elif kind == "fr":
            hours = tokens.value(m.start("fr"), m.end("fr"))
        elif kind == "h":
            hours = _hours_number(tokens, m, "h")
        elif kind == "hw":
            hours = tokens.value(m.start("hw"), m.end("hw"))
        else:
            minutes_f = tokens.value(m.start(kind), m.end(kind))  # "m" or "mw"
            if not minutes_f <= MAX_MINUTES:
                raise LogError(
                    "That's more than a day in minutes; log long courses in hours. "
                    "Try: /log 16h two-day course"
                )
            hours = minutes_f / 60
        long = _LONG_AFTER.match(text, m.end())  # "2-hour-long", "90 minute long"
        found.append(_Found(m.start(), long.end() if long else m.end(), hours, m.group(0)))
    if not found and ":" in text:
        for m in _CLOCK.finditer(text):
            if tokens.run_before(tokens.index(m.start()), claimed) in _CLOCK_NOT_AFTER:
                continue
            hours = int(m.group("h")) + int(m.group("m")) / 60
            found.append(_Found(m.start(), m.end(), hours, m.group(0)))
    return found


_NOT_LETTER = re.compile(r"[^a-z]")


def _find_credits(tokens: Tokens, text: str) -> list[tuple[_Found, str, str | None]]:
    """Credit amounts: (found, unit as written or '' for 'credits', body written with them)."""
    if _CREDIT_WORDS.isdisjoint(tokens.lows):
        return []  # no unit, no credits
    found = []
    for pattern in (_credit_re(), _credit_after_re()):
        for m in pattern.finditer(text):
            unit = _NOT_LETTER.sub("", (m.group("unit") or "").lower()).upper()
            body = m.group("cbody").upper() if m.group("cbody") else None
            group = "n" if m.group("n") else "n2"
            spans = ((m.start(), m.start("cbody")), (m.end("cbody"), m.end())) if body else ()
            found.append(
                (
                    _Found(
                        m.start(),
                        m.end(),
                        tokens.value(m.start(group), m.end(group)),
                        m.group(0),
                        spans,
                    ),
                    unit,
                    body,
                )
            )
        if found:
            break
    return found


def _times_at(tokens: Tokens, claimed: bytes, i: int) -> tuple[int, int] | None:
    """A repeat count starting at token i: (count, index after it)."""
    t = tokens[i]
    if t.low in _TIMES_WORDS:
        if tokens.word_char(i - 1, claimed) or tokens.word_char(i + 1, claimed):
            return None
        return _TIMES_WORDS[t.low], i + 1
    if tokens.word_char(i - 1, claimed) or tokens.is_(i - 1, (".", ",", "/"), claimed):
        return None

    def one_space(j: int) -> int:  # "2 x": at most one space between
        return j + 1 if tokens.is_(j, (" ",), claimed) else j

    def small(j: int) -> bool:
        return (
            j < len(tokens)
            and not claimed[j]
            and tokens[j].text.isdigit()
            and len(tokens[j].text) <= 2
        )

    if t.low in _TIMES_SIGN and small(one_space(i + 1)):
        number = one_space(i + 1)
        count, end = int(tokens[number].text), number + 1
    elif small(i) and tokens.is_(one_space(i + 1), _TIMES_SIGN, claimed):
        count, end = int(t.text), one_space(i + 1) + 1
    else:
        return None
    if tokens.word_char(end, claimed) or tokens.is_(end, (".", ",", "/"), claimed):
        return None
    after = tokens.skip_spaces(end, claimed)
    if after < len(tokens) and tokens[after].kind == NUMBER and not claimed[after]:
        return None  # "x 3 5": no count
    if after > end and tokens.is_(after, _SPAN_UNITS, claimed):
        ago = tokens.skip_spaces(after + 1, claimed)
        if ago > after + 1 and tokens.is_(ago, ("ago", "back"), claimed):
            if not tokens.word_char(ago + 1, claimed):
                return None  # "x 3 days ago": a date
    return count, end


def _find_times(tokens: Tokens, claimed: bytes) -> tuple[int, int, int] | None:
    """A repeat count ('x2', '3x', '2 x', 'twice'): (count, start, end), None when none."""
    lows = tokens.lows
    if (
        _TIMES_SIGN[0] not in lows
        and _TIMES_SIGN[1] not in lows
        and _TIMES_WORDS.keys().isdisjoint(lows)
    ):
        return None  # the common case: no count
    found = []
    taken = -1  # the last token of the count found last
    for k, t in enumerate(tokens.tokens):
        if t.low not in _TIMES_SIGN and t.low not in _TIMES_WORDS:
            continue
        # "2 x" starts at its number, "x2" and "twice" at the word
        before = k - 2 if tokens.is_(k - 1, (" ",), claimed) else k - 1
        for i in (before, k) if t.low in _TIMES_SIGN else (k,):
            if i <= taken or i < 0 or claimed[i]:
                continue
            times = _times_at(tokens, claimed, i)
            if times is not None:
                count, end = times
                found.append((count, tokens[i].start, tokens[end - 1].end))
                taken = end - 1
                break
    if len(found) > 1:
        raise LogError("I found more than one 'x2'. Try: /log 1h webinar x2")
    return found[0] if found else None


def _starts_ago(tokens: Tokens, claimed: bytes, i: int) -> bool:
    """Token i starts with "ago" ("2 days ago", and "2 days agoNASM" typed without a space)."""
    return i < len(tokens) and not claimed[i] and tokens[i].low.startswith("ago")


def _says_days(tokens: Tokens, claimed: bytes) -> bool:
    """'2 days', 'a full day', 'two-day' written where an amount was expected."""
    for i, t in enumerate(tokens.tokens):
        if (
            t.low in _GLUED_DAYS
            and not claimed[i]
            and not tokens.word_char(i - 1, claimed)
            and not tokens.word_char(i + 1, claimed)
            and not tokens.is_(i - 1, (".", ","), claimed)
        ):
            ago = tokens.skip_spaces(i + 1, claimed)
            if not (ago > i + 1 and _starts_ago(tokens, claimed, ago)):
                return True  # "fullday", "halfdays"
        if claimed[i] or not (t.kind == NUMBER or t.low in _DAY_COUNTS):
            continue
        if tokens.word_char(i - 1, claimed) or tokens.is_(i - 1, (".", ","), claimed):
            continue
        j = i + 1
        while (
            j < len(tokens)
            and not claimed[j]
            and (tokens[j].kind == SPACE or tokens[j].text == "-")
        ):
            j += 1
        if tokens.is_(j, ("day", "days"), claimed) and not tokens.word_char(j + 1, claimed):
            ago = tokens.skip_spaces(j + 1, claimed)
            if not (ago > j + 1 and _starts_ago(tokens, claimed, ago)):
                return True
    return False
