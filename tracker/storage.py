"""Storage: the only module that touches SQLite (through sqlite-utils).

Migrations run at start-up and are idempotent; the file is created readable by its owner only and
runs in WAL mode; every multi-step write is one transaction. Callers get frozen dataclasses from
`tracker.models`, never rows.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import sqlite_utils

from tracker.models import Activity, Certification, UserSettings

USER_TABLES = (
    "activities", "activity_edits", "attachments", "certifications", "nudges_sent", "users",
)  # fmt: skip


def _migration_1(db: sqlite_utils.Database) -> None:
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


def _migration_2(db: sqlite_utils.Database) -> None:
    """Edit history: the version of an activity before each /edit, so Undo can restore it."""
    db["activity_edits"].create(
        {"id": int, "user_id": int, "activity_id": int, "edited_by": str, "activity_date": str,
         "title": str, "hours": float, "provider": str, "course": str, "is_cpr": int,
         "restored": int, "created_at": str},
        pk="id", defaults={"restored": 0},
    )  # fmt: skip
    db["activity_edits"].create_index(["user_id", "edited_by"], unique=True)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_migration_1, _migration_2]


@dataclass(frozen=True)
class LogResult:
    activity: Activity
    created: bool  # False: this (chat, message) was logged before; `activity` is the stored one


class Storage:
    """All reads and writes of the bot's data."""

    def __init__(
        self, path: str | Path | None = None, clock: Callable[[], datetime] | None = None
    ) -> None:
        """`clock` gives "now" for audit timestamps (created_at); the composition root passes the real one."""
        self._clock = clock
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

    def _now_text(self) -> str | None:
        """Audit timestamp of when a row was written; never used in a decision."""
        return _ts(self._clock()) if self._clock else None

    # ---------- schema ----------
    def migrate(self) -> int:
        """Apply pending migrations; returns how many ran (0 when up to date)."""
        if "schema_version" not in self.db.table_names():
            self.db["schema_version"].create({"version": int}, pk="version")
        current = self.db.execute(
            "select coalesce(max(version), 0) from schema_version"
        ).fetchone()[0]
        ran = 0
        for version, migration in enumerate(MIGRATIONS, start=1):
            if version <= current:
                continue
            with self.db.conn:
                migration(self.db)
                self.db["schema_version"].insert({"version": version})
            ran += 1
        return ran

    def close(self) -> None:
        self.db.close()

    # ---------- users ----------
    def settings(self, user_id: int, default_timezone: str = "UTC") -> UserSettings:
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
        rows = list(self.db["users"].rows_where("id = ?", [user_id]))
        return rows[0] if rows else None

    def ensure_user(self, user_id: int, default_timezone: str = "UTC") -> None:
        self.db.execute(
            "insert or ignore into users (id, timezone, created_at) values (?, ?, ?)",
            [user_id, default_timezone, self._now_text()],
        )
        self.db.conn.commit()

    def touch_user(self, user_id: int, default_timezone: str = "UTC") -> None:
        """Remember a user who writes, and reactivate one who had blocked the bot."""
        with self.db.conn:
            self.db.execute(
                "insert or ignore into users (id, timezone, created_at) values (?, ?, ?)",
                [user_id, default_timezone, self._now_text()],
            )
            self.db.execute("update users set active = 1 where id = ? and active = 0", [user_id])

    def update_user(self, user_id: int, default_timezone: str = "UTC", **fields: Any) -> None:
        """Set user fields (timezone, remind_at, reminders_on, active, cpr_expiry, ...)."""
        values = {k: _to_db(v) for k, v in fields.items()}
        with self.db.conn:
            self.db.execute(
                "insert or ignore into users (id, timezone, created_at) values (?, ?, ?)",
                [user_id, default_timezone, self._now_text()],
            )
            self.db["users"].update(user_id, values)

    def is_active(self, user_id: int) -> bool:
        row = self._user_row(user_id)
        return row is None or bool(row["active"])

    # ---------- certifications ----------
    def set_certification(self, user_id: int, body: str, deadline: date) -> Certification:
        with self.db.conn:
            self.db.execute(
                "insert or ignore into users (id, timezone, created_at) values (?, ?, ?)",
                [user_id, None, self._now_text()],
            )
            self.db.execute(
                """insert into certifications (user_id, body, deadline, created_at) values (?, ?, ?, ?)
                   on conflict (user_id, body) do update set deadline = excluded.deadline,
                   snoozed_until = null""",
                [user_id, body, deadline.isoformat(), self._now_text()],
            )
        return self.certification(user_id, body)  # type: ignore[return-value]

    def certification(self, user_id: int, body: str) -> Certification | None:
        rows = list(
            self.db["certifications"].rows_where("user_id = ? and body = ?", [user_id, body])
        )
        return _cert(rows[0]) if rows else None

    def certification_by_id(self, user_id: int, cert_id: int) -> Certification | None:
        rows = list(
            self.db["certifications"].rows_where("user_id = ? and id = ?", [user_id, cert_id])
        )
        return _cert(rows[0]) if rows else None

    def certifications(self, user_id: int) -> list[Certification]:
        rows = self.db["certifications"].rows_where(
            "user_id = ?", [user_id], order_by="deadline, body"
        )
        return [_cert(r) for r in rows]

    def remove_certification(self, user_id: int, body: str) -> bool:
        with self.db.conn:
            cursor = self.db.execute(
                "delete from certifications where user_id = ? and body = ?", [user_id, body]
            )
        return cursor.rowcount > 0

    def _update_owned(self, table: str, user_id: int, row_id: int, fields: dict[str, Any]) -> None:
        """Update columns of one row, only when it belongs to `user_id`."""
        values = {k: _to_db(v) for k, v in fields.items()}
        sets = ", ".join(f"{k} = ?" for k in values)
        with self.db.conn:
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
    ) -> LogResult:
        """Store an activity once per (chat, message): a redelivered update returns the stored one."""
        existing = self.activity_by_message(chat_id, message_id)
        if existing is not None:
            return LogResult(existing, created=False)
        with self.db.conn:
            self.db.execute(
                "insert or ignore into users (id, timezone, created_at) values (?, ?, ?)",
                [user_id, None, self._now_text()],
            )
            cursor = self.db.execute(
                """insert or ignore into activities (user_id, activity_date, title, hours, provider, course,
                   is_cpr, chat_id, message_id, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [user_id, activity_date.isoformat(), title, hours, provider, course, int(is_cpr),
                 chat_id, message_id, self._now_text()],
            )  # fmt: skip
        stored = self.activity_by_message(chat_id, message_id)
        assert stored is not None
        return LogResult(stored, created=cursor.rowcount > 0)

    def _one_activity(self, where: str, params: list[Any]) -> Activity | None:
        rows = list(self.db.query(_ACTIVITY_SELECT + where + " limit 1", params))
        return _activity(rows[0]) if rows else None

    def activity_by_message(self, chat_id: int, message_id: int) -> Activity | None:
        return self._one_activity(
            " where a.chat_id = ? and a.message_id = ?", [chat_id, message_id]
        )

    def activity(self, user_id: int, activity_id: int) -> Activity | None:
        return self._one_activity(
            " where a.id = ? and a.user_id = ? and a.deleted = 0", [activity_id, user_id]
        )

    def activities(self, user_id: int, limit: int | None = None, offset: int = 0) -> list[Activity]:
        """The user's activities, newest first (by date, then by when they were logged)."""
        sql = (
            _ACTIVITY_SELECT
            + " where a.user_id = ? and a.deleted = 0 order by a.activity_date desc, a.id desc"
        )
        params: list[Any] = [user_id]
        if limit is not None:
            sql += " limit ? offset ?"
            params += [limit, offset]
        return [_activity(r) for r in self.db.query(sql, params)]

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
        with self.db.conn:
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
        with self.db.conn:
            cursor = self.db.execute(
                """insert into activity_edits (user_id, activity_id, edited_by, activity_date, title,
                   hours, provider, course, is_cpr, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [user_id, activity_id, by, before.activity_date.isoformat(), before.title,
                 before.hours, before.provider, before.course, int(before.is_cpr), self._now_text()],
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
            "select activity_id, activity_date, title, hours, provider, course, is_cpr "
            "from activity_edits where id = ? and user_id = ? and restored = 0",
            [edit_id, user_id],
        ).fetchone()
        if row is None or self.activity(user_id, row[0]) is None:
            return None
        with self.db.conn:
            self.db.execute(
                """update activities set activity_date = ?, title = ?, hours = ?, provider = ?,
                   course = ?, is_cpr = ? where id = ? and user_id = ?""",
                [*row[1:], row[0], user_id],
            )
            self.db.execute("update activity_edits set restored = 1 where id = ?", [edit_id])
        return self.activity(user_id, row[0])

    def same_entry(
        self, user_id: int, activity_date: date, title: str, hours: float
    ) -> Activity | None:
        """An activity already logged on that day with the same hours and title (any case)."""
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
        with self.db.conn:
            self.db["attachments"].insert(
                {"activity_id": activity_id, "user_id": user_id, "file_id": file_id, "kind": kind,
                 "file_name": file_name, "created_at": self._now_text()}
            )  # fmt: skip
        return True

    def attachments(self, user_id: int, activity_id: int) -> list[dict[str, Any]]:
        return list(
            self.db["attachments"].rows_where(
                "user_id = ? and activity_id = ?", [user_id, activity_id], order_by="id"
            )
        )

    # ---------- nudges ----------
    def sent_keys(self, user_id: int) -> set[str]:
        return {
            r[0]
            for r in self.db.execute("select key from nudges_sent where user_id = ?", [user_id])
        }

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
        with self.db.conn:
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

    def unrecord_nudges(
        self, user_id: int, keys: Iterable[str], last_nudge_on: date | None
    ) -> None:
        """Take back the 'sent' marks (and the day's mark) of a message that could not be
        delivered, so the next sweep retries it."""
        with self.db.conn:
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
        with self.db.conn:
            self.db.execute(
                "update users set next_due_at = ? where id = ?",
                [_ts(when) if when else None, user_id],
            )

    # ---------- privacy ----------
    def forget(self, user_id: int) -> dict[str, int]:
        """Delete every row of the user, table by table, in one transaction."""
        counts: dict[str, int] = {}
        with self.db.conn:
            for table, column in (
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


_ACTIVITY_SELECT = """select a.*, exists(select 1 from attachments t where t.activity_id = a.id) as has_attachment
from activities a"""


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
    )


def _ts(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _to_db(value: Any) -> Any:
    if isinstance(value, datetime):
        return _ts(value)
    if isinstance(value, date | time):
        return value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value
