"""Keep the engine in step with the directory without stalling searches.

A worker answers searches from the Matcher it has while a background thread
gets the next one; the new Matcher replaces the old in one assignment, so each
answer comes entirely from one directory version. Workers of one server take
turns (a lock file beside the database), so a change never takes every core
at once.

``MATCHER_REFIT=background`` (the default): the first worker to see a version
has a separate process fit it and write it beside the database
(``matcher.engine.persisted``); every worker then loads that file, a tenth of
the fit's work, in small steps that leave the interpreter to searches. A fit
in the worker's own thread (``thread``, the design before) held the
interpreter for long stretches and slowed the searches answered meanwhile.
``inline``, the first design, fits inside the first request that sees a new
version. Both are kept for the benchmark.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

import matcher as matcher_package
from matcher import store
from matcher.engine import geo, persisted
from matcher.engine.matcher import DirectoryMatcher, Matcher

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: workers may fit together
    fcntl = None  # type: ignore[assignment]

REFIT_MODES = ("background", "thread", "inline")
# A directory this large is fitted in a separate process (smaller ones fit in
# a fraction of a second, less than starting the process takes).
PROCESS_FROM = 5_000
BUILD_TIMEOUT_S = 3_600
# How long a replaced Matcher is waited for before it is left to be freed by
# the last search that holds it.
RELEASE_WAIT_S = 60  # a build that takes longer is stuck: the old one answers
# While a fit runs, the request thread gets the interpreter back this often
# (seconds) instead of every 5 ms, so searches keep their usual latency.
FIT_SWITCH_INTERVAL_S = 0.0005
# Result cards' profiles kept per worker at most (past this, read again).
CARDS_KEPT = 5_000
log = logging.getLogger(__name__)


class VersionReader:
    """Read the directory version over one kept connection per process.

    The connection is reopened in a forked child and when the database file is
    replaced (a restore), so a version is never read from a stale file.
    """

    def __init__(self, database: str):
        self.path = Path(database)
        self._lock = threading.Lock()
        self._key: tuple[int, int] | None = None
        self._db: sqlite_utils.Database | None = None

    def version(self) -> int:
        """Return the directory version the database holds now."""
        return self.read(store.directory_version)

    def read(self, work: Callable[[sqlite_utils.Database], Any]) -> Any:
        """Return ``work(db)`` over the kept connection, one thread at a time."""
        key = (os.getpid(), self.path.stat().st_ino if self.path.exists() else -1)
        with self._lock:
            if key != self._key or self._db is None:
                self._reopen(key)
            return work(self._db)

    def _reopen(self, key: tuple[int, int]) -> None:
        if self._db is not None and self._key and self._key[0] == os.getpid():
            self._db.conn.close()  # a parent's connection is left to the parent
        self._db = store.connect(self.path)
        self._key = (key[0], self.path.stat().st_ino)


class ProfileCards:
    """Stored profiles for the results page's cards, kept per directory version.

    A card shows the same profile for as long as the directory version stays,
    so each is read once per version, over the kept connection, instead of by
    a query on a new connection for every results page.
    """

    def __init__(self, versions: VersionReader, max_kept: int = CARDS_KEPT):
        self.versions, self.max_kept = versions, max_kept
        self._kept: tuple[int | None, dict[str, dict[str, Any]]] = (None, {})

    def get(self, version: int | None, ids: Sequence[str]) -> dict[str, dict]:
        """Return the stored profiles of ids (unknown ids left out)."""
        kept_version, kept = self._kept
        if kept_version != version:
            kept = {}
        missing = [i for i in ids if i not in kept]
        if missing:
            now, found = self.versions.read(
                lambda db: store.versioned_profiles(db, missing)
            )
            if len(kept) + len(found) > self.max_kept:
                kept = {}
            kept = {**kept, **found}  # a new dict: other threads keep theirs whole
            if version is not None and now == version:  # this version's: keep
                self._kept = (version, kept)
        return {i: kept[i] for i in ids if i in kept}


class Refitter:
    """Hand out the newest fitted Matcher; fit the next one off the request path."""

    def __init__(
        self,
        database: str,
        mode: str = "background",
        process_from: int = PROCESS_FROM,
        **options: Any,
    ):
        if mode not in REFIT_MODES:
            raise ValueError(f"MATCHER_REFIT must be one of {REFIT_MODES}: {mode!r}")
        self.database, self.mode, self.options = database, mode, options
        self.process_from = process_from
        self.versions = VersionReader(database)
        self.cards = ProfileCards(self.versions)
        self.inline = DirectoryMatcher(**options)
        self._reset()

    def _reset(self, current: Matcher | None = None) -> None:
        self._pid = os.getpid()
        self._ready = threading.Condition()
        self._current = current
        self._thread: threading.Thread | None = None
        self._pending = False
        self._started = self._finished = 0  # fits begun / fits done, in order
        self._error: BaseException | None = None

    def matcher(self, *, current: bool = False) -> Matcher:
        """Return the Matcher to answer with.

        ``current``: wait until it holds the directory as it is now (an admin's
        search after an edit); otherwise a refit in progress is not waited for.
        Only the very first search of a worker waits, as there is nothing else.
        (The inline mode is served by ``self.inline``, over the request's own
        connection, as before.)
        """
        if os.getpid() != self._pid:
            # A forked worker keeps the fitted index (shared with the parent
            # until written) but not the parent's thread and locks.
            self._reset(self._current)
        version = self.versions.version()
        ready = self._current
        if ready is not None and ready.directory_version_ == version:
            return ready
        mark = self._ask_for_fit()
        return self._wait(version, mark) if ready is None or current else ready

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite_utils.Database]:
        db = store.connect(self.database)
        try:
            yield db
        finally:
            db.conn.close()

    def _ask_for_fit(self) -> int:
        """Ask for a fit of the newest version; return how many fits began before."""
        with self._ready:
            self._pending = True
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._fit_while_asked, name="matcher-refit", daemon=True
                )
                self._thread.start()
            return self._started

    def _wait(self, version: int, mark: int) -> Matcher:
        """Wait for a Matcher of this version or fitted by a fit begun after mark."""
        with self._ready:
            while True:
                ready = self._current
                if ready is not None and ready.directory_version_ == version:
                    return ready
                if self._finished > mark:
                    if self._error is not None:
                        raise self._error
                    if ready is not None:
                        return ready
                self._ready.wait()

    def _fit_while_asked(self) -> None:
        while True:
            with self._ready:
                if not self._pending:
                    self._thread = None
                    return
                self._pending = False
                self._started += 1
                number = self._started
            fitted, error = self._fit_once()
            replaced: list[Matcher] = []
            with self._ready:
                if fitted is not None:
                    replaced = [self._current] if self._current is not None else []
                    self._current = fitted  # one assignment: old or new, never a mix
                self._finished, self._error = number, error
                self._ready.notify_all()
            if replaced:  # freed aside, not to delay the next refit
                threading.Thread(
                    target=_let_go,
                    args=(replaced, self.database),
                    name="matcher-release",
                    daemon=True,
                ).start()

    def _fit_once(self) -> tuple[Matcher | None, BaseException | None]:
        try:
            with _one_worker_at_a_time(self.database):
                if self._in_a_process():
                    try:
                        return self._load_built(), None
                    except Exception:  # e.g. no room for the file: fit here
                        log.exception("building the index in a process failed")
                with _responsive_requests():
                    return self._fit(), None
        except Exception as error:  # the old Matcher keeps answering meanwhile
            log.exception("refitting the directory failed")
            return None, error

    def _in_a_process(self) -> bool:
        """Tell whether to fit in a process: a large directory, first index or not.

        A worker's very first index too is built once, by the first worker to
        start, and loaded by the others (their arrays then shared in memory).
        """
        if self.mode != "background":
            return False
        answering = self._current
        if answering is not None:
            return answering.index_.size >= self.process_from
        return self.versions.read(store.count_profiles) >= self.process_from

    def _load_built(self) -> Matcher | None:
        """Load this version's fitted file, built first if no worker has yet."""
        version = self.versions.version()
        ready = self._current
        if ready is not None and ready.directory_version_ == version:
            return None
        path = Path(self._path_of().format(version=version))
        if not path.exists():
            path = self._build()
        geo.zip_centroid("02139")  # reads the ZIP table here, not in a search
        with _responsive_requests():
            return persisted.load(path)

    def _build(self) -> Path:
        """Fit the directory in a separate process; return the file it wrote."""
        path_of = self._path_of()  # once: the code may change meanwhile
        # Low priority while this worker answers from an older index; a first
        # index has no searches to give way to and is waited for.
        low = self._current is not None
        asked = pickle.dumps((self.database, path_of, self.options, low))
        done = subprocess.run(
            [sys.executable, "-m", "matcher.engine.persisted"],
            input=asked, capture_output=True, timeout=BUILD_TIMEOUT_S,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"building the index failed: {done.stderr[-2000:]!r}")
        built = Path(path_of.format(version=int(done.stdout)))
        for older in Path(self.database).parent.glob(
            f"{Path(self.database).name}.index-*"
        ):
            if older != built:
                older.unlink(missing_ok=True)  # under the lock: nobody reads it
        return built

    def _path_of(self) -> str:
        """Return the fitted file's path, ``{version}`` left to fill in."""
        return f"{self.database}.index-{{version}}-{build_key(self.options)}"

    def _fit(self) -> Matcher | None:
        """Fit on one consistent version; None when this one is fitted already."""
        with self._connection() as db:
            while True:
                version = store.directory_version(db)
                ready = self._current
                if ready is not None and ready.directory_version_ == version:
                    return None
                profiles = store.load_directory(db)
                outcomes = store.outcomes.load_outcomes(db)
                if store.directory_version(db) == version:
                    break  # no change was committed while the directory was read
        geo.zip_centroid("02139")  # reads the ZIP table here, not in a search
        return Matcher(**self.options).fit(profiles, version, outcomes)


