"""The Dask candidate step, one task per state, equals the single-process one."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from matcher.assign import assign, client_options, options_on_dask, parse_waiting
from matcher.demo import make_profiles, make_requests
from matcher.engine.matcher import Matcher
from tests.engine_helpers import directory

pytest.importorskip("dask")


@pytest.fixture(scope="module")
def setting():
    """A 300-therapist demo directory with slots and 90 waiting clients."""
    rng = random.Random(15)
    frame = directory(make_profiles(300, seed=4))
    matcher = Matcher(today=dt.date(2026, 11, 1)).fit(frame)
    slots = {str(t): rng.randint(0, 3) for t in frame["id"]}
    clients = [
        parse_waiting(request | {"priority": rng.choice(["urgent", "normal"])}, str(i))
        for i, request in enumerate(make_requests(90, seed=9))
    ]
    return matcher, clients, {t: n for t, n in slots.items() if n}


@pytest.mark.parametrize("scheduler", ["synchronous", "threads"])
def test_dask_candidates_equal_the_single_process_ones(setting, scheduler):
    matcher, clients, slots = setting
    here = client_options(matcher, clients, slots)
    assert len({c.request.state for c in clients}) > 1  # several partitions
    assert sum(len(o.candidates) for o in here) > 0
    assert options_on_dask(matcher, clients, slots, scheduler) == here


def test_a_local_cluster_gives_the_same_assignment(setting):
    pytest.importorskip("distributed")
    matcher, clients, slots = setting
    here = assign(matcher, clients, slots)
    assert assign(matcher, clients, slots, scheduler="local") == here
