"""Write the synthetic demo directory (therapists.csv) and requests (requests.jsonl).

Usage from the project root:

    python scripts/make_demo_data.py                      # data/demo, 2,000 + 300
    python scripts/make_demo_data.py --profiles 100000 --csv /tmp/big.csv
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
    """Generate and write the demo files; print what was written."""
    args = parse_args(argv)
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
