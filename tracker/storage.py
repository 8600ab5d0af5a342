"""Storage: the only module that touches SQLite (through sqlite-utils).

Migrations (sqlite-utils' `Migrations`, recorded in `_sqlite_migrations`) run at start-up, each
step in its own transaction; the file is created readable by its owner only and runs in WAL mode.
Every multi-statement write runs inside `db.atomic()`: with sqlite-utils 4, `db.execute()` commits
each statement on its own and `with db.conn:` opens no transaction, so nothing else makes a write
all-or-nothing. Callers get frozen dataclasses from `tracker.models`, never rows.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils import Migrations

from tracker.models import Activity, Certification, UserSettings

USER_TABLES = (
    "activities", "activity_counts", "activity_edits", "attachments", "certifications",
    "nudges_sent", "users",
)  # fmt: skip
CACHED_USERS = 2048  # users whose row, certifications and nudge marks are kept in memory
# Users whose activities and "counts for" choices are kept, and at most how many activities in all
# (about 1 KB each): /log and /progress read them all, and a heavy user has thousands.
ACTIVITY_CACHE_USERS = 256
ACTIVITY_CACHE_ROWS = 20_000


def m001_initial_schema(db: sqlite_utils.Database) -> None:
    db["users"].create(
        {
            "id": int, "timezone": str, "remind_at": str, "quiet_start": str, "quiet_end": str,
            "reminders_on": int, "active": int, "cpr_expiry": str, "last_nudge_on": str,
            "next_due_at": str, "created_at": str,
        },
        pk="id",
        defaults={"reminders_on": 1, "active": 1, "remind_at": "09:00", "quiet_start": "22:00", "quiet_end": "08:00"},
    )  # fmt: skip
    db["users"].create_index(["next_due_at"], index_name="idx_users_next_due")
    db["certifications"].create(
        {"id": int, "user_id": int, "body": str, "deadline": str, "snoozed_until": str,
         "reminders_off": int, "created_at": str},
        pk="id", defaults={"reminders_off": 0},
    )  # fmt: skip
    db["certifications"].create_index(["user_id", "body"], unique=True)
    db["activities"].create(
        {
            "id": int, "user_id": int, "activity_date": str, "title": str, "hours": float,
            "provider": str, "course": str, "is_cpr": int, "chat_id": int, "message_id": int,
            "deleted": int, "deleted_by": str, "created_at": str,
        },
        pk="id", defaults={"deleted": 0, "is_cpr": 0},
    )  # fmt: skip
    db["activities"].create_index(["chat_id", "message_id"], unique=True)
    db["activities"].create_index(["user_id", "deleted", "activity_date"])
    db["attachments"].create(
        {"id": int, "activity_id": int, "user_id": int, "file_id": str, "kind": str, "file_name": str,
         "created_at": str},
        pk="id", foreign_keys=[("activity_id", "activities", "id")],
    )  # fmt: skip
    db["attachments"].create_index(["activity_id"])
    db["nudges_sent"].create(
        {"user_id": int, "key": str, "status": str, "sent_at": str},
        pk=("user_id", "key"),
    )


def m002_app_state(db: sqlite_utils.Database) -> None:
    # Small named values of the installation (the console's last message id, a calendar secret).
    db["app_state"].create({"key": str, "value": str}, pk="key")


def m003_counting(db: sqlite_utils.Database) -> None:
    """Counting the way each body counts: the body an activity is named for, the CPR/AED card it
    gave, the certification date / starting balance / day added, and the per-activity
    per-certification "counts for" choice."""
    db["activities"].add_column("body", str)
    db["activities"].add_column("card_expiry", str)
    db["activities"].add_column("units", float)
    db["certifications"].add_column("certified_on", str)
    db["certifications"].add_column("starting_units", float)
    db["certifications"].add_column("added_on", str)
    db["activity_counts"].create(
        {"user_id": int, "activity_id": int, "body": str, "choice": str},
        pk=("activity_id", "body"),
    )
    db["activity_counts"].create_index(["user_id"])


def m004_activity_edits(db: sqlite_utils.Database) -> None:
    """Edit history: the version of an activity before each /edit, so Undo can restore it."""
    db["activity_edits"].create(
        {"id": int, "user_id": int, "activity_id": int, "edited_by": str, "activity_date": str,
         "title": str, "hours": float, "provider": str, "course": str, "is_cpr": int,
         "restored": int, "created_at": str},
        pk="id", defaults={"restored": 0},
    )  # fmt: skip
    db["activity_edits"].create_index(["user_id", "edited_by"], unique=True)


def m005_edit_body(db: sqlite_utils.Database) -> None:
    """The edit history keeps the body an activity was named for, and its own units (NCCPT):
    an /edit that names another body can be undone. `kept_body` = 1 where they were recorded."""
    edits = db["activity_edits"]
    edits.add_column("body", str)
    edits.add_column("units", float)
    edits.add_column("kept_body", int, not_null_default=0)


# The steps, in order. A step's function name is its identity in `_sqlite_migrations`: never rename
# or reorder one that has shipped; append new ones.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    m001_initial_schema,
    m002_app_state,
    m003_counting,
    m004_activity_edits,
    m005_edit_body,
]
MIGRATION_SET = "recertbot"
LEGACY_VERSION_TABLE = "schema_version"  # the hand-rolled version table before sqlite-utils 4


def _migration_set() -> Migrations:
    migrations = Migrations(MIGRATION_SET)
    for step in MIGRATIONS:
        migrations(name=step.__name__)(step)
    return migrations


@dataclass(frozen=True)
class LogResult:
    activity: Activity
    created: bool  # False: this (chat, message) was logged before; `activity` is the stored one


class Storage:
    """All reads and writes of the bot's data.

    A user's row, certifications and nudge marks are read once and kept (for the last
    `CACHED_USERS` users): one update reads them several times. So are the activities and
    "counts for" choices of the last users (within `ACTIVITY_CACHE_ROWS` activities). Every write
    of them goes through this class and drops (or, for a new activity, updates) that user's copy,
    so write to these tables only through it."""

    def __init__(
        self, path: str | Path | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        """`clock` gives "now" for audit timestamps (created_at); the composition root passes the real one."""
        self._clock = clock
        self._cache: OrderedDict[int, dict[str, Any]] = OrderedDict()
        # user -> {"activities": tuple, "choices": dict}; `_activity_rows` activities in all
        self._activity_cache: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._activity_rows = 0
        if path is None or str(path) == ":memory:":
            self.db = sqlite_utils.Database(memory=True)
        else:
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            os.chmod(path, 0o600)
            self.db = sqlite_utils.Database(path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.migrate()

    # ---------- plumbing ----------
    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """A read as plain dicts, one statement (no sqlite-utils table introspection)."""
        cursor = self.db.conn.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def _cached(self, user_id: int, part: str, load: Callable[[], Any]) -> Any:
        entry = self._cache.get(user_id)
        if entry is None:
            entry = self._cache[user_id] = {}
            if len(self._cache) > CACHED_USERS:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(user_id)
        if part not in entry:
            entry[part] = load()
        return entry[part]

    @contextlib.contextmanager
    def transaction(self, user_id: int) -> Iterator[None]:
        """One use case's writes for `user_id` as one transaction (the writes inside nest as
        savepoints): all of them commit, or none. If it does not commit, the user's cached copy
        is dropped, since writes inside keep the cache up to date as they go."""
        try:
            with self.db.atomic():
                yield
        except BaseException:
            self._cache.pop(user_id, None)
            self._drop_activities(user_id)
            raise

    @contextlib.contextmanager
    def _writing(self, user_id: int, atomic: bool = True) -> Iterator[None]:
        """A write of the user's cached data: in one transaction (unless it is one statement),
        with the user's cached copy dropped before and after, whether it commits or not."""
        self._cache.pop(user_id, None)
        self._drop_activities(user_id)
        try:
            if atomic:
                with self.db.atomic():
                    yield
            else:
                yield
        finally:
            self._cache.pop(user_id, None)
            self._drop_activities(user_id)

    @contextlib.contextmanager
    def _writing_activities(self, user_id: int) -> Iterator[None]:
        """A write of the user's activities, attachments or choices (one transaction): their
        cached copy dropped before and after, whether it commits or not."""
        self._drop_activities(user_id)
        try:
            with self.db.atomic():
                yield
        finally:
            self._drop_activities(user_id)

    def _activity_part(self, user_id: int, part: str, load: Callable[[], Any]) -> Any:
        entry = self._activity_cache.get(user_id)
        if entry is None:
            entry = self._activity_cache[user_id] = {}
        else:
            self._activity_cache.move_to_end(user_id)
        if part not in entry:
            entry[part] = load()
            if part == "activities":
                self._activity_rows += len(entry[part])
            self._trim_activities(keep=user_id)
        return entry[part]

    def _trim_activities(self, keep: int) -> None:
        cache = self._activity_cache
        while len(cache) > ACTIVITY_CACHE_USERS or self._activity_rows > ACTIVITY_CACHE_ROWS:
            oldest = next(iter(cache))
            if oldest == keep:  # one user over the limit: kept alone until the next user
                if len(cache) == 1:
                    return
                cache.move_to_end(oldest)
                continue
            self._drop_activities(oldest)

    def _drop_activities(self, user_id: int) -> None:
        entry = self._activity_cache.pop(user_id, None)
        if entry is not None:
            self._activity_rows -= len(entry.get("activities", ()))

    def _now_text(self) -> str | None:
        """Audit timestamp of when a row was written; never used in a decision."""
        return _ts(self._clock()) if self._clock else None

    # ---------- schema ----------
    def migrate(self) -> int:
        """Apply pending migrations, each step and its record in one transaction (a step that
        fails leaves the database as it was); returns how many ran (0 when up to date)."""
        migrations = _migration_set()
        self._adopt_legacy_versions(migrations)
        pending = migrations.pending(self.db)
        migrations.apply(self.db)
        return len(pending)

    def _adopt_legacy_versions(self, migrations: Migrations) -> None:
        """A database made before `Migrations` kept its version in `schema_version`: record
        those steps as applied (without running them again) and drop the old table, atomically."""
        if LEGACY_VERSION_TABLE not in self.db.table_names():
            return
        with self.db.atomic():
            done = self.db.execute(
                f"select coalesce(max(version), 0) from {LEGACY_VERSION_TABLE}"
            ).fetchone()[0]
            migrations.ensure_migrations_table(self.db)
            for step in MIGRATIONS[:done]:
                self.db.execute(
                    f"insert or ignore into {Migrations.migrations_table} "
                    "(migration_set, name, applied_at) values (?, ?, ?)",
                    [MIGRATION_SET, step.__name__, f"{LEGACY_VERSION_TABLE} {done}"],
                )
            self.db[LEGACY_VERSION_TABLE].drop()

    def close(self) -> None:
        self.db.close()

    # ---------- installation state ----------
    def state(self, key: str) -> str | None:
        row = self.db.execute("select value from app_state where key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db.execute(
                "insert into app_state (key, value) values (?, ?) "
                "on conflict (key) do update set value = excluded.value",
                [key, value],
            )

    def state_or_create(self, key: str, make: Callable[[], str]) -> str:
        """The stored value of `key`, storing `make()` first when there is none."""
        with self.db.atomic():
            self.db.execute(
                "insert or ignore into app_state (key, value) values (?, ?)", [key, make()]
            )
        value = self.state(key)
        assert value is not None
        return value

    def highest_message_id(self, chat_id: int) -> int:
        """The highest message id of `chat_id` that a stored activity or deletion refers to."""
        prefix = f"{chat_id}:"
        logged, deleting = self.db.execute(
            """select (select max(message_id) from activities where chat_id = ?),
                      (select max(cast(substr(deleted_by, length(?) + 1) as integer))
                       from activities where deleted_by like ? || '%')""",
            [chat_id, prefix, prefix],
        ).fetchone()
        return max(logged or 0, deleting or 0)

    # ---------- users ----------
    def settings(self, user_id: int, default_timezone: str = "UTC") -> UserSettings:
        """The user's settings (cached with the row: one update asks several times)."""
        return self._cached(
            user_id,
            f"settings:{default_timezone}",
            lambda: self._settings(user_id, default_timezone),
        )

    def _settings(self, user_id: int, default_timezone: str) -> UserSettings:
        row = self._user_row(user_id)
        if row is None:
            return UserSettings(user_id=user_id, timezone=default_timezone)
        return UserSettings(
            user_id=user_id,
            timezone=row["timezone"] or default_timezone,
            remind_at=time.fromisoformat(row["remind_at"]),
            quiet_start=time.fromisoformat(row["quiet_start"]),
            quiet_end=time.fromisoformat(row["quiet_end"]),
            reminders_on=bool(row["reminders_on"]),
            active=bool(row["active"]),
            cpr_expiry=date.fromisoformat(row["cpr_expiry"]) if row["cpr_expiry"] else None,
        )

    def _user_row(self, user_id: int) -> dict[str, Any] | None:
        """The user's row (cached; callers never change it), None for an unknown user."""

        def load() -> dict[str, Any] | None:
            rows = self._rows("select * from users where id = ?", [user_id])
            return rows[0] if rows else None

        return self._cached(user_id, "row", load)

    def ensure_user(self, user_id: int, default_timezone: str = "UTC") -> None:
        with self._writing(user_id, atomic=False):
            self.db.execute(
                "insert or ignore into users (id, timezone, created_at) values (?, ?, ?)",
                [user_id, default_timezone, self._now_text()],
            )

    def touch_user(self, user_id: int, default_timezone: str = "UTC") -> None:
        """Remember a user who writes, and reactivate one who had blocked the bot."""
        row = self._user_row(user_id)
        if row is not None and row["active"]:
            return  # known and active: nothing to write
        with self._writing(user_id):
            self.db.execute(
                "insert or ignore into users (id, timezone, created_at) values (?, ?, ?)",
                [user_id, default_timezone, self._now_text()],
            )
            self.db.execute("update users set active = 1 where id = ? and active = 0", [user_id])

    def update_user(self, user_id: int, default_timezone: str = "UTC", **fields: Any) -> None:
        """Set user fields (timezone, remind_at, reminders_on, active, cpr_expiry, ...)."""
        values = {k: _to_db(v) for k, v in fields.items()}
        with self._writing(user_id):
            self.db.execute(
                "insert or ignore into users (id, timezone, created_at) values (?, ?, ?)",
                [user_id, default_timezone, self._now_text()],
            )
            if values:
                sets = ", ".join(f"{k} = ?" for k in values)
                self.db.execute(
                    f"update users set {sets} where id = ?", [*values.values(), user_id]
                )

    def is_active(self, user_id: int) -> bool:
        row = self._user_row(user_id)
        return row is None or bool(row["active"])

    # ---------- certifications ----------
    def set_certification(
        self,
        user_id: int,
        body: str,
        deadline: date,
        *,
        certified_on: date | None = None,
        starting_units: float | None = None,
        added_on: date | None = None,
    ) -> Certification:
        """Add or update a certification. `added_on` is kept from the first time it was added;
        `certified_on` and `starting_units` change only when given."""
        with self._writing(user_id):
            self.db.execute(
                "insert or ignore into users (id, timezone, created_at) values (?, ?, ?)",
                [user_id, None, self._now_text()],
            )
            self.db.execute(
                """insert into certifications (user_id, body, deadline, created_at, certified_on,
                   starting_units, added_on) values (?, ?, ?, ?, ?, ?, ?)
                   on conflict (user_id, body) do update set deadline = excluded.deadline,
                   snoozed_until = null,
                   certified_on = coalesce(excluded.certified_on, certifications.certified_on),
                   starting_units = coalesce(?, certifications.starting_units)""",
                [user_id, body, deadline.isoformat(), self._now_text(),
                 certified_on.isoformat() if certified_on else None, starting_units or 0.0,
                 added_on.isoformat() if added_on else None, starting_units],
            )  # fmt: skip
        return self.certification(user_id, body)  # type: ignore[return-value]

    def certification(self, user_id: int, body: str) -> Certification | None:
        return next((c for c in self.certifications(user_id) if c.body == body), None)

    def certification_by_id(self, user_id: int, cert_id: int) -> Certification | None:
        return next((c for c in self.certifications(user_id) if c.id == cert_id), None)

    def certifications(self, user_id: int) -> list[Certification]:
        """The user's certifications, soonest deadline first (cached)."""
        certs = self._cached(
            user_id,
            "certifications",
            lambda: [
                _cert(r)
                for r in self._rows(
                    "select * from certifications where user_id = ? order by deadline, body",
                    [user_id],
                )
            ],
        )
        return list(certs)

    def remove_certification(self, user_id: int, body: str) -> bool:
        with self._writing(user_id, atomic=False):
            cursor = self.db.execute(
                "delete from certifications where user_id = ? and body = ?", [user_id, body]
            )
        return cursor.rowcount > 0

    def _update_owned(self, table: str, user_id: int, row_id: int, fields: dict[str, Any]) -> None:
        """Update columns of one row, only when it belongs to `user_id`."""
        values = {k: _to_db(v) for k, v in fields.items()}
        sets = ", ".join(f"{k} = ?" for k in values)
        with self._writing(user_id, atomic=False):
            self.db.execute(
                f"update {table} set {sets} where id = ? and user_id = ?",
                [*values.values(), row_id, user_id],
            )

    def update_certification(self, user_id: int, cert_id: int, **fields: Any) -> None:
        self._update_owned("certifications", user_id, cert_id, fields)

    # ---------- activities ----------
    def add_activity(
        self,
        user_id: int,
        chat_id: int,
        message_id: int,
        activity_date: date,
        title: str,
        hours: float,
        provider: str | None = None,
        course: str | None = None,
        is_cpr: bool = False,
        body: str | None = None,
        units: float | None = None,
    ) -> LogResult:
        """Store an activity once per (chat, message): a redelivered update returns the stored one."""
        known = self._user_row(user_id) is not None
        with self._writing(user_id) if not known else self._new_activity(user_id) as created:
            if not known:
                self.db.execute(
                    "insert or ignore into users (id, timezone, created_at) values (?, ?, ?)",
                    [user_id, None, self._now_text()],
                )
            inserted = self._rows(
                """insert or ignore into activities (user_id, activity_date, title, hours, provider, course,
                   is_cpr, chat_id, message_id, created_at, body, units)
                   values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   returning *, 0 as has_attachment""",
                [user_id, activity_date.isoformat(), title, hours, provider, course, int(is_cpr),
                 chat_id, message_id, self._now_text(), body, units],
            )  # fmt: skip
            new = _activity(inserted[0]) if inserted else None
            if new is not None and created is not None:
                created.append(new)
        if new is not None:
            return LogResult(new, created=True)
        stored = self.activity_by_message(chat_id, message_id)
        assert stored is not None
        return LogResult(stored, created=False)

    @contextlib.contextmanager
    def _new_activity(self, user_id: int) -> Iterator[list[Activity]]:
        """Insert one activity (one transaction): the caller appends it to the list it is given,
        and the user's cached activities (if any) take it in their place once committed."""
        created: list[Activity] = []
        try:
            with self.db.atomic():
                yield created
        except BaseException:
            self._drop_activities(user_id)
            raise
        entry = self._activity_cache.get(user_id)
        if not created or entry is None or "activities" not in entry:
            return
        new = created[0]
        kept: tuple[Activity, ...] = entry["activities"]
        key = (new.activity_date, new.id)  # newest first: by date, then by id
        at = next((i for i, a in enumerate(kept) if (a.activity_date, a.id) < key), len(kept))
        entry["activities"] = (*kept[:at], new, *kept[at:])
        same = entry.get("same")
        if same is not None:
            _index_entry(same, new)
        self._activity_rows += 1
        self._trim_activities(keep=user_id)

    def _one_activity(self, where: str, params: list[Any]) -> Activity | None:
        row = self.db.conn.execute(_ACTIVITY_SELECT + where + " limit 1", params).fetchone()
        return _activity_of(row) if row is not None else None

    def activity_by_message(self, chat_id: int, message_id: int) -> Activity | None:
        return self._one_activity(
            " where a.chat_id = ? and a.message_id = ?", [chat_id, message_id]
        )

    def activity(self, user_id: int, activity_id: int) -> Activity | None:
        return self._one_activity(
            " where a.id = ? and a.user_id = ? and a.deleted = 0", [activity_id, user_id]
        )

    def activities(self, user_id: int, limit: int | None = None, offset: int = 0) -> list[Activity]:
        """The user's activities, newest first (by date, then by when they were logged); all of
        them are cached, a page is read."""
        sql = (
            _ACTIVITY_SELECT
            + " where a.user_id = ? and a.deleted = 0 order by a.activity_date desc, a.id desc"
        )
        if limit is None:
            kept = self._activity_part(
                user_id,
                "activities",
                lambda: tuple(_activity_of(r) for r in self.db.conn.execute(sql, [user_id])),
            )
            return list(kept)
        sql += " limit ? offset ?"
        return [_activity_of(r) for r in self.db.conn.execute(sql, [user_id, limit, offset])]

    def count_activities(self, user_id: int) -> int:
        return self.db.execute(
            "select count(*) from activities where user_id = ? and deleted = 0", [user_id]
        ).fetchone()[0]

    def last_logged(self, user_id: int) -> Activity | None:
        return self._one_activity(
            " where a.user_id = ? and a.deleted = 0 order by a.id desc", [user_id]
        )

    def delete_activity(
        self, user_id: int, activity_id: int, by: str | None = None
    ) -> Activity | None:
        """Remove one of the user's own activities; another user's id is simply not found."""
        found = self.activity(user_id, activity_id)
        if found is None:
            return None
        with self._writing_activities(user_id):
            self.db.execute(
                "update activities set deleted = 1, deleted_by = ? where id = ? and user_id = ?",
                [by, activity_id, user_id],
            )
        return found

    def deleted_by(self, user_id: int, by: str) -> Activity | None:
        """The activity a given command (chat:message) already removed, for a redelivered /undo."""
        return self._one_activity(" where a.user_id = ? and a.deleted_by = ?", [user_id, by])

    def update_activity(self, user_id: int, activity_id: int, **fields: Any) -> Activity | None:
        if self.activity(user_id, activity_id) is None:
            return None
        self._update_owned("activities", user_id, activity_id, fields)
        return self.activity(user_id, activity_id)

    # ---------- "counts for" choices ----------
    def set_count_choice(self, user_id: int, activity_id: int, body: str, choice: str) -> bool:
        """Store the user's choice for one activity toward one certification."""
        if self.activity(user_id, activity_id) is None:
            return False
        with self._writing_activities(user_id):
            self.db.execute(
                """insert into activity_counts (user_id, activity_id, body, choice) values (?, ?, ?, ?)
                   on conflict (activity_id, body) do update set choice = excluded.choice""",
                [user_id, activity_id, body, choice],
            )
        return True

    def count_choices(self, user_id: int) -> dict[str, dict[int, str]]:
        """body -> {activity id: choice} for the user's live activities (cached)."""

        def load() -> dict[str, dict[int, str]]:
            found: dict[str, dict[int, str]] = {}
            kept = self._activity_cache.get(user_id, {}).get("activities")
            if kept is not None and not kept:
                return found  # no live activity: no choice applies (no query)
            rows = self.db.execute(
                """select c.body, c.activity_id, c.choice from activity_counts c
                   join activities a on a.id = c.activity_id and a.deleted = 0
                   where c.user_id = ?""",
                [user_id],
            )
            for body, activity_id, choice in rows:
                found.setdefault(body, {})[activity_id] = choice
            return found

        kept = self._activity_part(user_id, "choices", load)
        return {body: dict(choices) for body, choices in kept.items()}

    def edit_activity(
        self, user_id: int, activity_id: int, by: str, **fields: Any
    ) -> tuple[Activity, int] | None:
        """Change an activity and keep the version before, once per command `by` (chat:message):
        a redelivered /edit changes nothing more. Returns the activity and the edit's id."""
        before = self.activity(user_id, activity_id)
        if before is None:
            return None
        done = self.db.execute(
            "select id from activity_edits where user_id = ? and edited_by = ?", [user_id, by]
        ).fetchone()
        if done is not None:
            return before, done[0]
        values = {k: _to_db(v) for k, v in fields.items()}
        sets = ", ".join(f"{k} = ?" for k in values)
        with self._writing_activities(user_id):
            cursor = self.db.execute(
                """insert into activity_edits (user_id, activity_id, edited_by, activity_date, title,
                   hours, provider, course, is_cpr, created_at, body, units, kept_body)
                   values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""",
                [user_id, activity_id, by, before.activity_date.isoformat(), before.title,
                 before.hours, before.provider, before.course, int(before.is_cpr), self._now_text(),
                 before.body, before.units],
            )  # fmt: skip
            if values:
                self.db.execute(
                    f"update activities set {sets} where id = ? and user_id = ?",
                    [*values.values(), activity_id, user_id],
                )
        after = self.activity(user_id, activity_id)
        assert after is not None
        return after, cursor.lastrowid

    def undo_edit(self, user_id: int, edit_id: int) -> Activity | None:
        """Put back the version before edit `edit_id`; None when already undone or deleted."""
        row = self.db.execute(
            "select activity_id, activity_date, title, hours, provider, course, is_cpr, body, "
            "units, kept_body from activity_edits where id = ? and user_id = ? and restored = 0",
            [edit_id, user_id],
        ).fetchone()
        if row is None or self.activity(user_id, row[0]) is None:
            return None
        with self._writing_activities(user_id):
            self.db.execute(
                """update activities set activity_date = ?, title = ?, hours = ?, provider = ?,
                   course = ?, is_cpr = ? where id = ? and user_id = ?""",
                [*row[1:7], row[0], user_id],
            )
            if row[9]:  # recorded since m005: the body and its units come back too
                self.db.execute(
                    "update activities set body = ?, units = ? where id = ? and user_id = ?",
                    [row[7], row[8], row[0], user_id],
                )
            self.db.execute("update activity_edits set restored = 1 where id = ?", [edit_id])
        return self.activity(user_id, row[0])

    def same_entry(
        self, user_id: int, activity_date: date, title: str, hours: float
    ) -> Activity | None:
        """An activity already logged on that day with the same hours and title (any case)."""
        entry = self._activity_cache.get(user_id)
        kept = entry.get("activities") if entry is not None else None
        if entry is not None and kept is not None:
            # the same answer as the query, from an index of the cached activities (built once
            # per cached copy, kept up to date when a new activity joins it)
            same = entry.get("same")
            if same is None:
                same = entry["same"] = {}
                for a in kept:
                    _index_entry(same, a)
            # SQLite's lower() folds ASCII letters only
            return same.get((activity_date, hours, title.translate(_ASCII_LOWER)))
        return self._one_activity(
            " where a.user_id = ? and a.deleted = 0 and a.activity_date = ? and a.hours = ?"
            " and lower(a.title) = lower(?) order by a.id desc",
            [user_id, activity_date.isoformat(), hours, title],
        )

    # ---------- attachments ----------
    def attach(
        self, user_id: int, activity_id: int, file_id: str, kind: str, file_name: str | None
    ) -> bool:
        if self.activity(user_id, activity_id) is None:
            return False
        with self._writing_activities(user_id):
            self.db.execute(
                "insert into attachments (activity_id, user_id, file_id, kind, file_name, created_at) "
                "values (?, ?, ?, ?, ?, ?)",
                [activity_id, user_id, file_id, kind, file_name, self._now_text()],
            )
        return True

    def attachments(self, user_id: int, activity_id: int) -> list[dict[str, Any]]:
        return self._rows(
            "select * from attachments where user_id = ? and activity_id = ? order by id",
            [user_id, activity_id],
        )

    # ---------- nudges ----------
    def sent_keys(self, user_id: int) -> set[str]:
        """Keys of the nudges marked sent or skipped for the user (cached)."""
        keys = self._cached(
            user_id,
            "sent_keys",
            lambda: frozenset(
                r[0]
                for r in self.db.conn.execute(
                    "select key from nudges_sent where user_id = ?", [user_id]
                )
            ),
        )
        return set(keys)

    def users_due(self, now: datetime, limit: int = 1000) -> list[int]:
        """Users whose stored next-due time has come (indexed)."""
        rows = self.db.execute(
            "select id from users where next_due_at is not null and next_due_at <= ? and active = 1 "
            "and reminders_on = 1 order by next_due_at limit ?",
            [_ts(now), limit],
        )
        return [r[0] for r in rows]

    def record_nudges(
        self,
        user_id: int,
        sent: Iterable[str],
        skipped: Iterable[str],
        now: datetime,
        local_day: date | None,
    ) -> None:
        """Mark nudges as sent/skipped in one transaction. A 'sent' key marked before raises
        AlreadySent and the whole transaction is rolled back: a nudge is never recorded twice."""
        sent, skipped = list(sent), list(skipped)
        before = self._cache.get(user_id)
        with self._writing(user_id):
            for key, status in [*((k, "sent") for k in sent), *((k, "skipped") for k in skipped)]:
                cursor = self.db.execute(
                    "insert or ignore into nudges_sent (user_id, key, status, sent_at) values (?, ?, ?, ?)",
                    [user_id, key, status, _ts(now)],
                )
                if cursor.rowcount == 0 and status == "sent":
                    raise AlreadySent(key)
            if local_day is not None:
                self.db.execute(
                    "update users set last_nudge_on = ? where id = ?",
                    [local_day.isoformat(), user_id],
                )
        # Committed: what was cached is brought up to date rather than read again.
        if before is not None and before.get("row") is not None and "sent_keys" in before:
            changes = {"last_nudge_on": local_day.isoformat()} if local_day is not None else {}
            self._keep(user_id, before, changes, before["sent_keys"] | {*sent, *skipped})

    def unrecord_nudges(
        self, user_id: int, keys: Iterable[str], last_nudge_on: date | None
    ) -> None:
        """Take back the 'sent' marks (and the day's mark) of a message that could not be
        delivered, so the next sweep retries it."""
        with self._writing(user_id):
            for key in keys:
                self.db.execute(
                    "delete from nudges_sent where user_id = ? and key = ?", [user_id, key]
                )
            day = last_nudge_on.isoformat() if last_nudge_on else None
            self.db.execute("update users set last_nudge_on = ? where id = ?", [day, user_id])

    def last_nudge_on(self, user_id: int) -> date | None:
        row = self._user_row(user_id)
        return date.fromisoformat(row["last_nudge_on"]) if row and row["last_nudge_on"] else None

    def set_next_due(self, user_id: int, when: datetime | None) -> None:
        value = _ts(when) if when else None
        row = self._user_row(user_id)
        if row is None or row["next_due_at"] == value:
            return  # no such user, or unchanged: nothing to write
        before = self._cache.get(user_id)
        with self._writing(user_id, atomic=False):
            self.db.execute("update users set next_due_at = ? where id = ?", [value, user_id])
        if before is not None and before.get("row") is not None:
            self._keep(user_id, before, {"next_due_at": value})

    def _keep(
        self,
        user_id: int,
        before: dict[str, Any],
        row_changes: dict[str, Any],
        sent_keys: frozenset[str] | None = None,
    ) -> None:
        """After a committed write of the users row (and nudge marks): the user's cached copy
        as it was, with the row's changed columns and the new marks (None: drop the marks)."""
        entry = {k: v for k, v in before.items() if k != "sent_keys"}
        entry["row"] = {**before["row"], **row_changes}
        if sent_keys is not None:
            entry["sent_keys"] = frozenset(sent_keys)
        elif "sent_keys" in before:
            entry["sent_keys"] = before["sent_keys"]
        self._cache[user_id] = entry
        if len(self._cache) > CACHED_USERS:
            self._cache.popitem(last=False)

    # ---------- privacy ----------
    def forget(self, user_id: int) -> dict[str, int]:
        """Delete every row of the user, table by table, in one transaction."""
        counts: dict[str, int] = {}
        with self._writing(user_id):
            for table, column in (
                ("activity_counts", "user_id"),
                ("activity_edits", "user_id"),
                ("attachments", "user_id"),
                ("activities", "user_id"),
                ("certifications", "user_id"),
                ("nudges_sent", "user_id"),
                ("users", "id"),
            ):
                counts[table] = self.db.execute(
                    f"delete from {table} where {column} = ?", [user_id]
                ).rowcount
        return counts

    def rows_of_user(self, user_id: int) -> dict[str, int]:
        return {
            table: self.db.execute(
                f"select count(*) from {table} where {'id' if table == 'users' else 'user_id'} = ?",
                [user_id],
            ).fetchone()[0]
            for table in USER_TABLES
        }


