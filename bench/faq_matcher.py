"""FAQ matcher figures over tests/core/faq_labelled.toml and the held-out sets
tests/core/faq_blind.toml, tests/core/faq_fresh.toml and tests/core/faq_fresh2.toml: accuracy, rejection, latency.

Run: .venv/bin/python -m bench.faq_matcher   (or .venv/bin/python bench/faq_matcher.py)
"""

from __future__ import annotations

import statistics
import sys
import time
import tomllib
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.faq import FaqIndex, load_faq  # noqa: E402

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "core" / "faq_labelled.toml"
BLIND = LABELLED.with_name("faq_blind.toml")
FRESH = LABELLED.with_name("faq_fresh.toml")
FRESH2 = LABELLED.with_name("faq_fresh2.toml")
HELD_OUT = {"blind": BLIND, "fresh": FRESH, "fresh2": FRESH2}


def load_labelled(path: Path = LABELLED) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def evaluate(index: FaqIndex, labelled: dict) -> dict:
    """Accuracy, rejection and the misses (no timing)."""
    misses, rejected_wrongly, chosen = [], [], 0
    correct = 0
    for text, expected in labelled["in_domain"]:
        m = index.match(text)
        if m.kind == "answer" and m.entry is not None and m.entry.id == expected:
            correct += 1
            continue
        if m.kind == "choose":
            chosen += 1
        got = m.entry.id if m.entry else [c.id for c in m.candidates]
        misses.append((text, expected, m.kind, got, round(m.score, 1)))
    rejected = 0
    for text in labelled["out_of_scope"]:
        m = index.match(text)
        if m.kind == "out_of_scope":
            rejected += 1
        else:
            got = m.entry.id if m.entry else [c.id for c in m.candidates]
            rejected_wrongly.append((text, m.kind, got, round(m.score, 1)))
    smalltalk = sum(index.match(t).kind == "smalltalk" for t in labelled.get("smalltalk", []))
    n_in, n_out = len(labelled["in_domain"]), len(labelled["out_of_scope"])
    return {
        "in_domain": n_in,
        "accuracy": correct / n_in,
        "choose": chosen,
        "out_of_scope": n_out,
        "rejection_rate": rejected / n_out,
        "smalltalk_ok": f"{smalltalk}/{len(labelled.get('smalltalk', []))}",
        "misses": misses,
        "accepted_out_of_scope": rejected_wrongly,
    }


def run() -> dict:
    """Accuracy, rejection rate, median and p99 match latency (ms) over the labelled set, and
    each held-out set's figures (flat keys blind_*, fresh_*, fresh2_*, full result under its name)."""
    labelled = load_labelled()
    held_out = {name: load_labelled(path) for name, path in HELD_OUT.items()}
    t0 = time.perf_counter()
    index = load_faq()
    build_ms = (time.perf_counter() - t0) * 1000
    result = evaluate(index, labelled)
    for name, data in held_out.items():
        figures = evaluate(index, data)
        result.update(
            {
                f"{name}_accuracy": round(figures["accuracy"], 4),
                f"{name}_rejection_rate": round(figures["rejection_rate"], 4),
                name: figures,
            }
        )
    texts = []
    for data in (labelled, *held_out.values()):
        texts += [t for t, _ in data["in_domain"]] + data["out_of_scope"]
    timings = []
    for _ in range(5):
        for text in texts:
            start = time.perf_counter()
            index.match(text)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    result.update(
        build_ms=round(build_ms, 1),
        median_ms=round(statistics.median(timings), 3),
        p99_ms=round(timings[int(len(timings) * 0.99) - 1], 3),
        entries=len(index.entries),
    )
    return result


def _print_set(name: str, r: dict) -> None:
    for text, expected, kind, got, score in r["misses"]:
        print(f"[{name}] miss: {text!r} expected {expected}, got {kind} {got} ({score})")
    for text, kind, got, score in r["accepted_out_of_scope"]:
        print(f"[{name}] not rejected: {text!r} -> {kind} {got} ({score})")
    print(
        f"{name}: in-domain {r['in_domain']}: accuracy {r['accuracy']:.1%} (choose "
        f"{r['choose']}) | out-of-scope {r['out_of_scope']}: rejected {r['rejection_rate']:.1%}"
        f" | smalltalk {r['smalltalk_ok']}"
    )


if __name__ == "__main__":
    r = run()
    _print_set("labelled", r)
    for name in HELD_OUT:
        _print_set(name, r[name])
    print(
        f"entries {r['entries']} | match median {r['median_ms']} ms, p99 {r['p99_ms']} ms "
        f"| index build {r['build_ms']} ms"
    )
