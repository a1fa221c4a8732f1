"""The approach vignettes' figures: ``python -m bench.focus.approaches``.

Ranks the approach vignettes (``approach_vignettes.jsonl``, RUBRIC.md
"Approaches") on the focus directory and scores each top 5 against
``approach_grades.csv`` as ``bench/bench_focus.py`` scores the concern
vignettes (NDCG@5, mean grade, a random eligible five), for the approaches
match as shipped and with its parts switched off in turn (*presence only* is
the rule before: 1 when any asked approach is listed). The 36 concern
vignettes are scored too, to show they do not move. Writes
``bench/results/focus_approaches.json``.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bench.bench_focus import (
    FOCUS,
    ROOT,
    TODAY,
    graded_figures,
    imported,
    one_vignette,
    vignettes,
    without_words,
)
from matcher.engine import focus_approaches
from matcher.engine.matcher import Matcher

RESULTS = ROOT / "bench" / "results" / "focus_approaches.json"
SHIPPED = {
    name: getattr(focus_approaches, name) for name in ("LISTED", "BREADTH", "WORDS")
}
VARIANTS = {
    "shipped": SHIPPED,
    "presence only": {"LISTED": 1.0, "BREADTH": 0.0, "WORDS": 0.0},
    "without own words": {"LISTED": 0.75, "BREADTH": 0.25, "WORDS": 0.0},
    "without breadth": {"LISTED": 0.75, "BREADTH": 0.0, "WORDS": 0.25},
}
SUMMARY = ("ndcg_at_5", "random_ndcg_at_5", "mean_grade_top5", "random_mean_grade",
           "ideal_mean_grade", "top5_all_tied")  # fmt: skip


def approach_vignettes() -> list[dict[str, Any]]:
    """Return the approach vignettes."""
    text = (FOCUS / "approach_vignettes.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def approach_grades() -> dict[str, dict[str, int]]:
    """Return vignette -> therapist id -> grade from approach_grades.csv."""
    out: dict[str, dict[str, int]] = {}
    with (FOCUS / "approach_grades.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["vignette"], {})[row["therapist_id"]] = int(row["grade"])
    return out


@contextmanager
def shares(values: dict[str, float]) -> Iterator[None]:
    """Set the approaches match's shares for a while (a fit reads them)."""
    kept = {name: getattr(focus_approaches, name) for name in values}
    for name, value in values.items():
        setattr(focus_approaches, name, value)
    try:
        yield
    finally:
        for name, value in kept.items():
            setattr(focus_approaches, name, value)


def summary(matcher: Matcher, requests: list[dict[str, Any]]) -> dict[str, Any]:
    """Score the approach vignettes' top fives against their grades."""
    graded = approach_grades()
    rows = [one_vignette(matcher, v, graded[v["request_id"]]) for v in requests]
    scored = [r for r in rows if r["ndcg_at_5"] is not None]
    out = {
        key: round(sum(r[key] for r in scored) / len(scored), 3)
        for key in SUMMARY if key != "top5_all_tied"
    }  # fmt: skip
    out["top5_all_tied"] = sum(r["top5_distinct_scores"] == 1 for r in rows)
    return out | {"per_vignette": rows}


def variant(profiles, values: dict[str, float], quick: bool) -> dict[str, Any]:
    """Fit with one set of shares; score approach and concern vignettes."""
    with shares(values):
        matcher = Matcher(today=TODAY).fit(profiles)
    asked = approach_vignettes()
    out = {
        "shares": values,
        "as_written": summary(matcher, asked),
        "approaches_only": summary(matcher, [without_words(v) for v in asked]),
    }
    if not quick:
        concerns = graded_figures(matcher, vignettes())
        out["concern_vignettes_ndcg_at_5"] = concerns["ndcg_at_5"]
    return out


def run(quick: bool = False) -> dict[str, Any]:
    """Measure every variant of the approaches match on the approach vignettes."""
    profiles = imported(FOCUS / "profiles.jsonl")
    figures = {name: variant(profiles, v, quick) for name, v in VARIANTS.items()}
    for name, f in figures.items():
        written, bare = f["as_written"], f["approaches_only"]
        concerns = f.get("concern_vignettes_ndcg_at_5")
        print(name, written["ndcg_at_5"], bare["ndcg_at_5"], concerns)
    return figures


def main() -> int:
    """Run and write bench/results/focus_approaches.json."""
    started = time.time()
    figures = run()
    record = {
        "benchmark": "focus_approaches",
        "ran_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "seconds": round(time.time() - started, 1),
        "figures": figures,
    }
    RESULTS.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
