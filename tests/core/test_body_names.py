"""The one body resolver (knowledge/names.py): one phrase table for the FAQ, /cert and /log."""

from __future__ import annotations

from datetime import date

import pytest

import knowledge.check
from knowledge.names import BodyNames, body_names, load_not_slips
from knowledge.rules import RulesError, find_rule, load_rules, parse_rules
from knowledge.text import BodyFinder, normalize
from tracker.activities import parse_log
from tracker.activities.names import _bodies_in
from tracker.activities.tokens import Tokens
from tracker.certs import CertError, parse_cert_args

TODAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def names() -> BodyNames:
    return body_names()


# text, bodies found without slips, bodies found with slips
FIND = [
    # codes
    ("does nasm accept ace cecs", ("NASM", "ACE"), ("NASM", "ACE")),
    ("ACSM-EP renewal", ("ACSM-EP",), ("ACSM-EP",)),
    ("nccpt and neta", ("NCCPT", "NETA"), ("NCCPT", "NETA")),
    # full names
    ("National Academy of Sports Medicine renewal", ("NASM",), ("NASM",)),
    ("american council on exercise", ("ACE",), ("ACE",)),
    ("National Exercise & Sports Trainers Association", ("NESTA",), ("NESTA",)),
    # aliases from the TOML files
    ("ace fitness cecs", ("ACE",), ("ACE",)),
    ("cscs ceus", ("NSCA",), ("NSCA",)),
    # the aliases the FAQ used to keep in Python, now in the TOML files
    ("american council renewal", ("ACE",), ("ACE",)),
    ("clinical exercise physiologist recert", ("ACSM-EP",), ("ACSM-EP",)),
    ("exercise physiologist ceus", ("ACSM-EP",), ("ACSM-EP",)),
    ("acsm ex phys", ("ACSM",), ("ACSM",)),
    ("strength and conditioning association", ("NSCA",), ("NSCA",)),
    ("afaa gfi", ("AFAA",), ("AFAA",)),
    ("ncsf cpt", ("NCSF",), ("NCSF",)),
    # one-letter slips of a code of four letters or more: only with slips
    ("my nsam cert", (), ("NASM",)),
    ("acms late fee", (), ("ACSM",)),
    ("nsca and nasm and nsma", ("NSCA", "NASM"), ("NSCA", "NASM")),
    ("ncfs cpr", (), ("NCSF",)),
    ("ace", ("ACE",), ("ACE",)),
    ("aec", (), ()),  # three-letter codes have no slips
    # words one letter from a code are words
    ("that was a neat course", (), ()),
    ("open an issue", (), ()),
    ("nest of issues", (), ()),
    ("nets and nasa", (), ()),
    # the longest phrase wins
    ("acsm ep", ("ACSM-EP",), ("ACSM-EP",)),
    ("acsm ep c", ("ACSM-EP",), ("ACSM-EP",)),
    ("acsm cpr", ("ACSM",), ("ACSM",)),
    ("american college of sports medicine ep cep", ("ACSM-EP",), ("ACSM-EP",)),
]


@pytest.mark.parametrize(("text", "plain", "with_slips"), FIND)
def test_bodies_found(names: BodyNames, text: str, plain: tuple, with_slips: tuple) -> None:
    assert names.find(text) == plain
    assert names.find(text, slips=True) == with_slips
    assert BodyFinder(load_rules()).find(normalize(text)) == with_slips


@pytest.mark.parametrize(
    ("words", "slips", "spans"),
    [
        (["2", "h", "acsm", "ep", "webinar"], False, [(2, 4, "ACSM-EP")]),
        (["acsm", "epic"], False, [(0, 1, "ACSM")]),
        (["nsca", "cscs", "cscs"], False, [(0, 2, "NSCA"), (2, 3, "NSCA")]),
        (["my", "nsam", "and", "ace", "fitness"], False, [(3, 5, "ACE")]),
        (["my", "nsam", "and", "ace", "fitness"], True, [(1, 2, "NASM"), (3, 5, "ACE")]),
        (["neat", "nest"], True, []),
        ([], True, []),
    ],
)
def test_in_words(names: BodyNames, words: list[str], slips: bool, spans: list) -> None:
    assert names.in_words(words, slips) == spans


def test_spans_are_character_offsets_in_raw_and_normalised_text(names: BodyNames) -> None:
    raw = "2h ACSM-EP webinar, then NASM's course"
    assert names.spans(raw) == [(3, 10, "ACSM-EP"), (25, 29, "NASM")]
    norm = normalize(raw)
    assert [norm[a:b] for a, b, _ in names.spans(norm)] == ["acsm ep", "nasm"]
    assert _bodies_in(Tokens(raw)) == [("ACSM-EP", 3, 10), ("NASM", 25, 29)]


@pytest.mark.parametrize(
    ("text", "slips", "code"),
    [
        ("nasm", False, "NASM"),
        ("ACSM-EP", False, "ACSM-EP"),
        ("acsm ep", False, "ACSM-EP"),
        ("American Council on Exercise", False, "ACE"),
        ("american council", False, "ACE"),
        ("CSCS", False, "NSCA"),
        ("nasm 2027", False, None),
        ("the nasm", False, None),
        ("", False, None),
        ("nsam", False, None),
        ("nsam", True, "NASM"),
        ("neat", True, None),
        ("nsam cpt", True, None),
    ],
)
def test_exact(names: BodyNames, text: str, slips: bool, code: str | None) -> None:
    rule = names.exact(text, slips=slips)
    assert (rule.code if rule else None) == code
    if not slips:
        found = find_rule(text)
        assert (found.code if found else None) == code


