"""Import therapist profiles from a CSV, JSON or JSON Lines file.

The file is read and checked at low priority (nice 10) by default, so that a
web server on the same machine answers its searches first; its write
transaction runs at normal priority, to hold the database's write lock no
longer than it must. --priority normal runs it all as any other command.

Exit status: 0 imported (or a clean dry run), 1 invalid rows (nothing written),
2 usage error or unreadable file, 4 storage fault: the disk is full, the
database is read-only or cannot be opened (nothing written).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

import _cli
import sqlite_utils

from matcher import store
from matcher.directory.importer import FORMATS, format_report, import_bytes
from matcher.directory.priority import PRIORITIES


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = _cli.parser_from_doc(__doc__)
    parser.add_argument("file", help="profile file: .csv, .json, .jsonl or .ndjson")
    _cli.add_db_option(parser)
    parser.add_argument(
        "--replace",
        action="store_true",
        help="the file is the whole directory: deactivate profiles not in it",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="validate and count, write nothing"
    )
    parser.add_argument("--format", choices=FORMATS, help="override the file suffix")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--priority",
        choices=PRIORITIES,
        default="low",
        help="CPU priority: low (nice 10, the default) or normal",
    )
    return parser.parse_args(argv)  # fmt: skip


def open_db(args: argparse.Namespace) -> sqlite_utils.Database:
    """Open the database to import into, creating it only for a real import.

    A dry run writes nothing, not even a new file: with no database yet, it
    compares the file with an empty directory in memory.
    """
    path = _cli.db_path(args)
    if path.exists():
        return store.connect_existing(path)
    if args.dry_run:
        print(
            f"note: no database at {path} yet: compared with an empty directory",
            file=sys.stderr,
        )
        return store.connect(memory=True)
    return store.connect(path)


def main(argv: list[str] | None = None) -> int:
    """Run one import and print its report."""
    args = parse_args(argv)
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as error:
        print(f"error: cannot read {path}: {error.strerror}", file=sys.stderr)
        return _cli.USAGE_OR_INPUT
    try:
        db = open_db(args)
        report = import_bytes(
            db, data, path.name, replace=args.replace, dry_run=args.dry_run,
            file_format=args.format, actor="load_profiles.py",
            priority=args.priority,
        )  # fmt: skip
    except (OSError, sqlite3.Error, store.StoreError) as error:
        return _cli.fail(error, _cli.db_path(args))
    output = (
        json.dumps(report.to_dict(), indent=2) if args.json else format_report(report)
    )
    print(output, file=sys.stdout if report.ok else sys.stderr)
    return {"unreadable": 2, "invalid": 1}.get(report.outcome, 0)


if __name__ == "__main__":
    sys.exit(main())
