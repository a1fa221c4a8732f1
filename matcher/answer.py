"""The ranked answer of CONTRACT §3, as dataclasses with a to_dict()."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class FactorPoints:
    """One factor of one match: its weight, how well it is met, the points it earns."""

    factor: str
    weight: float
    match: float
    points: float
    detail: str


@dataclass(slots=True)
class Match:
    """One ranked therapist with the explanation of its score."""

    rank: int
    therapist_id: str
    name: str
    score: float
    factors: list[FactorPoints]
    reasons: list[str]
    caveats: list[str]
    consultation_questions: list[str]


@dataclass
class Suggestion:
    """A hard filter the client could relax, and how many therapists it would add."""

    change: str
    adds: int
    text: str


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
        }


def _match_dict(match: Match) -> dict[str, Any]:
    return {
        "rank": match.rank,
        "therapist_id": match.therapist_id,
        "name": match.name,
        "score": match.score,
        "factors": [
            {
                "factor": f.factor,
                "weight": f.weight,
                "match": f.match,
                "points": f.points,
                "detail": f.detail,
            }
            for f in match.factors
        ],
        "reasons": list(match.reasons),
        "caveats": list(match.caveats),
        "consultation_questions": list(match.consultation_questions),
    }
