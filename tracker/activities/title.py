"""What is left once every recogniser has taken its spans: the title, tidied.

- Labels whose value was taken ("Duration:", "Date:"), "Topic:", a leading "Certificate of
  Completion —" and a "Course:" label go; runs of separators left behind ("ISSA - - Nutrition",
  "cert,,") become one; edge words ("a", "the", "on" ...) and punctuation are trimmed.
- Titles are kept whole up to MAX_TITLE (500) characters; replies shorten them for display.
- "activity" when nothing is left.
"""

from __future__ import annotations

import re

from tracker.activities.lexicon import words
from tracker.activities.model import MAX_TITLE
from tracker.activities.text import _MASK

# --------------------------------------------------------------------------- titles

_EDGE_WORDS = frozenset(words()["titles"]["edge_words"])
_EDGE_PUNCT = " \t.,;:!?-\u2013\u2014/|\\*~_="
_CPR = re.compile(r"\b(?:cpr|aed|bls|first[\s-]?aid)\b", re.IGNORECASE)


def _is_cpr(title: str) -> bool:
    """The title mentions CPR / AED / BLS / first aid."""
    if title.isascii():  # cheap: every match holds one of these, in any case
        low = title.lower()
        if "cpr" not in low and "aed" not in low and "bls" not in low and "aid" not in low:
            return False
    return _CPR.search(title) is not None


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


_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;:.!?])")
_BRACKET_PAIRS = (("(", ")"), ("[", "]"))
_BRACKET_SET = frozenset("()[]")
_SEPARATOR_SET = frozenset(_SEPARATORS)


def _tidy_title(raw: str, empty: str = "activity") -> str:
    if ":" in raw or "=" in raw:
        raw = _EMPTY_LABEL.sub(" ", raw)
        raw = _COURSE_LABEL.sub(r"\1", raw)
    text = " ".join(raw.replace(_MASK, " ").split())  # one space between words, none at the ends
    if text[:1] in "Cc":
        text = _CERTIFICATE_HEADING.sub("", text)
    if "(" in text or "[" in text or "{" in text:
        text = " ".join(_EMPTY_BRACKETS.sub(" ", text).split())
    # the only spaces left are single " ": a space before punctuation is one of these pairs
    if " ," in text or " ." in text or " :" in text or " ;" in text or " !" in text or " ?" in text:
        text = _SPACE_BEFORE_PUNCT.sub(r"\1", text).strip()
    # no space is left before [,;:], so a run of them is written together (",," or with ; or :)
    if ",," in text or ";" in text or ":" in text:
        text = _PUNCT_RUN.sub(r"\1", text)  # "cert,, Nov" once the amount is out
    if " " in text and not _SEPARATOR_SET.isdisjoint(text):
        text = _SEPARATOR_RUN.sub(r"\1", text)  # "ISSA - - Nutrition": one separator is enough
    brackets = not _BRACKET_SET.isdisjoint(text)  # the loop below only removes characters
    previous = None
    while text != previous:
        previous = text
        text = text.strip(_EDGE_PUNCT)
        if brackets:
            for opener, closer in _BRACKET_PAIRS:
                if text.endswith(opener):
                    text = text[:-1]
                if text.startswith(closer):
                    text = text[1:]
                if text.count(opener) < text.count(closer) and text.endswith(closer):
                    text = text[:-1]
                if text.count(opener) > text.count(closer) and text.startswith(opener):
                    text = text[1:]
        words = text.split(" ")
        if words[0].lower() in _EDGE_WORDS or words[-1].lower() in _EDGE_WORDS:
            while words and words[0].lower() in _EDGE_WORDS:
                words.pop(0)
            while words and words[-1].lower() in _EDGE_WORDS:
                words.pop()
            text = " ".join(words).strip()
        else:
            text = text.strip()
    if len(text) > MAX_TITLE:
        cut = text[: MAX_TITLE - 1]
        if " " in cut[MAX_TITLE // 2 :]:
            cut = cut.rsplit(" ", 1)[0]
        text = cut.rstrip(_EDGE_PUNCT) + "\u2026"
    return text or empty
