"""Remove clients' saved searches that have expired or were deleted.

Deleting a saved search blanks its answers at once; expired searches stop
opening at once. This removes both kinds for good, with their re-score results.
The app also does it whenever a client saves a search, and rescore.py before
every run over saved searches; run it from a scheduler (daily, say) so that
nothing outlives its expiry on a quiet installation. It also removes expired
waitlist assignment runs (docs/admin.md section 8).

Exit status: 0 done (whether or not anything was removed); 2 usage error, or
the database is missing or not a directory database; 4 storage fault: the disk
is full, or the database is read-only or cannot be opened (nothing removed).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys

import _cli

from matcher import store
from matcher.store import saved


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = _cli.parser_from_doc(__doc__)
    _cli.add_db_option(parser, "database to clean")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Purge once and say how many searches went; never end in a traceback."""
    args = parse_args(argv)
    path = _cli.db_path(args)
    try:
        db = store.connect_existing(path)
        try:
            removed = saved.purge(db)
            runs = store.assignments.purge(db)
        finally:
            db.conn.close()
    except (OSError, sqlite3.Error, store.StoreError) as error:
        return _cli.fail(error, path)
    noun = "search" if removed == 1 else "searches"
    print(f"removed {removed} expired or deleted saved {noun} from {path}")
    print(f"removed {runs} expired assignment runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
