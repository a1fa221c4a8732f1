"""Phase marks for the change-under-load run: when each part of a change ran.

With ``BENCH_PHASES_FILE`` set, ``mark(phase, event)`` appends one line
``<unix time> <pid> <phase> <event>`` to that file (one write each, so the
lines of several processes never interleave). ``trace_server`` wraps the
web workers' refit steps and ``trace_import`` the import's, so the benchmark
can place its slowest searches against them without the product code
knowing. Nothing here runs unless the benchmark asks for it.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

ENV = "BENCH_PHASES_FILE"


def mark(phase: str, event: str) -> None:
    """Append a phase mark to the file the benchmark named, if any."""
    path = os.environ.get(ENV)
    if not path:
        return
    line = f"{time.time():.4f} {os.getpid()} {phase} {event}\n".encode()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)


@contextmanager
def marked(phase: str) -> Iterator[None]:
    """Mark a phase's start and end around a block."""
    mark(phase, "start")
    try:
        yield
    finally:
        mark(phase, "end")


def wrap(owner: Any, name: str, phase: str) -> None:
    """Replace ``owner.name`` with a version that marks each call as a phase."""
    original: Callable = getattr(owner, name)

    @functools.wraps(original)
    def traced(*args: Any, **kwargs: Any) -> Any:
        with marked(phase):
            return original(*args, **kwargs)

    setattr(owner, name, traced)


def trace_server() -> None:
    """Mark a web worker's refit steps: build, load, fit in a thread, release."""
    from matcher.engine import persisted
    from web import refit

    wrap(refit.Refitter, "_build", "build")
    wrap(persisted, "load", "load")
    wrap(refit.Refitter, "_fit", "fit")
    wrap(refit, "_let_go", "free")


def trace_import() -> None:
    """Mark the import's steps: read and validate, plan, write, commit."""
    from matcher import store
    from matcher.directory import importer

    wrap(importer, "read_table", "import-read")
    wrap(importer, "validate_rows", "import-validate")
    wrap(importer, "_plan", "import-plan")
    wrap(store, "apply_changes", "import-write")
    transaction = store.transaction

    @contextmanager
    def traced_transaction(db: Any) -> Iterator[None]:
        with marked("import-transaction"), transaction(db):
            yield

    importer.store.transaction = traced_transaction  # type: ignore[attr-defined]


def run_import(argv: list[str]) -> int:
    """Run the import script with its steps marked (``argv``: its arguments)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import load_profiles

    trace_import()
    with marked("import"):
        return load_profiles.main(argv)


if __name__ == "__main__":
    import sys

    sys.exit(run_import(sys.argv[1:]))
