"""Storage faults: a full disk, a read-only database, no permission.

Each script names the real cause, exits 4, writes nothing and shows no
traceback. Faults are simulated at the store boundary (a raised
sqlite3.OperationalError, as SQLite raises it) and, where the test may mount
one, produced for real on a tiny tmpfs.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher import store
from matcher.batch import batch
from matcher.directory.importer import import_bytes
from matcher.store import faults, saved
from tests.conftest import profile, to_csv, to_jsonl

ROOT = Path(__file__).resolve().parents[1]
FULL = "database or disk is full"
READ_ONLY = "attempt to write a readonly database"


def script(name: str, monkeypatch: pytest.MonkeyPatch):
    """Import a script as a module, to call its main() with the store patched."""
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    return importlib.import_module(name)


def raises(error: BaseException):
    """Return a stand-in for a store function that fails with ``error``."""

    def fail(*args, **kwargs):
        raise error

    return fail


@pytest.fixture
def directory(db_path: Path) -> Path:
    """A database file holding one profile."""
    db = store.connect(db_path)
    assert import_bytes(db, to_csv([profile(id="kept")]), "first.csv").ok
    db.conn.close()
    return db_path


def state(db_path: Path) -> tuple[int, int, int]:
    """Return (profiles, directory version, import runs) read afresh."""
    db = store.connect(db_path)
    try:
        return (
            store.count_profiles(db, active_only=False),
            store.directory_version(db),
            len(store.import_runs(db)),
        )
    finally:
        db.conn.close()


def test_a_rollback_after_sqlite_rolled_back_keeps_the_cause(db):
    with pytest.raises(faults.StorageFault, match="the disk is full"):
        with store.transaction(db):
            db.execute("INSERT INTO meta VALUES ('probe', '1')")
            db.execute("ROLLBACK")  # what SQLite does itself on a full disk
            raise sqlite3.OperationalError(FULL)
    assert not db.conn.in_transaction
    assert db.execute("SELECT * FROM meta WHERE key = 'probe'").fetchall() == []


@pytest.mark.parametrize(
    ("error", "cause"),
    [
        (sqlite3.OperationalError(FULL), "the disk is full"),
        (sqlite3.OperationalError(READ_ONLY), "the database file is read-only"),
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (OSError(errno.EROFS, "Read-only file system"), "the filesystem is read-only"),
        (OSError(errno.EACCES, "Permission denied"), "permission denied"),
    ],
)
def test_the_cause_is_named(error, cause):
    fault = faults.storage_fault(error, "/srv/matcher.db")
    assert fault is not None and fault.cause == cause
    assert str(fault).startswith("cannot write to /srv/matcher.db: " + cause)


def test_other_errors_are_not_storage_faults():
    assert faults.storage_fault(sqlite3.OperationalError("database is locked")) is None
    assert faults.storage_fault(ValueError("no")) is None


@pytest.mark.parametrize(
    ("error", "cause"),
    [(FULL, "the disk is full"), (READ_ONLY, "the database file is read-only")],
)
def test_an_import_hitting_a_fault_exits_4_and_writes_nothing(
    directory, write_file, monkeypatch, capsys, error, cause
):
    before = state(directory)
    monkeypatch.setattr(store, "apply_changes", raises(sqlite3.OperationalError(error)))
    path = write_file("more.csv", to_csv([profile(id="new-1"), profile(id="new-2")]))
    status = script("load_profiles", monkeypatch).main(
        [str(path), "--db", str(directory)]
    )
    err = capsys.readouterr().err
    assert status == 4
    assert f"cannot write to {directory}: {cause}; nothing was written" in err
    assert "cannot rollback" not in err
    assert state(directory) == before


def test_a_failed_run_record_leaves_the_import_unapplied(directory, write_file):
    # The run record is written in the import's own transaction: if it
    # cannot be written, the import is not applied either.
    db = store.connect(directory)
    before = state(directory)
    real = store.record_import_run

    def full_on_import(db, run):
        if run["outcome"] == "imported":
            raise sqlite3.OperationalError(FULL)
        return real(db, run)

    store.record_import_run = full_on_import
    try:
        with pytest.raises(faults.StorageFault, match="the disk is full"):
            import_bytes(db, to_csv([profile(id="new-1")]), "more.csv")
    finally:
        store.record_import_run = real
    assert state(directory) == before
    assert store.get_profile(db, "new-1") is None


def test_permission_denied_on_open_is_named(tmp_path, write_file, monkeypatch, capsys):
    target = tmp_path / "locked" / "matcher.db"
    denied = PermissionError(errno.EACCES, "Permission denied", str(target))
    monkeypatch.setattr(store, "_open_file", raises(denied))
    path = write_file("one.csv", to_csv([profile(id="a")]))
    status = script("load_profiles", monkeypatch).main([str(path), "--db", str(target)])
    err = capsys.readouterr().err
    assert status == 4
    assert f"cannot open {target}: permission denied" in err


def test_an_unreadable_profile_file_is_still_exit_2(
    directory, tmp_path, capsys, monkeypatch
):
    status = script("load_profiles", monkeypatch).main(
        [str(tmp_path / "missing.csv"), "--db", str(directory)]
    )
    assert status == 2 and "cannot read" in capsys.readouterr().err


def test_every_other_script_exits_4_on_a_full_disk(
    directory, tmp_path, write_file, monkeypatch, capsys
):
    full = sqlite3.OperationalError(FULL)
    empty = tmp_path / "empty.db"
    monkeypatch.setattr(store, "apply_changes", raises(full))
    assert script("load_demo", monkeypatch).main(["--db", str(empty)]) == 4
    assert state(empty)[0] == 0
    monkeypatch.setattr(saved, "purge", raises(full))
    assert script("purge_saved", monkeypatch).main(["--db", str(directory)]) == 4
    backup = script("backup_db", monkeypatch)
    no_space = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "b.db"))
    monkeypatch.setattr(backup, "backup_database", raises(no_space))
    assert backup.main([str(tmp_path / "b.db"), "--db", str(directory)]) == 4
    monkeypatch.setattr(batch, "execute", raises(full))
    requests = write_file("requests.jsonl", to_jsonl([{"state": "MA"}]))
    rescore = script("rescore", monkeypatch)
    assert rescore.main(["--db", str(directory), "--input", str(requests)]) == 4
    demo = script("make_demo_data", monkeypatch)
    monkeypatch.setattr(demo, "write_csv", raises(no_space))
    assert demo.main(["--profiles", "3", "--csv", str(tmp_path / "d.csv")]) == 4
    err = capsys.readouterr().err
    assert err.count("the disk is full") == 5 and "Traceback" not in err


# ------------------------------------------------------- a real tiny tmpfs


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs mounted for this test, or a skip where mounting is not allowed."""
    point = tmp_path / "tmpfs"
    point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root and mount rights)")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def load_profiles(*args: str | Path) -> subprocess.CompletedProcess:
    """Run load_profiles.py as an operator would."""
    script_path = ROOT / "scripts" / "load_profiles.py"
    return subprocess.run(
        [sys.executable, str(script_path), *map(str, args)],
        capture_output=True,
        text=True,
    )


