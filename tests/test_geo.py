"""ZIP code centroids and distances."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bench.reference import distance_km
from matcher.engine import geo

ROOT = Path(__file__).resolve().parents[1]


def test_zip_codes_resolve_to_their_centroid():
    lat, lon = geo.zip_centroid("02139-4307")
    assert (round(lat), round(lon)) == (42, -71)
    assert geo.zip_centroid("00000") is None
    assert geo.zip_centroid("") is None


def test_the_zip_table_keeps_no_large_object_graph_alive():
    # Every full garbage collection walks what stays alive: the table must be
    # one dict of float pairs, not the zipcodes package's 42,000 dicts. A fresh
    # process, so that nothing else has loaded the package's table before.
    script = (
        "import gc\n"
        "from matcher.engine import geo\n"
        "gc.collect(); before = len(gc.get_objects())\n"
        "assert geo.zip_centroid('10001') is not None\n"
        "gc.collect(); print(len(gc.get_objects()) - before)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True,
        cwd=ROOT,
    )  # fmt: skip
    assert int(done.stdout) < 1_000


def in_radians(lats, lons):
    """Offices as a directory index keeps them: radians and latitude cosine."""
    lats = np.radians(lats)
    return lats, np.radians(lons), np.cos(lats)


def test_a_column_of_points_gives_the_whole_distance_table():
    lats, lons = np.array([42.36, 40.75, 34.05]), np.array([-71.06, -73.99, -118.24])
    offices = [a[None, :] for a in in_radians(lats, lons)]
    table = geo.km_from_radians(lats[:, None], lons[:, None], *offices)
    for i in range(3):
        alone = geo.km_from_radians(lats[i], lons[i], *in_radians(lats, lons))
        assert table[i].tolist() == alone.tolist()
    assert np.diag(table) == pytest.approx(0.0, abs=1e-9)
    assert table[0, 1] == pytest.approx(306, abs=5)  # Boston to New York


def test_distances_from_kept_radians_do_not_depend_on_which_offices_are_read():
    # An index works out each office's radians and cosine once, over every
    # office; a query then reads some of them. The distances must not change,
    # and they agree with the plain-Python formula of the reference scorer.
    rng = np.random.default_rng(3)
    lats, lons = rng.uniform(-60, 70, 5000), rng.uniform(-170, 170, 5000)
    lats[::97] = np.nan
    kept = in_radians(lats, lons)
    some = np.sort(rng.choice(5000, 700, replace=False))
    near = geo.km_from_radians(42.0, -71.5, *(a[some] for a in kept))
    alone = geo.km_from_radians(42.0, -71.5, *in_radians(lats[some], lons[some]))
    assert np.array_equal(near, alone, equal_nan=True)
    for km, lat, lon in zip(near[:50], lats[some][:50], lons[some][:50], strict=True):
        plain = distance_km({"geo_latitude": lat, "geo_longitude": lon}, (42.0, -71.5))
        assert (np.isnan(km) and plain is None) or km == pytest.approx(plain, rel=1e-9)
