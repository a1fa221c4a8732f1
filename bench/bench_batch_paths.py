"""Batch paths compared: the matrix twins against the part approach.

``rank_many`` scores a state's requests either as (requests x therapists)
matrices with their own copy of each rule (``scoring_many``, the "matrix
twins"), or one request at a time over the state's own part of the index with
the single path's rules (``scoring_state``). The default ``batch_path="auto"``
uses matrices below ``part_rows`` therapists a state; ``"parts"`` uses the part
approach for every state. Both are timed in the same run, interleaved, best of
three, on the chunks a re-score cuts (as ``bench_batch`` does), with and
without words. Issue 18 keeps the twins only if they are more than 10% faster.
"""

from __future__ import annotations

from typing import Any

from bench.bench_batch import TODAY, K, chunks
from bench.common import generated_directory, request_mix, seconds
from matcher.engine.matcher import Matcher
from matcher.engine.request import parse_request

CASES = ((2_000, 10_000), (20_000, 4_000))
QUICK_CASES = ((2_000, 500),)
PATHS = ("auto", "parts")
REPEATS = 3


def one_case(profiles: int, count: int) -> dict[str, Any]:
    """Time every path, with and without words, on one generated directory."""
    frame, _db = generated_directory(profiles)
    parts = chunks([parse_request(r) for r in request_mix(count)])
    matchers = {p: Matcher(today=TODAY, batch_path=p).fit(frame) for p in PATHS}
    best: dict[str, float] = {}
    for _ in range(REPEATS):  # interleaved, best of each: load on the machine varies
        for path, matcher in matchers.items():
            for explain in (False, True):
                matcher.forget_parts()
                call = lambda m=matcher, e=explain: [  # noqa: E731
                    m.rank_many(c, K, explain=e) for c in parts
                ]
                name = f"{path}{'_explained' if explain else ''}"
                best[name] = min(best.get(name, float("inf")), seconds(call)[1])
    figures: dict[str, Any] = {"profiles": profiles, "requests": count}
    for name, took in best.items():
        figures[name] = {"seconds": round(took, 2), "per_second": round(count / took)}
    figures["matrices_faster_by"] = {
        words: round(best[f"parts{words}"] / best[f"auto{words}"] - 1, 3)
        for words in ("", "_explained")
    }
    return figures


def run(quick: bool = False) -> dict[str, Any]:
    """Run every case; print and return requests per second per path."""
    results = [one_case(n, m) for n, m in (QUICK_CASES if quick else CASES)]
    for case in results:
        print(
            f"{case['requests']:,} requests x {case['profiles']:,} profiles:"
            f" matrices (auto) {case['auto']['per_second']:,}/s, parts"
            f" {case['parts']['per_second']:,}/s; matrices faster by"
            f" {case['matrices_faster_by']}"
        )
    return {"cases": results, "k": K, "paths": list(PATHS)}
