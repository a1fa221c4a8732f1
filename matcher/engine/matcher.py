"""The public engine: fit once on the directory, rank one request or many."""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import sqlite_utils
from sklearn.exceptions import NotFittedError
from threadpoolctl import threadpool_limits

from .. import store
from ..labels.unanswerable import unanswerable_notices, with_drop_suggestions
from ..outcomes.ranking import fit_onto_index
from .answer import Answer, FactorTable, Match, Notice, Suggestion
from .candidates import Scored
from .explain import explain_match, word_plan
from .factors import FACTOR_NAMES, factor_matrix
from .index import DirectoryIndex, build_index
from .questions import request_questions
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
from .scoring_many import MIN_GROUP, group_size, score_group
from .scoring_state import PART_ROWS, StatePart, StateParts, score_in_state
from .word_parts import WordParts

DEFAULT_STALE_AFTER_DAYS = 365
# How rank_many scores a state's requests: "auto" as matrices, or over the
# state's own part when it has at least ``part_rows`` therapists; the others
# force one path for every state (tests, benchmarks, the answers digest).
BATCH_PATHS = ("auto", "matrices", "parts", "single")


def check_batch_path(batch_path: object, part_rows: object) -> None:
    """Validate the batch path (one of BATCH_PATHS) and the part size (int >= 1)."""
    if batch_path not in BATCH_PATHS:
        raise ValueError(f"batch_path must be one of {BATCH_PATHS}, got {batch_path!r}")
    if isinstance(part_rows, bool) or not isinstance(part_rows, int) or part_rows < 1:
        raise ValueError(f"part_rows must be a whole number >= 1, got {part_rows!r}")


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
    runs). ``batch_path`` chooses how ``rank_many`` scores a state's requests
    (one of ``BATCH_PATHS``; every path gives ``rank``'s answers) and
    ``part_rows`` how many therapists a state needs for ``"auto"`` to score it
    over its own part. ``fit`` checks the settings and builds the arrays once;
    ``rank`` and ``rank_many`` query them.
    """

    def __init__(
        self,
        weights: Mapping[str, float] | None = None,
        stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
        today: dt.date | None = None,
        *,
        batch_path: str = "auto",
        part_rows: int = PART_ROWS,
    ):
        self.weights = weights
        self.stale_after_days = stale_after_days
        self.today = today
        self.batch_path = batch_path
        self.part_rows = part_rows

    def fit(
        self,
        profiles: pd.DataFrame,
        directory_version: int | None = None,
        outcomes: pd.DataFrame | None = None,
    ) -> Matcher:
        """Index the directory (one row per active profile).

        ``outcomes``: the clinic's outcome records (``store.load_outcomes``);
        when there are any, track records are fitted once here and rank as
        the ``track_record`` factor.
        """
        self.weights_ = check_weights(self.weights)
        check_batch_path(self.batch_path, self.part_rows)
        self.index_: DirectoryIndex = build_index(profiles)
        self.track_records_ = fit_onto_index(self.index_, outcomes)
        self.directory_version_ = directory_version
        self.parts_ = StateParts(self.index_)
        self.word_parts_ = WordParts(self.index_)
        self._row_of: dict[str, int] | None = None  # therapist id -> row, on demand
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
        matrices (``matcher.engine.scoring_many``); a large state's requests one by
        one over the state's own part of the index (``matcher.engine.scoring_state``),
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
        for state, positions in by_state(parsed).items():
            therapists = len(self.index_.by_state.get(state, ()))
            part = self._part(state, therapists, len(positions))
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

    def _part(self, state: str, therapists: int, requests: int) -> StatePart | None:
        """Return the state's part when the batch path scores the state over it."""
        if self.batch_path == "parts" and therapists:
            return self.parts_.get(state, requests, always=True)
        if self.batch_path == "auto" and therapists >= self.part_rows:
            return self.parts_.get(state, requests)
        return None

    def _rank_in(self, part, request: Request, k: int | None, explain: bool) -> Answer:
        query = text_query(self.index_, request)
        keep = k or request.limit
        scored = score_in_state(part, request, query, self.weights_, keep)
        return self._answer(request, k, scored, explain)

    def _rank_group(self, positions, parsed, k, explain, answers) -> None:
        index = self.index_
        group = [parsed[p] for p in positions]
        queries = [text_query(index, request) for request in group]
        one_at_a_time = len(group) < MIN_GROUP and self.batch_path != "matrices"
        if one_at_a_time or self.batch_path == "single":  # too few to gain
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
            ranked = self._explained(request, rows[best], names, weights,
                                     matches[best], points[best])  # fmt: skip
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

    def _explained(self, request, top_rows, names, weights, matches, points):
        """Build the top k matches with their words, shared work done once."""
        index, parts = self.index_, self.word_parts_
        today, stale = self.today or dt.date.today(), self.stale_after_days
        rounded = zip(
            np.round(matches, 4).tolist(), np.round(points, 2).tolist(), strict=True
        )
        distances = self._distances(request, top_rows)
        # Words compare Python floats faster than NumPy scalars; same values.
        match_rows, point_rows = matches.tolist(), points.tolist()
        scores = points.sum(axis=1).tolist()  # row by row, as points[i].sum()
        # What the words read of the request alone: worked out once per answer.
        plan, asked = word_plan(names, request), request_questions(request)
        names, weight_list = tuple(names), tuple(weights.tolist())  # one per answer
        ranked = []
        for place, (row, (match_values, point_values)) in enumerate(
            zip(top_rows.tolist(), rounded, strict=True)
        ):
            scored = (names, weight_list, match_rows[place], point_rows[place])
            words = explain_match(
                parts.profile(row), request, scored, distances[place],
                today, stale, status=parts.status_caveats(row, today, stale),
                rounded=(match_values, point_values), plan=plan, asked=asked,
            )  # fmt: skip
            ranked.append(
                Match(
                    rank=place + 1,
                    therapist_id=str(index.ids[row]),
                    name=index.names[row],
                    score=round(scores[place], 2),
                    factors=words.factors,
                    reasons=words.reasons,
                    caveats=words.caveats,
                    consultation_questions=words.questions,
                )
            )
        return ranked

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

    def gone_reasons(self, request: Request, therapist_ids: Sequence[str]) -> list[str]:
        """Say why each therapist is not in a request's top k any more.

        One of ``store.runs.GONE_REASONS`` each: not in the fitted directory,
        deactivated; not accepting new clients (and the request did not ask
        to include them), not_accepting; still passing every hard filter,
        fell_out (ranked below the top k); otherwise not_eligible.
        """
        if not therapist_ids:
            return []
        index = self._index()
        if self._row_of is None:
            self._row_of = {str(t): row for row, t in enumerate(index.ids)}
        eligible = hard_filters(index, request)[0]
        return [self._gone_reason(request, t, eligible) for t in therapist_ids]

    def _gone_reason(self, request: Request, therapist_id: str, eligible) -> str:
        row = self._row_of.get(therapist_id)
        if row is None:
            return "deactivated"
        if not self.index_.accepting[row] and not request.include_not_accepting:
            return "not_accepting"
        return "fell_out" if np.isin(row, eligible) else "not_eligible"

    def _distances(self, request: Request, rows: np.ndarray) -> list[float | None]:
        if request.origin is None:
            return [None] * len(rows)
        return distances_km(self.index_, request, rows).tolist()

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
                outcomes = store.outcomes.load_outcomes(db)
                self._matcher = Matcher(**self.matcher_options).fit(
                    profiles, version, outcomes
                )
            return self._matcher
