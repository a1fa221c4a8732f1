"""Back up the directory database while it is in use: a consistent, checked copy.

TARGET is the backup file to write, or a folder (existing, or ending in /) to
write matcher-YYYYMMDD-HHMMSS.db into. The copy is checked with SQLite's
integrity check before it is put at TARGET; a failed backup leaves nothing.

Exit status: 0 backed up and checked; 2 usage error, or the backup failed; 4
storage fault: the disk is full, or a file or folder is read-only or cannot be
opened (no backup left behind).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import sys
from pathlib import Path

import _cli

from matcher import store
from matcher.store.backup import TargetExistsError, backup_database


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = _cli.parser_from_doc(__doc__)
    parser.add_argument("target", metavar="TARGET", help="backup file or folder")
    _cli.add_db_option(parser, "database to back up")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace TARGET if it exists"
    )
    return parser.parse_args(argv)


def target_file(target: str) -> Path:
    """Return the backup file: TARGET, or a time-stamped name inside a folder.

    TARGET is a folder when it exists as one or ends with a slash (the folder is
    then created if needed).
    """
    path = Path(target)
    if path.is_dir() or target.endswith(("/", os.sep)):
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        return path / f"matcher-{stamp}.db"
    return path


def main(argv: list[str] | None = None) -> int:
    """Make one backup and print what it holds; never end in a traceback."""
    args = parse_args(argv)
    source = _cli.db_path(args)
    try:
        done = backup_database(
            source, target_file(args.target), overwrite=args.overwrite
        )
    except KeyboardInterrupt:
        print("interrupted: no backup was written", file=sys.stderr)
        return 2
    except TargetExistsError as error:
        print(f"error: {error}; add --overwrite to replace it", file=sys.stderr)
        return 2
    except (OSError, sqlite3.Error, store.StoreError) as error:
        return _cli.fail(error, source)
    except Exception as error:  # the script promises no traceback
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    print(
        f"backed up {source} to {done['target']} ({done['bytes']:,} bytes): "
        f"{done['therapists']:,} profiles, {done['active']:,} active, "
        f"directory version {done['directory_version']}, "
        f"integrity {done['integrity']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
