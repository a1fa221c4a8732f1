"""Gunicorn hooks for the web benchmark: say when each worker has booted.

``python -m gunicorn -c python:bench.gunicorn_hooks``: with ``BENCH_BOOTED_DIR``
set, each worker touches a file named by its pid there once it is ready, so the
benchmark can wait for every worker before warming them up. With
``BENCH_PHASES_FILE`` set, each worker marks its refit steps there
(``bench.phases``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Mark this worker as booted."""
    if os.environ.get("BENCH_PHASES_FILE"):
        from bench.phases import trace_server

        trace_server()
    folder = os.environ.get("BENCH_BOOTED_DIR")
    if folder:
        Path(folder, str(worker.pid)).touch()
