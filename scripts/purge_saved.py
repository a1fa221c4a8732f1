"""Remove clients' saved searches that have expired or were deleted.

Deleting a saved search blanks its answers at once; expired searches stop
opening at once. This removes both kinds for good, with their re-score results.
The app also does it whenever a client saves a search, and rescore.py before
every run over saved searches; run it from a scheduler (daily, say) so that
nothing outlives its expiry on a quiet installation.

Exit status: 0 done (whether or not anything was removed); 2 usage error, or
the database could not be opened or written.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

import _bootstrap  # noqa: F401

from matcher import store
from matcher.config import DB_ENV_VAR, default_db_path
from matcher.store import saved


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--db",
        default=None,
        help=f"database to clean (default: ${DB_ENV_VAR} or {default_db_path()})",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Purge once and say how many searches went; never end in a traceback."""
    args = parse_args(argv)
    path = Path(args.db) if args.db else default_db_path()
    if not path.is_file():
        print(f"error: no database at {path}", file=sys.stderr)
        return 2
    try:
        db = store.connect(path)
        try:
            removed = saved.purge(db)
        finally:
            db.conn.close()
    except (OSError, sqlite3.Error, store.StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    noun = "search" if removed == 1 else "searches"
    print(f"removed {removed} expired or deleted saved {noun} from {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
