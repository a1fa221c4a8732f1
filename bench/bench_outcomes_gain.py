"""Expected improvement for new clients: ranking with track records against without.

Each simulated clinic has 40 therapists with identical profiles (so profile
fit is equal for every client), each licensed in 3 of 20 states, and a past
caseload simulated as in ``bench_outcomes`` (true effects explain 5% of the
variance of change; PHQ-9 rounded and clipped). The real engine ranks one
new client per state asking for help with depression, once fitted without
outcome records and once with them. The gain is the true effect of the
therapist ranked first with track records minus that of the therapist ranked
first without (in SD of risk-adjusted change; x 5 for PHQ-9 points), averaged
over the states of a clinic; the interval is over clinics (seeds). The best
possible gain (an oracle that knows the true effects) is shown beside it.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
from scipy.stats import t as student

from matcher import store
from matcher.directory.importer import import_bytes
from matcher.engine.matcher import Matcher
from matcher.outcomes.simulate import CHANGE_SD, simulate_clinic

THERAPISTS = 40
STATES = (
    "AL", "AZ", "CA", "CO", "CT", "FL", "GA", "IL", "MA", "MD",
    "MI", "MN", "NC", "NJ", "NY", "OH", "OR", "PA", "TX", "WA",
)  # fmt: skip
LICENSES = 3
HISTORIES = {"15 each": 15, "30 each": 30, "60 each": 60, "mixed 10-60": None}
SEEDS, QUICK_SEEDS = 30, 3
LEVEL = 0.9


def directory_frame(ids: list[str], rng: np.random.Generator):
    """Return identical profiles (but their licences) as the store loads them."""
    rows = [
        {"id": key, "name": f"Therapist {key}",
         "license_states": ";".join(rng.choice(STATES, LICENSES, replace=False)),
         "in_person": "false", "telehealth": "true", "specialties": "depression"}
        for key in ids
    ]  # fmt: skip
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    db = store.connect(memory=True)
    report = import_bytes(db, out.getvalue().encode(), "bench.csv")
    assert report.ok, report.errors
    return store.load_directory(db)


def one_clinic(history: int | None, seed: int) -> dict[str, float]:
    """Return one clinic's mean gain, oracle gain and share of changed picks."""
    rng = np.random.default_rng(seed)
    sizes = [history or int(rng.integers(10, 61)) for _ in range(THERAPISTS)]
    episodes, truth = simulate_clinic(rng, sizes)
    profiles = directory_frame(list(truth.index), rng)
    requests = [{"state": s, "concerns": ["depression"], "limit": 1} for s in STATES]
    without = Matcher().fit(profiles).rank_many(requests, explain=False)
    with_records = (
        Matcher().fit(profiles, outcomes=episodes).rank_many(requests, explain=False)
    )
    gains, oracle, changed = [], [], 0
    for state, plain, informed in zip(STATES, without, with_records, strict=True):
        if not plain.matches:
            continue
        first, better = plain.matches[0].therapist_id, informed.matches[0].therapist_id
        licensed = [t for t, row in zip(profiles["id"], profiles["license_states"],
                                        strict=True) if state in row]  # fmt: skip
        gains.append(truth[better] - truth[first])
        oracle.append(truth[licensed].max() - truth[first])
        changed += first != better
    return {
        "gain": float(np.mean(gains)),
        "oracle": float(np.mean(oracle)),
        "changed": changed / len(gains),
    }


def interval(values: list[float]) -> dict[str, float]:
    """Return the mean and its two-sided t interval at LEVEL over seeds."""
    data = np.asarray(values)
    mean = float(data.mean())
    half = float(student.ppf(0.5 + LEVEL / 2, len(data) - 1) * data.std(ddof=1))
    half /= np.sqrt(len(data))
    return {"mean": mean, "low": mean - half, "high": mean + half}


def run(quick: bool = False) -> dict[str, Any]:
    """Run the gain study for each history size and return its figures."""
    seeds = range(QUICK_SEEDS if quick else SEEDS)
    rows = {}
    for label, history in HISTORIES.items():
        clinics = [one_clinic(history, 20_000 + seed) for seed in seeds]
        rows[label] = {
            key: interval([c[key] for c in clinics])
            for key in ("gain", "oracle", "changed")
        }
    return {
        "therapists_per_clinic": THERAPISTS,
        "states": len(STATES),
        "licenses_per_therapist": LICENSES,
        "clinics": len(seeds),
        "level": LEVEL,
        "phq9_points_per_sd": CHANGE_SD,
        "by_history": rows,
    }
