"""The facts base and the answers generated from it: every cell renders, unknowns say so."""

from __future__ import annotations

import re
from datetime import date

import pytest

from knowledge.__main__ import main as knowledge_main
from knowledge.answers import (
    Fact,
    Knowledge,
    load_facts,
    load_knowledge,
    parse_facts,
    provenance,
    render_notes,
)
from knowledge.check import INTERNAL, check, every_answer, html_problems

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


def test_check_is_clean() -> None:
    problems, summary = check()
    assert problems == []
    assert "topics" in summary and "facts" in summary


def test_every_body_topic_cell_renders() -> None:
    kb = load_knowledge()
    answers = every_answer(kb)
    slot_topics = [t for t in kb.topics.values() if t.kind == "slot"]
    assert len(answers) >= len(slot_topics) * len(kb.rules)
    for where, text in answers:
        assert html_problems(text) == [], where
        assert 0 < len(text) <= 4096, where
        assert not INTERNAL.search(re.sub(r'<a href="[^"]*">', "", text)), where
        assert "verified" not in text.lower(), where


def test_a_cell_nobody_filled_says_so_and_links_the_bodys_page() -> None:
    kb = load_knowledge()
    empty = [
        (t.id, code)
        for t in kb.topics.values()
        if t.kind == "slot"
        for code in kb.rules
        if kb.cell(t.id, code) is None
    ]
    assert empty, "every cell is filled: pick another way to test unknowns"
    topic, code = empty[0]
    text = kb.answer(topic, (code,))
    assert text.startswith(f"I don't have {code}'s rule")
    assert f'<a href="{kb.page(code)}"' in text


@pytest.mark.parametrize(
    ("topic", "code", "fact"),
    [
        ("carry-over", "NSCA", "31 Dec 2026"),
        ("carry-over", "NCSF", "latest two-year period"),
        ("audit", "NCSF", "keep the originals"),
        ("audit", "ISSA", "never the originals"),
        ("audit", "NETA", "not the originals"),
        ("other-routes", "AFAA", "industry contributions"),
        ("petition", "ISSA", "no separate petition step"),
        ("petition", "NCSF", "no separate petition"),
    ],
)
def test_cells_filled_for_the_faq_page_questions(topic: str, code: str, fact: str) -> None:
    """FAQ-page questions (knowledge/faq_pages.tsv) that used to get "I don't have ..." there."""
    text = load_knowledge().answer(topic, (code,))
    assert not text.startswith("I don't have")
    assert fact in text.split("\n")[0]  # the key fact comes first
    assert "checked 3 Dec 2026" in text


def test_the_acronym_does_not_tell_the_scale() -> None:
    kb = load_knowledge()
    assert "1.0 NASM CEU = 10 hours" in kb.answer("units", ("NASM",))
    assert "1.0 AFAA CEU = 1 hour" in kb.answer("units", ("AFAA",))
    assert "15 CEUs (15 hours)" in kb.answer("requirements", ("AFAA",))
    assert "2.0 CEUs (20 hours)" in kb.answer("requirements", ("NASM",))


def test_without_a_body_the_saved_certifications_answer() -> None:
    kb = load_knowledge()
    mine = kb.answer("requirements", (), saved=("ISSA",))
    assert "ISSA" in mine and "NASM" not in mine
    both = kb.answer("late", (), saved=("NASM", "ACE"))
    assert "<b>NASM</b>" in both and "<b>ACE</b>" in both
    general = kb.answer("requirements")
    assert all(code in general for code in kb.rules)


def test_a_named_body_beats_the_saved_ones() -> None:
    kb = load_knowledge()
    assert "ACSM" in kb.answer("fees", ("ACSM",), saved=("NASM",))
    assert "NASM" not in kb.answer("fees", ("ACSM",), saved=("NASM",)).split("Source")[0]


def test_provenance_is_honest_about_age() -> None:
    checked = Fact("fees", "x", "https://www.nasm.org/recertify", "2025-03", date(2026, 12, 3))
    text = provenance(checked)
    assert "page dated Mar 2025" in text and "checked 3 Dec 2026" in text
    old = Fact("fees", "x", "https://www.nasm.org/recertify")
    assert "not re-read" in provenance(old) and "checked" not in provenance(old)


