"""Small drawing helpers of the demo generator, and each state's ZIP codes."""

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from itertools import compress
from typing import Any, NamedTuple

import numpy as np
import zipcodes

from .tables import METRO_SCALE_KM, METROS, RURAL_SHARE

Draws = dict[str, Any]  # intermediate numpy arrays shared between profile steps
Columns = dict[str, list[str]]


# -------------------------------------------------------------- small helpers
def _vector(
    weights: Mapping[str, float], keys: Sequence[str], default: float = 0.0
) -> np.ndarray:
    """Return the weights aligned to keys as a float32 array."""
    return np.array([weights.get(key, default) for key in keys], dtype=np.float32)


def _matrix(
    rows: Mapping[str, Mapping[str, float]],
    row_keys: Sequence[str],
    col_keys: Sequence[str],
) -> np.ndarray:
    """Return a (row_keys, col_keys) float32 matrix from nested weights."""
    return np.stack([_vector(rows.get(key, {}), col_keys) for key in row_keys])


def _lookup(labels: Sequence[str], index: np.ndarray) -> list[str]:
    """Map integer codes to label strings (shared objects, not copies)."""
    return np.asarray(labels, dtype=object)[index].tolist()


def _categorical(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Draw one category per row from a (rows, k) matrix of weights."""
    cumulative = np.cumsum(probs, axis=1)
    cumulative /= cumulative[:, -1:]
    roll = rng.random((len(probs), 1))
    return np.minimum((cumulative < roll).sum(axis=1), probs.shape[1] - 1)


def _choose(rng: np.random.Generator, n: int, weights: Sequence[float]) -> np.ndarray:
    """Draw n category indices from one weight vector."""
    p = np.asarray(weights, dtype=float)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _top_k(
    rng: np.random.Generator, logits: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sample counts[i] distinct columns per row with weights exp(logits)."""
    keys = logits + rng.gumbel(size=logits.shape).astype(np.float32)  # Gumbel top-k
    order = np.argsort(-keys, axis=1, kind="stable")[:, : int(counts.max())]
    chosen = np.arange(order.shape[1]) < counts[:, None]
    mask = np.zeros(logits.shape, dtype=bool)
    np.put_along_axis(mask, order, chosen, axis=1)
    return order, mask


def _bits(code: int, width: int) -> list[bool]:
    """Return the low `width` bits of code, lowest first."""
    return [bool(code >> i & 1) for i in range(width)]


def _label_mask(
    mask: np.ndarray, labels: Sequence[str], join: Callable[[list[str]], str] = ";".join
) -> list[str]:
    """Join each row's selected labels; equal rows share one string."""
    weights = 1 << np.arange(mask.shape[1], dtype=np.int64)
    codes, inverse = np.unique(mask.astype(np.int64) @ weights, return_inverse=True)
    texts = [
        join(list(compress(labels, _bits(c, len(labels))))) for c in codes.tolist()
    ]
    return _lookup(texts, inverse.ravel())


def _label_values(values: np.ndarray, given: np.ndarray) -> list[str]:
    """Format integers as text, blank where not given."""
    codes, inverse = np.unique(np.where(given, values, -(10**6)), return_inverse=True)
    texts = ["" if c == -(10**6) else str(c) for c in codes.tolist()]
    return _lookup(texts, inverse.ravel())


def _and_list(items: Sequence[str]) -> str:
    """Join phrases as natural English: 'a, b, and c' (phrases may hold 'and')."""
    if len(items) < 3:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _blank(texts: list[str], given: np.ndarray) -> list[str]:
    """Blank the texts whose row is not given."""
    return [t if g else "" for t, g in zip(texts, given.tolist(), strict=True)]


# ----------------------------------------------------------------- geography
class _ZipTable(NamedTuple):
    """Standard, active zip codes of one state with a metro-clustered weight."""

    zips: np.ndarray
    cities: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    area_codes: np.ndarray
    p: np.ndarray


def _km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Approximate distance in km (equirectangular; fine within a state)."""
    x = np.radians(lon - lon0) * np.cos(np.radians((lat + lat0) / 2))
    return 6371.0 * np.hypot(x, np.radians(lat - lat0))


def _metro_weights(state: str, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Weight zips by closeness to the state's metros, plus a rural share."""
    p = np.full(len(lat), RURAL_SHARE / len(lat))
    for metro_lat, metro_lon, share in METROS.get(state, ()):
        kernel = np.exp(-_km(lat, lon, metro_lat, metro_lon) / METRO_SCALE_KM)
        p += share * kernel / kernel.sum()
    return p / p.sum()


@cache
def _zip_table(state: str) -> _ZipTable:
    """Load the state's zip codes once (offline, from the zipcodes package)."""
    rows = [
        z
        for z in zipcodes.filter_by(state=state)
        if z["active"] and z["zip_code_type"] == "STANDARD" and z["lat"]
    ]
    if not rows:
        raise ValueError(f"no zip codes known for state {state!r}")
    lat = np.array([float(z["lat"]) for z in rows])
    lon = np.array([float(z["long"]) for z in rows])
    area = [(z["area_codes"] or rows[0]["area_codes"] or ["555"])[0] for z in rows]
    column = [
        np.array([z[k] for z in rows], dtype=object) for k in ("zip_code", "city")
    ]
    area_codes = np.array(area, dtype=object)
    return _ZipTable(*column, lat, lon, area_codes, _metro_weights(state, lat, lon))
