"""Relevance by focus: graded vignettes, and a label-free measure on the demo.

Graded part: the engine is fitted on the fictional directory of
``bench/focus/`` (imported as an admin would import it) and ranks each
vignette; its top 5 are scored against the rubric's grades
(``bench/focus/grades.csv``) by NDCG@5 (gain 2^grade - 1, ideal order from
every eligible candidate) and by their mean grade, beside a random five drawn
from the same eligible candidates (the mean of many seeded draws). It runs
twice: as written (the client's own words in ``concerns_text``), and with the
concerns alone, as a client who ticks boxes and writes nothing.

Label-free part, on the demo directory (``data/demo/therapists.csv``): for
requests that name one concern and nothing else, in every state, how many
distinct scores the top 10 hold, how many top-10 bios speak of the concern
against the share among all eligible therapists who list it, and how many
specialties the top 10 list against all those listers.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import statistics
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bench.focus.grade import speaks_of
from matcher import store
from matcher.directory.importer import import_file
from matcher.engine import focus
from matcher.engine.matcher import Matcher

ROOT = Path(__file__).resolve().parents[1]
FOCUS = ROOT / "bench" / "focus"
DEMO = ROOT / "data" / "demo" / "therapists.csv"
TODAY = dt.date(2026, 11, 1)
K = 5
DRAWS = 2_000
SEED = 20
DEMO_CONCERNS = ("trauma", "insomnia", "ocd", "grief", "perinatal",
                 "eating_disorders", "adhd", "relationships")  # fmt: skip
TOP = 10


def imported(path: Path) -> pd.DataFrame:
    """Import a profile file into a temporary database; return the directory."""
    with tempfile.TemporaryDirectory(prefix="bench-focus-") as folder:
        db = store.connect(Path(folder) / "focus.db")
        try:
            report = import_file(db, path)
            if not report.ok or report.errors:
                raise RuntimeError(f"{path.name} did not import: {report.message}")
            return store.load_directory(db)
        finally:
            db.conn.close()


def vignettes() -> list[dict[str, Any]]:
    """Return the evaluation's client requests."""
    lines = (FOCUS / "vignettes.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def grades() -> dict[str, dict[str, int]]:
    """Return vignette -> therapist id -> grade from grades.csv."""
    out: dict[str, dict[str, int]] = {}
    with (FOCUS / "grades.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            out.setdefault(row["vignette"], {})[row["therapist_id"]] = int(row["grade"])
    return out


def dcg(ranked: Sequence[int], k: int = K) -> float:
    """Discounted cumulative gain of the first k grades (gain 2^grade - 1)."""
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ranked[:k]))


def ndcg(ranked: Sequence[int], pool: Sequence[int], k: int = K) -> float | None:
    """NDCG@k of a ranking against the best order of its pool; None when all are 0."""
    ideal = dcg(sorted(pool, reverse=True), k)
    return dcg(ranked, k) / ideal if ideal > 0 else None


def random_five(pool: Sequence[int], seed: int = SEED, draws: int = DRAWS) -> dict:
    """Mean grade and NDCG@5 of random fives from the pool, over seeded draws."""
    rng = np.random.default_rng(seed)
    values = np.asarray(pool)
    size = min(K, len(values))
    picks = [values[rng.choice(len(values), size, replace=False)] for _ in range(draws)]
    scores = [ndcg(list(p), pool) for p in picks]
    kept = [s for s in scores if s is not None]
    return {
        "mean_grade": float(np.mean([p.mean() for p in picks])) if size else 0.0,
        "ndcg_at_5": statistics.fmean(kept) if kept else None,
    }