def test_one_source_line_per_page_with_every_day_it_was_checked() -> None:
    page = "https://example.org/renew"
    lines = render_notes(
        [
            (page, None, date(2026, 12, 1)),
            (page, "2026-03", date(2026, 12, 3)),
            ("https://example.org/fees", None, None),
            (page, None, None),
        ]
    )
    assert len(lines) == 2
    assert "page dated" in lines[0] and "checked 1 Dec 2026 and 3 Dec 2026" in lines[0]
    assert "some lines from our notes" in lines[0]
    assert "checked" not in lines[1] and "from our notes" in lines[1]


def test_no_answer_names_a_page_in_two_source_lines() -> None:
    kb = load_knowledge()
    for topic in kb.topics:
        for code in kb.rules:
            found = kb.cell(topic, code)
            if found is None:
                continue
            pages = [re.search(r'href="([^"]+)"', note).group(1) for note in found[1]]
            assert len(pages) == len(set(pages)), (topic, code, pages)


def test_every_fact_carries_its_page_and_check_date_fields() -> None:
    facts = load_facts()
    assert set(facts) >= {
        "ACE",
        "NASM",
        "AFAA",
        "ISSA",
        "ACSM",
        "NSCA",
        "NCSF",
        "AEA",
        "NESTA",
        "NCCPT",
        "NETA",
    }
    for bf in facts.values():
        assert bf.page.startswith("http")
        for f in bf.facts:
            assert f.source.startswith("http") and f.text


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ('body = "NASM"\npage = "ftp://x"\n', "page"),
        (
            'body = "NASM"\npage = "https://x"\n[[fact]]\ntopic = "weather"\ntext = "t"\nsource = "https://x"\n',
            "not a body topic",
        ),
        (
            'body = "NASM"\npage = "https://x"\n[[fact]]\ntopic = "fees"\ntext = "t"\nsource = "file.txt"\n',
            "web address",
        ),
        (
            'body = "NASM"\npage = "https://x"\n[[fact]]\ntopic = "fees"\ntext = "t"\nsource = "https://x"\nchecked_on = "yesterday"\n',
            "checked_on",
        ),
    ],
)
def test_bad_facts_are_refused(raw: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_facts(raw, load_knowledge().topics)


def test_internal_names_are_caught() -> None:
    assert INTERNAL.search("Source: cec-vs-ceu.txt")
    assert INTERNAL.search("see certifications.toml")
    assert INTERNAL.search("the source document is wrong")


def _words(text: str) -> list[str]:
    plain = re.sub(r"<[^>]+>", " ", text)
    return re.findall(r"[a-z0-9']+", plain.lower())


def _ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_answers_are_in_our_own_words() -> None:
    document = _ngrams(_words(SOURCE_DOCUMENT), 8)
    assert len(document) > 500  # the fixture is really there
    copied = {
        where: sorted(" ".join(g) for g in _ngrams(_words(text), 8) & document)
        for where, text in every_answer(load_knowledge())
    }
    assert {k: v for k, v in copied.items() if v} == {}


def test_general_answers_keep_the_corrections() -> None:
    kb = load_knowledge()
    assert "10 contact hours" in kb.answer("units")
    assert "no certifying body sets such a minimum" in kb.answer("units")
    assert "neither" in kb.answer("accreditation").lower()
    assert "registrar" in kb.answer("ceu-degree")  # not an absolute "never"
    assert "Accredited Provider" in kb.answer("what-is-iacet")


def test_cli_check_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert knowledge_main(["check"]) == 0
    assert "ok:" in capsys.readouterr().out
    assert knowledge_main([]) == 2


def test_knowledge_uses_the_same_rules_as_the_tracker() -> None:
    from knowledge.rules import load_rules

    kb = Knowledge()
    assert kb.rules == load_rules()


def test_a_late_window_from_an_older_page_says_so() -> None:
    kb = load_knowledge()
    text = kb.body_answer("late", "AFAA")
    assert "up to 180 days after the deadline" in text
    assert "older copy of AFAA's page; the current one names no last day" in text
    assert "older copy" not in kb.body_answer("late", "NASM")  # a stated limit is not hedged


def test_one_page_written_two_ways_is_one_source_line() -> None:
    lines = render_notes(
        [
            ("https://www.acsm.org/certification/recertification", None, date(2026, 12, 1)),
            ("https://acsm.org/certification/recertification/", None, date(2026, 12, 3)),
        ]
    )
    assert len(lines) == 1 and "checked 1 Dec 2026 and 3 Dec 2026" in lines[0]
