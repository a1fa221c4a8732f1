"""The outcome import: every bad-row kind, the identifying-column refusal, upserts."""

from __future__ import annotations

import importlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from matcher import store
from matcher.directory.importer import import_bytes
from matcher.outcomes import delete_outcomes, import_outcomes
from matcher.store.audit import audit_events
from matcher.store.outcomes import last_outcome_import, load_outcomes
from tests.conftest import profile, to_csv, to_jsonl

ROOT = Path(__file__).resolve().parents[1]


def episode(**fields):
    """Return a valid episode row (CSV-style text values) with overrides."""
    row = {
        "episode_id": "ep-1", "therapist_id": "t1", "domain": "depression",
        "measure": "PHQ-9", "baseline": "18", "final": "9",
    }  # fmt: skip
    return {**row, **fields}


@pytest.fixture
def clinic(db):
    """A directory database holding two therapists, t1 and t2."""
    report = import_bytes(db, to_csv([profile(id="t1"), profile(id="t2")]), "p.csv")
    assert report.ok, report.errors
    return db


def count(db) -> int:
    return db.execute("SELECT count(*) FROM outcome_records").fetchone()[0]


BAD_ROWS = [
    ({"episode_id": ""}, "episode_id", "required"),
    ({"episode_id": "Jane Doe 1970"}, "episode_id", "expected 1-64"),
    ({"episode_id": "x" * 65}, "episode_id", "expected 1-64"),
    ({"therapist_id": "nobody"}, "therapist_id", "unknown therapist_id"),
    ({"domain": "sadness-ish"}, "domain", "unknown domain"),
    ({"measure": ""}, "measure", "required"),
    ({"baseline": "high"}, "baseline", "expected a number"),
    ({"final": "nan"}, "final", "finite"),
    ({"baseline": "28"}, "baseline", "outside the PHQ-9 range 0-27"),
    ({"measure": "gad7", "final": "22"}, "final", "outside the GAD-7 range 0-21"),
    ({"measure": "PCL-5", "baseline": "81"}, "baseline", "PCL-5 range 0-80"),
    ({"sessions": "0"}, "sessions", "at least 1"),
    ({"sessions": "2.5"}, "sessions", "whole number"),
    ({"completed": "perhaps"}, "completed", "expected true/false"),
    ({"alliance": "11"}, "alliance", "0 to 10"),
    ({"ended_on": "12/03/2024"}, "ended_on", "YYYY-MM-DD"),
    ({"ended_on": "2024-02-30"}, "ended_on", "YYYY-MM-DD"),
]


@pytest.mark.parametrize(("change", "field", "says"), BAD_ROWS)
def test_each_bad_row_kind_is_reported_and_nothing_is_written(
    clinic, change, field, says
):
    rows = [episode(episode_id="good-1"), episode(episode_id="bad-1") | change]
    report = import_outcomes(clinic, to_csv(rows), "o.csv")
    assert report.outcome == "invalid" and report.exit_code == 1
    assert [(e.row, e.field) for e in report.errors] == [(3, field)]
    assert says in report.errors[0].reason
    assert count(clinic) == 0


def test_a_duplicate_episode_in_one_file_is_a_row_error(clinic):
    report = import_outcomes(clinic, to_csv([episode(), episode()]), "o.csv")
    assert [(e.row, e.field) for e in report.errors] == [(3, "episode_id")]
    assert "first used on row 2" in report.errors[0].reason


@pytest.mark.parametrize(
    "column",
    ["Client Name", "surname", "DOB", "Date of Birth", "address", "E-mail",
     "phone_number", "MRN", "medical_record_number", "SSN"],
)  # fmt: skip
def test_a_column_that_identifies_a_person_refuses_the_whole_file(clinic, column):
    rows = [episode() | {column: "x"}]
    report = import_outcomes(clinic, to_csv(rows), "o.csv")
    assert report.outcome == "unreadable" and report.exit_code == 2
    normalised = column.strip().lower().replace(" ", "_").replace("-", "_")
    assert (
        repr(normalised) in report.message and "identifies a person" in report.message
    )
    assert count(clinic) == 0


def test_the_refusal_holds_for_json_lines_too(clinic):
    report = import_outcomes(
        clinic, to_jsonl([episode(), episode(birth="x")]), "o.jsonl"
    )
    assert report.outcome == "unreadable" and "'birth'" in report.message


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("deep.json", b"[" * 5000 + b"]" * 5000, "not an outcome file: the JSON is"),
        ("items.json", json.dumps([1, episode()]).encode(), "an outcome record object"),
    ],
)
def test_the_shared_reader_speaks_of_outcome_records(clinic, name, data, says):
    report = import_outcomes(clinic, data, name)
    text = report.message + " ".join(e.reason for e in report.errors)
    assert says in text and "profile" not in text


