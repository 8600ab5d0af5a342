"""Normalising a message and finding the certifying bodies it names.

`normalize` lowercases, mends apostrophes and mojibake, splits "3h" into "3 h" and drops
punctuation. `BodyFinder` finds bodies by their code, name and aliases (longest phrase first),
and single-letter slips of a code ("nsam", "acms") with rapidfuzz; `mask` replaces each body
with one placeholder word so the classifier learns the question, not the body.
Pure: no Telegram, no clock.
"""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz.distance import OSA

from knowledge.rules import Rule

BODY_TOKEN = "zbody"
NUMBER_TOKEN = "znum"

_QUOTES = re.compile(r"[\u2018\u2019\u0e42`\u00b4]|\u00e2\u20ac\u2122")


def normalize(text: str) -> str:
    """Lowercase words and numbers: apostrophes and mojibake fixed, punctuation gone."""
    s = _QUOTES.sub("'", text.lower())
    s = re.sub(r"'s\b", "", s).replace("'", "")
    s = re.sub(r"(?<![\d.])\.(\d)", r"0.\1", s)  # ".5" -> "0.5"
    s = re.sub(r"(\d)([a-z])", r"\1 \2", s)  # "3h" -> "3 h"
    s = re.sub(r"([a-z])(\d)", r"\1 \2", s)
    s = re.sub(r"[^a-z0-9.]+", " ", s)
    s = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", s)
    return " ".join(s.split())


# Other ways trainers name a body or one of its certifications.
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "ACSM-EP": (
        "acsm clinical exercise physiologist",
        "acsm certified exercise physiologist",
        "clinical exercise physiologist",
        "certified exercise physiologist",
        "exercise physiologist",
        "acsm ep c",
        "acsm epc",
        "acsm cep",
        "acsm ceps",
    ),
    "NSCA": ("nsca cscs", "nsca cpt", "cscs", "strength and conditioning association"),
    "ACE": ("ace cpt", "ace gfi", "american council"),
    "AFAA": ("afaa gfi", "afaa cpt"),
    "ACSM": ("acsm ex phys", "acsm cpt", "acsm gei", "acsm gex"),
    "NCSF": ("ncsf cpt",),
}

# Words one letter from a body code that are words, not slips ("neat" is not NETA).
_NOT_BODIES = frozenset("aces acme nets neat nest near nasa isa issue issues acne nasty".split())


class BodyFinder:
    """Which certifying bodies a normalised message names, in order of appearance."""

    def __init__(self, rules: dict[str, Rule]):
        phrases: dict[str, str] = {}
        for rule in rules.values():
            for phrase in (rule.code, rule.name, *rule.aliases, *EXTRA_ALIASES.get(rule.code, ())):
                key = normalize(phrase)
                if key:
                    phrases.setdefault(key, rule.code)
        self._codes = {normalize(r.code): r.code for r in rules.values()}
        alternation = "|".join(re.escape(k) for k in sorted(phrases, key=len, reverse=True))
        self._pattern = re.compile(rf"\b(?:{alternation})\b")
        self._phrases = phrases
        # what masking depends on: every phrase and the code it stands for (the model's fingerprint)
        self.phrases = sorted(f"{k}={v}" for k, v in phrases.items())
        # codes a slip of the finger can reach: four letters or more, one word
        self._slip_targets = [k for k in self._codes if len(k) >= 4 and " " not in k]

    @cache  # noqa: B019 - one finder per rules set, lives as long as the process
    def _slip(self, token: str) -> str | None:
        if len(token) < 4 or token in _NOT_BODIES or not token.isalpha():
            return None
        for key in self._slip_targets:
            if token[0] == key[0] and abs(len(token) - len(key)) <= 1:
                if OSA.distance(token, key, score_cutoff=1) <= 1:
                    return self._codes[key]
        return None

    def spans(self, norm: str) -> list[tuple[int, int, str]]:
        """(start, end, code) of every body named in a normalised text."""
        found = [
            (m.start(), m.end(), self._phrases[m.group(0)]) for m in self._pattern.finditer(norm)
        ]
        taken = [(a, b) for a, b, _ in found]
        for m in re.finditer(r"[a-z]+", norm):
            if any(a <= m.start() < b for a, b in taken):
                continue
            code = self._slip(m.group(0))
            if code:
                found.append((m.start(), m.end(), code))
        return sorted(found)

    def find(self, norm: str) -> tuple[str, ...]:
        """Codes named, first mention first, without repeats."""
        return tuple(dict.fromkeys(code for _, _, code in self.spans(norm)))

    def mask(self, norm: str) -> str:
        """The text with each body replaced by BODY_TOKEN and each number by NUMBER_TOKEN."""
        out, pos = [], 0
        for a, b, _ in self.spans(norm):
            if a < pos:
                continue
            out.append(norm[pos:a])
            out.append(BODY_TOKEN)
            pos = b
        out.append(norm[pos:])
        return re.sub(r"\b\d+(?:\.\d+)?\b", NUMBER_TOKEN, "".join(out))
