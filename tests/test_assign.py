"""Waitlist assignment: known answers, exactness against brute force, properties."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from matcher.assign import (
    PRIORITIES,
    Candidate,
    ClientOptions,
    assign,
    flow,
    parse_waiting,
    slots_of,
)
from matcher.assign.flow import flow_gains
from matcher.assign.solve import solve
from matcher.engine.matcher import Matcher
from tests.engine_helpers import directory, therapist

SPANISH = ["English", "Spanish"]


def waiting(request_id, priority="normal", since=None, **request):
    """Return a waiting client in MA with the given request fields."""
    data = {"request_id": request_id, "state": "MA", "priority": priority, **request}
    if since:
        data["waiting_since"] = since
    return parse_waiting(data, request_id)


def must(*values):
    return {"value": list(values), "importance": "must"}


def run(rows, clients):
    frame = directory(rows)
    matcher = Matcher().fit(frame)
    return matcher, assign(matcher, clients, slots_of(frame))


def rows_by_id(result):
    return {row.request_id: row for row in result.placements}


def test_the_greedy_trap_places_both_clients():
    rows = [
        therapist("t-any", open_slots=1),
        therapist("t-es", languages=SPANISH, open_slots=1),
    ]
    a = waiting("A", since="2026-01-01", languages={"value": ["Spanish"]})
    b = waiting("B", since="2026-02-01", languages=must("Spanish"))
    _, result = run(rows, [a, b])
    placed = rows_by_id(result)
    assert placed["A"].first_choice_id == "t-es"  # A would rather have Spanish
    assert (placed["A"].therapist_id, placed["B"].therapist_id) == ("t-any", "t-es")
    assert placed["A"].choice_rank == 2
    assert placed["A"].first_choice_note == "its slot went to normal-priority clients"
    assert result.summary.placed_total == 2
    assert result.greedy.placed_total == 1  # first come takes the Spanish slot


def test_an_urgent_client_gets_the_last_slot_over_a_better_fit():
    rows = [therapist("t-1", languages=SPANISH, open_slots=1)]
    better_fit = waiting("N", "normal", "2025-01-01", languages={"value": ["Spanish"]})
    urgent = waiting("U", "urgent", "2026-06-01", languages={"value": ["French"]})
    matcher, result = run(rows, [better_fit, urgent])
    fits = {c.request_id: matcher.rank(c.request).matches[0].score
            for c in (better_fit, urgent)}  # fmt: skip
    assert fits["N"] > fits["U"]
    placed = rows_by_id(result)
    assert placed["U"].therapist_id == "t-1" and placed["N"].therapist_id == ""
    assert (
        placed["N"].reason == "the 1 eligible therapist's slots went to urgent clients"
    )


def test_a_therapist_with_no_slots_gets_nobody():
    rows = [
        therapist("t-zero", languages=SPANISH, open_slots=0),
        therapist("t-none", languages=SPANISH),
        therapist("t-open", open_slots=3),
    ]
    clients = [waiting("S", languages=must("Spanish")), waiting("E")]
    _, result = run(rows, clients)
    placed = rows_by_id(result)
    assert placed["S"].therapist_id == ""
    assert placed["S"].reason == "no eligible therapist has an open slot"
    assert placed["S"].first_choice_note == "has no open slot"
    assert placed["E"].therapist_id == "t-open"


def test_unplaced_clients_have_reasons():
    rows = [therapist("t-1", open_slots=1), therapist("t-2", open_slots=1)]
    clients = [waiting("U1", "urgent"), waiting("U2", "urgent"), waiting("H", "high"),
               waiting("F", languages=must("Farsi"))]  # fmt: skip
    _, result = run(rows, clients)
    placed = rows_by_id(result)
    assert (
        placed["H"].reason == "the 2 eligible therapists' slots went to urgent clients"
    )
    assert placed["F"].reason.startswith("no therapist is eligible")
    assert result.summary.placed == {"urgent": 2, "high": 0, "normal": 0}
    for row in result.placements:
        assert bool(row.therapist_id) != bool(row.reason)


def test_waiting_longer_breaks_a_tie():
    rows = [therapist("t-1", open_slots=1)]
    clients = [
        waiting("late", since="2026-03-01"),
        waiting("early", since="2025-03-01"),
    ]
    _, result = run(rows, clients)
    assert rows_by_id(result)["early"].therapist_id == "t-1"


# ------------------------------------------------------------ exactness


def random_options(rng: random.Random):
    """A small random instance: clients' candidates, priorities, slots."""
    therapists = [f"t{j}" for j in range(rng.randint(1, 3))]
    slots = {t: rng.randint(0, 2) for t in therapists}
    options, priorities = [], []
    for _ in range(rng.randint(1, 5)):
        picked = rng.sample(therapists, rng.randint(0, len(therapists)))
        scores = sorted((rng.randint(0, 40) / 4 for _ in picked), reverse=True)
        ranked = [Candidate(t, s, r) for r, (t, s) in enumerate(zip(picked, scores,
                  strict=True), start=1) if slots[t] > 0]  # fmt: skip
        options.append(ClientOptions(len(picked), None, tuple(ranked)))
        priorities.append(rng.choice(PRIORITIES))
    return options, priorities, slots


def key(options, priorities, weight, chosen):
    """The objective, lexicographically: placed per level, total fit, waiting."""
    placed = [sum(1 for i, c in enumerate(chosen) if c is not None
                  and priorities[i] == level) for level in PRIORITIES]  # fmt: skip
    fit = sum(round(options[i].candidates[c].score * 100)
              for i, c in enumerate(chosen) if c is not None)  # fmt: skip
    wait = sum(weight[i] for i, c in enumerate(chosen) if c is not None)
    return (*placed, fit, wait)


