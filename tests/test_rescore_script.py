"""The re-score script as an operator runs it: output, exit codes, kill and resume."""

from __future__ import annotations

import csv
import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from matcher import store
from matcher.demo import make_requests
from matcher.directory.importer import import_bytes, import_file
from matcher.store import saved
from tests.conftest import to_csv, to_jsonl
from tests.test_batch import DIRECTORY_V1, DIRECTORY_V2, REQUESTS

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "rescore.py"
MALFORMED = (
    b'{"request_id": "ok", "state": "MA"}\n'
    b'{"state": "XX", "max_fee": "lots"}\n'
    b"{not json\n"
    b'{"request_id": "fine", "state": "MA", "concerns": ["anxiety"]}\n'
)
RESULTS_SQL = (
    "SELECT q.request_id, s.rank, s.therapist_id, s.score, s.factor_points"
    " FROM rescore_results s JOIN rescore_requests q"
    " ON q.run_id = s.run_id AND q.request_key = s.request_key"
    " WHERE s.run_id = ? ORDER BY q.position, s.rank"
)


def rescore(*args: str | Path) -> subprocess.CompletedProcess:
    """Run scripts/rescore.py as an operator would."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True
    )


def query(db_path: Path, sql: str, *params) -> list[tuple]:
    """Read rows from the database file with a plain connection."""
    with closing(sqlite3.connect(db_path)) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture
def small_db(db_path: Path) -> Path:
    """A database file holding the five-therapist directory of test_batch."""
    db = store.connect(db_path)
    assert import_bytes(db, to_csv(DIRECTORY_V1), "v1.csv").ok
    db.conn.close()
    return db_path


@pytest.fixture
def requests_path(write_file) -> Path:
    """The two planted requests as JSON Lines."""
    return write_file("requests.jsonl", to_jsonl(REQUESTS))


def test_a_clean_input_exits_0_and_writes_a_row_per_request_and_rank(
    small_db, requests_path, tmp_path
):
    out = tmp_path / "results.csv"
    result = rescore("--db", small_db, "--input", requests_path, "--out", out, "-k", 3)
    assert result.returncode == 0, result.stderr
    assert "2 of 2 requests from requests.jsonl" in result.stdout
    with out.open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(r["request_id"], r["rank"], r["therapist_id"]) for r in rows] == [
        ("cbt", "1", "a"), ("cbt", "2", "b"), ("cbt", "3", "c"), ("spanish", "1", "d"),
    ]  # fmt: skip
    assert rows[0]["name"] == "Therapist a" and rows[0]["factor_points"].startswith("{")
    stored = query(small_db, RESULTS_SQL, 1)
    assert [(r[0], r[1], r[2], r[3]) for r in stored] == [
        (r["request_id"], int(r["rank"]), r["therapist_id"], float(r["score"]))
        for r in rows
    ]


def test_json_lines_output_is_chosen_by_the_suffix(small_db, requests_path, tmp_path):
    out = tmp_path / "results.jsonl"
    assert (
        rescore("--db", small_db, "--input", requests_path, "--out", out).returncode
        == 0
    )
    assert [line[:22] for line in out.read_text().splitlines()] == [
        '{"request_id": "cbt", ',
        '{"request_id": "spanis',
    ]


def test_malformed_lines_are_reported_skipped_and_exit_3(small_db, write_file):
    path = write_file("mixed.jsonl", MALFORMED)
    result = rescore("--db", small_db, "--input", path)
    assert result.returncode == 3
    assert "line 2: state: 'XX' is not a US state" in result.stderr
    assert "max_fee: expected a number" in result.stderr
    assert "line 3: request: is not valid JSON" in result.stderr
    assert "2 malformed lines were skipped" in result.stderr
    assert "Traceback" not in result.stderr
    runs = query(small_db, "SELECT scored, skipped, skipped_lines FROM rescore_runs")
    assert runs == [
        (2, 2, '[{"line": 2, "fields": ["max_fee", "state"]}, '
               '{"line": 3, "fields": ["request"]}]')
    ]  # fmt: skip


def test_strict_refuses_malformed_lines_and_writes_nothing(
    small_db, write_file, tmp_path
):
    path = write_file("mixed.jsonl", MALFORMED)
    out = tmp_path / "out.csv"
    result = rescore("--db", small_db, "--input", path, "--strict", "--out", out)
    assert result.returncode == 1
    assert "line 2: state:" in result.stderr and "nothing was written" in result.stderr
    assert query(small_db, "SELECT count(*) FROM rescore_runs") == [(0,)]
    assert not out.exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--input", "missing.jsonl"], "cannot read missing.jsonl"),
        (["--input", "."], "cannot read ."),
        (["--out", "results.xlsx"], "use a .csv or .jsonl name"),
        (["--top", "0"], "must be at least 1"),
        (["--top", "500"], "at most 100"),
    ],
)
def test_usage_errors_and_unreadable_input_exit_2_without_a_traceback(
    small_db, args, message, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    result = rescore("--db", small_db, *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_file_that_is_not_a_database_exits_2(write_file, requests_path):
    not_a_db = write_file("notes.db", b"these are notes, not a database\n" * 200)
    result = rescore("--db", not_a_db, "--input", requests_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_a_mistyped_database_path_exits_2_and_creates_nothing(tmp_path, requests_path):
    typo = tmp_path / "typo.db"
    result = rescore("--db", typo, "--input", requests_path)
    assert result.returncode == 2
    assert f"no database at {typo}" in result.stderr
    assert not typo.exists()


def test_saved_requests_are_rescored_by_default(small_db):
    db = store.connect(small_db)
    now = dt.datetime.now(dt.UTC)
    for request in REQUESTS:
        saved.save_request(db, request, 90, now)
    saved.save_request(db, REQUESTS[0], 1, now - dt.timedelta(days=2))  # expired
    db.conn.close()
    result = rescore("--db", small_db)
    assert result.returncode == 0, result.stderr
    assert "2 of 2 requests from saved" in result.stdout
    assert query(small_db, "SELECT count(*) FROM saved_requests") == [(2,)]  # purged


def test_a_directory_change_is_summarised_with_reasons(
    small_db, requests_path, write_file
):
    assert rescore("--db", small_db, "--input", requests_path, "-k", 3).returncode == 0
    changed = write_file("v2.csv", to_csv(DIRECTORY_V2))
    loader = ROOT / "scripts" / "load_profiles.py"
    subprocess.run(
        [sys.executable, loader, changed, "--db", small_db, "--replace"], check=True,
        capture_output=True,
    )  # fmt: skip
    result = rescore("--db", small_db, "--input", requests_path, "-k", 3)
    assert result.returncode == 0, result.stderr
    assert "2 of 2 requests changed, 3 new matches, 4 gone" in result.stdout
    assert (
        "gone: deactivated 1, no longer accepting 1, fell out of the top 3 1, "
        "no longer eligible 1" in result.stdout
    )


def test_resume_with_nothing_unfinished_starts_a_new_run(small_db, requests_path):
    result = rescore("--db", small_db, "--input", requests_path, "--resume")
    assert result.returncode == 0
    assert "nothing to resume: starting run 1" in result.stderr


def test_resume_after_a_finished_run_says_so_and_does_no_work(small_db, requests_path):
    assert rescore("--db", small_db, "--input", requests_path).returncode == 0
    result = rescore("--db", small_db, "--input", requests_path, "--resume")
    assert result.returncode == 0, result.stderr
    assert "run 1 of this input already finished" in result.stderr
    assert "--force" in result.stderr
    assert query(small_db, "SELECT id FROM rescore_runs") == [(1,)]
    forced = rescore("--db", small_db, "--input", requests_path, "--resume", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "nothing to resume: starting run 2" in forced.stderr
    assert query(small_db, "SELECT id, status FROM rescore_runs WHERE id = 2") == [
        (2, "finished")
    ]


def test_resume_after_a_finished_run_of_another_input_starts_one(
    small_db, requests_path, write_file
):
    assert rescore("--db", small_db, "--input", requests_path).returncode == 0
    other = write_file("other.jsonl", to_jsonl(REQUESTS[:1]))
    result = rescore("--db", small_db, "--input", other, "--resume")
    assert "nothing to resume: starting run 2" in result.stderr


def test_force_goes_only_with_resume(small_db, requests_path):
    result = rescore("--db", small_db, "--input", requests_path, "--force")
    assert result.returncode == 2 and "--force only goes with --resume" in result.stderr


def test_help_documents_every_option_and_the_exit_codes():
    result = rescore("--help")
    for option in ("--db", "--input", "--out", "--top", "--chunk-size", "--resume",
                   "--force", "--strict", "--dask"):  # fmt: skip
        assert option in result.stdout
    assert "Exit status: 0" in result.stdout and "3 finished" in result.stdout
    assert "4 storage fault" in result.stdout


# ---------------------------------------------------------- kill -9, resume
def wait_for_chunks(db_path: Path, chunks: int, process: subprocess.Popen) -> None:
    """Poll the database until a run has committed some chunks."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            done = query(db_path, "SELECT max(chunks_done) FROM rescore_runs")[0][0]
        except sqlite3.OperationalError:
            done = None  # the script has not created its tables yet
        if done is not None and done >= chunks:
            return
        time.sleep(0.02)
    pytest.fail("the run ended before it could be killed mid-way")


