"""Online backup: consistent while the directory is written, checked, restorable."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from matcher import store
from matcher.directory.importer import import_bytes
from matcher.store.backup import BackupError, backup_database
from tests.conftest import profile, to_csv

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def directory(db):
    """A directory of three profiles, one deactivated by a whole-directory import."""
    three = [profile(id="a"), profile(id="b", name="Sam Okafor"), profile(id="c")]
    import_bytes(db, to_csv(three), "first.csv")
    import_bytes(db, to_csv(three[:2]), "second.csv", replace=True)
    return db


def all_profiles(db) -> list[dict]:
    return list(store.upkeep.iter_profiles(db, include_inactive=True))


def test_backup_during_an_open_write_has_the_last_committed_content(
    directory, db_path, tmp_path
):
    target = tmp_path / "backups" / "copy.db"
    with store.transaction(directory):
        directory.execute("UPDATE therapists SET name = 'Half written'")
        directory.execute("INSERT INTO therapists (id, name) VALUES ('d', 'New')")
        done = backup_database(db_path, target)
    assert store.count_profiles(directory, active_only=False) == 4  # committed now
    assert (done["therapists"], done["active"], done["integrity"]) == (3, 2, "ok")
    assert done["directory_version"] == 2 and done["bytes"] == target.stat().st_size
    with closing(sqlite3.connect(target)) as copy:
        names = copy.execute("SELECT name FROM therapists ORDER BY id").fetchall()
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert names == [("Dana Reyes",), ("Sam Okafor",), ("Dana Reyes",)]


def test_committed_rows_still_in_the_write_ahead_log_are_backed_up(db_path, tmp_path):
    db = store.connect(db_path)
    db.execute("PRAGMA wal_autocheckpoint = 0")  # keep every write in the log
    import_bytes(db, to_csv([profile(id="in-the-log")]), "one.csv")
    file_only = tmp_path / "file-only.db"
    shutil.copyfile(db_path, file_only)  # what a plain copy of the file would hold
    with closing(sqlite3.connect(file_only)) as plain:
        assert plain.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    done = backup_database(db_path, tmp_path / "copy.db")
    assert done["therapists"] == 1


def test_the_backup_is_one_file_readable_by_its_owner_only(
    directory, db_path, tmp_path
):
    target = tmp_path / "copy.db"
    backup_database(db_path, target)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == [
        "copy.db"
    ]
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert target.stat().st_mode & 0o077 == 0


def test_restoring_the_backup_file_gives_the_same_profiles(
    directory, db_path, tmp_path
):
    backup = tmp_path / "copy.db"
    backup_database(db_path, backup)
    restored_path = tmp_path / "restored" / "matcher.db"
    restored_path.parent.mkdir()
    shutil.copyfile(backup, restored_path)
    restored = store.connect(restored_path)
    assert all_profiles(restored) == all_profiles(directory)
    assert store.directory_version(restored) == store.directory_version(directory)
    assert restored.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.get_profile(restored, "c")["active"] == 0


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "partial" in p.name)


def test_a_missing_source_is_refused_and_not_created(tmp_path):
    with pytest.raises(BackupError, match="no database"):
        backup_database(tmp_path / "missing.db", tmp_path / "copy.db")
    assert not (tmp_path / "missing.db").exists()
    assert not (tmp_path / "copy.db").exists()


def test_an_existing_target_is_kept_unless_overwrite_is_asked(
    directory, db_path, tmp_path
):
    target = tmp_path / "copy.db"
    target.write_text("an older backup")
    with pytest.raises(BackupError, match="already exists"):
        backup_database(db_path, target)
    assert target.read_text() == "an older backup"
    assert backup_database(db_path, target, overwrite=True)["therapists"] == 3
    with pytest.raises(BackupError, match="the database itself"):
        backup_database(db_path, db_path, overwrite=True)


@pytest.mark.parametrize("kind", ["text", "other_database"])
def test_a_file_that_is_no_directory_database_leaves_nothing(tmp_path, kind):
    source = tmp_path / "source.db"
    if kind == "text":
        source.write_text("these are notes, not a database " * 200)
    else:
        with closing(sqlite3.connect(source)) as other:
            other.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(BackupError):
        backup_database(source, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists() and _leftovers(tmp_path) == []


def test_a_copy_failing_its_integrity_check_is_not_kept(directory, db_path, tmp_path):
    directory.conn.close()
    # Make the index on `active` disagree with its table: a damaged database.
    with closing(sqlite3.connect(db_path, isolation_level=None)) as damaged:
        damaged.execute("PRAGMA writable_schema = ON")
        damaged.execute(
            "UPDATE sqlite_master SET sql = replace(sql, '(\"active\")', '(\"name\")')"
            " WHERE name = 'idx_therapists_active'"
        )
    with pytest.raises(BackupError, match="integrity check"):
        backup_database(db_path, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists() and _leftovers(tmp_path) == []


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run backup_db.py as an admin would."""
    script = str(ROOT / "scripts" / "backup_db.py")
    return subprocess.run(
        [sys.executable, script, *args], capture_output=True, text=True, env=env
    )


def test_the_script_backs_up_and_exits_0(directory, db_path, tmp_path):
    target = tmp_path / "copy.db"
    result = run("--db", str(db_path), str(target))
    assert result.returncode == 0, result.stderr
    assert "3 profiles, 2 active, directory version 2" in result.stdout
    assert "integrity ok" in result.stdout and target.is_file()


def test_the_script_names_the_file_in_a_folder_and_reads_matcher_db(
    directory, db_path, tmp_path
):
    folder = tmp_path / "nightly"
    folder.mkdir()
    result = run(str(folder), env={"MATCHER_DB": str(db_path), "PATH": "/usr/bin"})
    assert result.returncode == 0, result.stderr
    [made] = folder.iterdir()
    assert made.name.startswith("matcher-") and made.suffix == ".db"
    new_folder = tmp_path / "new-folder"
    assert run("--db", str(db_path), f"{new_folder}/").returncode == 0
    assert [p.suffix for p in new_folder.iterdir()] == [".db"]


def test_the_script_exits_2_without_a_traceback(directory, db_path, tmp_path):
    target = tmp_path / "copy.db"
    target.write_text("an older backup")
    failures = [
        run("--db", str(tmp_path / "missing.db"), str(tmp_path / "new.db")),
        run("--db", str(db_path), str(target)),
        run("--no-such-option"),
        run(),
    ]
    for result in failures:
        assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--overwrite" in failures[1].stderr
    assert target.read_text() == "an older backup"
    assert run("--db", str(db_path), "--overwrite", str(target)).returncode == 0
