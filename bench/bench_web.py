"""Web throughput: the match API and the results page against a trivial endpoint.

The app runs under gunicorn (2 workers) on a copy of the demo directory; wrk,
a separate process, loads it at 8 and 32 concurrent connections for each
endpoint in turn: ``POST /api/v1/matches`` (a mix of demo requests),
``POST /results`` (the same searches as form posts, with a CSRF token) and
``GET /healthz`` (reads and writes the database, no engine) as the baseline of
the same run.
Each load also records ``worker_cpu_ms``: the gunicorn workers' CPU time per
answered request, read from /proc, which stays steady when other work shares
the machine and the requests per second do not. Needs Debian's wrk:
``apt-get install wrk``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from matcher import store
from matcher.demo import make_requests
from matcher.directory.importer import import_file

ROOT = Path(__file__).resolve().parents[1]
CONNECTIONS = (8, 32)
DURATION_S = 15
QUICK_DURATION_S = 4
FORM_FIELDS = ("state", "format", "concerns", "concerns_text")
LUA = """
local bodies = {BODIES}
local i = 0
wrk.method = "{METHOD}"
wrk.headers["Content-Type"] = "{TYPE}"
{COOKIE}
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %.1f %.1f %.1f %.1f\\n",
    summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write, e.timeout, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def free_port() -> int:
    """Return a free local TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(
    db_path: Path, port: int, refit: str = "background", workers: int = 2
) -> subprocess.Popen:
    """Start gunicorn (MATCHER_REFIT=refit); wait until every worker has booted."""
    booted = Path(tempfile.mkdtemp(prefix="bench-web-booted-"))
    env = {
        **os.environ, "MATCHER_DB": str(db_path), "MATCHER_SECRET_KEY": "bench",
        "MATCHER_REFIT": refit, "BENCH_BOOTED_DIR": str(booted),
    }  # fmt: skip
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
        f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "300",
        "-c", "python:bench.gunicorn_hooks", "web:create_app()",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            if len(list(booted.iterdir())) >= workers:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def warm_up(base: str, requests: list[dict[str, Any]]) -> None:
    """Make every worker fit the engine before measuring."""
    for request in requests[:20]:
        post = urllib.request.Request(
            base + "/api/v1/matches",
            data=json.dumps(request).encode(),
            headers={"Content-Type": "application/json"},
        )
        urllib.request.urlopen(post, timeout=30).read()


def form_session(base: str) -> tuple[str, str]:
    """Open the form once; return its CSRF token and the session cookie."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/", timeout=10).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("no CSRF token on the form page")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return token.group(1), cookie


def form_body(request: dict[str, Any], token: str) -> str:
    """Encode a request's simple fields as the client form posts them."""
    pairs = [("csrf_token", token)]
    for name in FORM_FIELDS:
        value = request.get(name)
        if isinstance(value, dict):
            value = value.get("value")
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                pairs.append((name, str(item)))
    return urllib.parse.urlencode(pairs)


def lua_script(bodies: list[str], method: str, kind: str, cookie: str = "") -> Path:
    """Write a wrk script that cycles through the bodies and reports p50/p95."""
    quoted = ", ".join(json.dumps(b) for b in bodies) or '""'
    header = f'wrk.headers["Cookie"] = {json.dumps(cookie)}' if cookie else ""
    text = (
        LUA.replace("{BODIES}", "{" + quoted + "}")
        .replace("{METHOD}", method)
        .replace("{TYPE}", kind)
        .replace("{COOKIE}", header)
    )
    path = Path(tempfile.mkstemp(suffix=".lua")[1])
    path.write_text(text, encoding="utf-8")
    return path


def wrk_command(
    url: str, script: Path, connections: int, duration: int, timeout_s: int = 2
) -> list[str]:
    """Return the wrk command line (a request slower than timeout_s: an error)."""
    threads = min(2, connections)
    return [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s",
        f"--timeout={timeout_s}s", "-s", str(script), url,
    ]  # fmt: skip


def wrk_figures(out: str) -> dict[str, float]:
    """Read the summary line the wrk script prints.

    ``errors`` counts every failed request: ``status_errors`` (an answer other
    than 2xx or 3xx), ``socket_errors`` (connect, read or write) and
    ``timeouts`` (no answer within wrk's timeout).
    """
    numbers = r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) " + r"([\d.]+) " * 3 + r"([\d.]+)"
    found = re.search(numbers, out).groups()
    requests, micros, status, sockets, timeouts = (int(n) for n in found[:5])
    latencies = found[5:]
    p50, p95, p99, worst = (round(float(us) / 1000, 2) for us in latencies)
    return {
        "requests_per_second": round(requests / (micros / 1e6), 1),
        "p50_ms": p50, "p95_ms": p95, "p99_ms": p99, "max_ms": worst,
        "errors": status + sockets + timeouts, "status_errors": status,
        "socket_errors": sockets, "timeouts": timeouts,
    }  # fmt: skip


