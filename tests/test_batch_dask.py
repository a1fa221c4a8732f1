"""The Dask path: partitions scored on a local cluster equal the single-process run."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from matcher.batch import batch
from matcher.demo import make_profiles, make_requests
from matcher.directory.importer import import_bytes
from matcher.store import runs
from tests.conftest import to_csv, to_jsonl
from tests.test_batch import TODAY, table

pytest.importorskip("distributed")


def test_dask_results_and_changes_equal_the_single_process_run(db, tmp_path):
    profiles = make_profiles(400, seed=4)
    assert import_bytes(db, to_csv(profiles), "v1.csv").ok
    path = tmp_path / "requests.jsonl"
    path.write_bytes(to_jsonl(make_requests(120, seed=9)))
    source = batch.read_input(path)
    settings = batch.Settings(k=5, chunk_size=9)
    first = batch.execute(db, batch.open_run(db, source, settings, today=TODAY), source)
    # Change the directory so the second runs also work out what changed, and why.
    changed = [p | {"accepting_new_clients": "false"} for p in profiles[:60]]
    assert import_bytes(db, to_csv(changed + profiles[100:]), "v2.csv", replace=True).ok
    twin_path = tmp_path / "twin.db"
    with closing(sqlite3.connect(twin_path)) as twin_file:
        db.conn.backup(twin_file)

    here = batch.execute(db, batch.open_run(db, source, settings, today=TODAY), source)
    twin = batch.store.connect(twin_path)
    on_dask = batch.execute(
        twin, batch.open_run(twin, source, settings, today=TODAY), source,
        scheduler="local",
    )  # fmt: skip

    assert here["id"] == on_dask["id"] == first["id"] + 1
    assert table(twin, on_dask["id"]) == table(db, here["id"])
    assert runs.run_changes(twin, on_dask["id"]) == runs.run_changes(db, here["id"])
    assert here["requests_changed"] > 0 and here["gone_deactivated"] > 0
    counts = [name for name in runs.COUNTERS]
    assert [on_dask[c] for c in counts] == [here[c] for c in counts]
    twin.conn.close()