def _let_go(replaced: list[Matcher], database: str | None = None) -> None:
    """Free a replaced Matcher here, a slice at a time, once no search holds it.

    Freed at once, the millions of objects of a large index hold the
    interpreter for half a second at 50,000 profiles, in whichever thread
    lets go of it last: often a search.
    """
    old = replaced.pop()
    deadline = time.monotonic() + RELEASE_WAIT_S
    while sys.getrefcount(old) > 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # a search still answers from it (its frame holds it)
    if sys.getrefcount(old) == 2:  # only this frame and the call's argument
        with _one_worker_at_a_time(database) if database else contextlib.nullcontext():
            persisted.dismantle(old)  # no other worker loads meanwhile


def build_key(options: dict[str, Any]) -> str:
    """Return what a fitted file must match besides its version.

    The server (the workers' parent process, so a restart, after a restore
    say, never trusts a file of before), the code (a reload with new code
    rebuilds) and the Matcher's settings.
    """
    code = Path(matcher_package.__file__).parent
    stamps = sorted((str(f), f.stat().st_mtime_ns) for f in code.rglob("*.py"))
    seen = repr((os.getppid(), stamps, sorted(options.items())))
    return hashlib.sha256(seen.encode()).hexdigest()[:16]


@contextlib.contextmanager
def _one_worker_at_a_time(database: str) -> Iterator[None]:
    """Hold the lock file beside the database, which one fitting worker holds."""
    if fcntl is None:
        yield
        return
    with open(f"{database}.refit-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def _responsive_requests() -> Iterator[None]:
    """Keep a fit from pausing the searches answered meanwhile.

    A fit makes millions of objects; each full garbage collection during it
    walks them all while every thread waits (1.5 s at 50,000 profiles). So the
    collector is off during the fit, and what exists after it (the new index
    above all) is frozen, out of the collector's way for good. The collection
    first is short, the previous index being frozen, and leaves no garbage to
    freeze (a fit of 50,000 profiles then leaves a handful of objects behind).
    """
    before, collecting = sys.getswitchinterval(), gc.isenabled()
    sys.setswitchinterval(min(before, FIT_SWITCH_INTERVAL_S))
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
        sys.setswitchinterval(before)
