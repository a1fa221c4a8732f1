"""Waitlist assignment: candidates from rank_many, the exact solve, against greedy.

A generated directory is imported into a temporary database; each therapist
gets 0-5 open slots (seeded), and the demo request mix becomes a waitlist with
priorities (10% urgent, 20% high, 70% normal) and waiting dates. The run is
timed in two parts: candidates (every client's whole eligible list from
``Matcher.rank_many``, kept where the therapist has a slot) and solving (a
min-cost flow per state by OR-Tools, plus first-come greedy and the rows). Peak
RSS is the process's; placed clients and fit are reported for the optimum and for greedy
on the same candidates.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
from collections import Counter
from typing import Any

from bench.common import generated_directory, request_mix, seconds
from matcher.assign import assign_options, client_options, parse_waiting
from matcher.demo import make_profiles
from matcher.engine.matcher import Matcher

CASES = ((2_000, 10_000),)
QUICK_CASES = ((500, 1_000),)
# Sized, not run: every client's whole eligible list as Python objects would
# not fit in this machine's memory (see ``sized``).
SIZED_CASES = ((100_000, 50_000),)
LEVELS = (("urgent", 0.1), ("high", 0.2), ("normal", 0.7))
START = dt.date(2026, 1, 1)


def waitlist(n: int, rng: random.Random) -> list[Any]:
    """Return n waiting clients from the demo request mix."""
    clients = []
    for i, request in enumerate(request_mix(n)):
        request = dict(request, request_id=f"w-{i}")
        request["priority"] = rng.choices(*zip(*LEVELS, strict=True))[0]
        request["waiting_since"] = (
            START + dt.timedelta(rng.randint(0, 300))
        ).isoformat()
        clients.append(parse_waiting(request, str(i)))
    return clients


def case(therapists: int, waiting: int) -> dict[str, Any]:
    """Measure one size."""
    rng = random.Random(15)
    frame, _ = generated_directory(therapists)
    slots = {str(tid): rng.randint(0, 5) for tid in frame["id"]}
    slots = {tid: n for tid, n in slots.items() if n > 0}
    matcher = Matcher(today=dt.date(2026, 11, 1)).fit(frame)
    clients = waitlist(waiting, rng)
    options, candidates_s = seconds(lambda: client_options(matcher, clients, slots))
    result, solve_s = seconds(lambda: assign_options(clients, options, slots))
    edges = sum(len(o.candidates) for o in options)
    return {
        "therapists": therapists,
        "waiting": waiting,
        "slots": sum(slots.values()),
        "licensed_pairs": licensed_pairs(
            frame["id"], frame["license_states"], slots, clients
        ),
        "candidate_pairs": edges,
        "candidates_s": round(candidates_s, 2),
        "solve_s": round(solve_s, 2),
        "solve_over_candidates": round(solve_s / candidates_s, 3),
        "total_s": round(candidates_s + solve_s, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "optimal": result.summary.to_dict(),
        "greedy": result.greedy.to_dict(),
    }


def licensed_pairs(ids, license_states, slots: dict[str, int], clients) -> int:
    """Count (client, therapist with a slot licensed in the client's state) pairs.

    An upper bound on the candidate pairs (hard filters remove some), cheap
    to count without ranking anyone.
    """
    per_state: Counter = Counter()
    for tid, states in zip(ids, license_states, strict=True):
        if slots.get(str(tid), 0) > 0:
            per_state.update(_states(states))
    return sum(per_state[client.request.state] for client in clients)


def _states(value) -> list[str]:
    if isinstance(value, list | tuple):
        return list(value)
    return [s for s in str(value).split(";") if s]


def sized(therapists: int, waiting: int) -> dict[str, Any]:
    """Count the licensed pairs of a size too large to run, without ranking."""
    rng = random.Random(15)
    profiles = make_profiles(therapists)
    ids = [str(p["id"]) for p in profiles]
    slots = {tid: rng.randint(0, 5) for tid in ids}
    clients = waitlist(waiting, rng)
    states = [p["license_states"] for p in profiles]
    return {
        "therapists": therapists,
        "waiting": waiting,
        "slots": sum(slots.values()),
        "licensed_pairs": licensed_pairs(ids, states, slots, clients),
    }


def run(quick: bool = False) -> dict[str, Any]:
    """Run every case and size the ones too large to run; return the figures."""
    cases = [case(t, w) for t, w in (QUICK_CASES if quick else CASES)]
    return {
        "cases": cases,
        "sized": [] if quick else [sized(t, w) for t, w in SIZED_CASES],
    }
