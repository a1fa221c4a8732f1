"""The public engine: fit once on the directory, rank one request or many."""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import sqlite_utils
from sklearn.exceptions import NotFittedError
from threadpoolctl import threadpool_limits

from . import store
from .answer import Answer, FactorTable, Match, Notice, Suggestion
from .explain import EXPLAINED_FIELDS, explain_match
from .factors import FACTOR_NAMES, factor_matrix
from .index import DirectoryIndex, build_index, profile_at
from .labels.unanswerable import unanswerable_notices, with_drop_suggestions
from .relax import suggestions
from .request import Request, parse_request
from .safety import notices
from .scoring import (
    distances_km,
    hard_filters,
    points_of,
    request_seed,
    text_query,
    tie_order,
    top_k,
)
from .scoring_many import MIN_GROUP, Scored, group_size, score_group
from .scoring_state import PART_ROWS, StateParts, score_in_state

DEFAULT_STALE_AFTER_DAYS = 365


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Validate factor weight multipliers (factor name -> number >= 0)."""
    weights = dict(weights or {})
    unknown = sorted(set(weights) - set(FACTOR_NAMES))
    if unknown:
        raise ValueError(f"unknown factors in weights: {unknown}")
    for name, value in weights.items():
        if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            raise ValueError(f"weight for {name} must be a number >= 0, got {value!r}")
    return weights


class Matcher:
    """Rank therapists for a client request by weighted fit, with reasons.

    ``weights`` multiplies each factor's importance weight (for example
    ``{"cost": 1.5}``); ``stale_after_days`` is when a profile's confirmation
    date earns a caveat; ``today`` fixes the date used for that (tests, batch
    runs). ``fit`` builds the arrays once; ``rank`` and ``rank_many`` query them.
    """

    def __init__(
        self,
        weights: Mapping[str, float] | None = None,
        stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
        today: dt.date | None = None,
    ):
        self.weights = weights
        self.stale_after_days = stale_after_days
        self.today = today

    def fit(
        self, profiles: pd.DataFrame, directory_version: int | None = None
    ) -> Matcher:
        """Index the directory (one row per active profile)."""
        self.weights_ = check_weights(self.weights)
        self.index_: DirectoryIndex = build_index(profiles)
        self.directory_version_ = directory_version
        self.parts_ = StateParts(self.index_)
        return self

    def forget_parts(self) -> None:
        """Drop what batches keep of large states between calls, and its memory.

        ``rank_many`` keeps the latest states' parts (``StateParts``) and each
        state's text block; the next batch makes them again as it needs them.
        """
        index = self._index()
        self.parts_ = StateParts(index)
        if index.text is not None:
            index.text.blocks.clear()

    def _index(self) -> DirectoryIndex:
        if not hasattr(self, "index_"):
            raise NotFittedError("call fit() with the directory before ranking")
        return self.index_

    def rank(
        self, request: Request | Mapping[str, Any], k: int | None = None
    ) -> Answer:
        """Return the k best eligible therapists for one request (k: request.limit)."""
        request = request if isinstance(request, Request) else parse_request(request)
        query = text_query(self._index(), request)
        return self._rank(request, k, query, explain=True)

    def rank_many(
        self,
        requests: Iterable[Request | Mapping[str, Any]],
        k: int | None = None,
        *,
        explain: bool = True,
    ) -> list[Answer]:
        """Rank many requests against the same directory, answers in input order.

        Requests of a state are scored together as (requests x therapists)
        matrices (``matcher.scoring_many``); a large state's requests one by
        one over the state's own part of the index (``matcher.scoring_state``),
        kept for the next call. Either way the answers are the same as
        ``rank``'s. With ``explain=False`` the matches carry their factor
        points without words or suggestions (reasons, caveats and questions
        stay empty), which is what a batch re-score stores.
        """
        self._index()  # raises NotFittedError before any work
        parsed = [r if isinstance(r, Request) else parse_request(r) for r in requests]
        answers: list[Answer | None] = [None] * len(parsed)
        # Small matrix products: a second BLAS thread only contends for the core.
        with threadpool_limits(limits=1, user_api="blas"):
            self._rank_groups(parsed, k, explain, answers)
        return answers

    def _rank_groups(self, parsed, k, explain, answers) -> None:
        index = self.index_
        for state, positions in by_state(parsed).items():
            therapists = len(index.by_state.get(state, ()))
            part = None
            if therapists >= PART_ROWS:
                part = self.parts_.get(state, len(positions))
            if part is not None:
                for position in positions:
                    answers[position] = self._rank_in(
                        part, parsed[position], k, explain
                    )
                continue
            size = group_size(therapists)
            for start in range(0, len(positions), size):
                self._rank_group(positions[start : start + size], parsed, k, explain,
                                 answers)  # fmt: skip

    def _rank_in(self, part, request: Request, k: int | None, explain: bool) -> Answer:
        query = text_query(self.index_, request)
        keep = k or request.limit
        scored = score_in_state(part, request, query, self.weights_, keep)
        return self._answer(request, k, scored, explain)

    def _rank_group(self, positions, parsed, k, explain, answers) -> None:
        index = self.index_
        group = [parsed[p] for p in positions]
        queries = [text_query(index, request) for request in group]
        if len(group) < MIN_GROUP:  # too few to gain from matrices
            for position, request, query in zip(positions, group, queries, strict=True):
                answers[position] = self._rank(request, k, query, explain=explain)
            return
        keep = [k or request.limit for request in group]
        scored = score_group(index, group, queries, self.weights_, keep)
        for position, request, result in zip(positions, group, scored, strict=True):
            answers[position] = self._answer(request, k, result, explain)

    def _rank(self, request: Request, k: int | None, query, *, explain: bool) -> Answer:
        index = self.index_
        rows, excluded = hard_filters(index, request)
        names, weights, matches = factor_matrix(
            index, request, rows, self.weights_, query
        )
        scored = Scored(rows, excluded, names, weights, matches, len(rows))
        return self._answer(request, k, scored, explain)

    def _answer(
        self, request: Request, k: int | None, scored: Scored, explain: bool
    ) -> Answer:
        index, rows = self.index_, scored.rows
        names, weights, matches = scored.names, scored.weights, scored.matches
        points = points_of(weights, matches)
        ties = tie_order(index.id_hashes[rows], request_seed(request))
        best = top_k(points.sum(axis=1), ties, k or request.limit)
        if not explain:
            ranked = self._bare_matches(
                rows[best], names, weights, matches, points, best
            )
        else:
            ranked = [
                self._match(
                    rank, rows[p], request, (names, weights, matches[p], points[p])
                )
                for rank, p in enumerate(best, start=1)
            ]
        return Answer(
            request_id=request.request_id,
            matches=ranked,
            considered=index.size,
            eligible=scored.eligible,
            excluded=scored.excluded,
            suggestions=self._suggestions(request, scored.eligible) if explain else [],
            directory_version=self.directory_version_,
            notices=self._notices(request),
        )

    def _notices(self, request: Request) -> list[Notice]:
        licensed = len(self.index_.by_state.get(request.state, ()))
        found = [Notice(kind, text) for kind, text in notices(request, licensed)]
        return found + unanswerable_notices(self.index_, request)

    def _match(self, rank, row, request, scored) -> Match:
        index = self.index_
        points = scored[3]
        words = explain_match(
            profile_at(index, row, EXPLAINED_FIELDS), request, scored,
            self._distance(request, row),
            self.today or dt.date.today(), self.stale_after_days,
        )  # fmt: skip
        return Match(
            rank=rank,
            therapist_id=str(index.ids[row]),
            name=index.names[row],
            score=round(float(points.sum()), 2),
            factors=words.factors,
            reasons=words.reasons,
            caveats=words.caveats,
            consultation_questions=words.questions,
        )

    def _bare_matches(self, top_rows, names, weights, matches, points, best):
        """Build matches with factor points and no words, the top k at once."""
        ids, labels = self.index_.ids, self.index_.names
        tables = zip(
            top_rows.tolist(),
            np.round(matches[best], 4).tolist(),
            np.round(points[best], 2).tolist(),
            points[best].sum(axis=1).tolist(),
            strict=True,
        )
        names, weights = tuple(names), tuple(weights.tolist())
        blanks = ("",) * len(names)
        return [
            Match(
                rank,
                str(ids[row]),
                labels[row],
                round(score, 2),
                FactorTable(names, weights, tuple(m), tuple(p), blanks),
                (),
                (),
                (),
            )  # fmt: skip
            for rank, (row, m, p, score) in enumerate(tables, start=1)
        ]

    def _distance(self, request: Request, row: int) -> float | None:
        if request.origin is None:
            return None
        return float(distances_km(self.index_, request, np.array([row]))[0])

    def _suggestions(self, request: Request, eligible: int) -> list[Suggestion]:
        found = suggestions(self.index_, request, eligible)
        return with_drop_suggestions(self.index_, request, eligible, found)


def by_state(requests: list[Request]) -> dict[str, list[int]]:
    """Return the positions of the requests of each state, in input order."""
    positions: dict[str, list[int]] = {}
    for position, request in enumerate(requests):
        positions.setdefault(request.state, []).append(position)
    return positions


class DirectoryMatcher:
    """A Matcher kept in step with the store: refitted when the version changes."""

    def __init__(self, **matcher_options: Any):
        self.matcher_options = matcher_options
        self._lock = threading.Lock()
        self._matcher: Matcher | None = None

    def get(self, db: sqlite_utils.Database) -> Matcher:
        """Return a Matcher fitted on the store's current directory version."""
        version = store.directory_version(db)
        with self._lock:
            if self._matcher is None or self._matcher.directory_version_ != version:
                profiles = store.load_directory(db)
                self._matcher = Matcher(**self.matcher_options).fit(profiles, version)
            return self._matcher
