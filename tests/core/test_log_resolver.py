"""The /log resolver: recognisers claim spans of one cleaned text, and claims never overlap.

Checked over every phrasing the corpora accept."""

from __future__ import annotations

from datetime import date

import pytest

from tests.core.log_corpora import params
from tracker.activities import explain, parse_log

TODAY = date(2026, 11, 28)


def _text(case: tuple) -> str:
    first = case[0]
    return first if isinstance(first, str) else first.text  # fresh's Case


TEXTS = sorted({_text(param.values[1]) for param in params("GOOD_CASES")})


def test_the_corpora_are_all_here():
    assert len(TEXTS) > 700


@pytest.mark.parametrize("text", TEXTS)
def test_claimed_spans_never_overlap(text):
    spans = sorted(explain(text, TODAY), key=lambda s: s.start)
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start, (a, b)


def test_each_recogniser_claims_its_own_kind():
    kinds = [s.kind for s in explain("0.5 CEU NASM course #A123 from NASM 3 Oct x2", TODAY)]
    assert kinds == ["credits", "repeat", "course", "date", "provider"]
    assert [s.kind for s in explain("9am-5pm workshop at 7pm", TODAY)] == ["clock", "time"]
    parsed = parse_log("about 3 hours kettlebell workshop yesterday", TODAY)
    assert parsed.title == "kettlebell workshop" and parsed.hours == 3
