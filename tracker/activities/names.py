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
from collections.abc import Sequence

from knowledge.names import body_names
from tracker.activities.lexicon import words
from tracker.activities.tokens import NUMBER, SPACE, WORD, Tokens

# --------------------------------------------------------------------------- bodies


def bodies_in_words(words: Sequence[str]) -> list[tuple[int, int, str]]:
    """Bodies named in lowercased words, left to right: (i, j, code) for words[i:j]; the one
    body resolver (knowledge/names.py: the FAQ's and /cert's phrase table, longest phrase
    first), without slips and with question-only names ("exercise physiologist") left as the
    activity's subject."""
    return body_names().in_words(words, slips=False, titles=True)


def _bodies_in(tokens: Tokens) -> list[tuple[str, int, int]]:
    """Bodies named in the tokens, in order: (code, start, end) character offsets. Words are
    runs of letters and digits, so a name written against digits ("NASM123") names none."""
    out = []
    for i, j, code in bodies_in_words(tokens.words):
        first, last = tokens.word_tokens(i)[0], tokens.word_tokens(j - 1)[1]
        out.append((code, tokens[first].start, tokens[last].end))
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


_COURSE_LABELLED = re.compile(r"[#]|(?:no|nr|num|number|id|code)\W*$", re.I)
_LETTER = re.compile("[A-Za-z]")
_OF_AFTER = re.compile(r"\s*(?:of|/)")


def _find_course(tokens: Tokens, text: str) -> tuple[str, int, int] | None:
    """A course number in `text` (claimed tokens masked): after "#" or the word "course"."""
    # cheap first: a token starting with "course" puts "course" in the lowercased text
    if "#" not in tokens.lows and (
        "course" not in tokens.text.lower() or not any(w.startswith("course") for w in tokens.lows)
    ):
        return None  # "courseno. 12" too
    for m in _COURSE.finditer(text):
        cid = m.group("cid").rstrip("._/-")
        if not any(c.isdigit() for c in cid) or _LOOKS_LIKE_DATE.fullmatch(cid):
            continue
        bare = not _COURSE_LABELLED.search(text[m.start() : m.start("cid")])
        if bare and _BARE_NOT_COURSE.fullmatch(cid):
            continue  # "course 3rd Nov", "course 11-03": a date
        if bare and (
            not (len(cid) >= 4 or _LETTER.search(cid))
            or _OF_AFTER.match(text, m.start("cid") + len(cid))
        ):
            continue  # "Course 3 of 10", "Course 101": a title, not a course number
        return cid[:40], m.start(), m.start("cid") + len(cid)
    return None


# --------------------------------------------------------------------------- providers

# "from X", "by X", "via X", "@ X", "provider: X", "provider X", "hosted by X", "put on by X"
_PROVIDER_FROM = frozenset(("from", "by", "via"))
_PROVIDER_VERBS = frozenset(
    ("hosted", "presented", "taught", "run", "led", "given", "offered", "organised", "organized",
     "delivered", "sponsored", "provided")
)  # fmt: skip
_PROVIDER_STOP = frozenset(words()["providers"]["stop"])
_PROVIDER_NOT = frozenset(words()["providers"]["not_names"])
_PROVIDER_BREAK = frozenset(",;()[]|!?")
# every keyword starts with one of these tokens ("put on by" with "put")
_PROVIDER_KEYWORD_FIRST = frozenset(("@", "provider", "put")) | _PROVIDER_FROM | _PROVIDER_VERBS


def _provider_body(tokens: Tokens, claimed: bytes, i: int) -> int | None:
    """The end of the body named from token i on ("from NASM"), None when none starts there."""
    if i >= len(tokens) or tokens[i].kind not in (WORD, NUMBER):
        return None
    k = tokens.words_before(i)
    if k == len(tokens.words) or tokens.word_tokens(k)[0] != i:
        return None  # token i is inside a word ("2h")
    longest = body_names().longest
    found = bodies_in_words(tokens.words[k : k + longest])
    if not found or found[0][0] != 0:
        return None
    last = tokens.word_tokens(k + found[0][1] - 1)[1]
    if any(claimed[i : last + 1]):
        return None
    return tokens[last].end


