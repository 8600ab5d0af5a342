"""The one number formatter: half-up on the written decimal, used by replies, chart and exports."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.numbers import format_number, toward_requirement
from knowledge.rules import load_rules
from tracker.chart import chart_title
from tracker.models import Activity
from tracker.progress import compute_progress, format_progress, format_units

RULES = load_rules()


@pytest.mark.parametrize(
    ("value", "args", "text"),
    [
        (0.075, (), "0.08"),  # float round() gives 0.07
        (2.675, (), "2.68"),  # float round() gives 2.67
        (0.125, (), "0.13"),  # banker's rounding gives 0.12
        (1.005, (), "1.01"),
        (0.0749, (), "0.07"),
        (2.0, (2, 1), "2.0"),
        (15.0, (), "15"),
        (0.1 + 0.2, (), "0.3"),
        (-0.001, (), "0"),
        (1.25, (1,), "1.3"),
        (0.12345, (4,), "0.1235"),
        (0.075, (2,), "0.08"),
    ],
)
def test_half_up(value: float, args: tuple[int, ...], text: str) -> None:
    assert format_number(value, *args) == text


def test_floor_and_odd_values() -> None:
    assert format_number(0.079, floor=True) == "0.07"
    # Never stored on purpose (the parser refuses them), but a reply must not crash on one.
    assert format_number(float("inf")) == "∞"
    assert format_number(float("nan")) == "?"
    assert format_number(1e30)  # beyond Decimal's precision: still a text


def test_toward_requirement_never_reads_complete_early() -> None:
    assert toward_requirement(1.996, 2.0, complete=False) == pytest.approx(1.99)
    assert toward_requirement(0.075, 2.0, complete=False) == pytest.approx(0.08)
    assert toward_requirement(2.5, 2.0, complete=True) == 2.5
    assert toward_requirement(1.9999999, 2.0, complete=True) == 2.0


def test_units_use_half_up() -> None:
    assert format_units(0.075) == "0.08"


def progress_for(hours: float):
    activity = Activity(1, 7, date(2026, 1, 1), "webinar", hours)
    return compute_progress(RULES["NASM"], date(2027, 6, 30), [activity], None, date(2026, 11, 28))


@pytest.mark.parametrize(
    ("hours", "shown"), [(0.75, "0.75 / 20 h"), (19.996, "19.99 / 20 h"), (7.125, "7.13 / 20 h")]
)
def test_chart_title_and_progress_text_agree(hours: float, shown: str) -> None:
    p = progress_for(hours)
    assert chart_title(p) == f"NASM — {shown}"
    assert f"({shown})" in format_progress([p], hours, "UTC")


def test_progress_text_rounds_half_up() -> None:
    assert "0.08 / 2.0 CEUs" in format_progress([progress_for(0.75)], 0.75, "UTC")
