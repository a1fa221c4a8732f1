"""One row per waiting client, the reasons, and the summary against greedy."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .candidates import ClientOptions
from .waitlist import PRIORITIES, WaitingClient

LEVEL_WORDS = {"urgent": "urgent", "high": "high-priority", "normal": "normal-priority"}


@dataclass(frozen=True)
class Placement:
    """Where one waiting client goes, or why nowhere, and their first choice."""

    request_id: str
    priority: str
    therapist_id: str  # empty when unplaced
    score: float | None
    choice_rank: int | None
    reason: str  # why unplaced; empty when placed
    first_choice_id: str  # the client's own top therapist; empty if none eligible
    first_choice_note: str  # why they did not get their first choice


@dataclass(frozen=True)
class Summary:
    """How many were placed by priority, how well, and how many got first choice."""

    placed: dict[str, int]
    waiting: dict[str, int]
    placed_total: int
    total_fit: float
    mean_fit: float | None
    worst_fit: float | None
    first_choice: int

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready data."""
        return asdict(self)


def summarise(
    clients: Sequence[WaitingClient],
    options: Sequence[ClientOptions],
    chosen: Sequence[int | None],
) -> Summary:
    """Sum up one assignment (chosen candidate position per client)."""
    fits = [
        options[i].candidates[c].score for i, c in enumerate(chosen) if c is not None
    ]
    placed = {level: 0 for level in PRIORITIES}
    waiting = {level: 0 for level in PRIORITIES}
    first = 0
    for client, option, c in zip(clients, options, chosen, strict=True):
        waiting[client.priority] += 1
        if c is not None:
            placed[client.priority] += 1
            first += option.candidates[c].therapist_id == option.first_choice_id
    total = round(sum(fits), 2)
    return Summary(
        placed=placed,
        waiting=waiting,
        placed_total=len(fits),
        total_fit=total,
        mean_fit=round(total / len(fits), 2) if fits else None,
        worst_fit=min(fits) if fits else None,
        first_choice=first,
    )


def greedy(
    options: Sequence[ClientOptions], order: Sequence[int], slots: Mapping[str, int]
) -> list[int | None]:
    """First come, first served: each client in turn takes their best free slot."""
    left = dict(slots)
    chosen: list[int | None] = [None] * len(options)
    for i in order:
        for c, candidate in enumerate(options[i].candidates):
            if left.get(candidate.therapist_id, 0) > 0:
                left[candidate.therapist_id] -= 1
                chosen[i] = c
                break
    return chosen


def placements(
    clients: Sequence[WaitingClient],
    options: Sequence[ClientOptions],
    chosen: Sequence[int | None],
    slots: Mapping[str, int],
) -> list[Placement]:
    """Build each client's row, with reasons for what they did not get."""
    takers: dict[str, list[str]] = {}
    for client, option, c in zip(clients, options, chosen, strict=True):
        if c is not None:
            takers.setdefault(option.candidates[c].therapist_id, []).append(
                client.priority
            )
    return [
        _placement(client, option, c, slots, takers)
        for client, option, c in zip(clients, options, chosen, strict=True)
    ]


def _placement(client, option, c, slots, takers) -> Placement:
    got = option.candidates[c] if c is not None else None
    first = option.first_choice_id or ""
    return Placement(
        request_id=client.request_id,
        priority=client.priority,
        therapist_id=got.therapist_id if got else "",
        score=got.score if got else None,
        choice_rank=got.rank if got else None,
        reason="" if got else _unplaced_reason(option, takers),
        first_choice_id=first,
        first_choice_note=_first_choice_note(first, got, slots, takers),
    )


def _unplaced_reason(option: ClientOptions, takers: dict[str, list[str]]) -> str:
    if option.eligible == 0:
        return "no therapist is eligible: every one fails a hard filter"
    if not option.candidates:
        return "no eligible therapist has an open slot"
    ids = {candidate.therapist_id for candidate in option.candidates}
    levels = [p for tid in ids for p in takers.get(tid, [])]
    whose = "therapists'" if len(ids) > 1 else "therapist's"
    return f"the {len(ids)} eligible {whose} slots went to {_levels(levels)} clients"


def _first_choice_note(first, got, slots, takers) -> str:
    if not first or (got is not None and got.therapist_id == first):
        return ""
    if slots.get(first, 0) <= 0:
        return "has no open slot"
    count = slots[first]
    return (
        f"{'its slot' if count == 1 else f'its {count} slots'} went to "
        f"{_levels(takers.get(first, []))} clients"
    )


def _levels(levels: list[str]) -> str:
    return " and ".join(LEVEL_WORDS[p] for p in PRIORITIES if p in levels)
