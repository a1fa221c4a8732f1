"""The profile and outcome import reports keep their JSON to the byte.

Scripts print `report.to_dict()` with `--json`, and the admin pages read it,
so the keys' order is part of what callers see: these tests hold both reports
(bad rows included) to the JSON they wrote before the two shared their code.
"""

from __future__ import annotations

import json

from matcher.directory.importer import import_bytes
from matcher.outcomes import import_outcomes
from tests.conftest import profile, to_csv

PROFILE_REPORT = (
    '{"file_name": "p.csv", "file_format": "csv", "rows": 3, "new": 0, '
    '"updated": 0, "unchanged": 0, "deactivated": 0, "reactivated": 0, '
    '"deactivated_ids": [], "errors": ['
    '{"row": 3, "field": "fee", "reason": "expected a number, got \'lots\'"}, '
    '{"row": 4, "field": "id", "reason": "must be 1-64 characters of '
    'A-Z a-z 0-9 . _ -"}, '
    '{"row": 4, "field": "name", "reason": "is required"}], '
    '"warnings": [{"row": 2, "field": "city", "reason": '
    '"invisible formatting characters removed: U+200B"}], '
    '"unknown_columns": ["colour"], "unrecognised": [{"field": "languages", '
    '"value": "Klingon", "count": 1, "rows": [3], "suggestions": []}], '
    '"mapped": [], "blind_filters": [], "dry_run": false, "replace": false, '
    '"outcome": "invalid", "message": "2 invalid rows: nothing was imported", '
    '"directory_version": null, "invalid_rows": 2}'
)

OUTCOME_REPORT = (
    '{"file_name": "o.csv", "file_format": "csv", "rows": 2, "new": 0, '
    '"updated": 0, "unchanged": 0, "errors": ['
    '{"row": 3, "field": "therapist_id", "reason": '
    "\"unknown therapist_id 'nobody': no such profile\"}, "
    '{"row": 3, "field": "baseline", "reason": '
    '"28 is outside the PHQ-9 range 0-27"}], '
    '"unknown_columns": ["shoe"], "dry_run": false, "outcome": "invalid", '
    '"message": "1 invalid rows: nothing was imported", "invalid_rows": 1}'
)


def episode(episode_id: str, therapist_id: str, baseline: str) -> dict[str, str]:
    """Return a PHQ-9 episode row with an extra, unknown column."""
    return {
        "episode_id": episode_id, "therapist_id": therapist_id,
        "domain": "depression", "measure": "PHQ-9", "baseline": baseline,
        "final": "9", "shoe": "x",
    }  # fmt: skip


def test_profile_report_json_is_unchanged_with_bad_rows(db):
    rows = [
        profile(id="t1", colour="teal", city="Bos\u200bton"),
        profile(id="t2", fee="lots", languages="Klingon"),
        profile(id="bad id!", name=""),
    ]
    report = import_bytes(db, to_csv(rows), "p.csv")
    assert json.dumps(report.to_dict()) == PROFILE_REPORT
    assert (report.ok, report.invalid_rows) == (False, 2)


def test_outcome_report_json_is_unchanged_with_bad_rows(db):
    assert import_bytes(db, to_csv([profile(id="t1")]), "p.csv").ok
    rows = [episode("ep-1", "t1", "18"), episode("ep-2", "nobody", "28")]
    report = import_outcomes(db, to_csv(rows), "o.csv")
    assert json.dumps(report.to_dict()) == OUTCOME_REPORT
    assert (report.ok, report.invalid_rows, report.exit_code) == (False, 1, 1)


def test_reports_say_ok_for_their_own_outcomes(db):
    profiles = to_csv([profile(id="t1")])
    assert import_bytes(db, profiles, "p.csv").ok
    again = import_bytes(db, profiles, "p.csv")
    assert (again.outcome, again.ok) == ("unchanged", True)
    episodes = to_csv([episode("ep-1", "t1", "18")])
    dry = import_outcomes(db, episodes, "o.csv", dry_run=True)
    assert (dry.outcome, dry.ok, dry.exit_code) == ("dry_run", True, 0)
