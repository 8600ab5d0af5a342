"""FAQ-page questions: how the bot handles questions worded exactly as the certifying bodies'
own FAQ and renewal pages word them (knowledge/faq_pages.tsv: question, page, body, label).

For each question: (a) is the topic right (answered outright with the labelled topic; an `oos`
label is right when the question is rejected), (b) for an in-scope question answered outright,
is the reply a real answer or the "I don't have X's rule on ..." fallback. A question that names
no body is answered as for a trainer who saved the page's body (/cert), as the bot would.
Also: for the labelled topic and the page's body, does the facts base have an answer at all
(what the trainer would get once the topic is right).

Once the questions are in the corpus (origin faq-pages-2026-12) the saved model has seen them,
so this reads each one with a matcher trained without its group (grouped 5-fold, as
bench/faq.py does); before that, with the saved model, exactly as the bot answers.

Run: .venv/bin/python bench/faq_pages.py [-v]   (-v lists every miss; needs the test extra)
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.answers import load_knowledge  # noqa: E402
from knowledge.corpus import load_corpus  # noqa: E402
from knowledge.evaluate import out_of_fold  # noqa: E402
from knowledge.faq import Match, Matcher, load_matcher  # noqa: E402
from knowledge.text import BodyFinder, normalize  # noqa: E402

PAGES = Path(__file__).resolve().parents[1] / "knowledge" / "faq_pages.tsv"
ORIGIN = "faq-pages-2026-12"
FALLBACK = "I don't have "


def load_pages() -> list[tuple[str, str, str, str]]:
    with PAGES.open(encoding="utf-8") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]
    return [(q, url, body, intent) for q, url, body, intent in rows]


def readings(questions: list[str]) -> tuple[list[Match], str]:
    """A Match per question, and how it was read."""
    in_corpus = {e.text for e in load_corpus() if e.origin == ORIGIN}
    if not in_corpus:
        matcher = load_matcher()
        return [matcher.match(q) for q in questions], "saved model (the questions are unseen)"
    examples, reads, matcher = out_of_fold(k=5)
    by_text: dict[str, Match] = {}
    for e, r in zip(examples, reads, strict=True):
        if e.origin == ORIGIN:
            by_text[e.text] = r if isinstance(r, Match) else matcher.decide(*r)
    fresh = Matcher(matcher.knowledge)  # questions not in the corpus: the full model
    return [by_text.get(q) or fresh.match(q) for q in questions], "grouped 5-fold, out of fold"


def main(verbose: bool = False) -> None:
    kb = load_knowledge()
    finder = BodyFinder(kb.rules)
    rows = load_pages()
    matches, how = readings([q for q, *_ in rows])
    right = Counter()
    total = Counter()
    answered = real = 0
    cell_total = cell_real = 0
    per_body: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses, fallbacks, empty_cells = [], [], []
    for (q, _url, body, intent), m in zip(rows, matches, strict=True):
        scope = "oos" if intent == "oos" else "in scope"
        total[scope] += 1
        per_body[body][1] += 1
        if intent == "oos":
            ok = m.kind == "out_of_scope"
        else:
            ok = m.kind in ("answer", "personal", "computed") and m.topic == intent
        right[scope] += ok
        per_body[body][0] += ok
        if not ok:
            misses.append((q, intent, m.kind + (":" + m.topic if m.topic else "")))
        saved = () if m.bodies else (body,)
        if intent != "oos" and m.kind == "answer":
            answered += 1
            text = kb.answer(m.topic, m.bodies, saved)
            if text.startswith(FALLBACK):
                fallbacks.append((q, m.topic, (m.bodies or saved)[0]))
            else:
                real += 1
        if intent != "oos" and kb.topics[intent].kind == "slot":
            cell_total += 1
            named = finder.find(normalize(q))
            text = kb.answer(intent, named, () if named else (body,))
            if text.startswith(FALLBACK):
                empty_cells.append((intent, (named or (body,))[0], q))
            else:
                cell_real += 1

    # The same question from a trainer of any body: a question that names no body, its label's
    # cell for each of the bodies.
    grid_total = grid_real = 0
    for q, _url, _body, intent in rows:
        if intent == "oos" or kb.topics[intent].kind != "slot" or finder.find(normalize(q)):
            continue
        for code in kb.rules:
            grid_total += 1
            grid_real += not kb.answer(intent, (), (code,)).startswith(FALLBACK)

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f} % ({a}/{b})" if b else "-"

    print(f"FAQ-page questions ({len(rows)}, {PAGES.name}), read by: {how}")
    print(f"  in scope, right topic answered outright: {pct(right['in scope'], total['in scope'])}")
    print(f"  out of scope (label oos) rejected: {pct(right['oos'], total['oos'])}")
    print(
        f"  in-scope answers given outright that are real, not the fallback: {pct(real, answered)}"
    )
    print(
        f"  labelled topic x page body (slot topics): the facts base has an answer: {pct(cell_real, cell_total)}"
    )
    print(
        f"  the same labels asked for every body (questions naming none): an answer: {pct(grid_real, grid_total)}"
    )
    print("  per page body (right/total): " + ", ".join(
        f"{b} {r}/{t}" for b, (r, t) in sorted(per_body.items())
    ))  # fmt: skip
    if verbose:
        for q, want, got in misses:
            print(f"  MISS  want {want:14s} got {got:24s} {q}")
        for q, topic, body in fallbacks:
            print(f"  FALLBACK {topic}/{body}: {q}")
        for topic, body, q in empty_cells:
            print(f"  NO CELL {topic}/{body}: {q}")


if __name__ == "__main__":
    main(verbose="-v" in sys.argv[1:])
