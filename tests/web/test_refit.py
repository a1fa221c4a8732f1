"""The engine follows a changed directory without stalling searches (web.refit)."""

from __future__ import annotations

import gc
import os
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher import store
from matcher.directory.importer import import_bytes
from matcher.engine import matcher as engine
from matcher.engine.matcher import Matcher
from tests.conftest import to_csv
from tests.engine_helpers import therapist
from tests.web import admin_fixtures as fixtures
from web import refit
from web.refit import Refitter, VersionReader

logged_in = fixtures.logged_in
REQUEST = {"state": "MA", "concerns": ["anxiety"], "limit": 10}
OLD = [therapist(f"ma-old-{i}", specialties=["anxiety"]) for i in range(3)]
NEW = [therapist(f"ma-new-{i}", specialties=["anxiety"]) for i in range(3)]
LIVENESS_S = 30  # only a hang reaches this: a search waits for no fit


def ids(matcher: Matcher) -> list[str]:
    """Return the therapists one search is answered with."""
    return sorted(m.therapist_id for m in matcher.rank(REQUEST).matches)


def load(db_path: Path, rows, *, replace: bool = False) -> None:
    """Import rows into the database file and close the connection."""
    db = store.connect(db_path)
    assert import_bytes(db, to_csv(rows), "rows.csv", replace=replace).ok
    db.conn.close()


class GatedMatcher(Matcher):
    """A Matcher whose fit waits until the test opens the gate: a slow fit."""

    gate = threading.Event()
    fitting = threading.Event()

    def fit(self, profiles, directory_version=None, outcomes=None):
        """Signal that a fit began, then wait for the gate before fitting."""
        GatedMatcher.fitting.set()
        assert GatedMatcher.gate.wait(LIVENESS_S)
        return super().fit(profiles, directory_version, outcomes)


@pytest.fixture
def gated(monkeypatch) -> Iterator[type[GatedMatcher]]:
    """Make every refit of web.refit wait at the gate; open it at the end."""
    GatedMatcher.gate.clear()
    GatedMatcher.fitting.clear()
    monkeypatch.setattr(refit, "Matcher", GatedMatcher)
    yield GatedMatcher
    GatedMatcher.gate.set()


def hold(gated: type[GatedMatcher]) -> None:
    """Close the gate again, forgetting the fits that have passed it."""
    gated.gate.clear()
    gated.fitting.clear()


def in_thread(call) -> tuple[threading.Thread, list]:
    """Start a call in a thread; its result lands in the returned list."""
    out: list = []
    thread = threading.Thread(target=lambda: out.append(call()), daemon=True)
    thread.start()
    return thread, out


def test_searches_are_answered_from_the_old_directory_while_a_refit_runs(
    db_path, gated
):
    load(db_path, OLD)
    refitter = Refitter(str(db_path))
    gated.gate.set()
    old_ids = ids(refitter.matcher())
    hold(gated)
    load(db_path, NEW, replace=True)

    thread, answers = in_thread(lambda: ids(refitter.matcher()))
    thread.join(LIVENESS_S)
    assert answers == [old_ids]  # answered at once, while the fit is still held
    assert gated.fitting.wait(LIVENESS_S)
    assert ids(refitter.matcher()) == old_ids

    gated.gate.set()
    assert ids(refitter.matcher(current=True)) == sorted(r["id"] for r in NEW)
    assert refitter.matcher().directory_version_ == store.directory_version(
        store.connect(db_path)
    )


def test_the_former_inline_design_stalls_the_search(db_path, gated, monkeypatch):
    # The benchmark's baseline: the first search after a change waits for the fit.
    monkeypatch.setattr(engine, "Matcher", GatedMatcher)
    load(db_path, OLD)
    refitter = Refitter(str(db_path), "inline")
    gated.gate.set()
    db = store.connect(db_path)
    refitter.inline.get(db)
    hold(gated)
    load(db_path, NEW, replace=True)
    thread, answers = in_thread(lambda: ids(refitter.inline.get(db)))
    assert gated.fitting.wait(LIVENESS_S)
    assert answers == [] and thread.is_alive()
    gated.gate.set()
    thread.join(LIVENESS_S)
    assert answers == [sorted(r["id"] for r in NEW)]
    db.conn.close()