def test_every_name_in_the_files_is_its_body() -> None:
    for rule in load_rules().values():
        for phrase in (rule.code, rule.name, *rule.aliases, *rule.question_aliases):
            assert find_rule(phrase) is rule, phrase
    assert "exercise physiologist" in load_rules()["ACSM-EP"].question_aliases  # data, not code


def test_the_not_slips_list_is_what_keeps_words_from_being_bodies() -> None:
    rules = load_rules()
    assert BodyNames(rules, not_slips=()).find("neat nest nasa", slips=True) == (
        "NETA",
        "NESTA",
        "NASM",
    )
    assert {"neat", "nest", "nasa", "issue"} <= load_not_slips()
    # masking depends on the list: it is part of the model's fingerprint
    assert BodyNames(rules, not_slips=()).fingerprint != body_names().fingerprint
    assert BodyFinder(rules).fingerprint == body_names().fingerprint


def test_mask_replaces_bodies_and_numbers() -> None:
    finder = BodyFinder(load_rules())
    assert finder.mask(normalize("My NSAM cert: 2.0 CEUs, ACSM-EP too")) == (
        "my zbody cert znum ceus zbody too"
    )
    assert finder.mask("a neat course") == "a neat course"


def test_a_phrase_naming_two_bodies_is_refused() -> None:
    body = """
[[body]]
code = "{code}"
name = "{code} body"
page = "https://example.org/renew"
aliases = [{aliases}]
[body.credits]
unit = "CEU"
hours_per_unit = 10.0
cycle_months = 24
required_units = 2.0
cycle_anchor = "deadline"
source = "https://example.org/renew"
checked_on = "2026-12-01"
[body.cpr]
required = true
source = "https://example.org/renew"
[body.late]
source = "https://example.org/renew"
"""
    ok = body.format(code="AAA", aliases='"triple a"') + body.format(code="BBB", aliases="")
    assert find_rule("Triple-A", parse_rules(ok)).code == "AAA"
    clash = body.format(code="AAA", aliases='"triple a"') + body.format(
        code="BBB", aliases='"Triple A"'
    )
    with pytest.raises(RulesError, match="already names AAA"):
        parse_rules(clash)
    with pytest.raises(RulesError, match="alias '!!' has no letters"):
        parse_rules(body.format(code="AAA", aliases='"!!"'))


def test_a_bad_not_slips_file_is_refused(tmp_path) -> None:
    path = tmp_path / "names.toml"
    path.write_text('not_slips = ["Neat"]\n')
    with pytest.raises(RulesError):
        load_not_slips(path)
    path.write_text('not_slips = ["neat"]\nother = 1\n')
    with pytest.raises(RulesError):
        load_not_slips(path)


def test_check_refuses_a_body_listed_as_not_a_slip(monkeypatch) -> None:
    monkeypatch.setattr(knowledge.check, "load_not_slips", lambda: frozenset({"nasm", "neat"}))
    problems, _ = knowledge.check.check()
    assert [p for p in problems if "not_slips" in p] == [
        "not_slips: 'nasm' is a body's name (NASM)"
    ]


# /log knows every name the FAQ knows (one phrase table), but takes no slips, and a name that
# is only a body in a question ("exercise physiologist") is the subject of an activity
@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("2h CSCS webinar", "NSCA"),
        ("3h american council workshop", "ACE"),
        ("0.5 CEU acsm ex phys update", "ACSM"),
        ("2h ACSM EP webinar", "ACSM-EP"),
        ("2h nsam webinar", None),
        ("2h neat workshop", None),
        ("2h exercise physiologist seminar", None),
        ("2h ACSM exercise physiologist seminar", "ACSM-EP"),
    ],
)
def test_log_names_the_body(text: str, body: str | None) -> None:
    assert parse_log(text, TODAY).body == body


def test_cert_suggests_a_body_for_a_slip_and_never_guesses() -> None:
    with pytest.raises(CertError) as slip:
        parse_cert_args("nsam 2027-01-01", TODAY)
    assert str(slip.value).startswith("Did you mean NASM?")
    assert "/cert NASM 2027-01-01" in str(slip.value)
    with pytest.raises(CertError) as removal:
        parse_cert_args("remove acms", TODAY)
    assert "/cert remove ACSM" in str(removal.value)
    with pytest.raises(CertError) as word:
        parse_cert_args("neat 2027-01-01", TODAY)
    assert "Did you mean" not in str(word.value) and "I know ACE, NASM" in str(word.value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("american council 2028-01-15", "ACE"),
        ("ace cpt 2028-01-15", "ACE"),
        ("NSCA CSCS", "NSCA"),
        ("acsm ep 2029-03-01", "ACSM-EP"),
    ],
)
def test_cert_takes_every_name_of_a_body(text: str, code: str) -> None:
    assert parse_cert_args(text, TODAY).rule.code == code


def test_question_only_names_are_bodies_in_questions_not_in_titles(names: BodyNames) -> None:
    question = "how many cecs does a clinical exercise physiologist need"
    assert names.find(question) == ("ACSM-EP",)
    assert names.find(question, titles=True) == ()
    assert names.find("acsm clinical exercise physiologist", titles=True) == ("ACSM-EP",)
