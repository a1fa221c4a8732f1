"""The batch path: score many requests of one state together, as matrices.

``scoring`` answers one request with a few dozen NumPy operations over the
therapists of its state; here the same rules run once for a whole group of
requests, each operation producing a (requests x therapists) array, so the
per-call overhead is paid per group instead of per request. The results feed
the same points, order and answer code as a single ``rank``; the tests hold
the two paths to the same answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .evidence import evidence_credit
from .geo import haversine_km
from .index import DirectoryIndex, TextQuery, insurance_key
from .request import STYLE_DIMENSIONS, Request
from .scoring import (
    COST_MATCH,
    DEFAULT_DISTANCE_KM,
    IMPORTANCE_WEIGHTS,
    LIST_FACTORS,
    MUST_FILTERS,
    STYLE_SPAN,
    TEXT_SATURATION,
    UNKNOWN,
    expressed_factors,
    list_field,
)

GROUP_SIZE = 64  # requests scored together at most
MAX_GROUP_THERAPISTS = 4096  # above this, one request at a time is faster
MIN_GROUP = 4  # below this, scoring one request at a time is as fast


def group_size(therapists: int) -> int:
    """How many requests of a state to score together, given its therapists.

    Groups win where per-call overhead dominates (small states); in a large
    state the single path, which scores only the eligible rows, is faster.
    """
    return GROUP_SIZE if therapists <= MAX_GROUP_THERAPISTS else 1


@dataclass
class Scored:
    """One request's eligible rows, exclusions and factor table."""

    rows: np.ndarray
    excluded: dict[str, int]
    names: list[str]
    weights: np.ndarray
    matches: np.ndarray


class Group:
    """Requests of one state, with the state's therapists as contiguous arrays."""

    def __init__(self, index: DirectoryIndex, requests: list[Request], queries):
        self.index, self.requests, self.queries = index, requests, queries
        self.rows = index.by_state.get(requests[0].state, np.zeros(0, dtype=np.int64))
        self._lists: dict[str, np.ndarray] = {}

    def listed(self, field: str) -> np.ndarray:
        """The state's rows of a list field's matrix, as float32 for matmul."""
        if field not in self._lists:
            matrix = self.index.lists[field].matrix[self.rows]
            self._lists[field] = matrix.astype(np.float32)
        return self._lists[field]

    def counts(self, field: str, wanted: list[tuple[str, ...]]) -> np.ndarray:
        """Count, per request and therapist, how many wanted values are listed."""
        columns = self.index.lists[field].columns
        asked = np.zeros((len(wanted), len(columns)), dtype=np.float32)
        for r, values in enumerate(wanted):
            for value in values:
                if value in columns:
                    asked[r, columns[value]] = 1.0
        return asked @ self.listed(field).T  # exact: small whole numbers

    def flags(self, array: np.ndarray) -> np.ndarray:
        """A per-therapist array restricted to the state, as one row to broadcast."""
        return array[self.rows][None, :]

    def distances(self) -> np.ndarray:
        """Km from each request's ZIP code to each office (NaN when unknown)."""
        out = np.full((len(self.requests), len(self.rows)), np.nan)
        lat, lon = self.index.latitude[self.rows], self.index.longitude[self.rows]
        for r, request in enumerate(self.requests):
            if request.origin is not None:
                out[r] = haversine_km(*request.origin, lat, lon)
        return out


def _pick(requests: list[Request], test: Callable[[Request], bool]) -> np.ndarray:
    return np.array([test(r) for r in requests], dtype=bool)


