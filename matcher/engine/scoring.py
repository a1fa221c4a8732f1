"""The query path: hard filters and weighted factors, vectorised over therapists."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np

from . import relax_steps
from .candidates import factor_shares
from .evidence import evidence_credit
from .geo import km_from_radians
from .index import DirectoryIndex
from .index_lists import insurance_key
from .index_text import TextQuery
from .relax_steps import Relaxation
from .request import STYLE_DIMENSIONS, Preference, Request, list_field

IMPORTANCE_WEIGHTS = {"low": 1.0, "medium": 2.0, "high": 3.0, "must": 3.0}
STYLE_SPAN = 6.0  # the widest gap on a -3..+3 scale
UNKNOWN = 0.5  # neutral match for what a profile does not say
TEXT_SATURATION = 0.35  # cosine similarity that already counts as a full match
DEFAULT_DISTANCE_KM = 50.0
COST_MATCH = {"fits": 1.0, "sliding_scale": 0.75, "fee_unknown": 0.5, "over": 0.0}
# A cost match by 4 x fits + 2 x sliding scale + fee unknown: the first that holds.
COST_BY_FLAGS = np.array(
    [COST_MATCH["over"], COST_MATCH["fee_unknown"]]
    + [COST_MATCH["sliding_scale"]] * 2
    + [COST_MATCH["fits"]] * 4
)
EMPTY_ROWS = np.zeros(0, dtype=np.int64)


def distances_km(
    index: DirectoryIndex, request: Request, rows: np.ndarray
) -> np.ndarray:
    """Return km from the client's ZIP code to each office (NaN when unknown)."""
    lat, lon = request.origin
    return index.kept(
        ("distances_km", request.origin), rows,
        lambda: km_from_radians(
            lat, lon, index.latitude_rad[rows], index.longitude_rad[rows],
            index.cos_latitude[rows],
        ),
    )  # fmt: skip


@dataclass(frozen=True)
class HardFilter:
    """One hard filter: what it reads of a request, its mask, relaxations and words.

    ``reads`` returns the part of a request the filter reads, or None when the
    request does not apply the filter; ``mask`` tells which rows pass it (None
    for the licence state, applied by taking the state's rows). ``located``
    filters read the client's own location, particular to each client, so
    their result is never kept for another request. ``relaxations`` returns
    the filter's relaxations mildest first (None: never relaxed);
    ``excluded`` says on pages why the filter left therapists out.
    """

    name: str
    reads: Callable[[Request], object]
    mask: Callable[[DirectoryIndex, Request, np.ndarray], np.ndarray] | None
    relaxations: Callable[[Request], list[Relaxation]] | None
    excluded: str
    located: bool = False


def _format_mask(index: DirectoryIndex, request: Request, rows) -> np.ndarray:
    return getattr(index, request.format)[rows]


def _near_mask(
    index: DirectoryIndex, request: Request, rows, km: np.ndarray | None = None
) -> np.ndarray:
    km = distances_km(index, request, rows) if km is None else km
    with np.errstate(invalid="ignore"):
        near = km <= request.max_distance_km
    if request.format == "either":
        near |= index.telehealth[rows]
    return near


def _distance_reads(request: Request) -> object:
    if request.max_distance_km and request.format != "telehealth":
        return request.origin, request.max_distance_km, request.format
    return None


def _must_reads(name: str) -> Callable[[Request], object]:
    def reads(request: Request) -> object:
        pref = request.preference(name)
        return pref.values if pref is not None and pref.must else None

    return reads


def must_mask(
    index: DirectoryIndex, name: str, pref: Preference, rows: np.ndarray
) -> np.ndarray:
    """Tell which therapists meet a 'must' preference (at least one listed value)."""
    if name == "lgbtq_affirming":
        return index.lgbtq_affirming[rows]
    return index.lists[list_field(name)].has_any(pref.values, rows)


def _must_filter(name: str, excluded: str) -> HardFilter:
    return HardFilter(
        name,
        _must_reads(name),
        lambda index, request, rows: must_mask(
            index, name, request.preference(name), rows
        ),
        relax_steps.must_steps(name),
        excluded,
    )


def _listed_filter(
    name: str,
    field: str,
    relaxations: Callable[[Request], list[Relaxation]],
    excluded: str,
) -> HardFilter:
    """Pass the therapists whose list ``field`` holds the request's one value."""
    return HardFilter(
        name,
        lambda request: getattr(request, name) or None,
        lambda index, request, rows: index.lists[field].has_any(
            (getattr(request, name),), rows
        ),
        relaxations,
        excluded,
    )


