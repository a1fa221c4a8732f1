"""Style estimates: sign accuracy and coverage on the labelled set, and speed.

Accuracy: on tests/data/style_eval.jsonl (profiles a reader labelled), the
sign (directive / client-led / neutral) of estimates with confidence >= 0.5
against the reader's, and the coverage (the share estimated that
confidently), for the full model and for the approach priors alone (bios
emptied). The held-out split (written after the cue list was fixed) is
reported apart. Speed: profiles per second over a generated directory with
every stated style emptied, as at fit time, by the clock and per CPU second
(the machine is shared, so the clock depends on the load, which is recorded).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import seconds
from matcher.demo import make_profiles
from matcher.style_estimate import DIMENSIONS, estimate_styles
from matcher.style_estimate.evaluate import (
    CONFIDENT,
    evaluate,
    load_labelled,
    without_bio,
)

EVAL_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "style_eval.jsonl"
SIZE = 100_000
QUICK_SIZE = 5_000


def accuracy(rows: list[dict[str, Any]], dimension: str) -> dict[str, Any]:
    """Return the full model's and the priors-only figures on some rows."""
    full, priors = evaluate(rows, dimension), evaluate(without_bio(rows), dimension)
    return {"full_model": full, "approach_priors_only": priors}


def by_kind(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Return directiveness figures for each kind of profile in the set."""
    kinds = sorted({row["kind"] for row in rows})
    return {
        k: accuracy([r for r in rows if r["kind"] == k], DIMENSIONS[0]) for k in kinds
    }


def speed(n: int) -> dict[str, Any]:
    """Estimate every style of n generated profiles; return the rate and shares."""
    rows = make_profiles(n, seed=19)
    for row in rows:
        row.update({f"style_{dim}": "" for dim in DIMENSIONS})
    estimate_styles(rows[:50])  # load the data files before timing
    cpu_started = time.process_time()
    found, took = seconds(lambda: estimate_styles(rows))
    cpu = time.process_time() - cpu_started
    confident = Counter(
        dim for one in found for dim, e in one.items() if e.confidence >= CONFIDENT
    )
    return {
        "profiles": n,
        "seconds": round(took, 2),
        "profiles_per_second": round(n / took),
        "cpu_seconds": round(cpu, 2),
        "profiles_per_cpu_second": round(n / cpu),
        "load_average": round(os.getloadavg()[0], 1),
        "confident_share": {dim: round(confident[dim] / n, 3) for dim in DIMENSIONS},
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Measure the estimator's accuracy on the labelled set and its speed."""
    rows = load_labelled(EVAL_SET)
    held_out = [row for row in rows if row.get("split") == "holdout"]
    return {
        "labelled_profiles": len(rows),
        "held_out_profiles": len(held_out),
        "confidence_threshold": CONFIDENT,
        "dimensions": {dim: accuracy(rows, dim) for dim in DIMENSIONS},
        "held_out": accuracy(held_out, DIMENSIONS[0]),
        "by_kind": by_kind(rows),
        "speed": speed(QUICK_SIZE if quick else SIZE),
    }
