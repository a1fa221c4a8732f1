"""Write the synthetic demo directory (therapists.csv) and requests (requests.jsonl).

Usage from the project root:

    python scripts/make_demo_data.py                      # data/demo, 2,000 + 300
    python scripts/make_demo_data.py --profiles 100000 --csv /tmp/big.csv

Exit status: 0 written; 2 usage error, or a file cannot be written; 4 storage
fault (a full disk, a read-only folder, permission denied).
"""

import argparse
import sys
import time
from pathlib import Path

try:
    import matcher  # noqa: F401
except ImportError:  # run as a plain script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.demo import make_profiles, make_requests, write_csv, write_jsonl
from matcher.store.faults import storage_fault


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=2000, help="therapists")
    parser.add_argument("--requests", type=int, default=300, help="client requests")
    parser.add_argument("--seed", type=int, default=7, help="seed for profiles")
    parser.add_argument(
        "--request-seed", type=int, default=11, help="seed for requests"
    )
    parser.add_argument("--out", type=Path, default=Path("data/demo"), help="folder")
    parser.add_argument("--csv", type=Path, help="write the profiles to this file")
    parser.add_argument(
        "--profiles-only", action="store_true", help="do not write requests"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Generate and write the demo files; never end in a traceback."""
    args = parse_args(argv)
    try:
        return write_demo(args)
    except OSError as error:
        fault = storage_fault(error)
        cause = fault.cause if fault else error.strerror
        print(f"error: cannot write {error.filename}: {cause}", file=sys.stderr)
        return 2 if fault is None else 4


def write_demo(args: argparse.Namespace) -> int:
    """Generate and write the demo files; print what was written."""
    started = time.perf_counter()
    csv_path = args.csv or args.out / "therapists.csv"
    write_csv(make_profiles(args.profiles, seed=args.seed), csv_path)
    print(f"{args.profiles} profiles -> {csv_path}")
    if not args.profiles_only:
        jsonl_path = args.out / "requests.jsonl"
        write_jsonl(make_requests(args.requests, seed=args.request_seed), jsonl_path)
        print(f"{args.requests} requests -> {jsonl_path}")
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
