"""The use cases in tracker.service, called with a real Storage and an explicit "now"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from knowledge.rules import load_rules
from tracker import service
from tracker.activities import parse_log
from tracker.storage import Storage

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
USER = 7


@pytest.fixture
def core() -> service.Core:
    storage = Storage(None)
    storage.ensure_user(USER)
    return service.Core(storage, load_rules())


def log(core: service.Core, text: str, message_id: int = 1) -> service.Logged:
    parsed = parse_log(text, NOW.date())
    hours = service.log_hours(core, USER, parsed)
    return service.log_activity(core, USER, NOW, 100, message_id, parsed, hours)


def test_log_stores_once_per_message_and_reports_what_it_counts_toward(core):
    service.add_certification(core, USER, NOW, core.rules["NASM"], date(2027, 6, 30))
    first = log(core, "3h kettlebell workshop")
    again = log(core, "3h kettlebell workshop")
    assert not first.again and again.again
    assert again.activity.id == first.activity.id
    assert core.storage.count_activities(USER) == 1
    assert [p.rule.code for p in first.progresses] == ["NASM"]
    assert first.progresses[0].counted_for(first.activity.id) is not None


def test_a_cpr_course_asks_for_the_card_only_when_stored(core):
    first = log(core, "4h CPR/AED course")
    assert first.ask_card
    assert not log(core, "4h CPR/AED course").ask_card


def test_progress_is_one_snapshot_in_the_users_zone(core):
    core.storage.update_user(USER, timezone="Pacific/Auckland")
    service.add_certification(core, USER, NOW, core.rules["NASM"], date(2027, 6, 30))
    log(core, "2h webinar")
    tracked = service.progress(core, USER, NOW)
    assert tracked.today == date(2026, 11, 28)  # 22:00 in Auckland
    assert service.progress(core, USER, NOW + timedelta(hours=2)).today == date(2026, 11, 29)
    assert tracked.total_hours == 2
    assert [c.body for c, _ in tracked.held] == ["NASM"]


def test_every_change_keeps_the_next_nudge_in_step(core):
    service.refresh_next_due(core, USER, NOW)
    assert core.storage.users_due(NOW + timedelta(days=30)) == []  # nothing held, nothing planned
    service.add_certification(core, USER, NOW, core.rules["NASM"], date(2026, 12, 20))
    due = core.storage.users_due(NOW + timedelta(days=30))
    assert due == [USER]
    service.set_reminders(core, USER, NOW, on=False)
    assert core.storage.users_due(NOW + timedelta(days=30)) == []


def test_undo_last_is_idempotent_per_request(core):
    first = log(core, "1h yoga", message_id=1)
    second = log(core, "2h pilates", message_id=2)
    assert service.undo_last(core, USER, NOW, by="100:9").id == second.activity.id
    assert service.undo_last(core, USER, NOW, by="100:9").id == second.activity.id  # redelivered
    assert core.storage.count_activities(USER) == 1
    assert service.undo_last(core, USER, NOW, by="100:10").id == first.activity.id
    assert service.undo_last(core, USER, NOW, by="100:11") is None


def test_edit_then_undo_the_edit(core):
    stored = log(core, "1h yoga").activity
    edited = service.edit_activity(core, USER, NOW, stored.id, "100:5", {"hours": 4.0})
    assert edited is not None and edited.activity.hours == 4.0 and edited.edit_id is not None
    restored = service.undo_edit(core, USER, NOW, edited.edit_id)
    assert restored is not None and restored.activity.hours == 1.0
    assert service.undo_edit(core, USER, NOW, edited.edit_id) is None
    assert service.edit_activity(core, USER, NOW, 999, "100:6", {"hours": 1.0}) is None


def test_nudges_are_recorded_before_sending_and_once(core):
    service.add_certification(core, USER, NOW, core.rules["NASM"], date(2026, 12, 5))
    evening = NOW.replace(hour=18, minute=30)
    batch = service.record_due_nudges(core, USER, evening)
    assert batch.keys and set(batch.keys) <= core.storage.sent_keys(USER)
    assert service.record_due_nudges(core, USER, evening).keys == ()
    service.nudge_failed(core, batch, USER)
    assert not set(batch.keys) & core.storage.sent_keys(USER)


def test_forget_counts_what_it_deleted(core):
    log(core, "1h yoga")
    service.add_certification(core, USER, NOW, core.rules["NASM"], date(2027, 6, 30))
    gone = service.forget(core, USER)
    assert gone.records >= 3
    assert core.storage.count_activities(USER) == 0
    assert core.storage.certifications(USER) == []


def test_log_text_asks_about_an_ambiguous_date_then_a_duplicate(core):
    sent = NOW - timedelta(minutes=1)
    ask = service.log_text(core, USER, NOW, 100, 1, "3h workshop 3/4", sent)
    assert isinstance(ask, service.WhichDate)
    picked = ask.parsed.other_date
    stored = service.log_text(core, USER, NOW, 100, 1, "3h workshop 3/4", sent, chosen_date=picked)
    assert isinstance(stored, service.Logged) and stored.activity.activity_date == picked
    twice = service.log_text(core, USER, NOW, 100, 2, "3h workshop 3/4", sent, chosen_date=picked)
    assert isinstance(twice, service.AlreadyLogged) and twice.same.id == stored.activity.id
    again = service.log_text(
        core, USER, NOW, 100, 2, "3h workshop 3/4", sent, again_ok=True, chosen_date=picked
    )
    assert isinstance(again, service.Logged) and again.activity.id != stored.activity.id
    redelivered = service.log_text(core, USER, NOW, 100, 2, "anything at all", sent)
    assert isinstance(redelivered, service.Logged) and redelivered.again


def test_log_text_refuses_with_an_input_error(core):
    from tracker.errors import InputError

    with pytest.raises(InputError):
        service.log_text(core, USER, NOW, 100, 1, "workshop", None)
    assert core.storage.count_activities(USER) == 0


def test_edit_text_changes_only_what_it_names(core):
    stored = log(core, "1h yoga").activity
    edited = service.edit_text(core, USER, NOW, stored.id, "4h", "100:7", None)
    assert isinstance(edited, service.Edited)
    assert (edited.activity.hours, edited.activity.title) == (4.0, stored.title)
    assert service.edit_text(core, USER, NOW, 999, "4h", "100:8", None) == service.NotInLog(999)


def test_after_a_sweep_the_next_due_time_is_what_a_fresh_plan_says(core):
    service.add_certification(core, USER, NOW, core.rules["NASM"], date(2026, 12, 5))
    evening = NOW.replace(hour=18, minute=30)
    batch = service.record_due_nudges(core, USER, evening)
    assert batch.keys
    reused = service.nudges_done(core, USER, evening, batch)
    assert reused is not None and reused > evening  # today's nudge is recorded: the next is later
    assert reused == service.refresh_next_due(core, USER, evening)
    blocked = service.record_due_nudges(core, USER, evening + timedelta(days=1))
    service.user_blocked(core, USER)  # settings changed since the snapshot: planned afresh
    after = service.nudges_done(core, USER, evening + timedelta(days=1), blocked)
    assert after == service.refresh_next_due(core, USER, evening + timedelta(days=1))


def test_calendar_file_keeps_the_first_key(core):
    made = []

    def new_key() -> str:  # a different key each call: only the first is kept
        made.append(1)
        return f"{len(made):032d}"

    assert service.calendar_file(core, USER, NOW, new_key) is None  # no dates yet
    made.clear()
    service.add_certification(core, USER, NOW, core.rules["NASM"], date(2027, 6, 30))
    first = service.calendar_file(core, USER, NOW, new_key)
    second = service.calendar_file(core, USER, NOW, new_key)
    assert first is not None and b"BEGIN:VCALENDAR" in first
    assert first == second and len(made) >= 2  # same UIDs although new keys were offered


def test_a_certificate_is_kept_once_when_asked(core):
    stored = log(core, "1h yoga").activity
    assert service.attach_certificate(core, USER, stored.id, ("f1", "photo", None))
    assert not service.attach_certificate(
        core, USER, stored.id, ("f2", "photo", None), only_if_none=True
    )
    assert [f["file_id"] for f in service.certificates(core, USER, stored.id)] == ["f1"]
    assert not service.attach_certificate(core, USER, 999, ("f3", "photo", None))


@pytest.mark.parametrize(
    ("edit", "body"),
    [
        ("title ACE nutrition course", "ACE"),  # names another body: counts for it now
        ("ACE nutrition course", "ACE"),
        ("kettlebell workshop", None),  # names none: counts toward each certification
        ("4h", "NASM"),  # the title is not changed: the body stays
    ],
)
def test_edit_reads_the_body_again_and_undo_puts_it_back(core, edit, body):
    service.add_certification(core, USER, NOW, core.rules["NASM"], date(2027, 6, 30))
    service.add_certification(core, USER, NOW, core.rules["ACE"], date(2027, 12, 31))
    stored = log(core, "5h NASM nutrition course").activity
    assert stored.body == "NASM"
    edited = service.edit_text(core, USER, NOW, stored.id, edit, "100:9", None)
    assert isinstance(edited, service.Edited) and edited.activity.body == body
    ace = next(p for p in edited.progresses if p.rule.code == "ACE")
    assert ace.counted_for(stored.id).status == ("petition" if body == "NASM" else "counts")
    restored = service.undo_edit(core, USER, NOW, edited.edit_id)
    assert restored is not None and restored.activity.body == "NASM"


def test_nccpt_units_go_with_its_name(core):
    stored = log(core, "0.5 CEU NCCPT course").activity
    assert (stored.body, stored.units) == ("NCCPT", 0.5)
    kept = service.edit_text(
        core, USER, NOW, stored.id, "title NCCPT program design", "100:10", None
    )
    assert (kept.activity.body, kept.activity.units) == ("NCCPT", 0.5)  # same body: units kept
    moved = service.edit_text(core, USER, NOW, stored.id, "NASM program design", "100:11", None)
    assert (moved.activity.body, moved.activity.units) == ("NASM", None)