def filter_masks(group: Group) -> list[tuple[str, np.ndarray]]:
    """Return the hard filters in the single path's order, as request x row masks."""
    index, requests = group.index, group.requests
    masks = []
    want_in = _pick(requests, lambda r: r.format == "in_person")
    want_tele = _pick(requests, lambda r: r.format == "telehealth")
    in_person, telehealth = group.flags(index.in_person), group.flags(index.telehealth)
    masks.append(
        ("format", (~want_in[:, None] | in_person) & (~want_tele[:, None] | telehealth))
    )
    limited = _pick(
        requests, lambda r: bool(r.max_distance_km) and r.format != "telehealth"
    )
    if limited.any():
        limits = np.array([r.max_distance_km or 0.0 for r in requests])[:, None]
        with np.errstate(invalid="ignore"):
            near = group.distances() <= limits
        either = _pick(requests, lambda r: r.format == "either")
        near |= either[:, None] & telehealth
        masks.append(("distance", ~limited[:, None] | near))
    include = _pick(requests, lambda r: r.include_not_accepting)
    masks.append(("not_accepting", include[:, None] | group.flags(index.accepting)))
    for name, field, attribute in (
        ("age_group", "populations", "age_group"),
        ("session_format", "session_formats", "session_format"),
    ):
        wanted = [
            (getattr(r, attribute),) if getattr(r, attribute) else () for r in requests
        ]
        given = _pick(requests, lambda r, a=attribute: bool(getattr(r, a)))
        masks.append((name, ~given[:, None] | (group.counts(field, wanted) > 0)))
    for name in MUST_FILTERS:
        must = _pick(
            requests, lambda r, n=name: bool(r.preference(n) and r.preference(n).must)
        )
        if not must.any():
            continue
        if name == "lgbtq_affirming":
            shape = (len(requests), len(group.rows))
            met = np.broadcast_to(group.flags(index.lgbtq_affirming), shape)
        else:
            wanted = [
                r.preference(name).values if m else ()
                for r, m in zip(requests, must.tolist(), strict=True)
            ]
            met = group.counts(list_field(name), wanted) > 0
        masks.append((name, ~must[:, None] | met))
    return masks


def hard_filters(group: Group) -> tuple[np.ndarray, list[dict[str, int]]]:
    """Return the eligible mask (requests x rows) and each request's exclusions."""
    index, size = group.index, len(group.rows)
    alive = np.ones((len(group.requests), size), dtype=bool)
    excluded: list[dict[str, int]] = [{} for _ in group.requests]
    if index.size > size:
        for counts in excluded:
            counts["license_state"] = index.size - size
    for name, mask in filter_masks(group):
        removed = np.count_nonzero(alive & ~mask, axis=1)
        for counts, number in zip(excluded, removed.tolist(), strict=True):
            if number:
                counts[name] = number
        alive &= mask
    return alive, excluded


def _shares(group: Group, field: str, wanted: list[tuple[str, ...]]) -> np.ndarray:
    sizes = np.array([max(1, len(v)) for v in wanted], dtype=np.float64)[:, None]
    return group.counts(field, wanted) / sizes


def _values(group: Group, name: str) -> list[tuple[str, ...]]:
    return [
        r.preference(name).values if r.preference(name) else () for r in group.requests
    ]


def _concerns(group: Group) -> np.ndarray:
    return _shares(group, "specialties", _values(group, "concerns"))


def _any(group: Group, name: str) -> np.ndarray:
    return (group.counts(list_field(name), _values(group, name)) > 0).astype(float)


def _approach_evidence(group: Group) -> np.ndarray:
    column, credit = group.index.lists["approaches"], evidence_credit()
    listed = group.listed("approaches")
    out = np.zeros((len(group.requests), len(group.rows)))
    best: dict[str, np.ndarray] = {}
    for r, asked in enumerate(_values(group, "concerns")):
        concerns = [c for c in asked if c in credit]
        for concern in concerns:
            if concern not in best:
                strengths = np.zeros(len(column.columns))
                for approach, value in credit[concern].items():
                    if approach in column.columns:
                        strengths[column.columns[approach]] = value
                best[concern] = (listed * strengths).max(axis=1, initial=0.0)
            out[r] += best[concern]
        out[r] /= max(1, len(concerns))
    return out


def _style(group: Group) -> np.ndarray:
    wanted = np.full((len(group.requests), len(STYLE_DIMENSIONS)), np.nan)
    for r, request in enumerate(group.requests):
        for d, value in request.style.items():
            wanted[r, STYLE_DIMENSIONS.index(d)] = value
    answered = ~np.isnan(wanted)
    given = group.index.style[group.rows].astype(np.float64)[None, :, :]
    closeness = 1.0 - np.abs(given - wanted[:, None, :]) / STYLE_SPAN
    closeness = np.where(np.isnan(given), UNKNOWN, closeness)
    closeness = np.where(answered[:, None, :], closeness, 0.0)
    return closeness.sum(axis=2) / np.maximum(1, answered.sum(axis=1))[:, None]


