"""The batch path: score many requests of one state together, as matrices.

``scoring`` answers one request with a few dozen NumPy operations over the
therapists of its state; here the same rules run once for a whole group of
requests, each operation producing a (requests x therapists) array, so the
per-call overhead is paid per group instead of per request. Each factor is
worked out only for the requests that ask for it. The group's totals then pick,
per request, the few rows that can reach its top k; only those rows' factor
values go on to the same points, order and answer code as a single ``rank``.
The tests hold the two paths to the same answers, to the last digit shown.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .candidates import Scored, candidate_rows, factor_shares
from .evidence import evidence_credit
from .geo import km_from_radians
from .index import DirectoryIndex
from .index_lists import insurance_key
from .index_text import TextQuery
from .request import PREFERENCES, STYLE_DIMENSIONS, Request, list_field
from .scoring import (
    COST_MATCH,
    DEFAULT_DISTANCE_KM,
    TEXT_SATURATION,
    UNKNOWN,
    style_match,
)

GROUP_SIZE = 64  # requests scored together at most
GROUP_CELLS = 1 << 21  # requests x therapists per factor table at most (16 MB)
MIN_GROUP = 4  # below this, scoring one request at a time is as fast


def group_size(therapists: int) -> int:
    """How many requests of a state to score together, given its therapists.

    Each factor is one (requests x therapists) table, so a larger state scores
    fewer requests at a time; a state so large that fewer than ``MIN_GROUP``
    fit is ranked one request at a time, on its eligible rows only.
    """
    return max(1, min(GROUP_SIZE, GROUP_CELLS // max(1, therapists)))


class Group:
    """Requests of one state, with the state's therapists as contiguous arrays."""

    def __init__(self, index: DirectoryIndex, requests: list[Request], queries):
        self.index, self.requests, self.queries = index, requests, queries
        self.rows = index.by_state.get(requests[0].state, np.zeros(0, dtype=np.int64))
        self._lists: dict[str, np.ndarray] = {}
        self._distances: np.ndarray | None = None

    def subset(self, which: list[int]) -> Group:
        """The same state's rows for some of the requests (a factor's askers)."""
        if len(which) == len(self.requests):
            return self
        part = Group.__new__(Group)
        part.index, part.rows, part._lists = self.index, self.rows, self._lists
        part.requests = [self.requests[r] for r in which]
        part.queries = [self.queries[r] for r in which]
        part._distances = None if self._distances is None else self._distances[which]
        return part

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
        if self._distances is None:
            out = np.full((len(self.requests), len(self.rows)), np.nan)
            located = [r for r, request in enumerate(self.requests) if request.origin]
            if located:
                origins = np.array([self.requests[r].origin for r in located])
                index, rows = self.index, self.rows
                lat, lon = index.latitude_rad[rows], index.longitude_rad[rows]
                out[located] = km_from_radians(
                    origins[:, :1], origins[:, 1:], lat[None, :], lon[None, :],
                    index.cos_latitude[rows][None, :],
                )  # fmt: skip
            self._distances = out
        return self._distances


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
    for name in PREFERENCES:  # the must-haves, in the single path's order
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
    left = [size] * len(group.requests)
    for name, mask in filter_masks(group):
        alive &= mask
        # Each row counted on its own: count_nonzero along an axis widens
        # every cell to a machine integer first, several times slower.
        now = [int(np.count_nonzero(row)) for row in alive]
        for counts, before, after in zip(excluded, left, now, strict=True):
            if before > after:
                counts[name] = before - after
        left = now
    return alive, excluded


def _shares(group: Group, field: str, wanted: list[tuple[str, ...]]) -> np.ndarray:
    sizes = np.array([max(1, len(v)) for v in wanted], dtype=np.float64)[:, None]
    return group.counts(field, wanted) / sizes


def _values(group: Group, name: str) -> list[tuple[str, ...]]:
    return [
        r.preference(name).values if r.preference(name) else () for r in group.requests
    ]


def _concerns(group: Group) -> np.ndarray:
    # Row by request, each summed as the single path sums it (focus.py).
    focus, rows = group.index.focus, group.rows
    return np.array(
        [focus.concerns_match(v, rows) for v in _values(group, "concerns")]
    ).reshape(len(group.requests), len(rows))


def _any(group: Group, name: str) -> np.ndarray:
    return (group.counts(list_field(name), _values(group, name)) > 0).astype(float)


def _approach_evidence(group: Group) -> np.ndarray:
    column, credit = group.index.lists["approaches"], evidence_credit()
    asked = [[c for c in v if c in credit] for v in _values(group, "concerns")]
    concerns = sorted({c for listed in asked for c in listed})
    best = np.zeros((len(concerns), len(group.rows)))
    for j, concern in enumerate(concerns):
        known = [(column.columns[a], v) for a, v in credit[concern].items()
                 if a in column.columns]  # fmt: skip
        if known:
            cols, strengths = zip(*known, strict=True)
            listed = group.listed("approaches")[:, list(cols)]
            best[j] = (listed * np.array(strengths)).max(axis=1, initial=0.0)
    chosen = np.zeros((len(asked), len(concerns)))
    position = {c: j for j, c in enumerate(concerns)}
    for r, listed in enumerate(asked):
        chosen[r, [position[c] for c in listed]] = 1.0
    # Credits are 0, 0.5 or 1, so their sums are exact in any order.
    counts = np.maximum(1, chosen.sum(axis=1))[:, None]
    return (chosen @ best) / counts


