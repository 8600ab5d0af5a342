"""Clean-up before recognising, and numbers as people write them.

- NFKC, ASCII digits, no control / zero-width / bidi characters; "1½" is 1.5, "¾" 0.75.
- Phone typos of the long day names ("yesterdya", "Thrusday", "wensday") are corrected first
  (optimal-string-alignment distance 1, or 2 for the 9-letter "yesterday" / "wednesday"); the
  short ones (mon, fri, sun) are left alone, too close to real words ("sundae").
- A spoken "one point five" becomes 1.5, "2ish" 2, "hour(s)" hours; a separator glued to a
  number gets a space ("webinar:2h"). Numbers are then read once, by the tokeniser (`tokens`).
- The regex pieces for numbers and units the recognisers share (`_NUM`, `_WORD`, `_H` ...).
"""

from __future__ import annotations

import re
import unicodedata

from tracker.activities.lexicon import words

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
    if text.isascii():  # an ASCII character is printable unless it is a control
        return text if text.isprintable() else text.translate(_ASCII_CONTROLS)
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
_TYPO_TARGETS: dict[str, int] = words()["typos"]["max_edits"]
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


# --------------------------------------------------------------------------- numbers

_WORD_NUMBERS: dict[str, int] = words()["numbers"]["words"]
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
_COMMA_DIGIT = re.compile(r",\d")  # what every _DATE_COMMA match holds
_DATE_COMMA = re.compile(r"(?<=\d[-/.]\d\d),(?=\d)|(?<=\d[-/.]\d),(?=\d)|(?<=[-/.]\d{4}),(?=\d)")
# "2ish hours", "90ish min": the hedge goes, the number stays
_ISH = re.compile(r"(?<![\w.,])(\d+(?:[.,]\d+)?)-?ish\b", re.IGNORECASE)
_H = r"(?:hours?|hrs?|h)"
_HW = r"(?:hours?|hrs?)"
_M = r"(?:minutes?|mins?|m)"
_MW = r"(?:minutes?|mins?)"
_SEP = r"(?:\s*-\s*|\s*)"
_WSEP = r"(?:\s*-\s*|\s+)"


_DIGIT_WORDS = tuple(words()["numbers"]["digits"])
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