def _keyword_end(tokens: Tokens, claimed: bytes, i: int) -> int | None:
    """Where the provider keyword starting at token i ends (the name's first token), if it is
    one: "provider:", "provider", "from", "by", "via", "@", "hosted by", "put on by"."""
    if tokens.word_char(i - 1, claimed) or tokens.is_(i - 1, ("@",), claimed):
        return None
    low = tokens[i].low
    if low == "@":
        return tokens.skip_spaces(i + 1, claimed)
    after = tokens.skip_spaces(i + 1, claimed)
    if low == "provider" and tokens.is_(after, (":",), claimed):
        return tokens.skip_spaces(after + 1, claimed)
    if after == i + 1:
        return None  # the keyword needs a space after it
    if low == "provider" or low in _PROVIDER_FROM:
        return after
    if low == "put" and tokens.is_(after, ("on",), claimed):
        i, after = after, tokens.skip_spaces(after + 1, claimed)
        low = "provided"
    if low in _PROVIDER_VERBS and after > i + 1 and tokens.is_(after, _PROVIDER_FROM, claimed):
        end = tokens.skip_spaces(after + 1, claimed)
        return end if end > after + 1 else None
    return None


def _provider_keywords(tokens: Tokens, claimed: bytes) -> list[tuple[int, int]]:
    """The provider keywords, left to right, as (first token, token after), "provider" first."""
    if _PROVIDER_KEYWORD_FIRST.isdisjoint(tokens.lows):
        return []  # the common case: no keyword at all
    found = []
    i, n = 0, len(tokens)
    toks = tokens.tokens
    while i < n:
        end = (
            None
            if claimed[i] or toks[i].low not in _PROVIDER_KEYWORD_FIRST
            else _keyword_end(tokens, claimed, i)
        )
        if end is None:
            i += 1
            continue
        found.append((i, end))
        i = max(end, i + 1)
    return sorted(found, key=lambda kw: tokens[kw[0]].low != "provider")


def _find_provider(tokens: Tokens, claimed: bytes, text: str) -> tuple[str, int, int] | None:
    """The provider named in `text` (the cleaned text, claimed tokens masked); "provider X"
    wins over "by X" / "from X" ("webinar by NASM provider Power Systems": NASM is the body,
    Power Systems the provider). A name runs over up to six words, to a stop word, a claimed
    token or punctuation that ends a phrase."""
    n = len(tokens)
    for first_kw, t in _provider_keywords(tokens, claimed):
        start = tokens[first_kw].start
        pos = tokens[t].start if t < n else len(text)
        lead = t
        if t + 1 < n and tokens[t].low == "the" and not claimed[t] and tokens[t + 1].kind == SPACE:
            lead = t + 2  # "from the NSCA"
        body_end = _provider_body(tokens, claimed, lead)
        if body_end is not None:
            return text[tokens[lead].start : body_end], start, body_end
        words: list[tuple[str, int]] = []
        while len(words) < 6:
            while t < n and tokens[t].kind == SPACE and not claimed[t]:
                t += 1
            first = t
            while (
                t < n
                and tokens[t].kind != SPACE
                and not claimed[t]
                and tokens[t].text not in _PROVIDER_BREAK
                and "," not in tokens[t].text  # "1,5" ends a name, like any comma
            ):
                t += 1
            if t == first:
                break
            word = text[tokens[first].start : tokens[t - 1].end]
            if word.lower() in _PROVIDER_STOP or word.startswith("#"):
                break
            words.append((word, tokens[t - 1].end))
        if not words:
            continue
        first_word = words[0][0].lower().strip(".")
        if first_word in _PROVIDER_NOT or first_word in ("a", "an") or first_word[:1].isdigit():
            continue
        name = text[pos : words[-1][1]].rstrip(".:-'\"")
        if not name.strip():
            continue
        return " ".join(name.split())[:100], start, pos + len(name)
    return None
