"""A whole conversation with bot.py as a real process over HTTP: questions, did-you-mean, /cert,
/log in several phrasings, /progress, /history paging, /undo, /export, /forget."""

from __future__ import annotations

import csv
import io
import re
import stat
import urllib.request

import pytest

from knowledge.answers import load_knowledge
from knowledge.faq import load_matcher
from tests.fakeapi import buttons, db_rows, text_of

USER = 1001

LOGS = [  # (what the user sends, hours the bot should store)
    ("/log 3h kettlebell workshop", 3.0),
    ("/log 90 min CPR refresher yesterday", 1.5),
    ("/log 2 hours nutrition webinar", 2.0),
    ("/log 45 min foam rolling clinic", 0.75),
]


def choose_query() -> str:
    """A question the matcher answers with 'Did you mean…' (derived, so FAQ tuning can't break it)."""
    matcher = load_matcher()
    from knowledge.answers import load_knowledge
    from knowledge.corpus import load_corpus
    from knowledge.faq import BODY_MENU

    labels = [t.label for t in load_knowledge().topics.values()]
    # corpus rows first; the model has learned those, so two topics' labels side by side too
    pairs = [f"{a} {b}" for a in labels for b in labels if a != b]
    for text in [e.text for e in load_corpus()] + pairs:
        m = matcher.match(text)
        general = all(not t.startswith("my-") for t in m.candidates)
        if m.kind == "choose" and m.candidates != BODY_MENU and len(m.candidates) >= 2 and general:
            return text
    for text in (
        "ceu",
        "renewal",
        "how do i renew",
        "hours",
        "cpr",
        "nasm",
        "what counts",
        "credits",
    ):
        if matcher.match(text).kind == "choose":
            return text
    raise AssertionError("no test query yields a did-you-mean choice any more; add one")


def active_hours(db_path) -> list[float]:
    return [
        row[0]
        for row in db_rows(
            db_path,
            "select hours from activities where user_id = ? and deleted = 0 order by id",
            (USER,),
        )
    ]


@pytest.fixture
def quiet_bot(make_bot):
    """The bot without the nudge sweep: a nudge due by the wall clock (the sweep runs on real
    time here) must not land between a question and its answer. Nudges have their own tests."""
    return make_bot(env={"RECERTBOT_SWEEP_SECONDS": "0"})