def test_kill_9_mid_run_then_resume_gives_the_same_table(db_path, tmp_path):
    db = store.connect(db_path)
    assert import_file(db, ROOT / "data" / "demo" / "therapists.csv").ok
    twin = tmp_path / "twin.db"
    with closing(sqlite3.connect(twin)) as copy:
        db.conn.backup(copy)
    db.conn.close()
    requests = tmp_path / "many.jsonl"
    requests.write_bytes(to_jsonl(make_requests(3000, seed=21)))
    args = ["--input", requests, "--chunk-size", 25]

    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--db", str(db_path), *map(str, args),
         "--out", str(tmp_path / "resumed.csv")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for_chunks(db_path, 10, process)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    status, scored, total = query(
        db_path, "SELECT status, scored, total FROM rescore_runs"
    )[0]
    assert status == "running" and 0 < scored < total == 3000

    resumed = rescore(
        "--db", db_path, *args, "--resume", "--out", tmp_path / "resumed.csv"
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "resuming run 1" in resumed.stderr
    whole = rescore("--db", twin, *args, "--out", tmp_path / "whole.csv")
    assert whole.returncode == 0, whole.stderr

    assert query(db_path, "SELECT status, scored FROM rescore_runs") == [
        ("finished", 3000)
    ]
    keys = query(
        db_path, "SELECT count(*), count(DISTINCT request_key) FROM rescore_requests"
    )
    assert keys == [(3000, 3000)]
    assert query(db_path, RESULTS_SQL, 1) == query(twin, RESULTS_SQL, 1)
    resumed_csv = (tmp_path / "resumed.csv").read_bytes()
    assert resumed_csv == (tmp_path / "whole.csv").read_bytes()
