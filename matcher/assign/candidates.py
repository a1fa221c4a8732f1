"""Each waiting client's eligible therapists with open slots, from the engine.

``client_options`` ranks in this process. ``options_on_dask`` is the same step
partitioned by state on Dask (the ``dask`` extra): a client is only ever
ranked against therapists licensed in its state, so each state is ranked
alone, by the same ``state_options``, and the answers are the same wherever
they ran.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..engine.matcher import Matcher, by_state
from ..engine.request import Request
from .waitlist import WaitingClient

CHUNK = 500  # requests ranked at once: bounds the memory of full answers


class Candidate(NamedTuple):
    """A therapist a client could be given: its fit and rank in the client's list.

    A named tuple, not a dataclass: there is one per (client, therapist with a
    slot) pair, millions in a large run, and a tuple is smaller and quicker.
    """

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
    for positions in by_state(requests).values():
        found = state_options(matcher, [requests[p] for p in positions], open_slots)
        for position, option in zip(positions, found, strict=True):
            options[position] = option
    return options  # type: ignore[return-value]


def state_options(
    matcher: Matcher, requests: Sequence[Request], open_slots: Mapping[str, int]
) -> list[ClientOptions]:
    """Rank one state's requests over every therapist licensed there.

    ``k`` is the number of therapists licensed in the state, so each list
    holds every eligible therapist and ``rank`` is the client's own rank.
    """
    state = requests[0].state if requests else None
    k = max(1, len(matcher.index_.by_state.get(state, ())))
    options: list[ClientOptions] = []
    for start in range(0, len(requests), CHUNK):
        answers = matcher.rank_many(requests[start : start + CHUNK], k, explain=False)
        options += [_options(answer, open_slots) for answer in answers]
    return options


def options_on_dask(
    matcher: Matcher,
    clients: Sequence[WaitingClient],
    open_slots: Mapping[str, int],
    scheduler: str = "local",
) -> list[ClientOptions]:
    """Rank as ``client_options`` does, one Dask task per state, in input order.

    ``scheduler`` is ``"local"`` (a ``LocalCluster`` of worker processes),
    one of Dask's own (``"synchronous"``, ``"threads"``, ``"processes"``),
    or a ``dask.distributed`` scheduler address. Needs the ``dask`` extra.
    """
    import dask  # noqa: PLC0415 - an optional dependency

    requests = [client.request for client in clients]
    groups = by_state(requests)
    fitted = dask.delayed(matcher, pure=True)
    tasks = [
        dask.delayed(state_options, pure=True)(
            fitted,
            [requests[p] for p in positions],
            _slots_in(matcher, state, open_slots),
        )
        for state, positions in groups.items()
    ]
    found = _compute(tasks, scheduler)
    options: list[Any] = [None] * len(clients)
    for positions, state_found in zip(groups.values(), found, strict=True):
        for position, option in zip(positions, state_found, strict=True):
            options[position] = option
    return options


def _slots_in(matcher: Matcher, state: str, open_slots: Mapping[str, int]) -> dict:
    """Only the slots a state's clients could take: less to send to a worker."""
    licensed = matcher.index_.by_state.get(state, ())
    ids = matcher.index_.ids
    return {str(ids[row]): open_slots[str(ids[row])] for row in licensed
            if open_slots.get(str(ids[row]), 0) > 0}  # fmt: skip


def _compute(tasks: list, scheduler: str) -> tuple:
    import dask  # noqa: PLC0415

    if scheduler in ("synchronous", "threads", "processes"):
        return dask.compute(*tasks, scheduler=scheduler)
    from distributed import Client, LocalCluster  # noqa: PLC0415

    if scheduler != "local":
        with Client(scheduler) as client:
            return client.compute(tasks, sync=True)
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        return tuple(client.compute(tasks, sync=True))


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
