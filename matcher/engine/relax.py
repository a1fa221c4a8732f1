"""Suggestions: hard filters the client could relax, alone or together.

Each filter the request applies (other than the licence state, never relaxed)
offers one or more relaxations, mildest first, named by its row of the
``FILTERS`` table (built in ``matcher/engine/relax_steps.py``): format to
either, the distance limit up a step then removed, therapists with a
waitlist included, the age group or session format dropped, a must-have
made ``high``. A suggestion is
one relaxation, or a combination of relaxations of different filters joined
with ``&``, with how many therapists it adds.

Counting is cheap: each filter's mask over the state's therapists is worked
out once (the format and distance masks once per setting), and a combination
only ANDs them. The search is bounded by ``MAX_TRIED`` combinations.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np

from .answer import Suggestion
from .index import DirectoryIndex
from .relax_steps import RATHER, Relaxation
from .request import Request
from .scoring import (
    EMPTY_ROWS,
    FILTERS,
    distances_km,
    filter_masks,
    location_masks,
)
from .words import capitalised, join_clauses

MAX_CHANGES = 3  # the most relaxations a searched combination joins
MAX_TRIED = 300  # the most combinations counted for one request
MAX_COMBINED = 3  # the most combined suggestions offered


def relaxations(request: Request) -> list[list[Relaxation]]:
    """Return, per filter the request applies, its relaxations mildest first."""
    return [
        hard.relaxations(request)
        for hard in FILTERS
        if hard.relaxations is not None and hard.reads(request) is not None
    ]


def suggestion(combination: tuple[Relaxation, ...], adds: int) -> Suggestion:
    """Word a combination of relaxations and the therapists it adds."""
    therapists = f"{adds} therapist{'s' if adds != 1 else ''}"
    phrases = join_clauses([r.phrase for r in combination])
    if len(combination) > 1 and all(r.wanted for r in combination):
        phrases = f"making {join_clauses([r.wanted for r in combination])} {RATHER}"
    return Suggestion(
        "&".join(r.change for r in combination),
        adds,
        f"{capitalised(phrases)} would add {therapists}",
    )


class Counter:
    """Count the therapists a combination of relaxations lets in, from masks.

    A combination of n relaxations can only let in a therapist who fails at
    most n filters (format and distance together counting as one), so the
    small combinations are counted over those therapists only.
    """

    def __init__(self, index: DirectoryIndex, request: Request):
        self.index, self.request = index, request
        self.rows = index.by_state.get(request.state, EMPTY_ROWS)
        # Format and distance come from _location, one mask per setting.
        anywhere = replace(request, format="either", max_distance_km=None)
        self.masks = dict(filter_masks(index, anywhere, self.rows))
        self.locations: dict[tuple, np.ndarray] = {}
        self.km: np.ndarray | None = None  # distances, when a setting needs them
        fails = sum((~m).view(np.uint8) for m in self.masks.values())
        fails = fails + (~self._location({})).view(np.uint8)
        self.near = np.flatnonzero(fails <= MAX_CHANGES)
        self.near_masks = {n: m[self.near] for n, m in self.masks.items()}
        self.near_locations: dict[tuple, np.ndarray] = {}
        self.tried = 0

    def count(self, combination: tuple[Relaxation, ...]) -> int:
        """Return how many therapists pass with these relaxations applied."""
        self.tried += 1
        near = len(combination) <= MAX_CHANGES
        relaxed = {r.filter for r in combination}
        fields = dict(f for r in combination for f in r.fields)
        alive = self._near_location(fields) if near else self._location(fields)
        for name, mask in (self.near_masks if near else self.masks).items():
            if name not in relaxed:
                alive = alive & mask
        return int(np.count_nonzero(alive))

    def _key(self, fields: dict) -> tuple:
        request = self.request
        form = fields.get("format", request.format)
        return form, fields.get("max_distance_km", request.max_distance_km)

    def _near_location(self, fields: dict) -> np.ndarray:
        key = self._key(fields)
        if key not in self.near_locations:
            self.near_locations[key] = self._location(fields)[self.near]
        return self.near_locations[key]

    def _location(self, fields: dict) -> np.ndarray:
        form, limit = key = self._key(fields)
        if key not in self.locations:
            moved = replace(self.request, format=form, max_distance_km=limit)
            km = self._km() if limit and form != "telehealth" else None
            alive = np.ones(len(self.rows), dtype=bool)
            for _, mask in location_masks(self.index, moved, self.rows, km):
                alive = alive & mask
            self.locations[key] = alive
        return self.locations[key]

    def _km(self) -> np.ndarray:
        """Return the distances to the state's offices, worked out once."""
        if self.km is None:
            self.km = distances_km(self.index, self.request, self.rows)
        return self.km


def suggestions(
    index: DirectoryIndex, request: Request, eligible: int
) -> list[Suggestion]:
    """Return what the client could relax: single changes, else combinations.

    Single changes come when fewer than ``limit`` are eligible. When no one is
    and no single change helps, the smallest combinations that do come
    instead; a client whom some relaxation would help always gets one.
    """
    if eligible >= request.limit or not len(index.by_state.get(request.state, ())):
        return []
    counter, options = Counter(index, request), relaxations(request)
    found = _singles(counter, options, eligible)
    if found or eligible:
        return found
    return _combined(counter, options) or _reduced(counter, options)


def _singles(counter: Counter, options, eligible: int) -> list[Suggestion]:
    found = []
    for levels in options:
        found += _single(counter, levels, eligible)
    return found


def _single(counter: Counter, levels, eligible: int) -> list[Suggestion]:
    """Return the mildest level that adds someone, and the widest if it adds more."""
    for relaxation in levels:
        adds = counter.count((relaxation,)) - eligible
        if adds > 0:
            break
    else:
        return []
    found = [suggestion((relaxation,), adds)]
    if relaxation is not levels[-1]:
        widest = counter.count((levels[-1],)) - eligible
        if widest > adds:
            found.append(suggestion((levels[-1],), widest))
    return found


def _combined(counter: Counter, options) -> list[Suggestion]:
    for size in range(2, MAX_CHANGES + 1):
        found = []
        for filters in itertools.combinations(options, size):
            if counter.tried >= MAX_TRIED:
                break
            helping = _first_helping(counter, filters)
            if helping is not None:
                found.append(helping)
        if found:
            found.sort(key=lambda s: -s.adds)  # stable: filter order among equals
            return found[:MAX_COMBINED]
    return []


def _first_helping(counter: Counter, filters) -> Suggestion | None:
    # Each filter's levels run mildest first, so the first that helps is mild.
    for combination in itertools.product(*filters):
        if counter.tried >= MAX_TRIED:
            break
        adds = counter.count(combination)
        if adds:
            return suggestion(combination, adds)
    return None


def _reduced(counter: Counter, options) -> list[Suggestion]:
    """Relax everything; if that helps, keep only the relaxations it needs."""
    kept = [levels[-1] for levels in options]
    if not options or not counter.count(tuple(kept)):
        return []
    for relaxation in list(reversed(kept)):
        trial = [r for r in kept if r is not relaxation]
        if trial and counter.count(tuple(trial)):
            kept = trial
    for levels in options:  # then the mildest level of each that still helps
        if levels[-1] in kept:
            kept = _mildest(counter, kept, levels)
    combination = tuple(kept)
    return [suggestion(combination, counter.count(combination))]


def _mildest(counter: Counter, kept: list, levels) -> list:
    at = kept.index(levels[-1])
    for milder in levels[:-1]:
        trial = [*kept[:at], milder, *kept[at + 1 :]]
        if counter.count(tuple(trial)):
            return trial
    return kept
