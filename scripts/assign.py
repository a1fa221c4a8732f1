"""Assign a waitlist to the therapists' open slots, urgent clients first.

Each line of --input is a request (as for rescore.py) with optional "priority"
(urgent, high or normal; default normal) and "waiting_since" (YYYY-MM-DD).
Places as many urgent clients as possible, then high, then normal; among those
placements the highest total fit; then the longest waiting. No therapist gets
more clients than its open_slots, and every pair passes the client's hard
filters. Prints one line per client and a summary against first-come greedy;
--out writes the rows as CSV, --json prints everything as JSON instead. --dask
ranks the clients on Dask, one task per state (the dask extra). The
directory does not change: --store keeps the run in the database for an admin
to review and confirm at /admin/assignments (confirming lowers open_slots).

Exit status: 0 every client considered; 3 done, but malformed lines were
skipped; 1 --strict refused malformed lines (nothing written); 2 usage error,
unreadable input or database, no waiting client, or no therapist with open
slots; 4 storage fault (the database or --out).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import _cli

from matcher import store
from matcher.assign import Assignment, Summary, assign, read_waitlist, slots_of
from matcher.directory.export import neutralise
from matcher.engine.matcher import Matcher

CSV_COLUMNS = (
    "request_id", "priority", "therapist_id", "score", "choice_rank", "reason",
    "first_choice_id", "first_choice_note",
)  # fmt: skip


class NothingToAssign(Exception):
    """The waitlist or the directory leaves nothing to assign."""


def parse_args(argv: list[str] | None):
    """Read the command line."""
    parser = _cli.parser_from_doc(__doc__)
    _cli.add_db_option(parser)
    parser.add_argument("--input", metavar="FILE", required=True,
                        help="the waitlist, JSON Lines")  # fmt: skip
    parser.add_argument("--out", metavar="FILE", help="write the rows as CSV")
    _cli.add_switches(
        parser,
        ("--json", "print the rows and summaries as JSON"),
        ("--store", "keep the run for review and confirmation at /admin/assignments"),
        ("--strict", "refuse the whole run if any line is malformed"),
    )
    _cli.add_dask_option(
        parser,
        "rank on Dask, one task per state: a local cluster, or the scheduler at "
        "ADDRESS",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the assignment and print it; never end in a traceback."""
    args = parse_args(argv)
    return _cli.guarded(
        lambda: run(args),
        _cli.db_path(args),
        refused=(NothingToAssign,),
        missing=_cli.DASK_MISSING,
    )


def run(args) -> int:
    """Read, assign and write; return the exit status."""
    try:
        waitlist = read_waitlist(args.input)
    except OSError as error:
        raise OSError(f"cannot read {args.input}: {error.strerror}") from None
    for error in waitlist.errors:
        print(error.describe(), file=sys.stderr)
    if waitlist.errors and args.strict:
        print(f"refused (--strict): {len(waitlist.errors)} malformed lines; "
              "nothing was written", file=sys.stderr)  # fmt: skip
        return 1
    if not waitlist.clients:
        raise NothingToAssign(f"no waiting client in {args.input}")
    db = store.connect_existing(_cli.db_path(args))
    profiles = store.load_directory(db)
    slots = slots_of(profiles)
    if not slots:
        raise NothingToAssign(
            "no therapist has open slots (set open_slots in the directory); "
            "nothing was assigned"
        )
    outcomes = store.outcomes.load_outcomes(db)
    matcher = Matcher().fit(profiles, store.directory_version(db), outcomes)
    result = assign(matcher, waitlist.clients, slots, scheduler=args.dask)
    if args.out:
        Path(args.out).write_text(assignment_csv(result), encoding="utf-8")
    print(as_json(result) if args.json else as_text(result))
    if args.store:
        run_id = store_run(db, result, Path(args.input).name)
        print(f"stored as assignment run {run_id}: review and confirm it at "
              f"/admin/assignments/{run_id}", file=sys.stderr)  # fmt: skip
    if waitlist.errors:
        print(f"{len(waitlist.errors)} malformed lines were skipped", file=sys.stderr)
        return 3
    return 0


def store_run(db, result: Assignment, file_name: str) -> int:
    """Keep the run for the admins' review; return its id."""
    return store.assignments.save_run(
        db, [vars(row) for row in result.placements], result.summary.to_dict(),
        result.greedy.to_dict(), source="scripts/assign.py", file_name=file_name,
        directory_version=store.directory_version(db),
    )  # fmt: skip


def assignment_csv(result: Assignment) -> str:
    """Return the rows as CSV, every cell through the formula guard."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in result.placements:
        cells = [getattr(row, name) for name in CSV_COLUMNS]
        writer.writerow([neutralise("" if v is None else str(v)) for v in cells])
    return buffer.getvalue()


def as_json(result: Assignment) -> str:
    """Return the rows and both summaries as JSON."""
    return json.dumps({
        "placements": [vars(row) for row in result.placements],
        "summary": result.summary.to_dict(),
        "greedy": result.greedy.to_dict(),
    }, ensure_ascii=False)  # fmt: skip


def as_text(result: Assignment) -> str:
    """Return one line per client, then the summary against greedy."""
    lines = []
    for row in result.placements:
        if row.therapist_id:
            line = (f"{row.request_id}: {row.therapist_id} (fit {row.score:g}, "
                    f"choice {row.choice_rank})")  # fmt: skip
        else:
            line = f"{row.request_id}: unplaced: {row.reason}"
        if row.first_choice_note:
            line += f"; first choice {row.first_choice_id}: {row.first_choice_note}"
        lines.append(line)
    lines += [describe("optimal", result.summary), describe("greedy", result.greedy)]
    return "\n".join(lines)


def describe(label: str, summary: Summary) -> str:
    """Say in one line how many were placed and how well."""
    levels = ", ".join(
        f"{level} {summary.placed[level]}/{summary.waiting[level]}"
        for level in summary.placed
    )
    mean = "-" if summary.mean_fit is None else f"{summary.mean_fit:g}"
    worst = "-" if summary.worst_fit is None else f"{summary.worst_fit:g}"
    return (
        f"{label}: placed {summary.placed_total} ({levels}); total fit "
        f"{summary.total_fit:g}, mean {mean}, worst {worst}; "
        f"{summary.first_choice} got their first choice"
    )


if __name__ == "__main__":
    sys.exit(main())
