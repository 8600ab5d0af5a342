"""Normalising a message and finding the certifying bodies it names.

`normalize` lowercases, mends apostrophes and mojibake, splits "3h" into "3 h" and drops
punctuation. `BodyFinder` finds bodies by their code, name and aliases (longest phrase first),
and single-letter slips of a code ("nsam", "acms"), with the one resolver of knowledge/names.py;
`mask` replaces each body with one placeholder word so the classifier learns the question, not
the body.
Pure: no Telegram, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from knowledge.names import body_names
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


class BodyFinder:
    """Which certifying bodies a normalised message names, in order of appearance: the one
    phrase table of knowledge/names.py, with one-letter slips of a code read as that body."""

    def __init__(self, rules: Mapping[str, Rule]):
        self.names = body_names(rules)
        self.phrases = self.names.phrases  # every phrase and the code it stands for
        # what masking depends on: the phrases and the words that are no slips (in the model's
        # fingerprint, so an edit to either makes knowledge/model.npz stale)
        self.fingerprint = self.names.fingerprint

    def spans(self, norm: str) -> list[tuple[int, int, str]]:
        """(start, end, code) of every body named in a normalised text."""
        return self.names.spans(norm, slips=True)

    def find(self, norm: str) -> tuple[str, ...]:
        """Codes named, first mention first, without repeats."""
        return self.names.find(norm, slips=True)

    def mask(self, norm: str) -> str:
        """The text with each body replaced by BODY_TOKEN and each number by NUMBER_TOKEN."""
        out, pos = [], 0
        for a, b, _ in self.spans(norm):
            out.append(norm[pos:a])
            out.append(BODY_TOKEN)
            pos = b
        out.append(norm[pos:])
        return re.sub(r"\b\d+(?:\.\d+)?\b", NUMBER_TOKEN, "".join(out))
