"""Label mapping: precision and recall per stage on the labelled evaluation set.

The set (``tests/data/labels_eval.csv``) holds real-world-style directory labels
for every list field, each with the keys a careful reader would map it to, or
``none``: variants, typos, multi-value cells, trainer and level suffixes,
near-miss traps and free text. Every key the mapper makes is credited to the
stage that made it; a stage's precision is the share of its keys that are
expected, and its recall the share of all expected keys it found. The exact
stage alone is what the import did before the mapper.

It also times the admin overview's blind-filter check on a generated
directory: worked out from every stored profile (as each page load did before
the check was saved per directory version), then read back.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.common import generated_directory, seconds
from matcher import store
from matcher.labels import STAGES, checks, map_label
from matcher.labels.report import stored_blind_filters

EVAL_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "labels_eval.csv"
TARGETS = {"precision": 0.995, "recall": 0.95}


def load_set(path: Path = EVAL_SET) -> list[dict[str, Any]]:
    """Read the evaluation set: field, label, expected keys (a set), kind."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        expected = row["expected"]
        row["keys"] = set() if expected == "none" else set(expected.split(";"))
    return rows


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0


def evaluate(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Map every label and count right and wrong keys overall, by stage and field."""
    made, right, expected = Counter(), Counter(), Counter()
    wrong, missed = [], []
    for row in rows:
        result = map_label(row["field"], row["label"])
        expected["all"] += len(row["keys"])
        expected[row["field"]] += len(row["keys"])
        for key, stage in zip(result.keys, result.stages, strict=True):
            hit = key in row["keys"]
            for group in ("all", stage, row["field"]):
                made[group] += 1
                right[group] += hit
            if not hit:
                wrong.append([row["field"], row["label"], key, stage])
        missed += [
            [row["field"], row["label"], k] for k in row["keys"] - set(result.keys)
        ]
    return {
        "labels": len(rows),
        "expected_keys": expected["all"],
        "precision": _ratio(right["all"], made["all"]),
        "recall": _ratio(right["all"], expected["all"]),
        "stages": _stages(made, right, expected["all"]),
        "fields": {
            f: {
                "labels": sum(r["field"] == f for r in rows),
                "precision": _ratio(right[f], made[f]),
                "recall": _ratio(right[f], expected[f]),
            }
            for f in sorted({r["field"] for r in rows})
        },
        "kinds": dict(sorted(Counter(r["kind"] for r in rows).items())),
        "wrong": wrong,
        "missed": missed,
    }


def _stages(made: Counter, right: Counter, expected: int) -> list[dict[str, Any]]:
    out, found = [], 0
    for stage in STAGES:
        found += right[stage]
        out.append(
            {
                "stage": stage,
                "keys_made": made[stage],
                "precision": _ratio(right[stage], made[stage]),
                "recall": _ratio(right[stage], expected),
                "recall_through_stage": _ratio(found, expected),
            }
        )
    return out


def run(quick: bool = False) -> dict[str, Any]:
    """Evaluate the mapper on the set and time it (labels mapped per second).

    The timing clears the mapper's memory of labels before each pass, so every
    label is worked out afresh (an import maps each distinct label once).
    """
    rows = load_set()
    figures = evaluate(rows)
    repeats = 1 if quick else 5
    elapsed = 0.0
    for _ in range(repeats):
        map_label.cache_clear()
        started = time.perf_counter()
        for row in rows:
            map_label(row["field"], row["label"])
        elapsed += time.perf_counter() - started
    figures["labels_per_second"] = round(repeats * len(rows) / elapsed)
    figures["targets"] = TARGETS
    figures["overview_check"] = overview_check(2_000 if quick else 20_000)
    return figures


def _first_load(db) -> list[dict[str, Any]]:
    """Load the check with nothing saved, as the first load after a change does."""
    checks.forget()
    return checks.directory_blind_filters(db)


def overview_check(n: int, repeats: int = 3) -> dict[str, Any]:
    """Time the overview's blind-filter check: every profile read, then saved."""
    _, db = generated_directory(n)
    every_load = min(
        seconds(lambda: stored_blind_filters(store.upkeep.iter_profiles(db)))[1]
        for _ in range(repeats)
    )
    first = min(seconds(lambda: _first_load(db))[1] for _ in range(repeats))
    saved = min(
        seconds(lambda: checks.directory_blind_filters(db))[1] for _ in range(5)
    )
    return {
        "profiles": n,
        "every_load_seconds": round(every_load, 3),
        "first_load_seconds": round(first, 3),
        "saved_load_us": round(saved * 1e6, 1),
        "speedup": round(every_load / saved),
    }
