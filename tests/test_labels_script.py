"""scripts/vocab.py suggest: the stored directory's unrecognised labels, read only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from matcher import store
from matcher.directory.importer import import_bytes
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


def test_accept_re_maps_remove_restores_export_prints_the_aliases(tmp_path):
    path = tmp_path / "matcher.db"
    directory(path)
    args = ["--db", str(path), "--field", "specialties", "--value", "anxeity"]
    result = vocab("accept", *args, "--key", "anxiety", "--actor", "ana")
    assert result.returncode == 0, result.stderr
    assert "2 profiles re-mapped" in result.stdout
    db = store.connect_existing(path)
    assert store.get_profile(db, "a")["specialties"] == ["anxiety", "Knitting"]
    db.conn.close()
    exported = vocab("export", "--db", str(path), "--field", "specialties")
    assert json.loads(exported.stdout)["entries"] == [
        {"key": "anxiety", "label": "Anxiety", "aliases": ["anxeity"]}
    ]
    out = tmp_path / "vocab"
    written = vocab("export", "--db", str(path), "--out", str(out))
    assert written.returncode == 0 and sorted(p.name for p in out.iterdir()) == [
        "specialties.json"
    ]
    removed = vocab("remove", *args)
    assert removed.returncode == 0, removed.stderr
    assert "2 profiles restored" in removed.stdout
    db = store.connect_existing(path)
    assert store.get_profile(db, "a")["specialties"] == ["Anxeity", "Knitting"]
    actions = [e["action"] for e in store.audit.audit_events(db)[0]]
    assert actions == ["vocab.alias_remove", "vocab.alias_accept"]
    db.conn.close()


def test_a_refused_alias_is_exit_1_and_usage_errors_exit_2(tmp_path):
    path = tmp_path / "matcher.db"
    directory(path)
    args = ["--db", str(path), "--field", "specialties", "--value", "Knitting"]
    before = path.read_bytes()
    refused = vocab("accept", *args, "--key", "crafts")
    assert refused.returncode == 1
    assert refused.stderr.startswith("refused:") and "not a key" in refused.stderr
    assert vocab("remove", *args).returncode == 1
    assert vocab("accept", *args).returncode == 2  # no --key
    assert path.read_bytes() == before
