"""Re-score many requests against the current directory, in resumable chunks.

A run ranks every request through ``Matcher.rank_many`` (the engine's batch
path) and writes each request's top k, and what changed since that request's
previous finished run, to the store one chunk per transaction. A run killed at
any point is finished by ``open_run(..., resume=True)`` then ``execute``: it
keeps the run's directory version, settings and ``today``, skips the requests
already written and scores the rest, so no request is missing or repeated and
the results equal those of an uninterrupted run.

Scaling out. ``partition`` is a pure function: it groups requests by state
(every request is matched only against therapists licensed in its state) and
cuts each group into chunks. ``score_chunk`` is pure too: a fitted Matcher, a
chunk and the chunk's previous top k in, scored requests out; it touches no
database. So the same two functions run anywhere. With ``scheduler="local"``
the chunks are scored on a ``dask.distributed`` LocalCluster (two worker
processes); with a scheduler address (``"tcp://10.0.0.5:8786"``) they run on a
real cluster whose workers have this package installed (``pip install
.[dask]``). Either way the driver fits the Matcher once, broadcasts it to the
workers, keeps a bounded window of chunks in flight, and writes each finished
chunk to SQLite itself: the database has one writer and never leaves the
driver. A chunk's answer does not depend on where or in which order it ran, so
the results equal the single-process run's.

Usage::

    batch = read_input("requests.jsonl")          # or read_saved(db)
    run = open_run(db, batch, Settings(k=10), resume=True)
    record = execute(db, run, batch, out="results.csv")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

import sqlite_utils

from .. import store
from ..engine.matcher import DEFAULT_STALE_AFTER_DAYS, Matcher
from ..engine.request import Request
from ..store import runs, saved
from ..store.runs import ScoredMatch, ScoredRequest
from .batch_input import SAVED_SOURCE, Batch, Item, LineError, read_input, read_saved
from .batch_output import describe_run, output_format, write_output

__all__ = [
    "SAVED_SOURCE", "Batch", "Item", "LineError", "Partition", "RescoreError",
    "Run", "Settings", "describe_run", "execute", "open_run", "output_format",
    "partition", "read_input", "read_saved", "score_chunk", "write_output",
]  # fmt: skip

DEFAULT_K = 10
CHUNK_SIZE = 200
DASK_WORKERS = 2
DASK_WINDOW = 8  # chunks in flight: bounds the driver's memory, not the speed


class RescoreError(RuntimeError):
    """A run cannot start or go on; the message says why and what to do."""


@dataclass(frozen=True)
class Settings:
    """How a run scores: top k, chunk size and the engine's settings."""

    k: int = DEFAULT_K
    chunk_size: int = CHUNK_SIZE
    weights: Mapping[str, float] | None = None
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS


@dataclass(frozen=True)
class Run:
    """A run in the store, with the Matcher fitted the way the run scores."""

    id: int
    source: str
    settings: Settings
    started_at: str
    max_saved_id: int | None
    resumed: bool
    matcher: Matcher = field(repr=False, compare=False)


@dataclass(frozen=True)
class Partition:
    """A chunk of requests from one state: the unit of work and of writing."""

    state: str
    number: int
    items: tuple[Item, ...]


def partition(items: Iterable[Item], chunk_size: int) -> list[Partition]:
    """Split requests by state (in state order), then into chunks of at most n."""
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    by_state: dict[str, list[Item]] = {}
    for item in items:
        by_state.setdefault(item.request.state, []).append(item)
    return [
        Partition(state, number, tuple(group[start : start + chunk_size]))
        for state, group in sorted(by_state.items())
        for number, start in enumerate(range(0, len(group), chunk_size))
    ]


# ------------------------------------------------------------------ scoring
Previous = Mapping[str, tuple[int, tuple[str, ...]]]


def score_chunk(
    matcher: Matcher, items: Sequence[Item], previous: Previous, k: int
) -> list[ScoredRequest]:
    """Rank a chunk through rank_many; compare each top k with its previous one."""
    answers = matcher.rank_many([item.request for item in items], k, explain=False)
    scored = []
    for item, answer in zip(items, answers, strict=True):
        matches = tuple(
            ScoredMatch(
                m.rank, m.therapist_id, m.name, m.score,
                {f.factor: f.points for f in m.factors},
            )
            for m in answer.matches
        )  # fmt: skip
        result = ScoredRequest(
            item.key, item.request_id, item.position, item.request.state,
            answer.considered, answer.eligible, matches,
        )  # fmt: skip
        if item.key in previous:
            result = _with_changes(matcher, item.request, result, *previous[item.key])
        scored.append(result)
    return scored


def _with_changes(
    matcher: Matcher,
    request: Request,
    result: ScoredRequest,
    previous_run: int,
    previous_ids: tuple[str, ...],
) -> ScoredRequest:
    now_ids = [m.therapist_id for m in result.matches]
    ranked_now, ranked_before = set(now_ids), set(previous_ids)
    gone = [t for t in previous_ids if t not in ranked_now]
    return replace(
        result,
        previous_run_id=previous_run,
        new_ids=tuple(t for t in now_ids if t not in ranked_before),
        gone=tuple(zip(gone, matcher.gone_reasons(request, gone), strict=True)),
    )


# --------------------------------------------------------------------- runs
def fit_matcher(
    db: sqlite_utils.Database, settings: Settings, today: dt.date
) -> Matcher:
    """Fit a Matcher on one consistent directory version (see directory_version_)."""
    while True:
        version = store.directory_version(db)
        profiles = store.load_directory(db)
        outcomes = store.outcomes.load_outcomes(db)
        if store.directory_version(db) == version:
            break  # no import committed while the directory was being read
    matcher = Matcher(settings.weights, settings.stale_after_days, today)
    return matcher.fit(profiles, version, outcomes)


