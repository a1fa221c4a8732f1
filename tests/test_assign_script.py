"""scripts/assign.py as a coordinator runs it: output, CSV, JSON, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from matcher import store
from matcher.directory.importer import import_bytes
from tests.conftest import to_csv, to_jsonl
from tests.engine_helpers import therapist

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "assign.py"
SPANISH = ["English", "Spanish"]
WAITLIST = [
    {"request_id": "=A", "state": "MA", "waiting_since": "2026-01-01",
     "languages": {"value": ["Spanish"]}},
    {"request_id": "B", "state": "MA", "waiting_since": "2026-02-01",
     "priority": "urgent", "languages": {"value": ["Spanish"], "importance": "must"}},
    {"request_id": "C", "state": "MA", "priority": "high"},
]  # fmt: skip


def assign_script(*args: str | Path) -> subprocess.CompletedProcess:
    """Run scripts/assign.py as an operator would."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True
    )


def make_db(db_path: Path, slots=(1, 1)) -> Path:
    db = store.connect(db_path)
    rows = [
        therapist("t-any", open_slots=slots[0]),
        therapist("t-es", languages=SPANISH, open_slots=slots[1]),
    ]
    assert import_bytes(db, to_csv(rows), "team.csv").ok
    db.conn.close()
    return db_path


def test_csv_rows_summary_and_formula_guard(db_path, write_file, tmp_path):
    make_db(db_path)
    waitlist = write_file("waitlist.jsonl", to_jsonl(WAITLIST))
    out = tmp_path / "assignments.csv"
    done = assign_script("--input", waitlist, "--db", db_path, "--out", out)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["request_id"] for r in rows] == ["'=A", "B", "C"]
    placed = {r["request_id"]: r for r in rows}
    assert placed["B"]["therapist_id"] == "t-es"
    assert placed["C"]["therapist_id"] == "t-any"
    assert placed["'=A"]["therapist_id"] == ""
    assert placed["'=A"]["reason"] == (
        "the 2 eligible therapists' slots went to urgent and high-priority clients"
    )
    assert "optimal: placed 2 (urgent 1/1, high 1/1, normal 0/1)" in done.stdout
    assert "greedy: placed" in done.stdout


def test_json_has_rows_and_both_summaries(db_path, write_file):
    make_db(db_path)
    waitlist = write_file("waitlist.jsonl", to_jsonl(WAITLIST))
    done = assign_script("--input", waitlist, "--db", db_path, "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [row["request_id"] for row in data["placements"]] == ["=A", "B", "C"]
    assert data["summary"]["placed"] == {"urgent": 1, "high": 1, "normal": 0}
    assert data["greedy"]["placed_total"] <= data["summary"]["placed_total"]


def test_bad_lines_are_reported_by_number_and_skipped(db_path, write_file):
    make_db(db_path)
    lines = to_jsonl(WAITLIST[:1]) + b'{"state": "MA", "priority": "soon"}\n{oops\n'
    waitlist = write_file("waitlist.jsonl", lines)
    done = assign_script("--input", waitlist, "--db", db_path)
    assert done.returncode == 3
    assert "line 2: priority: must be urgent, high or normal" in done.stderr
    assert "line 3: request: is not valid JSON" in done.stderr
    strict = assign_script("--input", waitlist, "--db", db_path, "--strict")
    assert strict.returncode == 1 and "refused (--strict)" in strict.stderr
    assert strict.stdout == ""


def test_no_open_slots_says_so(db_path, write_file, tmp_path):
    make_db(db_path, slots=(0, ""))
    waitlist = write_file("waitlist.jsonl", to_jsonl(WAITLIST))
    out = tmp_path / "assignments.csv"
    done = assign_script("--input", waitlist, "--db", db_path, "--out", out)
    assert done.returncode == 2
    assert "no therapist has open slots" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--input", "missing.jsonl"], "cannot read missing.jsonl"),
        ([], "required: --input"),
    ],
)
def test_usage_and_unreadable_input_exit_2(db_path, args, words):
    make_db(db_path)
    done = assign_script(*args, "--db", db_path)
    assert done.returncode == 2 and words in done.stderr


def test_no_database_exits_2(tmp_path, write_file):
    waitlist = write_file("waitlist.jsonl", to_jsonl(WAITLIST))
    done = assign_script("--input", waitlist, "--db", tmp_path / "none.db")
    assert done.returncode == 2 and "no database" in done.stderr


def test_store_keeps_the_run_for_review_and_changes_no_slot(db_path, write_file):
    make_db(db_path)
    waitlist = write_file("waitlist.jsonl", to_jsonl(WAITLIST))
    done = assign_script("--input", waitlist, "--db", db_path, "--store")
    assert done.returncode == 0, done.stderr
    assert "stored as assignment run 1" in done.stderr
    db = store.connect(db_path)
    run = store.assignments.get_run(db, 1)
    assert (run["source"], run["file_name"]) == ("scripts/assign.py", "waitlist.jsonl")
    rows = store.assignments.run_rows(db, 1)
    assert [(r["request_id"], r["therapist_id"]) for r in rows] == [
        ("=A", ""), ("B", "t-es"), ("C", "t-any"),
    ]  # fmt: skip
    assert store.get_profile(db, "t-es")["open_slots"] == 1
