"""List the stored directory's unrecognised labels, and teach aliases for them.

`suggest` counts every value of the nine mapped list fields (specialties,
approaches, populations, session_formats, languages, credentials, ethnicity,
faith, identities) that is stored as written because no key was found, most
used first, each with up to three suggested keys and a score from 0 to 100.
Nothing is written.

`accept --field F --value V --key K` stores an alias: the value V of field F
(compared after folding case, spaces and punctuation) stands for the key K,
or for no key at all with `--key none`. Every stored profile carrying V is
re-mapped at once, in one transaction, and the directory version changes so
that matching sees it. `remove --field F --value V` takes the alias away and
restores the profiles it re-mapped. Both write an audit line (actor: the
`--actor` given, "script" by default).

`export` prints the aliases in force as a vocabulary file, in the format of
data/vocab/ (one field with --field, else a JSON object by field); `--out DIR`
writes DIR/<field>.json for each field instead.

Exit status: 0 done; 1 the alias was refused (unknown key or field, already
taught, or no such alias to remove), nothing written; 2 usage error, or the
database could not be opened; 4 a storage fault (full disk, read-only,
permission denied), nothing written.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

import _cli

from matcher import store
from matcher.directory import upkeep
from matcher.labels import MAPPED_FIELDS
from matcher.labels.report import stored_unrecognised

REFUSED = 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = _cli.parser_from_doc(__doc__)
    parser.add_argument(
        "command", choices=["suggest", "accept", "remove", "export"], help="what to do"
    )
    _cli.add_db_option(parser, "directory database")
    parser.add_argument(
        "--field", choices=sorted(MAPPED_FIELDS), help="the list field (one only)"
    )
    parser.add_argument("--value", help="accept/remove: the label as typed")
    parser.add_argument("--key", help="accept: the key it stands for, or none")
    parser.add_argument("--actor", default="script", help="name in the audit log")
    parser.add_argument("--out", metavar="DIR", help="export: write files here")
    parser.add_argument("--json", action="store_true", help="print JSON lines")
    args = parser.parse_args(argv)
    needed = {"accept": ("field", "value", "key"), "remove": ("field", "value")}
    for name in needed.get(args.command, ()):
        if getattr(args, name) is None:
            parser.error(f"{args.command} needs --{name}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run one command; never end in a traceback."""
    args = parse_args(argv)
    path = _cli.db_path(args)
    try:
        db = store.connect_existing(path)
    except (OSError, sqlite3.Error, store.StoreError) as error:
        return _cli.fail(error, path)
    try:
        return COMMANDS[args.command](db, args)
    except upkeep.AliasError as error:
        print(f"refused: {error}", file=sys.stderr)
        return REFUSED
    except (OSError, sqlite3.Error, store.StoreError) as error:
        return _cli.fail(error, path)
    finally:
        db.conn.close()


def suggest(db, args: argparse.Namespace) -> int:
    """Print the unrecognised labels with suggested keys."""
    for line in stored_unrecognised(store.upkeep.iter_profiles(db)):
        if args.field in (None, line["field"]):
            print(json.dumps(line, ensure_ascii=False) if args.json else text(line))
    return 0


def accept(db, args: argparse.Namespace) -> int:
    """Store an alias and say how many profiles it re-mapped."""
    change = upkeep.accept_alias(db, args.field, args.value, args.key, args.actor)
    print(
        f"{args.field}: {args.value!r} -> {args.key}; {len(change.profiles)} "
        f"profiles re-mapped; directory version {change.directory_version}"
    )
    return 0


def remove(db, args: argparse.Namespace) -> int:
    """Remove an alias and say how many profiles it restored."""
    change = upkeep.remove_alias(db, args.field, args.value, args.actor)
    print(
        f"{args.field}: alias {change.alias['raw']!r} removed; "
        f"{len(change.profiles)} profiles restored; "
        f"directory version {change.directory_version}"
    )
    return 0


def export(db, args: argparse.Namespace) -> int:
    """Print or write the aliases in force as vocabulary files."""
    fields = [args.field] if args.field else sorted(MAPPED_FIELDS)
    files = {name: upkeep.export_vocabulary(db, name) for name in fields}
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for name, document in files.items():
            if document["entries"] or document["not_labels"] or args.field:
                (out / f"{name}.json").write_text(_dumped(document) + "\n", "utf-8")
                print(out / f"{name}.json")
    else:
        print(_dumped(files[args.field] if args.field else files))
    return 0


def _dumped(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


COMMANDS = {"suggest": suggest, "accept": accept, "remove": remove, "export": export}


def text(line: dict) -> str:
    """Render one unrecognised value as a line of text."""
    hint = ", ".join(f"{s['key']} {s['score']:g}" for s in line["suggestions"])
    return f"{line['field']}: {line['value']!r} x{line['count']}" + (
        f"; suggested: {hint}" if hint else ""
    )


if __name__ == "__main__":
    sys.exit(main())
