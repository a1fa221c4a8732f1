"""The web benchmark's change-under-load run: searches while an import lands.

For each design (``MATCHER_REFIT``: ``inline``, the first design, a refit
inside the first request that sees a new directory version; ``thread``, each
worker refits in its own background thread; ``background``, a separate process
fits the new version once and every worker loads it), gunicorn serves a copy
of the same generated directory; wrk loads the match API at 8 connections,
steady first, then from 3 s before a second file of as many profiles (every
profile changed) is imported by the import script until 3 s after every
search is answered from the new version. Target: the worst latency during the
change within 2x the steady p99.

Where the slow searches fall: one more connection, a probe in this process,
posts searches one after another throughout and records when each began and
how long it took; the import script and the workers mark when each step of
the change ran (``bench.phases``: reading and validating the file, the write
transaction with its commit, the index build, each worker's load, the
freeing of the old index). The slowest searches are then listed with the
steps running at the time.

``python -m bench.web_change --designs background --profiles 5000`` runs a
quick check of one design (it writes no results file).
"""

from __future__ import annotations

import argparse
import json
import os
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

from matcher import store
from matcher.demo import make_profiles, make_requests, write_csv

from . import bench_web
from .common import generated_directory
from .phases import ENV as PHASES_ENV

PROFILES, QUICK_PROFILES = 50_000, 2_000
CONNECTIONS = 8
STEADY_S, QUICK_STEADY_S = 15, 4
MAX_CHANGE_S = 900  # the change phase ends once every search has the new version
IMPORT_AFTER_S = 3
TIMEOUT_S = 120  # a stalled request is measured, not dropped as a timeout
DESIGNS = ("inline", "thread", "background")
SLOWEST = 12  # the probe's slowest searches listed against the phases


def directories(n: int) -> tuple[Path, Path]:
    """Return a database of n generated profiles and a file changing all of them."""
    folder = Path(tempfile.mkdtemp(prefix="bench-web-change-"))
    _, db = generated_directory(n, folder)
    db.conn.close()
    changed = folder / "changed.csv"
    write_csv(make_profiles(n, seed=8), changed)
    return folder / f"directory-{n}.db", changed


def versions_answered(base: str, body: bytes, tries: int = 10) -> set[int]:
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


