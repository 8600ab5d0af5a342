"""The matcher: cross-validated accuracy over the corpus, body slot, small talk, conversions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.corpus import Example, groups, load_corpus, parse_corpus
from knowledge.evaluate import Report, cross_validate, folds
from knowledge.faq import Matcher, Settings, load_matcher, out_of_scope_reply
from knowledge.rules import load_rules
from knowledge.text import BodyFinder, normalize

# Floors for the grouped 5-fold cross-validated figures (bench/faq.py prints them). Measured
# 2026-12-03: 83.4 % of in-scope messages answered with the right topic, 82.8 % of
# out-of-scope messages rejected. The floors sit a few points under the measurement: a change
# that costs more than that fails here.
IN_SCOPE_FLOOR = 0.80
OOS_FLOOR = 0.79


@pytest.fixture(scope="module")
def cv_report() -> Report:
    return cross_validate(k=5)


def test_cross_validated_accuracy_stays_above_the_floor(cv_report: Report) -> None:
    assert Report.rate(cv_report.in_scope) >= IN_SCOPE_FLOOR, cv_report.in_scope
    assert Report.rate(cv_report.oos) >= OOS_FLOOR, cv_report.oos


def test_every_topic_is_measured(cv_report: Report) -> None:
    from knowledge.answers import load_topics

    measured = set(cv_report.per_intent)
    assert set(load_topics()) <= measured
    assert all(total >= 10 for _, total, _ in cv_report.per_intent.values())


def test_folds_keep_near_copies_together() -> None:
    finder = BodyFinder(load_rules())
    texts = [
        "nasm grace period",
        "ace grace period",
        "what is a ceu",
        "what is a ceu?",
        "cpr online ok",
    ]
    masked = [finder.mask(normalize(t)) for t in texts]
    gids = groups(masked)
    assert gids[0] == gids[1] and gids[2] == gids[3] and len(set(gids)) == 3
    split = folds(gids, 2)
    for fold in split:
        assert (0 in fold) == (1 in fold) and (2 in fold) == (3 in fold)


def test_corpus_rows_are_well_formed() -> None:
    corpus = load_corpus()
    assert len(corpus) > 3000
    with pytest.raises(ValueError):
        parse_corpus(["only two\tfields"])
    assert parse_corpus(["# comment", "hi\tsmalltalk\t\tkb"]) == [
        Example("hi", "smalltalk", "", "kb")
    ]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("does nasm accept ace cecs", ("NASM", "ACE")),
        ("my nsam cert", ("NASM",)),
        ("acms late fee", ("ACSM",)),
        ("american council on exercise renewal", ("ACE",)),
        ("nsca cscs ceus", ("NSCA",)),
        ("clinical exercise physiologist recert", ("ACSM-EP",)),
        ("that was a neat course", ()),
    ],
)
def test_bodies_are_found_by_name_alias_and_slip(text: str, codes: tuple[str, ...]) -> None:
    assert BodyFinder(load_rules()).find(normalize(text)) == codes


@pytest.mark.parametrize(
    "text", ["hi", "hii", "heyyy", "thankss", "thanks!", "good morning", "bye"]
)
def test_smalltalk(text: str) -> None:
    assert load_matcher().match(text).kind == "smalltalk"


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("2.0 nasm ceus", "2.0 NASM CEUs = 20 hours"),
        ("15 afaa ceus", "15 AFAA CEUs = 15 hours"),
        ("how many hours is 1.5 nasm ceus", "1.5 NASM CEUs = 15 hours"),
        ("how many hrs is .5 ace cec", "0.5 ACE CECs = 5 hours"),
        ("how many nasm ceus is 12 hours", "12 hours = 1.2 NASM CEUs"),
        ("90 minutes in ncsf ceus", "1.5 hours = 0.75 NCSF CEUs"),
    ],
)
def test_conversions_are_computed_from_the_rules(text: str, fact: str) -> None:
    m = load_matcher().match(text)
    assert m.kind == "computed" and fact in m.reply


def test_conversion_notes_the_bodys_own_unit() -> None:
    assert "ACE calls them CECs" in load_matcher().match("how many hours is 2 ace ceus").reply


def test_nccpt_hours_are_not_invented() -> None:
    assert (
        "does not say how many hours"
        in load_matcher().match("how many hours is 2 nccpt ceus").reply
    )


@pytest.mark.parametrize(
    "text",
    [
        "do i need 2.0 nasm ceus every 2 years",
        "my cpr class was 4 hours, does it count toward my ncsf ceus",
    ],
)
def test_numbers_in_other_questions_are_not_converted(text: str) -> None:
    assert load_matcher().match(text).kind != "computed"


def test_the_body_named_is_the_slot() -> None:
    m = load_matcher().match("how much does it cost to renew nasm")
    assert m.bodies == ("NASM",)


def test_a_close_runner_up_offers_choices() -> None:
    matcher = load_matcher()
    wide = Matcher(matcher.knowledge, settings=Settings(choose_margin=10.0))
    m = wide.match("what do I need to renew nasm")
    assert m.kind == "choose" and len(m.candidates) >= 2


def test_out_of_scope_reply_is_short() -> None:
    assert len(out_of_scope_reply().splitlines()) <= 3


def test_a_stale_model_is_retrained_from_the_corpus(tmp_path: Path) -> None:
    matcher = load_matcher()
    assert matcher.model_is_current()
    assert not matcher.model_is_current(tmp_path / "missing.npz")
    small = tuple(e for e in load_corpus() if e.intent in ("oos", "fees", "late"))
    trained = Matcher(matcher.knowledge, corpus=small)
    assert set(trained.model.classes) == {"oos", "fees", "late"}
    path = tmp_path / "m.npz"
    trained.save(path)
    assert trained.model_is_current(path) and not matcher.model_is_current(path)


def test_core_stays_pure() -> None:
    root = Path(__file__).resolve().parents[2]
    for folder in ("knowledge", "tracker"):
        for path in (root / folder).glob("*.py"):
            source = path.read_text(encoding="utf-8")
            assert not re.search(r"^\s*(import|from)\s+telegram", source, re.M), path
            assert "datetime.now" not in source and "date.today" not in source, path