# Every hard filter, in the order they apply and count: the licence state
# first (the state's rows), then the masks; every preference's must-have last,
# in the order of PREFERENCES.
FILTERS: tuple[HardFilter, ...] = (
    HardFilter(
        "license_state", lambda r: None, None, None, "Not licensed in your state"
    ),
    HardFilter(
        "format",
        lambda r: None if r.format == "either" else r.format,
        _format_mask,
        relax_steps.format_steps,
        "Not offering the way of meeting you chose",
    ),
    HardFilter(
        "distance",
        _distance_reads,
        _near_mask,
        relax_steps.distance_steps,
        "Too far away for in-person sessions",
        located=True,
    ),
    HardFilter(
        "not_accepting",
        lambda r: None if r.include_not_accepting else True,
        lambda index, _request, rows: index.accepting[rows],
        relax_steps.accepting_steps,
        "Not taking new clients",
    ),
    _listed_filter(
        "age_group",
        "populations",
        relax_steps.age_group_steps,
        "Not working with the age group you chose",
    ),
    _listed_filter(
        "session_format",
        "session_formats",
        relax_steps.session_format_steps,
        "Not offering the kind of sessions you chose",
    ),
    _must_filter("concerns", "Not listing a concern you required"),
    _must_filter("approaches", "Not using an approach you required"),
    _must_filter("gender", "Not matching the gender you required"),
    _must_filter("ethnicity", "Not matching the background you required"),
    _must_filter("faith", "Not matching the faith you required"),
    _must_filter("lgbtq_affirming", "Not saying they practise LGBTQ+-affirming care"),
    _must_filter("identities", "Not sharing the lived experience you required"),
    _must_filter("languages", "Not offering therapy in a language you required"),
    _must_filter("availability", "Not offering the appointment times you required"),
)


def location_masks(
    index: DirectoryIndex,
    request: Request,
    rows: np.ndarray,
    km: np.ndarray | None = None,
) -> list[tuple[str, np.ndarray]]:
    """Return the format and distance filters as masks (``km``: if already known)."""
    masks = []
    if request.format != "either":
        masks.append(("format", _format_mask(index, request, rows)))
    if _distance_reads(request) is not None:
        masks.append(("distance", _near_mask(index, request, rows, km)))
    return masks


def filter_masks(
    index: DirectoryIndex, request: Request, rows: np.ndarray
) -> list[tuple[str, np.ndarray]]:
    """Return each hard filter the request applies, as a mask over the rows."""
    return [
        (hard.name, hard.mask(index, request, rows))
        for hard in FILTERS
        if hard.mask is not None and hard.reads(request) is not None
    ]


def filter_inputs(request: Request) -> tuple | None:
    """Return all that ``filter_masks`` reads of a request, or None if it reads
    the client's location (particular to each client).

    Requests with equal inputs pass the same therapists, so a batch can keep
    the result for the next such request of the state.
    """
    inputs = tuple(hard.reads(request) for hard in FILTERS)
    located = any(
        h.located and i is not None for h, i in zip(FILTERS, inputs, strict=True)
    )
    return None if located else inputs


def hard_filters(
    index: DirectoryIndex, request: Request
) -> tuple[np.ndarray, dict[str, int]]:
    """Return the eligible rows and how many therapists each filter removed."""
    rows = index.by_state.get(request.state, EMPTY_ROWS)
    excluded = {}
    if index.size > len(rows):
        excluded["license_state"] = index.size - len(rows)
    alive, removed = passing(index, request, rows)
    return rows[alive], excluded | removed


def passing(
    index: DirectoryIndex, request: Request, rows: np.ndarray | slice
) -> tuple[np.ndarray, dict[str, int]]:
    """Return which rows pass every hard filter, and how many each filter removed."""
    alive = np.ones(index.accepting[rows].shape[0], dtype=bool)
    left = len(alive)
    removed = {}
    for name, mask in filter_masks(index, request, rows):
        alive &= mask
        now = int(np.count_nonzero(alive))
        if now < left:
            removed[name] = left - now
        left = now
    return alive, removed


def text_query(index: DirectoryIndex, request: Request) -> TextQuery | None:
    """Return the client's own words as TF-IDF weights, or None if they have none."""
    if not request.concerns_text.strip() or index.text is None:
        return None
    return index.text.query(request.concerns_text)


def evidence_concerns(request: Request) -> list[str]:
    """Return the client's concerns that the evidence map covers."""
    if request.concerns is None:
        return []
    credit = evidence_credit()
    return [c for c in request.concerns.values if c in credit]


def _concerns(index, request, rows, _query):
    # Graded by the profile's focus on each concern, not only its presence.
    return index.focus.concerns_match(request.concerns.values, rows)


def _listed(index, request, rows, name):
    return (
        index.lists[name].has_any(request.preference(name).values, rows).astype(float)
    )


def _approach_evidence(index, request, rows, _query):
    column, credit = index.lists["approaches"], evidence_credit()
    concerns = evidence_concerns(request)
    return sum(column.best_of(credit[c], rows) for c in concerns) / len(concerns)


