"""The web benchmark's change-under-load run: searches while an import lands.

For each design (``MATCHER_REFIT``: ``inline``, the former refit inside the
first request that sees a new directory version; ``background``, the refit off
the request path), gunicorn serves a copy of the same generated directory; wrk
loads the match API at 8 connections, steady first, then while a second file
of as many profiles (every profile changed) is imported by the import script
and the workers take up the new version. Target: the worst latency during the
change within 2x the steady p99.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from matcher.demo import make_profiles, make_requests, write_csv

from . import bench_web
from .common import generated_directory

PROFILES, QUICK_PROFILES = 50_000, 2_000
CONNECTIONS = 8
STEADY_S, QUICK_STEADY_S = 15, 4
CHANGE_S, QUICK_CHANGE_S = 90, 15  # long enough for the import and every refit
IMPORT_AFTER_S = 3
TIMEOUT_S = 120  # a stalled request is measured, not dropped as a timeout
DESIGNS = ("inline", "background")


def directories(n: int) -> tuple[Path, Path]:
    """Return a database of n generated profiles and a file changing all of them."""
    folder = Path(tempfile.mkdtemp(prefix="bench-web-change-"))
    _, db = generated_directory(n, folder)
    db.conn.close()
    changed = folder / "changed.csv"
    write_csv(make_profiles(n, seed=8), changed)
    return folder / f"directory-{n}.db", changed


def versions_answered(base: str, body: bytes, tries: int = 20) -> set[int]:
    """Return the directory versions a few searches are answered from."""
    seen = set()
    for _ in range(tries):
        post = urllib.request.Request(
            base + "/api/v1/matches", data=body,
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        seen.add(
            json.loads(urllib.request.urlopen(post, timeout=TIMEOUT_S).read())[
                "directory_version"
            ]
        )
    return seen


def warm_up(base: str, body: bytes) -> None:
    """Make both workers fit before measuring: searches from several clients."""
    threads = [
        threading.Thread(target=versions_answered, args=(base, body, 5))
        for _ in range(CONNECTIONS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def one_design(
    design: str, source: Path, changed: Path, durations: tuple[int, int]
) -> dict[str, Any]:
    """Measure steady and during-change latency for one design."""
    db_path = source.with_name(f"{design}.db")
    shutil.copyfile(source, db_path)
    port = bench_web.free_port()
    base = f"http://127.0.0.1:{port}"
    requests = make_requests(50)
    body = json.dumps(requests[0]).encode()
    script = bench_web.lua_script(
        [json.dumps(r) for r in requests], "POST", "application/json"
    )
    server = bench_web.start_server(db_path, port, refit=design)
    try:
        warm_up(base, body)
        url = base + "/api/v1/matches"
        steady = bench_web.load(url, script, CONNECTIONS, durations[0], TIMEOUT_S)
        took: list[float] = []
        importer = threading.Timer(IMPORT_AFTER_S, run_import, (changed, db_path, took))
        importer.start()
        during = bench_web.load(url, script, CONNECTIONS, durations[1], TIMEOUT_S)
        importer.join()
        after = sorted(versions_answered(base, body))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return {
        "steady": steady, "during_change": during,
        "import_seconds": took[0] if took else None,
        "versions_after": after,
        "worst_vs_steady_p99": round(during["max_ms"] / steady["p99_ms"], 2),
    }  # fmt: skip


def run_import(changed: Path, db_path: Path, took: list[float]) -> None:
    """Import the changed file with the import script; note how long it took."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "scripts/load_profiles.py", str(changed), "--db",
         str(db_path)],
        cwd=bench_web.ROOT, check=True, capture_output=True,
    )  # fmt: skip
    took.append(round(time.perf_counter() - started, 1))


def run(quick: bool = False) -> dict[str, Any]:
    """Compare the two designs on the same directory and the same import."""
    n = QUICK_PROFILES if quick else PROFILES
    durations = (QUICK_STEADY_S, QUICK_CHANGE_S) if quick else (STEADY_S, CHANGE_S)
    source, changed = directories(n)
    figures: dict[str, Any] = {"profiles": n, "connections": CONNECTIONS}
    for design in DESIGNS:
        figures[design] = one_design(design, source, changed, durations)
        print(f"change under load, {design}: {json.dumps(figures[design])}")
    shutil.rmtree(source.parent, ignore_errors=True)
    return figures
