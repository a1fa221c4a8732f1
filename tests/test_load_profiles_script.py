"""The import script: exit codes and reports as a directory admin sees them."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from matcher import store
from tests.conftest import profile, to_csv

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run load_profiles.py as a user would."""
    script = str(ROOT / "scripts" / "load_profiles.py")
    return subprocess.run(
        [sys.executable, script, *args], capture_output=True, text=True, env=env
    )


def test_a_good_file_imports_with_exit_0(write_file, db_path):
    path = write_file("good.csv", to_csv([profile(id="a"), profile(id="b")]))
    result = run(str(path), "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert "new 2" in result.stdout
    assert store.count_profiles(store.connect(db_path)) == 2


def test_a_broken_file_exits_1_with_every_bad_row_and_writes_nothing(
    write_file, db_path
):
    rows = [profile(id="a"), profile(id="b", fee="cheap"), profile(id="c", state="XX")]
    path = write_file("broken.csv", to_csv(rows))
    result = run(str(path), "--db", str(db_path))
    assert result.returncode == 1
    assert "row 3, fee:" in result.stderr and "row 4, state:" in result.stderr
    assert "Traceback" not in result.stderr
    assert store.count_profiles(store.connect(db_path), active_only=False) == 0


def test_unreadable_file_and_missing_file_exit_2(write_file, db_path):
    path = write_file("sheet.csv", b"\xff\xfe\x00\x00garbage")
    assert run(str(path), "--db", str(db_path)).returncode == 2
    missing = run(str(path.with_name("nope.csv")), "--db", str(db_path))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert run("--no-such-option").returncode == 2


def test_dry_run_json_report_and_no_write(write_file, db_path):
    path = write_file("good.csv", to_csv([profile(id="a")]))
    result = run(str(path), "--db", str(db_path), "--dry-run", "--json")
    report = json.loads(result.stdout)
    assert (result.returncode, report["new"], report["outcome"]) == (0, 1, "dry_run")
    assert store.count_profiles(store.connect(db_path), active_only=False) == 0


def test_a_dry_run_creates_no_database_and_says_what_it_compared_with(
    write_file, tmp_path
):
    path = write_file("good.csv", to_csv([profile(id="a")]))
    target = tmp_path / "not" / "yet" / "matcher.db"
    result = run(str(path), "--db", str(target), "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["new"] == 1
    assert "no database at" in result.stderr and "empty directory" in result.stderr
    assert not target.parent.parent.exists()


def test_another_kind_of_sqlite_file_is_refused_and_left_alone(write_file, tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    path = write_file("good.csv", to_csv([profile(id="a")]))
    for extra in ((), ("--dry-run",)):
        result = run(str(path), "--db", str(other), *extra)
        assert result.returncode == 2
        assert "not a directory database" in result.stderr
    tables = sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("notes",)]


def test_the_environment_variable_chooses_the_database(write_file, tmp_path):
    path = write_file("good.csv", to_csv([profile(id="a")]))
    target = tmp_path / "from-env.db"
    env = {"MATCHER_DB": str(target), "PATH": "/usr/bin:/bin"}
    assert run(str(path), env=env).returncode == 0
    assert store.count_profiles(store.connect(target)) == 1
