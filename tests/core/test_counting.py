"""Credits counted the way each body counts them: one table per rule, pure core, a fixed clock.

Every case builds activities, computes progress for one certification on a given day, and checks
the figures a user sees. The clock is a parameter (`today`), never the machine's."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from knowledge.rules import load_rules
from tracker.models import Activity
from tracker.progress import activity_kind, compute_progress, format_progress

RULES = load_rules()
CARD = date(2030, 1, 1)


def a(
    ident: int,
    on: date,
    hours: float,
    title: str = "workshop",
    body: str | None = None,
    card: date | None = None,
) -> Activity:
    return Activity(ident, 7, on, title, hours, body=body, card_expiry=card,
                    is_cpr=activity_kind(Activity(0, 0, on, title, 0)) != "general")  # fmt: skip


@dataclass
class Case:
    name: str
    code: str
    deadline: date
    activities: list[Activity]
    today: date
    earned: float  # units toward the total
    complete: bool
    card: date | None = CARD
    choices: dict[int, str] = field(default_factory=dict)
    certified_on: date | None = None
    starting: float = 0.0
    required: float | None = None
    missing: tuple[str, ...] | None = None
    listed: tuple[int, ...] = ()  # activity ids shown as needing approval / petition
    in_text: tuple[str, ...] = ()  # phrases the /progress block must contain


D = date(2027, 6, 30)
T = date(2026, 12, 1)
CASES = [
    # --- which certification an activity counts toward ---
    Case("ACE course is not NASM's without a petition", "NASM", D,
         [a(1, date(2026, 3, 1), 20, "ACE seminar", body="ACE")], T, 0.0, False, listed=(1,),
         in_text=("Needs approval / petition, not added: #1 ACE seminar", "$25 per course")),
    Case("NASM course counts for NASM", "NASM", D,
         [a(1, date(2026, 3, 1), 20, "NASM course", body="NASM")], T, 2.0, True),
    Case("no body named counts everywhere", "ACE", D, [a(1, date(2026, 3, 1), 20)], T, 2.0, True),
    Case("petition approved counts", "NASM", D,
         [a(1, date(2026, 3, 1), 20, "ACE seminar", body="ACE")], T, 2.0, True,
         choices={1: "approved"}),
    Case("petition pending is listed, not added", "NASM", D,
         [a(1, date(2026, 3, 1), 20, "ACE seminar", body="ACE")], T, 0.0, False,
         choices={1: "pending"}, listed=(1,), in_text=("(pending)",)),
    Case("user says it doesn't count", "ACE", D, [a(1, date(2026, 3, 1), 20)], T, 0.0, False,
         choices={1: "no"}),
    Case("NETA takes ACE credits 1:1 in hours", "NETA", D,
         [a(1, date(2026, 3, 1), 14, "ACE seminar", body="ACE"),
          a(2, date(2026, 3, 2), 6, "NETA workshop", body="NETA")], T, 20.0, True, card=None),
    Case("NETA needs 6 from NETA", "NETA", D,
         [a(1, date(2026, 3, 1), 20, "NASM course", body="NASM")], T, 20.0, False, card=None,
         missing=("At least 6 CECs from NETA courses: 0 so far",)),
    Case("NETA: ISSA course needs a petition", "NETA", D,
         [a(1, date(2026, 3, 1), 20, "ISSA course", body="ISSA")], T, 0.0, False, card=None,
         listed=(1,), in_text=("Other courses go to NETA by petition",)),
    Case("a body with no petition text: ask it", "ISSA", D,
         [a(1, date(2026, 3, 1), 20, "NASM course", body="NASM")], T, 0.0, False, listed=(1,),
         in_text=("Ask ISSA whether it accepts these before counting them.",)),
    Case("ACSM accepts directly related outside CE", "ACSM", date(2027, 12, 31),
         [a(1, date(2026, 3, 1), 45, "NASM course", body="NASM")], T, 45.0, True),
    Case("ACSM-EP takes ACSM courses", "ACSM-EP", date(2027, 12, 31),
         [a(1, date(2026, 3, 1), 60, "ACSM course", body="ACSM")], T, 60.0, True),
    # --- CPR/AED ---
    Case("AFAA: seven CPR/BLS/first-aid logs earn 2 once", "AFAA", D,
         [a(1, date(2026, 1, 1), 1, "CPR course"), a(2, date(2026, 2, 1), 1, "BLS refresher"),
          a(3, date(2026, 3, 1), 1, "AED course"), a(4, date(2026, 4, 1), 2, "first aid"),
          a(5, date(2026, 5, 1), 1, "CPR/AED"), a(6, date(2026, 6, 1), 1, "first aid course"),
          a(7, date(2026, 7, 1), 1, "BLS")], T, 2.0, False, listed=(4, 6)),
    Case("AEA: a CPR credit per card", "AEA", D,
         [a(1, date(2025, 8, 1), 1, "CPR", card=date(2026, 8, 1)),
          a(2, date(2025, 8, 2), 1, "CPR skills", card=date(2026, 8, 1)),
          a(3, date(2026, 8, 1), 1, "CPR", card=date(2027, 8, 1))], T, 6.0, False),
    Case("NASM: 0.1 of the 2.0 for CPR, once", "NASM", D,
         [a(1, date(2026, 1, 1), 4, "CPR/AED", card=date(2027, 1, 1)),
          a(2, date(2027, 1, 2), 4, "CPR/AED", card=date(2028, 1, 1)),
          a(3, date(2026, 2, 1), 19, "NASM course", body="NASM")], T, 2.0, True),
    Case("ACSM: CPR, AED and first aid capped at 5 a year", "ACSM", date(2027, 12, 31),
         [a(1, date(2026, 1, 10), 4, "CPR"), a(2, date(2026, 2, 10), 3, "first aid"),
          a(3, date(2027, 1, 10), 4, "AED")], T, 9.0, False),
    Case("ACSM counts in 0.5 steps", "ACSM", date(2027, 12, 31),
         [a(1, date(2026, 1, 10), 1.25), a(2, date(2026, 1, 11), 0.75)], T, 1.5, False),
    Case("ACE gives no CPR credit we can confirm", "ACE", D,
         [a(1, date(2026, 1, 1), 4, "CPR")], T, 0.0, False),
    # --- the card ---
    Case("credits done, card missing", "NASM", D, [a(1, date(2026, 3, 1), 20)], T, 2.0, False,
         card=None, in_text=("Credits done — you still need a current CPR/AED card (none recorded)",)),
    Case("credits done, card lapses before the deadline", "AFAA", D,
         [a(1, date(2026, 3, 1), 15, "AFAA course", body="AFAA")], T, 15.0, False,
         card=date(2027, 3, 1),
         in_text=("you still need a current CPR/AED card (yours expires 1 Mar 2027, before the deadline)",)),
    Case("NETA needs no card", "NETA", D, [a(1, date(2026, 3, 1), 20, "NETA", body="NETA")], T,
         20.0, True, card=None),
    # --- required parts ---
    Case("NCSF: 2 CPR + 1 ethics + 7 general", "NCSF", D,
         [a(1, date(2026, 1, 1), 1, "CPR"), a(2, date(2026, 2, 1), 2, "ethics in coaching"),
          a(3, date(2026, 3, 1), 14, "strength course")], T, 10.0, True,
         in_text=("By part: CPR/AED 2/2 ✓ · Ethics 1/1 ✓ · General 7/7 ✓",)),
    Case("NCSF: no ethics yet", "NCSF", D,
         [a(1, date(2026, 1, 1), 1, "CPR"), a(3, date(2026, 3, 1), 16, "strength course")], T,
         10.0, False, missing=("Ethics: 0 / 1 CEUs",), in_text=("Still needed: Ethics: 0 / 1 CEUs",)),
    Case("AFAA: 2 from AFAA or NASM met by a NASM course", "AFAA", D,
         [a(1, date(2026, 1, 1), 13), a(2, date(2026, 2, 1), 2, "NASM course", body="NASM")], T,
         15.0, True),
    # --- NSCA ---
    Case("NSCA prorated: certified 2025-03-01 needs 2.0", "NSCA", date(2026, 12, 31),
         [a(1, date(2025, 4, 1), 15, "conference"), a(2, date(2025, 5, 1), 5, "journal quiz")],
         date(2026, 11, 1), 2.0, True, certified_on=date(2025, 3, 1), required=2.0),
    Case("NSCA certified 2026-08-01 needs none this period", "NSCA", date(2026, 12, 31), [],
         date(2026, 11, 1), 0.0, True, certified_on=date(2026, 8, 1), required=0.0),
    Case("NSCA: at most 2.0 from one event, two categories", "NSCA", date(2026, 12, 31),
         [a(1, date(2025, 4, 1), 30, "conference"), a(2, date(2025, 5, 1), 30, "clinic"),
          a(3, date(2025, 6, 1), 30, "symposium")], date(2026, 11, 1), 5.5, False,
         missing=("CEUs from at least 2 categories: so far A",),
         in_text=("By category: A 5.5 · B 0.0 · C 0.0 · D 0.0 (at least 2 categories)",)),
    # --- deadlines past ---
    Case("NASM: credits within 90 days after expiry count", "NASM", D,
         [a(1, date(2027, 9, 1), 20)], date(2027, 9, 2), 2.0, True,
         in_text=("Late renewal now: $30 late fee until 28 Sep 2027", "NASM accepts a late renewal until")),
    Case("NASM: credits after 90 days do not", "NASM", D, [a(1, date(2027, 10, 1), 20)],
         date(2027, 10, 2), 0.0, False, in_text=("Late renewal now: $30 late fee plus $50 more",)),
    Case("ACSM: credits in the 6-month grace count", "ACSM", date(2026, 12, 31),
         [a(1, date(2027, 3, 1), 45)], date(2027, 3, 2), 45.0, True,
         in_text=("Late renewal now: $80 late fee until 1 Jul 2027", "Activities until 1 Jul 2027 still count")),
    Case("AEA: free for 60 days", "AEA", D, [], date(2027, 7, 15), 0.0, False,
         in_text=("Late renewal now: no late fee until 29 Aug 2027",)),
    Case("NCSF: past the deadline, retake", "NCSF", D, [], date(2027, 7, 1), 0.0, False,
         in_text=("Missing the requirement means retaking the exam",)),
    # --- NCCPT: its own units, no hours per CEU ---
    Case("NCCPT counts its own CEUs, not hours", "NCCPT", D,
         [Activity(1, 7, date(2026, 3, 1), "NCCPT course", 0.0, body="NCCPT", units=1.5),
          a(2, date(2026, 4, 1), 10, "workshop")], T, 1.5, False, listed=(2,),
         in_text=("1.5 / 2.0 CEUs (in NCCPT's own units", "e.g. /log 0.5 CEU NCCPT course")),
    # --- starting balance ---
    Case("starting balance counts", "NASM", D, [a(1, date(2026, 3, 1), 8)], T, 2.0, True,
         starting=1.2, in_text=("Includes 1.2 CEUs earned before",)),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_counting_per_body(case: Case) -> None:
    rule = RULES[case.code]
    p = compute_progress(
        rule, case.deadline, case.activities, case.card, case.today,
        choices=case.choices, certified_on=case.certified_on, starting_units=case.starting,
    )  # fmt: skip
    assert p.earned_units == pytest.approx(case.earned)
    assert p.complete == case.complete
    if case.required is not None:
        assert p.required_units == case.required
    if case.missing is not None:
        assert p.missing == case.missing
    assert tuple(c.activity.id for c in p.counted if c.listed) == case.listed
    text = format_progress([p], 0, "UTC")
    for phrase in case.in_text:
        assert phrase in text
    if not case.complete:
        assert "Cycle complete" not in text


def test_kinds() -> None:
    kinds = {t: activity_kind(Activity(1, 1, T, t, 1)) for t in ("BLS", "CPR/AED", "first aid", "First-Aid and CPR", "yoga")}  # fmt: skip
    assert kinds == {"BLS": "cpr", "CPR/AED": "cpr", "first aid": "first_aid",
                     "First-Aid and CPR": "cpr", "yoga": "general"}  # fmt: skip


def test_no_behind_pace_in_the_first_30_days_after_adding() -> None:
    rule = RULES["NASM"]
    args = (rule, D, [], CARD, date(2026, 12, 1))
    assert compute_progress(*args).behind_pace
    assert not compute_progress(*args, added_on=date(2026, 11, 15)).behind_pace
    assert compute_progress(*args, added_on=date(2026, 10, 15)).behind_pace
