"""The purge script as an operator schedules it: what it removes, exit codes."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

from matcher import store
from matcher.store import saved

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "purge_saved.py"
REQUEST = {"state": "MA", "concerns": ["anxiety"]}


def purge(*args: str) -> subprocess.CompletedProcess:
    """Run purge_saved.py as cron would."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True
    )


def test_it_removes_expired_and_deleted_searches_and_keeps_live_ones(tmp_path):
    path = tmp_path / "matcher.db"
    db = store.connect(path)
    now = dt.datetime.now(dt.UTC)
    live = saved.save_request(db, REQUEST, 90, now)
    saved.save_request(db, REQUEST, 90, now - dt.timedelta(days=91))  # expired
    saved.delete_saved(db, saved.save_request(db, REQUEST, 90, now))
    db.conn.close()
    done = purge("--db", str(path))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("removed 2 expired or deleted saved searches")
    db = store.connect(path)
    assert db.execute("SELECT count(*) FROM saved_requests").fetchone()[0] == 1
    assert saved.get_saved(db, live) is not None
    db.conn.close()
    again = purge("--db", str(path))
    assert (again.returncode, again.stdout.split(" from ")[0]) == (
        0,
        "removed 0 expired or deleted saved searches",
    )


def test_a_missing_database_is_an_error_and_is_not_created(tmp_path):
    path = tmp_path / "nowhere.db"
    done = purge("--db", str(path))
    assert done.returncode == 2
    assert "no database at" in done.stderr and "Traceback" not in done.stderr
    assert not path.exists()


def test_a_file_that_is_not_a_database_exits_2_without_a_traceback(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database, just notes\n" * 100)
    done = purge("--db", str(path))
    assert done.returncode == 2
    assert done.stderr.startswith("error:") and "Traceback" not in done.stderr


def test_another_kind_of_sqlite_file_is_refused_and_left_alone(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    done = purge("--db", str(other))
    assert done.returncode == 2 and "not a directory database" in done.stderr
    tables = sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("notes",)]
