"""Batch re-scoring as a library: equal to rank(), resumable, and what changed."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from matcher import store
from matcher.batch import batch
from matcher.demo import make_profiles, make_requests
from matcher.directory.importer import import_bytes
from matcher.engine.matcher import Matcher
from matcher.engine.request import parse_request
from matcher.store import runs, saved
from tests.conftest import to_csv, to_jsonl
from tests.engine_helpers import therapist

TODAY = dt.date(2026, 11, 1)
NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
# Version 1: for the "cbt" request a (both concerns, CBT) beats b (one concern,
# CBT), who beats c (one concern); d is the only one who speaks Spanish.
DIRECTORY_V1 = [
    therapist("a", specialties=["anxiety", "insomnia"], approaches=["cbt"]),
    therapist("b", specialties=["anxiety"], approaches=["cbt"]),
    therapist("c", specialties=["anxiety"]),
    therapist("d", specialties=["depression"], languages=["English", "Spanish"]),
    therapist("e", specialties=["depression"]),
]
# Version 2 (imported with --replace): a is gone, b stops taking clients, d no
# longer lists Spanish, and three new therapists like a push c out of the top 3.
DIRECTORY_V2 = [
    therapist("b", specialties=["anxiety"], approaches=["cbt"],
              accepting_new_clients=False),
    therapist("c", specialties=["anxiety"]),
    therapist("d", specialties=["depression"], languages=["English"]),
    therapist("e", specialties=["depression"]),
    *(therapist(t, specialties=["anxiety", "insomnia"], approaches=["cbt"])
      for t in "fgh"),
]  # fmt: skip
REQUESTS = [
    {"request_id": "cbt", "state": "MA", "concerns": ["anxiety", "insomnia"],
     "approaches": ["cbt"]},
    {"request_id": "spanish", "state": "MA",
     "languages": {"value": ["Spanish"], "importance": "must"}},
]  # fmt: skip


def load(db, rows: list[dict[str, Any]], *, replace: bool = False) -> None:
    """Import profile rows through the real import."""
    report = import_bytes(db, to_csv(rows), "directory.csv", replace=replace)
    assert report.outcome == "imported", report.errors


def requests_file(tmp_path: Path, requests: list[Any], name="requests.jsonl") -> Path:
    """Write requests as JSON Lines and return the path."""
    path = tmp_path / name
    path.write_bytes(to_jsonl(requests))
    return path


def rescore(db, source: batch.Batch, k=3, chunk_size=2, **options) -> dict[str, Any]:
    """Run one whole re-score and return its finished record."""
    settings = batch.Settings(k=k, chunk_size=chunk_size)
    run = batch.open_run(db, source, settings, today=TODAY)
    return batch.execute(db, run, source, **options)


def table(db, run_id: int) -> list[tuple]:
    """Return a run's results as rows: request id, rank, therapist, score, points."""
    return [
        (r["request_id"], m["rank"], m["therapist_id"], m["score"], m["factor_points"])
        for r in runs.run_results(db, run_id)
        for m in r["matches"]
    ]


def copy(db, path: Path) -> None:
    """Copy a database, committed WAL pages included, to a new file."""
    target = sqlite3.connect(path)
    db.conn.backup(target)
    target.close()


@pytest.fixture
def demo_db(db):
    """The database with 300 synthetic therapists."""
    report = import_bytes(db, to_csv(make_profiles(300, seed=3)), "demo.csv")
    assert report.ok
    return db


# ------------------------------------------------------------- partitioning
def item(key: str, state: str, position: int) -> batch.Item:
    return batch.Item(key, key, position, parse_request({"state": state}))


def test_partition_groups_by_state_then_cuts_chunks_in_input_order():
    pairs = [("1", "MA"), ("2", "NY"), ("3", "MA"), ("4", "CA"), ("5", "MA")]
    items = [item(key, state, i) for i, (key, state) in enumerate(pairs)]
    parts = batch.partition(items, chunk_size=2)
    assert [(p.state, p.number, [i.key for i in p.items]) for p in parts] == [
        ("CA", 0, ["4"]),
        ("MA", 0, ["1", "3"]),
        ("MA", 1, ["5"]),
        ("NY", 0, ["2"]),
    ]
    assert batch.partition(items, 2) == parts  # pure: same input, same chunks
    assert sorted(i.key for p in parts for i in p.items) == ["1", "2", "3", "4", "5"]