def one_vignette(matcher: Matcher, request: dict, graded: dict[str, int]) -> dict:
    """Rank one vignette and score its top 5 and a random five against the grades."""
    everyone = matcher.rank_many([request], k=len(matcher.index_.ids), explain=False)
    ranked = [m.therapist_id for m in everyone[0].matches]
    pool = [graded[t] for t in ranked]  # KeyError: a candidate left ungraded
    chance = random_five(pool)
    top = pool[:K]
    top_scores = [m.score for m in everyone[0].matches[:K]]
    return {
        "vignette": request["request_id"],
        "eligible": len(pool),
        "relevant": sum(g >= 2 for g in pool),
        "top5": ranked[:K],
        "top5_grades": top,
        "top5_distinct_scores": len(set(top_scores)),
        "ndcg_at_5": _round(ndcg(top, pool)),
        "mean_grade_top5": round(statistics.fmean(top), 3) if top else 0.0,
        "random_ndcg_at_5": _round(chance["ndcg_at_5"]),
        "random_mean_grade": round(chance["mean_grade"], 3),
        "ideal_mean_grade": round(statistics.fmean(sorted(pool)[-K:]), 3),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def without_words(request: dict[str, Any]) -> dict[str, Any]:
    """Return the request as a client who ticks concerns but writes nothing."""
    return {k: v for k, v in request.items() if k != "concerns_text"}


def graded_figures(matcher: Matcher, requests: list[dict[str, Any]]) -> dict:
    """Rank every vignette on the focus directory; return overall and per vignette."""
    graded = grades()
    rows = [one_vignette(matcher, v, graded[v["request_id"]]) for v in requests]
    scored = [r for r in rows if r["ndcg_at_5"] is not None]

    def mean(key: str, among: list[dict] = rows) -> float:
        return round(statistics.fmean(r[key] for r in among), 3)

    return {
        "vignettes": len(rows),
        "vignettes_with_a_graded_candidate": len(scored),
        "random_draws": DRAWS,
        "ndcg_at_5": mean("ndcg_at_5", scored),
        "random_ndcg_at_5": mean("random_ndcg_at_5", scored),
        "mean_grade_top5": mean("mean_grade_top5"),
        "random_mean_grade": mean("random_mean_grade"),
        "ideal_mean_grade": mean("ideal_mean_grade"),
        "top5_all_tied": sum(r["top5_distinct_scores"] == 1 for r in rows),
        "per_vignette": rows,
    }


def concern_in_state(matcher: Matcher, frame: pd.DataFrame, concern: str, state: str):
    """Measure one concern-only request's top 10 in one state."""
    request = {"state": state, "concerns": [concern]}
    answer = matcher.rank_many([request], k=len(frame), explain=False)[0]
    eligible = frame.loc[[m.therapist_id for m in answer.matches]]
    listers = eligible[eligible["specialties"].map(lambda s: concern in s)]
    top = answer.matches[:TOP]
    top_rows = frame.loc[[m.therapist_id for m in top]]

    def mentions(rows: pd.DataFrame) -> int:
        return sum(speaks_of(bio or "", concern) for bio in rows["bio"])

    return {
        "distinct": len({m.score for m in top}),
        "top": len(top),
        "top_mentions": mentions(top_rows),
        "listers": len(listers),
        "lister_mentions": mentions(listers),
        "top_breadth": top_rows["specialties"].map(len).tolist(),
        "lister_breadth": listers["specialties"].map(len).tolist(),
    }


def demo_figures(quick: bool = False) -> dict[str, Any]:
    """The label-free measure per concern, pooled over the demo's states."""
    frame = imported(DEMO).set_index("id", drop=False)
    matcher = Matcher(today=TODAY).fit(frame.reset_index(drop=True))
    states = sorted({s for states in frame["license_states"] for s in states})
    concerns = DEMO_CONCERNS[:3] if quick else DEMO_CONCERNS
    out = {}
    for concern in concerns:
        cases = [concern_in_state(matcher, frame, concern, s) for s in states]
        cases = [c for c in cases if c["top"] == TOP]
        out[concern] = pooled(cases)
    return {"profiles": len(frame), "states": len(states), "concerns": out}


def pooled(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Pool one concern's per-state measurements."""
    top_breadth = [n for c in cases for n in c["top_breadth"]]
    lister_breadth = [n for c in cases for n in c["lister_breadth"]]
    return {
        "states": len(cases),
        "distinct_scores_top10": round(
            statistics.fmean(c["distinct"] for c in cases), 2
        ),
        "top10_bios_mentioning": round(
            statistics.fmean(c["top_mentions"] for c in cases), 2
        ),
        "base_rate_among_listers": round(
            sum(c["lister_mentions"] for c in cases)
            / max(1, sum(c["listers"] for c in cases)),
            3,
        ),
        "specialties_top10": round(statistics.fmean(top_breadth), 1),
        "specialties_all_listers": round(statistics.fmean(lister_breadth), 1),
    }


BEFORE = FOCUS / "before.json"
SUMMARY_KEYS = ("ndcg_at_5", "random_ndcg_at_5", "mean_grade_top5",
                "random_mean_grade", "ideal_mean_grade", "top5_all_tied")  # fmt: skip


def keep_as_before(results: Path = ROOT / "bench" / "results" / "focus.json") -> dict:
    """Copy the latest full run's summary figures to bench/focus/before.json.

    Run once, before the ranking change (``python -m bench.bench_focus``), so
    that the report can set later runs beside the baseline.
    """
    record = json.loads(results.read_text(encoding="utf-8"))
    figures = record["figures"]
    before = {
        "ran_at": record["ran_at"],
        **{
            run: {k: figures[run][k] for k in SUMMARY_KEYS}
            for run in ("graded", "graded_concerns_only")
        },
        "per_vignette": {
            row["vignette"]: row["ndcg_at_5"]
            for row in figures["graded"]["per_vignette"]
        },
    }
    BEFORE.write_text(json.dumps(before, indent=2) + "\n", encoding="utf-8")
    return before


# The concerns match with some of its parts switched off (matcher/engine/focus.py):
# presence only is the rule before issue 20 (the share of concerns listed).
ABLATIONS = {
    "presence only": {"LISTED": 1.0, "FOCUS": 0.0, "WORDS": 0.0},
    "without own words": {"LISTED": 0.4 / 0.75, "FOCUS": 0.35 / 0.75, "WORDS": 0.0},
    "without breadth or top specialties": {
        "LISTED": 0.4 / 0.65, "FOCUS": 0.0, "WORDS": 0.25 / 0.65,
    },
}  # fmt: skip


@contextmanager
def parts(shares: dict[str, float]) -> Iterator[None]:
    """Set the concerns match's shares for a while (a fit reads them)."""
    kept = {name: getattr(focus, name) for name in shares}
    for name, value in shares.items():
        setattr(focus, name, value)
    try:
        yield
    finally:
        for name, value in kept.items():
            setattr(focus, name, value)


def ablations(profiles: pd.DataFrame, chosen: list[dict[str, Any]]) -> dict:
    """NDCG@5 and mean top-5 grade with parts of the focus match switched off."""
    out = {}
    for name, shares in ABLATIONS.items():
        with parts(shares):
            matcher = Matcher(today=TODAY).fit(profiles)
        out[name] = {}
        for run, requests in (
            ("graded", chosen),
            ("graded_concerns_only", [without_words(v) for v in chosen]),
        ):
            f = graded_figures(matcher, requests)
            out[name][run] = {k: f[k] for k in ("ndcg_at_5", "mean_grade_top5")}
    return out


def run(quick: bool = False) -> dict[str, Any]:
    """Measure graded relevance on the focus vignettes and focus on the demo."""
    profiles = imported(FOCUS / "profiles.jsonl")
    matcher = Matcher(today=TODAY).fit(profiles)
    chosen = vignettes()[:8] if quick else vignettes()
    figures = {
        "profiles": len(matcher.index_.ids),
        "graded": graded_figures(matcher, chosen),
        "graded_concerns_only": graded_figures(
            matcher, [without_words(v) for v in chosen]
        ),
        "ablations": ablations(profiles, chosen),
        "demo": demo_figures(quick),
    }
    with parts(ABLATIONS["presence only"]):
        figures["demo_presence_only"] = demo_figures(quick)
    for key in ("graded", "graded_concerns_only"):
        print(key, {k: v for k, v in figures[key].items() if k != "per_vignette"})
    print("demo", figures["demo"])
    return figures


if __name__ == "__main__":
    print(f"kept the baseline of {keep_as_before()['ran_at']} in {BEFORE}")
