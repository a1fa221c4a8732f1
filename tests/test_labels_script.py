"""scripts/vocab.py suggest: the stored directory's unrecognised labels, read only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from matcher import store
from matcher.importer import import_bytes
from tests.conftest import profile, to_csv

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "vocab.py"


def vocab(*args: str) -> subprocess.CompletedProcess:
    """Run vocab.py as an admin would."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True
    )


def directory(path: Path) -> None:
    rows = [
        profile(id="a", specialties="Anxeity;Knitting", populations="Youth"),
        profile(id="b", specialties="Anxeity;Anxiety"),
    ]
    db = store.connect(path)
    import_bytes(db, to_csv(rows), "d.csv")
    db.conn.close()


def test_suggest_lists_unrecognised_values_most_used_first(tmp_path):
    path = tmp_path / "matcher.db"
    directory(path)
    before = path.read_bytes()
    result = vocab("suggest", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "populations: 'Youth' x1",
        "specialties: 'Anxeity' x2; suggested: anxiety 85.7",
        "specialties: 'Knitting' x1",
    ]
    assert path.read_bytes() == before  # nothing written


def test_suggest_as_json_for_one_field(tmp_path):
    path = tmp_path / "matcher.db"
    directory(path)
    result = vocab("suggest", "--db", str(path), "--field", "specialties", "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(x["value"], x["count"]) for x in lines] == [
        ("Anxeity", 2),
        ("Knitting", 1),
    ]
    assert lines[0]["suggestions"] == [{"key": "anxiety", "score": 85.7}]


def test_a_missing_database_is_exit_2_with_a_message(tmp_path):
    result = vocab("suggest", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2
    assert result.stderr.startswith("error:")