def test_partition_refuses_an_empty_chunk():
    with pytest.raises(ValueError, match="chunk_size"):
        batch.partition([], 0)


# ------------------------------------------------------------------ scoring
def test_batch_results_equal_single_request_ranking(demo_db, tmp_path):
    requests = make_requests(60, seed=5)
    source = batch.read_input(requests_file(tmp_path, requests))
    run = rescore(demo_db, source, k=5, chunk_size=7)
    assert run["status"] == "finished" and run["scored"] == run["total"] == 60
    matcher = Matcher(today=TODAY).fit(store.load_directory(demo_db))
    expected = [
        (request["request_id"], m.rank, m.therapist_id, m.score,
         {f.factor: f.points for f in m.factors})
        for request in requests
        for m in matcher.rank(request, 5).matches
    ]  # fmt: skip
    assert table(demo_db, run["id"]) == expected


def test_running_twice_on_an_unchanged_directory_gives_identical_results(
    demo_db, tmp_path
):
    source = batch.read_input(requests_file(tmp_path, make_requests(40, seed=6)))
    first = rescore(demo_db, source, k=5)
    second = rescore(demo_db, source, k=5)
    assert table(demo_db, first["id"]) == table(demo_db, second["id"])
    assert second["compared"] == 40 and second["requests_changed"] == 0
    assert runs.run_changes(demo_db, second["id"]) == []


def test_a_directory_change_is_reported_per_request_with_reasons(db, tmp_path):
    load(db, DIRECTORY_V1)
    source = batch.read_input(requests_file(tmp_path, REQUESTS))
    first = rescore(db, source)
    assert [m[2] for m in table(db, first["id"])] == ["a", "b", "c", "d"]
    load(db, DIRECTORY_V2, replace=True)
    second = rescore(db, source)
    changes = runs.run_changes(db, second["id"])
    changes[0]["new_ids"].sort()  # f, g and h tie: any order is right
    assert changes == [
        {
            "request_key": "cbt", "request_id": "cbt",
            "previous_run_id": first["id"], "new_ids": ["f", "g", "h"],
            "gone": [
                {"therapist_id": "a", "reason": "deactivated"},
                {"therapist_id": "b", "reason": "not_accepting"},
                {"therapist_id": "c", "reason": "fell_out"},
            ],
        },
        {
            "request_key": "spanish", "request_id": "spanish",
            "previous_run_id": first["id"], "new_ids": [],
            "gone": [{"therapist_id": "d", "reason": "not_eligible"}],
        },
    ]  # fmt: skip
    counts = {k: second[k] for k in ("requests_changed", "new_matches")}
    assert counts == {"requests_changed": 2, "new_matches": 3}
    assert [second[f"gone_{r}"] for r in runs.GONE_REASONS] == [1, 1, 1, 1]


def test_a_waitlisted_therapist_is_not_gone_for_a_request_that_includes_them(
    db, tmp_path
):
    load(db, DIRECTORY_V1)
    wants_all = [{**REQUESTS[0], "include_not_accepting": True}]
    source = batch.read_input(requests_file(tmp_path, wants_all))
    rescore(db, source)
    load(db, [DIRECTORY_V2[0], *DIRECTORY_V1[2:]], replace=True)  # b waitlisted
    second = rescore(db, source)
    assert second["requests_changed"] == 1  # only a, deactivated, left
    assert runs.run_changes(db, second["id"])[0]["gone"] == [
        {"therapist_id": "a", "reason": "deactivated"}
    ]


def test_list_runs_shows_the_newest_run_first_with_its_settings(db, tmp_path):
    load(db, DIRECTORY_V1)
    source = batch.read_input(requests_file(tmp_path, REQUESTS))
    first, second = rescore(db, source), rescore(db, source, k=2)
    listed = runs.list_runs(db, limit=10)
    assert [r["id"] for r in listed] == [second["id"], first["id"]]
    assert listed[0]["k"] == 2 and listed[0]["today"] == TODAY.isoformat()
    assert listed[0]["settings"]["engine"] == "Matcher.rank_many"
    assert listed[0]["directory_version"] == store.directory_version(db)
    assert len(runs.list_runs(db, limit=1)) == 1


# ----------------------------------------------------------------- resuming
class Stop(Exception):
    """Stands in for a process killed between two chunks."""


