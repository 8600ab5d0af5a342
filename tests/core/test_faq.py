"""FAQ knowledge base and matcher: labelled accuracy, rejection, corrections, rules-driven answers."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from knowledge import faq
from knowledge.__main__ import main as knowledge_main
from knowledge.faq import (
    Entry,
    FaqIndex,
    build_index,
    check,
    format_answer,
    load_faq,
    out_of_scope_reply,
)
from knowledge.rules import load_rules

LABELLED = tomllib.loads(Path(__file__).with_name("faq_labelled.toml").read_text(encoding="utf-8"))
# Written from the entry ids and canonical questions only, before the matcher was tuned on it.
BLIND = tomllib.loads(Path(__file__).with_name("faq_blind.toml").read_text(encoding="utf-8"))
# Round 2: written by personas from the entry ids, questions and first answer lines only.
FRESH = tomllib.loads(Path(__file__).with_name("faq_fresh.toml").read_text(encoding="utf-8"))
# Round 3: very short, very long, two bodies, pronouns, negations, British/Australian phrasing,
# autocorrect slips, a log mixed with a question; written before reading faq.toml's alternates.
FRESH2 = tomllib.loads(Path(__file__).with_name("faq_fresh2.toml").read_text(encoding="utf-8"))
SETS = {"labelled": LABELLED, "blind": BLIND, "fresh": FRESH, "fresh2": FRESH2}
# Minimum share of in-domain messages answered with the right entry, and of out-of-scope
# messages rejected: the measured figure (bench/faq_matcher.py) minus a small margin.
# Measured: labelled 100 % / 100 %, blind 98.9 % / 100 % (blind before tuning: 94.4 % / 80.0 %),
# fresh 94.4 % / 93.5 % (fresh before any change: 77.2 % / 87.1 %).
# Round 3: blind 99.4 % / 100 %, fresh 95.7 % / 100 %, fresh2 91.4 % / 100 % (fresh2 before any
# change: 84.3 % / 83.1 %).
BARS = {
    "labelled": (0.97, 0.97),
    "blind": (0.96, 0.97),
    "fresh": (0.93, 0.96),
    "fresh2": (0.89, 0.96),
}
# Entries added after the labelled and blind sets were written: only the fresh set covers them.
NEWER_ENTRIES = {"usage-remind", "usage-edit", "usage-export"}
# Blind messages that happened to equal an existing alternate when the set was written
# (short natural phrasings). No other blind message may become an alternate.
BLIND_COINCIDENCES = {
    "whats a cec",
    "what does ceu stand for",
    "ceu meaning",
    "is a cec an accreditation",
    "do cecs count toward recertification",
    "is a ceu always 10 hours",
    "what is iacet",
    "who is iacet",
    "what counts as a contact hour",
    "can i get half a ceu",
    "what is this bot for",
    "what are the recert requirements",
    "how many hours is 1 ace cec",
    "nasm late renewal",
    "does afaa give ceus for cpr",
    "afaa grace period",
    "acsm ep grace period",
    "how many hours is 1 nsca ceu",
    "nsca cpr requirement",
    "ncsf renewal requirements",
    "ncsf ceu to hours",
    "ncsf grace period",
    "nesta late renewal",
    "neta renewal requirements",
    "how many hours is a neta cec",
    "neta grace period",
}
# Fresh messages that happened to equal an existing or generated alternate when the set was written.
FRESH_COINCIDENCES = {
    "acsm cpr requirement",
    "can i use ceus to renew my certification",
    "do partial credits count",
    "does cpr count for ncsf",
    "how does this bot work",
    "how many hours is 1 acsm ep cec",
    "how many hours is a nasm ceu",
    "how many hours is a nesta ceu",
    "is there a lifetime renewal option",
    "nccpt ceu to hours",
    "nccpt late renewal",
}

# Fresh2 messages that equalled an existing or generated alternate when the set was written.
FRESH2_COINCIDENCES = {
    "acsm cec to hours",
    "acsm grace period",
    "aea late renewal",
    "afaa grace period",
    "afaa renewal requirements",
    "are cecs accreditation",
    "ceu definition",
    "ceu vs cec",
    "contact hour meaning",
    "does earning ceus make me accredited",
    "how do i log hours",
    "issa ceus needed",
    "nasm late renewal",
    "nccpt grace period",
    "ncsf late renewal",
    "nesta renewal requirements",
    "neta cpr requirement",
    "nsca grace period",
    "show my progress",
    "what counts as a contact hour",
    "what does iacet do",
    "why bother with cecs",
}

# The source FAQ document, copied verbatim (tests must not read ../shared): answers must be in our
# own words, so no answer may share a run of 8 words with it.
SOURCE_DOCUMENT = """Continuing education credits (CECs) and continuing education units (CEUs) are two separate forms of validation for learning.
CECs are used to measure the educational activities of professionals who need to document their experience, knowledge, and skills for professional development or career advancement. They are often offered in fields such as nursing, fitness training, physical therapy, engineering, massage therapy, hospitality management, social work, and accounting.
CEUs are used to measure non-credited activities that involve learning from a formally organized program. These can include workshops or seminars on topics related to personal growth or professional development such as organizational behavior or project management.
Each type of educational credential has its own set of requirements for awarding credit; CECs require at least 15-20 (or as some organizations such as NASM and ACE refer to it, .15 – 2.0) contact hours with an instructor or qualified facilitator while CEUs require at least fifteen contact hours under the same conditions. The most significant difference between CECs and CEUs is that CECs are a form of accreditation while CEUs are not.
Do CEUs actually count in the real world?
That is to say, CEUs do not count towards any type of degree or diploma but do count toward a recognition of training activities completed by an individual.
These distinctions can be helpful when considering both educational and professional advancements – CECs help to demonstrate competency in one’s field whereas CEUs reflect participation in courses designed to help enhance an individual’s skill set or knowledge base.
Depending on an individualโs profession and licensing, both types of credentials can be applied towards license or certification renewal requirements and even financial aid applications.
Understanding the differences between these two forms of validation can help you make informed decisions about your educational pursuits.
Why should Fitness Professionals get CECs?
Continuing Education Credits (CECs) can be a valuable asset for personal trainers and group fitness instructors who want to stay up-to-date on current trends and techniques in the fitness industry. By earning CECs, personal trainers can demonstrate their commitment to staying informed and developing new skills that will benefit their clients. Additionally, obtaining CECs can demonstrate expertise in the field which may lead to more opportunities for advancement. As an employed fitness professional, this can lead to higher salaries or job promotions. As a self-employed fitness professional, CECโs can help bring more credibility when selling services to clients and potential clients.
CECs also help to ensure that personal trainers maintain their licenses and certifications, as many licensing and certification organizations require a certain number of CECs to be met every few years (in many cases every two years) in order to remain eligible. Some leading organizations also offer longer term renewal options, discounted prices, or waived fees, after a certain number of CEC’s are obtained over the course of a year (with renew for life* type recertifications).
Although things have changed over the years in the fitness industry, many reputable health and fitness clubs require a current up-to-date national certification such as ACE, ISSA, NASM, AFAA, AEA, or NASM.
Where are CECs used?
Where/When are CEUs used?
CEUs are used mainly for non-credited activities involving special topics and personal growth that would otherwise not be accounted for when creating academic records or transcripts. In some cases, courses from CEUs may count towards scholarships, grants, and financial aid applications; however, there are no guarantees that this will always be the case.
Can Pursuing CECs and CEUs help me in other ways?
Can Pursuing CECs and CEUs help me in other ways?
It is important to research both CECs and CEUs before embarking on any learning activity. Make sure you know what type(s) of educational credential youโre aiming for in order to achieve your goals. Additionally, it may be helpful for you to speak with a career advisor or program coordinator. This can help you to understand what types of credits are accepted by different organizations.
Ultimately, knowing the difference between CECs and CEUs and clearly identifying your personal goals can go a long way in helping you gain recognition for your achievements and also help to further your earning potential and professional development."""


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    return load_faq()


def _got(m: faq.Match) -> str:
    return m.entry.id if m.entry else f"{m.kind} {[c.id for c in m.candidates]}"


# --- labelled and blind sets ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "min_in", "min_out"),
    [("labelled", 150, 40), ("blind", 150, 60), ("fresh", 200, 60), ("fresh2", 200, 60)],
)
def test_set_is_big_enough_and_points_at_real_entries(
    index: FaqIndex, name: str, min_in: int, min_out: int
) -> None:
    in_domain, out = SETS[name]["in_domain"], SETS[name]["out_of_scope"]
    assert len(in_domain) >= min_in
    assert len(out) >= min_out
    assert {eid for _, eid in in_domain} <= set(index.entries)
    # spread: every hand-written/overview entry and every certifying body is exercised
    wanted = {eid for eid in index.entries if not eid.startswith("body-")}
    if name not in ("fresh", "fresh2"):
        wanted -= NEWER_ENTRIES
    assert wanted <= {eid for _, eid in in_domain}
    bodies = {
        eid.split("-", 1)[1].rsplit("-", 1)[0] for _, eid in in_domain if eid.startswith("body-")
    }
    assert {code.lower() for code in load_rules()} <= bodies


def test_blind_set_covers_every_entry(index: FaqIndex) -> None:
    assert set(index.entries) - NEWER_ENTRIES <= {eid for _, eid in BLIND["in_domain"]}


@pytest.mark.parametrize("name", ["fresh", "fresh2"])
def test_fresh_sets_cover_every_entry(index: FaqIndex, name: str) -> None:
    assert set(index.entries) <= {eid for _, eid in SETS[name]["in_domain"]}


def _alternates(index: FaqIndex) -> set[str]:
    return {
        faq.basic_normalize(s) for e in index.entries.values() for s in (e.question, *e.alternates)
    }


def test_labelled_phrasings_are_not_copies_of_alternates(index: FaqIndex) -> None:
    known = _alternates(index)
    copies = [t for t, _ in LABELLED["in_domain"] if faq.basic_normalize(t) in known]
    assert copies == []


def test_blind_phrasings_are_not_pasted_into_the_faq(index: FaqIndex) -> None:
    known = _alternates(index) | {
        faq.basic_normalize(x) for o in index.off_topic.values() for x in o.examples
    }
    blind = [t for t, _ in BLIND["in_domain"]] + BLIND["out_of_scope"]
    copies = {faq.basic_normalize(t) for t in blind} & known
    assert copies <= BLIND_COINCIDENCES, copies - BLIND_COINCIDENCES


@pytest.mark.parametrize(
    ("name", "coincidences"), [("fresh", FRESH_COINCIDENCES), ("fresh2", FRESH2_COINCIDENCES)]
)
def test_fresh_phrasings_are_not_pasted_into_the_faq(
    index: FaqIndex, name: str, coincidences: set[str]
) -> None:
    known = _alternates(index) | {
        faq.basic_normalize(x) for o in index.off_topic.values() for x in o.examples
    }
    fresh = [t for t, _ in SETS[name]["in_domain"]] + SETS[name]["out_of_scope"]
    copies = {faq.basic_normalize(t) for t in fresh} & known
    assert copies <= coincidences, copies - coincidences


@pytest.mark.parametrize("name", SETS)
def test_in_domain_accuracy(index: FaqIndex, name: str) -> None:
    """Only kind "answer" with the right id counts; "choose" counts as a miss."""
    misses = []
    for text, expected in SETS[name]["in_domain"]:
        m = index.match(text)
        if not (m.kind == "answer" and m.entry is not None and m.entry.id == expected):
            misses.append((text, expected, _got(m)))
    accuracy = 1 - len(misses) / len(SETS[name]["in_domain"])
    print(f"{name}: accuracy {accuracy:.1%}; misses: {misses}")
    assert accuracy >= BARS[name][0], misses


@pytest.mark.parametrize("name", SETS)
def test_out_of_scope_rejected(index: FaqIndex, name: str) -> None:
    accepted = [
        (t, _got(m))
        for t in SETS[name]["out_of_scope"]
        if (m := index.match(t)).kind != "out_of_scope"
    ]
    rate = 1 - len(accepted) / len(SETS[name]["out_of_scope"])
    print(f"{name}: rejected {rate:.1%}; accepted: {accepted}")
    assert rate >= BARS[name][1], accepted


@pytest.mark.parametrize("text", [t for data in SETS.values() for t in data.get("smalltalk", [])])
def test_smalltalk(index: FaqIndex, text: str) -> None:
    m = index.match(text)
    assert m.kind == "smalltalk"
    assert m.reply and len(m.reply) < 200


# --- pinned scorer and cut-offs -------------------------------------------------------------

SHOULD_MATCH = [
    ("do ceus count toward my degree", "ceu-degree"),
    ("r cecs same as ceus", "cec-vs-ceu"),
    ("contnuing ed units?", "what-is-ceu"),
    ("how many hrs is a ceu", "contact-hours"),
    ("are cecs a form of accreditation", "accreditation"),
    ("does cpr count for nasm", "body-nasm-cpr"),
    ("does cpr count toward renewal", "cpr-aed"),
    ("nsam grace period", "body-nasm-grace"),  # typo in the body name
    ("ace grace period", "body-ace-grace"),
    ("grace period", "grace-period"),  # no body named: the general answer
    ("can i use ace cecs for nasm", "cross-body-credits"),
    ("acsm ep recert requirements", "body-acsm-ep-requirements"),
    ("acsm recert requirements", "body-acsm-requirements"),
    ("national academy of sports medicine renewal requirements", "body-nasm-requirements"),
    ("Hi! what’s a CEU", "what-is-ceu"),  # greeting dropped, curly apostrophe
    ("whatโs a ceu", "what-is-ceu"),  # mojibake apostrophe from the source document
    ("how do i log hours with this bot", "usage-log"),
    # context and filler words do not count against the question
    ("im a nasm trainer, how many ceus do i need", "body-nasm-requirements"),
    ("is it true that ceus carry over", "carry-over"),  # framing dropped, "carry over" folded
    ("whats ceu short for", "what-is-ceu"),  # "short for" = "stand for", not "short course"
    ("what's the point of ceus", "why-earn-cecs"),
    ("how do i renew my ace licence", "body-ace-requirements"),  # not a driving licence
    ("nasm grace period", "body-nasm-grace"),
]

SHOULD_NOT_MATCH = [
    "what's the weather",
    "tell me a joke",
    "best protein powder",
    "how do I do a deadlift",
    "how many calories in a banana",
    "what's a good split for hypertrophy",
    "how much should I charge clients",
    "how do i renew my drivers license",
    "can i renew my gym membership",
    "how do i get more clients",
    "",
    "???",
    # near misses: about a certifying body or CPR, but not about credits (off-topic intents)
    "how much is the ace exam",
    "is nasm a good certification",
    "how much does it cost to renew my acsm",
    "how do i become an issa trainer",
    "which is better afaa or aea",
    "cpr on a cat",
]


@pytest.mark.parametrize(("text", "expected"), SHOULD_MATCH)
def test_should_match(index: FaqIndex, text: str, expected: str) -> None:
    m = index.match(text)
    assert (m.kind, _got(m)) == ("answer", expected)


@pytest.mark.parametrize("text", SHOULD_NOT_MATCH)
def test_should_not_match(index: FaqIndex, text: str) -> None:
    assert index.match(text).kind == "out_of_scope"


def test_a_nasm_question_never_gets_another_bodys_answer(index: FaqIndex) -> None:
    for kind in ("requirements", "cpr", "grace", "hours"):
        for code in load_rules():
            text = index.entries[f"body-{code.lower()}-{kind}"].question
            for entry, _ in index.rank(text, 10):
                assert not (entry.id.startswith("body-") and f"-{code.lower()}-" not in entry.id), (
                    text,
                    entry.id,
                )


def test_close_runner_up_offers_choices() -> None:
    index = build_index()
    index.config = dataclasses.replace(index.config, margin=100.0)
    m = index.match("what is a ceu")
    assert m.kind == "choose"
    assert 2 <= len(m.candidates) <= 3
    assert m.candidates[0].id == "what-is-ceu"


def test_a_bodys_own_entry_beats_its_general_twin() -> None:
    index = build_index()
    index.config = dataclasses.replace(index.config, margin=100.0)
    m = index.match("nasm grace period")
    assert m.kind == "choose"
    ids = [c.id for c in m.candidates]
    assert ids[0] == "body-nasm-grace" and "grace-period" not in ids


OFF_TOPIC_TOML = """
[[entry]]
id = "what-is-ceu"
question = "What is a CEU?"
alternates = ["what is a ceu", "ceu meaning", "what does ceu stand for", "explain ceus",
  "ceu definition", "what are ceus", "whats a ceu", "what do ceus measure"]