def test_conversation(api, quiet_bot, db_path):
    matcher, kb = load_matcher(), load_knowledge()

    # A question, and the same question with typos: the same answer.
    question = "do CEUs count toward a degree?"
    expected = matcher.match(question)
    assert expected.kind == "answer"
    (answer,) = api.ask(question)
    assert text_of(answer) == kb.answer(expected.topic)
    (typo_answer,) = api.ask("do ceus count towrd a degre")
    assert text_of(typo_answer) == text_of(answer)

    # A vague question: "Did you mean…" buttons; pressing one answers that entry.
    vague = choose_query()
    (choice,) = api.ask(vague)
    assert text_of(choice).startswith("Did you mean")
    offered = [data for _, data in buttons(choice)]
    candidates = matcher.match(vague).candidates
    assert [d.split(":")[1] for d in offered] == list(candidates[: len(offered)])
    (picked,) = api.press(choice, offered[-1])
    _, topic, *body = offered[-1].split(":")
    assert topic == candidates[len(offered) - 1]
    assert text_of(picked) == kb.answer(topic, tuple(body))
    assert api.sim.callback_answers, "the button press was not answered"

    # The certification.
    (saved,) = api.ask("/cert NASM 2027-06-30")
    assert "NASM" in text_of(saved) and "30 Jun 2027" in text_of(saved)

    # /log in several phrasings: each confirmed, stored once with the right hours.
    for text, hours in LOGS:
        (logged,) = api.ask(text)
        assert text_of(logged).startswith("✅ Logged"), text_of(logged)
        assert any(data.startswith("act:undo:") for _, data in buttons(logged))
        assert active_hours(db_path)[-1] == hours, text
    assert sorted(active_hours(db_path)) == sorted(h for _, h in LOGS)

    # /progress shows the total.
    (progress,) = api.ask("/progress")
    total = sum(h for _, h in LOGS)
    assert "NASM" in text_of(progress) and "/ 20 h" in text_of(progress), text_of(progress)
    assert f"Total logged: {total:g} h" in text_of(progress), text_of(progress)

    # More than a page of activities: /history pages with Older/Newer (the message is edited).
    for n in range(6):
        (logged,) = api.ask(f"/log 1h study session {n}")
        assert text_of(logged).startswith("✅ Logged")
    count = len(LOGS) + 6
    (page1,) = api.ask("/history")
    assert f"1–8 of {count}" in text_of(page1)
    assert "study session 5" in text_of(page1)  # newest first
    (page2,) = api.press(page1, "Older")
    assert page2.get("edited") and page2["message_id"] == page1["message_id"]
    assert f"9–{count} of {count}" in text_of(page2)
    ids_page1 = set(re.findall(r"#(\d+)", text_of(page1)))
    ids_page2 = set(re.findall(r"#(\d+)", text_of(page2)))
    assert len(ids_page1) == 8 and len(ids_page2) == count - 8 and not ids_page1 & ids_page2
    (back,) = api.press(page2, "Newer")
    assert text_of(back) == text_of(page1)

    # /undo removes the last one.
    (undone,) = api.ask("/undo")
    assert text_of(undone).startswith("Removed #") and "study session 5" in text_of(undone)
    assert len(active_hours(db_path)) == count - 1

    # /export: a CSV document (downloaded over the fake's file route) that parses, and a PDF.
    csv_message, pdf_message = api.ask("/export", replies=2)
    assert csv_message["document"]["file_name"].endswith(".csv")
    assert pdf_message["document"]["file_name"].endswith(".pdf")
    file_id = csv_message["document"]["file_id"]
    with urllib.request.urlopen(f"{api.file_url}{api.token}/documents/{file_id}", timeout=10) as r:
        content = r.read().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == count - 1, rows
    titles = [row["title"] for row in rows]
    assert "kettlebell workshop" in titles and "study session 5" not in titles
    assert sum(float(row["hours"]) for row in rows) == sum(h for _, h in LOGS) + 5
    assert pdf_message["document"]["file_size"] > 0

    # /forget, confirmed with the button: nothing left.
    (ask_forget,) = api.ask("/forget")
    (done,) = api.press(ask_forget, "Yes, delete")
    assert done.get("edited") and "deleted everything" in text_of(done)
    assert db_rows(db_path, "select count(*) from activities where user_id = ?", (USER,)) == [(0,)]
    assert db_rows(db_path, "select count(*) from certifications where user_id = ?", (USER,)) == [
        (0,)
    ]

    # Inline mode: @bot question in any chat answers with articles.
    api.inject_inline(question, user_id=USER)
    api.wait_until(lambda: bool(api.sim.inline_answers), 30, "the inline answer")
    results = api.sim.inline_answers[0]["results"]
    assert results[0]["id"].startswith(expected.topic) and results[0]["type"] == "article"

    # Start-up registered the command menu and cleared any webhook before polling.
    assert "log" in [c["command"] for c in api.sim.commands]
    assert api.calls("deleteWebhook") and api.calls("setMyCommands")

    # Every message the bot sent was valid Telegram HTML within the limits (the fake refuses the
    # rest with 400, and the bot would have apologised instead).
    assert all(r.status == 200 for r in api.calls("sendMessage"))
    assert not any("something went wrong" in text_of(m) for m in api.sent)


def test_certificate_upload_and_file(api, bot):
    """A PDF with a /log caption is attached; /file sends it back; the bytes survive."""
    pdf = b"%PDF-1.4 fake certificate " + bytes(range(256))
    stored = api.upload(pdf, "first-aid.pdf", "application/pdf")
    document = {
        "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
        "file_name": "first-aid.pdf", "mime_type": "application/pdf", "file_size": len(pdf),
    }  # fmt: skip
    logged, attached = api.ask(
        None, caption="/log 2h first aid course", document=document, replies=2
    )
    assert text_of(logged).startswith("✅ Logged")
    activity_id = re.search(r"#(\d+)", text_of(logged)).group(1)
    assert f"attached to #{activity_id}" in text_of(attached)
    (sent_back,) = api.ask(f"/file {activity_id}")
    assert api.download(sent_back["document"]["file_id"]) == pdf


def test_database_created_owner_only(api, bot, db_path):
    """The bot creates its SQLite file readable and writable by its owner only."""
    (reply,) = api.ask("/log 1h webinar")
    assert text_of(reply).startswith("✅ Logged")
    assert db_path.exists()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
