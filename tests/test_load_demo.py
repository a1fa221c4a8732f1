"""The demo loader fills an empty database once and leaves a real one alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from matcher import store
from matcher.directory.importer import import_bytes
from tests.conftest import profile, to_csv

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "load_demo.py"


def load_demo(db_path: Path) -> subprocess.CompletedProcess:
    """Run the loader against a database file."""
    command = [sys.executable, str(SCRIPT), "--db", str(db_path)]
    return subprocess.run(command, capture_output=True, text=True)


def test_an_empty_database_gets_the_demo_directory_once(db_path):
    first = load_demo(db_path)
    assert first.returncode == 0, first.stderr
    db = store.connect(db_path)
    assert store.count_profiles(db) == 2000
    again = load_demo(db_path)
    assert (again.returncode, "not loaded" in again.stdout) == (0, True)
    assert store.directory_version(db) == 2  # the profiles, then outcome records


def test_a_database_with_its_own_directory_is_left_alone(db_path):
    import_bytes(store.connect(db_path), to_csv([profile(id="mine")]), "own.csv")
    assert load_demo(db_path).returncode == 0
    assert store.count_profiles(store.connect(db_path)) == 1
