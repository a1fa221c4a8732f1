"""A large directory is fitted once per version in another process (issue 16)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from matcher import store
from matcher.demo import make_profiles, make_requests
from matcher.engine import persisted
from matcher.engine.matcher import Matcher
from tests.engine_helpers import directory
from tests.web.test_refit import NEW, OLD, ids, in_thread, load
from web import refit
from web.refit import Refitter

LIVENESS_S = 60  # a build starts a Python process: seconds on a busy machine


@pytest.fixture
def builds(monkeypatch) -> list[Path]:
    """Record every index a Refitter builds in another process."""
    built: list[Path] = []
    real_build = Refitter._build

    def counting_build(self):
        built.append(real_build(self))
        return built[-1]

    monkeypatch.setattr(Refitter, "_build", counting_build)
    return built


def until(condition, within: float = LIVENESS_S) -> None:
    """Wait until condition() holds."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_saved_index_loads_to_the_same_answers(tmp_path):
    profiles = directory(make_profiles(300, seed=4))
    fitted = Matcher().fit(profiles, 7)
    persisted.save(fitted, tmp_path / "index")
    loaded = persisted.load(tmp_path / "index")
    requests = make_requests(60, seed=5)
    assert [loaded.rank(r) for r in requests] == [fitted.rank(r) for r in requests]
    assert loaded.rank_many(requests) == fitted.rank_many(requests)
    assert loaded.directory_version_ == 7
    assert loaded.index_.columns == fitted.index_.columns
    assert (
        loaded.index_.ids.dtype == object and loaded.index_.names == fitted.index_.names
    )
    for name in ("fee", "style", "id_hashes"):
        mine, theirs = getattr(loaded.index_, name), getattr(fitted.index_, name)
        np.testing.assert_array_equal(mine, theirs)
        assert mine.flags.writeable == theirs.flags.writeable
    loaded.index_.style[:] = 0  # mapped copy on write: the file is untouched
    again = persisted.load(tmp_path / "index")
    np.testing.assert_array_equal(again.index_.style, fitted.index_.style)


def test_saving_leaves_the_fitted_index_whole(tmp_path):
    fitted = Matcher().fit(directory(make_profiles(40, seed=2)), 1)
    before = (dict(fitted.index_.columns), list(fitted.index_.ids), fitted.index_.names)
    persisted.save(fitted, tmp_path / "index")
    after = (fitted.index_.columns, list(fitted.index_.ids), fitted.index_.names)
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["index"]  # no temporary left
    assert (tmp_path / "index").stat().st_mode & 0o077 == 0  # its owner's only


def test_searches_are_answered_while_another_process_builds(db_path, builds):
    load(db_path, OLD)
    refitter = Refitter(str(db_path), process_from=0)
    old_ids = ids(refitter.matcher())
    load(db_path, NEW, replace=True)
    with refit._one_worker_at_a_time(str(db_path)):  # every refit waits
        thread, answers = in_thread(lambda: ids(refitter.matcher()))
        thread.join(LIVENESS_S)
        assert answers == [old_ids]
        until(lambda: refitter._started == 2)  # the refit waits at the lock
        assert (
            ids(refitter.matcher()) == old_ids and len(builds) == 1
        )  # the first index only
    assert ids(refitter.matcher(current=True)) == sorted(r["id"] for r in NEW)
    version = store.directory_version(store.connect(db_path))
    assert len(builds) == 2  # the first index, then the change
    assert builds[-1].name.split("-")[1] == str(version)


def test_a_second_worker_loads_what_the_first_built(db_path, builds):
    load(db_path, OLD)
    first, second = (Refitter(str(db_path), process_from=0) for _ in range(2))
    assert ids(first.matcher()) == ids(second.matcher())
    assert len(builds) == 1  # the first index too: built once, loaded by both
    load(db_path, NEW, replace=True)
    assert ids(first.matcher(current=True)) == sorted(r["id"] for r in NEW)
    assert ids(second.matcher(current=True)) == sorted(r["id"] for r in NEW)
    assert len(builds) == 2
    load(db_path, OLD, replace=True)
    assert ids(second.matcher(current=True)) == sorted(r["id"] for r in OLD)
    assert len(builds) == 3 and not builds[1].exists()  # the older file is gone
    assert builds[2].exists()


def test_workers_starting_together_build_the_first_index_once(db_path, builds):
    load(db_path, OLD)
    workers = [Refitter(str(db_path), process_from=0) for _ in range(3)]
    threads = [in_thread(lambda w=w: ids(w.matcher())) for w in workers]
    for thread, _ in threads:
        thread.join(LIVENESS_S)
    assert [answers for _, answers in threads] == [[sorted(r["id"] for r in OLD)]] * 3
    assert len(builds) == 1


def test_a_first_index_below_the_size_is_fitted_in_the_worker(db_path, builds):
    load(db_path, OLD)
    refitter = Refitter(str(db_path), process_from=len(OLD) + 1)
    assert ids(refitter.matcher()) == sorted(r["id"] for r in OLD)
    assert builds == []


def test_code_changed_during_a_build_still_loads_what_was_built(
    db_path, builds, monkeypatch, caplog
):
    load(db_path, OLD)
    refitter = Refitter(str(db_path), process_from=0)
    refitter.matcher()
    keys = iter(range(1_000))  # each look at the code finds it changed
    monkeypatch.setattr(refit, "build_key", lambda options: f"code{next(keys)}")
    load(db_path, NEW, replace=True)
    assert ids(refitter.matcher(current=True)) == sorted(r["id"] for r in NEW)
    assert "building the index in a process failed" not in caplog.text
    assert len(builds) == 2


