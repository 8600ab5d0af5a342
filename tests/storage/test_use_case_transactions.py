"""Each use case that writes commits in one transaction: its write and the next-due time it
refreshes go in together or not at all. A failure is injected on the users row's update (the
next-due time, written last) with a trigger; the file must be as it was, and so must what the
storage's cache answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from knowledge.rules import load_rules
from tracker import service
from tracker.activities import parse_log
from tracker.storage import Storage

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
USER = 7


@pytest.fixture
def core(tmp_path):
    storage = Storage(tmp_path / "bot.db", clock=lambda: NOW)
    core = service.Core(storage, load_rules())
    service.add_certification(core, USER, NOW, core.rules["NASM"], date(2027, 6, 30))
    parsed = parse_log("3h kettlebell workshop", NOW.date())
    service.log_activity(core, USER, NOW, 100, 1, parsed, 3.0)
    yield core
    storage.close()


def dump(core: service.Core) -> list[str]:
    conn = sqlite3.connect(core.storage.db.conn.execute("pragma database_list").fetchone()[2])
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def seen(core: service.Core) -> tuple:
    """What the storage answers (from its cache when it has one)."""
    s = core.storage
    return (
        tuple(s.activities(USER)),
        tuple(s.certifications(USER)),
        s.settings(USER),
        s.count_choices(USER),
    )


def first_id(core: service.Core) -> int:
    return core.storage.activities(USER)[0].id


USE_CASES: dict[str, Callable[[service.Core], object]] = {
    "log": lambda core: service.log_activity(
        core, USER, NOW, 100, 2, parse_log("2h webinar", NOW.date()), 2.0
    ),
    "delete": lambda core: service.remove_activity(core, USER, NOW, first_id(core), "100:9"),
    "undo": lambda core: service.undo_last(core, USER, NOW, "100:9"),
    "edit": lambda core: service.edit_activity(
        core, USER, NOW, first_id(core), "100:9", {"hours": 9.0}
    ),
    "counts for": lambda core: service.count_choice(
        core, USER, NOW, first_id(core), ("NASM", "no")
    ),
    "add certification": lambda core: service.add_certification(
        core, USER, NOW, core.rules["ACE"], date(2027, 12, 31)
    ),
    "remove certification": lambda core: service.remove_certification(core, USER, NOW, "NASM"),
    "starting balance": lambda core: service.set_starting_units(
        core, USER, NOW, core.storage.certifications(USER)[0], 1.0
    ),
    "card": lambda core: service.record_card(
        core, USER, NOW, date(2028, 1, 1), activity_id=first_id(core)
    ),
    "quiet one certification": lambda core: service.quiet_certification(
        core, USER, NOW, core.storage.certifications(USER)[0].id, snooze=True
    ),
}


@pytest.mark.parametrize("name", USE_CASES)
def test_a_use_case_that_fails_at_its_last_write_changes_nothing(core, name):
    # a stored next-due time no fresh plan gives, so every refresh writes the users row
    core.storage.db.execute("update users set next_due_at = '2000-01-01T00:00:00+00:00'")
    core.storage._cache.clear()
    core.storage._activity_cache.clear()
    core.storage._activity_rows = 0
    core.storage.db.execute(
        "create trigger injected_failure before update of next_due_at on users "
        "begin select raise(abort, 'injected failure'); end"
    )
    before_file, before_seen = dump(core), seen(core)  # the cache is warm from here on
    with pytest.raises(sqlite3.DatabaseError, match="injected"):
        USE_CASES[name](core)
    assert dump(core) == before_file
    assert seen(core) == before_seen


@pytest.mark.parametrize("name", USE_CASES)
def test_without_the_failure_the_same_use_case_commits(core, name):
    before = dump(core)
    USE_CASES[name](core)
    assert dump(core) != before


def test_what_a_rolled_back_transaction_wrote_is_not_answered_from_the_cache(core):
    storage = core.storage
    before = tuple(storage.activities(USER))  # warm: a new activity is added to the cached list
    with pytest.raises(RuntimeError), storage.transaction(USER):
        storage.add_activity(USER, 100, 3, NOW.date(), "late-night webinar", 1.0)
        assert len(storage.activities(USER)) == len(before) + 1  # seen inside the transaction
        raise RuntimeError("the use case fails after its write")
    assert tuple(storage.activities(USER)) == before


def test_every_use_case_that_writes_and_refreshes_the_plan_is_one_transaction():
    """A use case that calls refresh_next_due after a write must carry @one_transaction (the
    behaviour test above covers ten of them; this catches a new one written without it)."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(service))
    missing = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef) or node.name in ("refresh_next_due", "log_text"):
            continue
        calls = {
            n.func.id if isinstance(n.func, ast.Name) else getattr(n.func, "attr", "")
            for n in ast.walk(node)
            if isinstance(n, ast.Call)
        }
        if "refresh_next_due" in calls and not getattr(
            getattr(service, node.name), "writes", False
        ):
            missing.append(node.name)
    assert missing == []
