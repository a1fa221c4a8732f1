"""What the command-line scripts share: help from their docstring, and --db."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import _bootstrap  # noqa: F401

from matcher.config import DB_ENV_VAR, default_db_path
from matcher.store.faults import storage_fault

# The same in every script: 2 is a usage error or unreadable input, 4 a fault
# of the storage under the database (full disk, read-only, permission denied).
USAGE_OR_INPUT = 2
STORAGE_FAULT = 4


def parser_from_doc(doc: str) -> argparse.ArgumentParser:
    """Return a parser whose help is a script's docstring, laid out as written.

    The first line describes the script; the paragraphs after it (exit status,
    notes) follow the options.
    """
    first, _, rest = doc.strip().partition("\n\n")
    return argparse.ArgumentParser(
        description=first,
        epilog=rest or None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def add_db_option(parser: argparse.ArgumentParser, what: str = "database") -> None:
    """Add --db: the database file, by default $MATCHER_DB or instance/matcher.db."""
    parser.add_argument(
        "--db",
        default=None,
        metavar="FILE",
        help=f"{what} (default: ${DB_ENV_VAR} or {default_db_path()})",
    )


def db_path(args: argparse.Namespace) -> Path:
    """Return the database the command line names, or the default one."""
    return Path(args.db) if args.db else default_db_path()


def fail(error: BaseException, db: Path | None = None) -> int:
    """Print why a script stopped, without a traceback, and return its exit status.

    A storage fault is named as such (exit 4); anything else exits 2.
    """
    fault = storage_fault(error, db)
    print(f"error: {fault or error}", file=sys.stderr)
    return USAGE_OR_INPUT if fault is None else STORAGE_FAULT
