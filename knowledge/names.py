"""Which certifying bodies a text names: one phrase table for every caller.

The table holds each body's code, name and aliases from `knowledge/bodies/<CODE>.toml` (the aliases
include the ways trainers name a body's certifications: "cscs", "ace gfi", "exercise
physiologist"), as lowercased alphanumeric words. `BodyNames.in_words` finds bodies in a list of
words, longest phrase first and without overlaps; with `slips` it also reads a one-letter slip of
a code of four letters or more ("nsam", "acms") as that body, except the real words listed in
`knowledge/names.toml` ("neat" is not NETA). `spans` gives character offsets in a raw or
normalised text, `exact` the body a whole text names (`/cert american council on exercise`).

Used by the FAQ's `knowledge.text.BodyFinder` (slips on: masking and the bodies a question names),
by `knowledge.rules.find_rule` and `/cert` (whole text, no slips), and by the `/log` parser
(`tracker/activities/names.py`, no slips). Pure: no Telegram, no clock.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz.distance import OSA

from knowledge.rules import Rule, RulesError, load_rules, phrase_words

NAMES_PATH = Path(__file__).with_name("names.toml")
SLIP_MIN_LETTERS = 4  # a code this long or longer can be reached by a one-letter slip

_TOKEN = re.compile(r"[A-Za-z0-9]+")


def load_not_slips(path: Path = NAMES_PATH) -> frozenset[str]:
    """Words one letter from a body code that are words, not slips ("neat" is not NETA)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"{path.name}: {exc}") from exc
    words = raw.get("not_slips")
    unknown = set(raw) - {"not_slips"}
    if unknown:
        raise RulesError(f"{path.name}: unknown keys {sorted(unknown)}")
    if not isinstance(words, list) or not all(
        isinstance(w, str) and re.fullmatch(r"[a-z]+", w) for w in words
    ):
        raise RulesError(f"{path.name}: not_slips must be a list of lowercase words")
    return frozenset(words)


class BodyNames:
    """The phrase table of one rules set, and the ways to find bodies with it."""

    def __init__(self, rules: Mapping[str, Rule], not_slips: Iterable[str] | None = None):
        self.rules = rules
        table: dict[tuple[str, ...], str] = {}
        question_only: set[tuple[str, ...]] = set()
        for rule in rules.values():
            for phrase in (rule.code, rule.name, *rule.aliases, *rule.question_aliases):
                key = phrase_words(phrase)
                if key:
                    table.setdefault(key, rule.code)
                    if phrase in rule.question_aliases:
                        question_only.add(key)
        if not table:
            raise RulesError("no body names")
        self.table = table
        # phrases that name a body in a question, not in an activity's title
        self.question_only = frozenset(question_only)
        self.longest = max(map(len, table))
        self._firsts = frozenset(key[0] for key in table)
        self.not_slips = frozenset(not_slips if not_slips is not None else load_not_slips())
        # codes a slip of the finger can reach: one word of four letters or more
        self._slip_targets = tuple(
            (key[0], rule.code)
            for rule in rules.values()
            for key in [phrase_words(rule.code)]
            if len(key) == 1 and len(key[0]) >= SLIP_MIN_LETTERS and key[0].isalpha()
        )
        self.slip = lru_cache(maxsize=4096)(self._slip)

    @property
    def phrases(self) -> list[str]:
        """Every phrase and the code it stands for ("american council=ACE"), sorted."""
        return sorted(f"{' '.join(k)}={v}" for k, v in self.table.items())

    @property
    def fingerprint(self) -> list[str]:
        """What finding bodies depends on (part of the topic model's fingerprint)."""
        return self.phrases + sorted(f"not a slip: {w}" for w in self.not_slips)

    def _slip(self, word: str) -> str | None:
        """The code `word` is a one-letter slip of ("nsam" -> NASM), or None."""
        if len(word) < SLIP_MIN_LETTERS or word in self.not_slips or not word.isalpha():
            return None
        for key, code in self._slip_targets:
            if word[0] == key[0] and abs(len(word) - len(key)) <= 1:
                if OSA.distance(word, key, score_cutoff=1) <= 1:
                    return code
        return None

    def in_words(
        self, words: Sequence[str], slips: bool = False, titles: bool = False
    ) -> list[tuple[int, int, str]]:
        """(i, j, code) for each body named by words[i:j], in order, without overlaps.

        `words` are lowercased alphanumeric words. At each word the longest phrase wins
        ("acsm ep" is ACSM-EP, not ACSM followed by "ep"); with `slips`, a word that starts no
        phrase may be a one-letter slip of a code. With `titles` (an activity's text), the
        question-only names ("exercise physiologist") are a subject, not a body."""
        out: list[tuple[int, int, str]] = []
        n = len(words)
        i = 0
        while i < n:
            if words[i] in self._firsts:
                for size in range(min(self.longest, n - i), 0, -1):
                    key = tuple(words[i : i + size])
                    code = self.table.get(key)
                    if code is not None and titles and key in self.question_only:
                        code = None
                    if code is not None:
                        out.append((i, i + size, code))
                        i += size
                        break
                else:
                    code = None
                if code is not None:
                    continue
            if slips:
                code = self.slip(words[i])
                if code is not None:
                    out.append((i, i + 1, code))
            i += 1
        return out

    def spans(
        self, text: str, slips: bool = False, titles: bool = False
    ) -> list[tuple[int, int, str]]:
        """(start, end, code): character offsets of each body named in a raw or normalised text."""
        tokens = list(_TOKEN.finditer(text))
        found = self.in_words([t.group(0).lower() for t in tokens], slips, titles)
        return [(tokens[i].start(), tokens[j - 1].end(), code) for i, j, code in found]

    def find(self, text: str, slips: bool = False, titles: bool = False) -> tuple[str, ...]:
        """Codes named in `text`, first mention first, without repeats."""
        return tuple(dict.fromkeys(code for _, _, code in self.spans(text, slips, titles)))

    def exact(self, text: str, slips: bool = False) -> Rule | None:
        """The body the whole of `text` names ("nasm", "ACSM-EP", "american council on
        exercise"), or None. With `slips`, one word may be a slip of a code ("nsam")."""
        key = phrase_words(text)
        code = self.table.get(key)
        if code is None and slips and len(key) == 1:
            code = self.slip(key[0])
        return self.rules[code] if code is not None else None


_BUILT: dict[int, tuple[Mapping[str, Rule], BodyNames]] = {}


def body_names(rules: Mapping[str, Rule] | None = None) -> BodyNames:
    """The resolver for `rules` (default: load_rules()), built once per rules set."""
    rules = rules if rules is not None else load_rules()
    held = _BUILT.get(id(rules))
    if held is not None and held[0] is rules:
        return held[1]
    names = BodyNames(rules, _default_not_slips())
    if len(_BUILT) >= 16:  # tests build many small rules sets; keep the last few
        _BUILT.pop(next(iter(_BUILT)))
    _BUILT[id(rules)] = (rules, names)
    return names


@cache
def _default_not_slips() -> frozenset[str]:
    return load_not_slips()