def style_match(
    given: np.ndarray,
    estimate: np.ndarray,
    confidence: np.ndarray,
    wanted: np.ndarray | float,
) -> np.ndarray:
    """Return the closeness of therapists' styles to the wanted point (0..1).

    A stated value counts whole. Where none is stated, the estimate's
    closeness counts in proportion to its confidence, the rest staying at the
    neutral ``UNKNOWN``: it moves a match away from neutral by ``confidence``
    times what a stated value at the same distance would, and since the
    confidence stays below 1 it never reaches an exact stated match. No
    estimate (confidence 0) leaves the neutral match unchanged.
    """
    stated = 1.0 - np.abs(given - wanted) / STYLE_SPAN
    guessed = UNKNOWN + confidence * (
        1.0 - np.abs(estimate - wanted) / STYLE_SPAN - UNKNOWN
    )
    return np.where(np.isnan(given), guessed, stated)


def style_closeness(
    index: DirectoryIndex, dimension: str, wanted: int, rows: np.ndarray | slice
) -> np.ndarray:
    """Return how close each therapist is to the wanted point of one style scale."""
    column = STYLE_DIMENSIONS.index(dimension)
    given = index.style[rows, column].astype(np.float64)
    estimate = index.style_estimate[rows, column]
    return style_match(given, estimate, index.style_confidence[rows, column], wanted)


def _style(index, request, rows, _query):
    columns = [
        index.kept(
            ("style", d, v), rows, lambda d=d, v=v: style_closeness(index, d, v, rows)
        )
        for d, v in request.style.items()
    ]
    # The mean over the answered scales, summed in the scales' order.
    return sum(columns) / len(columns)


def _availability(index, request, rows, _query):
    # Hours not listed count as none offered: a neutral value here would rank
    # a profile that lists one of the asked times below one that lists none.
    wanted = request.availability.values
    return index.lists["availability"].count(wanted, rows) / len(wanted)


def _cost(index, request, rows, _query):
    fee = index.fee[rows]
    fits = np.zeros(fee.shape, dtype=bool)
    if request.insurance:
        key = insurance_key(request.insurance)
        fits |= index.lists["insurance"].has_any((key,), rows)
    unknown = np.zeros(fee.shape, dtype=bool)
    if request.max_fee is not None:
        fits |= np.nan_to_num(fee, nan=np.inf) <= request.max_fee
        unknown = np.isnan(fee)
    sliding = index.sliding_scale[rows]
    flags = (
        4 * fits.view(np.uint8) + 2 * sliding.view(np.uint8) + unknown.view(np.uint8)
    )
    return COST_BY_FLAGS[flags]


def _distance(index, request, rows, _query):
    scale = request.max_distance_km or DEFAULT_DISTANCE_KM
    near = np.clip(1.0 - distances_km(index, request, rows) / scale, 0.0, 1.0)
    return np.where(np.isnan(near), UNKNOWN, near)


def _text(index, _request, rows, query):
    cosine = index.text.similarity(query, rows)
    return np.minimum(1.0, cosine / TEXT_SATURATION)


def points_of(weights: np.ndarray, matches: np.ndarray) -> np.ndarray:
    """Return each factor's points: 100 x weight x match / total weight."""
    return matches * factor_shares(weights)


# distance_unit changes only words, so it leaves the tie order alone too.
SEED_FIELDS = tuple(
    f.name
    for f in fields(Request)
    if f.name not in ("request_id", "limit", "distance_unit")
)


def request_seed(request: Request) -> int:
    """Return a 64-bit number fixed by what a request asks (not its id or limit)."""
    # Every field but the caller's id, the limit and the unit, in a fixed order.
    text = repr([getattr(request, name) for name in SEED_FIELDS])
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def tie_order(id_hashes: np.ndarray, seed: int) -> np.ndarray:
    """Return a per-request shuffle key: equal scores need not favour the same ids."""
    return id_hashes ^ np.uint64(seed)


def top_k(scores: np.ndarray, ties: np.ndarray, k: int) -> np.ndarray:
    """Return positions of the k best scores, equal scores in ``ties`` order."""
    key = np.round(scores, 6)
    candidates = np.arange(len(key))
    if len(key) > k:
        threshold = np.partition(key, len(key) - k)[len(key) - k]
        above = np.flatnonzero(key > threshold)  # fewer than k: all of them
        tied = np.flatnonzero(key == threshold)
        wanted = k - len(above)  # the rest: the tied first in tie order
        if len(tied) > wanted:
            tied = tied[np.argpartition(ties[tied], wanted - 1)[:wanted]]
        candidates = np.concatenate([above, tied])
    order = np.lexsort((ties[candidates], -key[candidates]))
    return candidates[order][:k]