class AlreadySent(Exception):
    """A nudge key was already recorded as sent."""


_ACTIVITY_SELECT = """select a.id, a.user_id, a.activity_date, a.title, a.hours, a.provider, a.course,
a.is_cpr, exists(select 1 from attachments t where t.activity_id = a.id) as has_attachment,
a.created_at, a.body, a.card_expiry, a.units
from activities a"""
# The columns of _ACTIVITY_SELECT, in order: the fields of Activity.
_ACTIVITY_FIELDS = tuple(f.name for f in dataclasses.fields(Activity))
_new = object.__new__


def _index_entry(index: dict[tuple[date, float, str], Activity], activity: Activity) -> None:
    """Index `activity` by (date, hours, title folded as SQLite's lower()): the newest wins."""
    key = (activity.activity_date, activity.hours, activity.title.translate(_ASCII_LOWER))
    held = index.get(key)
    if held is None or activity.id > held.id:
        index[key] = activity


def _activity_of(row: tuple[Any, ...]) -> Activity:
    """An Activity from a row of _ACTIVITY_SELECT (a user may have thousands: /progress reads
    them all). Equal to `_activity` of the same row as a dict; the frozen dataclass is filled
    through its __dict__, skipping the 13 object.__setattr__ calls of its generated __init__."""
    (id_, user_id, day, title, hours, provider, course, is_cpr, attached, created, body, card,
     units) = row  # fmt: skip
    activity = _new(Activity)
    activity.__dict__.update(
        zip(
            _ACTIVITY_FIELDS,
            (id_, user_id, _from_iso_date(day), title, hours, provider, course, bool(is_cpr),
             bool(attached), _from_iso_datetime(created) if created else None, body,
             _from_iso_date(card) if card else None, units),
            strict=True,
        )
    )  # fmt: skip
    return activity