answer = "A unit."
source = "x"

[[off_topic]]
id = "exam"
any_body = true
examples = ["how hard is the exam", "exam pass rate", "what is on the exam"]
"""


def test_off_topic_intent_rejects_what_it_describes(tmp_path: Path) -> None:
    path = tmp_path / "faq.toml"
    path.write_text(OFF_TOPIC_TOML, encoding="utf-8")
    index = build_index(path=path)
    assert index.best_id("how hard is the nasm exam") == "off-topic:exam"
    assert index.match("how hard is the nasm exam").kind == "out_of_scope"
    assert index.top("how hard is the nasm exam") == []
    assert all(not e.id.startswith("off-topic") for e, _ in index.rank("exam pass rate", 5))
    assert index.match("what is a ceu").entry.id == "what-is-ceu"


def test_off_topic_intent_cannot_veto_a_credit_word_it_never_uses(tmp_path: Path) -> None:
    path = tmp_path / "faq.toml"
    path.write_text(OFF_TOPIC_TOML, encoding="utf-8")
    index = build_index(path=path)
    # "ceu" is a credit word the exam intent never uses: it is not a candidate at all
    assert not index.best_id("what is on the exam ceu").startswith("off-topic")
    assert index.best_id("what is on the exam") == "off-topic:exam"


def test_check_reports_off_topic_overlaps(tmp_path: Path) -> None:
    path = tmp_path / "faq.toml"
    path.write_text(
        OFF_TOPIC_TOML.replace('"exam pass rate"', '"exam pass rate", "whats a ceu"'),
        encoding="utf-8",
    )
    problems = check(build_index(path=path))
    assert any("off_topic exam: example 'whats a ceu' matches what-is-ceu" in p for p in problems)


def test_real_off_topic_intents_are_loaded(index: FaqIndex) -> None:
    assert len(index.off_topic) >= 8
    assert all(len(o.examples) >= 5 for o in index.off_topic.values())


def test_top_for_inline_mode(index: FaqIndex) -> None:
    results = index.top("nasm ceus", 3)
    assert results and all(e.id.startswith("body-nasm") for e, _ in results)
    assert [s for _, s in results] == sorted((s for _, s in results), reverse=True)
    assert index.top("best protein powder") == []


# --- corrections of the source document -----------------------------------------------------


def test_contact_hours_answer_corrects_the_document(index: FaqIndex) -> None:
    text = format_answer(index.entries["contact-hours"])
    assert "1 CEU = 10 contact hours" in text
    assert "source document is wrong" in text
    assert "15-20" in text  # names the wrong claim


def test_accreditation_answer_says_neither_is(index: FaqIndex) -> None:
    entry = index.entries["accreditation"]
    assert entry.answer.startswith("<b>No — neither a CEC nor a CEU is an accreditation")
    assert "IACET accredits" in entry.answer
    assert "wrong" in format_answer(entry)


def test_degree_answer_is_no(index: FaqIndex) -> None:
    assert index.entries["ceu-degree"].answer.startswith("<b>No.</b>")


def _words(text: str) -> list[str]:
    plain = re.sub(r"<[^>]+>", " ", text).replace("\u0e42", "'").replace("’", "'")
    return re.findall(r"[a-z0-9']+", plain.lower())


def _ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_answers_are_in_our_own_words(index: FaqIndex) -> None:
    document = _ngrams(_words(SOURCE_DOCUMENT), 8)
    assert len(document) > 500  # the fixture is really there
    copied = {
        e.id: sorted(
            " ".join(g) for g in _ngrams(_words(e.answer + " " + e.corrects), 8) & document
        )
        for e in index.entries.values()
    }
    assert {k: v for k, v in copied.items() if v} == {}


# --- answers computed from the rules --------------------------------------------------------


def test_body_answers_follow_the_rules() -> None:
    rules = dict(load_rules())
    rules["NASM"] = dataclasses.replace(rules["NASM"], hours_per_unit=5.0, required_units=3.0)
    index = build_index(rules)
    assert "1.0 NASM CEU = 5 hours" in index.entries["body-nasm-hours"].answer
    assert "3.0 CEUs (15 h) every 2 years" in index.entries["body-nasm-requirements"].answer
    assert "NASM: 3.0 CEUs (15 h)" in index.entries["renewal-requirements"].answer
    assert "3.0 units = 15 hours" in index.entries["contact-hours"].answer  # placeholder
    assert "2.0 NASM CEUs = 10 hours" in index.match("how many hours is 2.0 nasm ceus").entry.answer
    # and the real rules give the real figures
    assert "1.0 NASM CEU = 10 hours" in load_faq().entries["body-nasm-hours"].answer


def test_body_entries_exist_for_every_body(index: FaqIndex) -> None:
    for rule in load_rules().values():
        for kind in faq.BODY_ENTRY_KINDS:
            entry = index.entries[f"body-{rule.code.lower()}-{kind}"]
            assert rule.source in entry.source and "verified" in entry.source
            assert f"confirm with {rule.code}" in entry.answer
            assert len(entry.alternates) >= 8


def test_nccpt_hours_not_stated(index: FaqIndex) -> None:
    assert "does not state how many hours" in index.entries["body-nccpt-hours"].answer
    m = index.match("how many hours is 2 nccpt ceus")
    assert m.entry is not None and "does not state" in m.entry.answer


def test_cpr_and_grace_follow_rules(index: FaqIndex) -> None:
    assert "counts as 2 CEUs" in index.entries["body-afaa-cpr"].answer
    assert "does not state a CPR/AED requirement" in index.entries["body-neta-cpr"].answer
    assert "no grace period" in index.entries["body-afaa-grace"].answer
    assert "not an extension" in index.entries["body-ace-grace"].answer


@pytest.mark.parametrize(
    ("text", "expected_id", "fact"),
    [
        ("2.0 nasm ceus", "body-nasm-hours", "2.0 NASM CEUs = 20 hours"),
        ("15 afaa ceus", "body-afaa-hours", "15 AFAA CEUs = 15 hours"),
        ("how many hours is 1.5 nasm ceus", "body-nasm-hours", "1.5 NASM CEUs = 15 hours"),
        ("how many hours is 2.0 ACE CECs?", "body-ace-hours", "2.0 ACE CECs = 20 hours"),
        ("how many hrs is .5 ace cec", "body-ace-hours", "0.5 ACE CECs = 5 hours"),
        ("how many nasm ceus is 12 hours", "body-nasm-hours", "12 hours = 1.2 NASM CEUs"),
        ("90 minutes in ncsf ceus", "body-ncsf-hours", "1.5 hours = 0.75 NCSF CEUs"),
        ("how many hours is 10 ncsf ceus", "body-ncsf-hours", "10 NCSF CEUs = 20 hours"),
    ],
)
def test_numeric_conversion(index: FaqIndex, text: str, expected_id: str, fact: str) -> None:
    m = index.match(text)
    assert m.kind == "answer" and m.entry is not None
    assert m.entry.id == expected_id
    assert fact in m.entry.answer


def test_conversion_notes_the_bodys_own_unit(index: FaqIndex) -> None:
    answer = index.match("how many hours is 2 ace ceus").entry.answer
    assert "ACE calls them CECs" in answer


@pytest.mark.parametrize(
    "text", ["do i need 2.0 nasm ceus every 2 years", "is it 2 nasm ceus to renew"]
)
def test_numbers_in_other_questions_are_not_converted(index: FaqIndex, text: str) -> None:
    m = index.match(text)
    assert m.kind == "answer" and m.entry is not None
    assert m.entry.id == "body-nasm-requirements"


def test_a_duration_in_another_question_is_not_converted(index: FaqIndex) -> None:
    m = index.match("my cpr class was 4 hours, does it count toward my ncsf ceus")
    assert m.kind == "answer" and m.entry is not None
    assert m.entry.id == "body-ncsf-cpr"
    assert "4 hours =" not in m.entry.answer


# --- generalisation (round 2): normalisation and scoring rules ------------------------------


@pytest.mark.parametrize(
    ("typed", "kept", "corrected"),
    [
        ("can i use the nasm logo", "logo", None),  # a real word, not a typo of "log"
        ("what can i charge for it", "charge", None),  # "change" is a far key away
        ("how offen do i renew", None, "often"),  # f is next to t
        ("is there a grace perod", None, "period"),  # a dropped letter
        ("is a cec an acredditation", None, "accredit"),
    ],
)
def test_typos_are_fixed_only_when_they_look_like_slips(
    index: FaqIndex, typed: str, kept: str | None, corrected: str | None
) -> None:
    tokens = index.tokens(typed)
    if kept:
        assert kept in tokens
    if corrected:
        assert corrected in tokens


@pytest.mark.parametrize(
    ("typed", "ok"),
    [("charge", "change"), ("read", "real"), ("convention", "conversion")],
)
def test_far_key_substitutions_are_not_typos(typed: str, ok: str) -> None:
    assert not faq._plausible_typo(typed, ok)
    assert faq._plausible_typo("renewel", "renewal") and faq._plausible_typo("mnay", "many")


def test_a_long_message_is_also_scored_by_sentence(index: FaqIndex) -> None:
    text = (
        "I teach spin at two gyms and one of them asked me something I couldn't answer. "
        "Which certifications do clubs normally expect?"
    )
    m = index.match(text)
    assert m.kind == "answer" and m.entry is not None and m.entry.id == "club-certifications"
    whole_only = build_index()
    whole_only.config = dataclasses.replace(whole_only.config, long_message_words=10**6)
    assert whole_only.match(text).kind == "out_of_scope"


def test_sentences_keep_the_body_the_message_names(index: FaqIndex) -> None:
    m = index.match("I got my NSCA cert in 2021 and I'm behind. How many CEUs do I need?")
    assert m.entry is not None and m.entry.id == "body-nsca-requirements"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "my nccpt lapsed three weeks ago because of an injury, is it too late",
            "body-nccpt-grace",
        ),
        ("my issa expired, is there still a window to renew", "body-issa-grace"),
    ],
)
def test_a_body_with_a_renewal_word_is_a_renewal_question(
    index: FaqIndex, text: str, expected: str
) -> None:
    m = index.match(text)
    assert m.kind == "answer" and m.entry is not None and m.entry.id == expected


def test_an_entry_whose_core_word_is_missing_loses(index: FaqIndex) -> None:
    # every phrasing of body-afaa-cpr says "cpr"; this question never does
    m = index.match("does a kettlebell seminar count toward my afaa ceus")
    assert m.entry is not None and m.entry.id == "course-approval"
    assert "cpr" in index._core[index._ids.index("body-afaa-cpr")]


def test_a_close_body_entry_takes_its_general_twins_place(index: FaqIndex) -> None:
    general, own = index._ids.index("grace-period"), index._ids.index("body-neta-grace")
    other = index._ids.index("body-neta-requirements")
    ranked = [(general, 80.0), (own, 80.0 - index.config.twin_margin + 1), (other, 60.0)]
    assert index._prefer_body_twins(ranked, "neta")[0][0] == own
    far = [(general, 80.0), (own, 80.0 - index.config.twin_margin - 1), (other, 60.0)]
    assert index._prefer_body_twins(far, "neta")[0][0] == general


def test_other_names_of_a_body_are_recognised(index: FaqIndex) -> None:
    m = index.match("how many cecs does a clinical exercise physiologist need")
    assert m.entry is not None and m.entry.id == "body-acsm-ep-requirements"


@pytest.mark.parametrize(
    ("entry_id", "commands"),
    [
        ("usage-remind", ["/remind", "/timezone", "/calendar"]),
        ("usage-edit", ["/undo", "/history", "/delete", "/edit"]),
        ("usage-export", ["/export", "/log", "/file"]),
    ],
)
def test_usage_entries_name_the_commands(
    index: FaqIndex, entry_id: str, commands: list[str]
) -> None:
    answer = index.entries[entry_id].answer
    assert all(c in answer for c in commands)


# --- formatting and validation --------------------------------------------------------------


# --- generalisation (round 3) ---------------------------------------------------------------


@pytest.mark.parametrize("word", ["sort", "story", "lots", "fund", "apply", "spend", "learning"])
def test_common_words_are_not_corrected(index: FaqIndex, word: str) -> None:
    # "sort out reminders" is not "short", "long story" is not "store" (= keep)
    assert index.tokens(word) == [faq._stem(word)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("does nasm or ace renew more often", "renewal-cycle"),
        ("nasm or issa, which needs more ceus", "renewal-requirements"),
    ],
)
def test_several_bodies_compared_get_the_general_answer(
    index: FaqIndex, text: str, expected: str
) -> None:
    m = index.match(text)
    assert m.kind == "answer" and m.entry is not None and m.entry.id == expected, _got(m)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("export my nasm hours", "usage-export"),
        ("set a reminder for my issa renewal", "usage-remind"),
        ("delete my afaa entry", "usage-edit"),
    ],
)
def test_a_body_named_with_a_bot_feature_is_context(
    index: FaqIndex, text: str, expected: str
) -> None:
    m = index.match(text)
    assert m.kind == "answer" and m.entry is not None and m.entry.id == expected, _got(m)


@pytest.mark.parametrize("text", ["remind me to drink water", "how do i export a video"])
def test_a_bot_feature_word_alone_is_not_enough(index: FaqIndex, text: str) -> None:
    assert index.match(text).kind == "out_of_scope"


def test_a_body_with_a_counting_word_asks_about_credits(index: FaqIndex) -> None:
    m = index.match("is this webinar approved for nsca")
    assert m.kind == "answer" and m.entry is not None and m.entry.id == "course-approval"


def test_college_credit_hours_are_not_plain_hours(index: FaqIndex) -> None:
    # "credit hours to ceus" (college-courses) must not swallow "cec to hours"
    assert index.match("cec to hours").entry.id == "contact-hours"
    assert index.match("how many cecs per college credit hour").entry.id == "college-courses"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("whats the point of ceus", "why-earn-cecs"),
        ("what is mean of cec", "what-is-cec"),
        ("do my ceus mean anything to employers", "real-world-value"),
        ("how many hours have i logged so far", "usage-progress"),
    ],
)
def test_ways_of_asking_are_folded(index: FaqIndex, text: str, expected: str) -> None:
    m = index.match(text)
    assert m.kind == "answer" and m.entry is not None and m.entry.id == expected, _got(m)


@pytest.mark.parametrize(
    "text",
    [
        "grace period on my electricity bill",
        "who programmed you",
        "how can i check my new trainer's nasm cert is real",
        "where is the nasm head office",
    ],
)
def test_new_kinds_of_near_miss_are_rejected(index: FaqIndex, text: str) -> None:
    assert index.match(text).kind == "out_of_scope", _got(index.match(text))


def test_a_one_body_question_does_not_credit_example_bodies(index: FaqIndex) -> None:
    # cross-body-credits names ACE and NASM only as examples: "...count for nasm" about one
    # body must not look like a question across bodies
    m = index.match("will a kettlebell course count for my issa")
    assert m.kind == "answer" and m.entry is not None and m.entry.id == "course-approval"


def test_every_answer_formats_with_a_source_line_and_fits(index: FaqIndex) -> None:
    for entry in index.entries.values():
        text = format_answer(entry)
        assert text.splitlines()[-1].startswith("<i>Source: ") and text.endswith("</i>")
        assert len(text) <= 4096
        if entry.corrects:
            assert "Correction:" in text


def test_format_answer_escapes_and_truncates() -> None:
    entry = Entry("x", "q?", (), "line\n" * 2000, "a <b> & c")
    text = format_answer(entry)
    assert len(text) <= 4096
    assert text.endswith("<i>Source: a &lt;b&gt; &amp; c</i>")


def test_out_of_scope_reply_is_short() -> None:
    reply = out_of_scope_reply()
    assert 1 <= len(reply.splitlines()) <= 2
    assert "/log" in reply


def test_check_is_clean(index: FaqIndex) -> None:
    assert check(index) == []


def test_check_reports_problems(tmp_path: Path) -> None:
    path = tmp_path / "faq.toml"
    path.write_text(
        """
