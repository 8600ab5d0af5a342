"""`python -m knowledge check`: validate the knowledge; `python -m knowledge build`: train the model.

check: the rules, the body names (no phrase names two bodies, no word listed as "not a slip" is a
body's name), topics and facts load; every intent in the corpus is a topic; every answer (each
body on each body topic, each general answer) renders as Telegram HTML under 4,096 characters and
names no internal file; the model artefact (knowledge/model.npz) is current with the corpus.
build: trains the topic model on knowledge/corpus.tsv and writes knowledge/model.npz (needs the
test extra: scikit-learn).
"""

from __future__ import annotations

import sys

from knowledge.check import check


def main(argv: list[str]) -> int:
    if argv[:1] == ["build"]:
        from knowledge.faq import Matcher

        matcher = Matcher(retrain=True)
        matcher.save()
        print(
            f"wrote model: {len(matcher.model.classes)} classes, {len(matcher.model.vocab)} features"
        )
        return 0
    if argv[:1] != ["check"]:
        print("usage: python -m knowledge check | build", file=sys.stderr)
        return 2
    problems, summary = check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print(f"ok: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
