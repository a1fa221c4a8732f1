"""Run the benchmarks: ``python -m bench [NAME ...] [--quick]``.

Each ``bench/bench_<name>.py`` has ``run(quick: bool) -> dict``; its figures
(ratios against a baseline measured in the same run, plus the raw timings and
the machine) are written to ``bench/results/<name>.json`` for the docs to quote.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def machine() -> dict[str, object]:
    """Describe the machine the figures come from."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
    }


def available() -> list[str]:
    """Return the names of the benchmarks in this folder."""
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks (all by default) and write their results."""
    parser = argparse.ArgumentParser(description="Run the project's benchmarks.")
    parser.add_argument("names", nargs="*", help=f"some of: {', '.join(available())}")
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent))
    RESULTS.mkdir(exist_ok=True)
    for name in args.names or available():
        module = importlib.import_module(f"bench.bench_{name}")
        started = time.time()
        figures = module.run(quick=args.quick)
        record = {
            "benchmark": name,
            "quick": args.quick,
            "ran_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
            "seconds": round(time.time() - started, 1),
            "machine": machine(),
            "figures": figures,
        }
        suffix = "-quick" if args.quick else ""
        path = RESULTS / f"{name}{suffix}.json"
        path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"{name}: wrote {path.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
