"""open_slots: an optional whole number of new clients a therapist can take now."""

from __future__ import annotations

import pytest

from matcher import store
from matcher.directory.export import export_directory
from matcher.directory.importer import format_report, import_bytes
from tests.conftest import profile, to_csv


def test_open_slots_is_stored_and_exported(db):
    rows = [profile(id="t-1", open_slots="3"), profile(id="t-2")]
    report = import_bytes(db, to_csv(rows), "slots.csv")
    assert report.outcome == "imported", format_report(report)
    assert store.get_profile(db, "t-1")["open_slots"] == 3
    assert store.get_profile(db, "t-2")["open_slots"] is None
    text = export_directory(db)[0].decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    column = header.split(",").index("open_slots")
    assert first.split(",")[column] == "3"


@pytest.mark.parametrize(
    ("typed", "words"),
    [("-1", "at least 0"), ("2.5", "whole number"), ("many", "whole number")],
)
def test_a_bad_open_slots_is_refused_and_nothing_written(db, typed, words):
    report = import_bytes(db, to_csv([profile(id="t-1", open_slots=typed)]), "x.csv")
    assert report.outcome != "imported"
    assert words in format_report(report) and "open_slots" in format_report(report)
    assert store.get_profile(db, "t-1") is None