def test_every_answer_is_entirely_old_or_entirely_new(db_path, gated):
    load(db_path, OLD)
    refitter = Refitter(str(db_path))
    gated.gate.set()
    old_ids = ids(refitter.matcher())
    load(db_path, OLD[:1] + NEW, replace=True)  # keeps one, adds three
    new_ids = sorted(["ma-old-0", *(r["id"] for r in NEW)])
    hold(gated)
    seen: list[list[str]] = []
    stop = threading.Event()

    def search_until_stopped() -> None:
        while not stop.is_set():
            seen.append(ids(refitter.matcher()))

    searchers = [threading.Thread(target=search_until_stopped) for _ in range(3)]
    for searcher in searchers:
        searcher.start()
    assert gated.fitting.wait(LIVENESS_S)
    while len(seen) < 10:  # answered while the fit is held
        time.sleep(0.01)
    gated.gate.set()
    refitter.matcher(current=True)
    stop.set()
    for searcher in searchers:
        searcher.join(LIVENESS_S)
    assert seen[0] == old_ids and ids(refitter.matcher()) == new_ids
    assert set(map(tuple, seen)) <= {tuple(old_ids), tuple(new_ids)}


def test_a_failed_refit_keeps_the_old_directory_and_tells_the_waiting_editor(
    db_path, monkeypatch, caplog
):
    load(db_path, OLD)
    refitter = Refitter(str(db_path))
    old_ids = ids(refitter.matcher())
    load(db_path, NEW, replace=True)

    def broken_fit(self, profiles, directory_version=None, outcomes=None):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(refit.Matcher, "fit", broken_fit)
    with pytest.raises(RuntimeError, match="out of memory"):
        refitter.matcher(current=True)
    assert ids(refitter.matcher()) == old_ids
    assert "refitting the directory failed" in caplog.text


def test_an_admin_edit_is_in_the_admin_s_next_search(logged_in, db_path, gated):
    gated.gate.set()
    before = logged_in.post("/api/v1/matches", json={"state": "MA"}).get_json()
    assert "ma-0001" in [m["therapist_id"] for m in before["matches"]]
    hold(gated)
    fixtures.post(logged_in, "/admin/therapists/ma-0001/deactivate")
    # The admin's search waits for the refit; open the gate once it has begun.
    thread, answers = in_thread(
        lambda: logged_in.post("/api/v1/matches", json={"state": "MA"}).get_json()
    )
    assert gated.fitting.wait(LIVENESS_S)
    assert answers == []  # still waiting: it will not be answered from before
    gated.gate.set()
    thread.join(LIVENESS_S)
    assert "ma-0001" not in [m["therapist_id"] for m in answers[0]["matches"]]


def test_the_version_reader_follows_a_replaced_database_file(tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    load(first, OLD)
    load(second, OLD)
    load(second, NEW)
    reader = VersionReader(str(first))
    assert reader.version() == 1
    os.replace(second, first)  # a restore puts another file in its place
    assert reader.version() == 2


def test_an_unknown_refit_mode_is_refused(db_path):
    with pytest.raises(ValueError, match="MATCHER_REFIT"):
        Refitter(str(db_path), "sometimes")


def test_a_forked_worker_keeps_the_index_and_refits_on_its_own(db_path, monkeypatch):
    load(db_path, OLD)
    refitter = Refitter(str(db_path))
    parent = refitter.matcher()
    parent_connection = refitter.versions._db
    child = types.SimpleNamespace(getpid=lambda: os.getpid() + 1)
    monkeypatch.setattr(refit, "os", child)  # as in a worker forked after a fit
    assert refitter.matcher() is parent
    assert refitter.versions._db is not parent_connection
    load(db_path, NEW, replace=True)
    assert ids(refitter.matcher(current=True)) == sorted(r["id"] for r in NEW)
    parent_connection.conn.close()


def test_a_refit_leaves_the_new_index_out_of_the_collector_s_way(db_path):
    # Full collections walking the index paused every search for 1.5 s at
    # 50,000 profiles; the fitted index is frozen, and collection stays on.
    load(db_path, OLD)
    matcher = Refitter(str(db_path)).matcher()
    assert gc.isenabled()
    assert not any(tracked is matcher for tracked in gc.get_objects())
