"""Storage on a real SQLite file."""

import os
import stat
from datetime import UTC, date, datetime

import pytest

from tracker.storage import USER_TABLES, AlreadySent, Storage

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture
def storage(tmp_path):
    s = Storage(tmp_path / "data" / "bot.db", clock=lambda: NOW)
    yield s
    s.close()


def test_file_is_private_wal_and_migrations_are_idempotent(tmp_path, storage):
    path = tmp_path / "data" / "bot.db"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert storage.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert storage.migrate() == 0
    again = Storage(path)
    assert again.migrate() == 0
    assert set(USER_TABLES) <= set(again.db.table_names())


def test_same_message_is_stored_once(storage):
    first = storage.add_activity(1, 1, 10, date(2026, 11, 1), "workshop", 3.0)
    second = storage.add_activity(1, 1, 10, date(2026, 11, 1), "workshop", 3.0)
    assert first.created and not second.created and first.activity == second.activity
    assert storage.count_activities(1) == 1
    assert storage.add_activity(1, 2, 10, date(2026, 11, 1), "other chat", 1.0).created


def test_users_only_see_their_own_rows(storage):
    mine = storage.add_activity(1, 1, 1, date(2026, 11, 1), "mine", 1.0).activity
    assert storage.activity(2, mine.id) is None
    assert storage.delete_activity(2, mine.id) is None
    assert storage.update_activity(2, mine.id, hours=9.0) is None
    assert not storage.attach(2, mine.id, "F", "photo", None)
    assert storage.activity(1, mine.id).hours == 1.0


def test_history_is_newest_first_and_paged(storage):
    for day in (3, 1, 2):
        storage.add_activity(1, 1, day, date(2026, 11, day), f"d{day}", 1.0)
    assert [a.title for a in storage.activities(1)] == ["d3", "d2", "d1"]
    assert [a.title for a in storage.activities(1, limit=2, offset=2)] == ["d1"]


def test_nudge_marks_are_unique_and_can_be_taken_back(storage):
    storage.ensure_user(1)
    storage.record_nudges(1, ["a"], ["b"], NOW, date(2026, 11, 28))
    assert storage.sent_keys(1) == {"a", "b"}
    with pytest.raises(AlreadySent):
        storage.record_nudges(1, ["a"], [], NOW, date(2026, 11, 28))
    storage.unrecord_nudges(1, ["a"], None)
    assert storage.sent_keys(1) == {"b"} and storage.last_nudge_on(1) is None


def test_forget_removes_every_row_of_the_user(storage):
    storage.set_certification(1, "NASM", date(2027, 6, 30))
    activity = storage.add_activity(1, 1, 1, date(2026, 11, 1), "x", 1.0).activity
    storage.attach(1, activity.id, "F1", "document", "c.pdf")
    storage.edit_activity(1, activity.id, "1:2", hours=2.0)
    storage.update_user(1, cpr_expiry=date(2027, 1, 1))
    storage.record_nudges(1, ["k"], [], NOW, None)
    storage.set_count_choice(1, activity.id, "NASM", "no")
    storage.add_activity(2, 2, 1, date(2026, 11, 1), "other", 1.0)
    assert all(storage.rows_of_user(1)[t] > 0 for t in USER_TABLES)
    storage.forget(1)
    assert storage.rows_of_user(1) == dict.fromkeys(USER_TABLES, 0)
    assert storage.count_activities(2) == 1


def test_certification_upsert_and_remove(storage):
    storage.set_certification(1, "NASM", date(2027, 6, 30))
    storage.set_certification(1, "NASM", date(2029, 6, 30))
    assert [(c.body, c.deadline.year) for c in storage.certifications(1)] == [("NASM", 2029)]
    assert storage.remove_certification(1, "NASM") and not storage.remove_certification(1, "NASM")