[[entry]]
id = "dup"
question = "What is a CEU?"
alternates = ["what is a ceu"]
answer = "A unit & more {NOPE.hours_per_unit}"
source = "x"

[[entry]]
id = "dup"
question = "Is there a grace period?"
alternates = ["grace period", "what is a ceu"]
answer = "<b>Yes"
source = ""
""",
        encoding="utf-8",
    )
    problems = "\n".join(check(build_index(path=path)))
    for expected in (
        "duplicate id dup",
        "missing source",
        "cannot fill {NOPE.hours_per_unit}",
        "unescaped &",
        "unbalanced <b>",
        "alternates (want 8-20)",
    ):
        assert expected in problems


def test_check_reports_an_alternate_matching_another_entry(tmp_path: Path) -> None:
    path = tmp_path / "faq.toml"
    alternates = ", ".join(f'"ceu question {i}"' for i in range(8))
    path.write_text(
        f"""
[[entry]]
id = "a"
question = "What is IACET?"
alternates = [{alternates}, "how many hours is 2.0 nasm ceus"]
answer = "x"
source = "y"
""",
        encoding="utf-8",
    )
    problems = check(build_index(path=path))
    assert any("'how many hours is 2.0 nasm ceus' matches body-nasm-hours" in p for p in problems)


def test_cli_check_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert knowledge_main(["check"]) == 0
    assert "entries" in capsys.readouterr().out
    assert knowledge_main([]) == 2


def test_load_faq_is_cached() -> None:
    assert load_faq() is load_faq()


def test_core_stays_pure() -> None:
    for name in ("faq.py", "__main__.py"):
        source = (Path(faq.__file__).parent / name).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+telegram", source, re.M)
        assert "datetime.now" not in source and "date.today" not in source


@pytest.mark.parametrize("text", ["hii", "heyyy", "thankss", "hiii there", "thxx"])
def test_stretched_smalltalk(index: FaqIndex, text: str) -> None:
    assert index.match(text).kind == "smalltalk"
