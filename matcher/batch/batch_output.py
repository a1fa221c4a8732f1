"""What a re-score run gives back: a CSV or JSON Lines file, and a short summary."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

import sqlite_utils

from ..directory.export import neutralise
from ..store import runs

OUTPUT_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
CSV_COLUMNS = ("request_id", "rank", "therapist_id", "name", "score", "factor_points")
GONE_WORDS = {
    "deactivated": "deactivated",
    "not_accepting": "no longer accepting",
    "fell_out": "fell out of the top {k}",
    "not_eligible": "no longer eligible",
}


class OutputError(ValueError):
    """An output file name whose format is not known."""


def output_format(path: str | Path) -> str:
    """Return the output format a file name asks for ('csv' or 'jsonl')."""
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise OutputError(f"cannot write {Path(path).name}: use a .csv or .jsonl name")
    return OUTPUT_FORMATS[suffix]


def write_output(db: sqlite_utils.Database, run_id: int, path: str | Path) -> None:
    """Write a run's results as CSV (a row per request and rank) or JSON Lines.

    A request with no eligible therapist gets one CSV row with an empty rank, so
    every scored request appears in the file; ``factor_points`` is JSON text.
    """
    path = Path(path)
    file_format = output_format(path)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as file:
        requests = runs.run_results(db, run_id)
        if file_format == "csv":
            _write_csv(file, requests)
        else:
            for request in requests:
                del request["request_key"]
                file.write(json.dumps(request, ensure_ascii=False) + "\n")
    os.replace(partial, path)  # a reader never sees half a file


def _write_csv(file: IO[str], requests: Iterable[dict[str, Any]]) -> None:
    # request_id (the caller's text) and name (the directory's) may open a
    # formula in a spreadsheet: guarded as the export guards them. The numbers
    # are written as they are, so a score stays a number.
    writer = csv.writer(file, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for request in requests:
        request_id = _text_cell(request["request_id"])
        for match in request["matches"] or [None]:
            writer.writerow([request_id, *_csv_match(match)])


def _text_cell(value: Any) -> Any:
    return neutralise(value) if isinstance(value, str) else value


def _csv_match(match: dict[str, Any] | None) -> list[Any]:
    if match is None:
        return ["", "", "", "", ""]
    return [
        match["rank"],
        match["therapist_id"],
        _text_cell(match["name"]),
        match["score"],
        json.dumps(match["factor_points"]),
    ]


def describe_run(run: Mapping[str, Any]) -> str:
    """Summarise a run in a few lines: counts, then what changed and why."""
    lines = [
        f"run {run['id']} ({run['status']}): {run['scored']:,} of {run['total']:,}"
        f" requests from {run['source']} re-scored against directory version "
        f"{run['directory_version']}, top {run['k']}"
    ]
    if run["skipped"]:
        lines.append(f"{run['skipped']:,} malformed requests skipped")
    gone = {reason: run[f"gone_{reason}"] for reason in runs.GONE_REASONS}
    if run["compared"]:
        lines.append(
            f"since their previous run: {run['requests_changed']:,} of "
            f"{run['compared']:,} requests changed, {run['new_matches']:,} new "
            f"matches, {sum(gone.values()):,} gone"
        )
    if run["scored"] > run["compared"]:
        first = run["scored"] - run["compared"]
        lines.append(f"{first:,} requests scored for the first time")
    named = [(GONE_WORDS[r].format(k=run["k"]), n) for r, n in gone.items() if n]
    if named:
        lines.append("  gone: " + ", ".join(f"{words} {n:,}" for words, n in named))
    return "\n".join(lines)
