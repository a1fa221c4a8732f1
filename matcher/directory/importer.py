"""Read a profile file (CSV, JSON, JSON Lines), validate every row, import it whole."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import sqlite_utils

from .. import store
from ..engine.geo import zip_centroid
from ..labels import teach
from ..labels.report import FilterCoverage, label_lines, label_report
from .priority import at_low_priority
from .schema import (
    FIELD_NAMES,
    REQUIRED_COLUMNS,
    SURROGATE,
    ParsedProfile,
    parse_profile,
)

FORMATS = ("csv", "json", "jsonl")
SUFFIXES = {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}
FORMAT_COLUMNS = ("in_person", "telehealth")
# The profile format has about 40 fields; a file with far more columns is not
# a profile file, and listing them all would swamp the report.
MAX_COLUMNS = 200
MAX_FILE_NAME = 200
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
TOO_DEEP = "nested too deeply (a profile is a flat object)"
TOO_LONG_NUMBER = "a number has more than 4,300 digits"


class ImportFileError(ValueError):
    """The file as a whole cannot be read as a table of therapist profiles."""


@dataclass(frozen=True)
class RowError:
    """One reason one row is invalid: row number, field and reason."""

    row: int
    field: str
    reason: str


@dataclass
class FileReport:
    """What any import of a file found: the counts and outcome its reports share.

    Only the leading fields live here, so that a report's own fields follow
    them in its JSON exactly as before; each report declares `errors`,
    `outcome` and the rest itself.
    """

    OK_OUTCOMES: ClassVar[tuple[str, ...]] = ("imported", "dry_run")

    file_name: str
    file_format: str = ""
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    if TYPE_CHECKING:  # declared by each report, in its own place in the JSON
        errors: list[RowError]
        outcome: str
        message: str

    @property
    def invalid_rows(self) -> int:
        """Count the distinct rows that have at least one error."""
        return len({e.row for e in self.errors})

    @property
    def ok(self) -> bool:
        """Tell whether the file was (or, in a dry run, would be) imported."""
        return self.outcome in self.OK_OUTCOMES

    def settle(self, no_rows: str) -> bool:
        """Refuse a file with no rows or any invalid row; else say it may go on."""
        if self.rows and not self.errors:
            return True
        if not self.rows:
            self.outcome, self.message = "unreadable", no_rows
        else:
            self.outcome = "invalid"
            self.message = f"{self.invalid_rows} invalid rows: nothing was imported"
        return False

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain data (for JSON output and the admin pages)."""
        data = asdict(self)
        data["invalid_rows"] = self.invalid_rows
        return data


@dataclass
class Table:
    """Rows read from a file, before validation, with their row numbers."""

    file_format: str
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    errors: list[RowError] = field(default_factory=list)


def clean_file_name(name: str) -> str:
    """Return a file name safe to store and show: no control characters, bounded.

    CR, LF, NUL, other control characters and undecodable bytes become "_";
    any folder part is dropped.
    """
    name = re.split(r"[/\\]", name)[-1]
    if not CONTROL_CHARACTERS.sub("", name).strip():
        return "upload"
    return CONTROL_CHARACTERS.sub("_", name).strip()[:MAX_FILE_NAME]


