"""A fitted Matcher in a file: built once per directory version, loaded by workers.

Fitting 50,000 profiles takes seconds of CPU in long stretches that hold the
interpreter, so a web worker that fits in a thread answers its searches late
meanwhile (issue 16). Instead one process builds the fitted Matcher of a
version (``build``, run as ``python -m matcher.engine.persisted`` by
``web.refit``) and writes it here; each worker then loads it (``load``), a
small part of the fit's work that holds the interpreter for a millisecond or
so at a time: the arrays are mapped from the file, not read, and the lists of
Python objects (ids, names, the profile columns) are read in slices of
``SLICE_ROWS`` rows, each its own pickle.

The file is a pickle, so it is trusted like the database beside it (it is made
readable by its owner only). The track records fitted by a build are kept
beside it (``<database>.track-records``) and reused by the next build while
the outcome records are unchanged (``matcher.outcomes.reuse``).
"""

from __future__ import annotations

import mmap
import os
import pickle
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from .. import store
from ..outcomes import reuse
from .matcher import Matcher

LOW_NICENESS = 10  # a change's build, while the workers answer searches
SLICE_ROWS = 500  # rows of a list per pickle: about a millisecond to load
# After each slice loaded or freed, the loading thread sleeps as long as the
# slice took, so a worker's searches have the interpreter at least half the
# time while a new index loads or an old one is freed.
BREATHE = True
PROTOCOL = 5
ALIGN = 64  # arrays start on a cache line, as numpy's own allocations do
# The index's lists of Python objects, written and read slice by slice.
SLICED = ("ids", "names")


def save(matcher: Matcher, path: Path) -> None:
    """Write a fitted Matcher to path: a temporary file, then one rename.

    The file holds, in order: the Matcher without its lists and with its
    arrays out of band (one pickle); each list in slices; the arrays' bytes,
    each aligned; and last a table of where each part starts.
    """
    index = matcher.index_
    lists = _detach(index)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with _private_file(temporary) as out:
            buffers: list[pickle.PickleBuffer] = []
            out.write(pickle.dumps(matcher, PROTOCOL, buffer_callback=buffers.append))
            table = {"skeleton": out.tell(), "lists": [], "arrays": []}
            for name, values in lists.items():
                table["lists"].append((name, len(values), out.tell()))
                for piece in _slices(values):
                    pickle.dump(piece, out, protocol=PROTOCOL)
            for buffer in buffers:
                out.write(b"\0" * (-out.tell() % ALIGN))
                table["arrays"].append((out.tell(), buffer.raw().nbytes))
                out.write(buffer.raw())
            where = out.tell()
            pickle.dump(table, out, protocol=PROTOCOL)
            out.write(where.to_bytes(8, "little"))
        os.replace(temporary, path)
    finally:
        _attach(index, lists)
        temporary.unlink(missing_ok=True)


def load(path: Path) -> Matcher:
    """Read a Matcher written by ``save``: arrays mapped, lists slice by slice.

    The arrays stay in the file's pages (copy on write), which the workers of
    one server share; nothing but the lists is copied.
    """
    with open(path, "rb") as source:
        pages = mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_COPY)
    pages.madvise(mmap.MADV_WILLNEED)
    view = memoryview(pages)
    where = int.from_bytes(view[-8:], "little")
    table = pickle.loads(view[where:-8])
    arrays = [view[start : start + size] for start, size in table["arrays"]]
    matcher: Matcher = pickle.loads(view[: table["skeleton"]], buffers=arrays)
    lists = {
        name: _read_list(pages, start, rows) for name, rows, start in table["lists"]
    }
    _attach(matcher.index_, lists)
    return matcher


def dismantle(matcher: Matcher) -> None:
    """Empty a Matcher's lists of objects a slice at a time (short holds each).

    For a Matcher nothing will use again: freeing its millions of objects in
    one step would hold the interpreter for as long as they take.
    """
    index = matcher.index_
    for values in [*index.columns.values(), index.names]:
        while values:
            started = time.perf_counter()
            del values[-SLICE_ROWS:]
            _breathe(started)
    index.columns = {}


def _detach(index: Any) -> dict[str, list]:
    """Take the index's lists of objects out of it, as plain lists by name."""
    lists = {f"columns.{name}": values for name, values in index.columns.items()}
    lists.update((name, list(getattr(index, name))) for name in SLICED)
    index.columns = {}
    for name in SLICED:
        setattr(index, name, None)
    return lists


def _attach(index: Any, lists: dict[str, list]) -> None:
    """Put lists taken out by ``_detach`` back, as the index holds them."""
    index.columns = {
        name.removeprefix("columns."): values
        for name, values in lists.items()
        if name.startswith("columns.")
    }
    index.ids = np.array(lists["ids"], dtype=object)
    index.names = lists["names"]


def _read_list(pages: mmap.mmap, start: int, rows: int) -> list:
    pages.seek(start)
    values: list = []
    while len(values) < rows:
        started = time.perf_counter()
        values.extend(pickle.load(pages))  # type: ignore[arg-type]
        _breathe(started)
    return values


def _breathe(started: float) -> None:
    """Sleep as long as the step begun at ``started`` took (see ``BREATHE``)."""
    if BREATHE:
        time.sleep(time.perf_counter() - started)


def build(database: str, path_of: str, options: Mapping[str, Any]) -> int:
    """Fit the directory as it is now and save it; return the version fitted.

    ``path_of``: the file's path with ``{version}`` in place of the version.
    """
    db = store.connect(database)
    try:
        profiles, outcomes, version = _consistent_read(db)
    finally:
        db.conn.close()
    kept = Path(f"{database}.track-records")
    _recall_track_records(kept)
    matcher = Matcher(**options).fit(profiles, version, outcomes)
    save(matcher, Path(path_of.format(version=version)))
    _keep_track_records(kept)
    return version


def _consistent_read(db) -> tuple[Any, Any, int]:
    """Read the directory and outcome records with no change committed between."""
    while True:
        version = store.directory_version(db)
        profiles = store.load_directory(db)
        outcomes = store.outcomes.load_outcomes(db)
        if store.directory_version(db) == version:
            return profiles, outcomes, version


def _recall_track_records(kept: Path) -> None:
    if kept.exists() and reuse.latest() is None:
        with open(kept, "rb") as source:
            reuse.remember(*pickle.load(source))


def _keep_track_records(kept: Path) -> None:
    latest = reuse.latest()
    if latest is None:
        return
    temporary = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
    with _private_file(temporary) as out:
        pickle.dump(latest, out, protocol=PROTOCOL)
    os.replace(temporary, kept)


def _slices(values: list) -> Iterator[list]:
    for start in range(0, len(values), SLICE_ROWS):
        yield values[start : start + SLICE_ROWS]


def _private_file(path: Path) -> BinaryIO:
    """Open a new file for writing that only its owner may read."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


def main() -> None:
    """Build as asked on stdin; print the version built.

    The pickle holds the database, path_of, options and whether to build at
    low priority (``nice`` 10: the serving workers come first on a shared
    core), which a worker asks for while it answers from an older index.
    """
    database, path_of, options, low = pickle.load(sys.stdin.buffer)
    if low:
        os.nice(LOW_NICENESS)
    print(build(database, path_of, options))


if __name__ == "__main__":
    main()
