"""Hard filters the directory's data cannot answer, for the client's notice.

A list filter (the age group, the kind of sessions, or a "must" on a list
preference) is unanswerable in a state when it would leave out more than 90%
of the state's therapists, and would not if the values they wrote in that
field, unrecognised so far, were recognised: the same rule as the import
report's "filters will exclude almost everyone". The client then learns that
the gap is in the data, and how to drop the filter: the notice names the
change that drops it (``age_group=none``, or ``languages.importance=high`` for
a must-have), and the answer's suggestions offer that change first, with the
therapists it adds, whether or not enough therapists are eligible.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..directory.vocab import US_STATES, vocabulary
from ..engine.answer import Notice, Suggestion
from ..engine.index import DirectoryIndex
from ..engine.request import PREFERENCES, Request, list_field
from ..engine.scoring import hard_filters
from . import MAPPED_FIELDS
from .report import EXCLUDE_SHARE

NOTICE_KIND = "unanswerable_filter"
# The request's single-value list filters, with the profile field they read.
SINGLE_FILTERS = {"age_group": "populations", "session_format": "session_formats"}
WHAT = {
    "age_group": "age group",
    "session_format": "kind of sessions",
    "concerns": "concerns",
    "session_formats": "kind of sessions",
}
# What a therapist's own values in the field are, as the notice names them.
THEIRS = {
    "age_group": "the age groups they see",
    "session_format": "the kinds of sessions they offer",
    "concerns": "the concerns they treat",
    "approaches": "the approaches they use",
    "languages": "the languages they work in",
}
# What the drop button calls the field's data.
DATA_WORDS = {
    "age_group": "age-group data",
    "session_format": "data on kinds of sessions",
    "concerns": "data on concerns",
    "approaches": "data on approaches",
    "languages": "language data",
    "ethnicity": "data on backgrounds",
    "faith": "data on faith",
    "identities": "data on lived experience",
}
HOW_TO_DROP = {
    "age_group": "Leave the age group unanswered",
    "session_format": "Leave the kind of sessions unanswered",
}
TEXT = (
    "The directory's data cannot answer your {what} filter yet: {blamed:,} of "
    "the {total:,} therapists licensed in {state} describe {theirs} in "
    "words the directory does not recognise, so that filter leaves them out "
    "whether or not they would suit you. {drop} to see them, and ask the "
    "therapists you contact about it."
)


@dataclass(frozen=True)
class Unanswerable:
    """One filter the data cannot answer in the request's state."""

    filter: str  # the request field: age_group, session_format, or a preference
    field: str  # the profile list field it reads
    therapists: int  # licensed in the state
    excluded: int  # left out by this filter
    unrecognised_only: int  # of them, those whose values are all unrecognised


def list_filters(request: Request) -> list[tuple[str, str, tuple[str, ...]]]:
    """Return (filter, profile field, values) for each list hard filter asked for."""
    found = [
        (name, field, (value,))
        for name, field in SINGLE_FILTERS.items()
        if (value := getattr(request, name))
    ]
    for name in PREFERENCES:
        pref = request.preference(name)
        if pref is not None and pref.must and list_field(name) in MAPPED_FIELDS:
            found.append((name, list_field(name), tuple(pref.values)))
    return found


def unanswerable_filters(index: DirectoryIndex, request: Request) -> list[Unanswerable]:
    """Return the request's list filters its state's data cannot answer."""
    rows = index.by_state.get(request.state)
    if rows is None or not len(rows):
        return []
    found = []
    for name, field, values in list_filters(request):
        column = index.lists.get(field)
        if column is None:
            continue
        keys = vocabulary(field).entries
        known = [col for value, col in column.columns.items() if value in keys]
        if len(known) == len(column.columns):
            continue  # every value is a key: the filter's answer is a true one
        recognised = (
            column.take(rows, known).any(axis=1)
            if known
            else np.zeros(len(rows), dtype=bool)
        )
        excluded = ~column.has_any(values, rows)
        blamed = int((excluded & column.given[rows] & ~recognised).sum())
        total, left_out = len(rows), int(excluded.sum())
        if left_out > EXCLUDE_SHARE * total >= left_out - blamed:
            found.append(Unanswerable(name, field, total, left_out, blamed))
    return found


def unanswerable_notices(index: DirectoryIndex, request: Request) -> list[Notice]:
    """Return a notice for each filter the data cannot answer, with its drop."""
    state = US_STATES.get(request.state, request.state)
    return [
        Notice(NOTICE_KIND, notice_text(found, state), drop_change(found))
        for found in unanswerable_filters(index, request)
    ]


def notice_text(found: Unanswerable, state: str) -> str:
    """Say in plain words why a filter cannot be answered and how to drop it."""
    what = WHAT.get(found.filter, found.filter.replace("_", " "))
    drop = HOW_TO_DROP.get(
        found.filter, f"Make {what} something you prefer rather than a must"
    )
    return TEXT.format(
        what=what, blamed=found.unrecognised_only, total=found.therapists,
        state=state, drop=drop, theirs=THEIRS.get(found.filter, f"their {what}"),
    )  # fmt: skip


def drop_change(found: Unanswerable) -> str:
    """Return the change that drops the filter, as the answer's suggestions word it."""
    if found.filter in SINGLE_FILTERS:
        return f"{found.filter}=none"
    return f"{found.filter}.importance=high"


def dropped(request: Request, found: Unanswerable) -> Request:
    """Return the request without the filter: unanswered, or a must made high."""
    if found.filter in SINGLE_FILTERS:
        return replace(request, **{found.filter: None})
    wanted = replace(request.preference(found.filter), importance="high")
    return replace(request, **{found.filter: wanted})


def drop_suggestions(
    index: DirectoryIndex, request: Request, eligible: int
) -> list[Suggestion]:
    """Offer to drop each filter the data cannot answer, if that adds anyone."""
    offered = []
    for found in unanswerable_filters(index, request):
        adds = len(hard_filters(index, dropped(request, found))[0]) - eligible
        if adds > 0:
            offered.append(Suggestion(drop_change(found), adds, drop_text(found, adds)))
    return offered


def drop_text(found: Unanswerable, adds: int) -> str:
    """Word the drop as a button: 'The directory's age-group data can't ...'."""
    data = DATA_WORDS.get(found.filter, f"{found.filter} data")
    therapists = f"{adds:,} therapist{'s' if adds != 1 else ''}"
    if found.filter in SINGLE_FILTERS:
        return (
            f"The directory's {data} can't answer this filter yet; "
            f"search without it (adds {therapists})"
        )
    return (
        f"The directory's {data} can't answer this must-have yet; make it "
        f"important rather than required (adds {therapists})"
    )


def with_drop_suggestions(
    index: DirectoryIndex,
    request: Request,
    eligible: int,
    suggestions: list[Suggestion],
) -> list[Suggestion]:
    """Put the drops first, in place of the same single change among the rest."""
    drops = drop_suggestions(index, request, eligible)
    changes = {d.change for d in drops}
    return drops + [s for s in suggestions if s.change not in changes]