def warm_up(base: str, requests: list[dict[str, Any]]) -> None:
    """Make both workers fit, and see the whole mix, before measuring."""
    bodies = [json.dumps(r).encode() for r in requests]
    threads = [
        threading.Thread(target=post_each, args=(base, bodies[i::CONNECTIONS]))
        for i in range(CONNECTIONS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def post_each(base: str, bodies: list[bytes]) -> None:
    """Post each body to the match API in turn."""
    for body in bodies:
        versions_answered(base, body, tries=2)


def one_design(design: str, source: Path, changed: Path, steady_s: int) -> dict:
    """Measure steady and during-change latency for one design."""
    db_path = source.with_name(f"{design}.db")
    shutil.copyfile(source, db_path)
    phases_file = source.with_name(f"{design}.phases")
    os.environ[PHASES_ENV] = str(phases_file)  # the server and import inherit it
    port = bench_web.free_port()
    base, requests = f"http://127.0.0.1:{port}", make_requests(50)
    body = json.dumps(requests[0]).encode()
    script = bench_web.lua_script(
        [json.dumps(r) for r in requests], "POST", "application/json"
    )
    server = bench_web.start_server(db_path, port, refit=design)
    try:
        warm_up(base, requests)
        url = base + "/api/v1/matches"
        steady = bench_web.load(url, script, CONNECTIONS, steady_s, TIMEOUT_S)
        during, timings = during_change(url, script, changed, db_path, base, body)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        os.environ.pop(PHASES_ENV, None)
    probe = timings.pop("probe")
    return {
        "steady": steady, "during_change": during, **timings,
        "worst_vs_steady_p99": round(during["max_ms"] / steady["p99_ms"], 2),
        "slowest": slowest(probe, read_phases(phases_file), steady["p99_ms"]),
    }  # fmt: skip


def during_change(
    url: str, script: Path, changed: Path, db_path: Path, base: str, body: bytes
) -> tuple[dict[str, float], dict[str, float]]:
    """Load the API from before the import until every search is answered from it."""
    command = bench_web.wrk_command(url, script, CONNECTIONS, MAX_CHANGE_S, TIMEOUT_S)
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    probe = Probe(base, body)
    probe.start()
    time.sleep(IMPORT_AFTER_S)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bench.phases", str(changed), "--db", str(db_path)],
        cwd=bench_web.ROOT, check=True, capture_output=True,
    )  # fmt: skip
    imported = time.perf_counter()
    db = store.connect(db_path)
    version = store.directory_version(db)
    db.conn.close()
    while versions_answered(base, body) != {version}:  # every worker has it
        time.sleep(0.5)
    switched = time.perf_counter()
    time.sleep(IMPORT_AFTER_S)
    wrk.send_signal(signal.SIGINT)  # wrk stops and prints its summary
    figures = bench_web.wrk_figures(wrk.communicate(timeout=60)[0])
    return figures, {
        "import_seconds": round(imported - started, 1),
        "new_version_everywhere_after_import_s": round(switched - imported, 1),
        "probe": probe.stop(),
    }


class Probe(threading.Thread):
    """Post searches one after another; keep when each began and its latency."""

    def __init__(self, base: str, body: bytes):
        super().__init__(name="probe", daemon=True)
        self.base, self.body = base, body
        self.timings: list[tuple[float, float]] = []  # (began, ms)
        self._halt = threading.Event()

    def run(self) -> None:
        """Search until stopped."""
        while not self._halt.is_set():
            began, clock = time.time(), time.perf_counter()
            versions_answered(self.base, self.body, tries=1)
            self.timings.append((began, (time.perf_counter() - clock) * 1000))

    def stop(self) -> list[tuple[float, float]]:
        """Stop searching; return the timings."""
        self._halt.set()
        self.join(timeout=TIMEOUT_S)
        return self.timings


def read_phases(path: Path) -> list[tuple[float, float, str]]:
    """Return (start, end, "phase pid") for each phase marked in the file."""
    if not path.exists():
        return []
    open_at: dict[tuple[str, str], float] = {}
    spans = []
    for line in path.read_text().splitlines():
        at, pid, phase, event = line.split()
        if event == "start":
            open_at[(pid, phase)] = float(at)
        elif (pid, phase) in open_at:
            spans.append((open_at.pop((pid, phase)), float(at), f"{phase} {pid}"))
    return sorted(spans)


def overlapping(spans: list[tuple[float, float, str]], a: float, b: float) -> list:
    """Return the names of the spans that overlap the time from a to b."""
    return [name for start, end, name in spans if start < b and end > a]


def slowest(
    timings: list[tuple[float, float]],
    spans: list[tuple[float, float, str]],
    steady_p99: float,
) -> dict[str, Any]:
    """Place the probe's slowest searches against the phases running meanwhile."""
    origin = timings[0][0] if timings else 0.0
    worst = sorted(timings, key=lambda t: -t[1])[:SLOWEST]
    return {
        "probe_searches": len(timings),
        "over_steady_p99": sum(ms > steady_p99 for _, ms in timings),
        "phases_s": [
            [round(a - origin, 2), round(b - origin, 2), name] for a, b, name in spans
        ],
        "searches": [
            {
                "at_s": round(began - origin, 2), "ms": round(ms, 1),
                "during": overlapping(spans, began, began + ms / 1000),
            }
            for began, ms in sorted(worst)
        ],
    }  # fmt: skip


def run(
    quick: bool = False,
    designs: tuple[str, ...] = DESIGNS,
    profiles: int | None = None,
) -> dict[str, Any]:
    """Compare the designs on the same directory and the same import."""
    n = profiles or (QUICK_PROFILES if quick else PROFILES)
    steady_s = QUICK_STEADY_S if quick else STEADY_S
    source, changed = directories(n)
    figures: dict[str, Any] = {"profiles": n, "connections": CONNECTIONS}
    for design in designs:
        figures[design] = one_design(design, source, changed, steady_s)
        print(f"change under load, {design}: {json.dumps(figures[design])}")
    shutil.rmtree(source.parent, ignore_errors=True)
    return figures


def main(argv: list[str] | None = None) -> None:
    """Run the change-under-load run alone, for some designs or sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--designs",
        default=",".join(DESIGNS),
        help="comma-separated, of " + ", ".join(DESIGNS),
    )
    parser.add_argument(
        "--profiles", type=int, help=f"directory size (default {PROFILES:,})"
    )
    parser.add_argument("--quick", action="store_true", help="a short steady phase")
    parser.add_argument("--json", metavar="FILE", help="also write the figures here")
    args = parser.parse_args(argv)
    designs = tuple(d for d in args.designs.split(",") if d)
    unknown = [d for d in designs if d not in DESIGNS]
    if unknown:
        parser.error(f"unknown designs: {', '.join(unknown)}")
    figures = run(args.quick, designs, args.profiles)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