def test_app_state_and_highest_message_id(tmp_path, storage):
    assert storage.state("k") is None
    storage.set_state("k", "1")
    storage.set_state("k", "2")
    assert storage.state("k") == "2"
    made = iter(["first", "second"])
    assert storage.state_or_create("secret", lambda: next(made)) == "first"
    assert storage.state_or_create("secret", lambda: next(made)) == "first"
    assert Storage(tmp_path / "data" / "bot.db").state("k") == "2"  # persisted
    assert storage.highest_message_id(5) == 0
    storage.add_activity(5, 5, 7, date(2026, 1, 1), "a", 1)
    storage.add_activity(6, 6, 40, date(2026, 1, 1), "b", 1)
    assert storage.highest_message_id(5) == 7
    first = storage.last_logged(5)
    storage.delete_activity(5, first.id, by="5:12")
    assert storage.highest_message_id(5) == 12
    assert storage.highest_message_id(6) == 40


def test_new_columns_and_count_choices(storage):
    cert = storage.set_certification(
        1, "NSCA", date(2026, 12, 31), certified_on=date(2025, 3, 1), starting_units=0.4,
        added_on=date(2026, 11, 1),
    )  # fmt: skip
    assert (cert.certified_on, cert.starting_units, cert.added_on) == (
        date(2025, 3, 1), 0.4, date(2026, 11, 1),
    )  # fmt: skip
    again = storage.set_certification(1, "NSCA", date(2029, 12, 31), added_on=date(2026, 12, 1))
    assert (again.certified_on, again.starting_units, again.added_on) == (
        date(2025, 3, 1), 0.4, date(2026, 11, 1),
    )  # fmt: skip
    logged = storage.add_activity(1, 1, 5, date(2026, 11, 1), "ACE seminar", 2.0, body="ACE")
    assert logged.activity.body == "ACE"
    storage.update_activity(1, logged.activity.id, card_expiry=date(2027, 11, 1))
    assert storage.activity(1, logged.activity.id).card_expiry == date(2027, 11, 1)
    assert storage.set_count_choice(1, logged.activity.id, "NASM", "pending")
    assert storage.set_count_choice(1, logged.activity.id, "NASM", "approved")
    assert not storage.set_count_choice(2, logged.activity.id, "NASM", "no")  # not theirs
    assert storage.count_choices(1) == {"NASM": {logged.activity.id: "approved"}}
    storage.delete_activity(1, logged.activity.id)
    assert storage.count_choices(1) == {}


def test_edit_keeps_the_version_before_and_undo_restores_it(storage):
    activity = storage.add_activity(1, 1, 1, date(2026, 10, 3), "kettlebell workshop", 3.0).activity
    edited, edit_id = storage.edit_activity(1, activity.id, "1:2", hours=4.0, title="kb level 2")
    assert (edited.hours, edited.title, edited.activity_date) == (
        4.0,
        "kb level 2",
        date(2026, 10, 3),
    )
    again, same_id = storage.edit_activity(1, activity.id, "1:2", hours=9.0)  # redelivered
    assert same_id == edit_id and again.hours == 4.0
    assert storage.edit_activity(2, activity.id, "2:1", hours=1.0) is None  # not theirs
    assert storage.undo_edit(2, edit_id) is None
    restored = storage.undo_edit(1, edit_id)
    assert (restored.hours, restored.title) == (3.0, "kettlebell workshop")
    assert storage.undo_edit(1, edit_id) is None  # once
    assert storage.count_activities(1) == 1


def test_same_entry_finds_the_same_hours_and_title_on_that_day(storage):
    storage.add_activity(1, 1, 1, date(2026, 11, 28), "Seminar", 3.0)
    assert storage.same_entry(1, date(2026, 11, 28), "seminar", 3.0) is not None
    assert storage.same_entry(1, date(2026, 11, 28), "seminar", 2.0) is None
    assert storage.same_entry(1, date(2026, 11, 27), "seminar", 3.0) is None
    assert storage.same_entry(2, date(2026, 11, 28), "seminar", 3.0) is None


def test_undo_of_an_edit_from_before_bodies_were_kept_leaves_the_body(storage):
    activity = storage.add_activity(1, 1, 1, date(2026, 11, 1), "NASM course", 5.0, body="NASM")
    activity = activity.activity
    _, edit_id = storage.edit_activity(1, activity.id, "1:2", title="ACE course", body="ACE")
    # an edit recorded before m005 kept no body: undo restores what it kept, and no more
    storage.db.execute(
        "update activity_edits set kept_body = 0, body = null where id = ?", [edit_id]
    )
    restored = storage.undo_edit(1, edit_id)
    assert restored is not None and (restored.title, restored.body) == ("NASM course", "ACE")