def fill(folder: Path) -> None:
    """Fill the filesystem holding ``folder`` to the last byte."""
    filler = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(filler, b"\0" * size)
    finally:
        os.close(filler)


@pytest.mark.parametrize("free_bytes", [0, 96 * 1024], ids=["at-open", "mid-write"])
def test_an_import_onto_a_full_disk_exits_4_and_keeps_the_directory(
    tmpfs, write_file, free_bytes
):
    db_path = tmpfs / "matcher.db"
    first = write_file("first.csv", to_csv([profile(id="kept")]))
    assert load_profiles(first, "--db", db_path).returncode == 0
    fill(tmpfs)
    os.truncate(tmpfs / "filler", (tmpfs / "filler").stat().st_size - free_bytes)
    rows = [profile(id=f"new-{n}", bio="words " * 800) for n in range(200)]
    result = load_profiles(write_file("big.csv", to_csv(rows)), "--db", db_path)
    assert result.returncode == 4, result.stderr
    assert f"{db_path}: the disk is full; nothing was written" in result.stderr
    assert "Traceback" not in result.stderr and "cannot rollback" not in result.stderr
    (tmpfs / "filler").unlink()
    assert state(db_path)[0] == 1


def test_an_import_onto_a_read_only_filesystem_exits_4_and_says_so(tmpfs, write_file):
    db_path = tmpfs / "matcher.db"
    first = write_file("first.csv", to_csv([profile(id="kept")]))
    assert load_profiles(first, "--db", db_path).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    more = write_file("more.csv", to_csv([profile(id="new-1")]))
    result = load_profiles(more, "--db", db_path)
    assert result.returncode == 4, result.stderr
    assert f"cannot open {db_path}: the filesystem is read-only" in result.stderr
    assert "not a directory database" not in result.stderr
    assert "Traceback" not in result.stderr
    subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], check=True)
    assert state(db_path)[0] == 1
