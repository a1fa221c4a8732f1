"""top_specialties through the import, the store and the export (issue 20)."""

from __future__ import annotations

import csv
import io

import pytest

from matcher import store
from matcher.directory.export import export_directory
from matcher.directory.importer import import_bytes
from tests.engine_helpers import therapist, to_csv


def imported(rows):
    db = store.connect(memory=True)
    return db, import_bytes(db, to_csv(rows), "test.csv")


def test_top_specialties_are_kept_in_order_and_exported():
    row = therapist(
        "t", specialties=["grief", "trauma", "ocd"], top_specialties=["trauma", "grief"]
    )
    db, report = imported([row])
    assert report.outcome == "imported" and not report.errors
    assert "top_specialties" not in report.unknown_columns
    assert store.get_profile(db, "t")["top_specialties"] == ["trauma", "grief"]
    data, _ = export_directory(db)
    [exported] = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    assert exported["top_specialties"] == "trauma;grief"


@pytest.mark.parametrize(
    ("top", "words"),
    [
        (["ocd"], "ocd must also be in specialties"),
        (
            ["trauma", "grief", "insomnia", "anxiety", "depression", "stress"],
            "at most 5",
        ),
    ],
)
def test_bad_top_specialties_are_a_row_error_and_nothing_is_written(top, words):
    good = therapist("good", specialties=["trauma"])
    listed = ["trauma", "grief", "anxiety", "depression", "stress", "insomnia"]
    bad = therapist("bad", specialties=listed, top_specialties=top)
    db, report = imported([good, bad])
    assert report.outcome == "invalid"
    [error] = [e for e in report.errors if e.field == "top_specialties"]
    assert error.row == 3 and words in error.reason
    assert store.get_profile(db, "good") is None
