"""Import outcome records (one de-identified row per episode of care).

Exit status: 0 imported, deleted or a clean dry run; 1 invalid rows (nothing
written); 2 usage error, unreadable file or a refused identifying column
(nothing written); 4 storage fault: the disk is full, the database is
read-only or cannot be opened (nothing written).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

import _cli

from matcher import store
from matcher.directory.importer import FORMATS
from matcher.outcomes import delete_outcomes, format_outcome_report, import_outcomes

ACTOR = "load_outcomes.py"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = _cli.parser_from_doc(__doc__)
    parser.add_argument("file", nargs="?", help="outcome file: .csv, .json or .jsonl")
    _cli.add_db_option(parser)
    parser.add_argument(
        "--dry-run", action="store_true", help="validate and count, write nothing"
    )
    parser.add_argument("--format", choices=FORMATS, help="override the file suffix")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--delete-therapist", metavar="ID", help="delete every record of a therapist"
    )
    parser.add_argument("--delete-episode", metavar="ID", help="delete one episode")
    args = parser.parse_args(argv)
    deleting = args.delete_therapist or args.delete_episode
    if bool(args.file) + bool(args.delete_therapist) + bool(args.delete_episode) != 1:
        parser.error("give a FILE, --delete-therapist ID or --delete-episode ID")
    if deleting and args.dry_run:
        parser.error("--dry-run applies to an import only")
    return args


def run_delete(args: argparse.Namespace) -> int:
    """Delete the records the command line names and say how many went."""
    db = store.connect_existing(_cli.db_path(args))
    deleted = delete_outcomes(
        db, therapist_id=args.delete_therapist, episode_id=args.delete_episode,
        actor=ACTOR,
    )  # fmt: skip
    what = args.delete_therapist or args.delete_episode
    print(
        json.dumps({"deleted": deleted}) if args.json else f"{what}: {deleted} deleted"
    )
    return 0


def run_import(args: argparse.Namespace, data: bytes, name: str) -> int:
    """Import one file and print its report."""
    path = _cli.db_path(args)
    if args.dry_run and not path.exists():
        print(
            f"note: no database at {path}: no profiles to check against",
            file=sys.stderr,
        )
        db = store.connect(memory=True)
    else:
        db = store.connect_existing(path)
    report = import_outcomes(
        db, data, name, dry_run=args.dry_run, file_format=args.format, actor=ACTOR
    )
    text = json.dumps(report.to_dict(), indent=2) if args.json else None
    print(
        text or format_outcome_report(report),
        file=sys.stdout if report.ok else sys.stderr,
    )
    return report.exit_code


def main(argv: list[str] | None = None) -> int:
    """Run one import or one deletion."""
    args = parse_args(argv)
    data = b""
    if args.file:
        try:
            data = Path(args.file).read_bytes()
        except OSError as error:
            print(f"error: cannot read {args.file}: {error.strerror}", file=sys.stderr)
            return _cli.USAGE_OR_INPUT
    try:
        if args.file:
            return run_import(args, data, Path(args.file).name)
        return run_delete(args)
    except (OSError, sqlite3.Error, store.StoreError) as error:
        return _cli.fail(error, _cli.db_path(args))


if __name__ == "__main__":
    sys.exit(main())
