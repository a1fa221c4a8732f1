"""Import therapist profiles from a CSV, JSON or JSON Lines file.

Exit status: 0 imported (or a clean dry run), 1 invalid rows (nothing written),
2 usage error or unreadable file.
"""

from __future__ import annotations

import argparse
import json
import sys

import _cli

from matcher import store
from matcher.importer import FORMATS, format_report, import_file


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = _cli.parser_from_doc(__doc__)
    parser.add_argument("file", help="profile file: .csv, .json or .jsonl")
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
    return parser.parse_args(argv)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Run one import and print its report."""
    args = parse_args(argv)
    try:
        db = store.connect(_cli.db_path(args))
        report = import_file(
            db, args.file, replace=args.replace, dry_run=args.dry_run,
            file_format=args.format, actor="load_profiles.py",
        )  # fmt: skip
    except (OSError, store.StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    output = (
        json.dumps(report.to_dict(), indent=2) if args.json else format_report(report)
    )
    print(output, file=sys.stdout if report.ok else sys.stderr)
    return {"unreadable": 2, "invalid": 1}.get(report.outcome, 0)


if __name__ == "__main__":
    sys.exit(main())
