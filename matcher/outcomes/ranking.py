"""Track records as a soft ranking factor (CONTRACT §5.2): arrays, match, words.

A fitted ``TrackRecords`` is laid onto a ``DirectoryIndex`` once per fit, as
two boolean list columns (``effective`` and ``ineffective``, a column per
domain with a classified record) and, for words, each therapist's shown
records. A client's concerns that have such data give the factor's match:

    match = 1/2 + (effective - ineffective) / (2 x concerns with data)

so effective records rank up, ineffective ones down, and neutral, too few
episodes (``too_few``) or no record at all sit exactly at 1/2: a therapist
who is new, or new to a domain, is never ranked down for it. The single and
the batch path count the same columns, so they agree to the last digit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..engine.index import DirectoryIndex
from ..engine.index_lists import ListColumn
from ..engine.request import Request
from ..engine.words import labels
from .reuse import fitted_track_records
from .track import TrackRecords

NAME = "track_record"
EFFECTIVE = "track_record:effective"
INEFFECTIVE = "track_record:ineffective"
# Each therapist's classified records, {domain: (class, n)}, for the words.
COLUMN = "track_records"
CLASSIFIED = ("effective", "neutral", "ineffective")
NEUTRAL = 0.5


def attach_track_records(index: DirectoryIndex, records: pd.DataFrame) -> None:
    """Lay fitted track records onto an index (rows of unknown therapists ignored).

    A domain counts as having outcome data when at least one indexed therapist
    has a record in it with enough episodes to be classified.
    """
    row_of = {str(key): row for row, key in enumerate(index.ids.tolist())}
    known = records[
        records["therapist_id"].isin(row_of) & records["track_record"].isin(CLASSIFIED)
    ]
    domains = {d: j for j, d in enumerate(sorted(set(known["domain"])))}
    for name, kind in ((EFFECTIVE, "effective"), (INEFFECTIVE, "ineffective")):
        chosen = known[known["track_record"] == kind]
        matrix = np.zeros((index.size, len(domains)), dtype=bool)
        rows = [row_of[t] for t in chosen["therapist_id"]]
        matrix[rows, [domains[d] for d in chosen["domain"]]] = True
        index.lists[name] = ListColumn(domains, matrix, matrix.any(axis=1))
    shown: list[dict[str, tuple[str, int]] | None] = [None] * index.size
    for therapist, domain, kind, n in zip(
        known["therapist_id"], known["domain"], known["track_record"], known["n"],
        strict=True,
    ):  # fmt: skip
        row = row_of[therapist]
        shown[row] = (shown[row] or {}) | {domain: (str(kind), int(n))}
    index.columns[COLUMN] = shown


def fit_onto_index(
    index: DirectoryIndex, outcomes: pd.DataFrame | None
) -> TrackRecords | None:
    """Fit track records on outcome records and lay them onto the index.

    None (and nothing laid) when there are no outcome records. Records fitted
    on the same outcome records before are reused (``reuse``).
    """
    if outcomes is None or len(outcomes) == 0:
        return None
    fitted = fitted_track_records(outcomes)
    attach_track_records(index, fitted.records_)
    return fitted


def data_concerns(index: DirectoryIndex, request: Request) -> tuple[str, ...]:
    """Return the client's concerns that have classified outcome data here."""
    column = index.lists.get(EFFECTIVE)
    if column is None or request.concerns is None:
        return ()
    return tuple(c for c in request.concerns.values if c in column.columns)


def expressed(index: DirectoryIndex, request: Request) -> bool:
    """Tell whether the factor counts for a request: its concerns have data."""
    return bool(data_concerns(index, request))


def importance(request: Request, _query: object) -> str | None:
    """Weigh a track record at medium importance wherever it is expressed."""
    return "medium" if request.concerns else None


def match(
    index: DirectoryIndex, request: Request, rows: np.ndarray, _query: object
) -> np.ndarray:
    """Return each row's track-record match for one request (0.5: neutral)."""
    wanted = data_concerns(index, request)
    if not wanted:
        return np.full(_size(index, rows), NEUTRAL)
    up = index.lists[EFFECTIVE].count(wanted, rows)
    down = index.lists[INEFFECTIVE].count(wanted, rows)
    return _from_counts(up, down, len(wanted))


def match_many(group: Any) -> np.ndarray:
    """Return the (requests x rows) track-record matches of a batch group."""
    wanted = [data_concerns(group.index, request) for request in group.requests]
    sizes = np.array([max(1, len(w)) for w in wanted], dtype=np.float64)[:, None]
    if group.index.lists.get(EFFECTIVE) is None:
        return np.full((len(wanted), len(group.rows)), NEUTRAL)
    up = group.counts(EFFECTIVE, wanted)
    down = group.counts(INEFFECTIVE, wanted)
    return _from_counts(up, down, sizes)


def _size(index: DirectoryIndex, rows: np.ndarray | slice) -> int:
    return index.ids[rows].shape[0]


def _from_counts(up: np.ndarray, down: np.ndarray, size: Any) -> np.ndarray:
    # Small whole numbers on both paths, so the same float64 results.
    difference = up.astype(np.float64) - down.astype(np.float64)
    return NEUTRAL + difference / (2.0 * size)


def words(
    profile: dict[str, Any], request: Request, match_value: float, _distance: object
) -> tuple[str, str | None, str | None]:
    """Word a track record for a client: detail, reason and caveat.

    Only classified records are ever named (never one below the minimum
    number of episodes, and never the class ``too_few``); the counts are the
    therapist's own number of cases, never another client's answers.
    """
    records = profile.get(COLUMN) or {}
    wanted = request.concerns.values if request.concerns else ()
    found = {c: records[c] for c in wanted if c in records}
    better = [c for c, (kind, _) in found.items() if kind == "effective"]
    worse = [c for c, (kind, _) in found.items() if kind == "ineffective"]
    reason = _sentence(better, found, "more") if better else None
    caveat = _sentence(worse, found, "less") if worse else None
    as_expected = [c for c, (kind, _) in found.items() if kind == "neutral"]
    parts = [text for text in (reason, caveat) if text]
    if as_expected:
        parts.append(_sentence(as_expected, found, "about as much as"))
    detail = "; ".join(parts) or "No measured track record here for your concerns yet"
    return detail, reason, caveat


def _sentence(domains: list[str], found: dict[str, tuple[str, int]], how: str) -> str:
    cases = sum(found[d][1] for d in domains)
    than = "" if how.endswith(" as") else " than"
    verb = f"improved {how}{than} expected"
    return (
        f"Clients treated here for {labels('specialties', tuple(domains))} by this "
        f"therapist {verb} ({cases} cases)"
    )
