"""The labelled corpus: every message we have a label for, in one file (`corpus.tsv`).

One row per message: text, intent (a topic id from topics.toml, `oos` for out of scope,
`smalltalk`), the body it names if any, and where the row came from. The matcher trains on it;
`bench/faq.py` cross-validates on it; the tests read it.

Cross-validation is grouped: near-copies of one phrasing (the same words once body names and
numbers are masked, or a fuzzy ratio of 90 and more) share a group and never sit on both sides.
Pure: no Telegram, no clock.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

CORPUS_PATH = Path(__file__).with_name("corpus.tsv")


@dataclass(frozen=True)
class Example:
    text: str
    intent: str
    body: str  # a body code, or ""
    origin: str  # where the row came from (kb, labelled, blind, fresh, ...)


def parse_corpus(lines: list[str]) -> list[Example]:
    rows = csv.reader((ln for ln in lines if ln.strip() and not ln.startswith("#")), delimiter="\t")
    out = []
    for n, row in enumerate(rows, 1):
        if len(row) != 4:
            raise ValueError(f"corpus row {n}: want 4 tab-separated fields, got {len(row)}")
        text, intent, body, origin = (x.strip() for x in row)
        if not text or not intent:
            raise ValueError(f"corpus row {n}: empty text or intent")
        out.append(Example(text, intent, body.upper(), origin))
    return out


@cache
def load_corpus(path: Path = CORPUS_PATH) -> tuple[Example, ...]:
    return tuple(parse_corpus(path.read_text(encoding="utf-8").splitlines()))


def groups(masked: list[str], cutoff: float = 90.0) -> list[int]:
    """A group id per text: identical or fuzzy near-identical (ratio >= cutoff) texts share one.

    `masked` are the texts with bodies and numbers masked, so "nasm grace period" and
    "ace grace period" are one phrasing.
    """
    parent = list(range(len(masked)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    scores = process.cdist(masked, masked, scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1)
    for i in range(len(masked)):
        for j in scores[i, i + 1 :].nonzero()[0]:
            a, b = find(i), find(i + 1 + int(j))
            if a != b:
                parent[b] = a
    return [find(i) for i in range(len(masked))]
