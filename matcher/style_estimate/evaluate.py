"""Measure estimates against profiles a reader labelled (style_eval.jsonl).

Sign accuracy: of the profiles estimated with confidence >= ``CONFIDENT``,
the share whose estimate has the reader's sign (directive / client-led /
neutral, neutral meaning |value| < ``NEUTRAL``). Coverage: the share of all
labelled profiles estimated that confidently. A wrong sign on a profile whose
approaches all lean to one side is listed apart, for confident estimates and
for the unsure ones (below ``CONFIDENT``) that weigh little.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .estimate import estimate_styles
from .sources import DIMENSIONS, approach_priors

CONFIDENT = 0.5
NEUTRAL = 0.5


def load_labelled(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines file of labelled profiles."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def sign(value: float) -> int:
    """Return -1 (client-led side), 0 (neutral) or +1 for a value on a scale."""
    return 0 if abs(value) < NEUTRAL else (1 if value > 0 else -1)


def one_sided(approaches: Iterable[str], dimension: str = "directiveness") -> int:
    """Return the side all of a profile's approaches lean to on a dimension, or 0.

    0 when there are none, when one has no prior or a neutral one, or when
    they lean to different sides.
    """
    priors, d = approach_priors(), DIMENSIONS.index(dimension)
    sides = set()
    for key in approaches:
        i = priors.index.get(key)
        sides.add(0 if i is None else sign(3 * priors.points[i, d]))
    return sides.pop() if len(sides) == 1 else 0


def without_bio(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return the rows with empty bios: what the approach priors alone see."""
    return [{**row, "bio": ""} for row in rows]


def evaluate(rows: list[dict[str, Any]], dimension: str = "directiveness") -> dict:
    """Return sign accuracy, coverage and errors of the estimator on labelled rows."""
    labelled = [row for row in rows if row.get(dimension) is not None]
    estimates = estimate_styles(labelled)
    confident, correct, wrong, estimated = 0, 0, [], 0
    wrong_one_sided: dict[bool, list[str]] = {True: [], False: []}
    for row, found in zip(labelled, estimates, strict=True):
        estimate = found.get(dimension)
        if estimate is None:
            continue
        estimated += 1
        truth, guess = sign(row[dimension]), sign(estimate.value)
        sure = estimate.confidence >= CONFIDENT
        if truth * guess < 0 and one_sided(row["approaches"], dimension):
            wrong_one_sided[sure].append(row["id"])
        if not sure:
            continue
        confident += 1
        correct += truth == guess
        if truth != guess:
            wrong.append(row["id"])
    return {
        "profiles": len(labelled),
        "sign_accuracy": round(correct / confident, 3) if confident else None,
        "coverage": round(confident / len(labelled), 3) if labelled else None,
        "estimated_share": round(estimated / len(labelled), 3) if labelled else None,
        "confident": confident,
        "wrong": wrong,
        "wrong_sign_one_sided": wrong_one_sided[True],
        "wrong_sign_one_sided_unsure": wrong_one_sided[False],
    }
