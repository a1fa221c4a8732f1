"""Batch re-score speed: the chunked rank_many path against rank() in a loop.

For each case a generated directory is imported into a temporary database and
the demo request mix is ranked four ways in the same run. The first three are
interleaved and the best of three passes is kept, as load on the machine varies:
``Matcher.rank`` one request at a time (the baseline), ``rank_many`` in chunks
with explanations, and ``rank_many`` in chunks as the batch calls it (factor
points, no words). Chunks are cut as a re-score cuts them (by state, then in
order), and each pass of the two batch ways starts with nothing kept from the
pass before (``Matcher.forget_parts``), as a new re-score process would. The
fourth is a whole re-score run (chunks written to SQLite with their results
and progress), then a second run that also works out what changed; their fit
is timed apart, as the loop's matcher is fitted beforehand. Peak Python memory
is measured with tracemalloc on a separate pass over a slice of the requests,
as tracing slows everything down; peak RSS is reported too.
"""

from __future__ import annotations

import datetime as dt
import resource
from collections.abc import Callable
from typing import Any

from bench.common import generated_directory, peak_memory_mb, request_mix, seconds
from matcher import store
from matcher.batch import batch
from matcher.batch.batch import partition
from matcher.batch.batch_input import Batch, Item
from matcher.engine.matcher import Matcher
from matcher.engine.request import parse_request

TODAY = dt.date(2026, 11, 1)
K = 10
CHUNK = batch.CHUNK_SIZE
CASES = ((2_000, 10_000), (100_000, 1_000))
QUICK_CASES = ((2_000, 500),)
MEMORY_SLICE = 500  # requests traced for peak memory
REPEATS = 3


def chunks(requests: list[Any]) -> list[list[Any]]:
    """Cut the requests into chunks as a re-score does: by state, then in order."""
    items = [Item(str(i), str(i), i, r) for i, r in enumerate(requests)]
    return [[item.request for item in part.items] for part in partition(items, CHUNK)]


def ways(matcher: Matcher, requests: list[Any]) -> dict[str, Callable[[], Any]]:
    """Return the ways of ranking every request, each a call with no arguments.

    Each batch way starts as a fresh re-score process would, with nothing kept
    of the states from an earlier pass over the same requests.
    """

    parts = chunks(requests)

    def batch(explain: bool) -> list[Any]:
        matcher.forget_parts()
        return [matcher.rank_many(c, K, explain=explain) for c in parts]

    return {
        "rank_loop": lambda: [matcher.rank(r, K) for r in requests],
        "rank_many_explained": lambda: batch(True),
        "rank_many_batch": lambda: batch(False),
    }


def whole_run(db: Any, source: Batch) -> dict[str, Any]:
    """Re-score the requests as rescore.py does; time the fit and the scoring."""
    run, fit_s = seconds(
        lambda: batch.open_run(db, source, batch.Settings(k=K), today=TODAY)
    )
    record, score_s = seconds(lambda: batch.execute(db, run, source))
    return {
        "fit_seconds": round(fit_s, 2), "seconds": round(score_s, 2),
        "per_second": round(record["scored"] / score_s),
        "compared": record["compared"],
    }  # fmt: skip


def one_case(profiles: int, count: int) -> dict[str, Any]:
    """Measure every way of ranking ``count`` requests over ``profiles``."""
    frame, db = generated_directory(profiles)
    matcher = Matcher(today=TODAY).fit(frame, store.directory_version(db))
    requests = [parse_request(r) for r in request_mix(count)]
    figures: dict[str, Any] = {"profiles": profiles, "requests": count}
    best: dict[str, float] = {}
    for _ in range(REPEATS):  # interleaved, best of each: load on the machine varies
        for name, call in ways(matcher, requests).items():
            best[name] = min(best.get(name, float("inf")), seconds(call)[1])
    for name, took in best.items():
        figures[name] = {"seconds": round(took, 2), "per_second": round(count / took)}
    source = Batch(
        "bench", [Item(str(i), str(i), i, r) for i, r in enumerate(requests)]
    )
    figures["rescore_run_first"] = whole_run(db, source)
    figures["rescore_run_again"] = whole_run(db, source)  # compares with the first
    figures["peak_python_mb"] = peak_memory(matcher, requests[:MEMORY_SLICE])
    loop = figures["rank_loop"]["per_second"]
    figures["ratio_vs_loop"] = {
        name: round(figures[name]["per_second"] / loop, 2)
        for name in ("rank_many_explained", "rank_many_batch", "rescore_run_again")
    }
    return figures


def peak_memory(matcher: Matcher, requests: list[Any]) -> dict[str, float]:
    """Peak Python memory of each engine way over a slice of the requests."""
    return {
        name: peak_memory_mb(call)[1] for name, call in ways(matcher, requests).items()
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Run every case; print and return requests per second and ratios."""
    results = [one_case(n, m) for n, m in (QUICK_CASES if quick else CASES)]
    for case in results:
        ratio = case["ratio_vs_loop"]
        print(
            f"{case['requests']:,} requests x {case['profiles']:,} profiles: loop"
            f" {case['rank_loop']['per_second']:,}/s; rank_many batch"
            f" {case['rank_many_batch']['per_second']:,}/s"
            f" ({ratio['rank_many_batch']}x); whole run"
            f" {case['rescore_run_again']['per_second']:,}/s"
            f" ({ratio['rescore_run_again']}x)"
        )
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"cases": results, "k": K, "chunk": CHUNK, "max_rss_mb": round(max_rss_mb)}