def load(
    url: str, script: Path, connections: int, duration: int, timeout_s: int = 2
) -> dict[str, float]:
    """Run wrk once and read its summary line."""
    command = wrk_command(url, script, connections, duration, timeout_s)
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return wrk_figures(out.stdout)


def workers_cpu_s(master: int) -> float:
    """Return the CPU seconds (user and system) the server's workers have used.

    Read from Linux's /proc: every process whose parent is the gunicorn master.
    """
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[1]) == master:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def load_with_cpu(
    url: str, script: Path, connections: int, duration: int, master: int
) -> dict[str, float]:
    """Run wrk once; add the workers' CPU per answered request, in ms.

    Unlike requests per second, the CPU a request costs the workers hardly
    moves when other work shares the cores, so a change's effect shows in it
    even on a busy machine.
    """
    used = workers_cpu_s(master)
    figures = load(url, script, connections, duration)
    answered = figures["requests_per_second"] * duration
    cpu_ms = (workers_cpu_s(master) - used) * 1000
    figures["worker_cpu_ms"] = round(cpu_ms / answered, 3) if answered else None
    return figures


def demo_db() -> Path:
    """Copy the demo directory into a fresh database file."""
    path = Path(tempfile.mkdtemp(prefix="bench-web-")) / "demo.db"
    report = import_file(store.connect(path), ROOT / "data" / "demo" / "therapists.csv")
    if not report.ok:
        raise RuntimeError(report.message)
    return path


def run(quick: bool = False) -> dict[str, Any]:
    """Measure each endpoint against /healthz, then searches during a change."""
    figures = throughput(quick)
    from . import web_change  # it uses this module's server and wrk helpers

    figures["change_under_load"] = web_change.run(quick)
    return figures


def throughput(quick: bool = False) -> dict[str, Any]:
    """Measure each endpoint at each concurrency against /healthz."""
    if shutil.which("wrk") is None:
        raise SystemExit("bench web needs wrk: apt-get install wrk")
    port, duration = free_port(), QUICK_DURATION_S if quick else DURATION_S
    requests = make_requests(50)
    server = start_server(demo_db(), port)
    base = f"http://127.0.0.1:{port}"
    try:
        warm_up(base, requests)
        token, cookie = form_session(base)
        endpoints = {
            "healthz": (base + "/healthz", lua_script([""], "GET", "text/plain")),
            "api_matches": (
                base + "/api/v1/matches",
                lua_script(
                    [json.dumps(r) for r in requests], "POST", "application/json"
                ),
            ),
            "results_page": (
                base + "/results",
                lua_script(
                    [form_body(r, token) for r in requests],
                    "POST",
                    "application/x-www-form-urlencoded",
                    cookie,
                ),  # fmt: skip
            ),
        }
        figures: dict[str, Any] = {}
        for connections in CONNECTIONS:
            row = {name: load_with_cpu(url, script, connections, duration, server.pid)
                   for name, (url, script) in endpoints.items()}  # fmt: skip
            trivial = row["healthz"]["requests_per_second"]
            for name in ("api_matches", "results_page"):
                row[name]["share_of_trivial"] = round(
                    row[name]["requests_per_second"] / trivial, 3
                )
            figures[f"connections_{connections}"] = row
            print(f"{connections} connections: {json.dumps(row)}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return figures


def main() -> None:
    """Rerun the throughput part only, keeping the last change-under-load run.

    ``python -m bench.bench_web``: for a change to the per-request cost, whose
    change-under-load run (50,000 profiles, many minutes) it does not touch.
    """
    from .__main__ import RESULTS, machine

    path = RESULTS / "web.json"
    record = json.loads(path.read_text()) if path.exists() else {"figures": {}}
    kept = record["figures"].get("change_under_load")
    started = time.time()
    figures = throughput()
    if kept is not None:
        figures["change_under_load"] = kept
        # When it ran: the run that made it, not the throughput runs since.
        figures["change_under_load_ran_at"] = record["figures"].get(
            "change_under_load_ran_at", record["ran_at"]
        )
    record.update(
        benchmark="web", quick=False, machine=machine(), figures=figures,
        ran_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        seconds=round(time.time() - started, 1),
    )  # fmt: skip
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