def stop_after(chunks: int):
    """Return a progress callback that stops the run after some chunks."""
    seen = []

    def progress(count: int) -> None:
        seen.append(count)
        if len(seen) == chunks:
            raise Stop

    return progress


def test_an_interrupted_run_resumes_to_the_same_results(demo_db, tmp_path):
    source = batch.read_input(requests_file(tmp_path, make_requests(50, seed=8)))
    copy_path = tmp_path / "copy.db"
    copy(demo_db, copy_path)
    settings = batch.Settings(k=4, chunk_size=6)
    run = batch.open_run(demo_db, source, settings, today=TODAY)
    with pytest.raises(Stop):
        batch.execute(demo_db, run, source, progress=stop_after(3))
    assert runs.get_run(demo_db, run.id)["status"] == "running"
    stopped = runs.get_run(demo_db, run.id)
    assert stopped["chunks_done"] == 3 and 0 < stopped["scored"] < 50

    other_settings = batch.Settings(k=9, chunk_size=2)  # a resume keeps its own
    resumed = batch.open_run(demo_db, source, other_settings, resume=True)
    assert resumed.resumed and resumed.id == run.id and resumed.settings == settings
    record = batch.execute(demo_db, resumed, source)
    assert record["status"] == "finished" and record["scored"] == 50

    whole = rescore(store.connect(copy_path), source, k=4, chunk_size=6)
    assert table(demo_db, run.id) == table(store.connect(copy_path), whole["id"])


def test_resume_refuses_when_the_directory_changed(db, tmp_path):
    load(db, DIRECTORY_V1)
    source = batch.read_input(requests_file(tmp_path, REQUESTS))
    run = batch.open_run(db, source, batch.Settings(k=3, chunk_size=1))
    with pytest.raises(Stop):
        batch.execute(db, run, source, progress=stop_after(1))
    load(db, DIRECTORY_V2, replace=True)
    with pytest.raises(batch.RescoreError, match="directory changed"):
        batch.open_run(db, source, batch.Settings(), resume=True)


def test_resume_starts_a_new_run_when_there_is_nothing_to_finish(db, tmp_path):
    load(db, DIRECTORY_V1)
    source = batch.read_input(requests_file(tmp_path, REQUESTS))
    run = batch.open_run(db, source, batch.Settings(), resume=True)
    assert not run.resumed
    assert batch.execute(db, run, source)["scored"] == 2


def test_a_changed_input_file_is_not_resumed_into_an_old_run(db, tmp_path):
    load(db, DIRECTORY_V1)
    path = requests_file(tmp_path, REQUESTS)
    run = batch.open_run(db, batch.read_input(path), batch.Settings(chunk_size=1))
    path.write_bytes(to_jsonl(REQUESTS[:1]))
    again = batch.open_run(db, batch.read_input(path), batch.Settings(), resume=True)
    assert again.id != run.id and not again.resumed


# ------------------------------------------------------------------ reading
def test_malformed_lines_are_reported_with_line_numbers_and_field_errors(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"state": "MA"}\n'
        b'{"state": "XX", "format": "boat"}\n'
        b"\n"
        b"not json\n"
        b"[1, 2]\n"
        b'{"request_id": "r", "state": "NY"}\n'
        b'{"request_id": "r", "state": "CA"}\n'
        b'{"state": "MA", "concerns": "\xff"}\n'
    )
    source = batch.read_input(path)
    assert [(i.key, i.position) for i in source.items] == [("1", 1), ("r", 6)]
    errors = {e.line: e.errors for e in source.errors}
    assert sorted(errors) == [2, 4, 5, 7, 8]
    assert set(errors[2]) == {"state", "format"}
    assert "not valid JSON" in errors[4]["request"]
    assert errors[5] == {"request": "expected a JSON object"}
    assert "first on line 6" in errors[7]["request_id"]
    assert "UTF-8" in errors[8]["request"]
    described = source.errors[0].describe()
    assert described.startswith("line 2: state: ") and "format: " in described


def test_a_byte_order_mark_on_the_first_line_is_accepted(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"state": "MA"}\n')
    assert [i.key for i in batch.read_input(path).items] == ["1"]


