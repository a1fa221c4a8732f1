"""List the stored directory's unrecognised labels with suggested keys.

`suggest` counts every value of the nine mapped list fields (specialties,
approaches, populations, session_formats, languages, credentials, ethnicity,
faith, identities) that is stored as written because no key was found, most
used first, each with up to three suggested keys and a score from 0 to 100.
Add the right ones as aliases in data/vocab/ (see the admin guide) and import
the directory again. Nothing is written.

Exit status: 0 done (whether or not anything is unrecognised); 2 usage error,
or the database could not be opened.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

import _cli

from matcher import store
from matcher.labels import MAPPED_FIELDS
from matcher.labels.report import stored_unrecognised


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = _cli.parser_from_doc(__doc__)
    parser.add_argument("command", choices=["suggest"], help="what to do")
    _cli.add_db_option(parser, "directory database to read")
    parser.add_argument(
        "--field", choices=sorted(MAPPED_FIELDS), help="only this list field"
    )
    parser.add_argument("--json", action="store_true", help="print JSON lines")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Print the unrecognised labels; never end in a traceback."""
    args = parse_args(argv)
    try:
        db = store.connect_existing(_cli.db_path(args))
        try:
            lines = stored_unrecognised(store.upkeep.iter_profiles(db))
        finally:
            db.conn.close()
    except (OSError, sqlite3.Error, store.StoreError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for line in lines:
        if args.field in (None, line["field"]):
            print(json.dumps(line, ensure_ascii=False) if args.json else text(line))
    return 0


def text(line: dict) -> str:
    """Render one unrecognised value as a line of text."""
    hint = ", ".join(f"{s['key']} {s['score']:g}" for s in line["suggestions"])
    return f"{line['field']}: {line['value']!r} x{line['count']}" + (
        f"; suggested: {hint}" if hint else ""
    )


if __name__ == "__main__":
    sys.exit(main())
