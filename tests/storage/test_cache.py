"""A user's row, certifications and nudge marks are read once and kept; every write through
Storage (committed or not) makes the next read fresh."""

import sqlite3
from datetime import UTC, date, datetime

import pytest

from tracker.storage import AlreadySent, Storage

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.fixture
def storage(tmp_path):
    s = Storage(tmp_path / "bot.db", clock=lambda: NOW)
    yield s
    s.close()


def traced(storage: Storage) -> list[str]:
    seen: list[str] = []
    storage.db.conn.set_trace_callback(seen.append)
    return seen


def test_a_users_data_is_read_once(storage):
    storage.set_certification(1, "NASM", date(2027, 6, 30))
    storage.record_nudges(1, ["k"], [], NOW, None)
    seen = traced(storage)
    for _ in range(3):
        storage.touch_user(1)
        storage.settings(1)
        storage.certifications(1)
        storage.certification(1, "NASM")
        storage.sent_keys(1)
        storage.last_nudge_on(1)
    assert len(seen) == 3, seen  # the row, the certifications, the marks: once each


def test_every_write_refreshes_what_was_kept(storage):
    storage.touch_user(1)
    assert storage.settings(1).timezone == "UTC" and storage.certifications(1) == []
    storage.update_user(1, timezone="Europe/Paris", active=False)
    assert storage.settings(1).timezone == "Europe/Paris" and not storage.is_active(1)
    storage.touch_user(1)  # a blocked user who writes again is active again
    assert storage.is_active(1)
    storage.set_certification(1, "NASM", date(2027, 6, 30))
    cert = storage.certification(1, "NASM")
    storage.update_certification(1, cert.id, reminders_off=True)
    assert storage.certification_by_id(1, cert.id).reminders_off
    assert storage.remove_certification(1, "NASM") and storage.certifications(1) == []
    storage.record_nudges(1, ["a"], ["b"], NOW, date(2026, 11, 28))
    assert storage.sent_keys(1) == {"a", "b"} and storage.last_nudge_on(1) == date(2026, 11, 28)
    storage.unrecord_nudges(1, ["a"], None)
    assert storage.sent_keys(1) == {"b"} and storage.last_nudge_on(1) is None
    storage.set_next_due(1, NOW)
    assert storage.users_due(NOW) == [1]
    storage.forget(1)
    assert storage.settings(1, "Asia/Tokyo").timezone == "Asia/Tokyo"  # unknown again


def test_a_write_that_fails_leaves_nothing_stale(storage):
    storage.ensure_user(1)
    storage.record_nudges(1, ["a"], [], NOW, None)
    assert storage.sent_keys(1) == {"a"}
    with pytest.raises(AlreadySent):
        storage.record_nudges(1, ["b", "a"], [], NOW, None)
    assert storage.sent_keys(1) == {"a"}
    storage.db.execute(
        "create trigger injected_failure before delete on users "
        "begin select raise(abort, 'injected failure'); end"
    )
    with pytest.raises(sqlite3.DatabaseError):
        storage.forget(1)
    assert storage.sent_keys(1) == {"a"} and storage.is_active(1)


def test_a_new_users_first_activity_creates_the_user(storage):
    result = storage.add_activity(5, 5, 1, date(2026, 11, 1), "first", 2.0)
    assert result.created and result.activity.title == "first"
    assert not result.activity.has_attachment
    assert storage.rows_of_user(5)["users"] == 1
    again = storage.add_activity(5, 5, 1, date(2026, 11, 1), "first", 2.0)
    assert not again.created and again.activity == result.activity


def fresh(storage: Storage, path, user_id: int):
    """What a new connection reads: the user's activities and choices, nothing cached."""
    other = Storage(path)
    try:
        return other.activities(user_id), other.count_choices(user_id)
    finally:
        other.close()


def test_activities_and_choices_are_read_once(storage):
    storage.add_activity(1, 1, 1, date(2026, 11, 1), "a", 1.0)
    storage.activities(1), storage.count_choices(1)
    seen = traced(storage)
    for _ in range(3):
        storage.activities(1)
        storage.count_choices(1)
    assert seen == []


def test_every_activity_write_keeps_the_cached_copy_exact(storage, tmp_path):
    path = tmp_path / "bot.db"
    days = [date(2026, 11, 3), date(2026, 11, 1), date(2026, 11, 3), date(2026, 10, 30)]
    for i, day in enumerate(days):
        storage.add_activity(1, 1, 10 + i, day, f"a{i}", 1.0 + i)
        assert (storage.activities(1), storage.count_choices(1)) == fresh(storage, path, 1)
    storage.add_activity(1, 1, 10, days[0], "again", 1.0)  # a redelivered message: no change
    ids = [a.id for a in storage.activities(1)]
    assert len(ids) == 4 and (storage.activities(1), {}) == fresh(storage, path, 1)
    steps = [
        lambda: storage.set_count_choice(1, ids[0], "NASM", "no"),
        lambda: storage.attach(1, ids[1], "F1", "document", "c.pdf"),
        lambda: storage.update_activity(1, ids[2], card_expiry=date(2028, 1, 1)),
        lambda: storage.edit_activity(1, ids[3], "1:99", title="edited", hours=2.5),
        lambda: storage.undo_edit(1, storage.edit_activity(1, ids[3], "1:100", hours=9.0)[1]),
        lambda: storage.delete_activity(1, ids[0], by="1:101"),
        lambda: storage.add_activity(1, 1, 50, date(2026, 11, 2), "new", 0.5),
        lambda: storage.forget(1),
    ]
    for step in steps:
        storage.activities(1), storage.count_choices(1)  # cached before each write
        step()
        assert (storage.activities(1), storage.count_choices(1)) == fresh(storage, path, 1)
    assert storage.activities(1) == []


