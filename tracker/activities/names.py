"""Recognisers for names: certifying bodies, course numbers and providers.

- Bodies: code, name or alias from knowledge/bodies/, longest phrase first (knowledge/names.py).
- Course numbers: "#A123", "course no. 12", "course ABC-12"; "Course 3 of 10", "Course 101",
  "course 3rd Nov" hold none (a bare one needs four characters or a letter).
- Providers: "from X", "by X", "via X", "@ X", "hosted/presented/run by X", "provider: X";
  an explicit "provider X" wins over "by X" ("webinar by NASM provider Power Systems": the
  provider is Power Systems, NASM the body). "from home", "by phone" are no providers.
"""

from __future__ import annotations

import re

from knowledge.names import body_names
from tracker.activities.lexicon import words

# --------------------------------------------------------------------------- bodies
from tracker.activities.text import _MASK


def _bodies_in(text: str) -> list[tuple[str, int, int]]:
    """Bodies named in `text`, in order: (code, start, end); longest phrase wins (one phrase
    table with the FAQ and /cert: knowledge/names.py; no slips)."""
    return [(code, start, end) for start, end, code in body_names().spans(text, titles=True)]


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


# --------------------------------------------------------------------------- providers

_PROVIDER_KW = re.compile(
    r"(?<![\w@])(?:provider\s*:\s*|provider\s+|"
    r"(?:(?:hosted|presented|taught|run|led|given|offered|organi[sz]ed|delivered|sponsored|"
    r"provided|put\s+on)\s+)?(?:from|by|via)\s+|@\s*)",
    re.IGNORECASE,
)
_PROVIDER_STOP = frozenset(words()["providers"]["stop"])
_PROVIDER_NOT = frozenset(words()["providers"]["not_names"])
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