def normalise_column(name: str) -> str:
    """Match headers leniently: ' License States' and 'license-states' both work."""
    return (
        name.strip()
        .lstrip("\ufeff")
        .strip()
        .lower()
        .replace(" ", "_")
        .replace("-", "_")
    )


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without a byte-order mark) or say where it is not."""
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            "this is a binary file, not CSV or JSON text (a spreadsheet? "
            "save it as 'CSV UTF-8' first)"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            f"the file is not UTF-8 text: byte 0x{data[error.start]:02x} on line "
            f"{line} cannot be read; save the file as UTF-8 (in Excel: 'CSV UTF-8')"
        ) from None


def detect_format(name: str, text: str) -> str:
    """Choose the format from the file name, or from the first character."""
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    first = text.lstrip()[:1]
    return {"[": "json", "{": "jsonl"}.get(first, "csv")


def read_table(
    data: bytes,
    name: str,
    file_format: str | None = None,
    check_columns: Callable[[list[str]], None] | None = None,
) -> Table:
    """Parse file contents into rows keyed by normalised column name.

    ``check_columns`` checks the header (by default: a profile file's); the
    outcome import passes its own.
    """
    text = decode(data)
    if not text.strip():
        raise ImportFileError("the file is empty")
    file_format = file_format or detect_format(name, text)
    readers = {"csv": _read_csv, "json": _read_json, "jsonl": _read_jsonl}
    if file_format not in readers:
        raise ImportFileError(f"unknown format {file_format!r}; use one of {FORMATS}")
    table = readers[file_format](text)
    (check_columns or _check_columns)(table.columns)
    return table


def _read_csv(text: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [normalise_column(c) for c in next(reader)]
        _check_column_count(len(header))
        duplicated = sorted(c for c, n in Counter(header).items() if n > 1 and c)
        if duplicated:
            raise ImportFileError(
                f"the header repeats columns: {', '.join(duplicated)}"
            )
        table = Table("csv", [c for c in header if c], [])
        start = reader.line_num + 1
        for cells in reader:
            _add_csv_row(table, header, start, cells)
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportFileError(
            f"CSV cannot be read near line {reader.line_num}: {error}"
        ) from None
    return table


def _add_csv_row(table: Table, header: list[str], row: int, cells: list[str]) -> None:
    if not any(cell.strip() for cell in cells):
        return
    if len(cells) != len(header):
        reason = f"has {len(cells)} cells but the header has {len(header)} columns"
        table.errors.append(RowError(row, "(row)", reason))
        return
    table.rows.append((row, {c: v for c, v in zip(header, cells, strict=True) if c}))


def _parse_json(text: str) -> Any:
    """Parse JSON text; hostile nesting or numbers raise JSONDecodeError-like text."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise ImportFileError(f"not a profile file: the JSON is {TOO_DEEP}") from None
    except ValueError:  # int() refuses more than 4,300 digits
        raise ImportFileError(f"not a profile file: {TOO_LONG_NUMBER}") from None


def _read_json(text: str) -> Table:
    items = _parse_json(text)
    if not isinstance(items, list):
        raise ImportFileError("a JSON file must hold an array of profile objects")
    return _table_from_items("json", enumerate(items, start=1))


def _read_jsonl(text: str) -> Table:
    items, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append((number, _parse_json(line)))
        except ImportFileError as error:
            reason = str(error).removeprefix("not a profile file: ")
            errors.append(RowError(number, "(row)", reason))
    table = _table_from_items("jsonl", items)
    table.errors[:0] = errors
    return table


def _table_from_items(file_format: str, items: Iterable[tuple[int, Any]]) -> Table:
    table = Table(file_format, [], [])
    seen: dict[str, None] = {}
    for number, item in items:
        if not isinstance(item, dict):
            reason = f"expected a profile object, got {type(item).__name__}"
            table.errors.append(RowError(number, "(row)", reason))
            continue
        row = {normalise_column(str(k)): v for k, v in item.items()}
        if any(SURROGATE.search(key) for key in row):
            reason = "a field name holds an invalid character (a lone surrogate)"
            table.errors.append(RowError(number, "(row)", reason))
            continue
        seen.update(dict.fromkeys(row))
        _check_column_count(len(seen))
        table.rows.append((number, row))
    table.columns = list(seen)
    return table


def _check_column_count(count: int) -> None:
    if count > MAX_COLUMNS:
        raise ImportFileError(
            f"the file has {count:,} columns; a profile file has at most "
            f"{MAX_COLUMNS} (the profile format has {len(FIELD_NAMES)} fields)"
        )


def _check_columns(columns: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if not any(c in columns for c in FORMAT_COLUMNS):
        missing.append("in_person or telehealth")
    if missing:
        found = ", ".join(columns[:12]) or "none"
        raise ImportFileError(
            f"missing required columns: {', '.join(missing)} (found: {found})"
        )


@dataclass
class ImportReport(FileReport):
    """What an import found and did: counts, every bad row, every unknown value."""

    OK_OUTCOMES: ClassVar[tuple[str, ...]] = ("imported", "unchanged", "dry_run")

    deactivated: int = 0
    reactivated: int = 0
    deactivated_ids: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # rows changed on the way in (invisible characters removed): not errors
    warnings: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    unrecognised: list[dict[str, Any]] = field(default_factory=list)
    mapped: list[dict[str, Any]] = field(default_factory=list)  # beyond exact
    blind_filters: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False
    replace: bool = False
    outcome: str = "pending"  # imported, unchanged, dry_run, invalid, unreadable
    message: str = ""
    directory_version: int | None = None


def validate_rows(table: Table, report: ImportReport) -> list[dict[str, Any]]:
    """Validate every row, collecting all errors; return the store-ready rows."""
    valid, first_row_of = [], {}
    unrecognised: dict[tuple[str, str], list[int]] = {}
    mapped: dict[tuple[str, str, tuple[str, ...], str], list[int]] = {}
    coverage = FilterCoverage()
    for number, raw in table.rows:
        parsed = parse_profile(raw)
        report.errors.extend(RowError(number, f, r) for f, r in parsed.errors)
        report.warnings.extend(
            RowError(number, f, f"invisible formatting characters removed: {chars}")
            for f, chars in parsed.cleaned
        )
        for key in parsed.unrecognised:
            unrecognised.setdefault(key, []).append(number)
        for made in parsed.mapped:
            mapped.setdefault(made, []).append(number)
        profile_id = parsed.values.get("id")
        if profile_id is not None and profile_id in first_row_of:
            first = first_row_of[profile_id]
            reason = f"duplicate id {profile_id!r}, first used on row {first}"
            report.errors.append(RowError(number, "id", reason))
            continue
        if profile_id is not None:
            first_row_of[profile_id] = number
        if not parsed.errors:
            valid.append(stored_row(parsed.values, parsed.raw_labels))
            coverage.add(parsed)
    report.unrecognised = label_report(unrecognised, mapped=False)
    report.mapped = label_report(mapped, mapped=True)
    report.blind_filters = coverage.warnings()
    return valid


def kept_raw_labels(old: dict[str, Any], parsed: ParsedProfile) -> dict[str, list]:
    """Return a profile's raw labels after an edit of its stored values.

    Newly typed labels replace the old ones; a list field whose keys did not
    change keeps the words the therapist first wrote.
    """
    old_raw = json.loads(old.get("raw_labels") or "{}")
    kept = {f: w for f, w in old_raw.items() if parsed.values.get(f) == old.get(f)}
    return {**kept, **parsed.raw_labels}


def stored_row(
    values: dict[str, Any], raw_labels: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    """Add what the store keeps beside a profile: coordinates, raw labels, a digest.

    ``raw_labels`` holds, for each list field whose keys differ from what was
    typed, the labels exactly as typed; they count in the digest, so a profile
    whose words change is updated even when its keys do not.
    """
    row = store.to_row(values)
    digested = {**values, "raw_labels": raw_labels} if raw_labels else values
    row["content_hash"] = store.content_hash(digested)
    if raw_labels:
        row["raw_labels"] = json.dumps(raw_labels, ensure_ascii=False)
    if values.get("latitude") is not None:
        row["geo_latitude"], row["geo_longitude"] = (
            values["latitude"],
            values["longitude"],
        )
    else:
        centroid = zip_centroid(values.get("postal_code"))
        row["geo_latitude"], row["geo_longitude"] = centroid or (None, None)
    return row


def import_bytes(
    db: sqlite_utils.Database,
    data: bytes,
    file_name: str,
    *,
    replace: bool = False,
    dry_run: bool = False,
    file_format: str | None = None,
    actor: str = "script",
    priority: str = "normal",
) -> ImportReport:
    """Validate a whole file and import it in one transaction, or write nothing.

    ``priority`` ``low``: the file is read and checked, nearly all of the
    work, at low CPU priority (``matcher.directory.priority``); the write
    transaction runs at the caller's, so as to hold the database's write lock
    no longer than it must.
    """
    file_name = clean_file_name(file_name)
    report = ImportReport(file_name=file_name, dry_run=dry_run, replace=replace)
    started = store.now_utc()
    try:
        rows = at_low_priority(lambda: _check(db, data, file_format, report), priority)
    except ImportFileError as error:
        report.outcome, report.message = "unreadable", str(error)
        _record(db, report, started, actor)
        return report
    no_rows = "the file holds no profiles" + (
        ": as the whole directory, it would deactivate every profile" if replace else ""
    )
    if report.settle(no_rows):
        _apply(db, rows, report, started, actor)
        return report
    _record(db, report, started, actor)
    return report


def _check(
    db: sqlite_utils.Database,
    data: bytes,
    file_format: str | None,
    report: ImportReport,
) -> list[dict[str, Any]]:
    """Read and validate the whole file into the report; return the rows to store."""
    table = read_table(data, report.file_name, file_format)
    report.file_format, report.rows = table.file_format, len(table.rows)
    report.errors.extend(table.errors)
    report.rows += len({e.row for e in table.errors})
    report.unknown_columns = [c for c in table.columns if c not in FIELD_NAMES]
    teach(store.aliases.aliases_in_force(db))  # admins' aliases map first
    rows = validate_rows(table, report)
    report.errors.sort(key=lambda e: e.row)
    return rows


def _apply(
    db: sqlite_utils.Database,
    rows: list[dict[str, Any]],
    report: ImportReport,
    started: str,
    actor: str,
) -> None:
    if report.dry_run:
        _plan(db, rows, report)
        report.outcome = "dry_run"
        report.directory_version = store.directory_version(db)
        return
    # The run record is written in the same transaction as the change: a kill
    # or a fault at any point leaves both or neither.
    with store.transaction(db):
        changes = _plan(db, rows, report)
        report.directory_version = store.apply_changes(db, changes)
        report.outcome = "imported" if changes.touches_directory else "unchanged"
        _insert_run(db, report, started, actor)


def _plan(
    db: sqlite_utils.Database, rows: list[dict[str, Any]], report: ImportReport
) -> store.Changes:
    existing = store.existing_profiles(db)
    changes = store.plan_changes(existing, rows, replace=report.replace)
    report.new, report.updated = len(changes.new), len(changes.updated)
    report.unchanged, report.deactivated = changes.unchanged, len(changes.deactivated)
    report.deactivated_ids = list(changes.deactivated)
    report.reactivated = len(changes.reactivated)
    return changes


def _record(
    db: sqlite_utils.Database, report: ImportReport, started: str, actor: str
) -> None:
    if report.dry_run:
        return  # a dry run writes nothing, not even its own record
    with store.transaction(db):  # so that a storage fault is named as such
        _insert_run(db, report, started, actor)


def _insert_run(
    db: sqlite_utils.Database, report: ImportReport, started: str, actor: str
) -> None:
    store.record_import_run(
        db,
        {
            "started_at": started, "finished_at": store.now_utc(),
            "file_name": report.file_name, "file_format": report.file_format,
            "dry_run": 0, "replace": int(report.replace), "rows": report.rows,
            "new": report.new, "updated": report.updated,
            "unchanged": report.unchanged, "deactivated": report.deactivated,
            "reactivated": report.reactivated, "invalid_rows": report.invalid_rows,
            "unrecognised_values": sum(u["count"] for u in report.unrecognised),
            "outcome": report.outcome, "message": report.message,
            "directory_version": report.directory_version, "actor": actor,
        },
    )  # fmt: skip


def import_file(
    db: sqlite_utils.Database, path: str | Path, **options: Any
) -> ImportReport:
    """Import a profile file from disk (see import_bytes for the options)."""
    path = Path(path)
    return import_bytes(db, path.read_bytes(), path.name, **options)


def format_report(report: ImportReport, *, max_errors: int | None = None) -> str:
    """Render a report as text for a terminal, every bad row on its own line."""
    fmt = report.file_format or "format unknown"
    rows = f"{report.rows:,} row{'' if report.rows == 1 else 's'}"
    lines = [f"{report.file_name} ({fmt}): {rows}"]
    if report.message:
        lines.append(report.message)
    shown = report.errors if max_errors is None else report.errors[:max_errors]
    lines += [f"  row {e.row}, {e.field}: {e.reason}" for e in shown]
    if len(shown) < len(report.errors):
        lines.append(f"  ... and {len(report.errors) - len(shown)} more errors")
    if report.warnings:
        lines.append("changed on the way in:")
        warned = report.warnings if max_errors is None else report.warnings[:max_errors]
        lines += [f"  row {w.row}, {w.field}: {w.reason}" for w in warned]
    if report.unknown_columns:
        lines.append("unknown columns, ignored: " + ", ".join(report.unknown_columns))
    lines += label_lines(report)
    if report.outcome in ("imported", "unchanged", "dry_run"):
        verb = "would be" if report.dry_run else "were"
        lines.append(
            f"new {report.new:,}, updated {report.updated:,}, unchanged "
            f"{report.unchanged:,}, deactivated {report.deactivated:,}, reactivated "
            f"{report.reactivated:,} ({verb} applied; directory version "
            f"{report.directory_version})"
        )
    return "\n".join(lines)
