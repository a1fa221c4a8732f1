"""Engine speed: per-request time against the reference scorer and a NumPy floor.

For each directory size the demo request mix is ranked by the vectorised
engine, by the reference scorer (one therapist at a time; fewer requests at
large sizes because it is slow) and by a floor: one NumPy pass over an
n x factors float32 matrix (a weighted sum and a top-k), the least any scorer
over every therapist must do. Figures are ratios measured in the same run.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from bench.common import generated_directory, request_mix, seconds, summary, timings_ms
from bench.reference import ReferenceScorer
from matcher.engine.factors import FACTOR_NAMES
from matcher.engine.matcher import Matcher
from matcher.engine.request import parse_request

TODAY = dt.date(2026, 11, 1)
SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000)
REQUESTS = 200
REFERENCE_BUDGET_S = 60.0  # time given to the slow reference scorer per size


def floor_ms(n: int, repeats: int = 50) -> list[float]:
    """Time one weighted sum and top-10 over an n x factors float32 matrix.

    BLAS is held to one thread, as the engine's own work is: on a shared 2-core
    machine a second BLAS thread only fights the load for the core.
    """
    rng = np.random.default_rng(0)
    matrix = rng.random((n, len(FACTOR_NAMES)), dtype=np.float32)
    weights = rng.random(len(FACTOR_NAMES), dtype=np.float32)

    def one(_: object) -> np.ndarray:
        scores = matrix @ weights
        return np.argpartition(-scores, 10)[:10]

    with threadpool_limits(limits=1):
        return timings_ms(one, range(repeats))


def reference_ms(reference: ReferenceScorer, requests: list[Any]) -> list[float]:
    """Time the reference scorer on as many requests as its budget allows."""
    times: list[float] = []
    for request in requests:
        times += timings_ms(reference.rank, [request])
        if sum(times) / 1000 > REFERENCE_BUDGET_S and len(times) >= 3:
            break
    return times


def one_size(n: int, requests: list[Any]) -> dict[str, Any]:
    """Measure fit, index memory and per-request times at one directory size."""
    frame, _db = generated_directory(n)
    engine, fit_s = seconds(lambda: Matcher(today=TODAY).fit(frame))
    engine_times = timings_ms(engine.rank, requests)
    reference = ReferenceScorer().fit(frame)
    ref_times = reference_ms(reference, requests)
    floor = summary(floor_ms(n))
    engine_same = summary(engine_times[: len(ref_times)])
    engine_all = summary(engine_times)
    return {
        "profiles": n,
        "fit_seconds": round(fit_s, 2),
        "index_mb": round(engine.index_.nbytes() / 1e6, 1),
        "engine": engine_all,
        "reference": summary(ref_times),
        "floor": floor,
        "speedup_vs_reference": round(
            summary(ref_times)["mean_ms"] / engine_same["mean_ms"], 1
        ),
        "times_floor": round(engine_all["median_ms"] / floor["median_ms"], 1),
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Run every size and report how time grows with n."""
    requests = [parse_request(r) for r in request_mix(REQUESTS)]
    sizes = QUICK_SIZES if quick else SIZES
    results = [one_size(n, requests) for n in sizes]
    for row in results:
        engine = row["engine"]
        print(
            f"n={row['profiles']:>9,}: median {engine['median_ms']:.2f} ms,"
            f" p95 {engine['p95_ms']:.2f} ms; {row['speedup_vs_reference']}x"
            f" reference; {row['times_floor']}x floor; fit {row['fit_seconds']} s;"
            f" index {row['index_mb']} MB"
        )
    return {"sizes": results, "requests": len(requests)}