def test_a_failed_activity_write_leaves_nothing_stale(storage):
    storage.add_activity(1, 1, 1, date(2026, 11, 1), "a", 1.0)
    before = storage.activities(1)
    storage.db.execute(
        "create trigger injected_failure before insert on activities "
        "begin select raise(abort, 'injected failure'); end"
    )
    with pytest.raises(sqlite3.DatabaseError):
        storage.add_activity(1, 1, 2, date(2026, 11, 2), "b", 1.0)
    assert storage.activities(1) == before


def test_cached_activities_stay_within_their_limit(storage, monkeypatch):
    monkeypatch.setattr("tracker.storage.ACTIVITY_CACHE_ROWS", 5)
    for user in (1, 2, 3):
        for i in range(3):
            storage.add_activity(user, user, user * 100 + i, date(2026, 11, 1 + i), f"u{user}", 1.0)
    for user in (1, 2, 3, 1, 2):
        assert [a.title for a in storage.activities(user)] == [f"u{user}"] * 3
        assert storage._activity_rows <= 5
        assert storage._activity_rows == sum(
            len(e.get("activities", ())) for e in storage._activity_cache.values()
        )


def test_nudge_marks_and_next_due_keep_the_cached_copy_exact(storage, tmp_path):
    storage.set_certification(1, "NASM", date(2027, 6, 30))
    storage.record_nudges(1, ["old"], [], NOW, None)

    def kept():
        return (storage.settings(1), storage.certifications(1), storage.sent_keys(1),
                storage.last_nudge_on(1), storage._user_row(1))  # fmt: skip

    def read_fresh():
        other = Storage(tmp_path / "bot.db")
        try:
            return (other.settings(1), other.certifications(1), other.sent_keys(1),
                    other.last_nudge_on(1), other._user_row(1))  # fmt: skip
        finally:
            other.close()

    for write in (
        lambda: storage.record_nudges(1, ["a"], ["b", "old"], NOW, date(2026, 11, 28)),
        lambda: storage.record_nudges(1, [], ["c"], NOW, None),
        lambda: storage.set_next_due(1, NOW),
        lambda: storage.set_next_due(1, None),
    ):
        kept()  # cached before the write
        write()
        seen = traced(storage)
        assert kept() == read_fresh()
        assert seen == [], seen  # brought up to date, not read again
        storage.db.conn.set_trace_callback(None)
    assert storage.sent_keys(1) == {"old", "a", "b", "c"}


@pytest.mark.parametrize(
    ("title", "day", "hours"),
    [("Yoga Workshop", date(2026, 11, 1), 1.5), ("yoga workshop", date(2026, 11, 1), 1.5),
     ("YOGA WORKSHOP", date(2026, 11, 1), 1.5), ("Yoga Workshop", date(2026, 11, 2), 1.5),
     ("Yoga Workshop", date(2026, 11, 1), 1.0), ("école", date(2026, 11, 1), 2.0),
     ("École", date(2026, 11, 1), 2.0), ("ÉCOLE", date(2026, 11, 1), 2.0),
     ("Straße", date(2026, 11, 1), 2.0), ("strasse", date(2026, 11, 1), 2.0)],
)  # fmt: skip
def test_the_same_entry_check_answers_from_the_cache_as_the_query_does(
    storage, tmp_path, title, day, hours
):
    logged = [("Yoga workshop", 1.5), ("yoga WORKSHOP", 1.5), ("École", 2.0), ("Straße", 2.0)]
    for i, (name, h) in enumerate(logged):
        storage.add_activity(1, 1, i + 1, date(2026, 11, 1), name, h)
    storage.delete_activity(1, storage.add_activity(1, 1, 9, day, title, hours).activity.id)
    storage.activities(1)  # cached
    seen = traced(storage)
    cached = storage.same_entry(1, day, title, hours)
    assert seen == []
    other = Storage(tmp_path / "bot.db")  # nothing cached: the query
    try:
        assert cached == other.same_entry(1, day, title, hours)
    finally:
        other.close()


def test_the_same_entry_index_takes_in_a_new_activity(storage, tmp_path):
    day = date(2026, 11, 1)
    storage.add_activity(1, 1, 1, day, "Yoga workshop", 1.5)
    storage.activities(1)  # cached
    assert storage.same_entry(1, day, "spin class", 1.0) is None  # the index is built here
    new = storage.add_activity(1, 1, 2, day, "Spin Class", 1.0).activity
    again = storage.add_activity(1, 1, 3, day, "spin class", 1.0).activity  # newer, same entry
    seen = traced(storage)
    assert storage.same_entry(1, day, "SPIN CLASS", 1.0) == again != new
    assert seen == []  # from the cache
    storage.delete_activity(1, again.id)
    assert storage.same_entry(1, day, "spin class", 1.0) == new
