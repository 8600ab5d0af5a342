"""/progress, /export (CSV and PDF) and the nudges show the same numbers for the same data: they
all read one CertProgress from `cert_progress`."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from knowledge.rules import load_rules
from tests.core.test_export import pdf_text_streams
from tracker import export
from tracker.models import Activity, Certification, UserSettings
from tracker.progress import cert_progress, format_progress
from tracker.reminders import CertState, due_nudges, format_nudge_message

RULES = load_rules()
DEADLINE = date(2027, 6, 30)
TODAY = date(2027, 5, 31)  # 30 days before the deadline: a milestone nudge is due


def test_same_numbers_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    cert = Certification(1, 7, "NASM", DEADLINE, starting_units=0.2)
    activities = [
        Activity(1, 7, date(2026, 1, 10), "NASM course", 6.0, body="NASM"),
        Activity(2, 7, date(2026, 2, 10), "ACE seminar", 5.0, body="ACE"),  # petition: not added
        Activity(3, 7, date(2026, 3, 10), "CPR/AED", 4.0, is_cpr=True),  # 0.1 once per card
        Activity(4, 7, date(2026, 4, 10), "CPR refresher", 4.0, is_cpr=True),  # same card: 0
        Activity(5, 7, date(2026, 5, 10), "webinar", 3.0),
        Activity(6, 7, date(2026, 6, 10), "kettlebells", 2.0),  # the user said: doesn't count
        Activity(7, 7, date(2024, 6, 10), "old course", 9.0),  # an earlier cycle
    ]
    choices = {"NASM": {6: "no"}}
    p = cert_progress(cert, RULES["NASM"], activities, date(2030, 1, 1), TODAY, choices)
    # 0.6 + 0.1 + 0.3 + 0.2 starting = 1.2 CEUs; 0.8 still missing (8 h)
    assert p.earned_units == pytest.approx(1.2)

    shown = format_progress([p], 0, "UTC")
    assert "1.2 / 2.0 CEUs (12 / 20 h)" in shown
    assert "Needs approval / petition, not added: #2 ACE seminar" in shown

    rows = list(csv.DictReader(io.StringIO(export.export_csv(activities, [p.rule], [p]).decode("utf-8-sig"))))  # fmt: skip
    in_cycle = [r for r in rows if r["date"] >= p.cycle_start.isoformat()]
    from_rows = sum(float(r["nasm_ceus"]) for r in in_cycle)
    assert from_rows + p.starting_units == pytest.approx(p.earned_units)
    by_title = {r["title"]: r for r in rows}
    assert by_title["ACE seminar"]["counts_for"] == "NASM: needs approval"
    assert by_title["ACE seminar"]["nasm_ceus"] == "0"
    assert by_title["kettlebells"]["counts_for"] == "NASM: does not count"

    monkeypatch.setattr(export, "find_unicode_font", lambda: None)
    pdf = pdf_text_streams(export.export_pdf(activities, [(cert, p.rule)], [p], "Dana", TODAY))
    assert b"1.2 / 2.0 CEUs \\(12 / 20 h\\)" in pdf  # PDF escapes ( )

    settings = UserSettings(user_id=7)
    now = datetime(2027, 5, 31, 12, 0, tzinfo=UTC)
    plan = due_nudges(settings, [CertState(cert, p)], set(), now, None)
    message = format_nudge_message(plan.send, "UTC")
    assert "Still missing: 8 h (0.8 CEUs)" in message
