"""How the matcher reads one batch of labelled questions: in scope answered outright with the
right topic, in scope offered among the did-you-mean choices, out of scope (label `oos`) rejected.

Two ways to read them:
  --file F.tsv   rows (text, intent, body) not yet in the corpus: the saved model reads them,
                 exactly as the bot would (the "before" figure for a batch about to be added)
  --origin O     rows of knowledge/corpus.tsv with that origin: each read by a matcher trained
                 without its group (grouped 5-fold, as bench/faq.py does), i.e. out of fold

Run: .venv/bin/python bench/faq_origin.py --origin faq-style-2026-12 [-v]   (needs the test extra)
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.corpus import Example, load_corpus  # noqa: E402
from knowledge.evaluate import judge, out_of_fold  # noqa: E402
from knowledge.faq import Match, load_matcher  # noqa: E402


def from_file(path: Path) -> tuple[list[Example], list[Match], str]:
    with path.open(encoding="utf-8") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]
    examples = [Example(r[0], r[1], (r[2] if len(r) > 2 else "").upper(), "file") for r in rows]
    matcher = load_matcher()
    return examples, [matcher.match(e.text) for e in examples], "saved model (rows unseen)"


def from_origin(origin: str) -> tuple[list[Example], list[Match], str]:
    if not any(e.origin == origin for e in load_corpus()):
        raise SystemExit(f"no corpus rows with origin {origin!r}")
    examples, reads, matcher = out_of_fold(k=5)
    picked = [(e, r) for e, r in zip(examples, reads, strict=True) if e.origin == origin]
    matches = [r if isinstance(r, Match) else matcher.decide(*r) for _, r in picked]
    return [e for e, _ in picked], matches, "grouped 5-fold, out of fold"


def main() -> None:
    ap = argparse.ArgumentParser()
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--file", type=Path)
    src.add_argument("--origin")
    ap.add_argument("-v", action="store_true", help="list every miss")
    args = ap.parse_args()
    examples, matches, how = from_file(args.file) if args.file else from_origin(args.origin)

    right, offered, total = Counter(), Counter(), Counter()
    per_intent: dict[str, list[int]] = {}
    misses = []
    for e, m in zip(examples, matches, strict=True):
        ok, off = judge(e, m)
        scope = "oos" if e.intent == "oos" else "in"
        named = "named" if e.body else "generic"
        for key in (scope, f"{scope}/{named}"):
            total[key] += 1
            right[key] += ok
            offered[key] += off
        row = per_intent.setdefault(e.intent, [0, 0, 0])
        row[0] += ok
        row[1] += 1
        row[2] += off
        if not ok:
            misses.append((e.text, e.intent, m.kind + (":" + m.topic if m.topic else "")))

    def pct(key: str) -> str:
        a, b = right[key], total[key]
        return f"{100 * a / b:.1f} % ({a}/{b})" if b else "-"

    print(f"{len(examples)} questions ({args.file or args.origin}), read by: {how}")
    print(
        f"  in scope, right topic answered outright: {pct('in')}; offered as a choice: {offered['in']}"
    )
    print(f"    naming a body: {pct('in/named')}; naming none: {pct('in/generic')}")
    print(f"  out of scope rejected: {pct('oos')}")
    print("  per topic (right/total, offered):")
    for intent, (r, t, o) in sorted(per_intent.items(), key=lambda kv: kv[1][0] / kv[1][1]):
        print(f"    {intent:22s} {100 * r / t:5.1f} %  {r}/{t}" + (f", {o} offered" if o else ""))
    if args.v:
        for text, want, got in misses:
            print(f"  MISS  want {want:20s} got {got:26s} {text}")


if __name__ == "__main__":
    main()
