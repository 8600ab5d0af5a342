"""Multi-statement writes are all-or-nothing: a failure in the middle leaves the database exactly
as it was. Failures are injected with SQLite triggers (RAISE(ABORT) on one statement of the
write), so the tests do not depend on how storage issues its statements."""

import sqlite3
from datetime import UTC, date, datetime

import pytest
import sqlite_utils

import tracker.storage
from tracker.storage import USER_TABLES, AlreadySent, Storage

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
DAY = date(2026, 11, 28)


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "bot.db"


@pytest.fixture
def storage(path):
    s = Storage(path, clock=lambda: NOW)
    yield s
    s.close()


def dump(path) -> list[str]:
    """The committed content of the file, schema and rows, as another connection sees it."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def fail_before(storage: Storage, event: str, table: str) -> None:
    """Make every `event` (insert/update/delete) on `table` fail, from now on."""
    storage.db.execute(
        f"create trigger injected_failure before {event} on {table} "
        "begin select raise(abort, 'injected failure'); end"
    )


def populate(storage: Storage) -> None:
    storage.set_certification(1, "NASM", date(2027, 6, 30))
    activity = storage.add_activity(1, 1, 1, date(2026, 11, 1), "x", 1.0).activity
    storage.attach(1, activity.id, "F1", "document", "c.pdf")
    storage.set_count_choice(1, activity.id, "NASM", "no")
    storage.edit_activity(1, activity.id, "1:2", hours=2.0)
    storage.record_nudges(1, ["k"], [], NOW, None)


def test_already_sent_in_the_middle_of_recording_nudges_records_nothing(storage, path):
    storage.ensure_user(1)
    storage.record_nudges(1, ["a"], [], NOW, None)
    before = dump(path)
    with pytest.raises(AlreadySent):
        # "b" goes in first, then "a" was sent before: the whole batch is taken back
        storage.record_nudges(1, ["b", "a"], ["c"], NOW, DAY)
    assert dump(path) == before
    assert storage.sent_keys(1) == {"a"} and storage.last_nudge_on(1) is None
    # ... so "b" is still due and can be recorded (and sent) later
    storage.record_nudges(1, ["b"], [], NOW, DAY)
    assert storage.sent_keys(1) == {"a", "b"}


def test_failure_in_the_middle_of_recording_nudges_records_nothing(storage, path):
    storage.ensure_user(1)
    fail_before(storage, "update", "users")  # the day's mark, after the keys
    before = dump(path)
    with pytest.raises(sqlite3.DatabaseError, match="injected"):
        storage.record_nudges(1, ["a", "b"], ["c"], NOW, DAY)
    assert dump(path) == before
    assert storage.sent_keys(1) == set()


def test_failure_in_the_middle_of_taking_nudges_back_changes_nothing(storage, path):
    storage.ensure_user(1)
    storage.record_nudges(1, ["a", "b"], [], NOW, DAY)
    fail_before(storage, "update", "users")
    before = dump(path)
    with pytest.raises(sqlite3.DatabaseError, match="injected"):
        storage.unrecord_nudges(1, ["a", "b"], None)
    assert dump(path) == before
    assert storage.sent_keys(1) == {"a", "b"} and storage.last_nudge_on(1) == DAY


def test_failure_in_the_middle_of_forget_deletes_nothing(storage, path):
    populate(storage)
    counts = storage.rows_of_user(1)
    assert all(counts[t] > 0 for t in USER_TABLES)
    fail_before(storage, "delete", "users")  # the last table forget() empties
    before = dump(path)
    with pytest.raises(sqlite3.DatabaseError, match="injected"):
        storage.forget(1)
    assert dump(path) == before
    assert storage.rows_of_user(1) == counts


def test_failure_storing_an_activity_leaves_no_half_new_user(storage, path):
    fail_before(storage, "insert", "activities")
    before = dump(path)
    with pytest.raises(sqlite3.DatabaseError, match="injected"):
        storage.add_activity(7, 7, 1, date(2026, 11, 1), "x", 1.0)
    assert dump(path) == before
    assert storage.rows_of_user(7) == dict.fromkeys(USER_TABLES, 0)


def test_failure_setting_a_certification_leaves_no_half_new_user(storage, path):
    fail_before(storage, "insert", "certifications")
    before = dump(path)
    with pytest.raises(sqlite3.DatabaseError, match="injected"):
        storage.set_certification(7, "NASM", date(2027, 6, 30))
    assert dump(path) == before


def test_failure_in_the_middle_of_a_migration_step_changes_nothing(storage, path, monkeypatch):
    populate(storage)
    storage.close()
    before = dump(path)

    def m002_broken(db: sqlite_utils.Database) -> None:
        db["users"].add_column("nickname", str)
        db["new_table"].create({"id": int}, pk="id")
        db.execute("update users set timezone = 'Europe/Paris'")
        raise RuntimeError("injected failure")

    monkeypatch.setattr(tracker.storage, "MIGRATIONS", [*tracker.storage.MIGRATIONS, m002_broken])
    with pytest.raises(RuntimeError, match="injected"):
        Storage(path)
    assert dump(path) == before

    monkeypatch.undo()  # the fixed release: opens, nothing pending, the data intact
    again = Storage(path)
    assert again.migrate() == 0 and again.count_activities(1) == 1
    again.close()


def test_failure_in_the_middle_of_the_first_migration_creates_no_table(path, monkeypatch):
    def m001_broken(db: sqlite_utils.Database) -> None:
        tracker.storage.m001_initial_schema(db)
        raise RuntimeError("injected failure")

    monkeypatch.setattr(tracker.storage, "MIGRATIONS", [m001_broken])
    with pytest.raises(RuntimeError, match="injected"):
        Storage(path)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    conn.close()
    assert not tables & set(USER_TABLES), tables


def test_a_database_from_the_hand_rolled_migrations_opens_and_keeps_its_rows(path):
    """Before sqlite-utils' Migrations the version lived in `schema_version`: such a file is
    adopted (its step recorded as applied, not run again) with every row kept."""
    path.parent.mkdir(parents=True)
    old = sqlite_utils.Database(path)
    old["schema_version"].create({"version": int}, pk="version")
    tracker.storage.m001_initial_schema(old)
    old["schema_version"].insert({"version": 1})
    old.execute("insert into users (id, timezone) values (1, 'UTC')")
    old.execute(
        "insert into activities (user_id, activity_date, title, hours, chat_id, message_id) "
        "values (1, '2026-11-01', 'kept', 2.5, 1, 1)"
    )
    old.close()

    storage = Storage(path)
    assert [a.title for a in storage.activities(1)] == ["kept"]
    assert storage.migrate() == 0
    assert "schema_version" not in storage.db.table_names()
    applied = storage.db.execute("select migration_set, name from _sqlite_migrations").fetchall()
    assert applied == [("recertbot", step.__name__) for step in tracker.storage.MIGRATIONS]
    storage.close()
