"""The store: WAL mode, busy timeout, atomic writes, readers never blocked."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from matcher import store
from matcher.directory.importer import import_bytes
from tests.conftest import profile, to_csv

ROOT = Path(__file__).resolve().parents[1]


def test_every_connection_uses_wal_and_a_busy_timeout(db_path):
    db = store.connect(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == store.BUSY_TIMEOUT_MS


def test_a_new_database_and_its_wal_files_are_the_owners_only(tmp_path):
    path = tmp_path / "fresh" / "matcher.db"
    db = store.connect(path)
    db.execute("UPDATE meta SET value = value WHERE key = 'directory_version'")
    files = [p for p in path.parent.iterdir() if p.name.startswith("matcher.db")]
    assert {p.name for p in files} >= {"matcher.db", "matcher.db-wal"}
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}
    db.conn.close()


def test_connect_existing_never_creates_or_adopts_another_file(tmp_path):
    with pytest.raises(store.StoreError, match="no database at"):
        store.connect_existing(tmp_path / "typo.db")
    assert not (tmp_path / "typo.db").exists()
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (body TEXT)").connection.close()
    with pytest.raises(store.StoreError, match="not a directory database"):
        store.connect_existing(other)
    store.connect(tmp_path / "real.db").conn.close()
    assert store.directory_version(store.connect_existing(tmp_path / "real.db")) == 0


def test_readers_are_not_blocked_while_a_write_is_open(db_path):
    writer = store.connect(db_path)
    import_bytes(writer, to_csv([profile(id="old")]), "old.csv")
    reader = store.connect(db_path)
    reader.execute("PRAGMA busy_timeout = 0")  # fail at once if blocked
    with store.transaction(writer):
        writer.execute("UPDATE therapists SET name = 'Being changed'")
        started = time.monotonic()
        assert store.get_profile(reader, "old")["name"] == "Dana Reyes"
        assert time.monotonic() - started < 1
    assert store.get_profile(reader, "old")["name"] == "Being changed"


def test_a_failed_transaction_leaves_nothing_behind(db):
    with pytest.raises(RuntimeError), store.transaction(db):
        db.execute("INSERT INTO therapists (id, name, active) VALUES ('x', 'X', 1)")
        raise RuntimeError("stop half way")
    assert store.count_profiles(db, active_only=False) == 0


def test_opening_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database " * 100)
    with pytest.raises(store.StoreError, match="cannot open"):
        store.connect(path)


def _big_csv(path: Path, rows: int) -> None:
    items = [
        profile(id=f"new-{i:06d}", name=f"Therapist {i}", bio="x " * 200)
        for i in range(rows)
    ]
    path.write_bytes(to_csv(items))


def _wal_grew(db_path: Path, baseline: int) -> bool:
    wal = db_path.with_name(db_path.name + "-wal")
    return wal.exists() and wal.stat().st_size > baseline + 64 * 1024


@pytest.mark.parametrize("moment", ["starting", "validating", "writing"])
def test_killed_import_leaves_the_old_directory_intact(tmp_path, moment):
    db_path = tmp_path / "kill.db"
    db = store.connect(db_path)
    import_bytes(db, to_csv([profile(id="keep-1"), profile(id="keep-2")]), "old.csv")
    before = db.execute("SELECT * FROM therapists ORDER BY id").fetchall()
    wal_size = db_path.with_name("kill.db-wal").stat().st_size
    db.conn.close()
    big = tmp_path / "big.csv"
    _big_csv(big, 60_000)
    command = [sys.executable, str(ROOT / "scripts" / "load_profiles.py"), str(big)]
    proc = subprocess.Popen([*command, "--db", str(db_path)], stdout=subprocess.DEVNULL)
    if moment == "writing":
        deadline = time.monotonic() + 120
        while not _wal_grew(db_path, wal_size) and time.monotonic() < deadline:
            time.sleep(0.005)
    else:
        time.sleep({"starting": 0.05, "validating": 1.0}[moment])
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the import ended before the kill"
    db = store.connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT * FROM therapists ORDER BY id").fetchall() == before
    assert store.directory_version(db) == 1


def test_connecting_adds_columns_a_newer_version_defines(db_path):
    old = store.connect(db_path)
    old.execute("ALTER TABLE therapists DROP COLUMN pronouns")
    old.conn.close()
    store._SCHEMA_READY.clear()  # a new process would check the schema again
    db = store.connect(db_path)
    assert "pronouns" in db["therapists"].columns_dict
    report = import_bytes(db, to_csv([profile(pronouns="they/them")]), "p.csv")
    assert report.outcome == "imported"
    assert store.get_profile(db, "ma-0001")["pronouns"] == "they/them"


def test_profiles_are_fetched_by_id_in_one_query(db):
    import_bytes(db, to_csv([profile(id="a"), profile(id="b", fee="90")]), "ab.csv")
    found = store.get_profiles(db, ["b", "nobody", "a"])
    assert set(found) == {"a", "b"}
    assert found["b"] == store.get_profile(db, "b")
    assert store.get_profiles(db, []) == {}