def _style(group: Group) -> np.ndarray:
    wanted = np.full((len(group.requests), len(STYLE_DIMENSIONS)), np.nan)
    for r, request in enumerate(group.requests):
        for d, value in request.style.items():
            wanted[r, STYLE_DIMENSIONS.index(d)] = value
    answered = ~np.isnan(wanted)
    index, rows = group.index, group.rows
    closeness = style_match(
        index.style[rows].astype(np.float64)[None, :, :],
        index.style_estimate[rows][None, :, :],
        index.style_confidence[rows][None, :, :],
        wanted[:, None, :],
    )
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
    """Cosine of each request's words to each profile, as TextModel.similarity.

    The same float32 products, summed term by term in the query's order, so
    the values equal the single path's to the last bit.
    """
    docs = group.index.text.block(group.requests[0].state, group.rows)
    size = len(group.rows)
    columns, weights, owners = [], [], []
    for r, query in enumerate(group.queries):
        if query is not None:
            columns.append(query.columns)
            weights.append(query.weights.astype(np.float32))
            owners.append(np.full(len(query.columns), r))
    if not columns:
        return np.zeros((len(group.requests), size))
    terms = np.concatenate(columns)
    starts, lengths = docs.indptr[terms], np.diff(docs.indptr)[terms]
    # Positions of every stored entry of every asked term, term after term.
    shift = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
    entries = shift + np.arange(int(lengths.sum()))
    values = docs.data[entries] * np.repeat(np.concatenate(weights), lengths)
    cells = np.repeat(np.concatenate(owners) * size, lengths) + docs.indices[entries]
    cosine = np.bincount(cells, weights=values, minlength=len(group.requests) * size)
    return np.minimum(1.0, cosine.reshape(len(group.requests), size) / TEXT_SATURATION)


def _affirming(group: Group) -> np.ndarray:
    shape = (len(group.requests), len(group.rows))
    return np.broadcast_to(
        group.flags(group.index.lgbtq_affirming).astype(float), shape
    )


def score_group(
    index: DirectoryIndex,
    requests: list[Request],
    queries: list[TextQuery | None],
    scale: dict[str, float],
    keep: list[int],
) -> list[Scored]:
    """Score requests of one state together; one Scored per request, in order.

    ``keep`` is each request's k. Only the rows that can reach a request's top
    k get a factor table, taken from the group's tables, so what follows is
    the same per-request work as a single ``rank`` on a handful of rows.
    """
    # The registry imports this module's rules, so it is read at call time.
    from .factors import FACTORS, factor_plan

    group = Group(index, requests, queries)
    alive, excluded = hard_filters(group)
    plans = [
        factor_plan(r, q, scale, index) for r, q in zip(requests, queries, strict=True)
    ]
    order = sorted({name for names, _ in plans for name in names})
    # Each factor is worked out only for the requests that ask for it.
    askers = {n: [r for r, (names, _) in enumerate(plans) if n in names] for n in order}
    tables = {
        name: FACTORS[name](group.subset(askers[name]))
        if name != "requirements" else np.ones((len(askers[name]), len(group.rows)))
        for name in order
    }  # fmt: skip
    rows, cols = _candidates(group, alive, plans, askers, tables, keep)
    ends = np.searchsorted(rows, np.arange(1, len(requests) + 1))
    starts = np.concatenate(([0], ends[:-1]))
    gathered = np.zeros((len(rows), len(order)))
    for j, name in enumerate(order):
        slot = np.full(len(requests), -1)
        slot[askers[name]] = np.arange(len(askers[name]))
        asked = slot[rows] >= 0
        gathered[asked, j] = tables[name][slot[rows[asked]], cols[asked]]
    position = {name: j for j, name in enumerate(order)}
    eligible = np.count_nonzero(alive, axis=1).tolist()
    out = []
    for r, (names, weights) in enumerate(plans):
        picked = slice(starts[r], ends[r])
        matches = gathered[picked][:, [position[n] for n in names]]
        out.append(
            Scored(
                group.rows[cols[picked]], excluded[r], names, weights, matches,
                eligible[r],
            )
        )  # fmt: skip
    return out


def _candidates(group, alive, plans, askers, tables, keep):
    """Return (request, column) pairs of the rows that can reach each top k.

    The group's totals are summed factor by factor, which may differ from a
    single request's sum in the last bits; every row within CANDIDATE_MARGIN
    of the k-th best total is kept, and top_k decides among them exactly.
    """
    size = len(group.rows)
    totals = np.zeros((len(plans), size))
    shares = [dict(zip(names, factor_shares(w), strict=True)) for names, w in plans]
    for name, table in tables.items():
        users = askers[name]
        share = np.array([shares[r][name] for r in users])[:, None]
        if len(users) == len(plans):
            totals += share * table
        else:
            totals[users] += share * table
    return np.nonzero(candidate_rows(totals, alive, np.asarray(keep)))
