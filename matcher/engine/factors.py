"""The factor registry: one entry per weighed factor, in summation order.

Each entry says when a request expresses the factor (and at what importance),
how it matches over rows on the single path and over a (requests x rows) block
on the batch path, its words, its consultation question when not fully met,
and its label on pages. Everything that lists factors is built from here:
``FACTOR_NAMES``, ``MATCHERS``, ``FACTORS``, ``WORDS``, ``UNMET_QUESTIONS``,
``CAVEAT_BELOW`` and ``FACTOR_LABELS``. The order of ``REGISTRY`` is the order
factors are summed and shown in, so it is part of every answer.

The reference scorer (``bench/reference.py``) keeps its own one-therapist-at-
a-time rules on purpose: it is the oracle these entries are tested against.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..outcomes import ranking as track_record
from . import explain, questions, scoring, scoring_many, style_words
from .index import DirectoryIndex
from .index_text import TextQuery
from .request import Request
from .scoring import IMPORTANCE_WEIGHTS

Importance = Callable[[Request, TextQuery | None], str | None]
SingleMatch = Callable[[DirectoryIndex, Request, np.ndarray, Any], np.ndarray]
BlockMatch = Callable[[scoring_many.Group], np.ndarray]
Words = Callable[
    [dict[str, Any], Request, float, float | None],
    tuple[str, str | None, str | None],
]


@dataclass(frozen=True)
class Factor:
    """One weighed factor: when it counts, how it matches, how it reads.

    ``importance`` returns the importance a request gives the factor, or None
    when the request does not express it. ``match`` scores rows of the index
    for one request (values 0..1); ``match_many`` scores a group's requests
    against the state's rows at once. ``words`` returns (detail, reason or
    None, caveat or None) for one match; ``question`` is the consultation
    question a match that does not fully meet the factor raises (None: the
    generic one); ``label`` names the factor on the client pages.
    ``expressed_in``, when given, also asks the index: the factor counts only
    where the directory holds its data (track records for the concerns).
    ``caveat_below`` is the match under which the factor earns a caveat:
    fully met by default; closeness and similarity are matters of degree,
    where near enough earns none. ``partly_caveat`` False: below it, only the
    caveat its words give (a track record that is merely unmeasured or as
    expected is nothing to warn about), never the generic "Only partly meets".
    """

    name: str
    importance: Importance
    match: SingleMatch
    match_many: BlockMatch
    words: Words
    question: questions.Question | None
    label: str
    expressed_in: Callable[[DirectoryIndex, Request], bool] | None = None
    caveat_below: float = explain.FULL
    partly_caveat: bool = True


def _preference(name: str) -> Importance:
    """Expressed when the request has the preference, at its importance."""

    def importance(request: Request, _query: TextQuery | None) -> str | None:
        pref = request.preference(name)
        return None if pref is None else pref.importance

    return importance


def _evidence_importance(request: Request, _query: TextQuery | None) -> str | None:
    # Only when the client names no approach of their own.
    if request.approaches or not scoring.evidence_concerns(request):
        return None
    return "low"


def _cost_importance(request: Request, _query: TextQuery | None) -> str | None:
    return "high" if request.insurance or request.max_fee is not None else None


def _distance_importance(request: Request, _query: TextQuery | None) -> str | None:
    located = request.format == "in_person" and request.origin is not None
    return "low" if located else None


def _listed(name: str) -> tuple[SingleMatch, BlockMatch]:
    """Match when a therapist lists any of the wanted values of a list field."""
    return (
        lambda index, request, rows, _query: scoring._listed(
            index, request, rows, name
        ),
        lambda group: scoring_many._any(group, name),
    )


def _set_words(name: str) -> Words:
    return lambda profile, request, match, _distance: explain._set_words(
        profile, request, name, match
    )


def _plain_words(words: Callable[..., tuple]) -> Words:
    return lambda profile, request, match, _distance: words(profile, request, match)


def _listed_factor(name: str, question: questions.Question | None, label: str):
    return Factor(
        name, _preference(name), *_listed(name), _set_words(name), question, label
    )


def _approaches(index, request, rows, _query):
    # Graded by the profile's list and bio (focus_approaches.py): the best asked.
    return index.focus.approaches.approaches_match(request.approaches.values, rows)


def _approaches_many(group: scoring_many.Group) -> np.ndarray:
    # Row by request, each the single path's own sum over the same table.
    focus, rows = group.index.focus.approaches, group.rows
    asked = scoring_many._values(group, "approaches")
    return np.array([focus.approaches_match(v, rows) for v in asked]).reshape(
        len(group.requests), len(rows)
    )


REGISTRY: tuple[Factor, ...] = (
    Factor(
        "concerns",
        lambda r, _q: r.concerns.importance if r.concerns else None,
        scoring._concerns,
        scoring_many._concerns,
        _set_words("concerns"),
        questions.concerns_question,
        "What brings you",
    ),
    Factor(
        "track_record",
        track_record.importance,
        track_record.match,
        track_record.match_many,
        track_record.words,
        questions.fixed(questions.HELPING_QUESTION),
        "How clients here did with this therapist",
        track_record.expressed,
        partly_caveat=False,
    ),
    Factor(
        "approaches",
        lambda r, _q: r.approaches.importance if r.approaches else None,
        _approaches,
        _approaches_many,
        _set_words("approaches"),
        questions.approaches_question,
        "Approaches you asked for",
    ),
    Factor(
        "approach_evidence",
        _evidence_importance,
        scoring._approach_evidence,
        scoring_many._approach_evidence,
        _plain_words(explain._evidence_words),
        questions.fixed("What does research say about your approach for my concerns?"),
        "Research evidence for your concerns",
    ),
    Factor(
        "style",
        lambda r, _q: r.style_importance if r.style else None,
        scoring._style,
        scoring_many._style,
        _plain_words(style_words.style_words),
        style_words.style_question,
        "How sessions feel",
    ),
    _listed_factor("gender", None, "Gender"),
    _listed_factor("ethnicity", None, "Background"),
    _listed_factor("faith", None, "Faith"),
    Factor(
        "lgbtq_affirming",
        _preference("lgbtq_affirming"),
        lambda index, _request, rows, _query: index.lgbtq_affirming[rows].astype(float),
        scoring_many._affirming,
        _plain_words(explain._lgbtq_words),
        questions.fixed("How do you work with LGBTQ+ clients?"),
        "LGBTQ+-affirming care",
    ),
    _listed_factor("identities", None, "Lived experience"),
    _listed_factor("languages", questions.languages_question, "Language"),
    Factor(
        "availability",
        _preference("availability"),
        scoring._availability,
        scoring_many._availability,
        _plain_words(explain._availability_words),
        questions.fixed("Which appointment times do you have open?"),
        "Appointment times",
    ),
    Factor(
        "cost",
        _cost_importance,
        scoring._cost,
        scoring_many._cost,
        _plain_words(explain._cost_words),
        questions.cost_question,
        "Cost",
    ),
    Factor(
        "distance",
        _distance_importance,
        scoring._distance,
        scoring_many._distance,
        explain._distance_words,
        questions.telehealth_question,
        "Distance",
        caveat_below=explain.FAR,
    ),
    Factor(
        "text",
        lambda _r, query: None if query is None else "low",
        scoring._text,
        scoring_many._text,
        _plain_words(explain._text_words),
        questions.fixed("What do you understand from what I've told you so far?"),
        "Your own words",
        caveat_below=explain.STRONG,
    ),
)
# A request that weighs nothing is scored on this one factor, met by everyone.
REQUIREMENTS = "requirements"

FACTOR_NAMES: tuple[str, ...] = ()
MATCHERS: dict[str, SingleMatch] = {}
FACTORS: dict[str, BlockMatch] = {}
WORDS: dict[str, Words] = {}
# Led by what a match does not fully meet, by factor name.
UNMET_QUESTIONS: dict[str, questions.Question] = {}
CAVEAT_BELOW: dict[str, float] = {}
# Factors whose words alone give their caveats (no generic "Only partly meets").
OWN_CAVEATS_ONLY: set[str] = set()
FACTOR_LABELS: dict[str, str] = {}


def _build_tables() -> None:
    """Fill the tables from REGISTRY, in place: their importers hold the dicts."""
    global FACTOR_NAMES
    FACTOR_NAMES = (*(factor.name for factor in REGISTRY), REQUIREMENTS)
    tables = (
        (MATCHERS, {f.name: f.match for f in REGISTRY}),
        (FACTORS, {f.name: f.match_many for f in REGISTRY}),
        (WORDS, {f.name: f.words for f in REGISTRY}),
        (UNMET_QUESTIONS, {f.name: f.question for f in REGISTRY if f.question}),
        (CAVEAT_BELOW, {f.name: f.caveat_below for f in REGISTRY}),
        (FACTOR_LABELS, {f.name: f.label for f in REGISTRY}
                        | {REQUIREMENTS: "Your requirements"}),
    )  # fmt: skip
    for table, entries in tables:
        table.clear()
        table.update(entries)
    OWN_CAVEATS_ONLY.clear()
    OWN_CAVEATS_ONLY.update(f.name for f in REGISTRY if not f.partly_caveat)


_build_tables()


@contextmanager
def registered(factor: Factor) -> Iterator[Factor]:
    """Add a factor after the shipped ones for a ``with`` block, then remove it.

    For tests and trials of a new factor (``docs/extending.md``); a shipped
    factor is an entry of ``REGISTRY`` itself. Weight multipliers for it are
    not accepted (``Matcher.fit`` checks weights against the shipped names).
    """
    global REGISTRY
    if factor.name in FACTOR_NAMES:
        raise ValueError(f"a factor named {factor.name!r} is registered already")
    shipped = REGISTRY
    REGISTRY = (*shipped, factor)
    _build_tables()
    try:
        yield factor
    finally:
        REGISTRY = shipped
        _build_tables()


def expressed_factors(
    request: Request, query: TextQuery | None, index: DirectoryIndex | None = None
) -> list[tuple[str, str]]:
    """Return (factor, importance) for every preference the client expressed."""
    factors = []
    for factor in REGISTRY:
        if factor.expressed_in is not None and (
            index is None or not factor.expressed_in(index, request)
        ):
            continue
        importance = factor.importance(request, query)
        if importance is not None:
            factors.append((factor.name, importance))
    return factors


def factor_plan(
    request: Request,
    query: TextQuery | None,
    scale: dict[str, float],
    index: DirectoryIndex | None = None,
) -> tuple[list[str], np.ndarray]:
    """Return the factors a request expresses and their weights.

    A request that weighs nothing is scored on the single factor
    ``requirements``: every eligible therapist meets it fully.
    """
    factors = expressed_factors(request, query, index)
    names = [name for name, _ in factors]
    weights = np.array(
        [IMPORTANCE_WEIGHTS[imp] * scale.get(name, 1.0) for name, imp in factors]
    )
    if not factors or weights.sum() <= 0:
        names, weights = [*names, REQUIREMENTS], np.append(weights, 1.0)
    return names, weights


def factor_matrix(
    index: DirectoryIndex,
    request: Request,
    rows: np.ndarray,
    scale: dict[str, float],
    query: TextQuery | None,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Return factor names, their weights and the (rows x factors) match matrix."""
    names, weights = factor_plan(request, query, scale, index)
    columns = [
        MATCHERS[name](index, request, rows, query) if name != REQUIREMENTS
        else np.ones(len(rows))
        for name in names
    ]  # fmt: skip
    return names, weights, np.column_stack(columns).reshape(len(rows), len(names))