def test_a_small_directory_is_fitted_in_the_worker(db_path, builds):
    load(db_path, OLD)
    refitter = Refitter(str(db_path), process_from=len(OLD) + 1)
    refitter.matcher()
    load(db_path, NEW, replace=True)
    assert ids(refitter.matcher(current=True)) == sorted(r["id"] for r in NEW)
    assert builds == []


def test_a_failed_fit_keeps_the_old_directory(db_path, builds, caplog):
    load(db_path, OLD)
    refitter = Refitter(str(db_path), process_from=0)
    old_ids = ids(refitter.matcher())
    refitter.options = {"weights": {"no such factor": 1}}  # every fit refuses it
    load(db_path, NEW, replace=True)
    with pytest.raises(ValueError, match="no such factor"):
        refitter.matcher(current=True)
    assert ids(refitter.matcher()) == old_ids
    assert "building the index in a process failed" in caplog.text
    assert "refitting the directory failed" in caplog.text


def test_a_build_that_cannot_write_its_file_is_fitted_in_the_worker(
    db_path, monkeypatch, caplog
):
    load(db_path, OLD)
    refitter = Refitter(str(db_path), process_from=0)
    refitter.matcher()

    def full_disk(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Refitter, "_build", full_disk)
    load(db_path, NEW, replace=True)
    assert ids(refitter.matcher(current=True)) == sorted(r["id"] for r in NEW)
    assert "building the index in a process failed" in caplog.text


def test_a_build_reuses_the_track_records_kept_beside_the_database(db_path):
    from tests.test_outcomes_track import clinic  # outcome rows for t0..t9

    load(db_path, OLD)
    db = store.connect(db_path)
    outcomes = pd.DataFrame(clinic(seed=7, effects={"t0": 1.0}))
    path_of = str(db_path) + ".index-{version}"
    refitted = []
    real_fit = refit.persisted.reuse.TrackRecords.fit

    def counting_fit(self, episodes):
        refitted.append(len(episodes))
        return real_fit(self, episodes)

    # The build reads outcome records from the store; give it these instead.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store.outcomes, "load_outcomes", lambda _db: outcomes)
        patch.setattr(refit.persisted.reuse.TrackRecords, "fit", counting_fit)
        patch.setattr(refit.persisted.reuse, "_latest", None)
        persisted.build(str(db_path), path_of, {})
        patch.setattr(refit.persisted.reuse, "_latest", None)  # a new process
        load(db_path, NEW)
        version = persisted.build(str(db_path), path_of, {})
    assert refitted == [len(outcomes)]
    assert persisted.load(Path(path_of.format(version=version))).track_records_
    db.conn.close()


def test_a_replaced_index_is_freed_aside_once_no_search_holds_it(db_path):
    load(db_path, OLD)
    refitter = Refitter(str(db_path), process_from=0)
    held = refitter.matcher()  # a search still answering from the old index
    old_ids = ids(held)
    load(db_path, NEW, replace=True)
    refitter.matcher(current=True)
    time.sleep(0.5)
    assert ids(held) == old_ids and held.index_.columns["id"]
    columns = held.index_.columns
    del held  # the search ends
    until(lambda: not any(columns.values()))  # emptied slice by slice, aside
    assert ids(refitter.matcher()) == sorted(r["id"] for r in NEW)


def test_a_replaced_index_is_freed_while_no_other_worker_loads(db_path):
    load(db_path, OLD)
    refitter = Refitter(str(db_path), process_from=0)
    held = refitter.matcher()
    load(db_path, NEW, replace=True)
    refitter.matcher(current=True)
    columns = held.index_.columns
    with refit._one_worker_at_a_time(str(db_path)):  # another worker loads
        del held  # the last search on the old index ends
        time.sleep(0.5)
        assert all(columns.values())  # left whole until that load is done
    until(lambda: not any(columns.values()))
    assert ids(refitter.matcher()) == sorted(r["id"] for r in NEW)


def test_a_first_index_is_built_at_normal_priority_and_a_change_at_low(
    db_path, monkeypatch
):
    asked: list[bool] = []
    real_run = refit.subprocess.run

    def run(command, **kwargs):
        asked.append(pickle.loads(kwargs["input"])[3])
        return real_run(command, **kwargs)

    monkeypatch.setattr(refit.subprocess, "run", run)
    load(db_path, OLD)
    refitter = Refitter(str(db_path), process_from=0)
    refitter.matcher()  # nothing to answer with yet: waited for, not lowered
    load(db_path, NEW, replace=True)
    refitter.matcher(current=True)  # the old index answers meanwhile
    assert asked == [False, True]


@pytest.mark.parametrize("low", [True, False])
def test_the_build_process_lowers_itself_only_when_asked(db_path, tmp_path, low):
    load(db_path, OLD)
    asked = pickle.dumps((str(db_path), str(tmp_path / "index-{version}"), {}, low))
    probe = (
        "import os; from matcher.engine import persisted; "
        "persisted.build = lambda *a: os.nice(0); "
        "persisted.main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], input=asked, capture_output=True, check=True
    )
    lowered = min(os.nice(0) + persisted.LOW_NICENESS, 19)
    assert int(done.stdout) == (lowered if low else os.nice(0))