def test_a_good_file_imports_in_every_format_and_reads_back(clinic):
    rows = [
        episode(episode_id="a", completed="no", alliance="7.5", sessions="6"),
        episode(episode_id="b", domain="Generalised anxiety disorder",
                measure="gad-7", baseline="15", final="6", ended_on="2025-01-31"),
    ]  # fmt: skip
    report = import_outcomes(clinic, json.dumps(rows).encode(), "o.json")
    assert report.outcome == "imported" and report.new == 2, report.errors
    frame = load_outcomes(clinic).set_index("episode_id")
    assert frame.loc["a", "completed"] is False and frame.loc["a", "alliance"] == 7.5
    assert (
        frame.loc["b", "domain"] == "anxiety" and frame.loc["b", "measure"] == "GAD-7"
    )
    assert last_outcome_import(clinic) is not None


def test_reimporting_an_episode_updates_it(clinic):
    import_outcomes(clinic, to_csv([episode(), episode(episode_id="b")]), "o.csv")
    again = [episode(final="4"), episode(episode_id="b")]
    report = import_outcomes(clinic, to_csv(again), "o.csv")
    assert (report.new, report.updated, report.unchanged) == (0, 1, 1)
    assert load_outcomes(clinic).set_index("episode_id").loc["ep-1", "final"] == 4
    assert count(clinic) == 2


def test_a_dry_run_counts_and_writes_nothing(clinic):
    report = import_outcomes(clinic, to_csv([episode()]), "o.csv", dry_run=True)
    assert report.outcome == "dry_run" and report.new == 1
    assert count(clinic) == 0


def test_a_failed_import_leaves_the_old_records(clinic):
    import_outcomes(clinic, to_csv([episode(final="9")]), "o.csv")
    bad = [episode(final="3"), episode(episode_id="b", domain="??")]
    import_outcomes(clinic, to_csv(bad), "o.csv")
    assert load_outcomes(clinic)["final"].tolist() == [9]


def test_deleting_a_therapists_or_an_episodes_records_is_audit_logged(clinic):
    rows = [episode(episode_id="a"), episode(episode_id="b"),
            episode(episode_id="c", therapist_id="t2")]  # fmt: skip
    import_outcomes(clinic, to_csv(rows), "o.csv")
    assert delete_outcomes(clinic, therapist_id="t1", actor="admin") == 2
    assert delete_outcomes(clinic, episode_id="c", actor="admin") == 1
    assert count(clinic) == 0
    events, _ = audit_events(clinic)
    actions = [(e["action"], e["target"], e["detail"]) for e in events[:2]]
    assert actions == [
        ("outcomes.delete_episode", "c", {"deleted": 1}),
        ("outcomes.delete_therapist", "t1", {"deleted": 2}),
    ]


def run(*args: str) -> subprocess.CompletedProcess:
    """Run load_outcomes.py as an admin would."""
    script = str(ROOT / "scripts" / "load_outcomes.py")
    return subprocess.run(
        [sys.executable, script, *args], capture_output=True, text=True
    )


def test_the_script_exit_codes(clinic, db_path, write_file):
    good = write_file("good.csv", to_csv([episode()]))
    bad = write_file("bad.csv", to_csv([episode(domain="??")]))
    named = write_file("named.csv", to_csv([episode(name="A B")]))
    assert run(str(good), "--db", str(db_path)).returncode == 0
    result = run(str(bad), "--db", str(db_path))
    assert result.returncode == 1 and "row 2, domain:" in result.stderr
    result = run(str(named), "--db", str(db_path))
    assert result.returncode == 2 and "'name'" in result.stderr
    assert run(str(good), "--db", str(db_path.parent / "none.db")).returncode == 2
    assert run("--db", str(db_path)).returncode == 2
    result = run("--delete-therapist", "t1", "--db", str(db_path), "--json")
    assert result.returncode == 0 and json.loads(result.stdout) == {"deleted": 1}


def test_the_script_names_a_storage_fault_with_exit_4_and_writes_nothing(
    clinic, db_path, write_file, monkeypatch, capsys
):
    import_outcomes(clinic, to_csv([episode(final="9")]), "o.csv")
    path = write_file("more.csv", to_csv([episode(final="2"), episode(episode_id="b")]))

    def full_disk(*args, **kwargs):  # after the records, inside the transaction
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("matcher.outcomes.importer.record_event", full_disk)
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    script = importlib.import_module("load_outcomes")
    assert script.main([str(path), "--db", str(db_path)]) == 4
    assert "the disk is full; nothing was written" in capsys.readouterr().err
    assert load_outcomes(clinic)["final"].tolist() == [9]


def wal_size(db_path: Path) -> int:
    """Return the size of the database's write-ahead log (0 when there is none)."""
    wal = db_path.with_name(db_path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_a_kill_while_writing_leaves_the_old_records(clinic, db_path, tmp_path):
    import_outcomes(clinic, to_csv([episode(final="9")]), "o.csv")
    clinic.conn.close()  # checkpoints and removes the WAL
    big = tmp_path / "big.csv"
    rows = [episode(episode_id=f"e{i:07d}", final="3") for i in range(150_000)]
    big.write_bytes(to_csv([episode(final="2"), *rows]))
    script = str(ROOT / "scripts" / "load_outcomes.py")
    proc = subprocess.Popen(
        [sys.executable, script, str(big), "--db", str(db_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    # The transaction has started writing once its pages spill into the WAL.
    while wal_size(db_path) < 256 * 1024 and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the import ended before the kill"
    db = store.connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert load_outcomes(db)["final"].tolist() == [9]