def open_run(
    db: sqlite_utils.Database,
    batch: Batch,
    settings: Settings,
    *,
    resume: bool = False,
    today: dt.date | None = None,
) -> Run:
    """Resume the unfinished run of this source and input, or record a new one.

    A resumed run keeps its own settings and ``today``; it refuses to go on
    (RescoreError) when the directory changed since it started.
    """
    if resume:
        unfinished = runs.unfinished_run(db, batch.source, batch.input_digest)
        if unfinished is not None:
            return _resumed(db, unfinished)
    today = today or dt.date.today()
    matcher = fit_matcher(db, settings, today)
    if batch.source == SAVED_SOURCE:
        saved.purge(db, batch.read_at)
    run_id = runs.create_run(
        db,
        {
            "started_at": saved.stamp(batch.read_at), "today": today.isoformat(),
            "directory_version": matcher.directory_version_,
            "settings": _settings_record(settings), "source": batch.source,
            "input_digest": batch.input_digest, "max_saved_id": batch.max_saved_id,
            "k": settings.k, "chunk_size": settings.chunk_size,
            "total": len(batch.items), "skipped": len(batch.errors),
            "skipped_lines": [
                {"line": e.line, "fields": sorted(e.errors)} for e in batch.errors
            ],
        },
    )  # fmt: skip
    started_at = runs.get_run(db, run_id)["started_at"]
    return Run(
        id=run_id, source=batch.source, settings=settings, started_at=started_at,
        max_saved_id=batch.max_saved_id, resumed=False, matcher=matcher,
    )  # fmt: skip


def _settings_record(settings: Settings) -> dict[str, Any]:
    return {
        "weights": dict(settings.weights or {}),
        "stale_after_days": settings.stale_after_days,
        "engine": "Matcher.rank_many",
    }


def _resumed(db: sqlite_utils.Database, record: Mapping[str, Any]) -> Run:
    options = record["settings"]
    settings = Settings(
        record["k"], record["chunk_size"], options["weights"] or None,
        options["stale_after_days"],
    )  # fmt: skip
    matcher = fit_matcher(db, settings, dt.date.fromisoformat(record["today"]))
    if matcher.directory_version_ != record["directory_version"]:
        raise RescoreError(
            f"the directory changed since run {record['id']} started (version "
            f"{record['directory_version']}, now {matcher.directory_version_}): "
            "start a new run instead of resuming"
        )
    return Run(
        id=record["id"], source=record["source"], settings=settings,
        started_at=record["started_at"], max_saved_id=record["max_saved_id"],
        resumed=True, matcher=matcher,
    )  # fmt: skip


def execute(
    db: sqlite_utils.Database,
    run: Run,
    batch: Batch,
    *,
    scheduler: str | None = None,
    out: str | Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Score what the run still lacks, chunk by chunk; write ``out``; finish it.

    ``scheduler``: None scores in this process, ``"local"`` on a Dask
    LocalCluster, anything else is a Dask scheduler address. Returns the
    finished run record (see ``runs.list_runs``).
    """
    done = runs.done_keys(db, run.id)
    todo = [item for item in _items_of(db, run, batch) if item.key not in done]
    parts = partition(todo, run.settings.chunk_size)
    score = _score_on_dask if scheduler is not None else _score_here
    for chunk in score(db, run, parts, scheduler):
        runs.write_chunk(db, run.id, chunk)
        if progress is not None:
            progress(len(chunk))
    if out is not None:
        write_output(db, run.id, out)
    runs.finish_run(db, run.id)
    return runs.get_run(db, run.id)


def remaining(db: sqlite_utils.Database, run: Run, batch: Batch) -> int:
    """Count the requests a run has still to score."""
    return len(_items_of(db, run, batch)) - len(runs.done_keys(db, run.id))


def _items_of(db: sqlite_utils.Database, run: Run, batch: Batch) -> list[Item]:
    if run.resumed and run.source == SAVED_SOURCE:
        # The saved requests that were live when the run started.
        started = dt.datetime.fromisoformat(run.started_at)
        return read_saved(db, started, run.max_saved_id).items
    return batch.items


def _previous(db: sqlite_utils.Database, run: Run, part: Partition) -> Previous:
    return runs.previous_matches(db, run.id, [item.key for item in part.items])


def _score_here(
    db: sqlite_utils.Database, run: Run, parts: Sequence[Partition], _scheduler: None
) -> Iterator[list[ScoredRequest]]:
    for part in parts:
        yield score_chunk(
            run.matcher, part.items, _previous(db, run, part), run.settings.k
        )


def _score_on_dask(
    db: sqlite_utils.Database, run: Run, parts: Sequence[Partition], scheduler: str
) -> Iterator[list[ScoredRequest]]:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=DASK_WORKERS, threads_per_worker=1, processes=True,
            dashboard_address=None,
        )  # fmt: skip
    with Client(cluster or scheduler) as client:
        matcher = client.scatter(run.matcher, broadcast=True)

        def submit(part: Partition) -> Any:
            return client.submit(
                score_chunk, matcher, part.items, _previous(db, run, part),
                run.settings.k, pure=False,
            )  # fmt: skip

        waiting = iter(parts)
        window = as_completed([submit(part) for part in islice(waiting, DASK_WINDOW)])
        for future in window:
            yield future.result()
            following = next(waiting, None)
            if following is not None:
                window.add(submit(following))
    if cluster is not None:
        cluster.close()
