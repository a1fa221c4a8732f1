"""Load the demo directory into the database when the database has no profiles.

With it come synthetic outcome records for a quarter of the demo therapists
(``matcher.demo.outcomes``, drawn from a fixed seed), so that track records
show in the ranking and on the admin's outcome pages.

Exit status: 0 loaded, or the database already holds a directory; 1 the demo
file has invalid rows; 2 usage error, or the database cannot be opened; 4
storage fault: the disk is full, or the database is read-only or cannot be
opened (nothing written).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys

import _bootstrap
import _cli

from matcher import store
from matcher.demo.outcomes import demo_outcome_file
from matcher.directory.importer import format_report, import_file
from matcher.outcomes import format_outcome_report, import_outcomes

DEMO_FILE = _bootstrap.ROOT / "data" / "demo" / "therapists.csv"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = _cli.parser_from_doc(__doc__)
    _cli.add_db_option(parser)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Import the demo directory unless the database already holds profiles."""
    path = _cli.db_path(parse_args(argv))
    try:
        db = store.connect(path)
        if store.count_profiles(db, active_only=False):
            print(f"{path}: already holds a directory; demo not loaded")
            return 0
        report = import_file(db, DEMO_FILE, actor="load_demo.py")
        print(format_report(report, max_errors=20))
        if not report.ok:
            return 1
        outcomes = import_outcomes(
            db, demo_outcome_file(DEMO_FILE), "demo-outcomes.csv", actor="load_demo.py"
        )
    except (OSError, sqlite3.Error, store.StoreError) as error:
        return _cli.fail(error, path)
    print(format_outcome_report(outcomes))
    return 0 if outcomes.ok else 1


if __name__ == "__main__":
    sys.exit(main())
