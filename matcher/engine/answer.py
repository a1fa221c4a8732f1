"""The ranked answer of CONTRACT §3, as dataclasses with a to_dict()."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload


@dataclass(slots=True)
class FactorPoints:
    """One factor of one match: its weight, how well it is met, the points it earns."""

    factor: str
    weight: float
    match: float
    points: float
    detail: str


class FactorTable(Sequence[FactorPoints]):
    """A match's factors, kept by column and read as a sequence of FactorPoints.

    Each column is a tuple of plain values, which the garbage collector stops
    tracking; ten FactorPoints objects per match would each stay tracked, and
    a batch holding thousands of answers would make every full collection walk
    them. ``names`` and ``weights`` are shared by the matches of one answer.
    """

    __slots__ = ("names", "weights", "matches", "points", "details")

    def __init__(
        self,
        names: tuple[str, ...],
        weights: tuple[float, ...],
        matches: tuple[float, ...],
        points: tuple[float, ...],
        details: tuple[str, ...],
    ):
        if (
            not len(names)
            == len(weights)
            == len(matches)
            == len(points)
            == len(details)
        ):
            raise ValueError("every column of a factor table needs one value a factor")
        self.names, self.weights = names, weights
        self.matches, self.points, self.details = matches, points, details

    def __len__(self) -> int:
        return len(self.names)

    @overload
    def __getitem__(self, index: int) -> FactorPoints: ...
    @overload
    def __getitem__(self, index: slice) -> list[FactorPoints]: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(self)[index]
        return FactorPoints(
            self.names[index], self.weights[index], self.matches[index],
            self.points[index], self.details[index],
        )  # fmt: skip

    def __iter__(self) -> Iterator[FactorPoints]:
        return map(
            FactorPoints, self.names, self.weights, self.matches, self.points,
            self.details,
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FactorTable({list(self)!r})"


@dataclass(slots=True)
class Match:
    """One ranked therapist with the explanation of its score."""

    rank: int
    therapist_id: str
    name: str
    score: float
    factors: FactorTable
    # Words are tuples for the same reason as FactorTable's columns.
    reasons: tuple[str, ...]
    caveats: tuple[str, ...]
    consultation_questions: tuple[str, ...]


@dataclass
class Suggestion:
    """Hard filters the client could relax, and how many therapists that would add.

    ``change`` joins several changes with ``&`` when only relaxing them together
    lets someone in.
    """

    change: str
    adds: int
    text: str


@dataclass
class Notice:
    """What the client must see before any match.

    ``crisis``, ``no_coverage``, or ``unanswerable_filter`` (a hard filter the
    directory's data cannot answer in the state: most values unrecognised).
    """

    kind: str
    text: str
    change: str | None = None  # unanswerable_filter: the change that drops it


@dataclass
class Answer:
    """The ranked matches for one request, with what was filtered out and why."""

    request_id: str | None
    matches: list[Match]
    considered: int
    eligible: int
    excluded: dict[str, int]
    suggestions: list[Suggestion] = field(default_factory=list)
    directory_version: int | None = None
    notices: list[Notice] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the answer as plain JSON-ready data."""
        # Written out rather than dataclasses.asdict, whose deep copies cost more
        # than ranking the request.
        return {
            "request_id": self.request_id,
            "matches": [_match_dict(m) for m in self.matches],
            "considered": self.considered,
            "eligible": self.eligible,
            "excluded": dict(self.excluded),
            "suggestions": [
                {"change": s.change, "adds": s.adds, "text": s.text}
                for s in self.suggestions
            ],
            "directory_version": self.directory_version,
            "notices": [_notice_dict(n) for n in self.notices],
        }


def _notice_dict(notice: Notice) -> dict[str, Any]:
    # "change" only where there is one, so other notices keep their old shape.
    found = {"kind": notice.kind, "text": notice.text}
    return found if notice.change is None else found | {"change": notice.change}


def _match_dict(match: Match) -> dict[str, Any]:
    return {
        "rank": match.rank,
        "therapist_id": match.therapist_id,
        "name": match.name,
        "score": match.score,
        "factors": _factor_dicts(match.factors),
        "reasons": list(match.reasons),
        "caveats": list(match.caveats),
        "consultation_questions": list(match.consultation_questions),
    }


def _factor_dicts(table: FactorTable) -> list[dict[str, Any]]:
    columns = zip(
        table.names, table.weights, table.matches, table.points, table.details,
        strict=True,
    )  # fmt: skip
    return [
        {"factor": n, "weight": w, "match": m, "points": p, "detail": d}
        for n, w, m, p, d in columns
    ]