def _availability(group: Group) -> np.ndarray:
    return _shares(group, "availability", _values(group, "availability"))


def _cost(group: Group) -> np.ndarray:
    requests, index = group.requests, group.index
    payers = [(insurance_key(r.insurance),) if r.insurance else () for r in requests]
    fits = group.counts("insurance", payers) > 0
    fee = index.fee[group.rows][None, :]
    max_fee = np.array([np.nan if r.max_fee is None else r.max_fee for r in requests])
    has_max = ~np.isnan(max_fee)[:, None]
    fits |= has_max & (
        np.nan_to_num(fee, nan=np.inf) <= np.nan_to_num(max_fee)[:, None]
    )
    unknown = has_max & np.isnan(fee)
    sliding = group.flags(index.sliding_scale)
    return np.select(
        [fits, np.broadcast_to(sliding, fits.shape), unknown],
        [COST_MATCH["fits"], COST_MATCH["sliding_scale"], COST_MATCH["fee_unknown"]],
        COST_MATCH["over"],
    )


def _distance(group: Group) -> np.ndarray:
    scale = np.array([r.max_distance_km or DEFAULT_DISTANCE_KM for r in group.requests])
    near = np.clip(1.0 - group.distances() / scale[:, None], 0.0, 1.0)
    return np.where(np.isnan(near), UNKNOWN, near)


def _text(group: Group) -> np.ndarray:
    documents = group.index.text.documents
    queries: list[TextQuery | None] = group.queries
    data, cols, ptr = [], [], [0]
    for query in queries:
        if query is not None:
            cols += query.columns.tolist()
            data += query.weights.tolist()
        ptr.append(len(cols))
    asked = sparse.csr_matrix(
        (data, cols, ptr), shape=(len(queries), documents.shape[1])
    )
    cosine = (documents @ asked.T).tocsr()[group.rows].toarray().T
    return np.minimum(1.0, cosine / TEXT_SATURATION)


FACTORS: dict[str, Callable[[Group], np.ndarray]] = {
    "concerns": _concerns,
    "approaches": lambda g: _any(g, "approaches"),
    "approach_evidence": _approach_evidence,
    "style": _style,
    "lgbtq_affirming": lambda g: np.broadcast_to(
        g.flags(g.index.lgbtq_affirming).astype(float), (len(g.requests), len(g.rows))
    ),
    "availability": _availability,
    "cost": _cost,
    "distance": _distance,
    "text": _text,
} | {name: (lambda g, n=name: _any(g, n)) for name in LIST_FACTORS}


def score_group(
    index: DirectoryIndex,
    requests: list[Request],
    queries: list[TextQuery | None],
    scale: dict[str, float],
) -> list[Scored]:
    """Score requests of one state together; one Scored per request, in order."""
    group = Group(index, requests, queries)
    alive, excluded = hard_filters(group)
    factors = [expressed_factors(r, q) for r, q in zip(requests, queries, strict=True)]
    needed = {name for listed in factors for name, _ in listed}
    tables = {name: FACTORS[name](group) for name in needed}
    return [
        _scored(group, r, alive[r], excluded[r], factors[r], tables, scale)
        for r in range(len(requests))
    ]


def _scored(group, r, alive, excluded, factors, tables, scale) -> Scored:
    names = [name for name, _ in factors]
    weights = np.array(
        [IMPORTANCE_WEIGHTS[imp] * scale.get(name, 1.0) for name, imp in factors]
    )
    columns = [tables[name][r, alive] for name in names]
    if not factors or weights.sum() <= 0:
        names, weights = [*names, "requirements"], np.append(weights, 1.0)
        columns.append(np.ones(int(alive.sum())))
    matches = np.column_stack(columns).reshape(int(alive.sum()), len(names))
    return Scored(group.rows[alive], excluded, names, weights, matches)