# -------------------------------------------------------------------- saved
def test_live_saved_requests_are_rescored_and_gone_ones_are_not(db):
    load(db, DIRECTORY_V1)
    live = saved.save_request(db, REQUESTS[0], 90, NOW)
    deleted = saved.save_request(db, REQUESTS[1], 90, NOW)
    saved.save_request(db, REQUESTS[1], 1, NOW - dt.timedelta(days=3))
    saved.delete_saved(db, deleted, NOW)
    source = batch.read_saved(db, NOW)
    record = rescore(db, source)
    key = saved.get_saved(db, live, NOW).key
    assert record["source"] == "saved" and record["scored"] == 1
    assert runs.latest_results(db, key) == (record["id"], ("a", "b", "c"))
    assert db.execute("SELECT count(*) FROM saved_requests").fetchone()[0] == 1


def test_a_resumed_saved_run_scores_what_was_live_when_it_started(db):
    load(db, DIRECTORY_V1)
    for _ in range(3):
        saved.save_request(db, REQUESTS[0], 90, NOW)
    source = batch.read_saved(db, NOW)
    run = batch.open_run(db, source, batch.Settings(chunk_size=1))
    with pytest.raises(Stop):
        batch.execute(db, run, source, progress=stop_after(1))
    saved.save_request(db, REQUESTS[1], 90, NOW)  # saved after the run started
    later = batch.read_saved(db, NOW + dt.timedelta(hours=1))
    resumed = batch.open_run(db, later, batch.Settings(), resume=True)
    record = batch.execute(db, resumed, later)
    assert record["id"] == run.id and record["scored"] == record["total"] == 3


def test_a_request_deleted_during_a_run_is_not_written(db):
    load(db, DIRECTORY_V1)
    tokens = [saved.save_request(db, REQUESTS[0], 90, NOW) for _ in range(3)]
    source = batch.read_saved(db, NOW)
    run = batch.open_run(db, source, batch.Settings(chunk_size=1))

    def delete_the_last(_count: int) -> None:
        saved.delete_saved(db, tokens[-1], NOW)

    record = batch.execute(db, run, source, progress=delete_the_last)
    assert record["scored"] == 2 and record["total"] == 3
    keys = db.execute("SELECT request_key FROM rescore_requests").fetchall()
    assert keys == [("saved:1",), ("saved:2",)]


def test_deleting_a_saved_request_removes_its_run_results(db):
    load(db, DIRECTORY_V1)
    token = saved.save_request(db, REQUESTS[0], 90, NOW)
    key = saved.get_saved(db, token, NOW).key
    rescore(db, batch.read_saved(db, NOW))
    assert runs.latest_results(db, key) is not None
    saved.delete_saved(db, token, NOW)
    assert runs.latest_results(db, key) is None
    assert db.execute("SELECT count(*) FROM rescore_results").fetchone()[0] == 0


# ------------------------------------------------------------------- output
def test_csv_output_has_a_row_per_request_and_rank(db, tmp_path):
    load(db, DIRECTORY_V1)
    source = batch.read_input(requests_file(tmp_path, [*REQUESTS, {"state": "TX"}]))
    rescore(db, source, out=tmp_path / "out.csv")
    lines = (tmp_path / "out.csv").read_text().splitlines()
    assert lines[0] == "request_id,rank,therapist_id,name,score,factor_points"
    assert [line.split(",")[:3] for line in lines[1:]] == [
        ["cbt", "1", "a"], ["cbt", "2", "b"], ["cbt", "3", "c"],
        ["spanish", "1", "d"], ["3", "", ""],
    ]  # fmt: skip
    assert not list(tmp_path.glob("*.partial"))


def test_jsonl_output_has_an_object_per_request(db, tmp_path):
    load(db, DIRECTORY_V1)
    source = batch.read_input(requests_file(tmp_path, REQUESTS))
    rescore(db, source, out=tmp_path / "out.jsonl")
    first = json.loads((tmp_path / "out.jsonl").read_text().splitlines()[0])
    assert first["request_id"] == "cbt" and first["considered"] == 5
    match = first["matches"][0]
    assert match["therapist_id"] == "a" and match["name"] == "Therapist a"
    assert sum(match["factor_points"].values()) == pytest.approx(match["score"], 0.01)


def test_an_unknown_output_suffix_is_refused():
    with pytest.raises(ValueError, match=r"\.csv or \.jsonl"):
        batch.output_format("results.xlsx")