def brute_force(options, priorities, weight, slots):
    best = None
    choices = [[None, *range(len(o.candidates))] for o in options]
    for chosen in itertools.product(*choices):
        used: dict[str, int] = {}
        for option, c in zip(options, chosen, strict=True):
            if c is not None:
                tid = option.candidates[c].therapist_id
                used[tid] = used.get(tid, 0) + 1
        if all(n <= slots[t] for t, n in used.items()):
            found = key(options, priorities, weight, chosen)
            best = found if best is None or found > best else best
    return best


@pytest.mark.parametrize("seed", range(60))
def test_the_solver_finds_the_brute_force_optimum(seed):
    rng = random.Random(seed)
    options, priorities, slots = random_options(rng)
    weight = rng.sample(range(1, len(options) + 1), len(options))
    chosen = solve(options, priorities, weight, slots)
    assert key(options, priorities, weight, chosen) == brute_force(
        options, priorities, weight, slots
    )


@pytest.mark.parametrize("seed", range(20))
def test_the_staged_lp_fallback_finds_the_brute_force_optimum(seed, monkeypatch):
    rng = random.Random(1000 + seed)
    options, priorities, slots = random_options(rng)
    weight = rng.sample(range(1, len(options) + 1), len(options))
    monkeypatch.setattr(flow, "INT64_ROOM", 0)  # no gain fits: every problem by LP
    chosen = solve(options, priorities, weight, slots)
    assert key(options, priorities, weight, chosen) == brute_force(
        options, priorities, weight, slots
    )


def larger_options(rng: random.Random):
    """A random instance too large to enumerate: 60 clients, 15 therapists."""
    therapists = [f"t{j}" for j in range(15)]
    slots = {t: rng.randint(0, 3) for t in therapists}
    options = []
    for _ in range(60):
        picked = rng.sample(therapists, rng.randint(0, 6))
        scores = sorted((rng.randint(0, 400) / 4 for _ in picked), reverse=True)
        ranked = [Candidate(t, s, r) for r, (t, s) in enumerate(zip(picked, scores,
                  strict=True), start=1) if slots[t] > 0]  # fmt: skip
        options.append(ClientOptions(len(picked), None, tuple(ranked)))
    priorities = [rng.choice(PRIORITIES) for _ in options]
    return options, priorities, slots


@pytest.mark.parametrize("seed", range(8))
def test_the_flow_and_the_staged_lp_agree_on_larger_instances(seed, monkeypatch):
    rng = random.Random(seed)
    options, priorities, slots = larger_options(rng)
    weight = rng.sample(range(1, len(options) + 1), len(options))
    by_flow = solve(options, priorities, weight, slots)
    monkeypatch.setattr(flow, "INT64_ROOM", 0)
    by_lp = solve(options, priorities, weight, slots)
    assert key(options, priorities, weight, by_flow) == key(
        options, priorities, weight, by_lp
    )


def test_flow_gains_refuse_what_would_overflow():
    client = np.arange(3)
    fits = np.array([10_000, 0, 5_000])
    assert flow_gains(np.ones(3), fits, client + 1, client, 3, 8) is not None
    huge = np.array([2**40, 2**40, 2**40])
    assert flow_gains(np.ones(3), fits, huge, client, 3, 8) is None


# ------------------------------------------------------------ properties


def random_directory(rng: random.Random, slots=None):
    rows = []
    for j in range(8):
        rows.append(therapist(
            f"t-{j}", languages=rng.choice([["English"], SPANISH]),
            in_person=rng.random() < 0.7, telehealth=True,
            fee=rng.choice([80, 150, 220]), open_slots=rng.randint(0, 2),
        ))  # fmt: skip
    return rows


def random_clients(rng: random.Random):
    clients = []
    for i in range(12):
        request = {}
        if rng.random() < 0.4:
            request["languages"] = must("Spanish")
        if rng.random() < 0.4:
            request["format"] = "in_person"
        if rng.random() < 0.5:
            request["max_fee"] = rng.choice([100, 200])
        clients.append(waiting(f"c{i}", rng.choice(PRIORITIES),
                               f"2026-0{rng.randint(1, 9)}-01", **request))  # fmt: skip
    return clients


@pytest.mark.parametrize("seed", range(5))
def test_capacity_hard_filters_and_determinism_hold(seed):
    rng = random.Random(seed)
    rows, clients = random_directory(rng), random_clients(rng)
    matcher, result = run(rows, clients)
    slots = {r["id"]: int(r["open_slots"]) for r in rows}
    used: dict[str, int] = {}
    for client, row in zip(clients, result.placements, strict=True):
        if row.therapist_id:
            used[row.therapist_id] = used.get(row.therapist_id, 0) + 1
            own = matcher.rank(client.request, k=len(rows)).matches
            listed = {m.therapist_id: (m.rank, m.score) for m in own}
            assert listed[row.therapist_id] == (row.choice_rank, row.score)
    assert all(n <= slots[t] for t, n in used.items())
    again = assign(matcher, clients, slots)
    assert again.placements == result.placements
    assert result.summary.placed_total >= result.greedy.placed_total


@pytest.mark.parametrize("seed", range(5))
def test_adding_a_slot_never_places_fewer(seed):
    rng = random.Random(seed)
    rows, clients = random_directory(rng), random_clients(rng)
    matcher, before = run(rows, clients)
    slots = {r["id"]: int(r["open_slots"]) for r in rows}
    slots[rng.choice(sorted(slots))] += 1
    after = assign(matcher, clients, slots)
    assert [after.summary.placed[p] for p in PRIORITIES] >= [
        before.summary.placed[p] for p in PRIORITIES
    ]
    assert after.summary.placed_total >= before.summary.placed_total
