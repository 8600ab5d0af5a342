"""The per-body rules files: every body loads, every block carries provenance, bad data is refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from knowledge.rules import BODIES_DIR, RulesError, load_rules, parse_rules

BODIES = (
    "ACE",
    "NASM",
    "AFAA",
    "ISSA",
    "ACSM",
    "ACSM-EP",
    "NSCA",
    "NCSF",
    "AEA",
    "NESTA",
    "NCCPT",
    "NETA",
)
MINIMAL = """
code = "XYZ"
name = "Example body"
page = "https://example.org/renew"
[credits]
unit = "CEU"
hours_per_unit = 10.0
cycle_months = 24
required_units = 2.0
cycle_anchor = "deadline"
source = "https://example.org/renew"
checked_on = "2026-12-01"
[cpr]
required = true
source = "https://example.org/renew"
[late]
last_day_days = 90
source = "https://example.org/renew"
"""


def test_one_file_per_body() -> None:
    files = {p.stem for p in Path(BODIES_DIR).glob("*.toml")}
    assert files == set(BODIES)
    assert set(load_rules()) == set(BODIES)
    assert list(load_rules())[:3] == ["ACE", "NASM", "AFAA"]


def test_every_block_has_an_https_source_and_no_verified_word() -> None:
    for rule in load_rules().values():
        assert rule.page.startswith("https://")
        assert {"credits", "cpr", "late"} <= set(rule.provenance)
        for block in rule.provenance.values():
            assert block.source.startswith("https://")
        text = (Path(BODIES_DIR) / f"{rule.code}.toml").read_text()
        assert "verified" not in text.lower()


def test_december_check_values_carry_the_check_date() -> None:
    rules = load_rules()
    assert rules["NASM"].provenance["late"].checked_on == date(2026, 12, 1)
    assert "December 2026" in rules["NASM"].provenance["late"].note
    # only in the older notes: no re-read date
    assert rules["NESTA"].provenance["cpr"].checked_on is None
    assert rules["AEA"].provenance["credits"].source_date == "2019"


@pytest.mark.parametrize(
    ("code", "field", "value"),
    [
        ("ACSM", "step_units", 0.5),
        ("ACSM", "cpr_cap_per_year", 5.0),
        ("ACSM", "credits_after_deadline_days", 182),
        ("ACSM", "expiry", "dec31"),
        ("ACE", "expiry", "month_end"),
        ("NCSF", "expiry", "month_end"),
        ("NASM", "credits_after_deadline_days", 90),
        ("NASM", "grace_days", 365),
        ("AEA", "grace_days", 730),
        ("NETA", "accepts_bodies", ("ACE", "NASM", "AFAA")),
        ("NETA", "own_minimum_units", 6.0),
        ("AFAA", "own_minimum_from", ("AFAA", "NASM")),
        ("AFAA", "cpr_credit_max_per_cycle", 1),
        ("NSCA", "max_per_event", 2.0),
        ("NSCA", "min_categories", 2),
        ("NCCPT", "hours_per_unit", None),
    ],
)
def test_structured_values(code: str, field: str, value: object) -> None:
    assert getattr(load_rules()[code], field) == value


def test_late_tiers_and_parts() -> None:
    rules = load_rules()
    assert [(t.until_days, t.fee) for t in rules["NASM"].late_tiers] == [
        (90, "$30 late fee"),
        (365, "$30 late fee plus $50 more"),
    ]
    assert [(p.name, p.units) for p in rules["NCSF"].parts] == [
        ("CPR/AED", 2.0),
        ("Ethics", 1.0),
        ("General", 7.0),
    ]
    nsca = rules["NSCA"]
    assert nsca.required_for(date(2026, 12, 31), date(2025, 3, 1)) == 2.0
    assert nsca.required_for(date(2026, 12, 31), date(2026, 8, 1)) == 0.0
    assert nsca.required_for(date(2026, 12, 31), date(2020, 1, 1)) == 6.0
    assert nsca.required_for(date(2029, 12, 31), date(2025, 3, 1)) == 6.0  # no table: full


def test_minimal_body_parses() -> None:
    rule = parse_rules({"XYZ.toml": MINIMAL})["XYZ"]
    assert rule.checked_on == date(2026, 12, 1) and rule.verified == date(2026, 12, 1)
    assert rule.grace_days == 90 and rule.cpr_credit_units == 0.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('checked_on = "2026-12-01"\n', ""), "needs checked_on"),
        (('checked_on = "2026-12-01"', 'verified = "2026-12-01"'), "not verified"),
        (('page = "https://', 'page = "http://'), "https"),
        (("[late]", '[late]\nsource_date = "Dec 2026"'), "source_date"),
        (
            ("last_day_days = 90", "last_day_days = 90\ncredits_after_deadline_days = 120"),
            "outlast",
        ),
        (("required = true", 'required = true\ncredit_per = "course"'), "credit_per"),
    ],
)
def test_bad_data_is_refused(change: tuple[str, str], message: str | None) -> None:
    text = MINIMAL.replace(*change)
    if message is None:
        parse_rules({"XYZ.toml": text})
        return
    with pytest.raises(RulesError, match=message):
        parse_rules({"XYZ.toml": text})


def test_file_name_must_match_code() -> None:
    with pytest.raises(RulesError, match="XYZ.toml"):
        parse_rules({"ABC.toml": MINIMAL})
