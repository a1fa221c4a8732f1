"""Each waiting client's eligible therapists with open slots, from the engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..engine import Matcher, by_state
from .waitlist import WaitingClient

CHUNK = 500  # requests ranked at once: bounds the memory of full answers


@dataclass(frozen=True)
class Candidate:
    """A therapist a client could be given: its fit and rank in the client's list."""

    therapist_id: str
    score: float
    rank: int


@dataclass(frozen=True)
class ClientOptions:
    """What the engine said about one client: its options and first choice."""

    eligible: int
    first_choice_id: str | None
    candidates: tuple[Candidate, ...]  # only therapists with an open slot, by rank


def client_options(
    matcher: Matcher,
    clients: Sequence[WaitingClient],
    open_slots: Mapping[str, int],
) -> list[ClientOptions]:
    """Rank every client's whole eligible list with ``rank_many``, in input order.

    ``k`` is the number of therapists licensed in the client's state, so the
    list holds every eligible therapist and ``rank`` is the client's own rank.
    """
    requests = [client.request for client in clients]
    options: list[ClientOptions | None] = [None] * len(clients)
    licensed = matcher.index_.by_state
    for state, positions in by_state(requests).items():
        k = max(1, len(licensed.get(state, ())))
        for start in range(0, len(positions), CHUNK):
            chunk = positions[start : start + CHUNK]
            answers = matcher.rank_many([requests[p] for p in chunk], k, explain=False)
            for position, answer in zip(chunk, answers, strict=True):
                options[position] = _options(answer, open_slots)
    return options  # type: ignore[return-value]


def _options(answer, open_slots: Mapping[str, int]) -> ClientOptions:
    matches = answer.matches
    return ClientOptions(
        eligible=answer.eligible,
        first_choice_id=matches[0].therapist_id if matches else None,
        candidates=tuple(
            Candidate(m.therapist_id, m.score, m.rank)
            for m in matches
            if open_slots.get(m.therapist_id, 0) > 0
        ),
    )
