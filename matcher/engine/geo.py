"""Offline ZIP code centroids and great-circle distances."""

from __future__ import annotations

from functools import cache

import numpy as np

EARTH_RADIUS_KM = 6371.0088


@cache
def _centroids() -> dict[str, tuple[float, float]]:
    import zipcodes  # loaded on first use: its table takes a moment to read

    table = {}
    for row in zipcodes.list_all():
        try:
            table[row["zip_code"]] = (float(row["lat"]), float(row["long"]))
        except (TypeError, ValueError):
            continue
    # zipcodes keeps list_all()'s 42,000 dicts (about 170,000 objects) in a
    # module cache for the life of the process; every full garbage collection
    # would walk them. Only two floats per code are needed, so let them go.
    if getattr(zipcodes, "_zips_cache", None) is not None:
        zipcodes._zips_cache = None
    return table


def zip_centroid(postal_code: str | None) -> tuple[float, float] | None:
    """Return (latitude, longitude) of a US ZIP code's centroid, or None."""
    if not postal_code:
        return None
    return _centroids().get(postal_code.strip()[:5])


def km_from_radians(
    lat: float | np.ndarray,
    lon: float | np.ndarray,
    lat2: np.ndarray,
    lon2: np.ndarray,
    cos_lat2: np.ndarray,
) -> np.ndarray:
    """Return great-circle distances in km from a point to arrays of points.

    The point is in degrees; the others in radians, with ``cos_lat2`` the
    cosine of each one's latitude: a directory index keeps these per office,
    so a query works out only its own side. With a column of points for
    ``lat``/``lon`` and rows for the others it returns the whole (points x
    points) table, by broadcasting.
    """
    lat1, lon1 = np.radians(lat), np.radians(lon)
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * cos_lat2 * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
