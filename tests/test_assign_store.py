"""Stored assignment runs: rows without answers, confirm once, expiry."""

from __future__ import annotations

import datetime as dt

import pytest

from matcher import store
from matcher.directory.importer import import_bytes
from tests.conftest import to_csv
from tests.engine_helpers import therapist

ROWS = [
    {"request_id": "A", "priority": "normal", "therapist_id": "t-1", "score": 80.0,
     "choice_rank": 1, "reason": "", "first_choice_id": "t-1",
     "first_choice_note": ""},
    {"request_id": "B", "priority": "urgent", "therapist_id": "t-1", "score": 70.0,
     "choice_rank": 2, "reason": "", "first_choice_id": "t-2",
     "first_choice_note": "has no open slot"},
    {"request_id": "C", "priority": "high", "therapist_id": "", "score": None,
     "choice_rank": None, "reason": "no eligible therapist has an open slot",
     "first_choice_id": "", "first_choice_note": ""},
]  # fmt: skip
SUMMARY = {"placed_total": 2, "placed": {}, "waiting": {}}


@pytest.fixture
def db():
    """A memory directory: t-1 with 3 slots, t-2 with none."""
    database = store.connect(memory=True)
    rows = [therapist("t-1", open_slots=3), therapist("t-2", open_slots=0)]
    assert import_bytes(database, to_csv(rows), "team.csv").ok
    return database


def save(db, **options) -> int:
    return store.assignments.save_run(db, ROWS, SUMMARY, SUMMARY, source="test",
                                      **options)  # fmt: skip


def test_a_run_keeps_its_rows_in_order(db):
    run_id = save(db)
    assert store.assignments.run_rows(db, run_id) == [
        {**row, "therapist_id": row["therapist_id"]} for row in ROWS
    ]
    assert store.assignments.get_run(db, run_id)["summary"] == SUMMARY


def test_confirm_lowers_slots_once_and_moves_the_version(db):
    run_id = save(db)
    version = store.directory_version(db)
    hash_before = store.get_profile(db, "t-1")["content_hash"]
    done = store.assignments.confirm(db, run_id, "dana")
    assert (done.already, done.lowered) == (False, {"t-1": 2})
    again = store.assignments.confirm(db, run_id, "sam")
    assert (again.already, again.confirmed_by, again.lowered) == (True, "dana", {})
    profile = store.get_profile(db, "t-1")
    assert profile["open_slots"] == 1
    assert profile["content_hash"] != hash_before  # an open edit form sees it
    assert store.directory_version(db) == version + 1
    actions = [e["action"] for e in store.audit.audit_events(db)[0]]
    assert actions.count("assignment-confirm") == 1


def test_confirm_refuses_when_slots_are_gone_and_writes_nothing(db):
    run_id = save(db)
    db.execute("UPDATE therapists SET open_slots = 1 WHERE id = 't-1'")
    with pytest.raises(store.assignments.ConfirmRefused, match="t-1 has 1 open"):
        store.assignments.confirm(db, run_id, "dana")
    assert store.get_profile(db, "t-1")["open_slots"] == 1
    assert store.assignments.get_run(db, run_id)["confirmed_at"] is None
    assert store.audit.audit_events(db)[1] == 0


def test_expired_runs_are_hidden_refused_and_purged(db):
    old = save(db, ttl_days=0)
    kept = save(db)
    assert store.assignments.get_run(db, old) is None
    assert [r["id"] for r in store.assignments.list_runs(db)] == [kept]
    with pytest.raises(store.assignments.ConfirmRefused, match="expired"):
        store.assignments.confirm(db, old, "dana")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    assert store.assignments.purge(db, later) == 1  # old went when kept was saved
    assert db.execute("SELECT count(*) FROM assignment_rows").fetchone()[0] == 0


def test_the_previous_run_is_the_one_stored_before(db):
    first, second = save(db), save(db)
    assert store.assignments.previous_run_id(db, second) == first
    assert store.assignments.previous_run_id(db, first) is None


def test_only_active_therapists_with_slots_are_offered(db):
    assert store.assignments.open_slots(db) == {"t-1": 3}
