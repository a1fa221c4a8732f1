"""Re-score every live saved request, or a JSON Lines file of requests.

Writes a run record and each request's top k to the database (and to --out as
CSV or JSON Lines), and reports what changed since each request's previous run.
A run is written chunk by chunk: if it is stopped, --resume finishes it. When
the latest run of the same input already finished, --resume says so and does
nothing; add --force to score that input again as a new run.

Exit status: 0 every request scored, or nothing left to resume; 3 finished, but
malformed requests were skipped; 1 --strict refused malformed requests (nothing
written); 2 usage error, unreadable input or database, or a run that cannot be
resumed; 4 storage fault: the disk is full, or the database or --out is
read-only or cannot be opened (the chunk being written is not kept); 130
interrupted (run again with --resume to finish).
"""

from __future__ import annotations

import argparse
import sys

import _cli
import sqlite_utils
from tqdm import tqdm

from matcher import store
from matcher.batch import batch
from matcher.batch.batch_output import OutputError
from matcher.engine.request import MAX_LIMIT
from matcher.store import runs


def positive(text: str) -> int:
    """Read a whole number of at least 1."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = _cli.parser_from_doc(__doc__)
    _cli.add_db_option(parser)
    parser.add_argument(
        "--input", metavar="FILE",
        help="JSON Lines requests (request_id, or the line number, names each); "
        "default: the saved requests",
    )  # fmt: skip
    parser.add_argument(
        "--out", metavar="FILE", help="also write the results: .csv or .jsonl"
    )
    parser.add_argument(
        "-k", "--top", type=positive, default=batch.DEFAULT_K, metavar="N",
        help=f"matches kept per request (default {batch.DEFAULT_K}, at most "
        f"{MAX_LIMIT})",
    )  # fmt: skip
    parser.add_argument(
        "--chunk-size", type=positive, default=batch.CHUNK_SIZE, metavar="N",
        help=f"requests per chunk (default {batch.CHUNK_SIZE})",
    )  # fmt: skip
    _cli.add_switches(
        parser,
        ("--resume", "finish the unfinished run of the same input (or start one)"),
        ("--force", "with --resume: start a new run even if the last one finished"),
        ("--strict", "refuse the whole run, writing nothing, if any request is "
         "malformed"),
    )  # fmt: skip
    _cli.add_dask_option(
        parser, "score on Dask: a local cluster, or the scheduler at ADDRESS"
    )
    args = parser.parse_args(argv)
    if args.top > MAX_LIMIT:
        parser.error(f"--top must be at most {MAX_LIMIT}")
    if args.force and not args.resume:
        parser.error("--force only goes with --resume")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the re-score and print its summary; never end in a traceback."""
    args = parse_args(argv)
    try:
        return _cli.guarded(
            lambda: rescore(args),
            _cli.db_path(args),
            refused=(batch.RescoreError, OutputError),
            missing=_cli.DASK_MISSING,
        )
    except KeyboardInterrupt:
        print("interrupted: run again with --resume to finish", file=sys.stderr)
        return 130


def read_batch(args: argparse.Namespace, db: sqlite_utils.Database) -> batch.Batch:
    """Read the requests to score, reporting every malformed one on stderr."""
    if args.input:
        try:
            found = batch.read_input(args.input)
        except OSError as error:
            raise OSError(f"cannot read {args.input}: {error.strerror}") from None
    else:
        found = batch.read_saved(db)
    for error in found.errors:
        print(error.describe(), file=sys.stderr)
    return found


def already_finished(db: sqlite_utils.Database, found: batch.Batch) -> bool:
    """Tell (and say) whether the latest run of this input finished already."""
    latest = runs.latest_run(db, found.source, found.input_digest)
    if latest is None or latest["status"] != "finished":
        return False
    print(
        f"run {latest['id']} of this input already finished at "
        f"{latest['finished_at']}: nothing to resume (add --force to score it "
        "again as a new run)",
        file=sys.stderr,
    )
    return True


def rescore(args: argparse.Namespace) -> int:
    """Read, score and write one run; return the exit status."""
    if args.out:
        batch.output_format(args.out)
    db = store.connect_existing(_cli.db_path(args))
    found = read_batch(args, db)
    if found.errors and args.strict:
        print(
            f"refused (--strict): {len(found.errors)} malformed requests; "
            "nothing was written",
            file=sys.stderr,
        )
        return 1
    if args.resume and not args.force and already_finished(db, found):
        return 0
    settings = batch.Settings(k=args.top, chunk_size=args.chunk_size)
    run = batch.open_run(db, found, settings, resume=args.resume)
    if args.resume:
        verb = "resuming" if run.resumed else "nothing to resume: starting"
        print(f"{verb} run {run.id} (top {run.settings.k})", file=sys.stderr)
    bar = tqdm(
        total=batch.remaining(db, run, found), unit="request",
        disable=not sys.stderr.isatty(), file=sys.stderr,
    )  # fmt: skip
    with bar:
        record = batch.execute(
            db, run, found, scheduler=args.dask, out=args.out, progress=bar.update
        )
    print(batch.describe_run(record))
    if args.out:
        print(f"results written to {args.out}")
    if found.errors:
        what = "lines" if args.input else "saved requests"
        print(f"{len(found.errors)} malformed {what} were skipped", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
