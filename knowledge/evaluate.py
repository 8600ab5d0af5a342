"""Grouped k-fold cross-validation of the matcher over the corpus (bench/faq.py, the tests).

Rows are grouped so that near-copies of one phrasing (same words once bodies and numbers are
masked, or a fuzzy ratio of 90+) never sit on both sides of a split. Each fold trains a matcher
on the other folds and reads its own rows; `score` then applies the decision settings, so the
cut-offs can be compared on one set of out-of-fold scores.
Needs scikit-learn (the test extra). Pure: no Telegram, no clock.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from knowledge.answers import Knowledge, load_knowledge
from knowledge.corpus import Example, groups, load_corpus
from knowledge.faq import Match, Matcher, Settings
from knowledge.text import BodyFinder, normalize


@dataclass
class Report:
    per_intent: dict[str, list[int]] = field(
        default_factory=dict
    )  # intent -> [right, total, offered]
    wrong: list[tuple[str, str, str]] = field(default_factory=list)  # (text, expected, got)

    def _sum(self, pick) -> tuple[int, int]:
        rows = [v for k, v in self.per_intent.items() if pick(k)]
        return sum(r[0] for r in rows), sum(r[1] for r in rows)

    @property
    def in_scope(self) -> tuple[int, int]:
        return self._sum(lambda k: k not in ("oos", "smalltalk"))

    @property
    def oos(self) -> tuple[int, int]:
        return self._sum(lambda k: k == "oos")

    @property
    def offered(self) -> int:
        """In-scope rows not answered outright but offered among the did-you-mean buttons."""
        return sum(v[2] for k, v in self.per_intent.items() if k not in ("oos", "smalltalk"))

    @staticmethod
    def rate(pair: tuple[int, int]) -> float:
        return pair[0] / pair[1] if pair[1] else 0.0


def judge(example: Example, match: Match) -> tuple[bool, bool]:
    """(right, offered among the choices)."""
    if example.intent == "oos":
        return match.kind == "out_of_scope", False
    if example.intent == "smalltalk":
        return match.kind == "smalltalk", False
    right = match.kind in ("answer", "personal", "computed") and match.topic == example.intent
    return right, match.kind == "choose" and example.intent in match.candidates


def folds(group_ids: list[int], k: int, seed: int = 0) -> list[list[int]]:
    rng = np.random.default_rng(seed)
    uniq = sorted(set(group_ids))
    rng.shuffle(uniq)
    fold_of = {g: i % k for i, g in enumerate(uniq)}
    return [[i for i, g in enumerate(group_ids) if fold_of[g] == f] for f in range(k)]


def out_of_fold(
    corpus: tuple[Example, ...] | None = None, k: int = 5, knowledge: Knowledge | None = None
) -> tuple[list[Example], list, Matcher]:
    """Each row's reading by a matcher trained without its group (and one such matcher)."""
    corpus = corpus if corpus is not None else load_corpus()
    knowledge = knowledge or load_knowledge()
    finder = BodyFinder(knowledge.rules)
    gids = groups([finder.mask(normalize(e.text)) for e in corpus])
    readings: list = [None] * len(corpus)
    matcher = None
    for test in folds(gids, k):
        held = set(test)
        matcher = Matcher(knowledge, corpus=tuple(e for i, e in enumerate(corpus) if i not in held))
        for i in test:
            readings[i] = matcher.read(corpus[i].text)
    assert matcher is not None
    return list(corpus), readings, matcher


def score(examples: list[Example], readings: list, matcher: Matcher, settings: Settings) -> Report:
    matcher.settings = settings
    report = Report(defaultdict(lambda: [0, 0, 0]))
    for e, r in zip(examples, readings, strict=True):
        match = r if isinstance(r, Match) else matcher.decide(*r)
        right, offered = judge(e, match)
        row = report.per_intent[e.intent]
        row[0] += right
        row[1] += 1
        row[2] += offered
        if not right:
            report.wrong.append(
                (e.text, e.intent, match.kind + (":" + match.topic if match.topic else ""))
            )
    report.per_intent = dict(report.per_intent)
    return report


def cross_validate(k: int = 5, settings: Settings | None = None) -> Report:
    examples, readings, matcher = out_of_fold(k=k)
    return score(examples, readings, matcher, settings or Settings())