_from_iso_date = date.fromisoformat
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_from_iso_datetime = datetime.fromisoformat


def _activity(row: dict[str, Any]) -> Activity:
    return Activity(
        id=row["id"],
        user_id=row["user_id"],
        activity_date=date.fromisoformat(row["activity_date"]),
        title=row["title"],
        hours=row["hours"],
        provider=row["provider"],
        course=row["course"],
        is_cpr=bool(row["is_cpr"]),
        has_attachment=bool(row["has_attachment"]),
        created_at=datetime.fromisoformat(row["created_at"]) if row["created_at"] else None,
        body=row.get("body"),
        card_expiry=date.fromisoformat(row["card_expiry"]) if row.get("card_expiry") else None,
        units=row.get("units"),
    )


def _cert(row: dict[str, Any]) -> Certification:
    return Certification(
        id=row["id"],
        user_id=row["user_id"],
        body=row["body"],
        deadline=date.fromisoformat(row["deadline"]),
        snoozed_until=datetime.fromisoformat(row["snoozed_until"])
        if row["snoozed_until"]
        else None,
        reminders_off=bool(row["reminders_off"]),
        certified_on=date.fromisoformat(row["certified_on"]) if row.get("certified_on") else None,
        starting_units=float(row.get("starting_units") or 0.0),
        added_on=date.fromisoformat(row["added_on"]) if row.get("added_on") else None,
    )


def _ts(moment: datetime) -> str:
    """UTC to the second, "2026-11-28T09:00:00+00:00" (isoformat: several times faster than
    strftime, the same text for every year the bot meets)."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def _to_db(value: Any) -> Any:
    if isinstance(value, datetime):
        return _ts(value)
    if isinstance(value, date | time):
        return value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value
