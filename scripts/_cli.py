"""What the command-line scripts share: help from their docstring, common options
and the way they stop on an error."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import _bootstrap  # noqa: F401

from matcher.config import DB_ENV_VAR, default_db_path
from matcher.store import StoreError
from matcher.store.faults import storage_fault

# The same in every script: 2 is a usage error or unreadable input, 4 a fault
# of the storage under the database (full disk, read-only, permission denied).
USAGE_OR_INPUT = 2
STORAGE_FAULT = 4
# What a script with --dask says when the dask extra is not installed.
DASK_MISSING = "--dask needs dask[distributed]"


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


def add_switches(parser: argparse.ArgumentParser, *switches: tuple[str, str]) -> None:
    """Add on/off options, each given as (option, help)."""
    for option, text in switches:
        parser.add_argument(option, action="store_true", help=text)


def add_dask_option(parser: argparse.ArgumentParser, text: str) -> None:
    """Add --dask [ADDRESS]: run on a local Dask cluster, or the scheduler named."""
    parser.add_argument(
        "--dask", nargs="?", const="local", metavar="ADDRESS", help=text
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


def guarded(
    work: Callable[[], int],
    db: Path | None,
    *,
    refused: tuple[type[Exception], ...] = (),
    missing: str | None = None,
) -> int:
    """Run a script's work and return its exit status; never end in a traceback.

    An error in `refused` is the script's own refusal: its message, exit 2. A
    storage fault exits 4 (see `fail`). An ImportError says `missing` (what
    needs the optional package) when given; anything else names its type, exit 2.
    """
    try:
        return work()
    except refused as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE_OR_INPUT
    except (OSError, sqlite3.Error, StoreError) as error:
        return fail(error, db)
    except Exception as error:  # noqa: BLE001 - the scripts promise no traceback
        if missing and isinstance(error, ImportError):
            print(f"error: {missing} ({error})", file=sys.stderr)
        else:
            print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return USAGE_OR_INPUT
