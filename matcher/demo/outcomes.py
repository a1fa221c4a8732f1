"""Synthetic outcome records for part of the demo directory, with planted effects.

For a share of the demo therapists (``share``), each concern they list that a
known measure tracks (depression: PHQ-9, anxiety: GAD-7, trauma: PCL-5,
insomnia: ISI) gets 10-60 episodes. Improvement is 40% of the baseline plus
a planted therapist x domain effect plus noise, in standard deviations of
that noise: ``PLANTED`` says how many of the records are drawn effective or
ineffective; the rest have no effect. Everything is drawn from one seeded
generator in a fixed order, so a seed gives the same file byte for byte.
The planted effects are far larger than real clinics show (therapists
explain about 5% of outcome variance): the demo is meant to show the
feature working, not to be a benchmark (that is ``bench/bench_outcomes.py``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

MEASURED = {
    "depression": ("PHQ-9", 27),
    "anxiety": ("GAD-7", 21),
    "trauma": ("PCL-5", 80),
    "insomnia": ("ISI", 28),
}
# Planted effect (noise SDs) and the share of records that get it.
PLANTED = ((0.8, 0.15), (-0.8, 0.10))
OUTCOME_COLUMNS = (
    "episode_id", "therapist_id", "domain", "measure", "baseline", "final",
    "sessions", "completed", "alliance", "ended_on",
)  # fmt: skip
NOISE_SHARE = 0.2  # noise SD as a share of the measure's range
EPISODES = (10, 60)
DEMO_SEED = 17


def make_outcomes(
    profiles: Iterable[Mapping[str, str]], seed: int = DEMO_SEED, share: float = 0.25
) -> tuple[list[dict[str, str]], dict[tuple[str, str], float]]:
    """Return outcome rows (CSV-ready text) and the planted effect per record.

    ``profiles`` are demo profile rows (``id`` and ``specialties``, ``;``
    separated), in file order; ``share`` of them, drawn at random, get records.
    """
    rng = np.random.default_rng(seed)
    rows: list[dict[str, str]] = []
    truth: dict[tuple[str, str], float] = {}
    for profile in profiles:
        if rng.random() >= share:
            continue
        listed = (profile.get("specialties") or "").split(";")
        for domain in [d for d in MEASURED if d in listed]:
            effect = _planted(rng)
            truth[(profile["id"], domain)] = effect
            rows += _episodes(rng, profile["id"], domain, effect)
    return rows, truth


def _planted(rng: np.random.Generator) -> float:
    draw = rng.random()
    for effect, chance in PLANTED:
        if draw < chance:
            return effect
        draw -= chance
    return 0.0


def _episodes(
    rng: np.random.Generator, therapist: str, domain: str, effect: float
) -> list[dict[str, str]]:
    measure, top = MEASURED[domain]
    count = int(rng.integers(EPISODES[0], EPISODES[1] + 1))
    baseline = rng.integers(int(top * 0.3), top + 1, count)
    noise = rng.normal(0, 1, count)
    change = 0.4 * baseline + top * NOISE_SHARE * (effect + noise)
    final = np.clip(np.round(baseline - change), 0, top).astype(int)
    completed = rng.random(count) >= 0.2 - 0.1 * effect
    alliance = np.clip(np.round(7 + effect + rng.normal(0, 1.2, count), 1), 0, 10)
    sessions = rng.integers(3, 21, count)
    days = rng.integers(0, 730, count)
    ended = np.datetime64("2024-06-01") + days.astype("timedelta64[D]")
    return [
        {"episode_id": f"{therapist}-{domain}-{i:03d}", "therapist_id": therapist,
         "domain": domain, "measure": measure, "baseline": str(int(baseline[i])),
         "final": str(int(final[i])), "sessions": str(int(sessions[i])),
         "completed": "true" if completed[i] else "false",
         "alliance": f"{alliance[i]:.1f}", "ended_on": str(ended[i])}
        for i in range(count)
    ]  # fmt: skip


def demo_outcome_file(profiles_csv: Path, seed: int = DEMO_SEED) -> bytes:
    """Return the demo outcome records for a demo profile file, as CSV bytes."""
    with profiles_csv.open(encoding="utf-8", newline="") as file:
        rows, _ = make_outcomes(csv.DictReader(file), seed)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=OUTCOME_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
