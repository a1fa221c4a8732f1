"""Shared pieces of the benchmarks: generated directories, timing, memory."""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from matcher import store
from matcher.demo import make_profiles, make_requests, write_csv
from matcher.directory.importer import import_file


def generated_directory(n: int, folder: Path | None = None) -> tuple[pd.DataFrame, Any]:
    """Import n generated profiles into a temporary database; return (frame, db)."""
    folder = folder or Path(tempfile.mkdtemp(prefix="bench-"))
    csv_path = folder / f"directory-{n}.csv"
    write_csv(make_profiles(n), csv_path)
    db = store.connect(folder / f"directory-{n}.db")
    report = import_file(db, csv_path)
    if not report.ok:
        raise RuntimeError(f"generated directory did not import: {report.message}")
    return store.load_directory(db), db


def request_mix(n: int, seed: int = 11) -> list[dict[str, Any]]:
    """Return n client requests in the demo mix."""
    return make_requests(n, seed=seed)


def timings_ms(call: Callable[[Any], Any], items: list[Any]) -> list[float]:
    """Time one call per item, in milliseconds."""
    out = []
    for item in items:
        started = time.perf_counter()
        call(item)
        out.append((time.perf_counter() - started) * 1000)
    return out


def summary(times_ms: list[float]) -> dict[str, float]:
    """Median, p95 and mean of a list of timings."""
    ordered = sorted(times_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median_ms": round(statistics.median(ordered), 4),
        "p95_ms": round(p95, 4),
        "mean_ms": round(statistics.fmean(ordered), 4),
        "count": len(ordered),
    }


def peak_memory_mb(call: Callable[[], Any]) -> tuple[Any, float]:
    """Run a call under tracemalloc; return its result and peak Python memory in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        result = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, round(peak / 1e6, 1)


def seconds(call: Callable[[], Any]) -> tuple[Any, float]:
    """Run a call; return its result and the seconds it took."""
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started
