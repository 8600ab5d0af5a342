"""Validation behind `python -m knowledge check` (also run by the tests)."""

from __future__ import annotations

import re

from knowledge.answers import Knowledge, load_facts, load_topics
from knowledge.corpus import load_corpus
from knowledge.names import BodyNames, load_not_slips
from knowledge.rules import load_rules

MAX_MESSAGE = 4096
# Internal names that must never reach a user.
INTERNAL = re.compile(
    r"cec-vs-ceu\.txt|\.toml\b|\.tsv\b|\.npz\b|\.py\b|recertbot /help|source document", re.I
)
_ALLOWED_TAG = re.compile(r'</?(?:b|i|code)>|<a href="[^"<>]+">|</a>')


def html_problems(text: str) -> list[str]:
    problems = []
    bare = _ALLOWED_TAG.sub("", text)
    if "<" in bare or ">" in bare:
        problems.append("unescaped < or > (only <b>, <i>, <code>, <a href> allowed)")
    if re.search(r"&(?!(?:amp|lt|gt|quot|#\d+);)", text):
        problems.append("unescaped &")
    for tag in ("b", "i", "code", "a"):
        opened = len(re.findall(rf"<{tag}[ >]", text))
        if opened != text.count(f"</{tag}>"):
            problems.append(f"unbalanced <{tag}>")
    return problems


def text_problems(where: str, text: str) -> list[str]:
    problems = [f"{where}: {p}" for p in html_problems(text)]
    if len(text) > MAX_MESSAGE:
        problems.append(f"{where}: longer than {MAX_MESSAGE} characters")
    if INTERNAL.search(re.sub(r'<a href="[^"]*">', "", text)):
        problems.append(f"{where}: names an internal file or document")
    if not text.strip():
        problems.append(f"{where}: empty")
    return problems


def every_answer(kb: Knowledge) -> list[tuple[str, str]]:
    """(where, text) for every answer the grid can give."""
    out = []
    for topic in kb.topics.values():
        if topic.kind in ("general", "usage", "slot"):
            out.append((f"topic {topic.id} (general)", kb.general_answer(topic.id)))
        if topic.kind == "slot":
            for code in kb.rules:
                out.append((f"topic {topic.id} x {code}", kb.answer(topic.id, (code,))))
            out.append((f"topic {topic.id} x all bodies", kb.answer(topic.id, tuple(kb.rules))))
    return out


def check() -> tuple[list[str], str]:
    """(problems, one-line summary)."""
    problems: list[str] = []
    try:
        rules = load_rules()
        topics = load_topics()
        facts = load_facts()
        corpus = load_corpus()
        names = BodyNames(rules, load_not_slips())
    except Exception as exc:  # noqa: BLE001 - any load failure is a validation problem
        return [f"cannot load: {exc}"], ""
    for code in facts:
        if code not in rules:
            problems.append(f"facts for {code}, which has no rules")
    for word in sorted(names.not_slips):
        if (word,) in names.table:
            problems.append(f"not_slips: {word!r} is a body's name ({names.table[(word,)]})")
    known = set(topics) | {"oos", "smalltalk"}
    for n, e in enumerate(corpus, 1):
        if e.intent not in known:
            problems.append(f"corpus row {n}: unknown intent {e.intent!r}")
        if e.body and e.body not in rules:
            problems.append(f"corpus row {n}: unknown body {e.body!r}")
    kb = Knowledge(topics, rules, facts)
    answers = every_answer(kb)
    for where, text in answers:
        problems += text_problems(where, text)
    for topic in topics.values():
        problems += text_problems(f"topic {topic.id} label", topic.label)
        if len(topic.label.encode()) > 40:
            problems.append(f"topic {topic.id}: label too long for a button")
    if not problems:
        from knowledge.faq import Matcher

        try:
            matcher = Matcher()
        except RuntimeError as exc:
            problems.append(str(exc))
        else:
            if not matcher.model_is_current():
                problems.append(
                    "knowledge/model.npz is older than the corpus: run python -m knowledge build"
                )
    n_facts = sum(len(b.facts) for b in facts.values())
    summary = (
        f"{len(topics)} topics, {len(rules)} bodies, {n_facts} facts, {len(corpus)} labelled "
        f"messages, {len(answers)} answers rendered"
    )
    return problems, summary
