"""Import speed: validated all-or-nothing import against a plain insert_all.

The baseline inserts the same rows (as read by the csv module, unvalidated)
with sqlite-utils' insert_all into a fresh database. The import reads, decodes,
validates, normalises, derives coordinates and writes in one transaction.
"""

from __future__ import annotations

import csv
import resource
import tempfile
from pathlib import Path
from typing import Any

import sqlite_utils

from bench.common import peak_memory_mb, seconds
from matcher import store
from matcher.demo import make_profiles, write_csv
from matcher.directory.importer import import_file

SIZE = 100_000
QUICK_SIZE = 10_000


def baseline(csv_path: Path, db_path: Path) -> int:
    """Insert the file's rows as they are, with no validation."""
    with open(csv_path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    db = sqlite_utils.Database(db_path)
    db["therapists"].insert_all(rows, batch_size=1000)
    return len(rows)


def validated(csv_path: Path, db_path: Path) -> int:
    """Run the project's import on the file."""
    report = import_file(store.connect(db_path), csv_path)
    if report.outcome != "imported":
        raise RuntimeError(report.message)
    return report.new


def measure(call, csv_path: Path, db_path: Path) -> dict[str, Any]:
    """Time and measure one import of the file."""
    (rows, elapsed) = seconds(lambda: call(csv_path, db_path))
    _, peak = peak_memory_mb(lambda: call(csv_path, db_path.with_suffix(".again.db")))
    return {
        "rows": rows,
        "seconds": round(elapsed, 2),
        "profiles_per_second": round(rows / elapsed),
        "peak_python_mb": peak,
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Import a generated directory both ways and report the cost of validation."""
    n = QUICK_SIZE if quick else SIZE
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    csv_path = folder / "directory.csv"
    write_csv(make_profiles(n), csv_path)
    plain = measure(baseline, csv_path, folder / "baseline.db")
    ours = measure(validated, csv_path, folder / "validated.db")
    ratio = round(ours["seconds"] / plain["seconds"], 2)
    print(
        f"{n:,} profiles: import {ours['profiles_per_second']:,}/s, insert_all "
        f"{plain['profiles_per_second']:,}/s: {ratio}x the baseline's time"
    )
    return {
        "profiles": n,
        "baseline_insert_all": plain,
        "validated_import": ours,
        "time_ratio": ratio,
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
