"""Hostile profile files: each is a per-file or per-row error, never a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from matcher import store
from matcher.directory.importer import format_report, import_bytes
from tests.hostile_files import corpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = corpus()


@pytest.mark.parametrize("hostile", CORPUS, ids=lambda f: f.name)
def test_the_import_reports_a_hostile_file_and_writes_nothing(db, hostile):
    report = import_bytes(db, hostile.data, hostile.name)
    assert report.outcome == hostile.outcome
    text = format_report(report)
    assert hostile.says in text
    if hostile.row is not None:
        assert hostile.row in {e.row for e in report.errors}
    text.encode("utf-8")  # printable as it is: no lone surrogate in the report
    json.dumps(report.to_dict()).encode("utf-8")
    assert store.count_profiles(db, active_only=False) == 0
    assert store.import_runs(db)[0]["outcome"] == hostile.outcome


@pytest.mark.parametrize("hostile", CORPUS, ids=lambda f: f.name)
def test_the_script_exits_1_or_2_without_a_traceback(tmp_path, hostile):
    path = tmp_path / hostile.name
    path.write_bytes(hostile.data)
    db_path = tmp_path / "directory.db"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "load_profiles.py"), str(path),
         "--db", str(db_path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == hostile.exit_code, result.stderr
    assert "Traceback" not in result.stderr
    assert hostile.says in result.stderr
    assert store.count_profiles(store.connect(db_path), active_only=False) == 0


def test_a_hostile_line_does_not_hide_the_other_rows_errors(db):
    hostile = next(f for f in CORPUS if f.name == "deep-line.jsonl")
    data = hostile.data + b'{"id": "x y"}\n'
    report = import_bytes(db, data, "mixed.jsonl", dry_run=True)
    assert {e.row for e in report.errors} == {2, 3}


def test_the_corpus_is_hostile_for_the_parser_it_targets():
    # Known answers: without the import's guards these inputs break json and int.
    deep = next(f for f in CORPUS if f.name == "deep-array.json")
    with pytest.raises(RecursionError):
        json.loads(deep.data)
    big = next(f for f in CORPUS if f.name == "big-int.json")
    with pytest.raises(ValueError, match="4300"):
        json.loads(big.data)
    surrogate = next(f for f in CORPUS if f.name == "surrogate.json")
    name = json.loads(surrogate.data)[0]["name"]
    with pytest.raises(UnicodeEncodeError):
        name.encode("utf-8")
