"""Import outcome records whole or not at all, with a per-row report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from .. import store
from ..directory.importer import (
    FileReport,
    ImportFileError,
    RowError,
    clean_file_name,
    read_table,
)
from ..store import outcomes as outcome_store
from ..store.audit import record_event
from .records import FIELDS, check_columns, parse_outcome


@dataclass
class OutcomeReport(FileReport):
    """What an outcome import found and did: counts and every bad row."""

    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    outcome: str = "pending"  # imported, dry_run, invalid, unreadable
    message: str = ""

    @property
    def exit_code(self) -> int:
        """Return the script's exit status: 0 imported, 1 invalid, 2 unreadable."""
        return {"unreadable": 2, "invalid": 1}.get(self.outcome, 0)


def import_outcomes(
    db: sqlite_utils.Database,
    data: bytes,
    file_name: str,
    *,
    dry_run: bool = False,
    file_format: str | None = None,
    actor: str = "script",
) -> OutcomeReport:
    """Validate a whole outcome file and upsert it in one transaction, or not at all."""
    report = OutcomeReport(file_name=clean_file_name(file_name), dry_run=dry_run)
    rows = _read_rows(db, data, file_format, report)
    if rows is None or not report.settle("the file holds no episodes"):
        return report
    if dry_run:
        _count(db, rows, report)
        report.outcome = "dry_run"
        return report
    with store.transaction(db):
        outcome_store.upsert_outcomes(db, _count(db, rows, report))
        record_event(
            db, actor, "outcomes.import", target=report.file_name,
            detail={"new": report.new, "updated": report.updated,
                    "unchanged": report.unchanged},
        )  # fmt: skip
    report.outcome = "imported"
    return report


def _read_rows(
    db: sqlite_utils.Database,
    data: bytes,
    file_format: str | None,
    report: OutcomeReport,
) -> list[dict[str, Any]] | None:
    """Read and check every row into the report; None when the file is unreadable."""
    try:
        table = read_table(data, report.file_name, file_format, check_columns)
    except ImportFileError as error:
        report.outcome, report.message = "unreadable", in_outcome_words(str(error))
        return None
    report.file_format = table.file_format
    report.errors.extend(
        RowError(e.row, e.field, in_outcome_words(e.reason)) for e in table.errors
    )
    report.rows = len(table.rows) + len({e.row for e in table.errors})
    report.unknown_columns = [c for c in table.columns if c not in FIELDS]
    rows = _validate(table.rows, store.outcomes.therapist_ids(db), report)
    report.errors.sort(key=lambda e: e.row)
    return rows


def in_outcome_words(text: str) -> str:
    """Reword the shared file reader's messages, which speak of profiles."""
    for old, new in (
        ("a profile file", "an outcome file"),
        ("a profile", "an outcome record"),
    ):
        text = text.replace(old, new)
    return text.replace("profile", "outcome record")


def _validate(
    rows: list[tuple[int, dict[str, Any]]], profiles: set[str], report: OutcomeReport
) -> list[dict[str, Any]]:
    valid, first_row_of = [], {}
    for number, raw in rows:
        values, errors = parse_outcome(raw, profiles)
        report.errors.extend(RowError(number, f, r) for f, r in errors)
        episode = values.get("episode_id")
        if episode is not None and episode in first_row_of:
            reason = f"duplicate episode_id, first used on row {first_row_of[episode]}"
            report.errors.append(RowError(number, "episode_id", reason))
            continue
        if episode is not None:
            first_row_of[episode] = number
        if not errors:
            valid.append(values)
    return valid


def _count(
    db: sqlite_utils.Database, rows: list[dict[str, Any]], report: OutcomeReport
) -> list[dict[str, Any]]:
    existing = outcome_store.existing_episodes(db)
    changed = []
    for row in rows:
        old = existing.get(row["episode_id"])
        if old is None:
            report.new += 1
        elif old != outcome_store.record_values(row):
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        changed.append(row)
    return changed


def delete_outcomes(
    db: sqlite_utils.Database,
    *,
    therapist_id: str | None = None,
    episode_id: str | None = None,
    actor: str = "script",
) -> int:
    """Delete one therapist's or one episode's records, audit-logged; return count."""
    with store.transaction(db):
        deleted = outcome_store.delete_outcomes(
            db, therapist_id=therapist_id, episode_id=episode_id
        )
        kind = "therapist" if therapist_id else "episode"
        record_event(
            db, actor, f"outcomes.delete_{kind}",
            target=therapist_id or episode_id, detail={"deleted": deleted},
        )  # fmt: skip
    return deleted


def format_outcome_report(report: OutcomeReport) -> str:
    """Render a report as text for a terminal, every bad row on its own line."""
    fmt = report.file_format or "format unknown"
    lines = [f"{report.file_name} ({fmt}): {report.rows:,} rows"]
    if report.message:
        lines.append(report.message)
    lines += [f"  row {e.row}, {e.field}: {e.reason}" for e in report.errors]
    if report.unknown_columns:
        lines.append("unknown columns, ignored: " + ", ".join(report.unknown_columns))
    if report.ok:
        verb = "would be" if report.dry_run else "were"
        lines.append(
            f"new {report.new:,}, updated {report.updated:,}, unchanged "
            f"{report.unchanged:,} ({verb} applied)"
        )
    return "\n".join(lines)
